//! The console's pages: one folder per area of the standard (the same names
//! as the domain's folders and `app/src/api`), the frame (`layout`) and the
//! components every page shares here.

// areas
pub mod access;
pub mod catalog;
pub mod ops;
pub mod providers;
pub mod seals;
pub mod security;

// the frame
pub mod layout;

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
            super::catalog::cases::STATUSES.to_vec(),
            d::catalog::cases::STATUSES
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
            codes(&d::providers::Step::ALL, d::providers::Step::code)
        );
        assert_eq!(
            super::access::parties::KINDS.to_vec(),
            codes(&d::access::party::Kind::ALL, d::access::party::Kind::code)
        );
        assert_eq!(
            super::security::accounts::ROLES.to_vec(),
            codes(&d::Role::ALL, d::Role::code)
        );
        assert_eq!(
            super::access::applications::STATES.to_vec(),
            codes(
                &d::access::application::State::ALL,
                d::access::application::State::code
            )
        );
        assert_eq!(
            super::access::applications::EVIDENCE_KINDS.to_vec(),
            d::access::application::evidence::KINDS.to_vec()
        );
    }
}
