//! Emergency suspension and restoration (R-6.9.4.3.a): a supervisor
//! suspends a service or a whole access party that fails seriously; the
//! effect is immediate (its credentials get 4001 on the very next call). The
//! provider or the party's operator applies for restoration (what failed,
//! what was fixed, for a service a new test report); supervisors restore or
//! return the application. There is no other way back. Owners and
//! supervisors are notified in the console.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::actor::Actor;
use crate::db::{Db, Tx};
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::role::{Permission, Role};
use crate::time::{new_id, now};
use crate::vals;

pub use gsp_protocol::codes::suspension::SEVERITIES;

/// What is suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Service(Uuid),
    Party(Uuid),
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Order {
    pub severity: String,
    pub reason: String,
    /// an alarm of the operations system (#7), optional
    pub alarm_ref: String,
}

pub fn validate(o: &Order) -> Vec<FieldError> {
    let mut e = Vec::new();
    if !SEVERITIES.contains(&o.severity.as_str()) {
        e.push(FieldError::new("severity", "field.required"));
    }
    let n = o.reason.trim().chars().count();
    if n == 0 || n > 2000 {
        e.push(FieldError::new("reason", "reason.required"));
    }
    if o.alarm_ref.chars().count() > 100 {
        e.push(FieldError::new("alarm_ref", "field.too_long"));
    }
    e
}

/// A console notification to an organisation's people or to a role.
pub(crate) async fn notify(
    tx: &mut Tx,
    organisation: Option<Uuid>,
    role: Option<Role>,
    kind: &str,
    title: &str,
    link: &str,
) -> Result<()> {
    tx.execute(
        "insert into notifications (id, organisation_id, role, kind, title, link, created_at) values ($1, $2, $3, $4, $5, $6, $7)",
        &vals![new_id(), organisation, role.map(|r| r.code()), kind, title, link, now()],
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Owner {
    party_id: Uuid,
    organisation_id: Uuid,
    party_name: String,
    name: String,
}

async fn owner(tx: &mut Tx, target: Target) -> Result<Owner> {
    match target {
        Target::Service(id) => tx
            .fetch_optional(
                "select s.party_id, p.organisation_id, p.name as party_name, s.name from provider_services s \
                 join access_parties p on p.id = s.party_id where s.id = $1",
                &vals![id],
            )
            .await?
            .ok_or(Error::NotFound("service")),
        Target::Party(id) => tx
            .fetch_optional(
                "select p.id as party_id, p.organisation_id, p.name as party_name, p.name from access_parties p where p.id = $1",
                &vals![id],
            )
            .await?
            .ok_or(Error::NotFound("access party")),
    }
}

fn link(target: Target, party: Uuid) -> String {
    match target {
        Target::Service(id) => format!("/services/{id}"),
        Target::Party(_) => format!("/parties/{party}"),
    }
}

/// Moves the party's application from `from` to `to` and writes the step
/// on its timeline.
async fn app_event(
    tx: &mut Tx,
    actor: &Actor,
    party: Uuid,
    from: &str,
    to: &str,
    action: &str,
    comment: &str,
) -> Result<()> {
    #[derive(sqlx::FromRow)]
    struct A {
        id: Uuid,
        version: i64,
    }
    let apps: Vec<A> = tx
        .fetch_all(
            "select id, version from applications where party_id = $1 and state = $2",
            &vals![party, from],
        )
        .await?;
    let t = now();
    for a in apps {
        tx.execute(
            "update applications set state = $1, updated_at = $2 where id = $3",
            &vals![to, t, a.id],
        )
        .await?;
        tx.execute(
            "insert into application_events (id, application_id, at, actor_id, actor_name, action, from_state, to_state, comment, version) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &vals![new_id(), a.id, t, actor.id.parse::<Uuid>().ok(), &actor.name, action, from, to, comment, a.version],
        )
        .await?;
    }
    Ok(())
}

/// Suspends at once; one transaction with its audit record and notices.
pub async fn suspend(db: &Db, actor: &Actor, target: Target, order: &Order) -> Result<Uuid> {
    actor.require(Permission::ApplicationSupervise)?;
    let errors = validate(order);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut tx = db.begin().await?;
    let o = owner(&mut tx, target).await?;
    let t = now();
    let (service, n) = match target {
        Target::Service(id) => (
            Some(id),
            tx.execute(
                "update provider_services set suspended = $1, updated_at = $2 where id = $3 and suspended = $4 and step = 'completed'",
                &vals![true, t, id, false],
            )
            .await?,
        ),
        Target::Party(id) => {
            let n = tx
                .execute(
                    "update access_parties set status = 'suspended', updated_at = $1 where id = $2 and status = 'connected'",
                    &vals![t, id],
                )
                .await?;
            app_event(&mut tx, actor, id, "connected", "suspended", "suspend", order.reason.trim()).await?;
            (None, n)
        }
    };
    if n != 1 {
        return Err(Error::InvalidTransition(
            "only a live service or a connected party can be suspended".into(),
        ));
    }
    let id = new_id();
    let alarm = Some(order.alarm_ref.trim().to_string()).filter(|a| !a.is_empty());
    tx.execute(
        "insert into suspensions (id, party_id, service_id, severity, reason, alarm_ref, state, suspended_by, suspended_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &vals![id, o.party_id, service, &order.severity, order.reason.trim(), alarm.clone(), "active", &actor.name, t],
    )
    .await?;
    let title = format!("紧急暂停：{}（{}）", o.name, order.reason.trim());
    let to = link(target, o.party_id);
    notify(
        &mut tx,
        Some(o.organisation_id),
        None,
        "suspension",
        &title,
        &to,
    )
    .await?;
    notify(
        &mut tx,
        None,
        Some(Role::Supervisor),
        "suspension",
        &title,
        &to,
    )
    .await?;
    let (entity, entity_id) = match target {
        Target::Service(s) => ("service", s),
        Target::Party(p) => ("access_party", p),
    };
    audit::append(
        &mut tx,
        actor,
        Event::new("suspension.suspend", entity, entity_id, &o.name)
            .changes(serde_json::json!({"suspension_id": id, "party": o.party_name, "severity": order.severity, "alarm_ref": alarm}))
            .reason(order.reason.trim()),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Application {
    pub failure: String,
    pub fix: String,
    /// the new release with its test report (required for a service)
    pub release_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct SuspensionRow {
    pub id: Uuid,
    pub party_id: Uuid,
    pub party_name: String,
    pub service_id: Option<Uuid>,
    pub service_name: Option<String>,
    pub severity: String,
    pub reason: String,
    pub alarm_ref: Option<String>,
    /// `active` or `restored`
    pub state: String,
    pub suspended_by: String,
    pub suspended_at: DateTime<Utc>,
    pub restored_by: Option<String>,
    pub restored_at: Option<DateTime<Utc>>,
    /// the latest restoration application's state, if any
    pub restoration: Option<String>,
    pub restoration_id: Option<Uuid>,
}

impl SuspensionRow {
    /// What the audit trail files it under: the service, or the party.
    fn entity(&self) -> (&'static str, Uuid) {
        match self.service_id {
            Some(s) => ("service", s),
            None => ("access_party", self.party_id),
        }
    }
}

const SELECT: &str = "select x.id, x.party_id, p.name as party_name, x.service_id, s.name as service_name, x.severity, x.reason, \
     x.alarm_ref, x.state, x.suspended_by, x.suspended_at, x.restored_by, x.restored_at, \
     (select r.state from restorations r where r.suspension_id = x.id order by r.filed_at desc limit 1) as restoration, \
     (select r.id from restorations r where r.suspension_id = x.id order by r.filed_at desc limit 1) as restoration_id \
     from suspensions x join access_parties p on p.id = x.party_id left join provider_services s on s.id = x.service_id";

async fn load(tx: &mut Tx, actor: &Actor, id: Uuid) -> Result<SuspensionRow> {
    let row: SuspensionRow = tx
        .fetch_optional(&format!("{SELECT} where x.id = $1"), &vals![id])
        .await?
        .ok_or(Error::NotFound("suspension"))?;
    if actor.org_scoped() {
        #[derive(sqlx::FromRow)]
        struct O {
            organisation_id: Uuid,
        }
        let o: O = tx
            .fetch_one(
                "select organisation_id from access_parties where id = $1",
                &vals![row.party_id],
            )
            .await?;
        actor.check_org(o.organisation_id, "suspension")?;
    }
    Ok(row)
}

/// The owner applies for restoration. A service needs a release with a test
/// report submitted after the suspension. One open application at a time.
pub async fn apply(db: &Db, actor: &Actor, suspension: Uuid, a: &Application) -> Result<Uuid> {
    if !(actor.can(Permission::ProviderEdit) || actor.can(Permission::ApplicationEdit)) {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    for (f, v) in [("failure", &a.failure), ("fix", &a.fix)] {
        let n = v.trim().chars().count();
        if n == 0 || n > 4000 {
            errors.push(FieldError::new(f, "field.required"));
        }
    }
    let mut tx = db.begin().await?;
    let s = load(&mut tx, actor, suspension).await?;
    if s.state != "active" {
        return Err(Error::InvalidTransition("restored → apply".into()));
    }
    if s.restoration.as_deref() == Some("submitted") {
        return Err(Error::Conflict(
            "a restoration application is waiting already".into(),
        ));
    }
    if let Some(service) = s.service_id {
        #[derive(sqlx::FromRow)]
        struct Rel {
            service_id: Uuid,
            status: String,
            submitted_at: DateTime<Utc>,
        }
        let r: Option<Rel> = match a.release_id {
            Some(id) => {
                tx.fetch_optional(
                    "select service_id, status, submitted_at from service_releases where id = $1",
                    &vals![id],
                )
                .await?
            }
            None => None,
        };
        let ok = r.is_some_and(|r| {
            r.service_id == service && r.status == "submitted" && r.submitted_at >= s.suspended_at
        });
        if !ok {
            errors.push(FieldError::new(
                "release_id",
                "restoration.test_report_required",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let id = new_id();
    tx.execute(
        "insert into restorations (id, suspension_id, failure, fix, release_id, state, filed_by, filed_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        &vals![id, suspension, a.failure.trim(), a.fix.trim(), a.release_id.filter(|_| s.service_id.is_some()), "submitted", &actor.name, now()],
    )
    .await?;
    let name = s
        .service_name
        .clone()
        .unwrap_or_else(|| s.party_name.clone());
    notify(
        &mut tx,
        None,
        Some(Role::Supervisor),
        "restoration",
        &format!("恢复申请：{name}"),
        "/suspensions",
    )
    .await?;
    let (entity, entity_id) = s.entity();
    audit::append(
        &mut tx,
        actor,
        Event::new("suspension.apply", entity, entity_id, &name).changes(serde_json::json!({
            "suspension_id": suspension, "restoration_id": id, "failure": a.failure.trim(), "fix": a.fix.trim(), "release_id": a.release_id,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A supervisor restores (accepting the attached test report, which puts its
/// release live) or returns the application with a reason.
pub async fn review(
    db: &Db,
    actor: &Actor,
    restoration: Uuid,
    restore: bool,
    comment: &str,
) -> Result<()> {
    actor.require(Permission::ApplicationSupervise)?;
    if !restore && comment.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    #[derive(sqlx::FromRow)]
    struct Rest {
        suspension_id: Uuid,
        release_id: Option<Uuid>,
        state: String,
    }
    let mut tx = db.begin().await?;
    let r: Rest = tx
        .fetch_optional(
            "select suspension_id, release_id, state from restorations where id = $1",
            &vals![restoration],
        )
        .await?
        .ok_or(Error::NotFound("restoration"))?;
    if r.state != "submitted" {
        return Err(Error::InvalidTransition(format!("{} → review", r.state)));
    }
    let s = load(&mut tx, actor, r.suspension_id).await?;
    let t = now();
    tx.execute(
        "update restorations set state = $1, comment = $2, reviewed_by = $3, reviewed_at = $4 where id = $5",
        &vals![if restore { "approved" } else { "returned" }, comment.trim(), &actor.name, t, restoration],
    )
    .await?;
    let name = s
        .service_name
        .clone()
        .unwrap_or_else(|| s.party_name.clone());
    if restore {
        if let Some(release) = r.release_id {
            // the supervisor's restoration accepts the new test report
            crate::providers::review_release_tx(&mut tx, actor, release, true, comment).await?;
        }
        tx.execute(
            "update suspensions set state = 'restored', restored_by = $1, restored_at = $2 where id = $3 and state = 'active'",
            &vals![&actor.name, t, s.id],
        )
        .await?;
        match s.service_id {
            Some(service) => {
                // another active suspension of the same service keeps it suspended
                tx.execute(
                    "update provider_services set suspended = $1, updated_at = $2 where id = $3 \
                     and not exists (select 1 from suspensions x where x.service_id = $3 and x.state = 'active')",
                    &vals![false, t, service],
                )
                .await?;
            }
            None => {
                tx.execute(
                    "update access_parties set status = 'connected', updated_at = $1 where id = $2 and status = 'suspended'",
                    &vals![t, s.party_id],
                )
                .await?;
                app_event(
                    &mut tx,
                    actor,
                    s.party_id,
                    "suspended",
                    "connected",
                    "restore",
                    comment.trim(),
                )
                .await?;
            }
        }
    }
    #[derive(sqlx::FromRow)]
    struct O {
        organisation_id: Uuid,
    }
    let o: O = tx
        .fetch_one(
            "select organisation_id from access_parties where id = $1",
            &vals![s.party_id],
        )
        .await?;
    let to = match s.service_id {
        Some(id) => format!("/services/{id}"),
        None => format!("/parties/{}", s.party_id),
    };
    notify(
        &mut tx,
        Some(o.organisation_id),
        None,
        "restoration",
        &format!(
            "{}：{name}",
            if restore {
                "已恢复"
            } else {
                "恢复申请被退回"
            }
        ),
        &to,
    )
    .await?;
    let (entity, entity_id) = s.entity();
    audit::append(
        &mut tx,
        actor,
        Event::new(
            if restore {
                "suspension.restore"
            } else {
                "suspension.return"
            },
            entity,
            entity_id,
            &name,
        )
        .changes(serde_json::json!({"suspension_id": s.id, "restoration_id": restoration, "release_id": r.release_id}))
        .reason(comment),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Suspensions, newest first: `active_only` for the supervisors' list;
/// `party`/`service` for one history (owners: their own only). At most
/// [`LIST_CAP`], saying when more match.
pub const LIST_CAP: usize = 500;

pub async fn list(
    db: &Db,
    actor: &Actor,
    active_only: bool,
    party: Option<Uuid>,
    service: Option<Uuid>,
) -> Result<crate::Capped<SuspensionRow>> {
    if !(actor.can(Permission::ApplicationSupervise)
        || actor.can(Permission::ProviderView)
        || actor.can(Permission::PartyView))
    {
        return Err(Error::Forbidden);
    }
    let mut sql = format!("{SELECT} where 1 = 1");
    let mut args = Vec::new();
    use crate::db::{push_cond, Val};
    if active_only {
        push_cond(
            &mut args,
            &mut sql,
            " and x.state = $?",
            Val::Text("active".into()),
        );
    }
    if let Some(p) = party {
        push_cond(&mut args, &mut sql, " and x.party_id = $?", Val::Uuid(p));
    }
    if let Some(s) = service {
        push_cond(&mut args, &mut sql, " and x.service_id = $?", Val::Uuid(s));
    }
    if let Some(org) = actor.org_filter()? {
        push_cond(
            &mut args,
            &mut sql,
            " and p.organisation_id = $?",
            Val::Uuid(org),
        );
    }
    sql.push_str(&format!(
        " order by x.suspended_at desc limit {}",
        crate::Capped::<SuspensionRow>::limit(LIST_CAP)
    ));
    Ok(crate::Capped::of(
        db.fetch_all(&sql, &args).await?,
        LIST_CAP,
    ))
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct RestorationRow {
    pub id: Uuid,
    pub failure: String,
    pub fix: String,
    pub release_id: Option<Uuid>,
    pub release_version: Option<String>,
    pub state: String,
    pub comment: Option<String>,
    pub filed_by: String,
    pub filed_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// The restoration applications of one suspension, newest first.
pub async fn restorations(db: &Db, actor: &Actor, suspension: Uuid) -> Result<Vec<RestorationRow>> {
    let mut tx = db.begin().await?;
    load(&mut tx, actor, suspension).await?;
    let rows = tx
        .fetch_all(
            "select r.id, r.failure, r.fix, r.release_id, v.version as release_version, r.state, r.comment, r.filed_by, \
             r.filed_at, r.reviewed_by, r.reviewed_at from restorations r left join service_releases v on v.id = r.release_id \
             where r.suspension_id = $1 order by r.filed_at desc",
            &vals![suspension],
        )
        .await?;
    tx.commit().await?;
    Ok(rows)
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct NoticeRow {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
}

/// The latest notices for `actor`: its organisation's and its roles'.
pub async fn notices(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<NoticeRow>> {
    let roles: Vec<&str> = actor.roles.iter().map(|r| r.code()).collect();
    let mut sql = String::from(
        "select id, kind, title, link, created_at from notifications where (organisation_id = $1",
    );
    let mut args = vals![actor.organisation_id.unwrap_or(Uuid::nil())].to_vec();
    for r in roles {
        args.push(crate::db::Val::Text(r.to_string()));
        sql.push_str(&format!(" or role = ${}", args.len()));
    }
    sql.push_str(&format!(
        ") order by created_at desc limit {}",
        limit.clamp(1, 100)
    ));
    db.fetch_all(&sql, &args).await
}
