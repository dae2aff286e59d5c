//! Entity types and the BILOU label set the tagger predicts.
//!
//! BILOU (rather than BIO) lets the model learn separate weights for the
//! first, inside, last and single-token positions, which helps short names.

/// The coarse entity types the model predicts (UNER's PER/ORG/LOC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntType {
    Per,
    Org,
    Loc,
}

impl EntType {
    pub const ALL: [EntType; 3] = [EntType::Per, EntType::Org, EntType::Loc];

    /// UNER tag name.
    pub fn tag(self) -> &'static str {
        match self {
            EntType::Per => "PER",
            EntType::Org => "ORG",
            EntType::Loc => "LOC",
        }
    }

    /// Parse a UNER/CoNLL tag name (PER, ORG, LOC; GPE counts as LOC).
    pub fn from_tag(s: &str) -> Option<EntType> {
        match s {
            "PER" | "PERSON" => Some(EntType::Per),
            "ORG" | "ORGANIZATION" => Some(EntType::Org),
            "LOC" | "GPE" | "LOCATION" => Some(EntType::Loc),
            _ => None,
        }
    }

    fn index(self) -> usize {
        match self {
            EntType::Per => 0,
            EntType::Org => 1,
            EntType::Loc => 2,
        }
    }
}

/// A typed span over token indices, `start..end` (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntType,
}

/// Extend span `k` to end at `end`, unless another span lies in the tokens
/// it would take in (the tagger's own reading there stays). The rules that
/// take in a word after a name ([`crate::legal`], [`crate::article`]) share it.
pub fn extend_end(spans: &mut [Span], k: usize, end: usize) {
    let Some(s) = spans.get(k).copied() else {
        return;
    };
    if end > s.end && !spans.iter().any(|o| o.start < end && o.end > s.end) {
        spans[k].end = end;
    }
}

/// Number of labels: O plus B, I, L, U for each type.
pub const N_LABELS: usize = 13;
pub const O: u8 = 0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    B,
    I,
    L,
    U,
}

/// Label id of a position and type.
pub fn label(pos: Pos, t: EntType) -> u8 {
    let p = match pos {
        Pos::B => 0,
        Pos::I => 1,
        Pos::L => 2,
        Pos::U => 3,
    };
    (1 + t.index() * 4 + p) as u8
}

/// Split a label id into position and type (`None` for O or out of range).
pub fn split(l: u8) -> Option<(Pos, EntType)> {
    if l == O || l as usize >= N_LABELS {
        return None;
    }
    let k = (l - 1) as usize;
    let t = EntType::ALL[k / 4];
    let p = [Pos::B, Pos::I, Pos::L, Pos::U][k % 4];
    Some((p, t))
}

/// Short printable name, used in feature strings and debugging.
pub fn name(l: u8) -> &'static str {
    const NAMES: [&str; N_LABELS] = [
        "O", "B-PER", "I-PER", "L-PER", "U-PER", "B-ORG", "I-ORG", "L-ORG", "U-ORG", "B-LOC",
        "I-LOC", "L-LOC", "U-LOC",
    ];
    NAMES.get(l as usize).copied().unwrap_or("O")
}

/// May label `next` follow label `prev` in a well-formed BILOU sequence?
pub fn allowed(prev: u8, next: u8) -> bool {
    let open = matches!(split(prev), Some((Pos::B | Pos::I, _)));
    match (split(prev), split(next)) {
        (Some((Pos::B | Pos::I, t)), Some((Pos::I | Pos::L, u))) => t == u,
        (_, Some((Pos::I | Pos::L, _))) => false,
        _ => !open,
    }
}

/// Can the sequence end after `l`?
pub fn can_end(l: u8) -> bool {
    !matches!(split(l), Some((Pos::B | Pos::I, _)))
}

/// BILOU labels for `n` tokens from non-overlapping spans (overlaps: first wins).
pub fn encode(n: usize, spans: &[Span]) -> Vec<u8> {
    let mut out = vec![O; n];
    for s in spans {
        if s.start >= s.end || s.end > n || out[s.start..s.end].iter().any(|&l| l != O) {
            continue;
        }
        if s.end - s.start == 1 {
            out[s.start] = label(Pos::U, s.kind);
        } else {
            out[s.start] = label(Pos::B, s.kind);
            for l in &mut out[s.start + 1..s.end - 1] {
                *l = label(Pos::I, s.kind);
            }
            out[s.end - 1] = label(Pos::L, s.kind);
        }
    }
    out
}

/// Spans from BILOU labels. Tolerant of ill-formed input: an unclosed B/I run
/// ends at the type change or the sequence end.
pub fn decode(labels: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntType)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let cur = split(l);
        if let Some((s, t)) = open {
            let continues = matches!(cur, Some((Pos::I | Pos::L, u)) if u == t);
            if !continues {
                out.push(Span {
                    start: s,
                    end: i,
                    kind: t,
                });
                open = None;
            }
        }
        match cur {
            Some((Pos::U, t)) => out.push(Span {
                start: i,
                end: i + 1,
                kind: t,
            }),
            Some((Pos::B, t)) => open = Some((i, t)),
            Some((Pos::I, t)) if open.is_none() => open = Some((i, t)),
            Some((Pos::L, t)) => match open.take() {
                Some((s, _)) => out.push(Span {
                    start: s,
                    end: i + 1,
                    kind: t,
                }),
                None => out.push(Span {
                    start: i,
                    end: i + 1,
                    kind: t,
                }),
            },
            _ => {}
        }
    }
    if let Some((s, t)) = open {
        out.push(Span {
            start: s,
            end: labels.len(),
            kind: t,
        });
    }
    out
}

/// BIO strings (`B-PER`, `I-ORG`, `O`) for spans over `n` tokens.
pub fn to_bio(n: usize, spans: &[Span]) -> Vec<String> {
    let mut out = vec!["O".to_string(); n];
    for s in spans {
        let end = s.end.min(n);
        for (i, o) in out.iter_mut().enumerate().take(end).skip(s.start) {
            let p = if i == s.start { "B" } else { "I" };
            *o = format!("{p}-{}", s.kind.tag());
        }
    }
    out
}

/// Spans from BIO(IOB2) strings; an `I-` without a matching open span starts one.
pub fn from_bio<S: AsRef<str>>(tags: &[S]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntType)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (p, t) = match tag.split_once('-') {
            Some((p, t)) => (p, EntType::from_tag(t)),
            None => ("O", None),
        };
        let cont = p == "I" && t.is_some() && open.map(|o| Some(o.1)) == Some(t);
        if !cont {
            if let Some((s, k)) = open.take() {
                out.push(Span {
                    start: s,
                    end: i,
                    kind: k,
                });
            }
            if let Some(t) = t {
                if p == "B" || p == "I" {
                    open = Some((i, t));
                }
            }
        }
    }
    if let Some((s, k)) = open {
        out.push(Span {
            start: s,
            end: tags.len(),
            kind: k,
        });
    }
    out
}

/// A span, shorthand for the unit tests of the span rules.
#[cfg(test)]
pub(crate) fn sp(start: usize, end: usize, kind: EntType) -> Span {
    Span { start, end, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trip() {
        let spans = vec![
            sp(0, 2, EntType::Per),
            sp(3, 4, EntType::Loc),
            sp(5, 8, EntType::Org),
        ];
        let l = encode(9, &spans);
        assert_eq!(name(l[0]), "B-PER");
        assert_eq!(name(l[1]), "L-PER");
        assert_eq!(name(l[3]), "U-LOC");
        assert_eq!(name(l[6]), "I-ORG");
        assert_eq!(decode(&l), spans);
    }

    #[test]
    fn bio_round_trip_and_stray_inside() {
        let spans = vec![sp(1, 3, EntType::Org), sp(3, 4, EntType::Org)];
        let bio = to_bio(5, &spans);
        assert_eq!(bio, ["O", "B-ORG", "I-ORG", "B-ORG", "O"]);
        assert_eq!(from_bio(&bio), spans);
        assert_eq!(
            from_bio(&["I-PER", "I-PER", "O"]),
            vec![sp(0, 2, EntType::Per)]
        );
    }

    #[test]
    fn transitions() {
        let b = label(Pos::B, EntType::Per);
        assert!(allowed(b, label(Pos::L, EntType::Per)));
        assert!(!allowed(b, label(Pos::L, EntType::Org)));
        assert!(!allowed(b, O));
        assert!(!allowed(O, label(Pos::I, EntType::Per)));
        assert!(allowed(O, label(Pos::U, EntType::Loc)));
        assert!(!can_end(b));
    }
}
