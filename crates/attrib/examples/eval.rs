//! Evaluate the embedded attribution model on a PolNeAR compartment.
//! Usage: cargo run --release -p backchannel-attrib --example eval -- DIR [MODEL]

use std::path::PathBuf;

use backchannel_attrib::{evaluate_dir, Attributor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: eval DIR [MODEL]  (DIR holds text/ and attributions/)");
        std::process::exit(2);
    };
    let att = match args.get(1) {
        Some(m) => Attributor::load(&PathBuf::from(m)),
        None => Attributor::embedded(),
    };
    let att = att.unwrap_or_else(|e| {
        eprintln!("model: {e}");
        std::process::exit(1);
    });
    let t = std::time::Instant::now();
    match evaluate_dir(&att, &dir, &backchannel_attrib::example_prep()) {
        Ok(r) => println!("{r}time: {:.2}s", t.elapsed().as_secs_f64()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
