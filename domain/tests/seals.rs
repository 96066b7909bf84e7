//! Electronic seals on both engines: registration with a certificate, the
//! docking flow, making units, filings one rule at a time, uniqueness,
//! refusals of unregistered or suspended systems, revocation, and whether a
//! seal was valid at a point in time.

mod common;

use chrono::Duration;
use gsp_domain::actor::ActorKind;
use gsp_domain::seals::{self, Filing, NewSystem, NewUnit};
use gsp_domain::{demo, vals, Actor, Error, Role};

const P256: &str = r"-----BEGIN CERTIFICATE-----
MIIBlzCCAT2gAwIBAgIUKqKZz54mf44/i2CkO6mFyAW7y6gwCgYIKoZIzj0EAwIw
ITELMAkGA1UEBhMCQ04xEjAQBgNVBAMMCVAyNTYgdGVzdDAeFw0yNjExMjgyMDM4
MzVaFw0zNjExMjUyMDM4MzVaMCExCzAJBgNVBAYTAkNOMRIwEAYDVQQDDAlQMjU2
IHRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASgJ8BOwzjZBccCW6rybqjn
VRH2c5ghcoeZ35SABAKa7QJIAUada6PhUk9PesI/vwDMpR1oH15Lxm2EcqwvGwgx
o1MwUTAdBgNVHQ4EFgQUfxx4qLjpE4Y5V49r7Z5xpMWPXtAwHwYDVR0jBBgwFoAU
fxx4qLjpE4Y5V49r7Z5xpMWPXtAwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
AgNIADBFAiEA9/CcN8Rml7Gc/pJ+mF15gmpVfTJdKtpSmYQaPe2/mhsCICpC1I3I
VHNcAEVOOUeAWm8A2T6qOqqy9J/nqxG5GSkx
-----END CERTIFICATE-----";

fn staff(role: Role) -> Actor {
    let mut a = Actor::system("staff");
    a.kind = ActorKind::Account;
    a.roles = vec![role];
    a
}

#[tokio::test]
async fn seals_are_registered_filed_checked_and_revoked() {
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
        let mut op = staff(Role::PartyOperator);
        op.organisation_id = Some(p.organisation_id);
        let sys = NewSystem {
            kind: "making".into(),
            name: "余姚印章制作系统".into(),
            vendor: "示例厂商".into(),
            vendor_id: "YY-MAKER".into(),
            version: "1.0".into(),
            deployment: "政务云".into(),
        };
        // the certificate must be readable and SM2
        let field = |r: gsp_domain::error::Result<uuid::Uuid>| match r {
            Err(Error::Validation(e)) => e[0].code.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(seals::register_system(db, &op, p.id, &sys, "x.pem", b"junk").await),
            "seal.cert_unreadable"
        );
        assert_eq!(
            field(seals::register_system(db, &op, p.id, &sys, "x.pem", P256.as_bytes()).await),
            "seal.cert_not_sm2"
        );
        let dup = NewSystem {
            vendor_id: "NB-SEAL-MAKER".into(),
            ..sys.clone()
        };
        assert_eq!(
            field(
                seals::register_system(
                    db,
                    &op,
                    p.id,
                    &dup,
                    "x.pem",
                    demo::SEAL_CERTS[0].as_bytes()
                )
                .await
            ),
            "seal.vendor_id_taken"
        );
        let id =
            seals::register_system(db, &op, p.id, &sys, "x.pem", demo::SEAL_CERTS[0].as_bytes())
                .await
                .unwrap();
        let rows = seals::systems(db, &staff(Role::Reviewer)).await.unwrap();
        let mine = rows.iter().find(|s| s.id == id).unwrap();
        assert_eq!(
            (mine.state.as_str(), mine.cert_algorithm.as_str()),
            ("registered", "SM2-with-SM3"),
            "{}",
            t.name
        );
        assert!(mine.cert_subject.contains("城市印章制作系统"));

        // a making unit: every failing field named; then registered
        let bad = NewUnit {
            name: " ".into(),
            uscc: "123".into(),
            qualification: String::new(),
            qualification_until: "明年".into(),
            system_id: None,
        };
        let Err(Error::Validation(e)) =
            seals::register_unit(db, &op, p.id, &bad, "x.txt", b"plain text").await
        else {
            panic!()
        };
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "uscc",
                "qualification",
                "qualification_until",
                "system_id",
                "designation"
            ]
        );
        let unit = NewUnit {
            name: "余姚新立印章社".into(),
            uscc: "91330100MA2BCDE12N".into(),
            qualification: "印章刻制许可".into(),
            qualification_until: "2030-12-31".into(),
            system_id: Some(id),
        };
        seals::register_unit(db, &op, p.id, &unit, "指定.pdf", b"%PDF-1.4 designation")
            .await
            .unwrap();
        assert!(
            matches!(seals::register_unit(db, &op, p.id, &unit, "指定.pdf", b"%PDF-1.4 designation").await, Err(Error::Validation(e)) if e[0].code == "seal.unit_exists")
        );
        // a filing by this system before it is connected is refused and listed
        let now = chrono::Utc::now();
        let unit_uscc = seals::units(db, &staff(Role::Supervisor))
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.name == "宁波甬印印章有限公司")
            .unwrap()
            .uscc;
        let base = Filing {
            es_id: "330200YY0001".into(),
            name: "宁波测试有限公司".into(),
            seal_type: "official".into(),
            owner_name: "宁波测试有限公司".into(),
            owner_uscc: "91330100MA2BCDE12N".into(),
            making_unit_uscc: unit_uscc.clone(),
            maker_system: "YY-MAKER".into(),
            signer_certs: vec!["ABCDEF0123".into()],
            made_at: Some(now),
            valid_from: Some(now - Duration::days(1)),
            valid_to: Some(now + Duration::days(365)),
            image: demo::SEAL_PNG.into(),
            maker_cert_serial: "ABCDEF0123".into(),
            signature_algorithm: "SM2".into(),
        };
        let system = Actor::system("maker");
        let out = seals::file(db, &system, p.id, std::slice::from_ref(&base))
            .await
            .unwrap();
        assert_eq!(
            (out[0].outcome.code(), out[0].errors[0].code.as_str()),
            ("refused", "seal.system_not_connected")
        );
        assert_eq!(
            seals::refusals(db, &staff(Role::Supervisor), None, 50)
                .await
                .unwrap()
                .0[0]
                .vendor_id,
            "YY-MAKER"
        );
        seals::act_on_system(db, &staff(Role::Reviewer), id, "approve", "")
            .await
            .unwrap();
        assert!(
            seals::act_on_system(db, &staff(Role::Supervisor), id, "connect", "")
                .await
                .is_err(),
            "the reviewer connects"
        );
        seals::act_on_system(db, &staff(Role::Reviewer), id, "connect", "")
            .await
            .unwrap();
        let out = seals::file(db, &system, p.id, std::slice::from_ref(&base))
            .await
            .unwrap();
        assert_eq!(out[0].outcome, "filed", "{:?}", out[0].errors);
        let filed = chrono::Utc::now();
        assert!(
            !seals::validity(db, "330200YY0001", now)
                .await
                .unwrap()
                .filed,
            "not filed yet at an earlier time"
        );

        // a seal id once; one active official seal per organisation; an expired unit files nothing
        let again = seals::file(
            db,
            &system,
            p.id,
            &[
                base.clone(),
                Filing {
                    es_id: "330200YY0002".into(),
                    ..base.clone()
                },
                Filing {
                    es_id: "330200YY0003".into(),
                    seal_type: "finance".into(),
                    ..base.clone()
                },
            ],
        )
        .await
        .unwrap();
        let codes: Vec<(&str, String)> = again
            .iter()
            .map(|r| {
                (
                    r.outcome.code(),
                    r.errors.first().map(|e| e.code.clone()).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            codes,
            [
                ("refused", "seal.es_id_taken".to_string()),
                ("refused", "seal.official_exists".to_string()),
                ("filed", String::new())
            ]
        );

        // the same rules hold between the records of one batch (issue #15:
        // the batch's references are read once, the batch's own filings
        // count as it goes)
        let first17 = "91330100MA2BCDE99";
        let other_owner = format!(
            "{first17}{}",
            gsp_domain::access::organisation::uscc_check_char(first17).unwrap()
        );
        let within = seals::file(
            db,
            &system,
            p.id,
            &[
                Filing {
                    es_id: "330200YY0101".into(),
                    owner_uscc: other_owner.clone(),
                    ..base.clone()
                },
                Filing {
                    es_id: "330200YY0101".into(),
                    seal_type: "finance".into(),
                    owner_uscc: other_owner.clone(),
                    ..base.clone()
                },
                Filing {
                    es_id: "330200YY0102".into(),
                    owner_uscc: other_owner.clone(),
                    ..base.clone()
                },
            ],
        )
        .await
        .unwrap();
        let codes: Vec<(&str, String)> = within
            .iter()
            .map(|r| {
                (
                    r.outcome.code(),
                    r.errors.first().map(|e| e.code.clone()).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            codes,
            [
                ("filed", String::new()),
                ("refused", "seal.es_id_taken".to_string()),
                ("refused", "seal.official_exists".to_string()),
            ]
        );
        db.execute(
            "update seal_units set qualification_until = $1 where uscc = $2",
            &vals!["2020-01-01", &unit_uscc],
        )
        .await
        .unwrap();
        let expired = seals::file(
            db,
            &system,
            p.id,
            &[Filing {
                es_id: "330200YY0004".into(),
                seal_type: "contract".into(),
                ..base.clone()
            }],
        )
        .await
        .unwrap();
        assert_eq!(expired[0].errors[0].code, "seal.unit_expired");

        // validity at a point in time, before and after a revocation
        let v = seals::validity(db, "330200YY0001", filed).await.unwrap();
        assert!(v.filed && v.valid, "{v:?}");
        assert!(
            !seals::validity(db, "330200YY0001", filed + Duration::days(400))
                .await
                .unwrap()
                .valid,
            "after its validity"
        );
        assert!(!seals::validity(db, "NOPE", now).await.unwrap().filed);
        assert!(matches!(
            seals::change_state(db, &staff(Role::Reviewer), "330200YY0001", "revoked", "x").await,
            Err(Error::Forbidden)
        ));
        assert!(
            seals::change_state(db, &staff(Role::Supervisor), "330200YY0001", "revoked", " ")
                .await
                .is_err()
        );
        seals::change_state(
            db,
            &staff(Role::Supervisor),
            "330200YY0001",
            "revoked",
            "企业注销",
        )
        .await
        .unwrap();
        let later = chrono::Utc::now() + Duration::seconds(1);
        assert!(
            !seals::validity(db, "330200YY0001", later)
                .await
                .unwrap()
                .valid
        );
        assert!(
            seals::validity(db, "330200YY0001", filed)
                .await
                .unwrap()
                .valid,
            "it was valid before the revocation"
        );
        // a revoked official seal frees the way for a new one
        let out = seals::file(
            db,
            &system,
            p.id,
            &[Filing {
                es_id: "330200YY0005".into(),
                making_unit_uscc: seals::units(db, &staff(Role::Supervisor))
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|u| u.name == "余姚市金石刻字社")
                    .unwrap()
                    .uscc,
                ..base.clone()
            }],
        )
        .await
        .unwrap();
        assert_eq!(out[0].outcome, "filed", "{:?}", out[0].errors);
        // a suspended system's filings are refused
        seals::act_on_system(db, &staff(Role::Supervisor), id, "suspend", "证书吊销核查")
            .await
            .unwrap();
        let out = seals::file(
            db,
            &system,
            p.id,
            &[Filing {
                es_id: "330200YY0006".into(),
                seal_type: "business".into(),
                ..base.clone()
            }],
        )
        .await
        .unwrap();
        assert_eq!(out[0].errors[0].code, "seal.system_suspended");
        // the demo's seals and units are there; operators of other organisations see none
        // pages of 50 reach every seal once, newest filing first (issue #16:
        // the list stopped at 200 with no pager and no notice)
        #[derive(sqlx::FromRow)]
        struct N {
            n: i64,
        }
        let total: N = db
            .fetch_one("select count(*) as n from seals", &[])
            .await
            .unwrap();
        assert!(total.n > 200, "{}: {} seals", t.name, total.n);
        let sup = staff(Role::Supervisor);
        let (mut seen, mut after, mut pages) = (Vec::new(), None::<String>, 0);
        loop {
            let (page, next) = seals::seals(db, &sup, &Default::default(), after.as_deref(), 50)
                .await
                .unwrap();
            assert!(page.len() <= 50);
            seen.extend(page);
            pages += 1;
            match next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(
            seen.len() as i64,
            total.n,
            "{}: every seal on some page",
            t.name
        );
        assert_eq!(pages, (total.n + 49) / 50);
        let mut ids: Vec<&str> = seen.iter().map(|s| s.es_id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), seen.len(), "{}: no seal twice", t.name);
        assert!(seen.windows(2).all(|w| w[0].filed_at > w[1].filed_at
            || (w[0].filed_at == w[1].filed_at && w[0].es_id < w[1].es_id)));
        let mut other = staff(Role::PartyOperator);
        other.organisation_id = Some(uuid::Uuid::now_v7());
        assert!(seals::seals(db, &other, &Default::default(), None, 50)
            .await
            .unwrap()
            .0
            .is_empty());
        assert!(gsp_domain::security::audit::verify(db).await.unwrap().ok());
    }
}
