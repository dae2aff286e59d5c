//! CoNLL-U reading and writing (the Universal Dependencies file format).
//!
//! Shared by segmentation evaluation, model training, evaluation and
//! `parse --format conllu`, so that there is one reader of the format.

use std::fmt::Write as _;

/// One syntactic word (a line with an integer ID).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 for the root, otherwise 1-based word index.
    pub head: usize,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

impl Word {
    /// `SpaceAfter=No` in MISC.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|f| f == "SpaceAfter=No")
    }

    /// Value of a `Key=value` feature in MISC.
    pub fn misc_value(&self, key: &str) -> Option<&str> {
        self.misc
            .split('|')
            .find_map(|f| f.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
    }
}

/// A multiword token line (`3-4  don't …`) covering words `first..=last` (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub misc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// `# sent_id = …`
    pub id: Option<String>,
    /// `# text = …`
    pub text: Option<String>,
    /// Every comment line, without the leading `# `, in order (incl. sent_id and text).
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub multiwords: Vec<MultiWord>,
}

impl Sentence {
    /// Surface tokens in order: a multiword token replaces the words it covers.
    /// Each item is (form, space_after).
    pub fn surface_tokens(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut i = 0;
        while i < self.words.len() {
            if let Some(mw) = self.multiwords.iter().find(|m| m.first == i + 1) {
                let no_space = mw.misc.split('|').any(|f| f == "SpaceAfter=No");
                out.push((mw.form.as_str(), !no_space));
                i = mw.last;
            } else {
                let w = &self.words[i];
                out.push((w.form.as_str(), !w.no_space_after()));
                i += 1;
            }
        }
        out
    }

    /// Document boundary marker (`# newdoc`).
    pub fn starts_document(&self) -> bool {
        self.comments.iter().any(|c| c.starts_with("newdoc"))
    }

    /// The document id of a `# newdoc id = …` comment, if this sentence has one.
    pub fn doc_id(&self) -> Option<&str> {
        self.comments
            .iter()
            .find_map(|c| c.trim_start().strip_prefix("newdoc id = "))
    }

    /// Paragraph boundary marker (`# newpar`).
    pub fn starts_paragraph(&self) -> bool {
        self.comments.iter().any(|c| c.starts_with("newpar"))
    }
}

/// Parse a whole CoNLL-U file. Empty nodes (`8.1`) are skipped. Malformed
/// lines give an error naming the line number.
pub fn parse(input: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (lineno, line) in input.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(v) = c.strip_prefix("sent_id") {
                cur.id = Some(v.trim_start_matches([' ', '=']).trim().to_string());
            } else if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.trim().to_string());
            }
            cur.comments.push(c.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!(
                "line {}: expected 10 tab-separated columns, found {}",
                lineno + 1,
                cols.len()
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let bad = || format!("line {}: bad range id {id:?}", lineno + 1);
            cur.multiwords.push(MultiWord {
                first: a.parse().map_err(|_| bad())?,
                last: b.parse().map_err(|_| bad())?,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .map_err(|_| format!("line {}: bad head {:?}", lineno + 1, cols[6]))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Write sentences back as CoNLL-U (comments, multiword lines, words).
pub fn write(sentences: &[Sentence]) -> String {
    let mut s = String::new();
    for sent in sentences {
        for c in &sent.comments {
            let _ = writeln!(s, "# {c}");
        }
        for (i, w) in sent.words.iter().enumerate() {
            if let Some(mw) = sent.multiwords.iter().find(|m| m.first == i + 1) {
                let _ = writeln!(
                    s,
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                    mw.first, mw.last, mw.form, mw.misc
                );
            }
            let f = |x: &str| {
                if x.is_empty() {
                    "_".to_string()
                } else {
                    x.to_string()
                }
            };
            let _ = writeln!(
                s,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                i + 1,
                w.form,
                f(&w.lemma),
                f(&w.upos),
                f(&w.xpos),
                f(&w.feats),
                w.head,
                f(&w.deprel),
                f(&w.deps),
                f(&w.misc)
            );
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn parses_ids_text_and_multiwords() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].id.as_deref(), Some("s1"));
        assert_eq!(s[0].text.as_deref(), Some("I don't."));
        assert!(s[0].starts_document());
        assert_eq!(s[0].words.len(), 4);
        assert_eq!(
            s[0].surface_tokens(),
            vec![("I", true), ("don't", false), (".", true)]
        );
    }

    #[test]
    fn doc_id_reads_the_newdoc_comment() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s[0].doc_id(), Some("d1"));
        let s = parse("1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n\n").unwrap();
        assert_eq!(s[0].doc_id(), None);
    }

    #[test]
    fn write_round_trips() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(parse(&write(&s)).unwrap(), s);
    }

    #[test]
    fn malformed_line_names_line_number() {
        let err = parse("1\tI\n").unwrap_err();
        assert!(err.starts_with("line 1:"), "{err}");
    }
}
