//! `backchannel parse`: tag and parse, printing CoNLL-U.

use std::path::PathBuf;

use backchannel_core::{conllu, Document};
use clap::ValueEnum;

use super::inputs::raw_documents;
use crate::Pipeline;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Raw text (any readable input), or a CoNLL-U file with --pretokenized; `-` for stdin.
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Conllu)]
    pub format: Format,
    /// Parse the CoNLL-U file's own tokens, keeping its sentence and token ids.
    #[arg(long)]
    pub pretokenized: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Conllu,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let pipeline = Pipeline::load()?;
    if args.pretokenized {
        let text = if args.path.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin())?
        } else {
            std::fs::read_to_string(&args.path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", args.path.display()))?
        };
        let mut sents =
            conllu::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.path.display()))?;
        pipeline.nlp().annotate_conllu(&mut sents);
        print!("{}", conllu::write(&sents));
        return Ok(0);
    }
    let mut failed = 0;
    for item in raw_documents(std::slice::from_ref(&args.path)) {
        match item.and_then(backchannel_clean::clean) {
            Ok(mut doc) => {
                pipeline.prepare(&mut doc);
                print!("{}", conllu::write(&to_conllu(&doc)));
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

/// The document's sentences as CoNLL-U (heads made sentence-relative).
pub fn to_conllu(doc: &Document) -> Vec<conllu::Sentence> {
    let idx = doc.char_index();
    let doc_id = doc.meta.id.as_str();
    doc.sentences
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let range = doc.sentence_tokens(s);
            let first = range.start;
            let words = range
                .clone()
                .map(|i| {
                    let t = &doc.tokens[i];
                    let glued = doc.tokens.get(i + 1).is_some_and(|n| n.start == t.end);
                    let head = usize::try_from(t.head)
                        .ok()
                        .filter(|h| range.contains(h))
                        .map_or(0, |h| h - first + 1);
                    conllu::Word {
                        form: doc.slice(&idx, t.start, t.end).to_string(),
                        lemma: t.lemma.clone().unwrap_or_default(),
                        upos: t.upos.as_deref().unwrap_or_default().to_string(),
                        xpos: t.xpos.as_deref().unwrap_or_default().to_string(),
                        head,
                        deprel: t.deprel.as_deref().unwrap_or_default().to_string(),
                        misc: if glued {
                            "SpaceAfter=No".into()
                        } else {
                            String::new()
                        },
                        ..Default::default()
                    }
                })
                .collect();
            let text = doc.slice(&idx, s.start, s.end).replace('\n', " ");
            conllu::Sentence {
                id: Some(format!("{doc_id}-{}", n + 1)),
                text: Some(text.clone()),
                comments: vec![
                    format!("sent_id = {doc_id}-{}", n + 1),
                    format!("text = {text}"),
                ],
                words,
                multiwords: Vec::new(),
            }
        })
        .collect()
}
