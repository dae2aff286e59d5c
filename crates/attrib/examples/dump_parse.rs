//! Dump the prepared tokens (offsets, upos, head, deprel, sentence, lemma) of every `.txt` in a
//! directory as TSV, for studying span conventions against the parse.
//! Usage: cargo run --release -p backchannel-attrib --example dump_parse -- TEXT_DIR > out.tsv

use backchannel_attrib::{example_prep, prepare};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: dump_parse TEXT_DIR");
        std::process::exit(2)
    };
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let prep = example_prep();
    for p in names {
        let Ok(t) = std::fs::read_to_string(&p) else {
            continue;
        };
        let d = prepare(&t, &prep);
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
        let stem = stem.unwrap_or_default();
        let idx = d.char_index();
        for (i, k) in d.tokens.iter().enumerate() {
            let s = d.sentences.partition_point(|x| x.end <= k.start);
            println!(
                "{stem}\t{i}\t{}\t{}\t{}\t{}\t{}\t{}\t{s}\t{}",
                k.start,
                k.end,
                d.slice(&idx, k.start, k.end).replace(['\t', '\n'], " "),
                k.upos.as_deref().unwrap_or("_"),
                k.head,
                k.deprel.as_deref().unwrap_or("_"),
                k.lemma.as_deref().unwrap_or("_"),
            );
        }
    }
}
