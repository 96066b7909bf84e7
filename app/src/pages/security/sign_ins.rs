//! The login log (登录日志): every sign-in and every refusal, newest first,
//! with the account, address, browser and system, and what happened — apart
//! from the operation log (审计日志) that records everything else.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{list_sign_ins, SignInItem};
use crate::components::fmt_time_s;
use crate::components::list::{columns, Filters, Listing, Rows, TextFilter};
use crate::i18n::{t, use_lang};

#[component]
pub fn SignInsPage() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let page = Resource::new(
        move || query.get(),
        |q| {
            list_sign_ins(
                q.get("account").filter(|s| !s.is_empty()),
                q.get("failures"),
                q.get("before").and_then(|b| b.parse().ok()),
                q.get("size"),
            )
        },
    );
    let failures = move || query.get().get("failures").as_deref() == Some("1");
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-xl font-semibold" data-testid="page-title">{t(lang, "signins.title")}</h1>
            <a class="text-sm text-blue-700 hover:underline" data-testid="failures-only"
                href=move || if failures() { "/sign-ins".to_string() } else { "/sign-ins?failures=1".to_string() }>
                {move || t(lang, if failures() { "signins.show_all" } else { "signins.failures_only" })}
            </a>
        </div>
        <Filters testid="sign-in-filter" reset="/sign-ins">
            <TextFilter name="account" label=t(lang, "field.username")/>
        </Filters>
        <Listing resource=page testid="sign-ins-table" pager="before"
            columns=columns(lang, &["audit.at", "field.username", "sessions.ip", "sessions.agent", "signins.result"])
            rows={|p: crate::api::SignInPage| Rows::paged(p.items, p.next.map(|n| n.to_string()))}
            row=move |r: SignInItem| {
                let ok = r.result == "auth.sign_in";
                let result = crate::i18n::t_or_key(lang, &format!("action.{}", r.result), &r.result);
                let detail = match (r.step.as_str(), &r.locked_until) {
                    (_, Some(until)) => chrono::DateTime::parse_from_rfc3339(until)
                        .map(|u| format!("{} {}", t(lang, "auth.locked_until"), crate::components::fmt_time(&u.with_timezone(&chrono::Utc))))
                        .unwrap_or_default(),
                    ("", None) => String::new(),
                    (step, None) => t(lang, &format!("signins.step.{step}")).to_string(),
                };
                view! {
                    <tr class="border-t border-slate-100" data-result=r.result.clone()>
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_time_s(&r.at)}</td>
                        <td class="px-4 py-2">{r.account.clone()}
                            {r.unknown_account.then(|| view! { <div class="text-xs text-slate-500">{t(lang, "signins.unknown_account")}</div> }.into_any())}
                        </td>
                        <td class="px-4 py-2 font-mono text-xs">{r.ip.clone()}</td>
                        <td class="px-4 py-2 whitespace-nowrap">{if r.browser.is_empty() { "—".to_string() } else { r.browser.clone() }}
                            <div class="text-xs text-slate-500">{r.os.clone()}</div>
                        </td>
                        <td class="px-4 py-2">
                            <span class={if ok { "font-medium text-emerald-800" } else { "font-medium text-rose-700" }}>{result}</span>
                            {(!detail.is_empty()).then(|| view! { <div class="text-xs text-slate-500">{detail}</div> }.into_any())}
                        </td>
                    </tr>
                }
            }/>
    }.into_any()
}
