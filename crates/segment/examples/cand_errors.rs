//! Development aid: the boundary classifier's wrong decisions on a treebank
//! (never run on test splits while tuning), with score and strongest features.
//! Usage: cand_errors <file.conllu> [model-file]

use std::collections::HashMap;

use backchannel_core::conllu;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let model = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/segment.boundary.txt"
        )
        .into()
    });
    let (Ok(src), Ok(msrc)) = (
        std::fs::read_to_string(&path),
        std::fs::read_to_string(&model),
    ) else {
        eprintln!("cand_errors: cannot read {path} or {model}");
        return;
    };
    let Ok(gold) = conllu::parse(&src) else {
        eprintln!("cand_errors: cannot parse {path}");
        return;
    };
    let (pairs, threshold) = backchannel_segment::boundary::parse_weights(&msrc);
    let w: HashMap<u64, f32> = pairs.into_iter().collect();
    let text = backchannel_eval::raw_text(&gold);
    let starts = backchannel_segment::train::gold_starts(&text, &gold);
    let mut names = HashMap::new();
    let ex = backchannel_segment::boundary_examples_at(&text, &starts, &mut names);
    let (mut fp, mut fneg) = (0, 0);
    for (at, f, y) in &ex {
        let z: f32 = f.iter().map(|k| w.get(k).copied().unwrap_or(0.0)).sum();
        if (z > threshold) == *y {
            continue;
        }
        if *y {
            fneg += 1;
        } else {
            fp += 1;
        }
        let lo = text.floor_char_boundary(at.saturating_sub(50));
        let hi = text.ceil_char_boundary((at + 30).min(text.len()));
        let ctx = format!("{}‖{}", &text[lo..*at], &text[*at..hi]).replace('\n', "¶");
        let mut top: Vec<(f32, &str)> = f
            .iter()
            .filter_map(|k| Some((*w.get(k)?, names.get(k)?.as_str())))
            .collect();
        top.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
        let top: Vec<String> = top
            .iter()
            .take(5)
            .map(|(v, n)| format!("{}={v:.2}", n.replace('\t', ":")))
            .collect();
        println!(
            "{} {z:6.2} {ctx}\n        {}",
            if *y { "MISS " } else { "EXTRA" },
            top.join(" ")
        );
    }
    println!("{} candidates, {fneg} missed, {fp} extra", ex.len());
}
