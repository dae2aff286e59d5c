//! The `backchannel` command line: a thin layer over the library crates.

use clap::Parser;

fn main() {
    // Like other Unix filters, end quietly when the reader of standard output
    // goes away (`backchannel export | head`) instead of failing on EPIPE.
    // SAFETY: restoring the default disposition of one signal at start-up,
    // before any thread exists.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = backchannel::cmd::Cli::parse();
    match backchannel::cmd::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}
