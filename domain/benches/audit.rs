//! Audit trail at volume: appends per second, the first and a deep keyset
//! page, a filtered page, and a full chain verification.
//!
//!   cargo bench -p gsp-domain --bench audit            (SQLite, 100,000 records)
//!   GSP_BENCH_RECORDS=20000 GSP_BENCH_DATABASE_URL=postgres://... cargo bench -p gsp-domain --bench audit
//!
//! Prints its figures; the console's target is a page in well under 100 ms.

use std::time::Instant;

use gsp_domain::audit::{self, Event, Filter};
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
