//! From a byte stream to the right reader: peek at the head, undo gzip, sniff,
//! pick the charset handling, and hand over to the format's reader.

use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;

use backchannel_core::{DocError, RawBody, RawDoc};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::charset::{bom, charset_in, decode_html, decode_text, find, label_to_encoding};
use crate::feed::FeedReader;
use crate::jsonl::JsonlReader;
use crate::limits::{describe_io, read_capped, CapReader, ReadCapped};
use crate::transcode::Utf8Reader;
use crate::warc::WarcReader;
use crate::{sniff, DocIter, Format, ReadOptions};

/// How much of an input is looked at before choosing a reader.
const HEAD_BYTES: usize = 8192;
const BUF_BYTES: usize = 64 * 1024;

type Stream = Box<dyn Read + Send>;

/// A stream that yields a single error.
pub fn fail(origin: &str, reason: String) -> DocIter {
    Box::new(std::iter::once(Err(DocError::new(origin, reason))))
}

/// Reads one input of any supported format. `size` is the on-disk size when
/// known; `hint` a path whose extension may break sniffing ties.
pub fn read_stream(
    origin: &str,
    raw: Stream,
    size: Option<u64>,
    hint: Option<&Path>,
    opts: &ReadOptions,
) -> DocIter {
    match open(origin, raw, size, hint, opts) {
        Ok(it) => it,
        Err(reason) => fail(origin, reason),
    }
}

fn open(
    origin: &str,
    mut raw: Stream,
    size: Option<u64>,
    hint: Option<&Path>,
    opts: &ReadOptions,
) -> Result<DocIter, String> {
    let (head, deferred) = read_head(&mut raw).map_err(|e| describe_io(&e))?;
    if head.is_empty() {
        return Err("empty file".into());
    }
    if !head.starts_with(&[0x1F, 0x8B]) {
        let format =
            sniff(&head, hint).ok_or("binary file (not text, HTML, WARC, feed or JSONL)")?;
        let stream = replay(head.clone(), deferred, raw);
        return Ok(dispatch(origin, format, &head, stream, size, opts));
    }
    let raw = replay(head, deferred, raw);
    let mut gz = flate2::read::MultiGzDecoder::new(raw);
    let (head, deferred) = read_head(&mut gz).map_err(|e| format!("gzip: {}", describe_io(&e)))?;
    if head.is_empty() {
        return Err("empty file (after gzip decompression)".into());
    }
    let format = sniff(&head, hint)
        .ok_or("binary file inside gzip (not text, HTML, WARC, feed or JSONL)")?;
    let rest: Stream = if format == Format::Warc {
        Box::new(gz) // bounded per record by the WARC reader instead
    } else {
        let room = opts
            .max_decompressed_bytes
            .saturating_sub(head.len() as u64);
        let note = " after gzip decompression (possible gzip bomb)";
        Box::new(CapReader::new(gz, room, "max_decompressed_bytes", note))
    };
    let stream = replay(head.clone(), deferred, rest);
    Ok(dispatch(origin, format, &head, stream, None, opts))
}

fn dispatch(
    origin: &str,
    format: Format,
    head: &[u8],
    stream: Stream,
    size: Option<u64>,
    opts: &ReadOptions,
) -> DocIter {
    match format {
        Format::Text | Format::Html => match whole_doc(origin, format, stream, size, opts) {
            Ok(doc) => Box::new(std::iter::once(Ok(doc))),
            Err(reason) => fail(origin, reason),
        },
        Format::Warc => {
            let r = Box::new(BufReader::with_capacity(BUF_BYTES, stream));
            Box::new(WarcReader::new(
                origin,
                r,
                opts.max_doc_bytes,
                opts.max_decompressed_bytes,
            ))
        }
        Format::Feed => {
            // The XML parser buffers a whole text node, so even an uncompressed
            // feed gets a ceiling; no real feed comes near it.
            let capped = CapReader::new(
                stream,
                opts.max_decompressed_bytes,
                "max_decompressed_bytes",
                "",
            );
            let utf8 = Utf8Reader::new(capped, xml_encoding(head));
            let r = Box::new(BufReader::with_capacity(BUF_BYTES, utf8));
            Box::new(FeedReader::new(origin, r, opts.max_doc_bytes))
        }
        Format::Jsonl => {
            let r: Box<dyn io::BufRead + Send> = match bom(head) {
                Some((enc, _)) if enc != UTF_8 => Box::new(BufReader::with_capacity(
                    BUF_BYTES,
                    Utf8Reader::new(stream, enc),
                )),
                _ => Box::new(BufReader::with_capacity(BUF_BYTES, stream)),
            };
            Box::new(JsonlReader::new(origin, r, opts.max_doc_bytes))
        }
    }
}

/// Reads a text or HTML file whole, refusing files over `max_doc_bytes`
/// before reading them when their size is known.
fn whole_doc(
    origin: &str,
    format: Format,
    stream: Stream,
    size: Option<u64>,
    opts: &ReadOptions,
) -> Result<RawDoc, String> {
    let max = opts.max_doc_bytes;
    let too_big = |size: Option<u64>| match size {
        Some(s) => format!("file is {s} bytes, over the max_doc_bytes limit of {max} bytes"),
        None => format!("document is over the max_doc_bytes limit of {max} bytes"),
    };
    if size.is_some_and(|s| s > max as u64) {
        return Err(too_big(size));
    }
    let bytes = read_capped(stream, max).map_err(|e| match e {
        ReadCapped::TooBig => too_big(None),
        ReadCapped::Io(e) => describe_io(&e),
    })?;
    let (body, empty) = match format {
        Format::Html => {
            let s = decode_html(&bytes, None);
            let empty = s.trim().is_empty();
            (RawBody::Html(s), empty)
        }
        _ => {
            let s = decode_text(&bytes);
            let empty = s.trim().is_empty();
            (RawBody::Text(s), empty)
        }
    };
    if empty {
        return Err("empty file (only whitespace)".into());
    }
    Ok(RawDoc {
        origin: origin.to_owned(),
        body,
        hints: Default::default(),
    })
}

/// The encoding of an XML document: BOM, else the `<?xml encoding=…?>`
/// declaration, else UTF-8 when the head is valid UTF-8, else Windows-1252.
fn xml_encoding(head: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = bom(head) {
        return enc;
    }
    if head.starts_with(b"<?xml") {
        let end = find(head, b"?>").unwrap_or(head.len());
        let decl = head[..end].to_ascii_lowercase();
        if let Some(pos) = find(&decl, b"encoding") {
            // Reuse the `charset=` reader by presenting the value the same way.
            let mut probe = b"charset".to_vec();
            probe.extend_from_slice(&decl[pos + 8..]);
            if let Some(enc) = charset_in(&probe).and_then(|l| label_to_encoding(&l)) {
                return enc;
            }
        }
    }
    match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        // A multi-byte character cut by the head boundary is not an error.
        Err(e) if e.error_len().is_none() => UTF_8,
        Err(_) => WINDOWS_1252,
    }
}

/// Reads up to [`HEAD_BYTES`] (fewer only at end of input). An error after
/// some bytes arrived is kept for later, so a truncated input still yields
/// the documents before the damage; the error is replayed where it occurred.
fn read_head(r: &mut dyn Read) -> io::Result<(Vec<u8>, Option<io::Error>)> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut buf = [0u8; 4096];
    while head.len() < HEAD_BYTES {
        let want = (HEAD_BYTES - head.len()).min(buf.len());
        match r.read(&mut buf[..want]) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if head.is_empty() => return Err(e),
            Err(e) => return Ok((head, Some(e))),
        }
    }
    Ok((head, None))
}

/// The head again, followed by the deferred error or the rest of the stream.
fn replay(head: Vec<u8>, deferred: Option<io::Error>, rest: Stream) -> Stream {
    match deferred {
        Some(e) => Box::new(Cursor::new(head).chain(FailOnce(Some(e)))),
        None => Box::new(Cursor::new(head).chain(rest)),
    }
}

/// A reader whose first read fails with a stored error, then reports EOF.
struct FailOnce(Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}
