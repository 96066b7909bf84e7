//! The audit trail: filter, page, verify the chain, export (audit administrator).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{list_audit, verify_audit, AuditQuery};
use crate::components::form::{ErrorBox, BUTTON, BUTTON_LIGHT};
use crate::components::form::{INPUT, LABEL};
use crate::components::list::{
    columns, initial, Column, FilterLayout, Filters, Listing, Rows, TextFilter,
};
use crate::components::table::urlencode;
use crate::components::{fmt_int, fmt_time, fmt_time_s};
use crate::i18n::{t, use_lang, Lang};

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
                    {crate::i18n::punct(lang, format!("{} #{}：{}", t(lang, "audit.chain_broken"), v.problem_seq.unwrap_or_default(),
                        t(lang, &format!("audit.problem.{}", v.problem.clone().unwrap_or_default()))))}
                </div>
            }.into_any(),
            Err(e) => view! { <div class="mb-4"><ErrorBox error=e/></div> }.into_any(),
        })}

        <Filters testid="audit-filter" reset="/audit" layout=FilterLayout::Grid>
            <TextFilter name="from" label=t(lang, "audit.from") kind="datetime-local"/>
            <TextFilter name="to" label=t(lang, "audit.to") kind="datetime-local"/>
            <TextFilter name="actor" label=t(lang, "audit.actor")/>
            <LabelledSelect name="action" label=t(lang, "audit.action") table=gsp_protocol::audit::ACTIONS/>
            <LabelledSelect name="object_type" label=t(lang, "audit.object_type") table=gsp_protocol::audit::OBJECT_TYPES/>
            <TextFilter name="object_id" label=t(lang, "audit.object_id") id="f-oid"/>
        </Filters>

        <Listing resource=page testid="audit-table" pager="before"
            columns={
                let mut c = columns(lang, &["audit.seq", "audit.at", "audit.actor", "audit.action", "audit.object",
                    "audit.changes", "dialog.reason", "audit.ip"]);
                c[0] = Column::new(t(lang, "audit.seq")).sorted("order", true, "before");
                c
            }
            rows=move |p: crate::api::AuditPage| Rows::paged(p.items, p.next.map(|n| n.to_string()))
            row=move |r: crate::api::AuditItem| view! {
                <tr class="border-t border-slate-100 align-top" data-seq=r.seq>
                    <td class="px-4 py-2 font-mono text-slate-500" title=r.hash.clone()>{r.seq}</td>
                    <td class="px-4 py-2 whitespace-nowrap">{fmt_time_s(&r.at)}</td>
                    <td class="px-4 py-2">{r.actor_name.clone()}
                        <div class="text-xs text-slate-500">{t(lang, &format!("actor.{}", r.actor_kind))}</div>
                    </td>
                    <td class="px-4 py-2" data-action=r.action.clone() data-labelled=gsp_protocol::audit::action(&r.action).is_some().to_string()>
                        <span class="whitespace-nowrap">{label_of(lang, gsp_protocol::audit::action(&r.action), &r.action)}</span>
                    </td>
                    <td class="px-4 py-2">{r.object_label.clone()}
                        <div class="text-xs text-slate-500 whitespace-nowrap">{label_of(lang, gsp_protocol::audit::object_type(&r.object_type), &r.object_type)}</div>
                    </td>
                    <td class="max-w-sm px-4 py-2 text-xs" data-testid="audit-changes">
                        {change_lines(lang, &r.object_type, &r.changes).into_iter().map(|c| view! {
                            <div class="break-words" data-field=c.field.clone()>
                                <span class="text-slate-500">{c.label}{crate::i18n::colon(lang)}</span>
                                {c.before.map(|b| view! { <span class="text-slate-600 line-through decoration-slate-400">{b}</span>" → " }.into_any())}
                                <span>{c.after}</span>
                            </div>
                        }.into_any()).collect_view()}
                    </td>
                    <td class="px-4 py-2">{r.reason.clone()}</td>
                    <td class="px-4 py-2 font-mono text-xs">{r.source_ip.clone()}</td>
                </tr>
            }/>
        <p class="mt-2 text-xs text-slate-500">{t(lang, "audit.hint")}</p>
    }.into_any()
}

/// A filter over a labelled code table (actions, object types): staff pick
/// 退回接入申请, the query carries `application.return`.
#[component]
fn LabelledSelect(
    name: &'static str,
    #[prop(into)] label: String,
    table: &'static [(&'static str, &'static str, &'static str)],
) -> AnyView {
    let lang = use_lang();
    let id = format!("f-{name}");
    view! {
        <div>
            <label class=LABEL for=id.clone()>{label}</label>
            <select class=INPUT id=id name=name prop:value=initial(name)>
                <option value="">{t(lang, "common.all")}</option>
                {table.iter().map(|(code, zh, en)| {
                    let text = if lang == Lang::Zh { *zh } else { *en };
                    view! { <option value=*code>{text}</option> }.into_any()
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

fn label_of(lang: Lang, labels: Option<(&'static str, &'static str)>, code: &str) -> String {
    match (labels, lang) {
        (Some((zh, _)), Lang::Zh) => zh.to_string(),
        (Some((_, en)), Lang::En) => en.to_string(),
        (None, _) => code.to_string(),
    }
}

/// One line of a record's changes: a field's label, what it was (when the
/// record says) and what it became.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeLine {
    pub field: String,
    pub label: String,
    pub before: Option<String>,
    pub after: String,
}

/// The state labels of an object type's states (`app_state.approved`).
fn state_prefix(object_type: &str) -> Option<&'static str> {
    Some(match object_type {
        "application" => "app_state",
        "seal_system" => "seal_system_state",
        "seal" => "seal_state",
        "alarm" => "alarm_state",
        "ticket" => "ticket_state",
        "service" => "service_state",
        "access_party" => "provider_state",
        _ => return None,
    })
}

fn field_label(lang: Lang, field: &str) -> String {
    ["audit_field", "field", "impl_field"]
        .iter()
        .map(|p| t(lang, &format!("{p}.{field}")))
        .find(|l| !l.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| field.to_string())
}

/// A value as staff read it: states and roles by their labels, times in
/// China time, counts with separators, lists joined, yes/no.
fn shown(lang: Lang, object_type: &str, field: &str, v: &serde_json::Value) -> String {
    use serde_json::Value;
    let text = |s: &str| -> String {
        let by_prefix = |prefix: &str| t(lang, &format!("{prefix}.{s}"));
        if matches!(field, "from" | "to" | "state") {
            if let Some(p) = state_prefix(object_type) {
                let l = by_prefix(p);
                if !l.is_empty() {
                    return l.to_string();
                }
            }
        }
        if field == "roles" {
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            return s
                .split(',')
                .filter(|r| !r.is_empty())
                .map(|r| crate::i18n::t_or_key(lang, &format!("role.{r}"), r))
                .collect::<Vec<_>>()
                .join(sep);
        }
        if s.len() >= 20 && s.as_bytes().get(4) == Some(&b'-') {
            if let Ok(at) = chrono::DateTime::parse_from_rfc3339(s) {
                return fmt_time(&at.with_timezone(&chrono::Utc));
            }
        }
        s.to_string()
    };
    match v {
        Value::Null => "—".into(),
        Value::Bool(b) => t(lang, if *b { "common.yes" } else { "common.no" }).into(),
        Value::Number(n) => n.as_i64().map(fmt_int).unwrap_or_else(|| n.to_string()),
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => text(s),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            items
                .iter()
                .map(|i| shown(lang, object_type, field, i))
                .collect::<Vec<_>>()
                .join(sep)
        }
        Value::Array(items) => format!(
            "{} {}",
            fmt_int(items.len() as i64),
            t(lang, "audit.entries")
        ),
        Value::Object(m) => {
            let sep = if lang == Lang::Zh { "；" } else { "; " };
            m.iter()
                .map(|(k, x)| {
                    format!(
                        "{}{}{}",
                        field_label(lang, k),
                        crate::i18n::colon(lang),
                        shown(lang, object_type, k, x)
                    )
                })
                .collect::<Vec<_>>()
                .join(sep)
        }
    }
}

/// `{"from", "to"}` or `{"old", "new"}`: a field that changed.
fn before_after(v: &serde_json::Value) -> Option<(&serde_json::Value, &serde_json::Value)> {
    let m = v.as_object()?;
    [("from", "to"), ("old", "new"), ("before", "after")]
        .iter()
        .find_map(|(b, a)| Some((m.get(*b)?, m.get(*a)?)).filter(|_| m.len() == 2))
}

/// A record's changes (the JSON the domain recorded) as lines of
/// field: before → after, with field labels.
pub fn change_lines(lang: Lang, object_type: &str, changes: &str) -> Vec<ChangeLine> {
    let v: serde_json::Value = match serde_json::from_str(changes) {
        Ok(v) => v,
        Err(_) if changes.trim().is_empty() => return vec![],
        Err(_) => {
            return vec![ChangeLine {
                field: String::new(),
                label: t(lang, "audit.changes").into(),
                before: None,
                after: changes.to_string(),
            }]
        }
    };
    let serde_json::Value::Object(m) = v else {
        return match v {
            serde_json::Value::Null => vec![],
            other => vec![ChangeLine {
                field: String::new(),
                label: t(lang, "audit.changes").into(),
                before: None,
                after: shown(lang, object_type, "", &other),
            }],
        };
    };
    let mut out = Vec::new();
    // a state change recorded at the top: {"from": .., "to": .., ...}
    if let (Some(from), Some(to)) = (m.get("from"), m.get("to")) {
        out.push(ChangeLine {
            field: "state".into(),
            label: field_label(lang, "state"),
            before: Some(shown(lang, object_type, "from", from)),
            after: shown(lang, object_type, "to", to),
        });
    }
    for (k, x) in &m {
        if out.first().is_some_and(|l| l.field == "state") && (k == "from" || k == "to") {
            continue;
        }
        // the browser of a sign-in is read in the login log, parsed
        if k == "user_agent" {
            continue;
        }
        let line = match before_after(x) {
            Some((b, a)) => ChangeLine {
                field: k.clone(),
                label: field_label(lang, k),
                before: Some(shown(lang, object_type, k, b)),
                after: shown(lang, object_type, k, a),
            },
            None => ChangeLine {
                field: k.clone(),
                label: field_label(lang, k),
                before: None,
                after: shown(lang, object_type, k, x),
            },
        };
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_change_reads_as_labels_before_and_after() {
        let lines = change_lines(
            Lang::Zh,
            "application",
            r#"{"from":"under-review","to":"returned","version":3,"party":"某市政务服务平台"}"#,
        );
        assert_eq!(lines[0].label, "状态");
        assert_eq!(lines[0].before.as_deref(), Some("审核中"));
        assert_eq!(lines[0].after, "退回修改");
        assert!(lines.iter().any(|l| l.label == "版本" && l.after == "3"));
        assert!(lines
            .iter()
            .any(|l| l.label == "接入方" && l.after == "某市政务服务平台"));
        assert_eq!(lines.len(), 3, "from and to are one line");
    }

    #[test]
    fn field_changes_read_as_field_before_after() {
        let lines = change_lines(
            Lang::Zh,
            "account",
            r#"{"roles":{"from":"reviewer","to":"reviewer,supervisor"}}"#,
        );
        assert_eq!(lines[0].label, "角色");
        assert_eq!(lines[0].before.as_deref(), Some("审核员"));
        assert_eq!(lines[0].after, "审核员、监管员");
        let en = change_lines(
            Lang::En,
            "account",
            r#"{"roles":{"from":"reviewer","to":"supervisor"}}"#,
        );
        assert_eq!(en[0].label, "Roles");
        assert_eq!(en[0].after, "Supervisor");
    }

    #[test]
    fn values_are_shown_as_staff_read_them() {
        let lines = change_lines(
            Lang::Zh,
            "access_party",
            r#"{"records":12345,"refused":0,"codes":["A1","B2"],"expires_at":"2026-12-02T06:30:00Z","disabled":true,"note":null}"#,
        );
        let get = |f: &str| lines.iter().find(|l| l.field == f).unwrap().after.clone();
        assert_eq!(get("records"), "12,345");
        assert_eq!(get("codes"), "A1、B2");
        assert_eq!(get("expires_at"), "2026-12-02 14:30");
        assert_eq!(get("disabled"), "是");
        assert_eq!(get("note"), "—");
        assert!(change_lines(Lang::Zh, "x", "").is_empty());
        assert!(change_lines(Lang::Zh, "x", "null").is_empty());
    }

    #[test]
    fn every_field_the_domain_records_has_a_label() {
        // the keys the domain writes into `changes` (domain/src, server/src)
        let mut missing = vec![];
        for dir in ["../domain/src", "../server/src"] {
            for file in walk(std::path::Path::new(dir)) {
                let src = std::fs::read_to_string(&file).unwrap();
                for (i, _) in src.match_indices(".changes(") {
                    let tail = &src[i..(i + 1200).min(src.len())];
                    let end = balanced_end(tail);
                    // before/after pairs are not fields
                    let pairs = ["old", "new", "from", "to", "before", "after"];
                    for key in json_keys(&tail[..end])
                        .into_iter()
                        .filter(|k| !pairs.contains(&k.as_str()))
                    {
                        if field_label(Lang::Zh, &key) == key || field_label(Lang::En, &key) == key
                        {
                            missing.push(format!("{key} ({})", file.display()));
                        }
                    }
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "unlabelled audit fields: {missing:?}");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = vec![];
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
        out
    }

    /// The length of `.changes( ... )` up to its closing parenthesis.
    fn balanced_end(s: &str) -> usize {
        let mut depth = 0;
        for (i, c) in s.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
        }
        s.len()
    }

    /// `"key":` occurrences inside `json!` bodies.
    fn json_keys(s: &str) -> Vec<String> {
        let mut out = vec![];
        if !s.contains("json!") {
            return out;
        }
        let mut i = 0;
        while let Some(q) = s[i..].find('"') {
            let start = i + q + 1;
            let Some(len) = s[start..].find('"') else {
                break;
            };
            let key = &s[start..start + len];
            let after = s[start + len + 1..].trim_start();
            if after.starts_with(':')
                && !after.starts_with("::")
                && !key.is_empty()
                && key.bytes().all(|c| c.is_ascii_lowercase() || c == b'_')
            {
                out.push(key.to_string());
            }
            i = start + len + 1;
        }
        out
    }
}
