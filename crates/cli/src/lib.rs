//! The `backchannel` library: the [`Pipeline`] that carries one document through
//! every stage, and the command implementations the binary dispatches to.
//!
//! Stages live in their own crates (read, clean, segment, nlp, ner, attrib, store);
//! this crate only wires them together, so nothing here knows their internals.

pub mod cmd;
mod pipeline;
mod progress;

pub use pipeline::Pipeline;
