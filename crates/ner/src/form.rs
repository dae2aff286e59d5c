//! The hashes [`crate::features::extract`] needs from one token's own form
//! (word, lowercased word, shapes, affixes), computed together.
//!
//! Speed only: every value equals the one the string-building helpers of
//! [`crate::features`] give (`hash_str` over `normalize`, `shape`,
//! `short_shape` and the affix slices). Pure-ASCII forms, nearly all of
//! news text, take one pass over the bytes that folds case, classifies and
//! hashes as it goes, with no intermediate strings; other forms go through
//! the string helpers (the reference the tests compare the pass against).

use crate::features::{hash_str, normalize_into, shape_into, short_shape_into};

/// Seed of [`hash_str`] for template `tpl`.
#[inline(always)]
fn seed(tpl: u64) -> u64 {
    0xcbf2_9ce4_8422_2325 ^ tpl.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// One FNV-1a step of [`hash_str`].
#[inline(always)]
fn step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
}

/// [`hash_str`] of a byte string.
#[inline(always)]
fn hash_bytes(tpl: u64, s: &[u8]) -> u64 {
    s.iter().fold(seed(tpl), |h, &b| step(h, b))
}

/// Shape class of an ASCII byte, as `features::class` gives it.
#[inline(always)]
fn class(b: u8) -> u8 {
    if b.is_ascii_uppercase() {
        b'X'
    } else if b.is_ascii_lowercase() {
        b'x'
    } else if b.is_ascii_digit() {
        b'd'
    } else {
        b
    }
}

/// Form hashes of one token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Form {
    /// `hash_str(2, form)`.
    pub word: u64,
    /// `hash_str(0, lower)` (lower = `normalize(form)`).
    pub lower0: u64,
    /// `hash_str(3, shape(form))`.
    pub shape3: u64,
    /// `hash_str(4, short_shape(form))` and `hash_str(0, …)` of the same.
    pub sshape4: u64,
    pub sshape0: u64,
    /// Characters of `lower`.
    pub nchars: usize,
    /// Affix features in the order `extract` lists them: for k = 2, 3, 4
    /// while `lower` is longer than k, the k-char prefix (template 5 + k,
    /// not for k = 4) then the k-char suffix (template 10 + k).
    pub affix: [u64; 5],
    pub n_affix: usize,
}

impl Form {
    /// The hashes of `form`; its normalised spelling is appended to `lbuf`.
    pub fn new(form: &str, lbuf: &mut String) -> Form {
        // Digits fold to `0` in the lowercased word, which the in-place
        // ASCII lowercasing of the fast pass does not do; such forms are few.
        if form.bytes().all(|b| b.is_ascii() && !b.is_ascii_digit()) {
            Form::ascii(form, lbuf)
        } else {
            Form::general(form, lbuf)
        }
    }

    /// An ASCII form without digits: simple loops over its bytes, one per
    /// hash, which compile to a few instructions a byte.
    fn ascii(form: &str, lbuf: &mut String) -> Form {
        let start = lbuf.len();
        lbuf.push_str(form);
        if let Some(l) = lbuf.get_mut(start..) {
            l.make_ascii_lowercase();
        }
        let lw = lbuf.as_bytes().get(start..).unwrap_or(&[]);
        let w = form.as_bytes();
        let (mut word, mut lower0) = (seed(2), seed(0));
        let (mut sh3, mut ss4, mut ss0) = (seed(3), seed(4), seed(0));
        // Shape: a class run adds at most two symbols, at most 13 in all;
        // short shape: one symbol a run, at most 9 (the string helpers'
        // limits: they stop once the shape is longer than 12 or 8).
        let (mut last, mut run, mut n3, mut n4) = (0u8, 0u32, 0u32, 0u32);
        for (&b, &l) in w.iter().zip(lw) {
            word = step(word, b);
            lower0 = step(lower0, l);
            let c = class(b);
            if c != last {
                last = c;
                run = 1;
                if n4 <= 8 {
                    ss4 = step(ss4, c);
                    ss0 = step(ss0, c);
                    n4 += 1;
                }
            } else {
                run += 1;
            }
            if run <= 2 && n3 <= 12 {
                sh3 = step(sh3, c);
                n3 += 1;
            }
        }
        let n = lw.len();
        let mut f = Form {
            word,
            lower0,
            shape3: sh3,
            sshape4: ss4,
            sshape0: ss0,
            nchars: n,
            ..Form::default()
        };
        for k in 2..=4usize {
            if n > k {
                if k < 4 {
                    f.push_affix(hash_bytes(5 + k as u64, &lw[..k]));
                }
                f.push_affix(hash_bytes(10 + k as u64, &lw[n - k..]));
            }
        }
        f
    }

    /// Through the string helpers (any form).
    fn general(form: &str, lbuf: &mut String) -> Form {
        let start = lbuf.len();
        normalize_into(form, lbuf);
        let lw = lbuf.get(start..).unwrap_or("");
        let mut tmp = String::new();
        short_shape_into(form, &mut tmp);
        let (sshape4, sshape0) = (hash_str(4, &tmp), hash_str(0, &tmp));
        shape_into(form, &mut tmp);
        let nchars = lw.chars().count();
        let mut f = Form {
            word: hash_str(2, form),
            lower0: hash_str(0, lw),
            shape3: hash_str(3, &tmp),
            sshape4,
            sshape0,
            nchars,
            ..Form::default()
        };
        for k in 2..=4 {
            if nchars > k {
                if k < 4 {
                    let end = lw.char_indices().nth(k).map_or(lw.len(), |(b, _)| b);
                    f.push_affix(hash_str(5 + k as u64, &lw[..end]));
                }
                let start = lw.char_indices().nth(nchars - k).map_or(0, |(b, _)| b);
                f.push_affix(hash_str(10 + k as u64, &lw[start..]));
            }
        }
        f
    }

    #[inline(always)]
    fn push_affix(&mut self, h: u64) {
        if let Some(x) = self.affix.get_mut(self.n_affix) {
            *x = h;
            self.n_affix += 1;
        }
    }

    /// The affix features, in order.
    pub fn affixes(&self) -> &[u64] {
        &self.affix[..self.n_affix.min(self.affix.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_pass_equals_the_string_helpers() {
        let words = [
            "",
            "a",
            "Kerry",
            "McDonald",
            "U.S.",
            "2019",
            "In2019",
            "AAAAAAAAAAAAAAAAAAAAAAAA",
            "aAaAaAaAaAaAaAaAaAaA1-1-1-1",
            "xxxxXXXXxxxx....----0000",
            "Rice@ENRON",
            "--",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "Coca-Cola's",
            "a1b2c3d4e5f6g7h8i9j0",
            "abcdefghijklmnopqrstuvwxyz",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "X.Y.Z.W.V.U.T.S.R.Q",
            "\0\0a\0",
            "$",
            "'s",
            "...",
        ];
        // Random ASCII words as well, mixing case runs and punctuation.
        for w in &backchannel_core::testing::test_words(&words, b"aAbBzZ.-'&@ \0", 7, 2000, 23) {
            let (mut a, mut b) = (String::from("x"), String::from("x"));
            let fast = if w.bytes().any(|b| b.is_ascii_digit()) {
                Form::new(w, &mut a)
            } else {
                Form::ascii(w, &mut a)
            };
            let slow = Form::general(w, &mut b);
            assert_eq!(fast, slow, "{w:?}");
            assert_eq!(a, b, "{w:?}");
        }
    }

    #[test]
    fn non_ascii_forms_are_hashed_and_appended() {
        let mut buf = String::new();
        let f = Form::new("Zürich", &mut buf);
        assert_eq!(buf, "zürich");
        assert_eq!(f.nchars, 6);
        assert_eq!(f.affixes().len(), 5);
        assert_eq!(f.lower0, hash_str(0, "zürich"));
    }
}
