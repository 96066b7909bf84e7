//! Electronic seals (电子印章, R-6.6): seal systems with their certificates
//! and docking state, seal-making units with their qualification, the filed
//! seals (search, revoke, report lost), and filings refused because their
//! system was not registered or connected.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{
    list_seals, register_seal_system, register_seal_unit, seal_change, seal_refusals,
    seal_system_act, seal_systems, seal_units, upload_seal_filings, AppError, FilingOutcome,
};
use crate::components::dialog::ConfirmReason;
use crate::components::form::{
    error_text, form_data, ErrorBox, FieldMsg, Loading, BUTTON, BUTTON_LIGHT, INPUT, LABEL,
};
use crate::components::list::{
    columns, initial, Column, Filters, Listing, Rows, SelectFilter, Table, TextFilter,
};
use crate::components::toast::use_toasts;
use crate::components::{fmt_time, StatusBadge};
use crate::i18n::{t, use_lang};
use crate::pages::layout::use_me;

pub use gsp_protocol::codes::seals::SEAL_TYPES;
const TABS: [(&str, &str); 4] = [
    ("systems", "seal.tab_systems"),
    ("units", "seal.tab_units"),
    ("seals", "seal.tab_seals"),
    ("refusals", "seal.tab_refusals"),
];

#[component]
pub fn SealsPage() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let tab = move || query.get().get("tab").unwrap_or_else(|| "systems".into());
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "seal.title")}</h1>
        <p class="mb-3 text-sm text-slate-500">{t(lang, "seal.hint")}</p>
        <nav class="mb-4 flex gap-1 border-b border-slate-200">
            {TABS.iter().map(|(code, key)| { let code = *code; view! {
                <a href=format!("/seals?tab={code}") data-testid=format!("tab-{code}")
                    class=move || if tab() == code { "border-b-2 border-blue-700 px-3 py-2 text-sm font-medium text-blue-800" } else { "px-3 py-2 text-sm text-slate-600 hover:text-blue-700" }>
                    {t(lang, key)}
                </a>
            }.into_any()}).collect_view()}
        </nav>
        {move || match tab().as_str() {
            "units" => view! { <Units/> }.into_any(),
            "seals" => view! { <Seals/> }.into_any(),
            "refusals" => view! { <Refusals/> }.into_any(),
            _ => view! { <Systems/> }.into_any(),
        }}
    }.into_any()
}

#[component]
fn Systems() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let act = Action::new(|(id, a, r): &(String, String, String)| {
        seal_system_act(id.clone(), a.clone(), r.clone())
    });
    let register =
        Action::new_local(|fd: &web_sys::FormData| register_seal_system(fd.clone().into()));
    let reg_result: Signal<Option<Result<(), AppError>>> = register.value().into();
    let rows = Resource::new(
        move || (act.version().get(), register.version().get()),
        |_| seal_systems(),
    );
    Effect::new(move |_| match act.value().get() {
        Some(Ok(state)) => toasts.success(format!(
            "{}：{}",
            t(lang, "seal.system_now"),
            t(lang, &format!("seal_system_state.{state}"))
        )),
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = register.value().get() {
            toasts.success(t(lang, "seal.registered"));
        }
    });
    let reviewer = me.can("ApplicationReview");
    let supervisor = me.can("ApplicationSupervise");
    let operator = me.can("ApplicationEdit") && me.roles.iter().any(|r| r == "party-operator");
    let pending: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let dialog = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) => view! {
                        <div class="space-y-3" data-testid="seal-systems">
                            {list.is_empty().then(|| view! { <p class="text-sm text-slate-500">{t(lang, "table.empty")}</p> }.into_any())}
                            {list.into_iter().map(|s| {
                                let id = s.id.clone();
                                let actions: Vec<&'static str> = match s.state.as_str() {
                                    "registered" if reviewer => vec!["approve", "refuse"],
                                    "docking-test" if reviewer => vec!["connect"],
                                    "connected" if supervisor => vec!["suspend"],
                                    "suspended" if supervisor => vec!["resume"],
                                    _ => vec![],
                                };
                                view! {
                                    <section class="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-system=s.name.clone()>
                                        <div class="mb-2 flex flex-wrap items-center gap-2">
                                            <h2 class="font-semibold">{s.name.clone()}</h2>
                                            <span class="text-slate-500">{t(lang, &format!("seal_system_kind.{}", s.kind))}</span>
                                            <StatusBadge code=format!("seal_system_state.{}", s.state)/>
                                            <span class="text-xs text-slate-500">{s.party_name.clone()}</span>
                                        </div>
                                        <dl class="grid gap-x-6 gap-y-1 md:grid-cols-2">
                                            <div class="flex"><dt class="w-24 shrink-0 text-slate-500">{t(lang, "seal.vendor")}</dt><dd>{crate::i18n::punct(lang, format!("{}（{}）v{}", s.vendor, s.vendor_id, s.version))}</dd></div>
                                            <div class="flex"><dt class="w-24 shrink-0 text-slate-500">{t(lang, "seal.deployment")}</dt><dd>{s.deployment.clone()}</dd></div>
                                            <div class="flex"><dt class="w-24 shrink-0 text-slate-500">{t(lang, "seal.cert_subject")}</dt><dd class="break-all">{s.cert_subject.clone()}</dd></div>
                                            <div class="flex"><dt class="w-24 shrink-0 text-slate-500">{t(lang, "seal.cert_issuer")}</dt><dd class="break-all">{s.cert_issuer.clone()}</dd></div>
                                            <div class="flex"><dt class="w-24 shrink-0 text-slate-500">{t(lang, "seal.cert_serial")}</dt><dd class="font-mono text-xs break-all">{s.cert_serial.clone()}</dd></div>
                                            <div class="flex"><dt class="w-24 shrink-0 text-slate-500">{t(lang, "seal.cert_validity")}</dt><dd>{format!("{} — {}", fmt_time(&s.cert_not_before), fmt_time(&s.cert_not_after))}</dd></div>
                                            <div class="flex"><dt class="w-24 shrink-0 text-slate-500">{t(lang, "seal.cert_algorithm")}</dt><dd data-testid="cert-algorithm">{s.cert_algorithm.clone()}</dd></div>
                                        </dl>
                                        {s.comment.clone().filter(|c| !c.is_empty()).map(|c| view! { <p class="mt-2 text-xs text-slate-600">{crate::i18n::punct(lang, format!("{}：{c}（{}）", t(lang, "impl.comment"), s.reviewed_by.clone().unwrap_or_default()))}</p> }.into_any())}
                                        <div class="mt-3 flex gap-2">
                                            {actions.into_iter().map(|a| {
                                                let id = id.clone();
                                                let needs_reason = matches!(a, "refuse" | "suspend");
                                                view! {
                                                    <button class=if needs_reason { BUTTON_LIGHT } else { BUTTON } data-action=a
                                                        on:click=move |_| {
                                                            if needs_reason { pending.set(Some((id.clone(), a.to_string()))); dialog.set(true); }
                                                            else { pending.set(Some((id.clone(), a.to_string()))); confirm.set(true); }
                                                        }>
                                                        {t(lang, &format!("seal_action.{a}"))}
                                                    </button>
                                                }.into_any()
                                            }).collect_view()}
                                        </div>
                                    </section>
                                }.into_any()
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
        {operator.then(|| view! {
            <section class="mt-4 rounded-lg border border-slate-200 bg-white p-4">
                <h2 class="mb-2 font-semibold">{t(lang, "seal.register_system")}</h2>
                <form class="grid items-end gap-3 md:grid-cols-3" on:submit=move |ev| { if let Some(fd) = form_data(&ev) { register.dispatch_local(fd); } }>
                    <div><label class=LABEL for="seal-system-kind">{t(lang, "seal.system_kind")}</label>
                        <select id="seal-system-kind" class=INPUT name="kind"><option value="making">{t(lang, "seal_system_kind.making")}</option><option value="publishing">{t(lang, "seal_system_kind.publishing")}</option></select></div>
                    <div><label class=LABEL for="seal-system-name">{t(lang, "seal.system_name")}</label><input id="seal-system-name" class=INPUT name="name"/><FieldMsg result=reg_result field="name"/></div>
                    <div><label class=LABEL for="seal-vendor">{t(lang, "seal.vendor")}</label><input id="seal-vendor" class=INPUT name="vendor"/><FieldMsg result=reg_result field="vendor"/></div>
                    <div><label class=LABEL for="seal-vendor-id">{t(lang, "seal.vendor_id")}</label><input id="seal-vendor-id" class=INPUT name="vendor_id"/><FieldMsg result=reg_result field="vendor_id"/></div>
                    <div><label class=LABEL for="seal-version">{t(lang, "seal.version")}</label><input id="seal-version" class=INPUT name="version"/><FieldMsg result=reg_result field="version"/></div>
                    <div><label class=LABEL for="seal-deployment">{t(lang, "seal.deployment")}</label><input id="seal-deployment" class=INPUT name="deployment"/><FieldMsg result=reg_result field="deployment"/></div>
                    <div><label class=LABEL for="system-cert">{t(lang, "seal.certificate")}</label><input class=INPUT id="system-cert" type="file" name="file" accept=".pem,.cer,.crt,.der"/><FieldMsg result=reg_result field="certificate"/></div>
                    <div><button type="submit" class=BUTTON disabled=move || register.pending().get()>{t(lang, "seal.register")}</button></div>
                </form>
            </section>
        }.into_any())}
        <ConfirmReason open=confirm
            id="seal-system-act"
            ask_reason=false
            title=Signal::derive(move || t(lang, &format!("seal_action.{}", pending.get().map(|p| p.1).unwrap_or_default())).to_string())
            message=Signal::derive(move || t(lang, &format!("seal_action_confirm.{}", pending.get().map(|p| p.1).unwrap_or_default())).to_string())
            confirm_label=Signal::derive(move || t(lang, &format!("seal_action.{}", pending.get().map(|p| p.1).unwrap_or_default())).to_string())
            pending=act.pending()
            on_confirm=Callback::new(move |_| { confirm.set(false); if let Some((id, a)) = pending.get_untracked() { act.dispatch((id, a, String::new())); } })/>
        <ConfirmReason open=dialog
            id="seal-system-reason"
            title=Signal::derive(move || t(lang, &format!("seal_action.{}", pending.get().map(|p| p.1).unwrap_or_default())).to_string())
            message=Signal::derive(move || t(lang, "seal.reason_hint").to_string())
            pending=act.pending() danger=true
            on_confirm=Callback::new(move |r: String| { dialog.set(false); if let Some((id, a)) = pending.get_untracked() { act.dispatch((id, a, r)); } })/>
    }.into_any()
}

#[component]
fn Units() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let register =
        Action::new_local(|fd: &web_sys::FormData| register_seal_unit(fd.clone().into()));
    let result: Signal<Option<Result<(), AppError>>> = register.value().into();
    let rows = Resource::new(move || register.version().get(), |_| seal_units());
    let systems = Resource::new(|| (), |_| seal_systems());
    Effect::new(move |_| {
        if let Some(Ok(())) = register.value().get() {
            toasts.success(t(lang, "seal.registered"));
        }
    });
    let operator = me.can("ApplicationEdit") && me.roles.iter().any(|r| r == "party-operator");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let soon = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || { let (today, soon) = (today.clone(), soon.clone()); Suspend::new(async move {
                match rows.await {
                    Ok((units, months)) => view! {
                        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
                            <Table items=units testid="seal-units"
                                columns={
                                    let mut c = columns(lang, &["seal.unit", "field.uscc", "seal.qualification", "seal.qualification_until", "seal.system"]);
                                    c.push(Column::new(t(lang, "seal.filed_count")).right());
                                    c
                                }
                                row=move |u: crate::api::SealUnitItem| {
                    let expired = u.qualification_until < today;
                    let expiring = !expired && u.qualification_until <= soon;
                    view! {
                        <tr class="border-t border-slate-100" data-unit=u.name.clone()>
                            <td class="px-4 py-2">{u.name.clone()}<div class="text-xs text-slate-500">{u.party_name.clone()}</div></td>
                            <td class="px-4 py-2 font-mono">{u.uscc.clone()}</td>
                            <td class="px-4 py-2">{u.qualification.clone()}</td>
                            <td class="px-4 py-2 whitespace-nowrap">
                                {u.qualification_until.clone()}
                                {expired.then(|| view! { <span class="ml-1 rounded bg-rose-100 px-1.5 text-xs text-rose-700" data-testid="unit-expired">{t(lang, "seal.expired_blocks")}</span> }.into_any())}
                                {expiring.then(|| view! { <span class="ml-1 rounded bg-amber-100 px-1.5 text-xs text-amber-800" data-testid="unit-expiring">{t(lang, "seal.expiring")}</span> }.into_any())}
                            </td>
                            <td class="px-4 py-2">{u.system_name.clone()}</td>
                            <td class="px-4 py-2 text-right"><a class="text-blue-700 hover:underline" href=format!("/seals?tab=seals&unit={}", u.id)>{u.seals}</a></td>
                        </tr>
                    }.into_any()
                }/>
                        </div>
                        <h2 class="mt-4 mb-2 font-semibold">{t(lang, "seal.per_month")}</h2>
                        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
                            <table class="min-w-full text-sm" data-testid="seal-months">
                                <tbody>
                                    {months.into_iter().map(|m| view! {
                                        <tr class="border-t border-slate-100 first:border-0">
                                            <td class="px-4 py-1 font-mono">{m.month.clone()}</td>
                                            <td class="px-4 py-1">{m.unit_name.clone()}</td>
                                            <td class="px-4 py-1 text-right">{m.n}</td>
                                            <td class="px-4 py-1 w-1/2"><div class="h-2 rounded bg-blue-600" style=format!("width: {}%", (m.n * 4).min(100))></div></td>
                                        </tr>
                                    }.into_any()).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}}
        </Suspense>
        {operator.then(|| view! {
            <section class="mt-4 rounded-lg border border-slate-200 bg-white p-4">
                <h2 class="mb-2 font-semibold">{t(lang, "seal.register_unit")}</h2>
                <form class="grid items-end gap-3 md:grid-cols-3" on:submit=move |ev| { if let Some(fd) = form_data(&ev) { register.dispatch_local(fd); } }>
                    <div><label class=LABEL for="seal-unit">{t(lang, "seal.unit")}</label><input id="seal-unit" class=INPUT name="name"/><FieldMsg result=result field="name"/></div>
                    <div><label class=LABEL for="field-uscc">{t(lang, "field.uscc")}</label><input id="field-uscc" class=INPUT name="uscc"/><FieldMsg result=result field="uscc"/></div>
                    <div><label class=LABEL for="seal-qualification">{t(lang, "seal.qualification")}</label><input id="seal-qualification" class=INPUT name="qualification"/><FieldMsg result=result field="qualification"/></div>
                    <div><label class=LABEL for="seal-qualification-until">{t(lang, "seal.qualification_until")}</label><input id="seal-qualification-until" class=INPUT type="date" name="qualification_until"/><FieldMsg result=result field="qualification_until"/></div>
                    <div><label class=LABEL for="seal-system">{t(lang, "seal.system")}</label>
                        <select id="seal-system" class=INPUT name="system_id">
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move {
                                    systems.await.unwrap_or_default().into_iter().filter(|s| s.kind == "making").map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> }.into_any()).collect_view()
                                })}
                            </Suspense>
                        </select>
                        <FieldMsg result=result field="system_id"/>
                    </div>
                    <div><label class=LABEL for="unit-designation">{t(lang, "seal.designation")}</label><input class=INPUT id="unit-designation" type="file" name="file" accept=".pdf,.ofd,.png,.jpg"/><FieldMsg result=result field="designation"/></div>
                    <div><button type="submit" class=BUTTON disabled=move || register.pending().get()>{t(lang, "seal.register")}</button></div>
                </form>
            </section>
        }.into_any())}
    }.into_any()
}

#[component]
fn Seals() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let query = use_query_map();
    let change = Action::new(|(es, to, r): &(String, String, String)| {
        seal_change(es.clone(), to.clone(), r.clone())
    });
    let rows = Resource::new(
        move || (query.get(), change.version().get()),
        |(q, _)| {
            list_seals(
                q.get("q"),
                q.get("seal_type"),
                q.get("state"),
                q.get("unit"),
                q.get("after"),
                q.get("size"),
            )
        },
    );
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => toasts.success(t(lang, "common.saved")),
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let supervisor = me.can("ApplicationSupervise");
    let operator = me.can("ApplicationEdit") && me.roles.iter().any(|r| r == "party-operator");
    let pending: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let dialog = RwSignal::new(false);
    view! {
        {operator.then(|| view! { <FilingUpload/> }.into_any())}
        <Filters testid="search-seals">
            <input type="hidden" name="tab" value="seals"/>
            {(!initial("unit").is_empty()).then(|| view! { <input type="hidden" name="unit" value=initial("unit")/> }.into_any())}
            <TextFilter name="q" id="seal-q" label=t(lang, "common.search") placeholder=t(lang, "seal.search_hint")/>
            <SelectFilter name="seal_type" id="seal-type" label=t(lang, "seal.type") values=&SEAL_TYPES prefix="seal_type"/>
            <SelectFilter name="state" id="seal-state" label=t(lang, "field.status") values=&["active", "revoked", "lost"] prefix="seal_state"/>
        </Filters>
        <Listing resource=rows testid="seals-table" pager="after"
            rows={|p: crate::api::Page<crate::api::SealItem>| Rows::paged(p.items, p.next)}
            columns={
            let mut c = columns(lang, &["seal.es_id", "seal.name", "seal.type", "seal.owner", "seal.unit", "field.status"]);
            c.push(Column::new(""));
            c
        }
            row=move |s: crate::api::SealItem| {
                    let (es1, es2) = (s.es_id.clone(), s.es_id.clone());
                    let active = s.state == "active";
                    view! {
                        <tr class="border-t border-slate-100" data-seal=s.es_id.clone()>
                            <td class="px-4 py-2 font-mono text-xs">{s.es_id.clone()}</td>
                            <td class="px-4 py-2">{s.name.clone()}<div class="text-xs text-slate-500">{format!("{} · {}", t(lang, "seal.filed_at"), fmt_time(&s.filed_at))}</div></td>
                            <td class="px-4 py-2">{t(lang, &format!("seal_type.{}", s.seal_type))}</td>
                            <td class="px-4 py-2">{s.owner_name.clone()}<div class="font-mono text-xs text-slate-500">{s.owner_uscc.clone()}</div></td>
                            <td class="px-4 py-2">{s.unit_name.clone()}</td>
                            <td class="px-4 py-2"><StatusBadge code=format!("seal_state.{}", s.state)/>{s.state_reason.clone().map(|r| view! { <div class="text-xs text-slate-500">{r}</div> }.into_any())}</td>
                            <td class="px-4 py-2 whitespace-nowrap text-right">
                                {(supervisor && active).then(|| view! {
                                    <button class=format!("{BUTTON_LIGHT} text-rose-700") data-testid="revoke-seal" on:click=move |_| { pending.set(Some((es1.clone(), "revoked".into()))); dialog.set(true); }>{t(lang, "seal.revoke")}</button>
                                    <button class=format!("{BUTTON_LIGHT} ml-2") data-testid="lose-seal" on:click=move |_| { pending.set(Some((es2.clone(), "lost".into()))); dialog.set(true); }>{t(lang, "seal.lost")}</button>
                                }.into_any())}
                            </td>
                        </tr>
                    }.into_any()
                }/>
        <ConfirmReason open=dialog
            title=Signal::derive(move || {
                let lost = pending.get().is_some_and(|(_, to)| to == "lost");
                t(lang, if lost { "seal.lost" } else { "seal.revoke" }).to_string()
            })
            message=Signal::derive(move || {
                let lost = pending.get().is_some_and(|(_, to)| to == "lost");
                t(lang, if lost { "seal.lost_hint" } else { "seal.revoke_hint" }).to_string()
            })
            pending=change.pending() danger=true
            on_confirm=Callback::new(move |r: String| { dialog.set(false); if let Some((es, to)) = pending.get_untracked() { change.dispatch((es, to, r)); } })/>
    }.into_any()
}

#[component]
fn Refusals() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let rows = Resource::new(
        move || query.get(),
        |q| seal_refusals(q.get("after"), q.get("size")),
    );
    view! {
        <p class="mb-2 text-sm text-slate-500">{t(lang, "seal.refusals_hint")}</p>
        <Listing resource=rows testid="seal-refusals" pager="after"
            rows={|p: crate::api::Page<crate::api::SealRefusalItem>| Rows::paged(p.items, p.next)}
            columns=columns(lang, &["audit.at", "field.party_name", "seal.vendor_id", "seal.es_id", "dialog.reason"])
            row=move |r: crate::api::SealRefusalItem| view! {
                    <tr class="border-t border-slate-100 first:border-0">
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&r.at)}</td>
                        <td class="px-4 py-2">{r.party_name.clone()}</td>
                        <td class="px-4 py-2 font-mono">{r.vendor_id.clone()}</td>
                        <td class="px-4 py-2 font-mono text-xs">{r.es_id.clone()}</td>
                        <td class="px-4 py-2">{t(lang, &r.reason)}</td>
                    </tr>
                }/>
    }.into_any()
}

/// An operator uploads filings as the API's JSON; each seal's outcome.
#[component]
fn FilingUpload() -> AnyView {
    let lang = use_lang();
    let upload = Action::new_local(|fd: &web_sys::FormData| upload_seal_filings(fd.clone().into()));
    let result: Signal<Option<Result<Vec<FilingOutcome>, AppError>>> = upload.value().into();
    view! {
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="mb-1 font-semibold">{t(lang, "seal.upload_title")}</h2>
            <p class="mb-2 text-xs text-slate-500">{t(lang, "seal.upload_hint")}</p>
            <form class="flex flex-wrap items-end gap-3" data-testid="filing-upload" on:submit=move |ev| { if let Some(fd) = form_data(&ev) { upload.dispatch_local(fd); } }>
                <input class=INPUT type="file" name="file" accept=".json" required aria-label=t(lang, "seal.upload_title")/>
                <button type="submit" class=BUTTON disabled=move || upload.pending().get()>{t(lang, "seal.upload_run")}</button>
            </form>
            <FieldMsg result=result field="file"/>
            {move || result.get().map(|r| match r {
                Ok(list) => {
                    let filed = list.iter().filter(|x| x.outcome == "filed").count();
                    view! {
                        <div class="mt-3 text-sm" data-testid="filing-report">
                            <p>{format!("{} {} · {} {}", t(lang, "seal.filed_ok"), filed, t(lang, "seal.refused"), list.len() - filed)}</p>
                            <table class="mt-2 min-w-full text-xs">
                                <tbody>
                                    {list.into_iter().filter(|x| x.outcome != "filed").map(|x| view! {
                                        <tr class="border-t border-slate-100">
                                            <td class="py-1 pr-3 font-mono">{x.es_id.clone()}</td>
                                            <td class="py-1">{x.errors.iter().map(|(f, c)| crate::i18n::punct(lang, format!("{f}：{}", t(lang, c)))).collect::<Vec<_>>().join("；")}</td>
                                        </tr>
                                    }.into_any()).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
                Err(AppError::Validation(_)) => ().into_any(),
                Err(e) => view! { <div class="mt-2"><ErrorBox error=e/></div> }.into_any(),
            })}
        </section>
    }.into_any()
}
