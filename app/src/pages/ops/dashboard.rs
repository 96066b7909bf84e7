use leptos::prelude::*;

use crate::api::{get_dashboard, my_work, WorkItem};
use crate::components::form::{ErrorBox, Loading, BUTTON};
use crate::components::list::{columns, Column, Table};
use crate::components::toast::use_toasts;
use crate::i18n::{t, use_lang, Lang};
use crate::pages::layout::use_me;

#[component]
fn Card(label: String, value: i64, testid: &'static str, #[prop(optional)] warn: bool) -> AnyView {
    view! {
        <div class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid=testid>
            <div class="text-sm text-slate-500">{label}</div>
            <div class={if warn && value > 0 { "mt-1 text-2xl font-semibold text-rose-600" } else { "mt-1 text-2xl font-semibold" }}>
                {value}
            </div>
        </div>
    }.into_any()
}

/// Work waiting: applications and expiring certificates, as links.
#[component]
fn Waiting(d: crate::api::DashboardData) -> AnyView {
    let lang = use_lang();
    (d.show_applications || d.show_certificates).then(|| view! {
        <div class="mb-6 grid grid-cols-1 gap-4 md:grid-cols-2">
            {d.show_applications.then(|| view! {
                <a href="/applications" class="rounded-lg border border-blue-200 bg-blue-50 p-4 hover:bg-blue-100" data-testid="stat-applications">
                    <div class="text-sm text-blue-900">{t(lang, "dashboard.applications_waiting")}</div>
                    <div class="mt-1 text-2xl font-semibold text-blue-900">{d.applications_waiting}</div>
                </a>
            }.into_any())}
            {d.show_certificates.then(|| view! {
                <a href="/certificates" class={if d.certificates_expiring > 0 { "rounded-lg border border-rose-200 bg-rose-50 p-4 hover:bg-rose-100" } else { "rounded-lg border border-slate-200 bg-white p-4 hover:bg-slate-50" }} data-testid="stat-certificates">
                    <div class="text-sm text-slate-700">{t(lang, "dashboard.certificates_expiring")}</div>
                    <div class={if d.certificates_expiring > 0 { "mt-1 text-2xl font-semibold text-rose-700" } else { "mt-1 text-2xl font-semibold" }}>{d.certificates_expiring}</div>
                </a>
            }.into_any())}
        </div>
    }.into_any()).into_any()
}

/// Current suspensions first (supervisors), then the latest notices.
#[component]
fn Alerts() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let supervisor = me.can("ApplicationSupervise");
    let notices = Resource::new(|| (), |_| crate::api::my_notices());
    let current = Resource::new(
        move || supervisor,
        |s| async move {
            if s {
                crate::api::list_suspensions(false)
                    .await
                    .map(|c| c.items)
                    .unwrap_or_default()
            } else {
                Vec::new()
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = current.await;
                (!list.is_empty()).then(|| view! {
                    <a href="/suspensions" class="mb-4 block rounded-lg border border-rose-300 bg-rose-50 p-4 hover:bg-rose-100" data-testid="current-suspensions">
                        <div class="font-semibold text-rose-800">{crate::i18n::punct(lang, format!("{}：{}", t(lang, "dashboard.suspensions"), list.len()))}</div>
                        <ul class="mt-1 text-sm text-rose-900">
                            {list.into_iter().take(5).map(|c| {
                                let s = c.suspension;
                                let name = s.service_name.clone().map(|n| crate::i18n::punct(lang, format!("{n}（{}）", s.party_name))).unwrap_or(s.party_name.clone());
                                view! { <li>{format!("{name} · {} · {}", t(lang, &format!("severity.{}", s.severity)), s.reason)}</li> }.into_any()
                            }).collect_view()}
                        </ul>
                    </a>
                }.into_any())
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = notices.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <section class="mb-6 rounded-lg border border-slate-200 bg-white p-4" data-testid="notices">
                        <h2 class="mb-2 text-sm font-semibold">{t(lang, "dashboard.notices")}</h2>
                        <ul class="text-sm">
                            {list.into_iter().map(|n| view! {
                                <li class="flex gap-3 border-t border-slate-100 py-1.5 first:border-0">
                                    <span class="whitespace-nowrap text-xs text-slate-500">{crate::components::fmt_time(&n.created_at)}</span>
                                    <a class="text-blue-700 hover:underline" href=n.link.clone()>{n.title.clone()}</a>
                                </li>
                            }.into_any()).collect_view()}
                        </ul>
                    </section>
                }.into_any())
            })}
        </Suspense>
    }.into_any()
}

/// How long something has waited, in the staff's words.
pub fn waited(lang: Lang, since: &chrono::DateTime<chrono::Utc>) -> String {
    let d = chrono::Utc::now() - *since;
    let (days, hours, minutes) = (d.num_days(), d.num_hours() % 24, d.num_minutes() % 60);
    match lang {
        Lang::Zh if days > 0 => format!("{days} 天 {hours} 小时"),
        Lang::Zh if d.num_hours() > 0 => format!("{} 小时 {minutes} 分", d.num_hours()),
        Lang::Zh => format!("{} 分钟", d.num_minutes().max(0)),
        Lang::En if days > 0 => format!("{days} d {hours} h"),
        Lang::En if d.num_hours() > 0 => format!("{} h {minutes} min", d.num_hours()),
        Lang::En => format!("{} min", d.num_minutes().max(0)),
    }
}

/// The state label of a task (its kind decides which state table).
fn task_state(lang: Lang, w: &WorkItem) -> String {
    let prefix = match w.kind.as_str() {
        "application" | "application_returned" | "application_draft" => "app_state",
        "provider" => "provider_state",
        "seal_system" => "seal_system_state",
        "release" => "release_status",
        "restoration" => "restoration_state",
        "suspension" | "restoration_needed" => "severity",
        "alarm" => "alarm_state",
        _ => "impl_status",
    };
    crate::i18n::t_or_key(lang, &format!("{prefix}.{}", w.state), &w.state)
}

/// The one queue of what waits for the signed-in person (工作台待办), oldest
/// first; operators start a new application from it.
#[component]
fn Workbench() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let work = Resource::new(|| (), |_| my_work());
    let operator = me.can("ApplicationEdit") && !me.can("ApplicationReview");
    let parties = Resource::new(
        move || operator,
        |op| async move {
            if op {
                crate::api::list_parties(None, None, None, None, None, None, None)
                    .await
                    .map(|p| p.items)
                    .unwrap_or_default()
            } else {
                Vec::new()
            }
        },
    );
    let toasts = use_toasts();
    let navigate = leptos_router::hooks::use_navigate();
    let create = Action::new(|party: &String| crate::api::create_application(party.clone()));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(id)) => navigate(&format!("/applications/{id}"), Default::default()),
        Some(Err(e)) => toasts.error(crate::components::form::error_text(lang, &e)),
        None => {}
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = parties.await;
                (!list.is_empty()).then(|| view! {
                    <div class="mb-4 flex flex-wrap items-center gap-2" data-testid="start-work">
                        {list.into_iter().map(|p| {
                            let id = p.id.clone();
                            view! {
                                <button class=BUTTON data-testid="workbench-new-application" disabled=move || create.pending().get()
                                    on:click=move |_| { create.dispatch(id.clone()); }>
                                    {crate::i18n::punct(lang, format!("{}（{}）", t(lang, "app.new"), p.name))}
                                </button>
                            }.into_any()
                        }).collect_view()}
                    </div>
                }.into_any())
            })}
        </Suspense>
        <section class="mb-6 rounded-lg border border-slate-200 bg-white" data-testid="workbench">
            <h2 class="border-b border-slate-200 px-4 py-3 font-semibold">{t(lang, "work.title")}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match work.await {
                        Ok(items) => view! {
                            <div class="overflow-x-auto">
                                <Table testid="workbench-table" items=items empty=t(lang, "work.empty")
                                    columns={
                                        let mut c = columns(lang, &["work.kind", "work.subject", "common.state", "work.waiting"]);
                                        c.push(Column::new(t(lang, "common.actions")).right());
                                        c
                                    }
                                    row=move |w: WorkItem| {
                                        let subject = if w.subject.is_empty() {
                                            crate::i18n::punct(lang, format!("{}（{} {}）", w.party_name, crate::components::fmt_int(w.count), t(lang, "work.items")))
                                        } else if w.subject == w.party_name {
                                            w.subject.clone()
                                        } else {
                                            format!("{} · {}", w.subject, w.party_name)
                                        };
                                        view! {
                                            <tr class="border-t border-slate-100" data-work=w.kind.clone()>
                                                <td class="px-4 py-2 whitespace-nowrap">{t(lang, &format!("work.kind.{}", w.kind))}</td>
                                                <td class="px-4 py-2">{subject}</td>
                                                <td class="px-4 py-2 whitespace-nowrap">{task_state(lang, &w)}</td>
                                                <td class="px-4 py-2 whitespace-nowrap" title=crate::components::fmt_time(&w.since)>{waited(lang, &w.since)}</td>
                                                <td class="px-4 py-2 text-right whitespace-nowrap"><a class="text-blue-700 hover:underline" href=w.link.clone()>{t(lang, "work.open")}</a></td>
                                            </tr>
                                        }
                                    }/>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <div class="p-4"><ErrorBox error=e/></div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }.into_any()
}

#[component]
pub fn DashboardPage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let data = Resource::new(|| (), |_| get_dashboard());
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "dashboard.title")}</h1>
        <p class="mb-6 text-sm text-slate-500">{crate::i18n::punct(lang, format!("{}，{}", t(lang, "dashboard.welcome"), me.display_name))}</p>
        <Alerts/>
        <Workbench/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) if d.organisation.is_some() => view! {
                        <Waiting d=d.clone()/>
                        <p class="mb-4 text-sm text-slate-600" data-testid="org-scope">
                            {crate::i18n::punct(lang, format!("{}：{}", t(lang, "dashboard.org_scope"), d.organisation.clone().unwrap_or_default()))}
                        </p>
                        <div class="grid grid-cols-2 gap-4 lg:grid-cols-4">
                            <Card label=t(lang, "dashboard.org_accounts").into() value=d.accounts testid="stat-accounts"/>
                            <Card label=t(lang, "dashboard.sessions").into() value=d.active_sessions testid="stat-sessions"/>
                            <Card label=t(lang, "dashboard.locked").into() value=d.accounts_locked testid="stat-locked" warn=true/>
                            <Card label=t(lang, "dashboard.disabled").into() value=d.accounts_disabled testid="stat-disabled"/>
                        </div>
                    }.into_any(),
                    Ok(d) => view! {
                        <Waiting d=d.clone()/>
                        <div class="grid grid-cols-2 gap-4 lg:grid-cols-4">
                            <Card label=t(lang, "dashboard.accounts").into() value=d.accounts testid="stat-accounts"/>
                            <Card label=t(lang, "dashboard.sessions").into() value=d.active_sessions testid="stat-sessions"/>
                            <Card label=t(lang, "dashboard.organisations").into() value=d.organisations testid="stat-organisations"/>
                            <Card label=t(lang, "dashboard.audit_records").into() value=d.audit_records testid="stat-audit"/>
                            <Card label=t(lang, "dashboard.sign_ins").into() value=d.sign_ins_24h testid="stat-sign-ins"/>
                            <Card label=t(lang, "dashboard.failed_sign_ins").into() value=d.failed_sign_ins_24h testid="stat-failed" warn=true/>
                            <Card label=t(lang, "dashboard.locked").into() value=d.accounts_locked testid="stat-locked" warn=true/>
                            <Card label=t(lang, "dashboard.disabled").into() value=d.accounts_disabled testid="stat-disabled"/>
                        </div>
                        <h2 class="mt-8 mb-3 text-base font-semibold">{t(lang, "dashboard.by_role")}</h2>
                        <div class="overflow-hidden rounded-lg border border-slate-200 bg-white">
                            <table class="min-w-full text-sm">
                                <tbody>
                                    {d.by_role.into_iter().map(|(r, n)| view! {
                                        <tr class="border-b border-slate-100 last:border-0">
                                            <td class="px-4 py-2">{t(lang, &format!("role.{r}"))}</td>
                                            <td class="px-4 py-2 text-right font-medium">{n}</td>
                                        </tr>
                                    }.into_any()).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }.into_any()
}
