//! Lemmatizer learned from the treebank: per-XPOS suffix rewrite rules (strip
//! n chars, append a string) keyed by the longest matching lowercase suffix or
//! the whole word, plus a small case-sensitive exception list for forms the
//! rules get wrong. Whether a tag keeps the form's capitalisation (NNP keeps
//! "Kerry", VBG lowercases "Running") is learned per tag as well.

use std::collections::BTreeMap;

use crate::binio::{Reader, Writer};
use crate::hash::{f2, f3, fin, lower, step, str_hash, KeyMap};

const MAX_SUFFIX: usize = 7;

pub struct Lemmatizer {
    keep_case: KeyMap<bool>,
    transforms: Vec<(u8, String)>,
    rules: KeyMap<u32>,
    exceptions: KeyMap<u32>,
    lemmas: Vec<String>,
}

/// Rule keys for a form under a tag, longest first: the whole word, then
/// suffixes of MAX_SUFFIX..=0 chars. Fixed-size, no allocation.
fn rule_keys(form: &str, tag: u64) -> ([u64; MAX_SUFFIX + 2], usize) {
    let mut keys = [0u64; MAX_SUFFIX + 2];
    let mut whole = 0x13u64;
    let mut n_chars = 0u64;
    for c in form.chars() {
        whole = step(whole, lower(c) as u64);
        n_chars += 1;
    }
    keys[0] = f3(2, tag, fin(whole), n_chars);
    // Suffix hashes, shortest (empty) first.
    let mut hs = [0u64; MAX_SUFFIX + 1];
    let mut h = 0x11u64;
    hs[0] = fin(h);
    let mut n = 1;
    for c in form.chars().rev().take(MAX_SUFFIX) {
        h = step(h, lower(c) as u64);
        hs[n] = fin(h);
        n += 1;
    }
    for i in 0..n {
        keys[1 + i] = f2(1, tag, hs[n - 1 - i]);
    }
    (keys, n + 1)
}

/// The hash [`Lemmatizer::lemma_tagged`] takes for an XPOS tag.
pub fn tag_hash(xpos: &str) -> u64 {
    str_hash(xpos)
}

fn exception_key(form: &str, tag: u64) -> u64 {
    f2(3, tag, str_hash(form))
}

/// The (strip, append) rewrite turning `from` into `to`.
fn transform(from: &str, to: &str) -> (u8, String) {
    let a: Vec<char> = from.chars().collect();
    let b: Vec<char> = to.chars().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let strip = (a.len() - common).min(255) as u8;
    (strip, b[common..].iter().collect())
}

/// `form` without its last `t.0` chars, plus `t.1` (`form` unchanged if it
/// has fewer chars than that). Finds the cut from the end and builds the
/// result in one allocation, since this runs for every word.
fn apply(form: &str, t: &(u8, String)) -> String {
    let strip = t.0 as usize;
    let cut = match strip {
        0 => Some(form.len()),
        _ => form.char_indices().rev().nth(strip - 1).map(|(i, _)| i),
    };
    let Some(cut) = cut else {
        return form.to_string();
    };
    let mut s = String::with_capacity(cut + t.1.len());
    s.push_str(&form[..cut]);
    s.push_str(&t.1);
    s
}

fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

impl Lemmatizer {
    /// Learn from (form, xpos, lemma, sentence-initial) examples.
    pub fn train(examples: &[(&str, &str, &str, bool)]) -> Lemmatizer {
        // Capitalisation: per tag, do capitalised non-initial forms keep it in the lemma?
        let mut caps: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        for &(form, xpos, lemma, first) in examples {
            if !first && is_capitalised(form) {
                let e = caps.entry(xpos).or_default();
                if is_capitalised(lemma) {
                    e.0 += 1
                } else {
                    e.1 += 1
                }
            }
        }
        let keep_case: KeyMap<bool> = caps
            .iter()
            .map(|(x, (k, d))| (str_hash(x), k > d))
            .collect();
        let keeps = |x: &str| keep_case.get(&str_hash(x)).copied().unwrap_or(false);

        // Count transforms per rule key (BTreeMap keeps the output deterministic).
        let mut tf_ids: BTreeMap<(u8, String), u32> = BTreeMap::new();
        let mut counts: BTreeMap<u64, BTreeMap<u32, u32>> = BTreeMap::new();
        let mut key_chain: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
        for &(form, xpos, lemma, _) in examples {
            let base = if keeps(xpos) {
                form.to_string()
            } else {
                form.to_lowercase()
            };
            let tgt = if keeps(xpos) {
                lemma.to_string()
            } else {
                lemma.to_lowercase()
            };
            let t = transform(&base, &tgt);
            let next = tf_ids.len() as u32;
            let id = *tf_ids.entry(t).or_insert(next);
            let (keys, nk) = rule_keys(form, str_hash(xpos));
            let keys = keys[..nk].to_vec();
            for &k in &keys {
                *counts.entry(k).or_default().entry(id).or_default() += 1;
            }
            key_chain.entry(keys[0]).or_insert(keys);
        }
        let best: BTreeMap<u64, u32> = counts
            .iter()
            .map(|(&k, m)| {
                let (&id, _) = m
                    .iter()
                    .max_by_key(|&(&id, &c)| (c, std::cmp::Reverse(id)))
                    .unwrap_or((&0, &0));
                (k, id)
            })
            .collect();
        // Drop keys whose best rewrite equals that of the next shorter key.
        let mut rules = KeyMap::default();
        for keys in key_chain.values() {
            for (i, k) in keys.iter().enumerate() {
                let mine = best.get(k);
                let shorter = keys.get(i + 1).and_then(|s| best.get(s));
                if mine.is_some() && (mine != shorter || i + 1 == keys.len()) {
                    rules.insert(*k, *mine.unwrap_or(&0));
                }
            }
        }
        let mut transforms = vec![(0u8, String::new()); tf_ids.len()];
        for (t, id) in tf_ids {
            transforms[id as usize] = t;
        }
        let mut me = Lemmatizer {
            keep_case,
            transforms,
            rules,
            exceptions: KeyMap::default(),
            lemmas: Vec::new(),
        };
        // Exceptions: exact forms whose most frequent lemma the rules miss.
        let mut exact: BTreeMap<(&str, &str), BTreeMap<&str, u32>> = BTreeMap::new();
        for &(form, xpos, lemma, _) in examples {
            *exact
                .entry((form, xpos))
                .or_default()
                .entry(lemma)
                .or_default() += 1;
        }
        for ((form, xpos), m) in exact {
            let Some((lemma, _)) = m.iter().max_by_key(|&(_, &c)| c) else {
                continue;
            };
            if me.by_rules(form, xpos) != *lemma {
                me.exceptions
                    .insert(exception_key(form, str_hash(xpos)), me.lemmas.len() as u32);
                me.lemmas.push(lemma.to_string());
            }
        }
        me
    }

    fn by_rules(&self, form: &str, xpos: &str) -> String {
        self.by_rules_tagged(form, str_hash(xpos))
    }

    /// [`Lemmatizer::by_rules`] with the tag already hashed. Rule keys are
    /// made one at a time, longest first, up to the first one with a rule
    /// (the order [`rule_keys`] lists them in), so most words hash only a
    /// few of them.
    fn by_rules_tagged(&self, form: &str, tag: u64) -> String {
        let keep = self.keep_case.get(&tag).copied().unwrap_or(false);
        // Borrowed when the case stays: a rewrite then copies the form once.
        let base = if keep || !form.chars().any(char::is_uppercase) {
            std::borrow::Cow::Borrowed(form)
        } else {
            std::borrow::Cow::Owned(form.to_lowercase())
        };
        match self.first_rule(form, tag) {
            Some(t) if t.0 != 0 || !t.1.is_empty() => apply(&base, t),
            _ => base.into_owned(),
        }
    }

    /// The rewrite of the first of `form`'s rule keys that has a rule.
    /// Tried and not kept: an ASCII path here, in `by_rules_tagged` and in
    /// `apply` (bytes instead of chars, as `features::Tok` does): callgrind
    /// of `bench nlp --runs 1`, Nlp::annotate 1490.3M -> 1491.6M.
    fn first_rule(&self, form: &str, tag: u64) -> Option<&(u8, String)> {
        let found = |k: u64| {
            self.rules
                .get(&k)
                .and_then(|&id| self.transforms.get(id as usize))
        };
        let mut whole = 0x13u64;
        let mut n_chars = 0u64;
        for c in form.chars() {
            whole = step(whole, lower(c) as u64);
            n_chars += 1;
        }
        if let Some(t) = found(f3(2, tag, fin(whole), n_chars)) {
            return Some(t);
        }
        // Unfinished suffix hashes, shortest (empty) first.
        let mut hs = [0u64; MAX_SUFFIX + 1];
        let mut h = 0x11u64;
        hs[0] = h;
        let mut n = 1;
        for c in form.chars().rev().take(MAX_SUFFIX) {
            h = step(h, lower(c) as u64);
            hs[n] = h;
            n += 1;
        }
        hs[..n]
            .iter()
            .rev()
            .find_map(|&h| found(f2(1, tag, fin(h))))
    }

    /// Lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        self.lemma_tagged(form, str_hash(xpos))
    }

    /// [`Lemmatizer::lemma`] with the XPOS tag already hashed
    /// ([`tag_hash`]), for callers that lemmatise many words of few tags.
    /// Tried and not kept: a per-document memo of lemmas by (form, tag) in
    /// `Nlp::annotate` (hash map, clone on a hit): Nlp::annotate callgrind
    /// (`bench nlp --runs 1`) 1,557.9M -> 1,560.1M instructions; the words
    /// that repeat are the short, common ones whose lemma is already two
    /// lookups.
    pub fn lemma_tagged(&self, form: &str, tag: u64) -> String {
        if let Some(&i) = self.exceptions.get(&exception_key(form, tag)) {
            if let Some(l) = self.lemmas.get(i as usize) {
                return l.clone();
            }
        }
        self.by_rules_tagged(form, tag)
    }

    pub fn write(&self, w: &mut Writer) {
        let mut kc: Vec<(u64, bool)> = self.keep_case.iter().map(|(&k, &v)| (k, v)).collect();
        kc.sort();
        w.u32(kc.len() as u32);
        for (k, v) in kc {
            w.u64(k);
            w.u8(v as u8);
        }
        w.u32(self.transforms.len() as u32);
        for (n, s) in &self.transforms {
            w.u8(*n);
            w.str(s);
        }
        for map in [&self.rules, &self.exceptions] {
            let mut v: Vec<(u64, u32)> = map.iter().map(|(&k, &v)| (k, v)).collect();
            v.sort();
            w.u32(v.len() as u32);
            for (k, x) in v {
                w.u64(k);
                w.u32(x);
            }
        }
        w.u32(self.lemmas.len() as u32);
        for l in &self.lemmas {
            w.str(l);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Lemmatizer, String> {
        let n = r.count(9)?;
        let mut keep_case = KeyMap::default();
        for _ in 0..n {
            let k = r.u64()?;
            keep_case.insert(k, r.u8()? != 0);
        }
        let n = r.count(5)?;
        let mut transforms = Vec::with_capacity(n);
        for _ in 0..n {
            let s = r.u8()?;
            transforms.push((s, r.str()?));
        }
        let mut maps = Vec::new();
        for _ in 0..2 {
            let n = r.count(12)?;
            let mut m = KeyMap::default();
            m.reserve(n);
            for _ in 0..n {
                let k = r.u64()?;
                m.insert(k, r.u32()?);
            }
            maps.push(m);
        }
        let lemmas = r.strings()?;
        let exceptions = maps.pop().unwrap_or_default();
        let rules = maps.pop().unwrap_or_default();
        Ok(Lemmatizer {
            keep_case,
            transforms,
            rules,
            exceptions,
            lemmas,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_cut_chars_not_bytes() {
        let t = |n: u8, a: &str| (n, a.to_string());
        assert_eq!(apply("running", &t(3, "")), "runn");
        assert_eq!(apply("ran", &t(2, "un")), "run");
        assert_eq!(apply("naïve", &t(3, "x")), "nax");
        assert_eq!(apply("café", &t(1, "e")), "cafe");
        assert_eq!(apply("ab", &t(2, "c")), "c");
        assert_eq!(apply("ab", &t(3, "c")), "ab", "longer strip: unchanged");
        assert_eq!(apply("", &t(0, "x")), "x");
        assert_eq!(apply("", &t(1, "x")), "");
    }

    #[test]
    fn learns_suffix_rules_case_and_exceptions() {
        let ex = [
            ("walked", "VBD", "walk", false),
            ("talked", "VBD", "talk", false),
            ("went", "VBD", "go", false),
            ("dogs", "NNS", "dog", false),
            ("cats", "NNS", "cat", false),
            ("Kerry", "NNP", "Kerry", false),
            ("Americans", "NNPS", "American", false),
            ("The", "DT", "the", true),
        ];
        let l = Lemmatizer::train(&ex);
        assert_eq!(l.lemma("stalked", "VBD"), "stalk");
        assert_eq!(l.lemma("went", "VBD"), "go");
        assert_eq!(l.lemma("Birds", "NNS"), "bird");
        assert_eq!(l.lemma("Smith", "NNP"), "Smith");
        assert_eq!(l.lemma("Germans", "NNPS"), "German");
        let mut w = Writer::default();
        l.write(&mut w);
        let l2 = Lemmatizer::read(&mut Reader::new(&w.buf)).unwrap();
        assert_eq!(l2.lemma("went", "VBD"), "go");
        assert_eq!(l2.lemma("stalked", "VBD"), "stalk");
    }

    #[test]
    fn first_rule_is_the_first_listed_key_with_a_rule() {
        let ex = [
            ("walked", "VBD", "walk", false),
            ("fled", "VBD", "flee", false),
            ("bred", "VBD", "breed", false),
            ("Ran", "VBD", "run", true),
            ("dogs", "NNS", "dog", false),
            ("glasses", "NNS", "glass", false),
        ];
        let l = Lemmatizer::train(&ex);
        for form in [
            "walked", "talked", "fled", "sled", "ed", "", "Über", "ran", "glasses", "x",
        ] {
            for xpos in ["VBD", "NNS", "JJ"] {
                let tag = str_hash(xpos);
                let (keys, n) = rule_keys(form, tag);
                let eager = keys[..n]
                    .iter()
                    .find_map(|k| l.rules.get(k).and_then(|&id| l.transforms.get(id as usize)));
                assert_eq!(l.first_rule(form, tag), eager, "{form} {xpos}");
            }
        }
    }
}
