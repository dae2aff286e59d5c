//! Attribution: quotes and claims with source, cue, content, sourcing kind and stance.
//!
//! Pipeline: tokens (from the segment crate, or our fallback tokenizer) →
//! per-token features → BIO tagger (source / cue / content; a linear-chain
//! CRF trained by averaged SGD, crf.rs) → linker grouping spans around
//! cues → sourcing (kind, stance, form, via, anonymity reason), plus
//! closed-class rules (declines and non-responses, participle and
//! coordinated subjects, `that` clauses) →
//! span-edge rankers (where a cue ends and its content starts, where the
//! content ends), averaged perceptrons trained on gold spans with held-out
//! tagger edges as features, shipped in the same model file.
//!
//! Use: `Attributor::embedded()?.annotate(&mut doc)` after segment (and,
//! the parser and NER: entities decide named vs organization, the parse feeds
//! the tagger's syntax features; the shipped model is trained on segment +
//! parse, see [`parse_prep`]).
//! Train: `cargo run --release -p backchannel-attrib --example attrib_train`;
//! evaluate: `--example attrib_eval -- ../shared/bench/polnear/dev`.

// Index loops over parallel per-token arrays read better than zipped iterators.
#![allow(clippy::needless_range_loop)]

mod according;
mod attributor;
mod before;
mod bounds;
pub mod brat;
mod chars;
mod content_keep;
pub mod corpus;
mod crf;
mod ends;
mod ensemble;
pub mod eval;
mod features;
mod headline;
mod id_slots;
mod joint_slots;
mod keep;
mod leads;
mod lexicon;
pub mod link;
mod model;
mod nesting;
mod participle;
mod pieces;
mod polls;
mod quote_before;
mod raising;
mod ranker_cv;
mod reclaim;
mod relative;
mod rows;
mod rules;
mod source_edges;
mod source_np;
mod source_tail;
mod source_time;
mod sourcing;
mod speakers;
mod subjects;
pub mod summary;
mod table;
#[cfg(test)]
mod test_util;
mod tokenize;
mod train;
mod verbs;
mod word_slots;

pub use attributor::Attributor;
pub use eval::{Prf, Report};
pub use summary::{summarize, ClaimRef, SourcingSummary};
pub use train::{evaluate_dir, parse_prep, prepare, segment_prep, train, train_with, TrainReport};

/// The preparation the examples use: segment + parse, what the shipped model
/// was trained on; `ATTRIB_PREP=segment` stops after the segmenter and
/// `ATTRIB_PREP=none` leaves tokenisation to the fallback tokenizer.
pub fn example_prep() -> fn(&mut Document) {
    match std::env::var("ATTRIB_PREP").as_deref() {
        Ok("none") => |_| {},
        Ok("segment") => segment_prep,
        _ => parse_prep,
    }
}

use backchannel_core::Document;

/// The document's attributions as brat standoff, offsets mapped to the
/// original input through `doc.offset_map` (lines up with PolNeAR gold).
pub fn to_brat(doc: &Document) -> String {
    brat::to_brat_with(doc, None)
}
