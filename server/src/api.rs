//! The machine API (`/api/v1/…`): signed requests (docs/api.md), answers in
//! one envelope with the fixed return codes, JSON or XML by `Content-Type`
//! and `Accept`, a rate limit per credential, a log of every call, the
//! OpenAPI description and a documentation page generated from `ENDPOINTS`.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use gsp_domain::security::api_access::{self, Caller};
use gsp_protocol::{self as p, Code};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use app::state::AppState;

/// Largest request body the API reads.
pub const API_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A token bucket per access key.
pub struct Limiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl Limiter {
    pub fn new(rate_per_second: f64, burst: f64) -> Limiter {
        Limiter {
            rate: rate_per_second.max(0.001),
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token, or says in how many seconds one will be there.
    pub fn take(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut b = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if b.len() > 100_000 {
            b.clear();
        }
        let (tokens, last) = b.entry(key.to_string()).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }
}

#[derive(Clone)]
pub struct ApiState {
    pub app: AppState,
    pub limiter: Arc<Limiter>,
}

/// One documented endpoint.
pub struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    /// The scope the credential must hold (`None`: any valid credential).
    pub scope: Option<&'static str>,
    pub signed: bool,
    pub summary: &'static str,
    pub summary_en: &'static str,
    pub request: Option<fn() -> Value>,
    pub response: fn() -> Value,
    /// What answers a signed call (`None`: an unsigned endpoint with a route
    /// of its own). Dispatch, OpenAPI and the docs page all read this table.
    pub handler: Option<Handler>,
}

/// What a signed endpoint's handler gets: the authenticated caller and the
/// request's parts.
pub struct Ctx<'a> {
    st: &'a ApiState,
    caller: &'a Caller,
    ip: &'a str,
    rid: &'a str,
    headers: &'a HeaderMap,
    body: &'a [u8],
    params: &'a [String],
    raw_query: &'a str,
}

impl Ctx<'_> {
    fn actor(&self) -> gsp_domain::Actor {
        self.caller.actor(self.ip, self.rid)
    }

    /// The body as `T` (JSON or XML by `Content-Type`), `1001` when it is not.
    fn body<T: DeserializeOwned + Default>(&self) -> Result<T, Answer> {
        parse_body(self.headers, self.body)
    }
}

pub type Reply<'a> = Pin<Box<dyn Future<Output = Result<Value, Answer>> + Send + 'a>>;
pub type Handler = for<'a> fn(Ctx<'a>) -> Reply<'a>;

/// `handler!(name, |c| body)` defines a `Handler` whose body is async.
macro_rules! handler {
    ($name:ident, |$c:ident| $body:expr) => {
        fn $name($c: Ctx<'_>) -> Reply<'_> {
            Box::pin(async move { $body })
        }
    };
}

handler!(h_ping_get, |c| ping(c.caller, None).await);
handler!(h_ping_post, |c| ping(c.caller, Some(c.body()?)).await);
handler!(h_cases_post, |c| {
    post_cases(c.st, c.caller, c.ip, c.rid, c.body()?).await
});
handler!(h_case_get, |c| get_case(c.st, c.caller, &c.params[0]).await);
handler!(h_catalog_get, |c| get_catalog(c.st, c.raw_query, c.rid)
    .await);
handler!(h_impl_post, |c| {
    let b: Batch<gsp_domain::catalog::impl_list::ImplItem> = c.body()?;
    post_reported(c.st, c.caller, c.ip, c.rid, b).await
});
handler!(h_impl_get, |c| {
    get_reported(
        c.st,
        c.caller,
        gsp_domain::catalog::impl_list::Kind::Implementation,
        &c.params[0],
        c.rid,
    )
    .await
});
handler!(h_catalog_items_post, |c| {
    let b: Batch<gsp_domain::catalog::basic::Item> = c.body()?;
    post_reported(c.st, c.caller, c.ip, c.rid, b).await
});
handler!(h_catalog_item_get, |c| {
    get_reported(
        c.st,
        c.caller,
        gsp_domain::catalog::impl_list::Kind::Catalog,
        &c.params[0],
        c.rid,
    )
    .await
});
handler!(h_ops_resources, |c| {
    let b: Batch<gsp_domain::ops::Resource> = c.body()?;
    let r =
        gsp_domain::ops::upsert_resources(&c.st.app.db, &c.actor(), c.caller.party_id, &b.records)
            .await;
    ops_answer(r, c.rid)
});
handler!(h_ops_subs, |c| {
    let b: Batch<gsp_domain::ops::SubResource> = c.body()?;
    let r =
        gsp_domain::ops::upsert_subs(&c.st.app.db, &c.actor(), c.caller.party_id, &b.records).await;
    ops_answer(r, c.rid)
});
handler!(h_ops_metrics, |c| {
    let b: Points = c.body()?;
    ops_answer(
        gsp_domain::ops::ingest(&c.st.app.db, c.caller.party_id, &b.points).await,
        c.rid,
    )
});
handler!(h_ops_alarms, |c| {
    let b: Batch<gsp_domain::ops::AlarmReport> = c.body()?;
    let r = gsp_domain::ops::report_alarms(&c.st.app.db, &c.actor(), c.caller.party_id, &b.records)
        .await;
    ops_answer(r, c.rid)
});
handler!(h_ops_ticket, |c| {
    post_ticket(c.st, c.caller, c.ip, c.rid, c.body()?).await
});
handler!(h_ops_node, |c| {
    let h: gsp_domain::ops::Heartbeat = c.body()?;
    gsp_domain::ops::heartbeat(&c.st.app.db, c.caller.party_id, &h)
        .await
        .map_err(|e| domain_error(e, c.rid))?;
    Ok(json!({
        "node_id": h.node_id,
        "next_before": gsp_domain::time::now() + chrono::Duration::seconds(h.interval_seconds),
    }))
});
handler!(h_seals_post, |c| {
    let b: Batch<gsp_domain::seals::Filing> = c.body()?;
    let results = gsp_domain::seals::file(&c.st.app.db, &c.actor(), c.caller.party_id, &b.records)
        .await
        .map_err(|e| domain_error(e, c.rid))?;
    let filed = results.iter().filter(|r| r.outcome == "filed").count();
    Ok(json!({
        "filed": filed,
        "refused": results.len() - filed,
        "results": results.iter().map(|r| json!({
            "index": r.index, "es_id": r.es_id, "outcome": r.outcome,
            "errors": r.errors.iter().map(|e| error_entry(&e.field, &e.code)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
});
handler!(h_seal_get, |c| {
    let at = c
        .raw_query
        .split('&')
        .find_map(|kv| kv.strip_prefix("at="))
        .map(p::decode);
    let at = match at.as_deref().map(chrono::DateTime::parse_from_rfc3339) {
        Some(Err(_)) => return Err(validation(&[("at", "field.date_invalid")])),
        Some(Ok(t)) => t.with_timezone(&chrono::Utc),
        None => gsp_domain::time::now(),
    };
    gsp_domain::seals::validity(&c.st.app.db, &c.params[0], at)
        .await
        .map(|v| serde_json::to_value(v).expect("serialisable"))
        .map_err(|e| domain_error(e, c.rid))
});

fn ping_request() -> Value {
    json!({"type": "object", "properties": {"echo": {"type": "string", "maxLength": 200, "description": "returned as sent (optional)"}}})
}
fn ping_response() -> Value {
    json!({"type": "object", "required": ["party_id", "party_name", "key_id", "scopes", "server_time"], "properties": {
        "party_id": {"type": "string", "format": "uuid"},
        "party_name": {"type": "string"},
        "key_id": {"type": "string"},
        "scopes": {"type": "array", "items": {"type": "string"}},
        "server_time": {"type": "string", "format": "date-time"},
        "echo": {"type": ["string", "null"]}
    }})
}
fn codes_response() -> Value {
    json!({"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "integer"}, "http_status": {"type": "integer"},
        "message": {"type": "string"}, "message_en": {"type": "string"}
    }}})
}

fn cases_request() -> Value {
    json!({"type": "object", "required": ["records"], "properties": {"records": {
    "type": "array", "maxItems": gsp_domain::catalog::cases::MAX_BATCH, "items": {"type": "object",
    "required": ["case_no", "item_code", "item_name", "applicant_type", "applicant_name", "department", "implementer_uscc", "division_code", "status", "submitted_at"],
    "properties": {
        "case_no": {"type": "string", "description": "申报号, unique per party, [A-Za-z0-9_-]{1,64}"},
        "item_code": {"type": "string", "description": "实施编码"},
        "basic_code": {"type": "string", "description": "基本编码 (12)"},
        "item_name": {"type": "string"},
        "applicant_type": {"enum": gsp_domain::catalog::cases::APPLICANT_TYPES},
        "applicant_name": {"type": "string"},
        "applicant_id_type": {"type": "string", "description": "111 resident identity number (checked), 001 unified social credit code (checked)"},
        "applicant_id_no": {"type": "string"},
        "applicant_phone": {"type": "string"},
        "department": {"type": "string"},
        "implementer_uscc": {"type": "string"},
        "division_code": {"type": "string", "description": "GB/T 2260, 6 digits"},
        "handling_form": {"type": "string"}, "channel": {"type": "string"},
        "case_type": {"enum": gsp_domain::catalog::cases::CASE_TYPES},
        "status": {"enum": gsp_domain::catalog::cases::STATUSES.iter().map(|s| s.0).collect::<Vec<_>>(), "description": "only moves forward: submitted → accepted (or not-accepted) → in-progress → completed"},
        "submitted_at": {"type": "string", "format": "date-time"},
        "accepted_at": {"type": "string", "format": "date-time"},
        "promised_limit": {"type": "integer"}, "promised_unit": {"enum": gsp_domain::catalog::cases::UNITS},
        "promised_at": {"type": "string", "format": "date-time"},
        "completed_at": {"type": "string", "format": "date-time"},
        "result": {"enum": gsp_domain::catalog::cases::RESULTS}, "result_doc_no": {"type": "string"}
    }}}}})
}
fn cases_response() -> Value {
    json!({"type": "object", "properties": {
        "accepted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}, "refused": {"type": "integer"},
        "results": {"type": "array", "items": {"type": "object", "properties": {
            "index": {"type": "integer"}, "case_no": {"type": "string"},
            "outcome": {"enum": ["accepted", "updated", "unchanged", "refused"]},
            "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "code": {"type": "string"}}}}
        }}}
    }})
}
fn case_response() -> Value {
    json!({"type": "object", "properties": {"case": {"type": "object"}, "history": {"type": "array", "items": {"type": "object", "properties": {
        "status": {"type": "string"}, "replaced_at": {"type": "string", "format": "date-time"}, "record": {"type": "object"}
    }}}}})
}

fn catalog_item() -> Value {
    json!({"type": "object", "required": ["basic_code", "name", "item_type", "department", "legal_basis", "levels", "objects"], "properties": {
        "basic_code": {"type": "string", "description": "基本编码, 12 letters or digits"}, "name": {"type": "string"},
        "item_type": {"enum": gsp_domain::catalog::basic::ITEM_TYPES}, "department": {"type": "string"},
        "legal_basis": {"type": "string"},
        "levels": {"type": "array", "items": {"enum": gsp_domain::catalog::basic::LEVELS}},
        "objects": {"type": "array", "items": {"enum": gsp_domain::catalog::basic::OBJECTS}},
        "statutory_limit": {"type": ["integer", "null"]}, "statutory_unit": {"enum": gsp_domain::catalog::basic::UNITS}
    }})
}
fn catalog_response() -> Value {
    json!({"type": "object", "properties": {
        "current_version": {"type": "integer", "description": "the latest published version"},
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "basic_code": {"type": "string"}, "version": {"type": "integer", "description": "the version that last changed it"},
            "retired": {"type": "boolean", "description": "true: remove it from your copy"},
            "item": catalog_item()
        }}},
        "next_after": {"type": ["string", "null"], "description": "pass as `after` for the next page; null on the last page"}
    }})
}

fn impl_request() -> Value {
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::catalog::impl_list::MAX_BATCH, "items": {"type": "object",
    "required": ["implementation_code", "basic_code", "item_type", "name", "implementer_name", "implementer_uscc", "division_code", "statutory_limit", "statutory_unit", "promised_limit", "promised_unit"],
    "properties": {
        "implementation_code": {"type": "string", "description": "实施编码, 36 letters or digits"},
        "basic_code": {"type": "string", "description": "must be in the published basic catalog"},
        "item_type": {"enum": gsp_domain::catalog::basic::ITEM_TYPES, "description": "must match the catalog's"},
        "name": {"type": "string"}, "implementer_name": {"type": "string"},
        "implementer_uscc": {"type": "string"}, "division_code": {"type": "string"},
        "statutory_limit": {"type": "integer"}, "statutory_unit": {"enum": gsp_domain::catalog::basic::UNITS},
        "promised_limit": {"type": "integer", "description": "not longer than the statutory limit (compared in calendar days)"},
        "promised_unit": {"enum": gsp_domain::catalog::basic::UNITS},
        "online_url": {"type": "string", "format": "uri", "description": "https"},
        "mobile_url": {"type": "string", "format": "uri", "description": "https"}
    }}}}})
}
fn impl_response() -> Value {
    json!({"type": "object", "properties": {"received": {"type": "integer"}, "changed": {"type": "integer"}, "status": {"const": "pending"}}})
}
fn impl_outcome() -> Value {
    json!({"type": "object", "properties": {"implementation_code": {"type": "string"}, "status": {"enum": ["pending", "approved", "returned"]},
        "comment": {"type": ["string", "null"]}, "reviewed_at": {"type": ["string", "null"], "format": "date-time"}, "item": {"type": "object"}}})
}
fn reported_catalog_request() -> Value {
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::catalog::impl_list::MAX_BATCH,
        "items": catalog_item()}}})
}
fn reported_catalog_outcome() -> Value {
    json!({"type": "object", "properties": {"basic_code": {"type": "string"}, "status": {"enum": ["pending", "approved", "returned"]},
        "comment": {"type": ["string", "null"]}, "reviewed_at": {"type": ["string", "null"], "format": "date-time"}, "item": catalog_item()}})
}

fn ops_resources_request() -> Value {
    let cats: Vec<&str> = gsp_domain::ops::CATEGORIES
        .iter()
        .map(|(c, _)| *c)
        .collect();
    let kinds: Vec<&str> = gsp_domain::ops::CATEGORIES
        .iter()
        .flat_map(|(_, k)| k.iter().copied())
        .collect();
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::ops::MAX_RECORDS, "items": {"type": "object",
    "required": ["resource_id", "category", "kind", "name"], "properties": {
        "resource_id": {"type": "string", "description": "your own id of the resource (upsert key)"},
        "category": {"enum": cats}, "kind": {"enum": kinds, "description": "router, switch, load-balancer, firewall (network-device); physical, virtual (server); system (business-system); called, offered (business-interface); database, middleware (application-software)"},
        "name": {"type": "string"}, "address": {"type": "string"}, "attributes": {"type": "object", "additionalProperties": {"type": "string"}}
    }}}}})
}
fn ops_subs_request() -> Value {
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::ops::MAX_RECORDS, "items": {"type": "object",
    "required": ["resource_id", "sub_id", "kind", "name"], "properties": {
        "resource_id": {"type": "string"}, "sub_id": {"type": "string"}, "kind": {"enum": gsp_domain::ops::SUB_KINDS},
        "name": {"type": "string"}, "attributes": {"type": "object"}
    }}}}})
}
fn ops_counts() -> Value {
    json!({"type": "object", "properties": {"inserted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}}})
}
fn ops_metrics_request() -> Value {
    let names: Vec<String> = gsp_domain::ops::METRICS
        .iter()
        .map(|(m, u)| format!("{m} ({u})"))
        .collect();
    json!({"type": "object", "required": ["points"], "properties": {"points": {"type": "array", "maxItems": gsp_domain::ops::MAX_POINTS, "items": {"type": "object",
    "required": ["resource_id", "metric", "ts", "value"], "properties": {
        "resource_id": {"type": "string"}, "sub_id": {"type": "string"},
        "metric": {"type": "string", "description": format!("fixed names: {}; other names (lower case, digits, . _ -) need a unit", names.join(", "))},
        "ts": {"type": "integer", "description": "seconds since 1970-01-01 UTC; not older than 7 days, not more than 5 minutes ahead"},
        "value": {"type": "number"}, "unit": {"type": "string"}
    }}}}})
}
fn ops_metrics_response() -> Value {
    json!({"type": "object", "properties": {"received": {"type": "integer"}, "stored": {"type": "integer"}, "duplicates": {"type": "integer", "description": "points stored before (a resent batch)"}}})
}
fn ops_alarms_request() -> Value {
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::ops::MAX_RECORDS, "items": {"type": "object",
    "required": ["fingerprint"], "properties": {
        "fingerprint": {"type": "string", "description": "source, resource and kind: a repeated report updates the open alarm"},
        "action": {"enum": ["raise", "clear"]}, "resource_id": {"type": "string"},
        "severity": {"type": "integer", "minimum": 0, "maximum": 5, "description": "0 not classified, 1 information, 2 warning, 3 average, 4 high, 5 disaster"},
        "title": {"type": "string"}, "detail": {"type": "string"}
    }}}}})
}
fn ops_alarms_response() -> Value {
    json!({"type": "object", "properties": {"raised": {"type": "integer"}, "updated": {"type": "integer"}, "cleared": {"type": "integer"}, "ignored": {"type": "integer"}}})
}
fn ops_ticket_request() -> Value {
    json!({"type": "object", "required": ["title", "description"], "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "resource_id": {"type": "string"}}})
}
fn ops_ticket_response() -> Value {
    json!({"type": "object", "properties": {"number": {"type": "string"}, "state": {"const": "open"}}})
}
fn ops_node_request() -> Value {
    json!({"type": "object", "required": ["node_id", "name", "interval_seconds"], "properties": {"node_id": {"type": "string"}, "name": {"type": "string"}, "version": {"type": "string"},
        "interval_seconds": {"type": "integer", "minimum": 30, "maximum": 86400, "description": "silent for longer than this, the node shows as lost"}}})
}
fn ops_node_response() -> Value {
    json!({"type": "object", "properties": {"node_id": {"type": "string"}, "next_before": {"type": "string", "format": "date-time"}}})
}

fn seals_request() -> Value {
    json!({"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "maxItems": gsp_domain::seals::MAX_BATCH, "items": {"type": "object",
    "required": ["es_id", "name", "seal_type", "owner_name", "owner_uscc", "making_unit_uscc", "maker_system", "signer_certs", "made_at", "valid_from", "valid_to", "image", "maker_cert_serial", "signature_algorithm"],
    "properties": {
        "es_id": {"type": "string", "description": "esID (GB/T 38540), unique"},
        "name": {"type": "string"}, "seal_type": {"enum": gsp_domain::seals::SEAL_TYPES, "description": "official 法定名称章 (one active per organisation), finance 财务专用章, invoice 发票专用章, contract 合同专用章, business 业务专用章, legal-representative 法定代表人名章, other"},
        "owner_name": {"type": "string"}, "owner_uscc": {"type": "string"},
        "making_unit_uscc": {"type": "string", "description": "a registered making unit whose qualification is valid"},
        "maker_system": {"type": "string", "description": "the vendor id of your registered, connected seal making system"},
        "signer_certs": {"type": "array", "items": {"type": "string"}, "description": "serial numbers or SHA-256 hashes of the signers' certificates"},
        "made_at": {"type": "string", "format": "date-time"}, "valid_from": {"type": "string", "format": "date-time"}, "valid_to": {"type": "string", "format": "date-time"},
        "image": {"type": "string", "contentEncoding": "base64", "description": "PNG, at most 1 MiB"},
        "maker_cert_serial": {"type": "string"}, "signature_algorithm": {"enum": gsp_domain::seals::ALGORITHMS}
    }}}}})
}
fn seals_response() -> Value {
    json!({"type": "object", "properties": {"filed": {"type": "integer"}, "refused": {"type": "integer"}, "results": {"type": "array", "items": {"type": "object", "properties": {
        "index": {"type": "integer"}, "es_id": {"type": "string"}, "outcome": {"enum": ["filed", "refused"]}, "errors": {"type": "array"}}}}}})
}
fn seal_validity() -> Value {
    json!({"type": "object", "properties": {"es_id": {"type": "string"}, "filed": {"type": "boolean"}, "valid": {"type": "boolean", "description": "filed, active (or revoked later than `at`) and within its validity at `at`"},
        "state": {"enum": ["active", "revoked", "lost", null]}, "valid_from": {"type": ["string", "null"]}, "valid_to": {"type": ["string", "null"]}, "state_at": {"type": ["string", "null"]}, "reason": {"type": ["string", "null"]}}})
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "GET",
        path: "/api/v1/codes",
        scope: None,
        signed: false,
        summary: "返回码表",
        summary_en: "The table of return codes",
        request: None,
        response: codes_response,
        handler: None,
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/ping",
        scope: None,
        signed: true,
        summary: "连通性测试：返回调用方接入方、授权范围与服务器时间",
        summary_en: "Connectivity test: the caller's party, scopes and the server's time",
        request: None,
        response: ping_response,
        handler: Some(h_ping_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ping",
        scope: None,
        signed: true,
        summary: "连通性测试（POST，可带 echo 字段，JSON 或 XML）",
        summary_en: "Connectivity test by POST, with an optional echo field (JSON or XML)",
        request: Some(ping_request),
        response: ping_response,
        handler: Some(h_ping_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/catalog/basic",
        scope: Some("service-items"),
        signed: true,
        summary: "同步基本目录：?since_version=N 返回 N 版之后新增、变更或取消的事项（分页，after=上页末尾编码）",
        summary_en: "Sync the basic catalog: ?since_version=N returns every item added, changed or retired after version N (paged with after=)",
        request: None,
        response: catalog_response,
        handler: Some(h_catalog_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/catalog/items",
        scope: Some("service-items"),
        signed: true,
        summary: "上报本方基本目录（每批最多 1000 条；基本编码须在目标基本目录中且事项类型一致；任一条有误则整批退回；通过校验后等待审核）",
        summary_en: "Report the party's own basic catalog (up to 1,000 per batch; each basic code must be in the target's catalog with the same item type; any invalid record refuses the batch; valid batches wait for review)",
        request: Some(reported_catalog_request),
        response: impl_response,
        handler: Some(h_catalog_items_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/catalog/items/{code}",
        scope: Some("service-items"),
        signed: true,
        summary: "查询本方一条上报目录事项的审核状态与审核意见",
        summary_en: "The review status and reviewer comment of one of the party's reported catalog items",
        request: None,
        response: reported_catalog_outcome,
        handler: Some(h_catalog_item_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/implementation-lists",
        scope: Some("service-items"),
        signed: true,
        summary: "上报实施清单（每批最多 1000 条；任一条有误则整批退回并逐条列出错误；通过校验后等待审核）",
        summary_en: "Report implementation lists (up to 1,000 per batch; any invalid record refuses the batch, each listed; valid batches wait for review)",
        request: Some(impl_request),
        response: impl_response,
        handler: Some(h_impl_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/implementation-lists/{code}",
        scope: Some("service-items"),
        signed: true,
        summary: "查询本方一条实施清单的审核状态与审核意见",
        summary_en: "The review status and reviewer comment of one of the party's implementation-list items",
        request: None,
        response: impl_outcome,
        handler: Some(h_impl_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/cases",
        scope: Some("service-items"),
        signed: true,
        summary: "上报办件数据（每批最多 1000 条，按申报号幂等；状态只能前进，逐条返回结果）",
        summary_en: "Report case data (up to 1,000 per batch, idempotent by case number; status only moves forward; an outcome per record)",
        request: Some(cases_request),
        response: cases_response,
        handler: Some(h_cases_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/cases/{case_no}",
        scope: Some("service-items"),
        signed: true,
        summary: "查询本方一件办件及其历史",
        summary_en: "One of the party's cases, with its history",
        request: None,
        response: case_response,
        handler: Some(h_case_get),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/resources",
        scope: Some("operations"),
        signed: true,
        summary: "上报运维资源（网络设备、服务器、业务系统、业务接口、应用软件；按本方资源编号新增或更新；每批最多 1000 条，任一条有误则整批退回）",
        summary_en: "Report resources of the five categories (upsert by your resource id; up to 1,000; any invalid record refuses the batch)",
        request: Some(ops_resources_request),
        response: ops_counts,
        handler: Some(h_ops_resources),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/sub-resources",
        scope: Some("operations"),
        signed: true,
        summary: "上报子资源（CPU、磁盘、网卡、接口端点、数据库实例等，挂在已上报的资源下）",
        summary_en: "Report sub-resources (CPU, disk, network card, endpoint, database instance, ...) under reported resources",
        request: Some(ops_subs_request),
        response: ops_counts,
        handler: Some(h_ops_subs),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/metrics",
        scope: Some("operations"),
        signed: true,
        summary: "上报性能数据（时间序列，每批最多 10000 个点；重复上报的点不重复存储）",
        summary_en: "Report performance data (time series, up to 10,000 points per batch; a resent point is stored once)",
        request: Some(ops_metrics_request),
        response: ops_metrics_response,
        handler: Some(h_ops_metrics),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/alarms",
        scope: Some("operations"),
        signed: true,
        summary: "上报告警事件（产生或恢复；同一指纹更新未关闭的告警）",
        summary_en: "Report alarm events (raise or clear; the same fingerprint updates the open alarm)",
        request: Some(ops_alarms_request),
        response: ops_alarms_response,
        handler: Some(h_ops_alarms),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/tickets",
        scope: Some("operations"),
        signed: true,
        summary: "发起协同运维工单",
        summary_en: "Open a co-operation ticket",
        request: Some(ops_ticket_request),
        response: ops_ticket_response,
        handler: Some(h_ops_ticket),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/ops/nodes",
        scope: Some("operations"),
        signed: true,
        summary: "运维节点心跳（超过上报间隔未收到即显示为失联）",
        summary_en: "Operations node heartbeat (silent for longer than its interval, it shows as lost)",
        request: Some(ops_node_request),
        response: ops_node_response,
        handler: Some(h_ops_node),
    },
    Endpoint {
        method: "POST",
        path: "/api/v1/seals",
        scope: Some("seals"),
        signed: true,
        summary: "印章备案（每批最多 500 枚，逐枚受理或退回并列出错误；未登记或未接通的制作系统提交的一律退回并记录）",
        summary_en: "File seals (up to 500 per batch, each filed or refused with its errors; filings by an unregistered or unconnected making system are refused and listed)",
        request: Some(seals_request),
        response: seals_response,
        handler: Some(h_seals_post),
    },
    Endpoint {
        method: "GET",
        path: "/api/v1/seals/{es_id}",
        scope: Some("seals"),
        signed: true,
        summary: "查询印章在某一时刻（?at=RFC 3339 时间，缺省为现在）是否已备案且有效",
        summary_en: "Whether a seal was filed and valid at a time (?at=RFC 3339, default now)",
        request: None,
        response: seal_validity,
        handler: Some(h_seal_get),
    },
];

/// Matches a path against an endpoint pattern (`{name}` takes one segment).
fn path_params(pattern: &str, path: &str) -> Option<Vec<String>> {
    let (a, b): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    if a.len() != b.len() {
        return None;
    }
    let mut params = Vec::new();
    for (x, y) in a.iter().zip(&b) {
        if x.starts_with('{') && x.ends_with('}') {
            if y.is_empty() {
                return None;
            }
            params.push(p::decode(y));
        } else if x != y {
            return None;
        }
    }
    Some(params)
}

pub fn routes<S: Clone + Send + Sync + 'static>(state: ApiState) -> Router<S> {
    Router::new()
        .route("/api/v1/codes", get(codes))
        .route("/api/openapi.json", get(openapi))
        .route("/api/docs", get(docs_page))
        .route("/api/docs.js", get(docs_js))
        // everything else under /api answers in the envelope (6001, 1003, …)
        .route("/api", any(signed))
        .route("/api/", any(signed))
        .route("/api/{*rest}", any(signed))
        .with_state(state)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

fn is_xml(v: &str) -> bool {
    let v = v.to_ascii_lowercase();
    v.contains("application/xml") || v.contains("text/xml")
}

/// XML when `Accept` asks for it, or when the request was XML and `Accept`
/// does not ask for JSON; JSON otherwise.
fn answer_format(headers: &HeaderMap) -> Format {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if (is_xml(accept) || is_xml(ctype)) && !accept.to_ascii_lowercase().contains("json") {
        Format::Xml
    } else {
        Format::Json
    }
}

fn xml_escape(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn xml_name(k: &str) -> String {
    let s: String = k
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        format!("_{s}")
    } else {
        s
    }
}

/// JSON value → XML: objects are elements, arrays repeat the element of
/// their field, null is an empty element.
fn to_xml(out: &mut String, name: &str, v: &Value) {
    match v {
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::Array(a) => {
            for x in a {
                to_xml(out, name, x);
            }
        }
        Value::Object(m) => {
            out.push_str(&format!("<{name}>"));
            for (k, x) in m {
                to_xml(out, &xml_name(k), x);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", xml_escape(s))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

/// An answer: the envelope with its code, in the format asked for.
pub struct Answer {
    pub code: Code,
    pub data: Value,
    pub retry_after: Option<u64>,
}

impl Answer {
    fn ok(data: Value) -> Answer {
        Answer {
            code: p::OK,
            data,
            retry_after: None,
        }
    }
    fn err(code: Code) -> Answer {
        Answer {
            code,
            data: Value::Null,
            retry_after: None,
        }
    }

    fn render(&self, format: Format, request_id: &str) -> Response {
        let envelope = json!({
            "code": self.code.code,
            "message": self.code.message,
            "message_en": self.code.message_en,
            "request_id": request_id,
            "data": self.data,
        });
        let (ctype, body) = match format {
            Format::Json => ("application/json; charset=utf-8", envelope.to_string()),
            Format::Xml => {
                let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
                to_xml(&mut s, "response", &envelope);
                ("application/xml; charset=utf-8", s)
            }
        };
        let mut resp = (
            StatusCode::from_u16(self.code.http).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, ctype)],
            body,
        )
            .into_response();
        if let Some(s) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp
    }
}

/// One failing field as answers list it: field, code, and the message in
/// both languages.
fn error_entry(field: &str, code: &str) -> Value {
    let (zh, en) = p::messages::message(code).unwrap_or(("", ""));
    json!({"field": field, "code": code, "message": zh, "message_en": en})
}

fn validation(errors: &[(&str, &str)]) -> Answer {
    Answer {
        code: p::VALIDATION,
        data: json!({"errors": errors.iter().map(|(f, c)| error_entry(f, c)).collect::<Vec<_>>()}),
        retry_after: None,
    }
}

/// Parses a body as JSON or XML (by `Content-Type`), `1001` when it does not.
fn parse_body<T: DeserializeOwned + Default>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Answer> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(T::default());
    }
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let malformed = || Answer::err(p::MALFORMED);
    if ctype.starts_with("application/json") || ctype.ends_with("+json") {
        serde_json::from_slice(body).map_err(|_| malformed())
    } else if is_xml(&ctype) {
        let text = std::str::from_utf8(body).map_err(|_| malformed())?;
        quick_xml::de::from_str(text).map_err(|_| malformed())
    } else {
        Err(malformed())
    }
}

fn request_id(headers: &HeaderMap) -> String {
    app::state::request_id(headers)
}

async fn codes(headers: HeaderMap) -> Response {
    let data: Vec<Value> = p::CODES
        .iter()
        .map(|c| json!({"code": c.code, "http_status": c.http, "message": c.message, "message_en": c.message_en}))
        .collect();
    Answer::ok(Value::Array(data)).render(answer_format(&headers), &request_id(&headers))
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct PingBody {
    #[serde(default)]
    echo: Option<String>,
}

async fn ping(caller: &Caller, body: Option<PingBody>) -> Result<Value, Answer> {
    let echo = body.and_then(|b| b.echo);
    if echo.as_deref().is_some_and(|e| e.chars().count() > 200) {
        return Err(validation(&[("echo", "field.too_long")]));
    }
    Ok(json!({
        "party_id": caller.party_id,
        "party_name": caller.party_name,
        "key_id": caller.key_id,
        "scopes": caller.scopes,
        "server_time": gsp_domain::time::now().to_rfc3339(),
        "echo": echo,
    }))
}

#[derive(Debug, Default, Deserialize)]
struct CaseBatch {
    #[serde(default)]
    records: Vec<gsp_domain::catalog::cases::CaseRecord>,
}

fn domain_error(e: gsp_domain::Error, rid: &str) -> Answer {
    match e {
        gsp_domain::Error::Validation(v) => Answer {
            code: p::VALIDATION,
            data: json!({"errors": v.iter().map(|f| error_entry(&f.field, &f.code)).collect::<Vec<_>>()}),
            retry_after: None,
        },
        gsp_domain::Error::NotFound(_) => Answer::err(p::NOT_FOUND),
        gsp_domain::Error::Conflict(_) | gsp_domain::Error::InvalidTransition(_) => {
            Answer::err(p::CONFLICT)
        }
        e => {
            tracing::error!(error = %e, request_id = %rid, "api call failed");
            Answer::err(p::INTERNAL)
        }
    }
}

/// `POST /api/v1/cases`: one transaction for the batch, an outcome per record.
async fn post_cases(
    st: &ApiState,
    caller: &Caller,
    ip: &str,
    rid: &str,
    b: CaseBatch,
) -> Result<Value, Answer> {
    if b.records.is_empty() {
        return Err(validation(&[("records", "field.required")]));
    }
    let actor = caller.actor(ip, rid);
    let r = gsp_domain::catalog::cases::ingest(
        &st.app.db,
        &actor,
        &st.app.settings.cipher,
        caller.party_id,
        &b.records,
    )
    .await
    .map_err(|e| domain_error(e, rid))?;
    let mut v = serde_json::to_value(&r).expect("serialisable");
    // each refusal's message in both languages, as in data.errors of 5001
    for (o, outcome) in v["results"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .zip(&r.results)
    {
        o["errors"] = json!(outcome
            .errors
            .iter()
            .map(|e| error_entry(&e.field, &e.code))
            .collect::<Vec<_>>());
    }
    Ok(v)
}

#[derive(Debug, Default, Deserialize)]
struct Batch<T> {
    #[serde(default = "Vec::new")]
    records: Vec<T>,
}

/// `POST /api/v1/implementation-lists` and `/api/v1/catalog/items`: all or
/// nothing; every failing record's fields are listed.
async fn post_reported<T: gsp_domain::catalog::impl_list::Reported>(
    st: &ApiState,
    caller: &Caller,
    ip: &str,
    rid: &str,
    b: Batch<T>,
) -> Result<Value, Answer> {
    let actor = caller.actor(ip, rid);
    let key = match T::KIND {
        gsp_domain::catalog::impl_list::Kind::Implementation => "implementation_code",
        gsp_domain::catalog::impl_list::Kind::Catalog => "basic_code",
    };
    match gsp_domain::catalog::impl_list::submit(&st.app.db, &actor, caller.party_id, &b.records)
        .await
    {
        Ok(Ok(changed)) => {
            Ok(json!({"received": b.records.len(), "changed": changed, "status": "pending"}))
        }
        Ok(Err(refused)) => Err(Answer {
            code: p::VALIDATION,
            data: json!({"errors": refused.iter().flat_map(|r| r.errors.iter().map(move |e| {
                let mut entry = error_entry(&e.field, &e.code);
                entry["index"] = json!(r.index);
                entry[key] = json!(r.code);
                entry
            })).collect::<Vec<_>>()}),
            retry_after: None,
        }),
        Err(e) => Err(domain_error(e, rid)),
    }
}

/// The review outcome of one reported record, keyed by its kind's code name.
async fn get_reported(
    st: &ApiState,
    caller: &Caller,
    kind: gsp_domain::catalog::impl_list::Kind,
    code: &str,
    rid: &str,
) -> Result<Value, Answer> {
    let o = gsp_domain::catalog::impl_list::outcome(&st.app.db, kind, caller.party_id, code)
        .await
        .map_err(|e| domain_error(e, rid))?;
    let key = match kind {
        gsp_domain::catalog::impl_list::Kind::Implementation => "implementation_code",
        gsp_domain::catalog::impl_list::Kind::Catalog => "basic_code",
    };
    Ok(
        json!({key: o.code, "status": o.status, "comment": o.comment, "reviewed_at": o.reviewed_at, "item": o.item}),
    )
}

#[derive(Debug, Default, Deserialize)]
struct Points {
    #[serde(default)]
    points: Vec<gsp_domain::ops::Point>,
}

/// A batch refused whole: each failing record's fields (5001).
fn refused(list: &[gsp_domain::ops::Refusal]) -> Answer {
    Answer {
        code: p::VALIDATION,
        data: json!({"errors": list.iter().flat_map(|r| r.errors.iter().map(move |e| {
            let mut entry = error_entry(&e.field, &e.code);
            entry["index"] = json!(r.index);
            entry
        })).collect::<Vec<_>>()}),
        retry_after: None,
    }
}

fn ops_answer<T: Serialize>(
    r: gsp_domain::Result<std::result::Result<T, Vec<gsp_domain::ops::Refusal>>>,
    rid: &str,
) -> Result<Value, Answer> {
    match r {
        Ok(Ok(v)) => Ok(serde_json::to_value(v).expect("serialisable")),
        Ok(Err(list)) => Err(refused(&list)),
        Err(e) => Err(domain_error(e, rid)),
    }
}

/// `POST /api/v1/ops/tickets`.
async fn post_ticket(
    st: &ApiState,
    caller: &Caller,
    ip: &str,
    rid: &str,
    t: gsp_domain::ops::NewTicket,
) -> Result<Value, Answer> {
    let actor = caller.actor(ip, rid);
    let resource = match t.resource_id.as_deref().filter(|r| !r.is_empty()) {
        Some(r) => Some(
            gsp_domain::ops::resource_row(&st.app.db, caller.party_id, r)
                .await
                .map_err(|e| domain_error(e, rid))?,
        ),
        None => None,
    };
    let t = gsp_domain::ops::NewTicket {
        alarm_id: None,
        ..t
    };
    let (_, number) =
        gsp_domain::ops::open_ticket(&st.app.db, &actor, caller.party_id, "party", &t, resource)
            .await
            .map_err(|e| domain_error(e, rid))?;
    Ok(json!({"number": number, "state": "open"}))
}

/// `GET /api/v1/catalog/basic?since_version=N&after=CODE&limit=L`.
async fn get_catalog(st: &ApiState, raw_query: &str, rid: &str) -> Result<Value, Answer> {
    let mut since = 0i64;
    let mut after: Option<String> = None;
    let mut limit = 500i64;
    for pair in raw_query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = p::decode(v);
        match k {
            "since_version" => {
                since = v
                    .parse()
                    .ok()
                    .filter(|n: &i64| *n >= 0)
                    .ok_or_else(|| validation(&[("since_version", "field.invalid")]))?
            }
            "after" => after = Some(v).filter(|s| !s.is_empty()),
            "limit" => {
                limit = v
                    .parse()
                    .ok()
                    .filter(|n: &i64| (1..=1000).contains(n))
                    .ok_or_else(|| validation(&[("limit", "field.invalid")]))?
            }
            _ => {}
        }
    }
    let current = gsp_domain::catalog::basic::current_version(&st.app.db)
        .await
        .map_err(|e| domain_error(e, rid))?;
    let (items, next) =
        gsp_domain::catalog::basic::changes_since(&st.app.db, since, after.as_deref(), limit)
            .await
            .map_err(|e| domain_error(e, rid))?;
    Ok(json!({"current_version": current, "items": items, "next_after": next}))
}

async fn get_case(st: &ApiState, caller: &Caller, case_no: &str) -> Result<Value, Answer> {
    let c = gsp_domain::catalog::cases::get_for_party(&st.app.db, caller.party_id, case_no)
        .await
        .map_err(|e| domain_error(e, ""))?;
    Ok(json!({
        "case": c.case,
        "history": c.history.into_iter().map(|(status, at, record)| json!({"status": status, "replaced_at": at, "record": record})).collect::<Vec<_>>(),
    }))
}

/// Every signed endpoint: authenticate, rate-limit, dispatch, answer, log.
async fn signed(State(st): State<ApiState>, req: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let rid = request_id(&parts.headers);
    let format = answer_format(&parts.headers);
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().unwrap_or("").to_string();
    let method = parts.method.clone();
    let ip = app::state::client_ip(
        &parts.headers,
        &parts.extensions,
        st.app.settings.trust_proxy,
    );

    let endpoint = ENDPOINTS
        .iter()
        .find(|e| e.method == method.as_str() && path_params(e.path, &path).is_some());
    let params = endpoint
        .and_then(|e| path_params(e.path, &path))
        .unwrap_or_default();
    let mut log = api_access::Call {
        party_id: None,
        key_id: None,
        method: method.to_string(),
        endpoint: endpoint
            .map(|e| e.path.to_string())
            .unwrap_or_else(|| "(unknown)".into()),
        status: 0,
        code: 0,
        latency_us: 0,
        bytes_in: 0,
        bytes_out: 0,
        request_id: rid.clone(),
    };
    let answer = async {
        let Some(endpoint) = endpoint else {
            return if ENDPOINTS
                .iter()
                .any(|e| path_params(e.path, &path).is_some())
            {
                Answer::err(p::METHOD_NOT_ALLOWED)
            } else {
                Answer::err(p::NOT_FOUND)
            };
        };
        let bytes = match to_bytes(body, API_BODY_LIMIT).await {
            Ok(b) => b,
            Err(_) => return Answer::err(p::BODY_TOO_LARGE),
        };
        log.bytes_in = bytes.len() as i64;
        let h = |n: &str| parts.headers.get(n).and_then(|v| v.to_str().ok());
        let auth = api_access::Request {
            http_method: method.as_str(),
            path: &path,
            raw_query: &raw_query,
            body: &bytes,
            key: h(p::H_KEY),
            timestamp: h(p::H_TIMESTAMP),
            nonce: h(p::H_NONCE),
            signature_method: h(p::H_METHOD),
            signature: h(p::H_SIGNATURE),
            client_ip: &ip,
        };
        let caller = match api_access::authenticate(
            &st.app.db,
            &st.app.settings.cipher,
            &auth,
            gsp_domain::time::now(),
        )
        .await
        {
            Ok(c) => c,
            Err((code, party)) => {
                log.party_id = party;
                log.key_id = h(p::H_KEY).map(|k| k.chars().take(64).collect());
                return Answer::err(code);
            }
        };
        log.party_id = Some(caller.party_id);
        log.key_id = Some(caller.key_id.clone());
        if let Err(secs) = st.limiter.take(&caller.key_id) {
            return Answer {
                code: p::RATE_LIMITED,
                data: Value::Null,
                retry_after: Some(secs),
            };
        }
        if let Some(scope) = endpoint.scope {
            if let Err(code) = caller.require(scope) {
                return Answer::err(code);
            }
        }
        let Some(handler) = endpoint.handler else {
            return Answer::err(p::NOT_FOUND);
        };
        let result = handler(Ctx {
            st: &st,
            caller: &caller,
            ip: &ip,
            rid: &rid,
            headers: &parts.headers,
            body: &bytes,
            params: &params,
            raw_query: &raw_query,
        })
        .await;
        match result {
            Ok(data) => Answer::ok(data),
            Err(a) => a,
        }
    }
    .await;
    let resp = answer.render(format, &rid);
    log.status = resp.status().as_u16();
    log.code = answer.code.code;
    log.latency_us = started.elapsed().as_micros() as i64;
    log.bytes_out = resp
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if let Err(e) = api_access::log_call(&st.app.db, &log).await {
        tracing::error!(error = %e, request_id = %rid, "api call log failed");
    }
    resp
}

/// The OpenAPI 3.1 description, generated from `ENDPOINTS` and the code table.
pub fn openapi_document() -> Value {
    let envelope = |data: Value| {
        json!({"type": "object", "required": ["code", "message", "message_en", "request_id", "data"], "properties": {
            "code": {"type": "integer", "description": "0 for success; see x-return-codes"},
            "message": {"type": "string"}, "message_en": {"type": "string"},
            "request_id": {"type": "string"}, "data": data
        }})
    };
    let mut paths = serde_json::Map::new();
    for e in ENDPOINTS {
        let mut op = json!({
            "summary": e.summary_en,
            "description": format!("{}{}", e.summary, e.scope.map(|s| format!("（需要授权范围 scope: {s}）")).unwrap_or_default()),
            "responses": {
                "200": {"description": "code 0", "content": {
                    "application/json": {"schema": envelope((e.response)())},
                    "application/xml": {"schema": envelope((e.response)())}
                }},
                "default": {"description": "any other return code (see x-return-codes)", "content": {
                    "application/json": {"schema": envelope(json!({}))}
                }}
            }
        });
        if e.signed {
            op["security"] = json!([{"gspSignature": []}]);
        }
        if let Some(r) = e.request {
            op["requestBody"] = json!({"required": false, "content": {
                "application/json": {"schema": r()}, "application/xml": {"schema": r()}
            }});
        }
        let entry = paths.entry(e.path.to_string()).or_insert_with(|| json!({}));
        entry[e.method.to_ascii_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "gsp-access machine API（政务服务平台接入接口）",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every request is signed with the headers X-GSP-Key, X-GSP-Timestamp, X-GSP-Nonce, X-GSP-Signature-Method and X-GSP-Signature over the canonical string described in docs/api.md. Every answer is the envelope {code, message, message_en, request_id, data}."
        },
        "paths": paths,
        "components": {"securitySchemes": {"gspSignature": {
            "type": "apiKey", "in": "header", "name": "X-GSP-Signature",
            "description": "HMAC-SHA256 or HMAC-SM3 over the canonical string, with X-GSP-Key, X-GSP-Timestamp, X-GSP-Nonce and X-GSP-Signature-Method (docs/api.md)"
        }}},
        "x-return-codes": p::CODES.iter().map(|c| json!({"code": c.code, "http_status": c.http, "message": c.message, "message_en": c.message_en})).collect::<Vec<_>>(),
    })
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        openapi_document().to_string(),
    )
        .into_response()
}

fn html_escape(s: &str) -> String {
    xml_escape(s)
}

async fn docs_page() -> Response {
    let mut rows = String::new();
    for e in ENDPOINTS {
        rows.push_str(&format!(
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}<br><span class=en>{}</span></td></tr>",
            e.method,
            e.path,
            if e.signed { e.scope.unwrap_or("（任一有效凭证）") } else { "（无需签名）" },
            html_escape(e.summary),
            html_escape(e.summary_en)
        ));
    }
    let mut codes = String::new();
    for c in p::CODES {
        codes.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=en>{}</td></tr>",
            c.code, c.http, c.message, c.message_en
        ));
    }
    let options: String = ENDPOINTS
        .iter()
        .filter(|e| e.signed)
        .map(|e| {
            format!(
                "<option value=\"{} {}\">{} {}</option>",
                e.method, e.path, e.method, e.path
            )
        })
        .collect();
    let html = format!(
        r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>接入接口文档 · gsp-access API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{{font:14px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#0f172a}}
table{{border-collapse:collapse;width:100%;margin:1rem 0}}td,th{{border:1px solid #cbd5e1;padding:.3rem .5rem;text-align:left;vertical-align:top}}
th{{background:#f1f5f9}}code,pre{{font-family:ui-monospace,monospace}}pre{{background:#f8fafc;border:1px solid #e2e8f0;padding:.75rem;overflow:auto;white-space:pre-wrap}}
.en{{color:#64748b}}input,select,textarea{{font:inherit;padding:.3rem;border:1px solid #94a3b8;border-radius:4px;width:100%;box-sizing:border-box}}
.grid{{display:grid;grid-template-columns:1fr 1fr;gap:.5rem 1rem}}button{{font:inherit;padding:.4rem 1rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px;margin-top:.5rem}}</style></head>
<body><h1>政务服务平台接入接口 <span class=en>Machine API</span></h1>
<p>所有提交均为 HTTP POST，JSON 或 XML（按 <code>Content-Type</code>，应答按 <code>Accept</code>）。签名方法、规范字符串与测试向量见仓库 <code>docs/api.md</code>；机器可读描述：<a href="/api/openapi.json">/api/openapi.json</a>（OpenAPI 3.1）。
<br><span class=en>Every submission is an HTTP POST in JSON or XML. Signing, the canonical string and test vectors: docs/api.md. Machine-readable: /api/openapi.json.</span></p>
<h2>接口 <span class=en>Endpoints</span></h2><table><tr><th>方法</th><th>路径</th><th>授权范围 scope</th><th>说明</th></tr>{rows}</table>
<h2>签名 <span class=en>Signing</span></h2>
<pre>X-GSP-Key: 访问密钥 ID
X-GSP-Timestamp: Unix 秒
X-GSP-Nonce: 16–64 位 [A-Za-z0-9-]，时间窗内不可重复
X-GSP-Signature-Method: HMAC-SHA256 | HMAC-SM3
X-GSP-Signature: hex(HMAC(secret, canonical))

canonical = METHOD + "\n" + path + "\n" + sorted_query + "\n" + timestamp + "\n" + nonce + "\n" + hex(hash(body))</pre>
<h2>在线调试 <span class=en>Try it</span>（HMAC-SHA256，浏览器内签名，密钥不离开本页）</h2>
<form id=try><div class=grid>
<label>访问密钥 ID<input id=key autocomplete=off></label><label>密钥 secret<input id=secret type=password autocomplete=off></label>
<label>接口<select id=ep>{options}</select></label><label>格式<select id=fmt><option>application/json</option><option>application/xml</option></select></label>
</div><label>请求体（POST）<textarea id=body rows=4>{{"echo":"你好"}}</textarea></label><button type=submit>发送</button></form>
<pre id=out></pre>
<h2>返回码 <span class=en>Return codes</span></h2><table><tr><th>code</th><th>HTTP</th><th>含义</th><th>Meaning</th></tr>{codes}</table>
<script src="/api/docs.js"></script></body></html>"#
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

async fn docs_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("api_docs.js"),
    )
        .into_response()
}

/// Answers `1002` in the envelope when a declared body is too large.
pub fn too_large(headers: &HeaderMap) -> Response {
    Answer::err(p::BODY_TOO_LARGE).render(answer_format(headers), &request_id(headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signed_endpoint_is_answered_by_its_own_row() {
        let mut seen = std::collections::HashSet::new();
        for e in ENDPOINTS {
            assert!(
                seen.insert((e.method, e.path)),
                "{} {} listed twice",
                e.method,
                e.path
            );
            assert_eq!(
                e.signed,
                e.handler.is_some(),
                "{} {}: a signed endpoint needs a handler, an unsigned one has its own route",
                e.method,
                e.path
            );
        }
        // the path matcher picks exactly one row for each documented path
        for e in ENDPOINTS {
            let path: Vec<&str> = e
                .path
                .split('/')
                .map(|s| if s.starts_with('{') { "X" } else { s })
                .collect();
            let path = path.join("/");
            let rows: Vec<_> = ENDPOINTS
                .iter()
                .filter(|x| x.method == e.method && path_params(x.path, &path).is_some())
                .collect();
            assert_eq!(rows.len(), 1, "{} {path}", e.method);
        }
    }
}
