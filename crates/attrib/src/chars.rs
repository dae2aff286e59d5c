//! Helpers shared by the rule modules: char-offset scanning (all offsets
//! are chars into `doc.text`, as in every layer) and the attribution a rule
//! adds.

use backchannel_core::{Attribution, Cue, Document, Piece, Source, Token};

/// Token range [a, b) covering the char span [start, end): the first token
/// ending after `start` up to the last one starting before `end`.
pub(crate) fn tok_range(toks: &[Token], start: usize, end: usize) -> (usize, usize) {
    (
        toks.partition_point(|t| t.end <= start),
        toks.partition_point(|t| t.start < end),
    )
}

/// Index of the first non-whitespace char at or after `i` (up to `end`).
pub(crate) fn skip_ws(chars: &[char], mut i: usize, end: usize) -> usize {
    while i < end && chars[i].is_whitespace() {
        i += 1;
    }
    i
}

/// Index just after the last non-whitespace char before `i` (down to `floor`).
pub(crate) fn skip_ws_back(chars: &[char], mut i: usize, floor: usize) -> usize {
    while i > floor && chars[i - 1].is_whitespace() {
        i -= 1;
    }
    i
}

/// The sentence (char range) holding `pos`, when there is one.
pub(crate) fn sentence_at(doc: &Document, pos: usize) -> Option<(usize, usize)> {
    let k = doc.sentences.partition_point(|s| s.end <= pos);
    doc.sentences
        .get(k)
        .filter(|s| s.start <= pos)
        .map(|s| (s.start, s.end))
}

/// Whether two half-open ranges share a position.
pub(crate) fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The chars an attribution's source and cue cover together.
pub(crate) fn speaker_span(a: &Attribution) -> (usize, usize) {
    a.source.as_ref().map_or((a.cue.start, a.cue.end), |s| {
        (s.start.min(a.cue.start), s.end.max(a.cue.end))
    })
}

/// An attribution's cue span and its source, when the source is non-empty
/// and ends before the cue ("[The Times] on Saturday wrote"): the sources
/// the source-span rules reshape.
pub(crate) fn source_before_cue(a: &mut Attribution) -> Option<((usize, usize), &mut Source)> {
    let cue = (a.cue.start, a.cue.end);
    let s = a.source.as_mut()?;
    (s.start < s.end && s.end <= cue.0).then_some((cue, s))
}

/// Keep the attributions whose index passes `keep` (order kept): the
/// rules decide what to drop by index while they scan, then drop it once.
pub(crate) fn retain_indexed(atts: &mut Vec<Attribution>, mut keep: impl FnMut(usize) -> bool) {
    let mut j = 0;
    atts.retain(|_| {
        j += 1;
        keep(j - 1)
    });
}

/// Add the (source, cue, content) spans a rule found as single-piece
/// attributions of `form`, then put all attributions back in text order.
pub(crate) fn push_spanned(
    chars: &[char],
    atts: &mut Vec<Attribution>,
    found: impl IntoIterator<Item = [(usize, usize); 3]>,
    form: &str,
) {
    let text = |(a, b): (usize, usize)| chars[a..b].iter().collect::<String>();
    for [source, cue, (start, end)] in found {
        let content = vec![Piece { start, end }];
        atts.push(rule_attribution(
            Some((source, text(source))),
            (cue, text(cue)),
            content,
            form,
        ));
    }
    atts.sort_by_key(|a| (a.cue.start, a.cue.end));
}

/// An asserted attribution a rule found: source (span, text), cue (span,
/// text) and content pieces; sourcing fills the kind later.
pub(crate) fn rule_attribution(
    source: Option<((usize, usize), String)>,
    cue: ((usize, usize), String),
    content: Vec<Piece>,
    form: &str,
) -> Attribution {
    Attribution {
        id: String::new(),
        source: source.map(|((start, end), text)| Source {
            start,
            end,
            text,
            entity: None,
            kind: "none".into(),
        }),
        cue: Cue {
            start: cue.0 .0,
            end: cue.0 .1,
            text: cue.1,
        },
        content,
        form: form.into(),
        stance: "assert".into(),
        via: None,
        anonymity_reason: None,
    }
}
