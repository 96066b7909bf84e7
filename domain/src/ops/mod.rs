//! Operations management (运维管理, R-6.7): what each party's operations
//! system reports — resources of the five categories and their
//! sub-resources, performance series, alarms, co-operation tickets and the
//! reporting nodes — and what supervisors read from it. Raw points are
//! rolled up into 5-minute and 1-hour aggregates in the same transaction
//! that stores them, so the aggregates always equal what the raw points give;
//! `purge` removes old data in small steps.

pub mod monitor;
pub mod stats;
pub mod workbench;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::actor::Actor;
use crate::batch::{Record, Refused};
use crate::db::{push_cond, Db, Tx, Val};
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

/// The five categories (R-6.7.a) and the kinds of each.
pub const CATEGORIES: [(&str, &[&str]); 5] = [
    (
        "network-device",
        &["router", "switch", "load-balancer", "firewall"],
    ),
    ("server", &["physical", "virtual"]),
    ("business-system", &["system"]),
    ("business-interface", &["called", "offered"]),
    ("application-software", &["database", "middleware"]),
];
pub const SUB_KINDS: [&str; 8] = [
    "cpu",
    "memory",
    "disk",
    "nic",
    "endpoint",
    "db-instance",
    "process",
    "other",
];
/// Metric names fixed for the common cases, with their units.
pub const METRICS: [(&str, &str); 13] = [
    ("cpu.usage", "%"),
    ("memory.used", "B"),
    ("memory.total", "B"),
    ("swap.used", "B"),
    ("disk.used", "B"),
    ("disk.total", "B"),
    ("files.open", "count"),
    ("process.count", "count"),
    ("interface.calls", "count"),
    ("interface.errors", "count"),
    ("interface.latency", "ms"),
    ("network.in", "B/s"),
    ("network.out", "B/s"),
];
/// Alarm severity 0–5 (the scale Zabbix uses).
pub const SEVERITIES: [&str; 6] = [
    "not-classified",
    "information",
    "warning",
    "average",
    "high",
    "disaster",
];
pub const TICKET_STATES: [&str; 4] = ["open", "in-progress", "resolved", "closed"];
pub const MAX_RECORDS: usize = 1000;
pub const MAX_POINTS: usize = 10_000;
/// Raw points older than this are refused (they would be purged at once).
pub const RAW_DAYS: i64 = 7;

fn id_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/@".contains(&b))
}

fn metric_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

fn text_ok(s: &str, max: usize) -> bool {
    let n = s.trim().chars().count();
    n > 0 && n <= max
}

fn check_all<T>(items: &[T], max: usize, f: impl Fn(&T) -> Vec<FieldError>) -> Result<Refused> {
    if items.is_empty() || items.len() > max {
        return Err(Error::field("records", "ops.batch_size"));
    }
    Ok(items
        .iter()
        .enumerate()
        .filter_map(|(index, i)| {
            let errors = f(i);
            (!errors.is_empty()).then(|| Record::refused(index, "", errors))
        })
        .collect())
}

// ---------------------------------------------------------------- resources

/// Every kind of every category.
pub fn all_kinds() -> Vec<&'static str> {
    CATEGORIES
        .iter()
        .flat_map(|(_, k)| k.iter().copied())
        .collect()
}

/// Attributes as text: a number or a boolean (`{"cores": 8}`) is kept as
/// its JSON text, a string as sent; objects and lists are refused.
fn scalar_map<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<String, String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        Text(String),
        Int(i64),
        Number(f64),
        Bool(bool),
    }
    let m: BTreeMap<String, Scalar> = Deserialize::deserialize(d)?;
    Ok(m.into_iter()
        .map(|(k, v)| {
            let v = match v {
                Scalar::Text(s) => s,
                Scalar::Int(i) => i.to_string(),
                Scalar::Number(f) => f.to_string(),
                Scalar::Bool(b) => b.to_string(),
            };
            (k, v)
        })
        .collect())
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["resource_id", "category", "kind", "name"]))]
pub struct Resource {
    /// the party's own id of the resource (upsert key)
    pub resource_id: String,
    #[schemars(extend("enum" = crate::schema::firsts(&CATEGORIES)))]
    pub category: String,
    /// router, switch, load-balancer, firewall (network-device); physical, virtual (server); system (business-system); called, offered (business-interface); database, middleware (application-software)
    #[schemars(extend("enum" = all_kinds()))]
    pub kind: String,
    pub name: String,
    /// IP address, URL or host name
    pub address: String,
    /// text, numbers or booleans (kept as text), at most 50
    #[serde(deserialize_with = "scalar_map")]
    #[schemars(extend("additionalProperties" = {"type": ["string", "number", "boolean"]}))]
    pub attributes: BTreeMap<String, String>,
}

pub fn validate_resource(r: &Resource) -> Vec<FieldError> {
    let mut e = Vec::new();
    if !id_ok(&r.resource_id) {
        e.push(FieldError::new("resource_id", "ops.id_invalid"));
    }
    match CATEGORIES.iter().find(|(c, _)| *c == r.category) {
        None => e.push(FieldError::new("category", "field.invalid")),
        Some((_, kinds)) if !kinds.contains(&r.kind.as_str()) => {
            e.push(FieldError::new("kind", "field.invalid"))
        }
        _ => {}
    }
    if !text_ok(&r.name, 200) {
        e.push(FieldError::new("name", "field.required"));
    }
    if r.address.chars().count() > 200 {
        e.push(FieldError::new("address", "field.too_long"));
    }
    if r.attributes.len() > 50 {
        e.push(FieldError::new("attributes", "field.too_long"));
    }
    e
}

/// Inserted, updated and unchanged records of a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Upserts resources by the party's own id, all or nothing.
pub async fn upsert_resources(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    items: &[Resource],
) -> Result<std::result::Result<Counts, Refused>> {
    let refused = check_all(items, MAX_RECORDS, validate_resource)?;
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    let t = now();
    let mut counts = Counts::default();
    let mut tx = db.begin().await?;
    for r in items {
        #[derive(sqlx::FromRow)]
        struct Ex {
            category: String,
            kind: String,
            name: String,
            address: String,
            attributes: String,
        }
        let attrs = serde_json::to_string(&r.attributes).expect("serialisable");
        let ex: Option<Ex> = tx
            .fetch_optional(
                "select category, kind, name, address, attributes from ops_resources where party_id = $1 and resource_id = $2",
                &vals![party, &r.resource_id],
            )
            .await?;
        match ex {
            Some(x)
                if x.category == r.category
                    && x.kind == r.kind
                    && x.name == r.name.trim()
                    && x.address == r.address.trim()
                    && x.attributes == attrs =>
            {
                counts.unchanged += 1
            }
            Some(_) => {
                tx.execute(
                    "update ops_resources set category = $1, kind = $2, name = $3, address = $4, attributes = $5, updated_at = $6 \
                     where party_id = $7 and resource_id = $8",
                    &vals![&r.category, &r.kind, r.name.trim(), r.address.trim(), &attrs, t, party, &r.resource_id],
                )
                .await?;
                counts.updated += 1;
            }
            None => {
                tx.execute(
                    "insert into ops_resources (id, party_id, resource_id, category, kind, name, address, attributes, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
                    &vals![new_id(), party, &r.resource_id, &r.category, &r.kind, r.name.trim(), r.address.trim(), &attrs, t],
                )
                .await?;
                counts.inserted += 1;
            }
        }
    }
    if counts.inserted + counts.updated > 0 {
        audit::append(
            &mut tx,
            actor,
            Event::new("ops.resources", "access_party", party, &actor.name).changes(
                serde_json::json!({"inserted": counts.inserted, "updated": counts.updated}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(counts))
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["resource_id", "sub_id", "kind", "name"]))]
pub struct SubResource {
    pub resource_id: String,
    pub sub_id: String,
    #[schemars(extend("enum" = SUB_KINDS))]
    pub kind: String,
    pub name: String,
    /// text, numbers or booleans (kept as text)
    #[serde(deserialize_with = "scalar_map")]
    #[schemars(extend("additionalProperties" = {"type": ["string", "number", "boolean"]}))]
    pub attributes: BTreeMap<String, String>,
}

pub fn validate_sub(r: &SubResource) -> Vec<FieldError> {
    let mut e = Vec::new();
    if !id_ok(&r.resource_id) {
        e.push(FieldError::new("resource_id", "ops.id_invalid"));
    }
    if !id_ok(&r.sub_id) {
        e.push(FieldError::new("sub_id", "ops.id_invalid"));
    }
    if !SUB_KINDS.contains(&r.kind.as_str()) {
        e.push(FieldError::new("kind", "field.invalid"));
    }
    if !text_ok(&r.name, 200) {
        e.push(FieldError::new("name", "field.required"));
    }
    e
}

/// The row ids of the party's resources named in a batch.
async fn resource_rows(
    tx: &mut Tx,
    party: Uuid,
    ids: &BTreeSet<&str>,
) -> Result<HashMap<String, Uuid>> {
    #[derive(sqlx::FromRow)]
    struct Known {
        id: Uuid,
        resource_id: String,
    }
    let mut out = HashMap::new();
    let ids: Vec<&str> = ids.iter().copied().collect();
    for chunk in ids.chunks(500) {
        let mut args = vec![Val::Uuid(party)];
        let marks: Vec<String> = chunk
            .iter()
            .map(|i| {
                args.push(Val::Text(i.to_string()));
                format!("${}", args.len())
            })
            .collect();
        let rows: Vec<Known> = tx
            .fetch_all(
                &format!(
                    "select id, resource_id from ops_resources where party_id = $1 and resource_id in ({})",
                    marks.join(", ")
                ),
                &args,
            )
            .await?;
        out.extend(rows.into_iter().map(|r| (r.resource_id, r.id)));
    }
    Ok(out)
}

/// Adds a refusal for each record whose resource the party has not
/// reported (`None`: the record names none), keeping the refusals in order.
fn refuse_unknown<'a>(
    refused: &mut Refused,
    resources: impl Iterator<Item = Option<&'a str>>,
    known: &HashMap<String, Uuid>,
) {
    for (index, r) in resources.enumerate() {
        if r.is_some_and(|r| !known.contains_key(r)) && !refused.iter().any(|x| x.index == index) {
            refused.push(Record::refused(
                index,
                "",
                vec![FieldError::new("resource_id", "ops.resource_unknown")],
            ));
        }
    }
    refused.sort_by_key(|r| r.index);
}

/// Upserts sub-resources under the party's resources, all or nothing.
pub async fn upsert_subs(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    items: &[SubResource],
) -> Result<std::result::Result<Counts, Refused>> {
    let mut refused = check_all(items, MAX_RECORDS, validate_sub)?;
    let mut tx = db.begin().await?;
    let wanted: BTreeSet<&str> = items.iter().map(|i| i.resource_id.as_str()).collect();
    let rows = resource_rows(&mut tx, party, &wanted).await?;
    refuse_unknown(
        &mut refused,
        items.iter().map(|x| Some(x.resource_id.as_str())),
        &rows,
    );
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    let t = now();
    let mut counts = Counts::default();
    for i in items {
        let rid = rows[&i.resource_id];
        let attrs = serde_json::to_string(&i.attributes).expect("serialisable");
        let n = tx
            .execute(
                "update ops_sub_resources set kind = $1, name = $2, attributes = $3, updated_at = $4 \
                 where resource_id = $5 and sub_id = $6 and (kind <> $1 or name <> $2 or attributes <> $3)",
                &vals![&i.kind, i.name.trim(), &attrs, t, rid, &i.sub_id],
            )
            .await?;
        if n == 1 {
            counts.updated += 1;
            continue;
        }
        let inserted = tx
            .execute(
                "insert into ops_sub_resources (id, resource_id, sub_id, kind, name, attributes, updated_at) \
                 values ($1, $2, $3, $4, $5, $6, $7) on conflict (resource_id, sub_id) do nothing",
                &vals![new_id(), rid, &i.sub_id, &i.kind, i.name.trim(), &attrs, t],
            )
            .await?;
        if inserted == 1 {
            counts.inserted += 1;
        } else {
            counts.unchanged += 1;
        }
    }
    if counts.inserted + counts.updated > 0 {
        audit::append(
            &mut tx,
            actor,
            Event::new("ops.sub_resources", "access_party", party, &actor.name).changes(
                serde_json::json!({"inserted": counts.inserted, "updated": counts.updated}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(counts))
}

// ---------------------------------------------------------------- metrics

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["resource_id", "metric", "ts", "value"]))]
pub struct Point {
    pub resource_id: String,
    /// a sub-resource of it, if the value is the sub-resource's
    pub sub_id: Option<String>,
    /// fixed names (cpu.usage, memory.used, …, see docs/api.md); other names (lower case, digits, . _ -) need a unit
    pub metric: String,
    /// seconds since 1970-01-01 UTC; not older than 7 days, not more than 5 minutes ahead
    pub ts: i64,
    pub value: f64,
    /// required for a metric that is not one of the fixed names
    pub unit: Option<String>,
}

/// The unit of a metric: fixed for the fixed names, else the one given.
pub fn unit_of(p: &Point) -> Option<String> {
    match METRICS.iter().find(|(m, _)| *m == p.metric) {
        Some((_, u)) => Some(u.to_string()),
        None => p
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty() && u.len() <= 16)
            .map(String::from),
    }
}

pub fn validate_point(p: &Point, at: DateTime<Utc>) -> Vec<FieldError> {
    let mut e = Vec::new();
    if !id_ok(&p.resource_id) {
        e.push(FieldError::new("resource_id", "ops.id_invalid"));
    }
    if p.sub_id.as_deref().is_some_and(|s| !id_ok(s)) {
        e.push(FieldError::new("sub_id", "ops.id_invalid"));
    }
    if !metric_ok(&p.metric) {
        e.push(FieldError::new("metric", "ops.metric_invalid"));
    } else if unit_of(p).is_none() {
        e.push(FieldError::new("unit", "ops.unit_required"));
    }
    let now_s = at.timestamp();
    if p.ts > now_s + 300 || p.ts < now_s - RAW_DAYS * 86_400 {
        e.push(FieldError::new("ts", "ops.ts_out_of_range"));
    }
    if !p.value.is_finite() {
        e.push(FieldError::new("value", "field.invalid"));
    }
    e
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ingested {
    pub received: usize,
    pub stored: usize,
    /// points already stored (a resent batch)
    pub duplicates: usize,
}

/// Stores a batch of points (≤ 10,000), all or nothing, and merges the
/// points it stored into their 5-minute and 1-hour aggregates in the same
/// transaction.
pub async fn ingest(
    db: &Db,
    party: Uuid,
    points: &[Point],
) -> Result<std::result::Result<Ingested, Refused>> {
    let at = now();
    let mut refused = check_all(points, MAX_POINTS, |p| validate_point(p, at))?;
    let mut tx = db.begin().await?;
    let wanted: BTreeSet<&str> = points.iter().map(|p| p.resource_id.as_str()).collect();
    let rows = resource_rows(&mut tx, party, &wanted).await?;
    refuse_unknown(
        &mut refused,
        points.iter().map(|x| Some(x.resource_id.as_str())),
        &rows,
    );
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    // the series the batch names: the known ones in one query per 500
    // resources, the others created on first sight
    #[derive(sqlx::FromRow)]
    struct Known {
        id: i64,
        resource_id: Uuid,
        sub_key: String,
        metric: String,
    }
    let mut series: HashMap<(Uuid, String, String), i64> = HashMap::new();
    let ids: Vec<Uuid> = rows.values().copied().collect();
    for chunk in ids.chunks(500) {
        let args: Vec<Val> = chunk.iter().map(|u| Val::Uuid(*u)).collect();
        let marks: Vec<String> = (1..=chunk.len()).map(|k| format!("${k}")).collect();
        let known: Vec<Known> = tx
            .fetch_all(
                &format!(
                    "select id, resource_id, sub_key, metric from ops_series where resource_id in ({})",
                    marks.join(", ")
                ),
                &args,
            )
            .await?;
        series.extend(
            known
                .into_iter()
                .map(|k| ((k.resource_id, k.sub_key, k.metric), k.id)),
        );
    }
    for p in points {
        let key = (
            rows[&p.resource_id],
            p.sub_id.clone().unwrap_or_default(),
            p.metric.clone(),
        );
        if series.contains_key(&key) {
            continue;
        }
        #[derive(sqlx::FromRow)]
        struct S {
            id: i64,
        }
        let id = tx
            .fetch_one::<S>(
                "insert into ops_series (party_id, resource_id, sub_key, metric, unit) values ($1, $2, $3, $4, $5) returning id",
                &vals![party, key.0, &key.1, &key.2, unit_of(p).unwrap_or_default()],
            )
            .await?
            .id;
        series.insert(key, id);
    }
    let keyed: Vec<(i64, i64, f64)> = points
        .iter()
        .map(|p| {
            let sid = series[&(
                rows[&p.resource_id],
                p.sub_id.clone().unwrap_or_default(),
                p.metric.clone(),
            )];
            (sid, p.ts, p.value)
        })
        .collect();
    // the points stored now (a resent one is not): they are what the
    // roll-ups gain
    #[derive(sqlx::FromRow)]
    struct Stored {
        series_id: i64,
        ts: i64,
        value: f64,
    }
    // (series, resolution, bucket) → (min, max, sum, count)
    type Agg = (f64, f64, f64, i64);
    let mut buckets: BTreeMap<(i64, i64, i64), Agg> = BTreeMap::new();
    let mut stored = 0usize;
    for chunk in keyed.chunks(500) {
        let mut args = Vec::with_capacity(chunk.len() * 3);
        let marks: Vec<String> = chunk
            .iter()
            .map(|(s, ts, v)| {
                args.push(Val::Int(*s));
                args.push(Val::Int(*ts));
                args.push(Val::Float(*v));
                let n = args.len();
                format!("(${}, ${}, ${})", n - 2, n - 1, n)
            })
            .collect();
        let new: Vec<Stored> = tx
            .fetch_all(
                &format!(
                    "insert into ops_points (series_id, ts, value) values {} on conflict (series_id, ts) do nothing \
                     returning series_id, ts, value",
                    marks.join(", ")
                ),
                &args,
            )
            .await?;
        stored += new.len();
        for p in new {
            for res in [300i64, 3600] {
                let b = buckets
                    .entry((p.series_id, res, p.ts.div_euclid(res) * res))
                    .or_insert((f64::INFINITY, f64::NEG_INFINITY, 0.0, 0));
                b.0 = b.0.min(p.value);
                b.1 = b.1.max(p.value);
                b.2 += p.value;
                b.3 += 1;
            }
        }
    }
    // merged into the stored aggregates: each bucket row is updated in place,
    // so concurrent batches of the same series add up
    let (least, greatest) = match db.engine() {
        crate::db::Engine::Sqlite => ("min", "max"),
        crate::db::Engine::Postgres => ("least", "greatest"),
    };
    let merged: Vec<_> = buckets.into_iter().collect();
    for chunk in merged.chunks(400) {
        let mut args = Vec::with_capacity(chunk.len() * 7);
        let marks: Vec<String> = chunk
            .iter()
            .map(|((s, res, b), (min, max, sum, count))| {
                args.extend([
                    Val::Int(*s),
                    Val::Int(*res),
                    Val::Int(*b),
                    Val::Float(*min),
                    Val::Float(*max),
                    Val::Float(*sum),
                    Val::Int(*count),
                ]);
                let n = args.len();
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    n - 6,
                    n - 5,
                    n - 4,
                    n - 3,
                    n - 2,
                    n - 1,
                    n
                )
            })
            .collect();
        tx.execute(
            &format!(
                "insert into ops_rollups (series_id, resolution, bucket, min, max, sum, count) values {} \
                 on conflict (series_id, resolution, bucket) do update set \
                 min = {least}(ops_rollups.min, excluded.min), max = {greatest}(ops_rollups.max, excluded.max), \
                 sum = ops_rollups.sum + excluded.sum, count = ops_rollups.count + excluded.count",
                marks.join(", ")
            ),
            &args,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(Ingested {
        received: points.len(),
        stored,
        duplicates: points.len() - stored,
    }))
}

/// How long each resolution is kept.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub raw_days: i64,
    pub five_minute_days: i64,
    pub hour_days: i64,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            raw_days: RAW_DAYS,
            five_minute_days: 90,
            hour_days: 730,
        }
    }
}

/// Removes data older than its retention, one hour of data per statement so
/// that writers never wait long. Returns the rows removed.
pub async fn purge(db: &Db, keep: Retention, at: DateTime<Utc>) -> Result<u64> {
    let now_s = at.timestamp();
    let mut removed = 0;
    for (table, cond, days) in [
        ("ops_points", "", keep.raw_days),
        (
            "ops_rollups",
            " and resolution = 300",
            keep.five_minute_days,
        ),
        ("ops_rollups", " and resolution = 3600", keep.hour_days),
    ] {
        let cutoff = now_s - days * 86_400;
        let column = if table == "ops_points" {
            "ts"
        } else {
            "bucket"
        };
        loop {
            #[derive(sqlx::FromRow)]
            struct M {
                m: Option<i64>,
            }
            let oldest = db
                .fetch_one::<M>(
                    &format!("select min({column}) as m from {table} where {column} < $1{cond}"),
                    &vals![cutoff],
                )
                .await?
                .m;
            let Some(oldest) = oldest else { break };
            let upto = (oldest + 3600).min(cutoff);
            removed += db
                .execute(
                    &format!("delete from {table} where {column} < $1{cond}"),
                    &vals![upto],
                )
                .await?;
        }
    }
    Ok(removed)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct SeriesPoint {
    pub ts: i64,
    pub min: f64,
    pub max: f64,
    pub avg: f64,
}

/// The resolution that suits a range: raw up to 6 hours, 5 minutes up to
/// 7 days, then 1 hour.
pub fn resolution_for(seconds: i64) -> i64 {
    if seconds <= 6 * 3600 {
        0
    } else if seconds <= 7 * 86_400 {
        300
    } else {
        3600
    }
}

// ---------------------------------------------------------------- alarms

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["fingerprint"]))]
pub struct AlarmReport {
    /// the same fingerprint updates the open alarm (source, resource, kind)
    pub fingerprint: String,
    /// `raise` (when absent) or `clear`
    #[schemars(extend("enum" = ["raise", "clear", null]))]
    pub action: Option<String>,
    pub resource_id: Option<String>,
    /// 0 not classified, 1 information, 2 warning, 3 average, 4 high, 5 disaster
    #[schemars(range(min = 0, max = 5))]
    pub severity: i64,
    pub title: String,
    pub detail: String,
}

pub fn validate_alarm(a: &AlarmReport) -> Vec<FieldError> {
    let mut e = Vec::new();
    if !id_ok(&a.fingerprint) {
        e.push(FieldError::new("fingerprint", "ops.id_invalid"));
    }
    let action = a.action.as_deref().unwrap_or("raise");
    if !["raise", "clear"].contains(&action) {
        e.push(FieldError::new("action", "field.invalid"));
    }
    if action == "raise" {
        if !(0..=5).contains(&a.severity) {
            e.push(FieldError::new("severity", "ops.severity_invalid"));
        }
        if !text_ok(&a.title, 200) {
            e.push(FieldError::new("title", "field.required"));
        }
    }
    if a.detail.chars().count() > 4000 {
        e.push(FieldError::new("detail", "field.too_long"));
    }
    if a.resource_id.as_deref().is_some_and(|r| !id_ok(r)) {
        e.push(FieldError::new("resource_id", "ops.id_invalid"));
    }
    e
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AlarmCounts {
    pub raised: usize,
    pub updated: usize,
    pub cleared: usize,
    /// clears of alarms that were not open
    pub ignored: usize,
}

/// Raises, updates (same fingerprint) or clears alarms, all or nothing.
pub async fn report_alarms(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    items: &[AlarmReport],
) -> Result<std::result::Result<AlarmCounts, Refused>> {
    let mut refused = check_all(items, MAX_RECORDS, validate_alarm)?;
    let mut tx = db.begin().await?;
    let wanted: BTreeSet<&str> = items
        .iter()
        .filter_map(|a| a.resource_id.as_deref())
        .collect();
    let rows = resource_rows(&mut tx, party, &wanted).await?;
    refuse_unknown(
        &mut refused,
        items.iter().map(|a| a.resource_id.as_deref()),
        &rows,
    );
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    let t = now();
    let mut c = AlarmCounts::default();
    for a in items {
        if a.action.as_deref() == Some("clear") {
            let n = tx
                .execute(
                    "update ops_alarms set state = 'resolved', resolved_by = $1, resolved_at = $2 \
                     where party_id = $3 and fingerprint = $4 and state <> 'resolved'",
                    &vals!["source", t, party, &a.fingerprint],
                )
                .await?;
            if n > 0 {
                c.cleared += 1;
            } else {
                c.ignored += 1;
            }
            continue;
        }
        let resource = a.resource_id.as_ref().map(|r| rows[r]);
        let n = tx
            .execute(
                "update ops_alarms set severity = $1, title = $2, detail = $3, last_seen_at = $4, occurrences = occurrences + 1 \
                 where party_id = $5 and fingerprint = $6 and state <> 'resolved'",
                &vals![a.severity, a.title.trim(), a.detail.trim(), t, party, &a.fingerprint],
            )
            .await?;
        if n > 0 {
            c.updated += 1;
            continue;
        }
        tx.execute(
            "insert into ops_alarms (id, party_id, fingerprint, resource_id, severity, title, detail, state, raised_at, last_seen_at, occurrences) \
             values ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $8, 1)",
            &vals![new_id(), party, &a.fingerprint, Val::OptUuid(resource), a.severity, a.title.trim(), a.detail.trim(), t],
        )
        .await?;
        c.raised += 1;
    }
    if c.raised + c.cleared > 0 {
        audit::append(
            &mut tx,
            actor,
            Event::new("ops.alarms", "access_party", party, &actor.name).changes(
                serde_json::json!({"raised": c.raised, "updated": c.updated, "cleared": c.cleared}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(c))
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct AlarmRow {
    pub id: Uuid,
    pub party_id: Uuid,
    pub party_name: String,
    pub fingerprint: String,
    pub resource: Option<Uuid>,
    pub resource_name: Option<String>,
    pub severity: i64,
    pub title: String,
    pub detail: String,
    pub state: String,
    pub raised_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub occurrences: i64,
    pub ack_by: Option<String>,
    pub ack_message: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub suppressed_until: Option<DateTime<Utc>>,
}

const ALARM_SELECT: &str = "select a.id, a.party_id, p.name as party_name, a.fingerprint, a.resource_id as resource, r.name as resource_name, \
     a.severity, a.title, a.detail, a.state, a.raised_at, a.last_seen_at, a.occurrences, a.ack_by, a.ack_message, \
     a.resolved_by, a.resolved_at, a.suppressed_until \
     from ops_alarms a join access_parties p on p.id = a.party_id left join ops_resources r on r.id = a.resource_id";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AlarmFilter {
    pub min_severity: Option<i64>,
    pub party: Option<Uuid>,
    /// `open` (open or acknowledged, the default), `resolved`, `all`
    pub state: Option<String>,
    pub resource: Option<Uuid>,
}

fn org_scope(actor: &Actor, args: &mut Vec<Val>, sql: &mut String) -> Result<()> {
    if let Some(org) = actor.org_filter()? {
        push_cond(args, sql, " and p.organisation_id = $?", Val::Uuid(org));
    }
    Ok(())
}

/// Alarms, worst and newest first (owners: their own).
/// Lists of alarms, resources and tickets show at most this many rows, with
/// a notice when more match.
pub const LIST_CAP: usize = 500;
pub const RESOURCE_CAP: usize = 1000;

pub async fn alarms(db: &Db, actor: &Actor, f: &AlarmFilter) -> Result<crate::Capped<AlarmRow>> {
    actor.require(Permission::OpsView)?;
    let mut sql = format!("{ALARM_SELECT} where 1 = 1");
    let mut args = Vec::new();
    org_scope(actor, &mut args, &mut sql)?;
    match f.state.as_deref().unwrap_or("open") {
        "all" => {}
        "resolved" => sql.push_str(" and a.state = 'resolved'"),
        _ => sql.push_str(" and a.state <> 'resolved'"),
    }
    if let Some(s) = f.min_severity {
        push_cond(&mut args, &mut sql, " and a.severity >= $?", Val::Int(s));
    }
    if let Some(p) = f.party {
        push_cond(&mut args, &mut sql, " and a.party_id = $?", Val::Uuid(p));
    }
    if let Some(r) = f.resource {
        push_cond(&mut args, &mut sql, " and a.resource_id = $?", Val::Uuid(r));
    }
    sql.push_str(&format!(
        " order by a.severity desc, a.last_seen_at desc limit {}",
        crate::Capped::<AlarmRow>::limit(LIST_CAP)
    ));
    Ok(crate::Capped::of(
        db.fetch_all(&sql, &args).await?,
        LIST_CAP,
    ))
}

async fn alarm_tx(tx: &mut Tx, actor: &Actor, id: Uuid) -> Result<AlarmRow> {
    let mut sql = format!("{ALARM_SELECT} where a.id = $1");
    let mut args = vec![Val::Uuid(id)];
    org_scope(actor, &mut args, &mut sql)?;
    tx.fetch_optional(&sql, &args)
        .await?
        .ok_or(Error::NotFound("alarm"))
}

/// `acknowledge` (a message required), `resolve`, or `suppress` until a time.
pub async fn act_on_alarm(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    action: &str,
    message: &str,
    until: Option<DateTime<Utc>>,
) -> Result<()> {
    actor.require(Permission::OpsManage)?;
    let mut tx = db.begin().await?;
    let a = alarm_tx(&mut tx, actor, id).await?;
    if a.state == "resolved" {
        return Err(Error::InvalidTransition("resolved → any".into()));
    }
    let t = now();
    match action {
        "acknowledge" => {
            if message.trim().is_empty() {
                return Err(Error::field("message", "field.required"));
            }
            tx.execute(
                "update ops_alarms set state = 'acknowledged', ack_by = $1, ack_message = $2, ack_at = $3 where id = $4",
                &vals![&actor.name, message.trim(), t, id],
            )
            .await?;
        }
        "resolve" => {
            tx.execute(
                "update ops_alarms set state = 'resolved', resolved_by = $1, resolved_at = $2 where id = $3",
                &vals![&actor.name, t, id],
            )
            .await?;
        }
        "suppress" => {
            let Some(until) = until.filter(|u| *u > t) else {
                return Err(Error::field("until", "ops.until_invalid"));
            };
            tx.execute(
                "update ops_alarms set suppressed_until = $1 where id = $2",
                &vals![until, id],
            )
            .await?;
        }
        _ => return Err(Error::field("action", "field.invalid")),
    }
    audit::append(
        &mut tx,
        actor,
        Event::new(&format!("alarm.{action}"), "alarm", id, &a.title)
            .changes(serde_json::json!({"party": a.party_name, "until": until}))
            .reason(message),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- nodes

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["node_id", "name", "interval_seconds"]))]
pub struct Heartbeat {
    pub node_id: String,
    pub name: String,
    pub version: String,
    /// how often the node reports, in seconds (30 to 86,400); silent for longer, the node shows as lost
    #[schemars(range(min = 30, max = 86400))]
    pub interval_seconds: i64,
}

pub fn validate_heartbeat(h: &Heartbeat) -> Vec<FieldError> {
    let mut e = Vec::new();
    if !id_ok(&h.node_id) {
        e.push(FieldError::new("node_id", "ops.id_invalid"));
    }
    if !text_ok(&h.name, 200) {
        e.push(FieldError::new("name", "field.required"));
    }
    if h.version.chars().count() > 40 {
        e.push(FieldError::new("version", "field.too_long"));
    }
    if !(30..=86_400).contains(&h.interval_seconds) {
        e.push(FieldError::new("interval_seconds", "ops.interval_invalid"));
    }
    e
}

/// Records that a node is alive (upsert by its id).
pub async fn heartbeat(db: &Db, party: Uuid, h: &Heartbeat) -> Result<()> {
    let errors = validate_heartbeat(h);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let t = now();
    let n = db
        .execute(
            "update ops_nodes set name = $1, version = $2, interval_seconds = $3, last_seen_at = $4 where party_id = $5 and node_id = $6",
            &vals![h.name.trim(), h.version.trim(), h.interval_seconds, t, party, &h.node_id],
        )
        .await?;
    if n == 0 {
        db.execute(
            "insert into ops_nodes (id, party_id, node_id, name, version, interval_seconds, last_seen_at, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $7) on conflict (party_id, node_id) do nothing",
            &vals![new_id(), party, &h.node_id, h.name.trim(), h.version.trim(), h.interval_seconds, t],
        )
        .await?;
    }
    Ok(())
}

/// A node is lost when it has been silent for longer than its interval.
pub fn is_lost(last_seen: DateTime<Utc>, interval_seconds: i64, at: DateTime<Utc>) -> bool {
    at - last_seen > Duration::seconds(interval_seconds)
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct NodeRow {
    pub party_id: Uuid,
    pub node_id: String,
    pub name: String,
    pub version: String,
    pub interval_seconds: i64,
    pub last_seen_at: DateTime<Utc>,
}

// ---------------------------------------------------------------- overview

/// One party's health at a glance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Health {
    pub party_id: Uuid,
    pub party_name: String,
    pub nodes: i64,
    pub nodes_lost: i64,
    /// open alarms by severity 0–5
    pub alarms: [i64; 6],
    /// API calls and errors in the last 24 hours
    pub calls: i64,
    pub errors: i64,
    pub resources: i64,
    /// the higher, the worse: disasters, high alarms, lost nodes, errors
    pub score: i64,
}

/// Every connected party's health, worst first (owners: their own).
pub async fn overview(db: &Db, actor: &Actor) -> Result<Vec<Health>> {
    actor.require(Permission::OpsView)?;
    let at = now();
    #[derive(sqlx::FromRow)]
    struct P {
        id: Uuid,
        name: String,
    }
    let mut sql = String::from(
        "select p.id, p.name from access_parties p where p.status in ('connected', 'suspended')",
    );
    let mut args = Vec::new();
    org_scope(actor, &mut args, &mut sql)?;
    let parties: Vec<P> = db.fetch_all(&sql, &args).await?;
    let nodes: Vec<NodeRow> = db
        .fetch_all(
            "select party_id, node_id, name, version, interval_seconds, last_seen_at from ops_nodes",
            &[],
        )
        .await?;
    #[derive(sqlx::FromRow)]
    struct A {
        party_id: Uuid,
        severity: i64,
        n: i64,
    }
    let alarms: Vec<A> = db
        .fetch_all(
            "select party_id, severity, count(*) as n from ops_alarms where state <> 'resolved' \
             and (suppressed_until is null or suppressed_until < $1) group by party_id, severity",
            &vals![at],
        )
        .await?;
    #[derive(sqlx::FromRow)]
    struct C {
        party_id: Uuid,
        calls: i64,
        errors: i64,
    }
    let calls: Vec<C> = db
        .fetch_all(
            "select party_id, count(*) as calls, sum(case when code <> 0 then 1 else 0 end) as errors from api_calls \
             where at >= $1 and party_id is not null group by party_id",
            &vals![at - Duration::hours(24)],
        )
        .await?;
    #[derive(sqlx::FromRow)]
    struct Res {
        party_id: Uuid,
        n: i64,
    }
    let resources: Vec<Res> = db
        .fetch_all(
            "select party_id, count(*) as n from ops_resources group by party_id",
            &[],
        )
        .await?;
    let mut out: Vec<Health> = parties
        .into_iter()
        .map(|p| {
            let mine: Vec<&NodeRow> = nodes.iter().filter(|n| n.party_id == p.id).collect();
            let lost = mine
                .iter()
                .filter(|n| is_lost(n.last_seen_at, n.interval_seconds, at))
                .count() as i64;
            let mut a = [0i64; 6];
            for x in alarms.iter().filter(|x| x.party_id == p.id) {
                a[x.severity.clamp(0, 5) as usize] += x.n;
            }
            let (c, e) = calls
                .iter()
                .find(|c| c.party_id == p.id)
                .map(|c| (c.calls, c.errors))
                .unwrap_or((0, 0));
            let error_pct = if c > 0 { e * 100 / c } else { 0 };
            Health {
                party_id: p.id,
                party_name: p.name,
                nodes: mine.len() as i64,
                nodes_lost: lost,
                score: a[5] * 10_000
                    + a[4] * 1_000
                    + lost * 500
                    + a[3] * 100
                    + a[2] * 10
                    + error_pct,
                alarms: a,
                calls: c,
                errors: e,
                resources: resources
                    .iter()
                    .find(|r| r.party_id == p.id)
                    .map(|r| r.n)
                    .unwrap_or(0),
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.party_name.cmp(&b.party_name)));
    Ok(out)
}

// ---------------------------------------------------------------- inventory

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct ResourceRow {
    pub id: Uuid,
    pub party_id: Uuid,
    pub party_name: String,
    pub resource_id: String,
    pub category: String,
    pub kind: String,
    pub name: String,
    pub address: String,
    pub updated_at: DateTime<Utc>,
    /// the worst open alarm's severity, if any
    pub worst: Option<i64>,
}

const RESOURCE_SELECT: &str = "select r.id, r.party_id, p.name as party_name, r.resource_id, r.category, r.kind, r.name, r.address, r.updated_at, \
     (select max(a.severity) from ops_alarms a where a.resource_id = r.id and a.state <> 'resolved') as worst \
     from ops_resources r join access_parties p on p.id = r.party_id";

pub async fn resources(
    db: &Db,
    actor: &Actor,
    party: Option<Uuid>,
    category: Option<&str>,
) -> Result<crate::Capped<ResourceRow>> {
    actor.require(Permission::OpsView)?;
    let mut sql = format!("{RESOURCE_SELECT} where 1 = 1");
    let mut args = Vec::new();
    org_scope(actor, &mut args, &mut sql)?;
    if let Some(p) = party {
        push_cond(&mut args, &mut sql, " and r.party_id = $?", Val::Uuid(p));
    }
    if let Some(c) = category.filter(|c| !c.is_empty()) {
        push_cond(
            &mut args,
            &mut sql,
            " and r.category = $?",
            Val::Text(c.into()),
        );
    }
    sql.push_str(&format!(
        " order by p.name, r.category, r.name limit {}",
        crate::Capped::<ResourceRow>::limit(RESOURCE_CAP)
    ));
    Ok(crate::Capped::of(
        db.fetch_all(&sql, &args).await?,
        RESOURCE_CAP,
    ))
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct SubRow {
    pub sub_id: String,
    pub kind: String,
    pub name: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct SeriesRow {
    pub id: i64,
    pub sub_key: String,
    pub metric: String,
    pub unit: String,
}

/// One resource with its sub-resources and series.
pub async fn resource(
    db: &Db,
    actor: &Actor,
    id: Uuid,
) -> Result<(ResourceRow, Vec<SubRow>, Vec<SeriesRow>)> {
    actor.require(Permission::OpsView)?;
    let mut sql = format!("{RESOURCE_SELECT} where r.id = $1");
    let mut args = vec![Val::Uuid(id)];
    org_scope(actor, &mut args, &mut sql)?;
    let r: ResourceRow = db
        .fetch_optional(&sql, &args)
        .await?
        .ok_or(Error::NotFound("resource"))?;
    let subs = db
        .fetch_all(
            "select sub_id, kind, name, updated_at from ops_sub_resources where resource_id = $1 order by kind, sub_id",
            &vals![id],
        )
        .await?;
    let series = db
        .fetch_all(
            "select id, sub_key, metric, unit from ops_series where resource_id = $1 order by sub_key, metric",
            &vals![id],
        )
        .await?;
    Ok((r, subs, series))
}

/// A series over `[from, to)` at the resolution that suits the range.
pub async fn series(
    db: &Db,
    actor: &Actor,
    resource: Uuid,
    series_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<(i64, Vec<SeriesPoint>)> {
    // the series must belong to a resource the actor may see
    let (_, _, all) = self::resource(db, actor, resource).await?;
    if !all.iter().any(|s| s.id == series_id) {
        return Err(Error::NotFound("series"));
    }
    let (a, b) = (from.timestamp(), to.timestamp());
    if b <= a || b - a > 2 * 366 * 86_400 {
        return Err(Error::field("range", "field.invalid"));
    }
    let res = resolution_for(b - a);
    let rows = if res == 0 {
        db.fetch_all(
            "select ts, value as min, value as max, value as avg from ops_points where series_id = $1 and ts >= $2 and ts < $3 order by ts",
            &vals![series_id, a, b],
        )
        .await?
    } else {
        db.fetch_all(
            "select bucket as ts, min, max, sum / count as avg from ops_rollups where series_id = $1 and resolution = $2 \
             and bucket >= $3 and bucket < $4 order by bucket",
            &vals![series_id, res, a, b],
        )
        .await?
    };
    Ok((res, rows))
}

// ---------------------------------------------------------------- tickets

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["title", "description"]))]
pub struct NewTicket {
    pub title: String,
    pub description: String,
    /// the party's resource id (API) or row id (console)
    pub resource_id: Option<String>,
    pub alarm_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct TicketRow {
    pub id: Uuid,
    pub party_id: Uuid,
    pub party_name: String,
    pub number: String,
    pub title: String,
    pub description: String,
    pub resource: Option<Uuid>,
    pub alarm_id: Option<Uuid>,
    pub state: String,
    pub opened_by: String,
    pub opened_side: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const TICKET_SELECT: &str = "select t.id, t.party_id, p.name as party_name, t.number, t.title, t.description, t.resource_id as resource, \
     t.alarm_id, t.state, t.opened_by, t.opened_side, t.created_at, t.updated_at from ops_tickets t join access_parties p on p.id = t.party_id";

/// Opens a co-operation ticket for `party`: by the party's system (`side`
/// `party`) or by the target's staff (`target`), optionally from an alarm.
pub async fn open_ticket(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    side: &str,
    t: &NewTicket,
    resource: Option<Uuid>,
) -> Result<(Uuid, String)> {
    let mut e = Vec::new();
    if !text_ok(&t.title, 200) {
        e.push(FieldError::new("title", "field.required"));
    }
    if !text_ok(&t.description, 4000) {
        e.push(FieldError::new("description", "field.required"));
    }
    if !e.is_empty() {
        return Err(Error::Validation(e));
    }
    let mut tx = db.begin().await?;
    if let Some(a) = t.alarm_id {
        let alarm = alarm_tx(&mut tx, actor, a).await?;
        if alarm.party_id != party {
            return Err(Error::field("alarm_id", "field.invalid"));
        }
    }
    let at = now();
    let day = at.format("%Y%m%d").to_string();
    let n = tx
        .fetch_one::<crate::db::Count>(
            "select count(*) as n from ops_tickets where number like $1",
            &vals![format!("T{day}%")],
        )
        .await?
        .n;
    let number = format!("T{day}{:04}", n + 1);
    let id = new_id();
    tx.execute(
        "insert into ops_tickets (id, party_id, number, title, description, resource_id, alarm_id, state, opened_by, opened_side, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $10)",
        &vals![id, party, &number, t.title.trim(), t.description.trim(), Val::OptUuid(resource), Val::OptUuid(t.alarm_id), &actor.name, side, at],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("ticket.open", "ticket", id, &number)
            .changes(serde_json::json!({"title": t.title.trim(), "side": side, "alarm_id": t.alarm_id, "resource": resource})),
    )
    .await?;
    tx.commit().await?;
    Ok((id, number))
}

/// The party's resource row by its own id (for tickets through the API).
pub async fn resource_row(db: &Db, party: Uuid, resource_id: &str) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let rows = resource_rows(&mut tx, party, &BTreeSet::from([resource_id])).await?;
    tx.commit().await?;
    rows.get(resource_id)
        .copied()
        .ok_or_else(|| Error::field("resource_id", "ops.resource_unknown"))
}

/// Staff open a ticket from the console (from an alarm: its party and resource).
pub async fn open_ticket_from_console(
    db: &Db,
    actor: &Actor,
    alarm: Uuid,
    t: &NewTicket,
) -> Result<(Uuid, String)> {
    actor.require(Permission::OpsManage)?;
    let mut tx = db.begin().await?;
    let a = alarm_tx(&mut tx, actor, alarm).await?;
    tx.commit().await?;
    let side = if actor.org_scoped() {
        "party"
    } else {
        "target"
    };
    open_ticket(
        db,
        actor,
        a.party_id,
        side,
        &NewTicket {
            alarm_id: Some(alarm),
            ..t.clone()
        },
        a.resource,
    )
    .await
}

/// Where a ticket may go from each state.
pub fn ticket_next(from: &str) -> &'static [&'static str] {
    match from {
        "open" => &["in-progress", "resolved"],
        "in-progress" => &["resolved"],
        "resolved" => &["closed", "in-progress"],
        _ => &[],
    }
}

/// Moves a ticket on, with a message kept in its thread.
pub async fn ticket_act(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    to: Option<&str>,
    message: &str,
) -> Result<()> {
    actor.require(Permission::OpsManage)?;
    let mut tx = db.begin().await?;
    let mut sql = format!("{TICKET_SELECT} where t.id = $1");
    let mut args = vec![Val::Uuid(id)];
    org_scope(actor, &mut args, &mut sql)?;
    let t: TicketRow = tx
        .fetch_optional(&sql, &args)
        .await?
        .ok_or(Error::NotFound("ticket"))?;
    if let Some(to) = to {
        if !ticket_next(&t.state).contains(&to) {
            return Err(Error::InvalidTransition(format!("{} → {to}", t.state)));
        }
    } else if message.trim().is_empty() {
        return Err(Error::field("message", "field.required"));
    }
    let at = now();
    if let Some(to) = to {
        tx.execute(
            "update ops_tickets set state = $1, updated_at = $2 where id = $3",
            &vals![to, at, id],
        )
        .await?;
    }
    if !message.trim().is_empty() || to.is_some() {
        let body = match to {
            Some(to) if message.trim().is_empty() => format!("→ {to}"),
            Some(to) => format!("→ {to}：{}", message.trim()),
            None => message.trim().to_string(),
        };
        tx.execute(
            "insert into ops_ticket_messages (id, ticket_id, author, body, at) values ($1, $2, $3, $4, $5)",
            &vals![new_id(), id, &actor.name, body, at],
        )
        .await?;
    }
    audit::append(
        &mut tx,
        actor,
        Event::new("ticket.update", "ticket", id, &t.number)
            .changes(serde_json::json!({"from": t.state, "to": to, "message": message.trim()})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn tickets(
    db: &Db,
    actor: &Actor,
    state: Option<&str>,
) -> Result<crate::Capped<TicketRow>> {
    actor.require(Permission::OpsView)?;
    let mut sql = format!("{TICKET_SELECT} where 1 = 1");
    let mut args = Vec::new();
    org_scope(actor, &mut args, &mut sql)?;
    if let Some(s) = state.filter(|s| !s.is_empty()) {
        push_cond(
            &mut args,
            &mut sql,
            " and t.state = $?",
            Val::Text(s.into()),
        );
    }
    sql.push_str(&format!(
        " order by t.updated_at desc limit {}",
        crate::Capped::<TicketRow>::limit(LIST_CAP)
    ));
    Ok(crate::Capped::of(
        db.fetch_all(&sql, &args).await?,
        LIST_CAP,
    ))
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct MessageRow {
    pub author: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

pub async fn ticket(db: &Db, actor: &Actor, id: Uuid) -> Result<(TicketRow, Vec<MessageRow>)> {
    actor.require(Permission::OpsView)?;
    let mut sql = format!("{TICKET_SELECT} where t.id = $1");
    let mut args = vec![Val::Uuid(id)];
    org_scope(actor, &mut args, &mut sql)?;
    let t = db
        .fetch_optional(&sql, &args)
        .await?
        .ok_or(Error::NotFound("ticket"))?;
    let m = db
        .fetch_all(
            "select author, body, at from ops_ticket_messages where ticket_id = $1 order by at",
            &vals![id],
        )
        .await?;
    Ok((t, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_one_rule_at_a_time() {
        let r = Resource {
            resource_id: "srv-01".into(),
            category: "server".into(),
            kind: "virtual".into(),
            name: "政务云主机 01".into(),
            ..Default::default()
        };
        assert!(validate_resource(&r).is_empty());
        let fields = |r: Resource| -> Vec<String> {
            validate_resource(&r).into_iter().map(|e| e.field).collect()
        };
        assert_eq!(
            fields(Resource {
                resource_id: "a b".into(),
                ..r.clone()
            }),
            ["resource_id"]
        );
        assert_eq!(
            fields(Resource {
                category: "printer".into(),
                ..r.clone()
            }),
            ["category"]
        );
        assert_eq!(
            fields(Resource {
                kind: "router".into(),
                ..r.clone()
            }),
            ["kind"],
            "a router is no server"
        );
        assert_eq!(
            fields(Resource {
                name: " ".into(),
                ..r.clone()
            }),
            ["name"]
        );

        let at = Utc::now();
        let p = Point {
            resource_id: "srv-01".into(),
            metric: "cpu.usage".into(),
            ts: at.timestamp(),
            value: 42.0,
            ..Default::default()
        };
        assert!(validate_point(&p, at).is_empty());
        let f = |p: Point| -> Vec<String> {
            validate_point(&p, at)
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(
            f(Point {
                metric: "CPU Usage".into(),
                ..p.clone()
            }),
            ["metric"]
        );
        assert_eq!(
            f(Point {
                metric: "queue.depth".into(),
                ..p.clone()
            }),
            ["unit"],
            "a custom metric needs a unit"
        );
        assert!(f(Point {
            metric: "queue.depth".into(),
            unit: Some("count".into()),
            ..p.clone()
        })
        .is_empty());
        assert_eq!(
            f(Point {
                ts: at.timestamp() + 3600,
                ..p.clone()
            }),
            ["ts"]
        );
        assert_eq!(
            f(Point {
                ts: at.timestamp() - 8 * 86_400,
                ..p.clone()
            }),
            ["ts"]
        );
        assert_eq!(
            f(Point {
                value: f64::NAN,
                ..p.clone()
            }),
            ["value"]
        );

        let a = AlarmReport {
            fingerprint: "zabbix:srv-01:cpu".into(),
            severity: 4,
            title: "CPU 持续高于 95%".into(),
            ..Default::default()
        };
        assert!(validate_alarm(&a).is_empty());
        assert_eq!(
            validate_alarm(&AlarmReport {
                severity: 6,
                ..a.clone()
            })[0]
                .field,
            "severity"
        );
        assert!(
            validate_alarm(&AlarmReport {
                action: Some("clear".into()),
                title: String::new(),
                ..a.clone()
            })
            .is_empty(),
            "a clear needs only the fingerprint"
        );
        assert_eq!(
            validate_alarm(&AlarmReport {
                action: Some("mute".into()),
                ..a
            })[0]
                .field,
            "action"
        );
    }

    #[test]
    fn resolutions_and_lost_nodes() {
        assert_eq!(resolution_for(3600), 0);
        assert_eq!(resolution_for(86_400), 300);
        assert_eq!(resolution_for(30 * 86_400), 3600);
        let t = Utc::now();
        assert!(!is_lost(t - Duration::seconds(60), 60, t));
        assert!(is_lost(t - Duration::seconds(61), 60, t));
        assert_eq!(ticket_next("open"), ["in-progress", "resolved"]);
        assert!(ticket_next("closed").is_empty());
    }
}
