//! Reading an X.509 certificate (DER or PEM) far enough to show what a
//! reviewer checks: subject, issuer, serial number, validity and the
//! algorithms (SM2 with SM3 expected for seal systems, GM/T 0015). A small
//! DER walker: no signature verification here (that is the CA's chain).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    /// upper-case hex
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// e.g. `SM2-with-SM3`, or the dotted OID when unknown
    pub signature_algorithm: String,
    /// e.g. `SM2`, `EC P-256`, `RSA`
    pub key_algorithm: String,
}

impl CertInfo {
    pub fn is_sm2(&self) -> bool {
        self.signature_algorithm == "SM2-with-SM3" && self.key_algorithm == "SM2"
    }
}

/// One DER element: tag, contents, and what follows it.
fn element(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = b.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &x| (a << 8) | x as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// The elements of a constructed value.
fn children(mut b: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let (t, c, rest) = element(b)?;
        out.push((t, c));
        b = rest;
    }
    Some(out)
}

fn oid(b: &[u8]) -> String {
    let mut parts: Vec<u64> = Vec::new();
    if let Some((&first, rest)) = b.split_first() {
        parts.push((first / 40) as u64);
        parts.push((first % 40) as u64);
        let mut v = 0u64;
        for &x in rest {
            v = (v << 7) | (x & 0x7f) as u64;
            if x & 0x80 == 0 {
                parts.push(v);
                v = 0;
            }
        }
    }
    parts
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

fn algorithm_name(oid: &str) -> String {
    match oid {
        "1.2.156.10197.1.501" => "SM2-with-SM3",
        "1.2.840.10045.4.3.2" => "ECDSA-with-SHA256",
        "1.2.840.10045.4.3.3" => "ECDSA-with-SHA384",
        "1.2.840.113549.1.1.11" => "RSA-with-SHA256",
        "1.2.840.113549.1.1.5" => "RSA-with-SHA1",
        other => other,
    }
    .to_string()
}

fn name(b: &[u8]) -> Option<String> {
    let mut parts = Vec::new();
    for (_, set) in children(b)? {
        for (_, atv) in children(set)? {
            let kids = children(atv)?;
            let (_, o) = kids.first()?;
            let (_, v) = kids.get(1)?;
            let key = match oid(o).as_str() {
                "2.5.4.3" => "CN".to_string(),
                "2.5.4.6" => "C".to_string(),
                "2.5.4.7" => "L".to_string(),
                "2.5.4.8" => "ST".to_string(),
                "2.5.4.10" => "O".to_string(),
                "2.5.4.11" => "OU".to_string(),
                "2.5.4.5" => "serialNumber".to_string(),
                other => other.to_string(),
            };
            parts.push(format!("{key}={}", String::from_utf8_lossy(v)));
        }
    }
    Some(parts.join(", "))
}

fn time(tag: u8, b: &[u8]) -> Option<DateTime<Utc>> {
    let s = std::str::from_utf8(b).ok()?;
    let s = s.strip_suffix('Z')?;
    let full = match tag {
        // UTCTime: YYMMDDHHMMSS, years 1950–2049
        0x17 => {
            let yy: i32 = s.get(..2)?.parse().ok()?;
            format!("{}{s}", if yy >= 50 { "19" } else { "20" })
        }
        0x18 => s.to_string(),
        _ => return None,
    };
    NaiveDateTime::parse_from_str(&full, "%Y%m%d%H%M%S")
        .ok()
        .map(|t| t.and_utc())
}

/// PEM (`-----BEGIN CERTIFICATE-----`) or DER bytes to DER.
fn der_of(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.first() == Some(&0x30) {
        return Some(bytes.to_vec());
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("-----BEGIN CERTIFICATE-----")? + "-----BEGIN CERTIFICATE-----".len();
    let end = text[start..].find("-----END CERTIFICATE-----")? + start;
    let b64: String = text[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64_decode(&b64)
}

pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    Some(out)
}

/// Reads a certificate, or `None` when the bytes are not one.
pub fn parse(bytes: &[u8]) -> Option<CertInfo> {
    let der = der_of(bytes)?;
    let (t, cert, _) = element(&der)?;
    if t != 0x30 {
        return None;
    }
    let parts = children(cert)?;
    let (_, tbs) = parts.first()?;
    let mut f = children(tbs)?.into_iter();
    let mut next = f.next()?;
    if next.0 == 0xa0 {
        next = f.next()?; // the version
    }
    let serial = next
        .1
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<String>();
    let serial = serial.trim_start_matches("00").to_string();
    let (_, sig) = f.next()?;
    let (_, sig_oid) = *children(sig)?.first()?;
    let (_, issuer) = f.next()?;
    let (_, validity) = f.next()?;
    let v = children(validity)?;
    let (_, subject) = f.next()?;
    let (_, spki) = f.next()?;
    let key = children(spki)?;
    let alg = children(key.first()?.1)?;
    let key_oid = oid(alg.first()?.1);
    let param = alg.get(1).map(|(_, p)| oid(p)).unwrap_or_default();
    let key_algorithm = match (key_oid.as_str(), param.as_str()) {
        ("1.2.840.10045.2.1", "1.2.156.10197.1.301") => "SM2".to_string(),
        ("1.2.840.10045.2.1", "1.2.840.10045.3.1.7") => "EC P-256".to_string(),
        ("1.2.840.10045.2.1", _) => "EC".to_string(),
        ("1.2.840.113549.1.1.1", _) => "RSA".to_string(),
        (other, _) => other.to_string(),
    };
    Some(CertInfo {
        subject: name(subject)?,
        issuer: name(issuer)?,
        serial,
        not_before: time(v.first()?.0, v.first()?.1)?,
        not_after: time(v.get(1)?.0, v.get(1)?.1)?,
        signature_algorithm: algorithm_name(&oid(sig_oid)),
        key_algorithm,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_sm2_certificate_in_pem_and_der() {
        let c = parse(crate::demo::SEAL_CERTS[0].as_bytes()).expect("a certificate");
        assert!(c.is_sm2(), "{c:?}");
        assert!(c.subject.contains("CN=城市印章制作系统"), "{}", c.subject);
        assert!(c.not_after > c.not_before);
        assert!(!c.serial.is_empty() && c.serial.chars().all(|x| x.is_ascii_hexdigit()));
        let der = der_of(crate::demo::SEAL_CERTS[0].as_bytes()).unwrap();
        assert_eq!(parse(&der), Some(c));
        assert_eq!(parse(b"not a certificate"), None);
        assert_eq!(parse(b"%PDF-1.4"), None);
    }
}
