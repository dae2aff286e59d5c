//! Arbitrary bytes through sniffing and whichever reader they select.
#![no_main]

use backchannel_read::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small limits so the size-limit paths are exercised too.
    let opts = ReadOptions {
        max_doc_bytes: 64 * 1024,
        max_decompressed_bytes: 1 << 20,
    };
    for item in read_bytes("fuzz", data.to_vec(), &opts) {
        let _ = item;
    }
});
