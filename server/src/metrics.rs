//! Prometheus text metrics: requests by method and status, latency histogram,
//! database pool gauges.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    buckets: [AtomicU64; 10],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Metrics {
    pub fn observe(&self, method: &str, status: u16, elapsed: Duration) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((method.to_string(), status)).or_default() += 1;
        }
        let secs = elapsed.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    pub fn render(&self, pool: (u32, usize), engine: &str) -> String {
        let mut out = String::new();
        out.push_str("# HELP gsp_http_requests_total HTTP requests by method and status.\n");
        out.push_str("# TYPE gsp_http_requests_total counter\n");
        if let Ok(m) = self.requests.lock() {
            for ((method, status), n) in m.iter() {
                out.push_str(&format!(
                    "gsp_http_requests_total{{method=\"{method}\",status=\"{status}\"}} {n}\n"
                ));
            }
        }
        out.push_str("# HELP gsp_http_request_duration_seconds Request latency.\n");
        out.push_str("# TYPE gsp_http_request_duration_seconds histogram\n");
        for (i, b) in BUCKETS.iter().enumerate() {
            out.push_str(&format!(
                "gsp_http_request_duration_seconds_bucket{{le=\"{b}\"}} {}\n",
                self.buckets[i].load(Ordering::Relaxed)
            ));
        }
        let count = self.count.load(Ordering::Relaxed);
        out.push_str(&format!(
            "gsp_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\n"
        ));
        out.push_str(&format!(
            "gsp_http_request_duration_seconds_sum {}\n",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        ));
        out.push_str(&format!(
            "gsp_http_request_duration_seconds_count {count}\n"
        ));
        out.push_str("# HELP gsp_db_pool_connections Open database connections.\n");
        out.push_str("# TYPE gsp_db_pool_connections gauge\n");
        out.push_str(&format!(
            "gsp_db_pool_connections{{engine=\"{engine}\"}} {}\n",
            pool.0
        ));
        out.push_str("# HELP gsp_db_pool_idle Idle database connections.\n");
        out.push_str("# TYPE gsp_db_pool_idle gauge\n");
        out.push_str(&format!(
            "gsp_db_pool_idle{{engine=\"{engine}\"}} {}\n",
            pool.1
        ));
        out
    }
}
