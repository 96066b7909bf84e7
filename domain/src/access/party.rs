//! The registry of access parties: what may connect to this target,
//! checked against the relations the standard allows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::organisation::uscc_valid;
use crate::actor::Actor;
use crate::db::{push_cond as push, Db, Val};
use crate::division::{self, Level};
use crate::error::{Error, FieldError, Result};
use crate::security::audit::{self, Event};
use crate::security::role::Permission;
use crate::time::{new_id, now};
use crate::vals;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// 自建系统: a department's own system.
    SelfBuilt,
    /// 市级平台
    CityPlatform,
    /// 省级平台
    ProvincialPlatform,
    /// 国务院部门平台
    MinistryPlatform,
    /// 第三方服务 (logistics, payment, ...)
    ThirdParty,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::SelfBuilt,
        Kind::CityPlatform,
        Kind::ProvincialPlatform,
        Kind::MinistryPlatform,
        Kind::ThirdParty,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::SelfBuilt => "self-built",
            Kind::CityPlatform => "city-platform",
            Kind::ProvincialPlatform => "provincial-platform",
            Kind::MinistryPlatform => "ministry-platform",
            Kind::ThirdParty => "third-party",
        }
    }

    pub fn from_code(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Platforms must hold a 等保 level-3 certificate to be approved.
    pub fn is_platform(self) -> bool {
        matches!(
            self,
            Kind::CityPlatform | Kind::ProvincialPlatform | Kind::MinistryPlatform
        )
    }
}

/// This instance: the target's own level and division (configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub level: Level,
    pub division: String,
}

impl Instance {
    pub fn new(level: Level, division: &str) -> std::result::Result<Instance, &'static str> {
        if matches!(level, Level::County) {
            // platforms are built at province and city level (and nationally)
            return Err("instance.level");
        }
        division::check(division, level)?;
        Ok(Instance {
            level,
            division: division.to_string(),
        })
    }
}

/// The relations of. Returns the key of the rule that is broken.
pub fn check_relation(
    target: &Instance,
    kind: Kind,
    level: Level,
    division: &str,
) -> std::result::Result<(), &'static str> {
    let ok = match kind {
        // .a: a self-built system connects to the platform of its own level
        Kind::SelfBuilt => level == target.level && division::within(division, &target.division),
        // .b: a city platform connects to its provincial platform
        Kind::CityPlatform => {
            target.level == Level::Provincial
                && level == Level::Municipal
                && division::within(division, &target.division)
        }
        // .c: provincial and ministry platforms connect to the national platform
        Kind::ProvincialPlatform => target.level == Level::National && level == Level::Provincial,
        Kind::MinistryPlatform => target.level == Level::National && level == Level::National,
        // .d: a third-party service connects to a platform of any level
        Kind::ThirdParty => true,
    };
    if ok {
        Ok(())
    } else {
        Err(match kind {
            Kind::SelfBuilt => "relation.self_built",
            Kind::CityPlatform => "relation.city_platform",
            Kind::ProvincialPlatform => "relation.provincial_platform",
            Kind::MinistryPlatform => "relation.ministry_platform",
            Kind::ThirdParty => "relation.third_party",
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

fn phone_ok(p: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // mobile: 11 digits starting 1[3-9]; landline: 0 + area code, optional '-', 7–8 digits
    (p.len() == 11 && p.starts_with('1') && matches!(p.as_bytes()[1], b'3'..=b'9') && digits(p))
        || match p.split_once('-') {
            Some((area, num)) => {
                area.starts_with('0')
                    && (3..=4).contains(&area.len())
                    && digits(area)
                    && (7..=8).contains(&num.len())
                    && digits(num)
            }
            None => p.starts_with('0') && (10..=12).contains(&p.len()) && digits(p),
        }
}

fn email_ok(e: &str) -> bool {
    match e.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(' ')
        }
        None => false,
    }
}

/// What a reviewer types to register a party.
#[derive(Debug, Clone, Default)]
pub struct NewParty {
    pub name: String,
    pub kind: String,
    pub level: String,
    pub division_code: String,
    pub organisation_name: String,
    pub uscc: String,
    pub contact: Contact,
}

pub use gsp_protocol::codes::access_party::STATUSES;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PartyRow {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub division_code: String,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub uscc: String,
    pub contacts: String,
    pub status: String,
    /// An expired 等保 or 密评 certificate: 需整改.
    pub rectification: bool,
    pub created_at: DateTime<Utc>,
}

/// Validates every field, naming each one that is wrong, then the relation.
pub fn validate(target: &Instance, p: &NewParty) -> Result<(Kind, Level)> {
    let mut e = Vec::new();
    let n = p.name.trim().chars().count();
    if n == 0 || n > 100 {
        e.push(FieldError::new("name", "party.name_invalid"));
    }
    let kind = Kind::from_code(&p.kind);
    if kind.is_none() {
        e.push(FieldError::new("kind", "field.invalid"));
    }
    let level = Level::from_code(&p.level);
    if level.is_none() {
        e.push(FieldError::new("level", "field.invalid"));
    }
    if let Some(l) = level {
        if let Err(code) = division::check(p.division_code.trim(), l) {
            e.push(FieldError::new("division_code", code));
        }
    }
    let on = p.organisation_name.trim().chars().count();
    if on == 0 || on > 100 {
        e.push(FieldError::new("organisation_name", "org.name_invalid"));
    }
    if !uscc_valid(&p.uscc.trim().to_uppercase()) {
        e.push(FieldError::new("uscc", "org.uscc_invalid"));
    }
    if p.contact.name.trim().is_empty() {
        e.push(FieldError::new(
            "contact_name",
            "party.contact_name_required",
        ));
    }
    if !phone_ok(p.contact.phone.trim()) {
        e.push(FieldError::new("contact_phone", "party.phone_invalid"));
    }
    if !email_ok(p.contact.email.trim()) {
        e.push(FieldError::new("contact_email", "party.email_invalid"));
    }
    if let (Some(k), Some(l)) = (kind, level) {
        if e.iter().all(|f| f.field != "division_code") {
            if let Err(rule) = check_relation(target, k, l, p.division_code.trim()) {
                e.push(FieldError::new("kind", rule));
            }
        }
    }
    match (e.is_empty(), kind, level) {
        (true, Some(k), Some(l)) => Ok((k, l)),
        _ => Err(Error::Validation(e)),
    }
}

/// Registers a party (and its owning organisation, found by its USCC or
/// created) in one transaction, audited.
pub async fn register(db: &Db, actor: &Actor, target: &Instance, p: &NewParty) -> Result<Uuid> {
    actor.require(Permission::PartyManage)?;
    let (kind, level) = validate(target, p)?;
    let uscc = p.uscc.trim().to_uppercase();
    let name = p.name.trim();
    let t = now();
    let mut tx = db.begin().await?;
    #[derive(sqlx::FromRow)]
    struct OrgId {
        id: Uuid,
    }
    let org = match tx
        .fetch_optional::<OrgId>(
            "select id from organisations where uscc = $1",
            &vals![&uscc],
        )
        .await?
    {
        Some(o) => o.id,
        None => {
            let id = new_id();
            tx.execute(
                "insert into organisations (id, name, uscc, kind, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)",
                &vals![id, p.organisation_name.trim(), &uscc, "access-party", t],
            )
            .await?;
            audit::append(
                &mut tx,
                actor,
                Event::new(
                    "organisation.create",
                    "organisation",
                    id,
                    p.organisation_name.trim(),
                )
                .changes(serde_json::json!({"uscc": uscc, "kind": "access-party"})),
            )
            .await?;
            id
        }
    };
    let id = new_id();
    let contacts = serde_json::to_string(&[&p.contact]).expect("serialisable");
    tx.execute(
        "insert into access_parties (id, name, kind, level, division_code, organisation_id, contacts, status, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        &vals![id, name, kind.code(), level.code(), p.division_code.trim(), org, &contacts, "registered", t],
    )
    .await
    .map_err(|e| if e.is_unique_violation() { Error::field("name", "party.name_taken") } else { e })?;
    audit::append(
        &mut tx,
        actor,
        Event::new("party.register", "access_party", id, name).changes(serde_json::json!({
            "kind": kind.code(), "level": level.code(), "division_code": p.division_code.trim(),
            "uscc": uscc, "contacts": [&p.contact],
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub level: Option<String>,
    /// A division code: parties within it.
    pub region: Option<String>,
    pub status: Option<String>,
}

/// Parties ordered by name (then id), after the party `after` (keyset).
/// Operators see only their own organisation's parties.
pub async fn list(
    db: &Db,
    actor: &Actor,
    f: &Filter,
    after: Option<Uuid>,
    limit: i64,
) -> Result<(Vec<PartyRow>, Option<Uuid>)> {
    actor.require(Permission::PartyView)?;
    let sql = String::from(
        "select p.id, p.name, p.kind, p.level, p.division_code, p.organisation_id, o.name as organisation_name, o.uscc, \
         p.contacts, p.status, {} as rectification, p.created_at from access_parties p join organisations o on o.id = p.organisation_id where 1 = 1",
    );
    let mut sql = sql.replace("{}", &crate::access::party::rectification_sql(1));
    let mut args: Vec<Val> = vec![Val::Text(crate::time::today())];
    if let Some(org) = actor.org_filter()? {
        push(
            &mut args,
            &mut sql,
            " and p.organisation_id = $?",
            Val::Uuid(org),
        );
    }
    if let Some(a) = after {
        push(
            &mut args,
            &mut sql,
            " and (p.name, p.id) > (select name, id from access_parties where id = $?)",
            Val::Uuid(a),
        );
    }
    let nonempty = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(q) = nonempty(&f.q) {
        // a part of the name, or exactly a unified social credit code or division code
        args.push(Val::Text(format!("%{q}%")));
        args.push(Val::Text(q.to_uppercase()));
        let (like, exact) = (args.len() - 1, args.len());
        sql.push_str(&format!(
            " and (p.name like ${like} or o.uscc = ${exact} or p.division_code = ${exact})"
        ));
    }
    if let Some(k) = nonempty(&f.kind) {
        push(&mut args, &mut sql, " and p.kind = $?", Val::Text(k));
    }
    if let Some(l) = nonempty(&f.level) {
        push(&mut args, &mut sql, " and p.level = $?", Val::Text(l));
    }
    if let Some(r) = nonempty(&f.region) {
        let prefix = if r == division::NATIONAL {
            String::new()
        } else {
            r.trim_end_matches("00").to_string()
        };
        push(
            &mut args,
            &mut sql,
            " and p.division_code like $?",
            Val::Text(format!("{prefix}%")),
        );
    }
    if let Some(s) = nonempty(&f.status) {
        push(&mut args, &mut sql, " and p.status = $?", Val::Text(s));
    }
    let limit = limit.clamp(1, 500);
    sql.push_str(&format!(" order by p.name, p.id limit {}", limit + 1));
    let mut rows: Vec<PartyRow> = db.fetch_all(&sql, &args).await?;
    let next = crate::db::next_cursor(&mut rows, limit, |r| r.id);
    Ok((rows, next))
}

/// One party, for someone allowed to see it (operators: their own only).
pub async fn get(db: &Db, actor: &Actor, id: Uuid) -> Result<PartyRow> {
    actor.require(Permission::PartyView)?;
    let sql = format!(
        "select p.id, p.name, p.kind, p.level, p.division_code, p.organisation_id, o.name as organisation_name, o.uscc, \
         p.contacts, p.status, {} as rectification, p.created_at from access_parties p join organisations o on o.id = p.organisation_id \
         where p.id = $2",
        crate::access::party::rectification_sql(1)
    );
    let row: PartyRow = db
        .fetch_optional(&sql, &vals![crate::time::today(), id])
        .await?
        .ok_or(Error::NotFound("access party"))?;
    actor.check_org(row.organisation_id, "access party")?;
    Ok(row)
}

pub async fn count(db: &Db) -> Result<i64> {
    Ok(db
        .fetch_one::<crate::db::Count>("select count(*) as n from access_parties", &[])
        .await?
        .n)
}

/// The one access party of the actor's organisation (operators act for it).
pub async fn only_party_of(db: &Db, actor: &Actor) -> Result<Uuid> {
    let org = actor.organisation_id.ok_or(Error::Forbidden)?;
    #[derive(sqlx::FromRow)]
    struct P {
        id: Uuid,
    }
    let parties: Vec<P> = db
        .fetch_all(
            "select id from access_parties where organisation_id = $1 order by created_at limit 2",
            &vals![org],
        )
        .await?;
    match parties.as_slice() {
        [p] => Ok(p.id),
        _ => Err(Error::field("party", "import.no_single_party")),
    }
}

/// States whose certificates count as the party's current ones.
pub(crate) const HELD: &str =
    "a.state in ('submitted', 'under-review', 'approved', 'env-ready', 'joint-debugging', 'connected', 'suspended')";

/// The SQL condition (on `p`, an access party) that it needs rectification:
/// one of its current 等保 or 密评 certificates has expired. `$N` = today.
pub fn rectification_sql(today_param: usize) -> String {
    format!(
        "exists (select 1 from evidence e join applications a on a.id = e.application_id \
         where a.party_id = p.id and e.active = true and e.kind in ('djcp', 'mp') and e.valid_until < ${today_param} and {HELD})"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(level: Level, code: &str) -> Instance {
        Instance::new(level, code).unwrap()
    }

    /// table-driven over every kind against every kind of target.
    #[test]
    fn relations_the_standard_allows() {
        let national = inst(Level::National, "100000");
        let zhejiang = inst(Level::Provincial, "330000");
        let hangzhou = inst(Level::Municipal, "330100");
        use Kind::*;
        use Level::*;
        let cases: &[(&Instance, Kind, Level, &str, bool)] = &[
            (&zhejiang, SelfBuilt, Provincial, "330000", true),
            (&zhejiang, SelfBuilt, Municipal, "330100", false), // not its own level
            (&hangzhou, SelfBuilt, Municipal, "330100", true),
            (&hangzhou, SelfBuilt, Municipal, "330200", false), // another city
            (&national, SelfBuilt, National, "100000", true),
            (&zhejiang, CityPlatform, Municipal, "330100", true),
            (&zhejiang, CityPlatform, Municipal, "320100", false), // another province's city
            (&national, CityPlatform, Municipal, "330100", false), // cities go to their province
            (&hangzhou, CityPlatform, Municipal, "330100", false),
            (&national, ProvincialPlatform, Provincial, "330000", true),
            (&zhejiang, ProvincialPlatform, Provincial, "320000", false),
            (&national, MinistryPlatform, National, "100000", true),
            (&zhejiang, MinistryPlatform, National, "100000", false),
            (&national, ThirdParty, Municipal, "330100", true),
            (&zhejiang, ThirdParty, Provincial, "110000", true),
            (&hangzhou, ThirdParty, County, "330106", true),
        ];
        for (target, kind, level, code, ok) in cases {
            assert_eq!(
                check_relation(target, *kind, *level, code).is_ok(),
                *ok,
                "{target:?} {kind:?} {level:?} {code}"
            );
        }
        assert_eq!(
            check_relation(&zhejiang, CityPlatform, Municipal, "320100"),
            Err("relation.city_platform")
        );
        assert!(Instance::new(Level::County, "330106").is_err());
        assert!(Instance::new(Level::Provincial, "330100").is_err());
    }

    #[test]
    fn every_wrong_field_is_named() {
        let zhejiang = inst(Level::Provincial, "330000");
        let p = NewParty {
            name: String::new(),
            kind: "self-built".into(),
            level: "provincial".into(),
            division_code: "33000".into(),
            organisation_name: "浙江省大数据局".into(),
            uscc: "91350100M000100Y44".into(),
            contact: Contact {
                name: "".into(),
                phone: "12345".into(),
                email: "nobody".into(),
            },
        };
        let Err(Error::Validation(e)) = validate(&zhejiang, &p) else {
            panic!()
        };
        let fields: Vec<_> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "division_code",
                "uscc",
                "contact_name",
                "contact_phone",
                "contact_email"
            ]
        );
        assert!(phone_ok("13800138000") && phone_ok("0571-87654321") && phone_ok("057187654321"));
        assert!(!phone_ok("23800138000") && !phone_ok("0571-123"));
        assert!(email_ok("li@zj.gov.cn") && !email_ok("li@zj") && !email_ok("@zj.gov.cn"));
    }
}
