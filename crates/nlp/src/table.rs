//! Inference lookup table for quantised weight rows: open addressing with
//! 16-byte slots that hold the feature's short key and up to three
//! `(class, weight)` entries inline. Rare features have rows that short, so
//! their lookup touches one cache line. Frequent features (tags, common
//! words) have rows with weights for many classes; those are stored dense
//! (one i16 per class) and added with vector instructions, which is several
//! times cheaper than adding sparse entries one by one.

use crate::huge::HugeArray;

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

/// Classes per dense block: one 64-byte cache line of i16 weights.
pub const LANES: usize = 32;

/// Lanes of a 256-lane accumulator that rows for `classes` classes can write:
/// up to the end of the last 32-class block (the rest need no clearing).
pub fn lanes_for(classes: usize) -> usize {
    classes.div_ceil(LANES).saturating_mul(LANES).min(256)
}

/// One cache line of a dense row.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub struct Block([i16; LANES]);

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
    slots: HugeArray<Slot>,
    mask: usize,
    spill: Vec<Entry>,
    dense: Vec<Block>,
    /// Blocks in one dense row: enough for every class, at most 256 classes.
    per_row: usize,
}

impl Table {
    /// Build from rows given as (short key, entries) in file order; when two
    /// rows share a short key the first one wins.
    pub fn build<'a>(
        n_rows: usize,
        n_classes: usize,
        rows: impl Iterator<Item = (u32, &'a [Entry])>,
    ) -> Table {
        // At most a third full. The shipped tagger (159,994 rows) was 61%
        // full at 1.5x; at a third, callgrind of `bench nlp --runs 1`
        // counted Nlp::annotate 1490.5M -> 1478.7M instructions, D1 read
        // misses 23.93M -> 23.63M and LL read misses (1 MiB) 8.66M -> 8.31M:
        // shorter probe runs more than pay for the bigger table (tagger
        // 4 -> 8 MiB, parser 16 -> 32 MiB). At most half full: 1482.9M,
        // 23.73M, 8.44M.
        // Load time: most of building a table is the kernel zeroing its
        // fresh pages. Placing rows region by region (grouped by home slot,
        // so writes stay within 128 KiB at a time) did not shorten a cold
        // load measurably (nlp model 30 -> 33-36 ms, noisy), so rows go in
        // file order.
        let cap = (n_rows * 3 + 16).next_power_of_two();
        let mask = cap - 1;
        let per_row = n_classes.clamp(1, 256).div_ceil(LANES);
        let mut table = HugeArray::new(cap, Slot::default());
        let slots = table.as_mut_slice();
        let mut spill = Vec::new();
        let mut dense: Vec<Block> = Vec::new();
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
            } else if row.len() >= DENSE_MIN {
                let start = dense.len();
                dense.resize(start + per_row, Block([0; LANES]));
                for &x in row {
                    // Classes past the row cannot be scored; skipping them changes nothing.
                    let c = (x & 0xff) as usize;
                    if let Some(b) = dense.get_mut(start + c / LANES) {
                        b.0[c % LANES] = (x >> 16) as u16 as i16;
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
            slots: table,
            mask,
            spill,
            dense,
            per_row,
        }
    }

    /// Address of the slot where probing for `k` starts (for prefetching).
    #[inline(always)]
    pub fn home(&self, k: u32) -> *const Slot {
        self.slots
            .as_slice()
            .as_ptr()
            .wrapping_add(k as usize & self.mask)
    }

    /// The slot holding `k`, if any.
    #[inline(always)]
    pub fn find(&self, k: u32) -> Option<&Slot> {
        let slots = self.slots.as_slice();
        let mut s = k as usize & self.mask;
        loop {
            let slot = slots.get(s)?;
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
    /// with [`Table::add_sparse`] or [`Table::add_dense`]).
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
                // Unrolled for the usual three lines (65 to 96 classes): a
                // loop here cost more instructions than the prefetches.
                let p = self.dense.as_ptr().wrapping_add(start as usize);
                prefetch(p);
                if self.per_row > 1 {
                    prefetch(p.wrapping_add(1));
                }
                if self.per_row > 2 {
                    prefetch(p.wrapping_add(2));
                }
                for b in 3..self.per_row {
                    prefetch(p.wrapping_add(b));
                }
            }
        }
    }

    /// Add a sparse far row into `acc` (dense ones go through
    /// [`Table::add_dense`], all at once).
    #[inline(always)]
    pub fn add_sparse(&self, start: u32, len: u32, acc: &mut [i32; 256]) {
        let (a, b) = (start as usize, start as usize + len as usize);
        for &e in self.spill.get(a..b).unwrap_or(&[]) {
            add_entry(acc, e);
        }
    }

    /// Add the dense rows starting at `starts` into `acc`. Runs with AVX2
    /// where the CPU has it (checked at run time; the result is the same).
    #[inline]
    pub fn add_dense(&self, starts: &[u32], acc: &mut [i32; 256]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            unsafe { add_dense_avx2(&self.dense, self.per_row, starts, acc) };
            return;
        }
        add_dense_rows(&self.dense, self.per_row, starts, acc)
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_dense_avx2(dense: &[Block], per_row: usize, starts: &[u32], acc: &mut [i32; 256]) {
    add_dense_rows(dense, per_row, starts, acc)
}

/// Sum dense rows block by block, so one block of sums stays in vector
/// registers while every row's block is added to it. Rows of three blocks
/// (65 to 96 classes, both current models) are summed whole instead: the
/// 96 sums fit in twelve vector registers, which saves the loop over
/// blocks and reloading the row starts three times.
#[inline(always)]
fn add_dense_rows(dense: &[Block], per_row: usize, starts: &[u32], acc: &mut [i32; 256]) {
    if per_row == 3 {
        let mut sum = [[0i32; LANES]; 3];
        for &s in starts {
            let s = s as usize;
            if let Some(row) = dense.get(s..s + 3) {
                for (part, block) in sum.iter_mut().zip(row) {
                    for (x, &w) in part.iter_mut().zip(&block.0) {
                        *x += w as i32;
                    }
                }
            }
        }
        for (out, part) in acc.chunks_exact_mut(LANES).zip(&sum) {
            for (o, x) in out.iter_mut().zip(part) {
                *o += x;
            }
        }
        return;
    }
    add_dense_blocks(dense, per_row, starts, acc)
}

/// [`add_dense_rows`] for any row length: one block of every row at a time.
#[inline(always)]
fn add_dense_blocks(dense: &[Block], per_row: usize, starts: &[u32], acc: &mut [i32; 256]) {
    for (b, out) in acc.chunks_exact_mut(LANES).take(per_row).enumerate() {
        let mut sum = [0i32; LANES];
        for &s in starts {
            if let Some(block) = dense.get(s as usize + b) {
                for (x, &w) in sum.iter_mut().zip(&block.0) {
                    *x += w as i32;
                }
            }
        }
        for (o, x) in out.iter_mut().zip(sum) {
            *o += x;
        }
    }
}

/// Features looked up together: their misses overlap in the memory system.
pub const CHUNK: usize = 128;

/// Rows found in the current chunk of features that are not inline: added
/// after the whole chunk is resolved, so their loads overlap.
pub struct Pending {
    dense: [u32; CHUNK],
    n_dense: usize,
    sparse: [(u32, u32); CHUNK],
    n_sparse: usize,
}

impl Default for Pending {
    fn default() -> Self {
        Pending {
            dense: [0; CHUNK],
            n_dense: 0,
            sparse: [(0, 0); CHUNK],
            n_sparse: 0,
        }
    }
}

impl Pending {
    /// Queue a row (at most one per feature of a chunk, so never more than [`CHUNK`]).
    #[inline(always)]
    pub fn push(&mut self, far: Far) {
        match far {
            Far::Dense(s) => {
                if let Some(x) = self.dense.get_mut(self.n_dense) {
                    *x = s;
                    self.n_dense += 1;
                }
            }
            Far::Sparse(s, n) => {
                if let Some(x) = self.sparse.get_mut(self.n_sparse) {
                    *x = (s, n);
                    self.n_sparse += 1;
                }
            }
        }
    }

    #[inline(always)]
    pub fn flush(&mut self, table: &Table, acc: &mut [i32; 256]) {
        for &(s, n) in &self.sparse[..self.n_sparse] {
            table.add_sparse(s, n, acc);
        }
        table.add_dense(&self.dense[..self.n_dense], acc);
        self.n_dense = 0;
        self.n_sparse = 0;
    }
}

/// Scratch arrays of one batched lookup.
pub struct Work {
    pub far: Pending,
    pub miss: [u64; CHUNK],
}

impl Default for Work {
    fn default() -> Self {
        Work {
            far: Pending::default(),
            miss: [0; CHUNK],
        }
    }
}

/// A small direct-mapped cache of table slots, indexed by low feature-key
/// bits. Feature values repeat a lot within and across sentences (tags,
/// frequent words), so most lookups hit this cache, which stays in the CPU's
/// L2, instead of the table, which does not. A slot is a pure function of its
/// short key, so a hit gives exactly what the table would; features missing
/// from the table are cached as empty slots.
pub struct Memo {
    slots: Vec<Slot>,
    mask: usize,
    /// Reused scratch space (taken out while a lookup runs).
    pub work: Option<Box<Work>>,
}

impl Memo {
    /// A cache of `2^bits` slots (`bits` 0: disabled).
    pub fn new(bits: u32) -> Memo {
        if bits == 0 {
            return Memo::disabled();
        }
        let n = 1usize << bits.min(24);
        Memo {
            slots: vec![Slot::default(); n],
            mask: n - 1,
            work: None,
        }
    }

    /// No cache: every lookup goes to the table.
    pub fn disabled() -> Memo {
        Memo {
            slots: Vec::new(),
            mask: 0,
            work: None,
        }
    }

    pub fn is_disabled(&self) -> bool {
        self.slots.is_empty()
    }

    /// The cached slot for feature `f` if it holds short key `k`.
    #[inline(always)]
    pub fn get(&self, f: u64, k: u32) -> Option<&Slot> {
        self.slots
            .get(f as usize & self.mask)
            .filter(|s| s.key == k)
    }

    /// Start loading the cache line for feature `f`.
    #[inline(always)]
    pub fn prefetch(&self, f: u64) {
        prefetch(self.slots.as_ptr().wrapping_add(f as usize & self.mask));
    }

    #[inline(always)]
    pub fn put(&mut self, f: u64, slot: Slot) {
        if let Some(s) = self.slots.get_mut(f as usize & self.mask) {
            *s = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_spilled_rows_add_up() {
        let short = [1u32 | 5 << 16];
        let long = [
            1u32 << 16,
            1 | 2 << 16,
            2 | 3 << 16,
            3 | (-4i16 as u16 as u32) << 16,
        ];
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
        let Some(Far::Sparse(a, n)) = Table::add_slot(s, &mut acc) else {
            panic!("spilled")
        };
        t.add_sparse(a, n, &mut acc);
        assert_eq!(&acc[..4], &[1, 7, 3, -4]);
        assert_eq!(acc[9], 0, "first row of a duplicated key wins");
        assert!(t.find(8).is_none());
        let s = t.find(3).expect("stored");
        let Some(Far::Dense(a)) = Table::add_slot(s, &mut acc) else {
            panic!("dense")
        };
        t.add_dense(&[a, a], &mut acc);
        add_dense_rows(&t.dense, t.per_row, &[a], &mut acc);
        assert_eq!(&acc[..4], &[301, 310, 309, 305]);
        assert_eq!(acc[19], 357);
        assert_eq!(acc[20], 0);
    }

    #[test]
    fn three_block_rows_sum_like_the_block_loop() {
        let row = |m: i32| -> Vec<u32> {
            (0..80u32)
                .filter(|c| c % 3 != 1)
                .map(|c| c | (((c as i32 * m - 40) as i16 as u16 as u32) << 16))
                .collect()
        };
        let (a, b) = (row(7), row(-3));
        let t = Table::build(2, 80, [(5u32, &a[..]), (6, &b[..])].into_iter());
        assert_eq!(t.per_row, 3);
        let start = |k| match t.find(k).and_then(|s| Table::add_slot(s, &mut [0; 256])) {
            Some(Far::Dense(x)) => x,
            _ => panic!("dense"),
        };
        let starts = [start(5), start(6), start(5)];
        let mut want = [0i32; 256];
        for (c, w) in want.iter_mut().enumerate().take(80) {
            if c % 3 != 1 {
                *w = 2 * (c as i32 * 7 - 40) + (c as i32 * -3 - 40);
            }
        }
        let mut got = [0i32; 256];
        t.add_dense(&starts, &mut got);
        assert_eq!(got, want);
        let mut plain = [0i32; 256];
        add_dense_blocks(&t.dense, t.per_row, &starts, &mut plain);
        assert_eq!(plain, want);
    }
}
