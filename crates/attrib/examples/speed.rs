//! Time attribution against the linguistic core (tag + parse + NER) on the
//! same documents, as the pipeline runs them.
//! Usage: cargo run --release -p backchannel-attrib --example speed -- TEXT_DIR

use std::time::{Duration, Instant};

use backchannel_attrib::{prepare, segment_prep, Attributor};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: speed TEXT_DIR");
        std::process::exit(2)
    };
    let att = Attributor::embedded().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let ner = backchannel_ner::Ner::embedded().unwrap_or_else(|e| {
        eprintln!("ner: {e}");
        std::process::exit(1)
    });
    let nlp = backchannel_nlp::Nlp::embedded().unwrap_or_else(|e| {
        eprintln!("nlp: {e}");
        std::process::exit(1)
    });
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path()) {
            texts.push(t);
        }
    }
    let mut docs: Vec<_> = texts.iter().map(|t| prepare(t, &segment_prep)).collect();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let (mut t_nlp, mut t_ner, mut t_att) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for d in docs.iter_mut() {
        let t = Instant::now();
        nlp.annotate(d);
        t_nlp += t.elapsed();
        let t = Instant::now();
        ner.recognize(d);
        t_ner += t.elapsed();
        let t = Instant::now();
        att.annotate(d);
        t_att += t.elapsed();
    }
    let n: usize = docs.iter().map(|d| d.attributions.len()).sum();
    let rate = |d: Duration| tokens as f64 / d.as_secs_f64();
    println!(
        "{} docs, {tokens} tokens, {n} attributions\ntag+parse: {:.3}s ({:.0} tokens/s)\nner:       {:.3}s ({:.0} tokens/s)\nattrib:    {:.3}s ({:.0} tokens/s) = {:.1}% of tag+parse+NER",
        docs.len(),
        t_nlp.as_secs_f64(),
        rate(t_nlp),
        t_ner.as_secs_f64(),
        rate(t_ner),
        t_att.as_secs_f64(),
        rate(t_att),
        100.0 * t_att.as_secs_f64() / (t_nlp + t_ner).as_secs_f64()
    );
}
