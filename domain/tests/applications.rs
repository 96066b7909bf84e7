//! Access applications, evidence and credentials (issue #3), each test on
//! SQLite and on PostgreSQL.

mod common;

use gsp_domain::access::application::evidence::{self, Meta};
use gsp_domain::access::application::{self, Action, Plan, State};
use gsp_domain::access::credential::{self, Cipher};
use gsp_domain::access::party::{self, Filter};
use gsp_domain::{demo, security::audit, Actor, Error, Role};
use uuid::Uuid;

fn person(name: &str, role: Role, org: Option<Uuid>) -> Actor {
    let mut a = Actor::system(name);
    a.kind = gsp_domain::actor::ActorKind::Account;
    a.id = Uuid::now_v7().to_string();
    a.roles = vec![role];
    a.organisation_id = org;
    a
}

fn fields(e: Error) -> Vec<String> {
    match e {
        Error::Validation(v) => v.into_iter().map(|f| f.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn plan() -> Plan {
    let mut p = Plan::default();
    p.network.topology = "政务外网专线接入，双链路冗余".into();
    p.network.addresses = vec!["59.202.10.0/24".into()];
    p.network.domains = vec!["zwfw.hangzhou.gov.cn".into()];
    p.network.location = "杭州市政务云（萧山机房）".into();
    p.security.plan = "按等保三级要求部署防火墙、入侵检测与日志审计。".into();
    p.hardware.cloud_platform = "杭州市政务云".into();
    p.interfaces.interfaces = vec!["catalog-sync".into(), "cases".into()];
    p.interfaces.daily_calls = 50_000;
    p
}

const PDF: &[u8] = b"%PDF-1.7\n% a test report\n";

fn cert(kind: &str, level: &str, until: &str) -> Meta {
    Meta {
        kind: kind.into(),
        cert_number: format!("{kind}-330100-001"),
        cert_level: level.into(),
        issuer: "浙江省信息安全测评中心".into(),
        valid_until: until.into(),
    }
}

struct World {
    hangzhou: Uuid,
    operator: Actor,
    stranger: Actor,
    reviewer: Actor,
    supervisor: Actor,
    secadmin: Actor,
}

async fn world(db: &gsp_domain::Db) -> World {
    demo::seed(db).await.unwrap();
    let sys = Actor::system("test");
    let (parties, _) = party::list(db, &sys, &Filter::default(), None, 100)
        .await
        .unwrap();
    let hz = parties
        .iter()
        .find(|p| p.name == "杭州市政务服务平台")
        .unwrap();
    let nb = parties
        .iter()
        .find(|p| p.name == "宁波市政务服务平台")
        .unwrap();
    World {
        hangzhou: hz.id,
        operator: person("op-hz", Role::PartyOperator, Some(hz.organisation_id)),
        stranger: person("op-nb", Role::PartyOperator, Some(nb.organisation_id)),
        reviewer: person("rev", Role::Reviewer, None),
        supervisor: person("sup", Role::Supervisor, None),
        secadmin: person("sec", Role::SecurityAdmin, None),
    }
}

#[tokio::test]
async fn application_is_returned_fixed_resubmitted_approved_and_credentialed() {
    for t in common::all().await {
        let db = &t.db;
        let w = world(db).await;
        let (id, number) = application::create(db, &w.operator, w.hangzhou)
            .await
            .unwrap();
        assert!(number.starts_with("JR"), "{number}");

        // an empty draft cannot be submitted: every missing field is named
        let e = application::act(db, &w.operator, id, Action::Submit, "")
            .await
            .unwrap_err();
        let f = fields(e);
        for want in [
            "scope",
            "network.addresses",
            "security.plan",
            "evidence.assessment-report",
            "evidence.djcp",
            "evidence.mp",
        ] {
            assert!(f.contains(&want.to_string()), "{}: {want} in {f:?}", t.name);
        }

        let scope = vec!["service-items".to_string(), "operations".to_string()];
        application::save(db, &w.operator, id, &scope, &plan())
            .await
            .unwrap();
        // a file is judged by its content, whatever its name says
        let e = evidence::upload(
            db,
            &w.operator,
            id,
            &cert("mp", "", "2027-12-31"),
            "证书.pdf",
            b"MZ\x90\x00 not a pdf",
        )
        .await
        .unwrap_err();
        assert_eq!(fields(e), ["file"]);
        let report = Meta {
            kind: "assessment-report".into(),
            issuer: "浙江省信息安全测评中心".into(),
            ..Default::default()
        };
        evidence::upload(db, &w.operator, id, &report, "符合性报告.pdf", PDF)
            .await
            .unwrap();
        evidence::upload(
            db,
            &w.operator,
            id,
            &cert("djcp", "2", "2027-12-31"),
            "等保.pdf",
            PDF,
        )
        .await
        .unwrap();
        evidence::upload(
            db,
            &w.operator,
            id,
            &cert("mp", "", "2027-12-31"),
            "密评.pdf",
            PDF,
        )
        .await
        .unwrap();
        // submission checks what approval checks (issue #16: a level-2
        // certificate of a city platform was accepted on submission and only
        // the reviewer's approval refused it)
        let e = application::act(db, &w.operator, id, Action::Submit, "")
            .await
            .unwrap_err();
        match e {
            Error::Validation(v) => {
                assert_eq!(v.len(), 1, "{}: {v:?}", t.name);
                assert_eq!(
                    (v[0].field.as_str(), v[0].code.as_str()),
                    ("evidence.djcp", "cert.level_too_low")
                );
            }
            other => panic!("{}: {other:?}", t.name),
        }
        evidence::upload(
            db,
            &w.operator,
            id,
            &cert("djcp", "3", "2027-12-31"),
            "等保.pdf",
            PDF,
        )
        .await
        .unwrap();
        #[derive(sqlx::FromRow)]
        struct N {
            n: i64,
        }
        let files: N = db
            .fetch_one(
                "select count(*) as n from files where sha256 = $1",
                &gsp_domain::vals![gsp_domain::files::sha256_hex(PDF)],
            )
            .await
            .unwrap();
        assert_eq!(files.n, 1, "{}: identical content is stored once", t.name);

        assert_eq!(
            application::act(db, &w.operator, id, Action::Submit, "")
                .await
                .unwrap(),
            State::Submitted
        );
        // the draft is no longer editable
        assert!(matches!(
            application::save(db, &w.operator, id, &scope, &plan()).await,
            Err(Error::InvalidTransition(_))
        ));

        // another organisation's operator finds nothing, by any door
        assert!(matches!(
            application::get(db, &w.stranger, id).await,
            Err(Error::NotFound(_))
        ));
        assert!(matches!(
            application::save(db, &w.stranger, id, &scope, &plan()).await,
            Err(Error::NotFound(_))
        ));
        assert!(matches!(
            application::act(db, &w.stranger, id, Action::Submit, "").await,
            Err(Error::NotFound(_))
        ));
        let (theirs, _) = application::list(db, &w.stranger, &Default::default(), None, 50)
            .await
            .unwrap();
        assert!(theirs.iter().all(|a| a.id != id));
        let ev = evidence::active(db, &w.reviewer, id).await.unwrap();
        assert!(matches!(
            evidence::download(db, &w.stranger, ev[0].id).await,
            Err(Error::NotFound(_))
        ));
        // the operator cannot review its own application
        assert!(matches!(
            application::act(db, &w.operator, id, Action::StartReview, "").await,
            Err(Error::Forbidden)
        ));

        application::act(db, &w.reviewer, id, Action::StartReview, "")
            .await
            .unwrap();
        application::comment(db, &w.reviewer, id, "network", "请补充备用链路地址段")
            .await
            .unwrap();
        let e = application::act(db, &w.reviewer, id, Action::Return, " ")
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["reason"]);
        assert_eq!(
            application::act(db, &w.reviewer, id, Action::Return, "网络与等保证书需修改")
                .await
                .unwrap(),
            State::Returned
        );

        // the operator fixes the network section and the certificate
        let mut fixed = plan();
        fixed.network.addresses.push("59.202.11.0/24".into());
        application::save(db, &w.operator, id, &scope, &fixed)
            .await
            .unwrap();
        evidence::upload(
            db,
            &w.operator,
            id,
            &cert("djcp", "4", "2027-12-31"),
            "等保四级.pdf",
            b"%PDF-1.7 level 4",
        )
        .await
        .unwrap();
        application::act(db, &w.operator, id, Action::Submit, "已补充")
            .await
            .unwrap();
        application::act(db, &w.reviewer, id, Action::StartReview, "")
            .await
            .unwrap();
        let changes = application::changes_since_return(db, &w.reviewer, id)
            .await
            .unwrap();
        let changed: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert!(
            changed.contains(&"network.addresses"),
            "{}: {changed:?}",
            t.name
        );
        assert!(changed.contains(&"evidence.djcp.cert_level"), "{changed:?}");
        assert!(
            !changed.iter().any(|c| c.starts_with("security")),
            "{changed:?}"
        );
        assert_eq!(
            application::act(db, &w.reviewer, id, Action::Approve, "材料齐全")
                .await
                .unwrap(),
            State::Approved
        );

        // credentials: the security administrator issues them, nobody else
        let cipher = Cipher::from_hex(&"42".repeat(32)).unwrap();
        assert!(matches!(
            credential::issue(db, &w.reviewer, &cipher, w.hangzhou, 365).await,
            Err(Error::Forbidden)
        ));
        let issued = credential::issue(db, &w.secadmin, &cipher, w.hangzhou, 365)
            .await
            .unwrap();
        assert_eq!(issued.scopes, scope);
        assert_eq!(issued.ip_allowlist, ["59.202.10.0/24", "59.202.11.0/24"]);
        let (row, secret) = credential::secret(db, &cipher, &issued.key_id)
            .await
            .unwrap();
        assert_eq!(secret, issued.secret.as_bytes());
        #[derive(sqlx::FromRow)]
        struct Enc {
            secret_enc: String,
        }
        let enc: Enc = db
            .fetch_one(
                "select secret_enc from credentials where key_id = $1",
                &gsp_domain::vals![&issued.key_id],
            )
            .await
            .unwrap();
        assert!(!enc.secret_enc.contains(&issued.secret), "stored encrypted");
        let rotated = credential::rotate(db, &w.secadmin, &cipher, row.id, 24)
            .await
            .unwrap();
        let list = credential::list(db, &w.secadmin, w.hangzhou).await.unwrap();
        let old = list.iter().find(|c| c.key_id == issued.key_id).unwrap();
        let new = list.iter().find(|c| c.key_id == rotated.key_id).unwrap();
        let now = gsp_domain::time::now();
        assert_eq!((old.status(now), new.status(now)), ("active", "active"));
        assert!(old.expires_at <= now + chrono::Duration::hours(24));
        assert_eq!(new.rotated_from, Some(old.id));
        assert!(
            fields(
                credential::revoke(db, &w.secadmin, old.id, "")
                    .await
                    .unwrap_err()
            ) == ["reason"]
        );
        credential::revoke(db, &w.secadmin, old.id, "轮换完成")
            .await
            .unwrap();
        let list = credential::list(db, &w.secadmin, w.hangzhou).await.unwrap();
        assert_eq!(
            list.iter()
                .find(|c| c.key_id == issued.key_id)
                .unwrap()
                .status(now),
            "revoked"
        );

        // the rest of the way to connected, then a suspension
        application::act(db, &w.operator, id, Action::MarkEnvReady, "")
            .await
            .unwrap();
        application::act(db, &w.reviewer, id, Action::StartDebugging, "")
            .await
            .unwrap();
        application::act(db, &w.reviewer, id, Action::Connect, "联调通过")
            .await
            .unwrap();
        // the application's own actions do not suspend (R-6.9.4.3 has one way)
        assert!(
            application::act(db, &w.supervisor, id, Action::Suspend, "接口大量报错")
                .await
                .is_err()
        );
        gsp_domain::providers::suspension::suspend(
            db,
            &w.supervisor,
            gsp_domain::providers::suspension::Target::Party(w.hangzhou),
            &gsp_domain::providers::suspension::Order {
                severity: "critical".into(),
                reason: "接口大量报错".into(),
                alarm_ref: String::new(),
            },
        )
        .await
        .unwrap();
        let (ps, _) = party::list(
            db,
            &w.reviewer,
            &Filter {
                q: Some("杭州市政务服务平台".into()),
                ..Default::default()
            },
            None,
            5,
        )
        .await
        .unwrap();
        assert_eq!(ps[0].status, "suspended", "{}", t.name);
        assert!(matches!(
            credential::issue(db, &w.secadmin, &cipher, w.hangzhou, 365).await,
            Err(Error::Validation(_))
        ));

        // the timeline shows every step, the downloads are audited, the chain holds
        let tl = application::timeline(db, &w.operator, id).await.unwrap();
        let steps: Vec<&str> = tl.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            steps,
            [
                "create",
                "upload",
                "upload",
                "upload",
                "upload",
                "submit",
                "start-review",
                "comment",
                "return",
                "upload",
                "submit",
                "start-review",
                "approve",
                "env-ready",
                "start-debugging",
                "connect",
                "suspend"
            ],
            "{}",
            t.name
        );
        assert_eq!(tl[7].section.as_deref(), Some("network"));
        let ev = evidence::active(db, &w.reviewer, id).await.unwrap();
        let (got, bytes) = evidence::download(db, &w.reviewer, ev[0].id).await.unwrap();
        assert_eq!(gsp_domain::files::sha256_hex(&bytes), got.sha256);
        let actions = audit::actions(db).await.unwrap();
        for a in [
            "application.create",
            "application.save",
            "evidence.upload",
            "application.submit",
            "application.return",
            "application.comment",
            "application.approve",
            "credential.issue",
            "credential.rotate",
            "credential.revoke",
            "evidence.download",
        ] {
            assert!(actions.contains(&a.to_string()), "{}: {a}", t.name);
        }
        assert!(audit::verify(db).await.unwrap().ok());
    }
}

#[tokio::test]
async fn expired_certificates_mark_the_party_for_rectification() {
    for t in common::all().await {
        let db = &t.db;
        let w = world(db).await;
        let (id, _) = application::create(db, &w.operator, w.hangzhou)
            .await
            .unwrap();
        application::save(db, &w.operator, id, &["portal".to_string()], &plan())
            .await
            .unwrap();
        let report = Meta {
            kind: "assessment-report".into(),
            issuer: "测评中心".into(),
            ..Default::default()
        };
        evidence::upload(db, &w.operator, id, &report, "r.pdf", PDF)
            .await
            .unwrap();
        evidence::upload(
            db,
            &w.operator,
            id,
            &cert("djcp", "3", &gsp_domain::time::today_plus(20)),
            "d.pdf",
            PDF,
        )
        .await
        .unwrap();
        evidence::upload(
            db,
            &w.operator,
            id,
            &cert("mp", "", &gsp_domain::time::today_plus(-1)),
            "m.pdf",
            PDF,
        )
        .await
        .unwrap();
        // submission refuses an expired certificate, as approval does
        assert_eq!(
            fields(
                application::act(db, &w.operator, id, Action::Submit, "")
                    .await
                    .unwrap_err()
            ),
            ["evidence.mp"]
        );
        evidence::upload(
            db,
            &w.operator,
            id,
            &cert("mp", "", &gsp_domain::time::today_plus(1)),
            "m.pdf",
            PDF,
        )
        .await
        .unwrap();
        let hz = |ps: Vec<party::PartyRow>| ps.into_iter().find(|p| p.id == w.hangzhou).unwrap();
        let (ps, _) = party::list(db, &w.reviewer, &Filter::default(), None, 100)
            .await
            .unwrap();
        assert!(
            !hz(ps).rectification,
            "{}: a draft's certificates do not count yet",
            t.name
        );

        application::act(db, &w.operator, id, Action::Submit, "")
            .await
            .unwrap();
        // a day later the 密评 certificate has expired
        db.execute(
            "update evidence set valid_until = $1 where application_id = $2 and kind = 'mp' and active = $3",
            &gsp_domain::vals![gsp_domain::time::today_plus(-1), id, true],
        )
        .await
        .unwrap();
        let (ps, _) = party::list(db, &w.reviewer, &Filter::default(), None, 100)
            .await
            .unwrap();
        assert!(hz(ps).rectification, "{}", t.name);
        let soon = evidence::expiring(db, &w.reviewer, 30).await.unwrap();
        let kinds: Vec<&str> = soon
            .iter()
            .filter(|c| c.application_id == id)
            .map(|c| c.kind.as_str())
            .collect();
        assert_eq!(kinds, ["mp", "djcp"], "{}: soonest first", t.name);
        // operators see their own organisation's certificates only
        assert!(evidence::expiring(db, &w.stranger, 30)
            .await
            .unwrap()
            .iter()
            .all(|c| c.party_id != w.hangzhou));
        // an expired certificate blocks approval
        application::act(db, &w.reviewer, id, Action::StartReview, "")
            .await
            .unwrap();
        assert_eq!(
            fields(
                application::act(db, &w.reviewer, id, Action::Approve, "")
                    .await
                    .unwrap_err()
            ),
            ["evidence.mp"]
        );
    }
}
