//! The analysis record: [`Document`] and its layers, serialised exactly as
//! `spec/analysis-json.md` describes. Fields may be added; none may be renamed.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{CharIndex, OffsetMap, SCHEMA};

/// One document and every layer the pipeline has filled so far.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    pub schema: String,
    #[serde(rename = "doc")]
    pub meta: DocMeta,
    /// The cleaned body text every offset points into.
    pub text: String,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
    pub attributions: Vec<Attribution>,
    pub events: Vec<Event>,
    /// Clean-text char offset → original-input char offset. Not part of the record.
    #[serde(skip)]
    pub offset_map: OffsetMap,
}

impl Document {
    /// A document with clean text and metadata and no analysis layers yet.
    /// The id is derived from the text, so the same body always gets the same id.
    pub fn new(text: String, mut meta: DocMeta, offset_map: OffsetMap) -> Self {
        meta.id = content_id(&text);
        Document {
            schema: SCHEMA.to_string(),
            meta,
            text,
            sentences: Vec::new(),
            tokens: Vec::new(),
            entities: Vec::new(),
            attributions: Vec::new(),
            events: Vec::new(),
            offset_map,
        }
    }

    /// A document whose text is used exactly as given (offsets map 1:1 to the input).
    pub fn from_plain(text: String, meta: DocMeta) -> Self {
        let map = OffsetMap::identity(text.chars().count());
        Document::new(text, meta, map)
    }

    /// Byte ↔ char converter for `self.text`. Build once per stage, not per span.
    pub fn char_index(&self) -> CharIndex {
        CharIndex::new(&self.text)
    }

    /// The text of a char span, using a prepared index.
    pub fn slice<'a>(&'a self, idx: &CharIndex, start: usize, end: usize) -> &'a str {
        &self.text[idx.to_byte(start)..idx.to_byte(end)]
    }

    /// Indices of the tokens inside a sentence (tokens are sorted by offset).
    pub fn sentence_tokens(&self, s: &Sentence) -> std::ops::Range<usize> {
        let a = self.tokens.partition_point(|t| t.start < s.start);
        let b = self.tokens.partition_point(|t| t.start < s.end);
        a..b
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("document serialises")
    }

    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("document serialises")
    }
}

/// `sha256` of the cleaned text, hex, first 16 chars.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocMeta {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// ISO date or datetime.
    pub published: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    pub language: String,
    pub removed: Vec<Removed>,
    /// Where the document was read from (path, `#record`). Added field.
    #[serde(default)]
    pub origin: Option<String>,
}

impl Default for DocMeta {
    fn default() -> Self {
        DocMeta {
            id: String::new(),
            url: None,
            title: None,
            outlet: None,
            published: None,
            author: None,
            language: "en".to_string(),
            removed: Vec::new(),
            origin: None,
        }
    }
}

/// Text judged not to be the article body, with why (promo, caption, nav, related, byline, …).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Removed {
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// A tag or relation name from a small fixed set (UPOS, XPOS, deprel):
/// shared, so annotating a token clones a pointer instead of allocating a
/// string. Serialised as a plain string.
pub type Tag = std::sync::Arc<str>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub upos: Option<Tag>,
    /// Penn Treebank tag. Added field.
    #[serde(default)]
    pub xpos: Option<Tag>,
    pub lemma: Option<String>,
    /// Index into the document's tokens; -1 for a sentence root (and before parsing).
    pub head: i64,
    pub deprel: Option<Tag>,
}

impl Token {
    pub fn new(start: usize, end: usize) -> Self {
        Token {
            start,
            end,
            head: -1,
            ..Token::default()
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entity {
    pub id: String,
    pub name: String,
    /// person, organization, country, place, law, other
    pub kind: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub roles: Vec<Role>,
    pub code: Option<String>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Role {
    pub title: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// text, store or dictionary
    pub basis: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attribution {
    pub id: String,
    pub source: Option<Source>,
    pub cue: Cue,
    pub content: Vec<Piece>,
    /// direct, indirect, mixed
    pub form: String,
    /// assert, deny, decline, no_response
    pub stance: String,
    pub via: Option<Via>,
    pub anonymity_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Source {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub entity: Option<String>,
    /// named, anonymous, organization, document, outlet, none
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Cue {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Via {
    pub outlet: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub cameo: Option<String>,
    pub quad: Option<u8>,
    pub goldstein: Option<f32>,
    pub actor: Option<EventActor>,
    pub recipient: Option<EventActor>,
    pub date: Option<EventDate>,
    pub location: Option<Location>,
    pub modality: String,
    pub attribution: Option<String>,
    pub evidence: Evidence,
    pub rule: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EventActor {
    pub entity: Option<String>,
    pub code: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EventDate {
    pub value: String,
    /// day, month, year, unknown
    pub precision: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Location {
    pub text: String,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Evidence {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_layers_are_present_and_schema_is_set() {
        let doc = Document::from_plain("Hello.".into(), DocMeta::default());
        let v: serde_json::Value = serde_json::from_str(&doc.to_json_line()).unwrap();
        assert_eq!(v["schema"], "backchannel/1");
        assert_eq!(v["doc"]["id"].as_str().unwrap().len(), 16);
        assert_eq!(v["doc"]["url"], serde_json::Value::Null);
        for layer in ["sentences", "tokens", "entities", "attributions", "events"] {
            assert_eq!(v[layer], serde_json::json!([]), "{layer}");
        }
    }

    #[test]
    fn record_round_trips() {
        let mut doc = Document::from_plain("Kerry said.".into(), DocMeta::default());
        doc.tokens.push(Token::new(0, 5));
        let mut said = Token::new(6, 10);
        said.upos = Some("VERB".into());
        said.xpos = Some("VBD".into());
        said.deprel = Some("root".into());
        doc.tokens.push(said);
        let line = doc.to_json_line();
        // Shared tag strings serialise as plain strings.
        assert!(line.contains(r#""upos":"VERB","xpos":"VBD""#), "{line}");
        let back: Document = serde_json::from_str(&line).unwrap();
        assert_eq!(back.tokens, doc.tokens);
        assert_eq!(back.meta, doc.meta);
    }
}
