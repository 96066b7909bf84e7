//! Components shared by every area: toasts, the confirm-with-reason dialog,
//! field errors, error boxes, loading states, pagers and time formatting.

pub mod dialog;
pub mod form;
pub mod table;
pub mod toast;

use chrono::{DateTime, FixedOffset, Utc};

/// Times are shown in China Standard Time (UTC+8).
pub fn fmt_time(t: &DateTime<Utc>) -> String {
    let cst = FixedOffset::east_opt(8 * 3600).expect("offset");
    t.with_timezone(&cst)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

pub fn fmt_opt_time(t: &Option<DateTime<Utc>>) -> String {
    t.as_ref().map(fmt_time).unwrap_or_else(|| "—".into())
}
