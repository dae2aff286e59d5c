//! The JSONL reader: the input follows an opening brace.
#![no_main]

use backchannel_read::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"{".to_vec();
    bytes.extend_from_slice(data);
    let opts = ReadOptions {
        max_doc_bytes: 4096,
        ..ReadOptions::default()
    };
    for item in read_bytes("fuzz.jsonl", bytes, &opts) {
        let _ = item;
    }
});
