//! Helpers shared by the unit tests of the rule modules.

/// The char span of the first occurrence of `s` in `t` (panics when absent:
/// a test's own text is wrong).
pub(crate) fn find(t: &str, s: &str) -> (usize, usize) {
    let b = t.find(s).expect("substring");
    let a = t[..b].chars().count();
    (a, a + s.chars().count())
}

type Span = (usize, usize);

/// An attribution with these char spans and empty texts.
pub(crate) fn attribution_at(
    source: Option<Span>,
    cue: Span,
    content: &[Span],
) -> backchannel_core::Attribution {
    use backchannel_core::{Attribution, Cue, Piece, Source};
    Attribution {
        id: String::new(),
        source: source.map(|(start, end)| Source {
            start,
            end,
            text: String::new(),
            entity: None,
            kind: "none".into(),
        }),
        cue: Cue {
            start: cue.0,
            end: cue.1,
            text: String::new(),
        },
        content: content
            .iter()
            .map(|&(start, end)| Piece { start, end })
            .collect(),
        form: String::new(),
        stance: String::new(),
        via: None,
        anonymity_reason: None,
    }
}

/// An attribution over the first occurrences of these strings in `t`, with
/// the source and cue texts filled in.
pub(crate) fn attribution(
    t: &str,
    source: Option<&str>,
    cue: &str,
    content: &[&str],
) -> backchannel_core::Attribution {
    let pieces: Vec<Span> = content.iter().map(|c| find(t, c)).collect();
    let mut a = attribution_at(source.map(|s| find(t, s)), find(t, cue), &pieces);
    if let (Some(s), Some(text)) = (a.source.as_mut(), source) {
        s.text = text.into();
    }
    a.cue.text = cue.into();
    a
}

/// A hand-parsed sentence, one row per token: (word, upos, head, deprel);
/// the text is the words joined by single spaces.
pub(crate) fn parsed(rows: &[(&str, &str, i64, &str)]) -> backchannel_core::Document {
    use backchannel_core::{DocMeta, Document, Token};
    let text = rows.iter().map(|r| r.0).collect::<Vec<_>>().join(" ");
    let mut d = Document::from_plain(text, DocMeta::default());
    let mut pos = 0;
    for &(w, upos, head, dep) in rows {
        let mut tok = Token::new(pos, pos + w.chars().count());
        tok.upos = Some(upos.into());
        tok.head = head;
        tok.deprel = Some(dep.into());
        d.tokens.push(tok);
        pos += w.chars().count() + 1;
    }
    d
}
