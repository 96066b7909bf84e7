//! The audit trail: filter, page, verify the chain, export (audit administrator).

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::{list_audit, verify_audit, AuditQuery};
use crate::components::fmt_time;
use crate::components::form::{ErrorBox, Loading, BUTTON, BUTTON_LIGHT, INPUT, LABEL};
use crate::components::table::{urlencode, Pager, SortHeader};
use crate::i18n::{t, use_lang};

fn query_of(q: &leptos_router::params::ParamsMap) -> AuditQuery {
    let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
    AuditQuery {
        from: get("from"),
        to: get("to"),
        actor: get("actor"),
        action: get("action"),
        object_type: get("object_type"),
        object_id: get("object_id"),
    }
}

#[component]
pub fn AuditPage() -> AnyView {
    let lang = use_lang();
    let query = use_query_map();
    let page = Resource::new(
        move || query.get(),
        |q| {
            let aq = query_of(&q);
            let before = q.get("before").and_then(|b| b.parse::<i64>().ok());
            let ascending = q.get("order").as_deref() == Some("asc");
            list_audit(
                aq.from,
                aq.to,
                aq.actor,
                aq.action,
                aq.object_type,
                aq.object_id,
                before,
                ascending,
            )
        },
    );
    let verify = Action::new(|_: &()| verify_audit());
    let export_href = move |format: &str| {
        let q = query_of(&query.get());
        let mut parts = vec![format!("format={format}")];
        for (k, v) in [
            ("from", q.from),
            ("to", q.to),
            ("actor", q.actor),
            ("action", q.action),
            ("object_type", q.object_type),
            ("object_id", q.object_id),
        ] {
            if let Some(v) = v {
                parts.push(format!("{k}={}", urlencode(&v)));
            }
        }
        format!("/audit/export?{}", parts.join("&"))
    };
    // initial values only: typing before hydration is never overwritten
    let val = move |k: &'static str| query.get_untracked().get(k).unwrap_or_default();

    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-xl font-semibold" data-testid="page-title">{t(lang, "audit.title")}</h1>
            <div class="flex gap-2">
                <button class=BUTTON data-testid="verify-chain" disabled=move || verify.pending().get() on:click=move |_| { verify.dispatch(()); }>
                    {move || if verify.pending().get() { t(lang, "audit.verifying") } else { t(lang, "audit.verify") }}
                </button>
                <a rel="external" class=BUTTON_LIGHT href=move || export_href("csv") data-testid="export-csv">{t(lang, "audit.export_csv")}</a>
                <a rel="external" class=BUTTON_LIGHT href=move || export_href("xlsx") data-testid="export-xlsx">{t(lang, "audit.export_xlsx")}</a>
            </div>
        </div>

        {move || verify.value().get().map(|r| match r {
            Ok(v) if v.ok => view! {
                <div class="mb-4 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="verify-result" data-ok="true">
                    {format!("{} {} {}", t(lang, "audit.chain_ok"), v.checked, t(lang, "audit.records"))}
                </div>
            }.into_any(),
            Ok(v) => view! {
                <div class="mb-4 rounded-md border border-rose-300 bg-rose-50 p-4 text-sm text-rose-900" data-testid="verify-result" data-ok="false">
                    {format!("{} #{}：{}", t(lang, "audit.chain_broken"), v.problem_seq.unwrap_or_default(),
                        t(lang, &format!("audit.problem.{}", v.problem.clone().unwrap_or_default())))}
                </div>
            }.into_any(),
            Err(e) => view! { <div class="mb-4"><ErrorBox error=e/></div> }.into_any(),
        })}

        <Form method="GET" action="" attr:class="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 lg:grid-cols-7">
            <div>
                <label class=LABEL for="f-from">{t(lang, "audit.from")}</label>
                <input class=INPUT id="f-from" name="from" type="datetime-local" value=val("from")/>
            </div>
            <div>
                <label class=LABEL for="f-to">{t(lang, "audit.to")}</label>
                <input class=INPUT id="f-to" name="to" type="datetime-local" value=val("to")/>
            </div>
            <div>
                <label class=LABEL for="f-actor">{t(lang, "audit.actor")}</label>
                <input class=INPUT id="f-actor" name="actor" value=val("actor")/>
            </div>
            <div>
                <label class=LABEL for="f-action">{t(lang, "audit.action")}</label>
                <input class=INPUT id="f-action" name="action" list="audit-actions" value=val("action")/>
            </div>
            <div>
                <label class=LABEL for="f-type">{t(lang, "audit.object_type")}</label>
                <input class=INPUT id="f-type" name="object_type" value=val("object_type")/>
            </div>
            <div>
                <label class=LABEL for="f-oid">{t(lang, "audit.object_id")}</label>
                <input class=INPUT id="f-oid" name="object_id" value=val("object_id")/>
            </div>
            <div class="flex items-end gap-2">
                <button type="submit" class=BUTTON data-testid="audit-filter">{t(lang, "common.filter")}</button>
                <a rel="external" class=BUTTON_LIGHT href="/audit">{t(lang, "common.reset")}</a>
            </div>
        </Form>

        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let next = p.next.map(|n| n.to_string());
                            let empty = p.items.is_empty();
                            view! {
                                <datalist id="audit-actions">
                                    {p.actions.into_iter().map(|a| view! { <option value=a.clone()>{crate::i18n::t_or_key(lang, &format!("action.{a}"), &a)}</option> }.into_any()).collect_view()}
                                </datalist>
                                <table class="min-w-full text-sm" data-testid="audit-table">
                                    <thead class="bg-slate-50 text-slate-600">
                                        <tr>
                                            <SortHeader label=t(lang, "audit.seq").into() param="order" default_desc=true cursor="before"/>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "audit.at")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "audit.actor")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "audit.action")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "audit.object")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "audit.changes")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "dialog.reason")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "audit.ip")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {empty.then(|| view! { <tr><td colspan="8" class="px-4 py-8 text-center text-slate-500">{t(lang, "table.empty")}</td></tr> }.into_any())}
                                        {p.items.into_iter().map(|r| view! {
                                            <tr class="border-t border-slate-100 align-top" data-seq=r.seq>
                                                <td class="px-4 py-2 font-mono text-slate-500" title=r.hash.clone()>{r.seq}</td>
                                                <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&r.at)}</td>
                                                <td class="px-4 py-2">{r.actor_name.clone()}
                                                    <div class="text-xs text-slate-400">{t(lang, &format!("actor.{}", r.actor_kind))}</div>
                                                </td>
                                                <td class="px-4 py-2">{crate::i18n::t_or_key(lang, &format!("action.{}", r.action), &r.action)}
                                                    <div class="font-mono text-xs text-slate-400">{r.action.clone()}</div>
                                                </td>
                                                <td class="px-4 py-2">{r.object_label.clone()}
                                                    <div class="text-xs text-slate-400">{r.object_type.clone()}</div>
                                                </td>
                                                <td class="max-w-xs px-4 py-2"><code class="break-all text-xs text-slate-600">{r.changes.clone()}</code></td>
                                                <td class="px-4 py-2">{r.reason.clone()}</td>
                                                <td class="px-4 py-2 font-mono text-xs">{r.source_ip.clone()}</td>
                                            </tr>
                                        }.into_any()).collect_view()}
                                    </tbody>
                                </table>
                                <Pager next=Signal::derive(move || next.clone()) param="before"/>
                            }.into_any()
                        }
                        Err(e) => view! { <div class="p-4"><ErrorBox error=e/></div> }.into_any(),
                    }
                })}
            </Transition>
        </div>
        <p class="mt-2 text-xs text-slate-500">{t(lang, "audit.hint")}</p>
    }.into_any()
}
