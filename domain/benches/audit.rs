//! Audit trail at volume: appends per second, the first and a deep keyset
//! page, a filtered page, and a full chain verification.
//!
//!   cargo bench -p gsp-domain --bench audit            (SQLite, 100,000 records)
//!   GSP_BENCH_RECORDS=20000 GSP_BENCH_DATABASE_URL=postgres://... cargo bench -p gsp-domain --bench audit
//!
//! Prints its figures; the console's target is a page in well under 100 ms.

use std::time::Instant;

use gsp_domain::security::audit::{self, Event, Filter};
use gsp_domain::{Actor, Db};

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("GSP_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("GSP_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.path().display()));
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let actor = Actor::system("bench");

    let t = Instant::now();
    let batch = 1000;
    for b in 0..n / batch {
        let mut tx = db.begin().await.unwrap();
        for i in 0..batch {
            let k = b * batch + i;
            let action = [
                "account.create",
                "auth.sign_in",
                "session.revoke",
                "account.set_roles",
            ][k % 4];
            audit::append(
                &mut tx,
                &actor,
                Event::new(action, "account", k, format!("user{k}")),
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "append: {n} records in {secs:.2} s ({:.0} records/s)",
        n as f64 / secs
    );

    let time =
        |label: &str, t: Instant| println!("{label}: {:.2} ms", t.elapsed().as_secs_f64() * 1000.0);

    let t = Instant::now();
    let (page, next) = audit::list(&db, &Filter::default(), None, false, 50)
        .await
        .unwrap();
    time("first page (50, newest first)", t);
    assert_eq!(page.len(), 50);

    let t = Instant::now();
    let deep = (n as i64) / 10;
    let (page, _) = audit::list(&db, &Filter::default(), Some(deep), false, 50)
        .await
        .unwrap();
    time(&format!("deep page (cursor at record {deep})"), t);
    assert_eq!(page.len(), 50);
    let _ = next;

    let t = Instant::now();
    let f = Filter {
        action: Some("session.revoke".into()),
        ..Default::default()
    };
    let (page, _) = audit::list(&db, &f, None, false, 50).await.unwrap();
    time("filtered page (action)", t);
    assert_eq!(page.len(), 50);

    // the registry of access parties at volume: keyset pages stay fast
    let parties: usize = std::env::var("GSP_BENCH_PARTIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let reviewer = Actor {
        roles: vec![gsp_domain::Role::Reviewer],
        ..Actor::system("bench")
    };
    let target = gsp_domain::demo::instance();
    let t = Instant::now();
    for i in 0..parties {
        let first17 = format!("11330100MB{:07}", i);
        let c = gsp_domain::access::organisation::uscc_check_char(&first17).unwrap();
        let p = gsp_domain::access::party::NewParty {
            name: format!("接入方{i:06}"),
            kind: ["self-built", "city-platform", "third-party"][i % 3].into(),
            level: ["provincial", "municipal", "provincial"][i % 3].into(),
            division_code: ["330000", "330100", "330000"][i % 3].into(),
            organisation_name: format!("单位{i}"),
            uscc: format!("{first17}{c}"),
            contact: gsp_domain::access::party::Contact {
                name: "张三".into(),
                phone: "13800138000".into(),
                email: "a@b.cn".into(),
            },
        };
        gsp_domain::access::party::register(&db, &reviewer, &target, &p)
            .await
            .unwrap();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "parties: {parties} registered in {secs:.1} s ({:.0}/s, each with its audit records)",
        parties as f64 / secs
    );
    use gsp_domain::access::party as ap;
    let t = Instant::now();
    let (rows, _) = ap::list(&db, &reviewer, &ap::Filter::default(), None, 50)
        .await
        .unwrap();
    time("parties first page (50, by name)", t);
    let deep_after = rows.last().map(|r| r.id);
    let mut after = deep_after;
    for _ in 0..200 {
        after = ap::list(&db, &reviewer, &ap::Filter::default(), after, 50)
            .await
            .unwrap()
            .1;
    }
    let t = Instant::now();
    let (rows, _) = ap::list(&db, &reviewer, &ap::Filter::default(), after, 50)
        .await
        .unwrap();
    time("parties page 202 (keyset)", t);
    assert_eq!(rows.len(), 50);
    let t = Instant::now();
    let f = ap::Filter {
        kind: Some("city-platform".into()),
        ..Default::default()
    };
    let (rows, _) = ap::list(&db, &reviewer, &f, None, 50).await.unwrap();
    time("parties filtered by kind", t);
    assert_eq!(rows.len(), 50);
    let t = Instant::now();
    let f = ap::Filter {
        region: Some("330100".into()),
        status: Some("registered".into()),
        ..Default::default()
    };
    let (rows, _) = ap::list(&db, &reviewer, &f, None, 50).await.unwrap();
    time("parties filtered by region and status", t);
    assert_eq!(rows.len(), 50);
    let t = Instant::now();
    let f = ap::Filter {
        q: Some("接入方0999".into()),
        ..Default::default()
    };
    let (rows, _) = ap::list(&db, &reviewer, &f, None, 50).await.unwrap();
    time("parties name search", t);
    assert!(!rows.is_empty());

    let t = Instant::now();
    let r = audit::verify(&db).await.unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert!(r.ok());
    println!(
        "verify: {} records in {secs:.2} s ({:.0} records/s)",
        r.checked,
        r.checked as f64 / secs
    );
}
