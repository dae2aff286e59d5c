//! Content boundary errors on a PolNeAR compartment: for every gold content
//! overlapped by a predicted content that does not match exactly, print the
//! words the prediction has too many / too few at each edge, and tally them.
//! Usage: cargo run --release -p backchannel-attrib --example boundaries -- DIR [ROLE]
//! (ROLE: content (default) or source or cue).

use std::collections::HashMap;
use std::path::PathBuf;

use backchannel_attrib::corpus::load_dir;
use backchannel_attrib::eval::normalise;
use backchannel_attrib::{prepare, Attributor};
use backchannel_core::Attribution;

type Pieces = Vec<(usize, usize)>;

fn spans(a: &Attribution, role: &str) -> Pieces {
    match role {
        "source" => a.source.iter().map(|s| (s.start, s.end)).collect(),
        "cue" => vec![(a.cue.start, a.cue.end)],
        _ => a.content.iter().map(|p| (p.start, p.end)).collect(),
    }
}

fn text(chars: &[char], a: usize, b: usize) -> String {
    chars[a.min(b)..b.max(a)]
        .iter()
        .collect::<String>()
        .replace('\n', " ")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: boundaries DIR [ROLE]");
        std::process::exit(2)
    };
    let role = args.get(1).map_or("content", |s| s.as_str());
    let att = Attributor::embedded().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let arts = load_dir(&PathBuf::from(dir), true).unwrap_or_default();
    let mut tally: HashMap<String, usize> = HashMap::new();
    let (mut missed, mut spurious) = (0, 0);
    for a in &arts {
        let mut doc = prepare(&a.text, &backchannel_attrib::example_prep());
        att.annotate(&mut doc);
        let chars: Vec<char> = a.text.chars().collect();
        let gold: Vec<Pieces> = a
            .gold
            .iter()
            .map(|g| normalise(&chars, spans(g, role)))
            .filter(|s| !s.is_empty())
            .collect();
        let pred: Vec<Pieces> = doc
            .attributions
            .iter()
            .map(|p| normalise(&chars, spans(p, role)))
            .filter(|s| !s.is_empty())
            .collect();
        let ext = |s: &Pieces| (s[0].0, s[s.len() - 1].1);
        for g in &gold {
            if pred.contains(g) {
                continue;
            }
            let (ga, gb) = ext(g);
            let Some(p) = pred.iter().find(|p| {
                let (pa, pb) = ext(p);
                pa < gb && ga < pb && !gold.contains(p)
            }) else {
                missed += 1;
                let t = text(&chars, ga, gb).to_lowercase();
                *tally.entry(format!("missed: {t}")).or_default() += 1;
                continue;
            };
            let (pa, pb) = ext(p);
            let mut kinds = Vec::new();
            if pa < ga {
                kinds.push(format!("L+ {}", text(&chars, pa, ga).trim()));
            } else if pa > ga {
                kinds.push(format!("L- {}", text(&chars, ga, pa).trim()));
            }
            if pb > gb {
                kinds.push(format!("R+ {}", text(&chars, gb, pb).trim()));
            } else if pb < gb {
                kinds.push(format!("R- {}", text(&chars, pb, gb).trim()));
            }
            if p.len() != g.len() {
                kinds.push(format!("pieces {} vs gold {}", p.len(), g.len()));
            } else if kinds.is_empty() {
                kinds.push("inner piece edges".into());
            }
            println!(
                "{}\n  gold: {}\n  pred: {}\n  {}",
                a.name,
                g.iter()
                    .map(|&(x, y)| text(&chars, x, y))
                    .collect::<Vec<_>>()
                    .join(" | "),
                p.iter()
                    .map(|&(x, y)| text(&chars, x, y))
                    .collect::<Vec<_>>()
                    .join(" | "),
                kinds.join("; ")
            );
            for k in kinds {
                // Tally by edge and the first/last word of the difference.
                let key = if k.starts_with("pieces") || k.starts_with("inner") {
                    k
                } else {
                    let (tag, rest) = k.split_at(2);
                    let ws: Vec<&str> = rest.split_whitespace().collect();
                    let w = if tag.starts_with('L') {
                        ws.last()
                    } else {
                        ws.first()
                    };
                    let len = match ws.len() {
                        1 => "1",
                        2..=3 => "2-3",
                        _ => "4+",
                    };
                    format!("{tag} [{len}] {}", w.unwrap_or(&""))
                };
                *tally.entry(key).or_default() += 1;
            }
        }
        for p in &pred {
            let (pa, pb) = ext(p);
            if !gold.iter().any(|g| {
                let (ga, gb) = ext(g);
                pa < gb && ga < pb
            }) {
                spurious += 1;
                let t = text(&chars, pa, pb).to_lowercase();
                *tally.entry(format!("spurious: {t}")).or_default() += 1;
            }
        }
    }
    let mut t: Vec<_> = tally.into_iter().collect();
    t.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("== missed (no overlapping prediction): {missed}; spurious: {spurious}");
    for (k, c) in t.iter().take(100) {
        println!("{c:>5}  {k}");
    }
}
