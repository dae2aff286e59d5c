//! Decisions about one word-like stretch: hyphen splitting, abbreviation
//! periods and clitics, following UD English EWT tokenisation.

/// Prefixes whose hyphen stays inside the word in EWT/GUM ("non-profit",
/// "e-mail", "co-founder"); other hyphenated compounds are split at the hyphen.
const KEPT_PREFIXES: &[&str] = &[
    "non", "e", "re", "anti", "mid", "pre", "co", "pro", "cross", "post", "over", "semi",
    "counter", "multi", "ex", "sub", "mini", "inter", "neo", "socio", "psycho", "intra", "micro",
    "proto", "mis", "un", "arch", "ultra", "pseudo", "quasi", "trans", "bi", "tri",
];

/// Should "a-b-c" stay one token? `parts` are the hyphen-separated pieces.
pub(crate) fn keep_hyphenated(parts: &[&str]) -> bool {
    let Some(first) = parts.first() else {
        return false;
    };
    if parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        // Phone numbers and dates ("713-853-3989", "11-20-2000", "345-9945") stay whole;
        // ranges ("3-4", "5-10") split.
        return parts.len() >= 3 || (parts.len() == 2 && first.len() == 3 && parts[1].len() == 4);
    }
    KEPT_PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(first))
}

/// Clitics that follow an apostrophe and form their own word ("John's", "we're").
const APOSTROPHE_CLITICS: &[&str] = &["s", "re", "ll", "ve", "m", "d"];

/// Where (byte offset inside `word`) the word splits into two syntactic words, if it does.
pub(crate) fn clitic_split(word: &str, has_apostrophe: bool) -> Option<usize> {
    let b = word.as_bytes();
    if !has_apostrophe {
        return fused_split(b);
    }
    // "n't" / "n’t": do|n't, ca|n't, wo|n't.
    for tail in ["n't", "n’t"] {
        let t = tail.as_bytes();
        if b.len() > t.len() && b[b.len() - t.len()..].eq_ignore_ascii_case(t) {
            let k = b.len() - t.len();
            if word
                .get(..k)
                .and_then(|w| w.chars().next_back())
                .is_some_and(char::is_alphabetic)
            {
                return Some(k);
            }
        }
    }
    // Apostrophe + clitic, after letters only ("1960's" stays whole).
    if let Some((k, apo)) = word
        .char_indices()
        .rev()
        .find(|&(_, c)| c == '\'' || c == '’')
    {
        let rest = &word[k + apo.len_utf8()..];
        let before = &word[..k];
        if !before.is_empty()
            && before.chars().next_back().is_some_and(char::is_alphabetic)
            && APOSTROPHE_CLITICS
                .iter()
                .any(|c| c.eq_ignore_ascii_case(rest))
        {
            return Some(k);
        }
    }
    None
}

/// "gonna", "cannot", "dont": checked only for short all-letter words.
fn fused_split(b: &[u8]) -> Option<usize> {
    if b.len() < 2 || b.len() > 8 {
        return None;
    }
    // Cheap filter on (length, first, last letter) before the full comparison.
    let key = (b.len(), b[0] | 0x20, b[b.len() - 1] | 0x20);
    if !matches!(
        key,
        (5, b'g' | b'w' | b'o', b'a')
            | (4, b'd' | b'w' | b'c' | b'i' | b'a', b't')
            | (5, b'd' | b'w' | b'a', b't')
            | (6, b'c' | b'd' | b'w', b't')
            | (7, b'c' | b'w', b't')
            | (8, b's', b't')
            | (5, b'y', b'e' | b'l')
            | (6, b't', b'e' | b's')
            | (5, b't' | b'w', b's')
            | (2, b'i', b'm')
            | (3, b'i', b'e')
    ) {
        return None;
    }
    let mut buf = [0u8; 8];
    for (d, s) in buf.iter_mut().zip(b) {
        if !s.is_ascii_alphabetic() {
            return None;
        }
        *d = s.to_ascii_lowercase();
    }
    // Words written without an apostrophe that EWT splits into two words
    // ("gonna" = gon + na), with the byte at which the second word starts.
    match &buf[..b.len()] {
        b"gonna" | b"wanna" | b"gotta" | b"outta" | b"cannot" => Some(3),
        b"dont" | b"wont" | b"cant" | b"isnt" | b"aint" => Some(2),
        b"didnt" | b"wasnt" | b"arent" | b"youre" | b"youll" => Some(3),
        b"doesnt" | b"werent" | b"theyre" | b"thats" | b"whats" => Some(4),
        b"couldnt" | b"wouldnt" | b"theres" => Some(5),
        b"shouldnt" => Some(6),
        b"im" | b"ive" => Some(1),
        _ => None,
    }
}

/// Unit and time suffixes EWT splits from a number ("5pm" = 5 + pm, "$3M", "65k").
const UNITS: &[&str] = &[
    "am", "pm", "m", "k", "b", "bn", "mn", "km", "kg", "mm", "cm", "ml", "mg", "ft", "lb", "lbs",
    "oz", "mph", "kph", "gb", "mb", "kb", "tb", "ghz", "mhz", "hz", "kw", "mw", "gw", "hrs", "min",
    "mins", "yrs",
];

/// If `word` is a number followed by a unit ("5pm", "180.9m"), where the unit starts.
pub(crate) fn unit_split(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    let k = b
        .iter()
        .position(|c| !(c.is_ascii_digit() || *c == b'.' || *c == b','))?;
    if k == 0 || !b[k - 1].is_ascii_digit() {
        return None;
    }
    let unit = &word[k..];
    UNITS
        .iter()
        .any(|u| u.eq_ignore_ascii_case(unit))
        .then_some(k)
}

/// "U.S", "a.m", "Ph.D", "e.g": letter groups of at most two letters joined by periods.
pub(crate) fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|g| !g.is_empty() && g.chars().count() <= 2 && g.chars().all(char::is_alphabetic))
}

/// A single capital letter, as in an initial ("George W. Bush").
pub(crate) fn is_initial(word: &str) -> bool {
    let mut cs = word.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// Weekday names, for date and time patterns ("Thursday, May 7, 2015",
/// "at 9 a.m. Tuesday").
pub(crate) const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month names, for date patterns ("March 9", "Thursday, May 7, 2015").
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn clitic_split_t(w: &str) -> Option<usize> {
        clitic_split(w, w.contains(['\'', '’']))
    }

    #[test]
    fn clitics() {
        assert_eq!(clitic_split_t("don't"), Some(2));
        assert_eq!(clitic_split_t("won’t"), Some(2));
        assert_eq!(clitic_split_t("John's"), Some(4));
        assert_eq!(clitic_split_t("we're"), Some(2));
        assert_eq!(clitic_split_t("1960's"), None);
        assert_eq!(clitic_split_t("O'Brien"), None);
        assert_eq!(clitic_split_t("gonna"), Some(3));
        assert_eq!(clitic_split_t("Cannot"), Some(3));
        assert_eq!(clitic_split_t("n't"), None);
        assert_eq!(clitic_split_t("going"), None);
    }

    #[test]
    fn units() {
        assert_eq!(unit_split("5pm"), Some(1));
        assert_eq!(unit_split("180.9m"), Some(5));
        assert_eq!(unit_split("1990s"), None);
        assert_eq!(unit_split("13th"), None);
        assert_eq!(unit_split("pm"), None);
    }

    #[test]
    fn hyphens() {
        assert!(keep_hyphenated(&["e", "mail"]));
        assert!(keep_hyphenated(&["Non", "profit"]));
        assert!(keep_hyphenated(&["713", "853", "3989"]));
        assert!(!keep_hyphenated(&["3", "4"]));
        assert!(!keep_hyphenated(&["so", "called"]));
    }

    #[test]
    fn acronyms() {
        assert!(is_dotted_acronym("U.S"));
        assert!(is_dotted_acronym("Ph.D"));
        assert!(!is_dotted_acronym("www.google.com"));
        assert!(!is_dotted_acronym("3.5"));
        assert!(is_initial("W"));
        assert!(!is_initial("We"));
        assert!(!is_initial("s"));
    }
}
