//! The document's entity mentions sorted by position, with the indexes the
//! resolver's queries need: a running maximum of mention ends (first mention
//! overlapping a span by binary search) and each entity's mentions. Built
//! once per document, so a query touches only the mentions near its span
//! instead of scanning them all.

use backchannel_core::Document;

/// One mention: char span and the index of its entity.
#[derive(Debug, Clone, Copy)]
pub struct M {
    pub start: usize,
    pub end: usize,
    pub ent: usize,
}

pub struct Mentions {
    /// Sorted by (start, end); mentions with equal spans keep entity order.
    pub all: Vec<M>,
    /// `max_end[i]`: the largest end among `all[..=i]` (non-decreasing).
    max_end: Vec<usize>,
    /// Whether every mention has `start <= end`. The windowed queries stop
    /// at the first mention starting past their span, which is only right
    /// when no mention ends before it starts; otherwise they scan them all.
    ordered: bool,
    /// Positions in `all` of each entity's mentions.
    pub of_entity: Vec<Vec<usize>>,
}

impl Mentions {
    pub fn new(doc: &Document) -> Mentions {
        let mut all: Vec<M> = doc
            .entities
            .iter()
            .enumerate()
            .flat_map(|(k, e)| {
                e.mentions.iter().map(move |m| M {
                    start: m.start,
                    end: m.end,
                    ent: k,
                })
            })
            .collect();
        all.sort_by_key(|m| (m.start, m.end));
        let mut max_end = Vec::with_capacity(all.len());
        let mut top = 0;
        for m in &all {
            top = top.max(m.end);
            max_end.push(top);
        }
        let mut of_entity = vec![Vec::new(); doc.entities.len()];
        for (i, m) in all.iter().enumerate() {
            if let Some(v) = of_entity.get_mut(m.ent) {
                v.push(i);
            }
        }
        Mentions {
            ordered: all.iter().all(|m| m.start <= m.end),
            all,
            max_end,
            of_entity,
        }
    }

    /// The first mention (in sorted order) overlapping `[start, end)`:
    /// mentions starting before `end` are a prefix of the list, and the
    /// first of them ending after `start` is where the running maximum of
    /// ends first passes `start`.
    pub fn first_overlapping(&self, start: usize, end: usize) -> Option<&M> {
        let before_end = self.all.partition_point(|m| m.start < end);
        let first = self.max_end.partition_point(|&e| e <= start);
        if first < before_end {
            self.all.get(first)
        } else {
            None
        }
    }

    /// Mentions that may start at or after `lo` and end at or before `hi`,
    /// in sorted order (a superset: callers still test both bounds).
    pub fn window(&self, lo: usize, hi: usize) -> &[M] {
        if !self.ordered {
            return &self.all;
        }
        let a = self.all.partition_point(|m| m.start < lo);
        let b = self.all.partition_point(|m| m.start <= hi);
        self.all.get(a..b.max(a)).unwrap_or(&[])
    }

    /// The earliest mention inside `[start, end)`, the longest at that start,
    /// the first listed among equal spans.
    pub fn first_inside(&self, start: usize, end: usize) -> Option<&M> {
        let mut best: Option<&M> = None;
        for m in self.window(start, end) {
            if m.start < start || m.end > end {
                continue;
            }
            match best {
                None => best = Some(m),
                Some(b)
                    if (m.start, std::cmp::Reverse(m.end))
                        < (b.start, std::cmp::Reverse(b.end)) =>
                {
                    best = Some(m)
                }
                Some(b) if self.ordered && m.start > b.start => break,
                _ => {}
            }
        }
        best
    }
}
