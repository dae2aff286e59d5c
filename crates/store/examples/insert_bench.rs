//! Insert throughput: `cargo run --release -p backchannel-store --example insert_bench -- [DOCS] [BATCH] [plain|analysed|polnear]`
//!
//! Generates ~5 KB synthetic articles (with or without realistic analysis
//! layers: sentences, tokens, entities, attributions, events), or reads the
//! real news texts of `../shared/bench/polnear/{train,dev}/text` (read in
//! place, never copied), inserts them into a fresh store in batches, and
//! prints documents per second (wall clock and per CPU-second).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use backchannel_store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: u64 = args.get(1).map_or(Ok(20_000), |s| s.parse())?;
    let batch: usize = args.get(2).map_or(Ok(500), |s| s.parse())?;
    let kind = args.get(3).map_or("plain", String::as_str);
    let analysed = kind == "analysed";
    let docs: Vec<_> = if kind == "polnear" {
        polnear(n)?
    } else {
        (0..n)
            .map(|i| {
                if analysed {
                    common::analysed_doc(i, 5000)
                } else {
                    common::plain_doc(i, 5000)
                }
            })
            .collect()
    };
    let n = docs.len() as u64;
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    // A 4th argument keeps the store at that path for inspection.
    let keep = args.get(4).map(std::path::PathBuf::from);
    let dir = std::env::temp_dir().join(format!("bc-store-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = keep.clone().unwrap_or_else(|| dir.join("bench.db"));
    let mut store = Store::open(&path)?;
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    for chunk in docs.chunks(batch.max(1)) {
        store.insert_batch(chunk)?;
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    let stats = store.stats()?;
    println!(
        "{n} {} docs ({:.1} KB text avg, {:.0} tokens avg), batch {batch}: {secs:.2} s, {:.0} docs/s, {:.1} MB/s of text",
        kind,
        text_bytes as f64 / n as f64 / 1000.0,
        tokens as f64 / n as f64,
        n as f64 / secs,
        text_bytes as f64 / secs / 1e6,
    );
    if let Some(cpu) = cpu {
        println!(
            "process CPU time while inserting: {cpu:.2} s ({:.0} docs per CPU-second)",
            n as f64 / cpu
        );
    }
    println!("{stats}");
    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// User + system CPU time of this process (Linux `/proc/self/stat`), so the
/// number means something on a machine shared with other jobs.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

/// Up to `n` real news articles from PolNeAR (train then dev), as plain documents.
fn polnear(n: u64) -> Result<Vec<backchannel_core::Document>, Box<dyn std::error::Error>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bench/polnear");
    let mut paths = Vec::new();
    for split in ["train", "dev"] {
        let dir = std::path::Path::new(root).join(split).join("text");
        let mut p: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e} (is ../shared present?)", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        p.sort();
        paths.extend(p);
    }
    let mut docs = Vec::new();
    for p in paths.into_iter().take(n as usize) {
        let text = std::fs::read_to_string(&p)?;
        let meta = backchannel_core::DocMeta {
            outlet: p
                .file_name()
                .and_then(|f| f.to_str())
                .and_then(|f| f.split('_').next())
                .map(str::to_string),
            origin: Some(p.display().to_string()),
            ..Default::default()
        };
        docs.push(backchannel_core::Document::from_plain(text, meta));
    }
    Ok(docs)
}
