//! brat standoff I/O in the PolNeAR layout.
//!
//! PolNeAR stores each attribution as text-bound `T` lines (`Source`, `Cue`,
//! `Content`, plus an `Attribution` trigger on the cue span) joined by one `E`
//! line. Discontinuous spans are written `start end;start end`. Offsets are
//! char offsets into the `.txt`. Spans never contain a newline in brat, so a
//! span that crosses one is split into pieces (which is also how the gold
//! files come).

use std::collections::HashMap;
use std::fmt::Write as _;

use backchannel_core::{Attribution, CharIndex, Cue, Document, Piece, Source};

/// A text-bound annotation: its type and its pieces (char offsets).
#[derive(Debug, Clone)]
struct TLine {
    kind: String,
    spans: Vec<(usize, usize)>,
}

/// Parse a brat `.ann` into attributions with char offsets into `text`.
///
/// Lines that are not `T`/`E` records (notes, the continuation lines brat
/// leaves when a span's text contains a newline) are skipped. Attributions
/// without a cue are dropped (the record requires one). Source kind, form and
/// stance are not in brat, so they come back as `none` / empty defaults.
pub fn parse_ann(ann: &str, text: &str) -> Result<Vec<Attribution>, String> {
    let idx = CharIndex::new(text);
    let nchars = idx.len_chars();
    let mut tlines: HashMap<&str, TLine> = HashMap::new();
    let mut events: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for (lineno, line) in ann.lines().enumerate() {
        let mut cols = line.split('\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        let is_rec = |p: char| id.starts_with(p) && id[1..].chars().all(|c| c.is_ascii_digit());
        if is_rec('T') && id.len() > 1 {
            let (kind, spans) = body
                .split_once(' ')
                .ok_or_else(|| format!("line {}: T line without spans", lineno + 1))?;
            let mut pieces = Vec::new();
            for s in spans.split(';') {
                let mut it = s.split_whitespace();
                let a = it.next().and_then(|x| x.parse::<usize>().ok());
                let b = it.next().and_then(|x| x.parse::<usize>().ok());
                match (a, b) {
                    (Some(a), Some(b)) if a <= b && b <= nchars => pieces.push((a, b)),
                    _ => return Err(format!("line {}: bad span {s:?}", lineno + 1)),
                }
            }
            tlines.insert(
                id,
                TLine {
                    kind: kind.to_string(),
                    spans: pieces,
                },
            );
        } else if is_rec('E') && id.len() > 1 {
            let args = body
                .split_whitespace()
                .filter_map(|a| a.split_once(':'))
                .collect();
            events.push((id, args));
        }
    }
    let mut out = Vec::new();
    for (_, args) in events {
        let role = |name: &str| {
            args.iter()
                .find(|(r, _)| *r == name)
                .and_then(|(_, t)| tlines.get(t))
                .filter(|t| t.kind == name)
        };
        let Some(cue) = role("Cue") else { continue };
        let (cs, ce) = hull(&cue.spans);
        let source = role("Source").map(|s| {
            let (a, b) = hull(&s.spans);
            Source {
                start: a,
                end: b,
                text: slice(text, &idx, a, b),
                entity: None,
                kind: "none".to_string(),
            }
        });
        let content: Vec<Piece> = role("Content")
            .map(|c| {
                c.spans
                    .iter()
                    .map(|&(start, end)| Piece { start, end })
                    .collect()
            })
            .unwrap_or_default();
        out.push(Attribution {
            id: format!("A{}", out.len() + 1),
            source,
            cue: Cue {
                start: cs,
                end: ce,
                text: slice(text, &idx, cs, ce),
            },
            content,
            form: String::new(),
            stance: "assert".to_string(),
            via: None,
            anonymity_reason: None,
        });
    }
    out.sort_by_key(|a| (a.cue.start, a.cue.end));
    for (i, a) in out.iter_mut().enumerate() {
        a.id = format!("A{}", i + 1);
    }
    Ok(out)
}

fn hull(spans: &[(usize, usize)]) -> (usize, usize) {
    let a = spans.iter().map(|s| s.0).min().unwrap_or(0);
    let b = spans.iter().map(|s| s.1).max().unwrap_or(a);
    (a, b)
}

fn slice(text: &str, idx: &CharIndex, a: usize, b: usize) -> String {
    text.get(idx.to_byte(a)..idx.to_byte(b))
        .unwrap_or("")
        .to_string()
}

/// Write a document's attributions as brat standoff in the PolNeAR layout,
/// with offsets into `doc.text` (no mapping).
pub fn write_ann(doc: &Document) -> String {
    write_with(doc, &|a, b| (a, b), None)
}

/// Write a document's attributions as brat standoff with offsets mapped to
/// the original input through `doc.offset_map`, so that the file lines up
/// with a gold `.ann` for the same `.txt`. `original` is the input text used
/// for the T-line text column; pass `None` to take it from the clean text.
pub fn to_brat_with(doc: &Document, original: Option<&str>) -> String {
    let map = &doc.offset_map;
    if map.pieces().is_empty() {
        return write_ann(doc);
    }
    write_with(doc, &|a, b| map.span_to_original(a, b), original)
}

fn write_with(
    doc: &Document,
    map: &dyn Fn(usize, usize) -> (usize, usize),
    original: Option<&str>,
) -> String {
    let clean_idx = doc.char_index();
    let out_idx = original.map(CharIndex::new);
    let mut s = String::new();
    let mut t = 0usize;
    let mut line = |s: &mut String, kind: &str, spans: &[(usize, usize)]| -> usize {
        t += 1;
        let mut clean = Vec::new();
        for &(a, b) in spans {
            clean.extend(split_at_newlines(doc, &clean_idx, a, b));
        }
        if clean.is_empty() {
            clean.push((spans[0].0, spans[0].0));
        }
        let mapped: Vec<(usize, usize)> = clean.iter().map(|&(a, b)| map(a, b)).collect();
        let offs: Vec<String> = mapped.iter().map(|(a, b)| format!("{a} {b}")).collect();
        // The text column: from the original input when given, else the clean text.
        let texts: Vec<String> = match (original, &out_idx) {
            (Some(o), Some(oi)) => mapped.iter().map(|&(a, b)| slice(o, oi, a, b)).collect(),
            _ => clean
                .iter()
                .map(|&(a, b)| slice(&doc.text, &clean_idx, a, b))
                .collect(),
        };
        let texts: Vec<String> = texts.iter().map(|t| t.replace(['\n', '\r'], " ")).collect();
        let _ = writeln!(s, "T{t}\t{kind} {}\t{}", offs.join(";"), texts.join(" "));
        t
    };
    for (k, a) in doc.attributions.iter().enumerate() {
        let src = a
            .source
            .as_ref()
            .map(|x| line(&mut s, "Source", &[(x.start, x.end)]));
        let cue = line(&mut s, "Cue", &[(a.cue.start, a.cue.end)]);
        let pieces: Vec<(usize, usize)> = a.content.iter().map(|p| (p.start, p.end)).collect();
        let con = if pieces.is_empty() {
            None
        } else {
            Some(line(&mut s, "Content", &pieces))
        };
        let kind = if src.is_some() {
            "Attribution"
        } else {
            "Attribution-no-source"
        };
        let trig = line(&mut s, kind, &[(a.cue.start, a.cue.end)]);
        let _ = write!(s, "E{}\t{kind}:T{trig}", k + 1);
        if let Some(c) = con {
            let _ = write!(s, " Content:T{c}");
        }
        let _ = write!(s, " Cue:T{cue}");
        if let Some(x) = src {
            let _ = write!(s, " Source:T{x}");
        }
        s.push('\n');
    }
    s
}

/// Split a clean-text span at line breaks and trim whitespace from each part.
fn split_at_newlines(doc: &Document, idx: &CharIndex, a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = a;
    let text = doc.slice(idx, a, b);
    for (pos, c) in (a..).zip(text.chars()) {
        if c == '\n' || c == '\r' {
            push_trimmed(doc, idx, start, pos, &mut out);
            start = pos + 1;
        }
    }
    push_trimmed(doc, idx, start, b, &mut out);
    out
}

fn push_trimmed(
    doc: &Document,
    idx: &CharIndex,
    a: usize,
    b: usize,
    out: &mut Vec<(usize, usize)>,
) {
    let t = doc.slice(idx, a, b);
    let lead = t.chars().take_while(|c| c.is_whitespace()).count();
    let trail = t.chars().rev().take_while(|c| c.is_whitespace()).count();
    let n = t.chars().count();
    if lead < n {
        out.push((a + lead, b - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backchannel_core::DocMeta;

    const TEXT: &str = "“We will win,” O’Malley said. Officials\nsay it failed.";

    fn doc_with(ann: &str) -> Document {
        let mut doc = Document::from_plain(TEXT.to_string(), DocMeta::default());
        doc.attributions = parse_ann(ann, TEXT).unwrap();
        doc
    }

    #[test]
    fn parses_discontinuous_content_and_no_source() {
        let ann = "T1\tContent 1 12\tWe will win\nT2\tSource 15 23\tO’Malley\nT3\tCue 24 28\tsaid\n\
                   T4\tAttribution 24 28\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n\
                   T5\tCue 40 43\tsay\nT6\tContent 30 39;41 53\tOfficials it failed\n\
                   T7\tAttribution-no-source 40 43\tsay\nE2\tAttribution-no-source:T7 Cue:T5 Content:T6\n\
                   #1\tAnnotatorNotes T1\tnote\ncontinuation line of a multi-line span\n";
        let doc = doc_with(ann);
        let a = &doc.attributions;
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].cue.text, "said");
        assert_eq!(a[0].source.as_ref().unwrap().text, "O’Malley");
        assert_eq!(a[0].content, vec![Piece { start: 1, end: 12 }]);
        assert!(a[1].source.is_none());
        assert_eq!(a[1].content.len(), 2);
    }

    #[test]
    fn write_then_parse_round_trips() {
        let ann =
            "T1\tContent 1 12\tWe will win\nT2\tSource 15 23\tO’Malley\nT3\tCue 24 28\tsaid\n\
                   T4\tAttribution 24 28\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n";
        let doc = doc_with(ann);
        let written = write_ann(&doc);
        assert!(
            written.contains("T1\tSource 15 23\tO’Malley\n"),
            "{written}"
        );
        assert!(
            written.contains("E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1"),
            "{written}"
        );
        let back = parse_ann(&written, TEXT).unwrap();
        assert_eq!(back, doc.attributions);
    }

    #[test]
    fn spans_crossing_a_newline_are_split() {
        let mut doc = Document::from_plain(TEXT.to_string(), DocMeta::default());
        doc.attributions = parse_ann(
            "T1\tCue 40 43\tsay\nT2\tContent 30 53\tx\nE1\tAttribution-no-source:T3 Cue:T1 Content:T2\n",
            TEXT,
        )
        .unwrap();
        let w = write_ann(&doc);
        assert!(
            w.contains("Content 30 39;40 53\tOfficials say it failed"),
            "{w}"
        );
    }

    #[test]
    fn to_brat_maps_offsets_to_the_original_input() {
        // original: "PROMO\n\nKerry  said it." ; clean: "Kerry said it."
        let original = "PROMO\n\nKerry  said it.";
        let mut map = backchannel_core::OffsetMap::default();
        map.push(0, 7, 6); // "Kerry "
        map.push(6, 14, 8); // "said it." (one of the two spaces dropped)
        let mut doc = Document::new("Kerry said it.".into(), DocMeta::default(), map);
        doc.attributions = parse_ann(
            "T1\tSource 0 5\tKerry\nT2\tCue 6 10\tsaid\nT3\tContent 11 13\tit\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
            &doc.text,
        )
        .unwrap();
        let out = crate::to_brat(&doc);
        assert!(out.contains("Source 7 12\tKerry"), "{out}");
        assert!(out.contains("Cue 14 18\tsaid"), "{out}");
        let back = parse_ann(&out, original).unwrap();
        assert_eq!(back[0].cue.text, "said");
        assert_eq!(back[0].source.as_ref().unwrap().text, "Kerry");
        let with_orig = to_brat_with(&doc, Some(original));
        assert!(with_orig.contains("Content 19 21\tit"), "{with_orig}");
    }

    #[test]
    fn bad_offsets_are_errors_not_panics() {
        assert!(parse_ann("T1\tCue 5 999\tx\n", TEXT).is_err());
        assert!(parse_ann("T1\tCue 9 5\tx\n", TEXT).is_err());
        assert!(parse_ann("T1\tCue\tx\n", TEXT).is_err());
        assert!(parse_ann("E1\tAttribution:T9 Cue:T8\n", TEXT)
            .unwrap()
            .is_empty());
    }
}
