//! `backchannel stats`: what the store holds.

use super::DbArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let store = super::open_existing(&args.db.db)?;
    println!("{}", store.stats()?);
    Ok(0)
}
