//! The audit trail: filter, page, verify the chain, export (audit administrator).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{list_audit, verify_audit, AuditQuery};
use crate::components::fmt_time;
use crate::components::form::{ErrorBox, BUTTON, BUTTON_LIGHT};
use crate::components::list::{columns, Column, FilterLayout, Filters, Listing, Rows, TextFilter};
use crate::components::table::urlencode;
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
                q.get("size"),
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
                    " "
                    <span data-testid="verify-checkpoints">{format!("{} {}", t(lang, "audit.checkpoints_met"), v.checkpoints)}</span>
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

        <Filters testid="audit-filter" reset="/audit" layout=FilterLayout::Grid>
            <TextFilter name="from" label=t(lang, "audit.from") kind="datetime-local"/>
            <TextFilter name="to" label=t(lang, "audit.to") kind="datetime-local"/>
            <TextFilter name="actor" label=t(lang, "audit.actor")/>
            <TextFilter name="action" label=t(lang, "audit.action") list="audit-actions"/>
            <TextFilter name="object_type" label=t(lang, "audit.object_type") id="f-type"/>
            <TextFilter name="object_id" label=t(lang, "audit.object_id") id="f-oid"/>
        </Filters>

        <Listing resource=page testid="audit-table" pager="before"
            columns={
                let mut c = columns(lang, &["audit.seq", "audit.at", "audit.actor", "audit.action", "audit.object",
                    "audit.changes", "dialog.reason", "audit.ip"]);
                c[0] = Column::new(t(lang, "audit.seq")).sorted("order", true, "before");
                c
            }
            rows=move |p: crate::api::AuditPage| {
                let actions = view! {
                    <datalist id="audit-actions">
                        {p.actions.into_iter().map(|a| view! { <option value=a.clone()>{crate::i18n::t_or_key(lang, &format!("action.{a}"), &a)}</option> }.into_any()).collect_view()}
                    </datalist>
                }.into_any();
                Rows::paged(p.items, p.next.map(|n| n.to_string())).with_caption(actions)
            }
            row=move |r: crate::api::AuditItem| view! {
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
            }/>
        <p class="mt-2 text-xs text-slate-500">{t(lang, "audit.hint")}</p>
    }.into_any()
}
