//! Sourcing: what kind of source speaks (named, organization, anonymous,
//! document, outlet, none), through which outlet (`via`), why it is unnamed,
//! its stance (assert, deny, decline, no_response) and the form of the
//! content (direct, indirect, mixed).
//!
//! The entity layer (NER) decides named vs organization when it is there;
//! pronouns and descriptions go through coreference to an entity. Without
//! entities, capitalisation and closed word lists decide.

use backchannel_core::{Attribution, CharIndex, Document, Via};
use std::borrow::Cow;

use crate::lexicon::*;

/// Fill kind, entity, stance, form, via and anonymity_reason of every attribution.
pub fn describe(doc: &mut Document, idx: &CharIndex) {
    let mut atts = std::mem::take(&mut doc.attributions);
    describe_all(doc, idx, &mut atts);
    doc.attributions = atts;
}

fn describe_all(doc: &Document, idx: &CharIndex, atts: &mut [Attribution]) {
    // The resolver reuses the char index annotate already built.
    let resolver = backchannel_coref::Resolver::with_index(doc, idx);
    // Attributions come sorted by cue: neighbours often share a sentence,
    // and its lowercased text is made once for them.
    let mut last: Option<((usize, usize), String)> = None;
    for a in atts.iter_mut() {
        let (ss, se) = sentence_of(doc, a.cue.start);
        if last.as_ref().is_none_or(|(span, _)| *span != (ss, se)) {
            let raw = doc.slice(idx, ss, se);
            // Only sentences that may give a reason for anonymity are lowercased
            // (every phrase has one of these stems, whatever its first letter).
            let sentence = if ["nonym", "uthori", "named", "dentified"]
                .iter()
                .any(|k| raw.contains(k))
            {
                raw.to_lowercase()
            } else {
                String::new()
            };
            last = Some(((ss, se), sentence));
        }
        let sentence = last.as_ref().map_or("", |(_, s)| s.as_str());
        if let Some(src) = a.source.as_mut() {
            // "…, who said": the antecedent's kind and entity.
            let (s0, s1) = crate::relative::antecedent(doc, idx, src.start, src.end)
                .unwrap_or((src.start, src.end));
            let (kind, entity) = source_kind(doc, idx, &resolver, s0, s1);
            src.kind = kind.to_string();
            src.entity = entity;
        }
        a.stance = stance(doc, idx, a, sentence).to_string();
        a.form = form(doc, idx, a).to_string();
        a.anonymity_reason = anonymity_reason(sentence);
        a.via = via(doc, idx, a, ss, se);
        if let (Some(src), Some(v)) = (a.source.as_mut(), a.via.as_ref()) {
            // The outlet a source spoke to is a channel, not the source itself.
            if src.kind == "outlet" && v.start >= src.start && v.end <= src.end {
                a.via = None;
            }
        }
    }
}

/// The sentence span containing a char offset (the whole text when there are no sentences).
pub(crate) fn sentence_of(doc: &Document, pos: usize) -> (usize, usize) {
    crate::chars::sentence_at(doc, pos).unwrap_or_else(|| (0, doc.text.chars().count()))
}

/// Lowercased words of a text, punctuation stripped from their edges.
fn words(s: &str) -> Vec<Cow<'_, str>> {
    first_words(s, usize::MAX)
}

/// The first `n` of [`words`]. A word already in lowercase ASCII (most
/// words) is borrowed: lowercasing would copy it unchanged.
fn first_words(s: &str, n: usize) -> Vec<Cow<'_, str>> {
    word_slices(s)
        .take(n)
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
        .collect()
}

/// The words of [`words`] as slices of `s`, not lowercased.
fn word_slices(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-')
                .trim_end_matches('.')
        })
        .filter(|w| !w.is_empty())
}

/// The first `n` chars of `s`, each lowercased on its own (ASCII text
/// byte-wise, with the same result).
fn lower_chars(s: &str, n: usize) -> String {
    let head = &s.as_bytes()[..s.len().min(n)];
    if head.is_ascii() {
        // All ASCII: the first `n` chars are these bytes.
        return s[..head.len()].to_ascii_lowercase();
    }
    // Mostly ASCII still (curly quotes, accents): those chars go straight in.
    let mut out = String::with_capacity(s.len().min(4 * n));
    for c in s.chars().take(n) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Whether one of the first `n` of [`words`] of `s` may be "we" or "i":
/// false only when it is surely neither. Most contents open with neither,
/// and skip lowercasing their first words. Read on the text as it is: a
/// whitespace chunk of ASCII and of marks that lowercase to themselves and
/// are not alphanumeric (curly quotes, dashes) lowercases to its ASCII
/// lowercase and trims at the same chars, so its word is "we" or "i" in
/// [`words`] exactly when it is in any ASCII case here; any other chunk
/// gives up (true), and so the words counted line up with [`words`]' too.
fn may_open_first_person(s: &str, n: usize) -> bool {
    let plain = |c: char| c.is_ascii() || matches!(c, '“' | '”' | '‘' | '’' | '—' | '–' | '…');
    let mut seen = 0;
    for chunk in s.split_whitespace() {
        if !chunk.chars().all(plain) {
            return true;
        }
        let w = chunk
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-')
            .trim_end_matches('.');
        if w.is_empty() {
            continue;
        }
        if w.eq_ignore_ascii_case("we") || w.eq_ignore_ascii_case("i") {
            return true;
        }
        seen += 1;
        if seen == n {
            return false;
        }
    }
    false
}

/// Substrings of every [`DENY_CUES`] entry (checked by a test).
const DENY_STEMS: &[&str] = &[
    "deny", "deni", "reject", "refut", "dismiss", "disput", "rebu", "repudiat", "contest",
];

/// Whether `s` holds `pat` (ASCII) in any mix of ASCII upper and lower case.
fn contains_ascii_ci(s: &str, pat: &str) -> bool {
    let (s, p) = (s.as_bytes(), pat.as_bytes());
    let Some(&first) = p.first() else {
        return true;
    };
    // Only positions whose byte matches the first letter are compared.
    (0..s.len().saturating_sub(p.len() - 1))
        .any(|i| s[i].eq_ignore_ascii_case(&first) && s[i..i + p.len()].eq_ignore_ascii_case(p))
}

/// [`first_words`] of `s.to_lowercase()`, lowercasing only a prefix that
/// holds them when one does, or none at all when the lowercased text they
/// come from holds none of `needles` (the caller's use of the words needs
/// one). A prefix cut at whitespace lowercases to the prefix of the
/// lowercased whole: whitespace lowercases to itself, nothing else
/// lowercases to whitespace, and the one context rule of
/// `str::to_lowercase` (final sigma) does not look past whitespace.
fn first_words_lowered(s: &str, n: usize, needles: &[&str]) -> Vec<String> {
    let words_of = |lower: &str| {
        if needles.iter().any(|k| lower.contains(k)) {
            first_words(lower, n)
                .into_iter()
                .map(Cow::into_owned)
                .collect()
        } else {
            Vec::new()
        }
    };
    // Cut after twice as many whitespace-separated chunks as words wanted
    // (chunks of punctuation alone give no word).
    let mut chunks = 0;
    let mut in_chunk = false;
    for (i, c) in s.char_indices() {
        if !c.is_whitespace() {
            in_chunk = true;
            continue;
        }
        if in_chunk {
            chunks += 1;
            if chunks == 2 * n {
                let lower = s[..i].to_lowercase();
                // Fewer than `n` words in the prefix: the whole decides.
                if word_slices(&lower).take(n).count() == n {
                    return words_of(&lower);
                }
                break;
            }
        }
        in_chunk = false;
    }
    words_of(&s.to_lowercase())
}

fn contains_phrase(words: &[Cow<str>], list: &[&str]) -> bool {
    // Word-by-word comparison: no joined string or pattern per phrase. Only
    // where a word equals the phrase's first word are the rest compared.
    list.iter().any(|p| {
        let first = p.split(' ').next().unwrap_or(p);
        words.iter().enumerate().any(|(i, w)| {
            if w != first {
                return false;
            }
            let mut after = words[i + 1..].iter();
            p[first.len()..]
                .split(' ')
                .skip(1)
                .all(|part| after.next().is_some_and(|x| x == part))
        })
    })
}

/// Decide the kind of a source span and the entity it refers to.
pub(crate) fn source_kind(
    doc: &Document,
    idx: &CharIndex,
    resolver: &backchannel_coref::Resolver,
    start: usize,
    end: usize,
) -> (&'static str, Option<String>) {
    let text = doc.slice(idx, start, end);
    // The words themselves are made only when the entity layer does not
    // decide (the same test: `words` is empty exactly when no slice is).
    if word_slices(text).next().is_none() {
        return ("none", None);
    }
    // The entity layer decides when a mention covers the head word of the
    // source's head phrase ("Mark Dubowitz, …", "the International Crisis
    // Group"); a mention that only modifies the head ("a U.S. official",
    // "White House visitor logs") leaves the decision to the words, and is
    // kept as the source's entity.
    let head = head_np(text).trim_end();
    let head_last = head.rsplit(' ').next().unwrap_or("");
    let head_end = start + head.chars().count();
    let head_word_start = head_end.saturating_sub(head_last.chars().count());
    let ent = resolver
        .entity_overlapping(head_word_start, head_end)
        .or_else(|| resolver.resolve(start, end));
    if let Some(eid) = &ent {
        if let Some(e) = doc.entities.iter().find(|e| &e.id == eid) {
            let kind = match e.kind.as_str() {
                "person" => "named",
                _ if is_outlet(&words(&e.name)) => "outlet",
                _ => "organization",
            };
            return (kind, ent);
        }
    }
    let modifier = resolver.entity_at(start, head_end);
    // Classify the head noun phrase: before an appositive, relative clause
    // or second conjunct ("Mark Dubowitz, chief executive at …",
    // "Malley and the State Department"). Fall back to the whole span.
    let hw = words(head);
    if text.split([',', '(']).any(ends_with_person_name) && !is_anonymous(&hw, head) {
        return ("named", modifier);
    }
    let ws = words(text);
    if !hw.is_empty() && hw.len() < ws.len() {
        if let Some(k) = lexical_kind(&hw, head) {
            return (k, modifier);
        }
    }
    (lexical_kind(&ws, text).unwrap_or("anonymous"), modifier)
}

/// Whether a phrase ends in what looks like a person's name: two or more
/// capitalised words, none of them an organisation or outlet word
/// ("Secretary of State Antony Blinken", "Mark Dubowitz").
fn ends_with_person_name(seg: &str) -> bool {
    let toks: Vec<&str> = seg.split_whitespace().collect();
    let mut n = 0;
    for w in toks.iter().rev() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let cap = w.chars().next().is_some_and(|c| c.is_uppercase())
            && w.chars().skip(1).any(|c| c.is_lowercase());
        if !cap {
            break;
        }
        let lw = w.to_lowercase();
        if ORG_WORDS.contains(&lw.as_str())
            || OUTLET_WORDS.contains(&lw.as_str())
            || DOCUMENT_HEADS.contains(&lw.as_str())
        {
            return false;
        }
        n += 1;
    }
    n >= 2
}

/// The head noun phrase of a source text: up to the first of these marks
/// (a mark first found at the very start does not count).
fn head_np(text: &str) -> &str {
    const SPACED: [&str; 6] = [" who ", " which ", " that ", " and ", " — ", " – "];
    // The first place of each mark: the spaced ones in one walk over the
    // spaces instead of a substring search each.
    let mut first = [None; SPACED.len() + 2];
    first[0] = text.find(',');
    first[1] = text.find('(');
    for (i, _) in text.match_indices(' ') {
        for (k, pat) in SPACED.iter().enumerate() {
            if first[k + 2].is_none() && text[i..].starts_with(pat) {
                first[k + 2] = Some(i);
            }
        }
    }
    let end = first.iter().flatten().filter(|&&p| p > 0).min();
    &text[..end.copied().unwrap_or(text.len())]
}

/// Kind from words alone (no entity layer).
fn lexical_kind(ws: &[Cow<str>], text: &str) -> Option<&'static str> {
    let first = &*ws[0];
    if ws.len() == 1 && PERSON_PRONOUNS.contains(&first) {
        return Some("named");
    }
    if ws.len() == 1 && GROUP_PRONOUNS.contains(&first) {
        return Some(if first == "it" {
            "organization"
        } else {
            "anonymous"
        });
    }
    // A capitalised outlet word names the outlet ("the Washington Post"), a
    // lowercase one is a record ("a blog post").
    let last_cap = text
        .split_whitespace()
        .last()
        .and_then(|w| w.chars().next())
        .is_some_and(|c| c.is_uppercase());
    if is_outlet(ws) && last_cap {
        return Some("outlet");
    }
    if is_document(ws) {
        return Some("document");
    }
    if is_anonymous(ws, text) {
        return Some("anonymous");
    }
    if is_outlet(ws) && has_capital(text) {
        return Some("outlet");
    }
    if contains_phrase(ws, ORG_WORDS) || is_acronym(text) {
        return Some("organization");
    }
    if has_capital_name(text) {
        return Some("named");
    }
    None
}

fn is_outlet(ws: &[Cow<str>]) -> bool {
    let Some(last) = ws.last() else { return false };
    OUTLET_WORDS.contains(&&**last)
        || contains_phrase(ws, &["associated press", "huffington post", "usa today"])
}

fn is_document(ws: &[Cow<str>]) -> bool {
    // The head is the last word before a relative clause or prepositional tail.
    let head_end = ws
        .iter()
        .position(|w| {
            matches!(
                &**w,
                "who" | "that" | "which" | "of" | "from" | "by" | "on" | "in" | "released"
            )
        })
        .unwrap_or(ws.len());
    let head = ws[..head_end].last().map(|s| &**s).unwrap_or("");
    DOCUMENT_HEADS.contains(&head)
}

fn is_anonymous(ws: &[Cow<str>], text: &str) -> bool {
    let head_end = ws
        .iter()
        .position(|w| {
            matches!(
                &**w,
                "who"
                    | "that"
                    | "which"
                    | "of"
                    | "from"
                    | "with"
                    | "familiar"
                    | "close"
                    | "in"
                    | "at"
            )
        })
        .unwrap_or(ws.len());
    let np = &ws[..head_end.max(1).min(ws.len())];
    let head = np.last().map(|s| &**s).unwrap_or("");
    if !ANON_HEADS.contains(&head) {
        return false;
    }
    // Capitalised words before the head only modify it ("a U.S. official",
    // "Biden administration officials"); a name after it makes it named
    // ("Spokeswoman Haley Morris").
    let name_follows = text
        .split_whitespace()
        .nth(np.len())
        .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase()));
    !name_follows
}

fn has_capital(text: &str) -> bool {
    text.chars().any(|c| c.is_uppercase())
}

/// Two or more capitalised words in a row, or one capitalised word not
/// followed by a lowercase head ("Kerry", "Mark Dubowitz").
fn has_capital_name(text: &str) -> bool {
    let caps: Vec<bool> = text
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.chars().next().is_some_and(|c| c.is_uppercase())
                && w.chars().skip(1).any(|c| c.is_lowercase())
        })
        .collect();
    caps.iter().any(|&c| c)
}

fn is_acronym(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase())
    })
}

/// Substrings of every [`NO_RESPONSE_PHRASES`] and [`DECLINE_PHRASES`]
/// entry (checked by a test).
const SILENCE_STEMS: &[&str] = &["not", "n't", "declin", "refus", "no comment"];

/// Substrings one of which every [`NO_RESPONSE_PHRASES`] entry holds, and
/// every [`DECLINE_PHRASES`] entry (checked by a test).
const NO_RESPONSE_STEMS: &[&str] = &["respon", "return", "repl", "reach", "answer", "availab"];
const DECLINE_STEMS: &[&str] = &["declin", "refus", "comment"];

/// Whether an attribution reports a silence (a decline or no response):
/// what sourcing is for even where PolNeAR marks no attribution.
pub(crate) fn is_silence(doc: &Document, idx: &CharIndex, a: &Attribution) -> bool {
    matches!(stance(doc, idx, a, ""), "decline" | "no_response")
}

/// assert, deny, decline or no_response.
fn stance(doc: &Document, idx: &CharIndex, a: &Attribution, sentence: &str) -> &'static str {
    let cue = a.cue.text.to_lowercase();
    // `cue` is lowercased whole, so each of its words is too: slices of it
    // are what `words` would give, without a String per word.
    let cue_words: Vec<&str> = word_slices(&cue).collect();
    // The cue plus what follows it up to the end of the sentence: "declined a
    // Washington Times request for comment".
    let (_, se) = sentence_of(doc, a.cue.start);
    // Only the first 80 chars are looked at: lowercase no more than that.
    let near = lower_chars(doc.slice(idx, a.cue.start, se.max(a.cue.start)), 80);
    // Every no-response and decline phrase holds one of these: most cues
    // hold none, and skip the phrase lists.
    let silent = |s: &str| SILENCE_STEMS.iter().any(|k| s.contains(k));
    // `near` usually opens with the lowercased cue: whatever the cue holds,
    // it holds too, and the cue need not be searched again.
    let cue_in_near = near.starts_with(cue.as_str());
    let in_either = |p: &str| near.contains(p) || !cue_in_near && cue.contains(p);
    // Each list's phrases all hold one of its stems ("not" alone is common
    // near cues: most texts it lets through hold none of these).
    let any_in = |stems: &[&str]| stems.iter().any(|k| in_either(k));
    if silent(&near) || !cue_in_near && silent(&cue) {
        if any_in(NO_RESPONSE_STEMS) && NO_RESPONSE_PHRASES.iter().any(|p| in_either(p)) {
            return "no_response";
        }
        if any_in(DECLINE_STEMS) && DECLINE_PHRASES.iter().any(|p| in_either(p))
            || (cue_words.iter().any(|&w| w == "declined" || w == "refused")
                && near.contains("comment"))
        {
            return "decline";
        }
    }
    if cue_words.iter().any(|w| DENY_CUES.contains(w)) {
        return "deny";
    }
    // A quoted first-person denial: "We categorically reject …", "I deny …".
    // One piece (the usual case) is read in place; several are joined.
    let content: Cow<str> = match a.content.as_slice() {
        [p] => Cow::Borrowed(doc.slice(idx, p.start, p.end)),
        ps => Cow::Owned(
            ps.iter()
                .map(|p| doc.slice(idx, p.start, p.end))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    };
    // Only the first eight words can open a denial (six windows of three),
    // and only with a denial cue among them: every cue holds one of
    // DENY_STEMS, and a lowercased word equal to a cue lies in the
    // lowercased text as it is.
    let cw = if may_open_first_person(&content, 6) {
        first_words_lowered(&content, 8, DENY_STEMS)
    } else {
        Vec::new()
    };
    let first_person_deny = cw.windows(3).take(6).any(|w| {
        matches!(w[0].as_str(), "we" | "i")
            && (DENY_CUES.contains(&w[1].as_str())
                || (w[1] == "categorically" || w[1] == "strongly" || w[1] == "flatly")
                    && DENY_CUES.contains(&w[2].as_str()))
    });
    // The whole content is lowercased only when it may hold the phrases: a
    // lowercased text holds "categorically" only where the text itself does
    // in some mix of ASCII cases (no other char lowercases to these letters
    // but 'İ', to an 'i' that a combining dot follows).
    if first_person_deny
        || contains_ascii_ci(&content, "categorically") && {
            let lower = content.to_lowercase();
            lower.contains("categorically reject") || lower.contains("categorically den")
        }
    {
        return "deny";
    }
    let _ = sentence;
    "assert"
}

/// direct when the content is a quotation, mixed when it quotes in part,
/// indirect otherwise.
fn form(doc: &Document, idx: &CharIndex, a: &Attribution) -> &'static str {
    if a.content.is_empty() {
        return "indirect";
    }
    let is_q = |c: char| matches!(c, '“' | '”' | '"' | '«' | '»');
    let mut all_quoted = true;
    let mut any_quote = false;
    for p in &a.content {
        let t = doc.slice(idx, p.start, p.end).trim();
        let before = doc.slice(idx, p.start.saturating_sub(1), p.start);
        let starts = t.starts_with(is_q) || before.starts_with(is_q);
        let inner_open = t.chars().skip(1).any(|c| c == '“');
        if t.chars().any(is_q) {
            any_quote = true;
        }
        if !starts || inner_open {
            all_quoted = false;
        }
    }
    let quoted_after = a
        .content
        .iter()
        .all(|p| doc.slice(idx, p.end, p.end + 1).starts_with(is_q));
    if all_quoted && (any_quote || quoted_after) {
        "direct"
    } else if any_quote {
        "mixed"
    } else {
        "indirect"
    }
}

/// Why the source is unnamed, as the text gives it.
fn anonymity_reason(sentence: &str) -> Option<String> {
    // Every phrase has one of these stems; most sentences have none.
    if !["anonym", "authori", "named", "identified"]
        .iter()
        .any(|k| sentence.contains(k))
    {
        return None;
    }
    for p in ANONYMITY_PHRASES {
        if let Some(pos) = sentence.find(p) {
            // Extend over a "because …"/"to …" explanation up to the clause end.
            let rest = &sentence[pos..];
            let end = rest.find([',', '.', ';', '“', '"']).unwrap_or(rest.len());
            let phrase = rest[..end].trim();
            let phrase = phrase.split(" said").next().unwrap_or(phrase).trim();
            return Some(phrase.to_string());
        }
    }
    None
}

/// The outlet a source spoke through: "told the Washington Times", "spoke
/// with the Washington Times", "request for comment by the Washington Times".
fn via(doc: &Document, idx: &CharIndex, a: &Attribution, ss: usize, se: usize) -> Option<Via> {
    // Look in the source span and the cue's clause: the words around the cue.
    let lo = crate::chars::speaker_span(a).0.max(ss);
    let content_start = a
        .content
        .iter()
        .map(|p| p.start)
        .filter(|&s| s > a.cue.end)
        .min()
        .unwrap_or(se);
    let declines = matches!(a.stance.as_str(), "decline" | "no_response");
    let hi = if declines { se } else { content_start.min(se) }.max(a.cue.end);
    let region = doc.slice(idx, lo, hi);
    // Without " the " in some ASCII case (no other char lowercases to
    // these letters or to a space) the lowercased region holds none either,
    // and only a decline reads it further.
    if !declines && !contains_ascii_ci(region, " the ") {
        return None;
    }
    let lower: String = region.to_lowercase();
    // Every pattern is "<marker> the ": where " the " occurs (overlapping
    // occurrences too) is found once, and a pattern occurs wherever its
    // marker ends right before one. No marker holds "the", so a pattern's
    // occurrences never overlap and this visits exactly the matches of a
    // left-to-right search for each pattern in turn.
    let mut thes = Vec::new();
    let mut from = 0;
    while let Some(p) = lower[from..].find(" the ") {
        thes.push(from + p);
        from += p + 1;
    }
    if thes.is_empty() && !declines {
        return None;
    }
    let chars: Vec<char> = region.chars().collect();
    let outlet_at = |cstart: usize| -> Option<Via> {
        let (ns, ne) = capitalised_run(&chars, cstart)?;
        let name: String = chars[ns..ne].iter().collect();
        is_outlet(&words(&name)).then(|| Via {
            outlet: name,
            start: lo + ns,
            end: lo + ne,
        })
    };
    for m in VIA_MARKERS {
        for &q in &thes {
            if lower[..q].ends_with(m) {
                if let Some(v) = outlet_at(lower[..q + " the ".len()].chars().count()) {
                    return Some(v);
                }
            }
        }
    }
    // "declined a Washington Times request for comment": an outlet named as
    // the one asking.
    if declines {
        for (i, w) in lower.char_indices() {
            if (w == ' ') && i + 1 < lower.len() {
                let c = lower[..i + 1].chars().count();
                if chars.get(c).is_some_and(|ch| ch.is_uppercase()) {
                    if let Some(v) = outlet_at(c) {
                        return Some(v);
                    }
                }
            }
        }
    }
    None
}

/// A run of capitalised words starting at char `i` (e.g. "Washington Times").
fn capitalised_run(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    let mut end = None;
    loop {
        if j >= chars.len() || !chars[j].is_uppercase() {
            break;
        }
        while j < chars.len()
            && (chars[j].is_alphanumeric() || matches!(chars[j], '.' | '-' | '\'' | '’'))
        {
            j += 1;
        }
        let mut e = j;
        while e > i && matches!(chars[e - 1], '.' | '\'' | '’') {
            e -= 1;
        }
        end = Some(e);
        if j < chars.len() && chars[j] == ' ' && chars.get(j + 1).is_some_and(|c| c.is_uppercase())
        {
            j += 1;
        } else {
            break;
        }
    }
    end.map(|e| (i, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymity_reason_phrases() {
        assert_eq!(
            anonymity_reason("an official who spoke with the washington times on condition of anonymity said the goal"),
            Some("on condition of anonymity".to_string())
        );
        assert_eq!(
            anonymity_reason("the official, who was not authorized to speak publicly, said"),
            Some("not authorized to speak publicly".to_string())
        );
        assert_eq!(anonymity_reason("kerry said"), None);
    }

    #[test]
    fn kinds_from_words() {
        let k = |t: &str| lexical_kind(&words(t), t);
        assert_eq!(k("White House visitor logs"), Some("document"));
        assert_eq!(k("a U.S. official"), Some("anonymous"));
        assert_eq!(k("Biden administration officials"), Some("anonymous"));
        assert_eq!(k("Spokeswoman Haley Morris"), Some("named"));
        assert_eq!(k("the Washington Post"), Some("outlet"));
        assert_eq!(k("the State Department"), Some("organization"));
        assert_eq!(k("NIAC"), Some("organization"));
        assert_eq!(k("Mark Dubowitz"), Some("named"));
        assert_eq!(k("she"), Some("named"));
        assert_eq!(
            head_np("Mark Dubowitz, chief executive at the think tank"),
            "Mark Dubowitz"
        );
        assert_eq!(head_np("Malley and the State Department"), "Malley");
        assert!(ends_with_person_name("Secretary of State Antony Blinken"));
        assert!(!ends_with_person_name("the International Crisis Group"));
    }

    #[test]
    fn capitalised_runs() {
        let c: Vec<char> = "Washington Times that".chars().collect();
        assert_eq!(capitalised_run(&c, 0), Some((0, 16)));
    }

    #[test]
    fn prefix_lowercasing_matches_the_whole() {
        let texts = [
            "We categorically DENY these claims, and we will say so again and again and again",
            "— — “I” strongly reject ΟΔΟΣ ΟΔΟΣ. and İstanbul İ - . , x y z w v u t s r q p o",
            "short one",
            "",
            "ΣΑΣ Σ  ΑΣ\tΣ\nΣ a b c d e f g h i j k l m n o p q r s",
        ];
        for t in texts {
            assert_eq!(
                first_words_lowered(t, 8, &[""]),
                first_words(&t.to_lowercase(), 8),
                "{t}"
            );
            assert_eq!(
                first_words_lowered(t, 2, &[""]),
                first_words(&t.to_lowercase(), 2),
                "{t}"
            );
            let by_char: String = t.chars().take(80).flat_map(char::to_lowercase).collect();
            assert_eq!(lower_chars(t, 80), by_char);
            assert_eq!(
                lower_chars(t, 5),
                t.chars()
                    .take(5)
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            );
        }
        assert!(contains_ascii_ci("We CategoricaLLy deny", "categorically"));
        assert!(!contains_ascii_ci("categoric", "categorically"));
    }

    #[test]
    fn first_person_openings_are_never_missed() {
        let texts = [
            "We deny it",
            "“We categorically reject this,”",
            "they said I was wrong",
            "one two three four five we",
            "one two three four five six we",
            "— … “ I",
            "Ünïcode then we",
            "İ think",
            "WE DENY",
            "a b c",
        ];
        for t in texts {
            let words = first_words(&t.to_lowercase(), 6)
                .into_iter()
                .any(|w| w == "we" || w == "i");
            assert!(!words || may_open_first_person(t, 6), "{t}");
        }
        assert!(!may_open_first_person("one two three four five six we", 6));
        assert!(!may_open_first_person("“The plan works,”", 6));
    }

    #[test]
    fn deny_stems_cover_every_cue() {
        for c in DENY_CUES {
            assert!(DENY_STEMS.iter().any(|k| c.contains(k)), "{c}");
        }
        assert_eq!(first_words_lowered("We DENIED it", 8, DENY_STEMS).len(), 3);
        assert!(first_words_lowered("We said it", 8, DENY_STEMS).is_empty());
    }

    #[test]
    fn head_phrases_and_ascii_case() {
        assert!(contains_ascii_ci("They DEnied it", "deni"));
        assert!(!contains_ascii_ci("de", "deni"));
        assert_eq!(head_np(", the man who said"), ", the man");
        assert_eq!(head_np("Smith and Jones, aides"), "Smith");
        assert_eq!(head_np("(AP) — the agency"), "(AP)");
    }

    #[test]
    fn silence_stems_cover_every_phrase() {
        for p in NO_RESPONSE_PHRASES.iter().chain(DECLINE_PHRASES) {
            assert!(SILENCE_STEMS.iter().any(|k| p.contains(k)), "{p}");
        }
        for p in NO_RESPONSE_PHRASES {
            assert!(NO_RESPONSE_STEMS.iter().any(|k| p.contains(k)), "{p}");
        }
        for p in DECLINE_PHRASES {
            assert!(DECLINE_STEMS.iter().any(|k| p.contains(k)), "{p}");
        }
    }
}
