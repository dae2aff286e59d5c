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

fn shape(t: &str) -> u64 {
    let mut up = false;
    let mut low = false;
    let mut digit = false;
    let mut other = false;
    if t.is_ascii() {
        for &b in t.as_bytes() {
            up |= b.is_ascii_uppercase();
            low |= b.is_ascii_lowercase();
            digit |= b.is_ascii_digit();
            other |= !b.is_ascii_alphanumeric();
        }
    } else {
        for c in t.chars() {
            if c.is_uppercase() {
                up = true;
            } else if c.is_lowercase() {
                low = true;
            } else if c.is_numeric() {
                digit = true;
            } else {
                other = true;
            }
        }
    }
    let first_up = t.chars().next().is_some_and(char::is_uppercase);
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
/// Feature tags in [`feature_hashes`] order.
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
/// feature. Training uses this; [`feature_hashes`] is the allocation-free twin.
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

/// The keys of exactly the features [`features`] names, without allocating.
fn feature_hashes(c: &Context) -> [u64; N_FEATURES] {
    let [ps, ns, n2s, p2s] = [c.prev, c.next, c.next2, c.prev2].map(shape);
    [
        key(0, fnv("")),
        key(1, fnv(c.prev)),
        key(2, fnv(c.next)),
        key(3, fnv(c.prev2)),
        key(4, ps),
        key(5, ns),
        key(6, n2s),
        key(7, p2s),
        key(8, fnv(len_bucket(c.sent_len))),
        key(9, ps * 8 + ns),
        key(10, (ps * 8 + ns) * 8 + n2s),
    ]
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

/// The learned weights.
pub(crate) struct BoundaryModel {
    weights: WeightMap,
    threshold: f32,
    /// For each feature (in [`feature_hashes`] order), the most it can add to
    /// the score: lets [`BoundaryModel::is_boundary`] stop once the threshold is out of reach.
    max_gain_after: [f32; N_FEATURES + 1],
}

impl BoundaryModel {
    pub(crate) fn parse(src: &str) -> Self {
        let mut weights = WeightMap::default();
        let mut threshold = 0.0;
        let mut max_gain = [0.0f32; N_FEATURES];
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
                threshold = w;
            } else {
                if let Some(k) = named_key(tag, text) {
                    weights.insert(k, w);
                }
                if let Some(k) = TAGS.iter().position(|t| *t == tag) {
                    max_gain[k] = max_gain[k].max(w);
                }
            }
        }
        let mut max_gain_after = [0.0f32; N_FEATURES + 1];
        for k in (0..N_FEATURES).rev() {
            max_gain_after[k] = max_gain_after[k + 1] + max_gain[k];
        }
        BoundaryModel {
            weights,
            threshold,
            max_gain_after,
        }
    }

    pub(crate) fn is_boundary(&self, c: &Context) -> bool {
        if self.weights.is_empty() {
            return false;
        }
        let mut score = 0.0f32;
        for (k, h) in feature_hashes(c).iter().enumerate() {
            if score + self.max_gain_after[k] <= self.threshold {
                return false;
            }
            score += self.weights.get(h).copied().unwrap_or(0.0);
        }
        score > self.threshold
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
    fn hashed_features_match_named_ones() {
        let c = Context {
            prev2: "at",
            prev: "PM",
            next: "I",
            next2: "spoke",
            sent_len: 7,
        };
        let mut named = Vec::new();
        features(&c, |tag, text| named.push(named_key(tag, text)));
        let hashed: Vec<Option<u64>> = feature_hashes(&c).iter().map(|&h| Some(h)).collect();
        assert_eq!(named, hashed);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_name(shape("Thanks")), "cap");
        assert_eq!(shape_name(shape("PM")), "upper");
        assert_eq!(shape_name(shape("5")), "digit");
        assert_eq!(shape_name(shape("…")), "punct");
        assert_eq!(named_key("psns", "cap_nonsense"), None);
    }
}
