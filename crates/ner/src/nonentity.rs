//! Names that UNER does not count as entities although they look like
//! names: plural group words ("Methodists", "Neocons", "Sadrists", which
//! the tagger, trained partly on GUM where groups of people are persons,
//! tags) and named storms ("Hurricane Katrina", an event). Dropping them
//! after decoding keeps the tagger's other decisions unchanged.

use crate::gazetteer::{Cat, Gazetteer};
use crate::labels::{EntType, Span};

/// Words that open the name of a storm.
const STORM_WORDS: [&str; 5] = ["hurricane", "typhoon", "cyclone", "storm", "tornado"];

/// A one-word person or place span tagged as a plural noun ("Methodists"),
/// unless the gazetteer knows it as a place, country or organisation
/// ("Philippines", "Netherlands").
fn plural_group(gaz: &Gazetteer, forms: &[&str], xpos: &[&str], s: &Span) -> bool {
    let (Some(w), Some(tag)) = (forms.get(s.start), xpos.get(s.start)) else {
        return false;
    };
    let known = Cat::Country.bit() | Cat::Place.bit() | Cat::Org.bit();
    s.end == s.start + 1
        && s.kind != EntType::Org
        && matches!(*tag, "NNPS" | "NNS")
        && w.ends_with(['s', 'S'])
        && gaz.lookup(w) & known == 0
}

/// Does the span name a storm ("Hurricane Rita", "Tropical Storm Ana")?
fn storm(forms: &[&str], s: &Span) -> bool {
    forms
        .get(s.start..s.end.min(forms.len()))
        .unwrap_or_default()
        .iter()
        .take(2)
        .any(|w| STORM_WORDS.iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// Remove the spans described in the module doc. `xpos` holds one tag per
/// form (any other length: no tags, and only storms are dropped).
pub fn drop_non_entities(gaz: &Gazetteer, forms: &[&str], xpos: &[&str], spans: &mut Vec<Span>) {
    let tagged = xpos.len() == forms.len();
    let drop = |s: &Span| storm(forms, s) || (tagged && plural_group(gaz, forms, xpos, s));
    spans.retain(|s| !drop(s));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::sp;

    #[test]
    fn groups_and_storms_are_dropped() {
        let g = Gazetteer::builtin();
        let forms = [
            "Methodists",
            "fled",
            "Hurricane",
            "Rita",
            "to",
            "Philippines",
        ];
        let tags = ["NNPS", "VBD", "NNP", "NNP", "IN", "NNPS"];
        let mut spans = vec![
            sp(0, 1, EntType::Loc),
            sp(2, 4, EntType::Per),
            sp(5, 6, EntType::Loc),
        ];
        drop_non_entities(&g, &forms, &tags, &mut spans);
        assert_eq!(spans, vec![sp(5, 6, EntType::Loc)]);
        // Organisations in the plural (teams) stay.
        let mut spans = vec![sp(0, 1, EntType::Org)];
        drop_non_entities(&g, &forms, &tags, &mut spans);
        assert_eq!(spans, vec![sp(0, 1, EntType::Org)]);
    }
}
