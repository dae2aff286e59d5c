//! Directories and mixed inputs.

mod common;

use backchannel_read::{read_path, ReadOptions};

#[test]
fn directory_is_walked_sorted_skipping_hidden() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("b/inner")).expect("mkdir");
    std::fs::create_dir_all(root.join(".git")).expect("mkdir");
    std::fs::write(root.join("z.txt"), "Zed story.").expect("write");
    std::fs::write(root.join("a.html"), "<html><body>A</body></html>").expect("write");
    std::fs::write(
        root.join("b/inner/c.jsonl"),
        "{\"text\":\"C1\"}\n{\"text\":\"C2\"}\n",
    )
    .expect("write");
    std::fs::write(root.join("b/b.txt"), "Bee.").expect("write");
    std::fs::write(root.join(".hidden.txt"), "secret").expect("write");
    std::fs::write(root.join(".git/config"), "[core]").expect("write");
    std::fs::write(root.join("b/pic.bin"), [0u8, 159, 146, 150]).expect("write");
    let origins: Vec<String> = read_path(root, &ReadOptions::default())
        .map(|r| match r {
            Ok(d) => d.origin,
            Err(e) => format!("ERR {}", e.origin),
        })
        .collect();
    let rel: Vec<String> = origins
        .iter()
        .map(|o| o.replace(&root.display().to_string(), ""))
        .collect();
    assert_eq!(
        rel,
        [
            "/a.html",
            "/b/b.txt",
            "/b/inner/c.jsonl#line 1",
            "/b/inner/c.jsonl#line 2",
            "ERR /b/pic.bin",
            "/z.txt"
        ]
    );
}

#[test]
fn gzipped_jsonl_and_feed_files_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("items.jsonl.gz");
    std::fs::write(
        &p,
        common::gzip(b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n"),
    )
    .expect("write");
    assert_eq!(
        read_path(&p, &ReadOptions::default())
            .filter(Result::is_ok)
            .count(),
        2
    );
}
