//! The workbench (工作台): one queue of what waits for the signed-in person,
//! oldest first, with its age. A reviewer sees applications, implementation
//! items, reported catalogs, provider filings, test reports and seal systems
//! waiting for review; a supervisor sees restoration applications, current
//! suspensions and open alarms; an operator sees the applications and
//! reported items their party must act on; a provider the suspensions it
//! must apply to lift and the reports returned to it. (X-Road's security
//! server lists pending management requests the same way.)

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::actor::Actor;
use crate::db::{Db, Val};
use crate::error::Result;
use crate::security::role::Permission;

/// How many of each kind the workbench lists (each links to its full list).
pub const PER_KIND: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    /// What waits: `application`, `impl`, `reported_catalog`, `provider`,
    /// `release`, `seal_system`, `restoration`, `suspension`, `alarm`,
    /// `application_returned`, `application_draft`, `impl_returned`,
    /// `reported_catalog_returned`, `restoration_needed`.
    pub kind: &'static str,
    pub party_name: String,
    /// The application number, service, system or alarm title.
    pub subject: String,
    /// The state it waits in (a state code of its kind).
    pub state: String,
    /// How many records (impl items, alarms of a party); 1 for one record.
    pub count: i64,
    /// Since when it waits (the oldest, for a group).
    pub since: DateTime<Utc>,
    /// Where it is dealt with.
    pub link: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    party_name: String,
    subject: String,
    state: String,
    count: i64,
    since: DateTime<Utc>,
}

/// One kind of task: its query (columns id, party_name, subject, state,
/// count, since; `$org` stands for the organisation filter) and its link.
struct Source {
    kind: &'static str,
    sql: &'static str,
    link: fn(Uuid) -> String,
}

fn sources(actor: &Actor) -> Vec<Source> {
    let mut out = Vec::new();
    let review = actor.can(Permission::ApplicationReview);
    let supervise = actor.can(Permission::ApplicationSupervise);
    let operate = actor.can(Permission::ApplicationEdit);
    let provide = actor.can(Permission::ProviderEdit);
    let ops = actor.can(Permission::OpsManage);
    if review {
        out.push(Source {
            kind: "application",
            sql: "select a.id, p.name as party_name, a.number as subject, a.state, cast(1 as bigint) as count, a.updated_at as since \
                  from applications a join access_parties p on p.id = a.party_id \
                  where a.state in ('submitted', 'under-review', 'env-ready', 'joint-debugging') $org \
                  order by a.updated_at limit $limit",
            link: |id| format!("/applications/{id}"),
        });
        out.push(Source {
            kind: "impl",
            sql: "select i.party_id as id, p.name as party_name, '' as subject, 'pending' as state, count(*) as count, min(i.submitted_at) as since \
                  from impl_items i join access_parties p on p.id = i.party_id \
                  where i.status = 'pending' $org group by i.party_id, p.name order by since limit $limit",
            link: |_| "/implementation-lists".into(),
        });
        out.push(Source {
            kind: "reported_catalog",
            sql: "select i.party_id as id, p.name as party_name, '' as subject, 'pending' as state, count(*) as count, min(i.submitted_at) as since \
                  from reported_catalog i join access_parties p on p.id = i.party_id \
                  where i.status = 'pending' $org group by i.party_id, p.name order by since limit $limit",
            link: |_| "/implementation-lists?tab=catalog".into(),
        });
        out.push(Source {
            kind: "provider",
            sql: "select f.party_id as id, p.name as party_name, p.name as subject, f.state, cast(1 as bigint) as count, f.updated_at as since \
                  from provider_profiles f join access_parties p on p.id = f.party_id \
                  where f.state = 'submitted' $org order by f.updated_at limit $limit",
            link: |id| format!("/providers/{id}"),
        });
        out.push(Source {
            kind: "release",
            sql: "select s.id, p.name as party_name, s.name || ' ' || r.version as subject, r.status as state, cast(1 as bigint) as count, r.submitted_at as since \
                  from service_releases r join provider_services s on s.id = r.service_id join access_parties p on p.id = s.party_id \
                  where r.status = 'submitted' $org order by r.submitted_at limit $limit",
            link: |id| format!("/services/{id}"),
        });
        out.push(Source {
            kind: "seal_system",
            sql: "select x.id, p.name as party_name, x.name as subject, x.state, cast(1 as bigint) as count, x.updated_at as since \
                  from seal_systems x join access_parties p on p.id = x.party_id \
                  where x.state in ('registered', 'docking-test') $org order by x.updated_at limit $limit",
            link: |_| "/seals".into(),
        });
    }
    if supervise {
        out.push(Source {
            kind: "restoration",
            sql: "select coalesce(x.service_id, x.party_id) as id, p.name as party_name, coalesce(s.name, p.name) as subject, r.state, cast(1 as bigint) as count, r.filed_at as since \
                  from restorations r join suspensions x on x.id = r.suspension_id join access_parties p on p.id = x.party_id \
                  left join provider_services s on s.id = x.service_id \
                  where r.state = 'submitted' $org order by r.filed_at limit $limit",
            link: |_| "/suspensions".into(),
        });
        out.push(Source {
            kind: "suspension",
            sql: "select x.id, p.name as party_name, coalesce(s.name, p.name) as subject, x.severity as state, cast(1 as bigint) as count, x.suspended_at as since \
                  from suspensions x join access_parties p on p.id = x.party_id left join provider_services s on s.id = x.service_id \
                  where x.state = 'active' $org order by x.suspended_at limit $limit",
            link: |_| "/suspensions".into(),
        });
    }
    if ops {
        out.push(Source {
            kind: "alarm",
            sql: "select a.party_id as id, p.name as party_name, '' as subject, 'open' as state, count(*) as count, min(a.raised_at) as since \
                  from ops_alarms a join access_parties p on p.id = a.party_id \
                  where a.state = 'open' $org group by a.party_id, p.name order by since limit $limit",
            link: |_| "/operations/alarms".into(),
        });
    }
    if operate && !review {
        out.push(Source {
            kind: "application_returned",
            sql: "select a.id, p.name as party_name, a.number as subject, a.state, cast(1 as bigint) as count, a.updated_at as since \
                  from applications a join access_parties p on p.id = a.party_id \
                  where a.state in ('returned', 'approved') $org order by a.updated_at limit $limit",
            link: |id| format!("/applications/{id}"),
        });
        out.push(Source {
            kind: "application_draft",
            sql: "select a.id, p.name as party_name, a.number as subject, a.state, cast(1 as bigint) as count, a.updated_at as since \
                  from applications a join access_parties p on p.id = a.party_id \
                  where a.state = 'draft' $org order by a.updated_at limit $limit",
            link: |id| format!("/applications/{id}"),
        });
        out.push(Source {
            kind: "impl_returned",
            sql: "select i.party_id as id, p.name as party_name, '' as subject, 'returned' as state, count(*) as count, min(i.submitted_at) as since \
                  from impl_items i join access_parties p on p.id = i.party_id \
                  where i.status = 'returned' $org group by i.party_id, p.name order by since limit $limit",
            link: |_| "/implementation-lists".into(),
        });
        out.push(Source {
            kind: "reported_catalog_returned",
            sql: "select i.party_id as id, p.name as party_name, '' as subject, 'returned' as state, count(*) as count, min(i.submitted_at) as since \
                  from reported_catalog i join access_parties p on p.id = i.party_id \
                  where i.status = 'returned' $org group by i.party_id, p.name order by since limit $limit",
            link: |_| "/implementation-lists?tab=catalog".into(),
        });
    }
    if (operate || provide) && !supervise {
        // a suspended service is restored from its page, a suspended party from its own
        out.push(Source {
            kind: "restoration_needed",
            sql: "select s.id, p.name as party_name, s.name as subject, x.severity as state, cast(1 as bigint) as count, x.suspended_at as since \
                  from suspensions x join access_parties p on p.id = x.party_id join provider_services s on s.id = x.service_id \
                  where x.state = 'active' and not exists (select 1 from restorations r where r.suspension_id = x.id and r.state = 'submitted') $org \
                  order by x.suspended_at limit $limit",
            link: |id| format!("/services/{id}"),
        });
        out.push(Source {
            kind: "restoration_needed",
            sql: "select p.id, p.name as party_name, p.name as subject, x.severity as state, cast(1 as bigint) as count, x.suspended_at as since \
                  from suspensions x join access_parties p on p.id = x.party_id \
                  where x.state = 'active' and x.service_id is null \
                  and not exists (select 1 from restorations r where r.suspension_id = x.id and r.state = 'submitted') $org \
                  order by x.suspended_at limit $limit",
            link: |id| format!("/parties/{id}"),
        });
    }
    out
}

/// What waits for `actor`, oldest first; operators and providers see only
/// their own organisation's.
pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>> {
    actor.require(Permission::DashboardView)?;
    let org = actor.org_filter()?;
    let mut out = Vec::new();
    for s in sources(actor) {
        let (filter, args) = match org {
            Some(o) => (" and p.organisation_id = $1", vec![Val::Uuid(o)]),
            None => ("", vec![]),
        };
        let sql = s
            .sql
            .replace("$org", filter)
            .replace("$limit", &PER_KIND.to_string());
        let rows: Vec<Row> = db.fetch_all(&sql, &args).await?;
        out.extend(rows.into_iter().map(|r| Task {
            kind: s.kind,
            party_name: r.party_name,
            subject: r.subject,
            state: r.state,
            count: r.count,
            since: r.since,
            link: (s.link)(r.id),
        }));
    }
    out.sort_by_key(|t| t.since);
    Ok(out)
}
