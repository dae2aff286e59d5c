//! The pipeline that runs every stage over a document.
