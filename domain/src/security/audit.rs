//! The tamper-evident audit trail (R-6.8.a).
//!
//! Every record stores the hash of the record before it and an SM3 hash over
//! its own canonical content, so that editing, deleting or inserting a record
//! breaks the chain at that record. Appends take the chain head row under a
//! lock in the same transaction as the change they record.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sm3::{Digest, Sm3};
use uuid::Uuid;

use crate::actor::Actor;
use crate::db::{Db, Tx, Val};
use crate::error::Result;
use crate::security::role::roles_to_text;
use crate::time::{canonical, new_id, now};

pub const HASH_ALG: &str = "SM3";
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, to what, and why.
#[derive(Debug, Clone)]
pub struct Event {
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub object_label: String,
    pub changes: serde_json::Value,
    pub reason: String,
}

impl Event {
    pub fn new(
        action: &str,
        object_type: &str,
        object_id: impl ToString,
        object_label: impl ToString,
    ) -> Event {
        Event {
            action: action.into(),
            object_type: object_type.into(),
            object_id: object_id.to_string(),
            object_label: object_label.to_string(),
            changes: serde_json::Value::Null,
            reason: String::new(),
        }
    }

    pub fn changes(mut self, changes: serde_json::Value) -> Event {
        self.changes = changes;
        self
    }

    pub fn reason(mut self, reason: &str) -> Event {
        self.reason = reason.trim().to_string();
        self
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: String,
    pub actor_name: String,
    pub roles: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub object_label: String,
    pub changes: String,
    pub reason: String,
    pub source_ip: String,
    pub request_id: String,
    pub prev_hash: String,
    pub hash: String,
    pub hash_alg: String,
}

#[derive(Serialize)]
struct Canonical<'a> {
    seq: i64,
    id: String,
    at: String,
    actor_kind: &'a str,
    actor_id: &'a str,
    actor_name: &'a str,
    roles: &'a str,
    action: &'a str,
    object_type: &'a str,
    object_id: &'a str,
    object_label: &'a str,
    changes: &'a str,
    reason: &'a str,
    source_ip: &'a str,
    request_id: &'a str,
    prev_hash: &'a str,
    hash_alg: &'a str,
}

impl AuditRecord {
    /// SM3 over the canonical JSON of every field but the hash itself.
    pub fn compute_hash(&self) -> String {
        let c = Canonical {
            seq: self.seq,
            id: self.id.to_string(),
            at: canonical(&self.at),
            actor_kind: &self.actor_kind,
            actor_id: &self.actor_id,
            actor_name: &self.actor_name,
            roles: &self.roles,
            action: &self.action,
            object_type: &self.object_type,
            object_id: &self.object_id,
            object_label: &self.object_label,
            changes: &self.changes,
            reason: &self.reason,
            source_ip: &self.source_ip,
            request_id: &self.request_id,
            prev_hash: &self.prev_hash,
            hash_alg: &self.hash_alg,
        };
        let json = serde_json::to_string(&c).expect("serialisable");
        hex::encode(Sm3::digest(json.as_bytes()))
    }
}

#[derive(sqlx::FromRow)]
struct Head {
    seq: i64,
    hash: String,
}

const COLUMNS: &str = "seq, id, at, actor_kind, actor_id, actor_name, roles, action, object_type, object_id, object_label, changes, reason, source_ip, request_id, prev_hash, hash, hash_alg";

/// Appends one record to the chain inside the caller's transaction.
pub async fn append(tx: &mut Tx, actor: &Actor, event: Event) -> Result<AuditRecord> {
    let lock = match tx.engine() {
        crate::db::Engine::Postgres => " for update",
        crate::db::Engine::Sqlite => "",
    };
    let head: Head = tx
        .fetch_one(
            &format!("select seq, hash from audit_head where id = 1{lock}"),
            &[],
        )
        .await?;
    let mut rec = AuditRecord {
        seq: head.seq + 1,
        id: new_id(),
        at: now(),
        actor_kind: actor.kind.code().into(),
        actor_id: actor.id.clone(),
        actor_name: actor.name.clone(),
        roles: roles_to_text(&actor.roles),
        action: event.action,
        object_type: event.object_type,
        object_id: event.object_id,
        object_label: event.object_label,
        changes: if event.changes.is_null() {
            String::new()
        } else {
            event.changes.to_string()
        },
        reason: event.reason,
        source_ip: actor.ip.clone(),
        request_id: actor.request_id.clone(),
        prev_hash: head.hash,
        hash: String::new(),
        hash_alg: HASH_ALG.into(),
    };
    rec.hash = rec.compute_hash();
    tx.execute(
        &format!("insert into audit_log ({COLUMNS}) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)"),
        &crate::vals![
            rec.seq,
            rec.id,
            rec.at,
            &rec.actor_kind,
            &rec.actor_id,
            &rec.actor_name,
            &rec.roles,
            &rec.action,
            &rec.object_type,
            &rec.object_id,
            &rec.object_label,
            &rec.changes,
            &rec.reason,
            &rec.source_ip,
            &rec.request_id,
            &rec.prev_hash,
            &rec.hash,
            &rec.hash_alg
        ],
    )
    .await?;
    tx.execute(
        "update audit_head set seq = $1, hash = $2 where id = 1",
        &crate::vals![rec.seq, &rec.hash],
    )
    .await?;
    Ok(rec)
}

/// Writes one record in a transaction of its own (events with no other change,
/// such as a failed sign-in).
pub async fn record(db: &Db, actor: &Actor, event: Event) -> Result<AuditRecord> {
    let mut tx = db.begin().await?;
    let rec = append(&mut tx, actor, event).await?;
    tx.commit().await?;
    Ok(rec)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Problem {
    /// The record's content no longer matches its hash.
    Edited,
    /// A record before this one is missing (a gap in the sequence).
    Missing,
    /// The record does not link to the one before it (inserted out of order,
    /// or the one before it was replaced).
    Unlinked,
    /// Records at the end of the chain were removed.
    Truncated,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub checked: i64,
    pub last_seq: i64,
    /// The first record found broken, and how.
    pub first_problem: Option<(i64, Problem)>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.first_problem.is_none()
    }
}

/// Walks the whole chain in order and names the first broken record.
pub async fn verify(db: &Db) -> Result<VerifyReport> {
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut checked = 0i64;
    loop {
        let page: Vec<AuditRecord> = db
            .fetch_all(
                &format!("select {COLUMNS} from audit_log where seq >= $1 order by seq limit 2000"),
                &crate::vals![expected_seq],
            )
            .await?;
        if page.is_empty() {
            break;
        }
        for rec in page {
            let problem = if rec.seq != expected_seq {
                Some(Problem::Missing)
            } else if rec.compute_hash() != rec.hash {
                Some(Problem::Edited)
            } else if rec.prev_hash != expected_prev {
                Some(Problem::Unlinked)
            } else {
                None
            };
            if let Some(p) = problem {
                return Ok(VerifyReport {
                    checked,
                    last_seq: rec.seq,
                    first_problem: Some((rec.seq, p)),
                });
            }
            checked += 1;
            expected_prev = rec.hash;
            expected_seq += 1;
        }
    }
    let head: Head = db
        .fetch_one("select seq, hash from audit_head where id = 1", &[])
        .await?;
    let last = expected_seq - 1;
    if head.seq != last || head.hash != expected_prev {
        return Ok(VerifyReport {
            checked,
            last_seq: last,
            first_problem: Some((last + 1, Problem::Truncated)),
        });
    }
    Ok(VerifyReport {
        checked,
        last_seq: last,
        first_problem: None,
    })
}

/// Filters offered on the audit page.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
}

/// A page of records, newest first (or oldest first when `ascending`), after
/// the cursor (a sequence number). Returns the records and the cursor of the
/// next page, if any.
pub async fn list(
    db: &Db,
    f: &Filter,
    cursor: Option<i64>,
    ascending: bool,
    limit: i64,
) -> Result<(Vec<AuditRecord>, Option<i64>)> {
    let mut sql = format!("select {COLUMNS} from audit_log where 1 = 1");
    let mut args: Vec<Val> = Vec::new();
    let mut push = |cond: &str, v: Val, sql: &mut String| {
        args.push(v);
        sql.push_str(&format!(" and {cond} ${}", args.len()));
    };
    if let Some(b) = cursor {
        push(
            if ascending { "seq >" } else { "seq <" },
            Val::Int(b),
            &mut sql,
        );
    }
    if let Some(t) = f.from {
        push("at >=", Val::Time(t), &mut sql);
    }
    if let Some(t) = f.to {
        push("at <", Val::Time(t), &mut sql);
    }
    if let Some(a) = f.actor.as_ref().filter(|s| !s.is_empty()) {
        push("actor_name =", Val::Text(a.clone()), &mut sql);
    }
    if let Some(a) = f.action.as_ref().filter(|s| !s.is_empty()) {
        push("action =", Val::Text(a.clone()), &mut sql);
    }
    if let Some(a) = f.object_type.as_ref().filter(|s| !s.is_empty()) {
        push("object_type =", Val::Text(a.clone()), &mut sql);
    }
    if let Some(a) = f.object_id.as_ref().filter(|s| !s.is_empty()) {
        push("object_id =", Val::Text(a.clone()), &mut sql);
    }
    let limit = limit.clamp(1, 10_000);
    sql.push_str(&format!(
        " order by seq {} limit {}",
        if ascending { "asc" } else { "desc" },
        limit + 1
    ));
    let mut rows: Vec<AuditRecord> = db.fetch_all(&sql, &args).await?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.seq)
    } else {
        None
    };
    Ok((rows, next))
}

/// The distinct actions seen, for the filter's drop-down.
pub async fn actions(db: &Db) -> Result<Vec<String>> {
    #[derive(sqlx::FromRow)]
    struct A {
        action: String,
    }
    let rows: Vec<A> = db
        .fetch_all("select distinct action from audit_log order by action", &[])
        .await?;
    Ok(rows.into_iter().map(|a| a.action).collect())
}
