//! What an element means for extraction: its kind (block, inline, void,
//! ignored) and whether its tag, class or id marks it as boilerplate.

use super::tokenizer::Attr;

/// The elements extraction treats specially; everything else is `Block`,
/// `Inline`, `Void` or `Ignored` by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    A,
    Article,
    Aside,
    Body,
    Br,
    Dd,
    Dl,
    Dt,
    Figcaption,
    Figure,
    Footer,
    H(u8),
    Head,
    Header,
    Html,
    Li,
    Main,
    Nav,
    Ol,
    Opt,
    P,
    Table,
    Td,
    Time,
    Tr,
    Ul,
    /// Other block-level containers (div, section, blockquote, …).
    Block,
    /// Inline formatting (span, em, b, …) and unknown elements.
    Inline,
    /// Never has content (img, meta, link, input, hr, …).
    Void,
    /// Content is not article text (svg, button, select, template, …).
    Ignored,
    /// Raw-text elements whose content the tokenizer hands over whole.
    Raw,
}

impl Tag {
    pub fn of(name: &str) -> Tag {
        let mut buf = [0u8; 12];
        if name.len() > buf.len() {
            return Tag::Inline;
        }
        for (d, s) in buf.iter_mut().zip(name.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        match &buf[..name.len()] {
            b"a" => Tag::A,
            b"article" => Tag::Article,
            b"aside" => Tag::Aside,
            b"body" => Tag::Body,
            b"br" => Tag::Br,
            b"dd" => Tag::Dd,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"figcaption" => Tag::Figcaption,
            b"figure" => Tag::Figure,
            b"footer" => Tag::Footer,
            b"h1" => Tag::H(1),
            b"h2" => Tag::H(2),
            b"h3" => Tag::H(3),
            b"h4" => Tag::H(4),
            b"h5" => Tag::H(5),
            b"h6" => Tag::H(6),
            b"head" => Tag::Head,
            b"header" => Tag::Header,
            b"html" => Tag::Html,
            b"li" => Tag::Li,
            b"main" => Tag::Main,
            b"nav" => Tag::Nav,
            b"ol" => Tag::Ol,
            b"option" => Tag::Opt,
            b"p" => Tag::P,
            b"table" => Tag::Table,
            b"td" | b"th" => Tag::Td,
            b"time" => Tag::Time,
            b"tr" => Tag::Tr,
            b"ul" => Tag::Ul,
            b"div" | b"section" | b"blockquote" | b"pre" | b"center" | b"address" | b"details"
            | b"summary" | b"caption" | b"fieldset" | b"legend" | b"form" | b"hgroup"
            | b"tbody" | b"thead" | b"tfoot" | b"dialog" | b"menu" | b"output" => Tag::Block,
            b"img" | b"meta" | b"link" | b"input" | b"hr" | b"area" | b"base" | b"col"
            | b"embed" | b"param" | b"source" | b"track" | b"wbr" | b"keygen" | b"image" => {
                Tag::Void
            }
            b"svg" | b"math" | b"button" | b"select" | b"template" | b"object" | b"canvas"
            | b"audio" | b"video" | b"map" | b"datalist" | b"picture" | b"label" => Tag::Ignored,
            b"script" | b"style" | b"title" | b"textarea" | b"xmp" | b"iframe" | b"noembed"
            | b"noframes" | b"noscript" | b"plaintext" => Tag::Raw,
            _ => Tag::Inline,
        }
    }

    /// Starts and ends a paragraph of its own.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::A | Tag::Time | Tag::Inline | Tag::Void | Tag::Ignored | Tag::Raw | Tag::Br
        )
    }

    /// Holds a paragraph's text itself (its container is its parent).
    pub fn is_paragraph(self) -> bool {
        matches!(
            self,
            Tag::P | Tag::H(_) | Tag::Li | Tag::Td | Tag::Dd | Tag::Dt
        )
    }
}

/// A boilerplate reason implied by the tag alone.
pub fn tag_reason(tag: Tag) -> Option<&'static str> {
    match tag {
        Tag::Nav => Some("nav"),
        Tag::Header => Some("header"),
        Tag::Footer => Some("footer"),
        Tag::Aside => Some("aside"),
        Tag::Figcaption | Tag::Figure => Some("caption"),
        _ => None,
    }
}

/// Class/id words that say "this is the article".
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "prose",
    "articlebody",
    "storybody",
    "hentry",
];

/// Class/id words that say "this is not the article", and why.
const NEGATIVE: &[(&str, &str)] = &[
    ("nav", "nav"),
    ("navbar", "nav"),
    ("navigation", "nav"),
    ("menu", "nav"),
    ("breadcrumb", "nav"),
    ("breadcrumbs", "nav"),
    ("pagination", "nav"),
    ("pager", "nav"),
    ("skip", "nav"),
    ("header", "header"),
    ("masthead", "header"),
    ("topbar", "header"),
    ("footer", "footer"),
    ("colophon", "footer"),
    ("sidebar", "aside"),
    ("aside", "aside"),
    ("rail", "aside"),
    ("widget", "aside"),
    ("related", "related"),
    ("recommended", "related"),
    ("recommendations", "related"),
    ("trending", "related"),
    ("popular", "related"),
    ("outbrain", "related"),
    ("taboola", "related"),
    ("readnext", "related"),
    ("comment", "comments"),
    ("comments", "comments"),
    ("disqus", "comments"),
    ("respond", "comments"),
    ("replies", "comments"),
    ("share", "share"),
    ("sharing", "share"),
    ("sharebar", "share"),
    ("social", "share"),
    ("addthis", "share"),
    ("ad", "ad"),
    ("ads", "ad"),
    ("advert", "ad"),
    ("advertisement", "ad"),
    ("adslot", "ad"),
    ("dfp", "ad"),
    ("sponsored", "ad"),
    ("sponsor", "ad"),
    ("banner", "ad"),
    ("cookie", "cookie"),
    ("cookies", "cookie"),
    ("consent", "cookie"),
    ("gdpr", "cookie"),
    ("newsletter", "promo"),
    ("subscribe", "promo"),
    ("subscription", "promo"),
    ("signup", "promo"),
    ("paywall", "promo"),
    ("donate", "promo"),
    ("promo", "promo"),
    ("caption", "caption"),
    ("figcaption", "caption"),
    ("credit", "caption"),
    ("byline", "byline"),
    ("author", "byline"),
    ("authors", "byline"),
    ("copyright", "copyright"),
    ("legal", "copyright"),
    ("tags", "tags"),
    ("topics", "tags"),
    ("keywords", "tags"),
    ("dateline", "dateline"),
    ("timestamp", "dateline"),
    ("date", "dateline"),
    ("hidden", "hidden"),
    ("hide", "hidden"),
    ("sronly", "hidden"),
    ("offscreen", "hidden"),
    ("modal", "widget"),
    ("popup", "widget"),
    ("overlay", "widget"),
    ("toolbar", "widget"),
];

/// Reasons from most to least specific, to name an element whose class has several.
const REASON_ORDER: &[&str] = &[
    "hidden",
    "cookie",
    "comments",
    "related",
    "share",
    "promo",
    "caption",
    "byline",
    "dateline",
    "tags",
    "copyright",
    "nav",
    "header",
    "footer",
    "aside",
    "widget",
    "ad",
];

/// How an element's attributes classify it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Class {
    /// Boilerplate reason, if the element is not article text.
    pub reason: Option<&'static str>,
    /// Score adjustment for content selection (+ article-like, − boilerplate-like).
    pub weight: i16,
    /// Not rendered (hidden attribute, display:none, aria-hidden).
    pub hidden: bool,
}

/// The reason and weight of one class token or id, e.g. "article-comments".
fn token_class(token: &str) -> (Option<&'static str>, bool) {
    let lower = token.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // State flags ("has-sidebar", "with-ads", "flag-…-on") describe the page, not the element.
    if words.first().is_some_and(|w| MODIFIERS.contains(w)) {
        return (None, false);
    }
    let positive = words.iter().any(|w| POSITIVE.contains(w));
    let negative_of = |w: &str| {
        NEGATIVE
            .iter()
            .find(|(n, _)| *n == w)
            .map(|(_, r)| *r)
            .or_else(|| STEMS.iter().find(|(st, _)| w.contains(st)).map(|(_, r)| *r))
    };
    // A negative last word decides ("article-comments" is comments), and then
    // the most specific negative word names the reason ("cookie-banner" is cookie).
    let last = words.last().and_then(|w| negative_of(w));
    let most_specific = words.iter().filter_map(|w| negative_of(w)).min_by_key(|r| {
        REASON_ORDER
            .iter()
            .position(|x| x == r)
            .unwrap_or(usize::MAX)
    });
    let last = last.and(most_specific);
    let any = most_specific.or_else(|| {
        let joined: String = words.concat();
        COMPOUNDS
            .iter()
            .find(|(p, _)| joined.contains(p))
            .map(|(_, r)| *r)
    });
    match (last, any) {
        (Some(r), _) => (Some(r), positive),
        (None, Some(r)) if !positive => (Some(r), false),
        _ => (None, positive),
    }
}

/// First words of class tokens that only flag a state.
const MODIFIERS: &[&str] = &[
    "has", "with", "without", "no", "is", "flag", "show", "hide", "enable", "enabled", "js", "can",
    "supports",
];

/// Stems that mark boilerplate even inside a longer word ("jp-relatedposts", "sitefooter").
const STEMS: &[(&str, &str)] = &[
    ("related", "related"),
    ("sidebar", "aside"),
    ("newsletter", "promo"),
    ("cookie", "cookie"),
    ("advert", "ad"),
    ("breadcrumb", "nav"),
    ("navbar", "nav"),
    ("sharing", "share"),
    ("social", "share"),
    ("disqus", "comments"),
    ("outbrain", "related"),
    ("taboola", "related"),
    ("footer", "footer"),
];

/// Word pairs written apart ("sr-only", "more-stories") that mean one thing.
const COMPOUNDS: &[(&str, &str)] = &[
    ("sronly", "hidden"),
    ("screenreader", "hidden"),
    ("visuallyhidden", "hidden"),
    ("morestories", "related"),
    ("mostread", "related"),
    ("readmore", "related"),
    ("upnext", "related"),
];

/// Classify an element from its tag and attributes.
pub fn classify(tag: Tag, attrs: &[Attr]) -> Class {
    let mut c = Class {
        reason: tag_reason(tag),
        ..Class::default()
    };
    let mut positive = false;
    let mut negative = None;
    for a in attrs {
        let name = a.name;
        if name.eq_ignore_ascii_case("class") || name.eq_ignore_ascii_case("id") {
            for token in a.value.split_ascii_whitespace() {
                let (r, p) = token_class(token);
                positive |= p && r.is_none();
                negative = negative.or(r);
            }
        } else if name.eq_ignore_ascii_case("hidden") {
            c.hidden = true;
        } else if name.eq_ignore_ascii_case("aria-hidden") {
            c.hidden |= a.value.eq_ignore_ascii_case("true");
        } else if name.eq_ignore_ascii_case("style") {
            let v: String = a
                .value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            c.hidden |= v.contains("display:none") || v.contains("visibility:hidden");
        } else if name.eq_ignore_ascii_case("rel") && a.value.eq_ignore_ascii_case("author") {
            negative = negative.or(Some("byline"));
        } else if name.eq_ignore_ascii_case("role") {
            let v = a.value.to_ascii_lowercase();
            match v.as_str() {
                "navigation" | "menu" | "menubar" => negative = negative.or(Some("nav")),
                "complementary" => negative = negative.or(Some("aside")),
                "contentinfo" => negative = negative.or(Some("footer")),
                "banner" => negative = negative.or(Some("header")),
                "dialog" | "alertdialog" => negative = negative.or(Some("widget")),
                "main" | "article" => positive = true,
                _ => {}
            }
        }
    }
    if negative == Some("hidden") {
        c.hidden = true;
        negative = None;
    }
    if matches!(tag, Tag::Article | Tag::Main | Tag::Body | Tag::Html) {
        // The page's own article and body are never boilerplate by class alone.
        c.weight += 25;
        negative = None;
    }
    if positive {
        // A modifier such as "has-sidebar" does not outweigh "post-content".
        c.weight += 25;
        negative = None;
    }
    if let Some(r) = negative {
        c.weight -= 25;
        c.reason = c.reason.or(Some(r));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_of(tag: &str, class: &str) -> Class {
        classify(
            Tag::of(tag),
            &[Attr {
                name: "class",
                value: class,
            }],
        )
    }

    #[test]
    fn class_words() {
        assert_eq!(class_of("div", "article-comments").reason, Some("comments"));
        assert_eq!(class_of("div", "post-content has-sidebar").reason, None);
        assert_eq!(class_of("div", "story-body").reason, None);
        assert!(class_of("div", "story-body").weight > 0);
        assert_eq!(class_of("div", "shadow header-ad").reason, Some("header"));
        assert_eq!(class_of("div", "cookie-banner").reason, Some("cookie"));
        assert_eq!(class_of("div", "add-to-cart").reason, None);
        assert_eq!(class_of("nav", "").reason, Some("nav"));
        assert!(class_of("span", "sr-only").hidden);
        assert_eq!(class_of("article", "comments").reason, None);
        assert_eq!(class_of("html", "has-big-ad flag-adQuery-on").reason, None);
        assert_eq!(class_of("div", "story has-big-ad").reason, None);
        assert_eq!(class_of("div", "jp-relatedposts").reason, Some("related"));
        assert_eq!(class_of("div", "sidebar text-center").reason, Some("aside"));
        assert_eq!(class_of("div", "commentary-body").reason, None);
    }
}
