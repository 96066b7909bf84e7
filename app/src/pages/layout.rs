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
            <span class="flex items-center justify-between rounded-md px-3 py-2 text-sm text-blue-300/70" title=t(lang, "nav.coming_hint")>
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
    view! {
        <div class="flex min-h-screen">
            <aside class="w-60 shrink-0 bg-blue-950 px-3 py-4">
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
                    <span data-testid="whoami">
                        <span class="font-medium">{me.display_name.clone()}</span>
                        <span class="ml-2 text-slate-500">{roles}</span>
                    </span>
                    <a rel="external" class="text-blue-700 hover:underline" data-testid="lang-switch" href=switch_href>
                        {t(lang, "lang.switch")}
                    </a>
                    <form method="post" action="/auth/logout">
                        <button type="submit" class="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50" data-testid="sign-out">
                            {t(lang, "auth.sign_out")}
                        </button>
                    </form>
                </header>
                <main class="flex-1 p-6">
                    <Outlet/>
                </main>
            </div>
        </div>
    }.into_any()
}
