//! A relative pronoun that is a source ("Sen. Ted Cruz, [who] issued a
//! letter") speaks for its antecedent: the kind and entity of the source
//! are the antecedent's, which the parse gives as the head of the relative
//! clause ("who" → "issued" → acl:relcl of "Cruz"). Without this, "who" is
//! classified by its words alone and comes out anonymous.

use backchannel_core::{CharIndex, Document};

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
        let text = rows.iter().map(|r| r.0).collect::<Vec<_>>().join(" ");
        let mut d = Document::from_plain(text.clone(), DocMeta::default());
        let mut pos = 0;
        for &(w, h, rel) in &rows {
            let mut t = Token::new(pos, pos + w.len());
            t.head = h;
            t.deprel = Some(rel.into());
            d.tokens.push(t);
            pos += w.len() + 1;
        }
        let idx = d.char_index();
        let who = text.find("who").unwrap_or(0);
        let span = antecedent(&d, &idx, who, who + 3);
        assert_eq!(span.map(|(s, e)| &text[s..e]), Some("Sen. Ted Cruz"));
        // Not a relative pronoun: nothing to resolve.
        assert_eq!(antecedent(&d, &idx, 0, 4), None);
    }
}
