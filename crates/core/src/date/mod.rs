//! Dates in the forms news pages and containers write them, normalised to ISO 8601.
//!
//! Pages state dates in a handful of formats (meta tags in ISO form, visible
//! datelines in words, US numeric dates). Parsing is done by hand rather than
//! with a general date library because those fill missing parts with "now"
//! and miss the newsroom formats ("Updated 3:57 PM ET, Tue March 18, 2015").

mod container;
pub use container::normalise_container;

/// Find the first date in `s` and return it as ISO: `YYYY-MM-DD`, or a full
/// datetime (`YYYY-MM-DDTHH:MM:SS` plus `Z`/offset when given) when `s` holds
/// an ISO datetime.
pub fn normalize(s: &str) -> Option<String> {
    find(s).map(|d| d.iso)
}

/// If a line is nothing but a date (with filler such as "Published", a time,
/// a weekday or a time zone), the ISO date it states.
pub fn dateline(s: &str) -> Option<String> {
    if s.len() > 160 || s.chars().count() > 80 {
        return None;
    }
    let found = find(s)?;
    let rest = format!("{} {}", &s[..found.start], &s[found.end..]);
    if rest.split(is_filler_sep).all(is_filler_word) {
        Some(found.iso)
    } else {
        None
    }
}

/// A date found in a string: ISO form and the byte range it occupied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub iso: String,
    pub start: usize,
    pub end: usize,
}

/// The first date in `s`, whichever format it is in.
pub fn find(s: &str) -> Option<Found> {
    let iso = find_iso(s);
    let words = find_words(s);
    match (iso, words) {
        (Some(a), Some(b)) => Some(if a.start <= b.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn is_filler_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | '—' | '/' | '(' | ')' | '·' | '•')
}

/// Words that may surround a date on a dateline without making it prose.
fn is_filler_word(w: &str) -> bool {
    let w = w.trim_matches(|c: char| c == '.' || c == ':');
    if w.is_empty() {
        return true;
    }
    // Times such as 3:57, 10:00:01, 3:57pm, 10.30
    if w.chars()
        .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
    {
        return w.chars().any(|c| c == ':' || c == '.') || w.len() <= 2;
    }
    let lower = w.to_ascii_lowercase();
    let lower = lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("pm"))
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ':'))
        .map(str::to_string)
        .unwrap_or(lower);
    if lower.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return true;
    }
    const FILLER: &[&str] = &[
        "published",
        "updated",
        "posted",
        "modified",
        "last",
        "first",
        "originally",
        "date",
        "on",
        "at",
        "am",
        "pm",
        "a.m",
        "p.m",
        "a",
        "p",
        "m",
        "et",
        "est",
        "edt",
        "ct",
        "cst",
        "cdt",
        "mt",
        "mst",
        "mdt",
        "pt",
        "pst",
        "pdt",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "z",
        "mon",
        "monday",
        "tue",
        "tues",
        "tuesday",
        "wed",
        "wednesday",
        "thu",
        "thur",
        "thurs",
        "thursday",
        "fri",
        "friday",
        "sat",
        "saturday",
        "sun",
        "sunday",
    ];
    FILLER.contains(&lower.as_str())
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    for (i, name) in NAMES.iter().enumerate() {
        if w == *name || ((3..=4).contains(&w.len()) && name.starts_with(w)) {
            return Some(i as u32 + 1);
        }
    }
    None
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1800..=2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn ymd(y: u32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Read `n` ASCII digits at `i`.
fn digits(b: &[u8], i: usize, n: usize) -> Option<u32> {
    let part = b.get(i..i + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(part.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by a time and zone.
fn find_iso(s: &str) -> Option<Found> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 10 <= b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_digit();
        let sep = b[i + 4];
        if boundary && (sep == b'-' || sep == b'/') && b[i + 7] == sep {
            if let (Some(y), Some(m), Some(d)) =
                (digits(b, i, 4), digits(b, i + 5, 2), digits(b, i + 8, 2))
            {
                let after_ok = b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
                if after_ok && valid(y, m, d) {
                    let (time, end) = iso_time(b, i + 10);
                    return Some(Found {
                        iso: format!("{}{}", ymd(y, m, d), time),
                        start: i,
                        end,
                    });
                }
            }
        }
        i += 1;
    }
    None
}

/// `THH:MM[:SS[.fff]][Z|±HH[:]MM]` at `i`; returns the normalised suffix and the end.
fn iso_time(b: &[u8], i: usize) -> (String, usize) {
    let none = (String::new(), i);
    if !matches!(b.get(i), Some(b'T') | Some(b' ')) {
        return none;
    }
    let (Some(h), Some(mi)) = (digits(b, i + 1, 2), digits(b, i + 4, 2)) else {
        return none;
    };
    if b.get(i + 3) != Some(&b':') || h > 23 || mi > 59 {
        return none;
    }
    let mut j = i + 6;
    let mut sec = 0;
    if b.get(j) == Some(&b':') {
        if let Some(sv) = digits(b, j + 1, 2).filter(|v| *v <= 60) {
            sec = sv;
            j += 3;
            if b.get(j) == Some(&b'.') {
                j += 1;
                while b.get(j).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                }
            }
        }
    }
    let mut out = format!("T{h:02}:{mi:02}:{sec:02}");
    match b.get(j) {
        Some(b'Z') => {
            out.push('Z');
            j += 1;
        }
        Some(&c @ (b'+' | b'-')) => {
            if let Some(oh) = digits(b, j + 1, 2) {
                let (om, len) = if b.get(j + 3) == Some(&b':') {
                    (digits(b, j + 4, 2), 6)
                } else {
                    (digits(b, j + 3, 2), 5)
                };
                if let Some(om) = om {
                    out.push_str(&format!("{}{oh:02}:{om:02}", c as char));
                    j += len;
                }
            }
        }
        _ => {}
    }
    (out, j)
}

/// A word or number token with its byte range.
struct Tok<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    // Class of a char: 0 digit, 1 letter, 2 space, 3 other (one token per char).
    let class = |c: char| {
        if c.is_ascii_digit() {
            0
        } else if c.is_alphabetic() {
            1
        } else if c.is_whitespace() {
            2
        } else {
            3
        }
    };
    let mut out = Vec::new();
    let mut run: Option<(usize, u8)> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        if let Some((st, rk)) = run {
            if rk == k && k < 2 {
                continue;
            }
            out.push(Tok {
                text: &s[st..i],
                start: st,
                end: i,
            });
            run = None;
        }
        if k != 2 {
            run = Some((i, k));
        }
    }
    if let Some((st, _)) = run {
        out.push(Tok {
            text: &s[st..],
            start: st,
            end: s.len(),
        });
    }
    out
}

fn num(t: &Tok) -> Option<u32> {
    if t.text.len() <= 4 && t.text.bytes().all(|c| c.is_ascii_digit()) {
        t.text.parse().ok()
    } else {
        None
    }
}

fn is_ordinal_suffix(t: &Tok) -> bool {
    matches!(
        t.text.to_ascii_lowercase().as_str(),
        "st" | "nd" | "rd" | "th"
    )
}

/// "February 22, 2021", "Feb. 22nd 2021", "22 February 2021", "22nd of Feb, 2021", "03/18/2015".
fn find_words(s: &str) -> Option<Found> {
    let t = tokens(s);
    let skip = |mut k: usize, what: &[&str]| {
        while k < t.len() && what.iter().any(|w| t[k].text.eq_ignore_ascii_case(w)) {
            k += 1;
        }
        k
    };
    for i in 0..t.len() {
        // Month Day[suffix][,] Year
        if let Some(m) = month_of(t[i].text) {
            let mut k = skip(i + 1, &["."]);
            if let Some(d) = t.get(k).and_then(num) {
                k += 1;
                if t.get(k).is_some_and(is_ordinal_suffix) {
                    k += 1;
                }
                k = skip(k, &[","]);
                if let Some(y) = t.get(k).filter(|x| x.text.len() == 4).and_then(num) {
                    if valid(y, m, d) {
                        return Some(Found {
                            iso: ymd(y, m, d),
                            start: t[i].start,
                            end: t[k].end,
                        });
                    }
                }
            }
        }
        if let Some(d) = num(&t[i]).filter(|_| t[i].text.len() <= 2) {
            // Day [suffix] [of] Month[.][,] Year
            let mut k = i + 1;
            if t.get(k).is_some_and(is_ordinal_suffix) {
                k += 1;
            }
            k = skip(k, &["of"]);
            if let Some(m) = t.get(k).and_then(|x| month_of(x.text)) {
                k = skip(k + 1, &[".", ","]);
                if let Some(y) = t.get(k).filter(|x| x.text.len() == 4).and_then(num) {
                    if valid(y, m, d) {
                        return Some(Found {
                            iso: ymd(y, m, d),
                            start: t[i].start,
                            end: t[k].end,
                        });
                    }
                }
            }
            // MM/DD/YYYY (US order) or MM/DD/YY
            if t.get(i + 1).is_some_and(|x| x.text == "/")
                && t.get(i + 3).is_some_and(|x| x.text == "/")
            {
                let day = t.get(i + 2).filter(|x| x.text.len() <= 2).and_then(num);
                let year = t.get(i + 4).and_then(|x| match x.text.len() {
                    4 => num(x),
                    2 => num(x).map(|v| 2000 + v),
                    _ => None,
                });
                if let (Some(day), Some(y)) = (day, year) {
                    if valid(y, d, day) {
                        return Some(Found {
                            iso: ymd(y, d, day),
                            start: t[i].start,
                            end: t[i + 4].end,
                        });
                    }
                }
            }
        }
    }
    None
}

/// A date in a URL path: `/2021/02/22/` or `/2021-02-22/`.
pub fn from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segs: Vec<&str> = path.split('/').collect();
    for w in segs.windows(3) {
        if let (Ok(y), Ok(m), Ok(d)) = (
            w[0].parse::<u32>(),
            w[1].parse::<u32>(),
            w[2].parse::<u32>(),
        ) {
            if w[0].len() == 4 && valid(y, m, d) {
                return Some(ymd(y, m, d));
            }
        }
    }
    segs.iter()
        .filter_map(|s| find_iso(s).filter(|f| f.start == 0 && f.end == s.len()))
        .map(|f| f.iso)
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_formats() {
        assert_eq!(
            normalize("February 22, 2021").as_deref(),
            Some("2021-02-22")
        );
        assert_eq!(normalize("Feb. 22, 2021").as_deref(), Some("2021-02-22"));
        assert_eq!(normalize("Sept. 3, 2019").as_deref(), Some("2019-09-03"));
        assert_eq!(normalize("22 February 2021").as_deref(), Some("2021-02-22"));
        assert_eq!(
            normalize("22nd of February, 2021").as_deref(),
            Some("2021-02-22")
        );
        assert_eq!(normalize("March 18th 2015").as_deref(), Some("2015-03-18"));
        assert_eq!(normalize("03/18/2015").as_deref(), Some("2015-03-18"));
        assert_eq!(
            normalize("Updated 3:57 PM ET, Tue March 18, 2015").as_deref(),
            Some("2015-03-18")
        );
    }

    #[test]
    fn iso_forms() {
        assert_eq!(
            normalize("2021-02-22T10:00:00Z").as_deref(),
            Some("2021-02-22T10:00:00Z")
        );
        assert_eq!(
            normalize("2021-02-22T10:00:00.123-0500").as_deref(),
            Some("2021-02-22T10:00:00-05:00")
        );
        assert_eq!(
            normalize("2021-02-22 10:00").as_deref(),
            Some("2021-02-22T10:00:00")
        );
        assert_eq!(normalize("2021-02-22").as_deref(), Some("2021-02-22"));
        assert_eq!(normalize("2021/02/22").as_deref(), Some("2021-02-22"));
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(normalize("February 30, 2021"), None);
        assert_eq!(normalize("13/18/2015"), None);
        assert_eq!(normalize("the 2021 budget"), None);
        assert_eq!(normalize("May I help, 2021 people"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn datelines_are_only_dates() {
        assert_eq!(dateline("February 22, 2021").as_deref(), Some("2021-02-22"));
        assert_eq!(
            dateline("Published: Monday, February 22, 2021 at 10:00 a.m. ET").as_deref(),
            Some("2021-02-22")
        );
        assert_eq!(
            dateline("Updated 3:57 PM ET, Tue March 18, 2015").as_deref(),
            Some("2015-03-18")
        );
        assert_eq!(dateline("Kerry met Zarif on February 22, 2021."), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            from_url("https://x.com/news/2021/02/22/iran-talks/").as_deref(),
            Some("2021-02-22")
        );
        assert_eq!(
            from_url("https://x.com/a/2021-02-22/b").as_deref(),
            Some("2021-02-22")
        );
        assert_eq!(from_url("https://x.com/a/b"), None);
    }
}
