//! `cargo run --release -p backchannel-nlp --example nlp_bench -- <dir of .txt> [model.bin] [--repeat=N]`
//!
//! Segments, tags, lemmatises and parses every text file in the folder on one
//! thread and prints words/s (wall clock and process CPU time, since a shared
//! machine's wall clock also counts other people's work).
use std::path::Path;
use std::time::Instant;

use backchannel_core::{DocMeta, Document};

/// User+system CPU seconds of this process (Linux), if available.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let dir = pos
        .first()
        .map(|s| s.as_str())
        .unwrap_or("../shared/bench/polnear/dev/text");
    let repeat: usize = args
        .iter()
        .find_map(|a| a.strip_prefix("--repeat="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let (t_load, c_load) = (Instant::now(), cpu_seconds());
    let nlp = match pos.get(1) {
        Some(m) => backchannel_nlp::Nlp::load(Path::new(m.as_str())),
        None => backchannel_nlp::Nlp::embedded(),
    };
    let nlp = match nlp {
        Ok(n) => n,
        Err(e) => {
            eprintln!("cannot load model: {e}");
            std::process::exit(1);
        }
    };
    eprintln!(
        "model load {:.1} ms wall, {:.0} ms cpu",
        t_load.elapsed().as_secs_f64() * 1000.0,
        c_load
            .zip(cpu_seconds())
            .map(|(a, b)| (b - a) * 1000.0)
            .unwrap_or(f64::NAN)
    );
    let mut paths: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(1);
        }
    };
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let (mut words, mut best_wall, mut best_cpu) = (0usize, f64::MAX, f64::MAX);
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let c = cpu_seconds();
        words = 0;
        for text in &texts {
            let mut doc = Document::from_plain(text.clone(), DocMeta::default());
            backchannel_segment::segment(&mut doc);
            nlp.annotate(&mut doc);
            words += doc.tokens.len();
        }
        best_wall = best_wall.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c, cpu_seconds()) {
            best_cpu = best_cpu.min((b - a).max(0.01));
        }
        eprintln!("pass: {words} words in {:.3} s", t.elapsed().as_secs_f64());
    }
    println!("texts {} words {}", texts.len(), words);
    println!("backchannel words/s (wall) {:.0}", words as f64 / best_wall);
    if best_cpu < f64::MAX {
        println!("backchannel words/s (cpu) {:.0}", words as f64 / best_cpu);
    }
    println!("backchannel seconds (wall) {best_wall:.4}");
    if best_cpu < f64::MAX {
        println!("backchannel seconds (cpu) {best_cpu:.4}");
    }
}
