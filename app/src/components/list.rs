//! The one list shape every list page uses (issue #13): a filter bar that
//! travels in the query string, a table with headers (sortable where the
//! server sorts), an empty state, an error box, a loading state and the
//! keyset pager.
//!
//! - [`Table`] renders rows already loaded (also the small tables inside a
//!   detail page).
//! - [`Listing`] loads a resource and shows loading, error, table and pager
//!   around a [`Table`].
//! - [`Filters`] with [`TextFilter`] and [`SelectFilter`] is the filter bar:
//!   a GET form, so filters are bookmarkable and work before hydration.
//!
//! A page supplies its columns (labels, optional sort parameter) and one
//! function that renders a `<tr>`; nothing else about a list is written twice.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::AppError;
use crate::components::form::{ErrorBox, Loading, BUTTON, BUTTON_LIGHT, INPUT, LABEL};
use crate::components::table::{Pager, SortHeader};
use crate::i18n::{t, use_lang, Lang};

/// A column header; sortable when the server can order by it.
#[derive(Clone, Debug)]
pub struct Column {
    pub label: String,
    pub sort: Option<Sort>,
    /// Right-aligned (actions, numbers).
    pub right: bool,
}

/// How a sortable column toggles its order in the query string.
#[derive(Clone, Copy, Debug)]
pub struct Sort {
    /// The query parameter holding `asc` or `desc`.
    pub param: &'static str,
    pub default_desc: bool,
    /// The pager's cursor parameter, reset when the order changes.
    pub cursor: &'static str,
}

impl Column {
    pub fn new(label: impl Into<String>) -> Self {
        Column {
            label: label.into(),
            sort: None,
            right: false,
        }
    }

    /// The same column, right-aligned.
    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }

    pub fn sorted(mut self, param: &'static str, default_desc: bool, cursor: &'static str) -> Self {
        self.sort = Some(Sort {
            param,
            default_desc,
            cursor,
        });
        self
    }
}

/// Columns from translation keys, in order.
pub fn columns(lang: Lang, keys: &[&str]) -> Vec<Column> {
    keys.iter().map(|k| Column::new(t(lang, k))).collect()
}

/// How large the table's cells are: `Page` for a page's main list, `Inner`
/// for a small table inside a detail panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Density {
    #[default]
    Page,
    Inner,
}

/// A table of rows already loaded: headers, the rows, and the empty state
/// (`empty` is the message, `table.empty` when not given).
#[component]
pub fn Table<T, R, V>(
    columns: Vec<Column>,
    items: Vec<T>,
    row: R,
    /// `data-testid` of the table (none when empty).
    #[prop(optional)]
    testid: &'static str,
    /// The empty-state message; `table.empty` when empty.
    #[prop(optional, into)]
    empty: String,
    #[prop(optional)] density: Density,
    /// Extra classes on the `<table>` (for example `mt-2`).
    #[prop(optional)]
    class: &'static str,
) -> AnyView
where
    T: 'static,
    R: Fn(T) -> V + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    let span = columns.len().max(1);
    let (table_class, head_class, cell, empty_class) = match density {
        Density::Page => (
            "min-w-full text-sm",
            "bg-slate-50 text-slate-600",
            "whitespace-nowrap px-4 py-2 text-left font-medium",
            "px-4 py-8 text-center text-slate-500",
        ),
        Density::Inner => (
            "min-w-full text-sm",
            "text-left text-slate-500",
            "py-2 pr-3 text-left font-medium",
            "py-3 text-slate-500",
        ),
    };
    let empty_row = items.is_empty().then(|| {
        let msg = if empty.is_empty() {
            t(lang, "table.empty").to_string()
        } else {
            empty
        };
        view! { <tr><td colspan=span class=empty_class data-testid="empty">{msg}</td></tr> }
    });
    view! {
        <table class=format!("{table_class} {class}") data-testid=(!testid.is_empty()).then_some(testid)>
            <thead class=head_class>
                <tr>
                    {columns.into_iter().map(|c| match c.sort {
                        Some(s) => view! {
                            <SortHeader label=c.label param=s.param default_desc=s.default_desc cursor=s.cursor/>
                        }.into_any(),
                        None => {
                            let class = if c.right { cell.replace("text-left", "text-right") } else { cell.to_string() };
                            view! { <th class=class>{c.label}</th> }.into_any()
                        }
                    }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {empty_row}
                {items.into_iter().map(row).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// What a loaded resource gives its list: the rows, the cursor of the next
/// page (`None` on the last page, or for lists that are not paged) and an
/// optional line shown above the table.
pub struct Rows<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
    pub caption: Option<AnyView>,
}

impl<T> Rows<T> {
    pub fn all(items: Vec<T>) -> Self {
        Rows {
            items,
            next: None,
            caption: None,
        }
    }

    pub fn paged(items: Vec<T>, next: Option<String>) -> Self {
        Rows {
            items,
            next,
            caption: None,
        }
    }

    /// The rows of a capped list, with a notice above them when more
    /// matched than are shown.
    pub fn capped(c: crate::api::Capped<T>) -> Self {
        let n = c.items.len();
        let notice = c.more.then(|| capped_notice(n));
        Rows {
            items: c.items,
            next: None,
            caption: notice,
        }
    }

    pub fn with_caption(mut self, caption: AnyView) -> Self {
        self.caption = Some(caption);
        self
    }
}

/// Says that a list shows only its first `n` rows.
pub fn capped_notice(n: usize) -> AnyView {
    let lang = use_lang();
    view! {
        <div class="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" role="status" data-testid="capped-notice">
            {crate::i18n::t(lang, "table.capped").replace("{n}", &n.to_string())}
        </div>
    }
    .into_any()
}

/// A list loaded from a resource: loading state, error box, the table and,
/// when `pager` names the cursor parameter, the keyset pager. The previous
/// rows stay on screen while a new page loads (`Transition`).
#[component]
pub fn Listing<P, T, S, R, V>(
    resource: Resource<Result<P, AppError>>,
    /// Turns the loaded value into rows (and the next cursor).
    rows: S,
    columns: Vec<Column>,
    row: R,
    #[prop(optional)] testid: &'static str,
    #[prop(optional, into)] empty: String,
    /// The query parameter of the keyset cursor; no pager when absent.
    #[prop(optional)]
    pager: Option<&'static str>,
) -> AnyView
where
    P: Clone + Send + Sync + 'static,
    T: Send + 'static,
    S: Fn(P) -> Rows<T> + Clone + Send + Sync + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <Transition fallback=|| view! { <Loading/> }>
                {move || {
                    let (rows, row, columns, empty) = (rows.clone(), row.clone(), columns.clone(), empty.clone());
                    Suspend::new(async move {
                        match resource.await {
                            Ok(p) => {
                                let Rows { items, next, caption } = rows(p);
                                view! {
                                    {caption}
                                    <Table columns=columns items=items row=row testid=testid empty=empty/>
                                    {pager.map(|param| view! { <Pager next=Signal::derive(move || next.clone()) param=param/> })}
                                }
                                .into_any()
                            }
                            Err(e) => view! { <div class="p-4"><ErrorBox error=e/></div> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </div>
    }
    .into_any()
}

/// The loading and error states of a resource, around whatever its value
/// renders to (a table component that owns its own signals, a detail panel).
/// The previous value stays on screen while a new one loads.
#[component]
pub fn Loaded<P, F, V>(resource: Resource<Result<P, AppError>>, children: F) -> AnyView
where
    P: Clone + Send + Sync + 'static,
    F: Fn(P) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(p) => children(p).into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
    .into_any()
}

/// Layout of a filter bar: a wrapping row, or a grid for many fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FilterLayout {
    #[default]
    Row,
    Grid,
}

/// The filter bar: a GET form on the current page, its fields as children,
/// a filter button and, when `reset` is given, a link that clears them.
#[component]
pub fn Filters(
    children: Children,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] reset: Option<&'static str>,
    #[prop(optional)] layout: FilterLayout,
) -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let class = match layout {
        FilterLayout::Row => "mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4",
        FilterLayout::Grid => "mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 lg:grid-cols-7",
    };
    view! {
        <Form method="GET" action="" attr:class=class>
            {children()}
            // the rows per page chosen in the pager stay when filtering
            {move || {
                query
                    .get()
                    .get("size")
                    .filter(|s| !s.is_empty())
                    .map(|s| view! { <input type="hidden" name="size" value=s/> })
            }}
            <div class="flex items-end gap-2">
                <button type="submit" class=BUTTON data-testid=testid>{t(lang, "common.filter")}</button>
                {reset.map(|href| view! { <a rel="external" class=BUTTON_LIGHT href=href>{t(lang, "common.reset")}</a> })}
            </div>
        </Form>
    }
    .into_any()
}

/// The value a filter field starts with: the query parameter as loaded.
/// Read once (untracked), so typing before hydration is never overwritten.
pub fn initial(name: &str) -> String {
    use_query_map()
        .get_untracked()
        .get(name)
        .unwrap_or_default()
}

/// A text (or date, number…) filter field named `name`, with id `f-<name>`
/// unless `id` is given.
#[component]
pub fn TextFilter(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] placeholder: Option<String>,
    /// The input type (`text` when absent), e.g. `date`, `datetime-local`.
    #[prop(optional)]
    kind: Option<&'static str>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] numeric: bool,
    #[prop(optional)] maxlength: Option<u32>,
    /// A `<datalist>` id offering suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
) -> AnyView {
    let id = id
        .map(str::to_string)
        .unwrap_or_else(|| format!("f-{name}"));
    view! {
        <div>
            <label class=LABEL for=id.clone()>{label}</label>
            <input class=INPUT id=id name=name type=kind.unwrap_or("text") value=initial(name)
                placeholder=placeholder inputmode=numeric.then_some("numeric")
                maxlength=maxlength list=list/>
        </div>
    }
    .into_any()
}

/// A select filter over a code list, each option translated as
/// `<prefix>.<code>`, after an "all" option.
#[component]
pub fn SelectFilter(
    name: &'static str,
    #[prop(into)] label: String,
    values: &'static [&'static str],
    prefix: &'static str,
    #[prop(optional)] id: Option<&'static str>,
) -> AnyView {
    let lang = use_lang();
    let id = id
        .map(str::to_string)
        .unwrap_or_else(|| format!("f-{name}"));
    view! {
        <div>
            <label class=LABEL for=id.clone()>{label}</label>
            <select class=INPUT id=id name=name prop:value=initial(name)>
                {code_options(lang, values, prefix, true)}
            </select>
        </div>
    }
    .into_any()
}

/// `<option>`s for a code list, translated, after an "all" option when
/// `all`. The chosen value is set on the `<select>` as a property
/// (`prop:value`), not as a `selected` attribute: a `selected` option broke
/// hydration on reloads (the browser restores form state before the page
/// hydrates).
pub fn code_options(
    lang: Lang,
    values: &'static [&'static str],
    prefix: &'static str,
    all: bool,
) -> impl IntoView {
    view! {
        {all.then(|| view! { <option value="">{t(lang, "common.all")}</option> }.into_any())}
        {values.iter().map(|v| {
            let v = *v;
            view! { <option value=v>{t(lang, &format!("{prefix}.{v}"))}</option> }.into_any()
        }).collect_view()}
    }
}
