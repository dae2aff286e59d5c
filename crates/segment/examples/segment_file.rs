//! Print the sentences of a text file, one per line, tokens separated by " | "
//! (two-word tokens shown as "do+n't").
//! Usage: cargo run --release -p backchannel-segment --example segment_file FILE

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: segment_file FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let seg = backchannel_segment::segment_str(&text);
    for s in &seg.sentences {
        let toks: Vec<String> = seg.tokens[s.tokens.clone()]
            .iter()
            .map(|t| t.words().map(|w| &text[w]).collect::<Vec<_>>().join("+"))
            .collect();
        println!("{}", toks.join(" | "));
    }
}
