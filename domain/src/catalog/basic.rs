//! The basic catalog of service items (基本目录, R-6.2.a): target staff add,
//! change and retire items as drafts; publishing turns all drafts into a new
//! catalog version. Parties pull increments (`changes_since`) and, applying
//! every one from version 0, hold exactly the published catalog.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::db::{Db, Val};
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::now;
use crate::vals;

pub use gsp_protocol::codes::catalog::ITEM_TYPES;
pub use gsp_protocol::codes::catalog::LEVELS;
pub use gsp_protocol::codes::catalog::OBJECTS;
pub use gsp_protocol::codes::catalog::UNITS;

/// One item of the basic catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(rename = "CatalogItem", extend("required" = ["basic_code", "name", "item_type", "department", "legal_basis", "levels", "objects"]))]
pub struct Item {
    /// 基本编码: 12 characters, unique
    pub basic_code: String,
    pub name: String,
    #[schemars(extend("enum" = ITEM_TYPES))]
    pub item_type: String,
    /// 主管部门
    pub department: String,
    /// 设定依据
    pub legal_basis: String,
    /// 行使层级
    #[schemars(extend("items" = {"enum": LEVELS}))]
    pub levels: Vec<String>,
    /// 服务对象
    #[schemars(extend("items" = {"enum": OBJECTS}))]
    pub objects: Vec<String>,
    /// 法定办结时限
    pub statutory_limit: Option<i64>,
    #[schemars(extend("enum" = crate::schema::or_null(&UNITS)))]
    pub statutory_unit: Option<String>,
}

pub fn validate(i: &Item) -> Vec<FieldError> {
    let mut e = Vec::new();
    let mut need = |ok: bool, f: &str, c: &str| {
        if !ok {
            e.push(FieldError::new(f, c));
        }
    };
    need(
        i.basic_code.len() == 12 && i.basic_code.bytes().all(|b| b.is_ascii_alphanumeric()),
        "basic_code",
        "catalog.basic_code_invalid",
    );
    let n = i.name.trim().chars().count();
    need(n > 0 && n <= 200, "name", "field.required");
    need(
        ITEM_TYPES.contains(&i.item_type.as_str()),
        "item_type",
        "field.invalid",
    );
    let d = i.department.trim().chars().count();
    need(d > 0 && d <= 100, "department", "field.required");
    let l = i.legal_basis.trim().chars().count();
    need(l > 0 && l <= 4000, "legal_basis", "field.required");
    need(
        !i.levels.is_empty() && i.levels.iter().all(|x| LEVELS.contains(&x.as_str())),
        "levels",
        "field.required",
    );
    need(
        !i.objects.is_empty() && i.objects.iter().all(|x| OBJECTS.contains(&x.as_str())),
        "objects",
        "field.required",
    );
    need(
        i.statutory_limit.is_none_or(|x| (0..=10_000).contains(&x)),
        "statutory_limit",
        "field.invalid",
    );
    need(
        match (i.statutory_limit, i.statutory_unit.as_deref()) {
            (Some(_), Some(u)) => UNITS.contains(&u),
            (Some(_), None) => false,
            (None, None) => true,
            (None, Some(_)) => false,
        },
        "statutory_unit",
        "field.invalid",
    );
    e
}

pub(crate) fn normalised(i: &Item) -> Item {
    let mut x = i.clone();
    x.basic_code = x.basic_code.trim().to_uppercase();
    x.name = x.name.trim().into();
    x.department = x.department.trim().into();
    x.legal_basis = x.legal_basis.trim().into();
    x.levels.sort_by_key(|l| LEVELS.iter().position(|x| x == l));
    x.levels.dedup();
    x.objects
        .sort_by_key(|o| OBJECTS.iter().position(|x| x == o));
    x.objects.dedup();
    x
}

#[derive(sqlx::FromRow)]
struct Published {
    data: String,
    retired: bool,
}

/// Adds or changes an item as a draft (published at the next `publish`).
pub async fn save_draft(db: &Db, actor: &Actor, item: &Item) -> Result<()> {
    actor.require(Permission::CatalogManage)?;
    let item = normalised(item);
    let errors = validate(&item);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut tx = db.begin().await?;
    let published: Option<Published> = tx
        .fetch_optional(
            "select data, retired from catalog_items where basic_code = $1",
            &vals![&item.basic_code],
        )
        .await?;
    let kind = match &published {
        None => "add",
        Some(p) if p.retired => "add",
        Some(_) => "change",
    };
    let data = serde_json::to_string(&item).expect("serialisable");
    if published
        .as_ref()
        .is_some_and(|p| !p.retired && p.data == data)
    {
        // back to what is published: no draft
        tx.execute(
            "delete from catalog_drafts where basic_code = $1",
            &vals![&item.basic_code],
        )
        .await?;
    } else {
        tx.execute(
            "delete from catalog_drafts where basic_code = $1",
            &vals![&item.basic_code],
        )
        .await?;
        tx.execute(
            "insert into catalog_drafts (basic_code, kind, data, reason, updated_by, updated_at) values ($1, $2, $3, $4, $5, $6)",
            &vals![&item.basic_code, kind, &data, "", &actor.name, now()],
        )
        .await?;
    }
    audit::append(
        &mut tx,
        actor,
        Event::new(
            "catalog.draft",
            "catalog_item",
            &item.basic_code,
            &item.name,
        )
        .changes(serde_json::json!({"kind": kind, "item": item})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Drafts the retirement of a published item, with a reason.
pub async fn retire_draft(db: &Db, actor: &Actor, basic_code: &str, reason: &str) -> Result<()> {
    actor.require(Permission::CatalogManage)?;
    if reason.trim().is_empty() {
        return Err(Error::field("reason", "reason.required"));
    }
    let mut tx = db.begin().await?;
    let p: Published = tx
        .fetch_optional(
            "select data, retired from catalog_items where basic_code = $1",
            &vals![basic_code],
        )
        .await?
        .ok_or(Error::NotFound("catalog item"))?;
    if p.retired {
        return Err(Error::InvalidTransition("retired → retire".into()));
    }
    tx.execute(
        "delete from catalog_drafts where basic_code = $1",
        &vals![basic_code],
    )
    .await?;
    tx.execute(
        "insert into catalog_drafts (basic_code, kind, data, reason, updated_by, updated_at) values ($1, $2, $3, $4, $5, $6)",
        &vals![basic_code, "retire", &p.data, reason.trim(), &actor.name, now()],
    )
    .await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("catalog.draft", "catalog_item", basic_code, basic_code)
            .changes(serde_json::json!({"kind": "retire"}))
            .reason(reason),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Drops a draft.
pub async fn discard_draft(db: &Db, actor: &Actor, basic_code: &str) -> Result<()> {
    actor.require(Permission::CatalogManage)?;
    let mut tx = db.begin().await?;
    let n = tx
        .execute(
            "delete from catalog_drafts where basic_code = $1",
            &vals![basic_code],
        )
        .await?;
    if n == 0 {
        return Err(Error::NotFound("draft"));
    }
    audit::append(
        &mut tx,
        actor,
        Event::new("catalog.discard", "catalog_item", basic_code, basic_code),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes every draft as the next catalog version; returns it.
pub async fn publish(db: &Db, actor: &Actor, note: &str) -> Result<i64> {
    actor.require(Permission::CatalogManage)?;
    #[derive(sqlx::FromRow)]
    struct Draft {
        basic_code: String,
        kind: String,
        data: String,
    }
    let mut tx = db.begin().await?;
    let drafts: Vec<Draft> = tx
        .fetch_all(
            "select basic_code, kind, data from catalog_drafts order by basic_code",
            &[],
        )
        .await?;
    if drafts.is_empty() {
        return Err(Error::field("drafts", "catalog.nothing_to_publish"));
    }
    let version =
        tx.fetch_one::<crate::db::Count>(
            "select coalesce(max(version), 0) as n from catalog_versions",
            &[],
        )
        .await?
        .n + 1;
    let t = now();
    for d in &drafts {
        let retired = d.kind == "retire";
        let item: Item = serde_json::from_str(&d.data).unwrap_or_default();
        let n = tx
            .execute(
                "update catalog_items set data = $1, name = $2, item_type = $3, department = $4, retired = $5, version = $6, updated_at = $7 where basic_code = $8",
                &vals![&d.data, &item.name, &item.item_type, &item.department, retired, version, t, &d.basic_code],
            )
            .await?;
        if n == 0 {
            tx.execute(
                "insert into catalog_items (basic_code, data, name, item_type, department, retired, version, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
                &vals![&d.basic_code, &d.data, &item.name, &item.item_type, &item.department, retired, version, t],
            )
            .await?;
        }
    }
    tx.execute(
        "insert into catalog_versions (version, published_at, published_by, note, changes) values ($1, $2, $3, $4, $5)",
        &vals![version, t, &actor.name, note.trim(), drafts.len() as i64],
    )
    .await?;
    tx.execute("delete from catalog_drafts", &[]).await?;
    audit::append(
        &mut tx,
        actor,
        Event::new("catalog.publish", "catalog", version, format!("v{version}")).changes(
            serde_json::json!({"version": version, "changes": drafts.iter().map(|d| serde_json::json!({"basic_code": d.basic_code, "kind": d.kind})).collect::<Vec<_>>()}),
        ).reason(note),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

pub async fn current_version(db: &Db) -> Result<i64> {
    Ok(db
        .fetch_one::<crate::db::Count>(
            "select coalesce(max(version), 0) as n from catalog_versions",
            &[],
        )
        .await?
        .n)
}

/// One item in an increment: its whole current state, or retired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub basic_code: String,
    pub version: i64,
    pub retired: bool,
    pub item: Item,
}

/// Items changed in versions after `since`, by basic code, after `after`.
pub async fn changes_since(
    db: &Db,
    since: i64,
    after: Option<&str>,
    limit: i64,
) -> Result<(Vec<Change>, Option<String>)> {
    #[derive(sqlx::FromRow)]
    struct Row {
        basic_code: String,
        version: i64,
        retired: bool,
        data: String,
    }
    let limit = limit.clamp(1, 1000);
    let rows: Vec<Row> = db
        .fetch_all(
            &format!(
                "select basic_code, version, retired, data from catalog_items where version > $1 and basic_code > $2 \
                 order by basic_code limit {}",
                limit + 1
            ),
            &vals![since, after.unwrap_or("")],
        )
        .await?;
    let mut out: Vec<Change> = rows
        .into_iter()
        .map(|r| Change {
            item: serde_json::from_str(&r.data).unwrap_or_default(),
            basic_code: r.basic_code,
            version: r.version,
            retired: r.retired,
        })
        .collect();
    let next = crate::db::next_cursor(&mut out, limit, |c| c.basic_code.clone());
    Ok((out, next))
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct Row {
    pub basic_code: String,
    pub name: String,
    pub item_type: String,
    pub department: String,
    pub retired: bool,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub data: String,
}

/// Published items (retired ones too), by basic code, with filters.
pub async fn list(
    db: &Db,
    actor: &Actor,
    q: Option<&str>,
    item_type: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> Result<(Vec<Row>, Option<String>)> {
    actor.require(Permission::CatalogView)?;
    let mut sql = String::from(
        "select basic_code, name, item_type, department, retired, version, updated_at, data from catalog_items where basic_code > $1",
    );
    let mut args: Vec<Val> = vec![Val::Text(after.unwrap_or("").to_string())];
    if let Some(q) = q.map(str::trim).filter(|s| !s.is_empty()) {
        args.push(Val::Text(q.to_uppercase()));
        args.push(Val::Text(format!("%{q}%")));
        sql.push_str(&format!(
            " and (basic_code = ${} or name like ${} or department like ${})",
            args.len() - 1,
            args.len(),
            args.len()
        ));
    }
    if let Some(t) = item_type.filter(|s| !s.is_empty()) {
        args.push(Val::Text(t.into()));
        sql.push_str(&format!(" and item_type = ${}", args.len()));
    }
    let limit = limit.clamp(1, 200);
    sql.push_str(&format!(" order by basic_code limit {}", limit + 1));
    let mut rows: Vec<Row> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| r.basic_code.clone());
    Ok((rows, next))
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct DraftRow {
    pub basic_code: String,
    pub kind: String,
    pub data: String,
    pub reason: String,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

pub async fn drafts(db: &Db, actor: &Actor) -> Result<Vec<DraftRow>> {
    actor.require(Permission::CatalogView)?;
    db.fetch_all(
        "select basic_code, kind, data, reason, updated_by, updated_at from catalog_drafts order by basic_code",
        &[],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn item(code: &str) -> Item {
        Item {
            basic_code: code.into(),
            name: "公共场所卫生许可".into(),
            item_type: "licensing".into(),
            department: "卫生健康委员会".into(),
            legal_basis: "《公共场所卫生管理条例》第八条".into(),
            levels: vec!["municipal".into(), "county".into()],
            objects: vec!["legal-person".into()],
            statutory_limit: Some(20),
            statutory_unit: Some("working-days".into()),
        }
    }

    #[test]
    fn validation_one_rule_at_a_time() {
        assert!(validate(&item("000117002000")).is_empty());
        type Break = Box<dyn Fn(&mut Item)>;
        let cases: Vec<(&str, Break)> = vec![
            (
                "basic_code",
                Box::new(|i| i.basic_code = "00011700200".into()),
            ),
            ("name", Box::new(|i| i.name = " ".into())),
            ("item_type", Box::new(|i| i.item_type = "favour".into())),
            ("department", Box::new(|i| i.department = String::new())),
            ("legal_basis", Box::new(|i| i.legal_basis = String::new())),
            ("levels", Box::new(|i| i.levels = vec!["galactic".into()])),
            ("objects", Box::new(|i| i.objects.clear())),
            (
                "statutory_limit",
                Box::new(|i| i.statutory_limit = Some(-3)),
            ),
            (
                "statutory_unit",
                Box::new(|i| i.statutory_unit = Some("weeks".into())),
            ),
        ];
        for (field, breaks) in cases {
            let mut i = item("000117002000");
            breaks(&mut i);
            let got: Vec<String> = validate(&i).into_iter().map(|e| e.field).collect();
            assert_eq!(got, [field], "{field}");
        }
    }
}
