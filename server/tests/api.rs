//! The machine API: every refusal with its exact code, both formats, both
//! signature methods, the rate limit, the call log, a suspension refused on
//! the very next call, random input that never makes it fail, and the Rust
//! client against a real listening server.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use gsp_domain::access::application::{self, Action};
use gsp_domain::catalog::impl_list::Kind;
use gsp_domain::{Actor, Db, Role};
use gsp_protocol::{self as p, SignatureMethod};
use serde_json::Value;

mod support;

use support::{send, staff};

struct Env {
    router: Router,
    db: Db,
    key: String,
    secret: String,
    ningbo: uuid::Uuid,
    _db: support::TestDb,
}

async fn env_with(rate: f64, burst: f64) -> Env {
    let t = support::demo_database().await;
    let db = t.db.clone();
    let cipher = gsp_domain::access::credential::Cipher::from_hex(&"cd".repeat(32)).unwrap();
    let ningbo = support::demo_party(&db, "宁波市政务服务平台").await.id;
    let issued = support::credential(&db, &cipher, ningbo).await;
    Env {
        router: support::router(support::state(&db, cipher, rate, burst)),
        db,
        key: issued.key_id,
        secret: issued.secret,
        ningbo,
        _db: t,
    }
}

async fn env() -> Env {
    env_with(1000.0, 1000.0).await
}

fn nonce() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

fn now() -> i64 {
    gsp_domain::time::now().timestamp()
}

/// A request from `ip`, signed unless `sign` is None.
struct Call<'a> {
    method: &'a str,
    path_and_query: &'a str,
    body: &'a [u8],
    content_type: Option<&'a str>,
    accept: Option<&'a str>,
    ip: &'a str,
}

impl Default for Call<'_> {
    fn default() -> Self {
        Call {
            method: "GET",
            path_and_query: "/api/v1/ping",
            body: b"",
            content_type: None,
            accept: None,
            ip: "127.0.0.1",
        }
    }
}

fn build(c: &Call, signed: Option<p::Signed>) -> Request<Body> {
    let mut b = Request::builder()
        .method(c.method)
        .uri(c.path_and_query)
        .header(header::HOST, "localhost");
    if let Some(ct) = c.content_type {
        b = b.header(header::CONTENT_TYPE, ct);
    }
    if let Some(a) = c.accept {
        b = b.header(header::ACCEPT, a);
    }
    if let Some(s) = signed {
        for (k, v) in s.headers() {
            b = b.header(k, v);
        }
    }
    let mut req = b.body(Body::from(c.body.to_vec())).unwrap();
    let addr: SocketAddr = format!("{}:40000", c.ip).parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    req
}

fn sign(e: &Env, c: &Call, method: SignatureMethod, ts: i64, nonce: &str) -> p::Signed {
    let (path, query) = c
        .path_and_query
        .split_once('?')
        .unwrap_or((c.path_and_query, ""));
    p::sign_request(
        method,
        &e.key,
        e.secret.as_bytes(),
        c.method,
        path,
        query,
        c.body,
        ts,
        nonce,
    )
}

/// Sends a correctly signed call; the status and the JSON envelope.
async fn call(e: &Env, c: Call<'_>) -> (StatusCode, Value) {
    let s = sign(e, &c, SignatureMethod::HmacSha256, now(), &nonce());
    let (status, _, text) = send(&e.router, build(&c, Some(s))).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn code(v: &Value) -> i64 {
    v["code"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn ping_in_json_and_xml_with_both_signature_methods() {
    let e = env().await;
    let (status, v) = call(&e, Call::default()).await;
    assert_eq!((status, code(&v)), (StatusCode::OK, 0), "{v}");
    assert_eq!(v["data"]["party_name"], "宁波市政务服务平台");
    assert_eq!(
        v["data"]["scopes"],
        serde_json::json!(["service-items", "portal", "identity", "seals", "operations"])
    );
    assert_eq!(v["message"], "成功");
    assert!(!v["request_id"].as_str().unwrap().is_empty());

    // HMAC-SM3
    let c = Call::default();
    let s = sign(&e, &c, SignatureMethod::HmacSm3, now(), &nonce());
    let (status, _, text) = send(&e.router, build(&c, Some(s))).await;
    assert_eq!(status, StatusCode::OK, "{text}");

    // XML in, XML out, the same data model
    let c = Call {
        method: "POST",
        body: "<ping><echo>你好 &amp; hello</echo></ping>".as_bytes(),
        content_type: Some("application/xml"),
        ..Default::default()
    };
    let s = sign(&e, &c, SignatureMethod::HmacSha256, now(), &nonce());
    let (status, headers, text) = send(&e.router, build(&c, Some(s))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/xml"));
    assert!(
        text.contains("<code>0</code>") && text.contains("<echo>你好 &amp; hello</echo>"),
        "{text}"
    );
    assert!(
        text.contains("<scopes>service-items</scopes><scopes>portal</scopes>"),
        "{text}"
    );

    // JSON body, XML asked for by Accept
    let c = Call {
        method: "POST",
        body: br#"{"echo":"x"}"#,
        content_type: Some("application/json"),
        accept: Some("application/xml"),
        ..Default::default()
    };
    let s = sign(&e, &c, SignatureMethod::HmacSha256, now(), &nonce());
    let (_, _, text) = send(&e.router, build(&c, Some(s))).await;
    assert!(
        text.starts_with("<?xml") && text.contains("<echo>x</echo>"),
        "{text}"
    );

    // every call is logged; the credential's last use is recorded
    #[derive(sqlx::FromRow)]
    struct N {
        n: i64,
    }
    let n: N =
        e.db.fetch_one(
            "select count(*) as n from api_calls where party_id = $1 and code = 0",
            &gsp_domain::vals![e.ningbo],
        )
        .await
        .unwrap();
    assert_eq!(n.n, 4);
    let creds = gsp_domain::access::credential::list(&e.db, &staff(Role::SecurityAdmin), e.ningbo)
        .await
        .unwrap();
    assert!(creds[0].last_used_at.is_some());
}

#[tokio::test]
async fn every_refusal_has_its_code() {
    let e = env().await;
    let ok = Call::default();

    // 2001: no headers, or a malformed one
    let (status, _, text) = send(&e.router, build(&ok, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&serde_json::from_str(&text).unwrap()), 2001);
    let mut s = sign(&e, &ok, SignatureMethod::HmacSha256, now(), "short");
    s.nonce = "short".into();
    let (_, _, text) = send(&e.router, build(&ok, Some(s))).await;
    assert_eq!(code(&serde_json::from_str(&text).unwrap()), 2001);

    // 2002: unknown key; a revoked key
    let mut s = sign(&e, &ok, SignatureMethod::HmacSha256, now(), &nonce());
    s.key = "AK00000000000000000000".into();
    let (_, _, text) = send(&e.router, build(&ok, Some(s))).await;
    assert_eq!(code(&serde_json::from_str(&text).unwrap()), 2002);

    // 2003: the body was changed after signing
    let c = Call {
        method: "POST",
        body: br#"{"echo":"a"}"#,
        content_type: Some("application/json"),
        ..Default::default()
    };
    let s = sign(&e, &c, SignatureMethod::HmacSha256, now(), &nonce());
    let tampered = Call {
        body: br#"{"echo":"b"}"#,
        ..c
    };
    let (_, _, text) = send(&e.router, build(&tampered, Some(s))).await;
    assert_eq!(code(&serde_json::from_str(&text).unwrap()), 2003);
    // the query is signed too
    let s = sign(
        &e,
        &Call {
            path_and_query: "/api/v1/ping?a=1",
            ..Default::default()
        },
        SignatureMethod::HmacSha256,
        now(),
        &nonce(),
    );
    let (_, _, text) = send(
        &e.router,
        build(
            &Call {
                path_and_query: "/api/v1/ping?a=2",
                ..Default::default()
            },
            Some(s),
        ),
    )
    .await;
    assert_eq!(code(&serde_json::from_str(&text).unwrap()), 2003);

    // 2004: more than 300 s away, either way
    for ts in [now() - 301, now() + 301] {
        let s = sign(&e, &ok, SignatureMethod::HmacSha256, ts, &nonce());
        let (_, _, text) = send(&e.router, build(&ok, Some(s))).await;
        assert_eq!(code(&serde_json::from_str(&text).unwrap()), 2004);
    }

    // 2005: the same nonce twice
    let n = nonce();
    let s = sign(&e, &ok, SignatureMethod::HmacSha256, now(), &n);
    let (status, _, _) = send(&e.router, build(&ok, Some(s.clone()))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, text) = send(&e.router, build(&ok, Some(s))).await;
    assert_eq!(code(&serde_json::from_str(&text).unwrap()), 2005);

    // 2006: from an address outside the allowlist
    let (status, v) = call(
        &e,
        Call {
            ip: "10.9.9.9",
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::FORBIDDEN, 2006));

    // 1001: a body that does not parse, or a content type not supported
    for (body, ct) in [
        (&b"{not json"[..], "application/json"),
        (b"<ping><echo>", "application/xml"),
        (b"echo=1", "application/x-www-form-urlencoded"),
    ] {
        let (status, v) = call(
            &e,
            Call {
                method: "POST",
                body,
                content_type: Some(ct),
                accept: Some("application/json"),
                ..Default::default()
            },
        )
        .await;
        assert_eq!((status, code(&v)), (StatusCode::BAD_REQUEST, 1001), "{ct}");
    }

    // 5001: validation, naming the field
    let long = format!(r#"{{"echo":"{}"}}"#, "长".repeat(201));
    let (status, v) = call(
        &e,
        Call {
            method: "POST",
            body: long.as_bytes(),
            content_type: Some("application/json"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::UNPROCESSABLE_ENTITY, 5001));
    assert_eq!(v["data"]["errors"][0]["field"], "echo");
    assert_eq!(v["data"]["errors"][0]["code"], "field.too_long");

    // 6001 unknown endpoint, 1003 a method it does not take
    let (status, v) = call(
        &e,
        Call {
            path_and_query: "/api/v1/nothing",
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::NOT_FOUND, 6001));
    let (status, v) = call(
        &e,
        Call {
            method: "PUT",
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::METHOD_NOT_ALLOWED, 1003));

    // 1002: a declared body over the limit
    let mut req = build(
        &Call {
            method: "POST",
            content_type: Some("application/json"),
            ..Default::default()
        },
        None,
    );
    req.headers_mut().insert(
        header::CONTENT_LENGTH,
        (3 * 1024 * 1024).to_string().parse().unwrap(),
    );
    let (status, _, text) = send(&e.router, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(code(&serde_json::from_str(&text).unwrap()), 1002);

    // revocation takes effect at once
    let creds = gsp_domain::access::credential::list(&e.db, &staff(Role::SecurityAdmin), e.ningbo)
        .await
        .unwrap();
    gsp_domain::access::credential::revoke(&e.db, &staff(Role::SecurityAdmin), creds[0].id, "test")
        .await
        .unwrap();
    let (status, v) = call(&e, Call::default()).await;
    assert_eq!((status, code(&v)), (StatusCode::UNAUTHORIZED, 2002));

    // the table of codes needs no signature and lists every code
    let (status, _, text) = send(
        &e.router,
        build(
            &Call {
                path_and_query: "/api/v1/codes",
                ..Default::default()
            },
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_str(&text).unwrap();
    let listed: Vec<i64> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_i64().unwrap())
        .collect();
    assert_eq!(
        listed,
        p::CODES.iter().map(|c| c.code as i64).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_suspension_is_refused_on_the_very_next_call() {
    let e = env().await;
    assert_eq!(code(&call(&e, Call::default()).await.1), 0);
    let (apps, _) = application::list(
        &e.db,
        &Actor::system("t"),
        &application::Filter {
            party_id: Some(e.ningbo),
            ..Default::default()
        },
        None,
        10,
    )
    .await
    .unwrap();
    use gsp_domain::providers::suspension::{self, Order, Target};
    let order = Order {
        severity: "critical".into(),
        reason: "接口大量报错".into(),
        alarm_ref: String::new(),
    };
    let sid = suspension::suspend(
        &e.db,
        &staff(Role::Supervisor),
        Target::Party(e.ningbo),
        &order,
    )
    .await
    .unwrap();
    let (status, v) = call(&e, Call::default()).await;
    assert_eq!((status, code(&v)), (StatusCode::FORBIDDEN, 4001));
    // the party's operator applies; the supervisor restores: the next call works
    let mut op = staff(Role::PartyOperator);
    op.organisation_id = Some(
        gsp_domain::access::party::get(&e.db, &Actor::system("t"), e.ningbo)
            .await
            .unwrap()
            .organisation_id,
    );
    let rid = suspension::apply(
        &e.db,
        &op,
        sid,
        &suspension::Application {
            failure: "接口超时".into(),
            fix: "扩容并修复连接池".into(),
            release_id: None,
        },
    )
    .await
    .unwrap();
    let (status, v) = call(&e, Call::default()).await;
    assert_eq!(
        (status, code(&v)),
        (StatusCode::FORBIDDEN, 4001),
        "until restored"
    );
    suspension::review(&e.db, &staff(Role::Supervisor), rid, true, "已修复")
        .await
        .unwrap();
    assert_eq!(code(&call(&e, Call::default()).await.1), 0);
    // retired: not connected any more
    application::act(
        &e.db,
        &staff(Role::Reviewer),
        apps[0].id,
        Action::Retire,
        "停止接入",
    )
    .await
    .unwrap();
    let (status, v) = call(&e, Call::default()).await;
    assert_eq!((status, code(&v)), (StatusCode::FORBIDDEN, 4002));
}

#[tokio::test]
async fn the_rate_limit_answers_7001_with_retry_after() {
    let e = env_with(0.5, 2.0).await;
    assert_eq!(code(&call(&e, Call::default()).await.1), 0);
    assert_eq!(code(&call(&e, Call::default()).await.1), 0);
    let c = Call::default();
    let s = sign(&e, &c, SignatureMethod::HmacSha256, now(), &nonce());
    let (status, headers, text) = send(&e.router, build(&c, Some(s))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(code(&serde_json::from_str(&text).unwrap()), 7001);
    assert!(
        headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
}

/// Random methods, paths, queries, headers and bodies: every answer is the
/// envelope with a documented code, never a failure of the server.
#[tokio::test]
async fn no_input_makes_the_server_fail() {
    use rand::{Rng, SeedableRng};
    let e = env().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261128);
    let pieces = [
        "", "a", "%", "%zz", "=", "&", "é", "\u{0}", "../", "{", "<", "<?xml", "\"", "ping",
        "echo", "/",
    ];
    let pick = |rng: &mut rand::rngs::StdRng, n: usize| -> String {
        (0..rng.gen_range(0..n))
            .map(|_| pieces[rng.gen_range(0..pieces.len())])
            .collect()
    };
    for i in 0..400 {
        let method = ["GET", "POST", "PUT", "DELETE", "PATCH"][rng.gen_range(0..5)];
        let path = if rng.gen_bool(0.7) {
            "/api/v1/ping".to_string()
        } else {
            format!("/api/v1/{}", urlish(&pick(&mut rng, 4)))
        };
        let query = urlish(&pick(&mut rng, 6));
        let uri = if query.is_empty() {
            path.clone()
        } else {
            format!("{path}?{query}")
        };
        let body: Vec<u8> = if rng.gen_bool(0.5) {
            pick(&mut rng, 12).into_bytes()
        } else {
            (0..rng.gen_range(0..64)).map(|_| rng.gen()).collect()
        };
        let ct = [
            "application/json",
            "application/xml",
            "text/plain",
            "text/xml; charset=gbk",
            "",
        ][rng.gen_range(0..5)];
        let mut b = Request::builder()
            .method(method)
            .uri(&uri)
            .header(header::HOST, "localhost");
        if !ct.is_empty() {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        // sometimes a real signature, sometimes garbage in the headers
        let (p_, q_) = uri.split_once('?').unwrap_or((&uri, ""));
        let s = p::sign_request(
            SignatureMethod::HmacSha256,
            &e.key,
            e.secret.as_bytes(),
            method,
            p_,
            q_,
            &body,
            now() + rng.gen_range(-400..400),
            &nonce(),
        );
        for (k, v) in s.headers() {
            let v = if rng.gen_bool(0.2) {
                pick(&mut rng, 5).replace('\u{0}', "")
            } else {
                v
            };
            if let Ok(hv) = http::HeaderValue::from_str(&v) {
                if rng.gen_bool(0.9) {
                    b = b.header(k, hv);
                }
            }
        }
        let Ok(mut req) = b.body(Body::from(body)) else {
            continue;
        };
        req.extensions_mut()
            .insert(ConnectInfo("127.0.0.1:1".parse::<SocketAddr>().unwrap()));
        let (status, _, text) = send(&e.router, req).await;
        assert_ne!(
            status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "case {i}: {method} {uri}: {text}"
        );
        let v: Value = if text.starts_with("<?xml") {
            assert!(text.contains("<code>"), "case {i}: {text}");
            continue;
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|_| panic!("case {i}: not an envelope: {text}"))
        };
        assert!(
            p::code(code(&v) as i32).is_some(),
            "case {i}: unknown code in {text}"
        );
    }
}

fn urlish(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '#' && c != '?' {
                c.to_string()
            } else {
                p::encode(&c.to_string())
            }
        })
        .collect()
}

/// The Rust client signs, retries on 7001 and reads the answers, against a
/// server listening on a real socket.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rust_client_talks_to_a_listening_server() {
    let e = env_with(2.0, 1.0).await;
    let addr = support::serve(e.router.clone()).await;
    let (key, secret) = (e.key.clone(), e.secret.clone());
    let base = format!("http://{addr}");
    tokio::task::spawn_blocking(move || {
        let c = gsp_client::Client::new(&base, &key, &secret);
        let me = c.ping().unwrap();
        assert_eq!(me.party_name, "宁波市政务服务平台");
        // burst 1, 2 per second: the next calls are rate limited and retried
        let sm3 = c.clone().sm3();
        for _ in 0..2 {
            assert_eq!(sm3.ping().unwrap().key_id, key);
        }
        let echoed = c
            .post_json("/api/v1/ping", &serde_json::json!({"echo": "联调"}))
            .unwrap();
        assert_eq!(echoed["echo"], "联调");
        // an API refusal comes back as Error::Api with its code
        let bad = gsp_client::Client::new(&base, &key, "wrong-secret").retries(0);
        match bad.ping() {
            Err(gsp_client::Error::Api(a)) => assert_eq!((a.code, a.status), (2003, 401)),
            other => panic!("{other:?}"),
        }
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn openapi_and_documentation_are_served() {
    let e = env().await;
    let (status, headers, text) = send(
        &e.router,
        build(
            &Call {
                path_and_query: "/api/openapi.json",
                ..Default::default()
            },
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for (path, method) in [
        ("/api/v1/ping", "get"),
        ("/api/v1/ping", "post"),
        ("/api/v1/codes", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{path} {method}");
    }
    assert!(
        doc["paths"]["/api/v1/ping"]["post"]["requestBody"]["content"]["application/xml"]
            .is_object()
    );
    assert_eq!(
        doc["x-return-codes"].as_array().unwrap().len(),
        p::CODES.len()
    );
    let (status, _, html) = send(
        &e.router,
        build(
            &Call {
                path_and_query: "/api/docs",
                ..Default::default()
            },
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("返回码") && html.contains("/api/v1/ping") && html.contains("4001"));
    // the "try it" form's script is served same-origin (the CSP allows no inline script)
    let (status, headers, js) = send(
        &e.router,
        build(
            &Call {
                path_and_query: "/api/docs.js",
                ..Default::default()
            },
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(js.contains("X-GSP-Signature") && js.contains("crypto.subtle"));
    // the documentation lists every code the protocol defines
    let md =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/api.md")).unwrap();
    for c in p::CODES {
        assert!(
            md.contains(&format!("| `{}` | {} |", c.code, c.http)),
            "docs/api.md lacks {}",
            c.code
        );
    }
}

/// A signed JSON POST of `body` to `path`.
async fn post_json(e: &Env, path: &str, body: Value) -> (StatusCode, Value) {
    let body = serde_json::to_vec(&body).unwrap();
    call(
        e,
        Call {
            method: "POST",
            path_and_query: path,
            body: &body,
            content_type: Some("application/json"),
            ..Default::default()
        },
    )
    .await
}

fn case(no: &str, status: &str) -> Value {
    let mut v = serde_json::json!({
        "case_no": no, "item_code": "11330200MB23456785400011700200001", "basic_code": "000117002000",
        "item_name": "公共场所卫生许可", "applicant_type": "person", "applicant_name": "李四",
        "applicant_id_type": "111", "applicant_id_no": "11010519491231002X", "applicant_phone": "13900001111",
        "department": "宁波市卫生健康委员会", "implementer_uscc": "11330200MB23456785", "division_code": "330200",
        "case_type": "promised", "status": status, "submitted_at": "2026-11-02T09:00:00+08:00",
        "promised_limit": 5, "promised_unit": "working-days", "promised_at": "2026-11-09T17:00:00+08:00"
    });
    if status == "completed" {
        v["completed_at"] = serde_json::json!("2026-11-05T10:00:00+08:00");
        v["result"] = serde_json::json!("approved");
    }
    v
}

async fn post_cases(e: &Env, records: Vec<Value>) -> (StatusCode, Value) {
    let body = serde_json::to_vec(&serde_json::json!({ "records": records })).unwrap();
    call(
        e,
        Call {
            method: "POST",
            path_and_query: "/api/v1/cases",
            body: &body,
            content_type: Some("application/json"),
            ..Default::default()
        },
    )
    .await
}

#[tokio::test]
async fn cases_are_idempotent_move_forward_and_keep_history() {
    let e = env().await;
    let (status, v) = post_cases(
        &e,
        vec![
            case("NB-2026-0001", "submitted"),
            case("NB-2026-0002", "accepted"),
        ],
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::OK, 0), "{v}");
    assert_eq!(
        (
            v["data"]["accepted"].as_i64(),
            v["data"]["refused"].as_i64()
        ),
        (Some(2), Some(0))
    );

    // the same batch again: nothing new
    let (_, v) = post_cases(
        &e,
        vec![
            case("NB-2026-0001", "submitted"),
            case("NB-2026-0002", "accepted"),
        ],
    )
    .await;
    assert_eq!(v["data"]["unchanged"].as_i64(), Some(2), "{v}");

    // a later status updates, an earlier one is refused for that record only, a bad record alone
    let mut bad = case("NB-2026-0003", "submitted");
    bad["implementer_uscc"] = serde_json::json!("11330200MB23456780");
    let (_, v) = post_cases(
        &e,
        vec![
            case("NB-2026-0001", "completed"),
            case("NB-2026-0002", "submitted"),
            bad,
        ],
    )
    .await;
    let outcomes: Vec<&str> = v["data"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["updated", "refused", "refused"], "{v}");
    assert_eq!(
        v["data"]["results"][1]["errors"][0]["code"],
        "case.status_backwards"
    );
    assert_eq!(
        v["data"]["results"][2]["errors"][0]["field"],
        "implementer_uscc"
    );
    assert!(!v["data"]["results"][2]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .is_empty());

    // the case with its history; personal data masked
    let (status, v) = call(
        &e,
        Call {
            path_and_query: "/api/v1/cases/NB-2026-0001",
            ..Default::default()
        },
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["data"]["case"]["status"], "completed");
    assert_eq!(v["data"]["history"][0]["status"], "submitted");
    assert_eq!(v["data"]["case"]["applicant_id_no"], "110105********002X");
    assert_eq!(v["data"]["case"]["applicant_phone"], "139****1111");
    let (status, v) = call(
        &e,
        Call {
            path_and_query: "/api/v1/cases/NOPE",
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::NOT_FOUND, 6001));

    // XML batch, the same model
    let xml = "<cases><records><case_no>NB-2026-0009</case_no><item_code>X1</item_code><item_name>居住证办理</item_name>\
        <applicant_type>person</applicant_type><applicant_name>王五</applicant_name><department>宁波市公安局</department>\
        <implementer_uscc>11330200MB23456785</implementer_uscc><division_code>330200</division_code><status>submitted</status>\
        <submitted_at>2026-11-03T10:00:00+08:00</submitted_at></records></cases>";
    let (status, v) = call(
        &e,
        Call {
            method: "POST",
            path_and_query: "/api/v1/cases",
            body: xml.as_bytes(),
            content_type: Some("application/xml"),
            accept: Some("application/json"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (status, v["data"]["accepted"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{v}"
    );

    // over 1,000 records: refused whole, naming the field
    let many: Vec<Value> = (0..1001)
        .map(|i| case(&format!("NB-X-{i}"), "submitted"))
        .collect();
    let (status, v) = post_cases(&e, many).await;
    assert_eq!((status, code(&v)), (StatusCode::UNPROCESSABLE_ENTITY, 5001));
    assert_eq!(v["data"]["errors"][0]["field"], "records");

    // the batch is audited with the credential as the actor
    let (rows, _) = gsp_domain::security::audit::list(
        &e.db,
        &gsp_domain::security::audit::Filter {
            action: Some("case.batch".into()),
            ..Default::default()
        },
        None,
        false,
        10,
    )
    .await
    .unwrap();
    // three batches changed something (the demo data's own batch is the system's)
    let ours: Vec<_> = rows
        .iter()
        .filter(|r| r.actor_kind == "credential")
        .collect();
    assert_eq!(ours.len(), 3);
    assert!(ours[0].actor_name.contains("宁波市政务服务平台"));
}

#[tokio::test]
async fn a_credential_without_the_scope_gets_3001() {
    let e = env().await;
    // the courier service is approved for third-party services only
    let cipher = gsp_domain::access::credential::Cipher::from_hex(&"cd".repeat(32)).unwrap();
    let (parties, _) =
        gsp_domain::access::party::list(&e.db, &Actor::system("t"), &Default::default(), None, 50)
            .await
            .unwrap();
    let courier = parties
        .iter()
        .find(|p| p.name == "城市速递物流寄递服务")
        .unwrap()
        .id;
    let mut issued = gsp_domain::access::credential::issue(
        &e.db,
        &staff(Role::SecurityAdmin),
        &cipher,
        courier,
        30,
    )
    .await
    .unwrap();
    assert_eq!(issued.scopes, ["third-party"]);
    // its plan's addresses do not include this machine: call from one that is
    issued.ip_allowlist.truncate(1);
    let ip = issued.ip_allowlist[0]
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let e2 = Env {
        key: issued.key_id,
        secret: issued.secret,
        ..e
    };
    let body =
        serde_json::to_vec(&serde_json::json!({"records": [case("C-1", "submitted")]})).unwrap();
    let (status, v) = call(
        &e2,
        Call {
            method: "POST",
            path_and_query: "/api/v1/cases",
            body: &body,
            content_type: Some("application/json"),
            ip: &ip,
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::FORBIDDEN, 3001), "{v}");
}

#[tokio::test]
async fn the_basic_catalog_syncs_by_increments_through_the_api() {
    let e = env().await;
    // the demo published version 1 with 8 items; page through it 3 at a time
    let mut after = String::new();
    let mut codes = Vec::new();
    loop {
        let q = format!("/api/v1/catalog/basic?since_version=0&limit=3&after={after}");
        let (status, v) = call(
            &e,
            Call {
                path_and_query: &q,
                ..Default::default()
            },
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["data"]["current_version"], 1);
        for i in v["data"]["items"].as_array().unwrap() {
            codes.push(i["basic_code"].as_str().unwrap().to_string());
            assert_eq!(i["retired"], false);
        }
        match v["data"]["next_after"].as_str() {
            Some(n) => after = n.to_string(),
            None => break,
        }
    }
    assert_eq!(codes.len(), 8);
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "in code order");
    // publish the waiting draft: version 2 has exactly that change
    let mut rev = Actor::system("rev");
    rev.roles = vec![Role::Reviewer];
    assert_eq!(
        gsp_domain::catalog::basic::publish(&e.db, &rev, "")
            .await
            .unwrap(),
        2
    );
    let (_, v) = call(
        &e,
        Call {
            path_and_query: "/api/v1/catalog/basic?since_version=1",
            ..Default::default()
        },
    )
    .await;
    let items = v["data"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["basic_code"], "000805003000");
    assert_eq!(items[0]["item"]["name"], "出生医学证明办理");
    let (status, v) = call(
        &e,
        Call {
            path_and_query: "/api/v1/catalog/basic?since_version=-1",
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::UNPROCESSABLE_ENTITY, 5001));
    assert_eq!(v["data"]["errors"][0]["field"], "since_version");
}

#[tokio::test]
async fn implementation_lists_are_checked_reviewed_and_answered() {
    let e = env().await;
    let item = |k: usize| {
        serde_json::json!({
            "implementation_code": format!("11330200MB23456785000306002000{k:06}"),
            "basic_code": "000306002000", "item_type": "payment", "name": "住房公积金提取（宁波）",
            "implementer_name": "宁波市住房公积金管理中心", "implementer_uscc": "11330200MB23456785",
            "division_code": "330200", "statutory_limit": 3, "statutory_unit": "working-days",
            "promised_limit": 2, "promised_unit": "working-days",
            "online_url": "https://zwfw.ningbo.gov.cn/item/000306002000"
        })
    };
    // one bad record refuses the whole batch, naming it; nothing is stored
    let mut bad = item(2);
    bad["promised_limit"] = serde_json::json!(30);
    bad["promised_unit"] = serde_json::json!("days");
    bad["online_url"] = serde_json::json!("http://zwfw.ningbo.gov.cn/x");
    let body = serde_json::to_vec(&serde_json::json!({"records": [item(1), bad]})).unwrap();
    let (status, v) = call(
        &e,
        Call {
            method: "POST",
            path_and_query: "/api/v1/implementation-lists",
            body: &body,
            content_type: Some("application/json"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (status, code(&v)),
        (StatusCode::UNPROCESSABLE_ENTITY, 5001),
        "{v}"
    );
    let fields: Vec<(i64, &str)> = v["data"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["index"].as_i64().unwrap(), x["field"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, [(1, "promised_limit"), (1, "online_url")]);
    let code1 = item(1)["implementation_code"].as_str().unwrap().to_string();
    let (status, _) = call(
        &e,
        Call {
            path_and_query: &format!("/api/v1/implementation-lists/{code1}"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "never half-stored");

    // a valid batch waits for review
    let body = serde_json::to_vec(&serde_json::json!({"records": [item(1), item(2)]})).unwrap();
    let (status, v) = call(
        &e,
        Call {
            method: "POST",
            path_and_query: "/api/v1/implementation-lists",
            body: &body,
            content_type: Some("application/json"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (status, v["data"]["changed"].as_i64()),
        (StatusCode::OK, Some(2)),
        "{v}"
    );
    let mut rev = Actor::system("rev");
    rev.roles = vec![Role::Reviewer];
    let queue = gsp_domain::catalog::impl_list::queue(&e.db, &rev, Kind::Implementation)
        .await
        .unwrap();
    assert_eq!(queue.len(), 5, "the demo's three and these two");
    // approve one, return the other with a reason
    let code2 = item(2)["implementation_code"].as_str().unwrap().to_string();
    gsp_domain::catalog::impl_list::review(
        &e.db,
        &rev,
        Kind::Implementation,
        e.ningbo,
        std::slice::from_ref(&code1),
        true,
        "",
    )
    .await
    .unwrap();
    gsp_domain::catalog::impl_list::review(
        &e.db,
        &rev,
        Kind::Implementation,
        e.ningbo,
        std::slice::from_ref(&code2),
        false,
        "承诺时限请再核实",
    )
    .await
    .unwrap();
    let (_, v) = call(
        &e,
        Call {
            path_and_query: &format!("/api/v1/implementation-lists/{code2}"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (v["data"]["status"].as_str(), v["data"]["comment"].as_str()),
        (Some("returned"), Some("承诺时限请再核实"))
    );
    let (_, v) = call(
        &e,
        Call {
            path_and_query: &format!("/api/v1/implementation-lists/{code1}"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(v["data"]["status"], "approved");

    // a change to an approved item shows the reviewer exactly what changed
    let mut changed = item(1);
    changed["promised_limit"] = serde_json::json!(1);
    let body = serde_json::to_vec(&serde_json::json!({"records": [changed]})).unwrap();
    call(
        &e,
        Call {
            method: "POST",
            path_and_query: "/api/v1/implementation-lists",
            body: &body,
            content_type: Some("application/json"),
            ..Default::default()
        },
    )
    .await;
    let queue = gsp_domain::catalog::impl_list::queue(&e.db, &rev, Kind::Implementation)
        .await
        .unwrap();
    let mine = queue.iter().find(|q| q.code == code1).unwrap();
    assert_eq!(
        mine.against,
        gsp_domain::catalog::impl_list::Against::Approved
    );
    assert_eq!(
        mine.changes
            .iter()
            .map(|c| c.field.as_str())
            .collect::<Vec<_>>(),
        ["promised_limit"]
    );

    // a returned item sent again (even unchanged) goes back to the queue and
    // loses the reviewer's old comment, in the same multi-row upsert as an
    // item sent again unchanged (issue #15)
    let body = serde_json::to_vec(&serde_json::json!({"records": [item(2), changed]})).unwrap();
    call(
        &e,
        Call {
            method: "POST",
            path_and_query: "/api/v1/implementation-lists",
            body: &body,
            content_type: Some("application/json"),
            ..Default::default()
        },
    )
    .await;
    let (_, v) = call(
        &e,
        Call {
            path_and_query: &format!("/api/v1/implementation-lists/{code2}"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (v["data"]["status"].as_str(), v["data"]["comment"].as_str()),
        (Some("pending"), None),
        "{v}"
    );
}

#[tokio::test]
async fn reported_catalogs_are_checked_against_the_basic_catalog_and_reviewed() {
    let e = env().await;
    let item = |code: &str, kind: &str| {
        serde_json::json!({
            "basic_code": code, "name": "住房公积金提取", "item_type": kind,
            "department": "宁波市住房公积金管理中心", "legal_basis": "《住房公积金管理条例》第二十四条",
            "levels": ["municipal"], "objects": ["person"], "statutory_limit": 3, "statutory_unit": "working-days"
        })
    };
    let post = |body: Vec<u8>, ctype: &'static str| {
        let e = &e;
        async move {
            call(
                e,
                Call {
                    method: "POST",
                    path_and_query: "/api/v1/catalog/items",
                    body: &body,
                    content_type: Some(ctype),
                    accept: Some("application/json"),
                    ..Default::default()
                },
            )
            .await
        }
    };
    // an unknown basic code and a wrong item type refuse the batch, each named
    let body = serde_json::json!({"records": [
        item("000306002000", "payment"), item("999999999999", "payment"), item("000306002000", "licensing")
    ]});
    let (status, v) = post(serde_json::to_vec(&body).unwrap(), "application/json").await;
    assert_eq!(
        (status, code(&v)),
        (StatusCode::UNPROCESSABLE_ENTITY, 5001),
        "{v}"
    );
    let errors: Vec<(i64, &str, &str)> = v["data"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["index"].as_i64().unwrap(),
                x["field"].as_str().unwrap(),
                x["basic_code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (1, "basic_code", "999999999999"),
            (2, "item_type", "000306002000"),
            (2, "basic_code", "000306002000"),
        ],
        "{v}"
    );
    let (status, _) = call(
        &e,
        Call {
            path_and_query: "/api/v1/catalog/items/000306002000",
            ..Default::default()
        },
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "never half-stored");

    // a valid batch in XML (lists as repeated elements) waits for review
    let xml = "<request><records><basic_code>000306002000</basic_code><name>住房公积金提取</name>\
        <item_type>payment</item_type><department>宁波市住房公积金管理中心</department>\
        <legal_basis>《住房公积金管理条例》第二十四条</legal_basis><levels>municipal</levels>\
        <objects>person</objects><objects>legal-person</objects><statutory_limit>3</statutory_limit>\
        <statutory_unit>working-days</statutory_unit></records></request>";
    let (status, v) = post(xml.as_bytes().to_vec(), "application/xml").await;
    assert_eq!((status, code(&v)), (StatusCode::OK, 0), "{v}");
    let mut rev = Actor::system("rev");
    rev.roles = vec![Role::Reviewer];
    let queue = gsp_domain::catalog::impl_list::queue(&e.db, &rev, Kind::Catalog)
        .await
        .unwrap();
    let mine = queue.iter().find(|q| q.code == "000306002000").unwrap();
    // never approved: compared with the target's basic catalog item
    assert_eq!(mine.against, gsp_domain::catalog::impl_list::Against::Basic);
    let fields: Vec<&str> = mine.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["department", "objects"], "{:?}", mine.changes);
    gsp_domain::catalog::impl_list::review(
        &e.db,
        &rev,
        Kind::Catalog,
        e.ningbo,
        &["000306002000".to_string()],
        false,
        "服务对象与基本目录不一致",
    )
    .await
    .unwrap();
    let (_, v) = call(
        &e,
        Call {
            path_and_query: "/api/v1/catalog/items/000306002000",
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (
            v["data"]["status"].as_str(),
            v["data"]["comment"].as_str(),
            v["data"]["basic_code"].as_str()
        ),
        (
            Some("returned"),
            Some("服务对象与基本目录不一致"),
            Some("000306002000")
        ),
        "{v}"
    );
    assert_eq!(v["data"]["item"]["objects"][1], "legal-person");
}

#[tokio::test]
async fn a_suspended_service_gets_4001_on_the_next_call_and_0_once_restored() {
    use gsp_domain::providers;
    use gsp_domain::providers::suspension::{self, Order, Target};
    let e = env().await;
    let cipher = gsp_domain::access::credential::Cipher::from_hex(&"cd".repeat(32)).unwrap();
    let sup = staff(Role::Supervisor);
    let services = providers::services(&e.db, &sup, None).await.unwrap();
    let live = services.iter().find(|s| s.name == "证照寄递").unwrap();
    assert_eq!((live.step.as_str(), live.suspended), ("completed", false));
    let mut issued = gsp_domain::access::credential::issue_for_service(
        &e.db,
        &staff(Role::SecurityAdmin),
        &cipher,
        live.id,
        30,
    )
    .await
    .unwrap();
    issued.ip_allowlist.truncate(1);
    let ip = issued.ip_allowlist[0]
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let e2 = Env {
        key: issued.key_id,
        secret: issued.secret,
        ..e
    };
    let ping = || Call {
        ip: &ip,
        ..Default::default()
    };
    assert_eq!(code(&call(&e2, ping()).await.1), 0);
    let sid = suspension::suspend(
        &e2.db,
        &sup,
        Target::Service(live.id),
        &Order {
            severity: "critical".into(),
            reason: "寄递下单接口连续失败".into(),
            alarm_ref: "ALM-1".into(),
        },
    )
    .await
    .unwrap();
    let (status, v) = call(&e2, ping()).await;
    assert_eq!((status, code(&v)), (StatusCode::FORBIDDEN, 4001), "{v}");

    // the provider must bring a new test report
    let mut prov = staff(Role::Provider);
    prov.organisation_id = Some(
        gsp_domain::access::party::get(&e2.db, &Actor::system("t"), live.party_id)
            .await
            .unwrap()
            .organisation_id,
    );
    let app = suspension::Application {
        failure: "下单接口数据库连接耗尽".into(),
        fix: "连接池扩容、增加熔断".into(),
        release_id: None,
    };
    let Err(gsp_domain::Error::Validation(errs)) =
        suspension::apply(&e2.db, &prov, sid, &app).await
    else {
        panic!("a service needs a test report")
    };
    assert_eq!(errs[0].field, "release_id");
    let release = providers::submit_release(
        &e2.db,
        &prov,
        live.id,
        &providers::NewRelease {
            version: "1.0.1".into(),
            kind: "restoration".into(),
            tested_on: "2026-11-28".into(),
            scope: "下单接口回归与压力测试".into(),
            results: "全部通过".into(),
        },
        "测试报告-1.0.1.pdf",
        b"%PDF-1.4 report",
    )
    .await
    .unwrap();
    let rid = suspension::apply(
        &e2.db,
        &prov,
        sid,
        &suspension::Application {
            release_id: Some(release),
            ..app
        },
    )
    .await
    .unwrap();
    assert_eq!(code(&call(&e2, ping()).await.1), 4001, "until restored");
    suspension::review(&e2.db, &sup, rid, true, "验证通过，恢复服务")
        .await
        .unwrap();
    let (status, v) = call(&e2, ping()).await;
    assert_eq!((status, code(&v)), (StatusCode::OK, 0), "{v}");
    let releases = providers::releases(&e2.db, &sup, live.id).await.unwrap();
    let r = releases.iter().find(|r| r.id == release).unwrap();
    assert_eq!((r.status.as_str(), r.live), ("accepted", true));

    // the demo's suspended payment service refuses its credential from the start
    let pay = services
        .iter()
        .find(|s| s.name == "统一公共支付（缴费）")
        .unwrap();
    assert!(pay.suspended);
    let issued = gsp_domain::access::credential::issue_for_service(
        &e2.db,
        &staff(Role::SecurityAdmin),
        &cipher,
        pay.id,
        30,
    )
    .await
    .unwrap();
    let pay_ip = issued.ip_allowlist[0]
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let e3 = Env {
        key: issued.key_id,
        secret: issued.secret,
        ..e2
    };
    let (status, v) = call(
        &e3,
        Call {
            ip: &pay_ip,
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::FORBIDDEN, 4001), "{v}");
}

#[tokio::test]
async fn operations_data_through_the_api() {
    let e = env().await;
    let post = |path: &'static str, body: Value| post_json(&e, path, body);
    let (status, v) = post(
        "/api/v1/ops/resources",
        serde_json::json!({"records": [
            {"resource_id": "api-srv-01", "category": "server", "kind": "virtual", "name": "政务云主机 01", "address": "59.202.40.11"},
            {"resource_id": "api-fw-01", "category": "network-device", "kind": "firewall", "name": "边界防火墙"}
        ]}),
    )
    .await;
    assert_eq!(
        (status, code(&v), v["data"]["inserted"].as_i64()),
        (StatusCode::OK, 0, Some(2)),
        "{v}"
    );
    // a bad record refuses the batch, naming it
    let (status, v) = post(
        "/api/v1/ops/resources",
        serde_json::json!({"records": [{"resource_id": "r-2", "category": "server", "kind": "router", "name": "x"}]}),
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::UNPROCESSABLE_ENTITY, 5001));
    assert_eq!(
        (
            v["data"]["errors"][0]["index"].as_i64(),
            v["data"]["errors"][0]["field"].as_str()
        ),
        (Some(0), Some("kind"))
    );
    let ts = chrono::Utc::now().timestamp() - 600;
    let points = serde_json::json!({"points": [
        {"resource_id": "api-srv-01", "metric": "cpu.usage", "ts": ts, "value": 97.5},
        {"resource_id": "api-srv-01", "metric": "cpu.usage", "ts": ts + 60, "value": 98.0}
    ]});
    let (_, v) = post("/api/v1/ops/metrics", points.clone()).await;
    assert_eq!(v["data"]["stored"], 2, "{v}");
    let (_, v) = post("/api/v1/ops/metrics", points).await;
    assert_eq!(
        (
            v["data"]["stored"].as_i64(),
            v["data"]["duplicates"].as_i64()
        ),
        (Some(0), Some(2))
    );
    let alarm = serde_json::json!({"records": [{"fingerprint": "zbx:api-srv-01:cpu", "resource_id": "api-srv-01", "severity": 4, "title": "CPU 持续高于 95%"}]});
    let (_, v) = post("/api/v1/ops/alarms", alarm.clone()).await;
    assert_eq!(v["data"]["raised"], 1, "{v}");
    let (_, v) = post("/api/v1/ops/alarms", alarm).await;
    assert_eq!(v["data"]["updated"], 1);
    let (_, v) = post(
        "/api/v1/ops/nodes",
        serde_json::json!({"node_id": "nb-ops-1", "name": "宁波运维节点", "version": "3.2", "interval_seconds": 60}),
    )
    .await;
    assert_eq!(code(&v), 0, "{v}");
    let (_, v) = post(
        "/api/v1/ops/tickets",
        serde_json::json!({"title": "请协助排查", "description": "防火墙策略变更后接口超时", "resource_id": "api-fw-01"}),
    )
    .await;
    assert!(
        v["data"]["number"].as_str().unwrap().starts_with('T'),
        "{v}"
    );
    let (status, v) = post(
        "/api/v1/ops/tickets",
        serde_json::json!({"title": "x", "description": "y", "resource_id": "nope"}),
    )
    .await;
    assert_eq!(
        (status, v["data"]["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("resource_id"))
    );
    let sup = staff(Role::Supervisor);
    let health = gsp_domain::ops::overview(&e.db, &sup).await.unwrap();
    let nb = health.iter().find(|h| h.party_id == e.ningbo).unwrap();
    assert_eq!(
        (nb.nodes, nb.alarms[4], nb.resources),
        (1, 2, 9),
        "with the demo's"
    );
}

#[tokio::test]
async fn seals_are_filed_and_checked_through_the_api() {
    let e = env().await;
    let unit = gsp_domain::seals::units(&e.db, &staff(Role::Supervisor))
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == "宁波甬印印章有限公司")
        .unwrap()
        .uscc;
    let now = chrono::Utc::now();
    let seal = |es: &str, system: &str| {
        serde_json::json!({
            "es_id": es, "name": "宁波接口测试有限公司", "seal_type": "contract",
            "owner_name": "宁波接口测试有限公司", "owner_uscc": "91330100MA2BCDE12N",
            "making_unit_uscc": unit, "maker_system": system, "signer_certs": ["ABCDEF01"],
            "made_at": now, "valid_from": now - chrono::Duration::days(1), "valid_to": now + chrono::Duration::days(365),
            "image": gsp_domain::demo::SEAL_PNG, "maker_cert_serial": "0EF9", "signature_algorithm": "SM2"
        })
    };
    let body = serde_json::to_vec(&serde_json::json!({"records": [seal("API-SEAL-1", "NB-SEAL-MAKER"), seal("API-SEAL-2", "UNKNOWN-SYS")]})).unwrap();
    let (status, v) = call(
        &e,
        Call {
            method: "POST",
            path_and_query: "/api/v1/seals",
            body: &body,
            content_type: Some("application/json"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (
            status,
            v["data"]["filed"].as_i64(),
            v["data"]["refused"].as_i64()
        ),
        (StatusCode::OK, Some(1), Some(1)),
        "{v}"
    );
    assert_eq!(
        v["data"]["results"][1]["errors"][0]["code"], "seal.system_unregistered",
        "{v}"
    );
    let (_, v) = call(
        &e,
        Call {
            path_and_query: "/api/v1/seals/API-SEAL-1",
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (v["data"]["filed"].as_bool(), v["data"]["valid"].as_bool()),
        (Some(true), Some(true)),
        "{v}"
    );
    let later = p::encode(&(now + chrono::Duration::days(400)).to_rfc3339());
    let (_, v) = call(
        &e,
        Call {
            path_and_query: &format!("/api/v1/seals/API-SEAL-1?at={later}"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(v["data"]["valid"], false, "after its validity: {v}");
    let (status, v) = call(
        &e,
        Call {
            path_and_query: "/api/v1/seals/API-SEAL-1?at=yesterday",
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (status, v["data"]["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("at"))
    );
}

/// Issue #14: a mistyped field refuses only its record and names the field,
/// in JSON and in XML; integral numbers are integers; attributes take
/// scalars; an empty action is no action; every batch endpoint parses its
/// records one by one.
#[tokio::test]
async fn a_mistyped_field_refuses_only_its_record_and_names_the_field() {
    let e = env().await;
    let mut bad = case("NB-2026-0102", "submitted");
    bad["submitted_at"] = Value::from("yesterday");
    let mut integral = case("NB-2026-0103", "submitted");
    integral["promised_limit"] = serde_json::json!(5.0);
    let (status, v) = post_cases(&e, vec![case("NB-2026-0101", "submitted"), bad, integral]).await;
    assert_eq!((status, code(&v)), (StatusCode::OK, 0), "{v}");
    let r = &v["data"]["results"];
    assert_eq!(r[0]["outcome"], "accepted");
    assert_eq!(
        (r[1]["index"].as_i64(), r[1]["case_no"].as_str()),
        (Some(1), Some("NB-2026-0102"))
    );
    assert_eq!(r[1]["outcome"], "refused");
    assert_eq!(r[1]["errors"][0]["field"], "submitted_at");
    assert_eq!(r[1]["errors"][0]["code"], "field.invalid");
    assert_eq!(r[2]["outcome"], "accepted", "5.0 is an integer: {v}");
    assert_eq!(
        (
            v["data"]["accepted"].as_i64(),
            v["data"]["refused"].as_i64()
        ),
        (Some(2), Some(1))
    );
    // the valid records were kept
    #[derive(sqlx::FromRow)]
    struct N {
        n: i64,
    }
    let stored: N =
        e.db.fetch_one(
            "select count(*) as n from cases where case_no in ('NB-2026-0101', 'NB-2026-0103')",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(stored.n, 2);

    // the same in XML
    let xml = "<request><records><case_no>NB-2026-0104</case_no><status>submitted</status><promised_limit>many</promised_limit></records></request>";
    let (status, v) = call(
        &e,
        Call {
            method: "POST",
            path_and_query: "/api/v1/cases",
            body: xml.as_bytes(),
            content_type: Some("application/xml"),
            accept: Some("application/json"),
            ..Default::default()
        },
    )
    .await;
    assert_eq!((status, code(&v)), (StatusCode::OK, 0), "{v}");
    assert_eq!(v["data"]["results"][0]["case_no"], "NB-2026-0104");
    assert_eq!(
        v["data"]["results"][0]["errors"][0]["field"],
        "promised_limit"
    );

    let post = |path: &'static str, body: Value| post_json(&e, path, body);
    // all-or-nothing batches: the mistyped record is named, nothing stored
    let (status, v) = post(
        "/api/v1/ops/alarms",
        serde_json::json!({"records": [
            {"fingerprint": "a-1", "severity": 3, "title": "CPU"},
            {"fingerprint": "a-2", "severity": "high", "title": "CPU"}
        ]}),
    )
    .await;
    assert_eq!(
        (status, code(&v)),
        (StatusCode::UNPROCESSABLE_ENTITY, 5001),
        "{v}"
    );
    assert_eq!(
        (
            v["data"]["errors"][0]["index"].as_i64(),
            v["data"]["errors"][0]["field"].as_str()
        ),
        (Some(1), Some("severity"))
    );
    let (_, v) = post(
        "/api/v1/ops/alarms",
        serde_json::json!({"records": [{"fingerprint": "a-3", "action": "", "title": "CPU"}]}),
    )
    .await;
    assert_eq!(
        v["data"]["errors"][0]["field"], "action",
        "an empty action is not a raise: {v}"
    );
    let (_, v) = post("/api/v1/ops/metrics", serde_json::json!({"points": [{"resource_id": "r", "metric": "cpu.usage", "ts": "now", "value": 1}]})).await;
    assert_eq!(
        (code(&v), v["data"]["errors"][0]["field"].as_str()),
        (5001, Some("ts")),
        "{v}"
    );
    let (_, v) = post(
        "/api/v1/implementation-lists",
        serde_json::json!({"records": [{"implementation_code": "X", "statutory_limit": [1]}]}),
    )
    .await;
    assert_eq!(
        (code(&v), v["data"]["errors"][0]["field"].as_str()),
        (5001, Some("statutory_limit")),
        "{v}"
    );
    assert_eq!(v["data"]["errors"][0]["implementation_code"], "X");
    let (_, v) = post(
        "/api/v1/seals",
        serde_json::json!({"records": [{"es_id": "E-1", "signer_certs": "one"}]}),
    )
    .await;
    assert_eq!(
        v["data"]["results"][0]["errors"][0]["field"], "signer_certs",
        "{v}"
    );
    // numbers and booleans are attribute values
    let (status, v) = post("/api/v1/ops/resources", serde_json::json!({"records": [
        {"resource_id": "srv-9", "category": "server", "kind": "virtual", "name": "主机", "attributes": {"cores": 8, "ha": true, "os": "麒麟"}}
    ]})).await;
    assert_eq!((status, code(&v)), (StatusCode::OK, 0), "{v}");
    // an empty catalog report is refused with the catalog's own code
    let (_, v) = post("/api/v1/catalog/items", serde_json::json!({"records": []})).await;
    assert_eq!(v["data"]["errors"][0]["code"], "catalog.batch_size", "{v}");
    // a single object: the field of the type error
    let (status, v) = post("/api/v1/ping", serde_json::json!({"echo": 5})).await;
    assert_eq!(
        (status, code(&v), v["data"]["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, 5001, Some("echo"))
    );
}

/// Issue #14: one XML document within limits, in the encodings Chinese
/// systems send; anything else refused with the reason under `body`.
#[tokio::test]
async fn xml_bodies_are_one_document_in_a_known_encoding() {
    let e = env().await;
    let ping = |body: Vec<u8>, ct: &'static str| {
        let e = &e;
        async move {
            call(
                e,
                Call {
                    method: "POST",
                    body: &body,
                    content_type: Some(ct),
                    accept: Some("application/json"),
                    ..Default::default()
                },
            )
            .await
        }
    };
    for (body, reason) in [
        (
            &b"<ping><echo>a</echo></ping><ping><echo>b</echo></ping>"[..],
            "body.xml_two_roots",
        ),
        (
            b"<ping><echo>a</echo></ping>trailing junk",
            "body.xml_trailing",
        ),
        (
            b"<!DOCTYPE p [<!ENTITY x \"xx\">]><ping><echo>&x;</echo></ping>",
            "body.xml_doctype",
        ),
        (
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ping><echo>a</echo></ping>",
            "body.xml_encoding",
        ),
    ] {
        let (status, v) = ping(body.to_vec(), "application/xml").await;
        assert_eq!((status, code(&v)), (StatusCode::BAD_REQUEST, 1001), "{v}");
        assert_eq!(v["data"]["errors"][0]["field"], "body");
        assert_eq!(v["data"]["errors"][0]["code"], reason);
    }
    let deep = format!("<ping>{}{}</ping>", "<a>".repeat(100), "</a>".repeat(100));
    let (_, v) = ping(deep.into_bytes(), "application/xml").await;
    assert_eq!(v["data"]["errors"][0]["code"], "body.too_deep");
    // UTF-16 with its byte order mark, GB18030 by declaration and by charset
    let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><ping><echo>办件</echo></ping>";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(doc.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let (status, v) = ping(utf16, "application/xml").await;
    assert_eq!(
        (status, v["data"]["echo"].as_str()),
        (StatusCode::OK, Some("办件")),
        "{v}"
    );
    let gb = encoding_rs::GB18030
        .encode("<?xml version=\"1.0\" encoding=\"GB18030\"?><ping><echo>不动产登记</echo></ping>")
        .0
        .into_owned();
    let (_, v) = ping(gb, "text/xml").await;
    assert_eq!(v["data"]["echo"], "不动产登记", "{v}");
    let gbk = encoding_rs::GBK
        .encode("<ping><echo>公积金</echo></ping>")
        .0
        .into_owned();
    let (_, v) = ping(gbk, "text/xml; charset=gbk").await;
    assert_eq!(v["data"]["echo"], "公积金", "{v}");
}

/// Issue #14.7: a body that stops arriving gets 1004 in the envelope
/// (not the framework's bare 408).
#[tokio::test]
async fn a_stalled_body_gets_1004() {
    use futures_util::StreamExt;
    let e = env().await;
    let c = Call {
        method: "POST",
        body: b"{\"echo\":\"x\"}",
        content_type: Some("application/json"),
        ..Default::default()
    };
    let s = sign(&e, &c, SignatureMethod::HmacSha256, now(), &nonce());
    let mut req = build(&c, Some(s));
    // the first bytes, then nothing
    let stream = futures_util::stream::once(async {
        Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"{\"echo\""))
    })
    .chain(futures_util::stream::pending());
    *req.body_mut() = Body::from_stream(stream);
    // real time: with a paused clock the call log's write (on SQLite's own
    // thread) would let the clock jump to the request deadline
    let started = std::time::Instant::now();
    let (status, _, text) = send(&e.router, req).await;
    assert!(started.elapsed() >= gsp_server::api::BODY_DEADLINE);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (status, code(&v)),
        (StatusCode::REQUEST_TIMEOUT, 1004),
        "{text}"
    );
}
