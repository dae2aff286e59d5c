//! brat standoff out of `analyze` and `export`, and back in through `eval polnear`.

mod common;
use common::{run, stderr, stdout};

const STORY: &str = "Senators Demand Inquiry Into Talks\n\n\
WASHINGTON (Wire) — Senator Jane Holloway said on Tuesday that the talks had broken the law.\n\n\
“We will not let this stand,” Holloway told reporters. “Nobody voted for it.”\n\n\
An official who spoke on condition of anonymity denied the report, according to the Daily Ledger. \
The ministry did not respond to a request for comment.\n";

/// Every T line of an `.ann` names spans whose characters in `text` are the
/// line's recorded text (pieces of a discontinuous span joined by a space).
fn check_spans(ann: &str, text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut n = 0;
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let mut cols = line.split('\t');
        let (_, spans, recorded) = (cols.next(), cols.next().unwrap(), cols.next().unwrap());
        let offsets = spans.split_once(' ').unwrap().1;
        let pieces: Vec<String> = offsets
            .split(';')
            .map(|p| {
                let (a, b) = p.split_once(' ').unwrap();
                let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
                assert!(a < b && b <= chars.len(), "bad span {p} in {line}");
                chars[a..b].iter().collect()
            })
            .collect();
        assert_eq!(pieces.join(" "), recorded, "{line}");
        n += 1;
    }
    n
}

#[test]
fn analyze_brat_offsets_count_the_characters_of_the_file_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, STORY).unwrap();
    let o = run(&["analyze", "--format", "brat", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ann = stdout(&o);
    assert!(check_spans(&ann, STORY) >= 8, "too few spans:\n{ann}");
    for role in ["Source", "Cue", "Content", "Attribution"] {
        assert!(ann.contains(&format!("\t{role} ")), "no {role} in:\n{ann}");
    }
    assert!(
        ann.lines().any(|l| l.starts_with('E')),
        "no E lines:\n{ann}"
    );
    // The quoted speaker is the senator, by name.
    assert!(ann.contains("\tHolloway\n"), "{ann}");
}

#[test]
fn exported_brat_pairs_score_perfectly_against_a_fresh_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("story.txt"), STORY).unwrap();
    let db = dir.path().join("b.db");
    let db = db.to_str().unwrap();
    let o = run(&["ingest", "--db", db, input.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let out = dir.path().join("brat");
    let o = run(&[
        "export",
        "--db",
        db,
        "--format",
        "brat",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut anns: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    assert_eq!(anns.len(), 1);
    let ann_path = anns.pop().unwrap();
    let text = std::fs::read_to_string(ann_path.with_extension("txt")).unwrap();
    let ann = std::fs::read_to_string(&ann_path).unwrap();
    assert!(check_spans(&ann, &text) >= 8, "{ann}");

    // The exported pairs are a valid gold folder; analysing the exported text
    // again gives back exactly what was stored.
    let o = run(&["eval", "polnear", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    for role in ["source", "cue", "content"] {
        let line = report
            .lines()
            .find(|l| l.starts_with(role))
            .unwrap_or_else(|| panic!("no {role} row in:\n{report}"));
        assert!(
            line.split_whitespace().nth(3) == Some("100.00"),
            "{role} not exact:\n{report}"
        );
    }
}

#[test]
fn sources_counts_kinds_and_stances_of_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("story.txt");
    std::fs::write(&input, STORY).unwrap();
    let db = dir.path().join("b.db");
    let db = db.to_str().unwrap();
    assert!(run(&["ingest", "--db", db, input.to_str().unwrap()])
        .status
        .success());
    let o = run(&["sources", "--db", db, "--list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    let count = |label: &str| -> usize {
        s.lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {label} line in:\n{s}"))
    };
    assert_eq!(count("documents"), 1);
    assert!(count("named") >= 2, "{s}");
    assert!(count("anonymous or secondhand") >= 1, "{s}");
    assert!(count("denials") >= 1, "{s}");
    assert!(count("did not respond") >= 1, "{s}");
}
