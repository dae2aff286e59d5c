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
    /// One `<id>.txt` + `<id>.ann` (brat standoff, PolNeAR layout) pair per document; needs --out DIR.
    Brat,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let store = super::open_existing(&args.db.db)?;
    if args.format == Format::Brat {
        let dir = args
            .out
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("--format brat writes a folder: pass --out DIR"))?;
        return export_brat(&store, dir);
    }
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

/// The clean text and its attributions (offsets into that text) per document.
fn export_brat(store: &backchannel_store::Store, dir: &std::path::Path) -> anyhow::Result<i32> {
    std::fs::create_dir_all(dir)?;
    let mut n = 0u64;
    store.for_each_document(|doc| -> std::io::Result<()> {
        n += 1;
        std::fs::write(dir.join(format!("{}.txt", doc.meta.id)), &doc.text)?;
        std::fs::write(
            dir.join(format!("{}.ann", doc.meta.id)),
            backchannel_attrib::brat::write_ann(&doc),
        )
    })?;
    eprintln!("exported {n} documents to {}", dir.display());
    Ok(0)
}
