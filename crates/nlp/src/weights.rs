//! Compact inference weights: sparse per-feature rows of (class, i16 weight),
//! looked up through an open-addressing table built at load time. Scores are
//! accumulated in integers, with no allocation per token.

use crate::binio::{Reader, Writer};

/// Flag in [`Slot::row`] for a row of one entry stored inline as
/// `weight << 8 | class`.
const INLINE: u32 = 1 << 31;

/// One table slot: the high 32 bits of the feature key (0 = empty) and the
/// row as `start << 8 | len` into the entry array (or inline, see [`INLINE`]).
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    row: u32,
}

/// Hint the CPU to start loading the cache line at `p`. Never dereferences.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetch is only a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

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
    /// Entry `class | weight << 16`, in row order (one load per weight).
    packed: Vec<u32>,
    mask: usize,
    slots: Vec<Slot>,
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
            packed: Vec::new(),
            mask: 0,
            slots: Vec::new(),
        };
        me.build_table();
        me
    }

    fn build_table(&mut self) {
        let cap = (self.keys.len() * 2 + 16).next_power_of_two();
        self.mask = cap - 1;
        self.slots = vec![Slot::default(); cap];
        self.packed = self
            .cls
            .iter()
            .zip(&self.w)
            .map(|(&c, &w)| c as u32 | ((w as u16 as u32) << 16))
            .collect();
        let mut start = 0u32;
        for (i, &k) in self.keys.iter().enumerate() {
            let len = self.lens[i] as u32;
            let mut s = k as usize & self.mask;
            // Keys are unique in a written model; a duplicate (32-bit clash) keeps the first row.
            while self.slots[s].key != 0 && self.slots[s].key != k {
                s = (s + 1) & self.mask;
            }
            if self.slots[s].key == 0 && start < (1 << 23) {
                // A one-entry row lives in the slot itself: one cache miss, not two.
                let row = match self.packed.get(start as usize) {
                    Some(&e) if len == 1 => INLINE | (e >> 16) << 8 | (e & 0xff),
                    _ => start << 8 | len,
                };
                self.slots[s] = Slot { key: k, row };
            }
            start += len;
        }
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
            packed: Vec::new(),
            mask: 0,
            slots: Vec::new(),
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

    /// Add the rows of every feature into `out` (which the caller zeroes).
    ///
    /// Lookups are cache misses on a large model, so they run in three passes
    /// (prefetch slots, resolve rows and prefetch them, accumulate) to let the
    /// memory system work on many misses at once.
    #[inline]
    pub fn add(&self, feats: &[u64], out: &mut [i32]) {
        const CHUNK: usize = 128;
        let mut rows = [0u32; CHUNK];
        for part in feats.chunks(CHUNK) {
            for &f in part {
                prefetch(
                    self.slots
                        .as_ptr()
                        .wrapping_add(short_key(f) as usize & self.mask),
                );
            }
            let mut n = 0;
            for &f in part {
                let k = short_key(f);
                let mut s = k as usize & self.mask;
                loop {
                    let slot = self.slots[s];
                    if slot.key == k {
                        if slot.row & INLINE != 0 {
                            if let Some(o) = out.get_mut((slot.row & 0xff) as usize) {
                                *o += (slot.row >> 8) as u16 as i16 as i32;
                            }
                        } else {
                            rows[n] = slot.row;
                            n += 1;
                            prefetch(self.packed.as_ptr().wrapping_add((slot.row >> 8) as usize));
                        }
                        break;
                    }
                    if slot.key == 0 {
                        break;
                    }
                    s = (s + 1) & self.mask;
                }
            }
            for &row in &rows[..n] {
                let a = (row >> 8) as usize;
                let b = a + (row & 0xff) as usize;
                for &e in self.packed.get(a..b).unwrap_or(&[]) {
                    if let Some(o) = out.get_mut((e & 0xff) as usize) {
                        *o += (e >> 16) as u16 as i16 as i32;
                    }
                }
            }
        }
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

    pub fn read(r: &mut Reader) -> Result<Self, String> {
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
        let mut me = Weights {
            n_classes,
            scale,
            keys,
            lens,
            cls,
            w,
            packed: Vec::new(),
            mask: 0,
            slots: Vec::new(),
        };
        me.build_table();
        Ok(me)
    }
}

/// Anything that turns a feature list into per-class scores: the compact
/// inference weights, or the perceptron while it is being trained.
pub trait Scorer {
    fn scores(&self, feats: &[u64], out: &mut [f32]);
}

impl Scorer for Weights {
    #[inline]
    fn scores(&self, feats: &[u64], out: &mut [f32]) {
        if out.len() <= 128 {
            let mut acc = [0i32; 128];
            let n = out.len();
            self.add(feats, &mut acc[..n]);
            for (o, a) in out.iter_mut().zip(&acc[..n]) {
                *o = *a as f32;
            }
        } else {
            let mut acc = vec![0i32; out.len()];
            self.add(feats, &mut acc);
            for (o, a) in out.iter_mut().zip(&acc) {
                *o = *a as f32;
            }
        }
    }
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
    fn scores_survive_quantisation_and_serialisation() {
        let avg = vec![
            (5u64 << 32, vec![(0u16, 2.0f32), (1, -1.0)]),
            (9 << 32, vec![(1, 0.5)]),
        ];
        let w = Weights::from_averaged(&avg, 2, 0.0);
        let mut buf = Writer::default();
        w.write(&mut buf);
        let w2 = Weights::read(&mut Reader::new(&buf.buf)).unwrap();
        let mut s = [0i32; 2];
        w2.add(&[5 << 32, 9 << 32, 12345 << 32], &mut s);
        let f = |x: i32| x as f32 * w2.scale;
        assert!((f(s[0]) - 2.0).abs() < 1e-3);
        assert!((f(s[1]) + 0.5).abs() < 1e-3);
        assert!(Weights::read(&mut Reader::new(&buf.buf[..10])).is_err());
    }
}
