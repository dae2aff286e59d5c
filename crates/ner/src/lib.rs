//! Named-entity recognition over the token layer: training, model and inference.
//!
//! A linear BILOU tagger (averaged linear-chain CRFs trained by stochastic
//! gradient, [`crf`]; averaged perceptrons as an option) with Viterbi decoding over
//! word, shape, affix, context, capitalisation-prior, word-class, predicted
//! part-of-speech and gazetteer features (see [`features`]); the shipped
//! model averages models trained with different shuffle orders.
//! A second-stage span classifier ([`spanclf`]) adds proper-noun runs the
//! tagger left untagged when whole-span features and the tagger's own
//! margins say they are names. A few rules then apply UNER conventions
//! the tagger has too little data to learn ([`mailname`], [`possessive`],
//! [`nonentity`], [`legal`], [`article`], [`initials`], [`listname`],
//! [`weekday`]). The last four together, doc-split 2-fold UNER dev cv
//! (`cv /work/shared/corpora 10 10 0 0 0`), seeds 1 / 2: 69.32 -> 70.39 /
//! 69.40 -> 69.97; `eval ner` unchanged (they do not fire on the test sets).
//! The trained model (`models/ner.bin`) is embedded in the binary.
//! [`Ner::recognize`] tags a [`Document`]'s tokens sentence by sentence and
//! merges mentions into entities ([`entities`]).

pub mod actors;
pub mod article;
pub mod clusters;
pub mod crf;
pub mod data;
pub mod decode;
pub mod docvote;
pub mod entities;
pub mod eval;
pub mod features;
pub mod form;
pub mod gazetteer;
pub mod initials;
pub mod labels;
pub mod legal;
pub mod listname;
pub mod mailname;
pub mod model;
pub mod nonentity;
pub mod pos;
pub mod possessive;
pub mod recognize;
pub mod spanclf;
pub mod tokenize;
pub mod train;
pub mod weekday;

use std::path::Path;

use backchannel_core::Document;

pub use eval::{evaluate, evaluate_bio, Prf, Scores};
pub use labels::{EntType, Span};
pub use model::Model;
pub use train::{train, train_with, Config, Report};

/// The model trained by `cargo run --release -p backchannel-ner --example ner_train`.
static EMBEDDED: &[u8] = include_bytes!("../../../models/ner.bin");

/// A loaded NER model.
#[derive(Debug, Clone)]
pub struct Ner {
    model: Model,
}

impl Ner {
    /// The model compiled into the binary.
    pub fn embedded() -> Result<Ner, String> {
        Ner::from_bytes(EMBEDDED)
    }

    /// The embedded model, loaded once per process and shared (loading takes
    /// tens of milliseconds; `Ner` is `Send + Sync`).
    pub fn shared() -> Result<&'static Ner, String> {
        static SHARED: std::sync::OnceLock<Result<Ner, String>> = std::sync::OnceLock::new();
        SHARED
            .get_or_init(Ner::embedded)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A model from its binary form.
    pub fn from_bytes(bytes: &[u8]) -> Result<Ner, String> {
        Ok(Ner {
            model: Model::from_bytes(bytes)?,
        })
    }

    /// A model file written by [`train`].
    pub fn load(path: &Path) -> Result<Ner, String> {
        let b = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ner::from_bytes(&b)
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Entity spans over one sentence's tokens (part-of-speech tags are
    /// predicted here; see [`Ner::spans_with_pos`] when they are known).
    pub fn spans(&self, forms: &[&str]) -> Vec<Span> {
        let pos = pos::predict(forms);
        let pos: Vec<&str> = pos.iter().map(String::as_str).collect();
        self.model.spans_with_pos(forms, &pos)
    }

    /// Entity spans given predicted XPOS tags (one per form; any other
    /// length means "no tags").
    pub fn spans_with_pos(&self, forms: &[&str], xpos: &[&str]) -> Vec<Span> {
        self.model.spans_with_pos(forms, xpos)
    }

    /// BIO labels (`B-PER`, `I-ORG`, `O`, …) for one sentence's tokens.
    pub fn tag_tokens(&self, forms: &[&str]) -> Vec<String> {
        labels::to_bio(forms.len(), &self.spans(forms))
    }

    /// Fill `doc.entities` from `doc.tokens` (and `doc.sentences` when present).
    pub fn recognize(&self, doc: &mut Document) {
        doc.entities = recognize::entities(self, doc);
    }
}
