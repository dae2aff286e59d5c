//! The indexed resolver must answer exactly as the plain definition: scan
//! every mention for each query. This test keeps that definition as an
//! oracle and compares the two on random documents (overlapping, nested,
//! duplicated and malformed mentions, titles, pronouns and descriptions).

use backchannel_core::{CharIndex, DocMeta, Document, Entity, Mention, Role};
use backchannel_coref::Resolver;

const PERSON: &[&str] = &["senator", "official", "minister", "man", "general"];
const ORG: &[&str] = &["group", "company", "party", "state", "white house"];
const ABBREV: &[(&str, &str)] = &[
    ("sen.", "senator"),
    ("rep.", "representative"),
    ("gov.", "governor"),
    ("gen.", "general"),
    ("amb.", "ambassador"),
    ("pres.", "president"),
];

/// The resolver as first written: every query scans all mentions.
struct Scan<'a> {
    doc: &'a Document,
    idx: CharIndex,
    ms: Vec<(usize, usize, usize)>,
}

impl<'a> Scan<'a> {
    fn new(doc: &'a Document) -> Self {
        let mut ms: Vec<(usize, usize, usize)> = doc
            .entities
            .iter()
            .enumerate()
            .flat_map(|(k, e)| e.mentions.iter().map(move |m| (m.start, m.end, k)))
            .collect();
        ms.sort_by_key(|m| (m.0, m.1));
        Scan {
            doc,
            idx: doc.char_index(),
            ms,
        }
    }
    fn id(&self, k: usize) -> Option<String> {
        Some(self.doc.entities[k].id.clone())
    }
    fn entity_at(&self, s: usize, e: usize) -> Option<String> {
        let m = self
            .ms
            .iter()
            .filter(|m| m.0 >= s && m.1 <= e)
            .min_by_key(|m| (m.0, std::cmp::Reverse(m.1)))?;
        self.id(m.2)
    }
    fn entity_overlapping(&self, s: usize, e: usize) -> Option<String> {
        let m = self.ms.iter().find(|m| m.0 < e && s < m.1)?;
        self.id(m.2)
    }
    fn bonus(&self, k: usize, head: &str) -> usize {
        let e = &self.doc.entities[k];
        if e.name.to_lowercase().split_whitespace().any(|w| w == head)
            || e.roles
                .iter()
                .any(|r| r.title.to_lowercase().contains(head))
        {
            return 2;
        }
        let titled = self.ms.iter().filter(|m| m.2 == k).any(|m| {
            let before = self
                .doc
                .slice(&self.idx, m.0.saturating_sub(40), m.0)
                .to_lowercase();
            let last = before.split_whitespace().last().unwrap_or("");
            last == head
                || ABBREV.iter().any(|(ab, full)| *full == head && last == *ab)
                || before.trim_end().ends_with(&format!("{head},"))
        });
        titled as usize
    }
    fn nearest(
        &self,
        pos: usize,
        window: usize,
        ok: impl Fn(usize) -> bool,
        bonus: impl Fn(usize) -> usize,
    ) -> Option<String> {
        let lo = pos.saturating_sub(window);
        let m = self
            .ms
            .iter()
            .filter(|m| m.1 <= pos && m.0 >= lo && ok(m.2))
            .max_by_key(|m| (bonus(m.2), m.0))?;
        self.id(m.2)
    }
    fn resolve(&self, s: usize, e: usize) -> Option<String> {
        let e = e.min(self.idx.len_chars());
        if s >= e {
            return None;
        }
        let text = self.doc.slice(&self.idx, s, e).trim().to_lowercase();
        let words: Vec<&str> = text
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let first = *words.first()?;
        let person = |k: usize| self.doc.entities[k].kind == "person";
        let body = |k: usize| {
            matches!(
                self.doc.entities[k].kind.as_str(),
                "organization" | "country"
            )
        };
        if words.len() == 1
            && [
                "he", "him", "his", "himself", "she", "her", "hers", "herself",
            ]
            .contains(&first)
        {
            return self.nearest(s, 1500, person, |_| 0);
        }
        if words.len() == 1 && ["they", "them", "their", "it", "its", "we", "our"].contains(&first)
        {
            return self.nearest(s, 1500, body, |_| 0);
        }
        if !matches!(first, "the" | "this" | "that" | "these" | "those") || words.len() < 2 {
            return None;
        }
        // Only the heads this test's texts use (a subset of the crate's lists).
        let head = *words
            .iter()
            .rev()
            .find(|w| PERSON.contains(w) || ORG.contains(w))?;
        if PERSON.contains(&head) {
            self.nearest(s, 6000, person, |k| self.bonus(k, head))
        } else {
            self.nearest(s, 6000, body, |k| self.bonus(k, head))
        }
    }
}

/// Small deterministic generator (no dependency needed for a test).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "The",
    "senator",
    "Sen.",
    "Gen.",
    "group",
    "said",
    "he",
    "she",
    "It",
    "they",
    "Kerry",
    "Rubio",
    "official,",
    "minister",
    "company",
    "party",
    "state",
    "man",
    "general",
    "this",
    "Paris",
    "Ü",
    "white",
    "house",
    "—",
    "those",
    "its",
    "We",
];

fn random_doc(r: &mut Rng) -> Document {
    let n_words = 20 + r.below(400);
    let text: Vec<&str> = (0..n_words).map(|_| r.pick(WORDS)).collect();
    let text = text.join(if r.below(3) == 0 { "  " } else { " " });
    let len = text.chars().count();
    let mut d = Document::from_plain(text, DocMeta::default());
    let kinds = ["person", "organization", "country", "place"];
    let n_ents = r.below(12);
    for k in 0..n_ents {
        let n_m = r.below(6);
        let mentions = (0..n_m)
            .map(|_| {
                let start = r.below(len + 5);
                let end = match r.below(20) {
                    0 => start.saturating_sub(r.below(5)), // malformed or empty
                    _ => start + r.below(30),
                };
                Mention {
                    start,
                    end,
                    text: String::new(),
                }
            })
            .collect();
        let roles = if r.below(4) == 0 {
            vec![Role {
                title: r.pick(&["Senator", "Party leader", "Minister"]).to_string(),
                country: None,
                sector: None,
                from: None,
                to: None,
                basis: "text".into(),
            }]
        } else {
            vec![]
        };
        d.entities.push(Entity {
            id: format!("E{k}"),
            name: format!("{} {}", r.pick(WORDS), r.pick(WORDS)),
            kind: kinds[r.below(4)].into(),
            country: None,
            sector: None,
            roles,
            code: None,
            mentions,
        });
    }
    // Sometimes duplicate a whole entity's mentions under another entity.
    if n_ents >= 2 && r.below(2) == 0 {
        let m = d.entities[0].mentions.clone();
        d.entities[1].mentions.extend(m);
    }
    d
}

#[test]
fn indexed_queries_answer_as_full_scans() {
    let mut r = Rng(7);
    let mut checked = 0;
    for _ in 0..300 {
        let d = random_doc(&mut r);
        let fast = Resolver::new(&d);
        let slow = Scan::new(&d);
        let len = d.text.chars().count();
        for _ in 0..60 {
            let s = r.below(len + 3);
            let e = s + r.below(40);
            assert_eq!(
                fast.entity_at(s, e),
                slow.entity_at(s, e),
                "entity_at {s} {e}"
            );
            assert_eq!(
                fast.entity_overlapping(s, e),
                slow.entity_overlapping(s, e),
                "entity_overlapping {s} {e}"
            );
            assert_eq!(fast.resolve(s, e), slow.resolve(s, e), "resolve {s} {e}");
            checked += 1;
        }
        // Spans that start on word boundaries reach the pronoun and
        // description rules far more often than random ones.
        let starts: Vec<usize> = d
            .text
            .char_indices()
            .filter(|&(_, c)| c == ' ')
            .map(|(b, _)| d.text[..b].chars().count() + 1)
            .collect();
        for &s in starts.iter().step_by(3) {
            for w in [2, 3, 9, 14, 20] {
                assert_eq!(
                    fast.resolve(s, s + w),
                    slow.resolve(s, s + w),
                    "resolve {s} +{w}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000);
}
