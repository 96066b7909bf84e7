//! Test databases: a fresh SQLite file, and a fresh PostgreSQL database when
//! `GSP_TEST_POSTGRES_URL` names a server (the test command starts one).

use gsp_domain::Db;

pub struct TestDb {
    pub db: Db,
    pub name: &'static str,
    _dir: Option<tempfile::TempDir>,
}

pub async fn all() -> Vec<TestDb> {
    let mut out = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    out.push(TestDb {
        db,
        name: "sqlite",
        _dir: Some(dir),
    });
    match std::env::var("GSP_TEST_POSTGRES_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let admin = Db::connect(&admin_url)
                .await
                .expect("connect to test PostgreSQL");
            let name = format!("t_{}", uuid::Uuid::now_v7().simple());
            admin
                .execute_raw(&format!("create database {name}"))
                .await
                .unwrap();
            admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap();
            let db = Db::connect(&format!("{base}/{name}")).await.unwrap();
            db.migrate().await.unwrap();
            out.push(TestDb {
                db,
                name: "postgres",
                _dir: None,
            });
        }
        _ => {
            if std::env::var("GSP_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("GSP_REQUIRE_POSTGRES=1 but GSP_TEST_POSTGRES_URL is not set");
            }
            eprintln!("PostgreSQL not configured: running on SQLite only");
        }
    }
    out
}
