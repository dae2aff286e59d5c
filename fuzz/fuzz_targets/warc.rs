//! The WARC reader: the input is the rest of a file that starts like a WARC.
//! An odd first byte gzips it first, to reach the gzip and truncation paths.
#![no_main]

use std::io::Write;

use backchannel_read::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = b"WARC/1.0\r\n".to_vec();
    bytes.extend_from_slice(rest);
    if mode & 1 == 1 {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        if enc.write_all(&bytes).is_err() {
            return;
        }
        let Ok(gz) = enc.finish() else { return };
        // Cut the gzip at a data-chosen point.
        let cut = gz.len() - (usize::from(mode >> 1) % gz.len().max(1));
        bytes = gz[..cut].to_vec();
    }
    let opts = ReadOptions {
        max_doc_bytes: 64 * 1024,
        max_decompressed_bytes: 1 << 20,
    };
    for item in read_bytes("fuzz.warc", bytes, &opts) {
        let _ = item;
    }
});
