//! HTML cleaning: tokenize, build the flat block tree, pick the article
//! container, then drop boilerplate paragraphs inside it with the same
//! paragraph rules plain text uses.

mod entities;
mod meta;
mod select;
mod tags;
mod tokenizer;
mod tree;

pub use meta::PageMeta;

use crate::para::Para;
use crate::{date, rules};
use tags::Tag;
use tree::Block;

/// What HTML cleaning found.
#[derive(Debug, Default)]
pub struct HtmlResult {
    pub kept: Vec<Para>,
    /// (text, reason); consecutive pieces with the same reason are merged.
    pub removed: Vec<(String, String)>,
    pub meta: PageMeta,
}

/// Longest text kept for one removed entry, and how many entries are kept:
/// a huge comment section must not make the record huge.
const REMOVED_ENTRY_MAX: usize = 2000;
const REMOVED_MAX: usize = 500;

fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Clean an HTML page. Hints are merged by the caller; `hint_title` only
/// helps recognise the headline inside the page.
pub fn clean_html(src: &str, hint_title: Option<&str>) -> HtmlResult {
    let mut collector = meta::MetaCollector::default();
    let tree = tree::build(src, &mut collector);
    let ranges = select::content_ranges(&tree.nodes, &tree.blocks);
    let (h1, vdate, vauthor) = visible_meta(&tree.blocks);
    let meta = collector.finish(h1, vdate, vauthor);
    let titles: Vec<String> = [meta.title.as_deref(), hint_title]
        .into_iter()
        .flatten()
        .map(comparable)
        .filter(|t| !t.is_empty())
        .collect();

    let mut res = HtmlResult::default();
    let mut title_seen = false;
    let mut body_seen = false;
    // The reason of the block just before, if it was removed: only
    // neighbouring removed blocks are merged into one entry.
    let mut prev_removed: Option<&str> = None;
    let mut headline = None;
    for b in tree.blocks {
        let in_content = select::contains(&ranges, b.node);
        let reason = match b.reason {
            Some(r) => Some(r),
            None if !in_content => Some("boilerplate"),
            None => {
                let s = b.para.text.as_str();
                let same = || titles.contains(&comparable(s));
                // A headline set in plain markup (no <h1>) before the first body paragraph.
                let unmarked = || {
                    !body_seen
                        && rules::looks_like_headline(s)
                        && (similar(s, meta.title.as_deref()) || similar(s, hint_title))
                };
                if !title_seen && ((matches!(b.tag, Tag::H(_)) && same()) || unmarked()) {
                    title_seen = true;
                    // The visible headline beats a <title> with a site prefix.
                    headline = Some(s.to_string());
                    Some("title")
                } else {
                    paragraph_reason(&b)
                }
            }
        };
        match reason {
            None => {
                body_seen |= rules::is_body_like(&b.para.text);
                res.kept.push(b.para);
                prev_removed = None;
            }
            Some("title") => prev_removed = None,
            Some(r) => {
                add_removed(&mut res.removed, b.para.text, r, prev_removed == Some(r));
                prev_removed = Some(r);
            }
        }
    }
    res.meta = meta;
    if headline.is_some() {
        res.meta.title = headline;
    }
    res
}

/// Do most words of `s` occur in the page title?
fn similar(s: &str, title: Option<&str>) -> bool {
    let Some(title) = title else {
        return false;
    };
    let t: Vec<String> = title.split_whitespace().map(comparable).collect();
    let w: Vec<String> = s
        .split_whitespace()
        .map(comparable)
        .filter(|w| !w.is_empty())
        .collect();
    let hits = w.iter().filter(|x| t.contains(x)).count();
    !w.is_empty() && hits * 2 >= w.len()
}

/// Why a paragraph inside the article container is still not body text.
fn paragraph_reason(b: &Block) -> Option<&'static str> {
    let s = b.para.text.as_str();
    if !s.chars().any(char::is_alphanumeric) {
        Some("separator")
    } else if rules::is_promo(s) {
        Some("promo")
    } else if date::dateline(s).is_some() {
        Some("dateline")
    } else if rules::byline(s).is_some() {
        Some("byline")
    } else if rules::is_copyright(s) {
        Some("copyright")
    } else if let Some(r) = rules::short_boilerplate(s) {
        Some(r)
    } else if !rules::is_body_like(s) && rules::has_photo_credit(s) {
        Some("caption")
    } else if b.links * 2 > s.len() && rules::words(s) < 40 {
        Some("related")
    } else {
        None
    }
}

/// The first h1, and the visible dateline and byline near the top of the page's own text.
fn visible_meta(blocks: &[Block]) -> (Option<String>, Option<String>, Option<String>) {
    let mut h1 = None;
    let mut when = None;
    let mut who = None;
    let page_text = |r: Option<&str>| matches!(r, None | Some("header" | "dateline" | "byline"));
    // Datelines and bylines sit above the story or just inside it, not after
    // its first few paragraphs (where dates are usually about events).
    let mut body_paragraphs = 0;
    for b in blocks.iter().filter(|b| page_text(b.reason)) {
        let s = b.para.text.as_str();
        if h1.is_none() && b.tag == Tag::H(1) {
            h1 = Some(s.to_string());
        }
        let near_top = body_paragraphs < 3;
        if near_top && when.is_none() {
            when = date::dateline(s).or_else(|| {
                (matches!(b.reason, Some("dateline" | "byline")) && s.chars().count() < 120)
                    .then(|| date::normalize(s))
                    .flatten()
            });
        }
        if near_top && who.is_none() {
            who = visible_author(b);
        }
        if b.reason.is_none() && s.len() > 80 && rules::is_body_like(s) {
            body_paragraphs += 1;
        }
        if h1.is_some() && (!near_top || (when.is_some() && who.is_some())) {
            break;
        }
    }
    (h1, when, who)
}

/// "By Jane Doe", or a bare name in a byline element.
fn visible_author(b: &Block) -> Option<String> {
    let s = b.para.text.as_str();
    rules::byline(s).or_else(|| {
        let name_like = || {
            (2..=4).contains(&rules::words(s))
                && s.split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        };
        (b.reason == Some("byline") && s.len() < 80 && name_like()).then(|| s.to_string())
    })
}

fn add_removed(removed: &mut Vec<(String, String)>, text: String, reason: &str, merge: bool) {
    if let Some(last) = removed.last_mut().filter(|_| merge) {
        if last.1 == reason {
            if last.0.len() < REMOVED_ENTRY_MAX {
                last.0.push('\n');
                last.0.push_str(&text);
                truncate(&mut last.0);
            }
            return;
        }
    }
    if removed.len() < REMOVED_MAX {
        let mut text = text;
        truncate(&mut text);
        removed.push((text, reason.to_string()));
    }
}

fn truncate(s: &mut String) {
    if s.len() > REMOVED_ENTRY_MAX {
        let mut cut = REMOVED_ENTRY_MAX;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
}
