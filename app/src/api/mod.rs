//! Wire types and server functions. Every server function is a public
//! endpoint: it authorizes inside itself (deny by default) before it calls
//! the domain service. Endpoints have fixed names (`/api/<name>`), listed in
//! `SERVER_FNS` for the role × function test.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

// one module per area of the standard (the same names as the domain's
// folders and the pages'); each re-exports its server functions here
mod access;
mod catalog;
mod ops;
mod providers;
mod seals;
mod security;
pub use access::*;
pub use catalog::*;
pub use ops::*;
pub use providers::*;
pub use seals::*;
pub use security::*;

/// One field that failed validation; `code` is a translation key.
/// A page of a keyset list and the cursor of the next page (lists with
/// nothing beside their rows; others have their own page type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// A list that is not paged: at most a fixed number of rows, and whether
/// more matched (the page says so: no list truncates silently).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capped<T> {
    pub items: Vec<T>,
    pub more: bool,
}

impl<T> std::ops::Deref for Capped<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> IntoIterator for Capped<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(feature = "ssr")]
impl<T> Capped<T> {
    /// The domain's capped rows, each turned into the console's item.
    pub fn of<D>(c: gsp_domain::Capped<D>, f: impl FnMut(D) -> T) -> Self {
        let more = c.more;
        Capped {
            items: c.items.into_iter().map(f).collect(),
            more,
        }
    }
}

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
        match value {
            // the request's arguments do not parse (issue #14.7): on the
            // server, 400 with the field when the decoder names it
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m)
                if cfg!(feature = "ssr") =>
            {
                #[cfg(feature = "ssr")]
                ssr::bad_request();
                AppError::Validation(vec![bad_argument(&m)])
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// The argument a decoder's message names (`missing field `name``, or
/// `MissingArg` with the bare name), else `arguments`.
fn bad_argument(m: &str) -> FieldErr {
    let named = m
        .split_once("missing field `")
        .and_then(|(_, rest)| rest.split('`').next())
        .map(str::to_string);
    match named {
        Some(f) => FieldErr {
            field: f,
            code: "field.required".into(),
        },
        None if !m.is_empty() && m.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            FieldErr {
                field: m.into(),
                code: "field.required".into(),
            }
        }
        None => FieldErr {
            field: "arguments".into(),
            code: "field.invalid".into(),
        },
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
    /// Holds `permission` (`A|B`: either).
    pub fn can(&self, permission: &str) -> bool {
        permission
            .split('|')
            .any(|want| self.permissions.iter().any(|p| p == want))
    }
}

/// Every server function: (endpoint, the permission it requires, or `None`
/// for "any signed-in account", or `Some("")` for "no sign-in needed").
/// `A|B`: either permission.
pub const SERVER_FNS: &[(&str, Option<&str>)] = &[
    ("get_me", None),
    ("get_dashboard", Some("DashboardView")),
    ("my_work", Some("DashboardView")),
    ("get_instance", Some("SettingsManage")),
    ("list_accounts", Some("AccountView")),
    ("list_organisations", Some("AccountView")),
    ("create_account", Some("AccountManage")),
    ("set_account_disabled", Some("AccountManage")),
    ("reset_account_password", Some("AccountManage")),
    ("reset_account_totp", Some("TotpReset")),
    ("set_account_roles", Some("RoleAssign")),
    ("list_sessions", Some("SessionView")),
    ("list_my_sessions", None),
    ("end_my_session", None),
    ("change_my_password", None),
    ("revoke_session", Some("SessionRevoke")),
    ("list_audit", Some("AuditRead")),
    ("list_sign_ins", Some("SessionView|AuditRead")),
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

    /// A server function called with arguments that do not parse: 400.
    pub(super) fn bad_request() {
        set_status(http::StatusCode::BAD_REQUEST);
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

    /// A capped list of the domain as the console's items (same fields).
    pub fn mirror_capped<A: serde::Serialize, B: serde::de::DeserializeOwned>(
        c: gsp_domain::Capped<A>,
    ) -> Result<super::Capped<B>, AppError> {
        Ok(super::Capped {
            more: c.more,
            items: mirror_all(c.items)?,
        })
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

    /// The rows per page a list was asked for (`size`: 20, 50 or 100;
    /// 50 when absent or empty).
    pub fn page_size(size: Option<&str>) -> Result<i64, AppError> {
        match size.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(crate::components::table::DEFAULT_PAGE_SIZE as i64),
            Some(s) => match s.parse::<u32>() {
                Ok(n) if crate::components::table::PAGE_SIZES.contains(&n) => Ok(n as i64),
                _ => {
                    set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
                    Err(AppError::Validation(vec![super::FieldErr {
                        field: "size".into(),
                        code: "field.page_size".into(),
                    }]))
                }
            },
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
    /// A range whose end comes before its start is refused, on the end.
    pub fn range_in_order<T: PartialOrd>(
        field: &str,
        from: Option<T>,
        to: Option<T>,
    ) -> Result<(), AppError> {
        match (from, to) {
            (Some(f), Some(t)) if t < f => {
                set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
                Err(AppError::Validation(vec![super::FieldErr {
                    field: field.into(),
                    code: "field.range_order".into(),
                }]))
            }
            _ => Ok(()),
        }
    }

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
