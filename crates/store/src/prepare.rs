//! The CPU work of storing a document that needs no database: content hash,
//! MinHash signature, encoded record and offset map. Done before the write
//! transaction, on all cores, so the single writer only does SQLite work.

use backchannel_core::{DocMeta, Document};
use sha2::{Digest, Sha256};

use crate::insert::doc_id;
use crate::layers::LayerRows;
use crate::minhash::Signature;
use crate::{codec, StoreError};

/// Below this many documents a batch is prepared on the calling thread.
const PARALLEL_MIN: usize = 32;

/// Everything written for one new document, computed up front.
pub(crate) struct Prepared {
    pub content_hash: String,
    pub signature: Signature,
    pub codec: i64,
    pub record: Vec<u8>,
    pub offsets: Vec<u8>,
    pub rows: LayerRows,
}

/// A document with the database-free part of storing it already done, so
/// that ingest workers do it on every core and the single writer
/// ([`Store::insert_prepared`](crate::Store::insert_prepared)) only runs SQL.
/// It keeps only what the writer reads: the analysis layers (tokens above
/// all) are freed by the thread that prepares it, not by the writer.
pub struct PreparedDoc {
    pub(crate) id: String,
    pub(crate) meta: DocMeta,
    pub(crate) text: String,
    pub(crate) prepared: Result<Prepared, StoreError>,
}

impl PreparedDoc {
    /// Hash, sign and encode `doc` (an encoding error surfaces at insert time).
    pub fn new(doc: Document) -> PreparedDoc {
        let id = doc_id(&doc);
        let prepared = prepare(&id, &doc);
        PreparedDoc {
            id,
            meta: doc.meta,
            text: doc.text,
            prepared,
        }
    }

    /// The id the document will be stored under.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// Prepare one document stored under `id`.
pub(crate) fn prepare(id: &str, doc: &Document) -> Result<Prepared, StoreError> {
    let (codec, record) = codec::encode(doc).map_err(|detail| StoreError::Encode {
        id: id.to_string(),
        detail,
    })?;
    Ok(Prepared {
        content_hash: content_hash(&doc.text),
        signature: Signature::of(&doc.text),
        codec,
        record,
        offsets: codec::encode_offsets(&doc.offset_map),
        rows: LayerRows::of(doc),
    })
}

/// Prepare many documents, in order, using every available core.
pub(crate) fn prepare_all(items: &[(&str, &Document)]) -> Vec<Result<Prepared, StoreError>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < PARALLEL_MIN {
        return items.iter().map(|(id, d)| prepare(id, d)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(id, d)| prepare(id, d))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(StoreError::Stopped(
                        "a preparation thread panicked".to_string(),
                    ))]
                })
            })
            .collect()
    })
}

/// Full sha256 of the clean text, hex.
pub(crate) fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
