//! The small learned/curated lexicon the segmenter uses, embedded at build time
//! from `models/segment.*.txt` so the binary needs no data files.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::boundary::BoundaryModel;

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
const LOW_STARTERS_SRC: &str = include_str!("../../../models/segment.lowstarters.txt");
const BOUNDARY_SRC: &str = include_str!("../../../models/segment.boundary.txt");

pub(crate) struct Model {
    abbrev: HashMap<&'static str, AbbrevClass>,
    /// Lower-cased words that, capitalised, usually open a sentence ("the", "he", "but").
    starters: HashMap<&'static str, ()>,
    /// Hashes of lower-case words that often open sentences in web text ("i", "thanks").
    low_starters: crate::boundary::HashSet64,
    /// Which (first letter, length, last letter) the low starters have: most
    /// lower-case words are ruled out by one bit test, without hashing.
    low_filter: Vec<u64>,
    /// Scores candidate boundaries.
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
        .map(|w| (w, ()))
        .collect();
    let words: Vec<&str> = data_lines(LOW_STARTERS_SRC)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let low_starters = words.iter().map(|w| crate::boundary::fnv(w)).collect();
    let mut low_filter = vec![0u64; LOW_FILTER_BITS.div_ceil(64)];
    for w in &words {
        if let Some(b) = low_filter_bit(w) {
            low_filter[b / 64] |= 1 << (b % 64);
        }
    }
    Model {
        abbrev,
        starters,
        low_starters,
        low_filter,
        boundary: BoundaryModel::parse(BOUNDARY_SRC),
    }
}

pub(crate) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(load)
}

const LOW_FILTER_BITS: usize = 26 * 16 * 27;

/// The filter bit of a lower-case word: first letter, length (up to 15), last letter.
fn low_filter_bit(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    let first = b.first().filter(|c| c.is_ascii_lowercase())?;
    let last = b.last().map_or(26, |c| {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() {
            usize::from(c - b'a')
        } else {
            26
        }
    });
    Some((usize::from(first - b'a') * 16 + b.len().min(15)) * 27 + last)
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

    /// Is `word` a lower-case word that often opens a sentence in web text?
    pub(crate) fn is_low_starter(&self, word: &str) -> bool {
        let Some(b) = low_filter_bit(word) else {
            return false;
        };
        self.low_filter
            .get(b / 64)
            .is_some_and(|m| m >> (b % 64) & 1 == 1)
            && self.low_starters.contains(&crate::boundary::fnv(word))
    }

    /// Does `word` (as written) look like the first word of a sentence?
    pub(crate) fn is_starter(&self, word: &str) -> bool {
        let mut buf = [0u8; 32];
        let b = word.as_bytes();
        if b.is_empty() || b.len() > buf.len() || !b.is_ascii() {
            return false;
        }
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..b.len()])
            .map(|w| self.starters.contains_key(w))
            .unwrap_or(false)
    }
}
