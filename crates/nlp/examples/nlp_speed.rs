//! `cargo run --release -p backchannel-nlp --example nlp_speed -- [dir of .txt] [passes] [model.bin]`
//!
//! Tag+lemma+parse CPU time alone (texts segmented once beforehand), median
//! and fastest of several passes: on a busy machine the fastest pass is the
//! least disturbed estimate.
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
    // Whole passes: the thread CPU clock (schedstat) is only exact to a
    // scheduler tick, which is small against a pass but not against a text.
    let mut times: Vec<f64> = (0..passes.max(1))
        .map(|_| {
            timed(|| {
                for d in &docs {
                    let mut d = d.clone();
                    nlp.annotate(&mut d);
                }
            })
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let (best, median) = (times[0], times[times.len() / 2]);
    println!("texts {} words {words}", docs.len());
    println!(
        "tag+lemma+parse median pass {median:.4} s cpu ({:.0} words/s)",
        words as f64 / median
    );
    println!(
        "tag+lemma+parse best pass {best:.4} s cpu ({:.0} words/s)",
        words as f64 / best
    );
}
