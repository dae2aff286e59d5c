//! Development aid: sentence F1 when every candidate gap is decided by the
//! gold boundaries (the ceiling of the candidate set), and the gold
//! boundaries that no candidate covers.
//! Usage: oracle_seg <file.conllu> [list]

use std::collections::HashSet;

use backchannel_core::conllu;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let list = args.next().is_some();
    let Ok(src) = std::fs::read_to_string(&path) else {
        eprintln!("oracle_seg: cannot read {path}");
        return;
    };
    let Ok(gold) = conllu::parse(&src) else {
        eprintln!("oracle_seg: cannot parse {path}");
        return;
    };
    let text = backchannel_eval::raw_text(&gold);
    let starts = backchannel_segment::train::gold_starts(&text, &gold);
    let seg = backchannel_segment::segment_oracle(&text, &starts);
    let conllu = backchannel_segment::to_conllu(&text, &seg);
    match backchannel_eval::evaluate_unchecked(&gold, &conllu) {
        Ok(s) => println!("oracle sentences F1 {:.2}", 100.0 * s.sentences.f1),
        Err(e) => eprintln!("oracle_seg: {e}"),
    }
    if list {
        let got: HashSet<usize> = seg.sentences.iter().map(|s| s.start).collect();
        for &b in &starts {
            if !got.contains(&b) {
                let lo = text.floor_char_boundary(b.saturating_sub(50));
                let hi = text.ceil_char_boundary((b + 30).min(text.len()));
                let ctx = format!("{}‖{}", &text[lo..b], &text[b..hi]);
                println!("UNCOVERED {}", ctx.replace('\n', "¶"));
            }
        }
    }
}
