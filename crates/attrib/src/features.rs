//! Token features for the attribution tagger.
//!
//! Tried and not kept (cue recall, issue 4): each parsed token's own
//! dependents as bits (ccomp, xcomp, nsubj/nsubj:pass, obj, parataxis)
//! joined with its lemma cue bucket (template 80) and with VERB/NOUN/other
//! and the quote flag (81): train 2-fold split 71.18/67.07/54.46 against
//! 71.39/67.12/54.42, and lower dev scores at most epochs: the path and
//! head features already carry the frame.
//!
//! Every feature is a 64-bit hash of (template, value): no strings are built
//! per token, word hashes are computed once per token and combined with
//! template ids by integer mixing. Syntax features (upos, deprel, the path to
//! the nearest cue) switch on only when the parser has filled the tokens, so
//! one feature set serves parsed and unparsed text; retrain after the parser
//! lands so the weights learn to use them.
//!
//! Speed tried and not kept (callgrind, Attributor::annotate on 20 dev docs,
//! profile example; outputs identical): ASCII fast paths for a token's shape
//! and three-char suffix (one pass over the bytes): token_info 14.39M ->
//! 15.96M instructions (the compiler inlined worse); a length check before
//! the quote-mark list: 14.39M -> 14.43M; subtree extents merged bottom-up
//! in one pass (memoised depths, counting sort, the bounded walk kept for
//! cycles and deep chains): 1.43M -> 1.83M, the walk is short on news
//! parses.
//!
//! Fewer templates for speed (issue 4 speed brief), not kept. Screen: each
//! template left out at inference with the shipped model (no retraining;
//! the prune example's dev exact F1 source/cue/content, base
//! 76.22/71.21/59.24): the least missed were 54 (76.00/71.17/59.48), 47
//! (75.43/71.20/59.35), 59 (75.87/70.57/59.39), 4 (75.86/71.06/59.46), 2
//! (75.86/71.22/59.26), 36 (76.07/71.18/59.16), 20 (75.84/70.78/59.12),
//! 49, 42, 44; the most: pair templates 62 (72.03/66.60/53.04) and 64
//! (71.87/66.36/54.66), 50 (72.53/68.40/57.17), 61, 40, 41. Retrained
//! without the three hashed ones of the least missed (54, 20, 47: a mix, a
//! table probe and a likely cache miss each per token): train 2-fold split
//! 71.39/67.12/54.43 -> 71.20/66.64/54.06, dev 76.04/70.86/59.28, for
//! Attributor::annotate 546.7M -> 535.9M instructions (-2.0%, callgrind,
//! profile example on dev). A template costs ~45 instructions per token:
//! the 18% the brief asked for is not in leaving templates out.
//! Gating the tagger (all-O labels without scoring) where no cue can be:
//! on dev 434 of 1942 paragraph chunks (8847 of 79763 tokens, 11%) decode
//! all O, and no cheap test finds them (of the 143 chunks whose words'
//! largest cue, stem and lemma buckets are 2 and that hold no quote mark,
//! 5 decode spans): at most ~5% of the attribution time, not tried.
//!
//! Also tried (outputs identical; callgrind of `bench nlp --runs 1` with
//! `--toggle-collect='*Attributor::run*'`, base 524.87M instructions, of
//! which token_info 68.81M and extract_into 184.37M), not kept: the char
//! cursor stepping over ASCII bytes (or sizing each char by its first byte)
//! instead of `CharIndices`, a `matches!` on the quote marks instead of the
//! list, and a byte loop for the newline test: token_info 68.81M -> 69.89M
//! (run 526.50M); the whole extraction (and the scorer inlined into it)
//! compiled for AVX2 behind a run-time check, as `sums_avx2` is:
//! extract_into 184.37M -> 183.66M (run 524.65M, -0.04%). Where the time
//! goes (perf with DWARF stacks, bench nlp --runs 3, share of attribution
//! samples): tagging 37% (features and scoring 32%, Viterbi 4%),
//! token_info 10.5%, the span-edge rankers 17% (bounds 8.6%, ends 8.6%),
//! sourcing 8.6%, keep features 3.5%, allocation (malloc/free) ~5% spread
//! over every phase: no phase holds the ~18% the ≤ 17% target needs.
//!
//! Where token_info goes (its helpers kept out of line for the count, so
//! 78.7M instead of 68.8M inlined; callgrind, bench nlp --runs 1): the
//! char cursor 12.3M, word_hash of upos, deprel and suffix 9.3M,
//! word_and_stem_hash 8.6M, lemma_hash 5.8M, lexicon_buckets 5.7M,
//! suffix_hash 5.7M, shape 5.3M, the rest (quote marks, gaps, sentence
//! positions, the push) ~26M. The cursor now steps over wide chars only
//! (`CharIndex::to_byte_after`): inlined, token_info 68.77M -> 66.88M.
//! Tried and not shipped (71b4550, reverted): New York Times quotations
//! (''…'', both ends two apostrophes; the segmenter cuts an opening '' into
//! two "'" tokens, which are not in `QUOTES`, and `''` counts as a closer)
//! never set `in_quote`. Reading an adjacent "'" pair as one mark and ''
//! like a straight quote (opening after space), retrained (`train --only
//! attrib`): train 2-fold source/cue/content 71.51/67.08/54.46 ->
//! 72.04/67.53/55.38, held-out half of train (`attrib_train` on a 420/420
//! text split) 69.05/65.72/54.48 -> 69.44/66.13/55.08 (content tp 4732 fp
//! 2721 -> 4824 fp 2776), but dev 76.36/71.65/61.22 -> 75.55/71.26/60.50
//! (content tp 1198 fp 524 -> 1180 fp 529; dev has few NYT quotations):
//! the dev source floor (76) fails. Worth a second look with seeds or the
//! quote rules (`quote_before`, `leads`) taught '' as well.

//!
//! Parser tags since the core's `Tag = Arc<str>` (checked for the speed
//! brief of f3317ae): attribution reads upos and deprel per token only
//! here, hashed once per token (no template compares tag strings; the
//! rules compare them on a few tokens each), and the shared tags made
//! Token smaller (one pointer pair instead of a String per tag), so the
//! change costs attribution nothing: the share rose because the core got
//! faster. [`TagCache`] now hashes each tag once per document: callgrind
//! of `bench nlp --runs 1` (toggle-collect Attributor::run) 496.03M ->
//! 489.15M, token_info 66.97M -> 60.23M. Retraining without a template
//! group was not retried for speed: the numbers above (three templates,
//! -2% instructions for -0.37 content on the train split) leave no group
//! that buys the ~17% the brief asked for within its 0.15 split budget.
//! Timing note: on the shared VM a process's attribution time is bimodal
//! (profile example, 15 reps: ~0.10 or ~0.15 CPU s by process), so
//! effects below ~3% do not show in time; instructions decide.

use backchannel_core::{CharIndex, Document};

use crate::id_slots::{dist_id, id_slot, id_value, pair_slot, pair_value, TagIds, UPOS_PAD};
use crate::joint_slots::{Dist, JointSlots, Local, Near, Place};
use crate::model::IdMap;
use crate::rows::Rows;
use crate::table::{from_map, Table};
use crate::word_slots::{NO_ROWS, UNKNOWN, WORD_TEMPLATES};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over lowercased chars (ASCII fast path, Unicode lowercase otherwise;
/// curly apostrophes fold to ASCII so ’s and 's are one word).
pub fn word_hash(s: &str) -> u64 {
    fnv_feed(FNV_OFFSET, s)
}

/// Continue an FNV-1a state over `s` (FNV is incremental: the hash of a word
/// is its stem's state fed the ending). ASCII text, nearly every token, is
/// hashed inline in one pass; the first non-ASCII byte hands the whole
/// string to [`fnv_feed_unicode`] (the same hash either way for ASCII).
#[inline]
fn fnv_feed(h0: u64, s: &str) -> u64 {
    let mut h = h0;
    for &b in s.as_bytes() {
        if !b.is_ascii() {
            return fnv_feed_unicode(h0, s);
        }
        h = (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(FNV_PRIME);
    }
    h
}

const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// [`fnv_feed`] over any text: Unicode lowercase, curly apostrophes folded
/// to ASCII.
#[inline(never)]
fn fnv_feed_unicode(mut h: u64, s: &str) -> u64 {
    let mut feed = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    };
    for c in s.chars() {
        let c = if c == '’' || c == '‘' { '\'' } else { c };
        if c.is_ascii() {
            feed(c.to_ascii_lowercase() as u8);
        } else {
            for l in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for &b in l.encode_utf8(&mut buf).as_bytes() {
                    feed(b);
                }
            }
        }
    }
    h
}

/// Combine a template id with a value (splitmix64 finaliser).
#[inline]
pub fn mix(template: u64, value: u64) -> u64 {
    let mut z = value ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Learned cue lexicon: for each lowercased word, how often it is (part of) a
/// cue in training, as a share of its occurrences. Keys are word hashes,
/// already well mixed: identity hashing, no SipHash per token lookup.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub cue: IdMap<f32>,
    /// Per word: share of occurrences labelled source, content, and span-initial.
    pub roles: IdMap<[f32; 3]>,
    /// Both buckets per word, built by [`Lexicon::index`].
    fast: Table<2>,
}

/// A crude stem: lowercased word without a common inflectional ending, so
/// "claims", "claimed", "claiming" share evidence.
pub fn stem_hash(w: &str) -> u64 {
    word_and_stem_hash(w).1
}

/// Byte length of `w` without its inflectional ending (see [`stem_hash`]).
fn stem_len(w: &str) -> usize {
    for suf in ["ing", "ed", "es", "s"] {
        let cut = w.len().wrapping_sub(suf.len());
        if w.len() > suf.len() + 2 && w.is_char_boundary(cut) && w[cut..].eq_ignore_ascii_case(suf)
        {
            return cut;
        }
    }
    w.len()
}

/// [`word_hash`] and [`stem_hash`] of a word in one pass over its chars.
pub fn word_and_stem_hash(w: &str) -> (u64, u64) {
    let cut = stem_len(w);
    let stem = fnv_feed(FNV_OFFSET, &w[..cut]);
    (fnv_feed(stem, &w[cut..]), stem ^ 0x57e4)
}

/// Key of a lemma in the cue lexicon (apart from word keys).
pub fn lemma_hash(l: &str) -> u64 {
    word_hash(l) ^ 0x1e44_a000
}

/// Hash of the last three chars (no allocation).
fn suffix_hash(w: &str) -> u64 {
    let from = w.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    word_hash(&w[from..])
}

fn share_bucket(p: f32) -> u64 {
    match p {
        p if p < 0.02 => 1,
        p if p < 0.1 => 2,
        p if p < 0.3 => 3,
        p if p < 0.6 => 4,
        _ => 5,
    }
}

impl Lexicon {
    /// A lexicon from its maps, indexed for lookup.
    pub fn new(cue: IdMap<f32>, roles: IdMap<[f32; 3]>) -> Self {
        let mut l = Lexicon {
            cue,
            roles,
            fast: Table::default(),
        };
        l.index();
        l
    }

    /// Bucketed role shares of a word, packed in one value (0 when unknown).
    fn role_bucket_of(&self, w: u64) -> u64 {
        self.roles.get(&w).map_or(0, |r| {
            share_bucket(r[0]) * 64 + share_bucket(r[1]) * 8 + share_bucket(r[2])
        })
    }

    /// Bucketed cue probability: 0 (never/unknown) .. 5 (almost always).
    fn bucket_of(&self, w: u64) -> u64 {
        match self.cue.get(&w) {
            None => 0,
            Some(&p) if p < 0.05 => 1,
            Some(&p) if p < 0.2 => 2,
            Some(&p) if p < 0.4 => 3,
            Some(&p) if p < 0.7 => 4,
            Some(_) => 5,
        }
    }

    /// Precompute both buckets of every known word in one compact table
    /// (one cache-friendly probe per lookup instead of two map lookups).
    pub fn index(&mut self) {
        let mut m: IdMap<[f32; 2]> = IdMap::default();
        for &w in self.cue.keys().chain(self.roles.keys()) {
            m.insert(w, [self.bucket_of(w) as f32, self.role_bucket_of(w) as f32]);
        }
        self.fast = from_map(&m, 1.0);
    }

    /// Hint the cache to fetch the buckets of word `w` (no effect on results).
    #[inline]
    pub fn prefetch(&self, w: u64) {
        self.fast.prefetch(w);
    }

    /// [`Self::bucket_of`] and [`Self::role_bucket_of`] of a word.
    #[inline]
    pub fn buckets(&self, w: u64) -> (u64, u64) {
        self.fast
            .get(w)
            .map_or((0, 0), |b| (b[0].max(0) as u64, b[1].max(0) as u64))
    }
}

/// Per-token facts computed once per document.
#[derive(Debug, Clone, Default)]
pub struct TokInfo {
    pub word: u64,
    pub stem_cue: u64,
    /// The parser's lemma (0 when unparsed) and its cue bucket.
    pub lemma: u64,
    pub lemma_cue: u64,
    pub roles: u64,
    pub suffix: u64,
    pub shape: u64,
    pub cue: u64,
    pub in_quote: bool,
    pub is_quote: bool,
    pub sent: usize,
    pub pos_in_sent: usize,
    pub sent_len: usize,
    pub newline_before: bool,
    pub upos: u64,
    pub deprel: u64,
    /// Small ids of `upos` and `deprel` for the syntax templates' dense
    /// slots ([`crate::id_slots`]; `NO_ID` when the tag has none).
    pub upos_id: u8,
    pub dep_id: u8,
    pub head: Option<usize>,
}

const QUOTES: &[&str] = &["“", "”", "\"", "‘", "’", "``", "''", "«", "»"];

/// Tokens between hashing a token's words and looking up their lexicon
/// buckets (a power of two): the lookups miss cache (the lexicon is ~1 MB),
/// so they are prefetched when the words are hashed and read this many
/// tokens later, when the lines have arrived.
const LEX_LAG: usize = 8;

/// Fill the lexicon buckets of `t`, whose stem hash is `stem`.
#[inline]
fn lexicon_buckets(t: &mut TokInfo, stem: u64, lex: &Lexicon) {
    let (cue, roles) = lex.buckets(t.word);
    t.cue = cue;
    t.roles = roles;
    t.stem_cue = lex.buckets(stem).0;
    t.lemma_cue = if t.lemma == 0 {
        0
    } else {
        lex.buckets(t.lemma).0
    };
}

/// Slots of [`TagCache`] (a power of two; a parse uses ~17 UPOS and ~40
/// relation names).
const TAG_SLOTS: usize = 128;

/// The hash and small id of each parser tag, keyed by the tag's address and
/// length. The core shares one allocation per tag name (`Tag = Arc<str>`),
/// so a document's tokens point at a few dozen strings: each is hashed and
/// looked up once instead of once per token. The document is borrowed for
/// the whole walk, so an address and length always name the same bytes;
/// tags that are not shared (a deserialised document) only miss the cache.
struct TagCache([(usize, usize, u64, u8); TAG_SLOTS]);

impl Default for TagCache {
    fn default() -> Self {
        TagCache([(0, 0, 0, 0); TAG_SLOTS])
    }
}

impl TagCache {
    /// [`word_hash`] of `tag` and `id` of that hash (an empty slot never
    /// matches: a `&str` pointer is never null).
    #[inline]
    fn get(&mut self, tag: &str, id: impl Fn(u64) -> u8) -> (u64, u8) {
        let (p, len) = (tag.as_ptr() as usize, tag.len());
        // Allocations are 16-byte aligned: the bits above pick the slot.
        let slot = &mut self.0[(p >> 4 ^ p >> 11) & (TAG_SLOTS - 1)];
        if slot.0 == p && slot.1 == len {
            return (slot.2, slot.3);
        }
        let h = word_hash(tag);
        let i = id(h);
        *slot = (p, len, h, i);
        (h, i)
    }
}

/// Compute [`TokInfo`] for every token.
pub fn token_info(doc: &Document, idx: &CharIndex, lex: &Lexicon) -> Vec<TokInfo> {
    let n = doc.tokens.len();
    let mut out = Vec::with_capacity(n);
    let mut in_quote = false;
    let mut prev_end = 0usize;
    let mut sent = 0usize;
    let mut stems = [0u64; LEX_LAG];
    let text = doc.text.as_str();
    let ids = TagIds::get();
    let mut tags = TagCache::default();
    // Offsets come in increasing order: each lookup steps over only the
    // wide chars since the last one.
    let mut seen = 0;
    let mut byte = |c: usize| idx.to_byte_after(c, &mut seen);
    for (i, t) in doc.tokens.iter().enumerate() {
        let gap_start = byte(prev_end.min(t.start));
        let (b0, b1) = (byte(t.start), byte(t.end));
        let w = text.get(b0..b1).unwrap_or("");
        while sent + 1 < doc.sentences.len() && doc.sentences[sent].end <= t.start {
            sent += 1;
        }
        let gap = text.get(gap_start..b0).unwrap_or("");
        let newline_before = i == 0 || gap.contains('\n');
        if newline_before {
            in_quote = false;
        }
        let is_quote = QUOTES.contains(&w);
        if is_quote {
            in_quote = match w {
                "“" | "``" | "«" => true,
                "”" | "''" | "»" => false,
                // Straight or single quotes: opening when preceded by space.
                _ => {
                    let after_space = i == 0 || gap.chars().any(|c| c.is_whitespace());
                    if w == "’" && !after_space {
                        in_quote
                    } else {
                        after_space
                    }
                }
            };
        }
        let (wh, st) = word_and_stem_hash(w);
        let head = usize::try_from(t.head).ok().filter(|&h| h < n && h != i);
        let lemma = t.lemma.as_deref().map_or(0, lemma_hash);
        lex.prefetch(wh);
        lex.prefetch(st);
        if lemma != 0 {
            lex.prefetch(lemma);
        }
        // The token LEX_LAG back shares this one's stem slot: read it first.
        if let Some(j) = i.checked_sub(LEX_LAG) {
            if let Some(back) = out.get_mut(j) {
                lexicon_buckets(back, stems[j % LEX_LAG], lex);
            }
        }
        stems[i % LEX_LAG] = st;
        let (upos, upos_id) = t
            .upos
            .as_deref()
            .map_or((0, 0), |u| tags.get(u, |h| ids.upos(h)));
        let (deprel, dep_id) = t
            .deprel
            .as_deref()
            .map_or((0, 0), |d| tags.get(d, |h| ids.dep(h)));
        out.push(TokInfo {
            word: wh,
            stem_cue: 0,
            lemma,
            lemma_cue: 0,
            roles: 0,
            suffix: suffix_hash(w),
            shape: shape(w),
            cue: 0,
            in_quote: in_quote && !is_quote,
            is_quote,
            sent,
            pos_in_sent: 0,
            sent_len: 0,
            newline_before,
            upos,
            deprel,
            upos_id,
            dep_id,
            head,
        });
        prev_end = t.end;
    }
    let tail = out.len().saturating_sub(LEX_LAG);
    for (j, t) in out.iter_mut().enumerate().skip(tail) {
        lexicon_buckets(t, stems[j % LEX_LAG], lex);
    }
    // Positions within sentences.
    let mut s = 0;
    while s < out.len() {
        let mut e = s;
        while e < out.len() && out[e].sent == out[s].sent {
            e += 1;
        }
        for (k, ti) in out[s..e].iter_mut().enumerate() {
            ti.pos_in_sent = k;
            ti.sent_len = e - s;
        }
        s = e;
    }
    out
}

/// Paragraph chunks (token ranges): the unit the tagger decodes and trains
/// on. Short sequences give the perceptron many small updates instead of one
/// per document; attributions rarely cross a paragraph break.
pub fn chunks(info: &[TokInfo]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut s = 0;
    for i in 1..info.len() {
        if info[i].newline_before {
            out.push(s..i);
            s = i;
        }
    }
    if s < info.len() {
        out.push(s..info.len());
    }
    out
}

fn shape(w: &str) -> u64 {
    let mut cs = w.chars();
    let first = cs.next().unwrap_or(' ');
    let code = if w
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && first.is_ascii_digit()
    {
        1
    } else if first.is_uppercase()
        && w.chars().skip(1).all(|c| c.is_uppercase() || c == '.')
        && w.chars().count() > 1
    {
        2
    } else if first.is_uppercase() {
        3
    } else if first.is_alphabetic() {
        4
    } else if first.is_numeric() {
        5
    } else {
        6
    };
    code
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4..=6 => 4,
        7..=10 => 5,
        11..=20 => 6,
        _ => 7,
    }
}

/// Tokens whose words are likely cues, per sentence: the anchor for
/// position-relative features.
fn cue_candidates(info: &[TokInfo]) -> Vec<bool> {
    info.iter()
        .map(|t| t.cue >= 3 || (t.cue == 0 && t.stem_cue >= 3))
        .collect()
}

/// Feature hashes of every token (`feats`), and the features that are also
/// scored jointly with the previous label (`pairs`), one row per token.
pub fn extract(info: &[TokInfo]) -> (Rows, Rows) {
    let n = info.len();
    let mut rows = (Rows::with_capacity(n, 64), Rows::with_capacity(n, 8));
    extract_into(info, &subtree_extents(info), &mut rows);
    rows
}

/// Templates and values below these limits have a dense slot
/// (`template * DENSE_V + value`) a sink may score without hashing.
pub const DENSE_T: u64 = 96;
pub const DENSE_V: u64 = 1024;

/// Templates whose values run past [`DENSE_V`] but stay small, with the
/// value limit of their own dense slots (placed after the regular ones):
/// distance to the sentence end and position (35, 36: up to 12 * 256 +
/// 159) and the clause marks between a token and its cues (57, 59: bits up
/// to 2047). Four fewer table lookups per token (profile example 1.05x)
/// for 16k more rows to fill at load, where raising [`DENSE_V`] to 4096 for
/// every template cost 295k. Any template may be listed: a slot holds what
/// the table holds for its key, so the list changes speed, never scores.
pub const DENSE_WIDE: &[(u64, u64)] = &[(35, 4096), (36, 4096), (57, 4096), (59, 4096)];

/// The dense slot of (`template`, `value`), if it has one.
#[inline]
pub fn dense_slot(template: u64, value: u64) -> Option<u32> {
    if template < DENSE_T && value < DENSE_V {
        return Some((template * DENSE_V + value) as u32);
    }
    let mut base = DENSE_T * DENSE_V;
    for &(t, limit) in DENSE_WIDE {
        let lo = wide_from(t);
        if template == t && (lo..limit).contains(&value) {
            return Some((base + value - lo) as u32);
        }
        base += limit.saturating_sub(lo);
    }
    None
}

/// The first value of a wide template's own slots (smaller ones of a
/// template below [`DENSE_T`] have regular slots).
#[inline]
const fn wide_from(template: u64) -> u64 {
    if template < DENSE_T {
        DENSE_V
    } else {
        0
    }
}

/// Number of wide slots (those of [`DENSE_WIDE`]).
const fn wide_len() -> u64 {
    let mut n = 0;
    let mut k = 0;
    while k < DENSE_WIDE.len() {
        let (t, limit) = DENSE_WIDE[k];
        n += limit.saturating_sub(wide_from(t));
        k += 1;
    }
    n
}

/// The first id slot ([`crate::id_slots`]), after the regular and wide ones.
pub const ID_BASE: u64 = DENSE_T * DENSE_V + wide_len();

/// Every slot a dense row backs, with its (template, value), in slot order:
/// the regular and wide slots, then the id slots.
pub fn all_dense_keys() -> impl Iterator<Item = (u64, u64)> {
    dense_keys().chain(crate::id_slots::id_keys())
}

/// Every regular and wide dense slot with its (template, value), in slot order.
pub fn dense_keys() -> impl Iterator<Item = (u64, u64)> {
    let regular = (0..DENSE_T).flat_map(|t| (0..DENSE_V).map(move |v| (t, v)));
    let wide = DENSE_WIDE
        .iter()
        .flat_map(|&(t, limit)| (wide_from(t)..limit).map(move |v| (t, v)));
    regular.chain(wide)
}

/// One token's features as extraction makes them: hashed keys, and (for a
/// sink that asks for them) the dense slots of small-valued ones. Most
/// templates combine a few small per-token facts (shape, quote state, cue
/// bucket, distances), so their values fit a dense slot and the tagger
/// reads their weights by index, with no hash or table probe.
pub struct Feats(Slots);

/// A token's hashed keys and dense slots, the buffers [`Feats`] and
/// [`Pairs`] fill (each with its own slot functions).
struct Slots {
    keys: Vec<u64>,
    dense: Vec<u32>,
    use_dense: bool,
}

impl Slots {
    fn new(use_dense: bool, keys: usize, dense: usize) -> Self {
        Slots {
            keys: Vec::with_capacity(keys),
            dense: Vec::with_capacity(dense),
            use_dense,
        }
    }

    fn clear(&mut self) {
        self.keys.clear();
        self.dense.clear();
    }

    /// Feature (`template`, `value`) as `slot` when there is one and the sink
    /// wants dense slots, else as the key [`mix`] makes of it.
    #[inline(always)]
    fn push(&mut self, slot: Option<u32>, template: u64, value: u64) {
        match slot {
            Some(slot) if self.use_dense => self.dense.push(slot),
            _ => self.keys.push(mix(template, value)),
        }
    }
}

impl Feats {
    fn new(use_dense: bool) -> Self {
        Feats(Slots::new(use_dense, 96, 64))
    }

    /// Add feature (`template`, `value`) of an id-slotted template whose
    /// parts have ids `ids` ([`crate::id_slots`]): its id slot when the sink
    /// wants dense slots and both ids exist, else as [`Self::add`].
    #[inline]
    pub fn add_id(&mut self, template: u64, value: u64, ids: (u8, u8)) {
        match id_slot(template, ids.0, ids.1) {
            Some(slot) if self.0.use_dense => self.0.dense.push(ID_BASE as u32 + slot),
            _ => self.add(template, value),
        }
    }

    /// Add word template `WORD_TEMPLATES[k]` of word `word`, whose rows
    /// (from [`FeatureSink::word_rows`]) start at dense row `rows`: that
    /// template's row, nothing when the word's rows are all empty, else as
    /// [`Self::add`] (a sink that wants no dense slots gets UNKNOWN only).
    #[inline(always)]
    fn add_word(&mut self, k: usize, word: u64, rows: u32) {
        match rows {
            NO_ROWS => {}
            UNKNOWN => self.add(WORD_TEMPLATES[k], word),
            r => self.0.dense.push(r + k as u32),
        }
    }

    /// Add feature (`template`, `value`): the key [`mix`] makes of them, or
    /// its dense slot when the sink wants those and it has one.
    #[inline]
    pub fn add(&mut self, template: u64, value: u64) {
        self.0.push(dense_slot(template, value), template, value)
    }
}

/// One token's pair features (scored with the previous label) as
/// extraction makes them: keys, and (for a sink that asks for them) dense
/// pair slots ([`crate::id_slots`]): every pair template takes a few small
/// values, so the tagger reads their rows by index, with no hash or probe.
pub struct Pairs(Slots);

impl Pairs {
    fn new(use_dense: bool) -> Self {
        Pairs(Slots::new(use_dense, 16, 16))
    }

    /// Add pair feature (`template`, `value`) whose parts have ids `ids`:
    /// its dense pair slot when the sink wants those and it has one, else
    /// the key [`mix`] makes of them.
    #[inline]
    pub fn add_id(&mut self, template: u64, value: u64, ids: (u8, u8)) {
        self.0
            .push(pair_slot(template, ids.0, ids.1), template, value)
    }
}

/// Receives every token's features, in token order.
pub trait FeatureSink {
    /// Whether `dense` may carry features as dense slots (else every feature
    /// comes as a key in `feats`, in template order).
    const DENSE: bool = false;
    /// The joint dense slots of the sink's model (a sink with
    /// [`Self::DENSE`] only; without them every feature comes on its own).
    #[inline]
    fn joint_slots(&self) -> Option<&JointSlots> {
        None
    }
    /// The first dense row of word `w`'s [`WORD_TEMPLATES`] rows (a sink
    /// with [`Self::DENSE`] only), [`NO_ROWS`] when they are all empty, or
    /// [`UNKNOWN`]: its word features then come as keys.
    #[inline]
    fn word_rows(&self, _w: u64) -> u32 {
        UNKNOWN
    }
    /// Hint the cache to fetch what [`Self::word_rows`] reads for `w`.
    #[inline]
    fn prefetch_word(&self, _w: u64) {}
    /// The features of the next token (hashed keys and dense slots), and
    /// those scored with the previous label (keys and dense pair slots).
    /// The sink may keep the buffers' contents by swapping in others (the
    /// extractor clears what it gets back).
    fn token(
        &mut self,
        feats: &mut Vec<u64>,
        dense: &mut Vec<u32>,
        pairs: &mut Vec<u64>,
        pair_dense: &mut Vec<u32>,
    );
}

impl FeatureSink for (Rows, Rows) {
    fn token(
        &mut self,
        feats: &mut Vec<u64>,
        _dense: &mut Vec<u32>,
        pairs: &mut Vec<u64>,
        _pair_dense: &mut Vec<u32>,
    ) {
        self.0.extend(feats);
        self.0.end_row();
        self.1.extend(pairs);
        self.1.end_row();
    }
}

/// [`extract`] into any sink: the tagger scores each token's features as
/// they are made, with no feature rows for the whole document in between.
/// `sub` are the tokens' [`subtree_extents`].
pub fn extract_into<S: FeatureSink>(info: &[TokInfo], sub: &[(usize, usize)], sink: &mut S) {
    let n = info.len();
    let (mut fv, mut pv) = (Feats::new(S::DENSE), Pairs::new(S::DENSE));
    let cand = cue_candidates(info);
    // Nearest candidate cue to the left / right within the sentence.
    let mut left = vec![None; n];
    let mut last: Option<usize> = None;
    for i in 0..n {
        if i > 0 && info[i].sent != info[i - 1].sent {
            last = None;
        }
        left[i] = last;
        if cand[i] {
            last = Some(i);
        }
    }
    let mut right = vec![None; n];
    let mut next: Option<usize> = None;
    for i in (0..n).rev() {
        if i + 1 < n && info[i].sent != info[i + 1].sent {
            next = None;
        }
        right[i] = next;
        if cand[i] {
            next = Some(i);
        }
    }
    // Sentence-level facts: has a quote mark, has a cue candidate.
    let nsent = info.last().map_or(0, |t| t.sent + 1);
    let mut sent_quote = vec![false; nsent];
    let mut sent_cue = vec![false; nsent];
    for (i, t) in info.iter().enumerate() {
        sent_quote[t.sent] |= t.is_quote;
        sent_cue[t.sent] |= cand[i];
    }
    // Prefix counts of clause marks (commas, "that", colons, dashes), so the
    // number between a token and its nearest cue is O(1): content usually
    // runs from the cue to the clause end, sources sit before it.
    let (h_comma, h_that, h_colon) = (word_hash(","), word_hash("that"), word_hash(":"));
    let (h_dash, h_ndash) = (word_hash("—"), word_hash("–"));
    let mut commas = vec![0u32; n + 1];
    let mut thats = vec![0u32; n + 1];
    for (i, t) in info.iter().enumerate() {
        let c = t.word == h_comma || t.word == h_dash || t.word == h_ndash || t.word == h_colon;
        commas[i + 1] = commas[i] + c as u32;
        thats[i + 1] = thats[i] + (t.word == h_that) as u32;
    }
    let syn = syntax_frames(info, &cand, sub);
    const PAD: u64 = 0x5eed;
    let rows = word_rows(info, sink);
    // Word template k of token j (the padding word past the ends).
    #[inline(always)]
    fn word(f: &mut Feats, info: &[TokInfo], rows: &[u32], k: usize, j: isize) {
        match usize::try_from(j)
            .ok()
            .and_then(|j| info.get(j).map(|t| (j, t)))
        {
            Some((j, t)) => f.add_word(k, t.word, rows.get(j).copied().unwrap_or(UNKNOWN)),
            None => f.add(WORD_TEMPLATES[k], PAD),
        }
    }
    for i in 0..n {
        let f = &mut fv;
        f.0.clear();
        let t = &info[i];
        let ii = i as isize;
        let lb = left[i].map_or(99, |l| dist_bucket(i - l));
        let rb = right[i].map_or(99, |r| dist_bucket(r - i));
        let q = t.in_quote as u64;
        let sent_final = |j: usize| j < n && info[j].pos_in_sent + 1 == info[j].sent_len;
        let fin = sent_final(i) as u64 * 2 + sent_final(i + 1) as u64;
        // Groups of small-valued features as one joint row each, when the
        // sink has them (every feature on its own otherwise, in order).
        let js = sink.joint_slots();
        let local = js.and_then(|j| {
            j.local(&Local {
                shape: t.shape,
                in_quote: q,
                is_quote: t.is_quote as u64,
                cue: t.cue,
                fin,
                lemma_cue: (t.lemma != 0).then_some(t.lemma_cue),
            })
        });
        let dist = js.and_then(|j| {
            j.dist(&Dist {
                left: lb,
                right: rb,
                in_quote: q,
                shape: t.shape,
            })
        });
        let near = js.and_then(|j| {
            j.near(&Near {
                prev_cue: if i > 0 { info[i - 1].cue } else { 9 },
                next_cue: if i + 1 < n { info[i + 1].cue } else { 9 },
                stem_cue: t.stem_cue,
            })
        });
        let place = js.and_then(|j| {
            j.place(&Place {
                pos: t.pos_in_sent.min(4) as u64,
                last: (t.pos_in_sent + 1 == t.sent_len) as u64,
                newline: t.newline_before as u64,
                sent: sent_quote[t.sent] as u64 * 2 + sent_cue[t.sent] as u64,
            })
        });
        // One push each: `extend` over the flattened options cost a size
        // hint and a reserve per token (perf of the profile example: ~1%
        // of the attribution samples in flatten.rs).
        let d = &mut f.0.dense;
        if let Some(s) = local {
            d.push(s);
        }
        if let Some(s) = dist {
            d.push(s);
        }
        if let Some(s) = near {
            d.push(s);
        }
        if let Some(s) = place {
            d.push(s);
        }
        let (local, dist, near, place) = (
            local.is_none(),
            dist.is_none(),
            near.is_none(),
            place.is_none(),
        );
        if local {
            f.add(1, 0);
        }
        word(f, info, &rows, 0, ii);
        word(f, info, &rows, 1, ii - 1);
        word(f, info, &rows, 2, ii + 1);
        word(f, info, &rows, 3, ii - 2);
        word(f, info, &rows, 4, ii + 2);
        f.add(9, t.suffix);
        if local {
            f.add(10, t.shape);
            f.add(11, t.shape * 16 + q);
            f.add(12, q * 2 + t.is_quote as u64);
            f.add(13, t.cue);
        }
        if near {
            f.add(14, if i > 0 { info[i - 1].cue } else { 9 });
            f.add(15, if i + 1 < n { info[i + 1].cue } else { 9 });
        }
        if dist {
            f.add(16, lb * 128 + rb);
            f.add(17, lb);
            f.add(18, rb);
            f.add(19, (lb * 128 + rb) * 4 + q);
        }
        f.add(20, t.word ^ (lb.min(rb) + 1000 * (lb < rb) as u64));
        if dist {
            f.add(21, t.shape ^ (lb * 128 + rb) << 8);
        }
        if place {
            f.add(
                22,
                t.pos_in_sent.min(4) as u64 * 2 + (t.pos_in_sent + 1 == t.sent_len) as u64,
            );
            f.add(23, t.newline_before as u64);
            f.add(24, sent_quote[t.sent] as u64 * 2 + sent_cue[t.sent] as u64);
        }
        if local {
            f.add(25, t.cue * 16 + q * 4 + t.shape);
        }
        // Word of the nearest cue candidate on each side (which verb governs).
        if let Some(l) = left[i] {
            word(f, info, &rows, 5, l as isize);
        }
        if let Some(r) = right[i] {
            word(f, info, &rows, 6, r as isize);
        }
        if near {
            f.add(31, t.stem_cue);
        }
        if t.lemma != 0 {
            // Lemma evidence generalises over inflections the lexicon has
            // not seen ("reiterating" → reiterate).
            f.add(90, t.lemma);
            if local {
                f.add(91, t.lemma_cue * 8 + t.cue);
                f.add(92, t.lemma_cue * 16 + q * 8 + t.shape);
            }
        }
        if local {
            f.add(32, fin * 8 + t.shape);
            f.add(33, fin * 4 + q * 2 + t.is_quote as u64);
        }
        let to_end = (t.sent_len - t.pos_in_sent).min(12) as u64;
        f.add(35, to_end * 256 + rb.min(9) * 16 + q);
        f.add(
            36,
            (t.pos_in_sent.min(12) as u64) * 256 + lb.min(9) * 16 + q,
        );
        if let Some(l) = left[i] {
            // Is this token right after the cue (first token of what it says)?
            f.add(38, (i - l).min(4) as u64 * 64 + t.shape * 2 + q);
        }
        if let Some(l) = left[i] {
            let c = (commas[i] - commas[l + 1]).min(3) as u64;
            let th = (thats[i] - thats[l + 1]).min(1) as u64;
            f.add(56, c * 8 + th * 4 + q * 2 + (rb == 99) as u64);
            f.add(57, (c * 2 + th) ^ (lb << 4) ^ (t.shape << 8));
        }
        if let Some(r) = right[i] {
            let c = (commas[r] - commas[i + 1]).min(3) as u64;
            f.add(58, c * 4 + q * 2 + (lb == 99) as u64);
            f.add(59, c ^ (rb << 4) ^ (t.shape << 8));
        }
        f.add(50, t.roles);
        f.add(51, if i > 0 { info[i - 1].roles } else { 999 });
        f.add(52, if i + 1 < n { info[i + 1].roles } else { 999 });
        f.add(53, if i > 0 { info[i - 1].suffix } else { PAD });
        f.add(54, if i + 1 < n { info[i + 1].suffix } else { PAD });
        f.add(
            55,
            t.roles * 1024 + (lb.min(rb) * 2 + (lb < rb) as u64) * 2 + q,
        );
        let p = &mut pv;
        p.0.clear();
        let v61 = t.shape * 16 + q * 4 + t.is_quote as u64 * 2 + t.newline_before as u64;
        p.add_id(61, v61, (small_id(v61), 0));
        let v62 = t.cue * 16 + fin;
        p.add_id(62, v62, (small_id(v62), 0));
        p.add_id(63, pair_value(63, lb, rb), (dist_id(lb), dist_id(rb)));
        let v64 = (t.pos_in_sent == 0) as u64;
        p.add_id(64, v64, (v64 as u8, 0));
        // Syntax, when the parser has run.
        if t.upos != 0 {
            // A neighbour's tag and its id (PAD past the ends).
            let up = |j: isize| {
                if j < 0 || j as usize >= n {
                    (PAD, UPOS_PAD)
                } else {
                    (info[j as usize].upos, info[j as usize].upos_id)
                }
            };
            let (ui, di) = (t.upos_id, t.dep_id);
            let ((pu, pui), (nu, nui)) = (up(ii - 1), up(ii + 1));
            f.add_id(40, id_value(40, t.upos, 0), (ui, 0));
            f.add_id(41, id_value(41, pu, t.upos), (pui, ui));
            f.add_id(42, id_value(42, t.upos, nu), (ui, nui));
            f.add_id(43, id_value(43, t.deprel, 0), (di, 0));
            if let Some(h) = t.head {
                let (hc, hu) = (info[h].cue, info[h].upos);
                f.add_id(44, id_value(44, t.deprel, hc), (di, small_id(hc)));
                f.add_id(48, id_value(48, t.upos, hu), (ui, info[h].upos_id));
            }
            // Edges of the cue dependent's subtree this token sits in: content
            // spans start and end at subtree edges far more often than not.
            let sy = &syn[i];
            if let Some(c) = sy.child {
                let e = (i == syn[c].lo) as u64 + 2 * (i + 1 == syn[c].hi) as u64;
                let cd = info[c].deprel;
                f.add_id(70, id_value(70, cd, e), (info[c].dep_id, small_id(e)));
                f.add(71, e * 2 + q);
                let prev = i.checked_sub(1).map(|j| &syn[j]);
                let prev_end = prev.is_some_and(|p| p.child.is_some_and(|pc| i == syn[pc].hi));
                let same = prev.is_some_and(|p| p.child == Some(c));
                let pe = (i == syn[c].lo) as u64 + 2 * prev_end as u64 + 4 * same as u64;
                pv.add_id(72, pe, (small_id(pe), 0));
                let (cd, cdi) = (info[c].deprel, info[c].dep_id);
                pv.add_id(73, pair_value(73, cd, pe), (cdi, small_id(pe)));
            } else {
                let prev_in = i > 0 && syn[i - 1].child.is_some();
                pv.add_id(74, prev_in as u64, (prev_in as u8, 0));
            }
            if let Some(h) = t.head {
                let e = (i == syn[h].lo) as u64 + 2 * (i + 1 == syn[h].hi) as u64;
                f.add_id(75, id_value(75, t.deprel, e), (di, small_id(e)));
            }
            // Path up to the nearest cue-like ancestor (the frame's walk):
            // the relation under it.
            match sy.child.and_then(|c| Some((c, info[c].head?))) {
                Some((cur, h)) => {
                    // Steps (1..=3) and direction in one small part.
                    let sd = (sy.steps as u64).min(3) | ((h > i) as u64) << 2;
                    let (d, id) = (info[cur].deprel, info[cur].dep_id);
                    f.add_id(46, id_value(46, d, sd), (id, small_id(sd)));
                    f.add(47, info[cur].deprel ^ info[h].word.rotate_left(3));
                }
                None => f.add(49, 1),
            }
        }
        sink.token(
            &mut fv.0.keys,
            &mut fv.0.dense,
            &mut pv.0.keys,
            &mut pv.0.dense,
        );
    }
}

/// Tokens between asking for a word's rows and reading the answer (the
/// index lookups miss cache, so they are prefetched this far ahead).
const WORD_LAG: usize = 8;

/// [`FeatureSink::word_rows`] of every token's word, for a sink that takes
/// dense slots (empty otherwise: every word feature comes as a key).
fn word_rows<S: FeatureSink>(info: &[TokInfo], sink: &S) -> Vec<u32> {
    if !S::DENSE {
        return Vec::new();
    }
    for t in info.iter().take(WORD_LAG) {
        sink.prefetch_word(t.word);
    }
    (0..info.len())
        .map(|j| {
            if let Some(t) = info.get(j + WORD_LAG) {
                sink.prefetch_word(t.word);
            }
            sink.word_rows(info[j].word)
        })
        .collect()
}

/// A small number as a part id (out of every id range when it is large).
#[inline]
fn small_id(v: u64) -> u8 {
    v.min(u8::MAX as u64) as u8
}

/// Per-token syntax frame: the token's subtree extent, and the dependent of
/// the nearest cue-like ancestor whose subtree holds the token, with the
/// steps up to that ancestor (1..=8).
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    lo: usize,
    hi: usize,
    child: Option<usize>,
    steps: u8,
}

/// Subtree extents and cue dependents for every token (empty frames when
/// the tokens carry no parse). Walks are capped so a malformed head cycle
/// costs at most a bounded number of steps per token.
fn syntax_frames(info: &[TokInfo], cand: &[bool], sub: &[(usize, usize)]) -> Vec<Frame> {
    let n = info.len();
    let mut out: Vec<Frame> = (0..n)
        .map(|i| {
            let (lo, hi) = sub.get(i).copied().unwrap_or((i, i + 1));
            Frame {
                lo,
                hi,
                child: None,
                steps: 0,
            }
        })
        .collect();
    for i in 0..n {
        // The first cue-like ancestor within eight steps.
        let mut cur = i;
        for steps in 1..9 {
            let Some(h) = info[cur].head else { break };
            if cand[h] {
                out[i].child = Some(cur);
                out[i].steps = steps;
                break;
            }
            cur = h;
        }
    }
    out
}

/// Subtree extent (first token, end) of every token: each token widens
/// the extents of its ancestors, up to 40 steps up (a malformed head cycle
/// costs a bounded walk). Made once per document for the tagger's syntax
/// features and the parse rules (the same as `pieces::subtrees` of the
/// document: `TokInfo::head` is the token's head when valid).
pub fn subtree_extents(info: &[TokInfo]) -> Vec<(usize, usize)> {
    let n = info.len();
    let mut out: Vec<(usize, usize)> = (0..n).map(|i| (i, i + 1)).collect();
    for i in 0..n {
        let mut cur = i;
        for _ in 0..40 {
            let Some(h) = info[cur].head else { break };
            out[h].0 = out[h].0.min(i);
            out[h].1 = out[h].1.max(i + 1);
            cur = h;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lagged_lexicon_buckets_match_direct_lookups() {
        use backchannel_core::DocMeta;
        let mut cue = IdMap::default();
        let mut roles = IdMap::default();
        for (k, w) in ["said", "claim", "told", "the", "says"].iter().enumerate() {
            cue.insert(word_hash(w), 0.1 + 0.2 * k as f32);
            roles.insert(word_hash(w), [0.05 * k as f32, 0.5, 0.9]);
            cue.insert(stem_hash(w), 0.65);
        }
        let lex = Lexicon::new(cue, roles);
        // Shorter and longer than the lag, so both the lagged and the tail
        // lookups are checked.
        for text in [
            "He said it.",
            "The officials said the claims were false, and the minister told reporters she says so.",
        ] {
            let mut doc = Document::from_plain(text.into(), DocMeta::default());
            crate::tokenize::ensure_tokens(&mut doc);
            let info = token_info(&doc, &doc.char_index(), &lex);
            assert_eq!(info.len(), doc.tokens.len());
            for (t, ti) in doc.tokens.iter().zip(&info) {
                let w = &text[t.start..t.end];
                let (cue, roles) = lex.buckets(word_hash(w));
                assert_eq!((ti.cue, ti.roles), (cue, roles), "{w}");
                assert_eq!(ti.stem_cue, lex.buckets(stem_hash(w)).0, "{w}");
            }
            assert!(info.iter().any(|t| t.cue > 0 && t.stem_cue > 0));
        }
    }

    #[test]
    fn dense_slots_are_distinct_and_in_key_order() {
        let keys: Vec<(u64, u64)> = dense_keys().collect();
        for (slot, &(t, v)) in keys.iter().enumerate() {
            assert_eq!(dense_slot(t, v), Some(slot as u32), "({t}, {v})");
        }
        // Past the limits: no slot.
        assert_eq!(dense_slot(DENSE_T, 0), None);
        assert_eq!(dense_slot(5, DENSE_V), None);
        assert_eq!(dense_slot(35, 4096), None);
        assert_eq!(dense_slot(16, 2000), None);
        assert_eq!(
            dense_slot(35, 3000),
            Some((DENSE_T * DENSE_V + 3000 - DENSE_V) as u32)
        );
        assert_eq!(
            dense_slot(36, 5),
            Some((36 * DENSE_V + 5) as u32),
            "small values keep their regular slot"
        );
    }

    #[test]
    fn ascii_and_unicode_hashing_agree() {
        for w in ["said", "U.S.", "it's", "", "A-b_C 9"] {
            assert_eq!(fnv_feed(FNV_OFFSET, w), fnv_feed_unicode(FNV_OFFSET, w));
        }
        // Curly apostrophes fold to the ASCII one, case to lower.
        assert_eq!(word_hash("It’s"), word_hash("it's"));
        assert_eq!(word_hash("ÜBER"), word_hash("über"));
    }

    #[test]
    fn word_and_stem_hash_agree_with_the_single_hashes() {
        for w in [
            "claims",
            "Claimed",
            "saying",
            "US",
            "says’",
            "is",
            "ünïcodes",
        ] {
            let (h, s) = word_and_stem_hash(w);
            assert_eq!(h, word_hash(w));
            assert_eq!(s, word_hash(&w[..stem_len(w)]) ^ 0x57e4);
        }
        assert_eq!(stem_hash("claims"), stem_hash("claimed"));
    }
}
