//! Document-level recognition: tag each sentence, tidy mention edges, link
//! parenthesised acronyms, propagate names the model found elsewhere in the
//! same document, then group mentions into entities.

use std::collections::HashMap;

use backchannel_core::{Document, Entity};

use crate::entities::{group, Found};
use crate::features::normalize;
use crate::labels::{EntType, Span};
use crate::Ner;

/// Longest sequence handed to the tagger at once when the document has no sentences.
const MAX_CHUNK: usize = 400;

/// Token index ranges to tag: the document's sentences, or chunks ending at
/// sentence-final punctuation when it has none.
fn sentence_ranges(doc: &Document, forms: &[&str]) -> Vec<std::ops::Range<usize>> {
    if !doc.sentences.is_empty() {
        return doc
            .sentences
            .iter()
            .map(|s| doc.sentence_tokens(s))
            .filter(|r| r.start < r.end)
            .collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, f) in forms.iter().enumerate() {
        if matches!(*f, "." | "!" | "?") || i + 1 - start >= MAX_CHUNK {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < forms.len() {
        out.push(start..forms.len());
    }
    out
}

fn is_acronym(s: &str) -> bool {
    let n = s.chars().filter(|c| c.is_alphabetic()).count();
    n >= 2 && s.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// Drop titles from the front of person names ("Sen. Marco Rubio" → "Marco
/// Rubio") and make the type of a repeated name consistent across the
/// document: a surname of a full person name is a person; otherwise the
/// majority type of the same string wins (first seen on a tie).
fn tidy(ner: &Ner, forms: &[&str], spans: &mut Vec<Span>) {
    let gaz = &ner.model().gaz;
    for s in spans.iter_mut() {
        cut(forms, s);
        extend_org(gaz, forms, s);
    }
    spans.retain(|s| s.start < s.end);
    spans.sort();
    spans.dedup_by(|b, a| b.start < a.end);
    for s in spans.iter_mut() {
        while s.kind == EntType::Per && s.end - s.start > 1 && is_title(gaz, forms[s.start]) {
            s.start += 1;
        }
    }
    spans.retain(|s| {
        !(s.kind == EntType::Per && s.end - s.start == 1 && is_title(gaz, forms[s.start]))
    });
    let text = |s: &Span| forms[s.start..s.end].join(" ");
    let mut surnames: HashMap<&str, ()> = HashMap::new();
    for s in spans.iter() {
        if s.kind == EntType::Per && s.end - s.start > 1 {
            surnames.insert(forms[s.end - 1], ());
        }
    }
    let mut votes: HashMap<String, [usize; 3]> = HashMap::new();
    let mut first: HashMap<String, EntType> = HashMap::new();
    for s in spans.iter() {
        let k = text(s);
        let i = EntType::ALL.iter().position(|t| *t == s.kind).unwrap_or(0);
        votes.entry(k.clone()).or_default()[i] += 1;
        first.entry(k).or_insert(s.kind);
    }
    for s in spans.iter_mut() {
        if s.end - s.start == 1 && surnames.contains_key(forms[s.start]) {
            s.kind = EntType::Per;
            continue;
        }
        let k = text(s);
        if let (Some(v), Some(&f)) = (votes.get(&k), first.get(&k)) {
            let fi = EntType::ALL.iter().position(|t| *t == f).unwrap_or(0);
            let best = (0..3).max_by_key(|&i| (v[i], i == fi)).unwrap_or(fi);
            s.kind = EntType::ALL[best];
        }
    }
}

/// Lowercase words that may sit inside a name.
const BRIDGES: [&str; 15] = [
    "of", "for", "and", "the", "de", "da", "van", "von", "bin", "al", "la", "del", "on", "du", "&",
];

fn is_cap(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// Cut a span at brackets, quotes, commas and lowercase words ("[Zarif] what
/// Iran" → "Zarif"), keeping the first piece, then trim bridge words from its
/// edges. Spans written entirely in lowercase (web text) are left alone.
fn cut(forms: &[&str], s: &mut Span) {
    let toks = &forms[s.start..s.end];
    if !toks.iter().any(|w| is_cap(w)) {
        return;
    }
    let breaks = |w: &str| {
        let punct = !w.is_empty()
            && w.chars().all(|c| !c.is_alphanumeric())
            && !matches!(w, "." | "&" | "-" | "'");
        punct || (!is_cap(w) && !BRIDGES.contains(&w) && w.chars().any(char::is_alphabetic))
    };
    let mut a = s.start;
    while a < s.end && breaks(forms[a]) {
        a += 1;
    }
    let mut b = a;
    while b < s.end && !breaks(forms[b]) {
        b += 1;
    }
    while a < b && BRIDGES.contains(&forms[a]) {
        a += 1;
    }
    while b > a && BRIDGES.contains(&forms[b - 1]) {
        b -= 1;
    }
    s.start = a;
    s.end = b;
}

/// "Foundation" + "for Defense of Democracies": an organisation head word
/// followed by of/for and capitalised words continues the name.
fn extend_org(gaz: &crate::gazetteer::Gazetteer, forms: &[&str], s: &mut Span) {
    if s.kind != EntType::Org || s.start >= s.end {
        return;
    }
    if gaz.lookup(forms[s.end - 1]) & crate::gazetteer::Cat::OrgWord.bit() == 0 {
        return;
    }
    let mut e = s.end;
    loop {
        let bridge = forms
            .get(e)
            .is_some_and(|w| matches!(*w, "of" | "for" | "on"));
        let the = forms.get(e + 1) == Some(&"the");
        let next = if the { e + 2 } else { e + 1 };
        if bridge && forms.get(next).is_some_and(|w| is_cap(w)) {
            e = next;
            while forms
                .get(e)
                .is_some_and(|w| is_cap(w) && w.chars().any(char::is_alphabetic))
            {
                e += 1;
            }
        } else {
            break;
        }
    }
    s.end = e;
}

/// Capitalised runs the tagger left untagged that contain an organisation
/// head word and another capitalised word, joined by of/for/and/&/on
/// ("Department of Justice", "Foundation for Defense of Democracies"),
/// become organisations.
fn org_runs(gaz: &crate::gazetteer::Gazetteer, forms: &[&str], spans: &mut Vec<Span>) {
    let mut covered = vec![false; forms.len()];
    for s in spans.iter() {
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    let word = |i: usize| {
        forms.get(i).is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_lowercase)
                && !covered[i]
        })
    };
    let mut i = 0;
    let mut added = Vec::new();
    while i < forms.len() {
        if !word(i) || forms[i] == "The" {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if word(end) {
                end += 1;
            } else if forms
                .get(end)
                .is_some_and(|w| matches!(*w, "of" | "for" | "and" | "&" | "on"))
                && word(end + 1)
            {
                end += 2;
            } else {
                break;
            }
        }
        let heads = (start..end)
            .filter(|&k| gaz.lookup(forms[k]) & crate::gazetteer::Cat::OrgWord.bit() != 0)
            .count();
        let caps = (start..end).filter(|&k| word(k)).count();
        if heads >= 1 && caps >= 2 && caps > heads && (start == 0 || !word(start - 1)) {
            added.push(Span {
                start,
                end,
                kind: EntType::Org,
            });
        }
        i = end;
    }
    spans.extend(added);
    spans.sort();
}

/// A title word, or a capitalised abbreviation ending in a period before a
/// name ("Sens.", "Lt.").
/// Drop leading titles from person spans ("Dr Joseph" → "Joseph") and
/// person spans that are only a title. UNER and GUM both leave titles out
/// of the name; the tagger sometimes pulls an unknown abbreviation in.
pub fn strip_titles(gaz: &crate::gazetteer::Gazetteer, forms: &[&str], spans: &mut Vec<Span>) {
    for s in spans.iter_mut() {
        while s.kind == EntType::Per
            && s.end - s.start > 1
            && s.end <= forms.len()
            && is_title(gaz, forms[s.start])
        {
            s.start += 1;
        }
    }
    spans.retain(|s| {
        !(s.kind == EntType::Per
            && s.end - s.start == 1
            && forms.get(s.start).is_some_and(|w| is_title(gaz, w)))
    });
}

pub(crate) fn is_title(gaz: &crate::gazetteer::Gazetteer, w: &str) -> bool {
    gaz.lookup(w) & crate::gazetteer::Cat::Title.bit() != 0
        || (w.ends_with('.')
            && w.len() <= 5
            && w.starts_with(char::is_uppercase)
            && w.chars().filter(|c| *c == '.').count() == 1)
}

/// The entities of a document (does not modify it).
pub fn entities(ner: &Ner, doc: &Document) -> Vec<Entity> {
    let idx = doc.char_index();
    let len = idx.len_chars();
    // Tokens come in text order: each offset lookup steps on from the
    // previous one (`to_byte_after`) instead of searching the whole index.
    let mut seen = 0;
    let forms: Vec<&str> = doc
        .tokens
        .iter()
        .map(|t| {
            if t.start <= t.end && t.end <= len {
                let a = idx.to_byte_after(t.start, &mut seen);
                let b = idx.to_byte_after(t.end, &mut seen);
                doc.text.get(a..b).unwrap_or("")
            } else {
                ""
            }
        })
        .collect();
    let mut spans: Vec<Span> = Vec::new();
    let mut scratch = crate::model::Scratch::default();
    for r in sentence_ranges(doc, &forms) {
        // Tags the nlp stage left on the tokens; predicted here when any is missing.
        // (Checked first, then collected at a known length: collecting the
        // Options straight into an Option<Vec> grew the vector step by step.)
        let toks = &doc.tokens[r.clone()];
        let tags: Option<Vec<&str>> = toks.iter().all(|t| t.xpos.is_some()).then(|| {
            toks.iter()
                .map(|t| t.xpos.as_deref().unwrap_or_default())
                .collect()
        });
        let found = match tags {
            Some(t) => ner
                .model()
                .spans_with_pos_in(&forms[r.clone()], &t, &mut scratch),
            None => ner.spans(&forms[r.clone()]),
        };
        for s in found {
            spans.push(Span {
                start: s.start + r.start,
                end: s.end + r.start,
                kind: s.kind,
            });
        }
    }
    tidy(ner, &forms, &mut spans);
    org_runs(&ner.model().gaz, &forms, &mut spans);
    let mut covered = vec![false; forms.len()];
    for s in &spans {
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    // "National Iranian American Council (NIAC)": the acronym is an alias.
    let mut aliases: Vec<(usize, usize)> = Vec::new(); // (alias token, target token)
    for s in spans.clone() {
        let (a, b, c) = (s.end, s.end + 1, s.end + 2);
        if c < forms.len() && forms[a] == "(" && forms[c] == ")" && is_acronym(forms[b]) {
            if !covered[b] {
                spans.push(Span {
                    start: b,
                    end: b + 1,
                    kind: s.kind,
                });
                covered[b] = true;
            }
            aliases.push((b, s.start));
        }
    }
    // Names the model found once are names everywhere in the document,
    // unless the word is usually lowercase in running text.
    // FNV maps (lookups only, never iterated, so the order is moot): the
    // capitalised-word lookup below runs on most tokens, and SipHash cost
    // more than the rest of the loop.
    let mut known: crate::features::FastMap<&str, EntType> = Default::default();
    for s in &spans {
        if s.end - s.start == 1 {
            known.insert(forms[s.start], s.kind);
        } else if s.kind == EntType::Per {
            known.entry(forms[s.end - 1]).or_insert(EntType::Per);
        }
    }
    let prior = &ner.model().lex.prior;
    for (i, f) in forms.iter().enumerate() {
        if covered[i] || f.chars().count() < 2 || !f.starts_with(char::is_uppercase) {
            continue;
        }
        if let Some(&kind) = known.get(f) {
            let b = prior.bucket(&normalize(f));
            if b == 1 || b == 6 {
                continue;
            }
            spans.push(Span {
                start: i,
                end: i + 1,
                kind,
            });
            covered[i] = true;
        }
    }
    spans.sort();
    let mut found: Vec<Found> = Vec::with_capacity(spans.len());
    let mut by_token: crate::features::FastMap<usize, usize> = Default::default();
    for s in &spans {
        let start = doc.tokens[s.start].start;
        let mut end = doc.tokens[s.end - 1].end;
        if start >= end || end > len {
            continue;
        }
        let mut text = doc.slice(&idx, start, end);
        // A possessive left on the last token by the tokenizer is not part of the name.
        for suffix in ["'s", "’s", "'", "’"] {
            if text.chars().count() > suffix.chars().count() + 1
                && text.ends_with(suffix)
                && end > start + 2
            {
                end -= suffix.chars().count();
                text = doc.slice(&idx, start, end);
                break;
            }
        }
        if text.is_empty() {
            continue;
        }
        by_token.insert(s.start, found.len());
        found.push(Found {
            start,
            end,
            text: text.to_string(),
            kind: s.kind,
            alias_of: None,
        });
    }
    for (alias, target) in aliases {
        if let (Some(&a), Some(&t)) = (by_token.get(&alias), by_token.get(&target)) {
            if t < a {
                found[a].alias_of = Some(t);
            }
        }
    }
    group(&found, &ner.model().gaz)
}

#[cfg(test)]
mod tests {
    use backchannel_core::{DocMeta, Document, Token};

    use crate::tokenize::simple_tokens;
    use crate::Ner;

    #[test]
    fn titles_leave_person_spans() {
        use crate::labels::{EntType, Span};
        let gaz = crate::gazetteer::Gazetteer::builtin();
        let forms = ["Dr", "Joseph", "met", "Drs.", "Ali", "and", "Dr."];
        let sp = |start, end, kind| Span { start, end, kind };
        let mut spans = vec![
            sp(0, 2, EntType::Per),
            sp(3, 5, EntType::Per),
            sp(6, 7, EntType::Per),
        ];
        super::strip_titles(&gaz, &forms, &mut spans);
        assert_eq!(spans, vec![sp(1, 2, EntType::Per), sp(4, 5, EntType::Per)]);
        // Other types keep their words ("Dr Pepper" the company).
        let mut org = vec![sp(0, 2, EntType::Org)];
        super::strip_titles(&gaz, &["Dr", "Pepper"], &mut org);
        assert_eq!(org, vec![sp(0, 2, EntType::Org)]);
    }

    fn doc(text: &str) -> Document {
        let mut d = Document::from_plain(text.to_string(), DocMeta::default());
        let (t, s) = simple_tokens(text);
        d.tokens = t;
        d.sentences = s;
        d
    }

    #[test]
    fn merges_surnames_and_defined_acronyms() {
        let ner = Ner::embedded().unwrap();
        let mut d = doc("Secretary of State John Kerry met Iranian Foreign Minister Javad Zarif in Geneva on Monday. \
             Kerry later spoke to the National Iranian American Council (NIAC) in Washington. \
             NIAC welcomed the talks, and Zarif thanked Kerry.");
        ner.recognize(&mut d);
        let by_name = |n: &str| d.entities.iter().find(|e| e.name == n);
        let kerry = by_name("John Kerry").expect("Kerry found");
        assert_eq!(kerry.kind, "person");
        assert_eq!(kerry.mentions.len(), 3);
        let niac = by_name("National Iranian American Council").expect("NIAC found");
        assert_eq!(niac.kind, "organization");
        assert!(niac.mentions.iter().filter(|m| m.text == "NIAC").count() == 2);
        assert!(by_name("Javad Zarif").is_some_and(|e| e.mentions.len() == 2));
        assert!(d
            .entities
            .iter()
            .all(|e| e.roles.is_empty() && e.country.is_none()));
        let ids: Vec<&str> = d.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids[0], "E1");
    }

    #[test]
    fn tolerates_odd_documents() {
        let ner = Ner::shared().unwrap();
        let mut empty = doc("");
        ner.recognize(&mut empty);
        assert!(empty.entities.is_empty());
        // Tokens without sentences, and tokens pointing outside the text.
        let mut d = doc("Angela Merkel visited Paris");
        d.sentences.clear();
        d.tokens.push(Token::new(500, 510));
        d.tokens.push(Token::new(7, 3));
        ner.recognize(&mut d);
        assert!(d.entities.iter().any(|e| e.name == "Angela Merkel"));
        let mut wide = doc("Ünal Çelik met “Zoë” in Zürich — 東京 too.");
        ner.recognize(&mut wide);
        for e in &wide.entities {
            for m in &e.mentions {
                let t: String = wide
                    .text
                    .chars()
                    .skip(m.start)
                    .take(m.end - m.start)
                    .collect();
                assert_eq!(t, m.text);
            }
        }
    }
}
