//! Segmentation quality on the dev splits (skipped when ../shared is missing).

use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    if p.join("corpora/ud-english-ewt").exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found", p.display());
        None
    }
}

#[test]
fn dev_sets_meet_the_floor() {
    let Some(shared) = shared() else { return };
    let sets = backchannel_segment::eval_standard_sets(&shared, "dev").unwrap();
    eprint!("{}", backchannel_segment::format_table(&sets));
    let [ewt, gum, news] = &sets[..] else {
        panic!("three sets")
    };
    assert!(
        ewt.scores.tokens.f1 >= 0.99,
        "EWT tokens {}",
        ewt.scores.tokens.f1
    );
    assert!(
        ewt.scores.sentences.f1 >= 0.87,
        "EWT sentences {}",
        ewt.scores.sentences.f1
    );
    assert!(
        gum.scores.tokens.f1 >= 0.99,
        "GUM tokens {}",
        gum.scores.tokens.f1
    );
    assert!(
        gum.scores.sentences.f1 >= 0.955,
        "GUM sentences {}",
        gum.scores.sentences.f1
    );
    assert!(
        news.scores.sentences.f1 >= 0.97,
        "GUM news sentences {}",
        news.scores.sentences.f1
    );
}
