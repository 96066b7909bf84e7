//! Server functions of security (R-6.8.a): staff accounts and their roles,
//! sessions, TOTP enrolment and the tamper-evident audit trail.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::*;

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
    /// The browser and its major version, read off the user agent.
    pub browser: String,
    /// The operating system, read off the user agent.
    pub os: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub current: bool,
}

/// The browser (name and major version) and operating system of a user
/// agent string, by woothee (the user-agent parser of the woothee project);
/// empty when it does not know them.
#[cfg(feature = "ssr")]
pub fn client_of(user_agent: &str) -> (String, String) {
    let Some(r) = woothee::parser::Parser::new().parse(user_agent) else {
        return (String::new(), String::new());
    };
    let known = |s: &str| !s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN;
    let major = r.version.split('.').next().unwrap_or("");
    let browser = match (known(r.name), known(major)) {
        (true, true) => format!("{} {major}", r.name),
        (true, false) => r.name.to_string(),
        _ => String::new(),
    };
    let os = match (known(r.os), known(&r.os_version)) {
        // "Windows 10" already says its version ("NT 10.0" would repeat it)
        (true, true) if !r.os.starts_with("Windows") => format!("{} {}", r.os, r.os_version),
        (true, _) => r.os.to_string(),
        _ => String::new(),
    };
    (browser, os)
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
    /// Exported checkpoints met by the chain.
    pub checkpoints: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolInfo {
    pub secret: String,
    pub qr_svg: String,
}

#[server(prefix = "/console", endpoint = "list_accounts")]
pub async fn list_accounts(
    q: Option<String>,
    role: Option<String>,
    status: Option<String>,
    after: Option<String>,
    size: Option<String>,
) -> Result<AccountPage, AppError> {
    use gsp_domain::security::account::{list, ListFilter};
    let c = ssr::ctx(Some(gsp_domain::Permission::AccountView)).await?;
    let f = ListFilter {
        q,
        role: role.as_deref().and_then(gsp_domain::Role::from_code),
        status: status.filter(|s| !s.is_empty()),
    };
    let after = after.filter(|s| !s.is_empty());
    let (rows, next) = list(
        &c.db,
        &c.actor,
        &f,
        after.as_deref(),
        ssr::page_size(size.as_deref())?,
    )
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

/// The console's session rows of the domain's, the caller's own marked and
/// each user agent read as browser and OS.
#[cfg(feature = "ssr")]
async fn ssr_sessions(
    c: &ssr::Ctx,
    rows: Vec<gsp_domain::security::session::ActiveSession>,
) -> Result<Vec<SessionItem>, AppError> {
    let mine = gsp_domain::security::session::find(&c.db, &c.session_token)
        .await
        .ok()
        .flatten()
        .map(|s| s.id);
    Ok(rows
        .into_iter()
        .map(|s| {
            let (browser, os) = client_of(&s.user_agent);
            SessionItem {
                current: Some(s.id) == mine,
                browser,
                os,
                id: s.id.to_string(),
                username: s.username,
                display_name: s.display_name,
                ip: s.ip,
                user_agent: s.user_agent,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
            }
        })
        .collect())
}

#[server(prefix = "/console", endpoint = "list_sessions")]
pub async fn list_sessions() -> Result<Vec<SessionItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::SessionView)).await?;
    let rows = gsp_domain::security::session::list_active(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    ssr_sessions(&c, rows).await
}

/// One line of the login log (登录日志).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInItem {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// The account (the name typed, for an unknown one).
    pub account: String,
    pub ip: String,
    pub browser: String,
    pub os: String,
    /// The action code: `auth.sign_in`, `auth.sign_in_failed`, …
    pub result: String,
    /// The step that failed (`password`, `totp`) or the lock's end.
    pub step: String,
    pub locked_until: Option<String>,
    pub unknown_account: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInPage {
    pub items: Vec<SignInItem>,
    pub next: Option<i64>,
}

/// The login log: sign-ins and their failures, newest first.
#[server(prefix = "/console", endpoint = "list_sign_ins")]
pub async fn list_sign_ins(
    account: Option<String>,
    failures: Option<String>,
    before: Option<i64>,
    size: Option<String>,
) -> Result<SignInPage, AppError> {
    use gsp_domain::Permission;
    let c = ssr::ctx_any(&[Permission::SessionView, Permission::AuditRead]).await?;
    let (rows, next) = gsp_domain::security::audit::sign_ins(
        &c.db,
        &c.actor,
        account.as_deref(),
        failures.as_deref() == Some("1"),
        before,
        ssr::page_size(size.as_deref())?,
    )
    .await
    .map_err(ssr::map)?;
    Ok(SignInPage {
        items: rows
            .into_iter()
            .map(|r| {
                let ch: serde_json::Value = serde_json::from_str(&r.changes).unwrap_or_default();
                let text = |k: &str| ch.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                let (browser, os) = client_of(&text("user_agent"));
                SignInItem {
                    seq: r.seq,
                    at: r.at,
                    account: r.object_label,
                    ip: r.source_ip,
                    browser,
                    os,
                    result: r.action,
                    step: text("step"),
                    locked_until: ch
                        .get("locked_until")
                        .and_then(|v| v.as_str())
                        .map(str::to_string),
                    unknown_account: ch
                        .get("unknown_user")
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false),
                }
            })
            .collect(),
        next,
    })
}

/// The signed-in person's own sessions (个人中心).
#[server(prefix = "/console", endpoint = "list_my_sessions")]
pub async fn list_my_sessions() -> Result<Vec<SessionItem>, AppError> {
    let c = ssr::ctx(None).await?;
    let rows = gsp_domain::security::session::list_own(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    ssr_sessions(&c, rows).await
}

/// Signs out one of the person's own other sessions.
#[server(prefix = "/console", endpoint = "end_my_session")]
pub async fn end_my_session(id: String) -> Result<(), AppError> {
    let c = ssr::ctx(None).await?;
    let id = ssr::parse_id("id", &id)?;
    gsp_domain::security::session::end_own(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)
}

/// Changes the person's own password; their other sessions end. Answers how
/// many ended.
#[server(prefix = "/console", endpoint = "change_my_password")]
pub async fn change_my_password(
    current_password: String,
    new_password: String,
    confirm: String,
) -> Result<u64, AppError> {
    let c = ssr::ctx(None).await?;
    gsp_domain::security::auth::change_own_password(
        &c.db,
        &c.actor,
        &c.session_token,
        &current_password,
        &new_password,
        &confirm,
    )
    .await
    .map_err(ssr::map)
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
    let from = ssr::parse_local_time("from", &q.from)?;
    let to = ssr::parse_local_time("to", &q.to)?;
    ssr::range_in_order("to", from, to)?;
    Ok(gsp_domain::security::audit::Filter {
        from,
        to,
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
    size: Option<String>,
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
    let (rows, next) = gsp_domain::security::audit::list(
        &c.db,
        &f,
        before,
        ascending,
        ssr::page_size(size.as_deref())?,
    )
    .await
    .map_err(ssr::map)?;
    Ok(AuditPage {
        items: rows.into_iter().map(audit_item).collect(),
        next,
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
    let st = ssr::state()?;
    // the exported checkpoints too, as `gsp-access audit verify` checks them
    let marks = match &st.settings.audit_checkpoints {
        Some(path) => gsp_domain::security::audit::read_checkpoints(path).map_err(ssr::map)?,
        None => Vec::new(),
    };
    let r = gsp_domain::security::audit::verify_with(&c.db, &marks)
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
        checkpoints: r.checkpoints,
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::client_of;

    #[test]
    fn user_agents_read_as_browser_and_os() {
        let (b, o) = client_of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36");
        assert_eq!(b, "Chrome 120");
        assert!(o.starts_with("Windows"), "{o}");
        let (b, o) =
            client_of("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        assert_eq!(b, "Firefox 128");
        assert_eq!(o, "Linux");
        assert_eq!(client_of(""), (String::new(), String::new()));
    }
}
