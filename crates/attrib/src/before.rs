//! Content that comes before its cue: "X, sources said." / "X, said Smith."
//! / "X, according to Y." / "X, Smith said, Y."
//!
//! The tagger finds the cue and source of these trailing attributions but
//! often leaves the claim in front of them unlabelled (dev: 49 cues with
//! gold content before them and no predicted content). News style makes the
//! span plain: the clause from the sentence start up to the comma that
//! opens the attribution, plus, when the sentence resumes after another
//! comma, the rest of the sentence as a second piece.

use crate::chars::{retain_indexed, sentence_at, skip_ws, skip_ws_back, speaker_span};
use crate::pieces::{clause_before, covered};
use backchannel_core::{Attribution, Document, Piece};

/// Chars that mark a quotation; quoted content is the tagger's (and the
/// quote rules') business, its edges follow the marks.
const QUOTES: &[char] = &['“', '”', '"', '«', '»', '‘', '’', '`'];

/// Give every attribution without content the clause before it (and the
/// clause after it, see the module doc), when a comma sets the attribution
/// off and no other attribution claims those words; an inserted attribution
/// with content on one side only gets the other side.
pub fn add(doc: &Document, chars: &[char], atts: &mut Vec<Attribution>) {
    let mut drop: Vec<usize> = Vec::new();
    for k in 0..atts.len() {
        let a = &atts[k];
        if drop.contains(&k) {
            continue;
        }
        let (lo, hi) = speaker_span(a);
        let Some((ss, se)) = sentence_at(doc, lo) else {
            continue;
        };
        let se = se.min(chars.len());
        if hi > se {
            continue;
        }
        let first = a.content.iter().map(|p| p.start).min();
        let last = a.content.iter().map(|p| p.end).max();
        let pre = preceding(chars, lo, ss);
        let post = resumed(chars, hi, se);
        let free = |p: &Piece| !covered(atts, p.start, p.end);
        let mut pieces = Vec::new();
        match (first, last) {
            (None, _) => {
                let Some(p) = pre else { continue };
                let Some(inner) = nested_in(atts, k, p.start, p.end) else {
                    continue;
                };
                pieces.push(p);
                pieces.extend(post.filter(free));
                drop.extend(inner);
            }
            (Some(f), Some(l)) if l <= lo && f >= ss && plain(chars, f, l) => {
                pieces.extend(post.filter(|p| free(p) && !relative(chars, p.start)))
            }
            (Some(f), _) if post.is_some_and(|p| p.start == f) => pieces.extend(pre.filter(free)),
            _ => {}
        }
        let a = &mut atts[k];
        a.content.extend(pieces);
        a.content.sort_by_key(|p| p.start);
    }
    retain_indexed(atts, |j| !drop.contains(&j));
}

/// "X, Smith said" or "X, as Smith said": X from the sentence start `ss` to
/// the comma before the attribution starting at `lo`, when it does not open
/// with a quotation mark (train: +12 exact contents over plain text only).
fn preceding(chars: &[char], lo: usize, ss: usize) -> Option<Piece> {
    let (start, end) = clause_before(chars, lo, ss)?;
    // Quoted words inside are fine; a clause opening with a quotation
    // mark is a quotation, the tagger's and the quote rules' business.
    (!QUOTES.contains(&chars[start])).then_some(Piece { start, end })
}

/// Whether [a, b) holds no quotation mark.
fn plain(chars: &[char], a: usize, b: usize) -> bool {
    !chars[a.min(b)..b.min(chars.len())]
        .iter()
        .any(|c| QUOTES.contains(c))
}

/// Whether the words at `i` describe the source rather than go on with the
/// claim ("…, Smith said, who …", "…, adding …").
fn relative(chars: &[char], i: usize) -> bool {
    matches!(
        lower_word(chars, i).as_str(),
        "who"
            | "whose"
            | "whom"
            | "which"
            | "where"
            | "while"
            | "adding"
            | "according"
            | "on"
            | "in"
    )
}

/// "“A,” Smith said after the vote": a piece after the attribution that
/// opens with a subordinator or relative word describes the speech event,
/// not the claim, when the content already has a piece before the cue.
pub fn drop_adjuncts(chars: &[char], atts: &mut [Attribution]) {
    for a in atts.iter_mut() {
        let (lo, hi) = speaker_span(a);
        if a.content.len() < 2 || !a.content.iter().any(|p| p.end <= lo) {
            continue;
        }
        a.content
            .retain(|p| p.start < hi || !(relative(chars, p.start) || event(chars, p.start)));
    }
}

/// Whether the word at `i` opens a clause about the speech event ("after
/// reading", "as he entered", "when she resigned").
fn event(chars: &[char], i: usize) -> bool {
    matches!(
        lower_word(chars, i).as_str(),
        "after" | "before" | "when" | "as" | "during" | "following"
    )
}

/// The run of letters at `i`, lowercased.
fn lower_word(chars: &[char], i: usize) -> String {
    chars[i.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The other attributions (not `k`) that [a, b) would take in, which give
/// way to the one claiming it (each token has one role; train gold nests
/// none); `None` when one of them reaches out of [a, b) and so blocks it.
pub(crate) fn nested_in(atts: &[Attribution], k: usize, a: usize, b: usize) -> Option<Vec<usize>> {
    let inner: Vec<usize> = (0..atts.len())
        .filter(|&j| j != k && covered(&atts[j..=j], a, b))
        .collect();
    inner
        .iter()
        .all(|&j| within(&atts[j], a, b))
        .then_some(inner)
}

/// Whether every span of `x` lies inside [a, b).
pub(crate) fn within(x: &Attribution, a: usize, b: usize) -> bool {
    let inside = |s: usize, e: usize| a <= s && e <= b;
    inside(x.cue.start, x.cue.end)
        && x.source.as_ref().is_none_or(|s| inside(s.start, s.end))
        && x.content.iter().all(|p| inside(p.start, p.end))
}

/// ", Y." after the attribution ending at `hi`: Y up to the sentence's
/// final punctuation, when it is plain text.
fn resumed(chars: &[char], hi: usize, se: usize) -> Option<Piece> {
    let c = skip_ws(chars, hi, se);
    if chars.get(c) != Some(&',') {
        return None;
    }
    let start = skip_ws(chars, c + 1, se);
    let mut end = skip_ws_back(chars, se, start);
    while end > start && matches!(chars[end - 1], '.' | '!' | '?' | ';' | ':') {
        end -= 1;
    }
    let ok = end > start && !chars[start..end].iter().any(|c| QUOTES.contains(c));
    ok.then_some(Piece { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution, find};
    use backchannel_core::DocMeta;

    fn run(t: &str, src: &str, cue: &str) -> Vec<(usize, usize)> {
        let mut doc = Document::from_plain(t.into(), DocMeta::default());
        backchannel_segment::segment(&mut doc);
        let chars: Vec<char> = t.chars().collect();
        let mut atts = vec![attribution(t, Some(src), cue, &[])];
        add(&doc, &chars, &mut atts);
        atts[0].content.iter().map(|p| (p.start, p.end)).collect()
    }

    #[test]
    fn clause_before_a_trailing_attribution() {
        let t = "He left early. The plan was dropped last week, two officials said.";
        assert_eq!(
            run(t, "two officials", "said"),
            vec![find(t, "The plan was dropped last week")]
        );
        let t = "Turnout rose in Ohio, according to a survey.";
        assert_eq!(
            run(t, "a survey", "according to"),
            vec![find(t, "Turnout rose in Ohio")]
        );
    }

    #[test]
    fn sentence_resumes_after_an_inserted_attribution() {
        let t = "Too often, Mr. Clarke said, the debate is bitter.";
        assert_eq!(
            run(t, "Mr. Clarke", "said"),
            vec![find(t, "Too often"), find(t, "the debate is bitter")]
        );
    }

    #[test]
    fn the_speech_event_after_a_quotation_is_not_content() {
        let t = "“We won,” the coach said after the game.";
        let chars: Vec<char> = t.chars().collect();
        let mut atts = vec![attribution(t, Some("the coach"), "said", &[])];
        let (a, b) = find(t, "“We won,”");
        let (c, d) = find(t, "after the game");
        atts[0].content = vec![Piece { start: a, end: b }, Piece { start: c, end: d }];
        drop_adjuncts(&chars, &mut atts);
        assert_eq!(atts[0].content.len(), 1);
        assert_eq!(atts[0].content[0].start, a);
    }

    #[test]
    fn no_comma_or_a_quotation_gives_nothing() {
        let t = "The senator said nothing new.";
        assert!(run(t, "The senator", "said").is_empty());
        let t = "“We won,” the coach said.";
        assert!(run(t, "the coach", "said").is_empty());
        let t = "The vote was “a disaster” for them, an aide said.";
        assert_eq!(
            run(t, "an aide", "said"),
            vec![find(t, "The vote was “a disaster” for them")]
        );
    }
}
