//! `cargo run --release -p backchannel-coref --example coref_speed -- RECORDS.jsonl [passes]`
//!
//! CPU time of coreference queries as attribution makes them: for each
//! document of a file of analysis records (`backchannel analyze --format
//! jsonl`), build a [`Resolver`] and, for every attribution source, ask for
//! the entity overlapping its last word, the entity a pronoun or description
//! refers to, and the entity inside it, 25 times over. Prints the median and fastest pass
//! and a checksum of the answers (equal checksums: equal answers).

use backchannel_core::Document;
use backchannel_coref::Resolver;

/// Times the document set is gone through per pass: one pass takes a few
/// milliseconds, too close to the CPU clock's resolution.
const REPEAT: usize = 25;

/// Nanoseconds this thread has run on a CPU (Linux schedstat).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = a.first() else {
        eprintln!("usage: speed RECORDS.jsonl [passes]");
        std::process::exit(2);
    };
    let passes: usize = a.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let docs: Vec<Document> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    // Query spans per document (source, and the last word of the source),
    // worked out before timing.
    let queries: Vec<Vec<(usize, usize, usize)>> = docs
        .iter()
        .map(|d| {
            let idx = d.char_index();
            d.attributions
                .iter()
                .filter_map(|a| a.source.as_ref())
                .map(|src| {
                    let (s, e) = (src.start, src.end.max(src.start));
                    let text = d.slice(&idx, s, e);
                    let last = text.rsplit(' ').next().map_or(0, |w| w.chars().count());
                    (s, e, e - last)
                })
                .collect()
        })
        .collect();
    let spans: usize = queries.iter().map(Vec::len).sum();
    let mut sum = 0u64;
    let mut times: Vec<f64> = (0..passes.max(1))
        .map(|_| {
            let (t, c) = (std::time::Instant::now(), cpu_ns());
            sum = 0;
            for _ in 0..REPEAT {
                for (d, qs) in docs.iter().zip(&queries) {
                    let r = Resolver::new(d);
                    for &(s, e, head) in qs {
                        for x in [
                            r.entity_overlapping(head, e),
                            r.resolve(s, e),
                            r.entity_at(s, e),
                        ] {
                            let v = x.map_or(1, |id| id.len() as u64 + 7);
                            sum = sum.wrapping_mul(31).wrapping_add(v);
                        }
                    }
                }
            }
            match (c, cpu_ns()) {
                (Some(a), Some(b)) => b.saturating_sub(a) as f64 / 1e9,
                _ => t.elapsed().as_secs_f64(),
            }
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("docs {} sources {spans} checksum {sum:x}", docs.len());
    println!("passes of {REPEAT} x the documents");
    println!("coref median pass {:.5} s cpu", times[times.len() / 2]);
    println!("coref best pass {:.5} s cpu", times[0]);
}
