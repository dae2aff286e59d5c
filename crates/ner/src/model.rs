//! The trained model: a feature-hash → label-weights table plus the
//! capitalisation prior, with a compact versioned binary format.
//!
//! Format (little-endian): `BCNER` magic, version byte, label count byte,
//! f32 weight scale, u32 feature count, then per feature (sorted by hash) a
//! u64 hash, a u16 bitmask of labels with non-zero weight and one i16 per set
//! bit; then u32 prior count and per entry u64 word hash and u8 bucket.

use crate::clusters::Clusters;
use crate::features::{self, CapPrior, Lexicon, SentenceFeatures};
use crate::gazetteer::Gazetteer;
use crate::labels::N_LABELS;

const MAGIC: &[u8; 5] = b"BCNER";
const VERSION: u8 = 3;

/// Open-addressing table from feature hash to a row of label weights. Keys
/// live apart from the weights so probing (most features of a new sentence
/// are absent) walks a compact array that stays in cache.
#[derive(Debug, Clone)]
pub struct Model {
    keys: Vec<u64>,
    weights: Vec<[f32; N_LABELS]>,
    mask: usize,
    len: usize,
    pub lex: Lexicon,
    pub gaz: Gazetteer,
}

/// Hash 0 marks an empty slot, so a real feature hashing to 0 is stored as 1.
fn fix_key(k: u64) -> u64 {
    if k == 0 {
        1
    } else {
        k
    }
}

impl Model {
    /// Build from (feature, weights) rows.
    pub fn from_rows(rows: Vec<(u64, [f32; N_LABELS])>, lex: Lexicon) -> Model {
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut m = Model {
            keys: vec![0; cap],
            weights: vec![[0.0; N_LABELS]; cap],
            mask: cap - 1,
            len: 0,
            lex,
            gaz: Gazetteer::builtin(),
        };
        for (k, w) in rows {
            let k = fix_key(k);
            let mut slot = (k as usize) & m.mask;
            while m.keys[slot] != 0 && m.keys[slot] != k {
                slot = (slot + 1) & m.mask;
            }
            if m.keys[slot] == 0 {
                m.len += 1;
            }
            m.keys[slot] = k;
            m.weights[slot] = w;
        }
        m
    }

    #[inline]
    fn row(&self, k: u64) -> Option<&[f32; N_LABELS]> {
        let k = fix_key(k);
        let mut slot = (k as usize) & self.mask;
        loop {
            let key = self.keys[slot];
            if key == k {
                return self.weights.get(slot);
            }
            if key == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Add the weights of `feats` into `scores`.
    #[inline]
    pub fn accumulate(&self, feats: &[u64], scores: &mut [f32; N_LABELS]) {
        for &f in feats {
            if let Some(w) = self.row(f) {
                for (s, x) in scores.iter_mut().zip(w) {
                    *s += x;
                }
            }
        }
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Viterbi BILOU decoding of one sentence, predicting its part-of-speech tags first.
    pub fn tag(&self, forms: &[&str]) -> Vec<u8> {
        let pos = crate::pos::predict(forms);
        let pos: Vec<&str> = pos.iter().map(String::as_str).collect();
        self.tag_with_pos(forms, &pos)
    }

    /// Viterbi BILOU decoding of one sentence with known (predicted) XPOS tags.
    pub fn tag_with_pos(&self, forms: &[&str], xpos: &[&str]) -> Vec<u8> {
        let sf = features::extract(forms, xpos, &self.gaz, &self.lex);
        self.tag_features(&sf, forms.len())
    }

    pub(crate) fn tag_features(&self, sf: &SentenceFeatures, n: usize) -> Vec<u8> {
        if n == 0 || sf.shape_h.len() < n {
            return Vec::new();
        }
        // The previous-label-only feature is the same for every token: look it up once.
        let mut bigram = [[0f32; N_LABELS]; N_LABELS];
        for (p, row) in bigram.iter_mut().enumerate() {
            self.accumulate(&[features::history(sf, 0, p as u8)[0]], row);
        }
        // The label-pair scores depend on the previous label and the
        // token's shape only, and a sentence has few distinct shapes: score
        // each shape once instead of once per token.
        type Pair = [[f32; N_LABELS]; N_LABELS];
        let mut by_shape: Vec<(u64, Pair)> = Vec::new();
        let mut which = Vec::with_capacity(n);
        for i in 0..n {
            let h = sf.shape_h[i];
            let k = match by_shape.iter().position(|c| c.0 == h) {
                Some(k) => k,
                None => {
                    let mut rows = bigram;
                    for (p, row) in rows.iter_mut().enumerate() {
                        self.accumulate(&[features::history(sf, i, p as u8)[1]], row);
                    }
                    by_shape.push((h, rows));
                    by_shape.len() - 1
                }
            };
            which.push(k);
        }
        crate::decode::viterbi(
            n,
            |i, out| self.accumulate(sf.token(i), out),
            |i, prev, out| *out = by_shape[which[i]].1[prev as usize],
        )
    }

    /// Serialise to the binary format (rows sorted by hash, so bytes are reproducible).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(u64, &[f32; N_LABELS])> = self
            .keys
            .iter()
            .zip(&self.weights)
            .filter(|(&k, _)| k != 0)
            .map(|(&k, w)| (k, w))
            .collect();
        rows.sort_by_key(|r| r.0);
        let maxw = rows
            .iter()
            .flat_map(|r| r.1.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if maxw > 0.0 { maxw / 32767.0 } else { 1.0 };
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        b.push(VERSION);
        b.push(N_LABELS as u8);
        b.extend_from_slice(&scale.to_le_bytes());
        b.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, w) in rows {
            let q: Vec<i16> = w.iter().map(|x| (x / scale).round() as i16).collect();
            let mut mask = 0u16;
            for (l, &v) in q.iter().enumerate() {
                if v != 0 {
                    mask |= 1 << l;
                }
            }
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&mask.to_le_bytes());
            for &v in q.iter().filter(|&&v| v != 0) {
                b.extend_from_slice(&v.to_le_bytes());
            }
        }
        let mut prior: Vec<(u64, u8)> =
            self.lex.prior.table.iter().map(|(&k, &v)| (k, v)).collect();
        prior.sort_unstable();
        b.extend_from_slice(&(prior.len() as u32).to_le_bytes());
        for (k, v) in prior {
            b.extend_from_slice(&k.to_le_bytes());
            b.push(v);
        }
        let mut cl: Vec<(u64, u16)> = self
            .lex
            .clusters
            .table
            .iter()
            .map(|(&k, &v)| (k, v))
            .collect();
        cl.sort_unstable();
        b.extend_from_slice(&(cl.len() as u32).to_le_bytes());
        for (k, v) in cl {
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&v.to_le_bytes());
        }
        b
    }

    /// Parse the binary format; any truncation or mismatch is an error.
    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let mut r = Reader { b, p: 0 };
        if r.take(5)? != MAGIC {
            return Err("not a backchannel NER model (bad magic)".into());
        }
        let version = r.u8()?;
        if version != VERSION {
            return Err(format!("unsupported NER model version {version}"));
        }
        let nl = r.u8()? as usize;
        if nl != N_LABELS {
            return Err(format!("model has {nl} labels, expected {N_LABELS}"));
        }
        let scale = f32::from_le_bytes(r.array()?);
        let n = u32::from_le_bytes(r.array()?) as usize;
        let mut rows = Vec::with_capacity(n.min(1 << 24));
        for _ in 0..n {
            let k = u64::from_le_bytes(r.array()?);
            let mask = u16::from_le_bytes(r.array()?);
            let mut w = [0f32; N_LABELS];
            for (l, x) in w.iter_mut().enumerate() {
                if mask & (1 << l) != 0 {
                    *x = i16::from_le_bytes(r.array()?) as f32 * scale;
                }
            }
            rows.push((k, w));
        }
        let np = u32::from_le_bytes(r.array()?) as usize;
        let mut prior = CapPrior::default();
        prior.table.reserve(np.min(1 << 24));
        for _ in 0..np {
            let k = u64::from_le_bytes(r.array()?);
            prior.table.insert(k, r.u8()?);
        }
        let nc = u32::from_le_bytes(r.array()?) as usize;
        let mut clusters = Clusters::default();
        clusters.table.reserve(nc.min(1 << 24));
        for _ in 0..nc {
            let k = u64::from_le_bytes(r.array()?);
            clusters.table.insert(k, u16::from_le_bytes(r.array()?));
        }
        if r.p != b.len() {
            return Err("trailing bytes after NER model".into());
        }
        Ok(Model::from_rows(rows, Lexicon { prior, clusters }))
    }
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self
            .b
            .get(self.p..self.p + n)
            .ok_or_else(|| "truncated NER model".to_string())?;
        self.p += n;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let mut w = [0f32; N_LABELS];
        w[3] = 1.5;
        w[0] = -0.25;
        let mut lex = Lexicon::default();
        lex.prior.table.insert(42, 7);
        lex.clusters.table.insert(43, 0x0102);
        let m = Model::from_rows(vec![(7, w), (0, w)], lex);
        let b = m.to_bytes();
        let m2 = Model::from_bytes(&b).unwrap();
        assert_eq!(m2.len(), 2);
        assert_eq!(m2.to_bytes(), b);
        let r = m2.row(7).unwrap();
        assert!((r[3] - 1.5).abs() < 1e-3 && (r[0] + 0.25).abs() < 1e-3);
        assert!(Model::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(Model::from_bytes(b"hello").is_err());
        assert!(Model::from_bytes(&[]).is_err());
    }
}
