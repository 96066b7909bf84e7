//! The machine API's protocol, exactly as `docs/api.md` documents it: the
//! canonical string, its HMAC signature (HMAC-SHA256 or HMAC-SM3), the
//! headers, and the table of return codes. Shared by the server and the SDK.

pub mod audit;
pub mod codes;
pub mod messages;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;

pub const H_KEY: &str = "x-gsp-key";
pub const H_TIMESTAMP: &str = "x-gsp-timestamp";
pub const H_NONCE: &str = "x-gsp-nonce";
pub const H_METHOD: &str = "x-gsp-signature-method";
pub const H_SIGNATURE: &str = "x-gsp-signature";
/// Seconds a timestamp may be away from the server's clock.
pub const WINDOW_SECONDS: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureMethod {
    HmacSha256,
    HmacSm3,
}

impl SignatureMethod {
    pub fn name(self) -> &'static str {
        match self {
            SignatureMethod::HmacSha256 => "HMAC-SHA256",
            SignatureMethod::HmacSm3 => "HMAC-SM3",
        }
    }

    pub fn from_name(s: &str) -> Option<SignatureMethod> {
        match s {
            "HMAC-SHA256" => Some(SignatureMethod::HmacSha256),
            "HMAC-SM3" => Some(SignatureMethod::HmacSm3),
            _ => None,
        }
    }

    /// Lowercase hex of the body's hash (SHA-256 or SM3).
    pub fn body_hash(self, body: &[u8]) -> String {
        match self {
            SignatureMethod::HmacSha256 => hex::encode(Sha256::digest(body)),
            SignatureMethod::HmacSm3 => hex::encode(Sm3::digest(body)),
        }
    }

    /// Lowercase hex of HMAC(secret, message).
    pub fn sign(self, secret: &[u8], message: &str) -> String {
        match self {
            SignatureMethod::HmacSha256 => {
                let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
                m.update(message.as_bytes());
                hex::encode(m.finalize().into_bytes())
            }
            SignatureMethod::HmacSm3 => {
                let mut m = <Hmac<Sm3> as Mac>::new_from_slice(secret).expect("any key length");
                m.update(message.as_bytes());
                hex::encode(m.finalize().into_bytes())
            }
        }
    }

    /// Constant-time check of a signature given in hex.
    pub fn verify(self, secret: &[u8], message: &str, signature_hex: &str) -> bool {
        let expected = self.sign(secret, message);
        let given = signature_hex.as_bytes();
        given.len() == expected.len()
            && bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), given))
    }
}

/// Percent-encoding of RFC 3986: unreserved characters stay, every other
/// byte becomes `%XX` (upper-case hex).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` (and `+` as a space, as forms send it). Invalid escapes
/// are kept as they are.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex_val(b[i + 1]), hex_val(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// The canonical query: pairs sorted by name then value, each name and
/// value percent-encoded per RFC 3986, joined as `name=value` with `&`.
/// `raw` is the query as sent (without `?`); empty for none.
pub fn canonical_query(raw: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (decode(n), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The six lines that are signed, joined by `\n` (no trailing newline).
pub fn canonical_string(
    http_method: &str,
    path: &str,
    raw_query: &str,
    timestamp: &str,
    nonce: &str,
    body_hash_hex: &str,
) -> String {
    [
        http_method.to_ascii_uppercase(),
        path.to_string(),
        canonical_query(raw_query),
        timestamp.to_string(),
        nonce.to_string(),
        body_hash_hex.to_string(),
    ]
    .join("\n")
}

/// A nonce is 16 to 64 characters of `[A-Za-z0-9-]`.
pub fn nonce_ok(n: &str) -> bool {
    (16..=64).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The headers of a signed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub key: String,
    pub timestamp: String,
    pub nonce: String,
    pub method: SignatureMethod,
    pub signature: String,
}

impl Signed {
    pub fn headers(&self) -> [(&'static str, String); 5] {
        [
            (H_KEY, self.key.clone()),
            (H_TIMESTAMP, self.timestamp.clone()),
            (H_NONCE, self.nonce.clone()),
            (H_METHOD, self.method.name().to_string()),
            (H_SIGNATURE, self.signature.clone()),
        ]
    }
}

/// Signs a request (what a client does).
#[allow(clippy::too_many_arguments)]
pub fn sign_request(
    method: SignatureMethod,
    key_id: &str,
    secret: &[u8],
    http_method: &str,
    path: &str,
    raw_query: &str,
    body: &[u8],
    timestamp: i64,
    nonce: &str,
) -> Signed {
    let canonical = canonical_string(
        http_method,
        path,
        raw_query,
        &timestamp.to_string(),
        nonce,
        &method.body_hash(body),
    );
    Signed {
        key: key_id.to_string(),
        timestamp: timestamp.to_string(),
        nonce: nonce.to_string(),
        method,
        signature: method.sign(secret, &canonical),
    }
}

/// A return code: its number, HTTP status, Chinese and English messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: i32,
    pub http: u16,
    pub message: &'static str,
    pub message_en: &'static str,
}

macro_rules! codes {
    ($($name:ident = $code:expr, $http:expr, $zh:expr, $en:expr;)*) => {
        $(pub const $name: Code = Code { code: $code, http: $http, message: $zh, message_en: $en };)*
        /// Every return code, in order.
        pub const CODES: &[Code] = &[$($name),*];
    };
}

codes! {
    OK = 0, 200, "成功", "Success";
    MALFORMED = 1001, 400, "请求体无法解析或内容类型不受支持", "The body does not parse, or its content type is not supported";
    BODY_TOO_LARGE = 1002, 413, "请求体过大", "The body is too large";
    METHOD_NOT_ALLOWED = 1003, 405, "不支持该 HTTP 方法", "This HTTP method is not supported here";
    BODY_TIMEOUT = 1004, 408, "请求体未在规定时间内收到（20秒）", "The body did not arrive in time (20 seconds)";
    AUTH_MISSING = 2001, 401, "缺少认证头或认证头格式错误", "Authentication headers are missing or malformed";
    KEY_INVALID = 2002, 401, "访问密钥不存在、已吊销或已过期", "Unknown, revoked or expired access key";
    SIGNATURE_MISMATCH = 2003, 401, "签名不匹配", "The signature does not match";
    TIMESTAMP_OUT_OF_WINDOW = 2004, 401, "时间戳超出允许范围（±300秒）", "The timestamp is more than 300 seconds from the server's clock";
    NONCE_REUSED = 2005, 401, "随机数已使用", "The nonce was used before";
    IP_NOT_ALLOWED = 2006, 403, "来源 IP 不在白名单内", "The source IP is not in the credential's allowlist";
    SCOPE_NOT_GRANTED = 3001, 403, "未授权访问该接口", "The credential does not hold this scope";
    SUSPENDED = 4001, 403, "接入方或服务已暂停", "The party or service is suspended";
    NOT_CONNECTED = 4002, 403, "接入方未通过审核或未接入", "The party is not approved or not connected";
    VALIDATION = 5001, 422, "数据校验未通过", "Validation failed";
    NOT_FOUND = 6001, 404, "资源不存在", "Not found";
    CONFLICT = 6002, 409, "数据冲突", "Conflict";
    RATE_LIMITED = 7001, 429, "请求过于频繁，请稍后重试", "Rate limited: retry later";
    INTERNAL = 9001, 500, "内部错误", "Internal error";
    TIMEOUT = 9002, 503, "处理超时，请稍后重试", "The request took too long to handle: retry later";
}

pub fn code(n: i32) -> Option<Code> {
    CODES.iter().copied().find(|c| c.code == n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_published_vectors() {
        // SHA-256("abc") (FIPS 180-2) and SM3("abc") (GB/T 32905-2016, A.1)
        assert_eq!(
            SignatureMethod::HmacSha256.body_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            SignatureMethod::HmacSm3.body_hash(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        // the hash of an empty body
        assert_eq!(
            SignatureMethod::HmacSha256.body_hash(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            SignatureMethod::HmacSm3.body_hash(b""),
            "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
        );
        // HMAC-SHA256, RFC 4231 test case 2
        assert_eq!(
            SignatureMethod::HmacSha256.sign(b"Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// The worked examples of docs/api.md.
    #[test]
    fn documented_examples() {
        let secret = b"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let (ts, nonce) = ("1800000000", "3f2b8c1d-7e4a-4b6f-9d21-0c5e8a7b6f10");
        let body = "{\"echo\":\"你好\"}".as_bytes();
        let q = "b=2&a=%E6%B5%99%E6%B1%9F&a=1";
        let cases = [
            (
                "GET",
                "",
                &b""[..],
                SignatureMethod::HmacSha256,
                "fbdd3e58a61c27d5ec3f6b14cda0ab34e72b8d95f095e4d69cca588d28f0fe9e",
            ),
            (
                "GET",
                "",
                &b""[..],
                SignatureMethod::HmacSm3,
                "2bd8b3a00128dbdfb3fc9133da5fb3eacd9c4a6952ad2936350d7badaecb12f7",
            ),
            (
                "POST",
                q,
                body,
                SignatureMethod::HmacSha256,
                "2ff6cfe9ebbb8546a89328b93cbce9422adee07723e246d023daf22aa2c7b23e",
            ),
            (
                "POST",
                q,
                body,
                SignatureMethod::HmacSm3,
                "e169559f2edbed8ad89fd811b53b97c554d1e3a4b291be7e113d974a3db91e08",
            ),
        ];
        for (m, q, body, method, want) in cases {
            let c = canonical_string(m, "/api/v1/ping", q, ts, nonce, &method.body_hash(body));
            assert_eq!(method.sign(secret, &c), want, "{m} {}", method.name());
        }
        assert_eq!(
            canonical_string("POST", "/api/v1/ping", q, ts, nonce, &SignatureMethod::HmacSm3.body_hash(body)),
            "POST\n/api/v1/ping\na=1&a=%E6%B5%99%E6%B1%9F&b=2\n1800000000\n3f2b8c1d-7e4a-4b6f-9d21-0c5e8a7b6f10\n\
             af178da75fffcd20b0a37a47c39cf3181a3953722149412898c2cec110a228b4"
        );
    }

    #[test]
    fn canonical_query_sorts_and_encodes() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=z&a=y&c"), "a=y&a=z&b=2&c=");
        // spaces, reserved and non-ASCII characters are percent-encoded, unreserved kept
        assert_eq!(
            canonical_query("q=%E6%9D%AD%E5%B7%9E&since_version=3&name=a+b~c"),
            "name=a%20b~c&q=%E6%9D%AD%E5%B7%9E&since_version=3"
        );
        assert_eq!(canonical_query("x=a%2fb"), "x=a%2Fb");
        assert_eq!(decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn plus_in_a_query_is_a_space() {
        // issue #14: `+` is a space, as forms and Python `requests` send it;
        // a literal plus travels as %2B (docs/api.md)
        for raw in ["name=a+b", "name=a%20b"] {
            assert_eq!(canonical_query(raw), "name=a%20b", "{raw}");
        }
        assert_eq!(canonical_query("name=a%2Bb"), "name=a%2Bb");
        assert_eq!(canonical_query("q=x+y&q=x%2By"), "q=x%20y&q=x%2By");
    }

    #[test]
    fn signing_and_verifying() {
        let s = sign_request(
            SignatureMethod::HmacSm3,
            "AK0123456789ABCDEF0123",
            b"secret",
            "post",
            "/api/v1/ping",
            "",
            b"{}",
            1_800_000_000,
            "0123456789abcdef",
        );
        let canonical = canonical_string(
            "POST",
            "/api/v1/ping",
            "",
            "1800000000",
            "0123456789abcdef",
            &SignatureMethod::HmacSm3.body_hash(b"{}"),
        );
        assert_eq!(canonical.lines().count(), 6);
        assert!(SignatureMethod::HmacSm3.verify(b"secret", &canonical, &s.signature));
        assert!(!SignatureMethod::HmacSm3.verify(b"secret2", &canonical, &s.signature));
        assert!(!SignatureMethod::HmacSha256.verify(b"secret", &canonical, &s.signature));
        assert!(!SignatureMethod::HmacSm3.verify(b"secret", &canonical, ""));
        assert!(
            nonce_ok("0123456789abcdef") && !nonce_ok("short") && !nonce_ok("0123456789abcde_")
        );
        assert_eq!(code(2005).unwrap().http, 401);
        let mut seen = std::collections::HashSet::new();
        assert!(
            CODES.iter().all(|c| seen.insert(c.code)),
            "codes are unique"
        );
    }
}
