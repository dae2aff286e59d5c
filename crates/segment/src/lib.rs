//! Sentence segmentation and tokenisation for news English

use backchannel_core::Document;

/// Fill `doc.sentences` and `doc.tokens` (char offsets into `doc.text`).
/// (Placeholder signature; the segmenter is being written.)
pub fn segment(doc: &mut Document) {
    let _ = doc;
}
