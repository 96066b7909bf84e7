use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::i18n::{t, use_lang};

/// Builds the URL of the current page with one query parameter replaced
/// (or removed when `value` is `None`), keeping the others (the filters).
pub fn with_param(name: &str, value: Option<&str>) -> String {
    with_params(&[(name, value)])
}

/// Like `with_param` for several parameters at once.
pub fn with_params(changes: &[(&str, Option<&str>)]) -> String {
    let loc = use_location();
    let q = use_query_map().get_untracked();
    let mut pairs: Vec<(String, String)> = q
        .into_iter()
        .filter(|(k, _)| !changes.iter().any(|(n, _)| n == k))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (n, v) in changes {
        if let Some(v) = v {
            pairs.push((n.to_string(), v.to_string()));
        }
    }
    let qs = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let path = loc.pathname.get_untracked();
    if qs.is_empty() {
        path
    } else {
        format!("{path}?{qs}")
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The page sizes a list offers (issue #15), and the one it starts with.
pub const PAGE_SIZES: [u32; 3] = [20, 50, 100];
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Keyset pager: "first page" and "next page" links that keep the filters,
/// and the choice of rows per page (`size`, which restarts at the first
/// page).
/// The cursor travels in the `param` query parameter, so paging works with
/// and without JavaScript and stays fast however large the table is.
#[component]
pub fn Pager(#[prop(into)] next: Signal<Option<String>>, param: &'static str) -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let on_first = move || query.get().get(param).is_none();
    let size = move || {
        query
            .get()
            .get("size")
            .and_then(|s| s.parse::<u32>().ok())
            .filter(|n| PAGE_SIZES.contains(n))
            .unwrap_or(DEFAULT_PAGE_SIZE)
    };
    let sizes = PAGE_SIZES
        .iter()
        .map(|&n| {
            let label = n.to_string();
            view! {
                <a
                    href=move || with_params(&[("size", Some(&label)), (param, None)])
                    data-testid=format!("page-size-{n}")
                    aria-current=move || (size() == n).then_some("true")
                    class=move || if size() == n {
                        "rounded px-2 py-0.5 font-medium text-white bg-blue-700"
                    } else {
                        "rounded px-2 py-0.5 text-slate-600 hover:bg-slate-100"
                    }
                >{n}</a>
            }
        })
        .collect_view();
    view! {
        <nav class="flex items-center justify-end gap-2 border-t border-slate-200 px-4 py-3 text-sm" aria-label="pagination">
            <span class="mr-auto flex items-center gap-1 text-slate-500" data-testid="page-size">
                {t(lang, "table.per_page")} {sizes}
            </span>
            <Show when=move || !on_first()>
                <a class="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50" href=move || with_param(param, None)>
                    {t(lang, "table.first")}
                </a>
            </Show>
            {move || match next.get() {
                Some(cursor) => view! {
                    <a class="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50" data-testid="next-page" href=with_param(param, Some(&cursor))>
                        {t(lang, "table.next")}
                    </a>
                }.into_any(),
                None => view! { <span class="text-slate-500">{t(lang, "table.end")}</span> }.into_any(),
            }}
        </nav>
    }.into_any()
}

/// A column header that sorts by toggling `param` between `asc` and `desc`.
#[component]
pub fn SortHeader(
    label: String,
    param: &'static str,
    default_desc: bool,
    /// The pager's cursor parameter, reset when the order changes.
    cursor: &'static str,
) -> AnyView {
    let query = use_query_map();
    let desc = move || match query.get().get(param).as_deref() {
        Some("asc") => false,
        Some("desc") => true,
        _ => default_desc,
    };
    view! {
        <th class="px-4 py-2 text-left font-medium">
            <a
                class="inline-flex items-center gap-1 hover:text-blue-700"
                href=move || {
                    with_params(&[(param, Some(if desc() { "asc" } else { "desc" })), (cursor, None)])
                }
            >
                {label}
                <span aria-hidden="true">{move || if desc() { "↓" } else { "↑" }}</span>
            </a>
        </th>
    }.into_any()
}
