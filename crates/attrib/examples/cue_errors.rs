//! Cue and source exact-match errors on a PolNeAR compartment, one line each
//! (tab-separated, for sorting and counting with shell tools).
//! Usage: cargo run --release -p backchannel-attrib --example cue_errors -- DIR [MODEL]
//! Lines: `CUE|SRC <tab> TP|FN|FP|NEAR <tab> gold <tab> pred <tab> cue <tab> sentence`.
//! `MISS <tab> INCONTENT|FREE <tab> gold cue …`: each gold cue not found exactly, and
//! whether a predicted content swallowed it (dev: 113 of 723) or nothing covers it.
//!
//! Held-out errors on train: link half of `train/` (by text) into a
//! `train/` and the rest into a `dev/` folder, train on them with the
//! `attrib_train` example, and run this on that `dev/` with the model
//! (cue_errors DIR MODEL). Such a half (cue F1 64.2) leaves no predicted
//! cue on gold cues ending in "of" 151 of 230 times, "on" 107/173, "for"
//! 132/249, "in" 44/58, ":" 34/84 (interview "Q:"/"A:" labels, mixed-case
//! speakers), "said" only 33/2047; the 2,788 such cues spread over
//! hundreds of phrases ("known as", "took a shot at", "is seen as", nouns
//! with "of") that PolNeAR marks inconsistently (train: "known as" inside
//! a cue 24 of 49 times, "seen as" 12/48, "support from" 4/45). Predicted
//! attributions with neither source nor content are right 33% of the time
//! on dev (17 of 51), 40% on that half (116 of 293): about the F1/2
//! break-even, nothing to drop there.

use std::path::PathBuf;

use backchannel_attrib::corpus::load_dir;
use backchannel_attrib::{prepare, Attributor};
use backchannel_core::Attribution;

type Span = (usize, usize);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cue_errors DIR [MODEL]");
        std::process::exit(2);
    };
    let att =
        Attributor::load_or_embedded(args.get(1).map(std::path::Path::new)).unwrap_or_else(|e| {
            eprintln!("model: {e}");
            std::process::exit(1)
        });
    let prep = backchannel_attrib::example_prep();
    let arts = load_dir(&dir, true).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    for a in &arts {
        let mut doc = prepare(&a.text, &prep);
        att.annotate(&mut doc);
        let chars: Vec<char> = a.text.chars().collect();
        let text = |s: Span| -> String {
            chars[s.0.min(chars.len())..s.1.min(chars.len())]
                .iter()
                .map(|c| if c.is_whitespace() { ' ' } else { *c })
                .collect()
        };
        let sentence = |s: Span| -> String {
            let lo = (0..s.0.min(chars.len()))
                .rev()
                .find(|&i| {
                    chars[i] == '\n' || (chars[i] == '.' && i + 1 < s.0 && chars[i + 1] == ' ')
                })
                .map_or(0, |i| i + 1);
            let hi = (s.1.min(chars.len())..chars.len())
                .find(|&i| chars[i] == '\n' || (chars[i] == '.' && i > s.1))
                .unwrap_or(chars.len());
            text((lo, (hi + 1).min(chars.len())))
        };
        // Gold attributions whose cue was found exactly: the two sources.
        for g in &a.gold {
            let Some(x) = doc
                .attributions
                .iter()
                .find(|x| (x.cue.start, x.cue.end) == (g.cue.start, g.cue.end))
            else {
                continue;
            };
            let gs = g
                .source
                .as_ref()
                .map(|s| text((s.start, s.end)).trim().to_string())
                .unwrap_or_default();
            let ps = x
                .source
                .as_ref()
                .map(|s| text((s.start, s.end)).trim().to_string())
                .unwrap_or_default();
            let side = match (&g.source, &x.source) {
                (Some(s), _) if s.start >= g.cue.end => "after",
                (Some(_), _) => "before",
                _ => "none",
            };
            println!(
                "PAIR\t{}\t{gs}\t{ps}\t{}\t{side}\t{}",
                if gs == ps { "OK" } else { "BAD" },
                g.cue.text,
                a.name
            );
        }
        // Every predicted cue: exact hit or not, with what it links.
        for x in &doc.attributions {
            let hit = a
                .gold
                .iter()
                .any(|g| (g.cue.start, g.cue.end) == (x.cue.start, x.cue.end));
            println!(
                "PRED\t{}\t{}\t{}\t{}\t{}\t{}",
                if hit { "TP" } else { "FP" },
                x.source.is_some() as u8,
                x.content.len(),
                x.cue.text.split_whitespace().count(),
                x.cue.text,
                a.name
            );
        }
        // Gold cues not found exactly that a predicted content swallowed
        // (the tagger gave their tokens to another attribution's content).
        for g in &a.gold {
            let (gs, ge) = (g.cue.start, g.cue.end);
            if doc
                .attributions
                .iter()
                .any(|x| (x.cue.start, x.cue.end) == (gs, ge))
            {
                continue;
            }
            let inside = doc
                .attributions
                .iter()
                .any(|y| y.content.iter().any(|p| p.start < ge && gs < p.end));
            println!(
                "MISS\t{}\t{}\t\t\t{}\t{}",
                if inside { "INCONTENT" } else { "FREE" },
                text((gs, ge)),
                sentence((gs, ge)),
                a.name
            );
        }
        // Predicted cues inside another prediction's content (never in gold).
        for (i, x) in doc.attributions.iter().enumerate() {
            let nested = doc.attributions.iter().enumerate().any(|(j, y)| {
                j != i
                    && y.content
                        .iter()
                        .any(|p| p.start <= x.cue.start && x.cue.end <= p.end)
            });
            if nested {
                let hit = a
                    .gold
                    .iter()
                    .any(|g| (g.cue.start, g.cue.end) == (x.cue.start, x.cue.end));
                println!(
                    "NEST\t{}\t\t{}\t\t{}\t{}",
                    if hit { "TP" } else { "FP" },
                    x.cue.text,
                    sentence((x.cue.start, x.cue.end)),
                    a.name
                );
            }
        }
        for (role, get) in [
            (
                "CUE",
                (|x: &Attribution| Some((x.cue.start, x.cue.end)))
                    as fn(&Attribution) -> Option<Span>,
            ),
            ("SRC", |x: &Attribution| {
                x.source.as_ref().map(|s| (s.start, s.end))
            }),
        ] {
            let trim = |s: Span| {
                let (mut a, mut b) = s;
                while a < b && chars.get(a).is_some_and(|c| c.is_whitespace()) {
                    a += 1;
                }
                while b > a && chars.get(b - 1).is_some_and(|c| c.is_whitespace()) {
                    b -= 1;
                }
                (a, b)
            };
            let g: Vec<(Span, Span)> = a
                .gold
                .iter()
                .filter_map(|x| get(x).map(|s| (trim(s), (x.cue.start, x.cue.end))))
                .collect();
            let mut p: Vec<(Span, Span, bool)> = doc
                .attributions
                .iter()
                .filter_map(|x| get(x).map(|s| (trim(s), (x.cue.start, x.cue.end), false)))
                .collect();
            let mut gm = vec![false; g.len()];
            for (i, (gs, _)) in g.iter().enumerate() {
                if let Some(k) = p.iter().position(|(ps, _, u)| !u && ps == gs) {
                    p[k].2 = true;
                    gm[i] = true;
                }
            }
            for (i, (gs, gc)) in g.iter().enumerate() {
                let kind = if gm[i] { "TP" } else { "FN" };
                let near = p
                    .iter()
                    .find(|(ps, _, u)| !u && ps.0 < gs.1 && gs.0 < ps.1)
                    .map(|(ps, _, _)| text(*ps))
                    .unwrap_or_default();
                let kind = if !gm[i] && !near.is_empty() {
                    "NEAR"
                } else {
                    kind
                };
                println!(
                    "{role}\t{kind}\t{}\t{near}\t{}\t{}\t{}",
                    text(*gs),
                    text(*gc),
                    sentence(*gs),
                    a.name
                );
            }
            for (ps, pc, u) in &p {
                if *u {
                    continue;
                }
                let near = g.iter().any(|(gs, _)| ps.0 < gs.1 && gs.0 < ps.1);
                println!(
                    "{role}\t{}\t\t{}\t{}\t{}\t{}",
                    if near { "FPNEAR" } else { "FP" },
                    text(*ps),
                    text(*pc),
                    sentence(*ps),
                    a.name
                );
            }
        }
    }
}
