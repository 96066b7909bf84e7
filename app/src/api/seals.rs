//! Server functions of electronic seals: systems, making units,
//! filed seals, refused filings.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
#[cfg(feature = "ssr")]
use super::ssr::mirror_all;
use super::{AppError, Page};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealSystemItem {
    pub id: String,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealUnitItem {
    pub id: String,
    pub party_name: String,
    pub name: String,
    pub uscc: String,
    pub qualification: String,
    pub qualification_until: String,
    pub system_name: String,
    pub seals: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealItem {
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealRefusalItem {
    pub party_name: String,
    pub vendor_id: String,
    pub es_id: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealMonthItem {
    pub unit_name: String,
    pub month: String,
    pub n: i64,
}

#[server(prefix = "/console", endpoint = "seal_systems")]
pub async fn seal_systems() -> Result<Vec<SealSystemItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::SealView)).await?;
    mirror_all(
        gsp_domain::seals::systems(&c.db, &c.actor)
            .await
            .map_err(ssr::map)?,
    )
}

/// `approve`, `refuse`, `connect` (reviewers), `suspend`, `resume` (supervisors).
#[server(prefix = "/console", endpoint = "seal_system_act")]
pub async fn seal_system_act(
    id: String,
    action: String,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    let c = ssr::ctx_any(&[
        gsp_domain::Permission::ApplicationReview,
        gsp_domain::Permission::ApplicationSupervise,
    ])
    .await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::seals::act_on_system(&c.db, &c.actor, id, &action, &reason)
        .await
        .map(String::from)
        .map_err(ssr::map)
}

/// An operator registers the party's seal system (multipart: `kind`, `name`,
/// `vendor`, `vendor_id`, `version`, `deployment`, `file`: the certificate).
#[server(prefix = "/console", endpoint = "register_seal_system", input = MultipartFormData)]
pub async fn register_seal_system(data: MultipartData) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationEdit)).await?;
    let up = super::providers::read_upload(data).await?;
    let party = gsp_domain::access::party::only_party_of(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    let s = gsp_domain::seals::NewSystem {
        kind: up.get("kind"),
        name: up.get("name"),
        vendor: up.get("vendor"),
        vendor_id: up.get("vendor_id"),
        version: up.get("version"),
        deployment: up.get("deployment"),
    };
    gsp_domain::seals::register_system(&c.db, &c.actor, party, &s, &up.file_name, &up.bytes)
        .await
        .map(|_| ())
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "seal_units")]
pub async fn seal_units() -> Result<(Vec<SealUnitItem>, Vec<SealMonthItem>), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::SealView)).await?;
    let units = gsp_domain::seals::units(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    let months = gsp_domain::seals::filings_per_month(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    Ok((mirror_all(units)?, mirror_all(months)?))
}

/// An operator registers a seal-making unit (multipart: `name`, `uscc`,
/// `qualification`, `qualification_until`, `system_id`, `file`: the
/// designation document).
#[server(prefix = "/console", endpoint = "register_seal_unit", input = MultipartFormData)]
pub async fn register_seal_unit(data: MultipartData) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationEdit)).await?;
    let up = super::providers::read_upload(data).await?;
    let party = gsp_domain::access::party::only_party_of(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    let u = gsp_domain::seals::NewUnit {
        name: up.get("name"),
        uscc: up.get("uscc").trim().to_uppercase(),
        qualification: up.get("qualification"),
        qualification_until: up.get("qualification_until"),
        system_id: uuid::Uuid::parse_str(up.get("system_id").trim()).ok(),
    };
    gsp_domain::seals::register_unit(&c.db, &c.actor, party, &u, &up.file_name, &up.bytes)
        .await
        .map(|_| ())
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "list_seals")]
pub async fn list_seals(
    q: Option<String>,
    seal_type: Option<String>,
    state: Option<String>,
    unit: Option<String>,
    after: Option<String>,
    size: Option<String>,
) -> Result<Page<SealItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::SealView)).await?;
    let unit = match unit.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => Some(ssr::parse_id("unit", u)?),
        None => None,
    };
    let f = gsp_domain::seals::SealFilter {
        q,
        seal_type,
        state,
        unit,
    };
    let (rows, next) = gsp_domain::seals::seals(
        &c.db,
        &c.actor,
        &f,
        after.as_deref(),
        ssr::page_size(size.as_deref())?,
    )
    .await
    .map_err(ssr::map)?;
    Ok(Page {
        items: mirror_all(rows)?,
        next,
    })
}

/// Revokes a seal (`to` = `revoked`) or records it lost, with a reason.
#[server(prefix = "/console", endpoint = "seal_change")]
pub async fn seal_change(
    es_id: String,
    to: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationSupervise)).await?;
    gsp_domain::seals::change_state(&c.db, &c.actor, &es_id, &to, &reason)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "seal_refusals")]
pub async fn seal_refusals(
    after: Option<String>,
    size: Option<String>,
) -> Result<Page<SealRefusalItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::SealView)).await?;
    let after = match after.as_deref().filter(|a| !a.is_empty()) {
        Some(a) => Some(ssr::parse_id("after", a)?),
        None => None,
    };
    let (rows, next) =
        gsp_domain::seals::refusals(&c.db, &c.actor, after, ssr::page_size(size.as_deref())?)
            .await
            .map_err(ssr::map)?;
    Ok(Page {
        items: mirror_all(rows)?,
        next: next.map(|n| n.to_string()),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilingOutcome {
    pub index: usize,
    pub es_id: String,
    pub outcome: String,
    /// (field, message key)
    pub errors: Vec<(String, String)>,
}

/// An operator uploads filings as a JSON file (`{"records": [...]}`, the
/// API's format): each seal filed or refused with its errors, as through
/// `POST /api/v1/seals`.
#[server(prefix = "/console", endpoint = "upload_seal_filings", input = MultipartFormData)]
pub async fn upload_seal_filings(data: MultipartData) -> Result<Vec<FilingOutcome>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationEdit)).await?;
    let up = super::providers::read_upload(data).await?;
    let party = gsp_domain::access::party::only_party_of(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    #[derive(Deserialize)]
    struct Batch {
        records: Vec<gsp_domain::seals::Filing>,
    }
    let b: Batch = serde_json::from_slice(&up.bytes)
        .map_err(|_| ssr::map(gsp_domain::Error::field("file", "seal.file_not_json")))?;
    let out = gsp_domain::seals::file(&c.db, &c.actor, party, &b.records)
        .await
        .map_err(ssr::map)?;
    Ok(out
        .into_iter()
        .map(|r| FilingOutcome {
            index: r.index,
            es_id: r.key,
            outcome: r.outcome.code().to_string(),
            errors: r.errors.into_iter().map(|e| (e.field, e.code)).collect(),
        })
        .collect())
}
