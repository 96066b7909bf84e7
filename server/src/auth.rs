//! The sign-in form handlers: plain HTML form posts that set the session
//! cookie and redirect, so sign-in works before the page has hydrated.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use gsp_domain::security::auth::{self, Origin, SignInError, Step};
use gsp_domain::security::session::{self, Stage};
use serde::Deserialize;

use app::state::{client_ip, cookie, request_id, AppState};

pub fn origin(st: &AppState, headers: &HeaderMap, ext: &http::Extensions) -> Origin {
    Origin {
        ip: client_ip(headers, ext, st.settings.trust_proxy),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
        request_id: request_id(headers),
    }
}

fn session_cookie(st: &AppState, token: &str, clear: bool) -> HeaderValue {
    let secure = if st.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = if clear { "; Max-Age=0" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}{age}",
        session::COOKIE
    ))
    .expect("cookie is ascii")
}

fn stage_path(stage: Stage) -> &'static str {
    match stage {
        Stage::Full => "/",
        Stage::ChangePassword => "/login/password",
        Stage::Totp => "/login/totp",
        Stage::Enrol => "/login/enrol",
    }
}

fn enc(s: &str) -> String {
    app::components::table::urlencode(s)
}

/// Where to go after a step, with its cookie; or back to `page` with the error.
fn respond(
    st: &AppState,
    result: Result<Step, SignInError>,
    page: &str,
    username: Option<&str>,
) -> Response {
    match result {
        Ok(step) => {
            let mut r = Redirect::to(stage_path(step.stage)).into_response();
            r.headers_mut()
                .insert(header::SET_COOKIE, session_cookie(st, &step.token, false));
            r
        }
        Err(e) => {
            let mut q = match &e {
                SignInError::BadCredentials => "error=bad_credentials".to_string(),
                SignInError::Locked { until } => format!(
                    "error=locked&until={}",
                    enc(&app::components::fmt_time(until))
                ),
                SignInError::Disabled => "error=disabled".into(),
                SignInError::BadCode => "error=bad_code".into(),
                SignInError::Expired => "error=expired".into(),
                SignInError::Invalid(fields) => format!(
                    "error=invalid&codes={}",
                    enc(&fields
                        .iter()
                        .map(|f| f.code.clone())
                        .collect::<Vec<_>>()
                        .join(","))
                ),
                SignInError::Internal(_) => "error=internal".into(),
            };
            let target = if matches!(
                e,
                SignInError::Expired | SignInError::Locked { .. } | SignInError::Disabled
            ) {
                "/login"
            } else {
                page
            };
            if let Some(u) = username.filter(|u| !u.is_empty()) {
                q.push_str(&format!("&username={}", enc(u)));
            }
            Redirect::to(&format!("{target}?{q}")).into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub async fn login(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Form(f): Form<LoginForm>,
) -> Response {
    let o = origin(&st, &headers, &ext);
    let username: String = f.username.trim().chars().take(64).collect();
    if username.is_empty() || f.password.is_empty() {
        return Redirect::to(&format!(
            "/login?error=bad_credentials&username={}",
            enc(&username)
        ))
        .into_response();
    }
    let r = auth::sign_in(&st.db, &username, &f.password, &o).await;
    respond(&st, r, "/login", Some(&username))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Form(f): Form<PasswordForm>,
) -> Response {
    let o = origin(&st, &headers, &ext);
    let token = cookie(&headers, session::COOKIE).unwrap_or_default();
    let r = auth::change_password(&st.db, &token, &f.new_password, &f.confirm, &o).await;
    respond(&st, r, "/login/password", None)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The TOTP code of a sign-in (`/auth/totp`) or of an enrolment (`/auth/enrol`).
async fn code_step(
    st: AppState,
    headers: HeaderMap,
    ext: http::Extensions,
    code: &str,
    stage: Stage,
) -> Response {
    let o = origin(&st, &headers, &ext);
    let token = cookie(&headers, session::COOKIE).unwrap_or_default();
    let r = match stage {
        Stage::Enrol => auth::confirm_enrolment(&st.db, &token, code, &o).await,
        _ => auth::verify_totp(&st.db, &token, code, &o).await,
    };
    respond(&st, r, stage_path(stage), None)
}

pub async fn totp(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Form(f): Form<CodeForm>,
) -> Response {
    code_step(st, headers, ext, &f.code, Stage::Totp).await
}

pub async fn enrol(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Form(f): Form<CodeForm>,
) -> Response {
    code_step(st, headers, ext, &f.code, Stage::Enrol).await
}

pub async fn logout(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
) -> Response {
    let o = origin(&st, &headers, &ext);
    if let Some(token) = cookie(&headers, session::COOKIE) {
        if let Err(e) = session::sign_out(&st.db, &token, &o.ip, &o.request_id).await {
            tracing::error!(error = %e, "sign-out failed");
        }
    }
    let mut r = Redirect::to("/login?error=signed_out").into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&st, "", true));
    r
}

#[derive(Deserialize)]
pub struct LangQuery {
    next: Option<String>,
}

/// Sets the language cookie (one year) and goes back to the page.
pub async fn set_lang(Path(code): Path<String>, Query(q): Query<LangQuery>) -> Response {
    if app::i18n::Lang::from_code(&code).is_none() {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    }
    let next = q
        .next
        .as_deref()
        .and_then(local_path)
        .unwrap_or_else(|| "/".into());
    let mut r = Redirect::to(&next).into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{}={code}; Path=/; Max-Age=31536000; SameSite=Lax",
            app::i18n::COOKIE
        ))
        .expect("ascii"),
    );
    r
}

/// `next` as a path on this server, or `None`. It is parsed as a browser
/// parses a URL (WHATWG, as the `url` crate does) against a placeholder
/// origin, and kept only when the result stays on that origin: `/\\evil`,
/// `/\t/evil`, `//evil` and `https://evil` all leave it and are refused. What
/// is returned is the re-serialised path, query and fragment, so the browser
/// cannot read it differently from us (issue #14.6).
pub fn local_path(next: &str) -> Option<String> {
    const BASE: &str = "http://this-server.invalid/";
    if !next.starts_with('/') {
        return None;
    }
    let base = url::Url::parse(BASE).expect("placeholder origin");
    let u = base.join(next).ok()?;
    if u.origin() != base.origin() || !u.username().is_empty() || u.password().is_some() {
        return None;
    }
    let s = u.as_str().strip_prefix(&BASE[..BASE.len() - 1])?;
    // `//x` inside the path would be read by the browser as an authority
    (s.starts_with('/') && !s.starts_with("//")).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_server_are_followed() {
        for (next, want) in [
            ("/", Some("/")),
            (
                "/catalog/cases?status=1#top",
                Some("/catalog/cases?status=1#top"),
            ),
            ("/a/../b", Some("/b")),
            ("/审核", Some("/%E5%AE%A1%E6%A0%B8")),
            ("/\\evil.example/phish", None),
            ("/\t/evil.example", None),
            ("/\n/evil.example", None),
            ("//evil.example", None),
            ("///evil.example", None),
            ("https://evil.example/", None),
            ("javascript:alert(1)", None),
            ("evil.example", None),
            ("", None),
            ("/.//evil.example", None),
        ] {
            assert_eq!(local_path(next).as_deref(), want, "next={next:?}");
        }
    }
}
