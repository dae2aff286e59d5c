//! The README demo inputs in `examples/` read as documented.

use std::path::Path;

use backchannel_read::{read_path, ReadOptions};

fn example(name: &str) -> std::path::PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples")).join(name)
}

#[test]
fn sample_warc_gz_yields_three_pages() {
    let docs: Vec<_> = read_path(&example("sample.warc.gz"), &ReadOptions::default()).collect();
    assert_eq!(docs.len(), 3, "{docs:?}");
    for d in &docs {
        let d = d.as_ref().expect("page reads");
        assert!(d
            .hints
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://")));
        assert!(d.hints.fetched.is_some());
    }
}

#[test]
fn sample_feed_and_jsonl_yield_three_each() {
    for name in ["sample-feed.xml", "sample.jsonl"] {
        let docs: Vec<_> = read_path(&example(name), &ReadOptions::default()).collect();
        assert_eq!(docs.len(), 3, "{name}: {docs:?}");
        for d in &docs {
            let d = d.as_ref().expect("item reads");
            assert!(
                d.hints.title.is_some() && d.hints.published.is_some() && d.hints.outlet.is_some()
            );
        }
    }
}
