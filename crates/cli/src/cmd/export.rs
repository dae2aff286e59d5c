//! `backchannel export`: every stored analysis record, in insertion order.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use super::DbArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One analysis record per line.
    Jsonl,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let store = super::open_existing(&args.db.db)?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(BufWriter::new(File::create(p)?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut n = 0u64;
    store.for_each_document(|doc| {
        n += 1;
        writeln!(out, "{}", doc.to_json_line()).map_err(|e| e.to_string())
    })?;
    out.flush()?;
    eprintln!("exported {n} documents");
    Ok(0)
}
