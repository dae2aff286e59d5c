//! Storing, reading back, deduplicating, searching and counting.

mod common;

use backchannel_core::{DocMeta, Document};
use backchannel_store::{quote_terms, Insert, PreparedDoc, Store, StoreError};
use common::*;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, store)
}

#[test]
fn insert_get_round_trips_the_full_record() {
    let (_d, mut store) = temp_store();
    let doc = analysed_doc(7, 3000);
    let out = store.insert(&doc).unwrap();
    assert!(matches!(out, Insert::Stored { .. }), "{out:?}");
    assert_eq!(out.id(), doc.meta.id);
    let back = store.get(&doc.meta.id).unwrap().unwrap();
    assert_eq!(back, doc);
    assert_eq!(store.get("0000000000000000").unwrap(), None);
}

#[test]
fn same_content_is_stored_once() {
    let (_d, mut store) = temp_store();
    let a = plain_doc(1, 2000);
    let mut b = a.clone();
    b.meta.outlet = Some("another outlet".into());
    let out = store.insert_batch(&[a.clone(), b, a.clone()]).unwrap();
    assert!(matches!(out[0], Insert::Stored { .. }));
    assert_eq!(
        out[1],
        Insert::Duplicate {
            id: a.meta.id.clone()
        }
    );
    assert_eq!(
        out[2],
        Insert::Duplicate {
            id: a.meta.id.clone()
        }
    );
    assert_eq!(
        store.insert(&a).unwrap(),
        Insert::Duplicate { id: a.meta.id }
    );
    assert_eq!(store.len().unwrap(), 1);
}

#[test]
fn missing_id_is_computed_from_text() {
    let (_d, mut store) = temp_store();
    let mut doc = plain_doc(2, 500);
    let id = doc.meta.id.clone();
    doc.meta.id.clear();
    assert_eq!(store.insert(&doc).unwrap().id(), id);
}

#[test]
fn documents_come_back_in_insertion_order_across_pages() {
    let (_d, mut store) = temp_store();
    let docs: Vec<Document> = (0..600).map(|i| plain_doc(1000 + i, 300)).collect();
    store.insert_batch(&docs).unwrap();
    let ids: Vec<String> = store.documents().map(|d| d.unwrap().meta.id).collect();
    let want: Vec<String> = docs.iter().map(|d| d.meta.id.clone()).collect();
    assert_eq!(ids, want);

    let mut seen = 0;
    let err = store
        .for_each_document(|_| {
            seen += 1;
            if seen == 10 {
                Err("disk full")
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    assert_eq!(seen, 10);
    assert!(matches!(err, StoreError::Stopped(ref m) if m == "disk full"));
}

#[test]
fn store_persists_across_reopen_and_open_existing_needs_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    assert!(matches!(
        Store::open_existing(&path),
        Err(StoreError::Missing { .. })
    ));
    let doc = analysed_doc(3, 1000);
    {
        let mut s = Store::open(&path).unwrap();
        s.insert(&doc).unwrap();
    }
    let s = Store::open_existing(&path).unwrap();
    assert_eq!(s.get(&doc.meta.id).unwrap(), Some(doc));
    let mode: String = s
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn layer_rows_are_counted_and_queryable() {
    let (_d, mut store) = temp_store();
    let docs = [analysed_doc(1, 1500), analysed_doc(2, 1500)];
    store.insert_batch(&docs).unwrap();
    let st = store.stats().unwrap();
    assert_eq!(st.documents, 2);
    assert_eq!(st.entities, 8);
    assert_eq!(st.attributions, 6);
    assert_eq!(st.events, 2);
    let anon: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM attributions WHERE source_kind = 'anonymous'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(anon, 2);
    assert_eq!(
        st.sources_by_kind,
        vec![("named".to_string(), 4), ("anonymous".to_string(), 2)]
    );
    assert!(
        st.to_string()
            .contains("attributions     6 (named 4, anonymous 2)"),
        "{st}"
    );
}

#[test]
fn update_replaces_record_and_layers() {
    let (_d, mut store) = temp_store();
    let mut doc = plain_doc(5, 1200);
    store.insert(&doc).unwrap();
    let analysed = {
        let mut a = analysed_doc(5, 1200);
        a.meta.title = Some("Envoys meet".into());
        a
    };
    assert!(store.update(&analysed).unwrap());
    assert_eq!(store.get(&doc.meta.id).unwrap(), Some(analysed.clone()));
    assert_eq!(store.stats().unwrap().entities, 4);
    assert_eq!(store.search("envoys", 5).unwrap().len(), 1);
    assert!(store.search("\"Story number 5\"", 5).unwrap().is_empty());
    // Updating twice does not duplicate rows.
    assert!(store.update(&analysed).unwrap());
    assert_eq!(store.stats().unwrap().entities, 4);
    // Unknown id; same id with other text.
    assert!(!store.update(&plain_doc(6, 100)).unwrap());
    doc.text.push('!');
    assert!(matches!(
        store.update(&doc),
        Err(StoreError::Conflict { .. })
    ));
}

#[test]
fn search_ranks_highlights_and_reports_bad_queries() {
    let (_d, mut store) = temp_store();
    store
        .insert_batch(&[
            story_doc(STORY_TALKS, "Indirect talks resume in Vienna", "Wire"),
            story_doc(STORY_REJECTION, "Iran rejects direct talks", "Daily"),
            story_doc(STORY_MEETING, "EU offers to host meeting", "Courier"),
        ])
        .unwrap();
    let hits = store.search("sanctions", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].outlet.as_deref(), Some("Wire"));
    let (s, e) = hits[0].highlights[0];
    let word: String = hits[0].snippet.chars().skip(s).take(e - s).collect();
    assert_eq!(word, "sanctions");
    assert!(hits[0].to_string().contains("«sanctions»"), "{}", hits[0]);

    // Porter stemming: "negotiation" finds "negotiations".
    assert_eq!(store.search("negotiation", 10).unwrap().len(), 1);
    // A title match outranks body-only matches.
    let talks = store.search("talks", 10).unwrap();
    assert!(talks.len() >= 2);
    assert!(talks[0].title.as_deref().unwrap_or("").contains("talks"));
    assert!(talks.windows(2).all(|w| w[0].score >= w[1].score));
    // Phrase and boolean syntax.
    assert_eq!(
        store
            .search("\"foreign minister\" AND Tehran", 10)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.search("Vienna", 1).unwrap().len(), 1);
    assert!(store.search("Vienna", 0).unwrap().is_empty());

    for bad in [
        "U.S.",
        "\"unclosed",
        "AND",
        "nosuchcolumn:iran",
        "(talks",
        "",
    ] {
        match store.search(bad, 10) {
            Err(StoreError::Query { query, detail }) => {
                assert_eq!(query, bad);
                assert!(!detail.is_empty());
            }
            other => panic!("{bad:?} gave {other:?}"),
        }
    }
    // Free text made safe.
    assert!(store.search(&quote_terms("U.S. sanctions"), 10).is_ok());
}

#[test]
fn stats_report_groups_outlets_and_dates() {
    let (_d, mut store) = temp_store();
    let mut a = plain_doc(1, 2000);
    a.meta.published = Some("2021-02-22".into());
    let mut b = plain_doc(2, 2000);
    b.meta.published = Some("2020-12-01T10:00:00Z".into());
    b.meta.outlet = Some("Other".into());
    let mut c = plain_doc(3, 2000);
    c.meta.published = None;
    c.meta.outlet = None;
    store.insert_batch(&[a, b, c]).unwrap();
    let st = store.stats().unwrap();
    assert_eq!(st.documents, 3);
    assert_eq!(st.groups, 3);
    assert_eq!(st.near_duplicate_groups, 0);
    assert_eq!(st.outlets, 2);
    assert_eq!(st.first_published.as_deref(), Some("2020-12-01T10:00:00Z"));
    assert_eq!(st.last_published.as_deref(), Some("2021-02-22"));
    assert!(st.file_bytes > 0);
    assert_eq!(st.schema_version, 1);
    let shown = st.to_string();
    assert!(shown.contains("documents        3"), "{shown}");
    assert!(
        shown.contains("2020-12-01T10:00:00Z … 2021-02-22"),
        "{shown}"
    );
}

#[test]
fn empty_and_odd_documents_are_stored() {
    let (_d, mut store) = temp_store();
    let docs = [
        Document::from_plain(String::new(), DocMeta::default()),
        Document::from_plain("Ünïcödé — “quotes” 中文 🙂".into(), DocMeta::default()),
        Document::from_plain("x".repeat(200_000), DocMeta::default()),
    ];
    for d in &docs {
        store.insert(d).unwrap();
        assert_eq!(store.get(&d.meta.id).unwrap().as_ref(), Some(d));
    }
    assert_eq!(store.search("中文", 5).unwrap().len(), 1);
}

#[test]
fn large_mixed_batch_reports_each_outcome_in_order() {
    let (_d, mut store) = temp_store();
    let old: Vec<Document> = (0..40).map(|i| plain_doc(9000 + i, 800)).collect();
    store.insert_batch(&old).unwrap();
    // new, already stored, new, repeated-in-batch … (≥ 32 fresh: parallel path)
    let mut batch = Vec::new();
    for i in 0..60 {
        batch.push(plain_doc(20_000 + i, 800));
        if i % 3 == 0 {
            batch.push(old[i as usize % 40].clone());
        }
        if i % 7 == 0 {
            batch.push(plain_doc(20_000 + i, 800));
        }
    }
    let out = store.insert_batch(&batch).unwrap();
    assert_eq!(out.len(), batch.len());
    let mut seen = std::collections::HashSet::new();
    for (doc, o) in batch.iter().zip(&out) {
        assert_eq!(o.id(), doc.meta.id);
        let stored_before = old.iter().any(|d| d.meta.id == doc.meta.id);
        let first_time = !stored_before && seen.insert(doc.meta.id.clone());
        assert_eq!(
            matches!(o, Insert::Stored { .. }),
            first_time,
            "{o:?} for {:?}",
            doc.meta.title
        );
    }
    assert_eq!(store.len().unwrap(), 100);
    let ids: Vec<String> = store.documents().map(|d| d.unwrap().meta.id).collect();
    assert_eq!(ids.len(), 100);
    assert_eq!(
        store.get(&batch[0].meta.id).unwrap().as_ref(),
        Some(&batch[0])
    );
}

#[test]
fn prepared_batches_store_exactly_what_plain_batches_store() {
    let (_d1, mut plain) = temp_store();
    let (_d2, mut prepared) = temp_store();
    let mut docs: Vec<Document> = (0..12).map(|i| analysed_doc(300 + i, 1500)).collect();
    docs.push(docs[3].clone());
    let first = plain.insert_batch(&docs[..6]).unwrap();
    let rest = plain.insert_batch(&docs[6..]).unwrap();
    let prep = |ds: &[Document]| ds.iter().cloned().map(PreparedDoc::new).collect::<Vec<_>>();
    assert_eq!(prepared.insert_prepared(prep(&docs[..6])).unwrap(), first);
    assert_eq!(prepared.insert_prepared(prep(&docs[6..])).unwrap(), rest);
    assert!(matches!(rest.last(), Some(Insert::Duplicate { .. })));
    assert_eq!(prepared.len().unwrap(), 12);
    for d in &docs {
        assert_eq!(prepared.get(&d.meta.id).unwrap().as_ref(), Some(d));
    }
}

#[test]
fn two_writers_on_one_new_file_store_the_union() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let handles: Vec<_> = (0..2u64)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path).unwrap();
                // Overlapping halves: 0..300 and 150..450.
                let docs: Vec<Document> = (w * 150..w * 150 + 300)
                    .map(|i| plain_doc(i, 600))
                    .collect();
                for chunk in docs.chunks(50) {
                    s.insert_batch(chunk).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.len().unwrap(), 450);
}

#[test]
fn reader_opens_while_a_writer_holds_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let mut writer = Store::open(&path).unwrap();
    writer.insert(&plain_doc(1, 500)).unwrap();
    // Hold the write lock as an ingest batch would.
    writer
        .connection()
        .execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO documents_fts(documents_fts) VALUES('optimize');",
        )
        .unwrap();
    let start = std::time::Instant::now();
    let reader = Store::open_existing(&path).unwrap();
    assert_eq!(reader.len().unwrap(), 1);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    writer.connection().execute_batch("COMMIT").unwrap();
}

#[test]
fn a_batch_stores_its_documents_only_when_committed() {
    let (_d, mut store) = temp_store();
    let docs: Vec<Document> = (0..3).map(|i| analysed_doc(700 + i, 800)).collect();
    {
        let mut batch = store.batch().unwrap();
        for d in docs.iter().cloned() {
            batch.insert(PreparedDoc::new(d)).unwrap();
        }
        assert_eq!(batch.len(), 3);
        // Dropped without commit: rolled back.
    }
    assert_eq!(store.len().unwrap(), 0);
    let mut batch = store.batch().unwrap();
    let outcomes: Vec<Insert> = docs
        .iter()
        .cloned()
        .chain(std::iter::once(docs[0].clone()))
        .map(|d| batch.insert(PreparedDoc::new(d)).unwrap())
        .collect();
    batch.commit().unwrap();
    assert!(matches!(outcomes[3], Insert::Duplicate { .. }));
    assert_eq!(store.len().unwrap(), 3);
    for d in &docs {
        assert_eq!(store.get(&d.meta.id).unwrap().as_ref(), Some(d));
    }
}
