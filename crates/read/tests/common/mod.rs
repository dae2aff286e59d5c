//! Builders for test inputs, generated in the test so no fixtures are committed.
#![allow(dead_code)]

use std::io::Write;

use backchannel_core::{DocError, RawBody, RawDoc};

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("in-memory write");
    enc.finish().expect("in-memory gzip")
}

/// One WARC record with the given type, extra header lines and block.
pub fn warc_record(kind: &str, extra: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n").into_bytes();
    for (k, v) in extra {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A `response` record for an HTML page at `url`.
pub fn response(url: &str, date: &str, html: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n{html}");
    warc_record(
        "response",
        &[
            ("WARC-Target-URI", url),
            ("WARC-Date", date),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        block.as_bytes(),
    )
}

pub fn request(url: &str) -> Vec<u8> {
    let block = format!("GET / HTTP/1.1\r\nHost: {url}\r\n\r\n");
    warc_record("request", &[("WARC-Target-URI", url)], block.as_bytes())
}

pub fn warcinfo() -> Vec<u8> {
    warc_record(
        "warcinfo",
        &[("Content-Type", "application/warc-fields")],
        b"software: test\r\n",
    )
}

/// A small CC-NEWS-like file: warcinfo, then request/response/metadata for
/// each page, `n` pages.
pub fn cc_news_records(n: usize) -> Vec<Vec<u8>> {
    let mut recs = vec![warcinfo()];
    for i in 0..n {
        let url = format!("https://news.example/{i}");
        recs.push(request(&url));
        recs.push(response(
            &url,
            "2021-02-22T10:00:0{i}Z",
            &format!("<html><body><p>Story {i}</p></body></html>"),
        ));
        recs.push(warc_record(
            "metadata",
            &[("WARC-Target-URI", &url)],
            b"fetchTimeMs: 12\r\n",
        ));
    }
    recs
}

pub fn html_of(doc: &RawDoc) -> &str {
    match &doc.body {
        RawBody::Html(s) => s,
        RawBody::Text(_) => panic!("expected an HTML body in {}", doc.origin),
    }
}

pub fn text_of(doc: &RawDoc) -> &str {
    match &doc.body {
        RawBody::Text(s) => s,
        RawBody::Html(_) => panic!("expected a text body in {}", doc.origin),
    }
}

pub fn only_err(items: Vec<Result<RawDoc, DocError>>) -> DocError {
    assert_eq!(items.len(), 1, "expected exactly one item, got {items:?}");
    items
        .into_iter()
        .next()
        .and_then(Result::err)
        .expect("expected an error")
}
