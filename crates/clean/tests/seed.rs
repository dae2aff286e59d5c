//! The canonical scraped article: promo, headline, caption, dateline, body.

mod common;

use backchannel_clean::clean;
use common::*;

#[test]
fn seed_article_is_cleaned() {
    let Some(shared) = shared() else { return };
    let path = shared.join("seed/amn-2021-02-22-iran-backchannel.txt");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} missing", path.display());
        return;
    };
    let doc = clean(text_doc(&raw)).expect("seed cleans");
    let m = &doc.meta;
    assert_eq!(m.published.as_deref(), Some("2021-02-22"));
    assert_eq!(
        m.title.as_deref(),
        Some("Top Biden diplomats held secret talks with Iran to undermine Trump agenda say new sources")
    );
    let reasons: Vec<&str> = m.removed.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["promo", "caption", "dateline"]);
    assert!(m.removed[0].text.starts_with("Join our"));
    assert!(m.removed[1].text.ends_with("(U.S. State Department)"));
    // Every body paragraph stays, in order, and nothing else.
    // (No-break spaces are normalised to plain spaces.)
    let normalised = raw.replace('\u{a0}', " ");
    let body: Vec<&str> = normalised
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .skip(4)
        .collect();
    let kept: Vec<&str> = doc.text.split("\n\n").collect();
    assert_eq!(kept, body);
    assert!(doc
        .text
        .starts_with("As President Donald Trump’s administration"));
    assert_maps_back(&doc, &raw);
}

/// PolNeAR articles are just body paragraphs: they must come through unchanged
/// except for whitespace.
#[test]
fn polnear_texts_untouched() {
    let Some(shared) = shared() else { return };
    let mut checked = 0;
    let mut bad = Vec::new();
    let mut changed = 0;
    for split in ["dev", "train"] {
        let dir = shared.join("bench/polnear").join(split).join("text");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(raw) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            let doc = clean(text_doc(&raw)).expect("polnear cleans");
            let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            // A few PolNeAR texts carry photo-credit or newsletter lines
            // ("Scott Olson via Getty Images."): those may go, nothing else.
            let removed: Vec<&str> = doc.meta.removed.iter().map(|r| r.text.as_str()).collect();
            let expected: String = raw
                .lines()
                .filter(|l| !removed.contains(&l.trim().replace('\u{a0}', " ").as_str()))
                .collect::<Vec<_>>()
                .join("\n");
            let only_credits = doc.meta.removed.iter().all(|r| {
                matches!(r.reason.as_str(), "caption" | "promo")
                    && r.text.split_whitespace().count() <= 20
            });
            changed += usize::from(!removed.is_empty());
            if squash(&doc.text) != squash(&expected) || !only_credits || doc.meta.title.is_some() {
                bad.push(format!(
                    "{}: {:?} title {:?}",
                    e.path().display(),
                    doc.meta.removed,
                    doc.meta.title
                ));
            }
            assert_maps_back(&doc, &raw);
            checked += 1;
        }
    }
    eprintln!("checked {checked} PolNeAR texts, {changed} lost a credit/promo line");
    assert!(bad.is_empty(), "{} changed:\n{}", bad.len(), bad.join("\n"));
}

/// PolNeAR bodies wrapped in news-site boilerplate come back out: every body
/// paragraph, and nothing of the wrapper. Removals inside the body may only be
/// separators ("___."), credits, promo and date lines.
#[test]
fn polnear_texts_wrapped_in_html() {
    let Some(shared) = shared() else { return };
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let (mut pages, mut exact) = (0, 0);
    for split in ["dev", "train"] {
        let Ok(entries) = std::fs::read_dir(shared.join("bench/polnear").join(split).join("text"))
        else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(raw) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let paras: Vec<String> = raw
                .split("\n\n")
                .map(squash)
                .filter(|p| !p.is_empty())
                .collect();
            let Some((title, body)) = paras.split_first() else {
                continue;
            };
            let mut page = format!(
                "<html><head><title>{t} | The Test Post</title><meta property=\"og:site_name\" content=\"The Test Post\"></head>\
                 <body><header><nav><a href=/>Home</a> <a href=/politics>Politics</a></nav></header><main><article>\
                 <h1>{t}</h1><p class=byline>By Staff Writer</p><div class=article-body>",
                t = esc(title)
            );
            for p in body {
                page.push_str(&format!("<p>{}</p>", esc(p)));
            }
            page.push_str("</div></article><aside class=related><h2>Related</h2><ul><li><a href=/a>Another headline here</a></li></ul></aside></main><footer><p>© 2016 The Test Post. All rights reserved.</p></footer></body></html>");
            let doc = clean(html_doc(&page)).expect("cleans");
            let kept: Vec<&str> = doc.text.split("\n\n").collect();
            let lost: Vec<&String> = body
                .iter()
                .filter(|p| !kept.contains(&p.as_str()))
                .collect();
            let extra: Vec<&&str> = kept
                .iter()
                .filter(|k| !body.iter().any(|p| p == *k))
                .collect();
            assert!(
                extra.is_empty(),
                "{}: boilerplate kept {extra:?}",
                e.path().display()
            );
            for p in &lost {
                let allowed = !p.chars().any(char::is_alphanumeric)
                    || doc.meta.removed.iter().any(|r| {
                        r.text.contains(p.as_str())
                            && matches!(
                                r.reason.as_str(),
                                "separator" | "caption" | "promo" | "dateline"
                            )
                    });
                assert!(allowed, "{}: body paragraph lost {p:?}", e.path().display());
            }
            assert_eq!(doc.meta.title.as_deref(), Some(title.as_str()));
            pages += 1;
            exact += usize::from(lost.is_empty());
        }
    }
    eprintln!("{pages} wrapped PolNeAR pages, {exact} with every paragraph kept");
}
