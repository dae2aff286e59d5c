//! Plain text and HTML files: decoding, sniffing and the bad-input cases.

mod common;

use backchannel_core::RawBody;
use backchannel_read::{read_bytes, read_path, ReadOptions};
use common::{html_of, only_err, text_of};

fn read_one(
    origin: &str,
    bytes: Vec<u8>,
) -> Vec<Result<backchannel_core::RawDoc, backchannel_core::DocError>> {
    read_bytes(origin, bytes, &ReadOptions::default()).collect()
}

#[test]
fn utf8_text_is_byte_for_byte_except_bom() {
    let text = "WASHINGTON \u{2014} Talks resumed.\r\n\r\nOfficials said\tlittle.\n";
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    let docs = read_one("story.txt", bytes);
    let doc = docs[0].as_ref().expect("reads");
    assert_eq!(text_of(doc), text);
    assert_eq!(doc.origin, "story.txt");
}

#[test]
fn invalid_utf8_is_decoded_as_windows_1252() {
    let bytes = b"The minister\x92s \x93backchannel\x94 cost \x80 5m \xe9t\xe9.".to_vec();
    let docs = read_one("old.txt", bytes);
    let doc = docs[0].as_ref().expect("not an error");
    assert_eq!(
        text_of(doc),
        "The minister\u{2019}s \u{201c}backchannel\u{201d} cost \u{20ac} 5m \u{e9}t\u{e9}."
    );
}

#[test]
fn binary_file_is_an_error() {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 251) as u8));
    let err = only_err(read_one("photo.txt", png));
    assert_eq!(err.origin, "photo.txt");
    assert!(err.reason.contains("binary file"), "{err}");
    let err = only_err(read_one("blob", vec![0u8, 1, 2, 3, 0, 0, 9]));
    assert!(err.reason.contains("binary file"), "{err}");
}

#[test]
fn empty_file_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.html");
    std::fs::write(&path, b"").expect("write");
    let err = only_err(read_path(&path, &ReadOptions::default()).collect());
    assert!(err.origin.ends_with("empty.html"));
    assert!(err.reason.contains("empty file"), "{err}");
    let err = only_err(read_one("blank.txt", b"  \n\n \t".to_vec()));
    assert!(err.reason.contains("empty file"), "{err}");
}

#[test]
fn html_over_the_size_limit_is_refused_naming_the_limit() {
    // 50 MB page: refused before it is read (its size is known from the file),
    // because a page that size is not an article and would stall later stages.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.html");
    let mut page = b"<html><body>".to_vec();
    page.resize(50 * 1000 * 1000, b'x');
    std::fs::write(&path, &page).expect("write");
    let err = only_err(read_path(&path, &ReadOptions::default()).collect());
    assert!(err.origin.ends_with("huge.html"));
    assert!(
        err.reason.contains("max_doc_bytes limit of 33554432 bytes"),
        "{err}"
    );
    assert!(err.reason.contains("50000000"), "{err}");
    // Streamed input of unknown size is cut off at the limit too.
    let small = ReadOptions {
        max_doc_bytes: 1000,
        ..ReadOptions::default()
    };
    let gz = common::gzip(&page[..5000]);
    let err = only_err(read_bytes("page.html.gz", gz, &small).collect());
    assert!(
        err.reason.contains("max_doc_bytes limit of 1000 bytes"),
        "{err}"
    );
}

#[test]
fn html_nested_100k_deep_is_passed_on() {
    let depth = 100_000;
    let mut page = String::from("<!DOCTYPE html><html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("deep text");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let docs = read_one("deep.html", page.clone().into_bytes());
    let doc = docs[0].as_ref().expect("reads");
    assert_eq!(html_of(doc), page);
}

#[test]
fn html_meta_charset_and_fallback() {
    let latin =
        b"<html><head><meta charset=\"ISO-8859-1\"><title>Caf\xe9</title></head></html>".to_vec();
    let docs = read_one("a.html", latin);
    assert!(html_of(docs[0].as_ref().expect("reads")).contains("Caf\u{e9}"));
    let undeclared = b"<p>na\xefve</p>".to_vec();
    let docs = read_one("b.html", undeclared);
    assert_eq!(
        html_of(docs[0].as_ref().expect("reads")),
        "<p>na\u{ef}ve</p>"
    );
}

#[test]
fn sniffing_beats_the_extension() {
    let docs = read_one(
        "looks.txt",
        b"<!doctype html><html><body>x</body></html>".to_vec(),
    );
    assert!(matches!(
        docs[0].as_ref().map(|d| &d.body),
        Ok(RawBody::Html(_))
    ));
    let docs = read_one("looks.html", b"Just words, no tags at all.".to_vec());
    assert!(
        matches!(docs[0].as_ref().map(|d| &d.body), Ok(RawBody::Html(_))),
        "extension breaks the tie"
    );
    let docs = read_one("noext", b"Just words, no tags at all.".to_vec());
    assert!(matches!(
        docs[0].as_ref().map(|d| &d.body),
        Ok(RawBody::Text(_))
    ));
}

#[test]
fn gzip_bomb_is_capped() {
    // 64 MiB of text compresses to ~64 KiB; with a 8 MiB cap it must stop early.
    let opts = ReadOptions {
        max_doc_bytes: 128 << 20,
        max_decompressed_bytes: 8 << 20,
    };
    let bomb = {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..64 {
            enc.write_all(&chunk).expect("mem");
        }
        enc.finish().expect("mem")
    };
    assert!(bomb.len() < 1 << 20);
    let err = only_err(read_bytes("bomb.txt.gz", bomb, &opts).collect());
    assert_eq!(err.origin, "bomb.txt.gz");
    assert!(
        err.reason.contains("max_decompressed_bytes limit of"),
        "{err}"
    );
}

#[test]
fn missing_path_is_an_error() {
    let err = only_err(
        read_path(
            std::path::Path::new("/nonexistent/x.txt"),
            &ReadOptions::default(),
        )
        .collect(),
    );
    assert!(err.reason.contains("cannot open"), "{err}");
}
