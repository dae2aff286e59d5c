//! Development aid: document-level cross-validation of the boundary
//! classifier on EWT train + GUM train (wrong candidate decisions on held-out
//! folds, with features from gold sentence state; and sentence starts missed
//! or made up when the held-out documents are segmented at run time; fewer
//! is better). Usage: cv_seg [folds] [shared-dir]
//! Environment: SEG_RUNS, SEG_EPOCHS, SEG_L2, SEG_EXPOSURE (training knobs;
//! SEG_EXPOSURE=0 trains on gold-state candidates only; any value above 1
//! only switches exposure on: its candidates are cross-fitted over the CV
//! folds, so SEG_EXPOSURE=10 gives the same numbers as 5), SEG_NEWS_REPEAT;
//! SEG_CV_SEED=n (n > 0: documents go to pseudo-random folds instead of
//! `i % folds`; compare choices over several seeds, since the split alone
//! moves the start errors by ~25: 1424 / 1451 / 1450 at seeds 0 / 1 / 2);
//! SEG_CV_ERRORS=1 (print every held-out start error with its doc id).

use std::path::PathBuf;

use backchannel_segment::cv::cross_validate;
use backchannel_segment::train::TrainOptions;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let folds = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let shared = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let mut opts = TrainOptions::default();
    let var = |k: &str| std::env::var(k).ok();
    if let Some(r) = var("SEG_RUNS").and_then(|v| v.parse().ok()) {
        opts.runs = r;
    }
    if let Some(e) = var("SEG_EPOCHS").and_then(|v| v.parse().ok()) {
        opts.epochs = e;
    }
    if let Some(l) = var("SEG_L2").and_then(|v| v.parse().ok()) {
        opts.l2 = l;
    }
    if let Some(n) = var("SEG_NEWS_REPEAT").and_then(|v| v.parse().ok()) {
        opts.news_repeat = n;
    }
    if let Some(f) = var("SEG_EXPOSURE").and_then(|v| v.parse().ok()) {
        opts.exposure_folds = f;
    }
    let e = cross_validate(&shared, &opts, folds)?;
    println!(
        "{folds}-fold CV: {} of {} candidates wrong ({:.3}%); GUM news: {} of {}; run-time sentence-start errors {} ({} gold sentences), GUM news {}",
        e.wrong,
        e.candidates,
        100.0 * e.wrong as f64 / e.candidates.max(1) as f64,
        e.news_wrong,
        e.news_candidates,
        e.start_errors,
        e.gold_sentences,
        e.news_start_errors
    );
    Ok(())
}
