//! Full-text search (SQLite FTS5) over title and text, ranked by bm25.

use std::fmt;

use rusqlite::ErrorCode;

use crate::{Store, StoreError};

/// Private-use characters that mark highlights inside SQLite's snippet; they
/// are removed again and turned into char ranges, so callers choose their own
/// markup (terminal, HTML) without escaping problems.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// bm25 column weights: a match in the headline counts more than one in the body.
const TITLE_WEIGHT: f64 = 4.0;
const TEXT_WEIGHT: f64 = 1.0;

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// Near-duplicate group of the document.
    pub group: i64,
    /// Relevance, higher is better (negated bm25).
    pub score: f64,
    /// A short excerpt around the matches, without markup.
    pub snippet: String,
    /// Char ranges (start, end) of matched terms inside `snippet`.
    pub highlights: Vec<(usize, usize)>,
}

impl Hit {
    /// The snippet with each highlight wrapped in `open` … `close`.
    pub fn marked_snippet(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.snippet.len() + 8);
        let mut hl = self.highlights.iter().peekable();
        let mut in_mark = None;
        for (i, c) in self.snippet.chars().enumerate() {
            if let Some(end) = in_mark {
                if i == end {
                    out.push_str(close);
                    in_mark = None;
                }
            }
            if in_mark.is_none() {
                if let Some(&&(s, e)) = hl.peek() {
                    if s == i {
                        out.push_str(open);
                        in_mark = Some(e);
                        hl.next();
                    }
                }
            }
            out.push(c);
        }
        if in_mark.is_some() {
            out.push_str(close);
        }
        out
    }
}

impl fmt::Display for Hit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}  {}  {}  {}\n    {}",
            self.id,
            self.published.as_deref().unwrap_or("-"),
            self.outlet.as_deref().unwrap_or("-"),
            self.title.as_deref().unwrap_or("(untitled)"),
            self.marked_snippet("«", "»")
        )
    }
}

impl Store {
    /// Search title and text with an FTS5 query (`Zarif AND backchannel`,
    /// `"maximum pressure"`, `sanction*`, `title:Iran`), best matches first.
    /// A malformed query gives [`StoreError::Query`]; [`quote_terms`] turns
    /// free text into a safe query.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        if query.trim().is_empty() {
            return Err(StoreError::Query {
                query: query.to_string(),
                detail: "the query is empty".to_string(),
            });
        }
        if limit == 0 {
            return Ok(Vec::new());
        }
        let bad = |e: rusqlite::Error| match e.sqlite_error_code() {
            // Plain SQLITE_ERROR during MATCH is FTS5 rejecting the query.
            Some(ErrorCode::Unknown) => StoreError::Query {
                query: query.to_string(),
                detail: format!(
                    "{e} (FTS5 syntax: put words with punctuation in double quotes, e.g. \"U.S.\")"
                ),
            },
            _ => StoreError::Sqlite(e),
        };
        let sql = format!(
            "SELECT d.id, d.title, d.outlet, d.published, d.url, d.dup_group,
                    bm25(documents_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS rank,
                    snippet(documents_fts, -1, '{OPEN}', '{CLOSE}', '…', 24)
             FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
             WHERE documents_fts MATCH ?1
             ORDER BY rank LIMIT ?2"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st
            .query_map(rusqlite::params![query, limit], |r| {
                let raw: String = r.get(7)?;
                let (snippet, highlights) = split_marks(&raw);
                Ok(Hit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    url: r.get(4)?,
                    group: r.get(5)?,
                    score: -r.get::<_, f64>(6)?,
                    snippet,
                    highlights,
                })
            })
            .map_err(bad)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(bad)
    }
}

/// Turn free text (`U.S. sanctions on Iran's oil`) into an FTS5 query that
/// matches documents containing every word, with no FTS syntax to get wrong.
pub fn quote_terms(text: &str) -> String {
    text.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Remove highlight markers, returning the one-line snippet (whitespace runs,
/// paragraph breaks included, become one space) and the highlight char ranges.
fn split_marks(raw: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(raw.len());
    let mut ranges = Vec::new();
    let mut n = 0;
    let mut start = None;
    let mut space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        // A pending space goes before the next visible char or highlight start.
        if space && n > 0 && c != CLOSE {
            out.push(' ');
            n += 1;
        }
        if c != CLOSE {
            space = false;
        }
        match c {
            OPEN => start = Some(n),
            CLOSE => {
                if let Some(s) = start.take() {
                    ranges.push((s, n));
                }
            }
            _ => {
                out.push(c);
                n += 1;
            }
        }
    }
    (out, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_ranges_and_back() {
        let raw = format!("the {OPEN}envoy{CLOSE} met {OPEN}Zarif{CLOSE}");
        let (s, r) = split_marks(&raw);
        assert_eq!(s, "the envoy met Zarif");
        assert_eq!(r, vec![(4, 9), (14, 19)]);
        let hit = Hit {
            id: String::new(),
            title: None,
            outlet: None,
            published: None,
            url: None,
            group: 0,
            score: 0.0,
            snippet: s,
            highlights: r,
        };
        assert_eq!(
            hit.marked_snippet("<b>", "</b>"),
            "the <b>envoy</b> met <b>Zarif</b>"
        );
    }

    #[test]
    fn snippets_are_one_line() {
        let raw = format!("Takes {OPEN}Wisconsin{CLOSE},\n\nbut  Clinton\n");
        let (s, r) = split_marks(&raw);
        assert_eq!(s, "Takes Wisconsin, but Clinton");
        assert_eq!(r, vec![(6, 15)]);
    }

    #[test]
    fn quoting_neutralises_syntax() {
        assert_eq!(
            quote_terms("U.S. \"deal\" AND"),
            r#""U.S." """deal""" "AND""#
        );
    }
}
