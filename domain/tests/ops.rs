//! Operations data on both engines: resources, ingestion (validation,
//! idempotency), roll-ups equal to the raw points, retention, alarms
//! de-duplicated by fingerprint, lost nodes, tickets.

mod common;

use std::collections::BTreeMap;

use chrono::Duration;
use gsp_domain::actor::ActorKind;
use gsp_domain::ops::{
    self, AlarmFilter, AlarmReport, Heartbeat, NewTicket, Point, Resource, Retention, SubResource,
};
use gsp_domain::{demo, vals, Actor, Error, Role};

fn staff(role: Role) -> Actor {
    let mut a = Actor::system("staff");
    a.kind = ActorKind::Account;
    a.roles = vec![role];
    a
}

#[tokio::test]
async fn operations_data_is_checked_rolled_up_kept_and_watched() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        #[derive(sqlx::FromRow)]
        struct P {
            id: uuid::Uuid,
            organisation_id: uuid::Uuid,
        }
        let p: P = db
            .fetch_one(
                "select id, organisation_id from access_parties where name = $1",
                &vals!["宁波市政务服务平台"],
            )
            .await
            .unwrap();
        let sys = Actor::system("宁波运维系统");
        let server = Resource {
            resource_id: "t-srv-01".into(),
            category: "server".into(),
            kind: "virtual".into(),
            name: "政务云主机 01".into(),
            address: "59.202.40.11".into(),
            attributes: BTreeMap::from([("os".into(), "麒麟 V10".into())]),
        };
        let c = ops::upsert_resources(db, &sys, p.id, std::slice::from_ref(&server))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.inserted, 1, "{}", t.name);
        let c = ops::upsert_resources(db, &sys, p.id, std::slice::from_ref(&server))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((c.inserted, c.updated, c.unchanged), (0, 0, 1));
        // a sub-resource of an unknown resource is refused, nothing stored
        let subs = [
            SubResource {
                resource_id: "t-srv-01".into(),
                sub_id: "cpu0".into(),
                kind: "cpu".into(),
                name: "CPU".into(),
                ..Default::default()
            },
            SubResource {
                resource_id: "srv-99".into(),
                sub_id: "disk0".into(),
                kind: "disk".into(),
                name: "/".into(),
                ..Default::default()
            },
        ];
        let refused = ops::upsert_subs(db, &sys, p.id, &subs)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            (refused[0].index, refused[0].errors[0].code.as_str()),
            (1, "ops.resource_unknown")
        );
        ops::upsert_subs(db, &sys, p.id, &subs[..1])
            .await
            .unwrap()
            .unwrap();

        // one hour of points every 60 s, two metrics; the first point in a fixed 5-minute grid
        let now = chrono::Utc::now().timestamp();
        let start = (now - 3 * 3600) / 3600 * 3600;
        let points: Vec<Point> = (0..60)
            .flat_map(|i| {
                let ts = start + i * 60;
                [
                    Point {
                        resource_id: "t-srv-01".into(),
                        metric: "cpu.usage".into(),
                        ts,
                        value: (i % 7) as f64 * 10.0,
                        ..Default::default()
                    },
                    Point {
                        resource_id: "t-srv-01".into(),
                        sub_id: Some("cpu0".into()),
                        metric: "cpu.usage".into(),
                        ts,
                        value: i as f64,
                        ..Default::default()
                    },
                ]
            })
            .collect();
        let mut bad = points.clone();
        bad[5].resource_id = "srv-99".into();
        bad[7].metric = "Bad Name".into();
        let refused = ops::ingest(db, p.id, &bad).await.unwrap().unwrap_err();
        assert_eq!(refused.iter().map(|r| r.index).collect::<Vec<_>>(), [5, 7]);
        let got = ops::ingest(db, p.id, &points).await.unwrap().unwrap();
        assert_eq!((got.stored, got.duplicates), (120, 0));
        let again = ops::ingest(db, p.id, &points).await.unwrap().unwrap();
        assert_eq!(
            (again.stored, again.duplicates),
            (0, 120),
            "a resent batch changes nothing"
        );
        // a late point lands in an existing bucket: its roll-up follows
        let late = [Point {
            resource_id: "t-srv-01".into(),
            metric: "cpu.usage".into(),
            ts: start + 30,
            value: 99.0,
            ..Default::default()
        }];
        ops::ingest(db, p.id, &late).await.unwrap().unwrap();

        // every roll-up equals what the raw points give
        #[derive(sqlx::FromRow, Debug, PartialEq)]
        struct Agg {
            series_id: i64,
            bucket: i64,
            min: f64,
            max: f64,
            sum: f64,
            count: i64,
        }
        for res in [300i64, 3600] {
            let stored: Vec<Agg> = db
                .fetch_all(
                    "select series_id, bucket, min, max, sum, count from ops_rollups where resolution = $1 order by series_id, bucket",
                    &vals![res],
                )
                .await
                .unwrap();
            let raw: Vec<Agg> = db
                .fetch_all(
                    &format!("select series_id, (ts / {res}) * {res} as bucket, min(value) as min, max(value) as max, sum(value) as sum, count(*) as count \
                              from ops_points group by series_id, (ts / {res}) * {res} order by series_id, bucket"),
                    &[],
                )
                .await
                .unwrap();
            // sums may differ in the last bits (the order of additions)
            assert_eq!(stored.len(), raw.len(), "resolution {res} ({})", t.name);
            for (a, b) in stored.iter().zip(&raw) {
                assert_eq!(
                    (a.series_id, a.bucket, a.min, a.max, a.count),
                    (b.series_id, b.bucket, b.min, b.max, b.count),
                    "resolution {res} ({})",
                    t.name
                );
                assert!(
                    (a.sum - b.sum).abs() <= 1e-9 * b.sum.abs().max(1.0),
                    "{a:?} {b:?}"
                );
            }
            assert!(!stored.is_empty());
        }
        let sup = staff(Role::Supervisor);
        let list = ops::resources(db, &sup, Some(p.id), Some("server"))
            .await
            .unwrap();
        let mine = list.iter().find(|r| r.resource_id == "t-srv-01").unwrap();
        let (r, subs, series) = ops::resource(db, &sup, mine.id).await.unwrap();
        assert_eq!(
            (r.name.as_str(), subs.len(), series.len()),
            ("政务云主机 01", 1, 2)
        );
        let whole = series.iter().find(|s| s.sub_key.is_empty()).unwrap();
        let from = chrono::DateTime::from_timestamp(start, 0).unwrap();
        let (res, pts) = ops::series(db, &sup, r.id, whole.id, from, from + Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(
            (res, pts.len()),
            (0, 61),
            "raw for an hour (60 points and the late one)"
        );
        let (res, pts) = ops::series(db, &sup, r.id, whole.id, from, from + Duration::days(1))
            .await
            .unwrap();
        assert_eq!((res, pts.len()), (300, 12), "5-minute buckets for a day");
        assert_eq!(pts[0].max, 99.0);

        // retention: raw points go after 7 days, 5-minute roll-ups stay 90
        let later = chrono::Utc::now() + Duration::days(8);
        let removed = ops::purge(db, Retention::default(), later).await.unwrap();
        assert!(removed >= 121, "{removed}");
        assert_eq!(
            db.fetch_one::<gsp_domain::db::Count>("select count(*) as n from ops_points", &[])
                .await
                .unwrap()
                .n,
            0,
            "no raw point is older than 7 days"
        );
        let left = db
            .fetch_one::<gsp_domain::db::Count>("select count(*) as n from ops_rollups", &[])
            .await
            .unwrap()
            .n;
        assert!(left > 0, "roll-ups are kept longer");
        ops::purge(
            db,
            Retention::default(),
            chrono::Utc::now() + Duration::days(800),
        )
        .await
        .unwrap();
        assert_eq!(
            db.fetch_one::<gsp_domain::db::Count>("select count(*) as n from ops_rollups", &[])
                .await
                .unwrap()
                .n,
            0
        );

        // alarms: one open alarm per fingerprint; a clear resolves it
        let alarm = AlarmReport {
            fingerprint: "zabbix:srv-01:cpu".into(),
            resource_id: Some("t-srv-01".into()),
            severity: 4,
            title: "CPU 持续高于 95%".into(),
            ..Default::default()
        };
        let c = ops::report_alarms(db, &sys, p.id, &[alarm.clone(), alarm.clone()])
            .await
            .unwrap()
            .unwrap();
        assert_eq!((c.raised, c.updated), (1, 1));
        let open = ops::alarms(db, &sup, &AlarmFilter::default())
            .await
            .unwrap();
        let mine: Vec<_> = open
            .iter()
            .filter(|a| a.fingerprint == alarm.fingerprint)
            .collect();
        assert_eq!((mine.len(), mine[0].occurrences), (1, 2));
        let id = mine[0].id;
        assert!(matches!(
            ops::act_on_alarm(db, &sup, id, "acknowledge", " ", None).await,
            Err(Error::Validation(_))
        ));
        assert!(matches!(
            ops::act_on_alarm(db, &staff(Role::Reviewer), id, "acknowledge", "看", None).await,
            Err(Error::Forbidden)
        ));
        ops::act_on_alarm(db, &sup, id, "acknowledge", "已通知宁波值班", None)
            .await
            .unwrap();
        assert!(ops::act_on_alarm(
            db,
            &sup,
            id,
            "suppress",
            "",
            Some(chrono::Utc::now() - Duration::hours(1))
        )
        .await
        .is_err());
        // a ticket from the alarm, through its states
        let (tid, number) = ops::open_ticket_from_console(
            db,
            &sup,
            id,
            &NewTicket {
                title: "主机 CPU 过高".into(),
                description: "请排查".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(number.starts_with('T'));
        assert!(matches!(
            ops::ticket_act(db, &sup, tid, Some("closed"), "").await,
            Err(Error::InvalidTransition(_))
        ));
        ops::ticket_act(db, &sup, tid, Some("in-progress"), "处理中")
            .await
            .unwrap();
        let (tk, msgs) = ops::ticket(db, &sup, tid).await.unwrap();
        assert_eq!(
            (tk.state.as_str(), tk.resource, msgs.len()),
            ("in-progress", Some(r.id), 1)
        );
        let clear = AlarmReport {
            action: Some("clear".into()),
            ..alarm.clone()
        };
        let c = ops::report_alarms(db, &sys, p.id, std::slice::from_ref(&clear))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.cleared, 1);
        assert_eq!(
            ops::report_alarms(db, &sys, p.id, &[clear])
                .await
                .unwrap()
                .unwrap()
                .ignored,
            1
        );
        let c = ops::report_alarms(db, &sys, p.id, std::slice::from_ref(&alarm))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            c.raised, 1,
            "after a clear the same fingerprint opens a new alarm"
        );

        // nodes: alive, then silent for longer than their interval
        ops::heartbeat(
            db,
            p.id,
            &Heartbeat {
                node_id: "nb-ops-1".into(),
                name: "宁波运维节点".into(),
                version: "3.2".into(),
                interval_seconds: 60,
            },
        )
        .await
        .unwrap();
        let health = ops::overview(db, &sup).await.unwrap();
        let nb = health.iter().find(|h| h.party_id == p.id).unwrap();
        assert_eq!(
            (nb.nodes, nb.nodes_lost, nb.alarms[4]),
            (1, 0, 2),
            "the demo's high alarm and this one"
        );
        assert_eq!(health[0].party_id, p.id, "worst first");
        db.execute(
            "update ops_nodes set last_seen_at = $1",
            &vals![chrono::Utc::now() - Duration::seconds(120)],
        )
        .await
        .unwrap();
        let nb = ops::overview(db, &sup)
            .await
            .unwrap()
            .into_iter()
            .find(|h| h.party_id == p.id)
            .unwrap();
        assert_eq!(nb.nodes_lost, 1);

        // an operator of another organisation sees none of it
        let mut other = staff(Role::PartyOperator);
        other.organisation_id = Some(uuid::Uuid::now_v7());
        assert!(ops::alarms(db, &other, &AlarmFilter::default())
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            ops::act_on_alarm(db, &other, id, "resolve", "", None).await,
            Err(Error::NotFound(_))
        ));
        let mut own = staff(Role::PartyOperator);
        own.organisation_id = Some(p.organisation_id);
        assert!(!ops::alarms(db, &own, &AlarmFilter::default())
            .await
            .unwrap()
            .is_empty());
        assert!(gsp_domain::security::audit::verify(db).await.unwrap().ok());
    }
}

/// The workbench lists what waits for each role, oldest first, and an
/// organisation's people only their own (issue #16).
#[tokio::test]
async fn the_workbench_lists_what_waits_for_each_role() {
    use gsp_domain::ops::workbench::tasks;
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let reviewer = tasks(db, &staff(Role::Reviewer)).await.unwrap();
        let kinds: Vec<&str> = reviewer.iter().map(|w| w.kind).collect();
        assert!(kinds.contains(&"application"), "{}: {kinds:?}", t.name);
        assert!(kinds.contains(&"seal_system"), "{}: {kinds:?}", t.name);
        assert!(
            reviewer.windows(2).all(|w| w[0].since <= w[1].since),
            "{}: oldest first",
            t.name
        );
        let app = reviewer.iter().find(|w| w.kind == "application").unwrap();
        assert!(app.link.starts_with("/applications/"), "{}", app.link);
        assert!(
            !kinds.contains(&"suspension"),
            "a reviewer does not supervise"
        );

        let supervisor = tasks(db, &staff(Role::Supervisor)).await.unwrap();
        let sus = supervisor
            .iter()
            .find(|w| w.kind == "suspension")
            .expect("the demo's suspended payment service");
        assert_eq!(sus.subject, "统一公共支付（缴费）", "{}", t.name);
        assert!(!supervisor.iter().any(|w| w.kind == "application"));

        // the payment provider sees its own suspension, to apply for restoration
        #[derive(sqlx::FromRow)]
        struct O {
            id: uuid::Uuid,
        }
        let org = |name: &'static str| async move {
            db.fetch_one::<O>("select id from organisations where name = $1", &vals![name])
                .await
                .unwrap()
                .id
        };
        let mut provider = staff(Role::Provider);
        provider.organisation_id = Some(org("浙江数字支付科技有限公司").await);
        let own = tasks(db, &provider).await.unwrap();
        let need = own
            .iter()
            .find(|w| w.kind == "restoration_needed")
            .expect("the suspended service waits for a restoration application");
        assert!(need.link.starts_with("/services/"), "{}", need.link);
        assert!(
            own.iter().all(|w| w.party_name == need.party_name),
            "{}: only its own",
            t.name
        );

        // an operator of another organisation sees none of it
        let mut operator = staff(Role::PartyOperator);
        operator.organisation_id = Some(org("杭州市政务服务平台").await);
        let theirs = tasks(db, &operator).await.unwrap();
        assert!(
            theirs
                .iter()
                .all(|w| w.party_name != need.party_name && w.kind != "application"),
            "{}: {theirs:?}",
            t.name
        );
    }
}

/// 服务监控 (issue #16): the instance's database size and pool on either
/// engine, the process's memory and uptime; for system administrators.
#[tokio::test]
async fn the_instance_reports_its_database_and_process() {
    use gsp_domain::ops::monitor::instance;
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let i = instance(db, &staff(Role::SystemAdmin)).await.unwrap();
        assert!(i.db_bytes > 0, "{}: {i:?}", t.name);
        assert_eq!(
            i.engine,
            if t.name.contains("postgres") {
                "postgres"
            } else {
                "sqlite"
            },
            "{}",
            t.name
        );
        assert!(i.pool_max >= 1 && i.cpus >= 1);
        if cfg!(target_os = "linux") {
            assert!(i.rss_bytes.unwrap() > 1_000_000, "{i:?}");
            assert!(
                i.uptime_seconds.is_some() && i.mem_total_bytes.is_some(),
                "{i:?}"
            );
        }
        assert!(matches!(
            instance(db, &staff(Role::Reviewer)).await,
            Err(Error::Forbidden)
        ));
    }
}
