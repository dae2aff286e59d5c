//! Content after an attribution that leads its sentence or paragraph:
//! "According to police, X." and "Smith said:" followed by the claim.
//!
//! The tagger finds these cues but often labels no content after them (dev:
//! ~20 of 37 cues with content after them and none predicted). PolNeAR
//! train draws the spans plainly: after "According to Y," the rest of the
//! sentence without its final period; after a colon a quotation up to its
//! closing mark, or else the next sentence without its final period.

use crate::before::nested_in;
use crate::chars::{retain_indexed, sentence_at, skip_ws, speaker_span};
use backchannel_core::{Attribution, Document, Piece, Source};

/// End of the sentence at `i` without trailing spaces and a final period
/// (a question or exclamation mark stays, as annotators keep it).
fn clause_end(doc: &Document, chars: &[char], i: usize) -> Option<usize> {
    let (_, se) = sentence_at(doc, i)?;
    let mut e = se.min(chars.len());
    while e > i && (chars[e - 1].is_whitespace() || chars[e - 1] == '.') {
        e -= 1;
    }
    (e > i).then_some(e)
}

/// End (exclusive) of the quotation opening at `i`, within its paragraph.
fn quotation_end(chars: &[char], i: usize) -> Option<usize> {
    let close = match chars.get(i)? {
        '“' => '”',
        '"' => '"',
        '«' => '»',
        _ => return None,
    };
    let mut j = i + 1;
    while j < chars.len() && chars[j] != '\n' {
        if chars[j] == close {
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

/// Give attributions without content the claim they lead into.
pub fn add(doc: &Document, chars: &[char], atts: &mut Vec<Attribution>) {
    let n = chars.len();
    let mut drop: Vec<usize> = Vec::new();
    for k in 0..atts.len() {
        let a = &atts[k];
        if !a.content.is_empty() || drop.contains(&k) {
            continue;
        }
        let (lo, hi) = speaker_span(a);
        if hi == 0 || hi > n {
            continue;
        }
        let at_start = sentence_at(doc, lo).is_some_and(|(s, _)| skip_ws(chars, s, lo) == lo);
        // "According to Y, X": Y runs to the first comma of the sentence
        // (the tagger's source often stops short of it, or is missing).
        let mut source = None;
        if at_start && a.cue.text.to_lowercase().starts_with("according to") {
            let stop = clause_end(doc, chars, a.cue.end).unwrap_or(a.cue.end);
            let Some(comma) = (a.cue.end..stop).find(|&i| chars[i] == ',') else {
                continue;
            };
            let ys = a.source.as_ref().map_or(a.cue.end, |s| s.start);
            let y = (skip_ws(chars, ys, comma), comma);
            if y.0 < y.1 && ys >= a.cue.end {
                source = Some(y);
            }
        }
        let hi = source.map_or(hi, |y| y.1);
        let c = skip_ws(chars, hi, n);
        let piece = if chars[hi - 1] == ':' || chars.get(c) == Some(&':') {
            let start = if chars[hi - 1] == ':' {
                c
            } else {
                skip_ws(chars, c + 1, n)
            };
            match quotation_end(chars, start) {
                Some(end) => Some((start, end)),
                None if chars.get(start).is_some_and(|c| c.is_alphanumeric()) => {
                    clause_end(doc, chars, start).map(|end| (start, end))
                }
                None => None,
            }
        } else if chars.get(c) == Some(&',') && at_start {
            let start = skip_ws(chars, c + 1, n);
            clause_end(doc, chars, start)
                .filter(|&e| !chars[start..e].contains(&'\n'))
                .map(|end| (start, end))
        } else {
            None
        };
        let Some((start, end)) = piece else { continue };
        if end <= start {
            continue;
        }
        let Some(inner) = nested_in(atts, k, start, end) else {
            continue;
        };
        drop.extend(inner);
        let a = &mut atts[k];
        a.content.push(Piece { start, end });
        if let Some((ys, ye)) = source {
            a.source = Some(Source {
                start: ys,
                end: ye,
                text: chars[ys..ye].iter().collect(),
                entity: None,
                kind: "none".to_string(),
            });
        }
    }
    retain_indexed(atts, |j| !drop.contains(&j));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution, find};
    use backchannel_core::DocMeta;

    fn run(t: &str, cue: &str) -> Vec<(usize, usize)> {
        let mut doc = Document::from_plain(t.into(), DocMeta::default());
        backchannel_segment::segment(&mut doc);
        let chars: Vec<char> = t.chars().collect();
        let mut atts = vec![attribution(t, None, cue, &[])];
        add(&doc, &chars, &mut atts);
        atts[0].content.iter().map(|p| (p.start, p.end)).collect()
    }

    #[test]
    fn according_to_at_the_sentence_start() {
        let t = "He left. According to police, officers saw a gun. Then it rained.";
        assert_eq!(run(t, "According to"), vec![find(t, "officers saw a gun")]);
        let t = "Officers saw a gun, according to police.";
        assert!(run(t, "according to").is_empty());
        // No source from the tagger: it runs to the comma.
        let t = "According to a new report, turnout fell.";
        assert_eq!(run(t, "According to"), vec![find(t, "turnout fell")]);
    }

    #[test]
    fn after_a_colon() {
        let t = "He said:\n\n“We will win. They will lose.”\n\nThen he left.";
        assert_eq!(
            run(t, "said:"),
            vec![find(t, "“We will win. They will lose.”")]
        );
        let t = "Limbaugh added: The deck is stacked. Nobody doubts it.";
        assert_eq!(run(t, "added:"), vec![find(t, "The deck is stacked")]);
    }
}
