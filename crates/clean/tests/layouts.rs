//! Common publishing layouts in miniature: a body split into several
//! containers, WordPress share/related blocks, inline rich links, live pages.

mod common;

use backchannel_clean::clean;
use common::*;

const P1: &str = "The finance ministers met for a second day on Tuesday, and officials said the talks had narrowed differences over the budget rules.";
const P2: &str = "Several delegations, including those of the largest economies, asked for more time to study the proposal before a vote next month.";
const P3: &str = "A final agreement is expected at the summit in June, according to two officials who spoke on condition of anonymity.";

fn paras(doc: &backchannel_core::Document) -> Vec<&str> {
    doc.text.split("\n\n").collect()
}

#[test]
fn body_split_across_sibling_containers_with_ads() {
    let page = format!(
        r#"<html class="has-big-ad flag-x-on"><body class="single has-sidebar">
        <header id="masthead"><a href="/">Site</a><ul class="menu"><li><a>World</a></li><li><a>Business</a></li></ul></header>
        <article id="story" class="story theme-main">
          <h1 itemprop="headline">Ministers narrow differences on budget rules</h1>
          <p class="byline-dateline"><span class="byline">By <a rel="author">Ana Ruiz</a></span> <time datetime="2017-01-13T00:00:04-05:00">JAN. 13, 2017</time></p>
          <div class="story-body-supplemental">
            <div class="story-body story-body-1"><p class="story-body-text">{P1}</p></div>
            <div class="ad ad-placeholder"><div>Advertisement</div></div>
            <div class="story-body story-body-2"><p class="story-body-text">{P2}</p><p class="story-body-text">{P3}</p></div>
          </div>
        </article>
        <div class="sidebar text-center"><h3>Most popular</h3><p>Ten things to know about the new tax rules this year, explained for readers.</p></div>
        </body></html>"#
    );
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(paras(&doc), [P1, P2, P3]);
    assert_eq!(
        doc.meta.published.as_deref(),
        Some("2017-01-13T00:00:04-05:00")
    );
    assert_eq!(doc.meta.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Ministers narrow differences on budget rules")
    );
    assert_maps_back(&doc, &page);
}

#[test]
fn wordpress_share_and_related_blocks() {
    let page = format!(
        r#"<div id="page"><div id="primary" class="content-area"><main id="main">
        <div class="entry-content"><p>{P1}</p><p>{P2}</p>
        <div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li><a>Twitter</a></li><li><a>Facebook</a></li></ul></div>
        <div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3><p><a>Budget talks stall again as deadline nears for the ministers</a></p></div>
        <p>{P3}</p></div>
        <div id="comments" class="comments-area"><ol class="comment-list"><li><p>I think the ministers should have agreed much sooner than this, honestly.</p></li></ol></div>
        </main></div></div>"#
    );
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(paras(&doc), [P1, P2, P3]);
    let reasons: Vec<&str> = doc.meta.removed.iter().map(|r| r.reason.as_str()).collect();
    assert!(
        reasons.contains(&"share") && reasons.contains(&"related") && reasons.contains(&"comments"),
        "{reasons:?}"
    );
}

#[test]
fn inline_rich_links_and_pull_quotes() {
    let page = format!(
        r#"<div itemprop="articleBody" class="content__article-body">
        <p>{P1}</p>
        <aside class="element element-rich-link"><p><span>Related: </span><a href="/x">Why budget rules matter for the eurozone</a></p></aside>
        <p>{P2} <a href="/y">The proposal</a> was published last week.</p>
        <figure class="element element-image"><img src="a.jpg"><figcaption><span>The finance ministers in Brussels.</span> Photograph: Jane Roe/Reuters</figcaption></figure>
        <p>{P3}</p></div>"#
    );
    let doc = clean(html_doc(&page)).expect("cleans");
    let p = paras(&doc);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p[1].ends_with("The proposal was published last week."));
    assert!(!doc.text.contains("Photograph"));
}

#[test]
fn plain_fragment_without_structure() {
    let page = format!("{P1}<br><br>{P2}<br>{P3}");
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(paras(&doc), [P1, P2, P3]);
}

#[test]
fn article_wins_over_long_comment_thread() {
    let comment = "<div class=\"c\"><p>Reader view: this is a long comment with many words, opinions, and commas, and it goes on, and on, for a while.</p></div>";
    let page = format!(
        r#"<main><article><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P1}</p><p>{P2}</p></article>
        <section class="discussion">{}</section></main>"#,
        comment.repeat(3)
    );
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(paras(&doc).len(), 5);
    assert!(!doc.text.contains("Reader view"));
}

#[test]
fn dates_late_in_the_story_are_not_the_publication_date() {
    let page = format!(
        "<article><h1>Budget talks</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P1}</p><p>Friday, December 4, 2015.</p></article>"
    );
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(doc.meta.published, None);
    let page = format!("<article><h1>Budget talks</h1><p>Friday, December 4, 2015</p><p>{P1}</p><p>{P2}</p></article>");
    let doc = clean(html_doc(&page)).expect("cleans");
    assert_eq!(doc.meta.published.as_deref(), Some("2015-12-04"));
    assert_eq!(paras(&doc), [P1, P2]);
}
