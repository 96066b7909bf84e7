//! TOTP second factor (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits).

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Steps of clock drift accepted either side.
pub const WINDOW: i64 = 1;

/// A new random 160-bit secret, base32 without padding.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut bytes);
    BASE32_NOPAD.encode(&bytes)
}

fn decode(secret: &str) -> Option<Vec<u8>> {
    let cleaned: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .collect();
    BASE32_NOPAD.decode(cleaned.to_uppercase().as_bytes()).ok()
}

/// HOTP value (RFC 4226) for a raw key and counter.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("any key length");
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[h.len() - 1] & 0x0f) as usize;
    let bin = ((h[offset] as u32 & 0x7f) << 24)
        | ((h[offset + 1] as u32) << 16)
        | ((h[offset + 2] as u32) << 8)
        | (h[offset + 3] as u32);
    let code = bin % 10u32.pow(digits);
    format!("{:0width$}", code, width = digits as usize)
}

pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code for a base32 secret at a Unix time.
pub fn code_at(secret: &str, unix_seconds: i64) -> Option<String> {
    let key = decode(secret)?;
    Some(hotp(&key, step_of(unix_seconds) as u64, DIGITS))
}

/// Checks a code within the drift window. Returns the matched step, which
/// must be later than `last_step` (a code is never accepted twice).
pub fn verify(secret: &str, code: &str, unix_seconds: i64, last_step: Option<i64>) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS as usize || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let key = decode(secret)?;
    let now = step_of(unix_seconds);
    for step in (now - WINDOW)..=(now + WINDOW) {
        if last_step.is_some_and(|l| step <= l) {
            continue;
        }
        let expected = hotp(&key, step as u64, DIGITS);
        if subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), code.as_bytes()).into() {
            return Some(step);
        }
    }
    None
}

/// The otpauth:// URI authenticator apps read from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
        enc(issuer),
        enc(account),
        secret,
        enc(issuer),
        DIGITS,
        STEP_SECONDS
    )
}

/// The QR code of a URI as an SVG document.
pub fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits, key "12345678901234567890").
    #[test]
    fn rfc6238_vectors() {
        let key = b"12345678901234567890";
        for (t, expected) in [
            (59i64, "94287082"),
            (1111111109, "07081804"),
            (1111111111, "14050471"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
            (20000000000, "65353130"),
        ] {
            assert_eq!(hotp(key, step_of(t) as u64, 8), expected, "t={t}");
        }
    }

    #[test]
    fn verify_window_and_replay() {
        let secret = generate_secret();
        let t = 1_800_000_000;
        let code = code_at(&secret, t).unwrap();
        let step = verify(&secret, &code, t, None).expect("current code accepted");
        assert_eq!(step, step_of(t));
        // accepted from the previous step (clock drift) too
        assert!(verify(&secret, &code, t + 30, None).is_some());
        // not two steps later
        assert!(verify(&secret, &code, t + 90, None).is_none());
        // never twice
        assert!(verify(&secret, &code, t, Some(step)).is_none());
        assert!(verify(&secret, "12345", t, None).is_none());
        assert!(verify(&secret, "abcdef", t, None).is_none());
    }

    #[test]
    fn uri_and_qr() {
        let uri = otpauth_uri("政务接入", "admin", "ABC");
        assert!(uri.starts_with("otpauth://totp/%E6"));
        assert!(qr_svg(&uri).contains("<svg"));
    }
}
