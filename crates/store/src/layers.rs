//! Rows for the entity, attribution and event layers, extracted from the
//! record on insert so that counts and source queries are plain SQL.
//!
//! Extraction ([`LayerRows::of`]) is separate from writing ([`insert`]) so that
//! ingest workers do it on every core and hand the single writer only the
//! column values, not the whole analysed document.

use backchannel_core::Document;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params_from_iter, Transaction};

const ENTITIES: &str = "INSERT INTO entities (doc, ord, eid, name, kind, country, sector, code,
     mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const ATTRIBUTIONS: &str = "INSERT INTO attributions (doc, ord, aid, source_text, source_kind,
     source_entity, cue, form, stance, via_outlet, anonymity_reason)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const EVENTS: &str = "INSERT INTO events (doc, ord, vid, type, mode, cameo, quad, goldstein,
     actor_entity, actor_code, actor_text, recipient_entity, recipient_code, recipient_text,
     date_value, date_precision, location_text, location_country, modality, attribution,
     sentence, rule)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
     ?19, ?20, ?21, ?22)";

/// One document's layer rows as column values after `doc` and `ord`.
#[derive(Debug, Default)]
pub(crate) struct LayerRows {
    entities: Vec<Vec<Value>>,
    attributions: Vec<Vec<Value>>,
    events: Vec<Vec<Value>>,
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt(s: Option<&String>) -> Value {
    s.map_or(Value::Null, |s| text(s))
}

fn int(n: usize) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

impl LayerRows {
    /// The rows of `doc`'s entity, attribution and event layers.
    pub(crate) fn of(doc: &Document) -> LayerRows {
        let entities = doc.entities.iter().map(|e| {
            vec![
                text(&e.id),
                text(&e.name),
                text(&e.kind),
                opt(e.country.as_ref()),
                opt(e.sector.as_ref()),
                opt(e.code.as_ref()),
                int(e.mentions.len()),
            ]
        });
        let attributions = doc.attributions.iter().map(|a| {
            let src = a.source.as_ref();
            vec![
                text(&a.id),
                opt(src.map(|s| &s.text)),
                opt(src.map(|s| &s.kind)),
                opt(src.and_then(|s| s.entity.as_ref())),
                text(&a.cue.text),
                text(&a.form),
                text(&a.stance),
                opt(a.via.as_ref().map(|v| &v.outlet)),
                opt(a.anonymity_reason.as_ref()),
            ]
        });
        let events = doc.events.iter().map(|v| {
            let actor = v.actor.as_ref();
            let recipient = v.recipient.as_ref();
            vec![
                text(&v.id),
                text(&v.kind),
                opt(v.mode.as_ref()),
                opt(v.cameo.as_ref()),
                v.quad.map_or(Value::Null, |q| Value::Integer(i64::from(q))),
                v.goldstein
                    .filter(|g| g.is_finite())
                    .map_or(Value::Null, |g| Value::Real(f64::from(g))),
                opt(actor.and_then(|a| a.entity.as_ref())),
                opt(actor.and_then(|a| a.code.as_ref())),
                opt(actor.map(|a| &a.text)),
                opt(recipient.and_then(|a| a.entity.as_ref())),
                opt(recipient.and_then(|a| a.code.as_ref())),
                opt(recipient.map(|a| &a.text)),
                opt(v.date.as_ref().map(|d| &d.value)),
                opt(v.date.as_ref().map(|d| &d.precision)),
                opt(v.location.as_ref().map(|l| &l.text)),
                opt(v.location.as_ref().and_then(|l| l.country.as_ref())),
                text(&v.modality),
                opt(v.attribution.as_ref()),
                int(v.evidence.sentence),
                text(&v.rule),
            ]
        });
        LayerRows {
            entities: entities.collect(),
            attributions: attributions.collect(),
            events: events.collect(),
        }
    }
}

/// Write the layer rows of one stored document.
pub(crate) fn insert(tx: &Transaction<'_>, doc_id: &str, rows: &LayerRows) -> rusqlite::Result<()> {
    for (sql, table) in [
        (ENTITIES, &rows.entities),
        (ATTRIBUTIONS, &rows.attributions),
        (EVENTS, &rows.events),
    ] {
        if table.is_empty() {
            continue;
        }
        let mut st = tx.prepare_cached(sql)?;
        for (ord, row) in table.iter().enumerate() {
            let ord = i64::try_from(ord).unwrap_or(i64::MAX);
            let head = [ValueRef::Text(doc_id.as_bytes()), ValueRef::Integer(ord)];
            let values = head.into_iter().chain(row.iter().map(ValueRef::from));
            st.execute(params_from_iter(values.map(ToSqlOutput::Borrowed)))?;
        }
    }
    Ok(())
}

/// Remove the layer rows of one document (before rewriting them).
pub(crate) fn delete(tx: &Transaction<'_>, doc_id: &str) -> rusqlite::Result<()> {
    for table in ["entities", "attributions", "events"] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?1"))?
            .execute([doc_id])?;
    }
    Ok(())
}
