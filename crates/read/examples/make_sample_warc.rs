//! Writes `examples/sample.warc.gz`, the README demo input: a small
//! CC-NEWS-style WARC (one gzip member per record) holding three news pages
//! with the usual site boilerplate, plus the request, metadata and non-HTML
//! records a real crawl has, which the reader must skip.
//!
//! `cargo run -p backchannel-read --example make_sample_warc -- examples/sample.warc.gz`

use std::io::Write;

struct Page {
    url: &'static str,
    fetched: &'static str,
    site: &'static str,
    section: &'static str,
    headline: &'static str,
    byline: &'static str,
    date_iso: &'static str,
    date_text: &'static str,
    paragraphs: &'static [&'static str],
    related: &'static [&'static str],
}

const PAGES: &[Page] = &[
    Page {
        url: "https://worldledger.example/2015/07/14/iran-nuclear-deal-vienna",
        fetched: "2015-07-14T18:02:11Z",
        site: "The World Ledger",
        section: "Middle East",
        headline: "Iran and six powers reach nuclear deal in Vienna",
        byline: "Mara Lindqvist",
        date_iso: "2015-07-14T16:40:00+02:00",
        date_text: "14 July 2015",
        paragraphs: &[
            "VIENNA &ndash; Iran and six world powers reached a long-term agreement on Tehran&rsquo;s nuclear programme on Tuesday, ending more than two weeks of talks that had run past several deadlines.",
            "Under the deal, Iran agreed to cut its stockpile of enriched uranium and the number of centrifuges it operates, and to accept inspections by the International Atomic Energy Agency. In return, the United States, the European Union and the United Nations are to lift sanctions once inspectors confirm that Iran has met its first commitments.",
            "European Union foreign policy chief Federica Mogherini read out a joint statement with Iranian Foreign Minister Mohammad Javad Zarif, calling the agreement a sign of hope for the world. Zarif told reporters the deal was not perfect for anyone but was what the negotiators could accomplish.",
            "In Washington, President Barack Obama said the agreement cut off Iran&rsquo;s pathways to a nuclear weapon and warned Congress that he would veto any bill blocking it.",
            "Israeli Prime Minister Benjamin Netanyahu called the deal a &ldquo;historic mistake&rdquo; and said Israel was not bound by it. Officials in Riyadh, speaking on condition of anonymity, said the kingdom would watch closely whether Iran kept its side of the bargain.",
        ],
        related: &["Sanctions relief could take months, analysts say", "Oil prices slip on deal news"],
    },
    Page {
        url: "https://harbourtimes.example/world/asia/2018/06/12/singapore-summit",
        fetched: "2018-06-12T11:15:40Z",
        site: "Harbour Times",
        section: "Asia",
        headline: "Trump and Kim sign joint statement at Singapore summit",
        byline: "Daniel Okafor and Yuna Seo",
        date_iso: "2018-06-12T17:05:00+08:00",
        date_text: "June 12, 2018",
        paragraphs: &[
            "SINGAPORE (Harbour Times) &mdash; U.S. President Donald Trump and North Korean leader Kim Jong Un signed a joint statement on Tuesday after the first meeting between leaders of the two countries, held at a hotel on Singapore&rsquo;s Sentosa island.",
            "In the document, Kim reaffirmed a commitment to work toward the complete denuclearization of the Korean Peninsula, and Trump committed to provide security guarantees to North Korea. The statement gave no timetable and did not say how disarmament would be verified.",
            "At a news conference after the talks, Trump said the United States would stop what he called &ldquo;war games&rdquo; with South Korea while negotiations continued. South Korea&rsquo;s presidential office said it needed to find out the precise meaning of the remark.",
            "Kim said the two sides had decided to leave the past behind, according to a translation provided by the White House. Critics in Washington said the statement was vaguer than earlier agreements with Pyongyang.",
        ],
        related: &["What the joint statement says", "Markets in Seoul shrug off summit"],
    },
    Page {
        url: "https://gulfdispatch.example/news/2017-06-05/arab-states-cut-ties-qatar",
        fetched: "2017-06-05T14:27:03Z",
        site: "Gulf Dispatch",
        section: "Region",
        headline: "Four Arab states cut ties with Qatar over terrorism accusations",
        byline: "Staff and agencies",
        date_iso: "2017-06-05T13:10:00+03:00",
        date_text: "5 June 2017",
        paragraphs: &[
            "DOHA &ndash; Saudi Arabia, the United Arab Emirates, Bahrain and Egypt cut diplomatic relations with Qatar on Monday, accusing it of supporting terrorism and of being too close to Iran.",
            "The Saudi Press Agency said the kingdom was closing its land border and its sea and air space to Qatar, and gave Qatari citizens two weeks to leave. The United Arab Emirates and Bahrain ordered Qatari diplomats out within 48 hours.",
            "Qatar&rsquo;s foreign ministry said the measures were unjustified and based on claims that had no basis in fact. It said the campaign aimed to put the state under guardianship and violated its sovereignty.",
            "Shoppers in Doha crowded supermarkets as word spread that the land border with Saudi Arabia, through which much of the country&rsquo;s food arrives, would close. Kuwait, which did not join the measures, offered to mediate, according to a diplomat familiar with the talks.",
        ],
        related: &["Airlines suspend Doha flights", "Timeline: a decade of Gulf rifts"],
    },
];

/// One news page with the boilerplate real sites wrap around an article.
fn render(p: &Page) -> String {
    let paras: String = p
        .paragraphs
        .iter()
        .map(|t| format!("      <p>{t}</p>\n"))
        .collect();
    let related: String = p
        .related
        .iter()
        .map(|t| format!("        <li><a href=\"/related\">{t}</a></li>\n"))
        .collect();
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{headline} | {site}</title>
<meta property="og:title" content="{headline}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date_iso}">
<meta name="author" content="{byline}">
<link rel="canonical" href="{url}">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "{section}"}});</script>
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">{site}</a>
  <nav><a href="/world">World</a> <a href="/politics">Politics</a> <a href="/business">Business</a> <a href="/opinion">Opinion</a> <a href="/subscribe">Subscribe</a></nav>
</header>
<main>
  <article>
    <p class="kicker">{section}</p>
    <h1>{headline}</h1>
    <p class="byline">By {byline} &middot; <time datetime="{date_iso}">{date_text}</time></p>
    <div class="share"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
    <div class="article-body">
{paras}    </div>
    <aside class="newsletter"><p>Sign up for our morning briefing. Get the day&rsquo;s top stories in your inbox.</p></aside>
  </article>
  <section class="related">
    <h2>Related stories</h2>
    <ul>
{related}    </ul>
  </section>
</main>
<footer>
  <p>&copy; {site}. All rights reserved. <a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <a href="/contact">Contact us</a></p>
</footer>
</body>
</html>
"##,
        headline = p.headline,
        site = p.site,
        section = p.section,
        byline = p.byline,
        date_iso = p.date_iso,
        date_text = p.date_text,
        url = p.url,
    )
}

fn record(
    kind: &str,
    uri: Option<&str>,
    date: &str,
    id: usize,
    content_type: &str,
    block: &[u8],
) -> Vec<u8> {
    let mut head = format!("WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{id:012}>\r\n");
    if let Some(u) = uri {
        head.push_str(&format!("WARC-Target-URI: {u}\r\n"));
    }
    head.push_str(&format!(
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    ));
    let mut out = head.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn main() -> std::io::Result<()> {
    let out_path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/sample.warc.gz".into());
    let mut records = vec![record(
        "warcinfo",
        None,
        "2018-06-12T00:00:00Z",
        1,
        "application/warc-fields",
        b"software: backchannel make_sample_warc\r\nformat: WARC File Format 1.0\r\ndescription: demo pages written for backchannel\r\n",
    )];
    let mut id = 2;
    for p in PAGES {
        let host = p.url.split('/').nth(2).unwrap_or("example");
        let req = format!(
            "GET /{} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: demo-crawler\r\n\r\n",
            p.url.splitn(4, '/').nth(3).unwrap_or("")
        );
        records.push(record(
            "request",
            Some(p.url),
            p.fetched,
            id,
            "application/http; msgtype=request",
            req.as_bytes(),
        ));
        let html = render(p);
        let resp = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        records.push(record(
            "response",
            Some(p.url),
            p.fetched,
            id + 1,
            "application/http; msgtype=response",
            resp.as_bytes(),
        ));
        records.push(record(
            "metadata",
            Some(p.url),
            p.fetched,
            id + 2,
            "application/warc-fields",
            b"fetchTimeMs: 212\r\n",
        ));
        id += 3;
    }
    // A non-HTML response, which the reader skips.
    let robots =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nUser-agent: *\nDisallow: /search\n";
    records.push(record(
        "response",
        Some("https://harbourtimes.example/robots.txt"),
        "2018-06-12T11:15:39Z",
        id,
        "application/http; msgtype=response",
        robots,
    ));
    let mut out = Vec::new();
    for r in &records {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(r)?;
        out.extend_from_slice(&gz.finish()?);
    }
    std::fs::write(&out_path, out)?;
    eprintln!("wrote {} records to {out_path}", records.len());
    Ok(())
}
