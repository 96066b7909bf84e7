//! Components shared by every area: toasts, the confirm-with-reason dialog,
//! field errors, error boxes, loading states, pagers and time formatting.

pub mod dialog;
pub mod form;
pub mod list;
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
        <span class=format!("inline-block rounded px-1.5 py-0.5 text-xs font-medium {colour}") data-state=state>
            {crate::i18n::t(lang, &code)}
        </span>
    }
}
