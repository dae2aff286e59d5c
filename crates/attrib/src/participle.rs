//! "Smith said he didn't believe it, [arguing] that …": a content that
//! runs past a comma into a participle the lexicon knows as a cue ends
//! before that comma. PolNeAR makes the participle's clause an attribution
//! of its own, with the same speaker (no token belongs to two
//! attributions, so the tagger's one long content cannot be right).
//!
//! No retraining (`attrib_eval`), source/cue/content exact F1: dev with
//! the d91e652 model 76.29/71.40/60.81 -> 76.32/71.43/60.89 (content tp
//! 1190 -> 1192, fp 532 -> 531); held-out half of train (a model of that
//! code trained on the other half by the `attrib_train` example)
//! 69.04/65.71/54.57 -> 69.04/65.72/54.65 (content tp +13, fp +9). With
//! the 6fc1f14 models: dev 60.72 -> 60.81, half 54.31 -> 54.39. Tried on
//! those: only cutting, with no new attribution: dev 60.77, half 54.35;
//! lexicon cue bucket at least 3 instead of 4: dev 60.64, half 54.32; 2:
//! dev 60.50, half 53.86; 5: dev 60.81, half 54.35.

use backchannel_core::{Attribution, CharIndex, Document, Piece};

use crate::chars::{rule_attribution, tok_range};
use crate::features::TokInfo;

/// Lexicon cue bucket (features.rs `bucket_of`: 4 = the word is a cue
/// 40-70% of the time in train) from which a participle after a comma
/// starts an attribution of its own.
const MIN_CUE_BUCKET: u64 = 4;

/// Cut each content that follows its cue at such a participle; the
/// participle becomes a new attribution's cue, with the same source and
/// the rest of the old content.
pub(crate) fn split(
    doc: &Document,
    idx: &CharIndex,
    info: &[TokInfo],
    atts: &mut Vec<Attribution>,
) {
    let toks = &doc.tokens;
    let n = toks.len().min(info.len());
    let mut added = Vec::new();
    for a in atts.iter_mut() {
        if a.content.len() != 1 || a.content[0].start < a.cue.end {
            continue;
        }
        let p = a.content[0];
        let (p0, p1) = tok_range(&toks[..n], p.start, p.end);
        // At least three words before the comma and two after the
        // participle.
        let Some(i) = (p0 + 3..p1.saturating_sub(2)).find(|&i| {
            // Cheapest test first: this runs over every content token.
            info[i].lemma_cue.max(info[i].cue) >= MIN_CUE_BUCKET
                && toks[i].xpos.as_deref() == Some("VBG")
                && doc.slice(idx, toks[i - 1].start, toks[i - 1].end) == ","
        }) else {
            continue;
        };
        let source = a
            .source
            .as_ref()
            .map(|s| ((s.start, s.end), s.text.clone()));
        let cue = (
            (toks[i].start, toks[i].end),
            doc.slice(idx, toks[i].start, toks[i].end).to_string(),
        );
        let rest = Piece {
            start: toks[i + 1].start,
            end: p.end,
        };
        added.push(rule_attribution(source, cue, vec![rest], "indirect"));
        a.content[0].end = toks[i - 2].end;
    }
    if !added.is_empty() {
        atts.extend(added);
        atts.sort_by_key(|a| (a.cue.start, a.cue.end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{attribution, find};

    /// "Smith said the plan failed badly , arguing that it cost too much ."
    /// with "arguing" a known cue participle, and Smith's attribution whose
    /// content runs on into it.
    fn case(cue_bucket: u64) -> (Document, Vec<TokInfo>, Vec<Attribution>) {
        let t = "Smith said the plan failed badly , arguing that it cost too much .";
        let mut doc = Document::from_plain(t.into(), backchannel_core::DocMeta::default());
        crate::tokenize::ensure_tokens(&mut doc);
        let idx = doc.char_index();
        let (a, _) = find(t, "arguing");
        for tok in &mut doc.tokens {
            if tok.start == a {
                tok.xpos = Some("VBG".into());
            }
        }
        let mut info = crate::features::token_info(&doc, &idx, &Default::default());
        for (tok, i) in doc.tokens.iter().zip(info.iter_mut()) {
            if tok.start == a {
                i.cue = cue_bucket;
            }
        }
        let content = "the plan failed badly , arguing that it cost too much";
        let atts = vec![attribution(t, Some("Smith"), "said", &[content])];
        (doc, info, atts)
    }

    #[test]
    fn a_cue_participle_after_a_comma_starts_its_own_attribution() {
        let (doc, info, mut atts) = case(5);
        let t = doc.text.clone();
        let idx = doc.char_index();
        split(&doc, &idx, &info, &mut atts);
        assert_eq!(atts.len(), 2);
        let text = |p: &Piece| {
            t.chars()
                .skip(p.start)
                .take(p.end - p.start)
                .collect::<String>()
        };
        assert_eq!(text(&atts[0].content[0]), "the plan failed badly");
        assert_eq!(atts[1].cue.text, "arguing");
        assert_eq!(text(&atts[1].content[0]), "that it cost too much");
        assert_eq!(
            atts[1].source.as_ref().map(|s| s.text.as_str()),
            Some("Smith")
        );
    }

    #[test]
    fn a_rare_cue_word_leaves_the_content_alone() {
        let (doc, info, mut atts) = case(2);
        let idx = doc.char_index();
        let before = atts.clone();
        split(&doc, &idx, &info, &mut atts);
        assert_eq!(atts, before);
    }
}
