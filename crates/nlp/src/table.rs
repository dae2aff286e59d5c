//! Inference lookup table for quantised weight rows: open addressing with
//! 16-byte slots that hold the feature's short key and up to three
//! `(class, weight)` entries inline. Rare features have rows that short, so
//! their lookup touches one cache line. Frequent features (tags, common
//! words) have rows with weights for many classes; those are stored dense
//! (one i16 per class) and added with vector instructions, which is several
//! times cheaper than adding sparse entries one by one.

/// One packed entry: `class | weight << 16`. Bits 8..16 are zero in entries;
/// [`SPILL`] uses them to mark a slot whose row lives in the spill array.
pub type Entry = u32;

/// Marker in `e[0]` of a slot whose row is too long to inline: `e[1]` is
/// the row's start in the spill array and `e[2]` its length.
const SPILL: u32 = 1 << 8;

/// Marker in `e[0]` of a slot whose row is dense: `e[1]` is the row's
/// start in the dense array (a multiple of the row stride).
const DENSE: u32 = 1 << 9;

/// Entries stored inside a slot.
pub const INLINE: usize = 3;

/// Rows with at least this many entries are stored dense: adding a sparse
/// entry costs about as much as adding 8 dense classes with SIMD.
const DENSE_MIN: usize = 12;

/// Dense rows are padded to a multiple of this many classes (one AVX2 register of i16).
const LANES: usize = 16;

/// Where a found row lives when it is not inline.
#[derive(Clone, Copy)]
pub enum Far {
    Sparse(u32, u32),
    Dense(u32),
}

/// `key` is the short key (never 0; 0 marks an empty slot). Unused inline
/// entries are 0, which adds nothing (weights of 0 are never stored).
#[derive(Clone, Copy, Default)]
#[repr(C, align(16))]
pub struct Slot {
    pub key: u32,
    pub e: [Entry; INLINE],

}

/// Hint the CPU to start loading the cache line at `p`. Never dereferences.
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetch is only a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Add one entry to a 256-class accumulator (the class byte indexes it, so
/// no bounds check is needed; an empty entry adds 0 to class 0).
#[inline(always)]
pub fn add_entry(acc: &mut [i32; 256], e: Entry) {
    acc[(e & 0xff) as usize] += (e >> 16) as u16 as i16 as i32;
}

#[derive(Default)]
pub struct Table {
    slots: Vec<Slot>,
    mask: usize,
    spill: Vec<Entry>,
    dense: Vec<i16>,
    /// Length of one dense row: the class count rounded up to [`LANES`], at most 256.
    stride: usize,
}

impl Table {
    /// Build from rows given as (short key, entries) in file order; when two
    /// rows share a short key the first one wins.
    pub fn build<'a>(
        n_rows: usize,
        n_classes: usize,
        rows: impl Iterator<Item = (u32, &'a [Entry])>,
    ) -> Table {
        let cap = (n_rows + n_rows / 2 + 16).next_power_of_two();
        let mask = cap - 1;
        let stride = n_classes.clamp(1, 256).next_multiple_of(LANES);
        let mut slots = vec![Slot::default(); cap];
        let mut spill = Vec::new();
        let mut dense: Vec<i16> = Vec::new();
        for (k, row) in rows {
            let mut s = k as usize & mask;
            while slots[s].key != 0 && slots[s].key != k {
                s = (s + 1) & mask;
            }
            if slots[s].key != 0 {
                continue;
            }
            let mut e = [0; INLINE];
            if row.len() <= INLINE {
                e[..row.len()].copy_from_slice(row);
            } else if row.len() >= DENSE_MIN && dense.len() / stride < (1 << 24) {
                let start = dense.len();
                dense.resize(start + stride, 0);
                for &x in row {
                    // Classes past the stride cannot be scored; skipping them changes nothing.
                    if let Some(d) = dense.get_mut(start + (x & 0xff) as usize) {
                        if (x & 0xff) < stride as u32 {
                            *d = d.wrapping_add((x >> 16) as u16 as i16);
                        }
                    }
                }
                e = [DENSE, start as u32, 0];
            } else {
                e = [SPILL, spill.len() as u32, row.len() as u32];
                spill.extend_from_slice(row);
            }
            slots[s] = Slot { key: k, e };
        }
        Table {
            slots,
            mask,
            spill,
            dense,
            stride,
        }
    }

    /// Address of the slot where probing for `k` starts (for prefetching).
    #[inline(always)]
    pub fn home(&self, k: u32) -> *const Slot {
        self.slots.as_ptr().wrapping_add(k as usize & self.mask)
    }

    /// The slot holding `k`, if any.
    #[inline(always)]
    pub fn find(&self, k: u32) -> Option<&Slot> {
        let mut s = k as usize & self.mask;
        loop {
            let slot = self.slots.get(s)?;
            if slot.key == k {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Add a found slot's row into `acc`. Returns where the row is instead
    /// when it is not inline (the caller adds it later, after prefetching,
    /// with [`Table::add_far`]).
    #[inline(always)]
    pub fn add_slot(slot: &Slot, acc: &mut [i32; 256]) -> Option<Far> {
        if slot.e[0] & SPILL != 0 {
            return Some(Far::Sparse(slot.e[1], slot.e[2]));
        }
        if slot.e[0] & DENSE != 0 {
            return Some(Far::Dense(slot.e[1]));
        }
        for &e in &slot.e {
            add_entry(acc, e);
        }
        None
    }

    /// Start loading a far row.
    #[inline(always)]
    pub fn prefetch_far(&self, far: Far) {
        match far {
            Far::Sparse(start, _) => prefetch(self.spill.as_ptr().wrapping_add(start as usize)),
            Far::Dense(start) => {
                let p = self.dense.as_ptr().wrapping_add(start as usize);
                prefetch(p);
                prefetch(p.wrapping_add(32));
            }
        }
    }

    /// Add a far row into `acc`.
    #[inline(always)]
    pub fn add_far(&self, far: Far, acc: &mut [i32; 256]) {
        match far {
            Far::Sparse(start, len) => {
                let (a, b) = (start as usize, start as usize + len as usize);
                for &e in self.spill.get(a..b).unwrap_or(&[]) {
                    add_entry(acc, e);
                }
            }
            Far::Dense(start) => {
                let a = start as usize;
                if let Some(row) = self.dense.get(a..a + self.stride) {
                    add_dense(acc, row);
                }
            }
        }
    }
}

/// `acc[i] += row[i]` over a dense row (vectorised by the compiler).
#[inline(always)]
fn add_dense(acc: &mut [i32; 256], row: &[i16]) {
    for (a, &w) in acc.iter_mut().zip(row) {
        *a += w as i32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_spilled_rows_add_up() {
        let short = [1u32 | 5 << 16];
        let long = [0u32 | 1 << 16, 1 | 2 << 16, 2 | 3 << 16, 3 | (-4i16 as u16 as u32) << 16];
        let dense: Vec<u32> = (0..20u32).map(|c| c | (c + 100) << 16).collect();
        let dup = [9u32 | 9 << 16];
        let t = Table::build(
            4,
            20,
            [
                (7u32, &short[..]),
                (7 + 1024, &long[..]),
                (7, &dup[..]),
                (3, &dense[..]),
            ]
            .into_iter(),
        );
        let mut acc = [0i32; 256];
        let s = t.find(7).expect("stored");
        assert!(Table::add_slot(s, &mut acc).is_none());
        let s = t.find(7 + 1024).expect("stored");
        let r = Table::add_slot(s, &mut acc).expect("spilled");
        t.add_far(r, &mut acc);
        assert_eq!(&acc[..4], &[1, 7, 3, -4]);
        assert_eq!(acc[9], 0, "first row of a duplicated key wins");
        assert!(t.find(8).is_none());
        let s = t.find(3).expect("stored");
        let r = Table::add_slot(s, &mut acc).expect("dense");
        t.add_far(r, &mut acc);
        assert_eq!(&acc[..4], &[101, 108, 105, 99]);
        assert_eq!(acc[19], 119);
        assert_eq!(acc[20], 0);
    }
}
