//! Third-party providers on both engines: qualification, the access flow of
//! a service step by step, test reports, suspension and restoration with
//! their notices and audit trail.

mod common;

use gsp_domain::actor::ActorKind;
use gsp_domain::providers::suspension::{self, Order, Target};
use gsp_domain::providers::{self, Interface, NewRelease, ServiceData, Step};
use gsp_domain::{demo, security::audit, Actor, Error, Role};

fn staff(name: &str, role: Role) -> Actor {
    let mut a = Actor::system(name);
    a.kind = ActorKind::Account;
    a.roles = vec![role];
    a
}

fn fields(r: gsp_domain::error::Result<Step>) -> Vec<String> {
    match r {
        Err(Error::Validation(e)) => e.into_iter().map(|f| f.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_service_moves_through_the_flow_only_when_each_step_is_complete() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let reviewer = staff("reviewer", Role::Reviewer);
        let supervisor = staff("supervisor", Role::Supervisor);
        let providers = providers::list(db, &reviewer).await.unwrap();
        assert_eq!(providers.len(), 2, "{}", t.name);
        assert!(providers.iter().all(|p| p.state == "approved"));
        let courier = providers.iter().find(|p| p.name.contains("速递")).unwrap();
        let payer = providers.iter().find(|p| p.name.contains("支付")).unwrap();
        let org = gsp_domain::access::party::get(db, &reviewer, courier.party_id)
            .await
            .unwrap()
            .organisation_id;
        let mut prov = staff("provider", Role::Provider);
        prov.organisation_id = Some(org);
        // a provider sees its own organisation only
        let mine = providers::list(db, &prov).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert!(matches!(
            providers::get(db, &prov, payer.party_id).await,
            Err(Error::NotFound(_))
        ));

        let id = providers::create_service(db, &prov, courier.party_id, "退件寄回", "logistics")
            .await
            .unwrap();
        assert_eq!(
            fields(providers::advance(db, &prov, id).await),
            ["relation"]
        );
        let mut d = ServiceData {
            relation: "寄递退件".into(),
            ..Default::default()
        };
        providers::save_service(db, &prov, id, &d).await.unwrap();
        assert_eq!(
            providers::advance(db, &prov, id).await.unwrap(),
            Step::Method
        );
        assert_eq!(
            fields(providers::advance(db, &prov, id).await),
            ["access_method"]
        );
        d.access_method = "protocol".into();
        d.formats = vec!["json".into()];
        d.interfaces = vec![Interface {
            name: "创建退件单".into(),
            direction: "offered".into(),
            purpose: "材料退回".into(),
            request: "办件编号".into(),
            answer: "运单号".into(),
        }];
        // the provider cannot set the platform's strategies
        d.ops_strategy = "provider's own".into();
        providers::save_service(db, &prov, id, &d).await.unwrap();
        assert_eq!(
            providers::service(db, &prov, id)
                .await
                .unwrap()
                .data()
                .ops_strategy,
            ""
        );
        providers::advance(db, &prov, id).await.unwrap();
        assert_eq!(
            providers::advance(db, &prov, id).await.unwrap(),
            Step::Document
        );
        // the document step is the platform's
        assert!(matches!(
            providers::advance(db, &prov, id).await,
            Err(Error::InvalidTransition(_))
        ));
        assert_eq!(
            fields(providers::advance(db, &reviewer, id).await),
            ["access_document"]
        );
        providers::upload_document(
            db,
            &reviewer,
            courier.party_id,
            Some(id),
            "access-document",
            "退件接入规范",
            "",
            "规范.pdf",
            b"%PDF-1.4 spec",
        )
        .await
        .unwrap();
        assert_eq!(
            providers::advance(db, &reviewer, id).await.unwrap(),
            Step::Debugging
        );
        assert_eq!(
            fields(providers::advance(db, &reviewer, id).await),
            [
                "debug_runs",
                "responsible_name",
                "ops_strategy",
                "security_strategy",
                "emergency_plan",
                "test_report"
            ]
        );
        providers::record_run(db, &reviewer, id, "12 个用例", "pass", "")
            .await
            .unwrap();
        d.responsible_name = "周强".into();
        d.responsible_phone = "13605710006".into();
        providers::save_service(db, &prov, id, &d).await.unwrap();
        providers::save_service(
            db,
            &reviewer,
            id,
            &ServiceData {
                ops_strategy: "7×24".into(),
                security_strategy: "SM4".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let s = providers::service(db, &prov, id).await.unwrap().data();
        assert_eq!(
            (s.relation.as_str(), s.ops_strategy.as_str()),
            ("寄递退件", "7×24"),
            "each keeps the other's fields"
        );
        providers::upload_document(
            db,
            &prov,
            courier.party_id,
            Some(id),
            "emergency-plan",
            "预案",
            "",
            "预案.pdf",
            b"%PDF-1.4 plan",
        )
        .await
        .unwrap();
        let plan = providers::documents(db, &prov, courier.party_id, Some(id))
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.kind == "emergency-plan")
            .unwrap();
        assert_eq!(plan.status, "pending");
        providers::review_plan(db, &reviewer, plan.id, true, "")
            .await
            .unwrap();
        let bad =
            providers::submit_release(db, &prov, id, &NewRelease::default(), "r.pdf", b"not a pdf")
                .await;
        let Err(Error::Validation(e)) = bad else {
            panic!()
        };
        let f: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(
            f,
            ["version", "kind", "tested_on", "scope", "results", "file"]
        );
        let release = NewRelease {
            version: "1.0.0".into(),
            kind: "initial".into(),
            tested_on: "2026-11-20".into(),
            scope: "全部接口".into(),
            results: "通过".into(),
        };
        let rid = providers::submit_release(db, &prov, id, &release, "r.pdf", b"%PDF-1.4 r")
            .await
            .unwrap();
        assert!(matches!(
            providers::submit_release(db, &prov, id, &release, "r.pdf", b"%PDF-1.4 r").await,
            Err(Error::Validation(e)) if e[0].field == "version"
        ));
        assert_eq!(
            fields(providers::advance(db, &reviewer, id).await),
            ["test_report"],
            "a release without an accepted report cannot go live"
        );
        assert!(
            providers::review_release(db, &reviewer, rid, false, "")
                .await
                .is_err(),
            "a return needs a reason"
        );
        providers::review_release(db, &reviewer, rid, true, "")
            .await
            .unwrap();
        assert_eq!(
            providers::advance(db, &reviewer, id).await.unwrap(),
            Step::Completed
        );

        // suspension: a reason and a severity; only a live service
        let none = Order::default();
        let Err(Error::Validation(e)) =
            suspension::suspend(db, &supervisor, Target::Service(id), &none).await
        else {
            panic!()
        };
        assert_eq!(
            e.iter().map(|x| x.field.as_str()).collect::<Vec<_>>(),
            ["severity", "reason"]
        );
        assert!(matches!(
            suspension::suspend(db, &reviewer, Target::Service(id), &none).await,
            Err(Error::Forbidden)
        ));
        let order = Order {
            severity: "serious".into(),
            reason: "退件单大量失败".into(),
            alarm_ref: String::new(),
        };
        let sid = suspension::suspend(db, &supervisor, Target::Service(id), &order)
            .await
            .unwrap();
        assert!(
            suspension::suspend(db, &supervisor, Target::Service(id), &order)
                .await
                .is_err(),
            "already suspended"
        );
        let active = suspension::list(db, &supervisor, true, None, None)
            .await
            .unwrap();
        assert_eq!(active.len(), 2, "the demo's and this one");
        assert_eq!(active[0].id, sid);
        // the owner's people and the supervisors are told
        let notices = suspension::notices(db, &prov, 10).await.unwrap();
        assert!(notices[0].title.contains("退件寄回"), "{:?}", notices);
        assert!(suspension::notices(db, &supervisor, 10).await.unwrap()[0]
            .title
            .contains("退件寄回"));
        // restoration: returned once, then restored with a new report
        let r2 = providers::submit_release(
            db,
            &prov,
            id,
            &NewRelease {
                version: "1.0.1".into(),
                kind: "restoration".into(),
                ..release.clone()
            },
            "r.pdf",
            b"%PDF-1.4 r2",
        )
        .await
        .unwrap();
        let app = suspension::Application {
            failure: "数据库连接耗尽".into(),
            fix: "扩容".into(),
            release_id: Some(r2),
        };
        let a1 = suspension::apply(db, &prov, sid, &app).await.unwrap();
        assert!(matches!(
            suspension::apply(db, &prov, sid, &app).await,
            Err(Error::Conflict(_))
        ));
        assert!(suspension::review(db, &supervisor, a1, false, "")
            .await
            .is_err());
        suspension::review(db, &supervisor, a1, false, "未说明熔断策略")
            .await
            .unwrap();
        assert!(
            providers::service(db, &prov, id).await.unwrap().suspended,
            "a return keeps the suspension"
        );
        let a2 = suspension::apply(db, &prov, sid, &app).await.unwrap();
        suspension::review(db, &supervisor, a2, true, "恢复")
            .await
            .unwrap();
        assert!(!providers::service(db, &prov, id).await.unwrap().suspended);
        let history = suspension::list(db, &prov, false, None, Some(id))
            .await
            .unwrap();
        assert_eq!((history.len(), history[0].state.as_str()), (1, "restored"));
        let apps = suspension::restorations(db, &prov, sid).await.unwrap();
        assert_eq!(
            apps.iter().map(|a| a.state.as_str()).collect::<Vec<_>>(),
            ["approved", "returned"]
        );
        let actions = audit::actions(db).await.unwrap();
        for a in [
            "service.create",
            "service.advance",
            "release.accept",
            "suspension.suspend",
            "suspension.apply",
            "suspension.return",
            "suspension.restore",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} audited ({})", t.name);
        }
        assert!(audit::verify(db).await.unwrap().ok(), "{}", t.name);
    }
}
