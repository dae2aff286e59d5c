//! How an analysis record is kept in the `record` column.
//!
//! Token layers make a record ~20 times the size of its text, and records are
//! read far less often than they are written, so they are stored as
//! zstd-compressed JSON. The clean text already has its own column (for the
//! full-text index and snippets), so it is cut out of the JSON and put back on
//! reading. The `codec` column names the encoding so a later version can
//! change it without rewriting old rows.

use backchannel_core::{Document, OffsetMap};

/// `codec` value: zstd-compressed analysis-record JSON.
pub const ZSTD_JSON: i64 = 1;
/// `codec` value: as [`ZSTD_JSON`], with `"text"` emptied (it is in the `text` column).
pub const ZSTD_JSON_NO_TEXT: i64 = 2;

/// zstd level: 3 is zstd's default, a good balance of speed and size for JSON.
const LEVEL: i32 = 3;

/// Encode a document as (codec, bytes).
pub fn encode(doc: &Document) -> Result<(i64, Vec<u8>), String> {
    let json = serde_json::to_vec(doc).map_err(|e| format!("serialising record: {e}"))?;
    let (codec, json) = match without_text(&json, &doc.text) {
        Some(cut) => (ZSTD_JSON_NO_TEXT, cut),
        None => (ZSTD_JSON, json),
    };
    let packed =
        zstd::bulk::compress(&json, LEVEL).map_err(|e| format!("compressing record: {e}"))?;
    Ok((codec, packed))
}

/// The record JSON with the top-level `"text"` value replaced by `""`.
///
/// The top-level text follows the `doc` object, so it is the first place where
/// `},"text":` occurs (inside `doc`, `removed` items read `{"text":`, and a
/// quote inside a JSON string is always escaped). The value found there must
/// be exactly the serialised text; otherwise `None` and the full JSON is kept.
fn without_text(json: &[u8], text: &str) -> Option<Vec<u8>> {
    const KEY: &[u8] = b"},\"text\":";
    let escaped = serde_json::to_vec(text).ok()?;
    let at = json.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    if json.get(at..at + escaped.len())? != escaped.as_slice() {
        return None;
    }
    let mut out = Vec::with_capacity(json.len() - escaped.len() + 2);
    out.extend_from_slice(&json[..at]);
    out.extend_from_slice(b"\"\"");
    out.extend_from_slice(&json[at + escaped.len()..]);
    Some(out)
}

/// Decode what [`encode`] wrote; `text` is the row's `text` column.
pub fn decode(codec: i64, bytes: &[u8], text: &str) -> Result<Document, String> {
    match codec {
        ZSTD_JSON | ZSTD_JSON_NO_TEXT => {
            let json =
                zstd::stream::decode_all(bytes).map_err(|e| format!("decompressing: {e}"))?;
            let mut doc: Document =
                serde_json::from_slice(&json).map_err(|e| format!("invalid record JSON: {e}"))?;
            if codec == ZSTD_JSON_NO_TEXT {
                doc.text = text.to_string();
            }
            Ok(doc)
        }
        other => Err(format!(
            "unknown record codec {other} (written by a newer backchannel?)"
        )),
    }
}

/// Encode the clean→original offset map (not part of the JSON record, but
/// needed to report spans against the input as given, e.g. for brat export).
/// Pieces are delta-encoded as LEB128 varints: (gap from the previous piece's
/// clean end, zigzag jump from the previous original end, length).
pub fn encode_offsets(map: &OffsetMap) -> Vec<u8> {
    let mut out = Vec::with_capacity(map.pieces().len() * 4);
    let (mut clean_end, mut orig_end) = (0u64, 0i128);
    for &(c, o, len) in map.pieces() {
        let (c, o, len) = (c as u64, o as i128, len as u64);
        put_varint(&mut out, c.saturating_sub(clean_end));
        let jump = (o - orig_end) as i64;
        put_varint(&mut out, ((jump << 1) ^ (jump >> 63)) as u64);
        put_varint(&mut out, len);
        clean_end = c + len;
        orig_end = o + len as i128;
    }
    out
}

/// Decode what [`encode_offsets`] wrote.
pub fn decode_offsets(bytes: &[u8]) -> Result<OffsetMap, String> {
    let mut map = OffsetMap::default();
    let mut pos = 0;
    let (mut clean_end, mut orig_end) = (0u64, 0i128);
    let mut zero_piece = false;
    while pos < bytes.len() {
        let gap = get_varint(bytes, &mut pos)?;
        let z = get_varint(bytes, &mut pos)?;
        let len = get_varint(bytes, &mut pos)?;
        let jump = ((z >> 1) as i64) ^ -((z & 1) as i64);
        let c = clean_end.checked_add(gap).ok_or("offset overflow")?;
        let o = orig_end + i128::from(jump);
        let (cu, ou, lu) = (
            usize::try_from(c).map_err(|_| "offset overflow")?,
            usize::try_from(o).map_err(|_| "negative offset")?,
            usize::try_from(len).map_err(|_| "offset overflow")?,
        );
        zero_piece |= lu == 0;
        map.push(cu, ou, lu);
        clean_end = c.checked_add(len).ok_or("offset overflow")?;
        orig_end = o + i128::from(len);
    }
    // `identity(0)` holds one empty piece that `push` would drop.
    if zero_piece && map.pieces().is_empty() {
        return Ok(OffsetMap::identity(0));
    }
    Ok(map)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(bytes: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos).ok_or("truncated offset map")?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(v);
        }
    }
    Err("malformed offset map".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use backchannel_core::{DocMeta, Removed, Token};

    #[test]
    fn offset_maps_round_trip() {
        let mut m = OffsetMap::default();
        m.push(0, 7, 5);
        m.push(5, 13, 1);
        m.push(6, 3, 500); // a piece taken from earlier in the input
        m.push(900, 100_000, 2);
        for map in [
            m,
            OffsetMap::identity(0),
            OffsetMap::identity(12),
            OffsetMap::default(),
        ] {
            assert_eq!(decode_offsets(&encode_offsets(&map)).unwrap(), map);
        }
        assert!(decode_offsets(&[0x80]).is_err());
        assert!(decode_offsets(&[0xff; 12]).is_err());
    }

    #[test]
    fn round_trips_without_storing_the_text_twice() {
        let text = "Zarif said \"no\" — “twice”.\n\nEnd }, \"text\": x";
        let mut doc = Document::from_plain(text.into(), DocMeta::default());
        doc.meta.removed.push(Removed {
            text: text.into(),
            reason: "promo".into(),
        });
        doc.tokens.push(Token::new(0, 5));
        let (codec, bytes) = encode(&doc).unwrap();
        assert_eq!(codec, ZSTD_JSON_NO_TEXT);
        let json = zstd::stream::decode_all(bytes.as_slice()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["text"], "");
        assert_eq!(v["doc"]["removed"][0]["text"], text);
        let back = decode(codec, &bytes, text).unwrap();
        assert_eq!(back.text, doc.text);
        assert_eq!(back.tokens, doc.tokens);
        assert_eq!(back.meta, doc.meta);
    }

    #[test]
    fn rejects_garbage_and_unknown_codecs() {
        let doc = Document::from_plain("x".into(), DocMeta::default());
        let (codec, bytes) = encode(&doc).unwrap();
        assert!(decode(codec, b"not zstd", "x").is_err());
        assert!(decode(99, &bytes, "x")
            .unwrap_err()
            .contains("unknown record codec"));
    }
}
