//! Pieces of a news page that stand alone even when the page's text runs
//! them into the next words without punctuation: a photo credit after its
//! caption ("Peekaboo Cosplay as The Fawn ‖Image: Nick Moreau.") and the
//! article's date line before its first sentence ("Thursday, May 7, 2015
//! ‖On Tuesday, the ..."). The boundary classifier rarely meets either in
//! training (no punctuation announces them, and candidates without it are
//! mostly not boundaries), so these are rules. In GUM train + dev, 29 of 31
//! "Image:" credits start a sentence (the other two follow a period, where
//! the classifier decides as before); no EWT train or dev sentence has one.

use crate::tokenize::{Gap, Toks};
use crate::words;

fn word<'a>(text: &'a str, toks: &Toks, i: usize) -> &'a str {
    toks.spans
        .get(i)
        .and_then(|s| text.get(s.start..s.end))
        .unwrap_or("")
}

/// Does a photo credit ("Image:", "Photo:") start at token `j`?
pub(crate) fn credit_at(text: &str, toks: &Toks, j: usize) -> bool {
    matches!(
        word(text, toks, j),
        "Image" | "Images" | "Photo" | "Photos" | "Photograph" | "Picture"
    ) && word(text, toks, j + 1) == ":"
        && toks.get(j + 1).is_some_and(|t| t.gap == Gap::None)
}

/// Are tokens `start..=i` a date line that opens its paragraph or line:
/// "Thursday, May 7, 2015"?
pub(crate) fn date_line(text: &str, toks: &Toks, start: usize, i: usize) -> bool {
    if i != start + 5 {
        return false;
    }
    let opens = start == 0
        || toks
            .get(start)
            .is_some_and(|t| matches!(t.gap, Gap::Para | Gap::Line));
    let w = |k: usize| word(text, toks, start + k);
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    opens
        && words::DAYS.contains(&w(0))
        && w(1) == ","
        && words::MONTHS.contains(&w(2))
        && digits(w(3), 1..=2)
        && w(4) == ","
        && digits(w(5), 4..=4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn toks(text: &str) -> Toks {
        let mut t = Toks::with_capacity(32);
        tokenize(text, &mut t);
        t
    }

    #[test]
    fn credits() {
        let text = "The Fawn Image: Nick Moreau. Image : x. Imaged: y";
        let t = toks(text);
        let at: Vec<bool> = (0..t.len()).map(|j| credit_at(text, &t, j)).collect();
        assert_eq!(at.iter().filter(|&&b| b).count(), 1, "{at:?}");
        assert!(at[2]);
    }

    #[test]
    fn date_lines() {
        let text = "Thursday, May 7, 2015 On Tuesday, the";
        let t = toks(text);
        assert!(date_line(text, &t, 0, 5));
        assert!(!date_line(text, &t, 0, 4));
        let text = "He left Thursday, May 7, 2015 On";
        let t = toks(text);
        assert!(!date_line(text, &t, 2, 7));
        let text = "Thursday, Mayday 7, 2015 On";
        let t = toks(text);
        assert!(!date_line(text, &t, 0, 5));
    }
}
