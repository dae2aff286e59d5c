//! Attribution alone, repeated over parsed documents, for `perf` and for
//! comparing models: with several models the runs interleave (a noisy
//! neighbour slows all alike) and each reports its median thread CPU time.
//! Usage: cargo run --release -p backchannel-attrib --example profile -- TEXT_DIR [REPS] [MODEL...]

use backchannel_attrib::{parse_prep, prepare, Attributor};

/// CPU nanoseconds this thread has run (Linux schedstat; 0 elsewhere).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: profile TEXT_DIR [REPS] [MODEL...]");
        std::process::exit(2)
    };
    let reps: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let names: Vec<String> = if args.len() > 2 {
        args[2..].to_vec()
    } else {
        vec!["embedded".into()]
    };
    let models: Vec<Attributor> = names
        .iter()
        .map(|m| match m.as_str() {
            "embedded" => Attributor::embedded(),
            p => Attributor::load(std::path::Path::new(p)),
        })
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| {
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
    let mut cpu = vec![Vec::new(); models.len()];
    let mut found = vec![0; models.len()];
    for _ in 0..reps {
        for (k, att) in models.iter().enumerate() {
            let mut copies = docs.clone();
            let c = thread_cpu_ns();
            for d in copies.iter_mut() {
                att.annotate(d);
            }
            cpu[k].push(thread_cpu_ns().saturating_sub(c));
            found[k] = copies.iter().map(|d| d.attributions.len()).sum();
        }
    }
    for (k, name) in names.iter().enumerate() {
        cpu[k].sort_unstable();
        let med = cpu[k][cpu[k].len() / 2] as f64 * 1e-9;
        println!(
            "{name}: {} docs, {tokens} tokens, {} attributions; median of {reps}: {med:.4} CPU s = {:.0} tokens per CPU second",
            docs.len(),
            found[k],
            tokens as f64 / med.max(1e-9)
        );
    }
}
