//! Feature hashing. Every feature is a 64-bit key computed from small integers
//! and string hashes, so inference never allocates a feature string and the
//! model never stores one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Fold one value into a running hash (FxHash-style step; cheap and good
/// enough because keys get a final avalanche in [`fin`]).
#[inline]
pub fn step(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// Final avalanche (murmur3 fmix64) so that low bits are usable as table slots.
#[inline]
pub fn fin(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Key of a feature made of a template id and one value.
#[inline]
pub fn f1(t: u64, a: u64) -> u64 {
    fin(step(step(t, a), 0x51))
}

/// Key of a feature made of a template id and two values.
#[inline]
pub fn f2(t: u64, a: u64, b: u64) -> u64 {
    fin(step(step(step(t, a), b), 0x52))
}

/// Key of a feature made of a template id and three values.
#[inline]
pub fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    fin(step(step(step(step(t, a), b), c), 0x53))
}

/// Hash of a string as it is.
pub fn str_hash(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h = step(h, b as u64);
    }
    fin(h)
}

/// Lowercase a char without allocating (first char of the lowercase mapping
/// is enough for hashing purposes).
#[inline]
pub fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Hash of the lowercased string, computed char by char (no allocation).
pub fn lower_hash(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325;
    for c in s.chars() {
        h = step(h, lower(c) as u64);
    }
    fin(h)
}

/// A hasher that passes through keys that are already well-mixed u64 hashes.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = step(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// HashMap keyed by pre-hashed u64 keys.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_hash_ignores_case_and_str_hash_does_not() {
        assert_eq!(lower_hash("Kerry"), lower_hash("kERRY"));
        assert_ne!(str_hash("Kerry"), str_hash("kerry"));
        assert_ne!(f1(1, 5), f1(2, 5));
        assert_ne!(f2(1, 5, 6), f2(1, 6, 5));
    }
}
