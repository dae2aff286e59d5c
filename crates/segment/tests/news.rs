//! News cases from the brief and common newswire patterns.

use backchannel_core::{DocMeta, Document};
use backchannel_segment::{segment, segment_str};

fn sentences(text: &str) -> Vec<&str> {
    segment_str(text)
        .sentences
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

/// Syntactic words, as the Document token layer holds them.
fn words(text: &str) -> Vec<&str> {
    segment_str(text)
        .tokens
        .iter()
        .flat_map(|t| t.words())
        .map(|w| &text[w])
        .collect()
}

#[test]
fn senator_with_party_and_state_is_one_sentence() {
    let t = "Sen. Marco Rubio (R-FL) also called for his actions to be investigated.";
    assert_eq!(sentences(t), vec![t]);
    assert_eq!(
        words(t),
        vec![
            "Sen.",
            "Marco",
            "Rubio",
            "(",
            "R",
            "-",
            "FL",
            ")",
            "also",
            "called",
            "for",
            "his",
            "actions",
            "to",
            "be",
            "investigated",
            "."
        ]
    );
}

#[test]
fn month_abbreviation_before_a_day() {
    let t = "Iran issued a Feb. 21 deadline for him to return to the deal.";
    assert_eq!(sentences(t).len(), 1);
    assert!(words(t).contains(&"Feb."));
}

#[test]
fn us_before_a_title_does_not_end_the_sentence() {
    let t = "Malley now serves as the U.S. Special Representative for Iran under Biden.";
    assert_eq!(sentences(t), vec![t]);
    assert!(words(t).contains(&"U.S."));
}

#[test]
fn us_at_the_end_of_a_sentence() {
    let t = "He met officials in the U.S. The talks failed.";
    assert_eq!(
        sentences(t),
        vec!["He met officials in the U.S.", "The talks failed."]
    );
}

#[test]
fn washington_dc_and_a_date() {
    let t = "Kerry spoke in Washington, D.C., on August 5, 2014. He left.";
    assert_eq!(
        sentences(t),
        vec![
            "Kerry spoke in Washington, D.C., on August 5, 2014.",
            "He left."
        ]
    );
    assert_eq!(
        words(t)[..12],
        [
            "Kerry",
            "spoke",
            "in",
            "Washington",
            ",",
            "D.C.",
            ",",
            "on",
            "August",
            "5",
            ",",
            "2014"
        ]
    );
}

#[test]
fn titles_and_initials() {
    let t = "Mr. Smith met Gen. Milley and George W. Bush on Tuesday. Dr. Jones agreed.";
    assert_eq!(
        sentences(t),
        vec![
            "Mr. Smith met Gen. Milley and George W. Bush on Tuesday.",
            "Dr. Jones agreed."
        ]
    );
}

#[test]
fn closing_quote_stays_with_its_sentence() {
    let t = "He said, \u{201c}We reject it. It is baseless.\u{201d} Then he left.";
    assert_eq!(
        sentences(t),
        vec![
            "He said, \u{201c}We reject it.",
            "It is baseless.\u{201d}",
            "Then he left."
        ]
    );
    let t = "\"It is over,\" she said. \"We lost.\" Nobody answered.";
    assert_eq!(
        sentences(t),
        vec![
            "\"It is over,\" she said.",
            "\"We lost.\"",
            "Nobody answered."
        ]
    );
}

#[test]
fn headline_and_dateline_lines_end_sentences() {
    let t = "Top diplomats held secret talks with Iran\n\nFebruary 22, 2021\nAs the campaign went on, talks began.";
    assert_eq!(
        sentences(t),
        vec![
            "Top diplomats held secret talks with Iran",
            "February 22, 2021",
            "As the campaign went on, talks began."
        ]
    );
}

#[test]
fn decimals_money_percent_and_urls() {
    let t = "Shares rose 3.5% to $1,200.50 at 5pm, see https://example.com/a.html. Email j.doe@example.org now.";
    let w = words(t);
    for expected in [
        "3.5",
        "%",
        "$",
        "1,200.50",
        "5",
        "pm",
        "https://example.com/a.html",
        "j.doe@example.org",
    ] {
        assert!(w.contains(&expected), "{expected} missing from {w:?}");
    }
    assert_eq!(sentences(t).len(), 2);
}

#[test]
fn clitics_split_into_words() {
    let t = "They don't know it's Iran's plan, and we can't say we're gonna win.";
    let w = words(t);
    for expected in [
        "do", "n't", "it", "'s", "Iran", "ca", "we", "'re", "gon", "na",
    ] {
        assert!(w.contains(&expected), "{expected} missing from {w:?}");
    }
    let seg = segment_str(t);
    // Surface tokens keep "don't" whole, with a split point.
    assert!(seg
        .tokens
        .iter()
        .any(|tk| &t[tk.start..tk.end] == "don't" && tk.split.is_some()));
}

#[test]
fn ellipsis_and_question_marks() {
    let t = "Is it over? Maybe... but nobody knows. It isn't...";
    assert_eq!(
        sentences(t),
        vec!["Is it over?", "Maybe... but nobody knows.", "It isn't..."]
    );
}

#[test]
fn hyphenated_words_follow_ewt() {
    let w = words("A Washington-based non-profit co-founder sent an e-mail.");
    assert_eq!(
        w,
        vec![
            "A",
            "Washington",
            "-",
            "based",
            "non-profit",
            "co-founder",
            "sent",
            "an",
            "e-mail",
            "."
        ]
    );
}

#[test]
fn etc_gives_up_its_period_at_sentence_end() {
    let t = "They brought food, water, etc. The rest came later.";
    assert_eq!(
        sentences(t),
        vec!["They brought food, water, etc.", "The rest came later."]
    );
    assert!(words(t).contains(&"etc"));
    let t = "They brought food, water, etc. to the camp.";
    assert_eq!(sentences(t).len(), 1);
    assert!(words(t).contains(&"etc."));
}

#[test]
fn document_layers_use_char_offsets() {
    let text = "“Iran’s move,” he said. Zarif didn’t respond.".to_string();
    let mut doc = Document::from_plain(text.clone(), DocMeta::default());
    segment(&mut doc);
    assert_eq!(doc.sentences.len(), 2);
    let chars: Vec<char> = text.chars().collect();
    let tok = |i: usize| -> String {
        chars[doc.tokens[i].start..doc.tokens[i].end]
            .iter()
            .collect()
    };
    let all: Vec<String> = (0..doc.tokens.len()).map(tok).collect();
    assert_eq!(
        all,
        vec![
            "“", "Iran", "’s", "move", ",", "”", "he", "said", ".", "Zarif", "did", "n’t",
            "respond", "."
        ]
    );
    for s in &doc.sentences {
        let r = doc.sentence_tokens(s);
        assert!(!r.is_empty());
        assert!(doc.tokens[r.start].start >= s.start && doc.tokens[r.end - 1].end <= s.end);
    }
}

#[test]
fn period_glued_to_the_next_sentence_is_split_off() {
    let t = "Most of them are of high quality.You'll also find stories.";
    let w = words(t);
    assert_eq!(
        &w[..8],
        ["Most", "of", "them", "are", "of", "high", "quality", "."]
    );
    // Addresses keep their dots.
    let w = words("Write to Kyle.Jones@radianz.com or see www.LoveAllPeople.org today.");
    assert!(w.contains(&"Kyle.Jones@radianz.com") && w.contains(&"www.LoveAllPeople.org"));
}

#[test]
fn editorial_insertion_in_brackets_does_not_end_the_sentence() {
    let t = "\u{201c}Can you imagine if we could get someone into [Iranian Supreme Leader] Ali Khamenei\u{2019}s office?";
    assert_eq!(sentences(t), vec![t]);
    let t = "The report [on page 4] Smith wrote was cited by the panel.";
    assert_eq!(sentences(t), vec![t]);
}

#[test]
fn footnote_bracket_after_a_sentence_still_ends_it() {
    let t = "He was born in 1971.[1] He died in 2001.";
    assert_eq!(
        sentences(t),
        vec!["He was born in 1971.[1]", "He died in 2001."]
    );
}

#[test]
fn ellipsis_inside_an_open_quote_before_lower_case_continues() {
    let t = "Kerry said \u{201c}the administration is hell-bent \u{2026} to pursue a regime change strategy\u{201d} in Iran.";
    assert_eq!(sentences(t), vec![t]);
    let t = "Kerry said \"the administration is hell-bent ... to pursue a regime change strategy\" in Iran.";
    assert_eq!(sentences(t), vec![t]);
}

#[test]
fn source_after_a_quoted_title_and_dash_stays_with_it() {
    let t = "\"Document found on street not secret, say feds\" \u{2014} The Canadian Press, August 15, 2008";
    assert_eq!(sentences(t), vec![t]);
}

#[test]
fn datelines_with_a_date_or_state_and_an_agency_are_their_own_sentence() {
    let t = "NEW YORK, Nov. 5 (Reuters) - Stocks fell on Tuesday as investors weighed the vote.";
    assert_eq!(
        sentences(t),
        vec![
            "NEW YORK, Nov. 5 (Reuters) -",
            "Stocks fell on Tuesday as investors weighed the vote."
        ]
    );
    let t = "SAN FRANCISCO, Calif. (CNN) -- Apple Inc. unveiled a phone.";
    assert_eq!(
        sentences(t),
        vec![
            "SAN FRANCISCO, Calif. (CNN) --",
            "Apple Inc. unveiled a phone."
        ]
    );
    // A number list item is no dateline.
    let t = "25 - Percentage of the world's oil used by America.";
    assert_eq!(sentences(t), vec![t]);
}

#[test]
fn a_day_after_a_clock_time_continues_the_sentence() {
    let t = "It began at 9 a.m. Tuesday in St. Louis.";
    assert_eq!(sentences(t), vec![t]);
}

#[test]
fn a_score_before_a_period_is_no_list_number() {
    let t = "The vote was 5-4. Justice Roberts wrote the opinion.";
    assert_eq!(
        sentences(t),
        vec!["The vote was 5-4.", "Justice Roberts wrote the opinion."]
    );
}

#[test]
fn photo_credit_after_its_caption_is_a_sentence() {
    let t = "Peekaboo Cosplay as The Fawn Image: Nick Moreau.\n\nThe festival opened.";
    assert_eq!(
        sentences(t),
        vec![
            "Peekaboo Cosplay as The Fawn",
            "Image: Nick Moreau.",
            "The festival opened."
        ]
    );
}

#[test]
fn date_line_before_the_first_sentence_stands_alone() {
    let t = "Flag vote\n\nThursday, May 7, 2015 On Tuesday, the government announced a vote.";
    assert_eq!(
        sentences(t),
        vec![
            "Flag vote",
            "Thursday, May 7, 2015",
            "On Tuesday, the government announced a vote."
        ]
    );
}
