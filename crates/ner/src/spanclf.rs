//! Second-stage span classifier: recall for names the sequence tagger left out.
//!
//! The BILOU tagger decides token by token and is conservative on unknown
//! single-word names (companies, shops, web sites) in web text. This model
//! looks at whole candidate spans instead — maximal runs of predicted
//! proper-noun tags that the tagger left untouched — with whole-span
//! features (every word, head word and its suffix, the words around the
//! span, capitalisation priors, word classes, gazetteer categories) and
//! decides between "no name", PER, ORG and LOC. A candidate becomes an
//! entity only when a name type beats "no name" by a margin, so the
//! tagger's precise decisions stay as they are and only its misses are added.
//!
//! The same model class can also review the tagger's own spans (retype or
//! drop them, [`SpanModel::review`]); trained that way it cost more right
//! spans than it fixed, so the shipped model's review part is empty.
//!
//! Tried and not kept: single organisation-shaped words the POS tagger did
//! not call proper nouns as extra candidates (acronyms of 2-6 letters,
//! "AT&T", inner capitals "NiMo"/"eBay"; not in mostly upper-case
//! sentences), for the 10 all-caps UNER dev organisations tagged as common
//! nouns ("CPA" 6 times). Doc-split 2-fold UNER dev cv (`cv
//! /work/shared/corpora 10 10 0 0 0`), seeds 1 / 2: 69.32 / 69.40 ->
//! 69.53 / 69.62, but ORG F1 50.63 -> 50.37 on seed 1, and the new
//! candidates themselves added one right name ("CPA", seed 2) and three
//! wrong ones ("PayPal" twice as ORG); the rest of the change is the
//! retrained span model shifting elsewhere (within the retraining noise).

use crate::features::{hash_str, mix, normalize, FastMap, Lexicon};
use crate::gazetteer::{Cat, Gazetteer};
use crate::labels::{EntType, Span};
use crate::train::Rng;

/// The tagger's per-type margin over `O` of a token (see [`crate::Model::margin`]).
pub type Margin<'a> = dyn Fn(usize) -> [f32; 3] + 'a;

/// Signed log-scale bucket of a score margin.
fn bucket(v: f32) -> u64 {
    if !v.is_finite() {
        return 99;
    }
    let m = (v.abs() + 1.0).log2().floor().min(8.0) as i64;
    (if v < 0.0 { 20 - m } else { 20 + m }) as u64
}

/// Classes: no name, then the entity types in [`EntType::ALL`] order.
pub const N_CLASSES: usize = 4;

/// A linear multi-class model over hashed span features, with quantised weights.
#[derive(Debug, Clone)]
pub struct SpanModel {
    rows: FastMap<u64, [i16; N_CLASSES]>,
    scale: f32,
    /// Margin a name type must have over "no name" for a span to be added.
    pub threshold: f32,
}

impl Default for SpanModel {
    /// An empty model (adds and changes nothing).
    fn default() -> Self {
        SpanModel {
            rows: FastMap::default(),
            scale: 1.0,
            threshold: 0.0,
        }
    }
}

/// Maximal runs of proper-noun tags, without leading titles or edge
/// punctuation; none when the sentence has no tags.
pub fn candidates(forms: &[&str], xpos: &[&str], gaz: &Gazetteer) -> Vec<(usize, usize)> {
    let n = forms.len();
    if xpos.len() != n {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !crate::pos::is_proper(xpos[i]) {
            i += 1;
            continue;
        }
        let mut a = i;
        while i < n && crate::pos::is_proper(xpos[i]) {
            i += 1;
        }
        let mut b = i;
        let wordy = |w: &str| w.chars().any(char::is_alphanumeric);
        while a < b && (!wordy(forms[a]) || crate::recognize::is_title(gaz, forms[a])) {
            a += 1;
        }
        while b > a && !wordy(forms[b - 1]) {
            b -= 1;
        }
        if a < b
            && forms[a..b]
                .iter()
                .any(|w| w.chars().any(char::is_alphabetic))
        {
            out.push((a, b));
        }
    }
    out
}

/// Feature hashes of the span `a..b` of a sentence.
pub fn features(
    forms: &[&str],
    xpos: &[&str],
    a: usize,
    b: usize,
    gaz: &Gazetteer,
    lex: &Lexicon,
    margin: Option<&Margin>,
) -> Vec<u64> {
    let mut f = Vec::with_capacity(48);
    if let Some(m) = margin {
        // The tagger's own (rejected) opinion: its best margin per type
        // over the span, and which type came closest.
        let mut best = [f32::NEG_INFINITY; 3];
        for i in a..b {
            for (x, v) in best.iter_mut().zip(m(i)) {
                *x = x.max(v);
            }
        }
        let mut top = 0;
        for t in 1..3 {
            if best[t] > best[top] {
                top = t;
            }
        }
        for (t, &v) in best.iter().enumerate() {
            f.push(mix(230, t as u64, bucket(v)));
        }
        f.push(mix(231, top as u64, bucket(best[top])));
        f.push(mix(232, top as u64, (b - a).min(3) as u64));
    }
    let lower: Vec<String> = forms[a..b].iter().map(|w| normalize(w)).collect();
    let h0: Vec<u64> = lower.iter().map(|w| hash_str(0, w)).collect();
    let word = |i: isize| -> u64 {
        if i < 0 {
            hash_str(0, "<s>")
        } else {
            forms
                .get(i as usize)
                .map_or(hash_str(0, "</s>"), |w| hash_str(0, &normalize(w)))
        }
    };
    let tag = |i: isize| -> u64 {
        if i < 0 {
            1
        } else {
            xpos.get(i as usize).map_or(2, |t| hash_str(0, t))
        }
    };
    let len = (b - a).min(4) as u64;
    f.push(mix(200, 0, 0));
    f.push(mix(201, len, 0));
    for &h in &h0 {
        f.push(mix(202, h, 0));
    }
    let (first, last) = (h0[0], h0[h0.len() - 1]);
    f.push(mix(203, first, 0));
    f.push(mix(204, last, 0));
    let head = &lower[lower.len() - 1];
    let nchars = head.chars().count();
    if nchars > 3 {
        let start = head.char_indices().nth(nchars - 3).map_or(0, |(p, _)| p);
        f.push(mix(205, hash_str(0, &head[start..]), 0));
    }
    let mut shape = String::new();
    let mut tmp = String::new();
    for w in &forms[a..b] {
        crate::features::short_shape_into(w, &mut tmp);
        if !shape.is_empty() {
            shape.push('_');
        }
        shape.push_str(&tmp);
        if shape.len() > 24 {
            break;
        }
    }
    let sh = hash_str(0, &shape);
    f.push(mix(206, sh, 0));
    let (ai, bi) = (a as isize, b as isize);
    let (p1, p2, n1, n2) = (word(ai - 1), word(ai - 2), word(bi), word(bi + 1));
    f.push(mix(207, p1, 0));
    f.push(mix(208, p2, p1));
    f.push(mix(209, n1, 0));
    f.push(mix(210, n1, n2));
    f.push(mix(211, p1, n1));
    f.push(mix(212, p1, len));
    f.push(mix(213, tag(ai - 1), 0));
    f.push(mix(214, tag(bi), 0));
    f.push(mix(215, tag(ai - 1), tag(bi)));
    f.push(mix(216, (a == 0) as u64, sh));
    let mut min_bucket = u64::MAX;
    for &h in &h0 {
        let bk = lex.prior.bucket_by_hash(h) as u64;
        min_bucket = min_bucket.min(bk);
        f.push(mix(217, bk, 0));
        let (fine, coarse) = lex.clusters.get_by_hash(h);
        f.push(mix(218, fine as u64, 0));
        f.push(mix(219, coarse as u64, 0));
    }
    f.push(mix(220, min_bucket, len));
    let (hf, _) = lex.clusters.get_by_hash(last);
    f.push(mix(221, hf as u64, 0));
    f.push(mix(222, lex.prior.bucket_by_hash(last) as u64, sh));
    let whole = gaz.lookup(&forms[a..b].join(" "));
    for cat in Cat::ALL {
        if whole & cat.bit() != 0 {
            f.push(mix(223, cat as u64, 0));
        }
    }
    for (k, w) in lower.iter().enumerate() {
        let cats = gaz.lookup(w);
        let at = if k + 1 == lower.len() {
            2
        } else if k == 0 {
            1
        } else {
            3
        };
        for cat in Cat::ALL {
            if cats & cat.bit() != 0 {
                f.push(mix(224, cat as u64, at));
            }
        }
    }
    for i in [ai - 1, bi] {
        if i >= 0 {
            if let Some(w) = forms.get(i as usize) {
                let cats = gaz.lookup(w);
                for cat in Cat::ALL {
                    if cats & cat.bit() != 0 {
                        f.push(mix(225, cat as u64, (i == bi) as u64));
                    }
                }
            }
        }
    }
    f
}

impl SpanModel {
    /// Class scores of a span's features.
    pub fn scores(&self, feats: &[u64]) -> [f32; N_CLASSES] {
        let mut s = [0f32; N_CLASSES];
        for k in feats {
            if let Some(r) = self.rows.get(k) {
                for (x, &w) in s.iter_mut().zip(r) {
                    *x += w as f32 * self.scale;
                }
            }
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The candidates no span in `found` overlaps that this model accepts.
    pub fn missed(
        &self,
        forms: &[&str],
        xpos: &[&str],
        gaz: &Gazetteer,
        lex: &Lexicon,
        margin: &Margin,
        found: &[Span],
    ) -> Vec<Span> {
        let mut out = Vec::new();
        if self.rows.is_empty() {
            return out;
        }
        for (a, b) in candidates(forms, xpos, gaz) {
            if found.iter().any(|s| s.start < b && a < s.end) {
                continue;
            }
            let s = self.scores(&features(forms, xpos, a, b, gaz, lex, Some(margin)));
            let (best, top) = (1..N_CLASSES)
                .map(|c| (c, s[c]))
                .fold((1, f32::NEG_INFINITY), |m, x| if x.1 > m.1 { x } else { m });
            if top - s[0] > self.threshold {
                out.push(Span {
                    start: a,
                    end: b,
                    kind: EntType::ALL[best - 1],
                });
            }
        }
        out
    }

    /// Second opinion on the tagger's spans: a span whose best class beats
    /// the tagger's type by more than the threshold takes that type, or is
    /// dropped when the best class is "no name".
    pub fn review(
        &self,
        forms: &[&str],
        xpos: &[&str],
        gaz: &Gazetteer,
        lex: &Lexicon,
        margin: &Margin,
        spans: &mut Vec<Span>,
    ) {
        if self.rows.is_empty() || xpos.len() != forms.len() {
            return;
        }
        spans.retain_mut(|s| {
            if s.end > forms.len() || s.start >= s.end {
                return true;
            }
            let sc = self.scores(&found_features(forms, xpos, s, gaz, lex, margin));
            let cur = class_of(s.kind);
            let mut best = cur;
            for c in 0..N_CLASSES {
                if sc[c] > sc[best] {
                    best = c;
                }
            }
            if best == cur || sc[best] - sc[cur] <= self.threshold {
                return true;
            }
            if best == 0 {
                return false;
            }
            s.kind = EntType::ALL[best - 1];
            true
        });
    }

    /// Serialise: u32 row count, f32 scale, f32 threshold, rows sorted by key
    /// (u64 key, one i16 per class).
    pub fn write(&self, b: &mut Vec<u8>) {
        let mut rows: Vec<(&u64, &[i16; N_CLASSES])> = self.rows.iter().collect();
        rows.sort_unstable_by_key(|r| *r.0);
        b.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        b.extend_from_slice(&self.scale.to_le_bytes());
        b.extend_from_slice(&self.threshold.to_le_bytes());
        for (k, w) in rows {
            b.extend_from_slice(&k.to_le_bytes());
            for v in w {
                b.extend_from_slice(&v.to_le_bytes());
            }
        }
    }

    /// Build from averaged float weights, dropping rows below `prune`.
    fn from_weights(w: FastMap<u64, [f32; N_CLASSES]>, prune: f32, threshold: f32) -> SpanModel {
        let maxw = w
            .values()
            .flat_map(|r| r.iter())
            .fold(0f32, |m, x| m.max(x.abs()));
        let scale = if maxw > 0.0 { maxw / 32767.0 } else { 1.0 };
        let rows = w
            .into_iter()
            .filter(|(_, r)| r.iter().any(|x| x.abs() >= prune))
            .map(|(k, r)| {
                let mut q = [0i16; N_CLASSES];
                for (x, v) in q.iter_mut().zip(r) {
                    *x = (v / scale).round() as i16;
                }
                (k, q)
            })
            .collect();
        SpanModel {
            rows,
            scale,
            threshold,
        }
    }

    /// Parse what [`SpanModel::write`] wrote, from `b[*p..]`, advancing `p`.
    pub fn read(b: &[u8], p: &mut usize) -> Result<SpanModel, String> {
        let mut take = |n: usize| -> Result<&[u8], String> {
            let s = b
                .get(*p..*p + n)
                .ok_or_else(|| "truncated NER span model".to_string())?;
            *p += n;
            Ok(s)
        };
        let u32_at = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        let n = u32_at(take(4)?) as usize;
        let scale = f32::from_bits(u32_at(take(4)?));
        let threshold = f32::from_bits(u32_at(take(4)?));
        if !(scale.is_finite() && scale > 0.0 && threshold.is_finite()) {
            return Err("bad NER span model header".into());
        }
        let mut rows = FastMap::default();
        rows.reserve(n.min(1 << 22));
        for _ in 0..n {
            let k = take(8)?;
            let key = u64::from_le_bytes([k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]]);
            let mut q = [0i16; N_CLASSES];
            for x in q.iter_mut() {
                let v = take(2)?;
                *x = i16::from_le_bytes([v[0], v[1]]);
            }
            rows.insert(key, q);
        }
        Ok(SpanModel {
            rows,
            scale,
            threshold,
        })
    }
}

/// Features of a span the tagger found as `kind`: the span features plus
/// the tagger's type (so the weights learn where that type is wrong).
fn found_features(
    forms: &[&str],
    xpos: &[&str],
    s: &Span,
    gaz: &Gazetteer,
    lex: &Lexicon,
    margin: &Margin,
) -> Vec<u64> {
    let mut f = features(forms, xpos, s.start, s.end, gaz, lex, Some(margin));
    let k = class_of(s.kind) as u64;
    let n = f.len();
    // Every feature again, conjoined with the tagger's type.
    for i in 0..n {
        f.push(mix(240, f[i], k));
    }
    f.push(mix(241, k, 0));
    f
}

fn class_of(t: EntType) -> usize {
    1 + EntType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

/// Samples for the reviewing model: each span the tagger found, with the
/// gold type of the same exact span (0 when gold has no such span).
pub fn review_samples(
    forms: &[&str],
    xpos: &[&str],
    gold: &[Span],
    found: &[Span],
    gaz: &Gazetteer,
    lex: &Lexicon,
    margin: &Margin,
) -> Vec<Sample> {
    found
        .iter()
        .map(|s| {
            let class = gold
                .iter()
                .find(|g| g.start == s.start && g.end == s.end)
                .map_or(0, |g| class_of(g.kind));
            (found_features(forms, xpos, s, gaz, lex, margin), class)
        })
        .collect()
}

/// One training candidate: features and class (0 = no name).
type Sample = (Vec<u64>, usize);

/// Candidates of one tagged sentence that no `found` span overlaps, with
/// their gold classes.
pub fn samples(
    forms: &[&str],
    xpos: &[&str],
    gold: &[Span],
    found: &[Span],
    gaz: &Gazetteer,
    lex: &Lexicon,
    margin: Option<&Margin>,
) -> Vec<Sample> {
    candidates(forms, xpos, gaz)
        .into_iter()
        .filter(|&(a, b)| !found.iter().any(|s| s.start < b && a < s.end))
        .map(|(a, b)| {
            let class = gold
                .iter()
                .find(|s| s.start == a && s.end == b)
                .map_or(0, |s| {
                    1 + EntType::ALL.iter().position(|t| *t == s.kind).unwrap_or(0)
                });
            (features(forms, xpos, a, b, gaz, lex, margin), class)
        })
        .collect()
}

/// Train an averaged multi-class perceptron (deterministic for a seed).
pub fn train(
    samples: &[Sample],
    epochs: usize,
    seed: u64,
    prune: f32,
    threshold: f32,
) -> SpanModel {
    let mut w: FastMap<u64, [f32; N_CLASSES]> = FastMap::default();
    let mut acc: FastMap<u64, [f32; N_CLASSES]> = FastMap::default();
    let mut step = 0f32;
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut rng = Rng::new(seed);
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            step += 1.0;
            let (feats, gold) = &samples[i];
            let mut s = [0f32; N_CLASSES];
            for k in feats {
                if let Some(r) = w.get(k) {
                    for (x, v) in s.iter_mut().zip(r) {
                        *x += v;
                    }
                }
            }
            let mut pred = 0;
            for c in 1..N_CLASSES {
                if s[c] > s[pred] {
                    pred = c;
                }
            }
            if pred == *gold {
                continue;
            }
            for &k in feats {
                let r = w.entry(k).or_insert([0.0; N_CLASSES]);
                r[*gold] += 1.0;
                r[pred] -= 1.0;
                let r = acc.entry(k).or_insert([0.0; N_CLASSES]);
                r[*gold] += step;
                r[pred] -= step;
            }
        }
    }
    let c = step.max(1.0);
    let avg: FastMap<u64, [f32; N_CLASSES]> = w
        .into_iter()
        .map(|(k, r)| {
            let a = acc.get(&k).copied().unwrap_or([0.0; N_CLASSES]);
            let mut out = [0f32; N_CLASSES];
            for l in 0..N_CLASSES {
                out[l] = r[l] - a[l] / c;
            }
            (k, out)
        })
        .collect();
    SpanModel::from_weights(avg, prune, threshold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_proper_noun_runs_without_titles() {
        let g = Gazetteer::builtin();
        let forms = ["Mr.", "Smith", "met", "Acme", "Corp", "in", "Oslo", "."];
        let tags = ["NNP", "NNP", "VBD", "NNP", "NNP", "IN", "NNP", "."];
        assert_eq!(candidates(&forms, &tags, &g), vec![(1, 2), (3, 5), (6, 7)]);
        assert!(candidates(&forms, &[], &g).is_empty());
    }

    #[test]
    fn review_retypes_and_drops() {
        let g = Gazetteer::builtin();
        let lex = Lexicon::default();
        let zero = |_: usize| [0f32; 3];
        let forms = ["I", "work", "at", "Zapco", "now", "."];
        let tags = ["PRP", "VBP", "IN", "NNP", "RB", "."];
        let sp = |kind| Span {
            start: 3,
            end: 4,
            kind,
        };
        let found = [sp(EntType::Per)];
        let data = review_samples(&forms, &tags, &[sp(EntType::Org)], &found, &g, &lex, &zero);
        let m = train(&data, 5, 1, 0.0, 0.0);
        let mut spans = found.to_vec();
        m.review(&forms, &tags, &g, &lex, &zero, &mut spans);
        assert_eq!(spans, vec![sp(EntType::Org)]);
        // "Zapco" is no name here, "Kim" is a person: Zapco's span is dropped.
        let kim = ["Kim", "called", "."];
        let kim_tags = ["NNP", "VBD", "."];
        let kim_span = [Span {
            start: 0,
            end: 1,
            kind: EntType::Per,
        }];
        let mut data = review_samples(&kim, &kim_tags, &kim_span, &kim_span, &g, &lex, &zero);
        data.extend(review_samples(&forms, &tags, &[], &found, &g, &lex, &zero));
        let m = train(&data, 5, 1, 0.0, 0.0);
        let mut spans = found.to_vec();
        m.review(&forms, &tags, &g, &lex, &zero, &mut spans);
        assert!(spans.is_empty());
        let mut spans = kim_span.to_vec();
        m.review(&kim, &kim_tags, &g, &lex, &zero, &mut spans);
        assert_eq!(spans, kim_span.to_vec());
        // An empty model keeps everything.
        let mut spans = found.to_vec();
        SpanModel::default().review(&forms, &tags, &g, &lex, &zero, &mut spans);
        assert_eq!(spans, found.to_vec());
    }

    #[test]
    fn learns_and_round_trips() {
        let g = Gazetteer::builtin();
        let lex = Lexicon::default();
        let forms = ["I", "work", "at", "Zapco", "now", "."];
        let tags = ["PRP", "VBP", "IN", "NNP", "RB", "."];
        let gold = [Span {
            start: 3,
            end: 4,
            kind: EntType::Org,
        }];
        let other = ["I", "saw", "Monday", "."];
        let other_tags = ["PRP", "VBD", "NNP", "."];
        let zero = |_: usize| [0f32; 3];
        let mut data = samples(&forms, &tags, &gold, &[], &g, &lex, Some(&zero));
        data.extend(samples(
            &other,
            &other_tags,
            &[],
            &[],
            &g,
            &lex,
            Some(&zero),
        ));
        let m = train(&data, 5, 1, 0.0, 0.0);
        let spans = m.missed(&forms, &tags, &g, &lex, &zero, &[]);
        assert_eq!(spans, gold.to_vec());
        assert!(m.missed(&forms, &tags, &g, &lex, &zero, &gold).is_empty());
        assert!(m
            .missed(&other, &other_tags, &g, &lex, &zero, &[])
            .is_empty());
        let mut b = Vec::new();
        m.write(&mut b);
        let mut p = 0;
        let m2 = SpanModel::read(&b, &mut p).unwrap();
        assert_eq!(p, b.len());
        let mut b2 = Vec::new();
        m2.write(&mut b2);
        assert_eq!(b, b2);
        assert!(SpanModel::read(&b[..b.len() - 1], &mut 0).is_err());
    }
}
