//! A relative pronoun that is a source ("Sen. Ted Cruz, [who] issued a
//! letter") speaks for its antecedent: the kind and entity of the source
//! are the antecedent's, which the parse gives as the head of the relative
//! clause ("who" → "issued" → acl:relcl of "Cruz"). Without this, "who" is
//! classified by its words alone and comes out anonymous.

use backchannel_core::{Attribution, CharIndex, Document};

use crate::chars::{source_before_cue, tok_range};

/// Relations that keep a word inside its head's noun phrase.
const NP_PARTS: &[&str] = &["det", "amod", "compound", "flat", "nmod:poss", "nummod"];

/// The char span of the noun phrase a relative-pronoun source stands for,
/// or None when the source is not a lone relative pronoun with a parsed
/// antecedent.
pub(crate) fn antecedent(
    doc: &Document,
    idx: &CharIndex,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let toks = &doc.tokens;
    let n = toks.len();
    let word = doc.slice(idx, start, end).trim();
    if !["who", "which", "that", "whom"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
    {
        return None;
    }
    let head = |i: usize| {
        usize::try_from(toks[i].head)
            .ok()
            .filter(|&h| h < n && h != i)
    };
    let p = toks.partition_point(|t| t.end <= start);
    let verb = head(*(p < n).then_some(&p)?)?;
    if toks[verb].deprel.as_deref() != Some("acl:relcl") {
        return None;
    }
    let noun = head(verb)?;
    if noun >= p {
        return None;
    }
    // The noun phrase: the modifiers right before the noun that hang on it
    // and the name parts right after it ("Sens. Ted [Cruz]").
    let part = |i: usize| {
        head(i) == Some(noun) && NP_PARTS.contains(&toks[i].deprel.as_deref().unwrap_or(""))
    };
    let mut lo = noun;
    while lo > 0 && part(lo - 1) {
        lo -= 1;
    }
    let mut hi = noun;
    while hi + 1 < p && part(hi + 1) && toks[hi + 1].deprel.as_deref() == Some("flat") {
        hi += 1;
    }
    Some((toks[lo].start, toks[hi].end))
}

/// A source the tagger ran on into a relative pronoun ("[Lionel Sosa, a
/// media consultant] who", "[those] who") is split at it: when the cue is
/// the verb right after the pronoun the pronoun alone speaks ("those [who]
/// said"); otherwise the noun phrase before it does.
pub(crate) fn split_sources(doc: &Document, idx: &CharIndex, atts: &mut [Attribution]) {
    let toks = &doc.tokens;
    let word = |i: usize| doc.slice(idx, toks[i].start, toks[i].end);
    for a in atts.iter_mut() {
        let Some((cue, s)) = source_before_cue(a) else {
            continue;
        };
        let (s0, s1) = tok_range(toks, s.start, s.end);
        let (c0, c1) = tok_range(toks, cue.0, cue.1);
        if s1 < s0 + 2 || s1 > toks.len() {
            continue;
        }
        let last = s1 - 1;
        if !["who", "that", "which"]
            .iter()
            .any(|w| word(last).eq_ignore_ascii_case(w))
        {
            continue;
        }
        // The cue verb right after the pronoun, or the verb it is the
        // subject of ("who [in 2010] said").
        let subject_of_cue = usize::try_from(toks[last].head).is_ok_and(|h| (c0..c1).contains(&h));
        let (start, end) = if c0 == s1 || subject_of_cue {
            (last, last)
        } else {
            let mut end = last;
            while end > s0 && word(end - 1) == "," {
                end -= 1;
            }
            if end == s0 {
                continue;
            }
            (s0, end - 1)
        };
        s.start = toks[start].start;
        s.end = toks[end].end;
        s.text = doc.slice(idx, s.start, s.end).to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backchannel_core::{DocMeta, Token};

    #[test]
    fn who_stands_for_the_noun_its_clause_hangs_on() {
        // Sen. Ted Cruz , who issued it
        let rows: [(&str, i64, &str); 7] = [
            ("Sen.", 2, "compound"),
            ("Ted", 2, "compound"),
            ("Cruz", -1, "root"),
            (",", 2, "punct"),
            ("who", 5, "nsubj"),
            ("issued", 2, "acl:relcl"),
            ("it", 5, "obj"),
        ];
        // The rule reads no tags.
        let rows: Vec<_> = rows.iter().map(|&(w, h, rel)| (w, "X", h, rel)).collect();
        let d = crate::test_util::parsed(&rows);
        let text = d.text.clone();
        let idx = d.char_index();
        let who = text.find("who").unwrap_or(0);
        let span = antecedent(&d, &idx, who, who + 3);
        assert_eq!(span.map(|(s, e)| &text[s..e]), Some("Sen. Ted Cruz"));
        // Not a relative pronoun: nothing to resolve.
        assert_eq!(antecedent(&d, &idx, 0, 4), None);
    }

    #[test]
    fn sources_split_at_a_relative_pronoun() {
        use crate::test_util::attribution;
        let run = |text: &str, source: &str, cue: &str| {
            let mut d = Document::from_plain(text.to_string(), DocMeta::default());
            let mut pos = 0;
            for w in text.split(' ') {
                d.tokens.push(Token::new(pos, pos + w.len()));
                pos += w.len() + 1;
            }
            let mut atts = vec![attribution(text, Some(source), cue, &[])];
            split_sources(&d, &d.char_index(), &mut atts);
            atts[0].source.as_ref().map(|s| s.text.clone())
        };
        let t = "those who said no";
        assert_eq!(run(t, "those who", "said").as_deref(), Some("who"));
        let t = "Sosa , a consultant , who lives here , said no";
        let s = run(t, "Sosa , a consultant , who", "said");
        assert_eq!(s.as_deref(), Some("Sosa , a consultant"));
    }
}
