//! Case data at volume (issues #5, #15): ingest cases through the signed
//! HTTP API with a few concurrent clients, new and then resent, beside the
//! best plain upsert of the same rows into the same database (multi-row
//! statements from as many connections), then the p95 of the case search page.
//!
//!   cargo bench -p gsp-access --bench cases
//!   GSP_BENCH_CASES=1000000 GSP_BENCH_CLIENTS=4 cargo bench -p gsp-access --bench cases
//!   GSP_BENCH_DATABASE_URL=postgres://…/db cargo bench -p gsp-access --bench cases
//!
//! Figures are recorded in docs/performance.md.

use std::time::{Duration, Instant};

#[path = "../tests/support/mod.rs"]
mod support;

use gsp_domain::catalog::cases::CaseRecord;
use gsp_domain::{Db, Val};

fn env_usize(k: &str, d: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

fn record(prefix: &str, i: usize, uscc: &str) -> CaseRecord {
    // one base time for the whole run: a resent record is the same record
    static BASE: std::sync::OnceLock<chrono::DateTime<chrono::Utc>> = std::sync::OnceLock::new();
    let base = *BASE.get_or_init(gsp_domain::time::now);
    let submitted = base - chrono::Duration::minutes((i % 600_000) as i64);
    let status = ["submitted", "accepted", "in-progress", "completed"][i % 4];
    CaseRecord {
        case_no: format!("{prefix}{i:08}"),
        item_code: format!("330200-0001170{:02}000-01", i % 40),
        item_name: [
            "公共场所卫生许可",
            "居住证办理",
            "食品经营许可",
            "住房公积金提取",
        ][i % 4]
            .into(),
        applicant_type: "person".into(),
        applicant_name: "陈晓明".into(),
        applicant_phone: Some("13900001111".into()),
        department: [
            "宁波市卫生健康委员会",
            "宁波市公安局",
            "宁波市市场监督管理局",
        ][i % 3]
            .into(),
        implementer_uscc: uscc.into(),
        division_code: ["330203", "330205", "330206", "330211"][i % 4].into(),
        case_type: Some("promised".into()),
        status: status.into(),
        submitted_at: Some(submitted),
        promised_at: Some(submitted + chrono::Duration::days(7)),
        completed_at: (status == "completed").then(|| submitted + chrono::Duration::days(2)),
        result: (status == "completed").then(|| "approved".into()),
        ..Default::default()
    }
}

/// The best plain way to store the same rows on the same engine (issue #15's
/// honest baseline): multi-row `insert … on conflict (party_id, case_no) do
/// update … where changed` of 1,000 rows per statement and transaction, from
/// `connections` tasks at once (SQLite takes one writer at a time anyway).
/// No validation, encryption, history, idempotency bookkeeping or audit:
/// what the product adds to the same writes.
async fn plain_upsert(db: &Db, party: uuid::Uuid, rows: &[CaseRecord], connections: usize) {
    const COLS: usize = 18;
    let per = rows.len().div_ceil(connections.max(1)).max(1);
    let tasks: Vec<_> = rows
        .chunks(per)
        .map(|part| {
            let (db, part) = (db.clone(), part.to_vec());
            tokio::spawn(async move {
                for chunk in part.chunks(1000) {
                    let t = gsp_domain::time::now();
                    let mut args: Vec<Val> = Vec::with_capacity(chunk.len() * COLS);
                    for r in chunk {
                        args.extend([
                            Val::Uuid(gsp_domain::time::new_id()),
                            Val::Uuid(party),
                            Val::Text(r.case_no.clone()),
                            Val::Text(r.item_code.clone()),
                            Val::Text(r.item_name.clone()),
                            Val::Text(r.applicant_type.clone()),
                            Val::Text(r.applicant_name.clone()),
                            Val::Text(r.department.clone()),
                            Val::Text(r.implementer_uscc.clone()),
                            Val::Text(r.division_code.clone()),
                            Val::Text(r.status.clone()),
                            Val::Int(gsp_domain::catalog::cases::rank(&r.status).unwrap()),
                            Val::Time(r.submitted_at.unwrap()),
                            Val::OptTime(r.promised_at),
                            Val::OptTime(r.completed_at),
                            Val::Text(serde_json::to_string(r).unwrap()),
                            Val::Time(t),
                            Val::Time(t),
                        ]);
                    }
                    // multi-row statements with positional parameters
                    // (`Tx::insert_rows`), one transaction per 1,000 rows
                    let mut tx = db.begin().await.unwrap();
                    tx.insert_rows(
                        "insert into cases (id, party_id, case_no, item_code, item_name, applicant_type, applicant_name, \
                         department, implementer_uscc, division_code, status, status_rank, submitted_at, promised_at, \
                         completed_at, record, created_at, updated_at)",
                        COLS,
                        &args,
                        "on conflict (party_id, case_no) do update set status = excluded.status, \
                         status_rank = excluded.status_rank, record = excluded.record, updated_at = excluded.updated_at \
                         where cases.record <> excluded.record",
                    )
                    .await
                    .unwrap();
                    tx.commit().await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}

/// Posts `n` records (`record(prefix, …)`) in batches of 1,000 from
/// `clients` threads through the signed API; records/s. `expect` names the
/// outcome every record must have.
/// Where and as whom the bench calls the API, and the party's USCC.
struct Api<'a> {
    base: &'a str,
    key: &'a str,
    secret: &'a str,
    uscc: &'a str,
}

fn through_api(
    api: &Api,
    prefix: &'static str,
    n: usize,
    clients: usize,
    expect: &'static str,
) -> f64 {
    let Api {
        base,
        key,
        secret,
        uscc,
    } = *api;
    let started = Instant::now();
    let per = n.div_ceil(clients);
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (base, key, secret, uscc) = (
                base.to_string(),
                key.to_string(),
                secret.to_string(),
                uscc.to_string(),
            );
            std::thread::spawn(move || {
                let client = gsp_client::Client::new(&base, &key, &secret);
                let lo = c * per;
                let hi = ((c + 1) * per).min(n);
                let mut i = lo;
                while i < hi {
                    let end = (i + 1000).min(hi);
                    let records: Vec<CaseRecord> =
                        (i..end).map(|k| record(prefix, k, &uscc)).collect();
                    let data = client
                        .post_json("/api/v1/cases", &serde_json::json!({ "records": records }))
                        .expect("batch answered");
                    assert_eq!(data[expect].as_u64(), Some((end - i) as u64), "{data}");
                    i = end;
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    n as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    std::env::set_var("LEPTOS_OUTPUT_NAME", "gsp-access");
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("error"))
        .init();
    let n = env_usize("GSP_BENCH_CASES", 100_000);
    let clients = env_usize("GSP_BENCH_CLIENTS", 4).max(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = std::env::var("GSP_BENCH_DATABASE_URL").ok();
    let served = rt.block_on(support::serve_demo(url.as_deref()));
    let session = rt.block_on(support::session(&served.db, "reviewer"));
    let (db, key, secret, engine, addr) = (
        served.db.clone(),
        served.key.clone(),
        served.secret.clone(),
        served.engine,
        served.addr,
    );
    let (party, uscc) = (served.party.id, served.party.uscc.clone());
    println!("{engine}: {n} cases, {clients} clients, batches of 1,000");

    // 1. the product (signed API, new then resent) and the best plain
    // upsert of the same rows (new then resent), in one run
    let base = format!("http://{addr}");
    let api = Api {
        base: &base,
        key: &key,
        secret: &secret,
        uscc: &uscc,
    };
    let api_new = through_api(&api, "API", n, clients, "accepted");
    let api_resent = through_api(&api, "API", n, clients, "unchanged");
    let rows: Vec<CaseRecord> = (0..n).map(|k| record("RAW", k, &uscc)).collect();
    let timed = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        n as f64 / t.elapsed().as_secs_f64()
    };
    let plain_new = timed(&|| rt.block_on(plain_upsert(&db, party, &rows, clients)));
    let plain_resent = timed(&|| rt.block_on(plain_upsert(&db, party, &rows, clients)));
    println!("cases/s         product (signed API)  plain upsert  product ÷ plain (target ≥ 0.50)");
    println!(
        "new             {api_new:>20.0}  {plain_new:>12.0}  {:.2}",
        api_new / plain_new
    );
    println!(
        "resent          {api_resent:>20.0}  {plain_resent:>12.0}  {:.2}",
        api_resent / plain_resent
    );

    // 3. the case search page (server-rendered, signed in) with all of them present
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build();
    let queries = [
        "/cases",
        "/cases?status=completed",
        "/cases?region=330205",
        "/cases?item=居住证办理&by=department",
        "/cases?case_no=API00012345",
        "/cases?from=2026-11-01&to=2026-11-28&by=region",
    ];
    let mut times = Vec::new();
    for round in 0..10 {
        for q in queries {
            let t = Instant::now();
            let r = agent
                .get(&format!("{base}{q}"))
                .set("cookie", &format!("gsp_session={session}"))
                .call()
                .expect("page");
            assert_eq!(r.status(), 200);
            let _ = r.into_string();
            if round > 0 {
                times.push(t.elapsed());
            }
        }
    }
    times.sort();
    let p = |q: f64| times[((q * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "case search page with {} cases: p50 {:.0} ms, p95 {:.0} ms ({} loads)",
        2 * n + 360,
        p(0.5).as_secs_f64() * 1000.0,
        p(0.95).as_secs_f64() * 1000.0,
        times.len()
    );
}
