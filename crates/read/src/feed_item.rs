//! One RSS `<item>` / Atom `<entry>` as it is being read, and how it becomes a
//! [`RawDoc`]: which element feeds which hint, and which body wins.

use backchannel_core::{DocError, Hints, RawBody, RawDoc};

use crate::normalise_date;

/// What a captured element's text will be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    FeedTitle,
    Title,
    Link,
    Guid,
    /// Full content (`content:encoded`, Atom `<content>`); `html` says whether
    /// the decoded text is HTML or plain text.
    Content {
        html: bool,
    },
    /// Summary (`<description>`, Atom `<summary>`).
    Summary {
        html: bool,
    },
    Published,
    Updated,
    Author,
    AuthorName,
}

/// Maps an element that is a direct child of an item to its field. Elements
/// from other vocabularies (`media:title`, `itunes:summary`) are ignored:
/// their names collide with the ones that matter.
pub fn item_field(prefix: Option<&str>, local: &str, type_attr: Option<&str>) -> Option<Field> {
    let known_prefix = match prefix {
        None => true,
        Some(p) => matches!(p, "atom" | "content" | "dc" | "dcterms" | "rss"),
    };
    if !known_prefix {
        return None;
    }
    let atom_html = || match type_attr {
        Some(t) => t.contains("html"),
        None => false,
    };
    Some(match local {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" | "id" => Field::Guid,
        "encoded" => Field::Content { html: true },
        "content" => Field::Content { html: atom_html() },
        "description" => Field::Summary { html: true },
        "summary" => Field::Summary { html: atom_html() },
        "pubdate" | "published" | "date" | "issued" | "created" => Field::Published,
        "updated" | "modified" => Field::Updated,
        "author" | "creator" => Field::Author,
        _ => return None,
    })
}

/// The fields collected for one item; the first occurrence of each wins.
#[derive(Debug, Default)]
pub struct Item {
    /// Stack depth of the `<item>` element itself.
    pub depth: usize,
    pub number: usize,
    pub title: Option<String>,
    pub link: Option<String>,
    pub guid: Option<String>,
    pub content: Option<(String, bool)>,
    pub summary: Option<(String, bool)>,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub author: Option<String>,
    pub author_name: Option<String>,
    /// Set when some field went over `max_doc_bytes` and was dropped.
    pub oversize: bool,
}

impl Item {
    pub fn new(depth: usize, number: usize) -> Self {
        Item {
            depth,
            number,
            ..Item::default()
        }
    }

    /// Stores a finished capture. Empty values are ignored so a later
    /// non-empty duplicate can still fill the field.
    pub fn set(&mut self, field: Field, text: String) {
        if text.trim().is_empty() {
            return;
        }
        let slot = match field {
            Field::FeedTitle => return,
            Field::Title => &mut self.title,
            Field::Link => &mut self.link,
            Field::Guid => &mut self.guid,
            Field::Published => &mut self.published,
            Field::Updated => &mut self.updated,
            Field::Author => &mut self.author,
            Field::AuthorName => &mut self.author_name,
            Field::Content { html } => {
                self.content.get_or_insert((text, html));
                return;
            }
            Field::Summary { html } => {
                self.summary.get_or_insert((text, html));
                return;
            }
        };
        slot.get_or_insert(text);
    }

    /// Builds the document: full content over summary, hints from the rest.
    pub fn finish(self, feed_origin: &str, outlet: Option<&str>) -> Result<RawDoc, DocError> {
        let origin = format!("{feed_origin}#item {}", self.number);
        if self.oversize {
            return Err(DocError::new(
                origin,
                "item is larger than the max_doc_bytes limit",
            ));
        }
        let Some((body, html)) = self.content.or(self.summary) else {
            return Err(DocError::new(origin, "item has no content or description"));
        };
        let url = self.link.map(|l| l.trim().to_owned()).or_else(|| {
            self.guid
                .map(|g| g.trim().to_owned())
                .filter(|g| g.starts_with("http"))
        });
        let hints = Hints {
            url,
            title: self.title.map(|t| collapse_ws(&t)),
            outlet: outlet.map(collapse_ws),
            published: self
                .published
                .or(self.updated)
                .and_then(|d| normalise_date(&d)),
            fetched: None,
            author: self.author_name.or(self.author).map(|a| author_name(&a)),
        };
        let body = if html {
            RawBody::Html(body)
        } else {
            RawBody::Text(body)
        };
        Ok(RawDoc {
            origin,
            body,
            hints,
        })
    }
}

/// RSS `<author>` is often `email (Full Name)`: keep the name.
fn author_name(raw: &str) -> String {
    let raw = raw.trim();
    if raw.contains('@') {
        if let (Some(open), true) = (raw.find('('), raw.ends_with(')')) {
            let name = raw[open + 1..raw.len() - 1].trim();
            if !name.is_empty() {
                return name.to_owned();
            }
        }
    }
    collapse_ws(raw)
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Resolves an entity reference met in text. XML's five and numeric references
/// always resolve; a few HTML names common in feeds resolve in plain-text
/// fields; anything else is kept as written (HTML bodies decode it later).
pub fn resolve_entity(name: &str, plain_text: bool) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ if !plain_text => return None,
        "nbsp" => '\u{a0}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "hellip" => '\u{2026}',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_beats_summary_and_hints_are_filled() {
        let mut item = Item::new(3, 2);
        item.set(Field::Summary { html: true }, "<p>short</p>".into());
        item.set(Field::Content { html: true }, "<p>full</p>".into());
        item.set(Field::Title, "  A  title\n".into());
        item.set(Field::Guid, "https://example.org/a".into());
        item.set(Field::Published, "Tue, 23 Feb 2021 08:00:00 GMT".into());
        item.set(Field::Author, "desk@example.org (Jane Roe)".into());
        let doc = item
            .finish("feed.xml", Some("The Paper"))
            .expect("has content");
        assert_eq!(doc.origin, "feed.xml#item 2");
        assert_eq!(doc.body, RawBody::Html("<p>full</p>".into()));
        assert_eq!(doc.hints.title.as_deref(), Some("A title"));
        assert_eq!(doc.hints.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(doc.hints.published.as_deref(), Some("2021-02-23T08:00:00Z"));
        assert_eq!(doc.hints.author.as_deref(), Some("Jane Roe"));
        assert_eq!(doc.hints.outlet.as_deref(), Some("The Paper"));
    }

    #[test]
    fn item_without_body_is_an_error() {
        let mut item = Item::new(1, 5);
        item.set(Field::Title, "Only a title".into());
        let err = item.finish("f.xml", None).expect_err("no body");
        assert_eq!(err.origin, "f.xml#item 5");
    }

    #[test]
    fn foreign_vocabularies_are_ignored() {
        assert_eq!(item_field(Some("media"), "title", None), None);
        assert_eq!(
            item_field(Some("content"), "encoded", None),
            Some(Field::Content { html: true })
        );
        assert_eq!(
            item_field(None, "content", Some("text")),
            Some(Field::Content { html: false })
        );
    }

    #[test]
    fn entities() {
        assert_eq!(resolve_entity("#x2019", false), Some('\u{2019}'));
        assert_eq!(resolve_entity("#0", false), None);
        assert_eq!(resolve_entity("#xFFFFFFFF", false), None);
        assert_eq!(resolve_entity("nbsp", false), None);
        assert_eq!(resolve_entity("nbsp", true), Some('\u{a0}'));
    }
}
