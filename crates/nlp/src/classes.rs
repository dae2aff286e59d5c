//! The class sets of the tagger ((UPOS, XPOS) pairs) and the parser
//! (dependency labels), with rare classes folded into frequent ones.
//!
//! Why fold: frequent features store one weight per class in dense rows of
//! 32-class cache lines, and those rows are most of the memory traffic at
//! inference time. Folding the rarest classes keeps both models at or under
//! 96 classes, three lines per row instead of four. Folded classes are too
//! rare for the models to predict them reliably anyway.

use std::collections::BTreeMap;

/// A (UPOS, XPOS) pair seen in fewer than 1/`TAG_FRACTION` of the training
/// words is folded into a frequent pair (same XPOS if possible, so lemmas,
/// which are keyed by XPOS, do not change).
pub const TAG_FRACTION: usize = 20_000;

/// A label subtype (`acl:relcl`) seen in fewer than 1/`LABEL_FRACTION` of
/// the training words is folded into its universal label (`acl`), which the
/// official LAS counts as the same label.
pub const LABEL_FRACTION: usize = 1_000;

/// Sorted classes, and the class id of every value seen in training.
pub struct ClassSet<T> {
    pub list: Vec<T>,
    ids: BTreeMap<T, u16>,
}

impl<T: Ord + Clone> ClassSet<T> {
    /// The class of a value seen in training (None for unseen values).
    pub fn id(&self, v: &T) -> Option<u16> {
        self.ids.get(v).copied()
    }

    /// Classes are the targets of `fold` over the values; every value maps
    /// to its target's index.
    fn build(counts: &BTreeMap<T, usize>, fold: impl Fn(&T) -> T) -> ClassSet<T> {
        let targets: BTreeMap<&T, T> = counts.keys().map(|v| (v, fold(v))).collect();
        let mut list: Vec<T> = targets.values().cloned().collect();
        list.sort();
        list.dedup();
        let ids = targets
            .into_iter()
            .filter_map(|(v, t)| {
                let i = list.binary_search(&t).ok()?;
                Some((v.clone(), i as u16))
            })
            .collect();
        ClassSet { list, ids }
    }
}

fn counts<T: Ord>(values: impl Iterator<Item = T>) -> (BTreeMap<T, usize>, usize) {
    let mut m = BTreeMap::new();
    let mut total = 0;
    for v in values {
        *m.entry(v).or_insert(0) += 1;
        total += 1;
    }
    (m, total)
}

/// Tag classes from the training (UPOS, XPOS) pairs.
pub fn tag_classes(pairs: impl Iterator<Item = (String, String)>) -> ClassSet<(String, String)> {
    let (counts, total) = counts(pairs);
    let frequent = |n: usize| n * TAG_FRACTION >= total;
    // The most frequent kept pair matching `ok` (ties: the first in order).
    let best = |ok: &dyn Fn(&(String, String)) -> bool| {
        counts
            .iter()
            .filter(|(p, &n)| frequent(n) && ok(p))
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(p, _)| p.clone())
    };
    ClassSet::build(&counts, |p| {
        if counts.get(p).is_some_and(|&n| frequent(n)) {
            return p.clone();
        }
        best(&|q| q.1 == p.1)
            .or_else(|| best(&|q| q.0 == p.0))
            .or_else(|| best(&|_| true))
            .unwrap_or_else(|| p.clone())
    })
}

/// Label classes from the training labels; `root` is always one of them.
pub fn label_classes<'a>(labels: impl Iterator<Item = &'a str>) -> ClassSet<String> {
    let (mut counts, total) = counts(labels.map(str::to_string));
    counts.entry("root".to_string()).or_insert(0);
    ClassSet::build(&counts, |l| match l.split_once(':') {
        Some((base, _)) if counts.get(l).is_some_and(|&n| n * LABEL_FRACTION < total) => {
            base.to_string()
        }
        _ => l.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(u: &str, x: &str) -> (String, String) {
        (u.to_string(), x.to_string())
    }

    #[test]
    fn rare_tag_pairs_fold_into_the_frequent_pair_with_their_xpos() {
        let mut v = vec![pair("NOUN", "NN"); 100_000];
        v.extend(vec![pair("VERB", "VB"); 20_000]);
        v.extend(vec![pair("PROPN", "NN"); 3]);
        v.push(pair("X", "ZZ"));
        let c = tag_classes(v.into_iter());
        assert_eq!(c.list, vec![pair("NOUN", "NN"), pair("VERB", "VB")]);
        assert_eq!(c.id(&pair("PROPN", "NN")), Some(0));
        assert_eq!(c.id(&pair("X", "ZZ")), Some(0), "no match: most frequent");
        assert_eq!(c.id(&pair("ADJ", "JJ")), None);
    }

    #[test]
    fn small_corpora_keep_every_class() {
        let v = [pair("DET", "DT"), pair("NOUN", "NN"), pair("NOUN", "NNS")];
        assert_eq!(tag_classes(v.into_iter()).list.len(), 3);
        let c = label_classes(["det", "nsubj:pass"].into_iter());
        assert_eq!(c.list, vec!["det", "nsubj:pass", "root"]);
    }

    #[test]
    fn rare_subtypes_fold_into_their_universal_label() {
        let mut v = vec!["nsubj"; 5_000];
        v.extend(vec!["nsubj:pass"; 10]);
        v.extend(vec!["acl:relcl"; 1]);
        let c = label_classes(v.into_iter());
        assert_eq!(c.list, vec!["acl", "nsubj", "nsubj:pass", "root"]);
        assert_eq!(c.id(&"acl:relcl".to_string()), Some(0));
    }
}
