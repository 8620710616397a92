//! W3C datetimes as sitemaps write them (`2024-01-31`, `2024-01-31T10:00+02:00`,
//! `2024-01-31T10:00:00.5Z`), plus the space-separated variant some CMSs emit.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a W3C datetime (any of its precisions); a date without a time is taken as
/// midnight UTC, a datetime without a zone as UTC.
pub(crate) fn parse_w3c_date(raw: &str) -> Option<DateTime<FixedOffset>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    let zoned = s.replace(['Z', 'z'], "+00:00");
    for fmt in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(&zoned, fmt) {
            return Some(d);
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&n).fixed_offset());
        }
    }
    let day = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(&format!("{s}-01-01"), "%Y-%m-%d"))
        .ok()?;
    Some(
        Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0)?)
            .fixed_offset(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precisions() {
        let iso = |s: &str| parse_w3c_date(s).map(|d| d.to_rfc3339());
        assert_eq!(
            iso("2024-01-31").as_deref(),
            Some("2024-01-31T00:00:00+00:00")
        );
        assert_eq!(iso("2024-01").as_deref(), Some("2024-01-01T00:00:00+00:00"));
        assert_eq!(iso("2024").as_deref(), Some("2024-01-01T00:00:00+00:00"));
        assert_eq!(
            iso("2024-01-31T10:00+02:00").as_deref(),
            Some("2024-01-31T10:00:00+02:00")
        );
        assert_eq!(
            iso("2024-01-31T10:00Z").as_deref(),
            Some("2024-01-31T10:00:00+00:00")
        );
        assert_eq!(
            iso("2024-01-31T10:00:05.25Z").as_deref(),
            Some("2024-01-31T10:00:05.250+00:00")
        );
        assert_eq!(
            iso("2024-01-31 10:00:00").as_deref(),
            Some("2024-01-31T10:00:00+00:00")
        );
        assert_eq!(iso("yesterday"), None);
        assert_eq!(iso("2024-13-45"), None);
    }
}
