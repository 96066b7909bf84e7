//! Reported catalogs (R-6.2.b) and implementation lists (实施清单, R-6.2.c):
//! reviewers get the queue, per party, with what changed since the last
//! approval (or, for a catalog item never approved, against the basic
//! catalog), field by field, and approve some items while returning others
//! with a reason; operators upload their lists as spreadsheets and read the
//! outcomes; everyone who may see the catalog searches the published lists.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{
    impl_queue, list_impl_items, report_file, review_impl, search_published, AppError,
    ImportResult, PendingItem,
};
use crate::components::dialog::ConfirmReason;
use crate::components::fmt_time;
use crate::components::form::{error_text, ErrorBox, FieldMsg, Loading, BUTTON, INPUT};
use crate::components::list::{columns, Filters, Listing, Rows, SelectFilter, TextFilter};
use crate::components::toast::use_toasts;
use crate::i18n::{t, use_lang, Lang};

const TABS: [(&str, &str); 3] = [
    ("implementation", "impl.tab_implementation"),
    ("catalog", "impl.tab_catalog"),
    ("published", "impl.tab_published"),
];

/// The label of a reported field (implementation or catalog).
fn field_label(lang: Lang, f: &str) -> String {
    match t(lang, &format!("impl_field.{f}")) {
        "" => f.to_string(),
        s => s.to_string(),
    }
}

/// Codes shown by their label (units, item types, levels, objects; lists
/// item by item), everything else as sent.
fn shown(lang: Lang, v: &str) -> String {
    v.split(", ")
        .map(|x| {
            ["unit", "item_type", "level", "object"]
                .iter()
                .map(|p| t(lang, &format!("{p}.{x}")))
                .find(|l| !l.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| x.to_string())
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[component]
pub fn ImplListsPage() -> AnyView {
    let lang = use_lang();
    let me = crate::pages::layout::use_me();
    let query = use_query_map();
    let tab = move || {
        query
            .get()
            .get("tab")
            .unwrap_or_else(|| "implementation".into())
    };
    let reviewer = me.can("ApplicationReview");
    let reporter = me.can("ApplicationEdit") && me.roles.iter().any(|r| r == "party-operator");
    let tabs = TABS
        .iter()
        .map(|(code, key)| {
            let code = *code;
            let active = move || tab() == code;
            view! {
                <a href=format!("/implementation-lists?tab={code}") data-testid=format!("tab-{code}")
                    class=move || if active() { "border-b-2 border-blue-700 px-3 py-2 text-sm font-medium text-blue-800" } else { "px-3 py-2 text-sm text-slate-600 hover:text-blue-700" }
                    aria-current=move || active().then_some("page")>
                    {t(lang, key)}
                </a>
            }.into_any()
        })
        .collect_view();
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "impl.page_title")}</h1>
        <p class="mb-3 text-sm text-slate-500">{t(lang, "impl.page_hint")}</p>
        <nav class="mb-4 flex gap-1 border-b border-slate-200">{tabs}</nav>
        {move || {
            let tab = tab();
            match tab.as_str() {
                "published" => view! { <Published/> }.into_any(),
                kind => {
                    let kind = if kind == "catalog" { "catalog" } else { "implementation" };
                    if reviewer {
                        view! { <ReviewQueue kind=kind/> }.into_any()
                    } else {
                        view! { <Outcomes kind=kind reporter=reporter/> }.into_any()
                    }
                }
            }
        }}
    }.into_any()
}

#[component]
fn Outcomes(kind: &'static str, reporter: bool) -> AnyView {
    let lang = use_lang();
    let rev = RwSignal::new(0u32);
    let items = Resource::new(
        move || rev.get(),
        move |_| list_impl_items(kind.into(), None),
    );
    view! {
        {reporter.then(|| view! { <ReportForm kind=kind rev=rev/> }.into_any())}
        <p class="mb-2 text-sm text-slate-500">{t(lang, "impl.outcomes_hint")}</p>
        <Listing resource=items rows=Rows::capped testid="impl-outcomes"
            columns=columns(lang, &["field.party_name", "impl_field.name", "field.status", "impl.comment", "impl.submitted_at"])
            row=move |i: crate::api::ReportedItem| view! {
            <tr class="border-t border-slate-100" data-impl=i.code.clone()>
                <td class="px-4 py-2">{i.party_name.clone()}</td>
                <td class="px-4 py-2">{i.name.clone()}<div class="font-mono text-xs text-slate-500">{i.code.clone()}</div></td>
                <td class="px-4 py-2"><crate::components::StatusBadge code=format!("impl_status.{}", i.status)/></td>
                <td class="px-4 py-2">{i.comment.clone().unwrap_or_default()}
                    {i.reviewed_by.clone().map(|r| view! { <div class="text-xs text-slate-500">{format!("{r} · {}", crate::components::fmt_opt_time(&i.reviewed_at))}</div> }.into_any())}
                </td>
                <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&i.submitted_at)}</td>
            </tr>
        }/>
    }.into_any()
}

/// An operator uploads the party's list as .xlsx or CSV: every row is checked
/// like the API; nothing is stored from a file with errors unless only the
/// valid rows are asked for.
#[component]
fn ReportForm(kind: &'static str, rev: RwSignal<u32>) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let upload = Action::new_local(|data: &web_sys::FormData| report_file(data.clone().into()));
    let report: Signal<Option<Result<ImportResult, AppError>>> = upload.value().into();
    Effect::new(move |_| {
        if let Some(Ok(r)) = upload.value().get() {
            if r.imported > 0 {
                toasts.success(format!("{} {}", t(lang, "impl.reported"), r.imported));
                rev.update(|n| *n += 1);
            }
        }
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
    let hint = if kind == "catalog" {
        "impl.upload_catalog_hint"
    } else {
        "impl.upload_impl_hint"
    };
    view! {
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="mb-1 font-semibold">{t(lang, "impl.upload_title")}</h2>
            <p class="mb-3 text-xs text-slate-500">{t(lang, hint)}" "
                <a rel="external" class="text-blue-700 underline" data-testid="report-template"
                    href=if kind == "catalog" { "/templates/catalog.xlsx" } else { "/templates/implementation-list.xlsx" }>
                    {t(lang, "import.template")}
                </a>
            </p>
            <form on:submit=on_submit class="flex flex-wrap items-end gap-3" data-testid="report-form">
                <input type="hidden" name="kind" value=kind/>
                <input class=INPUT type="file" name="file" required accept=".xlsx,.csv" data-testid="report-file" aria-label=t(lang, "impl.upload_title")/>
                <label class="flex items-center gap-1 text-sm">
                    <input type="checkbox" name="valid_only" value="true" data-testid="report-valid-only"/>
                    {t(lang, "import.valid_only")}
                </label>
                <button type="submit" class=BUTTON data-testid="report-upload" disabled=move || upload.pending().get()>{t(lang, "impl.upload_run")}</button>
            </form>
            <FieldMsg result=report field="file"/>
            <FieldMsg result=report field="party"/>
            {move || report.get().and_then(|r| r.ok()).map(|r| view! { <crate::pages::catalog::basic::ImportReport report=r/> }.into_any())}
        </section>
    }.into_any()
}

/// The search of published implementation lists.
#[component]
fn Published() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let page = Resource::new(
        move || query.get(),
        |q| {
            search_published(
                q.get("region").unwrap_or_default(),
                q.get("department").unwrap_or_default(),
                q.get("item_type").unwrap_or_default(),
                q.get("name").unwrap_or_default(),
                q.get("after"),
                q.get("size"),
            )
        },
    );
    view! {
        <Filters testid="search-published">
            <input type="hidden" name="tab" value="published"/>
            <TextFilter name="region" id="pub-region" label=t(lang, "impl.region") placeholder="330200" maxlength=6 numeric=true/>
            <TextFilter name="department" id="pub-department" label=t(lang, "impl_field.implementer_name")/>
            <SelectFilter name="item_type" id="pub-type" label=t(lang, "field.item_type") values=gsp_item_types() prefix="item_type"/>
            <TextFilter name="name" id="pub-name" label=t(lang, "impl_field.name")/>
        </Filters>
        <Listing resource=page testid="published-table" pager="after"
            columns=columns(lang, &["impl_field.division_code", "impl_field.name", "field.item_type", "impl_field.implementer_name",
                "field.party_name", "impl.approved_at"])
            rows=|p: crate::api::PublishedPage| Rows::paged(p.items, p.next)
            row=move |i: crate::api::PublishedItem| view! {
                <tr class="border-t border-slate-100" data-published=i.implementation_code.clone()>
                    <td class="px-4 py-2 font-mono">{i.division_code.clone()}</td>
                    <td class="px-4 py-2">{i.name.clone()}<div class="font-mono text-xs text-slate-500">{i.implementation_code.clone()}</div></td>
                    <td class="px-4 py-2">{t(lang, &format!("item_type.{}", i.item_type))}</td>
                    <td class="px-4 py-2">{i.department.clone()}</td>
                    <td class="px-4 py-2">{i.party_name.clone()}</td>
                    <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&i.approved_at)}</td>
                </tr>
            }/>
    }.into_any()
}

fn gsp_item_types() -> &'static [&'static str] {
    &crate::pages::catalog::basic::ITEM_TYPES
}

#[component]
fn ReviewQueue(kind: &'static str) -> AnyView {
    let lang = use_lang();
    let shown = move |v: &String| shown(lang, v);
    let toasts = use_toasts();
    let rev = RwSignal::new(0u32);
    let queue = Resource::new(move || rev.get(), move |_| impl_queue(kind.into()));
    // (party, code) chosen
    let chosen: RwSignal<BTreeSet<(String, String)>> = RwSignal::new(BTreeSet::new());
    let review = Action::new(
        move |(party, codes, approve, reason): &(String, Vec<String>, bool, String)| {
            review_impl(
                kind.into(),
                party.clone(),
                codes.clone(),
                *approve,
                reason.clone(),
            )
        },
    );
    let returning: RwSignal<Option<String>> = RwSignal::new(None);
    let dialog_open = RwSignal::new(false);
    // approving publishes the items: it asks first
    let approving: RwSignal<Option<String>> = RwSignal::new(None);
    let approve_open = RwSignal::new(false);
    Effect::new(move |_| match review.value().get() {
        Some(Ok(n)) => {
            dialog_open.set(false);
            approve_open.set(false);
            toasts.success(format!("{} {n}", t(lang, "impl.reviewed")));
            chosen.set(BTreeSet::new());
            rev.update(|x| *x += 1);
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let selected = move |party: &str| -> Vec<String> {
        chosen
            .get()
            .iter()
            .filter(|(p, _)| p == party)
            .map(|(_, c)| c.clone())
            .collect()
    };
    view! {
        <p class="mb-4 text-sm text-slate-500">{t(lang, if kind == "catalog" { "impl.catalog_hint" } else { "impl.hint" })}</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(items) if items.is_empty() => view! {
                        <p class="rounded-lg border border-slate-200 bg-white p-6 text-center text-sm text-slate-500" data-testid="queue-empty">{t(lang, "impl.empty")}</p>
                    }.into_any(),
                    Ok(items) => {
                        let notice = items.more.then(|| crate::components::list::capped_notice(items.len()));
                        // group by party, keeping the order
                        let mut groups: Vec<(String, String, Vec<PendingItem>)> = Vec::new();
                        for i in items {
                            match groups.iter_mut().find(|g| g.0 == i.party_id) {
                                Some(g) => g.2.push(i),
                                None => groups.push((i.party_id.clone(), i.party_name.clone(), vec![i])),
                            }
                        }
                        let groups = groups.into_iter().map(|(party, name, list)| {
                            let (p1, p2, p3) = (party.clone(), party.clone(), party.clone());
                            view! {
                                <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4" data-party-queue=name.clone()>
                                    <div class="mb-3 flex flex-wrap items-center gap-3">
                                        <h2 class="font-semibold">{crate::i18n::punct(lang, format!("{}（{}）", name, list.len()))}</h2>
                                        <button class=BUTTON data-testid="approve-selected"
                                            disabled=move || review.pending().get() || selected(&p1).is_empty()
                                            on:click=move |_| { approving.set(Some(p2.clone())); approve_open.set(true); }>
                                            {t(lang, "impl.approve_selected")}
                                        </button>
                                        <button class="inline-flex items-center rounded-md border border-amber-400 bg-amber-50 px-4 py-2 text-sm font-medium text-amber-900 hover:bg-amber-100 disabled:opacity-50"
                                            data-testid="return-selected"
                                            disabled={let p = party.clone(); move || review.pending().get() || selected(&p).is_empty()}
                                            on:click=move |_| { returning.set(Some(p3.clone())); dialog_open.set(true); }>
                                            {t(lang, "impl.return_selected")}
                                        </button>
                                    </div>
                                    <table class="min-w-full text-sm">
                                        <tbody>
                                            {list.into_iter().map(|i| {
                                                let key = (party.clone(), i.code.clone());
                                                let k2 = key.clone();
                                                view! {
                                                    <tr class="border-t border-slate-100 align-top" data-impl=i.code.clone()>
                                                        <td class="w-8 py-2 pr-3">
                                                            <input type="checkbox" data-testid="choose" aria-label=format!("{} {}", t(lang, "impl.choose"), i.code)
                                                                prop:checked=move || chosen.get().contains(&key)
                                                                on:change=move |ev| {
                                                                    let on = event_target_checked(&ev);
                                                                    chosen.update(|s| { if on { s.insert(k2.clone()); } else { s.remove(&k2); } });
                                                                }/>
                                                        </td>
                                                        <td class="py-2 pr-3">
                                                            <div class="font-medium">{i.name.clone()}</div>
                                                            <div class="font-mono text-xs text-slate-500">{i.code.clone()}</div>
                                                            <div class="text-xs text-slate-500">{fmt_time(&i.submitted_at)}</div>
                                                        </td>
                                                        <td class="py-2">
                                                            {match i.against.as_str() {
                                                                "nothing" => Some(view! { <span class="mb-1 inline-block rounded bg-blue-100 px-1.5 text-xs text-blue-800">{t(lang, "impl.new_item")}</span> }.into_any()),
                                                                "basic" => Some(view! { <span class="mb-1 inline-block rounded bg-violet-100 px-1.5 text-xs text-violet-800" data-testid="against-basic">{t(lang, "impl.against_basic")}</span> }.into_any()),
                                                                _ => None,
                                                            }}
                                                            <table class="text-xs">
                                                                <tbody>
                                                                    {i.changes.iter().filter(|(f, _, _)| f != "implementation_code" && f != "basic_code" && f != "name").map(|(f, o, n)| view! {
                                                                        <tr data-changed-field=f.clone()>
                                                                            <td class="pr-2 text-slate-500">{field_label(lang, f)}</td>
                                                                            {(i.against != "nothing").then(|| view! { <td class="pr-2 text-rose-700 line-through">{shown(o)}</td> }.into_any())}
                                                                            <td class="text-emerald-800">{shown(n)}</td>
                                                                        </tr>
                                                                    }.into_any()).collect_view()}
                                                                </tbody>
                                                            </table>
                                                        </td>
                                                    </tr>
                                                }.into_any()
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </section>
                            }.into_any()
                        }).collect_view();
                        view! { {notice} {groups} }.into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
        <ConfirmReason
            open=approve_open
            id="approve"
            ask_reason=false
            title=Signal::derive(move || t(lang, "impl.approve_selected").to_string())
            message=Signal::derive(move || {
                let n = approving.get().map(|p| selected(&p).len()).unwrap_or(0);
                format!("{}{n}{}", t(lang, "impl.approve_confirm_pre"), t(lang, if kind == "catalog" { "impl.approve_confirm_catalog" } else { "impl.approve_confirm" }))
            })
            confirm_label=Signal::derive(move || t(lang, "impl.approve_selected").to_string())
            pending=review.pending()
            on_confirm=Callback::new(move |_| {
                if let Some(p) = approving.get_untracked() {
                    let codes = selected(&p);
                    review.dispatch((p, codes, true, String::new()));
                }
            })
        />
        <ConfirmReason
            open=dialog_open
            id="return"
            title=Signal::derive(move || t(lang, "impl.return_selected").to_string())
            message=Signal::derive(move || t(lang, "impl.return_hint").to_string())
            pending=review.pending()
            on_confirm=Callback::new(move |reason: String| {
                if let Some(p) = returning.get_untracked() {
                    let codes = selected(&p);
                    review.dispatch((p, codes, false, reason));
                }
            })
        />
    }.into_any()
}
