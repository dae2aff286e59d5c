//! Normalising container dates to ISO 8601: feeds use RFC 822 (`pubDate`) or
//! RFC 3339 (Atom), JSONL files whatever their producer chose.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Returns an ISO date or datetime for `s`, or `None` when it is neither ISO
/// already nor RFC 822. ISO input is kept as written (trimmed) once its date
/// part checks out, so precision and offsets are not invented or lost.
pub fn normalise_container(s: &str) -> Option<String> {
    let s = s.trim();
    if iso_date_prefix(s) {
        return Some(s.to_owned());
    }
    rfc822_to_iso(s)
}

/// `YYYY-MM-DD` with a plausible month and day, optionally followed by a time.
fn iso_date_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(_), Some(m), Some(d)) = (
        ascii_num(&b[..4]),
        ascii_num(&b[5..7]),
        ascii_num(&b[8..10]),
    ) else {
        return false;
    };
    (1..=12).contains(&m)
        && (1..=31).contains(&d)
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '))
}

fn num(s: &str) -> Option<u32> {
    ascii_num(s.as_bytes())
}

/// Decimal value of a short run of ASCII digits (byte-based, so it never
/// slices a string inside a multi-byte character).
fn ascii_num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// Parses `[Day,] DD Mon YYYY HH:MM[:SS] [zone]` as found in RSS, tolerating
/// full day and month names, two-digit years and a missing zone (read as UTC).
fn rfc822_to_iso(s: &str) -> Option<String> {
    let s = match s.find(',') {
        Some(i) => &s[i + 1..],
        None => s,
    };
    let mut parts = s.split_whitespace();
    let day = num(parts.next()?)?;
    let month_word = parts.next()?.to_ascii_lowercase();
    let month = MONTHS
        .iter()
        .position(|m| month_word.starts_with(m))
        .map(|i| i as u32 + 1)?;
    let year = match num(parts.next()?)? {
        y @ 0..=49 => y + 2000,
        y @ 50..=99 => y + 1900,
        y => y,
    };
    if !(1..=31).contains(&day) || !(1000..=9999).contains(&year) {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    let Some(time) = parts.next() else {
        return Some(date);
    };
    let mut hms = time.split(':');
    let h = num(hms.next()?)?;
    let m = num(hms.next()?)?;
    let sec = match hms.next() {
        Some(x) => num(x)?,
        None => 0,
    };
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let zone = zone_offset(parts.next().unwrap_or("GMT"))?;
    Some(format!("{date}T{h:02}:{m:02}:{sec:02}{zone}"))
}

/// RFC 822 zones: numeric `+hhmm`, or the few US and universal names it lists.
fn zone_offset(z: &str) -> Option<String> {
    let named = match z.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some("Z"),
        "EST" => Some("-05:00"),
        "EDT" => Some("-04:00"),
        "CST" => Some("-06:00"),
        "CDT" => Some("-05:00"),
        "MST" => Some("-07:00"),
        "MDT" => Some("-06:00"),
        "PST" => Some("-08:00"),
        "PDT" => Some("-07:00"),
        _ => None,
    };
    if let Some(n) = named {
        return Some(n.to_owned());
    }
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => ('+', &z[1..]),
        b'-' => ('-', &z[1..]),
        _ => return None,
    };
    let digits: Vec<u8> = digits.bytes().filter(|&b| b != b':').collect();
    if digits.len() != 4 {
        return None;
    }
    let (hh, mm) = (ascii_num(&digits[..2])?, ascii_num(&digits[2..])?);
    if hh > 23 || mm > 59 {
        return None;
    }
    Some(format!("{sign}{hh:02}:{mm:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc822_variants() {
        let n = |s: &str| normalise_container(s);
        assert_eq!(
            n("Mon, 22 Feb 2021 14:05:00 GMT").as_deref(),
            Some("2021-02-22T14:05:00Z")
        );
        assert_eq!(
            n("Mon, 22 Feb 2021 14:05:00 +0100").as_deref(),
            Some("2021-02-22T14:05:00+01:00")
        );
        assert_eq!(
            n("Monday, 1 March 2021 09:30 EST").as_deref(),
            Some("2021-03-01T09:30:00-05:00")
        );
        assert_eq!(
            n("22 Feb 21 14:05:00 -0800").as_deref(),
            Some("2021-02-22T14:05:00-08:00")
        );
        assert_eq!(n("22 Feb 2021").as_deref(), Some("2021-02-22"));
    }

    #[test]
    fn iso_is_kept_and_junk_is_dropped() {
        assert_eq!(
            normalise_container(" 2021-02-22T14:05:00Z ").as_deref(),
            Some("2021-02-22T14:05:00Z")
        );
        assert_eq!(
            normalise_container("2021-02-22").as_deref(),
            Some("2021-02-22")
        );
        assert_eq!(normalise_container("2021-13-40"), None);
        assert_eq!(normalise_container("yesterday"), None);
        assert_eq!(normalise_container("Mon, 99 Feb 2021 10:00 GMT"), None);
        assert_eq!(normalise_container("Mon, 22 Feb 2021 10:00 Mars"), None);
        assert_eq!(normalise_container("é, 22 Fé 2021"), None);
        assert_eq!(normalise_container("2021-01-1é"), None);
        assert_eq!(normalise_container("1 Jan 2021 10:00 +1é2"), None);
    }
}
