//! Mail-system person addresses such as `Rice@ENRON` or `Warner@ECT`
//! (a surname, `@`, a mail domain without dots). Office e-mail headers and
//! forwarded messages write people this way, the treebank tokeniser keeps
//! each one as one token, and UNER counts it as part of the person's name;
//! the tagger rarely sees enough of them to learn it, so a rule adds them.

use crate::labels::{EntType, Span};

/// Is `w` a `Surname@DOMAIN` mail name (not an Internet address with dots)?
pub fn is_mail_name(w: &str) -> bool {
    // Nearly every token has no `@`: a plain byte scan turns those away at
    // a fraction of `split_once`'s cost (it runs on every token).
    if !w.as_bytes().contains(&b'@') {
        return false;
    }
    let Some((name, domain)) = w.split_once('@') else {
        return false;
    };
    let mut chars = name.chars();
    let starts_upper = chars.next().is_some_and(char::is_uppercase);
    starts_upper
        && name.chars().count() >= 2
        && name.chars().all(char::is_alphabetic)
        && name.chars().any(char::is_lowercase)
        && !domain.is_empty()
        && domain.chars().all(char::is_alphanumeric)
}

/// Extend a person span over a mail name right after it, and make a lone
/// mail name a person span (tokens already inside another span are left alone).
pub fn add_mail_names(forms: &[&str], spans: &mut Vec<Span>) {
    let mut changed = false;
    for (i, w) in forms.iter().enumerate() {
        if !is_mail_name(w) || spans.iter().any(|s| s.start <= i && i < s.end) {
            continue;
        }
        if let Some(s) = spans
            .iter_mut()
            .find(|s| s.end == i && s.kind == EntType::Per)
        {
            s.end = i + 1;
        } else {
            spans.push(Span {
                start: i,
                end: i + 1,
                kind: EntType::Per,
            });
            changed = true;
        }
    }
    if changed {
        spans.sort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_names_join_the_person() {
        assert!(is_mail_name("Rice@ENRON"));
        assert!(is_mail_name("McConnell@ECT"));
        assert!(!is_mail_name("laurie.ellis@enron.com"));
        assert!(!is_mail_name("ENRON@enronXgate"));
        assert!(!is_mail_name("@"));
        assert!(!is_mail_name("S@P"));
        let forms = ["Traci", "Warner@ENRON", "and", "Rice@ENRON", "wrote"];
        let mut spans = vec![Span {
            start: 0,
            end: 1,
            kind: EntType::Per,
        }];
        add_mail_names(&forms, &mut spans);
        assert_eq!(
            spans,
            vec![
                Span {
                    start: 0,
                    end: 2,
                    kind: EntType::Per
                },
                Span {
                    start: 3,
                    end: 4,
                    kind: EntType::Per
                }
            ]
        );
    }
}
