//! Staff accounts: created by the system administrator, given roles and an
//! organisation by the security administrator (三员 separation).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::actor::Actor;
use crate::db::{Db, Tx};
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::password;
use crate::security::role::{roles_to_text, validate_role_set, Permission, Role};
use crate::time::{new_id, now};
use crate::vals;

/// The stored account. Deliberately not `Serialize`: it holds secrets.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
    pub failed_count: i32,
    pub locked_until: Option<DateTime<Utc>>,
    pub disabled: bool,
    pub organisation_id: Option<Uuid>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const ACCOUNT_COLUMNS: &str = "id, username, display_name, password_hash, must_change_password, totp_secret, totp_enabled, totp_last_step, failed_count, locked_until, disabled, organisation_id, last_login_at, created_at, updated_at";

/// What the console lists: no secrets.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSummary {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub organisation_id: Option<Uuid>,
    pub organisation_name: Option<String>,
    pub disabled: bool,
    pub locked: bool,
    pub totp_enabled: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn find_by_username(db: &Db, username: &str) -> Result<Option<AccountRow>> {
    db.fetch_optional(
        &format!("select {ACCOUNT_COLUMNS} from accounts where username = $1"),
        &vals![username],
    )
    .await
}

pub async fn get(db: &Db, id: Uuid) -> Result<AccountRow> {
    db.fetch_optional(
        &format!("select {ACCOUNT_COLUMNS} from accounts where id = $1"),
        &vals![id],
    )
    .await?
    .ok_or(Error::NotFound("account"))
}

pub async fn get_row(tx: &mut Tx, id: Uuid) -> Result<AccountRow> {
    tx.fetch_optional(
        &format!("select {ACCOUNT_COLUMNS} from accounts where id = $1"),
        &vals![id],
    )
    .await?
    .ok_or(Error::NotFound("account"))
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    role: String,
}

pub async fn roles_of(db: &Db, id: Uuid) -> Result<Vec<Role>> {
    let rows: Vec<RoleRow> = db
        .fetch_all(
            "select role from account_roles where account_id = $1 order by role",
            &vals![id],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| Role::from_code(&r.role))
        .collect())
}

/// The roles of several accounts in one query.
async fn roles_of_many(
    db: &Db,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, Vec<Role>>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        account_id: Uuid,
        role: String,
    }
    let mut out: std::collections::HashMap<Uuid, Vec<Role>> = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let marks = (1..=ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let args: Vec<crate::db::Val> = ids.iter().map(|id| (*id).into()).collect();
    let rows: Vec<Row> = db
        .fetch_all(&format!("select account_id, role from account_roles where account_id in ({marks}) order by role"), &args)
        .await?;
    for r in rows {
        if let Some(role) = Role::from_code(&r.role) {
            out.entry(r.account_id).or_default().push(role);
        }
    }
    Ok(out)
}

async fn roles_of_tx(tx: &mut Tx, id: Uuid) -> Result<Vec<Role>> {
    let rows: Vec<RoleRow> = tx
        .fetch_all(
            "select role from account_roles where account_id = $1 order by role",
            &vals![id],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| Role::from_code(&r.role))
        .collect())
}

/// Filters of the account list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub q: Option<String>,
    pub role: Option<Role>,
    pub status: Option<String>,
}

/// Accounts ordered by username, after the `after` username (keyset).
pub async fn list(
    db: &Db,
    actor: &Actor,
    f: &ListFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<(Vec<AccountSummary>, Option<String>)> {
    actor.require(Permission::AccountView)?;
    #[derive(sqlx::FromRow)]
    struct Row {
        id: Uuid,
        username: String,
        display_name: String,
        organisation_id: Option<Uuid>,
        organisation_name: Option<String>,
        disabled: bool,
        locked_until: Option<DateTime<Utc>>,
        totp_enabled: bool,
        must_change_password: bool,
        last_login_at: Option<DateTime<Utc>>,
        created_at: DateTime<Utc>,
    }
    let mut sql = String::from(
        "select a.id, a.username, a.display_name, a.organisation_id, o.name as organisation_name, a.disabled, a.locked_until, a.totp_enabled, a.must_change_password, a.last_login_at, a.created_at \
         from accounts a left join organisations o on o.id = a.organisation_id where 1 = 1",
    );
    let mut args = Vec::new();
    if let Some(a) = after {
        args.push(a.into());
        sql.push_str(&format!(" and a.username > ${}", args.len()));
    }
    if let Some(q) = f.q.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        args.push(format!("%{}%", q.to_lowercase()).into());
        sql.push_str(&format!(
            " and (lower(a.username) like ${n} or lower(a.display_name) like ${n})",
            n = args.len()
        ));
    }
    if let Some(r) = f.role {
        args.push(r.code().into());
        sql.push_str(&format!(" and exists (select 1 from account_roles r where r.account_id = a.id and r.role = ${})", args.len()));
    }
    match f.status.as_deref() {
        Some("active") => sql.push_str(" and a.disabled = false"),
        Some("disabled") => sql.push_str(" and a.disabled = true"),
        _ => {}
    }
    let limit = limit.clamp(1, 500);
    sql.push_str(&format!(" order by a.username limit {}", limit + 1));
    let mut rows: Vec<Row> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| r.username.clone());
    let t = now();
    let mut roles = roles_of_many(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(AccountSummary {
            roles: roles.remove(&r.id).unwrap_or_default(),
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
            disabled: r.disabled,
            locked: r.locked_until.is_some_and(|u| u > t),
            totp_enabled: r.totp_enabled,
            must_change_password: r.must_change_password,
            last_login_at: r.last_login_at,
            created_at: r.created_at,
        });
    }
    Ok((out, next))
}

fn validate_new(username: &str, display_name: &str) -> Result<()> {
    let mut errors = Vec::new();
    let ok_user = (3..=32).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        && username
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase());
    if !ok_user {
        errors.push(FieldError::new("username", "account.username_invalid"));
    }
    let n = display_name.trim().chars().count();
    if n == 0 || n > 64 {
        errors.push(FieldError::new(
            "display_name",
            "account.display_name_invalid",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errors))
    }
}

/// Creates an account with a one-time password (changed at first sign-in).
/// Roles are given only by the command line and the demo seed (system actor);
/// in the console the security administrator assigns them afterwards.
pub async fn create(
    db: &Db,
    actor: &Actor,
    username: &str,
    display_name: &str,
    roles: &[Role],
    organisation_id: Option<Uuid>,
    password: Option<&str>,
) -> Result<(Uuid, String)> {
    actor.require(Permission::AccountManage)?;
    let username = username.trim().to_lowercase();
    validate_new(&username, display_name)?;
    if !roles.is_empty() && actor.kind != crate::actor::ActorKind::System {
        actor.require(Permission::RoleAssign)?;
    }
    validate_role_set(roles, organisation_id.is_some())?;
    let (pw, must_change) = match password {
        Some(p) => {
            password::check_policy("password", &username, p)?;
            (p.to_string(), false)
        }
        None => (password::generate_one_time(), true),
    };
    let hash = password::hash(&pw)?;
    let id = new_id();
    let t = now();
    let mut tx = db.begin().await?;
    tx.execute(
        &format!("insert into accounts ({ACCOUNT_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)"),
        &vals![
            id,
            &username,
            display_name.trim(),
            hash,
            must_change,
            None::<String>,
            false,
            None::<i64>,
            0i64,
            None::<DateTime<Utc>>,
            false,
            organisation_id,
            None::<DateTime<Utc>>,
            t
        ],
    )
    .await
    .map_err(|e| if e.is_unique_violation() { Error::field("username", "account.username_taken") } else { e })?;
    for r in roles {
        tx.execute(
            "insert into account_roles (account_id, role) values ($1, $2)",
            &vals![id, r.code()],
        )
        .await?;
    }
    audit::append(
        &mut tx,
        actor,
        Event::new("account.create", "account", id, &username).changes(serde_json::json!({
            "username": username,
            "display_name": display_name.trim(),
            "roles": roles_to_text(roles),
            "organisation_id": organisation_id,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok((id, pw))
}

fn require_reason(reason: &str) -> Result<()> {
    if reason.trim().is_empty() {
        Err(Error::field("reason", "reason.required"))
    } else {
        Ok(())
    }
}

/// Assigns roles and organisation (security administrator). Nobody changes
/// their own roles.
pub async fn set_roles(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    roles: &[Role],
    organisation_id: Option<Uuid>,
    reason: &str,
) -> Result<()> {
    actor.require(Permission::RoleAssign)?;
    if actor.id == id.to_string() {
        return Err(Error::field("roles", "roles.not_self"));
    }
    require_reason(reason)?;
    validate_role_set(roles, organisation_id.is_some())?;
    let mut tx = db.begin().await?;
    let acc = get_row(&mut tx, id).await?;
    if let Some(org) = organisation_id {
        let exists: crate::db::Count = tx
            .fetch_one(
                "select count(*) as n from organisations where id = $1",
                &vals![org],
            )
            .await?;
        if exists.n == 0 {
            return Err(Error::field("organisation_id", "org.not_found"));
        }
    }
    let before = roles_of_tx(&mut tx, id).await?;
    tx.execute(
        "delete from account_roles where account_id = $1",
        &vals![id],
    )
    .await?;
    let mut sorted = roles.to_vec();
    sorted.sort();
    sorted.dedup();
    for r in &sorted {
        tx.execute(
            "insert into account_roles (account_id, role) values ($1, $2)",
            &vals![id, r.code()],
        )
        .await?;
    }
    tx.execute(
        "update accounts set organisation_id = $1, updated_at = $2 where id = $3",
        &vals![organisation_id, now(), id],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("account.set_roles", "account", id, &acc.username)
            .changes(serde_json::json!({
                "roles": {"from": roles_to_text(&before), "to": roles_to_text(&sorted)},
                "organisation_id": {"from": acc.organisation_id, "to": organisation_id},
            }))
            .reason(reason),
    )
    .await?;
    tx.commit().await
}

/// Disables or re-enables an account; disabling ends its sessions.
pub async fn set_disabled(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    disabled: bool,
    reason: &str,
) -> Result<()> {
    actor.require(Permission::AccountManage)?;
    if actor.id == id.to_string() {
        return Err(Error::field("account", "account.not_self"));
    }
    require_reason(reason)?;
    let mut tx = db.begin().await?;
    let acc = get_row(&mut tx, id).await?;
    if acc.disabled == disabled {
        return Err(Error::InvalidTransition(
            if disabled {
                "already disabled"
            } else {
                "already active"
            }
            .into(),
        ));
    }
    tx.execute(
        "update accounts set disabled = $1, updated_at = $2 where id = $3",
        &vals![disabled, now(), id],
    )
    .await?;
    if disabled {
        tx.execute("delete from sessions where account_id = $1", &vals![id])
            .await?;
    }
    audit::append(
        &mut tx,
        actor,
        Event::new(
            if disabled {
                "account.disable"
            } else {
                "account.enable"
            },
            "account",
            id,
            &acc.username,
        )
        .changes(serde_json::json!({"disabled": {"from": acc.disabled, "to": disabled}}))
        .reason(reason),
    )
    .await?;
    tx.commit().await
}

/// Sets a new one-time password (changed at next sign-in), clears the lock,
/// ends the account's sessions. Returns the one-time password to hand over.
pub async fn reset_password(db: &Db, actor: &Actor, id: Uuid, reason: &str) -> Result<String> {
    actor.require(Permission::AccountManage)?;
    require_reason(reason)?;
    let pw = password::generate_one_time();
    let hash = password::hash(&pw)?;
    let mut tx = db.begin().await?;
    let acc = get_row(&mut tx, id).await?;
    tx.execute(
        "update accounts set password_hash = $1, must_change_password = $2, failed_count = 0, locked_until = $3, updated_at = $4 where id = $5",
        &vals![hash, true, None::<DateTime<Utc>>, now(), id],
    )
    .await?;
    tx.execute("delete from sessions where account_id = $1", &vals![id])
        .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("account.reset_password", "account", id, &acc.username).reason(reason),
    )
    .await?;
    tx.commit().await?;
    Ok(pw)
}

/// Removes the second factor; the account enrols again at its next sign-in.
pub async fn reset_totp(db: &Db, actor: &Actor, id: Uuid, reason: &str) -> Result<()> {
    actor.require(Permission::TotpReset)?;
    require_reason(reason)?;
    let mut tx = db.begin().await?;
    let acc = get_row(&mut tx, id).await?;
    tx.execute(
        "update accounts set totp_secret = $1, totp_enabled = $2, totp_last_step = $3, updated_at = $4 where id = $5",
        &vals![None::<String>, false, None::<i64>, now(), id],
    )
    .await?;
    tx.execute("delete from sessions where account_id = $1", &vals![id])
        .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("account.reset_totp", "account", id, &acc.username).reason(reason),
    )
    .await?;
    tx.commit().await
}

pub async fn count(db: &Db) -> Result<i64> {
    Ok(db
        .fetch_one::<crate::db::Count>("select count(*) as n from accounts", &[])
        .await?
        .n)
}
