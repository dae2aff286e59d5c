//! Bucketed content-span error analysis on a PolNeAR compartment.
//! Usage: cargo run --release -p backchannel-attrib --example errors -- DIR [MODEL]
//! Prints bucket counts; `ATTRIB_SHOW=bucket-prefix` prints examples of a bucket.
//! `ATTRIB_NER=1` also runs the NER stage first, as the CLI pipeline does.

use std::collections::BTreeMap;
use std::path::PathBuf;

use backchannel_attrib::corpus::load_dir;
use backchannel_attrib::eval::normalise;
use backchannel_attrib::{prepare, Attributor};
use backchannel_core::Attribution;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: errors DIR [MODEL]");
        std::process::exit(2);
    };
    let att =
        Attributor::load_or_embedded(args.get(1).map(std::path::Path::new)).unwrap_or_else(|e| {
            eprintln!("model: {e}");
            std::process::exit(1)
        });
    let ner = (std::env::var("ATTRIB_NER").as_deref() == Ok("1"))
        .then(|| backchannel_ner::Ner::embedded().ok())
        .flatten();
    let show = std::env::var("ATTRIB_SHOW").ok();
    let base = backchannel_attrib::example_prep();
    let arts = load_dir(&dir, true).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let mut buckets: BTreeMap<String, usize> = BTreeMap::new();
    for a in &arts {
        let mut doc = prepare(&a.text, &|d| {
            base(d);
            if let Some(n) = &ner {
                n.recognize(d);
            }
        });
        att.annotate(&mut doc);
        let chars: Vec<char> = a.text.chars().collect();
        let sent_of = |c: usize| doc.sentences.partition_point(|s| s.end <= c);
        let mut used = vec![false; doc.attributions.len()];
        for g in &a.gold {
            if std::env::var("ATTRIB_CUES").is_ok() {
                for p in &doc.attributions {
                    if p.cue.start < g.cue.end
                        && g.cue.start < p.cue.end
                        && (p.cue.start, p.cue.end) != (g.cue.start, g.cue.end)
                    {
                        println!("CUE gold {:?} pred {:?}", g.cue.text, p.cue.text);
                    }
                }
            }
            let gc = norm(&chars, &g.content);
            if gc.is_empty() {
                continue;
            }
            let hit = doc
                .attributions
                .iter()
                .position(|p| p.cue.start < g.cue.end && g.cue.start < p.cue.end);
            let b = match hit {
                None => {
                    let covered = doc.attributions.iter().any(|p| {
                        norm(&chars, &p.content)
                            .iter()
                            .any(|x| gc.iter().any(|y| x.0 < y.1 && y.0 < x.1))
                    });
                    if covered {
                        "miss/cue-missed-content-elsewhere".to_string()
                    } else {
                        "miss/entirely".to_string()
                    }
                }
                Some(i) => {
                    used[i] = true;
                    let p = &doc.attributions[i];
                    let pc = norm(&chars, &p.content);
                    classify(&chars, &gc, &pc, g, p, &sent_of)
                }
            };
            // ATTRIB_SIDE=1: buckets split by where the gold content starts.
            let b = if std::env::var("ATTRIB_SIDE").is_ok() {
                let side = if gc[0].0 < g.cue.start {
                    "before"
                } else {
                    "after"
                };
                format!("{side}:{b}")
            } else {
                b
            };
            if show.as_deref().is_some_and(|s| b.starts_with(s)) {
                let hit_p = hit.map(|i| &doc.attributions[i]);
                println!("== {b} [{}]", a.name);
                println!("  cue  {:?}", g.cue.text);
                let (lo, hi) = (gc[0].0.min(g.cue.start), gc[gc.len() - 1].1.max(g.cue.end));
                let ctx: String = chars[lo.saturating_sub(60)..(hi + 60).min(chars.len())]
                    .iter()
                    .collect();
                println!("  text {ctx:?}");
                println!("  gold {}", render(&chars, &gc));
                if let Some(p) = hit_p {
                    println!("  pcue {:?}", p.cue.text);
                    println!("  pred {}", render(&chars, &norm(&chars, &p.content)));
                }
            }
            *buckets.entry(b).or_default() += 1;
        }
        for (i, p) in doc.attributions.iter().enumerate() {
            if used[i] || p.content.is_empty() {
                continue;
            }
            let pc = norm(&chars, &p.content);
            let overl = a.gold.iter().any(|g| {
                norm(&chars, &g.content)
                    .iter()
                    .any(|y| pc.iter().any(|x| x.0 < y.1 && y.0 < x.1))
            });
            let b = if overl {
                "spurious/overlaps-gold-content"
            } else {
                "spurious/no-gold"
            };
            if show.as_deref().is_some_and(|s| b.starts_with(s)) {
                println!("== {b} [{}]", a.name);
                println!("  pcue {:?}", p.cue.text);
                println!("  pred {}", render(&chars, &pc));
            }
            *buckets.entry(b.to_string()).or_default() += 1;
        }
    }
    for (b, n) in &buckets {
        println!("{n:>5}  {b}");
    }
}

type Spans = Vec<(usize, usize)>;

fn classify(
    chars: &[char],
    gc: &Spans,
    pc: &Spans,
    g: &Attribution,
    p: &Attribution,
    sent_of: &dyn Fn(usize) -> usize,
) -> String {
    if pc.is_empty() {
        let side = if gc[0].0 >= g.cue.end {
            "after"
        } else {
            "before"
        };
        return format!("matched/pred-no-content/{side}");
    }
    let cue = if g.cue.start == p.cue.start && g.cue.end == p.cue.end {
        ""
    } else {
        "(cue-diff)"
    };
    if gc == pc {
        return format!("ok{cue}");
    }
    let (gs, ge) = (gc[0].0, gc[gc.len() - 1].1);
    let (ps, pe) = (pc[0].0, pc[pc.len() - 1].1);
    if gc.len() != pc.len() {
        let ext = if (gs, ge) == (ps, pe) {
            "same-extent"
        } else {
            "diff-extent"
        };
        return format!(
            "pieces/g{}-p{}/{ext}{cue}",
            gc.len().min(3),
            pc.len().min(3)
        );
    }
    if gc.len() > 1 {
        return format!("pieces/multi-inner-diff{cue}");
    }
    let gsent = sent_of(ge.saturating_sub(1)) - sent_of(gs);
    let psent = sent_of(pe.saturating_sub(1)) - sent_of(ps);
    let sent = if gsent != psent {
        format!("/sents g{} p{}", gsent.min(2), psent.min(2))
    } else {
        String::new()
    };
    let s = edge(chars, gs, ps);
    let e = edge(chars, ge, pe);
    format!("edge/start:{s} end:{e}{sent}{cue}")
}

/// Classify the text between two edge positions.
fn edge(chars: &[char], g: usize, p: usize) -> String {
    if g == p {
        return "=".into();
    }
    let (a, b, sign) = if p < g {
        (p, g, "pred+")
    } else {
        (g, p, "pred-")
    };
    let t: String = chars[a..b].iter().collect();
    let t = t.trim();
    let words = t.split_whitespace().count();
    let kind = if t.chars().all(|c| !c.is_alphanumeric()) {
        "punct".to_string()
    } else if t.eq_ignore_ascii_case("that") {
        "that".to_string()
    } else if words <= 2 {
        format!("w{words}")
    } else if words <= 6 {
        "w3-6".to_string()
    } else {
        "w7+".to_string()
    };
    format!("{sign}{kind}")
}

fn norm(chars: &[char], pieces: &[backchannel_core::Piece]) -> Spans {
    normalise(chars, pieces.iter().map(|p| (p.start, p.end)).collect())
}

fn render(chars: &[char], s: &Spans) -> String {
    s.iter()
        .map(|&(a, b)| format!("«{}»", chars[a..b].iter().collect::<String>()))
        .collect::<Vec<_>>()
        .join(" … ")
}
