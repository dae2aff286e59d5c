//! The trained pipeline (tagger + lemmatizer + parser) and its versioned flat
//! binary file format.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::binio::{Reader, Writer};
use crate::lemma::Lemmatizer;
use crate::parser::{self, Word};
use crate::table::Memo;
use crate::tagger;
use crate::weights::Weights;

const MAGIC: &[u8; 8] = b"BCNLP\0\0\0";
/// Bump both when the layout or the feature functions change. Versions 4
/// and 5 have the reduced tagger and parser feature templates; older models
/// were trained with other features and are refused.
pub const FORMAT_VERSION: u32 = 4;
/// The same format for models whose parser maps rare words to one value.
pub const FORMAT_VERSION_RARE_WORDS: u32 = 5;

pub struct Model {
    /// Tag class → (UPOS, XPOS).
    pub tags: Vec<(String, String)>,
    pub lexicon: tagger::Lexicon,
    pub tagger: Weights,
    pub labels: Vec<String>,
    pub root_label: usize,
    pub parser: Weights,
    pub lemma: Lemmatizer,
    /// Format 5 models map rare words to one parser value ([`Word::of`]);
    /// format 4 models see every word.
    pub rare_words: bool,
    /// Process-unique id ([`new_id`]), so per-thread lookup caches know
    /// which model they hold.
    pub id: u64,
}

/// Source of [`Model::id`]s.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A model id never handed out before in this process.
pub fn new_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Bits of the per-thread slot caches ([`Memo`]): 2^13 and 2^14 slots of 16
/// bytes (128 KiB + 256 KiB), which fit the L2 cache of current CPUs.
const TAGGER_MEMO_BITS: u32 = 13;
const PARSER_MEMO_BITS: u32 = 14;

/// Reusable per-thread inference state: the lookup caches of one model.
struct Scratch {
    model: u64,
    tagger: Memo,
    parser: Memo,
}

impl Scratch {
    fn new(model: u64) -> Scratch {
        Scratch {
            model,
            tagger: Memo::new(TAGGER_MEMO_BITS),
            parser: Memo::new(PARSER_MEMO_BITS),
        }
    }
}

thread_local! {
    /// Caches survive across sentences and documents on a thread; they are
    /// rebuilt when the thread switches to another model.
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
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
        w.u32(if self.rare_words {
            FORMAT_VERSION_RARE_WORDS
        } else {
            FORMAT_VERSION
        });
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
        if v != FORMAT_VERSION && v != FORMAT_VERSION_RARE_WORDS {
            return Err(format!(
                "model format version {v}, this build reads {FORMAT_VERSION} and {FORMAT_VERSION_RARE_WORDS}"
            ));
        }
        let n = r.count(8)?;
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            let u = r.str()?;
            tags.push((u, r.str()?));
        }
        let lexicon = tagger::Lexicon::read(&mut r)?;
        let tagger = Weights::read_rows(&mut r)?;
        let labels = r.strings()?;
        let root_label = r.u32()? as usize;
        let parser = Weights::read_rows(&mut r)?;
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
        // The tagger's and the parser's lookup tables are built side by side
        // (the parser's is the larger: about two thirds of the load).
        let (tagger, parser) = std::thread::scope(|s| {
            let tagger = s.spawn(move || tagger.with_table());
            let parser = parser.with_table();
            (tagger.join(), parser)
        });
        let tagger = tagger.map_err(|_| "model file: building the tagger table panicked")?;
        Ok(Model {
            tags,
            lexicon,
            tagger,
            labels,
            root_label,
            parser,
            lemma,
            rare_words: v == FORMAT_VERSION_RARE_WORDS,
            id: new_id(),
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
            id: new_id(),
        }
    }

    /// Tag and parse one tokenised sentence.
    pub fn analyse(&self, forms: &[&str]) -> Parsed {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slot) => {
                let scratch = match slot.take() {
                    Some(s) if s.model == self.id => s,
                    _ => Scratch::new(self.id),
                };
                let scratch = slot.insert(scratch);
                self.analyse_with(forms, scratch)
            }
            Err(_) => self.analyse_with(forms, &mut Scratch::new(self.id)),
        })
    }

    fn analyse_with(&self, forms: &[&str], scratch: &mut Scratch) -> Parsed {
        let toks = tagger::padded(forms, &self.lexicon);
        let mut feats = Vec::with_capacity(128);
        let tags = tagger::tag(
            &self.tagger,
            self.tags.len(),
            &toks,
            &mut feats,
            &mut scratch.tagger,
        );
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
            &mut scratch.parser,
        );
        Parsed {
            tags,
            heads,
            labels,
        }
    }
}
