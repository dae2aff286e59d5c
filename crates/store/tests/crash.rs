//! Crash safety: a writer killed with SIGKILL mid-insert leaves a store that
//! opens cleanly, and re-running the same insertions ends with exactly what a
//! clean run stores — same documents, same near-duplicate groups, no duplicates.
//!
//! The test re-executes its own binary as the child writer (test `crash_child`,
//! enabled by an environment variable) and kills it while it is inserting.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use backchannel_core::Document;
use backchannel_store::Store;
use common::*;

const DB_VAR: &str = "BACKCHANNEL_STORE_CRASH_DB";
const DOCS: u64 = 6_000;
const BATCH: usize = 100;

/// The insertions every run makes: articles, with every fifth followed later by
/// a near-copy (so grouping state is exercised too).
fn workload() -> Vec<Document> {
    let mut docs = Vec::with_capacity(DOCS as usize);
    for i in 0..DOCS {
        if i % 5 == 4 {
            let mut copy = plain_doc(i - 3, 1500);
            copy.text
                .push_str("\n\nThis story was distributed by a news agency.");
            copy.meta.outlet = Some("Syndicator".into());
            docs.push(Document::from_plain(copy.text, copy.meta));
        } else {
            docs.push(plain_doc(i, 1500));
        }
    }
    docs
}

fn run_all(store: &mut Store, docs: &[Document], batch: usize) {
    for chunk in docs.chunks(batch) {
        store.insert_batch(chunk).unwrap();
    }
}

/// The child writer: does nothing unless the parent test set `DB_VAR`.
#[test]
fn crash_child() {
    let Ok(path) = std::env::var(DB_VAR) else {
        return;
    };
    let mut store = Store::open(Path::new(&path)).unwrap();
    run_all(&mut store, &workload(), BATCH);
}

fn stored_count(path: &Path) -> i64 {
    let Ok(c) = rusqlite::Connection::open(path) else {
        return 0;
    };
    let _ = c.busy_timeout(Duration::from_secs(5));
    c.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))
        .unwrap_or(0)
}

/// Start the child writer, let it store at least `min_docs` more, kill it.
fn kill_writer_midway(path: &Path, min_docs: i64) {
    let before = stored_count(path);
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args(["crash_child", "--exact", "--test-threads=1", "--nocapture"])
        .env(DB_VAR, path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while stored_count(path) < before + min_docs {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "child writer made no progress"
        );
        if let Ok(Some(status)) = child.try_wait() {
            panic!("child writer exited before it was killed: {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "child was not killed: {status}");
    }
    let _ = status;
}

/// id → id of the first document of its group, for comparing grouping.
fn grouping(store: &Store) -> BTreeMap<String, String> {
    let mut st = store
        .connection()
        .prepare(
            "SELECT d.id, f.id FROM documents d JOIN documents f ON f.seq = d.dup_group ORDER BY d.seq",
        )
        .unwrap();
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn killed_writer_leaves_a_clean_store_and_rerun_completes_it() {
    if std::env::var(DB_VAR).is_ok() {
        return; // we are the child
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");

    // Two kills at different points, then finish the job in this process.
    kill_writer_midway(&path, 1_000);
    let after_first = stored_count(&path);
    kill_writer_midway(&path, 1_000);
    let after_second = stored_count(&path);
    assert!(after_second > after_first);
    assert!(
        after_second < DOCS as i64,
        "the kill came too late to test anything"
    );

    let docs = workload();
    let mut store = Store::open(&path).expect("a killed writer leaves a store that opens");
    let check: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // Whole batches or nothing: the stored prefix is a multiple of the batch size.
    let survived = store.len().unwrap() as usize;
    assert_eq!(survived % BATCH, 0, "a partial batch survived the kill");

    run_all(&mut store, &docs, 333); // a different batching on purpose
    assert_eq!(store.len().unwrap(), DOCS);
    let ids: HashSet<String> = store.documents().map(|d| d.unwrap().meta.id).collect();
    let want: HashSet<String> = docs.iter().map(|d| d.meta.id.clone()).collect();
    assert_eq!(ids, want, "exactly the workload's documents, each once");
    let fts: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM documents_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fts, DOCS as i64);

    // Same result as one clean run.
    let clean_dir = tempfile::tempdir().unwrap();
    let mut clean = Store::open(&clean_dir.path().join("clean.db")).unwrap();
    run_all(&mut clean, &docs, BATCH);
    assert_eq!(grouping(&store), grouping(&clean));
    let (a, b) = (store.stats().unwrap(), clean.stats().unwrap());
    assert_eq!(
        (a.documents, a.groups, a.near_duplicates),
        (b.documents, b.groups, b.near_duplicates)
    );
    assert_eq!(a.near_duplicates, DOCS / 5);
}
