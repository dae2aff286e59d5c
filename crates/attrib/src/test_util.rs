//! Helpers shared by the unit tests of the rule modules.

/// The char span of the first occurrence of `s` in `t` (panics when absent:
/// a test's own text is wrong).
pub(crate) fn find(t: &str, s: &str) -> (usize, usize) {
    let b = t.find(s).expect("substring");
    let a = t[..b].chars().count();
    (a, a + s.chars().count())
}
