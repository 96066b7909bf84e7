//! One access party: overview, applications, credentials, certificates and
//! history, one tab each (`?tab=`), so every tab has its own address.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{
    create_application, get_party, issue_credential, list_applications, list_credentials,
    party_api_stats, party_certificates, party_history, revoke_credential, rotate_credential,
    AppError, CredentialItem, IssuedCredential,
};
use crate::components::dialog::ConfirmReason;
use crate::components::form::{error_text, ErrorBox, Loading, BUTTON, BUTTON_LIGHT};
use crate::components::list::{columns, Column, Listing, Rows};
use crate::components::toast::use_toasts;
use crate::components::{fmt_opt_time, fmt_time, StatusBadge};
use crate::i18n::{t, use_lang};
use crate::pages::layout::use_me;

const TABS: [(&str, &str, Option<&str>); 6] = [
    ("overview", "party.tab_overview", None),
    (
        "applications",
        "party.tab_applications",
        Some("ApplicationView"),
    ),
    (
        "credentials",
        "party.tab_credentials",
        Some("CredentialView"),
    ),
    (
        "certificates",
        "party.tab_certificates",
        Some("ApplicationView"),
    ),
    ("history", "party.tab_history", Some("ApplicationView")),
    ("api", "party.tab_api", Some("ApplicationView")),
];

#[component]
pub fn PartyPage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let tab = move || query.get().get("tab").unwrap_or_else(|| "overview".into());
    let rev = RwSignal::new(0u32);
    let party = Resource::new(move || (id(), rev.get()), |(id, _)| get_party(id));
    let tabs = TABS
        .iter()
        .filter(|(_, _, p)| p.is_none_or(|p| me.can(p)))
        .map(|(code, key, _)| {
            let code = *code;
            let href = move || format!("/parties/{}?tab={code}", id());
            let active = move || tab() == code;
            view! {
                <a href=href data-testid=format!("tab-{code}")
                    class=move || if active() { "border-b-2 border-blue-700 px-3 py-2 text-sm font-medium text-blue-800" } else { "px-3 py-2 text-sm text-slate-600 hover:text-blue-700" }
                    aria-current=move || active().then_some("page")>
                    {t(lang, key)}
                </a>
            }.into_any()
        })
        .collect_view();

    view! {
        <a href="/parties" class="text-sm text-blue-700 hover:underline">{format!("← {}", t(lang, "parties.title"))}</a>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match party.await {
                    Ok(p) => view! {
                        <div class="mt-2 mb-4 flex flex-wrap items-center gap-3">
                            <h1 class="text-xl font-semibold" data-testid="page-title">{p.name.clone()}</h1>
                            <StatusBadge code=format!("party_status.{}", p.status)/>
                            {p.rectification.then(|| view! { <span class="rounded bg-rose-100 px-1.5 py-0.5 text-xs text-rose-700" data-testid="rectification">{t(lang, "party.rectification")}</span> }.into_any())}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <div class="mt-4"><ErrorBox error=e/></div> }.into_any(),
                }
            })}
        </Suspense>
        <nav class="mb-4 flex gap-1 border-b border-slate-200" aria-label=t(lang, "party.tabs")>{tabs}</nav>
        {move || {
            let pid = id();
            match tab().as_str() {
                "applications" => view! { <PartyApplications party_id=pid/> }.into_any(),
                "credentials" => view! { <PartyCredentials party_id=pid/> }.into_any(),
                "certificates" => view! { <PartyCertificates party_id=pid/> }.into_any(),
                "history" => view! { <PartyHistory party_id=pid/> }.into_any(),
                "api" => view! { <PartyApi party_id=pid/> }.into_any(),
                _ => view! { <PartyOverview party=party party_id=pid rev=rev/> }.into_any(),
            }
        }}
    }.into_any()
}

#[component]
fn PartyOverview(
    party: Resource<Result<crate::api::PartyDetail, AppError>>,
    party_id: String,
    rev: RwSignal<u32>,
) -> AnyView {
    let lang = use_lang();
    let me = use_me();
    // whole-party suspensions (R-6.9.4.3), for those who may see applications
    let sus = Resource::new(
        move || (party_id.clone(), rev.get()),
        |(p, _)| crate::api::party_suspensions(p),
    );
    let on_done = Callback::new(move |_: ()| rev.update(|n| *n += 1));
    let show = me.can("ApplicationView");
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                party.await.ok().map(|p| {
                    let rows = vec![
                        (t(lang, "field.kind"), t(lang, &format!("kind.{}", p.kind)).to_string()),
                        (t(lang, "field.level"), t(lang, &format!("level.{}", p.level)).to_string()),
                        (t(lang, "field.division_code"), p.division_code.clone()),
                        (t(lang, "field.organisation_name"), p.organisation_name.clone()),
                        (t(lang, "field.uscc"), p.uscc.clone()),
                        (t(lang, "parties.registered_at"), fmt_time(&p.created_at)),
                    ];
                    view! {
                        <div class="grid gap-4 lg:grid-cols-2">
                            <dl class="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="party-overview">
                                {rows.into_iter().map(|(k, v)| view! {
                                    <div class="flex border-b border-slate-100 py-2 last:border-0">
                                        <dt class="w-40 shrink-0 text-slate-500">{k}</dt>
                                        <dd class="font-medium">{v}</dd>
                                    </div>
                                }.into_any()).collect_view()}
                            </dl>
                            <div class="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                                <h2 class="mb-2 font-semibold">{t(lang, "party.contacts")}</h2>
                                {p.contacts.into_iter().map(|c| view! {
                                    <div class="border-b border-slate-100 py-2 last:border-0">
                                        <div class="font-medium">{c.name}</div>
                                        <div class="text-slate-600">{c.phone}" · "{c.email}</div>
                                    </div>
                                }.into_any()).collect_view()}
                            </div>
                        </div>
                    }.into_any()
                })
            })}
        </Suspense>
        {show.then(|| view! {
            <div class="mt-4">
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match (party.await, sus.await) {
                            (Ok(p), Ok(cases)) => view! {
                                <crate::pages::providers::SuspensionPanel target="party" id=p.id.clone()
                                    suspendable={p.status == "connected"} cases=cases on_done=on_done/>
                            }.into_any(),
                            (_, Err(e)) | (Err(e), _) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        }.into_any())}
    }.into_any()
}

#[component]
fn PartyApplications(party_id: String) -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let pid = party_id.clone();
    let apps = Resource::new(
        move || pid.clone(),
        |p| list_applications(None, Some(p), None, None),
    );
    let navigate = use_navigate();
    let pid = party_id.clone();
    let create = Action::new(move |_: &()| create_application(pid.clone()));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(id)) => navigate(&format!("/applications/{id}"), Default::default()),
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    view! {
        {me.can("ApplicationEdit").then(|| view! {
            <div class="mb-3">
                <button class=BUTTON data-testid="new-application" disabled=move || create.pending().get()
                    on:click=move |_| { create.dispatch(()); }>
                    {t(lang, "app.new")}
                </button>
            </div>
        }.into_any())}
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match apps.await {
                    Ok(page) => view! { <crate::pages::access::applications::AppTable items=page.items show_party=false/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }.into_any()
}

#[component]
fn PartyCredentials(party_id: String) -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let can_manage = me.can("CredentialManage");
    let shown: RwSignal<Option<IssuedCredential>> = RwSignal::new(None);
    let pid = party_id.clone();
    // a third-party provider's credential may be bound to one service
    let service = RwSignal::new(String::new());
    let issue = Action::new(move |_: &()| {
        issue_credential(pid.clone(), None, Some(service.get_untracked()))
    });
    let pid = party_id.clone();
    let services = Resource::new(
        move || pid.clone(),
        |p| async move {
            crate::api::get_provider(p)
                .await
                .map(|d| d.services)
                .unwrap_or_default()
        },
    );
    let rotate = Action::new(|id: &String| rotate_credential(id.clone()));
    let revoke = Action::new(|(id, reason): &(String, String)| {
        revoke_credential(id.clone(), reason.clone())
    });
    let pid = party_id.clone();
    let creds = Resource::new(
        move || {
            (
                pid.clone(),
                issue.version().get(),
                rotate.version().get(),
                revoke.version().get(),
            )
        },
        |(p, ..)| list_credentials(p),
    );
    Effect::new(move |_| {
        for v in [issue.value().get(), rotate.value().get()]
            .into_iter()
            .flatten()
        {
            match v {
                Ok(c) => shown.set(Some(c)),
                Err(e) => toasts.error(error_text(lang, &e)),
            }
        }
    });
    // (credential id, key id) of the credential the dialog revokes
    let revoking: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let dialog_open = RwSignal::new(false);
    // (credential id, key id) of the credential the rotation dialog replaces
    let rotating: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let rotate_open = RwSignal::new(false);
    Effect::new(move |_| {
        if rotate.value().get().is_some() {
            rotate_open.set(false);
        }
    });
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(())) => {
            dialog_open.set(false);
            toasts.success(t(lang, "credential.revoked"));
            // a revoked secret is of no use to anyone: its panel goes too
            let revoked = revoking.get_untracked().map(|(_, key)| key);
            if shown
                .get_untracked()
                .is_some_and(|c| Some(&c.key_id) == revoked.as_ref())
            {
                shown.set(None);
            }
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    view! {
        {move || shown.get().map(|c| view! {
            <div class="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="issued-credential" role="status">
                <p class="font-semibold text-amber-900">{t(lang, "credential.shown_once")}</p>
                <dl class="mt-2 grid grid-cols-[8rem_1fr] gap-y-1 font-mono">
                    <dt class="font-sans text-slate-600">{t(lang, "credential.key_id")}</dt><dd data-testid="key-id">{c.key_id.clone()}</dd>
                    <dt class="font-sans text-slate-600">{t(lang, "credential.secret")}</dt><dd class="break-all" data-testid="secret">{c.secret.clone()}</dd>
                    <dt class="font-sans text-slate-600">{t(lang, "credential.scopes")}</dt><dd class="font-sans">{c.scopes.iter().map(|s| t(lang, &format!("content.{s}"))).collect::<Vec<_>>().join("、")}</dd>
                    <dt class="font-sans text-slate-600">{t(lang, "credential.expires_at")}</dt><dd>{fmt_time(&c.expires_at)}</dd>
                </dl>
                <button class=format!("{BUTTON_LIGHT} mt-3") on:click=move |_| shown.set(None)>{t(lang, "credential.stored")}</button>
            </div>
        }.into_any())}
        {can_manage.then(|| view! {
            <div class="mb-3 flex flex-wrap items-end gap-3">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = services.await;
                        (!list.is_empty()).then(|| view! {
                            <div>
                                <label class="block text-sm font-medium text-slate-700" for="credential-service">{t(lang, "credential.service")}</label>
                                <select id="credential-service" class="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
                                    prop:value=move || service.get() on:change=move |ev| service.set(event_target_value(&ev))>
                                    <option value="">{t(lang, "credential.whole_party")}</option>
                                    {list.into_iter().map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> }.into_any()).collect_view()}
                                </select>
                            </div>
                        }.into_any())
                    })}
                </Suspense>
                <button class=BUTTON data-testid="issue-credential" disabled=move || issue.pending().get()
                    on:click=move |_| { issue.dispatch(()); }>
                    {t(lang, "credential.issue")}
                </button>
            </div>
        }.into_any())}
        <Listing resource=creds rows=Rows::all testid="credentials-table" empty=t(lang, "credential.none")
            columns={
                let mut c = columns(lang, &["credential.key_id", "field.status", "credential.scopes", "credential.allowlist",
                    "credential.expires_at", "credential.last_used"]);
                c.push(Column::new(""));
                c
            }
            row=move |c: CredentialItem| {
                let active = c.status == "active";
                let (id1, id2, key) = (c.id.clone(), c.id.clone(), c.key_id.clone());
                let key1 = key.clone();
                view! {
                    <tr class="border-t border-slate-100" data-key=c.key_id.clone()>
                        <td class="px-4 py-2 font-mono">{c.key_id.clone()}</td>
                        <td class="px-4 py-2">
                            <StatusBadge code=format!("credential_status.{}", c.status)/>
                            {c.revoked_reason.clone().map(|r| view! { <div class="text-xs text-slate-500">{r}</div> }.into_any())}
                        </td>
                        <td class="px-4 py-2">{c.scopes.iter().map(|s| t(lang, &format!("content.{s}"))).collect::<Vec<_>>().join("、")}</td>
                        <td class="px-4 py-2 font-mono text-xs">{c.ip_allowlist.join(" ")}</td>
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&c.expires_at)}</td>
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_opt_time(&c.last_used_at)}</td>
                        <td class="px-4 py-2 whitespace-nowrap text-right">
                            {(can_manage && active).then(|| view! {
                                <button class=BUTTON_LIGHT data-testid="rotate" on:click=move |_| { rotating.set(Some((id1.clone(), key1.clone()))); rotate_open.set(true); }>{t(lang, "credential.rotate")}</button>
                                <button class=format!("{BUTTON_LIGHT} ml-2 text-rose-700") data-testid="revoke"
                                    on:click=move |_| { revoking.set(Some((id2.clone(), key.clone()))); dialog_open.set(true); }>
                                    {t(lang, "credential.revoke")}
                                </button>
                            }.into_any())}
                        </td>
                    </tr>
                }.into_any()
            }/>
        <ConfirmReason
            open=rotate_open
            id="rotate"
            ask_reason=false
            title=Signal::derive(move || t(lang, "credential.rotate_title").to_string())
            message=Signal::derive(move || format!("{}{}", rotating.get().map(|(_, k)| k).unwrap_or_default(), t(lang, "credential.rotate_hint")))
            confirm_label=Signal::derive(move || t(lang, "credential.rotate").to_string())
            pending=rotate.pending()
            on_confirm=Callback::new(move |_| {
                if let Some((id, _)) = rotating.get_untracked() {
                    rotate.dispatch(id);
                }
            })
        />
        <ConfirmReason
            open=dialog_open
            id="revoke"
            title=Signal::derive(move || t(lang, "credential.revoke_title").to_string())
            message=Signal::derive(move || t(lang, "credential.revoke_hint").to_string())
            pending=revoke.pending()
            danger=true
            on_confirm=Callback::new(move |reason: String| {
                if let Some((id, _)) = revoking.get_untracked() {
                    revoke.dispatch((id, reason));
                }
            })
        />
    }.into_any()
}

#[component]
fn PartyCertificates(party_id: String) -> AnyView {
    let certs = Resource::new(move || party_id.clone(), party_certificates);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match certs.await {
                    Ok(list) => view! { <crate::pages::access::certificates::CertTable items=list show_party=false/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }.into_any()
}

#[component]
fn PartyHistory(party_id: String) -> AnyView {
    let history = Resource::new(move || party_id.clone(), party_history);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(list) => view! {
                        {list.more.then(|| crate::components::list::capped_notice(list.items.len()))}
                        <crate::pages::access::applications::Timeline items=list.items/>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }.into_any()
}

/// The party's use of the machine API (R-6.8.a: monitored): calls, error
/// rate, latency percentiles, last call, the most frequent error codes.
#[component]
fn PartyApi(party_id: String) -> AnyView {
    let lang = use_lang();
    let stats = Resource::new(move || party_id.clone(), party_api_stats);
    let card = |label: String, value: String, testid: &'static str| {
        view! {
            <div class="rounded-lg border border-slate-200 bg-white p-4" data-testid=testid>
                <div class="text-sm text-slate-500">{label}</div>
                <div class="mt-1 text-xl font-semibold">{value}</div>
            </div>
        }
    };
    view! {
        <p class="mb-3 text-sm text-slate-500">{t(lang, "api.hint")}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(s) => {
                        let rate = if s.calls > 0 { format!("{:.1}%", s.errors as f64 * 100.0 / s.calls as f64) } else { "—".into() };
                        view! {
                            <div class="grid grid-cols-2 gap-4 lg:grid-cols-5">
                                {card(t(lang, "api.calls").into(), s.calls.to_string(), "api-calls")}
                                {card(t(lang, "api.error_rate").into(), rate, "api-error-rate")}
                                {card(t(lang, "api.latency").into(), format!("{:.1} / {:.1} / {:.1} ms", s.p50_ms, s.p95_ms, s.p99_ms), "api-latency")}
                                {card(t(lang, "api.last_call").into(), fmt_opt_time(&s.last_call), "api-last-call")}
                                {card(t(lang, "api.errors").into(), s.errors.to_string(), "api-errors")}
                            </div>
                            <div class="mt-4 grid gap-4 lg:grid-cols-2">
                                <div class="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                                    <h2 class="mb-2 font-semibold">{t(lang, "api.top_codes")}</h2>
                                    {s.top_codes.is_empty().then(|| view! { <p class="text-slate-500">{t(lang, "api.no_errors")}</p> }.into_any())}
                                    <table class="min-w-full" data-testid="api-top-codes">
                                        <tbody>
                                            {s.top_codes.into_iter().map(|(code, n, zh, en)| view! {
                                                <tr class="border-t border-slate-100">
                                                    <td class="py-1 pr-3 font-mono">{code}</td>
                                                    <td class="py-1 pr-3">{if lang == crate::i18n::Lang::Zh { zh } else { en }}</td>
                                                    <td class="py-1 text-right">{n}</td>
                                                </tr>
                                            }.into_any()).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <div class="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                                    <h2 class="mb-2 font-semibold">{t(lang, "api.endpoints")}</h2>
                                    <table class="min-w-full">
                                        <tbody>
                                            {s.endpoints.into_iter().map(|(e, n)| view! {
                                                <tr class="border-t border-slate-100">
                                                    <td class="py-1 pr-3 font-mono">{e}</td>
                                                    <td class="py-1 text-right">{n}</td>
                                                </tr>
                                            }.into_any()).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }.into_any()
}
