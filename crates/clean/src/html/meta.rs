//! Page metadata: title, date, author, canonical URL and outlet from meta
//! tags, `<link rel=canonical>`, `<time datetime>`, microdata and JSON-LD.

use serde_json::Value;

use super::entities::decode;
use super::tags::Tag;
use super::tokenizer::Attr;
use crate::date;

/// Meta names that carry the publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "article.published",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "date",
    "originalpublicationdate",
];

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "byl",
    "article:author",
    "sailthru.author",
    "parsely-author",
    "dc.creator",
];

/// Everything the page says about itself, collected while tokenizing.
#[derive(Debug, Default)]
pub struct MetaCollector {
    og_title: Option<String>,
    twitter_title: Option<String>,
    title_tag: Option<String>,
    ld_headline: Option<String>,
    /// (rank in DATE_KEYS, ISO date)
    meta_date: Option<(usize, String)>,
    ld_date: Option<String>,
    time_date: Option<String>,
    meta_author: Option<(usize, String)>,
    ld_author: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    site_name: Option<String>,
    ld_publisher: Option<String>,
    app_name: Option<String>,
}

/// The metadata decided for a page (before hints are applied).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
}

fn attr<'a>(attrs: &[Attr<'a>], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
        .map(|a| a.value)
}

fn set(slot: &mut Option<String>, value: &str) {
    if slot.is_none() {
        let v = decode(value);
        if !v.is_empty() {
            *slot = Some(v);
        }
    }
}

/// An author value as people write it: drop "By ", URLs and @handles.
fn author_name(v: &str) -> Option<String> {
    let v = decode(v);
    let v = v
        .strip_prefix("By ")
        .or_else(|| v.strip_prefix("BY "))
        .unwrap_or(&v)
        .trim();
    (!v.is_empty() && !v.contains("://") && !v.starts_with('@') && v.chars().count() < 120)
        .then(|| v.to_string())
}

impl MetaCollector {
    /// Look at a start tag for metadata.
    pub fn start_tag(&mut self, tag: Tag, name: &str, attrs: &[Attr]) {
        if let Some(v) = attr(attrs, "itemprop").filter(|v| v.eq_ignore_ascii_case("datePublished"))
        {
            let _ = v;
            if let Some(d) = attr(attrs, "content")
                .or_else(|| attr(attrs, "datetime"))
                .and_then(date::normalize)
            {
                self.offer_date(
                    DATE_KEYS
                        .iter()
                        .position(|k| *k == "datepublished")
                        .unwrap_or(0),
                    d,
                );
            }
        }
        if tag == Tag::Time {
            if self.time_date.is_none() {
                self.time_date = attr(attrs, "datetime").and_then(date::normalize);
            }
            return;
        }
        if name.eq_ignore_ascii_case("link") {
            let rel = attr(attrs, "rel").unwrap_or("");
            if rel
                .split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("canonical"))
            {
                if let Some(h) = attr(attrs, "href") {
                    set(&mut self.canonical, h);
                }
            }
            return;
        }
        if !name.eq_ignore_ascii_case("meta") {
            return;
        }
        let Some(content) = attr(attrs, "content") else {
            return;
        };
        let key = attr(attrs, "property")
            .or_else(|| attr(attrs, "name"))
            .or_else(|| attr(attrs, "itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        match key.as_str() {
            "og:title" => set(&mut self.og_title, content),
            "twitter:title" => set(&mut self.twitter_title, content),
            "og:url" => set(&mut self.og_url, content),
            "og:site_name" => set(&mut self.site_name, content),
            "application-name" => set(&mut self.app_name, content),
            k => {
                if let Some(rank) = DATE_KEYS.iter().position(|d| *d == k) {
                    if let Some(d) = date::normalize(content) {
                        self.offer_date(rank, d);
                    }
                } else if let Some(rank) = AUTHOR_KEYS.iter().position(|a| *a == k) {
                    if let Some(a) = author_name(content) {
                        if self.meta_author.as_ref().is_none_or(|(r, _)| rank < *r) {
                            self.meta_author = Some((rank, a));
                        }
                    }
                }
            }
        }
    }

    fn offer_date(&mut self, rank: usize, d: String) {
        if self.meta_date.as_ref().is_none_or(|(r, _)| rank < *r) {
            self.meta_date = Some((rank, d));
        }
    }

    /// The `<title>` element's text.
    pub fn title_tag(&mut self, text: &str) {
        set(&mut self.title_tag, text);
    }

    /// A JSON-LD script: take the first article-like object's fields.
    pub fn json_ld(&mut self, text: &str) {
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            // Broken JSON is common; still find a plain "datePublished": "…".
            if self.ld_date.is_none() {
                self.ld_date = scan_field(text, "datePublished").and_then(|s| date::normalize(&s));
            }
            return;
        };
        let mut objects = Vec::new();
        let mut stack = vec![&v];
        while let Some(x) = stack.pop() {
            match x {
                Value::Array(a) => stack.extend(a.iter().rev()),
                Value::Object(o) => {
                    objects.push(x);
                    if let Some(g) = o.get("@graph") {
                        stack.push(g);
                    }
                }
                _ => {}
            }
        }
        let article = objects
            .iter()
            .find(|o| is_article_type(o.get("@type")))
            .or_else(|| objects.iter().find(|o| o.get("datePublished").is_some()));
        if let Some(a) = article {
            if self.ld_date.is_none() {
                self.ld_date = a
                    .get("datePublished")
                    .and_then(Value::as_str)
                    .and_then(date::normalize);
            }
            if let Some(h) = a.get("headline").and_then(Value::as_str) {
                set(&mut self.ld_headline, h);
            }
            if self.ld_author.is_none() {
                self.ld_author = a.get("author").and_then(names);
            }
        }
        if self.ld_publisher.is_none() {
            self.ld_publisher = objects
                .iter()
                .filter_map(|o| o.get("publisher"))
                .find_map(|p| p.get("name").and_then(Value::as_str).or(p.as_str()))
                .map(decode);
        }
    }

    /// Decide the metadata; `h1` and `visible_date`/`visible_author` come from the page text.
    pub fn finish(
        self,
        h1: Option<String>,
        visible_date: Option<String>,
        visible_author: Option<String>,
    ) -> PageMeta {
        let outlet = self.site_name.or(self.ld_publisher).or(self.app_name);
        let title = self
            .og_title
            .or(self.ld_headline)
            .or(self.twitter_title)
            .or(self.title_tag)
            .map(|t| strip_site_suffix(&t, outlet.as_deref()))
            .or(h1);
        PageMeta {
            title,
            published: self
                .meta_date
                .map(|(_, d)| d)
                .or(self.ld_date)
                .or(self.time_date)
                .or(visible_date),
            author: self
                .meta_author
                .map(|(_, a)| a)
                .or(self.ld_author)
                .or(visible_author),
            url: self
                .canonical
                .or(self.og_url)
                .filter(|u| u.starts_with("http")),
            outlet,
        }
    }
}

fn is_article_type(t: Option<&Value>) -> bool {
    let is = |s: &str| {
        s.ends_with("Article") || s == "BlogPosting" || s == "Report" || s == "LiveBlogPosting"
    };
    match t {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

/// Author names from a JSON-LD `author`: a string, an object with `name`, or a list.
fn names(v: &Value) -> Option<String> {
    let one = |x: &Value| match x {
        Value::String(s) => author_name(s),
        Value::Object(o) => o.get("name").and_then(Value::as_str).and_then(author_name),
        _ => None,
    };
    let all: Vec<String> = match v {
        Value::Array(a) => a.iter().filter_map(one).collect(),
        x => one(x).into_iter().collect(),
    };
    (!all.is_empty()).then(|| all.join(", "))
}

/// The string value of `"field": "…"` found by plain search.
fn scan_field(text: &str, field: &str) -> Option<String> {
    let at = text.find(&format!("\"{field}\""))?;
    let rest = text[at + field.len() + 2..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// "Talks collapse | Example News" → "Talks collapse".
pub fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let comparable = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    for sep in [" | ", " – ", " — ", " - ", " :: ", " · ", " // "] {
        if let Some(i) = title.rfind(sep) {
            let (head, tail) = (&title[..i], &title[i + sep.len()..]);
            let is_site = site.is_some_and(|s| {
                !comparable(s).is_empty() && comparable(tail).contains(&comparable(s))
            });
            let short =
                tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3;
            if is_site || (sep == " | " && short) || (short && site.is_none() && sep != " - ") {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        assert_eq!(
            strip_site_suffix("Talks collapse in Vienna | Example News", None),
            "Talks collapse in Vienna"
        );
        assert_eq!(
            strip_site_suffix(
                "Talks collapse in Vienna - Example News",
                Some("Example News")
            ),
            "Talks collapse in Vienna"
        );
        assert_eq!(
            strip_site_suffix("Iran - U.S. talks resume", None),
            "Iran - U.S. talks resume"
        );
    }

    #[test]
    fn json_ld_graph() {
        let mut m = MetaCollector::default();
        m.json_ld(r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},{"@type":"NewsArticle","headline":"H","datePublished":"2021-02-22T10:00:00Z","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chan"}],"publisher":{"@type":"Organization","name":"Example News"}}]}"#);
        let p = m.finish(None, None, None);
        assert_eq!(p.published.as_deref(), Some("2021-02-22T10:00:00Z"));
        assert_eq!(p.author.as_deref(), Some("Ann Lee, Bo Chan"));
        assert_eq!(p.outlet.as_deref(), Some("Example News"));
        assert_eq!(p.title.as_deref(), Some("H"));
    }

    #[test]
    fn broken_json_ld_still_dated() {
        let mut m = MetaCollector::default();
        m.json_ld("{\"datePublished\": \"2020-03-03\", oops}");
        assert_eq!(
            m.finish(None, None, None).published.as_deref(),
            Some("2020-03-03")
        );
    }
}
