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

/// The entities of a document (does not modify it).
pub fn entities(ner: &Ner, doc: &Document) -> Vec<Entity> {
    let idx = doc.char_index();
    let len = idx.len_chars();
    let forms: Vec<&str> = doc
        .tokens
        .iter()
        .map(|t| {
            if t.start <= t.end && t.end <= len {
                doc.slice(&idx, t.start, t.end)
            } else {
                ""
            }
        })
        .collect();
    let mut spans: Vec<Span> = Vec::new();
    for r in sentence_ranges(doc, &forms) {
        for s in ner.spans(&forms[r.clone()]) {
            spans.push(Span {
                start: s.start + r.start,
                end: s.end + r.start,
                kind: s.kind,
            });
        }
    }
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
                spans.push(Span { start: b, end: b + 1, kind: s.kind });
                covered[b] = true;
            }
            aliases.push((b, s.start));
        }
    }
    // Names the model found once are names everywhere in the document,
    // unless the word is usually lowercase in running text.
    let mut known: HashMap<&str, EntType> = HashMap::new();
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
            spans.push(Span { start: i, end: i + 1, kind });
            covered[i] = true;
        }
    }
    spans.sort();
    let mut found: Vec<Found> = Vec::with_capacity(spans.len());
    let mut by_token: HashMap<usize, usize> = HashMap::new();
    for s in &spans {
        let start = doc.tokens[s.start].start;
        let mut end = doc.tokens[s.end - 1].end;
        let mut text = doc.slice(&idx, start, end);
        // A possessive left on the last token by the tokenizer is not part of the name.
        for suffix in ["'s", "’s", "'", "’"] {
            if text.chars().count() > suffix.chars().count() + 1 && text.ends_with(suffix) {
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
