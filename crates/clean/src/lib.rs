//! Cleaning: turn a raw document into clean body text plus metadata, recording what was removed.
//!
//! Plain text goes through paragraph rules ([`text`]); HTML through a streaming
//! tokenizer and a flat, non-recursive block tree ([`html`]) so that deeply
//! nested or huge pages cost linear time and no stack. Both produce paragraphs
//! whose every char remembers its source offset; [`output`] joins them with
//! "\n\n" and builds the [`OffsetMap`](backchannel_core::OffsetMap).

pub use backchannel_core::date;
pub mod html;
mod output;
mod para;
pub mod rules;
pub mod text;

use backchannel_core::{DocError, DocMeta, Document, RawBody, RawDoc, Removed};

/// Turn a raw document into a [`Document`] with clean text and metadata.
///
/// Hints from the container win over the page for title, outlet and author;
/// the page's canonical URL wins over the hinted one; for the publication
/// date an explicit hint wins, then the page, then the fetch date.
pub fn clean(raw: RawDoc) -> Result<Document, DocError> {
    let RawDoc {
        origin,
        body,
        hints,
    } = raw;
    // "HTML" without a single tag is plain text whose line breaks matter.
    let (s, is_html) = match &body {
        RawBody::Text(s) => (s, false),
        RawBody::Html(s) => (s, s.contains('<')),
    };
    let found = if is_html {
        from_html(s, hints.title.as_deref())
    } else {
        from_text(s, hints.title.as_deref())
    };
    if found.text.trim().is_empty() {
        return Err(DocError::new(origin, "no article text found"));
    }
    let url = found.url.or(hints.url);
    let published = hints
        .published
        .map(|p| date::normalize(&p).unwrap_or(p))
        .or(found.published)
        .or_else(|| url.as_deref().and_then(date::from_url))
        .or_else(|| hints.fetched.map(|p| date::normalize(&p).unwrap_or(p)));
    let outlet = hints
        .outlet
        .or(found.outlet)
        .or_else(|| url.as_deref().and_then(domain));
    let meta = DocMeta {
        url,
        title: hints.title.or(found.title),
        outlet,
        published,
        author: hints.author.or(found.author),
        removed: found
            .removed
            .into_iter()
            .map(|(text, reason)| Removed { text, reason })
            .collect(),
        origin: Some(origin),
        ..DocMeta::default()
    };
    Ok(Document::new(found.text, meta, found.map))
}

/// What either cleaner produced, before hints are merged in.
struct Found {
    text: String,
    map: backchannel_core::OffsetMap,
    removed: Vec<(String, String)>,
    title: Option<String>,
    published: Option<String>,
    author: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
}

fn from_text(s: &str, hint_title: Option<&str>) -> Found {
    let r = text::clean_text(s, hint_title);
    let (text, map) = output::join(s, &r.kept);
    Found {
        text,
        map,
        removed: r
            .removed
            .into_iter()
            .map(|(t, r)| (t, r.to_string()))
            .collect(),
        title: r.title,
        published: r.published,
        author: r.author,
        url: None,
        outlet: None,
    }
}

fn from_html(s: &str, hint_title: Option<&str>) -> Found {
    let r = html::clean_html(s, hint_title);
    let (text, map) = output::join(s, &r.kept);
    Found {
        text,
        map,
        removed: r.removed,
        title: r.meta.title,
        published: r.meta.published,
        author: r.meta.author,
        url: r.meta.url,
        outlet: r.meta.outlet,
    }
}

/// The host of a URL without "www.", used as the outlet of last resort.
fn domain(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.rsplit('@').next()?.trim_start_matches("www.");
    (!host.is_empty() && host.contains('.')).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_without_tags_is_read_as_text() {
        let raw = RawDoc {
            origin: "x".into(),
            body: RawBody::Html(
                "Headline Here Without Stop\n\nThe body sentence runs long enough, officials said."
                    .into(),
            ),
            hints: Default::default(),
        };
        let doc = clean(raw).unwrap();
        assert_eq!(
            doc.text,
            "The body sentence runs long enough, officials said."
        );
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Headline Here Without Stop")
        );
    }

    #[test]
    fn domain_of_url() {
        assert_eq!(
            domain("https://www.Example.com/a/b").as_deref(),
            Some("example.com")
        );
        assert_eq!(domain("not a url"), None);
    }
}
