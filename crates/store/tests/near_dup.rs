//! Near-duplicate grouping: syndicated copies with small edits group together,
//! different stories on the same topic do not, and grouping survives reopening.

mod common;

use backchannel_core::Document;
use backchannel_store::{Insert, Store};
use common::*;

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").collect()
}

/// Wire-copy edits a second outlet typically makes.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let paras = paragraphs(text);
    vec![
        ("byline", format!("By Staff Reporter, Regional Daily\n\n{text}")),
        (
            "added paragraph",
            format!("{text}\n\nThis report was updated with additional comment from officials in the region and corrected the spelling of a name."),
        ),
        ("cut ending", paras[..paras.len() - 2].join("\n\n")),
        (
            "edited words",
            text.replacen("said", "told reporters", 2)
                .replacen("on Tuesday", "this week", 1)
                .replacen("Sunday", "Monday", 1)
                .replacen("Thursday", "Friday", 1),
        ),
        ("no dateline", text.splitn(2, " — ").last().unwrap_or(text).to_string()),
    ]
}

#[test]
fn wire_copies_group_and_different_stories_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("n.db")).unwrap();
    let stories = [
        ("Indirect talks resume in Vienna", STORY_TALKS),
        ("Iran rejects direct talks", STORY_REJECTION),
        ("EU offers to host meeting", STORY_MEETING),
    ];
    let mut originals = Vec::new();
    for (title, text) in stories {
        let out = store.insert(&story_doc(text, title, "Wire")).unwrap();
        assert!(matches!(out, Insert::Stored { .. }), "{title}: {out:?}");
        originals.push(out);
    }
    for ((_, text), original) in stories.iter().zip(&originals) {
        let Insert::Stored { id: first, group } = original else {
            unreachable!()
        };
        for (i, (edit, copy)) in variants(text).into_iter().enumerate() {
            let outlet = format!("Outlet {i}");
            let doc = story_doc(&copy, &format!("Another headline {i}"), &outlet);
            match store.insert(&doc).unwrap() {
                Insert::NearDuplicate {
                    group: g,
                    similarity,
                    of,
                    ..
                } => {
                    eprintln!("{edit}: similarity {similarity:.2}");
                    assert_eq!(g, *group, "{edit}: joined the wrong group");
                    assert!(similarity > 0.25, "{edit}: {similarity}");
                    let stored_of = store.get(&of).unwrap().unwrap();
                    assert_eq!(
                        store.group_of(&stored_of.meta.id).unwrap().unwrap().group,
                        *group
                    );
                }
                other => panic!("{edit} copy of {first} not grouped: {other:?}"),
            }
        }
        let g = store.group(*group).unwrap().unwrap();
        assert_eq!(g.articles, 6);
        assert_eq!(g.outlets, 6, "Wire + 5 outlets");
    }
    let st = store.stats().unwrap();
    assert_eq!(st.documents, 18);
    assert_eq!(st.groups, 3, "three stories, three groups");
    assert_eq!(st.near_duplicate_groups, 3);
    assert_eq!(st.near_duplicates, 15);
    let big = store.groups(2).unwrap();
    assert_eq!(big.len(), 3);
    assert!(big.iter().all(|g| g.articles == 6));
}

#[test]
fn grouping_works_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.db");
    let first = {
        let mut s = Store::open(&path).unwrap();
        s.insert(&story_doc(STORY_MEETING, "EU offers", "Wire"))
            .unwrap()
    };
    let mut s = Store::open(&path).unwrap();
    let copy =
        format!("{STORY_MEETING}\n\nReporting by a correspondent; editing by a desk editor.");
    let out = s
        .insert(&story_doc(&copy, "EU offers talks venue", "Paper"))
        .unwrap();
    match (first, out) {
        (Insert::Stored { id, group }, Insert::NearDuplicate { group: g, of, .. }) => {
            assert_eq!(g, group);
            assert_eq!(of, id);
        }
        (a, b) => panic!("{a:?} then {b:?}"),
    }
    assert_eq!(s.group_members(1).unwrap().len(), 2);
}

#[test]
fn many_distinct_synthetic_articles_never_group() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let docs: Vec<Document> = (0..2000).map(|i| plain_doc(50_000 + i, 2500)).collect();
    let out = store.insert_batch(&docs).unwrap();
    let grouped = out
        .iter()
        .filter(|o| matches!(o, Insert::NearDuplicate { .. }))
        .count();
    assert_eq!(grouped, 0);
}

#[test]
fn synthetic_near_copies_group_with_their_originals() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let originals: Vec<Document> = (0..200).map(|i| plain_doc(70_000 + i, 4000)).collect();
    let first = store.insert_batch(&originals).unwrap();
    let mut rng = Rng::new(9);
    let copies: Vec<Document> = originals
        .iter()
        .map(|d| {
            let mut paras: Vec<String> = d.text.split("\n\n").map(str::to_string).collect();
            // Drop one paragraph, prepend a byline, append an editor's note.
            let drop = rng.below(paras.len());
            paras.remove(drop);
            paras.insert(0, format!("By Correspondent {}", rng.below(100)));
            paras.push("Editor's note: this story has been updated.".into());
            let mut meta = d.meta.clone();
            meta.outlet = Some("Syndicator".into());
            Document::from_plain(paras.join("\n\n"), meta)
        })
        .collect();
    let second = store.insert_batch(&copies).unwrap();
    for (a, b) in first.iter().zip(&second) {
        match (a, b) {
            (Insert::Stored { group, .. }, Insert::NearDuplicate { group: g, .. }) => {
                assert_eq!(group, g)
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(store.groups(3).unwrap().is_empty());
    assert_eq!(store.groups(2).unwrap().len(), 200);
    assert!(store.groups(2).unwrap().iter().all(|g| g.outlets == 2));
}

/// The project's seed article and an edited copy, when ../shared is present.
#[test]
fn seed_article_copy_groups() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/amn-2021-02-22-iran-backchannel.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping: {path} not found (../shared is missing)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("seed.db")).unwrap();
    let a = Document::from_plain(text.clone(), Default::default());
    let lines: Vec<&str> = text.lines().collect();
    let edited = format!(
        "Syndicated from the original.\n{}",
        lines[..lines.len() * 4 / 5].join("\n")
    );
    let b = Document::from_plain(edited, Default::default());
    let out = store.insert_batch(&[a, b]).unwrap();
    assert!(matches!(out[1], Insert::NearDuplicate { .. }), "{out:?}");
    let other = story_doc(STORY_TALKS, "Talks", "Wire");
    assert!(matches!(
        store.insert(&other).unwrap(),
        Insert::Stored { .. }
    ));
}

/// Two different stories that quote the same statement share a paragraph but
/// are not copies of each other.
#[test]
fn shared_quote_does_not_make_a_near_duplicate() {
    let quote = "\n\n\"We have made clear that the door to diplomacy remains open, but it will not stay open forever, and the choices made in the coming weeks will decide whether the agreement can be saved,\" the statement said.";
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("q.db")).unwrap();
    let a = story_doc(&format!("{STORY_TALKS}{quote}"), "Talks", "Wire");
    let b = story_doc(&format!("{STORY_REJECTION}{quote}"), "Rejection", "Paper");
    let c = story_doc(&format!("{quote}{STORY_MEETING}"), "Meeting", "Courier");
    for out in store.insert_batch(&[a, b, c]).unwrap() {
        assert!(matches!(out, Insert::Stored { .. }), "{out:?}");
    }
}
