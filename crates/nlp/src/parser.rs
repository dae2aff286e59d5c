//! Arc-hybrid transition-based dependency parser (greedy, labelled). Actions:
//! SHIFT, LEFT(label): s0 ← b0, RIGHT(label): s1 → s0. The parse ends when the
//! buffer is empty and one word is left on the stack, which becomes the root,
//! so every sentence gets exactly one root.

use crate::features::NONE;
use crate::hash::{f1, f2, f3};

pub const SHIFT: usize = 0;

pub fn n_actions(n_labels: usize) -> usize {
    1 + 2 * n_labels
}
/// (kind, label) of an action: kind 0 shift, 1 left, 2 right.
pub fn decode(a: usize) -> (u8, usize) {
    if a == SHIFT {
        (0, 0)
    } else if a % 2 == 1 {
        (1, (a - 1) / 2)
    } else {
        (2, (a - 2) / 2)
    }
}

/// What the parser knows about each word: lowercase-form hash and tag class.
#[derive(Clone, Copy)]
pub struct Word {
    pub lower: u64,
    pub tag: u64,
}

/// Word value shared by all words outside the tagger lexicon.
const RARE: u64 = 0x7261_7265;

impl Word {
    /// Parser view of a tagged token. With `rare_words`, words too rare to be in the tagger's
    /// lexicon share one value: their word features are learned from rare
    /// training words instead of being missing, and lookups for them hit a
    /// few hot table entries instead of missing the cache.
    pub fn of(tok: &crate::features::Tok, tag: u16, rare_words: bool) -> Word {
        let known = !rare_words || tok.amb != crate::features::UNKNOWN;
        Word {
            lower: if known { tok.lower } else { RARE },
            tag: tag as u64,
        }
    }
}

/// Where [`State::features_with`] sends each template's key: all to one
/// list, or only the buffer-only or only the other templates (whose keys are
/// then not even computed for the part left out).
enum Out<'a> {
    All(&'a mut Vec<u64>),
    Buffer(&'a mut Keys),
    Stack(&'a mut Keys),
}

/// A fixed-capacity list of feature keys: filling it is a store and an
/// increment per key, with no capacity check against a heap buffer.
pub struct Keys {
    k: [u64; 64],
    n: usize,
}

impl Default for Keys {
    fn default() -> Self {
        Keys { k: [0; 64], n: 0 }
    }
}

impl Keys {
    /// Add a key (beyond 64 keys, which no template set reaches, it is dropped).
    #[inline(always)]
    pub fn push(&mut self, key: u64) {
        if let Some(x) = self.k.get_mut(self.n) {
            *x = key;
            self.n += 1;
        }
    }

    pub fn as_slice(&self) -> &[u64] {
        &self.k[..self.n.min(64)]
    }
}

impl Out<'_> {
    #[inline(always)]
    fn buffer(&mut self, key: impl FnOnce() -> u64) {
        match self {
            Out::All(v) => v.push(key()),
            Out::Buffer(v) => v.push(key()),
            Out::Stack(_) => {}
        }
    }

    #[inline(always)]
    fn stack(&mut self, key: impl FnOnce() -> u64) {
        match self {
            Out::All(v) => v.push(key()),
            Out::Stack(v) => v.push(key()),
            Out::Buffer(_) => {}
        }
    }
}

pub struct State {
    pub stack: Vec<u32>,
    pub b: usize,
    pub n: usize,
    pub heads: Vec<i32>,
    pub labels: Vec<u16>,
    lc: Vec<[i32; 2]>,
    rc: Vec<[i32; 2]>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    pub fn new(n: usize) -> Self {
        State {
            stack: Vec::with_capacity(n),
            b: 0,
            n,
            heads: vec![-1; n],
            labels: vec![0; n],
            lc: vec![[-1, -1]; n],
            rc: vec![[-1, -1]; n],
            nl: vec![0; n],
            nr: vec![0; n],
            lset: vec![0; n],
            rset: vec![0; n],
        }
    }

    pub fn is_final(&self) -> bool {
        self.b >= self.n && self.stack.len() <= 1
    }

    /// Whether `a` may be applied now. `root_label` may not be used on arcs.
    pub fn legal(&self, a: usize, root_label: usize) -> bool {
        match decode(a) {
            (0, _) => self.b < self.n,
            (1, l) => !self.stack.is_empty() && self.b < self.n && l != root_label,
            _ => {
                let (_, l) = decode(a);
                self.stack.len() >= 2 && l != root_label
            }
        }
    }

    /// Highest-scoring legal action (same choice as filtering with
    /// [`State::legal`], without testing each action separately).
    pub fn best_legal(&self, scores: &[f32], root_label: usize) -> Option<usize> {
        let ok = [
            self.b < self.n,
            !self.stack.is_empty() && self.b < self.n,
            self.stack.len() >= 2,
        ];
        let mut best: Option<(usize, f32)> = None;
        for (a, &sc) in scores.iter().enumerate() {
            let kind = if a == SHIFT { 0 } else { 2 - a % 2 };
            if !ok[kind] || (a != SHIFT && (a - 1) / 2 == root_label) {
                continue;
            }
            if best.is_none_or(|(_, b)| sc > b) {
                best = Some((a, sc));
            }
        }
        best.map(|(a, _)| a)
    }

    fn attach(&mut self, h: usize, d: usize, l: usize) {
        self.heads[d] = h as i32;
        self.labels[d] = l as u16;
        let bit = 1u64 << l.min(63);
        let di = d as i32;
        if d < h {
            let c = &mut self.lc[h];
            if c[0] < 0 || di < c[0] {
                c[1] = c[0];
                c[0] = di;
            } else if c[1] < 0 || di < c[1] {
                c[1] = di;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            let c = &mut self.rc[h];
            if c[0] < 0 || di > c[0] {
                c[1] = c[0];
                c[0] = di;
            } else if c[1] < 0 || di > c[1] {
                c[1] = di;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }

    /// Apply a legal action.
    pub fn apply(&mut self, a: usize) {
        match decode(a) {
            (0, _) => {
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            (1, l) => {
                if let Some(s0) = self.stack.pop() {
                    self.attach(self.b, s0 as usize, l);
                }
            }
            (_, l) => {
                if let Some(s0) = self.stack.pop() {
                    if let Some(&s1) = self.stack.last() {
                        self.attach(s1 as usize, s0 as usize, l);
                    }
                }
            }
        }
    }

    fn s(&self, i: usize) -> i32 {
        let n = self.stack.len();
        if i < n {
            self.stack[n - 1 - i] as i32
        } else {
            -1
        }
    }

    fn bi(&self, i: usize) -> i32 {
        if self.b + i < self.n {
            (self.b + i) as i32
        } else {
            -1
        }
    }

    /// Cost (gold arcs made unreachable) of SHIFT, LEFT and RIGHT ignoring
    /// labels, given gold heads (-1 = root). Used by the dynamic oracle.
    pub fn base_costs(&self, gh: &[i32]) -> [u32; 3] {
        let s0 = self.s(0);
        let s1 = self.s(1);
        let b0 = self.bi(0);
        let in_buf = |x: i32| x < 0 || (x as usize) >= self.b; // root counts as in the buffer
        let mut c = [0u32; 3];
        if b0 >= 0 {
            let b = b0 as usize;
            c[0] = self.stack.iter().filter(|&&d| gh[d as usize] == b0).count() as u32;
            let h = gh[b];
            if h >= 0 && h != s0 && self.stack.contains(&(h as u32)) {
                c[0] += 1;
            }
        }
        if s0 >= 0 {
            let h = gh[s0 as usize];
            let deps = (self.b..self.n).filter(|&d| gh[d] == s0).count() as u32;
            c[1] = deps + (h != b0 && (h == s1 || in_buf(h))) as u32;
            c[2] = deps + in_buf(h) as u32;
        }
        c
    }

    /// Full cost of action `a` from precomputed [`State::base_costs`]: a
    /// wrong label on an otherwise correct arc costs one more.
    pub fn cost(&self, a: usize, base: &[u32; 3], gh: &[i32], gl: &[u16]) -> u32 {
        let (kind, l) = decode(a);
        let mut c = base[kind as usize];
        if kind > 0 {
            let s0 = self.s(0);
            if s0 >= 0 {
                let d = s0 as usize;
                let h = if kind == 1 { self.bi(0) } else { self.s(1) };
                if gh[d] == h && gl[d] as usize != l {
                    c += 1;
                }
            }
        }
        c
    }

    /// Feature keys of the current state: 54 templates. Scoring cost grows
    /// with the template count (each key is a lookup), so the set was cut
    /// from 93 by dropping the templates whose removal cost the least dev
    /// LAS (mostly word unigrams of s1/s2, s0's right children and
    /// overlapping word pairs); retrained at equal pruning the cut cost 0.65
    /// dev LAS for a parser that scores 42% fewer keys. Template ids are part of the keys, so the gaps
    /// in the numbering are the removed templates.
    pub fn features(&self, words: &[Word], out: &mut Vec<u64>) {
        out.clear();
        self.features_with(words, &mut Out::All(out));
    }

    /// The templates that read only the first four buffer words (their
    /// forms and tags), which no LEFT or RIGHT changes: 11 of the 54.
    pub fn buffer_features(&self, words: &[Word], out: &mut Keys) {
        out.n = 0;
        self.features_with(words, &mut Out::Buffer(out));
    }

    /// The other 43 templates (see [`State::buffer_features`]).
    pub fn stack_features(&self, words: &[Word], out: &mut Keys) {
        out.n = 0;
        self.features_with(words, &mut Out::Stack(out));
    }

    /// All templates, in the order [`State::features`] lists them, to `o`.
    #[inline(always)]
    fn features_with(&self, words: &[Word], o: &mut Out) {
        let w = |p: i32| {
            if p >= 0 {
                words[p as usize].lower
            } else {
                NONE
            }
        };
        let t = |p: i32| if p >= 0 { words[p as usize].tag } else { NONE };
        let lab = |p: i32| {
            if p >= 0 && self.heads[p as usize] >= 0 {
                self.labels[p as usize] as u64 + 1
            } else {
                0
            }
        };
        let lc = |p: i32, k: usize| if p >= 0 { self.lc[p as usize][k] } else { -1 };
        let rc = |p: i32, k: usize| if p >= 0 { self.rc[p as usize][k] } else { -1 };
        let (s0, s1, s2) = (self.s(0), self.s(1), self.s(2));
        let (b0, b1, b2, b3) = (self.bi(0), self.bi(1), self.bi(2), self.bi(3));
        let (s0w, s0t, s1t, s2t) = (w(s0), t(s0), t(s1), t(s2));
        let (b0w, b0t, b1w, b1t, b2w, b2t, b3t) = (w(b0), t(b0), w(b1), t(b1), w(b2), t(b2), t(b3));
        let (s0l1, s0l2, s0r1, s0r2) = (lc(s0, 0), lc(s0, 1), rc(s0, 0), rc(s0, 1));
        let (s1l1, b0l1, b0l2) = (lc(s1, 0), lc(b0, 0), lc(b0, 1));
        let dist = |a: i32, b: i32| -> u64 {
            if a < 0 || b < 0 {
                return 0;
            }
            match (b - a).unsigned_abs() {
                d @ 0..=4 => d as u64 + 1,
                5..=6 => 6,
                7..=10 => 7,
                _ => 8,
            }
        };
        let d = dist(s0, b0);
        let d2 = dist(s1, s0);
        let v = |p: i32, left: bool| -> u64 {
            if p < 0 {
                return 99;
            }
            let x = if left {
                self.nl[p as usize]
            } else {
                self.nr[p as usize]
            };
            x.min(4) as u64
        };
        let set = |p: i32, left: bool| -> u64 {
            if p < 0 {
                return 1;
            }
            if left {
                self.lset[p as usize]
            } else {
                self.rset[p as usize]
            }
        };
        // unigrams
        o.stack(|| f1(100, s0w));
        o.stack(|| f1(101, s0t));
        o.stack(|| f2(102, s0w, s0t));
        o.buffer(|| f1(108, b0w));
        o.buffer(|| f1(109, b0t));
        o.buffer(|| f2(110, b0w, b0t));
        o.buffer(|| f1(111, b1w));
        o.buffer(|| f1(112, b1t));
        o.buffer(|| f2(113, b1w, b1t));
        o.buffer(|| f1(114, b2w));
        o.buffer(|| f1(116, b3t));
        // children
        o.stack(|| f1(120, w(s0l1)));
        o.stack(|| f1(121, t(s0l1)));
        o.stack(|| f1(122, lab(s0l1)));
        o.stack(|| f1(126, t(s0l2)));
        o.stack(|| f1(127, lab(s0l2)));
        o.stack(|| f1(131, lab(s1l1)));
        o.stack(|| f1(134, w(b0l1)));
        o.stack(|| f1(135, t(b0l1)));
        o.stack(|| f1(136, lab(b0l1)));
        o.stack(|| f1(138, lab(b0l2)));
        // pairs
        o.stack(|| f3(143, s0w, s0t, b0t));
        o.buffer(|| f2(147, b0t, b1t));
        o.stack(|| f2(148, s1t, s0t));
        o.stack(|| f2(153, s1t, b0t));
        o.buffer(|| f2(155, b0w, b1w));
        // tag triples
        o.buffer(|| f3(160, b0t, b1t, b2t));
        o.stack(|| f3(162, s1t, s0t, b0t));
        o.stack(|| f3(163, s2t, s1t, s0t));
        o.stack(|| f3(164, s0t, t(s0l1), b0t));
        o.stack(|| f3(165, s0t, t(s0r1), b0t));
        o.stack(|| f3(166, s0t, b0t, t(b0l1)));
        o.stack(|| f3(169, s0t, t(s0l1), t(s0l2)));
        o.stack(|| f3(170, s0t, t(s0r1), t(s0r2)));
        o.stack(|| f3(171, b0t, t(b0l1), t(b0l2)));
        o.stack(|| f3(172, s1t, s0t, t(s0r1)));
        o.stack(|| f3(173, s1t, s0t, t(s0l1)));
        o.stack(|| f3(175, s1t, s0t, b1t));
        o.stack(|| f3(176, s0t, b0w, b1t));
        // distance
        o.stack(|| f2(180, s0w, d));
        o.stack(|| f2(183, b0t, d));
        o.stack(|| f3(186, s1t, s0t, d2));
        // valency
        o.stack(|| f2(190, s0w, v(s0, false)));
        o.stack(|| f2(191, s0t, v(s0, false)));
        o.stack(|| f2(192, s0w, v(s0, true)));
        o.stack(|| f2(193, s0t, v(s0, true)));
        o.stack(|| f2(195, b0t, v(b0, true)));
        o.stack(|| f2(196, s1t, v(s1, false)));
        // label sets and labelled children
        o.stack(|| f2(200, s0t, set(s0, true)));
        o.stack(|| f2(201, s0t, set(s0, false)));
        o.stack(|| f2(202, b0t, set(b0, true)));
        o.stack(|| f2(203, s1t, set(s1, false)));
        o.stack(|| f3(204, s0t, lab(s0l1), lab(s0r1)));
        o.stack(|| f2(205, b0t, lab(b0l1)));
    }
}

/// Which actions each kind of legality test allows, as lane masks (-1 for
/// yes), so that picking the best legal action from integer scores is a few
/// vector passes instead of a branch per action.
pub struct ActionKinds {
    shift: [i32; 256],
    left: [i32; 256],
    right: [i32; 256],
    /// The combined mask of each (shift, left, right) legality combination
    /// (bit 0, 1, 2 of the index), built the first time it is needed: a
    /// step then reads one mask instead of combining three.
    legal: [Option<Box<[i32; 256]>>; 8],
}

impl Default for ActionKinds {
    fn default() -> Self {
        ActionKinds {
            shift: [0; 256],
            left: [0; 256],
            right: [0; 256],
            legal: Default::default(),
        }
    }
}

impl ActionKinds {
    /// Masks for `n_act` actions; arcs labelled `root_label` are never legal.
    pub fn new(n_act: usize, root_label: usize) -> ActionKinds {
        let mut k = ActionKinds::default();
        for a in 0..n_act.min(256) {
            match decode(a) {
                (0, _) => k.shift[a] = -1,
                (_, l) if l == root_label => {}
                (1, _) => k.left[a] = -1,
                _ => k.right[a] = -1,
            }
        }
        k
    }

    /// The highest-scoring action allowed by `ok` (shift, left, right
    /// allowed), first one on ties: the same choice as
    /// [`State::best_legal`] on the same scores as floats, which are exact
    /// (sums of at most a few hundred 16-bit weights).
    #[inline]
    pub fn best(&mut self, acc: &[i32], ok: [bool; 3]) -> Option<usize> {
        let combo = ok[0] as usize | (ok[1] as usize) << 1 | (ok[2] as usize) << 2;
        let (shift, left, right) = (&self.shift, &self.left, &self.right);
        let legal = self.legal[combo].get_or_insert_with(|| {
            let m = |b: bool| -(b as i32);
            let (ms, ml, mr) = (m(ok[0]), m(ok[1]), m(ok[2]));
            let mut legal = Box::new([0i32; 256]);
            for (o, ((&s, &l), &r)) in legal.iter_mut().zip(shift.iter().zip(left).zip(right)) {
                *o = (s & ms) | (l & ml) | (r & mr);
            }
            legal
        });
        let n = acc.len().min(256);
        // Illegal lanes count as i32::MIN; scores are far from i32::MIN, so
        // the top is i32::MIN only when no action is legal.
        let (first, top) = crate::weights::argmax_int_masked(&acc[..n], &legal[..n])?;
        if top == i32::MIN {
            return None;
        }
        Some(first)
    }
}

/// Parse one sentence greedily with any scorer. Returns (heads, labels), heads
/// sentence-local (-1 = root).
pub fn parse<S: crate::weights::Scorer>(
    s: &S,
    words: &[Word],
    n_labels: usize,
    root_label: usize,
    feats: &mut Vec<u64>,
    scores: &mut [f32],
    memo: &mut crate::table::Memo,
) -> (Vec<i32>, Vec<u16>) {
    let n = words.len();
    let mut st = State::new(n);
    let n_act = n_actions(n_labels).min(scores.len());
    // With an integer scorer the buffer-only templates are summed once per
    // buffer position and that partial sum reused by every LEFT and RIGHT
    // decided there (a fifth of the lookups; the total is the same sum).
    let split = s.integer();
    // Only the lanes rows can write are cleared and copied.
    let lanes = crate::table::lanes_for(n_act);
    let mut buffer_acc = [0i32; 256];
    let mut acc = [0i32; 256];
    let mut keys = Keys::default();
    let mut buffer_at = usize::MAX;
    let mut kinds = if split {
        ActionKinds::new(n_act, root_label)
    } else {
        ActionKinds::default()
    };
    while !st.is_final() {
        // With an empty stack SHIFT is the only legal action: no need to score.
        if st.stack.is_empty() && st.b < st.n {
            st.apply(SHIFT);
            continue;
        }
        if split {
            if buffer_at != st.b {
                st.buffer_features(words, &mut keys);
                buffer_acc[..lanes].fill(0);
                s.add_int(keys.as_slice(), &mut buffer_acc, memo);
                buffer_at = st.b;
            }
            st.stack_features(words, &mut keys);
            acc[..lanes].copy_from_slice(&buffer_acc[..lanes]);
            s.add_int(keys.as_slice(), &mut acc, memo);
            let ok = [
                st.b < st.n,
                !st.stack.is_empty() && st.b < st.n,
                st.stack.len() >= 2,
            ];
            match kinds.best(&acc[..n_act], ok) {
                Some(a) => st.apply(a),
                None => break,
            }
            continue;
        }
        st.features(words, feats);
        s.scores(feats, scores, memo);
        let best = st.best_legal(&scores[..n_act], root_label);
        match best {
            Some(a) => st.apply(a),
            None => break,
        }
    }
    if let Some(&r) = st.stack.first() {
        st.heads[r as usize] = -1;
        st.labels[r as usize] = root_label as u16;
    }
    // Anything left unattached (cannot happen for a finished parse) hangs on the root.
    let root = st.stack.first().map(|&r| r as i32).unwrap_or(-1);
    let mut heads = st.heads;
    let mut labels = st.labels;
    for i in 0..n {
        if heads[i] < 0 && i as i32 != root {
            heads[i] = root;
            labels[i] = root_label as u16;
        }
    }
    (heads, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_walk_with_zero_cost_actions_rebuilds_a_projective_tree() {
        // "the dog barked loudly": the→dog, dog→barked, barked root, loudly→barked
        let gh = [1, 2, -1, 2];
        let gl = [1u16, 2, 0, 3];
        let mut st = State::new(4);
        while !st.is_final() {
            let a = (0..n_actions(4))
                .filter(|&a| st.legal(a, 0))
                .find(|&a| st.cost(a, &st.base_costs(&gh), &gh, &gl) == 0)
                .expect("a zero-cost action exists for a projective tree");
            st.apply(a);
        }
        assert_eq!(st.stack, vec![2]);
        assert_eq!(&st.heads[..2], &[1, 2]);
        assert_eq!(st.heads[3], 2);
        assert_eq!(&st.labels, &[1, 2, 0, 3]);
    }

    #[test]
    fn integer_choice_agrees_with_best_legal_and_split_features_cover_all() {
        let mut x = 99u64;
        let mut rnd = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 33
        };
        let words: Vec<Word> = (0..6)
            .map(|i| Word {
                lower: i * 7 + 1,
                tag: i % 3,
            })
            .collect();
        for root in [0, 2, 4] {
            let n_act = n_actions(5);
            let mut kinds = ActionKinds::new(n_act, root);
            let mut st = State::new(words.len());
            while !st.is_final() {
                // Small integer scores make ties common.
                let acc: Vec<i32> = (0..n_act).map(|_| (rnd() % 7) as i32 - 3).collect();
                let f: Vec<f32> = acc.iter().map(|&a| a as f32).collect();
                let ok = [
                    st.b < st.n,
                    !st.stack.is_empty() && st.b < st.n,
                    st.stack.len() >= 2,
                ];
                let want = st.best_legal(&f, root);
                assert_eq!(kinds.best(&acc, ok), want);
                let (mut all, mut keys) = (Vec::new(), Keys::default());
                st.features(&words, &mut all);
                st.buffer_features(&words, &mut keys);
                assert_eq!(keys.as_slice().len(), 11);
                let mut part = keys.as_slice().to_vec();
                st.stack_features(&words, &mut keys);
                part.extend(keys.as_slice());
                all.sort();
                part.sort();
                assert_eq!(all, part);
                match want {
                    Some(a) => st.apply(a),
                    None => break,
                }
            }
        }
        let mut none = ActionKinds::new(3, 0);
        assert_eq!(
            none.best(&[5, 1, 2], [false, true, true]),
            None,
            "only root arcs"
        );
    }

    #[test]
    fn best_legal_agrees_with_the_legal_filter() {
        let mut st = State::new(3);
        let mut x = 12345u64;
        for step in 0..5 {
            let scores: Vec<f32> = (0..n_actions(4))
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (x >> 40) as f32
                })
                .collect();
            let want = crate::weights::argmax_where(&scores, |a| st.legal(a, 2));
            assert_eq!(st.best_legal(&scores, 2), want, "step {step}");
            if let Some(a) = want {
                st.apply(a);
            }
        }
    }
}
