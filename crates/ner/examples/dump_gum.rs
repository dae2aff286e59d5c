//! Print GUM named spans of one document (debugging the extraction).
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gaz = backchannel_ner::gazetteer::Gazetteer::builtin();
    for path in &args {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(ex) = backchannel_ner::data::read_gum_doc(&text, &gaz) else {
            continue;
        };
        for e in ex {
            for s in e.spans {
                println!("{}\t{}", s.kind.tag(), e.forms[s.start..s.end].join(" "));
            }
        }
    }
}
