//! Cleaning scraped plain text: split into paragraphs, then strip the head
//! (promo, headline, caption, dateline, byline) and the tail (promo, copyright,
//! share and related lines) with the per-paragraph rules.

use crate::para::{Para, ParaBuilder};
use crate::{date, rules};

/// What plain-text cleaning found: body paragraphs, removed pieces, metadata.
#[derive(Debug, Default)]
pub struct TextResult {
    pub kept: Vec<Para>,
    pub removed: Vec<(String, &'static str)>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
}

/// How far into the text the head (headline, caption, dateline…) may reach.
const HEAD_LIMIT: usize = 12;
/// How many closing paragraphs may be boilerplate.
const TAIL_LIMIT: usize = 12;

/// Each non-blank line is a paragraph (blank lines and single newlines both
/// separate; `\r`, U+2028 and U+2029 end lines too).
pub fn paragraphs(body: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in body.split_inclusive(['\n', '\r', '\u{2028}', '\u{2029}']) {
        let mut b = ParaBuilder::default();
        b.push_str(line, start);
        out.extend(b.take());
        start += line.len();
    }
    out
}

/// Lowercase letters and digits only, to compare a headline with a hint.
fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Clean a plain-text body. `hint_title` (from the container) lets a first
/// line that repeats it be taken as the headline whatever its punctuation.
pub fn clean_text(body: &str, hint_title: Option<&str>) -> TextResult {
    let paras = paragraphs(body);
    let mut reason: Vec<Option<&'static str>> = vec![None; paras.len()];
    let mut res = TextResult::default();
    let hint = hint_title.map(comparable).filter(|h| !h.is_empty());

    let mut title_at = None;
    let mut dateline_at = None;
    let mut head_end = 0;
    for (i, p) in paras.iter().enumerate().take(HEAD_LIMIT) {
        let s = p.text.as_str();
        head_end = i;
        let r = if title_at.is_none() && hint.as_deref() == Some(comparable(s).as_str()) {
            title_at = Some(i);
            "title"
        } else if rules::is_promo(s) {
            "promo"
        } else if let Some(d) = date::dateline(s) {
            res.published.get_or_insert(d);
            dateline_at = Some(i);
            "dateline"
        } else if let Some(a) = rules::byline(s) {
            res.author.get_or_insert(a);
            "byline"
        } else if rules::is_copyright(s) {
            "copyright"
        } else if let Some(r) = rules::short_boilerplate(s) {
            r
        } else if rules::has_photo_credit(s) || rules::ends_with_paren_credit(s) {
            "caption"
        } else if title_at.is_none() && hint.is_none() && rules::looks_like_headline(s) {
            title_at = Some(i);
            "title"
        } else if rules::is_body_like(s) {
            break;
        } else if rules::words(s) <= 4 && !rules::has_final_punct(s) {
            // Section labels and reading times above the story ("World", "3 Min Read").
            "label"
        } else {
            continue;
        };
        reason[i] = Some(r);
        head_end = i + 1;
    }
    // Whatever sits between the headline and the dateline is a caption or deck.
    if let (Some(t), Some(d)) = (title_at, dateline_at) {
        for r in reason.iter_mut().take(d).skip(t + 1) {
            r.get_or_insert("caption");
        }
    }
    if let Some(t) = title_at {
        res.title = Some(paras[t].text.clone());
    }

    // Tail: boilerplate lines from the end backwards, up to the last body paragraph.
    let first_tail = paras.len().saturating_sub(TAIL_LIMIT).max(head_end);
    for i in (first_tail..paras.len()).rev() {
        let s = paras[i].text.as_str();
        let r = if rules::is_promo(s) {
            "promo"
        } else if rules::is_copyright(s) {
            "copyright"
        } else if let Some(r) = rules::short_boilerplate(s) {
            r
        } else {
            break;
        };
        reason[i] = Some(r);
    }

    // Middle: only unmistakable one-liners (ads, share bars, promo, credited captions).
    for (i, p) in paras.iter().enumerate() {
        if reason[i].is_some() || i < head_end {
            continue;
        }
        let s = p.text.as_str();
        if rules::is_promo(s) && !rules::has_final_punct(s) {
            reason[i] = Some("promo");
        } else if let Some(r) =
            rules::short_boilerplate(s).filter(|r| matches!(*r, "ad" | "share" | "related"))
        {
            reason[i] = Some(r);
        } else if rules::has_photo_credit(s) && !rules::is_body_like(s) {
            reason[i] = Some("caption");
        }
    }

    for (p, r) in paras.into_iter().zip(reason) {
        match r {
            Some("title") => {}
            Some(r) => res.removed.push((p.text, r)),
            None => res.kept.push(p),
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_head_and_keeps_body() {
        let body = "Subscribe to our newsletter for daily updates\n\nCouncil Approves New Budget After Long Debate\n\nCouncil members listen to the mayor on Monday. (City Hall Photo)\nMarch 3, 2020\n\nBy Ann Lee\n\nThe city council approved the budget on Monday after a debate that lasted nine hours, officials said.\n\nThe mayor called the vote “a fair compromise.”\n\n© 2020 Example News. All rights reserved.";
        let r = clean_text(body, None);
        let kept: Vec<&str> = r.kept.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            kept,
            [
                "The city council approved the budget on Monday after a debate that lasted nine hours, officials said.",
                "The mayor called the vote “a fair compromise.”"
            ]
        );
        assert_eq!(
            r.title.as_deref(),
            Some("Council Approves New Budget After Long Debate")
        );
        assert_eq!(r.published.as_deref(), Some("2020-03-03"));
        assert_eq!(r.author.as_deref(), Some("Ann Lee"));
        let reasons: Vec<&str> = r.removed.iter().map(|x| x.1).collect();
        assert_eq!(
            reasons,
            ["promo", "caption", "dateline", "byline", "copyright"]
        );
    }

    #[test]
    fn wire_layout() {
        let body = "World\nOfficials reject new terms for nuclear talks\nBy Sam Okafor\n4 Min Read\n\nGENEVA (Wire) - Officials said on Monday they would not accept new terms, a spokesman said.\n\nTalks are due to resume next week.\n\nReporting by Sam Okafor; Editing by Lee Chan";
        let r = clean_text(body, None);
        let kept: Vec<&str> = r.kept.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            kept,
            [
                "GENEVA (Wire) - Officials said on Monday they would not accept new terms, a spokesman said.",
                "Talks are due to resume next week."
            ]
        );
        assert_eq!(
            r.title.as_deref(),
            Some("Officials reject new terms for nuclear talks")
        );
        assert_eq!(r.author.as_deref(), Some("Sam Okafor"));
        let reasons: Vec<&str> = r.removed.iter().map(|x| x.1).collect();
        assert_eq!(reasons, ["label", "byline", "label", "credit"]);
    }

    #[test]
    fn plain_body_untouched() {
        let body = "Officials Meet in Geneva.\n\nThe talks began on Monday, a spokesman said.\n\n\"We are hopeful,\" he said.";
        let r = clean_text(body, None);
        assert_eq!(r.kept.len(), 3);
        assert!(r.removed.is_empty());
        assert_eq!(r.title, None);
    }

    #[test]
    fn old_mac_and_unicode_line_ends() {
        let r = clean_text("One line here.\rTwo line here.\u{2029}Three.", None);
        let kept: Vec<&str> = r.kept.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(kept, ["One line here.", "Two line here.", "Three."]);
    }

    #[test]
    fn hint_title_removed_even_with_period() {
        let body = "Officials Meet in Geneva.\n\nThe talks began on Monday, a spokesman said.";
        let r = clean_text(body, Some("Officials meet in Geneva"));
        assert_eq!(r.kept.len(), 1);
        assert_eq!(r.title.as_deref(), Some("Officials Meet in Geneva."));
    }
}
