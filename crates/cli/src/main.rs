//! The `backchannel` command line: a thin layer over the library crates.

use clap::Parser;

fn main() {
    let cli = backchannel::cmd::Cli::parse();
    match backchannel::cmd::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}
