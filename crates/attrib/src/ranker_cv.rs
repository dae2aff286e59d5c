//! A two-fold check of the span-edge rankers on PolNeAR train, for feature
//! work: dev has ~900 ranker cases, so a few hits there are noise; train's
//! text halves give ~9000 cases the ranker never saw. Run by training with
//! `ATTRIB_RANKER_CV=1` (`=only` stops training after it); prints hits per
//! ranker, changes nothing.

use backchannel_core::Document;

use crate::attributor::Attributor;
use crate::corpus::Article;
use crate::ends::Ctx;
use crate::features::token_info;
use crate::model::{IdMap, Model};

/// Train each ranker on one half of `fold` and count exact hits on the other.
pub fn report(
    ctxs: &[Ctx],
    ends: &[Vec<(crate::ends::Case, usize)>],
    bounds: &[Vec<(crate::bounds::Case, (usize, usize))>],
    fold: &[usize],
    (end_epochs, bound_epochs): (usize, usize),
) {
    // `ATTRIB_RANKER_CV_EPOCHS=a,b,…`: the check at each of these epoch
    // counts (both rankers) instead of the configured ones.
    if let Ok(list) = std::env::var("ATTRIB_RANKER_CV_EPOCHS") {
        for e in list.split(',').filter_map(|x| x.trim().parse().ok()) {
            eprint!("epochs {e}: ");
            one_report(ctxs, ends, bounds, fold, (e, e));
        }
        return;
    }
    one_report(ctxs, ends, bounds, fold, (end_epochs, bound_epochs));
}

/// [`report`] at one pair of epoch counts.
fn one_report(
    ctxs: &[Ctx],
    ends: &[Vec<(crate::ends::Case, usize)>],
    bounds: &[Vec<(crate::bounds::Case, (usize, usize))>],
    fold: &[usize],
    (end_epochs, bound_epochs): (usize, usize),
) {
    let (mut eh, mut bh) = ((0, 0), (0, 0));
    for f in 0..2 {
        let part = |keep: bool| move |i: usize| (fold[i] == f) == keep;
        let e_train: Vec<_> = pick(ends, part(false));
        let e_test: Vec<_> = pick(ends, part(true));
        let w = crate::ends::train(ctxs, &e_train, end_epochs);
        let h = crate::ends::hits(ctxs, &e_test, &w);
        eh = (eh.0 + h.0, eh.1 + h.1);
        let b_train: Vec<_> = pick(bounds, part(false));
        let b_test: Vec<_> = pick(bounds, part(true));
        let w = crate::bounds::train(ctxs, &b_train, bound_epochs);
        let h = crate::bounds::hits(ctxs, &b_test, &w);
        bh = (bh.0 + h.0, bh.1 + h.1);
    }
    eprintln!(
        "ranker cv: ends {}/{}, bounds {}/{}",
        eh.0, eh.1, bh.0, bh.1
    );
}

/// The documents' cases where `keep(doc)`, empty elsewhere.
fn pick<T: Clone>(data: &[Vec<T>], keep: impl Fn(usize) -> bool) -> Vec<Vec<T>> {
    data.iter()
        .enumerate()
        .map(|(i, c)| if keep(i) { c.clone() } else { Vec::new() })
        .collect()
}

/// The rankers' exact hits on dev gold cues and edges, the tagger's edges
/// taken from the model in `bytes` with its rankers removed (as the rankers
/// were trained: on predictions made without them).
pub fn dev_report(
    bytes: &[u8],
    w: &IdMap<f32>,
    dev: &[Article],
    dev_docs: &[Document],
) -> Result<(), String> {
    let mut m = Model::from_bytes(bytes)?;
    m.ends = IdMap::default();
    m.index();
    let att = Attributor::from_bytes(&m.to_bytes())?;
    let (mut ctxs, mut ends, mut bounds) = (Vec::new(), Vec::new(), Vec::new());
    for (a, d) in dev.iter().zip(dev_docs) {
        let mut p = d.clone();
        att.annotate(&mut p);
        let ctx = Ctx::new(d, &token_info(d, &d.char_index(), &m.lexicon));
        ends.push(crate::ends::gold_cases(&ctx, d, &a.gold, &p.attributions));
        bounds.push(crate::bounds::gold_cases(&ctx, d, &a.gold, &p.attributions));
        ctxs.push(ctx);
    }
    let e = crate::ends::hits(&ctxs, &ends, w);
    let b = crate::bounds::hits(&ctxs, &bounds, w);
    eprintln!("ranker dev: ends {}/{}, bounds {}/{}", e.0, e.1, b.0, b.1);
    Ok(())
}
