//! Hand-written gazetteers (countries, places, organisations, titles…)
//! matched over token sequences. They give the tagger a prior for names it
//! has not seen in training; the learned weights decide how much to trust them.
//!
//! The four larger lists (given names 1831, surnames 2866, companies and
//! other organisations by their everyday names 2683, cities 724; written
//! from general knowledge, single words that training text writes mostly
//! in lower case left out) are [`Cat::CASED`]: they count only when the
//! phrase starts with a capital, so "hunter" or "target" in running text
//! is not a name. Doc-split 2-fold UNER dev cv (`cv ... 10 10 0 0 0`),
//! seeds 1 / 2: micro F1 68.09 / 67.95 -> 69.22 / 69.29 (PER 74.09 /
//! 73.82 -> 75.49 / 75.57, LOC 72.36 / 71.97 -> 73.30 / 72.66, ORG 49.63
//! / 50.00 -> 50.13 / 51.98). Alone, seed 1: the company list gave 67.54
//! (ORG 50.24: below the base); all but the company list 68.74 (so the
//! companies add +0.5 beside the name lists). The model trained with all
//! four, for the record only: UNER EWT test 71.28 -> 71.18 (PER 81.51, LOC
//! 73.83, ORG 50.57), GUM news test 73.86 -> 74.79, GUM all 73.17 -> 73.96.
//! Cost: callgrind of `ner_bench` (PolNeAR dev, 1 run, collecting inside
//! `Ner::recognize`) 713,944,814 -> 722,150,933 instructions (+1.15%).
//! [`Gazetteer::lookup`] (span classifier, rules) stays case-blind.
//!
//! Phrases are keyed by a stable hash ([`phrase_hash`]) rather than their
//! text, so a model can carry extra lists without their text (the actor
//! dictionaries of [`crate::actors`], off by default): same matches, `eval
//! ner` unchanged (UNER 71.18, GUM news 74.79, GUM all 73.96).
//!
//! Tried and not kept (doc-split 2-fold UNER dev cv, seeds 1 and 2, base
//! 68.00 / 67.51, both with the convention rules' +0.3 from mail names in
//! the comparison): ~440 more towns and cities, and hyphenated entries also
//! stored split the way the treebank tokenises them ("Coca - Cola"): LOC
//! F1 rose (71.69 -> 72.77, 71.26 -> 72.80) but micro F1 did not (68.17,
//! 67.72), within the retraining noise of about a point.
//!
//! Also tried, not kept: the company and organisation lists as a rule after
//! decoding (an untagged capitalised run of 1-3 words that is exactly a
//! list entry, with no capitalised word either side, becomes an
//! organisation). On the doc-split 2-fold UNER dev cv predictions
//! (`CV_DUMP`, `cv ... 10 10 0 0 0`), seeds 1 / 2: 69.32 -> 69.93 / 69.40 ->
//! 69.84, but most of the gain is one document about Firefox and Mozilla,
//! while "American" (7 times), "Saturn", "Saab", "Netscape", "Who" became
//! wrong organisations: the learned weight already says how far the lists
//! can be trusted, and the rule was not checked on news.

use crate::features::FastMap;

/// Gazetteer categories, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Cat {
    Country = 0,
    Place = 1,
    Demonym = 2,
    Org = 3,
    Title = 4,
    OrgWord = 5,
    FirstName = 6,
    PlaceWord = 7,
    /// Larger lists, matched only when the phrase's first token has a
    /// capital (see [`Cat::CASED`]).
    Given = 8,
    Surname = 9,
    Company = 10,
    City = 11,
    /// Names from the PETRARCH/Phoenix actor dictionaries, read at
    /// training time and stored in the model ([`crate::actors`]); matched
    /// only when the phrase's first and last tokens have capitals
    /// (see [`Cat::FULL_CASED`]).
    ActorPer = 12,
    ActorOrg = 13,
    ActorLoc = 14,
}

impl Cat {
    pub const ALL: [Cat; 15] = [
        Cat::Country,
        Cat::Place,
        Cat::Demonym,
        Cat::Org,
        Cat::Title,
        Cat::OrgWord,
        Cat::FirstName,
        Cat::PlaceWord,
        Cat::Given,
        Cat::Surname,
        Cat::Company,
        Cat::City,
        Cat::ActorPer,
        Cat::ActorOrg,
        Cat::ActorLoc,
    ];

    /// Categories whose entries are often ordinary words in lower case
    /// ("hunter", "chase", "target" written as a verb): a match counts
    /// only when its first token has a capital letter.
    pub const CASED: u16 = (1 << Cat::Given as u8)
        | (1 << Cat::Surname as u8)
        | (1 << Cat::Company as u8)
        | (1 << Cat::City as u8)
        | Cat::FULL_CASED;

    /// The actor dictionaries' own categories.
    pub const FULL_CASED: u16 =
        (1 << Cat::ActorPer as u8) | (1 << Cat::ActorOrg as u8) | (1 << Cat::ActorLoc as u8);

    pub fn bit(self) -> u16 {
        1 << (self as u8)
    }
}

const SOURCES: [(Cat, &str); 12] = [
    (Cat::Country, include_str!("../data/countries.txt")),
    (Cat::Place, include_str!("../data/places.txt")),
    (Cat::Demonym, include_str!("../data/demonyms.txt")),
    (Cat::Org, include_str!("../data/orgs.txt")),
    (Cat::Title, include_str!("../data/titles.txt")),
    (Cat::OrgWord, include_str!("../data/org_words.txt")),
    (Cat::FirstName, include_str!("../data/first_names.txt")),
    (Cat::PlaceWord, include_str!("../data/place_words.txt")),
    (Cat::Given, include_str!("../data/given_names.txt")),
    (Cat::Surname, include_str!("../data/surnames.txt")),
    (Cat::Company, include_str!("../data/companies.txt")),
    (Cat::City, include_str!("../data/cities.txt")),
];

/// Phrase dictionary keyed by the hash of lowercased, space-joined tokens
/// ([`phrase_hash`]): hashes let the actor lists live in the model without
/// their text, and a lookup hashes each word once.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    phrases: FastMap<u64, u16>,
    /// Longest phrase (in tokens) starting with each first word's hash.
    first: FastMap<u64, usize>,
}

/// A match: tokens `start..end` belong to the categories in `cats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub cats: u16,
}

/// Flag on a phrase that only the actor dictionaries hold: its
/// [`Cat::CASED`] categories also need a capital on its last token (the
/// dictionaries hold descriptions such as "US military" or "White House
/// spokesman" beside names, and a name is capitalised throughout).
pub const LAST_CAP: u16 = 1 << 15;

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a continued over `s`'s bytes (stable across builds and platforms:
/// the model stores these hashes).
fn fnv(mut h: u64, s: &str) -> u64 {
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hash of one lowercased word (a one-word phrase).
pub fn word_hash(w: &str) -> u64 {
    fnv(FNV_START, w)
}

/// Hash of a phrase's lowercased words joined by single spaces.
pub fn phrase_hash<S: AsRef<str>>(words: &[S]) -> u64 {
    let mut h = FNV_START;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            h = fnv(h, " ");
        }
        h = fnv(h, w.as_ref());
    }
    h
}

impl Gazetteer {
    /// The built-in lists under `crates/ner/data/`.
    pub fn builtin() -> Gazetteer {
        static BUILTIN: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(Gazetteer::build_builtin).clone()
    }

    fn build_builtin() -> Gazetteer {
        let mut g = Gazetteer {
            phrases: FastMap::default(),
            first: FastMap::default(),
        };
        for (cat, text) in SOURCES {
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                g.add(line, cat);
                if cat == Cat::Demonym {
                    // Plural demonyms ("Iranians", "Germans"), but not "-ese"/"-ish" forms.
                    if !line.ends_with("ese") && !line.ends_with("sh") && !line.ends_with("ch") {
                        g.add(&format!("{line}s"), cat);
                    }
                }
            }
        }
        g
    }

    /// The built-in lists plus the actor phrases a model carries.
    pub fn with_actors(actors: &crate::actors::ActorTable) -> Gazetteer {
        let mut g = Gazetteer::builtin();
        for &(h, cats) in &actors.phrases {
            match g.phrases.get_mut(&h) {
                // A phrase the built-in lists hold keeps their casing rule.
                Some(c) => *c |= cats & !LAST_CAP,
                None => {
                    g.phrases.insert(h, cats);
                }
            }
        }
        for &(h, n) in &actors.first {
            let e = g.first.entry(h).or_insert(0);
            *e = (*e).max(n as usize);
        }
        g
    }

    fn add(&mut self, phrase: &str, cat: Cat) {
        let words: Vec<String> = tokenize_phrase(phrase);
        if words.is_empty() {
            return;
        }
        let n = words.len();
        let e = self.first.entry(word_hash(&words[0])).or_insert(0);
        *e = (*e).max(n);
        *self.phrases.entry(phrase_hash(&words)).or_insert(0) |= cat.bit();
    }

    /// Categories of an exact phrase (case-insensitive), 0 if absent.
    pub fn lookup(&self, phrase: &str) -> u16 {
        // One plain word (the common case at run time): no splitting or joining.
        if !phrase.contains(char::is_whitespace) && !phrase.ends_with(',') {
            let get = |w: &str| {
                self.phrases
                    .get(&word_hash(w))
                    .map_or(0, |&c| c & !LAST_CAP)
            };
            return if phrase.is_ascii() && !phrase.bytes().any(|b| b.is_ascii_uppercase()) {
                get(phrase)
            } else {
                get(&phrase.to_lowercase())
            };
        }
        let words = tokenize_phrase(phrase);
        self.phrases
            .get(&phrase_hash(&words))
            .map_or(0, |&c| c & !LAST_CAP)
    }

    /// All dictionary matches over lowercased tokens, as if every token
    /// were capitalised (see [`Gazetteer::matches_cased`]).
    pub fn matches<S: AsRef<str>>(&self, lower: &[S]) -> Vec<Match> {
        self.matches_cased(lower, |_| true)
    }

    /// All dictionary matches over lowercased tokens. At each start only the
    /// longest phrase is reported, so "New York Times" does not also give
    /// "New York". `capitalised(i)` says whether token `i` was written with
    /// a capital; [`Cat::CASED`] categories need it at the phrase's start,
    /// and on a [`LAST_CAP`] phrase also at its end (a phrase left with no
    /// category is skipped for a shorter one).
    pub fn matches_cased<S: AsRef<str>>(
        &self,
        lower: &[S],
        capitalised: impl Fn(usize) -> bool,
    ) -> Vec<Match> {
        let mut out = Vec::new();
        let mut keys: Vec<u64> = Vec::new();
        for i in 0..lower.len() {
            let h0 = word_hash(lower[i].as_ref());
            let Some(&maxlen) = self.first.get(&h0) else {
                continue;
            };
            let maxlen = maxlen.min(lower.len() - i);
            // Hashes of the phrases i..i+1, i..i+2, ... grown word by word.
            keys.clear();
            keys.push(h0);
            for w in &lower[i + 1..i + maxlen] {
                let h = fnv(fnv(keys[keys.len() - 1], " "), w.as_ref());
                keys.push(h);
            }
            let keep = if capitalised(i) {
                u16::MAX
            } else {
                !Cat::CASED
            };
            for len in (1..=maxlen).rev() {
                let Some(&found) = self.phrases.get(&keys[len - 1]) else {
                    continue;
                };
                let mut cats = found & keep & !LAST_CAP;
                if found & LAST_CAP != 0 && !capitalised(i + len - 1) {
                    cats &= !Cat::CASED;
                }
                if cats != 0 {
                    out.push(Match {
                        start: i,
                        end: i + len,
                        cats,
                    });
                    break;
                }
            }
        }
        out
    }
}

/// Split a dictionary line the way the tokenizers split text: words, with
/// commas as separate tokens; lowercased.
fn tokenize_phrase(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in phrase.split_whitespace() {
        if let Some(stem) = w.strip_suffix(',') {
            if !stem.is_empty() {
                out.push(stem.to_lowercase());
            }
            out.push(",".to_string());
        } else {
            out.push(w.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn low(s: &str) -> Vec<String> {
        s.split(' ').map(|w| w.to_lowercase()).collect()
    }

    #[test]
    fn longest_match_wins_at_a_start() {
        let g = Gazetteer::builtin();
        let m = g.matches(&low("the New York Times said"));
        assert!(
            m.contains(&Match {
                start: 1,
                end: 4,
                cats: Cat::Org.bit()
            }),
            "{m:?}"
        );
        assert!(!m.iter().any(|x| x.start == 1 && x.end == 3));
    }

    #[test]
    fn cased_lists_need_a_capital() {
        let g = Gazetteer::builtin();
        let forms = ["Kristen", "hunter", "works", "at", "Verizon", "Wireless"];
        let lower: Vec<String> = forms.iter().map(|w| w.to_lowercase()).collect();
        let m = g.matches_cased(&lower, |i| forms[i].chars().any(char::is_uppercase));
        assert!(m
            .iter()
            .any(|x| x.start == 0 && x.cats & Cat::Given.bit() != 0));
        assert!(
            m.iter().all(|x| x.start != 1 || x.cats & Cat::CASED == 0),
            "{m:?}"
        );
        assert!(m
            .iter()
            .any(|x| x.start == 4 && x.end == 6 && x.cats & Cat::Company.bit() != 0));
        let lower_only = g.matches_cased(&lower, |_| false);
        assert!(lower_only.iter().all(|x| x.cats & Cat::CASED == 0));
    }

    #[test]
    fn categories_and_plural_demonyms() {
        let g = Gazetteer::builtin();
        assert_ne!(g.lookup("Iran") & Cat::Country.bit(), 0);
        assert_ne!(g.lookup("iranians") & Cat::Demonym.bit(), 0);
        assert_ne!(g.lookup("Washington, D.C.") & Cat::Place.bit(), 0);
        assert_eq!(g.lookup("said"), 0);
    }
}
