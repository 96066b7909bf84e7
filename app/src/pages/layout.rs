use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_url};

use crate::api::Me;
use crate::components::form::Loading;
use crate::i18n::{t, use_lang, Lang};

/// The signed-in person, provided to every page under the layout.
pub fn use_me() -> Me {
    expect_context::<Me>()
}

/// The console's frame. The signed-in person is known before the page
/// renders (the server's page guard puts it in the request) and travels with
/// the page, so that pages render synchronously under the layout: a page
/// nested in an async boundary here had its resources created twice on the
/// server and failed to hydrate (ADR 0005).
#[component]
pub fn Layout() -> AnyView {
    let me = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|p| p.extensions.get::<crate::api::MeExt>().map(|m| m.0.clone()))
        }
        #[cfg(not(feature = "ssr"))]
        {
            None::<Me>
        }
    })
    .into_inner();
    match me {
        Some(me) => view! { <Shell me=me/> }.into_any(),
        None => {
            // reached by client-side navigation from outside the console:
            // let the server render it (or send to sign-in)
            #[cfg(not(feature = "ssr"))]
            {
                let _ = window().location().reload();
            }
            view! { <Loading/> }.into_any()
        }
    }
}

/// A navigation entry: a link when the area is built and allowed, plain text
/// marked "coming" when it is not built yet. Built from `routes::PAGES`.
struct NavItem {
    key: &'static str,
    href: Option<&'static str>,
    permission: Option<&'static str>,
}

fn nav_items(admin: bool) -> Vec<NavItem> {
    use crate::routes::{Nav, COMING, PAGES};
    let mut items: Vec<NavItem> = PAGES
        .iter()
        .filter_map(|p| match (p.nav, admin) {
            (Nav::Area(key), false) | (Nav::Admin(key), true) => Some(NavItem {
                key,
                href: Some(p.path),
                permission: p.permission,
            }),
            _ => None,
        })
        .collect();
    if !admin {
        items.extend(COMING.iter().map(|key| NavItem {
            key,
            href: None,
            permission: None,
        }));
    }
    items
}

fn nav_link(lang: Lang, me: &Me, item: &NavItem) -> Option<AnyView> {
    if let Some(p) = item.permission {
        if !me.can(p) {
            return None;
        }
    }
    let label = t(lang, item.key);
    Some(match item.href {
        Some(href) => {
            let location = use_location();
            let active = move || {
                let p = location.pathname.get();
                if href == "/" { p == "/" } else { p.starts_with(href) }
            };
            view! {
                <a
                    href=href
                    class=move || {
                        if active() {
                            "block rounded-md bg-blue-800 px-3 py-2 text-sm font-medium text-white"
                        } else {
                            "block rounded-md px-3 py-2 text-sm text-blue-100 hover:bg-blue-800/60"
                        }
                    }
                    aria-current=move || if active() { Some("page") } else { None }
                >
                    {label}
                </a>
            }
            .into_any()
        }
        None => view! {
            <span class="flex items-center justify-between rounded-md px-3 py-2 text-sm text-blue-300" title=t(lang, "nav.coming_hint")>
                {label}
                <span class="rounded bg-blue-900 px-1.5 text-[10px]">{t(lang, "nav.coming")}</span>
            </span>
        }.into_any(),
    })
}

#[component]
fn Shell(me: Me) -> AnyView {
    let lang = use_lang();
    provide_context(me.clone());
    let url = use_url();
    let switch_href = move || {
        let u = url.get();
        let next = format!("{}{}", u.path(), u.search());
        let target = if lang == Lang::Zh { "en" } else { "zh" };
        format!(
            "/lang/{target}?next={}",
            crate::components::table::urlencode(&next)
        )
    };
    let roles = me
        .roles
        .iter()
        .map(|r| t(lang, &format!("role.{r}")))
        .collect::<Vec<_>>()
        .join("、");
    let areas = nav_items(false)
        .iter()
        .filter_map(|i| nav_link(lang, &me, i))
        .collect::<Vec<_>>();
    let admin = nav_items(true)
        .iter()
        .filter_map(|i| nav_link(lang, &me, i))
        .collect::<Vec<_>>();
    let dashboard = nav_link(
        lang,
        &me,
        &NavItem {
            key: "nav.dashboard",
            href: Some("/"),
            permission: None,
        },
    );
    // each page names itself in the browser's tab (and for screen readers)
    let location = use_location();
    let title = move || {
        let path = location.pathname.get();
        let page = crate::routes::page_of(&path)
            .map(|p| t(lang, p.title_key()))
            .unwrap_or_else(|| t(lang, "nav.dashboard"));
        format!("{page} - {}", t(lang, "app.title"))
    };
    // below 1024 px the side navigation folds away behind a menu button
    let nav_open = RwSignal::new(false);
    Effect::new(move |_| {
        location.pathname.track();
        nav_open.set(false);
    });
    view! {
        <leptos_meta::Title text=title/>
        <a href="#main" on:click=move |_| focus_main() class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:text-blue-800 focus:shadow" data-testid="skip-link">
            {t(lang, "common.skip_to_content")}
        </a>
        <div class="flex min-h-screen">
            <aside id="side-nav" class=move || if nav_open.get() {
                "fixed inset-y-0 left-0 z-30 w-60 shrink-0 overflow-y-auto bg-blue-950 px-3 py-4 shadow-xl min-[1025px]:static min-[1025px]:shadow-none"
            } else {
                "hidden w-60 shrink-0 bg-blue-950 px-3 py-4 min-[1025px]:block"
            }>
                <div class="mb-6 px-3">
                    <div class="text-base font-semibold text-white">{t(lang, "app.name")}</div>
                    <div class="text-xs text-blue-300">{t(lang, "app.subtitle")}</div>
                </div>
                <nav class="space-y-1" aria-label=t(lang, "nav.label")>
                    {dashboard}
                    <div class="px-3 pt-4 pb-1 text-xs uppercase tracking-wide text-blue-400">{t(lang, "nav.areas")}</div>
                    {areas}
                    {(!admin.is_empty()).then(|| view! {
                        <div class="px-3 pt-4 pb-1 text-xs uppercase tracking-wide text-blue-400">{t(lang, "nav.admin")}</div>
                    }.into_any())}
                    {admin}
                </nav>
            </aside>
            <div class="flex min-w-0 flex-1 flex-col">
                <header class="flex items-center justify-end gap-4 border-b border-slate-200 bg-white px-6 py-3 text-sm">
                    <button type="button" class="mr-auto rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50 min-[1025px]:hidden" data-testid="nav-toggle"
                        aria-controls="side-nav" aria-expanded=move || nav_open.get().to_string()
                        on:click=move |_| nav_open.update(|o| *o = !*o)>
                        {t(lang, "nav.menu")}
                    </button>
                    <a href="/profile" data-testid="whoami" class="whitespace-nowrap hover:underline" title=t(lang, "title.profile")>
                        <span class="font-medium">{me.display_name.clone()}</span>
                        <span class="ml-2 text-slate-500">{roles}</span>
                    </a>
                    <a rel="external" class="text-blue-700 hover:underline" data-testid="lang-switch" href=switch_href>
                        {t(lang, "lang.switch")}
                    </a>
                    <form method="post" action="/auth/logout">
                        <button type="submit" class="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50" data-testid="sign-out">
                            {t(lang, "auth.sign_out")}
                        </button>
                    </form>
                </header>
                <main id="main" tabindex="-1" class="flex-1 p-4 outline-none lg:p-6">
                    {move || breadcrumbs(lang, &location.pathname.get())}
                    <Outlet/>
                </main>
                <footer class="border-t border-slate-200 px-6 py-2 text-xs text-slate-500" data-testid="time-zone">{t(lang, "common.time_zone")}</footer>
            </div>
        </div>
    }.into_any()
}

/// Where a detail page sits (工作台 › 运行监测 › 协同工单 › 工单详情): the
/// pages above it by path, each a link. Pages of the navigation have none.
fn breadcrumbs(lang: Lang, path: &str) -> Option<AnyView> {
    use crate::routes::{page_of, Nav};
    let page = page_of(path)?;
    if !matches!(page.nav, Nav::Hidden(_)) {
        return None;
    }
    let mut crumbs: Vec<(String, &'static str)> = vec![("/".into(), "nav.dashboard")];
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for n in 1..segments.len() {
        let prefix = format!("/{}", segments[..n].join("/"));
        if let Some(p) = page_of(&prefix) {
            crumbs.push((prefix, p.title_key()));
        }
    }
    Some(view! {
        <nav aria-label=t(lang, "nav.breadcrumb") class="mb-2 text-sm text-slate-600" data-testid="breadcrumbs">
            <ol class="flex flex-wrap items-center gap-1">
                {crumbs.into_iter().map(|(href, key)| view! {
                    <li><a class="text-blue-700 hover:underline" href=href>{t(lang, key)}</a><span class="mx-1 text-slate-500" aria-hidden="true">"›"</span></li>
                }.into_any()).collect_view()}
                <li aria-current="page">{t(lang, page.title_key())}</li>
            </ol>
        </nav>
    }.into_any())
}

/// The skip link's target takes the focus (the router keeps it on the link).
fn focus_main() {
    #[cfg(not(feature = "ssr"))]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(main) = document()
            .get_element_by_id("main")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    }
}
