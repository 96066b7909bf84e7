//! Operations data at volume (issue #7): performance points for 1,000
//! resources through the signed HTTP API with a few concurrent clients
//! (batches of 10,000 points; each batch also rolls up the 5-minute and
//! 1-hour buckets it touched), beside a plain batched insert of the same
//! number of raw points into the same database in the same run; then the
//! time of a 30-day chart query and of the health overview.
//!
//!   cargo bench -p gsp-access --bench ops
//!   GSP_BENCH_POINTS=10000000 GSP_BENCH_CLIENTS=4 cargo bench -p gsp-access --bench ops
//!   GSP_BENCH_DATABASE_URL=postgres://…/db cargo bench -p gsp-access --bench ops
//!
//! Figures are recorded in docs/performance.md.

use std::time::Instant;

#[path = "../tests/support/mod.rs"]
mod support;

use gsp_domain::{Actor, Role, Val};

fn env_usize(k: &str, d: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

const RESOURCES: usize = 1000;
const METRICS: [&str; 2] = ["cpu.usage", "memory.used"];

fn main() {
    std::env::set_var("LEPTOS_OUTPUT_NAME", "gsp-access");
    let n = env_usize("GSP_BENCH_POINTS", 1_000_000);
    let clients = env_usize("GSP_BENCH_CLIENTS", 4).max(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = std::env::var("GSP_BENCH_DATABASE_URL").ok();
    let served = rt.block_on(support::serve_demo(url.as_deref()));
    let (db, key, secret, engine, addr) = (
        served.db.clone(),
        served.key.clone(),
        served.secret.clone(),
        served.engine,
        served.addr,
    );
    let party = served.party.id;
    let base = format!("http://{addr}");
    // the resources, through the API
    let client = gsp_client::Client::new(&base, &key, &secret);
    for chunk in (0..RESOURCES).collect::<Vec<_>>().chunks(1000) {
        let records: Vec<serde_json::Value> = chunk
            .iter()
            .map(|i| serde_json::json!({"resource_id": format!("b-{i:04}"), "category": "server", "kind": "virtual", "name": format!("主机 {i}")}))
            .collect();
        client
            .post_json(
                "/api/v1/ops/resources",
                &serde_json::json!({ "records": records }),
            )
            .expect("resources");
    }
    // points: each series gets n / (resources × metrics) points, spaced to fit 6 days
    let series = RESOURCES * METRICS.len();
    let per_series = n.div_ceil(series) as i64;
    let step = (6 * 86_400 / per_series.max(1)).clamp(1, 60);
    let now = gsp_domain::time::now().timestamp() / 60 * 60;
    let start = now - per_series * step;
    println!("{engine}: {n} points, {RESOURCES} resources × {} metrics, one every {step} s, {clients} clients, batches of 10,000", METRICS.len());
    let point = move |k: usize| {
        let s = k % series;
        let (r, m) = (s / METRICS.len(), s % METRICS.len());
        let ts = start + (k / series) as i64 * step;
        serde_json::json!({"resource_id": format!("b-{r:04}"), "metric": METRICS[m], "ts": ts, "value": (k % 97) as f64})
    };

    // 1. through the signed API
    let started = Instant::now();
    let per = n.div_ceil(clients);
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (base, key, secret) = (base.clone(), key.clone(), secret.clone());
            std::thread::spawn(move || {
                let client = gsp_client::Client::new(&base, &key, &secret);
                let (lo, hi) = (c * per, ((c + 1) * per).min(n));
                let mut i = lo;
                while i < hi {
                    let end = (i + 10_000).min(hi);
                    let points: Vec<serde_json::Value> = (i..end).map(point).collect();
                    let data = client
                        .post_json(
                            "/api/v1/ops/metrics",
                            &serde_json::json!({ "points": points }),
                        )
                        .expect("batch accepted");
                    assert_eq!(data["stored"].as_u64(), Some((end - i) as u64), "{data}");
                    i = end;
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let api = started.elapsed();
    let api_rate = n as f64 / api.as_secs_f64();
    println!(
        "signed API (with roll-ups): {n} points in {:.1} s = {api_rate:.0} points/s",
        api.as_secs_f64()
    );

    // 2. the same number of raw points, plainly, into series of their own
    let started = rt.block_on(async {
        #[derive(sqlx::FromRow)]
        struct Id {
            id: i64,
        }
        #[derive(sqlx::FromRow)]
        struct Row {
            id: uuid::Uuid,
        }
        let resource: Row = db
            .fetch_one("select id from ops_resources where party_id = $1 limit 1", &gsp_domain::vals![party])
            .await
            .unwrap();
        let mut ids = Vec::new();
        for s in 0..series {
            let id: Id = db
                .fetch_one(
                    "insert into ops_series (party_id, resource_id, sub_key, metric, unit) values ($1, $2, $3, $4, $5) returning id",
                    &gsp_domain::vals![party, resource.id, format!("plain-{s}"), "cpu.usage", "%"],
                )
                .await
                .unwrap();
            ids.push(id.id);
        }
        let started = Instant::now();
        let mut k = 0usize;
        while k < n {
            let end = (k + 10_000).min(n);
            let mut tx = db.begin().await.unwrap();
            let rows: Vec<usize> = (k..end).collect();
            for chunk in rows.chunks(500) {
                let mut args = Vec::with_capacity(chunk.len() * 3);
                let marks: Vec<String> = chunk
                    .iter()
                    .map(|j| {
                        args.push(Val::Int(ids[j % series]));
                        args.push(Val::Int(start + (j / series) as i64 * step));
                        args.push(Val::Float((j % 97) as f64));
                        format!("(${}, ${}, ${})", args.len() - 2, args.len() - 1, args.len())
                    })
                    .collect();
                tx.execute(&format!("insert into ops_points (series_id, ts, value) values {}", marks.join(", ")), &args)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
            k = end;
        }
        started
    });
    let plain = started.elapsed();
    let plain_rate = n as f64 / plain.as_secs_f64();
    println!(
        "plain batched insert (raw only): {n} points in {:.1} s = {plain_rate:.0} points/s",
        plain.as_secs_f64()
    );
    println!("ratio API / plain: {:.2}", api_rate / plain_rate);

    // 3. a 30-day chart of one series, and the overview
    rt.block_on(async {
        let mut sup = Actor::system("bench");
        sup.roles = vec![Role::Supervisor];
        let list = gsp_domain::ops::resources(&db, &sup, Some(party), Some("server"))
            .await
            .unwrap();
        let r = list.iter().find(|r| r.resource_id == "b-0001").unwrap();
        let (_, _, all) = gsp_domain::ops::resource(&db, &sup, r.id).await.unwrap();
        let to = gsp_domain::time::now();
        let mut times = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let (res, pts) = gsp_domain::ops::series(
                &db,
                &sup,
                r.id,
                all[0].id,
                to - chrono::Duration::days(30),
                to,
            )
            .await
            .unwrap();
            times.push(t.elapsed());
            assert_eq!(res, 3600);
            assert!(!pts.is_empty());
        }
        times.sort();
        println!(
            "30-day chart (hourly roll-ups): p50 {:.1} ms, p95 {:.1} ms",
            times[9].as_secs_f64() * 1000.0,
            times[18].as_secs_f64() * 1000.0
        );
        let t = Instant::now();
        let h = gsp_domain::ops::overview(&db, &sup).await.unwrap();
        println!(
            "health overview ({} parties): {:.1} ms",
            h.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    });
}
