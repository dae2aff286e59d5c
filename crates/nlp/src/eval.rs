//! Gold-tokenisation scores: with gold words, the CoNLL 2018 shared-task
//! metrics reduce to per-word accuracies (LAS compares the universal part of
//! the relation, `nsubj:pass` → `nsubj`, as the official script does).

use std::fmt;

use backchannel_core::conllu;

use crate::Nlp;

/// Official CoNLL 2018 scores of the pipeline on a treebank: with gold
/// tokenisation, and from raw text through `backchannel_segment`.
pub struct UdReport {
    pub name: String,
    pub gold_tokens: backchannel_eval::Scores,
    pub raw_text: backchannel_eval::Scores,
    /// Tag+parse+lemma speed over the gold-tokenised words (one thread).
    pub words_per_second: f64,
}

impl fmt::Display for UdReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.name)?;
        writeln!(
            f,
            "{:<10} {:>12} {:>12}",
            "metric", "gold tokens", "raw text"
        )?;
        let g = self.gold_tokens.rows();
        let r = self.raw_text.rows();
        for ((name, a), (_, b)) in g.iter().zip(r.iter()) {
            if matches!(*name, "UFeats" | "AllTags" | "MLAS") {
                continue;
            }
            writeln!(
                f,
                "{:<10} {:>12.2} {:>12.2}",
                name,
                100.0 * a.f1,
                100.0 * b.f1
            )?;
        }
        write!(
            f,
            "speed (gold tokens, tag+lemma+parse): {:.0} words/s",
            self.words_per_second
        )
    }
}

/// Forms-only copy of gold sentences (keeps multiword tokens, drops analyses).
fn blank(gold: &[conllu::Sentence]) -> Vec<conllu::Sentence> {
    gold.iter()
        .map(|s| conllu::Sentence {
            words: s
                .words
                .iter()
                .map(|w| conllu::Word {
                    form: w.form.clone(),
                    misc: w.misc.clone(),
                    ..Default::default()
                })
                .collect(),
            multiwords: s.multiwords.clone(),
            ..Default::default()
        })
        .collect()
}

fn official(
    gold: &[conllu::Sentence],
    sys: &[conllu::Sentence],
) -> Result<backchannel_eval::Scores, String> {
    backchannel_eval::evaluate(gold, sys).or_else(|e| {
        // The parser always builds trees; fall back only so a report still comes out.
        backchannel_eval::evaluate_unchecked(gold, sys).map_err(|e2| format!("{e}; {e2}"))
    })
}

/// Score `nlp` on gold sentences (gold tokens, then raw text) with the
/// official metrics from `backchannel_eval`.
pub fn eval_ud(nlp: &Nlp, name: &str, gold: &[conllu::Sentence]) -> Result<UdReport, String> {
    let mut sys = blank(gold);
    let t = std::time::Instant::now();
    nlp.annotate_conllu(&mut sys);
    let secs = t.elapsed().as_secs_f64();
    let n: usize = gold.iter().map(|s| s.words.len()).sum();
    let gold_tokens = official(gold, &sys)?;
    let text = backchannel_eval::raw_text(gold);
    let seg = backchannel_segment::segment_str(&text);
    let mut raw = backchannel_segment::to_conllu(&text, &seg);
    nlp.annotate_conllu(&mut raw);
    let raw_text = official(gold, &raw)?;
    Ok(UdReport {
        name: name.to_string(),
        gold_tokens,
        raw_text,
        words_per_second: n as f64 / secs.max(1e-9),
    })
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UdScores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemmas: f64,
    pub uas: f64,
    pub las: f64,
    /// LAS with full relation subtypes (`obl:tmod` must match exactly).
    pub las_full: f64,
}

impl fmt::Display for UdScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "words {} UPOS {:.2} XPOS {:.2} Lemmas {:.2} UAS {:.2} LAS {:.2} (full-label LAS {:.2})",
            self.words, self.upos, self.xpos, self.lemmas, self.uas, self.las, self.las_full
        )
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Compare predicted sentences with gold ones word by word (same tokenisation).
/// Sentences whose word counts differ are counted as all wrong.
pub fn score(pred: &[conllu::Sentence], gold: &[conllu::Sentence]) -> UdScores {
    let mut c = [0usize; 6];
    let mut n = 0usize;
    for (i, g) in gold.iter().enumerate() {
        n += g.words.len();
        let Some(p) = pred.get(i) else { continue };
        if p.words.len() != g.words.len() {
            continue;
        }
        for (pw, gw) in p.words.iter().zip(&g.words) {
            c[0] += (pw.upos == gw.upos) as usize;
            c[1] += (pw.xpos == gw.xpos) as usize;
            c[2] += (pw.lemma == gw.lemma) as usize;
            if pw.head == gw.head {
                c[3] += 1;
                c[4] += (universal(&pw.deprel) == universal(&gw.deprel)) as usize;
                c[5] += (pw.deprel == gw.deprel) as usize;
            }
        }
    }
    let pc = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    UdScores {
        words: n,
        upos: pc(c[0]),
        xpos: pc(c[1]),
        lemmas: pc(c[2]),
        uas: pc(c[3]),
        las: pc(c[4]),
        las_full: pc(c[5]),
    }
}

/// Annotate a copy of the gold sentences (forms only) and score it.
pub fn evaluate(nlp: &Nlp, gold: &[conllu::Sentence]) -> UdScores {
    let mut pred = blank(gold);
    nlp.annotate_conllu(&mut pred);
    score(&pred, gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_universal_labels() {
        let g = conllu::parse("1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj:pass\t_\t_\n2\twent\tgo\tVERB\tVBD\t_\t0\troot\t_\t_\n\n").unwrap();
        let mut p = g.clone();
        p[0].words[0].deprel = "nsubj".into();
        p[0].words[1].upos = "AUX".into();
        let s = score(&p, &g);
        assert_eq!(s.las, 100.0);
        assert_eq!(s.las_full, 50.0);
        assert_eq!(s.upos, 50.0);
    }
}
