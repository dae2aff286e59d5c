//! Feature rows stored flat: one buffer of feature hashes and the end of
//! each token's row, so extracting a document allocates two vectors instead
//! of one per token.

use std::ops::Range;

/// Per-token feature rows, concatenated.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    data: Vec<u64>,
    ends: Vec<usize>,
}

impl Rows {
    pub fn with_capacity(tokens: usize, per_token: usize) -> Self {
        Rows {
            data: Vec::with_capacity(tokens * per_token),
            ends: Vec::with_capacity(tokens),
        }
    }

    /// Close the current row: everything pushed since the last call.
    pub fn end_row(&mut self) {
        self.ends.push(self.data.len());
    }

    #[cfg(test)]
    pub fn push(&mut self, f: u64) {
        self.data.push(f);
    }

    pub fn extend(&mut self, fs: &[u64]) {
        self.data.extend_from_slice(fs);
    }

    /// The buffer to push the current row's features into (closed by
    /// [`Rows::end_row`]).
    pub fn open(&mut self) -> &mut Vec<u64> {
        &mut self.data
    }

    /// Every row's features, concatenated.
    pub fn all(&self) -> &[u64] {
        &self.data
    }

    /// Empty the rows, keeping their buffers.
    pub fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Row `i` (empty when out of range).
    pub fn row(&self, i: usize) -> &[u64] {
        let Some(&end) = self.ends.get(i) else {
            return &[];
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.data[start..end]
    }

    /// A copy of rows `r` (training keeps one per paragraph chunk).
    pub fn sub(&self, r: Range<usize>) -> Rows {
        let mut out = Rows::default();
        for i in r {
            out.extend(self.row(i));
            out.end_row();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip() {
        let mut r = Rows::default();
        r.extend(&[1, 2]);
        r.end_row();
        r.end_row();
        r.push(3);
        r.end_row();
        assert_eq!(r.len(), 3);
        assert_eq!(r.row(0), &[1, 2]);
        assert!(r.row(1).is_empty());
        assert_eq!(r.row(2), &[3]);
        assert!(r.row(3).is_empty());
        let s = r.sub(1..3);
        assert_eq!(s.len(), 2);
        assert_eq!(s.row(1), &[3]);
    }
}
