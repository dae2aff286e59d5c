//! Closed-class attribution patterns the tagger may miss because they carry
//! no claim: "X declined (a request) to comment", "X did not respond to a
//! request for comment", "X could not be reached". They matter for sourcing
//! (who was asked and said nothing), so they are added by rule when no
//! predicted attribution already covers the verb.

use crate::chars::rule_attribution;
use backchannel_core::{Attribution, CharIndex, Document, Piece, Source};
use std::borrow::Cow;

/// Add rule-based decline / no-response attributions (ids are renumbered by the caller).
pub fn add_silence(doc: &Document, idx: &CharIndex, atts: &mut Vec<Attribution>) {
    let toks = &doc.tokens;
    // Most words are lowercase ASCII already: borrow those (lowercasing and
    // the apostrophe swap leave them as they are), allocate for the rest.
    let word = |i: usize| -> Cow<str> {
        let t = doc.slice(idx, toks[i].start, toks[i].end);
        if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(t)
        } else {
            Cow::Owned(t.to_lowercase().replace('’', "'"))
        }
    };
    let covered = |a: usize, b: usize, atts: &[Attribution]| {
        atts.iter().any(|x| {
            x.cue.start < b && a < x.cue.end
                || x.source.as_ref().is_some_and(|s| s.start < b && a < s.end)
                || x.content.iter().any(|p| p.start < b && a < p.end)
        })
    };
    let mut added = Vec::new();
    for s in &doc.sentences {
        // Cheap pre-check: most sentences have none of the trigger words.
        let stext = doc.slice(idx, s.start, s.end);
        if !["eclin", "efus", "not ", "n't", "n’t"]
            .iter()
            .any(|p| stext.contains(p))
        {
            continue;
        }
        // Every pattern holds a word with one of these stems (ASCII, any
        // case: no other char lowercases to them): "not" alone is common,
        // and most such sentences are skipped before their words are made.
        // The text read runs over every token of the sentence, whole.
        let r = doc.sentence_tokens(s);
        let lo = toks.get(r.start).map_or(s.start, |t| t.start.min(s.start));
        let hi = toks[r.clone()]
            .iter()
            .map(|t| t.end)
            .fold(s.end, usize::max);
        let folded = doc.slice(idx, lo, hi).to_ascii_lowercase();
        if !["eclin", "efus", "espon", "eturn", "epl", "eache"]
            .iter()
            .any(|p| folded.contains(p))
        {
            continue;
        }
        let ws: Vec<Cow<str>> = r.clone().map(word).collect();
        let base = r.start;
        let n = ws.len();
        let mut k = 0;
        while k < n {
            let (cue_len, ok) = match &*ws[k] {
                "declined" | "refused" | "declines" | "refuses" => {
                    let obj = ws[k + 1..n.min(k + 9)]
                        .iter()
                        .any(|w| w == "comment" || w == "interview" || w == "comments");
                    (1, obj)
                }
                "did" | "does" | "has" | "have" | "had" | "could" => {
                    let neg = ws.get(k + 1).is_some_and(|w| w == "not" || w == "n't");
                    let adv = ws.get(k + 2).is_some_and(|w| w == "immediately") as usize;
                    let v = ws.get(k + 2 + adv).map(|w| &**w);
                    let resp = matches!(
                        v,
                        Some("respond" | "responded" | "return" | "returned" | "reply" | "replied")
                    );
                    let reach = ws[k] == "could"
                        && v == Some("be")
                        && ws.get(k + 3 + adv).is_some_and(|w| w == "reached");
                    let len = 3 + adv + reach as usize;
                    (len, neg && (resp || reach))
                }
                _ => (0, false),
            };
            if !ok {
                k += 1;
                continue;
            }
            let (ca, cb) = (base + k, base + k + cue_len);
            let cue_span = (toks[ca].start, toks[cb - 1].end);
            if covered(cue_span.0, cue_span.1, atts) {
                k += cue_len;
                continue;
            }
            // Subject: back to the clause start, skipping auxiliaries.
            let mut j = k;
            while j > 0 && (ws[j - 1] == "and" || !is_clause_break(&ws[j - 1])) {
                j -= 1;
            }
            let mut e = k;
            while e > j
                && matches!(
                    &*ws[e - 1],
                    "has" | "have" | "had" | "also" | "previously" | "again" | "all"
                )
            {
                e -= 1;
            }
            let source = (e > j).then(|| {
                let (a, b) = (toks[base + j].start, toks[base + e - 1].end);
                Source {
                    start: a,
                    end: b,
                    text: doc.slice(idx, a, b).to_string(),
                    entity: None,
                    kind: "none".into(),
                }
            });
            // Object: to the end of the clause.
            let mut o = k + cue_len;
            while o < n && !is_clause_break(&ws[o]) && ws[o] != "." {
                o += 1;
            }
            let content = if o > k + cue_len {
                vec![Piece {
                    start: toks[base + k + cue_len].start,
                    end: toks[base + o - 1].end,
                }]
            } else {
                Vec::new()
            };
            let cue_text = doc.slice(idx, cue_span.0, cue_span.1).to_string();
            let mut a = rule_attribution(None, (cue_span, cue_text), content, "indirect");
            a.source = source;
            added.push(a);
            k = o.max(k + cue_len);
        }
    }
    atts.extend(added);
}

/// An -ing adjunct's speaker is the subject before it ("NIAC … put out a
/// statement, denouncing …"), never a phrase after it: a "source" labelled
/// after such a cue is really the start of its content.
pub fn participle_subjects(doc: &Document, idx: &CharIndex, atts: &mut [Attribution]) {
    for a in atts.iter_mut() {
        let after_cue = a
            .source
            .as_ref()
            .filter(|s| s.start >= a.cue.end)
            .map(|s| (s.start, s.end));
        if a.source.is_some() && after_cue.is_none() {
            continue;
        }
        if let Some(s) = sentence_subject(doc, idx, a) {
            a.source = Some(s);
            if let Some((start, end)) = after_cue {
                a.content.push(Piece { start, end });
                a.content.sort_by_key(|p| p.start);
            }
        }
    }
}

/// "Multiple sources told the Washington Examiner that …": when the tagger
/// found the cue but no content, a `that` clause shortly after the cue (no
/// comma before it) running to the sentence end is the content.
pub fn that_clauses(doc: &Document, idx: &CharIndex, atts: &mut [Attribution]) {
    for a in atts.iter_mut().filter(|a| a.content.is_empty()) {
        let (_, se) = crate::sourcing::sentence_of(doc, a.cue.start);
        let first = doc.tokens.partition_point(|t| t.start < a.cue.end);
        let last = doc.tokens.partition_point(|t| t.start < se);
        let mut that = None;
        for i in first..last.min(first + 8) {
            let w = doc.slice(idx, doc.tokens[i].start, doc.tokens[i].end);
            if w.eq_ignore_ascii_case("that") {
                that = Some(i);
                break;
            }
            if matches!(w, "," | ";" | ":" | "." | "“" | "\"") {
                break;
            }
        }
        let Some(i) = that else { continue };
        // Up to the sentence end, without its final punctuation.
        let mut end = last;
        while end > i + 1 {
            let t = &doc.tokens[end - 1];
            let w = doc.slice(idx, t.start, t.end);
            if w.chars().all(|c| matches!(c, '.' | '!' | '?')) {
                end -= 1;
            } else {
                break;
            }
        }
        if end > i + 1 {
            a.content.push(Piece {
                start: doc.tokens[i].start,
                end: doc.tokens[end - 1].end,
            });
        }
    }
}

/// A sourceless attribution whose cue starts right where the previous
/// attribution's content ends (whitespace between) is a piece of that
/// content the tagger mislabelled: "denouncing [the … letter] [as
/// “slanderous” …]". Fold it back in. `atts` must be sorted by cue.
pub fn merge_fragments(doc: &Document, idx: &CharIndex, atts: &mut Vec<Attribution>) {
    let mut k = 1;
    while k < atts.len() {
        let prev_end = atts[k - 1].content.iter().map(|p| p.end).max();
        let b = &atts[k];
        let joins = b.source.is_none()
            && prev_end.is_some_and(|e| {
                e <= b.cue.start
                    && doc
                        .slice(idx, e, b.cue.start)
                        .chars()
                        .all(char::is_whitespace)
            });
        if joins {
            let b = atts.remove(k);
            let end = b
                .content
                .iter()
                .map(|p| p.end)
                .chain([b.cue.end])
                .max()
                .unwrap_or(b.cue.end);
            if let Some(last) = atts[k - 1].content.iter_mut().max_by_key(|p| p.end) {
                last.end = last.end.max(end);
            }
            continue;
        }
        k += 1;
    }
}

/// An attribution without a source whose cue continues the previous one in
/// the same sentence ("…, saying …", "declined … but has previously
/// denied …") speaks for the same source. `atts` must be sorted by cue.
pub fn inherit_sources(doc: &Document, idx: &CharIndex, atts: &mut [Attribution]) {
    for k in 1..atts.len() {
        if atts[k].source.is_some() {
            continue;
        }
        let (prev, cur) = atts.split_at_mut(k);
        let cur = &mut cur[0];
        let Some(p) = prev.iter().rev().find(|p| p.source.is_some()) else {
            continue;
        };
        let Some(src) = p.source.clone() else {
            continue;
        };
        let (ss, se) = crate::sourcing::sentence_of(doc, cur.cue.start);
        if p.cue.start < ss || p.cue.end > cur.cue.start || se < cur.cue.start {
            continue;
        }
        // What lies between the previous attribution and this cue.
        let prev_end = p
            .content
            .iter()
            .map(|c| c.end)
            .chain([p.cue.end, src.end])
            .filter(|&e| e <= cur.cue.start)
            .max()
            .unwrap_or(p.cue.end);
        let gap = doc.slice(idx, prev_end, cur.cue.start).to_lowercase();
        let gw: Vec<&str> = gap
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .filter(|w| {
                !matches!(
                    *w,
                    "has"
                        | "have"
                        | "had"
                        | "also"
                        | "previously"
                        | "later"
                        | "then"
                        | "again"
                        | "repeatedly"
                )
            })
            .collect();
        let first_cue_word = cur.cue.text.split_whitespace().next().unwrap_or("");
        let participle = first_cue_word.ends_with("ing") && gap.trim_end().ends_with(',');
        let coordinated = gw.len() == 1 && matches!(gw[0], "but" | "and" | "while");
        if participle || coordinated {
            cur.source = Some(src);
        }
    }
}

/// "NIAC also put out a statement last year, denouncing …": a participle cue
/// after a comma, with no attribution before it in the sentence, speaks for
/// the sentence's subject when that is a capitalised name at the start.
fn sentence_subject(
    doc: &Document,
    idx: &backchannel_core::CharIndex,
    a: &Attribution,
) -> Option<Source> {
    let first = a.cue.text.split_whitespace().next()?.to_lowercase();
    if !first.ends_with("ing") || matches!(first.as_str(), "according" | "including" | "regarding")
    {
        return None;
    }
    let (ss, _) = crate::sourcing::sentence_of(doc, a.cue.start);
    let before = doc.slice(idx, ss, a.cue.start);
    if !before.trim_end().ends_with(',') {
        return None;
    }
    // Leading run of capitalised words (allowing a name's inner "of"/"for").
    let mut end = 0usize;
    let mut chars_end = 0usize;
    let mut count = 0usize;
    for w in before.split_inclusive(' ') {
        let t = w.trim();
        let cap = t.chars().next().is_some_and(|c| c.is_uppercase());
        if !cap {
            break;
        }
        count += 1;
        end += w.len();
        chars_end = before[..end].trim_end().chars().count();
    }
    let rest = before.get(end..).unwrap_or("");
    let next_lower = rest.chars().next().is_some_and(|c| c.is_lowercase());
    if count == 0 || count > 5 || !next_lower {
        return None;
    }
    let (s, e) = (ss, ss + chars_end);
    let text = doc
        .slice(idx, s, e)
        .trim_end_matches([',', ' '])
        .to_string();
    let e = s + text.chars().count();
    Some(Source {
        start: s,
        end: e,
        text,
        entity: None,
        kind: "none".into(),
    })
}

fn is_clause_break(w: &str) -> bool {
    matches!(
        w,
        "," | ";"
            | ":"
            | "but"
            | "though"
            | "although"
            | "while"
            | "whereas"
            | "and"
            | "—"
            | "–"
            | "("
            | ")"
            | "“"
            | "”"
            | "\""
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::ensure_tokens;
    use backchannel_core::DocMeta;

    #[test]
    fn finds_declines_and_silence() {
        let mut d = Document::from_plain(
            "Parsi declined a Washington Times request for comment. Malley and the State Department did not respond to a new request for comment, though an aide said no.".into(),
            DocMeta::default(),
        );
        ensure_tokens(&mut d);
        let mut atts = Vec::new();
        add_silence(&d, &d.char_index(), &mut atts);
        assert_eq!(atts.len(), 2, "{atts:?}");
        assert_eq!(atts[0].source.as_ref().unwrap().text, "Parsi");
        assert_eq!(atts[0].cue.text, "declined");
        assert_eq!(
            atts[1].source.as_ref().unwrap().text,
            "Malley and the State Department"
        );
        assert_eq!(atts[1].cue.text, "did not respond");
    }
}
