//! `backchannel eval`: score the models on the standard test sets.

use std::path::PathBuf;

use backchannel_core::conllu;
use backchannel_ner::{data, evaluate, gazetteer::Gazetteer, Ner, Span};

use super::shared::SharedArg;
use crate::Pipeline;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// Sentence and token F1 (CoNLL 2018) on raw text of UD EWT and GUM.
    Seg {
        #[command(flatten)]
        shared: SharedArg,
        /// Which split to score.
        #[arg(long, default_value = "test")]
        split: String,
    },
    /// UPOS, XPOS, lemmas, UAS, LAS on a CoNLL-U file, gold tokens and raw text.
    Ud {
        /// Gold CoNLL-U; default: UD EWT test.
        file: Option<PathBuf>,
        #[command(flatten)]
        shared: SharedArg,
    },
    /// Entity P/R/F1 (exact span + type) on UNER EWT test and GUM test.
    Ner {
        #[command(flatten)]
        shared: SharedArg,
    },
    /// Attribution P/R/F1 (exact and token overlap) on a PolNeAR folder (text/, attributions/) or on
    /// brat pairs (NAME.txt + NAME.ann, as `export --format brat` writes them).
    Polnear {
        /// Default: PolNeAR dev.
        dir: Option<PathBuf>,
        #[command(flatten)]
        shared: SharedArg,
    },
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    match args.what {
        What::Seg { shared, split } => {
            let sets = backchannel_segment::eval_standard_sets(&shared.dir()?, &split)
                .map_err(anyhow::Error::msg)?;
            print!("{}", backchannel_segment::format_table(&sets));
        }
        What::Ud { file, shared } => {
            let path = match file {
                Some(f) => f,
                None => shared
                    .dir()?
                    .join("corpora/ud-english-ewt/en_ewt-ud-test.conllu"),
            };
            let gold = read_conllu(&path)?;
            let nlp = backchannel_nlp::Nlp::embedded().map_err(anyhow::Error::msg)?;
            let report = backchannel_nlp::eval::eval_ud(&nlp, &path.display().to_string(), &gold)
                .map_err(anyhow::Error::msg)?;
            println!("{}", report.to_string().trim_end());
        }
        What::Ner { shared } => eval_ner(&shared.dir()?)?,
        What::Polnear { dir, shared } => {
            let dir = match dir {
                Some(d) => d,
                None => shared.dir()?.join("bench/polnear/dev"),
            };
            let pipeline = Pipeline::load()?;
            let att = backchannel_attrib::Attributor::embedded().map_err(anyhow::Error::msg)?;
            let prep = |doc: &mut backchannel_core::Document| pipeline.prepare(doc);
            let report =
                backchannel_attrib::evaluate_dir(&att, &dir, &prep).map_err(anyhow::Error::msg)?;
            print!("{report}");
        }
    }
    Ok(0)
}

pub fn read_conllu(path: &std::path::Path) -> anyhow::Result<Vec<conllu::Sentence>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    conllu::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn eval_ner(shared: &std::path::Path) -> anyhow::Result<()> {
    let ner = Ner::shared().map_err(anyhow::Error::msg)?;
    let corpora = shared.join("corpora");
    let uner = data::read_iob2_file(&corpora.join("uner-english-ewt/en_ewt-ud-test.iob2"))
        .map_err(anyhow::Error::msg)?;
    score_ner(ner, "UNER EWT test (gold tokens)", &uner);
    let gaz = Gazetteer::builtin();
    let test_docs = data::gum_split(&corpora, "test").map_err(anyhow::Error::msg)?;
    let news: Vec<String> = test_docs
        .iter()
        .filter(|d| d.starts_with("GUM_news_"))
        .cloned()
        .collect();
    let gum_news = data::read_gum(&corpora, &news, &gaz).map_err(anyhow::Error::msg)?;
    score_ner(ner, "GUM test, news documents", &gum_news);
    let gum_all = data::read_gum(&corpora, &test_docs, &gaz).map_err(anyhow::Error::msg)?;
    score_ner(ner, "GUM test, all documents", &gum_all);
    Ok(())
}

fn score_ner(ner: &Ner, name: &str, examples: &[data::Example]) {
    let mut gold = Vec::with_capacity(examples.len());
    let mut pred: Vec<Vec<Span>> = Vec::with_capacity(examples.len());
    for e in examples {
        let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
        pred.push(ner.spans(&forms));
        gold.push(e.spans.clone());
    }
    println!(
        "== {name}: {} sentences\n{}",
        examples.len(),
        evaluate(&gold, &pred)
    );
}
