//! `cargo run --release -p backchannel-nlp --example nlp_eval -- [gold.conllu] [model.bin]`
//! Official CoNLL 2018 scores of the embedded model (or a model file) on a
//! treebank, with gold tokens and from raw text.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/corpora/ud-english-ewt/en_ewt-ud-test.conllu".into());
    let t = std::time::Instant::now();
    let nlp = match args.get(1) {
        Some(m) => backchannel_nlp::Nlp::load(Path::new(m)),
        None => backchannel_nlp::Nlp::embedded(),
    };
    let nlp = match nlp {
        Ok(n) => n,
        Err(e) => {
            eprintln!("cannot load model: {e}");
            std::process::exit(1);
        }
    };
    println!("model load {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    let sents = match std::fs::read_to_string(&gold)
        .map_err(|e| e.to_string())
        .and_then(|t| backchannel_core::conllu::parse(&t))
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{gold}: {e}");
            std::process::exit(1);
        }
    };
    match backchannel_nlp::eval_ud(&nlp, &gold, &sents) {
        Ok(r) => println!("{r}"),
        Err(e) => {
            eprintln!("evaluation failed: {e}");
            std::process::exit(1);
        }
    }
}
