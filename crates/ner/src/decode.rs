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
    backtrack(&delta[..N_LABELS], &back)
}

/// Label-pair scores of one token, `[previous label][label]`.
pub type Pair = [[f32; N_LABELS]; N_LABELS];

/// Label lanes of a [`Masked`] row: the labels padded to a vector width.
pub const LANES: usize = 16;

/// Label-pair scores of one token laid out for [`viterbi_rows`]:
/// `[previous label][label]`, forbidden pairs and padding lanes at -inf.
pub type Masked = [[f32; LANES]; N_LABELS];

/// `pair` with the pairs a well-formed BILOU path may not take set to -inf.
pub fn masked(pair: &Pair) -> Masked {
    // `allowed` decodes both labels on every call: tabulate it once.
    static OK: std::sync::OnceLock<[[bool; N_LABELS]; N_LABELS]> = std::sync::OnceLock::new();
    let ok = OK.get_or_init(|| {
        std::array::from_fn(|p| std::array::from_fn(|l| allowed(p as u8, l as u8)))
    });
    let mut m = [[f32::NEG_INFINITY; LANES]; N_LABELS];
    for ((mrow, row), okrow) in m.iter_mut().zip(pair).zip(ok) {
        for ((x, &v), &good) in mrow.iter_mut().zip(row).zip(okrow) {
            if good {
                *x = v;
            }
        }
    }
    m
}

/// [`viterbi`] over precomputed scores: `emit[i]` and the masked label-pair
/// rows `trans(i)` of each token. Same path, ties included: every label
/// tries the previous labels in ascending order with the same float
/// additions and keeps the first strict maximum; a forbidden pair (or a
/// previous label no path reaches) now scores -inf instead of being
/// skipped, which never beats the running maximum either (scores are
/// finite, so no +inf can meet the -inf). All labels move together, in
/// vector lanes.
pub fn viterbi_rows<'t>(emit: &[[f32; N_LABELS]], trans: impl Fn(usize) -> &'t Masked) -> Vec<u8> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: the CPU supports AVX, checked just above.
        return unsafe { viterbi_rows_avx(emit, trans) };
    }
    viterbi_rows_body(emit, trans)
}

/// [`viterbi_rows`] compiled for AVX (8 lanes per instruction instead of 4).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn viterbi_rows_avx<'t>(
    emit: &[[f32; N_LABELS]],
    trans: impl Fn(usize) -> &'t Masked,
) -> Vec<u8> {
    viterbi_rows_body(emit, trans)
}

#[inline(always)]
fn viterbi_rows_body<'t>(emit: &[[f32; N_LABELS]], trans: impl Fn(usize) -> &'t Masked) -> Vec<u8> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    let pad = |e: &[f32; N_LABELS]| {
        let mut x = [0f32; LANES];
        x[..N_LABELS].copy_from_slice(e);
        x
    };
    let mut back = vec![[0u8; N_LABELS]; n];
    let t0 = &trans(0)[O as usize];
    let e0 = pad(&emit[0]);
    let mut delta = [f32::NEG_INFINITY; LANES];
    for (l, d) in delta.iter_mut().enumerate().take(N_LABELS) {
        if allowed(O, l as u8) {
            *d = e0[l] + t0[l];
        }
    }
    for (i, (bp, e)) in back.iter_mut().zip(emit).enumerate().skip(1) {
        let t = trans(i);
        let e = pad(e);
        let mut next = [f32::NEG_INFINITY; LANES];
        let mut arg = [0f32; LANES];
        for (p, row) in t.iter().enumerate() {
            let dp = delta[p];
            for l in 0..LANES {
                let s = dp + e[l] + row[l];
                let better = s > next[l];
                next[l] = if better { s } else { next[l] };
                arg[l] = if better { p as f32 } else { arg[l] };
            }
        }
        for (b, &a) in bp.iter_mut().zip(&arg) {
            *b = a as u8;
        }
        delta = next;
    }
    backtrack(&delta[..N_LABELS], &back)
}

/// The best label path: the best final label that may end a sentence
/// (`delta`, one score per label), then the back pointers back to the start.
fn backtrack(delta: &[f32], back: &[[u8; N_LABELS]]) -> Vec<u8> {
    let n = back.len();
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
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 60) as f32) - 7.0
        };
        for n in [1usize, 2, 3, 7, 20] {
            let emit: Vec<[f32; N_LABELS]> =
                (0..n).map(|_| std::array::from_fn(|_| next())).collect();
            let trans: Vec<Pair> = (0..n)
                .map(|_| std::array::from_fn(|_| std::array::from_fn(|_| next())))
                .collect();
            let want = viterbi(
                n,
                |i, out| *out = emit[i],
                |i, p, out| *out = trans[i][p as usize],
            );
            let rows: Vec<Masked> = trans.iter().map(masked).collect();
            assert_eq!(viterbi_rows(&emit, |i| &rows[i]), want, "n = {n}");
            assert_eq!(viterbi_rows_body(&emit, |i| &rows[i]), want, "n = {n}");
        }
    }
}
