//! Real counts for the dashboard.

use chrono::Duration;
use serde::Serialize;

use uuid::Uuid;

use crate::actor::Actor;
use crate::db::{Count, Db};
use crate::error::Result;
use crate::security::role::{Permission, Role};
use crate::time::now;
use crate::vals;

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// Set when the figures are those of one organisation (operators and
    /// providers see only their own).
    pub organisation: Option<String>,
    pub accounts: i64,
    pub accounts_disabled: i64,
    pub accounts_locked: i64,
    pub organisations: i64,
    pub active_sessions: i64,
    pub audit_records: i64,
    pub sign_ins_24h: i64,
    pub failed_sign_ins_24h: i64,
    pub accounts_by_role: Vec<(Role, i64)>,
}

/// Accounts per role in one grouped query, every listed role present (0 when none).
async fn role_counts(
    db: &Db,
    sql: &str,
    args: &[crate::db::Val],
    listed: impl Fn(Role) -> bool,
) -> Result<Vec<(Role, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        role: String,
        n: i64,
    }
    let rows: Vec<Row> = db.fetch_all(sql, args).await?;
    Ok(Role::ALL
        .into_iter()
        .filter(|r| listed(*r))
        .map(|r| {
            (
                r,
                rows.iter().find(|x| x.role == r.code()).map_or(0, |x| x.n),
            )
        })
        .collect())
}

async fn n(db: &Db, sql: &str, args: &[crate::db::Val]) -> Result<i64> {
    Ok(db.fetch_one::<Count>(sql, args).await?.n)
}

/// The dashboard of `actor`: platform-wide for platform staff, one
/// organisation's for operators and providers.
pub async fn dashboard(db: &Db, actor: &Actor) -> Result<Dashboard> {
    actor.require(Permission::DashboardView)?;
    if let Some(org) = actor.org_filter()? {
        return org_dashboard(db, org).await;
    }
    let t = now();
    let day = t - Duration::hours(24);
    let by_role = role_counts(
        db,
        "select role, count(*) as n from account_roles group by role",
        &[],
        |_| true,
    )
    .await?;
    Ok(Dashboard {
        organisation: None,
        accounts: n(db, "select count(*) as n from accounts", &[]).await?,
        accounts_disabled: n(db, "select count(*) as n from accounts where disabled = true", &[]).await?,
        accounts_locked: n(db, "select count(*) as n from accounts where locked_until > $1", &vals![t]).await?,
        organisations: n(db, "select count(*) as n from organisations", &[]).await?,
        active_sessions: crate::security::session::count_active(db).await?,
        audit_records: n(db, "select count(*) as n from audit_log", &[]).await?,
        sign_ins_24h: n(db, "select count(*) as n from audit_log where action = 'auth.sign_in' and at >= $1", &vals![day]).await?,
        failed_sign_ins_24h: n(
            db,
            "select count(*) as n from audit_log where action in ('auth.sign_in_failed', 'auth.locked') and at >= $1",
            &vals![day],
        )
        .await?,
        accounts_by_role: by_role,
    })
}

async fn org_dashboard(db: &Db, org: Uuid) -> Result<Dashboard> {
    let t = now();
    let name = crate::access::organisation::get(db, org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let by_role = role_counts(
        db,
        "select r.role, count(*) as n from account_roles r join accounts a on a.id = r.account_id \
         where a.organisation_id = $1 group by r.role",
        &vals![org],
        |r| r.is_org_scoped(),
    )
    .await?;
    let cutoff = t - Duration::minutes(crate::security::session::IDLE_MINUTES);
    Ok(Dashboard {
        organisation: Some(name),
        accounts: n(db, "select count(*) as n from accounts where organisation_id = $1", &vals![org]).await?,
        accounts_disabled: n(db, "select count(*) as n from accounts where organisation_id = $1 and disabled = true", &vals![org]).await?,
        accounts_locked: n(db, "select count(*) as n from accounts where organisation_id = $1 and locked_until > $2", &vals![org, t]).await?,
        organisations: 1,
        active_sessions: n(
            db,
            "select count(*) as n from sessions s join accounts a on a.id = s.account_id where a.organisation_id = $1 and s.stage = 'full' and s.last_seen_at > $2",
            &vals![org, cutoff],
        )
        .await?,
        audit_records: 0,
        sign_ins_24h: 0,
        failed_sign_ins_24h: 0,
        accounts_by_role: by_role,
    })
}
