//! Sourcing summary over plain-text files (what `backchannel sources` shows).
//! Usage: cargo run --release -p backchannel-attrib --example sources -- FILE_OR_DIR...

use std::path::PathBuf;

use backchannel_attrib::{prepare, summarize, Attributor};

fn main() {
    let att = Attributor::embedded().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let mut files: Vec<PathBuf> = Vec::new();
    for a in std::env::args().skip(1) {
        let p = PathBuf::from(a);
        match std::fs::read_dir(&p) {
            Ok(rd) => files.extend(rd.flatten().map(|e| e.path())),
            Err(_) => files.push(p),
        }
    }
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            eprintln!("{}: unreadable, skipped", f.display());
            continue;
        };
        let mut doc = prepare(&text, &backchannel_attrib::example_prep());
        doc.meta.origin = Some(f.display().to_string());
        att.annotate(&mut doc);
        docs.push(doc);
    }
    print!("{}", summarize(&docs));
}
