//! Server functions of service items: the basic catalog here (R-6.2.a:
//! list, drafts, publish), reported catalogs and implementation lists
//! (R-6.2.b, R-6.2.c) in `catalog/impl_lists.rs`, case data (R-6.2.d) in
//! `catalog/cases.rs`.

mod cases;
mod impl_lists;
pub use cases::*;
pub use impl_lists::*;

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
    let i: gsp_domain::catalog::basic::Item = serde_json::from_str(data).unwrap_or_default();
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
    size: Option<String>,
) -> Result<CatalogPage, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogView)).await?;
    let (rows, next) = gsp_domain::catalog::basic::list(
        &c.db,
        &c.actor,
        q.as_deref(),
        item_type.as_deref(),
        after.as_deref(),
        ssr::page_size(size.as_deref())?,
    )
    .await
    .map_err(ssr::map)?;
    Ok(CatalogPage {
        items: rows
            .iter()
            .map(|r| item_of(&r.data, r.retired, r.version))
            .collect(),
        next,
        current_version: gsp_domain::catalog::basic::current_version(&c.db)
            .await
            .map_err(ssr::map)?,
    })
}

#[server(prefix = "/console", endpoint = "list_catalog_drafts")]
pub async fn list_catalog_drafts() -> Result<Vec<CatalogDraft>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogView)).await?;
    let rows = gsp_domain::catalog::basic::drafts(&c.db, &c.actor)
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
    let item = gsp_domain::catalog::basic::Item {
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
    gsp_domain::catalog::basic::save_draft(&c.db, &c.actor, &item)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "retire_catalog_item")]
pub async fn retire_catalog_item(basic_code: String, reason: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogManage)).await?;
    gsp_domain::catalog::basic::retire_draft(&c.db, &c.actor, &basic_code, &reason)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "discard_catalog_draft")]
pub async fn discard_catalog_draft(basic_code: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogManage)).await?;
    gsp_domain::catalog::basic::discard_draft(&c.db, &c.actor, &basic_code)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "publish_catalog")]
pub async fn publish_catalog(#[server(default)] note: String) -> Result<i64, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogManage)).await?;
    gsp_domain::catalog::basic::publish(&c.db, &c.actor, &note)
        .await
        .map_err(ssr::map)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    pub row: usize,
    pub code: String,
    /// (field, message key)
    pub errors: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportResult {
    pub rows: usize,
    pub imported: usize,
    pub invalid: Vec<ImportRow>,
}

/// Imports catalog rows from an .xlsx or UTF-8 CSV file (multipart: `file`,
/// `valid_only`) as drafts.
#[server(prefix = "/console", endpoint = "import_catalog", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn import_catalog(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<ImportResult, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CatalogManage)).await?;
    let (rows, fields) = read_sheet(data).await?;
    let valid_only = fields.get("valid_only").is_some_and(|v| v == "true");
    use gsp_domain::catalog::import as imp;
    let r = imp::import(&c.db, &c.actor, &rows, valid_only)
        .await
        .map_err(ssr::map)?;
    Ok(ImportResult {
        rows: r.rows,
        imported: r.imported,
        invalid: r
            .invalid
            .into_iter()
            .map(|x| ImportRow {
                row: x.row,
                code: x.code,
                errors: x.errors.into_iter().map(|e| (e.field, e.code)).collect(),
            })
            .collect(),
    })
}

/// Reads a multipart upload: the spreadsheet in `file` (.xlsx, or CSV in
/// UTF-8) as rows, and the other fields as text.
#[cfg(feature = "ssr")]
pub(crate) async fn read_sheet(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<(Vec<Vec<String>>, std::collections::HashMap<String, String>), AppError> {
    let mut form = data
        .into_inner()
        .ok_or_else(|| AppError::Internal("no multipart body".into()))?;
    let bad = |_| ssr::map(gsp_domain::Error::field("file", "file.unreadable"));
    let mut bytes: Vec<u8> = Vec::new();
    let mut fields = std::collections::HashMap::new();
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "file" => {
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if bytes.len() + chunk.len() > gsp_domain::files::MAX_BYTES {
                        return Err(ssr::map(gsp_domain::Error::field("file", "file.too_large")));
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            name => {
                let name = name.to_string();
                fields.insert(name, field.text().await.map_err(bad)?);
            }
        }
    }
    use gsp_domain::catalog::import as imp;
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        imp::parse_xlsx(&bytes).map_err(ssr::map)?
    } else {
        let text = String::from_utf8(bytes)
            .map_err(|_| ssr::map(gsp_domain::Error::field("file", "import.encoding")))?;
        imp::parse_csv(&text).map_err(ssr::map)?
    };
    Ok((rows, fields))
}
