//! WARC and WARC.gz: record selection, hints, payload decoding, truncation, bombs.

mod common;

use std::io::Write;

use backchannel_read::{read_bytes, read_path, ReadOptions};
use common::{cc_news_records, gzip, html_of, response, warc_record};

fn opts() -> ReadOptions {
    ReadOptions::default()
}

#[test]
fn plain_warc_yields_only_html_responses_with_hints() {
    let recs = cc_news_records(3);
    let bytes = recs.concat();
    let docs: Vec<_> = read_bytes("cc.warc", bytes, &opts()).collect();
    assert_eq!(docs.len(), 3, "{docs:?}");
    for (i, d) in docs.iter().enumerate() {
        let d = d.as_ref().expect("each response reads");
        assert_eq!(
            d.hints.url.as_deref(),
            Some(format!("https://news.example/{i}").as_str())
        );
        assert_eq!(d.hints.fetched.as_deref(), Some("2021-02-22"));
        assert!(html_of(d).contains(&format!("Story {i}")));
        // warcinfo is record 1, then request/response/metadata per page.
        assert_eq!(d.origin, format!("cc.warc#record {}", 3 + 3 * i));
    }
}

#[test]
fn per_record_gzip_and_whole_file_gzip_read_the_same() {
    let recs = cc_news_records(4);
    let per_record: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    let whole = gzip(&recs.concat());
    let a: Vec<_> = read_bytes("a.warc.gz", per_record, &opts())
        .map(|r| r.map(|d| d.body))
        .collect();
    let b: Vec<_> = read_bytes("b.warc.gz", whole, &opts())
        .map(|r| r.map(|d| d.body))
        .collect();
    assert_eq!(a.len(), 4);
    assert_eq!(a, b);
}

#[test]
fn non_html_and_non_2xx_responses_are_skipped() {
    let png = warc_record(
        "response",
        &[("WARC-Target-URI", "https://news.example/a.png")],
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n",
    );
    let redirect = warc_record(
        "response",
        &[("WARC-Target-URI", "https://news.example/old")],
        b"HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nContent-Type: text/html\r\n\r\n<a href=/new>moved</a>",
    );
    let page = response(
        "https://news.example/new",
        "2021-03-01T00:00:00Z",
        "<p>kept</p>",
    );
    let docs: Vec<_> = read_bytes("x.warc", [png, redirect, page].concat(), &opts()).collect();
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0]
            .as_ref()
            .ok()
            .and_then(|d| d.hints.url.clone())
            .as_deref(),
        Some("https://news.example/new")
    );
}

#[test]
fn chunked_gzip_payload_and_http_charset() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"<html><body><p>Caf\xe9 talks</p></body></html>")
        .expect("mem");
    let gz = gz.finish().expect("mem");
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    block.extend_from_slice(format!("{:X}\r\n", gz.len()).as_bytes());
    block.extend_from_slice(&gz);
    block.extend_from_slice(b"\r\n0\r\n\r\n");
    let rec = warc_record(
        "response",
        &[("WARC-Target-URI", "https://x.example/")],
        &block,
    );
    let docs: Vec<_> = read_bytes("c.warc", rec, &opts()).collect();
    assert_eq!(
        html_of(docs[0].as_ref().expect("reads")),
        "<html><body><p>Caf\u{e9} talks</p></body></html>"
    );
}

#[test]
fn truncated_warc_gz_yields_records_before_the_cut_then_one_error() {
    let recs = cc_news_records(3);
    let gz: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    // Cut in the middle of the last response's gzip member (record 9 of 10).
    let cut_at = recs[..9].iter().map(|r| gzip(r).len()).sum::<usize>() - 20;
    let docs: Vec<_> = read_bytes("cut.warc.gz", gz[..cut_at].to_vec(), &opts()).collect();
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert!(docs[0].is_ok() && docs[1].is_ok());
    let err = docs[2].as_ref().expect_err("the cut record is an error");
    assert_eq!(err.origin, "cut.warc.gz#record 9");
    assert!(err.reason.contains("truncated"), "{err}");
}

#[test]
fn truncated_plain_warc_names_the_record() {
    let recs = cc_news_records(1);
    let mut bytes = recs.concat();
    bytes.truncate(bytes.len() - 30);
    let docs: Vec<_> = read_bytes("cut.warc", bytes, &opts()).collect();
    let err = docs
        .last()
        .and_then(|d| d.as_ref().err())
        .expect("ends in an error");
    assert!(err.origin.starts_with("cut.warc#record "), "{err}");
    assert!(err.reason.contains("truncated"), "{err}");
}

#[test]
fn oversized_page_is_an_error_and_reading_goes_on() {
    let small = ReadOptions {
        max_doc_bytes: 1000,
        ..opts()
    };
    let big = response(
        "https://x.example/big",
        "2021-01-01T00:00:00Z",
        &"x".repeat(300_000),
    );
    let ok = response(
        "https://x.example/ok",
        "2021-01-01T00:00:00Z",
        "<p>fine</p>",
    );
    let docs: Vec<_> = read_bytes("b.warc", [big, ok].concat(), &small).collect();
    assert_eq!(docs.len(), 2);
    let err = docs[0].as_ref().expect_err("too big");
    assert!(err.reason.contains("max_doc_bytes"), "{err}");
    assert!(docs[1].is_ok());
}

#[test]
fn record_declaring_more_than_the_cap_stops_the_file() {
    let small = ReadOptions {
        max_decompressed_bytes: 1 << 20,
        ..opts()
    };
    let mut bytes =
        b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 99999999999\r\n\r\n".to_vec();
    bytes.extend_from_slice(&[b'a'; 100]);
    let docs: Vec<_> = read_bytes("bomb.warc", bytes, &small).collect();
    let err = common::only_err(docs);
    assert!(err.reason.contains("max_decompressed_bytes"), "{err}");
}

#[test]
fn garbage_between_records_is_one_error() {
    let mut bytes = response("https://x.example/", "2021-01-01T00:00:00Z", "<p>one</p>");
    bytes.extend_from_slice(b"this is not a record\r\n");
    let docs: Vec<_> = read_bytes("g.warc", bytes, &opts()).collect();
    assert_eq!(docs.len(), 2);
    assert!(docs[1]
        .as_ref()
        .is_err_and(|e| e.origin == "g.warc#record 2" && e.reason.contains("expected a WARC")));
}

#[test]
fn large_warc_file_streams_from_disk() {
    // 2,000 pages, ~40 MB uncompressed: read lazily from a file, in order.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.warc.gz");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let filler = "<p>Paragraph of news text about talks.</p>".repeat(480);
    for i in 0..2000 {
        let rec = response(
            &format!("https://x.example/{i}"),
            "2021-01-01T00:00:00Z",
            &format!("<h1>{i}</h1>{filler}"),
        );
        f.write_all(&gzip(&rec)).expect("write");
    }
    drop(f);
    let mut n = 0;
    for (i, d) in read_path(&path, &opts()).enumerate() {
        let d = d.expect("reads");
        assert!(html_of(&d).starts_with(&format!("<h1>{i}</h1>")));
        n += 1;
    }
    assert_eq!(n, 2000);
}

#[test]
fn resource_records_with_html_are_read() {
    let rec = warc_record(
        "resource",
        &[
            ("WARC-Target-URI", "https://x.example/saved"),
            ("Content-Type", "text/html; charset=windows-1252"),
        ],
        b"<p>saved caf\xe9</p>",
    );
    let other = warc_record(
        "resource",
        &[("Content-Type", "image/jpeg")],
        b"\xff\xd8\xff",
    );
    let docs: Vec<_> = read_bytes("r.warc", [rec, other].concat(), &opts()).collect();
    assert_eq!(docs.len(), 1);
    assert_eq!(
        html_of(docs[0].as_ref().expect("reads")),
        "<p>saved caf\u{e9}</p>"
    );
}
