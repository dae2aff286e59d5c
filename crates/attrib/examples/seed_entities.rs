//! The seed article through segment + NER + attribution, as the pipeline runs
//! it: prints each attribution with the entity its source resolved to.
//! Usage: cargo run --release -p backchannel-attrib --example seed_entities -- FILE.txt

use backchannel_attrib::{parse_prep, prepare, Attributor};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: seed_entities FILE.txt");
        std::process::exit(2)
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let (Ok(att), Ok(ner)) = (Attributor::embedded(), backchannel_ner::Ner::embedded()) else {
        eprintln!("models failed to load");
        std::process::exit(1)
    };
    let mut doc = prepare(&text, &parse_prep);
    ner.recognize(&mut doc);
    att.annotate(&mut doc);
    for a in &doc.attributions {
        let (src, kind, ent) = a.source.as_ref().map_or(("", "none", None), |s| {
            (s.text.as_str(), s.kind.as_str(), s.entity.as_deref())
        });
        let ent_name = ent
            .and_then(|id| doc.entities.iter().find(|e| e.id == id))
            .map(|e| format!("{} ({})", e.name, e.kind));
        println!(
            "{} [{kind}|{}|{}] {src:?} -> {:?} cue={:?} via={:?}",
            a.id,
            a.stance,
            a.form,
            ent_name,
            a.cue.text,
            a.via.as_ref().map(|v| v.outlet.as_str())
        );
    }
}
