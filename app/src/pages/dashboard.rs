use leptos::prelude::*;

use crate::api::get_dashboard;
use crate::components::form::{ErrorBox, Loading};
use crate::i18n::{t, use_lang};
use crate::pages::layout::use_me;

#[component]
fn Card(
    label: String,
    value: i64,
    testid: &'static str,
    #[prop(optional)] warn: bool,
) -> impl IntoView {
    view! {
        <div class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid=testid>
            <div class="text-sm text-slate-500">{label}</div>
            <div class={if warn && value > 0 { "mt-1 text-2xl font-semibold text-rose-600" } else { "mt-1 text-2xl font-semibold" }}>
                {value}
            </div>
        </div>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let me = use_me();
    let data = Resource::new(|| (), |_| get_dashboard());
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "dashboard.title")}</h1>
        <p class="mb-6 text-sm text-slate-500">{format!("{}，{}", t(lang, "dashboard.welcome"), me.display_name)}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) if d.organisation.is_some() => view! {
                        <p class="mb-4 text-sm text-slate-600" data-testid="org-scope">
                            {format!("{}：{}", t(lang, "dashboard.org_scope"), d.organisation.clone().unwrap_or_default())}
                        </p>
                        <div class="grid grid-cols-2 gap-4 lg:grid-cols-4">
                            <Card label=t(lang, "dashboard.org_accounts").into() value=d.accounts testid="stat-accounts"/>
                            <Card label=t(lang, "dashboard.sessions").into() value=d.active_sessions testid="stat-sessions"/>
                            <Card label=t(lang, "dashboard.locked").into() value=d.accounts_locked testid="stat-locked" warn=true/>
                            <Card label=t(lang, "dashboard.disabled").into() value=d.accounts_disabled testid="stat-disabled"/>
                        </div>
                    }.into_any(),
                    Ok(d) => view! {
                        <div class="grid grid-cols-2 gap-4 lg:grid-cols-4">
                            <Card label=t(lang, "dashboard.accounts").into() value=d.accounts testid="stat-accounts"/>
                            <Card label=t(lang, "dashboard.sessions").into() value=d.active_sessions testid="stat-sessions"/>
                            <Card label=t(lang, "dashboard.organisations").into() value=d.organisations testid="stat-organisations"/>
                            <Card label=t(lang, "dashboard.audit_records").into() value=d.audit_records testid="stat-audit"/>
                            <Card label=t(lang, "dashboard.sign_ins").into() value=d.sign_ins_24h testid="stat-sign-ins"/>
                            <Card label=t(lang, "dashboard.failed_sign_ins").into() value=d.failed_sign_ins_24h testid="stat-failed" warn=true/>
                            <Card label=t(lang, "dashboard.locked").into() value=d.accounts_locked testid="stat-locked" warn=true/>
                            <Card label=t(lang, "dashboard.disabled").into() value=d.accounts_disabled testid="stat-disabled"/>
                        </div>
                        <h2 class="mt-8 mb-3 text-base font-semibold">{t(lang, "dashboard.by_role")}</h2>
                        <div class="overflow-hidden rounded-lg border border-slate-200 bg-white">
                            <table class="min-w-full text-sm">
                                <tbody>
                                    {d.by_role.into_iter().map(|(r, n)| view! {
                                        <tr class="border-b border-slate-100 last:border-0">
                                            <td class="px-4 py-2">{t(lang, &format!("role.{r}"))}</td>
                                            <td class="px-4 py-2 text-right font-medium">{n}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
