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
}
