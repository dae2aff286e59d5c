//! Evaluation metrics: the CoNLL 2018 shared-task scores (tokens, sentences,
//! words, UPOS, XPOS, UFeats, lemmas, UAS, LAS, CLAS, MLAS, BLEX), computed the
//! way `conll18_ud_eval.py` computes them, so numbers are comparable with
//! published results.
//!
//! Gold and system are aligned on the stream of their non-whitespace
//! characters, so a system that read raw text (and tokenised and split
//! sentences itself) can be scored against the treebank.

mod align;
mod metrics;
mod prf;
mod score;
mod text;
mod ud;

pub use prf::Prf;
pub use score::{Score, Scores};
pub use text::{raw_text, raw_text_breaking};

use backchannel_core::conllu;

/// Score `system` against `gold` with the official script's semantics.
///
/// Errors (as the script does) when the two files do not spell the same
/// characters, or when either has a head outside its sentence, a cycle, or a
/// sentence without exactly one root.
pub fn evaluate(gold: &[conllu::Sentence], system: &[conllu::Sentence]) -> Result<Scores, String> {
    metrics::evaluate_checked(gold, system, true)
}

/// Like [`evaluate`] but without checking dependency trees, for systems that
/// only tokenise (heads left at 0) or parsers under development: invalid heads
/// just never count as correct. Character mismatches are still errors.
pub fn evaluate_unchecked(
    gold: &[conllu::Sentence],
    system: &[conllu::Sentence],
) -> Result<Scores, String> {
    metrics::evaluate_checked(gold, system, false)
}
