//! Fallback sentence splitting and tokenisation, used only when the document
//! arrives without tokens (the segment crate is still a placeholder). Close
//! enough to UD EWT conventions that the model's features mean the same thing
//! on either: punctuation and quotes are separate tokens, clitics ('s, n't)
//! are split, abbreviations (U.S., Sen.) keep their period.

use backchannel_core::{Document, Sentence, Token};

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "st", "jr", "sr", "gen", "lt", "col", "sgt",
    "prof", "rev", "hon", "pres", "vs", "no", "inc", "corp", "co", "ltd", "jan", "feb", "mar",
    "apr", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m",
    "e.g", "i.e", "ft", "mt", "calif", "fla", "ariz", "mass", "conn", "ill", "wash", "va", "pa",
    "ore", "tenn", "ky",
];

/// Fill `doc.tokens` and `doc.sentences` when they are empty.
pub fn ensure_tokens(doc: &mut Document) {
    if !doc.tokens.is_empty() {
        if doc.sentences.is_empty() {
            let (a, b) = (doc.tokens[0].start, doc.tokens[doc.tokens.len() - 1].end);
            doc.sentences.push(Sentence { start: a, end: b });
        }
        return;
    }
    let chars: Vec<char> = doc.text.chars().collect();
    let toks = tokenize(&chars);
    doc.sentences = sentences(&chars, &toks);
    doc.tokens = toks.into_iter().map(|(a, b)| Token::new(a, b)).collect();
}

fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

fn tokenize(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        split_chunk(chars, s, i, &mut out);
    }
    out
}

/// Split one whitespace-delimited chunk into tokens.
fn split_chunk(chars: &[char], mut a: usize, mut b: usize, out: &mut Vec<(usize, usize)>) {
    // Leading punctuation, one char each.
    while a < b && is_punct(chars[a]) && !(chars[a] == '$' || chars[a] == '#' || chars[a] == '@') {
        out.push((a, a + 1));
        a += 1;
    }
    let mut tail = Vec::new();
    loop {
        if a >= b {
            break;
        }
        let c = chars[b - 1];
        if c == '.' && is_abbrev(chars, a, b) {
            break;
        }
        if is_punct(c) && c != '%' {
            tail.push((b - 1, b));
            b -= 1;
            continue;
        }
        break;
    }
    if a < b {
        // Internal dashes (em/en) split words: "campaign—and".
        let mut s = a;
        let mut k = a;
        while k < b {
            if matches!(chars[k], '—' | '–')
                || (chars[k] == '-' && k + 1 < b && chars[k + 1] == '-')
            {
                push_word(chars, s, k, out);
                let w = if chars[k] == '-' { 2 } else { 1 };
                out.push((k, k + w));
                k += w;
                s = k;
            } else {
                k += 1;
            }
        }
        push_word(chars, s, b, out);
    }
    out.extend(tail.into_iter().rev());
}

/// Push a word, splitting English clitics ('s, n't, 're, 'll, 've, 'd, 'm).
fn push_word(chars: &[char], a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    if a >= b {
        return;
    }
    let low: String = chars[a..b]
        .iter()
        .map(|c| c.to_ascii_lowercase())
        .collect::<String>()
        .replace('’', "'");
    let n = b - a;
    for suf in ["n't", "'s", "'re", "'ll", "'ve", "'d", "'m"] {
        let k = suf.chars().count();
        if n > k && low.ends_with(suf) {
            out.push((a, b - k));
            out.push((b - k, b));
            return;
        }
    }
    out.push((a, b));
}

fn is_abbrev(chars: &[char], a: usize, b: usize) -> bool {
    let w: String = chars[a..b - 1]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .collect();
    if w.chars().count() == 1 && w.chars().all(|c| c.is_alphabetic()) {
        return true;
    }
    if w.contains('.') && w.chars().all(|c| c.is_alphabetic() || c == '.') {
        return true;
    }
    ABBREV.contains(&w.as_str())
}

fn sentences(chars: &[char], toks: &[(usize, usize)]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for i in 0..toks.len() {
        let (a, b) = toks[i];
        let next = toks.get(i + 1);
        let newline_after = next.is_some_and(|n| chars[b..n.0].contains(&'\n'));
        let end_punct = b - a == 1 && matches!(chars[a], '.' | '!' | '?');
        let closer = b - a == 1 && matches!(chars[a], '”' | '"' | '’' | ')') && i > 0 && {
            let p = toks[i - 1];
            p.1 - p.0 == 1 && matches!(chars[p.0], '.' | '!' | '?')
        };
        let next_is_closer =
            next.is_some_and(|n| n.1 - n.0 == 1 && matches!(chars[n.0], '”' | '"' | ')'));
        let boundary = newline_after
            || next.is_none()
            || ((end_punct && !next_is_closer) || closer)
                && next.is_some_and(|n| {
                    let c = chars[n.0];
                    c.is_uppercase() || c.is_numeric() || matches!(c, '“' | '"' | '(' | '‘')
                });
        if boundary {
            out.push(Sentence {
                start: toks[start].0,
                end: b,
            });
            start = i + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use backchannel_core::DocMeta;

    fn words(text: &str) -> Vec<String> {
        let mut doc = Document::from_plain(text.to_string(), DocMeta::default());
        ensure_tokens(&mut doc);
        let idx = doc.char_index();
        doc.tokens
            .iter()
            .map(|t| doc.slice(&idx, t.start, t.end).to_string())
            .collect()
    }

    #[test]
    fn splits_quotes_clitics_and_keeps_abbreviations() {
        assert_eq!(
            words("“It’s over,” Sen. Smith told the U.S. press."),
            [
                "“", "It", "’s", "over", ",", "”", "Sen.", "Smith", "told", "the", "U.S.", "press",
                "."
            ]
        );
        assert_eq!(words("don't"), ["do", "n't"]);
    }

    #[test]
    fn sentence_boundaries() {
        let mut doc = Document::from_plain(
            "He left. “We won.” She said Mr. Li came.\nNew para".to_string(),
            DocMeta::default(),
        );
        ensure_tokens(&mut doc);
        assert_eq!(doc.sentences.len(), 4, "{:?}", doc.sentences);
    }
}
