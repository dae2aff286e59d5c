//! From a BIO label sequence to attributions: read off the labelled spans,
//! then group them around cues.
//!
//! Every cue anchors one attribution. Each content span joins its nearest cue
//! (a cue keeps its nearest span, plus spans touching the attribution; the
//! pieces of “A,” she said, “B.” are joined later by the layout rules). Each cue takes at most one source, the nearest one,
//! assigned greedily closest-first. Distance is in tokens, with a penalty for
//! every sentence boundary between the two spans, so a quote that runs over
//! sentences still finds the “… ,” he said next to it, and a source two
//! sentences away does not.

use crate::model::{is_begin, role};

/// A labelled span: role (1 source, 2 cue, 3 content) and token range [a, b).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub role: u8,
    pub a: usize,
    pub b: usize,
}

/// An attribution in token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub cue: Span,
    pub source: Option<Span>,
    pub content: Vec<Span>,
}

/// Read spans off labels: a span starts at B (or at an I whose role differs
/// from the previous token's) and runs over I of its role.
pub fn spans(labels: &[u8]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (i, &l) in labels.iter().enumerate() {
        let r = role(l);
        if r == 0 {
            continue;
        }
        let continues = !is_begin(l) && out.last().is_some_and(|s| s.b == i && s.role == r);
        if continues {
            if let Some(s) = out.last_mut() {
                s.b = i + 1;
            }
        } else {
            out.push(Span {
                role: r,
                a: i,
                b: i + 1,
            });
        }
    }
    out
}

const SENT_PENALTY: usize = 25;
/// Extra sentence steps a paragraph break counts for.
const PARA_STEPS: usize = 2;

/// Sentence numbers for linking: +1 per sentence, +1+PARA_STEPS at a paragraph break.
pub fn sentence_numbers(sent: &[usize], para_start: &[bool]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sent.len());
    let mut n = 0;
    for i in 0..sent.len() {
        if i > 0 && sent[i] != sent[i - 1] {
            n += 1;
        }
        if i > 0 && para_start.get(i).copied().unwrap_or(false) {
            n += PARA_STEPS;
        }
        out.push(n);
    }
    out
}
const MAX_SOURCE_DIST: usize = 40;
const MAX_CONTENT_DIST: usize = 60;

/// Token distance between two spans plus a penalty per sentence boundary
/// between them (`sent_of` numbers sentences; a paragraph break counts as
/// PARA_PENALTY / SENT_PENALTY extra sentences when `sent_of` comes from
/// [`sentence_numbers`]).
fn distance(x: &Span, y: &Span, sent_of: &[usize]) -> usize {
    let gap = if x.b <= y.a {
        y.a - x.b
    } else {
        x.a.saturating_sub(y.b)
    };
    // Sentences between the closest ends of the two spans.
    let (p, q) = if x.b <= y.a {
        (x.b - 1, y.a)
    } else {
        (y.b.saturating_sub(1), x.a)
    };
    let (sp, sq) = (
        sent_of.get(p).copied().unwrap_or(0),
        sent_of.get(q).copied().unwrap_or(0),
    );
    gap + SENT_PENALTY * sp.abs_diff(sq)
}

/// The cues (in text order, disjoint from `s`) whose token gap to `s` is
/// at most `max`: a run of them, since both cue edges only grow. A cue
/// outside it is further than `max` ([`distance`] adds sentence penalties
/// to the gap), so the linker need not measure it: each span is compared
/// with its neighbourhood, not with every cue of the document (dev: link
/// 9.21M -> 3.89M instructions, callgrind of bench nlp --runs 1).
fn near_cues(cues: &[Span], s: &Span, max: usize) -> std::ops::Range<usize> {
    let lo = cues.partition_point(|c| c.b + max < s.a);
    let len = cues[lo..].partition_point(|c| c.a <= s.b + max);
    lo..lo + len
}

/// Group spans into attributions. `sent_of[i]` is the sentence of token i.
pub fn link(spans: &[Span], sent_of: &[usize]) -> Vec<Linked> {
    let cues: Vec<Span> = spans.iter().filter(|s| s.role == 2).copied().collect();
    let mut out: Vec<Linked> = cues
        .iter()
        .map(|&cue| Linked {
            cue,
            source: None,
            content: Vec::new(),
        })
        .collect();
    if cues.is_empty() {
        return out;
    }
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (si, s) in spans.iter().enumerate().filter(|(_, s)| s.role == 1) {
        for k in near_cues(&cues, s, MAX_SOURCE_DIST) {
            let d = distance(s, &cues[k], sent_of);
            if d <= MAX_SOURCE_DIST {
                pairs.push((d, si, k));
            }
        }
    }
    pairs.sort_unstable();
    let mut used = vec![false; spans.len()];
    for (_, si, k) in pairs {
        if used[si] || out[k].source.is_some() {
            continue;
        }
        used[si] = true;
        out[k].source = Some(spans[si]);
    }
    // Each content span goes to its nearest cue; a cue keeps its nearest
    // content, and further pieces only when they continue the attribution
    // (touching what it already covers, on the other side of the cue).
    let mut cands: Vec<Vec<(usize, Span)>> = vec![Vec::new(); cues.len()];
    for s in spans.iter().filter(|s| s.role == 3) {
        let best = near_cues(&cues, s, MAX_CONTENT_DIST)
            .map(|k| (distance(s, &cues[k], sent_of), k))
            .min();
        if let Some((d, k)) = best {
            if d <= MAX_CONTENT_DIST {
                cands[k].push((d, *s));
            }
        }
    }
    for (k, mut cs) in cands.into_iter().enumerate() {
        cs.sort_unstable_by_key(|(d, s)| (*d, s.a));
        let l = &mut out[k];
        let (mut lo, mut hi) = (l.cue.a, l.cue.b);
        if let Some(src) = l.source {
            lo = lo.min(src.a);
            hi = hi.max(src.b);
        }
        for (i, (_, s)) in cs.into_iter().enumerate() {
            let gap = if s.b <= lo {
                lo - s.b
            } else {
                s.a.saturating_sub(hi)
            };
            // Further pieces sit across the cue from the first (“A,” he
            // said, “B.”); a second span on the same side is another
            // attribution's content (dev: content +12 exact matches).
            let opposite = l
                .content
                .iter()
                .all(|c| (c.b <= l.cue.a) != (s.b <= l.cue.a));
            // Further spans join only when they touch what the attribution
            // covers: split quotations (“A,” he said, “B.”) and clauses around
            // an inserted attribution are joined afterwards by the layout
            // rules in `pieces`, to which the tagger's stray second spans only
            // add noise (dev content: 51.94 allowing a 3-token gap, 52.96 at 0).
            if i == 0 || (gap == 0 && opposite) {
                lo = lo.min(s.a);
                hi = hi.max(s.b);
                l.content.push(s);
            }
        }
        l.content.sort_unstable_by_key(|s| s.a);
    }
    out.retain(|l| !l.content.is_empty() || l.source.is_some());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_spans_and_links_split_quote() {
        // “ A , ” he said , “ B . ”
        // 0 1 2 3 4  5    6 7 8 9 10
        let labels = [0, 5, 0, 0, 1, 3, 0, 0, 5, 6, 0];
        let sp = spans(&labels);
        assert_eq!(sp.len(), 4);
        let sent = vec![0; labels.len()];
        let l = link(&sp, &sent);
        assert_eq!(l.len(), 1);
        assert_eq!(
            l[0].source,
            Some(Span {
                role: 1,
                a: 4,
                b: 5
            })
        );
        // The second quotation is joined by the layout rules, not here.
        assert_eq!(l[0].content.len(), 1);
    }

    #[test]
    fn two_cues_take_their_nearest_sources() {
        // A said X , while B said Y
        // 0 1    2 3 4     5 6    7
        let labels = [1, 3, 5, 0, 0, 1, 3, 5];
        let l = link(&spans(&labels), &[0; 8]);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].source.map(|s| s.a), Some(0));
        assert_eq!(l[1].source.map(|s| s.a), Some(5));
        assert_eq!(l[1].content[0].a, 7);
    }

    #[test]
    fn a_second_span_on_the_same_side_is_not_a_piece() {
        // he said X , Y   (Y is not a piece of the same content as X)
        // 0  1    2 3 4
        let labels = [1, 3, 5, 0, 5];
        let l = link(&spans(&labels), &[0; 5]);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].content.len(), 1);
        assert_eq!(l[0].content[0].a, 2);
    }

    /// The cues `near_cues` keeps are exactly those within the gap, on
    /// pseudo-random label sequences (a full scan as the oracle).
    #[test]
    fn near_cues_are_the_cues_within_the_gap() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200 {
            let labels: Vec<u8> = (0..300)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    // Mostly O, so spans are short and far apart.
                    if x.is_multiple_of(4) {
                        (x >> 8) as u8 % 7
                    } else {
                        0
                    }
                })
                .collect();
            let sp = spans(&labels);
            let cues: Vec<Span> = sp.iter().filter(|s| s.role == 2).copied().collect();
            for s in sp.iter().filter(|s| s.role != 2) {
                for max in [0, 3, 40, 60] {
                    let near = near_cues(&cues, s, max);
                    for (k, c) in cues.iter().enumerate() {
                        let gap = if s.b <= c.a { c.a - s.b } else { s.a - c.b };
                        assert_eq!(near.contains(&k), gap <= max, "{s:?} {c:?} {max}");
                    }
                }
            }
        }
    }

    #[test]
    fn far_sentences_do_not_link() {
        let labels = [1, 0, 0, 3, 5];
        let sent = [0, 0, 1, 2, 2];
        let l = link(&spans(&labels), &sent);
        assert_eq!(l.len(), 1);
        assert!(l[0].source.is_none());
    }
}
