//! The sign-in sequence: password (with lockout), then a forced password
//! change for one-time passwords, then TOTP (enrolment forced for
//! administrators). Each step that succeeds replaces the session with a new
//! one (the session id is rotated); the last one yields a full session.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::actor::{Actor, ActorKind};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::security::account::{find_by_username, roles_of, AccountRow};
use crate::security::audit::{self, Event};
use crate::security::lockout::LockState;
use crate::security::password;
use crate::security::role::requires_totp;
use crate::security::session::{self, hash_token, SessionRow, Stage};
use crate::security::totp;
use crate::time::now;
use crate::vals;

/// Where the client came from, for sessions and audit records.
#[derive(Debug, Clone)]
pub struct Origin {
    pub ip: String,
    pub user_agent: String,
    pub request_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong username or password (which one is not said).
    BadCredentials,
    Locked {
        until: DateTime<Utc>,
    },
    Disabled,
    /// Wrong or reused TOTP code.
    BadCode,
    /// The session of this step is missing or expired: start again.
    Expired,
    Invalid(Vec<crate::error::FieldError>),
    /// The cause, for the log and for tests; staff see only "internal".
    Internal(String),
}

impl From<Error> for SignInError {
    fn from(e: Error) -> Self {
        match e {
            Error::Validation(v) => SignInError::Invalid(v),
            e => {
                tracing::error!(error = %e, "sign-in failed internally");
                SignInError::Internal(e.to_string())
            }
        }
    }
}

/// The next step and the token of the (new) session for it.
#[derive(Debug, Clone)]
pub struct Step {
    pub stage: Stage,
    pub token: String,
}

fn actor_of(acc: &AccountRow, roles: Vec<crate::security::role::Role>, o: &Origin) -> Actor {
    Actor {
        kind: ActorKind::Account,
        id: acc.id.to_string(),
        name: acc.username.clone(),
        roles,
        organisation_id: acc.organisation_id,
        ip: o.ip.clone(),
        request_id: o.request_id.clone(),
    }
}

fn lock_state(acc: &AccountRow) -> LockState {
    LockState {
        failed_count: acc.failed_count,
        locked_until: acc.locked_until,
    }
}

async fn save_lock(tx: &mut Tx, id: Uuid, s: LockState) -> Result<()> {
    tx.execute(
        "update accounts set failed_count = $1, locked_until = $2 where id = $3",
        &vals![s.failed_count as i64, s.locked_until, id],
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct LockRow {
    failed_count: i32,
    locked_until: Option<DateTime<Utc>>,
}

/// The account's lock state read inside `tx`, the row locked until commit.
async fn locked_state(tx: &mut Tx, id: Uuid) -> Result<LockState> {
    let lock = tx.for_update();
    let r: LockRow = tx
        .fetch_one(
            &format!("select failed_count, locked_until from accounts where id = $1{lock}"),
            &vals![id],
        )
        .await?;
    Ok(LockState {
        failed_count: r.failed_count,
        locked_until: r.locked_until,
    })
}

/// Counts one attempt before its secret is checked, in a short transaction
/// of its own, so that concurrent attempts cannot all pass a check made
/// before any of them failed (issue #14.3). A locked account is refused here
/// (audited), without checking the secret.
async fn reserve(db: &Db, acc: &AccountRow, o: &Origin, what: &str) -> Result<(), SignInError> {
    let t = now();
    let mut tx = db.begin().await?;
    let before = locked_state(&mut tx, acc.id).await?;
    let s = before.reserve(t);
    if s != before {
        save_lock(&mut tx, acc.id, s).await?;
    }
    if let Some(until) = s.locked_until.filter(|u| *u > t) {
        let actor = Actor::anonymous(&acc.username, &o.ip, &o.request_id);
        let ev = if before.is_locked(t) {
            Event::new(
                "auth.sign_in_refused_locked",
                "account",
                acc.id,
                &acc.username,
            )
            .changes(serde_json::json!({"step": what}))
            .client(&o.user_agent)
        } else {
            // more attempts than the allowance arrived before the last
            // counted one was checked: this one is refused unchecked
            Event::new("auth.locked", "account", acc.id, &acc.username)
                .changes(
                    serde_json::json!({"step": what, "locked_until": crate::time::canonical(&until), "checked": false}),
                )
                .client(&o.user_agent)
        };
        audit::append(&mut tx, &actor, ev).await?;
        tx.commit().await?;
        return Err(SignInError::Locked { until });
    }
    tx.commit().await?;
    Ok(())
}

/// Records a failure of an attempt `reserve` counted: may lock, audits it.
/// Returns the error to show.
async fn fail(
    db: &Db,
    acc: &AccountRow,
    o: &Origin,
    what: &str,
    err: SignInError,
) -> Result<SignInError> {
    let t = now();
    let mut tx = db.begin().await?;
    let before = locked_state(&mut tx, acc.id).await?;
    let s = before.after_failure(t);
    if s != before {
        save_lock(&mut tx, acc.id, s).await?;
    }
    let actor = Actor::anonymous(&acc.username, &o.ip, &o.request_id);
    let locked_now = !before.is_locked(t) && s.is_locked(t);
    let ev = match s.locked_until.filter(|_| locked_now) {
        Some(until) => Event::new("auth.locked", "account", acc.id, &acc.username).changes(
            serde_json::json!({"step": what, "locked_until": crate::time::canonical(&until), "checked": true}),
        ),
        None => Event::new("auth.sign_in_failed", "account", acc.id, &acc.username).changes(
            serde_json::json!({"step": what, "failed_count": s.failed_count, "checked": true}),
        ),
    };
    audit::append(&mut tx, &actor, ev.client(&o.user_agent)).await?;
    tx.commit().await?;
    Ok(match s.locked_until.filter(|u| *u > t) {
        Some(until) => SignInError::Locked { until },
        None => err,
    })
}

/// The stage that follows a correct password.
fn stage_after_password(acc: &AccountRow, roles: &[crate::security::role::Role]) -> Stage {
    if acc.must_change_password {
        Stage::ChangePassword
    } else if acc.totp_enabled {
        Stage::Totp
    } else if requires_totp(roles) {
        Stage::Enrol
    } else {
        Stage::Full
    }
}

/// Replaces the pending session (if any) by a new one at `stage` inside `tx`,
/// audits `extra` and, for a full sign-in, the sign-in itself; commits.
async fn advance(
    mut tx: Tx,
    acc: &AccountRow,
    roles: Vec<crate::security::role::Role>,
    stage: Stage,
    o: &Origin,
    old_token: Option<&str>,
    extra: Option<Event>,
) -> Result<Step> {
    if let Some(old) = old_token {
        tx.execute(
            "delete from sessions where token_hash = $1",
            &vals![hash_token(old)],
        )
        .await?;
    }
    let token = session::create(&mut tx, acc.id, stage, &o.ip, &o.user_agent).await?;
    let actor = actor_of(acc, roles, o);
    if let Some(ev) = extra {
        audit::append(&mut tx, &actor, ev).await?;
    }
    if stage == Stage::Full {
        tx.execute(
            "update accounts set last_login_at = $1 where id = $2",
            &vals![now(), acc.id],
        )
        .await?;
        let ended = session::end_beyond_limit(&mut tx, acc.id).await?;
        let mut ev = Event::new("auth.sign_in", "account", acc.id, &acc.username);
        if ended > 0 {
            ev = ev.changes(serde_json::json!({"ended_oldest_sessions": ended, "per_account": session::limits().per_account}));
        }
        audit::append(&mut tx, &actor, ev.client(&o.user_agent)).await?;
    }
    tx.commit().await?;
    Ok(Step { stage, token })
}

/// Length of the window in which failures under unknown usernames from one
/// source address are counted as one audited event.
pub const ANONYMOUS_WINDOW_SECONDS: i64 = 15 * 60;

/// A sign-in under a username that does not exist: counted per source
/// address and window in `anonymous_failures`; only the first of each window
/// is appended to the audit chain (issue #14.5), so a flood of guesses costs
/// one chain record per address per 15 minutes, not one per guess.
async fn unknown_user_failed(db: &Db, username: &str, o: &Origin) -> Result<()> {
    #[derive(sqlx::FromRow)]
    struct N {
        attempts: i64,
    }
    let t = now();
    let window = t.timestamp() - t.timestamp().rem_euclid(ANONYMOUS_WINDOW_SECONDS);
    let name: String = username.chars().take(64).collect();
    let mut tx = db.begin().await?;
    let n: N = tx
        .fetch_one(
            "insert into anonymous_failures (source_ip, window_start, attempts, last_username) values ($1, $2, 1, $3) \
             on conflict (source_ip, window_start) do update set attempts = anonymous_failures.attempts + 1, last_username = excluded.last_username \
             returning attempts",
            &vals![&o.ip, window, &name],
        )
        .await?;
    if n.attempts == 1 {
        let actor = Actor::anonymous(&name, &o.ip, &o.request_id);
        audit::append(
            &mut tx,
            &actor,
            Event::new("auth.sign_in_failed", "account", "", &name).changes(serde_json::json!({
                "step": "password",
                "unknown_user": true,
                "counted_from": crate::time::canonical(&chrono::DateTime::<Utc>::from_timestamp(window, 0).unwrap_or(t)),
                "window_seconds": ANONYMOUS_WINDOW_SECONDS,
            }))
            .client(&o.user_agent),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Failures under unknown usernames counted for `source_ip` since `since`
/// (audited once per window).
pub async fn anonymous_failures(db: &Db, source_ip: &str, since: DateTime<Utc>) -> Result<i64> {
    #[derive(sqlx::FromRow)]
    struct N {
        n: Option<i64>,
    }
    let n: N = db
        .fetch_one(
            "select cast(coalesce(sum(attempts), 0) as bigint) as n from anonymous_failures where source_ip = $1 and window_start >= $2",
            &vals![source_ip, since.timestamp() - since.timestamp().rem_euclid(ANONYMOUS_WINDOW_SECONDS)],
        )
        .await?;
    Ok(n.n.unwrap_or(0))
}

/// Step 1: username and password.
pub async fn sign_in(db: &Db, username: &str, pw: &str, o: &Origin) -> Result<Step, SignInError> {
    let username = username.trim().to_lowercase();
    let Some(acc) = find_by_username(db, &username).await? else {
        // same work as a real check, so timing does not reveal the username
        let _ = password::verify(pw, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$2bwJ8S8bVnCY6vyuI0Ra+xj3/MxwVr1Iq1cy5NjLzYQ");
        unknown_user_failed(db, &username, o).await?;
        return Err(SignInError::BadCredentials);
    };
    reserve(db, &acc, o, "password").await?;
    if !password::verify(pw, &acc.password_hash) {
        return Err(fail(db, &acc, o, "password", SignInError::BadCredentials).await?);
    }
    if acc.disabled {
        let actor = Actor::anonymous(&acc.username, &o.ip, &o.request_id);
        audit::record(
            db,
            &actor,
            Event::new(
                "auth.sign_in_refused_disabled",
                "account",
                acc.id,
                &acc.username,
            )
            .client(&o.user_agent),
        )
        .await?;
        return Err(SignInError::Disabled);
    }
    let roles = roles_of(db, acc.id).await?;
    let stage = stage_after_password(&acc, &roles);
    let mut tx = db.begin().await?;
    save_lock(&mut tx, acc.id, lock_state(&acc).after_success()).await?;
    Ok(advance(tx, &acc, roles, stage, o, None, None).await?)
}

/// The session of a pending step, if it is at `stage`.
pub async fn pending(
    db: &Db,
    token: &str,
    stage: Stage,
) -> Result<(SessionRow, AccountRow), SignInError> {
    let s = session::find(db, token)
        .await?
        .ok_or(SignInError::Expired)?;
    if Stage::from_code(&s.stage) != Some(stage) {
        return Err(SignInError::Expired);
    }
    let acc = crate::security::account::get(db, s.account_id).await?;
    if acc.disabled {
        return Err(SignInError::Disabled);
    }
    Ok((s, acc))
}

/// Step 2 (one-time passwords only): choose a new password.
pub async fn change_password(
    db: &Db,
    token: &str,
    new_pw: &str,
    confirm: &str,
    o: &Origin,
) -> Result<Step, SignInError> {
    let (_, acc) = pending(db, token, Stage::ChangePassword).await?;
    password::check_policy("new_password", &acc.username, new_pw)?;
    if new_pw != confirm {
        return Err(SignInError::Invalid(vec![crate::error::FieldError::new(
            "confirm",
            "password.mismatch",
        )]));
    }
    if password::verify(new_pw, &acc.password_hash) {
        return Err(SignInError::Invalid(vec![crate::error::FieldError::new(
            "new_password",
            "password.same_as_old",
        )]));
    }
    let hash = password::hash(new_pw)?;
    let mut acc = acc;
    acc.must_change_password = false;
    let roles = roles_of(db, acc.id).await?;
    let stage = stage_after_password(&acc, &roles);
    let mut tx = db.begin().await?;
    tx.execute(
        "update accounts set password_hash = $1, must_change_password = $2, updated_at = $3 where id = $4",
        &vals![hash, false, now(), acc.id],
    )
    .await?;
    let ev = Event::new("account.change_password", "account", acc.id, &acc.username);
    Ok(advance(tx, &acc, roles, stage, o, Some(token), Some(ev)).await?)
}

/// A signed-in person changes their own password (个人中心): the current
/// one is checked, the new one follows the policy; the person's other
/// sessions end (the one in use, `keep_token`, stays). Audited.
pub async fn change_own_password(
    db: &Db,
    actor: &Actor,
    keep_token: &str,
    current: &str,
    new_pw: &str,
    confirm: &str,
) -> Result<u64> {
    let id: Uuid = match actor.kind {
        crate::actor::ActorKind::Account => {
            actor.id.parse().map_err(|_| crate::Error::Forbidden)?
        }
        _ => return Err(crate::Error::Forbidden),
    };
    let acc = crate::security::account::get(db, id).await?;
    let mut errors = Vec::new();
    if !password::verify(current, &acc.password_hash) {
        errors.push(crate::error::FieldError::new(
            "current_password",
            "password.wrong_current",
        ));
    }
    if let Err(crate::Error::Validation(v)) =
        password::check_policy("new_password", &acc.username, new_pw)
    {
        errors.extend(v);
    }
    if new_pw != confirm {
        errors.push(crate::error::FieldError::new(
            "confirm",
            "password.mismatch",
        ));
    }
    if errors.is_empty() && password::verify(new_pw, &acc.password_hash) {
        errors.push(crate::error::FieldError::new(
            "new_password",
            "password.same_as_old",
        ));
    }
    if !errors.is_empty() {
        return Err(crate::Error::Validation(errors));
    }
    let hash = password::hash(new_pw)?;
    let mut tx = db.begin().await?;
    tx.execute(
        "update accounts set password_hash = $1, updated_at = $2 where id = $3",
        &vals![hash, now(), id],
    )
    .await?;
    let ended = tx
        .execute(
            "delete from sessions where account_id = $1 and token_hash <> $2",
            &vals![id, crate::security::session::hash_token(keep_token)],
        )
        .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("account.change_password", "account", id, &acc.username)
            .changes(serde_json::json!({"other_sessions_ended": ended})),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Enrolment: the secret (kept in the pending session until confirmed), its
/// otpauth URI and QR code.
pub async fn enrolment(
    db: &Db,
    token: &str,
    issuer: &str,
) -> Result<(String, String, String), SignInError> {
    let (s, acc) = pending(db, token, Stage::Enrol).await?;
    let secret = match s.pending_secret {
        Some(sec) => sec,
        None => {
            let sec = totp::generate_secret();
            db.execute(
                "update sessions set pending_secret = $1 where id = $2",
                &vals![&sec, s.id],
            )
            .await?;
            sec
        }
    };
    let uri = totp::otpauth_uri(issuer, &acc.username, &secret);
    let svg = totp::qr_svg(&uri);
    Ok((secret, uri, svg))
}

/// Confirms enrolment with a first code; signs in fully.
pub async fn confirm_enrolment(
    db: &Db,
    token: &str,
    code: &str,
    o: &Origin,
) -> Result<Step, SignInError> {
    let (s, acc) = pending(db, token, Stage::Enrol).await?;
    let secret = s.pending_secret.ok_or(SignInError::Expired)?;
    reserve(db, &acc, o, "totp_enrol").await?;
    let Some(step) = totp::verify(&secret, code, now().timestamp(), None) else {
        return Err(fail(db, &acc, o, "totp_enrol", SignInError::BadCode).await?);
    };
    let roles = roles_of(db, acc.id).await?;
    let mut tx = db.begin().await?;
    tx.execute(
        "update accounts set totp_secret = $1, totp_enabled = $2, totp_last_step = $3, updated_at = $4 where id = $5",
        &vals![&secret, true, step, now(), acc.id],
    )
    .await?;
    save_lock(&mut tx, acc.id, lock_state(&acc).after_success()).await?;
    let ev = Event::new("account.enrol_totp", "account", acc.id, &acc.username);
    Ok(advance(tx, &acc, roles, Stage::Full, o, Some(token), Some(ev)).await?)
}

/// Step 3: the TOTP code.
pub async fn verify_totp(
    db: &Db,
    token: &str,
    code: &str,
    o: &Origin,
) -> Result<Step, SignInError> {
    let (_, acc) = pending(db, token, Stage::Totp).await?;
    let t = now();
    let secret = acc.totp_secret.clone().ok_or(SignInError::Expired)?;
    reserve(db, &acc, o, "totp").await?;
    let Some(step) = totp::verify(&secret, code, t.timestamp(), acc.totp_last_step) else {
        return Err(fail(db, &acc, o, "totp", SignInError::BadCode).await?);
    };
    let roles = roles_of(db, acc.id).await?;
    let mut tx = db.begin().await?;
    tx.execute(
        "update accounts set totp_last_step = $1 where id = $2",
        &vals![step, acc.id],
    )
    .await?;
    save_lock(&mut tx, acc.id, lock_state(&acc).after_success()).await?;
    Ok(advance(tx, &acc, roles, Stage::Full, o, Some(token), None).await?)
}
