//! Third-party providers (服务提供方, R-6.9): the provider's qualification,
//! reviewed by the platform (R-6.9.4.1.a); each service it connects, moving
//! through the standard's access flow (R-6.9.2: business relation, access
//! method, interfaces, normative access document, joint debugging,
//! completion); the responsible person, the platform's operations and
//! security strategies, the approved emergency plan (R-6.9.4.1.b, 6.9.4.2.a,
//! 6.9.4.3.b); releases with their test reports (R-6.9.4.2.d, e).
//! Suspension and restoration live in `suspension`.

pub mod suspension;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::actor::{Actor, ActorKind};
use crate::db::{Db, Tx};
use crate::error::{Error, FieldError, Result};
use crate::files::{check_file, store_file};
use crate::security::audit::{self, Event};
use crate::security::role::{Permission, Role};
use crate::time::{new_id, now};
use crate::vals;

pub use gsp_protocol::codes::provider::CATEGORIES;
pub const METHODS: [&str; 2] = ["protocol", "sdk"];
pub use gsp_protocol::codes::provider::FORMATS;
pub use gsp_protocol::codes::provider::LANGUAGES;
/// Party-level qualification documents (with validity) and service-level documents.
pub const QUALIFICATION_KINDS: [&str; 2] = ["business-licence", "industry-qualification"];
pub const SERVICE_DOC_KINDS: [&str; 2] = ["access-document", "emergency-plan"];
pub use gsp_protocol::codes::provider::RELEASE_KINDS;

/// The access flow of a service, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Relation,
    Method,
    Interfaces,
    Document,
    Debugging,
    Completed,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Relation,
        Step::Method,
        Step::Interfaces,
        Step::Document,
        Step::Debugging,
        Step::Completed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Step::Relation => "relation",
            Step::Method => "method",
            Step::Interfaces => "interfaces",
            Step::Document => "document",
            Step::Debugging => "debugging",
            Step::Completed => "completed",
        }
    }
    pub fn from_code(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Who may move a service on from each step, and where it goes. The provider
/// describes the relation, method and interfaces; the platform agrees the
/// access document, runs the joint debugging and completes. Anything not
/// here is refused.
pub const FLOW: &[(Step, Role, Step)] = &[
    (Step::Relation, Role::Provider, Step::Method),
    (Step::Method, Role::Provider, Step::Interfaces),
    (Step::Interfaces, Role::Provider, Step::Document),
    (Step::Document, Role::Reviewer, Step::Debugging),
    (Step::Debugging, Role::Reviewer, Step::Completed),
];

/// Where `roles` may move a service on from `from`.
pub fn next_step(from: Step, roles: &[Role]) -> Result<Step> {
    FLOW.iter()
        .find(|(f, r, _)| *f == from && roles.contains(r))
        .map(|(_, _, to)| *to)
        .ok_or_else(|| Error::InvalidTransition(format!("{} → next", from.code())))
}

/// One interface a service offers or needs (R-6.9.2.c).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Interface {
    pub name: String,
    /// `offered` by the provider or `needed` from the platform
    pub direction: String,
    pub purpose: String,
    pub request: String,
    pub answer: String,
}

/// What is recorded about a service, step by step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceData {
    /// 业务关系 (R-6.9.2.a)
    pub relation: String,
    /// `protocol` or `sdk` (R-6.9.2.b, R-6.9.3.b)
    pub access_method: String,
    /// for the protocol: `json`, `xml`
    pub formats: Vec<String>,
    /// for an SDK: the languages it supports
    pub sdk_languages: Vec<String>,
    pub interfaces: Vec<Interface>,
    /// 责任人 (R-6.9.4.2.a)
    pub responsible_name: String,
    pub responsible_phone: String,
    pub responsible_email: String,
    /// set by the platform (R-6.9.4.1.b)
    pub ops_strategy: String,
    pub security_strategy: String,
}

/// What else must exist before a step can be left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    pub access_document: bool,
    pub passing_run: bool,
    pub emergency_plan_approved: bool,
    pub accepted_release: bool,
}

/// Everything missing before `step` can be left, each by its field.
pub fn step_errors(step: Step, d: &ServiceData, f: &Facts) -> Vec<FieldError> {
    let mut e = Vec::new();
    let mut need = |ok: bool, field: &str, code: &str| {
        if !ok {
            e.push(FieldError::new(field, code));
        }
    };
    let filled = |s: &str| !s.trim().is_empty();
    match step {
        Step::Relation => need(filled(&d.relation), "relation", "field.required"),
        Step::Method => {
            need(
                METHODS.contains(&d.access_method.as_str()),
                "access_method",
                "field.required",
            );
            if d.access_method == "protocol" {
                need(
                    !d.formats.is_empty()
                        && d.formats.iter().all(|x| FORMATS.contains(&x.as_str())),
                    "formats",
                    "field.required",
                );
            }
            if d.access_method == "sdk" {
                need(
                    !d.sdk_languages.is_empty()
                        && d.sdk_languages
                            .iter()
                            .all(|x| LANGUAGES.contains(&x.as_str())),
                    "sdk_languages",
                    "field.required",
                );
            }
        }
        Step::Interfaces => {
            need(
                !d.interfaces.is_empty(),
                "interfaces",
                "service.no_interfaces",
            );
            for (k, i) in d.interfaces.iter().enumerate() {
                let ok = filled(&i.name)
                    && filled(&i.purpose)
                    && filled(&i.request)
                    && filled(&i.answer)
                    && ["offered", "needed"].contains(&i.direction.as_str());
                need(
                    ok,
                    &format!("interfaces[{k}]"),
                    "service.interface_incomplete",
                );
            }
        }
        Step::Document => need(
            f.access_document,
            "access_document",
            "service.no_access_document",
        ),
        Step::Debugging => {
            need(f.passing_run, "debug_runs", "service.no_passing_run");
            need(
                filled(&d.responsible_name) && filled(&d.responsible_phone),
                "responsible_name",
                "service.no_responsible",
            );
            need(filled(&d.ops_strategy), "ops_strategy", "field.required");
            need(
                filled(&d.security_strategy),
                "security_strategy",
                "field.required",
            );
            need(
                f.emergency_plan_approved,
                "emergency_plan",
                "service.no_emergency_plan",
            );
            need(f.accepted_release, "test_report", "service.no_test_report");
        }
        Step::Completed => {}
    }
    e
}

fn roles_of(actor: &Actor) -> Vec<Role> {
    if actor.kind == ActorKind::System {
        Role::ALL.to_vec()
    } else {
        actor.roles.clone()
    }
}

#[derive(sqlx::FromRow)]
struct PartyOrg {
    organisation_id: Uuid,
    kind: String,
    name: String,
}

/// The provider party, if `actor` may see it (providers: their own only).
async fn provider_party(tx: &mut Tx, actor: &Actor, party: Uuid) -> Result<PartyOrg> {
    let p: PartyOrg = tx
        .fetch_optional(
            "select organisation_id, kind, name from access_parties where id = $1",
            &vals![party],
        )
        .await?
        .ok_or(Error::NotFound("provider"))?;
    actor.check_org(p.organisation_id, "provider")?;
    if p.kind != "third-party" {
        return Err(Error::field("party", "provider.not_third_party"));
    }
    Ok(p)
}

// ---------------------------------------------------------------- profiles

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct ProviderRow {
    pub party_id: Uuid,
    pub name: String,
    pub uscc: String,
    pub party_status: String,
    pub capability: Option<String>,
    /// `none` (nothing filed), `draft`, `submitted`, `approved`, `refused`
    pub state: String,
    pub comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub services: i64,
    pub suspended: i64,
}

const PROVIDER_SELECT: &str = "select p.id as party_id, p.name, o.uscc, p.status as party_status, f.capability, \
     coalesce(f.state, 'none') as state, f.comment, f.reviewed_by, f.reviewed_at, \
     (select count(*) from provider_services s where s.party_id = p.id) as services, \
     (select count(*) from provider_services s where s.party_id = p.id and s.suspended = $1) as suspended \
     from access_parties p join organisations o on o.id = p.organisation_id \
     left join provider_profiles f on f.party_id = p.id where p.kind = 'third-party'";

/// The third-party parties with their qualification state (providers: their own).
pub async fn list(db: &Db, actor: &Actor) -> Result<Vec<ProviderRow>> {
    actor.require(Permission::ProviderView)?;
    let mut sql = PROVIDER_SELECT.to_string();
    let mut args = vals![true].to_vec();
    if let Some(org) = actor.org_filter()? {
        crate::db::push_cond(
            &mut args,
            &mut sql,
            " and p.organisation_id = $?",
            crate::db::Val::Uuid(org),
        );
    }
    sql.push_str(" order by p.name");
    db.fetch_all(&sql, &args).await
}

pub async fn get(db: &Db, actor: &Actor, party: Uuid) -> Result<ProviderRow> {
    actor.require(Permission::ProviderView)?;
    let mut tx = db.begin().await?;
    provider_party(&mut tx, actor, party).await?;
    let row = tx
        .fetch_one(
            &format!("{PROVIDER_SELECT} and p.id = $2"),
            &vals![true, party],
        )
        .await?;
    tx.commit().await?;
    Ok(row)
}

/// The provider's capability description (its own, while not approved).
pub async fn save_profile(db: &Db, actor: &Actor, party: Uuid, capability: &str) -> Result<()> {
    actor.require(Permission::ProviderEdit)?;
    let capability = capability.trim();
    let n = capability.chars().count();
    if n == 0 || n > 4000 {
        return Err(Error::field("capability", "field.required"));
    }
    let mut tx = db.begin().await?;
    let p = provider_party(&mut tx, actor, party).await?;
    let state = profile_state(&mut tx, party).await?;
    if matches!(state.as_deref(), Some("submitted") | Some("approved")) {
        return Err(Error::InvalidTransition(format!(
            "{} → edit",
            state.unwrap_or_default()
        )));
    }
    let t = now();
    tx.execute(
        "delete from provider_profiles where party_id = $1",
        &vals![party],
    )
    .await?;
    tx.execute(
        "insert into provider_profiles (party_id, capability, state, updated_at) values ($1, $2, $3, $4)",
        &vals![party, capability, "draft", t],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("provider.profile", "access_party", party, &p.name)
            .changes(serde_json::json!({"capability": capability})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn profile_state(tx: &mut Tx, party: Uuid) -> Result<Option<String>> {
    #[derive(sqlx::FromRow)]
    struct S {
        state: String,
    }
    Ok(tx
        .fetch_optional::<S>(
            "select state from provider_profiles where party_id = $1",
            &vals![party],
        )
        .await?
        .map(|s| s.state))
}

/// Files the qualification for review: a capability description and a valid
/// business licence are required.
pub async fn submit_profile(db: &Db, actor: &Actor, party: Uuid) -> Result<()> {
    actor.require(Permission::ProviderEdit)?;
    let mut tx = db.begin().await?;
    let p = provider_party(&mut tx, actor, party).await?;
    let state = profile_state(&mut tx, party).await?;
    match state.as_deref() {
        Some("draft") | Some("refused") => {}
        None => return Err(Error::field("capability", "field.required")),
        Some(s) => return Err(Error::InvalidTransition(format!("{s} → submit"))),
    }
    let today = crate::time::today();
    let licence = tx
        .fetch_one::<crate::db::Count>(
            "select count(*) as n from provider_documents where party_id = $1 and service_id is null \
             and kind = 'business-licence' and status = 'active' and valid_until >= $2",
            &vals![party, &today],
        )
        .await?
        .n;
    if licence == 0 {
        return Err(Error::field("business-licence", "provider.no_licence"));
    }
    tx.execute(
        "update provider_profiles set state = $1, submitted_at = $2, comment = null where party_id = $3",
        &vals!["submitted", now(), party],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("provider.submit", "access_party", party, &p.name),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The platform approves the qualification and capability, or refuses them
/// with a reason (R-6.9.4.1.a).
pub async fn review_profile(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    approve: bool,
    comment: &str,
) -> Result<()> {
    actor.require(Permission::ApplicationReview)?;
    if !approve && comment.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    let mut tx = db.begin().await?;
    let p = provider_party(&mut tx, actor, party).await?;
    let n = tx
        .execute(
            "update provider_profiles set state = $1, comment = $2, reviewed_by = $3, reviewed_at = $4 \
             where party_id = $5 and state = 'submitted'",
            &vals![
                if approve { "approved" } else { "refused" },
                comment.trim(),
                &actor.name,
                now(),
                party
            ],
        )
        .await?;
    if n != 1 {
        return Err(Error::InvalidTransition("not submitted → review".into()));
    }
    audit::append(
        &mut tx,
        actor,
        Event::new(
            if approve {
                "provider.approve"
            } else {
                "provider.refuse"
            },
            "access_party",
            party,
            &p.name,
        )
        .reason(comment),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- documents

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: Uuid,
    pub service_id: Option<Uuid>,
    pub kind: String,
    pub title: String,
    pub version: i64,
    pub valid_until: Option<String>,
    pub file_name: String,
    pub size: i64,
    /// `active`, `superseded`; an emergency plan `pending`, `approved`, `returned`
    pub status: String,
    pub comment: Option<String>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

const DOC_COLUMNS: &str = "id, service_id, kind, title, version, valid_until, file_name, size, status, comment, uploaded_by, uploaded_at";

/// Uploads a qualification document (`service` None: business licence or
/// industry qualification, with validity) or a service's access document or
/// emergency plan (a new version; the access document is agreed by the
/// platform at the document step, the plan approved separately).
#[allow(clippy::too_many_arguments)]
pub async fn upload_document(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    service: Option<Uuid>,
    kind: &str,
    title: &str,
    valid_until: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Uuid> {
    actor.require(Permission::ProviderView)?;
    let mut errors = Vec::new();
    let kinds: &[&str] = if service.is_some() {
        &SERVICE_DOC_KINDS
    } else {
        &QUALIFICATION_KINDS
    };
    if !kinds.contains(&kind) {
        errors.push(FieldError::new("kind", "field.invalid"));
    }
    if title.trim().is_empty() || title.trim().chars().count() > 200 {
        errors.push(FieldError::new("title", "field.required"));
    }
    let valid_until = valid_until.trim();
    if service.is_none() && chrono::NaiveDate::parse_from_str(valid_until, "%Y-%m-%d").is_err() {
        errors.push(FieldError::new("valid_until", "field.date_invalid"));
    }
    let file = check_file(file_name, bytes);
    if let Err(e) = &file {
        errors.push(e.clone());
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let file = file.expect("checked");
    // the access document is the platform's and the provider's; the rest the provider's
    let staff = !actor.org_scoped();
    if staff && kind != "access-document" {
        return Err(Error::Forbidden);
    }
    if !staff {
        actor.require(Permission::ProviderEdit)?;
    }
    let mut tx = db.begin().await?;
    let p = provider_party(&mut tx, actor, party).await?;
    if let Some(s) = service {
        let owner = service_party(&mut tx, s).await?;
        if owner != party {
            return Err(Error::NotFound("service"));
        }
    }
    store_file(&mut tx, &file, bytes).await?;
    let version = tx
        .fetch_one::<crate::db::Count>(
            "select coalesce(max(version), 0) as n from provider_documents where party_id = $1 and kind = $2 \
             and (service_id = $3 or (service_id is null and $4))",
            &vals![party, kind, service, service.is_none()],
        )
        .await?
        .n
        + 1;
    tx.execute(
        "update provider_documents set status = 'superseded' where party_id = $1 and kind = $2 \
         and (service_id = $3 or (service_id is null and $4)) and status in ('active', 'pending')",
        &vals![party, kind, service, service.is_none()],
    )
    .await?;
    let id = new_id();
    tx.execute(
        &format!(
            "insert into provider_documents (id, party_id, {}, sha256, media_type) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            &DOC_COLUMNS[4..]
        ),
        &vals![
            id,
            party,
            service,
            kind,
            title.trim(),
            version,
            Some(valid_until.to_string()).filter(|v| !v.is_empty() && service.is_none()),
            &file.file_name,
            file.size,
            if kind == "emergency-plan" { "pending" } else { "active" },
            Option::<String>::None,
            &actor.name,
            now(),
            &file.sha256,
            file.media_type
        ],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("provider.document", "access_party", party, &p.name).changes(
            serde_json::json!({"kind": kind, "title": title.trim(), "version": version, "service_id": service,
                "file_name": file.file_name, "sha256": file.sha256, "valid_until": valid_until}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The platform approves or returns a service's emergency plan (R-6.9.4.3.b).
pub async fn review_plan(
    db: &Db,
    actor: &Actor,
    doc: Uuid,
    approve: bool,
    comment: &str,
) -> Result<()> {
    actor.require(Permission::ApplicationReview)?;
    if !approve && comment.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    let mut tx = db.begin().await?;
    let n = tx
        .execute(
            "update provider_documents set status = $1, comment = $2, reviewed_by = $3, reviewed_at = $4 \
             where id = $5 and kind = 'emergency-plan' and status = 'pending'",
            &vals![
                if approve { "approved" } else { "returned" },
                comment.trim(),
                &actor.name,
                now(),
                doc
            ],
        )
        .await?;
    if n != 1 {
        return Err(Error::InvalidTransition("not pending → review".into()));
    }
    audit::append(
        &mut tx,
        actor,
        Event::new(
            if approve {
                "plan.approve"
            } else {
                "plan.return"
            },
            "provider_document",
            doc,
            "emergency-plan",
        )
        .reason(comment),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn documents(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    service: Option<Uuid>,
) -> Result<Vec<DocumentRow>> {
    actor.require(Permission::ProviderView)?;
    let mut tx = db.begin().await?;
    provider_party(&mut tx, actor, party).await?;
    let rows = tx
        .fetch_all(
            &format!(
                "select {DOC_COLUMNS} from provider_documents where party_id = $1 \
                 and (service_id = $2 or (service_id is null and $3)) order by kind, version desc"
            ),
            &vals![party, service, service.is_none()],
        )
        .await?;
    tx.commit().await?;
    Ok(rows)
}

// ---------------------------------------------------------------- services

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: Uuid,
    pub party_id: Uuid,
    pub party_name: String,
    pub name: String,
    pub category: String,
    pub step: String,
    pub suspended: bool,
    pub data: String,
    pub updated_at: DateTime<Utc>,
}

impl ServiceRow {
    pub fn data(&self) -> ServiceData {
        serde_json::from_str(&self.data).unwrap_or_default()
    }
    pub fn step(&self) -> Step {
        Step::from_code(&self.step).unwrap_or(Step::Relation)
    }
}

const SERVICE_SELECT: &str = "select s.id, s.party_id, p.name as party_name, s.name, s.category, s.step, s.suspended, s.data, s.updated_at \
     from provider_services s join access_parties p on p.id = s.party_id";

async fn service_party(tx: &mut Tx, service: Uuid) -> Result<Uuid> {
    #[derive(sqlx::FromRow)]
    struct S {
        party_id: Uuid,
    }
    Ok(tx
        .fetch_optional::<S>(
            "select party_id from provider_services where id = $1",
            &vals![service],
        )
        .await?
        .ok_or(Error::NotFound("service"))?
        .party_id)
}

/// One service, if `actor` may see it.
pub async fn service_tx(tx: &mut Tx, actor: &Actor, id: Uuid) -> Result<ServiceRow> {
    actor.require(Permission::ProviderView)?;
    let party = service_party(tx, id).await?;
    provider_party(tx, actor, party)
        .await
        .map_err(|_| Error::NotFound("service"))?;
    tx.fetch_one(&format!("{SERVICE_SELECT} where s.id = $1"), &vals![id])
        .await
}

pub async fn service(db: &Db, actor: &Actor, id: Uuid) -> Result<ServiceRow> {
    let mut tx = db.begin().await?;
    let s = service_tx(&mut tx, actor, id).await?;
    tx.commit().await?;
    Ok(s)
}

/// Services of a provider, or of all providers (`party` None; providers:
/// their own only).
pub async fn services(db: &Db, actor: &Actor, party: Option<Uuid>) -> Result<Vec<ServiceRow>> {
    actor.require(Permission::ProviderView)?;
    let mut sql = format!("{SERVICE_SELECT} where 1 = 1");
    let mut args = Vec::new();
    if let Some(p) = party {
        crate::db::push_cond(
            &mut args,
            &mut sql,
            " and s.party_id = $?",
            crate::db::Val::Uuid(p),
        );
    }
    if let Some(org) = actor.org_filter()? {
        crate::db::push_cond(
            &mut args,
            &mut sql,
            " and p.organisation_id = $?",
            crate::db::Val::Uuid(org),
        );
    }
    sql.push_str(" order by s.suspended desc, p.name, s.name");
    db.fetch_all(&sql, &args).await
}

/// Registers a service a provider connects (the provider itself or the platform).
pub async fn create_service(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    name: &str,
    category: &str,
) -> Result<Uuid> {
    actor.require(Permission::ProviderView)?;
    if actor.org_scoped() {
        actor.require(Permission::ProviderEdit)?;
    } else {
        actor.require(Permission::ApplicationReview)?;
    }
    let mut errors = Vec::new();
    let n = name.trim().chars().count();
    if n == 0 || n > 100 {
        errors.push(FieldError::new("name", "field.required"));
    }
    if !CATEGORIES.contains(&category) {
        errors.push(FieldError::new("category", "field.invalid"));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut tx = db.begin().await?;
    let p = provider_party(&mut tx, actor, party).await?;
    let id = new_id();
    let t = now();
    tx.execute(
        "insert into provider_services (id, party_id, name, category, step, suspended, data, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        &vals![
            id,
            party,
            name.trim(),
            category,
            Step::Relation.code(),
            false,
            serde_json::to_string(&ServiceData::default()).expect("serialisable"),
            t
        ],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("service.create", "service", id, name.trim())
            .changes(serde_json::json!({"provider": p.name, "category": category})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves what a service records. The provider writes its own fields; the
/// platform sets the operations and security strategies. Each keeps the
/// other's fields as stored.
pub async fn save_service(db: &Db, actor: &Actor, id: Uuid, data: &ServiceData) -> Result<()> {
    actor.require(Permission::ProviderView)?;
    let mut tx = db.begin().await?;
    let s = service_tx(&mut tx, actor, id).await?;
    let old = s.data();
    let mut new = data.clone();
    if !actor.org_scoped() {
        actor.require(Permission::ApplicationReview)?;
        new = ServiceData {
            ops_strategy: data.ops_strategy.trim().into(),
            security_strategy: data.security_strategy.trim().into(),
            ..old.clone()
        };
    } else {
        actor.require(Permission::ProviderEdit)?;
        new.ops_strategy = old.ops_strategy.clone();
        new.security_strategy = old.security_strategy.clone();
    }
    let mut errors = Vec::new();
    for (f, v) in [
        ("relation", &new.relation),
        ("ops_strategy", &new.ops_strategy),
        ("security_strategy", &new.security_strategy),
    ] {
        if v.chars().count() > 4000 {
            errors.push(FieldError::new(f, "field.too_long"));
        }
    }
    if !new.responsible_email.trim().is_empty() && !new.responsible_email.contains('@') {
        errors.push(FieldError::new("responsible_email", "field.email_invalid"));
    }
    if new.interfaces.len() > 50 {
        errors.push(FieldError::new("interfaces", "field.too_long"));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    if new == old {
        return Ok(());
    }
    tx.execute(
        "update provider_services set data = $1, updated_at = $2 where id = $3",
        &vals![
            serde_json::to_string(&new).expect("serialisable"),
            now(),
            id
        ],
    )
    .await?;
    let changed: Vec<String> = crate::catalog::impl_list::diff(Some(&old), &new)
        .into_iter()
        .map(|c| c.field)
        .collect();
    audit::append(
        &mut tx,
        actor,
        Event::new("service.save", "service", id, &s.name)
            .changes(serde_json::json!({"fields": changed, "data": new})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn facts(tx: &mut Tx, service: Uuid) -> Result<Facts> {
    let mut f = Facts::default();
    for (flag, sql) in [
        (
            0,
            "select count(*) as n from provider_documents where service_id = $1 and kind = 'access-document' and status = 'active'",
        ),
        (
            1,
            "select count(*) as n from service_debug_runs where service_id = $1 and result = 'pass'",
        ),
        (
            2,
            "select count(*) as n from provider_documents where service_id = $1 and kind = 'emergency-plan' and status = 'approved'",
        ),
        (
            3,
            "select count(*) as n from service_releases where service_id = $1 and status = 'accepted'",
        ),
    ] {
        let n = tx
            .fetch_one::<crate::db::Count>(sql, &vals![service])
            .await?
            .n
            > 0;
        match flag {
            0 => f.access_document = n,
            1 => f.passing_run = n,
            2 => f.emergency_plan_approved = n,
            _ => f.accepted_release = n,
        }
    }
    Ok(f)
}

/// What still blocks the service's current step.
pub async fn blockers(db: &Db, actor: &Actor, id: Uuid) -> Result<Vec<FieldError>> {
    let mut tx = db.begin().await?;
    let s = service_tx(&mut tx, actor, id).await?;
    let f = facts(&mut tx, id).await?;
    tx.commit().await?;
    Ok(step_errors(s.step(), &s.data(), &f))
}

/// Moves a service to its next step once the current one is complete.
pub async fn advance(db: &Db, actor: &Actor, id: Uuid) -> Result<Step> {
    actor.require(Permission::ProviderView)?;
    let mut tx = db.begin().await?;
    let s = service_tx(&mut tx, actor, id).await?;
    let from = s.step();
    let to = next_step(from, &roles_of(actor))?;
    let f = facts(&mut tx, id).await?;
    let errors = step_errors(from, &s.data(), &f);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let n = tx
        .execute(
            "update provider_services set step = $1, updated_at = $2 where id = $3 and step = $4",
            &vals![to.code(), now(), id, from.code()],
        )
        .await?;
    if n != 1 {
        return Err(Error::Conflict("service changed meanwhile".into()));
    }
    audit::append(
        &mut tx,
        actor,
        Event::new("service.advance", "service", id, &s.name)
            .changes(serde_json::json!({"from": from.code(), "to": to.code()})),
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct RunRow {
    pub id: Uuid,
    pub cases: String,
    pub result: String,
    pub notes: String,
    pub run_by: String,
    pub run_at: DateTime<Utc>,
}

/// Records a joint-debugging run (R-6.9.2.e): the cases run and the result.
pub async fn record_run(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    cases: &str,
    result: &str,
    notes: &str,
) -> Result<()> {
    actor.require(Permission::ApplicationReview)?;
    let mut errors = Vec::new();
    if cases.trim().is_empty() {
        errors.push(FieldError::new("cases", "field.required"));
    }
    if !["pass", "fail"].contains(&result) {
        errors.push(FieldError::new("result", "field.invalid"));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut tx = db.begin().await?;
    let s = service_tx(&mut tx, actor, id).await?;
    if s.step() != Step::Debugging {
        return Err(Error::InvalidTransition(format!(
            "{} → debugging run",
            s.step
        )));
    }
    let t = now();
    tx.execute(
        "insert into service_debug_runs (id, service_id, cases, result, notes, run_by, run_at) values ($1, $2, $3, $4, $5, $6, $7)",
        &vals![new_id(), id, cases.trim(), result, notes.trim(), &actor.name, t],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("service.debug_run", "service", id, &s.name).changes(
            serde_json::json!({"cases": cases.trim(), "result": result, "notes": notes.trim()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn runs(db: &Db, actor: &Actor, id: Uuid) -> Result<Vec<RunRow>> {
    let mut tx = db.begin().await?;
    service_tx(&mut tx, actor, id).await?;
    let rows = tx
        .fetch_all(
            "select id, cases, result, notes, run_by, run_at from service_debug_runs where service_id = $1 order by run_at desc",
            &vals![id],
        )
        .await?;
    tx.commit().await?;
    Ok(rows)
}

// ---------------------------------------------------------------- releases

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NewRelease {
    pub version: String,
    /// `initial`, `fix`, `update`, `restoration`
    pub kind: String,
    /// YYYY-MM-DD
    pub tested_on: String,
    pub scope: String,
    pub results: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct ReleaseRow {
    pub id: Uuid,
    pub service_id: Uuid,
    pub version: String,
    pub kind: String,
    pub tested_on: String,
    pub scope: String,
    pub results: String,
    pub file_name: String,
    /// `submitted`, `accepted`, `returned`
    pub status: String,
    pub live: bool,
    pub comment: Option<String>,
    pub submitted_by: String,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

const RELEASE_COLUMNS: &str = "id, service_id, version, kind, tested_on, scope, results, file_name, status, live, comment, submitted_by, submitted_at, reviewed_by, reviewed_at";

pub fn validate_release(r: &NewRelease) -> Vec<FieldError> {
    let mut e = Vec::new();
    let v = r.version.trim();
    if v.is_empty() || v.len() > 40 || v.contains(char::is_whitespace) {
        e.push(FieldError::new("version", "field.required"));
    }
    if !RELEASE_KINDS.contains(&r.kind.as_str()) {
        e.push(FieldError::new("kind", "field.invalid"));
    }
    if chrono::NaiveDate::parse_from_str(r.tested_on.trim(), "%Y-%m-%d").is_err() {
        e.push(FieldError::new("tested_on", "field.date_invalid"));
    }
    if r.scope.trim().is_empty() {
        e.push(FieldError::new("scope", "field.required"));
    }
    if r.results.trim().is_empty() {
        e.push(FieldError::new("results", "field.required"));
    }
    e
}

/// The provider submits a release with its test report (R-6.9.4.2.d, e).
pub async fn submit_release(
    db: &Db,
    actor: &Actor,
    service: Uuid,
    r: &NewRelease,
    file_name: &str,
    bytes: &[u8],
) -> Result<Uuid> {
    actor.require(Permission::ProviderEdit)?;
    let mut errors = validate_release(r);
    let file = check_file(file_name, bytes);
    if let Err(e) = &file {
        errors.push(e.clone());
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let file = file.expect("checked");
    let mut tx = db.begin().await?;
    let s = service_tx(&mut tx, actor, service).await?;
    store_file(&mut tx, &file, bytes).await?;
    let id = new_id();
    let inserted = tx
        .execute(
            &format!(
                "insert into service_releases ({RELEASE_COLUMNS}, sha256) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
            ),
            &vals![
                id,
                service,
                r.version.trim(),
                &r.kind,
                r.tested_on.trim(),
                r.scope.trim(),
                r.results.trim(),
                &file.file_name,
                "submitted",
                false,
                Option::<String>::None,
                &actor.name,
                now(),
                Option::<String>::None,
                Option::<DateTime<Utc>>::None,
                &file.sha256
            ],
        )
        .await;
    match inserted {
        Err(e) if e.is_unique_violation() => {
            return Err(Error::field("version", "release.version_taken"))
        }
        other => other?,
    };
    audit::append(
        &mut tx,
        actor,
        Event::new("release.submit", "service", service, &s.name).changes(serde_json::json!({
            "release_id": id, "version": r.version.trim(), "kind": r.kind, "tested_on": r.tested_on.trim(),
            "scope": r.scope.trim(), "results": r.results.trim(), "file_name": file.file_name, "sha256": file.sha256,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Accepting a test report puts its release live (the only way a release goes
/// live); returning it needs a reason.
pub async fn review_release(
    db: &Db,
    actor: &Actor,
    release: Uuid,
    accept: bool,
    comment: &str,
) -> Result<()> {
    actor.require(Permission::ApplicationReview)?;
    let mut tx = db.begin().await?;
    review_release_tx(&mut tx, actor, release, accept, comment).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn review_release_tx(
    tx: &mut Tx,
    actor: &Actor,
    release: Uuid,
    accept: bool,
    comment: &str,
) -> Result<()> {
    if !accept && comment.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    let r: ReleaseRow = tx
        .fetch_optional(
            &format!("select {RELEASE_COLUMNS} from service_releases where id = $1"),
            &vals![release],
        )
        .await?
        .ok_or(Error::NotFound("release"))?;
    let s = service_tx(tx, actor, r.service_id).await?;
    if r.status != "submitted" {
        return Err(Error::InvalidTransition(format!("{} → review", r.status)));
    }
    let t = now();
    if accept {
        tx.execute(
            "update service_releases set live = $1 where service_id = $2",
            &vals![false, r.service_id],
        )
        .await?;
    }
    tx.execute(
        "update service_releases set status = $1, live = $2, comment = $3, reviewed_by = $4, reviewed_at = $5 where id = $6",
        &vals![
            if accept { "accepted" } else { "returned" },
            accept,
            comment.trim(),
            &actor.name,
            t,
            release
        ],
    )
    .await?;
    audit::append(
        tx,
        actor,
        Event::new(
            if accept {
                "release.accept"
            } else {
                "release.return"
            },
            "service",
            r.service_id,
            &s.name,
        )
        .changes(serde_json::json!({"release_id": release, "version": r.version}))
        .reason(comment),
    )
    .await?;
    Ok(())
}

pub async fn releases(db: &Db, actor: &Actor, service: Uuid) -> Result<Vec<ReleaseRow>> {
    let mut tx = db.begin().await?;
    service_tx(&mut tx, actor, service).await?;
    let rows = tx
        .fetch_all(
            &format!("select {RELEASE_COLUMNS} from service_releases where service_id = $1 order by submitted_at desc"),
            &vals![service],
        )
        .await?;
    tx.commit().await?;
    Ok(rows)
}

/// A provider document's or a test report's file, for someone who may see
/// its provider; audited.
pub async fn download(
    db: &Db,
    actor: &Actor,
    kind: &str,
    id: Uuid,
) -> Result<(String, String, Vec<u8>)> {
    actor.require(Permission::ProviderView)?;
    #[derive(sqlx::FromRow)]
    struct F {
        party_id: Uuid,
        file_name: String,
        media_type: String,
        content: Vec<u8>,
    }
    let sql = match kind {
        "document" => "select d.party_id, d.file_name, f.media_type, f.content from provider_documents d \
                       join files f on f.sha256 = d.sha256 where d.id = $1",
        "release" => "select s.party_id, r.file_name, f.media_type, f.content from service_releases r \
                      join provider_services s on s.id = r.service_id join files f on f.sha256 = r.sha256 where r.id = $1",
        _ => return Err(Error::NotFound("file")),
    };
    let mut tx = db.begin().await?;
    let f: F = tx
        .fetch_optional(sql, &vals![id])
        .await?
        .ok_or(Error::NotFound("file"))?;
    provider_party(&mut tx, actor, f.party_id)
        .await
        .map_err(|_| Error::NotFound("file"))?;
    audit::append(
        &mut tx,
        actor,
        Event::new("provider.download", kind, id, &f.file_name),
    )
    .await?;
    tx.commit().await?;
    Ok((f.file_name, f.media_type, f.content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flow_table_over_every_step_and_role() {
        for from in Step::ALL {
            for role in Role::ALL {
                let got = next_step(from, &[role]).ok();
                let want = FLOW
                    .iter()
                    .find(|(f, r, _)| *f == from && *r == role)
                    .map(|(_, _, t)| *t);
                assert_eq!(got, want, "{from:?} by {role:?}");
            }
        }
        // the flow visits every step once, in order, and ends at completion
        let mut step = Step::Relation;
        let mut seen = vec![step];
        while let Some((_, _, to)) = FLOW.iter().find(|(f, _, _)| *f == step) {
            step = *to;
            seen.push(step);
        }
        assert_eq!(seen, Step::ALL);
        assert!(next_step(Step::Completed, &Role::ALL).is_err());
        // the provider cannot agree its own document or complete itself
        assert!(next_step(Step::Document, &[Role::Provider]).is_err());
        assert!(next_step(Step::Debugging, &[Role::Provider]).is_err());
    }

    #[test]
    fn each_step_names_what_it_misses() {
        let none = Facts::default();
        let fields = |step, d: &ServiceData, f: &Facts| -> Vec<String> {
            step_errors(step, d, f)
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        let mut d = ServiceData::default();
        assert_eq!(fields(Step::Relation, &d, &none), ["relation"]);
        d.relation = "统一公共支付平台的代收机构".into();
        assert!(fields(Step::Relation, &d, &none).is_empty());
        assert_eq!(fields(Step::Method, &d, &none), ["access_method"]);
        d.access_method = "protocol".into();
        assert_eq!(fields(Step::Method, &d, &none), ["formats"]);
        d.formats = vec!["json".into(), "yaml".into()];
        assert_eq!(fields(Step::Method, &d, &none), ["formats"]);
        d.formats = vec!["json".into()];
        assert!(fields(Step::Method, &d, &none).is_empty());
        d.access_method = "sdk".into();
        assert_eq!(fields(Step::Method, &d, &none), ["sdk_languages"]);
        d.sdk_languages = vec!["java".into()];
        assert!(fields(Step::Method, &d, &none).is_empty());
        assert_eq!(fields(Step::Interfaces, &d, &none), ["interfaces"]);
        d.interfaces = vec![Interface {
            name: "支付发起".into(),
            direction: "offered".into(),
            purpose: "门户发起缴费".into(),
            request: "订单号、金额".into(),
            answer: String::new(),
        }];
        assert_eq!(fields(Step::Interfaces, &d, &none), ["interfaces[0]"]);
        d.interfaces[0].answer = "支付流水号".into();
        assert!(fields(Step::Interfaces, &d, &none).is_empty());
        assert_eq!(fields(Step::Document, &d, &none), ["access_document"]);
        assert_eq!(
            fields(Step::Debugging, &d, &none),
            [
                "debug_runs",
                "responsible_name",
                "ops_strategy",
                "security_strategy",
                "emergency_plan",
                "test_report"
            ]
        );
        d.responsible_name = "王敏".into();
        d.responsible_phone = "13800138000".into();
        d.ops_strategy = "7×24 值守".into();
        d.security_strategy = "国密 SM4 加密传输".into();
        let all = Facts {
            access_document: true,
            passing_run: true,
            emergency_plan_approved: true,
            accepted_release: true,
        };
        assert!(fields(Step::Debugging, &d, &all).is_empty());
    }
}
