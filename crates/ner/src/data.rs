//! Training and evaluation data: UNER IOB2 files and GUM's entity layer.
//!
//! GUM marks every mention (named or not, with full NPs and nesting); a
//! flat NER wants only the proper-name part of named person/organisation/
//! place mentions, so [`gum_named_spans`] cuts each mention down to the run
//! of proper-noun tokens around its head, without titles or determiners.
//!
//! GUM's types are kept as they are. Tried and not kept: country names GUM
//! calls organisations (teams, governments: 59 spans, e.g. "Sweden",
//! "North Korea") relabelled as places, as UNER mostly tags countries
//! (doc-split 2-fold UNER dev cv seed 1 68.00 -> 66.39, seed 2 67.51 -> 67.19).
//! GUM's group persons ("Tagbanuas") and web sites it calls abstract
//! ("YouTube", "Facebook") differ from UNER too; the first is handled after
//! decoding ([`crate::nonentity`]), the second is rare.
//! Counted but not acted on: of GUM train+dev mentions headed by a proper
//! noun, 1253 are `abstract` (wikiHow 18, YouTube 10 — and 9 more as
//! `organization` —, Facebook 7, but also languages and laws, which UNER
//! leaves out), 139 `object`; UNER dev tags software and sites
//! inconsistently (Firefox ORG 8 times, Picasa and Keyhole ORG, Gmail O),
//! so no type of GUM's maps cleanly onto UNER ORG.

use std::path::Path;

use backchannel_core::conllu;

use crate::gazetteer::{Cat, Gazetteer};
use crate::labels::{from_bio, EntType, Span};

/// One sentence with gold entity spans over its tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub forms: Vec<String>,
    pub spans: Vec<Span>,
    /// Predicted XPOS tags, one per form (empty until [`add_pos`] fills them).
    pub pos: Vec<String>,
}

impl Example {
    /// An example without tags.
    pub fn new(forms: Vec<String>, spans: Vec<Span>) -> Example {
        Example {
            forms,
            spans,
            pos: Vec::new(),
        }
    }

    /// Predicted spans of this sentence under `model`, with its tags.
    pub fn predict(&self, model: &crate::Model) -> Vec<Span> {
        let forms: Vec<&str> = self.forms.iter().map(String::as_str).collect();
        let pos: Vec<&str> = self.pos.iter().map(String::as_str).collect();
        model.spans_with_pos(&forms, &pos)
    }
}

/// Mark examples as having no usable tags (one blank tag per form).
pub fn blank_pos(examples: &mut [Example]) {
    for e in examples.iter_mut() {
        e.pos = vec![String::new(); e.forms.len()];
    }
}

/// Fill the predicted part-of-speech tags of examples that have none.
pub fn add_pos(examples: &mut [Example]) {
    for e in examples.iter_mut().filter(|e| e.pos.len() != e.forms.len()) {
        let forms: Vec<&str> = e.forms.iter().map(String::as_str).collect();
        e.pos = crate::pos::predict(&forms);
    }
}

/// Read a UNER IOB2 file (`id  form  tag  …`, `#` comments, blank line between sentences).
pub fn read_iob2(text: &str) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    let mut forms = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut flush = |forms: &mut Vec<String>, tags: &mut Vec<String>| {
        if !forms.is_empty() {
            out.push(Example::new(std::mem::take(forms), from_bio(tags)));
            tags.clear();
        }
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut forms, &mut tags);
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!(
                "line {}: expected at least 3 tab-separated columns",
                n + 1
            ));
        }
        forms.push(cols[1].to_string());
        tags.push(cols[2].to_string());
    }
    flush(&mut forms, &mut tags);
    Ok(out)
}

/// The document number (counting `# newdoc` lines, from 0) of each
/// sentence [`read_iob2`] returns, in the same order: cross-validation
/// splits by document so that names repeated inside a document do not leak
/// between folds.
pub fn iob2_doc_ids(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut doc = 0usize;
    let mut seen_doc = false;
    let mut in_sentence = false;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("# newdoc") {
            if seen_doc {
                doc += 1;
            }
            seen_doc = true;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if in_sentence {
                out.push(doc);
            }
            in_sentence = false;
        } else {
            in_sentence = true;
        }
    }
    if in_sentence {
        out.push(doc);
    }
    out
}

/// A GUM mention: words `start..=end` (0-based) with its entity type.
#[derive(Debug, Clone, PartialEq)]
struct Mention {
    start: usize,
    end: usize,
    etype: String,
}

/// Parse the `Entity=` MISC values of a sentence into mentions.
fn gum_mentions(words: &[conllu::Word]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut open: Vec<(String, usize, String)> = Vec::new(); // (id, start, etype)
    for (i, w) in words.iter().enumerate() {
        let Some(val) = w.misc_value("Entity") else {
            continue;
        };
        let b = val.as_bytes();
        let mut p = 0;
        while p < b.len() {
            if b[p] == b'(' {
                let s = p + 1;
                let mut e = s;
                while e < b.len() && b[e] != b'(' && b[e] != b')' {
                    e += 1;
                }
                let body = &val[s..e];
                let mut parts = body.splitn(3, '-');
                let id = parts.next().unwrap_or("").to_string();
                let etype = parts.next().unwrap_or("").to_string();
                if e < b.len() && b[e] == b')' {
                    out.push(Mention {
                        start: i,
                        end: i,
                        etype,
                    });
                    p = e + 1;
                } else {
                    open.push((id, i, etype));
                    p = e;
                }
            } else {
                let s = p;
                while p < b.len() && b[p] != b')' {
                    p += 1;
                }
                let id = &val[s..p];
                p += 1;
                if let Some(k) = open.iter().rposition(|(oid, _, _)| oid == id) {
                    let (_, start, etype) = open.remove(k);
                    out.push(Mention {
                        start,
                        end: i,
                        etype,
                    });
                }
            }
        }
    }
    out
}

fn is_title(gaz: &Gazetteer, form: &str) -> bool {
    gaz.lookup(form) & Cat::Title.bit() != 0
}

/// Lowercase words allowed inside a multi-word organisation or place name.
const ORG_BRIDGES: [&str; 6] = ["of", "for", "&", "de", "on", "and"];
/// Lowercase particles inside personal names.
const NAME_PARTICLES: [&str; 8] = ["de", "da", "van", "von", "bin", "al", "la", "del"];

/// The proper-name spans of the named person/organisation/place mentions of a sentence.
pub fn gum_named_spans(words: &[conllu::Word], gaz: &Gazetteer) -> Vec<Span> {
    // UD tags "United" (States) VERB and "Saudi" ADJ; the Penn tag still says NNP.
    let propn = |j: usize| words[j].upos == "PROPN" || words[j].xpos.starts_with("NNP");
    let mut cands = Vec::new();
    for m in gum_mentions(words) {
        let kind = match m.etype.as_str() {
            "person" => EntType::Per,
            "organization" => EntType::Org,
            "place" => EntType::Loc,
            _ => continue,
        };
        let inside = |h: usize| h > m.start && h <= m.end + 1;
        let Some(head) = (m.start..=m.end).find(|&j| !inside(words[j].head)) else {
            continue;
        };
        if !propn(head) || (kind == EntType::Per && is_title(gaz, &words[head].form)) {
            continue;
        }
        let ok = |j: usize| propn(j) && !(kind == EntType::Per && is_title(gaz, &words[j].form));
        let (mut l, mut r) = (head, head);
        while l > m.start && ok(l - 1) {
            l -= 1;
        }
        loop {
            if r < m.end && ok(r + 1) {
                r += 1;
                continue;
            }
            let bridge_ok = |w: &str| {
                if kind == EntType::Per {
                    NAME_PARTICLES.contains(&w)
                } else {
                    ORG_BRIDGES.contains(&w) && w != "and"
                }
            };
            if r + 2 <= m.end && bridge_ok(&words[r + 1].form) && ok(r + 2) {
                r += 2;
                continue;
            }
            // "Department of the Treasury"
            if kind != EntType::Per
                && r + 3 <= m.end
                && words[r + 1].form == "of"
                && words[r + 2].form == "the"
                && ok(r + 3)
            {
                r += 3;
                continue;
            }
            break;
        }
        if l == r && gaz.lookup(&words[l].form) & Cat::Demonym.bit() != 0 {
            continue;
        }
        cands.push(Span {
            start: l,
            end: r + 1,
            kind,
        });
    }
    // Flat NER: keep the longest of overlapping spans.
    cands.sort_by_key(|s| (std::cmp::Reverse(s.end - s.start), s.start));
    let mut kept: Vec<Span> = Vec::new();
    for c in cands {
        if kept.iter().all(|k| c.end <= k.start || c.start >= k.end) {
            kept.push(c);
        }
    }
    kept.sort();
    kept
}

/// Every sentence of a GUM CoNLL-U document with its named spans.
pub fn read_gum_doc(text: &str, gaz: &Gazetteer) -> Result<Vec<Example>, String> {
    let sents = conllu::parse(text)?;
    Ok(sents
        .iter()
        .filter(|s| !s.words.is_empty())
        .map(|s| {
            Example::new(
                s.words.iter().map(|w| w.form.clone()).collect(),
                gum_named_spans(&s.words, gaz),
            )
        })
        .collect())
}

/// Document names listed in a GUM split file (`files.train`, …).
pub fn gum_split(corpora: &Path, split: &str) -> Result<Vec<String>, String> {
    let p = corpora.join("gum").join(format!("files.{split}"));
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

/// Read the named-entity examples of the listed GUM documents. Documents
/// absent from the corpus folder (GUM's Reddit part ships without text) are skipped.
pub fn read_gum(corpora: &Path, docs: &[String], gaz: &Gazetteer) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    for d in docs {
        let p = corpora.join("gum").join("docs").join(format!("{d}.conllu"));
        if !p.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        out.extend(read_gum_doc(&text, gaz).map_err(|e| format!("{}: {e}", p.display()))?);
    }
    Ok(out)
}

/// Read an IOB2 file from disk.
pub fn read_iob2_file(path: &Path) -> Result<Vec<Example>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    read_iob2(&text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(form: &str, upos: &str, head: usize, misc: &str) -> conllu::Word {
        conllu::Word {
            form: form.into(),
            upos: upos.into(),
            head,
            misc: misc.into(),
            ..Default::default()
        }
    }

    #[test]
    fn gum_mentions_are_cut_to_the_name() {
        // "Former Secretary John Kerry of the Department of Justice spoke"
        let words = vec![
            w("Former", "ADJ", 3, "Entity=(1-person-new-x-cf1-1-coref"),
            w("Secretary", "PROPN", 4, ""),
            w("John", "PROPN", 4, ""),
            w("Kerry", "PROPN", 10, "Entity=1)"),
            w("of", "ADP", 7, ""),
            w("the", "DET", 7, "Entity=(2-organization-new-x-cf1-1-coref"),
            w("Department", "PROPN", 4, ""),
            w("of", "ADP", 9, ""),
            w("Justice", "PROPN", 7, "Entity=2)"),
            w("spoke", "VERB", 0, "Entity=(3-place-new-x-cf1-1-coref)"),
        ];
        let spans = gum_named_spans(&words, &Gazetteer::builtin());
        assert_eq!(
            spans,
            vec![
                Span {
                    start: 2,
                    end: 4,
                    kind: EntType::Per
                },
                Span {
                    start: 6,
                    end: 9,
                    kind: EntType::Org
                },
            ]
        );
    }

    #[test]
    fn iob2_reader() {
        let t = "# sent_id = a\n1\tin\tO\t-\t-\n2\ttampa\tB-LOC\t-\tx\n3\tbay\tI-LOC\t-\tx\n\n1\tKim\tB-PER\t-\t-\n";
        let ex = read_iob2(t).unwrap();
        assert_eq!(ex.len(), 2);
        assert_eq!(
            ex[0].spans,
            vec![Span {
                start: 1,
                end: 3,
                kind: EntType::Loc
            }]
        );
        assert_eq!(ex[1].forms, vec!["Kim"]);
        let docs = "# newdoc id = a\n1\tx\tO\n\n1\ty\tO\n\n# newdoc id = b\n1\tz\tO\n";
        assert_eq!(read_iob2(docs).unwrap().len(), 3);
        assert_eq!(iob2_doc_ids(docs), vec![0, 0, 1]);
        assert!(read_iob2("1\tx\n").is_err());
    }
}
