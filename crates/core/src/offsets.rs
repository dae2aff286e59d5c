//! Offset bookkeeping: byte ↔ char conversion, and the map from cleaned text
//! back to the original input.

/// Converts between byte offsets (what `&str` slicing uses) and char offsets
/// (what the analysis record uses) in O(1) per lookup for ASCII-only text and
/// O(log n) otherwise.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every non-ASCII char, with the char index it has. Empty for ASCII text.
    wide: Vec<(usize, usize)>,
    len_bytes: usize,
    len_chars: usize,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        // A byte walk instead of decoding chars: a char starts at every byte
        // that is not a UTF-8 continuation byte (10xxxxxx), and a wide char at
        // every such byte past ASCII. Eight ASCII bytes at a time (their high
        // bits all clear) are eight chars.
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let bytes = text.as_bytes();
        let mut wide = Vec::new();
        let mut chars = 0;
        let mut b = 0;
        while b < bytes.len() {
            if let Some(chunk) = bytes.get(b..b + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                if u64::from_le_bytes(w) & HIGH == 0 {
                    chars += 8;
                    b += 8;
                    continue;
                }
            }
            let x = bytes[b];
            if x >= 0x80 && x & 0xc0 != 0x80 {
                wide.push((b, chars));
            }
            chars += (x & 0xc0 != 0x80) as usize;
            b += 1;
        }
        CharIndex {
            wide,
            len_bytes: text.len(),
            len_chars: chars,
        }
    }

    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// Char offset of a byte offset that lies on a char boundary.
    pub fn to_char(&self, byte: usize) -> usize {
        if self.wide.is_empty() {
            return byte.min(self.len_bytes);
        }
        // Number of wide chars strictly before `byte`, and the extra bytes they take.
        let n = self.wide.partition_point(|&(b, _)| b < byte);
        if n == 0 {
            return byte;
        }
        let (last_b, last_c) = self.wide[n - 1];
        // Everything after the last wide char before `byte` is ASCII, except that
        // char itself whose width we need: bytes from last_b to the next boundary.
        let width = self.width_at(n - 1);
        last_c + 1 + (byte - (last_b + width))
    }

    /// Byte offset of a char offset (clamped to the end of the text).
    pub fn to_byte(&self, ch: usize) -> usize {
        if self.wide.is_empty() {
            return ch.min(self.len_bytes);
        }
        let n = self.wide.partition_point(|&(_, c)| c < ch);
        if n == 0 {
            return ch;
        }
        let (last_b, last_c) = self.wide[n - 1];
        let width = self.width_at(n - 1);
        (last_b + width + (ch - last_c - 1)).min(self.len_bytes)
    }

    /// [`Self::to_byte`] for lookups made in non-decreasing order: `seen`
    /// carries the number of wide chars before the previous lookup (start
    /// it at 0), so a lookup steps over only the wide chars since instead of
    /// searching them all. A lookup behind the previous one searches, and
    /// the answer is `to_byte`'s either way.
    pub fn to_byte_after(&self, ch: usize, seen: &mut usize) -> usize {
        if self.wide.is_empty() {
            return ch.min(self.len_bytes);
        }
        let mut n = *seen;
        if n > self.wide.len() || n > 0 && self.wide[n - 1].1 >= ch {
            n = self.wide.partition_point(|&(_, c)| c < ch);
        }
        while self.wide.get(n).is_some_and(|&(_, c)| c < ch) {
            n += 1;
        }
        *seen = n;
        if n == 0 {
            return ch;
        }
        let (last_b, last_c) = self.wide[n - 1];
        let width = self.width_at(n - 1);
        (last_b + width + (ch - last_c - 1)).min(self.len_bytes)
    }

    fn width_at(&self, i: usize) -> usize {
        // A wide char's width follows from the next recorded offsets: if the next
        // wide char is adjacent in char index, the gap in bytes is its width.
        let (b, c) = self.wide[i];
        match self.wide.get(i + 1) {
            Some(&(nb, nc)) => (nb - b) - (nc - c - 1),
            None => (self.len_bytes - b) - (self.len_chars - c - 1),
        }
    }
}

/// Maps char offsets in cleaned text back to char offsets in the original input.
///
/// The cleaner builds the clean text from pieces of the original (dropping
/// boilerplate, collapsing whitespace); each piece is recorded here so that a
/// span in the clean text can be reported against the file as given (brat
/// export needs that).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// (clean_start, original_start, len) in chars, sorted by clean_start, non-overlapping.
    pieces: Vec<(usize, usize, usize)>,
}

impl OffsetMap {
    /// The identity map for text that was not changed.
    pub fn identity(len_chars: usize) -> Self {
        OffsetMap {
            pieces: vec![(0, 0, len_chars)],
        }
    }

    /// Record that `len` chars at `clean_start` were copied from `original_start`.
    /// Adjacent pieces that continue each other are merged.
    pub fn push(&mut self, clean_start: usize, original_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.pieces.last_mut() {
            if last.0 + last.2 == clean_start && last.1 + last.2 == original_start {
                last.2 += len;
                return;
            }
        }
        self.pieces.push((clean_start, original_start, len));
    }

    /// The original offset of a clean offset. Offsets that fall on inserted
    /// characters (e.g. a paragraph break the cleaner wrote) map to the end of
    /// the preceding piece; an `end` offset maps to the end of its piece.
    pub fn to_original(&self, clean: usize) -> usize {
        let n = self.pieces.partition_point(|&(c, _, _)| c <= clean);
        if n == 0 {
            return self.pieces.first().map_or(clean, |p| p.1);
        }
        let (c, o, len) = self.pieces[n - 1];
        o + (clean - c).min(len)
    }

    /// Map a clean span (start inclusive, end exclusive) to the original text.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.to_original(start);
        let e = if end > start {
            self.to_original(end - 1) + 1
        } else {
            s
        };
        (s, e)
    }

    pub fn pieces(&self) -> &[(usize, usize, usize)] {
        &self.pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_round_trips_on_mixed_text() {
        let text = "a “b” ć — d€e";
        let idx = CharIndex::new(text);
        for (ci, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.to_char(b), ci, "byte {b}");
            assert_eq!(idx.to_byte(ci), b, "char {ci}");
        }
        assert_eq!(idx.to_char(text.len()), text.chars().count());
        assert_eq!(idx.to_byte(text.chars().count()), text.len());
    }

    #[test]
    fn byte_walk_finds_what_decoding_finds() {
        let texts = [
            "",
            "plain ascii text, longer than eight bytes",
            "a “b” ć — d€e",
            "€€x€",
            "12345678€abcdefgh😀ijklmnop",
            "😀😀😀😀😀😀😀😀😀",
            "seven77é",
        ];
        for text in texts {
            let idx = CharIndex::new(text);
            let wide: Vec<(usize, usize)> = (text.char_indices().enumerate())
                .filter(|(_, (_, c))| !c.is_ascii())
                .map(|(ci, (b, _))| (b, ci))
                .collect();
            assert_eq!(idx.wide, wide, "{text}");
            assert_eq!(idx.len_chars, text.chars().count(), "{text}");
        }
    }

    #[test]
    fn ordered_lookups_match_to_byte() {
        for text in ["“Ünïcode,” she said — ok.", "plain", "€€x€", ""] {
            let idx = CharIndex::new(text);
            let n = text.chars().count();
            let mut seen = 0;
            // Increasing, repeated, then behind and past the end.
            for c in [0, 0, 1, 2, 5, 9, 9, 10, 15, 3, 4, n, n + 3, 1] {
                assert_eq!(
                    idx.to_byte_after(c, &mut seen),
                    idx.to_byte(c),
                    "{text} {c}"
                );
            }
        }
    }

    #[test]
    fn char_index_adjacent_wide_chars() {
        let text = "€€x€";
        let idx = CharIndex::new(text);
        assert_eq!(idx.to_char(6), 2);
        assert_eq!(idx.to_byte(3), 7);
        assert_eq!(idx.to_char(text.len()), 4);
    }

    #[test]
    fn offset_map_skips_removed_text() {
        // original: "PROMO\n\nHello  world" ; clean: "Hello world"
        let mut m = OffsetMap::default();
        m.push(0, 7, 5); // "Hello"
        m.push(5, 13, 1); // " " (second space of the run)
        m.push(6, 14, 5); // "world"
        assert_eq!(m.pieces().len(), 2);
        assert_eq!(m.span_to_original(0, 5), (7, 12));
        assert_eq!(m.span_to_original(6, 11), (14, 19));
    }
}
