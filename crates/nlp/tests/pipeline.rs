//! End-to-end behaviour of the embedded model and of training.

use backchannel_core::{conllu, DocMeta, Document, Sentence, Token};
use backchannel_nlp::{Nlp, TrainOptions};

fn embedded() -> Option<Nlp> {
    match Nlp::embedded() {
        Ok(n) => Some(n),
        Err(e) => {
            eprintln!("skipping: no embedded model ({e})");
            None
        }
    }
}

/// Tokenise on spaces (punctuation pre-separated in the test strings).
fn doc(sentences: &[&str]) -> Document {
    let text = sentences.join(" ");
    let mut d = Document::from_plain(text.clone(), DocMeta::default());
    let mut pos = 0;
    for s in sentences {
        let start = pos;
        for w in s.split(' ') {
            let n = w.chars().count();
            if n > 0 {
                d.tokens.push(Token::new(pos, pos + n));
            }
            pos += n + 1;
        }
        d.sentences.push(Sentence {
            start,
            end: pos - 1,
        });
    }
    d
}

/// Every sentence's heads form one tree inside the sentence.
fn assert_trees(d: &Document) {
    for s in &d.sentences {
        let r = d.sentence_tokens(s);
        let roots = d.tokens[r.clone()].iter().filter(|t| t.head < 0).count();
        assert_eq!(roots, 1, "one root per sentence");
        for i in r.clone() {
            let mut cur = i as i64;
            for _ in 0..=r.len() {
                let h = d.tokens[cur as usize].head;
                if h < 0 {
                    break;
                }
                assert!(r.contains(&(h as usize)), "head stays in the sentence");
                cur = h;
            }
            assert!(d.tokens[cur as usize].head < 0, "no cycle from token {i}");
        }
    }
}

#[test]
fn annotates_a_news_sentence_sensibly() {
    let Some(nlp) = embedded() else { return };
    let mut d = doc(&[
        "Iranian officials met secretly with American diplomats in Oman last year , sources said .",
        "The talks were not announced .",
    ]);
    nlp.annotate(&mut d);
    assert_trees(&d);
    let tok = |i: usize| &d.tokens[i];
    assert_eq!(tok(2).upos.as_deref(), Some("VERB"), "met");
    assert_eq!(tok(2).lemma.as_deref(), Some("meet"));
    assert_eq!(tok(6).upos.as_deref(), Some("NOUN"), "diplomats");
    assert_eq!(tok(6).lemma.as_deref(), Some("diplomat"));
    assert_eq!(tok(8).xpos.as_deref(), Some("NNP"), "Oman");
    assert_eq!(tok(1).deprel.as_deref(), Some("nsubj"), "officials");
    assert_eq!(tok(1).head, 2);
    // Heads are document-global: "talks" (token 16) hangs on "announced" (19).
    assert_eq!(d.tokens[16].head, 19);
    assert_eq!(d.tokens[19].head, -1);
    assert_eq!(d.tokens[19].deprel.as_deref(), Some("root"));
}

#[test]
fn odd_input_never_panics() {
    let Some(nlp) = embedded() else { return };
    let mut empty = Document::from_plain(String::new(), DocMeta::default());
    nlp.annotate(&mut empty);
    let long: Vec<String> = (0..600).map(|i| format!("w{i}")).collect();
    let long = long.join(" ");
    let mut d = doc(&["Ünïcödé — “quoted” 😀 ...", "x", &long]);
    nlp.annotate(&mut d);
    assert_trees(&d);
    // Tokens with no sentence layer are analysed as one sentence.
    let mut d = doc(&["no sentence layer here"]);
    d.sentences.clear();
    nlp.annotate(&mut d);
    assert!(d.tokens.iter().all(|t| t.upos.is_some()));
    // Out-of-range offsets are tolerated.
    let mut d = Document::from_plain("ab".into(), DocMeta::default());
    d.tokens.push(Token::new(1, 9));
    d.sentences.push(Sentence { start: 0, end: 9 });
    nlp.annotate(&mut d);
}

#[test]
fn conllu_keeps_forms_and_fills_analyses() {
    let Some(nlp) = embedded() else { return };
    let mut s = conllu::parse("1\tShe\t_\t_\t_\t_\t0\t_\t_\t_\n2\tdenied\t_\t_\t_\t_\t0\t_\t_\t_\n3\tit\t_\t_\t_\t_\t0\t_\t_\t_\n4\t.\t_\t_\t_\t_\t0\t_\t_\t_\n\n").unwrap();
    nlp.annotate_conllu(&mut s);
    let w = &s[0].words;
    assert_eq!(
        w.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(),
        ["She", "denied", "it", "."]
    );
    assert_eq!(w[1].lemma, "deny");
    assert_eq!(w[1].head, 0);
    assert_eq!(w[1].deprel, "root");
    assert_eq!(w[0].head, 2);
    assert_eq!(w[2].deprel, "obj");
}

#[test]
fn bad_model_bytes_are_errors() {
    assert!(Nlp::from_bytes(b"").is_err());
    assert!(Nlp::from_bytes(b"not a model at all").is_err());
    if let Ok(path) =
        std::fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/nlp.bin"))
    {
        let bytes = std::fs::read(path).unwrap_or_default();
        if bytes.len() > 100 {
            assert!(Nlp::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        }
    }
}

const TINY: &str = "# sent_id = 1\n1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n3\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n# sent_id = 2\n1\tCats\tcat\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tsleep\tsleep\tVERB\tVBP\t_\t0\troot\t_\t_\n3\tquietly\tquietly\tADV\tRB\t_\t2\tadvmod\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n# sent_id = 3\n1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n3\tsat\tsit\tVERB\tVBD\t_\t0\troot\t_\t_\n4\there\there\tADV\tRB\t_\t3\tadvmod\t_\t_\n\n";

#[test]
fn training_is_deterministic_and_learns_a_toy_treebank() {
    let dir = std::env::temp_dir().join(format!("bc-nlp-train-{}", std::process::id()));
    let ewt = dir.join("ud-english-ewt");
    std::fs::create_dir_all(&ewt).unwrap();
    std::fs::write(ewt.join("en_ewt-ud-train.conllu"), TINY).unwrap();
    std::fs::write(ewt.join("en_ewt-ud-dev.conllu"), TINY).unwrap();
    let opt = TrainOptions {
        tagger_epochs: 5,
        parser_epochs: 5,
        folds: 2,
        gum: false,
        prune_tagger: 0.0,
        prune_parser: 0.0,
        ..Default::default()
    };
    let (a, b) = (dir.join("a.bin"), dir.join("b.bin"));
    backchannel_nlp::train_with(&dir, &a, 7, &opt).unwrap();
    backchannel_nlp::train_with(&dir, &b, 7, &opt).unwrap();
    let (ba, bb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(ba, bb, "same seed, same bytes");
    // With gold training tags (no jackknife on three sentences) it fits them.
    let opt = TrainOptions {
        folds: 0,
        parser_epochs: 10,
        ..opt
    };
    let report = backchannel_nlp::train_with(&dir, &a, 7, &opt).unwrap();
    let dev = report.dev.expect("dev scores");
    assert_eq!(dev.upos, 100.0, "{report} {dev}");
    assert_eq!(dev.las, 100.0, "{report}");
    let nlp = Nlp::load(&a).unwrap();
    let mut s = conllu::parse(TINY).unwrap();
    nlp.annotate_conllu(&mut s);
    assert_eq!(s[2].words[2].lemma, "sit");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ewt_dev_scores_hold() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");
    let path = std::path::Path::new(shared).join("corpora/ud-english-ewt/en_ewt-ud-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let Some(nlp) = embedded() else { return };
    let gold = conllu::parse(&text).unwrap();
    let s = backchannel_nlp::evaluate(&nlp, &gold);
    assert!(s.upos >= 94.0, "{s}");
    assert!(s.las >= 79.0, "{s}");
    assert!(s.lemmas >= 96.0, "{s}");
}
