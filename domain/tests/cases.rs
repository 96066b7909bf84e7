//! Case data on both engines: ingestion (idempotent, forward only, history),
//! search with masking and keyset pages, statistics with the on-time rate.

mod common;

use chrono::{DateTime, Duration, Utc};
use gsp_domain::access::credential::Cipher;
use gsp_domain::catalog::cases::{self, CaseRecord, Filter};
use gsp_domain::{demo, Actor, Role};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().into()
}

fn record(no: &str, status: &str, submitted: &str) -> CaseRecord {
    let submitted_at = t(submitted);
    CaseRecord {
        case_no: no.into(),
        item_code: "ITEM-1".into(),
        item_name: "公共场所卫生许可".into(),
        applicant_type: "person".into(),
        applicant_name: "张三丰".into(),
        department: "宁波市卫生健康委员会".into(),
        implementer_uscc: "11330200MB23456785".into(),
        division_code: "330203".into(),
        status: status.into(),
        submitted_at: Some(submitted_at),
        promised_at: Some(submitted_at + Duration::days(5)),
        completed_at: (status == "completed").then(|| submitted_at + Duration::days(2)),
        result: (status == "completed").then(|| "approved".to_string()),
        ..Default::default()
    }
}

/// This test's cases (the demo data has others).
fn mine() -> Filter {
    Filter {
        item: Some("ITEM-1".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn cases_ingest_search_and_statistics() {
    for tdb in common::all().await {
        let db = &tdb.db;
        demo::seed(db).await.unwrap();
        let sys = Actor::system("t");
        let (parties, _) = gsp_domain::access::party::list(db, &sys, &Default::default(), None, 50)
            .await
            .unwrap();
        let ningbo = parties
            .iter()
            .find(|p| p.name == "宁波市政务服务平台")
            .unwrap();
        let cipher = Cipher::from_hex(&"01".repeat(32)).unwrap();
        let batch = vec![
            record("A-1", "submitted", "2026-11-02T09:00:00+08:00"),
            record("A-2", "completed", "2026-11-02T10:00:00+08:00"),
            record("A-3", "accepted", "2026-11-03T10:00:00+08:00"),
        ];
        let r = cases::ingest(db, &sys, &cipher, ningbo.id, &batch)
            .await
            .unwrap();
        assert_eq!((r.accepted, r.refused), (3, 0), "{}", tdb.name);
        // out of order: the later status arrives first, then the earlier one
        let r = cases::ingest(
            db,
            &sys,
            &cipher,
            ningbo.id,
            &[record("A-3", "completed", "2026-11-03T10:00:00+08:00")],
        )
        .await
        .unwrap();
        assert_eq!(r.updated, 1);
        let r = cases::ingest(
            db,
            &sys,
            &cipher,
            ningbo.id,
            &[record("A-3", "in-progress", "2026-11-03T10:00:00+08:00")],
        )
        .await
        .unwrap();
        assert_eq!(r.results[0].outcome, "refused");
        let c = cases::get_for_party(db, ningbo.id, "A-3").await.unwrap();
        assert_eq!(
            (c.case.status.as_str(), c.history.len()),
            ("completed", 1),
            "{}",
            tdb.name
        );

        // one batch that sends a case three times and another twice (issue
        // #15: decided in memory, written in a few statements) behaves as
        // if each record came in its own batch
        let r = cases::ingest(
            db,
            &sys,
            &cipher,
            ningbo.id,
            &[
                record("B-1", "submitted", "2026-11-04T10:00:00+08:00"),
                record("B-1", "accepted", "2026-11-04T10:00:00+08:00"),
                record("A-1", "accepted", "2026-11-02T09:00:00+08:00"),
                record("B-1", "submitted", "2026-11-04T10:00:00+08:00"),
                record("B-1", "accepted", "2026-11-04T10:00:00+08:00"),
                record("A-1", "accepted", "2026-11-02T09:00:00+08:00"),
            ],
        )
        .await
        .unwrap();
        let outcomes: Vec<String> = r
            .results
            .iter()
            .map(|x| x.outcome.code().to_string())
            .collect();
        assert_eq!(
            outcomes,
            [
                "accepted",
                "updated",
                "updated",
                "refused",
                "unchanged",
                "unchanged"
            ],
            "{}",
            tdb.name
        );
        assert_eq!(r.results[3].errors[0].code, "case.status_backwards");
        let b = cases::get_for_party(db, ningbo.id, "B-1").await.unwrap();
        assert_eq!(
            (b.case.status.as_str(), b.history.len()),
            ("accepted", 1),
            "{}",
            tdb.name
        );
        assert_eq!(b.history[0].0, "submitted");
        let a = cases::get_for_party(db, ningbo.id, "A-1").await.unwrap();
        assert_eq!(
            (a.case.status.as_str(), a.history.len()),
            ("accepted", 1),
            "{}",
            tdb.name
        );
        // the search below counts three cases of this party's first batch
        gsp_domain::db::Db::execute(db, "delete from case_history where case_id in (select id from cases where case_no = 'B-1')", &[]).await.unwrap();
        gsp_domain::db::Db::execute(db, "delete from cases where case_no = 'B-1'", &[])
            .await
            .unwrap();

        let mut reviewer = Actor::system("rev");
        reviewer.kind = gsp_domain::actor::ActorKind::Account;
        reviewer.roles = vec![Role::Reviewer];
        let (rows, next) = cases::search(db, &reviewer, &mine(), None, 2)
            .await
            .unwrap();
        assert_eq!(
            rows.iter().map(|r| r.case_no.as_str()).collect::<Vec<_>>(),
            ["A-3", "A-2"]
        );
        assert_eq!(rows[0].applicant_name, "张**", "masked in lists");
        let (rest, _) = cases::search(db, &reviewer, &mine(), next, 2)
            .await
            .unwrap();
        assert_eq!(
            rest.iter().map(|r| r.case_no.as_str()).collect::<Vec<_>>(),
            ["A-1"]
        );
        let f = Filter {
            status: Some("completed".into()),
            region: Some("330200".into()),
            ..mine()
        };
        assert_eq!(
            cases::search(db, &reviewer, &f, None, 10)
                .await
                .unwrap()
                .0
                .len(),
            2
        );
        let f = Filter {
            region: Some("330100".into()),
            ..mine()
        };
        assert!(cases::search(db, &reviewer, &f, None, 10)
            .await
            .unwrap()
            .0
            .is_empty());

        let days = cases::stats(db, &reviewer, &mine(), "day").await.unwrap();
        let keys: Vec<&str> = days.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(
            keys,
            ["2026-11-03", "2026-11-02"],
            "{}: days in China time",
            tdb.name
        );
        assert_eq!(
            (days[1].received, days[1].completed, days[1].on_time),
            (2, 1, 1)
        );
        // A-1 was promised for 2026-11-07 and is not completed: overdue by now
        assert_eq!(days[1].overdue, 1);
        let items = cases::stats(db, &reviewer, &mine(), "item").await.unwrap();
        assert_eq!(items[0].received, 3);

        // an operator of another organisation sees none of them
        let mut op = Actor::system("op");
        op.kind = gsp_domain::actor::ActorKind::Account;
        op.roles = vec![Role::PartyOperator];
        op.organisation_id = parties
            .iter()
            .find(|p| p.name == "杭州市政务服务平台")
            .map(|p| p.organisation_id);
        assert!(cases::search(db, &op, &mine(), None, 10)
            .await
            .unwrap()
            .0
            .is_empty());
        assert!(cases::stats(db, &op, &mine(), "day")
            .await
            .unwrap()
            .is_empty());
    }
}
