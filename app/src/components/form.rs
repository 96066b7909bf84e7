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
        AppError::Validation(v) => {
            let (colon, sep) = match lang {
                Lang::Zh => ("：", "；"),
                Lang::En => (": ", "; "),
            };
            v.iter()
                .map(|f| match field_name(lang, &f.field) {
                    Some(name) => format!("{name}{colon}{}", t(lang, &f.code)),
                    None => t(lang, &f.code).to_string(),
                })
                .collect::<Vec<_>>()
                .join(sep)
        }
        AppError::Internal(rid) => format!("{} ({rid})", t(lang, "error.internal")),
        AppError::Transport(_) => t(lang, "error.transport").into(),
    }
}

/// The label of a field an error names (`field.*`, then the audit trail's
/// field labels); none rather than a bare colon when it has none.
pub fn field_name(lang: Lang, field: &str) -> Option<&'static str> {
    ["field", "audit_field"]
        .iter()
        .map(|p| t(lang, &format!("{p}.{field}")))
        .find(|l| !l.is_empty())
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

/// An error in a box; several field errors one per line, each naming its
/// field.
#[component]
pub fn ErrorBox(error: AppError) -> AnyView {
    let lang = use_lang();
    let body = match &error {
        AppError::Validation(v) if v.len() > 1 => view! {
            <ul class="list-disc space-y-0.5 pl-5">
                {v.iter().map(|f| {
                    let one = AppError::Validation(vec![f.clone()]);
                    view! { <li data-field-error=f.field.clone()>{error_text(lang, &one)}</li> }.into_any()
                }).collect_view()}
            </ul>
        }.into_any(),
        e => error_text(lang, e).into_any(),
    };
    view! {
        <div class="rounded-md border border-rose-200 bg-rose-50 p-4 text-sm text-rose-800" role="alert">
            {body}
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
pub const BUTTON: &str = "inline-flex shrink-0 items-center justify-center whitespace-nowrap rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50";
pub const BUTTON_LIGHT: &str = "inline-flex shrink-0 items-center justify-center whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";

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
