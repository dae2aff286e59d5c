//! `cargo run --release -p backchannel-nlp --example repack -- <in.bin> <out.bin> <prune_tagger> <prune_parser> [dev.conllu]`
//! Drop small weights from a trained model and report size and dev scores.
use std::path::Path;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 4 {
        eprintln!("usage: repack <in.bin> <out.bin> <prune_tagger> <prune_parser> [dev.conllu]");
        std::process::exit(2);
    }
    let run = || -> Result<(), String> {
        let nlp = backchannel_nlp::Nlp::load(Path::new(&a[0]))?;
        let pt: f32 = a[2].parse().map_err(|_| "bad prune_tagger")?;
        let pp: f32 = a[3].parse().map_err(|_| "bad prune_parser")?;
        let bytes = nlp.pruned_bytes(pt, pp);
        std::fs::write(&a[1], &bytes).map_err(|e| e.to_string())?;
        let small = backchannel_nlp::Nlp::from_bytes(&bytes)?;
        println!("{}: {} bytes, sizes {:?}", a[1], bytes.len(), small.sizes());
        if let Some(dev) = a.get(4) {
            let text = std::fs::read_to_string(dev).map_err(|e| e.to_string())?;
            let gold = backchannel_core::conllu::parse(&text)?;
            println!("{}", backchannel_nlp::evaluate(&small, &gold));
        }
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("repack failed: {e}");
        std::process::exit(1);
    }
}
