//! Implementation lists (实施清单, R-6.2.c): parties report how each catalog
//! item is carried out locally; valid batches wait for review; reviewers see
//! what changed since the last approval, field by field, and approve some
//! items while returning others with a reason.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::organisation::uscc_valid;
use crate::actor::Actor;
use crate::batch::{Record, Refused};
use crate::db::{push_cond, Db, Tx, Val};
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

pub const MAX_BATCH: usize = 1000;

/// One implementation-list item as a party reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["implementation_code", "basic_code", "item_type", "name", "implementer_name", "implementer_uscc", "division_code", "statutory_limit", "statutory_unit", "promised_limit", "promised_unit"]))]
pub struct ImplItem {
    /// 实施编码: 36 letters or digits
    pub implementation_code: String,
    /// 基本编码: must be in the published basic catalog
    pub basic_code: String,
    /// must match the catalog's
    #[schemars(extend("enum" = crate::catalog::basic::ITEM_TYPES))]
    pub item_type: String,
    pub name: String,
    pub implementer_name: String,
    pub implementer_uscc: String,
    pub division_code: String,
    pub statutory_limit: i64,
    #[schemars(extend("enum" = crate::catalog::basic::UNITS))]
    pub statutory_unit: String,
    /// not longer than the statutory limit (compared in calendar days)
    pub promised_limit: i64,
    #[schemars(extend("enum" = crate::catalog::basic::UNITS))]
    pub promised_unit: String,
    /// 网上办理地址 (R-6.3.b): https
    pub online_url: Option<String>,
    pub mobile_url: Option<String>,
}

/// A time limit in calendar days (a working week is 5 of 7 days).
pub fn in_days(n: i64, unit: &str) -> Option<f64> {
    let n = n as f64;
    Some(match unit {
        "working-days" => n * 7.0 / 5.0,
        "days" => n,
        "months" => n * 30.0,
        "years" => n * 365.0,
        _ => return None,
    })
}

fn https_ok(u: &str) -> bool {
    u.strip_prefix("https://").is_some_and(|rest| {
        rest.split('/')
            .next()
            .is_some_and(|h| h.contains('.') && !h.contains(' '))
    })
}

/// Checks one item against the rules and the published catalog
/// (`catalog`: basic code → item type, for items not retired).
pub fn validate(i: &ImplItem, catalog: &BTreeMap<String, String>) -> Vec<FieldError> {
    let mut e = Vec::new();
    let mut need = |ok: bool, f: &str, c: &str| {
        if !ok {
            e.push(FieldError::new(f, c));
        }
    };
    need(
        i.implementation_code.len() == 36
            && i.implementation_code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric()),
        "implementation_code",
        "impl.code_invalid",
    );
    match catalog.get(&i.basic_code) {
        None => need(false, "basic_code", "impl.basic_code_unknown"),
        Some(t) => need(*t == i.item_type, "item_type", "impl.item_type_mismatch"),
    }
    let n = i.name.trim().chars().count();
    need(n > 0 && n <= 200, "name", "field.required");
    need(
        !i.implementer_name.trim().is_empty(),
        "implementer_name",
        "field.required",
    );
    need(
        uscc_valid(&i.implementer_uscc),
        "implementer_uscc",
        "org.uscc_invalid",
    );
    need(
        i.division_code.len() == 6 && i.division_code.bytes().all(|b| b.is_ascii_digit()),
        "division_code",
        "division.shape",
    );
    let statutory = in_days(i.statutory_limit, &i.statutory_unit);
    let promised = in_days(i.promised_limit, &i.promised_unit);
    need(
        statutory.is_some() && i.statutory_limit >= 0,
        "statutory_unit",
        "field.invalid",
    );
    need(
        promised.is_some() && i.promised_limit >= 0,
        "promised_unit",
        "field.invalid",
    );
    if let (Some(s), Some(p)) = (statutory, promised) {
        need(p <= s, "promised_limit", "impl.promised_over_statutory");
    }
    for (f, u) in [("online_url", &i.online_url), ("mobile_url", &i.mobile_url)] {
        need(u.as_deref().is_none_or(https_ok), f, "impl.url_not_https");
    }
    e
}

/// What a party reports for review: its own basic catalog (R-6.2.b) or its
/// implementation lists (R-6.2.c). Both wait for review the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Implementation,
    Catalog,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "implementation" => Some(Kind::Implementation),
            "catalog" => Some(Kind::Catalog),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Implementation => "implementation",
            Kind::Catalog => "catalog",
        }
    }
    fn table(self) -> &'static str {
        match self {
            Kind::Implementation => "impl_items",
            Kind::Catalog => "reported_catalog",
        }
    }
    fn code_col(self) -> &'static str {
        match self {
            Kind::Implementation => "implementation_code",
            Kind::Catalog => "basic_code",
        }
    }
    fn audit_prefix(self) -> &'static str {
        match self {
            Kind::Implementation => "impl",
            Kind::Catalog => "reported_catalog",
        }
    }
}

/// A record a party reports: its key, its checks and the columns the
/// review queue and lists show.
pub trait Reported: Serialize + serde::de::DeserializeOwned + Clone {
    const KIND: Kind;
    fn code(&self) -> &str;
    /// The record as stored (trimmed, ordered).
    fn normalised(&self) -> Self;
    /// `catalog`: basic code → item type of the published, current items.
    fn check(&self, catalog: &BTreeMap<String, String>) -> Vec<FieldError>;
    fn columns(&self) -> Vec<(&'static str, Val)>;
}

impl Reported for ImplItem {
    const KIND: Kind = Kind::Implementation;
    fn code(&self) -> &str {
        &self.implementation_code
    }
    fn normalised(&self) -> Self {
        let mut x = self.clone();
        x.name = x.name.trim().into();
        x.implementer_name = x.implementer_name.trim().into();
        x
    }
    fn check(&self, catalog: &BTreeMap<String, String>) -> Vec<FieldError> {
        validate(self, catalog)
    }
    fn columns(&self) -> Vec<(&'static str, Val)> {
        vec![
            ("basic_code", Val::Text(self.basic_code.clone())),
            ("name", Val::Text(self.name.clone())),
            ("division_code", Val::Text(self.division_code.clone())),
            ("department", Val::Text(self.implementer_name.clone())),
            ("item_type", Val::Text(self.item_type.clone())),
        ]
    }
}

impl Reported for crate::catalog::basic::Item {
    const KIND: Kind = Kind::Catalog;
    fn code(&self) -> &str {
        &self.basic_code
    }
    fn normalised(&self) -> Self {
        crate::catalog::basic::normalised(self)
    }
    fn check(&self, catalog: &BTreeMap<String, String>) -> Vec<FieldError> {
        let mut e = crate::catalog::basic::validate(self);
        if !e.iter().any(|f| f.field == "basic_code") {
            match catalog.get(&self.basic_code) {
                None => e.push(FieldError::new("basic_code", "impl.basic_code_unknown")),
                Some(t) if *t != self.item_type && !e.iter().any(|f| f.field == "item_type") => {
                    e.push(FieldError::new("item_type", "impl.item_type_mismatch"))
                }
                Some(_) => {}
            }
        }
        e
    }
    fn columns(&self) -> Vec<(&'static str, Val)> {
        vec![
            ("name", Val::Text(self.name.clone())),
            ("department", Val::Text(self.department.clone())),
            ("item_type", Val::Text(self.item_type.clone())),
        ]
    }
}

async fn catalog_types(db: &Db) -> Result<BTreeMap<String, String>> {
    #[derive(sqlx::FromRow)]
    struct Rec {
        basic_code: String,
        item_type: String,
    }
    let rows: Vec<Rec> = db
        .fetch_all(
            "select basic_code, item_type from catalog_items where retired = $1",
            &vals![false],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.basic_code, r.item_type))
        .collect())
}

/// Checks a batch without storing it: the refusals, by record.
pub async fn check<T: Reported>(db: &Db, items: &[T]) -> Result<Refused> {
    let catalog = catalog_types(db).await?;
    let mut refused = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, i) in items.iter().enumerate() {
        let i = i.normalised();
        let mut errors = i.check(&catalog);
        if !seen.insert(i.code().to_string()) {
            errors.push(FieldError::new(T::KIND.code_col(), "import.duplicate_code"));
        }
        if !errors.is_empty() {
            refused.push(Record::refused(index, i.code(), errors));
        }
    }
    Ok(refused)
}

/// Stores a valid batch for review, all or nothing: when any record fails,
/// the whole batch is refused with every failing record named. Unchanged
/// records (same as waiting or approved) are not stored again.
pub async fn submit<T: Reported>(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    items: &[T],
) -> Result<std::result::Result<usize, Refused>> {
    if items.is_empty() || items.len() > MAX_BATCH {
        let code = match T::KIND {
            Kind::Implementation => "impl.batch_size",
            Kind::Catalog => "catalog.batch_size",
        };
        return Err(Error::field("records", code));
    }
    store(db, actor, party, items).await
}

/// `submit` without the batch limit (the console's file upload).
pub async fn store<T: Reported>(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    items: &[T],
) -> Result<std::result::Result<usize, Refused>> {
    let refused = check(db, items).await?;
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    let (table, code_col) = (T::KIND.table(), T::KIND.code_col());
    let t = now();
    let mut tx = db.begin().await?;
    // the stored records of the batch's codes in one query per 500, the
    // changed ones written by multi-row upserts (issue #15)
    let normal: Vec<T> = items.iter().map(|i| i.normalised()).collect();
    let keys: Vec<Val> = normal.iter().map(|i| Val::from(i.code())).collect();
    #[derive(sqlx::FromRow)]
    struct Ex {
        code: String,
        data: String,
        status: String,
    }
    let stored: std::collections::HashMap<String, Ex> = tx
        .fetch_keyed::<Ex>(
            &format!(
                "select {code_col} as code, data, status from {table} where party_id = $1 and {code_col} in ({{keys}})"
            ),
            &vals![party],
            &keys,
        )
        .await?
        .into_iter()
        .map(|e| (e.code.clone(), e))
        .collect();
    let mut changed = 0;
    let mut names: Vec<&str> = Vec::new();
    let mut args: Vec<Val> = Vec::new();
    for i in &normal {
        let data = serde_json::to_string(i).expect("serialisable");
        if stored
            .get(i.code())
            .is_some_and(|ex| ex.data == data && ex.status != "returned")
        {
            continue;
        }
        let cols = i.columns();
        if names.is_empty() {
            names = cols.iter().map(|(c, _)| *c).collect();
        }
        args.extend(cols.into_iter().map(|(_, v)| v));
        args.extend(vals!["pending", &data, t, party, i.code(), new_id()]);
        changed += 1;
    }
    if changed > 0 {
        let sets: Vec<String> = names
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        tx.insert_rows(
            &format!(
                "insert into {table} ({}, status, data, submitted_at, party_id, {code_col}, id)",
                names.join(", ")
            ),
            names.len() + 6,
            &args,
            &format!(
                "on conflict (party_id, {code_col}) do update set {}, status = excluded.status, \
                 data = excluded.data, comment = null, submitted_at = excluded.submitted_at",
                sets.join(", ")
            ),
        )
        .await?;
    }
    if changed > 0 {
        audit::append(
            &mut tx,
            actor,
            Event::new(
                &format!("{}.submit", T::KIND.audit_prefix()),
                "access_party",
                party,
                &actor.name,
            )
            .changes(serde_json::json!({"records": items.len(), "changed": changed})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(changed))
}

/// One field that differs from the last approved record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

fn flat(v: &serde_json::Value) -> BTreeMap<String, String> {
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::Array(a) => a
                        .iter()
                        .map(|x| {
                            x.as_str()
                                .map(String::from)
                                .unwrap_or_else(|| x.to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.to_string(),
                };
                (k.clone(), s)
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// Field-by-field changes from `old` (None: a new item) to `new`.
pub fn diff_values(old: Option<&serde_json::Value>, new: &serde_json::Value) -> Vec<FieldChange> {
    let n = flat(new);
    let o = old.map(flat).unwrap_or_default();
    n.iter()
        .filter(|(k, v)| o.get(*k) != Some(*v))
        .map(|(k, v)| FieldChange {
            field: k.clone(),
            old: o.get(k).cloned().unwrap_or_default(),
            new: v.clone(),
        })
        .collect()
}

/// Field-by-field changes from `old` (None: a new item) to `new`.
pub fn diff<T: Serialize>(old: Option<&T>, new: &T) -> Vec<FieldChange> {
    let j = |x: &T| serde_json::to_value(x).expect("serialisable");
    diff_values(old.map(j).as_ref(), &j(new))
}

/// What a pending record is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Against {
    /// the party's last approved version
    Approved,
    /// the target's basic catalog item (a reported catalog item never approved)
    Basic,
    /// nothing: a new item
    Nothing,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    pub party_id: Uuid,
    pub party_name: String,
    pub code: String,
    pub name: String,
    pub against: Against,
    pub changes: Vec<FieldChange>,
    pub submitted_at: DateTime<Utc>,
}

/// What waits for review, by party, with the changes since approval (a
/// reported catalog item never approved: the changes from the basic catalog).
/// At most this many waiting records are shown at once (with a notice
/// when more wait).
pub const QUEUE_CAP: usize = 1000;
/// The list of reported records shows at most this many.
pub const LIST_CAP: usize = 500;

pub async fn queue(db: &Db, actor: &Actor, kind: Kind) -> Result<crate::Capped<Pending>> {
    actor.require(Permission::ApplicationReview)?;
    #[derive(sqlx::FromRow)]
    struct Rec {
        party_id: Uuid,
        party_name: String,
        code: String,
        name: String,
        data: String,
        approved_data: Option<String>,
        basic_data: Option<String>,
        submitted_at: DateTime<Utc>,
    }
    let basic = match kind {
        Kind::Catalog => "(select c.data from catalog_items c where c.basic_code = i.basic_code and c.retired = $2)",
        Kind::Implementation => "(select cast(null as text) where $2)",
    };
    let rows: Vec<Rec> = db
        .fetch_all(
            &format!(
                "select i.party_id, p.name as party_name, i.{} as code, i.name, i.data, i.approved_data, \
                 {basic} as basic_data, i.submitted_at \
                 from {} i join access_parties p on p.id = i.party_id where i.status = $1 \
                 order by p.name, i.{} limit {}",
                kind.code_col(),
                kind.table(),
                kind.code_col(),
                crate::Capped::<Pending>::limit(QUEUE_CAP)
            ),
            &vals!["pending", false],
        )
        .await?;
    let parse = |d: &str| serde_json::from_str::<serde_json::Value>(d).ok();
    Ok(crate::Capped::of(rows, QUEUE_CAP).map(|r| {
        let new = parse(&r.data).unwrap_or_default();
        let (against, old) = match (r.approved_data.as_deref(), r.basic_data.as_deref()) {
            (Some(a), _) => (Against::Approved, parse(a)),
            (None, Some(b)) => (Against::Basic, parse(b)),
            (None, None) => (Against::Nothing, None),
        };
        Pending {
            against,
            changes: diff_values(old.as_ref(), &new),
            party_id: r.party_id,
            party_name: r.party_name,
            code: r.code,
            name: r.name,
            submitted_at: r.submitted_at,
        }
    }))
}

/// Approves (`approve`) or returns with `reason` the given pending items
/// of a party. One transaction, audited. An approved implementation item
/// becomes the published one that the search finds.
pub async fn review(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    party: Uuid,
    codes: &[String],
    approve: bool,
    reason: &str,
) -> Result<usize> {
    actor.require(Permission::ApplicationReview)?;
    if codes.is_empty() {
        return Err(Error::field("codes", "impl.none_selected"));
    }
    if !approve && reason.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    let (table, code_col) = (kind.table(), kind.code_col());
    let t = now();
    let mut tx = db.begin().await?;
    let mut n = 0;
    for code in codes {
        let sql = if approve {
            format!(
                "update {table} set status = $1, approved_data = data, comment = $2, reviewed_by = $3, reviewed_at = $4 \
                 where party_id = $5 and {code_col} = $6 and status = 'pending'"
            )
        } else {
            format!(
                "update {table} set status = $1, comment = $2, reviewed_by = $3, reviewed_at = $4 \
                 where party_id = $5 and {code_col} = $6 and status = 'pending'"
            )
        };
        let done = tx
            .execute(
                &sql,
                &vals![
                    if approve { "approved" } else { "returned" },
                    reason.trim(),
                    &actor.name,
                    t,
                    party,
                    code
                ],
            )
            .await?;
        if done == 1 && approve && kind == Kind::Implementation {
            publish(&mut tx, party, code, t).await?;
        }
        n += done;
    }
    if n as usize != codes.len() {
        return Err(Error::Conflict(
            "some items are no longer waiting for review".into(),
        ));
    }
    audit::append(
        &mut tx,
        actor,
        Event::new(
            &format!(
                "{}.{}",
                kind.audit_prefix(),
                if approve { "approve" } else { "return" }
            ),
            "access_party",
            party,
            format!("{} items", codes.len()),
        )
        .changes(serde_json::json!({"codes": codes}))
        .reason(reason),
    )
    .await?;
    tx.commit().await?;
    Ok(n as usize)
}

/// Makes the approved version of an item the published one (its name kept
/// once in `impl_names`).
async fn publish(tx: &mut Tx, party: Uuid, code: &str, t: DateTime<Utc>) -> Result<()> {
    #[derive(sqlx::FromRow)]
    struct N {
        id: Uuid,
    }
    #[derive(sqlx::FromRow)]
    struct Name {
        name: String,
    }
    let name = tx
        .fetch_one::<Name>(
            "select name from impl_items where party_id = $1 and implementation_code = $2",
            &vals![party, code],
        )
        .await?
        .name;
    tx.execute(
        "insert into impl_names (id, name) values ($1, $2) on conflict (name) do nothing",
        &vals![new_id(), &name],
    )
    .await?;
    let name_id = tx
        .fetch_one::<N>("select id from impl_names where name = $1", &vals![&name])
        .await?
        .id;
    tx.execute(
        "delete from impl_published where party_id = $1 and implementation_code = $2",
        &vals![party, code],
    )
    .await?;
    tx.execute(
        "insert into impl_published (id, party_id, implementation_code, basic_code, name, name_id, division_code, department, item_type, data, approved_at) \
         select id, party_id, implementation_code, basic_code, name, $1, division_code, department, item_type, data, $2 \
         from impl_items where party_id = $3 and implementation_code = $4",
        &vals![name_id, t, party, code],
    )
    .await?;
    Ok(())
}

/// Reported items with their review status and comment, newest first:
/// operators see their own organisation's only.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ItemRow {
    pub party_name: String,
    pub code: String,
    pub name: String,
    pub status: String,
    pub comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub submitted_at: DateTime<Utc>,
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    status: Option<&str>,
) -> Result<crate::Capped<ItemRow>> {
    actor.require(Permission::CatalogView)?;
    let mut sql = format!(
        "select p.name as party_name, i.{} as code, i.name, i.status, i.comment, i.reviewed_by, i.reviewed_at, i.submitted_at \
         from {} i join access_parties p on p.id = i.party_id where 1 = 1",
        kind.code_col(),
        kind.table()
    );
    let mut args = Vec::new();
    if let Some(org) = actor.org_filter()? {
        push_cond(
            &mut args,
            &mut sql,
            " and p.organisation_id = $?",
            Val::Uuid(org),
        );
    }
    if let Some(s) = status.filter(|s| !s.is_empty()) {
        push_cond(
            &mut args,
            &mut sql,
            " and i.status = $?",
            Val::Text(s.into()),
        );
    }
    sql.push_str(&format!(
        " order by i.submitted_at desc, i.{} limit {}",
        kind.code_col(),
        crate::Capped::<ItemRow>::limit(LIST_CAP)
    ));
    Ok(crate::Capped::of(
        db.fetch_all(&sql, &args).await?,
        LIST_CAP,
    ))
}

/// The status and reviewer comment of one item, for the party that owns it.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub code: String,
    pub status: String,
    pub comment: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub item: serde_json::Value,
}

pub async fn outcome(db: &Db, kind: Kind, party: Uuid, code: &str) -> Result<Outcome> {
    #[derive(sqlx::FromRow)]
    struct Rec {
        status: String,
        comment: Option<String>,
        reviewed_at: Option<DateTime<Utc>>,
        data: String,
    }
    let r: Rec = db
        .fetch_optional(
            &format!(
                "select status, comment, reviewed_at, data from {} where party_id = $1 and {} = $2",
                kind.table(),
                kind.code_col()
            ),
            &vals![party, code],
        )
        .await?
        .ok_or(Error::NotFound(match kind {
            Kind::Implementation => "implementation item",
            Kind::Catalog => "reported catalog item",
        }))?;
    Ok(Outcome {
        code: code.to_string(),
        status: r.status,
        comment: r.comment.filter(|c| !c.is_empty()),
        reviewed_at: r.reviewed_at,
        item: serde_json::from_str(&r.data).unwrap_or_default(),
    })
}

/// The filters of the published-list search. `region` is a division code:
/// a province or city code finds its subordinate divisions too.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchFilter {
    pub region: Option<String>,
    pub department: Option<String>,
    pub item_type: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PublishedRow {
    pub id: Uuid,
    pub party_name: String,
    pub implementation_code: String,
    pub basic_code: String,
    pub name: String,
    pub division_code: String,
    pub department: String,
    pub item_type: String,
    pub approved_at: DateTime<Utc>,
}

/// Up to this many distinct names, a name search goes through the names'
/// index; beyond, the term is common and the page order finds rows soon.
const FEW_NAMES: usize = 100;

/// The cursor of the next page: (division, implementation code, id).
pub type Cursor = (String, String, Uuid);

/// `330000` → `33`, `330200` → `3302`, `330203` → `330203`.
pub fn region_prefix(code: &str) -> &str {
    let mut p = code;
    while p.len() > 2 && p.ends_with("00") {
        p = &p[..p.len() - 2];
    }
    p
}

/// Published implementation items in (division, code) order, keyset paged.
/// Every filter is served by an index in that order (see migration 0008);
/// the name filter is a substring match applied while reading that order.
pub async fn search(
    db: &Db,
    actor: &Actor,
    f: &SearchFilter,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<(Vec<PublishedRow>, Option<Cursor>)> {
    actor.require(Permission::CatalogView)?;
    let ne = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut args = Vec::new();
    let mut sql = String::from(
        "select i.id, (select p.name from access_parties p where p.id = i.party_id) as party_name, \
         i.implementation_code, i.basic_code, i.name, i.division_code, i.department, i.item_type, i.approved_at \
         from impl_published i {index} where 1 = 1",
    );
    // the index that serves the filters in page order (see migration 0008)
    let mut index = "impl_published_order";
    if let Some(r) = ne(&f.region) {
        if r.len() != 6 || !r.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::field("region", "division.shape"));
        }
        let prefix = region_prefix(&r).to_string();
        if prefix.len() == 6 {
            push_cond(
                &mut args,
                &mut sql,
                " and i.division_code = $?",
                Val::Text(prefix),
            );
        } else {
            // the range of codes that start with the prefix (index range scan)
            push_cond(
                &mut args,
                &mut sql,
                " and i.division_code >= $?",
                Val::Text(prefix.clone()),
            );
            push_cond(
                &mut args,
                &mut sql,
                " and i.division_code < $?",
                Val::Text(format!("{prefix}~")),
            );
        }
    }
    if let Some(t) = ne(&f.item_type) {
        push_cond(&mut args, &mut sql, " and i.item_type = $?", Val::Text(t));
        index = "impl_published_type";
    }
    if let Some(d) = ne(&f.department) {
        push_cond(&mut args, &mut sql, " and i.department = $?", Val::Text(d));
        index = "impl_published_department";
    }
    if let Some(n) = ne(&f.name) {
        let escaped = n
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        // the distinct names are few: find them first
        #[derive(sqlx::FromRow)]
        struct N {
            id: Uuid,
        }
        let names: Vec<N> = db
            .fetch_all(
                &format!(
                    "select id from impl_names where name like $1 escape '\\' limit {}",
                    FEW_NAMES + 1
                ),
                &vals![&pattern],
            )
            .await?;
        if names.is_empty() {
            return Ok((Vec::new(), None));
        }
        if names.len() <= FEW_NAMES {
            // a rare term: the items of those names, through their index
            let marks: Vec<String> = names
                .iter()
                .map(|n| {
                    args.push(Val::Uuid(n.id));
                    format!("${}", args.len())
                })
                .collect();
            sql.push_str(&format!(" and i.name_id in ({})", marks.join(", ")));
            index = "impl_published_name";
        } else {
            // a common term: read in page order, keep the matching rows
            push_cond(
                &mut args,
                &mut sql,
                " and i.name like $? escape '\\'",
                Val::Text(pattern),
            );
        }
    }
    if let Some((d, c, id)) = after {
        args.push(Val::Text(d.clone()));
        args.push(Val::Text(c.clone()));
        args.push(Val::Uuid(*id));
        let (a, b, k) = (args.len() - 2, args.len() - 1, args.len());
        sql.push_str(&format!(
            " and (i.division_code, i.implementation_code, i.id) > (${a}, ${b}, ${k})"
        ));
    }
    let limit = limit.clamp(1, 200);
    sql.push_str(&format!(
        " order by i.division_code, i.implementation_code, i.id limit {}",
        limit + 1
    ));
    // SQLite's planner, given statistics, may skip-scan another index and
    // sort; PostgreSQL plans from its own statistics
    let sql = sql.replace(
        "{index}",
        &match db.engine() {
            crate::db::Engine::Sqlite => format!("indexed by {index}"),
            crate::db::Engine::Postgres => String::new(),
        },
    );
    let mut rows: Vec<PublishedRow> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| {
        (r.division_code.clone(), r.implementation_code.clone(), r.id)
    });
    Ok((rows, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn item() -> ImplItem {
        ImplItem {
            implementation_code: "11330200MB23456785400011700200001001".into(),
            basic_code: "000117002000".into(),
            item_type: "licensing".into(),
            name: "公共场所卫生许可（宁波）".into(),
            implementer_name: "宁波市卫生健康委员会".into(),
            implementer_uscc: "11330200MB23456785".into(),
            division_code: "330200".into(),
            statutory_limit: 20,
            statutory_unit: "working-days".into(),
            promised_limit: 10,
            promised_unit: "working-days".into(),
            online_url: Some("https://zwfw.ningbo.gov.cn/item/000117002000".into()),
            mobile_url: None,
        }
    }

    fn catalog() -> BTreeMap<String, String> {
        BTreeMap::from([("000117002000".to_string(), "licensing".to_string())])
    }

    #[test]
    fn validation_one_rule_at_a_time() {
        assert_eq!(item().implementation_code.len(), 36);
        assert!(validate(&item(), &catalog()).is_empty());
        type Break = Box<dyn Fn(&mut ImplItem)>;
        let cases: Vec<(&str, Break)> = vec![
            (
                "implementation_code",
                Box::new(|i| i.implementation_code.pop().map(|_| ()).unwrap_or(())),
            ),
            (
                "basic_code",
                Box::new(|i| i.basic_code = "999999999999".into()),
            ),
            ("item_type", Box::new(|i| i.item_type = "penalty".into())),
            ("name", Box::new(|i| i.name = String::new())),
            (
                "implementer_name",
                Box::new(|i| i.implementer_name = " ".into()),
            ),
            (
                "implementer_uscc",
                Box::new(|i| i.implementer_uscc = "11330200MB23456780".into()),
            ),
            (
                "division_code",
                Box::new(|i| i.division_code = "33020".into()),
            ),
            (
                "statutory_unit",
                Box::new(|i| i.statutory_unit = "weeks".into()),
            ),
            (
                "promised_unit",
                Box::new(|i| i.promised_unit = "fortnights".into()),
            ),
            // 30 calendar days is longer than 20 working days (28 calendar days)
            (
                "promised_limit",
                Box::new(|i| {
                    i.promised_limit = 30;
                    i.promised_unit = "days".into();
                }),
            ),
            (
                "online_url",
                Box::new(|i| i.online_url = Some("http://zwfw.ningbo.gov.cn/x".into())),
            ),
            (
                "mobile_url",
                Box::new(|i| i.mobile_url = Some("https://".into())),
            ),
        ];
        for (field, breaks) in cases {
            let mut i = item();
            breaks(&mut i);
            let got: Vec<String> = validate(&i, &catalog())
                .into_iter()
                .map(|e| e.field)
                .collect();
            assert_eq!(got, [field], "{field}");
        }
        // units compared in calendar days: 1 month (30) is not over 25 working days (35)
        let mut i = item();
        i.statutory_limit = 25;
        i.promised_limit = 1;
        i.promised_unit = "months".into();
        assert!(validate(&i, &catalog()).is_empty());
    }

    #[test]
    fn diff_names_each_changed_field() {
        let a = item();
        let mut b = item();
        b.promised_limit = 5;
        b.online_url = None;
        let d = diff(Some(&a), &b);
        let fields: Vec<&str> = d.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["online_url", "promised_limit"]);
        assert_eq!((d[1].old.as_str(), d[1].new.as_str()), ("10", "5"));
        assert_eq!(diff(None, &a).len(), 13, "a new item: every field");
        assert_eq!(region_prefix("330000"), "33");
        assert_eq!(region_prefix("330200"), "3302");
        assert_eq!(region_prefix("330203"), "330203");
    }
}
