//! `backchannel bench ingest`: how `ingest` scales from one worker thread to
//! N. Runs alternate (1, N, 1, N, ...) into fresh stores so that a noisy
//! neighbour slows both alike; medians are reported.
//!
//! The calling thread is the store writer, so its CPU time is the serial part
//! that limits the speed-up: with one worker the writer runs beside it on
//! another core, with two workers on two cores it competes with them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use backchannel_store::Store;

use super::bench::{median, process_cpu_secs, thread_cpu_secs};
use super::ingest::ingest;
use crate::Pipeline;

/// One timed ingest.
struct Run {
    wall: f64,
    writer_cpu: f64,
    /// CPU of every thread (reader, workers, writer).
    total_cpu: f64,
    stored: u64,
}

pub fn run(paths: &[PathBuf], runs: usize, threads: Option<usize>) -> anyhow::Result<i32> {
    let paths = if paths.is_empty() {
        default_inputs()
    } else {
        paths.to_vec()
    };
    let many = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pipeline = Pipeline::load()?;
    let dir = tempfile::tempdir()?;
    let mut one = Vec::with_capacity(runs);
    let mut par = Vec::with_capacity(runs);
    for run in 0..runs {
        one.push(timed(
            &pipeline,
            &paths,
            1,
            &dir.path().join(format!("1-{run}.db")),
        )?);
        par.push(timed(
            &pipeline,
            &paths,
            many,
            &dir.path().join(format!("n-{run}.db")),
        )?);
    }
    let wall = |v: &[Run]| median(v.iter().map(|r| r.wall).collect());
    let writer = |v: &[Run]| median(v.iter().map(|r| r.writer_cpu).collect());
    let total = |v: &[Run]| median(v.iter().map(|r| r.total_cpu).collect());
    let per_run: Vec<String> = one
        .iter()
        .zip(&par)
        .map(|(a, b)| format!("{:.2}/{:.2}", a.wall, b.wall))
        .collect();
    println!(
        "{} documents stored per run; {runs} runs, 1 vs {many} worker threads (wall s per run: {}):",
        one[0].stored,
        per_run.join(", ")
    );
    for (label, v) in [("1 thread ", &one), (&format!("{many} threads")[..], &par)] {
        println!(
            "  {label}  {:7.2} s wall (median), CPU {:6.2} s in all threads, {:5.2} s in the writer ({:.1}%)",
            wall(v),
            total(v),
            writer(v),
            100.0 * writer(v) / total(v)
        );
    }
    let speedups: Vec<f64> = one.iter().zip(&par).map(|(a, b)| a.wall / b.wall).collect();
    println!(
        "  speed-up   {:7.2}x (median of per-run ratios)",
        median(speedups)
    );
    Ok(0)
}

fn timed(pipeline: &Pipeline, paths: &[PathBuf], threads: usize, db: &Path) -> anyhow::Result<Run> {
    let mut store = Store::open(db)?;
    let (t, c, p) = (Instant::now(), thread_cpu_secs(), process_cpu_secs());
    let summary = ingest(pipeline, &mut store, paths, threads)?;
    // Closing checkpoints the write-ahead log into the file: part of the job.
    drop(store);
    Ok(Run {
        wall: t.elapsed().as_secs_f64(),
        writer_cpu: thread_cpu_secs() - c,
        total_cpu: process_cpu_secs() - p,
        stored: summary.stored,
    })
}

/// PolNeAR train texts when ../shared is present, else the repo's examples.
fn default_inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let train = root.join("../../../shared/bench/polnear/train/text");
    if train.is_dir() {
        return vec![train];
    }
    eprintln!("../shared not found: benchmarking the examples instead");
    vec![root.join("../../examples")]
}
