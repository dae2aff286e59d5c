//! Sentence segmentation and tokenisation for news English, following the
//! tokenisation of UD English EWT (clitics, punctuation and most hyphens split;
//! abbreviations, URLs, e-mail addresses and numbers kept whole).
//!
//! [`segment_str`] works on any `&str` (byte offsets); [`segment`] fills a
//! [`Document`]'s sentence and token layers (char offsets).
//!
//! Sentences end at blank lines and at line breaks after lines that do not
//! run on (headlines, datelines). Inside a paragraph, one learned classifier
//! decides every candidate gap: after final punctuation, abbreviations and URLs
//! (the hand-written rule's verdict is one of its features), and before a
//! capitalised word or a number. Three data files in `models/` are embedded
//! at build time: `segment.abbrev.txt` (abbreviations and how they behave at
//! a period, curated), `segment.starters.txt` and `segment.boundary.txt`
//! (learned from UD EWT train + GUM train by `train::train_models`).
//!
//! [`eval_segmentation`] and [`eval_standard_sets`] score the segmenter with
//! the CoNLL 2018 metrics (`backchannel-eval`) on the raw text of a treebank.

pub mod boundary;
mod chars;
#[doc(hidden)]
pub mod cv;
mod eval;
mod model;
mod sentences;
mod standalone;
mod tokenize;
pub mod train;
mod words;

use std::ops::Range;

use backchannel_core::{Document, Sentence, Token};

/// A surface token (byte offsets). A token such as "don't" or "gonna" is made
/// of two syntactic words; `split` is the byte where the second word starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSpan {
    pub start: usize,
    pub end: usize,
    pub split: Option<usize>,
}

impl TokenSpan {
    /// The syntactic words of this token: one range, or two for a contraction.
    pub fn words(&self) -> impl Iterator<Item = Range<usize>> {
        let (a, b) = match self.split {
            Some(k) if k > self.start && k < self.end => (self.start..k, Some(k..self.end)),
            _ => (self.start..self.end, None),
        };
        std::iter::once(a).chain(b)
    }
}

/// A sentence: its byte span and the indices of its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
}

/// The result of [`segment_str`]: sentences and surface tokens, in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    pub sentences: Vec<SentenceSpan>,
    pub tokens: Vec<TokenSpan>,
}

/// Split `text` into sentences and tokens (byte offsets). Every non-whitespace
/// char is inside exactly one token and every token inside one sentence.
pub fn segment_str(text: &str) -> Segmentation {
    segment_with(text, &mut sentences::ModelDecider)
}

/// Training examples for the boundary model from `text`: every candidate gap
/// the segmenter considers, with its feature keys and whether a gold sentence
/// starts there (`gold_starts`: byte offsets of gold sentence starts). Sentence
/// state (length so far) follows the gold boundaries. `names` collects a
/// readable name for every feature key (for the model file).
#[doc(hidden)]
pub fn boundary_examples(
    text: &str,
    gold_starts: &std::collections::HashSet<usize>,
    names: &mut std::collections::HashMap<u64, String>,
) -> Vec<boundary::Example> {
    boundary_examples_at(text, gold_starts, names)
        .into_iter()
        .map(|(_, f, y)| (f, y))
        .collect()
}

/// [`boundary_examples`] with the byte offset of each candidate gap (error analysis).
#[doc(hidden)]
pub fn boundary_examples_at(
    text: &str,
    gold_starts: &std::collections::HashSet<usize>,
    names: &mut std::collections::HashMap<u64, String>,
) -> Vec<(usize, Vec<u64>, bool)> {
    struct Gold<'g> {
        starts: &'g std::collections::HashSet<usize>,
        names: &'g mut std::collections::HashMap<u64, String>,
        out: Vec<(usize, Vec<u64>, bool)>,
    }
    impl sentences::Decide for Gold<'_> {
        fn decide(&mut self, c: &boundary::Context, at: usize) -> bool {
            let y = self.starts.contains(&at);
            let mut f = Vec::with_capacity(24);
            boundary::features(c, |k, name| {
                f.push(k);
                self.names.entry(k).or_insert_with(name);
            });
            self.out.push((at, f, y));
            y
        }
    }
    let mut g = Gold {
        starts: gold_starts,
        names,
        out: Vec::new(),
    };
    segment_with(text, &mut g);
    g.out
}

/// Training examples as the segmenter meets them at run time: every
/// candidate gap decided by `weights` (sum of feature weights above
/// `threshold`), so the sentence state (length so far, paragraph-first, quote)
/// follows the model's own earlier decisions, labelled with the gold
/// boundaries. Returns only the candidates whose features differ from the
/// gold-state candidate at the same gap (or that gold state never reaches):
/// what the model sees after its own mistakes.
#[doc(hidden)]
pub fn boundary_examples_predicted(
    text: &str,
    gold_starts: &std::collections::HashSet<usize>,
    weights: &std::collections::HashMap<u64, f32>,
    threshold: f32,
) -> Vec<boundary::Example> {
    let mut names = std::collections::HashMap::new();
    let gold: std::collections::HashMap<usize, Vec<u64>> =
        boundary_examples_at(text, gold_starts, &mut names)
            .into_iter()
            .map(|(at, f, _)| (at, f))
            .collect();
    struct Pred<'g> {
        starts: &'g std::collections::HashSet<usize>,
        weights: &'g std::collections::HashMap<u64, f32>,
        threshold: f32,
        gold: std::collections::HashMap<usize, Vec<u64>>,
        out: Vec<boundary::Example>,
    }
    impl sentences::Decide for Pred<'_> {
        fn decide(&mut self, c: &boundary::Context, at: usize) -> bool {
            let mut f = Vec::with_capacity(24);
            boundary::features(c, |k, _| f.push(k));
            let z: f32 = f
                .iter()
                .map(|k| self.weights.get(k).copied().unwrap_or(0.0))
                .sum();
            if self.gold.get(&at) != Some(&f) {
                self.out.push((f, self.starts.contains(&at)));
            }
            z > self.threshold
        }
    }
    let mut p = Pred {
        starts: gold_starts,
        weights,
        threshold,
        gold,
        out: Vec::new(),
    };
    segment_with(text, &mut p);
    p.out
}

/// Development aid: segment `text` with boundary weights given as a map
/// (cross-validation folds), not the embedded model.
#[doc(hidden)]
pub fn segment_weighted(
    text: &str,
    weights: &std::collections::HashMap<u64, f32>,
    threshold: f32,
) -> Segmentation {
    struct W<'g>(&'g std::collections::HashMap<u64, f32>, f32);
    impl sentences::Decide for W<'_> {
        fn decide(&mut self, c: &boundary::Context, _at: usize) -> bool {
            let mut z = 0.0;
            boundary::features(c, |k, _| z += self.0.get(&k).copied().unwrap_or(0.0));
            z > self.1
        }
    }
    segment_with(text, &mut W(weights, threshold))
}

fn segment_with(text: &str, decider: &mut impl sentences::Decide) -> Segmentation {
    let mut toks = tokenize::Toks::with_capacity(text.len() / 4 + 16);
    tokenize::tokenize(text, &mut toks);
    let ranges = sentences::split(text, &mut toks, decider);
    let detached = toks.meta.iter().filter(|m| m.detach).count();
    let span_of = |r: &Range<usize>, spans: &[TokenSpan]| {
        let first = spans.get(r.start).map_or(0, |t| t.start);
        let last = r
            .end
            .checked_sub(1)
            .and_then(|k| spans.get(k))
            .map_or(first, |t| t.end);
        (first, last)
    };
    if detached == 0 {
        // The common case: the token spans are returned as they are.
        let sentences = ranges
            .into_iter()
            .filter(|r| !r.is_empty())
            .map(|r| {
                let (start, end) = span_of(&r, &toks.spans);
                SentenceSpan {
                    start,
                    end,
                    tokens: r,
                }
            })
            .collect();
        return Segmentation {
            sentences,
            tokens: toks.spans,
        };
    }
    let mut tokens = Vec::with_capacity(toks.len() + detached);
    let mut sentences = Vec::with_capacity(ranges.len());
    for r in ranges.into_iter().filter(|r| !r.is_empty()) {
        let first = tokens.len();
        for (t, m) in toks.spans[r.clone()].iter().zip(&toks.meta[r.clone()]) {
            if m.detach {
                let cut = t.end - 1;
                tokens.push(TokenSpan { end: cut, ..*t });
                tokens.push(TokenSpan {
                    start: cut,
                    end: t.end,
                    split: None,
                });
            } else {
                tokens.push(*t);
            }
        }
        let (start, end) = span_of(&r, &toks.spans);
        sentences.push(SentenceSpan {
            start,
            end,
            tokens: first..tokens.len(),
        });
    }
    Segmentation { sentences, tokens }
}

/// Fill `doc.sentences` and `doc.tokens` (char offsets into `doc.text`).
///
/// The token layer holds syntactic words, as the tagger and parser (trained on
/// UD) expect: "don't" gives two tokens, "do" and "n't".
pub fn segment(doc: &mut Document) {
    let seg = segment_str(&doc.text);
    let idx = doc.char_index();
    doc.tokens.clear();
    doc.sentences.clear();
    doc.tokens.reserve(seg.tokens.len() + seg.tokens.len() / 20);
    for s in &seg.sentences {
        doc.sentences.push(Sentence {
            start: idx.to_char(s.start),
            end: idx.to_char(s.end),
        });
        for t in &seg.tokens[s.tokens.clone()] {
            for w in t.words() {
                doc.tokens
                    .push(Token::new(idx.to_char(w.start), idx.to_char(w.end)));
            }
        }
    }
}

pub use eval::{
    eval_segmentation, eval_standard_sets, format_table, gum_docs, to_conllu, SetScores,
};

/// Development aid: segment `text` with every candidate gap decided by the
/// gold sentence starts (the best the candidate set allows).
#[doc(hidden)]
pub fn segment_oracle(text: &str, gold_starts: &std::collections::HashSet<usize>) -> Segmentation {
    struct Oracle<'g>(&'g std::collections::HashSet<usize>);
    impl sentences::Decide for Oracle<'_> {
        fn decide(&mut self, _c: &boundary::Context, at: usize) -> bool {
            self.0.contains(&at)
        }
    }
    segment_with(text, &mut Oracle(gold_starts))
}
