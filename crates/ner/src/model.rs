//! The trained model: a feature-hash → label-weights table plus the
//! capitalisation prior, with a compact versioned binary format.
//!
//! Format (little-endian): `BCNER` magic, version byte, label count byte,
//! f32 weight scale, u32 feature count, then per feature (sorted by hash) a
//! u64 hash, a u16 bitmask of labels with non-zero weight and one i16 per set
//! bit; then u32 prior count and per entry u64 word hash and u8 bucket;
//! then u32 cluster count and per entry u64 word hash and u16 classes;
//! then (version 4) the two span classifiers, missed names and review
//! ([`crate::spanclf::SpanModel::write`]); then (version 5) the actor
//! phrases ([`crate::actors::ActorTable`]): u32 count and per entry u64
//! phrase hash and u16 categories, then u32 count and per entry u64
//! first-word hash and u8 longest length.
//! Version 3 files (no span classifier) and 4 (no actors) still load.

use crate::clusters::Clusters;
use crate::features::{self, CapPrior, Lexicon, SentenceFeatures};
use crate::gazetteer::Gazetteer;
use crate::labels::N_LABELS;
use crate::spanclf::SpanModel;

const MAGIC: &[u8; 5] = b"BCNER";
const VERSION: u8 = 5;

/// Label lanes per stored row: the labels padded to 16 so that adding a row
/// is one fixed-width integer loop the compiler vectorises.
const LANES: usize = 16;

/// One slot of the open-addressing table: a feature hash (0: empty) and
/// the index of its row. Key and row index share a 16-byte slot so a hit
/// costs one cache line before the row (with the index in a separate array
/// a hit waited for a second, unprefetched line).
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    key: u64,
    row: u32,
}

/// Open-addressing table from feature hash to a row of quantised label
/// weights. Slots live apart from the rows, and the rows are packed (no
/// empty slots), so a lookup touches a small slot array and, on a hit, one
/// 32-byte row: the whole model stays far smaller than the cache-hostile
/// f32 table it replaced.
#[derive(Debug, Clone)]
pub struct Model {
    slots: Vec<Slot>,
    rows: Vec<[i16; LANES]>,
    /// Perceptron units per integer weight step.
    scale: f32,
    mask: usize,
    pub lex: Lexicon,
    pub gaz: Gazetteer,
    /// Second stage: names the tagger missed (empty: none added).
    pub span_model: SpanModel,
    /// Second stage: retypes or drops the tagger's spans (empty: keeps them).
    pub span_review: SpanModel,
}

/// Hash 0 marks an empty slot, so a real feature hashing to 0 is stored as 1.
fn fix_key(k: u64) -> u64 {
    if k == 0 {
        1
    } else {
        k
    }
}

/// Hint the CPU to start loading the cache line at `p`. Never dereferences.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Per-document memo of the tagger's label-pair scores. They depend on the
/// model and a token's short shape only, so a [`Scratch`] must not be
/// shared between models; one per document keeps it small.
#[derive(Debug, Default)]
pub struct Scratch {
    bigram: Option<crate::decode::Pair>,
    by_shape: features::FastMap<u64, usize>,
    pairs: Vec<crate::decode::Masked>,
}

/// Largest number of features whose lookups are overlapped at once.
const BATCH: usize = 64;

impl Model {
    /// Build from (feature, weights) rows, quantising the weights to i16
    /// (the precision the file stores, so a trained model scores exactly as
    /// it will after saving and loading).
    pub fn from_rows(rows: Vec<(u64, [f32; N_LABELS])>, lex: Lexicon) -> Model {
        let maxw = rows
            .iter()
            .flat_map(|r| r.1.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if maxw > 0.0 { maxw / 32767.0 } else { 1.0 };
        let q = rows
            .into_iter()
            .map(|(k, w)| {
                let mut r = [0i16; LANES];
                for (x, &v) in r.iter_mut().zip(&w) {
                    *x = (v / scale).round() as i16;
                }
                (k, r)
            })
            .collect();
        Model::from_quantised(q, scale, lex)
    }

    fn from_quantised(rows: Vec<(u64, [i16; LANES])>, scale: f32, lex: Lexicon) -> Model {
        // At most a third full: lookups probe 1.23 slots for a stored key
        // and 1.58 for an absent one (shipped model, 83,649 rows); at up to
        // two thirds (the table before) they probed 1.88 and 4.40, and
        // absent features, a tenth of a sentence's, paid for the long runs.
        let cap = (rows.len() * 3 + 1).next_power_of_two().max(16);
        let mut m = Model {
            slots: vec![Slot::default(); cap],
            rows: Vec::with_capacity(rows.len()),
            scale,
            mask: cap - 1,
            gaz: Gazetteer::with_actors(&lex.actors),
            lex,
            span_model: SpanModel::default(),
            span_review: SpanModel::default(),
        };
        for (k, w) in rows {
            let k = fix_key(k);
            let mut slot = (k as usize) & m.mask;
            while m.slots[slot].key != 0 && m.slots[slot].key != k {
                slot = (slot + 1) & m.mask;
            }
            if m.slots[slot].key == 0 {
                m.slots[slot] = Slot {
                    key: k,
                    row: m.rows.len() as u32,
                };
                m.rows.push(w);
            } else if let Some(r) = m.rows.get_mut(m.slots[slot].row as usize) {
                *r = w;
            }
        }
        m
    }

    #[inline]
    fn find(&self, k: u64) -> Option<usize> {
        let k = fix_key(k);
        let mut slot = (k as usize) & self.mask;
        loop {
            let s = self.slots[slot];
            if s.key == k {
                return Some(s.row as usize);
            }
            if s.key == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// The (dequantised) weights of one feature.
    pub fn weights_of(&self, k: u64) -> Option<[f32; N_LABELS]> {
        let r = self.rows.get(self.find(k)?)?;
        let mut w = [0f32; N_LABELS];
        for (x, &q) in w.iter_mut().zip(r) {
            *x = q as f32 * self.scale;
        }
        Some(w)
    }

    /// Integer label scores of `feats`, added into `acc`. Lookups miss the
    /// cache, so they run in passes over batches (prefetch key slots, resolve
    /// and prefetch rows, add rows) and the memory system serves many at once.
    #[inline]
    fn add_int(&self, feats: &[u64], acc: &mut [i32; LANES]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { self.add_int_avx2(feats, acc) };
        }
        self.add_int_body(feats, acc)
    }

    /// [`Model::add_int`] compiled for AVX2: a row's 16 lanes widen to i32
    /// in two instructions instead of SSE2's unpack-and-shift sequence.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn add_int_avx2(&self, feats: &[u64], acc: &mut [i32; LANES]) {
        self.add_int_body(feats, acc)
    }

    #[inline(always)]
    fn add_int_body(&self, feats: &[u64], acc: &mut [i32; LANES]) {
        // Bounds checks cost as much as the probes themselves here; every
        // index below is masked into the table or read from a slot, whose
        // row indices all index `rows` (see `from_quantised`), so plain
        // pointer reads are in range.
        debug_assert!(self.slots.len() == self.mask + 1);
        let slots = self.slots.as_ptr();
        let rows = self.rows.as_ptr();
        let mut found = [0u32; BATCH];
        for part in feats.chunks(BATCH) {
            for &f in part {
                prefetch(slots.wrapping_add(fix_key(f) as usize & self.mask));
            }
            let mut n = 0;
            for &f in part {
                let k = fix_key(f);
                let mut slot = k as usize & self.mask;
                loop {
                    // SAFETY: `slot` is masked to the table's length.
                    let s = unsafe { *slots.add(slot) };
                    if s.key == k {
                        let r = s.row;
                        prefetch(rows.wrapping_add(r as usize));
                        found[n] = r;
                        n += 1;
                        break;
                    }
                    if s.key == 0 {
                        break;
                    }
                    slot = (slot + 1) & self.mask;
                }
            }
            for &r in &found[..n] {
                // SAFETY: every stored row index is below `rows.len()`.
                let row = unsafe { &*rows.add(r as usize) };
                for (a, &w) in acc.iter_mut().zip(row) {
                    *a += w as i32;
                }
            }
        }
    }

    /// Shift one label's prior (the weight of [`features::BIAS`]) by
    /// `delta`: a negative shift on `O` trades precision for recall.
    pub fn shift_prior(&mut self, label: u8, delta: f32) {
        let Some(r) = self.find(features::BIAS) else {
            return;
        };
        if let Some(x) = self
            .rows
            .get_mut(r)
            .and_then(|row| row.get_mut(label as usize))
        {
            let q = (*x as f32 + delta / self.scale).round();
            *x = q.clamp(i16::MIN as f32, i16::MAX as f32) as i16;
        }
    }

    /// Add the weights of `feats` into `scores`.
    #[inline]
    pub fn accumulate(&self, feats: &[u64], scores: &mut [f32; N_LABELS]) {
        let mut acc = [0i32; LANES];
        self.add_int(feats, &mut acc);
        for (s, &a) in scores.iter_mut().zip(&acc) {
            *s += a as f32 * self.scale;
        }
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Viterbi BILOU decoding of one sentence, predicting its part-of-speech tags first.
    pub fn tag(&self, forms: &[&str]) -> Vec<u8> {
        let pos = crate::pos::predict(forms);
        let pos: Vec<&str> = pos.iter().map(String::as_str).collect();
        self.tag_with_pos(forms, &pos)
    }

    /// Viterbi BILOU decoding of one sentence with known (predicted) XPOS tags.
    pub fn tag_with_pos(&self, forms: &[&str], xpos: &[&str]) -> Vec<u8> {
        let sf = features::extract(forms, xpos, &self.gaz, &self.lex);
        self.tag_features(&sf, forms.len(), &mut Scratch::default())
    }

    /// Entity spans of one sentence with known (predicted) XPOS tags:
    /// the decoded labels with person titles left out (see
    /// [`crate::recognize::strip_titles`]), the span classifier's
    /// additions, then UNER's conventions for mail names
    /// ([`crate::mailname`]), group plurals and storms
    /// ([`crate::nonentity`]), shop possessives ([`crate::possessive`]),
    /// legal forms ([`crate::legal`]), hyphenated Arabic articles
    /// ([`crate::article`]), initials ([`crate::initials`]), quoted
    /// "Surname , Given" pairs ([`crate::listname`]) and trailing weekdays
    /// ([`crate::weekday`]).
    pub fn spans_with_pos(&self, forms: &[&str], xpos: &[&str]) -> Vec<crate::labels::Span> {
        self.spans_with_pos_in(forms, xpos, &mut Scratch::default())
    }

    /// [`Model::spans_with_pos`] reusing `scratch` across the sentences of
    /// one document (same spans, fewer lookups).
    pub fn spans_with_pos_in(
        &self,
        forms: &[&str],
        xpos: &[&str],
        scratch: &mut Scratch,
    ) -> Vec<crate::labels::Span> {
        let mut spans = self.learned_spans(forms, xpos, scratch);
        // UNER conventions the tagger cannot learn from GUM or from the few
        // web-text examples it sees.
        crate::mailname::add_mail_names(forms, &mut spans);
        crate::nonentity::drop_non_entities(&self.gaz, forms, xpos, &mut spans);
        crate::possessive::add_business_possessives(forms, xpos, &mut spans);
        crate::legal::add_legal_forms(forms, &mut spans);
        crate::article::join_article_names(forms, &mut spans);
        crate::initials::add_initials(&self.gaz, forms, &mut spans);
        crate::listname::join_listed_names(forms, &mut spans);
        crate::weekday::drop_trailing_weekdays(forms, &mut spans);
        spans
    }

    /// The spans of the learned models alone: the tagger's and those the
    /// span classifier adds, before the convention rules of
    /// [`Model::spans_with_pos`]. Self-training labels come from here, so
    /// the rules never feed back into what the tagger learns.
    /// `scratch` memoises label-pair scores across the sentences of one
    /// document (see [`Scratch`]).
    pub(crate) fn learned_spans(
        &self,
        forms: &[&str],
        xpos: &[&str],
        scratch: &mut Scratch,
    ) -> Vec<crate::labels::Span> {
        let (mut spans, sf) = self.tagger_spans(forms, xpos, scratch);
        if !self.span_model.is_empty() || !self.span_review.is_empty() {
            let margin = |i: usize| self.margin(&sf, i);
            let (g, l) = (&self.gaz, &self.lex);
            let added = self.span_model.missed(forms, xpos, g, l, &margin, &spans);
            self.span_review
                .review(forms, xpos, g, l, &margin, &mut spans);
            if !added.is_empty() {
                spans.extend(added);
                spans.sort();
            }
        }
        spans
    }

    /// The sequence tagger's spans alone (titles stripped, no second
    /// stage) and the sentence's features.
    pub fn tagger_spans(
        &self,
        forms: &[&str],
        xpos: &[&str],
        scratch: &mut Scratch,
    ) -> (Vec<crate::labels::Span>, SentenceFeatures) {
        let sf = features::extract(forms, xpos, &self.gaz, &self.lex);
        let mut spans = crate::labels::decode(&self.tag_features(&sf, forms.len(), scratch));
        crate::recognize::strip_titles(&self.gaz, forms, &mut spans);
        (spans, sf)
    }

    /// How much the tagger's best label of each entity type outscores `O`
    /// on token `i`, before transitions (PER, ORG, LOC).
    pub fn margin(&self, sf: &SentenceFeatures, i: usize) -> [f32; 3] {
        let mut e = [0f32; N_LABELS];
        if i + 1 < sf.offsets.len() {
            self.accumulate(sf.token(i), &mut e);
        }
        let mut out = [0f32; 3];
        for (t, m) in out.iter_mut().enumerate() {
            let best = e[1 + 4 * t..5 + 4 * t]
                .iter()
                .fold(f32::NEG_INFINITY, |a, &b| a.max(b));
            *m = best - e[0];
        }
        out
    }

    /// Posterior label marginals of the sequence tagger over one
    /// sentence's features (the CRF's forward-backward on the same scores
    /// Viterbi decodes; `None` for an empty sentence). Not used in decoding:
    /// it is there for confidence-based uses (which tokens the tagger is
    /// sure of), and costs about twice a Viterbi pass.
    pub fn marginals(&self, sf: &SentenceFeatures) -> Option<crate::crf::Marginals> {
        let n = sf.shape_h.len();
        if n == 0 || sf.offsets.len() != n + 1 {
            return None;
        }
        let mut lat = crate::crf::Lattice {
            emit: vec![[0f32; N_LABELS]; n],
            trans: vec![[[0f32; N_LABELS]; N_LABELS]; n],
        };
        for i in 0..n {
            self.accumulate(sf.token(i), &mut lat.emit[i]);
            for (p, row) in lat.trans[i].iter_mut().enumerate() {
                if i > 0 || p == crate::labels::O as usize {
                    self.accumulate(&features::history(sf, i, p as u8), row);
                }
            }
        }
        crate::crf::marginals(&lat)
    }

    /// Viterbi labels of a sentence's features, with label-pair scores
    /// memoised in `scratch`.
    pub(crate) fn tag_features(
        &self,
        sf: &SentenceFeatures,
        n: usize,
        scratch: &mut Scratch,
    ) -> Vec<u8> {
        if n == 0 || sf.shape_h.len() < n || sf.offsets.len() <= n {
            return Vec::new();
        }
        // The previous-label-only feature is the same for every token and
        // sentence: look it up once per scratch.
        let bigram = *scratch.bigram.get_or_insert_with(|| {
            let mut bigram = [[0f32; N_LABELS]; N_LABELS];
            for (p, row) in bigram.iter_mut().enumerate() {
                self.accumulate(&[features::history(sf, 0, p as u8)[0]], row);
            }
            bigram
        });
        // The label-pair scores depend on the previous label and the
        // token's shape only, and a document has few distinct shapes:
        // score each shape once per scratch instead of once per token.
        let mut which = Vec::with_capacity(n);
        for i in 0..n {
            let h = sf.shape_h[i];
            let k = match scratch.by_shape.get(&h) {
                Some(&k) => k,
                None => {
                    let mut rows = bigram;
                    for (p, row) in rows.iter_mut().enumerate() {
                        self.accumulate(&[features::history(sf, i, p as u8)[1]], row);
                    }
                    scratch.pairs.push(crate::decode::masked(&rows));
                    let k = scratch.pairs.len() - 1;
                    scratch.by_shape.insert(h, k);
                    k
                }
            };
            which.push(k);
        }
        let emit: Vec<[f32; N_LABELS]> = (0..n)
            .map(|i| {
                let mut e = [0f32; N_LABELS];
                self.accumulate(sf.token(i), &mut e);
                e
            })
            .collect();
        let pairs = &scratch.pairs;
        crate::decode::viterbi_rows(&emit, |i| &pairs[which[i]])
    }

    /// Serialise to the binary format (rows sorted by hash, so bytes are reproducible).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(u64, &[i16; LANES])> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .filter_map(|s| Some((s.key, self.rows.get(s.row as usize)?)))
            .collect();
        rows.sort_by_key(|r| r.0);
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        // Without actor phrases the file is the version 4 layout, byte for
        // byte (a model trained without the dictionaries stays unchanged).
        let actors = &self.lex.actors;
        b.push(if actors.is_empty() { 4 } else { VERSION });
        b.push(N_LABELS as u8);
        b.extend_from_slice(&self.scale.to_le_bytes());
        b.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, q) in rows {
            let mut mask = 0u16;
            for (l, &v) in q.iter().take(N_LABELS).enumerate() {
                if v != 0 {
                    mask |= 1 << l;
                }
            }
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&mask.to_le_bytes());
            for &v in q.iter().take(N_LABELS).filter(|&&v| v != 0) {
                b.extend_from_slice(&v.to_le_bytes());
            }
        }
        let mut prior: Vec<(u64, u8)> =
            self.lex.prior.table.iter().map(|(&k, &v)| (k, v)).collect();
        prior.sort_unstable();
        b.extend_from_slice(&(prior.len() as u32).to_le_bytes());
        for (k, v) in prior {
            b.extend_from_slice(&k.to_le_bytes());
            b.push(v);
        }
        let mut cl: Vec<(u64, u16)> = self
            .lex
            .clusters
            .table
            .iter()
            .map(|(&k, &v)| (k, v))
            .collect();
        cl.sort_unstable();
        b.extend_from_slice(&(cl.len() as u32).to_le_bytes());
        for (k, v) in cl {
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&v.to_le_bytes());
        }
        self.span_model.write(&mut b);
        self.span_review.write(&mut b);
        if actors.is_empty() {
            return b;
        }
        b.extend_from_slice(&(actors.phrases.len() as u32).to_le_bytes());
        for &(k, c) in &actors.phrases {
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&c.to_le_bytes());
        }
        b.extend_from_slice(&(actors.first.len() as u32).to_le_bytes());
        for &(k, n) in &actors.first {
            b.extend_from_slice(&k.to_le_bytes());
            b.push(n);
        }
        b
    }

    /// Parse the binary format; any truncation or mismatch is an error.
    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let mut r = Reader { b, p: 0 };
        if r.take(5)? != MAGIC {
            return Err("not a backchannel NER model (bad magic)".into());
        }
        let version = r.u8()?;
        if !(3..=VERSION).contains(&version) {
            return Err(format!("unsupported NER model version {version}"));
        }
        let nl = r.u8()? as usize;
        if nl != N_LABELS {
            return Err(format!("model has {nl} labels, expected {N_LABELS}"));
        }
        let scale = f32::from_le_bytes(r.array()?);
        let n = u32::from_le_bytes(r.array()?) as usize;
        let mut rows = Vec::with_capacity(n.min(1 << 24));
        for _ in 0..n {
            let k = u64::from_le_bytes(r.array()?);
            let mask = u16::from_le_bytes(r.array()?);
            let mut w = [0i16; LANES];
            for (l, x) in w.iter_mut().take(N_LABELS).enumerate() {
                if mask & (1 << l) != 0 {
                    *x = i16::from_le_bytes(r.array()?);
                }
            }
            rows.push((k, w));
        }
        let np = u32::from_le_bytes(r.array()?) as usize;
        let mut prior = CapPrior::default();
        prior.table.reserve(np.min(1 << 24));
        for _ in 0..np {
            let k = u64::from_le_bytes(r.array()?);
            prior.table.insert(k, r.u8()?);
        }
        let nc = u32::from_le_bytes(r.array()?) as usize;
        let mut clusters = Clusters::default();
        clusters.table.reserve(nc.min(1 << 24));
        for _ in 0..nc {
            let k = u64::from_le_bytes(r.array()?);
            clusters.table.insert(k, u16::from_le_bytes(r.array()?));
        }
        // Version 3 files end here; version 4 adds the span model.
        let (span_model, span_review) = if version >= 4 {
            (SpanModel::read(b, &mut r.p)?, SpanModel::read(b, &mut r.p)?)
        } else {
            (SpanModel::default(), SpanModel::default())
        };
        let mut actors = crate::actors::ActorTable::default();
        if version >= 5 {
            let n = u32::from_le_bytes(r.array()?) as usize;
            actors.phrases.reserve(n.min(1 << 24));
            for _ in 0..n {
                let k = u64::from_le_bytes(r.array()?);
                actors.phrases.push((k, u16::from_le_bytes(r.array()?)));
            }
            let n = u32::from_le_bytes(r.array()?) as usize;
            actors.first.reserve(n.min(1 << 24));
            for _ in 0..n {
                let k = u64::from_le_bytes(r.array()?);
                actors.first.push((k, r.u8()?));
            }
        }
        if r.p != b.len() {
            return Err("trailing bytes after NER model".into());
        }
        if !(scale.is_finite() && scale > 0.0) {
            return Err("bad weight scale in NER model".into());
        }
        let mut m = Model::from_quantised(
            rows,
            scale,
            Lexicon {
                prior,
                clusters,
                actors,
            },
        );
        m.span_model = span_model;
        m.span_review = span_review;
        Ok(m)
    }
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self
            .b
            .get(self.p..self.p + n)
            .ok_or_else(|| "truncated NER model".to_string())?;
        self.p += n;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let mut w = [0f32; N_LABELS];
        w[3] = 1.5;
        w[0] = -0.25;
        let mut lex = Lexicon::default();
        lex.prior.table.insert(42, 7);
        lex.clusters.table.insert(43, 0x0102);
        let m = Model::from_rows(vec![(7, w), (0, w)], lex);
        let b = m.to_bytes();
        let m2 = Model::from_bytes(&b).unwrap();
        assert_eq!(m2.len(), 2);
        assert_eq!(m2.to_bytes(), b);
        let r = m2.weights_of(7).unwrap();
        assert!((r[3] - 1.5).abs() < 1e-3 && (r[0] + 0.25).abs() < 1e-3);
        assert!(Model::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(Model::from_bytes(b"hello").is_err());
        assert!(Model::from_bytes(&[]).is_err());
    }
}
