pub mod accounts;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod catalog;
pub mod certificates;
pub mod dashboard;
pub mod impl_lists;
pub mod layout;
pub mod ops;
pub mod parties;
pub mod party;
pub mod providers;
pub mod seals;
pub mod sessions;

use leptos::prelude::*;

use crate::i18n::{t, use_lang};

#[component]
pub fn NotFound() -> AnyView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    {
        if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
            r.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <main class="mx-auto mt-24 max-w-md text-center">
            <h1 class="text-2xl font-semibold">{t(lang, "notfound.title")}</h1>
            <p class="mt-2 text-slate-600">{t(lang, "notfound.body")}</p>
            <a class="mt-6 inline-block text-blue-700 hover:underline" href="/">{t(lang, "notfound.home")}</a>
        </main>
    }.into_any()
}
