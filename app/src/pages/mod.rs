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

/// The lists the pages build from the domain's enumerations (not plain code
/// lists, so not in `gsp_protocol::codes`) agree with the domain.
#[cfg(all(test, feature = "ssr"))]
mod lists_agree_with_the_domain {
    use gsp_domain as d;

    fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|x| code(*x)).collect()
    }

    #[test]
    fn page_lists_are_the_domains() {
        assert_eq!(
            super::cases::STATUSES.to_vec(),
            d::cases::STATUSES
                .iter()
                .map(|(s, _)| *s)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            super::ops::CATEGORIES.to_vec(),
            d::ops::CATEGORIES
                .iter()
                .map(|(c, _)| *c)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            super::providers::STEPS.to_vec(),
            codes(&d::provider::Step::ALL, d::provider::Step::code)
        );
        assert_eq!(
            super::parties::KINDS.to_vec(),
            codes(&d::access_party::Kind::ALL, d::access_party::Kind::code)
        );
        assert_eq!(
            super::accounts::ROLES.to_vec(),
            codes(&d::Role::ALL, d::Role::code)
        );
        assert_eq!(
            super::applications::STATES.to_vec(),
            codes(&d::application::State::ALL, d::application::State::code)
        );
        assert_eq!(
            super::applications::EVIDENCE_KINDS.to_vec(),
            d::evidence::KINDS.to_vec()
        );
    }
}
