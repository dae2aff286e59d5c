//! Helpers shared by the integration tests.
#![allow(dead_code)]

use backchannel_core::{Document, Hints, RawBody, RawDoc};
use std::path::PathBuf;

/// `../shared` beside the repository, if present.
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared (read-only data) is missing");
        None
    }
}

/// The repository's examples directory.
pub fn examples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"))
}

pub fn text_doc(body: &str) -> RawDoc {
    RawDoc {
        origin: "test.txt".into(),
        body: RawBody::Text(body.into()),
        hints: Hints::default(),
    }
}

pub fn html_doc(body: &str) -> RawDoc {
    RawDoc {
        origin: "test.html".into(),
        body: RawBody::Html(body.into()),
        hints: Hints::default(),
    }
}

/// Every char of the clean text that was copied maps back to the same char of
/// the original (whitespace may map to other whitespace; paragraph breaks the
/// cleaner wrote are skipped).
pub fn assert_maps_back(doc: &Document, original: &str) {
    let orig: Vec<char> = original.chars().collect();
    let clean: Vec<char> = doc.text.chars().collect();
    for (i, c) in clean.iter().enumerate() {
        if *c == '\n' {
            continue;
        }
        let o = doc.offset_map.to_original(i);
        let oc = orig.get(o).copied();
        let ok = match oc {
            Some(x) if x == *c => true,
            Some(x) if c.is_whitespace() && x.is_whitespace() => true,
            // A decoded entity maps to its '&'.
            Some('&') => true,
            _ => false,
        };
        assert!(ok, "clean char {i} {c:?} maps to {o} {oc:?}");
    }
}
