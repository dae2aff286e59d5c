//! Joining kept paragraphs into the clean text and its [`OffsetMap`].

use backchannel_core::OffsetMap;

use crate::para::Para;

/// Converts increasing byte offsets of the source into char offsets in
/// amortised O(1) (kept paragraphs arrive in source order).
struct CharCursor<'a> {
    src: &'a str,
    byte: usize,
    chars: usize,
}

impl CharCursor<'_> {
    fn at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.src.len());
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let part = self.src.as_bytes().get(self.byte..byte).unwrap_or(&[]);
        // Every char has exactly one byte that is not a UTF-8 continuation byte.
        self.chars += part.iter().filter(|b| (**b as i8) >= -0x40).count();
        self.byte = byte;
        self.chars
    }
}

/// Paragraphs joined with "\n\n", and the map of every copied char back to
/// its char offset in `src`.
pub fn join(src: &str, paras: &[Para]) -> (String, OffsetMap) {
    let total: usize = paras.iter().map(|p| p.text.len() + 2).sum();
    let mut text = String::with_capacity(total);
    let mut map = OffsetMap::default();
    let mut cursor = CharCursor {
        src,
        byte: 0,
        chars: 0,
    };
    let mut clean_chars = 0;
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
            clean_chars += 2;
        }
        for piece in &p.pieces {
            let s = p
                .text
                .get(piece.clean..piece.clean + piece.len)
                .unwrap_or("");
            let n = s.chars().count();
            let orig = cursor.at(piece.orig);
            if piece.verbatim {
                map.push(clean_chars, orig, n);
            } else {
                map.push(clean_chars, orig, 1.min(n));
            }
            clean_chars += n;
        }
        text.push_str(&p.text);
    }
    (text, map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::para::ParaBuilder;

    #[test]
    fn joins_and_maps() {
        let src = "PROMO\n\nHéllo  world\nnext";
        let mut paras = Vec::new();
        for (start, line) in [(7usize, "Héllo  world"), (21, "next")] {
            let mut b = ParaBuilder::default();
            b.push_str(line, start);
            paras.extend(b.take());
        }
        let (text, map) = join(src, &paras);
        assert_eq!(text, "Héllo world\n\nnext");
        let orig: Vec<char> = src.chars().collect();
        for (ci, c) in text.chars().enumerate() {
            if c == '\n' {
                continue;
            }
            assert_eq!(orig[map.to_original(ci)], c, "char {ci}");
        }
    }
}
