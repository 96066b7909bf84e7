//! 等保 and 密评 certificates expired or expiring within 30 days (R-6.8.d,
//! .e). An expired one marks its party 需整改.

use leptos::prelude::*;

use crate::api::{list_certificates, CertItem};
use crate::components::form::{ErrorBox, Loading};
use crate::i18n::{t, use_lang};

#[component]
pub fn CertTable(items: Vec<CertItem>, show_party: bool) -> AnyView {
    let lang = use_lang();
    let empty = items.is_empty();
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full text-sm" data-testid="certificates-table">
                <thead class="bg-slate-50 text-slate-600">
                    <tr>
                        {show_party.then(|| view! { <th class="px-4 py-2 text-left font-medium">{t(lang, "field.party_name")}</th> }.into_any())}
                        <th class="px-4 py-2 text-left font-medium">{t(lang, "evidence.kind")}</th>
                        <th class="px-4 py-2 text-left font-medium">{t(lang, "field.cert_number")}</th>
                        <th class="px-4 py-2 text-left font-medium">{t(lang, "field.cert_level")}</th>
                        <th class="px-4 py-2 text-left font-medium">{t(lang, "field.issuer")}</th>
                        <th class="px-4 py-2 text-left font-medium">{t(lang, "field.valid_until")}</th>
                        <th class="px-4 py-2 text-left font-medium">{t(lang, "app.one")}</th>
                    </tr>
                </thead>
                <tbody>
                    {empty.then(|| view! { <tr><td colspan="7" class="px-4 py-8 text-center text-slate-500">{t(lang, "cert.none")}</td></tr> }.into_any())}
                    {items.into_iter().map(|c| view! {
                        <tr class="border-t border-slate-100" data-cert=c.kind.clone()>
                            {show_party.then(|| view! { <td class="px-4 py-2"><a class="text-blue-700 hover:underline" href=format!("/parties/{}?tab=certificates", c.party_id)>{c.party_name.clone()}</a></td> }.into_any())}
                            <td class="px-4 py-2">{t(lang, &format!("evidence.{}", c.kind))}</td>
                            <td class="px-4 py-2 font-mono">{c.cert_number.clone().unwrap_or_default()}</td>
                            <td class="px-4 py-2">{c.cert_level.map(|l| t(lang, &format!("djcp.level{l}")).to_string()).unwrap_or_default()}</td>
                            <td class="px-4 py-2">{c.issuer.clone().unwrap_or_default()}</td>
                            <td class="px-4 py-2 whitespace-nowrap">
                                {c.valid_until.clone()}
                                {if c.expired {
                                    view! { <span class="ml-1 rounded bg-rose-100 px-1.5 text-xs text-rose-700">{t(lang, "cert.expired_badge")}</span> }.into_any()
                                } else if !c.valid_until.is_empty() {
                                    view! { <span class="ml-1 rounded bg-amber-100 px-1.5 text-xs text-amber-800">{t(lang, "cert.expiring_badge")}</span> }.into_any()
                                } else {
                                    ().into_any()
                                }}
                            </td>
                            <td class="px-4 py-2 font-mono"><a class="text-blue-700 hover:underline" href=format!("/applications/{}", c.application_id)>{c.application_number.clone()}</a></td>
                        </tr>
                    }.into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }.into_any()
}

#[component]
pub fn CertificatesPage() -> AnyView {
    let lang = use_lang();
    let certs = Resource::new(|| (), |_| list_certificates());
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "cert.title")}</h1>
        <p class="mb-4 text-sm text-slate-500">{t(lang, "cert.hint")}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match certs.await {
                    Ok(items) => view! { <CertTable items=items show_party=true/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}
