//! Word alignment between gold and system: words outside multiword tokens align
//! when their spans are identical; inside a stretch covered by multiword tokens
//! they align by the longest common subsequence of lower-cased forms.

use crate::ud::UdWord;

/// Pairs of (gold word index, system word index), plus the reverse lookup.
pub(crate) struct Alignment {
    pub matched: Vec<(usize, usize)>,
    /// For every system word, the gold word it is aligned with.
    pub sys_to_gold: Vec<Option<usize>>,
}

/// Is word `i` past the end of the current multiword stretch?
fn beyond_end(words: &[UdWord], i: usize, mw_end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.is_multiword => w.span.start >= mw_end,
        Some(w) => w.span.end > mw_end,
    }
}

fn extend_end(w: &UdWord, mw_end: usize) -> usize {
    if w.is_multiword && w.span.end > mw_end {
        w.span.end
    } else {
        mw_end
    }
}

/// The minimal stretch `[gs, gi) × [ss, si)` that contains the multiword token at
/// `gi` or `si` and everything that overlaps it on the other side.
fn multiword_stretch(
    gold: &[UdWord],
    sys: &[UdWord],
    mut gi: usize,
    mut si: usize,
) -> (usize, usize, usize, usize) {
    let mut mw_end;
    if gold[gi].is_multiword {
        mw_end = gold[gi].span.end;
        if !sys[si].is_multiword && sys[si].span.start < gold[gi].span.start {
            si += 1;
        }
    } else {
        mw_end = sys[si].span.end;
        if !gold[gi].is_multiword && gold[gi].span.start < sys[si].span.start {
            gi += 1;
        }
    }
    let (gs, ss) = (gi, si);
    while !beyond_end(gold, gi, mw_end) || !beyond_end(sys, si, mw_end) {
        if gi < gold.len() && (si >= sys.len() || gold[gi].span.start <= sys[si].span.start) {
            mw_end = extend_end(&gold[gi], mw_end);
            gi += 1;
        } else {
            mw_end = extend_end(&sys[si], mw_end);
            si += 1;
        }
    }
    (gs, ss, gi, si)
}

/// Align the words of one multiword stretch by LCS over lower-cased forms.
fn align_stretch(gold: &[UdWord], sys: &[UdWord], out: &mut Alignment) {
    let (n, m) = (gold.len(), sys.len());
    // lcs[g][s] = LCS length of gold[g..] and sys[s..]; one extra row/column of zeros.
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for g in (0..n).rev() {
        for s in (0..m).rev() {
            let mut v = if gold[g].form_lower == sys[s].form_lower {
                1 + lcs[g + 1][s + 1]
            } else {
                0
            };
            v = v.max(lcs[g + 1][s]).max(lcs[g][s + 1]);
            lcs[g][s] = v;
        }
    }
    let (mut g, mut s) = (0, 0);
    while g < n && s < m {
        if gold[g].form_lower == sys[s].form_lower {
            out.matched.push((g, s));
            g += 1;
            s += 1;
        } else if lcs[g][s] == lcs[g + 1][s] {
            g += 1;
        } else {
            s += 1;
        }
    }
}

pub(crate) fn align_words(gold: &[UdWord], sys: &[UdWord]) -> Alignment {
    let mut al = Alignment {
        matched: Vec::new(),
        sys_to_gold: vec![None; sys.len()],
    };
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < sys.len() {
        if gold[gi].is_multiword || sys[si].is_multiword {
            let (gs, ss, ge, se) = multiword_stretch(gold, sys, gi, si);
            gi = ge;
            si = se;
            if ge > gs && se > ss {
                let mut local = Alignment {
                    matched: Vec::new(),
                    sys_to_gold: Vec::new(),
                };
                align_stretch(&gold[gs..ge], &sys[ss..se], &mut local);
                al.matched
                    .extend(local.matched.into_iter().map(|(g, s)| (gs + g, ss + s)));
            }
        } else if gold[gi].span == sys[si].span {
            al.matched.push((gi, si));
            gi += 1;
            si += 1;
        } else if gold[gi].span.start <= sys[si].span.start {
            gi += 1;
        } else {
            si += 1;
        }
    }
    for &(g, s) in &al.matched {
        al.sys_to_gold[s] = Some(g);
    }
    al
}
