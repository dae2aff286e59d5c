//! From tagged mention spans to document entities: mentions of the same
//! entity are merged ("John Kerry" … "Kerry"; "National Iranian American
//! Council (NIAC)" … "NIAC"), each entity is named by its longest mention.

use backchannel_core::{Entity, Mention};

use crate::gazetteer::{Cat, Gazetteer};
use crate::labels::EntType;

/// One recognised mention: char offsets into the document text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: EntType,
    /// Index of an earlier mention this one is defined as an alias of (parenthesised acronym).
    pub alias_of: Option<usize>,
}

struct Group {
    kind: EntType,
    members: Vec<usize>,
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// Initials of a multi-word name, optionally skipping function words
/// ("Department of Justice" → "DJ" or "DOJ").
pub fn initials(name: &str, skip_function_words: bool) -> String {
    const SKIP: [&str; 6] = ["of", "the", "for", "and", "&", "on"];
    words(name)
        .into_iter()
        .filter(|w| !skip_function_words || !SKIP.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .flat_map(|c| c.to_uppercase())
        .collect()
}

fn is_acronym(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| *c != '.') {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Is `acr` an acronym of the multi-word `name`? (The definition
/// [`Key::acronym_of`] precomputes; kept for its test.)
#[cfg(test)]
fn acronym_of(acr: &str, name: &str) -> bool {
    if !is_acronym(acr) || words(name).len() < 2 {
        return false;
    }
    let a = acr.replace('.', "");
    initials(name, true) == a || initials(name, false) == a
}

/// What [`matches`] compares of a mention, computed once per mention (the
/// comparison runs against every earlier mention of a same-type entity).
struct Key<'a> {
    norm: String,
    words: Vec<&'a str>,
    /// The text without periods when it is an acronym ([`is_acronym`]).
    acronym: Option<String>,
    /// Initials without and with function words, for names of two or more
    /// words ([`initials`]).
    initials: Option<(String, String)>,
}

impl<'a> Key<'a> {
    /// The key of a mention's text; `with_initials` false leaves out the
    /// initials (no acronym in the document can be compared with them).
    fn of(text: &'a str, with_initials: bool) -> Key<'a> {
        let words = words(text);
        Key {
            norm: words.join(" ").to_lowercase(),
            acronym: is_acronym(text).then(|| text.replace('.', "")),
            initials: (with_initials && words.len() >= 2)
                .then(|| (initials(text, true), initials(text, false))),
            words,
        }
    }

    /// [`acronym_of`]`(self's text, other's text)` from the precomputed parts.
    fn acronym_of(&self, other: &Key) -> bool {
        match (&self.acronym, &other.initials) {
            (Some(a), Some((skip, all))) => skip == a || all == a,
            _ => false,
        }
    }
}

/// Does mention `i` refer to the entity whose members are `g`?
fn matches(found: &[Found], keys: &[Key], g: &Group, i: usize) -> bool {
    let m = &found[i];
    if g.kind != m.kind {
        return false;
    }
    let mk = &keys[i];
    let mw = &mk.words;
    g.members.iter().any(|&k| {
        let ok = &keys[k];
        if ok.norm == mk.norm {
            return true;
        }
        let ow = &ok.words;
        match m.kind {
            EntType::Per => {
                // A surname alone, or a full name after its surname was seen alone.
                (mw.len() == 1 || ow.len() == 1) && mw.last() == ow.last()
            }
            _ => {
                let suffix =
                    |a: &[&str], b: &[&str]| a.len() >= 2 && b.len() > a.len() && b.ends_with(a);
                mk.acronym_of(ok) || ok.acronym_of(mk) || suffix(mw, ow) || suffix(ow, mw)
            }
        }
    })
}

/// Group mentions (sorted by start) into entities with ids `E1`, `E2`, … in
/// order of first mention.
pub fn group(found: &[Found], gaz: &Gazetteer) -> Vec<Entity> {
    // Initials are compared only with acronyms: most documents have none.
    let acronyms = found.iter().any(|m| is_acronym(&m.text));
    let keys: Vec<Key> = found.iter().map(|m| Key::of(&m.text, acronyms)).collect();
    let mut groups: Vec<Group> = Vec::new();
    for (i, m) in found.iter().enumerate() {
        if let Some(a) = m.alias_of {
            if let Some(g) = groups.iter_mut().find(|g| g.members.contains(&a)) {
                g.members.push(i);
                continue;
            }
        }
        // Prefer the most recently mentioned matching entity ("Obama" after "Michelle Obama").
        let hit = groups
            .iter_mut()
            .filter(|g| matches(found, &keys, g, i))
            .max_by_key(|g| g.members.last().copied());
        match hit {
            Some(g) => g.members.push(i),
            None => groups.push(Group {
                kind: m.kind,
                members: vec![i],
            }),
        }
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(n, g)| {
            let name = g
                .members
                .iter()
                .map(|&k| found[k].text.as_str())
                .fold("", |best, t| {
                    if t.chars().count() > best.chars().count() {
                        t
                    } else {
                        best
                    }
                })
                .to_string();
            let kind = match g.kind {
                EntType::Per => "person",
                EntType::Org => "organization",
                EntType::Loc
                    if g.members
                        .iter()
                        .any(|&k| gaz.lookup(&found[k].text) & Cat::Country.bit() != 0) =>
                {
                    "country"
                }
                EntType::Loc => "place",
            };
            Entity {
                id: format!("E{}", n + 1),
                name,
                kind: kind.to_string(),
                country: None,
                sector: None,
                roles: Vec::new(),
                code: None,
                mentions: g
                    .members
                    .iter()
                    .map(|&k| Mention {
                        start: found[k].start,
                        end: found[k].end,
                        text: found[k].text.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(start: usize, text: &str, kind: EntType) -> Found {
        Found {
            start,
            end: start + text.chars().count(),
            text: text.into(),
            kind,
            alias_of: None,
        }
    }

    #[test]
    fn surnames_acronyms_and_names() {
        let gaz = Gazetteer::builtin();
        let mut found = vec![
            f(0, "Kerry", EntType::Per),
            f(10, "John Kerry", EntType::Per),
            f(30, "National Iranian American Council", EntType::Org),
            f(66, "NIAC", EntType::Org),
            f(80, "Michelle Obama", EntType::Per),
            f(100, "Barack Obama", EntType::Per),
            f(120, "Obama", EntType::Per),
            f(130, "Iran", EntType::Loc),
            f(140, "Department of Justice", EntType::Org),
            f(170, "DOJ", EntType::Org),
            f(180, "Tehran", EntType::Loc),
            f(190, "U.S. State Department", EntType::Org),
            f(220, "State Department", EntType::Org),
        ];
        found[3].alias_of = Some(2);
        let e = group(&found, &gaz);
        let names: Vec<&str> = e.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "John Kerry",
                "National Iranian American Council",
                "Michelle Obama",
                "Barack Obama",
                "Iran",
                "Department of Justice",
                "Tehran",
                "U.S. State Department"
            ]
        );
        assert_eq!(e[0].mentions.len(), 2);
        assert_eq!(e[1].mentions[1].text, "NIAC");
        assert_eq!(e[3].mentions.len(), 2, "Obama goes to the latest Obama");
        assert_eq!(e[4].kind, "country");
        assert_eq!(e[6].kind, "place");
        assert_eq!(e[5].mentions.len(), 2);
        assert_eq!(
            e[7].mentions.len(),
            2,
            "State Department is the U.S. State Department"
        );
        assert_eq!(e[0].id, "E1");
        assert_eq!(e[0].kind, "person");
    }

    #[test]
    fn precomputed_acronym_test_agrees_with_the_definition() {
        let texts = [
            "DOJ",
            "D.O.J.",
            "DJ",
            "Department of Justice",
            "NIAC",
            "U.S.",
            "National Iranian American Council",
            "Iran",
            "EU",
            "European Union",
            "AT&T",
            "A.B",
            "Bank of America",
            "BOA",
            "BA",
            "ÉU",
            "Été Uni",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(
                    Key::of(a, true).acronym_of(&Key::of(b, true)),
                    acronym_of(a, b),
                    "{a} / {b}"
                );
            }
        }
    }
}
