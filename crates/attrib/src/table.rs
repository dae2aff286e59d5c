//! Read-only weight table for tagging: open addressing over a compact key
//! array, values quantised to i16 in a parallel array.
//!
//! The key array holds 32-bit fingerprints at load ≤ 1/4, and the value
//! array is only touched on a hit. A lookup is answered by its first probe
//! nearly always: a longer probe costs more (a mispredicted branch per
//! extra step) than the bigger table's cache lines (profile example:
//! load 0.31 -> 0.15 for the tagger's table 1.02-1.04x faster, 0.61 0.92x). Keys are already well-mixed hashes:
//! the low bits pick the slot, the high 32 bits are the fingerprint (49 bits
//! in all; a false hit on an unseen feature is vanishingly rare).
//!
//! Tried and not kept (outputs identical in both): cache-line buckets, each
//! 64-byte line holding a few entries' fingerprints beside their rows (3
//! eight-lane rows, 8 two-lane, 10 one-lane; one line per lookup instead of
//! a key line and a value line; the emission table 2 MB instead of 5 MB),
//! with a branch-free compare of a bucket's entries. For every table:
//! Attributor::annotate on 20 dev docs (profile example, callgrind) 114.94M
//! -> 129.43M instructions (the ranker table's ten-entry compare), bench
//! nlp attribution share alternating 21.1/21.8/21.8% before, 21.4/21.8/21.7%
//! after. For the emission table alone: 116.49M instructions, attrib_speed
//! share 23.8/22.5/21.6/24.1% before, 25.4/21.7/24.3/25.8% after. Fewer
//! lines per lookup do not pay: the lookups are prefetched a token ahead.

use crate::model::IdMap;

#[derive(Debug, Clone, Default)]
pub struct Table<const K: usize> {
    keys: Vec<u32>,
    vals: Vec<[i16; K]>,
    mask: usize,
    /// Multiply summed values by this to get weights.
    pub scale: f32,
}

fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

impl<const K: usize> Table<K> {
    /// Build from float weights, quantised with `scale` (weight ≈ q × scale).
    pub fn build<'a>(
        entries: impl Iterator<Item = (u64, &'a [f32])>,
        n: usize,
        scale: f32,
    ) -> Self {
        let slots = (4 * n.max(1)).next_power_of_two();
        debug_assert!(slots >= 4 * n);
        let mut t = Table {
            keys: vec![0; slots],
            vals: vec![[0; K]; slots],
            mask: slots - 1,
            scale,
        };
        for (k, w) in entries {
            let fp = fingerprint(k);
            let mut i = k as usize & t.mask;
            while t.keys[i] != 0 && t.keys[i] != fp {
                i = (i + 1) & t.mask;
            }
            t.keys[i] = fp;
            for (q, v) in t.vals[i].iter_mut().zip(w) {
                *q = (v / scale).round().clamp(-32767.0, 32767.0) as i16;
            }
        }
        t
    }

    /// Hint the cache to fetch the slot of key `k` and its values (no
    /// effect on results). Nine in ten tagger lookups hit, so the values
    /// are wanted as often as the key: fetching both at once overlaps the
    /// two misses (profile example, 84 dev docs: 1.18x faster annotate).
    #[inline]
    pub fn prefetch(&self, k: u64) {
        // No bounds check: a prefetch never faults, so the address need not
        // be valid (it is: `mask` is the length minus one, or 0 when empty).
        let i = k as usize & self.mask;
        prefetch_line(self.keys.as_ptr().wrapping_add(i) as *const u8);
        prefetch_line(self.vals.as_ptr().wrapping_add(i) as *const u8);
    }

    /// The quantised values of key `k`, if present.
    #[inline]
    pub fn get(&self, k: u64) -> Option<&[i16; K]> {
        let keys = &self.keys[..];
        // Masking with len - 1 keeps every probe provably in bounds (no
        // per-probe check); the length is a power of two, or 0 (no slots).
        let m = keys.len().checked_sub(1)?;
        let fp = fingerprint(k);
        let mut i = k as usize & m;
        loop {
            let s = keys[i & m];
            if s == fp {
                return self.vals.get(i & m);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & m;
        }
    }
}

/// Ask the cache for the line holding `p` (a hint: it never faults and
/// changes no program state).
#[inline]
pub(crate) fn prefetch_line(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults, even on an
    // invalid address, and reads nothing into the program's state.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The largest absolute weight (for a shared quantisation scale).
pub fn max_abs<'a>(ws: impl Iterator<Item = &'a f32>) -> f32 {
    ws.fold(0f32, |m, v| m.max(v.abs())).max(1e-6)
}

/// Table from a map of fixed-size float rows.
pub fn from_map<const K: usize>(m: &IdMap<[f32; K]>, scale: f32) -> Table<K> {
    Table::build(m.iter().map(|(k, v)| (*k, &v[..])), m.len(), scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_stored_and_nothing_else() {
        let mut m: IdMap<[f32; 2]> = IdMap::default();
        for k in 0..1000u64 {
            let key = crate::features::mix(9, k);
            m.insert(key, [k as f32, -(k as f32)]);
        }
        let t = from_map(&m, 1.0);
        for k in 0..1000u64 {
            let q = t.get(crate::features::mix(9, k)).copied();
            assert_eq!(q, Some([k as i16, -(k as i16)]));
        }
        assert!(t.get(crate::features::mix(10, 3)).is_none());
        assert!(Table::<2>::default().get(5).is_none());
    }
}
