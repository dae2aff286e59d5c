//! A SIGKILL in the middle of `ingest` leaves a store that opens cleanly, and
//! running the same ingest again ends with exactly what a clean run stores.

mod common;

use std::time::{Duration, Instant};

use common::*;

#[test]
fn killed_ingest_resumes_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    std::fs::write(&input, jsonl_articles(4000)).unwrap();
    let (clean_db, killed_db) = (dir.path().join("clean.db"), dir.path().join("killed.db"));

    let o = run(&[
        "ingest",
        "--db",
        clean_db.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = exported_ids(&clean_db);
    assert_eq!(expected.len(), 4000);

    let mut child = bin()
        .args([
            "ingest",
            "--db",
            killed_db.to_str().unwrap(),
            input.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill once the store has taken some writes, but before the run can finish.
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        let wal = killed_db.with_extension("db-wal");
        if std::fs::metadata(&wal)
            .map(|m| m.len() > 64 * 1024)
            .unwrap_or(false)
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let partial = exported_ids(&killed_db);
    assert!(partial.len() < 4000, "killed too late to test anything");
    let o = run(&[
        "ingest",
        "--db",
        killed_db.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(exported_ids(&killed_db), expected);
}
