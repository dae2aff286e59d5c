//! First-order Viterbi decoding over BILOU labels. Greedy decoding cannot
//! leave a wrongly opened span (after `B-LOC` only `I-LOC`/`L-LOC` are
//! allowed), so the best whole-sentence path is searched instead.

use crate::labels::{allowed, can_end, N_LABELS, O};

/// Best label sequence. `emit(i, out)` writes label scores of token `i`
/// that do not depend on the previous label; `trans(i, prev, out)` adds the
/// scores that do. The sequence starts after an implicit `O`.
pub fn viterbi(
    n: usize,
    mut emit: impl FnMut(usize, &mut [f32; N_LABELS]),
    mut trans: impl FnMut(usize, u8, &mut [f32; N_LABELS]),
) -> Vec<u8> {
    if n == 0 {
        return Vec::new();
    }
    let mut ok = [[false; N_LABELS]; N_LABELS];
    for (p, row) in ok.iter_mut().enumerate() {
        for (l, x) in row.iter_mut().enumerate() {
            *x = allowed(p as u8, l as u8);
        }
    }
    let mut back = vec![[0u8; N_LABELS]; n];
    let mut delta = [f32::NEG_INFINITY; N_LABELS];
    let mut e = [0f32; N_LABELS];
    emit(0, &mut e);
    let mut t = [0f32; N_LABELS];
    trans(0, O, &mut t);
    for l in 0..N_LABELS {
        if allowed(O, l as u8) {
            delta[l] = e[l] + t[l];
        }
    }
    for (i, bp) in back.iter_mut().enumerate().skip(1) {
        let mut e = [0f32; N_LABELS];
        emit(i, &mut e);
        let mut next = [f32::NEG_INFINITY; N_LABELS];
        for (p, &dp) in delta.iter().enumerate() {
            if dp == f32::NEG_INFINITY {
                continue;
            }
            let mut t = [0f32; N_LABELS];
            trans(i, p as u8, &mut t);
            for (l, (nx, b)) in next.iter_mut().zip(bp.iter_mut()).enumerate() {
                if !ok[p][l] {
                    continue;
                }
                let s = dp + e[l] + t[l];
                if s > *nx {
                    *nx = s;
                    *b = p as u8;
                }
            }
        }
        delta = next;
    }
    let mut best = O;
    let mut best_s = f32::NEG_INFINITY;
    for (l, &s) in delta.iter().enumerate() {
        if can_end(l as u8) && s > best_s {
            best_s = s;
            best = l as u8;
        }
    }
    let mut out = vec![O; n];
    out[n - 1] = best;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
    out
}

/// Label-pair scores of one token, `[previous label][label]`.
pub type Pair = [[f32; N_LABELS]; N_LABELS];

/// The labels that may precede each label, in ascending order, and how
/// many there are: 7 for `O`, `B-*` and `U-*`, 2 for `I-*` and `L-*`, so a
/// step relaxes 61 label pairs instead of 169.
fn predecessors() -> &'static [([u8; N_LABELS], usize); N_LABELS] {
    static PREDS: std::sync::OnceLock<[([u8; N_LABELS], usize); N_LABELS]> =
        std::sync::OnceLock::new();
    PREDS.get_or_init(|| {
        let mut t = [([0u8; N_LABELS], 0usize); N_LABELS];
        for (l, (ps, k)) in t.iter_mut().enumerate() {
            for p in 0..N_LABELS as u8 {
                if allowed(p, l as u8) {
                    ps[*k] = p;
                    *k += 1;
                }
            }
        }
        t
    })
}

/// [`viterbi`] over precomputed scores: `emit[i]` and the label-pair rows
/// `trans(i)` of each token. Same path, ties included: for each label the
/// allowed previous labels are tried in ascending order with the same
/// float additions, only the forbidden pairs are no longer visited.
pub fn viterbi_rows<'t>(emit: &[[f32; N_LABELS]], trans: impl Fn(usize) -> &'t Pair) -> Vec<u8> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    let preds = predecessors();
    let mut back = vec![[0u8; N_LABELS]; n];
    let mut delta = [f32::NEG_INFINITY; N_LABELS];
    let t0 = &trans(0)[O as usize];
    for (l, d) in delta.iter_mut().enumerate() {
        if allowed(O, l as u8) {
            *d = emit[0][l] + t0[l];
        }
    }
    for (i, (bp, e)) in back.iter_mut().zip(emit).enumerate().skip(1) {
        let t = trans(i);
        let mut next = [f32::NEG_INFINITY; N_LABELS];
        for (l, (nx, b)) in next.iter_mut().zip(bp.iter_mut()).enumerate() {
            let (ps, k) = &preds[l];
            for &p in &ps[..*k] {
                let dp = delta[p as usize];
                if dp == f32::NEG_INFINITY {
                    continue;
                }
                let s = dp + e[l] + t[p as usize][l];
                if s > *nx {
                    *nx = s;
                    *b = p;
                }
            }
        }
        delta = next;
    }
    let mut best = O;
    let mut best_s = f32::NEG_INFINITY;
    for (l, &s) in delta.iter().enumerate() {
        if can_end(l as u8) && s > best_s {
            best_s = s;
            best = l as u8;
        }
    }
    let mut out = vec![O; n];
    out[n - 1] = best;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{label, EntType, Pos};

    #[test]
    fn finds_the_best_well_formed_path() {
        // Token 0 prefers B-PER, token 1 prefers O but L-PER is close:
        // the only well-formed way to keep B-PER is B-PER L-PER.
        let b = label(Pos::B, EntType::Per);
        let l = label(Pos::L, EntType::Per);
        let u = label(Pos::U, EntType::Per);
        let path = viterbi(
            2,
            |i, out| {
                if i == 0 {
                    out[b as usize] = 3.0;
                    out[u as usize] = 1.0;
                } else {
                    out[O as usize] = 1.0;
                    out[l as usize] = 0.5;
                }
            },
            |_, _, _| {},
        );
        assert_eq!(path, vec![b, l]);
        assert!(viterbi(0, |_, _| {}, |_, _, _| {}).is_empty());
    }

    #[test]
    fn row_viterbi_matches_the_closure_one() {
        // Pseudo-random scores with many ties (few distinct values).
        let mut x: u64 = 7;
        let mut next = || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((x >> 60) as f32) - 7.0
        };
        for n in [1usize, 2, 3, 7, 20] {
            let emit: Vec<[f32; N_LABELS]> =
                (0..n).map(|_| std::array::from_fn(|_| next())).collect();
            let trans: Vec<Pair> = (0..n)
                .map(|_| std::array::from_fn(|_| std::array::from_fn(|_| next())))
                .collect();
            let want = viterbi(n, |i, out| *out = emit[i], |i, p, out| *out = trans[i][p as usize]);
            assert_eq!(viterbi_rows(&emit, |i| &trans[i]), want, "n = {n}");
        }
    }
}
