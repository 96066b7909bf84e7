//! The console: pages, components and server functions.
//!
//! Wire types live in `api`; server functions authorize inside themselves and
//! call the domain crate (server only). Pages never touch SQL.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::toast::{provide_toasts, ToastHost};
use crate::i18n::{provide_lang, t};
use crate::pages::layout::Layout;
use crate::pages::ops::dashboard::DashboardPage;
use crate::pages::security::{
    accounts::AccountsPage, audit::AuditPage, auth, profile::ProfilePage, sessions::SessionsPage,
    sign_ins::SignInsPage,
};

/// True once the page runs in the browser (after hydration).
#[derive(Clone, Copy)]
pub struct Hydrated(pub ReadSignal<bool>);

/// Whether the page has hydrated; false during server rendering.
pub fn use_hydrated() -> Signal<bool> {
    match use_context::<Hydrated>() {
        Some(Hydrated(s)) => s.into(),
        None => Signal::stored(false),
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::detect_lang();
    #[cfg(feature = "ssr")]
    state::set_page_csp();
    // the package's directory carries its content hash (ADR 0014)
    let css = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html lang=lang.html_tag() data-lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="leptos" href=css/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> AnyView {
    provide_meta_context();
    let lang = provide_lang();
    provide_toasts();
    // Marks the page as hydrated (effects run only in the browser); tests wait
    // for the attribute, forms whose result must be shown wait for the signal.
    let hydrated = RwSignal::new(false);
    provide_context(Hydrated(hydrated.read_only()));
    Effect::new(move |_| {
        hydrated.set(true);
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title text=t(lang, "app.title")/>
        <Router>
            <Routes fallback=move || view! { <pages::NotFound/> }>
                <Route path=path!("/login") view=auth::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/login/password") view=auth::ChangePasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/login/totp") view=auth::TotpPage ssr=SsrMode::Async/>
                <Route path=path!("/login/enrol") view=auth::EnrolPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=Layout ssr=SsrMode::Async>
                    <Route path=path!("") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("sessions") view=SessionsPage ssr=SsrMode::Async/>
                    <Route path=path!("sign-ins") view=SignInsPage ssr=SsrMode::Async/>
                    <Route path=path!("profile") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("monitor") view=crate::pages::ops::monitor::MonitorPage ssr=SsrMode::Async/>
                    <Route path=path!("audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("parties") view=pages::access::parties::PartiesPage ssr=SsrMode::Async/>
                    <Route path=path!("parties/:id") view=pages::access::party::PartyPage ssr=SsrMode::Async/>
                    <Route path=path!("applications") view=pages::access::applications::ApplicationsPage ssr=SsrMode::Async/>
                    <Route path=path!("applications/:id") view=pages::access::applications::ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("certificates") view=pages::access::certificates::CertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("cases") view=pages::catalog::cases::CasesPage ssr=SsrMode::Async/>
                    <Route path=path!("catalog") view=pages::catalog::basic::CatalogPage ssr=SsrMode::Async/>
                    <Route path=path!("implementation-lists") view=pages::catalog::impl_lists::ImplListsPage ssr=SsrMode::Async/>
                    <Route path=path!("providers") view=pages::providers::ProvidersPage ssr=SsrMode::Async/>
                    <Route path=path!("providers/:id") view=pages::providers::ProviderPage ssr=SsrMode::Async/>
                    <Route path=path!("services/:id") view=pages::providers::ServicePage ssr=SsrMode::Async/>
                    <Route path=path!("suspensions") view=pages::providers::SuspensionsPage ssr=SsrMode::Async/>
                    <Route path=path!("seals") view=pages::seals::SealsPage ssr=SsrMode::Async/>
                    <Route path=path!("operations") view=pages::ops::OpsOverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("operations/resources") view=pages::ops::OpsResourcesPage ssr=SsrMode::Async/>
                    <Route path=path!("operations/resources/:id") view=pages::ops::OpsResourcePage ssr=SsrMode::Async/>
                    <Route path=path!("operations/alarms") view=pages::ops::OpsAlarmsPage ssr=SsrMode::Async/>
                    <Route path=path!("operations/tickets") view=pages::ops::OpsTicketsPage ssr=SsrMode::Async/>
                    <Route path=path!("operations/tickets/:id") view=pages::ops::OpsTicketPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
        <ToastHost/>
    }
    .into_any()
}
