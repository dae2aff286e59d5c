//! One module per command; `run` dispatches. Every command that touches the
//! store takes `--db PATH`.

mod analyze;
mod bench;
mod bench_ingest;
mod eval;
mod export;
mod ingest;
mod inputs;
mod parse;
mod search;
mod shared;
mod sources;
mod stats;
mod synth;
mod train;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

/// Reads the news and keeps a sourced, time-aware record of who did what to whom,
/// when — and who says so.
#[derive(Parser, Debug)]
#[command(name = "backchannel", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Analyse documents and print their analysis records (nothing is stored).
    Analyze(analyze::Args),
    /// Read, analyse and store documents (idempotent; near-duplicates are grouped).
    Ingest(ingest::Args),
    /// Write every stored analysis record.
    Export(export::Args),
    /// Summarise what the store holds.
    Stats(stats::Args),
    /// Full-text search over stored documents.
    Search(search::Args),
    /// Sourcing summary for a document, an outlet or the whole store.
    Sources(sources::Args),
    /// Tag and parse text (or a CoNLL-U file's own tokens), printing CoNLL-U.
    Parse(parse::Args),
    /// Rebuild the models from ../shared (deterministic).
    Train(train::Args),
    /// Score the models on the standard evaluation sets.
    Eval(eval::Args),
    /// Throughput benchmarks (median of several runs).
    Bench(bench::Args),
}

/// Shared `--db` option.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// The store file (SQLite; created when missing).
    #[arg(long, default_value = "backchannel.db")]
    pub db: PathBuf,
}

/// Run a command; the returned value is the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Export(a) => export::run(a),
        Command::Stats(a) => stats::run(a),
        Command::Search(a) => search::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Sources(a) => sources::run(a),
        Command::Parse(a) => parse::run(a),
        Command::Train(a) => train::run(a),
        Command::Eval(a) => eval::run(a),
    }
}

/// Open a store that must already exist (reading commands never create one).
fn open_existing(path: &Path) -> anyhow::Result<backchannel_store::Store> {
    if !path.exists() {
        anyhow::bail!(
            "no store at {} (run `backchannel ingest` first, or pass --db PATH)",
            path.display()
        );
    }
    Ok(backchannel_store::Store::open(path)?)
}
