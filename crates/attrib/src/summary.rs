//! Sourcing summary over a set of documents: how claims are sourced, which
//! rest only on anonymous or secondhand sources, and who denied, declined or
//! did not respond. What `backchannel sources` prints.

use std::collections::BTreeMap;

use backchannel_core::{Attribution, Document};

/// One attribution, located and described for a summary listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRef {
    pub doc: String,
    pub attribution: String,
    /// Source text ("" when there is no source).
    pub source: String,
    pub kind: String,
    pub cue: String,
    /// Content text, pieces joined with " … ".
    pub content: String,
    /// The outlet the source spoke through, if any.
    pub via: Option<String>,
}

/// Counts and listings of sourcing over documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourcingSummary {
    pub documents: usize,
    pub attributions: usize,
    /// Attributions per source kind (named, organization, anonymous, document, outlet, none).
    pub per_kind: BTreeMap<String, usize>,
    /// Claims whose source is anonymous or reached us through another outlet.
    pub anonymous_or_secondhand: Vec<ClaimRef>,
    pub denials: Vec<ClaimRef>,
    pub declines: Vec<ClaimRef>,
    pub no_responses: Vec<ClaimRef>,
}

impl std::fmt::Display for SourcingSummary {
    /// A plain-text report: counts per kind, then each listing.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} documents, {} attributions",
            self.documents, self.attributions
        )?;
        for (k, n) in &self.per_kind {
            writeln!(f, "  {k:<13} {n}")?;
        }
        let lists = [
            (
                "resting on anonymous or secondhand sources",
                &self.anonymous_or_secondhand,
            ),
            ("denials", &self.denials),
            ("declined to comment", &self.declines),
            ("did not respond", &self.no_responses),
        ];
        for (title, list) in lists {
            writeln!(f, "{title}: {}", list.len())?;
            for c in list {
                let via = c
                    .via
                    .as_deref()
                    .map(|v| format!(" via {v}"))
                    .unwrap_or_default();
                writeln!(
                    f,
                    "  [{} {}] {} ({}{via}) {}: {}",
                    c.doc, c.attribution, c.source, c.kind, c.cue, c.content
                )?;
            }
        }
        Ok(())
    }
}

/// Summarise the attribution layers of `docs`.
pub fn summarize<'a>(docs: impl IntoIterator<Item = &'a Document>) -> SourcingSummary {
    let mut s = SourcingSummary::default();
    for doc in docs {
        s.documents += 1;
        let chars: Vec<char> = doc.text.chars().collect();
        for a in &doc.attributions {
            s.attributions += 1;
            let kind = a
                .source
                .as_ref()
                .map_or("none", |x| x.kind.as_str())
                .to_string();
            *s.per_kind.entry(kind.clone()).or_default() += 1;
            let r = claim_ref(doc, &chars, a, kind.clone());
            if kind == "anonymous" || a.via.is_some() {
                s.anonymous_or_secondhand.push(r.clone());
            }
            match a.stance.as_str() {
                "deny" => s.denials.push(r),
                "decline" => s.declines.push(r),
                "no_response" => s.no_responses.push(r),
                _ => {}
            }
        }
    }
    s
}

fn claim_ref(doc: &Document, chars: &[char], a: &Attribution, kind: String) -> ClaimRef {
    let span = |x: usize, y: usize| -> String {
        chars[x.min(chars.len())..y.min(chars.len())]
            .iter()
            .collect()
    };
    ClaimRef {
        doc: doc.meta.id.clone(),
        attribution: a.id.clone(),
        source: a
            .source
            .as_ref()
            .map(|x| x.text.clone())
            .unwrap_or_default(),
        kind,
        cue: a.cue.text.clone(),
        content: a
            .content
            .iter()
            .map(|p| span(p.start, p.end))
            .collect::<Vec<_>>()
            .join(" … "),
        via: a.via.as_ref().map(|v| v.outlet.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backchannel_core::{Cue, DocMeta, Piece, Source, Via};

    #[test]
    fn counts_kinds_and_lists_stances() {
        let mut d = Document::from_plain(
            "An official said X. Parsi declined to comment.".into(),
            DocMeta::default(),
        );
        let mk = |kind: &str, stance: &str, via: bool| Attribution {
            id: "A1".into(),
            source: Some(Source {
                start: 0,
                end: 11,
                text: "An official".into(),
                entity: None,
                kind: kind.into(),
            }),
            cue: Cue {
                start: 12,
                end: 16,
                text: "said".into(),
            },
            content: vec![Piece { start: 17, end: 18 }],
            form: "indirect".into(),
            stance: stance.into(),
            via: via.then(|| Via {
                outlet: "Washington Times".into(),
                start: 0,
                end: 0,
            }),
            anonymity_reason: None,
        };
        d.attributions = vec![
            mk("anonymous", "assert", false),
            mk("named", "decline", true),
        ];
        let s = summarize([&d]);
        assert_eq!(s.attributions, 2);
        assert_eq!(s.per_kind.get("anonymous"), Some(&1));
        assert_eq!(
            s.anonymous_or_secondhand.len(),
            2,
            "anonymous, and named via an outlet"
        );
        assert_eq!(s.declines.len(), 1);
        assert_eq!(s.declines[0].content, "X");
        assert!(s.denials.is_empty());
        let text = s.to_string();
        assert!(text.contains("declined to comment: 1"), "{text}");
        assert!(text.contains("via Washington Times"), "{text}");
    }
}
