//! What the server's tests share: a fresh database on the engine the run
//! asks for (`GSP_TEST_ENGINE=postgres` with `GSP_TEST_POSTGRES_URL` names a
//! PostgreSQL server, a fresh database is created on it; SQLite in a temporary
//! folder otherwise), the console's state over it with the demo data, staff
//! actors, and sending a request through the router.
#![allow(dead_code)]

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
