//! Service tests, each run on SQLite and on PostgreSQL.

mod common;

use chrono::Duration;
use gsp_domain::security::account;
use gsp_domain::security::audit::{self, Problem};
use gsp_domain::security::auth::{self, Origin, SignInError};
use gsp_domain::security::session::{self, Stage};
use gsp_domain::time::now;
use gsp_domain::{demo, security::totp, vals, Actor, Error, Role};

fn origin() -> Origin {
    Origin {
        ip: "127.0.0.1".into(),
        user_agent: "test".into(),
        request_id: "req-1".into(),
    }
}

async fn actor(db: &gsp_domain::Db, username: &str, password: &str, secret: Option<&str>) -> Actor {
    let step = auth::sign_in(db, username, password, &origin())
        .await
        .unwrap();
    let token = match step.stage {
        Stage::Full => step.token,
        Stage::Totp => {
            let code = totp::code_at(secret.unwrap(), now().timestamp()).unwrap();
            auth::verify_totp(db, &step.token, &code, &origin())
                .await
                .unwrap()
                .token
        }
        s => panic!("unexpected stage {s:?}"),
    };
    session::actor_for(db, &token, "127.0.0.1", "req")
        .await
        .unwrap()
        .0
}

fn demo_pw(u: &str) -> (&'static str, Option<&'static str>) {
    let a = demo::ACCOUNTS.iter().find(|a| a.username == u).unwrap();
    (a.password, a.totp_secret)
}

async fn demo_actor(db: &gsp_domain::Db, u: &str) -> Actor {
    let (pw, secret) = demo_pw(u);
    actor(db, u, pw, secret).await
}

#[tokio::test]
async fn first_sign_in_forces_password_change_and_totp_enrolment() {
    for t in common::all().await {
        let db = &t.db;
        let (_, otp) = account::create(
            db,
            &Actor::system("cli"),
            "root",
            "Root",
            &[Role::SystemAdmin],
            None,
            None,
        )
        .await
        .unwrap();
        let step = auth::sign_in(db, "root", &otp, &origin()).await.unwrap();
        assert_eq!(step.stage, Stage::ChangePassword, "{}", t.name);
        // the pending session is not a signed-in session
        assert!(matches!(
            session::actor_for(db, &step.token, "", "").await,
            Err(Error::Unauthenticated)
        ));
        let weak = auth::change_password(db, &step.token, "short", "short", &origin()).await;
        assert!(
            matches!(weak, Err(SignInError::Invalid(ref e)) if e[0].field == "new_password"),
            "{weak:?}"
        );
        let step2 =
            auth::change_password(db, &step.token, "New-Passw0rd!", "New-Passw0rd!", &origin())
                .await
                .unwrap();
        assert_eq!(step2.stage, Stage::Enrol);
        assert_ne!(step2.token, step.token, "session id rotated");
        // the old token is gone
        assert!(matches!(
            auth::pending(db, &step.token, Stage::ChangePassword).await,
            Err(SignInError::Expired)
        ));
        let (secret, uri, svg) = auth::enrolment(db, &step2.token, "GSP").await.unwrap();
        assert!(uri.contains(&secret));
        assert!(svg.contains("<svg"));
        let bad = auth::confirm_enrolment(db, &step2.token, "000000", &origin()).await;
        let code = totp::code_at(&secret, now().timestamp()).unwrap();
        if code != "000000" {
            assert!(matches!(bad, Err(SignInError::BadCode)));
        }
        let full = auth::confirm_enrolment(db, &step2.token, &code, &origin())
            .await
            .unwrap();
        assert_eq!(full.stage, Stage::Full);
        let (a, _) = session::actor_for(db, &full.token, "127.0.0.1", "r")
            .await
            .unwrap();
        assert_eq!(a.roles, vec![Role::SystemAdmin]);
        let (rows, _) = audit::list(db, &Default::default(), None, false, 100)
            .await
            .unwrap();
        let actions: Vec<_> = rows.iter().map(|r| r.action.as_str()).collect();
        for expected in [
            "account.create",
            "account.change_password",
            "account.enrol_totp",
            "auth.sign_in",
        ] {
            assert!(
                actions.contains(&expected),
                "{} missing {expected}: {actions:?}",
                t.name
            );
        }
        // next sign-in asks for the code, and the code just used is refused (no replay)
        let again = auth::sign_in(db, "root", "New-Passw0rd!", &origin())
            .await
            .unwrap();
        assert_eq!(again.stage, Stage::Totp);
        assert!(matches!(
            auth::verify_totp(db, &again.token, &code, &origin()).await,
            Err(SignInError::BadCode)
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_guesses_cannot_pass_the_lockout() {
    // issue #14.3: 40 simultaneous sign-ins, 39 wrong and the right one
    // last; at most five secrets are checked, whatever the interleaving
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..40 {
            let db = db.clone();
            let pw = if i == 39 {
                "Demo-Review-2026!"
            } else {
                "Wrong-Password-1"
            };
            tasks.push(tokio::spawn(async move {
                auth::sign_in(&db, "reviewer", pw, &origin()).await
            }));
        }
        let mut signed_in = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => signed_in += 1,
                // a wrong password checked, or refused once the account locked
                Err(SignInError::BadCredentials | SignInError::Locked { .. }) => {}
                Err(e) => panic!("{}: {e:?}", t.name),
            }
        }
        // each checked wrong password is audited as checked
        let (rows, _) = audit::list(db, &Default::default(), None, false, 200)
            .await
            .unwrap();
        let checked = signed_in
            + rows
                .iter()
                .filter(|r| r.changes.contains("\"checked\":true"))
                .count();
        assert!(checked <= 5, "{}: {checked} passwords were checked", t.name);
        assert!(checked >= 1, "{}: the first attempts are checked", t.name);
        // unless the right password happened to be among the first five
        // checked, the burst ends with the account locked
        if signed_in == 0 {
            let r = auth::sign_in(db, "reviewer", "Demo-Review-2026!", &origin()).await;
            assert!(
                matches!(r, Err(SignInError::Locked { .. })),
                "{}: {r:?}",
                t.name
            );
        }
        assert!(audit::verify(db).await.unwrap().ok());
    }
}

#[tokio::test]
async fn five_failures_lock_the_account() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        for i in 0..4 {
            let r = auth::sign_in(db, "reviewer", "Wrong-Password-1", &origin()).await;
            assert_eq!(r.unwrap_err(), SignInError::BadCredentials, "attempt {i}");
        }
        let r = auth::sign_in(db, "reviewer", "Wrong-Password-1", &origin()).await;
        assert!(
            matches!(r, Err(SignInError::Locked { .. })),
            "{}: {r:?}",
            t.name
        );
        // the right password is refused while locked
        let r = auth::sign_in(db, "reviewer", "Demo-Review-2026!", &origin()).await;
        assert!(matches!(r, Err(SignInError::Locked { .. })));
        // after 15 minutes it works again
        db.execute(
            "update accounts set locked_until = $1 where username = 'reviewer'",
            &vals![now() - Duration::seconds(1)],
        )
        .await
        .unwrap();
        let r = auth::sign_in(db, "reviewer", "Demo-Review-2026!", &origin())
            .await
            .unwrap();
        assert_eq!(r.stage, Stage::Full);
        let (rows, _) = audit::list(db, &Default::default(), None, false, 200)
            .await
            .unwrap();
        assert!(rows.iter().any(|r| r.action == "auth.locked"));
        assert_eq!(
            rows.iter()
                .filter(|r| r.action == "auth.sign_in_failed")
                .count(),
            4
        );
        assert!(audit::verify(db).await.unwrap().ok());
    }
}

#[tokio::test]
async fn idle_sessions_end_and_sign_out_ends_the_session() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let s = auth::sign_in(db, "supervisor", "Demo-Super-2026!", &origin())
            .await
            .unwrap();
        assert!(session::actor_for(db, &s.token, "", "").await.is_ok());
        db.execute(
            "update sessions set last_seen_at = $1",
            &vals![now() - Duration::minutes(31)],
        )
        .await
        .unwrap();
        assert!(
            session::actor_for(db, &s.token, "", "").await.is_err(),
            "{}",
            t.name
        );
        let s = auth::sign_in(db, "supervisor", "Demo-Super-2026!", &origin())
            .await
            .unwrap();
        session::sign_out(db, &s.token, "", "").await.unwrap();
        assert!(session::actor_for(db, &s.token, "", "").await.is_err());
    }
}

#[tokio::test]
async fn sessions_end_after_twelve_hours_and_an_account_keeps_five() {
    // issue #14.7: an absolute lifetime besides the idle one, and a limit
    // of concurrent sessions per account (the defaults)
    assert_eq!(session::limits(), session::Limits::default());
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let busy = auth::sign_in(db, "supervisor", "Demo-Super-2026!", &origin())
            .await
            .unwrap();
        // busy all the time, but signed in 12 hours and a minute ago
        db.execute(
            "update sessions set created_at = $1, last_seen_at = $2",
            &vals![now() - Duration::hours(12) - Duration::minutes(1), now()],
        )
        .await
        .unwrap();
        assert!(
            session::actor_for(db, &busy.token, "", "").await.is_err(),
            "{}",
            t.name
        );
        // six sign-ins: the first one ends when the sixth begins
        let mut tokens = Vec::new();
        for _ in 0..6 {
            tokens.push(
                auth::sign_in(db, "supervisor", "Demo-Super-2026!", &origin())
                    .await
                    .unwrap()
                    .token,
            );
        }
        assert!(
            session::actor_for(db, &tokens[0], "", "").await.is_err(),
            "{}",
            t.name
        );
        for tok in &tokens[1..] {
            assert!(
                session::actor_for(db, tok, "", "").await.is_ok(),
                "{}",
                t.name
            );
        }
        let (rows, _) = audit::list(db, &Default::default(), None, false, 5)
            .await
            .unwrap();
        assert!(
            rows[0].changes.contains("ended_oldest_sessions"),
            "{}",
            rows[0].changes
        );
    }
}

#[tokio::test]
async fn roles_are_assigned_by_the_security_administrator_only() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let sys = demo_actor(db, "sysadmin").await;
        let sec = demo_actor(db, "secadmin").await;
        let aud = demo_actor(db, "auditor").await;
        let (id, otp) = account::create(db, &sys, "zhangwei", "张伟", &[], None, None)
            .await
            .unwrap();
        assert!(otp.len() >= 10);
        // the system administrator cannot assign roles
        assert!(matches!(
            account::set_roles(db, &sys, id, &[Role::Reviewer], None, "需要").await,
            Err(Error::Forbidden)
        ));
        // the audit administrator cannot create accounts
        assert!(matches!(
            account::create(db, &aud, "lisi", "李四", &[], None, None).await,
            Err(Error::Forbidden)
        ));
        // forbidden combination is refused and nothing is stored
        let before = audit::list(db, &Default::default(), None, false, 1)
            .await
            .unwrap()
            .0[0]
            .seq;
        let r = account::set_roles(
            db,
            &sec,
            id,
            &[Role::SystemAdmin, Role::AuditAdmin],
            None,
            "测试",
        )
        .await;
        assert!(
            matches!(r, Err(Error::Validation(ref e)) if e[0].code == "roles.system_and_audit"),
            "{r:?}"
        );
        assert_eq!(account::roles_of(db, id).await.unwrap(), vec![]);
        assert_eq!(
            audit::list(db, &Default::default(), None, false, 1)
                .await
                .unwrap()
                .0[0]
                .seq,
            before
        );
        // a reason is required
        assert!(matches!(
            account::set_roles(db, &sec, id, &[Role::Reviewer], None, " ").await,
            Err(Error::Validation(ref e)) if e[0].field == "reason"
        ));
        account::set_roles(db, &sec, id, &[Role::Reviewer], None, "新入职审核员")
            .await
            .unwrap();
        assert_eq!(
            account::roles_of(db, id).await.unwrap(),
            vec![Role::Reviewer]
        );
        let last = &audit::list(db, &Default::default(), None, false, 1)
            .await
            .unwrap()
            .0[0];
        assert_eq!(last.action, "account.set_roles");
        assert_eq!(last.reason, "新入职审核员");
        assert_eq!(last.actor_name, "secadmin");
        // nobody changes their own roles
        let own = account::set_roles(
            db,
            &sec,
            sec.id.parse().unwrap(),
            &[Role::Reviewer],
            None,
            "x",
        )
        .await;
        assert!(own.is_err());
        // duplicate username names the field
        let dup = account::create(db, &sys, "zhangwei", "张伟", &[], None, None).await;
        assert!(
            matches!(dup, Err(Error::Validation(ref e)) if e[0].field == "username"),
            "{dup:?}"
        );
        // disabling ends sessions; the disabled account cannot sign in
        let s = auth::sign_in(db, "reviewer", "Demo-Review-2026!", &origin())
            .await
            .unwrap();
        let rid = account::find_by_username(db, "reviewer")
            .await
            .unwrap()
            .unwrap()
            .id;
        account::set_disabled(db, &sys, rid, true, "离职")
            .await
            .unwrap();
        assert!(session::actor_for(db, &s.token, "", "").await.is_err());
        assert_eq!(
            auth::sign_in(db, "reviewer", "Demo-Review-2026!", &origin())
                .await
                .unwrap_err(),
            SignInError::Disabled
        );
        assert!(audit::verify(db).await.unwrap().ok(), "{}", t.name);
    }
}

#[tokio::test]
async fn tampering_with_the_audit_trail_is_detected() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let report = audit::verify(db).await.unwrap();
        assert!(report.ok(), "{}: {report:?}", t.name);
        assert!(report.checked >= 9);

        // an edited record
        db.execute("update audit_log set reason = 'changed' where seq = 3", &[])
            .await
            .unwrap();
        let r = audit::verify(db).await.unwrap();
        assert_eq!(r.first_problem, Some((3, Problem::Edited)), "{}", t.name);
    }
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        // a deleted record in the middle
        db.execute("delete from audit_log where seq = 4", &[])
            .await
            .unwrap();
        assert_eq!(
            audit::verify(db).await.unwrap().first_problem,
            Some((5, Problem::Missing))
        );
    }
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        // the newest record removed, head rolled back too by hand: still detected
        let last = audit::list(db, &Default::default(), None, false, 1)
            .await
            .unwrap()
            .0[0]
            .seq;
        db.execute("delete from audit_log where seq = $1", &vals![last])
            .await
            .unwrap();
        assert_eq!(
            audit::verify(db).await.unwrap().first_problem,
            Some((last, Problem::Truncated))
        );
    }
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        // a record re-hashed after editing (the attacker recomputes its hash):
        // its MAC no longer matches (and it breaks the next link)
        let mut rec = audit::list(db, &Default::default(), Some(3), false, 1)
            .await
            .unwrap()
            .0
            .remove(0);
        assert_eq!(rec.seq, 2);
        rec.actor_name = "intruder".into();
        let h = rec.compute_hash();
        db.execute(
            "update audit_log set actor_name = 'intruder', hash = $1 where seq = 2",
            &vals![h],
        )
        .await
        .unwrap();
        assert_eq!(
            audit::verify(db).await.unwrap().first_problem,
            Some((2, Problem::Forged))
        );
    }
}

#[derive(sqlx::FromRow)]
struct HeadRow {
    seq: i64,
    hash: String,
    mac: String,
}

async fn head(db: &gsp_domain::Db) -> HeadRow {
    db.fetch_one("select seq, hash, mac from audit_head where id = 1", &[])
        .await
        .unwrap()
}

#[tokio::test]
async fn rewriting_the_audit_chain_without_the_key_is_detected() {
    // issue #14.2: the attacker edits record 2 and recomputes every hash
    // after it and the head, as anyone with write access can
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let (mut rows, _) = audit::list(db, &Default::default(), None, true, 10_000)
            .await
            .unwrap();
        let mut prev = rows[0].hash.clone();
        for rec in rows.iter_mut().skip(1) {
            if rec.seq == 2 {
                rec.actor_name = "intruder".into();
            }
            rec.prev_hash = prev.clone();
            rec.hash = rec.compute_hash();
            prev = rec.hash.clone();
            db.execute(
                "update audit_log set actor_name = $1, prev_hash = $2, hash = $3 where seq = $4",
                &vals![&rec.actor_name, &rec.prev_hash, &rec.hash, rec.seq],
            )
            .await
            .unwrap();
        }
        let last = rows.last().unwrap();
        db.execute(
            "update audit_head set seq = $1, hash = $2 where id = 1",
            &vals![last.seq, &last.hash],
        )
        .await
        .unwrap();
        // the hashes agree, the MACs do not
        assert_eq!(
            audit::verify(db).await.unwrap().first_problem,
            Some((2, Problem::Forged)),
            "{}",
            t.name
        );
    }
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        // keying cannot be switched off by moving where it begins
        db.execute("update audit_head set keyed_from = seq + 1", &[])
            .await
            .unwrap();
        assert_eq!(
            audit::verify(db).await.unwrap().first_problem.map(|p| p.1),
            Some(Problem::HeadForged),
            "{}",
            t.name
        );
    }
}

#[tokio::test]
async fn exported_checkpoints_catch_a_truncation_with_an_old_head_replayed() {
    for t in common::all().await {
        let db = &t.db;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("audit-checkpoints.jsonl");
        demo::seed(db).await.unwrap();
        let old = head(db).await;
        let system = Actor::system("test");
        for i in 0..3 {
            audit::record(
                db,
                &system,
                audit::Event::new("audit.export", "audit_log", i, "x"),
            )
            .await
            .unwrap();
        }
        let c = audit::export_checkpoint(db, &file).await.unwrap().unwrap();
        assert_eq!(c.seq, old.seq + 3);
        // a second export with no new record writes nothing
        assert!(audit::export_checkpoint(db, &file).await.unwrap().is_none());
        let marks = audit::read_checkpoints(&file).unwrap();
        assert_eq!(marks.len(), 1);
        assert!(
            audit::verify_with(db, &marks).await.unwrap().ok(),
            "{}",
            t.name
        );

        // the last three records removed and the old head (with its MAC) put back
        db.execute("delete from audit_log where seq > $1", &vals![old.seq])
            .await
            .unwrap();
        db.execute(
            "update audit_head set seq = $1, hash = $2, mac = $3 where id = 1",
            &vals![old.seq, &old.hash, &old.mac],
        )
        .await
        .unwrap();
        // the database alone cannot tell; the exported checkpoint can
        assert!(audit::verify(db).await.unwrap().ok(), "{}", t.name);
        assert_eq!(
            audit::verify_with(db, &marks).await.unwrap().first_problem,
            Some((c.seq, Problem::Checkpoint)),
            "{}",
            t.name
        );
        // a checkpoint not MAC'd with our key is refused
        let mut fake = c.clone();
        fake.seq = old.seq;
        fake.hash = old.hash.clone();
        assert_eq!(
            audit::verify_with(db, &[fake]).await.unwrap().first_problem,
            Some((old.seq, Problem::Checkpoint)),
            "{}",
            t.name
        );
    }
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    for t in common::all().await {
        let db = &t.db;
        assert_eq!(demo::seed(db).await.unwrap(), 8);
        let n = audit::verify(db).await.unwrap().checked;
        assert_eq!(demo::seed(db).await.unwrap(), 0);
        assert_eq!(audit::verify(db).await.unwrap().checked, n);
        assert_eq!(account::count(db).await.unwrap(), 8);
        assert!(db.is_ready().await);
    }
}

#[tokio::test]
async fn operators_see_only_their_own_organisation_on_the_dashboard() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let staff = demo_actor(db, "reviewer").await;
        let d = gsp_domain::ops::stats::dashboard(db, &staff).await.unwrap();
        let orgs = gsp_domain::access::organisation::list(db)
            .await
            .unwrap()
            .len() as i64;
        assert_eq!(
            (d.organisation.clone(), d.accounts, d.organisations),
            (None, 8, orgs),
            "{}",
            t.name
        );
        assert!(d.audit_records > 0);
        let op = demo_actor(db, "operator").await;
        let d = gsp_domain::ops::stats::dashboard(db, &op).await.unwrap();
        assert_eq!(d.organisation.as_deref(), Some("杭州市政务服务平台"));
        assert_eq!(
            (
                d.accounts,
                d.organisations,
                d.audit_records,
                d.active_sessions
            ),
            (1, 1, 0, 1)
        );
        assert!(d.accounts_by_role.iter().all(|(r, _)| r.is_org_scoped()));
    }
}

fn party(
    name: &str,
    kind: &str,
    level: &str,
    division: &str,
    uscc17: &str,
) -> gsp_domain::access::party::NewParty {
    let c = gsp_domain::access::organisation::uscc_check_char(uscc17).unwrap();
    gsp_domain::access::party::NewParty {
        name: name.into(),
        kind: kind.into(),
        level: level.into(),
        division_code: division.into(),
        organisation_name: format!("{name}单位"),
        uscc: format!("{uscc17}{c}"),
        contact: gsp_domain::access::party::Contact {
            name: "联系人".into(),
            phone: "13800138000".into(),
            email: "a@b.cn".into(),
        },
    }
}

#[tokio::test]
async fn access_parties_follow_the_relations_of_the_standard() {
    use gsp_domain::access::party::{list, register, Filter};
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let target = demo::instance();
        let reviewer = demo_actor(db, "reviewer").await;
        let supervisor = demo_actor(db, "supervisor").await;
        let (all, _) = list(db, &reviewer, &Filter::default(), None, 100)
            .await
            .unwrap();
        assert_eq!(all.len(), demo::PARTIES.len(), "{}", t.name);

        // a city of another province may not connect to this provincial platform
        let before = audit::list(db, &Default::default(), None, false, 1)
            .await
            .unwrap()
            .0[0]
            .seq;
        let r = register(
            db,
            &reviewer,
            &target,
            &party(
                "南京市政务服务平台",
                "city-platform",
                "municipal",
                "320100",
                "11320100MB9999999",
            ),
        )
        .await;
        assert!(
            matches!(r, Err(Error::Validation(ref e)) if e[0].field == "kind" && e[0].code == "relation.city_platform"),
            "{r:?}"
        );
        assert_eq!(
            audit::list(db, &Default::default(), None, false, 1)
                .await
                .unwrap()
                .0[0]
                .seq,
            before,
            "nothing stored"
        );
        // only reviewers register
        let r = register(
            db,
            &supervisor,
            &target,
            &party(
                "湖州市政务服务平台",
                "city-platform",
                "municipal",
                "330500",
                "11330500MB9999999",
            ),
        )
        .await;
        assert!(matches!(r, Err(Error::Forbidden)));
        let id = register(
            db,
            &reviewer,
            &target,
            &party(
                "湖州市政务服务平台",
                "city-platform",
                "municipal",
                "330500",
                "11330500MB9999999",
            ),
        )
        .await
        .unwrap();
        let dup = register(
            db,
            &reviewer,
            &target,
            &party(
                "湖州市政务服务平台",
                "city-platform",
                "municipal",
                "330500",
                "11330500MB9999999",
            ),
        )
        .await;
        assert!(
            matches!(dup, Err(Error::Validation(ref e)) if e[0].field == "name"),
            "{dup:?}"
        );
        let last = &audit::list(db, &Default::default(), None, false, 1)
            .await
            .unwrap()
            .0[0];
        assert_eq!(
            (last.action.as_str(), last.object_id.clone()),
            ("party.register", id.to_string())
        );

        // filters and search
        let f = |kind: Option<&str>, region: Option<&str>, q: Option<&str>| Filter {
            kind: kind.map(Into::into),
            region: region.map(Into::into),
            q: q.map(Into::into),
            ..Default::default()
        };
        let n = |rows: Vec<gsp_domain::access::party::PartyRow>| rows.len();
        assert_eq!(
            n(list(
                db,
                &reviewer,
                &f(Some("city-platform"), None, None),
                None,
                100
            )
            .await
            .unwrap()
            .0),
            4
        );
        assert_eq!(
            n(
                list(db, &reviewer, &f(None, Some("330100"), None), None, 100)
                    .await
                    .unwrap()
                    .0
            ),
            1
        );
        assert_eq!(
            n(
                list(db, &reviewer, &f(None, None, Some("公积金")), None, 100)
                    .await
                    .unwrap()
                    .0
            ),
            1
        );
        let uscc = format!(
            "11330500MB9999999{}",
            gsp_domain::access::organisation::uscc_check_char("11330500MB9999999").unwrap()
        );
        assert_eq!(
            n(list(
                db,
                &reviewer,
                &f(None, None, Some(&uscc.to_lowercase())),
                None,
                100
            )
            .await
            .unwrap()
            .0),
            1
        );

        // keyset pages of 2 visit every party once, in name order
        let mut seen = vec![];
        let mut after = None;
        loop {
            let (rows, next) = list(db, &reviewer, &Filter::default(), after, 2)
                .await
                .unwrap();
            seen.extend(rows.into_iter().map(|r| r.name));
            match next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen, sorted);
        assert_eq!(seen.len(), demo::PARTIES.len() + 1);

        // an operator sees only its own organisation's party
        let op = demo_actor(db, "operator").await;
        let (mine, _) = list(db, &op, &Filter::default(), None, 100).await.unwrap();
        assert_eq!(
            mine.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["杭州市政务服务平台"]
        );
        // a provider sees none: it holds no permission for the registry
        let prov = demo_actor(db, "provider").await;
        assert!(matches!(
            list(db, &prov, &Filter::default(), None, 100).await,
            Err(Error::Forbidden)
        ));
        assert!(audit::verify(db).await.unwrap().ok());
    }
}

/// Issue #16: the login log lists sign-ins and their failures, newest
/// first, with the browser each came from; failures alone on request; for
/// the security and audit administrators only.
#[tokio::test]
async fn the_login_log_lists_sign_ins_and_failures_with_their_browser() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let chrome = Origin {
            ip: "10.1.2.3".into(),
            user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36".into(),
            request_id: "req-log".into(),
        };
        assert!(auth::sign_in(db, "reviewer", "wrong-password", &chrome)
            .await
            .is_err());
        assert!(auth::sign_in(db, "nobody-here", "x", &chrome)
            .await
            .is_err());
        let (pw, _) = demo_pw("reviewer");
        auth::sign_in(db, "reviewer", pw, &chrome).await.unwrap();
        let sec = demo_actor(db, "secadmin").await;
        let (rows, _) = audit::sign_ins(db, &sec, Some("reviewer"), false, None, 50)
            .await
            .unwrap();
        let actions: Vec<&str> = rows.iter().take(2).map(|r| r.action.as_str()).collect();
        assert_eq!(
            actions,
            ["auth.sign_in", "auth.sign_in_failed"],
            "{}: newest first",
            t.name
        );
        assert!(
            rows.iter()
                .take(2)
                .all(|r| r.changes.contains("Chrome/120") && r.source_ip == "10.1.2.3"),
            "{}",
            t.name
        );
        let (failures, _) = audit::sign_ins(db, &sec, None, true, None, 50)
            .await
            .unwrap();
        assert!(
            failures.iter().all(|r| r.action != "auth.sign_in"),
            "{}",
            t.name
        );
        assert!(
            failures.iter().any(|r| r.object_label == "nobody-here"),
            "{}: an unknown account is listed",
            t.name
        );
        // pages of one reach every record once
        let (all, _) = audit::sign_ins(db, &sec, None, false, None, 1000)
            .await
            .unwrap();
        let mut seen = vec![];
        let mut cursor = None;
        loop {
            let (page, next) = audit::sign_ins(db, &sec, None, false, cursor, 2)
                .await
                .unwrap();
            seen.extend(page.iter().map(|r| r.seq));
            match next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        assert_eq!(
            seen,
            all.iter().map(|r| r.seq).collect::<Vec<_>>(),
            "{}",
            t.name
        );
        let reviewer = demo_actor(db, "reviewer").await;
        assert!(matches!(
            audit::sign_ins(db, &reviewer, None, false, None, 50).await,
            Err(gsp_domain::Error::Forbidden)
        ));
    }
}

/// Issue #16 (个人中心): a person changes their own password (the current one
/// checked, the policy applied, each error naming its field; their other
/// sessions end) and signs out another of their own sessions, never
/// someone else's.
#[tokio::test]
async fn a_person_changes_their_own_password_and_ends_their_own_sessions() {
    for t in common::all().await {
        let db = &t.db;
        demo::seed(db).await.unwrap();
        let (pw, _) = demo_pw("reviewer");
        let first = auth::sign_in(db, "reviewer", pw, &origin())
            .await
            .unwrap()
            .token;
        let second = auth::sign_in(db, "reviewer", pw, &origin())
            .await
            .unwrap()
            .token;
        let (me, _) = session::actor_for(db, &second, "127.0.0.1", "r")
            .await
            .unwrap();
        let own = session::list_own(db, &me).await.unwrap();
        assert_eq!(own.len(), 2, "{}", t.name);
        // wrong current password, weak and mismatched new one: each named
        match auth::change_own_password(db, &me, &second, "wrong", "short", "other").await {
            Err(Error::Validation(v)) => {
                let fields: Vec<&str> = v.iter().map(|f| f.field.as_str()).collect();
                assert!(
                    fields.contains(&"current_password")
                        && fields.contains(&"new_password")
                        && fields.contains(&"confirm"),
                    "{fields:?}"
                );
            }
            other => panic!("{}: {other:?}", t.name),
        }
        let ended = auth::change_own_password(
            db,
            &me,
            &second,
            pw,
            "Brand-New-Secret-9",
            "Brand-New-Secret-9",
        )
        .await
        .unwrap();
        assert_eq!(ended, 1, "{}: the other session ended", t.name);
        assert!(
            session::actor_for(db, &first, "127.0.0.1", "r")
                .await
                .is_err(),
            "{}",
            t.name
        );
        assert!(
            session::actor_for(db, &second, "127.0.0.1", "r")
                .await
                .is_ok(),
            "{}: this one stays",
            t.name
        );
        assert!(
            auth::sign_in(db, "reviewer", "Brand-New-Secret-9", &origin())
                .await
                .is_ok()
        );
        // another person's session cannot be ended as one's own
        let (spw, _) = demo_pw("supervisor");
        let theirs = auth::sign_in(db, "supervisor", spw, &origin())
            .await
            .unwrap()
            .token;
        let (sup, _) = session::actor_for(db, &theirs, "127.0.0.1", "r")
            .await
            .unwrap();
        let their_id = session::list_own(db, &sup).await.unwrap()[0].id;
        assert!(matches!(
            session::end_own(db, &me, their_id).await,
            Err(Error::NotFound(_))
        ));
        let mine = session::list_own(db, &me).await.unwrap();
        let other = mine[0].id;
        session::end_own(db, &me, other).await.unwrap();
        assert_eq!(
            session::list_own(db, &me).await.unwrap().len(),
            mine.len() - 1,
            "{}",
            t.name
        );
    }
}
