//! The HTTP surface through the router (`oneshot`): every server function ×
//! every role, sign-in cookies, guards, headers, health, metrics, export.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use gsp_domain::{demo, Db};

mod support;

use support::send;

struct Env {
    router: Router,
    db: Db,
    _db: support::TestDb,
}

async fn env() -> Env {
    let t = support::demo_database().await;
    let cipher = gsp_domain::access::credential::Cipher::from_hex(&"ab".repeat(32)).unwrap();
    Env {
        router: support::router(support::state(&t.db, cipher, 20.0, 40.0)),
        db: t.db.clone(),
        _db: t,
    }
}

/// The demo state with some settings changed (limits, HTTPS, metrics).
fn state_with(
    db: &Db,
    change: impl FnOnce(&mut app::state::ConsoleSettings),
) -> app::state::AppState {
    let cipher = gsp_domain::access::credential::Cipher::from_hex(&"ab".repeat(32)).unwrap();
    let mut st = support::state(db, cipher, 1e6, 1e6);
    change(std::sync::Arc::get_mut(&mut st.settings).unwrap());
    st
}

/// A full session token for a demo account.
async fn token(db: &Db, username: &str) -> String {
    support::session(db, username).await
}

fn post_form(path: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut b = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::HOST, "localhost");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, format!("gsp_session={c}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

fn multipart(
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    file: (&str, &str, &[u8]),
) -> Request<Body> {
    let boundary = "----gsptestboundary";
    let mut body: Vec<u8> = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0, file.1
        )
        .as_bytes(),
    );
    body.extend(file.2);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut b = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::ACCEPT, "application/json")
        .header(header::HOST, "localhost");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, format!("gsp_session={c}"));
    }
    b.body(Body::from(body)).unwrap()
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path).header(header::HOST, "localhost");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, format!("gsp_session={c}"));
    }
    b.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn every_server_function_checks_every_role() {
    let e = env().await;
    let mut tokens = vec![("anonymous", None)];
    for a in demo::ACCOUNTS.iter() {
        tokens.push((a.username, Some(token(&e.db, a.username).await)));
    }
    let mut n = 0;
    for (user, tok) in &tokens {
        let roles = match tok {
            Some(_) => vec![
                demo::ACCOUNTS
                    .iter()
                    .find(|a| a.username == *user)
                    .unwrap()
                    .role,
            ],
            None => vec![],
        };
        for (endpoint, perm) in app::api::SERVER_FNS {
            n += 1;
            let id = uuid::Uuid::now_v7();
            let req = if *endpoint == "import_catalog" || *endpoint == "report_file" {
                multipart(
                    &format!("/console/{endpoint}"),
                    tok.as_deref(),
                    &[("valid_only", "false"), ("kind", "catalog")],
                    ("file", "c.csv", "basic_code,name\n".as_bytes()),
                )
            } else if matches!(
                *endpoint,
                "upload_provider_document"
                    | "submit_release"
                    | "register_seal_system"
                    | "register_seal_unit"
                    | "upload_seal_filings"
            ) {
                multipart(
                    &format!("/console/{endpoint}"),
                    tok.as_deref(),
                    &[
                        ("party_id", &id.to_string()),
                        ("service_id", &id.to_string()),
                        ("kind", "x"),
                    ],
                    ("file", "a.pdf", b"%PDF-1.4 matrix"),
                )
            } else if *endpoint == "upload_evidence" {
                multipart(
                    &format!("/console/{endpoint}"),
                    tok.as_deref(),
                    &[("application_id", &id.to_string()), ("kind", "mp")],
                    ("file", "a.pdf", b"%PDF-1.4 matrix"),
                )
            } else {
                let body = format!(
                    "id={id}&reason=matrix&username=m{n}&display_name=M&disabled=false&ascending=false\
                     &name=P{n}&kind=third-party&level=provincial&division_code=330000&organisation_name=O\
                     &uscc=91350100M000100Y43&contact_name=C&contact_phone=13800138000&contact_email=a%40b.cn\
                     &basic_code=000117002000&item_type=licensing&department=D&legal_basis=L&note=N&approve=true\
                     &party_id={id}&application_id={id}&region=&target=service&cases=C&result=pass&restore=false&suspension_id={id}\
                     &capability=C&category=logistics&data=%7B%7D&series=1&hours=1&alarm_id={id}&title=T&resource={id}&es_id=E1&to=revoked\
                     &action=start-review&section=network&body=B&comment=C\
                     &topology=T&addresses=10.0.0.1&domains=a.gov.cn&location=L&security_plan=S\
                     &cloud_platform=C&load_balancers=&devices=&daily_calls=1&current_password=not-it&new_password=N&confirm=N"
                );
                post_form(&format!("/console/{endpoint}"), tok.as_deref(), &body)
            };
            let (status, _, text) = send(&e.router, req).await;
            let expected_ok = match perm {
                _ if tok.is_none() => false,
                Some("") => false, // enrolment: only a pending enrolment session may read it
                None => true,
                Some(p) => p.split('|').any(|p| {
                    gsp_domain::Permission::ALL.iter().any(|x| {
                        format!("{x:?}") == p && gsp_domain::security::role::allows(&roles, *x)
                    })
                }),
            };
            if expected_ok {
                assert!(
                    status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                    "{user} should reach {endpoint}: {status} {text}"
                );
            } else if tok.is_none() || *perm == Some("") {
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{user} → {endpoint}: {text}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{user} → {endpoint}: {text}");
            }
        }
    }
    assert_eq!(n, tokens.len() * app::api::SERVER_FNS.len());
}

/// The matrix above covers exactly the server functions Leptos registered:
/// a new `#[server]` function missing from `SERVER_FNS` (or a listed name
/// that no longer exists) fails here.
#[test]
fn the_role_matrix_lists_every_registered_server_function() {
    use std::collections::BTreeSet;
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(
        registered.len() > 50,
        "the framework's registry is read: {registered:?}"
    );
    let listed: BTreeSet<String> = app::api::SERVER_FNS
        .iter()
        .map(|(name, _)| format!("/console/{name}"))
        .collect();
    assert_eq!(
        listed.len(),
        app::api::SERVER_FNS.len(),
        "SERVER_FNS names each function once"
    );
    let unlisted: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "registered but not in SERVER_FNS: {unlisted:?}; listed but not registered: {stale:?}"
    );
}

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie_and_pages_are_guarded() {
    let e = env().await;
    let (status, headers, _) = send(&e.router, get("/accounts", None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/login");

    let (status, headers, _) = send(
        &e.router,
        post_form(
            "/auth/login",
            None,
            "username=reviewer&password=Demo-Review-2026!",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/");
    let cookie = headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/"),
        "{cookie}"
    );
    let tok = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("gsp_session=")
        .to_string();
    let (status, _, html) = send(&e.router, get("/", Some(&tok))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("工作台"), "dashboard in Chinese");

    // an administrator is asked for the second factor
    let (_, headers, _) = send(
        &e.router,
        post_form(
            "/auth/login",
            None,
            "username=auditor&password=Demo-Audit-2026!",
        ),
    )
    .await;
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/login/totp");

    // wrong password: back to the form, username kept, password not
    let (_, headers, _) = send(
        &e.router,
        post_form("/auth/login", None, "username=reviewer&password=nope"),
    )
    .await;
    let loc = headers.get(header::LOCATION).unwrap().to_str().unwrap();
    assert!(
        loc.starts_with("/login?error=bad_credentials")
            && loc.contains("username=reviewer")
            && !loc.contains("nope")
    );

    // sign-out ends the session on the server
    let (status, _, _) = send(&e.router, post_form("/auth/logout", Some(&tok), "")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = send(&e.router, get("/", Some(&tok))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn headers_health_metrics_and_cross_site_posts() {
    let e = env().await;
    let (status, h, _) = send(&e.router, get("/login", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(h
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(h.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
    assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    assert!(h.get(header::REFERRER_POLICY).is_some());
    assert!(h.get("x-request-id").is_some());

    assert_eq!(
        send(&e.router, get("/healthz", None)).await.0,
        StatusCode::OK
    );
    let (status, _, body) = send(&e.router, get("/readyz", None)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));
    let (_, _, metrics) = send(&e.router, get("/metrics", None)).await;
    assert!(
        metrics
            .contains("gsp_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"),
        "{metrics}"
    );
    assert!(metrics.contains(&format!(
        "gsp_db_pool{{engine=\"{}\",state=\"open\"}}",
        support::engine()
    )));
    // an invented method or path adds no series (issue #14)
    let odd = Request::builder()
        .method("XYZ123")
        .uri("/metrics/no/such/path?x=1")
        .header(header::HOST, "localhost")
        .body(Body::empty())
        .unwrap();
    send(&e.router, odd).await;
    let (_, _, metrics) = send(&e.router, get("/metrics", None)).await;
    assert!(
        !metrics.contains("XYZ123") && !metrics.contains("no/such"),
        "{metrics}"
    );
    assert!(metrics.contains("method=\"other\""), "{metrics}");
    assert!(metrics.contains("gsp_build_info{version="), "{metrics}");
    assert!(
        metrics.contains("gsp_db_begin_wait_seconds_count"),
        "{metrics}"
    );

    let mut req = post_form(
        "/auth/login",
        None,
        "username=reviewer&password=Demo-Review-2026!",
    );
    req.headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    assert_eq!(send(&e.router, req).await.0, StatusCode::FORBIDDEN);

    // oversized bodies are refused
    let big = "x".repeat(gsp_server::BODY_LIMIT + 10);
    assert_eq!(
        send(&e.router, post_form("/auth/login", None, &big))
            .await
            .0,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    // the language switch persists in a cookie and only redirects locally
    let (status, h, _) = send(&e.router, get("/lang/en?next=/audit", None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(h.get(header::LOCATION).unwrap(), "/audit");
    assert!(h
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("gsp_lang=en"));
    // the issue's two redirects out (a backslash, a tab) stay home (#14.6)
    for next in [
        "//evil.example",
        "/%5Cevil.example/phish",
        "/%09/evil.example",
    ] {
        let (_, h, _) = send(&e.router, get(&format!("/lang/en?next={next}"), None)).await;
        assert_eq!(h.get(header::LOCATION).unwrap(), "/", "next={next}");
    }
}

#[tokio::test]
async fn audit_export_is_for_the_audit_administrator_and_is_audited() {
    let e = env().await;
    let sys = token(&e.db, "sysadmin").await;
    let aud = token(&e.db, "auditor").await;
    assert_eq!(
        send(&e.router, get("/audit/export?format=csv", Some(&sys)))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&e.router, get("/audit/export?format=csv", None))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let (status, h, csv) = send(
        &e.router,
        get("/audit/export?format=csv&action=account.create", Some(&aud)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(h
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap()
        .contains(".csv"));
    assert!(csv.starts_with("\u{feff}seq,time_utc"));
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains("\"account.create\",\"新建账号\",\"account\",\"账号\""),
        "codes with their labels:\n{csv}"
    );
    assert_eq!(
        csv.lines().count(),
        1 + 8,
        "header and the 8 demo accounts:\n{csv}"
    );
    let (status, h, _) = send(&e.router, get("/audit/export?format=xlsx", Some(&aud))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(h
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    assert_eq!(
        send(
            &e.router,
            get("/audit/export?format=csv&from=yesterday", Some(&aud))
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );
    let (rows, _) = gsp_domain::security::audit::list(
        &e.db,
        &gsp_domain::security::audit::Filter {
            action: Some("audit.export".into()),
            ..Default::default()
        },
        None,
        false,
        10,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].actor_name, "auditor");
    assert!(gsp_domain::security::audit::verify(&e.db)
        .await
        .unwrap()
        .ok());
}

/// An operator cannot read or change another organisation's application,
/// by page, by server function, or by file download.
#[tokio::test]
async fn operators_cannot_reach_another_organisations_application() {
    let e = env().await;
    #[derive(sqlx::FromRow)]
    struct Ids {
        app: uuid::Uuid,
        evidence: uuid::Uuid,
    }
    let other: Ids = e
        .db
        .fetch_one(
            "select a.id as app, ev.id as evidence from applications a join access_parties p on p.id = a.party_id \
             join evidence ev on ev.application_id = a.id where p.name = $1 limit 1",
            &gsp_domain::vals!["宁波市政务服务平台"],
        )
        .await
        .unwrap();
    let op = token(&e.db, "operator").await;
    let rv = token(&e.db, "reviewer").await;

    let (status, _, html) = send(
        &e.router,
        get(&format!("/applications/{}", other.app), Some(&op)),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        html.contains("不存在") && !html.contains("宁波"),
        "the page shows nothing of it"
    );
    let (status, _, html) = send(
        &e.router,
        get(&format!("/applications/{}", other.app), Some(&rv)),
    )
    .await;
    assert!(
        status == StatusCode::OK && html.contains("宁波市政务服务平台"),
        "a reviewer sees it"
    );

    for (f, body) in [
        ("get_application", format!("id={}", other.app)),
        ("list_evidence", format!("application_id={}", other.app)),
        ("act_application", format!("id={}&action=submit", other.app)),
        (
            "save_application",
            format!(
                "id={}&topology=x&addresses=&domains=&location=&security_plan=&cloud_platform=&load_balancers=&devices=&daily_calls=",
                other.app
            ),
        ),
    ] {
        let (status, _, text) = send(&e.router, post_form(&format!("/console/{f}"), Some(&op), &body)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{f}: {text}");
    }
    let (status, _, _) = send(
        &e.router,
        get(&format!("/files/evidence/{}", other.evidence), Some(&op)),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, headers, body) = send(
        &e.router,
        get(&format!("/files/evidence/{}", other.evidence), Some(&rv)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    assert!(body.starts_with("%PDF-"));
    assert!(headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    // nothing was changed, and the reviewer's download is in the audit trail
    let (rows, _) = gsp_domain::security::audit::list(
        &e.db,
        &gsp_domain::security::audit::Filter {
            action: Some("evidence.download".into()),
            ..Default::default()
        },
        None,
        false,
        10,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].actor_name, "reviewer");
}

/// The catalog importer reads what Excel writes.
#[test]
fn catalog_import_reads_xlsx() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows = [
        [
            "基本编码",
            "事项名称",
            "事项类型",
            "主管部门",
            "设定依据",
            "行使层级",
            "服务对象",
            "法定办结时限",
            "时限单位",
        ],
        [
            "000117002000",
            "公共场所卫生许可",
            "行政许可",
            "卫生健康委员会",
            "条例第八条",
            "市级、县级",
            "法人",
            "",
            "工作日",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    ws.write_number(1, 7, 20.0).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let parsed = gsp_domain::catalog::import::parse_xlsx(&bytes).unwrap();
    let items = gsp_domain::catalog::import::items_of(&parsed).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].1.statutory_limit, Some(20));
    assert_eq!(items[0].1.levels, ["municipal", "county"]);
    assert!(gsp_domain::catalog::basic::validate(&items[0].1).is_empty());
}

/// The router (Leptos's routes, as `generate_route_list` lists them) serves
/// exactly the pages of `app::routes::PAGES` and the sign-in steps, so the
/// page guard and the navigation, which read the table, cover every page.
#[test]
fn the_route_table_is_the_router() {
    use std::collections::BTreeSet;
    std::env::set_var("LEPTOS_OUTPUT_NAME", "gsp-access");
    let routed: BTreeSet<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    let axum_path = |p: &str| {
        p.split('/')
            .map(|s| match s.strip_prefix(':') {
                Some(name) => format!("{{{name}}}"),
                None => s.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    let table: BTreeSet<String> = app::routes::PAGES
        .iter()
        .map(|p| axum_path(p.path))
        .chain(app::routes::SIGN_IN.iter().map(|p| p.to_string()))
        .collect();
    assert_eq!(routed, table);
}

#[tokio::test]
async fn floods_are_limited_by_source_before_authentication() {
    // issue #14.5: small limits per source address for this test
    let t = support::demo_database().await;
    let router = support::router(state_with(&t.db, |s| {
        s.source_sign_in = (0.001, 3.0);
        s.source_api = (0.001, 2.0);
    }));

    // three sign-in posts are read; the fourth is sent back unread
    for _ in 0..3 {
        let (status, h, _) = send(
            &router,
            post_form(
                "/auth/login",
                None,
                "username=nobody&password=guess-guess-1",
            ),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(h
            .get(header::LOCATION)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("bad_credentials"));
    }
    let (status, h, _) = send(
        &router,
        post_form(
            "/auth/login",
            None,
            "username=nobody&password=guess-guess-1",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        h.get(header::LOCATION).unwrap(),
        "/login?error=rate_limited"
    );
    assert!(h.get(header::RETRY_AFTER).is_some());
    // the three guesses under an unknown name are one audited event, counted
    let (rows, _) = gsp_domain::security::audit::list(&t.db, &Default::default(), None, false, 100)
        .await
        .unwrap();
    let failed: Vec<_> = rows
        .iter()
        .filter(|r| r.action == "auth.sign_in_failed" && r.object_label == "nobody")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        gsp_domain::security::auth::anonymous_failures(
            &t.db,
            &failed[0].source_ip,
            gsp_domain::time::now() - chrono::Duration::hours(1)
        )
        .await
        .unwrap(),
        3
    );

    // unsigned API calls: two are answered (and logged), the third is refused
    // in the envelope before it is read, and not logged
    let calls = || async {
        #[derive(sqlx::FromRow)]
        struct N {
            n: i64,
        }
        t.db.fetch_one::<N>("select count(*) as n from api_calls", &[])
            .await
            .unwrap()
            .n
    };
    let before = calls().await;
    for _ in 0..2 {
        let (status, _, _) = send(&router, get("/api/v1/ping", None)).await;
        assert_ne!(status, StatusCode::TOO_MANY_REQUESTS);
    }
    let (status, h, body) = send(&router, get("/api/v1/ping", None)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body.contains("\"code\":7001"), "{body}");
    assert!(h.get(header::RETRY_AFTER).is_some());
    assert_eq!(calls().await, before + 2);
}

#[tokio::test]
async fn request_ids_are_kept_only_when_sane() {
    let e = env().await;
    let with_id = |id: &str| {
        Request::get("/healthz")
            .header("x-request-id", id)
            .body(Body::empty())
            .unwrap()
    };
    let (_, h, _) = send(&e.router, with_id("client-42.a:b_c")).await;
    assert_eq!(h.get("x-request-id").unwrap(), "client-42.a:b_c");
    for odd in [
        "x".repeat(16_000),
        "a b".into(),
        "<script>".into(),
        "x".repeat(65),
    ] {
        let (_, h, _) = send(&e.router, with_id(&odd)).await;
        let got = h.get("x-request-id").unwrap().to_str().unwrap();
        assert_ne!(got, odd);
        assert!(uuid::Uuid::parse_str(got).is_ok(), "{got}");
    }
}

#[tokio::test]
async fn hsts_over_https_and_metrics_on_their_own_address() {
    // issue #14.7
    let t = support::demo_database().await;
    let plain = support::router(state_with(&t.db, |_| {}));
    let (status, h, _) = send(&plain, get("/healthz", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(h.get(header::STRICT_TRANSPORT_SECURITY).is_none());
    assert_eq!(send(&plain, get("/metrics", None)).await.0, StatusCode::OK);

    let st = state_with(&t.db, |s| {
        s.secure_cookies = true;
        s.metrics_elsewhere = true;
    });
    let metrics = gsp_server::metrics_router(st.clone(), gsp_server::global_metrics());
    let https = support::router(st);
    let (_, h, _) = send(&https, get("/healthz", None)).await;
    assert_eq!(
        h.get(header::STRICT_TRANSPORT_SECURITY).unwrap(),
        "max-age=31536000; includeSubDomains"
    );
    // the console's port does not serve them; their own address does
    assert_eq!(
        send(&https, get("/metrics", None)).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _, body) = send(&metrics, get("/metrics", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("# TYPE"), "{body}");
}

#[tokio::test]
async fn a_405_names_the_methods_the_path_answers() {
    let e = env().await;
    let req = Request::builder()
        .method("PUT")
        .uri("/api/v1/ping")
        .body(Body::empty())
        .unwrap();
    let (status, h, body) = send(&e.router, req).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    assert_eq!(h.get(header::ALLOW).unwrap(), "GET, POST");
}

/// Issue #14.7: a server function called with arguments that do not parse
/// answers 400 with the console's error shape naming the argument, not 500
/// with the framework's text.
#[tokio::test]
async fn a_server_function_with_bad_arguments_answers_400_naming_the_field() {
    let e = env().await;
    let tok = token(&e.db, "reviewer").await;
    let (status, _, text) = send(
        &e.router,
        post_form("/console/get_application", Some(&tok), ""),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON error shape");
    assert_eq!(v["Validation"][0]["field"], "id", "{text}");
    assert_eq!(v["Validation"][0]["code"], "field.required");
    let (status, _, text) = send(
        &e.router,
        post_form("/console/list_audit", Some(&tok), "ascending=maybe"),
    )
    .await;
    assert!(
        status == StatusCode::BAD_REQUEST || status == StatusCode::FORBIDDEN,
        "{status} {text}"
    );
    assert!(
        !text.contains("Args|") && !text.contains("ServerFnError"),
        "{text}"
    );
}

/// Issue #16: a date range whose end comes before its start is refused,
/// naming the end, on the audit trail and on case search alike.
#[tokio::test]
async fn a_range_in_the_wrong_order_is_refused_naming_its_end() {
    let e = env().await;
    let aud = token(&e.db, "auditor").await;
    let (status, _, text) = send(
        &e.router,
        post_form(
            "/console/list_audit",
            Some(&aud),
            "from=2026-12-02T14:30&to=2026-12-01T09:00&ascending=false",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON error shape");
    assert_eq!(v["Validation"][0]["field"], "to", "{text}");
    assert_eq!(v["Validation"][0]["code"], "field.range_order", "{text}");
    // the same day for both ends is one whole day, not a wrong order
    let rv = token(&e.db, "reviewer").await;
    let (status, _, text) = send(
        &e.router,
        post_form(
            "/console/search_cases",
            Some(&rv),
            "from=2026-12-02&to=2026-12-02",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, _, text) = send(
        &e.router,
        post_form(
            "/console/search_cases",
            Some(&rv),
            "from=2026-12-02&to=2026-12-01",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("field.range_order"), "{text}");
}

/// Issue #16: wherever a file is imported, its template can be downloaded:
/// an xlsx whose headings the importer reads and whose example row imports.
#[tokio::test]
async fn import_templates_download_and_import_as_they_stand() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let e = env().await;
    let tok = token(&e.db, "reviewer").await;
    for (file, columns) in [("catalog.xlsx", 9), ("implementation-list.xlsx", 13)] {
        let resp = e
            .router
            .clone()
            .oneshot(get(&format!("/templates/{file}"), Some(&tok)))
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{file}");
        assert!(resp.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''"));
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        let rows = gsp_domain::catalog::import::parse_xlsx(&body).unwrap();
        assert_eq!(rows.len(), 2, "{file}: headings and one example");
        assert_eq!(rows[0].len(), columns, "{file}");
        let n = if file.starts_with("catalog") {
            gsp_domain::catalog::import::items_of(&rows).unwrap().len()
        } else {
            gsp_domain::catalog::import::impl_items_of(&rows)
                .unwrap()
                .len()
        };
        assert_eq!(n, 1, "{file}: the example row is read");
    }
    let (status, _, _) = send(&e.router, get("/templates/secrets.xlsx", Some(&tok))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Issue #15: pages name the console's package by its content hash; the
/// hashed files are immutable for a year and come precompressed (brotli
/// preferred, gzip otherwise); another hash is 404; unhashed paths revalidate.
#[tokio::test]
async fn console_assets_are_content_hashed_immutable_and_precompressed() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let t = support::database().await;
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    let wasm: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(pkg.join("gsp-access_bg.wasm"), &wasm).unwrap();
    std::fs::write(pkg.join("gsp-access.js"), "export default 1;\n".repeat(100)).unwrap();
    std::fs::write(pkg.join("gsp-access.css"), "body{color:red}\n".repeat(100)).unwrap();
    let mut st = state_with(&t.db, |_| {});
    st.leptos_options.site_root = site.path().to_string_lossy().to_string().into();
    let assets = gsp_server::assets::Assets::scan(&pkg);
    assert_eq!(assets.precompress().unwrap(), 6);
    let r = support::router(st);

    let (status, _, html) = send(&r, get("/login", None)).await;
    assert_eq!(status, StatusCode::OK);
    let base = format!("/pkg/{}/", assets.hash);
    for file in ["gsp-access.css", "gsp-access.js"] {
        assert!(
            html.contains(&format!("{base}{file}")),
            "{file} hashed in {html}"
        );
    }
    assert!(
        !html.contains("\"/pkg/gsp-access"),
        "no unhashed asset in {html}"
    );

    let fetch = |path: String, enc: &'static str| {
        let r = r.clone();
        async move {
            let req = Request::get(path)
                .header(header::HOST, "localhost")
                .header(header::ACCEPT_ENCODING, enc)
                .body(Body::empty())
                .unwrap();
            let resp = r.oneshot(req).await.unwrap();
            let (parts, body) = resp.into_parts();
            (parts, body.collect().await.unwrap().to_bytes().to_vec())
        }
    };
    let (p, body) = fetch(format!("{base}gsp-access_bg.wasm"), "gzip, br").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(p.headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        p.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let mut back = Vec::new();
    brotli::BrotliDecompress(&mut body.as_slice(), &mut back).unwrap();
    assert_eq!(back, wasm, "the brotli copy is the file");
    assert!(body.len() < wasm.len() / 4, "compressed: {}", body.len());

    let (p, body) = fetch(format!("{base}gsp-access.css"), "gzip").await;
    assert_eq!(p.headers[header::CONTENT_ENCODING], "gzip");
    let mut css = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(body.as_slice()), &mut css)
        .unwrap();
    assert!(css.starts_with("body{color:red}"));

    let (p, _) = fetch("/pkg/0123456789abcdef/gsp-access.css".into(), "br").await;
    assert_eq!(p.status, StatusCode::NOT_FOUND, "another hash");
    let (p, _) = fetch(format!("{base}gsp-access.css.br"), "br").await;
    assert_eq!(
        p.status,
        StatusCode::NOT_FOUND,
        "copies are not named directly"
    );
    let (p, _) = fetch("/pkg/gsp-access.css".into(), "identity").await;
    assert_eq!(p.status, StatusCode::OK, "the unhashed path still answers");
    assert_eq!(p.headers[header::CACHE_CONTROL], "no-cache");
}
