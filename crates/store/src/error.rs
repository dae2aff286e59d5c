//! Every way the store can fail, each with a message a user can act on.

use std::fmt;
use std::path::PathBuf;

/// A store failure. Nothing in this crate panics on bad input or a bad file:
/// it returns one of these instead.
#[derive(Debug)]
pub enum StoreError {
    /// The file exists but is not an SQLite database (or is damaged beyond reading).
    NotADatabase { path: PathBuf, detail: String },
    /// The file cannot be opened at all (permissions, missing folder, …).
    Open { path: PathBuf, detail: String },
    /// `open_existing` was asked for a file that does not exist.
    Missing { path: PathBuf },
    /// The file was written by a newer backchannel: upgrading it is not possible here.
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A migration step failed; the store is left at `from` (each step is one transaction).
    Migration { step: i64, detail: String },
    /// The search query is not valid FTS5 syntax.
    Query { query: String, detail: String },
    /// A stored record could not be decoded.
    Corrupt { id: String, detail: String },
    /// A document could not be encoded for storage.
    Encode { id: String, detail: String },
    /// A document with this id is stored with a different text (ids not derived from the text).
    Conflict { id: String },
    /// The callback given to `for_each_document` asked to stop with this message.
    Stopped(String),
    /// Any other SQLite failure (disk full, locked too long, I/O error, …).
    Sqlite(rusqlite::Error),
    /// File-system failure around the database file.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotADatabase { path, detail } => write!(
                f,
                "{} is not a backchannel store (not a readable SQLite database: {detail})",
                path.display()
            ),
            StoreError::Open { path, detail } => {
                write!(f, "cannot open store {}: {detail}", path.display())
            }
            StoreError::Missing { path } => write!(
                f,
                "no store at {} (run `backchannel ingest` first, or pass --db)",
                path.display()
            ),
            StoreError::TooNew {
                path,
                found,
                supported,
            } => write!(
                f,
                "{} has store schema version {found}, but this backchannel supports up to {supported}: \
                 upgrade backchannel to read it",
                path.display()
            ),
            StoreError::Migration { step, detail } => {
                write!(f, "upgrading the store to schema version {step} failed: {detail}")
            }
            StoreError::Query { query, detail } => {
                write!(f, "invalid search query {query:?}: {detail}")
            }
            StoreError::Corrupt { id, detail } => {
                write!(f, "stored record {id} cannot be read: {detail}")
            }
            StoreError::Encode { id, detail } => write!(f, "cannot store document {id}: {detail}"),
            StoreError::Conflict { id } => write!(
                f,
                "document {id} is already stored with a different text (its id is not the content id)"
            ),
            StoreError::Stopped(msg) => write!(f, "{msg}"),
            StoreError::Sqlite(e) => write!(f, "store: {e}"),
            StoreError::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Sqlite(e) => Some(e),
            StoreError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}
