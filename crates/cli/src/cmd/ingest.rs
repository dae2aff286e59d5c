//! `backchannel ingest`: read, analyse on every core, store with one writer.
//!
//! Readers run on one thread (inputs are read in order), `--threads` workers run
//! the pipeline, and the calling thread is the single store writer, committing in
//! batches. A document already stored (same content id) is skipped, so re-running
//! an interrupted ingest completes it without duplicates.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use backchannel_store::{Insert, PreparedDoc, Store};
use crossbeam_channel::{bounded, RecvTimeoutError};

use super::inputs::{raw_documents, RawItem};
use super::DbArg;
use crate::progress::Progress;
use crate::Pipeline;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Worker threads for analysis (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Publication date to use for every document (YYYY-MM-DD), overriding the input.
    #[arg(long, value_parser = super::analyze::parse_date)]
    pub date: Option<String>,
}

/// Counts printed at the end of an ingest.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub read: u64,
    pub stored: u64,
    pub duplicates: u64,
    pub near_duplicates: u64,
    pub errors: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "read {}, stored {} ({} near-duplicates grouped), duplicates {}, errors {}",
            self.read, self.stored, self.near_duplicates, self.duplicates, self.errors
        )
    }
}

/// Documents per write transaction (or what arrived within [`FLUSH_EVERY`]).
/// Each commit writes an FTS segment and every page the batch touched, so
/// fewer, bigger commits keep the single writer cheap; a kill loses at most
/// the open batch, which re-running the same ingest stores.
const BATCH: usize = 256;
/// Documents written together inside a transaction.
const GROUP: usize = 32;
const FLUSH_EVERY: Duration = Duration::from_secs(2);

pub fn run(args: Args) -> anyhow::Result<i32> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pipeline = Pipeline::load()?.with_date(args.date);
    let mut store = Store::open(&args.db.db)?;
    let started = Instant::now();
    let summary = ingest(&pipeline, &mut store, &args.paths, threads)?;
    eprintln!(
        "{summary} in {:.2}s → {}",
        started.elapsed().as_secs_f64(),
        args.db.db.display()
    );
    // Non-zero only when nothing at all could be read.
    Ok(if summary.read == summary.errors { 1 } else { 0 })
}

/// Run the whole ingest; usable from tests and benchmarks.
pub fn ingest(
    pipeline: &Pipeline,
    store: &mut Store,
    paths: &[PathBuf],
    threads: usize,
) -> anyhow::Result<Summary> {
    let (raw_tx, raw_rx) = bounded::<RawItem>(threads * 16);
    let (doc_tx, doc_rx) = bounded::<DocItem>(threads * 16);
    let progress = Progress::new(1000);
    let mut summary = Summary::default();

    std::thread::scope(|s| -> anyhow::Result<()> {
        let reader_paths = paths.to_vec();
        s.spawn(move || {
            for item in raw_documents(&reader_paths) {
                if raw_tx.send(item).is_err() {
                    break;
                }
            }
        });
        for _ in 0..threads {
            let rx = raw_rx.clone();
            let tx = doc_tx.clone();
            s.spawn(move || {
                for item in rx {
                    // Storing's CPU work (hash, MinHash, encoding) is done here, on
                    // every worker, so the one writer only runs SQL.
                    let out = item.and_then(|raw| pipeline.run(raw).map(PreparedDoc::new));
                    if tx.send(out).is_err() {
                        break;
                    }
                }
            });
        }
        drop(doc_tx);
        drop(raw_rx);

        // A transaction opens with the first document and commits after
        // BATCH documents or FLUSH_EVERY. Inside it, documents are written in
        // groups of GROUP as they come: SQL in bursts keeps SQLite's pages in
        // the CPU cache, and when the last worker stops, at most one group is
        // left to write.
        let mut group: Vec<PreparedDoc> = Vec::with_capacity(GROUP);
        let mut open = true;
        while open {
            match receive(&doc_rx, &mut summary, &progress) {
                Received::Doc(doc) => group.push(doc),
                Received::Nothing => continue,
                Received::Closed => break,
            }
            let mut batch = store.batch()?;
            let opened = Instant::now();
            loop {
                if group.len() < GROUP {
                    match receive(&doc_rx, &mut summary, &progress) {
                        Received::Doc(doc) => group.push(doc),
                        Received::Nothing => {}
                        Received::Closed => open = false,
                    }
                }
                let commit =
                    !open || batch.len() + group.len() >= BATCH || opened.elapsed() >= FLUSH_EVERY;
                if commit || group.len() >= GROUP {
                    for doc in group.drain(..) {
                        count(batch.insert(doc)?, &mut summary);
                    }
                }
                if commit {
                    break;
                }
            }
            batch.commit()?;
        }
        Ok(())
    })?;
    progress.finish();
    Ok(summary)
}

type DocItem = Result<PreparedDoc, backchannel_core::DocError>;

// Short-lived and moved at once: boxing the large variant would only add an
// allocation per document.
#[allow(clippy::large_enum_variant)]
enum Received {
    Doc(PreparedDoc),
    /// Nothing arrived for a while, or a document failed (counted and reported).
    Nothing,
    /// Every worker has finished.
    Closed,
}

/// The next analysed document, counting reads and reporting failures.
fn receive(
    rx: &crossbeam_channel::Receiver<DocItem>,
    summary: &mut Summary,
    progress: &Progress,
) -> Received {
    let got = match rx.recv_timeout(Duration::from_millis(200)) {
        Ok(Ok(doc)) => {
            summary.read += 1;
            Received::Doc(doc)
        }
        Ok(Err(e)) => {
            summary.read += 1;
            summary.errors += 1;
            progress.println(&format!("error: {e}"));
            Received::Nothing
        }
        Err(RecvTimeoutError::Timeout) => Received::Nothing,
        Err(RecvTimeoutError::Disconnected) => Received::Closed,
    };
    progress.update(summary.read, || summary.to_string());
    got
}

fn count(outcome: Insert, summary: &mut Summary) {
    match outcome {
        Insert::Stored { .. } => summary.stored += 1,
        Insert::NearDuplicate { .. } => {
            summary.stored += 1;
            summary.near_duplicates += 1;
        }
        Insert::Duplicate { .. } => summary.duplicates += 1,
    }
}
