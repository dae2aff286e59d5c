use std::fmt;

/// A per-document failure: which input (file, and record inside it) and why.
///
/// Readers and stages return this instead of panicking so that a batch can
/// report the bad document and go on with the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    /// File path, optionally followed by `#record` (WARC record, feed item, JSONL line).
    pub origin: String,
    /// Human-readable reason, e.g. "invalid JSON: expected value at column 1".
    pub reason: String,
}

impl DocError {
    pub fn new(origin: impl Into<String>, reason: impl Into<String>) -> Self {
        DocError {
            origin: origin.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

impl std::error::Error for DocError {}
