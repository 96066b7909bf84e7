//! API credentials of approved access parties: an access key id and a
//! secret shown once. The secret is kept only because HMAC verification
//! needs it, encrypted at rest (AES-256-GCM, key from configuration, the
//! key id bound as associated data). See docs/adr/0005-credentials.md.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde::Serialize;
use uuid::Uuid;

use crate::access::application::State;
use crate::actor::Actor;
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

/// Default lifetime of a credential.
pub const DEFAULT_DAYS: i64 = 365;
/// How long a rotated-out credential keeps working beside its successor.
pub const DEFAULT_GRACE_HOURS: i64 = 7 * 24;

/// Encrypts and decrypts secrets with the instance's key.
#[derive(Clone)]
pub struct Cipher(Aes256Gcm);

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(..)")
    }
}

impl Cipher {
    /// From 64 hexadecimal characters (32 bytes).
    pub fn from_hex(hex_key: &str) -> Result<Cipher> {
        let bytes = hex::decode(hex_key.trim())
            .ok()
            .filter(|b| b.len() == 32)
            .ok_or_else(|| {
                Error::Internal("the secret key must be 64 hexadecimal characters".into())
            })?;
        Ok(Cipher(
            Aes256Gcm::new_from_slice(&bytes).expect("32-byte key"),
        ))
    }

    /// Reads the key file, creating it (mode 0600) with a random key when missing.
    pub fn load_or_create(path: &std::path::Path) -> Result<Cipher> {
        match std::fs::read_to_string(path) {
            Ok(s) => Cipher::from_hex(&s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::thread_rng().fill_bytes(&mut key);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| Error::Internal(format!("cannot create {dir:?}: {e}")))?;
                }
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
                let mut f = opts
                    .open(path)
                    .map_err(|e| Error::Internal(format!("cannot create {path:?}: {e}")))?;
                std::io::Write::write_all(&mut f, hex::encode(key).as_bytes())
                    .map_err(|e| Error::Internal(format!("cannot write {path:?}: {e}")))?;
                Cipher::from_hex(&hex::encode(key))
            }
            Err(e) => Err(Error::Internal(format!("cannot read {path:?}: {e}"))),
        }
    }

    pub fn seal(&self, key_id: &str, plain: &[u8]) -> String {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let ct = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: key_id.as_bytes(),
                },
            )
            .expect("encryption does not fail");
        let mut out = nonce.to_vec();
        out.extend(ct);
        format!("v1:{}", data_encoding::BASE64.encode(&out))
    }

    pub fn open(&self, key_id: &str, sealed: &str) -> Result<Vec<u8>> {
        let bad =
            || Error::Internal("a credential secret cannot be decrypted with this key".into());
        let raw = sealed
            .strip_prefix("v1:")
            .and_then(|b| data_encoding::BASE64.decode(b.as_bytes()).ok())
            .filter(|r| r.len() > 12)
            .ok_or_else(bad)?;
        self.0
            .decrypt(
                Nonce::from_slice(&raw[..12]),
                Payload {
                    msg: &raw[12..],
                    aad: key_id.as_bytes(),
                },
            )
            .map_err(|_| bad())
    }
}

/// What the issuer sees once.
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    pub key_id: String,
    pub secret: String,
    pub scopes: Vec<String>,
    pub ip_allowlist: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CredentialRow {
    pub id: Uuid,
    pub key_id: String,
    pub party_id: Uuid,
    pub scopes: String,
    pub ip_allowlist: String,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub rotated_from: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// A provider's credential for one service: refused while it is suspended.
    pub service_id: Option<Uuid>,
}

impl CredentialRow {
    /// active, expired or revoked, at `at`.
    pub fn status(&self, at: DateTime<Utc>) -> &'static str {
        if self.revoked_at.is_some() {
            "revoked"
        } else if self.expires_at <= at {
            "expired"
        } else {
            "active"
        }
    }
    pub fn scopes(&self) -> Vec<String> {
        serde_json::from_str(&self.scopes).unwrap_or_default()
    }
    pub fn ip_allowlist(&self) -> Vec<String> {
        serde_json::from_str(&self.ip_allowlist).unwrap_or_default()
    }
}

const COLUMNS: &str = "id, key_id, party_id, scopes, ip_allowlist, revoked_at, revoked_reason, expires_at, rotated_from, created_at, last_used_at, service_id";

fn random_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn new_key_id() -> String {
    format!("AK{}", random_hex(10).to_uppercase())
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &mut Tx,
    actor: &Actor,
    cipher: &Cipher,
    party: Uuid,
    scopes: &[String],
    ips: &[String],
    expires_at: DateTime<Utc>,
    rotated_from: Option<Uuid>,
    service: Option<Uuid>,
) -> Result<(Uuid, Issued)> {
    let key_id = new_key_id();
    let secret = random_hex(32);
    let id = new_id();
    tx.execute(
        &format!("insert into credentials ({COLUMNS}, secret_enc, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"),
        &vals![
            id,
            &key_id,
            party,
            serde_json::to_string(scopes).expect("serialisable"),
            serde_json::to_string(ips).expect("serialisable"),
            Option::<DateTime<Utc>>::None,
            Option::<String>::None,
            expires_at,
            rotated_from,
            now(),
            Option::<DateTime<Utc>>::None,
            service,
            cipher.seal(&key_id, secret.as_bytes()),
            actor.id.parse::<Uuid>().ok()
        ],
    )
    .await?;
    Ok((
        id,
        Issued {
            key_id,
            secret,
            scopes: scopes.to_vec(),
            ip_allowlist: ips.to_vec(),
            expires_at,
        },
    ))
}

#[derive(sqlx::FromRow)]
struct PartyInfo {
    name: String,
    status: String,
}

/// Issues a credential to a party with an approved application: scopes are
/// the approved contents, the allowlist the plans' addresses. Audited
/// (never the secret). One transaction.
pub async fn issue(
    db: &Db,
    actor: &Actor,
    cipher: &Cipher,
    party: Uuid,
    days: i64,
) -> Result<Issued> {
    issue_bound(db, actor, cipher, party, None, days).await
}

/// Issues a provider's credential for one of its services: refused with
/// 4001 while that service is suspended (R-6.9.4.3).
pub async fn issue_for_service(
    db: &Db,
    actor: &Actor,
    cipher: &Cipher,
    service: Uuid,
    days: i64,
) -> Result<Issued> {
    #[derive(sqlx::FromRow)]
    struct S {
        party_id: Uuid,
    }
    let s: S = db
        .fetch_optional(
            "select party_id from provider_services where id = $1",
            &vals![service],
        )
        .await?
        .ok_or(Error::NotFound("service"))?;
    issue_bound(db, actor, cipher, s.party_id, Some(service), days).await
}

async fn issue_bound(
    db: &Db,
    actor: &Actor,
    cipher: &Cipher,
    party: Uuid,
    service: Option<Uuid>,
    days: i64,
) -> Result<Issued> {
    actor.require(Permission::CredentialManage)?;
    if !(1..=3 * 366).contains(&days) {
        return Err(Error::field("days", "credential.days_invalid"));
    }
    let mut tx = db.begin().await?;
    let p: PartyInfo = tx
        .fetch_optional(
            "select name, status from access_parties where id = $1",
            &vals![party],
        )
        .await?
        .ok_or(Error::NotFound("access party"))?;
    if p.status == "suspended" || p.status == "retired" {
        return Err(Error::field("party", "credential.party_inactive"));
    }
    #[derive(sqlx::FromRow)]
    struct A {
        state: String,
        scope: String,
        plan: String,
    }
    let apps: Vec<A> = tx
        .fetch_all(
            "select state, scope, plan from applications where party_id = $1",
            &vals![party],
        )
        .await?;
    let mut scopes: Vec<String> = Vec::new();
    let mut ips: Vec<String> = Vec::new();
    for a in apps
        .iter()
        .filter(|a| State::from_code(&a.state).is_some_and(|s| s.grants_access()))
    {
        for s in serde_json::from_str::<Vec<String>>(&a.scope).unwrap_or_default() {
            if !scopes.contains(&s) {
                scopes.push(s);
            }
        }
        let plan: crate::access::application::Plan =
            serde_json::from_str(&a.plan).unwrap_or_default();
        for ip in plan.network.addresses {
            if !ips.contains(&ip) {
                ips.push(ip);
            }
        }
    }
    if scopes.is_empty() {
        return Err(Error::field("party", "credential.not_approved"));
    }
    scopes.sort_by_key(|s| {
        crate::access::application::CONTENTS
            .iter()
            .position(|c| c == s)
    });
    let expires_at = now() + Duration::days(days);
    let (id, issued) = insert(
        &mut tx, actor, cipher, party, &scopes, &ips, expires_at, None, service,
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("credential.issue", "credential", id, &issued.key_id).changes(serde_json::json!({
            "party": p.name, "party_id": party, "scopes": scopes, "ip_allowlist": ips, "expires_at": expires_at,
            "service_id": service,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(issued)
}

/// Issues a credential from the command line, finding the party by its
/// organisation's unified social credit code.
pub async fn issue_by_uscc(
    db: &Db,
    actor: &Actor,
    cipher: &Cipher,
    uscc: &str,
    days: i64,
) -> Result<Issued> {
    #[derive(sqlx::FromRow)]
    struct P {
        id: Uuid,
    }
    let parties: Vec<P> = db
        .fetch_all(
            "select distinct p.id from access_parties p join organisations o on o.id = p.organisation_id \
             join applications a on a.party_id = p.id \
             where o.uscc = $1 and a.state in ('approved', 'env-ready', 'joint-debugging', 'connected')",
            &vals![uscc.trim().to_uppercase()],
        )
        .await?;
    match parties.as_slice() {
        [] => Err(Error::field("party", "credential.not_approved")),
        [p] => issue(db, actor, cipher, p.id, days).await,
        _ => Err(Error::Conflict(
            "this organisation has several approved access parties; issue from the console".into(),
        )),
    }
}

async fn load(tx: &mut Tx, id: Uuid) -> Result<CredentialRow> {
    tx.fetch_optional(
        &format!("select {COLUMNS} from credentials where id = $1"),
        &vals![id],
    )
    .await?
    .ok_or(Error::NotFound("credential"))
}

/// A new credential for the same party and scopes; the old one keeps
/// working for `grace_hours`, then expires.
pub async fn rotate(
    db: &Db,
    actor: &Actor,
    cipher: &Cipher,
    id: Uuid,
    grace_hours: i64,
) -> Result<Issued> {
    actor.require(Permission::CredentialManage)?;
    if !(0..=30 * 24).contains(&grace_hours) {
        return Err(Error::field("grace_hours", "credential.grace_invalid"));
    }
    let mut tx = db.begin().await?;
    let old = load(&mut tx, id).await?;
    let t = now();
    if old.status(t) != "active" {
        return Err(Error::InvalidTransition(format!(
            "{} → rotate",
            old.status(t)
        )));
    }
    let lifetime = old.expires_at - old.created_at;
    let (new_id, issued) = insert(
        &mut tx,
        actor,
        cipher,
        old.party_id,
        &old.scopes(),
        &old.ip_allowlist(),
        t + lifetime.max(Duration::days(1)),
        Some(old.id),
        old.service_id,
    )
    .await?;
    let old_until = old.expires_at.min(t + Duration::hours(grace_hours));
    tx.execute(
        "update credentials set expires_at = $1 where id = $2",
        &vals![old_until, old.id],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("credential.rotate", "credential", new_id, &issued.key_id).changes(serde_json::json!({
            "replaces": old.key_id, "old_expires_at": old_until, "expires_at": issued.expires_at,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(issued)
}

pub async fn revoke(db: &Db, actor: &Actor, id: Uuid, reason: &str) -> Result<()> {
    actor.require(Permission::CredentialManage)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    let mut tx = db.begin().await?;
    let c = load(&mut tx, id).await?;
    if c.revoked_at.is_some() {
        return Err(Error::InvalidTransition("revoked → revoke".into()));
    }
    tx.execute(
        "update credentials set revoked_at = $1, revoked_reason = $2 where id = $3",
        &vals![now(), reason, id],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("credential.revoke", "credential", id, &c.key_id).reason(reason),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A party's credentials, newest first (never their secrets).
pub async fn list(db: &Db, actor: &Actor, party: Uuid) -> Result<Vec<CredentialRow>> {
    actor.require(Permission::CredentialView)?;
    db.fetch_all(
        &format!("select {COLUMNS} from credentials where party_id = $1 order by created_at desc"),
        &vals![party],
    )
    .await
}

/// The decrypted secret of a key (for signature verification).
pub async fn secret(db: &Db, cipher: &Cipher, key_id: &str) -> Result<(CredentialRow, Vec<u8>)> {
    #[derive(sqlx::FromRow)]
    struct S {
        #[sqlx(flatten)]
        row: CredentialRow,
        secret_enc: String,
    }
    let s: S = db
        .fetch_optional(
            &format!("select {COLUMNS}, secret_enc from credentials where key_id = $1"),
            &vals![key_id],
        )
        .await?
        .ok_or(Error::NotFound("credential"))?;
    let plain = cipher.open(key_id, &s.secret_enc)?;
    Ok((s.row, plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_sealed_and_bound_to_their_key_id() {
        let c = Cipher::from_hex(&"11".repeat(32)).unwrap();
        let sealed = c.seal("AK1", b"topsecret");
        assert!(sealed.starts_with("v1:") && !sealed.contains("topsecret"));
        assert_eq!(c.open("AK1", &sealed).unwrap(), b"topsecret");
        // another key id (a copied row) or another instance key cannot open it
        assert!(c.open("AK2", &sealed).is_err());
        assert!(Cipher::from_hex(&"22".repeat(32))
            .unwrap()
            .open("AK1", &sealed)
            .is_err());
        assert!(Cipher::from_hex("abcd").is_err());
        // two seals of the same secret differ (random nonce)
        assert_ne!(c.seal("AK1", b"x"), c.seal("AK1", b"x"));
    }

    #[test]
    fn key_file_is_created_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("keys/secret.key");
        let a = Cipher::load_or_create(&p).unwrap();
        let sealed = a.seal("AK", b"s");
        let b = Cipher::load_or_create(&p).unwrap();
        assert_eq!(b.open("AK", &sealed).unwrap(), b"s");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}
