//! SQLite store: documents, analysis records, near-duplicate groups, full-text search
