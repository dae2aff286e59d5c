//! Write predicted brat `.ann` files for every `.txt` in a directory.
//! Usage: cargo run --release -p backchannel-attrib --example predict -- TEXT_DIR OUT_DIR [MODEL]

use std::path::PathBuf;

use backchannel_attrib::{prepare, to_brat, Attributor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: predict TEXT_DIR OUT_DIR [MODEL]");
        std::process::exit(2);
    }
    let att =
        Attributor::load_or_embedded(args.get(2).map(std::path::Path::new)).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
    let out = PathBuf::from(&args[1]);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("{}: {e}", out.display());
        std::process::exit(1);
    }
    let Ok(rd) = std::fs::read_dir(&args[0]) else {
        eprintln!("cannot read {}", args[0]);
        std::process::exit(1)
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let mut doc = prepare(&text, &backchannel_attrib::example_prep());
        att.annotate(&mut doc);
        let name = p.with_extension("ann");
        let name = name.file_name().unwrap_or_default();
        if let Err(e) = std::fs::write(out.join(name), to_brat(&doc)) {
            eprintln!("{e}");
        }
    }
}
