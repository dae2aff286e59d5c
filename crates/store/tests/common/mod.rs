//! Test and benchmark documents: deterministic synthetic articles with
//! realistic analysis layers, and a few hand-written short news stories.
#![allow(dead_code)]

use backchannel_core::{
    Attribution, Cue, DocMeta, Document, Entity, Event, Evidence, Mention, Piece, Sentence, Source,
    Token,
};

/// splitmix64, for reproducible pseudo-random text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_add(0x9e37_79b9_7f4a_7c15))
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ran", "mi", "to", "sel", "va", "dor", "en", "li", "pra", "mon", "tes", "qui", "bal",
    "ro", "ne", "sta", "gu", "fer", "al", "zi", "po", "cre", "dan", "hu", "mar", "tin", "os", "ve",
    "lu",
];

/// A pseudo-word; low ranks are short and frequent, as in real text.
fn word(rank: usize) -> String {
    let mut r = rank;
    let mut w = String::new();
    loop {
        w.push_str(SYLLABLES[r % SYLLABLES.len()]);
        r /= SYLLABLES.len();
        if r == 0 {
            break;
        }
    }
    w
}

/// About `bytes` of article text: paragraphs of sentences of Zipf-ish words.
pub fn article_text(seed: u64, bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(bytes + 200);
    while text.len() < bytes {
        let sentences = 2 + rng.below(3);
        for _ in 0..sentences {
            let n = 8 + rng.below(20);
            for i in 0..n {
                // Log-uniform rank in 0..50000: roughly Zipf's law, as in real text
                // (the 100 most frequent words make up about 40% of the tokens).
                let u = rng.below(1_000_000) as f64 / 1_000_000.0;
                let w = word(((u * 50_000f64.ln()).exp() - 1.0) as usize);
                if i == 0 {
                    let mut c = w.chars();
                    if let Some(f) = c.next() {
                        text.extend(f.to_uppercase());
                        text.push_str(c.as_str());
                    }
                } else {
                    text.push(' ');
                    text.push_str(&w);
                }
            }
            text.push_str(". ");
        }
        text.pop();
        text.push_str("\n\n");
    }
    text.truncate(text.trim_end().len());
    text
}

pub fn meta(seed: u64, outlet: &str) -> DocMeta {
    DocMeta {
        title: Some(format!("Story number {seed}")),
        outlet: Some(outlet.to_string()),
        url: Some(format!("https://{outlet}.example/story/{seed}")),
        published: Some(format!("2021-02-{:02}", 1 + seed % 28)),
        ..DocMeta::default()
    }
}

/// A plain document (no analysis layers).
pub fn plain_doc(seed: u64, bytes: usize) -> Document {
    Document::from_plain(article_text(seed, bytes), meta(seed, "wire"))
}

/// A document with sentence, token, entity, attribution and event layers
/// filled the way the pipeline would, so record sizes are realistic.
pub fn analysed_doc(seed: u64, bytes: usize) -> Document {
    let mut doc = plain_doc(seed, bytes);
    let text = doc.text.clone();
    let mut sent_start = 0;
    let mut pos = 0;
    for piece in text.split_inclusive([' ', '\n']) {
        let w = piece.trim_end();
        let start = pos;
        pos += piece.len(); // ASCII text: bytes are chars
        if w.is_empty() {
            continue;
        }
        let (word, dot) = match w.strip_suffix('.') {
            Some(x) => (x, true),
            None => (w, false),
        };
        let mut t = Token::new(start, start + word.len());
        t.upos = Some("NOUN".into());
        t.xpos = Some("NN".into());
        t.lemma = Some(word.to_lowercase());
        t.deprel = Some("obj".into());
        t.head = doc.tokens.len() as i64 - 1;
        doc.tokens.push(t);
        if dot {
            let mut p = Token::new(start + word.len(), start + w.len());
            p.upos = Some("PUNCT".into());
            p.deprel = Some("punct".into());
            doc.tokens.push(p);
            doc.sentences.push(Sentence {
                start: sent_start,
                end: start + w.len(),
            });
            sent_start = pos;
        }
    }
    let first = doc.tokens.first().map_or((0, 0), |t| (t.start, t.end));
    let mention = Mention {
        start: first.0,
        end: first.1,
        text: text[first.0..first.1].to_string(),
    };
    for k in 0..4 {
        doc.entities.push(Entity {
            id: format!("E{}", k + 1),
            name: format!("Person {}", seed % 50 + k),
            kind: if k % 2 == 0 { "person" } else { "organization" }.into(),
            country: Some("USA".into()),
            sector: Some("GOV".into()),
            roles: Vec::new(),
            code: Some("USAGOV".into()),
            mentions: vec![mention.clone(); 3],
        });
    }
    for k in 0..3 {
        doc.attributions.push(Attribution {
            id: format!("A{}", k + 1),
            source: Some(Source {
                start: first.0,
                end: first.1,
                text: mention.text.clone(),
                entity: Some("E1".into()),
                kind: if k == 0 { "anonymous" } else { "named" }.into(),
            }),
            cue: Cue {
                start: first.0,
                end: first.1,
                text: "said".into(),
            },
            content: vec![Piece { start: 0, end: 40 }],
            form: "indirect".into(),
            stance: "assert".into(),
            via: None,
            anonymity_reason: None,
        });
    }
    doc.events.push(Event {
        id: "V1".into(),
        kind: "CONSULT".into(),
        mode: Some("visit".into()),
        context: vec!["diplomatic".into()],
        cameo: Some("040".into()),
        quad: Some(1),
        goldstein: Some(1.0),
        actor: None,
        recipient: None,
        date: None,
        location: None,
        modality: "actual".into(),
        attribution: Some("A1".into()),
        evidence: Evidence {
            sentence: 0,
            start: 0,
            end: 10,
            text: text.chars().take(10).collect(),
        },
        rule: "synthetic".into(),
    });
    doc
}

/// Three short, clearly different news stories on the same topic (Iran–US
/// diplomacy), written for these tests.
pub const STORY_TALKS: &str = "VIENNA — Envoys from Washington and Tehran spent a second day in separate hotel suites on Tuesday while European mediators carried proposals between the two delegations, according to three diplomats briefed on the sessions.

The indirect format, which both governments agreed to last week, is meant to test whether a return to the 2015 nuclear accord is possible before the Iranian presidential election in June.

A senior European official described the mood as businesslike but cautious. The official, who asked not to be named because the talks are confidential, said the American team had brought a list of sanctions it was prepared to discuss.

Iranian state television reported that Tehran's delegation would insist on the removal of all measures imposed since 2018, a demand Washington has previously rejected.

The State Department spokesman declined to comment on the details but said the administration remained committed to diplomacy.

Further rounds are expected next week, the diplomats said, with technical working groups meeting in parallel on enrichment limits and the sequencing of steps.";

pub const STORY_REJECTION: &str = "TEHRAN — Iran's foreign minister on Sunday dismissed calls for face-to-face negotiations with the United States, telling a news conference that his government saw no reason to meet American officials until every economic penalty had been lifted.

He accused Washington of keeping the pressure policy of the previous administration in place while speaking the language of engagement.

Conservative lawmakers in the parliament applauded the remarks and passed a motion demanding that inspectors' access to nuclear sites be curtailed if banks remain cut off from international payments.

Analysts in the capital said the hard line was aimed partly at a domestic audience ahead of the summer vote, in which the minister's camp faces a strong challenge.

A spokeswoman for the White House said the United States would not make unilateral concessions and urged Tehran to return to compliance first.

Oil prices rose slightly after the comments, traders in London said, as hopes faded for a quick return of Iranian crude to world markets.";

pub const STORY_MEETING: &str = "BRUSSELS — The European Union's foreign policy chief has offered to host an informal gathering of the remaining parties to the nuclear agreement and the United States, his office announced on Thursday.

The proposal, circulated to capitals in a short letter, does not set a date and leaves open whether Iranian and American representatives would sit at the same table.

Officials in Berlin, Paris and London welcomed the initiative in a joint statement and said they hoped it would break a deadlock that has lasted for weeks.

Russia's ambassador to the international organisations in Vienna wrote on social media that Moscow supported any step that brought the accord back to life.

Neither Washington nor Tehran responded publicly by Thursday evening. People familiar with the administration's thinking said it was inclined to accept.

The last gathering of the accord's joint commission took place in December and ended without agreement on how to handle the growing list of violations.";

/// A document from a story with a given title and outlet.
pub fn story_doc(text: &str, title: &str, outlet: &str) -> Document {
    Document::from_plain(
        text.to_string(),
        DocMeta {
            title: Some(title.to_string()),
            outlet: Some(outlet.to_string()),
            published: Some("2021-04-06".to_string()),
            ..DocMeta::default()
        },
    )
}
