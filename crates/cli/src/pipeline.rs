use std::time::Instant;

use backchannel_attrib::Attributor;
use backchannel_core::{DocError, Document, RawDoc};
use backchannel_ner::Ner;
use backchannel_nlp::Nlp;

/// Every analysis stage, loaded once and shared (read-only) by all worker threads.
/// Stage order: clean → segment → nlp (tag, lemma, parse) → ner → attrib.
pub struct Pipeline {
    nlp: Nlp,
    ner: Ner,
    attrib: Attributor,
    date_override: Option<String>,
    /// Model load time, for `--verbose` reports and the load-time budget.
    pub load_ms: f64,
}

impl Pipeline {
    /// Load every model (all embedded in the binary: nothing is downloaded or read from disk).
    ///
    /// The models load side by side: most of a cold load is the kernel
    /// zeroing fresh pages for the weight tables and building them, which two
    /// cores share well (the tagger/parser alone takes about as long as the
    /// entity and attribution models together).
    pub fn load() -> anyhow::Result<Pipeline> {
        let t = Instant::now();
        let (nlp, (ner, attrib)) = std::thread::scope(|s| {
            let nlp = s.spawn(Nlp::embedded);
            let rest = (Ner::embedded(), Attributor::embedded());
            (nlp.join(), rest)
        });
        let nlp = nlp
            .map_err(|_| anyhow::anyhow!("tagger/parser model: loading panicked"))?
            .map_err(|e| anyhow::anyhow!("tagger/parser model: {e}"))?;
        let ner = ner.map_err(|e| anyhow::anyhow!("entity model: {e}"))?;
        let attrib = attrib.map_err(|e| anyhow::anyhow!("attribution model: {e}"))?;
        Ok(Pipeline {
            nlp,
            ner,
            attrib,
            date_override: None,
            load_ms: t.elapsed().as_secs_f64() * 1e3,
        })
    }

    /// Use this publication date for every document, whatever the input says.
    pub fn with_date(mut self, date: Option<String>) -> Self {
        self.date_override = date;
        self
    }

    /// Clean, segment and analyse one raw document.
    pub fn run(&self, mut raw: RawDoc) -> Result<Document, DocError> {
        if let Some(d) = &self.date_override {
            raw.hints.published = Some(d.clone());
        }
        let mut doc = backchannel_clean::clean(raw)?;
        self.analyze(&mut doc);
        Ok(doc)
    }

    /// Run the stages after cleaning on a document that already has clean text.
    pub fn analyze(&self, doc: &mut Document) {
        self.prepare(doc);
        self.attrib.annotate(doc);
    }

    /// Every stage before attribution (what the attribution model reads).
    pub fn prepare(&self, doc: &mut Document) {
        backchannel_segment::segment(doc);
        self.nlp.annotate(doc);
        self.ner.recognize(doc);
    }

    pub fn nlp(&self) -> &Nlp {
        &self.nlp
    }

    pub fn ner(&self) -> &Ner {
        &self.ner
    }

    pub fn attrib(&self) -> &Attributor {
        &self.attrib
    }
}
