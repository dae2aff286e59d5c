//! Evaluate a NER model: UNER EWT test and GUM test (news and all documents),
//! exact span + type, gold tokens; plus tagging speed.
//!
//! `cargo run --release -p backchannel-ner --example ner_eval -- /work/shared/corpora [model.bin] [extra.iob2 …]`
//! (without a model path the embedded model is used).

use std::path::{Path, PathBuf};
use std::time::Instant;

use backchannel_ner::{data, evaluate, gazetteer::Gazetteer, Ner, Span};

fn score(ner: &Ner, name: &str, ex: &mut [data::Example]) {
    let t = Instant::now();
    data::add_pos(ex);
    println!(
        "{name}: part-of-speech tagging (nlp tagger + parser) took {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut tokens = 0;
    let mut gold = Vec::new();
    let mut pred: Vec<Vec<Span>> = Vec::new();
    for e in ex.iter() {
        let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
        let pos: Vec<&str> = e.pos.iter().map(String::as_str).collect();
        tokens += forms.len();
        pred.push(ner.spans_with_pos(&forms, &pos));
        gold.push(e.spans.clone());
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "== {name}: {} sentences, {tokens} tokens, {:.0} tokens/s\n{}",
        ex.len(),
        tokens as f64 / secs,
        evaluate(&gold, &pred)
    );
}

/// CPU seconds used by this process so far (Linux `/proc/self/stat`, 100 Hz ticks).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Tokens per second on one thread, tagging the sentences repeatedly for
/// about 3 s (part-of-speech tags given, as the pipeline's nlp stage leaves them).
fn speed(ner: &Ner, ex: &[data::Example]) {
    let sents: Vec<(Vec<&str>, Vec<&str>)> = ex
        .iter()
        .map(|e| {
            (
                e.forms.iter().map(String::as_str).collect(),
                e.pos.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let (mut tokens, mut found) = (0usize, 0usize);
    while t.elapsed().as_secs_f64() < 3.0 {
        for (s, p) in &sents {
            found += ner.spans_with_pos(s, p).len();
            tokens += s.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "speed: {tokens} tokens in {secs:.2} s wall = {:.0} tokens/s ({found} spans)",
        tokens as f64 / secs
    );
    if let (Some(a), Some(b)) = (cpu0, cpu_seconds()) {
        println!(
            "speed: {:.2} s CPU = {:.0} tokens per CPU second",
            b - a,
            tokens as f64 / (b - a).max(0.01)
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpora = PathBuf::from(args.first().map_or("../shared/corpora", String::as_str));
    let t = Instant::now();
    let ner = match args.get(1) {
        Some(p) => Ner::load(Path::new(p)),
        None => Ner::embedded(),
    };
    let ner = match ner {
        Ok(n) => n,
        Err(e) => {
            eprintln!("cannot load model: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "model loaded in {:.1} ms ({} features)",
        t.elapsed().as_secs_f64() * 1e3,
        ner.model().len()
    );
    let gaz = Gazetteer::builtin();
    let run = || -> Result<(), String> {
        let mut uner = data::read_iob2_file(&corpora.join("uner-english-ewt/en_ewt-ud-test.iob2"))?;
        score(&ner, "UNER EWT test", &mut uner);
        speed(&ner, &uner);
        let test = data::gum_split(&corpora, "test")?;
        let news: Vec<String> = test
            .iter()
            .filter(|d| d.starts_with("GUM_news_"))
            .cloned()
            .collect();
        score(
            &ner,
            "GUM test news",
            &mut data::read_gum(&corpora, &news, &gaz)?,
        );
        score(
            &ner,
            "GUM test all",
            &mut data::read_gum(&corpora, &test, &gaz)?,
        );
        for extra in args.iter().skip(2) {
            score(&ner, extra, &mut data::read_iob2_file(Path::new(extra))?);
        }
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("evaluation failed: {e}");
        std::process::exit(1);
    }
}
