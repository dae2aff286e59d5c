//! Debugging aid: per-token feature contributions to the O / U-ORG / U-PER /
//! U-LOC scores of one sentence (features by their position in the token's list).
//!
//! `cargo run --release -p backchannel-ner --example explain -- model.bin word word …`

use backchannel_ner::{features, labels, Model};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: explain MODEL WORD…");
        std::process::exit(2);
    };
    let model = match std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|b| Model::from_bytes(&b))
    {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let forms: Vec<&str> = args[1..].iter().map(String::as_str).collect();
    let pos = backchannel_ner::pos::predict(&forms);
    let tags: Vec<&str> = pos.iter().map(String::as_str).collect();
    let sf = features::extract(&forms, &tags, &model.gaz, &model.lex);
    let show = [0u8, 4, 8, 12];
    for (i, w) in forms.iter().enumerate() {
        println!("{w} ({})", tags.get(i).copied().unwrap_or("-"));
        for (k, &f) in sf.token(i).iter().enumerate() {
            if let Some(r) = model.weights_of(f) {
                let cells: Vec<String> = show
                    .iter()
                    .map(|&l| format!("{}={:+.2}", labels::name(l), r[l as usize]))
                    .collect();
                println!("  #{k:2} {}", cells.join(" "));
            }
        }
    }
}
