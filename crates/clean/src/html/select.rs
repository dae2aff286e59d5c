//! Choosing the article container: paragraphs vote for their parent and
//! grandparent (more for longer, comma-rich text), votes are discounted by
//! link density and adjusted by class/id weight; the best node and its
//! high-scoring siblings form the content. Everything runs over the flat node
//! list, so it is linear and stack-free.

use super::tags::Tag;
use super::tree::{Block, Node};

/// Paragraphs shorter than this (bytes) don't vote.
const MIN_VOTE_LEN: usize = 25;

fn link_density(n: &Node) -> f32 {
    if n.text == 0 {
        0.0
    } else {
        n.links as f32 / n.text as f32
    }
}

/// Sorted, disjoint node-id ranges whose blocks are the article content.
pub fn content_ranges(nodes: &[Node], blocks: &[Block]) -> Vec<(u32, u32)> {
    let mut score = vec![0f32; nodes.len()];
    for b in blocks {
        let len = b.para.text.len();
        if b.reason.is_some() || len < MIN_VOTE_LEN || b.links * 2 > len {
            continue;
        }
        let commas = b.para.text.matches(',').count() as f32;
        let vote = 1.0 + commas + (len as f32 / 100.0).min(3.0);
        let node = b.node as usize;
        let container = if b.tag.is_paragraph() {
            nodes.get(node).map_or(0, |n| n.parent as usize)
        } else {
            node
        };
        if let Some(s) = score.get_mut(container) {
            *s += vote;
        }
        if container != 0 {
            let gp = nodes.get(container).map_or(0, |n| n.parent as usize);
            if let Some(s) = score.get_mut(gp) {
                *s += vote / 2.0;
            }
        }
    }
    let final_score = |i: usize| -> f32 {
        let n = &nodes[i];
        if score[i] <= 0.0 {
            return 0.0;
        }
        (score[i] + f32::from(n.weight)) * (1.0 - link_density(n))
    };
    let Some((top, top_score)) = (0..nodes.len())
        .map(|i| (i, final_score(i)))
        .filter(|(_, s)| *s > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
    else {
        return vec![(0, nodes.len() as u32)];
    };
    if top == 0 {
        return vec![(0, nodes.len() as u32)];
    }
    // Siblings that also look like article text (bodies split across divs).
    let parent = nodes[top].parent as usize;
    let threshold = (top_score * 0.5).max(10.0);
    let mut ranges = Vec::new();
    let mut i = parent + 1;
    let parent_end = nodes[parent].end as usize;
    while i < parent_end.min(nodes.len()) {
        let n = &nodes[i];
        // Same class as the chosen container ("story-body-1", "story-body-2"), or
        // strong on its own, or a loose paragraph of plain text.
        let same_class = n.class != 0 && n.class == nodes[top].class && score[i] > 0.0;
        let keep = i == top
            || same_class
            || final_score(i) >= threshold
            || (n.tag == Tag::P && n.text > 80 && link_density(n) < 0.25);
        if keep {
            ranges.push((i as u32, n.end));
        }
        // Jump to the next sibling.
        i = (n.end as usize).max(i + 1);
    }
    ranges
}

/// Is a node inside one of the ranges?
pub fn contains(ranges: &[(u32, u32)], node: u32) -> bool {
    let k = ranges.partition_point(|r| r.0 <= node);
    k > 0 && node < ranges[k - 1].1
}
