//! The segmenter never panics and always returns well-formed spans, on any input.

use backchannel_segment::segment_str;

/// Checks every guarantee `segment_str` makes.
fn check(text: &str) {
    let seg = segment_str(text);
    let mut covered = vec![false; text.len()];
    let mut last_end = 0;
    for t in &seg.tokens {
        assert!(t.start < t.end, "empty token in {text:?}");
        assert!(t.start >= last_end, "overlap in {text:?}");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        if let Some(k) = t.split {
            assert!(k > t.start && k < t.end && text.is_char_boundary(k));
        }
        covered[t.start..t.end].iter_mut().for_each(|c| *c = true);
        last_end = t.end;
    }
    for (b, c) in text.char_indices() {
        // Zero-width space and BOM count as whitespace too.
        if !c.is_whitespace() && c != '\u{200B}' && c != '\u{FEFF}' {
            assert!(covered[b], "char {c:?} at {b} not in a token: {text:?}");
        }
    }
    let mut next_tok = 0;
    for s in &seg.sentences {
        assert_eq!(
            s.tokens.start, next_tok,
            "sentences must cover tokens in order"
        );
        assert!(!s.tokens.is_empty());
        next_tok = s.tokens.end;
        assert_eq!(s.start, seg.tokens[s.tokens.start].start);
        assert_eq!(s.end, seg.tokens[s.tokens.end - 1].end);
    }
    assert_eq!(next_tok, seg.tokens.len());
}

#[test]
fn edge_cases() {
    for t in [
        "",
        " ",
        "\n\n\n",
        ".",
        "...",
        "'",
        "n't",
        "'s",
        "a.",
        "U.S.",
        "etc.",
        "http://",
        "www.x",
        "@",
        "#",
        "a@b.c",
        "\u{301}\u{301}",
        "e\u{301}t\u{e9}.",
        "Iran’s",
        "’’",
        "“”",
        "\u{200B}x\u{200B}",
        "\u{FEFF}Hello.",
        "x\r\n\r\ny",
        "1-2-3-4-5-6-7-8-9-10-11-12",
        "a-b-c-d-e-f-g-h-i-j-k",
        ":-)",
        ":-",
        "<<<>>>",
        "(http://x.com/(a))",
        "$5bn.",
        "🙂🙂. 🙂",
        "日本語の文。次の文。",
    ] {
        check(t);
    }
}

#[test]
fn random_texts_never_break_the_invariants() {
    let alphabet: Vec<char> = "aZ9 .,;:!?'’\"“”()[]<>-–—/@#$%&*_\n\t\u{a0}é\u{301}😀…"
        .chars()
        .collect();
    let words = [
        "U.S.",
        "Mr.",
        "etc.",
        "don't",
        "gonna",
        "http://a.b/c",
        "e-mail",
        "3.5",
        "5pm",
        "Sen.",
        "W.",
        "a.m.",
        "Tuesday",
        "NEW YORK,",
        "Nov.",
        "(AP)",
        " — ",
        "[Ali]",
        "\" -",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (rand() % 60) as usize;
        let mut s = String::new();
        for _ in 0..len {
            let r = rand();
            if r % 7 == 0 {
                s.push_str(words[(r / 7) as usize % words.len()]);
            } else {
                s.push(alphabet[(r / 7) as usize % alphabet.len()]);
            }
        }
        check(&s);
    }
}

#[test]
fn long_inputs_stay_linear() {
    // A URL followed by a megabyte of ")" and a megabyte-long hyphenated word:
    // both must finish quickly (no quadratic rescans).
    let mut t = String::from("see http://example.com/x");
    t.push_str(&")".repeat(1 << 20));
    t.push(' ');
    t.push_str(&"ab-".repeat(1 << 18));
    t.push_str(&" U.S.".repeat(1 << 16));
    let start = std::time::Instant::now();
    check(&t);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
