//! JSON Lines: one document per non-blank line, read lazily in input order.

use std::io::{self, BufRead, Read};

use backchannel_core::{DocError, Hints, RawBody, RawDoc};
use serde_json::{Map, Value};

use crate::charset::decode_undeclared;
use crate::limits::describe_io;
use crate::normalise_date;

pub struct JsonlReader {
    r: Box<dyn BufRead + Send>,
    origin: String,
    line_no: usize,
    max_doc: usize,
    line: Vec<u8>,
    /// Whether a non-blank line has been seen yet.
    seen_content: bool,
    done: bool,
}

impl JsonlReader {
    pub fn new(origin: &str, r: Box<dyn BufRead + Send>, max_doc: usize) -> Self {
        JsonlReader {
            r,
            origin: origin.to_owned(),
            line_no: 0,
            max_doc,
            line: Vec::new(),
            seen_content: false,
            done: false,
        }
    }

    /// Reads one line of at most `max_doc` bytes; a longer line is consumed
    /// without being kept. Returns (bytes read, whether it was too long).
    fn read_line(&mut self) -> io::Result<(usize, bool)> {
        self.line.clear();
        let limit = self.max_doc as u64 + 1;
        let n = (&mut self.r)
            .take(limit)
            .read_until(b'\n', &mut self.line)?;
        if self.line.len() as u64 >= limit && self.line.last() != Some(&b'\n') {
            // Too long: drain the rest of the line in bounded steps.
            self.line.clear();
            let mut total = n;
            loop {
                let buf = self.r.fill_buf()?;
                if buf.is_empty() {
                    break;
                }
                match buf.iter().position(|&b| b == b'\n') {
                    Some(p) => {
                        self.r.consume(p + 1);
                        total += p + 1;
                        break;
                    }
                    None => {
                        let len = buf.len();
                        self.r.consume(len);
                        total += len;
                    }
                }
            }
            return Ok((total, true));
        }
        Ok((n, false))
    }
}

impl Iterator for JsonlReader {
    type Item = Result<RawDoc, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line_no += 1;
            let origin = format!("{}#line {}", self.origin, self.line_no);
            let (n, too_long) = match self.read_line() {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Some(Err(DocError::new(origin, describe_io(&e))));
                }
            };
            if n == 0 {
                self.done = true;
                break;
            }
            if too_long {
                let reason = format!(
                    "line is longer than the max_doc_bytes limit of {} bytes",
                    self.max_doc
                );
                return Some(Err(DocError::new(origin, reason)));
            }
            let mut bytes = &self.line[..];
            if self.line_no == 1 {
                bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
            }
            let text = decode_undeclared(bytes);
            if text.trim().is_empty() {
                continue;
            }
            if !self.seen_content && matches!(text.trim(), "{" | "[") {
                // A pretty-printed JSON document: every line would fail alone.
                self.done = true;
                let reason =
                    "this is a multi-line JSON document, not JSON Lines (one object per line)";
                return Some(Err(DocError::new(self.origin.clone(), reason)));
            }
            self.seen_content = true;
            return Some(
                parse_line(&text)
                    .map_err(|reason| DocError::new(origin.clone(), reason))
                    .map(|(body, hints)| RawDoc {
                        origin,
                        body,
                        hints,
                    }),
            );
        }
        None
    }
}

/// Turns one JSON object into a text body and hints.
fn parse_line(line: &str) -> Result<(RawBody, Hints), String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(obj) = value else {
        return Err("line is not a JSON object".into());
    };
    let text = match obj.get("text") {
        Some(Value::String(s)) if s.trim().is_empty() => {
            return Err("field \"text\" is empty".into())
        }
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err("field \"text\" is not a string".into()),
        None => return Err("missing required field \"text\"".into()),
    };
    let hints = Hints {
        url: string_field(&obj, "url"),
        title: string_field(&obj, "title"),
        outlet: string_field(&obj, "outlet"),
        published: string_field(&obj, "published").and_then(|d| normalise_date(&d)),
        fetched: None,
        author: string_field(&obj, "author"),
    };
    Ok((RawBody::Text(text), hints))
}

fn string_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_map_to_hints() {
        let (body, hints) = parse_line(
            r#"{"text":"Body.","title":"T","url":"https://x.example/a","outlet":"X","published":"2021-02-22","author":"A B","extra":1}"#,
        )
        .expect("valid line");
        assert_eq!(body, RawBody::Text("Body.".into()));
        assert_eq!(hints.title.as_deref(), Some("T"));
        assert_eq!(hints.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(hints.outlet.as_deref(), Some("X"));
        assert_eq!(hints.published.as_deref(), Some("2021-02-22"));
        assert_eq!(hints.author.as_deref(), Some("A B"));
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(parse_line(r#"{"title":"no text"}"#)
            .err()
            .is_some_and(|e| e.contains("\"text\"")));
        assert!(parse_line(r#"{"text": 5}"#)
            .err()
            .is_some_and(|e| e.contains("not a string")));
        assert!(parse_line(r#"{"text": "  "}"#)
            .err()
            .is_some_and(|e| e.contains("empty")));
        assert!(parse_line("[1,2]")
            .err()
            .is_some_and(|e| e.contains("not a JSON object")));
        assert!(parse_line("{oops")
            .err()
            .is_some_and(|e| e.contains("invalid JSON")));
    }
}
