//! Attribution alone, repeated over parsed documents, for `perf`.
//! Usage: cargo run --release -p backchannel-attrib --example profile -- TEXT_DIR [REPS] [MODEL]

use std::time::{Duration, Instant};

use backchannel_attrib::{parse_prep, prepare, Attributor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: profile TEXT_DIR [REPS] [MODEL]");
        std::process::exit(2)
    };
    let reps: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let att = match args.get(2) {
        Some(m) => Attributor::load(std::path::Path::new(m)),
        None => Attributor::embedded(),
    };
    let att = att.unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let ner = backchannel_ner::Ner::embedded().ok();
    let mut docs = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path()) {
            let mut d = prepare(&t, &parse_prep);
            if let Some(n) = &ner {
                n.recognize(&mut d);
            }
            docs.push(d);
        }
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let mut best = Duration::MAX;
    let mut n = 0;
    for _ in 0..reps {
        let mut copies = docs.clone();
        let t = Instant::now();
        for d in copies.iter_mut() {
            att.annotate(d);
        }
        best = best.min(t.elapsed());
        n = copies.iter().map(|d| d.attributions.len()).sum();
    }
    println!(
        "{} docs, {tokens} tokens, {n} attributions; best of {reps}: {:.3}s = {:.0} tokens/s",
        docs.len(),
        best.as_secs_f64(),
        tokens as f64 / best.as_secs_f64()
    );
}
