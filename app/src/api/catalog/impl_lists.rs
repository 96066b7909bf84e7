//! Server functions of the implementation-list review queue (R-6.2.c).

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::api::{AppError, Capped};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingItem {
    pub party_id: String,
    pub party_name: String,
    pub code: String,
    pub name: String,
    /// `approved` (the last approved version), `basic` (the target's basic
    /// catalog item) or `nothing` (a new item)
    pub against: String,
    /// (field, old, new)
    pub changes: Vec<(String, String, String)>,
    pub submitted_at: DateTime<Utc>,
}

#[cfg(feature = "ssr")]
fn kind(k: &str) -> Result<gsp_domain::catalog::impl_list::Kind, AppError> {
    gsp_domain::catalog::impl_list::Kind::parse(k)
        .ok_or_else(|| ssr::map(gsp_domain::Error::field("kind", "field.invalid")))
}

#[server(prefix = "/console", endpoint = "impl_queue")]
pub async fn impl_queue(kind: String) -> Result<Capped<PendingItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let rows = gsp_domain::catalog::impl_list::queue(&c.db, &c.actor, self::kind(&kind)?)
        .await
        .map_err(ssr::map)?;
    Ok(Capped::of(rows, |p| PendingItem {
        party_id: p.party_id.to_string(),
        party_name: p.party_name,
        code: p.code,
        name: p.name,
        against: match p.against {
            gsp_domain::catalog::impl_list::Against::Approved => "approved",
            gsp_domain::catalog::impl_list::Against::Basic => "basic",
            gsp_domain::catalog::impl_list::Against::Nothing => "nothing",
        }
        .into(),
        changes: p
            .changes
            .into_iter()
            .map(|c| (c.field, c.old, c.new))
            .collect(),
        submitted_at: p.submitted_at,
    }))
}

#[server(prefix = "/console", endpoint = "review_impl")]
pub async fn review_impl(
    kind: String,
    party_id: String,
    #[server(default)] codes: Vec<String>,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<usize, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let party = ssr::parse_id("party_id", &party_id)?;
    gsp_domain::catalog::impl_list::review(
        &c.db,
        &c.actor,
        self::kind(&kind)?,
        party,
        &codes,
        approve,
        &reason,
    )
    .await
    .map_err(ssr::map)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedItem {
    pub party_name: String,
    pub code: String,
    pub name: String,
    pub status: String,
    pub comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub submitted_at: DateTime<Utc>,
}

/// Reported items and their outcomes (operators: their own).
#[server(prefix = "/console", endpoint = "list_impl_items")]
pub async fn list_impl_items(
    kind: String,
    status: Option<String>,
) -> Result<Capped<ReportedItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogView)).await?;
    let rows = gsp_domain::catalog::impl_list::list(
        &c.db,
        &c.actor,
        self::kind(&kind)?,
        status.as_deref(),
    )
    .await
    .map_err(ssr::map)?;
    Ok(Capped::of(rows, |r| ReportedItem {
        party_name: r.party_name,
        code: r.code,
        name: r.name,
        status: r.status,
        comment: r.comment.filter(|c| !c.is_empty()),
        reviewed_by: r.reviewed_by,
        reviewed_at: r.reviewed_at,
        submitted_at: r.submitted_at,
    }))
}

/// An operator's upload of the party's reported catalog or implementation
/// list (multipart: `kind`, `file`, `valid_only`), checked like the API.
#[server(prefix = "/console", endpoint = "report_file", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn report_file(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<super::ImportResult, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationEdit)).await?;
    let (rows, fields) = super::read_sheet(data).await?;
    let kind = self::kind(fields.get("kind").map(String::as_str).unwrap_or(""))?;
    let valid_only = fields.get("valid_only").is_some_and(|v| v == "true");
    let r = gsp_domain::catalog::import::report_file(&c.db, &c.actor, kind, &rows, valid_only)
        .await
        .map_err(ssr::map)?;
    Ok(super::ImportResult {
        rows: r.rows,
        imported: r.imported,
        invalid: r
            .invalid
            .into_iter()
            .map(|x| super::ImportRow {
                row: x.row,
                code: x.code,
                errors: x.errors.into_iter().map(|e| (e.field, e.code)).collect(),
            })
            .collect(),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedItem {
    pub party_name: String,
    pub implementation_code: String,
    pub basic_code: String,
    pub name: String,
    pub division_code: String,
    pub department: String,
    pub item_type: String,
    pub approved_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedPage {
    pub items: Vec<PublishedItem>,
    /// the cursor of the next page
    pub next: Option<String>,
}

/// Search of published implementation lists (region, department, item
/// type, name), keyset paged.
#[server(prefix = "/console", endpoint = "search_published")]
pub async fn search_published(
    #[server(default)] region: String,
    #[server(default)] department: String,
    #[server(default)] item_type: String,
    #[server(default)] name: String,
    after: Option<String>,
    size: Option<String>,
) -> Result<PublishedPage, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogView)).await?;
    use gsp_domain::catalog::impl_list as il;
    let cursor = match after.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => {
            let mut parts = a.splitn(3, '~');
            let (d, code, id) = (parts.next(), parts.next(), parts.next());
            match (d, code, id.and_then(|i| uuid::Uuid::parse_str(i).ok())) {
                (Some(d), Some(code), Some(id)) => Some((d.to_string(), code.to_string(), id)),
                _ => return Err(ssr::map(gsp_domain::Error::field("after", "field.invalid"))),
            }
        }
    };
    let f = il::SearchFilter {
        region: Some(region),
        department: Some(department),
        item_type: Some(item_type),
        name: Some(name),
    };
    let (rows, next) = il::search(
        &c.db,
        &c.actor,
        &f,
        cursor.as_ref(),
        ssr::page_size(size.as_deref())?,
    )
    .await
    .map_err(ssr::map)?;
    Ok(PublishedPage {
        items: rows
            .into_iter()
            .map(|r| PublishedItem {
                party_name: r.party_name,
                implementation_code: r.implementation_code,
                basic_code: r.basic_code,
                name: r.name,
                division_code: r.division_code,
                department: r.department,
                item_type: r.item_type,
                approved_at: r.approved_at,
            })
            .collect(),
        next: next.map(|(d, c, id)| format!("{d}~{c}~{id}")),
    })
}
