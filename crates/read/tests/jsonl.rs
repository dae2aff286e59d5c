//! JSON Lines input.

mod common;

use backchannel_read::{read_bytes, ReadOptions};
use common::text_of;

#[test]
fn bad_lines_are_errors_and_the_rest_is_read_in_order() {
    let input = concat!(
        "{\"text\": \"First story.\", \"title\": \"One\", \"url\": \"https://x.example/1\", \"published\": \"Mon, 22 Feb 2021 10:00:00 GMT\"}\n",
        "{\"title\": \"no text here\"}\n",
        "\n",
        "not json at all\n",
        "{\"text\": \"Fourth line.\", \"outlet\": \"Wire\", \"author\": \"A. Writer\"}\r\n",
        "{\"text\": \"No newline at end\"}"
    );
    let docs: Vec<_> = read_bytes(
        "in.jsonl",
        input.as_bytes().to_vec(),
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(docs.len(), 5, "{docs:?}");
    let first = docs[0].as_ref().expect("line 1");
    assert_eq!(first.origin, "in.jsonl#line 1");
    assert_eq!(text_of(first), "First story.");
    assert_eq!(first.hints.title.as_deref(), Some("One"));
    assert_eq!(
        first.hints.published.as_deref(),
        Some("2021-02-22T10:00:00Z")
    );
    let missing = docs[1].as_ref().expect_err("line 2 has no text");
    assert_eq!(missing.origin, "in.jsonl#line 2");
    assert!(missing.reason.contains("\"text\""), "{missing}");
    let invalid = docs[2].as_ref().expect_err("line 4 is not JSON");
    assert_eq!(invalid.origin, "in.jsonl#line 4");
    assert!(invalid.reason.contains("invalid JSON"), "{invalid}");
    let fourth = docs[3].as_ref().expect("line 5");
    assert_eq!(fourth.origin, "in.jsonl#line 5");
    assert_eq!(fourth.hints.outlet.as_deref(), Some("Wire"));
    assert_eq!(fourth.hints.author.as_deref(), Some("A. Writer"));
    assert_eq!(
        text_of(docs[4].as_ref().expect("line 6")),
        "No newline at end"
    );
}

#[test]
fn overlong_line_is_skipped_without_buffering_it() {
    let opts = ReadOptions {
        max_doc_bytes: 100,
        ..ReadOptions::default()
    };
    let long = format!("{{\"text\": \"{}\"}}\n", "y".repeat(10_000));
    let input = format!("{long}{{\"text\": \"short\"}}\n");
    let docs: Vec<_> = read_bytes("l.jsonl", input.into_bytes(), &opts).collect();
    assert_eq!(docs.len(), 2);
    assert!(docs[0]
        .as_ref()
        .is_err_and(|e| e.origin == "l.jsonl#line 1" && e.reason.contains("max_doc_bytes")));
    assert_eq!(text_of(docs[1].as_ref().expect("line 2")), "short");
}

#[test]
fn latin1_line_is_decoded() {
    let input = b"{\"text\": \"caf\xe9\"}\n".to_vec();
    let docs: Vec<_> = read_bytes("l1.jsonl", input, &ReadOptions::default()).collect();
    assert_eq!(text_of(docs[0].as_ref().expect("reads")), "caf\u{e9}");
}

#[test]
fn pretty_printed_json_is_one_clear_error() {
    let input = "{\n  \"text\": \"x\"\n}\n";
    let docs: Vec<_> = read_bytes(
        "doc.json",
        input.as_bytes().to_vec(),
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert!(docs[0]
        .as_ref()
        .is_err_and(|e| e.origin == "doc.json" && e.reason.contains("not JSON Lines")));
}

#[test]
fn jsonl_extension_breaks_the_tie_for_a_bad_first_line() {
    let input = "oops\n{\"text\": \"fine\"}\n";
    let docs: Vec<_> = read_bytes(
        "x.jsonl",
        input.as_bytes().to_vec(),
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(docs.len(), 2);
    assert!(docs[0]
        .as_ref()
        .is_err_and(|e| e.origin == "x.jsonl#line 1"));
    assert_eq!(text_of(docs[1].as_ref().expect("line 2")), "fine");
}
