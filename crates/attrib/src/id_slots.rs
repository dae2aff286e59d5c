//! Dense slots for the syntax templates: features built from a token's
//! part-of-speech tag, dependency relation and a small number (a neighbour's
//! tag, a cue bucket, a subtree edge) take a few dozen values each, but
//! their values are hashes, past the plain dense slots of
//! [`crate::features::dense_slot`]. Each tag and relation the parser emits
//! gets a small id, so such a feature's slot is an index computed from the
//! ids of its two parts; the slot holds the emission row the table holds
//! for the feature's key (looked up once per model), so a feature scores the
//! same through its slot or its key. A tag or relation outside the lists
//! has no id and its features go through the table as before: the lists
//! change speed, never scores.

use std::sync::OnceLock;

use crate::features::word_hash;

/// Universal part-of-speech tags (UD v2).
const UPOS: &[&str] = &[
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

/// Universal dependency relations (UD v2) and the English subtypes of the
/// EWT and GUM treebanks the parser learns from.
const DEPRELS: &[&str] = &[
    "acl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "case",
    "cc",
    "ccomp",
    "clf",
    "compound",
    "conj",
    "cop",
    "csubj",
    "dep",
    "det",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nsubj",
    "nummod",
    "obj",
    "obl",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
    "acl:relcl",
    "advcl:relcl",
    "aux:pass",
    "cc:preconj",
    "compound:prt",
    "csubj:outer",
    "csubj:pass",
    "det:predet",
    "flat:foreign",
    "nmod:desc",
    "nmod:npmod",
    "nmod:poss",
    "nmod:tmod",
    "nmod:unmarked",
    "nsubj:outer",
    "nsubj:pass",
    "obl:agent",
    "obl:npmod",
    "obl:tmod",
    "obl:unmarked",
];

/// The word the feature extractor uses for a missing neighbour's tag.
pub const PAD: u64 = 0x5eed;

/// Id of a tag or relation that has none (its features use the table).
pub const NO_ID: u8 = u8::MAX;

/// Upos ids: 0 for no tag (hash 0), 1 for [`PAD`], then [`UPOS`].
const NU: u64 = UPOS.len() as u64 + 2;
/// Relation ids: 0 for no relation (hash 0), then [`DEPRELS`].
const ND: u64 = DEPRELS.len() as u64 + 1;
pub const UPOS_PAD: u8 = 1;

/// What one part of an id-slotted template's value is.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// A part-of-speech hash (upos id).
    Upos,
    /// A dependency relation hash (relation id).
    Dep,
    /// An integer below the bound (its own id).
    Small(u64),
    /// A distance bucket: 0..=7, or 99 for none (id 8).
    Dist,
}

const fn part_len(p: Part) -> u64 {
    match p {
        Part::Upos => NU,
        Part::Dep => ND,
        Part::Small(n) => n,
        Part::Dist => 9,
    }
}

/// The id-slotted templates and their parts (a, b); the value of each is
/// [`id_value`] of the parts' values.
const TEMPLATES: &[(u64, Part, Part)] = &[
    (40, Part::Upos, Part::Small(1)),
    (41, Part::Upos, Part::Upos),
    (42, Part::Upos, Part::Upos),
    (43, Part::Dep, Part::Small(1)),
    (44, Part::Dep, Part::Small(6)),
    (46, Part::Dep, Part::Small(8)),
    (48, Part::Upos, Part::Upos),
    (70, Part::Dep, Part::Small(4)),
    (75, Part::Dep, Part::Small(4)),
];

/// The pair templates with dense pair slots, and their parts; the value of
/// each is [`pair_value`] of the parts' values.
const PAIR_TEMPLATES: &[(u64, Part, Part)] = &[
    (61, Part::Small(128), Part::Small(1)),
    (62, Part::Small(128), Part::Small(1)),
    (63, Part::Dist, Part::Dist),
    (64, Part::Small(2), Part::Small(1)),
    (72, Part::Small(8), Part::Small(1)),
    (73, Part::Dep, Part::Small(8)),
    (74, Part::Small(2), Part::Small(1)),
];

/// The value of pair template `t` from its parts' values (as
/// [`id_value`] for emission templates).
#[inline(always)]
pub fn pair_value(t: u64, a: u64, b: u64) -> u64 {
    match t {
        // The distance buckets to the nearest cue on each side.
        63 => a * 128 + b,
        // Subtree edges (b) and the relation of the cue dependent.
        73 => b ^ (a << 3),
        _ => a,
    }
}

/// The value of id-slotted template `t` from its parts' values: the one
/// definition the extractor and the slot rows share.
#[inline(always)]
pub fn id_value(t: u64, a: u64, b: u64) -> u64 {
    match t {
        // Neighbouring tags (a: left, b: right), and a tag with its head's.
        41 | 42 => a ^ b.rotate_left(7),
        48 => a ^ b.rotate_left(13),
        // A relation and its head's cue bucket.
        44 => a ^ b.rotate_left(5),
        // A relation and the steps (low two bits of b) and direction (bit
        // 2) to the cue-like ancestor.
        46 => a ^ ((b & 3) << 40) ^ ((b >> 2) << 44),
        // A relation and the subtree edges `b` (two bits).
        70 | 75 => b | (a << 2),
        // The tag or relation alone.
        _ => a,
    }
}

/// The slot of id-slotted template `t` whose parts have ids `ia`, `ib`,
/// counted from the first id slot; `None` when an id is out of range (no
/// id) or `t` is not id-slotted. With `t` a constant the search folds away.
#[inline(always)]
pub fn id_slot(t: u64, ia: u8, ib: u8) -> Option<u32> {
    slot_in(TEMPLATES, t, ia, ib)
}

/// [`id_slot`] for pair templates: the index of a dense pair row.
#[inline(always)]
pub fn pair_slot(t: u64, ia: u8, ib: u8) -> Option<u32> {
    slot_in(PAIR_TEMPLATES, t, ia, ib)
}

#[inline(always)]
fn slot_in(list: &[(u64, Part, Part)], t: u64, ia: u8, ib: u8) -> Option<u32> {
    let mut base = 0;
    for &(tt, pa, pb) in list {
        let (na, nb) = (part_len(pa), part_len(pb));
        if tt == t {
            let (a, b) = (ia as u64, ib as u64);
            return (a < na && b < nb).then_some((base + a * nb + b) as u32);
        }
        base += na * nb;
    }
    None
}

/// The value behind id `id` of a part.
fn part_value(p: Part, id: u64) -> u64 {
    match p {
        Part::Upos => match id {
            0 => 0,
            1 => PAD,
            _ => UPOS.get(id as usize - 2).map_or(0, |s| word_hash(s)),
        },
        Part::Dep => match id {
            0 => 0,
            _ => DEPRELS.get(id as usize - 1).map_or(0, |s| word_hash(s)),
        },
        Part::Small(_) => id,
        Part::Dist => match id {
            8 => 99,
            _ => id,
        },
    }
}

/// Id of a distance bucket (0..=7, or 99 for none).
#[inline]
pub fn dist_id(v: u64) -> u8 {
    match v {
        0..=7 => v as u8,
        99 => 8,
        _ => NO_ID,
    }
}

/// Every id slot's (template, value), in slot order.
pub fn id_keys() -> impl Iterator<Item = (u64, u64)> {
    keys_in(TEMPLATES, id_value)
}

/// Every dense pair slot's (template, value), in slot order.
pub fn pair_keys() -> impl Iterator<Item = (u64, u64)> {
    keys_in(PAIR_TEMPLATES, pair_value)
}

fn keys_in(
    list: &'static [(u64, Part, Part)],
    value: fn(u64, u64, u64) -> u64,
) -> impl Iterator<Item = (u64, u64)> {
    list.iter().flat_map(move |&(t, pa, pb)| {
        (0..part_len(pa)).flat_map(move |a| {
            (0..part_len(pb)).map(move |b| (t, value(t, part_value(pa, a), part_value(pb, b))))
        })
    })
}

/// Hash → id lookup for tags and relations: open addressing keyed by the
/// (well-mixed) hash, built once.
pub struct TagIds {
    upos: Vec<(u64, u8)>,
    dep: Vec<(u64, u8)>,
}

const UPOS_SLOTS: usize = 64;
const DEP_SLOTS: usize = 256;

fn build(names: &[&str], first: u8, slots: usize) -> Vec<(u64, u8)> {
    let mut t = vec![(0u64, NO_ID); slots];
    for (k, s) in names.iter().enumerate() {
        let h = word_hash(s);
        let mut i = h as usize & (slots - 1);
        while t[i].1 != NO_ID {
            i = (i + 1) & (slots - 1);
        }
        t[i] = (h, first + k as u8);
    }
    t
}

fn find(t: &[(u64, u8)], h: u64) -> u8 {
    let m = t.len() - 1;
    let mut i = h as usize & m;
    loop {
        let (k, id) = t[i];
        if id == NO_ID || k == h {
            return id;
        }
        i = (i + 1) & m;
    }
}

impl TagIds {
    /// The shared lookup tables.
    pub fn get() -> &'static TagIds {
        static IDS: OnceLock<TagIds> = OnceLock::new();
        IDS.get_or_init(|| TagIds {
            upos: build(UPOS, 2, UPOS_SLOTS),
            dep: build(DEPRELS, 1, DEP_SLOTS),
        })
    }

    /// Upos id of a tag hash ([`NO_ID`] for an unknown tag).
    #[inline]
    pub fn upos(&self, h: u64) -> u8 {
        if h == 0 {
            0
        } else {
            find(&self.upos, h)
        }
    }

    /// Relation id of a relation hash ([`NO_ID`] for an unknown relation).
    #[inline]
    pub fn dep(&self, h: u64) -> u8 {
        if h == 0 {
            0
        } else {
            find(&self.dep, h)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_their_tags() {
        let ids = TagIds::get();
        for (k, s) in UPOS.iter().enumerate() {
            assert_eq!(ids.upos(word_hash(s)) as u64, k as u64 + 2, "{s}");
            assert_eq!(part_value(Part::Upos, k as u64 + 2), word_hash(s));
        }
        for (k, s) in DEPRELS.iter().enumerate() {
            assert_eq!(ids.dep(word_hash(s)) as u64, k as u64 + 1, "{s}");
            assert_eq!(part_value(Part::Dep, k as u64 + 1), word_hash(s));
        }
        assert_eq!(ids.upos(0), 0);
        assert_eq!(ids.dep(0), 0);
        assert_eq!(ids.upos(word_hash("nsubj")), NO_ID);
        assert_eq!(ids.dep(word_hash("made:up")), NO_ID);
        // No tag hashes to the padding word.
        assert!(UPOS
            .iter()
            .all(|s| word_hash(s) != PAD && word_hash(s) != 0));
    }

    #[test]
    fn id_slots_follow_the_key_order() {
        type Slot = fn(u64, u8, u8) -> Option<u32>;
        type Value = fn(u64, u64, u64) -> u64;
        type List = &'static [(u64, Part, Part)];
        type Case = (List, Slot, Value, Vec<(u64, u64)>);
        let lists: [Case; 2] = [
            (TEMPLATES, id_slot, id_value, id_keys().collect()),
            (PAIR_TEMPLATES, pair_slot, pair_value, pair_keys().collect()),
        ];
        for (list, slot, value, keys) in lists {
            let mut k = 0;
            for &(t, pa, pb) in list {
                for a in 0..part_len(pa) {
                    for b in 0..part_len(pb) {
                        assert_eq!(slot(t, a as u8, b as u8), Some(k as u32));
                        let v = value(t, part_value(pa, a), part_value(pb, b));
                        assert_eq!(keys[k], (t, v));
                        k += 1;
                    }
                }
                assert_eq!(slot(t, NO_ID, 0), None);
            }
            assert_eq!(k, keys.len());
            assert_eq!(slot(2, 0, 0), None, "not an id-slotted template");
        }
        for v in [0, 3, 7, 99] {
            assert_eq!(part_value(Part::Dist, dist_id(v) as u64), v);
        }
        assert_eq!(dist_id(8), NO_ID);
    }
}
