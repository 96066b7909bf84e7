//! Real counts for the dashboard.

use chrono::Duration;
use serde::Serialize;

use crate::db::{Count, Db};
use crate::error::Result;
use crate::role::Role;
use crate::time::now;
use crate::vals;

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
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

async fn n(db: &Db, sql: &str, args: &[crate::db::Val]) -> Result<i64> {
    Ok(db.fetch_one::<Count>(sql, args).await?.n)
}

pub async fn dashboard(db: &Db) -> Result<Dashboard> {
    let t = now();
    let day = t - Duration::hours(24);
    let mut by_role = Vec::new();
    for r in Role::ALL {
        by_role.push((
            r,
            n(
                db,
                "select count(*) as n from account_roles where role = $1",
                &vals![r.code()],
            )
            .await?,
        ));
    }
    Ok(Dashboard {
        accounts: n(db, "select count(*) as n from accounts", &[]).await?,
        accounts_disabled: n(db, "select count(*) as n from accounts where disabled = true", &[]).await?,
        accounts_locked: n(db, "select count(*) as n from accounts where locked_until > $1", &vals![t]).await?,
        organisations: n(db, "select count(*) as n from organisations", &[]).await?,
        active_sessions: crate::session::count_active(db).await?,
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
