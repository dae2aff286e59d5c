//! `backchannel search`: full-text search over stored documents.

use super::DbArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// FTS5 query, e.g. `Zarif AND backchannel` or `"maximum pressure"`.
    pub query: String,
    #[command(flatten)]
    pub db: DbArg,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let store = super::open_existing(&args.db.db)?;
    let hits = store.search(&args.query, args.limit)?;
    if hits.is_empty() {
        eprintln!("no documents match {:?}", args.query);
        return Ok(1);
    }
    for hit in hits {
        println!("{hit}");
    }
    Ok(0)
}
