//! A source before its cue sheds a time adjunct that the tagger ran on into
//! ("[The Times] on Saturday wrote", "[the Supreme Court] this month
//! rejected", "[the Human Rights Council] in 2015"). The adjunct dates the
//! speech event, it is not who speaks, and PolNeAR sources are the speaker's
//! noun phrase alone. Only a closed shape is cut: an optional preposition
//! or "this/last/next", then a time word (weekday, month, year, "week",
//! "today" …) as the source's last word, so names that merely contain such
//! a word ("Human Rights Council") are left alone.

use backchannel_core::{Attribution, CharIndex, Document, Token};

use crate::chars::{source_before_cue, tok_range};

/// Words that open a time adjunct.
const OPENERS: &[&str] = &[
    "on", "in", "at", "during", "this", "last", "earlier", "late", "early",
];

/// Things a date identifies ("a WBUR poll last week", "the emails released
/// this week"): their date stays in the source.
const DATED: &[&str] = &[
    "poll",
    "polls",
    "survey",
    "surveys",
    "report",
    "reports",
    "study",
    "analysis",
    "statement",
    "letter",
    "memo",
    "ad",
    "emails",
];

/// Time words that end one.
const TIMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "yesterday",
    "tonight",
    "week",
    "weekend",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
];

/// Time words that date an event relative to the report, not a thing.
const DEICTIC: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
];

/// Is this word a time word (or a year such as "2015")?
fn is_time(w: &str) -> bool {
    let year =
        w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && matches!(&w[..2], "19" | "20");
    year || TIMES.contains(&w)
}

/// The word outside the adjunct `cut..=last` that it hangs on in the parse.
/// One on the cue's verb (outside the source) dates the speaking; one that
/// hangs inside is usually part of the noun phrase ("a Clinton ad [in
/// 2008]") or of a relative clause ("who accompanied her [in 2011]").
fn lands_on(toks: &[Token], (cut, last): (usize, usize)) -> Option<usize> {
    let n = toks.len();
    let mut i = last;
    for _ in 0..8 {
        let h = usize::try_from(toks[i].head)
            .ok()
            .filter(|&h| h < n && h != i)?;
        if !(cut..=last).contains(&h) {
            return Some(h);
        }
        i = h;
    }
    None
}

/// Cut trailing time adjuncts off sources that precede their cue.
pub fn trim(doc: &Document, idx: &CharIndex, atts: &mut [Attribution]) {
    let toks = &doc.tokens;
    let word = |i: usize| doc.slice(idx, toks[i].start, toks[i].end).to_lowercase();
    for a in atts.iter_mut() {
        let Some((_, s)) = source_before_cue(a) else {
            continue;
        };
        let (s0, s1) = tok_range(toks, s.start, s.end);
        if s1 < s0 + 3 {
            continue;
        }
        // Last word, skipping a closing comma: "Clinton, on Friday,".
        let mut last = s1 - 1;
        if word(last) == "," {
            last -= 1;
        }
        if last <= s0 + 1 || !is_time(&word(last)) {
            continue;
        }
        // "on Friday", "this month", "on Friday night", "in March 2015".
        let mut cut = last;
        while cut > s0 + 1 && cut + 3 > last && !OPENERS.contains(&word(cut).as_str()) {
            cut -= 1;
        }
        if !OPENERS.contains(&word(cut).as_str()) {
            continue;
        }
        // "earlier this year": the whole run of openers goes.
        while cut > s0 + 1 && OPENERS.contains(&word(cut - 1).as_str()) {
            cut -= 1;
        }
        // Everything between the opener and the end is a time word or a
        // day number ("on Friday night", "in March 2015", "on May 3").
        let timeish = (cut + 1..=last).all(|i| {
            let w = word(i);
            is_time(&w) || w.bytes().all(|b| b.is_ascii_digit()) || w == ","
        });
        let mut end = cut;
        while end > s0 + 1 && matches!(word(end - 1).as_str(), "," | "-" | "--") {
            end -= 1;
        }
        // A dated noun ("a Clinton ad [in 2008]") keeps its date; a day or
        // "this month" right after the speaker dates the speaking.
        let deictic = DEICTIC.contains(&word(last).as_str())
            || matches!(word(cut).as_str(), "this" | "last" | "next");
        let landing = lands_on(toks, (cut, last));
        let outside = landing.is_some_and(|h| !(s0..s1).contains(&h));
        // The date of a participle ("a poll [released] last week") or of
        // a dated thing ("a WBUR [poll] last week") is part of the phrase.
        let prev = &toks[end - 1];
        let dated = DATED.contains(&word(end - 1).as_str())
            || matches!(
                prev.upos.as_deref(),
                Some("VERB" | "AUX" | "ADJ" | "ADV" | "ADP")
            );
        // A pronoun takes no modifier: "who [in January 2020] issued" is
        // the parser's misattachment of the verb's adjunct.
        let pronoun = prev.upos.as_deref() == Some("PRON");
        let on_prev = landing == Some(end - 1) && (deictic || pronoun);
        if !timeish || dated || !(outside || on_prev) {
            continue;
        }
        s.end = toks[end - 1].end;
        s.text = doc.slice(idx, s.start, s.end).to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution, parsed};

    /// Source of a hand-parsed sentence after trimming: (word, upos, head);
    /// the rule reads no relations.
    fn run(rows: &[(&str, &str, i64)], source: &str, cue: &str) -> Option<String> {
        let rows: Vec<_> = rows.iter().map(|&(w, u, h)| (w, u, h, "")).collect();
        let d = parsed(&rows);
        let mut atts = vec![attribution(&d.text, Some(source), cue, &[])];
        trim(&d, &d.char_index(), &mut atts);
        atts[0].source.as_ref().map(|s| s.text.clone())
    }

    #[test]
    fn cuts_time_adjuncts_of_the_cue() {
        let rows = [
            ("The", "DET", 1),
            ("Times", "PROPN", 4),
            ("on", "ADP", 3),
            ("Saturday", "PROPN", 4),
            ("wrote", "VERB", -1),
        ];
        let s = run(&rows, "The Times on Saturday", "wrote");
        assert_eq!(s.as_deref(), Some("The Times"));
        // A weekday the parser hung on the speaker still dates the speaking.
        let rows = [
            ("the", "DET", 1),
            ("Court", "PROPN", 4),
            ("this", "DET", 3),
            ("month", "NOUN", 1),
            ("ruled", "VERB", -1),
        ];
        let s = run(&rows, "the Court this month", "ruled");
        assert_eq!(s.as_deref(), Some("the Court"));
        // A date the parser hung on a pronoun: "who [in January 2020] issued".
        let rows = [
            ("who", "PRON", 4),
            ("in", "ADP", 2),
            ("January", "PROPN", 0),
            ("2020", "NUM", 2),
            ("issued", "VERB", -1),
        ];
        let s = run(&rows, "who in January 2020", "issued");
        assert_eq!(s.as_deref(), Some("who"));
    }

    #[test]
    fn keeps_dates_of_things_and_clauses() {
        // "a poll released last week": the participle's date.
        let rows = [
            ("a", "DET", 1),
            ("poll", "NOUN", 5),
            ("released", "VERB", 1),
            ("last", "ADJ", 4),
            ("week", "NOUN", 2),
            ("found", "VERB", -1),
        ];
        let s = run(&rows, "a poll released last week", "found");
        assert_eq!(s.as_deref(), Some("a poll released last week"));
        // "an ad in 2008": a year on a noun inside the source.
        let rows = [
            ("an", "DET", 1),
            ("ad", "NOUN", 4),
            ("in", "ADP", 3),
            ("2008", "NUM", 1),
            ("asked", "VERB", -1),
        ];
        let s = run(&rows, "an ad in 2008", "asked");
        assert_eq!(s.as_deref(), Some("an ad in 2008"));
        // A name with no opener before its time word.
        let rows = [
            ("the", "DET", 2),
            ("Sunday", "PROPN", 2),
            ("Times", "PROPN", 3),
            ("said", "VERB", -1),
        ];
        let s = run(&rows, "the Sunday Times", "said");
        assert_eq!(s.as_deref(), Some("the Sunday Times"));
    }
}
