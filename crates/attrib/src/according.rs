//! "According to" the tagger read past: "Parsi worked closely with Zarif
//! and, according to White House visitor logs, had visited the White House
//! 33 times" comes out of the tagger with no attribution at all, because
//! the phrase sits mid-sentence between commas, where training has few.
//! PolNeAR marks "according to" as a cue nearly always (train: 413 gold
//! cues for 429 occurrences in the texts), so an occurrence no attribution
//! touches becomes a cue of its own; the source (the phrase after it, see
//! `source_edges`) and the content (the clauses around it, see `before` and
//! `leads`) are filled by the rules that run after this one.

use backchannel_core::{Attribution, CharIndex, Document};

use crate::chars::{overlaps, retain_indexed, rule_attribution};

/// Add a bare cue attribution for every "according to" that lies outside
/// every attribution's cue, source and content (ids renumbered by the
/// caller).
pub(crate) fn add(doc: &Document, idx: &CharIndex, atts: &mut Vec<Attribution>) {
    let toks = &doc.tokens;
    // A token equal to an ASCII word has its char length: lengths first,
    // so nearly no token's text is looked up.
    let is = |i: usize, w: &str| {
        toks[i].end.checked_sub(toks[i].start) == Some(w.len())
            && doc
                .slice(idx, toks[i].start, toks[i].end)
                .eq_ignore_ascii_case(w)
    };
    let mut found = Vec::new();
    for i in 1..toks.len() {
        if !is(i, "to") || !is(i - 1, "according") {
            continue;
        }
        let cue = (toks[i - 1].start, toks[i].end);
        let touched = atts.iter().any(|a| {
            overlaps((a.cue.start, a.cue.end), cue)
                || a.source
                    .as_ref()
                    .is_some_and(|s| overlaps((s.start, s.end), cue))
                || a.content.iter().any(|p| overlaps((p.start, p.end), cue))
        });
        // The phrase must go on: "according to" at the very end of the
        // text introduces nothing.
        if !touched && i + 1 < toks.len() {
            found.push(cue);
        }
    }
    for cue in found {
        let text = doc.slice(idx, cue.0, cue.1).to_string();
        atts.push(rule_attribution(None, (cue, text), Vec::new(), "indirect"));
    }
}

/// "according to White House visitor [logs]": the tagger sometimes reads a
/// word of the phrase "according to" introduces as a cue of its own, which
/// cuts the source short and leaves the phrase to other attributions (here
/// to "reportedly"'s content, and "according to" to the nesting filter).
/// PolNeAR gives the whole phrase, up to the first clause mark, to the
/// source: an attribution whose cue and content lie inside that phrase
/// (at most [`MAX_PHRASE_WORDS`] words, ending at punctuation) is dropped,
/// and a source that starts the phrase and stops inside it runs to its end.
pub(crate) fn absorb_phrase_cues(doc: &Document, idx: &CharIndex, atts: &mut Vec<Attribution>) {
    let toks = &doc.tokens;
    // (index of the "according to" attribution, phrase span)
    let mut phrases = Vec::new();
    for (k, a) in atts.iter().enumerate() {
        if !a.cue.text.eq_ignore_ascii_case("according to") {
            continue;
        }
        let first = toks.partition_point(|t| t.start < a.cue.end);
        let mut end = first;
        let mut closed = false;
        while end < toks.len() && end - first <= MAX_PHRASE_WORDS {
            let w = doc.slice(idx, toks[end].start, toks[end].end);
            if w.chars().all(|c| !c.is_alphanumeric()) && w != "'s" && w != "’s" {
                closed = true;
                break;
            }
            end += 1;
        }
        if closed && end > first {
            phrases.push((k, (toks[first].start, toks[end - 1].end)));
        }
    }
    let inside = |(a, b): (usize, usize), (lo, hi): (usize, usize)| lo <= a && b <= hi;
    let mut stray = vec![false; atts.len()];
    for &(k, ph) in &phrases {
        for (j, x) in atts.iter().enumerate() {
            stray[j] |= j != k
                && inside((x.cue.start, x.cue.end), ph)
                && x.content.iter().all(|p| inside((p.start, p.end), ph));
        }
        let any_stray =
            (0..atts.len()).any(|j| stray[j] && inside((atts[j].cue.start, atts[j].cue.end), ph));
        if let Some(s) = atts[k].source.as_mut() {
            if any_stray && s.start == ph.0 && s.end < ph.1 {
                s.end = ph.1;
                s.text = doc.slice(idx, s.start, s.end).to_string();
            }
        }
    }
    retain_indexed(atts, |j| !stray[j]);
}

/// Another attribution's content that runs over a sourced "according to"
/// ends before it: the nesting filter would otherwise drop the "according
/// to", whose cue and source PolNeAR marks nearly always, for a content
/// edge the rankers stretched ("reportedly worked closely with Zarif and,
/// according to White House visitor logs, …"). The outer content keeps
/// what comes before the cue, without the comma and space that set it off.
pub(crate) fn cut_contents_before(chars: &[char], atts: &mut [Attribution]) {
    let cues: Vec<(usize, usize)> = atts
        .iter()
        .filter(|a| a.source.is_some() && a.cue.text.eq_ignore_ascii_case("according to"))
        .map(|a| (a.cue.start, a.cue.end))
        .collect();
    for (c0, c1) in cues {
        for x in atts.iter_mut() {
            if (x.cue.start, x.cue.end) == (c0, c1) {
                continue;
            }
            for p in x.content.iter_mut() {
                if p.start < c0 && c1 <= p.end {
                    let mut e = c0.min(chars.len());
                    while e > p.start && (chars[e - 1].is_whitespace() || chars[e - 1] == ',') {
                        e -= 1;
                    }
                    p.end = e;
                }
            }
            x.content.retain(|p| p.start < p.end);
        }
    }
}

/// Longest phrase after "according to" searched for stray cues.
const MAX_PHRASE_WORDS: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution, find};
    use backchannel_core::DocMeta;

    fn doc(t: &str) -> Document {
        let mut d = Document::from_plain(t.to_string(), DocMeta::default());
        crate::tokenize::ensure_tokens(&mut d);
        d
    }

    #[test]
    fn an_untouched_according_to_becomes_a_cue() {
        let t = "Parsi met Zarif and, according to White House visitor logs, had visited 33 times.";
        let d = doc(t);
        let mut atts = Vec::new();
        add(&d, &d.char_index(), &mut atts);
        assert_eq!(atts.len(), 1);
        assert_eq!(atts[0].cue.text, "according to");
        assert_eq!(
            (atts[0].cue.start, atts[0].cue.end),
            find(t, "according to")
        );
        assert!(atts[0].source.is_none() && atts[0].content.is_empty());
    }

    #[test]
    fn one_inside_another_attribution_is_left_alone() {
        let t = "Smith said prices rose, according to the survey.";
        let d = doc(t);
        let mut atts = vec![attribution(
            t,
            Some("Smith"),
            "said",
            &["prices rose, according to the survey"],
        )];
        add(&d, &d.char_index(), &mut atts);
        assert_eq!(atts.len(), 1);
        // Nor one at the end of the text, with nothing to introduce.
        let d = doc("It rose, according to");
        let mut atts = Vec::new();
        add(&d, &d.char_index(), &mut atts);
        assert!(atts.is_empty());
    }

    #[test]
    fn a_content_over_a_sourced_according_to_ends_before_it() {
        let t = "He reportedly met Zarif and, according to the logs, had visited 33 times.";
        let chars: Vec<char> = t.chars().collect();
        let mut atts = vec![
            attribution(
                t,
                None,
                "reportedly",
                &["met Zarif and, according to the logs, had"],
            ),
            attribution(t, Some("the logs"), "according to", &[]),
        ];
        cut_contents_before(&chars, &mut atts);
        assert_eq!(atts[0].content.len(), 1);
        let p = &atts[0].content[0];
        assert_eq!((p.start, p.end), find(t, "met Zarif and"));
        // Without a source the tagger's reading stands.
        let mut atts = vec![
            attribution(
                t,
                None,
                "reportedly",
                &["met Zarif and, according to the logs, had"],
            ),
            attribution(t, None, "according to", &[]),
        ];
        cut_contents_before(&chars, &mut atts);
        assert_eq!(atts[0].content[0].end, find(t, "had").1);
    }

    #[test]
    fn a_cue_inside_the_phrase_after_according_to_is_dropped() {
        let t = "Parsi, according to White House visitor logs, had visited 33 times.";
        let d = doc(t);
        let mut atts = vec![
            attribution(t, Some("White House visitor"), "according to", &[]),
            attribution(t, Some("had visited"), "logs", &[]),
            attribution(t, None, "had visited", &["33 times"]),
        ];
        absorb_phrase_cues(&d, &d.char_index(), &mut atts);
        let cues: Vec<&str> = atts.iter().map(|a| a.cue.text.as_str()).collect();
        assert_eq!(cues, ["according to", "had visited"]);
        let src = atts[0].source.as_ref().map(|s| s.text.as_str());
        assert_eq!(src, Some("White House visitor logs"));
    }
}
