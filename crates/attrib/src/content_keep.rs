//! Whether a predicted content span is worth reporting: a logistic model of
//! "this content matches a gold content exactly", trained like the keep
//! filter on held-out predictions for the training texts.
//!
//! Exact content is scored on its own: an attribution whose cue and source
//! are likely right can still carry a content that is likely wrong (dev:
//! contents under a cue no annotator marked are exact 16% of the time,
//! against 79% under a right cue). Below about F1/2 a content costs more
//! precision than it brings recall, so it is cleared and the attribution
//! keeps its cue and source.
//!
//! The model reads the keep filter's row (re-keyed, so its weights are its
//! own) and a few facts about the content's shape: how it begins and ends,
//! what follows it, its length, pieces and sentences, where it sits
//! relative to the cue. Weights live in the span-edge map under their own
//! keys with their own scale factor.
//!
//! Tried without gain (two-fold train check `ATTRIB_CONTENT_CV=1` at 0.2,
//! 55.30 with this model; dev content 59.68): which edges the span-edge
//! rankers moved (55.42, dev 59.55); the keep filter's cue/source
//! probabilities in tenths, cross-fitted (55.06, dev 59.76); quote-mark
//! parity, other cues inside the content, the content's strongest cue word
//! (55.27, dev 59.69); cue × first word, last word × next char (55.32, dev
//! 59.53); 4 or 16 logistic passes, rates 0.02 or 0.15 (at most 55.28);
//! clearing only the tagger's attributions (dev 59.37); restoring the
//! tagger's own extent instead of clearing (dev 59.36); training the keep
//! filter on the ranked held-out rows too (dev source 75.35 -> 75.10).
//! Measured at 385df02: without the filter dev content is 58.72 (tp 1197,
//! fp 688) against 59.24 (tp 1148, fp 536): it clears 201 contents, 49 of
//! them exact, and 134 of the 170 dev attributions whose cue matches gold
//! but that end with no content (`errors`: matched/pred-no-content).
//! Layout attributions (transcript lines, signature dashes; `speakers`) keep
//! their contents: the filter, trained mostly on the tagger's contents,
//! cleared 11 transcript contents of one dev article (dev content 59.24 ->
//! 59.50, tp 1148 -> 1156, fp 536 -> 538; train content tp +2, fp +3).
//! The probabilities also let `keep` spare an attribution whose content is
//! likely exact (keep::MIN_CONTENT_KEEP).
//!
//! Re-checked for the 3-tagger ensemble (6fc1f14, shipped model, dev):
//! [`MIN_CONTENT`] 0.1 60.53 (tp 1229, fp 640), 0.15 60.73 (1214, 592),
//! 0.2 60.72 (1195, 549), 0.25 60.44 (1167, 503), 0.3 60.14: still right.
//! Tried and not kept: refilling a cleared content with the likeliest of
//! the cue head's argument subtrees (ccomp, xcomp, obj, csubj, advcl;
//! punctuation trimmed) as this model scores them, when at least p: dev
//! p 0.2 60.24 (tp +1, fp +34), 0.5 60.58 (tp +0, fp +9) — the model,
//! trained on the pipeline's own spans, rates such subtrees high and they
//! are almost never the annotated span.
//! Averaging each filter's logistic weights over several shuffles of its
//! training cases (the shipped tagger and rankers, only the filters
//! retrained; keep orders x content orders, dev source/cue/content): 1x1
//! 76.42/71.69/61.07, 2x1 76.26/71.70/61.08, 3x1 76.34/71.71/61.10, 1x2
//! 76.42/71.64/61.04, 1x3 76.36/71.60/61.11, 5x5 76.35/71.64/61.00: the
//! case order is not a source of noise worth averaging away.
//! [`MIN_CONTENT`] re-checked with the keyed rows (1877f4b model; dev,
//! and the held-out half of train with a model of the other half): 0.1
//! 60.89/54.32, 0.12 61.05/54.45, 0.15 61.26/54.53, 0.17 61.20/54.58,
//! 0.2 61.22/54.48, 0.25 60.92/54.39: flat from 0.15 to 0.2, kept.
//! `keep::MIN_CONTENT_KEEP` 0.2 61.15/54.51, 0.25 61.22/54.48, 0.3
//! 61.14/54.48 (cue 71.50/71.65/71.65): kept.
//! Tried and not kept (no retraining): sparing a content the filter would
//! clear when it is one whole quotation (opening and closing marks, final
//! punctuation inside) anywhere, or right before or after its speaker: dev
//! 61.22 -> 61.20 (fp +1), held-out half 54.60 -> 54.59 (fp +2): the filter
//! almost never clears whole quotations.

use backchannel_core::{Attribution, Document};

use crate::chars::tok_range;
use crate::ends::Weights;
use crate::features::{mix, TokInfo};
use crate::model::{IdMap, NL};

/// Contents less likely than this to be exact are cleared. Tuned on a
/// two-fold split of PolNeAR train by text (`ATTRIB_CONTENT_CV=1`) and dev.
pub const MIN_CONTENT: f32 = 0.2;

/// Key of the factor the stored weights were scaled by.
const SCALE_KEY: u64 = 0x636f_6e74_5f73_636c;

/// Key of a keep-filter feature in the content model.
fn content_key(k: u64) -> u64 {
    mix(298, k)
}

/// Class of a char at a content edge: closing/opening quote marks, letters
/// and digits, sentence punctuation, other.
fn char_class(c: Option<char>) -> u64 {
    match c {
        None => 0,
        Some('”' | '’' | '»') => 1,
        Some('“' | '‘' | '«') => 2,
        Some('"' | '\'') => 3,
        Some(c) if c.is_alphanumeric() => 4,
        Some('.' | '?' | '!') => 5,
        Some(',') => 6,
        Some(';' | ':') => 7,
        Some('\n') => 8,
        Some(c) if c.is_whitespace() => 9,
        Some(')' | ']') => 10,
        Some(_) => 11,
    }
}

/// Content-model rows, one per attribution: `shared[i]` (the keep
/// filter's row of attribution `i`) re-keyed, then the content's shape.
/// Attributions without content get an empty row.
pub fn features(
    doc: &Document,
    chars: &[char],
    info: &[TokInfo],
    atts: &[Attribution],
    shared: &[Vec<u64>],
    emissions: &[[f32; NL]],
) -> Vec<Vec<u64>> {
    let toks = &doc.tokens;
    let n = toks.len().min(info.len());
    let bucket = |k: usize| match k {
        0 => 0u64,
        1..=3 => 1,
        4..=8 => 2,
        9..=20 => 3,
        21..=40 => 4,
        _ => 5,
    };
    atts.iter()
        .enumerate()
        .map(|(i, a)| {
            let (Some(first), Some(last)) = (a.content.first(), a.content.last()) else {
                return Vec::new();
            };
            let mut f: Vec<u64> = shared
                .get(i)
                .map_or(&[][..], |r| r.as_slice())
                .iter()
                .map(|&k| content_key(k))
                .collect();
            let (s, e) = (first.start.min(chars.len()), last.end.min(chars.len()));
            let at = |k: usize| chars.get(k).copied();
            let fc = char_class(at(s));
            let lc = char_class(e.checked_sub(1).and_then(at));
            let next = char_class(at(e));
            let (t0, _) = tok_range(&toks[..n], s, s + 1);
            let (_, t1) = tok_range(&toks[..n], e.saturating_sub(1), e);
            let words: usize = a
                .content
                .iter()
                .map(|p| {
                    let (p0, p1) = tok_range(&toks[..n], p.start, p.end);
                    p1.saturating_sub(p0)
                })
                .sum();
            let before = e <= a.cue.start;
            let (c0, c1) = tok_range(&toks[..n], a.cue.start, a.cue.end);
            let gap = if before {
                c0.saturating_sub(t1)
            } else {
                t0.saturating_sub(c1)
            };
            let sents = match (info.get(t0), t1.checked_sub(1).and_then(|k| info.get(k))) {
                (Some(x), Some(y)) => y.sent.saturating_sub(x.sent).min(3) as u64,
                _ => 0,
            };
            // Whether the content runs to its sentence's last token, or to
            // the one before a final punctuation mark.
            let to_end = t1
                .checked_sub(1)
                .and_then(|k| info.get(k))
                .map_or(0, |t| (t.sent_len - t.pos_in_sent).min(3) as u64);
            let cue_word = info.get(c0).map_or(0, |t| t.word);
            f.push(mix(230, fc * 16 + lc));
            f.push(mix(231, lc * 16 + next));
            f.push(mix(232, bucket(words) * 4 + a.content.len().min(3) as u64));
            f.push(mix(233, sents * 2 + before as u64));
            f.push(mix(234, cue_word ^ (lc << 56)));
            if let Some(t) = info.get(t0) {
                f.push(mix(235, t.word));
            }
            if let Some(t) = t1.checked_sub(1).and_then(|k| info.get(k)) {
                f.push(mix(236, t.word));
            }
            f.push(mix(237, to_end * 16 + next));
            f.push(mix(238, gap.min(4) as u64 * 2 + before as u64));
            f.push(mix(239, cue_word ^ (bucket(words) << 56)));
            tagger_view(emissions, &a.content, &toks[..n], t0, t1, &mut f);
            f
        })
        .collect()
}

/// Label the tagger's emission scores alone favour at token `i` (pair
/// and transition weights left out), or `NL` off the text.
pub(crate) fn favoured(em: &[[f32; NL]], i: usize) -> u64 {
    em.get(i).map_or(NL as u64, |r| {
        let mut best = 0;
        for (l, v) in r.iter().enumerate() {
            if *v > r[best] {
                best = l;
            }
        }
        best as u64
    })
}

/// What the tagger's emissions say of the content's tokens [t0, t1): the
/// share of its tokens they favour as content, and the labels they favour
/// at its edges and just outside them.
fn tagger_view(
    em: &[[f32; NL]],
    pieces: &[backchannel_core::Piece],
    toks: &[backchannel_core::Token],
    t0: usize,
    t1: usize,
    f: &mut Vec<u64>,
) {
    if em.len() < toks.len() || t0 >= t1 {
        return;
    }
    let (mut all, mut content) = (0usize, 0usize);
    for p in pieces {
        let (p0, p1) = tok_range(toks, p.start, p.end);
        for i in p0..p1 {
            all += 1;
            content += (crate::model::role(favoured(em, i) as u8) == 3) as usize;
        }
    }
    let share = (content * 5).checked_div(all).unwrap_or(0) as u64;
    let before = t0.checked_sub(1).map_or(NL as u64 + 1, |i| favoured(em, i));
    f.push(mix(240, share));
    f.push(mix(241, favoured(em, t0) * 16 + before));
    f.push(mix(242, favoured(em, t1 - 1) * 16 + favoured(em, t1)));
}

/// Probability that a content with this row is exact.
fn prob<W: Weights + ?Sized>(w: &W, f: &[u64], scale: f32) -> f32 {
    let z = w.sum(f) / scale;
    1.0 / (1.0 + (-z).exp())
}

/// Clear the content of attributions whose row gives a low probability of
/// an exact content (rows aligned with `atts`). Nothing happens when the
/// model carries no content weights. Returns each attribution's
/// probability of an exact content (0 without content or weights).
pub fn apply<W: Weights + ?Sized>(
    w: &W,
    rows: &[Vec<u64>],
    layout_cues: &[(usize, usize)],
    atts: &mut [Attribution],
) -> Vec<f32> {
    let mut out = vec![0.0; atts.len()];
    let scale = w.weight(SCALE_KEY);
    if scale <= 0.0 || rows.len() != atts.len() {
        return out;
    }
    for ((a, f), p) in atts.iter_mut().zip(rows).zip(out.iter_mut()) {
        if a.content.is_empty() || f.is_empty() {
            continue;
        }
        *p = prob(w, f, scale);
        let layout = layout_cues.contains(&(a.cue.start, a.cue.end));
        if !layout && *p < MIN_CONTENT {
            a.content.clear();
        }
    }
    out
}

/// Whether each predicted attribution's content matches a gold content
/// exactly (as the scorer compares); None for contentless predictions.
pub fn labels(text: &str, gold: &[Attribution], pred: &[Attribution]) -> Vec<Option<bool>> {
    let chars: Vec<char> = text.chars().collect();
    let norm = |a: &Attribution| {
        crate::eval::normalise(&chars, a.content.iter().map(|p| (p.start, p.end)).collect())
    };
    let gc: Vec<_> = gold.iter().map(norm).filter(|c| !c.is_empty()).collect();
    pred.iter()
        .map(|p| {
            let c = norm(p);
            (!c.is_empty()).then(|| gc.contains(&c))
        })
        .collect()
}

/// The content model from `cases` (row, exact), scaled so its largest
/// weight fits under `fit_under`, carrying its factor.
pub fn train(cases: &[(Vec<u64>, bool)], fit_under: f32) -> IdMap<f32> {
    let mut w = crate::keep::logistic(cases);
    let m = w.values().fold(0f32, |m, v| m.max(v.abs()));
    let scale = crate::keep::fit_scale(m, fit_under);
    for v in w.values_mut() {
        *v *= scale;
    }
    w.insert(SCALE_KEY, scale);
    w
}

/// Two-fold check on held-out cases (`fold[i]` of case `i`): train on one
/// fold, and print, per threshold, the content F1 of the other fold's
/// predictions before and after clearing (`gold` contents in all).
pub fn report_cv(cases: &[(Vec<u64>, bool)], fold: &[usize], gold: usize) {
    let mut probs = vec![0f32; cases.len()];
    for k in 0..2 {
        let tr: Vec<_> = cases
            .iter()
            .zip(fold)
            .filter(|(_, &f)| f != k)
            .map(|(c, _)| c.clone())
            .collect();
        let w = crate::keep::logistic(&tr);
        for (i, c) in cases.iter().enumerate() {
            if fold[i] == k {
                probs[i] = prob(&w, &c.0, 1.0);
            }
        }
    }
    let f1 = |tp: usize, pred: usize| 200.0 * tp as f64 / (gold + pred) as f64;
    let tp = cases.iter().filter(|c| c.1).count();
    eprintln!(
        "content cv: {} cases, {tp} exact, {gold} gold: F1 {:.2}",
        cases.len(),
        f1(tp, cases.len())
    );
    for t in [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5] {
        let (mut right, mut wrong) = (0, 0);
        for (c, &p) in cases.iter().zip(&probs) {
            if p < t {
                if c.1 {
                    right += 1;
                } else {
                    wrong += 1;
                }
            }
        }
        eprintln!(
            "  below {t:.2}: clears {right} exact, {wrong} wrong: F1 {:.2}",
            f1(tp - right, cases.len() - right - wrong)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution, attribution_at, find};

    #[test]
    fn labels_mark_exact_contents_and_skip_contentless() {
        let t = "Smith said the plan failed , Jones noted.";
        let gold = [attribution(t, Some("Smith"), "said", &["the plan failed"])];
        let c = find(t, "the plan failed");
        let pred = [
            // A trailing space is trimmed, as the scorer trims it.
            attribution_at(None, find(t, "said"), &[(c.0, c.1 + 1)]),
            attribution_at(None, find(t, "said"), &[(c.0, c.1 - 1)]),
            attribution_at(None, find(t, "noted"), &[]),
        ];
        assert_eq!(labels(t, &gold, &pred), vec![Some(true), Some(false), None]);
    }

    #[test]
    fn clears_only_unlikely_contents() {
        let t = "Smith said the plan failed.";
        let said = attribution(t, Some("Smith"), "said", &["the plan failed"]);
        let mut w: IdMap<f32> = IdMap::default();
        w.insert(SCALE_KEY, 1.0);
        w.insert(mix(230, 1), 4.0);
        w.insert(mix(230, 2), -4.0);
        let mut atts = vec![said.clone(), said.clone()];
        apply(&w, &[vec![mix(230, 1)], vec![mix(230, 2)]], &[], &mut atts);
        assert_eq!(atts[0].content.len(), 1);
        assert!(atts[1].content.is_empty());
        assert!(atts[1].source.is_some(), "cue and source stay");
        // Without weights nothing changes.
        let mut atts = vec![said];
        apply(&IdMap::default(), &[vec![mix(230, 2)]], &[], &mut atts);
        assert_eq!(atts[0].content.len(), 1);
    }

    #[test]
    fn favoured_label_is_the_top_emission_and_nl_off_the_text() {
        let mut row = [0.0f32; NL];
        row[5] = 2.0;
        row[3] = 1.0;
        assert_eq!(favoured(&[row], 0), 5);
        assert_eq!(favoured(&[row], 1), NL as u64);
        assert_eq!(favoured(&[], 0), NL as u64);
    }

    #[test]
    fn features_cover_contents_and_skip_contentless() {
        let t = "“It failed,” Smith said.";
        let mut doc = Document::from_plain(t.into(), backchannel_core::DocMeta::default());
        crate::tokenize::ensure_tokens(&mut doc);
        let idx = doc.char_index();
        let info = crate::features::token_info(&doc, &idx, &Default::default());
        let chars: Vec<char> = t.chars().collect();
        let atts = [
            attribution(t, Some("Smith"), "said", &["“It failed,”"]),
            attribution_at(None, find(t, "said"), &[]),
            attribution_at(None, (3, 3), &[(90, 99)]),
        ];
        let rows = features(&doc, &chars, &info, &atts, &[vec![1], vec![2]], &[]);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].contains(&content_key(1)));
        assert!(rows[1].is_empty());
        assert!(
            !rows[2].is_empty(),
            "an out-of-range content still has a row"
        );
    }
}
