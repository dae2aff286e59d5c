//! Sentence boundaries over the token stream.
//!
//! A sentence ends at a blank line, at a line break after a line that does not
//! run on, and after sentence-final punctuation (with the closing quotes and
//! brackets attached to it) when the next token looks like a sentence start.
//! After an abbreviation period, only a word that usually opens sentences
//! ("The", "He", "But": learned from treebanks) starts a new one.
//!
//! A few news conventions are fixed rules rather than learned: an upper-case
//! dateline ("NEW YORK, Nov. 5 (Reuters) -") is a sentence of its own; a name
//! after an editorial insertion ("[Iranian Supreme Leader] Ali"), a source
//! after a quoted title and a dash ('" — CBC.ca'), a day after a clock time
//! ("9 a.m. Tuesday") and a lower-case word after an ellipsis inside a
//! quotation continue the sentence; a photo credit ("Image: Nick Moreau.")
//! and an article's date line ("Thursday, May 7, 2015") stand alone even
//! without punctuation before the next words (`standalone.rs`).

use std::ops::Range;

use crate::boundary::{self, CandKind};
use crate::chars::{char_at, is_closing, is_opening};
use crate::model::{model, AbbrevClass};
use crate::standalone;
use crate::tokenize::{AbbrevKind, Gap, Kind, Tok, Toks};
use crate::words;

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
        ',' | ';' | ':' | ')' | ']' | '-' | '–' | '—' | '%' | '/' | '&' | '.' | '?' | '!'
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

/// What precedes a candidate boundary.
struct Before<'a> {
    /// The token that may end the sentence.
    ended_by: &'a Tok,
    /// Closing quotes or brackets came between it and the next token.
    closed: bool,
    /// It is the period of a list number or section heading ("2.", "4.1.").
    list_number: bool,
}

/// After final punctuation (or an abbreviation), does `next` open a new sentence?
fn opens_sentence(text: &str, b: &Before, next: &Tok) -> bool {
    if matches!(next.gap, Gap::Para | Gap::Line) {
        return true;
    }
    if next.gap == Gap::None || b.list_number {
        return false;
    }
    let start = start_of(text, next);
    match b.ended_by.kind {
        Kind::Terminal if is_ellipsis(tok_text(text, b.ended_by)) => {
            matches!(start, Start::Upper | Start::Digit | Start::Opening)
        }
        // A split-off period, "?" or "!" ends the sentence even before a
        // lower-case word (web text often starts sentences in lower case),
        // but not inside a quotation or parenthesis ("Why?" asked Bush).
        Kind::Terminal => start != Start::Continuing && !(b.closed && start == Start::Lower),
        Kind::Url => start == Start::Upper,
        Kind::Abbrev(
            AbbrevKind::Listed(AbbrevClass::Other | AbbrevClass::Month) | AbbrevKind::Acronym,
        ) => start == Start::Upper && model().is_starter(tok_text(text, next)),
        Kind::Abbrev(AbbrevKind::Listed(AbbrevClass::Final)) => start == Start::Upper,
        _ => false,
    }
}

/// A numbered list item or heading: a number first in its sentence (or after
/// ":" or a bullet such as "*"), then ".": "2. The attachment ...",
/// "my comments: 1. In Section 3 ...".
fn is_list_number(text: &str, toks: &Toks, sent_start: usize, i: usize) -> bool {
    if i < sent_start + 1 || tok_text(text, &toks.at(i)) != "." || toks.at(i).gap != Gap::None {
        return false;
    }
    let n = tok_text(text, &toks.at(i - 1));
    let numeric = n.len() <= 5 && n.bytes().all(|c| c.is_ascii_digit() || c == b'.');
    // A bullet is followed by a space ("- 4. The ..."); "5-4." is a score.
    let opens_item = i - 1 == sent_start
        || matches!(tok_text(text, &toks.at(i - 2)), ":" | "*" | "-" | "•" | "#")
            && n.len() <= 2
            && toks.at(i - 1).gap != Gap::None;
    numeric && opens_item
}

/// A footnote reference glued after a sentence ("... in 1971.[1]" or ". [1] [2]"):
/// how many tokens it takes at `j` ("[", number, "]"), if it is one.
fn footnote_len(text: &str, toks: &Toks, j: usize) -> Option<usize> {
    let t = [toks.get(j)?, toks.get(j + 1)?, toks.get(j + 2)?];
    let ok = tok_text(text, &t[0]) == "["
        && t[1].gap == Gap::None
        && tok_text(text, &t[1]).bytes().all(|c| c.is_ascii_digit())
        && t[2].gap == Gap::None
        && tok_text(text, &t[2]) == "]"
        && matches!(t[0].gap, Gap::None | Gap::Space);
    ok.then_some(3)
}

/// The dash after an upper-case news dateline at the start of a paragraph
/// ("WASHINGTON (CNN) -- Texas Gov. ...", "NEW DELHI - While ..."): the
/// dateline is a sentence of its own in EWT. (GUM keeps "Taipei, Taiwan —"
/// inside the sentence, so mixed-case place names are left alone.)
fn is_dateline_dash(text: &str, toks: &Toks, start: usize, i: usize) -> bool {
    if i == start || i - start > 10 || !matches!(toks.at(start).gap, Gap::Para | Gap::Line) {
        return false;
    }
    if !matches!(tok_text(text, &toks.at(i)), "-" | "--" | "—" | "–")
        || toks.at(i).gap != Gap::Space
    {
        return false;
    }
    let Some(next) = toks.get(i + 1) else {
        return false;
    };
    if next.gap != Gap::Space || start_of(text, &next) != Start::Upper {
        return false;
    }
    let caps = |w: &str| w.len() >= 2 && !w.chars().any(char::is_lowercase);
    start_of(text, &toks.at(start)) == Start::Upper
        && caps(tok_text(text, &toks.at(start)))
        && (start + 1..i).all(|k| {
            let t = toks.at(k);
            let w = tok_text(text, &t);
            matches!(w, "," | "(" | ")" | ".")
                || caps(w)
                || dateline_detail(w, t.kind)
                || (tok_text(text, &toks.at(k - 1)) == "(" && start_of(text, &t) == Start::Upper)
        })
}

/// Besides the upper-case place and the agency in brackets, a dateline may
/// carry a state or month abbreviation and a date: "NEW YORK, Nov. 5 (Reuters) -",
/// "SAN FRANCISCO, Calif. (CNN) --", "PARIS, March 3, 2019 (AFP) -".
fn dateline_detail(w: &str, kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Abbrev(AbbrevKind::Listed(_) | AbbrevKind::Acronym)
    ) || (w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
        || is_month_before_number(w, "1")
}

/// "March 9", "June 2014": a date, never a boundary.
fn is_month_before_number(prev: &str, next: &str) -> bool {
    next.starts_with(|c: char| c.is_ascii_digit()) && words::MONTHS.contains(&prev)
}

/// Decides candidate gaps: the learned model at run time, gold labels when
/// collecting training examples.
pub(crate) trait Decide {
    /// Is `c`, the gap before the token starting at byte `at`, a sentence boundary?
    fn decide(&mut self, c: &boundary::Context, at: usize) -> bool;
}

/// The run-time decider: the embedded boundary model.
pub(crate) struct ModelDecider;

impl Decide for ModelDecider {
    fn decide(&mut self, c: &boundary::Context, _at: usize) -> bool {
        model().boundary.is_boundary(c)
    }
}

fn text_at<'a>(text: &'a str, toks: &Toks, i: usize) -> &'a str {
    toks.get(i).map_or("", |t| tok_text(text, &t))
}

/// Is there a boundary after token `i`, which has no final punctuation?
fn unpunctuated_boundary(
    text: &str,
    toks: &Toks,
    start: usize,
    i: usize,
    para: &Para,
    quotes: &mut Quotes,
    d: &mut impl Decide,
) -> bool {
    let Some(next) = toks.get(i + 1) else {
        return false;
    };
    if next.gap != Gap::Space {
        return false;
    }
    let prev = tok_text(text, &toks.at(i));
    let next_text = tok_text(text, &next);
    if !boundary::is_candidate(prev, next_text)
        || is_month_before_number(prev, next_text)
        || (prev == "]" && closes_insertion(text, toks, start, i))
        || attribution_dash(text, toks, start, i)
    {
        return false;
    }
    if standalone::credit_at(text, toks, i + 1) || standalone::date_line(text, toks, start, i) {
        return true;
    }
    quotes.advance(text, toks, i + 1);
    let ctx = boundary::Context {
        mid_quote: quotes.mid_sentence(start),
        kind: CandKind::Plain,
        rule: false,
        closed: false,
        glued: false,
        rem: para.end.saturating_sub(i + 1),
        lower_seen: para.last_lower.is_some_and(|k| k >= start),
        para_first: opens_block(toks, start),
        prev2: if i > start {
            text_at(text, toks, i - 1)
        } else {
            ""
        },
        prev,
        next: next_text,
        next2: text_at(text, toks, i + 2),
        sent_len: i + 1 - start,
    };
    d.decide(&ctx, next.span.start)
}

/// Does a sentence that ends on this abbreviation give up its period?
/// EWT writes "etc" + "." at the end of a sentence, but "etc." inside one.
fn detaches_period(t: &Tok) -> bool {
    matches!(
        t.kind,
        Kind::Abbrev(AbbrevKind::Listed(
            AbbrevClass::Other | AbbrevClass::Month | AbbrevClass::Final
        ))
    )
}

/// How token `i` changes the count of open quotations: +1 for an opening
/// quote, -1 for a closing one. A straight `"` opens when it has a space
/// before it and none after it. Single quotes are left out: "’" is also an
/// apostrophe.
#[inline]
fn quote_delta(text: &str, toks: &Toks, i: usize) -> i32 {
    let first = toks.spans.get(i).and_then(|s| text.as_bytes().get(s.start));
    if !matches!(first, Some(b'"' | b'`' | b'\'' | 0xC2 | 0xE2)) {
        return 0;
    }
    let t = toks.at(i);
    match tok_text(text, &t) {
        "“" | "«" | "``" => 1,
        "”" | "»" | "''" => -1,
        "\"" => {
            let glued_after = toks.get(i + 1).is_some_and(|n| n.gap == Gap::None);
            if t.gap != Gap::None && glued_after {
                1
            } else {
                -1
            }
        }
        _ => 0,
    }
}

/// "… as if the administration is hell-bent … to pursue": an ellipsis before
/// a lower-case word inside an open quotation marks an omission, not an end
/// (web text, outside quotes, often starts sentences in lower case after one).
/// The quotes are counted only here (a rare case), over the sentence up to
/// the next token `j` (closing quotes after the ellipsis included).
fn ellipsis_inside_quote(text: &str, toks: &Toks, start: usize, i: usize, j: usize) -> bool {
    let t = toks.at(i);
    t.kind == Kind::Terminal
        && is_ellipsis(tok_text(text, &t))
        && toks
            .get(j)
            .is_some_and(|next| start_of(text, &next) == Start::Lower)
        && (start..j).fold(0, |q, k| (q + quote_delta(text, toks, k)).max(0)) > 0
}

/// A dash after a closing quote: the quote's attribution or source follows
/// ('"... found on street" — CBC.ca, August 15', '" — Ted Bundy'), never a
/// new sentence.
fn attribution_dash(text: &str, toks: &Toks, start: usize, i: usize) -> bool {
    i > start
        && matches!(tok_text(text, &toks.at(i)), "-" | "--" | "—" | "–")
        && tok_text(text, &toks.at(i - 1))
            .chars()
            .all(|c| matches!(c, '"' | '”' | '»'))
}

/// Does the "]" at `i` close an editorial insertion inside the sentence
/// ("someone into [Iranian Supreme Leader] Ali Khamenei's office")? The name
/// after it continues the sentence. A bracket that opens the sentence or
/// follows final punctuation (a note, a footnote) is not one.
fn closes_insertion(text: &str, toks: &Toks, start: usize, i: usize) -> bool {
    let lo = i.saturating_sub(12).max(start + 1);
    (lo..i)
        .rev()
        .find(|&k| tok_text(text, &toks.at(k)) == "[")
        .is_some_and(|k| toks.at(k - 1).kind != Kind::Terminal)
}

/// The open quotation at the scanned position: where it opened, if any
/// (quotes are counted once per token as the splitter passes; a blank line
/// closes any quotation left open: see [`Quotes::new_paragraph`]).
struct Quotes {
    /// The next token to count.
    next: usize,
    open: Option<usize>,
}

impl Quotes {
    /// Count the quotes of every token before `upto` (most tokens are
    /// passed over on their first byte).
    #[inline]
    fn advance(&mut self, text: &str, toks: &Toks, upto: usize) {
        let bytes = text.as_bytes();
        let from = self.next;
        if upto <= from {
            return;
        }
        for (k, sp) in toks.spans.get(from..upto).unwrap_or(&[]).iter().enumerate() {
            if matches!(bytes.get(sp.start), Some(b'"' | b'`' | b'\'' | 0xC2 | 0xE2)) {
                match quote_delta(text, toks, from + k) {
                    1 if self.open.is_none() => self.open = Some(from + k),
                    -1 => self.open = None,
                    _ => {}
                }
            }
        }
        self.next = upto;
    }

    /// A new paragraph starts at token `i`: count the rest of the last one,
    /// then forget any quotation it left open.
    fn new_paragraph(&mut self, text: &str, toks: &Toks, i: usize) {
        self.advance(text, toks, i);
        self.open = None;
    }

    /// Is a quotation open that began after token `start`, the first of
    /// the current sentence (`said "All ... hospital. There are ..."`)?
    /// (Telling apart quotations that open the sentence or an earlier one
    /// gave no gain in cross-validation.)
    fn mid_sentence(&self, start: usize) -> bool {
        self.open.is_some_and(|k| k > start)
    }
}

/// Does the sentence starting at token `start` open a paragraph or a line?
fn opens_block(toks: &Toks, start: usize) -> bool {
    toks.get(start)
        .is_some_and(|t| matches!(t.gap, Gap::Para | Gap::Line))
}

/// Where the current paragraph ends, and the last token that began in lower case.
struct Para {
    /// Index of the first token of the next paragraph.
    end: usize,
    last_lower: Option<usize>,
}

/// Final punctuation glued to a following word ("quality.You'll", "person??cos"):
/// web text that lost its line breaks. The classifier decides whether it ends the sentence.
fn glued_candidate(text: &str, t: &Tok, next: &Tok) -> bool {
    t.kind == Kind::Terminal
        && next.gap == Gap::None
        && char_at(text, next.span.start).is_some_and(char::is_alphabetic)
}

/// "at 9 a.m. Tuesday", "by 5 p.m. March 3": news style puts the day after
/// the time, inside the sentence.
fn time_before_day(text: &str, t: &Tok, next: &Tok) -> bool {
    let n = tok_text(text, next);
    matches!(t.kind, Kind::Abbrev(_))
        && matches!(tok_text(text, t), "a.m." | "p.m." | "A.M." | "P.M.")
        && (words::DAYS.contains(&n) || is_month_before_number(n, "1"))
}

/// An initial before a word that does not usually open sentences ("George W. Bush"):
/// part of a name, never a boundary, whatever the classifier would say.
fn initial_inside_name(text: &str, t: &Tok, next: &Tok) -> bool {
    t.kind == Kind::Abbrev(AbbrevKind::Initial) && !model().is_starter(tok_text(text, next))
}

/// Split `toks` into sentences: returns the token index range of every
/// sentence. An abbreviation that ends a sentence may give up its period
/// (marked with `detach`; [`crate::segment_str`] then emits it as a token).
pub(crate) fn split(text: &str, toks: &mut Toks, d: &mut impl Decide) -> Vec<Range<usize>> {
    let n = toks.len();
    let mut sents = Vec::with_capacity(n / 15 + 1);
    let mut start = 0;
    let mut i = 0;
    let mut para = Para {
        end: 0,
        last_lower: None,
    };
    let mut quotes = Quotes {
        next: 0,
        open: None,
    };
    while i < n {
        if i >= para.end {
            quotes.new_paragraph(text, toks, i);
            para.end = (i + 1..n)
                .find(|&k| toks.meta[k].gap == Gap::Para)
                .unwrap_or(n);
        }
        if text
            .as_bytes()
            .get(toks.spans[i].start)
            .is_some_and(u8::is_ascii_lowercase)
        {
            para.last_lower = Some(i);
        }
        if i > start {
            let brk = match toks.at(i).gap {
                Gap::Para => true,
                Gap::Line => line_break_ends(text, &toks.at(i - 1), &toks.at(i)),
                _ => false,
            };
            if brk {
                sents.push(start..i);
                start = i;
            }
        }
        if is_dateline_dash(text, toks, start, i) {
            sents.push(start..i + 1);
            start = i + 1;
            i += 1;
            continue;
        }
        let t = toks.at(i);
        if !matches!(t.kind, Kind::Terminal | Kind::Abbrev(_) | Kind::Url) {
            if unpunctuated_boundary(text, toks, start, i, &para, &mut quotes, d) {
                sents.push(start..i + 1);
                start = i + 1;
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && is_attached_closer(text, &toks.at(j)) {
            j += 1;
        }
        let closed = j > i + 1;
        while let Some(k) = footnote_len(text, toks, j) {
            j += k;
        }
        let before = Before {
            ended_by: &t,
            closed,
            list_number: is_list_number(text, toks, start, i),
        };
        let ends = match toks.get(j) {
            None => true,
            Some(next) if time_before_day(text, &t, &next) => false,
            Some(next)
                if !(next.gap == Gap::Space || glued_candidate(text, &t, &next))
                    || before.list_number
                    || initial_inside_name(text, &t, &next)
                    || ellipsis_inside_quote(text, toks, start, i, j) =>
            {
                opens_sentence(text, &before, &next)
            }
            Some(next) => {
                quotes.advance(text, toks, j);
                let ctx = boundary::Context {
                    mid_quote: quotes.mid_sentence(start),
                    kind: match t.kind {
                        Kind::Terminal => CandKind::Terminal,
                        Kind::Url => CandKind::Url,
                        _ => CandKind::Abbrev,
                    },
                    rule: opens_sentence(text, &before, &next),
                    closed,
                    glued: next.gap == Gap::None,
                    rem: para.end.saturating_sub(j),
                    lower_seen: para.last_lower.is_some_and(|k| k >= start),
                    para_first: opens_block(toks, start),
                    prev2: if i > start {
                        text_at(text, toks, i - 1)
                    } else {
                        ""
                    },
                    prev: tok_text(text, &t),
                    next: tok_text(text, &next),
                    next2: text_at(text, toks, j + 1),
                    sent_len: i + 1 - start,
                };
                d.decide(&ctx, next.span.start)
            }
        };
        if ends && detaches_period(&t) && j == i + 1 && t.span.end > t.span.start + 1 {
            toks.meta[i].detach = true;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    /// Records every candidate's previous word and quote flag; decides by the rule.
    struct Record(Vec<(String, bool)>);

    impl Decide for Record {
        fn decide(&mut self, c: &boundary::Context, _at: usize) -> bool {
            self.0.push((c.prev.to_string(), c.mid_quote));
            c.rule
        }
    }

    fn contexts(text: &str) -> Vec<(String, bool)> {
        let mut toks = Toks::with_capacity(64);
        tokenize(text, &mut toks);
        let mut r = Record(Vec::new());
        split(text, &mut toks, &mut r);
        r.0
    }

    #[test]
    fn quotation_opened_mid_sentence_is_flagged() {
        let c = contexts("He said \"We won. They lost.\" Then he left. Fine.");
        // Candidates after "won.", "lost." (closed) and "left.".
        assert_eq!(c.len(), 3, "{c:?}");
        // Inside the quotation that opened after "said": flagged.
        assert_eq!(c[0], (".".to_string(), true));
        // The quotation closed before "Then": not flagged; nor later.
        assert!(c.iter().skip(1).all(|(_, q)| !q), "{c:?}");
    }

    #[test]
    fn quotation_opening_the_sentence_is_not_flagged() {
        let c = contexts("\"We won. They lost,\" he said. Fine.");
        assert!(!c.is_empty());
        assert!(c.iter().all(|(_, q)| !q), "{c:?}");
    }
}
