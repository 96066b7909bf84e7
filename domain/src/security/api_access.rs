//! Who may call the machine API (R-6.8.a, R-6.8.b): signature, key,
//! timestamp window, nonce, IP allowlist and the party's state are checked on
//! every call against the database (no cache: a suspension is refused on the
//! very next call). Every call is logged for the monitoring page.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use gsp_protocol::{self as p, Code, SignatureMethod};
use serde::Serialize;
use uuid::Uuid;

use crate::access::credential::{self, Cipher};
use crate::actor::{Actor, ActorKind};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::security::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

/// What a signed request brings.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    pub http_method: &'a str,
    pub path: &'a str,
    pub raw_query: &'a str,
    pub body: &'a [u8],
    pub key: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub nonce: Option<&'a str>,
    pub signature_method: Option<&'a str>,
    pub signature: Option<&'a str>,
    pub client_ip: &'a str,
}

/// The authenticated caller.
#[derive(Debug, Clone, Serialize)]
pub struct Caller {
    pub key_id: String,
    pub credential_id: Uuid,
    pub party_id: Uuid,
    pub party_name: String,
    pub organisation_id: Uuid,
    pub scopes: Vec<String>,
}

impl Caller {
    /// The caller as the actor of audit records.
    pub fn actor(&self, ip: &str, request_id: &str) -> Actor {
        Actor {
            kind: ActorKind::Credential,
            id: self.key_id.clone(),
            name: format!("{} ({})", self.party_name, self.key_id),
            roles: vec![],
            organisation_id: Some(self.organisation_id),
            ip: ip.into(),
            request_id: request_id.into(),
        }
    }

    /// `3001` unless the credential holds `scope`.
    pub fn require(&self, scope: &str) -> std::result::Result<(), Code> {
        if self.scopes.iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(p::SCOPE_NOT_GRANTED)
        }
    }
}

/// Is `ip` in one of the allowlist's addresses or CIDR ranges?
pub fn ip_allowed(allowlist: &[String], ip: &str) -> bool {
    let Ok(ip) = ip.parse::<IpAddr>() else {
        return false;
    };
    allowlist.iter().any(|entry| {
        let (net, bits) = match entry.split_once('/') {
            Some((n, b)) => (n, b.parse::<u32>().ok()),
            None => (entry.as_str(), None),
        };
        match (net.parse::<IpAddr>(), ip) {
            (Ok(IpAddr::V4(n)), IpAddr::V4(a)) => {
                let bits = bits.unwrap_or(32).min(32);
                let mask = if bits == 0 {
                    0
                } else {
                    u32::MAX << (32 - bits)
                };
                (u32::from(n) & mask) == (u32::from(a) & mask)
            }
            (Ok(IpAddr::V6(n)), IpAddr::V6(a)) => {
                let bits = bits.unwrap_or(128).min(128);
                let mask = if bits == 0 {
                    0
                } else {
                    u128::MAX << (128 - bits)
                };
                (u128::from(n) & mask) == (u128::from(a) & mask)
            }
            // an IPv4 client seen as IPv4-mapped IPv6
            (Ok(IpAddr::V4(n)), IpAddr::V6(a)) => a.to_ipv4_mapped().is_some_and(|a4| {
                ip_allowed(&[format!("{n}/{}", bits.unwrap_or(32))], &a4.to_string())
            }),
            _ => false,
        }
    })
}

/// Checks a request. The refusal is the return code to answer with; the
/// caller (when the key was known) is given with it for the call log.
pub async fn authenticate(
    db: &Db,
    cipher: &Cipher,
    r: &Request<'_>,
    at: DateTime<Utc>,
) -> std::result::Result<Caller, (Code, Option<Uuid>)> {
    let missing = || (p::AUTH_MISSING, None);
    let key = r
        .key
        .filter(|k| !k.is_empty() && k.len() <= 64)
        .ok_or_else(missing)?;
    let ts_text = r.timestamp.ok_or_else(missing)?;
    let ts: i64 = ts_text.parse().map_err(|_| missing())?;
    let nonce = r.nonce.filter(|n| p::nonce_ok(n)).ok_or_else(missing)?;
    let method = r
        .signature_method
        .and_then(SignatureMethod::from_name)
        .ok_or_else(missing)?;
    let signature = r
        .signature
        .filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(missing)?;

    let internal = |e: Error| {
        tracing::error!(error = %e, "api authentication failed internally");
        (p::INTERNAL, None)
    };
    let (cred, secret) = match credential::secret(db, cipher, key).await {
        Ok(x) => x,
        Err(Error::NotFound(_)) => return Err((p::KEY_INVALID, None)),
        Err(e) => return Err(internal(e)),
    };
    let party = Some(cred.party_id);
    if cred.status(at) != "active" {
        return Err((p::KEY_INVALID, party));
    }
    let canonical = p::canonical_string(
        r.http_method,
        r.path,
        r.raw_query,
        ts_text,
        nonce,
        &method.body_hash(r.body),
    );
    if !method.verify(&secret, &canonical, signature) {
        return Err((p::SIGNATURE_MISMATCH, party));
    }
    if (at.timestamp() - ts).abs() > p::WINDOW_SECONDS {
        return Err((p::TIMESTAMP_OUT_OF_WINDOW, party));
    }
    // remembered for the window; a second use within it is refused
    match db
        .execute(
            "insert into api_nonces (key_id, nonce, seen_at) values ($1, $2, $3)",
            &vals![key, nonce, at],
        )
        .await
    {
        Ok(_) => {}
        Err(e) if e.is_unique_violation() => return Err((p::NONCE_REUSED, party)),
        Err(e) => return Err(internal(e)),
    }
    if !ip_allowed(&cred.ip_allowlist(), r.client_ip) {
        return Err((p::IP_NOT_ALLOWED, party));
    }
    #[derive(sqlx::FromRow)]
    struct P {
        name: String,
        status: String,
        organisation_id: Uuid,
        granted: bool,
    }
    let pr: P = db
        .fetch_one(
            "select p.name, p.status, p.organisation_id, exists (select 1 from applications a where a.party_id = p.id \
             and a.state in ('approved', 'env-ready', 'joint-debugging', 'connected')) as granted \
             from access_parties p where p.id = $1",
            &vals![cred.party_id],
        )
        .await
        .map_err(internal)?;
    if pr.status == "suspended" {
        return Err((p::SUSPENDED, party));
    }
    if pr.status == "retired" || !pr.granted {
        return Err((p::NOT_CONNECTED, party));
    }
    // a provider's credential for one service: refused while it is suspended
    if let Some(service) = cred.service_id {
        #[derive(sqlx::FromRow)]
        struct S {
            suspended: bool,
        }
        let s: Option<S> = db
            .fetch_optional(
                "select suspended from provider_services where id = $1",
                &vals![service],
            )
            .await
            .map_err(internal)?;
        if s.is_none_or(|s| s.suspended) {
            return Err((p::SUSPENDED, party));
        }
    }
    // "last used" to the minute: no write on every call of a busy client
    if cred
        .last_used_at
        .is_none_or(|t| at - t >= chrono::Duration::seconds(60))
    {
        db.execute(
            "update credentials set last_used_at = $1 where id = $2",
            &vals![at, cred.id],
        )
        .await
        .map_err(internal)?;
    }
    Ok(Caller {
        key_id: cred.key_id.clone(),
        credential_id: cred.id,
        party_id: cred.party_id,
        party_name: pr.name,
        organisation_id: pr.organisation_id,
        scopes: cred.scopes(),
    })
}

/// Forgets nonces older than twice the window.
pub async fn purge_nonces(db: &Db) -> Result<u64> {
    db.execute(
        "delete from api_nonces where seen_at < $1",
        &vals![now() - Duration::seconds(2 * p::WINDOW_SECONDS)],
    )
    .await
}

/// Removes call-log lines older than `days` and counted anonymous failures
/// older than a day, a bounded batch at a time so that writers never wait
/// long (issue #14.5). Returns how many lines went.
pub async fn purge_calls(db: &Db, days: i64) -> Result<u64> {
    let before = now() - Duration::days(days.max(1));
    let mut total = 0;
    loop {
        let n = db
            .execute(
                "delete from api_calls where id in (select id from api_calls where at < $1 limit 5000)",
                &vals![before],
            )
            .await?;
        total += n;
        if n < 5000 {
            break;
        }
        tokio::task::yield_now().await;
    }
    db.execute(
        "delete from anonymous_failures where window_start < $1",
        &vals![(now() - Duration::days(1)).timestamp()],
    )
    .await?;
    Ok(total)
}

/// One line of the call log.
#[derive(Debug, Clone)]
pub struct Call {
    pub party_id: Option<Uuid>,
    pub key_id: Option<String>,
    pub method: String,
    pub endpoint: String,
    pub status: u16,
    pub code: i32,
    pub latency_us: i64,
    pub bytes_in: i64,
    pub bytes_out: i64,
    pub request_id: String,
}

pub async fn log_call(db: &Db, c: &Call) -> Result<()> {
    db.execute(
        "insert into api_calls (id, at, party_id, key_id, method, endpoint, status, code, latency_us, bytes_in, bytes_out, request_id) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &vals![
            new_id(),
            now(),
            c.party_id,
            c.key_id.clone(),
            &c.method,
            &c.endpoint,
            c.status as i64,
            c.code as i64,
            c.latency_us,
            c.bytes_in,
            c.bytes_out,
            &c.request_id
        ],
    )
    .await?;
    Ok(())
}

/// A party's API use over a period, for the monitoring page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub calls: i64,
    pub errors: i64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub last_call: Option<DateTime<Utc>>,
    /// (code, how many), most frequent first, errors only.
    pub top_codes: Vec<(i64, i64)>,
    /// (endpoint, calls), busiest first.
    pub endpoints: Vec<(String, i64)>,
}

/// The value at quantile `q` of sorted values (nearest rank).
pub fn quantile(sorted: &[i64], q: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub async fn stats(db: &Db, actor: &Actor, party: Uuid, hours: i64) -> Result<Stats> {
    actor.require(Permission::ApplicationView)?;
    crate::access::party::get(db, actor, party).await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        at: DateTime<Utc>,
        endpoint: String,
        code: i64,
        latency_us: i64,
    }
    let rows: Vec<Row> = db
        .fetch_all(
            "select at, endpoint, code, latency_us from api_calls where party_id = $1 and at >= $2 order by at desc limit 200000",
            &vals![party, now() - Duration::hours(hours)],
        )
        .await?;
    let mut lat: Vec<i64> = rows.iter().map(|r| r.latency_us).collect();
    lat.sort_unstable();
    let mut codes = std::collections::BTreeMap::<i64, i64>::new();
    let mut endpoints = std::collections::BTreeMap::<String, i64>::new();
    for r in &rows {
        if r.code != 0 {
            *codes.entry(r.code).or_default() += 1;
        }
        *endpoints.entry(r.endpoint.clone()).or_default() += 1;
    }
    let mut top_codes: Vec<(i64, i64)> = codes.into_iter().collect();
    top_codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut endpoints: Vec<(String, i64)> = endpoints.into_iter().collect();
    endpoints.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let ms = |us: i64| us as f64 / 1000.0;
    Ok(Stats {
        calls: rows.len() as i64,
        errors: rows.iter().filter(|r| r.code != 0).count() as i64,
        p50_ms: ms(quantile(&lat, 0.50)),
        p95_ms: ms(quantile(&lat, 0.95)),
        p99_ms: ms(quantile(&lat, 0.99)),
        last_call: rows.first().map(|r| r.at),
        top_codes: top_codes.into_iter().take(5).collect(),
        endpoints: endpoints.into_iter().take(10).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowlist_addresses_and_ranges() {
        let list = vec![
            "59.202.10.0/24".to_string(),
            "10.1.1.7".into(),
            "2001:db8::/32".into(),
        ];
        assert!(ip_allowed(&list, "59.202.10.200"));
        assert!(!ip_allowed(&list, "59.202.11.1"));
        assert!(ip_allowed(&list, "10.1.1.7") && !ip_allowed(&list, "10.1.1.8"));
        assert!(ip_allowed(&list, "2001:db8:1::5") && !ip_allowed(&list, "2001:db9::1"));
        assert!(ip_allowed(&list, "::ffff:59.202.10.3"), "IPv4-mapped IPv6");
        assert!(!ip_allowed(&list, "not-an-ip") && !ip_allowed(&[], "10.1.1.7"));
        assert!(ip_allowed(&["0.0.0.0/0".to_string()], "8.8.8.8"));
    }

    #[test]
    fn scopes_are_required_one_by_one() {
        let c = Caller {
            key_id: "AK1".into(),
            credential_id: Uuid::nil(),
            party_id: Uuid::nil(),
            party_name: "p".into(),
            organisation_id: Uuid::nil(),
            scopes: vec!["service-items".into(), "portal".into()],
        };
        assert!(c.require("service-items").is_ok() && c.require("portal").is_ok());
        assert_eq!(c.require("seals").unwrap_err().code, 3001);
        assert_eq!(c.actor("1.2.3.4", "r").kind, ActorKind::Credential);
    }

    #[test]
    fn nearest_rank_quantiles() {
        let v: Vec<i64> = (1..=100).collect();
        assert_eq!(
            (quantile(&v, 0.5), quantile(&v, 0.95), quantile(&v, 0.99)),
            (50, 95, 99)
        );
        assert_eq!(quantile(&[], 0.5), 0);
        assert_eq!(quantile(&[7], 0.99), 7);
    }
}
