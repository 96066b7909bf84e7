//! Published implementation lists at volume (issue #5): 1,000,000 items over
//! 100 divisions, then the search page's query for every filter the console
//! offers, first pages and deep pages (keyset), with p50/p95.
//!
//!   cargo bench -p gsp-domain --bench published                (SQLite, 1,000,000 items)
//!   GSP_BENCH_ITEMS=200000 GSP_BENCH_DATABASE_URL=postgres://... cargo bench -p gsp-domain --bench published
//!
//! Figures are recorded in docs/performance.md.

use std::time::{Duration, Instant};

use gsp_domain::catalog::impl_list::{search, SearchFilter};
use gsp_domain::{demo, Actor, Db, Role, Val};

const TYPES: [&str; 4] = ["licensing", "public-service", "confirmation", "payment"];
const NAMES: [&str; 8] = [
    "公共场所卫生许可",
    "食品经营许可",
    "居住证办理",
    "住房公积金提取",
    "企业设立登记",
    "建设工程消防设计审查",
    "社会保险登记",
    "残疾人证办理",
];
const DEPTS: [&str; 5] = [
    "卫生健康委员会",
    "市场监督管理局",
    "公安局",
    "人力资源和社会保障局",
    "住房公积金管理中心",
];

/// 100 divisions: 10 cities of 330000, each with itself and 9 districts.
fn division(i: usize) -> String {
    let city = 1 + (i / 10) % 10;
    let district = i % 10;
    if district == 0 {
        format!("33{city:02}00")
    } else {
        format!("33{city:02}{:02}", district)
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("GSP_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("GSP_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.path().display()));
    let engine = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    demo::seed(&db).await.unwrap();
    #[derive(sqlx::FromRow)]
    struct P {
        id: uuid::Uuid,
    }
    let party: P = db
        .fetch_one(
            "select id from access_parties where name = $1",
            &gsp_domain::vals!["宁波市政务服务平台"],
        )
        .await
        .unwrap();

    let t = Instant::now();
    let now = gsp_domain::time::now();
    // the distinct names (a catalog's worth), as review stores them
    let names: Vec<uuid::Uuid> = (0..n.div_ceil(100))
        .map(|_| gsp_domain::time::new_id())
        .collect();
    for chunk in names.chunks(1000).enumerate() {
        let mut tx = db.begin().await.unwrap();
        for (j, id) in chunk.1.iter().enumerate() {
            let k = chunk.0 * 1000 + j;
            tx.execute(
                "insert into impl_names (id, name) values ($1, $2)",
                &[
                    Val::Uuid(*id),
                    Val::Text(format!("{}（{k}）", NAMES[k % NAMES.len()])),
                ],
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        let mut tx = db.begin().await.unwrap();
        for &i in chunk {
            let d = division(i % 100);
            let k = i / 100;
            let name = NAMES[k % NAMES.len()];
            debug_assert!(k < names.len());
            tx.execute(
                "insert into impl_published (id, party_id, implementation_code, basic_code, name, name_id, division_code, department, item_type, data, approved_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    Val::Uuid(gsp_domain::time::new_id()),
                    Val::Uuid(party.id),
                    Val::Text(format!("11330200MB23456785{:012}{d}", k)),
                    Val::Text(format!("{:012}", k % 5000)),
                    Val::Text(format!("{name}（{k}）")),
                    Val::Uuid(names[k]),
                    Val::Text(d.clone()),
                    Val::Text(format!("{d}{}", DEPTS[k % DEPTS.len()])),
                    Val::Text(TYPES[k % TYPES.len()].into()),
                    Val::Text("{}".into()),
                    Val::Time(now),
                ],
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    println!(
        "{engine}: inserted {n} published items in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    if engine == "PostgreSQL" {
        db.execute_raw("analyze impl_published").await.unwrap();
    } else {
        db.execute_raw("analyze").await.unwrap();
    }

    let mut staff = Actor::system("bench");
    staff.roles = vec![Role::Supervisor];
    let f = |region: &str, dept: &str, ty: &str, name: &str| SearchFilter {
        region: Some(region.into()),
        department: Some(dept.into()),
        item_type: Some(ty.into()),
        name: Some(name.into()),
    };
    let cases: Vec<(&str, SearchFilter)> = vec![
        ("no filter", f("", "", "", "")),
        ("province 330000", f("330000", "", "", "")),
        ("city 330500", f("330500", "", "", "")),
        ("district 330507", f("330507", "", "", "")),
        ("type", f("", "", "payment", "")),
        ("city + type", f("330300", "", "licensing", "")),
        ("department", f("", "330402公安局", "", "")),
        ("name (common)", f("", "", "", "居住证")),
        ("name (one item, 100 rows)", f("", "", "", "（42）")),
        ("city + name", f("330600", "", "", "社会保险")),
        (
            "district + type + name",
            f("330608", "", "confirmation", "社会保险"),
        ),
    ];
    println!(
        "{:<28} {:>8} {:>8} {:>10}  rows",
        "filter", "p50 ms", "p95 ms", "deep p95"
    );
    for (label, filter) in cases {
        let mut first = Vec::new();
        let mut deep = Vec::new();
        let mut rows = 0;
        for round in 0..21 {
            let t = Instant::now();
            let (page, mut next) = search(&db, &staff, &filter, None, 50).await.unwrap();
            if round > 0 {
                first.push(t.elapsed());
            }
            rows = page.len();
            // ten pages on: a deep keyset page costs what the first does
            for _ in 0..10 {
                let Some(c) = next.clone() else { break };
                let t = Instant::now();
                let (_, n2) = search(&db, &staff, &filter, Some(&c), 50).await.unwrap();
                if round > 0 {
                    deep.push(t.elapsed());
                }
                next = n2;
            }
        }
        let p = |v: &mut Vec<Duration>, q: f64| {
            if v.is_empty() {
                return f64::NAN;
            }
            v.sort();
            v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1].as_secs_f64() * 1000.0
        };
        println!(
            "{label:<28} {:>8.1} {:>8.1} {:>10.1}  {rows}",
            p(&mut first, 0.5),
            p(&mut first, 0.95),
            p(&mut deep, 0.95)
        );
    }
}
