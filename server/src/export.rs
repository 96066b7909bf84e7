//! Export of the filtered audit trail as CSV or Excel (audit administrator).

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gsp_domain::security::audit::{self, AuditRecord, Event};
use gsp_domain::{security::session, Permission};
use serde::Deserialize;

use app::api::AuditQuery;
use app::state::{cookie, AppState};

pub const MAX_ROWS: i64 = 100_000;

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
    #[serde(flatten)]
    query: AuditQuery,
}

const HEADERS: [&str; 18] = [
    "seq",
    "time_utc",
    "actor_kind",
    "actor",
    "roles",
    "action",
    "action_label",
    "object_type",
    "object_type_label",
    "object_id",
    "object_label",
    "changes",
    "reason",
    "source_ip",
    "request_id",
    "prev_hash",
    "hash",
    "hash_alg",
];

/// The Chinese label beside a code (the export is read by auditors; the
/// code stays for tools).
fn label(l: Option<(&'static str, &'static str)>) -> String {
    l.map(|(zh, _)| zh.to_string()).unwrap_or_default()
}

fn row(r: &AuditRecord) -> [String; 18] {
    [
        r.seq.to_string(),
        gsp_domain::time::canonical(&r.at),
        r.actor_kind.clone(),
        r.actor_name.clone(),
        r.roles.clone(),
        r.action.clone(),
        label(gsp_protocol::audit::action(&r.action)),
        r.object_type.clone(),
        label(gsp_protocol::audit::object_type(&r.object_type)),
        r.object_id.clone(),
        r.object_label.clone(),
        r.changes.clone(),
        r.reason.clone(),
        r.source_ip.clone(),
        r.request_id.clone(),
        r.prev_hash.clone(),
        r.hash.clone(),
        r.hash_alg.clone(),
    ]
}

fn csv_field(s: &str) -> String {
    // neutralise spreadsheet formulas, quote everything
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

pub fn to_csv(rows: &[AuditRecord]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADERS.join(","));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(
            &row(r)
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out.into_bytes()
}

pub fn to_xlsx(rows: &[AuditRecord]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("audit")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in row(r).iter().enumerate() {
            ws.write_string(i as u32 + 1, c as u16, v)?;
        }
    }
    wb.save_to_buffer()
}

fn err(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        msg.to_string(),
    )
        .into_response()
}

pub async fn export_audit(
    State(st): State<AppState>,
    headers: HeaderMap,
    ext: http::Extensions,
    Query(q): Query<ExportQuery>,
) -> Response {
    let o = crate::auth::origin(&st, &headers, &ext);
    let token = cookie(&headers, session::COOKIE).unwrap_or_default();
    let actor = match session::actor_for(&st.db, &token, &o.ip, &o.request_id).await {
        Ok((a, _)) => a,
        Err(_) => return err(StatusCode::UNAUTHORIZED, "请先登录 / sign in first"),
    };
    if actor.require(Permission::AuditExport).is_err() {
        return err(StatusCode::FORBIDDEN, "无权导出审计日志 / not allowed");
    }
    let format = q.format.as_deref().unwrap_or("csv");
    if format != "csv" && format != "xlsx" {
        return err(StatusCode::BAD_REQUEST, "format: csv 或 xlsx / csv or xlsx");
    }
    let aq = q.query;
    let filter = match app::api::to_filter(&aq) {
        Ok(f) => f,
        Err(e) => {
            let field = match &e {
                app::api::AppError::Validation(v) => {
                    v.first().map(|f| f.field.clone()).unwrap_or_default()
                }
                _ => String::new(),
            };
            let code = match &e {
                app::api::AppError::Validation(v) => {
                    v.first().map(|f| f.code.clone()).unwrap_or_default()
                }
                _ => String::new(),
            };
            use app::i18n::{t, Lang};
            return err(
                StatusCode::BAD_REQUEST,
                &format!("{field}: {} / {}", t(Lang::Zh, &code), t(Lang::En, &code)),
            );
        }
    };
    let rows = match audit::list(&st.db, &filter, None, true, MAX_ROWS).await {
        Ok((rows, _)) => rows,
        Err(e) => {
            tracing::error!(error = %e, request_id = %o.request_id, "audit export failed");
            return err(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("internal error ({})", o.request_id),
            );
        }
    };
    let ev = Event::new("audit.export", "audit_log", "", "audit_log")
        .changes(serde_json::json!({"format": format, "rows": rows.len(), "filter": aq}));
    if let Err(e) = audit::record(&st.db, &actor, ev).await {
        tracing::error!(error = %e, "audit export not recorded");
        return err(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("internal error ({})", o.request_id),
        );
    }
    let stamp = gsp_domain::time::now().format("%Y%m%d%H%M%S");
    let (body, ctype, ext) = if format == "csv" {
        (to_csv(&rows), "text/csv; charset=utf-8", "csv")
    } else {
        match to_xlsx(&rows) {
            Ok(b) => (
                b,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
            Err(e) => {
                tracing::error!(error = %e, "xlsx export failed");
                return err(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("internal error ({})", o.request_id),
                );
            }
        }
    };
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"audit-{stamp}.{ext}\""))
            .expect("ascii"),
    );
    r
}

/// An import template (`/templates/catalog.xlsx`,
/// `/templates/implementation-list.xlsx`): the headings the importer reads
/// and one example row that imports as it stands.
pub async fn template(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let Some(t) = file
        .strip_suffix(".xlsx")
        .and_then(gsp_domain::catalog::import::template)
    else {
        return err(StatusCode::NOT_FOUND, "没有这个模板 / no such template");
    };
    let build = || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, h) in t.headings.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
            ws.write_string(1, c as u16, t.example[c])?;
            ws.set_column_width(c as u16, 18)?;
        }
        wb.save_to_buffer()
    };
    match build() {
        Ok(body) => {
            let mut r = (StatusCode::OK, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            let name = format!("{}.xlsx", t.name);
            if let Ok(v) = HeaderValue::from_str(&format!(
                "attachment; filename=\"template.xlsx\"; filename*=UTF-8''{}",
                app::components::table::urlencode(&name)
            )) {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            err(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}
