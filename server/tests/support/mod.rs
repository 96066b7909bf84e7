//! What the server's tests share: a fresh database on the engine the run
//! asks for (`GSP_TEST_ENGINE=postgres` with `GSP_TEST_POSTGRES_URL` names a
//! PostgreSQL server, a fresh database is created on it; SQLite in a temporary
//! folder otherwise), the console's state over it with the demo data, staff
//! actors, sending a request through the router, serving it on a local port,
//! a credential of a demo party and a demo account's session. The benchmarks
//! (`server/benches`) use it too.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use gsp_domain::access::credential::Cipher;
use gsp_domain::{demo, Actor, Db, Role};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A fresh, migrated database; dropped with the test (SQLite's folder).
pub struct TestDb {
    pub db: Db,
    pub engine: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// The engine this run tests: `postgres` when `GSP_TEST_ENGINE=postgres`.
pub fn engine() -> &'static str {
    match std::env::var("GSP_TEST_ENGINE").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

/// The database at `url` (the benchmarks' `GSP_BENCH_DATABASE_URL`),
/// migrated; not dropped afterwards.
pub async fn database_at(url: &str) -> TestDb {
    let db = Db::connect(url).await.expect("connect to the database");
    db.migrate().await.unwrap();
    let engine = match db.engine() {
        gsp_domain::db::Engine::Postgres => "postgres",
        gsp_domain::db::Engine::Sqlite => "sqlite",
    };
    TestDb {
        db,
        engine,
        _dir: None,
    }
}

pub async fn database() -> TestDb {
    if engine() == "postgres" {
        let admin_url = std::env::var("GSP_TEST_POSTGRES_URL")
            .expect("GSP_TEST_ENGINE=postgres needs GSP_TEST_POSTGRES_URL");
        let admin = Db::connect(&admin_url)
            .await
            .expect("connect to test PostgreSQL");
        let name = format!("s_{}", uuid::Uuid::now_v7().simple());
        admin
            .execute_raw(&format!("create database {name}"))
            .await
            .unwrap();
        admin.close().await;
        let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
        let db = Db::connect(&format!("{base}/{name}")).await.unwrap();
        db.migrate().await.unwrap();
        return TestDb {
            db,
            engine: "postgres",
            _dir: None,
        };
    }
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}/t.db", dir.path().display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    TestDb {
        db,
        engine: "sqlite",
        _dir: Some(dir),
    }
}

/// A fresh database with the demo data.
pub async fn demo_database() -> TestDb {
    let t = database().await;
    demo::seed(&t.db).await.unwrap();
    t
}

/// The console's state over `db` (this instance is the demo's).
pub fn state(db: &Db, cipher: Cipher, api_rate: f64, api_burst: f64) -> app::state::AppState {
    std::env::set_var("LEPTOS_OUTPUT_NAME", "gsp-access");
    let conf = leptos::prelude::get_configuration(None).unwrap();
    app::state::AppState {
        db: db.clone(),
        leptos_options: conf.leptos_options,
        settings: Arc::new(app::state::ConsoleSettings {
            totp_issuer: "test".into(),
            secure_cookies: false,
            trust_proxy: false,
            instance: demo::instance(),
            cipher,
            api_rate,
            api_burst,
            source_api: (1e6, 1e6),
            source_sign_in: (1e6, 1e6),
            metrics_elsewhere: false,
            audit_checkpoints: None,
        }),
    }
}

/// The whole router (console and machine API) over `state`.
pub fn router(state: app::state::AppState) -> Router {
    gsp_server::router(state, gsp_server::global_metrics())
}

/// A member of the platform's staff holding `role`.
pub fn staff(role: Role) -> Actor {
    let mut a = Actor::system(role.code());
    a.roles = vec![role];
    a
}

/// Sends `req` through the router: status, headers, body as text.
pub async fn send(r: &Router, req: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    let resp = r.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).to_string())
}

/// Serves `router` on a free local port (the whole router, with the client's
/// address as axum gives it); the server lives as long as the runtime.
pub async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// The demo access party named `name`.
pub async fn demo_party(db: &Db, name: &str) -> gsp_domain::access::party::PartyRow {
    let (parties, _) =
        gsp_domain::access::party::list(db, &Actor::system("t"), &Default::default(), None, 50)
            .await
            .unwrap();
    parties
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no demo party {name}"))
}

/// A fresh API credential of `party`, issued by a security administrator.
pub async fn credential(
    db: &Db,
    cipher: &Cipher,
    party: uuid::Uuid,
) -> gsp_domain::access::credential::Issued {
    gsp_domain::access::credential::issue(db, &staff(Role::SecurityAdmin), cipher, party, 30)
        .await
        .unwrap()
}

/// The origin of requests made by tests and benchmarks.
pub fn origin() -> gsp_domain::security::auth::Origin {
    gsp_domain::security::auth::Origin {
        ip: "127.0.0.1".into(),
        user_agent: "test".into(),
        request_id: "t".into(),
    }
}

/// A full session token for a demo account (its TOTP step done when it has one).
pub async fn session(db: &Db, username: &str) -> String {
    use gsp_domain::security::{auth, session::Stage, totp};
    let a = demo::ACCOUNTS
        .iter()
        .find(|a| a.username == username)
        .unwrap();
    let step = auth::sign_in(db, username, a.password, &origin())
        .await
        .unwrap();
    match step.stage {
        Stage::Full => step.token,
        Stage::Totp => {
            let code =
                totp::code_at(a.totp_secret.unwrap(), gsp_domain::time::now().timestamp()).unwrap();
            auth::verify_totp(db, &step.token, &code, &origin())
                .await
                .unwrap()
                .token
        }
        s => panic!("{username}: {s:?}"),
    }
}

/// The demo instance served on a local port with no rate limit, and a fresh
/// credential of 宁波市政务服务平台: what the benchmarks measure through.
pub struct Served {
    pub db: Db,
    pub addr: SocketAddr,
    pub key: String,
    pub secret: String,
    pub party: gsp_domain::access::party::PartyRow,
    pub engine: &'static str,
    _t: TestDb,
}

/// Serves the demo data on the database at `url` (a fresh one of this run's
/// engine when `None`).
pub async fn serve_demo(url: Option<&str>) -> Served {
    let t = match url {
        Some(u) => database_at(u).await,
        None => database().await,
    };
    demo::seed(&t.db).await.unwrap();
    let cipher = Cipher::from_hex(&"ef".repeat(32)).unwrap();
    let party = demo_party(&t.db, "宁波市政务服务平台").await;
    let issued = credential(&t.db, &cipher, party.id).await;
    let addr = serve(router(state(&t.db, cipher, 1e9, 1e9))).await;
    Served {
        db: t.db.clone(),
        addr,
        key: issued.key_id,
        secret: issued.secret,
        party,
        engine: match t.db.engine() {
            gsp_domain::db::Engine::Postgres => "PostgreSQL",
            gsp_domain::db::Engine::Sqlite => "SQLite",
        },
        _t: t,
    }
}
