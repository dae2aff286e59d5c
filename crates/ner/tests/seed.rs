//! The seed article: every person and organisation named in it must be found.

use backchannel_core::{DocMeta, Document};
use backchannel_ner::Ner;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn seed_doc() -> Option<Document> {
    let path = format!("{SHARED}/seed/amn-2021-02-22-iran-backchannel.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {path} not found (../shared is missing)");
        return None;
    };
    let mut doc = Document::from_plain(text, DocMeta::default());
    backchannel_segment::segment(&mut doc);
    if doc.tokens.is_empty() {
        let (t, s) = backchannel_ner::tokenize::simple_tokens(&doc.text);
        doc.tokens = t;
        doc.sentences = s;
    }
    Some(doc)
}

#[test]
fn seed_article_people_and_organisations() {
    let Some(mut doc) = seed_doc() else { return };
    let ner = Ner::embedded().expect("embedded model loads");
    ner.recognize(&mut doc);
    let has = |kind: &str, needle: &str| {
        doc.entities.iter().any(|e| {
            e.kind == kind
                && e.mentions
                    .iter()
                    .any(|m| m.text == needle || m.text.ends_with(&format!(" {needle}")))
        })
    };
    let people = [
        "Kerry", "Zarif", "Malley", "Trump", "Biden", "Obama", "Rubio", "Cruz", "Cotton", "Braun",
        "Parsi", "Moniz", "Sherman", "Blinken", "Khamenei", "Dubowitz",
    ];
    let orgs = [
        "Washington Times",
        "Washington Examiner",
        "International Crisis Group",
        "State Department",
        "NIAC",
        "Foundation for Defense of Democracies",
        "Department of Justice",
    ];
    let mut missing: Vec<String> = Vec::new();
    for p in people {
        if !has("person", p) {
            missing.push(format!("person {p}"));
        }
    }
    for o in orgs {
        if !has("organization", o) {
            missing.push(format!("organization {o}"));
        }
    }
    let listing: Vec<String> = doc
        .entities
        .iter()
        .map(|e| format!("{} {} {:?} x{}", e.id, e.kind, e.name, e.mentions.len()))
        .collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}\nfound:\n{}",
        listing.join("\n")
    );
}

#[test]
fn seed_article_merges_mentions() {
    let Some(mut doc) = seed_doc() else { return };
    let ner = Ner::embedded().expect("embedded model loads");
    ner.recognize(&mut doc);
    let kerry: Vec<_> = doc
        .entities
        .iter()
        .filter(|e| e.name.ends_with("Kerry"))
        .collect();
    assert_eq!(kerry.len(), 1, "one Kerry entity");
    assert_eq!(kerry[0].name, "John Kerry");
    assert!(kerry[0].mentions.len() >= 3);
    for e in &doc.entities {
        for m in &e.mentions {
            let text: String = doc
                .text
                .chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect();
            assert_eq!(text, m.text, "mention offsets are char offsets");
        }
    }
}
