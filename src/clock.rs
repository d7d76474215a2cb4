//! The only place that may read the wall clock. Documents carry a fixed date: the
//! course file's `date`, else `SOURCE_DATE_EPOCH`, else today (with a warning).

use crate::diag::Diagnostic;

/// A calendar date.
pub type Date = (i32, u8, u8);

/// The date to put on documents, and a warning when it had to come from the clock.
pub fn document_date(course_date: Option<&str>) -> (Date, Option<Diagnostic>) {
    if let Some(date) = course_date.and_then(parse_date) {
        return (date, None);
    }
    if let Some(date) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(|secs| civil_from_days(secs.div_euclid(86_400)))
    {
        return (date, None);
    }
    #[allow(clippy::disallowed_methods, reason = "the one sanctioned clock read")]
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let warning = Diagnostic::warning("the course file has no `date`: the documents carry today's date")
        .hint("add `date: YYYY-MM-DD` to the course file (or set SOURCE_DATE_EPOCH) so that the same input always gives the same files");
    (civil_from_days(now.div_euclid(86_400)), Some(warning))
}

/// Now, in seconds since 1970 (UTC): only to check that a signing certificate is valid
/// today (`crate::seal`), never for anything written into a document.
pub fn now_unix() -> i64 {
    #[allow(
        clippy::disallowed_methods,
        reason = "a certificate's validity is about today"
    )]
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `2027-01-29` → (2027, 1, 29).
pub fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((y, m, d))
}

/// Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(parse_date("2027-01-29"), Some((2027, 1, 29)));
    }
}
