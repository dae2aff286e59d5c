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
//!
//! Speed (outputs identical), tried and not kept in [`extract`]: the
//! gazetteer tags of a sentence in one list sorted by token with offsets
//! per token, instead of a vector per tagged token: callgrind of `bench
//! nlp --runs 1`, extract 149.1M -> 153.7M (the windowed reads cost more
//! than the few allocations saved).

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
    /// Actor-dictionary names (matched through the model's gazetteer).
    pub actors: crate::actors::ActorTable,
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

/// One position of a sentence's context window for [`extract`]: a token's
/// template-0 word and short-shape hashes, capitalisation bucket, word
/// classes and tag hash, or the fixed values of a position past an edge.
#[derive(Clone, Copy)]
struct Around {
    l0: u64,
    ss0: u64,
    bucket: u64,
    cf: u64,
    cc: u64,
    pt: u64,
}

/// Extract the static features of every token in a sentence.
///
/// `xpos` holds predicted PTB tags, one per form; any other length (e.g.
/// empty) means "no tags", and every tag feature then sees a fixed value.
pub fn extract(forms: &[&str], xpos: &[&str], gaz: &Gazetteer, lex: &Lexicon) -> SentenceFeatures {
    let prior = &lex.prior;
    let n = forms.len();
    let tagged = xpos.len() == n;
    // Position of each token in its run of proper-noun tags (B/I/L/U, or O)
    // and the run's length: the tagger's view of where a name starts and ends.
    let proper = |i: usize| tagged && crate::pos::is_proper(xpos[i]);
    let mut run = vec![(0u64, 0u64); n];
    let mut i = 0;
    while i < n {
        if !proper(i) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && proper(i) {
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
    // Each token's context values with two sentence-edge positions on each
    // side, in one array, so a token's neighbourhood is one slice (one
    // bounds check), not a range test per neighbour.
    let edge = |word: u64, tag: u64| Around {
        l0: word,
        ss0: word,
        bucket: 255,
        cf: 999,
        cc: 999,
        pt: tag,
    };
    let mut ctx = Vec::with_capacity(n + 4);
    ctx.extend([edge(bos0, 1); 2]);
    for (i, h) in hs.iter().enumerate() {
        let (cf, cc) = lex.clusters.get_by_hash(h.lower0);
        ctx.push(Around {
            l0: h.lower0,
            ss0: h.sshape0,
            bucket: prior.bucket_by_hash(h.lower0) as u64,
            cf: cf as u64,
            cc: cc as u64,
            pt: if tagged { hash_str(0, xpos[i]) } else { 3 },
        });
    }
    ctx.extend([edge(eos0, 2); 2]);

    let mut out = SentenceFeatures {
        feats: Vec::with_capacity(n * 64),
        offsets: Vec::with_capacity(n + 1),
        shape_h: hs.iter().map(|h| h.sshape4).collect(),
        word_h: hs.iter().map(|h| mix(1, h.lower0, 0)).collect(),
    };
    for i in 0..n {
        out.offsets.push(out.feats.len());
        let h = &hs[i];
        let f = &mut out.feats;
        let (wh, sh) = (out.word_h[i], out.shape_h[i]);
        f.extend_from_slice(&[BIAS, wh, h.word, h.shape3, sh]);
        f.extend_from_slice(h.affixes());
        // Positions i - 2 ..= i + 2; c[2] is token i.
        let c = &ctx[i..i + 5];
        let first = (i == 0) as u64;
        let bsh = mix(0, c[2].bucket, sh);
        f.extend_from_slice(&[
            mix(20, c[1].l0, 0),
            mix(21, c[3].l0, 0),
            mix(22, c[0].l0, 0),
            mix(23, c[4].l0, 0),
            mix(24, c[1].ss0, sh),
            mix(25, sh, c[3].ss0),
            mix(26, c[1].l0, wh),
            mix(27, wh, c[3].l0),
            mix(28, c[2].bucket, sh),
            mix(29, c[1].bucket, c[2].bucket),
            mix(30, c[2].bucket, c[3].bucket),
            mix(31, first, sh),
            mix(32, first, bsh),
            mix(33, mode, sh),
            mix(34, mode, bsh),
            mix(35, h.nchars.min(12) as u64, sh),
            // Neighbouring word with this token's shape: "at Xx", "Xx said", "Xx Inc".
            mix(36, c[1].l0, sh),
            mix(37, sh, c[3].l0),
        ]);
        let (code, len) = run[i];
        f.extend_from_slice(&[
            mix(70, c[2].cf, 0),
            mix(71, c[2].cc, 0),
            mix(72, c[1].cf, 0),
            mix(73, c[3].cf, 0),
            mix(74, c[2].cf, sh),
            mix(75, c[1].cc, c[2].cc),
            mix(76, c[2].cc, c[3].cc),
            mix(77, c[2].cc, bsh),
            mix(80, c[2].pt, 0),
            mix(81, c[1].pt, 0),
            mix(82, c[3].pt, 0),
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
