//! Near-duplicate grouping on real news: `cargo run --release -p backchannel-store --example near_dup_eval`
//!
//! Stores the PolNeAR texts (`../shared/bench/polnear/{train,dev}/text`, read in
//! place), then three edited copies of each, the kind a syndicating outlet makes:
//! a byline added and one paragraph dropped; the ending cut (first 60% of the
//! paragraphs kept); a passage of the next article (a quarter of this one's
//! length) appended. Reports how many copies joined their original's group
//! (recall), how many joined another group, and how many originals were grouped
//! with each other. `VERBOSE=1` names the copies that joined another group.

use std::collections::HashMap;

use backchannel_core::{DocMeta, Document};
use backchannel_store::{Insert, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bench/polnear");
    let mut texts = Vec::new();
    for split in ["train", "dev"] {
        let dir = std::path::Path::new(root).join(split).join("text");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e} (is ../shared present?)", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for p in paths {
            texts.push(std::fs::read_to_string(&p)?);
        }
    }
    let dir = std::env::temp_dir().join(format!("bc-neardup-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut store = Store::open(&dir.join("eval.db"))?;
    let originals: Vec<Document> = texts
        .iter()
        .map(|t| Document::from_plain(t.clone(), DocMeta::default()))
        .collect();
    let out = store.insert_batch(&originals)?;
    let mut group_of: HashMap<String, i64> = HashMap::new();
    let mut originals_grouped = 0;
    for o in &out {
        match o {
            Insert::Stored { id, group } => {
                group_of.insert(id.clone(), *group);
            }
            Insert::NearDuplicate { id, group, .. } => {
                originals_grouped += 1;
                group_of.insert(id.clone(), *group);
            }
            Insert::Duplicate { .. } => {}
        }
    }
    let edits = [
        "byline + dropped paragraph",
        "ending cut",
        "foreign passage added",
    ];
    let mut tally = vec![(0usize, 0usize, 0usize); edits.len()]; // (joined own, wrong group, alone)
    for (i, doc) in originals.iter().enumerate() {
        let Some(&own) = group_of.get(&doc.meta.id) else {
            continue;
        };
        let paras: Vec<&str> = doc
            .text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .collect();
        if paras.len() < 3 {
            continue;
        }
        // Another article's words, at most a quarter of this one's length.
        let words = doc.text.split_whitespace().count();
        let other = &originals[(i + 1) % originals.len()].text;
        let foreign = other
            .split_whitespace()
            .skip(20)
            .take(words / 4)
            .collect::<Vec<_>>()
            .join(" ");
        let mut dropped = paras.clone();
        dropped.remove(paras.len() / 2);
        let variants = [
            format!("By a staff writer\n\n{}", dropped.join("\n\n")),
            paras[..(paras.len() * 6 / 10).max(1)].join("\n\n"),
            format!("{}\n\n{foreign}", paras.join("\n\n")),
        ];
        for (k, text) in variants.into_iter().enumerate() {
            match store.insert(&Document::from_plain(text, DocMeta::default()))? {
                Insert::NearDuplicate { group, .. } if group == own => tally[k].0 += 1,
                Insert::NearDuplicate { of, similarity, .. } => {
                    tally[k].1 += 1;
                    if std::env::var_os("VERBOSE").is_some() {
                        let j = originals.iter().position(|d| d.meta.id == of);
                        eprintln!("{} of #{i} joined #{j:?} ({similarity:.2})", edits[k]);
                    }
                }
                Insert::Stored { .. } => tally[k].2 += 1,
                Insert::Duplicate { .. } => {}
            }
        }
    }
    println!(
        "{} originals stored, {originals_grouped} of them grouped with an earlier original",
        group_of.len()
    );
    for (name, (own, wrong, alone)) in edits.iter().zip(tally) {
        let n = own + wrong + alone;
        println!(
            "{name:28} {own}/{n} joined their original ({:.1}%), {wrong} joined another group, {alone} stayed alone",
            100.0 * own as f64 / n.max(1) as f64
        );
    }
    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
