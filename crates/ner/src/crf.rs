//! Linear-chain CRF marginals over BILOU labels (forward-backward in log
//! space, with the same well-formedness constraints as [`crate::decode`]).
//! Training by stochastic gradient uses them: the gradient of a
//! sentence's log-likelihood is the gold label counts minus these expected
//! counts, so every token moves the weights in proportion to how unsure
//! the model is, not only where the best path is wrong (the perceptron).

use crate::labels::{allowed, can_end, N_LABELS, O};

/// Label scores of one sentence: `emit[i][l]` for token `i` and
/// `trans[i][p][l]` for moving from label `p` to `l` at token `i` (at
/// token 0 only `p` = `O` is read: the sentence starts after an `O`).
pub struct Lattice {
    pub emit: Vec<[f32; N_LABELS]>,
    pub trans: Vec<[[f32; N_LABELS]; N_LABELS]>,
}

/// Posterior marginals: `node[i][l]` = P(label `l` at `i`) and
/// `edge[i][p][l]` = P(`p` at `i - 1`, `l` at `i`) (row `O` at `i` = 0).
pub struct Marginals {
    pub node: Vec<[f32; N_LABELS]>,
    pub edge: Vec<[[f32; N_LABELS]; N_LABELS]>,
}

fn log_sum_exp(xs: impl Iterator<Item = f32>) -> f32 {
    // At most one term per label: a fixed buffer, no allocation.
    let mut v = [0f32; N_LABELS];
    let mut k = 0;
    for x in xs.filter(|x| x.is_finite()) {
        if let Some(slot) = v.get_mut(k) {
            *slot = x;
            k += 1;
        }
    }
    let v = &v[..k];
    let m = v.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    if !m.is_finite() {
        return f32::NEG_INFINITY;
    }
    m + v.iter().map(|x| (x - m).exp()).sum::<f32>().ln()
}

/// Marginals of every label and label pair; `None` for an empty sentence
/// or one with no well-formed path.
pub fn marginals(lat: &Lattice) -> Option<Marginals> {
    let n = lat.emit.len();
    if n == 0 || lat.trans.len() != n {
        return None;
    }
    let ninf = f32::NEG_INFINITY;
    let ok = |p: usize, l: usize| allowed(p as u8, l as u8);
    let mut alpha = vec![[ninf; N_LABELS]; n];
    for (l, a) in alpha[0].iter_mut().enumerate() {
        if ok(O as usize, l) {
            *a = lat.emit[0][l] + lat.trans[0][O as usize][l];
        }
    }
    for i in 1..n {
        for l in 0..N_LABELS {
            let s = log_sum_exp(
                (0..N_LABELS)
                    .filter(|&p| ok(p, l))
                    .map(|p| alpha[i - 1][p] + lat.trans[i][p][l]),
            );
            alpha[i][l] = s + lat.emit[i][l];
        }
    }
    let mut beta = vec![[ninf; N_LABELS]; n];
    for (l, b) in beta[n - 1].iter_mut().enumerate() {
        if can_end(l as u8) {
            *b = 0.0;
        }
    }
    for i in (0..n - 1).rev() {
        for p in 0..N_LABELS {
            beta[i][p] = log_sum_exp(
                (0..N_LABELS)
                    .filter(|&l| ok(p, l))
                    .map(|l| lat.trans[i + 1][p][l] + lat.emit[i + 1][l] + beta[i + 1][l]),
            );
        }
    }
    let z = log_sum_exp((0..N_LABELS).map(|l| alpha[n - 1][l] + beta[n - 1][l]));
    if !z.is_finite() {
        return None;
    }
    let p = |x: f32| if x.is_finite() { (x - z).exp() } else { 0.0 };
    let mut node = vec![[0f32; N_LABELS]; n];
    let mut edge = vec![[[0f32; N_LABELS]; N_LABELS]; n];
    for i in 0..n {
        for l in 0..N_LABELS {
            node[i][l] = p(alpha[i][l] + beta[i][l]);
        }
    }
    edge[0][O as usize] = node[0];
    for i in 1..n {
        for (pl, row) in edge[i].iter_mut().enumerate() {
            for (l, x) in row.iter_mut().enumerate() {
                if ok(pl, l) {
                    *x = p(alpha[i - 1][pl] + lat.trans[i][pl][l] + lat.emit[i][l] + beta[i][l]);
                }
            }
        }
    }
    Some(Marginals { node, edge })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{label, EntType, Pos};

    #[test]
    fn marginals_sum_to_one_and_follow_the_scores() {
        let b = label(Pos::B, EntType::Per) as usize;
        let mut emit = vec![[0f32; N_LABELS]; 3];
        emit[0][b] = 4.0;
        let lat = Lattice {
            emit,
            trans: vec![[[0f32; N_LABELS]; N_LABELS]; 3],
        };
        let m = marginals(&lat).unwrap();
        for i in 0..3 {
            let s: f32 = m.node[i].iter().sum();
            assert!((s - 1.0).abs() < 1e-4, "token {i}: {s}");
            let e: f32 = m.edge[i].iter().flatten().sum();
            assert!((e - 1.0).abs() < 1e-4, "edges {i}: {e}");
        }
        // A strong B-PER on token 0 makes it the likeliest label there,
        // and no path may end inside the span.
        assert!(m.node[0][b] > 0.5);
        assert_eq!(m.node[2][label(Pos::I, EntType::Per) as usize], 0.0);
        assert!(marginals(&Lattice {
            emit: Vec::new(),
            trans: Vec::new()
        })
        .is_none());
    }
}
