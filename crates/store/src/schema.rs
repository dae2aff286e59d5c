//! The store's schema and its migrations.
//!
//! `PRAGMA user_version` holds how many steps of [`MIGRATIONS`] have been applied.
//! Opening a store applies the missing steps in order, each in its own
//! transaction together with the version bump, so a crash mid-upgrade leaves the
//! store at the last complete step. A store with a higher version than this
//! build knows is refused rather than guessed at.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// `PRAGMA application_id` of a backchannel store ("BCHN"), so that another
/// program's SQLite file is recognised and left alone.
pub const APPLICATION_ID: i64 = 0x4243_484e;

/// Ordered schema steps; step `i` (1-based) upgrades version `i - 1` to `i`.
/// Append new steps; never edit a released one.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, analysis records, near-duplicate index, full-text index, layer rows.
    r#"
    CREATE TABLE documents (
        seq          INTEGER PRIMARY KEY,   -- insertion order
        id           TEXT NOT NULL UNIQUE,  -- content id (doc.meta.id)
        content_hash TEXT NOT NULL,         -- full sha256 of the clean text, hex
        url          TEXT,
        title        TEXT,
        outlet       TEXT,
        published    TEXT,
        origin       TEXT,
        language     TEXT,
        dup_group    INTEGER NOT NULL,      -- seq of the group's first document
        near_of      INTEGER,               -- seq of the document it was matched to
        similarity   REAL,                  -- estimated Jaccard similarity to near_of
        ingested_at  TEXT NOT NULL,
        text         TEXT NOT NULL,         -- clean text (what the FTS index and snippets read)
        codec        INTEGER NOT NULL,      -- 1: zstd-compressed analysis-record JSON
        record       BLOB NOT NULL,
        offsets      BLOB NOT NULL          -- clean→original offset map (codec::encode_offsets)
    );
    CREATE INDEX documents_group ON documents(dup_group);
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE INDEX documents_published ON documents(published);

    CREATE TABLE minhash (
        doc       INTEGER PRIMARY KEY REFERENCES documents(seq),
        shingles  INTEGER NOT NULL,         -- distinct word shingles in the text
        signature BLOB NOT NULL             -- little-endian u64 minima
    );
    -- LSH band keys, at most one document per (key, group): a new text needs
    -- one representative of each group that shares a key with it, not all of
    -- a big group's members.
    CREATE TABLE lsh (
        key INTEGER NOT NULL,
        grp INTEGER NOT NULL,
        doc INTEGER NOT NULL REFERENCES documents(seq),
        PRIMARY KEY (key, grp)
    ) WITHOUT ROWID;

    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text,
        content = 'documents', content_rowid = 'seq',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );

    CREATE TABLE entities (
        doc      TEXT NOT NULL REFERENCES documents(id),
        ord      INTEGER NOT NULL,
        eid      TEXT NOT NULL,
        name     TEXT NOT NULL,
        kind     TEXT NOT NULL,
        country  TEXT,
        sector   TEXT,
        code     TEXT,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (doc, ord)
    ) WITHOUT ROWID;
    CREATE INDEX entities_name ON entities(name);

    CREATE TABLE attributions (
        doc              TEXT NOT NULL REFERENCES documents(id),
        ord              INTEGER NOT NULL,
        aid              TEXT NOT NULL,
        source_text      TEXT,
        source_kind      TEXT,
        source_entity    TEXT,
        cue              TEXT NOT NULL,
        form             TEXT NOT NULL,
        stance           TEXT NOT NULL,
        via_outlet       TEXT,
        anonymity_reason TEXT,
        PRIMARY KEY (doc, ord)
    ) WITHOUT ROWID;
    CREATE INDEX attributions_kind ON attributions(source_kind);

    CREATE TABLE events (
        doc              TEXT NOT NULL REFERENCES documents(id),
        ord              INTEGER NOT NULL,
        vid              TEXT NOT NULL,
        type             TEXT NOT NULL,
        mode             TEXT,
        cameo            TEXT,
        quad             INTEGER,
        goldstein        REAL,
        actor_entity     TEXT,
        actor_code       TEXT,
        actor_text       TEXT,
        recipient_entity TEXT,
        recipient_code   TEXT,
        recipient_text   TEXT,
        date_value       TEXT,
        date_precision   TEXT,
        location_text    TEXT,
        location_country TEXT,
        modality         TEXT NOT NULL,
        attribution      TEXT,
        sentence         INTEGER NOT NULL,
        rule             TEXT NOT NULL,
        PRIMARY KEY (doc, ord)
    ) WITHOUT ROWID;
    CREATE INDEX events_type ON events(type);

    -- Per near-duplicate group: GDELT-style NumArticles and NumSources.
    CREATE VIEW dup_groups AS
        SELECT dup_group AS grp,
               COUNT(*) AS articles,
               COUNT(DISTINCT outlet) AS outlets,
               MIN(published) AS first_published,
               MAX(published) AS last_published
        FROM documents GROUP BY dup_group;
    "#,
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Bring `conn` up to the last of `steps`, or fail if it is newer or not ours.
pub fn migrate(
    conn: &mut Connection,
    path: &std::path::Path,
    steps: &[&str],
) -> Result<(), StoreError> {
    let supported = steps.len() as i64;
    // Fast path without the write lock, so a reader opening a store that a
    // long ingest is writing to does not wait for the writer's batch.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if version == supported && version > 0 && app == APPLICATION_ID {
        return Ok(());
    }
    loop {
        // IMMEDIATE takes the write lock first, so two processes opening the same
        // new store do not both try to apply step 1.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let app: i64 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if version > supported {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported,
            });
        }
        if version == supported {
            if app != APPLICATION_ID && version > 0 {
                return Err(not_ours(path));
            }
            return Ok(());
        }
        if version == 0 {
            let tables: i64 =
                tx.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(not_ours(path));
            }
        } else if app != APPLICATION_ID {
            return Err(not_ours(path));
        }
        let step = version + 1;
        let failed = |e: rusqlite::Error| StoreError::Migration {
            step,
            detail: e.to_string(),
        };
        tx.execute_batch(steps[version as usize]).map_err(failed)?;
        tx.pragma_update(None, "user_version", step)
            .map_err(failed)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
}

fn not_ours(path: &std::path::Path) -> StoreError {
    StoreError::NotADatabase {
        path: path.to_path_buf(),
        detail: "an SQLite database of another program".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn older_store_is_upgraded_step_by_step() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        let v1 = ["CREATE TABLE a(x);"];
        migrate(&mut conn, &path, &v1).unwrap();
        assert_eq!(version(&conn), 1);
        conn.execute("INSERT INTO a VALUES (1)", []).unwrap();
        let v2 = [
            "CREATE TABLE a(x);",
            "ALTER TABLE a ADD COLUMN y DEFAULT 7;",
        ];
        migrate(&mut conn, &path, &v2).unwrap();
        assert_eq!(version(&conn), 2);
        let y: i64 = conn.query_row("SELECT y FROM a", [], |r| r.get(0)).unwrap();
        assert_eq!(y, 7);
    }

    #[test]
    fn failed_step_leaves_previous_version_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, &path, &["CREATE TABLE a(x);"]).unwrap();
        let bad = [
            "CREATE TABLE a(x);",
            "CREATE TABLE b(x); CREATE TABLE a(x);",
        ];
        let err = migrate(&mut conn, &path, &bad).unwrap_err();
        assert!(
            matches!(err, StoreError::Migration { step: 2, .. }),
            "{err}"
        );
        assert_eq!(version(&conn), 1);
        let b: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_schema WHERE name='b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(b, 0, "partial step must roll back");
    }

    #[test]
    fn newer_store_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(
            &mut conn,
            &path,
            &["CREATE TABLE a(x);", "CREATE TABLE b(x);"],
        )
        .unwrap();
        let err = migrate(&mut conn, &path, &["CREATE TABLE a(x);"]).unwrap_err();
        assert!(matches!(
            err,
            StoreError::TooNew {
                found: 2,
                supported: 1,
                ..
            }
        ));
        assert!(err.to_string().contains("upgrade backchannel"), "{err}");
    }

    #[test]
    fn foreign_database_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t(x);").unwrap();
        let err = migrate(&mut conn, &path, MIGRATIONS).unwrap_err();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
        assert_eq!(version(&conn), 0);
    }
}
