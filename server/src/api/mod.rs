//! The machine API (`/api/v1/…`): signed requests (docs/api.md), answers in
//! one envelope with the fixed return codes, JSON or XML by `Content-Type`
//! and `Accept`, a rate limit per credential, a log of every call, the
//! OpenAPI description and a documentation page generated from the areas' `ENDPOINTS` rows.

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
use gsp_domain::batch::{self, Record};
use gsp_domain::security::api_access::{self, Caller};
use gsp_protocol::{self as p, Code};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use app::state::AppState;

/// Largest request body the API reads.
pub const API_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// How long the API waits for a whole body (a stalled one gets `1004`).
pub const BODY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

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
    /// Query parameters: (name, type — `integer`, `string` or `date-time`, description).
    pub query: &'static [(&'static str, &'static str, &'static str)],
    /// The request body's schema: derived from the type the handler parses
    /// (`schema_of`, `batch_of`), so the document cannot drift from it.
    pub request: Option<fn(&mut Gen) -> Value>,
    /// The answer's `data`; sample answers are checked against it in CI
    /// (`sdk/python/test_interop.py`).
    pub response: fn(&mut Gen) -> Value,
    /// What answers a signed call (`None`: an unsigned endpoint with a route
    /// of its own). Dispatch, OpenAPI and the docs page all read this table.
    pub handler: Option<Handler>,
}

/// The schema generator of the OpenAPI document: JSON Schema 2020-12 (as
/// OpenAPI 3.1 uses), named schemas under `components/schemas`, each type
/// described as it is read (deserialised).
pub type Gen = schemars::SchemaGenerator;

/// Where the shared entry of a refused field is described.
pub const FIELD_ERROR: &str = "#/components/schemas/FieldErrorEntry";

/// The schema of `T`, as a reference to its entry in `components/schemas`.
pub fn schema_of<T: schemars::JsonSchema>(g: &mut Gen) -> Value {
    g.subschema_for::<T>().to_value()
}

/// A batch body: `{list: [T, …]}` with at most `max` records.
pub fn batch_of<T: schemars::JsonSchema>(g: &mut Gen, list: &str, max: usize) -> Value {
    json!({"type": "object", "required": [list], "properties": {list: {
        "type": "array", "maxItems": max, "items": schema_of::<T>(g)
    }}})
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

    /// The body as `T` (JSON or XML by `Content-Type`): `1001` when it is
    /// not a document, `5001` naming the field when a field has the wrong type.
    fn body<T: DeserializeOwned + Default>(&self) -> Result<T, Answer> {
        parse_body(self.headers, self.body)
    }

    /// A batch body's records under `list`, each parsed on its own (`body`).
    fn records<T: DeserializeOwned>(
        &self,
        list: &str,
        key: Option<&str>,
    ) -> Result<body::Records<T>, Answer> {
        let kind = body_kind(self.headers)?;
        if self.body.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(body::Records {
                parsed: Vec::new(),
                refused: Vec::new(),
            });
        }
        body::records(&kind, self.body, list, key).map_err(unreadable)
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

pub mod body;

// the areas (after the macro, which they use)
mod access;
mod catalog;
mod ops;
mod seals;

/// Every area's rows, in the order the docs list them.
pub const AREAS: &[&[Endpoint]] = &[
    access::ENDPOINTS,
    catalog::ENDPOINTS,
    ops::ENDPOINTS,
    seals::ENDPOINTS,
];

/// Every endpoint of every area: dispatch, OpenAPI and the docs page read this.
pub fn endpoints() -> impl Iterator<Item = &'static Endpoint> + Clone {
    AREAS.iter().flat_map(|rows| rows.iter())
}

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

/// `1001` naming why the body could not be read.
fn unreadable(u: body::Unreadable) -> Answer {
    Answer {
        code: p::MALFORMED,
        data: json!({"errors": [error_entry("body", u.0)]}),
        retry_after: None,
    }
}

fn body_kind(headers: &HeaderMap) -> Result<body::Kind, Answer> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    body::kind(ctype).ok_or_else(|| unreadable(body::Unreadable("body.content_type")))
}

/// Parses a body as JSON or XML (by `Content-Type`, module `body`): `1001`
/// when it is not a document, `5001` naming the field of a type error.
fn parse_body<T: DeserializeOwned + Default>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Answer> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(T::default());
    }
    let kind = body_kind(headers)?;
    match body::whole(&kind, body) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(f)) => Err(validation(&[(&f.field, &f.code)])),
        Err(u) => Err(unreadable(u)),
    }
}

/// A batch taken record by record after the records that did not parse
/// were refused: the domain's results (indexed within `indices`) put back
/// at each record's place in the batch, with the refused ones.
fn merge(indices: &[usize], results: Vec<Record>, refused: Vec<Record>) -> Vec<Record> {
    let mut all: Vec<Record> = results
        .into_iter()
        .map(|mut r| {
            r.index = indices[r.index];
            r
        })
        .chain(refused)
        .collect();
    all.sort_by_key(|r| r.index);
    all
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

// ---- the answer to a batch (gsp_domain::batch), one builder for every area

/// One record as answers list it: its index, its key under the kind's name
/// (`case_no`, `es_id`, …; `None` where records have no key), its outcome and
/// each failing field with both messages.
fn record_answer(key: Option<&str>, r: &Record) -> Value {
    let mut v = json!({
        "index": r.index,
        "outcome": r.outcome.code(),
        "errors": r.errors.iter().map(|e| error_entry(&e.field, &e.code)).collect::<Vec<_>>(),
    });
    if let Some(k) = key {
        v[k] = json!(r.key);
    }
    v
}

/// A batch taken record by record: how many records had each of `outcomes`,
/// and every record.
fn per_record(key: &str, outcomes: &[batch::Outcome], records: &[Record]) -> Value {
    let mut v = json!({
        "results": records.iter().map(|r| record_answer(Some(key), r)).collect::<Vec<_>>(),
    });
    for o in outcomes {
        v[o.code()] = json!(batch::count(records, *o));
    }
    v
}

/// A batch refused whole (5001): every failing field of every refused
/// record, each with the record's index and key.
fn refused(key: Option<&str>, list: &[Record]) -> Answer {
    Answer {
        code: p::VALIDATION,
        data: json!({"errors": list.iter().flat_map(|r| r.errors.iter().map(move |e| {
            let mut entry = error_entry(&e.field, &e.code);
            entry["index"] = json!(r.index);
            if let Some(k) = key {
                entry[k] = json!(r.key);
            }
            entry
        })).collect::<Vec<_>>()}),
        retry_after: None,
    }
}

/// A batch taken all or nothing: its result, or the refusal of the batch.
fn all_or_nothing<T, F: FnOnce(T) -> Value>(
    key: Option<&str>,
    r: gsp_domain::Result<std::result::Result<T, batch::Refused>>,
    rid: &str,
    ok: F,
) -> Result<Value, Answer> {
    match r {
        Ok(Ok(v)) => Ok(ok(v)),
        Ok(Err(list)) => Err(refused(key, &list)),
        Err(e) => Err(domain_error(e, rid)),
    }
}

/// The serialised value, for results that are their own answer.
fn as_json<T: Serialize>(v: T) -> Value {
    serde_json::to_value(v).expect("serialisable")
}

/// The answer to a request refused by the limit per source address, before
/// it was read or authenticated (issue #14.5).
pub fn rate_limited(headers: &HeaderMap, retry_after: u64) -> Response {
    Answer {
        code: p::RATE_LIMITED,
        data: Value::Null,
        retry_after: Some(retry_after),
    }
    .render(answer_format(headers), &request_id(headers))
}

/// The answer to an API request that outlived the server's deadline
/// (`REQUEST_TIMEOUT`): `9002` in the envelope, in the format asked for.
pub fn timed_out(headers: &HeaderMap) -> Response {
    Answer::err(p::TIMEOUT).render(answer_format(headers), &request_id(headers))
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

    let endpoint =
        endpoints().find(|e| e.method == method.as_str() && path_params(e.path, &path).is_some());
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
            return if endpoints().any(|e| path_params(e.path, &path).is_some()) {
                Answer::err(p::METHOD_NOT_ALLOWED)
            } else {
                Answer::err(p::NOT_FOUND)
            };
        };
        let bytes = match tokio::time::timeout(BODY_DEADLINE, to_bytes(body, API_BODY_LIMIT)).await
        {
            Ok(Ok(b)) => b,
            Ok(Err(_)) => return Answer::err(p::BODY_TOO_LARGE),
            Err(_) => return Answer::err(p::BODY_TIMEOUT),
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
    let mut resp = answer.render(format, &rid);
    resp.extensions_mut().insert(crate::metrics::ApiOutcome {
        endpoint: endpoint.map(|e| e.path).unwrap_or("(unknown)"),
        code: answer.code.code,
    });
    if answer.code.code == p::METHOD_NOT_ALLOWED.code {
        // RFC 9110: a 405 names the methods the path does answer
        let mut allow: Vec<&str> = endpoints()
            .filter(|e| path_params(e.path, &path).is_some())
            .map(|e| e.method)
            .collect();
        allow.sort_unstable();
        allow.dedup();
        if let Ok(v) = HeaderValue::from_str(&allow.join(", ")) {
            resp.headers_mut().insert(header::ALLOW, v);
        }
    }
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

/// The OpenAPI 3.1 description, generated from the areas' `ENDPOINTS` rows
/// (request schemas derived from the parsed types), and the code table.
pub fn openapi_document() -> Value {
    let mut g = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .for_deserialize()
        // the types' `Default` values (`""` for a code) are no defaults a
        // client should send: left out
        .with_transform(schemars::transform::RecursiveTransform(
            |s: &mut schemars::Schema| {
                s.remove("default");
            },
        ))
        .into_generator();
    let envelope = |data: Value| {
        json!({"type": "object", "required": ["code", "message", "message_en", "request_id", "data"],
            "xml": {"name": "response"},
            "properties": {
            "code": {"type": "integer", "description": "0 for success; see x-return-codes"},
            "message": {"type": "string"}, "message_en": {"type": "string"},
            "request_id": {"type": "string"}, "data": data
        }})
    };
    let xml_note = "XML: the same data model under a <response> root; an object's fields are child elements, a list repeats its field's element, null is an empty element.";
    let mut paths = serde_json::Map::new();
    for e in endpoints() {
        let data = (e.response)(&mut g);
        let mut op = json!({
            "operationId": format!("{}{}", e.method.to_ascii_lowercase(), e.path.trim_start_matches("/api/v1").replace(['/', '-', '{', '}'], "_")),
            "summary": e.summary_en,
            "description": format!("{}{}", e.summary, e.scope.map(|s| format!("（需要授权范围 scope: {s}）")).unwrap_or_default()),
            "responses": {
                "200": {"description": format!("code 0. {xml_note}"), "content": {
                    "application/json": {"schema": envelope(data.clone())},
                    "application/xml": {"schema": envelope(data)}
                }},
                "default": {"description": "any other return code (see x-return-codes); data.errors lists refused fields", "content": {
                    "application/json": {"schema": envelope(json!({"type": ["object", "null"], "properties": {
                        "errors": {"type": "array", "items": {"$ref": FIELD_ERROR}}
                    }}))}
                }}
            }
        });
        let mut params: Vec<Value> = e
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|x| x.strip_suffix('}')))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        for (name, ty, description) in e.query {
            let schema = match *ty {
                "date-time" => json!({"type": "string", "format": "date-time"}),
                t => json!({"type": t}),
            };
            params.push(json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema}));
        }
        if !params.is_empty() {
            op["parameters"] = Value::Array(params);
        }
        if e.signed {
            op["security"] = json!([{"gspSignature": []}]);
        }
        if let Some(r) = e.request {
            let schema = r(&mut g);
            op["requestBody"] = json!({"required": false, "content": {
                "application/json": {"schema": schema},
                "application/xml": {"schema": schema}
            }});
        }
        let entry = paths.entry(e.path.to_string()).or_insert_with(|| json!({}));
        entry[e.method.to_ascii_lowercase()] = op;
    }
    let mut schemas = g.take_definitions(true);
    schemas.insert(
        "FieldErrorEntry".into(),
        json!({"type": "object", "required": ["field", "code", "message", "message_en"], "properties": {
            "field": {"type": "string", "description": "the field's path in the record (`submitted_at`, `levels[1]`), or `body`/`records`"},
            "code": {"type": "string", "description": "a stable code, e.g. field.required"},
            "message": {"type": "string"}, "message_en": {"type": "string"},
            "index": {"type": "integer", "description": "the record's position in the batch (refused batches)"}
        }}),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "gsp-access machine API（政务服务平台接入接口）",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every request is signed with the headers X-GSP-Key, X-GSP-Timestamp, X-GSP-Nonce, X-GSP-Signature-Method and X-GSP-Signature over the canonical string described in docs/api.md. Every answer is the envelope {code, message, message_en, request_id, data}."
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"gspSignature": {
                "type": "apiKey", "in": "header", "name": "X-GSP-Signature",
                "description": "HMAC-SHA256 or HMAC-SM3 over the canonical string, with X-GSP-Key, X-GSP-Timestamp, X-GSP-Nonce and X-GSP-Signature-Method (docs/api.md)"
            }}
        },
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
    for e in endpoints() {
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
    let options: String = endpoints()
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
        include_str!("docs.js"),
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
        for e in endpoints() {
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
        for e in endpoints() {
            let path: Vec<&str> = e
                .path
                .split('/')
                .map(|s| if s.starts_with('{') { "X" } else { s })
                .collect();
            let path = path.join("/");
            let rows: Vec<_> = endpoints()
                .filter(|x| x.method == e.method && path_params(x.path, &path).is_some())
                .collect();
            assert_eq!(rows.len(), 1, "{} {path}", e.method);
        }
    }
}
