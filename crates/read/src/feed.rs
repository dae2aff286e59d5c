//! RSS 2.0 / RSS 1.0 / Atom feeds, read as a stream of XML events so a large
//! feed never sits in memory whole: each item becomes one raw document.

use std::io::BufRead;

use backchannel_core::{DocError, RawDoc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::feed_item::{item_field, resolve_entity, Field, Item};

/// Text being collected for one element.
struct Capture {
    field: Field,
    /// Stack depth of the element whose text this is.
    depth: usize,
    text: String,
    /// Atom `type="xhtml"`: the content is inline markup, re-serialised as is.
    markup: bool,
}

pub struct FeedReader {
    xml: Reader<Box<dyn BufRead + Send>>,
    buf: Vec<u8>,
    origin: String,
    max_doc: usize,
    /// Qualified names (lower-cased) of the open elements.
    stack: Vec<String>,
    outlet: Option<String>,
    item: Option<Item>,
    captures: Vec<Capture>,
    items_seen: usize,
    done: bool,
}

impl FeedReader {
    /// `input` must already be UTF-8 (see `transcode`).
    pub fn new(origin: &str, input: Box<dyn BufRead + Send>, max_doc: usize) -> Self {
        let mut xml = Reader::from_reader(input);
        let cfg = xml.config_mut();
        // Real feeds carry bare `&` in URLs and text; that is sloppy, not broken.
        cfg.allow_dangling_amp = true;
        cfg.check_end_names = true;
        FeedReader {
            xml,
            buf: Vec::new(),
            origin: origin.to_owned(),
            max_doc,
            stack: Vec::new(),
            outlet: None,
            item: None,
            captures: Vec::new(),
            items_seen: 0,
            done: false,
        }
    }

    fn fail(&mut self, reason: String) -> Option<Result<RawDoc, DocError>> {
        self.done = true;
        Some(Err(DocError::new(self.origin.clone(), reason)))
    }

    fn append(&mut self, markup: &str, text: &str) {
        let max = self.max_doc;
        let mut over = false;
        for c in &mut self.captures {
            let piece = if c.markup { markup } else { text };
            if c.text.len() + piece.len() > max {
                over = true;
            } else {
                c.text.push_str(piece);
            }
        }
        if over {
            if let Some(item) = &mut self.item {
                item.oversize = true;
            }
        }
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        let qname = e.name().0.to_ascii_lowercase();
        self.stack.push(qname);
        let depth = self.stack.len();
        let (prefix, local) = split_qname(&self.stack[depth - 1]);
        let parent = depth
            .checked_sub(2)
            .and_then(|i| self.stack.get(i))
            .map(|p| split_qname(p).1.to_owned());
        let Some(item) = &mut self.item else {
            if local == "item" || local == "entry" {
                self.items_seen += 1;
                self.item = Some(Item::new(depth, self.items_seen));
            } else if local == "title" && matches!(parent.as_deref(), Some("channel" | "feed")) {
                self.captures.push(Capture {
                    field: Field::FeedTitle,
                    depth,
                    text: String::new(),
                    markup: false,
                });
            }
            return;
        };
        if self
            .captures
            .iter()
            .any(|c| c.markup || c.field != Field::Author)
        {
            return; // inside a field already: nested markup is its content
        }
        let field = if depth == item.depth + 1 {
            let ty = attr(e, "type");
            if local == "link" {
                if let Some(href) = attr(e, "href") {
                    if link_is_alternate(e) {
                        item.set(Field::Link, href);
                    }
                    return;
                }
            }
            if (local == "content" || local == "summary") && attr(e, "src").is_some() {
                return; // out-of-line content: nothing to read here
            }
            item_field(prefix, local, ty.as_deref())
        } else if local == "name" && parent.as_deref() == Some("author") {
            Some(Field::AuthorName)
        } else {
            None
        };
        if let Some(field) = field {
            let markup = matches!(field, Field::Content { .. } | Field::Summary { .. })
                && attr(e, "type").is_some_and(|t| t == "xhtml" || t.ends_with("xhtml+xml"));
            self.captures.push(Capture {
                field,
                depth,
                text: String::new(),
                markup,
            });
        }
    }

    /// Handles an end tag; returns a finished item if this closed one.
    fn end(&mut self) -> Option<Result<RawDoc, DocError>> {
        let depth = self.stack.len();
        while self.captures.last().is_some_and(|c| c.depth == depth) {
            let Some(c) = self.captures.pop() else { break };
            match (&mut self.item, c.field) {
                (_, Field::FeedTitle) => {
                    if self.outlet.is_none() && !c.text.trim().is_empty() {
                        self.outlet = Some(c.text);
                    }
                }
                (Some(item), field) => item.set(field, c.text),
                (None, _) => {}
            }
        }
        self.stack.pop();
        if self.item.as_ref().is_some_and(|i| i.depth == depth) {
            let item = self.item.take()?;
            return Some(item.finish(&self.origin, self.outlet.as_deref()));
        }
        None
    }
}

impl Iterator for FeedReader {
    type Item = Result<RawDoc, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(ev) => ev.into_owned(),
                Err(e) => {
                    let pos = self.xml.error_position();
                    return self.fail(format!("broken feed XML near byte {pos}: {e}"));
                }
            };
            match event {
                Event::Start(e) => {
                    if self.captures.iter().any(|c| c.markup) {
                        let tag = format!("<{}>", &*e);
                        self.append(&tag, "");
                    }
                    self.start(&e);
                }
                Event::Empty(e) => {
                    let tag = format!("<{}/>", &*e);
                    self.append(&tag, "");
                    if self.item.is_some() {
                        // An empty element opens and closes at once.
                        self.start(&e);
                        if let Some(done) = self.end() {
                            return Some(done);
                        }
                    }
                }
                Event::End(e) => {
                    let depth = self.stack.len();
                    if self.captures.iter().any(|c| c.markup && c.depth < depth) {
                        let tag = format!("</{}>", &*e);
                        self.append(&tag, "");
                    }
                    if let Some(done) = self.end() {
                        return Some(done);
                    }
                }
                Event::Text(t) => {
                    let raw: &str = &t;
                    self.append(raw, raw);
                }
                Event::CData(c) => {
                    let raw: &str = &c;
                    self.append(&escape(raw), raw);
                }
                Event::GeneralRef(r) => {
                    let name: &str = &r;
                    let written = format!("&{name};");
                    let text = match resolve_entity(name, self.item_plain_text()) {
                        Some(ch) => ch.to_string(),
                        None => written.clone(),
                    };
                    self.append(&written, &text);
                }
                Event::Eof => {
                    self.done = true;
                    if let Some(open) = self.stack.last() {
                        let reason = format!("broken feed XML: input ends inside <{open}>");
                        return self.fail(reason);
                    }
                    if self.items_seen == 0 {
                        return self.fail("feed contains no items".into());
                    }
                }
                _ => {}
            }
        }
        None
    }
}

impl FeedReader {
    /// Whether the innermost capture is a plain-text field, where HTML entity
    /// names should be resolved rather than kept for an HTML parser.
    fn item_plain_text(&self) -> bool {
        self.captures.last().is_some_and(|c| match c.field {
            Field::Content { html } | Field::Summary { html } => !html,
            _ => true,
        })
    }
}

fn split_qname(q: &str) -> (Option<&str>, &str) {
    match q.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, q),
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    Some(unescape(&a.value))
}

/// Resolves entity references in an attribute value; unknown ones stay as written.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let resolved = rest
            .get(1..)
            .and_then(|r| {
                r.find(';')
                    .filter(|&semi| semi <= 32)
                    .map(|semi| (&r[..semi], semi))
            })
            .and_then(|(name, semi)| resolve_entity(name, true).map(|c| (c, semi)));
        match resolved {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 2..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Atom: a link with no `rel` or `rel="alternate"` is the entry's page.
fn link_is_alternate(e: &BytesStart<'_>) -> bool {
    matches!(attr(e, "rel").as_deref(), None | Some("alternate"))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_unescape() {
        assert_eq!(unescape("a?x=1&amp;y=2&z"), "a?x=1&y=2&z");
        assert_eq!(
            unescape("&#233;t&#xE9; &bogus; &"),
            "\u{e9}t\u{e9} &bogus; &"
        );
    }
}
