//! SQLite store: documents, analysis records, near-duplicate groups, full-text search.
//!
//! One file (default `./backchannel.db`) in WAL mode, schema versioned by
//! migrations ([`schema`]). Each document is stored once by content id; near
//! copies (syndicated wire stories with small edits) share a `dup_group`
//! found by MinHash/LSH ([`minhash`]) kept in the database so grouping works
//! across runs. The full analysis record is kept (compressed), with its
//! entities, attributions and events also as rows for SQL counting, and title
//! and text are indexed with FTS5.
//!
//! Tables for read-only SQL (via [`Store::connection`]): `documents` (seq, id,
//! url, title, outlet, published, origin, language, dup_group, near_of,
//! similarity, ingested_at, text, …), `entities`, `attributions`, `events`
//! (keyed by `doc` = document id) and the view `dup_groups` (grp, articles,
//! outlets, first_published, last_published).
//!
//! ```
//! use backchannel_core::{DocMeta, Document};
//! use backchannel_store::{Insert, Store};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = tempfile::tempdir()?;
//! let mut store = Store::open(&dir.path().join("backchannel.db"))?;
//! let doc = Document::from_plain("Envoys met in Vienna on Tuesday.".into(), DocMeta::default());
//! assert!(matches!(store.insert_batch(&[doc.clone()])?[0], Insert::Stored { .. }));
//! assert!(matches!(store.insert(&doc)?, Insert::Duplicate { .. }));
//! assert_eq!(store.get(&doc.meta.id)?, Some(doc));
//! let hits = store.search("vienna", 10)?;
//! assert_eq!(hits[0].marked_snippet("[", "]"), "Envoys met in [Vienna] on Tuesday.");
//! store.for_each_document(|d| -> Result<(), String> { println!("{}", d.meta.id); Ok(()) })?;
//! println!("{}", store.stats()?);
//! # Ok(())
//! # }
//! ```

mod codec;
mod error;
mod insert;
mod layers;
pub mod minhash;
mod prepare;
mod read;
pub mod schema;
mod search;
mod stats;
mod store;

pub use error::StoreError;
pub use insert::{Batch, Insert};
pub use prepare::PreparedDoc;
pub use read::Documents;
pub use search::{quote_terms, Hit};
pub use stats::{GroupStats, Stats};
pub use store::Store;
