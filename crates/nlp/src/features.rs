//! Per-token hashed properties computed once per token (word, lowercase word,
//! affixes, shape), shared by the tagger and the parser.

use crate::hash::{fin, lower, lower_hash, step, str_hash};

/// Hashes describing one token's form. Sentinels stand in for positions
/// outside the sentence.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tok {
    pub word: u64,
    pub lower: u64,
    pub suf: [u64; 4],
    pub pre: [u64; 3],
    pub shape: u64,
    /// Hash of the set of tags the word had in training ([`UNKNOWN`] if rare).
    pub amb: u64,
}

/// Ambiguity class of words not in the tagger's lexicon.
pub const UNKNOWN: u64 = 0x0075_6e6b;

/// Hash used for "no token here" (before the start / after the end).
pub const NONE: u64 = 0x6e6f_6e65;
/// Hash used for the sentence start position.
pub const BOS: u64 = 0x0062_6f73;
/// Hash used for the sentence end position.
pub const EOS: u64 = 0x0065_6f73;

impl Tok {
    pub fn sentinel(v: u64) -> Tok {
        Tok {
            word: v,
            lower: v,
            suf: [v; 4],
            pre: [v; 3],
            shape: v,
            amb: v,
        }
    }

    pub fn new(form: &str) -> Tok {
        if form.is_ascii() {
            Tok::ascii(form.as_bytes())
        } else {
            Tok::general(form)
        }
    }

    /// [`Tok::new`] of an ASCII form: bytes are chars, so the word,
    /// lowercase and shape hashes share one pass over the bytes, with no
    /// char decoding or Unicode case tables (same hashes as
    /// [`Tok::general`]; a test compares them).
    fn ascii(w: &[u8]) -> Tok {
        let (mut word, mut low) = (0xcbf2_9ce4_8422_2325u64, 0xcbf2_9ce4_8422_2325u64);
        let (mut sh, mut last, mut n_sh) = (0x3u64, 0u8, 0);
        for &b in w {
            word = step(word, b as u64);
            low = step(low, b.to_ascii_lowercase() as u64);
            let s = if b.is_ascii_uppercase() {
                b'X'
            } else if b.is_ascii_lowercase() {
                b'x'
            } else if b.is_ascii_digit() {
                b'd'
            } else {
                b
            };
            if s != last && n_sh < 6 {
                sh = step(sh, s as u64);
                n_sh += 1;
            }
            last = s;
        }
        let mut suf = [0u64; 4];
        let mut h = 0x5u64;
        for (k, &b) in w.iter().rev().take(4).enumerate() {
            h = step(h, b.to_ascii_lowercase() as u64);
            suf[k] = fin(h);
        }
        let n = w.len().min(4);
        for k in n..4 {
            suf[k] = suf[n.saturating_sub(1)];
        }
        let mut pre = [0u64; 3];
        let mut h = 0x7u64;
        for (k, &b) in w.iter().take(3).enumerate() {
            h = step(h, b.to_ascii_lowercase() as u64);
            pre[k] = fin(h);
        }
        let n = w.len().min(3);
        for k in n..3 {
            pre[k] = pre[n.saturating_sub(1)];
        }
        Tok {
            word: fin(word),
            lower: fin(low),
            suf,
            pre,
            shape: fin(step(sh, length_bucket(w.len()))),
            amb: UNKNOWN,
        }
    }

    /// [`Tok::new`] of any form, char by char.
    fn general(form: &str) -> Tok {
        let mut suf = [0u64; 4];
        let mut h = 0x5u64;
        let mut n = 0;
        for c in form.chars().rev() {
            if n == 4 {
                break;
            }
            h = step(h, lower(c) as u64);
            suf[n] = fin(h);
            n += 1;
        }
        for k in n..4 {
            suf[k] = suf[n.saturating_sub(1)];
        }
        let mut pre = [0u64; 3];
        let mut h = 0x7u64;
        let mut n = 0;
        for c in form.chars() {
            if n == 3 {
                break;
            }
            h = step(h, lower(c) as u64);
            pre[n] = fin(h);
            n += 1;
        }
        for k in n..3 {
            pre[k] = pre[n.saturating_sub(1)];
        }
        Tok {
            word: str_hash(form),
            lower: lower_hash(form),
            suf,
            pre,
            shape: shape_hash(form),
            amb: UNKNOWN,
        }
    }
}

/// Word shape: upper → X, lower → x, digit → d, others kept; runs of one
/// class collapsed; at most 6 symbols; plus a length bucket.
pub fn shape_hash(form: &str) -> u64 {
    let mut h = 0x3u64;
    let mut last = '\0';
    let mut n = 0;
    let mut len = 0;
    for c in form.chars() {
        len += 1;
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last && n < 6 {
            h = step(h, s as u64);
            n += 1;
        }
        last = s;
    }
    fin(step(h, length_bucket(len)))
}

/// The length part of the word shape, from the length in chars.
#[inline]
fn length_bucket(len: usize) -> u64 {
    match len {
        0..=1 => 1,
        2..=3 => 2,
        4..=6 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape_hash("Kerry"), shape_hash("Jones"));
        assert_ne!(shape_hash("Kerry"), shape_hash("kerry"));
        assert_eq!(shape_hash("1984"), shape_hash("2021"));
        let a = Tok::new("walked");
        let b = Tok::new("TALKED");
        assert_eq!(a.suf[2], b.suf[2]);
        assert_ne!(a.pre[0], b.pre[0]);
        let e = Tok::new("");
        assert_eq!(e.suf[3], 0);
        let x = Tok::new("é");
        assert_eq!(x.suf[0], x.suf[3]);
    }

    #[test]
    fn ascii_pass_equals_the_char_pass() {
        let fixed = [
            "",
            "a",
            "Kerry",
            "McDonald's",
            "U.S.",
            "1984",
            "e-mail",
            "ABCDEFGHIJ",
            "\0x\0",
        ];
        for w in &backchannel_core::testing::test_words(&fixed, b"aAzZ09.-'$ \0", 3, 2000, 17) {
            let (a, b) = (Tok::ascii(w.as_bytes()), Tok::general(w));
            assert_eq!(
                (a.word, a.lower, a.suf, a.pre, a.shape, a.amb),
                (b.word, b.lower, b.suf, b.pre, b.shape, b.amb),
                "{w:?}"
            );
        }
    }
}
