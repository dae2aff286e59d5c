//! Near-duplicate detection: MinHash signatures over word shingles, banded for
//! locality-sensitive lookup.
//!
//! Wire copies that a second outlet republishes with small edits (another
//! headline, an added paragraph, a different byline, a cut ending) share most
//! of their 5-word shingles, while two different stories on the same topic share
//! almost none: shingles of five words capture phrasing, not vocabulary.
//! Signatures use one-permutation hashing (each shingle hashed once, into
//! one of [`HASHES`] bins, keeping each bin's minimum) with rotation
//! densification for empty bins: the same estimator as classic MinHash at a
//! fraction of the cost (one hash per shingle instead of one per bin).
//! The hashing is our own fixed code (FNV-1a and a fixed mixing function, fixed
//! seeds) so signatures stay comparable across runs, builds and machines.

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Rows per LSH band.
pub const ROWS: usize = 3;
/// Number of LSH bands (each band is one key in the `lsh` table).
pub const BANDS: usize = 40;
/// MinHash values per signature.
pub const HASHES: usize = ROWS * BANDS;
/// Texts with fewer distinct shingles are too short to call near-copies safely
/// (a short notice shares a large fraction of its few shingles by chance);
/// they are only deduplicated exactly.
pub const MIN_SHINGLES: usize = 20;
/// Estimated Jaccard similarity at or above which two texts are near-duplicates.
pub const JACCARD: f32 = 0.5;
/// Estimated containment (shared shingles over the smaller text's shingles) at
/// or above which a cut or extended copy is a near-duplicate...
pub const CONTAINMENT: f32 = 0.85;
/// ...provided the texts still overlap this much (guards a short text that
/// happens to quote a long one).
pub const CONTAINMENT_MIN_JACCARD: f32 = 0.25;

/// A text's MinHash signature and how many distinct shingles it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: Vec<u64>,
    pub shingles: usize,
}

impl Signature {
    /// Signature of a text (words are lowercased alphanumeric runs).
    pub fn of(text: &str) -> Signature {
        let words: Vec<u64> = words(text).collect();
        let mut shingles: Vec<u64> = if words.len() < SHINGLE {
            if words.is_empty() {
                Vec::new()
            } else {
                vec![shingle_hash(&words)]
            }
        } else {
            words.windows(SHINGLE).map(shingle_hash).collect()
        };
        shingles.sort_unstable();
        shingles.dedup();
        Signature {
            mins: one_permutation(&shingles),
            shingles: shingles.len(),
        }
    }

    /// Long enough to take part in near-duplicate grouping.
    pub fn is_indexable(&self) -> bool {
        self.shingles >= MIN_SHINGLES
    }

    /// One key per band (the band number is hashed in, so keys of different
    /// bands never meet): documents sharing any key are candidates.
    pub fn band_keys(&self) -> Vec<i64> {
        self.mins
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut h = mix(0xcbf2_9ce4_8422_2325 ^ band as u64);
                for &r in rows {
                    h = mix(h ^ r);
                }
                h as i64
            })
            .collect()
    }

    /// Estimated Jaccard similarity: the share of positions with equal minima.
    pub fn jaccard(&self, other: &Signature) -> f32 {
        if self.mins.len() != other.mins.len() || self.mins.is_empty() {
            return 0.0;
        }
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        same as f32 / self.mins.len() as f32
    }

    /// Near-duplicate similarity of two texts, or `None` when they are not
    /// near-duplicates. The value is the estimated Jaccard similarity.
    pub fn near_duplicate(&self, other: &Signature) -> Option<f32> {
        if !self.is_indexable() || !other.is_indexable() {
            return None;
        }
        let j = self.jaccard(other);
        if j >= JACCARD {
            return Some(j);
        }
        // |A ∩ B| = J (|A| + |B|) / (1 + J)
        let (a, b) = (self.shingles as f32, other.shingles as f32);
        let shared = j * (a + b) / (1.0 + j);
        let containment = shared / a.min(b);
        (j >= CONTAINMENT_MIN_JACCARD && containment >= CONTAINMENT).then_some(j)
    }

    /// Little-endian bytes for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.mins.iter().flat_map(|m| m.to_le_bytes()).collect()
    }

    /// Read back what [`Signature::to_bytes`] wrote; `None` for a malformed blob.
    pub fn from_bytes(bytes: &[u8], shingles: usize) -> Option<Signature> {
        if bytes.len() != HASHES * 8 {
            return None;
        }
        let mins = bytes
            .chunks_exact(8)
            .map(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                u64::from_le_bytes(b)
            })
            .collect();
        Some(Signature { mins, shingles })
    }
}

/// Hashes of the lowercased alphanumeric words of a text.
fn words(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut h = 0xcbf2_9ce4_8422_2325u64;
            let mut eat = |b: u8| h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            if w.is_ascii() {
                // Fast path for the common case; same bytes as the general one.
                w.bytes().for_each(|b| eat(b.to_ascii_lowercase()));
            } else {
                for c in w.chars().flat_map(char::to_lowercase) {
                    let mut buf = [0u8; 4];
                    c.encode_utf8(&mut buf).bytes().for_each(&mut eat);
                }
            }
            h
        })
}

fn shingle_hash(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(0x9e37_79b9_7f4a_7c15u64, |h, &w| mix(h.rotate_left(23) ^ w))
}

/// Bin minima of the shingle hashes; an empty bin borrows the minimum of the
/// next non-empty bin to its right (circularly), shifted by the distance, so
/// two texts agree on it exactly when they agree on the bin it borrows from.
fn one_permutation(shingles: &[u64]) -> Vec<u64> {
    const EMPTY: u64 = u64::MAX;
    let mut mins = vec![EMPTY; HASHES];
    for &s in shingles {
        let h = mix(s ^ 0x5851_f42d_4c95_7f2d);
        // Fast range reduction of the high bits to a bin index.
        let bin = (((h >> 32) * HASHES as u64) >> 32) as usize;
        if h < mins[bin] {
            mins[bin] = h;
        }
    }
    if mins.iter().all(|&m| m == EMPTY) {
        return mins;
    }
    let filled = mins.clone();
    for (i, m) in mins.iter_mut().enumerate() {
        if *m != EMPTY {
            continue;
        }
        for d in 1..HASHES {
            let v = filled[(i + d) % HASHES];
            if v != EMPTY {
                *m = v.wrapping_add((d as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
                break;
            }
        }
    }
    mins
}

/// splitmix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(seed: usize, n: usize) -> String {
        // Deterministic pseudo-text from a small vocabulary.
        const W: &[&str] = &[
            "the",
            "minister",
            "said",
            "talks",
            "would",
            "resume",
            "in",
            "vienna",
            "after",
            "sanctions",
            "officials",
            "told",
            "reporters",
            "on",
            "monday",
            "that",
            "a",
            "deal",
            "was",
            "close",
            "but",
            "not",
            "yet",
            "agreed",
            "envoy",
            "met",
            "with",
            "his",
        ];
        let mut x = seed as u64 + 1;
        (0..n)
            .map(|_| {
                x = mix(x);
                W[(x % W.len() as u64) as usize]
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn identical_texts_have_similarity_one() {
        let t = story(1, 300);
        let a = Signature::of(&t);
        assert_eq!(a.jaccard(&Signature::of(&t)), 1.0);
        assert_eq!(a.near_duplicate(&Signature::of(&t)), Some(1.0));
    }

    #[test]
    fn non_ascii_words_are_lowercased_too() {
        let a = Signature::of("Ünïcödé Straße Ελλάδα and the rest of the words here");
        let b = Signature::of("ünïcödé straße ελλάδα AND THE REST OF THE WORDS HERE");
        assert_eq!(a, b);
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        let a = Signature::of("The Minister said, on Monday: talks would resume in Vienna.");
        let b = Signature::of("the minister said on monday talks would resume in vienna");
        assert_eq!(a, b);
    }

    #[test]
    fn different_texts_from_the_same_vocabulary_are_not_near_duplicates() {
        let a = Signature::of(&story(1, 400));
        let b = Signature::of(&story(2, 400));
        assert!(a.jaccard(&b) < 0.1, "{}", a.jaccard(&b));
        assert_eq!(a.near_duplicate(&b), None);
    }

    #[test]
    fn cut_copy_is_found_by_containment() {
        let full = story(3, 600);
        let cut: String = full.split(' ').take(250).collect::<Vec<_>>().join(" ");
        let (a, b) = (Signature::of(&full), Signature::of(&cut));
        assert!(a.jaccard(&b) < JACCARD);
        assert!(a.near_duplicate(&b).is_some());
    }

    #[test]
    fn short_texts_are_not_grouped() {
        let a = Signature::of("Officials said talks would resume.");
        assert!(!a.is_indexable());
        assert_eq!(a.near_duplicate(&a), None);
        assert_eq!(Signature::of("").shingles, 0);
    }

    #[test]
    fn bytes_round_trip_and_bad_blob_is_rejected() {
        let a = Signature::of(&story(4, 100));
        assert_eq!(Signature::from_bytes(&a.to_bytes(), a.shingles), Some(a));
        assert_eq!(Signature::from_bytes(&[1, 2, 3], 10), None);
    }
}
