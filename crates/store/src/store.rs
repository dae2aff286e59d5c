//! Opening a store: file checks, connection settings, migrations.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::schema::{self, MIGRATIONS};
use crate::StoreError;

/// How long a writer waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// One SQLite store file (default `./backchannel.db`).
///
/// A `Store` is the single writer of its process; other processes may read
/// (and write, one at a time) concurrently thanks to WAL mode.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

impl Store {
    /// Open the store at `path`, creating it when missing and upgrading an
    /// older schema. Fails with a clear error for a file that is not a store.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // Two processes creating the same new file race for the switch to WAL
        // and the first migration; SQLite answers the loser "busy" at once in
        // some of those steps instead of calling the busy handler, so the
        // whole open is retried until the usual timeout.
        let deadline = Instant::now() + BUSY_TIMEOUT;
        loop {
            match Store::open_once(path) {
                Err(StoreError::Sqlite(e)) if is_busy(&e) && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store, StoreError> {
        if path.is_dir() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                detail: "it is a directory".to_string(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // SQLite opens lazily: the first read is what finds out a file is not a database.
        conn.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| classify(path, e))?;
        // WAL: readers do not block the writer, and a killed writer leaves a
        // store that recovers on the next open. NORMAL sync is crash-safe for
        // process kills in WAL mode (only an OS crash may lose the last commits).
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // 64 MiB page cache: the LSH and FTS indexes take random inserts, and
        // SQLite's 2 MiB default makes each batch re-read and re-write pages.
        conn.pragma_update(None, "cache_size", -65536)?;
        schema::migrate(&mut conn, path, MIGRATIONS).map_err(|e| match e {
            StoreError::Sqlite(e) => classify(path, e),
            other => other,
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Like [`Store::open`], but a missing file is an error instead of a new store
    /// (for commands that only read).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of this store (number of applied migrations).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The underlying connection, for read-only SQL over the documented tables
    /// (`documents`, `entities`, `attributions`, `events`, view `dup_groups`).
    /// Writes must go through the `Store` methods so the indexes stay consistent.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Turn an SQLite error at open time into a message about the file.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }
        }
        Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied)
        | Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::SystemIoFailure) => StoreError::Open {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => StoreError::Sqlite(e),
    }
}
