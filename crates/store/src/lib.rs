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
pub use insert::Insert;
pub use read::Documents;
pub use search::{quote_terms, Hit};
pub use stats::{GroupStats, Stats};
pub use store::Store;
