//! Bad input end to end: each bad file gives one clear error naming it, the
//! batch goes on, nothing panics, and exit codes follow the README.

mod common;

use std::io::Write;

use common::*;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A small file that decompresses to `size` bytes, written without holding them in memory.
fn write_gzip_bomb(path: &std::path::Path, size: usize) {
    let f = std::fs::File::create(path).unwrap();
    let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::best());
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..size >> 20 {
        e.write_all(&chunk).unwrap();
    }
    e.finish().unwrap();
}

fn warc_record(uri: &str, html: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2021-02-22T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http.as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r
}

const PAGE: &str = "<html><head><title>Talks resume | Example News</title></head><body><article>\
    <p>Negotiators from both countries met in Vienna on Tuesday to resume talks on the nuclear agreement.</p>\
    <p>The foreign minister said the meeting was constructive, according to a statement.</p></article></body></html>";

#[test]
fn every_bad_file_is_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "The senator said on Monday that the bill would pass.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"The caf\xe9 owner said the minister\x92s plan would fail.\n",
    )
    .unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("binary.bin"),
        (0..4096u32)
            .map(|i| (i * 7 % 256) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(
        d.join("lines.jsonl"),
        "{\"text\": \"The first line is fine and says something.\"}\n{\"title\": \"no text here\"}\n{\"text\": \"The third line is fine too.\"}\n",
    )
    .unwrap();
    std::fs::write(
        d.join("broken-feed.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>x</titl",
    )
    .unwrap();
    let mut warc = gzip(&warc_record("https://example.com/a", PAGE));
    let second = gzip(&warc_record("https://example.com/b", PAGE));
    warc.extend_from_slice(&second[..second.len() / 2]);
    std::fs::write(d.join("cut.warc.gz"), warc).unwrap();
    write_gzip_bomb(&d.join("bomb.txt.gz"), 700 << 20);
    let deep = format!(
        "<html><body>{}<p>Deep text here.</p></body></html>",
        "<div>".repeat(100_000)
    );
    std::fs::write(d.join("deep.html"), deep).unwrap();

    let o = run(&["analyze", "--format", "jsonl", d.to_str().unwrap()]);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(o.status.success(), "exit {:?}\n{err}", o.status);
    assert!(!err.contains("panicked"), "{err}");
    for name in [
        "empty.txt",
        "binary.bin",
        "lines.jsonl",
        "broken-feed.xml",
        "cut.warc.gz",
        "bomb.txt.gz",
    ] {
        assert!(
            err.lines().any(|l| l.contains(name)),
            "no error naming {name}:\n{err}"
        );
    }
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let texts: Vec<&str> = records.iter().filter_map(|r| r["text"].as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("bill would pass")));
    assert!(
        texts.iter().any(|t| t.contains("café owner")),
        "latin-1 decoded: {texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("third line")));
    assert!(
        texts.iter().any(|t| t.contains("Negotiators")),
        "WARC record before the cut"
    );
    let errors = records.iter().filter(|r| r.get("error").is_some()).count();
    assert!(errors >= 6, "{errors} error lines");
}

#[test]
fn jsonl_gives_one_output_line_per_input_line_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.jsonl");
    std::fs::write(
        &p,
        "{\"text\": \"Alpha said yes.\"}\nnot json\n{\"text\": \"Gamma said no.\", \"published\": \"2020-01-02\"}\n{\"url\": \"x\"}\n",
    )
    .unwrap();
    let o = run(&["analyze", "--format", "jsonl", p.to_str().unwrap()]);
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0]["text"].as_str().unwrap().contains("Alpha"));
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["doc"]["published"], "2020-01-02");
    assert!(lines[3]["error"].is_string());
}

#[test]
fn ingest_fails_only_when_nothing_could_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let o = run(&[
        "ingest",
        "--db",
        db.to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert!(!o.status.success(), "all inputs bad must fail");
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "The minister said the talks went well.\n").unwrap();
    let o = run(&[
        "ingest",
        "--db",
        db.to_str().unwrap(),
        empty.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("stored 1"), "{}", stderr(&o));
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    std::fs::write(&input, jsonl_articles(300)).unwrap();
    let db = dir.path().join("b.db");
    let db = db.to_str().unwrap();
    assert!(run(&["ingest", "--db", db, input.to_str().unwrap()])
        .status
        .success());
    for args in [
        vec!["export", "--db", db],
        vec!["search", "--db", db, "--limit", "300", "minister"],
    ] {
        let mut child = bin()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("error"),
            "{args:?}: {err}"
        );
    }
}
