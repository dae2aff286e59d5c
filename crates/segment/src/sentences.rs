//! Sentence boundaries over the token stream.
//!
//! A sentence ends at a blank line, at a line break after a line that does not
//! run on, and after sentence-final punctuation (with the closing quotes and
//! brackets attached to it) when the next token looks like a sentence start.
//! After an abbreviation period, only a word that usually opens sentences
//! ("The", "He", "But": learned from treebanks) starts a new one.

use std::ops::Range;

use crate::chars::{char_at, is_closing, is_opening};
use crate::model::{model, AbbrevClass};
use crate::tokenize::{AbbrevKind, Gap, Kind, Tok};

/// How the token after a candidate boundary begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Upper,
    Lower,
    Digit,
    Opening,
    /// Punctuation that continues a sentence (",", ")", "-").
    Continuing,
    Other,
}

fn start_of(text: &str, t: &Tok) -> Start {
    let Some(c) = char_at(text, t.span.start) else {
        return Start::Other;
    };
    if c.is_uppercase() {
        Start::Upper
    } else if c.is_lowercase() {
        Start::Lower
    } else if c.is_numeric() {
        Start::Digit
    } else if is_opening(c) {
        Start::Opening
    } else if matches!(
        c,
        ',' | ';' | ':' | ')' | ']' | '-' | '–' | '—' | '%' | '/' | '&'
    ) {
        Start::Continuing
    } else {
        Start::Other
    }
}

fn tok_text<'a>(text: &'a str, t: &Tok) -> &'a str {
    text.get(t.span.start..t.span.end).unwrap_or("")
}

/// A closing quote/bracket attached to what precedes it.
fn is_attached_closer(text: &str, t: &Tok) -> bool {
    t.gap == Gap::None
        && t.kind == Kind::Punct
        && t.span.end - t.span.start <= 3
        && tok_text(text, t).chars().all(is_closing)
}

/// Does a line break before `next` end the sentence on the previous line?
fn line_break_ends(text: &str, prev: &Tok, next: &Tok) -> bool {
    if start_of(text, next) == Start::Lower {
        return false;
    }
    let p = tok_text(text, prev);
    !matches!(
        p,
        "," | ";" | "-" | "–" | "—" | "(" | "&" | "and" | "or" | "of" | "the" | "to"
    )
}

/// "..", "...", "…": often inside a sentence, unlike "." or "?!".
fn is_ellipsis(t: &str) -> bool {
    t.contains("..") || t.contains('…')
}

/// After final punctuation (or an abbreviation), does `next` open a new sentence?
fn opens_sentence(text: &str, ended_by: &Tok, next: &Tok) -> bool {
    if matches!(next.gap, Gap::Para | Gap::Line) {
        return true;
    }
    if next.gap == Gap::None {
        return false;
    }
    let start = start_of(text, next);
    match ended_by.kind {
        Kind::Terminal if is_ellipsis(tok_text(text, ended_by)) => {
            matches!(start, Start::Upper | Start::Digit | Start::Opening)
        }
        // A split-off period, "?" or "!" ends the sentence even before a
        // lower-case word (web text often starts sentences in lower case).
        Kind::Terminal => start != Start::Continuing,
        Kind::Url => start == Start::Upper,
        Kind::Abbrev(
            AbbrevKind::Listed(AbbrevClass::Other | AbbrevClass::Month) | AbbrevKind::Acronym,
        ) => start == Start::Upper && model().is_starter(tok_text(text, next)),
        _ => false,
    }
}

/// Does a sentence that ends on this abbreviation give up its period?
/// EWT writes "etc" + "." at the end of a sentence, but "etc." inside one.
fn detaches_period(t: &Tok) -> bool {
    matches!(
        t.kind,
        Kind::Abbrev(AbbrevKind::Listed(AbbrevClass::Other | AbbrevClass::Month))
    )
}

/// Split `toks` into sentences: returns the token index range of every
/// sentence. An abbreviation that ends a sentence may give up its period
/// (marked with `detach`; [`crate::segment_str`] then emits it as a token).
pub(crate) fn split(text: &str, toks: &mut [Tok]) -> Vec<Range<usize>> {
    let n = toks.len();
    let mut sents = Vec::with_capacity(n / 15 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < n {
        if i > start {
            let brk = match toks[i].gap {
                Gap::Para => true,
                Gap::Line => line_break_ends(text, &toks[i - 1], &toks[i]),
                _ => false,
            };
            if brk {
                sents.push(start..i);
                start = i;
            }
        }
        let t = toks[i];
        if !matches!(t.kind, Kind::Terminal | Kind::Abbrev(_) | Kind::Url) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && is_attached_closer(text, &toks[j]) {
            j += 1;
        }
        let ends = j >= n || opens_sentence(text, &t, &toks[j]);
        if ends && detaches_period(&t) && j == i + 1 && t.span.end > t.span.start + 1 {
            toks[i].detach = true;
        }
        if ends && j < n {
            sents.push(start..j);
            start = j;
        }
        i = j;
    }
    if start < n {
        sents.push(start..n);
    }
    sents
}
