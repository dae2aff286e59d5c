//! Throughput of `clean()` on the repository's example pages, repeated.
//!
//! `cargo run --release -p backchannel-clean --example clean_speed [ROUNDS] [FILE…]`
//! Also builds one large page (the examples concatenated into a single body)
//! to check that time stays linear in size.

use backchannel_clean::clean;
use backchannel_core::{Hints, RawBody, RawDoc};
use std::time::Instant;

fn raw(name: &str, text: &str) -> RawDoc {
    let body = if name.ends_with(".txt") {
        RawBody::Text(text.to_string())
    } else {
        RawBody::Html(text.to_string())
    };
    RawDoc {
        origin: name.to_string(),
        body,
        hints: Hints::default(),
    }
}

/// CPU time of this thread in seconds (Linux schedstat), so that a busy
/// machine does not distort the figure; falls back to wall-clock time.
fn cpu_secs(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let mut files: Vec<String> = args.collect();
    if files.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("no examples directory at {dir}");
            return;
        };
        files = entries
            .flatten()
            .map(|e| e.path().display().to_string())
            .filter(|p| p.ends_with(".html"))
            .collect();
        files.sort();
    }
    let pages: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| {
            let bytes = std::fs::read(f).ok()?;
            // Latin-1 view for non-UTF-8 pages; speed does not depend on the exact decoding.
            let text = String::from_utf8(bytes.clone())
                .unwrap_or_else(|_| bytes.iter().map(|&b| char::from(b)).collect());
            Some((f.clone(), text))
        })
        .collect();
    let total: usize = pages.iter().map(|p| p.1.len()).sum();
    let t = Instant::now();
    let cpu0 = cpu_secs(t);
    let mut chars = 0;
    for _ in 0..rounds {
        for (name, text) in &pages {
            if let Ok(doc) = clean(raw(name, text)) {
                chars += doc.text.len();
            }
        }
    }
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu_secs(t) - cpu0;
    let mb = (total * rounds) as f64 / 1e6;
    println!(
        "{} pages x {rounds} rounds: {mb:.1} MB, CPU {cpu:.3} s = {:.1} MB/s (wall {wall:.3} s = {:.1} MB/s; {} clean bytes)",
        pages.len(),
        mb / cpu,
        mb / wall,
        chars
    );

    if std::env::var_os("NO_BIG").is_some() {
        return;
    }
    // One big article (~50 MB): navigation, then the example paragraphs
    // repeated inside a single story body, then a footer.
    let paragraph = "<p>Officials said on Monday that the talks, which began last week in the capital, \
        had made <a href=\"/x\">some progress</a>, though several issues &mdash; including the timing of \
        sanctions relief &ndash; remained open, according to a statement.</p>\n";
    let mut big = String::from(
        "<html><head><title>Big | Site</title></head><body><nav><a href=/>Home</a></nav>",
    );
    big.push_str("<article><div class=\"story-body\">");
    while big.len() < 50_000_000 {
        big.push_str(paragraph);
    }
    big.push_str("</div></article><footer>&copy; Site</footer></body></html>");
    let t = Instant::now();
    let cpu0 = cpu_secs(t);
    let kept = clean(raw("big.html", &big))
        .map(|d| d.text.len())
        .unwrap_or(0);
    let cpu = cpu_secs(t) - cpu0;
    println!(
        "one {:.1} MB page: CPU {cpu:.3} s = {:.1} MB/s (wall {:.3} s; {kept} clean bytes)",
        big.len() as f64 / 1e6,
        big.len() as f64 / 1e6 / cpu,
        t.elapsed().as_secs_f64()
    );
}
