//! Readers: sniff an input (text, HTML, WARC, feed, JSONL, directory, stdin)
//! and yield raw documents.
//!
//! Every input becomes a stream of `Result<RawDoc, DocError>`: one bad record
//! (a broken JSONL line, an oversized page in a WARC) is an `Err` naming the
//! file and record, and the rest of the input goes on. Formats are chosen by
//! content sniffing ([`sniff`]); the extension only breaks ties. Large inputs
//! (WARC, JSONL, feeds) are streamed, so memory stays bounded by
//! [`ReadOptions`], not by file size.

mod charset;
mod feed;
mod feed_item;
mod http;
mod input;
mod jsonl;
mod limits;
mod sniff;
mod transcode;
mod walk;
mod warc;

use std::path::Path;

use backchannel_core::{DocError, RawDoc};

pub use backchannel_core::date::normalise_container as normalise_date;
pub use charset::{decode_html, decode_text};
pub use sniff::sniff;

/// The stream of documents (or per-document errors) an input yields.
pub type DocIter = Box<dyn Iterator<Item = Result<RawDoc, DocError>> + Send>;

/// Bounds that keep a reader's memory and time in check on hostile input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest single document (a text or HTML file, a WARC page, a feed item,
    /// a JSONL line), in bytes. Bigger ones are an `Err` for that document:
    /// no news article is that long, and the later stages are not built for it.
    /// Default 32 MiB.
    pub max_doc_bytes: usize,
    /// Most bytes a gzip file may decompress to before it is treated as a bomb
    /// (`Err`). For WARC files it bounds each record instead, since real
    /// CC-NEWS files decompress to several GB and are streamed record by
    /// record. Default 512 MiB.
    pub max_decompressed_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_doc_bytes: 32 << 20,
            max_decompressed_bytes: 512 << 20,
        }
    }
}

/// What an input holds, as found by [`sniff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Html,
    Warc,
    Feed,
    Jsonl,
}

/// Reads a file, a directory (recursively, sorted, hidden entries skipped)
/// or `-` (standard input).
pub fn read_path(path: &Path, opts: &ReadOptions) -> DocIter {
    if path == Path::new("-") {
        return read_stdin(opts);
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Box::new(walk::Walk::new(path, opts)),
        Ok(_) => read_file(path, opts),
        Err(e) => input::fail(&path.display().to_string(), format!("cannot open: {e}")),
    }
}

/// Reads one file (not a directory).
pub(crate) fn read_file(path: &Path, opts: &ReadOptions) -> DocIter {
    let origin = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return input::fail(&origin, format!("cannot open: {e}")),
    };
    let size = file.metadata().ok().map(|m| m.len());
    input::read_stream(&origin, Box::new(file), size, Some(path), opts)
}

/// Reads an in-memory input; `origin` names it in documents and errors and,
/// when it looks like a file name, its extension breaks sniffing ties.
pub fn read_bytes(origin: &str, bytes: Vec<u8>, opts: &ReadOptions) -> DocIter {
    let size = bytes.len() as u64;
    let reader = Box::new(std::io::Cursor::new(bytes));
    input::read_stream(origin, reader, Some(size), Some(Path::new(origin)), opts)
}

/// Reads standard input (origin `-`), streaming like a file.
pub fn read_stdin(opts: &ReadOptions) -> DocIter {
    input::read_stream("-", Box::new(std::io::stdin()), None, None, opts)
}
