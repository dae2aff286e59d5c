//! Distributional word classes from unlabeled text: each frequent word is
//! described by counts of its left and right neighbours among the most
//! frequent words, and spherical k-means groups words with similar contexts
//! (so "Tehran" shares a class with other capitals even if never labelled).
//! Two granularities are learned; a word's classes are packed in a u16.

use std::collections::HashMap;

use crate::features::hash_str;
use crate::train::Rng;

/// Word hash → (fine class << 8 | coarse class), each 1-based (0 = unknown).
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    pub table: crate::features::FastMap<u64, u16>,
}

impl Clusters {
    pub fn key(lower: &str) -> u64 {
        Self::key_of_hash(hash_str(0, lower))
    }

    /// The key from the word's template-0 hash (which feature extraction
    /// computes anyway, so the word is not hashed again).
    pub fn key_of_hash(h0: u64) -> u64 {
        crate::features::mix(98, h0, 0)
    }

    /// (fine, coarse) classes of a normalised word; (0, 0) when unknown.
    pub fn get(&self, lower: &str) -> (u8, u8) {
        self.get_by_hash(hash_str(0, lower))
    }

    /// [`Clusters::get`] given the word's template-0 hash.
    pub fn get_by_hash(&self, h0: u64) -> (u8, u8) {
        let v = self.table.get(&Self::key_of_hash(h0)).copied().unwrap_or(0);
        ((v >> 8) as u8, (v & 0xff) as u8)
    }
}

/// Sparse L2-normalised context vector.
type Vector = Vec<(u32, f32)>;

fn kmeans(vecs: &[Vector], dim: usize, k: usize, iters: usize, seed: u64) -> Vec<u8> {
    let k = k.min(vecs.len()).clamp(1, 255);
    let mut rng = Rng::new(seed);
    let mut cent: Vec<Vec<f32>> = (0..k)
        .map(|_| {
            let v = &vecs[(rng.next() % vecs.len() as u64) as usize];
            let mut c = vec![0f32; dim];
            for &(j, x) in v {
                c[j as usize] = x;
            }
            c
        })
        .collect();
    let mut assign = vec![0u8; vecs.len()];
    for _ in 0..iters {
        for (v, a) in vecs.iter().zip(assign.iter_mut()) {
            let mut best = (f32::NEG_INFINITY, 0usize);
            for (ci, c) in cent.iter().enumerate() {
                let s: f32 = v.iter().map(|&(j, x)| x * c[j as usize]).sum();
                if s > best.0 {
                    best = (s, ci);
                }
            }
            *a = best.1 as u8;
        }
        for c in cent.iter_mut() {
            c.iter_mut().for_each(|x| *x = 0.0);
        }
        for (v, &a) in vecs.iter().zip(&assign) {
            for &(j, x) in v {
                cent[a as usize][j as usize] += x;
            }
        }
        for c in cent.iter_mut() {
            let n = c.iter().map(|x| x * x).sum::<f32>().sqrt();
            if n > 0.0 {
                c.iter_mut().for_each(|x| *x /= n);
            }
        }
    }
    assign
}

/// Learn classes from tokenised sentences of normalised words.
pub fn learn(sentences: &[Vec<String>], min_count: u32, seed: u64) -> Clusters {
    let mut freq: HashMap<&str, u32> = HashMap::new();
    for s in sentences {
        for w in s {
            *freq.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&str, u32)> = freq.iter().map(|(w, c)| (*w, *c)).collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    const CONTEXTS: usize = 300;
    let ctx: HashMap<&str, u32> = by_freq
        .iter()
        .take(CONTEXTS)
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    let vocab: Vec<&str> = by_freq
        .iter()
        .filter(|(_, c)| *c >= min_count)
        .map(|(w, _)| *w)
        .collect();
    let vid: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let dim = 2 * CONTEXTS + 2;
    let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for s in sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&v) = vid.get(w.as_str()) else {
                continue;
            };
            let left = if i == 0 {
                Some(2 * CONTEXTS as u32)
            } else {
                ctx.get(s[i - 1].as_str()).copied()
            };
            let right = match s.get(i + 1) {
                None => Some(2 * CONTEXTS as u32 + 1),
                Some(r) => ctx.get(r.as_str()).map(|c| c + CONTEXTS as u32),
            };
            for j in [left, right].into_iter().flatten() {
                *counts[v].entry(j).or_default() += 1.0;
            }
        }
    }
    let vecs: Vec<Vector> = counts
        .into_iter()
        .map(|m| {
            let mut v: Vector = m.into_iter().map(|(j, c)| (j, c.sqrt())).collect();
            v.sort_by_key(|x| x.0);
            let n = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|x| x.1 /= n);
            v
        })
        .collect();
    let mut out = Clusters::default();
    if vecs.is_empty() {
        return out;
    }
    let fine = kmeans(&vecs, dim, 200, 10, seed);
    let coarse = kmeans(&vecs, dim, 40, 10, seed.wrapping_add(1));
    for (i, w) in vocab.iter().enumerate() {
        let v = ((fine[i] as u16 + 1) << 8) | (coarse[i] as u16 + 1);
        out.table.insert(Clusters::key(w), v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_class() {
        let mut sents = Vec::new();
        for city in ["paris", "rome", "oslo"] {
            for _ in 0..5 {
                sents.push(vec![
                    "flew".to_string(),
                    "to".into(),
                    city.into(),
                    "today".into(),
                ]);
            }
        }
        for food in ["bread", "rice", "soup"] {
            for _ in 0..5 {
                sents.push(vec![
                    "i".to_string(),
                    "ate".into(),
                    food.into(),
                    "quickly".into(),
                ]);
            }
        }
        let c = learn(&sents, 3, 7);
        assert_eq!(c.get("paris"), c.get("rome"));
        assert_eq!(c.get("bread"), c.get("soup"));
        assert_eq!(c.get("unseen"), (0, 0));
    }
}
