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
