//! Byte caps that keep memory bounded whatever the input claims about itself.

use std::fmt;
use std::io::{self, Read};

/// The error a [`CapReader`] raises once more than its cap has been read.
/// Kept as a distinct type so callers can tell a bomb from a broken file.
#[derive(Debug)]
pub struct CapExceeded {
    pub cap: u64,
    pub what: &'static str,
    pub note: &'static str,
}

impl fmt::Display for CapExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "input exceeds the {} limit of {} bytes{}",
            self.what, self.cap, self.note
        )
    }
}

impl std::error::Error for CapExceeded {}

/// Passes bytes through until `cap` bytes have gone by, then fails every read.
///
/// Sits *after* a decompressor so the cap counts decompressed output: a few
/// kilobytes of gzip can expand to gigabytes, and only the output costs memory
/// and time downstream.
pub struct CapReader<R> {
    inner: R,
    cap: u64,
    seen: u64,
    what: &'static str,
    note: &'static str,
}

impl<R: Read> CapReader<R> {
    /// `what` names the option that sets the cap; `note` is appended to the
    /// error (e.g. " after gzip decompression (possible gzip bomb)").
    pub fn new(inner: R, cap: u64, what: &'static str, note: &'static str) -> Self {
        CapReader {
            inner,
            cap,
            seen: 0,
            what,
            note,
        }
    }

    fn exceeded(&self) -> io::Error {
        io::Error::other(CapExceeded {
            cap: self.cap,
            what: self.what,
            note: self.note,
        })
    }
}

impl<R: Read> Read for CapReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.seen > self.cap {
            return Err(self.exceeded());
        }
        // Allow one byte past the cap so that "exactly at the cap" and "over it"
        // can be told apart.
        let room = (self.cap - self.seen).saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.seen += n as u64;
        if self.seen > self.cap {
            return Err(self.exceeded());
        }
        Ok(n)
    }
}

/// Why [`read_capped`] stopped.
#[derive(Debug)]
pub enum ReadCapped {
    /// The input holds more than the allowed number of bytes.
    TooBig,
    Io(io::Error),
}

/// Reads all of `r` into memory, refusing (without buffering the excess) once it
/// holds more than `max` bytes.
pub fn read_capped<R: Read>(r: R, max: usize) -> Result<Vec<u8>, ReadCapped> {
    let mut out = Vec::new();
    let limit = (max as u64).saturating_add(1);
    r.take(limit)
        .read_to_end(&mut out)
        .map_err(ReadCapped::Io)?;
    if out.len() > max {
        return Err(ReadCapped::TooBig);
    }
    Ok(out)
}

/// Describes an I/O error for a [`DocError`](backchannel_core::DocError) reason,
/// naming the cap when a [`CapReader`] tripped and the corruption otherwise.
pub fn describe_io(e: &io::Error) -> String {
    if let Some(cap) = e.get_ref().and_then(|i| i.downcast_ref::<CapExceeded>()) {
        return cap.to_string();
    }
    match e.kind() {
        io::ErrorKind::UnexpectedEof => format!("input is truncated ({e})"),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
            format!("input is corrupt ({e})")
        }
        _ => format!("read error: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_reader_allows_exactly_cap_and_fails_past_it() {
        let data = [b'a'; 100];
        let mut ok = Vec::new();
        CapReader::new(&data[..], 100, "test", "")
            .read_to_end(&mut ok)
            .expect("exactly at cap is fine");
        assert_eq!(ok.len(), 100);
        let err = CapReader::new(&data[..], 99, "test", "")
            .read_to_end(&mut Vec::new())
            .expect_err("over cap fails");
        assert!(describe_io(&err).contains("limit of 99 bytes"));
    }

    #[test]
    fn read_capped_refuses_oversize() {
        assert!(matches!(
            read_capped(&[1u8; 10][..], 9),
            Err(ReadCapped::TooBig)
        ));
        assert_eq!(
            read_capped(&[1u8; 10][..], 10).ok().map(|v| v.len()),
            Some(10)
        );
    }
}
