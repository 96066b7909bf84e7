//! Access applications: scope over the eight contents of, a
//! structured plan, evidence, and a review workflow that is a pure state
//! machine (`transition`) driven by the services below.

pub mod evidence;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::actor::Actor;
use crate::db::{Db, Tx, Val};
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::role::{Permission, Role};
use crate::time::{new_id, now};
use crate::vals;

pub use gsp_protocol::codes::application::CONTENTS;

pub use gsp_protocol::codes::application::INTERFACES;

/// The sections of an application a reviewer comments on.
pub const SECTIONS: [&str; 6] = [
    "scope",
    "network",
    "security",
    "hardware",
    "interfaces",
    "evidence",
];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    /// IP network topology, described.
    pub topology: String,
    /// IP addresses and CIDR ranges the party will call from.
    pub addresses: Vec<String>,
    pub domains: Vec<String>,
    /// Where the platform is deployed (machine room, cloud region).
    pub location: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Security {
    pub plan: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hardware {
    pub cloud_platform: String,
    pub load_balancers: String,
    pub devices: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interfaces {
    pub interfaces: Vec<String>,
    /// Expected calls per day.
    pub daily_calls: i64,
}

/// The access plan of .a, in its four sections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub network: Network,
    pub security: Security,
    pub hardware: Hardware,
    pub interfaces: Interfaces,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    Draft,
    Submitted,
    UnderReview,
    Returned,
    Approved,
    EnvReady,
    JointDebugging,
    Connected,
    Rejected,
    Suspended,
    Retired,
}

impl State {
    pub const ALL: [State; 11] = [
        State::Draft,
        State::Submitted,
        State::UnderReview,
        State::Returned,
        State::Approved,
        State::EnvReady,
        State::JointDebugging,
        State::Connected,
        State::Rejected,
        State::Suspended,
        State::Retired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::UnderReview => "under-review",
            State::Returned => "returned",
            State::Approved => "approved",
            State::EnvReady => "env-ready",
            State::JointDebugging => "joint-debugging",
            State::Connected => "connected",
            State::Rejected => "rejected",
            State::Suspended => "suspended",
            State::Retired => "retired",
        }
    }

    pub fn from_code(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The party may still change the application.
    pub fn editable(self) -> bool {
        matches!(self, State::Draft | State::Returned)
    }

    /// Approved and not (yet) rejected or retired: credentials may be issued.
    pub fn grants_access(self) -> bool {
        matches!(
            self,
            State::Approved | State::EnvReady | State::JointDebugging | State::Connected
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Submit,
    StartReview,
    Return,
    Reject,
    Approve,
    MarkEnvReady,
    StartDebugging,
    Connect,
    Suspend,
    Restore,
    Retire,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Action::Submit,
        Action::StartReview,
        Action::Return,
        Action::Reject,
        Action::Approve,
        Action::MarkEnvReady,
        Action::StartDebugging,
        Action::Connect,
        Action::Suspend,
        Action::Restore,
        Action::Retire,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::StartReview => "start-review",
            Action::Return => "return",
            Action::Reject => "reject",
            Action::Approve => "approve",
            Action::MarkEnvReady => "env-ready",
            Action::StartDebugging => "start-debugging",
            Action::Connect => "connect",
            Action::Suspend => "suspend",
            Action::Restore => "restore",
            Action::Retire => "retire",
        }
    }

    pub fn from_code(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Returning, rejecting, suspending, restoring and retiring need a reason.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Action::Return | Action::Reject | Action::Suspend | Action::Restore | Action::Retire
        )
    }
}

/// Every allowed (from, action, role) and where it leads. Anything not here
/// is refused.
pub const TRANSITIONS: &[(State, Action, Role, State)] = {
    use Action::*;
    use Role::*;
    use State::*;
    &[
        (Draft, Submit, PartyOperator, Submitted),
        (Returned, Submit, PartyOperator, Submitted),
        (Submitted, StartReview, Reviewer, UnderReview),
        (UnderReview, Return, Reviewer, Returned),
        (UnderReview, Reject, Reviewer, Rejected),
        (UnderReview, Approve, Reviewer, Approved),
        // .b: the party builds and hardens its environment
        (Approved, MarkEnvReady, PartyOperator, EnvReady),
        (EnvReady, StartDebugging, Reviewer, JointDebugging),
        (JointDebugging, Connect, Reviewer, Connected),
        // suspension and restoration go through `suspension` (R-6.9.4.3):
        // a restoration application reviewed by a supervisor is the only way back
        (Connected, Retire, Reviewer, Retired),
        (Suspended, Retire, Reviewer, Retired),
    ]
};

/// The pure state machine: where `action` by someone holding `roles` leads
/// from `from`, or why not.
pub fn transition(from: State, action: Action, roles: &[Role]) -> Result<State> {
    let mut seen = false;
    for (f, a, r, to) in TRANSITIONS {
        if *f == from && *a == action {
            seen = true;
            if roles.contains(r) {
                return Ok(*to);
            }
        }
    }
    if seen {
        Err(Error::Forbidden)
    } else {
        Err(Error::InvalidTransition(format!(
            "{} → {}",
            from.code(),
            action.code()
        )))
    }
}

/// The actions someone holding `roles` may take from `from`.
pub fn allowed_actions(from: State, roles: &[Role]) -> Vec<Action> {
    TRANSITIONS
        .iter()
        .filter(|(f, _, r, _)| *f == from && roles.contains(r))
        .map(|(_, a, _, _)| *a)
        .collect()
}

fn ip_or_cidr_ok(s: &str) -> bool {
    match s.split_once('/') {
        None => s.parse::<std::net::IpAddr>().is_ok(),
        Some((ip, bits)) => match (ip.parse::<std::net::IpAddr>(), bits.parse::<u8>()) {
            (Ok(std::net::IpAddr::V4(_)), Ok(b)) => b <= 32,
            (Ok(std::net::IpAddr::V6(_)), Ok(b)) => b <= 128,
            _ => false,
        },
    }
}

fn domain_ok(s: &str) -> bool {
    let labels: Vec<&str> = s.trim_end_matches('.').split('.').collect();
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|t| t.bytes().all(|b| b.is_ascii_alphabetic()))
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// Checks a plan and scope. Shapes are checked always (a draft cannot hold
/// an address that is not one); presence only when `complete` (submission).
pub fn validate(scope: &[String], plan: &Plan, complete: bool) -> Vec<FieldError> {
    let mut e = Vec::new();
    let req = |field: &str, empty: bool, e: &mut Vec<FieldError>| {
        if complete && empty {
            e.push(FieldError::new(field, "field.required"));
        }
    };
    if scope.iter().any(|c| !CONTENTS.contains(&c.as_str())) {
        e.push(FieldError::new("scope", "field.invalid"));
    } else {
        req("scope", scope.is_empty(), &mut e);
    }
    let n = &plan.network;
    if too_long(&n.topology, 4000) {
        e.push(FieldError::new("network.topology", "field.too_long"));
    } else {
        req("network.topology", n.topology.trim().is_empty(), &mut e);
    }
    if n.addresses.iter().any(|a| !ip_or_cidr_ok(a)) || n.addresses.len() > 100 {
        e.push(FieldError::new("network.addresses", "app.address_invalid"));
    } else {
        req("network.addresses", n.addresses.is_empty(), &mut e);
    }
    if n.domains.iter().any(|d| !domain_ok(d)) || n.domains.len() > 100 {
        e.push(FieldError::new("network.domains", "app.domain_invalid"));
    } else {
        req("network.domains", n.domains.is_empty(), &mut e);
    }
    if too_long(&n.location, 200) {
        e.push(FieldError::new("network.location", "field.too_long"));
    } else {
        req("network.location", n.location.trim().is_empty(), &mut e);
    }
    if too_long(&plan.security.plan, 8000) {
        e.push(FieldError::new("security.plan", "field.too_long"));
    } else {
        req(
            "security.plan",
            plan.security.plan.trim().is_empty(),
            &mut e,
        );
    }
    let h = &plan.hardware;
    for (f, v) in [
        ("hardware.cloud_platform", &h.cloud_platform),
        ("hardware.load_balancers", &h.load_balancers),
        ("hardware.devices", &h.devices),
    ] {
        if too_long(v, 2000) {
            e.push(FieldError::new(f, "field.too_long"));
        }
    }
    req(
        "hardware.cloud_platform",
        h.cloud_platform.trim().is_empty(),
        &mut e,
    );
    let i = &plan.interfaces;
    if i.interfaces
        .iter()
        .any(|x| !INTERFACES.contains(&x.as_str()))
    {
        e.push(FieldError::new("interfaces.interfaces", "field.invalid"));
    } else {
        req("interfaces.interfaces", i.interfaces.is_empty(), &mut e);
    }
    if i.daily_calls < 0 || i.daily_calls > 10_000_000_000 {
        e.push(FieldError::new(
            "interfaces.daily_calls",
            "app.calls_invalid",
        ));
    } else {
        req("interfaces.daily_calls", i.daily_calls == 0, &mut e);
    }
    e
}

/// Splits a textarea into its non-empty trimmed lines (also split on commas).
pub fn lines(s: &str) -> Vec<String> {
    s.split(['\n', ',', '，'])
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// One field that differs between two submitted versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub section: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, x, out);
            }
        }
        serde_json::Value::Array(a) if a.iter().all(|x| !x.is_object()) => {
            let items: Vec<String> = a
                .iter()
                .map(|x| match x {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            out.insert(prefix.to_string(), items.join("\n"));
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), x, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        serde_json::Value::Null => {
            out.insert(prefix.to_string(), String::new());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// What a submission holds, as stored per version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub scope: Vec<String>,
    pub plan: Plan,
    /// evidence kind → its description (file, hash, certificate fields)
    pub evidence: BTreeMap<String, BTreeMap<String, String>>,
}

/// Field-by-field differences between two versions, in section order.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    let to_flat = |s: &Snapshot, out: &mut BTreeMap<String, String>| {
        let mut v = serde_json::to_value(&s.plan).expect("serialisable");
        if let serde_json::Value::Object(m) = &mut v {
            m.insert("scope".into(), serde_json::json!(s.scope));
            m.insert("evidence".into(), serde_json::json!(s.evidence));
        }
        flatten("", &v, out);
    };
    to_flat(old, &mut a);
    to_flat(new, &mut b);
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut out: Vec<Change> = keys
        .into_iter()
        .filter_map(|k| {
            let (o, n) = (
                a.get(k).cloned().unwrap_or_default(),
                b.get(k).cloned().unwrap_or_default(),
            );
            (o != n).then(|| {
                let section = k.split('.').next().unwrap_or("").to_string();
                Change {
                    section,
                    field: k.clone(),
                    old: o,
                    new: n,
                }
            })
        })
        .collect();
    let order = |s: &str| SECTIONS.iter().position(|x| *x == s).unwrap_or(99);
    out.sort_by_key(|c| order(&c.section));
    out
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AppRow {
    pub id: Uuid,
    pub number: String,
    pub party_id: Uuid,
    pub party_name: String,
    pub party_kind: String,
    pub organisation_id: Uuid,
    pub state: String,
    pub scope: String,
    pub plan: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AppRow {
    pub fn state(&self) -> State {
        State::from_code(&self.state).unwrap_or(State::Draft)
    }
    pub fn scope(&self) -> Vec<String> {
        serde_json::from_str(&self.scope).unwrap_or_default()
    }
    pub fn plan(&self) -> Plan {
        serde_json::from_str(&self.plan).unwrap_or_default()
    }
}

const SELECT: &str =
    "select a.id, a.number, a.party_id, p.name as party_name, p.kind as party_kind, \
     p.organisation_id, a.state, a.scope, a.plan, a.version, a.created_at, a.updated_at \
     from applications a join access_parties p on p.id = a.party_id";

fn actor_uuid(actor: &Actor) -> Option<Uuid> {
    actor.id.parse().ok()
}

/// Loads one application for `actor`.
pub async fn get(db: &Db, actor: &Actor, id: Uuid) -> Result<AppRow> {
    actor.require(Permission::ApplicationView)?;
    let row: AppRow = db
        .fetch_optional(&format!("{SELECT} where a.id = $1"), &vals![id])
        .await?
        .ok_or(Error::NotFound("application"))?;
    actor.check_org(row.organisation_id, "application")?;
    Ok(row)
}

pub async fn get_tx(tx: &mut Tx, actor: &Actor, id: Uuid) -> Result<AppRow> {
    let row: AppRow = tx
        .fetch_optional(&format!("{SELECT} where a.id = $1"), &vals![id])
        .await?
        .ok_or(Error::NotFound("application"))?;
    actor.check_org(row.organisation_id, "application")?;
    Ok(row)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<String>,
    pub party_id: Option<Uuid>,
}

/// Applications, newest first, after `after` (keyset on the time-ordered id).
pub async fn list(
    db: &Db,
    actor: &Actor,
    f: &Filter,
    after: Option<Uuid>,
    limit: i64,
) -> Result<(Vec<AppRow>, Option<Uuid>)> {
    actor.require(Permission::ApplicationView)?;
    let mut sql = format!("{SELECT} where 1 = 1");
    let mut args: Vec<Val> = Vec::new();
    let mut push =
        |cond: &str, v: Val, sql: &mut String| crate::db::push_cond(&mut args, sql, cond, v);
    if let Some(org) = actor.org_filter()? {
        push(" and p.organisation_id = $?", Val::Uuid(org), &mut sql);
    }
    if let Some(s) = f.state.as_deref().filter(|s| !s.is_empty()) {
        push(" and a.state = $?", Val::Text(s.into()), &mut sql);
    }
    if let Some(p) = f.party_id {
        push(" and a.party_id = $?", Val::Uuid(p), &mut sql);
    }
    if let Some(a) = after {
        push(" and a.id < $?", Val::Uuid(a), &mut sql);
    }
    let limit = limit.clamp(1, 200);
    sql.push_str(&format!(" order by a.id desc limit {}", limit + 1));
    let mut rows: Vec<AppRow> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| r.id);
    Ok((rows, next))
}

#[allow(clippy::too_many_arguments)]
async fn event(
    tx: &mut Tx,
    actor: &Actor,
    app: Uuid,
    action: &str,
    states: (Option<State>, Option<State>),
    section: Option<&str>,
    comment: Option<&str>,
    version: i64,
) -> Result<()> {
    tx.execute(
        "insert into application_events (id, application_id, at, actor_id, actor_name, action, from_state, to_state, section, comment, version) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &vals![
            new_id(),
            app,
            now(),
            actor_uuid(actor),
            &actor.name,
            action,
            states.0.map(|s| s.code()),
            states.1.map(|s| s.code()),
            section,
            comment,
            version
        ],
    )
    .await?;
    Ok(())
}

/// An operator opens a draft application for one of its organisation's parties.
pub async fn create(db: &Db, actor: &Actor, party_id: Uuid) -> Result<(Uuid, String)> {
    actor.require(Permission::ApplicationEdit)?;
    #[derive(sqlx::FromRow)]
    struct P {
        name: String,
        organisation_id: Uuid,
        status: String,
    }
    let mut tx = db.begin().await?;
    let p: P = tx
        .fetch_optional(
            "select name, organisation_id, status from access_parties where id = $1",
            &vals![party_id],
        )
        .await?
        .ok_or_else(|| Error::field("party_id", "app.party_unknown"))?;
    if actor.check_org(p.organisation_id, "application").is_err() {
        return Err(Error::field("party_id", "app.party_unknown"));
    }
    if p.status == "retired" {
        return Err(Error::field("party_id", "app.party_retired"));
    }
    let t = now();
    let n = tx
        .fetch_one::<crate::db::Count>("select count(*) as n from applications", &[])
        .await?
        .n;
    let number = format!("JR{}{:06}", t.format("%Y"), n + 1);
    let id = new_id();
    tx.execute(
        "insert into applications (id, number, party_id, state, scope, plan, version, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        &vals![
            id,
            &number,
            party_id,
            State::Draft.code(),
            "[]",
            serde_json::to_string(&Plan::default()).expect("serialisable"),
            0,
            actor_uuid(actor),
            t
        ],
    )
    .await
    .map_err(|e| {
        if e.is_unique_violation() {
            Error::Conflict("application number".into())
        } else {
            e
        }
    })?;
    event(
        &mut tx,
        actor,
        id,
        "create",
        (None, Some(State::Draft)),
        None,
        None,
        0,
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("application.create", "application", id, &number)
            .changes(serde_json::json!({"party": p.name})),
    )
    .await?;
    tx.commit().await?;
    Ok((id, number))
}

/// Saves the scope and plan of a draft (or returned) application.
pub async fn save(db: &Db, actor: &Actor, id: Uuid, scope: &[String], plan: &Plan) -> Result<()> {
    actor.require(Permission::ApplicationEdit)?;
    let errors = validate(scope, plan, false);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut tx = db.begin().await?;
    let app = get_tx(&mut tx, actor, id).await?;
    if !app.state().editable() {
        return Err(Error::InvalidTransition(format!("{} → save", app.state)));
    }
    let (old_scope, old_plan) = (app.scope(), app.plan());
    if old_scope == scope && old_plan == *plan {
        return Ok(());
    }
    tx.execute(
        "update applications set scope = $1, plan = $2, updated_at = $3 where id = $4",
        &vals![
            serde_json::to_string(scope).expect("serialisable"),
            serde_json::to_string(plan).expect("serialisable"),
            now(),
            id
        ],
    )
    .await?;
    let changes: Vec<Change> = diff(
        &Snapshot {
            scope: old_scope,
            plan: old_plan,
            ..Default::default()
        },
        &Snapshot {
            scope: scope.to_vec(),
            plan: plan.clone(),
            ..Default::default()
        },
    );
    audit::append(
        &mut tx,
        actor,
        Event::new("application.save", "application", id, &app.number).changes(serde_json::json!(
            changes
                .iter()
                .map(|c| (
                    c.field.clone(),
                    serde_json::json!({"old": c.old, "new": c.new})
                ))
                .collect::<serde_json::Map<_, _>>()
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The snapshot of what an application holds now (scope, plan, active evidence).
async fn snapshot(tx: &mut Tx, app: &AppRow) -> Result<Snapshot> {
    let evidence = crate::access::application::evidence::active_tx(tx, app.id).await?;
    Ok(Snapshot {
        scope: app.scope(),
        plan: app.plan(),
        evidence: evidence
            .iter()
            .map(|e| (e.kind.clone(), e.describe()))
            .collect(),
    })
}

/// What submission and approval both need (R-6.1.b, R-6.8): a platform holds
/// a valid 等保 certificate of level 3 or higher and a security assessment
/// report; every party's 等保 and 密评 certificates are still valid. One rule
/// for both steps, so what a party submits is what a reviewer can approve.
pub fn approval_errors(
    kind_is_platform: bool,
    ev: &[crate::access::application::evidence::EvidenceRow],
    today: &str,
) -> Vec<FieldError> {
    let mut e = Vec::new();
    let djcp = ev
        .iter()
        .find(|x| x.kind == crate::access::application::evidence::DJCP);
    match djcp {
        None => e.push(FieldError::new("evidence.djcp", "field.required")),
        Some(c) if c.valid_until.as_deref().unwrap_or("") < today => {
            e.push(FieldError::new("evidence.djcp", "cert.expired"))
        }
        Some(c) if kind_is_platform && c.cert_level.unwrap_or(0) < 3 => {
            e.push(FieldError::new("evidence.djcp", "cert.level_too_low"))
        }
        _ => {}
    }
    match ev
        .iter()
        .find(|x| x.kind == crate::access::application::evidence::MP)
    {
        None => e.push(FieldError::new("evidence.mp", "field.required")),
        Some(c) if c.valid_until.as_deref().unwrap_or("") < today => {
            e.push(FieldError::new("evidence.mp", "cert.expired"))
        }
        _ => {}
    }
    if kind_is_platform
        && !ev
            .iter()
            .any(|x| x.kind == crate::access::application::evidence::ASSESSMENT_REPORT)
    {
        e.push(FieldError::new(
            "evidence.assessment-report",
            "field.required",
        ));
    }
    e
}

/// Takes `action` on an application: checks the state machine, the rules of
/// the step (complete plan to submit, certificates to approve, a reason where
/// one is needed), records the step on the timeline and in the audit trail,
/// and keeps the party's status in line. One transaction.
pub async fn act(db: &Db, actor: &Actor, id: Uuid, action: Action, comment: &str) -> Result<State> {
    actor.require(Permission::ApplicationView)?;
    let comment = comment.trim();
    if action.needs_reason() && comment.is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    if too_long(comment, 2000) {
        return Err(Error::field("reason", "field.too_long"));
    }
    let mut tx = db.begin().await?;
    let app = get_tx(&mut tx, actor, id).await?;
    let from = app.state();
    let to = transition(from, action, &actor.roles)?;
    let platform =
        crate::access::party::Kind::from_code(&app.party_kind).is_some_and(|k| k.is_platform());
    let mut version = app.version;
    match action {
        Action::Submit => {
            let ev = crate::access::application::evidence::active_tx(&mut tx, id).await?;
            let mut errors = validate(&app.scope(), &app.plan(), true);
            errors.extend(approval_errors(platform, &ev, &crate::time::today()));
            if !errors.is_empty() {
                return Err(Error::Validation(errors));
            }
            version += 1;
            let snap = snapshot(&mut tx, &app).await?;
            tx.execute(
                "insert into application_versions (application_id, version, snapshot, submitted_at) values ($1, $2, $3, $4)",
                &vals![id, version, serde_json::to_string(&snap).expect("serialisable"), now()],
            )
            .await?;
        }
        Action::Approve => {
            let ev = crate::access::application::evidence::active_tx(&mut tx, id).await?;
            let today = crate::time::today();
            let errors = approval_errors(platform, &ev, &today);
            if !errors.is_empty() {
                return Err(Error::Validation(errors));
            }
        }
        _ => {}
    }
    let t = now();
    let n = tx
        .execute(
            "update applications set state = $1, version = $2, updated_at = $3 where id = $4 and state = $5",
            &vals![to.code(), version, t, id, from.code()],
        )
        .await?;
    if n != 1 {
        return Err(Error::Conflict("application changed meanwhile".into()));
    }
    let party_status = match to {
        State::Connected => Some("connected"),
        State::Suspended => Some("suspended"),
        State::Retired => Some("retired"),
        _ => None,
    };
    if let Some(s) = party_status {
        tx.execute(
            "update access_parties set status = $1, updated_at = $2 where id = $3",
            &vals![s, t, app.party_id],
        )
        .await?;
    }
    event(
        &mut tx,
        actor,
        id,
        action.code(),
        (Some(from), Some(to)),
        None,
        (!comment.is_empty()).then_some(comment),
        version,
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new(
            &format!("application.{}", action.code()),
            "application",
            id,
            &app.number,
        )
        .changes(serde_json::json!({"from": from.code(), "to": to.code(), "version": version, "party": app.party_name}))
        .reason(comment),
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

/// A reviewer comments on one section while the application is under review.
pub async fn comment(db: &Db, actor: &Actor, id: Uuid, section: &str, body: &str) -> Result<()> {
    actor.require(Permission::ApplicationReview)?;
    let body = body.trim();
    if !SECTIONS.contains(&section) {
        return Err(Error::field("section", "field.invalid"));
    }
    if body.is_empty() {
        return Err(Error::field("comment", "field.required"));
    }
    if too_long(body, 2000) {
        return Err(Error::field("comment", "field.too_long"));
    }
    let mut tx = db.begin().await?;
    let app = get_tx(&mut tx, actor, id).await?;
    if app.state() != State::UnderReview {
        return Err(Error::InvalidTransition(format!("{} → comment", app.state)));
    }
    event(
        &mut tx,
        actor,
        id,
        "comment",
        (None, None),
        Some(section),
        Some(body),
        app.version,
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("application.comment", "application", id, &app.number).changes(
            serde_json::json!({"section": section, "comment": body, "version": app.version}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EventRow {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub section: Option<String>,
    pub comment: Option<String>,
    pub version: i64,
}

/// The timeline of an application, oldest first.
pub async fn timeline(db: &Db, actor: &Actor, id: Uuid) -> Result<Vec<EventRow>> {
    get(db, actor, id).await?;
    db.fetch_all(
        "select id, at, actor_name, action, from_state, to_state, section, comment, version \
         from application_events where application_id = $1 order by at, id",
        &vals![id],
    )
    .await
}

/// What changed between the version a reviewer returned and the one
/// resubmitted (empty before a second submission).
pub async fn changes_since_return(db: &Db, actor: &Actor, id: Uuid) -> Result<Vec<Change>> {
    let app = get(db, actor, id).await?;
    if app.version < 2 {
        return Ok(vec![]);
    }
    #[derive(sqlx::FromRow)]
    struct V {
        snapshot: String,
    }
    let v: Vec<V> = db
        .fetch_all(
            "select snapshot from application_versions where application_id = $1 and version in ($2, $3) order by version",
            &vals![id, app.version - 1, app.version],
        )
        .await?;
    match v.as_slice() {
        [old, new] => {
            let parse = |s: &str| serde_json::from_str::<Snapshot>(s).unwrap_or_default();
            Ok(diff(&parse(&old.snapshot), &parse(&new.snapshot)))
        }
        _ => Ok(vec![]),
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PartyEventRow {
    #[sqlx(flatten)]
    pub event: EventRow,
    pub application_id: Uuid,
    pub number: String,
}

/// Every step on every application of a party, newest first.
/// At most [`HISTORY_CAP`] steps, saying when there were more.
pub const HISTORY_CAP: usize = 500;

pub async fn party_history(
    db: &Db,
    actor: &Actor,
    party: Uuid,
) -> Result<crate::Capped<PartyEventRow>> {
    actor.require(Permission::ApplicationView)?;
    crate::access::party::get(db, actor, party)
        .await
        .map_err(|_| Error::NotFound("access party"))?;
    let rows = db
        .fetch_all(
            &format!(
                "select e.id, e.at, e.actor_name, e.action, e.from_state, e.to_state, e.section, e.comment, e.version, \
                 a.id as application_id, a.number from application_events e join applications a on a.id = e.application_id \
                 where a.party_id = $1 order by e.at desc, e.id desc limit {}",
                crate::Capped::<PartyEventRow>::limit(HISTORY_CAP)
            ),
            &vals![party],
        )
        .await?;
    Ok(crate::Capped::of(rows, HISTORY_CAP))
}

/// How many applications wait for `actor`: for operators, their own drafts,
/// returns and approvals (environment to prepare); for reviewers, those
/// submitted or in review, environment ready or in joint debugging.
pub async fn count_waiting(db: &Db, actor: &Actor) -> Result<i64> {
    if !actor.can(Permission::ApplicationView) {
        return Ok(0);
    }
    let n = |sql: String, args: Vec<Val>| async move {
        Ok::<i64, Error>(db.fetch_one::<crate::db::Count>(&sql, &args).await?.n)
    };
    if let Some(org) = actor.org_filter()? {
        return n(
            "select count(*) as n from applications a join access_parties p on p.id = a.party_id \
             where p.organisation_id = $1 and a.state in ('draft', 'returned', 'approved')"
                .into(),
            vec![Val::Uuid(org)],
        )
        .await;
    }
    if actor.can(Permission::ApplicationReview) {
        return n(
            "select count(*) as n from applications where state in ('submitted', 'under-review', 'env-ready', 'joint-debugging')".into(),
            vec![],
        )
        .await;
    }
    Ok(0)
}

pub async fn count_by_state(db: &Db, state: State) -> Result<i64> {
    Ok(db
        .fetch_one::<crate::db::Count>(
            "select count(*) as n from applications where state = $1",
            &vals![state.code()],
        )
        .await?
        .n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (state, action, role): exactly the triples of the table are
    /// allowed, to the state the table names; the rest are refused, as
    /// Forbidden when another role may take that step, else as invalid.
    #[test]
    fn state_machine_over_every_state_action_and_role() {
        let expected = |s: State, a: Action, r: Role| -> Option<State> {
            use Action::*;
            use Role::*;
            use State::*;
            match (s, a, r) {
                (Draft | Returned, Submit, PartyOperator) => Some(Submitted),
                (Submitted, StartReview, Reviewer) => Some(UnderReview),
                (UnderReview, Return, Reviewer) => Some(Returned),
                (UnderReview, Reject, Reviewer) => Some(Rejected),
                (UnderReview, Approve, Reviewer) => Some(Approved),
                (Approved, MarkEnvReady, PartyOperator) => Some(EnvReady),
                (EnvReady, StartDebugging, Reviewer) => Some(JointDebugging),
                (JointDebugging, Connect, Reviewer) => Some(Connected),
                // suspend and restore: only through `suspension`
                (Connected | Suspended, Retire, Reviewer) => Some(Retired),
                _ => None,
            }
        };
        let mut allowed = 0;
        for s in State::ALL {
            for a in Action::ALL {
                for r in Role::ALL {
                    let got = transition(s, a, &[r]);
                    match expected(s, a, r) {
                        Some(to) => {
                            allowed += 1;
                            assert_eq!(got.ok(), Some(to), "{s:?} {a:?} {r:?}");
                            assert!(allowed_actions(s, &[r]).contains(&a));
                        }
                        None => {
                            assert!(got.is_err(), "{s:?} {a:?} {r:?} must be refused");
                            assert!(!allowed_actions(s, &[r]).contains(&a));
                            let someone = Role::ALL.iter().any(|x| expected(s, a, *x).is_some());
                            assert_eq!(
                                matches!(got, Err(Error::Forbidden)),
                                someone,
                                "{s:?} {a:?} {r:?}"
                            );
                        }
                    }
                }
            }
        }
        assert_eq!(allowed, TRANSITIONS.len());
        // terminal states lead nowhere
        for r in Role::ALL {
            assert!(allowed_actions(State::Rejected, &[r]).is_empty());
            assert!(allowed_actions(State::Retired, &[r]).is_empty());
        }
        for a in Action::ALL {
            assert_eq!(Action::from_code(a.code()), Some(a));
        }
        for s in State::ALL {
            assert_eq!(State::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn plan_validation_names_each_field() {
        let mut plan = Plan::default();
        let fields = |e: Vec<FieldError>| e.into_iter().map(|f| f.field).collect::<Vec<_>>();
        // a draft may be empty, a submission may not
        assert!(validate(&[], &plan, false).is_empty());
        assert_eq!(
            fields(validate(&[], &plan, true)),
            [
                "scope",
                "network.topology",
                "network.addresses",
                "network.domains",
                "network.location",
                "security.plan",
                "hardware.cloud_platform",
                "interfaces.interfaces",
                "interfaces.daily_calls"
            ]
        );
        plan.network.addresses = vec!["10.1.2.0/24".into(), "300.1.1.1".into()];
        plan.network.domains = vec!["zwfw.hangzhou.gov.cn".into(), "bad_domain".into()];
        plan.interfaces.interfaces = vec!["cases".into(), "teleport".into()];
        plan.interfaces.daily_calls = -1;
        assert_eq!(
            fields(validate(&["portal".into(), "x".into()], &plan, false)),
            [
                "scope",
                "network.addresses",
                "network.domains",
                "interfaces.interfaces",
                "interfaces.daily_calls"
            ]
        );
        assert!(ip_or_cidr_ok("2001:db8::/32") && ip_or_cidr_ok("59.202.1.10"));
        assert!(!ip_or_cidr_ok("10.0.0.0/33") && !ip_or_cidr_ok("10.0.0/8"));
        assert!(domain_ok("api.zj.gov.cn") && !domain_ok("localhost") && !domain_ok("a..cn"));
        assert_eq!(
            lines(" 10.0.0.1 \n\n10.0.0.2, 10.0.0.3"),
            ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
        );
    }

    #[test]
    fn diff_names_changed_fields_by_section() {
        let mut a = Snapshot::default();
        a.plan.network.addresses = vec!["10.0.0.1".into()];
        a.scope = vec!["portal".into()];
        let mut b = a.clone();
        b.plan.network.addresses = vec!["10.0.0.1".into(), "10.0.0.2".into()];
        b.plan.security.plan = "等保三级防护".into();
        b.evidence.insert(
            "djcp".into(),
            BTreeMap::from([("cert_number".to_string(), "33010099".to_string())]),
        );
        let d = diff(&a, &b);
        let got: Vec<(&str, &str)> = d
            .iter()
            .map(|c| (c.section.as_str(), c.field.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("network", "network.addresses"),
                ("security", "security.plan"),
                ("evidence", "evidence.djcp.cert_number")
            ]
        );
        assert_eq!(d[0].old, "10.0.0.1");
        assert_eq!(d[0].new, "10.0.0.1\n10.0.0.2");
        assert!(diff(&a, &a).is_empty());
    }
}
