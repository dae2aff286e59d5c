//! The evaluation view of a CoNLL-U file: characters, token/word/sentence
//! spans over the whitespace-free character stream, and the dependency tree.
//!
//! This mirrors how the CoNLL 2018 script reads a file, so that two files can
//! be compared even when they tokenise (or split sentences) differently.

use backchannel_core::conllu;

/// A half-open range over the non-whitespace character stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
}

/// The features the shared task scores in UFeats (all others are ignored).
const UNIVERSAL_FEATURES: &[&str] = &[
    "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender", "Animacy", "Number",
    "Case", "Definite", "Degree", "VerbForm", "Mood", "Tense", "Aspect", "Voice", "Evident",
    "Polarity", "Person", "Polite",
];

/// Relations whose dependents are content words (CLAS, MLAS, BLEX count only these).
const CONTENT_DEPRELS: &[&str] = &[
    "nsubj",
    "obj",
    "iobj",
    "csubj",
    "ccomp",
    "xcomp",
    "obl",
    "vocative",
    "expl",
    "dislocated",
    "advcl",
    "advmod",
    "discourse",
    "nmod",
    "appos",
    "nummod",
    "acl",
    "amod",
    "conj",
    "fixed",
    "flat",
    "compound",
    "list",
    "parataxis",
    "orphan",
    "goeswith",
    "reparandum",
    "root",
    "dep",
];

/// Relations of function words, which MLAS attaches to their content head.
const FUNCTIONAL_DEPRELS: &[&str] = &["aux", "cop", "mark", "det", "clf", "case", "cc"];

/// One syntactic word with its columns normalised the way the script compares them.
#[derive(Debug, Clone)]
pub(crate) struct UdWord {
    /// The span of the surface token this word belongs to.
    pub span: Span,
    pub is_multiword: bool,
    /// Lower-cased form, used to align words inside multiword spans.
    pub form_lower: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// Universal features only, sorted, `|`-joined ("" when none).
    pub feats: String,
    /// Universal part of the relation (before any `:`).
    pub deprel: String,
    /// Index of the head word in [`Ud::words`]; `None` for the root or an
    /// out-of-range head (only possible when trees are not checked).
    pub parent: Option<usize>,
    /// The head was not a valid word of the sentence.
    pub bad_head: bool,
    pub is_content: bool,
    pub is_functional: bool,
    /// Functional dependents, in sentence order (for MLAS).
    pub functional_children: Vec<usize>,
}

#[derive(Debug, Default)]
pub(crate) struct Ud {
    pub characters: Vec<char>,
    pub tokens: Vec<Span>,
    pub words: Vec<UdWord>,
    pub sentences: Vec<Span>,
}

/// Unicode category Zs (space separators): removed from forms, as the script does,
/// so that a tokeniser that keeps "a b" as one token still matches.
fn is_space_separator(c: char) -> bool {
    matches!(
        c,
        '\u{0020}' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// An empty column is written as `_` in CoNLL-U; compare it as such.
fn col(s: &str) -> String {
    if s.is_empty() {
        "_".to_string()
    } else {
        s.to_string()
    }
}

fn universal_feats(feats: &str) -> String {
    let mut kept: Vec<&str> = feats
        .split('|')
        .filter(|f| {
            let name = f.split('=').next().unwrap_or("");
            UNIVERSAL_FEATURES.contains(&name)
        })
        .collect();
    kept.sort_unstable();
    kept.join("|")
}

fn make_word(w: &conllu::Word, span: Span, is_multiword: bool) -> UdWord {
    let deprel = w.deprel.split(':').next().unwrap_or("").to_string();
    UdWord {
        span,
        is_multiword,
        form_lower: w.form.to_lowercase(),
        lemma: col(&w.lemma),
        upos: col(&w.upos),
        xpos: col(&w.xpos),
        feats: universal_feats(&w.feats),
        is_content: CONTENT_DEPRELS.contains(&deprel.as_str()),
        is_functional: FUNCTIONAL_DEPRELS.contains(&deprel.as_str()),
        deprel: if deprel.is_empty() {
            "_".into()
        } else {
            deprel
        },
        parent: None,
        bad_head: false,
        functional_children: Vec::new(),
    }
}

/// Build the evaluation view. With `check_trees`, a head outside the sentence,
/// a cycle or a sentence without exactly one root is an error (as in the
/// official script); without it, such heads simply never score.
pub(crate) fn load(
    sentences: &[conllu::Sentence],
    check_trees: bool,
    who: &str,
) -> Result<Ud, String> {
    let mut ud = Ud::default();
    for (si, sent) in sentences.iter().enumerate() {
        if sent.words.is_empty() {
            continue;
        }
        let sent_start_char = ud.characters.len();
        let first_word = ud.words.len();
        let name = sent.id.clone().unwrap_or_else(|| format!("#{}", si + 1));
        let mut i = 0;
        while i < sent.words.len() {
            let mw = sent.multiwords.iter().find(|m| m.first == i + 1);
            let (form, last) = match mw {
                Some(m) if m.last >= m.first && m.last <= sent.words.len() => {
                    (m.form.as_str(), m.last)
                }
                Some(m) => {
                    return Err(format!(
                        "{who} sentence {name}: multiword range {}-{} outside the sentence",
                        m.first, m.last
                    ))
                }
                None => (sent.words[i].form.as_str(), i + 1),
            };
            let start = ud.characters.len();
            ud.characters
                .extend(form.chars().filter(|&c| !is_space_separator(c)));
            let end = ud.characters.len();
            if end == start {
                return Err(format!("{who} sentence {name}: empty FORM"));
            }
            let span = Span { start, end };
            ud.tokens.push(span);
            for w in &sent.words[i..last] {
                ud.words.push(make_word(w, span, mw.is_some()));
            }
            i = last;
        }
        link_heads(&mut ud, sent, first_word, check_trees, who, &name)?;
        ud.sentences.push(Span {
            start: sent_start_char,
            end: ud.characters.len(),
        });
    }
    Ok(ud)
}

fn link_heads(
    ud: &mut Ud,
    sent: &conllu::Sentence,
    first: usize,
    check_trees: bool,
    who: &str,
    name: &str,
) -> Result<(), String> {
    let n = sent.words.len();
    let mut roots = 0;
    for (k, w) in sent.words.iter().enumerate() {
        if w.head > n {
            if check_trees {
                return Err(format!(
                    "{who} sentence {name}: HEAD {} points outside of the sentence",
                    w.head
                ));
            }
            ud.words[first + k].bad_head = true;
        } else if w.head == 0 {
            roots += 1;
        } else {
            ud.words[first + k].parent = Some(first + w.head - 1);
        }
    }
    if check_trees {
        if roots != 1 {
            return Err(format!(
                "{who} sentence {name}: there are multiple roots in a sentence"
            ));
        }
        // Every word must reach the root within n steps, otherwise there is a cycle.
        for k in 0..n {
            let mut cur = Some(first + k);
            let mut steps = 0;
            while let Some(c) = cur {
                cur = ud.words[c].parent;
                steps += 1;
                if steps > n {
                    return Err(format!(
                        "{who} sentence {name}: there is a cycle in a sentence"
                    ));
                }
            }
        }
    }
    for k in first..first + n {
        if let Some(p) = ud.words[k].parent {
            if ud.words[k].is_functional {
                ud.words[p].functional_children.push(k);
            }
        }
    }
    Ok(())
}
