//! Tag a text file and print tokens with BIO labels (debugging aid).
//!
//! `cargo run --release -p backchannel-ner --example tag_text -- file.txt`

use backchannel_core::{DocMeta, Document};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tag_text FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let ner = match backchannel_ner::Ner::embedded() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut doc = Document::from_plain(text, DocMeta::default());
    let (tokens, sentences) = backchannel_ner::tokenize::simple_tokens(&doc.text);
    doc.tokens = tokens;
    doc.sentences = sentences;
    ner.recognize(&mut doc);
    for e in &doc.entities {
        let m: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
        println!("{}\t{}\t{}\t{:?}", e.id, e.kind, e.name, m);
    }
}
