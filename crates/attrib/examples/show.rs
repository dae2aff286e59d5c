//! Print gold and predicted token labels side by side for one PolNeAR article.
//! Usage: cargo run --release -p backchannel-attrib --example show -- DIR NAME_PREFIX [MODEL]

use std::path::PathBuf;

use backchannel_attrib::corpus::{gold_labels, load_dir};
use backchannel_attrib::{prepare, Attributor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: show DIR NAME_PREFIX [MODEL]");
        std::process::exit(2);
    }
    let att =
        Attributor::load_or_embedded(args.get(2).map(std::path::Path::new)).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
    let arts = load_dir(&PathBuf::from(&args[0]), true).unwrap_or_default();
    let Some(a) = arts.iter().find(|a| a.name.starts_with(&args[1])) else {
        eprintln!("no article {}", args[1]);
        std::process::exit(1)
    };
    let mut doc = prepare(&a.text, &backchannel_attrib::example_prep());
    let gold = gold_labels(&doc, &a.gold);
    att.annotate(&mut doc);
    let pred = gold_labels(&doc, &doc.attributions);
    let idx = doc.char_index();
    let names = ["O", "B-S", "I-S", "B-C", "I-C", "B-Q", "I-Q"];
    for (i, t) in doc.tokens.iter().enumerate() {
        let mark = if gold[i] == pred[i] { "" } else { "  <<<" };
        println!(
            "{:<20} {:<4} {:<4}{mark}",
            doc.slice(&idx, t.start, t.end),
            names[gold[i] as usize],
            names[pred[i] as usize]
        );
    }
}
