//! Implementation lists (实施清单, R-6.2.c): parties report how each catalog
//! item is carried out locally; valid batches wait for review; reviewers see
//! what changed since the last approval, field by field, and approve some
//! items while returning others with a reason.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::actor::Actor;
use crate::audit::{self, Event};
use crate::db::{push_cond, Db, Val};
use crate::error::{Error, FieldError, Result};
use crate::organisation::uscc_valid;
use crate::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

pub const MAX_BATCH: usize = 1000;

/// One implementation-list item as a party reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImplItem {
    /// 实施编码: 36 letters or digits
    pub implementation_code: String,
    /// 基本编码: must be in the published basic catalog
    pub basic_code: String,
    pub item_type: String,
    pub name: String,
    pub implementer_name: String,
    pub implementer_uscc: String,
    pub division_code: String,
    pub statutory_limit: i64,
    pub statutory_unit: String,
    pub promised_limit: i64,
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

/// A batch refused: the errors of each failing record, by its index.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub index: usize,
    pub implementation_code: String,
    pub errors: Vec<FieldError>,
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

/// Stores a valid batch for review, all or nothing: when any record fails,
/// the whole batch is refused with every failing record named.
pub async fn submit(
    db: &Db,
    actor: &Actor,
    party: Uuid,
    items: &[ImplItem],
) -> Result<std::result::Result<usize, Vec<Refusal>>> {
    if items.is_empty() || items.len() > MAX_BATCH {
        return Err(Error::field("records", "impl.batch_size"));
    }
    let catalog = catalog_types(db).await?;
    let mut refused = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, i) in items.iter().enumerate() {
        let mut errors = validate(i, &catalog);
        if !seen.insert(i.implementation_code.clone()) {
            errors.push(FieldError::new(
                "implementation_code",
                "import.duplicate_code",
            ));
        }
        if !errors.is_empty() {
            refused.push(Refusal {
                index,
                implementation_code: i.implementation_code.clone(),
                errors,
            });
        }
    }
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    let t = now();
    let mut tx = db.begin().await?;
    let mut changed = 0;
    for i in items {
        let data = serde_json::to_string(i).expect("serialisable");
        #[derive(sqlx::FromRow)]
        struct Ex {
            data: String,
            status: String,
        }
        let ex: Option<Ex> = tx
            .fetch_optional(
                "select data, status from impl_items where party_id = $1 and implementation_code = $2",
                &vals![party, &i.implementation_code],
            )
            .await?;
        match ex {
            Some(ex) if ex.data == data && ex.status != "returned" => continue,
            Some(_) => {
                tx.execute(
                    "update impl_items set basic_code = $1, name = $2, division_code = $3, department = $4, item_type = $5, \
                     status = $6, data = $7, comment = null, submitted_at = $8 where party_id = $9 and implementation_code = $10",
                    &vals![&i.basic_code, i.name.trim(), &i.division_code, i.implementer_name.trim(), &i.item_type, "pending", &data, t, party, &i.implementation_code],
                )
                .await?;
            }
            None => {
                tx.execute(
                    "insert into impl_items (id, party_id, implementation_code, basic_code, name, division_code, department, item_type, status, data, submitted_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    &vals![new_id(), party, &i.implementation_code, &i.basic_code, i.name.trim(), &i.division_code, i.implementer_name.trim(), &i.item_type, "pending", &data, t],
                )
                .await?;
            }
        }
        changed += 1;
    }
    if changed > 0 {
        audit::append(
            &mut tx,
            actor,
            Event::new("impl.submit", "access_party", party, &actor.name)
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

fn flat(i: &ImplItem) -> BTreeMap<String, String> {
    match serde_json::to_value(i).expect("serialisable") {
        serde_json::Value::Object(m) => m
            .into_iter()
            .map(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k, s)
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// Field-by-field changes from `old` (None: a new item) to `new`.
pub fn diff(old: Option<&ImplItem>, new: &ImplItem) -> Vec<FieldChange> {
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

#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    pub party_id: Uuid,
    pub party_name: String,
    pub implementation_code: String,
    pub name: String,
    pub is_new: bool,
    pub changes: Vec<FieldChange>,
    pub submitted_at: DateTime<Utc>,
}

/// What waits for review, by party, with the changes since approval.
pub async fn queue(db: &Db, actor: &Actor) -> Result<Vec<Pending>> {
    actor.require(Permission::ApplicationReview)?;
    #[derive(sqlx::FromRow)]
    struct Rec {
        party_id: Uuid,
        party_name: String,
        implementation_code: String,
        name: String,
        data: String,
        approved_data: Option<String>,
        submitted_at: DateTime<Utc>,
    }
    let rows: Vec<Rec> = db
        .fetch_all(
            "select i.party_id, p.name as party_name, i.implementation_code, i.name, i.data, i.approved_data, i.submitted_at \
             from impl_items i join access_parties p on p.id = i.party_id where i.status = $1 \
             order by p.name, i.implementation_code limit 1000",
            &vals!["pending"],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let new: ImplItem = serde_json::from_str(&r.data).unwrap_or_default();
            let old: Option<ImplItem> = r
                .approved_data
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok());
            Pending {
                is_new: old.is_none(),
                changes: diff(old.as_ref(), &new),
                party_id: r.party_id,
                party_name: r.party_name,
                implementation_code: r.implementation_code,
                name: r.name,
                submitted_at: r.submitted_at,
            }
        })
        .collect())
}

/// Approves (`approve`) or returns with `reason` the given pending items
/// of a party. One transaction, audited.
pub async fn review(
    db: &Db,
    actor: &Actor,
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
    let t = now();
    let mut tx = db.begin().await?;
    let mut n = 0;
    for code in codes {
        let sql = if approve {
            "update impl_items set status = $1, approved_data = data, comment = $2, reviewed_by = $3, reviewed_at = $4 \
             where party_id = $5 and implementation_code = $6 and status = 'pending'"
        } else {
            "update impl_items set status = $1, comment = $2, reviewed_by = $3, reviewed_at = $4 \
             where party_id = $5 and implementation_code = $6 and status = 'pending'"
        };
        n += tx
            .execute(
                sql,
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
            if approve {
                "impl.approve"
            } else {
                "impl.return"
            },
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

/// Reported items with their review status and comment, newest first:
/// operators see their own organisation's only.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ItemRow {
    pub party_name: String,
    pub implementation_code: String,
    pub name: String,
    pub status: String,
    pub comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub submitted_at: DateTime<Utc>,
}

pub async fn list(db: &Db, actor: &Actor, status: Option<&str>) -> Result<Vec<ItemRow>> {
    actor.require(Permission::CatalogView)?;
    let mut sql = String::from(
        "select p.name as party_name, i.implementation_code, i.name, i.status, i.comment, i.reviewed_by, i.reviewed_at, i.submitted_at \
         from impl_items i join access_parties p on p.id = i.party_id where 1 = 1",
    );
    let mut args = Vec::new();
    if actor.roles.iter().any(|r| r.is_org_scoped()) {
        let org = actor.organisation_id.ok_or(Error::Forbidden)?;
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
    sql.push_str(" order by i.submitted_at desc, i.implementation_code limit 500");
    db.fetch_all(&sql, &args).await
}

/// The status and reviewer comment of one item, for the party that owns it.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub implementation_code: String,
    pub status: String,
    pub comment: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub item: ImplItem,
}

pub async fn outcome(db: &Db, party: Uuid, code: &str) -> Result<Outcome> {
    #[derive(sqlx::FromRow)]
    struct Rec {
        status: String,
        comment: Option<String>,
        reviewed_at: Option<DateTime<Utc>>,
        data: String,
    }
    let r: Rec = db
        .fetch_optional(
            "select status, comment, reviewed_at, data from impl_items where party_id = $1 and implementation_code = $2",
            &vals![party, code],
        )
        .await?
        .ok_or(Error::NotFound("implementation item"))?;
    Ok(Outcome {
        implementation_code: code.to_string(),
        status: r.status,
        comment: r.comment.filter(|c| !c.is_empty()),
        reviewed_at: r.reviewed_at,
        item: serde_json::from_str(&r.data).unwrap_or_default(),
    })
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
    }
}
