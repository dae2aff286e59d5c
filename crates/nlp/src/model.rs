//! The trained pipeline (tagger + lemmatizer + parser) and its versioned flat
//! binary file format.

use crate::binio::{Reader, Writer};
use crate::lemma::Lemmatizer;
use crate::parser::{self, Word};
use crate::tagger;
use crate::weights::Weights;

const MAGIC: &[u8; 8] = b"BCNLP\0\0\0";
/// Bump when the layout or the feature functions change.
pub const FORMAT_VERSION: u32 = 3;

pub struct Model {
    /// Tag class → (UPOS, XPOS).
    pub tags: Vec<(String, String)>,
    pub lexicon: tagger::Lexicon,
    pub tagger: Weights,
    pub labels: Vec<String>,
    pub root_label: usize,
    pub parser: Weights,
    pub lemma: Lemmatizer,
    /// Format 3 models map rare words to one parser value ([`Word::of`]);
    /// format 2 models see every word.
    pub rare_words: bool,
}

/// Analysis of one sentence: tag class, head (sentence-local, -1 root) and
/// label index per word.
pub struct Parsed {
    pub tags: Vec<u16>,
    pub heads: Vec<i32>,
    pub labels: Vec<u16>,
}

impl Model {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.u32(if self.rare_words { FORMAT_VERSION } else { 2 });
        w.u32(self.tags.len() as u32);
        for (u, x) in &self.tags {
            w.str(u);
            w.str(x);
        }
        self.lexicon.write(&mut w);
        self.tagger.write(&mut w);
        w.u32(self.labels.len() as u32);
        for l in &self.labels {
            w.str(l);
        }
        w.u32(self.root_label as u32);
        self.parser.write(&mut w);
        self.lemma.write(&mut w);
        w.buf
    }

    pub fn from_bytes(data: &[u8]) -> Result<Model, String> {
        let mut r = Reader::new(data);
        if r.take(8)? != MAGIC {
            return Err("not a backchannel nlp model file".into());
        }
        let v = r.u32()?;
        if v != FORMAT_VERSION && v != 2 {
            return Err(format!(
                "model format version {v}, this build reads 2 and {FORMAT_VERSION}"
            ));
        }
        let n = r.count(8)?;
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            let u = r.str()?;
            tags.push((u, r.str()?));
        }
        let lexicon = tagger::Lexicon::read(&mut r)?;
        let tagger = Weights::read(&mut r)?;
        let labels = r.strings()?;
        let root_label = r.u32()? as usize;
        let parser = Weights::read(&mut r)?;
        let lemma = Lemmatizer::read(&mut r)?;
        if tags.is_empty() || tags.len() > 255 || tagger.n_classes != tags.len() {
            return Err("model file: tag set does not match tagger".into());
        }
        if labels.is_empty()
            || root_label >= labels.len()
            || parser.n_classes != parser::n_actions(labels.len())
            || parser.n_classes > 255
        {
            return Err("model file: label set does not match parser".into());
        }
        Ok(Model {
            tags,
            lexicon,
            tagger,
            labels,
            root_label,
            parser,
            lemma,
            rare_words: v >= 3,
        })
    }

    /// The same model with small weights dropped.
    pub fn pruned(&self, prune_tagger: f32, prune_parser: f32) -> Model {
        let copy = |w: &mut Writer| self.lemma.write(w);
        let mut lw = Writer::default();
        copy(&mut lw);
        let mut xw = Writer::default();
        self.lexicon.write(&mut xw);
        Model {
            tags: self.tags.clone(),
            lexicon: tagger::Lexicon::read(&mut Reader::new(&xw.buf)).unwrap_or_default(),
            tagger: self.tagger.pruned(prune_tagger),
            labels: self.labels.clone(),
            root_label: self.root_label,
            parser: self.parser.pruned(prune_parser),
            lemma: Lemmatizer::read(&mut Reader::new(&lw.buf))
                .unwrap_or_else(|_| Lemmatizer::train(&[])),
            rare_words: self.rare_words,
        }
    }

    /// Tag and parse one tokenised sentence.
    pub fn analyse(&self, forms: &[&str]) -> Parsed {
        let toks = tagger::padded(forms, &self.lexicon);
        let mut feats = Vec::with_capacity(128);
        let tags = tagger::tag(&self.tagger, self.tags.len(), &toks, &mut feats);
        let words: Vec<Word> = tags
            .iter()
            .enumerate()
            .map(|(i, &t)| Word::of(&toks[i + tagger::PAD], t, self.rare_words))
            .collect();
        let mut scores = vec![0f32; self.parser.n_classes];
        let (heads, labels) = parser::parse(
            &self.parser,
            &words,
            self.labels.len(),
            self.root_label,
            &mut feats,
            &mut scores,
        );
        Parsed {
            tags,
            heads,
            labels,
        }
    }
}
