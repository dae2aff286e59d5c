//! Segmentation scores on EWT, GUM and GUM news.
//! Usage: cargo run --release -p backchannel-segment --example eval_seg [split] [shared-dir]
//! (split: test (default), dev or train).

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let split = args.next().unwrap_or_else(|| "test".to_string());
    let shared = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    match backchannel_segment::eval_standard_sets(&shared, &split) {
        Ok(sets) => print!("{}", backchannel_segment::format_table(&sets)),
        Err(e) => {
            eprintln!("eval_seg: {e}");
            std::process::exit(1);
        }
    }
}
