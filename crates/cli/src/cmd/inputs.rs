//! Turning command-line paths into one stream of raw documents.

use std::path::{Path, PathBuf};

use backchannel_core::{DocError, RawDoc};
use backchannel_read::{read_path, read_stdin, ReadOptions};

pub type RawItem = Result<RawDoc, DocError>;

/// Every raw document (or per-document error) of the given paths, in order;
/// `-` reads standard input.
pub fn raw_documents(paths: &[PathBuf]) -> impl Iterator<Item = RawItem> + Send + 'static {
    let opts = ReadOptions::default();
    let paths = paths.to_vec();
    paths.into_iter().flat_map(move |p| {
        if p == Path::new("-") {
            read_stdin(&opts)
        } else {
            read_path(&p, &opts)
        }
    })
}
