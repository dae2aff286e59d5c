//! The BIO tagger's model (emission, feature-conditioned label-pair and
//! transition weights) with first-order Viterbi decoding, its binary
//! format, and the averaged structured perceptron that trained it before
//! [`crate::crf`] (still there: `ATTRIB_CRF=0`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::features::Lexicon;
use crate::joint_slots::JointSlots;
use crate::rows::Rows;
use crate::table::{from_map, max_abs, Table};
use crate::word_slots::WordIndex;

/// Number of labels: O, B/I for source, cue and content.
pub const NL: usize = 7;
pub const O: u8 = 0;

/// Role of a label: 0 none, 1 source, 2 cue, 3 content.
pub fn role(l: u8) -> u8 {
    l.div_ceil(2)
}

pub fn is_begin(l: u8) -> bool {
    l != 0 && l % 2 == 1
}

/// Label for a role (1..=3) at the beginning or inside of a span.
pub fn label(role: u8, begin: bool) -> u8 {
    role * 2 - begin as u8
}

/// Feature keys are already well-mixed hashes: identity hashing is enough.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Weights of one pair feature: [previous label (row NL: start)][label].
pub type PairWeights = [[f32; NL]; NL + 1];

/// Averaged emission weights, pair weights and transitions (a trainer's
/// result before pruning).
pub type Averages = (IdMap<[f32; NL]>, IdMap<PairWeights>, [[f32; NL]; NL + 1]);

/// A pair feature's weights, flattened.
const PK: usize = NL * (NL + 1);

/// A trained tagger: feature weights, label transitions and the cue lexicon.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub weights: IdMap<[f32; NL]>,
    /// Pair features: one lookup gives the scores for every previous label
    /// (one probe instead of NL + 1 per feature and token).
    pub pairs: IdMap<PairWeights>,
    /// trans[prev][cur]; row NL is the start state.
    pub trans: [[f32; NL]; NL + 1],
    pub lexicon: Lexicon,
    /// Span-edge ranker weights (`ends` and `bounds`, disjoint feature
    /// templates); empty leaves the tagger's edges.
    pub ends: IdMap<f32>,
    /// Lookup tables for tagging, built from the maps by [`Model::index`];
    /// emission rows are padded to [`EW`] lanes so one row sums as a vector.
    em: Table<EW>,
    /// The emission rows of every dense slot (template × small value; see
    /// [`crate::features::Feats`]), zero where the table has no key.
    dense: Vec<[i16; EW]>,
    pt: Table<PK>,
    /// The pair rows of every dense pair slot ([`crate::id_slots`]), zero
    /// where the table has no key.
    dense_pairs: Vec<[i16; PK]>,
    /// The span-edge ranker weights as a lookup table.
    et: Table<1>,
    /// Where the joint rows of small-valued template groups sit in `dense`.
    joint: JointSlots,
    /// Where each lexicon word's word-template rows sit in `dense`.
    words: WordIndex,
}

/// Whether `cur` may follow `prev` (an inside label continues its own role).
pub(crate) fn allowed(prev: Option<u8>, cur: u8) -> bool {
    if cur == O || is_begin(cur) {
        return true;
    }
    matches!(prev, Some(p) if p != O && role(p) == role(cur))
}

/// Emission scores for every token.
pub fn emissions(weights: &IdMap<[f32; NL]>, feats: &Rows, r: Range<usize>) -> Vec<[f32; NL]> {
    r.map(|i| {
        let mut s = [0f32; NL];
        for f in feats.row(i) {
            if let Some(w) = weights.get(f) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        s
    })
    .collect()
}

/// Label-pair scores: for each token, score[prev][cur] from its pair
/// features (row NL is the start, used by the first token only).
pub fn pair_scores(pw: &IdMap<PairWeights>, pairs: &Rows, r: Range<usize>) -> Vec<PairWeights> {
    let first = r.start;
    r.map(|i| {
        let mut s = [[0f32; NL]; NL + 1];
        let rows = if i == first { NL + 1 } else { NL };
        for f in pairs.row(i) {
            if let Some(w) = pw.get(f) {
                for (row, wr) in s.iter_mut().zip(w).take(rows) {
                    for (a, b) in row.iter_mut().zip(wr) {
                        *a += b;
                    }
                }
            }
        }
        s
    })
    .collect()
}

/// Lanes of an emission table row: [`NL`] labels padded to a power of two,
/// so a row is one aligned 16-byte load and the sum vectorises.
const EW: usize = 8;

/// Emission and pair scores of each token as its features arrive (the
/// inference side of [`crate::features::extract_into`]). Pair rows are
/// summed whole, the start row too (fixed-length sums vectorise; Viterbi
/// reads the start row of a sequence's first token only).
///
/// Scoring runs one token behind extraction: a token's table slots are
/// prefetched when its features arrive and summed when the next token's
/// arrive, so the cache misses overlap a whole token's extraction instead
/// of stalling the sums. [`Scorer::finish`] scores the last token.
///
/// Tried and not kept (outputs identical): decoding each paragraph chunk
/// as soon as its last token is scored (a sink around the scorer that runs
/// Viterbi at each paragraph break and clears the scores), so the scores of
/// one chunk stay in cache instead of a document's 252 bytes a token.
/// Callgrind with --cache-sim of bench nlp --runs 1 (toggle-collect
/// Attributor::run): instructions 523.05M -> 525.88M, D1 misses 8.09M ->
/// 7.96M, LL data misses 33.9k -> 16.9k; bench nlp attribution share,
/// alternating with the build before it under load (--runs 9, five rounds
/// against 404fe69): medians 20.9% both.
///
/// Also tried and not kept (outputs identical): prefetching every dense
/// row in [`Scorer::token`] as the hashed keys are (perf annotate of the
/// profile example had ~45% of `sums_avx2`'s samples on the dense rows'
/// adds). Callgrind of bench nlp --runs 1, toggle-collect
/// Attributor::run: 489.15M -> 499.36M instructions (+2.1%); profile
/// example, 15 reps, alternating processes (per-process times are bimodal
/// on the shared VM, ~0.10 or ~0.15 CPU s; medians of the fast ones):
/// 0.1016 s without, 0.1008 s with (< 1%); bench nlp --runs 5, four
/// alternating rounds: 24.4/23.3/21.4/21.6% without, 23.1/20.8/23.1/21.9%
/// with. The rows mostly sit in the 4 MB L2 already.
pub struct Scorer<'a> {
    em: &'a Table<EW>,
    dense: &'a [[i16; EW]],
    pt: &'a Table<PK>,
    dense_pairs: &'a [[i16; PK]],
    joint: &'a JointSlots,
    words: &'a WordIndex,
    emissions: Vec<[f32; NL]>,
    pairs: Vec<PairWeights>,
    /// Features of the token prefetched but not yet scored.
    held: Vec<u64>,
    held_dense: Vec<u32>,
    held_pairs: Vec<u64>,
    held_dense_pairs: Vec<u32>,
    holding: bool,
    /// Whether the CPU has AVX2 (checked once per scorer).
    avx2: bool,
}

impl crate::features::FeatureSink for Scorer<'_> {
    const DENSE: bool = true;

    #[inline]
    fn joint_slots(&self) -> Option<&JointSlots> {
        Some(self.joint)
    }

    #[inline]
    fn word_rows(&self, w: u64) -> u32 {
        self.words.find(w)
    }

    #[inline]
    fn prefetch_word(&self, w: u64) {
        self.words.prefetch(w)
    }

    // Inlined into the extractor: left to itself the compiler decides by
    // build (2M instructions apart on `bench nlp --runs 1`).
    #[inline(always)]
    fn token(
        &mut self,
        feats: &mut Vec<u64>,
        dense: &mut Vec<u32>,
        pairs: &mut Vec<u64>,
        pair_dense: &mut Vec<u32>,
    ) {
        for &f in feats.iter() {
            self.em.prefetch(f);
        }
        self.score_held();
        // Keep the token's features by taking its buffers (no copy); the
        // extractor refills the ones it gets back.
        std::mem::swap(&mut self.held, feats);
        std::mem::swap(&mut self.held_dense, dense);
        std::mem::swap(&mut self.held_pairs, pairs);
        std::mem::swap(&mut self.held_dense_pairs, pair_dense);
        self.holding = true;
    }
}

impl Scorer<'_> {
    /// Emission and pair scores of every token given so far.
    pub fn finish(mut self) -> (Vec<[f32; NL]>, Vec<PairWeights>) {
        self.score_held();
        (self.emissions, self.pairs)
    }

    /// Score the held token, if any. The integer sums run with AVX2 where
    /// the CPU has it (checked at run time; integer sums are the same).
    fn score_held(&mut self) {
        if !std::mem::take(&mut self.holding) {
            return;
        }
        #[cfg(target_arch = "x86_64")]
        let (s, p) = if self.avx2 {
            // SAFETY: the CPU supports AVX2 (`avx2` was set by checking).
            unsafe { self.sums_avx2() }
        } else {
            self.sums()
        };
        #[cfg(not(target_arch = "x86_64"))]
        let (s, p) = self.sums();
        let mut out = [0f32; NL];
        for (o, &v) in out.iter_mut().zip(&s) {
            *o = v as f32 * self.em.scale;
        }
        self.emissions.push(out);
        // Flat slices, so the conversion is one vectorised loop.
        let mut out = [[0f32; NL]; NL + 1];
        for (v, &q) in out.as_flattened_mut().iter_mut().zip(&p) {
            *v = q as f32 * self.pt.scale;
        }
        self.pairs.push(out);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn sums_avx2(&self) -> ([i32; EW], [i32; PK]) {
        self.sums()
    }

    /// The held token's emission and pair sums, in quantised units.
    #[inline(always)]
    fn sums(&self) -> ([i32; EW], [i32; PK]) {
        let mut s = [0i32; EW];
        for &f in &self.held {
            if let Some(&w) = self.em.get(f) {
                for k in 0..EW {
                    s[k] += w[k] as i32;
                }
            }
        }
        // A dense row is the table's row for the same key (zero for none),
        // and integer sums do not depend on order: the same scores.
        for &d in &self.held_dense {
            if let Some(w) = self.dense.get(d as usize) {
                for k in 0..EW {
                    s[k] += w[k] as i32;
                }
            }
        }
        let mut p = [0i32; PK];
        for &f in &self.held_pairs {
            if let Some(w) = self.pt.get(f) {
                for (a, &b) in p.iter_mut().zip(w) {
                    *a += b as i32;
                }
            }
        }
        for &d in &self.held_dense_pairs {
            if let Some(w) = self.dense_pairs.get(d as usize) {
                for (a, &b) in p.iter_mut().zip(w) {
                    *a += b as i32;
                }
            }
        }
        (s, p)
    }
}

/// The emission row of every dense slot, looked up once per model: the
/// slot of (t, v) (see [`crate::features::dense_slot`]) holds what the
/// table holds for `mix(t, v)`, so a feature scores the same through
/// either (rows stay zero, untouched pages, where the table has no key).
fn dense_rows(em: &Table<EW>) -> Vec<[i16; EW]> {
    use crate::features::{all_dense_keys, mix};
    let mut rows = vec![[0i16; EW]; all_dense_keys().count()];
    for (row, (t, v)) in rows.iter_mut().zip(all_dense_keys()) {
        if let Some(w) = em.get(mix(t, v)) {
            *row = *w;
        }
    }
    rows
}

/// The pair row of every dense pair slot, looked up once per model (as
/// [`dense_rows`] for emissions).
fn dense_pair_rows(pt: &Table<PK>) -> Vec<[i16; PK]> {
    crate::id_slots::pair_keys()
        .map(|(t, v)| {
            pt.get(crate::features::mix(t, v))
                .copied()
                .unwrap_or([0; PK])
        })
        .collect()
}

/// The body of [`viterbi`] with a relaxation step `$relax` (one copy per
/// instruction set, so the step inlines into a loop compiled for it).
macro_rules! viterbi_body {
    ($em:expr, $pair:expr, $trans:expr, $relax:ident) => {{
        let (em, pair, trans) = ($em, $pair, $trans);
        let n = em.len();
        if n == 0 {
            return Vec::new();
        }
        let neg = f32::NEG_INFINITY;
        let mut score = vec![[neg; NL]; n];
        let mut back = vec![[0u8; NL]; n];
        for l in 0..NL {
            if allowed(None, l as u8) {
                score[0][l] = em[0][l] + trans[NL][l] + pair.first().map_or(0.0, |x| x[NL][l]);
            }
        }
        // Forbidden transitions cost -inf, so the inner loop needs no test
        // (the sums and the first-best tie-break are those of checking each).
        // Labels are padded to LANES (the padding lane is never allowed) and
        // each previous label updates every label's best at once: per label
        // the comparisons run in the same order (previous label ascending,
        // strictly greater wins) over the same sums, so the same path, in a
        // few vector operations per step instead of NL × NL scalar ones.
        let mut tr = [[neg; LANES]; NL];
        for p in 0..NL {
            for l in 0..NL {
                if allowed(Some(p as u8), l as u8) {
                    tr[p][l] = trans[p][l];
                }
            }
        }
        let zero = [[0f32; NL]; NL + 1];
        for i in 1..n {
            let pr = pair.get(i).unwrap_or(&zero);
            let (best, arg) = $relax(&score[i - 1], &tr, pr);
            for l in 0..NL {
                if best[l] > neg {
                    score[i][l] = best[l] + em[i][l];
                    back[i][l] = arg[l] as u8;
                }
            }
        }
        let mut last = 0u8;
        let mut best = neg;
        for l in 0..NL {
            if score[n - 1][l] > best {
                best = score[n - 1][l];
                last = l as u8;
            }
        }
        let mut out = vec![0u8; n];
        out[n - 1] = last;
        for i in (1..n).rev() {
            out[i - 1] = back[i][out[i] as usize];
        }
        out
    }};
}

/// Labels padded to a vector width in [`viterbi`]'s inner loop.
const LANES: usize = 8;

/// One Viterbi step: for every label, the best previous label's score
/// (`prev` + transition `tr` + pair score `pr`) and that label,
/// the first best on ties. Lanes past [`NL`] are void (`tr` is -inf there).
#[cfg(target_arch = "x86_64")]
#[inline]
fn relax(
    prev: &[f32; NL],
    tr: &[[f32; LANES]; NL],
    pr: &PairWeights,
) -> ([f32; LANES], [u32; LANES]) {
    use std::arch::x86_64::*;
    // Flat, a previous label's row is LANES consecutive floats: the padding
    // lane reads the next row's first (row NL exists: the start row), which
    // the -inf transition voids (-inf + x is never greater than -inf).
    let flat = pr.as_flattened();
    let (mut best, mut arg) = ([0f32; LANES], [0u32; LANES]);
    // SAFETY: SSE is part of the x86_64 baseline; `t` and `row` hold
    // LANES = 8 floats and each unaligned load or store touches four of
    // them, at offset 0 or 4.
    unsafe {
        let mut b = [_mm_set1_ps(f32::NEG_INFINITY); 2];
        let mut a = [_mm_setzero_ps(); 2];
        for (p, (t, &pv)) in tr.iter().zip(prev).enumerate() {
            let Some(row) = flat.get(p * NL..p * NL + LANES) else {
                break;
            };
            // The label as an integer lane (bitwise selects keep its bits).
            let (pv, pf) = (_mm_set1_ps(pv), _mm_castsi128_ps(_mm_set1_epi32(p as i32)));
            for h in 0..2 {
                let tv = _mm_loadu_ps(t.as_ptr().add(4 * h));
                let rv = _mm_loadu_ps(row.as_ptr().add(4 * h));
                // (prev + transition) + pair, the scalar order; strictly
                // greater (false on NaN) takes the lane, as `s > best` does.
                let s = _mm_add_ps(_mm_add_ps(pv, tv), rv);
                let m = _mm_cmpgt_ps(s, b[h]);
                b[h] = _mm_or_ps(_mm_and_ps(m, s), _mm_andnot_ps(m, b[h]));
                a[h] = _mm_or_ps(_mm_and_ps(m, pf), _mm_andnot_ps(m, a[h]));
            }
        }
        for h in 0..2 {
            _mm_storeu_ps(best.as_mut_ptr().add(4 * h), b[h]);
            _mm_storeu_si128(
                arg.as_mut_ptr().add(4 * h) as *mut __m128i,
                _mm_castps_si128(a[h]),
            );
        }
    }
    (best, arg)
}

/// [`relax`] without vector instructions.
#[cfg(not(target_arch = "x86_64"))]
fn relax(
    prev: &[f32; NL],
    tr: &[[f32; LANES]; NL],
    pr: &PairWeights,
) -> ([f32; LANES], [u32; LANES]) {
    let mut best = [f32::NEG_INFINITY; LANES];
    let mut arg = [0u32; LANES];
    for p in 0..NL {
        for l in 0..NL {
            let s = prev[p] + tr[p][l] + pr[p][l];
            if s > best[l] {
                best[l] = s;
                arg[l] = p as u32;
            }
        }
    }
    (best, arg)
}

/// Best label sequence under emissions + transitions + pair scores, honouring BIO.
/// Relaxes eight lanes at once with AVX where the CPU has it (checked at
/// run time; each lane's additions and comparisons are the SSE path's).
pub fn viterbi(
    em: &[[f32; NL]],
    pair: &[[[f32; NL]; NL + 1]],
    trans: &[[f32; NL]; NL + 1],
) -> Vec<u8> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: the CPU supports AVX (checked just above).
        return unsafe { viterbi_avx(em, pair, trans) };
    }
    viterbi_body!(em, pair, trans, relax)
}

/// [`viterbi`] with [`relax_avx`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn viterbi_avx(
    em: &[[f32; NL]],
    pair: &[[[f32; NL]; NL + 1]],
    trans: &[[f32; NL]; NL + 1],
) -> Vec<u8> {
    viterbi_body!(em, pair, trans, relax_avx)
}

/// [`relax`] in one 8-lane AVX step per previous label: the same sums in
/// the same order per lane, the same strictly-greater selection.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
#[inline]
fn relax_avx(
    prev: &[f32; NL],
    tr: &[[f32; LANES]; NL],
    pr: &PairWeights,
) -> ([f32; LANES], [u32; LANES]) {
    use std::arch::x86_64::*;
    // As in `relax`: the padding lane reads the next row's first float,
    // which the -inf transition voids.
    let flat = pr.as_flattened();
    let (mut best, mut arg) = ([0f32; LANES], [0u32; LANES]);
    // SAFETY: AVX is enabled for this function (its callers check the
    // CPU); `t` and `row` hold LANES = 8 floats, each unaligned load or
    // store touches exactly those eight.
    unsafe {
        let mut b = _mm256_set1_ps(f32::NEG_INFINITY);
        let mut a = _mm256_setzero_ps();
        for (p, (t, &pv)) in tr.iter().zip(prev).enumerate() {
            let Some(row) = flat.get(p * NL..p * NL + LANES) else {
                break;
            };
            let pf = _mm256_castsi256_ps(_mm256_set1_epi32(p as i32));
            let tv = _mm256_loadu_ps(t.as_ptr());
            let rv = _mm256_loadu_ps(row.as_ptr());
            let s = _mm256_add_ps(_mm256_add_ps(_mm256_set1_ps(pv), tv), rv);
            // Strictly greater, false on NaN, as `_mm_cmpgt_ps`.
            let m = _mm256_cmp_ps::<_CMP_GT_OQ>(s, b);
            b = _mm256_blendv_ps(b, s, m);
            a = _mm256_blendv_ps(a, pf, m);
        }
        _mm256_storeu_ps(best.as_mut_ptr(), b);
        _mm256_storeu_si256(arg.as_mut_ptr() as *mut __m256i, _mm256_castps_si256(a));
    }
    (best, arg)
}

impl Model {
    /// Tag one sequence: the feature rows in `r` (call [`Model::index`]
    /// after changing the weights).
    #[cfg(test)]
    pub fn tag(&self, feats: &Rows, pairs: &Rows, r: Range<usize>) -> Vec<u8> {
        let mut sc = self.scorer(r.len());
        for i in r {
            let (mut f, mut p) = (feats.row(i).to_vec(), pairs.row(i).to_vec());
            let (mut d, mut pd) = (Vec::new(), Vec::new());
            crate::features::FeatureSink::token(&mut sc, &mut f, &mut d, &mut p, &mut pd);
        }
        let (em, pair) = sc.finish();
        viterbi(&em, &pair, &self.trans)
    }

    /// A scorer for one document of `n` tokens.
    pub fn scorer(&self, n: usize) -> Scorer<'_> {
        Scorer {
            em: &self.em,
            dense: &self.dense,
            pt: &self.pt,
            dense_pairs: &self.dense_pairs,
            joint: &self.joint,
            words: &self.words,
            emissions: Vec::with_capacity(n),
            pairs: Vec::with_capacity(n),
            held: Vec::with_capacity(96),
            held_dense: Vec::with_capacity(64),
            held_pairs: Vec::with_capacity(16),
            held_dense_pairs: Vec::with_capacity(16),
            holding: false,
            #[cfg(target_arch = "x86_64")]
            avx2: std::arch::is_x86_feature_detected!("avx2"),
            #[cfg(not(target_arch = "x86_64"))]
            avx2: false,
        }
    }

    /// Largest absolute weight: the quantisation scale is this / 32767.
    fn scale(&self) -> f32 {
        let ws = self.weights.values().flatten();
        let ps = self.pairs.values().flatten().flatten();
        max_abs(ws.chain(ps)) / 32767.0
    }

    /// Build the tagging tables from the weight maps.
    pub fn index(&mut self) {
        let scale = self.scale();
        let padded: IdMap<[f32; EW]> = self
            .weights
            .iter()
            .map(|(k, w)| {
                let mut p = [0f32; EW];
                p[..NL].copy_from_slice(w);
                (*k, p)
            })
            .collect();
        self.em = from_map(&padded, scale);
        self.dense = dense_rows(&self.em);
        let (joint, rows) = JointSlots::build(&self.em, self.dense.len() as u32);
        self.dense.extend(rows);
        self.joint = joint;
        // The words with role shares (the frequent ones: 9.1k of the
        // lexicon's 41k keys, most of the words with rows) get their
        // word-template rows after the other dense rows.
        let keys = self.lexicon.roles.keys().copied();
        let (words, rows) = WordIndex::build(&self.em, keys, self.dense.len() as u32);
        self.dense.extend(rows);
        self.words = words;
        let flat: IdMap<[f32; PK]> = self
            .pairs
            .iter()
            .map(|(k, w)| {
                let mut f = [0f32; PK];
                for (a, b) in f.iter_mut().zip(w.iter().flatten()) {
                    *a = *b;
                }
                (*k, f)
            })
            .collect();
        self.pt = from_map(&flat, scale);
        self.dense_pairs = dense_pair_rows(&self.pt);
        let es = max_abs(self.ends.values()) / 32767.0;
        self.et = Table::build(
            self.ends.iter().map(|(k, v)| (*k, std::slice::from_ref(v))),
            self.ends.len(),
            es,
        );
    }

    /// The span-edge ranker weights, for lookup.
    pub fn edge_table(&self) -> &Table<1> {
        &self.et
    }

    /// Serialise: magic, lexicon, transitions, weights (f32, little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        let mut lex: Vec<_> = self.lexicon.cue.iter().collect();
        lex.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(lex.len() as u64).to_le_bytes());
        for (k, v) in lex {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        let mut roles: Vec<_> = self.lexicon.roles.iter().collect();
        roles.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(roles.len() as u64).to_le_bytes());
        for (k, v) in roles {
            out.extend_from_slice(&k.to_le_bytes());
            for x in v {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        for row in &self.trans {
            for v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        let mut ws: Vec<_> = self.weights.iter().collect();
        ws.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(ws.len() as u64).to_le_bytes());
        // Weights are stored as i16 with one global scale: a quarter of the size
        // of f32 at no measurable cost in accuracy.
        let mut ps: Vec<_> = self.pairs.iter().collect();
        ps.sort_by_key(|(k, _)| **k);
        let scale = self.scale();
        out.extend_from_slice(&scale.to_le_bytes());
        let quant = |v: f32| (v / scale).round().clamp(-32767.0, 32767.0) as i16;
        for (k, w) in ws {
            out.extend_from_slice(&k.to_le_bytes());
            for v in w {
                out.extend_from_slice(&quant(*v).to_le_bytes());
            }
        }
        out.extend_from_slice(&(ps.len() as u64).to_le_bytes());
        for (k, w) in ps {
            out.extend_from_slice(&k.to_le_bytes());
            for v in w.iter().flatten() {
                out.extend_from_slice(&quant(*v).to_le_bytes());
            }
        }
        let mut es: Vec<_> = self.ends.iter().collect();
        es.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(es.len() as u64).to_le_bytes());
        for (k, v) in es {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let mut r = Reader { b, pos: 0 };
        let magic = r.take(MAGIC.len())?;
        // Format 4 is format 5 without the content-end ranker.
        let has_ends = magic == MAGIC;
        if !has_ends && magic != MAGIC_V4 {
            return Err("not a backchannel attribution model (bad magic)".into());
        }
        let mut m = Model::default();
        let nlex = r.u64()? as usize;
        for _ in 0..nlex {
            let k = r.u64()?;
            let v = r.f32()?;
            m.lexicon.cue.insert(k, v);
        }
        let nroles = r.u64()? as usize;
        for _ in 0..nroles {
            let k = r.u64()?;
            let v = [r.f32()?, r.f32()?, r.f32()?];
            m.lexicon.roles.insert(k, v);
        }
        for row in m.trans.iter_mut() {
            for v in row.iter_mut() {
                *v = r.f32()?;
            }
        }
        let nw = r.u64()? as usize;
        let scale = r.f32()?;
        m.weights.reserve(nw.min(b.len() / 22));
        for _ in 0..nw {
            let k = r.u64()?;
            let mut w = [0f32; NL];
            for v in w.iter_mut() {
                *v = r.i16()? as f32 * scale;
            }
            m.weights.insert(k, w);
        }
        let np = r.u64()? as usize;
        m.pairs.reserve(np.min(b.len() / 120));
        for _ in 0..np {
            let k = r.u64()?;
            let mut w = [[0f32; NL]; NL + 1];
            for v in w.iter_mut().flatten() {
                *v = r.i16()? as f32 * scale;
            }
            m.pairs.insert(k, w);
        }
        let ne = if has_ends { r.u64()? as usize } else { 0 };
        m.ends.reserve(ne.min(b.len() / 12));
        for _ in 0..ne {
            let k = r.u64()?;
            let v = r.f32()?;
            m.ends.insert(k, v);
        }
        if r.pos != b.len() {
            return Err("trailing bytes after model".into());
        }
        m.lexicon.index();
        m.index();
        Ok(m)
    }
}

const MAGIC: &[u8] = b"BCATTR05";
const MAGIC_V4: &[u8] = b"BCATTR04";

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or("model file truncated")?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u64(&mut self) -> Result<u64, String> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn f32(&mut self) -> Result<f32, String> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(f32::from_le_bytes(a))
    }
    fn i16(&mut self) -> Result<i16, String> {
        let mut a = [0u8; 2];
        a.copy_from_slice(self.take(2)?);
        Ok(i16::from_le_bytes(a))
    }
}

/// Weights being learned and the timestamp-weighted sums of their updates,
/// for averaging (`w - u / c`); the perceptron and the CRF trainer
/// ([`crate::crf::CrfTrainer`]) update them differently.
pub struct Learned {
    pub(crate) w: IdMap<[f32; NL]>,
    /// Sum of (timestamp × update), for averaging.
    pub(crate) u: IdMap<[f32; NL]>,
    pub(crate) pw: IdMap<PairWeights>,
    pub(crate) pu: IdMap<PairWeights>,
    pub(crate) trans: [[f32; NL]; NL + 1],
    pub(crate) trans_u: [[f32; NL]; NL + 1],
    /// The timestamp: updates seen + 1.
    pub(crate) c: f32,
}

impl Default for Learned {
    fn default() -> Self {
        Learned {
            w: IdMap::default(),
            u: IdMap::default(),
            pw: IdMap::default(),
            pu: IdMap::default(),
            trans: [[0.0; NL]; NL + 1],
            trans_u: [[0.0; NL]; NL + 1],
            c: 1.0,
        }
    }
}

impl Learned {
    /// The averaged emission and pair weights (unpruned) and transitions.
    pub(crate) fn averages(&self) -> Averages {
        let c = self.c;
        let weights = (self.w.iter())
            .map(|(k, w)| {
                let u = self.u.get(k).copied().unwrap_or([0.0; NL]);
                (*k, std::array::from_fn(|l| w[l] - u[l] / c))
            })
            .collect();
        let pairs = (self.pw.iter())
            .map(|(k, w)| {
                let u = self.pu.get(k).copied().unwrap_or([[0.0; NL]; NL + 1]);
                let a = std::array::from_fn(|p| std::array::from_fn(|l| w[p][l] - u[p][l] / c));
                (*k, a)
            })
            .collect();
        let trans = std::array::from_fn(|p| {
            std::array::from_fn(|l| self.trans[p][l] - self.trans_u[p][l] / c)
        });
        (weights, pairs, trans)
    }

    /// A model of these weights and transitions with `lexicon`, indexed,
    /// without the features whose weights all lie below `min_abs`.
    pub(crate) fn model(
        mut weights: IdMap<[f32; NL]>,
        mut pairs: IdMap<PairWeights>,
        trans: [[f32; NL]; NL + 1],
        lexicon: Lexicon,
        min_abs: f32,
    ) -> Model {
        let keep = |v: &f32| v.abs() >= min_abs;
        weights.retain(|_, w| w.iter().any(keep));
        pairs.retain(|_, w| w.iter().flatten().any(keep));
        let mut m = Model {
            weights,
            pairs,
            trans,
            lexicon,
            ..Model::default()
        };
        m.index();
        m
    }
}

/// Averaged-perceptron trainer state.
#[derive(Default)]
pub struct Trainer(Learned);

impl Trainer {
    /// One perceptron step on one document; returns the number of token errors.
    pub fn step(&mut self, feats: &Rows, pairs: &Rows, gold: &[u8]) -> usize {
        let pred = viterbi(
            &emissions(&self.0.w, feats, 0..feats.len()),
            &pair_scores(&self.0.pw, pairs, 0..pairs.len()),
            &self.0.trans,
        );
        let mut errors = 0;
        for i in 0..gold.len() {
            let (g, p) = (gold[i] as usize, pred[i] as usize);
            let gp = if i == 0 { NL } else { gold[i - 1] as usize };
            let pp = if i == 0 { NL } else { pred[i - 1] as usize };
            if g != p {
                errors += 1;
                for f in feats.row(i) {
                    let w = self.0.w.entry(*f).or_insert([0.0; NL]);
                    w[g] += 1.0;
                    w[p] -= 1.0;
                    let u = self.0.u.entry(*f).or_insert([0.0; NL]);
                    u[g] += self.0.c;
                    u[p] -= self.0.c;
                }
            }
            if g != p || gp != pp {
                for f in pairs.row(i) {
                    let w = self.0.pw.entry(*f).or_insert([[0.0; NL]; NL + 1]);
                    w[gp][g] += 1.0;
                    w[pp][p] -= 1.0;
                    let u = self.0.pu.entry(*f).or_insert([[0.0; NL]; NL + 1]);
                    u[gp][g] += self.0.c;
                    u[pp][p] -= self.0.c;
                }
                self.0.trans[gp][g] += 1.0;
                self.0.trans[pp][p] -= 1.0;
                self.0.trans_u[gp][g] += self.0.c;
                self.0.trans_u[pp][p] -= self.0.c;
            }
        }
        self.0.c += 1.0;
        errors
    }

    /// The averaged weights (unpruned) and transitions.
    pub(crate) fn averages(&self) -> Averages {
        self.0.averages()
    }

    /// The averaged weights, dropping features whose weights are all ~0.
    pub fn averaged(&self, lexicon: Lexicon, min_abs: f32) -> Model {
        let (weights, pairs, trans) = self.0.averages();
        Learned::model(weights, pairs, trans, lexicon, min_abs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_never_starts_inside() {
        let mut em = vec![[0f32; NL]; 3];
        em[0][2] = 5.0; // I-SRC at the start is not allowed
        em[1][2] = 5.0;
        let trans = [[0f32; NL]; NL + 1];
        let out = viterbi(&em, &[], &trans);
        assert_ne!(out[0], 2);
        assert!(out.windows(2).all(|w| allowed(Some(w[0]), w[1])));
    }

    /// The scalar Viterbi [`viterbi`] replaced: every label tries every
    /// previous one in order, forbidden transitions skipped.
    fn viterbi_reference(
        em: &[[f32; NL]],
        pair: &[[[f32; NL]; NL + 1]],
        trans: &[[f32; NL]; NL + 1],
    ) -> Vec<u8> {
        let n = em.len();
        if n == 0 {
            return Vec::new();
        }
        let neg = f32::NEG_INFINITY;
        let mut score = vec![[neg; NL]; n];
        let mut back = vec![[0u8; NL]; n];
        for l in 0..NL {
            if allowed(None, l as u8) {
                score[0][l] = em[0][l] + trans[NL][l] + pair.first().map_or(0.0, |x| x[NL][l]);
            }
        }
        let zero = [[0f32; NL]; NL + 1];
        for i in 1..n {
            let pr = pair.get(i).unwrap_or(&zero);
            for l in 0..NL {
                let (mut best, mut arg) = (neg, 0u8);
                for p in 0..NL {
                    if !allowed(Some(p as u8), l as u8) {
                        continue;
                    }
                    let s = score[i - 1][p] + trans[p][l] + pr[p][l];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                if best > neg {
                    score[i][l] = best + em[i][l];
                    back[i][l] = arg;
                }
            }
        }
        let mut out = vec![0u8; n];
        let (mut best, mut last) = (neg, 0u8);
        for l in 0..NL {
            if score[n - 1][l] > best {
                best = score[n - 1][l];
                last = l as u8;
            }
        }
        out[n - 1] = last;
        for i in (1..n).rev() {
            out[i - 1] = back[i][out[i] as usize];
        }
        out
    }

    /// [`viterbi`] with the 4-lane step whatever the CPU has.
    fn viterbi_sse(
        em: &[[f32; NL]],
        pair: &[[[f32; NL]; NL + 1]],
        trans: &[[f32; NL]; NL + 1],
    ) -> Vec<u8> {
        viterbi_body!(em, pair, trans, relax)
    }

    #[test]
    fn vector_viterbi_matches_the_scalar_one() {
        // Random scores: coarse ones (multiples of 0.5) in even cases, so
        // ties are common and the first-best tie-break is exercised, inexact
        // sums in odd ones; some pair rows missing.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |fine: bool| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let v = ((seed % 9) as f32 - 4.0) * 0.5;
            if fine {
                v + (seed % 1000) as f32 * 1.37e-3
            } else {
                v
            }
        };
        for case in 0..300usize {
            let n = case % 23;
            let fine = case % 2 == 1;
            let em: Vec<[f32; NL]> = (0..n)
                .map(|_| std::array::from_fn(|_| next(fine)))
                .collect();
            let pair: Vec<PairWeights> = (0..n.saturating_sub(case % 3))
                .map(|_| std::array::from_fn(|_| std::array::from_fn(|_| next(fine))))
                .collect();
            let trans: [[f32; NL]; NL + 1] =
                std::array::from_fn(|_| std::array::from_fn(|_| next(fine)));
            let want = viterbi_reference(&em, &pair, &trans);
            assert_eq!(viterbi(&em, &pair, &trans), want, "case {case}");
            assert_eq!(viterbi_sse(&em, &pair, &trans), want, "case {case}");
        }
    }

    #[test]
    fn perceptron_learns_a_separable_toy_problem() {
        // feature 1 → B-CUE, feature 2 → O, feature 3 → B-CON, feature 4 → I-CON
        let rows = |v: &[u64]| {
            let mut r = Rows::default();
            for &f in v {
                r.push(f);
                r.end_row();
            }
            r
        };
        let feats = rows(&[2, 1, 3, 4, 4]);
        let gold = vec![0, 3, 5, 6, 6];
        let mut t = Trainer::default();
        let pairs = rows(&[7; 5]);
        for _ in 0..10 {
            t.step(&feats, &pairs, &gold);
        }
        let m = t.averaged(Lexicon::default(), 0.0);
        assert_eq!(m.tag(&feats, &pairs, 0..5), gold);
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.tag(&feats, &pairs, 0..5), gold);
        assert!(Model::from_bytes(&m.to_bytes()[..20]).is_err());
    }

    #[test]
    fn dense_slots_score_as_their_keys() {
        use crate::features::{mix, FeatureSink, DENSE_V};
        let mut m = Model::default();
        m.weights
            .insert(mix(13, 2), [1.0, -2.0, 0.5, 0.0, 3.0, 0.0, -1.0]);
        m.weights.insert(mix(90, 7), [0.25; NL]);
        m.index();
        let (mut a, mut b) = (m.scorer(2), m.scorer(2));
        let slots = [13 * DENSE_V + 2, 90 * DENSE_V + 7, 5 * DENSE_V + 5];
        let mut keys = vec![mix(13, 2), mix(90, 7), mix(5, 5)];
        a.token(&mut keys, &mut Vec::new(), &mut Vec::new(), &mut Vec::new());
        let mut dense: Vec<u32> = slots.iter().map(|&d| d as u32).collect();
        b.token(
            &mut Vec::new(),
            &mut dense,
            &mut Vec::new(),
            &mut Vec::new(),
        );
        let (ea, eb) = (a.finish().0, b.finish().0);
        assert_eq!(ea, eb);
        // Both features weigh in: 3 + 0.25 and -2 + 0.25 (quantised).
        assert!(
            (ea[0][4] - 3.25).abs() < 1e-3 && (ea[0][1] + 1.75).abs() < 1e-3,
            "{ea:?}"
        );
    }

    #[test]
    fn dense_and_id_slots_score_as_keys_on_a_parsed_text() {
        // The shipped model scores a parsed text the same through the dense,
        // id, joint and word slots as through every feature's key (integer
        // sums): a short text and a whole news story.
        use crate::features::{extract, extract_into, subtree_extents, token_info, FeatureSink};
        let m = Model::from_bytes(crate::attributor::EMBEDDED).expect("shipped model");
        let short = "“We will not back down,” the senator said on Tuesday. Officials, \
                    who declined to be named, told reporters that the plan had failed; \
                    she denied it — and the company said it would appeal.";
        let story = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/notre-dame-fire.txt"
        ));
        // Common words have word rows; most joint rows fit (the CRF-trained
        // model: 6312 of 7046; the perceptron's: 6742).
        let said = m.words.find(crate::features::word_hash("said"));
        assert!(said < crate::word_slots::NO_ROWS);
        let (fit, all) = m.joint.fitting();
        assert!(fit * 100 >= all * 85, "{fit} of {all}");
        for text in [short, story] {
            let doc = crate::train::prepare(text, &crate::train::parse_prep);
            assert!(doc.tokens.iter().any(|t| t.deprel.is_some()), "parsed");
            let info = token_info(&doc, &doc.char_index(), &m.lexicon);
            assert!(info.iter().all(|t| t.upos_id != crate::id_slots::NO_ID));
            let mut dense = m.scorer(info.len());
            extract_into(&info, &subtree_extents(&info), &mut dense);
            // The extents are those the parse rules use.
            assert_eq!(subtree_extents(&info), crate::pieces::subtrees(&doc));
            let (feats, pairs) = extract(&info);
            let mut keys = m.scorer(info.len());
            for i in 0..info.len() {
                let (mut f, mut p) = (feats.row(i).to_vec(), pairs.row(i).to_vec());
                keys.token(&mut f, &mut Vec::new(), &mut p, &mut Vec::new());
            }
            assert_eq!(dense.finish(), keys.finish());
        }
    }

    #[test]
    fn id_slots_find_the_shipped_weights() {
        // Each id-slotted template's values are those training hashed: the
        // shipped model has weights behind many of its slots (a template
        // whose value formula drifted from training's would find none).
        use crate::features::ID_BASE;
        let m = Model::from_bytes(crate::attributor::EMBEDDED).expect("shipped model");
        let mut found: std::collections::BTreeMap<u64, usize> = Default::default();
        for (k, (t, _)) in crate::id_slots::id_keys().enumerate() {
            let row = m.dense[ID_BASE as usize + k];
            *found.entry(t).or_default() += row.iter().any(|&w| w != 0) as usize;
        }
        assert!(found.values().all(|&n| n >= 5), "{found:?}");
        // Likewise the dense pair slots (some pair templates take two values).
        let mut found: std::collections::BTreeMap<u64, usize> = Default::default();
        for ((t, _), row) in crate::id_slots::pair_keys().zip(&m.dense_pairs) {
            *found.entry(t).or_default() += row.iter().any(|&w| w != 0) as usize;
        }
        assert!(found.values().all(|&n| n >= 2), "{found:?}");
    }

    #[test]
    fn every_shipped_weight_is_found_as_stored() {
        // No two keys of the shipped model share a table slot's fingerprint
        // on a probe path (one would shadow the other's weights).
        let m = Model::from_bytes(crate::attributor::EMBEDDED).expect("shipped model");
        let near = |q: i16, scale: f32, w: f32| (q as f32 * scale - w).abs() <= scale;
        for (k, w) in &m.weights {
            let q = m.em.get(*k).expect("emission key found");
            assert!(w.iter().zip(q).all(|(w, q)| near(*q, m.em.scale, *w)));
        }
        for (k, w) in &m.pairs {
            let q = m.pt.get(*k).expect("pair key found");
            assert!(w
                .iter()
                .flatten()
                .zip(q)
                .all(|(w, q)| near(*q, m.pt.scale, *w)));
        }
        for (k, w) in &m.ends {
            let q = m.et.get(*k).expect("edge key found");
            assert!(near(q[0], m.et.scale, *w));
        }
    }

    #[test]
    fn label_helpers() {
        assert_eq!(label(1, true), 1);
        assert_eq!(label(3, false), 6);
        assert_eq!(role(6), 3);
        assert!(is_begin(5) && !is_begin(6) && !is_begin(0));
    }
}
