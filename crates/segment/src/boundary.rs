//! The learned sentence-boundary classifier. It decides every candidate gap
//! inside a paragraph: after final punctuation, an abbreviation or a URL (where
//! the hand-written rule's verdict is one of its features), and before a
//! capitalised word or number that no punctuation announces ("... at 5 PM ‖ I
//! spoke", "Thanks ‖ Sean"). Features are the words and shapes around the gap,
//! word pairs and word-shape pairs, the sentence length so far, whether the
//! next word is a learned sentence opener, whether the sentence opened its
//! paragraph or line, the previous word by that flag and the sentence length
//! (a short first sentence ending in "Regards ," or "Hi ," is a greeting or
//! closing line, the same word later in a paragraph is not), whether the gap
//! is inside a quotation opened mid-sentence, and the candidate kind; weights are
//! learned by logistic regression on the segmenter's own tokens of EWT train +
//! GUM train raw text (`train.rs`, run by `backchannel train --only segment`) and stored in
//! `models/segment.boundary.txt`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already mixed hashes: hashing them again (SipHash) would only cost time.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type WeightMap = HashMap<u64, f32, BuildHasherDefault<IdentityHasher>>;

/// FNV-1a over the lower-cased bytes of a word.
pub(crate) fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Mix a feature tag, the candidate kind and a value into one map key.
fn key(tag: u64, kind: u64, value: u64) -> u64 {
    let x = (tag * 16 + kind + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ value;
    let x = (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

/// Combine two word hashes into the value of a pair feature.
fn pair(a: u64, b: u64) -> u64 {
    a.wrapping_mul(0x2545_F491_4F6C_DD1D).rotate_left(17) ^ b
}

/// Coarse word shapes; features carry their index (3 bits).
const SHAPES: [&str; 8] = [
    "cap", "upper", "lower", "digit", "punct", "mixed", "letter", "none",
];

/// Bit classes of ASCII bytes for [`shape`]: 1 upper, 2 lower, 4 digit, 8 other.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [8u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_uppercase() {
            1
        } else if c.is_ascii_lowercase() {
            2
        } else if c.is_ascii_digit() {
            4
        } else {
            8
        };
        i += 1;
    }
    t
};

fn shape(t: &str) -> u64 {
    word_info(t).1
}

/// [`fnv`] and [`shape`] of a word in one pass over its bytes (the hot path).
fn word_info(t: &str) -> (u64, u64) {
    if t.is_empty() {
        return (fnv(t), 7);
    }
    let mut bits = 0u8;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in t.as_bytes() {
        match ASCII_CLASS.get(usize::from(b)) {
            Some(&c) => bits |= c,
            None => return (fnv(t), shape_unicode(t)),
        }
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let first_up = t.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
    (h, shape_of(bits, first_up, t.len() == 1))
}

fn shape_unicode(t: &str) -> u64 {
    let mut bits = 0u8;
    let mut n = 0;
    for c in t.chars() {
        n += 1;
        bits |= if c.is_uppercase() {
            1
        } else if c.is_lowercase() {
            2
        } else if c.is_numeric() {
            4
        } else {
            8
        };
    }
    shape_of(
        bits,
        t.chars().next().is_some_and(char::is_uppercase),
        n == 1,
    )
}

/// Shape index from the classes present (see [`SHAPES`]).
fn shape_of(bits: u8, first_up: bool, single: bool) -> u64 {
    let (up, low, digit, other) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0, bits & 8 != 0);
    match (up, low, digit, other) {
        (true, false, false, false) if single => 6,
        (true, true, false, _) if first_up => 0,
        (true, false, false, _) => 1,
        (false, true, false, _) => 2,
        (false, false, true, _) => 3,
        (false, false, false, true) => 4,
        _ => 5,
    }
}

fn shape_name(id: u64) -> &'static str {
    SHAPES.get(id as usize).copied().unwrap_or("mixed")
}

/// What kind of gap a candidate is; features are conjoined with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandKind {
    /// After ".", "?", "!", "...".
    Terminal,
    /// After a word with an abbreviation period ("U.S.", "Inc.", "W.").
    Abbrev,
    /// After a web address.
    Url,
    /// No final punctuation; the next token is capitalised or a number.
    Plain,
}

impl CandKind {
    fn index(self) -> u64 {
        match self {
            CandKind::Terminal => 0,
            CandKind::Abbrev => 1,
            CandKind::Url => 2,
            CandKind::Plain => 3,
        }
    }
}

/// The context of one candidate gap.
pub struct Context<'a> {
    pub kind: CandKind,
    /// The hand-written rule's verdict (always false for [`CandKind::Plain`]).
    pub rule: bool,
    /// Closing quotes or brackets sit between the punctuation and the gap.
    pub closed: bool,
    /// The token before `prev`, in the same sentence ("" at its start).
    pub prev2: &'a str,
    /// The token that would end the sentence.
    pub prev: &'a str,
    pub next: &'a str,
    pub next2: &'a str,
    /// Tokens since the sentence started.
    pub sent_len: usize,
    /// No space between the punctuation and the next word ("quality.You'll").
    pub glued: bool,
    /// Tokens left in the paragraph after the gap.
    pub rem: usize,
    /// A word in the sentence so far starts with a lower-case letter.
    pub lower_seen: bool,
    /// The sentence so far began its paragraph (e-mail headers, titles, greetings).
    pub para_first: bool,
    /// The gap is inside a quotation that opened after the sentence's first
    /// token (`said "All ... hospital. There are ..."`): treebanks keep such a
    /// quotation in its sentence.
    pub mid_quote: bool,
}

/// Feature tags, in [`features`] order.
const TAGS: [&str; 25] = [
    "bias", "rule", "p", "n", "p2", "n2", "ps", "ns", "n2s", "p2s", "len", "psns", "psnsn2s",
    "p2p", "pn", "closed", "rem", "lenrem", "lowpsns", "pns", "psn", "nn2", "stfirst", "pfirst",
    "midquote",
];

/// The "closed" feature: glued, closed and the rule's verdict as three bits.
fn flags(c: &Context) -> u64 {
    u64::from(c.glued) * 4 + u64::from(c.closed) * 2 + u64::from(c.rule)
}

fn rem_index(n: usize) -> u64 {
    match n {
        0..=1 => 0,
        2 => 1,
        3..=4 => 2,
        5..=8 => 3,
        9..=16 => 4,
        17..=32 => 5,
        33..=64 => 6,
        _ => 7,
    }
}

fn len_index(n: usize) -> u64 {
    match n {
        0..=1 => 0,
        2 => 1,
        3..=4 => 2,
        5..=7 => 3,
        8..=12 => 4,
        13..=20 => 5,
        21..=35 => 6,
        _ => 7,
    }
}

/// The features of a candidate as map keys. `f` gets each key and a closure
/// naming it (the trainer writes names into the model file; scoring never calls it).
pub fn features(c: &Context, mut f: impl FnMut(u64, &dyn Fn() -> String)) {
    let k = c.kind.index();
    let kn = ["term", "abbr", "url", "plain"][k as usize];
    let [hp, hn, hp2, hn2] = [c.prev, c.next, c.prev2, c.next2].map(fnv);
    let [ps, ns, n2s, p2s] = [c.prev, c.next, c.next2, c.prev2].map(shape);
    let lc = |s: &str| s.to_lowercase();
    let mut emit = |tag: usize, value: u64, name: &dyn Fn() -> String| {
        f(key(tag as u64, k, value), &|| {
            format!("{}|{kn}\t{}", TAGS[tag], name())
        })
    };
    emit(0, 0, &String::new);
    emit(1, u64::from(c.rule), &|| c.rule.to_string());
    emit(2, hp, &|| lc(c.prev));
    emit(3, hn, &|| lc(c.next));
    emit(6, ps, &|| shape_name(ps).into());
    emit(7, ns, &|| shape_name(ns).into());
    emit(8, n2s, &|| shape_name(n2s).into());
    emit(9, p2s, &|| shape_name(p2s).into());
    let len = len_index(c.sent_len);
    emit(10, len, &|| len.to_string());
    emit(11, ps * 8 + ns, &|| {
        format!("{}_{}", shape_name(ps), shape_name(ns))
    });
    emit(12, (ps * 8 + ns) * 8 + n2s, &|| {
        format!("{}_{}_{}", shape_name(ps), shape_name(ns), shape_name(n2s))
    });
    emit(4, hp2, &|| lc(c.prev2));
    emit(5, hn2, &|| lc(c.next2));
    emit(13, pair(hp2, hp), &|| {
        format!("{}_{}", lc(c.prev2), lc(c.prev))
    });
    emit(14, pair(hp, hn), &|| {
        format!("{}_{}", lc(c.prev), lc(c.next))
    });
    let fl = flags(c);
    emit(15, fl, &|| format!("{}_{}_{}", c.glued, c.closed, c.rule));
    let rem = rem_index(c.rem);
    emit(16, rem, &|| rem.to_string());
    emit(17, len * 8 + rem, &|| format!("{len}_{rem}"));
    let low = u64::from(c.lower_seen);
    emit(18, low * 64 + ps * 8 + ns, &|| {
        format!("{}_{}_{}", c.lower_seen, shape_name(ps), shape_name(ns))
    });
    emit(19, pair(hp, ns), &|| {
        format!("{}_{}", lc(c.prev), shape_name(ns))
    });
    emit(20, pair(ps, hn), &|| {
        format!("{}_{}", shape_name(ps), lc(c.next))
    });
    emit(21, pair(hn, hn2), &|| {
        format!("{}_{}", lc(c.next), lc(c.next2))
    });
    let sf = starter_first(c, hn);
    emit(22, sf * 8 + len, &|| {
        format!("{}_{}_{len}", sf >> 1 == 1, c.para_first)
    });
    let pf = u64::from(c.para_first) * 8 + len;
    emit(23, pair(hp, pf), &|| {
        format!("{}_{}_{len}", lc(c.prev), c.para_first)
    });
    emit(24, u64::from(c.mid_quote), &|| c.mid_quote.to_string());
}

/// The "stfirst" feature's flags: next is an opener, the sentence opened its paragraph.
/// (`hn`: the hash of `next`, which the opener list is keyed by.)
fn starter_first(c: &Context, hn: u64) -> u64 {
    u64::from(crate::model::model().is_starter_hash(hn)) * 2 + u64::from(c.para_first)
}

/// Tags whose values are small integers: scored from dense tables, no hashing.
/// (tag, number of values)
const DENSE: [(usize, usize); 15] = [
    (0, 1),
    (1, 2),
    (6, 8),
    (7, 8),
    (8, 8),
    (9, 8),
    (10, 8),
    (11, 64),
    (12, 512),
    (15, 8),
    (16, 8),
    (17, 64),
    (18, 128),
    (22, 32),
    (24, 2),
];
/// Offset of each dense tag's values in a kind's table.
const fn dense_offsets() -> [usize; 25] {
    let mut off = [0usize; 25];
    let mut acc = 0;
    let mut i = 0;
    while i < DENSE.len() {
        off[DENSE[i].0] = acc;
        acc += DENSE[i].1;
        i += 1;
    }
    off
}
const OFF: [usize; 25] = dense_offsets();
const DENSE_LEN: usize = 1 + 2 + 8 * 5 + 64 + 512 + 8 + 8 + 64 + 128 + 32 + 2;

/// Word-feature weights in one flat open-addressing table: 8 bytes a slot (a
/// 32-bit check of the key and the weight), half empty, so a lookup is
/// usually one cache line.
struct WeightTable {
    slots: Vec<(u32, f32)>,
    mask: usize,
}

impl WeightTable {
    fn new(weights: &WeightMap) -> Self {
        let size = (weights.len() * 2).next_power_of_two().max(16);
        let mut t = WeightTable {
            slots: vec![(0, 0.0); size],
            mask: size - 1,
        };
        let mut keys: Vec<(&u64, &f32)> = weights.iter().collect();
        keys.sort_by_key(|k| *k.0);
        for (&k, &w) in keys {
            let check = Self::check(k);
            let mut i = k as usize & t.mask;
            while t.slots[i].0 != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = (check, w);
        }
        t
    }

    /// The stored check of a key: its high bits, never 0 (0 marks an empty slot).
    fn check(k: u64) -> u32 {
        ((k >> 32) as u32) | 1
    }

    /// The summed weights of `keys`. The first slot of every key is read
    /// before any is compared, so the (likely cache-missing) loads overlap.
    #[inline]
    fn sum<const N: usize>(&self, keys: &[u64; N]) -> f32 {
        let first = keys.map(|k| self.slots[k as usize & self.mask]);
        let mut z = 0.0;
        for (k, (c, w)) in keys.iter().zip(first) {
            z += if c == Self::check(*k) {
                w
            } else if c == 0 {
                0.0
            } else {
                self.get(*k)
            };
        }
        z
    }

    fn get(&self, k: u64) -> f32 {
        let check = Self::check(k);
        let mut i = k as usize & self.mask;
        loop {
            let (c, w) = self.slots[i];
            if c == check {
                return w;
            }
            if c == 0 {
                return 0.0;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A model file's feature weights (`key(hex)\tweight\tname` lines) and its
/// `threshold` line; comments, blank and unreadable lines are skipped.
pub fn parse_weights(src: &str) -> (Vec<(u64, f32)>, f32) {
    let mut weights = Vec::new();
    let mut threshold = 0.0;
    for line in src.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(k), Some(w)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Ok(w) = w.trim().parse::<f32>() else {
            continue;
        };
        if k == "threshold" {
            threshold = w;
        } else if let Ok(k) = u64::from_str_radix(k, 16) {
            weights.push((k, w));
        }
    }
    (weights, threshold)
}

/// The learned weights: word features by key, small-integer features in a
/// dense table per candidate kind (filled from the same keys at load time).
pub(crate) struct BoundaryModel {
    weights: WeightTable,
    dense: Vec<[f32; DENSE_LEN]>,
    threshold: f32,
    /// The model file had weights (an empty file leaves the rules alone).
    active: bool,
}

impl BoundaryModel {
    /// Parse the model file: `threshold` and one `key(hex) weight name` line per feature.
    pub(crate) fn parse(src: &str) -> Self {
        let (pairs, threshold) = parse_weights(src);
        let mut weights: WeightMap = pairs.into_iter().collect();
        let mut dense = vec![[0.0; DENSE_LEN]; 4];
        let active = !weights.is_empty();
        for (kind, table) in dense.iter_mut().enumerate() {
            for &(tag, n) in &DENSE {
                for v in 0..n {
                    let k = key(tag as u64, kind as u64, v as u64);
                    if let Some(w) = weights.remove(&k) {
                        table[OFF[tag] + v] = w;
                    }
                }
            }
        }
        BoundaryModel {
            weights: WeightTable::new(&weights),
            dense,
            threshold,
            active,
        }
    }

    /// The model's score for a candidate: the sum of its feature weights, as
    /// [`features`] lists them (a test checks the two agree).
    pub(crate) fn score(&self, c: &Context) -> f32 {
        let kind = c.kind.index();
        let Some(t) = self.dense.get(kind as usize) else {
            return 0.0;
        };
        let [(hp, ps), (hn, ns), (hn2, n2s), (hp2, p2s)] =
            [c.prev, c.next, c.next2, c.prev2].map(|t| {
                let (h, s) = word_info(t);
                (h, s as usize)
            });
        let (rule, fl) = (usize::from(c.rule), flags(c) as usize);
        let (len, rem) = (len_index(c.sent_len) as usize, rem_index(c.rem) as usize);
        let low = usize::from(c.lower_seen);
        let dense = t[OFF[0]]
            + t[OFF[1] + rule]
            + t[OFF[6] + ps]
            + t[OFF[7] + ns]
            + t[OFF[8] + n2s]
            + t[OFF[9] + p2s]
            + t[OFF[10] + len]
            + t[OFF[11] + ps * 8 + ns]
            + t[OFF[12] + (ps * 8 + ns) * 8 + n2s]
            + t[OFF[15] + fl]
            + t[OFF[16] + rem]
            + t[OFF[17] + len * 8 + rem]
            + t[OFF[18] + low * 64 + ps * 8 + ns]
            + t[OFF[22] + starter_first(c, hn) as usize * 8 + len]
            + t[OFF[24] + usize::from(c.mid_quote)];
        let keys = [
            key(2, kind, hp),
            key(3, kind, hn),
            key(4, kind, hp2),
            key(5, kind, hn2),
            key(13, kind, pair(hp2, hp)),
            key(14, kind, pair(hp, hn)),
            key(19, kind, pair(hp, ns as u64)),
            key(20, kind, pair(ps as u64, hn)),
            key(21, kind, pair(hn, hn2)),
            key(
                23,
                kind,
                pair(hp, (u64::from(c.para_first) * 8) + len as u64),
            ),
        ];
        dense + self.weights.sum(&keys)
    }

    /// Is the candidate a boundary? Without a model, the rule decides.
    pub(crate) fn is_boundary(&self, c: &Context) -> bool {
        if self.active {
            self.score(c) > self.threshold
        } else {
            c.rule
        }
    }
}

/// Whether a gap between `prev` and `next` with no final punctuation is a
/// candidate at all: the next token starts with a capital letter or a digit.
/// (Candidates before quotes, brackets and bullets, or before lower-case words
/// that often open web-text sentences, were tried: they cost speed and, on
/// held-out GUM news train documents, accuracy.)
pub fn is_candidate(prev: &str, next: &str) -> bool {
    next.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !prev.is_empty()
}

/// One labelled training candidate: its feature keys and whether it is a boundary.
pub type Example = (Vec<u64>, bool);

/// Train logistic-regression weights from labelled candidates (in a fixed
/// order, so training is deterministic). Returns the weights, averaged over
/// all updates (which smooths the last epochs' noise); tiny weights are dropped.
pub fn train(examples: &[Example], epochs: usize, l2: f32) -> Vec<(u64, f32)> {
    let mut w: HashMap<u64, f32> = HashMap::new();
    let mut sum: HashMap<u64, f64> = HashMap::new();
    let mut last: HashMap<u64, u64> = HashMap::new();
    let mut t: u64 = 0;
    let lr0 = 0.2f32;
    for epoch in 0..epochs {
        let lr = lr0 / (1.0 + epoch as f32 * 0.5);
        for (feats, y) in examples {
            t += 1;
            let z: f32 = feats.iter().map(|f| w.get(f).copied().unwrap_or(0.0)).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = (if *y { 1.0 } else { 0.0 }) - p;
            for f in feats {
                let e = w.entry(*f).or_insert(0.0);
                // Lazy averaging: add the weight's value over the steps it was unchanged.
                let l = last.entry(*f).or_insert(0);
                *sum.entry(*f).or_insert(0.0) += f64::from(*e) * (t - *l) as f64;
                *l = t;
                *e += lr * (g - l2 * *e);
            }
        }
    }
    let mut out: Vec<(u64, f32)> = w
        .iter()
        .map(|(k, v)| {
            let s = sum.get(k).copied().unwrap_or(0.0)
                + f64::from(*v) * (t - last.get(k).copied().unwrap_or(0)) as f64;
            (*k, (s / t.max(1) as f64) as f32)
        })
        .filter(|(_, v)| v.abs() >= 0.1)
        .collect();
    out.sort_by_key(|a| a.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context<'static> {
        Context {
            kind: CandKind::Plain,
            rule: false,
            closed: false,
            prev2: "at",
            prev: "PM",
            next: "I",
            next2: "spoke",
            sent_len: 7,
            glued: false,
            rem: 12,
            lower_seen: true,
            para_first: true,
            mid_quote: true,
        }
    }

    #[test]
    fn score_is_the_sum_of_the_named_features() {
        let c = ctx();
        let mut model = String::from("threshold\t0.5\n");
        let mut expected = 0.0f32;
        let mut k = 1.0f32;
        let mut names = Vec::new();
        features(&c, |key, name| {
            model.push_str(&format!("{key:x}\t{k}\t{}\n", name()));
            names.push(name());
            expected += k;
            k *= 2.0;
        });
        let m = BoundaryModel::parse(&model);
        assert_eq!(m.score(&c), expected);
        assert!(m.is_boundary(&c));
        assert!(names.contains(&"pn|plain\tpm_i".to_string()));
        let empty = BoundaryModel::parse("");
        assert!(!empty.is_boundary(&c));
        assert!(empty.is_boundary(&Context {
            rule: true,
            ..ctx()
        }));
    }

    #[test]
    fn training_separates_a_simple_signal() {
        let pos = Context {
            next: "The",
            ..ctx()
        };
        let neg = Context {
            next: "Smith",
            ..ctx()
        };
        let mut ex = Vec::new();
        for _ in 0..20 {
            for (c, y) in [(&pos, true), (&neg, false)] {
                let mut f = Vec::new();
                features(c, |k, _| f.push(k));
                ex.push((f, y));
            }
        }
        let w = train(&ex, 5, 1e-4);
        let mut text = String::from("threshold\t0\n");
        for (k, v) in w {
            text.push_str(&format!("{k:x}\t{v}\n"));
        }
        let m = BoundaryModel::parse(&text);
        assert!(m.is_boundary(&pos));
        assert!(!m.is_boundary(&neg));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_name(shape("Thanks")), "cap");
        assert_eq!(shape_name(shape("PM")), "upper");
        assert_eq!(shape_name(shape("X")), "letter");
        assert_eq!(shape_name(shape("5")), "digit");
        assert_eq!(shape_name(shape("…")), "punct");
        assert_eq!(shape_name(shape("Éric")), "cap");
        assert_eq!(shape_name(shape("")), "none");
    }
}
