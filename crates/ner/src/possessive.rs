//! Businesses named by a possessive: "we ate at Wendy 's .", "McDonald s",
//! "went to Del Frisco 's for dinner". UNER includes the possessive in the
//! name and calls the place a location; the tagger, which learned names
//! from news without such shop names, stops before it and often takes the
//! name for a person. A possessive that possesses nothing (the next word is
//! not a noun, adjective or number), or a bare `s` split off the name, marks
//! the business.

use crate::labels::{EntType, Span};

/// Does the word after a possessive show that nothing is possessed? It
/// ends the phrase: punctuation other than quotes (a quoted title may be
/// the thing possessed), a preposition, conjunction or verb, or the end of
/// the sentence; after a bare `s`, also a determiner. Without tags only
/// punctuation and the sentence end count.
fn possesses_nothing(tag: Option<&str>, form: Option<&str>, bare: bool) -> bool {
    let Some(form) = form else { return true };
    let punct = matches!(form, "." | "," | "?" | "!" | ":" | ";" | ")" | "-" | "...");
    match tag {
        Some(t) if !t.is_empty() => {
            punct
                || matches!(t, "IN" | "TO" | "CC" | "MD" | "WDT" | "WRB" | "WP")
                || t.starts_with("VB") && t != "VBG"
                || (bare && t == "DT")
        }
        _ => punct,
    }
}

/// Extend spans over a following business possessive (see the module doc);
/// a one-word person span so extended becomes a location (a full personal
/// name before a possessive is a person's).
pub fn add_business_possessives(forms: &[&str], xpos: &[&str], spans: &mut [Span]) {
    let tagged = xpos.len() == forms.len();
    for i in 0..spans.len() {
        let end = spans[i].end;
        let Some(&p) = forms.get(end) else { continue };
        let bare = p == "s";
        if !bare && !matches!(p, "'s" | "’s") {
            continue;
        }
        // "Kerry 's said" is "Kerry has": the tagger calls that 's a verb.
        if tagged && xpos[end] != "POS" {
            continue;
        }
        let next_tag = if tagged {
            xpos.get(end + 1).copied()
        } else {
            None
        };
        if !possesses_nothing(next_tag, forms.get(end + 1).copied(), bare) {
            continue;
        }
        if spans[i].kind == EntType::Per && spans[i].end - spans[i].start > 1 {
            continue;
        }
        if spans.iter().any(|s| s.start <= end && end < s.end) {
            continue;
        }
        let s = &mut spans[i];
        s.end = end + 1;
        if s.kind == EntType::Per {
            s.kind = EntType::Loc;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::sp;

    #[test]
    fn shop_possessives_join_the_name() {
        let forms = ["we", "ate", "at", "Wendy", "'s", "."];
        let tags = ["PRP", "VBD", "IN", "NNP", "POS", "."];
        let mut spans = vec![sp(3, 4, EntType::Per)];
        add_business_possessives(&forms, &tags, &mut spans);
        assert_eq!(spans, vec![sp(3, 5, EntType::Loc)]);
        // The contraction of "has" is no possessive.
        let forms = ["Kerry", "'s", "said", "no"];
        let tags = ["NNP", "VBZ", "VBN", "DT"];
        let mut spans = vec![sp(0, 1, EntType::Per)];
        add_business_possessives(&forms, &tags, &mut spans);
        assert_eq!(spans, vec![sp(0, 1, EntType::Per)]);

        let forms = ["McDonald", "s", ",", "Wendy", "s", "?"];
        let mut spans = vec![sp(0, 1, EntType::Loc), sp(3, 4, EntType::Per)];
        add_business_possessives(&forms, &[], &mut spans);
        assert_eq!(spans, vec![sp(0, 2, EntType::Loc), sp(3, 5, EntType::Loc)]);
    }

    #[test]
    fn ordinary_possessives_are_left_alone() {
        let forms = ["Bush", "'s", "decision", "stands"];
        let tags = ["NNP", "POS", "NN", "VBZ"];
        let mut spans = vec![sp(0, 1, EntType::Per)];
        add_business_possessives(&forms, &tags, &mut spans);
        assert_eq!(spans, vec![sp(0, 1, EntType::Per)]);
        // Untagged: a following word may be the possessed noun.
        let mut spans = vec![sp(0, 1, EntType::Per)];
        add_business_possessives(&forms, &[], &mut spans);
        assert_eq!(spans, vec![sp(0, 1, EntType::Per)]);
        // A full name before a possessive is a person's.
        let forms = ["by", "Dan", "Froomkin", "'s", "."];
        let mut spans = vec![sp(1, 3, EntType::Per)];
        add_business_possessives(&forms, &[], &mut spans);
        assert_eq!(spans, vec![sp(1, 3, EntType::Per)]);
    }
}
