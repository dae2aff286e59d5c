//! Reads inputs and prints what came out: documents, errors, speed.
//! Used to measure the readers:
//! `cargo run --release -p backchannel-read --example read_stats -- <paths>... [-v]`

use std::path::Path;
use std::time::Instant;

use backchannel_core::RawBody;
use backchannel_read::{read_path, ReadOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let opts = ReadOptions::default();
    let start = Instant::now();
    let (mut docs, mut errs, mut body_bytes, mut input_bytes) = (0u64, 0u64, 0u64, 0u64);
    for a in args.iter().filter(|a| *a != "-v") {
        input_bytes += std::fs::metadata(a).map(|m| m.len()).unwrap_or(0);
        for item in read_path(Path::new(a), &opts) {
            match item {
                Ok(d) => {
                    docs += 1;
                    let (kind, len) = match &d.body {
                        RawBody::Html(s) => ("html", s.len()),
                        RawBody::Text(s) => ("text", s.len()),
                    };
                    body_bytes += len as u64;
                    if verbose {
                        println!("{}\t{kind}\t{len}\t{:?}", d.origin, d.hints);
                    }
                }
                Err(e) => {
                    errs += 1;
                    println!("ERROR {e}");
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{docs} documents, {errs} errors, {:.1} MB of bodies from {:.1} MB on disk in {secs:.2} s ({:.1} MB/s of bodies, {:.0} docs/s)",
        body_bytes as f64 / 1e6,
        input_bytes as f64 / 1e6,
        body_bytes as f64 / 1e6 / secs,
        docs as f64 / secs
    );
}
