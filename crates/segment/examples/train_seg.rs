//! Retrain the segmenter's data files into `models/` (what `backchannel train
//! --only segment` does), with the training knobs exposed for experiments.
//!
//! Usage: cargo run --release -p backchannel-segment --example train_seg [shared-dir [epochs [l2]]]
//! Environment: SEG_RUNS=n (shuffled trainings averaged), SEG_EXCLUDE=prefix
//! (leave those GUM documents out, e.g. GUM_news_ to measure unseen news),
//! SEG_OUT=dir (write the files there instead of `models/`).

use std::path::PathBuf;

use backchannel_segment::train::{train_models, TrainOptions};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let shared = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let mut opts = TrainOptions::default();
    if let Some(e) = args.next().and_then(|a| a.parse().ok()) {
        opts.epochs = e;
    }
    if let Some(l2) = args.next().and_then(|a| a.parse().ok()) {
        opts.l2 = l2;
    }
    if let Some(r) = std::env::var("SEG_RUNS").ok().and_then(|v| v.parse().ok()) {
        opts.runs = r;
    }
    if let Some(n) = std::env::var("SEG_NEWS_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.news_repeat = n;
    }
    if let Some(f) = std::env::var("SEG_EXPOSURE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.exposure_folds = f;
    }
    opts.exclude = std::env::var("SEG_EXCLUDE").ok().filter(|e| !e.is_empty());
    let models = std::env::var("SEG_OUT")
        .ok()
        .filter(|o| !o.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models")));
    let report = train_models(&shared, &models, opts)?;
    eprintln!("{report}");
    Ok(())
}
