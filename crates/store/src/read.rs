//! Reading documents back: by id, or all of them in insertion order.

use std::collections::VecDeque;
use std::fmt::Display;

use backchannel_core::Document;
use rusqlite::OptionalExtension;

use crate::{codec, Store, StoreError};

/// Records fetched per query while iterating (keyset pagination, so the
/// iterator holds no statement open between pages).
const PAGE: i64 = 256;

impl Store {
    /// The stored analysis record with this id.
    pub fn get(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let row: Option<Raw> = self
            .conn
            .prepare_cached("SELECT codec, record, offsets, text FROM documents WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(Raw {
                    codec: r.get(0)?,
                    record: r.get(1)?,
                    offsets: r.get(2)?,
                    text: r.get(3)?,
                })
            })
            .optional()?;
        row.map(|raw| raw.decode(id)).transpose()
    }

    /// Whether a document with this id is stored.
    pub fn contains(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .exists([id])?)
    }

    /// Number of stored documents.
    pub fn len(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// True when no document is stored.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// Every stored analysis record, in insertion order. A record that cannot
    /// be decoded is yielded as an error and iteration goes on with the next.
    pub fn documents(&self) -> Documents<'_> {
        Documents {
            store: self,
            after: 0,
            page: VecDeque::new(),
            done: false,
        }
    }

    /// Call `f` on every stored record in insertion order. Stops at the first
    /// error, whether from the store or from `f` (returned as [`StoreError::Stopped`]).
    pub fn for_each_document<E: Display>(
        &self,
        mut f: impl FnMut(Document) -> Result<(), E>,
    ) -> Result<(), StoreError> {
        for doc in self.documents() {
            f(doc?).map_err(|e| StoreError::Stopped(e.to_string()))?;
        }
        Ok(())
    }
}

/// Iterator over stored records; see [`Store::documents`].
pub struct Documents<'a> {
    store: &'a Store,
    after: i64,
    page: VecDeque<Result<Document, StoreError>>,
    done: bool,
}

impl Documents<'_> {
    fn fill(&mut self) -> Result<(), StoreError> {
        let mut st = self.store.conn.prepare_cached(
            "SELECT seq, id, codec, record, offsets, text FROM documents
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = st.query_map([self.after, PAGE], |r| {
            let seq: i64 = r.get(0)?;
            let id: String = r.get(1)?;
            let raw = Raw {
                codec: r.get(2)?,
                record: r.get(3)?,
                offsets: r.get(4)?,
                text: r.get(5)?,
            };
            Ok((seq, id, raw))
        })?;
        for row in rows {
            let (seq, id, raw) = row?;
            self.after = seq;
            self.page.push_back(raw.decode(&id));
        }
        Ok(())
    }
}

impl Iterator for Documents<'_> {
    type Item = Result<Document, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.page.is_empty() && !self.done {
            if let Err(e) = self.fill() {
                self.done = true;
                return Some(Err(e));
            }
            if self.page.is_empty() {
                self.done = true;
            }
        }
        self.page.pop_front()
    }
}

/// The stored columns a document is rebuilt from.
struct Raw {
    codec: i64,
    record: Vec<u8>,
    offsets: Vec<u8>,
    text: String,
}

impl Raw {
    fn decode(self, id: &str) -> Result<Document, StoreError> {
        let corrupt = |detail| StoreError::Corrupt {
            id: id.to_string(),
            detail,
        };
        let mut doc = codec::decode(self.codec, &self.record, &self.text).map_err(corrupt)?;
        doc.offset_map = codec::decode_offsets(&self.offsets).map_err(corrupt)?;
        Ok(doc)
    }
}
