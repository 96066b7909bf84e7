//! The server: configuration, the HTTP router (console pages, server
//! functions, sign-in handlers, exports, health and metrics) and its
//! middleware (request ids, security headers, limits, metrics, page guard).

#![recursion_limit = "256"]
pub mod api;
pub mod assets;
pub mod auth;
pub mod config;
pub mod export;
pub mod files;
pub mod metrics;
pub mod tls;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

use app::state::{cookie, AppState};
use app::{shell, App};
use gsp_domain::security::session;

pub use metrics::Metrics;

pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Evidence uploads: the largest file plus its form fields.
pub const UPLOAD_LIMIT: usize = gsp_domain::files::MAX_BYTES + 64 * 1024;
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
struct Shared {
    state: AppState,
    metrics: Arc<Metrics>,
    /// per source address, before authentication (issue #14.5)
    source_api: Arc<api::Limiter>,
    source_sign_in: Arc<api::Limiter>,
}

/// Where the built package of the console lies (`site_root/pkg`).
pub fn package_dir(opts: &LeptosOptions) -> std::path::PathBuf {
    std::path::Path::new(opts.site_root.as_ref()).join(opts.site_pkg_dir.as_ref())
}

/// The whole application as a router (tests drive it with `oneshot`).
pub fn router(mut state: AppState, metrics: Arc<Metrics>) -> Router {
    // pages name the package by its content hash (ADR 0014)
    let assets = Arc::new(assets::Assets::scan(&package_dir(&state.leptos_options)));
    state.leptos_options.site_pkg_dir = assets.pkg_dir().into();
    let routes = generate_route_list(App);
    let ctx_state = state.clone();
    let context = move || provide_context(ctx_state.clone());
    let opts = state.leptos_options.clone();
    let sfn_context = context.clone();
    let shared = Shared {
        state: state.clone(),
        metrics: metrics.clone(),
        source_api: Arc::new(api::Limiter::new(
            state.settings.source_api.0,
            state.settings.source_api.1,
        )),
        source_sign_in: Arc::new(api::Limiter::new(
            state.settings.source_sign_in.0,
            state.settings.source_sign_in.1,
        )),
    };

    let api = api::routes(api::ApiState {
        app: state.clone(),
        limiter: Arc::new(api::Limiter::new(
            state.settings.api_rate,
            state.settings.api_burst,
        )),
    });
    let metrics_here = if state.settings.metrics_elsewhere {
        Router::new()
    } else {
        metrics_routes(metrics.clone())
    };
    let hsts = state.settings.secure_cookies;
    Router::new()
        .merge(api)
        .merge(metrics_here)
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/auth/login", post(auth::login))
        .route("/auth/password", post(auth::change_password))
        .route("/auth/totp", post(auth::totp))
        .route("/auth/enrol", post(auth::enrol))
        .route("/auth/logout", post(auth::logout))
        .route("/lang/{code}", get(auth::set_lang))
        .route("/audit/export", get(export::export_audit))
        .route("/templates/{file}", get(export::template))
        .route("/files/evidence/{id}", get(files::download_evidence))
        .route(
            "/files/provider/{kind}/{id}",
            get(files::download_provider_file),
        )
        .route("/favicon.svg", get(favicon))
        .route(
            "/pkg/{hash}/{file}",
            get(assets::handler).with_state(assets),
        )
        .route(
            "/console/{*fn_name}",
            post(move |req: Request| {
                leptos_axum::handle_server_fns_with_context(sfn_context.clone(), req)
            }),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(opts.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn_with_state(shared.clone(), page_guard))
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn(drop_odd_request_id))
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(middleware::from_fn_with_state(shared.clone(), observe))
                .layer(middleware::from_fn_with_state(shared, source_limits))
                .layer(middleware::from_fn_with_state(hsts, security_headers))
                .layer(middleware::from_fn(same_origin_posts))
                .layer(CompressionLayer::new())
                .layer(middleware::from_fn(body_limit))
                .layer(middleware::from_fn(deadline)),
        )
        .with_state(state)
}

fn metrics_routes(metrics: Arc<Metrics>) -> Router<AppState> {
    Router::new().route(
        "/metrics",
        get(move |State(st): State<AppState>| metrics_text(st, metrics.clone())),
    )
}

/// `/metrics` alone, for `--metrics-listen` (issue #14.7): the console's
/// port then answers 404 there.
pub fn metrics_router(state: AppState, metrics: Arc<Metrics>) -> Router {
    metrics_routes(metrics).with_state(state)
}

async fn readyz(State(st): State<AppState>) -> Response {
    if st.db.is_ready().await {
        (StatusCode::OK, "ready").into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "database not reachable or migrations pending",
        )
            .into_response()
    }
}

/// Renders the metrics this router records (the ones passed to `router`).
async fn metrics_text(st: AppState, m: Arc<Metrics>) -> Response {
    let engine = match st.db.engine() {
        gsp_domain::db::Engine::Sqlite => "sqlite",
        gsp_domain::db::Engine::Postgres => "postgres",
    };
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        m.render(st.db.pool_stats(), engine),
    )
        .into_response()
}

static GLOBAL_METRICS: std::sync::OnceLock<Arc<Metrics>> = std::sync::OnceLock::new();

/// The process-wide metrics.
pub fn global_metrics() -> Arc<Metrics> {
    GLOBAL_METRICS
        .get_or_init(|| {
            gsp_domain::db::observe_begin(|d| global_metrics().begin_waited(d));
            Arc::new(Metrics::default())
        })
        .clone()
}

async fn favicon() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "max-age=86400")],
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1e3a8a"/><text x="16" y="22" font-size="16" text-anchor="middle" fill="#fff">政</text></svg>"##,
    )
        .into_response()
}

/// A client's request id is kept only when it is a sane short token; any
/// other is dropped here so that the next layer makes a UUID (issue #14.5).
async fn drop_odd_request_id(mut req: Request, next: Next) -> Response {
    let mut ids = req.headers().get_all("x-request-id").iter();
    let sane = match (ids.next(), ids.next()) {
        (Some(v), None) => v.to_str().is_ok_and(app::state::sane_request_id),
        (None, _) => true,
        _ => false,
    };
    if !sane {
        req.headers_mut().remove("x-request-id");
    }
    next.run(req).await
}

/// Limits per source address, before anything is authenticated or stored:
/// the machine API (answered in its envelope, code `RATE_LIMITED`, not
/// logged as a call) and the sign-in form posts (sent back to the form with
/// `rate_limited`). Both answer with `Retry-After`.
async fn source_limits(State(s): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let api_call = path.starts_with("/api/v1/");
    let sign_in = req.method() == Method::POST && path.starts_with("/auth/");
    if !api_call && !sign_in {
        return next.run(req).await;
    }
    let ip = app::state::client_ip(
        req.headers(),
        req.extensions(),
        s.state.settings.trust_proxy,
    );
    let limiter = if api_call {
        &s.source_api
    } else {
        &s.source_sign_in
    };
    let Err(secs) = limiter.take(&ip) else {
        return next.run(req).await;
    };
    tracing::warn!(source = %ip, path = %path, "rate limited by source address");
    let mut resp = if api_call {
        api::rate_limited(req.headers(), secs)
    } else {
        Redirect::to("/login?error=rate_limited").into_response()
    };
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    resp
}

/// Logs every request with its id and records metrics.
async fn observe(State(s): State<Shared>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let rid = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    // the matched pattern, never the raw path (bounded labels, issue #14)
    let matched = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|m| m.as_str().to_string());
    let resp = next.run(req).await;
    let elapsed = start.elapsed();
    let api = resp.extensions().get::<metrics::ApiOutcome>().copied();
    let route = match (&api, &matched) {
        (Some(o), _) => o.endpoint,
        (None, Some(m)) => m.as_str(),
        (None, None) if path.starts_with("/pkg/") => "/pkg/{file}",
        (None, None) => "(unmatched)",
    };
    s.metrics
        .observe(method.as_str(), route, resp.status().as_u16(), elapsed);
    if let Some(o) = api {
        s.metrics.api_call(o);
    }
    tracing::info!(
        request_id = %rid,
        method = %method,
        path = %path,
        status = resp.status().as_u16(),
        ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    resp
}

/// The security headers of every answer; HSTS when the console is served
/// over HTTPS (directly, or behind a TLS proxy with `--secure-cookies`).
async fn security_headers(State(hsts): State<bool>, req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/pkg/");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    if hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&app::state::csp(None)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    // hashed assets say `immutable` themselves; an unhashed one must be
    // revalidated (an upgrade replaces it), everything else is not stored
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(if is_static {
            "no-cache"
        } else {
            "no-store"
        }));
    resp
}

/// Every request ends within `REQUEST_TIMEOUT`: an API request that does
/// not gets `9002` in the envelope (a stalled API body is answered sooner,
/// with `1004`, by the API itself), a console request a plain 408.
async fn deadline(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let headers = if api {
        let mut h = http::HeaderMap::new();
        for name in [
            header::ACCEPT,
            header::CONTENT_TYPE,
            header::HeaderName::from_static("x-request-id"),
        ] {
            if let Some(v) = req.headers().get(&name) {
                h.insert(name, v.clone());
            }
        }
        h
    } else {
        http::HeaderMap::new()
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(r) => r,
        Err(_) if api => api::timed_out(&headers),
        Err(_) => (
            StatusCode::REQUEST_TIMEOUT,
            "请求超时，请重试 / The request took too long: try again",
        )
            .into_response(),
    }
}

/// Limits request bodies: 2 MiB, more for evidence uploads. A declared
/// length over the limit is refused at once; a body that grows past it
/// fails while being read.
async fn body_limit(req: Request, next: Next) -> Response {
    let limit = if matches!(
        req.uri().path(),
        "/console/upload_evidence"
            | "/console/import_catalog"
            | "/console/report_file"
            | "/console/upload_provider_document"
            | "/console/submit_release"
            | "/console/register_seal_system"
            | "/console/register_seal_unit"
            | "/console/upload_seal_filings"
    ) {
        UPLOAD_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        if req.uri().path().starts_with("/api/") {
            return api::too_large(req.headers());
        }
        return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    }
    let (parts, body) = req.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Refuses state-changing requests sent from another site (defence in depth
/// beside SameSite=Strict cookies).
async fn same_origin_posts(req: Request, next: Next) -> Response {
    // the machine API is signed: another site cannot forge its requests
    if req.method() != Method::GET
        && req.method() != Method::HEAD
        && !req.uri().path().starts_with("/api/")
    {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if let Some(origin) = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
        {
            let origin_host = origin.split("://").nth(1).unwrap_or("");
            if origin != "null" && origin_host != host {
                return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
            }
        }
    }
    next.run(req).await
}

/// Console pages need a signed-in session; sign-in steps need their pending
/// session. Server functions check again (this only spares a round trip).
async fn page_guard(State(s): State<Shared>, req: Request<Body>, next: Next) -> Response {
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let path = path.as_str();
    let protected = app::routes::page_of(path).is_some();
    let step = match path {
        "/login/password" => Some(session::Stage::ChangePassword),
        "/login/totp" => Some(session::Stage::Totp),
        "/login/enrol" => Some(session::Stage::Enrol),
        _ => None,
    };
    if !protected && step.is_none() && path != "/login" {
        return next.run(req).await;
    }
    let token = cookie(req.headers(), session::COOKIE).unwrap_or_default();
    let found = session::find(&s.state.db, &token).await.ok().flatten();
    let stage = found
        .as_ref()
        .and_then(|f| session::Stage::from_code(&f.stage));
    if protected && stage != Some(session::Stage::Full) {
        return Redirect::to("/login").into_response();
    }
    let mut req = req;
    if protected {
        // the page renders with the signed-in person already known
        let ip = app::state::client_ip(
            req.headers(),
            req.extensions(),
            s.state.settings.trust_proxy,
        );
        let rid = app::state::request_id(req.headers());
        match session::actor_for(&s.state.db, &token, &ip, &rid).await {
            Ok((actor, name)) => {
                req.extensions_mut()
                    .insert(app::api::MeExt(app::api::me_of(&actor, &name)));
            }
            Err(_) => return Redirect::to("/login").into_response(),
        }
    }
    if path == "/login" && stage == Some(session::Stage::Full) {
        return Redirect::to("/").into_response();
    }
    if let Some(want) = step {
        if stage != Some(want) {
            return Redirect::to("/login?error=expired").into_response();
        }
    }
    next.run(req).await
}
