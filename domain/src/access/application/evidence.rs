//! Evidence of an application (R-6.1.b, R-6.8.d, R-6.8.e): uploaded files
//! checked by their content, stored content-addressed by SHA-256, with the
//! certificate's number, level, issuer and validity; downloads are audited.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::access::application;
use crate::access::party::HELD;
use crate::actor::Actor;
use crate::db::{Db, Tx};
use crate::error::{Error, FieldError, Result};
use crate::files::{check_file, store_file};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

/// 安全评估符合性报告 (R-6.1.b)
pub const ASSESSMENT_REPORT: &str = "assessment-report";
/// 等级保护测评证书 (R-6.8.d)
pub const DJCP: &str = "djcp";
/// 商用密码应用安全性评估证书 (R-6.8.e)
pub const MP: &str = "mp";
pub const KINDS: [&str; 3] = [ASSESSMENT_REPORT, DJCP, MP];

/// What the uploader says about the file.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub kind: String,
    pub cert_number: String,
    pub cert_level: String,
    pub issuer: String,
    pub valid_until: String,
}

fn date_ok(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

/// Checks the certificate fields each kind needs, naming each wrong one.
pub fn validate_meta(m: &Meta) -> Vec<FieldError> {
    let mut e = Vec::new();
    if !KINDS.contains(&m.kind.as_str()) {
        e.push(FieldError::new("kind", "field.invalid"));
        return e;
    }
    let cert = m.kind != ASSESSMENT_REPORT;
    if cert && m.cert_number.trim().is_empty() {
        e.push(FieldError::new("cert_number", "field.required"));
    } else if m.cert_number.chars().count() > 64 {
        e.push(FieldError::new("cert_number", "field.too_long"));
    }
    if m.kind == DJCP && !matches!(m.cert_level.trim(), "1" | "2" | "3" | "4" | "5") {
        e.push(FieldError::new("cert_level", "cert.level_invalid"));
    }
    if (m.kind == DJCP || m.kind == ASSESSMENT_REPORT) && m.issuer.trim().is_empty() {
        e.push(FieldError::new("issuer", "field.required"));
    } else if m.issuer.chars().count() > 100 {
        e.push(FieldError::new("issuer", "field.too_long"));
    }
    if cert && !date_ok(m.valid_until.trim()) {
        e.push(FieldError::new("valid_until", "field.date_invalid"));
    }
    e
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EvidenceRow {
    pub id: Uuid,
    pub application_id: Uuid,
    pub kind: String,
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub cert_number: Option<String>,
    pub cert_level: Option<i64>,
    pub issuer: Option<String>,
    pub valid_until: Option<String>,
    pub uploaded_at: DateTime<Utc>,
}

impl EvidenceRow {
    /// The fields a reviewer compares between versions.
    pub fn describe(&self) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        m.insert("file_name".into(), self.file_name.clone());
        m.insert("sha256".into(), self.sha256.clone());
        for (k, v) in [
            ("cert_number", self.cert_number.clone()),
            ("cert_level", self.cert_level.map(|l| l.to_string())),
            ("issuer", self.issuer.clone()),
            ("valid_until", self.valid_until.clone()),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), v);
            }
        }
        m
    }
}

const COLUMNS: &str = "id, application_id, kind, sha256, file_name, media_type, size, cert_number, cert_level, issuer, valid_until, uploaded_at";

/// The current evidence of an application (one per kind).
pub async fn active_tx(tx: &mut Tx, app: Uuid) -> Result<Vec<EvidenceRow>> {
    tx.fetch_all(
        &format!("select {COLUMNS} from evidence where application_id = $1 and active = $2 order by kind"),
        &vals![app, true],
    )
    .await
}

pub async fn active(db: &Db, actor: &Actor, app: Uuid) -> Result<Vec<EvidenceRow>> {
    application::get(db, actor, app).await?;
    db.fetch_all(
        &format!("select {COLUMNS} from evidence where application_id = $1 and active = $2 order by kind"),
        &vals![app, true],
    )
    .await
}

/// Attaches a file to a draft or returned application, replacing the
/// evidence of the same kind (the replaced row is kept, inactive, for the
/// versions that refer to it). One transaction, audited.
pub async fn upload(
    db: &Db,
    actor: &Actor,
    app_id: Uuid,
    meta: &Meta,
    file_name: &str,
    bytes: &[u8],
) -> Result<EvidenceRow> {
    actor.require(Permission::ApplicationEdit)?;
    let mut errors = validate_meta(meta);
    let file = check_file(file_name, bytes);
    if let Err(e) = &file {
        errors.push(e.clone());
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let file = file.expect("checked");
    let (sha, media_type, file_name) =
        (file.sha256.clone(), file.media_type, file.file_name.clone());
    let t = now();
    let mut tx = db.begin().await?;
    let app = application::get_tx(&mut tx, actor, app_id).await?;
    if !app.state().editable() {
        return Err(Error::InvalidTransition(format!("{} → upload", app.state)));
    }
    store_file(&mut tx, &file, bytes).await?;
    tx.execute(
        "update evidence set active = $1 where application_id = $2 and kind = $3 and active = $4",
        &vals![false, app_id, &meta.kind, true],
    )
    .await?;
    let id = new_id();
    // only the fields a kind has are kept (a form may send the others)
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let cert = meta.kind != ASSESSMENT_REPORT;
    let level: Option<i64> = meta
        .cert_level
        .trim()
        .parse()
        .ok()
        .filter(|_| meta.kind == DJCP);
    let number = opt(&meta.cert_number).filter(|_| cert);
    let valid_until = opt(&meta.valid_until).filter(|_| cert);
    tx.execute(
        &format!("insert into evidence ({COLUMNS}, active, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"),
        &vals![
            id,
            app_id,
            &meta.kind,
            &sha,
            &file_name,
            media_type,
            bytes.len() as i64,
            number.clone(),
            level,
            opt(&meta.issuer),
            valid_until.clone(),
            t,
            true,
            actor.id.parse::<Uuid>().ok()
        ],
    )
    .await?;
    tx.execute(
        "insert into application_events (id, application_id, at, actor_id, actor_name, action, section, comment, version) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &vals![
            new_id(),
            app_id,
            t,
            actor.id.parse::<Uuid>().ok(),
            &actor.name,
            "upload",
            "evidence",
            format!("{}: {file_name}", meta.kind),
            app.version
        ],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("evidence.upload", "application", app_id, &app.number).changes(
            serde_json::json!({
                "kind": meta.kind, "file_name": file_name, "sha256": sha, "size": bytes.len(),
                "media_type": media_type, "cert_number": number, "cert_level": level,
                "issuer": opt(&meta.issuer), "valid_until": valid_until,
            }),
        ),
    )
    .await?;
    let row: EvidenceRow = tx
        .fetch_one(
            &format!("select {COLUMNS} from evidence where id = $1"),
            &vals![id],
        )
        .await?;
    tx.commit().await?;
    Ok(row)
}

/// A file for someone allowed to read the application it belongs to; the
/// download itself is audited.
pub async fn download(db: &Db, actor: &Actor, evidence_id: Uuid) -> Result<(EvidenceRow, Vec<u8>)> {
    actor.require(Permission::ApplicationView)?;
    #[derive(sqlx::FromRow)]
    struct Content {
        content: Vec<u8>,
    }
    let mut tx = db.begin().await?;
    let ev: EvidenceRow = tx
        .fetch_optional(
            &format!("select {COLUMNS} from evidence where id = $1"),
            &vals![evidence_id],
        )
        .await?
        .ok_or(Error::NotFound("evidence"))?;
    let app = application::get_tx(&mut tx, actor, ev.application_id)
        .await
        .map_err(|_| Error::NotFound("evidence"))?;
    let c: Content = tx
        .fetch_one(
            "select content from files where sha256 = $1",
            &vals![&ev.sha256],
        )
        .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("evidence.download", "application", app.id, &app.number).changes(
            serde_json::json!({"evidence": ev.id, "kind": ev.kind, "file_name": ev.file_name, "sha256": ev.sha256}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((ev, c.content))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CertRow {
    pub evidence_id: Uuid,
    pub application_id: Uuid,
    pub application_number: String,
    pub party_id: Uuid,
    pub party_name: String,
    pub kind: String,
    pub cert_number: Option<String>,
    pub cert_level: Option<i64>,
    pub issuer: Option<String>,
    pub valid_until: String,
}

/// 等保 and 密评 certificates expired or expiring within `days`, soonest first.
/// At most [`EXPIRING_CAP`], saying when there were more.
pub const EXPIRING_CAP: usize = 500;

pub async fn expiring(db: &Db, actor: &Actor, days: i64) -> Result<crate::Capped<CertRow>> {
    actor.require(Permission::CertificateView)?;
    let (from_where, args) = expiring_rows(actor, days)?;
    let sql = format!(
        "select e.id as evidence_id, a.id as application_id, a.number as application_number, p.id as party_id, \
         p.name as party_name, e.kind, e.cert_number, e.cert_level, e.issuer, e.valid_until \
         {from_where} order by e.valid_until, p.name limit {}",
        crate::Capped::<CertRow>::limit(EXPIRING_CAP)
    );
    Ok(crate::Capped::of(
        db.fetch_all(&sql, &args).await?,
        EXPIRING_CAP,
    ))
}

/// The `from … where …` of certificates expired or expiring within `days`
/// that `actor` may see, with its arguments.
fn expiring_rows(actor: &Actor, days: i64) -> Result<(String, Vec<crate::db::Val>)> {
    let mut sql = format!(
        "from evidence e join applications a on a.id = e.application_id join access_parties p on p.id = a.party_id \
         where e.active = $1 and e.kind in ('djcp', 'mp') and e.valid_until <= $2 and {HELD}"
    );
    let mut args = vec![
        crate::db::Val::Bool(true),
        crate::db::Val::Text(crate::time::today_plus(days)),
    ];
    if let Some(org) = actor.org_filter()? {
        crate::db::push_cond(
            &mut args,
            &mut sql,
            " and p.organisation_id = $?",
            crate::db::Val::Uuid(org),
        );
    }
    Ok((sql, args))
}

/// Certificates of one party (every kind, newest application first).
pub async fn of_party(db: &Db, actor: &Actor, party: Uuid) -> Result<Vec<CertRow>> {
    actor.require(Permission::ApplicationView)?;
    let sql =
        "select e.id as evidence_id, a.id as application_id, a.number as application_number, p.id as party_id, \
         p.name as party_name, e.kind, e.cert_number, e.cert_level, e.issuer, coalesce(e.valid_until, '') as valid_until, \
         p.organisation_id \
         from evidence e join applications a on a.id = e.application_id join access_parties p on p.id = a.party_id \
         where e.active = $1 and p.id = $2 order by a.id desc, e.kind";
    #[derive(sqlx::FromRow)]
    struct Held {
        #[sqlx(flatten)]
        c: CertRow,
        organisation_id: Uuid,
    }
    let rows: Vec<Held> = db.fetch_all(sql, &vals![true, party]).await?;
    let mut out = Vec::new();
    for r in rows {
        actor.check_org(r.organisation_id, "application")?;
        out.push(r.c);
    }
    Ok(out)
}

/// How many certificates are expired or expire within `days` (dashboard).
pub async fn count_expiring(db: &Db, actor: &Actor, days: i64) -> Result<i64> {
    if !actor.can(Permission::CertificateView) {
        return Ok(0);
    }
    let (from_where, args) = expiring_rows(actor, days)?;
    Ok(db
        .fetch_one::<crate::db::Count>(&format!("select count(*) as n {from_where}"), &args)
        .await?
        .n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_fields_by_kind() {
        let f = |m: Meta| {
            validate_meta(&m)
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            f(Meta {
                kind: "djcp".into(),
                cert_level: "6".into(),
                valid_until: "2026-02-30".into(),
                ..Default::default()
            }),
            ["cert_number", "cert_level", "issuer", "valid_until"]
        );
        assert_eq!(
            f(Meta {
                kind: "mp".into(),
                cert_number: "MP-2026-001".into(),
                valid_until: "2027-06-30".into(),
                ..Default::default()
            }),
            Vec::<String>::new()
        );
        assert_eq!(
            f(Meta {
                kind: "assessment-report".into(),
                ..Default::default()
            }),
            ["issuer"]
        );
        assert_eq!(f(Meta::default()), ["kind"]);
        assert_eq!(
            crate::files::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
