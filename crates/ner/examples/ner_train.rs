//! Train the NER model.
//!
//! `cargo run --release -p backchannel-ner --example ner_train -- /work/shared/corpora models [seed] [epochs] [uner_repeat] [prune] [crf_rate]`

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpora = PathBuf::from(args.first().map_or("../shared/corpora", String::as_str));
    let out = PathBuf::from(args.get(1).map_or("models", String::as_str));
    let mut cfg = backchannel_ner::Config::default();
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    cfg.seed = num(2, cfg.seed as usize) as u64;
    cfg.epochs = num(3, cfg.epochs);
    cfg.uner_repeat = num(4, cfg.uner_repeat);
    if let Some(p) = args.get(5).and_then(|s| s.parse().ok()) {
        cfg.prune = p;
    }
    if let Some(r) = args.get(6).and_then(|s| s.parse().ok()) {
        cfg.crf_rate = r;
    }
    match backchannel_ner::train_with(&corpora, &out, &cfg) {
        Ok(r) => {
            println!(
                "trained on {} sentences / {} tokens, {} epochs: {} features, {} bytes, {:.1} s",
                r.sentences, r.tokens, r.epochs, r.features, r.model_bytes, r.seconds
            );
            if let Some(s) = r.gum_news_test {
                println!("GUM test news (named PER/ORG/LOC):\n{s}");
            }
        }
        Err(e) => {
            eprintln!("training failed: {e}");
            std::process::exit(1);
        }
    }
}
