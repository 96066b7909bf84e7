//! The tamper-evident audit trail (R-6.8.a).
//!
//! Every record stores the hash of the record before it and an SM3 hash over
//! its own canonical content, so that editing, deleting or inserting a record
//! breaks the chain at that record. Appends take the chain head row under a
//! lock in the same transaction as the change they record.
//!
//! The hashes alone prove nothing to someone who can write the database: he
//! can edit a record and recompute every hash after it. So each record and
//! the chain head also carry a MAC (HMAC-SM3) under a key kept outside the
//! database (derived from the secret key file), and checkpoints of the head,
//! MAC'd the same way, are exported to a file outside the database (issue
//! #14.2, ADR 0003). Without the key a rewrite is detected at the first
//! record changed; with the exported checkpoints a truncation or a replayed
//! old head is detected too. Someone who holds the key and the database can
//! still rewrite both: that is what anchoring the checkpoints elsewhere (the
//! instance above, a WORM store) is for.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sm3::{Digest, Sm3};
use std::sync::OnceLock;
use uuid::Uuid;

use crate::actor::Actor;
use crate::db::{Db, Tx, Val};
use crate::error::Result;
use crate::security::role::{roles_to_text, Permission};
use crate::time::{canonical, new_id, now};

pub const HASH_ALG: &str = "SM3";
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The key of the audit MACs. One per process: the server and the command
/// line install it from the secret key before the first append; a process
/// that never does (a unit test) uses a random key of its own.
pub struct Key([u8; 32]);

static KEY: OnceLock<Key> = OnceLock::new();

impl Key {
    /// The audit key derived from the instance's secret key, so that one
    /// secret kept outside the database protects both (the credential
    /// cipher and this key never share bytes).
    pub fn derive(secret: &[u8]) -> Key {
        let mut m = <Hmac<Sm3>>::new_from_slice(secret).expect("any key length");
        m.update(b"gsp-access audit mac v1");
        Key(m.finalize().into_bytes().into())
    }

    fn mac(&self, parts: &[&str]) -> String {
        let mut m = <Hmac<Sm3>>::new_from_slice(&self.0).expect("32 bytes");
        for p in parts {
            m.update(p.as_bytes());
            m.update(&[0x1f]);
        }
        hex::encode(m.finalize().into_bytes())
    }
}

/// Installs the audit key for this process. Fails if another key was
/// installed (or used) before.
pub fn install_key(key: Key) -> Result<()> {
    let want = key.0;
    let got = KEY.get_or_init(|| key);
    if got.0 == want {
        Ok(())
    } else {
        Err(crate::error::Error::Internal(
            "a different audit key is already in use".into(),
        ))
    }
}

fn key() -> &'static Key {
    KEY.get_or_init(|| {
        use rand::RngCore;
        let mut k = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut k);
        Key(k)
    })
}

fn record_mac(hash: &str) -> String {
    key().mac(&["record", hash])
}

fn head_mac(seq: i64, hash: &str, keyed_from: i64) -> String {
    key().mac(&["head", &seq.to_string(), hash, &keyed_from.to_string()])
}

/// A checkpoint of the chain head, MAC'd: exported outside the database,
/// it later proves that the chain reached `seq` with `hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub keyed_from: i64,
    pub at: String,
    pub mac: String,
}

impl Checkpoint {
    fn expected_mac(&self) -> String {
        key().mac(&[
            "checkpoint",
            &self.seq.to_string(),
            &self.hash,
            &self.keyed_from.to_string(),
            &self.at,
        ])
    }
}

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
        // every action and object type has the label staff read in the
        // audit log (gsp_protocol::audit); a new one must be added there
        debug_assert!(
            gsp_protocol::audit::action(action).is_some(),
            "audit action {action} is not in gsp_protocol::audit::ACTIONS"
        );
        debug_assert!(
            gsp_protocol::audit::object_type(object_type).is_some(),
            "audit object type {object_type} is not in gsp_protocol::audit::OBJECT_TYPES"
        );
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

    /// Adds `key` to the changes (an object; created when there is none).
    pub fn with(mut self, key: &str, value: serde_json::Value) -> Event {
        if !self.changes.is_object() {
            self.changes = serde_json::json!({});
        }
        self.changes[key] = value;
        self
    }

    /// The browser a sign-in came from (the login log reads it).
    pub fn client(self, user_agent: &str) -> Event {
        if user_agent.is_empty() {
            return self;
        }
        self.with("user_agent", serde_json::Value::from(user_agent))
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
    /// HMAC-SM3 of `hash` under the audit key; empty for records written
    /// before keying began (`keyed_from`).
    pub mac: String,
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
    mac: String,
    keyed_from: i64,
}

const HEAD: &str = "select seq, hash, mac, keyed_from from audit_head where id = 1";

const COLUMNS: &str = "seq, id, at, actor_kind, actor_id, actor_name, roles, action, object_type, object_id, object_label, changes, reason, source_ip, request_id, prev_hash, hash, hash_alg, mac";

/// Appends one record to the chain inside the caller's transaction.
pub async fn append(tx: &mut Tx, actor: &Actor, event: Event) -> Result<AuditRecord> {
    let lock = tx.for_update();
    let head: Head = tx.fetch_one(&format!("{HEAD}{lock}"), &[]).await?;
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
        mac: String::new(),
    };
    rec.hash = rec.compute_hash();
    rec.mac = record_mac(&rec.hash);
    tx.execute(
        &format!("insert into audit_log ({COLUMNS}) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)"),
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
            &rec.hash_alg,
            &rec.mac
        ],
    )
    .await?;
    tx.execute(
        "update audit_head set seq = $1, hash = $2, mac = $3 where id = 1",
        &crate::vals![
            rec.seq,
            &rec.hash,
            head_mac(rec.seq, &rec.hash, head.keyed_from)
        ],
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
    /// The record's MAC does not match: it was rewritten (hashes recomputed)
    /// by someone without the audit key.
    Forged,
    /// The chain head's MAC does not match (the head, or where keying
    /// begins, was rewritten).
    HeadForged,
    /// An exported checkpoint is not matched by the chain: the record it
    /// names was removed or replaced (or the checkpoint itself is not ours).
    Checkpoint,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub checked: i64,
    pub last_seq: i64,
    /// Records before this one predate keying and are checked by their
    /// hashes only.
    pub keyed_from: i64,
    /// Exported checkpoints checked against the chain.
    pub checkpoints: usize,
    /// The first record found broken, and how.
    pub first_problem: Option<(i64, Problem)>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.first_problem.is_none()
    }
}

/// Walks the whole chain in order and names the first broken record:
/// hashes, links and (from `keyed_from`) MACs, then the head and its MAC.
pub async fn verify(db: &Db) -> Result<VerifyReport> {
    verify_with(db, &[]).await
}

/// `verify`, and each exported checkpoint checked against the chain.
pub async fn verify_with(db: &Db, checkpoints: &[Checkpoint]) -> Result<VerifyReport> {
    let head: Head = db.fetch_one(HEAD, &[]).await?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut checked = 0i64;
    let report = |checked, seq, p| VerifyReport {
        checked,
        last_seq: seq,
        keyed_from: head.keyed_from,
        checkpoints: checkpoints.len(),
        first_problem: p,
    };
    // checkpoints in order of seq; each must be ours and met by the chain
    let mut marks: Vec<&Checkpoint> = checkpoints.iter().collect();
    marks.sort_by_key(|c| c.seq);
    for c in &marks {
        if c.mac != c.expected_mac() || c.keyed_from != head.keyed_from {
            return Ok(report(0, c.seq, Some((c.seq, Problem::Checkpoint))));
        }
    }
    let mut marks = marks.into_iter().peekable();
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
            } else if rec.seq >= head.keyed_from && rec.mac != record_mac(&rec.hash) {
                Some(Problem::Forged)
            } else if marks
                .peek()
                .is_some_and(|c| c.seq == rec.seq && c.hash != rec.hash)
            {
                Some(Problem::Checkpoint)
            } else {
                None
            };
            if let Some(p) = problem {
                return Ok(report(checked, rec.seq, Some((rec.seq, p))));
            }
            while marks.peek().is_some_and(|c| c.seq <= rec.seq) {
                marks.next();
            }
            checked += 1;
            expected_prev = rec.hash;
            expected_seq += 1;
        }
    }
    let last = expected_seq - 1;
    if head.seq != last || head.hash != expected_prev {
        return Ok(report(checked, last, Some((last + 1, Problem::Truncated))));
    }
    // a checkpoint beyond the end: records after it were cut off
    if let Some(c) = marks.next() {
        return Ok(report(checked, last, Some((c.seq, Problem::Checkpoint))));
    }
    if head.mac != head_mac(head.seq, &head.hash, head.keyed_from) {
        return Ok(report(checked, last, Some((last, Problem::HeadForged))));
    }
    Ok(report(checked, last, None))
}

/// MACs the chain head where keying has just begun (a new database, or one
/// that migration 0013 has just given MAC columns): no record carries a MAC
/// yet and keying starts after the head. Called by `Db::migrate`, after
/// the process installed its key. Once sealed, an empty head MAC is
/// reported as forged.
pub async fn seal(db: &Db) -> Result<()> {
    #[derive(sqlx::FromRow)]
    struct N {
        n: i64,
    }
    let mut tx = db.begin().await?;
    let head: Head = tx.fetch_one(HEAD, &[]).await?;
    if !head.mac.is_empty() || head.keyed_from != head.seq + 1 {
        return Ok(());
    }
    let keyed: N = tx
        .fetch_one("select count(*) as n from audit_log where mac <> ''", &[])
        .await?;
    if keyed.n == 0 {
        tx.execute(
            "update audit_head set mac = $1 where id = 1",
            &crate::vals![head_mac(head.seq, &head.hash, head.keyed_from)],
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// A checkpoint of the chain head now, to export.
pub async fn checkpoint(db: &Db) -> Result<Checkpoint> {
    let head: Head = db.fetch_one(HEAD, &[]).await?;
    let mut c = Checkpoint {
        seq: head.seq,
        hash: head.hash,
        keyed_from: head.keyed_from,
        at: canonical(&now()),
        mac: String::new(),
    };
    c.mac = c.expected_mac();
    Ok(c)
}

/// Appends a checkpoint of the head to `path` (one JSON object per line,
/// created 0600), unless the last one there already names this head.
/// Returns the checkpoint written, if any.
pub async fn export_checkpoint(db: &Db, path: &std::path::Path) -> Result<Option<Checkpoint>> {
    use std::io::Write;
    let c = checkpoint(db).await?;
    let existing = read_checkpoints(path)?;
    if existing
        .last()
        .is_some_and(|l| l.seq == c.seq && l.hash == c.hash)
        || c.seq == 0
    {
        return Ok(None);
    }
    let io = |e: std::io::Error| crate::error::Error::Internal(format!("{}: {e}", path.display()));
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(io)?;
    let line = serde_json::to_string(&c).expect("serialisable");
    writeln!(f, "{line}").map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(Some(c))
}

/// The checkpoints exported to `path` (none if the file does not exist).
pub fn read_checkpoints(path: &std::path::Path) -> Result<Vec<Checkpoint>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(crate::error::Error::Internal(format!(
                "{}: {e}",
                path.display()
            )))
        }
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                crate::error::Error::Internal(format!("{} line {}: {e}", path.display(), i + 1))
            })
        })
        .collect()
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
    let next = crate::db::next_cursor(&mut rows, limit, |r| r.seq);
    Ok((rows, next))
}

/// What the login log (登录日志) lists: every sign-in and every refusal.
pub const SIGN_IN_ACTIONS: [&str; 5] = [
    "auth.sign_in",
    "auth.sign_in_failed",
    "auth.locked",
    "auth.sign_in_refused_locked",
    "auth.sign_in_refused_disabled",
];

/// The login log, newest first: sign-ins and their failures (only the
/// failures when `failures_only`), optionally of one account. For the
/// security administrator (it watches sign-ins) and the audit
/// administrator (it reads the whole trail).
pub async fn sign_ins(
    db: &Db,
    actor: &Actor,
    account: Option<&str>,
    failures_only: bool,
    cursor: Option<i64>,
    limit: i64,
) -> Result<(Vec<AuditRecord>, Option<i64>)> {
    if !(actor.can(Permission::SessionView) || actor.can(Permission::AuditRead)) {
        return Err(crate::Error::Forbidden);
    }
    let actions: Vec<&str> = SIGN_IN_ACTIONS
        .iter()
        .copied()
        .filter(|a| !(failures_only && *a == "auth.sign_in"))
        .collect();
    let mut args: Vec<Val> = actions.iter().map(|a| Val::Text(a.to_string())).collect();
    let marks: Vec<String> = (1..=args.len()).map(|i| format!("${i}")).collect();
    let mut sql = format!(
        "select {COLUMNS} from audit_log where action in ({})",
        marks.join(", ")
    );
    if let Some(b) = cursor {
        args.push(Val::Int(b));
        sql.push_str(&format!(" and seq < ${}", args.len()));
    }
    if let Some(a) = account.map(str::trim).filter(|s| !s.is_empty()) {
        args.push(Val::Text(a.to_lowercase()));
        sql.push_str(&format!(" and object_label = ${}", args.len()));
    }
    let limit = limit.clamp(1, 1_000);
    sql.push_str(&format!(" order by seq desc limit {}", limit + 1));
    let mut rows: Vec<AuditRecord> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| r.seq);
    Ok((rows, next))
}

/// The distinct actions recorded (tests, the command line; the console lists
/// gsp_protocol::audit::ACTIONS instead of scanning the log).
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
