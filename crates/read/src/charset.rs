//! Turning bytes into UTF-8: BOMs, declared charsets, and the Windows-1252
//! fallback for text that is not valid UTF-8.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How far into an HTML page to look for `<meta charset>`. The HTML standard
/// says 1024 bytes; real pages put long scripts first, so look further.
const META_PRESCAN_BYTES: usize = 8192;

/// The encoding announced by a byte order mark, and the BOM's length.
pub fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((UTF_8, 3))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((UTF_16LE, 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((UTF_16BE, 2))
    } else {
        None
    }
}

/// Decodes plain text. A UTF-8 BOM is dropped; otherwise the text is kept
/// byte-for-byte (no newline changes) because a later stage maps offsets back
/// to the file as given.
///
/// Invalid UTF-8 is usually Windows-1252 (or Latin-1, which 1252 extends) from
/// older newsroom systems, so it is decoded as such instead of failing. The
/// exception is a file that is mostly good UTF-8 with a few stray bytes: decoding
/// that as 1252 would garble every accented letter, so it is decoded as UTF-8
/// with U+FFFD for the bad bytes.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((enc, len)) = bom(bytes) {
        return decode_with(enc, &bytes[len..]);
    }
    decode_undeclared(bytes)
}

/// Decodes bytes that carry no charset declaration: UTF-8 when valid, else
/// the mostly-UTF-8 / Windows-1252 choice described on [`decode_text`].
pub fn decode_undeclared(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) if mostly_utf8(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => decode_with(WINDOWS_1252, bytes),
    }
}

/// Decodes an HTML page following the browser order: BOM, then the transport
/// charset (HTTP `Content-Type`), then `<meta charset>` in the head, else the
/// undeclared fallback. A page declared UTF-8 that is not valid UTF-8 gets the
/// fallback too, since the declaration is evidently wrong.
pub fn decode_html(bytes: &[u8], transport_charset: Option<&str>) -> String {
    if let Some((enc, len)) = bom(bytes) {
        return decode_with(enc, &bytes[len..]);
    }
    let declared = transport_charset
        .and_then(label_to_encoding)
        .or_else(|| meta_charset(bytes).and_then(|l| label_to_encoding(&l)));
    match declared {
        Some(enc) if enc == UTF_8 => decode_undeclared(bytes),
        Some(enc) => decode_with(enc, bytes),
        None => decode_undeclared(bytes),
    }
}

/// Maps a charset label to an encoding the way browsers do: a page cannot
/// declare itself UTF-16 in ASCII, so such a label means UTF-8, and the
/// `x-user-defined` label is treated as Windows-1252.
pub fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    if enc == UTF_16LE || enc == UTF_16BE {
        Some(UTF_8)
    } else if enc == encoding_rs::X_USER_DEFINED || enc == encoding_rs::REPLACEMENT {
        Some(WINDOWS_1252)
    } else {
        Some(enc)
    }
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> String {
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// True when valid multi-byte UTF-8 sequences outnumber the invalid bytes,
/// i.e. the file is UTF-8 with some damage rather than a legacy encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut good_multibyte = 0usize;
    let mut bad = 0usize;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good_multibyte += s.chars().filter(|c| c.len_utf8() > 1).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // `valid` is UTF-8 by construction; count its multi-byte chars.
                good_multibyte += std::str::from_utf8(valid)
                    .map(|s| s.chars().filter(|c| c.len_utf8() > 1).count())
                    .unwrap_or(0);
                bad += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = after.get(skip..).unwrap_or(&[]);
            }
        }
    }
    good_multibyte > bad
}

/// Finds the charset label in the first `<meta>` tag of the head that names
/// one, either `<meta charset="x">` or the `http-equiv` form whose content
/// says `text/html; charset=x`.
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        if let Some(label) = charset_in(&lower[start..end]) {
            return Some(label);
        }
        from = end;
    }
    None
}

/// Reads `charset = label` (quotes optional) out of a tag's attribute text.
pub fn charset_in(attrs: &[u8]) -> Option<String> {
    let pos = find(attrs, b"charset")?;
    let mut rest = attrs[pos + 7..]
        .iter()
        .copied()
        .skip_while(|b| b.is_ascii_whitespace());
    if rest.next() != Some(b'=') {
        return None;
    }
    let label: Vec<u8> = rest
        .skip_while(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        .collect();
    if label.is_empty() {
        None
    } else {
        String::from_utf8(label).ok()
    }
}

/// Position of `needle` in `hay` (naive search; inputs here are a few KiB).
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_text_is_kept_byte_for_byte_minus_bom() {
        let s = "caf\u{e9}\r\nline two\n";
        assert_eq!(decode_text(s.as_bytes()), s);
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode_text(&with_bom), s);
    }

    #[test]
    fn latin1_text_decodes_as_1252() {
        // "café “quoted”" in Windows-1252.
        let bytes = b"caf\xe9 \x93quoted\x94";
        assert_eq!(decode_text(bytes), "caf\u{e9} \u{201c}quoted\u{201d}");
    }

    #[test]
    fn mostly_utf8_with_a_stray_byte_stays_utf8() {
        let mut bytes = "na\u{ef}ve caf\u{e9} r\u{e9}sum\u{e9} ".as_bytes().to_vec();
        bytes.push(0xFF);
        let out = decode_text(&bytes);
        assert!(out.starts_with("na\u{ef}ve caf\u{e9}"));
        assert!(out.ends_with('\u{fffd}'));
    }

    #[test]
    fn html_meta_charset_is_honoured() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        assert!(decode_html(page, None).contains("caf\u{e9}"));
        let equiv =
            b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>\xc0";
        assert!(decode_html(equiv, None).ends_with('\u{410}'));
    }

    #[test]
    fn transport_charset_beats_meta_and_bom_beats_both() {
        let page = b"<meta charset=utf-8>caf\xe9";
        assert!(decode_html(page, Some("iso-8859-1")).ends_with("caf\u{e9}"));
        let mut bom_page = vec![0xEF, 0xBB, 0xBF];
        bom_page.extend_from_slice("<p>\u{e9}</p>".as_bytes());
        assert_eq!(decode_html(&bom_page, Some("iso-8859-1")), "<p>\u{e9}</p>");
    }

    #[test]
    fn html_declared_utf8_but_not_falls_back() {
        let page = b"<meta charset=\"utf-8\"><p>caf\xe9</p>";
        assert!(decode_html(page, None).contains("caf\u{e9}"));
    }
}
