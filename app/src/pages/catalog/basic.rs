//! The basic catalog (基本目录, R-6.2.a): published items, the drafts waiting
//! to be published (added, changed, retired), and publishing a new version
//! that parties pull through `GET /api/v1/catalog/basic?since_version=N`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{
    discard_catalog_draft, import_catalog, list_catalog, list_catalog_drafts, publish_catalog,
    retire_catalog_item, AppError, CatalogItem, ImportResult, SaveCatalogItem,
};
use crate::components::dialog::ConfirmReason;
use crate::components::form::{
    checkboxes, error_text, FieldMsg, BUTTON, BUTTON_LIGHT, INPUT, LABEL,
};
use crate::components::list::{columns, Column, Filters, Listing, Rows, SelectFilter, TextFilter};
use crate::components::toast::use_toasts;
use crate::components::{fmt_time, StatusBadge};
use crate::i18n::{t, use_lang};
use crate::pages::layout::use_me;

pub use gsp_protocol::codes::catalog::ITEM_TYPES;
pub use gsp_protocol::codes::catalog::LEVELS;
pub use gsp_protocol::codes::catalog::OBJECTS;
use gsp_protocol::codes::catalog::UNITS;

#[component]
pub fn CatalogPage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let query = use_query_map();
    let can_manage = me.can("CatalogManage");
    // bumped after every change: drafts and list follow
    let rev = RwSignal::new(0u32);
    let items = Resource::new(
        move || (query.get(), rev.get()),
        |(q, _)| {
            list_catalog(
                q.get("q"),
                q.get("item_type"),
                q.get("after"),
                q.get("size"),
            )
        },
    );
    let drafts = Resource::new(move || rev.get(), |_| list_catalog_drafts());
    let editing: RwSignal<Option<CatalogItem>> = RwSignal::new(None);
    // every opening of the form (修改, 改为新增, a save) builds it anew from
    // its record: a form never keeps what was typed for another record
    let form_key = RwSignal::new(0u32);
    let open_form = move |item: Option<CatalogItem>| {
        editing.set(item);
        form_key.update(|k| *k += 1);
    };
    let save = ServerAction::<SaveCatalogItem>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            toasts.success(t(lang, "catalog.drafted"));
            rev.update(|n| *n += 1);
            open_form(None);
        }
    });
    let publish = Action::new(|_: &()| publish_catalog(String::new()));
    let discard = Action::new(|code: &String| discard_catalog_draft(code.clone()));
    let retire = Action::new(|(code, reason): &(String, String)| {
        retire_catalog_item(code.clone(), reason.clone())
    });
    let retiring: RwSignal<Option<String>> = RwSignal::new(None);
    let dialog_open = RwSignal::new(false);
    // publishing and discarding cannot be undone: each asks first
    let publish_open = RwSignal::new(false);
    let discarding: RwSignal<Option<String>> = RwSignal::new(None);
    let discard_open = RwSignal::new(false);
    Effect::new(move |_| match publish.value().get() {
        Some(Ok(v)) => {
            publish_open.set(false);
            toasts.success(format!("{} v{v}", t(lang, "catalog.published")));
            rev.update(|n| *n += 1);
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    Effect::new(move |_| match discard.value().get() {
        Some(Ok(())) => {
            discard_open.set(false);
            rev.update(|n| *n += 1)
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    Effect::new(move |_| match retire.value().get() {
        Some(Ok(())) => {
            dialog_open.set(false);
            toasts.success(t(lang, "catalog.retire_drafted"));
            rev.update(|n| *n += 1);
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });

    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "catalog.title")}</h1>
        <p class="mb-4 text-sm text-slate-500">{t(lang, "catalog.hint")}</p>

        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                drafts.await.ok().map(|list| {
                    let n = list.len();
                    (n > 0 || can_manage).then(|| view! {
                        <section class="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="drafts">
                            <div class="mb-2 flex flex-wrap items-center gap-3">
                                <h2 class="font-semibold text-amber-900">{crate::i18n::punct(lang, format!("{}（{n}）", t(lang, "catalog.drafts")))}</h2>
                                {(can_manage && n > 0).then(|| view! {
                                    <button class=BUTTON data-testid="publish" disabled=move || publish.pending().get()
                                        on:click=move |_| publish_open.set(true)>
                                        {t(lang, "catalog.publish")}
                                    </button>
                                }.into_any())}
                                <span class="text-xs text-amber-900">{t(lang, "catalog.drafts_hint")}</span>
                            </div>
                            {(n == 0).then(|| view! { <p class="text-sm text-amber-900">{t(lang, "catalog.no_drafts")}</p> }.into_any())}
                            <table class="min-w-full text-sm">
                                <tbody>
                                    {list.into_iter().map(|d| {
                                        let code = d.basic_code.clone();
                                        view! {
                                            <tr class="border-t border-amber-200" data-draft=d.basic_code.clone()>
                                                <td class="py-1 pr-3"><StatusBadge code=format!("catalog_change.{}", d.kind)/></td>
                                                <td class="py-1 pr-3 font-mono">{d.basic_code.clone()}</td>
                                                <td class="py-1 pr-3">{d.name.clone()}{(!d.reason.is_empty()).then(|| view! { <span class="ml-2 text-xs text-slate-500">{d.reason.clone()}</span> }.into_any())}</td>
                                                <td class="py-1 pr-3 text-xs text-slate-500">{format!("{} · {}", d.updated_by, fmt_time(&d.updated_at))}</td>
                                                <td class="py-1 text-right">
                                                    {can_manage.then(|| view! {
                                                        <button class=BUTTON_LIGHT data-testid="discard-draft" on:click=move |_| { discarding.set(Some(code.clone())); discard_open.set(true); }>{t(lang, "catalog.discard")}</button>
                                                    }.into_any())}
                                                </td>
                                            </tr>
                                        }.into_any()
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any())
                })
            })}
        </Suspense>

        {can_manage.then(|| view! {
            <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
                <div class="mb-2 flex items-center gap-3">
                    <h2 class="font-semibold">{move || if editing.get().is_some() { t(lang, "catalog.edit") } else { t(lang, "catalog.add") }}</h2>
                    {move || editing.get().is_some().then(|| view! {
                        <button class=BUTTON_LIGHT data-testid="new-instead" on:click=move |_| open_form(None)>{t(lang, "catalog.new_instead")}</button>
                    }.into_any())}
                </div>
                <For
                    each=move || std::iter::once((form_key.get(), editing.get_untracked().unwrap_or_default()))
                    key=|(k, _)| *k
                    children=move |(_, item)| view! { <ItemForm item=item save=save/> }
                />
            </section>
            <ImportForm rev=rev/>
        }.into_any())}

        <Filters>
            <TextFilter name="q" id="cat-q" label=t(lang, "common.search") placeholder=t(lang, "catalog.search_hint")/>
            <SelectFilter name="item_type" id="cat-type" label=t(lang, "field.item_type") values=&ITEM_TYPES prefix="item_type"/>
        </Filters>

        <Listing resource=items testid="catalog-table" pager="after"
            columns={
                let mut c = columns(lang, &["field.basic_code", "field.item_name", "field.item_type", "catalog.department",
                    "field.statutory_limit", "app.version"]);
                c.push(Column::new(""));
                c
            }
            rows=move |page: crate::api::CatalogPage| {
                let caption = view! {
                    <div class="border-b border-slate-100 px-4 py-2 text-xs text-slate-500" data-testid="catalog-version">
                        {crate::i18n::punct(lang, format!("{}：v{}", t(lang, "catalog.current_version"), page.current_version))}
                    </div>
                }.into_any();
                Rows::paged(page.items, page.next).with_caption(caption)
            }
            row=move |i: crate::api::CatalogItem| {
                let (edit, code) = (i.clone(), i.basic_code.clone());
                view! {
                    <tr class="border-t border-slate-100" data-item=i.basic_code.clone()>
                        <td class="px-4 py-2 font-mono">{i.basic_code.clone()}</td>
                        <td class="px-4 py-2">
                            {i.name.clone()}
                            {i.retired.then(|| view! { <span class="ml-1 rounded bg-slate-200 px-1.5 text-xs">{t(lang, "catalog.retired")}</span> }.into_any())}
                        </td>
                        <td class="px-4 py-2">{t(lang, &format!("item_type.{}", i.item_type))}</td>
                        <td class="px-4 py-2">{i.department.clone()}</td>
                        <td class="px-4 py-2 whitespace-nowrap">{i.statutory_limit.map(|l| format!("{l} {}", t(lang, &format!("unit.{}", i.statutory_unit.clone().unwrap_or_default())))).unwrap_or_else(|| "—".into())}</td>
                        <td class="px-4 py-2">{format!("v{}", i.version)}</td>
                        <td class="px-4 py-2 whitespace-nowrap text-right">
                            {(can_manage && !i.retired).then(|| view! {
                                <button class=BUTTON_LIGHT data-testid="edit-item" on:click=move |_| open_form(Some(edit.clone()))>{t(lang, "catalog.edit_short")}</button>
                                <button class=format!("{BUTTON_LIGHT} ml-2 text-rose-700") data-testid="retire-item"
                                    on:click=move |_| { retiring.set(Some(code.clone())); dialog_open.set(true); }>
                                    {t(lang, "catalog.retire")}
                                </button>
                            }.into_any())}
                        </td>
                    </tr>
                }.into_any()
            }/>
        <ConfirmReason
            open=publish_open
            id="publish"
            ask_reason=false
            title=Signal::derive(move || t(lang, "catalog.publish").to_string())
            message=Signal::derive(move || t(lang, "catalog.publish_confirm").to_string())
            confirm_label=Signal::derive(move || t(lang, "catalog.publish").to_string())
            pending=publish.pending()
            on_confirm=Callback::new(move |_| { publish.dispatch(()); })
        />
        <ConfirmReason
            open=discard_open
            id="discard"
            ask_reason=false
            danger=true
            title=Signal::derive(move || t(lang, "catalog.discard_title").to_string())
            message=Signal::derive(move || format!("{}{}", discarding.get().unwrap_or_default(), t(lang, "catalog.discard_confirm")))
            confirm_label=Signal::derive(move || t(lang, "catalog.discard").to_string())
            pending=discard.pending()
            on_confirm=Callback::new(move |_| {
                if let Some(code) = discarding.get_untracked() {
                    discard.dispatch(code);
                }
            })
        />
        <ConfirmReason
            open=dialog_open
            id="retire"
            title=Signal::derive(move || t(lang, "catalog.retire").to_string())
            message=Signal::derive(move || t(lang, "catalog.retire_hint").to_string())
            pending=retire.pending()
            danger=true
            on_confirm=Callback::new(move |reason: String| {
                if let Some(code) = retiring.get_untracked() {
                    retire.dispatch((code, reason));
                }
            })
        />
    }.into_any()
}

/// Adds a new item or changes one (a draft until published).
const BOX: &str = "mr-3 inline-flex items-center gap-1 text-sm";

#[component]
fn ItemForm(item: CatalogItem, save: ServerAction<SaveCatalogItem>) -> AnyView {
    let lang = use_lang();
    // a new form shows only the answers to its own saves
    let opened = save.version().get_untracked();
    let result: Signal<Option<Result<(), AppError>>> = Signal::derive(move || {
        (save.version().get() > opened)
            .then(|| save.value().get())
            .flatten()
    });
    let editing = !item.basic_code.is_empty();
    view! {
        <ActionForm action=save attr:class="grid gap-3 md:grid-cols-3" attr:data-testid="item-form">
            <div>
                <label class=LABEL for="ci-code">{t(lang, "field.basic_code")}</label>
                <input class=INPUT id="ci-code" name="basic_code" value=item.basic_code.clone() maxlength="12" readonly=editing data-testid="ci-code" placeholder="000117002000"/>
                <FieldMsg result=result field="basic_code"/>
            </div>
            <div class="md:col-span-2">
                <label class=LABEL for="ci-name">{t(lang, "field.item_name")}</label>
                <input class=INPUT id="ci-name" name="name" value=item.name.clone() data-testid="ci-name"/>
                <FieldMsg result=result field="name"/>
            </div>
            <div>
                <label class=LABEL for="ci-type">{t(lang, "field.item_type")}</label>
                <select class=INPUT id="ci-type" name="item_type" prop:value=if item.item_type.is_empty() { "licensing".to_string() } else { item.item_type.clone() } data-testid="ci-type">
                    {ITEM_TYPES.iter().map(|x| view! { <option value=*x>{t(lang, &format!("item_type.{x}"))}</option> }.into_any()).collect_view()}
                </select>
                <FieldMsg result=result field="item_type"/>
            </div>
            <div>
                <label class=LABEL for="ci-dept">{t(lang, "catalog.department")}</label>
                <input class=INPUT id="ci-dept" name="department" value=item.department.clone() data-testid="ci-dept"/>
                <FieldMsg result=result field="department"/>
            </div>
            <div class="flex gap-2">
                <div class="flex-1">
                    <label class=LABEL for="ci-limit">{t(lang, "field.statutory_limit")}</label>
                    <input class=INPUT id="ci-limit" name="statutory_limit" inputmode="numeric" value=item.statutory_limit.map(|l| l.to_string()).unwrap_or_default() data-testid="ci-limit"/>
                    <FieldMsg result=result field="statutory_limit"/>
                </div>
                <div class="flex-1">
                    <label class=LABEL for="ci-unit">{t(lang, "field.statutory_unit")}</label>
                    <select class=INPUT id="ci-unit" name="statutory_unit" prop:value=item.statutory_unit.clone().unwrap_or_else(|| "working-days".into())>
                        {UNITS.iter().map(|u| view! { <option value=*u>{t(lang, &format!("unit.{u}"))}</option> }.into_any()).collect_view()}
                    </select>
                    <FieldMsg result=result field="statutory_unit"/>
                </div>
            </div>
            <div class="md:col-span-3">
                <label class=LABEL for="ci-basis">{t(lang, "field.legal_basis")}</label>
                <textarea class=INPUT id="ci-basis" name="legal_basis" rows="2" data-testid="ci-basis">{item.legal_basis.clone()}</textarea>
                <FieldMsg result=result field="legal_basis"/>
            </div>
            <div class="md:col-span-3">
                <span class=LABEL>{t(lang, "field.levels")}</span>
                {checkboxes(lang, "levels", &LEVELS, "level", &item.levels, BOX)}
                <FieldMsg result=result field="levels"/>
            </div>
            <div class="md:col-span-3">
                <span class=LABEL>{t(lang, "field.objects")}</span>
                {checkboxes(lang, "objects", &OBJECTS, "object", &item.objects, BOX)}
                <FieldMsg result=result field="objects"/>
            </div>
            <div class="md:col-span-3">
                <button type="submit" class=BUTTON data-testid="save-item" disabled=move || save.pending().get()>{t(lang, "catalog.save_draft")}</button>
            </div>
        </ActionForm>
    }.into_any()
}

/// Imports a spreadsheet (.xlsx) or CSV file; every bad row is reported, and
/// nothing is imported from a file with errors unless asked for the valid rows.
#[component]
fn ImportForm(rev: RwSignal<u32>) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let import = Action::new_local(|data: &web_sys::FormData| import_catalog(data.clone().into()));
    let report: Signal<Option<Result<ImportResult, AppError>>> = import.value().into();
    Effect::new(move |_| {
        if let Some(Ok(r)) = import.value().get() {
            if r.imported > 0 {
                toasts.success(format!("{} {}", t(lang, "import.imported"), r.imported));
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
                import.dispatch_local(fd);
            }
        }
    };
    view! {
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="mb-1 font-semibold">{t(lang, "import.title")}</h2>
            <p class="mb-3 text-xs text-slate-500">{t(lang, "import.hint")}" "
                <a rel="external" class="text-blue-700 underline" href="/templates/catalog.xlsx" data-testid="import-template">{t(lang, "import.template")}</a>
            </p>
            <form on:submit=on_submit class="flex flex-wrap items-end gap-3" data-testid="import-form">
                <input class=INPUT type="file" name="file" required accept=".xlsx,.csv" data-testid="import-file" aria-label=t(lang, "import.title")/>
                <label class="flex items-center gap-1 text-sm">
                    <input type="checkbox" name="valid_only" value="true" data-testid="import-valid-only"/>
                    {t(lang, "import.valid_only")}
                </label>
                <button type="submit" class=BUTTON data-testid="import" disabled=move || import.pending().get()>{t(lang, "import.run")}</button>
            </form>
            <FieldMsg result=report field="file"/>
            {move || report.get().and_then(|r| r.ok()).map(|r| view! { <ImportReport report=r/> }.into_any())}
        </section>
    }.into_any()
}

/// The per-row outcome of a spreadsheet upload: rows, stored, and each
/// refused row with its fields and reasons.
#[component]
pub fn ImportReport(report: ImportResult) -> AnyView {
    let lang = use_lang();
    let r = report;
    let label = move |f: &str| match t(lang, &format!("field.{f}")) {
        "" => match t(lang, &format!("impl_field.{f}")) {
            "" => f.to_string(),
            s => s.to_string(),
        },
        s => s.to_string(),
    };
    view! {
        <div class="mt-3 text-sm" data-testid="import-report">
            <p class={if r.invalid.is_empty() { "text-emerald-700" } else { "text-amber-800" }}>
                {format!("{} {} · {} {} · {} {}", t(lang, "import.rows"), r.rows, t(lang, "import.imported"), r.imported, t(lang, "import.invalid"), r.invalid.len())}
                {(!r.invalid.is_empty() && r.imported == 0).then(|| view! { <span class="ml-2">{t(lang, "import.nothing_imported")}</span> }.into_any())}
            </p>
            <table class="mt-2 min-w-full text-xs">
                <tbody>
                    {r.invalid.into_iter().map(|x| view! {
                        <tr class="border-t border-slate-100" data-import-row=x.row.to_string()>
                            <td class="py-1 pr-3">{format!("{} {}", t(lang, "import.row"), x.row)}</td>
                            <td class="py-1 pr-3 font-mono">{x.code}</td>
                            <td class="py-1">{x.errors.iter().map(|(f, c)| crate::i18n::punct(lang, format!("{}：{}", label(f), t(lang, c)))).collect::<Vec<_>>().join("；")}</td>
                        </tr>
                    }.into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }.into_any()
}
