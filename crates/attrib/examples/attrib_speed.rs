//! Time attribution against the linguistic core on the same documents, as
//! ingest runs them: per document segment, tag + parse, NER, attribution.
//! Reports attribution's share of tag+parse+NER (what `bench nlp` reports:
//! its documents are segmented before timing) and of segment+tag+parse+NER
//! (the core as ingest runs it). Each pass starts from the raw texts; the
//! median over passes of thread CPU time.
//! Usage: cargo run --release -p backchannel-attrib --example attrib_speed -- TEXT_DIR [PASSES]

use backchannel_attrib::{segment_prep, Attributor};
use backchannel_core::{DocMeta, Document};

/// CPU nanoseconds this thread has run (Linux schedstat; 0 elsewhere).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Median of `v` (sorted in place); 0 when empty.
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: speed TEXT_DIR [PASSES]");
        std::process::exit(2)
    };
    let passes: usize = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(5);
    let att = Attributor::embedded().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let ner = backchannel_ner::Ner::embedded().unwrap_or_else(|e| {
        eprintln!("ner: {e}");
        std::process::exit(1)
    });
    let nlp = backchannel_nlp::Nlp::embedded().unwrap_or_else(|e| {
        eprintln!("nlp: {e}");
        std::process::exit(1)
    });
    let mut texts = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path()) {
            texts.push(t);
        }
    }
    // Seconds per stage and pass: segment, tag+parse, NER, attribution.
    let mut secs: [Vec<f64>; 4] = Default::default();
    let (mut tokens, mut found) = (0, 0);
    for _ in 0..passes.max(1) {
        let mut ns = [0u64; 4];
        let mut time = |k: usize, f: &mut dyn FnMut()| {
            let t = thread_cpu_ns();
            f();
            ns[k] += thread_cpu_ns().saturating_sub(t);
        };
        (tokens, found) = (0, 0);
        for t in &texts {
            let mut d = Document::from_plain(t.clone(), DocMeta::default());
            time(0, &mut || segment_prep(&mut d));
            time(1, &mut || nlp.annotate(&mut d));
            time(2, &mut || ner.recognize(&mut d));
            time(3, &mut || att.annotate(&mut d));
            tokens += d.tokens.len();
            found += d.attributions.len();
        }
        for (s, n) in secs.iter_mut().zip(ns) {
            s.push(n as f64 * 1e-9);
        }
    }
    // Per-pass shares, then their medians (a noisy pass skews one share).
    let share = |core: &[usize]| {
        let mut v: Vec<f64> = (0..secs[3].len())
            .map(|p| secs[3][p] / core.iter().map(|&k| secs[k][p]).sum::<f64>())
            .collect();
        100.0 * median(&mut v)
    };
    let (tpn, stpn) = (share(&[1, 2]), share(&[0, 1, 2]));
    let med: Vec<f64> = secs.iter().map(|s| median(&mut s.clone())).collect();
    println!(
        "{} docs, {tokens} tokens, {found} attributions; medians of {passes} passes (thread CPU):",
        texts.len()
    );
    for (name, s) in ["segment", "tag+parse", "ner", "attrib"].iter().zip(&med) {
        println!(
            "{name:10} {s:.4} s ({:.0} tokens/s)",
            tokens as f64 / s.max(1e-9)
        );
    }
    println!("attrib = +{tpn:.1}% of tag+parse+NER, +{stpn:.1}% of segment+tag+parse+NER");
}
