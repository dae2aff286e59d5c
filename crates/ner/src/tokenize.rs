//! A minimal word tokenizer for tests and examples, used only where the
//! segment crate's tokens are not available. Splits on whitespace and peels
//! punctuation and possessive `'s` off words, keeping abbreviations like "U.S.".

use backchannel_core::{Sentence, Token};

fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '!' | '?' | '"' | '(' | ')' | '[' | ']' | '“' | '”' | '‘' | '’' | '\''
    )
}

/// Tokens and naive sentences (split after `.`, `!`, `?` tokens) as char offsets.
pub fn simple_tokens(text: &str) -> (Vec<Token>, Vec<Sentence>) {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && !chars[j].is_whitespace() {
            j += 1;
        }
        let (mut a, mut b) = (i, j);
        let mut tail = Vec::new();
        while a < b && is_edge_punct(chars[a]) {
            tokens.push(Token::new(a, a + 1));
            a += 1;
        }
        loop {
            if a < b && is_edge_punct(chars[b - 1]) {
                tail.push((b - 1, b));
                b -= 1;
            } else if b >= a + 3 && matches!(chars[b - 2], '\'' | '’') && chars[b - 1] == 's' {
                tail.push((b - 2, b));
                b -= 2;
            } else if b > a + 1 && chars[b - 1] == '.' {
                // Keep the period on abbreviations ("U.S.", "Sen.", "D.C.").
                let word: String = chars[a..b - 1].iter().collect();
                let abbrev =
                    word.contains('.') || (word.len() <= 3 && word.starts_with(char::is_uppercase));
                if abbrev {
                    break;
                }
                tail.push((b - 1, b));
                b -= 1;
            } else {
                break;
            }
        }
        if a < b {
            tokens.push(Token::new(a, b));
        }
        for (s, e) in tail.into_iter().rev() {
            tokens.push(Token::new(s, e));
        }
        i = j;
    }
    let mut sentences = Vec::new();
    let mut start: Option<usize> = None;
    for t in &tokens {
        start.get_or_insert(t.start);
        let w: String = chars[t.start..t.end].iter().collect();
        if matches!(w.as_str(), "." | "!" | "?") {
            if let Some(s) = start.take() {
                sentences.push(Sentence {
                    start: s,
                    end: t.end,
                });
            }
        }
    }
    if let (Some(s), Some(last)) = (start, tokens.last()) {
        sentences.push(Sentence {
            start: s,
            end: last.end,
        });
    }
    (tokens, sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_punctuation_and_possessives() {
        let text = "Trump’s envoy, (Mr. Kerry) met U.S. officials.";
        let (toks, sents) = simple_tokens(text);
        let forms: Vec<String> = toks
            .iter()
            .map(|t| text.chars().skip(t.start).take(t.end - t.start).collect())
            .collect();
        assert_eq!(
            forms,
            [
                "Trump",
                "’s",
                "envoy",
                ",",
                "(",
                "Mr.",
                "Kerry",
                ")",
                "met",
                "U.S.",
                "officials",
                "."
            ]
        );
        assert_eq!(sents.len(), 1);
    }
}
