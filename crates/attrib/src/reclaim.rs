//! “A,” Smith said at the gala, where Jones also spoke. “B.” — the tagger
//! gives the quotation that opens the next sentence to the nearest cue
//! ("spoke"), a clause in the trailer of Smith's attribution; the speaker
//! going on is Smith, whose quotation came before the cue. The quotation
//! moves to the earlier attribution; the trailer's attribution keeps its
//! source and cue (dropping it too cost train cue and source tp). At one
//! model (main's, 5cee09f): dev content exact tp 1197 -> 1199, fp 699 ->
//! 696; PolNeAR train (eval example) 12262 -> 12270, fp 5226 -> 5208.

use backchannel_core::{Attribution, Document};

use crate::chars::{sentence_at, skip_ws, speaker_span};

/// Quotation marks that open a quotation.
const OPENERS: &[char] = &['“', '"', '«', '‘', '`', '\''];

/// Move a sentence-opening quotation from an attribution in the trailer of
/// a quoting attribution (same sentence, after its cue) to that one.
pub fn reclaim_quotes(doc: &Document, chars: &[char], atts: &mut [Attribution]) {
    for b in 0..atts.len() {
        let [q] = atts[b].content[..] else { continue };
        let (b_lo, b_hi) = speaker_span(&atts[b]);
        if q.start < b_hi || !chars.get(q.start).is_some_and(|c| OPENERS.contains(c)) {
            continue;
        }
        let (Some(bs), Some(qs)) = (sentence_at(doc, b_lo), sentence_at(doc, q.start)) else {
            continue;
        };
        // The quotation opens the sentence right after the cue's.
        if skip_ws(chars, qs.0, q.start) != q.start || skip_ws(chars, bs.1, qs.0) != qs.0 {
            continue;
        }
        // The quoting attribution: earlier in the same sentence, its
        // content a quotation before its cue and nothing after it.
        let a = (0..atts.len()).find(|&a| {
            let x = &atts[a];
            let (lo, hi) = speaker_span(x);
            a != b
                && hi <= b_lo
                && sentence_at(doc, lo) == Some(bs)
                && !x.content.is_empty()
                && x.content.iter().all(|p| p.end <= lo)
                && x.content
                    .iter()
                    .any(|p| chars.get(p.start).is_some_and(|c| OPENERS.contains(c)))
        });
        if let Some(a) = a {
            atts[b].content.clear();
            atts[a].content.push(q);
            atts[a].content.sort_by_key(|p| p.start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution_at, find};
    use backchannel_core::{DocMeta, Sentence};

    #[test]
    fn the_next_quotation_goes_back_to_the_quoting_speaker() {
        let t = "\"We will win,\" Obama said at the gala, where Clinton also spoke. \"Justice is on the ballot.\"";
        let mut doc = Document::from_plain(t.into(), DocMeta::default());
        let split = find(t, "\"Justice").0;
        let n = t.chars().count();
        doc.sentences = vec![
            Sentence {
                start: 0,
                end: split - 1,
            },
            Sentence {
                start: split,
                end: n,
            },
        ];
        let chars: Vec<char> = t.chars().collect();
        let quote = find(t, "\"Justice is on the ballot.\"");
        let mut atts = vec![
            attribution_at(
                Some(find(t, "Obama")),
                find(t, "said"),
                &[find(t, "\"We will win,\"")],
            ),
            attribution_at(Some(find(t, "Clinton")), find(t, "also spoke"), &[quote]),
        ];
        reclaim_quotes(&doc, &chars, &mut atts);
        let got: Vec<(usize, usize)> = atts[0].content.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(got, vec![find(t, "\"We will win,\""), quote]);
        assert!(atts[1].content.is_empty());
        assert!(atts[1].source.is_some(), "the trailer keeps its source");
    }

    #[test]
    fn a_quotation_of_its_own_stays() {
        // Clinton's attribution opens its own sentence: not a trailer.
        let t = "\"We will win,\" Obama said. Clinton spoke later. \"It is close.\"";
        let mut doc = Document::from_plain(t.into(), DocMeta::default());
        let (s2, s3) = (find(t, "Clinton").0, find(t, "\"It").0);
        let n = t.chars().count();
        doc.sentences = vec![
            Sentence {
                start: 0,
                end: s2 - 1,
            },
            Sentence {
                start: s2,
                end: s3 - 1,
            },
            Sentence { start: s3, end: n },
        ];
        let chars: Vec<char> = t.chars().collect();
        let quote = find(t, "\"It is close.\"");
        let mut atts = vec![
            attribution_at(
                Some(find(t, "Obama")),
                find(t, "said"),
                &[find(t, "\"We will win,\"")],
            ),
            attribution_at(Some(find(t, "Clinton")), find(t, "spoke"), &[quote]),
        ];
        reclaim_quotes(&doc, &chars, &mut atts);
        assert_eq!(atts[0].content.len(), 1);
        assert_eq!(atts[1].content.len(), 1);
    }
}
