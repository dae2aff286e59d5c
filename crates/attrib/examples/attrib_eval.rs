//! Evaluate the embedded attribution model on a PolNeAR compartment.
//! Usage: cargo run --release -p backchannel-attrib --example attrib_eval -- DIR [MODEL]
//! `ATTRIB_NER=1` also runs the NER stage first, as the CLI pipeline does.

use std::path::PathBuf;

use backchannel_attrib::{evaluate_dir, Attributor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: eval DIR [MODEL]  (DIR holds text/ and attributions/)");
        std::process::exit(2);
    };
    let att = Attributor::load_or_embedded(args.get(1).map(std::path::Path::new));
    let att = att.unwrap_or_else(|e| {
        eprintln!("model: {e}");
        std::process::exit(1);
    });
    let t = std::time::Instant::now();
    let base = backchannel_attrib::example_prep();
    let ner = if std::env::var("ATTRIB_NER").as_deref() == Ok("1") {
        match backchannel_ner::Ner::embedded() {
            Ok(n) => Some(n),
            Err(e) => {
                eprintln!("ner: {e}");
                std::process::exit(1);
            }
        }
    } else {
        None
    };
    let prep = |d: &mut backchannel_core::Document| {
        base(d);
        if let Some(n) = &ner {
            n.recognize(d);
        }
    };
    match evaluate_dir(&att, &dir, &prep) {
        Ok(r) => println!("{r}time: {:.2}s", t.elapsed().as_secs_f64()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
