//! The HTTP response inside a WARC `response` record: status, headers, and a
//! body undone from chunked transfer-encoding and gzip/deflate content-encoding.

use std::io::Read;

use crate::charset::{charset_in, find};
use crate::limits::{describe_io, read_capped, ReadCapped};

/// An HTML body ready for charset decoding.
pub struct HtmlPayload {
    pub body: Vec<u8>,
    /// The `charset` parameter of the HTTP `Content-Type`, if any.
    pub charset: Option<String>,
}

/// Largest HTTP header block accepted; real ones are a few KiB.
const MAX_HEADER: usize = 256 * 1024;

/// Parses an HTTP response. `Ok(None)` means "not an HTML page" (non-2xx
/// status, another media type, empty body): such records are skipped, not
/// errors. `Err` carries a reason for a response that cannot be read.
pub fn html_payload(block: &[u8], max_body: usize) -> Result<Option<HtmlPayload>, String> {
    let window = &block[..block.len().min(MAX_HEADER)];
    let (head_len, sep_len) = match (find(window, b"\r\n\r\n"), find(window, b"\n\n")) {
        (Some(a), Some(b)) if b < a => (b, 2),
        (Some(a), _) => (a, 4),
        (None, Some(b)) => (b, 2),
        (None, None) => return Err("malformed HTTP response: no end of headers".into()),
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status = status_code(lines.next().unwrap_or(""))
        .ok_or_else(|| "malformed HTTP response: bad status line".to_string())?;
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_ascii_lowercase()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    let mut body = block[head_len + sep_len..].to_vec();
    if body.is_empty() {
        return Ok(None);
    }
    if chunked {
        // Crawlers often store the body already de-chunked but keep the header,
        // so a body that does not parse as chunks is taken as it is.
        if let Some(plain) = dechunk(&body) {
            body = plain;
        }
    }
    if let Some(enc) = encoding.as_deref() {
        body = decode_content(body, enc, max_body)?;
    }
    let is_html = match content_type.as_deref() {
        Some(ct) => ct.contains("html"),
        None => crate::sniff::sniff(&body, None) == Some(crate::Format::Html),
    };
    if !is_html {
        return Ok(None);
    }
    let charset = content_type
        .as_deref()
        .and_then(|ct| charset_in(ct.as_bytes()));
    Ok(Some(HtmlPayload { body, charset }))
}

fn status_code(line: &str) -> Option<u16> {
    let mut parts = line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    parts.next()?.parse().ok()
}

/// Undoes `Content-Encoding`. A body that does not start like compressed data
/// is assumed to be stored decoded already (Common Crawl does this), and kept.
fn decode_content(body: Vec<u8>, encoding: &str, max_body: usize) -> Result<Vec<u8>, String> {
    let capped = |r: Box<dyn Read + '_>| {
        read_capped(r, max_body).map_err(|e| match e {
            ReadCapped::TooBig => {
                format!("decompressed payload exceeds the max_doc_bytes limit of {max_body} bytes")
            }
            ReadCapped::Io(e) => format!("cannot decode {encoding} payload: {}", describe_io(&e)),
        })
    };
    if encoding.contains("gzip") && body.starts_with(&[0x1F, 0x8B]) {
        return capped(Box::new(flate2::read::MultiGzDecoder::new(&body[..])));
    }
    if encoding.contains("deflate") && !looks_like_text(&body) {
        // HTTP "deflate" is meant to be zlib-wrapped, but raw deflate is common.
        let zlib = capped(Box::new(flate2::read::ZlibDecoder::new(&body[..])));
        return zlib.or_else(|_| capped(Box::new(flate2::read::DeflateDecoder::new(&body[..]))));
    }
    if looks_like_text(&body) || encoding.contains("identity") {
        return Ok(body);
    }
    Err(format!("unsupported content-encoding {encoding:?}"))
}

fn looks_like_text(body: &[u8]) -> bool {
    crate::sniff::sniff(&body[..body.len().min(4096)], None).is_some()
        && !body.starts_with(&[0x1F, 0x8B])
}

/// Joins the chunks of a chunked body; `None` if it is not well-formed.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(rest.len());
    loop {
        let eol = find(rest, b"\n")?;
        let line = std::str::from_utf8(&rest[..eol]).ok()?.trim();
        let size_text = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        let chunk = rest.get(..size)?;
        out.extend_from_slice(chunk);
        rest = &rest[size..];
        rest = rest.strip_prefix(b"\r").unwrap_or(rest);
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn plain_html_response() {
        let block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>caf\xe9</p>";
        let p = html_payload(block, 1 << 20)
            .expect("parses")
            .expect("is html");
        assert_eq!(p.body, b"<p>caf\xe9</p>");
        assert_eq!(p.charset.as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn non_html_and_redirects_are_skipped() {
        let img = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert!(html_payload(img, 1 << 20).expect("parses").is_none());
        let redirect =
            b"HTTP/1.1 301 Moved\r\nLocation: /x\r\nContent-Type: text/html\r\n\r\n<a>x</a>";
        assert!(html_payload(redirect, 1 << 20).expect("parses").is_none());
    }

    #[test]
    fn chunked_and_gzipped_body() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<html><body>Hello chunks</body></html>")
            .expect("mem");
        let gz = gz.finish().expect("mem");
        let (a, b) = gz.split_at(10);
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        for part in [a, b] {
            block.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            block.extend_from_slice(part);
            block.extend_from_slice(b"\r\n");
        }
        block.extend_from_slice(b"0\r\n\r\n");
        let p = html_payload(&block, 1 << 20)
            .expect("parses")
            .expect("html");
        assert_eq!(p.body, b"<html><body>Hello chunks</body></html>");
    }

    #[test]
    fn already_decoded_body_with_stale_headers_is_kept() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n<p>plain</p>";
        let p = html_payload(block, 1 << 20).expect("parses").expect("html");
        assert_eq!(p.body, b"<p>plain</p>");
    }

    #[test]
    fn payload_bomb_is_capped() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 2 << 20]).expect("mem");
        let gz = gz.finish().expect("mem");
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend_from_slice(&gz);
        let err = html_payload(&block, 1 << 20).err().expect("over the cap");
        assert!(err.contains("max_doc_bytes"), "{err}");
    }
}
