//! Readers: sniff an input (text, HTML, WARC, feed, JSONL, directory, stdin) and yield raw documents
