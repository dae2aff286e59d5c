//! Decoding character references (`&amp;`, `&#8217;`, `&rsquo;`) into a paragraph.
//!
//! Only the entities news pages actually use are named here; an unknown name
//! is kept as literal text, which is what a browser shows for it anyway.

use crate::para::ParaBuilder;

/// Named entities common in news markup.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("euro", '€'),
    ("pound", '£'),
    ("yen", '¥'),
    ("cent", '¢'),
    ("sect", '§'),
    ("para", '¶'),
    ("times", '×'),
    ("divide", '÷'),
    ("plusmn", '±'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("prime", '′'),
    ("Prime", '″'),
    ("shy", '\u{ad}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
    ("thinsp", '\u{2009}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("aacute", 'á'),
    ("eacute", 'é'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("Aacute", 'Á'),
    ("Eacute", 'É'),
    ("Iacute", 'Í'),
    ("Oacute", 'Ó'),
    ("Uacute", 'Ú'),
    ("agrave", 'à'),
    ("egrave", 'è'),
    ("ograve", 'ò'),
    ("Agrave", 'À'),
    ("Egrave", 'È'),
    ("acirc", 'â'),
    ("ecirc", 'ê'),
    ("icirc", 'î'),
    ("ocirc", 'ô'),
    ("ucirc", 'û'),
    ("auml", 'ä'),
    ("euml", 'ë'),
    ("iuml", 'ï'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("Auml", 'Ä'),
    ("Ouml", 'Ö'),
    ("Uuml", 'Ü'),
    ("szlig", 'ß'),
    ("ntilde", 'ñ'),
    ("Ntilde", 'Ñ'),
    ("ccedil", 'ç'),
    ("Ccedil", 'Ç'),
    ("atilde", 'ã'),
    ("otilde", 'õ'),
    ("aring", 'å'),
    ("Aring", 'Å'),
    ("aelig", 'æ'),
    ("oslash", 'ø'),
    ("Oslash", 'Ø'),
];

/// C1 controls in numeric references mean windows-1252 chars (HTML spec).
const CP1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The char a reference at the start of `s` (just after '&') stands for, and
/// how many bytes of `s` it used (including a ';').
pub fn reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut end = start;
        while end < b.len()
            && end - start < 8
            && (if hex {
                b[end].is_ascii_hexdigit()
            } else {
                b[end].is_ascii_digit()
            })
        {
            end += 1;
        }
        if end == start {
            return None;
        }
        let v = u32::from_str_radix(&s[start..end], if hex { 16 } else { 10 }).ok()?;
        let c = match v {
            0x80..=0x9f => CP1252[(v - 0x80) as usize],
            0 => '\u{fffd}',
            _ => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        let used = end + usize::from(b.get(end) == Some(&b';'));
        return Some((c, used));
    }
    let mut end = 0;
    while end < b.len() && end < 10 && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    let name = &s[..end];
    let c = NAMED.iter().find(|(n, _)| *n == name)?.1;
    Some((c, end + usize::from(b.get(end) == Some(&b';'))))
}

/// Push source text starting at byte `at`, decoding references.
pub fn push_decoded(b: &mut ParaBuilder, text: &str, at: usize) {
    let mut run = 0;
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'&', &text.as_bytes()[i..]) {
        let amp = i + k;
        match reference(&text[amp + 1..]) {
            Some((c, used)) => {
                b.push_str(&text[run..amp], at + run);
                b.push_char(c, at + amp);
                i = amp + 1 + used;
                run = i;
            }
            None => i = amp + 1,
        }
    }
    b.push_str(&text[run..], at + run);
}

/// Decode references in an attribute value or title into a plain string.
pub fn decode(text: &str) -> String {
    let mut b = ParaBuilder::default();
    push_decoded(&mut b, text, 0);
    b.take().map(|p| p.text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_common_references() {
        assert_eq!(
            decode("Trump&#8217;s &ldquo;deal&rdquo; &amp; more&nbsp;text"),
            "Trump’s “deal” & more text"
        );
        assert_eq!(decode("&#x2014; &#150; &#39;"), "— – '");
        assert_eq!(decode("AT&T &unknown; & done"), "AT&T &unknown; & done");
    }
}
