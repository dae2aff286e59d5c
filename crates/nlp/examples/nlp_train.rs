//! `cargo run --release -p backchannel-nlp --example nlp_train -- <corpora> <out> [seed] [--no-gum]
//!  [--tagger-epochs=N] [--parser-epochs=N] [--folds=N] [--prune-tagger=X] [--prune-parser=X]
//!  [--rare-words|--no-rare-words]`
//! Defaults are the recipe of the committed model (`TrainOptions::default()`).
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let corpora = PathBuf::from(
        pos.first()
            .map(|s| s.as_str())
            .unwrap_or("../shared/corpora"),
    );
    let out = PathBuf::from(pos.get(1).map(|s| s.as_str()).unwrap_or("models/nlp.bin"));
    let seed = pos.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut opt = backchannel_nlp::TrainOptions {
        verbose: true,
        ..Default::default()
    };
    for a in &args {
        if a == "--gum" {
            opt.gum = true;
        } else if a == "--no-gum" {
            opt.gum = false;
        } else if a == "--rare-words" {
            opt.rare_words = true;
        } else if a == "--no-rare-words" {
            opt.rare_words = false;
        } else if let Some(v) = a.strip_prefix("--tagger-epochs=") {
            opt.tagger_epochs = v.parse().unwrap_or(opt.tagger_epochs);
        } else if let Some(v) = a.strip_prefix("--parser-epochs=") {
            opt.parser_epochs = v.parse().unwrap_or(opt.parser_epochs);
        } else if let Some(v) = a.strip_prefix("--folds=") {
            opt.folds = v.parse().unwrap_or(opt.folds);
        } else if let Some(v) = a.strip_prefix("--prune-parser=") {
            opt.prune_parser = v.parse().unwrap_or(opt.prune_parser);
        } else if let Some(v) = a.strip_prefix("--prune-tagger=") {
            opt.prune_tagger = v.parse().unwrap_or(opt.prune_tagger);
        }
    }
    match backchannel_nlp::train_with(&corpora, &out, seed, &opt) {
        Ok(r) => println!("{r}"),
        Err(e) => {
            eprintln!("training failed: {e}");
            std::process::exit(1);
        }
    }
}
