//! Print BIO labels for whitespace-tokenised lines of stdin (debugging aid).
use std::io::BufRead;

fn main() {
    let ner = match std::env::var("NER_MODEL") {
        Ok(p) => backchannel_ner::Ner::load(std::path::Path::new(&p)),
        Err(_) => backchannel_ner::Ner::embedded(),
    };
    let ner = match ner {
        Ok(n) => n,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let forms: Vec<&str> = line.split_whitespace().collect();
        let tags = ner.tag_tokens(&forms);
        let out: Vec<String> = forms
            .iter()
            .zip(&tags)
            .map(|(f, t)| format!("{f}/{t}"))
            .collect();
        println!("{}", out.join(" "));
    }
}
