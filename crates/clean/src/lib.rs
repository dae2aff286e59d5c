//! Cleaning: turn a raw document into clean body text plus metadata, recording what was removed
