//! Raw text of a treebank, as the UD `.txt` files give it: the input a system
//! that reads plain text sees.

use backchannel_core::conllu;

/// The document text of `gold`: token forms joined by a space unless
/// `SpaceAfter=No`, sentences of a paragraph run on in one line, and a blank
/// line before every paragraph (`# newpar`) or document (`# newdoc`).
///
/// Unlike UD's own conversion script, lines are not re-wrapped at 80 columns:
/// a line break inside a paragraph would be a false hint to a segmenter.
pub fn raw_text(gold: &[conllu::Sentence]) -> String {
    raw_text_breaking(gold, |_| false)
}

/// [`raw_text`] with a paragraph break also before every sentence `k` with
/// `also_break(k)` (a development aid: e.g. where a layout block nested in
/// a paragraph ends, which `# newpar` does not mark).
pub fn raw_text_breaking(gold: &[conllu::Sentence], also_break: impl Fn(usize) -> bool) -> String {
    let mut out = String::new();
    for (k, sent) in gold.iter().enumerate() {
        if sent.words.is_empty() {
            continue;
        }
        let brk = sent.starts_document() || sent.starts_paragraph() || also_break(k);
        if brk && !out.is_empty() {
            trim_end_spaces(&mut out);
            out.push_str("\n\n");
        }
        for (form, space_after) in sent.surface_tokens() {
            out.push_str(form);
            if space_after {
                out.push(' ');
            }
        }
    }
    trim_end_spaces(&mut out);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn trim_end_spaces(s: &mut String) {
    let keep = s.trim_end_matches(' ').len();
    s.truncate(keep);
}
