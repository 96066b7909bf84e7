//! Case data (办件数据, R-6.2.d): batches from access parties, idempotent by
//! (party, case number); a case's status only moves forward, each change
//! keeping the earlier record as history. Applicants' personal data is
//! stored masked, the identity number also encrypted.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::credential::Cipher;
use crate::access::organisation::uscc_valid;
use crate::actor::Actor;
use crate::batch;
use crate::db::{push_cond as push, Db, Val};
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

/// Largest batch accepted.
pub const MAX_BATCH: usize = 1000;

/// 申报 → 受理 (or 不予受理) → 办理中 → 办结; the rank only grows.
pub const STATUSES: [(&str, i64); 5] = [
    ("submitted", 1),
    ("accepted", 2),
    ("in-progress", 3),
    ("completed", 4),
    // 不予受理 ends the case
    ("not-accepted", 4),
];

pub fn rank(status: &str) -> Option<i64> {
    STATUSES.iter().find(|(s, _)| *s == status).map(|(_, r)| *r)
}

pub const APPLICANT_TYPES: [&str; 3] = ["person", "legal-person", "other"];
pub const CASE_TYPES: [&str; 2] = ["immediate", "promised"];
pub const UNITS: [&str; 4] = ["working-days", "days", "months", "years"];
pub const RESULTS: [&str; 4] = ["approved", "denied", "returned", "withdrawn"];

/// One case record as a party sends it (JSON or XML field names).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["case_no", "item_code", "item_name", "applicant_type", "applicant_name", "department", "implementer_uscc", "division_code", "status", "submitted_at"]))]
pub struct CaseRecord {
    /// 申报号, unique per party, [A-Za-z0-9_-]{1,64}
    pub case_no: String,
    /// 实施编码
    pub item_code: String,
    /// 基本编码 (12)
    pub basic_code: Option<String>,
    pub item_name: String,
    #[schemars(extend("enum" = APPLICANT_TYPES))]
    pub applicant_type: String,
    pub applicant_name: String,
    /// `111` resident identity number, `001` unified social credit code, other codes as sent
    pub applicant_id_type: Option<String>,
    pub applicant_id_no: Option<String>,
    pub applicant_phone: Option<String>,
    pub department: String,
    pub implementer_uscc: String,
    /// GB/T 2260, 6 digits
    pub division_code: String,
    pub handling_form: Option<String>,
    pub channel: Option<String>,
    #[schemars(extend("enum" = crate::schema::or_null(&CASE_TYPES)))]
    pub case_type: Option<String>,
    /// only moves forward: submitted → accepted (or not-accepted) → in-progress → completed
    #[schemars(extend("enum" = crate::schema::firsts(&STATUSES)))]
    pub status: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub promised_limit: Option<i64>,
    #[schemars(extend("enum" = crate::schema::or_null(&UNITS)))]
    pub promised_unit: Option<String>,
    pub promised_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    #[schemars(extend("enum" = crate::schema::or_null(&RESULTS)))]
    pub result: Option<String>,
    pub result_doc_no: Option<String>,
}

/// GB 11643 resident identity number: 18 characters, a real birth date, the
/// check character.
pub fn resident_id_valid(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let date = &id[6..14];
    if chrono::NaiveDate::parse_from_str(date, "%Y%m%d").is_err() {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(c, w)| (c - b'0') as u32 * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    b[17].to_ascii_uppercase() == check
}

/// `110101********1234`: the first 6 and last 4 kept.
pub fn mask_id(id: &str) -> String {
    let c: Vec<char> = id.chars().collect();
    if c.len() <= 10 {
        return "*".repeat(c.len());
    }
    format!(
        "{}{}{}",
        c[..6].iter().collect::<String>(),
        "*".repeat(c.len() - 10),
        c[c.len() - 4..].iter().collect::<String>()
    )
}

/// `138****0000`.
pub fn mask_phone(p: &str) -> String {
    let c: Vec<char> = p.chars().collect();
    if c.len() < 7 {
        return "*".repeat(c.len());
    }
    format!(
        "{}****{}",
        c[..3].iter().collect::<String>(),
        c[c.len() - 4..].iter().collect::<String>()
    )
}

/// 张三 → 张*, 欧阳明月 → 欧***.
pub fn mask_name(n: &str) -> String {
    let c: Vec<char> = n.chars().collect();
    match c.len() {
        0 => String::new(),
        1 => "*".into(),
        _ => format!("{}{}", c[0], "*".repeat(c.len() - 1)),
    }
}

fn text_ok(s: &str, max: usize) -> bool {
    let n = s.trim().chars().count();
    n > 0 && n <= max
}

/// Every failing field of one record.
pub fn validate(r: &CaseRecord) -> Vec<FieldError> {
    let mut e = Vec::new();
    let mut need = |ok: bool, field: &str, code: &str| {
        if !ok {
            e.push(FieldError::new(field, code));
        }
    };
    need(
        text_ok(&r.case_no, 64)
            && r.case_no
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "case_no",
        "case.case_no_invalid",
    );
    need(text_ok(&r.item_code, 64), "item_code", "field.required");
    need(
        r.basic_code.as_deref().is_none_or(|c| c.trim().len() == 12),
        "basic_code",
        "case.basic_code_invalid",
    );
    need(text_ok(&r.item_name, 200), "item_name", "field.required");
    need(
        APPLICANT_TYPES.contains(&r.applicant_type.as_str()),
        "applicant_type",
        "field.invalid",
    );
    need(
        text_ok(&r.applicant_name, 100),
        "applicant_name",
        "field.required",
    );
    match (r.applicant_id_type.as_deref(), r.applicant_id_no.as_deref()) {
        (Some("111"), Some(id)) => {
            need(resident_id_valid(id), "applicant_id_no", "case.id_invalid")
        }
        (Some("001"), Some(id)) => need(uscc_valid(id), "applicant_id_no", "org.uscc_invalid"),
        (Some(_), None) => need(false, "applicant_id_no", "field.required"),
        (_, Some(id)) => need(text_ok(id, 64), "applicant_id_no", "field.invalid"),
        (None, None) => {}
    }
    need(text_ok(&r.department, 100), "department", "field.required");
    need(
        uscc_valid(&r.implementer_uscc),
        "implementer_uscc",
        "org.uscc_invalid",
    );
    need(
        r.division_code.len() == 6 && r.division_code.bytes().all(|b| b.is_ascii_digit()),
        "division_code",
        "division.shape",
    );
    need(
        r.case_type
            .as_deref()
            .is_none_or(|t| CASE_TYPES.contains(&t)),
        "case_type",
        "field.invalid",
    );
    need(rank(&r.status).is_some(), "status", "case.status_invalid");
    need(r.submitted_at.is_some(), "submitted_at", "field.required");
    need(
        r.promised_unit
            .as_deref()
            .is_none_or(|u| UNITS.contains(&u)),
        "promised_unit",
        "field.invalid",
    );
    need(
        r.promised_limit.is_none_or(|l| (0..=10_000).contains(&l)),
        "promised_limit",
        "field.invalid",
    );
    need(
        r.result.as_deref().is_none_or(|x| RESULTS.contains(&x)),
        "result",
        "field.invalid",
    );
    if let Some(s) = r.submitted_at {
        for (f, t) in [
            ("accepted_at", r.accepted_at),
            ("completed_at", r.completed_at),
        ] {
            need(t.is_none_or(|t| t >= s), f, "case.before_submission");
        }
    }
    if r.status == "completed" {
        need(r.completed_at.is_some(), "completed_at", "field.required");
        need(r.result.is_some(), "result", "field.required");
    }
    e
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchResult {
    pub accepted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub refused: usize,
    /// Each record, keyed by its case number.
    pub results: Vec<batch::Record>,
}

/// The record as stored: personal data masked.
fn stored_record(r: &CaseRecord) -> CaseRecord {
    let mut s = r.clone();
    s.applicant_id_no = r.applicant_id_no.as_deref().map(|i| {
        if r.applicant_type == "person" {
            mask_id(i)
        } else {
            i.to_string()
        }
    });
    s.applicant_phone = r.applicant_phone.as_deref().map(mask_phone);
    s
}

/// Ingests a batch for `party` in one transaction: each valid record is
/// accepted (new case), updated (later status or corrected data, the
/// earlier record kept as history) or unchanged (sent before); a record that
/// would move its case backwards, or that fails validation, is refused alone.
///
/// The work is a constant number of statements per batch (issue #15): the
/// stored rows of the batch's case numbers are read in one query, the
/// outcomes decided in memory in the batch's order (a case sent twice in
/// one batch moves as if sent in two), then new and changed cases are
/// written with multi-row upserts, the replaced records with multi-row
/// history inserts, and one audit record.
pub async fn ingest(
    db: &Db,
    actor: &Actor,
    cipher: &Cipher,
    party: Uuid,
    records: &[CaseRecord],
) -> Result<BatchResult> {
    if records.len() > MAX_BATCH {
        return Err(Error::field("records", "case.batch_too_large"));
    }
    #[derive(sqlx::FromRow)]
    struct Existing {
        id: Uuid,
        case_no: String,
        status: String,
        record: String,
    }
    /// A case as it stands after the records of the batch seen so far.
    struct Current {
        id: Uuid,
        status: String,
        record: String,
        /// the index of the record whose row is to be written (`None`: the
        /// stored row stands)
        write: Option<usize>,
    }
    let t = now();
    let mut out = BatchResult::default();
    let errors: Vec<Vec<FieldError>> = records.iter().map(validate).collect();
    let stored: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(&stored_record(r)).expect("serialisable"))
        .collect();

    let mut tx = db.begin().await?;
    // the stored rows of the batch's case numbers, in one query per 500
    let mut wanted: Vec<&str> = records
        .iter()
        .zip(&errors)
        .filter(|(_, e)| e.is_empty())
        .map(|(r, _)| r.case_no.as_str())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let keys: Vec<Val> = wanted.into_iter().map(Val::from).collect();
    let mut current: std::collections::HashMap<String, Current> = tx
        .fetch_keyed::<Existing>(
            "select id, case_no, status, record from cases where party_id = $1 and case_no in ({keys})",
            &vals![party],
            &keys,
        )
        .await?
        .into_iter()
        .map(|ex| {
            let c = Current {
                id: ex.id,
                status: ex.status,
                record: ex.record,
                write: None,
            };
            (ex.case_no, c)
        })
        .collect();

    // the outcomes, in the batch's order; the records replaced go to history
    let mut history: Vec<(Uuid, String, String)> = Vec::new();
    for (index, r) in records.iter().enumerate() {
        if !errors[index].is_empty() {
            out.refused += 1;
            out.results.push(batch::Record::refused(
                index,
                r.case_no.clone(),
                errors[index].clone(),
            ));
            continue;
        }
        let json = &stored[index];
        let new_rank = rank(&r.status).expect("validated");
        let outcome = match current.get_mut(&r.case_no) {
            None => {
                current.insert(
                    r.case_no.clone(),
                    Current {
                        id: new_id(),
                        status: r.status.clone(),
                        record: json.clone(),
                        write: Some(index),
                    },
                );
                out.accepted += 1;
                batch::Outcome::Accepted
            }
            Some(c) if c.record == *json => {
                out.unchanged += 1;
                batch::Outcome::Unchanged
            }
            Some(c) if new_rank < rank(&c.status).unwrap_or(0) => {
                out.refused += 1;
                out.results.push(batch::Record::refused(
                    index,
                    r.case_no.clone(),
                    vec![FieldError::new("status", "case.status_backwards")],
                ));
                continue;
            }
            Some(c) => {
                history.push((
                    c.id,
                    std::mem::replace(&mut c.status, r.status.clone()),
                    std::mem::replace(&mut c.record, json.clone()),
                ));
                c.write = Some(index);
                out.updated += 1;
                batch::Outcome::Updated
            }
        };
        out.results
            .push(batch::Record::new(index, r.case_no.clone(), outcome));
    }

    // new and changed cases: multi-row upserts by id (a changed case keeps
    // its created_at)
    let mut rows: Vec<(&Current, usize)> = current
        .values()
        .filter_map(|c| c.write.map(|i| (c, i)))
        .collect();
    rows.sort_by_key(|(_, i)| *i);
    const COLS: usize = 19;
    let mut args: Vec<Val> = Vec::with_capacity(rows.len() * COLS);
    for (c, i) in &rows {
        let r = &records[*i];
        let id_enc = r
            .applicant_id_no
            .as_deref()
            .map(|n| cipher.seal(&format!("case:{}", r.case_no), n.as_bytes()));
        args.extend(vals![
            c.id,
            party,
            &r.case_no,
            r.item_code.trim(),
            r.item_name.trim(),
            &r.applicant_type,
            r.applicant_name.trim(),
            id_enc,
            r.department.trim(),
            &r.implementer_uscc,
            &r.division_code,
            &r.status,
            rank(&r.status).expect("validated"),
            r.submitted_at,
            r.promised_at,
            r.completed_at,
            &stored[*i],
            t,
            t
        ]);
    }
    tx.insert_rows(
        "insert into cases (id, party_id, case_no, item_code, item_name, applicant_type, applicant_name, \
         applicant_id_enc, department, implementer_uscc, division_code, status, status_rank, submitted_at, \
         promised_at, completed_at, record, created_at, updated_at)",
        COLS,
        &args,
        "on conflict (id) do update set item_code = excluded.item_code, item_name = excluded.item_name, \
         applicant_type = excluded.applicant_type, applicant_name = excluded.applicant_name, \
         applicant_id_enc = excluded.applicant_id_enc, department = excluded.department, \
         implementer_uscc = excluded.implementer_uscc, division_code = excluded.division_code, \
         status = excluded.status, status_rank = excluded.status_rank, submitted_at = excluded.submitted_at, \
         promised_at = excluded.promised_at, completed_at = excluded.completed_at, record = excluded.record, \
         updated_at = excluded.updated_at",
    )
    .await?;

    // the replaced records, after the cases they belong to exist
    let mut args: Vec<Val> = Vec::with_capacity(history.len() * 5);
    for (case_id, status, record) in &history {
        args.extend(vals![new_id(), *case_id, status, record, t]);
    }
    tx.insert_rows(
        "insert into case_history (id, case_id, status, record, replaced_at)",
        5,
        &args,
        "",
    )
    .await?;
    out.results.sort_by_key(|r| r.index);
    if out.accepted + out.updated > 0 {
        audit::append(
            &mut tx,
            actor,
            Event::new("case.batch", "access_party", party, &actor.name).changes(
                serde_json::json!({
                    "records": records.len(), "accepted": out.accepted, "updated": out.updated,
                    "unchanged": out.unchanged, "refused": out.refused,
                }),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(out)
}

/// A case and its history (newest first), for the party that owns it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseWithHistory {
    pub case: CaseRecord,
    pub history: Vec<(String, DateTime<Utc>, CaseRecord)>,
}

pub async fn get_for_party(db: &Db, party: Uuid, case_no: &str) -> Result<CaseWithHistory> {
    #[derive(sqlx::FromRow)]
    struct C {
        id: Uuid,
        record: String,
    }
    let c: C = db
        .fetch_optional(
            "select id, record from cases where party_id = $1 and case_no = $2",
            &vals![party, case_no],
        )
        .await?
        .ok_or(Error::NotFound("case"))?;
    #[derive(sqlx::FromRow)]
    struct H {
        status: String,
        replaced_at: DateTime<Utc>,
        record: String,
    }
    let h: Vec<H> = db
        .fetch_all(
            "select status, replaced_at, record from case_history where case_id = $1 order by replaced_at desc, id desc",
            &vals![c.id],
        )
        .await?;
    Ok(CaseWithHistory {
        case: serde_json::from_str(&c.record).unwrap_or_default(),
        history: h
            .into_iter()
            .map(|x| {
                (
                    x.status,
                    x.replaced_at,
                    serde_json::from_str(&x.record).unwrap_or_default(),
                )
            })
            .collect(),
    })
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub case_no: Option<String>,
    /// item code, or a part of the item name
    pub item: Option<String>,
    pub status: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// a division code: cases within it
    pub region: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CaseRow {
    pub id: Uuid,
    pub party_name: String,
    pub case_no: String,
    pub item_code: String,
    pub item_name: String,
    pub applicant_type: String,
    pub applicant_name: String,
    pub department: String,
    pub division_code: String,
    pub status: String,
    pub submitted_at: DateTime<Utc>,
    pub promised_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

fn where_clause(actor: &Actor, f: &Filter, args: &mut Vec<Val>) -> Result<String> {
    let mut sql = String::from(" where 1 = 1");
    if let Some(org) = actor.org_filter()? {
        push(
            args,
            &mut sql,
            " and p.organisation_id = $?",
            Val::Uuid(org),
        );
    }
    let ne = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(n) = ne(&f.case_no) {
        push(args, &mut sql, " and c.case_no = $?", Val::Text(n));
    }
    if let Some(i) = ne(&f.item) {
        args.push(Val::Text(i.clone()));
        args.push(Val::Text(format!("%{i}%")));
        let (a, b) = (args.len() - 1, args.len());
        sql.push_str(&format!(
            " and (c.item_code = ${a} or c.item_name like ${b})"
        ));
    }
    if let Some(s) = ne(&f.status) {
        push(args, &mut sql, " and c.status = $?", Val::Text(s));
    }
    if let Some(t) = f.from {
        push(args, &mut sql, " and c.submitted_at >= $?", Val::Time(t));
    }
    if let Some(t) = f.to {
        push(args, &mut sql, " and c.submitted_at < $?", Val::Time(t));
    }
    if let Some(r) = ne(&f.region) {
        let prefix = r.trim_end_matches("00").to_string();
        push(
            args,
            &mut sql,
            " and c.division_code like $?",
            Val::Text(format!("{prefix}%")),
        );
    }
    Ok(sql)
}

/// Cases newest first (keyset on submission time and id), applicants masked.
pub async fn search(
    db: &Db,
    actor: &Actor,
    f: &Filter,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<(Vec<CaseRow>, Option<(DateTime<Utc>, Uuid)>)> {
    actor.require(Permission::CaseView)?;
    let mut args = Vec::new();
    let mut sql = format!(
        "select c.id, p.name as party_name, c.case_no, c.item_code, c.item_name, c.applicant_type, c.applicant_name, \
         c.department, c.division_code, c.status, c.submitted_at, c.promised_at, c.completed_at \
         from cases c join access_parties p on p.id = c.party_id{}",
        where_clause(actor, f, &mut args)?
    );
    if let Some((t, id)) = after {
        args.push(Val::Time(t));
        args.push(Val::Uuid(id));
        let (a, b) = (args.len() - 1, args.len());
        sql.push_str(&format!(
            " and (c.submitted_at < ${a} or (c.submitted_at = ${a} and c.id < ${b}))"
        ));
    }
    let limit = limit.clamp(1, 200);
    sql.push_str(&format!(
        " order by c.submitted_at desc, c.id desc limit {}",
        limit + 1
    ));
    let mut rows: Vec<CaseRow> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| (r.submitted_at, r.id));
    for r in rows.iter_mut() {
        if r.applicant_type == "person" {
            r.applicant_name = mask_name(&r.applicant_name);
        }
    }
    Ok((rows, next))
}

/// Received, completed, completed on time and overdue, per group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct StatRow {
    pub key: String,
    pub received: i64,
    pub completed: i64,
    pub on_time: i64,
    pub overdue: i64,
}

/// Statistics grouped by `by` (`day`, `item`, `department` or `region`)
/// over the cases the filter selects.
pub async fn stats(db: &Db, actor: &Actor, f: &Filter, by: &str) -> Result<Vec<StatRow>> {
    actor.require(Permission::CaseView)?;
    let mut args = Vec::new();
    let w = where_clause(actor, f, &mut args)?;
    let key = match (by, db.engine()) {
        ("item", _) => "c.item_name",
        ("department", _) => "c.department",
        ("region", _) => "c.division_code",
        // days in China Standard Time
        (_, crate::db::Engine::Sqlite) => "substr(datetime(c.submitted_at, '+8 hours'), 1, 10)",
        (_, crate::db::Engine::Postgres) => {
            "to_char(c.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')"
        }
    };
    args.push(Val::Time(now()));
    let n = args.len();
    let sql = format!(
        "select {key} as key, count(*) as received, \
         sum(case when c.status = 'completed' then 1 else 0 end) as completed, \
         sum(case when c.status = 'completed' and c.promised_at is not null and c.completed_at <= c.promised_at then 1 else 0 end) as on_time, \
         sum(case when c.promised_at is not null and ((c.status = 'completed' and c.completed_at > c.promised_at) \
             or (c.status not in ('completed', 'not-accepted') and c.promised_at < ${n})) then 1 else 0 end) as overdue \
         from cases c join access_parties p on p.id = c.party_id{w} group by {key} order by {} limit 60",
        if by == "day" { "key desc" } else { "received desc, key" }
    );
    db.fetch_all(&sql, &args).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> CaseRecord {
        CaseRecord {
            case_no: "330100-2026-000001".into(),
            item_code: "11330100MB1234567X4000117002000".into(),
            basic_code: Some("000117002000".into()),
            item_name: "公共场所卫生许可".into(),
            applicant_type: "person".into(),
            applicant_name: "张三".into(),
            applicant_id_type: Some("111".into()),
            applicant_id_no: Some("11010519491231002X".into()),
            applicant_phone: Some("13800138000".into()),
            department: "杭州市卫生健康委员会".into(),
            implementer_uscc: "11330100MB1234567E".into(),
            division_code: "330100".into(),
            status: "submitted".into(),
            submitted_at: Some(
                chrono::DateTime::parse_from_rfc3339("2026-11-02T09:00:00+08:00")
                    .unwrap()
                    .into(),
            ),
            ..Default::default()
        }
    }

    #[test]
    fn identity_numbers_and_masking() {
        assert!(resident_id_valid("11010519491231002X"));
        assert!(resident_id_valid("11010519491231002x"));
        assert!(!resident_id_valid("110105194912310021"), "check character");
        assert!(!resident_id_valid("11010519491331002X"), "month 13");
        assert!(!resident_id_valid("1101051949123100"), "length");
        assert_eq!(mask_id("11010519491231002X"), "110105********002X");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(
            (mask_name("张三"), mask_name("欧阳明月")),
            ("张*".into(), "欧***".into())
        );
    }

    /// Each rule alone: a valid record with one field broken names that field.
    #[test]
    fn validation_one_rule_at_a_time() {
        assert_eq!(validate(&record()), vec![]);
        type Break = Box<dyn Fn(&mut CaseRecord)>;
        let cases: Vec<(&str, Break)> = vec![
            ("case_no", Box::new(|r| r.case_no = "含中文".into())),
            ("item_code", Box::new(|r| r.item_code = " ".into())),
            (
                "basic_code",
                Box::new(|r| r.basic_code = Some("123".into())),
            ),
            ("item_name", Box::new(|r| r.item_name = String::new())),
            (
                "applicant_type",
                Box::new(|r| r.applicant_type = "robot".into()),
            ),
            (
                "applicant_name",
                Box::new(|r| r.applicant_name = String::new()),
            ),
            (
                "applicant_id_no",
                Box::new(|r| r.applicant_id_no = Some("110105194912310021".into())),
            ),
            ("department", Box::new(|r| r.department = String::new())),
            (
                "implementer_uscc",
                Box::new(|r| r.implementer_uscc = "11330100MB12345670".into()),
            ),
            (
                "division_code",
                Box::new(|r| r.division_code = "3301".into()),
            ),
            ("case_type", Box::new(|r| r.case_type = Some("slow".into()))),
            ("status", Box::new(|r| r.status = "lost".into())),
            ("submitted_at", Box::new(|r| r.submitted_at = None)),
            (
                "promised_unit",
                Box::new(|r| r.promised_unit = Some("weeks".into())),
            ),
            ("promised_limit", Box::new(|r| r.promised_limit = Some(-1))),
            ("result", Box::new(|r| r.result = Some("maybe".into()))),
            (
                "accepted_at",
                Box::new(|r| {
                    r.accepted_at = Some(r.submitted_at.unwrap() - chrono::Duration::days(1))
                }),
            ),
        ];
        for (field, breaks) in cases {
            let mut r = record();
            breaks(&mut r);
            let got: Vec<String> = validate(&r).into_iter().map(|e| e.field).collect();
            assert_eq!(got, [field], "{field}");
        }
        let mut r = record();
        r.status = "completed".into();
        let got: Vec<String> = validate(&r).into_iter().map(|e| e.field).collect();
        assert_eq!(got, ["completed_at", "result"]);
        let mut r = record();
        r.applicant_type = "legal-person".into();
        r.applicant_id_type = Some("001".into());
        r.applicant_id_no = Some("91330100MA2BCDE12X".into());
        assert_eq!(validate(&r)[0].field, "applicant_id_no");
    }

    #[test]
    fn statuses_only_move_forward() {
        let order: Vec<i64> = ["submitted", "accepted", "in-progress", "completed"]
            .iter()
            .map(|s| rank(s).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]));
        assert!(rank("not-accepted").unwrap() > rank("in-progress").unwrap());
    }
}
