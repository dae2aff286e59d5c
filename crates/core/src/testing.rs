//! Inputs for tests that check a fast path against its reference path (the
//! ASCII and char-by-char form hashes in `nlp` and `ner`): pseudo-random
//! words over a small alphabet chosen to mix case runs, digits and
//! punctuation. Deterministic, so a failure names a word that reproduces.

/// `fixed` (a test's chosen cases), then `count` random words, the `i`-th
/// of `i % max_len` bytes drawn from `alphabet` (ASCII) by a linear
/// congruential generator started at `seed`.
pub fn test_words(
    fixed: &[&str],
    alphabet: &[u8],
    seed: u64,
    count: usize,
    max_len: usize,
) -> Vec<String> {
    let mut x = seed;
    let random = (0..count).map(|i| {
        (0..i % max_len.max(1))
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                alphabet[(x >> 33) as usize % alphabet.len().max(1)] as char
            })
            .collect()
    });
    fixed.iter().map(|w| w.to_string()).chain(random).collect()
}

#[cfg(test)]
mod tests {
    use super::test_words;

    #[test]
    fn words_are_deterministic_and_drawn_from_the_alphabet() {
        let a = test_words(&["Kerry"], b"ab.", 3, 50, 7);
        assert_eq!(a, test_words(&["Kerry"], b"ab.", 3, 50, 7));
        assert_eq!(a.len(), 51);
        assert_eq!(a[0], "Kerry");
        let random = &a[1..];
        assert!(random.iter().enumerate().all(|(i, w)| w.len() == i % 7));
        assert!(random
            .iter()
            .flat_map(|w| w.chars())
            .all(|c| "ab.".contains(c)));
        assert_ne!(a, test_words(&["Kerry"], b"ab.", 4, 50, 7));
    }
}
