//! Case data (办件数据, R-6.2.d): search with applicants masked, and
//! statistics by day, item, department or region (received, completed,
//! on-time rate, overdue) with bar charts.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{case_stats, search_cases, CaseStat};
use crate::components::form::{ErrorBox, Loading};
use crate::components::list::{
    columns, FilterLayout, Filters, Listing, Rows, SelectFilter, TextFilter,
};
use crate::components::table::with_param;
use crate::components::{fmt_opt_time, fmt_time, StatusBadge};
use crate::i18n::{t, use_lang, Lang};

pub(crate) const STATUSES: [&str; 5] = [
    "submitted",
    "accepted",
    "in-progress",
    "completed",
    "not-accepted",
];
const GROUPS: [&str; 4] = ["day", "item", "department", "region"];

#[component]
pub fn CasesPage() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let cases = Resource::new(
        move || query.get(),
        |q| {
            search_cases(
                q.get("case_no"),
                q.get("item"),
                q.get("status"),
                q.get("from"),
                q.get("to"),
                q.get("region"),
                q.get("after"),
                q.get("size"),
            )
        },
    );
    let stats = Resource::new(
        move || query.get(),
        |q| {
            case_stats(
                q.get("item"),
                q.get("status"),
                q.get("from"),
                q.get("to"),
                q.get("region"),
                q.get("by"),
            )
        },
    );
    let by = move || query.get().get("by").unwrap_or_else(|| "day".into());
    let group_links = GROUPS
        .iter()
        .map(|g| {
            let g = *g;
            let href = with_param("by", Some(g));
            view! {
                <a href=href data-testid=format!("by-{g}")
                    class=move || if by() == g { "rounded-full bg-blue-700 px-3 py-1 text-xs text-white" } else { "rounded-full bg-white px-3 py-1 text-xs text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50" }>
                    {t(lang, &format!("cases.by_{g}"))}
                </a>
            }.into_any()
        })
        .collect_view();

    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "cases.title")}</h1>
        <p class="mb-4 text-sm text-slate-500">{t(lang, "cases.hint")}</p>
        <Filters testid="cases-filter" layout=FilterLayout::Grid>
            <TextFilter name="case_no" id="c-no" label=t(lang, "cases.case_no")/>
            <TextFilter name="item" id="c-item" label=t(lang, "cases.item") placeholder=t(lang, "cases.item_hint")/>
            <SelectFilter name="status" id="c-status" label=t(lang, "field.status") values=&STATUSES prefix="case_status"/>
            <TextFilter name="from" id="c-from" label=t(lang, "cases.from") kind="date"/>
            <TextFilter name="to" id="c-to" label=t(lang, "cases.to") kind="date"/>
            <TextFilter name="region" id="c-region" label=t(lang, "field.region") numeric=true maxlength=6 placeholder="330200"/>
            // follows the statistics tab chosen since the page loaded
            <input type="hidden" name="by" prop:value=move || query.get().get("by").unwrap_or_default()/>
        </Filters>

        <section class="mb-6 rounded-lg border border-slate-200 bg-white p-4">
            <div class="mb-3 flex flex-wrap items-center gap-2">
                <h2 class="mr-2 text-base font-semibold">{t(lang, "cases.stats")}</h2>
                {group_links}
                <span class="ml-auto text-xs text-slate-500">
                    {move || {
                        let q = query.get();
                        if q.get("from").is_none_or(|v| v.is_empty()) && q.get("to").is_none_or(|v| v.is_empty()) {
                            t(lang, "cases.last_30_days").to_string()
                        } else {
                            format!("{} {} – {}", t(lang, "cases.range"), q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default())
                        }
                    }}
                </span>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match stats.await {
                        Ok(rows) => view! { <StatsChart rows=rows lang=lang/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>

        <Listing resource=cases testid="cases-table" pager="after"
            columns=columns(lang, &["cases.case_no", "cases.item", "cases.applicant", "cases.department", "field.status",
                "cases.submitted_at", "cases.promised_at", "cases.completed_at"])
            rows=|page: crate::api::CasePage| Rows::paged(page.items, page.next)
            row=move |c: crate::api::CaseItem| view! {
                <tr class="border-t border-slate-100" data-case=c.case_no.clone()>
                    <td class="px-4 py-2 font-mono">{c.case_no.clone()}<div class="font-sans text-xs text-slate-500">{c.party_name.clone()}</div></td>
                    <td class="px-4 py-2">{c.item_name.clone()}<div class="font-mono text-xs text-slate-500">{c.item_code.clone()}</div></td>
                    <td class="px-4 py-2" data-testid="applicant">{c.applicant_name.clone()}</td>
                    <td class="px-4 py-2">{c.department.clone()}<div class="font-mono text-xs text-slate-500">{c.division_code.clone()}</div></td>
                    <td class="px-4 py-2 whitespace-nowrap">
                        <StatusBadge code=format!("case_status.{}", c.status)/>
                        {c.overdue.then(|| view! { <span class="ml-1 rounded bg-rose-100 px-1.5 text-xs text-rose-700">{t(lang, "cases.overdue")}</span> }.into_any())}
                    </td>
                    <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&c.submitted_at)}</td>
                    <td class="px-4 py-2 whitespace-nowrap">{fmt_opt_time(&c.promised_at)}</td>
                    <td class="px-4 py-2 whitespace-nowrap">{fmt_opt_time(&c.completed_at)}</td>
                </tr>
            }/>
    }.into_any()
}

/// One bar per group: received (light), completed (dark), with the on-time
/// rate and overdue count beside it.
#[component]
fn StatsChart(rows: Vec<CaseStat>, lang: Lang) -> AnyView {
    let max = rows.iter().map(|r| r.received).max().unwrap_or(0).max(1);
    let total: i64 = rows.iter().map(|r| r.received).sum();
    let completed: i64 = rows.iter().map(|r| r.completed).sum();
    let on_time: i64 = rows.iter().map(|r| r.on_time).sum();
    let overdue: i64 = rows.iter().map(|r| r.overdue).sum();
    let rate = |on: i64, done: i64| {
        if done > 0 {
            format!("{:.1}%", on as f64 * 100.0 / done as f64)
        } else {
            "—".into()
        }
    };
    let empty = rows.is_empty();
    view! {
        <div class="mb-3 grid grid-cols-2 gap-3 text-sm md:grid-cols-4" data-testid="case-totals">
            <div><span class="text-slate-500">{t(lang, "cases.received")}</span>" "<b data-testid="total-received">{total}</b></div>
            <div><span class="text-slate-500">{t(lang, "cases.completed")}</span>" "<b>{completed}</b></div>
            <div><span class="text-slate-500">{t(lang, "cases.on_time_rate")}</span>" "<b data-testid="on-time-rate">{rate(on_time, completed)}</b></div>
            <div><span class="text-slate-500">{t(lang, "cases.overdue")}</span>" "<b class="text-rose-700">{overdue}</b></div>
        </div>
        {empty.then(|| view! { <p class="text-sm text-slate-500">{t(lang, "table.empty")}</p> }.into_any())}
        <div class="space-y-1" data-testid="case-chart">
            {rows.into_iter().map(|r| {
                let w_recv = r.received as f64 * 100.0 / max as f64;
                let w_done = r.completed as f64 * 100.0 / max as f64;
                view! {
                    <div class="grid grid-cols-[9rem_1fr_16rem] items-center gap-3 text-xs" data-group=r.key.clone()>
                        <div class="truncate text-slate-700" title=r.key.clone()>{r.key.clone()}</div>
                        <div class="relative h-4 rounded bg-slate-100">
                            <div class="absolute inset-y-0 left-0 rounded bg-blue-200" style=format!("width:{w_recv:.1}%")></div>
                            <div class="absolute inset-y-0 left-0 rounded bg-blue-700" style=format!("width:{w_done:.1}%")></div>
                        </div>
                        <div class="text-slate-600">
                            {format!("{} / {} · {} {}", r.completed, r.received, t(lang, "cases.on_time"), rate(r.on_time, r.completed))}
                            {(r.overdue > 0).then(|| view! { <span class="ml-1 text-rose-700">{format!("· {} {}", t(lang, "cases.overdue"), r.overdue)}</span> }.into_any())}
                        </div>
                    </div>
                }.into_any()
            }).collect_view()}
        </div>
    }.into_any()
}
