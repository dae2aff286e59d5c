//! Synthetic news pages for benchmarks: a body text wrapped in the boilerplate
//! real news sites carry (navigation, scripts, styles, related links, footer),
//! so that throughput is measured on page-shaped input, not on bare paragraphs.

use std::fmt::Write as _;

pub fn news_page(body: &str) -> String {
    let mut paras = body.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let title = paras.next().unwrap_or("Untitled");
    let mut s = String::with_capacity(body.len() * 4 + 20_000);
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} | The Daily Bench</title>\
         <meta property=\"og:site_name\" content=\"The Daily Bench\">\
         <meta property=\"article:published_time\" content=\"2016-09-20T08:00:00Z\">\
         <link rel=\"canonical\" href=\"https://bench.example/politics/story\">",
        t = escape(title)
    );
    s.push_str("<style>");
    for i in 0..60 {
        let _ = write!(
            s,
            ".c{i}{{margin:0 {i}px;padding:2px;font:14px/1.4 serif;color:#333}}"
        );
    }
    s.push_str("</style><script>");
    for i in 0..80 {
        let _ = write!(
            s,
            "window.dl=window.dl||[];dl.push({{'e':'v{i}','k':\"<p>{i}</p>\"}});"
        );
    }
    s.push_str("</script></head><body><header><nav><ul>");
    for sec in [
        "Politics", "World", "Business", "Tech", "Opinion", "Sports", "Arts", "Video",
    ] {
        let _ = write!(s, "<li><a href=\"/{}\">{sec}</a></li>", sec.to_lowercase());
    }
    let _ = write!(
        s,
        "</ul></nav></header><main><article><h1>{}</h1><p class=\"byline\">By Staff Writer</p>",
        escape(title)
    );
    for p in paras {
        let _ = write!(s, "<p>{}</p>", escape(p));
    }
    s.push_str("</article><aside class=\"related\"><h2>Related</h2><ul>");
    for i in 0..10 {
        let _ = write!(
            s,
            "<li><a href=\"/story/{i}\">Another story headline number {i}</a></li>"
        );
    }
    s.push_str("</ul></aside></main><footer><p>© 2016 The Daily Bench. All rights reserved.</p>\
                <a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></footer></body></html>");
    s
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
