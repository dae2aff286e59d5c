//! `backchannel train`: rebuild every model from `../shared` (deterministic:
//! fixed seeds, same bytes on rerun). Each stage trains on the output of the
//! earlier stages' *embedded* models, so after retraining an early stage,
//! rebuild the binary and train the later ones again to cascade the change.

use std::path::PathBuf;
use std::time::Instant;

use clap::ValueEnum;

use super::shared::SharedArg;

/// Training epochs for the attribution model (the best on PolNeAR dev is kept).
const ATTRIB_EPOCHS: usize = 20;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub shared: SharedArg,
    /// Where model files are written.
    #[arg(long, default_value = "models")]
    pub out: PathBuf,
    /// Train only these models (default: all, in pipeline order).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Vec<Model>,
    /// Random seed (shuffling); the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// Sentence openers and the boundary classifier (UD EWT train + GUM train).
    Segment,
    /// Tagger, lemmatizer and dependency parser (UD EWT train).
    Nlp,
    /// Named entities (GUM train+dev, UNER EWT dev).
    Ner,
    /// Attribution (PolNeAR train).
    Attrib,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let shared = args.shared.dir()?;
    let corpora = shared.join("corpora");
    std::fs::create_dir_all(&args.out)?;
    let wanted = |m: Model| args.only.is_empty() || args.only.contains(&m);
    let all = Instant::now();
    if wanted(Model::Segment) {
        let t = Instant::now();
        let r = backchannel_segment::train::train_models(&shared, &args.out, Default::default())
            .map_err(|e| anyhow::anyhow!("segment: {e}"))?;
        println!("segment ({:.0}s): {r}", t.elapsed().as_secs_f64());
    }
    if wanted(Model::Nlp) {
        let t = Instant::now();
        let r = backchannel_nlp::train(&corpora, &args.out, args.seed)
            .map_err(|e| anyhow::anyhow!("nlp: {e}"))?;
        println!("nlp ({:.0}s):\n{r}", t.elapsed().as_secs_f64());
    }
    if wanted(Model::Ner) {
        let t = Instant::now();
        let r = backchannel_ner::train(&corpora, &args.out, args.seed)
            .map_err(|e| anyhow::anyhow!("ner: {e}"))?;
        println!(
            "ner ({:.0}s): {} sentences, {} tokens, {} features, {} bytes",
            t.elapsed().as_secs_f64(),
            r.sentences,
            r.tokens,
            r.features,
            r.model_bytes
        );
    }
    if wanted(Model::Attrib) {
        let t = Instant::now();
        // The attribution model learns from text prepared exactly as at inference.
        let pipeline = crate::Pipeline::load()?;
        let prep = |doc: &mut backchannel_core::Document| pipeline.prepare(doc);
        let r = backchannel_attrib::train_with(
            &shared.join("bench/polnear"),
            &args.out.join("attrib.bin"),
            args.seed,
            ATTRIB_EPOCHS,
            &prep,
        )
        .map_err(|e| anyhow::anyhow!("attrib: {e}"))?;
        println!(
            "attrib ({:.0}s): best epoch {} of {}, {} features, {} bytes; dev scores of that epoch:\n{}",
            t.elapsed().as_secs_f64(),
            r.best_epoch,
            r.epochs.len(),
            r.features,
            r.bytes,
            r.epochs.get(r.best_epoch.saturating_sub(1)).map(|e| e.to_string()).unwrap_or_default()
        );
    }
    println!(
        "all done in {:.0}s → {}",
        all.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(0)
}
