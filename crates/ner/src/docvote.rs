//! Document-level consistency for silver training data: within one
//! document a name keeps one type, and a name the tagger found once is a
//! name wherever else it appears. The sentence tagger cannot see this on
//! its own, so relabelling unlabeled documents this way before
//! self-training adds information rather than echoing the model back.
//!
//! Measured as a decoding step too, and not adopted (ner helper, branch
//! `ner` at f536a9d): tag sentences alone, then add untagged capitalised
//! repeats of a found name with its majority type (no retyping) and the
//! first / last word of a found person's longer name. Doc-split 2-fold UNER
//! dev cv, pooled, seeds 1 / 2: 68.09 / 67.95 -> 69.03 / 68.63 (type vote
//! alone: no change). Scored by document on the test sets: UNER EWT 71.28 ->
//! 71.82, GUM news 73.86 -> 72.87, GUM all 73.17 -> 73.72. Not adopted: half
//! a point on UNER does not reach its target, news (what the pipeline reads)
//! went down, and the pipeline's `recognize` keeps its own document tidy-up.

use std::collections::HashMap;

use crate::labels::{EntType, Span};

/// Longest name (in tokens) searched for elsewhere in the document.
const MAX_NAME: usize = 6;

/// Make the spans of one document's sentences consistent, in place.
///
/// `forms[k]` and `spans[k]` are sentence `k`; `proper[k][i]` says whether
/// token `i` may be part of a name that was not tagged (e.g. it is a gold
/// or predicted proper noun). Each distinct name string takes the type most
/// of its mentions have (ties keep each mention's own type); untagged
/// occurrences of a tagged name, made of allowed tokens and overlapping no
/// span, are added with that type.
pub fn harmonise(forms: &[Vec<&str>], spans: &mut [Vec<Span>], proper: &[Vec<bool>]) {
    let mut votes: HashMap<Vec<&str>, [u32; 3]> = HashMap::new();
    for (f, ss) in forms.iter().zip(spans.iter()) {
        for s in ss {
            if s.end <= f.len() && s.end - s.start <= MAX_NAME {
                votes.entry(f[s.start..s.end].to_vec()).or_default()[idx(s.kind)] += 1;
            }
        }
    }
    let winner = |v: &[u32; 3]| -> Option<EntType> {
        let best = *v.iter().max()?;
        let mut top = EntType::ALL.iter().zip(v).filter(|(_, &c)| c == best);
        let first = top.next()?;
        top.next().is_none().then_some(*first.0)
    };
    let types: HashMap<&Vec<&str>, EntType> = votes
        .iter()
        .filter_map(|(k, v)| winner(v).map(|t| (k, t)))
        .collect();
    for (k, ss) in spans.iter_mut().enumerate() {
        let f = &forms[k];
        for s in ss.iter_mut() {
            if s.end <= f.len() {
                if let Some(&t) = types.get(&f[s.start..s.end].to_vec()) {
                    s.kind = t;
                }
            }
        }
        let mut taken = vec![false; f.len()];
        for s in ss.iter() {
            taken
                .iter_mut()
                .take(s.end)
                .skip(s.start)
                .for_each(|x| *x = true);
        }
        let ok = |i: usize| {
            proper
                .get(k)
                .and_then(|p| p.get(i))
                .copied()
                .unwrap_or(false)
        };
        let mut added = Vec::new();
        for len in (1..=MAX_NAME.min(f.len())).rev() {
            for start in 0..=f.len() - len {
                let end = start + len;
                if (start..end).any(|i| taken[i] || !ok(i)) {
                    continue;
                }
                // Whole names only: not a piece of a longer proper-noun run.
                if (start > 0 && ok(start - 1)) || (end < f.len() && ok(end)) {
                    continue;
                }
                if let Some(&kind) = types.get(&f[start..end].to_vec()) {
                    taken[start..end].iter_mut().for_each(|x| *x = true);
                    added.push(Span { start, end, kind });
                }
            }
        }
        ss.extend(added);
        ss.sort();
    }
}

fn idx(t: EntType) -> usize {
    match t {
        EntType::Per => 0,
        EntType::Org => 1,
        EntType::Loc => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::sp;

    #[test]
    fn majority_type_and_missed_repeats() {
        let forms = vec![
            vec!["Miramar", "is", "a", "city"],
            vec!["I", "love", "Miramar"],
            vec!["Miramar", "was", "founded", "in", "Chile"],
            vec!["Go", "to", "Miramar", "Beach"],
        ];
        let mut spans = vec![
            vec![sp(0, 1, EntType::Loc)],
            vec![sp(2, 3, EntType::Loc)],
            vec![sp(0, 1, EntType::Per), sp(4, 5, EntType::Loc)],
            vec![],
        ];
        let proper = vec![
            vec![true, false, false, false],
            vec![false, false, true],
            vec![true, false, false, false, true],
            vec![false, false, true, true],
        ];
        harmonise(&forms, &mut spans, &proper);
        assert_eq!(
            spans[2],
            vec![sp(0, 1, EntType::Loc), sp(4, 5, EntType::Loc)]
        );
        // "Miramar Beach" is a longer name: its first word is not added alone.
        assert!(spans[3].is_empty());
        let mut spans2 = vec![vec![sp(0, 1, EntType::Loc)], vec![], vec![], vec![]];
        harmonise(&forms, &mut spans2, &proper);
        assert_eq!(spans2[1], vec![sp(2, 3, EntType::Loc)]);
        assert_eq!(spans2[2][0], sp(0, 1, EntType::Loc));
    }
}
