//! Development check without touching test data: train on GUM train+dev and
//! one half of UNER EWT dev (alternate sentences), score the other half.
//!
//! `cargo run --release -p backchannel-ner --example cv -- /work/shared/corpora [epochs] [uner_repeat] [show_errors] [lowercase_every] [self_train_rounds] [prune]`

use std::path::PathBuf;

use backchannel_ner::{data, gazetteer::Gazetteer, labels, train, Config};

fn show_errors(model: &backchannel_ner::Model, ex: &[data::Example], show: usize) {
    for e in ex.iter().take(show) {
        let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
        let pred = e.predict(model);
        if pred != e.spans {
            let fmt = |s: &[labels::Span]| {
                s.iter()
                    .map(|x| format!("{}[{}]", x.kind.tag(), forms[x.start..x.end].join(" ")))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            println!(
                "# {}\n  gold {}\n  pred {}",
                forms.join(" "),
                fmt(&e.spans),
                fmt(&pred)
            );
        }
    }
}

/// CV_MARG=1: how sure the tagger is of `O` on the gold names the final
/// spans miss entirely (no overlapping prediction) and on the predicted
/// names that overlap no gold name, by the largest per-token non-`O`
/// marginal over the name (buckets < 0.05, < 0.2, < 0.5, >= 0.5).
fn marginal_anatomy(
    model: &backchannel_ner::Model,
    ex: &[data::Example],
    gaz: &Gazetteer,
    lex: &backchannel_ner::features::Lexicon,
    missed: &mut [usize; 4],
    spurious: &mut [usize; 4],
) {
    let bucket = |p: f32| match p {
        p if p < 0.05 => 0,
        p if p < 0.2 => 1,
        p if p < 0.5 => 2,
        _ => 3,
    };
    for e in ex {
        let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
        let pos: Vec<&str> = e.pos.iter().map(String::as_str).collect();
        let sf = backchannel_ner::features::extract(&forms, &pos, gaz, lex);
        let Some(m) = model.marginals(&sf) else {
            continue;
        };
        let named = |s: &labels::Span| {
            (s.start..s.end.min(m.node.len()))
                .map(|i| 1.0 - m.node[i][labels::O as usize])
                .fold(0f32, f32::max)
        };
        let pred = e.predict(model);
        let overlaps = |a: &labels::Span, b: &labels::Span| a.start < b.end && b.start < a.end;
        for g in &e.spans {
            if !pred.iter().any(|p| overlaps(g, p)) {
                missed[bucket(named(g))] += 1;
            }
        }
        for p in &pred {
            if !e.spans.iter().any(|g| overlaps(g, p)) {
                spurious[bucket(named(p))] += 1;
            }
        }
    }
}

/// The value of the environment variable `name`, or `default` when it is
/// unset or does not parse.
fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpora = PathBuf::from(args.first().map_or("../shared/corpora", String::as_str));
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let cfg = Config {
        epochs: num(1, 10),
        uner_repeat: num(2, 2),
        prune: args.get(6).and_then(|s| s.parse().ok()).unwrap_or(0.0),
        lowercase_every: num(4, 0),
        self_train: num(5, 0),
        // CV_SEED=n: another shuffle order (compare settings over several seeds).
        seed: env_or("CV_SEED", 1),
        // CV_RUNS=n: perceptrons averaged per model.
        average_runs: env_or("CV_RUNS", Config::default().average_runs),
        // CV_GUM_DEV=1: predicted tags on GUM dev sentences.
        tag_gum_dev: std::env::var("CV_GUM_DEV").is_ok(),
        // CV_GUM_DEV_REPEAT=n: each GUM dev sentence seen n times per epoch.
        gum_dev_repeat: env_or("CV_GUM_DEV_REPEAT", 1),
        // CV_SPAN=epochs: train the second-stage span classifier.
        span_epochs: env_or("CV_SPAN", Config::default().span_epochs),
        // CV_SPAN_REP=n: UNER candidates seen n times per span epoch.
        span_uner_repeat: env_or("CV_SPAN_REP", Config::default().span_uner_repeat),
        // CV_REVIEW=epochs: train the model that reviews the tagger's spans.
        span_review_epochs: env_or("CV_REVIEW", Config::default().span_review_epochs),
        // CV_SPAN_T0=x: the span model's threshold.
        span_threshold: env_or("CV_SPAN_T0", Config::default().span_threshold),
        // CV_SPAN_NOGUM=1: span model from UNER's held-out candidates only.
        span_gum: std::env::var("CV_SPAN_NOGUM").is_err(),
        // CV_COST=x: cost-augmented perceptron updates.
        cost: env_or("CV_COST", Config::default().cost),
        // CV_CRF=rate: CRF trained by stochastic gradient instead of the perceptron.
        crf_rate: env_or("CV_CRF", Config::default().crf_rate),
        // CV_MINCOUNT=n: static features seen in fewer than n distinct sentences are cut.
        min_count: env_or("CV_MINCOUNT", Config::default().min_count),
        // CV_SILVER_CONF=x: silver sentences need every token's best marginal >= x.
        silver_conf: env_or("CV_SILVER_CONF", Config::default().silver_conf),
        // CV_WDROP=p: hide each token's word-identity features with probability p while learning.
        word_dropout: env_or("CV_WDROP", Config::default().word_dropout),
        ..Config::default()
    };
    let show = num(3, 0);
    let run = || -> Result<(), String> {
        backchannel_ner::pos::available()?;
        let gaz = Gazetteer::builtin();
        let mut docs = data::gum_split(&corpora, "train")?;
        docs.extend(data::gum_split(&corpora, "dev")?);
        let lex = train::build_lexicon(&corpora, &docs, cfg.seed)?;
        let gum = train::gum_examples(&corpora, &gaz, &cfg)?;
        if std::env::var("CV_GUM").is_ok() {
            // GUM train → GUM dev, for error analysis on news-like text.
            let train_docs = data::gum_split(&corpora, "train")?;
            let dev_docs = data::gum_split(&corpora, "dev")?;
            let mut tr = data::read_gum(&corpora, &train_docs, &gaz)?;
            data::add_pos(&mut tr);
            let m = train::train_examples(&tr, lex.clone(), &cfg);
            let mut dev = data::read_gum(&corpora, &dev_docs, &gaz)?;
            data::add_pos(&mut dev);
            println!("GUM train → GUM dev\n{}", train::score(&m, &dev));
            show_errors(&m, &dev, show);
            return Ok(());
        }
        let dev_path = corpora.join("uner-english-ewt/en_ewt-ud-dev.iob2");
        let mut uner = data::read_iob2_file(&dev_path)?;
        data::add_pos(&mut uner);
        // CV_SENT=1: alternate sentences (the old split, which lets names
        // repeated inside a document leak between folds); default: alternate documents.
        let by_sentence = std::env::var("CV_SENT").is_ok();
        let dev_text = std::fs::read_to_string(&dev_path).map_err(|e| e.to_string())?;
        let doc_ids = data::iob2_doc_ids(&dev_text);
        let fold_of = |i: usize| {
            if by_sentence {
                i % 2
            } else {
                doc_ids.get(i).copied().unwrap_or(i) % 2
            }
        };
        // Two folds: alternate documents of UNER dev, each half scored by a
        // model trained on GUM and the other half; scores are pooled.
        let mut gold = Vec::new();
        let mut pred = Vec::new();
        type Pooled = (Vec<Vec<labels::Span>>, Vec<Vec<labels::Span>>);
        // CV_OPEN=1,2,4: also score each fold's model with the O prior lowered by these amounts.
        let penalties: Vec<f32> = std::env::var("CV_OPEN")
            .unwrap_or_default()
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect();
        // CV_BIAS=O:1,ORG:0.5,ALL:0.5,ORG+LOC:1: each entry also scores the
        // fold's model with the O prior lowered (O) or the start labels (B, U)
        // of the named types (PER, ORG, LOC, ALL; joined by +) raised by the amount.
        let biases: Vec<(String, f32)> = std::env::var("CV_BIAS")
            .unwrap_or_default()
            .split(',')
            .filter_map(|x| {
                let (k, v) = x.split_once(':')?;
                Some((k.to_string(), v.trim().parse().ok()?))
            })
            .collect();
        let mut by_bias: Vec<Pooled> = vec![(Vec::new(), Vec::new()); biases.len()];
        let org_only = std::env::var("CV_ORG").is_ok();
        let mut by_penalty: Vec<Pooled> = vec![(Vec::new(), Vec::new()); penalties.len()];
        for fold in 0..2 {
            let (a, b): (Vec<_>, Vec<_>) = uner
                .iter()
                .cloned()
                .enumerate()
                .partition(|(i, _)| fold_of(*i) == fold);
            let a: Vec<data::Example> = a.into_iter().map(|x| x.1).collect();
            let b: Vec<data::Example> = b.into_iter().map(|x| x.1).collect();
            let mut ex = gum.clone();
            for _ in 0..cfg.uner_repeat {
                ex.extend(a.iter().cloned());
            }
            let lower = train::lowercase_copies(&ex, cfg.lowercase_every);
            ex.extend(lower);
            let mut model = train::train_examples(&ex, lex.clone(), &cfg);
            let gold_len = ex.len();
            for _ in 0..cfg.self_train {
                ex.truncate(gold_len);
                let mut silver = train::silver_ewt(&model, &corpora, &cfg)?;
                if !cfg.tag_in_sample {
                    data::blank_pos(&mut silver);
                }
                println!("silver EWT sentences: {}", silver.len());
                ex.extend(silver);
                model = train::train_examples(&ex, lex.clone(), &cfg);
            }
            if cfg.span_epochs > 0 || cfg.span_review_epochs > 0 {
                // Documents of the training half, for the span model's inner folds.
                let a_docs: Vec<usize> = (0..uner.len())
                    .filter(|&i| fold_of(i) == fold)
                    .map(|i| doc_ids.get(i).copied().unwrap_or(i))
                    .collect();
                (model.span_model, model.span_review) =
                    train::train_span_model(&gum, &a, &a_docs, &lex, &cfg);
            }
            println!(
                "fold {fold}: GUM + UNER-dev half → other half\n{}",
                train::score(&model, &b)
            );
            for (k, &d) in penalties.iter().enumerate() {
                let mut m = model.clone();
                if std::env::var("CV_SPAN_T").is_ok_and(|v| v == "review") {
                    // CV_SPAN_T=review: the CV_OPEN amounts are review thresholds.
                    m.span_review.threshold = d;
                } else if std::env::var("CV_SPAN_T").is_ok() {
                    // CV_SPAN_T=1: the CV_OPEN amounts are span thresholds instead.
                    m.span_model.threshold = d;
                } else if org_only {
                    // CV_ORG=1: raise the organisation start labels instead.
                    m.shift_prior(labels::label(labels::Pos::B, labels::EntType::Org), d);
                    m.shift_prior(labels::label(labels::Pos::U, labels::EntType::Org), d);
                } else {
                    m.shift_prior(labels::O, -d);
                }
                for e in &b {
                    by_penalty[k].0.push(e.spans.clone());
                    by_penalty[k].1.push(e.predict(&m));
                }
            }
            for (k, (which, d)) in biases.iter().enumerate() {
                let mut m = model.clone();
                if which == "O" {
                    m.shift_prior(labels::O, -d);
                }
                for t in labels::EntType::ALL {
                    if which.split('+').any(|w| w == t.tag() || w == "ALL") {
                        m.shift_prior(labels::label(labels::Pos::B, t), *d);
                        m.shift_prior(labels::label(labels::Pos::U, t), *d);
                    }
                }
                for e in &b {
                    by_bias[k].0.push(e.spans.clone());
                    by_bias[k].1.push(e.predict(&m));
                }
            }
            for e in &b {
                pred.push(e.predict(&model));
                gold.push(e.spans.clone());
            }
            // CV_DUMP=path: every held-out sentence with gold and predicted spans (for error analysis).
            if let Ok(path) = std::env::var("CV_DUMP") {
                let start = pred.len() - b.len();
                let mut out = String::new();
                for (e, p) in b.iter().zip(&pred[start..]) {
                    let fmt = |s: &[labels::Span]| {
                        s.iter()
                            .map(|x| format!("{}:{}:{}", x.start, x.end, x.kind.tag()))
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    out.push_str(&format!(
                        "{}\t{}\t{}\t{}\n",
                        e.forms.join(" "),
                        e.pos.join(" "),
                        fmt(&e.spans),
                        fmt(p)
                    ));
                }
                let path = format!("{path}.{fold}");
                std::fs::write(&path, out).map_err(|e| format!("{path}: {e}"))?;
            }
            if fold == 0 {
                show_errors(&model, &b, show);
            }
            if std::env::var("CV_MARG").is_ok() {
                let (mut missed, mut spurious) = ([0; 4], [0; 4]);
                marginal_anatomy(&model, &b, &model.gaz, &lex, &mut missed, &mut spurious);
                println!(
                    "fold {fold} max non-O marginal (<0.05 <0.2 <0.5 >=0.5): missed names {missed:?}, spurious names {spurious:?}"
                );
            }
        }
        println!(
            "pooled 2-fold UNER dev\n{}",
            backchannel_ner::evaluate(&gold, &pred)
        );
        for (d, (g, p)) in penalties.iter().zip(&by_penalty) {
            let m = backchannel_ner::evaluate(g, p).micro;
            println!(
                "O prior lowered by {d}: P {:.2} R {:.2} F1 {:.2}",
                100.0 * m.precision(),
                100.0 * m.recall(),
                100.0 * m.f1()
            );
        }
        for ((which, d), (g, p)) in biases.iter().zip(&by_bias) {
            let m = backchannel_ner::evaluate(g, p).micro;
            println!(
                "bias {which} {d}: P {:.2} R {:.2} F1 {:.2}",
                100.0 * m.precision(),
                100.0 * m.recall(),
                100.0 * m.f1()
            );
        }
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
