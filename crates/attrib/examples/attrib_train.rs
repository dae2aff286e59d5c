//! Train the attribution model on PolNeAR train, pick the epoch on dev.
//! Usage: cargo run --release -p backchannel-attrib --example attrib_train [-- POLNEAR_DIR [OUT] [EPOCHS]]

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let polnear = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(root).join("../shared/bench/polnear"));
    let out = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(root).join("models/attrib.bin"));
    let epochs = args.get(2).and_then(|e| e.parse().ok()).unwrap_or(20);
    let t = std::time::Instant::now();
    match backchannel_attrib::train_with(
        &polnear,
        &out,
        1,
        epochs,
        &backchannel_attrib::example_prep(),
    ) {
        Ok(r) => {
            println!(
                "best epoch {} of {}; {} features, {} bytes -> {} ({:.1}s)",
                r.best_epoch,
                r.epochs.len(),
                r.features,
                r.bytes,
                out.display(),
                t.elapsed().as_secs_f64()
            );
            if let Some(best) = r.epochs.get(r.best_epoch.saturating_sub(1)) {
                print!("{best}");
            }
        }
        Err(e) => {
            eprintln!("training failed: {e}");
            std::process::exit(1);
        }
    }
}
