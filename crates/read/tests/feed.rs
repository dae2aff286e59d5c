//! RSS and Atom feeds.

mod common;

use backchannel_core::RawBody;
use backchannel_read::{read_bytes, ReadOptions};
use common::{html_of, only_err};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>The Daily Example</title>
  <link>https://daily.example/</link>
  <item>
    <title>Envoys meet in Oslo</title>
    <link>https://daily.example/oslo</link>
    <media:title>Photo: the hotel</media:title>
    <description>Short &lt;b&gt;teaser&lt;/b&gt;</description>
    <content:encoded><![CDATA[<p>Full story: envoys met &amp; talked.</p>]]></content:encoded>
    <pubDate>Mon, 22 Feb 2021 14:05:00 +0000</pubDate>
    <dc:creator>Jane Roe</dc:creator>
  </item>
  <item>
    <title>Second &amp; last</title>
    <guid isPermaLink="true">https://daily.example/second</guid>
    <description>&lt;p&gt;Only a description&amp;nbsp;here.&lt;/p&gt;</description>
    <pubDate>Tue, 23 Feb 2021 08:00:00 EST</pubDate>
    <author>desk@daily.example (John Doe)</author>
  </item>
</channel>
</rss>"#;

#[test]
fn rss_items_with_content_and_hints() {
    let docs: Vec<_> =
        read_bytes("feed.xml", RSS.as_bytes().to_vec(), &ReadOptions::default()).collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    let a = docs[0].as_ref().expect("item 1");
    assert_eq!(a.origin, "feed.xml#item 1");
    assert_eq!(html_of(a), "<p>Full story: envoys met &amp; talked.</p>");
    assert_eq!(a.hints.title.as_deref(), Some("Envoys meet in Oslo"));
    assert_eq!(a.hints.url.as_deref(), Some("https://daily.example/oslo"));
    assert_eq!(
        a.hints.published.as_deref(),
        Some("2021-02-22T14:05:00+00:00")
    );
    assert_eq!(a.hints.outlet.as_deref(), Some("The Daily Example"));
    assert_eq!(a.hints.author.as_deref(), Some("Jane Roe"));
    let b = docs[1].as_ref().expect("item 2");
    assert_eq!(html_of(b), "<p>Only a description&nbsp;here.</p>");
    assert_eq!(b.hints.title.as_deref(), Some("Second & last"));
    assert_eq!(b.hints.url.as_deref(), Some("https://daily.example/second"));
    assert_eq!(
        b.hints.published.as_deref(),
        Some("2021-02-23T08:00:00-05:00")
    );
    assert_eq!(b.hints.author.as_deref(), Some("John Doe"));
}

#[test]
fn atom_entries_html_xhtml_and_text() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Atom Wire</title>
  <link rel="self" href="https://wire.example/feed"/>
  <entry>
    <title>One</title>
    <link rel="alternate" href="https://wire.example/1"/>
    <link rel="enclosure" href="https://wire.example/1.mp3"/>
    <published>2021-02-22T10:00:00Z</published>
    <updated>2021-02-23T10:00:00Z</updated>
    <author><name>Ann Writer</name><email>ann@wire.example</email></author>
    <summary>Sum</summary>
    <content type="html">&lt;p&gt;Escaped &lt;em&gt;HTML&lt;/em&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Two</title>
    <link href="https://wire.example/2"/>
    <updated>2021-02-24T09:30:00+01:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Inline <b>markup</b> &amp; text</p><br/></div></content>
  </entry>
  <entry>
    <title>Three</title>
    <id>urn:uuid:3</id>
    <content type="text">Plain words &lt; here</content>
  </entry>
</feed>"#;
    let docs: Vec<_> = read_bytes(
        "atom.xml",
        atom.as_bytes().to_vec(),
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(docs.len(), 3, "{docs:?}");
    let one = docs[0].as_ref().expect("entry 1");
    assert_eq!(html_of(one), "<p>Escaped <em>HTML</em></p>");
    assert_eq!(one.hints.url.as_deref(), Some("https://wire.example/1"));
    assert_eq!(one.hints.published.as_deref(), Some("2021-02-22T10:00:00Z"));
    assert_eq!(one.hints.author.as_deref(), Some("Ann Writer"));
    assert_eq!(one.hints.outlet.as_deref(), Some("Atom Wire"));
    let two = docs[1].as_ref().expect("entry 2");
    assert_eq!(
        html_of(two),
        r#"<div xmlns="http://www.w3.org/1999/xhtml"><p>Inline <b>markup</b> &amp; text</p><br/></div>"#
    );
    assert_eq!(
        two.hints.published.as_deref(),
        Some("2021-02-24T09:30:00+01:00")
    );
    let three = docs[2].as_ref().expect("entry 3");
    assert_eq!(three.body, RawBody::Text("Plain words < here".into()));
    assert_eq!(three.hints.url, None, "a urn id is not a link");
}

#[test]
fn broken_xml_is_an_error_naming_the_file() {
    let broken = "<?xml version=\"1.0\"?><rss><channel><title>T</title>\
                  <item><title>ok</title><description>fine</description></item>\
                  <item><title>bad</b></item></channel></rss>";
    let docs: Vec<_> = read_bytes(
        "broken.xml",
        broken.as_bytes().to_vec(),
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(docs[0].is_ok(), "the item before the damage is kept");
    let err = docs[1].as_ref().expect_err("broken");
    assert_eq!(err.origin, "broken.xml");
    assert!(err.reason.contains("broken feed XML"), "{err}");
    let truncated = &RSS[..RSS.len() / 2];
    let docs: Vec<_> = read_bytes(
        "cut.xml",
        truncated.as_bytes().to_vec(),
        &ReadOptions::default(),
    )
    .collect();
    let err = docs
        .last()
        .and_then(|d| d.as_ref().err())
        .expect("truncated feed ends in an error");
    assert!(err.reason.contains("broken feed XML"), "{err}");
    let cut_between = "<rss><channel><item><description>x</description></item>";
    let docs: Vec<_> = read_bytes(
        "cut2.xml",
        cut_between.as_bytes().to_vec(),
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(docs.len(), 2);
    assert!(
        docs[1]
            .as_ref()
            .is_err_and(|e| e.reason.contains("input ends inside <channel>")),
        "{docs:?}"
    );
}

#[test]
fn latin1_feed_is_decoded_from_its_declaration() {
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Le Caf\xe9</title><item>".to_vec();
    bytes.extend_from_slice(b"<title>\xc9lections</title><description>R\xe9sultats</description></item></channel></rss>");
    let docs: Vec<_> = read_bytes("latin.rss", bytes, &ReadOptions::default()).collect();
    let d = docs[0].as_ref().expect("reads");
    assert_eq!(d.hints.title.as_deref(), Some("\u{c9}lections"));
    assert_eq!(d.hints.outlet.as_deref(), Some("Le Caf\u{e9}"));
    assert_eq!(html_of(d), "R\u{e9}sultats");
}

#[test]
fn item_without_body_and_empty_feed() {
    let feed = "<rss><channel><item><title>just a title</title></item><item><description>x</description></item></channel></rss>";
    let docs: Vec<_> =
        read_bytes("f.rss", feed.as_bytes().to_vec(), &ReadOptions::default()).collect();
    assert_eq!(docs.len(), 2);
    assert!(docs[0]
        .as_ref()
        .is_err_and(|e| e.origin == "f.rss#item 1" && e.reason.contains("no content")));
    assert!(docs[1].is_ok());
    let err = only_err(
        read_bytes(
            "e.rss",
            b"<rss><channel></channel></rss>".to_vec(),
            &ReadOptions::default(),
        )
        .collect(),
    );
    assert!(err.reason.contains("no items"), "{err}");
}

#[test]
fn deeply_nested_feed_does_not_recurse() {
    let depth = 100_000;
    let mut feed = String::from("<rss><channel><item><description>");
    feed.push_str(&"<x>".repeat(depth));
    feed.push_str(&"</x>".repeat(depth));
    feed.push_str("</description></item></channel></rss>");
    let docs: Vec<_> = read_bytes("deep.rss", feed.into_bytes(), &ReadOptions::default()).collect();
    assert_eq!(docs.len(), 1);
}
