//! `cargo run --release -p backchannel-nlp --example dump -- <out-dir> [gold.conllu] [texts-dir]`
//! Write the embedded model's full output (EWT test with gold tokens, EWT test
//! from raw text, and every text in a folder through `Nlp::annotate`) so that
//! inference-only changes can be checked to be byte-identical with `diff`.
use std::path::Path;

use backchannel_core::{conllu, DocMeta, Document};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let out = Path::new(a.first().map(|s| s.as_str()).unwrap_or("/tmp/nlp-dump")).to_path_buf();
    let gold = a
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/corpora/ud-english-ewt/en_ewt-ud-test.conllu".into());
    let texts = a
        .get(2)
        .cloned()
        .unwrap_or_else(|| "../shared/bench/polnear/dev/text".into());
    let run = || -> Result<(), String> {
        std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        let nlp = backchannel_nlp::Nlp::embedded()?;
        let text = std::fs::read_to_string(&gold).map_err(|e| format!("{gold}: {e}"))?;
        let gold_sents = conllu::parse(&text)?;
        let mut sys: Vec<conllu::Sentence> = gold_sents
            .iter()
            .map(|s| conllu::Sentence {
                words: s
                    .words
                    .iter()
                    .map(|w| conllu::Word {
                        form: w.form.clone(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        nlp.annotate_conllu(&mut sys);
        let write = |name: &str, s: String| {
            std::fs::write(out.join(name), s).map_err(|e| format!("{name}: {e}"))
        };
        write("gold-tokens.conllu", conllu::write(&sys))?;
        let raw_text = backchannel_eval::raw_text(&gold_sents);
        let seg = backchannel_segment::segment_str(&raw_text);
        let mut raw = backchannel_segment::to_conllu(&raw_text, &seg);
        nlp.annotate_conllu(&mut raw);
        write("raw-text.conllu", conllu::write(&raw))?;
        let mut paths: Vec<_> = std::fs::read_dir(&texts)
            .map_err(|e| format!("{texts}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        let mut s = String::new();
        for p in paths {
            let t = std::fs::read_to_string(&p).map_err(|e| e.to_string())?;
            let mut doc = Document::from_plain(t, DocMeta::default());
            backchannel_segment::segment(&mut doc);
            nlp.annotate(&mut doc);
            s.push_str(&format!("# {}\n", p.display()));
            for t in &doc.tokens {
                s.push_str(&format!(
                    "{}\t{}\t{:?}\t{:?}\t{:?}\t{}\t{:?}\n",
                    t.start, t.end, t.upos, t.xpos, t.lemma, t.head, t.deprel
                ));
            }
        }
        write("texts.tsv", s)
    };
    if let Err(e) = run() {
        eprintln!("dump failed: {e}");
        std::process::exit(1);
    }
}
