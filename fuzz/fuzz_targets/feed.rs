//! The feed reader: the input follows an RSS or Atom root element.
#![no_main]

use backchannel_read::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let root: &[u8] = match mode % 3 {
        0 => b"<?xml version=\"1.0\"?><rss><channel><item>",
        1 => b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
        _ => b"<rss>",
    };
    let mut bytes = root.to_vec();
    bytes.extend_from_slice(rest);
    let opts = ReadOptions {
        max_doc_bytes: 64 * 1024,
        ..ReadOptions::default()
    };
    for item in read_bytes("fuzz.xml", bytes, &opts) {
        let _ = item;
    }
});
