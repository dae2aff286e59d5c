//! Document-level cross-validation of the boundary classifier on the
//! training split (a development aid: dev alone has ~6k candidates, too few
//! to tell most feature and training choices apart).

use std::collections::HashMap;
use std::path::Path;

use backchannel_core::conllu;

use crate::boundary::Example;
use crate::train::{
    bagged, candidates, exposure_per_doc, gold_starts, load, pick_threshold, repeats, TrainOptions,
};

/// Split a treebank file into its documents (`# newdoc`).
pub(crate) fn split_docs(sents: Vec<conllu::Sentence>) -> Vec<Vec<conllu::Sentence>> {
    let mut out: Vec<Vec<conllu::Sentence>> = Vec::new();
    for s in sents {
        match out.last_mut() {
            Some(d) if !s.starts_document() => d.push(s),
            _ => out.push(vec![s]),
        }
    }
    out
}

/// Wrong decisions and candidates, over all held-out folds and over the GUM
/// news documents among them.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct CvErrors {
    pub wrong: usize,
    pub candidates: usize,
    pub news_wrong: usize,
    pub news_candidates: usize,
    /// Sentence starts missed or made up when the held-out documents are
    /// segmented with the fold's model (state from its own decisions).
    pub start_errors: usize,
    pub gold_sentences: usize,
    /// Run-time sentence-start errors in the GUM news documents.
    pub news_start_errors: usize,
}

/// Development aid: document-level cross-validation on the training split.
/// Every EWT train and GUM train document goes to one of `folds` folds; the
/// boundary weights are trained on the other folds (threshold from dev, as in
/// [`crate::train::train_models`]) and the held-out fold's candidates are decided, with
/// features from gold sentence state as in training. Compares feature and
/// training choices on ~49k candidates instead of dev's ~6k. (The opener
/// list compiled into the segmenter was learned from all of train, so a
/// held-out document's words are not entirely unseen there.)
#[doc(hidden)]
pub fn cross_validate(
    shared: &Path,
    opts: &TrainOptions,
    folds: usize,
) -> Result<CvErrors, String> {
    let folds = folds.max(2);
    // Development switches, read once (see `fold_of` and `print_errors`).
    let seed: u64 = std::env::var("SEG_CV_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let fold_of = |i: usize| fold_of(i, folds, seed);
    let show_errors = std::env::var("SEG_CV_ERRORS").is_ok_and(|v| v == "1");
    let mut docs = Vec::new();
    for d in load(shared, "train", None)? {
        docs.extend(split_docs(d));
    }
    let gum: Vec<String> = crate::gum_docs(shared, "train")?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let ewt_docs = docs.len().saturating_sub(gum.len());
    let is_news = |i: usize| {
        i.checked_sub(ewt_docs)
            .and_then(|g| gum.get(g))
            .is_some_and(|n| n.starts_with("GUM_news_"))
    };
    let mut names = HashMap::new();
    let per_doc: Vec<Vec<Example>> = docs
        .iter()
        .map(|d| candidates(std::slice::from_ref(d), &mut names))
        .collect();
    let dev_ex = candidates(&load(shared, "dev", None)?, &mut names);
    let exposure = if opts.exposure_folds > 1 {
        exposure_per_doc(&docs, &per_doc, &dev_ex, opts, folds)
    } else {
        vec![Vec::new(); docs.len()]
    };
    let mut out = CvErrors::default();
    for f in 0..folds {
        let train_ex: Vec<Example> = per_doc
            .iter()
            .zip(&exposure)
            .enumerate()
            .filter(|(i, _)| fold_of(*i) != f)
            .flat_map(|(i, (e, x))| {
                std::iter::repeat_n(e.iter().chain(x), repeats(&docs[i], opts))
                    .flatten()
                    .cloned()
            })
            .collect();
        let weights = bagged(&train_ex, opts.epochs, opts.l2, opts.runs);
        let (threshold, _) = pick_threshold(&weights, &dev_ex);
        let w: HashMap<u64, f32> = weights.into_iter().collect();
        for (i, ex) in per_doc.iter().enumerate().filter(|(i, _)| fold_of(*i) == f) {
            let wrong = ex
                .iter()
                .filter(|(fs, y)| {
                    let z: f32 = fs.iter().map(|k| w.get(k).copied().unwrap_or(0.0)).sum();
                    (z > threshold) != *y
                })
                .count();
            let text = backchannel_eval::raw_text(&docs[i]);
            let gold = gold_starts(&text, &docs[i]);
            let seg = crate::segment_weighted(&text, &w, threshold);
            let got: std::collections::HashSet<usize> =
                seg.sentences.iter().map(|s| s.start).collect();
            let errors = gold.symmetric_difference(&got).count();
            if show_errors {
                print_errors(
                    &text,
                    &gold,
                    &got,
                    docs[i].first().and_then(conllu::Sentence::doc_id),
                );
            }
            out.start_errors += errors;
            out.gold_sentences += gold.len();
            out.wrong += wrong;
            out.candidates += ex.len();
            if is_news(i) {
                out.news_wrong += wrong;
                out.news_candidates += ex.len();
                out.news_start_errors += errors;
            }
        }
    }
    Ok(out)
}

/// The held-out fold of document `i`: `i % folds`, or with `SEG_CV_SEED=n`
/// (n > 0) a pseudo-random fold, to see how much a CV count moves with the
/// split alone.
fn fold_of(i: usize, folds: usize, seed: u64) -> usize {
    if seed == 0 {
        return i % folds;
    }
    let mut x =
        (i as u64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 31;
    (x % folds as u64) as usize
}

/// Development aid (`SEG_CV_ERRORS=1`): one line per run-time start error of
/// a held-out document, "MISSED"/"EXTRA", its doc id and the text around it.
fn print_errors(
    text: &str,
    gold: &std::collections::HashSet<usize>,
    got: &std::collections::HashSet<usize>,
    id: Option<&str>,
) {
    let mut errs: Vec<(usize, &str)> = gold
        .difference(got)
        .map(|&b| (b, "MISSED"))
        .chain(got.difference(gold).map(|&b| (b, "EXTRA")))
        .collect();
    errs.sort_unstable();
    for (b, what) in errs {
        let lo = text.floor_char_boundary(b.saturating_sub(60));
        let hi = text.ceil_char_boundary((b + 40).min(text.len()));
        let ctx = format!("{}‖{}", &text[lo..b], &text[b..hi]).replace('\n', "¶");
        println!("{what}\t{}\t{ctx}", id.unwrap_or(""));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(comment: &str) -> conllu::Sentence {
        conllu::Sentence {
            comments: vec![comment.to_string()],
            ..conllu::Sentence::default()
        }
    }

    #[test]
    fn documents_start_at_newdoc() {
        let sents = vec![
            sent("newdoc id = a"),
            sent("text = x"),
            sent("newdoc id = b"),
            sent("text = y"),
            sent("text = z"),
        ];
        let docs = split_docs(sents);
        assert_eq!(docs.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 3]);
        assert!(split_docs(Vec::new()).is_empty());
    }
}
