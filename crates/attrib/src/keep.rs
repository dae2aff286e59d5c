//! Which predicted attributions to keep: a logistic filter over whole
//! attributions, trained on held-out predictions for the training texts
//! (what the tagger and rules propose on text they have not seen), labelled
//! by whether the predicted cue matches a gold cue exactly.
//!
//! The tagger decides token by token; some of what it proposes is a
//! plausible cue word in a frame that rarely reports (no clausal argument,
//! no source, no content worth the name, a noun inside a quotation). Seen as
//! a whole, such attributions are right less often than the F1 trade-off
//! needs (about one in three), so dropping them raises exact-match F1 for
//! cue and source alike.
//!
//! The weights live in the model's span-edge map under their own feature
//! templates (200 and up), so the model format is unchanged.
//!
//! Both filters also read what the tagger's emission scores alone favour
//! (pair and transition weights left out) at the cue (templates 218-220)
//! and the content (content_keep, 240-242): the share of the span's tokens
//! they favour in its role and the labels they favour at its edges and
//! just outside. The rest of the row sees only the final spans, which the
//! rules and rankers reshape; these say how sure the tagger itself was.
//! The emissions are the ones Viterbi already read (no new scoring).
//! Retrained (6fc1f14 -> this, `backchannel train --only attrib`, best
//! epoch 15 both): dev source/cue/content 76.10/71.16/60.72 (content tp
//! 1195 fp 549) -> 76.29/71.40/60.81 (tp 1190 fp 532); content-filter
//! two-fold check on train (`ATTRIB_CONTENT_CV=1`, 0.2) 55.50 -> 55.54;
//! held-out half of train (the `attrib_train` example on a doc split of
//! train, 420 texts each way, dev F1 per epoch on the other half) higher
//! at every one of epochs 1-16 for content (+0.04 to +0.32; epoch 12
//! 54.31 -> 54.44) and cue at 15 of 16 (epoch 12 65.69 -> 65.80), source
//! within ±0.07. The content features alone (without 218-220): dev
//! 76.05/71.17/60.75 (epoch 14), content cv 55.59. Cost (callgrind,
//! `profile` example, the first 12 dev texts, toggle-collect
//! `*Attributor*annotate*`): 68.76M -> 69.71M instructions (+1.4%) with
//! these features, the retrained model and participle.rs together.

use backchannel_core::{Attribution, CharIndex, Document};

use crate::chars::tok_range;
use crate::content_keep::favoured;
use crate::ends::Weights;
use crate::eval::normalise;
use crate::features::{lemma_hash, mix, word_hash, TokInfo};
use crate::model::{role, IdMap, NL};
use crate::sourcing::is_silence;

/// Attributions with a lower probability of an exact cue are dropped.
/// At the F1 optimum, a prediction is worth keeping when it is right more
/// often than F1/2 (about 0.34 at our cue F1). Re-checked with the
/// 3-tagger ensemble (6fc1f14, shipped model, dev source/cue/content):
/// 0.2 76.07/70.93/60.69, 0.25 76.10/71.16/60.72, 0.3 76.24/71.31/60.60;
/// held-out half of train (model trained on the other half) 0.2
/// 69.01/65.59/54.30, 0.25 69.04/65.69/54.31, 0.3 69.05/65.75/54.32.
pub const MIN_KEEP: f32 = 0.25;

/// An attribution the cue model would drop stays when its source is at
/// least this likely to be exact.
pub const MIN_SOURCE: f32 = 0.4;

/// An attribution the cue model would drop stays when the content filter
/// gives its content at least this probability of being exact: a content
/// shaped like a real one is evidence the cue reports. Shipped model, no
/// retraining (`backchannel eval polnear` dev; train by the `attrib_eval`
/// example, in-sample for the tagger): off -> 0.5 -> 0.3 -> 0.25 -> 0.2,
/// dev content 59.50 -> 59.61 -> 59.84 -> 60.02 -> 59.88, cue 71.21 ->
/// 71.10 -> 70.99 -> 70.97 -> 70.82, source 76.22 -> 76.18 -> 76.19 ->
/// 76.10 -> 76.09; train content 67.17 -> 67.35 -> 67.63 -> 67.67, cue
/// 77.14 -> 77.19 -> 77.13 -> 77.12, source 78.40 -> 78.42 -> 78.43 -> 78.44.
pub const MIN_CONTENT_KEEP: f32 = 0.25;

/// Key of the factor the stored weights were scaled by (see [`fit_scale`]).
const SCALE_KEY: u64 = 0x6b65_6570_5f73_636c;

/// Passes of logistic SGD over the training cases.
const EPOCHS: usize = 8;

/// Features of every attribution in `atts` (one row each), from the
/// document's tokens (with their parse when present) and the tagger's
/// per-token facts. `tagged[i]` says whether attribution `i`'s cue came
/// from the tagger (else from a rule).
pub fn features(
    doc: &Document,
    info: &[TokInfo],
    atts: &[Attribution],
    tagged: &[bool],
    emissions: &[[f32; NL]],
) -> Vec<Vec<u64>> {
    let toks = &doc.tokens;
    let n = toks.len().min(info.len());
    // Token range covering chars [a, b).
    let range = |a: usize, b: usize| {
        let (lo, hi) = tok_range(&toks[..n], a, b);
        (lo, hi.max(lo))
    };
    // The cue's head of every attribution (see below), marked so that the
    // frames are made for those tokens only.
    let mut wanted = vec![false; n];
    for a in atts {
        let (c0, c1) = range(a.cue.start, a.cue.end);
        if c0 < c1 && c1 <= n {
            wanted[cue_head(toks, c0, c1)] = true;
        }
    }
    // Dependents' relations of each wanted token, as bits (clausal
    // complement, open complement, subject, object, adverbial clause).
    let mut frame = vec![0u64; n];
    for t in &toks[..n] {
        let Some(h) = usize::try_from(t.head).ok().filter(|&h| h < n && wanted[h]) else {
            continue;
        };
        // A match compiles to a length switch: cheaper than a table scan
        // of string compares for every token.
        frame[h] |= match t.deprel.as_deref() {
            Some("ccomp") => 1,
            Some("xcomp") => 2,
            Some("nsubj" | "nsubj:pass") => 4,
            Some("obj") => 8,
            Some("advcl") => 16,
            Some("parataxis") => 32,
            Some("mark") => 64,
            _ => 0,
        };
    }
    let bucket = |k: usize| k.min(6) as u64;
    // Each attribution's sentence, looked up once.
    let sents: Vec<Option<(usize, usize)>> = atts
        .iter()
        .map(|a| crate::chars::sentence_at(doc, a.cue.start))
        .collect();
    let sent_atts =
        |k: usize| sents[k].map_or(0, |s| sents.iter().filter(|&&x| x == Some(s)).count());
    let mut out = Vec::with_capacity(atts.len());
    for (k, a) in atts.iter().enumerate() {
        let mut f = Vec::with_capacity(48);
        f.push(mix(200, 1));
        let (c0, c1) = range(a.cue.start, a.cue.end);
        if c0 >= c1 || c1 > n {
            out.push(f);
            continue;
        }
        let h = cue_head(toks, c0, c1);
        let lemma = toks[h].lemma.as_deref().map_or(info[h].word, lemma_hash);
        let upos = toks[h].upos.as_deref().map_or(0, word_hash);
        let fr = frame[h];
        let src = a.source.as_ref();
        let side = src.map_or(0, |s| 1 + (s.start >= a.cue.end) as u64);
        let src_len = src.map_or(0, |s| {
            let (s0, s1) = range(s.start, s.end);
            bucket(s1 - s0)
        });
        let content_toks: usize = a
            .content
            .iter()
            .map(|p| {
                let (p0, p1) = range(p.start, p.end);
                p1 - p0
            })
            .sum();
        let quoted = a.content.first().is_some_and(|p| {
            let (p0, p1) = range(p.start, p.end);
            (p0..p1.min(p0 + 2)).any(|i| info[i].is_quote)
        });
        let content = (a.content.len().min(2) as u64) * 16
            + quoted as u64 * 8
            + match content_toks {
                0 => 0,
                1..=3 => 1,
                4..=8 => 2,
                9..=20 => 3,
                _ => 4,
            };
        let t = &info[c0];
        let sent_first = t.pos_in_sent == 0;
        f.push(mix(201, info[c0].word));
        f.push(mix(202, info[c1 - 1].word));
        f.push(mix(203, bucket(c1 - c0)));
        f.push(mix(204, lemma));
        f.push(mix(205, lemma ^ fr.rotate_left(40)));
        f.push(mix(206, upos ^ fr.rotate_left(40)));
        f.push(mix(207, side * 8 + src_len));
        if let Some(s) = src {
            let (s0, _) = range(s.start, s.end);
            if s0 < n {
                f.push(mix(208, info[s0].word));
            }
        }
        f.push(mix(209, content));
        f.push(mix(210, t.in_quote as u64 * 2 + tagged[k] as u64));
        f.push(mix(211, (t.in_quote as u64) * 4 + side));
        f.push(mix(212, tagged[k] as u64 * 64 + side * 16 + content / 8));
        f.push(mix(213, t.cue * 8 + info[h].lemma_cue));
        f.push(mix(
            214,
            lemma ^ (side * 4 + a.content.len().min(2) as u64) << 50,
        ));
        f.push(mix(215, upos ^ bucket(c1 - c0) << 40));
        f.push(mix(216, sent_first as u64 * 8 + bucket(sent_atts(k))));
        f.push(mix(217, fr * 8 + side * 2 + quoted as u64));
        // What the tagger's emission scores alone say of the cue: the
        // share of its tokens they favour as cue, and the labels they
        // favour at its edges and just outside them (see `features`' doc).
        if emissions.len() >= n {
            let cue_like = (c0..c1)
                .filter(|&i| role(favoured(emissions, i) as u8) == 2)
                .count();
            let before = c0
                .checked_sub(1)
                .map_or(NL as u64 + 1, |i| favoured(emissions, i));
            f.push(mix(218, (cue_like * 5 / (c1 - c0)) as u64));
            f.push(mix(219, before * 16 + favoured(emissions, c1)));
            f.push(mix(
                220,
                favoured(emissions, c0) * 16 + favoured(emissions, c1 - 1),
            ));
        }
        out.push(f);
    }
    out
}

/// The head of the cue on tokens [c0, c1): its first verb, else its first
/// noun, else its first token.
fn cue_head(toks: &[backchannel_core::Token], c0: usize, c1: usize) -> usize {
    let pick = |u: &str| (c0..c1).find(|&i| toks[i].upos.as_deref() == Some(u));
    pick("VERB").or_else(|| pick("NOUN")).unwrap_or(c0)
}

/// Probability that an attribution with these features has an exact cue.
fn prob<W: Weights + ?Sized>(w: &W, f: &[u64], scale: f32) -> f32 {
    let z = w.sum(f) / scale;
    1.0 / (1.0 + (-z).exp())
}

/// Drop the tagger's attributions (`tagged`) the filter gives a low
/// probability of an exact cue, unless their source is likely exact (a
/// right source with a wrong cue is still a source hit) or they report a
/// silence (declines and non-responses are what sourcing is for, though
/// PolNeAR rarely marks them) or their content is likely exact
/// (`content_p`, the content filter's probabilities, aligned with `atts`).
/// None when the model carries no filter.
pub fn apply<W: Weights + ?Sized>(
    w: &W,
    (doc, idx): (&Document, &CharIndex),
    feats: &[Vec<u64>],
    tagged: &[bool],
    content_p: &[f32],
    atts: &mut Vec<Attribution>,
) {
    let scale = w.weight(SCALE_KEY);
    if scale <= 0.0 || feats.len() != atts.len() || tagged.len() != atts.len() {
        return;
    }
    let mut k = 0;
    let mut keys = Vec::new();
    atts.retain(|a| {
        let f = &feats[k];
        k += 1;
        // Rule-made attributions (silences, layout, parse-found verbs)
        // were each kept for what they gain on their own: left alone.
        if !tagged[k - 1] {
            return true;
        }
        if prob(w, f, scale) >= MIN_KEEP {
            return true;
        }
        if content_p.get(k - 1).is_some_and(|&p| p >= MIN_CONTENT_KEEP) {
            return true;
        }
        if a.source.is_none() {
            return is_silence(doc, idx, a);
        }
        keys.clear();
        keys.extend(f.iter().map(|&x| source_key(x)));
        prob(w, &keys, scale) >= MIN_SOURCE || is_silence(doc, idx, a)
    });
}

/// Per predicted attribution: whether its cue matches a gold cue exactly,
/// and whether it has a source that matches a gold source exactly
/// (whitespace-trimmed, as the scorer compares).
pub fn labels(text: &str, gold: &[Attribution], pred: &[Attribution]) -> Vec<(bool, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let norm = |s: (usize, usize)| normalise(&chars, vec![s]);
    let src = |a: &Attribution| a.source.as_ref().map(|s| norm((s.start, s.end)));
    let gc: Vec<_> = gold
        .iter()
        .map(|a| norm((a.cue.start, a.cue.end)))
        .collect();
    let gs: Vec<_> = gold.iter().filter_map(src).collect();
    pred.iter()
        .map(|p| {
            let s = src(p).is_some_and(|s| !s.is_empty() && gs.contains(&s));
            (gc.contains(&norm((p.cue.start, p.cue.end))), s)
        })
        .collect()
}

/// The key of feature `k` in the source model (the cue model's keys
/// re-mixed: one feature row serves both).
fn source_key(k: u64) -> u64 {
    mix(299, k)
}

/// Logistic regression by SGD over `cases` (in the given order, so
/// training is deterministic), averaged weights; the result is scaled so
/// its largest weight fits under `fit_under` (the span-edge weights it is
/// stored with share one quantisation scale) and carries the factor.
pub fn train(cases: &[(Vec<u64>, (bool, bool))], fit_under: f32) -> IdMap<f32> {
    let cue: Vec<(Vec<u64>, bool)> = cases.iter().map(|(f, y)| (f.clone(), y.0)).collect();
    let src: Vec<(Vec<u64>, bool)> = cases
        .iter()
        .map(|(f, y)| (f.iter().map(|&k| source_key(k)).collect(), y.1))
        .collect();
    let mut w = logistic(&cue);
    w.extend(logistic(&src));
    let m = w.values().fold(0f32, |m, v| m.max(v.abs()));
    let scale = fit_scale(m, fit_under);
    for v in w.values_mut() {
        *v *= scale;
    }
    w.insert(SCALE_KEY, scale);
    w
}

/// Averaged logistic SGD over `cases` in the given order.
pub(crate) fn logistic(cases: &[(Vec<u64>, bool)]) -> IdMap<f32> {
    let mut w: IdMap<f32> = IdMap::default();
    // Sum of step x update per weight: the average is w - u / t.
    let mut u: IdMap<f32> = IdMap::default();
    let mut t = 1.0f32;
    let lr = 0.05f32;
    for _ in 0..EPOCHS {
        for (f, y) in cases {
            let g = lr * ((*y as u8 as f32) - prob(&w, f, 1.0));
            for k in f {
                *w.entry(*k).or_default() += g;
                *u.entry(*k).or_default() += g * t;
            }
            t += 1.0;
        }
    }
    w.iter()
        .map(|(k, v)| (*k, v - u.get(k).copied().unwrap_or(0.0) / t))
        .filter(|(_, v)| v.abs() > 1e-3)
        .collect()
}

/// Factor that brings weights of magnitude up to `m` under `limit` (1 when
/// they fit; never above 1, so the factor itself stays under `limit` too).
pub(crate) fn fit_scale(m: f32, limit: f32) -> f32 {
    if m <= limit || m <= 0.0 {
        1.0
    } else {
        limit / m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution, attribution_at, find};
    use backchannel_core::DocMeta;

    #[test]
    fn labels_compare_trimmed_cues_and_sources() {
        let t = "Smith said the plan failed, Jones noted.";
        let gold = [attribution(t, Some("Smith"), "said", &["the plan failed"])];
        let (s, c) = (find(t, "Smith"), find(t, "said"));
        let pred = [
            // Same cue with a trailing space; same source.
            attribution_at(Some(s), (c.0, c.1 + 1), &[]),
            // A cue no annotator marked, with the gold source.
            attribution_at(Some(s), find(t, "noted"), &[]),
            // Right cue, source too long.
            attribution_at(Some((s.0, c.1)), c, &[]),
        ];
        assert_eq!(
            labels(t, &gold, &pred),
            vec![(true, true), (false, true), (true, false)]
        );
    }

    #[test]
    fn learns_which_cases_are_right_and_fits_the_shared_scale() {
        // Feature 1 marks right cues, feature 2 wrong ones; 3 is noise.
        let cases: Vec<(Vec<u64>, (bool, bool))> = (0..400)
            .map(|i| {
                let right = i % 3 != 0;
                let f = vec![mix(200, 1), mix(201, 1 + right as u64), mix(203, i % 5)];
                (f, (right, false))
            })
            .collect();
        let w = train(&cases, 0.5);
        assert!(w.values().all(|v| v.abs() <= 0.5 + 1e-6), "fits under 0.5");
        let scale = w.weight(SCALE_KEY);
        assert!(scale > 0.0 && scale < 1.0);
        let p = |x: u64| prob(&w, &[mix(200, 1), mix(201, x), mix(203, 0)], scale);
        assert!(p(2) > 0.8 && p(1) < 0.2, "{} {}", p(2), p(1));
        assert_eq!(fit_scale(0.3, 1.0), 1.0);
        assert_eq!(fit_scale(4.0, 1.0), 0.25);
    }

    #[test]
    fn drops_only_unlikely_tagger_attributions() {
        let t = "Jones did not respond to a request for comment. Smith said it.";
        let doc = Document::from_plain(t.into(), DocMeta::default());
        let idx = doc.char_index();
        let mut w: IdMap<f32> = IdMap::default();
        w.insert(SCALE_KEY, 1.0);
        w.insert(mix(201, 1), 5.0);
        w.insert(mix(201, 2), -5.0);
        w.insert(source_key(mix(201, 2)), -5.0);
        let good = vec![mix(201, 1)];
        let bad = vec![mix(201, 2)];
        let said = attribution(t, Some("Smith"), "said", &["it"]);
        let silent = attribution(t, Some("Jones"), "did not respond", &[]);
        let mut atts = vec![silent, said.clone(), said.clone(), said.clone()];
        // A silence stays; of the rest, the likely one and the rule-made
        // one (last) stay.
        let feats = [bad.clone(), good, bad.clone(), bad];
        let tagged = [true, true, true, false];
        apply(&w, (&doc, &idx), &feats, &tagged, &[], &mut atts);
        let cues: Vec<&str> = atts.iter().map(|a| a.cue.text.as_str()).collect();
        assert_eq!(cues, ["did not respond", "said", "said"]);
        // Without filter weights nothing is dropped.
        let mut all = vec![said.clone(), said];
        let feats = [vec![mix(201, 2)], vec![mix(201, 2)]];
        apply(
            &IdMap::default(),
            (&doc, &idx),
            &feats,
            &[true, true],
            &[],
            &mut all,
        );
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn features_hold_for_odd_spans() {
        let t = "Smith said it.";
        let mut doc = Document::from_plain(t.into(), DocMeta::default());
        crate::tokenize::ensure_tokens(&mut doc);
        let idx = doc.char_index();
        let info = crate::features::token_info(&doc, &idx, &Default::default());
        let atts = [
            attribution(t, Some("Smith"), "said", &["it"]),
            attribution_at(None, (40, 50), &[]),
            attribution_at(None, (3, 3), &[(90, 99)]),
        ];
        let f = features(&doc, &info, &atts, &[true, false, true], &[]);
        assert_eq!(f.len(), 3);
        assert!(
            f[0].len() > f[1].len(),
            "an out-of-range cue has the bias only"
        );
    }
}
