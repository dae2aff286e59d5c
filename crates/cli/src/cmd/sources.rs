//! `backchannel sources`: how the claims in a document, an outlet or the whole
//! store are sourced — counts per sourcing kind, claims resting only on anonymous
//! or secondhand sources, denials, declines and non-responses.

use std::fmt::Write as _;

use backchannel_attrib::{summarize, ClaimRef, SourcingSummary};
use backchannel_core::Document;

use super::DbArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Only this document (its id, as `export` and `search` show it).
    #[arg(long)]
    pub doc: Option<String>,
    /// Only documents from this outlet (case-insensitive).
    #[arg(long)]
    pub outlet: Option<String>,
    /// Print the listed claims in full, not only the counts.
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let store = super::open_existing(&args.db.db)?;
    let mut docs: Vec<Document> = Vec::new();
    if let Some(id) = &args.doc {
        match store.get(id)? {
            Some(d) => docs.push(d),
            None => anyhow::bail!("no document {id} in {}", args.db.db.display()),
        }
    } else {
        let outlet = args.outlet.as_deref().map(str::to_lowercase);
        store.for_each_document(|d| -> Result<(), String> {
            let keep = outlet.as_ref().is_none_or(|o| {
                d.meta.outlet.as_deref().map(str::to_lowercase).as_ref() == Some(o)
            });
            if keep {
                docs.push(d);
            }
            Ok(())
        })?;
    }
    print!("{}", render(&summarize(&docs), args.list));
    Ok(0)
}

fn render(s: &SourcingSummary, list: bool) -> String {
    let mut out = String::new();
    // One column for every count: labels are at most 23 characters.
    let _ = writeln!(out, "{:<25}{}", "documents", s.documents);
    let _ = writeln!(out, "{:<25}{}", "attributions", s.attributions);
    for (kind, n) in &s.per_kind {
        let _ = writeln!(out, "  {kind:<23}{n}");
    }
    for (title, claims) in [
        ("anonymous or secondhand", &s.anonymous_or_secondhand),
        ("denials", &s.denials),
        ("declined to comment", &s.declines),
        ("did not respond", &s.no_responses),
    ] {
        let _ = writeln!(out, "{title:<25}{}", claims.len());
        if list {
            for c in claims {
                let _ = writeln!(out, "    {}", claim_line(c));
            }
        }
    }
    out
}

fn claim_line(c: &ClaimRef) -> String {
    let via = c
        .via
        .as_deref()
        .map(|v| format!(" via {v}"))
        .unwrap_or_default();
    let source = if c.source.is_empty() {
        "(no source)"
    } else {
        &c.source
    };
    format!(
        "{}/{} [{}] {source}{via} — {}: {}",
        c.doc, c.attribution, c.kind, c.cue, c.content
    )
}
