//! Hostile input: deep nesting, unclosed tags, junk, empty pages.

mod common;

use backchannel_clean::clean;
use common::*;
use std::time::Instant;

const DEPTH: usize = 100_000;

#[test]
fn deeply_nested_divs_do_not_overflow() {
    let mut page = String::from("<html><body>");
    for _ in 0..DEPTH {
        page.push_str("<div>");
    }
    page.push_str(
        "<p>The council approved the budget on Monday after a long debate, officials said.</p>",
    );
    for _ in 0..DEPTH {
        page.push_str("</div>");
    }
    page.push_str("</body></html>");
    let t = Instant::now();
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(
        doc.text,
        "The council approved the budget on Monday after a long debate, officials said."
    );
    assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    assert_maps_back(&doc, &page);
}

#[test]
fn deeply_nested_unclosed_inline_and_blocks() {
    // Never closed: spans, emphasis, list items, table cells, sections.
    let mut page = String::new();
    for i in 0..DEPTH {
        page.push_str(["<span>", "<em>", "<li>", "<b>", "<td>", "<section>"][i % 6]);
    }
    page.push_str("Officials said the talks would continue on Tuesday in the capital, according to a statement.");
    let doc = clean(html_doc(&page)).expect("cleans");
    assert!(
        doc.text.contains("Officials said the talks"),
        "{}",
        doc.text
    );
}

#[test]
fn empty_and_boilerplate_only_pages_are_errors() {
    for page in [
        "",
        "<html><head><title>x</title></head><body></body></html>",
        "<nav><a>Home</a></nav>",
        "   \n\n ",
    ] {
        let err = clean(html_doc(page)).expect_err("no text");
        assert_eq!(err.reason, "no article text found");
    }
    assert!(clean(text_doc(" \n\t\n")).is_err());
}

#[test]
fn junk_markup_never_panics() {
    let pieces = [
        "<",
        ">",
        "</",
        "<!--",
        "-->",
        "<p",
        "<p class=\"",
        "'",
        "\"",
        "&",
        "&#",
        "&#x",
        "&#99999999;",
        "&amp",
        "é",
        "“",
        "<script>",
        "</script>",
        "<br/>",
        "<div>",
        "</div>",
        "</p>",
        "<a>",
        "text ",
        "<![CDATA[",
        "]]>",
        "<title>",
        "<meta content=\"2021-02-30\" property=\"article:published_time\">",
        "\u{a0}",
        "\r\n",
        "<pé",
        "<p é=x",
        "é=\"",
        "<é>",
        "</é>",
        "\u{2028}",
        "By ",
        "WASHINGTON - ",
        "February 22, 2021",
        "<h1>",
        "<nav>",
        "<p class=story-body>",
    ];
    // A deterministic pseudo-random mix of the pieces.
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    for _ in 0..2000 {
        let mut page = String::new();
        for _ in 0..60 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            page.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        if let Ok(doc) = clean(html_doc(&page)) {
            assert_maps_back(&doc, &page);
        }
        if let Ok(doc) = clean(text_doc(&page)) {
            assert_maps_back(&doc, &page);
        }
    }
}

#[test]
fn deeply_nested_json_ld_is_rejected_not_recursed() {
    let page = format!(
        "<script type=\"application/ld+json\">{}</script><p>Officials met on Monday to discuss the budget, a spokesman said.</p>",
        "[".repeat(DEPTH)
    );
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(
        doc.text,
        "Officials met on Monday to discuss the budget, a spokesman said."
    );
}

#[test]
fn huge_flat_page_is_linear() {
    // 20,000 paragraphs: must finish quickly even in a debug build.
    let para =
        "<p>The committee met again on Tuesday and, after a long debate, approved the plan.</p>";
    let page = format!("<article>{}</article>", para.repeat(20_000));
    let t = Instant::now();
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(doc.text.split("\n\n").count(), 20_000);
    assert!(t.elapsed().as_secs() < 30, "took {:?}", t.elapsed());
}
