//! Wire types and server functions. Every server function is a public
//! endpoint: it authorizes inside itself (deny by default) before it calls
//! the domain service. Endpoints have fixed names (`/api/<name>`), listed in
//! `SERVER_FNS` for the role × function test.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

mod apps;
mod cases;
mod catalog;
mod impl_lists;
mod ops;
mod providers;
mod seals;
pub use apps::*;
pub use cases::*;
pub use catalog::*;
pub use impl_lists::*;
pub use ops::*;
pub use providers::*;
pub use seals::*;

/// One field that failed validation; `code` is a translation key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErr {
    pub field: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("validation")]
    Validation(Vec<FieldErr>),
    /// Logged on the server with this request id; no detail is shown.
    #[error("internal error ({0})")]
    Internal(String),
    #[error("transport: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// The message for a field, if this error names it.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Validation(v) => v.iter().find(|f| f.field == name).map(|f| f.code.clone()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
}

impl Me {
    pub fn can(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DashboardData {
    /// Set when the figures are one organisation's (operators, providers).
    pub organisation: Option<String>,
    pub accounts: i64,
    pub accounts_disabled: i64,
    pub accounts_locked: i64,
    pub organisations: i64,
    pub active_sessions: i64,
    pub audit_records: i64,
    pub sign_ins_24h: i64,
    pub failed_sign_ins_24h: i64,
    pub by_role: Vec<(String, i64)>,
    /// Applications waiting for this user (0 when none concern them).
    pub applications_waiting: i64,
    /// 等保/密评 certificates expired or expiring within 30 days.
    pub certificates_expiring: i64,
    pub show_applications: bool,
    pub show_certificates: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountItem {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub disabled: bool,
    pub locked: bool,
    pub totp_enabled: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountPage {
    pub items: Vec<AccountItem>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgItem {
    pub id: String,
    pub name: String,
    pub uscc: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedAccount {
    pub username: String,
    pub one_time_password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionItem {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub ip: String,
    pub user_agent: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditItem {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_name: String,
    pub roles: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub object_label: String,
    pub changes: String,
    pub reason: String,
    pub source_ip: String,
    pub request_id: String,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditPage {
    pub items: Vec<AuditItem>,
    pub next: Option<i64>,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyResult {
    pub ok: bool,
    pub checked: i64,
    pub last_seq: i64,
    pub problem_seq: Option<i64>,
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolInfo {
    pub secret: String,
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyItem {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub division_code: String,
    pub organisation_name: String,
    pub uscc: String,
    pub contact: String,
    pub status: String,
    pub rectification: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartyPage {
    pub items: Vec<PartyItem>,
    pub next: Option<String>,
    /// This target's level and division, for the registration form.
    pub instance_level: String,
    pub instance_division: String,
}

/// Every server function: (endpoint, the permission it requires, or `None`
/// for "any signed-in account", or `Some("")` for "no sign-in needed").
/// `A|B`: either permission.
pub const SERVER_FNS: &[(&str, Option<&str>)] = &[
    ("get_me", None),
    ("get_dashboard", Some("DashboardView")),
    ("list_accounts", Some("AccountView")),
    ("list_organisations", Some("AccountView")),
    ("create_account", Some("AccountManage")),
    ("set_account_disabled", Some("AccountManage")),
    ("reset_account_password", Some("AccountManage")),
    ("reset_account_totp", Some("TotpReset")),
    ("set_account_roles", Some("RoleAssign")),
    ("list_sessions", Some("SessionView")),
    ("revoke_session", Some("SessionRevoke")),
    ("list_audit", Some("AuditRead")),
    ("verify_audit", Some("AuditVerify")),
    ("get_enrolment", Some("")),
    ("list_parties", Some("PartyView")),
    ("register_party", Some("PartyManage")),
    ("get_party", Some("PartyView")),
    ("list_applications", Some("ApplicationView")),
    ("create_application", Some("ApplicationEdit")),
    ("get_application", Some("ApplicationView")),
    ("save_application", Some("ApplicationEdit")),
    ("act_application", Some("ApplicationView")),
    ("comment_application", Some("ApplicationReview")),
    ("upload_evidence", Some("ApplicationEdit")),
    ("list_evidence", Some("ApplicationView")),
    ("party_history", Some("ApplicationView")),
    ("party_certificates", Some("ApplicationView")),
    ("list_certificates", Some("CertificateView")),
    ("list_credentials", Some("CredentialView")),
    ("issue_credential", Some("CredentialManage")),
    ("rotate_credential", Some("CredentialManage")),
    ("revoke_credential", Some("CredentialManage")),
    ("party_api_stats", Some("ApplicationView")),
    ("search_cases", Some("CaseView")),
    ("case_stats", Some("CaseView")),
    ("list_catalog", Some("CatalogView")),
    ("list_catalog_drafts", Some("CatalogView")),
    ("save_catalog_item", Some("CatalogManage")),
    ("retire_catalog_item", Some("CatalogManage")),
    ("discard_catalog_draft", Some("CatalogManage")),
    ("publish_catalog", Some("CatalogManage")),
    ("import_catalog", Some("CatalogManage")),
    ("impl_queue", Some("ApplicationReview")),
    ("review_impl", Some("ApplicationReview")),
    ("list_impl_items", Some("CatalogView")),
    ("report_file", Some("ApplicationEdit")),
    ("search_published", Some("CatalogView")),
    ("list_providers", Some("ProviderView")),
    ("get_provider", Some("ProviderView")),
    ("save_provider_profile", Some("ProviderEdit")),
    ("submit_provider_profile", Some("ProviderEdit")),
    ("review_provider", Some("ApplicationReview")),
    (
        "upload_provider_document",
        Some("ProviderEdit|ApplicationReview"),
    ),
    ("create_service", Some("ProviderEdit|ApplicationReview")),
    ("get_service", Some("ProviderView")),
    ("save_service", Some("ProviderEdit|ApplicationReview")),
    ("advance_service", Some("ProviderEdit|ApplicationReview")),
    ("record_debug_run", Some("ApplicationReview")),
    ("review_plan", Some("ApplicationReview")),
    ("submit_release", Some("ProviderEdit")),
    ("review_release", Some("ApplicationReview")),
    ("suspend", Some("ApplicationSupervise")),
    ("apply_restoration", Some("ProviderEdit")),
    ("apply_party_restoration", Some("ApplicationEdit")),
    ("review_restoration", Some("ApplicationSupervise")),
    ("list_suspensions", Some("ApplicationSupervise")),
    ("party_suspensions", Some("PartyView")),
    ("my_notices", None),
    ("ops_overview", Some("OpsView")),
    ("ops_resources", Some("OpsView")),
    ("ops_resource", Some("OpsView")),
    ("ops_series", Some("OpsView")),
    ("ops_alarms", Some("OpsView")),
    ("alarm_act", Some("OpsManage")),
    ("open_ticket", Some("OpsManage")),
    ("ops_tickets", Some("OpsView")),
    ("ops_ticket", Some("OpsView")),
    ("ticket_act", Some("OpsManage")),
    ("seal_systems", Some("SealView")),
    (
        "seal_system_act",
        Some("ApplicationReview|ApplicationSupervise"),
    ),
    ("register_seal_system", Some("ApplicationEdit")),
    ("seal_units", Some("SealView")),
    ("register_seal_unit", Some("ApplicationEdit")),
    ("list_seals", Some("SealView")),
    ("seal_change", Some("ApplicationSupervise")),
    ("seal_refusals", Some("SealView")),
    ("upload_seal_filings", Some("ApplicationEdit")),
];

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::AppError;
    use crate::state::{client_ip, cookie, request_id, AppState};
    use gsp_domain::{security::session, Actor, Db, Error, Permission};
    use leptos::prelude::*;

    pub struct Ctx {
        pub db: Db,
        pub actor: Actor,
        pub display_name: String,
        pub session_token: String,
    }

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| AppError::Internal("no state".into()))
    }

    pub fn parts() -> Result<http::request::Parts, AppError> {
        use_context::<http::request::Parts>().ok_or_else(|| AppError::Internal("no request".into()))
    }

    fn set_status(code: http::StatusCode) {
        if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
            r.set_status(code);
        }
    }

    /// The signed-in actor, holding `permission` if one is given.
    pub async fn ctx(permission: Option<Permission>) -> Result<Ctx, AppError> {
        let st = state()?;
        let p = parts()?;
        let token = cookie(&p.headers, session::COOKIE).unwrap_or_default();
        let ip = client_ip(&p.headers, &p.extensions, st.settings.trust_proxy);
        let rid = request_id(&p.headers);
        let (actor, display_name) = session::actor_for(&st.db, &token, &ip, &rid)
            .await
            .map_err(map)?;
        if let Some(perm) = permission {
            actor.require(perm).map_err(map)?;
        }
        Ok(Ctx {
            db: st.db,
            actor,
            display_name,
            session_token: token,
        })
    }

    /// Same-shaped values across the wasm boundary (the domain's types do not
    /// compile for the browser).
    pub fn mirror<A: serde::Serialize, B: serde::de::DeserializeOwned>(
        a: A,
    ) -> Result<B, AppError> {
        serde_json::to_value(a)
            .and_then(serde_json::from_value)
            .map_err(|e| AppError::Internal(e.to_string()))
    }

    pub fn mirror_all<A: serde::Serialize, B: serde::de::DeserializeOwned>(
        v: Vec<A>,
    ) -> Result<Vec<B>, AppError> {
        v.into_iter().map(mirror).collect()
    }

    /// The signed-in actor, holding at least one of `permissions`.
    pub async fn ctx_any(permissions: &[Permission]) -> Result<Ctx, AppError> {
        let c = ctx(None).await?;
        if !permissions.iter().any(|p| c.actor.can(*p)) {
            return Err(map(Error::Forbidden));
        }
        Ok(c)
    }

    /// Maps a domain error to what the console may see, with the HTTP status.
    pub fn map(e: Error) -> AppError {
        match e {
            Error::Unauthenticated => {
                set_status(http::StatusCode::UNAUTHORIZED);
                AppError::Unauthenticated
            }
            Error::Forbidden => {
                set_status(http::StatusCode::FORBIDDEN);
                AppError::Forbidden
            }
            Error::NotFound(_) => {
                set_status(http::StatusCode::NOT_FOUND);
                AppError::NotFound
            }
            Error::Conflict(c) | Error::InvalidTransition(c) => {
                set_status(http::StatusCode::CONFLICT);
                AppError::Conflict(c)
            }
            Error::Validation(v) => {
                set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
                AppError::Validation(
                    v.into_iter()
                        .map(|f| super::FieldErr {
                            field: f.field,
                            code: f.code,
                        })
                        .collect(),
                )
            }
            e => {
                let rid = parts().map(|p| request_id(&p.headers)).unwrap_or_default();
                tracing::error!(request_id = %rid, error = %e, "server function failed");
                set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
                AppError::Internal(rid)
            }
        }
    }

    pub fn parse_id(field: &str, s: &str) -> Result<uuid::Uuid, AppError> {
        uuid::Uuid::parse_str(s.trim()).map_err(|_| {
            set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
            AppError::Validation(vec![super::FieldErr {
                field: field.into(),
                code: "field.invalid".into(),
            }])
        })
    }

    /// Parses a time typed in the console (China Standard Time).
    pub fn parse_local_time(
        field: &str,
        s: &Option<String>,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, AppError> {
        match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => gsp_domain::time::parse_cst(s).map(Some).ok_or_else(|| {
                set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
                AppError::Validation(vec![super::FieldErr {
                    field: field.into(),
                    code: "field.invalid_time".into(),
                }])
            }),
        }
    }
}

/// The signed-in person of a console page, found by the server before the
/// page renders (request extension) and handed to the browser with the page.
#[derive(Debug, Clone)]
pub struct MeExt(pub Me);

#[cfg(feature = "ssr")]
pub fn me_of(actor: &gsp_domain::Actor, display_name: &str) -> Me {
    use gsp_domain::Permission;
    Me {
        id: actor.id.clone(),
        username: actor.name.clone(),
        display_name: display_name.to_string(),
        roles: actor.roles.iter().map(|r| r.code().to_string()).collect(),
        permissions: Permission::ALL
            .iter()
            .filter(|p| actor.can(**p))
            .map(|p| format!("{p:?}"))
            .collect(),
    }
}

#[server(prefix = "/console", endpoint = "get_me")]
pub async fn get_me() -> Result<Me, AppError> {
    let c = ssr::ctx(None).await?;
    Ok(me_of(&c.actor, &c.display_name))
}

#[server(prefix = "/console", endpoint = "get_dashboard")]
pub async fn get_dashboard() -> Result<DashboardData, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::DashboardView)).await?;
    let d = gsp_domain::ops::stats::dashboard(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    Ok(DashboardData {
        organisation: d.organisation,
        accounts: d.accounts,
        accounts_disabled: d.accounts_disabled,
        accounts_locked: d.accounts_locked,
        organisations: d.organisations,
        active_sessions: d.active_sessions,
        audit_records: d.audit_records,
        sign_ins_24h: d.sign_ins_24h,
        failed_sign_ins_24h: d.failed_sign_ins_24h,
        by_role: d
            .accounts_by_role
            .into_iter()
            .map(|(r, n)| (r.code().to_string(), n))
            .collect(),
        applications_waiting: gsp_domain::access::application::count_waiting(&c.db, &c.actor)
            .await
            .map_err(ssr::map)?,
        certificates_expiring: gsp_domain::access::application::evidence::count_expiring(
            &c.db, &c.actor, 30,
        )
        .await
        .map_err(ssr::map)?,
        show_applications: c.actor.can(gsp_domain::Permission::ApplicationEdit)
            || c.actor.can(gsp_domain::Permission::ApplicationReview),
        show_certificates: c.actor.can(gsp_domain::Permission::CertificateView),
    })
}

#[server(prefix = "/console", endpoint = "list_accounts")]
pub async fn list_accounts(
    q: Option<String>,
    role: Option<String>,
    status: Option<String>,
    after: Option<String>,
) -> Result<AccountPage, AppError> {
    use gsp_domain::security::account::{list, ListFilter};
    let c = ssr::ctx(Some(gsp_domain::Permission::AccountView)).await?;
    let f = ListFilter {
        q,
        role: role.as_deref().and_then(gsp_domain::Role::from_code),
        status: status.filter(|s| !s.is_empty()),
    };
    let after = after.filter(|s| !s.is_empty());
    let (rows, next) = list(&c.db, &c.actor, &f, after.as_deref(), 50)
        .await
        .map_err(ssr::map)?;
    Ok(AccountPage {
        items: rows
            .into_iter()
            .map(|a| AccountItem {
                id: a.id.to_string(),
                username: a.username,
                display_name: a.display_name,
                roles: a.roles.iter().map(|r| r.code().to_string()).collect(),
                organisation_id: a.organisation_id.map(|o| o.to_string()),
                organisation_name: a.organisation_name,
                disabled: a.disabled,
                locked: a.locked,
                totp_enabled: a.totp_enabled,
                must_change_password: a.must_change_password,
                last_login_at: a.last_login_at,
            })
            .collect(),
        next,
    })
}

#[server(prefix = "/console", endpoint = "list_organisations")]
pub async fn list_organisations() -> Result<Vec<OrgItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::AccountView)).await?;
    let orgs = gsp_domain::access::organisation::list(&c.db)
        .await
        .map_err(ssr::map)?;
    Ok(orgs
        .into_iter()
        .map(|o| OrgItem {
            id: o.id.to_string(),
            name: o.name,
            uscc: o.uscc,
            kind: o.kind,
        })
        .collect())
}

#[server(prefix = "/console", endpoint = "create_account")]
pub async fn create_account(
    username: String,
    display_name: String,
) -> Result<CreatedAccount, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::AccountManage)).await?;
    let (_, pw) = gsp_domain::security::account::create(
        &c.db,
        &c.actor,
        &username,
        &display_name,
        &[],
        None,
        None,
    )
    .await
    .map_err(ssr::map)?;
    Ok(CreatedAccount {
        username: username.trim().to_lowercase(),
        one_time_password: pw,
    })
}

#[server(prefix = "/console", endpoint = "set_account_disabled")]
pub async fn set_account_disabled(
    id: String,
    disabled: bool,
    reason: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::AccountManage)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::security::account::set_disabled(&c.db, &c.actor, id, disabled, &reason)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "reset_account_password")]
pub async fn reset_account_password(id: String, reason: String) -> Result<String, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::AccountManage)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::security::account::reset_password(&c.db, &c.actor, id, &reason)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "reset_account_totp")]
pub async fn reset_account_totp(id: String, reason: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::TotpReset)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::security::account::reset_totp(&c.db, &c.actor, id, &reason)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "set_account_roles")]
pub async fn set_account_roles(
    id: String,
    #[server(default)] roles: Vec<String>,
    organisation_id: Option<String>,
    reason: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::RoleAssign)).await?;
    let id = ssr::parse_id("id", &id)?;
    let mut parsed = Vec::new();
    for r in roles.iter().filter(|r| !r.is_empty()) {
        parsed.push(gsp_domain::Role::from_code(r).ok_or_else(|| {
            AppError::Validation(vec![FieldErr {
                field: "roles".into(),
                code: "field.invalid".into(),
            }])
        })?);
    }
    let org = match organisation_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => Some(ssr::parse_id("organisation_id", s)?),
        None => None,
    };
    gsp_domain::security::account::set_roles(&c.db, &c.actor, id, &parsed, org, &reason)
        .await
        .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "list_sessions")]
pub async fn list_sessions() -> Result<Vec<SessionItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::SessionView)).await?;
    let rows = gsp_domain::security::session::list_active(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    let mine = gsp_domain::security::session::find(&c.db, &c.session_token)
        .await
        .ok()
        .flatten()
        .map(|s| s.id);
    Ok(rows
        .into_iter()
        .map(|s| SessionItem {
            current: Some(s.id) == mine,
            id: s.id.to_string(),
            username: s.username,
            display_name: s.display_name,
            ip: s.ip,
            user_agent: s.user_agent,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
        })
        .collect())
}

#[server(prefix = "/console", endpoint = "revoke_session")]
pub async fn revoke_session(id: String, reason: String) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::SessionRevoke)).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::security::session::revoke(&c.db, &c.actor, id, &reason)
        .await
        .map_err(ssr::map)
}

#[cfg(feature = "ssr")]
pub fn to_filter(q: &AuditQuery) -> Result<gsp_domain::security::audit::Filter, AppError> {
    Ok(gsp_domain::security::audit::Filter {
        from: ssr::parse_local_time("from", &q.from)?,
        to: ssr::parse_local_time("to", &q.to)?,
        actor: q.actor.clone(),
        action: q.action.clone(),
        object_type: q.object_type.clone(),
        object_id: q.object_id.clone(),
    })
}

#[server(prefix = "/console", endpoint = "list_audit")]
#[allow(clippy::too_many_arguments)]
pub async fn list_audit(
    from: Option<String>,
    to: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    object_type: Option<String>,
    object_id: Option<String>,
    before: Option<i64>,
    ascending: bool,
) -> Result<AuditPage, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::AuditRead)).await?;
    let f = to_filter(&AuditQuery {
        from,
        to,
        actor,
        action,
        object_type,
        object_id,
    })?;
    let (rows, next) = gsp_domain::security::audit::list(&c.db, &f, before, ascending, 50)
        .await
        .map_err(ssr::map)?;
    let actions = gsp_domain::security::audit::actions(&c.db)
        .await
        .map_err(ssr::map)?;
    Ok(AuditPage {
        items: rows.into_iter().map(audit_item).collect(),
        next,
        actions,
    })
}

#[cfg(feature = "ssr")]
pub fn audit_item(r: gsp_domain::security::audit::AuditRecord) -> AuditItem {
    AuditItem {
        seq: r.seq,
        at: r.at,
        actor_kind: r.actor_kind,
        actor_name: r.actor_name,
        roles: r.roles,
        action: r.action,
        object_type: r.object_type,
        object_id: r.object_id,
        object_label: r.object_label,
        changes: r.changes,
        reason: r.reason,
        source_ip: r.source_ip,
        request_id: r.request_id,
        hash: r.hash,
    }
}

#[server(prefix = "/console", endpoint = "verify_audit")]
pub async fn verify_audit() -> Result<VerifyResult, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::AuditVerify)).await?;
    let r = gsp_domain::security::audit::verify(&c.db)
        .await
        .map_err(ssr::map)?;
    let (problem_seq, problem) = match &r.first_problem {
        Some((seq, p)) => (Some(*seq), Some(format!("{p:?}"))),
        None => (None, None),
    };
    Ok(VerifyResult {
        ok: r.ok(),
        checked: r.checked,
        last_seq: r.last_seq,
        problem_seq,
        problem,
    })
}

/// The pending TOTP enrolment of the session being signed in.
#[server(prefix = "/console", endpoint = "get_enrolment")]
pub async fn get_enrolment() -> Result<EnrolInfo, AppError> {
    let st = ssr::state()?;
    let p = ssr::parts()?;
    let token =
        crate::state::cookie(&p.headers, gsp_domain::security::session::COOKIE).unwrap_or_default();
    match gsp_domain::security::auth::enrolment(&st.db, &token, &st.settings.totp_issuer).await {
        Ok((secret, _uri, svg)) => Ok(EnrolInfo {
            secret,
            qr_svg: svg,
        }),
        Err(_) => Err(ssr::map(gsp_domain::Error::Unauthenticated)),
    }
}

#[server(prefix = "/console", endpoint = "list_parties")]
pub async fn list_parties(
    q: Option<String>,
    kind: Option<String>,
    level: Option<String>,
    region: Option<String>,
    status: Option<String>,
    after: Option<String>,
) -> Result<PartyPage, AppError> {
    use gsp_domain::access::party::{list, Contact, Filter};
    let c = ssr::ctx(Some(gsp_domain::Permission::PartyView)).await?;
    let st = ssr::state()?;
    let after = match after.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(a) => Some(ssr::parse_id("after", a)?),
        None => None,
    };
    let f = Filter {
        q,
        kind,
        level,
        region,
        status,
    };
    let (rows, next) = list(&c.db, &c.actor, &f, after, 50)
        .await
        .map_err(ssr::map)?;
    Ok(PartyPage {
        items: rows
            .into_iter()
            .map(|p| {
                let contact = serde_json::from_str::<Vec<Contact>>(&p.contacts)
                    .ok()
                    .and_then(|v| v.into_iter().next())
                    .map(|c| format!("{} {}", c.name, c.phone))
                    .unwrap_or_default();
                PartyItem {
                    id: p.id.to_string(),
                    name: p.name,
                    kind: p.kind,
                    level: p.level,
                    division_code: p.division_code,
                    organisation_name: p.organisation_name,
                    uscc: p.uscc,
                    contact,
                    status: p.status,
                    rectification: p.rectification,
                    created_at: p.created_at,
                }
            })
            .collect(),
        next: next.map(|n| n.to_string()),
        instance_level: st.settings.instance.level.code().to_string(),
        instance_division: st.settings.instance.division.clone(),
    })
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/console", endpoint = "register_party")]
pub async fn register_party(
    name: String,
    kind: String,
    level: String,
    division_code: String,
    organisation_name: String,
    uscc: String,
    contact_name: String,
    contact_phone: String,
    contact_email: String,
) -> Result<String, AppError> {
    use gsp_domain::access::party::{register, Contact, NewParty};
    let c = ssr::ctx(Some(gsp_domain::Permission::PartyManage)).await?;
    let st = ssr::state()?;
    let p = NewParty {
        name,
        kind,
        level,
        division_code,
        organisation_name,
        uscc,
        contact: Contact {
            name: contact_name,
            phone: contact_phone,
            email: contact_email,
        },
    };
    let id = register(&c.db, &c.actor, &st.settings.instance, &p)
        .await
        .map_err(ssr::map)?;
    Ok(id.to_string())
}
