//! Writing documents: exact dedup by content id, near-duplicate grouping,
//! record, full-text and layer rows — all of one batch in one transaction, so
//! a killed process leaves either the whole batch or none of it.

use std::collections::HashMap;

use crate::minhash::Signature;
use crate::prepare::{prepare, prepare_all, Prepared, PreparedDoc};
use crate::{layers, Store, StoreError};
use backchannel_core::{content_id, DocMeta, Document};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

/// Candidates whose signatures are compared, most band hits first.
const MAX_CANDIDATES: usize = 64;

/// What happened to one inserted document.
#[derive(Debug, Clone, PartialEq)]
pub enum Insert {
    /// Stored as the first document of a new near-duplicate group.
    Stored { id: String, group: i64 },
    /// Already stored (same content id): nothing was written.
    Duplicate { id: String },
    /// Stored, and grouped with the near-identical document `of`.
    NearDuplicate {
        id: String,
        group: i64,
        of: String,
        /// Estimated Jaccard similarity of the two texts' word shingles.
        similarity: f32,
    },
}

impl Insert {
    /// The document's id, whatever happened.
    pub fn id(&self) -> &str {
        match self {
            Insert::Stored { id, .. }
            | Insert::Duplicate { id }
            | Insert::NearDuplicate { id, .. } => id,
        }
    }
}

impl Store {
    /// Store one document in its own transaction.
    pub fn insert(&mut self, doc: &Document) -> Result<Insert, StoreError> {
        let mut out = self.insert_batch(std::slice::from_ref(doc))?;
        out.pop()
            .ok_or_else(|| StoreError::Stopped("empty batch result".into()))
    }

    /// Store many documents in ONE transaction (much faster than one by one).
    /// Returns one outcome per input, in order. On error nothing of the batch is stored.
    pub fn insert_batch(&mut self, docs: &[Document]) -> Result<Vec<Insert>, StoreError> {
        let ids: Vec<String> = docs.iter().map(doc_id).collect();
        // Documents stored before this batch need no preparation. Rows are never
        // deleted, so what is stored now is still stored inside the transaction.
        let mut fresh = Vec::with_capacity(docs.len());
        for (id, doc) in ids.iter().zip(docs) {
            if !self.contains(id)? {
                fresh.push((id.as_str(), doc));
            }
        }
        let mut prepared = prepare_all(&fresh).into_iter();
        let mut fresh = fresh.into_iter().map(|(id, _)| id).peekable();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(docs.len());
        for (id, doc) in ids.iter().zip(docs) {
            let ready = if fresh.peek() == Some(&id.as_str()) {
                fresh.next();
                prepared.next()
            } else {
                None
            };
            out.push(match ready {
                Some(p) => insert_one(&tx, id, &doc.meta, &doc.text, &p?)?,
                None => Insert::Duplicate { id: id.clone() },
            });
        }
        tx.commit()?;
        Ok(out)
    }

    /// Store documents prepared beforehand (see [`PreparedDoc`]) in ONE
    /// transaction: the writer does only SQL. One outcome per input, in order;
    /// on error nothing of the batch is stored.
    pub fn insert_prepared(&mut self, docs: Vec<PreparedDoc>) -> Result<Vec<Insert>, StoreError> {
        let mut batch = self.batch()?;
        let out = docs
            .into_iter()
            .map(|d| batch.insert(d))
            .collect::<Result<Vec<_>, _>>()?;
        batch.commit()?;
        Ok(out)
    }

    /// Open a write transaction that stores prepared documents as they come
    /// (see [`Batch`]).
    pub fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Batch { tx, len: 0 })
    }

    /// Replace the analysis record and layer rows of an already stored document
    /// (after re-analysing it). Returns `false` when no document has its id.
    /// Near-duplicate grouping is kept: the text, and so the id, is the same.
    pub fn update(&mut self, doc: &Document) -> Result<bool, StoreError> {
        let id = doc_id(doc);
        let p = prepare(&id, doc)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old: Option<(i64, Option<String>, String)> = tx
            .query_row(
                "SELECT seq, title, content_hash FROM documents WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((seq, old_title, hash)) = old else {
            return Ok(false);
        };
        if hash != p.content_hash {
            return Err(StoreError::Conflict { id });
        }
        tx.execute(
            "INSERT INTO documents_fts (documents_fts, rowid, title, text)
             VALUES ('delete', ?1, ?2, ?3)",
            params![seq, old_title, doc.text],
        )?;
        let m = &doc.meta;
        tx.execute(
            "UPDATE documents SET url = ?2, title = ?3, outlet = ?4, published = ?5, origin = ?6,
                 language = ?7, codec = ?8, record = ?9, offsets = ?10 WHERE seq = ?1",
            params![
                seq,
                m.url,
                m.title,
                m.outlet,
                m.published,
                m.origin,
                m.language,
                p.codec,
                p.record,
                p.offsets
            ],
        )?;
        tx.execute(
            "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
            params![seq, m.title, doc.text],
        )?;
        layers::delete(&tx, &id)?;
        layers::insert(&tx, &id, &p.rows)?;
        tx.commit()?;
        Ok(true)
    }
}

/// An open write transaction: documents are written as they come and
/// [`Batch::commit`] makes them durable together; dropping the batch
/// uncommitted stores none of them.
pub struct Batch<'s> {
    tx: Transaction<'s>,
    len: usize,
}

impl Batch<'_> {
    /// Store one prepared document inside this transaction.
    pub fn insert(&mut self, d: PreparedDoc) -> Result<Insert, StoreError> {
        self.len += 1;
        insert_one(&self.tx, &d.id, &d.meta, &d.text, &d.prepared?)
    }

    /// Documents inserted so far (duplicates included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing has been inserted yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Commit everything inserted.
    pub fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.commit()?)
    }
}

/// The id a document is stored under: its content id, computed when missing.
pub(crate) fn doc_id(doc: &Document) -> String {
    if doc.meta.id.is_empty() {
        content_id(&doc.text)
    } else {
        doc.meta.id.clone()
    }
}

/// A stored document that a new one is a near-copy of.
struct Near {
    id: String,
    group: i64,
    seq: i64,
    similarity: f32,
}

fn insert_one(
    tx: &Transaction<'_>,
    id: &str,
    m: &DocMeta,
    text: &str,
    p: &Prepared,
) -> Result<Insert, StoreError> {
    let id = id.to_string();
    // Also catches a copy earlier in the same batch, or one another process stored.
    let exists = tx
        .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
        .exists([&id])?;
    if exists {
        return Ok(Insert::Duplicate { id });
    }
    let sig = &p.signature;
    let near = if sig.is_indexable() {
        find_near(tx, sig)?
    } else {
        None
    };
    let seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents")?
        .query_row([], |r| r.get(0))?;
    let group = near.as_ref().map_or(seq, |n| n.group);
    tx.prepare_cached(
        "INSERT INTO documents (seq, id, content_hash, url, title, outlet, published, origin,
             language, dup_group, near_of, similarity, ingested_at, text, codec, record, offsets)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
             strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        seq,
        id,
        p.content_hash,
        m.url,
        m.title,
        m.outlet,
        m.published,
        m.origin,
        m.language,
        group,
        near.as_ref().map(|n| n.seq),
        near.as_ref().map(|n| f64::from(n.similarity)),
        text,
        p.codec,
        p.record,
        p.offsets
    ])?;
    tx.prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![seq, m.title, text])?;
    if sig.is_indexable() {
        tx.prepare_cached("INSERT INTO minhash (doc, shingles, signature) VALUES (?1, ?2, ?3)")?
            .execute(params![seq, sig.shingles as i64, sig.to_bytes()])?;
        let mut st =
            tx.prepare_cached("INSERT OR IGNORE INTO lsh (key, grp, doc) VALUES (?1, ?2, ?3)")?;
        for key in sig.band_keys() {
            st.execute(params![key, group, seq])?;
        }
    }
    layers::insert(tx, &id, &p.rows)?;
    Ok(match near {
        None => Insert::Stored { id, group },
        Some(n) => Insert::NearDuplicate {
            id,
            group,
            of: n.id,
            similarity: n.similarity,
        },
    })
}

/// One statement for all band keys (SQLite seeks each key in the index).
fn lookup_sql(keys: usize) -> String {
    let marks = vec!["?"; keys].join(",");
    format!("SELECT doc FROM lsh WHERE key IN ({marks})")
}

/// The most similar stored near-copy of a text, if any.
fn find_near(tx: &Transaction<'_>, sig: &Signature) -> Result<Option<Near>, StoreError> {
    let mut hits: HashMap<i64, u32> = HashMap::new();
    {
        let keys = sig.band_keys();
        let mut st = tx.prepare_cached(&lookup_sql(keys.len()))?;
        let rows = st.query_map(rusqlite::params_from_iter(keys), |r| r.get::<_, i64>(0))?;
        for doc in rows {
            *hits.entry(doc?).or_default() += 1;
        }
    }
    if hits.is_empty() {
        return Ok(None);
    }
    let mut candidates: Vec<(i64, u32)> = hits.into_iter().collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    candidates.truncate(MAX_CANDIDATES);
    let mut st = tx.prepare_cached(
        "SELECT m.shingles, m.signature, d.id, d.dup_group
         FROM minhash m JOIN documents d ON d.seq = m.doc WHERE m.doc = ?1",
    )?;
    let mut best: Option<Near> = None;
    for (seq, _) in candidates {
        let row: Option<(i64, Vec<u8>, String, i64)> = st
            .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((shingles, bytes, id, group)) = row else {
            continue;
        };
        let Some(other) = Signature::from_bytes(&bytes, usize::try_from(shingles).unwrap_or(0))
        else {
            continue;
        };
        if let Some(similarity) = sig.near_duplicate(&other) {
            let better = best.as_ref().is_none_or(|b| {
                similarity > b.similarity || (similarity == b.similarity && seq < b.seq)
            });
            if better {
                best = Some(Near {
                    id,
                    group,
                    seq,
                    similarity,
                });
            }
        }
    }
    Ok(best)
}
