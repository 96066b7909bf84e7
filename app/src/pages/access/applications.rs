//! Access applications: the list (a review queue for reviewers, the
//! organisation's own for operators) and one application: its plan, edited
//! by the party while a draft or returned, evidence, reviewer comments per
//! section, what changed since the return, the actions allowed, a timeline.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{
    act_application, get_application, list_applications, upload_evidence, AppDetail, AppError,
    AppItem, CommentApplication, EventItem, EvidenceItem, SaveApplication,
};
use crate::components::dialog::ConfirmReason;
use crate::components::form::{
    checkboxes, error_text, ErrorBox, FieldMsg, Loading, BUTTON, BUTTON_LIGHT, INPUT, LABEL,
};
use crate::components::list::{columns, Column, Listing, Rows, Table};
use crate::components::table::with_param;
use crate::components::toast::use_toasts;
use crate::components::{fmt_time, StatusBadge};
use crate::i18n::{t, use_lang, Lang};

pub use gsp_protocol::codes::application::CONTENTS;
pub use gsp_protocol::codes::application::INTERFACES;
pub(crate) const STATES: [&str; 11] = [
    "draft",
    "submitted",
    "under-review",
    "returned",
    "approved",
    "env-ready",
    "joint-debugging",
    "connected",
    "rejected",
    "suspended",
    "retired",
];
pub(crate) const EVIDENCE_KINDS: [&str; 3] = ["assessment-report", "djcp", "mp"];

fn contents_text(lang: Lang, scope: &[String]) -> String {
    scope
        .iter()
        .map(|s| t(lang, &format!("content.{s}")))
        .collect::<Vec<_>>()
        .join("、")
}

fn app_columns(lang: crate::i18n::Lang, show_party: bool) -> Vec<Column> {
    let mut keys = vec![
        "app.number",
        "field.scope",
        "field.status",
        "app.version",
        "app.updated_at",
    ];
    if show_party {
        keys.insert(1, "field.party_name");
    }
    columns(lang, &keys)
}

fn app_row(
    lang: crate::i18n::Lang,
    show_party: bool,
) -> impl Fn(AppItem) -> AnyView + Clone + Send + Sync + 'static {
    move |a: AppItem| {
        view! {
            <tr class="border-t border-slate-100" data-application=a.number.clone()>
                <td class="px-4 py-2 font-mono"><a class="text-blue-700 hover:underline" href=format!("/applications/{}", a.id)>{a.number.clone()}</a></td>
                {show_party.then(|| view! { <td class="px-4 py-2"><a class="hover:underline" href=format!("/parties/{}", a.party_id)>{a.party_name.clone()}</a></td> }.into_any())}
                <td class="px-4 py-2">{contents_text(lang, &a.scope)}</td>
                <td class="px-4 py-2"><StatusBadge code=format!("app_state.{}", a.state)/></td>
                <td class="px-4 py-2">{a.version}</td>
                <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&a.updated_at)}</td>
            </tr>
        }.into_any()
    }
}

/// Applications already loaded (a party's own, on its page).
#[component]
pub fn AppTable(items: Vec<AppItem>, show_party: bool) -> AnyView {
    let lang = use_lang();
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <Table columns=app_columns(lang, show_party) items=items row=app_row(lang, show_party) testid="applications-table"/>
        </div>
    }.into_any()
}

#[component]
pub fn Timeline(items: Vec<EventItem>) -> AnyView {
    let lang = use_lang();
    let empty = items.is_empty();
    view! {
        <ol class="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="timeline">
            {empty.then(|| view! { <li class="text-slate-500">{t(lang, "table.empty")}</li> }.into_any())}
            {items.into_iter().map(|e| {
                let states = match (&e.from_state, &e.to_state) {
                    (Some(f), Some(to)) => format!("{} → {}", t(lang, &format!("app_state.{f}")), t(lang, &format!("app_state.{to}"))),
                    (None, Some(to)) => t(lang, &format!("app_state.{to}")).to_string(),
                    _ => String::new(),
                };
                view! {
                    <li class="flex gap-3" data-event=e.action.clone()>
                        <span class="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-blue-600"></span>
                        <div>
                            <div>
                                <span class="font-medium">{t(lang, &format!("app_action.{}", e.action))}</span>
                                {e.application.clone().map(|(id, number)| view! { <a class="ml-2 font-mono text-blue-700 hover:underline" href=format!("/applications/{id}")>{number}</a> }.into_any())}
                                <span class="ml-2 text-slate-500">{states}</span>
                                {e.section.clone().map(|s| view! { <span class="ml-2 rounded bg-slate-100 px-1.5 text-xs">{t(lang, &format!("section.{s}"))}</span> }.into_any())}
                            </div>
                            <div class="text-xs text-slate-500">{format!("{} · {} · {} {}", fmt_time(&e.at), e.actor_name, t(lang, "app.version"), e.version)}</div>
                            {e.comment.clone().map(|c| {
                                let c = match c.split_once(": ") {
                                    Some((k, file)) if e.action == "upload" && EVIDENCE_KINDS.contains(&k) => crate::i18n::punct(lang, format!("{}：{file}", t(lang, &format!("evidence.{k}")))),
                                    _ => c,
                                };
                                view! { <p class="mt-1 whitespace-pre-wrap text-slate-700">{c}</p> }.into_any()
                            })}
                        </div>
                    </li>
                }.into_any()
            }).collect_view()}
        </ol>
    }.into_any()
}

#[component]
pub fn ApplicationsPage() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let apps = Resource::new(
        move || query.get(),
        |q| list_applications(q.get("state"), None, q.get("after"), q.get("size")),
    );
    let current = move || query.get().get("state").unwrap_or_default();
    let filters = std::iter::once("")
        .chain(STATES)
        .map(|s| {
            let href = with_param("state", (!s.is_empty()).then_some(s));
            let href = with_param_drop_after(&href);
            let label = if s.is_empty() {
                t(lang, "common.all").to_string()
            } else {
                t(lang, &format!("app_state.{s}")).to_string()
            };
            view! {
                <a href=href data-testid=format!("state-{}", if s.is_empty() { "all" } else { s })
                    class=move || if current() == s { "rounded-full bg-blue-700 px-3 py-1 text-xs text-white" } else { "rounded-full bg-white px-3 py-1 text-xs text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50" }>
                    {label}
                </a>
            }.into_any()
        })
        .collect_view();
    view! {
        <h1 class="mb-4 text-xl font-semibold" data-testid="page-title">{t(lang, "apps.title")}</h1>
        <p class="mb-3 text-sm text-slate-500">{t(lang, "apps.list_hint")}</p>
        <div class="mb-4 flex flex-wrap gap-2">{filters}</div>
        <Listing resource=apps rows=|page: crate::api::AppPage| Rows::paged(page.items, page.next) pager="after"
            columns=app_columns(lang, true) row=app_row(lang, true) testid="applications-table"/>
    }
    .into_any()
}

/// A filter link starts again from the first page.
fn with_param_drop_after(href: &str) -> String {
    match href.split_once('?') {
        Some((path, q)) => {
            let kept: Vec<&str> = q.split('&').filter(|p| !p.starts_with("after=")).collect();
            if kept.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => href.to_string(),
    }
}

#[component]
pub fn ApplicationPage() -> AnyView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    // bumped after every change that the page must show (not after uploads,
    // which refresh the evidence only, so that typed plan text stays)
    let rev = RwSignal::new(0u32);
    let detail = Resource::new(move || (id(), rev.get()), |(id, _)| get_application(id));
    view! {
        <a href="/applications" class="text-sm text-blue-700 hover:underline">{format!("← {}", t(lang, "apps.title"))}</a>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Application d=d rev=rev/> }.into_any(),
                    Err(e) => view! { <div class="mt-4"><ErrorBox error=e/></div> }.into_any(),
                }
            })}
        </Transition>
    }.into_any()
}

#[component]
fn Application(d: AppDetail, rev: RwSignal<u32>) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let comments = |section: &str| -> Vec<EventItem> {
        d.timeline
            .iter()
            .filter(|e| e.action == "comment" && e.section.as_deref() == Some(section))
            .cloned()
            .rev()
            .collect()
    };
    let sections =
        ["scope", "network", "security", "hardware", "interfaces"].map(|s| (s, comments(s)));
    let evidence_comments = comments("evidence");

    // the actions, those needing a reason through the dialog
    let app_id = StoredValue::new(d.id.clone());
    let act = Action::new(move |(action, comment): &(String, String)| {
        act_application(app_id.get_value(), action.clone(), comment.clone())
    });
    let dialog_open = RwSignal::new(false);
    let pending_action: RwSignal<Option<String>> = RwSignal::new(None);
    let act_error: RwSignal<Option<AppError>> = RwSignal::new(None);
    Effect::new(move |_| match act.value().get() {
        Some(Ok(state)) => {
            dialog_open.set(false);
            act_error.set(None);
            toasts.success(format!(
                "{}：{}",
                t(lang, "app.moved_to"),
                t(lang, &format!("app_state.{state}"))
            ));
            rev.update(|n| *n += 1);
        }
        Some(Err(e)) => {
            dialog_open.set(false);
            toasts.error(t(lang, "app.action_refused"));
            act_error.set(Some(e));
        }
        None => {}
    });
    let buttons = d
        .actions
        .iter()
        .filter(|a| !(d.editable && a.as_str() == "submit"))
        .map(|a| {
            let a = a.clone();
            let needs_reason = matches!(a.as_str(), "return" | "reject" | "suspend" | "restore" | "retire");
            let danger = matches!(a.as_str(), "reject" | "suspend" | "retire");
            let class = if danger {
                "inline-flex items-center rounded-md bg-rose-600 px-4 py-2 text-sm font-medium text-white hover:bg-rose-700 disabled:opacity-50"
            } else if needs_reason {
                "inline-flex items-center rounded-md border border-amber-400 bg-amber-50 px-4 py-2 text-sm font-medium text-amber-900 hover:bg-amber-100 disabled:opacity-50"
            } else {
                BUTTON
            };
            let a2 = a.clone();
            view! {
                <button class=class data-testid=format!("act-{a}") disabled=move || act.pending().get()
                    on:click=move |_| {
                        if needs_reason {
                            pending_action.set(Some(a2.clone()));
                            dialog_open.set(true);
                        } else {
                            act.dispatch((a2.clone(), String::new()));
                        }
                    }>
                    {t(lang, &format!("app_action.{a}"))}
                </button>
            }.into_any()
        })
        .collect_view();

    let changes = d.changes.clone();
    let plan = d.plan.clone();
    let editable = d.editable;
    let can_comment = d.can_comment;
    view! {
        <div class="mt-2 mb-4 flex flex-wrap items-center gap-3">
            <h1 class="text-xl font-semibold" data-testid="page-title">{format!("{} {}", t(lang, "app.one"), d.number)}</h1>
            <StatusBadge code=format!("app_state.{}", d.state)/>
            <span class="text-sm text-slate-500">{format!("{} {}", t(lang, "app.version"), d.version)}</span>
            <a class="text-sm text-blue-700 hover:underline" href=format!("/parties/{}", d.party_id)>{d.party_name.clone()}</a>
            <span class="text-xs text-slate-500">{t(lang, &format!("kind.{}", d.party_kind))}</span>
        </div>
        <div class="mb-4 flex flex-wrap gap-2" data-testid="actions">{buttons}</div>
        {move || act_error.get().map(|e| view! { <div class="mb-4"><ErrorBox error=e/></div> }.into_any())}

        {(!changes.is_empty()).then(|| view! {
            <section class="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="changes">
                <h2 class="mb-2 font-semibold text-amber-900">{t(lang, "app.changes_since_return")}</h2>
                <table class="min-w-full text-sm" data-testid="changes-table">
                    <thead class="text-left text-amber-900">
                        <tr><th class="py-1 pr-4 font-medium">{t(lang, "app.field")}</th><th class="py-1 pr-4 font-medium">{t(lang, "app.old")}</th><th class="py-1 font-medium">{t(lang, "app.new_value")}</th></tr>
                    </thead>
                    <tbody>
                        {changes.into_iter().map(|c| view! {
                            <tr class="border-t border-amber-200 align-top" data-change=c.field.clone()>
                                <td class="py-1 pr-4">{change_label(lang, &c.field)}</td>
                                <td class="py-1 pr-4 whitespace-pre-wrap text-rose-700 line-through">{c.old}</td>
                                <td class="py-1 whitespace-pre-wrap text-emerald-800">{c.new}</td>
                            </tr>
                        }.into_any()).collect_view()}
                    </tbody>
                </table>
            </section>
        }.into_any())}

        <div class="grid gap-4 xl:grid-cols-3">
            <div class="space-y-4 xl:col-span-2">
                {if editable {
                    view! { <PlanEditor d=d.clone() rev=rev act=act sections=sections.clone()/> }.into_any()
                } else {
                    view! { <PlanView d=d.clone() plan=plan.clone() sections=sections.clone() can_comment=can_comment rev=rev/> }.into_any()
                }}
                <EvidenceSection app_id=d.id.clone() initial=d.evidence.clone() editable=editable comments=evidence_comments can_comment=can_comment rev=rev/>
            </div>
            <div>
                <h2 class="mb-2 text-base font-semibold">{t(lang, "app.timeline")}</h2>
                <Timeline items=d.timeline.clone()/>
            </div>
        </div>

        <ConfirmReason
            open=dialog_open
            title=Signal::derive(move || pending_action.get().map(|a| t(lang, &format!("app_action.{a}")).to_string()).unwrap_or_default())
            message=Signal::derive(move || t(lang, "app.reason_hint").to_string())
            pending=act.pending()
            danger=true
            on_confirm=Callback::new(move |reason: String| {
                if let Some(a) = pending_action.get_untracked() {
                    act.dispatch((a, reason));
                }
            })
        />
    }.into_any()
}

/// "network.addresses" → "网络环境 · IP 地址与地址段".
fn change_label(lang: Lang, field: &str) -> String {
    let section = field.split('.').next().unwrap_or("");
    let label = t(lang, &format!("field.{field}"));
    let label = if label.is_empty() {
        field.to_string()
    } else {
        label.to_string()
    };
    format!("{} · {}", t(lang, &format!("section.{section}")), label)
}

#[component]
fn SectionComments(items: Vec<EventItem>) -> AnyView {
    let lang = use_lang();
    (!items.is_empty()).then(|| view! {
        <div class="mt-3 space-y-2" data-testid="section-comments">
            {items.into_iter().map(|c| view! {
                <div class="rounded-md border-l-4 border-amber-400 bg-amber-50 px-3 py-2 text-sm">
                    <div class="text-xs text-amber-900">{format!("{} · {} · {} {}", t(lang, "app.reviewer_comment"), c.actor_name, t(lang, "app.version"), c.version)}</div>
                    <p class="whitespace-pre-wrap">{c.comment.clone().unwrap_or_default()}</p>
                </div>
            }.into_any()).collect_view()}
        </div>
    }.into_any()).into_any()
}

#[component]
fn CommentBox(app_id: String, section: &'static str, rev: RwSignal<u32>) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let comment = ServerAction::<CommentApplication>::new();
    let result: Signal<Option<Result<(), AppError>>> = comment.value().into();
    Effect::new(move |_| {
        if let Some(Ok(())) = comment.value().get() {
            toasts.success(t(lang, "app.commented"));
            rev.update(|n| *n += 1);
        }
    });
    view! {
        <ActionForm action=comment attr:class="mt-3 flex items-start gap-2">
            <input type="hidden" name="id" value=app_id/>
            <input type="hidden" name="section" value=section/>
            <div class="flex-1">
                <textarea name="body" rows="2" class=INPUT data-testid=format!("comment-{section}") placeholder=t(lang, "app.comment_hint")></textarea>
                <FieldMsg result=result field="comment"/>
            </div>
            <button type="submit" class=BUTTON_LIGHT data-testid=format!("send-comment-{section}") disabled=move || comment.pending().get()>{t(lang, "app.comment")}</button>
        </ActionForm>
    }.into_any()
}

#[component]
fn Section(
    key: &'static str,
    children: Children,
    comments: Vec<EventItem>,
    #[prop(default = None)] comment_box: Option<AnyView>,
) -> AnyView {
    let lang = use_lang();
    view! {
        <section class="rounded-lg border border-slate-200 bg-white p-4" data-section=key>
            <h2 class="mb-3 text-base font-semibold">{t(lang, &format!("section.{key}"))}</h2>
            {children()}
            <SectionComments items=comments/>
            {comment_box}
        </section>
    }
    .into_any()
}

#[component]
fn PlanView(
    d: AppDetail,
    plan: crate::api::PlanForm,
    sections: [(&'static str, Vec<EventItem>); 5],
    can_comment: bool,
    rev: RwSignal<u32>,
) -> AnyView {
    let lang = use_lang();
    let row = move |k: &str, v: String| {
        let v = if v.trim().is_empty() {
            "—".to_string()
        } else {
            v
        };
        view! {
            <div class="flex border-b border-slate-100 py-2 text-sm last:border-0">
                <dt class="w-44 shrink-0 text-slate-500">{t(lang, &format!("field.{k}"))}</dt>
                <dd class="whitespace-pre-wrap">{v}</dd>
            </div>
        }
    };
    let boxed = |s: &'static str| {
        can_comment
            .then(|| view! { <CommentBox app_id=d.id.clone() section=s rev=rev/> }.into_any())
    };
    let [(_, c_scope), (_, c_net), (_, c_sec), (_, c_hw), (_, c_if)] = sections;
    let interfaces = plan
        .interfaces
        .iter()
        .map(|i| t(lang, &format!("interface.{i}")))
        .collect::<Vec<_>>()
        .join("、");
    view! {
        <Section key="scope" comments=c_scope comment_box=boxed("scope")>
            <p class="text-sm">{contents_text(lang, &d.scope)}</p>
        </Section>
        <Section key="network" comments=c_net comment_box=boxed("network")>
            <dl>
                {row("network.topology", plan.topology.clone())}
                {row("network.addresses", plan.addresses.clone())}
                {row("network.domains", plan.domains.clone())}
                {row("network.location", plan.location.clone())}
            </dl>
        </Section>
        <Section key="security" comments=c_sec comment_box=boxed("security")>
            <dl>{row("security.plan", plan.security_plan.clone())}</dl>
        </Section>
        <Section key="hardware" comments=c_hw comment_box=boxed("hardware")>
            <dl>
                {row("hardware.cloud_platform", plan.cloud_platform.clone())}
                {row("hardware.load_balancers", plan.load_balancers.clone())}
                {row("hardware.devices", plan.devices.clone())}
            </dl>
        </Section>
        <Section key="interfaces" comments=c_if comment_box=boxed("interfaces")>
            <dl>
                {row("interfaces.interfaces", interfaces)}
                {row("interfaces.daily_calls", plan.daily_calls.to_string())}
            </dl>
        </Section>
    }
    .into_any()
}

const BOX: &str = "flex items-center gap-2 text-sm";

#[component]
fn PlanEditor(
    d: AppDetail,
    rev: RwSignal<u32>,
    act: Action<(String, String), Result<String, AppError>>,
    sections: [(&'static str, Vec<EventItem>); 5],
) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let save = ServerAction::<SaveApplication>::new();
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    let then_submit = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            if then_submit.get_untracked() {
                then_submit.set(false);
                act.dispatch(("submit".into(), String::new()));
            } else {
                toasts.success(t(lang, "app.saved"));
                rev.update(|n| *n += 1);
            }
        }
        Some(Err(_)) => {
            then_submit.set(false);
            toasts.error(t(lang, "app.not_saved"));
        }
        None => {}
    });
    let p = d.plan.clone();
    let [(_, c_scope), (_, c_net), (_, c_sec), (_, c_hw), (_, c_if)] = sections;
    let text = move |field: &'static str,
                     name: &'static str,
                     value: String,
                     rows: u32,
                     hint: &'static str| {
        let id = format!("f-{name}");
        view! {
            <div>
                <label class=LABEL for=id.clone()>{t(lang, &format!("field.{field}"))}</label>
                {if rows > 1 {
                    view! { <textarea class=INPUT id=id name=name rows=rows.to_string() placeholder=t(lang, hint) data-testid=format!("plan-{name}")>{value}</textarea> }.into_any()
                } else {
                    view! { <input class=INPUT id=id name=name value=value placeholder=t(lang, hint) data-testid=format!("plan-{name}")/> }.into_any()
                }}
                <FieldMsg result=result field=field/>
            </div>
        }
    };
    view! {
        <ActionForm action=save attr:class="space-y-4" attr:data-testid="plan-form">
            <input type="hidden" name="id" value=d.id.clone()/>
            <Section key="scope" comments=c_scope>
                <p class="mb-2 text-xs text-slate-500">{t(lang, "app.scope_hint")}</p>
                <div class="grid grid-cols-2 gap-2 md:grid-cols-4">{checkboxes(lang, "scope", &CONTENTS, "content", &d.scope, BOX)}</div>
                <FieldMsg result=result field="scope"/>
            </Section>
            <Section key="network" comments=c_net>
                <div class="grid gap-4 md:grid-cols-2">
                    <div class="md:col-span-2">{text("network.topology", "topology", p.topology.clone(), 3, "app.topology_hint")}</div>
                    {text("network.addresses", "addresses", p.addresses.clone(), 3, "app.addresses_hint")}
                    {text("network.domains", "domains", p.domains.clone(), 3, "app.domains_hint")}
                    <div class="md:col-span-2">{text("network.location", "location", p.location.clone(), 1, "app.location_hint")}</div>
                </div>
            </Section>
            <Section key="security" comments=c_sec>
                {text("security.plan", "security_plan", p.security_plan.clone(), 5, "app.security_hint")}
            </Section>
            <Section key="hardware" comments=c_hw>
                <div class="grid gap-4 md:grid-cols-3">
                    {text("hardware.cloud_platform", "cloud_platform", p.cloud_platform.clone(), 1, "app.cloud_hint")}
                    {text("hardware.load_balancers", "load_balancers", p.load_balancers.clone(), 1, "app.lb_hint")}
                    {text("hardware.devices", "devices", p.devices.clone(), 1, "app.devices_hint")}
                </div>
            </Section>
            <Section key="interfaces" comments=c_if>
                <div class="grid grid-cols-2 gap-2 md:grid-cols-4">{checkboxes(lang, "interfaces", &INTERFACES, "interface", &p.interfaces, BOX)}</div>
                <FieldMsg result=result field="interfaces.interfaces"/>
                <div class="mt-3 max-w-xs">
                    {text("interfaces.daily_calls", "daily_calls", if p.daily_calls > 0 { p.daily_calls.to_string() } else { String::new() }, 1, "app.calls_hint")}
                </div>
            </Section>
            <div class="sticky bottom-0 flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white/95 p-3 shadow-sm">
                <button type="submit" class=BUTTON_LIGHT data-testid="save-plan" disabled=move || save.pending().get() || act.pending().get()>
                    {move || if save.pending().get() { t(lang, "common.working") } else { t(lang, "app.save_draft") }}
                </button>
                <button type="submit" class=BUTTON data-testid="submit-application" disabled=move || save.pending().get() || act.pending().get()
                    on:click=move |_| then_submit.set(true)>
                    {t(lang, "app.save_and_submit")}
                </button>
                <span class="text-xs text-slate-500">{t(lang, "app.submit_hint")}</span>
            </div>
        </ActionForm>
    }.into_any()
}

/// The evidence form's starting state, and the one it returns to after an
/// upload: a 等保 certificate of level 3 (what a platform needs).
const DEFAULT_KIND: &str = "djcp";
const DEFAULT_LEVEL: i32 = 3;

#[component]
fn EvidenceSection(
    app_id: String,
    initial: Vec<EvidenceItem>,
    editable: bool,
    comments: Vec<EventItem>,
    can_comment: bool,
    rev: RwSignal<u32>,
) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let upload = Action::new_local(|data: &web_sys::FormData| upload_evidence(data.clone().into()));
    // the evidence came with the application; an upload replaces its kind
    // (no nested resource: one created while the page hydrates broke it)
    let items = RwSignal::new(initial);
    let result: Signal<Option<Result<EvidenceItem, AppError>>> = upload.value().into();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let kind = RwSignal::new(DEFAULT_KIND.to_string());
    Effect::new(move |_| match upload.value().get() {
        Some(Ok(e)) => {
            toasts.success(crate::i18n::punct(
                lang,
                format!("{}：{}", t(lang, "evidence.uploaded"), e.file_name),
            ));
            items.update(|v| {
                v.retain(|x| x.kind != e.kind);
                v.push(e.clone());
            });
            if let Some(f) = form_ref.get_untracked() {
                f.reset();
            }
            kind.set(DEFAULT_KIND.into());
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        use leptos::wasm_bindgen::JsCast;
        if let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        {
            if let Ok(fd) = web_sys::FormData::new_with_form(&form) {
                upload.dispatch_local(fd);
            }
        }
    };
    let comment_box = can_comment.then(|| {
        view! { <CommentBox app_id=app_id.clone() section="evidence" rev=rev/> }.into_any()
    });
    view! {
        <Section key="evidence" comments=comments comment_box=comment_box>
            <p class="mb-3 text-xs text-slate-500">{t(lang, "evidence.hint")}</p>
            {move || {
                let items = items.get();
                view! {
                            <table class="min-w-full text-sm" data-testid="evidence-table">
                                <thead class="text-left text-slate-600">
                                    <tr>
                                        <th class="py-1 pr-3 font-medium">{t(lang, "evidence.kind")}</th>
                                        <th class="py-1 pr-3 font-medium">{t(lang, "evidence.file")}</th>
                                        <th class="py-1 pr-3 font-medium">{t(lang, "field.cert_number")}</th>
                                        <th class="py-1 pr-3 font-medium">{t(lang, "field.cert_level")}</th>
                                        <th class="py-1 pr-3 font-medium">{t(lang, "field.issuer")}</th>
                                        <th class="py-1 font-medium">{t(lang, "field.valid_until")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {EVIDENCE_KINDS.iter().map(|k| {
                                        let e = items.iter().find(|e| e.kind == *k).cloned();
                                        view! {
                                            <tr class="border-t border-slate-100 align-top" data-evidence=*k>
                                                <td class="py-2 pr-3">{t(lang, &format!("evidence.{k}"))}</td>
                                                {match e {
                                                    Some(e) => view! {
                                                        <td class="py-2 pr-3">
                                                            <a rel="external" class="text-blue-700 hover:underline" href=format!("/files/evidence/{}", e.id) data-testid=format!("download-{k}")>{e.file_name.clone()}</a>
                                                            <div class="font-mono text-[11px] text-slate-500" title="SHA-256">{e.sha256[..16].to_string()}"…"</div>
                                                        </td>
                                                        <td class="py-2 pr-3">{e.cert_number.clone().unwrap_or_default()}</td>
                                                        <td class="py-2 pr-3">{e.cert_level.map(|l| t(lang, &format!("djcp.level{l}")).to_string()).unwrap_or_default()}</td>
                                                        <td class="py-2 pr-3">{e.issuer.clone().unwrap_or_default()}</td>
                                                        <td class="py-2">
                                                            {e.valid_until.clone().unwrap_or_default()}
                                                            {e.expired.then(|| view! { <span class="ml-1 rounded bg-rose-100 px-1 text-xs text-rose-700">{t(lang, "cert.expired_badge")}</span> }.into_any())}
                                                        </td>
                                                    }.into_any(),
                                                    None => view! { <td class="py-2 text-slate-500" colspan="5">{t(lang, "evidence.missing")}</td> }.into_any(),
                                                }}
                                            </tr>
                                        }.into_any()
                                    }).collect_view()}
                                </tbody>
                            </table>
                }
            }}
            {editable.then(|| view! {
                <form node_ref=form_ref on:submit=on_submit class="mt-4 grid gap-3 rounded-md bg-slate-50 p-3 md:grid-cols-3" data-testid="upload-form">
                    <input type="hidden" name="application_id" value=app_id.clone()/>
                    <div>
                        <label class=LABEL for="ev-kind">{t(lang, "evidence.kind")}</label>
                        <select class=INPUT id="ev-kind" name="kind" data-testid="ev-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                            // `selected` is what the form's reset returns to: the
                            // type and level shown always match the fields shown
                            {EVIDENCE_KINDS.iter().map(|k| view! { <option value=*k selected=*k == DEFAULT_KIND>{t(lang, &format!("evidence.{k}"))}</option> }.into_any()).collect_view()}
                        </select>
                    </div>
                    <div class="md:col-span-2">
                        <label class=LABEL for="ev-file">{t(lang, "evidence.file")}</label>
                        <input class=INPUT id="ev-file" name="file" type="file" required accept=".pdf,.ofd,.png,.jpg,.jpeg" data-testid="ev-file"/>
                        <FieldMsg result=result field="file"/>
                    </div>
                    <div class:hidden=move || kind.get() == "assessment-report">
                        <label class=LABEL for="ev-number">{t(lang, "field.cert_number")}</label>
                        <input class=INPUT id="ev-number" name="cert_number" data-testid="ev-number"/>
                        <FieldMsg result=result field="cert_number"/>
                    </div>
                    <div class:hidden=move || kind.get() != "djcp">
                        <label class=LABEL for="ev-level">{t(lang, "field.cert_level")}</label>
                        <select class=INPUT id="ev-level" name="cert_level" data-testid="ev-level">
                            {(1..=5).map(|l| view! { <option value=l.to_string() selected=l == DEFAULT_LEVEL>{t(lang, &format!("djcp.level{l}"))}</option> }.into_any()).collect_view()}
                        </select>
                        <FieldMsg result=result field="cert_level"/>
                    </div>
                    <div>
                        <label class=LABEL for="ev-issuer">{t(lang, "field.issuer")}</label>
                        <input class=INPUT id="ev-issuer" name="issuer" data-testid="ev-issuer"/>
                        <FieldMsg result=result field="issuer"/>
                    </div>
                    <div class:hidden=move || kind.get() == "assessment-report">
                        <label class=LABEL for="ev-until">{t(lang, "field.valid_until")}</label>
                        <input class=INPUT id="ev-until" name="valid_until" type="date" data-testid="ev-until"/>
                        <FieldMsg result=result field="valid_until"/>
                    </div>
                    <div class="flex items-end md:col-span-3">
                        <button type="submit" class=BUTTON data-testid="upload-evidence" disabled=move || upload.pending().get()>
                            {move || if upload.pending().get() { t(lang, "common.working") } else { t(lang, "evidence.upload") }}
                        </button>
                        <span class="ml-3 text-xs text-slate-500">{t(lang, "evidence.limits")}</span>
                    </div>
                </form>
            }.into_any())}
        </Section>
    }.into_any()
}
