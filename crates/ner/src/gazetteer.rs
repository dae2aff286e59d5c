//! Small hand-written gazetteers (countries, places, organisations, titles…)
//! matched over token sequences. They give the tagger a prior for names it
//! has not seen in training; the learned weights decide how much to trust them.
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
}

impl Cat {
    pub const ALL: [Cat; 8] = [
        Cat::Country,
        Cat::Place,
        Cat::Demonym,
        Cat::Org,
        Cat::Title,
        Cat::OrgWord,
        Cat::FirstName,
        Cat::PlaceWord,
    ];

    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

const SOURCES: [(Cat, &str); 8] = [
    (Cat::Country, include_str!("../data/countries.txt")),
    (Cat::Place, include_str!("../data/places.txt")),
    (Cat::Demonym, include_str!("../data/demonyms.txt")),
    (Cat::Org, include_str!("../data/orgs.txt")),
    (Cat::Title, include_str!("../data/titles.txt")),
    (Cat::OrgWord, include_str!("../data/org_words.txt")),
    (Cat::FirstName, include_str!("../data/first_names.txt")),
    (Cat::PlaceWord, include_str!("../data/place_words.txt")),
];

/// Phrase dictionary keyed by lowercased, space-joined tokens.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    phrases: FastMap<String, u8>,
    /// Longest phrase (in tokens) starting with each first word.
    first: FastMap<String, usize>,
}

/// A match: tokens `start..end` belong to the categories in `cats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub cats: u8,
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
    pub fn lookup(&self, phrase: &str) -> u8 {
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

    /// All dictionary matches over lowercased tokens. At each start only the
    /// longest phrase is reported, so "New York Times" does not also give "New York".
    pub fn matches<S: AsRef<str>>(&self, lower: &[S]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut key = String::new();
        for i in 0..lower.len() {
            let Some(&maxlen) = self.first.get(lower[i].as_ref()) else {
                continue;
            };
            let maxlen = maxlen.min(lower.len() - i);
            for len in (1..=maxlen).rev() {
                key.clear();
                for (k, w) in lower[i..i + len].iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(w.as_ref());
                }
                if let Some(&cats) = self.phrases.get(&key) {
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
    fn categories_and_plural_demonyms() {
        let g = Gazetteer::builtin();
        assert_ne!(g.lookup("Iran") & Cat::Country.bit(), 0);
        assert_ne!(g.lookup("iranians") & Cat::Demonym.bit(), 0);
        assert_ne!(g.lookup("Washington, D.C.") & Cat::Place.bit(), 0);
        assert_eq!(g.lookup("Kerry"), 0);
    }
}
