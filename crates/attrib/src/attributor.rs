//! The attribution stage: tag tokens, link spans, describe each attribution.

use std::path::Path;

use backchannel_core::{Attribution, CharIndex, Cue, Document, Piece, Source};

use crate::features::{chunks, extract_into, subtree_extents, token_info, TokInfo};
use crate::link::{link, sentence_numbers, spans, Linked};
use crate::model::viterbi;
use crate::model::Model;
use crate::tokenize::ensure_tokens;
use crate::{
    before, bounds, content_keep, ends, headline, keep, leads, nesting, pieces, rules,
    source_edges, source_np, source_time, sourcing, speakers, subjects, verbs,
};

/// Per attribution before the keep filter: its keep-filter row and its
/// content-model row (what training learns both filters from).
pub(crate) type Case = (Vec<u64>, Vec<u64>);

/// Per returned attribution: the filters' rows it was made from, or None
/// for one a rule added after the filters (training labels each row
/// against the attribution it became, after every rule).
pub(crate) type Cases = Vec<Option<Case>>;

/// The trained attribution model, loaded once and shared across documents.
#[derive(Debug, Clone)]
pub struct Attributor {
    model: Model,
}

/// The model shipped in the repository (models/attrib.bin).
pub(crate) static EMBEDDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/attrib.bin"
));

impl Attributor {
    /// The model embedded at build time.
    pub fn embedded() -> Result<Self, String> {
        Self::from_bytes(EMBEDDED)
    }

    pub fn from_bytes(b: &[u8]) -> Result<Self, String> {
        Ok(Attributor {
            model: Model::from_bytes(b)?,
        })
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let b = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::from_bytes(&b)
    }

    /// The model in `path`, or the embedded one when there is no path (the
    /// optional MODEL argument of the development examples).
    pub fn load_or_embedded(path: Option<&Path>) -> Result<Self, String> {
        path.map_or_else(Self::embedded, Self::load)
    }

    /// Drop weights whose largest magnitude is below `min_abs` (smaller model
    /// file; see the `prune` example for the accuracy trade-off).
    pub fn prune(&mut self, min_abs: f32) {
        self.model
            .weights
            .retain(|_, w| w.iter().any(|v| v.abs() >= min_abs));
        self.model
            .pairs
            .retain(|_, w| w.iter().flatten().any(|v| v.abs() >= min_abs));
        self.model.index();
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.model.to_bytes()
    }

    /// Number of features with weights (model size indicator).
    pub fn feature_count(&self) -> usize {
        self.model.weights.len() + self.model.pairs.len()
    }

    /// Fill `doc.attributions` (ids A1…). Uses the document's tokens (and
    /// their parse, when present); tokenises itself when there are none.
    pub fn annotate(&self, doc: &mut Document) {
        self.run(doc, None);
    }

    /// [`Self::annotate`], and the filters' rows of every attribution
    /// before the filters (for training them on held-out text). `late`:
    /// also run the rules that follow the filters at run time (`polls`,
    /// `participle`), so each row meets the attribution it finally became;
    /// without, the attributions are the ones the span-edge rankers see at
    /// run time (their training reads the tagger's edges from them).
    pub(crate) fn annotate_cases(&self, doc: &mut Document, late: bool) -> Cases {
        let mut cases = Vec::new();
        self.run(doc, Some((&mut cases, late)));
        cases
    }

    fn run(&self, doc: &mut Document, cases: Option<(&mut Cases, bool)>) {
        let collecting = cases.is_some();
        let late = cases.as_ref().is_none_or(|c| c.1);
        ensure_tokens(doc);
        if !layers_valid(doc) {
            // A token or sentence layer that does not fit the text (e.g. a
            // hand-edited record) gives no attributions rather than a panic.
            doc.attributions.clear();
            return;
        }
        // One char index for every stage (building it walks the text).
        let idx = &doc.char_index();
        let info = token_info(doc, idx, &self.model.lexicon);
        // Subtree extents, made once for the tagger's syntax features and
        // the three parse rules (they walk every token's heads).
        let extents = subtree_extents(&info);
        let (linked, emissions) = self.predict_linked(&info, &extents);
        let mut atts = build(doc, idx, &linked);
        let tagger_cues: Vec<(usize, usize)> =
            atts.iter().map(|a| (a.cue.start, a.cue.end)).collect();
        rules::add_silence(doc, idx, &mut atts);
        // None of the parse rules runs without a parse.
        let parsed = doc.tokens.iter().any(|t| t.deprel.is_some());
        let sub: &[(usize, usize)] = if parsed { &extents } else { &[] };
        verbs::add_reporting_verbs(doc, idx, &self.model.lexicon, sub, &mut atts);
        // Before the source and content rules, which fill it in.
        crate::according::add(doc, idx, &mut atts);
        crate::according::absorb_phrase_cues(doc, idx, &mut atts);
        atts.sort_by_key(|a| (a.cue.start, a.cue.end));
        // A continuing cue ("…, adding …") first takes the previous
        // attribution's source; only what is still sourceless falls to the
        // participle rule (dev: source F1 +0.65 with the parse model).
        rules::inherit_sources(doc, idx, &mut atts);
        rules::participle_subjects(doc, idx, &mut atts);
        rules::that_clauses(doc, idx, &mut atts);
        rules::merge_fragments(doc, idx, &mut atts);
        rules::inherit_sources(doc, idx, &mut atts);
        subjects::add_subjects(doc, idx, sub, &mut atts);
        atts.sort_by_key(|a| (a.cue.start, a.cue.end));
        // Sized from the index: collecting from `chars()` regrows several times.
        let mut chars: Vec<char> = Vec::with_capacity(idx.len_chars());
        chars.extend(doc.text.chars());
        headline::add_headline(&chars, &mut atts);
        atts.sort_by_key(|a| (a.cue.start, a.cue.end));
        // Content before a trailing attribution ("X, sources said").
        before::add(doc, &chars, &mut atts);
        // “A,” the union wrote: the quotation a nested cue claimed.
        crate::quote_before::add(&chars, &mut atts);
        // Content after "According to Y," and "Smith said:".
        leads::add(doc, &chars, &mut atts);
        // Content pieces at the edges of quotes and inserted attributions.
        // An adjunct after the cue first ("“A,” Smith said as she left.
        // “B.”"): a content reaching past its cue is not continued.
        before::drop_adjuncts(&chars, &mut atts);
        // "“A,” Smith said …, where Jones spoke. “B.”": B is Smith's.
        crate::reclaim::reclaim_quotes(doc, &chars, &mut atts);
        pieces::continued_quotes(doc, &chars, &mut atts);
        pieces::interrupted(doc, &chars, &mut atts);
        pieces::join_pieces(&chars, &mut atts);
        // Dev: +3 exact content matches at slack 2 (none at 1 more).
        pieces::clause_edges(doc, idx, sub, &mut atts, 2);
        if !self.model.ends.is_empty() && parsed {
            let ctx = ends::Ctx::with_chars(doc, &info, &chars);
            // The boundary first: the end ranker reads the content's start.
            // Fewer candidate edges than training saw, but not while
            // training collects the filters' rows (see `bounds::SEARCH_CUE`).
            // The filters learn from rows of the full search (see ends::PAST_TAG).
            bounds::apply(
                &ctx,
                doc,
                idx,
                &mut atts,
                self.model.edge_table(),
                collecting,
            );
            ends::apply(&ctx, doc, &mut atts, self.model.edge_table(), collecting);
        }
        // "“A,” Smith said [after the vote]" (train +5 exact, dev +3).
        before::drop_adjuncts(&chars, &mut atts);
        // Layout attributions (transcripts, signature dashes) last: the
        // span-edge rankers would reshape their exact spans.
        let layout_cues = speakers::add_speakers(&chars, &mut atts);
        // A sourced "according to" inside a stretched content keeps its
        // place (seed article: "according to White House visitor logs").
        crate::according::cut_contents_before(&chars, &mut atts);
        nesting::drop_nested(&mut atts);
        source_edges::apply(&chars, &mut atts);
        pieces::whole_words(&chars, &mut atts);
        let tagged: Vec<bool> = atts
            .iter()
            .map(|a| tagger_cues.contains(&(a.cue.start, a.cue.end)))
            .collect();
        let feats = keep::features(doc, &info, &atts, &tagged, &emissions);
        let content_rows = content_keep::features(doc, &chars, &info, &atts, &feats, &emissions);
        // While collecting, each attribution carries its row's index as id
        // (the rules below keep an id, and the ones they add have none), so
        // every row is labelled by what its attribution finally became:
        // the content filter learns whether a content ends up exact after
        // `polls` and `participle`, as at run time, where before those
        // rules did not run while collecting (rows were matched by index).
        // Retrained (`train --only attrib`, best epoch 15 both): dev
        // source/cue/content 76.36/71.64/61.01 (content tp 1194 fp 528) ->
        // 76.36/71.65/61.22 (tp 1198 fp 524); held-out half of train
        // (`attrib_train` example on a text split, 420 texts each way,
        // best epoch 10 both) 69.04/65.68/54.60 (tp 4740 fp 2706) ->
        // 69.05/65.72/54.48 (tp 4732 fp 2721): neutral within noise. The
        // keep filter's rows and the rankers' cases stay as before
        // (`annotate_cases(.., false)`): letting `participle` cut the
        // held-out contents the rankers read their tagger edges from gave
        // dev 76.22/71.18/60.86.
        if collecting {
            for (i, a) in atts.iter_mut().enumerate() {
                a.id = i.to_string();
            }
        }
        // Before the keep filter, while the rows line up with `atts`.
        let content_p = content_keep::apply(
            self.model.edge_table(),
            &content_rows,
            &layout_cues,
            &mut atts,
        );
        keep::apply(
            self.model.edge_table(),
            (doc, idx),
            &feats,
            &tagged,
            &content_p,
            &mut atts,
        );
        // "In a CNN poll released Monday, 31 percent …" (polls.rs): after
        // the rankers, which would reshape its spans, and after the
        // filters.
        if late {
            crate::polls::add(doc, &chars, &mut atts);
        }
        // After the filter, which learned from the tagger's own sources.
        source_np::widen(doc, idx, &mut atts);
        // "[The Times] on Saturday wrote" (dev +4/-1, train +9/-2 exact).
        source_time::trim(doc, idx, &mut atts);
        // "[Lionel Sosa, …] who" (train source exact +11, dev +1).
        crate::relative::split_sources(doc, idx, &mut atts);
        // "said [Le Pen, who has also garnered] attention …" (train +13
        // exact, dev unchanged).
        crate::source_tail::extend(doc, idx, &mut atts);
        // "Republican voters [appear] …" has no source in PolNeAR (dev
        // source fp 361 -> 356, tp -1; train fp -61, tp -3).
        crate::raising::drop_subjects(&mut atts);
        // "…, arguing that …" (participle.rs): after the filters.
        if late && parsed {
            crate::participle::split(doc, idx, &info, &mut atts);
        }
        if let Some((c, _)) = cases {
            let mut rows: Vec<Option<Case>> =
                feats.into_iter().zip(content_rows).map(Some).collect();
            *c = atts
                .iter()
                .map(|a| {
                    a.id.parse::<usize>()
                        .ok()
                        .and_then(|k| rows.get_mut(k)?.take())
                })
                .collect();
        }
        for (i, a) in atts.iter_mut().enumerate() {
            a.id = format!("A{}", i + 1);
        }
        doc.attributions = atts;
        sourcing::describe(doc, idx);
    }

    /// Token-level attributions (before sourcing), for evaluation and debugging.
    pub(crate) fn predict_linked(
        &self,
        info: &[TokInfo],
        extents: &[(usize, usize)],
    ) -> (Vec<Linked>, Vec<[f32; crate::model::NL]>) {
        let mut sc = self.model.scorer(info.len());
        extract_into(info, extents, &mut sc);
        let (emissions, pairs) = sc.finish();
        let mut labels = Vec::with_capacity(info.len());
        for r in chunks(info) {
            let (Some(em), Some(pair)) = (emissions.get(r.clone()), pairs.get(r)) else {
                break;
            };
            labels.extend(viterbi(em, pair, &self.model.trans));
        }
        let sent: Vec<usize> = info.iter().map(|t| t.sent).collect();
        let para: Vec<bool> = info.iter().map(|t| t.newline_before).collect();
        let linked = link(&spans(&labels), &sentence_numbers(&sent, &para));
        (linked, emissions)
    }
}

/// Tokens and sentences sorted, non-inverted and inside the text.
fn layers_valid(doc: &Document) -> bool {
    let n = doc.text.chars().count();
    let ok = |a: usize, b: usize| a <= b && b <= n;
    doc.tokens.iter().all(|t| ok(t.start, t.end))
        && doc.tokens.windows(2).all(|w| w[0].start <= w[1].start)
        && doc.sentences.iter().all(|s| ok(s.start, s.end))
        && doc.sentences.windows(2).all(|w| w[0].start <= w[1].start)
        && doc.tokens.iter().all(|t| t.head < doc.tokens.len() as i64)
}

/// Turn token-range attributions into record attributions (char offsets).
fn build(doc: &Document, idx: &CharIndex, linked: &[Linked]) -> Vec<Attribution> {
    let toks = &doc.tokens;
    let chars = |a: usize, b: usize| (toks[a].start, toks[b - 1].end);
    let mut out: Vec<Attribution> = linked
        .iter()
        .filter(|l| l.cue.b <= toks.len() && l.cue.a < l.cue.b)
        .map(|l| {
            let (cs, ce) = chars(l.cue.a, l.cue.b);
            let source = l.source.map(|s| {
                let (a, b) = chars(s.a, s.b);
                Source {
                    start: a,
                    end: b,
                    text: doc.slice(idx, a, b).to_string(),
                    entity: None,
                    kind: "none".to_string(),
                }
            });
            let mut content: Vec<Piece> = l
                .content
                .iter()
                .map(|s| {
                    let (start, end) = chars(s.a, s.b);
                    Piece { start, end }
                })
                .collect();
            content.sort_by_key(|p| p.start);
            Attribution {
                id: String::new(),
                source,
                cue: Cue {
                    start: cs,
                    end: ce,
                    text: doc.slice(idx, cs, ce).to_string(),
                },
                content,
                form: "indirect".to_string(),
                stance: "assert".to_string(),
                via: None,
                anonymity_reason: None,
            }
        })
        .collect();
    out.sort_by_key(|a| (a.cue.start, a.cue.end));
    for (i, a) in out.iter_mut().enumerate() {
        a.id = format!("A{}", i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use backchannel_core::{DocMeta, Token};

    fn run(text: &str) -> Document {
        let att = Attributor::embedded().expect("embedded model");
        let mut doc = Document::from_plain(text.to_string(), DocMeta::default());
        att.annotate(&mut doc);
        doc
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for t in [
            "",
            "   \n\n  ",
            "“",
            "said said said said",
            "“”“”,,,;;; — – -- ...",
            "He declined. She did not respond. They could not be reached",
            "🙂 emoji said: “ünïcödé” — according to",
            &"word ".repeat(5000),
            "\u{0}\u{1}\u{feff}x",
        ] {
            let d = run(t);
            for a in &d.attributions {
                assert!(a.cue.start <= a.cue.end && a.cue.end <= d.text.chars().count());
            }
        }
    }

    #[test]
    fn finds_a_plain_quote() {
        let d = run("“We will not back down,” the senator said on Tuesday.");
        let a = d.attributions.first().expect("one attribution");
        assert_eq!(a.cue.text, "said");
        assert_eq!(
            a.source.as_ref().map(|s| s.text.as_str()),
            Some("the senator")
        );
        assert_eq!(a.form, "direct");
        assert_eq!(a.id, "A1");
    }

    #[test]
    fn split_quote_is_one_content() {
        let d = run("“We will not back down,” the senator said, “not now, not ever.”");
        let a = d.attributions.first().expect("one attribution");
        assert_eq!(a.content.len(), 2, "{a:?}");
    }

    #[test]
    fn quote_resumes_after_a_speech_event_adjunct() {
        let t = "“My blackness does not inhibit me from being beautiful,” Stenberg said as she accepted her award. “In fact, it is the reason I am beautiful.”";
        let d = run(t);
        let a = d.attributions.first().expect("one attribution");
        let got: Vec<&str> = a
            .content
            .iter()
            .map(|p| &t[byte(t, p.start)..byte(t, p.end)])
            .collect();
        assert_eq!(
            got,
            vec![
                "“My blackness does not inhibit me from being beautiful,”",
                "“In fact, it is the reason I am beautiful.”"
            ],
            "{a:?}"
        );
    }

    /// Byte offset of char offset `c` in `t`.
    fn byte(t: &str, c: usize) -> usize {
        t.char_indices().nth(c).map_or(t.len(), |(b, _)| b)
    }

    #[test]
    fn broken_token_layer_gives_no_attributions() {
        let att = Attributor::embedded().expect("embedded model");
        let mut doc = Document::from_plain("Kerry said so.".into(), DocMeta::default());
        doc.tokens = vec![Token::new(5, 2), Token::new(0, 99)];
        att.annotate(&mut doc);
        assert!(doc.attributions.is_empty());
    }
}
