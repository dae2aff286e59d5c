//! Building a flat block tree from tokens, without recursion.
//!
//! Only block-level elements become nodes (in document order, so a node's
//! descendants are exactly the ids in `id..end`); text between block
//! boundaries becomes a [`Block`] tied to its nearest node and to the
//! boilerplate reason inherited from its ancestors. Misnested and unclosed
//! tags are repaired with bounded look-ups, so time stays linear and the only
//! stack is a `Vec`, whatever the nesting depth.

use super::entities::push_decoded;
use super::meta::MetaCollector;
use super::tags::{classify, Tag};
use super::tokenizer::{Attr, Token, Tokenizer};
use crate::para::{Para, ParaBuilder};

/// A block-level element.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    pub parent: u32,
    /// One past the id of the last descendant.
    pub end: u32,
    pub tag: Tag,
    /// Class/id weight for content selection.
    pub weight: i16,
    /// Hash of the class attribute with digits dropped (0 if none), to find
    /// sibling containers of the same kind ("story-body-1", "story-body-2").
    pub class: u32,
    /// Bytes of non-boilerplate text in the subtree, and how much of it is link text.
    pub text: u32,
    pub links: u32,
}

/// A paragraph of text as it appears in the page.
#[derive(Debug, Clone)]
pub struct Block {
    pub para: Para,
    pub node: u32,
    pub tag: Tag,
    pub reason: Option<&'static str>,
    /// Bytes of the text inside links.
    pub links: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Ctx {
    reason: Option<&'static str>,
    hidden: bool,
    link: bool,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    tag: Tag,
    name: u64,
    node: u32,
    ctx: Ctx,
}

/// How far end tags and implied closes look down the stack of open elements.
const END_TAG_REACH: usize = 64;
const IMPLIED_REACH: usize = 16;

fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x100000001b3)
    })
}

fn class_hash(attrs: &[Attr]) -> u32 {
    attrs
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case("class"))
        .map_or(0, |a| {
            let h = a
                .value
                .bytes()
                .filter(|b| !b.is_ascii_digit())
                .fold(0x811c9dc5u32, |h, b| {
                    (h ^ u32::from(b)).wrapping_mul(0x01000193)
                });
            h.max(1)
        })
}

pub struct Tree {
    pub nodes: Vec<Node>,
    pub blocks: Vec<Block>,
}

struct Builder<'m> {
    nodes: Vec<Node>,
    blocks: Vec<Block>,
    stack: Vec<Open>,
    cur: ParaBuilder,
    cur_links: usize,
    meta: &'m mut MetaCollector,
}

/// What to do with the next raw-text content.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RawUse {
    Skip,
    Title,
    JsonLd,
}

/// Tokenize `src` and build its block tree, feeding metadata to `meta`.
pub fn build(src: &str, meta: &mut MetaCollector) -> Tree {
    let mut b = Builder {
        nodes: vec![Node {
            parent: 0,
            end: 1,
            tag: Tag::Block,
            weight: 0,
            class: 0,
            text: 0,
            links: 0,
        }],
        blocks: Vec::new(),
        stack: vec![Open {
            tag: Tag::Block,
            name: 0,
            node: 0,
            ctx: Ctx::default(),
        }],
        cur: ParaBuilder::default(),
        cur_links: 0,
        meta,
    };
    let mut tok = Tokenizer::new(src);
    let mut attrs: Vec<Attr> = Vec::new();
    let mut raw_use = RawUse::Skip;
    while let Some(t) = tok.next(&mut attrs) {
        match t {
            Token::Text { text, at } => b.text(text, at),
            Token::Start { name, self_closing } => {
                let tag = Tag::of(name);
                b.meta.start_tag(tag, name, &attrs);
                if tag == Tag::Raw {
                    raw_use = raw_use_of(name, &attrs);
                } else {
                    b.start(tag, name, &attrs, self_closing);
                }
            }
            Token::End { name } => b.end(name),
            Token::Raw { text, .. } => match raw_use {
                RawUse::Title => b.meta.title_tag(text),
                RawUse::JsonLd => b.meta.json_ld(text),
                RawUse::Skip => {}
            },
        }
    }
    b.flush();
    let depth = b.stack.len();
    b.pop_to(1.min(depth));
    b.nodes[0].end = b.nodes.len() as u32;
    Tree {
        nodes: b.nodes,
        blocks: b.blocks,
    }
}

fn raw_use_of(name: &str, attrs: &[Attr]) -> RawUse {
    if name.eq_ignore_ascii_case("title") {
        return RawUse::Title;
    }
    let ld = attrs.iter().any(|a| {
        a.name.eq_ignore_ascii_case("type")
            && a.value.trim().eq_ignore_ascii_case("application/ld+json")
    });
    if name.eq_ignore_ascii_case("script") && ld {
        RawUse::JsonLd
    } else {
        RawUse::Skip
    }
}

impl Builder<'_> {
    fn top(&self) -> Open {
        // The root entry is never popped.
        self.stack.last().copied().unwrap_or(Open {
            tag: Tag::Block,
            name: 0,
            node: 0,
            ctx: Ctx::default(),
        })
    }

    fn text(&mut self, text: &str, at: usize) {
        let top = self.top();
        if top.ctx.hidden {
            return;
        }
        let before = self.cur.text_len();
        push_decoded(&mut self.cur, text, at);
        if top.ctx.link {
            self.cur_links += self.cur.text_len() - before;
        }
    }

    /// End the current paragraph and file it under the innermost open element.
    fn flush(&mut self) {
        let links = std::mem::take(&mut self.cur_links);
        let Some(para) = self.cur.take() else {
            return;
        };
        let top = self.top();
        let node = top.node as usize;
        if top.ctx.reason.is_none() {
            if let Some(n) = self.nodes.get_mut(node) {
                n.text = n.text.saturating_add(para.text.len() as u32);
                n.links = n.links.saturating_add(links as u32);
            }
        }
        self.blocks.push(Block {
            para,
            node: top.node,
            tag: self.nodes.get(node).map_or(Tag::Block, |n| n.tag),
            reason: top.ctx.reason,
            links,
        });
    }

    fn start(&mut self, tag: Tag, name: &str, attrs: &[Attr], self_closing: bool) {
        match tag {
            Tag::Void => return,
            Tag::Br => {
                self.flush();
                return;
            }
            Tag::Inline | Tag::Ignored if self_closing => return,
            _ => {}
        }
        self.close_implied(tag);
        let parent = self.top();
        let class = classify(tag, attrs);
        let mut ctx = parent.ctx;
        ctx.hidden |= class.hidden || tag == Tag::Ignored;
        if ctx.reason.is_none() {
            ctx.reason = class.reason;
        }
        ctx.link |= tag == Tag::A;
        if tag.is_block() || ctx.reason != parent.ctx.reason {
            self.flush();
        }
        let node = if tag.is_block() {
            let id = self.nodes.len() as u32;
            self.nodes.push(Node {
                parent: parent.node,
                end: id + 1,
                tag,
                weight: class.weight,
                class: class_hash(attrs),
                text: 0,
                links: 0,
            });
            id
        } else {
            parent.node
        };
        self.stack.push(Open {
            tag,
            name: name_hash(name),
            node,
            ctx,
        });
    }

    fn end(&mut self, name: &str) {
        let tag = Tag::of(name);
        match tag {
            Tag::Br => return self.flush(),
            Tag::Void | Tag::Raw => return,
            _ => {}
        }
        let h = name_hash(name);
        let len = self.stack.len();
        let found = (1..len)
            .rev()
            .take(END_TAG_REACH)
            .find(|&i| self.stack[i].name == h);
        match found {
            Some(i) => self.pop_to(i),
            None if tag.is_block() => self.flush(),
            None => {}
        }
    }

    /// Close elements that a new `tag` implicitly ends (an open `<p>` before a
    /// block, the previous `<li>`, `<td>`, `<tr>`, `<option>`, heading).
    fn close_implied(&mut self, tag: Tag) {
        let (targets, barriers): (&[Tag], &[Tag]) = match tag {
            Tag::Li => (
                &[Tag::Li],
                &[
                    Tag::Ul,
                    Tag::Ol,
                    Tag::Table,
                    Tag::Body,
                    Tag::Article,
                    Tag::Main,
                ],
            ),
            Tag::Dt | Tag::Dd => (&[Tag::Dt, Tag::Dd], &[Tag::Dl, Tag::Table, Tag::Body]),
            Tag::Tr => (&[Tag::Tr], &[Tag::Table]),
            Tag::Td => (&[Tag::Td], &[Tag::Tr, Tag::Table]),
            Tag::Opt => (&[Tag::Opt], &[]),
            Tag::H(_) => (
                &[
                    Tag::H(1),
                    Tag::H(2),
                    Tag::H(3),
                    Tag::H(4),
                    Tag::H(5),
                    Tag::H(6),
                    Tag::P,
                ],
                &[],
            ),
            t if t.is_block() => (&[Tag::P], &[]),
            _ => return,
        };
        let len = self.stack.len();
        for i in (1..len).rev().take(IMPLIED_REACH) {
            let t = self.stack[i].tag;
            if targets.contains(&t) {
                // Headings close only a heading on top; a <p> is ended by any block.
                if matches!(tag, Tag::H(_)) && matches!(t, Tag::H(_)) && i != len - 1 {
                    return;
                }
                self.pop_to(i);
                return;
            }
            if barriers.contains(&t) || (t.is_block() && barriers.is_empty()) {
                return;
            }
        }
    }

    /// Pop open elements down to and including index `i` (never the root).
    fn pop_to(&mut self, i: usize) {
        let i = i.max(1);
        while self.stack.len() > i {
            let Some(open) = self.stack.pop() else {
                return;
            };
            let parent = self.top();
            if open.tag.is_block() || open.ctx.reason != parent.ctx.reason {
                // The paragraph so far belongs to the element being closed.
                self.stack.push(open);
                self.flush();
                self.stack.pop();
            }
            if open.node != parent.node {
                let id = open.node as usize;
                let end = self.nodes.len() as u32;
                let (text, links) = self.nodes.get(id).map_or((0, 0), |n| (n.text, n.links));
                if let Some(n) = self.nodes.get_mut(id) {
                    n.end = end;
                }
                if let Some(p) = self.nodes.get_mut(parent.node as usize) {
                    p.text = p.text.saturating_add(text);
                    p.links = p.links.saturating_add(links);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(src: &str) -> Vec<(String, Option<&'static str>)> {
        let mut meta = MetaCollector::default();
        let t = build(src, &mut meta);
        t.blocks
            .into_iter()
            .map(|b| (b.para.text, b.reason))
            .collect()
    }

    #[test]
    fn paragraphs_and_reasons() {
        let got = blocks(
            "<nav><a href=/>Home</a> <a>World</a></nav><div class=story><p>One &amp; <b>two</b><p>Three<br>Four</div><footer>Foot</footer>",
        );
        assert_eq!(
            got,
            [
                ("Home World".to_string(), Some("nav")),
                ("One & two".to_string(), None),
                ("Three".to_string(), None),
                ("Four".to_string(), None),
                ("Foot".to_string(), Some("footer")),
            ]
        );
    }

    #[test]
    fn hidden_and_scripts_skipped() {
        let got = blocks("<p>A<span style='display: none'>secret</span>B<script>var x='<p>no</p>';</script></p><svg><text>x</text></svg>");
        assert_eq!(got, [("AB".to_string(), None)]);
    }

    #[test]
    fn node_ranges_cover_descendants() {
        let mut meta = MetaCollector::default();
        let t = build("<div><div><p>a</p></div><p>b</p></div><p>c", &mut meta);
        for (id, n) in t.nodes.iter().enumerate() {
            assert!(n.end as usize > id);
            if id > 0 {
                let p = &t.nodes[n.parent as usize];
                assert!((n.parent as usize) < id && id < p.end as usize);
            }
        }
        assert_eq!(t.blocks.len(), 3);
    }
}
