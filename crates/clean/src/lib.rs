//! Cleaning: turn a raw document into clean body text plus metadata, recording what was removed

use backchannel_core::{DocError, Document, RawDoc};

/// Turn a raw document into a [`Document`] with clean text and metadata.
/// (Placeholder signature; the cleaning itself is being written.)
pub fn clean(raw: RawDoc) -> Result<Document, DocError> {
    Err(DocError::new(raw.origin, "cleaning not implemented yet"))
}
