//! The small learned/curated lexicon the segmenter uses, embedded at build time
//! from `models/segment.*.txt` so the binary needs no data files.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::boundary::{fnv, BoundaryModel, IdentityHasher};

/// How an abbreviation behaves at a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Precedes a name or number; never ends a sentence ("Mr.", "Sen.", "No.").
    Title,
    /// Month or weekday; a sentence may end on it, rarely.
    Month,
    /// May end a sentence ("Inc.", "Jr.").
    Other,
    /// Usually ends its clause ("etc."): a capitalised word after it starts a sentence.
    Final,
    /// An abbreviation only before a number ("No. 2"); "No." elsewhere is a word.
    Number,
}

const ABBREV_SRC: &str = include_str!("../../../models/segment.abbrev.txt");
const STARTERS_SRC: &str = include_str!("../../../models/segment.starters.txt");
const BOUNDARY_SRC: &str = include_str!("../../../models/segment.boundary.txt");

pub(crate) struct Model {
    abbrev: HashMap<&'static str, AbbrevClass>,
    /// Lower-cased words that, capitalised, usually open a sentence ("the",
    /// "he", "but"), by their FNV hash (looked up at every candidate gap).
    starters: HashSet<u64, BuildHasherDefault<IdentityHasher>>,
    /// Scores unpunctuated boundaries.
    pub(crate) boundary: BoundaryModel,
}

fn data_lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn load() -> Model {
    let mut abbrev = HashMap::new();
    for line in data_lines(ABBREV_SRC) {
        let mut parts = line.split('\t');
        let (Some(word), Some(class)) = (parts.next(), parts.next()) else {
            continue;
        };
        let class = match class.trim() {
            "title" => AbbrevClass::Title,
            "month" => AbbrevClass::Month,
            "final" => AbbrevClass::Final,
            "number" => AbbrevClass::Number,
            _ => AbbrevClass::Other,
        };
        abbrev.insert(word.trim(), class);
    }
    let starters = data_lines(STARTERS_SRC)
        .filter_map(|l| l.split('\t').next())
        .map(fnv)
        .collect();
    Model {
        abbrev,
        starters,
        boundary: BoundaryModel::parse(BOUNDARY_SRC),
    }
}

pub(crate) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(load)
}

/// Lower-case the first char of an ASCII word into `buf` (for "Etc" → "etc").
fn decapitalise<'a>(word: &str, buf: &'a mut [u8; 32]) -> Option<&'a str> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > buf.len() || !b[0].is_ascii_uppercase() {
        return None;
    }
    buf[..b.len()].copy_from_slice(b);
    buf[0] = buf[0].to_ascii_lowercase();
    std::str::from_utf8(&buf[..b.len()]).ok()
}

impl Model {
    /// The class of `word` (without its period), if it is a known abbreviation.
    /// Lower-case entries also match capitalised ("etc" ~ "Etc") or all-caps forms.
    pub(crate) fn abbrev(&self, word: &str) -> Option<AbbrevClass> {
        if let Some(&c) = self.abbrev.get(word) {
            return Some(c);
        }
        let mut buf = [0u8; 32];
        decapitalise(word, &mut buf).and_then(|w| self.abbrev.get(w).copied())
    }

    /// [`Model::is_starter`] for a word's FNV hash (the boundary model has it already).
    pub(crate) fn is_starter_hash(&self, h: u64) -> bool {
        self.starters.contains(&h)
    }

    /// Does `word` (as written) look like the first word of a sentence?
    pub(crate) fn is_starter(&self, word: &str) -> bool {
        !word.is_empty()
            && word.len() <= 32
            && word.is_ascii()
            && self.starters.contains(&fnv(word))
    }
}
