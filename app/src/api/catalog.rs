//! Server functions of the basic catalog (R-6.2.a): list, drafts, publish.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
use super::AppError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogItem {
    pub basic_code: String,
    pub name: String,
    pub item_type: String,
    pub department: String,
    pub legal_basis: String,
    pub levels: Vec<String>,
    pub objects: Vec<String>,
    pub statutory_limit: Option<i64>,
    pub statutory_unit: Option<String>,
    pub retired: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub items: Vec<CatalogItem>,
    pub next: Option<String>,
    pub current_version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogDraft {
    pub basic_code: String,
    pub kind: String,
    pub name: String,
    pub reason: String,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

#[cfg(feature = "ssr")]
fn item_of(data: &str, retired: bool, version: i64) -> CatalogItem {
    let i: gsp_domain::catalog::Item = serde_json::from_str(data).unwrap_or_default();
    CatalogItem {
        basic_code: i.basic_code,
        name: i.name,
        item_type: i.item_type,
        department: i.department,
        legal_basis: i.legal_basis,
        levels: i.levels,
        objects: i.objects,
        statutory_limit: i.statutory_limit,
        statutory_unit: i.statutory_unit,
        retired,
        version,
    }
}

#[server(prefix = "/console", endpoint = "list_catalog")]
pub async fn list_catalog(
    q: Option<String>,
    item_type: Option<String>,
    after: Option<String>,
) -> Result<CatalogPage, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogView)).await?;
    let (rows, next) = gsp_domain::catalog::list(
        &c.db,
        &c.actor,
        q.as_deref(),
        item_type.as_deref(),
        after.as_deref(),
        50,
    )
    .await
    .map_err(ssr::map)?;
    Ok(CatalogPage {
        items: rows
            .iter()
            .map(|r| item_of(&r.data, r.retired, r.version))
            .collect(),
        next,
        current_version: gsp_domain::catalog::current_version(&c.db)
            .await
            .map_err(ssr::map)?,
    })
}

#[server(prefix = "/console", endpoint = "list_catalog_drafts")]
pub async fn list_catalog_drafts() -> Result<Vec<CatalogDraft>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogView)).await?;
    let rows = gsp_domain::catalog::drafts(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    Ok(rows
        .into_iter()
        .map(|d| CatalogDraft {
            name: item_of(&d.data, false, 0).name,
            basic_code: d.basic_code,
            kind: d.kind,
            reason: d.reason,
            updated_by: d.updated_by,
            updated_at: d.updated_at,
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/console", endpoint = "save_catalog_item")]
pub async fn save_catalog_item(
    basic_code: String,
    name: String,
    item_type: String,
    department: String,
    legal_basis: String,
    #[server(default)] levels: Vec<String>,
    #[server(default)] objects: Vec<String>,
    #[server(default)] statutory_limit: String,
    #[server(default)] statutory_unit: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogManage)).await?;
    let limit = statutory_limit.trim();
    let statutory_limit =
        if limit.is_empty() {
            None
        } else {
            Some(limit.parse::<i64>().map_err(|_| {
                ssr::map(gsp_domain::Error::field("statutory_limit", "field.invalid"))
            })?)
        };
    let item = gsp_domain::catalog::Item {
        basic_code,
        name,
        item_type,
        department,
        legal_basis,
        levels: levels.into_iter().filter(|s| !s.is_empty()).collect(),
        objects: objects.into_iter().filter(|s| !s.is_empty()).collect(),
        statutory_limit,
        statutory_unit: Some(statutory_unit.trim().to_string()).filter(|s| !s.is_empty()),
    };
    gsp_domain::catalog::save_draft(&c.db, &c.actor, &item)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "retire_catalog_item")]
pub async fn retire_catalog_item(basic_code: String, reason: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogManage)).await?;
    gsp_domain::catalog::retire_draft(&c.db, &c.actor, &basic_code, &reason)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "discard_catalog_draft")]
pub async fn discard_catalog_draft(basic_code: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogManage)).await?;
    gsp_domain::catalog::discard_draft(&c.db, &c.actor, &basic_code)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "publish_catalog")]
pub async fn publish_catalog(#[server(default)] note: String) -> Result<i64, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogManage)).await?;
    gsp_domain::catalog::publish(&c.db, &c.actor, &note)
        .await
        .map_err(ssr::map)
}
