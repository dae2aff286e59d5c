//! Averaged perceptron used during training. Weight rows are sparse per
//! feature (only classes that were ever updated), which keeps memory small for
//! the ~100-class tagger and parser; averaging uses the "w - u/c" trick so an
//! update costs O(1) per touched weight.

use crate::hash::KeyMap;

#[derive(Clone, Copy)]
struct Ent {
    class: u16,
    w: f32,
    u: f64,
}

pub struct Perceptron {
    index: KeyMap<u32>,
    rows: Vec<Vec<Ent>>,
    /// Instances seen (the averaging clock), starts at 1.
    clock: f64,
}

impl Perceptron {
    pub fn new() -> Self {
        Perceptron {
            index: KeyMap::default(),
            rows: Vec::new(),
            clock: 1.0,
        }
    }

    /// Raw (non-averaged) scores, used while learning.
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    out[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Averaged scores (for evaluating mid-training without finalising).
    pub fn score_avg(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    out[e.class as usize] += (e.w as f64 - e.u / self.clock) as f32;
                }
            }
        }
    }

    /// Advance the averaging clock by one instance.
    pub fn tick(&mut self) {
        self.clock += 1.0;
    }

    /// Reward `gold`, penalise `pred` on every feature.
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        if gold == pred {
            return;
        }
        for &f in feats {
            let next = self.rows.len() as u32;
            let r = *self.index.entry(f).or_insert(next);
            if r == next {
                self.rows.push(Vec::with_capacity(2));
            }
            let row = &mut self.rows[r as usize];
            for (c, d) in [(gold, 1.0f32), (pred, -1.0f32)] {
                match row.iter_mut().find(|e| e.class as usize == c) {
                    Some(e) => {
                        e.w += d;
                        e.u += self.clock * d as f64;
                    }
                    None => row.push(Ent {
                        class: c as u16,
                        w: d,
                        u: self.clock * d as f64,
                    }),
                }
            }
        }
    }

    pub fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// Averaged weights as (feature key, [(class, weight)]) sorted by key, so
    /// the output is the same on every run.
    pub fn averaged(&self) -> Vec<(u64, Vec<(u16, f32)>)> {
        let mut out: Vec<(u64, Vec<(u16, f32)>)> = self
            .index
            .iter()
            .map(|(&k, &r)| {
                let mut row: Vec<(u16, f32)> = self.rows[r as usize]
                    .iter()
                    .map(|e| (e.class, (e.w as f64 - e.u / self.clock) as f32))
                    .filter(|&(_, w)| w != 0.0)
                    .collect();
                row.sort_by_key(|&(c, _)| c);
                (k, row)
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        out.sort_by_key(|&(k, _)| k);
        out
    }
}

/// Scores with raw weights (while learning) or averaged ones (for dev checks).
pub struct View<'a> {
    pub p: &'a Perceptron,
    pub averaged: bool,
}

impl crate::weights::Scorer for View<'_> {
    fn scores(&self, feats: &[u64], out: &mut [f32], _memo: &mut crate::table::Memo) {
        if self.averaged {
            self.p.score_avg(feats, out)
        } else {
            self.p.score(feats, out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem() {
        let mut p = Perceptron::new();
        let data = [(vec![1u64, 10], 0usize), (vec![2u64, 10], 1usize)];
        let mut s = [0f32; 2];
        for _ in 0..5 {
            for (f, y) in &data {
                p.score(f, &mut s);
                let pred = if s[1] > s[0] { 1 } else { 0 };
                p.update(f, *y, pred);
                p.tick();
            }
        }
        for (f, y) in &data {
            p.score_avg(f, &mut s);
            let pred = if s[1] > s[0] { 1 } else { 0 };
            assert_eq!(pred, *y);
        }
        let avg = p.averaged();
        assert!(avg.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
