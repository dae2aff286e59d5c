//! Throughput of `segment_str` on treebank text (EWT train + GUM train raw
//! text, repeated to about 50 MB, cut at paragraph breaks into documents of
//! about 8 KB, the size of a news article). Run in release mode:
//! cargo run --release -p backchannel-segment --example bench_seg [runs]

use std::path::PathBuf;
use std::time::Instant;

/// CPU seconds this thread has used (user + system), from /proc (Linux); the
/// machine is shared, so wall-clock time alone overstates the cost.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() -> Result<(), String> {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    let ewt = shared.join("corpora/ud-english-ewt/en_ewt-ud-train.conllu");
    let src = std::fs::read_to_string(&ewt).map_err(|e| format!("{}: {e}", ewt.display()))?;
    let mut gold = backchannel_core::conllu::parse(&src)?;
    for (_, d) in backchannel_segment::gum_docs(&shared, "train")? {
        gold.extend(d);
    }
    let one = backchannel_eval::raw_text(&gold);
    let reps = (50_000_000 / one.len().max(1)).max(1);
    let text = one.repeat(reps);
    let mut docs = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let probe = (start + 8000).min(text.len());
        let end = text[probe..]
            .find("\n\n")
            .map_or(text.len(), |k| probe + k + 2);
        docs.push(&text[start..end]);
        start = end;
    }
    let mb = text.len() as f64 / 1e6;
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut tokens = 0;
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    for _ in 0..runs {
        let c0 = thread_cpu_seconds();
        let t = Instant::now();
        let mut n = 0;
        for d in &docs {
            n += backchannel_segment::segment_str(d).tokens.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c0, thread_cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
        tokens = n;
    }
    // Reference on the same machine and moment: str::split_whitespace over the same docs.
    let mut base_cpu = f64::MAX;
    let mut words = 0;
    for _ in 0..runs {
        let c0 = thread_cpu_seconds();
        words = docs
            .iter()
            .map(|d| d.split_whitespace().count())
            .sum::<usize>();
        if let (Some(a), Some(b)) = (c0, thread_cpu_seconds()) {
            base_cpu = base_cpu.min(b - a);
        }
    }
    println!(
        "reference: split_whitespace ({words} words) CPU {base_cpu:.2} s = {:.1} MB/s",
        mb / base_cpu
    );
    println!(
        "{mb:.1} MB in {} documents, {tokens} tokens: best of {runs} wall {best:.3} s = {:.1} MB/s; CPU {best_cpu:.2} s = {:.1} MB/s",
        docs.len(),
        mb / best,
        mb / best_cpu
    );
    Ok(())
}
