//! Blocked Bloom filter over the short keys of a weight table. About half
//! of the parser's feature lookups that miss the slot cache are for features
//! the model never stored (rare word pairs); the filter, small enough to stay
//! in the CPU cache, answers most of those without touching the large table.

use crate::hash::fin;

/// One cache line of filter bits.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line([u64; 8]);

/// Filter bits per stored key (before rounding the line count up to a power
/// of two): about 2% false positives with 4 bits set per key.
const BITS_PER_KEY: usize = 8;

pub struct Filter {
    lines: Vec<Line>,
    mask: usize,
}

/// The line and the four bit positions in it of key `k`.
#[inline(always)]
fn spots(k: u32, mask: usize) -> (usize, [u32; 4]) {
    let h = fin(k as u64 ^ 0x0b10_0f11_7e12);
    let line = (h >> 36) as usize & mask;
    let b = |i: u32| ((h >> (9 * i)) & 511) as u32;
    (line, [b(0), b(1), b(2), b(3)])
}

impl Filter {
    pub fn new(keys: &[u32]) -> Filter {
        let n = (keys.len() * BITS_PER_KEY / 512).max(1).next_power_of_two();
        let mut f = Filter {
            lines: vec![Line([0; 8]); n],
            mask: n - 1,
        };
        for &k in keys {
            let (l, bits) = spots(k, f.mask);
            if let Some(line) = f.lines.get_mut(l) {
                for b in bits {
                    line.0[(b / 64) as usize] |= 1 << (b % 64);
                }
            }
        }
        f
    }

    /// Start loading the line of key `k`.
    #[inline(always)]
    pub fn prefetch(&self, k: u32) {
        let (l, _) = spots(k, self.mask);
        crate::table::prefetch(self.lines.as_ptr().wrapping_add(l));
    }

    /// False only if `k` was certainly not among the keys.
    #[inline(always)]
    pub fn may_contain(&self, k: u32) -> bool {
        let (l, bits) = spots(k, self.mask);
        match self.lines.get(l) {
            Some(line) => bits
                .iter()
                .all(|&b| line.0[(b / 64) as usize] & (1 << (b % 64)) != 0),
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_misses_a_key_and_rejects_most_others() {
        let keys: Vec<u32> = (1..20_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761))
            .collect();
        let f = Filter::new(&keys);
        assert!(keys.iter().all(|&k| f.may_contain(k)));
        let false_pos = (0..20_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) ^ 0x5555_5555)
            .filter(|k| !keys.contains(k) && f.may_contain(*k))
            .count();
        assert!(false_pos < 1_000, "{false_pos} false positives");
    }
}
