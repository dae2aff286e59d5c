//! One paragraph of clean text being built from pieces of the original, with
//! whitespace collapsed and every kept char's origin remembered.

/// A run of clean text copied from the original.
///
/// `clean` and `len` are byte offsets into the paragraph text, `orig` a byte
/// offset into the source. When `verbatim`, the bytes are identical in both
/// (so char counts agree); otherwise the run is one char that stands for the
/// original char at `orig` (a decoded entity, a normalised space).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub clean: usize,
    pub orig: usize,
    pub len: usize,
    pub verbatim: bool,
}

/// A finished paragraph: normalised text plus its pieces.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub text: String,
    pub pieces: Vec<Piece>,
}

impl Para {
    /// Byte offset in the source of the paragraph's first char.
    pub fn orig_start(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.orig)
    }
}

/// Builds a [`Para`]: whitespace runs become one space (preferring to map it to
/// an original ASCII space), leading and trailing whitespace is dropped.
#[derive(Debug, Default)]
pub struct ParaBuilder {
    para: Para,
    /// A space waiting to be written before the next visible char: the
    /// source offset it maps to and whether the source char is a plain space.
    pending: Option<(usize, bool)>,
}

impl ParaBuilder {
    /// Bytes of visible text so far.
    pub fn text_len(&self) -> usize {
        self.para.text.len()
    }

    /// Append source text `s` that starts at byte `orig` of the source.
    pub fn push_str(&mut self, s: &str, orig: usize) {
        let bytes = s.as_bytes();
        let mut run_start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (ws, width, plain) = if b < 0x80 {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') {
                    i += 1;
                    continue;
                }
                // A single space between two visible ASCII chars stays inside the run.
                let next_visible = bytes
                    .get(i + 1)
                    .is_some_and(|n| *n < 0x80 && !n.is_ascii_whitespace() && *n != b'\x0b');
                if b == b' ' && i > run_start && next_visible {
                    i += 1;
                    continue;
                }
                (true, 1, b == b' ')
            } else {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8(), false)
            };
            if ws {
                if run_start < i {
                    self.push_run(&s[run_start..i], orig + run_start);
                }
                self.space(orig + i, plain);
                run_start = i + width;
            }
            i += width;
        }
        if run_start < s.len() {
            self.push_run(&s[run_start..], orig + run_start);
        }
    }

    /// Append one char that stands for source text at `orig` (e.g. an entity).
    pub fn push_char(&mut self, c: char, orig: usize) {
        if c.is_whitespace() {
            self.space(orig, false);
            return;
        }
        self.flush_space();
        let clean = self.para.text.len();
        self.para.text.push(c);
        self.para.pieces.push(Piece {
            clean,
            orig,
            len: c.len_utf8(),
            verbatim: false,
        });
    }

    /// A whitespace char at `orig`: remembered, written only if text follows.
    pub fn space(&mut self, orig: usize, ascii_space: bool) {
        if self.para.text.is_empty() {
            return;
        }
        match self.pending {
            Some((_, true)) => {}
            Some((_, false)) if !ascii_space => {}
            _ => self.pending = Some((orig, ascii_space)),
        }
    }

    fn flush_space(&mut self) {
        if let Some((orig, ascii)) = self.pending.take() {
            self.append(" ", orig, ascii);
        }
    }

    fn push_run(&mut self, run: &str, orig: usize) {
        self.flush_space();
        self.append(run, orig, true);
    }

    fn append(&mut self, s: &str, orig: usize, verbatim: bool) {
        let clean = self.para.text.len();
        self.para.text.push_str(s);
        if verbatim {
            if let Some(last) = self.para.pieces.last_mut() {
                if last.verbatim && last.clean + last.len == clean && last.orig + last.len == orig {
                    last.len += s.len();
                    return;
                }
            }
        }
        self.para.pieces.push(Piece {
            clean,
            orig,
            len: s.len(),
            verbatim,
        });
    }

    /// The paragraph so far, leaving the builder empty; `None` if it has no text.
    pub fn take(&mut self) -> Option<Para> {
        self.pending = None;
        if self.para.text.is_empty() {
            return None;
        }
        Some(std::mem::take(&mut self.para))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_and_maps_whitespace() {
        let src = "  Hello \t\u{a0} world  ";
        let mut b = ParaBuilder::default();
        b.push_str(src, 0);
        let p = b.take().unwrap();
        assert_eq!(p.text, "Hello world");
        for piece in &p.pieces {
            if piece.verbatim {
                assert_eq!(
                    &p.text[piece.clean..piece.clean + piece.len],
                    &src[piece.orig..piece.orig + piece.len]
                );
            }
        }
        // The space maps to the first plain space of the run, right after "Hello".
        assert_eq!(p.pieces.len(), 2);
        assert_eq!(p.pieces[0].len, "Hello ".len());
    }

    #[test]
    fn nbsp_alone_becomes_space() {
        let mut b = ParaBuilder::default();
        b.push_str("a\u{a0}b", 10);
        let p = b.take().unwrap();
        assert_eq!(p.text, "a b");
        assert_eq!(p.pieces.len(), 3);
        assert!(!p.pieces[1].verbatim);
        assert_eq!(p.pieces[1].orig, 11);
    }

    #[test]
    fn empty_is_none() {
        let mut b = ParaBuilder::default();
        b.push_str(" \n\t", 0);
        assert!(b.take().is_none());
    }
}
