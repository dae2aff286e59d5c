//! `cargo run --release -p backchannel-nlp --example speed -- [dir of .txt] [passes] [model.bin]`
//!
//! Tag+lemma+parse CPU time alone (texts segmented once beforehand), as the
//! fastest of many passes and as the sum of each document's fastest run: on
//! a busy machine the minimum is the least disturbed estimate.
/// Nanoseconds this thread has run on a CPU (Linux schedstat), so time
/// spent waiting for other processes on a busy machine is not counted.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Seconds of CPU time taken by `f` (wall time where schedstat is missing).
fn timed(f: impl FnOnce()) -> f64 {
    let (t, c) = (std::time::Instant::now(), cpu_ns());
    f();
    match (c, cpu_ns()) {
        (Some(a), Some(b)) => b.saturating_sub(a) as f64 / 1e9,
        _ => t.elapsed().as_secs_f64(),
    }
}

use backchannel_core::{DocMeta, Document};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let dir = a
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/bench/polnear/dev/text".into());
    let passes: usize = a.get(1).and_then(|s| s.parse().ok()).unwrap_or(10);
    let nlp = match a.get(2) {
        Some(m) => backchannel_nlp::Nlp::load(std::path::Path::new(m)),
        None => backchannel_nlp::Nlp::embedded(),
    };
    let nlp = match nlp {
        Ok(n) => n,
        Err(e) => {
            eprintln!("cannot load model: {e}");
            std::process::exit(1);
        }
    };
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(1);
        }
    };
    paths.sort();
    let docs: Vec<Document> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| {
            let mut d = Document::from_plain(t, DocMeta::default());
            backchannel_segment::segment(&mut d);
            d
        })
        .collect();
    let words: usize = docs.iter().map(|d| d.tokens.len()).sum();
    // Per document, the fastest of all passes; summed, that is the corpus
    // time with the least interference.
    let mut best = vec![f64::MAX; docs.len()];
    let mut best_pass = f64::MAX;
    for _ in 0..passes.max(1) {
        let pass = timed(|| {
            for (d, b) in docs.iter().zip(best.iter_mut()) {
                let mut d = d.clone();
                *b = b.min(timed(|| nlp.annotate(&mut d)));
            }
        });
        best_pass = best_pass.min(pass);
    }
    let sum: f64 = best.iter().sum();
    println!("texts {} words {words}", docs.len());
    println!(
        "tag+lemma+parse best pass {best_pass:.4} s ({:.0} words/s)",
        words as f64 / best_pass
    );
    println!(
        "tag+lemma+parse sum of per-text minima {sum:.4} s ({:.0} words/s)",
        words as f64 / sum
    );
}
