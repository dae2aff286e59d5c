//! Where a cue ends and its following content starts: a learned ranker over
//! (cue end, content start) pairs.
//!
//! Dev error analysis: most wrong content starts come with a wrong cue end,
//! the two sides of one boundary ("unleashed [a flurry of] tweets",
//! "accusing her of [being …]", "says [on its website] that …"). PolNeAR
//! draws it by the cue verb's argument structure, which the tagger sees only
//! token by token. The ranker scores every split of the tokens between the
//! cue's first token and the content's end into cue, gap (neither) and
//! content, with the cue start and content end held fixed. Trained on gold
//! attributions of PolNeAR train (averaged perceptron), with the held-out
//! tagger's split as features.
//!
//! Speed tried and not kept (issue 4 speed brief): searching cue ends only
//! up to 6 tokens (cases still admitted up to `MAX_CUE`) and gaps up to
//! 5: with the shipped model (no retraining) dev exact F1 source/cue/
//! content 76.22/71.21/59.24 -> 76.22/71.32/59.25 (5 tokens 76.20/71.07/
//! 59.21, 4 76.20/70.73/59.01, 3 76.09/69.30/58.30; gaps up to 4 at 8
//! tokens 76.22/71.06/59.24, 3 76.22/71.11/59.18, 2 76.25/70.90/58.91),
//! Attributor::annotate -7.6M instructions (-1.4%, callgrind, profile
//! example on dev). Retrained with the 6-token search: train 2-fold split
//! 71.39/67.12/54.43 -> 71.38/66.64/54.16 (cue -0.48), not shipped.
//! Also tried (outputs identical): the content's outside-headed tokens kept
//! as a list moved one content start at a time (dependent lists per case,
//! as the end ranker's `Cross` does) instead of `content_roots`' walk per
//! start: Attributor::annotate 518.48M -> 518.79M instructions (callgrind
//! of bench nlp --runs 1): the walks are short, the lists cost more.
//! Tried and not kept (no retraining, at inference after the filters): a
//! content opening with the whole subtree of an `obj`/`iobj` of its cue
//! ("told [the leaders] that …", "implored [her] to …") starting instead at
//! the "that"/"to" after it: dev content 61.22 -> 60.71 (tp 1198 -> 1188),
//! held-out half of train 54.60 -> 54.07 (tp 4740 -> 4694, model of the
//! other half): PolNeAR gold keeps the addressee in the content more often
//! than not.

use backchannel_core::{Attribution, CharIndex, Document};

use crate::chars::tok_range;
use crate::ends::{signed, train_ranker, Ctx, Weights};
use crate::features::mix;
use crate::model::IdMap;
use crate::rows::Rows;

/// Longest cue and gap considered (tokens).
const MAX_CUE: usize = 8;
const MAX_GAP: usize = 5;

/// Cue start `c0`, content end `b` (exclusive), and the token limits.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    c0: usize,
    b: usize,
    /// The tagger's (cue end, content start), when known.
    tag: Option<(usize, usize)>,
}

/// The case for an attribution whose single content piece follows its cue
/// in the same sentence, with (cue end, content start) in token indices.
pub fn case(
    ctx: &Ctx,
    doc: &Document,
    cue: (usize, usize),
    piece: (usize, usize),
) -> Option<(Case, (usize, usize))> {
    let (c0, c1) = tok_range(&doc.tokens, cue.0, cue.1);
    let (a, b) = tok_range(&doc.tokens, piece.0, piece.1);
    if c0 >= c1 || a >= b || b > doc.tokens.len() || c1 > a {
        return None;
    }
    if ctx.sentence(c0) != ctx.sentence(b - 1) || c1 - c0 > MAX_CUE || a - c1 > MAX_GAP {
        return None;
    }
    Some((
        Case {
            c0,
            b,
            tag: Some((c1, a)),
        },
        (c1, a),
    ))
}

fn bucket(x: usize) -> u64 {
    x.min(6) as u64
}

/// Cue tokens whose head lies outside the cue [c0, ce); pushes the deprel of
/// those that hang off a later token.
fn cue_roots(ctx: &Ctx, c: &Case, ce: usize, out: &mut Vec<u64>) -> usize {
    let mut roots = 0;
    for i in c.c0..ce {
        match ctx.head[i] {
            Some(h) if h >= c.c0 && h < ce => {}
            h => {
                roots += 1;
                if h.is_some_and(|h| h >= ce) {
                    out.push(mix(101, ctx.dep[i]));
                }
            }
        }
    }
    roots
}

/// Content tokens whose head lies outside the content [cs, b); pushes their
/// deprel and whether the head comes before the content.
fn content_roots(ctx: &Ctx, c: &Case, cs: usize, out: &mut Vec<u64>) -> usize {
    let mut roots = 0;
    for i in cs..c.b {
        match ctx.head[i] {
            Some(h) if h >= cs && h < c.b => {}
            h => {
                roots += 1;
                out.push(mix(102, ctx.dep[i] ^ h.is_some_and(|h| h < cs) as u64));
            }
        }
    }
    roots
}

/// Features that depend on the cue end only.
fn cue_feats(ctx: &Ctx, c: &Case, ce: usize, out: &mut Vec<u64>) -> usize {
    let roots = cue_token_feats(ctx, c, ce, out);
    if let Some((tce, _)) = c.tag {
        out.push(mix(131, signed(ce, tce)));
    }
    roots
}

/// [`cue_feats`] but the last, the cue end's offset from the tagger's (131).
fn cue_token_feats(ctx: &Ctx, c: &Case, ce: usize, out: &mut Vec<u64>) -> usize {
    out.clear();
    let head_lemma = ctx.lemma[c.c0] ^ ctx.word[c.c0];
    let last = ce - 1;
    let roots = cue_roots(ctx, c, ce, out);
    out.push(mix(107, bucket(ce - c.c0)));
    out.push(mix(108, ctx.word[last]));
    out.push(mix(109, ctx.upos[last]));
    out.push(mix(110, ctx.dep[last]));
    out.push(mix(115, head_lemma ^ bucket(ce - c.c0)));
    out.push(mix(116, head_lemma ^ ctx.word[last]));
    roots
}

/// Features that depend on the content start only.
fn content_feats(ctx: &Ctx, c: &Case, cs: usize, out: &mut Vec<u64>) -> usize {
    let roots = content_token_feats(ctx, c, cs, out);
    if let Some((_, tcs)) = c.tag {
        out.push(mix(132, signed(cs, tcs)));
    }
    roots
}

/// [`content_feats`] but the last, the content start's offset from the
/// tagger's (132).
fn content_token_feats(ctx: &Ctx, c: &Case, cs: usize, out: &mut Vec<u64>) -> usize {
    out.clear();
    let head_lemma = ctx.lemma[c.c0] ^ ctx.word[c.c0];
    let roots = content_roots(ctx, c, cs, out);
    out.push(mix(111, ctx.word[cs]));
    out.push(mix(112, ctx.upos[cs]));
    out.push(mix(113, ctx.dep[cs]));
    out.push(mix(117, head_lemma ^ ctx.upos[cs]));
    roots
}

/// Features of the pair: the gap between cue and content and how the two
/// sides go together (`roots`, `croots` from the one-sided features).
fn pair_feats(
    ctx: &Ctx,
    c: &Case,
    (ce, cs): (usize, usize),
    (roots, croots): (usize, usize),
    out: &mut Vec<u64>,
) {
    out.clear();
    for i in ce..cs {
        gap_token_feats(ctx, c, ce, i, out);
    }
    split_feats(ctx, c, (ce, cs), (roots, croots), out);
}

/// Features of one gap token `i` (cue ending at `ce`): the pair score is
/// the sum of these over the gap plus [`split_feats`], so the ranker adds
/// one token's worth per longer gap instead of rescoring the whole gap.
fn gap_token_feats(ctx: &Ctx, c: &Case, ce: usize, i: usize, out: &mut Vec<u64>) {
    gap_token_own(ctx, i, out);
    gap_token_link(ctx, c, ce, i, out);
}

/// The gap token's own features (its tag and word), the same for every cue
/// end: the ranker sums them once per token.
fn gap_token_own(ctx: &Ctx, i: usize, out: &mut Vec<u64>) {
    out.push(mix(103, ctx.upos[i]));
    out.push(mix(104, ctx.word[i]));
}

/// The gap token's relation, by whether its head is in the cue.
fn gap_token_link(ctx: &Ctx, c: &Case, ce: usize, i: usize, out: &mut Vec<u64>) {
    let from_cue = ctx.head[i].is_some_and(|h| h >= c.c0 && h < ce);
    out.push(mix(105, ctx.dep[i] ^ from_cue as u64));
}

/// The pair features other than the gap tokens' own (appends to `out`), in
/// parts: the gap size (106), the roots' shape (114), the cue head by gap
/// size (118), [`split_middle`], the agreement with the tagger's split
/// (130), [`split_tail`]. The ranker looks up 106, 114 and 130, which take
/// a few values, once per document ([`Fixed`]) and 118 once per case.
fn split_feats(
    ctx: &Ctx,
    c: &Case,
    (ce, cs): (usize, usize),
    (roots, croots): (usize, usize),
    out: &mut Vec<u64>,
) {
    let head_lemma = ctx.lemma[c.c0] ^ ctx.word[c.c0];
    out.push(mix(106, bucket(cs - ce)));
    out.push(mix(114, shape(roots, croots)));
    out.push(mix(118, head_lemma ^ bucket(cs - ce)));
    split_middle(ctx, (ce, cs), (roots, croots), out);
    if let Some(same) = agreement(c, ce, cs) {
        out.push(mix(130, same));
    }
    split_tail(ctx, c, (ce, cs), out);
}

/// Whether the cue end (bit 0) and the content start (bit 1) are the
/// tagger's, when its split is known.
fn agreement(c: &Case, ce: usize, cs: usize) -> Option<u64> {
    let (tce, tcs) = c.tag?;
    Some((ce == tce) as u64 | ((cs == tcs) as u64) << 1)
}

/// How many tokens of the cue and of the content hang outside them (up
/// to 3 each).
fn shape(roots: usize, croots: usize) -> u64 {
    (bucket(roots.min(3)) << 4) | bucket(croots.min(3))
}

/// The split features between the gap size, the roots' shape (114) and the
/// cue head by gap size (118), and the agreement.
fn split_middle(
    ctx: &Ctx,
    (ce, cs): (usize, usize),
    (roots, croots): (usize, usize),
    out: &mut Vec<u64>,
) {
    let last = ce - 1;
    let gap = cs - ce;
    let shape = shape(roots, croots);
    out.push(mix(
        119,
        ctx.upos[last] ^ ctx.upos[cs] ^ (bucket(gap) << 40),
    ));
    out.push(mix(120, ctx.word[last] ^ ctx.word[cs]));
    out.push(mix(121, ctx.upos[cs] ^ ctx.dep[cs] ^ shape));
}

/// The split features after the agreement.
fn split_tail(ctx: &Ctx, c: &Case, (ce, cs): (usize, usize), out: &mut Vec<u64>) {
    let head_lemma = ctx.lemma[c.c0] ^ ctx.word[c.c0];
    let gap = cs - ce;
    if let Some(same) = agreement(c, ce, cs) {
        out.push(mix(133, same ^ (head_lemma << 2)));
        out.push(mix(134, same ^ (ctx.upos[cs] << 2)));
    }
    if gap > 0 {
        out.push(tail_pair_key(ctx, ce, cs));
        out.push(mix(123, ctx.dep[ce]));
    }
}

/// The key of [`split_tail`]'s feature that depends on both the cue end
/// and the content start (122: the token after the cue, the content's tag).
fn tail_pair_key(ctx: &Ctx, ce: usize, cs: usize) -> u64 {
    mix(122, ctx.word[ce] ^ ctx.upos[cs])
}

/// The weights of [`split_tail`]'s features that depend on one side only,
/// looked up once per case instead of once per split: the cue head by
/// agreement (133, four values), the content start's tag by agreement (134,
/// two values per start: whether the start is the tagger's is fixed), the
/// relation of the token after the cue (123, one per cue end).
struct Tail {
    head: [f32; 4],
    /// Per content start (position - c0 - 1), by whether the cue end is the tagger's.
    start_tag: Vec<[f32; 2]>,
    /// Per cue end (position - c0 - 1).
    after_cue: Vec<f32>,
}

impl Tail {
    fn new(ctx: &Ctx, c: &Case, w: &impl Weights, (ce_max, cs_max): (usize, usize)) -> Tail {
        let head_lemma = ctx.lemma[c.c0] ^ ctx.word[c.c0];
        let head = std::array::from_fn(|same| w.weight(mix(133, same as u64 ^ (head_lemma << 2))));
        let start_tag = match c.tag {
            Some((_, tcs)) => (c.c0 + 1..=cs_max)
                .map(|cs| {
                    let up = ctx.upos[cs] << 2;
                    let start = ((cs == tcs) as u64) << 1;
                    [
                        w.weight(mix(134, start ^ up)),
                        w.weight(mix(134, (start | 1) ^ up)),
                    ]
                })
                .collect(),
            None => Vec::new(),
        };
        let after_cue = (c.c0 + 1..=ce_max)
            .map(|ce| w.weight(mix(123, ctx.dep[ce])))
            .collect();
        Tail {
            head,
            start_tag,
            after_cue,
        }
    }
}

/// Every feature of the split cue [c0, ce), gap [ce, cs), content [cs, b).
pub fn feats(ctx: &Ctx, c: &Case, ce: usize, cs: usize, out: &mut Vec<u64>) {
    let mut part = Vec::with_capacity(32);
    let roots = cue_feats(ctx, c, ce, &mut part);
    out.clear();
    out.extend_from_slice(&part);
    let croots = content_feats(ctx, c, cs, &mut part);
    out.extend_from_slice(&part);
    pair_feats(ctx, c, (ce, cs), (roots, croots), &mut part);
    out.extend_from_slice(&part);
}

/// Weights of the features whose value is one of a few, the same for every
/// case: the gap size (106), whether the split agrees with the tagger's
/// (130), and the cue end's and content start's offsets from the tagger's
/// (131, 132), the roots' shape (114). Looked up once, then added where the
/// row would have them.
struct Fixed {
    gap: [f32; MAX_GAP + 1],
    shape: [[f32; 4]; 4],
    same: [f32; 4],
    cue_shift: [f32; 11],
    content_shift: [f32; 11],
}

impl Fixed {
    fn new(w: &impl Weights) -> Fixed {
        let shift = |t: u64| std::array::from_fn(|d| w.weight(mix(t, signed(d, 5))));
        Fixed {
            gap: std::array::from_fn(|g| w.weight(mix(106, bucket(g)))),
            shape: std::array::from_fn(|r| {
                std::array::from_fn(|cr| w.weight(mix(114, shape(r, cr))))
            }),
            same: std::array::from_fn(|s| w.weight(mix(130, s as u64))),
            cue_shift: shift(131),
            content_shift: shift(132),
        }
    }

    /// The weight of the offset `at - tagged` (131 or 132's table).
    fn shift(table: &[f32; 11], at: usize, tagged: usize) -> f32 {
        table[(at as i64 - tagged as i64).clamp(-5, 5) as usize + 5]
    }
}

/// The best (cue end, content start) under `w`; ties keep the first.
fn argmax(ctx: &Ctx, c: &Case, w: &impl Weights) -> Option<(usize, usize)> {
    argmax_with(ctx, c, w, &Fixed::new(w), MAX_CUE)
}

/// [`argmax`] with the few-valued weights `fx` of `w` looked up already.
/// The one-sided features are scored once per cue end and per content
/// start, only the pair features per split. Each group of features (the cue
/// ends, the content starts, one cue end's splits) is made and prefetched
/// whole before its sums, so the table misses overlap. Every score adds the
/// same weights in the same order as `w.sum` over [`feats`]' rows.
fn argmax_with(
    ctx: &Ctx,
    c: &Case,
    w: &impl Weights,
    fx: &Fixed,
    max_cue: usize,
) -> Option<(usize, usize)> {
    let mut f = Vec::with_capacity(32);
    let ce_max = (c.c0 + max_cue.min(MAX_CUE)).min(c.b - 1);
    let cs_max = (ce_max + MAX_GAP).min(c.b - 1);
    // One row per cue end and per content start, sized up front (no regrowth).
    let mut rows = Rows::with_capacity(ce_max - c.c0 + cs_max - c.c0, 16);
    // Indexed by position - c0 - 1.
    let mut cue = Vec::with_capacity(ce_max - c.c0);
    for ce in c.c0 + 1..=ce_max {
        cue.push((0f32, cue_token_feats(ctx, c, ce, &mut f)));
        rows.extend(&f);
        rows.end_row();
    }
    let mut content = Vec::with_capacity(cs_max - c.c0);
    for cs in c.c0 + 1..=cs_max {
        content.push((0f32, content_token_feats(ctx, c, cs, &mut f)));
        rows.extend(&f);
        rows.end_row();
    }
    // Every token that can be in a gap, indexed by position - c0 - 1.
    for i in c.c0 + 1..cs_max {
        gap_token_own(ctx, i, rows.open());
        rows.end_row();
    }
    w.prefetch_all(rows.all());
    for (k, side) in cue.iter_mut().enumerate() {
        side.0 = w.sum(rows.row(k));
        if let Some((tce, _)) = c.tag {
            side.0 += Fixed::shift(&fx.cue_shift, c.c0 + 1 + k, tce);
        }
    }
    for (k, side) in content.iter_mut().enumerate() {
        side.0 = w.sum(rows.row(cue.len() + k));
        if let Some((_, tcs)) = c.tag {
            side.0 += Fixed::shift(&fx.content_shift, c.c0 + 1 + k, tcs);
        }
    }
    let sides = cue.len() + content.len();
    let own: Vec<f32> = (c.c0 + 1..cs_max)
        .enumerate()
        .map(|(k, _)| w.sum(rows.row(sides + k)))
        .collect();
    // The cue head by gap size (118), per gap size.
    let head_lemma = ctx.lemma[c.c0] ^ ctx.word[c.c0];
    let by_gap: [f32; MAX_GAP + 1] =
        std::array::from_fn(|g| w.weight(mix(118, head_lemma ^ bucket(g))));
    let tail = Tail::new(ctx, c, w, (ce_max, cs_max));
    let mut top: Option<(f32, (usize, usize))> = None;
    for ce in c.c0 + 1..=ce_max {
        let (sc, rc) = cue[ce - c.c0 - 1];
        let last = (ce + MAX_GAP).min(c.b - 1);
        // Rows: the split's middle and tail, then per longer gap its new gap
        // token, middle and tail.
        rows.clear();
        for cs in ce..=last {
            if cs > ce {
                gap_token_link(ctx, c, ce, cs - 1, rows.open());
                rows.end_row();
            }
            let rn = content[cs - c.c0 - 1].1;
            split_middle(ctx, (ce, cs), (rc, rn), rows.open());
            rows.end_row();
            if cs > ce {
                rows.open().push(tail_pair_key(ctx, ce, cs));
                rows.end_row();
            }
        }
        w.prefetch_all(rows.all());
        let mut gap = 0f32;
        let mut k = 0;
        for cs in ce..=last {
            if cs > ce {
                gap += w.sum_from(own[cs - 2 - c.c0], rows.row(k));
                k += 1;
            }
            let rn = content[cs - c.c0 - 1].1;
            let known = fx.gap[cs - ce] + fx.shape[rc.min(3)][rn.min(3)] + by_gap[cs - ce];
            let mut split = w.sum_from(known, rows.row(k));
            k += 1;
            // The tail (split_tail's features, in its order): the
            // agreement's weights from the case's tables, the cue end and
            // content start's word and tag by key, the relation after the
            // cue from the cue end's table.
            if let Some(same) = agreement(c, ce, cs) {
                split += fx.same[same as usize];
                split += tail.head[same as usize];
                split += tail.start_tag[cs - c.c0 - 1][(same & 1) as usize];
            }
            if cs > ce {
                split = w.sum_from(split, rows.row(k));
                k += 1;
                split += tail.after_cue[ce - c.c0 - 1];
            }
            let sn = content[cs - c.c0 - 1].0;
            let s = sc + sn + gap + split;
            if top.is_none_or(|t| s > t.0) {
                top = Some((s, (ce, cs)));
            }
        }
    }
    top.map(|t| t.1)
}

/// Longest cue searched at inference (cases are still admitted up to
/// [`MAX_CUE`]); training, the ranker check and the held-out rows the keep
/// and content filters learn from search every length (`apply`'s `full`).
/// Dev exact F1 source/cue/content with the shipped model (8: 76.10/71.16/
/// 60.72): 7 76.10/71.21/60.72, 6 76.12/71.31/60.69, 5 76.12/71.08/60.49,
/// 4 76.10/70.52/60.18. Gaps searched up to 4 as well (with `ends`'
/// PAST_TAG): 76.09/71.18/60.81, 3 76.09/71.18/60.76, 2 76.09/70.99/60.44
/// against 76.08/71.31/60.78 at 5: cue lost, not kept.
const SEARCH_CUE: usize = 6;

/// Re-draw the cue/content boundary of every single-piece content that
/// follows its cue.
pub fn apply(
    ctx: &Ctx,
    doc: &Document,
    idx: &CharIndex,
    atts: &mut [Attribution],
    w: &impl Weights,
    full: bool,
) {
    let toks = &doc.tokens;
    let search = if full { MAX_CUE } else { SEARCH_CUE };
    let mut fx = None;
    for a in atts.iter_mut() {
        if a.content.len() != 1 {
            continue;
        }
        let p = a.content[0];
        let Some((c, _)) = case(ctx, doc, (a.cue.start, a.cue.end), (p.start, p.end)) else {
            continue;
        };
        let fx = fx.get_or_insert_with(|| Fixed::new(w));
        let Some((ce, cs)) = argmax_with(ctx, &c, w, fx, search) else {
            continue;
        };
        a.cue.end = toks[ce - 1].end;
        a.cue.text = doc.slice(idx, a.cue.start, a.cue.end).to_string();
        a.content[0].start = toks[cs].start;
    }
}

/// Training cases of one document: gold attributions with one content
/// piece after the cue whose edges fall on token boundaries; `pred` (held-out
/// tagger predictions) give the tagger's split where a prediction's cue
/// overlaps the gold cue.
pub fn gold_cases(
    ctx: &Ctx,
    doc: &Document,
    gold: &[Attribution],
    pred: &[Attribution],
) -> Vec<(Case, (usize, usize))> {
    let toks = &doc.tokens;
    let mut out = Vec::new();
    for g in gold {
        if g.content.len() != 1 {
            continue;
        }
        let p = g.content[0];
        let Some((mut c, (ce, cs))) = case(ctx, doc, (g.cue.start, g.cue.end), (p.start, p.end))
        else {
            continue;
        };
        if toks[ce - 1].end != g.cue.end || toks[cs].start != p.start {
            continue;
        }
        c.tag = pred
            .iter()
            .filter(|x| x.cue.start < g.cue.end && g.cue.start < x.cue.end)
            .find_map(|x| {
                let q = x.content.first().filter(|_| x.content.len() == 1)?;
                case(ctx, doc, (x.cue.start, x.cue.end), (q.start, q.end)).map(|r| r.1)
            });
        out.push((c, (ce, cs)));
    }
    out
}

/// How many cases `w` splits exactly (for the folded check in `ranker_cv`).
pub fn hits(
    ctxs: &[Ctx],
    data: &[Vec<(Case, (usize, usize))>],
    w: &impl Weights,
) -> (usize, usize) {
    crate::ends::count_hits(ctxs, data, |ctx, c| argmax(ctx, c, w))
}

/// Averaged perceptron over (case, gold split) pairs of every document.
pub fn train(ctxs: &[Ctx], data: &[Vec<(Case, (usize, usize))>], epochs: usize) -> IdMap<f32> {
    let split_feats = |ctx: &Ctx, c: &Case, (ce, cs): (usize, usize), out: &mut Vec<u64>| {
        feats(ctx, c, ce, cs, out)
    };
    train_ranker(ctxs, data, epochs, argmax, split_feats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::parsed;

    /// The ranker's scores, with the few-valued weights looked up once,
    /// pick the split that summing every split's whole feature row picks,
    /// under the shipped model and wherever the tagger's split is.
    #[test]
    fn fixed_weights_score_as_the_whole_rows() {
        let model =
            crate::model::Model::from_bytes(crate::attributor::EMBEDDED).expect("shipped model");
        let w = model.edge_table();
        let d = parsed(&[
            ("Officials", "NOUN", 2, "nsubj"),
            ("said", "VERB", 0, "root"),
            ("on", "ADP", 4, "case"),
            ("Monday", "PROPN", 2, "obl"),
            ("that", "SCONJ", 8, "mark"),
            ("the", "DET", 7, "det"),
            ("plan", "NOUN", 8, "nsubj"),
            ("works", "VERB", 2, "ccomp"),
            ("well", "ADV", 8, "advmod"),
            (".", "PUNCT", 2, "punct"),
        ]);
        let info = crate::features::token_info(&d, &d.char_index(), &Default::default());
        let ctx = Ctx::new(&d, &info);
        let fx = Fixed::new(w);
        assert!(fx.gap.iter().chain(&fx.same).any(|&x| x != 0.0));
        let mut f = Vec::new();
        for tag in [None, Some((2, 4)), Some((1, 2)), Some((4, 5))] {
            let c = Case { c0: 1, b: 9, tag };
            let mut top: Option<(f32, (usize, usize))> = None;
            for ce in c.c0 + 1..=(c.c0 + MAX_CUE).min(c.b - 1) {
                for cs in ce..=(ce + MAX_GAP).min(c.b - 1) {
                    feats(&ctx, &c, ce, cs, &mut f);
                    let s = w.sum(&f);
                    if top.is_none_or(|t| s > t.0 + 1e-4) {
                        top = Some((s, (ce, cs)));
                    }
                }
            }
            assert_eq!(
                argmax_with(&ctx, &c, w, &fx, MAX_CUE),
                top.map(|t| t.1),
                "{tag:?}"
            );
            assert_eq!(argmax(&ctx, &c, w), top.map(|t| t.1), "{tag:?}");
        }
    }
}
