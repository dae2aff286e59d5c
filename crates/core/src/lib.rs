//! The shared data model of backchannel.
//!
//! One [`Document`] flows through every stage (read → clean → parse → actors →
//! attribution → events → store). Each stage owns one layer of the document and
//! only reads the layers before it. The serialised form is the analysis record
//! described in `spec/analysis-json.md` (`"schema": "backchannel/1"`).
//!
//! Offsets in every layer are **char** (Unicode scalar) offsets into
//! [`Document::text`], as the public contract requires. [`CharIndex`] converts
//! between byte and char offsets for code that slices `&str`.

pub mod conllu;
pub mod date;
mod document;
mod error;
mod offsets;
mod raw;
pub mod testing;

pub use document::*;
pub use error::DocError;
pub use offsets::{CharIndex, OffsetMap};
pub use raw::{Hints, RawBody, RawDoc};

/// The schema tag written into every analysis record.
pub const SCHEMA: &str = "backchannel/1";
