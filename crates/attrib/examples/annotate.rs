//! Print the attributions found in a plain-text file, one per line.
//! Usage: cargo run --release -p backchannel-attrib --example annotate -- FILE.txt [MODEL]

use backchannel_attrib::{prepare, Attributor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: annotate FILE.txt [MODEL]");
        std::process::exit(2)
    };
    let att =
        Attributor::load_or_embedded(args.get(1).map(std::path::Path::new)).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let mut doc = prepare(&text, &backchannel_attrib::example_prep());
    att.annotate(&mut doc);
    let chars: Vec<char> = doc.text.chars().collect();
    for a in &doc.attributions {
        let content: Vec<String> = a
            .content
            .iter()
            .map(|p| chars[p.start..p.end].iter().collect())
            .collect();
        println!(
            "{} [{}|{}|{}] src={:?} ({}) cue={:?} via={:?} anon={:?}\n    content={:?}",
            a.id,
            a.source.as_ref().map_or("none", |s| s.kind.as_str()),
            a.stance,
            a.form,
            a.source.as_ref().map(|s| s.text.as_str()).unwrap_or(""),
            a.source
                .as_ref()
                .and_then(|s| s.entity.as_deref())
                .unwrap_or("-"),
            a.cue.text,
            a.via.as_ref().map(|v| v.outlet.as_str()),
            a.anonymity_reason,
            content.join(" … ")
        );
    }
}
