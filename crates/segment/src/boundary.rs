//! A small learned classifier for sentence boundaries that no punctuation marks:
//! "... at 5 PM ‖ I spoke to ...", "Thanks ‖ Sean". It scores the gap between
//! two tokens when the next one starts with a capital letter, from the words
//! and shapes around it. Weights are learned by logistic regression on EWT
//! train + GUM train (`examples/train_seg.rs`) and stored in
//! `models/segment.boundary.txt`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already mixed hashes: hashing them again (SipHash) would only cost time.
#[derive(Default)]
struct IdentityHasher(u64);

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

/// FNV-1a over the lower-cased bytes of a feature value.
fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The map key of feature number `tag` (index into [`TAGS`]) with a value hash.
fn key(tag: usize, value: u64) -> u64 {
    let x = (tag as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ value;
    (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9)
}

/// Coarse word shapes; features carry their index.
const SHAPES: [&str; 6] = ["cap", "upper", "lower", "digit", "punct", "mixed"];

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
    let mut bits = 0u8;
    for &b in t.as_bytes() {
        match ASCII_CLASS.get(usize::from(b)) {
            Some(&c) => bits |= c,
            None => return shape_unicode(t),
        }
    }
    let first_up = t.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
    shape_of(bits, first_up)
}

fn shape_unicode(t: &str) -> u64 {
    let mut bits = 0u8;
    for c in t.chars() {
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
    shape_of(bits, t.chars().next().is_some_and(char::is_uppercase))
}

/// Shape index from the classes present (see [`SHAPES`]).
fn shape_of(bits: u8, first_up: bool) -> u64 {
    let (up, low, digit, other) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0, bits & 8 != 0);
    match (up, low, digit, other) {
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

/// Number of features per candidate.
const N_FEATURES: usize = 11;
/// Feature tags, in [`features`] order.
const TAGS: [&str; N_FEATURES] = [
    "bias", "p", "n", "p2", "ps", "ns", "n2s", "p2s", "len", "psns", "psnsn2s",
];
/// Tags whose value is one shape, or a pair or triple of shapes joined by '_'.
const SHAPE_TAGS: std::ops::Range<usize> = 4..8;
const SHAPE_COMBOS: std::ops::Range<usize> = 9..11;

/// The key of a named feature, as the model file writes it.
fn named_key(tag: &str, text: &str) -> Option<u64> {
    let k = TAGS.iter().position(|t| *t == tag)?;
    let value = if SHAPE_TAGS.contains(&k) || SHAPE_COMBOS.contains(&k) {
        let mut v = 0u64;
        for part in text.split('_') {
            v = v * 8 + SHAPES.iter().position(|s| *s == part)? as u64;
        }
        v
    } else {
        fnv(text)
    };
    Some(key(k, value))
}

/// The context of one candidate gap.
pub struct Context<'a> {
    pub prev2: &'a str,
    pub prev: &'a str,
    pub next: &'a str,
    pub next2: &'a str,
    /// Tokens since the sentence started.
    pub sent_len: usize,
}

/// The features of a candidate as (tag, value) pairs; `f` is called once per
/// feature. Training uses this; the model scores the same features without allocating.
pub fn features(c: &Context, mut f: impl FnMut(&str, &str)) {
    let [ps, ns, n2s, p2s] = [c.prev, c.next, c.next2, c.prev2].map(|t| shape_name(shape(t)));
    f("bias", "");
    f("p", c.prev);
    f("n", c.next);
    f("p2", c.prev2);
    f("ps", ps);
    f("ns", ns);
    f("n2s", n2s);
    f("p2s", p2s);
    f("len", len_bucket(c.sent_len));
    f("psns", &[ps, "_", ns].concat());
    f("psnsn2s", &[ps, "_", ns, "_", n2s].concat());
}

fn len_index(n: usize) -> usize {
    match n {
        0..=2 => 0,
        3..=5 => 1,
        6..=10 => 2,
        11..=20 => 3,
        _ => 4,
    }
}

fn len_bucket(n: usize) -> &'static str {
    match n {
        0..=2 => "0",
        3..=5 => "1",
        6..=10 => "2",
        11..=20 => "3",
        _ => "4",
    }
}

/// The learned weights: word features in a hash map, shape features in arrays
/// indexed by shape (no hashing on the hot path for those).
pub(crate) struct BoundaryModel {
    words: WeightMap,
    bias: f32,
    /// ps, ns, n2s, p2s by shape index.
    shapes: [[f32; 8]; 4],
    len: [f32; 5],
    psns: [f32; 64],
    psnsn2s: [f32; 512],
    threshold: f32,
    /// The model file had weights (an empty file switches the classifier off).
    active: bool,
}

impl BoundaryModel {
    pub(crate) fn parse(src: &str) -> Self {
        let mut m = BoundaryModel {
            words: WeightMap::default(),
            bias: 0.0,
            shapes: [[0.0; 8]; 4],
            len: [0.0; 5],
            psns: [0.0; 64],
            psnsn2s: [0.0; 512],
            threshold: 0.0,
            active: false,
        };
        for line in src.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut parts = line.split('\t');
            let (Some(tag), Some(text), Some(w)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(w) = w.trim().parse::<f32>() else {
                continue;
            };
            if tag == "threshold" {
                m.threshold = w;
                continue;
            }
            m.active = true;
            let shape_index = |t: &str| -> Option<usize> {
                let mut v = 0usize;
                for part in t.split('_') {
                    v = v * 8 + SHAPES.iter().position(|s| *s == part)?;
                }
                Some(v)
            };
            match tag {
                "bias" => m.bias = w,
                "p" | "n" | "p2" => {
                    if let Some(k) = named_key(tag, text) {
                        m.words.insert(k, w);
                    }
                }
                "ps" | "ns" | "n2s" | "p2s" => {
                    let row = ["ps", "ns", "n2s", "p2s"].iter().position(|t| *t == tag);
                    if let (Some(r), Some(i)) = (row, shape_index(text)) {
                        if let Some(cell) = m.shapes[r].get_mut(i) {
                            *cell = w;
                        }
                    }
                }
                "len" => {
                    if let Some(cell) = text.parse::<usize>().ok().and_then(|i| m.len.get_mut(i)) {
                        *cell = w;
                    }
                }
                "psns" => {
                    if let Some(cell) = shape_index(text).and_then(|i| m.psns.get_mut(i)) {
                        *cell = w;
                    }
                }
                "psnsn2s" => {
                    if let Some(cell) = shape_index(text).and_then(|i| m.psnsn2s.get_mut(i)) {
                        *cell = w;
                    }
                }
                _ => {}
            }
        }
        m
    }

    /// The model's score for a candidate (the sum of its feature weights).
    pub(crate) fn score(&self, c: &Context) -> f32 {
        let [ps, ns, n2s, p2s] = [c.prev, c.next, c.next2, c.prev2].map(|t| shape(t) as usize);
        let word = |k: usize, t: &str| self.words.get(&key(k, fnv(t))).copied().unwrap_or(0.0);
        self.bias
            + self.shapes[0][ps]
            + self.shapes[1][ns]
            + self.shapes[2][n2s]
            + self.shapes[3][p2s]
            + self.len[len_index(c.sent_len)]
            + self.psns[ps * 8 + ns]
            + self.psnsn2s[(ps * 8 + ns) * 8 + n2s]
            + word(1, c.prev)
            + word(2, c.next)
            + word(3, c.prev2)
    }

    pub(crate) fn is_boundary(&self, c: &Context) -> bool {
        self.active && self.score(c) > self.threshold
    }
}

/// Whether a gap between `prev` and `next` is a candidate at all: the next token
/// starts with a capital letter and the previous one is not final punctuation
/// or an abbreviation (those are handled by rules).
pub fn is_candidate(prev: &str, next: &str) -> bool {
    next.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !prev.is_empty()
        && !prev.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
        && !prev.ends_with('.')
}

/// Train logistic-regression weights from labelled candidates (features, is_boundary).
/// Returns the model file text. Features with tiny weights are dropped.
pub fn train(examples: &[(Vec<(String, String)>, bool)], epochs: usize, l2: f32) -> String {
    let mut w: HashMap<(String, String), f32> = HashMap::new();
    let lr0 = 0.2f32;
    for epoch in 0..epochs {
        let lr = lr0 / (1.0 + epoch as f32);
        for (feats, y) in examples {
            let z: f32 = feats.iter().map(|f| w.get(f).copied().unwrap_or(0.0)).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = (if *y { 1.0 } else { 0.0 }) - p;
            for f in feats {
                let e = w.entry(f.clone()).or_insert(0.0);
                *e += lr * (g - l2 * *e);
            }
        }
    }
    let mut kept: Vec<_> = w.into_iter().filter(|(_, v)| v.abs() >= 0.05).collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for ((tag, text), v) in kept {
        out.push_str(&format!("{tag}\t{text}\t{v:.3}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_is_the_sum_of_the_named_features() {
        let c = Context {
            prev2: "at",
            prev: "PM",
            next: "I",
            next2: "spoke",
            sent_len: 7,
        };
        // Give every feature of this candidate a distinct weight, plus decoys.
        let mut model = String::from("threshold\t\t0.5\np\tam\t100\n");
        let mut expected = 0.0f32;
        let mut k = 1.0f32;
        features(&c, |tag, text| {
            model.push_str(&format!("{tag}\t{}\t{k}\n", text.to_lowercase()));
            expected += k;
            k *= 2.0;
        });
        let m = BoundaryModel::parse(&model);
        assert_eq!(m.score(&c), expected);
        assert!(m.is_boundary(&c));
        assert!(!BoundaryModel::parse("").is_boundary(&c));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_name(shape("Thanks")), "cap");
        assert_eq!(shape_name(shape("PM")), "upper");
        assert_eq!(shape_name(shape("5")), "digit");
        assert_eq!(shape_name(shape("…")), "punct");
        assert_eq!(shape_name(shape("Éric")), "cap");
        assert_eq!(named_key("psns", "cap_nonsense"), None);
    }
}
