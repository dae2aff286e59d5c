//! Helpers shared by the end-to-end tests: run the real binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_backchannel"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `n` distinct news-like JSONL lines.
pub fn jsonl_articles(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let text = format!(
            "Officials in capital number {i} met on Tuesday. The minister said talks would continue, \
             according to a statement released after meeting {i}. Critics called the plan number {i} \"reckless.\""
        );
        s.push_str(&serde_json::json!({"text": text, "title": format!("Story {i}")}).to_string());
        s.push('\n');
    }
    s
}

/// Ids of every record `export` prints for a store.
pub fn exported_ids(db: &Path) -> Vec<String> {
    let o = run(&["export", "--db", db.to_str().unwrap()]);
    assert!(o.status.success(), "export failed: {}", stderr(&o));
    let mut ids: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["doc"]["id"].as_str().unwrap().to_string()
        })
        .collect();
    ids.sort();
    ids
}
