//! Prometheus metrics (issue #14), kept by the `prometheus` crate and
//! rendered in its text format. Every label takes a bounded set of values:
//! the method is one of the standard ones or `other`, the route is the
//! matched pattern (`/parties/{id}`, the API endpoint's pattern), never the
//! raw path, and an API return code is one of the documented codes.
//!
//! - `gsp_http_requests_total{method, route, status}`
//! - `gsp_http_request_duration_seconds{route}` (histogram)
//! - `gsp_api_calls_total{endpoint, code}`: machine API return codes
//! - `gsp_db_pool_connections`, `gsp_db_pool_idle`, `gsp_db_pool_max`
//!   `{engine}` and `gsp_db_begin_wait_seconds` (histogram: how long a
//!   transaction waited for its connection and `BEGIN`)
//! - `process_*` (CPU seconds, resident and virtual memory, open and
//!   maximum file descriptors, start time, threads)
//! - `gsp_build_info{version}` = 1

use std::time::Duration;

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

const BUCKETS: [f64; 11] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// What the machine API answered, left on its response for `observe`.
#[derive(Clone, Copy, Debug)]
pub struct ApiOutcome {
    /// the endpoint's pattern (`/api/v1/cases/{case_no}`) or `(unknown)`
    pub endpoint: &'static str,
    pub code: i32,
}

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    api_calls: IntCounterVec,
    pool: IntGaugeVec,
    begin_wait: Histogram,
}

/// A method as a label: the standard ones, or `other`.
pub fn method_label(m: &str) -> &'static str {
    match m {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "gsp_http_requests_total",
                "HTTP requests by method, matched route and status.",
            ),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "gsp_http_request_duration_seconds",
                "Request latency by matched route.",
            )
            .buckets(BUCKETS.to_vec()),
            &["route"],
        )
        .expect("valid metric");
        let api_calls = IntCounterVec::new(
            Opts::new(
                "gsp_api_calls_total",
                "Machine API answers by endpoint pattern and return code.",
            ),
            &["endpoint", "code"],
        )
        .expect("valid metric");
        let pool = IntGaugeVec::new(
            Opts::new(
                "gsp_db_pool",
                "Database pool connections (state: open, idle, max).",
            ),
            &["engine", "state"],
        )
        .expect("valid metric");
        let begin_wait = Histogram::with_opts(
            HistogramOpts::new(
                "gsp_db_begin_wait_seconds",
                "How long a transaction waited for a pooled connection and BEGIN.",
            )
            .buckets(BUCKETS.to_vec()),
        )
        .expect("valid metric");
        let build = IntGaugeVec::new(
            Opts::new("gsp_build_info", "The running build (always 1)."),
            &["version"],
        )
        .expect("valid metric");
        build.with_label_values(&[env!("CARGO_PKG_VERSION")]).set(1);
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(api_calls.clone()),
            Box::new(pool.clone()),
            Box::new(begin_wait.clone()),
            Box::new(build),
        ] {
            registry.register(c).expect("unique metric");
        }
        #[cfg(target_os = "linux")]
        registry
            .register(Box::new(
                prometheus::process_collector::ProcessCollector::for_self(),
            ))
            .expect("unique metric");
        Metrics {
            registry,
            requests,
            latency,
            api_calls,
            pool,
            begin_wait,
        }
    }

    /// One answered request: `route` is a matched pattern (bounded).
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .with_label_values(&[method_label(method), route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[route])
            .observe(elapsed.as_secs_f64());
    }

    pub fn api_call(&self, o: ApiOutcome) {
        self.api_calls
            .with_label_values(&[o.endpoint, &o.code.to_string()])
            .inc();
    }

    pub fn begin_waited(&self, d: Duration) {
        self.begin_wait.observe(d.as_secs_f64());
    }

    /// The text format, with the pool's (open, idle, max) as of now.
    pub fn render(&self, pool: (u32, usize, u32), engine: &str) -> String {
        let g = |state: &str| -> IntGauge { self.pool.with_label_values(&[engine, state]) };
        g("open").set(pool.0 as i64);
        g("idle").set(pool.1 as i64);
        g("max").set(pool.2 as i64);
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("text encoding");
        String::from_utf8(out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_bounded() {
        let m = Metrics::new();
        for x in ["XYZ123", "BREW", "get"] {
            m.observe(x, "/parties", 200, Duration::from_millis(3));
        }
        let text = m.render((1, 1, 8), "sqlite");
        assert!(!text.contains("XYZ123") && !text.contains("BREW"), "{text}");
        assert!(
            text.contains(
                r#"gsp_http_requests_total{method="other",route="/parties",status="200"} 3"#
            ),
            "{text}"
        );
        assert!(text.contains("gsp_build_info{version="), "{text}");
        assert!(
            text.contains(r#"gsp_db_pool{engine="sqlite",state="max"} 8"#),
            "{text}"
        );
        #[cfg(target_os = "linux")]
        assert!(text.contains("process_resident_memory_bytes"), "{text}");
    }
}
