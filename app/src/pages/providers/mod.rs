//! Third-party providers: the list, one provider's qualification and
//! services, one service's access flow (a progress line, what each step still
//! needs, documents, joint-debugging runs, releases with test reports) and
//! its emergency suspension and restoration; the supervisors' list of
//! current suspensions.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{
    advance_service, apply_party_restoration, apply_restoration, create_service, get_provider,
    get_service, list_providers, list_suspensions, record_debug_run, review_plan, review_provider,
    review_release, review_restoration, save_provider_profile, save_service,
    submit_provider_profile, submit_release, suspend, upload_provider_document, AppError,
    DocumentItem, InterfaceDto, ReleaseItem, ServiceDataDto, ServiceDetail, ServiceItem,
    SuspensionCase,
};
use crate::components::dialog::ConfirmReason;
use crate::components::form::{
    error_text, form_data, ErrorBox, FieldMsg, Loading, BUTTON, BUTTON_LIGHT, INPUT, LABEL,
};
use crate::components::list::{columns, Column, Density, Listing, Rows, Table};
use crate::components::toast::use_toasts;
use crate::components::{fmt_opt_time, fmt_time, StatusBadge};
use crate::i18n::{t, use_lang, Lang};
use crate::pages::layout::use_me;

pub const STEPS: [&str; 6] = [
    "relation",
    "method",
    "interfaces",
    "document",
    "debugging",
    "completed",
];
use gsp_protocol::codes::provider::CATEGORIES;
use gsp_protocol::codes::provider::FORMATS;
use gsp_protocol::codes::provider::LANGUAGES;
use gsp_protocol::codes::provider::RELEASE_KINDS;
use gsp_protocol::codes::suspension::SEVERITIES;
const DANGER: &str = "inline-flex items-center justify-center rounded-md bg-rose-600 px-4 py-2 text-sm font-medium text-white hover:bg-rose-700 disabled:opacity-50";
const TEXTAREA: &str = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-1 focus:ring-blue-600";

/// How long ago, in days and hours.
fn age(lang: Lang, since: &chrono::DateTime<chrono::Utc>) -> String {
    let d = chrono::Utc::now() - *since;
    let (days, hours) = (d.num_days(), d.num_hours() % 24);
    match lang {
        Lang::Zh if days > 0 => format!("{days} 天 {hours} 小时"),
        Lang::Zh => format!("{} 小时 {} 分", d.num_hours(), d.num_minutes() % 60),
        Lang::En if days > 0 => format!("{days} d {hours} h"),
        Lang::En => format!("{} h {} min", d.num_hours(), d.num_minutes() % 60),
    }
}

/// A programming language as developers write it (C#, not `csharp`).
fn language_name(code: &str) -> &str {
    match code {
        "java" => "Java",
        "csharp" => "C#",
        "python" => "Python",
        "go" => "Go",
        "javascript" => "JavaScript",
        "typescript" => "TypeScript",
        "php" => "PHP",
        "cpp" => "C++",
        "c" => "C",
        other => other,
    }
}

/// The access flow as a line of steps: done, current, still to come.
#[component]
pub fn ProgressLine(#[prop(into)] step: String, suspended: bool) -> AnyView {
    let lang = use_lang();
    let current = STEPS.iter().position(|s| *s == step).unwrap_or(0);
    view! {
        <ol class="flex flex-wrap items-center gap-1 text-xs" data-testid="progress" data-step=step.clone()>
            {STEPS.iter().enumerate().map(|(i, s)| {
                let class = if i < current || (i == current && *s == "completed") {
                    "rounded-full bg-emerald-100 px-2 py-0.5 text-emerald-800"
                } else if i == current {
                    "rounded-full bg-blue-700 px-2 py-0.5 font-medium text-white"
                } else {
                    "rounded-full bg-slate-100 px-2 py-0.5 text-slate-600"
                };
                view! {
                    <li class="flex items-center gap-1">
                        {(i > 0).then(|| view! { <span class="text-slate-300">"→"</span> }.into_any())}
                        <span class=class aria-current=(i == current).then_some("step")>{t(lang, &format!("step.{s}"))}</span>
                    </li>
                }.into_any()
            }).collect_view()}
            {suspended.then(|| view! { <li class="ml-2"><StatusBadge code="service_state.suspended"/></li> }.into_any())}
        </ol>
    }.into_any()
}

#[component]
pub fn ProvidersPage() -> AnyView {
    let lang = use_lang();
    let rows = Resource::new(|| (), |_| list_providers());
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "provider.title")}</h1>
        <p class="mb-4 text-sm text-slate-500">{t(lang, "provider.hint")}</p>
        <Listing resource=rows rows=Rows::all testid="providers-table"
            columns={
            let mut c = columns(lang, &["provider.name", "field.uscc", "provider.qualification"]);
            c.push(Column::new(t(lang, "provider.services")).right());
            c.push(Column::new(t(lang, "provider.suspended")).right());
            c
        }
            row=move |p: crate::api::ProviderItem| view! {
                    <tr class="border-t border-slate-100" data-provider=p.name.clone()>
                        <td class="px-4 py-2"><a class="text-blue-700 hover:underline" href=format!("/providers/{}", p.party_id)>{p.name.clone()}</a></td>
                        <td class="px-4 py-2 font-mono">{p.uscc.clone()}</td>
                        <td class="px-4 py-2"><StatusBadge code=format!("provider_state.{}", p.state)/></td>
                        <td class="px-4 py-2 text-right">{p.services}</td>
                        <td class={if p.suspended > 0 { "px-4 py-2 text-right font-semibold text-rose-700" } else { "px-4 py-2 text-right" }}>{p.suspended}</td>
                    </tr>
                }/>
    }.into_any()
}

#[component]
fn DocumentTable(
    docs: Vec<DocumentItem>,
    #[prop(optional)] on_review: Option<Callback<(String, bool)>>,
) -> AnyView {
    let lang = use_lang();
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    view! {
        <Table items=docs testid="documents" empty=t(lang, "doc.none") density=Density::Inner
            columns={
            let mut c = columns(lang, &["doc.kind", "doc.title", "doc.version", "doc.valid_until", "field.status", "doc.uploaded"]);
            c.push(Column::new(""));
            c
        }
            row=move |d: DocumentItem| {
                    let expired = d.valid_until.as_ref().is_some_and(|v| *v < today);
                    let (id1, id2) = (d.id.clone(), d.id.clone());
                    let pending = d.status == "pending";
                    view! {
                        <tr class="border-t border-slate-100" data-doc=d.kind.clone()>
                            <td class="py-1 pr-3">{t(lang, &format!("doc_kind.{}", d.kind))}</td>
                            <td class="py-1 pr-3"><a class="text-blue-700 hover:underline" href=format!("/files/provider/document/{}", d.id)>{d.title.clone()}</a></td>
                            <td class="py-1 pr-3">{format!("v{}", d.version)}</td>
                            <td class={if expired { "py-1 pr-3 font-medium text-rose-700" } else { "py-1 pr-3" }}>
                                {d.valid_until.clone().unwrap_or_else(|| "—".into())}
                                {expired.then(|| view! { <span class="ml-1 text-xs">{t(lang, "doc.expired")}</span> }.into_any())}
                            </td>
                            <td class="py-1 pr-3"><StatusBadge code=format!("doc_status.{}", d.status)/>{d.comment.clone().filter(|c| !c.is_empty()).map(|c| view! { <div class="text-xs text-slate-500">{c}</div> }.into_any())}</td>
                            <td class="py-1 pr-3 text-xs text-slate-500">{format!("{} · {}", d.uploaded_by, fmt_time(&d.uploaded_at))}</td>
                            <td class="py-1 text-right whitespace-nowrap">
                                {(pending && on_review.is_some()).then(|| {
                                    let cb = on_review.expect("checked");
                                    view! {
                                        <button class=BUTTON_LIGHT data-testid="approve-plan" on:click=move |_| cb.run((id1.clone(), true))>{t(lang, "common.approve")}</button>
                                        <button class=format!("{BUTTON_LIGHT} ml-2") on:click=move |_| cb.run((id2.clone(), false))>{t(lang, "common.return")}</button>
                                    }
                                })}
                            </td>
                        </tr>
                    }.into_any()
                }/>
    }.into_any()
}

/// Upload of a document: qualification (`service` None) or a service's.
#[component]
fn DocumentUpload(
    party_id: String,
    #[prop(optional)] service_id: Option<String>,
    kinds: Vec<&'static str>,
    on_done: Callback<()>,
) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let upload =
        Action::new_local(|fd: &web_sys::FormData| upload_provider_document(fd.clone().into()));
    let result: Signal<Option<Result<(), AppError>>> = upload.value().into();
    Effect::new(move |_| {
        if let Some(Ok(())) = upload.value().get() {
            toasts.success(t(lang, "doc.uploaded_ok"));
            on_done.run(());
        }
    });
    let qualification = service_id.is_none();
    view! {
        <form class="mt-3 grid gap-3 md:grid-cols-5 items-end" data-testid="document-form"
            on:submit=move |ev| { if let Some(fd) = form_data(&ev) { upload.dispatch_local(fd); } }>
            <input type="hidden" name="party_id" value=party_id/>
            <input type="hidden" name="service_id" value=service_id.unwrap_or_default()/>
            <div>
                <label class=LABEL for="doc-kind">{t(lang, "doc.kind")}</label>
                <select id="doc-kind" class=INPUT name="kind">
                    {kinds.into_iter().map(|k| view! { <option value=k>{t(lang, &format!("doc_kind.{k}"))}</option> }.into_any()).collect_view()}
                </select>
            </div>
            <div>
                <label class=LABEL for="doc-title">{t(lang, "doc.title")}</label>
                <input id="doc-title" class=INPUT name="title" required/>
                <FieldMsg result=result field="title"/>
            </div>
            {qualification.then(|| view! {
                <div>
                    <label class=LABEL for="doc-valid-until">{t(lang, "doc.valid_until")}</label>
                    <input id="doc-valid-until" class=INPUT type="date" name="valid_until" required/>
                    <FieldMsg result=result field="valid_until"/>
                </div>
            }.into_any())}
            <div>
                <label class=LABEL for="doc-file">{t(lang, "doc.file")}</label>
                <input class=INPUT id="doc-file" type="file" name="file" required accept=".pdf,.ofd,.png,.jpg,.jpeg"/>
                <FieldMsg result=result field="file"/>
            </div>
            <div>
                <button type="submit" class=BUTTON disabled=move || upload.pending().get()>{t(lang, "doc.upload")}</button>
            </div>
        </form>
        {move || match upload.value().get() {
            Some(Err(e)) if !matches!(e, AppError::Validation(_)) => Some(view! { <div class="mt-2"><ErrorBox error=e/></div> }.into_any()),
            _ => None,
        }}
    }.into_any()
}

#[component]
pub fn ProviderPage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let rev = RwSignal::new(0u32);
    let detail = Resource::new(move || (id(), rev.get()), |(id, _)| get_provider(id));
    let can_edit = me.can("ProviderEdit");
    let can_review = me.can("ApplicationReview");
    let refresh = Callback::new(move |_: ()| rev.update(|n| *n += 1));
    let save = Action::new(|(p, c): &(String, String)| save_provider_profile(p.clone(), c.clone()));
    let submit = Action::new(|p: &String| submit_provider_profile(p.clone()));
    let review = Action::new(|(p, ok, r): &(String, bool, String)| {
        review_provider(p.clone(), *ok, r.clone())
    });
    let create = Action::new(|(p, n, c): &(String, String, String)| {
        create_service(p.clone(), n.clone(), c.clone())
    });
    let save_result: Signal<Option<Result<(), AppError>>> = save.value().into();
    let submit_result: Signal<Option<Result<(), AppError>>> = submit.value().into();
    let create_result: Signal<Option<Result<String, AppError>>> = create.value().into();
    Effect::new(move |_| {
        for (v, key) in [
            (save.value().get(), "provider.saved"),
            (submit.value().get(), "provider.submitted"),
            (review.value().get(), "provider.reviewed"),
        ] {
            match v {
                Some(Ok(())) => {
                    toasts.success(t(lang, key));
                    rev.update(|n| *n += 1);
                }
                Some(Err(e)) if !matches!(e, AppError::Validation(_)) => {
                    toasts.error(error_text(lang, &e))
                }
                _ => {}
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(sid)) = create.value().get() {
            let nav = leptos_router::hooks::use_navigate();
            nav(&format!("/services/{sid}"), Default::default());
        }
    });
    let refusing = RwSignal::new(false);
    let capability = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let new_category = RwSignal::new("logistics".to_string());
    view! {
        <a href="/providers" class="text-sm text-blue-700 hover:underline">{format!("← {}", t(lang, "provider.title"))}</a>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let p = d.provider.clone();
                        let pid = p.party_id.clone();
                        let editable = can_edit && matches!(p.state.as_str(), "none" | "draft" | "refused");
                        capability.set(p.capability.clone().unwrap_or_default());
                        let (pid1, pid2, pid3, pid4, pid5, pid6) = (pid.clone(), pid.clone(), pid.clone(), pid.clone(), pid.clone(), pid.clone());
                        view! {
                            <div class="mt-2 mb-4 flex flex-wrap items-center gap-3">
                                <h1 class="text-xl font-semibold" data-testid="page-title">{p.name.clone()}</h1>
                                <StatusBadge code=format!("provider_state.{}", p.state)/>
                                <span class="font-mono text-sm text-slate-500">{p.uscc.clone()}</span>
                            </div>
                            <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
                                <h2 class="mb-2 font-semibold">{t(lang, "provider.qualification")}</h2>
                                {p.comment.clone().filter(|c| !c.is_empty()).map(|c| view! {
                                    <p class="mb-2 rounded bg-slate-50 p-2 text-sm">{crate::i18n::punct(lang, format!("{}：{c}（{}）", t(lang, "impl.comment"), p.reviewed_by.clone().unwrap_or_default()))}</p>
                                }.into_any())}
                                <label class=LABEL for="capability">{t(lang, "provider.capability")}</label>
                                <textarea id="capability" class=TEXTAREA rows="3" disabled=!editable
                                    prop:value=move || capability.get() on:input=move |ev| capability.set(event_target_value(&ev))></textarea>
                                <FieldMsg result=save_result field="capability"/>
                                <div class="mt-3 flex flex-wrap gap-2">
                                    {editable.then(|| view! {
                                        <button class=BUTTON_LIGHT on:click=move |_| { save.dispatch((pid1.clone(), capability.get_untracked())); }>{t(lang, "common.save")}</button>
                                        <button class=BUTTON data-testid="submit-qualification" on:click=move |_| { submit.dispatch(pid2.clone()); }>{t(lang, "provider.submit")}</button>
                                    }.into_any())}
                                    {(can_review && p.state == "submitted").then(|| view! {
                                        <button class=BUTTON data-testid="approve-provider" on:click=move |_| { review.dispatch((pid3.clone(), true, String::new())); }>{t(lang, "common.approve")}</button>
                                        <button class=BUTTON_LIGHT on:click=move |_| refusing.set(true)>{t(lang, "provider.refuse")}</button>
                                    }.into_any())}
                                </div>
                                <FieldMsg result=submit_result field="business-licence"/>
                                <h3 class="mt-4 mb-1 text-sm font-semibold">{t(lang, "provider.documents")}</h3>
                                <DocumentTable docs=d.documents.clone()/>
                                {can_edit.then(|| view! { <DocumentUpload party_id=pid4.clone() kinds=vec!["business-licence", "industry-qualification"] on_done=refresh/> }.into_any())}
                            </section>
                            <section class="rounded-lg border border-slate-200 bg-white p-4">
                                <h2 class="mb-2 font-semibold">{t(lang, "provider.services")}</h2>
                                <ul class="divide-y divide-slate-100" data-testid="services">
                                    {d.services.is_empty().then(|| view! { <li class="py-2 text-sm text-slate-500">{t(lang, "service.none")}</li> }.into_any())}
                                    {d.services.into_iter().map(|s: ServiceItem| view! {
                                        <li class="py-3" data-service=s.name.clone()>
                                            <div class="mb-1 flex flex-wrap items-center gap-2">
                                                <a class="font-medium text-blue-700 hover:underline" href=format!("/services/{}", s.id)>{s.name.clone()}</a>
                                                <span class="text-xs text-slate-500">{t(lang, &format!("category.{}", s.category))}</span>
                                            </div>
                                            <ProgressLine step=s.step.clone() suspended=s.suspended/>
                                        </li>
                                    }.into_any()).collect_view()}
                                </ul>
                                {(can_edit || can_review).then(|| view! {
                                    <div class="mt-3 flex flex-wrap items-end gap-3 border-t border-slate-100 pt-3">
                                        <div>
                                            <label class=LABEL for="new-service">{t(lang, "service.name")}</label>
                                            <input id="new-service" class=INPUT prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                                            <FieldMsg result=create_result field="name"/>
                                        </div>
                                        <div>
                                            <label class=LABEL for="new-category">{t(lang, "service.category")}</label>
                                            <select id="new-category" class=INPUT prop:value=move || new_category.get() on:change=move |ev| new_category.set(event_target_value(&ev))>
                                                {CATEGORIES.iter().map(|c| view! { <option value=*c>{t(lang, &format!("category.{c}"))}</option> }.into_any()).collect_view()}
                                            </select>
                                        </div>
                                        <button class=BUTTON data-testid="create-service" on:click=move |_| { create.dispatch((pid5.clone(), new_name.get_untracked(), new_category.get_untracked())); }>{t(lang, "service.create")}</button>
                                    </div>
                                }.into_any())}
                            </section>
                            <ConfirmReason open=refusing
                                id="refuse-provider"
                                title=Signal::derive(move || t(lang, "provider.refuse").to_string())
                                message=Signal::derive(move || t(lang, "provider.refuse_hint").to_string())
                                pending=review.pending() danger=true
                                on_confirm=Callback::new(move |r: String| { refusing.set(false); review.dispatch((pid6.clone(), false, r)); })/>
                        }.into_any()
                    }
                    Err(e) => view! { <div class="mt-4"><ErrorBox error=e/></div> }.into_any(),
                }
            })}
        </Suspense>
    }.into_any()
}

/// One interface row being edited (each field its own signal: typing does
/// not re-render the list).
#[derive(Clone, Copy)]
struct Row {
    key: u64,
    name: RwSignal<String>,
    direction: RwSignal<String>,
    purpose: RwSignal<String>,
    request: RwSignal<String>,
    answer: RwSignal<String>,
}

impl Row {
    fn new(key: u64, i: &InterfaceDto) -> Row {
        Row {
            key,
            name: RwSignal::new(i.name.clone()),
            direction: RwSignal::new(if i.direction.is_empty() {
                "offered".into()
            } else {
                i.direction.clone()
            }),
            purpose: RwSignal::new(i.purpose.clone()),
            request: RwSignal::new(i.request.clone()),
            answer: RwSignal::new(i.answer.clone()),
        }
    }
    fn get(&self) -> InterfaceDto {
        InterfaceDto {
            name: self.name.get_untracked(),
            direction: self.direction.get_untracked(),
            purpose: self.purpose.get_untracked(),
            request: self.request.get_untracked(),
            answer: self.answer.get_untracked(),
        }
    }
}

/// The provider's part of the record: relation, method, interfaces,
/// responsible person.
#[component]
fn ServiceEditor(
    id: String,
    data: ServiceDataDto,
    editable: bool,
    on_saved: Callback<()>,
) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let relation = RwSignal::new(data.relation.clone());
    let method = RwSignal::new(data.access_method.clone());
    let formats = RwSignal::new(data.formats.clone());
    let languages = RwSignal::new(data.sdk_languages.clone());
    let rname = RwSignal::new(data.responsible_name.clone());
    let rphone = RwSignal::new(data.responsible_phone.clone());
    let remail = RwSignal::new(data.responsible_email.clone());
    let next_key = StoredValue::new(data.interfaces.len() as u64);
    let rows = RwSignal::new(
        data.interfaces
            .iter()
            .enumerate()
            .map(|(k, i)| Row::new(k as u64, i))
            .collect::<Vec<_>>(),
    );
    let save = Action::new(|(id, json): &(String, String)| save_service(id.clone(), json.clone()));
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            toasts.success(t(lang, "service.saved"));
            on_saved.run(());
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let toggle = move |list: RwSignal<Vec<String>>, v: &'static str, on: bool| {
        list.update(|l| {
            l.retain(|x| x != v);
            if on {
                l.push(v.to_string());
            }
        });
    };
    let base = data.clone();
    let collect = move || {
        let d = ServiceDataDto {
            relation: relation.get_untracked(),
            access_method: method.get_untracked(),
            formats: formats.get_untracked(),
            sdk_languages: languages.get_untracked(),
            interfaces: rows.get_untracked().iter().map(Row::get).collect(),
            responsible_name: rname.get_untracked(),
            responsible_phone: rphone.get_untracked(),
            responsible_email: remail.get_untracked(),
            ..base.clone()
        };
        serde_json::to_string(&d).unwrap_or_default()
    };
    let text = move |label: &'static str, sig: RwSignal<String>, testid: &'static str| {
        view! {
            <div>
                <label class=LABEL for=testid>{t(lang, label)}</label>
                <input class=INPUT id=testid disabled=!editable data-testid=testid prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="service-editor">
            <h2 class="mb-3 font-semibold">{t(lang, "service.record")}</h2>
            <label class=LABEL for="service-relation">{t(lang, "service.relation")}</label>
            <textarea id="service-relation" class=TEXTAREA rows="2" disabled=!editable data-testid="relation" prop:value=move || relation.get() on:input=move |ev| relation.set(event_target_value(&ev))></textarea>
            <div class="mt-3 grid gap-3 md:grid-cols-3">
                <div>
                    <span class=LABEL>{t(lang, "service.access_method")}</span>
                    {["protocol", "sdk"].into_iter().map(|m| view! {
                        <label class="mr-4 inline-flex items-center gap-1 text-sm">
                            <input type="radio" name="access_method" value=m disabled=!editable prop:checked=move || method.get() == m on:change=move |_| method.set(m.to_string())/>
                            {t(lang, &format!("method.{m}"))}
                        </label>
                    }.into_any()).collect_view()}
                </div>
                <div>
                    <span class=LABEL>{t(lang, "service.formats")}</span>
                    {FORMATS.iter().map(|f| { let f = *f; view! {
                        <label class="mr-4 inline-flex items-center gap-1 text-sm">
                            <input type="checkbox" disabled=move || !editable || method.get() != "protocol" prop:checked=move || formats.get().iter().any(|x| x == f) on:change=move |ev| toggle(formats, f, event_target_checked(&ev))/>
                            {f.to_uppercase()}
                        </label>
                    }.into_any()}).collect_view()}
                </div>
                <div>
                    <span class=LABEL>{t(lang, "service.sdk_languages")}</span>
                    {LANGUAGES.iter().map(|l| { let l = *l; view! {
                        <label class="mr-3 inline-flex items-center gap-1 text-sm">
                            <input type="checkbox" disabled=move || !editable || method.get() != "sdk" prop:checked=move || languages.get().iter().any(|x| x == l) on:change=move |ev| toggle(languages, l, event_target_checked(&ev))/>
                            {language_name(l)}
                        </label>
                    }.into_any()}).collect_view()}
                </div>
            </div>
            <h3 class="mt-4 mb-1 text-sm font-semibold">{t(lang, "service.interfaces")}</h3>
            <table class="min-w-full text-sm" data-testid="interfaces">
                <thead class="text-slate-500">
                    <tr>
                        <th class="py-1 pr-2 text-left font-medium">{t(lang, "iface.name")}</th>
                        <th class="py-1 pr-2 text-left font-medium">{t(lang, "iface.direction")}</th>
                        <th class="py-1 pr-2 text-left font-medium">{t(lang, "iface.purpose")}</th>
                        <th class="py-1 pr-2 text-left font-medium">{t(lang, "iface.request")}</th>
                        <th class="py-1 pr-2 text-left font-medium">{t(lang, "iface.answer")}</th>
                        <th><span class="sr-only">{t(lang, "common.actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.key let:r>
                        <tr class="border-t border-slate-100">
                            <td class="py-1 pr-2"><input class=INPUT aria-label=t(lang, "iface.name") disabled=!editable data-testid="iface-name" prop:value=move || r.name.get() on:input=move |ev| r.name.set(event_target_value(&ev))/></td>
                            <td class="py-1 pr-2">
                                <select class=INPUT aria-label=t(lang, "iface.direction") disabled=!editable prop:value=move || r.direction.get() on:change=move |ev| r.direction.set(event_target_value(&ev))>
                                    <option value="offered">{t(lang, "iface.offered")}</option>
                                    <option value="needed">{t(lang, "iface.needed")}</option>
                                </select>
                            </td>
                            {[(r.purpose, "iface.purpose"), (r.request, "iface.request"), (r.answer, "iface.answer")].into_iter().map(|(s, label)| view! { <td class="py-1 pr-2"><input class=INPUT aria-label=t(lang, label) disabled=!editable prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev))/></td> }.into_any()).collect_view()}
                            <td class="py-1 text-right">
                                {editable.then(|| view! { <button type="button" class=BUTTON_LIGHT on:click=move |_| rows.update(|v| v.retain(|x| x.key != r.key))>{t(lang, "common.remove")}</button> }.into_any())}
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            {editable.then(|| view! {
                <button type="button" class=format!("{BUTTON_LIGHT} mt-2") data-testid="add-interface"
                    on:click=move |_| { let k = next_key.get_value(); next_key.set_value(k + 1); rows.update(|v| v.push(Row::new(k, &InterfaceDto::default()))); }>
                    {t(lang, "service.add_interface")}
                </button>
            }.into_any())}
            <h3 class="mt-4 mb-1 text-sm font-semibold">{t(lang, "service.responsible")}</h3>
            <div class="grid gap-3 md:grid-cols-3">
                {text("field.contact_name", rname, "responsible-name")}
                {text("field.contact_phone", rphone, "responsible-phone")}
                {text("field.contact_email", remail, "responsible-email")}
            </div>
            <FieldMsg result=result field="responsible_email"/>
            {editable.then(|| view! {
                <button class=format!("{BUTTON} mt-4") data-testid="save-service" disabled=move || save.pending().get()
                    on:click=move |_| { save.dispatch((id.clone(), collect())); }>{t(lang, "common.save")}</button>
            }.into_any())}
        </section>
    }.into_any()
}

/// The platform's operations and security strategies (R-6.9.4.1.b).
#[component]
fn Strategies(id: String, data: ServiceDataDto, editable: bool, on_saved: Callback<()>) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let ops = RwSignal::new(data.ops_strategy.clone());
    let sec = RwSignal::new(data.security_strategy.clone());
    let save = Action::new(|(id, json): &(String, String)| save_service(id.clone(), json.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            toasts.success(t(lang, "service.saved"));
            on_saved.run(());
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    view! {
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="mb-2 font-semibold">{t(lang, "service.strategies")}</h2>
            <div class="grid gap-3 md:grid-cols-2">
                <div>
                    <label class=LABEL for="service-ops-strategy">{t(lang, "service.ops_strategy")}</label>
                    <textarea id="service-ops-strategy" class=TEXTAREA rows="2" disabled=!editable prop:value=move || ops.get() on:input=move |ev| ops.set(event_target_value(&ev))></textarea>
                </div>
                <div>
                    <label class=LABEL for="service-security-strategy">{t(lang, "service.security_strategy")}</label>
                    <textarea id="service-security-strategy" class=TEXTAREA rows="2" disabled=!editable prop:value=move || sec.get() on:input=move |ev| sec.set(event_target_value(&ev))></textarea>
                </div>
            </div>
            {editable.then(|| view! {
                <button class=format!("{BUTTON_LIGHT} mt-3") disabled=move || save.pending().get() on:click=move |_| {
                    let d = ServiceDataDto { ops_strategy: ops.get_untracked(), security_strategy: sec.get_untracked(), ..Default::default() };
                    save.dispatch((id.clone(), serde_json::to_string(&d).unwrap_or_default()));
                }>{t(lang, "common.save")}</button>
            }.into_any())}
        </section>
    }.into_any()
}

#[component]
fn Releases(
    service_id: String,
    releases: Vec<ReleaseItem>,
    can_submit: bool,
    can_review: bool,
    on_done: Callback<()>,
) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let submit = Action::new_local(|fd: &web_sys::FormData| submit_release(fd.clone().into()));
    let result: Signal<Option<Result<String, AppError>>> = submit.value().into();
    let review = Action::new(|(id, ok, r): &(String, bool, String)| {
        review_release(id.clone(), *ok, r.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            toasts.success(t(lang, "release.submitted"));
            on_done.run(());
        }
    });
    Effect::new(move |_| match review.value().get() {
        Some(Ok(())) => {
            toasts.success(t(lang, "release.reviewed"));
            on_done.run(());
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let returning: RwSignal<Option<String>> = RwSignal::new(None);
    let dialog = RwSignal::new(false);
    view! {
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="mb-2 font-semibold">{t(lang, "release.title")}</h2>
            <Table items=releases testid="releases" empty=t(lang, "release.none") density=Density::Inner
                columns={
                let mut c = columns(lang, &["release.version", "release.kind", "release.tested_on", "release.scope", "release.results", "field.status"]);
                c.push(Column::new(""));
                c
            }
                row=move |r: ReleaseItem| {
                    let (id1, id2) = (r.id.clone(), r.id.clone());
                    let waiting = r.status == "submitted";
                    view! {
                        <tr class="border-t border-slate-100 align-top" data-release=r.version.clone()>
                            <td class="py-1 pr-3 font-mono">{r.version.clone()}{r.live.then(|| view! { <span class="ml-1 rounded bg-emerald-100 px-1 text-xs text-emerald-800">{t(lang, "release.live")}</span> }.into_any())}</td>
                            <td class="py-1 pr-3">{t(lang, &format!("release_kind.{}", r.kind))}</td>
                            <td class="py-1 pr-3">{r.tested_on.clone()}</td>
                            <td class="py-1 pr-3">{r.scope.clone()}</td>
                            <td class="py-1 pr-3">{r.results.clone()}<div><a class="text-xs text-blue-700 hover:underline" href=format!("/files/provider/release/{}", r.id)>{r.file_name.clone()}</a></div></td>
                            <td class="py-1 pr-3"><StatusBadge code=format!("release_status.{}", r.status)/>{r.comment.clone().filter(|c| !c.is_empty()).map(|c| view! { <div class="text-xs text-slate-500">{c}</div> }.into_any())}</td>
                            <td class="py-1 text-right whitespace-nowrap">
                                {(can_review && waiting).then(|| view! {
                                    <button class=BUTTON_LIGHT data-testid="accept-release" on:click=move |_| { review.dispatch((id1.clone(), true, String::new())); }>{t(lang, "release.accept")}</button>
                                    <button class=format!("{BUTTON_LIGHT} ml-2") on:click=move |_| { returning.set(Some(id2.clone())); dialog.set(true); }>{t(lang, "common.return")}</button>
                                }.into_any())}
                            </td>
                        </tr>
                    }.into_any()
                }/>
            {can_submit.then(|| view! {
                <form class="mt-3 grid items-end gap-3 md:grid-cols-3" data-testid="release-form"
                    on:submit=move |ev| { if let Some(fd) = form_data(&ev) { submit.dispatch_local(fd); } }>
                    <input type="hidden" name="service_id" value=service_id.clone()/>
                    <div><label class=LABEL for="release-version">{t(lang, "release.version")}</label><input id="release-version" class=INPUT name="version" placeholder="1.0.1" data-testid="release-version"/><FieldMsg result=result field="version"/></div>
                    <div><label class=LABEL for="release-kind">{t(lang, "release.kind")}</label>
                        <select id="release-kind" class=INPUT name="kind" data-testid="release-kind">
                            {RELEASE_KINDS.iter().map(|k| view! { <option value=*k>{t(lang, &format!("release_kind.{k}"))}</option> }.into_any()).collect_view()}
                        </select>
                    </div>
                    <div><label class=LABEL for="release-tested-on">{t(lang, "release.tested_on")}</label><input id="release-tested-on" class=INPUT type="date" name="tested_on" data-testid="release-date"/><FieldMsg result=result field="tested_on"/></div>
                    <div><label class=LABEL for="release-scope">{t(lang, "release.scope")}</label><input id="release-scope" class=INPUT name="scope" data-testid="release-scope"/><FieldMsg result=result field="scope"/></div>
                    <div><label class=LABEL for="release-results">{t(lang, "release.results")}</label><input id="release-results" class=INPUT name="results" data-testid="release-results"/><FieldMsg result=result field="results"/></div>
                    <div><label class=LABEL for="release-file">{t(lang, "release.report")}</label><input class=INPUT id="release-file" type="file" name="file" accept=".pdf,.ofd" data-testid="release-file"/><FieldMsg result=result field="file"/></div>
                    <div><button type="submit" class=BUTTON data-testid="submit-release" disabled=move || submit.pending().get()>{t(lang, "release.submit")}</button></div>
                </form>
            }.into_any())}
            <ConfirmReason open=dialog
                id="return-release"
                title=Signal::derive(move || t(lang, "release.return").to_string())
                message=Signal::derive(move || t(lang, "release.return_hint").to_string())
                pending=review.pending()
                on_confirm=Callback::new(move |r: String| { dialog.set(false); if let Some(id) = returning.get_untracked() { review.dispatch((id, false, r)); } })/>
        </section>
    }.into_any()
}

/// Suspension and restoration of a service or a whole party: the
/// supervisor's button, the history with each restoration application, the
/// owner's application form, the supervisor's review.
#[component]
pub fn SuspensionPanel(
    /// `service` or `party`
    target: &'static str,
    id: String,
    /// may be suspended now (a live service, a connected party)
    suspendable: bool,
    cases: Vec<SuspensionCase>,
    /// releases waiting for review (a service's restoration needs one)
    #[prop(optional)]
    releases: Vec<ReleaseItem>,
    on_done: Callback<()>,
) -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let supervisor = me.can("ApplicationSupervise");
    let owner = if target == "service" {
        me.can("ProviderEdit")
    } else {
        me.can("ApplicationEdit")
    };
    let severity = RwSignal::new("critical".to_string());
    let reason = RwSignal::new(String::new());
    let alarm = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let do_suspend = Action::new(move |(id, s, r, a): &(String, String, String, String)| {
        suspend(target.into(), id.clone(), s.clone(), r.clone(), a.clone())
    });
    let suspend_result: Signal<Option<Result<(), AppError>>> = do_suspend.value().into();
    let failure = RwSignal::new(String::new());
    let fix = RwSignal::new(String::new());
    let release = RwSignal::new(String::new());
    let apply = Action::new(move |(sid, f, x, r): &(String, String, String, String)| {
        let (sid, f, x, r) = (sid.clone(), f.clone(), x.clone(), r.clone());
        async move {
            if target == "service" {
                apply_restoration(sid, f, x, r).await
            } else {
                apply_party_restoration(sid, f, x).await
            }
        }
    });
    let apply_result: Signal<Option<Result<(), AppError>>> = apply.value().into();
    let review = Action::new(|(id, ok, r): &(String, bool, String)| {
        review_restoration(id.clone(), *ok, r.clone())
    });
    let comment = RwSignal::new(String::new());
    let returning: RwSignal<Option<String>> = RwSignal::new(None);
    let dialog = RwSignal::new(false);
    // restoring puts the service back in front of the public: it asks first
    let restoring: RwSignal<Option<String>> = RwSignal::new(None);
    let restore_open = RwSignal::new(false);
    Effect::new(move |_| {
        for (v, key) in [
            (do_suspend.value().get(), "suspension.done"),
            (apply.value().get(), "restoration.filed"),
            (review.value().get(), "restoration.reviewed"),
        ] {
            match v {
                Some(Ok(())) => {
                    toasts.success(t(lang, key));
                    open.set(false);
                    on_done.run(());
                }
                Some(Err(e)) if !matches!(e, AppError::Validation(_)) => {
                    toasts.error(error_text(lang, &e))
                }
                _ => {}
            }
        }
    });
    let active = cases
        .iter()
        .find(|c| c.suspension.state == "active")
        .cloned();
    let id2 = id.clone();
    view! {
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="suspension-panel">
            <div class="mb-2 flex flex-wrap items-center gap-3">
                <h2 class="font-semibold">{t(lang, "suspension.title")}</h2>
                {(supervisor && suspendable && active.is_none()).then(|| view! {
                    <button class=DANGER data-testid="suspend" on:click=move |_| open.set(true)>{t(lang, "suspension.suspend")}</button>
                }.into_any())}
            </div>
            <Show when=move || open.get()>
                <div class="mb-3 rounded-md border border-rose-200 bg-rose-50 p-3" data-testid="suspend-form">
                    <p class="mb-2 text-sm text-rose-900">{t(lang, "suspension.hint")}</p>
                    <div class="grid gap-3 md:grid-cols-3">
                        <div>
                            <label class=LABEL for="severity">{t(lang, "suspension.severity")}</label>
                            <select id="severity" class=INPUT prop:value=move || severity.get() on:change=move |ev| severity.set(event_target_value(&ev))>
                                {SEVERITIES.iter().map(|s| view! { <option value=*s>{t(lang, &format!("severity.{s}"))}</option> }.into_any()).collect_view()}
                            </select>
                        </div>
                        <div class="md:col-span-2">
                            <label class=LABEL for="suspend-reason">{t(lang, "suspension.reason")}<span class="text-rose-600">" *"</span></label>
                            <textarea id="suspend-reason" class=TEXTAREA rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            <FieldMsg result=suspend_result field="reason"/>
                        </div>
                        <div>
                            <label class=LABEL for="alarm-ref">{t(lang, "suspension.alarm_ref")}</label>
                            <input id="alarm-ref" class=INPUT placeholder="ALM-…" prop:value=move || alarm.get() on:input=move |ev| alarm.set(event_target_value(&ev))/>
                        </div>
                    </div>
                    <div class="mt-3 flex gap-2">
                        <button class=DANGER data-testid="confirm-suspend" disabled=move || do_suspend.pending().get()
                            on:click={let id = id2.clone(); move |_| { do_suspend.dispatch((id.clone(), severity.get_untracked(), reason.get_untracked(), alarm.get_untracked())); }}>
                            {t(lang, "suspension.confirm")}
                        </button>
                        <button class=BUTTON_LIGHT on:click=move |_| open.set(false)>{t(lang, "common.cancel")}</button>
                    </div>
                </div>
            </Show>
            {cases.is_empty().then(|| view! { <p class="text-sm text-slate-500">{t(lang, "suspension.none")}</p> }.into_any())}
            <ol class="space-y-3" data-testid="suspension-history">
                {cases.into_iter().map(|c| {
                    let s = c.suspension.clone();
                    let sid = s.id.clone();
                    let is_active = s.state == "active";
                    let waiting = c.restorations.first().is_some_and(|r| r.state == "submitted");
                    view! {
                        <li class={if is_active { "rounded-md border border-rose-200 p-3" } else { "rounded-md border border-slate-200 p-3" }} data-suspension=s.state.clone()>
                            <div class="flex flex-wrap items-center gap-2 text-sm">
                                <StatusBadge code=format!("suspension_state.{}", s.state)/>
                                <span class="font-medium">{t(lang, &format!("severity.{}", s.severity))}</span>
                                <span>{s.reason.clone()}</span>
                                {s.alarm_ref.clone().map(|a| view! { <span class="font-mono text-xs text-slate-500">{a}</span> }.into_any())}
                            </div>
                            <div class="mt-1 text-xs text-slate-500">
                                {format!("{} · {}", s.suspended_by, fmt_time(&s.suspended_at))}
                                {is_active.then(|| format!(" · {} {}", t(lang, "suspension.age"), age(lang, &s.suspended_at)))}
                                {s.restored_at.map(|r| format!(" · {} {} {}", t(lang, "suspension.restored_at"), s.restored_by.clone().unwrap_or_default(), fmt_time(&r)))}
                            </div>
                            <ul class="mt-2 space-y-2">
                                {c.restorations.into_iter().map(|r| {
                                    let (rid1, rid2) = (r.id.clone(), r.id.clone());
                                    let submitted = r.state == "submitted";
                                    view! {
                                        <li class="rounded bg-slate-50 p-2 text-sm" data-restoration=r.state.clone()>
                                            <div class="flex flex-wrap items-center gap-2">
                                                <span class="font-medium">{t(lang, "restoration.title")}</span>
                                                <StatusBadge code=format!("restoration_state.{}", r.state)/>
                                                <span class="text-xs text-slate-500">{format!("{} · {}", r.filed_by, fmt_time(&r.filed_at))}</span>
                                            </div>
                                            <div class="mt-1"><span class="text-slate-500">{t(lang, "restoration.failure")}{crate::i18n::colon(lang)}</span>{r.failure.clone()}</div>
                                            <div><span class="text-slate-500">{t(lang, "restoration.fix")}{crate::i18n::colon(lang)}</span>{r.fix.clone()}</div>
                                            {r.release_version.clone().map(|v| view! { <div><span class="text-slate-500">{t(lang, "restoration.report")}{crate::i18n::colon(lang)}</span>{v}</div> }.into_any())}
                                            {r.comment.clone().filter(|c| !c.is_empty()).map(|c| view! { <div class="text-slate-600">{crate::i18n::punct(lang, format!("{}：{c}（{}）", t(lang, "impl.comment"), r.reviewed_by.clone().unwrap_or_default()))}</div> }.into_any())}
                                            {(supervisor && submitted).then(|| view! {
                                                <div class="mt-2 flex flex-wrap items-end gap-2">
                                                    <input class=INPUT aria-label=t(lang, "restoration.comment") placeholder=t(lang, "restoration.comment") prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))/>
                                                    <button class=BUTTON data-testid="restore" disabled=move || review.pending().get()
                                                        on:click=move |_| { restoring.set(Some(rid1.clone())); restore_open.set(true); }>{t(lang, "restoration.restore")}</button>
                                                    <button class=BUTTON_LIGHT on:click=move |_| { returning.set(Some(rid2.clone())); dialog.set(true); }>{t(lang, "common.return")}</button>
                                                </div>
                                            }.into_any())}
                                        </li>
                                    }.into_any()
                                }).collect_view()}
                            </ul>
                            {(owner && is_active && !waiting).then(|| {
                                let options = releases.clone();
                                view! {
                                    <div class="mt-3 rounded-md border border-slate-200 p-3" data-testid="restoration-form">
                                        <h3 class="mb-2 text-sm font-semibold">{t(lang, "restoration.apply")}</h3>
                                        <label class=LABEL for="failure">{t(lang, "restoration.failure")}</label>
                                        <textarea id="failure" class=TEXTAREA rows="2" prop:value=move || failure.get() on:input=move |ev| failure.set(event_target_value(&ev))></textarea>
                                        <FieldMsg result=apply_result field="failure"/>
                                        <label class=format!("{LABEL} mt-2") for="fix">{t(lang, "restoration.fix")}</label>
                                        <textarea id="fix" class=TEXTAREA rows="2" prop:value=move || fix.get() on:input=move |ev| fix.set(event_target_value(&ev))></textarea>
                                        <FieldMsg result=apply_result field="fix"/>
                                        {(target == "service").then(|| view! {
                                            <label class=format!("{LABEL} mt-2") for="restoration-release">{t(lang, "restoration.report")}</label>
                                            <select id="restoration-release" class=INPUT prop:value=move || release.get() on:change=move |ev| release.set(event_target_value(&ev))>
                                                <option value="">{t(lang, "restoration.choose_report")}</option>
                                                {options.iter().filter(|r| r.status == "submitted").map(|r| view! { <option value=r.id.clone()>{crate::i18n::punct(lang, format!("{}（{}）", r.version, r.tested_on))}</option> }.into_any()).collect_view()}
                                            </select>
                                            <p class="mt-1 text-xs text-slate-500">{t(lang, "restoration.report_hint")}</p>
                                            <FieldMsg result=apply_result field="release_id"/>
                                        }.into_any())}
                                        <button class=format!("{BUTTON} mt-3") data-testid="apply-restoration" disabled=move || apply.pending().get()
                                            on:click=move |_| { apply.dispatch((sid.clone(), failure.get_untracked(), fix.get_untracked(), release.get_untracked())); }>
                                            {t(lang, "restoration.submit")}
                                        </button>
                                    </div>
                                }
                            })}
                        </li>
                    }.into_any()
                }).collect_view()}
            </ol>
            <ConfirmReason open=restore_open
                id="restore"
                ask_reason=false
                title=Signal::derive(move || t(lang, "restoration.restore").to_string())
                message=Signal::derive(move || t(lang, if target == "service" { "restoration.restore_confirm" } else { "restoration.restore_party_confirm" }).to_string())
                confirm_label=Signal::derive(move || t(lang, "restoration.restore").to_string())
                pending=review.pending()
                on_confirm=Callback::new(move |_| { restore_open.set(false); if let Some(id) = restoring.get_untracked() { review.dispatch((id, true, comment.get_untracked())); } })/>
            <ConfirmReason open=dialog
                id="return-restoration"
                title=Signal::derive(move || t(lang, "restoration.return").to_string())
                message=Signal::derive(move || t(lang, "restoration.return_hint").to_string())
                pending=review.pending()
                on_confirm=Callback::new(move |r: String| { dialog.set(false); if let Some(id) = returning.get_untracked() { review.dispatch((id, false, r)); } })/>
        </section>
    }.into_any()
}

#[component]
pub fn ServicePage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let rev = RwSignal::new(0u32);
    let detail = Resource::new(move || (id(), rev.get()), |(id, _)| get_service(id));
    let refresh = Callback::new(move |_: ()| rev.update(|n| *n += 1));
    let provider = me.can("ProviderEdit");
    let reviewer = me.can("ApplicationReview");
    let advance = Action::new(|id: &String| advance_service(id.clone()));
    let advance_result: Signal<Option<Result<String, AppError>>> = advance.value().into();
    let run = Action::new(|(id, c, r, n): &(String, String, String, String)| {
        record_debug_run(id.clone(), c.clone(), r.clone(), n.clone())
    });
    let plan =
        Action::new(|(id, ok, r): &(String, bool, String)| review_plan(id.clone(), *ok, r.clone()));
    Effect::new(move |_| match advance.value().get() {
        Some(Ok(step)) => {
            toasts.success(format!(
                "{}：{}",
                t(lang, "service.advanced"),
                t(lang, &format!("step.{step}"))
            ));
            rev.update(|n| *n += 1);
        }
        Some(Err(e)) if !matches!(e, AppError::Validation(_)) => toasts.error(error_text(lang, &e)),
        _ => {}
    });
    Effect::new(move |_| {
        for v in [run.value().get(), plan.value().get()] {
            match v {
                Some(Ok(())) => {
                    toasts.success(t(lang, "common.saved"));
                    rev.update(|n| *n += 1);
                }
                Some(Err(e)) => toasts.error(error_text(lang, &e)),
                None => {}
            }
        }
    });
    let plan_returning: RwSignal<Option<String>> = RwSignal::new(None);
    let plan_dialog = RwSignal::new(false);
    let on_plan = Callback::new(move |(id, ok): (String, bool)| {
        if ok {
            plan.dispatch((id, true, String::new()));
        } else {
            plan_returning.set(Some(id));
            plan_dialog.set(true);
        }
    });
    let cases = RwSignal::new(String::new());
    let result = RwSignal::new("pass".to_string());
    let notes = RwSignal::new(String::new());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let ServiceDetail { service: s, data, blockers, documents, runs, releases, suspensions } = d;
                        let step = s.step.clone();
                        let provider_step = matches!(step.as_str(), "relation" | "method" | "interfaces");
                        let can_advance = step != "completed" && ((provider && provider_step) || (reviewer && !provider_step));
                        let sid = s.id.clone();
                        let (sid1, sid2, sid3) = (sid.clone(), sid.clone(), sid.clone());
                        let suspendable = step == "completed" && !s.suspended;
                        let doc_kinds = if provider { vec!["access-document", "emergency-plan"] } else { vec!["access-document"] };
                        view! {
                            <a href=format!("/providers/{}", s.party_id) class="text-sm text-blue-700 hover:underline">{format!("← {}", s.party_name)}</a>
                            <div class="mt-2 mb-2 flex flex-wrap items-center gap-3">
                                <h1 class="text-xl font-semibold" data-testid="page-title">{s.name.clone()}</h1>
                                <span class="text-sm text-slate-500">{t(lang, &format!("category.{}", s.category))}</span>
                            </div>
                            <div class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
                                <ProgressLine step=step.clone() suspended=s.suspended/>
                                {(!blockers.is_empty() && step != "completed").then(|| view! {
                                    <div class="mt-3 text-sm" data-testid="blockers">
                                        <span class="text-slate-600">{t(lang, "service.blockers")}</span>
                                        <ul class="ml-5 list-disc text-amber-800">
                                            {blockers.iter().map(|(f, c)| view! { <li data-blocker=f.clone()>{crate::i18n::punct(lang, format!("{}：{}", t_field(lang, f), t(lang, c)))}</li> }.into_any()).collect_view()}
                                        </ul>
                                    </div>
                                }.into_any())}
                                {can_advance.then(|| view! {
                                    <button class=format!("{BUTTON} mt-3") data-testid="advance" disabled=move || advance.pending().get()
                                        on:click=move |_| { advance.dispatch(sid1.clone()); }>{t(lang, "service.advance")}</button>
                                }.into_any())}
                                {move || match advance_result.get() {
                                    Some(Err(AppError::Validation(v))) => Some(view! {
                                        <ul class="mt-2 ml-5 list-disc text-sm text-rose-700" role="alert">
                                            {v.into_iter().map(|f| view! { <li>{crate::i18n::punct(lang, format!("{}：{}", t_field(lang, &f.field), t(lang, &f.code)))}</li> }.into_any()).collect_view()}
                                        </ul>
                                    }.into_any()),
                                    _ => None,
                                }}
                            </div>
                            <SuspensionPanel target="service" id=sid.clone() suspendable=suspendable cases=suspensions releases=releases.clone() on_done=refresh/>
                            <ServiceEditor id=sid.clone() data=data.clone() editable=provider on_saved=refresh/>
                            <Strategies id=sid.clone() data=data editable=reviewer on_saved=refresh/>
                            <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
                                <h2 class="mb-2 font-semibold">{t(lang, "service.documents")}</h2>
                                <DocumentTable docs=documents on_review=on_plan/>
                                {(provider || reviewer).then(|| view! { <DocumentUpload party_id=s.party_id.clone() service_id=sid2.clone() kinds=doc_kinds on_done=refresh/> }.into_any())}
                            </section>
                            <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
                                <h2 class="mb-2 font-semibold">{t(lang, "service.debug_runs")}</h2>
                                <table class="min-w-full text-sm" data-testid="runs">
                                    <tbody>
                                        {runs.is_empty().then(|| view! { <tr><td class="py-2 text-slate-500">{t(lang, "service.no_runs")}</td></tr> }.into_any())}
                                        {runs.into_iter().map(|r| view! {
                                            <tr class="border-t border-slate-100">
                                                <td class="py-1 pr-3"><StatusBadge code=format!("run_result.{}", r.result)/></td>
                                                <td class="py-1 pr-3">{r.cases.clone()}</td>
                                                <td class="py-1 pr-3 text-slate-600">{r.notes.clone()}</td>
                                                <td class="py-1 text-xs text-slate-500">{format!("{} · {}", r.run_by, fmt_time(&r.run_at))}</td>
                                            </tr>
                                        }.into_any()).collect_view()}
                                    </tbody>
                                </table>
                                {(reviewer && step == "debugging").then(|| view! {
                                    <div class="mt-3 grid items-end gap-3 md:grid-cols-4">
                                        <div class="md:col-span-2"><label class=LABEL for="run-cases">{t(lang, "run.cases")}</label><input id="run-cases" class=INPUT prop:value=move || cases.get() on:input=move |ev| cases.set(event_target_value(&ev))/></div>
                                        <div><label class=LABEL for="run-result">{t(lang, "run.result")}</label>
                                            <select id="run-result" class=INPUT prop:value=move || result.get() on:change=move |ev| result.set(event_target_value(&ev))>
                                                <option value="pass">{t(lang, "run_result.pass")}</option>
                                                <option value="fail">{t(lang, "run_result.fail")}</option>
                                            </select>
                                        </div>
                                        <div><label class=LABEL for="run-notes">{t(lang, "run.notes")}</label><input id="run-notes" class=INPUT prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))/></div>
                                        <div><button class=BUTTON on:click=move |_| { run.dispatch((sid3.clone(), cases.get_untracked(), result.get_untracked(), notes.get_untracked())); }>{t(lang, "run.record")}</button></div>
                                    </div>
                                }.into_any())}
                            </section>
                            <Releases service_id=sid.clone() releases=releases can_submit=provider can_review=reviewer on_done=refresh/>
                        }.into_any()
                    }
                    Err(e) => view! { <div class="mt-4"><ErrorBox error=e/></div> }.into_any(),
                }
            })}
        </Suspense>
        <ConfirmReason open=plan_dialog
            id="return-plan"
            title=Signal::derive(move || t(lang, "plan.return").to_string())
            message=Signal::derive(move || t(lang, "plan.return_hint").to_string())
            pending=plan.pending()
            on_confirm=Callback::new(move |r: String| { plan_dialog.set(false); if let Some(id) = plan_returning.get_untracked() { plan.dispatch((id, false, r)); } })/>
    }.into_any()
}

/// A record field's label (service fields, interfaces by row).
fn t_field(lang: Lang, f: &str) -> String {
    if let Some(rest) = f.strip_prefix("interfaces[") {
        let n: usize = rest.trim_end_matches(']').parse().unwrap_or(0);
        return format!("{} {}", t(lang, "service.interfaces"), n + 1);
    }
    match t(lang, &format!("service_field.{f}")) {
        "" => f.to_string(),
        s => s.to_string(),
    }
}

/// Every current suspension with its age and the state of its restoration
/// application; `?all=1` includes the restored ones.
#[component]
pub fn SuspensionsPage() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let all = move || query.get().get("all").is_some_and(|v| v == "1");
    let rows = Resource::new(all, list_suspensions);
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "suspension.page_title")}</h1>
        <p class="mb-3 text-sm text-slate-500">{t(lang, "suspension.page_hint")}</p>
        <div class="mb-3 text-sm">
            <a class="text-blue-700 hover:underline" href=move || if all() { "/suspensions".to_string() } else { "/suspensions?all=1".to_string() }>
                {move || t(lang, if all() { "suspension.only_current" } else { "suspension.include_restored" })}
            </a>
        </div>
        <Listing resource=rows rows=Rows::capped testid="suspensions-table" empty=t(lang, "suspension.none_current")
            columns=columns(lang, &["suspension.target", "suspension.severity", "suspension.reason", "suspension.age", "restoration.title"])
            row=move |c: SuspensionCase| {
                    let s = c.suspension;
                    let href = match &s.service_id { Some(id) => format!("/services/{id}"), None => format!("/parties/{}", s.party_id) };
                    let name = match &s.service_name { Some(n) => crate::i18n::punct(lang, format!("{}（{}）", n, s.party_name)), None => s.party_name.clone() };
                    view! {
                        <tr class="border-t border-slate-100" data-suspended=name.clone()>
                            <td class="px-4 py-2"><a class="text-blue-700 hover:underline" href=href>{name.clone()}</a>
                                {(s.state != "active").then(|| view! { <span class="ml-1"><StatusBadge code=format!("suspension_state.{}", s.state)/></span> }.into_any())}
                            </td>
                            <td class="px-4 py-2">{t(lang, &format!("severity.{}", s.severity))}</td>
                            <td class="px-4 py-2">{s.reason.clone()}</td>
                            <td class="px-4 py-2 whitespace-nowrap">{if s.state == "active" { age(lang, &s.suspended_at) } else { fmt_opt_time(&s.restored_at) }}</td>
                            <td class="px-4 py-2">{match s.restoration.clone() { Some(r) => view! { <StatusBadge code=format!("restoration_state.{r}")/> }.into_any(), None => view! { <span class="text-slate-500">{t(lang, "restoration.none")}</span> }.into_any() }}</td>
                        </tr>
                    }.into_any()
                }/>
    }.into_any()
}
