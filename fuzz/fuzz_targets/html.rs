//! The HTML cleaner on arbitrary (lossily decoded) markup.
#![no_main]

use backchannel_core::{Hints, RawBody, RawDoc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data).into_owned();
    let raw = RawDoc {
        origin: "fuzz.html".into(),
        body: RawBody::Html(html),
        hints: Hints::default(),
    };
    let _ = backchannel_clean::clean(raw);
});
