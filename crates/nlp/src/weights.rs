//! Compact inference weights: sparse per-feature rows of (class, i16 weight),
//! looked up through a [`Table`] built at load time. Scores are accumulated
//! in integers, with no allocation per token.

use crate::binio::{Reader, Writer};
use crate::table::{prefetch, Memo, Pending, Slot, Table, Work, CHUNK};

/// Stored form of a 64-bit feature key: its high half, never 0. Features are
/// well mixed, so 32 bits keep spurious matches rare (about one in 4,000
/// lookups of an unknown feature for a million stored ones).
#[inline]
fn short_key(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

pub struct Weights {
    pub n_classes: usize,
    /// Multiply an integer score by this to get the perceptron score.
    pub scale: f32,
    keys: Vec<u32>,
    lens: Vec<u8>,
    cls: Vec<u8>,
    w: Vec<i16>,
    table: Table,
}

impl Weights {
    /// Quantise averaged perceptron weights, dropping entries whose magnitude
    /// is below `prune` (in perceptron units) to keep the model small.
    pub fn from_averaged(avg: &[(u64, Vec<(u16, f32)>)], n_classes: usize, prune: f32) -> Self {
        let max = avg
            .iter()
            .flat_map(|(_, r)| r.iter().map(|&(_, w)| w.abs()))
            .fold(0.0f32, f32::max)
            .max(1e-6);
        let scale = max / 32000.0;
        let (mut keys, mut lens, mut cls, mut w) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (k, row) in avg {
            let kept: Vec<(u16, i16)> = row
                .iter()
                .filter(|&&(c, x)| x.abs() >= prune && (c as usize) < n_classes && c < 256)
                .map(|&(c, x)| (c, (x / scale).round() as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            if kept.is_empty() {
                continue;
            }
            keys.push(short_key(*k));
            lens.push(kept.len() as u8);
            for (c, q) in kept {
                cls.push(c as u8);
                w.push(q);
            }
        }
        let mut me = Weights {
            n_classes,
            scale,
            keys,
            lens,
            cls,
            w,
            table: Table::default(),
        };
        me.build_table();
        me
    }

    fn build_table(&mut self) {
        let packed: Vec<u32> = self
            .cls
            .iter()
            .zip(&self.w)
            .map(|(&c, &w)| c as u32 | ((w as u16 as u32) << 16))
            .collect();
        let mut start = 0usize;
        let rows = self.keys.iter().zip(&self.lens).map(|(&k, &len)| {
            let row = packed.get(start..start + len as usize).unwrap_or(&[]);
            start += len as usize;
            (k, row)
        });
        self.table = Table::build(self.keys.len(), self.n_classes, rows);
    }

    /// A copy without entries whose magnitude is below `prune` (perceptron
    /// units), for shrinking a trained model without retraining.
    pub fn pruned(&self, prune: f32) -> Weights {
        let min = (prune / self.scale).round() as i32;
        let (mut keys, mut lens, mut cls, mut w) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut start = 0usize;
        for (i, &k) in self.keys.iter().enumerate() {
            let len = self.lens[i] as usize;
            let mut kept = 0u8;
            for j in start..start + len {
                if (self.w[j] as i32).abs() >= min.max(1) {
                    cls.push(self.cls[j]);
                    w.push(self.w[j]);
                    kept += 1;
                }
            }
            if kept > 0 {
                keys.push(k);
                lens.push(kept);
            }
            start += len;
        }
        let mut me = Weights {
            n_classes: self.n_classes,
            scale: self.scale,
            keys,
            lens,
            cls,
            w,
            table: Table::default(),
        };
        me.build_table();
        me
    }

    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    pub fn n_entries(&self) -> usize {
        self.w.len()
    }

    /// Add the rows of every feature into `acc` (indexed by class).
    ///
    /// Lookups are cache misses on a large model, so they run in passes
    /// (prefetch slots; resolve them, adding inline rows and prefetching
    /// the others; add the others) to let the memory system work on many
    /// misses at once.
    #[inline]
    pub fn add(&self, feats: &[u64], acc: &mut [i32; 256]) {
        let mut far = Pending::default();
        for part in feats.chunks(CHUNK) {
            for &f in part {
                prefetch(self.table.home(short_key(f)));
            }
            for &f in part {
                if let Some(slot) = self.table.find(short_key(f)) {
                    if let Some(r) = Table::add_slot(slot, acc) {
                        self.table.prefetch_far(r);
                        far.push(r);
                    }
                }
            }
            far.flush(&self.table, acc);
        }
    }

    /// [`Weights::add`] through a slot cache: features seen recently are
    /// resolved from `memo` (no table miss); the rest are looked up in
    /// prefetched batches as in [`Weights::add`] and then cached.
    #[inline]
    pub fn add_memo(&self, feats: &[u64], acc: &mut [i32; 256], memo: &mut Memo) {
        if memo.is_disabled() {
            return self.add(feats, acc);
        }
        // Work arrays live in the cache so they are not zeroed on every call.
        let mut work = memo.work.take().unwrap_or_default();
        let Work { far, miss } = &mut *work;
        for part in feats.chunks(CHUNK) {
            for &f in part {
                memo.prefetch(f);
            }
            let mut n_miss = 0;
            for &f in part {
                let k = short_key(f);
                match memo.get(f, k) {
                    Some(slot) => {
                        if let Some(r) = Table::add_slot(slot, acc) {
                            self.table.prefetch_far(r);
                            far.push(r);
                        }
                    }
                    None => {
                        // Probed straight away: a Bloom filter in front of the
                        // table (tried until this change) cost a second
                        // dependent miss for every stored feature, more than
                        // it saved on the absent ones (`cachegrind` with a
                        // 1 MiB last level: 12% fewer misses without it).
                        prefetch(self.table.home(k));
                        miss[n_miss] = f;
                        n_miss += 1;
                    }
                }
            }
            for &f in &miss[..n_miss] {
                let k = short_key(f);
                let slot = self.table.find(k).copied().unwrap_or(Slot {
                    key: k,
                    e: [0; crate::table::INLINE],
                });
                memo.put(f, slot);
                if let Some(r) = Table::add_slot(&slot, acc) {
                    self.table.prefetch_far(r);
                    far.push(r);
                }
            }
            far.flush(&self.table, acc);
        }
        memo.work = Some(work);
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32(self.n_classes as u32);
        out.f32(self.scale);
        out.u32(self.keys.len() as u32);
        for &k in &self.keys {
            out.u32(k);
        }
        out.bytes(&self.lens);
        out.u32(self.cls.len() as u32);
        out.bytes(&self.cls);
        for &w in &self.w {
            out.u16(w as u16);
        }
    }

    /// The rows as written, without their lookup table, so that a caller can
    /// build the tables of several models at once ([`Weights::with_table`]):
    /// building one is most of a model's load.
    pub fn read_rows(r: &mut Reader) -> Result<Self, String> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let n = r.count(5)?;
        let keys: Vec<u32> = r
            .take(n * 4)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let lens = r.take(n)?.to_vec();
        let m = r.count(3)?;
        if lens.iter().map(|&l| l as usize).sum::<usize>() != m {
            return Err("model file: weight rows do not add up".into());
        }
        let cls = r.take(m)?.to_vec();
        let w: Vec<i16> = r
            .take(m * 2)?
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Ok(Weights {
            n_classes,
            scale,
            keys,
            lens,
            cls,
            w,
            table: Table::default(),
        })
    }

    /// These weights with their lookup table built.
    pub fn with_table(mut self) -> Self {
        self.build_table();
        self
    }
}

/// Anything that turns a feature list into per-class scores: the compact
/// inference weights, or the perceptron while it is being trained.
pub trait Scorer {
    /// Per-class scores of a feature list; `memo` is a lookup cache the
    /// scorer may use (and must keep consistent with itself).
    fn scores(&self, feats: &[u64], out: &mut [f32], memo: &mut Memo);

    /// Whether [`Scorer::add_int`] works: scores are exact integer sums, so
    /// a caller may add parts of a feature list separately (and reuse a
    /// part) and still get exactly the scores of the whole list.
    fn integer(&self) -> bool {
        false
    }

    /// Add the integer rows of `feats` into `acc` (only if [`Scorer::integer`]).
    fn add_int(&self, _feats: &[u64], _acc: &mut [i32; 256], _memo: &mut Memo) {}
}

impl Scorer for Weights {
    #[inline]
    fn scores(&self, feats: &[u64], out: &mut [f32], memo: &mut Memo) {
        let mut acc = [0i32; 256];
        self.add_memo(feats, &mut acc, memo);
        for (i, o) in out.iter_mut().enumerate() {
            *o = acc.get(i).map_or(0.0, |&a| a as f32);
        }
    }

    fn integer(&self) -> bool {
        true
    }

    #[inline]
    fn add_int(&self, feats: &[u64], acc: &mut [i32; 256], memo: &mut Memo) {
        self.add_memo(feats, acc, memo);
    }
}

/// Index of the highest integer score (first wins ties): a vector max, then
/// a search for its first position. With AVX2 where the CPU has it: the
/// portable build targets plain x86-64, whose SSE2 has no 32-bit max, so
/// the max was a scalar compare chain through all ~90 classes at every
/// tagger and parser step.
#[inline]
pub fn argmax_int(scores: &[i32]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { argmax_int_avx2(scores) };
    }
    argmax_int_plain(scores)
}

#[inline(always)]
fn argmax_int_plain(scores: &[i32]) -> Option<usize> {
    let top = *scores.iter().max()?;
    scores.iter().position(|&x| x == top)
}

/// [`argmax_int`] eight lanes at a time: max over whole vectors, then the
/// first vector holding that max and the first lane in it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn argmax_int_avx2(scores: &[i32]) -> Option<usize> {
    use std::arch::x86_64::*;
    let chunks = scores.chunks_exact(8);
    let tail = chunks.remainder();
    let mut m = _mm256_set1_epi32(i32::MIN);
    for c in chunks.clone() {
        // SAFETY: `c` is 8 i32s; unaligned loads are allowed.
        m = _mm256_max_epi32(m, _mm256_loadu_si256(c.as_ptr() as *const __m256i));
    }
    let mut lanes = [i32::MIN; 8];
    // SAFETY: `lanes` is 8 i32s.
    _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, m);
    let top = lanes.iter().chain(tail).copied().max()?;
    if scores.is_empty() {
        return None;
    }
    let t = _mm256_set1_epi32(top);
    for (i, c) in chunks.enumerate() {
        // SAFETY: as above.
        let eq = _mm256_cmpeq_epi32(_mm256_loadu_si256(c.as_ptr() as *const __m256i), t);
        let bits = _mm256_movemask_ps(_mm256_castsi256_ps(eq));
        if bits != 0 {
            return Some(i * 8 + bits.trailing_zeros() as usize);
        }
    }
    tail.iter()
        .position(|&x| x == top)
        .map(|p| scores.len() - tail.len() + p)
}

/// [`argmax_int`] of `scores` with the lanes whose `mask` is 0 read as
/// `i32::MIN` (mask lanes are -1 or 0): the index and the value of the
/// first maximum, without writing the masked scores out first.
#[inline]
pub fn argmax_int_masked(scores: &[i32], mask: &[i32]) -> Option<(usize, i32)> {
    let n = scores.len().min(mask.len());
    let (scores, mask) = (&scores[..n], &mask[..n]);
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { argmax_int_masked_avx2(scores, mask) };
    }
    argmax_int_masked_plain(scores, mask)
}

#[inline(always)]
fn masked_lane(s: i32, m: i32) -> i32 {
    (s & m) | (i32::MIN & !m)
}

fn argmax_int_masked_plain(scores: &[i32], mask: &[i32]) -> Option<(usize, i32)> {
    let lanes = || scores.iter().zip(mask).map(|(&s, &m)| masked_lane(s, m));
    let top = lanes().max()?;
    lanes().position(|x| x == top).map(|i| (i, top))
}

/// [`argmax_int_masked`] eight lanes at a time (as [`argmax_int_avx2`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn argmax_int_masked_avx2(scores: &[i32], mask: &[i32]) -> Option<(usize, i32)> {
    use std::arch::x86_64::*;
    let n = scores.len().min(mask.len());
    if n == 0 {
        return None;
    }
    let full = n / 8 * 8;
    let min = _mm256_set1_epi32(i32::MIN);
    // SAFETY (all loads below): `i + 8 <= full <= n`, and both slices hold
    // at least `n` i32s; unaligned loads are allowed.
    let lane = |i: usize| {
        let s = _mm256_loadu_si256(scores.as_ptr().add(i) as *const __m256i);
        let m = _mm256_loadu_si256(mask.as_ptr().add(i) as *const __m256i);
        _mm256_or_si256(_mm256_and_si256(s, m), _mm256_andnot_si256(m, min))
    };
    let mut m = min;
    for i in (0..full).step_by(8) {
        m = _mm256_max_epi32(m, lane(i));
    }
    let mut lanes = [i32::MIN; 8];
    // SAFETY: `lanes` is 8 i32s.
    _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, m);
    let tail = (full..n).map(|i| masked_lane(scores[i], mask[i]));
    let top = lanes.iter().copied().chain(tail.clone()).max()?;
    let t = _mm256_set1_epi32(top);
    for i in (0..full).step_by(8) {
        let bits = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(lane(i), t)));
        if bits != 0 {
            return Some((i + bits.trailing_zeros() as usize, top));
        }
    }
    tail.clone().position(|x| x == top).map(|p| (full + p, top))
}

/// Index of the highest score among classes allowed by `ok` (first wins ties).
#[inline]
pub fn argmax_where(scores: &[f32], ok: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if ok(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_argmax_is_the_first_maximum() {
        let mut x = 7u64;
        for n in 0..100 {
            for spread in [3u64, 1000] {
                let v: Vec<i32> = (0..n)
                    .map(|_| {
                        x = x
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        ((x >> 33) % spread) as i32 - (spread / 2) as i32 - 5
                    })
                    .collect();
                assert_eq!(argmax_int(&v), argmax_int_plain(&v), "{v:?}");
            }
        }
        assert_eq!(argmax_int(&[i32::MIN, i32::MIN]), Some(0));
        // The masked argmax against masking first, then the plain argmax.
        for n in 0..100 {
            let v: Vec<i32> = (0..n)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 33) % 5) as i32 - 2
                })
                .collect();
            let m: Vec<i32> = (0..n).map(|i| -(((i * 7 + n) % 3 != 0) as i32)).collect();
            let masked: Vec<i32> = v.iter().zip(&m).map(|(&s, &k)| masked_lane(s, k)).collect();
            let want = argmax_int_plain(&masked).map(|i| (i, masked[i]));
            assert_eq!(argmax_int_masked(&v, &m), want, "{v:?} {m:?}");
            assert_eq!(argmax_int_masked_plain(&v, &m), want);
        }
        assert_eq!(argmax_int(&[]), None);
    }

    #[test]
    fn scores_survive_quantisation_and_serialisation() {
        let avg = vec![
            (5u64 << 32, vec![(0u16, 2.0f32), (1, -1.0)]),
            (9 << 32, vec![(1, 0.5)]),
        ];
        let w = Weights::from_averaged(&avg, 2, 0.0);
        let mut buf = Writer::default();
        w.write(&mut buf);
        let w2 = Weights::read_rows(&mut Reader::new(&buf.buf))
            .unwrap()
            .with_table();
        let mut s = [0i32; 256];
        w2.add(&[5 << 32, 9 << 32, 12345 << 32], &mut s);
        let f = |x: i32| x as f32 * w2.scale;
        assert!((f(s[0]) - 2.0).abs() < 1e-3);
        assert!((f(s[1]) + 0.5).abs() < 1e-3);
        assert!(Weights::read_rows(&mut Reader::new(&buf.buf[..10])).is_err());
    }
}
