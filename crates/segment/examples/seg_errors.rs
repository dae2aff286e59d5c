//! Development aid: list sentence-boundary and token differences between the
//! segmenter and a treebank (never run on test splits while tuning).
//! Usage: seg_errors <file.conllu|gum:SPLIT[:PREFIX]> [sent|tok]
//! (PREFIX keeps only the GUM documents whose name starts with it, e.g.
//! `gum:train:GUM_news_`). Environment: SEG_WEIGHTS=FILE segments with the
//! boundary weights of that model file (e.g. one trained by `train_seg` with
//! SEG_EXCLUDE and SEG_OUT, to see errors on documents it has not seen)
//! instead of the embedded model. Each sentence error is printed with the
//! genre of its document (the first two parts of the `# newdoc id`).

use backchannel_core::conllu;
use backchannel_segment::segment_str;

fn nws_ends(words: impl Iterator<Item = (usize, usize)>) -> std::collections::BTreeSet<usize> {
    words.map(|(_, e)| e).collect()
}

/// Layout blocks of GUM's `# newpar_block` comments (figures, captions,
/// headings, paragraphs, list items) whose end is a line break in the source
/// page; quotations, highlights and speaker turns run on in their paragraph.
const LAYOUT: [&str; 9] = [
    "p", "head", "figure", "caption", "item", "list", "note", "table", "row",
];

/// The sentence counts of the layout blocks opened by a `newpar_block`
/// comment ("p (7 s) | figure rend:::\"A | B\" (1 s) | caption (1 s)").
fn layout_blocks(comment: &str) -> Vec<usize> {
    let Some(spec) = comment.strip_prefix("newpar_block = ") else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    let (mut cur, mut quoted) = (String::new(), false);
    for c in spec.chars() {
        match c {
            '"' => quoted = !quoted,
            '|' if !quoted => parts.push(std::mem::take(&mut cur)),
            _ => {}
        }
        if c != '|' || quoted {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts
        .iter()
        .filter(|p| LAYOUT.contains(&p.split_whitespace().next().unwrap_or("")))
        .filter_map(|p| {
            let n = p.rsplit_once('(')?.1.strip_suffix(" s)")?;
            n.trim().parse().ok()
        })
        .collect()
}

/// [`backchannel_eval::raw_text`] plus a blank line where a layout block
/// nested in a paragraph ends (a caption inside a paragraph's first lines):
/// a development aid to measure what the flat rebuild costs (`SEG_BLOCKS=1`).
fn with_block_breaks(gold: &[conllu::Sentence]) -> String {
    let mut breaks = std::collections::HashSet::new();
    for (k, s) in gold.iter().enumerate() {
        for c in &s.comments {
            for n in layout_blocks(c.trim()) {
                if n > 0 {
                    breaks.insert(k + n);
                }
            }
        }
    }
    backchannel_eval::raw_text_breaking(gold, |k| breaks.contains(&k))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let src = args.next().unwrap_or_default();
    let mode = args.next().unwrap_or_else(|| "sent".into());
    let shared = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    let gold: Vec<conllu::Sentence> = if let Some(spec) = src.strip_prefix("gum:") {
        let (split, prefix) = spec.split_once(':').unwrap_or((spec, ""));
        backchannel_segment::gum_docs(&shared, split)
            .unwrap()
            .into_iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .flat_map(|(_, d)| d)
            .collect()
    } else {
        conllu::parse(&std::fs::read_to_string(&src).unwrap()).unwrap()
    };
    let text = if std::env::var("SEG_BLOCKS").is_ok_and(|v| v == "1") {
        with_block_breaks(&gold)
    } else {
        backchannel_eval::raw_text(&gold)
    };
    // byte offset of every non-whitespace char, by its index
    let nws: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(b, _)| b)
        .collect();
    let byte_to_nws = |b: usize| nws.partition_point(|&x| x < b);
    let seg = match std::env::var("SEG_WEIGHTS") {
        Ok(p) if !p.is_empty() => {
            let src = std::fs::read_to_string(&p).unwrap();
            let (w, threshold) = backchannel_segment::boundary::parse_weights(&src);
            backchannel_segment::segment_weighted(&text, &w.into_iter().collect(), threshold)
        }
        _ => segment_str(&text),
    };
    // gold sentence ends and token ends in nws space
    let mut g_sent = Vec::new();
    let mut g_tok = Vec::new();
    let mut k = 0;
    // Where each document starts (nws index) and its genre: the first two
    // parts of its doc id ("email-enronsent29_01-..." -> "email_enronsent29",
    // "GUM_news_crane" -> "GUM_news"), to count errors by genre and source.
    let mut doc_at: Vec<(usize, String)> = Vec::new();
    for s in &gold {
        if let Some(id) = s.doc_id() {
            let genre = id.split(['-', '_']).take(2).collect::<Vec<_>>().join("_");
            doc_at.push((k, genre));
        }
        for (f, _) in s.surface_tokens() {
            let n = f.chars().filter(|c| !c.is_whitespace()).count();
            g_tok.push((k, k + n));
            k += n;
        }
        g_sent.push((0, k));
    }
    let s_sent: Vec<(usize, usize)> = seg
        .sentences
        .iter()
        .map(|s| (0, byte_to_nws(s.end)))
        .collect();
    let s_tok: Vec<(usize, usize)> = seg
        .tokens
        .iter()
        .map(|t| (byte_to_nws(t.start), byte_to_nws(t.end)))
        .collect();
    let genre = |i: usize| {
        let d = doc_at.partition_point(|(k, _)| *k < i);
        d.checked_sub(1)
            .and_then(|d| doc_at.get(d))
            .map_or("", |(_, g)| g.as_str())
    };
    let ctx = |i: usize| {
        let b = nws.get(i).copied().unwrap_or(text.len());
        let lo = text.floor_char_boundary(b.saturating_sub(60));
        let hi = text.ceil_char_boundary((b + 40).min(text.len()));
        format!("{}‖{}", &text[lo..b], &text[b..hi]).replace('\n', "¶")
    };
    if mode == "sent" {
        let g = nws_ends(g_sent.into_iter());
        let s = nws_ends(s_sent.into_iter());
        for e in g.difference(&s) {
            println!("MISSED  {:<14} {}", genre(*e), ctx(*e));
        }
        for e in s.difference(&g) {
            println!("EXTRA   {:<14} {}", genre(*e), ctx(*e));
        }
    } else {
        let g: std::collections::BTreeSet<_> = g_tok.into_iter().collect();
        let s: std::collections::BTreeSet<_> = s_tok.into_iter().collect();
        for t in g.difference(&s) {
            let (a, b) = (nws[t.0], nws.get(t.1).copied().unwrap_or(text.len()));
            let b = if t.1 > 0 {
                nws[t.1 - 1]
                    + text[nws[t.1 - 1]..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8)
            } else {
                b
            };
            println!("GOLD {:?}   in {}", &text[a..b], ctx(t.0));
        }
    }
}
