//! Content sniffing: which reader an input needs, judged from its first bytes,
//! with the file extension only as a tie-breaker for weak evidence.

use std::io::Read;
use std::path::Path;

use crate::charset::bom;
use crate::Format;

/// Signatures of common binary formats that can otherwise look like text in
/// their first bytes (PDF starts with ASCII, for one).
const BINARY_MAGIC: &[&[u8]] = &[
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xFF\xD8\xFF",
    b"\x7FELF",
    b"\xFD7zXZ",
    b"Rar!",
    b"7z\xBC\xAF",
    b"OggS",
    b"\x28\xB5\x2F\xFD",
    b"SQLite format 3",
];

/// HTML elements that may open a page or fragment.
const HTML_STARTS: &[&str] = &[
    "html",
    "head",
    "body",
    "meta",
    "title",
    "div",
    "p",
    "article",
    "section",
    "main",
    "span",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "br",
    "a",
    "link",
    "script",
    "style",
    "header",
    "nav",
    "footer",
    "b",
    "i",
    "em",
    "strong",
    "font",
    "center",
    "img",
    "figure",
    "blockquote",
    "pre",
    "form",
    "base",
];

/// Guesses the format from the first bytes of an input (a few KiB is plenty).
/// `None` means binary or unrecognisable. Gzip input is looked into: the answer
/// is the format of the decompressed content.
pub fn sniff(head: &[u8], path_hint: Option<&Path>) -> Option<Format> {
    if head.starts_with(&[0x1F, 0x8B]) {
        let inner = gunzip_prefix(head);
        let hint = path_hint.map(strip_gz);
        return if inner.is_empty() {
            None
        } else {
            sniff(&inner, hint.as_deref())
        };
    }
    if let Some((enc, len)) = bom(head) {
        if enc != encoding_rs::UTF_8 {
            let (text, _) = enc.decode_without_bom_handling(&head[len..]);
            return sniff_text(text.as_bytes(), path_hint);
        }
        return sniff_text(&head[len..], path_hint);
    }
    if head.starts_with(b"WARC/") {
        return Some(Format::Warc);
    }
    if looks_binary(head) {
        return None;
    }
    sniff_text(head, path_hint)
}

fn sniff_text(head: &[u8], path_hint: Option<&Path>) -> Option<Format> {
    if head.starts_with(b"WARC/") {
        return Some(Format::Warc);
    }
    let ext = extension(path_hint);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |p| &head[p..]);
    match start.first() {
        None => Some(Format::Text),
        Some(b'{') => Some(Format::Jsonl),
        Some(b'<') => Some(markup_format(start, &ext)),
        Some(_) if matches!(ext.as_str(), "html" | "htm" | "xhtml") => Some(Format::Html),
        Some(_) if matches!(ext.as_str(), "jsonl" | "ndjson") => Some(Format::Jsonl),
        Some(_) => Some(Format::Text),
    }
}

/// Decides between feed, HTML and text by the first element: skips the XML
/// declaration, processing instructions, comments and doctype.
fn markup_format(mut s: &[u8], ext: &str) -> Format {
    loop {
        s = trim_start(s);
        if s.starts_with(b"<?") {
            match crate::charset::find(s, b"?>") {
                Some(end) => s = &s[end + 2..],
                None => return Format::Html,
            }
        } else if s.starts_with(b"<!--") {
            match crate::charset::find(s, b"-->") {
                Some(end) => s = &s[end + 3..],
                None => return fallback(ext),
            }
        } else if s.len() >= 9 && s[..9].eq_ignore_ascii_case(b"<!doctype") {
            let end = s.iter().position(|&b| b == b'>').unwrap_or(s.len());
            if s[..end]
                .to_ascii_lowercase()
                .windows(4)
                .any(|w| w == b"html")
            {
                return Format::Html;
            }
            s = s.get(end + 1..).unwrap_or(&[]);
        } else {
            break;
        }
    }
    let Some(rest) = s.strip_prefix(b"<") else {
        return fallback(ext);
    };
    let name: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_'))
        .map(u8::to_ascii_lowercase)
        .collect();
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(&[]);
    if local == b"rss" || local == b"feed" || local == b"rdf" {
        return Format::Feed;
    }
    if name.is_empty() {
        return fallback(ext);
    }
    let known_html = std::str::from_utf8(&name)
        .map(|n| HTML_STARTS.contains(&n))
        .unwrap_or(false);
    if known_html || matches!(ext, "html" | "htm" | "xhtml") {
        Format::Html
    } else if matches!(ext, "txt" | "text") {
        Format::Text
    } else {
        // Some other XML or tag soup: the HTML cleaner will still find its text.
        Format::Html
    }
}

fn fallback(ext: &str) -> Format {
    if matches!(ext, "html" | "htm" | "xhtml") {
        Format::Html
    } else {
        Format::Text
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let p = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    &s[p..]
}

/// Binary if it carries a known binary signature, a NUL byte, or more than a
/// few C0 control characters that text never uses.
fn looks_binary(head: &[u8]) -> bool {
    if BINARY_MAGIC.iter().any(|m| head.starts_with(m)) {
        return true;
    }
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    controls > 8 && controls * 100 > head.len()
}

/// Decompresses as much of a gzip prefix as is available (the prefix is cut
/// mid-stream, so the decoder's final error is expected and ignored).
fn gunzip_prefix(head: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(head).take(64 * 1024);
    let mut buf = [0u8; 4096];
    loop {
        match dec.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}

fn extension(path: Option<&Path>) -> String {
    path.and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// `x.warc.gz` → `x.warc`, so the inner extension can break ties.
fn strip_gz(p: &Path) -> std::path::PathBuf {
    match extension(Some(p)).as_str() {
        "gz" | "gzip" => p.with_extension(""),
        _ => p.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_content() {
        assert_eq!(sniff(b"WARC/1.0\r\n", None), Some(Format::Warc));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", None),
            Some(Format::Feed)
        );
        assert_eq!(
            sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", None),
            Some(Format::Feed)
        );
        assert_eq!(
            sniff(b"<rdf:RDF xmlns:rdf=\"x\">", None),
            Some(Format::Feed)
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>", None), Some(Format::Html));
        assert_eq!(sniff(b"  <div>hi</div>", None), Some(Format::Html));
        assert_eq!(sniff(b"{\"text\": \"x\"}\n", None), Some(Format::Jsonl));
        assert_eq!(sniff(b"WASHINGTON (AP) -- Talks", None), Some(Format::Text));
        assert_eq!(sniff(b"<<< BREAKING >>>", None), Some(Format::Text));
    }

    #[test]
    fn extension_breaks_ties_only() {
        let html = Path::new("page.html");
        assert_eq!(sniff(b"Hello <b>there</b>", Some(html)), Some(Format::Html));
        // Content wins over a misleading extension.
        assert_eq!(sniff(b"WARC/1.1\r\n", Some(html)), Some(Format::Warc));
        assert_eq!(
            sniff(b"<rss>", Some(Path::new("x.txt"))),
            Some(Format::Feed)
        );
    }

    #[test]
    fn binary_is_none() {
        assert_eq!(sniff(b"%PDF-1.7\n", None), None);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0", None), None);
        assert_eq!(sniff(b"abc\0def", None), None);
        let noise: Vec<u8> = (0..200u8).map(|i| i % 32).collect();
        assert_eq!(sniff(&noise, None), None);
    }

    #[test]
    fn gzip_is_looked_into() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n")
            .expect("in-memory write");
        let gz = enc.finish().expect("in-memory gzip");
        assert_eq!(sniff(&gz, None), Some(Format::Warc));
    }

    #[test]
    fn utf16_with_bom_is_text() {
        let bytes = [0xFF, 0xFE, b'H', 0, b'i', 0];
        assert_eq!(sniff(&bytes, None), Some(Format::Text));
    }
}
