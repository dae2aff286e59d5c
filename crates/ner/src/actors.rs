//! Typed name lists read at training time from the PETRARCH/Phoenix actor
//! dictionaries (TABARI format, `../shared/bench/petrarch/phoenix`): the
//! country file's country blocks (country names with their cities and
//! provinces as synonyms), its persons (leaders, ministers) and national
//! institutions; the international file's IGOs, NGOs, companies and their
//! officials; the non-state file's armed groups. The lists become hashed
//! phrases in the model ([`ActorTable`], stored in `ner.bin`), so the
//! product never reads the dictionaries and the text is not kept.
//!
//! TABARI format, as read here: an entry starts with a `NAME_` line
//! (`_` joins words; codes in `[...]` may follow on the same line), `+`
//! lines add synonyms, indented `[CODE dates]` lines give its codes, `#`
//! starts a comment. The dictionaries type actors by political role, not
//! by person or organisation, so the kind is guessed per entry:
//! - a country block (head coded with a bare three-letter country code):
//!   every name a place, demonyms left out;
//! - a name with an organisation head word ("Council", "Party", "Army"…,
//!   the `org_words` gazetteer list and a few institution words) an
//!   organisation;
//! - a person: marked as a leader in the source comments (`CountryInfo`,
//!   `IGOrulers`), starting with a known given name, or a country-file
//!   entry whose codes carry dates (offices held), with leading role words
//!   ("President", "Foreign Minister": the agents file's role nouns and the
//!   title list) removed;
//! - otherwise an organisation if it has an undated code (institutions,
//!   IGOs, NGOs, companies, armed groups), else nothing.
//!
//! Single words that unlabeled text writes mostly in lower case are left
//! out (the caller passes that test), and matching needs a capital on the
//! phrase's first and last token ([`crate::gazetteer::LAST_CAP`]).
//! About 36,800 names: 20,666 persons, 11,863 organisations (with
//! "Inc"/"Corporation" endings also stored bare), 4,269 places.
//!
//! **Off by default**: no way of adding them gained beyond the retraining
//! noise. Doc-split 2-fold UNER dev cv (`cv /work/shared/corpora 10 10 0
//! 0 0`, pooled micro F1, seeds 1 / 2 / 3), `NER_ACTORS` at training time:
//! - none (shipped): 69.22 / 69.29 / 69.52 (seed 1 re-measured this
//!   session: 69.22; seed 3 with this code, dictionaries off);
//! - `sep` (categories of their own, [`Mode::Separate`]): 69.07 / 69.88 /
//!   69.40 (mean +0.11; ORG 50.51 / 51.71 against 50.13 / 51.98 for seeds
//!   1 / 2);
//! - `merge` (into the company, city, given-name and surname lists):
//!   68.57 / 69.11;
//! - `lower` (`sep`, and places safe in lower case also case-blind, for
//!   "kerala"-style misses): 68.45 / 69.77.
//!
//! A full model trained with `sep` (`backchannel train --only ner`, for
//! the record only, `ner_eval` against the shipped model): UNER EWT test
//! 71.18 -> 71.28 (ORG 50.57 -> 50.37), GUM news test 74.79 -> 72.80, GUM
//! all test 73.96 -> 75.16; 2,099,091 -> 2,591,770 bytes.
//!
//! Why so little: UNER's web text rarely names the dictionaries' political
//! actors, and the names it misses are mostly already listed ("Mozilla",
//! "Firefox", "Google" are in the company list and still missed in
//! context: the CRF trusts context over list membership). Worth another
//! look on news (GUM news, PolNeAR), which names such actors more often.

use std::path::Path;

use crate::gazetteer::{phrase_hash, word_hash, Cat, Gazetteer, LAST_CAP};

/// The actor dictionaries as hashed phrases: (phrase hash, category bits)
/// and (first-word hash, longest phrase length in tokens), both sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorTable {
    pub phrases: Vec<(u64, u16)>,
    pub first: Vec<(u64, u8)>,
}

impl ActorTable {
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Build from tokenised, lowercased phrases and their categories
    /// (see [`Mode`]). Phrases of more than one word carry
    /// [`crate::gazetteer::LAST_CAP`]: they count only with a capital on
    /// their last word too.
    pub fn from_phrases(list: &[Actor], mode: Mode) -> ActorTable {
        let mut phrases: std::collections::BTreeMap<u64, u16> = Default::default();
        let mut first: std::collections::BTreeMap<u64, u8> = Default::default();
        let mut add = |words: &[String], bits: u16| {
            if words.is_empty() || words.len() > u8::MAX as usize {
                return;
            }
            let flag = if words.len() > 1 { LAST_CAP } else { 0 };
            *phrases.entry(phrase_hash(words)).or_insert(0) |= bits | flag;
            let e = first.entry(word_hash(&words[0])).or_insert(0);
            *e = (*e).max(words.len() as u8);
        };
        for a in list {
            let (words, cat) = (&a.words, a.cat);
            if mode != Mode::Merge {
                add(words, cat.bit());
            }
            if mode == Mode::SeparateLower && a.lower_ok {
                add(words, Cat::Place.bit());
            }
            if mode == Mode::Separate || mode == Mode::SeparateLower {
                continue;
            }
            match cat {
                Cat::ActorOrg => add(words, Cat::Company.bit()),
                Cat::ActorLoc => add(words, Cat::City.bit()),
                _ => {
                    // A person's first word joins the given names, the last the surnames.
                    let ok = |w: &str| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic);
                    if words.len() >= 2 && ok(&words[0]) {
                        add(&words[..1], Cat::Given.bit());
                    }
                    let last = &words[words.len() - 1];
                    if ok(last) && !matches!(last.as_str(), "jr" | "sr" | "ii" | "iii" | "iv") {
                        add(std::slice::from_ref(last), Cat::Surname.bit());
                    }
                }
            }
        }
        ActorTable {
            phrases: phrases.into_iter().collect(),
            first: first.into_iter().collect(),
        }
    }
}

/// How the actor names enter the gazetteer: as categories of their own,
/// merged into the larger lists (organisations with the companies, places
/// with the cities, a person's first and last words with the given names
/// and surnames), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Separate,
    Merge,
    Both,
    /// [`Mode::Separate`], and places safe in lower case also join the
    /// case-blind place list.
    SeparateLower,
}

/// Words that head an organisation's name, beyond the gazetteer's
/// `org_words` (institutions and armed groups as the dictionaries name them).
const ORG_HEADS: &[&str] = &[
    "brigade",
    "brigades",
    "front",
    "movement",
    "forces",
    "command",
    "congress",
    "senate",
    "secretariat",
    "tribunal",
    "program",
    "programme",
    "mission",
    "corps",
    "cabinet",
    "embassy",
    "consulate",
    "battalion",
    "regiment",
    "militia",
    "groups",
    "faction",
    "army",
    "organization",
    "organisation",
    "association",
    "ministry",
    "government",
    "legislature",
    "house",
    "bank",
    "company",
    "corporation",
];

/// Company-name endings that running text usually leaves off.
const LEGAL: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "incorporated",
    "ltd",
    "ltd.",
    "llc",
    "lp",
    "plc",
    "co",
    "co.",
    "company",
    "holdings",
    "holding",
    "group",
    "sa",
    "ag",
    "nv",
];

/// One name read from the dictionaries.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Lowercased tokens.
    pub words: Vec<String>,
    /// [`Cat::ActorPer`], [`Cat::ActorOrg`] or [`Cat::ActorLoc`].
    pub cat: Cat,
    /// A place whose words are not ordinary lower-case words, so it may
    /// also match in lower-case text ("kerala").
    pub lower_ok: bool,
}

/// One dictionary entry: its names (head first) and what its lines said.
#[derive(Default)]
struct Entry {
    names: Vec<String>,
    codes: Vec<String>,
    leader_note: bool,
    country_block: bool,
}

/// Parse one TABARI actor file into entries.
fn parse(text: &str, countries_file: bool) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for raw in text.lines() {
        let (body, comment) = match raw.find('#') {
            Some(k) => (&raw[..k], &raw[k..]),
            None => (raw, ""),
        };
        let note = comment.contains("CountryInfo") || comment.contains("IGOrulers");
        let trimmed = body.trim();
        if raw.starts_with('#') {
            continue;
        }
        let (name, codes) = match trimmed.find('[') {
            Some(k) => (&trimmed[..k], &trimmed[k..]),
            None => (trimmed, ""),
        };
        let starts_entry = raw
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '\'');
        if starts_entry {
            let country_block = countries_file && {
                let c = codes.trim();
                c.len() == 5 && c[1..4].bytes().all(|b| b.is_ascii_uppercase())
            };
            out.push(Entry {
                country_block,
                ..Entry::default()
            });
        }
        let Some(e) = out.last_mut() else { continue };
        e.leader_note |= note;
        if starts_entry || raw.starts_with('+') {
            let n = name.trim_start_matches('+').trim();
            if !n.is_empty() {
                e.names.push(n.to_string());
            }
        }
        for c in codes.split('[').skip(1) {
            if let Some(c) = c.split(']').next() {
                e.codes.push(c.trim().to_string());
            }
        }
    }
    out
}

/// A dictionary name as lowercased tokens the way the treebank tokenises
/// (`_` and spaces split words, a possessive `'s` and hyphens are tokens
/// of their own); parenthesised parts and a leading "the" are dropped.
fn tokens(name: &str) -> Vec<String> {
    let mut clean = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '_' => clean.push(' '),
            '-' => clean.push_str(" - "),
            _ => clean.push(c),
        }
    }
    let mut out = Vec::new();
    for w in clean.split_whitespace() {
        let w = w.to_lowercase();
        if let Some(stem) = w.strip_suffix("'s").filter(|s| !s.is_empty()) {
            out.push(stem.to_string());
            out.push("'s".to_string());
        } else if let Some(stem) = w.strip_suffix(',').filter(|s| !s.is_empty()) {
            out.push(stem.to_string());
            out.push(",".to_string());
        } else {
            out.push(w);
        }
    }
    if out.first().is_some_and(|w| w == "the") {
        out.remove(0);
    }
    out
}

/// Role nouns of the agents file ("PRESIDENT", "FARMER", "!MINIST!"
/// expansions): single words only.
fn role_words(agents: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for line in agents.lines() {
        let line = line.split('#').next().unwrap_or("");
        if let Some(rest) = line.strip_prefix('!') {
            // "!PERSON! = MAN, MEN, ...": the macro's words.
            if let Some((_, words)) = rest.split_once('=') {
                out.extend(words.split(',').map(|w| w.trim().to_lowercase()));
            }
            continue;
        }
        let name = line.split('[').next().unwrap_or("").trim();
        if !name.is_empty() && !name.contains(['_', '!', ' ']) {
            out.insert(name.to_lowercase());
        }
    }
    out.retain(|w| !w.is_empty());
    out
}

/// Read the actor dictionaries under `dir` into typed phrases.
/// `case(word)` gives the word's (non-initial occurrences, capitalised
/// ones) in unlabeled text, if seen: a single word mostly written in lower
/// case is an ordinary word and left out. Missing files give an error.
pub fn read(
    dir: &Path,
    gaz: &Gazetteer,
    case: impl Fn(&str) -> Option<(u32, u32)>,
) -> Result<Vec<Actor>, String> {
    let common = |w: &str| case(w).is_some_and(|(n, c)| n >= 5 && 2 * c < n);
    // Safe to match in lower case: never seen, or seen mostly capitalised.
    let proper = |w: &str| case(w).is_none_or(|(n, c)| 2 * c > n);
    let load = |f: &str| -> Result<String, String> {
        let p = dir.join(f);
        // The country file is not all UTF-8 (a few Latin-1 bytes).
        std::fs::read(&p)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let roles = role_words(&load("Phoenix.agents.txt")?);
    let is_role = |w: &str| roles.contains(w) || gaz.lookup(w) & Cat::Title.bit() != 0;
    let given = |w: &str| gaz.lookup(w) & (Cat::Given.bit() | Cat::FirstName.bit()) != 0;
    // Demonyms the gazetteer lacks ("Ivorian", "Burkinabe" aside).
    let demonym = |w: &str| {
        gaz.lookup(w) & Cat::Demonym.bit() != 0
            || ["ian", "ians", "ean", "eans", "ese"]
                .iter()
                .any(|x| w.ends_with(x))
    };
    let org_word = |w: &str| ORG_HEADS.contains(&w) || gaz.lookup(w) & Cat::OrgWord.bit() != 0;
    let mut out = Vec::new();
    let files = [
        ("Phoenix.Countries.actors.txt", true, false),
        ("Phoenix.International.actors.txt", false, false),
        ("Phoenix.MilNonState.actors.txt", false, true),
    ];
    for (file, countries, armed) in files {
        for e in parse(&load(file)?, countries) {
            let dated = e.codes.iter().any(|c| c.contains(char::is_whitespace));
            let company = e.codes.iter().any(|c| c.starts_with("MNC"));
            let head = e.names.first().map(|n| tokens(n)).unwrap_or_default();
            // Offices held (dated codes) mark persons in the country file;
            // a one-word head there is as often a province or a party.
            let person_entry = !e.country_block
                && !head.iter().any(|w| org_word(w))
                && (e.leader_note
                    || (head.len() >= 2 && head.first().is_some_and(|w| given(w)))
                    || (countries && dated && head.len() >= 2));
            for name in &e.names {
                let mut t = tokens(name);
                let cat = if e.country_block {
                    if t.len() == 1 && demonym(&t[0]) {
                        continue;
                    }
                    Cat::ActorLoc
                } else if t.iter().any(|w| org_word(w)) {
                    Cat::ActorOrg
                } else if person_entry {
                    // "President Karzai", "Foreign Minister Ghani": the name only.
                    let k = t.iter().rposition(|w| is_role(w)).map_or(0, |k| k + 1);
                    t.drain(..k);
                    Cat::ActorPer
                } else if !e.codes.is_empty()
                    && (countries || armed || company || t.len() == 1)
                    && !t.first().is_some_and(|w| given(w))
                {
                    Cat::ActorOrg
                } else {
                    continue;
                };
                if t.is_empty() || t.iter().all(|w| is_role(w)) {
                    continue;
                }
                if t.len() == 1 && (t[0].chars().count() < 2 || common(&t[0])) {
                    continue;
                }
                // Stray punctuation ("/", ":") the tokenizers would split differently.
                let odd = |w: &String| {
                    !matches!(w.as_str(), "," | "-" | "&" | "'s")
                        && w.chars()
                            .any(|c| !c.is_alphanumeric() && c != '.' && c != '\'')
                };
                if t.iter().any(odd) {
                    continue;
                }
                // "Sandisk Corporation" is "SanDisk" in running text.
                let bare = t.len()
                    - t.iter()
                        .rev()
                        .take_while(|w| LEGAL.contains(&w.as_str()))
                        .count();
                let named = |w: &str| {
                    gaz.lookup(w) & (Cat::Given.bit() | Cat::Surname.bit() | Cat::FirstName.bit())
                        != 0
                };
                if cat == Cat::ActorOrg
                    && bare > 0
                    && bare < t.len()
                    && !(bare == 1 && (named(&t[0]) || common(&t[0])))
                {
                    out.push(Actor {
                        words: t[..bare].to_vec(),
                        cat,
                        lower_ok: false,
                    });
                }
                let lower_ok = cat == Cat::ActorLoc
                    && proper(&t[0])
                    && !t.iter().any(|w| is_role(w) || common(w));
                out.push(Actor {
                    words: t,
                    cat,
                    lower_ok,
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
AFGHANISTAN_  [AFG]
+AFGHAN_
+KABUL_

# National Institutions
AFGHAN_NATIONAL_ARMY_
\t[AFGMIL]

HAMID_KARZAI_  # CountryInfo.txt
+PRESIDENT_KARZAI_
\t[AFGGOV >011222]
";

    #[test]
    fn parses_blocks_synonyms_and_codes() {
        let e = parse(SAMPLE, true);
        assert_eq!(e.len(), 3);
        assert!(e[0].country_block);
        assert_eq!(e[0].names, vec!["AFGHANISTAN_", "AFGHAN_", "KABUL_"]);
        assert_eq!(e[1].codes, vec!["AFGMIL"]);
        assert!(e[2].leader_note && !e[2].country_block);
        assert_eq!(e[2].names.len(), 2);
    }

    #[test]
    fn tokenises_like_the_treebank() {
        assert_eq!(
            tokens("THE_UNITED_NATIONS_CHILDREN'S_FUND_"),
            vec!["united", "nations", "children", "'s", "fund"]
        );
        assert_eq!(tokens("AL-QAEDA_(AQ)_"), vec!["al", "-", "qaeda"]);
    }

    #[test]
    fn table_is_sorted_and_keeps_longest_first_word() {
        let a = |w: &[&str]| Actor {
            words: w.iter().map(|x| x.to_string()).collect(),
            cat: Cat::ActorPer,
            lower_ok: false,
        };
        let t = ActorTable::from_phrases(&[a(&["hamid", "karzai"]), a(&["hamid"])], Mode::Separate);
        assert_eq!(t.phrases.len(), 2);
        assert_ne!(t.phrases.iter().map(|p| p.1 & LAST_CAP).max(), Some(0));
        assert!(t.phrases.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(t.first, vec![(word_hash("hamid"), 2)]);
    }
}
