//! Part-of-speech tagger, lemmatizer and dependency parser: training, models
//! and inference.
//!
//! All three are trained by this crate from Universal Dependencies treebanks
//! ([`train()`]) into one flat binary model file (`models/nlp.bin`), which is
//! embedded in the binary ([`Nlp::embedded`]). Tagging is a greedy averaged
//! perceptron over (UPOS, XPOS) pairs; parsing is a greedy arc-hybrid
//! transition parser trained with a dynamic oracle; lemmas come from learned
//! suffix rules keyed by XPOS plus an exception list.

mod binio;
mod classes;
pub mod eval;
mod features;
mod hash;
mod huge;
mod lemma;
mod model;
mod parser;
mod perceptron;
mod table;
mod tagger;
pub mod train;
mod weights;

use backchannel_core::{conllu, Document, Tag};

pub use eval::{eval_ud, evaluate, UdReport, UdScores};
pub use train::{train, train_with, Report, TrainOptions};

/// The model trained from the corpora and committed to the repository.
static EMBEDDED: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/nlp.bin"));

/// A loaded tagger + lemmatizer + parser.
pub struct Nlp {
    model: model::Model,
    /// Lemmatizer hash of each tag class's XPOS, made once at load instead
    /// of once per word.
    xpos_hash: Vec<u64>,
    /// Each tag class's (UPOS, XPOS) and each label as shared strings, so
    /// that annotating a token clones pointers instead of allocating three
    /// strings (a third of `annotate`'s glue in instructions).
    tag_names: Vec<(Tag, Tag)>,
    label_names: Vec<Tag>,
}

impl Nlp {
    /// The model built into the binary.
    pub fn embedded() -> Result<Nlp, String> {
        Nlp::from_bytes(EMBEDDED)
    }

    /// A model from the bytes of a model file (as written by [`train()`]).
    pub fn from_bytes(data: &[u8]) -> Result<Nlp, String> {
        let model = model::Model::from_bytes(data)?;
        let xpos_hash = model.tags.iter().map(|(_, x)| lemma::tag_hash(x)).collect();
        let tag_names = model
            .tags
            .iter()
            .map(|(u, x)| (Tag::from(u.as_str()), Tag::from(x.as_str())))
            .collect();
        let label_names = model.labels.iter().map(|l| Tag::from(l.as_str())).collect();
        Ok(Nlp {
            model,
            xpos_hash,
            tag_names,
            label_names,
        })
    }

    /// A model from a file.
    pub fn load(path: &std::path::Path) -> Result<Nlp, String> {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Nlp::from_bytes(&data).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The model file bytes of this model with small weights dropped
    /// (`prune_*` in perceptron units; 0 keeps everything).
    pub fn pruned_bytes(&self, prune_tagger: f32, prune_parser: f32) -> Vec<u8> {
        self.model.pruned(prune_tagger, prune_parser).to_bytes()
    }

    /// Sizes: (tagger features, tagger weights, parser features, parser weights).
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        let m = &self.model;
        (
            m.tagger.n_features(),
            m.tagger.n_entries(),
            m.parser.n_features(),
            m.parser.n_entries(),
        )
    }

    /// Fill upos, xpos, lemma, head (document-global token index, -1 for the
    /// root) and deprel of every token, sentence by sentence. Tokens outside
    /// every sentence are analysed as one extra sentence each run.
    pub fn annotate(&self, doc: &mut Document) {
        let idx = doc.char_index();
        let mut groups: Vec<std::ops::Range<usize>> = doc
            .sentences
            .iter()
            .map(|s| doc.sentence_tokens(s))
            .collect();
        if groups.is_empty() && !doc.tokens.is_empty() {
            groups.push(0..doc.tokens.len());
        }
        // Token offsets come in text order: each lookup steps on from the
        // previous one instead of searching the whole index.
        let mut seen = 0;
        for range in groups {
            if range.is_empty() || range.end > doc.tokens.len() {
                continue;
            }
            let forms: Vec<&str> = doc.tokens[range.clone()]
                .iter()
                .map(|t| {
                    let a = idx.to_byte_after(t.start, &mut seen);
                    let b = idx.to_byte_after(t.end, &mut seen);
                    doc.text.get(a..b.max(a)).unwrap_or("")
                })
                .collect();
            let parsed = self.model.analyse(&forms);
            let lemmas: Vec<String> = forms
                .iter()
                .zip(&parsed.tags)
                .map(|(f, &t)| self.lemma_of(f, t))
                .collect();
            for (k, lemma) in lemmas.into_iter().enumerate() {
                let (upos, xpos) = self.tag_names(parsed.tags[k]);
                let tok = &mut doc.tokens[range.start + k];
                tok.upos = Some(upos);
                tok.xpos = Some(xpos);
                tok.lemma = Some(lemma);
                let h = parsed.heads[k];
                tok.head = if h < 0 {
                    -1
                } else {
                    (range.start + h as usize) as i64
                };
                tok.deprel = Some(self.label_name(parsed.labels[k]));
            }
        }
    }

    /// Fill lemma, upos, xpos, head and deprel of pretokenised sentences,
    /// keeping ids and forms.
    pub fn annotate_conllu(&self, sents: &mut [conllu::Sentence]) {
        for s in sents.iter_mut() {
            if s.words.is_empty() {
                continue;
            }
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let parsed = self.model.analyse(&forms);
            let lemmas: Vec<String> = forms
                .iter()
                .zip(&parsed.tags)
                .map(|(f, &t)| self.lemma_of(f, t))
                .collect();
            for (k, (w, lemma)) in s.words.iter_mut().zip(lemmas).enumerate() {
                let (upos, xpos) = self.tag_strings(parsed.tags[k]);
                w.upos = upos.to_string();
                w.xpos = xpos.to_string();
                w.lemma = lemma;
                let h = parsed.heads[k];
                w.head = if h < 0 { 0 } else { h as usize + 1 };
                w.deprel = self.label(parsed.labels[k]).to_string();
            }
        }
    }

    /// Tag and parse one sentence of forms without building a document:
    /// (upos, xpos, head (-1 root), deprel) per form. Used by benchmarks.
    pub fn tag_parse<'a>(&'a self, forms: &[&str]) -> Vec<(&'a str, &'a str, i32, &'a str)> {
        let p = self.model.analyse(forms);
        (0..forms.len())
            .map(|k| {
                let (u, x) = self.tag_strings(p.tags[k]);
                (u, x, p.heads[k], self.label(p.labels[k]))
            })
            .collect()
    }

    fn tag_strings(&self, t: u16) -> (&str, &str) {
        self.model
            .tags
            .get(t as usize)
            .map(|(u, x)| (u.as_str(), x.as_str()))
            .unwrap_or(("X", "FW"))
    }

    /// [`Nlp::tag_strings`] as shared strings.
    fn tag_names(&self, t: u16) -> (Tag, Tag) {
        match self.tag_names.get(t as usize) {
            Some((u, x)) => (u.clone(), x.clone()),
            None => {
                let (u, x) = self.tag_strings(t);
                (u.into(), x.into())
            }
        }
    }

    /// [`Nlp::label`] as a shared string.
    fn label_name(&self, l: u16) -> Tag {
        match self.label_names.get(l as usize) {
            Some(name) => name.clone(),
            None => self.label(l).into(),
        }
    }

    fn label(&self, l: u16) -> &str {
        self.model
            .labels
            .get(l as usize)
            .map(|s| s.as_str())
            .unwrap_or("dep")
    }

    fn lemma_of(&self, form: &str, t: u16) -> String {
        match self.xpos_hash.get(t as usize) {
            Some(&h) => self.model.lemma.lemma_tagged(form, h),
            None => self.model.lemma.lemma(form, self.tag_strings(t).1),
        }
    }
}
