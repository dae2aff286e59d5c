//! Reading a PolNeAR compartment (`text/*.txt` + `attributions/*_<annotator>.ann`)
//! and turning gold attributions into token labels.

use std::path::Path;

use backchannel_core::{Attribution, Document};

use crate::brat::parse_ann;
use crate::chars::tok_range;
use crate::model::{label, O};

/// One annotated article: name (the `.ann` stem), text, gold attributions.
#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub gold: Vec<Attribution>,
}

/// Load every annotated article of a folder in either layout: a PolNeAR
/// compartment (`text/<base>.txt` + `attributions/<base>_<annotator>.ann`), or
/// plain brat pairs side by side (`<name>.txt` + `<name>.ann`, what
/// `export --format brat` writes), so exported analyses round-trip through the
/// evaluation. Some PolNeAR texts were annotated by several annotators; with
/// `one_per_text` only the first annotation (by file name) of each text is
/// kept, which is what evaluation uses; training keeps them all.
pub fn load_dir(dir: &Path, one_per_text: bool) -> Result<Vec<Article>, String> {
    let polnear = dir.join("attributions").is_dir();
    let (ann_dir, txt_dir) = if polnear {
        (dir.join("attributions"), dir.join("text"))
    } else {
        (dir.to_path_buf(), dir.to_path_buf())
    };
    let mut names: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(|e| format!("{}: {e}", ann_dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    let mut last_base = String::new();
    for name in names {
        let stem = name.trim_end_matches(".ann");
        // PolNeAR: `<base>_<annotator>`, the annotator id is the last `_` field.
        let base = match stem.rsplit_once('_') {
            Some((b, _)) if polnear => b,
            _ => stem,
        };
        if one_per_text && base == last_base {
            continue;
        }
        last_base = base.to_string();
        let txt_path = txt_dir.join(format!("{base}.txt"));
        let Ok(text) = std::fs::read_to_string(&txt_path) else {
            continue;
        };
        let ann =
            std::fs::read_to_string(ann_dir.join(&name)).map_err(|e| format!("{name}: {e}"))?;
        let gold = parse_ann(&ann, &text).map_err(|e| format!("{name}: {e}"))?;
        out.push(Article {
            name: stem.to_string(),
            text,
            gold,
        });
    }
    if out.is_empty() {
        return Err(format!(
            "{}: no annotated texts (expected text/ + attributions/, or <name>.txt + <name>.ann pairs)",
            dir.display()
        ));
    }
    Ok(out)
}

/// BIO labels for `doc.tokens` from gold attributions. A token takes a role
/// when it overlaps a span of that role; the first token of each span (each
/// content piece) is B. Pieces separated only by whitespace continue.
pub fn gold_labels(doc: &Document, gold: &[Attribution]) -> Vec<u8> {
    let toks = &doc.tokens;
    let mut labels = vec![O; toks.len()];
    let mut mark = |spans: &[(usize, usize)], r: u8| {
        let mut prev_end: Option<usize> = None;
        for &(a, b) in spans {
            let (i0, i1) = tok_range(toks, a, b);
            for i in i0..i1 {
                let begin = i == i0 && prev_end != Some(i0);
                if labels[i] == O {
                    labels[i] = label(r, begin);
                }
            }
            prev_end = Some(i1);
        }
    };
    for a in gold {
        if let Some(s) = &a.source {
            mark(&[(s.start, s.end)], 1);
        }
        mark(&[(a.cue.start, a.cue.end)], 2);
        let mut pieces: Vec<(usize, usize)> = a.content.iter().map(|p| (p.start, p.end)).collect();
        pieces.sort_unstable();
        mark(&pieces, 3);
    }
    // An inside label must follow its own role; repair the rare overlaps.
    for i in 0..labels.len() {
        let l = labels[i];
        if l != O && l.is_multiple_of(2) {
            let ok = i > 0 && labels[i - 1] != O && labels[i - 1].div_ceil(2) == l / 2;
            if !ok {
                labels[i] = l - 1;
            }
        }
    }
    labels
}
