//! Joint dense slots: groups of tagger templates that read the same few
//! small per-token facts get one dense row per combination of those facts,
//! the sum of the group's rows for it (looked up once per model). A token
//! then adds one row per group instead of one per template: four rows for
//! the 21 features of shape, quote state, cue buckets, sentence position
//! and the distances to the nearest cue candidates, three of which were
//! hashed keys (values past the dense range).
//!
//! The tagger's sums are integer sums, so a group's row scores exactly what
//! its members' rows score, in any order. A combination whose summed row
//! does not fit the rows' i16 lanes has no slot, and its features go one by
//! one as before: the slots change speed, never scores. Training sees every
//! feature as its own key, in template order, as always.

use crate::features::mix;
use crate::id_slots::dist_id;
use crate::table::Table;

/// Facts of the token-local group (templates 1, 10-13, 25, 32, 33, 91, 92).
#[derive(Debug, Clone, Copy)]
pub struct Local {
    /// Word shape (1..=6).
    pub shape: u64,
    pub in_quote: u64,
    pub is_quote: u64,
    /// Cue bucket of the word (0..=5).
    pub cue: u64,
    /// Whether this token (bit 1) and the next (bit 0) end their sentences.
    pub fin: u64,
    /// Cue bucket of the lemma (0..=5), `None` without a lemma.
    pub lemma_cue: Option<u64>,
}

/// Facts of the distance group (templates 16-19, 21): the distance buckets
/// to the nearest cue candidate on the left and right (0..=7, 99 for none).
#[derive(Debug, Clone, Copy)]
pub struct Dist {
    pub left: u64,
    pub right: u64,
    pub in_quote: u64,
    pub shape: u64,
}

/// Facts of the neighbour group (templates 14, 15, 31): the previous and
/// next words' cue buckets (9 past the ends) and the stem's.
#[derive(Debug, Clone, Copy)]
pub struct Near {
    pub prev_cue: u64,
    pub next_cue: u64,
    pub stem_cue: u64,
}

/// Facts of the sentence group (templates 22-24).
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// Position in the sentence, capped at 4.
    pub pos: u64,
    pub last: u64,
    pub newline: u64,
    /// Whether the sentence holds a quote mark (bit 1) and a cue candidate (bit 0).
    pub sent: u64,
}

/// The features of each group, (template, value), as the extractor makes
/// them one by one: the one definition the rows are summed from.
impl Local {
    pub fn features(&self) -> Vec<(u64, u64)> {
        let (s, q, iq, c, fin) = (self.shape, self.in_quote, self.is_quote, self.cue, self.fin);
        let mut v = vec![
            (1, 0),
            (10, s),
            (11, s * 16 + q),
            (12, q * 2 + iq),
            (13, c),
            (25, c * 16 + q * 4 + s),
            (32, fin * 8 + s),
            (33, fin * 4 + q * 2 + iq),
        ];
        if let Some(lc) = self.lemma_cue {
            v.push((91, lc * 8 + c));
            v.push((92, lc * 16 + q * 8 + s));
        }
        v
    }

    /// Index of the combination, when every fact is in range.
    fn index(&self) -> Option<u32> {
        let lc = self.lemma_cue.unwrap_or(6);
        let ok = self.shape < 8
            && self.in_quote < 2
            && self.is_quote < 2
            && self.cue < 6
            && self.fin < 4
            && lc < 7;
        let i = ((((self.shape * 2 + self.in_quote) * 2 + self.is_quote) * 6 + self.cue) * 4
            + self.fin)
            * 7
            + lc;
        ok.then_some(i as u32)
    }

    fn all() -> impl Iterator<Item = Local> {
        (0..LOCAL_N).map(|i| {
            let lc = i % 7;
            let r = i / 7;
            Local {
                fin: r % 4,
                cue: (r / 4) % 6,
                is_quote: (r / 24) % 2,
                in_quote: (r / 48) % 2,
                shape: r / 96,
                lemma_cue: (lc < 6).then_some(lc),
            }
        })
    }
}

const LOCAL_N: u64 = 8 * 2 * 2 * 6 * 4 * 7;

impl Dist {
    pub fn features(&self) -> Vec<(u64, u64)> {
        let (lb, rb, q) = (self.left, self.right, self.in_quote);
        vec![
            (16, lb * 128 + rb),
            (17, lb),
            (18, rb),
            (19, (lb * 128 + rb) * 4 + q),
            (21, self.shape ^ (lb * 128 + rb) << 8),
        ]
    }

    fn index(&self) -> Option<u32> {
        let (l, r) = (dist_id(self.left) as u64, dist_id(self.right) as u64);
        let ok = l < 9 && r < 9 && self.in_quote < 2 && self.shape < 8;
        ok.then_some((((l * 9 + r) * 2 + self.in_quote) * 8 + self.shape) as u32)
    }

    fn all() -> impl Iterator<Item = Dist> {
        let bucket = |id: u64| if id == 8 { 99 } else { id };
        (0..DIST_N).map(move |i| Dist {
            shape: i % 8,
            in_quote: (i / 8) % 2,
            right: bucket((i / 16) % 9),
            left: bucket(i / 144),
        })
    }
}

const DIST_N: u64 = 9 * 9 * 2 * 8;

/// Id of a neighbour's cue bucket: 0..=5, 6 for the padding 9.
fn cue_id(c: u64) -> u64 {
    match c {
        0..=5 => c,
        9 => 6,
        _ => 7,
    }
}

impl Near {
    pub fn features(&self) -> Vec<(u64, u64)> {
        vec![
            (14, self.prev_cue),
            (15, self.next_cue),
            (31, self.stem_cue),
        ]
    }

    fn index(&self) -> Option<u32> {
        let (p, n) = (cue_id(self.prev_cue), cue_id(self.next_cue));
        let ok = p < 7 && n < 7 && self.stem_cue < 6;
        ok.then_some(((p * 7 + n) * 6 + self.stem_cue) as u32)
    }

    fn all() -> impl Iterator<Item = Near> {
        let cue = |id: u64| if id == 6 { 9 } else { id };
        (0..NEAR_N).map(move |i| Near {
            stem_cue: i % 6,
            next_cue: cue((i / 6) % 7),
            prev_cue: cue(i / 42),
        })
    }
}

const NEAR_N: u64 = 7 * 7 * 6;

impl Place {
    pub fn features(&self) -> Vec<(u64, u64)> {
        vec![
            (22, self.pos * 2 + self.last),
            (23, self.newline),
            (24, self.sent),
        ]
    }

    fn index(&self) -> Option<u32> {
        let ok = self.pos < 5 && self.last < 2 && self.newline < 2 && self.sent < 4;
        ok.then_some((((self.pos * 2 + self.last) * 2 + self.newline) * 4 + self.sent) as u32)
    }

    fn all() -> impl Iterator<Item = Place> {
        (0..PLACE_N).map(|i| Place {
            sent: i % 4,
            newline: (i / 4) % 2,
            last: (i / 8) % 2,
            pos: i / 16,
        })
    }
}

const PLACE_N: u64 = 5 * 2 * 2 * 4;

/// The joint rows' slots: per group, where its rows start among the dense
/// rows, and per combination whether its summed row fits.
#[derive(Debug, Clone, Default)]
pub struct JointSlots {
    base: [u32; 4],
    fits: Vec<bool>,
}

/// Offsets of each group's combinations in [`JointSlots::fits`].
const OFFSETS: [u64; 4] = [0, LOCAL_N, LOCAL_N + DIST_N, LOCAL_N + DIST_N + NEAR_N];

impl JointSlots {
    /// The slots, and the summed rows of every combination of every group
    /// (in `em`'s units; zero where the sum does not fit). `base` is where
    /// the rows will start among the caller's dense rows.
    pub fn build<const K: usize>(em: &Table<K>, base: u32) -> (JointSlots, Vec<[i16; K]>) {
        let lists: [Vec<Vec<(u64, u64)>>; 4] = [
            Local::all().map(|x| x.features()).collect(),
            Dist::all().map(|x| x.features()).collect(),
            Near::all().map(|x| x.features()).collect(),
            Place::all().map(|x| x.features()).collect(),
        ];
        let mut js = JointSlots::default();
        let mut rows = Vec::new();
        for (g, list) in lists.iter().enumerate() {
            js.base[g] = base + rows.len() as u32;
            for feats in list {
                let mut sum = [0i32; K];
                for &(t, v) in feats {
                    if let Some(w) = em.get(mix(t, v)) {
                        for (s, &x) in sum.iter_mut().zip(w) {
                            *s += x as i32;
                        }
                    }
                }
                let fit = sum.iter().all(|&s| i16::try_from(s).is_ok());
                js.fits.push(fit);
                rows.push(std::array::from_fn(|k| if fit { sum[k] as i16 } else { 0 }));
            }
        }
        (js, rows)
    }

    /// How many combinations have a slot, of how many.
    #[cfg(test)]
    pub fn fitting(&self) -> (usize, usize) {
        (self.fits.iter().filter(|&&f| f).count(), self.fits.len())
    }

    #[inline]
    fn slot(&self, g: usize, idx: Option<u32>) -> Option<u32> {
        let i = idx?;
        let fit = self.fits.get((OFFSETS[g] + i as u64) as usize)?;
        fit.then_some(self.base[g] + i)
    }

    /// The dense row of a token-local combination, if it has one.
    #[inline]
    pub fn local(&self, x: &Local) -> Option<u32> {
        self.slot(0, x.index())
    }

    #[inline]
    pub fn dist(&self, x: &Dist) -> Option<u32> {
        self.slot(1, x.index())
    }

    #[inline]
    pub fn near(&self, x: &Near) -> Option<u32> {
        self.slot(2, x.index())
    }

    #[inline]
    pub fn place(&self, x: &Place) -> Option<u32> {
        self.slot(3, x.index())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_combination_has_its_own_index() {
        let check = |idx: Vec<Option<u32>>, n: u64| {
            assert_eq!(idx.len() as u64, n);
            for (k, i) in idx.iter().enumerate() {
                assert_eq!(*i, Some(k as u32));
            }
        };
        check(Local::all().map(|x| x.index()).collect(), LOCAL_N);
        check(Dist::all().map(|x| x.index()).collect(), DIST_N);
        check(Near::all().map(|x| x.index()).collect(), NEAR_N);
        check(Place::all().map(|x| x.index()).collect(), PLACE_N);
        // Out of range: no slot.
        let d = Dist {
            left: 8,
            right: 0,
            in_quote: 0,
            shape: 1,
        };
        assert_eq!(d.index(), None);
    }

    #[test]
    fn rows_sum_the_members_and_overflow_has_no_slot() {
        use crate::model::IdMap;
        let mut m: IdMap<[f32; 2]> = IdMap::default();
        m.insert(mix(22, 3), [2.0, -1.0]);
        m.insert(mix(24, 1), [5.0, 4.0]);
        // Large enough that together they overflow i16.
        m.insert(mix(14, 9), [30000.0, 0.0]);
        m.insert(mix(15, 9), [30000.0, 0.0]);
        let em = crate::table::from_map(&m, 1.0);
        let (js, rows) = JointSlots::build(&em, 10);
        let p = Place {
            pos: 1,
            last: 1,
            newline: 0,
            sent: 1,
        };
        let slot = js.place(&p).expect("fits");
        assert_eq!(rows[(slot - 10) as usize], [7, 3]);
        let n = Near {
            prev_cue: 9,
            next_cue: 9,
            stem_cue: 0,
        };
        assert_eq!(js.near(&n), None);
        let n = Near {
            prev_cue: 9,
            next_cue: 0,
            stem_cue: 0,
        };
        assert!(js.near(&n).is_some());
    }
}
