//! NER speed on news: `recognize` over the PolNeAR dev texts (segmented and
//! tagged+parsed once up front), median of several passes, one thread.
//!
//! `cargo run --release -p backchannel-ner --example ner_bench -- [texts_dir] [runs] [model.bin]`
//! (without a model path the embedded model is used).

use std::path::PathBuf;
use std::time::Instant;

use backchannel_core::{DocMeta, Document};
use backchannel_ner::Ner;

/// CPU seconds used by this thread so far (Linux `/proc/thread-self/stat`,
/// 100 Hz ticks): wall time is unreliable on a shared machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().map_or(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/bench/polnear/dev/text"
        ),
        String::as_str,
    ));
    let runs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{}: not found, nothing to benchmark", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let ner = match args.get(2) {
        Some(p) => Ner::load(std::path::Path::new(p)),
        None => Ner::embedded(),
    };
    let (ner, nlp) = match (ner, backchannel_nlp::Nlp::embedded()) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("cannot load models: {e}");
            std::process::exit(1);
        }
    };
    let mut docs: Vec<Document> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|t| {
            let mut d = Document::from_plain(t, DocMeta::default());
            backchannel_segment::segment(&mut d);
            nlp.annotate(&mut d);
            d
        })
        .collect();
    let words: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let mut times = Vec::new();
    let mut entities = 0;
    let cpu0 = cpu_seconds();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        entities = 0;
        for d in docs.iter_mut() {
            ner.recognize(d);
            entities += d.entities.len();
        }
        times.push(t.elapsed().as_secs_f64());
    }
    if let (Some(a), Some(b)) = (cpu0, cpu_seconds()) {
        println!(
            "CPU: {:.2} s for {} passes = {:.0} words per CPU second",
            b - a,
            times.len(),
            (words * times.len()) as f64 / (b - a).max(0.01)
        );
    }
    times.sort_by(f64::total_cmp);
    let med = times[times.len() / 2];
    println!(
        "{} texts, {words} tokens, {entities} entities: recognize median {:.3} s = {:.0} words/s (min {:.3} s = {:.0} words/s)",
        docs.len(),
        med,
        words as f64 / med,
        times[0],
        words as f64 / times[0]
    );
}
