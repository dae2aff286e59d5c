//! Linear-chain CRF training for the BIO tagger: the same scores as
//! inference (emission rows, feature-conditioned label-pair rows and the
//! transition matrix) and the same model, but the weights move by the
//! gradient of each sequence's log-likelihood (gold counts minus the
//! counts expected under forward-backward marginals) instead of the
//! perceptron's best-path corrections. Every token then pulls in
//! proportion to how unsure the model is, not only where Viterbi errs,
//! which lifts recall where the perceptron stops at a barely-right path.
//! Decoding stays [`crate::model::viterbi`].
//!
//! Tried and not kept (shipped 3-tagger model at 6fc1f14, inference only,
//! `attrib_eval` dev, source/cue/content exact F1 76.10/71.16/60.72): a
//! bias on the B-cue emission before Viterbi, to recover cues the tagger
//! almost found: +0.3 76.13/71.19/60.71, +1 76.20/71.22/60.66, +4
//! 76.20/71.12/60.64, +8 76.14/70.95/60.54 (content tp +5, fp +23), +16
//! 76.12/70.77/60.41; -1 76.14/71.15/60.64. On the O emission: -1
//! 76.33/71.09/60.48, -4 76.29/70.86/60.06, +1 75.86/70.92/60.64. The keep
//! filter drops most of the extra cues again and the rest are wrong more
//! often than the F1 break-even.

use crate::features::Lexicon;
use crate::model::{
    allowed, emissions, pair_scores, Averages, IdMap, Learned, Model, PairWeights, Trainer, NL,
};
use crate::rows::Rows;

/// Posterior marginals of one sequence: `node[i][l]` = P(label `l` at `i`),
/// `edge[i][p][l]` = P(`p` at `i - 1`, `l` at `i`), row [`NL`] at `i` = 0
/// being the start.
pub struct Marginals {
    pub node: Vec<[f32; NL]>,
    pub edge: Vec<PairWeights>,
}

/// log Σ exp over the finite terms (-inf when there are none).
fn log_sum_exp(xs: &[f32]) -> f32 {
    let m = xs.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    if !m.is_finite() {
        return f32::NEG_INFINITY;
    }
    m + xs.iter().map(|x| (x - m).exp()).sum::<f32>().ln()
}

/// The score of label `l` at token `i` after `p` (`NL` = start): what
/// Viterbi adds for that step, -inf where BIO forbids it.
fn step(
    em: &[[f32; NL]],
    pair: &[PairWeights],
    trans: &[[f32; NL]; NL + 1],
    i: usize,
    p: usize,
    l: usize,
) -> f32 {
    let prev = (p < NL).then_some(p as u8);
    if !allowed(prev, l as u8) {
        return f32::NEG_INFINITY;
    }
    em[i][l] + trans[p][l] + pair.get(i).map_or(0.0, |x| x[p][l])
}

/// Forward-backward marginals of every label and label pair; `None` for
/// an empty sequence or one whose scores overflow.
pub fn marginals(
    em: &[[f32; NL]],
    pair: &[PairWeights],
    trans: &[[f32; NL]; NL + 1],
) -> Option<Marginals> {
    let n = em.len();
    if n == 0 {
        return None;
    }
    let ninf = f32::NEG_INFINITY;
    let mut alpha = vec![[ninf; NL]; n];
    for l in 0..NL {
        alpha[0][l] = step(em, pair, trans, 0, NL, l);
    }
    let mut buf = [0f32; NL];
    for i in 1..n {
        for l in 0..NL {
            for (p, b) in buf.iter_mut().enumerate() {
                *b = alpha[i - 1][p] + step(em, pair, trans, i, p, l);
            }
            alpha[i][l] = log_sum_exp(&buf);
        }
    }
    let mut beta = vec![[0f32; NL]; n];
    for i in (0..n - 1).rev() {
        for p in 0..NL {
            for (l, b) in buf.iter_mut().enumerate() {
                *b = step(em, pair, trans, i + 1, p, l) + beta[i + 1][l];
            }
            beta[i][p] = log_sum_exp(&buf);
        }
    }
    let z = log_sum_exp(&alpha[n - 1]);
    if !z.is_finite() {
        return None;
    }
    let prob = |x: f32| if x.is_finite() { (x - z).exp() } else { 0.0 };
    let node: Vec<[f32; NL]> = (0..n)
        .map(|i| std::array::from_fn(|l| prob(alpha[i][l] + beta[i][l])))
        .collect();
    let mut edge = vec![[[0f32; NL]; NL + 1]; n];
    edge[0][NL] = node[0];
    for i in 1..n {
        for p in 0..NL {
            for l in 0..NL {
                edge[i][p][l] = prob(alpha[i - 1][p] + step(em, pair, trans, i, p, l) + beta[i][l]);
            }
        }
    }
    Some(Marginals { node, edge })
}

/// Settings of CRF training, chosen on the two-fold doc split of PolNeAR
/// train that training prints (each half tagged by the tagger and span-edge
/// rankers trained on the other, 6 epochs, exact source/cue/content F1):
/// perceptron 70.67/66.74/54.05; CRF rate 0.5 71.09/67.06/54.39, rate 1.0
/// 71.15/67.11/54.23, rate 0.5 decay 1 71.41/67.15/54.36 (decay 2
/// 71.19/67.04/54.23 with prune 0.015, bias 0.5); prune 0.025 of the
/// largest weight 71.29/66.97/54.29, 0.015 71.38/67.15/54.40 (39k features,
/// 2.8 MB model, tagging as fast: profile example, dev, 0.0845 vs 0.0846
/// CPU s), absolute 0.05 ~245k features, 7.3 MB; O bias 0.5 (no prune)
/// 71.41/67.19/54.40, 1.0 (prune 0.025) 71.30/67.14/54.35; 12 held-out
/// epochs instead of 6: 71.51/67.08/54.46 (not kept: see train.rs
/// HELDOUT_EPOCHS). Also tried and not kept: a bias toward opening spans
/// (added to every transition into a B label, on top of the O bias 0.5):
/// 0.5 71.31/67.12/54.34, 1.0 71.29/67.08/54.26. With prune 0.015 and
/// bias 0.5: rate 1.0 decay 1 71.44/67.24/54.36, rate 0.5 decay 0.5
/// 71.27/67.08/54.52 (within noise of the defaults' 71.39/67.12/54.42).
/// O bias 1.0 retrained with the prune 0.015 defaults: 71.37/67.06/54.29.
/// Pruning the shipped model harder for speed (prune example, absolute
/// thresholds, no retraining; dev exact F1): up to 1.5 nothing goes; 2:
/// 39044 -> 32226 features, 76.22/71.21/59.24 -> 76.00/70.95/59.13; 3:
/// 20065 features, 75.87/70.90/59.24. Profile example on dev (15 reps,
/// interleaved, noisy shared machine): 0.1160 CPU s, 0.1080 (2), 0.1116
/// (3): within noise, and quality drops; not kept.
/// At inference only, a bias on every transition into B-CUE (the cue
/// recall the brief of issue 4 asked for; attrib_eval, dev, whole
/// pipeline, cue F1 71.21 without): +0.3 71.21, +1 71.17, +3 71.18
/// (tp +3, fp +7), +6 71.13; the tagger alone at +20 finds tp +31 for
/// fp +149. Where the tagger misses a cue it is confident: cue recall does
/// not come from a threshold.
#[derive(Debug, Clone, Copy)]
pub struct CrfConfig {
    /// Features whose weights all lie below this share of the largest
    /// weight are dropped from the model.
    pub prune: f32,
    /// Recall bias: subtracted from every transition into O, which is
    /// subtracting it from O's score at every token (Viterbi then opens
    /// spans it is unsure of), with no change to the model's format.
    pub o_bias: f32,
    /// Step size at the first update.
    pub rate: f32,
    /// The step decays as rate / (1 + decay × sequences seen / sequences
    /// per epoch): 1 halves it after one epoch.
    pub decay: f32,
    /// Gradients below rate × this are skipped: tokens the model already
    /// labels with near certainty cost no update (fast training, a model
    /// that stays small).
    pub skip: f32,
}

impl Default for CrfConfig {
    fn default() -> Self {
        CrfConfig {
            prune: 0.015,
            o_bias: 0.5,
            rate: 0.5,
            decay: 1.0,
            skip: 0.01,
        }
    }
}

impl CrfConfig {
    /// The defaults, or `None` when `ATTRIB_CRF=0` asks for the
    /// perceptron; `ATTRIB_CRF_RATE`, `_DECAY`, `_SKIP` and `_PRUNE`
    /// override single settings (for tuning on the train split).
    pub fn from_env() -> Option<CrfConfig> {
        if std::env::var("ATTRIB_CRF").is_ok_and(|v| v == "0") {
            return None;
        }
        let get = |k: &str, d: f32| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(d)
        };
        let d = CrfConfig::default();
        Some(CrfConfig {
            prune: get("ATTRIB_CRF_PRUNE", d.prune),
            o_bias: get("ATTRIB_CRF_OBIAS", d.o_bias),
            rate: get("ATTRIB_CRF_RATE", d.rate),
            decay: get("ATTRIB_CRF_DECAY", d.decay),
            skip: get("ATTRIB_CRF_SKIP", d.skip),
        })
    }
}

/// The tagger's trainer: the averaged perceptron or the CRF.
pub enum Learner {
    /// Perceptron, and the prune threshold of its averaged weights.
    Perceptron(Box<Trainer>, f32),
    Crf(Box<CrfTrainer>),
}

impl Learner {
    /// A CRF learner with [`CrfConfig::from_env`]'s settings, else the
    /// perceptron pruned at `perceptron_prune`; `per_epoch` sequences
    /// make an epoch (for the CRF's step decay).
    pub fn new(per_epoch: usize, perceptron_prune: f32) -> Learner {
        match CrfConfig::from_env() {
            Some(cfg) => Learner::Crf(Box::new(CrfTrainer::new(cfg, per_epoch))),
            None => Learner::Perceptron(Box::default(), perceptron_prune),
        }
    }

    /// One update on one sequence; returns the token errors.
    pub fn step(&mut self, feats: &Rows, pairs: &Rows, gold: &[u8]) -> usize {
        match self {
            Learner::Perceptron(t, _) => t.step(feats, pairs, gold),
            Learner::Crf(t) => t.step(feats, pairs, gold),
        }
    }

    /// The averaged, pruned model.
    pub fn averaged(&self, lexicon: Lexicon) -> Model {
        match self {
            Learner::Perceptron(t, prune) => t.averaged(lexicon, *prune),
            Learner::Crf(t) => t.averaged(lexicon, t.cfg.prune),
        }
    }

    /// The averaged weights before pruning (and before the CRF's O bias).
    pub fn averages(&self) -> Averages {
        match self {
            Learner::Perceptron(t, _) => t.averages(),
            Learner::Crf(t) => t.l.averages(),
        }
    }

    /// A model of `avg` (averages of this kind of learner), pruned and
    /// biased as [`Learner::averaged`] does its own.
    pub fn finish(&self, avg: Averages, lexicon: Lexicon) -> Model {
        let (weights, pairs, trans) = avg;
        match self {
            Learner::Perceptron(_, prune) => Learned::model(weights, pairs, trans, lexicon, *prune),
            Learner::Crf(t) => t.finish(weights, pairs, trans, lexicon, t.cfg.prune),
        }
    }
}

/// Every label, as the previous labels of a token after the first.
const LABELS: [usize; NL] = {
    let mut a = [0; NL];
    let mut l = 0;
    while l < NL {
        a[l] = l;
        l += 1;
    }
    a
};

/// Averaged stochastic-gradient CRF trainer (weights and update sums kept
/// as the perceptron keeps them, in [`Learned`]).
pub struct CrfTrainer {
    cfg: CrfConfig,
    /// Sequences per epoch, for the step's decay.
    per_epoch: f32,
    l: Learned,
}

impl CrfTrainer {
    pub fn new(cfg: CrfConfig, per_epoch: usize) -> Self {
        CrfTrainer {
            cfg,
            per_epoch: per_epoch.max(1) as f32,
            l: Learned::default(),
        }
    }

    /// One gradient step on one sequence; returns the number of tokens
    /// whose most likely label is not gold.
    pub fn step(&mut self, feats: &Rows, pairs: &Rows, gold: &[u8]) -> usize {
        let n = gold.len().min(feats.len());
        let em = emissions(&self.l.w, feats, 0..n);
        let pr = pair_scores(&self.l.pw, pairs, 0..n);
        let Some(m) = marginals(&em, &pr, &self.l.trans) else {
            self.l.c += 1.0;
            return 0;
        };
        let seen = self.l.c - 1.0;
        let rate = self.cfg.rate / (1.0 + self.cfg.decay * seen / self.per_epoch);
        let skip = self.cfg.skip * rate;
        let c = self.l.c;
        let mut errors = 0;
        for i in 0..n {
            let g = gold[i] as usize;
            let best = (0..NL).fold(0, |b, l| if m.node[i][l] > m.node[i][b] { l } else { b });
            errors += (best != g) as usize;
            let mut d = [0f32; NL];
            for (l, x) in d.iter_mut().enumerate() {
                *x = rate * ((l == g) as u8 as f32 - m.node[i][l]);
            }
            if d.iter().any(|x| x.abs() > skip) {
                for f in feats.row(i) {
                    let w = self.l.w.entry(*f).or_insert([0.0; NL]);
                    let u = self.l.u.entry(*f).or_insert([0.0; NL]);
                    for l in 0..NL {
                        w[l] += d[l];
                        u[l] += c * d[l];
                    }
                }
            }
            let gp = if i == 0 { NL } else { gold[i - 1] as usize };
            let rows: &[usize] = if i == 0 { &[NL] } else { &LABELS };
            let mut d = [[0f32; NL]; NL + 1];
            let mut any = false;
            for &p in rows {
                for l in 0..NL {
                    let want = (p == gp && l == g) as u8 as f32;
                    let x = rate * (want - m.edge[i][p][l]);
                    d[p][l] = x;
                    any |= x.abs() > skip;
                }
            }
            if !any {
                continue;
            }
            for p in 0..=NL {
                for l in 0..NL {
                    self.l.trans[p][l] += d[p][l];
                    self.l.trans_u[p][l] += c * d[p][l];
                }
            }
            for f in pairs.row(i) {
                let w = self.l.pw.entry(*f).or_insert([[0.0; NL]; NL + 1]);
                let u = self.l.pu.entry(*f).or_insert([[0.0; NL]; NL + 1]);
                for &p in rows {
                    for l in 0..NL {
                        w[p][l] += d[p][l];
                        u[p][l] += c * d[p][l];
                    }
                }
            }
        }
        self.l.c += 1.0;
        errors
    }

    /// The averaged weights, dropping features whose weights all lie below
    /// `prune` × the largest weight (relative, so the model keeps about as
    /// many features whatever the step size).
    pub fn averaged(&self, lexicon: Lexicon, prune: f32) -> Model {
        let (weights, pairs, trans) = self.l.averages();
        self.finish(weights, pairs, trans, lexicon, prune)
    }

    /// [`CrfTrainer::averaged`] of given averages: relative pruning and the
    /// O bias.
    fn finish(
        &self,
        weights: IdMap<[f32; NL]>,
        pairs: IdMap<PairWeights>,
        trans: [[f32; NL]; NL + 1],
        lexicon: Lexicon,
        prune: f32,
    ) -> Model {
        let largest = weights
            .values()
            .flatten()
            .chain(pairs.values().flatten().flatten())
            .fold(0f32, |m, v| m.max(v.abs()));
        let bias = |l: usize| if l == 0 { self.cfg.o_bias } else { 0.0 };
        let trans = std::array::from_fn(|p| std::array::from_fn(|l| trans[p][l] - bias(l)));
        Learned::model(weights, pairs, trans, lexicon, prune * largest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marginals_sum_to_one_and_follow_the_scores() {
        let mut em = vec![[0f32; NL]; 3];
        em[0][3] = 4.0; // B-CUE
        let m = marginals(&em, &[], &[[0.0; NL]; NL + 1]).expect("marginals");
        for i in 0..3 {
            let s: f32 = m.node[i].iter().sum();
            assert!((s - 1.0).abs() < 1e-4, "token {i}: {s}");
            let e: f32 = m.edge[i].iter().flatten().sum();
            assert!((e - 1.0).abs() < 1e-4, "edges {i}: {e}");
        }
        assert!(m.node[0][3] > 0.5);
        // No path starts inside a span.
        assert_eq!(m.node[0][2], 0.0);
        assert!(marginals(&[], &[], &[[0.0; NL]; NL + 1]).is_none());
    }

    #[test]
    fn marginals_match_brute_force_on_a_short_sequence() {
        // Every label sequence of length 3, scored as Viterbi scores it.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 2001) as f32 / 1000.0 - 1.0
        };
        let em: Vec<[f32; NL]> = (0..3).map(|_| std::array::from_fn(|_| next())).collect();
        let pair: Vec<PairWeights> = (0..3)
            .map(|_| std::array::from_fn(|_| std::array::from_fn(|_| next())))
            .collect();
        let trans: [[f32; NL]; NL + 1] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
        let m = marginals(&em, &pair, &trans).expect("marginals");
        let mut z = 0f64;
        let mut node = [[0f64; NL]; 3];
        for a in 0..NL {
            for b in 0..NL {
                for c in 0..NL {
                    let s = step(&em, &pair, &trans, 0, NL, a)
                        + step(&em, &pair, &trans, 1, a, b)
                        + step(&em, &pair, &trans, 2, b, c);
                    let e = (s as f64).exp();
                    z += e;
                    node[0][a] += e;
                    node[1][b] += e;
                    node[2][c] += e;
                }
            }
        }
        for i in 0..3 {
            for l in 0..NL {
                let want = node[i][l] / z;
                assert!((m.node[i][l] as f64 - want).abs() < 1e-4, "{i} {l}");
            }
        }
    }

    #[test]
    fn crf_learns_a_separable_toy_problem() {
        let rows = |v: &[u64]| {
            let mut r = Rows::default();
            for &f in v {
                r.extend(&[f]);
                r.end_row();
            }
            r
        };
        let feats = rows(&[2, 1, 3, 4, 4]);
        let pairs = rows(&[7; 5]);
        let gold = vec![0, 3, 5, 6, 6];
        let mut t = CrfTrainer::new(CrfConfig::default(), 1);
        for _ in 0..30 {
            t.step(&feats, &pairs, &gold);
        }
        let m = t.averaged(Lexicon::default(), 0.0);
        let pred = crate::model::viterbi(
            &emissions(&m.weights, &feats, 0..5),
            &pair_scores(&m.pairs, &pairs, 0..5),
            &m.trans,
        );
        assert_eq!(pred, gold);
    }
}
