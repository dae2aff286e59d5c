//! Tokenisation: whitespace-separated chunks are cut into UD EWT tokens.
//!
//! One pass over the text; no allocation per char, no regex. Each token
//! records the whitespace before it (for paragraph and line breaks) and what
//! kind of token it is (for the sentence splitter).

use crate::chars::{char_at, is_apostrophe, is_space, is_word_char};
use crate::model::{model, AbbrevClass};
use crate::words::{clitic_split, is_dotted_acronym, is_initial, keep_hyphenated, unit_split};
use crate::TokenSpan;

/// The whitespace before a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    None,
    Space,
    /// One line break.
    Line,
    /// A blank line (or the start of the text).
    Para,
}

/// What the sentence splitter needs to know about a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    /// A word with its abbreviation period attached ("Mr.", "U.S.", "W.").
    Abbrev(AbbrevKind),
    /// A run of sentence-final punctuation: ".", "?!", "...", "…".
    Terminal,
    Punct,
    Url,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevKind {
    Listed(AbbrevClass),
    Initial,
    Acronym,
}

/// What the sentence splitter knows about a token besides its span.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Meta {
    pub gap: Gap,
    pub kind: Kind,
    /// An abbreviation that ends a sentence: its period becomes a token of its own.
    pub detach: bool,
}

/// One token, span and meta together (a copy, for reading).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub span: TokenSpan,
    pub gap: Gap,
    pub kind: Kind,
}

/// The token stream as two parallel vectors: the spans are what
/// [`crate::segment_str`] returns, so they are never copied.
#[derive(Debug, Default)]
pub(crate) struct Toks {
    pub spans: Vec<TokenSpan>,
    pub meta: Vec<Meta>,
}

impl Toks {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Toks {
            spans: Vec::with_capacity(n),
            meta: Vec::with_capacity(n),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.spans.len().min(self.meta.len())
    }

    /// Token `i`; callers keep `i < len()`.
    pub(crate) fn at(&self, i: usize) -> Tok {
        let m = self.meta[i];
        Tok {
            span: self.spans[i],
            gap: m.gap,
            kind: m.kind,
        }
    }

    pub(crate) fn get(&self, i: usize) -> Option<Tok> {
        (i < self.len()).then(|| self.at(i))
    }
}

/// Cut `text` into tokens (byte offsets).
pub(crate) fn tokenize(text: &str, out: &mut Toks) {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut i = 0;
    let mut first = true;
    while i < len {
        let mut newlines = 0;
        let start_ws = i;
        while i < len {
            let b = bytes[i];
            if b < 0x80 {
                if b == b'\n' {
                    newlines += 1;
                } else if !b.is_ascii_whitespace() {
                    break;
                }
                i += 1;
            } else {
                match char_at(text, i) {
                    Some(c) if is_space(c) => i += c.len_utf8(),
                    _ => break,
                }
            }
        }
        if i >= len {
            break;
        }
        let gap = match (first, newlines) {
            (true, _) | (_, 2..) => Gap::Para,
            (_, 1) => Gap::Line,
            _ if i > start_ws => Gap::Space,
            _ => Gap::None,
        };
        first = false;
        let mut j = i;
        // URLs need "://" or "www." and e-mail addresses "@": note the bytes on the way.
        let mut maybe_url = false;
        while j < len {
            let b = bytes[j];
            if b < 0x80 {
                if b.is_ascii_whitespace() {
                    break;
                }
                maybe_url |= b == b':' || b == b'@';
                j += 1;
            } else {
                match char_at(text, j) {
                    Some(c) if !is_space(c) => j += c.len_utf8(),
                    _ => break,
                }
            }
        }
        Chunk {
            text,
            end: j,
            out,
            gap,
            maybe_url,
        }
        .run(i);
        i = j;
    }
}

/// One whitespace-free stretch being cut into tokens.
struct Chunk<'a, 'o> {
    text: &'a str,
    end: usize,
    out: &'o mut Toks,
    /// Whitespace before the next token pushed (only the first token of a chunk has any).
    gap: Gap,
    /// The chunk has a ':' or '@', which URLs (but "www.") and e-mail addresses need.
    maybe_url: bool,
}

impl Chunk<'_, '_> {
    fn push(&mut self, start: usize, end: usize, split: Option<usize>, kind: Kind) {
        self.out.spans.push(TokenSpan { start, end, split });
        self.out.meta.push(Meta {
            gap: self.gap,
            kind,
            detach: false,
        });
        self.gap = Gap::None;
    }

    fn char_at(&self, i: usize) -> Option<char> {
        if i < self.end {
            char_at(self.text, i)
        } else {
            None
        }
    }

    fn run(mut self, mut p: usize) {
        // Leading openers, then maybe a URL or e-mail address.
        while let Some(c) = self.char_at(p) {
            if matches!(c, '(' | '[' | '"' | '“' | '‘' | '\'' | '{')
                || (c == '<' && self.char_at(p + 1) != Some('<'))
            {
                self.push(p, p + c.len_utf8(), None, Kind::Punct);
                p += c.len_utf8();
            } else {
                break;
            }
        }
        let www = self
            .text
            .as_bytes()
            .get(p..p + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"www."));
        if let Some((e, web)) = (self.maybe_url || www).then(|| self.url_end(p)).flatten() {
            // Only web addresses end sentences on their own (in lists of links).
            self.push(p, e, None, if web { Kind::Url } else { Kind::Word });
            p = e;
        }
        while p < self.end {
            p = self.next_token(p);
        }
    }

    /// If a URL or e-mail address starts at `p`, where it ends (trailing
    /// punctuation excluded) and whether it is a web address.
    fn url_end(&self, p: usize) -> Option<(usize, bool)> {
        let s = &self.text[p..self.end];
        let lower_starts = |pre: &str| {
            s.len() > pre.len() && s.as_bytes()[..pre.len()].eq_ignore_ascii_case(pre.as_bytes())
        };
        let is_url = lower_starts("http://")
            || lower_starts("https://")
            || lower_starts("ftp://")
            || lower_starts("www.")
            || s.contains("://");
        let is_email = !is_url
            && s.find('@').is_some_and(|at| {
                at > 0
                    && s[at + 1..].contains('.')
                    && s[at + 1..].starts_with(|c: char| c.is_alphanumeric())
            });
        if !is_url && !is_email {
            return None;
        }
        let opens = s.matches('(').count();
        let mut closes = s.matches(')').count();
        let mut t = s;
        while let Some(c) = t.chars().next_back() {
            // A ")" is kept only when it closes a "(" inside the address.
            let strip = matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '”' | '’' | ']' | '>' | '*'
            ) || (c == ')' && closes > opens);
            if !strip {
                break;
            }
            if c == ')' {
                closes -= 1;
            }
            t = &t[..t.len() - c.len_utf8()];
        }
        (t.len() > 4).then_some((p + t.len(), is_url))
    }

    /// Cut one token starting at `p`; returns where the next one starts.
    fn next_token(&mut self, p: usize) -> usize {
        let Some(c) = self.char_at(p) else {
            return self.end;
        };
        if is_word_char(c) {
            return self.word(p);
        }
        let next = self.char_at(p + c.len_utf8());
        let run_of = |this: &Self, set: &dyn Fn(char) -> bool| {
            let mut q = p;
            while let Some(d) = this.char_at(q) {
                if !set(d) {
                    break;
                }
                q += d.len_utf8();
            }
            q
        };
        match c {
            ':' | ';' | '=' if matches!(next, Some(')' | '(' | 'D' | 'P' | '-')) => {
                // Emoticons ":)", ";-)"; a colon before a word is just a colon.
                let q = p + 1;
                let mut e = q;
                if next == Some('-') {
                    e += 1;
                }
                match self.char_at(e) {
                    Some(d @ (')' | '(' | 'D' | 'P'))
                        if self.char_at(e + 1).is_none_or(|x| !is_word_char(x)) =>
                    {
                        self.push(p, e + d.len_utf8(), None, Kind::Punct);
                        e + d.len_utf8()
                    }
                    _ => {
                        self.push(p, q, None, Kind::Punct);
                        q
                    }
                }
            }
            '.' | '!' | '?' | '…' => {
                let q = run_of(self, &|d| matches!(d, '.' | '!' | '?' | '…'));
                self.push(p, q, None, Kind::Terminal);
                q
            }
            '-' | '*' | '=' | '+' | '~' | '_' | '|' | '<' | '>' | '–' | '—' => {
                let q = run_of(self, &|d| d == c);
                self.push(p, q, None, Kind::Punct);
                q
            }
            '#' | '@' if next.is_some_and(char::is_alphabetic) => {
                let q = run_of(self, &|d| is_word_char(d) || d == c);
                self.push(p, q, None, Kind::Word);
                q
            }
            '\'' | '`' if next == Some(c) => {
                self.push(p, p + 2, None, Kind::Punct);
                p + 2
            }
            _ => {
                let q = p + c.len_utf8();
                self.push(p, q, None, Kind::Punct);
                q
            }
        }
    }

    /// A word starting at `p`, with its internal connectors, hyphen and clitic
    /// splits and an abbreviation period.
    fn word(&mut self, p: usize) -> usize {
        let mut q = p;
        let mut hyphens = [0usize; 8];
        let mut n_hyph = 0;
        let mut prev = '\0';
        let mut has_apostrophe = false;
        let bytes = self.text.as_bytes();
        loop {
            // ASCII letters and digits: the common case, byte by byte.
            let run_start = q;
            while q < self.end && (bytes[q].is_ascii_alphanumeric() || bytes[q] == b'_') {
                q += 1;
            }
            if q > run_start {
                prev = char::from(bytes[q - 1]);
            }
            let Some(c) = self.char_at(q) else { break };
            if is_word_char(c) {
                prev = c;
                q += c.len_utf8();
                continue;
            }
            let Some(n) = self.char_at(q + c.len_utf8()) else {
                break;
            };
            let joins = match c {
                // "quality.You'll": a sentence glued to the next (URLs and
                // e-mail addresses, which keep such dots, are cut out before).
                '.' => is_word_char(n) && !(prev.is_lowercase() && self.glued_sentence(q + 1)),
                ',' | ':' | '/' => prev.is_ascii_digit() && n.is_ascii_digit(),
                '&' => prev.is_uppercase() && n.is_uppercase(),
                '@' => is_word_char(n),
                '-' if is_word_char(n) && n_hyph < hyphens.len() => {
                    hyphens[n_hyph] = q;
                    n_hyph += 1;
                    true
                }
                _ if is_apostrophe(c) => {
                    has_apostrophe = true;
                    (prev.is_alphabetic() && n.is_alphabetic())
                        || (prev.is_ascii_digit() && self.is_plural_s(q + c.len_utf8()))
                }
                _ => false,
            };
            if !joins {
                break;
            }
            q += c.len_utf8();
        }
        if n_hyph > 0 {
            let mut parts = [""; 9];
            let mut s = p;
            for (k, &h) in hyphens[..n_hyph].iter().enumerate() {
                parts[k] = &self.text[s..h];
                s = h + 1;
            }
            parts[n_hyph] = &self.text[s..q];
            if !keep_hyphenated(&parts[..=n_hyph]) {
                let mut s = p;
                for &h in &hyphens[..n_hyph] {
                    self.push(s, h, None, Kind::Word);
                    self.push(h, h + 1, None, Kind::Punct);
                    s = h + 1;
                }
                return self.finish_word(s, q, has_apostrophe);
            }
        }
        self.finish_word(p, q, has_apostrophe)
    }

    /// Does a capitalised word of at least two lower-case letters start at `i`
    /// ("You'll", "The"), as after a period that lost its following space?
    fn glued_sentence(&self, i: usize) -> bool {
        let b = self.text.as_bytes();
        let up = b.get(i).is_some_and(u8::is_ascii_uppercase);
        up && b.get(i + 1).is_some_and(u8::is_ascii_lowercase)
            && b.get(i + 2).is_some_and(u8::is_ascii_lowercase)
    }

    /// "s" at `i` ending the word, as in "1590's" (kept whole in EWT).
    fn is_plural_s(&self, i: usize) -> bool {
        matches!(self.char_at(i), Some('s' | 'S'))
            && self.char_at(i + 1).is_none_or(|c| !is_word_char(c))
    }

    /// Is the next non-space char after byte `i` a digit or '#' ("No. 2", "No. #3")?
    fn number_follows(&self, i: usize) -> bool {
        self.text
            .get(i..)
            .and_then(|rest| rest.trim_start().chars().next())
            .is_some_and(|c| c.is_ascii_digit() || c == '#')
    }

    /// Push the word `[s, q)` and maybe its abbreviation period; returns the next position.
    fn finish_word(&mut self, s: usize, q: usize, has_apostrophe: bool) -> usize {
        let word = &self.text[s..q];
        let period = self.char_at(q) == Some('.') && self.char_at(q + 1) != Some('.');
        if period {
            let kind = if is_initial(word) {
                Some(AbbrevKind::Initial)
            } else if is_dotted_acronym(word) {
                Some(AbbrevKind::Acronym)
            } else {
                match model().abbrev(word) {
                    Some(AbbrevClass::Number) if !self.number_follows(q + 1) => None,
                    other => other.map(AbbrevKind::Listed),
                }
            };
            if let Some(k) = kind {
                self.push(s, q + 1, None, Kind::Abbrev(k));
                return q + 1;
            }
        }
        if word.as_bytes()[0].is_ascii_digit() {
            if let Some(k) = unit_split(word) {
                self.push(s, s + k, None, Kind::Word);
                self.push(s + k, q, None, Kind::Word);
                return q;
            }
        }
        let split = clitic_split(word, has_apostrophe).map(|k| s + k);
        self.push(s, q, split, Kind::Word);
        q
    }
}
