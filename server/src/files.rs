//! Downloads of evidence files, for those allowed to read the application;
//! every download is audited (in the domain service).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gsp_domain::session;

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

pub async fn download_evidence(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Path(id): Path<String>,
) -> Response {
    let o = crate::auth::origin(&st, &headers, &ext);
    let token = cookie(&headers, session::COOKIE).unwrap_or_default();
    let actor = match session::actor_for(&st.db, &token, &o.ip, &o.request_id).await {
        Ok((a, _)) => a,
        Err(_) => return err(StatusCode::UNAUTHORIZED, "请先登录 / sign in first"),
    };
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return err(StatusCode::NOT_FOUND, "没有该文件 / no such file");
    };
    match gsp_domain::evidence::download(&st.db, &actor, id).await {
        Ok((ev, bytes)) => {
            let mut resp = bytes.into_response();
            let h = resp.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&ev.media_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&disposition(&ev.file_name)) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(
                "x-content-sha256",
                HeaderValue::from_str(&ev.sha256).expect("hex"),
            );
            resp
        }
        Err(gsp_domain::Error::Forbidden) => err(StatusCode::FORBIDDEN, "无权下载 / not allowed"),
        Err(gsp_domain::Error::NotFound(_)) => {
            err(StatusCode::NOT_FOUND, "没有该文件 / no such file")
        }
        Err(e) => {
            tracing::error!(error = %e, "evidence download failed");
            err(
                StatusCode::INTERNAL_SERVER_ERROR,
                "内部错误 / internal error",
            )
        }
    }
}

/// A provider's document or a release's test report (`kind`: `document`
/// or `release`), for those who may see the provider; audited.
pub async fn download_provider_file(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Path((kind, id)): Path<(String, String)>,
) -> Response {
    let o = crate::auth::origin(&st, &headers, &ext);
    let token = cookie(&headers, session::COOKIE).unwrap_or_default();
    let actor = match session::actor_for(&st.db, &token, &o.ip, &o.request_id).await {
        Ok((a, _)) => a,
        Err(_) => return err(StatusCode::UNAUTHORIZED, "请先登录 / sign in first"),
    };
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return err(StatusCode::NOT_FOUND, "没有该文件 / no such file");
    };
    match gsp_domain::provider::download(&st.db, &actor, &kind, id).await {
        Ok((file_name, media_type, bytes)) => {
            let mut resp = bytes.into_response();
            let h = resp.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&media_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&disposition(&file_name)) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            resp
        }
        Err(gsp_domain::Error::Forbidden) => err(StatusCode::FORBIDDEN, "无权下载 / not allowed"),
        Err(gsp_domain::Error::NotFound(_)) => {
            err(StatusCode::NOT_FOUND, "没有该文件 / no such file")
        }
        Err(e) => {
            tracing::error!(error = %e, "provider file download failed");
            err(
                StatusCode::INTERNAL_SERVER_ERROR,
                "内部错误 / internal error",
            )
        }
    }
}
