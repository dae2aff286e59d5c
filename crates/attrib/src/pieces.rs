//! Content pieces the token tagger misses at its edges, restored from the
//! layout conventions of news quotes (PolNeAR annotates them as pieces of one
//! content):
//!
//! - a quote continued after its attribution: “A,” Smith said. “B.” — the
//!   second quotation has no cue of its own and belongs to the first;
//! - a content interrupted by its attribution: "A, Smith said, B" and
//!   "A, as Smith noted, B" — the part before the source is the first piece;
//! - pieces of one content separated by nothing but punctuation are one span.
//!
//! Multi-sentence contents are not where exact matches are lost (dev at
//! 9bcd593, contents of each gold `.ann` by the sentences they touch, exact
//! piece lists): 1 sentence 1021 of 2032 exact (50%), 2 sentences 115 of
//! 157 (73%), 3 or more 100 of 133 (75%) — mostly quotations these rules
//! already join.
//!
//! All offsets are chars into `doc.text`; `chars` is the text as chars.
//!
//! Tried and not kept (6fc1f14, no retraining): letting [`interrupted`]
//! take a quoted second piece too ("Of course, Clinton said, “I didn't
//! …”"): dev content 60.72 -> 60.67 (tp 1195 -> 1194), held-out half of
//! train (a model trained on the other half, `attrib_train`) 54.31 ->
//! 54.19 (tp 4740 -> 4730, fp 2799 -> 2811). Adding the subject of a
//! passive or raising cue as a first content piece ("Trump [is expected]
//! to unveil …": `nsubj:pass` of the cue head, or `nsubj` of seem/appear,
//! no span on it; after the filters): dev unchanged, held-out half 54.31
//! -> 54.27 — it fires ~75 times on that half, and "was asked", "was
//! told", "was known for" subjects are not contents.

use crate::chars::{retain_indexed, skip_ws, skip_ws_back, speaker_span};
use backchannel_core::{Attribution, CharIndex, Document, Piece};

const OPENERS: &[char] = &['“', '"', '«', '‘'];

/// Whether char range [a, b) overlaps any span of any attribution.
pub(crate) fn covered(atts: &[Attribution], a: usize, b: usize) -> bool {
    atts.iter().any(|x| {
        x.cue.start < b && a < x.cue.end
            || x.source.as_ref().is_some_and(|s| s.start < b && a < s.end)
            || x.content.iter().any(|p| p.start < b && a < p.end)
    })
}

/// The opening quotation mark at `i` ("“", "\"", "``", "''" as two chars)
/// and the closer that ends it; returns (closer, opener length).
fn opener_at(chars: &[char], i: usize) -> Option<(&'static str, usize)> {
    let c = *chars.get(i)?;
    let next = chars.get(i + 1).copied();
    match c {
        '“' => Some(("”", 1)),
        '«' => Some(("»", 1)),
        '"' => Some(("\"", 1)),
        '`' if next == Some('`') => Some(("''", 2)),
        '\'' if next == Some('\'') => Some(("''", 2)),
        '‘' if next == Some('‘') => Some(("’’", 2)),
        _ => None,
    }
}

/// End (exclusive) of the quotation opened at `open` (opener `len` chars
/// long) closed by `closer`, not crossing a paragraph break.
fn quote_end(chars: &[char], open: usize, len: usize, closer: &str) -> Option<usize> {
    let cl: Vec<char> = closer.chars().collect();
    let mut i = open + len;
    while i + cl.len() <= chars.len() {
        if chars[i] == '\n' {
            return None;
        }
        if chars[i..i + cl.len()] == cl[..] {
            return Some(i + cl.len());
        }
        i += 1;
    }
    None
}

/// “A,” Smith said (in an interview). “B.” (or A unquoted) — add B to the content of A's
/// attribution when B opens the next sentence (or resumes after a comma in
/// the same one) and no other attribution reaches into it. `atts` must be
/// sorted by cue. Dev: content +17 exact matches.
pub fn continued_quotes(doc: &Document, chars: &[char], atts: &mut Vec<Attribution>) {
    let mut drop_nested: Vec<usize> = Vec::new();
    for k in 0..atts.len() {
        if drop_nested.contains(&k) {
            continue;
        }
        let a = &atts[k];
        let Some(last) = a.content.iter().map(|p| p.end).max() else {
            continue;
        };
        // The content ends before the cue: a quotation, or a reported claim
        // whose speaker goes on in a quotation (train +10 exact, dev +2).
        if last > a.cue.start || last == 0 {
            continue;
        }
        let (_, tail) = speaker_span(a);
        // The quotation resumes later in the attribution's sentence, after a
        // comma (“A,” Smith said on Monday, “B.”), or opens the next one.
        let (_, se) = crate::sourcing::sentence_of(doc, a.cue.start);
        if se < tail || se > chars.len() || chars[tail..se].contains(&'\n') {
            continue;
        }
        let inner = resumed_quote(chars, tail, se);
        let i = match inner {
            Some(j) if chars[j] == '”' => continue,
            Some(j) => {
                // After a comma, or a stop the segmenter did not split at.
                let b = skip_ws_back(chars, j, tail);
                if b == tail || !matches!(chars[b - 1], ',' | '.') {
                    continue;
                }
                j
            }
            // The next sentence, even across a paragraph break: a speaker's
            // quotation often runs on in the next paragraph.
            None => skip_ws(chars, se, chars.len()),
        };
        let Some((closer, len)) = opener_at(chars, i) else {
            continue;
        };
        // Mixed marks (“…") close the quotation too (train +30 exact).
        let alt = match closer {
            "”" => "\"",
            "\"" => "”",
            c => c,
        };
        let Some(end) = quote_end(chars, i, len, closer).or_else(|| quote_end(chars, i, len, alt))
        else {
            continue;
        };
        // Attributions nested inside the quotation give way: each token
        // belongs to one attribution, the outer one.
        let inside = |x: &Attribution| {
            let (lo, hi) = speaker_span(x);
            let c_lo = x.content.iter().map(|p| p.start).min().unwrap_or(lo);
            let c_hi = x.content.iter().map(|p| p.end).max().unwrap_or(hi);
            lo.min(c_lo) >= i && hi.max(c_hi) <= end
        };
        let others = atts
            .iter()
            .enumerate()
            .filter(|(j, x)| *j != k && covered(std::slice::from_ref(x), i, end));
        if others.clone().any(|(_, x)| !inside(x)) || covered(&atts[k..=k], i, end) {
            continue;
        }
        let nested: Vec<usize> = others.map(|(j, _)| j).collect();
        drop_nested.extend(nested);
        let a = &mut atts[k];
        a.content.push(Piece { start: i, end });
        a.content.sort_by_key(|p| p.start);
    }
    retain_indexed(atts, |j| !drop_nested.contains(&j));
}

/// The first quotation mark in [tail, se) that may resume the quote after
/// its attribution; a quoted title inside the attribution's trailer
/// ("Sanders said on CNN's “State of the Union” Sunday.") is stepped over:
/// it opens with a capital after neither a comma nor a stop and closes in
/// the sentence.
fn resumed_quote(chars: &[char], tail: usize, se: usize) -> Option<usize> {
    let mut j = tail;
    while j < se {
        if chars[j] == '”' {
            return Some(j);
        }
        let Some((closer, len)) = opener_at(chars, j) else {
            j += 1;
            continue;
        };
        let b = skip_ws_back(chars, j, tail);
        let after_mark = b > tail && matches!(chars[b - 1], ',' | '.');
        let title = chars.get(j + len).is_some_and(|c| c.is_uppercase());
        match quote_end(chars, j, len, closer) {
            Some(end) if title && !after_mark && end <= se => j = end,
            _ => return Some(j),
        }
    }
    None
}

/// The clause from the sentence start `ss` to the comma before an
/// attribution starting at `lo` ("A, Smith said" or "A, as Smith said"),
/// trimmed of spaces; None without that comma or with nothing before it.
pub(crate) fn clause_before(chars: &[char], lo: usize, ss: usize) -> Option<(usize, usize)> {
    let mut b = skip_ws_back(chars, lo, ss);
    if b >= ss + 2 && chars[b - 2..b] == ['a', 's'] && (b - 2 == ss || chars[b - 3] == ' ') {
        b = skip_ws_back(chars, b - 2, ss);
    }
    if b == ss || chars[b - 1] != ',' {
        return None;
    }
    let end = skip_ws_back(chars, b - 1, ss);
    let start = skip_ws(chars, ss, chars.len());
    (end > start).then_some((start, end))
}

/// "A, Smith said, B" / "A, as Smith noted, B": the content starts after
/// the comma that closes the attribution, and the clause before the source
/// (from the sentence start, up to its comma) is the content's first piece.
/// Dev: content +7 exact matches.
pub fn interrupted(doc: &Document, chars: &[char], atts: &mut [Attribution]) {
    for k in 0..atts.len() {
        let a = &atts[k];
        let Some(src) = a.source.as_ref() else {
            continue;
        };
        let Some(first) = a.content.iter().map(|p| p.start).min() else {
            continue;
        };
        let (lo, hi) = (src.start.min(a.cue.start), src.end.max(a.cue.end));
        if first < hi {
            continue;
        }
        // ", B": only a comma between the attribution and the content.
        let c = skip_ws(chars, hi, chars.len());
        if chars.get(c) != Some(&',') || skip_ws(chars, c + 1, chars.len()) != first {
            continue;
        }
        if chars.get(first).is_some_and(|c| OPENERS.contains(c)) {
            continue;
        }
        let (ss, _) = crate::sourcing::sentence_of(doc, a.cue.start);
        let Some((start, end)) = clause_before(chars, lo, ss) else {
            continue;
        };
        if covered(atts, start, end) {
            continue;
        }
        if chars[start..end]
            .iter()
            .any(|c| OPENERS.contains(c) || *c == '”')
        {
            continue;
        }
        let a = &mut atts[k];
        a.content.push(Piece { start, end });
        a.content.sort_by_key(|p| p.start);
    }
}

/// Join consecutive pieces of one content separated only by punctuation
/// and spaces (no source or cue of any attribution between them).
pub fn join_pieces(chars: &[char], atts: &mut [Attribution]) {
    let spans: Vec<(usize, usize)> = atts
        .iter()
        .flat_map(|a| {
            a.source
                .iter()
                .map(|s| (s.start, s.end))
                .chain([(a.cue.start, a.cue.end)])
        })
        .collect();
    for a in atts.iter_mut() {
        a.content.sort_by_key(|p| p.start);
        let mut out: Vec<Piece> = Vec::with_capacity(a.content.len());
        for p in a.content.drain(..) {
            if let Some(prev) = out.last_mut() {
                let gap = prev.end.min(p.start)..p.start.max(prev.end);
                let only_punct = chars[gap.clone()]
                    .iter()
                    .all(|c| c.is_whitespace() || matches!(c, ',' | ';' | '—' | '–' | '-'));
                let blocked = spans.iter().any(|&(s, e)| s < gap.end && gap.start < e);
                if only_punct && !blocked {
                    prev.end = prev.end.max(p.end);
                    continue;
                }
            }
            out.push(p);
        }
        a.content = out;
    }
}

/// Subtree extent [lo, hi) of every token (token indices); walks are capped
/// so a malformed head cycle costs a bounded number of steps. Tests' form:
/// the pipeline takes `features::subtree_extents` of its token facts (the
/// same extents, tested), made once for the tagger and the parse rules.
#[cfg(test)]
pub(crate) fn subtrees(doc: &Document) -> Vec<(usize, usize)> {
    let n = doc.tokens.len();
    let mut out: Vec<(usize, usize)> = (0..n).map(|i| (i, i + 1)).collect();
    let head = |i: usize| {
        usize::try_from(doc.tokens[i].head)
            .ok()
            .filter(|&h| h < n && h != i)
    };
    for i in 0..n {
        let mut cur = i;
        for _ in 0..40 {
            let Some(h) = head(cur) else { break };
            out[h].0 = out[h].0.min(i);
            out[h].1 = out[h].1.max(i + 1);
            cur = h;
        }
    }
    out
}

/// "Smith said (that) the plan works": when the content nearly matches the
/// clausal complement of the cue verb (its `ccomp` subtree), take the
/// subtree's edges, without punctuation at either end. The tagger's edges
/// drift by a token or two where the parse knows the clause.
pub(crate) fn clause_edges(
    doc: &Document,
    idx: &CharIndex,
    sub: &[(usize, usize)],
    atts: &mut [Attribution],
    slack: usize,
) {
    if doc.tokens.iter().all(|t| t.deprel.is_none()) {
        return;
    }
    let toks = &doc.tokens;
    let n = toks.len();
    if sub.len() != n {
        return;
    }
    // Each token's first clausal complement.
    let mut comp_child: Vec<Option<usize>> = vec![None; n];
    for (i, t) in toks.iter().enumerate() {
        if t.deprel.as_deref() == Some("ccomp") {
            if let Some(h) = usize::try_from(t.head).ok().filter(|&h| h < n) {
                comp_child[h] = comp_child[h].or(Some(i));
            }
        }
    }
    let tok_of = |c: usize| toks.partition_point(|t| t.end <= c);
    let is_punct = |i: usize| {
        doc.slice(idx, toks[i].start, toks[i].end)
            .chars()
            .all(|c| !c.is_alphanumeric())
    };
    for a in atts.iter_mut() {
        if a.content.len() != 1 {
            continue;
        }
        let (c0, c1) = (
            tok_of(a.cue.start),
            toks.partition_point(|t| t.start < a.cue.end),
        );
        if c0 >= c1 || c1 > n {
            continue;
        }
        // The cue's head token: the one whose head lies outside the cue.
        let Some(h) =
            (c0..c1).find(|&i| usize::try_from(toks[i].head).map_or(true, |x| x < c0 || x >= c1))
        else {
            continue;
        };
        let Some(comp) = comp_child[h] else {
            continue;
        };
        let (mut lo, mut hi) = sub[comp];
        while lo < hi && is_punct(lo) {
            lo += 1;
        }
        while hi > lo && is_punct(hi - 1) {
            hi -= 1;
        }
        if hi <= lo || (lo < c1 && c0 < hi) {
            continue;
        }
        if let Some(s) = &a.source {
            let (s0, s1) = (tok_of(s.start), toks.partition_point(|t| t.start < s.end));
            if s0 < hi && lo < s1 {
                continue;
            }
        }
        let p = &a.content[0];
        // Quotations keep their own edges (marks and the comma inside).
        if doc
            .slice(idx, p.start, p.end)
            .contains(['“', '”', '"', '\'', '‘', '’'])
        {
            continue;
        }
        let (p0, p1) = (tok_of(p.start), toks.partition_point(|t| t.start < p.end));
        if p0.abs_diff(lo) > slack || p1.abs_diff(hi) > slack || (p0, p1) == (lo, hi) {
            continue;
        }
        a.content[0] = Piece {
            start: toks[lo].start,
            end: toks[hi - 1].end,
        };
    }
}

/// Whether a span edge at char `i` cuts a hyphenated word ("cease|-and-desist").
fn cuts_hyphenated(chars: &[char], i: usize) -> bool {
    let at = |j: usize| chars.get(j).copied().unwrap_or(' ');
    i > 0 && {
        let (l, r) = (at(i - 1), at(i));
        (r == '-' && l.is_alphanumeric() && at(i + 1).is_alphanumeric())
            || (l == '-' && r.is_alphanumeric() && i >= 2 && at(i - 2).is_alphanumeric())
    }
}

/// Grow span edges that cut a hyphenated compound to take the whole word:
/// annotators mark whole words (2 of ~22k train content edges fall inside one).
pub fn whole_words(chars: &[char], atts: &mut [Attribution]) {
    let grow = |a: &mut usize, b: &mut usize| {
        while *a > 0 && cuts_hyphenated(chars, *a) {
            *a -= 1;
            while *a > 0 && (chars[*a - 1].is_alphanumeric() || chars[*a - 1] == '-') {
                *a -= 1;
            }
        }
        while *b < chars.len() && cuts_hyphenated(chars, *b) {
            *b += 1;
            while *b < chars.len() && (chars[*b].is_alphanumeric() || chars[*b] == '-') {
                *b += 1;
            }
        }
    };
    for x in atts.iter_mut() {
        for p in x.content.iter_mut() {
            grow(&mut p.start, &mut p.end);
        }
        if let Some(s) = x.source.as_mut() {
            let old = (s.start, s.end);
            grow(&mut s.start, &mut s.end);
            if (s.start, s.end) != old {
                s.text = chars[s.start..s.end].iter().collect();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution_at, find};
    use backchannel_core::DocMeta;

    /// "Smith said" over segmented text `t` with the content piece `first`,
    /// after the continued-quote rule.
    fn continued(t: &str, first: &str) -> Vec<Attribution> {
        let mut doc = backchannel_core::Document::from_plain(t.into(), DocMeta::default());
        backchannel_segment::segment(&mut doc);
        let chars: Vec<char> = t.chars().collect();
        let mut atts = vec![attribution_at(
            Some(find(t, "Smith")),
            find(t, "said"),
            &[find(t, first)],
        )];
        continued_quotes(&doc, &chars, &mut atts);
        atts
    }

    #[test]
    fn a_quoted_title_after_the_cue_does_not_stop_the_quote() {
        let t = "“It is over,” Smith said on CNN’s “State of the Union” Sunday. “We won.”";
        let atts = continued(t, "“It is over,”");
        let got: Vec<(usize, usize)> = atts[0].content.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(got, vec![find(t, "“It is over,”"), find(t, "“We won.”")]);
        // A lowercase quoted word is not a title: the rule leaves it alone.
        let t = "“It is over,” Smith said of the “cross-sell” push. “We won.”";
        let atts = continued(t, "“It is over,”");
        assert_eq!(atts[0].content.len(), 1);
    }

    #[test]
    fn second_quote_joins_the_first() {
        let t = "“It is over,” Smith said in an interview. “We won.” Then he left.";
        let atts = continued(t, "“It is over,”");
        assert_eq!(atts[0].content.len(), 2);
        let p = &atts[0].content[1];
        assert_eq!((p.start, p.end), find(t, "“We won.”"));
    }

    #[test]
    fn a_reported_claim_goes_on_in_a_quotation() {
        // Unquoted first piece, mixed closing mark on the second.
        let t = "The plan failed, Smith said. “We lost it all.\" Then he left.";
        let atts = continued(t, "The plan failed");
        assert_eq!(atts[0].content.len(), 2);
        let p = &atts[0].content[1];
        assert_eq!((p.start, p.end), find(t, "“We lost it all.\""));
    }

    #[test]
    fn clause_before_an_inserted_attribution() {
        let t = "The economy, Smith said, is doing well.";
        let mut doc = backchannel_core::Document::from_plain(t.into(), DocMeta::default());
        crate::tokenize::ensure_tokens(&mut doc);
        let chars: Vec<char> = t.chars().collect();
        let mut atts = vec![attribution_at(
            Some(find(t, "Smith")),
            find(t, "said"),
            &[find(t, "is doing well")],
        )];
        interrupted(&doc, &chars, &mut atts);
        let got: Vec<(usize, usize)> = atts[0].content.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(got, vec![find(t, "The economy"), find(t, "is doing well")]);
    }

    #[test]
    fn edges_take_whole_hyphenated_words() {
        let t = "He sent a cease-and-desist letter to the present-day firm.";
        let chars: Vec<char> = t.chars().collect();
        let mut atts = vec![attribution_at(
            Some(find(t, "He")),
            find(t, "sent"),
            &[find(t, "a cease")],
        )];
        atts[0].content.push(Piece {
            start: find(t, "day firm").0,
            end: find(t, "day firm").1,
        });
        whole_words(&chars, &mut atts);
        let got: Vec<(usize, usize)> = atts[0].content.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(
            got,
            vec![find(t, "a cease-and-desist"), find(t, "present-day firm")]
        );
    }

    #[test]
    fn content_snaps_to_the_clause_of_the_cue() {
        let t = "Smith said on Monday that the new plan works well.";
        let mut doc = crate::train::prepare(t, &crate::train::parse_prep);
        if doc.tokens.iter().all(|t| t.deprel.is_none()) {
            eprintln!("skipping: no parser model");
            return;
        }
        let mut atts = vec![attribution_at(
            Some(find(t, "Smith")),
            find(t, "said"),
            &[find(t, "the new plan works well")],
        )];
        clause_edges(&doc, &doc.char_index(), &subtrees(&doc), &mut atts, 2);
        let p = &atts[0].content[0];
        assert_eq!((p.start, p.end), find(t, "that the new plan works well"));
        doc.tokens.clear();
        clause_edges(&doc, &doc.char_index(), &subtrees(&doc), &mut atts, 2);
    }

    #[test]
    fn pieces_split_by_a_comma_are_one() {
        let t = "Smith said that, in fact, it works.";
        let chars: Vec<char> = t.chars().collect();
        let mut atts = vec![attribution_at(
            Some(find(t, "Smith")),
            find(t, "said"),
            &[find(t, "that"), find(t, "in fact, it works")],
        )];
        join_pieces(&chars, &mut atts);
        assert_eq!(atts[0].content.len(), 1);
    }
}
