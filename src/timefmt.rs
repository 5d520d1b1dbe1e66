//! The three date forms S3 traffic uses, parsed tolerantly.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// Parses `20130524T000000Z` (x-amz-date), RFC 3339 (`2013-05-24T00:00:00Z`,
/// S3's ServerTime) or an HTTP date (`Fri, 24 May 2013 00:00:00 GMT`).
pub fn parse_any(text: &str) -> Option<OffsetDateTime> {
    let t = text.trim();
    let amz = format_description!("[year][month][day]T[hour][minute][second]Z");
    if let Ok(p) = time::PrimitiveDateTime::parse(t, amz) {
        return Some(p.assume_utc());
    }
    if let Ok(d) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(d);
    }
    let http = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(t, http)
        .ok()
        .map(|p| p.assume_utc())
}

/// `YYYYMMDDTHHMMSSZ` (x-amz-date), in UTC: the one formatter.
pub fn amz_date(t: OffsetDateTime) -> String {
    let amz = format_description!("[year][month][day]T[hour][minute][second]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(amz)
        .unwrap_or_default()
}

/// The `YYYYMMDD` of an x-amz-date.
pub fn date_part(amz_date: &str) -> &str {
    amz_date.get(..8).unwrap_or(amz_date)
}

/// `1h 2m 3s`-style rendering of a signed number of seconds.
pub fn human_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86400, s % 86400 / 3600, s % 3600 / 60, s % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d}d"));
    }
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if sec > 0 || parts.is_empty() {
        parts.push(format!("{sec}s"));
    }
    format!("{sign}{}", parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_forms_to_the_same_instant() {
        let a = parse_any("20130524T000000Z").unwrap();
        assert_eq!(parse_any("2013-05-24T00:00:00Z"), Some(a));
        assert_eq!(parse_any("Fri, 24 May 2013 00:00:00 GMT"), Some(a));
        assert_eq!(parse_any("yesterday"), None);
        assert_eq!(human_duration(-1230), "-20m 30s");
    }
}
