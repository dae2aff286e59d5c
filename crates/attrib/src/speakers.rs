//! Attributions made by layout rather than by a verb, which the tagger
//! rarely sees often enough to learn (a handful of articles each):
//!
//! - transcript lines, `WALLACE: Let's start with …`: the all-caps speaker
//!   label is the source, its colon the cue, the rest of the line the
//!   content. A label counts only when it labels at least two lines of the
//!   document (a transcript alternates speakers), so one-off kickers
//!   ("UPDATE:", "EXCLUSIVE:") do not speak;
//! - signature dashes after a quotation, `“…” ― Sonya Herridge` or a quoted
//!   paragraph followed by `- Bernie Sanders.`: the dash is the cue, the name
//!   after it the source, the quotation (with its marks) the content.
//!
//! PolNeAR gives each token to at most one attribution, so predictions that
//! put a cue inside the spans found here are dropped, and their sources or
//! content pieces that overlap them are cut away.

use crate::chars::overlaps;
use crate::chars::push_spanned;
use backchannel_core::Attribution;

const DASHES: &[char] = &['-', '—', '―', '–'];
const OPEN_QUOTES: &[char] = &['“', '”', '"'];
const CLOSE_QUOTES: &[char] = &['”', '"', '“'];
/// Words a signature may run to (name plus a short description after a comma).
const MAX_SIGNATURE_WORDS: usize = 12;
/// Words a speaker name may have.
const MAX_NAME_WORDS: usize = 5;

/// A span [start, end) of chars.
type Span = (usize, usize);

/// Lines of the text as char spans (without the newline).
fn lines(chars: &[char]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            out.push((s, i));
            s = i + 1;
        }
    }
    out.push((s, chars.len()));
    out
}

/// Trim whitespace (including no-break spaces) at both ends of a span.
fn trim(chars: &[char], (mut a, mut b): Span) -> Span {
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    (a, b)
}

/// The transcript speaker label of a line: (label span, colon offset).
fn speaker_label(chars: &[char], line: Span) -> Option<(Span, usize)> {
    let (mut a, b) = trim(chars, line);
    if a < b && OPEN_QUOTES.contains(&chars[a]) {
        a += 1;
    }
    let colon = (a..b).find(|&i| chars[i] == ':')?;
    let label = trim(chars, (a, colon));
    let text: String = chars[label.0..label.1].iter().collect();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let ok_chars = text
        .chars()
        .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-'));
    let words = text.split_whitespace().count();
    let space_after = chars.get(colon + 1).is_some_and(|c| c.is_whitespace());
    (upper >= 2 && ok_chars && words <= 3 && label.0 < label.1 && space_after)
        .then_some((label, colon))
}

/// Transcript attributions: (source, cue, content) spans.
fn transcript(chars: &[char], ls: &[Span]) -> Vec<(Span, Span, Span)> {
    let labels: Vec<Option<(Span, usize, String)>> = ls
        .iter()
        .map(|&l| speaker_label(chars, l).map(|(s, c)| (s, c, chars[s.0..s.1].iter().collect())))
        .collect();
    let mut out = Vec::new();
    for (k, lab) in labels.iter().enumerate() {
        let Some((src, colon, name)) = lab else {
            continue;
        };
        let uses = labels
            .iter()
            .flatten()
            .filter(|(_, _, n)| n == name)
            .count();
        let content = trim(chars, (colon + 1, ls[k].1));
        if uses >= 2 && content.0 < content.1 {
            out.push((*src, (*colon, colon + 1), content));
        }
    }
    out
}

/// The name after a signature dash: up to a comma or the line end, without
/// a final period; `None` unless it looks like a name.
fn signature_name(chars: &[char], from: usize, line_end: usize) -> Option<Span> {
    let rest = trim(chars, (from, line_end));
    let words = chars[rest.0..rest.1]
        .split(|c| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .count();
    if rest.0 >= rest.1 || words > MAX_SIGNATURE_WORDS || !chars[rest.0].is_uppercase() {
        return None;
    }
    let end = (rest.0..rest.1)
        .find(|&i| chars[i] == ',')
        .unwrap_or(rest.1);
    let (a, mut b) = trim(chars, (rest.0, end));
    // A final period ends the line, unless it closes an initial ("Edwin G.").
    if b > a + 2 && chars[b - 1] == '.' && !chars[b - 3].is_whitespace() {
        b -= 1;
    }
    let name_words = chars[a..b]
        .split(|c| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .count();
    let quoteless = !chars[a..b].iter().any(|c| OPEN_QUOTES.contains(c));
    (b > a && name_words <= MAX_NAME_WORDS && quoteless).then_some((a, b))
}

/// Signature attributions: (source, cue, content) spans.
fn signatures(chars: &[char], ls: &[Span]) -> Vec<(Span, Span, Span)> {
    let mut out = Vec::new();
    for (k, &line) in ls.iter().enumerate() {
        let (a, b) = trim(chars, line);
        for d in a..b {
            if !DASHES.contains(&chars[d]) {
                continue;
            }
            // The dash stands alone: space or a closing quote before it,
            // a space or a capital after it ("-President Obama").
            let before = trim(chars, (a, d));
            let after_ok = chars
                .get(d + 1)
                .is_some_and(|c| c.is_whitespace() || c.is_uppercase());
            // Checked first: a hyphen inside a word fails here, before the
            // rest of its line is read for a name.
            if !after_ok {
                continue;
            }
            let Some(name) = signature_name(chars, d + 1, b) else {
                continue;
            };
            let content = if before.0 == before.1 {
                // "- Name" on its own line: the previous non-empty line must
                // be a quotation from end to end.
                let prev = ls[..k]
                    .iter()
                    .rev()
                    .map(|&l| trim(chars, l))
                    .find(|l| l.0 < l.1);
                prev.filter(|&(p, q)| {
                    q > p + 1
                        && OPEN_QUOTES.contains(&chars[p])
                        && CLOSE_QUOTES.contains(&chars[q - 1])
                })
            } else {
                // "“…” ― Name": a quotation opening the line, closing right
                // before the dash.
                let (p, q) = before;
                (q > p + 1
                    && OPEN_QUOTES.contains(&chars[p])
                    && CLOSE_QUOTES.contains(&chars[q - 1]))
                .then_some((p, q))
            };
            if let Some(c) = content {
                out.push((name, (d, d + 1), c));
            }
            break;
        }
    }
    out
}

/// Add transcript and signature attributions found in `chars` (the
/// document text); conflicting predictions give way (ids renumbered by the
/// caller). Returns the cue spans of the attributions added.
pub fn add_speakers(chars: &[char], atts: &mut Vec<Attribution>) -> Vec<Span> {
    let ls = lines(chars);
    let mut found = transcript(chars, &ls);
    found.extend(signatures(chars, &ls));
    if found.is_empty() {
        return Vec::new();
    }
    let cues: Vec<Span> = found.iter().map(|&(_, c, _)| c).collect();
    let taken: Vec<Span> = found.iter().flat_map(|&(s, c, t)| [s, c, t]).collect();
    let hit = |x: Span| taken.iter().any(|&t| overlaps(x, t));
    atts.retain(|a| !hit((a.cue.start, a.cue.end)));
    for a in atts.iter_mut() {
        if a.source.as_ref().is_some_and(|s| hit((s.start, s.end))) {
            a.source = None;
        }
        a.content.retain(|p| !hit((p.start, p.end)));
    }
    atts.retain(|a| a.source.is_some() || !a.content.is_empty());
    push_spanned(
        chars,
        atts,
        found.into_iter().map(|(s, c, t)| [s, c, t]),
        "direct",
    );
    cues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String, String)> {
        let chars: Vec<char> = text.chars().collect();
        let mut atts = Vec::new();
        add_speakers(&chars, &mut atts);
        let t = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        atts.iter()
            .map(|a| {
                let s = a.source.as_ref().map_or(String::new(), |s| s.text.clone());
                let c = a
                    .content
                    .first()
                    .map_or(String::new(), |p| t(p.start, p.end));
                (s, a.cue.text.clone(), c)
            })
            .collect()
    }

    #[test]
    fn transcript_lines_attribute_to_their_speaker() {
        let got = run("Intro.\n\n\"WALLACE: Let's start.\n\nPENCE: Well, look.\n\nWALLACE: Thanks.\n\nUPDATE: later.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[0],
            ("WALLACE".into(), ":".into(), "Let's start.".into())
        );
        // PENCE labels one line only: not a transcript speaker on its own.
        assert_eq!(got[1].2, "Thanks.");
    }

    #[test]
    fn signature_dashes_attribute_the_quote() {
        let got = run("Intro.\n“He represents our shame.” ― Sonya Herridge\n\"Great speech.\"\n\n-President Obama, tweeting after the speech.\n");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[0],
            (
                "Sonya Herridge".into(),
                "―".into(),
                "“He represents our shame.”".into()
            )
        );
        assert_eq!(
            got[1],
            (
                "President Obama".into(),
                "-".into(),
                "\"Great speech.\"".into()
            )
        );
    }

    #[test]
    fn dashes_inside_prose_do_not_sign() {
        assert!(run("The vote — a close one — passed. “Yes” - he said it.").is_empty());
        assert!(run("“A” — and then B went on for many more words than any signature would take here today.").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in ["", "-", "“”-A", ":\n:", "A:\n\"B: \n-", "”― X."] {
            run(t);
        }
    }
}
