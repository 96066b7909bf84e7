//! Server-side sessions: the cookie holds a random token, the database only
//! its SHA-256. Sessions end after 30 minutes idle, 12 hours after sign-in
//! however busy, at sign-out, or when an administrator ends them; an account
//! keeps at most a set number of sessions, the oldest ending at a new
//! sign-in (issue #14.7).

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::actor::{Actor, ActorKind};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

pub const IDLE_MINUTES: i64 = 30;
pub const COOKIE: &str = "gsp_session";

/// How long sessions may live, set once per process (the server's
/// `--session-hours` and `--sessions-per-account`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Hours after sign-in at which a session ends, however busy.
    pub absolute_hours: i64,
    /// Signed-in sessions one account may hold at once.
    pub per_account: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            absolute_hours: 12,
            per_account: 5,
        }
    }
}

static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();

/// Sets this process's session limits (before the first sign-in).
pub fn set_limits(l: Limits) {
    let _ = LIMITS.set(l);
}

pub fn limits() -> Limits {
    *LIMITS.get_or_init(Limits::default)
}

/// The bounds of a live session now: last seen after the first, created
/// after the second.
fn live_since() -> (DateTime<Utc>, DateTime<Utc>) {
    let t = now();
    (
        t - Duration::minutes(IDLE_MINUTES),
        t - Duration::hours(limits().absolute_hours),
    )
}

/// Whether a session created at `created_at` and last seen at `last_seen`
/// is still alive at `t`.
pub fn alive(created_at: DateTime<Utc>, last_seen: DateTime<Utc>, t: DateTime<Utc>) -> bool {
    t - last_seen <= Duration::minutes(IDLE_MINUTES)
        && t - created_at <= Duration::hours(limits().absolute_hours)
}

/// Where a session is in the sign-in sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Stage {
    /// Fully signed in.
    Full,
    /// Password accepted; the one-time password must be replaced.
    ChangePassword,
    /// Password accepted; a TOTP code is needed.
    Totp,
    /// Password accepted; TOTP enrolment is required first.
    Enrol,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Full => "full",
            Stage::ChangePassword => "password",
            Stage::Totp => "totp",
            Stage::Enrol => "enrol",
        }
    }
    pub fn from_code(s: &str) -> Option<Stage> {
        [
            Stage::Full,
            Stage::ChangePassword,
            Stage::Totp,
            Stage::Enrol,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// Creates a session in `tx`; returns the token for the cookie.
pub async fn create(
    tx: &mut Tx,
    account_id: Uuid,
    stage: Stage,
    ip: &str,
    user_agent: &str,
) -> Result<String> {
    let token = new_token();
    let t = now();
    let ua: String = user_agent.chars().take(200).collect();
    tx.execute(
        "insert into sessions (id, token_hash, account_id, stage, pending_secret, ip, user_agent, created_at, last_seen_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        &vals![new_id(), hash_token(&token), account_id, stage.code(), None::<String>, ip, ua, t],
    )
    .await?;
    Ok(token)
}

/// Ends the account's oldest signed-in sessions beyond the limit per
/// account, in `tx` (called when a new one is created). Returns how many.
pub async fn end_beyond_limit(tx: &mut Tx, account_id: Uuid) -> Result<u64> {
    let keep = limits().per_account.max(1);
    let rest = match tx.engine() {
        crate::db::Engine::Sqlite => "limit -1 offset $2",
        crate::db::Engine::Postgres => "offset $2",
    };
    tx.execute(
        &format!(
            "delete from sessions where id in (select id from sessions where account_id = $1 and stage = 'full' \
             order by created_at desc, id desc {rest})"
        ),
        &vals![account_id, keep],
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub stage: String,
    pub pending_secret: Option<String>,
    pub ip: String,
    pub user_agent: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

const SESSION_COLUMNS: &str =
    "id, account_id, stage, pending_secret, ip, user_agent, created_at, last_seen_at";

/// Finds a live session by token. An idle one is deleted and not returned;
/// a live one has its last-seen time refreshed (at most once a minute).
pub async fn find(db: &Db, token: &str) -> Result<Option<SessionRow>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let th = hash_token(token);
    let row: Option<SessionRow> = db
        .fetch_optional(
            &format!("select {SESSION_COLUMNS} from sessions where token_hash = $1"),
            &vals![&th],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let t = now();
    if !alive(row.created_at, row.last_seen_at, t) {
        db.execute("delete from sessions where id = $1", &vals![row.id])
            .await?;
        return Ok(None);
    }
    if t - row.last_seen_at > Duration::seconds(60) {
        db.execute(
            "update sessions set last_seen_at = $1 where id = $2",
            &vals![t, row.id],
        )
        .await?;
    }
    Ok(Some(row))
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct ActorRow {
    id: Uuid,
    username: String,
    display_name: String,
    disabled: bool,
    organisation_id: Option<Uuid>,
}

/// The signed-in person behind a token, with roles loaded fresh from the
/// database (a role change takes effect on the next request).
pub async fn actor_for(
    db: &Db,
    token: &str,
    ip: &str,
    request_id: &str,
) -> Result<(Actor, String)> {
    let s = find(db, token).await?.ok_or(Error::Unauthenticated)?;
    if Stage::from_code(&s.stage) != Some(Stage::Full) {
        return Err(Error::Unauthenticated);
    }
    let a: ActorRow = db
        .fetch_optional(
            "select id, username, display_name, disabled, organisation_id from accounts where id = $1",
            &vals![s.account_id],
        )
        .await?
        .ok_or(Error::Unauthenticated)?;
    if a.disabled {
        return Err(Error::Unauthenticated);
    }
    let roles = crate::security::account::roles_of(db, a.id).await?;
    Ok((
        Actor {
            kind: ActorKind::Account,
            id: a.id.to_string(),
            name: a.username,
            roles,
            organisation_id: a.organisation_id,
            ip: ip.into(),
            request_id: request_id.into(),
        },
        a.display_name,
    ))
}

/// Sign-out: the session ends on the server.
pub async fn sign_out(db: &Db, token: &str, ip: &str, request_id: &str) -> Result<()> {
    let Ok((actor, _)) = actor_for(db, token, ip, request_id).await else {
        // a half-finished sign-in: just forget it
        db.execute(
            "delete from sessions where token_hash = $1",
            &vals![hash_token(token)],
        )
        .await?;
        return Ok(());
    };
    let mut tx = db.begin().await?;
    tx.execute(
        "delete from sessions where token_hash = $1",
        &vals![hash_token(token)],
    )
    .await?;
    audit::append(
        &mut tx,
        &actor,
        Event::new("auth.sign_out", "account", &actor.id, &actor.name),
    )
    .await?;
    tx.commit().await
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ActiveSession {
    pub id: Uuid,
    pub account_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub ip: String,
    pub user_agent: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// Signed-in sessions (idle ones excluded), most recent first.
pub async fn list_active(db: &Db, actor: &Actor) -> Result<Vec<ActiveSession>> {
    actor.require(Permission::SessionView)?;
    let (cutoff, born) = live_since();
    db.fetch_all(
        "select s.id, s.account_id, a.username, a.display_name, s.ip, s.user_agent, s.created_at, s.last_seen_at \
         from sessions s join accounts a on a.id = s.account_id \
         where s.stage = 'full' and s.last_seen_at > $1 and s.created_at > $2 order by s.last_seen_at desc",
        &vals![cutoff, born],
    )
    .await
}

/// The signed-in person's own live sessions (个人中心), most recent first.
pub async fn list_own(db: &Db, actor: &Actor) -> Result<Vec<ActiveSession>> {
    let id = own_account(actor)?;
    let (cutoff, born) = live_since();
    db.fetch_all(
        "select s.id, s.account_id, a.username, a.display_name, s.ip, s.user_agent, s.created_at, s.last_seen_at \
         from sessions s join accounts a on a.id = s.account_id \
         where s.account_id = $1 and s.stage = 'full' and s.last_seen_at > $2 and s.created_at > $3 order by s.last_seen_at desc",
        &vals![id, cutoff, born],
    )
    .await
}

/// The account of a signed-in person; nothing for credentials and systems.
fn own_account(actor: &Actor) -> Result<Uuid> {
    match actor.kind {
        crate::actor::ActorKind::Account => actor.id.parse().map_err(|_| Error::Forbidden),
        _ => Err(Error::Forbidden),
    }
}

/// Signs out one of the person's own sessions (another browser, a lost
/// device); audited.
pub async fn end_own(db: &Db, actor: &Actor, session_id: Uuid) -> Result<()> {
    let id = own_account(actor)?;
    let mut tx = db.begin().await?;
    let n = tx
        .execute(
            "delete from sessions where id = $1 and account_id = $2",
            &vals![session_id, id],
        )
        .await?;
    if n == 0 {
        return Err(Error::NotFound("session"));
    }
    audit::append(
        &mut tx,
        actor,
        Event::new("session.end_own", "account", id, &actor.name)
            .changes(serde_json::json!({"session": session_id})),
    )
    .await?;
    tx.commit().await
}

/// Forced sign-out of one session by a security administrator.
pub async fn revoke(db: &Db, actor: &Actor, session_id: Uuid, reason: &str) -> Result<()> {
    actor.require(Permission::SessionRevoke)?;
    if reason.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    #[derive(sqlx::FromRow)]
    struct RevokeRow {
        username: String,
        account_id: Uuid,
    }
    let mut tx = db.begin().await?;
    let r: RevokeRow = tx
        .fetch_optional(
            "select a.username, s.account_id from sessions s join accounts a on a.id = s.account_id where s.id = $1",
            &vals![session_id],
        )
        .await?
        .ok_or(Error::NotFound("session"))?;
    tx.execute("delete from sessions where id = $1", &vals![session_id])
        .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("session.revoke", "account", r.account_id, &r.username)
            .changes(serde_json::json!({"session": session_id}))
            .reason(reason),
    )
    .await?;
    tx.commit().await
}

/// Number of signed-in sessions.
pub async fn count_active(db: &Db) -> Result<i64> {
    let (cutoff, born) = live_since();
    let c: crate::db::Count = db
        .fetch_one(
            "select count(*) as n from sessions where stage = 'full' and last_seen_at > $1 and created_at > $2",
            &vals![cutoff, born],
        )
        .await?;
    Ok(c.n)
}
