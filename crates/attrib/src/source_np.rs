//! A source before its cue that the tagger started late takes the rest of
//! its noun phrase from the parse: the determiners, adjectives, compounds
//! and name parts that hang on it right before it ("[the] FBI", "[Alex]
//! Seitz-Wald", "[many college-educated] white voters"), and the head of a
//! partitive phrase ("[one of] Mr. Obama's advisers"). PolNeAR sources are
//! whole noun phrases; the tagger decides the first token alone and often
//! starts at the nearest noun. Only these closed relations widen a source:
//! following any dependency up (subtree edges) also takes in prepositions
//! and clauses the parse hangs on the noun ("a few weeks after Obama"),
//! which cost more than they gain on PolNeAR train. Dev source +4 exact,
//! train (embedded model) +6.

use backchannel_core::{Attribution, CharIndex, Document};

use crate::chars::{overlaps, tok_range};

/// Relations of a modifier inside the noun phrase of its head.
const MODS: &[&str] = &[
    "det",
    "amod",
    "compound",
    "flat",
    "nmod:poss",
    "nummod",
    "det:predet",
];

/// Heads of partitive phrases whose source is the whole: "one of X".
const QUANTITIES: &[&str] = &[
    "one",
    "two",
    "three",
    "some",
    "many",
    "most",
    "all",
    "half",
    "none",
    "each",
    "several",
    "group",
    "array",
    "number",
    "majority",
    "percent",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "members",
    "few",
    "both",
    "any",
];

/// Widen sources that start inside their noun phrase (ids unchanged).
pub fn widen(doc: &Document, idx: &CharIndex, atts: &mut [Attribution]) {
    let toks = &doc.tokens;
    let n = toks.len();
    if n == 0 || toks.iter().all(|t| t.deprel.is_none()) {
        return;
    }
    let head = |i: usize| {
        usize::try_from(toks[i].head)
            .ok()
            .filter(|&h| h < n && h != i)
    };
    let is_word = |i: usize| {
        doc.slice(idx, toks[i].start, toks[i].end)
            .chars()
            .any(|c| c.is_alphanumeric())
    };
    let spans: Vec<Vec<(usize, usize)>> = atts.iter().map(all_spans).collect();
    for (k, a) in atts.iter_mut().enumerate() {
        let Some(s) = a.source.as_ref() else { continue };
        if s.end > a.cue.start || s.start >= s.end {
            continue;
        }
        let (s0, s1) = tok_range(toks, s.start, s.end);
        if s0 >= s1 || toks[s0].start != s.start {
            continue;
        }
        // Take in the modifiers right before the span that hang on it
        // (or on which it hangs as a name part): "[the] FBI", "[Alex]
        // Seitz-Wald", "[Monday] night's results".
        let inside = |i: usize, lo: usize| head(i).is_some_and(|p| p >= lo && p < s1);
        let mut lo = s0;
        while lo > 0 {
            let j = lo - 1;
            let rel = toks[j].deprel.as_deref().unwrap_or("");
            let modifier = MODS.contains(&rel) && inside(j, lo);
            let name_head = (lo..s1).any(|i| {
                head(i) == Some(j) && matches!(toks[i].deprel.as_deref(), Some("flat" | "compound"))
            });
            if !(modifier || name_head) || !is_word(j) {
                break;
            }
            lo = j;
        }
        // "[one of] Mr. Obama's advisers": a part of a quantity.
        if lo >= 2 {
            let (of, q) = (lo - 1, lo - 2);
            let word = |i: usize| doc.slice(idx, toks[i].start, toks[i].end).to_lowercase();
            let head_of_span = (s0..s1).find(|&i| head(i) == Some(q));
            if word(of) == "of" && head_of_span.is_some() && QUANTITIES.contains(&word(q).as_str())
            {
                lo = q;
                while lo > 0
                    && matches!(toks[lo - 1].deprel.as_deref(), Some("det" | "amod"))
                    && head(lo - 1) == Some(q)
                {
                    lo -= 1;
                }
            }
        }
        if lo >= s0 {
            continue;
        }
        let sentence = crate::chars::sentence_at(doc, s.start);
        let start = toks[lo].start;
        let ext = (start, s.start);
        let clash = spans
            .iter()
            .enumerate()
            .any(|(j, sp)| j != k && sp.iter().any(|&x| overlaps(x, ext)))
            || a.content.iter().any(|p| overlaps((p.start, p.end), ext))
            || sentence.is_some_and(|(ss, _)| start < ss);
        if clash {
            continue;
        }
        let Some(s) = a.source.as_mut() else { continue };
        s.start = start;
        s.text = doc.slice(idx, s.start, s.end).to_string();
    }
}

/// Every span of an attribution: cue, source and content pieces.
fn all_spans(a: &Attribution) -> Vec<(usize, usize)> {
    std::iter::once((a.cue.start, a.cue.end))
        .chain(a.source.as_ref().map(|s| (s.start, s.end)))
        .chain(a.content.iter().map(|p| (p.start, p.end)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution, parsed};

    #[test]
    fn takes_in_modifiers_and_partitive_heads() {
        let d = parsed(&[
            ("one", "NUM", 4, "nsubj"),
            ("of", "ADP", 3, "case"),
            ("the", "DET", 3, "det"),
            ("advisers", "NOUN", 0, "nmod"),
            ("said", "VERB", -1, "root"),
        ]);
        let mut atts = vec![attribution(&d.text, Some("advisers"), "said", &[])];
        widen(&d, &d.char_index(), &mut atts);
        let s = atts[0].source.as_ref().map(|s| s.text.as_str());
        assert_eq!(s, Some("one of the advisers"));
    }

    #[test]
    fn leaves_prepositional_heads_and_clashes_alone() {
        let d = parsed(&[
            ("weeks", "NOUN", 3, "obl"),
            ("after", "ADP", 2, "case"),
            ("Obama", "PROPN", 0, "nmod"),
            ("spoke", "VERB", -1, "root"),
        ]);
        let mut atts = vec![attribution(&d.text, Some("Obama"), "spoke", &[])];
        widen(&d, &d.char_index(), &mut atts);
        assert_eq!(
            atts[0].source.as_ref().map(|s| s.text.as_str()),
            Some("Obama")
        );
        // A determiner that is another attribution's span stays out.
        let d = parsed(&[
            ("the", "DET", 1, "det"),
            ("FBI", "PROPN", 2, "nsubj"),
            ("said", "VERB", -1, "root"),
        ]);
        let mut atts = vec![
            attribution(&d.text, Some("FBI"), "said", &[]),
            attribution(&d.text, None, "the", &[]),
        ];
        widen(&d, &d.char_index(), &mut atts);
        assert_eq!(
            atts[0].source.as_ref().map(|s| s.text.as_str()),
            Some("FBI")
        );
        let mut atts = vec![attribution(&d.text, Some("FBI"), "said", &[])];
        widen(&d, &d.char_index(), &mut atts);
        assert_eq!(
            atts[0].source.as_ref().map(|s| s.text.as_str()),
            Some("the FBI")
        );
    }
}
