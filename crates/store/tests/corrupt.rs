//! Bad files give clear errors, never panics.

mod common;

use std::io::Write;

use backchannel_store::{Store, StoreError};

#[test]
fn random_bytes_file_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("random.db");
    let mut rng = common::Rng::new(1);
    let bytes: Vec<u8> = (0..64 * 1024).map(|_| rng.next() as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().expect("must fail");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("random.db") && msg.contains("not a backchannel store"),
        "{msg}"
    );
    // The file was not modified.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn text_file_and_directory_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(
            b"just some notes, definitely not sqlite\n"
                .repeat(100)
                .as_slice(),
        )
        .unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::NotADatabase { .. })
    ));
    let err = Store::open(dir.path()).err().expect("directory");
    assert!(err.to_string().contains("directory"), "{err}");
    let err = Store::open(&dir.path().join("no/such/dir/x.db"))
        .err()
        .expect("missing dir");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
}

#[test]
fn truncated_store_gives_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut s = Store::open(&path).unwrap();
        let docs: Vec<_> = (0..50).map(|i| common::analysed_doc(i, 3000)).collect();
        s.insert_batch(&docs).unwrap();
        // Fold the WAL into the main file so truncating it loses pages.
        s.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let len = std::fs::metadata(&path).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(len / 3).unwrap();
    drop(f);
    // Either opening or reading reports the damage; nothing panics.
    if let Ok(s) = Store::open(&path) {
        let mut errors = 0;
        for d in s.documents() {
            if d.is_err() {
                errors += 1;
            }
        }
        let _ = s.stats();
        let _ = s.search("ka", 5);
        assert!(errors > 0 || s.stats().is_err());
    }
}

#[test]
fn newer_store_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let s = Store::open(&path).unwrap();
        s.connection()
            .execute_batch("PRAGMA user_version = 99;")
            .unwrap();
    }
    let err = Store::open(&path).err().expect("must fail");
    assert!(
        matches!(err, StoreError::TooNew { found: 99, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("version 99"), "{err}");
}

#[test]
fn other_programs_sqlite_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE people(name TEXT); PRAGMA user_version = 1;")
            .unwrap();
    }
    let err = Store::open(&path).err().expect("must fail");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("another program"), "{err}");
}
