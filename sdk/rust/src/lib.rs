//! Client of the gsp-access machine API.
//!
//! ```no_run
//! let c = gsp_client::Client::new("https://platform.example", "AK…", "secret");
//! let me = c.ping().unwrap();
//! println!("{} may use {:?}", me.party_name, me.scopes);
//! ```
//!
//! Every request is signed as `docs/api.md` describes (HMAC-SHA256 by
//! default, HMAC-SM3 with [`Client::sm3`]); answers with code `7001` (rate
//! limited) and network errors are retried with exponential backoff.

use std::time::Duration;

pub use gsp_protocol::SignatureMethod;
use serde::{Deserialize, Serialize};

/// Every answer of the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The HTTP status (not part of the body).
    #[serde(skip)]
    pub status: u16,
    pub code: i32,
    pub message: String,
    pub message_en: String,
    pub request_id: String,
    pub data: serde_json::Value,
}

#[derive(Debug)]
pub enum Error {
    /// The server could not be reached (after the retries).
    Transport(String),
    /// The server answered with a code other than 0.
    Api(Answer),
    /// The answer was not the documented envelope.
    Decode(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "transport: {e}"),
            Error::Api(a) => write!(f, "{} {} ({})", a.code, a.message_en, a.request_id),
            Error::Decode(e) => write!(f, "unexpected answer: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// What `ping` returns: who the credential belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ping {
    pub party_id: String,
    pub party_name: String,
    pub key_id: String,
    pub scopes: Vec<String>,
    pub server_time: String,
}

#[derive(Clone)]
pub struct Client {
    base: String,
    key_id: String,
    secret: Vec<u8>,
    method: SignatureMethod,
    agent: ureq::Agent,
    retries: u32,
}

fn nonce() -> String {
    use rand::Rng;
    let mut r = rand::thread_rng();
    (0..32)
        .map(|_| {
            let i = r.gen_range(0..36u8);
            (if i < 10 { b'0' + i } else { b'a' + i - 10 }) as char
        })
        .collect()
}

impl Client {
    pub fn new(base: &str, key_id: &str, secret: &str) -> Client {
        Client {
            base: base.trim_end_matches('/').to_string(),
            key_id: key_id.to_string(),
            secret: secret.as_bytes().to_vec(),
            method: SignatureMethod::HmacSha256,
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(30))
                .build(),
            retries: 4,
        }
    }

    /// Sign with HMAC-SM3 instead of HMAC-SHA256.
    pub fn sm3(mut self) -> Client {
        self.method = SignatureMethod::HmacSm3;
        self
    }

    /// How many times a rate-limited or unreachable call is retried (default 4).
    pub fn retries(mut self, n: u32) -> Client {
        self.retries = n;
        self
    }

    /// Sends one signed request and returns the answer, whatever its code.
    /// `path_and_query` starts with `/`; `body` is (content type, bytes).
    pub fn request(
        &self,
        http_method: &str,
        path_and_query: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Answer, Error> {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let mut attempt = 0;
        loop {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            let signed = gsp_protocol::sign_request(
                self.method,
                &self.key_id,
                &self.secret,
                http_method,
                path,
                query,
                body.map(|b| b.1).unwrap_or(b""),
                now,
                &nonce(),
            );
            let mut req = self
                .agent
                .request(http_method, &format!("{}{}", self.base, path_and_query))
                .set("accept", "application/json");
            for (k, v) in signed.headers() {
                req = req.set(k, &v);
            }
            let result = match body {
                Some((ct, bytes)) => req.set("content-type", ct).send_bytes(bytes),
                None => req.call(),
            };
            let (resp, retry_after) = match result {
                Ok(r) => (r, None),
                Err(ureq::Error::Status(status, r)) => {
                    let ra = r.header("retry-after").and_then(|v| v.parse::<u64>().ok());
                    if status == 429 && attempt < self.retries {
                        attempt += 1;
                        std::thread::sleep(backoff(attempt, ra));
                        continue;
                    }
                    (r, ra)
                }
                Err(e) => {
                    if attempt < self.retries {
                        attempt += 1;
                        std::thread::sleep(backoff(attempt, None));
                        continue;
                    }
                    return Err(Error::Transport(e.to_string()));
                }
            };
            let _ = retry_after;
            let status = resp.status();
            let text = resp
                .into_string()
                .map_err(|e| Error::Transport(e.to_string()))?;
            let mut a: Answer =
                serde_json::from_str(&text).map_err(|e| Error::Decode(format!("{e}: {text}")))?;
            a.status = status;
            return Ok(a);
        }
    }

    /// A request whose answer must be code 0; its `data`.
    pub fn call(
        &self,
        http_method: &str,
        path_and_query: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<serde_json::Value, Error> {
        let a = self.request(http_method, path_and_query, body)?;
        if a.code == 0 {
            Ok(a.data)
        } else {
            Err(Error::Api(a))
        }
    }

    /// POSTs a value as JSON; the answer's data.
    pub fn post_json<T: Serialize>(
        &self,
        path: &str,
        value: &T,
    ) -> Result<serde_json::Value, Error> {
        let body = serde_json::to_vec(value).map_err(|e| Error::Decode(e.to_string()))?;
        self.call("POST", path, Some(("application/json", &body)))
    }

    /// Who this credential belongs to, its scopes and the server's time.
    pub fn ping(&self) -> Result<Ping, Error> {
        let data = self.call("GET", "/api/v1/ping", None)?;
        serde_json::from_value(data).map_err(|e| Error::Decode(e.to_string()))
    }
}

/// 200 ms, 400 ms, 800 ms, … (capped at 10 s), or what `Retry-After` says.
fn backoff(attempt: u32, retry_after: Option<u64>) -> Duration {
    match retry_after {
        Some(s) => Duration::from_secs(s.min(30)),
        None => Duration::from_millis((100u64 << attempt.min(7)).min(10_000)),
    }
}
