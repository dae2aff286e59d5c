//! Training: reads UD treebanks, learns the tagger (with jackknifed tags for
//! the parser), the lemmatizer and the parser, and writes the model file.
//! Deterministic: fixed-seed shuffles, sorted outputs, no map-order leaks.

use std::fmt;
use std::path::Path;
use std::time::Instant;

use backchannel_core::conllu;

use crate::classes::{self, ClassSet};
use crate::eval::UdScores;
use crate::features::Tok;
use crate::lemma::Lemmatizer;
use crate::model::Model;
use crate::parser::{self, State, Word};
use crate::perceptron::{Perceptron, View};
use crate::table::Memo;
use crate::tagger;
use crate::weights::{argmax_where, Scorer, Weights};

/// Knobs for [`train_with`]; [`Default`] is what `train` uses.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Jackknife folds for the parser's training tags (0 = train on gold tags).
    pub folds: usize,
    /// Add the GUM training documents to EWT train.
    pub gum: bool,
    /// Drop averaged weights below these magnitudes when writing the model.
    pub prune_tagger: f32,
    pub prune_parser: f32,
    /// Parser sees words outside the tagger lexicon as one "rare" value
    /// (model format 5) instead of their own form (format 4). Measured equal
    /// on dev and ~10% slower, so off by default.
    pub rare_words: bool,
    /// Occurrences a word needs in training to get an ambiguity class.
    pub lexicon_min: u32,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 8,
            parser_epochs: 10,
            folds: 4,
            gum: true,
            prune_tagger: 0.5,
            prune_parser: 1.5,
            lexicon_min: 3,
            rare_words: false,
            verbose: false,
        }
    }
}

/// What training did, with dev scores of the written model.
pub struct Report {
    pub lines: Vec<String>,
    pub dev: Option<UdScores>,
    pub model_bytes: usize,
    pub seconds: f64,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for l in &self.lines {
            writeln!(f, "{l}")?;
        }
        if let Some(d) = &self.dev {
            writeln!(f, "EWT dev (gold tokens): {d}")?;
        }
        write!(
            f,
            "model: {} bytes, trained in {:.1} s",
            self.model_bytes, self.seconds
        )
    }
}

/// One training sentence with class ids.
struct Sent {
    forms: Vec<String>,
    xpos: Vec<String>,
    lemmas: Vec<String>,
    classes: Vec<u16>,
    heads: Vec<i32>,
    labels: Vec<u16>,
    toks: Vec<Tok>,
}

/// Deterministic PRNG (splitmix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

fn read(path: &Path) -> Result<Vec<conllu::Sentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    conllu::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// EWT train (and optionally GUM train) sentences.
pub fn training_sentences(corpora: &Path, gum: bool) -> Result<Vec<conllu::Sentence>, String> {
    let mut out = read(&corpora.join("ud-english-ewt/en_ewt-ud-train.conllu"))?;
    // GUM is optional: without its split file training uses EWT alone.
    let list_path = corpora.join("gum/files.train");
    if gum && list_path.exists() {
        let list = std::fs::read_to_string(&list_path)
            .map_err(|e| format!("{}: {e}", list_path.display()))?;
        for name in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
            // The Reddit part of GUM is listed in the split but not distributed.
            let path = corpora.join(format!("gum/docs/{name}.conllu"));
            if path.exists() {
                out.extend(read(&path)?);
            }
        }
    }
    Ok(out)
}

fn label_of(deprel: &str) -> &str {
    if deprel.is_empty() || deprel == "_" {
        "dep"
    } else {
        deprel
    }
}

fn convert(
    s: &conllu::Sentence,
    tags: &ClassSet<(String, String)>,
    labels: &ClassSet<String>,
    lex: &tagger::Lexicon,
) -> Sent {
    let forms: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
    let refs: Vec<&str> = forms.iter().map(|f| f.as_str()).collect();
    let n = s.words.len();
    let classes = s
        .words
        .iter()
        .map(|w| tags.id(&(w.upos.clone(), w.xpos.clone())).unwrap_or(0))
        .collect();
    let heads = s
        .words
        .iter()
        .map(|w| {
            if w.head == 0 || w.head > n {
                -1
            } else {
                w.head as i32 - 1
            }
        })
        .collect();
    let labels = s
        .words
        .iter()
        .map(|w| labels.id(&label_of(&w.deprel).to_string()).unwrap_or(0))
        .collect();
    Sent {
        toks: tagger::padded(&refs, lex),
        xpos: s.words.iter().map(|w| w.xpos.clone()).collect(),
        lemmas: s.words.iter().map(|w| w.lemma.clone()).collect(),
        forms,
        classes,
        heads,
        labels,
    }
}

fn train_tagger(sents: &[&Sent], n_classes: usize, epochs: usize, seed: u64) -> Perceptron {
    let mut p = Perceptron::new();
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; n_classes];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = sents[si];
            let mut pred: Vec<u16> = Vec::with_capacity(s.classes.len());
            for i in 0..s.classes.len() {
                let (t1, t2) = tagger::prev_tags(&pred, i);
                tagger::features(&s.toks, i, t1, t2, &mut feats);
                p.score(&feats, &mut scores);
                let guess = argmax_where(&scores, |_| true).unwrap_or(0);
                p.update(&feats, s.classes[i] as usize, guess);
                p.tick();
                pred.push(guess as u16);
            }
        }
    }
    p
}

fn words_of(s: &Sent, tags: &[u16], rare_words: bool) -> Vec<Word> {
    tags.iter()
        .enumerate()
        .map(|(i, &t)| Word::of(&s.toks[i + tagger::PAD], t, rare_words))
        .collect()
}

struct ParserSetup {
    rare_words: bool,
    n_labels: usize,
    root: usize,
}

/// One epoch of dynamic-oracle training over the sentences in `order`.
fn parser_epoch(
    p: &mut Perceptron,
    sents: &[Sent],
    tags: &[Vec<u16>],
    order: &[usize],
    cfg: &ParserSetup,
    explore: bool,
    rng: &mut Rng,
) {
    let na = parser::n_actions(cfg.n_labels);
    let mut feats = Vec::with_capacity(128);
    let mut scores = vec![0f32; na];
    let mut costs = vec![0u32; na];
    for &si in order {
        let s = &sents[si];
        let words = words_of(s, &tags[si], cfg.rare_words);
        let mut st = State::new(words.len());
        while !st.is_final() {
            st.features(&words, &mut feats);
            p.score(&feats, &mut scores);
            let mut min = u32::MAX;
            let base = st.base_costs(&s.heads);
            for (a, c) in costs.iter_mut().enumerate() {
                *c = if st.legal(a, cfg.root) {
                    st.cost(a, &base, &s.heads, &s.labels)
                } else {
                    u32::MAX
                };
                min = min.min(*c);
            }
            if min == u32::MAX {
                break;
            }
            let Some(pred) = argmax_where(&scores, |a| costs[a] != u32::MAX) else {
                break;
            };
            let Some(gold) = argmax_where(&scores, |a| costs[a] == min) else {
                break;
            };
            if costs[pred] > min {
                p.update(&feats, gold, pred);
            }
            p.tick();
            let next = if costs[pred] == min || (explore && rng.chance(0.9)) {
                pred
            } else {
                gold
            };
            st.apply(next);
        }
    }
}

/// UPOS accuracy, UAS and LAS on sentences with given tags, using scorers.
fn dev_check<T: Scorer, P: Scorer>(
    tg: &T,
    ps: &P,
    dev: &[Sent],
    cfg: &ParserSetup,
    n_classes: usize,
) -> (f64, f64, f64) {
    let (mut n, mut tag_ok, mut uas, mut las) = (0usize, 0usize, 0usize, 0usize);
    let mut feats = Vec::new();
    let mut scores = vec![0f32; parser::n_actions(cfg.n_labels)];
    let (mut tmemo, mut pmemo) = (Memo::disabled(), Memo::disabled());
    for s in dev {
        let tags = tagger::tag(tg, n_classes, &s.toks, &mut feats, &mut tmemo);
        let words = words_of(s, &tags, cfg.rare_words);
        let (h, l) = parser::parse(
            ps,
            &words,
            cfg.n_labels,
            cfg.root,
            &mut feats,
            &mut scores,
            &mut pmemo,
        );
        for i in 0..words.len() {
            n += 1;
            tag_ok += (tags[i] == s.classes[i]) as usize;
            if h[i] == s.heads[i] {
                uas += 1;
                las += (l[i] == s.labels[i]) as usize;
            }
        }
    }
    let pc = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    (pc(tag_ok), pc(uas), pc(las))
}

/// Train with the default options.
pub fn train(corpora: &Path, out: &Path, seed: u64) -> Result<Report, String> {
    train_with(corpora, out, seed, &TrainOptions::default())
}

/// Train tagger, lemmatizer and parser from `corpora` (the folder holding
/// `ud-english-ewt/`), write the model to `out` (a file, or `out/nlp.bin` if
/// `out` is a directory) and report dev scores.
pub fn train_with(
    corpora: &Path,
    out: &Path,
    seed: u64,
    opt: &TrainOptions,
) -> Result<Report, String> {
    let t0 = Instant::now();
    let mut lines = Vec::new();
    let log = |lines: &mut Vec<String>, s: String| {
        if opt.verbose {
            eprintln!("[{:6.1}s] {s}", t0.elapsed().as_secs_f64());
        }
        lines.push(s);
    };
    let train_raw = training_sentences(corpora, opt.gum)?;
    let dev_raw = read(&corpora.join("ud-english-ewt/en_ewt-ud-dev.conllu"))?;
    let tag_set = classes::tag_classes(
        train_raw
            .iter()
            .flat_map(|s| s.words.iter().map(|w| (w.upos.clone(), w.xpos.clone()))),
    );
    let label_set = classes::label_classes(
        train_raw
            .iter()
            .flat_map(|s| s.words.iter().map(|w| label_of(&w.deprel))),
    );
    let (tags, labels) = (tag_set.list.clone(), label_set.list.clone());
    if tags.len() > 255 || parser::n_actions(labels.len()) > 255 {
        return Err(format!(
            "too many classes: {} tags, {} labels",
            tags.len(),
            labels.len()
        ));
    }
    let root = labels.iter().position(|l| l == "root").unwrap_or(0);
    let lexicon = tagger::Lexicon::build(
        train_raw.iter().flat_map(|s| {
            s.words.iter().map(|w| {
                let c = tag_set.id(&(w.upos.clone(), w.xpos.clone())).unwrap_or(0);
                (crate::hash::lower_hash(&w.form), c)
            })
        }),
        opt.lexicon_min,
    );
    let sents: Vec<Sent> = train_raw
        .iter()
        .filter(|s| !s.words.is_empty())
        .map(|s| convert(s, &tag_set, &label_set, &lexicon))
        .collect();
    let dev: Vec<Sent> = dev_raw
        .iter()
        .filter(|s| !s.words.is_empty())
        .map(|s| convert(s, &tag_set, &label_set, &lexicon))
        .collect();
    let n_words: usize = sents.iter().map(|s| s.forms.len()).sum();
    log(
        &mut lines,
        format!(
            "train: {} sentences, {} words; {} tag classes, {} labels",
            sents.len(),
            n_words,
            tags.len(),
            labels.len()
        ),
    );

    // Lemmatizer.
    let mut examples = Vec::with_capacity(n_words);
    for s in &sents {
        for i in 0..s.forms.len() {
            examples.push((
                s.forms[i].as_str(),
                s.xpos[i].as_str(),
                s.lemmas[i].as_str(),
                i == 0,
            ));
        }
    }
    let lemma = Lemmatizer::train(&examples);
    drop(examples);

    // Tagger on everything, plus jackknife taggers, two threads at a time.
    let nc = tags.len();
    let refs_all: Vec<&Sent> = sents.iter().collect();
    let k = opt.folds;
    let mut jk_tags: Vec<Vec<u16>> = sents.iter().map(|s| s.classes.clone()).collect();
    let mut full = None;
    std::thread::scope(|sc| {
        let jobs: Vec<usize> = (0..=k).collect();
        for pair in jobs.chunks(2) {
            let handles: Vec<_> = pair
                .iter()
                .map(|&job| {
                    let refs_all = &refs_all;
                    let sents = &sents;
                    sc.spawn(move || {
                        if job == k {
                            (
                                job,
                                train_tagger(refs_all, nc, opt.tagger_epochs, seed),
                                Vec::new(),
                            )
                        } else {
                            let tr: Vec<&Sent> = sents
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| i % k != job)
                                .map(|(_, s)| s)
                                .collect();
                            let p =
                                train_tagger(&tr, nc, opt.tagger_epochs, seed ^ (job as u64 + 1));
                            let view = View {
                                p: &p,
                                averaged: true,
                            };
                            let mut feats = Vec::new();
                            let pred: Vec<(usize, Vec<u16>)> = sents
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| i % k == job)
                                .map(|(i, s)| {
                                    let tags = tagger::tag(
                                        &view,
                                        nc,
                                        &s.toks,
                                        &mut feats,
                                        &mut Memo::disabled(),
                                    );
                                    (i, tags)
                                })
                                .collect();
                            (job, p, pred)
                        }
                    })
                })
                .collect();
            for h in handles {
                if let Ok((job, p, pred)) = h.join() {
                    if job == k {
                        full = Some(p);
                    }
                    for (i, t) in pred {
                        jk_tags[i] = t;
                    }
                }
            }
        }
    });
    let tagger_p = full.ok_or("tagger training failed")?;
    let jk_acc = {
        let (mut a, mut n) = (0usize, 0usize);
        for (s, t) in sents.iter().zip(&jk_tags) {
            n += t.len();
            a += s.classes.iter().zip(t).filter(|(x, y)| x == y).count();
        }
        100.0 * a as f64 / n.max(1) as f64
    };
    log(
        &mut lines,
        format!(
            "tagger: {} features; jackknife ({k} folds) train tag accuracy {jk_acc:.2}",
            tagger_p.n_features()
        ),
    );

    // Parser.
    let cfg = ParserSetup {
        rare_words: opt.rare_words,
        n_labels: labels.len(),
        root,
    };
    let tagger_view = View {
        p: &tagger_p,
        averaged: true,
    };
    let mut pp = Perceptron::new();
    let mut rng = Rng(seed ^ 0xabcdef);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    for epoch in 0..opt.parser_epochs {
        rng.shuffle(&mut order);
        parser_epoch(
            &mut pp,
            &sents,
            &jk_tags,
            &order,
            &cfg,
            epoch >= 1,
            &mut rng,
        );
        if opt.verbose && (epoch % 2 == 1 || epoch + 1 == opt.parser_epochs) {
            let (t, u, l) = dev_check(
                &tagger_view,
                &View {
                    p: &pp,
                    averaged: true,
                },
                &dev,
                &cfg,
                nc,
            );
            log(&mut lines, format!("parser epoch {}: {} features; dev tag {t:.2} UAS {u:.2} LAS(full labels) {l:.2}", epoch + 1, pp.n_features()));
        }
    }

    // Quantise everything, then drop small weights: the same result as
    // `Nlp::pruned_bytes` on an unpruned model, so both routes agree.
    let full = Model {
        tags,
        lexicon,
        tagger: Weights::from_averaged(&tagger_p.averaged(), nc, 0.0),
        labels,
        root_label: root,
        parser: Weights::from_averaged(&pp.averaged(), parser::n_actions(cfg.n_labels), 0.0),
        lemma,
        rare_words: opt.rare_words,
        id: crate::model::new_id(),
    };
    drop(tagger_p);
    drop(pp);
    let model = full.pruned(opt.prune_tagger, opt.prune_parser);
    log(
        &mut lines,
        format!(
            "written: tagger {} features / {} weights, parser {} features / {} weights",
            model.tagger.n_features(),
            model.tagger.n_entries(),
            model.parser.n_features(),
            model.parser.n_entries()
        ),
    );
    let bytes = model.to_bytes();
    let path = if out.is_dir() {
        out.join("nlp.bin")
    } else {
        out.to_path_buf()
    };
    std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let nlp = crate::Nlp::from_bytes(&bytes)?;
    let dev_scores = crate::eval::evaluate(&nlp, &dev_raw);
    Ok(Report {
        lines,
        dev: Some(dev_scores),
        model_bytes: bytes.len(),
        seconds: t0.elapsed().as_secs_f64(),
    })
}
