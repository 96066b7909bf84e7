//! 等保 and 密评 certificates expired or expiring within 30 days (R-6.8.d,
//! .e). An expired one marks its party 需整改.

use leptos::prelude::*;

use crate::api::{list_certificates, CertItem};
use crate::components::list::{columns, Column, Listing, Rows, Table};
use crate::i18n::{t, use_lang};

fn cert_columns(lang: crate::i18n::Lang, show_party: bool) -> Vec<Column> {
    let mut keys = vec![
        "evidence.kind",
        "field.cert_number",
        "field.cert_level",
        "field.issuer",
        "field.valid_until",
        "app.one",
    ];
    if show_party {
        keys.insert(0, "field.party_name");
    }
    columns(lang, &keys)
}

fn cert_row(
    lang: crate::i18n::Lang,
    show_party: bool,
) -> impl Fn(CertItem) -> AnyView + Clone + Send + Sync + 'static {
    move |c: CertItem| {
        view! {
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
        }.into_any()
    }
}

/// Certificates already loaded (a party's own, on its page).
#[component]
pub fn CertTable(items: Vec<CertItem>, show_party: bool) -> AnyView {
    let lang = use_lang();
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <Table columns=cert_columns(lang, show_party) items=items row=cert_row(lang, show_party)
                testid="certificates-table" empty=t(lang, "cert.none")/>
        </div>
    }
    .into_any()
}

#[component]
pub fn CertificatesPage() -> AnyView {
    let lang = use_lang();
    let certs = Resource::new(|| (), |_| list_certificates());
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "cert.title")}</h1>
        <p class="mb-4 text-sm text-slate-500">{t(lang, "cert.hint")}</p>
        <Listing resource=certs rows=Rows::capped columns=cert_columns(lang, true) row=cert_row(lang, true)
            testid="certificates-table" empty=t(lang, "cert.none")/>
    }
    .into_any()
}
