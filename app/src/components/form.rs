use leptos::prelude::*;

use crate::api::AppError;
use crate::i18n::{t, use_lang, Lang};

/// The translated message of an error, for toasts and boxes.
pub fn error_text(lang: Lang, e: &AppError) -> String {
    match e {
        AppError::Unauthenticated => t(lang, "error.unauthenticated").into(),
        AppError::Forbidden => t(lang, "error.forbidden").into(),
        AppError::NotFound => t(lang, "error.not_found").into(),
        AppError::Conflict(_) => t(lang, "error.conflict").into(),
        AppError::Validation(v) => v
            .iter()
            .map(|f| {
                format!(
                    "{}: {}",
                    t(lang, &format!("field.{}", f.field)),
                    t(lang, &f.code)
                )
            })
            .collect::<Vec<_>>()
            .join("；"),
        AppError::Internal(rid) => format!("{} ({rid})", t(lang, "error.internal")),
        AppError::Transport(_) => t(lang, "error.transport").into(),
    }
}

/// The message under an input when the last result named this field.
#[component]
pub fn FieldMsg<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
    field: &'static str,
) -> AnyView {
    let lang = use_lang();
    (move || {
        result
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.field(field))
            .map(|code| {
                view! {
                    <p class="mt-1 text-xs text-rose-600" data-field-error=field>
                        {t(lang, &code)}
                    </p>
                }
            })
    })
    .into_any()
}

#[component]
pub fn ErrorBox(error: AppError) -> AnyView {
    let lang = use_lang();
    view! {
        <div class="rounded-md border border-rose-200 bg-rose-50 p-4 text-sm text-rose-800" role="alert">
            {error_text(lang, &error)}
        </div>
    }.into_any()
}

#[component]
pub fn Loading() -> AnyView {
    let lang = use_lang();
    view! {
        <div class="flex items-center gap-2 p-6 text-sm text-slate-500" aria-busy="true">
            <span class="inline-block h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-blue-700"></span>
            {t(lang, "common.loading")}
        </div>
    }.into_any()
}

pub const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-1 focus:ring-blue-600";
pub const LABEL: &str = "block text-sm font-medium text-slate-700";
pub const BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50";
pub const BUTTON_LIGHT: &str = "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";

/// Checkboxes for a list field: named `name[i]` so that a server function
/// receives them as a `Vec` (unchecked ones are absent), labelled by the
/// translations `prefix.value`, the `chosen` ones checked.
pub fn checkboxes(
    lang: Lang,
    name: &'static str,
    values: &'static [&'static str],
    prefix: &'static str,
    chosen: &[String],
    label_class: &'static str,
) -> impl IntoView {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let checked = chosen.iter().any(|c| c == v);
            view! {
                <label class=label_class>
                    <input type="checkbox" name=format!("{name}[{i}]") value=*v checked=checked data-testid=format!("{name}-{v}")/>
                    {t(lang, &format!("{prefix}.{v}"))}
                </label>
            }.into_any()
        })
        .collect_view()
}

/// The browser's FormData of a submitted form (for multipart server
/// functions), the default submission prevented.
pub fn form_data(ev: &leptos::ev::SubmitEvent) -> Option<web_sys::FormData> {
    use leptos::wasm_bindgen::JsCast;
    ev.prevent_default();
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        .and_then(|f| web_sys::FormData::new_with_form(&f).ok())
}
