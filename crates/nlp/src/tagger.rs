//! Greedy left-to-right part-of-speech tagger. One class is a (UPOS, XPOS)
//! pair, so the two tag layers always agree with each other.

use std::collections::BTreeMap;

use crate::binio::{Reader, Writer};
use crate::features::{Tok, BOS, EOS};
use crate::hash::{f1, f2, fin, step, KeyMap};
use crate::table::Memo;
use crate::weights::{argmax_int, argmax_where, Scorer};

/// Ambiguity classes: for words seen often enough in training, a hash of the
/// set of tag classes they took. Lets the tagger generalise "can be NN or VB"
/// across words instead of learning it word by word.
#[derive(Default)]
pub struct Lexicon {
    map: KeyMap<u64>,
}

impl Lexicon {
    /// From (lowercase-form hash, class) pairs. A word needs `min_count`
    /// occurrences; a class counts if it covers at least 5% of them.
    pub fn build(pairs: impl Iterator<Item = (u64, u16)>, min_count: u32) -> Lexicon {
        let mut counts: BTreeMap<u64, BTreeMap<u16, u32>> = BTreeMap::new();
        for (w, c) in pairs {
            *counts.entry(w).or_default().entry(c).or_default() += 1;
        }
        let mut map = KeyMap::default();
        for (w, m) in counts {
            let total: u32 = m.values().sum();
            if total < min_count {
                continue;
            }
            let mut h = 0x61u64;
            for (&c, &n) in &m {
                if n * 20 >= total {
                    h = step(h, c as u64 + 1);
                }
            }
            map.insert(w, fin(h));
        }
        Lexicon { map }
    }

    pub fn write(&self, w: &mut Writer) {
        let mut v: Vec<(u64, u64)> = self.map.iter().map(|(&k, &v)| (k, v)).collect();
        v.sort();
        w.u32(v.len() as u32);
        for (k, a) in v {
            w.u64(k);
            w.u64(a);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Lexicon, String> {
        let n = r.count(16)?;
        let mut map = KeyMap::default();
        map.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            map.insert(k, r.u64()?);
        }
        Ok(Lexicon { map })
    }
}

/// Padding on each side of a sentence so context features never go out of range.
pub const PAD: usize = 2;

/// Token hashes for a sentence with [`PAD`] sentinels on each side.
pub fn padded(forms: &[&str], lex: &Lexicon) -> Vec<Tok> {
    let mut v = Vec::with_capacity(forms.len() + 2 * PAD);
    v.extend(std::iter::repeat_n(Tok::sentinel(BOS), PAD));
    v.extend(forms.iter().map(|f| {
        let mut t = Tok::new(f);
        if let Some(&a) = lex.map.get(&t.lower) {
            t.amb = a;
        }
        t
    }));
    v.extend(std::iter::repeat_n(Tok::sentinel(EOS), PAD));
    v
}

const START_TAG: u64 = 0xffff;

/// Features of token `i` (unpadded index) given the two previous tags: 29
/// templates, cut from 38 by dropping those whose removal cost the least
/// dev accuracy (the 4-letter suffix, further right context, ambiguity
/// class pairs); ids are part of the keys, so gaps are removed templates.
pub fn features(toks: &[Tok], i: usize, t1: u64, t2: u64, out: &mut Vec<u64>) {
    out.clear();
    let p = i + PAD;
    let (w, m1, m2, p1, p2) = (
        &toks[p],
        &toks[p - 1],
        &toks[p - 2],
        &toks[p + 1],
        &toks[p + 2],
    );
    out.push(f1(0, 0));
    out.push(f1(1, w.lower));
    out.push(f1(2, w.word));
    for k in 0..3 {
        out.push(f1(4 + k as u64, w.suf[k]));
    }
    for k in 0..3 {
        out.push(f1(9 + k as u64, w.pre[k]));
    }
    out.push(f1(12, w.shape));
    out.push(f1(13, m1.lower));
    out.push(f1(14, p1.lower));
    out.push(f1(15, m2.lower));
    out.push(f1(16, p2.lower));
    out.push(f1(17, m1.suf[2]));
    out.push(f1(18, p1.suf[2]));
    out.push(f1(19, m1.shape));
    out.push(f1(20, p1.shape));
    out.push(f1(21, t1));
    out.push(f1(22, t2));
    out.push(f2(23, t1, t2));
    out.push(f2(25, w.lower, p1.lower));
    out.push(f2(27, t1, p1.lower));
    out.push(f2(28, t1, w.suf[2]));
    out.push(f2(29, (i == 0) as u64, w.shape));
    out.push(f2(32, w.suf[1], p1.suf[1]));
    out.push(f1(34, w.amb));
    out.push(f1(36, p1.amb));
    out.push(f2(37, w.amb, p1.amb));
}

/// Tag a padded sentence greedily; returns one class id per token.
pub fn tag<S: Scorer>(
    s: &S,
    n_classes: usize,
    toks: &[Tok],
    feats: &mut Vec<u64>,
    memo: &mut Memo,
) -> Vec<u16> {
    let n = toks.len().saturating_sub(2 * PAD);
    let mut out = Vec::with_capacity(n);
    let mut scores = vec![0f32; n_classes];
    let int = s.integer();
    let lanes = crate::table::lanes_for(n_classes);
    let mut acc = [0i32; 256];
    for i in 0..n {
        let t1 = if i >= 1 { out[i - 1] as u64 } else { START_TAG };
        let t2 = if i >= 2 { out[i - 2] as u64 } else { START_TAG };
        features(toks, i, t1, t2, feats);
        if int {
            // Integer scores convert to floats exactly, so their first
            // maximum is the class the float argmax would pick.
            acc[..lanes].fill(0);
            s.add_int(feats, &mut acc, memo);
            out.push(argmax_int(&acc[..n_classes.min(256)]).unwrap_or(0) as u16);
            continue;
        }
        s.scores(feats, &mut scores, memo);
        out.push(argmax_where(&scores, |_| true).unwrap_or(0) as u16);
    }
    out
}

/// Previous-tag values as the feature functions expect them.
pub fn prev_tags(tags: &[u16], i: usize) -> (u64, u64) {
    let t1 = if i >= 1 {
        tags[i - 1] as u64
    } else {
        START_TAG
    };
    let t2 = if i >= 2 {
        tags[i - 2] as u64
    } else {
        START_TAG
    };
    (t1, t2)
}
