//! Server functions of the implementation-list review queue (R-6.2.c).

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
use super::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingItem {
    pub party_id: String,
    pub party_name: String,
    pub implementation_code: String,
    pub name: String,
    pub is_new: bool,
    /// (field, old, new)
    pub changes: Vec<(String, String, String)>,
    pub submitted_at: DateTime<Utc>,
}

#[server(prefix = "/console", endpoint = "impl_queue")]
pub async fn impl_queue() -> Result<Vec<PendingItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let rows = gsp_domain::impl_list::queue(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    Ok(rows
        .into_iter()
        .map(|p| PendingItem {
            party_id: p.party_id.to_string(),
            party_name: p.party_name,
            implementation_code: p.implementation_code,
            name: p.name,
            is_new: p.is_new,
            changes: p
                .changes
                .into_iter()
                .map(|c| (c.field, c.old, c.new))
                .collect(),
            submitted_at: p.submitted_at,
        })
        .collect())
}

#[server(prefix = "/console", endpoint = "review_impl")]
pub async fn review_impl(
    party_id: String,
    #[server(default)] codes: Vec<String>,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<usize, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let party = ssr::parse_id("party_id", &party_id)?;
    gsp_domain::impl_list::review(&c.db, &c.actor, party, &codes, approve, &reason)
        .await
        .map_err(ssr::map)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedItem {
    pub party_name: String,
    pub implementation_code: String,
    pub name: String,
    pub status: String,
    pub comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub submitted_at: DateTime<Utc>,
}

/// Reported items and their outcomes (operators: their own).
#[server(prefix = "/console", endpoint = "list_impl_items")]
pub async fn list_impl_items(status: Option<String>) -> Result<Vec<ReportedItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogView)).await?;
    let rows = gsp_domain::impl_list::list(&c.db, &c.actor, status.as_deref())
        .await
        .map_err(ssr::map)?;
    Ok(rows
        .into_iter()
        .map(|r| ReportedItem {
            party_name: r.party_name,
            implementation_code: r.implementation_code,
            name: r.name,
            status: r.status,
            comment: r.comment.filter(|c| !c.is_empty()),
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at,
            submitted_at: r.submitted_at,
        })
        .collect())
}
