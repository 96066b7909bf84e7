//! Organisations (access parties and providers own accounts) and the GB 32100
//! unified social credit code check.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::actor::Actor;
use crate::db::Db;
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::time::{new_id, now};
use crate::vals;

const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character for the first 17 characters of a USCC, if they are valid.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += USCC_ALPHABET.find(c)? as u32 * w;
    }
    let check = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(check as usize)
}

/// True when an 18-character USCC has a valid alphabet and check character.
pub fn uscc_valid(code: &str) -> bool {
    code.chars().count() == 18
        && code.is_ascii()
        && uscc_check_char(&code[..17]).is_some_and(|c| code.ends_with(c))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    pub uscc: String,
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const KINDS: [&str; 2] = ["access-party", "provider"];

pub async fn list(db: &Db) -> Result<Vec<Organisation>> {
    db.fetch_all(
        "select id, name, uscc, kind, created_at, updated_at from organisations order by name",
        &[],
    )
    .await
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<Organisation>> {
    db.fetch_optional(
        "select id, name, uscc, kind, created_at, updated_at from organisations where id = $1",
        &vals![id],
    )
    .await
}

/// Registers an organisation (system use: the registry of access parties in
/// a later area builds on this).
pub async fn create(db: &Db, actor: &Actor, name: &str, uscc: &str, kind: &str) -> Result<Uuid> {
    let mut errors = Vec::new();
    let name = name.trim();
    let uscc = uscc.trim().to_uppercase();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new("name", "org.name_invalid"));
    }
    if !uscc_valid(&uscc) {
        errors.push(FieldError::new("uscc", "org.uscc_invalid"));
    }
    if !KINDS.contains(&kind) {
        errors.push(FieldError::new("kind", "org.kind_invalid"));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let id = new_id();
    let t = now();
    let mut tx = db.begin().await?;
    tx.execute(
        "insert into organisations (id, name, uscc, kind, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)",
        &vals![id, name, &uscc, kind, t],
    )
    .await
    .map_err(|e| if e.is_unique_violation() { Error::field("uscc", "org.uscc_taken") } else { e })?;
    audit::append(
        &mut tx,
        actor,
        Event::new("organisation.create", "organisation", id, name)
            .changes(serde_json::json!({"name": name, "uscc": uscc, "kind": kind})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uscc_check() {
        // a well-known published code
        assert!(uscc_valid("91350100M000100Y43"));
        assert!(!uscc_valid("91350100M000100Y44"));
        assert!(!uscc_valid("91350100M000100Y4"));
        assert!(!uscc_valid("91350100I000100Y43"));
        let c = uscc_check_char("11100000000013338").unwrap();
        assert!(uscc_valid(&format!("11100000000013338{c}")));
    }
}
