//! Scores and the table the official script prints with `--verbose`.

use std::fmt;

/// Precision/recall/F1 of one metric, with the counts they come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub correct: usize,
    pub gold_total: usize,
    pub system_total: usize,
    /// Number of aligned words the attribute was compared on (None for span metrics).
    pub aligned_total: Option<usize>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// `correct / aligned_total`: accuracy given gold-aligned words.
    pub aligned_accuracy: Option<f64>,
}

impl Score {
    pub fn new(
        gold_total: usize,
        system_total: usize,
        correct: usize,
        aligned_total: Option<usize>,
    ) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Score {
            correct,
            gold_total,
            system_total,
            aligned_total,
            precision: ratio(correct, system_total),
            recall: ratio(correct, gold_total),
            f1: ratio(2 * correct, system_total + gold_total),
            aligned_accuracy: aligned_total.map(|a| ratio(correct, a)),
        }
    }
}

/// All CoNLL 2018 metrics for one gold/system pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub tokens: Score,
    pub sentences: Score,
    pub words: Score,
    pub upos: Score,
    pub xpos: Score,
    pub ufeats: Score,
    pub alltags: Score,
    pub lemmas: Score,
    pub uas: Score,
    pub las: Score,
    pub clas: Score,
    pub mlas: Score,
    pub blex: Score,
}

impl Scores {
    /// (name, score) in the order the official script prints them.
    pub fn rows(&self) -> [(&'static str, &Score); 13] {
        [
            ("Tokens", &self.tokens),
            ("Sentences", &self.sentences),
            ("Words", &self.words),
            ("UPOS", &self.upos),
            ("XPOS", &self.xpos),
            ("UFeats", &self.ufeats),
            ("AllTags", &self.alltags),
            ("Lemmas", &self.lemmas),
            ("UAS", &self.uas),
            ("LAS", &self.las),
            ("CLAS", &self.clas),
            ("MLAS", &self.mlas),
            ("BLEX", &self.blex),
        ]
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Metric     | Precision |    Recall |  F1 Score | AligndAcc"
        )?;
        writeln!(
            f,
            "-----------+-----------+-----------+-----------+-----------"
        )?;
        for (name, s) in self.rows() {
            write!(
                f,
                "{:<11}|{:10.2} |{:10.2} |{:10.2} |",
                name,
                100.0 * s.precision,
                100.0 * s.recall,
                100.0 * s.f1
            )?;
            if let Some(a) = s.aligned_accuracy {
                write!(f, "{:10.2}", 100.0 * a)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
