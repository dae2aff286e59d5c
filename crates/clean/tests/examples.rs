//! The example pages in examples/: metadata, body paragraphs, boilerplate out,
//! offsets back to the page.

mod common;

use backchannel_clean::clean;
use common::*;

fn read(name: &str) -> String {
    std::fs::read_to_string(examples().join(name)).expect("example file")
}

/// windows-1252 bytes to text (what the reader does before cleaning).
fn cp1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").collect()
}

fn reasons(doc: &backchannel_core::Document) -> Vec<&str> {
    doc.meta.removed.iter().map(|r| r.reason.as_str()).collect()
}

#[test]
fn meta_tag_page() {
    let src = read("canal-blockage.html");
    let doc = clean(html_doc(&src)).expect("cleans");
    let m = &doc.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Stranded container ship refloated after six days in Suez Canal")
    );
    assert_eq!(m.outlet.as_deref(), Some("The Harbor Ledger"));
    assert_eq!(m.published.as_deref(), Some("2021-03-29T14:05:00Z"));
    assert_eq!(m.author.as_deref(), Some("Mara Quist"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://www.harborledger.example/world/2021/03/29/suez-ship-refloated")
    );
    let paras = paragraphs(&doc.text);
    assert_eq!(paras.len(), 7, "{paras:#?}");
    assert!(paras[0].starts_with("ISMAILIA, Egypt — A giant container ship"));
    assert!(paras[2].starts_with("“The channel is clear"));
    assert!(paras[6].starts_with("Residents of towns"));
    for junk in [
        "Advertisement",
        "cookies",
        "Great coverage",
        "Most read",
        "©",
        "Sign up",
        "Tugboats",
        "How the canal",
    ] {
        assert!(!doc.text.contains(junk), "{junk} leaked");
    }
    let r = reasons(&doc);
    for want in [
        "cookie", "nav", "caption", "share", "ad", "aside", "promo", "comments", "footer",
    ] {
        assert!(r.contains(&want), "no {want} in {r:?}");
    }
    assert_maps_back(&doc, &src);
}

#[test]
fn json_ld_page_with_split_body() {
    let src = read("climate-accord.html");
    let doc = clean(html_doc(&src)).expect("cleans");
    let m = &doc.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Nearly 200 nations adopt climate accord in Paris")
    );
    assert_eq!(m.published.as_deref(), Some("2015-12-12T21:30:00+01:00"));
    assert_eq!(m.author.as_deref(), Some("Tomas Reyes, Ines Wald"));
    assert_eq!(m.outlet.as_deref(), Some("Daily Meridian"));
    let paras = paragraphs(&doc.text);
    assert_eq!(paras.len(), 7, "{paras:#?}");
    assert!(paras[0].starts_with("LE BOURGET, France – Delegates"));
    assert!(paras[6].starts_with("Finance remained"));
    for junk in [
        "Read more",
        "More stories",
        "Advertisement",
        "climate briefing",
        "Front page",
        "Subscribe",
        "Tomas Reyes",
    ] {
        assert!(!doc.text.contains(junk), "{junk} leaked");
    }
    assert_maps_back(&doc, &src);
}

#[test]
fn windows_1252_page_with_visible_dateline() {
    let bytes = std::fs::read(examples().join("lausanne-talks-cp1252.html")).expect("example file");
    let src = cp1252(&bytes);
    let doc = clean(html_doc(&src)).expect("cleans");
    let m = &doc.meta;
    assert_eq!(m.published.as_deref(), Some("2015-03-31"));
    assert_eq!(m.author.as_deref(), Some("Helen Marsh"));
    let paras = paragraphs(&doc.text);
    assert_eq!(paras.len(), 5, "{paras:#?}");
    assert!(paras[0].starts_with("LAUSANNE, Switzerland — Negotiators"));
    assert!(paras[2].starts_with("“We are not there yet"));
    for junk in [
        "Copyright",
        "Latest headlines",
        "Home",
        "Updated",
        "By Helen",
    ] {
        assert!(!doc.text.contains(junk), "{junk} leaked");
    }
    assert_maps_back(&doc, &src);
}

#[test]
fn scraped_text_example() {
    let src = read("notre-dame-fire.txt");
    let doc = clean(text_doc(&src)).expect("cleans");
    let m = &doc.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Fire ravages Notre-Dame cathedral in Paris as spire collapses")
    );
    assert_eq!(m.published.as_deref(), Some("2019-04-16"));
    assert_eq!(m.author.as_deref(), Some("Claire Bonnet"));
    assert_eq!(
        reasons(&doc),
        [
            "promo",
            "caption",
            "byline",
            "dateline",
            "promo",
            "copyright"
        ]
    );
    let paras = paragraphs(&doc.text);
    assert_eq!(paras.len(), 5);
    assert!(paras[0].starts_with("PARIS (Wire Desk) - A fire tore"));
    assert_maps_back(&doc, &src);
}

#[test]
fn hints_take_precedence() {
    let src = read("canal-blockage.html");
    let mut raw = html_doc(&src);
    raw.hints.published = Some("2021-03-30".into());
    raw.hints.fetched = Some("2021-04-02T00:00:00Z".into());
    raw.hints.outlet = Some("Ledger Wire".into());
    let doc = clean(raw).expect("cleans");
    assert_eq!(doc.meta.published.as_deref(), Some("2021-03-30"));
    assert_eq!(doc.meta.outlet.as_deref(), Some("Ledger Wire"));

    // The fetch date is the last resort only.
    let mut raw = text_doc("Officials met on Monday, a spokesman said, and talks will continue.");
    raw.hints.fetched = Some("2021-04-02T10:00:00Z".into());
    raw.hints.url = Some("https://www.example.org/a/b".into());
    let doc = clean(raw).expect("cleans");
    assert_eq!(doc.meta.published.as_deref(), Some("2021-04-02T10:00:00Z"));
    assert_eq!(doc.meta.outlet.as_deref(), Some("example.org"));
}
