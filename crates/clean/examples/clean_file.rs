//! Print the cleaned record of one file (HTML if it ends in .htm/.html, else text).
//!
//! `cargo run -p backchannel-clean --example clean_file -- FILE`

use backchannel_clean::clean;
use backchannel_core::{Hints, RawBody, RawDoc};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: clean_file FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    // Not UTF-8: read as Latin-1 (the reader crate does real charset decoding).
    let text = String::from_utf8(bytes.clone())
        .unwrap_or_else(|_| bytes.iter().map(|&b| char::from(b)).collect());
    let body = if path.ends_with(".html") || path.ends_with(".htm") {
        RawBody::Html(text)
    } else {
        RawBody::Text(text)
    };
    let raw = RawDoc {
        origin: path.clone(),
        body,
        hints: Hints::default(),
    };
    match clean(raw) {
        Ok(doc) => println!("{}", doc.to_json_pretty()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
