//! Scoring predicted attributions against gold: exact span match and token
//! overlap, per role (source, cue, content).
//!
//! Spans are compared after a normalisation that only undoes brat's layout:
//! pieces separated by nothing but whitespace (brat splits spans at line
//! breaks) are merged, and whitespace at piece edges is trimmed. A content
//! with several pieces matches only when every piece matches.

use std::collections::HashMap;
use std::fmt;

use backchannel_core::Attribution;

pub use backchannel_eval::Prf;

/// Scores over a set of documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub docs: usize,
    /// Exact span match, per role.
    pub source: Prf,
    pub cue: Prf,
    pub content: Prf,
    /// Token overlap, per role.
    pub source_tok: Prf,
    pub cue_tok: Prf,
    pub content_tok: Prf,
}

impl Report {
    /// Add one document's gold and predicted attributions (offsets into `text`).
    pub fn add_doc(&mut self, text: &str, gold: &[Attribution], pred: &[Attribution]) {
        self.docs += 1;
        let chars: Vec<char> = text.chars().collect();
        let toks = word_tokens(&chars);
        for role in [Role::Source, Role::Cue, Role::Content] {
            let g: Vec<Vec<(usize, usize)>> = gold
                .iter()
                .filter_map(|a| role.spans(a))
                .map(|s| normalise(&chars, s))
                .filter(|s| !s.is_empty())
                .collect();
            let p: Vec<Vec<(usize, usize)>> = pred
                .iter()
                .filter_map(|a| role.spans(a))
                .map(|s| normalise(&chars, s))
                .filter(|s| !s.is_empty())
                .collect();
            let exact = exact_match(&g, &p);
            let tok = token_overlap(&toks, &g, &p);
            let (e, t) = match role {
                Role::Source => (&mut self.source, &mut self.source_tok),
                Role::Cue => (&mut self.cue, &mut self.cue_tok),
                Role::Content => (&mut self.content, &mut self.content_tok),
            };
            e.add(exact);
            t.add(tok);
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "docs: {}", self.docs)?;
        writeln!(
            f,
            "{:<8} {:>22} {:>22}",
            "role", "exact P/R/F1", "token P/R/F1"
        )?;
        for (name, e, t) in [
            ("source", self.source, self.source_tok),
            ("cue", self.cue, self.cue_tok),
            ("content", self.content, self.content_tok),
        ] {
            writeln!(
                f,
                "{name:<8} {:>6.2} {:>6.2} {:>6.2}   {:>6.2} {:>6.2} {:>6.2}   (exact tp {} fp {} fn {})",
                100.0 * e.precision(),
                100.0 * e.recall(),
                100.0 * e.f1(),
                100.0 * t.precision(),
                100.0 * t.recall(),
                100.0 * t.f1(),
                e.tp,
                e.fp,
                e.fn_
            )?;
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Role {
    Source,
    Cue,
    Content,
}

impl Role {
    fn spans(self, a: &Attribution) -> Option<Vec<(usize, usize)>> {
        match self {
            Role::Source => a.source.as_ref().map(|s| vec![(s.start, s.end)]),
            Role::Cue => Some(vec![(a.cue.start, a.cue.end)]),
            Role::Content => {
                if a.content.is_empty() {
                    None
                } else {
                    Some(a.content.iter().map(|p| (p.start, p.end)).collect())
                }
            }
        }
    }
}

/// Sort pieces, trim whitespace at their edges, merge pieces that touch or are
/// separated only by whitespace (what exact matching compares).
pub fn normalise(chars: &[char], mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let n = chars.len();
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        let (mut a, mut b) = (a.min(n), b.min(n));
        while a < b && chars[a].is_whitespace() {
            a += 1;
        }
        while b > a && chars[b - 1].is_whitespace() {
            b -= 1;
        }
        if a == b {
            continue;
        }
        if let Some(last) = out.last_mut() {
            if last.1 >= a || chars[last.1..a].iter().all(|c| c.is_whitespace()) {
                last.1 = last.1.max(b);
                continue;
            }
        }
        out.push((a, b));
    }
    out
}

fn exact_match(gold: &[Vec<(usize, usize)>], pred: &[Vec<(usize, usize)>]) -> Prf {
    let mut bag: HashMap<&Vec<(usize, usize)>, usize> = HashMap::new();
    for g in gold {
        *bag.entry(g).or_default() += 1;
    }
    let mut tp = 0;
    for p in pred {
        if let Some(c) = bag.get_mut(p) {
            if *c > 0 {
                *c -= 1;
                tp += 1;
            }
        }
    }
    Prf {
        tp,
        fp: pred.len() - tp,
        fn_: gold.len() - tp,
    }
}

/// Word tokens for overlap scoring: runs of letters/digits, or one other
/// non-space char. Independent of the pipeline's tokenizer on purpose, so
/// scores do not move when the tokenizer changes.
fn word_tokens(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() {
            let s = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            out.push((s, i));
        } else {
            out.push((i, i + 1));
            i += 1;
        }
    }
    out
}

fn token_overlap(
    toks: &[(usize, usize)],
    gold: &[Vec<(usize, usize)>],
    pred: &[Vec<(usize, usize)>],
) -> Prf {
    let mark = |spans: &[Vec<(usize, usize)>]| {
        let mut m = vec![false; toks.len()];
        for s in spans.iter().flatten() {
            let a = toks.partition_point(|t| t.1 <= s.0);
            let b = toks.partition_point(|t| t.0 < s.1);
            for x in m.iter_mut().take(b).skip(a) {
                *x = true;
            }
        }
        m
    };
    let (g, p) = (mark(gold), mark(pred));
    let mut r = Prf::default();
    for (a, b) in g.iter().zip(&p) {
        match (a, b) {
            (true, true) => r.tp += 1,
            (false, true) => r.fp += 1,
            (true, false) => r.fn_ += 1,
            _ => {}
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::attribution_at as att;

    //                    0         1         2         3         4
    //                    0123456789012345678901234567890123456789012345
    const TEXT: &str = "Kerry said the deal works and\nthat Iran agreed.";

    #[test]
    fn exact_match_counts_and_f1() {
        let gold = [att(Some((0, 5)), (6, 10), &[(11, 29), (30, 46)])];
        // Source right, cue right, content has the right extent but one
        // piece only: brat's newline split is undone, so it matches.
        let pred = [att(Some((0, 5)), (6, 10), &[(11, 46)])];
        let mut r = Report::default();
        r.add_doc(TEXT, &gold, &pred);
        assert_eq!(
            r.source,
            Prf {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(
            r.content,
            Prf {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        // A content that stops early is wrong for exact match but mostly
        // right for token overlap.
        let pred2 = [att(None, (6, 10), &[(11, 29)])];
        let mut r2 = Report::default();
        r2.add_doc(TEXT, &gold, &pred2);
        assert_eq!(
            r2.source,
            Prf {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            r2.content,
            Prf {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        // gold content tokens: "the deal works and" + "that Iran agreed" = 7; predicted 4.
        assert_eq!(
            r2.content_tok,
            Prf {
                tp: 4,
                fp: 0,
                fn_: 3
            }
        );
        // P = 1, R = 4/7, F1 = 8/11.
        assert!((r2.content_tok.f1() - 8.0 / 11.0).abs() < 1e-9);
        assert_eq!(r2.source.f1(), 0.0);
    }

    #[test]
    fn discontinuous_content_needs_every_piece() {
        let t = "“A,” he said, “B.”";
        let gold = [att(Some((5, 7)), (8, 12), &[(1, 2), (15, 16)])];
        let pred = [att(Some((5, 7)), (8, 12), &[(1, 2)])];
        let mut r = Report::default();
        r.add_doc(t, &gold, &pred);
        assert_eq!(
            r.content,
            Prf {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(r.cue.f1(), 1.0);
    }
}
