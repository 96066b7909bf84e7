//! Server functions of access parties' detail, applications, evidence,
//! credentials and certificates (issue #3).

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::api::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactItem {
    pub name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyDetail {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub division_code: String,
    pub organisation_name: String,
    pub uscc: String,
    pub contacts: Vec<ContactItem>,
    pub status: String,
    pub rectification: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppItem {
    pub id: String,
    pub number: String,
    pub party_id: String,
    pub party_name: String,
    pub state: String,
    pub scope: Vec<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppPage {
    pub items: Vec<AppItem>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub id: String,
    pub kind: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub cert_number: Option<String>,
    pub cert_level: Option<i64>,
    pub issuer: Option<String>,
    pub valid_until: Option<String>,
    pub expired: bool,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventItem {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub section: Option<String>,
    pub comment: Option<String>,
    pub version: i64,
    /// Set in a party's history (events of several applications).
    pub application: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeItem {
    pub section: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The plan as the form shows it (lists one per line).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanForm {
    pub topology: String,
    pub addresses: String,
    pub domains: String,
    pub location: String,
    pub security_plan: String,
    pub cloud_platform: String,
    pub load_balancers: String,
    pub devices: String,
    pub interfaces: Vec<String>,
    pub daily_calls: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppDetail {
    pub id: String,
    pub number: String,
    pub party_id: String,
    pub party_name: String,
    pub party_kind: String,
    pub state: String,
    pub scope: Vec<String>,
    pub plan: PlanForm,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub evidence: Vec<EvidenceItem>,
    pub timeline: Vec<EventItem>,
    /// What changed since the version the reviewer returned.
    pub changes: Vec<ChangeItem>,
    /// The actions this user may take now.
    pub actions: Vec<String>,
    pub editable: bool,
    pub can_comment: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialItem {
    pub id: String,
    pub key_id: String,
    pub scopes: Vec<String>,
    pub ip_allowlist: Vec<String>,
    pub status: String,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub rotated_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedCredential {
    pub key_id: String,
    pub secret: String,
    pub scopes: Vec<String>,
    pub ip_allowlist: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertItem {
    pub application_id: String,
    pub application_number: String,
    pub party_id: String,
    pub party_name: String,
    pub kind: String,
    pub cert_number: Option<String>,
    pub cert_level: Option<i64>,
    pub issuer: Option<String>,
    pub valid_until: String,
    pub expired: bool,
}

#[cfg(feature = "ssr")]
mod conv {
    use super::*;
    use gsp_domain::{access::application, access::application::evidence, access::credential};

    pub fn evidence(e: evidence::EvidenceRow, today: &str) -> EvidenceItem {
        EvidenceItem {
            id: e.id.to_string(),
            expired: e.valid_until.as_deref().is_some_and(|v| v < today),
            kind: e.kind,
            file_name: e.file_name,
            media_type: e.media_type,
            size: e.size,
            sha256: e.sha256,
            cert_number: e.cert_number,
            cert_level: e.cert_level,
            issuer: e.issuer,
            valid_until: e.valid_until,
            uploaded_at: e.uploaded_at,
        }
    }

    pub fn event(e: application::EventRow, app: Option<(String, String)>) -> EventItem {
        EventItem {
            at: e.at,
            actor_name: e.actor_name,
            action: e.action,
            from_state: e.from_state,
            to_state: e.to_state,
            section: e.section,
            comment: e.comment,
            version: e.version,
            application: app,
        }
    }

    pub fn app(a: application::AppRow) -> AppItem {
        AppItem {
            id: a.id.to_string(),
            number: a.number.clone(),
            party_id: a.party_id.to_string(),
            party_name: a.party_name.clone(),
            state: a.state.clone(),
            scope: a.scope(),
            version: a.version,
            updated_at: a.updated_at,
        }
    }

    pub fn credential(c: credential::CredentialRow) -> CredentialItem {
        CredentialItem {
            id: c.id.to_string(),
            status: c.status(gsp_domain::time::now()).to_string(),
            scopes: c.scopes(),
            ip_allowlist: c.ip_allowlist(),
            key_id: c.key_id,
            expires_at: c.expires_at,
            created_at: c.created_at,
            last_used_at: c.last_used_at,
            revoked_reason: c.revoked_reason,
            rotated_from: c.rotated_from.map(|u| u.to_string()),
        }
    }

    pub fn issued(c: credential::Issued) -> IssuedCredential {
        IssuedCredential {
            key_id: c.key_id,
            secret: c.secret,
            scopes: c.scopes,
            ip_allowlist: c.ip_allowlist,
            expires_at: c.expires_at,
        }
    }
}

#[server(prefix = "/console", endpoint = "get_party")]
pub async fn get_party(id: String) -> Result<PartyDetail, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::PartyView)).await?;
    let id = ssr::parse_id("id", &id)?;
    let p = gsp_domain::access::party::get(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    let contacts: Vec<gsp_domain::access::party::Contact> =
        serde_json::from_str(&p.contacts).unwrap_or_default();
    Ok(PartyDetail {
        id: p.id.to_string(),
        name: p.name,
        kind: p.kind,
        level: p.level,
        division_code: p.division_code,
        organisation_name: p.organisation_name,
        uscc: p.uscc,
        contacts: contacts
            .into_iter()
            .map(|c| ContactItem {
                name: c.name,
                phone: c.phone,
                email: c.email,
            })
            .collect(),
        status: p.status,
        rectification: p.rectification,
        created_at: p.created_at,
    })
}

#[server(prefix = "/console", endpoint = "list_applications")]
pub async fn list_applications(
    state: Option<String>,
    party_id: Option<String>,
    after: Option<String>,
    size: Option<String>,
) -> Result<AppPage, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationView)).await?;
    let opt_id = |field: &str, v: Option<String>| -> Result<Option<uuid::Uuid>, AppError> {
        match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Ok(Some(ssr::parse_id(field, s)?)),
            None => Ok(None),
        }
    };
    let f = gsp_domain::access::application::Filter {
        state,
        party_id: opt_id("party_id", party_id)?,
    };
    let (rows, next) = gsp_domain::access::application::list(
        &c.db,
        &c.actor,
        &f,
        opt_id("after", after)?,
        ssr::page_size(size.as_deref())?,
    )
    .await
    .map_err(ssr::map)?;
    Ok(AppPage {
        items: rows.into_iter().map(conv::app).collect(),
        next: next.map(|n| n.to_string()),
    })
}

#[server(prefix = "/console", endpoint = "create_application")]
pub async fn create_application(party_id: String) -> Result<String, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationEdit)).await?;
    let party = ssr::parse_id("party_id", &party_id)?;
    let (id, _) = gsp_domain::access::application::create(&c.db, &c.actor, party)
        .await
        .map_err(ssr::map)?;
    Ok(id.to_string())
}

#[server(prefix = "/console", endpoint = "get_application")]
pub async fn get_application(id: String) -> Result<AppDetail, AppError> {
    use gsp_domain::access::application::{self as a, State};
    use gsp_domain::Permission;
    let c = ssr::ctx(Some(Permission::ApplicationView)).await?;
    let id = ssr::parse_id("id", &id)?;
    let row = a::get(&c.db, &c.actor, id).await.map_err(ssr::map)?;
    let today = gsp_domain::time::today();
    let evidence = gsp_domain::access::application::evidence::active(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    let timeline = a::timeline(&c.db, &c.actor, id).await.map_err(ssr::map)?;
    let changes = a::changes_since_return(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    let state = row.state();
    let plan = row.plan();
    Ok(AppDetail {
        id: row.id.to_string(),
        number: row.number.clone(),
        party_id: row.party_id.to_string(),
        party_name: row.party_name.clone(),
        party_kind: row.party_kind.clone(),
        state: row.state.clone(),
        scope: row.scope(),
        plan: PlanForm {
            topology: plan.network.topology,
            addresses: plan.network.addresses.join("\n"),
            domains: plan.network.domains.join("\n"),
            location: plan.network.location,
            security_plan: plan.security.plan,
            cloud_platform: plan.hardware.cloud_platform,
            load_balancers: plan.hardware.load_balancers,
            devices: plan.hardware.devices,
            interfaces: plan.interfaces.interfaces,
            daily_calls: plan.interfaces.daily_calls,
        },
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
        evidence: evidence
            .into_iter()
            .map(|e| conv::evidence(e, &today))
            .collect(),
        timeline: timeline.into_iter().map(|e| conv::event(e, None)).collect(),
        changes: changes
            .into_iter()
            .map(|c| ChangeItem {
                section: c.section,
                field: c.field,
                old: c.old,
                new: c.new,
            })
            .collect(),
        actions: a::allowed_actions(state, &c.actor.roles)
            .into_iter()
            .map(|x| x.code().to_string())
            .collect(),
        editable: state.editable() && c.actor.can(Permission::ApplicationEdit),
        can_comment: state == State::UnderReview && c.actor.can(Permission::ApplicationReview),
    })
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/console", endpoint = "save_application")]
pub async fn save_application(
    id: String,
    #[server(default)] scope: Vec<String>,
    #[server(default)] interfaces: Vec<String>,
    topology: String,
    addresses: String,
    domains: String,
    location: String,
    security_plan: String,
    cloud_platform: String,
    load_balancers: String,
    devices: String,
    daily_calls: String,
) -> Result<(), AppError> {
    use gsp_domain::access::application::{lines, Hardware, Interfaces, Network, Plan, Security};
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationEdit)).await?;
    let id = ssr::parse_id("id", &id)?;
    let calls = daily_calls.trim();
    let daily_calls = if calls.is_empty() {
        0
    } else {
        calls.parse::<i64>().map_err(|_| {
            ssr::map(gsp_domain::Error::field(
                "interfaces.daily_calls",
                "app.calls_invalid",
            ))
        })?
    };
    let plan = Plan {
        network: Network {
            topology: topology.trim().into(),
            addresses: lines(&addresses),
            domains: lines(&domains)
                .into_iter()
                .map(|d| d.to_lowercase())
                .collect(),
            location: location.trim().into(),
        },
        security: Security {
            plan: security_plan.trim().into(),
        },
        hardware: Hardware {
            cloud_platform: cloud_platform.trim().into(),
            load_balancers: load_balancers.trim().into(),
            devices: devices.trim().into(),
        },
        interfaces: Interfaces {
            interfaces: interfaces.into_iter().filter(|s| !s.is_empty()).collect(),
            daily_calls,
        },
    };
    let scope: Vec<String> = scope.into_iter().filter(|s| !s.is_empty()).collect();
    gsp_domain::access::application::save(&c.db, &c.actor, id, &scope, &plan)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "act_application")]
pub async fn act_application(
    id: String,
    action: String,
    #[server(default)] comment: String,
) -> Result<String, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationView)).await?;
    let id = ssr::parse_id("id", &id)?;
    let action = gsp_domain::access::application::Action::from_code(&action)
        .ok_or_else(|| ssr::map(gsp_domain::Error::field("action", "field.invalid")))?;
    let to = gsp_domain::access::application::act(&c.db, &c.actor, id, action, &comment)
        .await
        .map_err(ssr::map)?;
    Ok(to.code().to_string())
}

#[server(prefix = "/console", endpoint = "comment_application")]
pub async fn comment_application(
    id: String,
    section: String,
    body: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationReview)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::access::application::comment(&c.db, &c.actor, id, &section, &body)
        .await
        .map_err(ssr::map)
}

/// Uploads one evidence file with its certificate fields (multipart form:
/// application_id, kind, cert_number, cert_level, issuer, valid_until, file).
#[server(prefix = "/console", endpoint = "upload_evidence", input = MultipartFormData)]
pub async fn upload_evidence(data: MultipartData) -> Result<EvidenceItem, AppError> {
    use gsp_domain::access::application::evidence::Meta;
    use gsp_domain::files::MAX_BYTES;
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationEdit)).await?;
    let mut form = data
        .into_inner()
        .ok_or_else(|| AppError::Internal("no multipart body".into()))?;
    let mut meta = Meta::default();
    let mut app_id = String::new();
    let mut file_name = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let too_large = || ssr::map(gsp_domain::Error::field("file", "file.too_large"));
    let bad = |_| ssr::map(gsp_domain::Error::field("file", "file.unreadable"));
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            file_name = field.file_name().unwrap_or("").to_string();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if bytes.len() + chunk.len() > MAX_BYTES {
                    return Err(too_large());
                }
                bytes.extend_from_slice(&chunk);
            }
            continue;
        }
        let text = field.text().await.map_err(bad)?;
        if text.len() > 4096 {
            return Err(ssr::map(gsp_domain::Error::field(&name, "field.too_long")));
        }
        match name.as_str() {
            "application_id" => app_id = text,
            "kind" => meta.kind = text,
            "cert_number" => meta.cert_number = text,
            "cert_level" => meta.cert_level = text,
            "issuer" => meta.issuer = text,
            "valid_until" => meta.valid_until = text,
            _ => {}
        }
    }
    let app = ssr::parse_id("application_id", &app_id)?;
    let row = gsp_domain::access::application::evidence::upload(
        &c.db, &c.actor, app, &meta, &file_name, &bytes,
    )
    .await
    .map_err(ssr::map)?;
    Ok(conv::evidence(row, &gsp_domain::time::today()))
}

#[server(prefix = "/console", endpoint = "list_evidence")]
pub async fn list_evidence(application_id: String) -> Result<Vec<EvidenceItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationView)).await?;
    let id = ssr::parse_id("application_id", &application_id)?;
    let today = gsp_domain::time::today();
    let rows = gsp_domain::access::application::evidence::active(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    Ok(rows
        .into_iter()
        .map(|e| conv::evidence(e, &today))
        .collect())
}

#[server(prefix = "/console", endpoint = "party_history")]
pub async fn party_history(party_id: String) -> Result<crate::api::Capped<EventItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationView)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    let rows = gsp_domain::access::application::party_history(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    Ok(crate::api::Capped::of(rows, |r| {
        conv::event(r.event, Some((r.application_id.to_string(), r.number)))
    }))
}

#[server(prefix = "/console", endpoint = "party_certificates")]
pub async fn party_certificates(party_id: String) -> Result<Vec<CertItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationView)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    let rows = gsp_domain::access::application::evidence::of_party(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    Ok(certs(rows))
}

#[cfg(feature = "ssr")]
fn certs(rows: Vec<gsp_domain::access::application::evidence::CertRow>) -> Vec<CertItem> {
    let today = gsp_domain::time::today();
    rows.into_iter()
        .map(|r| CertItem {
            application_id: r.application_id.to_string(),
            application_number: r.application_number,
            party_id: r.party_id.to_string(),
            party_name: r.party_name,
            expired: !r.valid_until.is_empty() && r.valid_until < today,
            kind: r.kind,
            cert_number: r.cert_number,
            cert_level: r.cert_level,
            issuer: r.issuer,
            valid_until: r.valid_until,
        })
        .collect()
}

/// Certificates expired or expiring within 30 days.
#[server(prefix = "/console", endpoint = "list_certificates")]
pub async fn list_certificates() -> Result<crate::api::Capped<CertItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CertificateView)).await?;
    let rows = gsp_domain::access::application::evidence::expiring(&c.db, &c.actor, 30)
        .await
        .map_err(ssr::map)?;
    let more = rows.more;
    Ok(crate::api::Capped {
        items: certs(rows.items),
        more,
    })
}

#[server(prefix = "/console", endpoint = "list_credentials")]
pub async fn list_credentials(party_id: String) -> Result<Vec<CredentialItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CredentialView)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    let rows = gsp_domain::access::credential::list(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    Ok(rows.into_iter().map(conv::credential).collect())
}

#[server(prefix = "/console", endpoint = "issue_credential")]
pub async fn issue_credential(
    party_id: String,
    #[server(default)] days: Option<i64>,
    #[server(default)] service_id: Option<String>,
) -> Result<IssuedCredential, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CredentialManage)).await?;
    let st = ssr::state()?;
    let id = ssr::parse_id("party_id", &party_id)?;
    let days = days.unwrap_or(gsp_domain::access::credential::DEFAULT_DAYS);
    let issued = match service_id.as_deref().filter(|s| !s.is_empty()) {
        // a provider's credential for one service (refused while it is suspended)
        Some(s) => {
            let sid = ssr::parse_id("service_id", s)?;
            let svc = gsp_domain::providers::service(&c.db, &c.actor, sid)
                .await
                .map_err(ssr::map)?;
            if svc.party_id != id {
                return Err(ssr::map(gsp_domain::Error::field(
                    "service_id",
                    "field.invalid",
                )));
            }
            gsp_domain::access::credential::issue_for_service(
                &c.db,
                &c.actor,
                &st.settings.cipher,
                sid,
                days,
            )
            .await
        }
        None => {
            gsp_domain::access::credential::issue(&c.db, &c.actor, &st.settings.cipher, id, days)
                .await
        }
    }
    .map_err(ssr::map)?;
    Ok(conv::issued(issued))
}

#[server(prefix = "/console", endpoint = "rotate_credential")]
pub async fn rotate_credential(id: String) -> Result<IssuedCredential, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CredentialManage)).await?;
    let st = ssr::state()?;
    let id = ssr::parse_id("id", &id)?;
    let issued = gsp_domain::access::credential::rotate(
        &c.db,
        &c.actor,
        &st.settings.cipher,
        id,
        gsp_domain::access::credential::DEFAULT_GRACE_HOURS,
    )
    .await
    .map_err(ssr::map)?;
    Ok(conv::issued(issued))
}

#[server(prefix = "/console", endpoint = "revoke_credential")]
pub async fn revoke_credential(id: String, reason: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CredentialManage)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::access::credential::revoke(&c.db, &c.actor, id, &reason)
        .await
        .map_err(ssr::map)
}

/// A party's use of the machine API over the last 24 hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiStats {
    pub calls: i64,
    pub errors: i64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub last_call: Option<DateTime<Utc>>,
    /// (code, how many, Chinese message, English message)
    pub top_codes: Vec<(i64, i64, String, String)>,
    pub endpoints: Vec<(String, i64)>,
}

#[server(prefix = "/console", endpoint = "party_api_stats")]
pub async fn party_api_stats(party_id: String) -> Result<ApiStats, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::ApplicationView)).await?;
    let id = ssr::parse_id("party_id", &party_id)?;
    let s = gsp_domain::security::api_access::stats(&c.db, &c.actor, id, 24)
        .await
        .map_err(ssr::map)?;
    Ok(ApiStats {
        calls: s.calls,
        errors: s.errors,
        p50_ms: s.p50_ms,
        p95_ms: s.p95_ms,
        p99_ms: s.p99_ms,
        last_call: s.last_call,
        top_codes: s
            .top_codes
            .into_iter()
            .map(|(code, n)| {
                let c = gsp_protocol::code(code as i32);
                (
                    code,
                    n,
                    c.map(|c| c.message.to_string()).unwrap_or_default(),
                    c.map(|c| c.message_en.to_string()).unwrap_or_default(),
                )
            })
            .collect(),
        endpoints: s.endpoints,
    })
}
