//! Prune small weights from a model and report dev scores per threshold.
//! Usage: cargo run --release -p backchannel-attrib --example prune -- MODEL DEV_DIR OUT THRESHOLD...

use std::path::PathBuf;

use backchannel_attrib::{evaluate_dir, Attributor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: prune MODEL DEV_DIR OUT THRESHOLD...");
        std::process::exit(2);
    }
    let base = Attributor::load(&PathBuf::from(&args[0])).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    for t in &args[3..] {
        let Ok(th) = t.parse::<f32>() else { continue };
        let mut m = base.clone();
        m.prune(th);
        let bytes = m.to_bytes();
        match evaluate_dir(
            &m,
            &PathBuf::from(&args[1]),
            &backchannel_attrib::example_prep(),
        ) {
            Ok(r) => println!(
                "threshold {th}: {} features, {} bytes; F1 source {:.2} cue {:.2} content {:.2}",
                m.feature_count(),
                bytes.len(),
                100.0 * r.source.f1(),
                100.0 * r.cue.f1(),
                100.0 * r.content.f1()
            ),
            Err(e) => eprintln!("{e}"),
        }
        if let Err(e) = std::fs::write(format!("{}.{th}", args[2]), &bytes) {
            eprintln!("{e}");
        }
    }
}
