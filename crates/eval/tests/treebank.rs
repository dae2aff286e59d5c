//! Checks on the real EWT test file (skipped when ../shared is missing).

use backchannel_core::conllu;
use backchannel_eval::{evaluate, raw_text};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn ewt_test() -> Option<Vec<conllu::Sentence>> {
    let path = format!("{SHARED}/corpora/ud-english-ewt/en_ewt-ud-test.conllu");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(conllu::parse(&s).expect("EWT test parses")),
        Err(_) => {
            eprintln!("skipping: {path} not found");
            None
        }
    }
}

#[test]
fn ewt_test_against_itself_is_perfect() {
    let Some(g) = ewt_test() else { return };
    let s = evaluate(&g, &g).unwrap();
    for (name, score) in s.rows() {
        assert_eq!(score.correct, score.gold_total, "{name}");
    }
    assert_eq!(s.sentences.gold_total, 2077);
}

#[test]
fn raw_text_spells_the_gold_tokens() {
    let Some(g) = ewt_test() else { return };
    let text = raw_text(&g);
    let from_text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let from_gold: String = g
        .iter()
        .flat_map(|s| s.surface_tokens())
        .flat_map(|(f, _)| f.chars().filter(|c| !c.is_whitespace()))
        .collect();
    assert_eq!(from_text, from_gold);
    assert!(
        text.contains("\n\n"),
        "paragraphs are separated by blank lines"
    );
}
