//! WARC 1.0/1.1 (Common Crawl CC-NEWS layout), read record by record from a
//! stream so multi-gigabyte files use memory for one record at a time.

use std::io::{self, BufRead, Read};

use backchannel_core::{DocError, Hints, RawBody, RawDoc};

use crate::charset::{charset_in, decode_html};
use crate::http::{html_payload, HtmlPayload};
use crate::limits::describe_io;

/// Longest header line and whole header block accepted.
const MAX_LINE: u64 = 64 * 1024;
const MAX_HEADER: usize = 256 * 1024;
/// Room for the HTTP headers on top of `max_doc_bytes` of body.
const HTTP_HEADER_ALLOWANCE: u64 = 256 * 1024;

/// The WARC header fields this reader uses.
#[derive(Debug, Default)]
struct RecordHeader {
    kind: String,
    /// The WARC-level `Content-Type` (of the block, not of the page).
    content_type: String,
    content_length: Option<u64>,
    target_uri: Option<String>,
    date: Option<String>,
}

pub struct WarcReader {
    r: Box<dyn BufRead + Send>,
    origin: String,
    record: usize,
    max_doc: usize,
    max_record: u64,
    line: Vec<u8>,
    done: bool,
}

/// What happened to one record.
enum Step {
    Doc(RawDoc),
    Skip,
    /// A problem confined to this record; reading goes on.
    Bad(String),
}

impl WarcReader {
    /// `max_record` bounds how much of one record is decompressed even when it
    /// is skipped: a record declaring more is treated as a bomb and ends the file.
    pub fn new(origin: &str, r: Box<dyn BufRead + Send>, max_doc: usize, max_record: u64) -> Self {
        WarcReader {
            r,
            origin: origin.to_owned(),
            record: 0,
            max_doc,
            max_record,
            line: Vec::new(),
            done: false,
        }
    }

    fn read_line(&mut self) -> io::Result<usize> {
        self.line.clear();
        (&mut self.r)
            .take(MAX_LINE)
            .read_until(b'\n', &mut self.line)
    }

    /// Reads the next record header; `Ok(None)` at a clean end of input.
    fn header(&mut self) -> Result<Option<RecordHeader>, String> {
        loop {
            let n = self.read_line().map_err(|e| describe_io(&e))?;
            if n == 0 {
                return Ok(None);
            }
            if !self.line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        if !self.line.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&self.line[..self.line.len().min(40)]).into_owned();
            return Err(format!(
                "expected a WARC/1.x record header, found {shown:?}"
            ));
        }
        let mut h = RecordHeader::default();
        let mut total = 0usize;
        loop {
            let n = self.read_line().map_err(|e| describe_io(&e))?;
            if n == 0 {
                return Err("input is truncated inside a record header".into());
            }
            total += n;
            if total > MAX_HEADER {
                return Err("record header is too long".into());
            }
            let line = String::from_utf8_lossy(&self.line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                return Ok(Some(h));
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => h.kind = value.to_ascii_lowercase(),
                "content-type" => h.content_type = value.to_ascii_lowercase(),
                "content-length" => h.content_length = value.parse().ok(),
                "warc-target-uri" => {
                    h.target_uri = Some(
                        value
                            .trim_start_matches('<')
                            .trim_end_matches('>')
                            .to_owned(),
                    )
                }
                "warc-date" => h.date = Some(value.to_owned()),
                _ => {}
            }
        }
    }

    /// Discards `len` bytes of record block.
    fn skip(&mut self, len: u64) -> Result<(), String> {
        let copied =
            io::copy(&mut (&mut self.r).take(len), &mut io::sink()).map_err(|e| describe_io(&e))?;
        if copied < len {
            return Err(format!(
                "input is truncated: record declares {len} bytes, only {copied} present"
            ));
        }
        Ok(())
    }

    /// Reads one record; `Err` is fatal (the stream cannot be resynchronised).
    fn step(&mut self, origin: &str) -> Result<Option<Step>, String> {
        let Some(h) = self.header()? else {
            return Ok(None);
        };
        let len = h
            .content_length
            .ok_or_else(|| "record has no valid Content-Length".to_string())?;
        if len > self.max_record {
            return Err(format!(
                "record declares {len} bytes, over the max_decompressed_bytes limit of {} bytes",
                self.max_record
            ));
        }
        // `resource` records (e.g. from browser-based archivers) hold the page
        // itself, without HTTP headers.
        let resource_html = h.kind == "resource" && h.content_type.contains("html");
        if h.kind != "response" && !resource_html {
            self.skip(len)?;
            return Ok(Some(Step::Skip));
        }
        if len > self.max_doc as u64 + HTTP_HEADER_ALLOWANCE {
            self.skip(len)?;
            return Ok(Some(Step::Bad(format!(
                "record block is {len} bytes, over the max_doc_bytes limit of {} bytes",
                self.max_doc
            ))));
        }
        let mut block = Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(1 << 20));
        (&mut self.r)
            .take(len)
            .read_to_end(&mut block)
            .map_err(|e| describe_io(&e))?;
        if (block.len() as u64) < len {
            return Err(format!(
                "input is truncated: record declares {len} bytes, only {} present",
                block.len()
            ));
        }
        let payload = if resource_html {
            let charset = charset_in(h.content_type.as_bytes());
            HtmlPayload {
                body: block,
                charset,
            }
        } else {
            match html_payload(&block, self.max_doc) {
                Ok(Some(p)) => p,
                Ok(None) => return Ok(Some(Step::Skip)),
                Err(reason) => return Ok(Some(Step::Bad(reason))),
            }
        };
        if payload.body.len() > self.max_doc {
            return Ok(Some(Step::Bad(format!(
                "page is {} bytes, over the max_doc_bytes limit of {} bytes",
                payload.body.len(),
                self.max_doc
            ))));
        }
        let html = decode_html(&payload.body, payload.charset.as_deref());
        let hints = Hints {
            url: h.target_uri,
            fetched: h.date.as_deref().and_then(date_part),
            ..Hints::default()
        };
        Ok(Some(Step::Doc(RawDoc {
            origin: origin.to_owned(),
            body: RawBody::Html(html),
            hints,
        })))
    }
}

/// `2016-08-26T07:00:15Z` → `2016-08-26` (only if it is an ISO date).
fn date_part(d: &str) -> Option<String> {
    let iso = crate::normalise_date(d)?;
    Some(iso.get(..10)?.to_owned())
}

impl Iterator for WarcReader {
    type Item = Result<RawDoc, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.record += 1;
            let origin = format!("{}#record {}", self.origin, self.record);
            match self.step(&origin) {
                Ok(None) => self.done = true,
                Ok(Some(Step::Skip)) => {}
                Ok(Some(Step::Doc(doc))) => return Some(Ok(doc)),
                Ok(Some(Step::Bad(reason))) => return Some(Err(DocError::new(origin, reason))),
                Err(reason) => {
                    self.done = true;
                    return Some(Err(DocError::new(origin, reason)));
                }
            }
        }
        None
    }
}
