//! Judging a single paragraph: is it promo, a byline, a caption, a headline…?
//!
//! These are general cues of scraped news layouts (not phrases of any one
//! article). Each function errs on the side of keeping text: a false removal
//! loses body text, a false keep only adds a line of noise.

/// Words in a paragraph, separated by ASCII whitespace (cleaned paragraphs
/// have no other kind). Byte-level because it runs on every paragraph.
pub fn words(s: &str) -> usize {
    words_upto(s, usize::MAX - 1)
}

/// Words, counting no further than `max + 1` (enough to reject long text cheaply).
fn words_upto(s: &str, max: usize) -> usize {
    let mut n = 0;
    let mut in_space = true;
    for b in s.bytes() {
        let space = b.is_ascii_whitespace();
        if in_space && !space {
            n += 1;
            if n > max {
                break;
            }
        }
        in_space = space;
    }
    n
}

/// Paragraphs longer than this (bytes) are never one-line boilerplate.
const SHORT_BYTES: usize = 400;

/// Does `lower` (already lowercased) start with one of the prefixes?
fn lower_starts(lower: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| lower.starts_with(p))
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*']);
    t.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Does the paragraph end like a finished sentence (including a closing quote)?
pub fn has_final_punct(s: &str) -> bool {
    ends_sentence(s)
}

/// A call to follow, join, subscribe or download: "Join our Telegram channel",
/// "Sign up for our newsletter", "Follow us on Twitter".
pub fn is_promo(s: &str) -> bool {
    if s.len() > SHORT_BYTES {
        return false;
    }
    let n = words_upto(s, 40);
    if n == 0 || n > 40 {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    // Quoted speech that happens to say "join our…" is body, not promo.
    if s.starts_with(['"', '“', '‘']) || lower.contains(" said") || lower.contains(" says") {
        return false;
    }
    const CALLS: &[&str] = &[
        "join our",
        "join us on",
        "subscribe",
        "sign up",
        "follow us",
        "like us on",
        "download our",
        "download the",
        "get the app",
        "get our",
        "click here",
        "support our",
        "become a member",
        "don't miss",
        "don’t miss",
        "want more",
        "listen to our",
        "get breaking news",
    ];
    const OBJECTS: &[&str] = &[
        "newsletter",
        "channel",
        "telegram",
        "app",
        "facebook",
        "twitter",
        "instagram",
        "youtube",
        "podcast",
        "inbox",
        "email",
        "e-mail",
        "updates",
        "alerts",
        "news",
        "subscribe",
        "subscription",
        "membership",
        "journalism",
        "free",
    ];
    // The call opens the paragraph or one of its sentences; in a short line
    // without a full stop it may stand anywhere.
    let sentence_starts = std::iter::once(0).chain(
        lower
            .match_indices(['.', '!'])
            .map(|(i, _)| i + 1 + lower[i + 1..].len() - lower[i + 1..].trim_start().len()),
    );
    let mut call = false;
    for start in sentence_starts {
        let rest = &lower[start.min(lower.len())..];
        if CALLS.iter().any(|c| rest.starts_with(c)) {
            call = true;
            break;
        }
    }
    let loose = !call && n <= 15 && !ends_sentence(s) && CALLS.iter().any(|c| lower.contains(c));
    (call || loose) && OBJECTS.iter().any(|o| lower.contains(o))
}

/// A byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters". Returns the names.
pub fn byline(s: &str) -> Option<String> {
    if s.len() > 200 || !s.get(..8).unwrap_or(s).to_ascii_lowercase().contains("by ") {
        return None;
    }
    if !(2..=20).contains(&words_upto(s, 20)) {
        return None;
    }
    let rest = ["By ", "BY ", "by ", "Written by ", "Story by ", "Words by "]
        .iter()
        .find_map(|p| s.strip_prefix(p))?;
    // The name ends at a separator, a comma (", Reuters") or a date.
    let rest = match crate::date::find(rest) {
        Some(d) => &rest[..d.start],
        None => rest,
    };
    let rest = rest
        .split(['|', '•', '·', ',', '\u{2014}', '\u{2013}'])
        .next()
        .unwrap_or(rest);
    const JOINERS: &[&str] = &["and", "&", "de", "van", "von", "la", "del", "bin", "al"];
    let mut name: Vec<&str> = Vec::new();
    for w in rest.split_whitespace() {
        let w = w.trim_end_matches(['.', ':']);
        if JOINERS.contains(&w) || w.chars().next().is_some_and(char::is_uppercase) {
            name.push(w);
        } else {
            break;
        }
    }
    while name.last().is_some_and(|w| JOINERS.contains(w)) {
        name.pop();
    }
    let n = name.len();
    let initials_ok = name.iter().filter(|w| w.len() > 1).count() >= 1;
    // What follows the name may be an outlet, a job title or a date, not prose
    // ("By Tuesday, officials said…" is a sentence).
    const ROLE_WORDS: &[&str] = &[
        "staff",
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "contributor",
        "columnist",
        "and",
        "updated",
        "published",
        "posted",
        "with",
        "from",
        "senior",
        "chief",
        "political",
        "news",
        "special",
        "the",
    ];
    let prose = s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.len() >= 3 && w.chars().next().is_some_and(char::is_lowercase) && !ROLE_WORDS.contains(&w)
    });
    ((1..=8).contains(&n) && initials_ok && !prose).then(|| name.join(" "))
}

/// Copyright and rights notices.
pub fn is_copyright(s: &str) -> bool {
    if s.len() > SHORT_BYTES {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    words_upto(s, 40) <= 40
        && (s.starts_with('©')
            || lower.starts_with("copyright")
            || lower.starts_with("(c) ")
            || lower.contains("all rights reserved")
            || (lower.contains("may not be published, broadcast")
                && lower.contains("redistributed")))
}

/// Share bars, "Related:" teasers and similar one-liners.
pub fn short_boilerplate(s: &str) -> Option<&'static str> {
    if s.len() > SHORT_BYTES {
        return None;
    }
    let n = words_upto(s, 25);
    if n > 25 {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let t = lower.trim_end_matches([':', '.', ' ']);
    if matches!(
        t,
        "advertisement"
            | "advertising"
            | "ad"
            | "sponsored"
            | "sponsored content"
            | "story continues below advertisement"
    ) {
        return Some("ad");
    }
    if s.starts_with("RELATED")
        || s.starts_with("READ MORE")
        || lower_starts(
            &lower,
            &[
                "related:",
                "read more:",
                "read also:",
                "see also:",
                "more:",
                "recommended:",
                "also read:",
                "watch:",
                "watch more:",
            ],
        )
    {
        return Some("related");
    }
    if lower_starts(
        &lower,
        &[
            "share this",
            "share on",
            "share:",
            "tweet this",
            "email this",
        ],
    ) || n >= 2
        && t.split(|c: char| c.is_whitespace() || c == '|')
            .filter(|w| !w.is_empty())
            .all(|w| {
                matches!(
                    w,
                    "share"
                        | "tweet"
                        | "email"
                        | "print"
                        | "facebook"
                        | "twitter"
                        | "whatsapp"
                        | "linkedin"
                        | "reddit"
                        | "pinterest"
                        | "comments"
                        | "comment"
                        | "save"
                )
            })
    {
        return Some("share");
    }
    if lower_starts(&lower, &["tags:", "topics:", "filed under"]) {
        return Some("tags");
    }
    if lower_starts(
        &lower,
        &[
            "reporting by",
            "additional reporting by",
            "editing by",
            "compiled by",
            "writing by",
        ],
    ) {
        return Some("credit");
    }
    if t.contains(" > ") && !ends_sentence(s) {
        return Some("nav");
    }
    None
}

/// A photo credit at the end: "(AP Photo/Evan Vucci)", "Photo: Reuters",
/// "Credit: Getty Images".
pub fn has_photo_credit(s: &str) -> bool {
    let tail_start = s.char_indices().rev().nth(79).map_or(0, |(i, _)| i);
    let head_end = s.char_indices().nth(20).map_or(s.len(), |(i, _)| i);
    let tail = s[tail_start..].to_ascii_lowercase();
    let head = s[..head_end].to_ascii_lowercase();
    const CREDIT: &[&str] = &[
        "photo:",
        "photo by",
        "photo/",
        "photo credit",
        "photograph:",
        "credit:",
        "image:",
        "picture:",
        "getty images",
        "ap photo",
        "afp photo",
        "reuters/",
        "epa-efe",
        "via getty",
        "shutterstock",
        "file photo",
    ];
    lower_starts(
        &head,
        &[
            "photo:",
            "image:",
            "file photo",
            "file -",
            "file:",
            "pictured:",
            "above:",
        ],
    ) || CREDIT.iter().any(|c| tail.contains(c))
}

/// Ends with a parenthesised credit with no final full stop:
/// "… on August 5, 2014. (U.S. State Department)".
pub fn ends_with_paren_credit(s: &str) -> bool {
    let t = s.trim_end();
    if !t.ends_with(')') {
        return false;
    }
    let Some(open) = t.rfind('(') else {
        return false;
    };
    let inner = &t[open + 1..t.len() - 1];
    let n = words(inner);
    (1..=8).contains(&n)
        && inner.chars().next().is_some_and(|c| c.is_uppercase())
        && !inner.ends_with('.')
}

/// A headline: a short line without final punctuation that starts with a
/// capital, digit or quote.
pub fn looks_like_headline(s: &str) -> bool {
    if s.len() > 300 {
        return false;
    }
    let n = words(s);
    (2..=25).contains(&n)
        && s.chars().count() <= 200
        && !ends_sentence(s.trim_end())
        && !s.trim_end().ends_with(',')
        && s.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'')
        })
}

/// Ordinary body prose: long enough and ending like a sentence.
pub fn is_body_like(s: &str) -> bool {
    let n = words_upto(s, 25);
    n >= 25 || (n >= 8 && ends_sentence(s))
}

/// Length in bytes of a wire-style dateline that opens a paragraph
/// ("WASHINGTON (Reuters) - ", "HEMPSTEAD, N.Y., Sept. 26 (UPI) — ",
/// "PARIS — "), so that later stages can skip it. The cleaner keeps these
/// prefixes in the text: they are part of the lead sentence as published.
pub fn dateline_prefix(s: &str) -> Option<usize> {
    let window = &s[..s.char_indices().nth(120).map_or(s.len(), |(i, _)| i)];
    let (at, sep) = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|sep| window.find(sep).map(|i| (i, *sep)))
        .min_by_key(|(i, _)| *i)?;
    let prefix = &s[..at];
    let first = prefix.split([' ', ',']).next()?;
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    let caps = letters >= 2
        && first
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\''));
    // Nothing but place names, abbreviations, a date and an agency in parentheses.
    let plain = prefix
        .split_whitespace()
        .all(|w| !w.chars().next().is_some_and(char::is_lowercase) || w.starts_with('('));
    (caps && plain).then(|| at + sep.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promo_lines() {
        assert!(is_promo(
            "Join our brand new verified Telegram channel and get important news uncensored!"
        ));
        assert!(is_promo("Sign up for our daily newsletter"));
        assert!(is_promo("Follow us on Twitter and Facebook"));
        assert!(!is_promo(
            "“Join our movement,” the candidate said to a cheering crowd in Ohio."
        ));
        assert!(!is_promo("Lawmakers voted to subscribe the country to a new treaty on news media freedom, officials said."));
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            byline("By Jane Doe and John Roe, Reuters").as_deref(),
            Some("Jane Doe and John Roe")
        );
        assert_eq!(byline("By the time he arrived, the vote was over."), None);
        assert_eq!(
            byline("By Ana Ruiz JAN. 13, 2017").as_deref(),
            Some("Ana Ruiz")
        );
        assert_eq!(
            byline("By JEFFREY GETTLEMAN").as_deref(),
            Some("JEFFREY GETTLEMAN")
        );
        assert_eq!(
            byline("By Ann Lee | Feb. 3, 2020").as_deref(),
            Some("Ann Lee")
        );
    }

    #[test]
    fn captions() {
        assert!(ends_with_paren_credit(
            "A man speaks in Washington, D.C., on August 5, 2014. (U.S. State Department)"
        ));
        assert!(!ends_with_paren_credit(
            "Sen. Marco Rubio (R-FL) called for an inquiry (again)."
        ));
        assert!(has_photo_credit(
            "Protesters march in the capital on Sunday. (AP Photo/Jane Roe)"
        ));
        assert!(has_photo_credit("Photo: Reuters"));
        assert!(!has_photo_credit(
            "The minister said the photo was taken in 2019."
        ));
    }

    #[test]
    fn headlines_and_body() {
        assert!(looks_like_headline(
            "Top diplomats held secret talks say new sources"
        ));
        assert!(!looks_like_headline(
            "Stealth Over Health: Clinton Was Headed to ER."
        ));
        assert!(!looks_like_headline(
            "Warren Hammers CEO: ‘You Should Be Investigated.’"
        ));
        assert!(!looks_like_headline("Can you imagine if he were a woman?"));
        assert!(is_body_like("As the administration carried on a pressure campaign, diplomats were holding talks with officials."));
        assert!(!is_body_like("Share this"));
    }

    #[test]
    fn wire_datelines() {
        let s = "WASHINGTON (Reuters) - The Senate voted on Tuesday.";
        assert_eq!(
            &s[dateline_prefix(s).unwrap()..],
            "The Senate voted on Tuesday."
        );
        let s =
            "HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party candidate Jill Stein was escorted off.";
        assert_eq!(
            &s[dateline_prefix(s).unwrap()..],
            "Green Party candidate Jill Stein was escorted off."
        );
        assert_eq!(dateline_prefix("NATO allies met - and agreed."), None);
        assert_eq!(dateline_prefix("The vote - a close one - passed."), None);
        assert_eq!(dateline_prefix(&"é".repeat(200)), None);
    }

    #[test]
    fn short_lines() {
        assert_eq!(short_boilerplate("Advertisement"), Some("ad"));
        assert_eq!(
            short_boilerplate("RELATED: Senate passes the bill"),
            Some("related")
        );
        assert_eq!(short_boilerplate("Share | Tweet | Email"), Some("share"));
        assert_eq!(
            short_boilerplate("Reporting by Jane Roe; Editing by John Doe"),
            Some("credit")
        );
        assert_eq!(short_boilerplate("Home > World > Middle East"), Some("nav"));
        assert_eq!(short_boilerplate("The talks ended without a deal."), None);
        assert!(is_copyright("© 2021 Example Media. All rights reserved."));
    }
}
