//! Dense slots for the word templates: a token's own word (2), its
//! neighbours' (3-6) and the words of the nearest cue candidates (26, 27)
//! are each a table probe per token and template, seven probes into the
//! ~3 MB emission table that mostly miss cache. Every word frequent enough
//! for the lexicon's role shares (five training occurrences) gets, once per
//! model, the emission rows the table holds for its seven keys, stored side
//! by side as dense rows; a token then finds its
//! word once (one probe into a small exact index) and the extractor hands
//! the tagger row indices instead of keys. Any other word goes through the table as before: the index changes speed, never scores
//! (integer sums do not depend on how a row was found).

use crate::features::mix;
use crate::table::Table;

/// The templates whose value is a word hash, in the order of a word's rows.
pub const WORD_TEMPLATES: [u64; 7] = [2, 3, 4, 5, 6, 26, 27];

/// A word the index does not hold (its features go through the table).
pub const UNKNOWN: u32 = u32::MAX;
/// A word the index holds whose keys all lack weights (nothing to add).
pub const NO_ROWS: u32 = u32::MAX - 1;

/// Exact word → first row lookup (open addressing over full 64-bit keys, so
/// no false hit can hand a word another word's rows).
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    keys: Vec<u64>,
    /// Per slot: the word's first row (relative to the word rows), or
    /// [`NO_ROWS`].
    first: Vec<u32>,
    /// Added to every row found: where the word rows start in the dense rows.
    base: u32,
}

impl WordIndex {
    /// The index of `words` (hash 0 is left out: it marks an empty slot;
    /// repeats are indexed once), and the rows it points to:
    /// [`WORD_TEMPLATES`]'s rows of each word with any weight, as `em` holds
    /// them. `base` is where the rows will start among the caller's dense
    /// rows. Seven probes per word: built once per model, from the words
    /// frequent enough to matter.
    pub fn build<const K: usize>(
        em: &Table<K>,
        words: impl ExactSizeIterator<Item = u64>,
        base: u32,
    ) -> (WordIndex, Vec<[i16; K]>) {
        let slots = (2 * words.len().max(1)).next_power_of_two();
        let mut ix = WordIndex {
            keys: vec![0; slots],
            first: vec![NO_ROWS; slots],
            base,
        };
        let mut rows = Vec::new();
        for w in words.filter(|&w| w != 0) {
            let mut i = w as usize & (slots - 1);
            while ix.keys[i] != 0 && ix.keys[i] != w {
                i = (i + 1) & (slots - 1);
            }
            if ix.keys[i] == w {
                continue;
            }
            ix.keys[i] = w;
            let mut found = [[0i16; K]; WORD_TEMPLATES.len()];
            for (f, &t) in found.iter_mut().zip(&WORD_TEMPLATES) {
                if let Some(r) = em.get(mix(t, w)) {
                    *f = *r;
                }
            }
            if found.iter().flatten().any(|&q| q != 0) {
                ix.first[i] = rows.len() as u32;
                rows.extend_from_slice(&found);
            }
        }
        // Rows past u32 range would be unreachable; the lexicon is far smaller.
        if base as usize + rows.len() >= NO_ROWS as usize {
            return (WordIndex::default(), Vec::new());
        }
        (ix, rows)
    }

    /// The dense row of template [`WORD_TEMPLATES`]`[0]` for word `w` (the
    /// others follow it), [`NO_ROWS`] or [`UNKNOWN`].
    #[inline]
    pub fn find(&self, w: u64) -> u32 {
        let Some(m) = self.keys.len().checked_sub(1) else {
            return UNKNOWN;
        };
        let mut i = w as usize & m;
        loop {
            let k = self.keys[i & m];
            if k == w && w != 0 {
                let f = self.first.get(i & m).copied().unwrap_or(NO_ROWS);
                return if f == NO_ROWS { NO_ROWS } else { self.base + f };
            }
            if k == 0 {
                return UNKNOWN;
            }
            i = (i + 1) & m;
        }
    }

    /// Hint the cache to fetch the slot of word `w` (no effect on results).
    #[inline]
    pub fn prefetch(&self, w: u64) {
        let i = w as usize & self.keys.len().saturating_sub(1);
        crate::table::prefetch_line(self.keys.as_ptr().wrapping_add(i) as *const u8);
        crate::table::prefetch_line(self.first.as_ptr().wrapping_add(i) as *const u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IdMap;

    #[test]
    fn rows_are_the_tables_rows_and_unknown_words_stay_unknown() {
        let mut m: IdMap<[f32; 2]> = IdMap::default();
        // "a" has weights under templates 2 and 27, "b" under none.
        m.insert(mix(2, 11), [1.0, -2.0]);
        m.insert(mix(27, 11), [3.0, 0.0]);
        m.insert(mix(9, 12), [5.0, 5.0]);
        let em = crate::table::from_map(&m, 1.0);
        let (ix, rows) = WordIndex::build(&em, [11, 12, 0, 11].into_iter(), 100);
        let a = ix.find(11);
        assert_eq!(a, 100);
        let at = |k: usize| rows[(a - 100) as usize + k];
        assert_eq!(at(0), [1, -2]);
        assert_eq!(at(6), [3, 0]);
        for k in 1..6 {
            assert_eq!(at(k), [0, 0]);
        }
        assert_eq!(ix.find(12), NO_ROWS);
        assert_eq!(ix.find(13), UNKNOWN);
        assert_eq!(ix.find(0), UNKNOWN);
        assert_eq!(WordIndex::default().find(11), UNKNOWN);
    }
}
