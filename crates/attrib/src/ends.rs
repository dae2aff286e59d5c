//! Where a content that follows its cue ends: a learned ranker over every
//! token boundary of the sentence.
//!
//! The BIO tagger decides each token on local evidence and often stops a
//! content early ("is defending [his early-morning] tweets …") or runs it
//! into an adjunct the annotators leave out ("criticized [the Act as a
//! 'crazy system'] during a campaign stop"). Dev error analysis: with the
//! start right, ~220 contents had the wrong end. The ranker sees the whole
//! candidate span at once: the words around the boundary, which dependents
//! it cuts off or leaves dangling, the cue's lemma, the distance to the
//! sentence end, and where the tagger put the end. It is trained on gold
//! cues and starts (PolNeAR train) with an averaged perceptron; the tagger
//! end it learns to trust or overrule comes from taggers trained on the
//! other half of the documents (see `train::heldout_predictions`).
//! Dev (b86e23e+retrain → this): content exact F1 52.76 → 54.73 without
//! the tagger feature, 55.72 with it and the boundary ranker (`bounds`).
//!
//! Tried and not kept (385df02, `ATTRIB_RANKER_CV=only` two-fold ends hits
//! of 14085, baseline 11221 — folds 5719+5502; a ±25 swing per fold is
//! noise): where the phrase after the end hangs — climb from the first
//! non-punctuation token after the end to the top of its phrase in the rest
//! of the sentence and key whether its head is inside the content, in the
//! cue or before it (an adjunct of the cue: "criticized [the Act] during a
//! campaign stop"), or later, by the top word's deprel: 11267 (5712+5555).
//! Retrained with it: train 2-fold split content 54.42 -> 54.51, content
//! filter cv (0.2) 55.50 -> 55.66, dev content 59.24 -> 59.70 (tp 1152 fp
//! 515), source 76.22 -> 75.91, cue 71.21 -> 71.19; but training then keeps
//! epoch 16 instead of 18 and the seed article loses the International
//! Crisis Group statement (tests/seed.rs), so the model was not shipped.
//! Variants on the same check: class × next word and × cue lemma as well
//! 11221, class alone 11227, × next UPOS 11246, × last content word's
//! deprel 11226, count of punctuation tokens inside the content 11238.
//! Also tried: the end ranker's margin (best minus runner-up score, doubling
//! buckets) as a content-filter feature, with the feature above: filter cv
//! 55.66 -> 55.82 at 0.2 (55.88 at 0.25), but dev content 59.70 -> 59.49.
//! Re-made at cd91558 (climb from the first non-punctuation token after the
//! end while its head stays in the rest of the sentence; class inside the
//! content / before the content start / elsewhere × the top word's deprel):
//! ranker cv 11221 -> 11232; with the cue's last token as its own class and
//! the class alone as a second feature 11223. Retrained (first form): train
//! split 54.42 -> 54.45, but dev content lower at every epoch from 12 on
//! (epoch 18: 59.50 -> 59.31, cue 71.21 -> 71.19, source 76.22 both):
//! not kept.
//!
//! Speed tried and not kept (issue 4 speed brief): candidate ends only
//! within w tokens of the tagger's end, or at/after the sentence's last
//! word. With the shipped model (no retraining), dev exact F1 source/cue/
//! content (base 76.22/71.21/59.24): w=0 76.09/71.10/58.88, 2 76.09/71.10/
//! 58.89, 4 76.17/71.16/59.11, 6 76.22/71.21/59.13, 8 76.22/71.21/59.29,
//! 12 76.23/71.22/59.23. Retrained with w=8 (and the boundary ranker's
//! 6-token cue search, see `bounds`): train 2-fold split 71.39/67.12/54.43
//! -> 71.32/66.59/50.09 (likely because a training case without a tagger
//! end then sees only the sentence end's neighbourhood), stopped there.
//!
//! Speed tried and not kept (outputs identical): `Ctx::with_chars` filling
//! its seven per-token views in one loop over the tokens (with an ASCII
//! test before the Unicode one for punctuation) instead of one collect per
//! view: Attributor::run 523.80M -> 525.92M instructions (callgrind of
//! bench nlp --runs 1, toggle-collect Attributor::run); the compiler
//! inlined the constructor and lost more elsewhere than the loop saved.

use backchannel_core::{Attribution, Document, Piece};

use crate::chars::tok_range;
use crate::features::{mix, TokInfo};
use crate::model::IdMap;
use crate::table::Table;

/// Ranker weights by feature key: the training map, or the model's
/// quantised lookup table at inference (several times faster per miss).
pub trait Weights {
    fn weight(&self, k: u64) -> f32;
    fn prefetch(&self, _k: u64) {}
    /// Hint the cache to fetch the weights of `keys` (no effect on results).
    fn prefetch_all(&self, keys: &[u64]) {
        for &k in keys {
            self.prefetch(k);
        }
    }
    /// Sum of the weights of `keys`, in order (the one summation every
    /// scorer uses, so scores are bit-identical however they are fetched).
    fn sum(&self, keys: &[u64]) -> f32 {
        keys.iter().map(|&k| self.weight(k)).sum()
    }
    /// `init` plus the weights of `keys`, added in order: `sum` of a row is
    /// `sum_from` of its first weight and the rest, so a scorer that knows
    /// some of a row's weights already can add them in place bit-identically.
    fn sum_from(&self, init: f32, keys: &[u64]) -> f32 {
        keys.iter().fold(init, |a, &k| a + self.weight(k))
    }
}

impl Weights for IdMap<f32> {
    fn weight(&self, k: u64) -> f32 {
        self.get(&k).copied().unwrap_or(0.0)
    }
}

impl Weights for Table<1> {
    fn weight(&self, k: u64) -> f32 {
        self.get(k).map_or(0.0, |q| q[0] as f32 * self.scale)
    }
    fn prefetch(&self, k: u64) {
        Table::prefetch(self, k)
    }
}

/// Per-document token views the features read.
pub struct Ctx {
    pub(crate) word: Vec<u64>,
    pub(crate) upos: Vec<u64>,
    pub(crate) dep: Vec<u64>,
    pub(crate) lemma: Vec<u64>,
    pub(crate) head: Vec<Option<usize>>,
    pub(crate) punct: Vec<bool>,
    pub(crate) quote_open: Vec<bool>,
    /// Sentence token range of every token.
    pub(crate) sent: Vec<(usize, usize)>,
}

impl Ctx {
    /// Sentence token range of token `i`.
    pub fn sentence(&self, i: usize) -> (usize, usize) {
        self.sent.get(i).copied().unwrap_or((0, 0))
    }

    /// Views of a document whose tagger features are computed already.
    pub fn new(doc: &Document, info: &[TokInfo]) -> Ctx {
        let chars: Vec<char> = doc.text.chars().collect();
        Self::with_chars(doc, info, &chars)
    }

    /// [`Ctx::new`] from the text's chars, when the caller has them already.
    pub fn with_chars(doc: &Document, info: &[TokInfo], chars: &[char]) -> Ctx {
        let toks = &doc.tokens;
        let n = toks.len().min(info.len());
        let text = |i: usize| chars.get(toks[i].start..toks[i].end).unwrap_or(&[]);
        let mut sent = vec![(0, n); n];
        for s in &doc.sentences {
            let a = toks.partition_point(|t| t.start < s.start).min(n);
            let b = toks.partition_point(|t| t.start < s.end).min(n);
            for x in sent.iter_mut().take(b).skip(a) {
                *x = (a, b);
            }
        }
        let info = &info[..n];
        Ctx {
            word: info.iter().map(|t| t.word).collect(),
            upos: info.iter().map(|t| t.upos).collect(),
            dep: info.iter().map(|t| t.deprel).collect(),
            lemma: info.iter().map(|t| t.lemma).collect(),
            head: info.iter().map(|t| t.head).collect(),
            punct: (0..n)
                .map(|i| text(i).iter().all(|c| !c.is_alphanumeric()))
                .collect(),
            quote_open: (0..n)
                .map(|i| matches!(text(i).first(), Some('“' | '"' | '‘' | '\'' | '`')))
                .collect(),
            sent,
        }
    }
}

/// One content to place: the cue's last token `c1 - 1`, content start `a`, and the
/// last candidate end `s_end` (the sentence's end, exclusive).
#[derive(Debug, Clone, Copy)]
pub struct Case {
    c1: usize,
    a: usize,
    s_end: usize,
    /// Sentence end without trailing punctuation.
    s_np: usize,
    /// The tagger's end for this content, when known.
    tag: Option<usize>,
}

/// The case for a cue and a content piece, when the content starts after the
/// cue in the cue's sentence and is not a quotation (quotes end at their
/// closing mark, which the tagger finds reliably).
pub fn case(ctx: &Ctx, doc: &Document, cue: (usize, usize), piece: (usize, usize)) -> Option<Case> {
    let (c0, c1) = tok_range(&doc.tokens, cue.0, cue.1);
    let (a, b) = tok_range(&doc.tokens, piece.0, piece.1);
    let n = doc.tokens.len();
    if c0 >= c1 || a >= b || b > n || c1 > a || a - c1 > 6 {
        return None;
    }
    let (s0, s_end) = ctx.sent[a];
    if ctx.sent[c1 - 1] != (s0, s_end) || b > s_end || ctx.quote_open[a] {
        return None;
    }
    let mut s_np = s_end;
    while s_np > a + 1 && ctx.punct[s_np - 1] {
        s_np -= 1;
    }
    Some(Case {
        c1,
        a,
        s_end,
        s_np,
        tag: Some(b),
    })
}

/// Signed distance a - b, clamped to ±5, as a feature value.
pub(crate) fn signed(a: usize, b: usize) -> u64 {
    (a as i64 - b as i64).clamp(-5, 5) as u64 ^ 0x51
}

fn bucket(x: usize) -> u64 {
    match x {
        0..=3 => x as u64,
        4..=5 => 4,
        6..=8 => 5,
        9..=13 => 6,
        14..=20 => 7,
        _ => 8,
    }
}

/// Features of ending the content of `c` at token boundary `e` (exclusive).
pub fn feats(ctx: &Ctx, c: &Case, e: usize, out: &mut Vec<u64>) {
    feats_known::<true>(ctx, c, e, out);
}

/// How many few-valued features [`few_key`] numbers.
const FEW: usize = 111;

/// The key of few-valued feature `i`: the features whose value is one of a
/// few, the same set for every case (at the sentence end 1, the
/// dependency shape 9, the span's length 11 and distance to the sentence
/// end 12, the cue-content gap by at-end 19, agreement with the tagger's
/// end 30 and offset from it 31). The ranker looks their weights up once
/// per document ([`few_weights`]).
fn few_key(i: usize) -> u64 {
    match i {
        0..=1 => mix(1, i as u64),
        2..=65 => {
            let s = (i - 2) as u64;
            mix(9, ((s / 16) << 8) | (((s / 4) % 4) << 4) | (s % 4))
        }
        66..=74 => mix(11, (i - 66) as u64),
        75..=83 => mix(12, (i - 75) as u64),
        84..=97 => {
            let s = (i - 84) as u64;
            mix(19, (s % 7) | ((s / 7) << 4))
        }
        98..=99 => mix(30, (i - 98) as u64),
        _ => mix(31, signed(i - 100, 5)),
    }
}

/// The weights of every [`few_key`].
fn few_weights(w: &impl Weights) -> [f32; FEW] {
    std::array::from_fn(|i| w.weight(few_key(i)))
}

/// [`feats`] (`FULL`), or without the seven few-valued features and the
/// two that vary per case only by the sentence end ([`at_end_weights`])
/// (for a case with the tagger's end and at most 6 tokens between cue and
/// content, see [`sum_row`]): returns how many features come before the
/// first of them and their [`few_key`] numbers.
#[inline]
fn feats_known<const FULL: bool>(
    ctx: &Ctx,
    c: &Case,
    e: usize,
    out: &mut Vec<u64>,
) -> (usize, [usize; 7]) {
    feats_across::<FULL>(ctx, c, &Cross::at(ctx, c, e), out)
}

/// The dependency structure across boundary `e` of a case: tokens after
/// `e` (not punctuation) whose head is inside the content (dangling),
/// tokens inside whose head is after `e` in the sentence (cut), both in
/// text order, and how many inside have their head outside the sentence's
/// span from the content start (roots).
struct Cross {
    e: usize,
    dangling: Vec<usize>,
    cut: Vec<usize>,
    roots: usize,
}

impl Cross {
    /// The structure at `e`, by its definition (a walk over the sentence).
    fn at(ctx: &Ctx, c: &Case, e: usize) -> Cross {
        let inside = |h: Option<usize>| h.is_some_and(|h| h >= c.a && h < e);
        let dangling = (e..c.s_end)
            .filter(|&j| inside(ctx.head[j]) && !ctx.punct[j])
            .collect();
        let (mut cut, mut roots) = (Vec::new(), 0);
        for i in c.a..e {
            match ctx.head[i] {
                Some(h) if h >= e && h < c.s_end => cut.push(i),
                Some(h) if h >= c.a && h < e => {}
                _ => roots += 1,
            }
        }
        Cross {
            e,
            dangling,
            cut,
            roots,
        }
    }

    /// Move the boundary one token right, from `e` to `e + 1`: token `e`
    /// leaves the dangling side and joins the inside (cut or a root when
    /// its head lies past it or outside), and whatever hung on `e` turns:
    /// its dependents after it dangle, those before it are no longer cut.
    /// `kids` are [`Kids`] of the case. The same lists as [`Cross::at`]
    /// (`ends_move_as_they_are_defined`), without a walk per end.
    fn advance(&mut self, ctx: &Ctx, c: &Case, kids: &Kids) {
        let e = self.e;
        if self.dangling.first() == Some(&e) {
            self.dangling.remove(0);
        }
        self.cut.retain(|&i| ctx.head[i] != Some(e));
        match ctx.head[e] {
            Some(h) if h > e && h < c.s_end => self.cut.push(e),
            Some(h) if h >= c.a && h < e => {}
            _ => self.roots += 1,
        }
        for j in kids.of(e) {
            if j > e && !ctx.punct[j] {
                let at = self.dangling.partition_point(|&d| d < j);
                self.dangling.insert(at, j);
            }
        }
        self.e = e + 1;
    }
}

/// Dependents of every token of a case's span (content start to sentence
/// end) that lie in the span, in text order, as linked lists.
struct Kids {
    a: usize,
    first: Vec<usize>,
    next: Vec<usize>,
}

impl Kids {
    fn new(ctx: &Ctx, c: &Case) -> Kids {
        let n = c.s_end.saturating_sub(c.a);
        let (mut first, mut next) = (vec![usize::MAX; n], vec![usize::MAX; n]);
        for j in (c.a..c.s_end).rev() {
            if let Some(h) = ctx.head[j].filter(|&h| h >= c.a && h < c.s_end) {
                next[j - c.a] = first[h - c.a];
                first[h - c.a] = j;
            }
        }
        Kids {
            a: c.a,
            first,
            next,
        }
    }

    /// The dependents of token `h` in the span, in text order.
    fn of(&self, h: usize) -> impl Iterator<Item = usize> + '_ {
        let start = h
            .checked_sub(self.a)
            .and_then(|k| self.first.get(k))
            .copied()
            .unwrap_or(usize::MAX);
        std::iter::successors(Some(start).filter(|&j| j != usize::MAX), move |&j| {
            Some(self.next[j - self.a]).filter(|&k| k != usize::MAX)
        })
    }
}

/// [`feats_known`] with the boundary's dependency structure given.
#[inline]
fn feats_across<const FULL: bool>(
    ctx: &Ctx,
    c: &Case,
    x: &Cross,
    out: &mut Vec<u64>,
) -> (usize, [usize; 7]) {
    let e = x.e;
    out.clear();
    let mut fw = [0usize; 7];
    macro_rules! few {
        ($slot:expr, $i:expr) => {{
            let i = $i;
            if FULL {
                out.push(few_key(i));
            } else {
                fw[$slot] = i;
            }
        }};
    }
    let at_end = e >= c.s_np;
    let eos = 0x5eed_u64;
    let next = |k: usize, v: &[u64]| if e + k < c.s_end { v[e + k] } else { eos };
    let last = e - 1;
    let cue_lemma = ctx.lemma[c.c1 - 1] ^ ctx.word[c.c1 - 1];
    // Dependency structure across the boundary: tokens inside whose head is
    // after e (cut) and tokens after e whose head is inside (dangling).
    out.extend(x.dangling.iter().map(|&j| mix(20, ctx.dep[j])));
    out.extend(x.cut.iter().map(|&i| mix(21, ctx.dep[i])));
    let (dangling, cut, roots) = (x.dangling.len(), x.cut.len(), x.roots);
    let shape = (bucket(dangling.min(3)) << 8) | (bucket(cut.min(3)) << 4) | bucket(roots.min(3));
    let shape_few = 2 + dangling.min(3) * 16 + cut.min(3) * 4 + roots.min(3);
    let prefix = out.len();
    few!(0, at_end as usize);
    out.push(mix(2, ctx.word[last]));
    out.push(mix(3, ctx.upos[last]));
    out.push(mix(4, next(0, &ctx.word)));
    out.push(mix(5, next(0, &ctx.upos)));
    out.push(mix(6, next(0, &ctx.dep)));
    out.push(mix(7, next(1, &ctx.word)));
    out.push(mix(8, next(1, &ctx.upos) ^ next(0, &ctx.word)));
    few!(1, shape_few);
    out.push(mix(10, shape ^ next(0, &ctx.upos)));
    few!(2, 66 + bucket(e - c.a) as usize);
    few!(3, 75 + bucket(c.s_np.saturating_sub(e)) as usize);
    if FULL {
        out.push(mix(13, cue_lemma ^ at_end as u64));
    }
    out.push(mix(14, cue_lemma ^ shape));
    if FULL {
        out.push(mix(15, ctx.word[c.a] ^ at_end as u64));
    }
    out.push(mix(16, ctx.upos[last] ^ next(0, &ctx.word)));
    out.push(mix(17, ctx.dep[last] ^ next(0, &ctx.dep)));
    out.push(mix(18, next(0, &ctx.lemma)));
    if c.a - c.c1 < 7 {
        few!(4, 84 + (c.a - c.c1) + 7 * at_end as usize);
    } else {
        out.push(mix(19, (c.a - c.c1) as u64 ^ ((at_end as u64) << 4)));
    }
    out.push(mix(22, cue_lemma ^ next(0, &ctx.upos)));
    out.push(mix(23, ctx.dep[c.a] ^ shape));
    if let Some(t) = c.tag {
        let same = (e == t) as u64;
        few!(5, 98 + same as usize);
        few!(6, 100 + ((e as i64 - t as i64).clamp(-5, 5) + 5) as usize);
        out.push(mix(32, same ^ (next(0, &ctx.upos) << 1)));
        out.push(mix(33, same ^ (shape << 1)));
    }
    (prefix, fw)
}

/// The score of a row made by `feats_known::<false>`: the same additions in
/// the same order as `w.sum` over the full row, the few-valued weights
/// taken from `fixed` (the row's layout after its first `prefix` features
/// is fixed by [`feats_known`]).
#[inline]
fn sum_row(
    w: &impl Weights,
    keys: &[u64],
    (prefix, fw): (usize, [usize; 7]),
    fixed: &[f32; FEW],
    at_end: &[f32; 4],
) -> f32 {
    let Some(k) = keys.get(prefix..prefix + 16) else {
        return f32::NAN;
    };
    let f = |i: usize| fixed[fw[i]];
    // fw[0] is the at-sentence-end feature's number: 0 or 1.
    let end = fw[0].min(1);
    let mut a = w.sum(&keys[..prefix]) + f(0);
    a = w.sum_from(a, &k[..7]) + f(1);
    a = w.sum_from(a, &k[7..8]) + f(2) + f(3) + at_end[end];
    a = w.sum_from(a, &k[8..9]) + at_end[2 + end];
    a = w.sum_from(a, &k[9..12]) + f(4);
    a = w.sum_from(a, &k[12..14]) + f(5) + f(6);
    w.sum_from(a, &k[14..16])
}

/// The weights of the case's two features that vary only by whether the
/// content ends at the sentence end: the cue lemma's (13) and the content's
/// first word's (15), for not at / at the end.
fn at_end_weights(ctx: &Ctx, c: &Case, w: &impl Weights) -> [f32; 4] {
    let cue_lemma = ctx.lemma[c.c1 - 1] ^ ctx.word[c.c1 - 1];
    let first = ctx.word[c.a];
    [
        w.weight(mix(13, cue_lemma)),
        w.weight(mix(13, cue_lemma ^ 1)),
        w.weight(mix(15, first)),
        w.weight(mix(15, first ^ 1)),
    ]
}

/// The highest-scoring end (the first one on ties, so empty weights pick
/// the shortest span).
/// Scoring runs one end behind extraction: an end's weights are prefetched
/// when its features are made and summed after the next end's are made, so
/// the table misses overlap that work.
fn argmax(ctx: &Ctx, c: &Case, w: &impl Weights) -> Option<usize> {
    argmax_with(ctx, c, w, &few_weights(w), None)
}

/// [`argmax`] scoring every row whole.
fn argmax_full(ctx: &Ctx, c: &Case, w: &impl Weights) -> Option<usize> {
    let mut f = Vec::with_capacity(64);
    let mut top: Option<(f32, usize)> = None;
    for e in c.a + 1..=c.s_end {
        feats(ctx, c, e, &mut f);
        let s = w.sum(&f);
        if top.is_none_or(|t| s > t.0) {
            top = Some((s, e));
        }
    }
    top.map(|t| t.1)
}

/// [`argmax`] with the few-valued features' weights `fixed` of `w` looked
/// up already (each end's score adds the same weights in the same order).
fn argmax_with(
    ctx: &Ctx,
    c: &Case,
    w: &impl Weights,
    fixed: &[f32; FEW],
    past_tag: Option<usize>,
) -> Option<usize> {
    if c.tag.is_none() || c.a - c.c1 >= 7 {
        return argmax_full(ctx, c, w);
    }
    let at_end = at_end_weights(ctx, c, w);
    // Room for a whole feature set up front: no regrowth while filling.
    let (mut f, mut next) = (Vec::with_capacity(64), Vec::with_capacity(64));
    let mut top: Option<(f32, usize)> = None;
    let consider = |top: &mut Option<(f32, usize)>, f: &[u64], (e, known)| {
        let s = sum_row(w, f, known, fixed, &at_end);
        if top.is_none_or(|t| s > t.0) {
            *top = Some((s, e));
        }
    };
    // Candidate ends: up to `past_tag` past the tagger's end, and at or
    // after the sentence's last word ([`PAST_TAG`]); every end without.
    let hi = match (c.tag, past_tag) {
        (Some(t), Some(p)) => t.saturating_add(p),
        _ => c.s_end,
    };
    let lo = c.a + 1;
    let candidate = |e: usize| e <= hi || e >= c.s_np;
    // The boundary's structure moves with it, one token per end.
    let kids = Kids::new(ctx, c);
    let mut cross = Cross::at(ctx, c, lo);
    // Scoring runs one candidate behind extraction (see `argmax`): the end
    // whose row `f` holds, and its layout.
    let mut pending: Option<(usize, (usize, [usize; 7]))> = None;
    for e in lo..=c.s_end {
        if e > lo {
            cross.advance(ctx, c, &kids);
        }
        if !candidate(e) {
            continue;
        }
        let known = feats_across::<false>(ctx, c, &cross, &mut next);
        w.prefetch_all(&next);
        if let Some(p) = pending {
            consider(&mut top, &f, p);
        }
        std::mem::swap(&mut f, &mut next);
        pending = Some((e, known));
    }
    if let Some(p) = pending {
        consider(&mut top, &f, p);
    }
    top.map(|t| t.1)
}

/// Candidate ends at inference: up to this many tokens past the tagger's
/// end, or at/after the sentence's last word (every end before the
/// tagger's stays a candidate). Training and the ranker check keep every
/// end. Dev exact F1 source/cue/content with the shipped model (every end:
/// 76.10/71.16/60.72): 0 past 76.06/71.17/60.77, 2 76.06/71.17/60.82, 4
/// 76.11/71.17/60.80, 8 76.10/71.16/60.77; cutting ends before the
/// tagger's costs content instead (all ends within 8 either side 60.40,
/// 12 60.50; within 4 before 60.23, 12 before 60.42). With `bounds`'
/// SEARCH_CUE: 76.08/71.31/60.78 (tp 1477/1490/1195); the train 2-fold
/// split (held-out rankers searching as at inference) 71.51/67.08/54.46 ->
/// 71.53/66.99/54.33. The keep and content filters still learn from
/// full-search rows (`apply`'s `full`): retrained on rows of the smaller
/// search they gave dev 76.11/71.31/60.53 (content tp 1187), not kept.
/// Attributor::run 521.2M -> 505.4M instructions with SEARCH_CUE (callgrind
/// of bench nlp --runs 1, toggle-collect Attributor::run).
const PAST_TAG: usize = 2;

/// Re-place the end of every single-piece content that follows its cue.
/// `full`: every candidate end (as training collecting the filters' rows
/// sees them), else [`PAST_TAG`]'s.
pub fn apply(ctx: &Ctx, doc: &Document, atts: &mut [Attribution], w: &impl Weights, full: bool) {
    let past_tag = (!full).then_some(PAST_TAG);
    let mut fixed = None;
    for a in atts.iter_mut() {
        if a.content.len() != 1 {
            continue;
        }
        let p = a.content[0];
        let Some(c) = case(ctx, doc, (a.cue.start, a.cue.end), (p.start, p.end)) else {
            continue;
        };
        let fixed = fixed.get_or_insert_with(|| few_weights(w));
        if let Some(e) = argmax_with(ctx, &c, w, fixed, past_tag) {
            a.content[0] = Piece {
                start: p.start,
                end: doc.tokens[e - 1].end,
            };
        }
    }
}

/// How many cases `w` places exactly (for the folded check in `ranker_cv`).
pub fn hits(ctxs: &[Ctx], data: &[Vec<(Case, usize)>], w: &impl Weights) -> (usize, usize) {
    count_hits(ctxs, data, |ctx, c| argmax(ctx, c, w))
}

/// Cases whose prediction equals the gold answer, and all cases.
pub fn count_hits<C, A: PartialEq>(
    ctxs: &[Ctx],
    data: &[Vec<(C, A)>],
    predict: impl Fn(&Ctx, &C) -> Option<A>,
) -> (usize, usize) {
    let (mut hit, mut all) = (0, 0);
    for (ctx, cases) in ctxs.iter().zip(data) {
        for (c, gold) in cases {
            all += 1;
            hit += (predict(ctx, c).as_ref() == Some(gold)) as usize;
        }
    }
    (hit, all)
}

/// Averaged perceptron over (case, gold end) pairs.
pub fn train(ctxs: &[Ctx], data: &[Vec<(Case, usize)>], epochs: usize) -> IdMap<f32> {
    train_ranker(ctxs, data, epochs, argmax, feats)
}

/// Averaged-perceptron training shared by the span-edge rankers: for every
/// case whose current best answer (`predict`) is not the gold one, the gold
/// answer's features (`feats`) gain 1 and the predicted one's lose 1; the
/// returned weights are the average over all steps, near-zero ones dropped.
pub fn train_ranker<C, A: Copy + PartialEq>(
    ctxs: &[Ctx],
    data: &[Vec<(C, A)>],
    epochs: usize,
    predict: impl Fn(&Ctx, &C, &IdMap<f32>) -> Option<A>,
    feats: impl Fn(&Ctx, &C, A, &mut Vec<u64>),
) -> IdMap<f32> {
    // Every case as (document, case), in document order.
    let all: Vec<(usize, usize)> = (data.iter().enumerate())
        .flat_map(|(i, cases)| (0..cases.len()).map(move |j| (i, j)))
        .collect();
    let members = ranker_members();
    let mut sum: IdMap<f32> = IdMap::default();
    let mut rng = 0x2f6b_9e3a_51c4_d387u64;
    for m in 0..members {
        // Member 0 reads the cases in document order (one member is the
        // single ranker of before); the others in a shuffle of their own
        // per epoch.
        let mut order = all.clone();
        let mut w: IdMap<f32> = IdMap::default();
        let mut u: IdMap<f32> = IdMap::default();
        let mut t = 1.0f32;
        let mut f = Vec::new();
        for _ in 0..epochs {
            if m > 0 {
                crate::train::shuffle(&mut order, &mut rng);
            }
            for &(i, j) in &order {
                let (ctx, (c, gold)) = (&ctxs[i], &data[i][j]);
                let Some(pred) = predict(ctx, c, &w) else {
                    continue;
                };
                if pred != *gold {
                    for (answer, d) in [(*gold, 1.0f32), (pred, -1.0)] {
                        feats(ctx, c, answer, &mut f);
                        for k in &f {
                            *w.entry(*k).or_default() += d;
                            *u.entry(*k).or_default() += d * t;
                        }
                    }
                }
                t += 1.0;
            }
        }
        for (k, v) in &w {
            *sum.entry(*k).or_default() += v - u.get(k).copied().unwrap_or(0.0) / t;
        }
    }
    let n = members as f32;
    sum.into_iter()
        // Dividing by 1.0 is exact: one member gives its own weights.
        .map(|(k, v)| (k, v / n))
        .filter(|(_, v)| v.abs() > 1e-3)
        .collect()
}

/// Rankers (orders) averaged into each span-edge ranker:
/// `ATTRIB_RANKER_ENSEMBLE`, default 1. Tried 3 (seed 1, one tagger): the
/// train 2-fold split rises 71.51/67.08/54.46 -> 71.57/67.29/54.96, but dev
/// (whole pipeline, best epoch 16 either way) falls 75.90/71.12/60.49 ->
/// 76.02/70.73/60.18 and the model grows 2.83 -> 3.12 MB: not kept.
fn ranker_members() -> usize {
    crate::train::env_usize("ATTRIB_RANKER_ENSEMBLE", 1).max(1)
}

/// Training cases of one document from its gold attributions: single-piece
/// contents after their cue whose end falls on a token boundary. `pred` are
/// held-out tagger predictions: a prediction with an overlapping cue and a
/// content after it gives the case its tagger end.
pub fn gold_cases(
    ctx: &Ctx,
    doc: &Document,
    gold: &[Attribution],
    pred: &[Attribution],
) -> Vec<(Case, usize)> {
    let mut out = Vec::new();
    for g in gold {
        if g.content.len() != 1 {
            continue;
        }
        let p = g.content[0];
        let Some(mut c) = case(ctx, doc, (g.cue.start, g.cue.end), (p.start, p.end)) else {
            continue;
        };
        let (_, b) = tok_range(&doc.tokens, p.start, p.end);
        if b <= c.a || b > c.s_end || doc.tokens[b - 1].end != p.end {
            continue;
        }
        c.tag = pred
            .iter()
            .filter(|x| x.cue.start < g.cue.end && g.cue.start < x.cue.end)
            .find_map(|x| {
                let q = x.content.first().filter(|_| x.content.len() == 1)?;
                case(ctx, doc, (x.cue.start, x.cue.end), (q.start, q.end))?.tag
            });
        out.push((c, b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::attribution;
    use backchannel_core::DocMeta;

    fn doc(t: &str) -> Document {
        let mut d = Document::from_plain(t.into(), DocMeta::default());
        crate::tokenize::ensure_tokens(&mut d);
        d
    }

    fn att(t: &str, cue: &str, content: &str) -> Attribution {
        let mut a = attribution(t, None, cue, &[content]);
        a.id = "A1".into();
        a
    }

    /// The boundary's structure moved one end at a time is the structure
    /// made at each end, on parsed text (every content start and end).
    #[test]
    fn ends_move_as_they_are_defined() {
        let t = "Officials said on Monday that the plan, which the council backed, works well for now, and that critics who oppose it were wrong, the mayor added.";
        let d = crate::train::prepare(t, &crate::train::parse_prep);
        let info = crate::features::token_info(&d, &d.char_index(), &Default::default());
        assert!(info.iter().any(|t| t.head.is_some()), "parsed");
        let ctx = Ctx::new(&d, &info);
        let n = info.len();
        for a in 1..n {
            let (_, s_end) = ctx.sent[a];
            let c = Case {
                c1: a,
                a,
                s_end,
                s_np: s_end,
                tag: None,
            };
            let kids = Kids::new(&ctx, &c);
            let mut x = Cross::at(&ctx, &c, a + 1);
            for e in a + 1..s_end {
                x.advance(&ctx, &c, &kids);
                let y = Cross::at(&ctx, &c, e + 1);
                assert_eq!(
                    (&x.dangling, &x.cut, x.roots),
                    (&y.dangling, &y.cut, y.roots),
                    "a {a} e {}",
                    e + 1
                );
            }
        }
    }

    /// A row without the few-valued features, scored with their weights
    /// looked up once, sums to the bit-identical score of the full row under
    /// the shipped model, for every end and several tagger ends.
    #[test]
    fn few_valued_weights_sum_as_the_full_row() {
        let model =
            crate::model::Model::from_bytes(crate::attributor::EMBEDDED).expect("shipped model");
        let w = model.edge_table();
        let t = "Smith said on Monday that the plan works well for now, officials added.";
        let d = doc(t);
        let info = crate::features::token_info(&d, &d.char_index(), &Default::default());
        let ctx = Ctx::new(&d, &info);
        let a = att(t, "said", "the plan works well");
        let p = a.content[0];
        let c0 = case(&ctx, &d, (a.cue.start, a.cue.end), (p.start, p.end)).expect("case");
        let fixed = few_weights(w);
        assert!(fixed.iter().filter(|x| **x != 0.0).count() > 20);
        let (mut full, mut part) = (Vec::new(), Vec::new());
        for tag in [c0.tag, Some(c0.a + 1), Some(c0.s_end)] {
            let c = Case { tag, ..c0 };
            for e in c.a + 1..=c.s_end {
                feats(&ctx, &c, e, &mut full);
                let known = feats_known::<false>(&ctx, &c, e, &mut part);
                assert_eq!(part.len() + 9, full.len());
                let at_end = at_end_weights(&ctx, &c, w);
                let s = sum_row(w, &part, known, &fixed, &at_end);
                let s_full = w.sum(&full);
                assert_eq!(s.to_bits(), s_full.to_bits(), "end {e}, tag {tag:?}");
            }
        }
    }

    #[test]
    fn learns_to_end_before_the_time_phrase() {
        // Gold contents stop before "on <day>"; the tagger (pred) ran on.
        let days = ["Monday", "Tuesday", "Friday", "Sunday"];
        let mut ctxs = Vec::new();
        let mut data = Vec::new();
        for (i, day) in days.iter().enumerate() {
            let t = format!("Smith said plan {i} works on {day}.");
            let d = doc(&t);
            let gold = [att(&t, "said", &format!("plan {i} works"))];
            let pred = [att(&t, "said", &format!("plan {i} works on {day}"))];
            let ctx = Ctx::new(
                &d,
                &crate::features::token_info(&d, &d.char_index(), &Default::default()),
            );
            data.push(gold_cases(&ctx, &d, &gold, &pred));
            ctxs.push(ctx);
        }
        assert!(data.iter().all(|c| c.len() == 1));
        let w = train(&ctxs, &data, 5);
        let t = "Jones said the deal works on Thursday.";
        let d = doc(t);
        let mut atts = vec![att(t, "said", "the deal works on Thursday")];
        let info = crate::features::token_info(&d, &d.char_index(), &Default::default());
        apply(&Ctx::new(&d, &info), &d, &mut atts, &w, false);
        let p = atts[0].content[0];
        assert_eq!(&t[p.start..p.end], "the deal works");
    }
}
