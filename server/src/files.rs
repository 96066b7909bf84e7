//! Downloads of evidence files, for those allowed to read the application;
//! every download is audited (in the domain service).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gsp_domain::security::session;

use app::state::{cookie, AppState};

fn err(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        msg.to_string(),
    )
        .into_response()
}

/// RFC 5987 `filename*` (UTF-8, percent-encoded) with an ASCII fallback.
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        app::components::table::urlencode(name)
    )
}

/// The signed-in person of a download request.
async fn downloader(
    st: &AppState,
    headers: &HeaderMap,
    ext: &http::Extensions,
) -> Result<gsp_domain::Actor, Response> {
    let o = crate::auth::origin(st, headers, ext);
    let token = cookie(headers, session::COOKIE).unwrap_or_default();
    session::actor_for(&st.db, &token, &o.ip, &o.request_id)
        .await
        .map(|(a, _)| a)
        .map_err(|_| err(StatusCode::UNAUTHORIZED, "请先登录 / sign in first"))
}

/// A file as an attachment, or the refusal the domain gave.
fn file_response(
    r: gsp_domain::error::Result<(String, String, Vec<u8>, Option<String>)>,
) -> Response {
    match r {
        Ok((file_name, media_type, bytes, sha256)) => {
            let mut resp = bytes.into_response();
            let h = resp.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&media_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&disposition(&file_name)) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            if let Some(v) = sha256.and_then(|s| HeaderValue::from_str(&s).ok()) {
                h.insert("x-content-sha256", v);
            }
            resp
        }
        Err(gsp_domain::Error::Forbidden) => err(StatusCode::FORBIDDEN, "无权下载 / not allowed"),
        Err(gsp_domain::Error::NotFound(_)) => {
            err(StatusCode::NOT_FOUND, "没有该文件 / no such file")
        }
        Err(e) => {
            tracing::error!(error = %e, "download failed");
            err(
                StatusCode::INTERNAL_SERVER_ERROR,
                "内部错误 / internal error",
            )
        }
    }
}

pub async fn download_evidence(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Path(id): Path<String>,
) -> Response {
    let actor = match downloader(&st, &headers, &ext).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return err(StatusCode::NOT_FOUND, "没有该文件 / no such file");
    };
    file_response(
        gsp_domain::access::application::evidence::download(&st.db, &actor, id)
            .await
            .map(|(ev, bytes)| (ev.file_name, ev.media_type, bytes, Some(ev.sha256))),
    )
}

/// A provider's document or a release's test report (`kind`: `document`
/// or `release`), for those who may see the provider; audited.
pub async fn download_provider_file(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Path((kind, id)): Path<(String, String)>,
) -> Response {
    let actor = match downloader(&st, &headers, &ext).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return err(StatusCode::NOT_FOUND, "没有该文件 / no such file");
    };
    file_response(
        gsp_domain::providers::download(&st.db, &actor, &kind, id)
            .await
            .map(|(name, media, bytes)| (name, media, bytes, None)),
    )
}
