//! PolNeAR's comma convention at the end of a source that precedes its cue.
//!
//! A source with an apposition keeps the comma that closes it ("Brian
//! Fallon, the campaign's press secretary, said"): in train gold, sources
//! with an inner comma right before the cue end with their closing comma
//! 978 times and leave it outside 78 times. A plain source leaves a comma
//! before the cue outside ("Limbaugh, who …" aside, "Limbaugh, said" is
//! rare): 65 outside against 5 inside. The tagger decides that comma token
//! by token and gets it wrong both ways; the convention decides it here.
//!
//! The source of "according to" ends at the first comma after it: in train
//! gold, 27 of 401 such sources hold a comma, while the tagger often runs
//! on into the clause that follows ("according to Politico, both of these
//! areas …").

use crate::chars::skip_ws;
use backchannel_core::Attribution;

/// Cut the source after an "according to" cue at its first comma.
fn according_to(chars: &[char], a: &mut Attribution) {
    if !a.cue.text.eq_ignore_ascii_case("according to") {
        return;
    }
    let Some(s) = a.source.as_mut() else { return };
    if s.start < a.cue.end || s.end > chars.len() {
        return;
    }
    let Some(comma) = (s.start..s.end).find(|&i| chars[i] == ',') else {
        return;
    };
    let mut end = comma;
    while end > s.start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if end > s.start {
        s.end = end;
        s.text = chars[s.start..s.end].iter().collect();
    }
}

/// Apply the comma conventions to every source.
pub fn apply(chars: &[char], atts: &mut [Attribution]) {
    for a in atts.iter_mut() {
        according_to(chars, a);
        let cue = a.cue.start.min(chars.len());
        let Some(s) = a.source.as_mut() else { continue };
        if s.start >= s.end || s.end > cue {
            continue;
        }
        // The source without a comma (and whitespace) at its end.
        let mut core = s.end;
        while core > s.start && (chars[core - 1].is_whitespace() || chars[core - 1] == ',') {
            core -= 1;
        }
        let inner_comma = chars[s.start..core].contains(&',');
        let comma = skip_ws(chars, core, cue);
        let comma_before_cue =
            comma < cue && chars[comma] == ',' && skip_ws(chars, comma + 1, cue) == cue;
        let end = if inner_comma && comma_before_cue {
            comma + 1
        } else if !inner_comma {
            core
        } else {
            s.end
        };
        if end != s.end && end > s.start {
            s.end = end;
            s.text = chars[s.start..s.end].iter().collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::attribution;

    fn run(text: &str, src: &str, cue: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut atts = vec![attribution(text, Some(src), cue, &[])];
        apply(&chars, &mut atts);
        atts[0]
            .source
            .as_ref()
            .map_or(String::new(), |s| s.text.clone())
    }

    #[test]
    fn appositions_keep_their_closing_comma() {
        let t = "Brian Fallon, the press secretary, said so.";
        assert_eq!(
            run(t, "Brian Fallon, the press secretary", "said"),
            "Brian Fallon, the press secretary,"
        );
        assert_eq!(
            run(t, "Brian Fallon, the press secretary,", "said"),
            "Brian Fallon, the press secretary,"
        );
    }

    #[test]
    fn plain_sources_leave_the_comma_out() {
        let t = "Limbaugh, said the host.";
        assert_eq!(run(t, "Limbaugh,", "said"), "Limbaugh");
        // A source after its cue is left alone.
        let t = "said Limbaugh, today.";
        assert_eq!(run(t, "Limbaugh,", "said"), "Limbaugh,");
    }

    #[test]
    fn according_to_sources_end_at_a_comma() {
        let t = "According to Politico, both of these areas are close.";
        assert_eq!(
            run(t, "Politico, both of these areas", "According to"),
            "Politico"
        );
        assert_eq!(run(t, "Politico", "According to"), "Politico");
    }
}
