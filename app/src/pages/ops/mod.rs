//! Operations management (运维管理, R-6.7): every party's health at a
//! glance (refreshing by itself), the resource inventory with charts of its
//! series, the alarm console, and co-operation tickets.

pub mod dashboard;
pub mod monitor;

use crate::components::list::{
    columns, initial, Column, Filters, Listing, Loaded, Rows, SelectFilter, Table,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{
    alarm_act, open_ticket, ops_alarms, ops_overview, ops_resource, ops_resources, ops_series,
    ops_ticket, ops_tickets, ticket_act, AlarmItem, SeriesData,
};
use crate::components::form::{error_text, ErrorBox, Loading, BUTTON, BUTTON_LIGHT, INPUT, LABEL};
use crate::components::toast::use_toasts;
use crate::components::{fmt_opt_time, fmt_time, StatusBadge};
use crate::i18n::{t, use_lang};
use crate::pages::layout::use_me;

pub const CATEGORIES: [&str; 5] = [
    "network-device",
    "server",
    "business-system",
    "business-interface",
    "application-software",
];
const RANGES: [(i64, &str); 6] = [
    (1, "1h"),
    (6, "6h"),
    (24, "24h"),
    (168, "7d"),
    (720, "30d"),
    (2160, "90d"),
];

/// Severity 0–5 as a coloured label.
fn severity_class(s: i64) -> &'static str {
    match s {
        5 => "bg-rose-700 text-white",
        4 => "bg-rose-100 text-rose-800",
        3 => "bg-orange-100 text-orange-800",
        2 => "bg-amber-100 text-amber-800",
        1 => "bg-blue-100 text-blue-800",
        _ => "bg-slate-100 text-slate-700",
    }
}

#[component]
fn Severity(s: i64) -> AnyView {
    let lang = use_lang();
    view! {
        <span class=format!("inline-block rounded px-1.5 py-0.5 text-xs font-medium {}", severity_class(s)) data-severity=s>
            {t(lang, &format!("ops_severity.{s}"))}
        </span>
    }.into_any()
}

/// The section's tabs (addresses, so each can be bookmarked).
#[component]
fn OpsTabs(active: &'static str) -> AnyView {
    let lang = use_lang();
    let tabs = [
        ("/operations", "ops.tab_overview"),
        ("/operations/resources", "ops.tab_resources"),
        ("/operations/alarms", "ops.tab_alarms"),
        ("/operations/tickets", "ops.tab_tickets"),
    ];
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "ops.title")}</h1>
        <p class="mb-3 text-sm text-slate-500">{t(lang, "ops.hint")}</p>
        <nav class="mb-4 flex gap-1 border-b border-slate-200">
            {tabs.into_iter().map(|(href, key)| view! {
                <a href=href class=if href == active { "border-b-2 border-blue-700 px-3 py-2 text-sm font-medium text-blue-800" } else { "px-3 py-2 text-sm text-slate-600 hover:text-blue-700" }
                    aria-current=(href == active).then_some("page")>{t(lang, key)}</a>
            }.into_any()).collect_view()}
        </nav>
    }.into_any()
}

/// Every connected party's health, worst first, refreshed every 30 seconds.
#[component]
pub fn OpsOverviewPage() -> AnyView {
    let lang = use_lang();
    let tick = RwSignal::new(0u32);
    Effect::new(move |_| {
        // in the browser only (effects do not run on the server)
        let handle = set_interval_with_handle(
            move || tick.update(|n| *n += 1),
            std::time::Duration::from_secs(30),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    });
    let rows = Resource::new(move || tick.get(), |_| ops_overview());
    view! {
        <OpsTabs active="/operations"/>
        <Listing resource=rows rows=Rows::all testid="health-table"
            columns={
                let mut c = columns(lang, &["field.party_name", "ops.nodes", "ops.open_alarms"]);
                c.push(Column::new(t(lang, "ops.error_rate")).right());
                c.push(Column::new(t(lang, "ops.resources")).right());
                c
            }
            row=move |h: crate::api::HealthItem| {
                let rate = if h.calls > 0 { crate::i18n::punct(lang, format!("{:.1}%（{}/{}）", h.errors as f64 * 100.0 / h.calls as f64, h.errors, h.calls)) } else { "—".into() };
                view! {
                    <tr class="border-t border-slate-100" data-health=h.party_name.clone()>
                        <td class="px-4 py-2"><a class="text-blue-700 hover:underline" href=format!("/operations/resources?party={}", h.party_id)>{h.party_name.clone()}</a></td>
                        <td class="px-4 py-2">
                            {format!("{} / {}", h.nodes - h.nodes_lost, h.nodes)}
                            {(h.nodes_lost > 0).then(|| view! { <span class="ml-2 rounded bg-rose-100 px-1.5 text-xs text-rose-700" data-testid="nodes-lost">{format!("{} {}", t(lang, "ops.lost"), h.nodes_lost)}</span> }.into_any())}
                        </td>
                        <td class="px-4 py-2">
                            <div class="flex flex-wrap gap-1">
                                {(0..6).rev().filter(|s| h.alarms[*s] > 0).map(|s| view! {
                                    <a href=format!("/operations/alarms?min={s}") class=format!("rounded px-1.5 py-0.5 text-xs {}", severity_class(s as i64))>
                                        {format!("{} {}", t(lang, &format!("ops_severity.{s}")), h.alarms[s])}
                                    </a>
                                }.into_any()).collect_view()}
                                {(h.alarms.iter().sum::<i64>() == 0).then(|| view! { <span class="text-slate-500">{t(lang, "ops.no_alarms")}</span> }.into_any())}
                            </div>
                        </td>
                        <td class="px-4 py-2 text-right">{rate}</td>
                        <td class="px-4 py-2 text-right">{h.resources}</td>
                    </tr>
                }.into_any()
            }/>
    }.into_any()
}

#[component]
pub fn OpsResourcesPage() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let category = move || query.get().get("category").unwrap_or_default();
    let party = move || query.get().get("party");
    let rows = Resource::new(
        move || (party(), category()),
        |(p, c)| ops_resources(p, Some(c)),
    );
    let link = move |c: &str| {
        let mut href = format!("/operations/resources?category={c}");
        if let Some(p) = query.get_untracked().get("party") {
            href.push_str(&format!("&party={p}"));
        }
        href
    };
    view! {
        <OpsTabs active="/operations/resources"/>
        <div class="mb-3 flex flex-wrap gap-2 text-sm">
            <a href=move || link("") class=move || if category().is_empty() { "rounded-full bg-blue-700 px-3 py-1 text-white" } else { "rounded-full bg-white px-3 py-1 border border-slate-300" }>{t(lang, "common.all")}</a>
            {CATEGORIES.iter().map(|c| { let c = *c; view! {
                <a href=move || link(c) data-category=c class=move || if category() == c { "rounded-full bg-blue-700 px-3 py-1 text-white" } else { "rounded-full bg-white px-3 py-1 border border-slate-300" }>{t(lang, &format!("ops_category.{c}"))}</a>
            }.into_any()}).collect_view()}
        </div>
        <Listing resource=rows rows=Rows::capped testid="resources-table"
            columns=columns(lang, &["ops.resource", "ops.category", "ops.address", "field.party_name", "ops.worst_alarm"])
            row=move |r: crate::api::ResourceItem| view! {
                <tr class="border-t border-slate-100" data-resource=r.name.clone()>
                    <td class="px-4 py-2"><a class="text-blue-700 hover:underline" href=format!("/operations/resources/{}", r.id)>{r.name.clone()}</a><div class="font-mono text-xs text-slate-500">{r.resource_id.clone()}</div></td>
                    <td class="px-4 py-2">{format!("{} · {}", t(lang, &format!("ops_category.{}", r.category)), t(lang, &format!("ops_kind.{}", r.kind)))}</td>
                    <td class="px-4 py-2 font-mono text-xs">{r.address.clone()}</td>
                    <td class="px-4 py-2">{r.party_name.clone()}</td>
                    <td class="px-4 py-2">{r.worst.map(|s| view! { <Severity s=s/> }.into_any())}</td>
                </tr>
            }/>
    }.into_any()
}

/// A series as an SVG chart: the min–max band and the average line.
#[component]
fn SeriesChart(data: SeriesData, unit: String) -> AnyView {
    let lang = use_lang();
    let (w, h, left, bottom) = (760.0f64, 220.0f64, 56.0f64, 24.0f64);
    let span = (data.to - data.from).max(1) as f64;
    let top = data
        .points
        .iter()
        .map(|p| p.max)
        .fold(0.0f64, f64::max)
        .max(1.0)
        * 1.1;
    let x = |ts: i64| left + (ts - data.from) as f64 / span * (w - left - 8.0);
    let y = |v: f64| (h - bottom) - v / top * (h - bottom - 8.0);
    let avg: Vec<String> = data
        .points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.ts), y(p.avg)))
        .collect();
    let band: Vec<String> = data
        .points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.ts), y(p.max)))
        .chain(
            data.points
                .iter()
                .rev()
                .map(|p| format!("{:.1},{:.1}", x(p.ts), y(p.min))),
        )
        .collect();
    let cst = chrono::FixedOffset::east_opt(8 * 3600).expect("offset");
    let label = |ts: i64| {
        let t = chrono::DateTime::from_timestamp(ts, 0)
            .unwrap_or_default()
            .with_timezone(&cst);
        if span <= 2.0 * 86_400.0 {
            t.format("%H:%M").to_string()
        } else {
            t.format("%m-%d").to_string()
        }
    };
    let resolution = match data.resolution {
        0 => t(lang, "ops.raw"),
        300 => t(lang, "ops.five_minutes"),
        _ => t(lang, "ops.one_hour"),
    };
    let empty = data.points.is_empty();
    view! {
        <figure data-testid="series-chart" data-points=data.points.len()>
            <svg viewBox=format!("0 0 {w} {h}") class="w-full max-w-3xl" role="img" aria-label=t(lang, "ops.chart")>
                {[0.0, 0.5, 1.0].into_iter().map(|f| { let v = top * f; view! {
                    <line x1=left x2=w - 8.0 y1=y(v) y2=y(v) stroke="#e2e8f0"/>
                    <text x=left - 6.0 y=y(v) + 4.0 text-anchor="end" font-size="11" fill="#64748b">{format!("{v:.0}")}</text>
                }.into_any()}).collect_view()}
                {[(data.from, "start"), ((data.from + data.to) / 2, "middle"), (data.to, "end")].into_iter().map(|(ts, anchor)| view! {
                    <text x=x(ts) y=h - 6.0 text-anchor=anchor font-size="11" fill="#64748b">{label(ts)}</text>
                }.into_any()).collect_view()}
                {(!empty).then(|| view! {
                    <polygon points=band.join(" ") fill="#bfdbfe" opacity="0.6"/>
                    <polyline points=avg.join(" ") fill="none" stroke="#1d4ed8" stroke-width="1.5"/>
                }.into_any())}
            </svg>
            <figcaption class="text-xs text-slate-500">
                {if empty { t(lang, "ops.no_data").to_string() } else { crate::i18n::punct(lang, format!("{}：{} · {}：{unit}", t(lang, "ops.resolution"), resolution, t(lang, "ops.unit"))) }}
            </figcaption>
        </figure>
    }.into_any()
}

/// Alarms with their actions: acknowledge with a message, resolve, suppress
/// until a time, open a co-operation ticket.
#[component]
fn AlarmTable(alarms: Vec<AlarmItem>, on_done: Callback<()>) -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let manage = me.can("OpsManage");
    let act = Action::new(|(id, a, m, u): &(String, String, String, String)| {
        alarm_act(id.clone(), a.clone(), m.clone(), u.clone())
    });
    let ticket = Action::new(|(id, title, d): &(String, String, String)| {
        open_ticket(id.clone(), title.clone(), d.clone())
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.success(t(lang, "common.saved"));
            on_done.run(());
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let navigate = use_navigate();
    Effect::new(move |_| match ticket.value().get() {
        Some(Ok(id)) => navigate(&format!("/operations/tickets/{id}"), Default::default()),
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    // which alarm's form is open, and which form
    let open: RwSignal<Option<(String, &'static str)>> = RwSignal::new(None);
    let message = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <Table items=alarms testid="alarms-table" empty=t(lang, "ops.no_alarms")
                columns={
                    let mut c = columns(lang, &["ops.severity", "ops.alarm", "field.status", "ops.last_seen"]);
                    c.push(Column::new(""));
                    c
                }
                row=move |a: crate::api::AlarmItem| {
                let id = a.id.clone();
                let live = a.state != "resolved";
                let (i1, i2, i3, i4) = (id.clone(), id.clone(), id.clone(), id.clone());
                let is_open = move |form: &'static str| { let id = id.clone(); move || open.get().is_some_and(|(x, f)| x == id && f == form) };
                let (ack_open, sup_open, tic_open) = (is_open("ack"), is_open("suppress"), is_open("ticket"));
                let (f1, f2, f3, dt) = (a.id.clone(), a.id.clone(), a.id.clone(), a.title.clone());
                view! {
                    <tr class="border-t border-slate-100 align-top" data-alarm=a.title.clone()>
                        <td class="px-4 py-2"><Severity s=a.severity/></td>
                        <td class="px-4 py-2">
                            <div class="font-medium">{a.title.clone()}</div>
                            <div class="text-xs text-slate-500">
                                {a.party_name.clone()}
                                {a.resource.clone().map(|r| view! { " · " <a class="text-blue-700 underline" href=format!("/operations/resources/{r}")>{a.resource_name.clone().unwrap_or_default()}</a> }.into_any())}
                                {format!(" · {} {}", t(lang, "ops.occurrences"), a.occurrences)}
                            </div>
                            {a.ack_message.clone().map(|m| view! { <div class="text-xs text-slate-600">{crate::i18n::punct(lang, format!("{}：{m}（{}）", t(lang, "ops.ack_message"), a.ack_by.clone().unwrap_or_default()))}</div> }.into_any())}
                            {a.suppressed_until.map(|u| view! { <div class="text-xs text-slate-500">{format!("{} {}", t(lang, "ops.suppressed_until"), fmt_time(&u))}</div> }.into_any())}
                        </td>
                        <td class="px-4 py-2"><StatusBadge code=format!("alarm_state.{}", a.state)/></td>
                        <td class="px-4 py-2 whitespace-nowrap text-xs">{fmt_time(&a.last_seen_at)}{(!live).then(|| view! { <div class="text-slate-500">{format!("{} {}", t(lang, "ops.resolved_at"), fmt_opt_time(&a.resolved_at))}</div> }.into_any())}</td>
                        <td class="px-4 py-2 text-right whitespace-nowrap">
                            {(manage && live).then(|| view! {
                                <div class="flex flex-wrap justify-end gap-1">
                                    <button class=BUTTON_LIGHT data-testid="ack" on:click=move |_| { message.set(String::new()); open.set(Some((i1.clone(), "ack"))); }>{t(lang, "ops.acknowledge")}</button>
                                    <button class=BUTTON_LIGHT data-testid="resolve" on:click=move |_| { act.dispatch((i2.clone(), "resolve".into(), String::new(), String::new())); }>{t(lang, "ops.resolve")}</button>
                                    <button class=BUTTON_LIGHT on:click=move |_| open.set(Some((i3.clone(), "suppress")))>{t(lang, "ops.suppress")}</button>
                                    <button class=BUTTON_LIGHT data-testid="open-ticket" on:click=move |_| { title.set(String::new()); message.set(String::new()); open.set(Some((i4.clone(), "ticket"))); }>{t(lang, "ops.open_ticket")}</button>
                                </div>
                            }.into_any())}
                            <Show when=ack_open>
                                {let id = f1.clone(); view! {
                                    <div class="mt-2 flex items-end gap-2 text-left" data-testid="ack-form">
                                        <input class=INPUT id="ack-message" aria-label=t(lang, "ops.ack_message") placeholder=t(lang, "ops.ack_message") prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))/>
                                        <button class=BUTTON data-testid="ack-ok" disabled=move || act.pending().get()
                                            on:click={let id = id.clone(); move |_| { act.dispatch((id.clone(), "acknowledge".into(), message.get_untracked(), String::new())); open.set(None); }}>{t(lang, "common.confirm")}</button>
                                    </div>
                                }}
                            </Show>
                            <Show when=sup_open>
                                {let id = f2.clone(); view! {
                                    <div class="mt-2 flex items-end gap-2 text-left">
                                        <input class=INPUT type="datetime-local" aria-label=t(lang, "audit_field.until") prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev))/>
                                        <button class=BUTTON on:click={let id = id.clone(); move |_| { act.dispatch((id.clone(), "suppress".into(), String::new(), until.get_untracked())); open.set(None); }}>{t(lang, "common.confirm")}</button>
                                    </div>
                                }}
                            </Show>
                            <Show when=tic_open>
                                {let id = f3.clone(); let default_title = dt.clone(); view! {
                                    <div class="mt-2 grid gap-2 text-left" data-testid="ticket-form">
                                        <label class=LABEL for="ticket-title">{t(lang, "ops.ticket_title")}</label>
                                        <input class=INPUT id="ticket-title" placeholder=default_title.clone() prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                                        <label class=LABEL for="ticket-description">{t(lang, "ops.ticket_description")}</label>
                                        <textarea class=INPUT id="ticket-description" rows="2" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                                        <button class=BUTTON data-testid="ticket-ok" disabled=move || ticket.pending().get()
                                            on:click={let id = id.clone(); let dt = default_title.clone(); move |_| {
                                                let tt = title.get_untracked();
                                                ticket.dispatch((id.clone(), if tt.trim().is_empty() { dt.clone() } else { tt }, message.get_untracked()));
                                            }}>{t(lang, "ops.open_ticket")}</button>
                                    </div>
                                }}
                            </Show>
                        </td>
                    </tr>
                }.into_any()
            }/>
        </div>
    }.into_any()
}

#[component]
pub fn OpsResourcePage() -> AnyView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let rev = RwSignal::new(0u32);
    let detail = Resource::new(move || (id(), rev.get()), |(id, _)| ops_resource(id));
    let series = RwSignal::new(0i64);
    let hours = RwSignal::new(24i64);
    let data = Resource::new(
        move || (id(), series.get(), hours.get()),
        |(id, s, h)| ops_series(id, s, h),
    );
    let on_done = Callback::new(move |_: ()| rev.update(|n| *n += 1));
    view! {
        <a href="/operations/resources" class="text-sm text-blue-700 hover:underline">{format!("← {}", t(lang, "ops.tab_resources"))}</a>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let r = d.resource.clone();
                        let metric = |m: &str| match t(lang, &format!("metric.{m}")) { "" => m.to_string(), l => l.to_string() };
                        let units: Vec<(i64, String, String)> = d.series.iter().map(|s| (s.id, if s.sub_key.is_empty() { metric(&s.metric) } else { format!("{} · {}", s.sub_key, metric(&s.metric)) }, s.unit.clone())).collect();
                        let units2 = units.clone();
                        view! {
                            <div class="mt-2 mb-4 flex flex-wrap items-center gap-3">
                                <h1 class="text-xl font-semibold" data-testid="page-title">{r.name.clone()}</h1>
                                <span class="text-sm text-slate-500">{format!("{} · {}", t(lang, &format!("ops_category.{}", r.category)), t(lang, &format!("ops_kind.{}", r.kind)))}</span>
                                {r.worst.map(|s| view! { <Severity s=s/> }.into_any())}
                            </div>
                            <div class="mb-4 grid gap-4 lg:grid-cols-3">
                                <dl class="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                                    <div class="flex py-1"><dt class="w-28 text-slate-500">{t(lang, "field.party_name")}</dt><dd>{r.party_name.clone()}</dd></div>
                                    <div class="flex py-1"><dt class="w-28 text-slate-500">{t(lang, "ops.resource_id")}</dt><dd class="font-mono">{r.resource_id.clone()}</dd></div>
                                    <div class="flex py-1"><dt class="w-28 text-slate-500">{t(lang, "ops.address")}</dt><dd class="font-mono">{r.address.clone()}</dd></div>
                                    <div class="flex py-1"><dt class="w-28 text-slate-500">{t(lang, "ops.updated")}</dt><dd>{fmt_time(&r.updated_at)}</dd></div>
                                </dl>
                                <div class="rounded-lg border border-slate-200 bg-white p-4 text-sm lg:col-span-2">
                                    <h2 class="mb-2 font-semibold">{t(lang, "ops.subs")}</h2>
                                    <table class="min-w-full" data-testid="subs">
                                        <tbody>
                                            {d.subs.is_empty().then(|| view! { <tr><td class="text-slate-500">{t(lang, "table.empty")}</td></tr> }.into_any())}
                                            {d.subs.iter().map(|s| view! {
                                                <tr class="border-t border-slate-100 first:border-0">
                                                    <td class="py-1 pr-3">{t(lang, &format!("ops_sub.{}", s.kind))}</td>
                                                    <td class="py-1 pr-3 font-mono">{s.sub_id.clone()}</td>
                                                    <td class="py-1">{s.name.clone()}</td>
                                                </tr>
                                            }.into_any()).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </div>
                            <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
                                <div class="mb-2 flex flex-wrap items-end gap-3">
                                    <h2 class="font-semibold">{t(lang, "ops.performance")}</h2>
                                    <select class="rounded-md border border-slate-300 px-2 py-1 text-sm" data-testid="series-select" aria-label=t(lang, "ops.series")
                                        prop:value=move || series.get().to_string() on:change=move |ev| series.set(event_target_value(&ev).parse().unwrap_or(0))>
                                        {units.iter().enumerate().map(|(k, (sid, label, _))| view! { <option value=if k == 0 { "0".to_string() } else { sid.to_string() }>{label.clone()}</option> }.into_any()).collect_view()}
                                    </select>
                                    <div class="flex gap-1">
                                        {RANGES.iter().map(|(h, label)| { let h = *h; view! {
                                            <button class=move || if hours.get() == h { "rounded bg-blue-700 px-2 py-1 text-xs text-white" } else { "rounded border border-slate-300 px-2 py-1 text-xs" }
                                                data-range=*label on:click=move |_| hours.set(h)>{t(lang, &format!("ops.range.{label}"))}</button>
                                        }.into_any()}).collect_view()}
                                    </div>
                                </div>
                                <Transition fallback=|| view! { <Loading/> }>
                                    {move || {
                                        let units = units2.clone();
                                        Suspend::new(async move {
                                            match data.await {
                                                Ok(d) => {
                                                    let chosen = series.get_untracked();
                                                    let unit = units.iter().find(|(id, _, _)| *id == chosen).or(units.first()).map(|(_, _, u)| u.clone()).unwrap_or_default();
                                                    view! { <SeriesChart data=d unit=unit/> }.into_any()
                                                }
                                                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                                            }
                                        })
                                    }}
                                </Transition>
                            </section>
                            <h2 class="mb-2 font-semibold">{t(lang, "ops.tab_alarms")}</h2>
                            <AlarmTable alarms=d.alarms on_done=on_done/>
                        }.into_any()
                    }
                    Err(e) => view! { <div class="mt-4"><ErrorBox error=e/></div> }.into_any(),
                }
            })}
        </Suspense>
    }.into_any()
}

/// Severity codes from the most severe, for the filter.
const SEVERITY_CODES: [&str; 6] = ["5", "4", "3", "2", "1", "0"];

#[component]
pub fn OpsAlarmsPage() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let rev = RwSignal::new(0u32);
    let rows = Resource::new(
        move || (query.get(), rev.get()),
        |(q, _)| ops_alarms(q.get("min").and_then(|m| m.parse().ok()), q.get("state")),
    );
    let on_done = Callback::new(move |_: ()| rev.update(|n| *n += 1));
    view! {
        <OpsTabs active="/operations/alarms"/>
        <Filters>
            <SelectFilter name="min" id="alarm-min" label=t(lang, "ops.min_severity") values=&SEVERITY_CODES prefix="ops_severity"/>
            <div>
                <label class=LABEL for="alarm-state">{t(lang, "field.status")}</label>
                <select class=INPUT id="alarm-state" name="state" prop:value=initial("state")>
                    <option value="">{t(lang, "ops.state_open")}</option>
                    <option value="resolved">{t(lang, "alarm_state.resolved")}</option>
                    <option value="all">{t(lang, "common.all")}</option>
                </select>
            </div>
        </Filters>
        <Loaded resource=rows children={move |list: crate::api::Capped<AlarmItem>| view! {
            {list.more.then(|| crate::components::list::capped_notice(list.items.len()))}
            <AlarmTable alarms=list.items on_done=on_done/>
        }}/>
    }.into_any()
}

#[component]
pub fn OpsTicketsPage() -> AnyView {
    let lang = use_lang();
    let rows = Resource::new(|| (), |_| ops_tickets(None));
    view! {
        <OpsTabs active="/operations/tickets"/>
        <Listing resource=rows rows=Rows::capped testid="tickets-table"
            columns=columns(lang, &["ops.ticket_number", "ops.ticket_title", "field.party_name", "field.status", "ops.updated"])
            row=move |k: crate::api::TicketItem| view! {
                <tr class="border-t border-slate-100" data-ticket=k.number.clone()>
                    <td class="px-4 py-2 font-mono"><a class="text-blue-700 hover:underline" href=format!("/operations/tickets/{}", k.id)>{k.number.clone()}</a></td>
                    <td class="px-4 py-2">{k.title.clone()}</td>
                    <td class="px-4 py-2">{k.party_name.clone()}</td>
                    <td class="px-4 py-2"><StatusBadge code=format!("ticket_state.{}", k.state)/></td>
                    <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&k.updated_at)}</td>
                </tr>
            }/>
    }.into_any()
}

#[component]
pub fn OpsTicketPage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let act = Action::new(|(id, to, m): &(String, String, String)| {
        ticket_act(id.clone(), to.clone(), m.clone())
    });
    let detail = Resource::new(
        move || (id(), act.version().get()),
        |(id, _)| ops_ticket(id),
    );
    let message = RwSignal::new(String::new());
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            message.set(String::new());
            toasts.success(t(lang, "common.saved"));
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let manage = me.can("OpsManage");
    view! {
        <a href="/operations/tickets" class="text-sm text-blue-700 hover:underline">{format!("← {}", t(lang, "ops.tab_tickets"))}</a>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let k = d.ticket.clone();
                        let tid = k.id.clone();
                        view! {
                            <div class="mt-2 mb-4 flex flex-wrap items-center gap-3">
                                <h1 class="text-xl font-semibold" data-testid="page-title">{format!("{} {}", k.number, k.title)}</h1>
                                <StatusBadge code=format!("ticket_state.{}", k.state)/>
                            </div>
                            <div class="mb-4 rounded-lg border border-slate-200 bg-white p-4 text-sm">
                                <p>{k.description.clone()}</p>
                                <p class="mt-2 text-xs text-slate-500">{format!("{} · {} · {}", k.party_name, k.opened_by, fmt_time(&k.created_at))}</p>
                                {k.resource.clone().map(|r| view! { <a class="text-xs text-blue-700 hover:underline" href=format!("/operations/resources/{r}")>{t(lang, "ops.resource")}</a> }.into_any())}
                            </div>
                            <ol class="mb-4 space-y-2" data-testid="ticket-messages">
                                {d.messages.into_iter().map(|m| view! {
                                    <li class="rounded-lg border border-slate-200 bg-white p-3 text-sm">
                                        <div class="text-xs text-slate-500">{format!("{} · {}", m.author, fmt_time(&m.at))}</div>
                                        <div>{m.body}</div>
                                    </li>
                                }.into_any()).collect_view()}
                            </ol>
                            {manage.then(|| view! {
                                <div class="rounded-lg border border-slate-200 bg-white p-4">
                                    <label class=LABEL for="ticket-message">{t(lang, "ops.message")}</label>
                                    <textarea id="ticket-message" class=INPUT rows="2" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                                    <div class="mt-3 flex flex-wrap gap-2">
                                        <button class=BUTTON_LIGHT on:click={let tid = tid.clone(); move |_| { act.dispatch((tid.clone(), String::new(), message.get_untracked())); }}>{t(lang, "ops.send")}</button>
                                        {d.next.into_iter().map(|to| {
                                            let tid = tid.clone();
                                            let label = t(lang, &format!("ticket_to.{to}"));
                                            view! { <button class=BUTTON data-to=to.clone() on:click=move |_| { act.dispatch((tid.clone(), to.clone(), message.get_untracked())); }>{label}</button> }.into_any()
                                        }).collect_view()}
                                    </div>
                                </div>
                            }.into_any())}
                        }.into_any()
                    }
                    Err(e) => view! { <div class="mt-4"><ErrorBox error=e/></div> }.into_any(),
                }
            })}
        </Suspense>
    }.into_any()
}
