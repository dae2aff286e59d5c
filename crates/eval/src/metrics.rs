//! From two evaluation views to the thirteen scores.

use backchannel_core::conllu;

use crate::align::{align_words, Alignment};
use crate::score::{Score, Scores};
use crate::ud::{load, Span, Ud, UdWord};

/// What a word's head is, expressed in gold word indices so gold and system compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Root,
    Gold(usize),
    /// The system head is a word that has no gold counterpart (or is invalid).
    NotAligned,
}

fn gold_head(w: &UdWord) -> Head {
    match w.parent {
        Some(p) => Head::Gold(p),
        None if w.bad_head => Head::NotAligned,
        None => Head::Root,
    }
}

fn sys_head(w: &UdWord, al: &Alignment) -> Head {
    match w.parent {
        Some(p) => al.sys_to_gold[p].map_or(Head::NotAligned, Head::Gold),
        None if w.bad_head => Head::NotAligned,
        None => Head::Root,
    }
}

/// Spans match when both start and end agree (the script's `spans_score`).
fn spans_score(gold: &[Span], sys: &[Span]) -> Score {
    let (mut correct, mut gi, mut si) = (0, 0, 0);
    while gi < gold.len() && si < sys.len() {
        if sys[si].start < gold[gi].start {
            si += 1;
        } else if gold[gi].start < sys[si].start {
            gi += 1;
        } else {
            correct += usize::from(gold[gi].end == sys[si].end);
            si += 1;
            gi += 1;
        }
    }
    Score::new(gold.len(), sys.len(), correct, None)
}

struct Ctx<'a> {
    gold: &'a Ud,
    sys: &'a Ud,
    al: &'a Alignment,
}

impl Ctx<'_> {
    /// Score aligned words on `same(gold, system)`, counting only words that pass `filter`.
    fn attr(
        &self,
        filter: Option<fn(&UdWord) -> bool>,
        same: impl Fn(&UdWord, &UdWord) -> bool,
    ) -> Score {
        let keep = |w: &UdWord| filter.is_none_or(|f| f(w));
        let gold_total = self.gold.words.iter().filter(|w| keep(w)).count();
        let sys_total = self.sys.words.iter().filter(|w| keep(w)).count();
        let mut aligned = 0;
        let mut correct = 0;
        for &(g, s) in &self.al.matched {
            let (gw, sw) = (&self.gold.words[g], &self.sys.words[s]);
            if keep(gw) {
                aligned += 1;
                correct += usize::from(same(gw, sw));
            }
        }
        Score::new(gold_total, sys_total, correct, Some(aligned))
    }

    fn same_head(&self, g: &UdWord, s: &UdWord) -> bool {
        gold_head(g) == sys_head(s, self.al)
    }

    /// A system lemma counts as right wherever the gold lemma is unspecified (`_`).
    fn same_lemma(g: &UdWord, s: &UdWord) -> bool {
        g.lemma == "_" || g.lemma == s.lemma
    }

    /// MLAS compares the functional children of a word as a list.
    fn same_children(&self, g: &UdWord, s: &UdWord) -> bool {
        g.functional_children.len() == s.functional_children.len()
            && g.functional_children
                .iter()
                .zip(&s.functional_children)
                .all(|(&gc, &sc)| {
                    let (gc, sc) = (&self.gold.words[gc], &self.sys.words[sc]);
                    self.same_head(gc, sc)
                        && gc.deprel == sc.deprel
                        && gc.upos == sc.upos
                        && gc.feats == sc.feats
                })
    }
}

fn is_content(w: &UdWord) -> bool {
    w.is_content
}

fn check_characters(gold: &Ud, sys: &Ud) -> Result<(), String> {
    if gold.characters == sys.characters {
        return Ok(());
    }
    let i = gold
        .characters
        .iter()
        .zip(&sys.characters)
        .take_while(|(a, b)| a == b)
        .count();
    let show = |c: &[char]| c.iter().skip(i).take(20).collect::<String>();
    Err(format!(
        "The concatenation of tokens in gold file and in system file differ!\n\
         First 20 differing characters in gold file: '{}' and system file: '{}'",
        show(&gold.characters),
        show(&sys.characters)
    ))
}

pub(crate) fn evaluate_checked(
    gold: &[conllu::Sentence],
    system: &[conllu::Sentence],
    check_trees: bool,
) -> Result<Scores, String> {
    let gold = load(gold, check_trees, "gold")?;
    let sys = load(system, check_trees, "system")?;
    check_characters(&gold, &sys)?;
    let al = align_words(&gold.words, &sys.words);
    let c = Ctx {
        gold: &gold,
        sys: &sys,
        al: &al,
    };
    let words = Score::new(gold.words.len(), sys.words.len(), al.matched.len(), None);
    Ok(Scores {
        tokens: spans_score(&gold.tokens, &sys.tokens),
        sentences: spans_score(&gold.sentences, &sys.sentences),
        words,
        upos: c.attr(None, |g, s| g.upos == s.upos),
        xpos: c.attr(None, |g, s| g.xpos == s.xpos),
        ufeats: c.attr(None, |g, s| g.feats == s.feats),
        alltags: c.attr(None, |g, s| {
            g.upos == s.upos && g.xpos == s.xpos && g.feats == s.feats
        }),
        lemmas: c.attr(None, Ctx::same_lemma),
        uas: c.attr(None, |g, s| c.same_head(g, s)),
        las: c.attr(None, |g, s| c.same_head(g, s) && g.deprel == s.deprel),
        clas: c.attr(Some(is_content), |g, s| {
            c.same_head(g, s) && g.deprel == s.deprel
        }),
        mlas: c.attr(Some(is_content), |g, s| {
            c.same_head(g, s)
                && g.deprel == s.deprel
                && g.upos == s.upos
                && g.feats == s.feats
                && c.same_children(g, s)
        }),
        blex: c.attr(Some(is_content), |g, s| {
            c.same_head(g, s) && g.deprel == s.deprel && Ctx::same_lemma(g, s)
        }),
    })
}
