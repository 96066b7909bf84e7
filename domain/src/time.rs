use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

/// The current UTC time, truncated to microseconds so that it round-trips
/// identically through PostgreSQL (`timestamptz`) and SQLite (text).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A new time-ordered id (UUIDv7), generated in Rust for both databases.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The canonical text form of a time, used where a time is hashed.
pub fn canonical(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (what date inputs send) as China
/// Standard Time (UTC+8), the time of the console's users.
pub fn parse_cst(s: &str) -> Option<DateTime<Utc>> {
    use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
    let cst = FixedOffset::east_opt(8 * 3600)?;
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .and_then(|n| cst.from_local_datetime(&n).single())
        .map(|t| t.with_timezone(&Utc))
}

/// Today in China Standard Time, as `YYYY-MM-DD` (validity dates are days).
pub fn today() -> String {
    (Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string()
}

/// The date `days` after today (CST).
pub fn today_plus(days: i64) -> String {
    (Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn cst_parsing() {
        assert_eq!(
            super::canonical(&super::parse_cst("2026-11-28T08:30").unwrap()),
            "2026-11-28T00:30:00.000000Z"
        );
        assert_eq!(
            super::canonical(&super::parse_cst("2026-11-28").unwrap()),
            "2026-11-27T16:00:00.000000Z"
        );
        assert!(super::parse_cst("28/11/2026").is_none());
    }
}
