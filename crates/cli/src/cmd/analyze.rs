//! `backchannel analyze`: print analysis records without storing anything.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use super::inputs::raw_documents;
use crate::Pipeline;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A file, a directory (read recursively) or `-` for standard input.
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Publication date to use for every document (YYYY-MM-DD), overriding the input.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One pretty-printed JSON object per document.
    Json,
    /// One JSON object per line, in input order; errors as {"error": …} lines.
    Jsonl,
    /// brat standoff (`.ann`) of the attributions, offsets counting the input file's characters.
    Brat,
}

/// Accepts YYYY-MM-DD with a plausible month and day.
pub fn parse_date(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s[..4].parse::<u32>().is_ok()
        && s[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && s[8..].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("expected a date as YYYY-MM-DD, got {s:?}"))
    }
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let pipeline = Pipeline::load()?.with_date(args.date);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut ok, mut failed) = (0usize, 0usize);
    for item in raw_documents(std::slice::from_ref(&args.path)) {
        match item.and_then(|raw| pipeline.run(raw)) {
            Ok(doc) => {
                ok += 1;
                match args.format {
                    Format::Json => writeln!(out, "{}", doc.to_json_pretty())?,
                    Format::Jsonl => writeln!(out, "{}", doc.to_json_line())?,
                    Format::Brat => write!(out, "{}", backchannel_attrib::to_brat(&doc))?,
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
                if args.format == Format::Jsonl {
                    let line = serde_json::json!({"error": e.reason, "origin": e.origin});
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(if ok == 0 && failed > 0 { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_are_checked() {
        assert!(parse_date("2021-02-22").is_ok());
        assert!(parse_date("2021-13-01").is_err());
        assert!(parse_date("22/02/2021").is_err());
    }
}
