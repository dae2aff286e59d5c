//! Segmentation evaluation: run the segmenter over the raw text of a treebank
//! and score tokens, words and sentences with the CoNLL 2018 metrics.

use std::path::Path;

use backchannel_core::conllu;
use backchannel_eval::{evaluate_unchecked, raw_text, Scores};

use crate::{segment_str, Segmentation};

/// The segmenter's output over `text` as CoNLL-U sentences (forms only; heads 0).
pub fn to_conllu(text: &str, seg: &Segmentation) -> Vec<conllu::Sentence> {
    let mut out = Vec::with_capacity(seg.sentences.len());
    for s in &seg.sentences {
        let mut sent = conllu::Sentence::default();
        for t in seg.tokens.get(s.tokens.clone()).unwrap_or(&[]) {
            let first = sent.words.len() + 1;
            for w in t.words() {
                sent.words.push(conllu::Word {
                    form: text.get(w).unwrap_or("").to_string(),
                    ..conllu::Word::default()
                });
            }
            if sent.words.len() > first {
                sent.multiwords.push(conllu::MultiWord {
                    first,
                    last: sent.words.len(),
                    form: text.get(t.start..t.end).unwrap_or("").to_string(),
                    misc: String::new(),
                });
            }
        }
        out.push(sent);
    }
    out
}

/// Segment the raw text of `gold` and score the result against it.
pub fn eval_segmentation(gold: &[conllu::Sentence]) -> Result<Scores, String> {
    let text = raw_text(gold);
    let seg = segment_str(&text);
    evaluate_unchecked(gold, &to_conllu(&text, &seg))
}

/// One evaluated set: its name and scores.
#[derive(Debug, Clone)]
pub struct SetScores {
    pub name: String,
    pub sentences: usize,
    pub scores: Scores,
}

fn read_conllu(path: &Path) -> Result<Vec<conllu::Sentence>, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    conllu::parse(&src).map_err(|e| format!("{}: {e}", path.display()))
}

/// The GUM documents named in `files.<split>`, in order, with their names.
pub fn gum_docs(
    shared: &Path,
    split: &str,
) -> Result<Vec<(String, Vec<conllu::Sentence>)>, String> {
    let gum = shared.join("corpora/gum");
    let list = std::fs::read_to_string(gum.join(format!("files.{split}")))
        .map_err(|e| format!("{}/files.{split}: {e}", gum.display()))?;
    let mut out = Vec::new();
    for name in list.split_whitespace() {
        let path = gum.join("docs").join(format!("{name}.conllu"));
        if path.exists() {
            out.push((name.to_string(), read_conllu(&path)?));
        }
    }
    Ok(out)
}

fn scored(name: &str, gold: &[conllu::Sentence]) -> Result<SetScores, String> {
    Ok(SetScores {
        name: name.to_string(),
        sentences: gold.len(),
        scores: eval_segmentation(gold)?,
    })
}

/// Evaluate on EWT `split`, GUM `split` and the GUM news documents of that split.
/// `shared` is the shared data folder (`../shared` from the repository root).
pub fn eval_standard_sets(shared: &Path, split: &str) -> Result<Vec<SetScores>, String> {
    let ewt =
        read_conllu(&shared.join(format!("corpora/ud-english-ewt/en_ewt-ud-{split}.conllu")))?;
    let docs = gum_docs(shared, split)?;
    let all: Vec<conllu::Sentence> = docs.iter().flat_map(|(_, d)| d.iter().cloned()).collect();
    let news: Vec<conllu::Sentence> = docs
        .iter()
        .filter(|(n, _)| n.starts_with("GUM_news_"))
        .flat_map(|(_, d)| d.iter().cloned())
        .collect();
    Ok(vec![
        scored(&format!("EWT {split}"), &ewt)?,
        scored(&format!("GUM {split}"), &all)?,
        scored(&format!("GUM news {split}"), &news)?,
    ])
}

/// A short table: Tokens, Words and Sentences F1 per set.
pub fn format_table(sets: &[SetScores]) -> String {
    let mut s = format!(
        "{:<16} {:>9} {:>9} {:>9} {:>9}\n",
        "set", "sentences", "Tokens", "Words", "Sentences"
    );
    for r in sets {
        s.push_str(&format!(
            "{:<16} {:>9} {:>9.2} {:>9.2} {:>9.2}\n",
            r.name,
            r.sentences,
            100.0 * r.scores.tokens.f1,
            100.0 * r.scores.words.f1,
            100.0 * r.scores.sentences.f1
        ));
    }
    s
}
