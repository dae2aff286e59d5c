//! A forgiving, allocation-free HTML tokenizer over `&str`.
//!
//! It yields start tags (attributes into a reused buffer), end tags, text and
//! the raw content of script/style/title-like elements. It never recurses,
//! never backtracks more than one tag, and treats anything malformed as text
//! or skips it, so any input is tokenized in linear time.

use memchr::{memchr, memmem};

/// One attribute of the last start tag, with its raw (undecoded) value.
#[derive(Debug, Clone, Copy)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// Character data (entities not decoded) starting at byte `at`.
    Text {
        text: &'a str,
        at: usize,
    },
    /// A start tag; its attributes are in the buffer passed to `next`.
    Start {
        name: &'a str,
        self_closing: bool,
    },
    End {
        name: &'a str,
    },
    /// The content of a raw-text element (script, style, title, textarea…).
    Raw {
        name: &'a str,
        text: &'a str,
        at: usize,
    },
}

/// Elements whose content is not markup.
fn is_raw(name: &str) -> bool {
    [
        "script",
        "style",
        "title",
        "textarea",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    ]
    .iter()
    .any(|r| name.eq_ignore_ascii_case(r))
}

pub struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Set after a raw-text start tag: the next token is its content.
    raw: Option<&'a str>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(src: &'a str) -> Self {
        Tokenizer {
            src,
            pos: 0,
            raw: None,
        }
    }

    /// The next token, filling `attrs` for start tags; `None` at the end.
    pub fn next(&mut self, attrs: &mut Vec<Attr<'a>>) -> Option<Token<'a>> {
        let b = self.src.as_bytes();
        if let Some(name) = self.raw.take() {
            let start = self.pos;
            let end = self.find_close(name);
            self.pos = end;
            if end > start {
                return Some(Token::Raw {
                    name,
                    text: &self.src[start..end],
                    at: start,
                });
            }
        }
        while self.pos < b.len() {
            let start = self.pos;
            if b[start] != b'<' {
                let end = memchr(b'<', &b[start..]).map_or(b.len(), |i| start + i);
                self.pos = end;
                return Some(Token::Text {
                    text: &self.src[start..end],
                    at: start,
                });
            }
            match b.get(start + 1) {
                Some(c) if c.is_ascii_alphabetic() => return Some(self.start_tag(attrs)),
                Some(b'/') if b.get(start + 2).is_some_and(u8::is_ascii_alphabetic) => {
                    let name_end = self.name_end(start + 2);
                    let name = &self.src[start + 2..name_end];
                    self.pos = memchr(b'>', &b[name_end..]).map_or(b.len(), |i| name_end + i + 1);
                    return Some(Token::End { name });
                }
                Some(b'!') if b[start..].starts_with(b"<!--") => {
                    self.pos = memmem::find(&b[start + 4..], b"-->")
                        .map_or(b.len(), |i| start + 4 + i + 3);
                }
                Some(b'!') | Some(b'?') | Some(b'/') => {
                    // Doctype, CDATA, processing instruction, bogus comment: skip to '>'.
                    self.pos = memchr(b'>', &b[start..]).map_or(b.len(), |i| start + i + 1);
                }
                _ => {
                    // A lone '<' is text.
                    self.pos = start + 1;
                    return Some(Token::Text {
                        text: &self.src[start..start + 1],
                        at: start,
                    });
                }
            }
        }
        None
    }

    fn name_end(&self, mut i: usize) -> usize {
        let b = self.src.as_bytes();
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            i += 1;
        }
        i
    }

    fn start_tag(&mut self, attrs: &mut Vec<Attr<'a>>) -> Token<'a> {
        attrs.clear();
        let b = self.src.as_bytes();
        let name_end = self.name_end(self.pos + 1);
        let name = &self.src[self.pos + 1..name_end];
        let mut i = name_end;
        let mut self_closing = false;
        loop {
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/') {
                self_closing = b[i] == b'/';
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            self_closing = false;
            let an_start = i;
            i += 1; // an attribute name may start with any char, even '='
            while i < b.len()
                && !matches!(
                    b[i],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            let an = &self.src[an_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let vs = i + 1;
                        let ve = memchr(q, &b[vs..]).map_or(b.len(), |k| vs + k);
                        i = (ve + 1).min(b.len());
                        &self.src[vs..ve]
                    }
                    _ => {
                        let vs = i;
                        while i < b.len()
                            && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                        {
                            i += 1;
                        }
                        &self.src[vs..i]
                    }
                }
            } else {
                ""
            };
            attrs.push(Attr { name: an, value });
        }
        self.pos = i;
        if is_raw(name) && !self_closing {
            self.raw = Some(name);
        }
        Token::Start { name, self_closing }
    }

    /// Byte offset of the `</name` that closes a raw-text element (or the end).
    fn find_close(&self, name: &str) -> usize {
        let b = self.src.as_bytes();
        let n = name.len();
        let mut i = self.pos;
        while let Some(k) = memchr(b'<', &b[i..]) {
            let at = i + k;
            if b.get(at + 1) == Some(&b'/')
                && b.get(at + 2..at + 2 + n)
                    .is_some_and(|s| s.eq_ignore_ascii_case(name.as_bytes()))
                && b.get(at + 2 + n).is_none_or(|c| {
                    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
                })
            {
                return at;
            }
            i = at + 1;
        }
        b.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(src: &str) -> Vec<String> {
        let mut t = Tokenizer::new(src);
        let mut attrs = Vec::new();
        let mut out = Vec::new();
        while let Some(tok) = t.next(&mut attrs) {
            out.push(match tok {
                Token::Text { text, .. } => format!("T:{text}"),
                Token::Start { name, self_closing } => {
                    let a: Vec<String> = attrs
                        .iter()
                        .map(|a| format!("{}={}", a.name, a.value))
                        .collect();
                    format!(
                        "S:{name}[{}]{}",
                        a.join(","),
                        if self_closing { "/" } else { "" }
                    )
                }
                Token::End { name } => format!("E:{name}"),
                Token::Raw { name, text, .. } => format!("R:{name}:{text}"),
            });
        }
        out
    }

    #[test]
    fn tags_attrs_text() {
        assert_eq!(
            all("<p class=\"a b\" id=x data-y='1 > 2' hidden>Hi &amp; <b>you</b></p>"),
            [
                "S:p[class=a b,id=x,data-y=1 > 2,hidden=]",
                "T:Hi &amp; ",
                "S:b[]",
                "T:you",
                "E:b",
                "E:p"
            ]
        );
    }

    #[test]
    fn raw_comments_and_junk() {
        assert_eq!(
            all("<!DOCTYPE html><!-- c <p> --><script>if (a<b) {}</script>x < y<br/>"),
            [
                "S:script[]",
                "R:script:if (a<b) {}",
                "E:script",
                "T:x ",
                "T:<",
                "T: y",
                "S:br[]/"
            ]
        );
    }

    #[test]
    fn truncated_input_ends() {
        assert_eq!(all("<p class=\"unterminated"), ["S:p[class=unterminated]"]);
        assert_eq!(all("text <!-- open"), ["T:text "]);
        assert_eq!(
            all("<script>never closed"),
            ["S:script[]", "R:script:never closed"]
        );
        assert_eq!(all("<"), ["T:<"]);
    }
}
