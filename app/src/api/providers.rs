//! Server functions of third-party providers: qualification,
//! services and their access flow, documents, debugging runs, releases with
//! test reports, emergency suspension and restoration, console notices.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
#[cfg(feature = "ssr")]
use super::ssr::{mirror, mirror_all};
use super::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderItem {
    pub party_id: String,
    pub name: String,
    pub uscc: String,
    pub party_status: String,
    pub capability: Option<String>,
    pub state: String,
    pub comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub services: i64,
    pub suspended: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentItem {
    pub id: String,
    pub service_id: Option<String>,
    pub kind: String,
    pub title: String,
    pub version: i64,
    pub valid_until: Option<String>,
    pub file_name: String,
    pub size: i64,
    pub status: String,
    pub comment: Option<String>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceItem {
    pub id: String,
    pub party_id: String,
    pub party_name: String,
    pub name: String,
    pub category: String,
    pub step: String,
    pub suspended: bool,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterfaceDto {
    pub name: String,
    pub direction: String,
    pub purpose: String,
    pub request: String,
    pub answer: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceDataDto {
    pub relation: String,
    pub access_method: String,
    pub formats: Vec<String>,
    pub sdk_languages: Vec<String>,
    pub interfaces: Vec<InterfaceDto>,
    pub responsible_name: String,
    pub responsible_phone: String,
    pub responsible_email: String,
    pub ops_strategy: String,
    pub security_strategy: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunItem {
    pub id: String,
    pub cases: String,
    pub result: String,
    pub notes: String,
    pub run_by: String,
    pub run_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseItem {
    pub id: String,
    pub version: String,
    pub kind: String,
    pub tested_on: String,
    pub scope: String,
    pub results: String,
    pub file_name: String,
    pub status: String,
    pub live: bool,
    pub comment: Option<String>,
    pub submitted_by: String,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspensionItem {
    pub id: String,
    pub party_id: String,
    pub party_name: String,
    pub service_id: Option<String>,
    pub service_name: Option<String>,
    pub severity: String,
    pub reason: String,
    pub alarm_ref: Option<String>,
    pub state: String,
    pub suspended_by: String,
    pub suspended_at: DateTime<Utc>,
    pub restored_by: Option<String>,
    pub restored_at: Option<DateTime<Utc>>,
    pub restoration: Option<String>,
    pub restoration_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestorationItem {
    pub id: String,
    pub failure: String,
    pub fix: String,
    pub release_id: Option<String>,
    pub release_version: Option<String>,
    pub state: String,
    pub comment: Option<String>,
    pub filed_by: String,
    pub filed_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeItem {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderDetail {
    pub provider: ProviderItem,
    pub documents: Vec<DocumentItem>,
    pub services: Vec<ServiceItem>,
}

/// A suspension with its restoration applications, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspensionCase {
    pub suspension: SuspensionItem,
    pub restorations: Vec<RestorationItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub service: ServiceItem,
    pub data: ServiceDataDto,
    /// what blocks the current step: (field, message key)
    pub blockers: Vec<(String, String)>,
    pub documents: Vec<DocumentItem>,
    pub runs: Vec<RunItem>,
    pub releases: Vec<ReleaseItem>,
    pub suspensions: Vec<SuspensionCase>,
}

#[cfg(feature = "ssr")]
fn service_item(s: gsp_domain::providers::ServiceRow) -> ServiceItem {
    ServiceItem {
        id: s.id.to_string(),
        party_id: s.party_id.to_string(),
        party_name: s.party_name,
        name: s.name,
        category: s.category,
        step: s.step,
        suspended: s.suspended,
        updated_at: s.updated_at,
    }
}

#[cfg(feature = "ssr")]
async fn cases_of(
    c: &ssr::Ctx,
    rows: Vec<gsp_domain::providers::suspension::SuspensionRow>,
) -> Result<Vec<SuspensionCase>, AppError> {
    let mut out = Vec::new();
    for s in rows {
        let r = gsp_domain::providers::suspension::restorations(&c.db, &c.actor, s.id)
            .await
            .map_err(ssr::map)?;
        out.push(SuspensionCase {
            suspension: mirror(s)?,
            restorations: mirror_all(r)?,
        });
    }
    Ok(out)
}

#[server(prefix = "/console", endpoint = "list_providers")]
pub async fn list_providers() -> Result<Vec<ProviderItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ProviderView)).await?;
    let rows = gsp_domain::providers::list(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    mirror_all(rows)
}

#[server(prefix = "/console", endpoint = "get_provider")]
pub async fn get_provider(party_id: String) -> Result<ProviderDetail, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ProviderView)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    use gsp_domain::providers as p;
    let provider = p::get(&c.db, &c.actor, id).await.map_err(ssr::map)?;
    let documents = p::documents(&c.db, &c.actor, id, None)
        .await
        .map_err(ssr::map)?;
    let services = p::services(&c.db, &c.actor, Some(id))
        .await
        .map_err(ssr::map)?;
    Ok(ProviderDetail {
        provider: mirror(provider)?,
        documents: mirror_all(documents)?,
        services: services.into_iter().map(service_item).collect(),
    })
}

#[server(prefix = "/console", endpoint = "save_provider_profile")]
pub async fn save_provider_profile(party_id: String, capability: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ProviderEdit)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    gsp_domain::providers::save_profile(&c.db, &c.actor, id, &capability)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "submit_provider_profile")]
pub async fn submit_provider_profile(party_id: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ProviderEdit)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    gsp_domain::providers::submit_profile(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "review_provider")]
pub async fn review_provider(
    party_id: String,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    gsp_domain::providers::review_profile(&c.db, &c.actor, id, approve, &reason)
        .await
        .map_err(ssr::map)
}

/// A multipart upload: the text fields and the file.
#[cfg(feature = "ssr")]
pub(crate) struct Upload {
    fields: std::collections::HashMap<String, String>,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[cfg(feature = "ssr")]
pub(crate) async fn read_upload(data: MultipartData) -> Result<Upload, AppError> {
    let mut form = data
        .into_inner()
        .ok_or_else(|| AppError::Internal("no multipart body".into()))?;
    let bad = |_| ssr::map(gsp_domain::Error::field("file", "file.unreadable"));
    let mut up = Upload {
        fields: Default::default(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            up.file_name = field.file_name().unwrap_or("").to_string();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if up.bytes.len() + chunk.len() > gsp_domain::files::MAX_BYTES {
                    return Err(ssr::map(gsp_domain::Error::field("file", "file.too_large")));
                }
                up.bytes.extend_from_slice(&chunk);
            }
            continue;
        }
        let text = field.text().await.map_err(bad)?;
        if text.len() > 8192 {
            return Err(ssr::map(gsp_domain::Error::field(&name, "field.too_long")));
        }
        up.fields.insert(name, text);
    }
    Ok(up)
}

#[cfg(feature = "ssr")]
impl Upload {
    pub fn get(&self, k: &str) -> String {
        self.fields.get(k).cloned().unwrap_or_default()
    }
}

/// Multipart: `party_id`, `service_id` (empty: a qualification document),
/// `kind`, `title`, `valid_until`, `file`.
#[server(prefix = "/console", endpoint = "upload_provider_document", input = MultipartFormData)]
pub async fn upload_provider_document(data: MultipartData) -> Result<(), AppError> {
    let c = ssr::ctx_any(&[
        gsp_domain::Permission::ProviderEdit,
        gsp_domain::Permission::ApplicationReview,
    ])
    .await?;
    let up = read_upload(data).await?;
    let party = ssr::parse_id("party_id", &up.get("party_id"))?;
    let service = match up.get("service_id") {
        s if s.is_empty() => None,
        s => Some(ssr::parse_id("service_id", &s)?),
    };
    gsp_domain::providers::upload_document(
        &c.db,
        &c.actor,
        party,
        service,
        &up.get("kind"),
        &up.get("title"),
        &up.get("valid_until"),
        &up.file_name,
        &up.bytes,
    )
    .await
    .map(|_| ())
    .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "create_service")]
pub async fn create_service(
    party_id: String,
    name: String,
    category: String,
) -> Result<String, AppError> {
    let c = ssr::ctx_any(&[
        gsp_domain::Permission::ProviderEdit,
        gsp_domain::Permission::ApplicationReview,
    ])
    .await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    gsp_domain::providers::create_service(&c.db, &c.actor, id, &name, &category)
        .await
        .map(|id| id.to_string())
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "get_service")]
pub async fn get_service(id: String) -> Result<ServiceDetail, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ProviderView)).await?;
    let id = ssr::parse_id("id", &id)?;
    use gsp_domain::providers as p;
    let s = p::service(&c.db, &c.actor, id).await.map_err(ssr::map)?;
    let data = mirror(s.data())?;
    let blockers = p::blockers(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    let documents = p::documents(&c.db, &c.actor, s.party_id, Some(id))
        .await
        .map_err(ssr::map)?;
    let runs = p::runs(&c.db, &c.actor, id).await.map_err(ssr::map)?;
    let releases = p::releases(&c.db, &c.actor, id).await.map_err(ssr::map)?;
    let suspensions =
        gsp_domain::providers::suspension::list(&c.db, &c.actor, false, None, Some(id))
            .await
            .map_err(ssr::map)?;
    Ok(ServiceDetail {
        service: service_item(s),
        data,
        blockers,
        documents: mirror_all(documents)?,
        runs: mirror_all(runs)?,
        releases: mirror_all(releases)?,
        suspensions: cases_of(&c, suspensions.items).await?,
    })
}

/// `data`: the service's record as JSON (`ServiceDataDto`).
#[server(prefix = "/console", endpoint = "save_service")]
pub async fn save_service(id: String, data: String) -> Result<(), AppError> {
    let c = ssr::ctx_any(&[
        gsp_domain::Permission::ProviderEdit,
        gsp_domain::Permission::ApplicationReview,
    ])
    .await?;
    let id = ssr::parse_id("id", &id)?;
    let d: gsp_domain::providers::ServiceData = serde_json::from_str(&data)
        .map_err(|_| ssr::map(gsp_domain::Error::field("data", "field.invalid")))?;
    gsp_domain::providers::save_service(&c.db, &c.actor, id, &d)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "advance_service")]
pub async fn advance_service(id: String) -> Result<String, AppError> {
    let c = ssr::ctx_any(&[
        gsp_domain::Permission::ProviderEdit,
        gsp_domain::Permission::ApplicationReview,
    ])
    .await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::providers::advance(&c.db, &c.actor, id)
        .await
        .map(|s| s.code().to_string())
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "record_debug_run")]
pub async fn record_debug_run(
    id: String,
    cases: String,
    result: String,
    #[server(default)] notes: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::providers::record_run(&c.db, &c.actor, id, &cases, &result, &notes)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "review_plan")]
pub async fn review_plan(
    id: String,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::providers::review_plan(&c.db, &c.actor, id, approve, &reason)
        .await
        .map_err(ssr::map)
}

/// Multipart: `service_id`, `version`, `kind`, `tested_on`, `scope`,
/// `results`, `file` (the test report). Answers the release's id.
#[server(prefix = "/console", endpoint = "submit_release", input = MultipartFormData)]
pub async fn submit_release(data: MultipartData) -> Result<String, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ProviderEdit)).await?;
    let up = read_upload(data).await?;
    let service = ssr::parse_id("service_id", &up.get("service_id"))?;
    let r = gsp_domain::providers::NewRelease {
        version: up.get("version"),
        kind: up.get("kind"),
        tested_on: up.get("tested_on"),
        scope: up.get("scope"),
        results: up.get("results"),
    };
    gsp_domain::providers::submit_release(&c.db, &c.actor, service, &r, &up.file_name, &up.bytes)
        .await
        .map(|id| id.to_string())
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "review_release")]
pub async fn review_release(
    id: String,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::providers::review_release(&c.db, &c.actor, id, approve, &reason)
        .await
        .map_err(ssr::map)
}

/// Suspends a service (`target` = `service`) or a whole party (`party`).
#[server(prefix = "/console", endpoint = "suspend")]
pub async fn suspend(
    target: String,
    id: String,
    #[server(default)] severity: String,
    #[server(default)] reason: String,
    #[server(default)] alarm_ref: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationSupervise)).await?;
    let id = ssr::parse_id("id", &id)?;
    use gsp_domain::providers::suspension::{Order, Target};
    let target = match target.as_str() {
        "service" => Target::Service(id),
        "party" => Target::Party(id),
        _ => {
            return Err(ssr::map(gsp_domain::Error::field(
                "target",
                "field.invalid",
            )))
        }
    };
    let order = Order {
        severity,
        reason,
        alarm_ref,
    };
    gsp_domain::providers::suspension::suspend(&c.db, &c.actor, target, &order)
        .await
        .map(|_| ())
        .map_err(ssr::map)
}

#[cfg(feature = "ssr")]
async fn apply(
    c: ssr::Ctx,
    suspension_id: String,
    failure: String,
    fix: String,
    release_id: String,
) -> Result<(), AppError> {
    let sid = ssr::parse_id("suspension_id", &suspension_id)?;
    let release = match release_id.trim() {
        "" => None,
        r => Some(ssr::parse_id("release_id", r)?),
    };
    gsp_domain::providers::suspension::apply(
        &c.db,
        &c.actor,
        sid,
        &gsp_domain::providers::suspension::Application {
            failure,
            fix,
            release_id: release,
        },
    )
    .await
    .map(|_| ())
    .map_err(ssr::map)
}

/// A provider applies for its service's restoration, with a new test report.
#[server(prefix = "/console", endpoint = "apply_restoration")]
pub async fn apply_restoration(
    suspension_id: String,
    #[server(default)] failure: String,
    #[server(default)] fix: String,
    #[server(default)] release_id: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ProviderEdit)).await?;
    apply(c, suspension_id, failure, fix, release_id).await
}

/// A party's operator applies for the party's restoration.
#[server(prefix = "/console", endpoint = "apply_party_restoration")]
pub async fn apply_party_restoration(
    suspension_id: String,
    #[server(default)] failure: String,
    #[server(default)] fix: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationEdit)).await?;
    apply(c, suspension_id, failure, fix, String::new()).await
}

#[server(prefix = "/console", endpoint = "review_restoration")]
pub async fn review_restoration(
    id: String,
    restore: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationSupervise)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::providers::suspension::review(&c.db, &c.actor, id, restore, &reason)
        .await
        .map_err(ssr::map)
}

/// Current suspensions (or all when `all`). Each row carries its latest
/// restoration application's state; the applications themselves are on the
/// service or party page.
#[server(prefix = "/console", endpoint = "list_suspensions")]
pub async fn list_suspensions(
    #[server(default)] all: bool,
) -> Result<super::Capped<SuspensionCase>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationSupervise)).await?;
    let rows = gsp_domain::providers::suspension::list(&c.db, &c.actor, !all, None, None)
        .await
        .map_err(ssr::map)?;
    let more = rows.more;
    let items = rows
        .into_iter()
        .map(|s| {
            Ok(SuspensionCase {
                suspension: mirror(s)?,
                restorations: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(super::Capped { items, more })
}

/// A party's suspensions (whole-party ones), for its page.
#[server(prefix = "/console", endpoint = "party_suspensions")]
pub async fn party_suspensions(party_id: String) -> Result<Vec<SuspensionCase>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::PartyView)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    // the party must be one the person may see
    gsp_domain::access::party::get(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    let rows = gsp_domain::providers::suspension::list(&c.db, &c.actor, false, Some(id), None)
        .await
        .map_err(ssr::map)?
        .into_iter()
        .filter(|s| s.service_id.is_none())
        .collect();
    cases_of(&c, rows).await
}

/// The latest console notices for the signed-in person.
#[server(prefix = "/console", endpoint = "my_notices")]
pub async fn my_notices() -> Result<Vec<NoticeItem>, AppError> {
    let c = ssr::ctx(None).await?;
    let rows = gsp_domain::providers::suspension::notices(&c.db, &c.actor, 10)
        .await
        .map_err(ssr::map)?;
    mirror_all(rows)
}
