use backchannel_core::{DocError, Document, RawDoc};

/// Every analysis stage, loaded once and shared (read-only) by all worker threads.
pub struct Pipeline {
    date_override: Option<String>,
}

impl Pipeline {
    /// Load every model (all embedded in the binary: nothing is downloaded or read from disk).
    pub fn load() -> anyhow::Result<Pipeline> {
        Ok(Pipeline {
            date_override: None,
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
        backchannel_segment::segment(doc);
    }
}
