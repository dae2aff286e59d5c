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
//! Tried and not kept (doc-split 2-fold UNER dev cv, seeds 1 and 2, base
//! 68.00 / 67.51, both with the convention rules' +0.3 from mail names in
//! the comparison): ~440 more towns and cities, and hyphenated entries also
//! stored split the way the treebank tokenises them ("Coca - Cola"): LOC
//! F1 rose (71.69 -> 72.77, 71.26 -> 72.80) but micro F1 did not (68.17,
//! 67.72), within the retraining noise of about a point.

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
}

impl Cat {
    pub const ALL: [Cat; 12] = [
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
    ];

    /// Categories whose entries are often ordinary words in lower case
    /// ("hunter", "chase", "target" written as a verb): a match counts
    /// only when its first token has a capital letter.
    pub const CASED: u16 = (1 << Cat::Given as u8)
        | (1 << Cat::Surname as u8)
        | (1 << Cat::Company as u8)
        | (1 << Cat::City as u8);

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

/// Phrase dictionary keyed by lowercased, space-joined tokens.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    phrases: FastMap<String, u16>,
    /// Longest phrase (in tokens) starting with each first word.
    first: FastMap<String, usize>,
}

/// A match: tokens `start..end` belong to the categories in `cats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub cats: u16,
}

impl Gazetteer {
    /// The built-in lists under `crates/ner/data/`.
    pub fn builtin() -> Gazetteer {
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

    fn add(&mut self, phrase: &str, cat: Cat) {
        let words: Vec<String> = tokenize_phrase(phrase);
        if words.is_empty() {
            return;
        }
        let n = words.len();
        let e = self.first.entry(words[0].clone()).or_insert(0);
        *e = (*e).max(n);
        *self.phrases.entry(words.join(" ")).or_insert(0) |= cat.bit();
    }

    /// Categories of an exact phrase (case-insensitive), 0 if absent.
    pub fn lookup(&self, phrase: &str) -> u16 {
        // One plain word (the common case at run time): no splitting or joining.
        if !phrase.contains(char::is_whitespace) && !phrase.ends_with(',') {
            let get = |w: &str| self.phrases.get(w).copied().unwrap_or(0);
            return if phrase.is_ascii() && !phrase.bytes().any(|b| b.is_ascii_uppercase()) {
                get(phrase)
            } else {
                get(&phrase.to_lowercase())
            };
        }
        let words = tokenize_phrase(phrase);
        self.phrases.get(&words.join(" ")).copied().unwrap_or(0)
    }

    /// All dictionary matches over lowercased tokens, as if every token
    /// were capitalised (see [`Gazetteer::matches_cased`]).
    pub fn matches<S: AsRef<str>>(&self, lower: &[S]) -> Vec<Match> {
        self.matches_cased(lower, |_| true)
    }

    /// All dictionary matches over lowercased tokens. At each start only the
    /// longest phrase is reported, so "New York Times" does not also give
    /// "New York". `capitalised(i)` says whether token `i` was written with
    /// a capital; [`Cat::CASED`] categories need it at the phrase's start
    /// (a phrase left with no category is skipped for a shorter one).
    pub fn matches_cased<S: AsRef<str>>(
        &self,
        lower: &[S],
        capitalised: impl Fn(usize) -> bool,
    ) -> Vec<Match> {
        let mut out = Vec::new();
        let mut key = String::new();
        for i in 0..lower.len() {
            let Some(&maxlen) = self.first.get(lower[i].as_ref()) else {
                continue;
            };
            let maxlen = maxlen.min(lower.len() - i);
            let keep = if capitalised(i) {
                u16::MAX
            } else {
                !Cat::CASED
            };
            for len in (1..=maxlen).rev() {
                key.clear();
                for (k, w) in lower[i..i + len].iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(w.as_ref());
                }
                let cats = self.phrases.get(&key).map_or(0, |&c| c & keep);
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
