//! Server-side state and request helpers shared by server functions and the
//! axum handlers of the server crate.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::ConnectInfo;
use gsp_domain::Db;
use http::HeaderMap;
use leptos::prelude::LeptosOptions;

/// Settings the console needs at run time.
#[derive(Debug, Clone)]
pub struct ConsoleSettings {
    /// Shown as the issuer in authenticator apps.
    pub totp_issuer: String,
    /// Cookies get `Secure` when served over HTTPS.
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` from a reverse proxy.
    pub trust_proxy: bool,
    /// This target's own level and division (R-5.2 relations are checked against it).
    pub instance: gsp_domain::access::party::Instance,
    /// Encrypts API credential secrets at rest.
    pub cipher: gsp_domain::access::credential::Cipher,
    /// Machine API rate limit per credential: requests per second, burst.
    pub api_rate: f64,
    pub api_burst: f64,
    /// Limits per source address, checked before any authentication (issue
    /// #14.5): machine API requests, and sign-in form posts; per second, burst.
    pub source_api: (f64, f64),
    pub source_sign_in: (f64, f64),
    /// `/metrics` is served on a listen address of its own, not here.
    pub metrics_elsewhere: bool,
    /// Where the audit chain's checkpoints are exported (the console's
    /// 校验 checks them, as `audit verify` does); `None`: not exported.
    pub audit_checkpoints: Option<std::path::PathBuf>,
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<ConsoleSettings>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub fn client_ip(headers: &HeaderMap, ext: &http::Extensions, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
        {
            return ip;
        }
    }
    ext.get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// A client's `X-Request-Id` is kept only when it is a sane short token (at
/// most 64 letters, digits and `-_.:`); otherwise the server makes its own
/// (issue #14.5: ids are stored with every API call and audit record).
pub fn sane_request_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// The Content-Security-Policy. Pages allow exactly their own inline scripts
/// (Leptos' hydration bootstrap and serialized resources) through the
/// per-response nonce; other responses allow no inline script at all.
pub fn csp(nonce: Option<&str>) -> String {
    let script = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; \
         form-action 'self'"
    )
}

/// Sets the page's CSP with the nonce Leptos put on its inline scripts.
pub fn set_page_csp() {
    use leptos::prelude::use_context;
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = http::HeaderValue::from_str(&csp(nonce.as_deref())) {
            r.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
}
