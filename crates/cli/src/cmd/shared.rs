//! Locating `../shared` (training and evaluation data) for `train` and `eval`.
//! The product never needs it at run time; these commands say clearly when it is missing.

use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug, Clone)]
pub struct SharedArg {
    /// The shared data folder (corpora/, bench/); default: ../shared beside the repo or the working directory.
    #[arg(long)]
    pub shared: Option<PathBuf>,
}

impl SharedArg {
    pub fn dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(p) = &self.shared {
            anyhow::ensure!(p.is_dir(), "no shared data folder at {}", p.display());
            return Ok(p.clone());
        }
        let candidates = [
            PathBuf::from("../shared"),
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        ];
        candidates
            .into_iter()
            .find(|p| p.join("corpora").is_dir())
            .ok_or_else(|| {
                anyhow::anyhow!("../shared (corpora, bench) not found: pass --shared DIR")
            })
    }
}
