//! Entity-level scoring: a predicted entity counts only if its span and type
//! both match a gold entity exactly (the CoNLL/UNER convention).

use std::collections::BTreeMap;
use std::fmt;

use crate::labels::{from_bio, Span};

pub use backchannel_eval::Prf;

/// Per-type and micro-averaged scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub per_type: BTreeMap<String, Prf>,
    pub micro: Prf,
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |f: &mut fmt::Formatter<'_>, name: &str, s: &Prf| {
            writeln!(
                f,
                "{name:<6} P {:6.2}  R {:6.2}  F1 {:6.2}  (tp {} fp {} fn {})",
                100.0 * s.precision(),
                100.0 * s.recall(),
                100.0 * s.f1(),
                s.tp,
                s.fp,
                s.fn_
            )
        };
        for (k, s) in &self.per_type {
            line(f, k, s)?;
        }
        line(f, "micro", &self.micro)
    }
}

/// Score predicted spans against gold spans, sentence by sentence.
/// Sentences beyond the shorter list count as having no entities.
pub fn evaluate(gold: &[Vec<Span>], pred: &[Vec<Span>]) -> Scores {
    let mut s = Scores::default();
    let n = gold.len().max(pred.len());
    let empty = Vec::new();
    for i in 0..n {
        let g = gold.get(i).unwrap_or(&empty);
        let p = pred.get(i).unwrap_or(&empty);
        for x in p {
            let e = s.per_type.entry(x.kind.tag().to_string()).or_default();
            if g.contains(x) {
                e.tp += 1;
                s.micro.tp += 1;
            } else {
                e.fp += 1;
                s.micro.fp += 1;
            }
        }
        for x in g {
            if !p.contains(x) {
                s.per_type.entry(x.kind.tag().to_string()).or_default().fn_ += 1;
                s.micro.fn_ += 1;
            }
        }
    }
    s
}

/// [`evaluate`] over BIO tag sequences (`B-PER`, `I-PER`, `O`, …).
pub fn evaluate_bio<S: AsRef<str>>(gold: &[Vec<S>], pred: &[Vec<S>]) -> Scores {
    let g: Vec<Vec<Span>> = gold.iter().map(|t| from_bio(t)).collect();
    let p: Vec<Vec<Span>> = pred.iter().map(|t| from_bio(t)).collect();
    evaluate(&g, &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_span_and_type() {
        let gold = vec![vec!["B-PER", "I-PER", "O", "B-LOC"], vec!["B-ORG", "O"]];
        let pred = vec![vec!["B-PER", "O", "O", "B-ORG"], vec!["B-ORG", "O"]];
        let s = evaluate_bio(&gold, &pred);
        assert_eq!(
            s.micro,
            Prf {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
        assert_eq!(
            s.per_type["ORG"],
            Prf {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            s.per_type["PER"],
            Prf {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            s.per_type["LOC"],
            Prf {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert!((s.micro.precision() - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.micro.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.micro.f1() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn perfect_and_empty() {
        let gold = vec![vec!["B-LOC", "I-LOC"]];
        assert!((evaluate_bio(&gold, &gold).micro.f1() - 1.0).abs() < 1e-12);
        let none: Vec<Vec<&str>> = vec![];
        assert_eq!(evaluate_bio(&none, &none).micro.f1(), 0.0);
    }
}
