//! Hand-made gold/system pairs whose scores were worked out by hand.

use backchannel_core::conllu::{self, Sentence};
use backchannel_eval::{evaluate, evaluate_unchecked, raw_text, Scores};

/// CoNLL-U from a compact form: columns separated by runs of spaces
/// (ID FORM LEMMA UPOS HEAD DEPREL [MISC]); XPOS/FEATS/DEPS are filled in.
fn conllu(src: &str) -> Vec<Sentence> {
    let mut out = String::new();
    for line in src.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let c: Vec<&str> = line.split_whitespace().collect();
        if c[0].contains('-') {
            let misc = c.get(2).copied().unwrap_or("_");
            out.push_str(&format!(
                "{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}\n",
                c[0], c[1], misc
            ));
            continue;
        }
        let misc = c.get(6).copied().unwrap_or("_");
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t_\tNumber=Sing\t{}\t{}\t_\t{}\n",
            c[0], c[1], c[2], c[3], c[4], c[5], misc
        ));
    }
    out.push('\n');
    conllu::parse(&out).expect("test CoNLL-U parses")
}

const GOLD: &str = "
1 The the DET 2 det
2 cat cat NOUN 3 nsubj
3 sat sit VERB 0 root SpaceAfter=No
4 . . PUNCT 3 punct

1 It it PRON 2 nsubj
2 purred purr VERB 0 root SpaceAfter=No
3 . . PUNCT 2 punct
";

fn pct(x: f64) -> String {
    format!("{:.2}", 100.0 * x)
}

#[test]
fn perfect_system_scores_100_everywhere() {
    let g = conllu(GOLD);
    let s = evaluate(&g, &g).unwrap();
    for (name, score) in s.rows() {
        assert_eq!(pct(score.f1), "100.00", "{name}");
    }
    assert_eq!(s.words.gold_total, 7);
    assert_eq!(s.sentences.gold_total, 2);
}

#[test]
fn one_token_split_wrong() {
    // "cat" split into "ca" + "t": system has 8 tokens, 6 of the gold 7 match.
    let sys = conllu(
        "
1 The the DET 2 det
2 ca ca NOUN 4 nsubj SpaceAfter=No
3 t t NOUN 2 dep
4 sat sit VERB 0 root SpaceAfter=No
5 . . PUNCT 4 punct

1 It it PRON 2 nsubj
2 purred purr VERB 0 root SpaceAfter=No
3 . . PUNCT 2 punct
",
    );
    let s = evaluate(&conllu(GOLD), &sys).unwrap();
    assert_eq!(
        (s.tokens.correct, s.tokens.gold_total, s.tokens.system_total),
        (6, 7, 8)
    );
    assert_eq!(pct(s.tokens.precision), "75.00");
    assert_eq!(pct(s.tokens.recall), "85.71");
    assert_eq!(pct(s.tokens.f1), "80.00"); // 2*6/15
    assert_eq!(pct(s.sentences.f1), "100.00");
    // "The" had head "cat", which the system does not have: UAS 5 of 6 aligned.
    assert_eq!(s.uas.correct, 5);
    assert_eq!(s.uas.aligned_total, Some(6));
    assert_eq!(pct(s.uas.f1), "66.67"); // 2*5/15
    assert_eq!(pct(s.uas.aligned_accuracy.unwrap()), "83.33");
}

#[test]
fn one_sentence_boundary_wrong() {
    // The two sentences merged into one: no sentence span matches exactly.
    let sys = conllu(
        "
1 The the DET 2 det
2 cat cat NOUN 3 nsubj
3 sat sit VERB 0 root SpaceAfter=No
4 . . PUNCT 3 punct
5 It it PRON 6 nsubj
6 purred purr VERB 3 parataxis SpaceAfter=No
7 . . PUNCT 6 punct
",
    );
    let s = evaluate(&conllu(GOLD), &sys).unwrap();
    assert_eq!(
        (
            s.sentences.correct,
            s.sentences.gold_total,
            s.sentences.system_total
        ),
        (0, 2, 1)
    );
    assert_eq!(pct(s.sentences.f1), "0.00");
    assert_eq!(pct(s.tokens.f1), "100.00");
    // "purred" was a root in gold and is a parataxis here: 6 of 7 heads right.
    assert_eq!(s.uas.correct, 6);
    assert_eq!(pct(s.uas.f1), "85.71");
    assert_eq!(s.las.correct, 6);
}

#[test]
fn sentence_split_in_the_middle_scores_half() {
    // Gold "The cat sat." kept; the second split after "It": 1 of 3 system sentences right.
    let sys = conllu(
        "
1 The the DET 2 det
2 cat cat NOUN 3 nsubj
3 sat sit VERB 0 root SpaceAfter=No
4 . . PUNCT 3 punct

1 It it PRON 0 root

1 purred purr VERB 0 root SpaceAfter=No
2 . . PUNCT 1 punct
",
    );
    let s = evaluate(&conllu(GOLD), &sys).unwrap();
    assert_eq!(
        (
            s.sentences.correct,
            s.sentences.gold_total,
            s.sentences.system_total
        ),
        (1, 2, 3)
    );
    assert_eq!(pct(s.sentences.f1), "40.00");
}

#[test]
fn a_wrong_head_and_a_wrong_label() {
    let sys = conllu(
        "
1 The the DET 3 det
2 cat cat NOUN 3 obj
3 sat sit VERB 0 root SpaceAfter=No
4 . . PUNCT 3 punct

1 It it PRON 2 nsubj
2 purred purr VERB 0 root SpaceAfter=No
3 . . PUNCT 2 punct
",
    );
    let s = evaluate(&conllu(GOLD), &sys).unwrap();
    assert_eq!(pct(s.uas.f1), "85.71"); // 6/7
    assert_eq!(pct(s.las.f1), "71.43"); // 5/7
                                        // CLAS counts content relations only: gold nsubj, root, nsubj, root = 4; system obj, root, nsubj, root = 4.
    assert_eq!(
        (s.clas.correct, s.clas.gold_total, s.clas.system_total),
        (3, 4, 4)
    );
    assert_eq!(pct(s.upos.f1), "100.00");
}

#[test]
fn subtypes_and_nonuniversal_features_are_ignored() {
    let g = conllu("1 Go go VERB 0 root\n2 home home ADV 1 obl:npmod");
    let s = conllu("1 Go go VERB 0 root\n2 home home ADV 1 obl:tmod");
    let r = evaluate(&g, &s).unwrap();
    assert_eq!(pct(r.las.f1), "100.00");
}

#[test]
fn multiword_token_left_unsplit() {
    // Gold "don't" = do + n't; the system keeps "don't" as one word.
    let g = conllu(
        "
1 I I PRON 4 nsubj
2-3 don't
2 do do AUX 4 aux
3 n't not PART 4 advmod
4 go go VERB 0 root
",
    );
    let sys = conllu(
        "
1 I I PRON 3 nsubj
2 don't do AUX 3 aux
3 go go VERB 0 root
",
    );
    let s = evaluate(&g, &sys).unwrap();
    assert_eq!(pct(s.tokens.f1), "100.00");
    // Words: I and go align; do/n't vs don't share no form. 2*2/(4+3).
    assert_eq!(
        (s.words.correct, s.words.gold_total, s.words.system_total),
        (2, 4, 3)
    );
    assert_eq!(pct(s.words.f1), "57.14");
    // "I" has head go in both (gold word 4 and system word 3 align), as does go (root).
    assert_eq!(s.uas.correct, 2);
}

#[test]
fn multiword_token_split_by_system() {
    let g = conllu(
        "
1 I I PRON 4 nsubj
2-3 don't
2 do do AUX 4 aux
3 n't not PART 4 advmod
4 go go VERB 0 root
",
    );
    let s = evaluate(&g, &g).unwrap();
    assert_eq!(pct(s.words.f1), "100.00");
    assert_eq!(pct(s.las.f1), "100.00");
    // The system splits the same token differently: "don" + "'t" as a multiword token.
    let sys = conllu(
        "
1 I I PRON 4 nsubj
2-3 don't
2 don do AUX 4 aux
3 't not PART 4 advmod
4 go go VERB 0 root
",
    );
    let s = evaluate(&g, &sys).unwrap();
    assert_eq!(pct(s.tokens.f1), "100.00");
    assert_eq!((s.words.correct, s.words.system_total), (2, 4));
    assert_eq!(pct(s.words.f1), "50.00");
}

#[test]
fn lemma_underscore_in_gold_counts_as_right() {
    let g = conllu("1 Go _ VERB 0 root\n2 home home ADV 1 advmod");
    let s = conllu("1 Go went VERB 0 root\n2 home house ADV 1 advmod");
    let r = evaluate(&g, &s).unwrap();
    assert_eq!(r.lemmas.correct, 1);
}

#[test]
fn different_characters_are_an_error() {
    let g = conllu("1 cat cat NOUN 0 root");
    let s = conllu("1 cap cap NOUN 0 root");
    let err = evaluate(&g, &s).unwrap_err();
    assert!(err.contains("differ"), "{err}");
    assert!(err.contains("'t'") && err.contains("'p'"), "{err}");
}

#[test]
fn invalid_trees_are_errors_unless_unchecked() {
    let g = conllu(GOLD);
    let s = conllu(&GOLD.replace("2 cat cat NOUN 3 nsubj", "2 cat cat NOUN 0 nsubj"));
    assert!(evaluate(&g, &s).unwrap_err().contains("multiple roots"));
    let r = evaluate_unchecked(&g, &s).unwrap();
    assert_eq!(r.uas.correct, 6);
    let cyc = conllu(&GOLD.replace("2 cat cat NOUN 3 nsubj", "2 cat cat NOUN 1 nsubj"));
    assert!(evaluate(&g, &cyc).unwrap_err().contains("cycle"));
}

#[test]
fn table_looks_like_the_official_script() {
    let g = conllu(GOLD);
    let s: Scores = evaluate(&g, &g).unwrap();
    let t = s.to_string();
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(
        lines[0],
        "Metric     | Precision |    Recall |  F1 Score | AligndAcc"
    );
    assert_eq!(lines[2], "Tokens     |    100.00 |    100.00 |    100.00 |");
    assert_eq!(
        lines[5],
        "UPOS       |    100.00 |    100.00 |    100.00 |    100.00"
    );
    assert_eq!(lines.len(), 15);
}

#[test]
fn raw_text_joins_tokens_and_separates_paragraphs() {
    let g = conllu(
        "# newdoc id = a
# newpar
1 Hi hi INTJ 0 root SpaceAfter=No
2 ! ! PUNCT 1 punct

1 Bye bye INTJ 0 root SpaceAfter=No
2 . . PUNCT 1 punct

# newpar
1 I I PRON 3 nsubj
2-3 don't
2 do do AUX 4 aux
3 n't not PART 4 advmod
4 go go VERB 0 root

# newdoc id = b
1 End end NOUN 0 root
",
    );
    assert_eq!(raw_text(&g), "Hi! Bye.\n\nI don't go\n\nEnd\n");
}
