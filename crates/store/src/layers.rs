//! Rows for the entity, attribution and event layers, extracted from the
//! record on insert so that counts and source queries are plain SQL.

use backchannel_core::Document;
use rusqlite::{params, Transaction};

/// Write the layer rows of one stored document.
pub fn insert(tx: &Transaction<'_>, doc_id: &str, doc: &Document) -> rusqlite::Result<()> {
    if !doc.entities.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO entities (doc, ord, eid, name, kind, country, sector, code, mentions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (ord, e) in doc.entities.iter().enumerate() {
            st.execute(params![
                doc_id,
                ord as i64,
                e.id,
                e.name,
                e.kind,
                e.country,
                e.sector,
                e.code,
                e.mentions.len() as i64
            ])?;
        }
    }
    if !doc.attributions.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO attributions (doc, ord, aid, source_text, source_kind, source_entity,
                 cue, form, stance, via_outlet, anonymity_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (ord, a) in doc.attributions.iter().enumerate() {
            let src = a.source.as_ref();
            st.execute(params![
                doc_id,
                ord as i64,
                a.id,
                src.map(|s| &s.text),
                src.map(|s| &s.kind),
                src.and_then(|s| s.entity.as_ref()),
                a.cue.text,
                a.form,
                a.stance,
                a.via.as_ref().map(|v| &v.outlet),
                a.anonymity_reason
            ])?;
        }
    }
    if !doc.events.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO events (doc, ord, vid, type, mode, cameo, quad, goldstein,
                 actor_entity, actor_code, actor_text, recipient_entity, recipient_code,
                 recipient_text, date_value, date_precision, location_text, location_country,
                 modality, attribution, sentence, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?21, ?22)",
        )?;
        for (ord, v) in doc.events.iter().enumerate() {
            let actor = v.actor.as_ref();
            let recipient = v.recipient.as_ref();
            st.execute(params![
                doc_id,
                ord as i64,
                v.id,
                v.kind,
                v.mode,
                v.cameo,
                v.quad,
                v.goldstein.filter(|g| g.is_finite()).map(f64::from),
                actor.and_then(|a| a.entity.as_ref()),
                actor.and_then(|a| a.code.as_ref()),
                actor.map(|a| &a.text),
                recipient.and_then(|a| a.entity.as_ref()),
                recipient.and_then(|a| a.code.as_ref()),
                recipient.map(|a| &a.text),
                v.date.as_ref().map(|d| &d.value),
                v.date.as_ref().map(|d| &d.precision),
                v.location.as_ref().map(|l| &l.text),
                v.location.as_ref().and_then(|l| l.country.as_ref()),
                v.modality,
                v.attribution,
                i64::try_from(v.evidence.sentence).unwrap_or(i64::MAX),
                v.rule
            ])?;
        }
    }
    Ok(())
}

/// Remove the layer rows of one document (before rewriting them).
pub fn delete(tx: &Transaction<'_>, doc_id: &str) -> rusqlite::Result<()> {
    for table in ["entities", "attributions", "events"] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?1"))?
            .execute([doc_id])?;
    }
    Ok(())
}
