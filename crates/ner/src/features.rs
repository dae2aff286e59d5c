//! Feature extraction: word identity, shape, affixes, context window,
//! capitalisation prior, gazetteer hits. Features are 64-bit hashes so that
//! extraction allocates little and the model is a hash → weights table.
//! Tried and not kept: a shape trigram (previous, own and next word shape,
//! for "Xx - Xx" and "Xx & Xx" names; doc-split 2-fold UNER dev cv seed 1
//! 68.00 -> 67.16). Truecasing (a lowercase word that unlabeled text
//! capitalises 80% of the time or more gets the form and shape features of
//! its capitalised spelling, for "kerala" or "firefox" in web text): seed 1
//! 67.73 -> 66.74 (also for words seen rarely), 66.25 (seen 50+ times only).
//! Longer affixes of the lowercased word (prefixes up to 4 characters,
//! suffixes up to 5, for lowercase and unseen names; CRF training): seed 1
//! 68.09 -> 66.52, seed 2 67.95 -> 68.40. Context of capitalised runs
//! (each token of a run of two or more capitalised words sees the word
//! before and the word after the run, with its position in the run; for
//! "at [Bank of America]" beyond the +-2 window): doc-split 2-fold UNER dev
//! cv (`cv ... 10 10 0 0 0`) fold 0, seed 1 69.55 -> 69.05.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::clusters::Clusters;
use crate::form::Form;
use crate::gazetteer::{Cat, Gazetteer};

/// Word-level knowledge learned from unlabeled text.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub prior: CapPrior,
    pub clusters: Clusters,
}

/// FNV-1a hasher for the run-time lookup tables: their keys are already
/// hashes or short words, and SipHash cost a large share of tagging time.
#[derive(Default)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 ^= self.0 >> 29;
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// FNV-1a over bytes, seeded with a template id so equal strings in
/// different templates give different features.
pub fn hash_str(tpl: u64, s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ tpl.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Combine a template id with already-hashed parts.
pub fn mix(tpl: u64, a: u64, b: u64) -> u64 {
    let mut h = tpl.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ a;
    h = h.rotate_left(29).wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ b;
    h ^= h >> 31;
    h.wrapping_mul(0x94D0_49BB_1331_11EB)
}

/// Lowercased word with digits folded to `0` (so years and numbers share features).
pub fn normalize(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    normalize_into(w, &mut out);
    out
}

/// [`normalize`], appended to `out` (no allocation when it has room).
pub fn normalize_into(w: &str, out: &mut String) {
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| {
            if b.is_ascii_digit() {
                '0'
            } else {
                b.to_ascii_lowercase() as char
            }
        }));
        return;
    }
    out.extend(w.chars().flat_map(|c| c.to_lowercase()).map(|c| {
        if c.is_ascii_digit() {
            '0'
        } else {
            c
        }
    }));
}

fn class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// Word shape with runs longer than two collapsed ("McDonald" → "XxxXxx").
pub fn shape(w: &str) -> String {
    let mut out = String::new();
    shape_into(w, &mut out);
    out
}

/// [`shape`] written into `out` (cleared first).
pub fn shape_into(w: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars().map(class) {
        if c == last {
            run += 1;
        } else {
            run = 1;
            last = c;
        }
        if run <= 2 {
            out.push(c);
        }
        if out.len() > 12 {
            break;
        }
    }
}

/// Shape with every run collapsed to one character ("Kerry" → "Xx").
pub fn short_shape(w: &str) -> String {
    let mut out = String::new();
    short_shape_into(w, &mut out);
    out
}

/// [`short_shape`] written into `out` (cleared first).
pub fn short_shape_into(w: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    for c in w.chars().map(class) {
        if c != last {
            out.push(c);
            last = c;
        }
        if out.len() > 8 {
            break;
        }
    }
}

/// How often a word is capitalised away from the start of a sentence in
/// unlabeled text, bucketed. Bucket 0 means "not seen often enough".
#[derive(Debug, Clone, Default)]
pub struct CapPrior {
    pub table: FastMap<u64, u8>,
}

impl CapPrior {
    pub fn key(lower: &str) -> u64 {
        Self::key_of_hash(hash_str(0, lower))
    }

    /// The key from the word's template-0 hash (see [`Clusters::key_of_hash`]).
    pub fn key_of_hash(h0: u64) -> u64 {
        mix(99, h0, 0)
    }

    pub fn bucket(&self, lower: &str) -> u8 {
        self.bucket_by_hash(hash_str(0, lower))
    }

    /// [`CapPrior::bucket`] given the word's template-0 hash.
    pub fn bucket_by_hash(&self, h0: u64) -> u8 {
        self.table.get(&Self::key_of_hash(h0)).copied().unwrap_or(0)
    }
}

/// Sentence-level casing regime: web text is often all lowercase, headlines title-cased.
fn sentence_mode(forms: &[&str]) -> &'static str {
    let (mut alpha, mut cap, mut upper) = (0usize, 0usize, 0usize);
    for w in forms {
        let Some(c) = w.chars().next() else { continue };
        if !c.is_alphabetic() {
            continue;
        }
        alpha += 1;
        if c.is_uppercase() {
            cap += 1;
            if w.chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
                && w.len() > 1
            {
                upper += 1;
            }
        }
    }
    if alpha >= 3 && cap == 0 {
        "lower"
    } else if alpha >= 4 && upper * 5 >= alpha * 4 {
        "upper"
    } else if alpha >= 4 && cap * 5 >= alpha * 4 {
        "title"
    } else {
        "normal"
    }
}

/// Per-sentence features that do not depend on predicted labels.
#[derive(Debug, Default)]
pub struct SentenceFeatures {
    /// Flat list of feature hashes; token `i` owns `feats[offsets[i]..offsets[i+1]]`.
    pub feats: Vec<u64>,
    pub offsets: Vec<usize>,
    /// Per-token short-shape hash and word hash, for label-conjoined features.
    pub shape_h: Vec<u64>,
    pub word_h: Vec<u64>,
}

impl SentenceFeatures {
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// The feature every token has (the label prior).
pub const BIAS: u64 = 0x5eed;

const BOS: &str = "<s>";
const EOS: &str = "</s>";

/// `values` with `w` copies of `before` in front and `w` of `after` behind.
fn padded(
    values: impl ExactSizeIterator<Item = u64>,
    w: usize,
    before: u64,
    after: u64,
) -> Vec<u64> {
    let mut out = Vec::with_capacity(values.len() + 2 * w);
    out.extend(std::iter::repeat_n(before, w));
    out.extend(values);
    out.extend(std::iter::repeat_n(after, w));
    out
}

/// Extract the static features of every token in a sentence.
///
/// `xpos` holds predicted PTB tags, one per form; any other length (e.g.
/// empty) means "no tags", and every tag feature then sees a fixed value.
pub fn extract(forms: &[&str], xpos: &[&str], gaz: &Gazetteer, lex: &Lexicon) -> SentenceFeatures {
    let prior = &lex.prior;
    let n = forms.len();
    let tagged = xpos.len() == n;
    let ptag: Vec<u64> = (0..n)
        .map(|i| if tagged { hash_str(0, xpos[i]) } else { 3 })
        .collect();
    // Position of each token in its run of proper-noun tags (B/I/L/U, or O)
    // and the run's length: the tagger's view of where a name starts and ends.
    let proper: Vec<bool> = (0..n)
        .map(|i| tagged && crate::pos::is_proper(xpos[i]))
        .collect();
    let mut run = vec![(0u64, 0u64); n];
    let mut i = 0;
    while i < n {
        if !proper[i] {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && proper[i] {
            i += 1;
        }
        let len = (i - s).min(4) as u64;
        for (k, r) in run.iter_mut().enumerate().take(i).skip(s) {
            let code = if i - s == 1 {
                1
            } else if k == s {
                2
            } else if k + 1 == i {
                4
            } else {
                3
            };
            *r = (code, len);
        }
    }
    // All lowercased words in one buffer (one allocation per sentence), and
    // each form's own hashes (word, lowercase, shapes, affixes) made once;
    // templates are mixed in afterwards.
    let mut lbuf = String::with_capacity(forms.iter().map(|w| w.len() + 2).sum());
    let mut lranges = Vec::with_capacity(n);
    let mut hs: Vec<Form> = Vec::with_capacity(n);
    for w in forms {
        let a = lbuf.len();
        hs.push(Form::new(w, &mut lbuf));
        lranges.push((a, lbuf.len()));
    }
    let lower: Vec<&str> = lranges
        .iter()
        .map(|&(a, b)| lbuf.get(a..b).unwrap_or(""))
        .collect();
    let lower0: Vec<u64> = hs.iter().map(|h| h.lower0).collect();
    let sshape0: Vec<u64> = hs.iter().map(|h| h.sshape0).collect();
    let buckets: Vec<u8> = lower0.iter().map(|&h| prior.bucket_by_hash(h)).collect();
    let classes: Vec<(u8, u8)> = lower0
        .iter()
        .map(|&h| lex.clusters.get_by_hash(h))
        .collect();
    // Gazetteer position tags per token: (category, position code).
    let mut gtags: Vec<Vec<(u8, u8)>> = vec![Vec::new(); n];
    let capitalised = |i: usize| forms[i].chars().any(char::is_uppercase);
    for m in gaz.matches_cased(&lower, capitalised) {
        for cat in Cat::ALL {
            if m.cats & cat.bit() == 0 {
                continue;
            }
            for (i, tags) in gtags.iter_mut().enumerate().take(m.end).skip(m.start) {
                let pos = if m.end - m.start == 1 {
                    b'U'
                } else if i == m.start {
                    b'B'
                } else if i + 1 == m.end {
                    b'L'
                } else {
                    b'I'
                };
                tags.push((cat as u8, pos));
            }
        }
    }
    let mode = hash_str(50, sentence_mode(forms));
    let (bos0, eos0) = (hash_str(0, BOS), hash_str(0, EOS));
    // Per-token values with the sentence-edge values around them, so a
    // token's neighbourhood is one slice (one bounds check), not a range
    // test per neighbour: l0 reaches two tokens each way, the rest one.
    let l0 = padded(lower0.iter().copied(), 2, bos0, eos0);
    let ssh0 = padded(sshape0.iter().copied(), 1, bos0, eos0);
    let bucket = padded(buckets.iter().map(|&b| b as u64), 1, 255, 255);
    let cls_f = padded(classes.iter().map(|c| c.0 as u64), 1, 999, 999);
    let cls_c = padded(classes.iter().map(|c| c.1 as u64), 1, 999, 999);
    let pt = padded(ptag.iter().copied(), 1, 1, 2);

    let mut out = SentenceFeatures {
        feats: Vec::with_capacity(n * 64),
        offsets: Vec::with_capacity(n + 1),
        shape_h: hs.iter().map(|h| h.sshape4).collect(),
        word_h: lower0.iter().map(|&h| mix(1, h, 0)).collect(),
    };
    for i in 0..n {
        out.offsets.push(out.feats.len());
        let h = &hs[i];
        let f = &mut out.feats;
        let (wh, sh) = (out.word_h[i], out.shape_h[i]);
        f.extend_from_slice(&[BIAS, wh, h.word, h.shape3, sh]);
        f.extend_from_slice(h.affixes());
        // Windows: index 1 (2 for `l`) is token i.
        let l = &l0[i..i + 5];
        let (ss, b) = (&ssh0[i..i + 3], &bucket[i..i + 3]);
        let first = (i == 0) as u64;
        let bsh = mix(0, b[1], sh);
        f.extend_from_slice(&[
            mix(20, l[1], 0),
            mix(21, l[3], 0),
            mix(22, l[0], 0),
            mix(23, l[4], 0),
            mix(24, ss[0], sh),
            mix(25, sh, ss[2]),
            mix(26, l[1], wh),
            mix(27, wh, l[3]),
            mix(28, b[1], sh),
            mix(29, b[0], b[1]),
            mix(30, b[1], b[2]),
            mix(31, first, sh),
            mix(32, first, bsh),
            mix(33, mode, sh),
            mix(34, mode, bsh),
            mix(35, h.nchars.min(12) as u64, sh),
            // Neighbouring word with this token's shape: "at Xx", "Xx said", "Xx Inc".
            mix(36, l[1], sh),
            mix(37, sh, l[3]),
        ]);
        let (cf, cc, p) = (&cls_f[i..i + 3], &cls_c[i..i + 3], &pt[i..i + 3]);
        let (code, len) = run[i];
        f.extend_from_slice(&[
            mix(70, cf[1], 0),
            mix(71, cc[1], 0),
            mix(72, cf[0], 0),
            mix(73, cf[2], 0),
            mix(74, cf[1], sh),
            mix(75, cc[0], cc[1]),
            mix(76, cc[1], cc[2]),
            mix(77, cc[1], bsh),
            mix(80, p[1], 0),
            mix(81, p[0], 0),
            mix(82, p[2], 0),
            mix(91, code, len),
            mix(92, mix(0, code, len), sh),
        ]);
        for &(cat, pos) in &gtags[i] {
            f.push(mix(40, cat as u64, pos as u64));
            f.push(mix(41, mix(0, cat as u64, pos as u64), sh));
        }
        if i > 0 {
            for &(cat, pos) in &gtags[i - 1] {
                f.push(mix(42, cat as u64, pos as u64));
            }
        }
        if i + 1 < n {
            for &(cat, pos) in &gtags[i + 1] {
                f.push(mix(43, cat as u64, pos as u64));
            }
        }
        if i > 1 {
            for &(cat, pos) in &gtags[i - 2] {
                f.push(mix(44, cat as u64, pos as u64));
            }
        }
        if i + 2 < n {
            for &(cat, pos) in &gtags[i + 2] {
                f.push(mix(45, cat as u64, pos as u64));
            }
        }
    }
    out.offsets.push(out.feats.len());
    out
}

/// Features conjoined with the previous label (first-order transitions).
pub fn history(sf: &SentenceFeatures, i: usize, prev: u8) -> [u64; 2] {
    [mix(60, prev as u64, 0), mix(62, prev as u64, sf.shape_h[i])]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("McDonald"), "XxXxx");
        assert_eq!(shape("Kerry"), "Xxx");
        assert_eq!(short_shape("U.S."), "X.X.");
        assert_eq!(short_shape("2019"), "d");
        assert_eq!(normalize("In2019"), "in0000");
    }

    #[test]
    fn modes() {
        assert_eq!(sentence_mode(&["i", "live", "in", "tampa"]), "lower");
        assert_eq!(
            sentence_mode(&["Top", "Biden", "Diplomats", "Held", "Talks"]),
            "title"
        );
        assert_eq!(
            sentence_mode(&["Kerry", "met", "Zarif", "in", "Oslo"]),
            "normal"
        );
    }

    #[test]
    fn every_token_has_features_and_extraction_is_deterministic() {
        let g = Gazetteer::builtin();
        let p = Lexicon::default();
        let forms = ["John", "Kerry", "visited", "New", "York", "."];
        let a = extract(&forms, &[], &g, &p);
        let b = extract(&forms, &[], &g, &p);
        assert_eq!(a.feats, b.feats);
        assert_eq!(a.offsets.len(), forms.len() + 1);
        for i in 0..forms.len() {
            assert!(a.token(i).len() > 10);
        }
        assert!(extract(&[], &[], &g, &p).feats.is_empty());
    }
}
