//! Within-document speaker resolution over the entity layer.
//!
//! Given a span that names a speaker indirectly — a pronoun ("he", "they")
//! or a description ("the senator", "the group") — find the entity it
//! refers to among `doc.entities`, by recency plus agreement: person
//! pronouns and role nouns go to persons, "it"/"they" and body nouns go to
//! organisations (or countries), and a description whose head word appears
//! in the entity's name or roles, or as a title right before one of its
//! mentions ("Sen. Marco Rubio" for "the senator"), wins over a closer one.
//! Kept in its own crate so it can grow into full coreference.

mod mentions;

use std::borrow::Cow;
use std::sync::OnceLock;

use backchannel_core::{CharIndex, Document};

use mentions::Mentions;

/// Role nouns that describe a person.
const PERSON_HEADS: &[&str] = &[
    "senator",
    "official",
    "president",
    "secretary",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "lawmaker",
    "governor",
    "candidate",
    "ambassador",
    "diplomat",
    "adviser",
    "advisor",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "leader",
    "aide",
    "representative",
    "congressman",
    "congresswoman",
    "mayor",
    "nominee",
    "executive",
    "ceo",
    "founder",
    "co-founder",
    "analyst",
    "expert",
    "judge",
    "prosecutor",
    "attorney",
    "lawyer",
    "general",
    "commander",
    "man",
    "woman",
    "businessman",
    "billionaire",
    "king",
    "prince",
    "premier",
    "chancellor",
    "negotiator",
];

/// Title abbreviations that stand for a role noun.
const TITLE_ABBREV: &[(&str, &str)] = &[
    ("sen.", "senator"),
    ("rep.", "representative"),
    ("gov.", "governor"),
    ("gen.", "general"),
    ("amb.", "ambassador"),
    ("pres.", "president"),
];

/// Nouns that describe an organisation.
const ORG_HEADS: &[&str] = &[
    "group",
    "company",
    "organization",
    "organisation",
    "council",
    "agency",
    "department",
    "campaign",
    "firm",
    "administration",
    "committee",
    "party",
    "ministry",
    "government",
    "network",
    "institute",
    "foundation",
    "center",
    "think tank",
    "tank",
    "union",
    "coalition",
    "alliance",
    "bank",
    "outlet",
    "newspaper",
    "paper",
    "regime",
    "country",
    "nation",
    "state",
    "white house",
    "kremlin",
];

const MALE: &[&str] = &["he", "him", "his", "himself"];
const FEMALE: &[&str] = &["she", "her", "hers", "herself"];
const PLURAL_OR_ORG: &[&str] = &["they", "them", "their", "it", "its", "we", "our"];

/// How far back (chars) a pronoun may reach for its antecedent.
const PRONOUN_WINDOW: usize = 1500;
const DESCRIPTION_WINDOW: usize = 6000;

/// A resolver built once per document: the mentions sorted and indexed
/// ([`mentions::Mentions`]), and per-mention lowercase context filled in on
/// first use, so that each query costs about the mentions near its span.
pub struct Resolver<'a> {
    doc: &'a Document,
    idx: Cow<'a, CharIndex>,
    mentions: Mentions,
    /// Lowercased 40 chars before each mention (same order as
    /// `mentions.all`), computed the first time a description asks.
    before: Vec<OnceLock<String>>,
}

/// Resolve one span (see [`Resolver::resolve`]).
pub fn resolve(doc: &Document, start: usize, end: usize) -> Option<String> {
    Resolver::new(doc).resolve(start, end)
}

impl<'a> Resolver<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Resolver::build(doc, Cow::Owned(doc.char_index()))
    }

    /// [`Resolver::new`] with the document's char index already built (it
    /// is a pass over the whole text, about a fifth of the resolver's cost
    /// on a news article, so callers holding one can pass it on).
    pub fn with_index(doc: &'a Document, idx: &'a CharIndex) -> Self {
        Resolver::build(doc, Cow::Borrowed(idx))
    }

    fn build(doc: &'a Document, idx: Cow<'a, CharIndex>) -> Self {
        let mentions = Mentions::new(doc);
        let before = (0..mentions.all.len()).map(|_| OnceLock::new()).collect();
        Resolver {
            doc,
            idx,
            mentions,
            before,
        }
    }

    /// The entity with a mention inside `[start, end)`: the earliest such
    /// mention, the longest at that start (the head of "Kerry and the State
    /// Department", of "Mark Dubowitz, chief executive at …").
    pub fn entity_at(&self, start: usize, end: usize) -> Option<String> {
        self.mentions
            .first_inside(start, end)
            .map(|m| self.doc.entities[m.ent].id.clone())
    }

    /// The entity with a mention overlapping `[start, end)` (earliest first).
    pub fn entity_overlapping(&self, start: usize, end: usize) -> Option<String> {
        self.mentions
            .first_overlapping(start, end)
            .map(|m| self.doc.entities[m.ent].id.clone())
    }

    /// The entity a pronoun or description at `[start, end)` refers to.
    pub fn resolve(&self, start: usize, end: usize) -> Option<String> {
        let end = end.min(self.idx.len_chars());
        if start >= end {
            return None;
        }
        let text = self.doc.slice(&self.idx, start, end).trim().to_lowercase();
        let words: Vec<&str> = text
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let first = *words.first()?;
        if words.len() == 1 && (MALE.contains(&first) || FEMALE.contains(&first)) {
            return self.nearest(start, PRONOUN_WINDOW, |k| self.kind(k) == "person", |_| 0);
        }
        if words.len() == 1 && PLURAL_OR_ORG.contains(&first) {
            return self.nearest(start, PRONOUN_WINDOW, |k| self.is_body(k), |_| 0);
        }
        // A description: determiner + … + head noun.
        if !matches!(first, "the" | "this" | "that" | "these" | "those") || words.len() < 2 {
            return None;
        }
        let head = *words
            .iter()
            .rev()
            .find(|w| PERSON_HEADS.contains(w) || ORG_HEADS.contains(w))?;
        // The bonus is a function of the entity alone: computed once per
        // entity, however many of its mentions are in the window.
        let memo: Vec<OnceLock<usize>> = (0..self.doc.entities.len())
            .map(|_| OnceLock::new())
            .collect();
        let bonus = |k: usize| match memo.get(k) {
            Some(b) => *b.get_or_init(|| self.head_bonus(k, head)),
            None => self.head_bonus(k, head),
        };
        if PERSON_HEADS.contains(&head) {
            self.nearest(
                start,
                DESCRIPTION_WINDOW,
                |k| self.kind(k) == "person",
                bonus,
            )
        } else {
            self.nearest(start, DESCRIPTION_WINDOW, |k| self.is_body(k), bonus)
        }
    }

    fn kind(&self, k: usize) -> &str {
        self.doc.entities[k].kind.as_str()
    }

    fn is_body(&self, k: usize) -> bool {
        matches!(self.kind(k), "organization" | "country")
    }

    /// How well an entity fits a description head: named in its name or roles,
    /// or written as a title before one of its mentions.
    fn head_bonus(&self, k: usize, head: &str) -> usize {
        let e = &self.doc.entities[k];
        let name = e.name.to_lowercase();
        if name.split_whitespace().any(|w| w == head) {
            return 2;
        }
        if e.roles
            .iter()
            .any(|r| r.title.to_lowercase().contains(head))
        {
            return 2;
        }
        let mine = self.mentions.of_entity.get(k).map_or(&[][..], |v| &v[..]);
        let titled = mine.iter().any(|&i| {
            let before = self.before_mention(i);
            let last = before.split_whitespace().last().unwrap_or("");
            last == head
                || TITLE_ABBREV
                    .iter()
                    .any(|(ab, full)| *full == head && last == *ab)
                || before
                    .trim_end()
                    .strip_suffix(',')
                    .is_some_and(|b| b.ends_with(head))
        });
        if titled {
            1
        } else {
            0
        }
    }

    /// The lowercased 40 chars before mention `i` of the sorted list.
    fn before_mention(&self, i: usize) -> &str {
        let (Some(m), Some(cell)) = (self.mentions.all.get(i), self.before.get(i)) else {
            return "";
        };
        cell.get_or_init(|| {
            self.doc
                .slice(&self.idx, m.start.saturating_sub(40), m.start)
                .to_lowercase()
        })
    }

    /// The best preceding mention within `window` chars: highest bonus, then
    /// most recent (the last listed of equal ones).
    fn nearest(
        &self,
        pos: usize,
        window: usize,
        ok: impl Fn(usize) -> bool,
        bonus: impl Fn(usize) -> usize,
    ) -> Option<String> {
        let lo = pos.saturating_sub(window);
        self.mentions
            .window(lo, pos)
            .iter()
            .filter(|m| m.end <= pos && m.start >= lo && ok(m.ent))
            .max_by_key(|m| (bonus(m.ent), m.start))
            .map(|m| self.doc.entities[m.ent].id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backchannel_core::{DocMeta, Entity, Mention};

    fn ent(id: &str, name: &str, kind: &str, spans: &[(usize, usize)], text: &str) -> Entity {
        let chars: Vec<char> = text.chars().collect();
        Entity {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            country: None,
            sector: None,
            roles: vec![],
            code: None,
            mentions: spans
                .iter()
                .map(|&(start, end)| Mention {
                    start,
                    end,
                    text: chars[start..end].iter().collect(),
                })
                .collect(),
        }
    }

    fn doc() -> Document {
        let text = "Sen. Marco Rubio met the International Crisis Group. Kerry spoke. The senator said no. The group said yes. He left. It agreed.";
        let mut d = Document::from_plain(text.into(), DocMeta::default());
        d.entities = vec![
            ent("E1", "Marco Rubio", "person", &[(5, 16)], text),
            ent(
                "E2",
                "International Crisis Group",
                "organization",
                &[(25, 51)],
                text,
            ),
            ent("E3", "John Kerry", "person", &[(53, 58)], text),
        ];
        d
    }

    #[test]
    fn descriptions_prefer_matching_titles_and_names() {
        let d = doc();
        let r = Resolver::new(&d);
        let find = |s: &str| {
            let p = d.text.find(s).unwrap();
            let start = d.text[..p].chars().count();
            (start, start + s.chars().count())
        };
        let (a, b) = find("The senator");
        assert_eq!(
            r.resolve(a, b).as_deref(),
            Some("E1"),
            "title Sen. beats the closer Kerry"
        );
        let (a, b) = find("The group");
        assert_eq!(r.resolve(a, b).as_deref(), Some("E2"));
        let (a, b) = find("He");
        assert_eq!(r.resolve(a, b).as_deref(), Some("E3"), "most recent person");
        let (a, b) = find("It");
        assert_eq!(r.resolve(a, b).as_deref(), Some("E2"));
        assert_eq!(r.entity_at(0, 20).as_deref(), Some("E1"));
        let idx = d.char_index();
        let r2 = Resolver::with_index(&d, &idx);
        assert_eq!(r2.resolve(a, b).as_deref(), Some("E2"));
        assert_eq!(resolve(&d, 0, 0), None);
        assert_eq!(resolve(&d, 500, 900), None);
    }
}
