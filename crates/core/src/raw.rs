/// What a reader hands to the cleaner: one document's body as found, plus
/// whatever metadata its container (WARC header, feed item, JSONL fields) gave.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    /// Where it came from: a path, `-` for stdin, plus `#…` for a record inside a file.
    pub origin: String,
    pub body: RawBody,
    pub hints: Hints,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RawBody {
    /// An HTML page or fragment (already decoded to UTF-8).
    Html(String),
    /// Plain text (already decoded to UTF-8), possibly with scraped boilerplate.
    Text(String),
}

/// Metadata known from outside the body. The cleaner prefers what the body
/// itself says (meta tags, datelines) only where these are `None`, except
/// `published`, where an explicit hint (JSONL field, `--date`) wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// ISO date or datetime.
    pub published: Option<String>,
    /// A date of last resort (WARC-Date: when the page was fetched), used only
    /// when neither hints nor the page give a publication date.
    pub fetched: Option<String>,
    pub author: Option<String>,
}
