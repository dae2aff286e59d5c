//! Training of the sequence tagger: averaged linear-chain CRFs by stochastic
//! gradient on forward-backward marginals (the default), or averaged
//! structured perceptrons updated on whole-sentence Viterbi mistakes. Deterministic:
//! the only randomness is a seeded xorshift shuffle, and every table is
//! serialised in sorted order.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::time::Instant;

use crate::clusters;
use crate::data::{self, Example};
use crate::eval::{evaluate, Scores};
use crate::features::{self, CapPrior, Lexicon, SentenceFeatures};
use crate::gazetteer::Gazetteer;
use crate::labels::{encode, Span, N_LABELS, O};
use crate::model::Model;

/// Keys are already well-mixed hashes: use them as they are.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {}
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Training settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub epochs: usize,
    /// How many times each UNER (web-text) sentence is seen per epoch.
    /// Doc-split 2-fold UNER dev cv (`cv ... 10 N 0 0 0`) fold 0, seeds
    /// 1 / 2: 10 (kept) 69.55 / 69.22; 15: 68.36 / 68.16; 6: 70.42 / 68.70
    /// (mixed, within the retraining noise).
    pub uner_repeat: usize,
    /// Rows whose largest absolute averaged weight is below this are dropped.
    pub prune: f32,
    pub seed: u64,
    /// Add a lowercased copy of every n-th training sentence (0: none), so
    /// the model does not rely on capitals alone (web text is often lowercase).
    pub lowercase_every: usize,
    /// Retrain once with EWT train sentences the first model tags in
    /// agreement with EWT's gold proper-noun tags (self-training on web text).
    /// Rounds of self-training (0: none).
    pub self_train: usize,
    /// Give GUM and silver EWT-train sentences predicted tags. The tagger
    /// was trained on those texts, so its tags there are better than on new
    /// text; when false they get a blank "no tag" value instead and the tag
    /// features learn only from held-out UNER dev tags.
    pub tag_in_sample: bool,
    /// Give GUM dev sentences predicted tags (the nlp model never saw them,
    /// so they could teach the tag features alongside UNER dev). Off: it
    /// helped doc-split 2-fold UNER dev cv (seed 1 67.39 -> 68.21, seed 2
    /// 67.10 -> 69.22) but not the model trained on all of UNER dev.
    pub tag_gum_dev: bool,
    /// How many times each GUM dev sentence is seen per epoch.
    pub gum_dev_repeat: usize,
    /// Perceptrons trained with different shuffle orders and averaged.
    pub average_runs: usize,
    /// Lowered from the `O` label's prior after training: the perceptron
    /// is more precise than it recalls, and F1 gains from leaning to names.
    ///
    /// Not used with CRF training either (doc-split 2-fold UNER dev cv,
    /// `CV_BIAS`, applied to each fold's finished model, seeds 1 / 2 from
    /// 68.09 / 67.95): O lowered by 1: 67.97 / 67.73, by 4: 67.67 / 67.77;
    /// a span-level bonus on every type's B and U labels instead (recall
    /// without longer spans), 2: 67.93 / 67.86, 4: 66.98 / 67.81; per type,
    /// ORG 4: 67.48 / 68.33, PER 2: 67.59 / 67.66, LOC 2: 68.16 / 68.26.
    /// Recall rises by under 3 points (all starts +8, seed 2: R 65.63 ->
    /// 68.53) and precision falls faster: the
    /// missed names are confidently `O`, not near the boundary. cv
    /// `CV_MARG=1`, seed 1: of 183 gold names no prediction overlaps, 165
    /// have no token with a non-`O` marginal of 0.05 or more, 18 reach
    /// 0.05-0.5 and none 0.5; of 119 predicted names overlapping no gold
    /// name, 106 have a token at 0.5 or more and 12 stay below 0.05
    /// (likely the span classifier's or the rules' additions). More
    /// recall needs new evidence (features, data), not a decoding threshold.
    pub o_penalty: f32,
    /// Epochs of the second-stage span classifier ([`crate::spanclf`]; 0: none).
    /// Doc-split 2-fold UNER dev cv: seed 1 67.39 -> 68.00, seed 2 67.10 -> 67.51.
    pub span_epochs: usize,
    /// How many times each UNER sentence's candidates are seen per span epoch
    /// (doc-split 2-fold UNER dev cv, seed 1, threshold 2: 1 68.10, 3 68.00, 8 67.65).
    pub span_uner_repeat: usize,
    /// Margin over "no name" a candidate span needs to be added.
    /// A sweep gave nothing beyond the noise (doc-split 2-fold UNER dev
    /// cv, `CV_SPAN_T=1 CV_OPEN=...`, `cv ... 10 10 0 0 0`, seeds 1 / 2):
    /// 0: 69.28 / 69.37, 1: 69.32 / 69.41, 1.5: 69.25 / 69.53, 2 (kept):
    /// 69.32 / 69.40, 2.5: 69.44 / 69.44, 3: 69.44 / 69.30, 4: 69.59 / 69.44.
    pub span_threshold: f32,
    /// Span-model rows whose largest averaged weight is below this are dropped.
    pub span_prune: f32,
    /// Also train the span model on every candidate of GUM's sentences
    /// (without the tagger-margin features, which need held-out tagging).
    pub span_gum: bool,
    /// Epochs of the model that reviews the tagger's spans (0: none). Off:
    /// it dropped more right spans than wrong ones (doc-split 2-fold UNER
    /// dev cv with missed-name spans: seed 1 68.00 -> 66.36..67.39, seed 2
    /// 67.51 -> 64.39..65.90 for review thresholds 0..16).
    pub span_review_epochs: usize,
    /// Margin over the tagger's type a review needs to change or drop a span.
    pub span_review_threshold: f32,
    /// Cost-augmented perceptron updates: each wrong label gets this much
    /// added while decoding for an update (0: plain perceptron). Not used:
    /// cost 1 gave doc-split 2-fold UNER dev cv (no self-training) seed 1
    /// 67.73 -> 67.27.
    pub cost: f32,
    /// Train linear-chain CRFs ([`crate::crf`]) by averaged stochastic
    /// gradient with this step size instead of perceptrons (0:
    /// perceptrons). Doc-split 2-fold UNER dev cv without self-training:
    /// rate 0.5 seed 1 67.73 -> 68.09, seed 2 67.41 -> 67.95 (rate 0.1:
    /// 66.49; rate 1.0: seed 1 67.23, seed 2 67.34; rate 0.5 with one
    /// model instead of three: 67.02). It costs
    /// several times the perceptron's training time.
    ///
    /// Tried and not kept: per-domain feature copies ("frustratingly
    /// easy" domain adaptation: shared + UNER weights kept, GUM's own copy
    /// dropped): seed 1 67.73 -> 66.74 (UNER repeat 10), 66.91 (repeat 5).
    ///
    /// Also tried: class weighting for organisations, the least recalled
    /// type (the CRF gradient of tokens whose gold label is an organisation
    /// label times 2): doc-split 2-fold UNER dev cv (`cv ... 10 10 0 0 0`)
    /// fold 0, seed 1 69.55 -> 67.92 (P 73.17 -> 70.81, R 66.27 -> 65.26).
    pub crf_rate: f32,
    /// Static features seen in fewer than this many distinct training
    /// sentences (repeats counted once) are left out (0 or 1: none).
    ///
    /// Off: a cut at 3 (`CV_MINCOUNT=3 cv ... 10 10 0 0 0`, doc-split
    /// 2-fold UNER dev cv, seed 1) went 68.09 -> 66.53 pooled (fold 0
    /// 69.55 -> 69.71, fold 1 66.59 -> 63.33; pooled P 70.26 -> 66.81,
    /// R 66.05 -> 66.25): the rare features mostly hold what GUM knows
    /// about particular capitalised words being ordinary ones.
    pub min_count: u32,
    /// Silver EWT sentences are kept only when every token's likeliest
    /// label has a CRF marginal of at least this (0: no confidence filter).
    ///
    /// Off: doc-split 2-fold UNER dev cv with one self-training round
    /// (`cv ... 10 10 0 0 1`), seeds 1 / 2: plain self-training 68.19 /
    /// 69.32 pooled (seed 1 without self-training 68.09); with
    /// `CV_SILVER_CONF=0.99` 68.54 / 67.87 (seed 1 fold 0 70.72 -> 71.64,
    /// fold 1 65.59 -> 65.38; seed 2 fold 0 71.10 -> 70.95, fold 1 67.52 ->
    /// 64.74). The CRF is sure of nearly every silver sentence: 0.99
    /// drops 316 of 9538 (fold 0), 0.9 only 157, so the filter changes
    /// little. A model trained with 0.99 on all the data (`train --only
    /// ner`, 328 s CPU) scored, for the record only, UNER EWT test 69.53
    /// (shipped 71.28), GUM news test 71.97 (73.86), GUM all test 72.32
    /// (73.17).
    pub silver_conf: f32,
    /// Each time a sentence is learned from, each token's word-identity
    /// features (lowercased and exact form) are hidden with this
    /// probability, so names are also learned from shape and context.
    ///
    /// Off: 0.2 (`CV_WDROP=0.2 cv ... 10 10 0 0 0`, seed 1) went
    /// 68.09 -> 67.20 pooled (fold 0 69.55 -> 68.83, fold 1 66.59 ->
    /// 65.52; P 70.26 -> 68.84, R 66.05 -> 65.63): recall did not rise.
    pub word_dropout: f32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            epochs: 10,
            uner_repeat: 10,
            prune: 0.05,
            seed: 1,
            lowercase_every: 0,
            self_train: 1,
            tag_in_sample: false,
            tag_gum_dev: false,
            gum_dev_repeat: 1,
            average_runs: 3,
            o_penalty: 0.0,
            span_epochs: 10,
            span_uner_repeat: 3,
            span_threshold: 2.0,
            span_prune: 0.0,
            span_gum: true,
            span_review_epochs: 0,
            span_review_threshold: 0.0,
            cost: 0.0,
            crf_rate: 0.5,
            min_count: 0,
            silver_conf: 0.0,
            word_dropout: 0.0,
        }
    }
}

/// What a training run did.
#[derive(Debug, Clone)]
pub struct Report {
    pub sentences: usize,
    pub tokens: usize,
    pub epochs: usize,
    pub features: usize,
    pub model_bytes: usize,
    pub seconds: f64,
    /// Scores on GUM test news documents, if they were readable.
    pub gum_news_test: Option<Scores>,
}

/// One model's weights during training (perceptron or CRF updates).
struct Perceptron {
    index: IdMap<usize>,
    w: Vec<f32>,
    acc: Vec<f32>,
    step: f32,
}

impl Perceptron {
    fn new() -> Perceptron {
        Perceptron {
            index: IdMap::default(),
            w: Vec::new(),
            acc: Vec::new(),
            step: 0.0,
        }
    }

    fn scores(&self, feats: &[u64], s: &mut [f32; N_LABELS]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for (x, w) in s.iter_mut().zip(&self.w[r * N_LABELS..(r + 1) * N_LABELS]) {
                    *x += w;
                }
            }
        }
    }

    /// The row of `f`, created (zero) when new.
    fn row(&mut self, f: u64) -> usize {
        let next = self.index.len();
        let r = *self.index.entry(f).or_insert(next);
        if r == next {
            self.w.extend_from_slice(&[0.0; N_LABELS]);
            self.acc.extend_from_slice(&[0.0; N_LABELS]);
        }
        r
    }

    fn update(&mut self, feats: &[u64], label: u8, delta: f32) {
        for &f in feats {
            let k = self.row(f) * N_LABELS + label as usize;
            self.w[k] += delta;
            self.acc[k] += self.step * delta;
        }
    }

    /// Structured perceptron step: Viterbi-decode the sentence with the
    /// current weights and, where the path differs from gold, reward the gold
    /// features and penalise the predicted ones. With `cost` > 0 the decoding
    /// is cost-augmented (every wrong label gets `cost` added), so the
    /// update also fires when gold wins by less than a margin.
    fn learn(&mut self, sf: &SentenceFeatures, gold: &[u8], cost: f32) {
        self.step += 1.0;
        let pred = crate::decode::viterbi(
            gold.len(),
            |i, out| {
                self.scores(sf.token(i), out);
                if cost > 0.0 {
                    for (l, x) in out.iter_mut().enumerate() {
                        if l != gold[i] as usize {
                            *x += cost;
                        }
                    }
                }
            },
            |i, prev, out| self.scores(&features::history(sf, i, prev), out),
        );
        if pred == gold {
            return;
        }
        for i in 0..gold.len() {
            let (g, p) = (gold[i], pred[i]);
            let gp = if i == 0 { O } else { gold[i - 1] };
            let pp = if i == 0 { O } else { pred[i - 1] };
            if g != p {
                self.update(sf.token(i), g, 1.0);
                self.update(sf.token(i), p, -1.0);
            }
            if g != p || gp != pp {
                self.update(&features::history(sf, i, gp), g, 1.0);
                self.update(&features::history(sf, i, pp), p, -1.0);
            }
        }
    }

    /// Add `delta` (one value per label) to the rows of `feats`.
    fn update_all(&mut self, feats: &[u64], delta: &[f32; N_LABELS]) {
        for &f in feats {
            let r = self.row(f);
            for (l, &x) in delta.iter().enumerate() {
                let k = r * N_LABELS + l;
                self.w[k] += x;
                self.acc[k] += self.step * x;
            }
        }
    }

    /// Stochastic gradient step on the sentence's CRF log-likelihood
    /// ([`crate::crf`]): gold counts minus expected counts, times `rate`.
    /// Tokens (and label pairs) the model already gets right with
    /// near-certainty are skipped, which keeps training fast and the
    /// model small.
    fn learn_crf(&mut self, sf: &SentenceFeatures, gold: &[u8], rate: f32) {
        self.step += 1.0;
        let n = gold.len();
        let mut lat = crate::crf::Lattice {
            emit: vec![[0f32; N_LABELS]; n],
            trans: vec![[[0f32; N_LABELS]; N_LABELS]; n],
        };
        for i in 0..n {
            self.scores(sf.token(i), &mut lat.emit[i]);
            for p in 0..N_LABELS {
                if i > 0 || p == O as usize {
                    self.scores(&features::history(sf, i, p as u8), &mut lat.trans[i][p]);
                }
            }
        }
        let Some(m) = crate::crf::marginals(&lat) else {
            return;
        };
        const SKIP: f32 = 0.01;
        for i in 0..n {
            let mut g = [0f32; N_LABELS];
            for (l, x) in g.iter_mut().enumerate() {
                let want = if gold[i] as usize == l { 1.0 } else { 0.0 };
                *x = rate * (want - m.node[i][l]);
            }
            if g.iter().any(|x| x.abs() > SKIP * rate) {
                self.update_all(sf.token(i), &g);
            }
            let gp = if i == 0 { O } else { gold[i - 1] } as usize;
            for p in 0..N_LABELS {
                if i == 0 && p != O as usize {
                    continue;
                }
                let mut g = [0f32; N_LABELS];
                for (l, x) in g.iter_mut().enumerate() {
                    let want = if p == gp && gold[i] as usize == l {
                        1.0
                    } else {
                        0.0
                    };
                    *x = rate * (want - m.edge[i][p][l]);
                }
                if g.iter().any(|x| x.abs() > SKIP * rate) {
                    self.update_all(&features::history(sf, i, p as u8), &g);
                }
            }
        }
    }

    /// Averaged weights as model rows sorted by feature.
    fn finish(self) -> Vec<(u64, [f32; N_LABELS])> {
        let c = self.step.max(1.0);
        let mut rows: Vec<(u64, [f32; N_LABELS])> = self
            .index
            .iter()
            .map(|(&f, &r)| {
                let mut w = [0f32; N_LABELS];
                for (l, x) in w.iter_mut().enumerate() {
                    let k = r * N_LABELS + l;
                    *x = self.w[k] - self.acc[k] / c;
                }
                (f, w)
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        rows
    }
}

/// Seeded xorshift64* (deterministic shuffles without a dependency).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Lowercased copies of every `every`-th example (none when `every` is 0).
pub fn lowercase_copies(examples: &[Example], every: usize) -> Vec<Example> {
    if every == 0 {
        return Vec::new();
    }
    examples
        .iter()
        .step_by(every)
        .map(|e| Example {
            forms: e.forms.iter().map(|w| w.to_lowercase()).collect(),
            spans: e.spans.clone(),
            pos: Vec::new(),
        })
        .collect()
}

/// Silver web-text examples: EWT train sentences whose predicted entities
/// agree with the treebank's proper-noun tags (every proper noun inside a
/// predicted entity, every entity made of proper nouns and joining words).
/// Sentences without proper nouns or entities count as agreeing, which
/// teaches the model what ordinary lowercase web text looks like. Before
/// the check, each document's predictions are made consistent
/// ([`crate::docvote::harmonise`]: one type per name, repeats of a found
/// name tagged too), which the sentence tagger cannot do by itself.
pub fn silver_ewt(model: &Model, corpora: &Path, cfg: &Config) -> Result<Vec<Example>, String> {
    let min_conf = cfg.silver_conf;
    // The least certain token's best marginal: a sentence the tagger is
    // unsure about anywhere teaches its own mistakes back to it.
    let confidence = |f: &[&str], tags: &[String]| -> f32 {
        if min_conf <= 0.0 {
            return 1.0;
        }
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        let sf = features::extract(f, &tags, &model.gaz, &model.lex);
        model.marginals(&sf).map_or(1.0, |m| {
            m.node
                .iter()
                .map(|r| r.iter().fold(0f32, |a, &b| a.max(b)))
                .fold(1f32, f32::min)
        })
    };
    let p = corpora.join("ud-english-ewt/en_ewt-ud-train.conllu");
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    let sents = backchannel_core::conllu::parse(&text)?;
    let mut out = Vec::new();
    let mut doc_start = 0;
    for end in 1..=sents.len() {
        if end < sents.len() && !sents[end].starts_document() {
            continue;
        }
        let doc = &sents[doc_start..end];
        doc_start = end;
        let forms: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
            .collect();
        let propn: Vec<Vec<bool>> = doc
            .iter()
            .map(|s| s.words.iter().map(|w| w.upos == "PROPN").collect())
            .collect();
        let pos: Vec<Vec<String>> = forms.iter().map(|f| crate::pos::predict(f)).collect();
        let mut spans: Vec<Vec<Span>> = forms
            .iter()
            .zip(&pos)
            .map(|(f, p)| {
                let tags: Vec<&str> = p.iter().map(String::as_str).collect();
                model.learned_spans(f, &tags, &mut crate::model::Scratch::default())
            })
            .collect();
        crate::docvote::harmonise(&forms, &mut spans, &propn);
        for ((f, sp), (pr, ps)) in forms.iter().zip(spans).zip(propn.iter().zip(pos)) {
            if agrees(f, &sp, pr) && confidence(f, &ps) >= min_conf {
                out.push(Example {
                    forms: f.iter().map(|x| x.to_string()).collect(),
                    spans: sp,
                    pos: ps,
                });
            }
        }
    }
    Ok(out)
}

/// Every proper noun inside a span, every span made of proper nouns and joining words.
fn agrees(forms: &[&str], spans: &[Span], propn: &[bool]) -> bool {
    let mut inside = vec![false; forms.len()];
    for sp in spans {
        inside[sp.start..sp.end].iter_mut().for_each(|x| *x = true);
        let joins =
            |i: usize| matches!(forms[i], "of" | "for" | "and" | "&" | "the" | "The" | "de");
        if !propn[sp.start]
            || !propn[sp.end - 1]
            || !(sp.start..sp.end).all(|i| propn[i] || joins(i))
        {
            return false;
        }
    }
    propn.iter().zip(&inside).all(|(p, i)| !p || *i)
}

/// Train a model on examples (repeat counts already applied by the caller).
pub fn train_examples(examples: &[Example], lex: Lexicon, cfg: &Config) -> Model {
    let gaz = Gazetteer::with_actors(&lex.actors);
    let prepared: Vec<(SentenceFeatures, Vec<u8>)> = examples
        .iter()
        .map(|e| {
            let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
            let predicted;
            let pos: Vec<&str> = if e.pos.len() == forms.len() {
                e.pos.iter().map(String::as_str).collect()
            } else {
                predicted = crate::pos::predict(&forms);
                predicted.iter().map(String::as_str).collect()
            };
            (
                features::extract(&forms, &pos, &gaz, &lex),
                encode(e.forms.len(), &e.spans),
            )
        })
        .collect();
    let prepared = cut_rare(prepared, examples, cfg.min_count);
    // One perceptron per shuffle order; their averaged weights are averaged
    // again. A single perceptron's result moves by a point or two of F1 with
    // the order it saw the sentences in; the mean of a few is steadier.
    let runs = cfg.average_runs.max(1);
    let mut sum: IdMap<[f32; N_LABELS]> = IdMap::default();
    for r in 0..runs {
        let mut p = Perceptron::new();
        let mut rng = Rng::new(cfg.seed.wrapping_add(1000 * r as u64));
        let mut drop_rng = Rng::new(cfg.seed.wrapping_add(7919 + 1000 * r as u64));
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        for _ in 0..cfg.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let (sf, gold) = &prepared[i];
                let dropped;
                let sf = if cfg.word_dropout > 0.0 {
                    dropped = drop_words(sf, &mut drop_rng, cfg.word_dropout);
                    &dropped
                } else {
                    sf
                };
                if cfg.crf_rate > 0.0 {
                    p.learn_crf(sf, gold, cfg.crf_rate);
                } else {
                    p.learn(sf, gold, cfg.cost);
                }
            }
        }
        for (f, w) in p.finish() {
            let e = sum.entry(f).or_insert([0.0; N_LABELS]);
            for (a, x) in e.iter_mut().zip(&w) {
                *a += x / runs as f32;
            }
        }
    }
    let mut rows: Vec<(u64, [f32; N_LABELS])> = sum
        .into_iter()
        .filter(|(_, w)| w.iter().any(|x| x.abs() >= cfg.prune))
        .collect();
    rows.sort_by_key(|r| r.0);
    let mut model = Model::from_rows(rows, lex);
    model.shift_prior(O, -cfg.o_penalty);
    model
}

/// A copy of `sf` in which each token, with probability `p`, loses its
/// word-identity features (positions 1 and 2 of its list: the lowercased
/// and the exact form; see [`features::extract`]; after a [`cut_rare`]
/// cut those positions may hold other features).
fn drop_words(sf: &SentenceFeatures, rng: &mut Rng, p: f32) -> SentenceFeatures {
    let threshold = (p.clamp(0.0, 1.0) as f64 * u32::MAX as f64) as u64;
    rebuild_tokens(sf, |t, out| {
        if (rng.next() >> 32) < threshold && t.len() > 2 {
            out.push(t[0]);
            out.extend_from_slice(&t[3..]);
        } else {
            out.extend_from_slice(t);
        }
    })
}

/// A copy of `sf` whose tokens' feature lists are written by `each(token's
/// features, output)`, token by token.
fn rebuild_tokens(
    sf: &SentenceFeatures,
    mut each: impl FnMut(&[u64], &mut Vec<u64>),
) -> SentenceFeatures {
    let mut out = SentenceFeatures {
        feats: Vec::with_capacity(sf.feats.len()),
        offsets: Vec::with_capacity(sf.offsets.len()),
        shape_h: sf.shape_h.clone(),
        word_h: sf.word_h.clone(),
    };
    for i in 0..sf.offsets.len().saturating_sub(1) {
        out.offsets.push(out.feats.len());
        each(sf.token(i), &mut out.feats);
    }
    out.offsets.push(out.feats.len());
    out
}

/// Drop the static features (all but [`features::BIAS`]) that occur in
/// fewer than `min` distinct sentences: a sentence repeated in `examples`
/// (UNER's repeats) counts once, so the cut falls on rare GUM and silver
/// features rather than on the web-text ones.
fn cut_rare(
    prepared: Vec<(SentenceFeatures, Vec<u8>)>,
    examples: &[Example],
    min: u32,
) -> Vec<(SentenceFeatures, Vec<u8>)> {
    if min <= 1 {
        return prepared;
    }
    let mut seen: std::collections::HashSet<&[String]> = std::collections::HashSet::new();
    let mut count: IdMap<u32> = IdMap::default();
    for ((sf, _), e) in prepared.iter().zip(examples) {
        if !seen.insert(e.forms.as_slice()) {
            continue;
        }
        let mut uniq: Vec<u64> = sf.feats.clone();
        uniq.sort_unstable();
        uniq.dedup();
        for f in uniq {
            *count.entry(f).or_insert(0) += 1;
        }
    }
    prepared
        .into_iter()
        .map(|(sf, gold)| {
            let out =
                rebuild_tokens(&sf, |t, out| {
                    out.extend(t.iter().copied().filter(|&f| {
                        f == features::BIAS || count.get(&f).copied().unwrap_or(0) >= min
                    }))
                });
            (out, gold)
        })
        .collect()
}

/// The span classifier ([`crate::spanclf`]). It is applied to candidates
/// the tagger left uncovered, so it learns from the same: UNER sentences
/// are tagged by a tagger trained without their documents (two folds by
/// document, one perceptron each), and only candidates that tagger missed
/// become samples (each seen `span_uner_repeat` times). GUM adds every
/// candidate of its sentences (tags predicted where an example has none).
pub fn train_span_model(
    gum: &[Example],
    uner: &[Example],
    uner_docs: &[usize],
    lex: &Lexicon,
    cfg: &Config,
) -> (crate::spanclf::SpanModel, crate::spanclf::SpanModel) {
    let gaz = Gazetteer::with_actors(&lex.actors);
    let mut samples = Vec::new();
    let mut review = Vec::new();
    let tags_of = |e: &Example| -> Vec<String> {
        if e.pos.len() == e.forms.len() && e.pos.iter().any(|t| !t.is_empty()) {
            e.pos.clone()
        } else {
            let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
            crate::pos::predict(&forms)
        }
    };
    for e in gum.iter().filter(|_| cfg.span_gum) {
        let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
        let tags = tags_of(e);
        let pos: Vec<&str> = tags.iter().map(String::as_str).collect();
        samples.extend(crate::spanclf::samples(
            &forms,
            &pos,
            &e.spans,
            &[],
            &gaz,
            lex,
            None,
        ));
    }
    // Fold of each UNER sentence: alternate documents in order of appearance.
    let mut seen: Vec<usize> = Vec::new();
    let fold: Vec<usize> = (0..uner.len())
        .map(|i| {
            let d = uner_docs.get(i).copied().unwrap_or(i);
            match seen.iter().position(|&x| x == d) {
                Some(k) => k % 2,
                None => {
                    seen.push(d);
                    (seen.len() - 1) % 2
                }
            }
        })
        .collect();
    let inner = Config {
        average_runs: 1,
        ..cfg.clone()
    };
    for f in 0..2 {
        let mut train_part: Vec<Example> = gum.to_vec();
        for _ in 0..cfg.uner_repeat {
            train_part.extend(
                uner.iter()
                    .zip(&fold)
                    .filter(|(_, &k)| k != f)
                    .map(|(e, _)| e.clone()),
            );
        }
        let tagger = train_examples(&train_part, lex.clone(), &inner);
        for (e, _) in uner.iter().zip(&fold).filter(|(_, &k)| k == f) {
            let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
            let tags = tags_of(e);
            let pos: Vec<&str> = tags.iter().map(String::as_str).collect();
            let (found, sf) =
                tagger.tagger_spans(&forms, &pos, &mut crate::model::Scratch::default());
            let margin = |i: usize| tagger.margin(&sf, i);
            let s =
                crate::spanclf::samples(&forms, &pos, &e.spans, &found, &gaz, lex, Some(&margin));
            for _ in 0..cfg.span_uner_repeat {
                samples.extend(s.iter().cloned());
            }
            review.extend(crate::spanclf::review_samples(
                &forms, &pos, &e.spans, &found, &gaz, lex, &margin,
            ));
        }
    }
    let add = crate::spanclf::train(
        &samples,
        cfg.span_epochs,
        cfg.seed,
        cfg.span_prune,
        cfg.span_threshold,
    );
    let rev = crate::spanclf::train(
        &review,
        cfg.span_review_epochs,
        cfg.seed,
        cfg.span_prune,
        cfg.span_review_threshold,
    );
    (add, rev)
}

/// Bucket a capitalisation rate and frequency (see [`CapPrior`]).
fn prior_bucket(caps: u32, n: u32) -> u8 {
    let r = caps as f32 / n as f32;
    let b = 1 + ((r * 5.0) as u8).min(4);
    if n >= 50 {
        b + 5
    } else {
        b
    }
}

/// Count (non-sentence-initial occurrences, capitalised ones) per word.
fn count_caps(tokens: &[&str], counts: &mut HashMap<String, (u32, u32)>) {
    for (i, w) in tokens.iter().enumerate() {
        if i == 0 {
            continue;
        }
        let Some(c) = w.chars().next() else { continue };
        if !c.is_alphabetic() {
            continue;
        }
        let e = counts.entry(features::normalize(w)).or_default();
        e.0 += 1;
        if c.is_uppercase() {
            e.1 += 1;
        }
    }
}

/// Split raw text into rough sentences of punctuation-stripped words.
fn raw_sentences(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut cur = Vec::new();
        for raw in line.split_whitespace() {
            let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if !w.is_empty() {
                cur.push(w);
            }
            let end = raw.trim_end_matches(['"', '\'', ')', '”', '’']);
            if end.ends_with(['.', '!', '?', ':']) && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// Capitalisation prior and word classes from unlabeled text: EWT train,
/// GUM train+dev, PolNeAR train+dev text (never an evaluation split).
pub fn build_lexicon(corpora: &Path, gum_docs: &[String], seed: u64) -> Result<Lexicon, String> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    let mut sents: Vec<Vec<String>> = Vec::new();
    let mut count_caps = |forms: &[&str], counts: &mut HashMap<String, (u32, u32)>| {
        count_caps(forms, counts);
        sents.push(forms.iter().map(|w| features::normalize(w)).collect());
    };
    let ewt = corpora.join("ud-english-ewt/en_ewt-ud-train.conllu");
    let text = std::fs::read_to_string(&ewt).map_err(|e| format!("{}: {e}", ewt.display()))?;
    for s in backchannel_core::conllu::parse(&text)? {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        count_caps(&forms, &mut counts);
    }
    for d in gum_docs {
        let p = corpora.join("gum/docs").join(format!("{d}.conllu"));
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        for s in backchannel_core::conllu::parse(&text)? {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            count_caps(&forms, &mut counts);
        }
    }
    // PolNeAR news text only (its annotations are never read).
    for split in ["train", "dev"] {
        let polnear = corpora.join(format!("../bench/polnear/{split}/text"));
        let Ok(rd) = std::fs::read_dir(&polnear) else {
            continue;
        };
        let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                for s in raw_sentences(&text) {
                    count_caps(&s, &mut counts);
                }
            }
        }
    }
    // The actor dictionaries ([`crate::actors`]) are off unless NER_ACTORS
    // names a [`crate::actors::Mode`] (sep, merge, both, lower): none gained
    // on doc-split 2-fold UNER dev cv (numbers in the actors module).
    let mode = match std::env::var("NER_ACTORS").as_deref() {
        Ok("sep") => Some(crate::actors::Mode::Separate),
        Ok("merge") => Some(crate::actors::Mode::Merge),
        Ok("both") => Some(crate::actors::Mode::Both),
        Ok("lower") => Some(crate::actors::Mode::SeparateLower),
        _ => None,
    };
    let actors = if let Some(mode) = mode {
        let case = |w: &str| counts.get(&features::normalize(w)).copied();
        let dir = corpora.join("../bench/petrarch/phoenix");
        let list = crate::actors::read(&dir, &Gazetteer::builtin(), case)?;
        crate::actors::ActorTable::from_phrases(&list, mode)
    } else {
        crate::actors::ActorTable::default()
    };
    let mut prior = CapPrior::default();
    for (w, (n, c)) in counts {
        if n >= 3 {
            prior.table.insert(CapPrior::key(&w), prior_bucket(c, n));
        }
    }
    let clusters = clusters::learn(&sents, 5, seed);
    Ok(Lexicon {
        prior,
        clusters,
        actors,
    })
}

/// Train on GUM train+dev and UNER EWT dev, write the model to `out`
/// (a directory gets `ner.bin`), and score GUM test news documents.
pub fn train(corpora: &Path, out: &Path, seed: u64) -> Result<Report, String> {
    let cfg = Config {
        seed,
        ..Config::default()
    };
    train_with(corpora, out, &cfg)
}

/// GUM train and dev examples. The nlp model was trained on GUM train, so
/// its tags there are better than on new text: those sentences get none
/// (unless `tag_in_sample`), and GUM dev, which it never saw, gets them
/// (when `tag_gum_dev`).
pub fn gum_examples(corpora: &Path, gaz: &Gazetteer, cfg: &Config) -> Result<Vec<Example>, String> {
    let mut examples = data::read_gum(corpora, &data::gum_split(corpora, "train")?, gaz)?;
    if cfg.tag_in_sample {
        data::add_pos(&mut examples);
    } else {
        data::blank_pos(&mut examples);
    }
    let mut dev = data::read_gum(corpora, &data::gum_split(corpora, "dev")?, gaz)?;
    if cfg.tag_in_sample || cfg.tag_gum_dev {
        data::add_pos(&mut dev);
    } else {
        data::blank_pos(&mut dev);
    }
    for _ in 0..cfg.gum_dev_repeat.max(1) {
        examples.extend(dev.iter().cloned());
    }
    Ok(examples)
}

/// [`train`] with explicit settings.
pub fn train_with(corpora: &Path, out: &Path, cfg: &Config) -> Result<Report, String> {
    let t0 = Instant::now();
    crate::pos::available()?;
    let gaz = Gazetteer::builtin();
    let mut docs = data::gum_split(corpora, "train")?;
    docs.extend(data::gum_split(corpora, "dev")?);
    let lex = build_lexicon(corpora, &docs, cfg.seed)?;
    let mut examples = gum_examples(corpora, &gaz, cfg)?;
    let uner_path = corpora.join("uner-english-ewt/en_ewt-ud-dev.iob2");
    let mut uner = data::read_iob2_file(&uner_path)?;
    data::add_pos(&mut uner);
    for _ in 0..cfg.uner_repeat {
        examples.extend(uner.iter().cloned());
    }
    let lower = lowercase_copies(&examples, cfg.lowercase_every);
    examples.extend(lower);
    let mut model = train_examples(&examples, lex.clone(), cfg);
    let gold_len = examples.len();
    for _ in 0..cfg.self_train {
        examples.truncate(gold_len);
        let mut silver = silver_ewt(&model, corpora, cfg)?;
        if !cfg.tag_in_sample {
            data::blank_pos(&mut silver);
        }
        examples.extend(silver);
        model = train_examples(&examples, lex.clone(), cfg);
    }
    if cfg.span_epochs > 0 || cfg.span_review_epochs > 0 {
        let gum = gum_examples(corpora, &gaz, cfg)?;
        let text = std::fs::read_to_string(&uner_path)
            .map_err(|e| format!("{}: {e}", uner_path.display()))?;
        let docs = data::iob2_doc_ids(&text);
        (model.span_model, model.span_review) = train_span_model(&gum, &uner, &docs, &lex, cfg);
    }
    let bytes = model.to_bytes();
    let path = if out.is_dir() {
        out.join("ner.bin")
    } else {
        out.to_path_buf()
    };
    std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let news: Vec<String> = data::gum_split(corpora, "test")?
        .into_iter()
        .filter(|d| d.starts_with("GUM_news_"))
        .collect();
    let gum_news_test = data::read_gum(corpora, &news, &gaz).ok().map(|mut ex| {
        data::add_pos(&mut ex);
        score(&model, &ex)
    });
    Ok(Report {
        sentences: examples.len(),
        tokens: examples.iter().map(|e| e.forms.len()).sum(),
        epochs: cfg.epochs,
        features: model.len(),
        model_bytes: bytes.len(),
        seconds: t0.elapsed().as_secs_f64(),
        gum_news_test,
    })
}

/// Tag every example with `model` and score against its gold spans.
pub fn score(model: &Model, examples: &[Example]) -> Scores {
    let mut gold = Vec::with_capacity(examples.len());
    let mut pred = Vec::with_capacity(examples.len());
    for e in examples {
        let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
        let pos: Vec<&str> = e.pos.iter().map(String::as_str).collect();
        let predicted;
        let pos: Vec<&str> = if pos.len() == forms.len() {
            pos
        } else {
            predicted = crate::pos::predict(&forms);
            predicted.iter().map(String::as_str).collect()
        };
        pred.push(model.spans_with_pos(&forms, &pos));
        gold.push(e.spans.clone());
    }
    evaluate(&gold, &pred)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{EntType, Span};

    #[test]
    fn learns_a_toy_pattern_deterministically() {
        let ex = |forms: &[&str], spans: Vec<Span>| {
            Example::new(forms.iter().map(|s| s.to_string()).collect(), spans)
        };
        let per = |s, e| Span {
            start: s,
            end: e,
            kind: EntType::Per,
        };
        let loc = |s, e| Span {
            start: s,
            end: e,
            kind: EntType::Loc,
        };
        let data = vec![
            ex(
                &["Alice", "Smith", "went", "to", "Paris", "."],
                vec![per(0, 2), loc(4, 5)],
            ),
            ex(
                &["Bob", "Jones", "went", "to", "Rome", "."],
                vec![per(0, 2), loc(4, 5)],
            ),
            ex(&["the", "cat", "went", "to", "sleep", "."], vec![]),
        ];
        let cfg = Config {
            epochs: 5,
            prune: 0.0,
            ..Config::default()
        };
        let m1 = train_examples(&data, Lexicon::default(), &cfg);
        let m2 = train_examples(&data, Lexicon::default(), &cfg);
        assert_eq!(m1.to_bytes(), m2.to_bytes());
        let s = score(&m1, &data);
        assert_eq!(s.micro.f1(), 1.0, "{s}");
        // The tagger's marginals agree with its Viterbi path on what it
        // learned: each token's likeliest label is the decoded one.
        let forms = ["Alice", "Smith", "went", "to", "Paris", "."];
        let sf = features::extract(&forms, &[], &Gazetteer::builtin(), &Lexicon::default());
        let path = m1.tag_with_pos(&forms, &[]);
        let Some(m) = m1.marginals(&sf) else {
            panic!("no marginals");
        };
        for (i, row) in m.node.iter().enumerate() {
            let best = (0..N_LABELS).fold(0, |b, l| if row[l] > row[b] { l } else { b });
            assert_eq!(best, path[i] as usize, "token {i}: {row:?}");
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-3);
        }
        assert!(m1
            .marginals(&features::extract(
                &[],
                &[],
                &Gazetteer::builtin(),
                &Lexicon::default()
            ))
            .is_none());
    }

    #[test]
    fn raw_sentence_split() {
        let s = raw_sentences("He said \"no.\" Then Kerry (D) left");
        assert_eq!(
            s,
            vec![vec!["He", "said", "no"], vec!["Then", "Kerry", "D", "left"]]
        );
    }
}
