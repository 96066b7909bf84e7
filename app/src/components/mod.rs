//! Components shared by every area: toasts, the confirm-with-reason dialog,
//! field errors, error boxes, loading states, pagers and time formatting.

pub mod dialog;
pub mod form;
pub mod list;
pub mod table;
pub mod toast;

use chrono::{DateTime, FixedOffset, Utc};

/// Times are shown in China Standard Time (UTC+8).
/// A time as staff read it: China time to the minute (2026-12-02 14:30);
/// the layout states the zone once, at the foot of every page.
pub fn fmt_time(t: &DateTime<Utc>) -> String {
    let cst = FixedOffset::east_opt(8 * 3600).expect("offset");
    t.with_timezone(&cst).format("%Y-%m-%d %H:%M").to_string()
}

/// To the second, where the order of events matters (the audit trail).
pub fn fmt_time_s(t: &DateTime<Utc>) -> String {
    let cst = FixedOffset::east_opt(8 * 3600).expect("offset");
    t.with_timezone(&cst)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// An integer with thousands separators (1,234,567), as staff read counts.
pub fn fmt_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn fmt_opt_time(t: &Option<DateTime<Utc>>) -> String {
    t.as_ref().map(fmt_time).unwrap_or_else(|| "—".into())
}

/// A coloured pill for a state; `code` is its translation key, e.g.
/// `app_state.connected`.
#[leptos::component]
pub fn StatusBadge(#[prop(into)] code: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let lang = crate::i18n::use_lang();
    let state = code.rsplit('.').next().unwrap_or("").to_string();
    let colour = match state.as_str() {
        "connected" | "active" | "approved" | "accepted" | "pass" | "restored" | "closed" => {
            "bg-emerald-100 text-emerald-800"
        }
        "submitted" | "under-review" | "env-ready" | "joint-debugging" | "pending"
        | "acknowledged" | "in-progress" => "bg-blue-100 text-blue-800",
        "returned" | "expiring" | "open" => "bg-amber-100 text-amber-800",
        "rejected" | "suspended" | "revoked" | "expired" | "refused" | "fail" | "lost" => {
            "bg-rose-100 text-rose-700"
        }
        _ => "bg-slate-100 text-slate-700",
    };
    view! {
        <span class=format!("inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium {colour}") data-state=state>
            {crate::i18n::t(lang, &code)}
        </span>
    }
}
