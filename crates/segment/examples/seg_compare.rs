//! Development aid: run-time sentence-start errors of two boundary model
//! files on a treebank (never run on test splits while tuning), and the gaps
//! where the two disagree. Usage: seg_compare <file.conllu> <model-a> <model-b>

use std::collections::{HashMap, HashSet};

use backchannel_core::conllu;
use backchannel_segment::boundary;

fn read_model(path: &str) -> Option<(HashMap<u64, f32>, f32)> {
    let (w, threshold) = boundary::parse_weights(&std::fs::read_to_string(path).ok()?);
    Some((w.into_iter().collect(), threshold))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, a, b] = [0, 1, 2].map(|i| args.get(i).cloned().unwrap_or_default());
    let (Some(src), Some(ma), Some(mb)) = (
        std::fs::read_to_string(&path).ok(),
        read_model(&a),
        read_model(&b),
    ) else {
        eprintln!("seg_compare: cannot read {path}, {a} or {b}");
        return;
    };
    let Ok(gold) = conllu::parse(&src) else {
        eprintln!("seg_compare: cannot parse {path}");
        return;
    };
    let text = backchannel_eval::raw_text(&gold);
    let starts = backchannel_segment::train::gold_starts(&text, &gold);
    let got = |m: &(HashMap<u64, f32>, f32)| -> HashSet<usize> {
        backchannel_segment::segment_weighted(&text, &m.0, m.1)
            .sentences
            .iter()
            .map(|s| s.start)
            .collect()
    };
    let (sa, sb) = (got(&ma), got(&mb));
    let mut diff: Vec<usize> = sa.symmetric_difference(&sb).copied().collect();
    diff.sort_unstable();
    for at in diff {
        let lo = text.floor_char_boundary(at.saturating_sub(50));
        let hi = text.ceil_char_boundary((at + 30).min(text.len()));
        let ctx = format!("{}‖{}", &text[lo..at], &text[at..hi]).replace('\n', "¶");
        let right = if sa.contains(&at) == starts.contains(&at) {
            "A"
        } else {
            "B"
        };
        println!("{right} right (gold {}): {ctx}", starts.contains(&at));
    }
    println!(
        "start errors: A {}, B {} ({} gold sentences)",
        starts.symmetric_difference(&sa).count(),
        starts.symmetric_difference(&sb).count(),
        starts.len()
    );
}
