//! Electronic seals: a party's seal making and publishing systems
//! register with their certificates (SM2 expected) and are reviewed, then
//! docked; units designated to make seals register with their
//! qualification; making systems file every seal they make (备案), checked
//! field by field; seals are revoked or reported lost; anyone connected with
//! the seal scope asks whether a seal was filed and valid at a time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use crate::access::organisation::uscc_valid;
use crate::actor::{Actor, ActorKind};
use crate::batch::{Outcome, Record};
use crate::db::{push_cond, Db, Tx, Val};
use crate::error::{Error, FieldError, Result};
use crate::files::{check_file, store_file};
use crate::security::audit::{self, Event};
use crate::security::role::{Permission, Role};
use crate::time::{new_id, now};
use crate::vals;

pub const SYSTEM_KINDS: [&str; 2] = ["making", "publishing"];
pub use gsp_protocol::codes::seals::SEAL_TYPES;
pub const ALGORITHMS: [&str; 2] = ["SM2", "SM2-with-SM3"];
pub const MAX_BATCH: usize = 500;

/// The docking of a seal system with the target's seal system, and who
/// moves it. Anything not here is refused.
pub const FLOW: &[(&str, &str, Role, &str)] = &[
    ("registered", "approve", Role::Reviewer, "docking-test"),
    ("registered", "refuse", Role::Reviewer, "refused"),
    ("docking-test", "connect", Role::Reviewer, "connected"),
    ("connected", "suspend", Role::Supervisor, "suspended"),
    ("suspended", "resume", Role::Supervisor, "connected"),
];

pub fn next_state(from: &str, action: &str, roles: &[Role]) -> Result<&'static str> {
    FLOW.iter()
        .find(|(f, a, r, _)| *f == from && *a == action && roles.contains(r))
        .map(|(_, _, _, to)| *to)
        .ok_or_else(|| Error::InvalidTransition(format!("{from} → {action}")))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NewSystem {
    pub kind: String,
    pub name: String,
    pub vendor: String,
    pub vendor_id: String,
    pub version: String,
    pub deployment: String,
}

fn filled(s: &str, max: usize) -> bool {
    let n = s.trim().chars().count();
    n > 0 && n <= max
}

fn code_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

async fn party_org(tx: &mut Tx, party: Uuid) -> Result<Uuid> {
    #[derive(sqlx::FromRow)]
    struct P {
        organisation_id: Uuid,
    }
    Ok(tx
        .fetch_optional::<P>(
            "select organisation_id from access_parties where id = $1",
            &vals![party],
        )
        .await?
        .ok_or(Error::NotFound("access party"))?
        .organisation_id)
}

/// A party's operator registers a seal system with its certificate.
pub async fn register_system(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    s: &NewSystem,
    cert_name: &str,
    cert: &[u8],
) -> Result<Uuid> {
    actor.require(Permission::ApplicationEdit)?;
    let mut e = Vec::new();
    if !SYSTEM_KINDS.contains(&s.kind.as_str()) {
        e.push(FieldError::new("kind", "field.invalid"));
    }
    for (f, v, max) in [
        ("name", &s.name, 100),
        ("vendor", &s.vendor, 100),
        ("version", &s.version, 40),
        ("deployment", &s.deployment, 200),
    ] {
        if !filled(v, max) {
            e.push(FieldError::new(f, "field.required"));
        }
    }
    if !code_ok(&s.vendor_id) {
        e.push(FieldError::new("vendor_id", "seal.code_invalid"));
    }
    let info = crate::security::cert::parse(cert);
    match &info {
        None => e.push(FieldError::new("certificate", "seal.cert_unreadable")),
        Some(c) if !c.is_sm2() => e.push(FieldError::new("certificate", "seal.cert_not_sm2")),
        Some(c) if c.not_after < now() => e.push(FieldError::new("certificate", "cert.expired")),
        _ => {}
    }
    if !e.is_empty() {
        return Err(Error::Validation(e));
    }
    let info = info.expect("checked");
    let sha = crate::files::sha256_hex(cert);
    let mut tx = db.begin().await?;
    let org = party_org(&mut tx, party).await?;
    actor.check_org(org, "access party")?;
    tx.execute(
        "insert into files (sha256, size, media_type, content, created_at) values ($1, $2, $3, $4, $5) on conflict (sha256) do nothing",
        &vals![&sha, cert.len() as i64, "application/pkix-cert", cert.to_vec(), now()],
    )
    .await?;
    let id = new_id();
    let t = now();
    let r = tx
        .execute(
            "insert into seal_systems (id, party_id, kind, name, vendor, vendor_id, version, deployment, cert_sha256, cert_subject, cert_issuer, \
             cert_serial, cert_not_before, cert_not_after, cert_algorithm, state, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'registered', $16, $16)",
            &vals![id, party, &s.kind, s.name.trim(), s.vendor.trim(), &s.vendor_id, s.version.trim(), s.deployment.trim(), &sha,
                &info.subject, &info.issuer, &info.serial, info.not_before, info.not_after, &info.signature_algorithm, t],
        )
        .await;
    match r {
        Err(e) if e.is_unique_violation() => {
            return Err(Error::field("vendor_id", "seal.vendor_id_taken"))
        }
        other => other?,
    };
    audit::append(
        &mut tx,
        actor,
        Event::new("seal_system.register", "seal_system", id, s.name.trim()).changes(serde_json::json!({
            "kind": s.kind, "vendor": s.vendor.trim(), "vendor_id": s.vendor_id, "version": s.version.trim(),
            "certificate": info, "file_name": cert_name,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves a system along `FLOW` (approve, refuse, connect, suspend, resume);
/// refusing and suspending need a reason.
pub async fn act_on_system(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    action: &str,
    comment: &str,
) -> Result<&'static str> {
    if !(actor.can(Permission::ApplicationReview) || actor.can(Permission::ApplicationSupervise)) {
        return Err(Error::Forbidden);
    }
    if matches!(action, "refuse" | "suspend") && comment.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    let mut tx = db.begin().await?;
    #[derive(sqlx::FromRow)]
    struct S {
        state: String,
        name: String,
    }
    let s: S = tx
        .fetch_optional(
            "select state, name from seal_systems where id = $1",
            &vals![id],
        )
        .await?
        .ok_or(Error::NotFound("seal system"))?;
    let roles = if actor.kind == ActorKind::System {
        Role::ALL.to_vec()
    } else {
        actor.roles.clone()
    };
    let to = next_state(&s.state, action, &roles)?;
    tx.execute(
        "update seal_systems set state = $1, comment = $2, reviewed_by = $3, reviewed_at = $4, updated_at = $4 where id = $5 and state = $6",
        &vals![to, comment.trim(), &actor.name, now(), id, &s.state],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new(&format!("seal_system.{action}"), "seal_system", id, &s.name)
            .changes(serde_json::json!({"from": s.state, "to": to}))
            .reason(comment),
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct SystemRow {
    pub id: Uuid,
    pub party_id: Uuid,
    pub party_name: String,
    pub kind: String,
    pub name: String,
    pub vendor: String,
    pub vendor_id: String,
    pub version: String,
    pub deployment: String,
    pub cert_subject: String,
    pub cert_issuer: String,
    pub cert_serial: String,
    pub cert_not_before: DateTime<Utc>,
    pub cert_not_after: DateTime<Utc>,
    pub cert_algorithm: String,
    pub state: String,
    pub comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn scope(actor: &Actor, args: &mut Vec<Val>, sql: &mut String) -> Result<()> {
    if let Some(org) = actor.org_filter()? {
        push_cond(args, sql, " and p.organisation_id = $?", Val::Uuid(org));
    }
    Ok(())
}

pub async fn systems(db: &Db, actor: &Actor) -> Result<Vec<SystemRow>> {
    actor.require(Permission::SealView)?;
    let mut sql = String::from(
        "select s.id, s.party_id, p.name as party_name, s.kind, s.name, s.vendor, s.vendor_id, s.version, s.deployment, s.cert_subject, \
         s.cert_issuer, s.cert_serial, s.cert_not_before, s.cert_not_after, s.cert_algorithm, s.state, s.comment, s.reviewed_by, s.created_at \
         from seal_systems s join access_parties p on p.id = s.party_id where 1 = 1",
    );
    let mut args = Vec::new();
    scope(actor, &mut args, &mut sql)?;
    sql.push_str(" order by s.state = 'registered' desc, p.name, s.name");
    db.fetch_all(&sql, &args).await
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NewUnit {
    pub name: String,
    pub uscc: String,
    pub qualification: String,
    /// YYYY-MM-DD
    pub qualification_until: String,
    pub system_id: Option<Uuid>,
}

/// A unit designated to make seals registers for supervision, with its
/// designation document.
pub async fn register_unit(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    u: &NewUnit,
    file_name: &str,
    bytes: &[u8],
) -> Result<Uuid> {
    actor.require(Permission::ApplicationEdit)?;
    let mut e = Vec::new();
    if !filled(&u.name, 100) {
        e.push(FieldError::new("name", "field.required"));
    }
    if !uscc_valid(&u.uscc) {
        e.push(FieldError::new("uscc", "org.uscc_invalid"));
    }
    if !filled(&u.qualification, 200) {
        e.push(FieldError::new("qualification", "field.required"));
    }
    if chrono::NaiveDate::parse_from_str(u.qualification_until.trim(), "%Y-%m-%d").is_err() {
        e.push(FieldError::new("qualification_until", "field.date_invalid"));
    }
    if u.system_id.is_none() {
        e.push(FieldError::new("system_id", "field.required"));
    }
    let file = check_file(file_name, bytes);
    if let Err(f) = &file {
        e.push(FieldError::new("designation", &f.code));
    }
    if !e.is_empty() {
        return Err(Error::Validation(e));
    }
    let file = file.expect("checked");
    let mut tx = db.begin().await?;
    let org = party_org(&mut tx, party).await?;
    actor.check_org(org, "access party")?;
    #[derive(sqlx::FromRow)]
    struct S {
        party_id: Uuid,
        kind: String,
    }
    let sys: Option<S> = tx
        .fetch_optional(
            "select party_id, kind from seal_systems where id = $1",
            &vals![u.system_id],
        )
        .await?;
    if !sys.is_some_and(|s| s.party_id == party && s.kind == "making") {
        return Err(Error::field("system_id", "seal.system_unknown"));
    }
    store_file(&mut tx, &file, bytes).await?;
    let id = new_id();
    let t = now();
    let r = tx
        .execute(
            "insert into seal_units (id, party_id, name, uscc, qualification, qualification_until, designation_sha256, designation_file, system_id, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            &vals![id, party, u.name.trim(), &u.uscc, u.qualification.trim(), u.qualification_until.trim(), &file.sha256, &file.file_name, u.system_id, t],
        )
        .await;
    match r {
        Err(e) if e.is_unique_violation() => return Err(Error::field("uscc", "seal.unit_exists")),
        other => other?,
    };
    audit::append(
        &mut tx,
        actor,
        Event::new("seal_unit.register", "seal_unit", id, u.name.trim())
            .changes(serde_json::json!({"uscc": u.uscc, "qualification": u.qualification.trim(), "until": u.qualification_until.trim()})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct UnitRow {
    pub id: Uuid,
    pub party_name: String,
    pub name: String,
    pub uscc: String,
    pub qualification: String,
    pub qualification_until: String,
    pub system_name: String,
    pub seals: i64,
}

pub async fn units(db: &Db, actor: &Actor) -> Result<Vec<UnitRow>> {
    actor.require(Permission::SealView)?;
    let mut sql = String::from(
        "select u.id, p.name as party_name, u.name, u.uscc, u.qualification, u.qualification_until, s.name as system_name, \
         (select count(*) from seals x where x.unit_id = u.id) as seals \
         from seal_units u join access_parties p on p.id = u.party_id join seal_systems s on s.id = u.system_id where 1 = 1",
    );
    let mut args = Vec::new();
    scope(actor, &mut args, &mut sql)?;
    sql.push_str(" order by u.qualification_until, u.name");
    db.fetch_all(&sql, &args).await
}

/// One seal as a making system files it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["es_id", "name", "seal_type", "owner_name", "owner_uscc", "making_unit_uscc", "maker_system", "signer_certs", "made_at", "valid_from", "valid_to", "image", "maker_cert_serial", "signature_algorithm"]))]
pub struct Filing {
    /// esID (GB/T 38540), unique
    pub es_id: String,
    pub name: String,
    /// official 法定名称章 (one active per organisation), finance 财务专用章, invoice 发票专用章, contract 合同专用章, business 业务专用章, legal-representative 法定代表人名章, other
    #[schemars(extend("enum" = SEAL_TYPES))]
    pub seal_type: String,
    pub owner_name: String,
    pub owner_uscc: String,
    /// a registered making unit whose qualification is valid (its unified social credit code)
    pub making_unit_uscc: String,
    /// the vendor id of your registered, connected seal making system
    pub maker_system: String,
    /// serial numbers or SHA-256 hashes of the signers' certificates
    pub signer_certs: Vec<String>,
    pub made_at: Option<DateTime<Utc>>,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_to: Option<DateTime<Utc>>,
    /// PNG, base64, at most 1 MiB
    #[schemars(extend("contentEncoding" = "base64"))]
    pub image: String,
    pub maker_cert_serial: String,
    #[schemars(extend("enum" = ALGORITHMS))]
    pub signature_algorithm: String,
}

fn png(image: &str) -> Option<Vec<u8>> {
    let clean: String = image.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = crate::security::cert::base64_decode(&clean)?;
    (bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() <= 1024 * 1024).then_some(bytes)
}

/// The checks of one filing that need no database.
pub fn validate(f: &Filing) -> Vec<FieldError> {
    let mut e = Vec::new();
    let mut need = |ok: bool, field: &str, code: &str| {
        if !ok {
            e.push(FieldError::new(field, code));
        }
    };
    need(code_ok(&f.es_id), "es_id", "seal.code_invalid");
    need(filled(&f.name, 100), "name", "field.required");
    need(
        SEAL_TYPES.contains(&f.seal_type.as_str()),
        "seal_type",
        "field.invalid",
    );
    need(filled(&f.owner_name, 200), "owner_name", "field.required");
    need(uscc_valid(&f.owner_uscc), "owner_uscc", "org.uscc_invalid");
    need(
        uscc_valid(&f.making_unit_uscc),
        "making_unit_uscc",
        "org.uscc_invalid",
    );
    need(
        code_ok(&f.maker_system),
        "maker_system",
        "seal.code_invalid",
    );
    need(
        !f.signer_certs.is_empty()
            && f.signer_certs.len() <= 20
            && f.signer_certs
                .iter()
                .all(|c| code_ok(c) || (c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()))),
        "signer_certs",
        "seal.signer_certs_invalid",
    );
    need(f.made_at.is_some(), "made_at", "field.required");
    match (f.valid_from, f.valid_to) {
        (Some(a), Some(b)) => need(a < b, "valid_to", "seal.validity_invalid"),
        (None, _) => need(false, "valid_from", "field.required"),
        (_, None) => need(false, "valid_to", "field.required"),
    }
    need(png(&f.image).is_some(), "image", "seal.image_not_png");
    need(
        code_ok(&f.maker_cert_serial),
        "maker_cert_serial",
        "seal.code_invalid",
    );
    need(
        ALGORITHMS.contains(&f.signature_algorithm.as_str()),
        "signature_algorithm",
        "seal.algorithm_invalid",
    );
    e
}

/// Files seals, each record on its own: the valid ones are filed, the others
/// refused with every failing field named. A filing by a system that is not
/// registered, or not connected, is refused and listed for supervisors.
pub async fn file(db: &Db, actor: &Actor, party: Uuid, items: &[Filing]) -> Result<Vec<Record>> {
    if items.is_empty() || items.len() > MAX_BATCH {
        return Err(Error::field("records", "seal.batch_size"));
    }
    let today = crate::time::today();
    let t = now();
    let mut tx = db.begin().await?;
    // what the batch's records refer to, read once per batch (issue #15):
    // the systems and units named, the seal identifiers already filed and
    // the owners that have an active official seal
    #[derive(sqlx::FromRow)]
    struct S {
        vendor_id: String,
        id: Uuid,
        party_id: Uuid,
        kind: String,
        state: String,
    }
    #[derive(sqlx::FromRow)]
    struct U {
        uscc: String,
        id: Uuid,
        qualification_until: String,
    }
    #[derive(sqlx::FromRow)]
    struct K {
        key: String,
    }
    fn keys<'a>(it: impl Iterator<Item = &'a String>) -> Vec<Val> {
        let set: std::collections::BTreeSet<&String> = it.collect();
        set.into_iter().map(|k| Val::from(k.as_str())).collect()
    }
    let systems: HashMap<String, S> = tx
        .fetch_keyed::<S>(
            "select vendor_id, id, party_id, kind, state from seal_systems where vendor_id in ({keys})",
            &[],
            &keys(items.iter().map(|f| &f.maker_system)),
        )
        .await?
        .into_iter()
        .map(|s| (s.vendor_id.clone(), s))
        .collect();
    let units: HashMap<String, U> = tx
        .fetch_keyed::<U>(
            "select uscc, id, qualification_until from seal_units where party_id = $1 and uscc in ({keys})",
            &vals![party],
            &keys(items.iter().map(|f| &f.making_unit_uscc)),
        )
        .await?
        .into_iter()
        .map(|u| (u.uscc.clone(), u))
        .collect();
    let mut taken: HashSet<String> = tx
        .fetch_keyed::<K>(
            "select es_id as key from seals where es_id in ({keys})",
            &[],
            &keys(items.iter().map(|f| &f.es_id)),
        )
        .await?
        .into_iter()
        .map(|k| k.key)
        .collect();
    let mut official: HashSet<String> = tx
        .fetch_keyed::<K>(
            "select owner_uscc as key from seals where seal_type = 'official' and state = 'active' and owner_uscc in ({keys})",
            &[],
            &keys(items.iter().filter(|f| f.seal_type == "official").map(|f| &f.owner_uscc)),
        )
        .await?
        .into_iter()
        .map(|k| k.key)
        .collect();

    let mut out = Vec::new();
    let mut refusals: Vec<Val> = Vec::new();
    let mut rows: Vec<Val> = Vec::new();
    let mut refused_systems = 0;
    for (index, f) in items.iter().enumerate() {
        let mut errors = validate(f);
        let system = match systems.get(&f.maker_system) {
            Some(s) if s.party_id == party && s.kind == "making" && s.state == "connected" => {
                Some(s.id)
            }
            other => {
                let reason = match other {
                    None => "seal.system_unregistered",
                    // another party's system is not registered for this one
                    Some(s) if s.party_id != party || s.kind != "making" => {
                        "seal.system_unregistered"
                    }
                    Some(s) if s.state == "suspended" => "seal.system_suspended",
                    Some(_) => "seal.system_not_connected",
                };
                errors.push(FieldError::new("maker_system", reason));
                refusals.extend(vals![new_id(), party, &f.maker_system, &f.es_id, reason, t]);
                refused_systems += 1;
                None
            }
        };
        let unit = match units.get(&f.making_unit_uscc) {
            None => {
                errors.push(FieldError::new("making_unit_uscc", "seal.unit_unknown"));
                None
            }
            Some(u) if u.qualification_until < today => {
                errors.push(FieldError::new("making_unit_uscc", "seal.unit_expired"));
                None
            }
            Some(u) => Some(u.id),
        };
        if errors.is_empty() {
            if taken.contains(&f.es_id) {
                errors.push(FieldError::new("es_id", "seal.es_id_taken"));
            } else if f.seal_type == "official" && official.contains(&f.owner_uscc) {
                errors.push(FieldError::new("seal_type", "seal.official_exists"));
            }
        }
        if !errors.is_empty() {
            out.push(Record::refused(index, f.es_id.clone(), errors));
            continue;
        }
        let image = png(&f.image).expect("checked");
        let img = check_file("seal.png", &image).map_err(|e| Error::Validation(vec![e]))?;
        store_file(&mut tx, &img, &image).await?;
        taken.insert(f.es_id.clone());
        if f.seal_type == "official" {
            official.insert(f.owner_uscc.clone());
        }
        rows.extend(vals![
            new_id(),
            party,
            &f.es_id,
            f.name.trim(),
            &f.seal_type,
            f.owner_name.trim(),
            &f.owner_uscc,
            unit,
            system,
            serde_json::to_string(&f.signer_certs).expect("serialisable"),
            f.made_at.expect("checked"),
            f.valid_from.expect("checked"),
            f.valid_to.expect("checked"),
            &img.sha256,
            &f.maker_cert_serial,
            &f.signature_algorithm,
            "active",
            t
        ]);
        out.push(Record::new(index, f.es_id.clone(), Outcome::Filed));
    }
    tx.insert_rows(
        "insert into seal_refusals (id, party_id, vendor_id, es_id, reason, at)",
        6,
        &refusals,
        "",
    )
    .await?;
    tx.insert_rows(
        "insert into seals (id, party_id, es_id, name, seal_type, owner_name, owner_uscc, unit_id, system_id, signer_certs, made_at, valid_from, valid_to, \
         image_sha256, maker_cert_serial, signature_algorithm, state, filed_at)",
        18,
        &rows,
        "",
    )
    .await?;
    let filed = out.iter().filter(|r| r.outcome == "filed").count();
    audit::append(
        &mut tx,
        actor,
        Event::new("seal.file", "access_party", party, &actor.name).changes(serde_json::json!({
            "records": items.len(), "filed": filed, "refused": items.len() - filed, "refused_by_system": refused_systems,
            "es_ids": out.iter().filter(|r| r.outcome == Outcome::Filed).map(|r| &r.key).collect::<Vec<_>>(),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// Revokes a seal or records it lost, with a reason (supervisors).
pub async fn change_state(
    db: &Db,
    actor: &Actor,
    es_id: &str,
    to: &str,
    reason: &str,
) -> Result<()> {
    actor.require(Permission::ApplicationSupervise)?;
    if !["revoked", "lost"].contains(&to) {
        return Err(Error::field("state", "field.invalid"));
    }
    if reason.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    let mut tx = db.begin().await?;
    let n = tx
        .execute(
            "update seals set state = $1, state_reason = $2, state_at = $3 where es_id = $4 and state = 'active'",
            &vals![to, reason.trim(), now(), es_id],
        )
        .await?;
    if n != 1 {
        return Err(Error::NotFound("active seal"));
    }
    audit::append(
        &mut tx,
        actor,
        Event::new(&format!("seal.{to}"), "seal", es_id, es_id).reason(reason),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a seal was filed and valid at `at`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Validity {
    pub es_id: String,
    pub filed: bool,
    pub valid: bool,
    /// `active`, `revoked`, `lost`; absent when not filed
    pub state: Option<String>,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_to: Option<DateTime<Utc>>,
    pub state_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

pub async fn validity(db: &Db, es_id: &str, at: DateTime<Utc>) -> Result<Validity> {
    #[derive(sqlx::FromRow)]
    struct Rec {
        state: String,
        valid_from: DateTime<Utc>,
        valid_to: DateTime<Utc>,
        state_at: Option<DateTime<Utc>>,
        state_reason: Option<String>,
        filed_at: DateTime<Utc>,
    }
    let r: Option<Rec> = db
        .fetch_optional(
            "select state, valid_from, valid_to, state_at, state_reason, filed_at from seals where es_id = $1",
            &vals![es_id],
        )
        .await?;
    Ok(match r {
        None => Validity {
            es_id: es_id.into(),
            filed: false,
            valid: false,
            state: None,
            valid_from: None,
            valid_to: None,
            state_at: None,
            reason: None,
        },
        Some(r) => {
            // revoked or lost from `state_at` on; valid before, within its validity
            let stood = r.state == "active" || r.state_at.is_some_and(|s| at < s);
            Validity {
                es_id: es_id.into(),
                filed: at >= r.filed_at,
                valid: at >= r.filed_at && stood && r.valid_from <= at && at < r.valid_to,
                state: Some(r.state),
                valid_from: Some(r.valid_from),
                valid_to: Some(r.valid_to),
                state_at: r.state_at,
                reason: r.state_reason,
            }
        }
    })
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SealFilter {
    pub q: Option<String>,
    pub seal_type: Option<String>,
    pub state: Option<String>,
    pub unit: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct SealRow {
    pub es_id: String,
    pub name: String,
    pub seal_type: String,
    pub owner_name: String,
    pub owner_uscc: String,
    pub unit_name: String,
    pub system_name: String,
    pub valid_from: DateTime<Utc>,
    pub valid_to: DateTime<Utc>,
    pub state: String,
    pub state_reason: Option<String>,
    pub filed_at: DateTime<Utc>,
}

/// Filed seals, newest filing first (then by identifier), after the seal
/// `after` (keyset: an `es_id`); returns the page and the cursor of the next
/// one (`None` on the last page). Operators see their own organisation's.
pub async fn seals(
    db: &Db,
    actor: &Actor,
    f: &SealFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<(Vec<SealRow>, Option<String>)> {
    actor.require(Permission::SealView)?;
    let mut sql = String::from(
        "select x.es_id, x.name, x.seal_type, x.owner_name, x.owner_uscc, u.name as unit_name, s.name as system_name, x.valid_from, x.valid_to, \
         x.state, x.state_reason, x.filed_at from seals x join seal_units u on u.id = x.unit_id join seal_systems s on s.id = x.system_id \
         join access_parties p on p.id = x.party_id where 1 = 1",
    );
    let mut args = Vec::new();
    scope(actor, &mut args, &mut sql)?;
    let ne = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(q) = ne(&f.q) {
        args.push(Val::Text(q.clone()));
        args.push(Val::Text(format!("%{q}%")));
        let (a, b) = (args.len() - 1, args.len());
        sql.push_str(&format!(" and (x.es_id = ${a} or x.owner_uscc = ${a} or x.owner_name like ${b} or x.name like ${b})"));
    }
    if let Some(t) = ne(&f.seal_type) {
        push_cond(&mut args, &mut sql, " and x.seal_type = $?", Val::Text(t));
    }
    if let Some(s) = ne(&f.state) {
        push_cond(&mut args, &mut sql, " and x.state = $?", Val::Text(s));
    }
    if let Some(u) = f.unit {
        push_cond(&mut args, &mut sql, " and x.unit_id = $?", Val::Uuid(u));
    }
    if let Some(a) = after.map(str::trim).filter(|a| !a.is_empty()) {
        args.push(Val::Text(a.to_string()));
        let n = args.len();
        sql.push_str(&format!(
            " and (x.filed_at < (select filed_at from seals where es_id = ${n}) \
             or (x.filed_at = (select filed_at from seals where es_id = ${n}) and x.es_id > ${n}))"
        ));
    }
    let limit = limit.clamp(1, 200);
    sql.push_str(&format!(
        " order by x.filed_at desc, x.es_id limit {}",
        limit + 1
    ));
    let mut rows: Vec<SealRow> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| r.es_id.clone());
    Ok((rows, next))
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct RefusalRow {
    pub id: Uuid,
    pub party_name: String,
    pub vendor_id: String,
    pub es_id: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// Filings refused because their system was not registered or connected.
/// Newest first, after the refusal `after` (keyset: its id), with the
/// cursor of the next page.
pub async fn refusals(
    db: &Db,
    actor: &Actor,
    after: Option<Uuid>,
    limit: i64,
) -> Result<(Vec<RefusalRow>, Option<Uuid>)> {
    actor.require(Permission::SealView)?;
    let mut sql = String::from(
        "select r.id, p.name as party_name, r.vendor_id, r.es_id, r.reason, r.at from seal_refusals r join access_parties p on p.id = r.party_id where 1 = 1",
    );
    let mut args = Vec::new();
    scope(actor, &mut args, &mut sql)?;
    if let Some(a) = after {
        args.push(Val::Uuid(a));
        let n = args.len();
        sql.push_str(&format!(
            " and (r.at < (select at from seal_refusals where id = ${n}) \
             or (r.at = (select at from seal_refusals where id = ${n}) and r.id < ${n}))"
        ));
    }
    let limit = limit.clamp(1, 200);
    sql.push_str(&format!(
        " order by r.at desc, r.id desc limit {}",
        limit + 1
    ));
    let mut rows: Vec<RefusalRow> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| r.id);
    Ok((rows, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn filing() -> Filing {
        let t = Utc::now();
        Filing {
            es_id: "33020020261128000001".into(),
            name: "宁波市示例科技有限公司".into(),
            seal_type: "official".into(),
            owner_name: "宁波市示例科技有限公司".into(),
            owner_uscc: "91330100MA2BCDE12N".into(),
            making_unit_uscc: "91330100MA2CDEF34".into(),
            maker_system: "NB-SEAL-MAKER".into(),
            signer_certs: vec!["0EF987659EE2C44A".into()],
            made_at: Some(t),
            valid_from: Some(t),
            valid_to: Some(t + chrono::Duration::days(3 * 365)),
            image: crate::demo::SEAL_PNG.into(),
            maker_cert_serial: "0EF987659EE2C44A".into(),
            signature_algorithm: "SM2".into(),
        }
    }

    #[test]
    fn validation_one_rule_at_a_time() {
        let mut ok = filing();
        ok.making_unit_uscc = "91330100MA2BCDE12N".into();
        assert!(validate(&ok).is_empty(), "{:?}", validate(&ok));
        type Break = Box<dyn Fn(&mut Filing)>;
        let cases: Vec<(&str, Break)> = vec![
            ("es_id", Box::new(|f| f.es_id = "有空 格".into())),
            ("name", Box::new(|f| f.name = " ".into())),
            ("seal_type", Box::new(|f| f.seal_type = "stamp".into())),
            ("owner_name", Box::new(|f| f.owner_name = String::new())),
            (
                "owner_uscc",
                Box::new(|f| f.owner_uscc = "91330100MA2BCDE12X".into()),
            ),
            (
                "making_unit_uscc",
                Box::new(|f| f.making_unit_uscc = "123".into()),
            ),
            ("maker_system", Box::new(|f| f.maker_system = String::new())),
            ("signer_certs", Box::new(|f| f.signer_certs.clear())),
            ("made_at", Box::new(|f| f.made_at = None)),
            ("valid_to", Box::new(|f| f.valid_to = f.valid_from)),
            ("image", Box::new(|f| f.image = "aGVsbG8=".into())),
            (
                "maker_cert_serial",
                Box::new(|f| f.maker_cert_serial = String::new()),
            ),
            (
                "signature_algorithm",
                Box::new(|f| f.signature_algorithm = "RSA".into()),
            ),
        ];
        for (field, breaks) in cases {
            let mut f = ok.clone();
            breaks(&mut f);
            let got: Vec<String> = validate(&f).into_iter().map(|e| e.field).collect();
            assert_eq!(got, [field], "{field}");
        }
    }

    #[test]
    fn the_docking_flow() {
        assert_eq!(
            next_state("registered", "approve", &[Role::Reviewer]).unwrap(),
            "docking-test"
        );
        assert!(next_state("registered", "approve", &[Role::Supervisor]).is_err());
        assert!(
            next_state("registered", "connect", &[Role::Reviewer]).is_err(),
            "docking first"
        );
        assert_eq!(
            next_state("connected", "suspend", &[Role::Supervisor]).unwrap(),
            "suspended"
        );
        assert!(next_state("refused", "approve", &Role::ALL).is_err());
    }
}

/// Seals filed per unit per month (`YYYY-MM`, China Standard Time), newest first.
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct MonthRow {
    pub unit_name: String,
    pub month: String,
    pub n: i64,
}

pub async fn filings_per_month(db: &Db, actor: &Actor) -> Result<Vec<MonthRow>> {
    actor.require(Permission::SealView)?;
    let month = match db.engine() {
        crate::db::Engine::Sqlite => "strftime('%Y-%m', datetime(x.filed_at, '+8 hours'))",
        crate::db::Engine::Postgres => {
            "to_char(x.filed_at at time zone 'Asia/Shanghai', 'YYYY-MM')"
        }
    };
    let mut sql = format!(
        "select u.name as unit_name, {month} as month, count(*) as n from seals x join seal_units u on u.id = x.unit_id \
         join access_parties p on p.id = x.party_id where 1 = 1"
    );
    let mut args = Vec::new();
    scope(actor, &mut args, &mut sql)?;
    sql.push_str(&format!(
        " group by u.name, {month} order by month desc, u.name limit 240"
    ));
    db.fetch_all(&sql, &args).await
}
