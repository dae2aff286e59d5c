//! A streaming reader that re-encodes any supported charset into UTF-8, so the
//! XML parser (which insists on UTF-8) can read ISO-8859-1 or UTF-16 feeds
//! without the whole file being held in memory.

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding};

const CHUNK: usize = 16 * 1024;

pub struct Utf8Reader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    finished: bool,
}

impl<R: Read> Utf8Reader<R> {
    /// Decodes `inner` as `enc`. A BOM at the start, if any, is removed;
    /// malformed sequences become U+FFFD rather than errors.
    pub fn new(inner: R, enc: &'static Encoding) -> Self {
        Utf8Reader {
            inner,
            decoder: enc.new_decoder_with_bom_removal(),
            input: vec![0; CHUNK],
            in_start: 0,
            in_end: 0,
            output: vec![0; CHUNK * 3 + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            finished: false,
        }
    }

    /// Refills `output`; returns false when nothing more will ever come.
    fn refill(&mut self) -> io::Result<bool> {
        while self.out_start == self.out_end {
            if self.finished {
                return Ok(false);
            }
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.in_start = 0;
                self.in_end = n;
                self.eof = n == 0;
            }
            let last = self.eof;
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                last,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            if last && result == CoderResult::InputEmpty {
                self.finished = true;
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() || !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(bytes: &[u8], enc: &'static Encoding) -> String {
        let mut out = String::new();
        Utf8Reader::new(bytes, enc)
            .read_to_string(&mut out)
            .expect("output is UTF-8");
        out
    }

    #[test]
    fn latin1_and_utf16_become_utf8() {
        assert_eq!(through(b"caf\xe9", encoding_rs::WINDOWS_1252), "caf\u{e9}");
        let utf16: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        assert_eq!(through(&utf16, encoding_rs::UTF_16LE), "hi");
    }

    #[test]
    fn long_input_crosses_chunk_boundaries() {
        let text = "\u{e9}t\u{e9} ".repeat(20_000);
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        assert_eq!(through(&latin, encoding_rs::WINDOWS_1252), text);
    }

    #[test]
    fn bad_utf8_is_replaced_not_fatal() {
        assert_eq!(through(b"a\xffb", encoding_rs::UTF_8), "a\u{fffd}b");
    }
}
