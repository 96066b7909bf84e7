//! Demo data: two organisations and one account per role (credentials in the
//! README). Safe to run twice: what exists already is left alone.

use crate::account;
use crate::actor::Actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::error::Result;
use crate::organisation;
use crate::role::Role;
use crate::time::now;
use crate::vals;

pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub password: &'static str,
    pub role: Role,
    /// Fixed TOTP secret for administrator accounts (demo only).
    pub totp_secret: Option<&'static str>,
    /// Index into `ORGS` for organisation-bound roles.
    pub org: Option<usize>,
}

pub const ORGS: [(&str, &str, &str); 2] = [
    ("杭州市政务服务平台", "11330100MB1234567", "access-party"),
    ("城市速递物流有限公司", "91330100MA2BCDE12", "provider"),
];

pub const ACCOUNTS: [DemoAccount; 7] = [
    DemoAccount {
        username: "sysadmin",
        display_name: "系统管理员（演示）",
        password: "Demo-Sys-2026!",
        role: Role::SystemAdmin,
        totp_secret: Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
        org: None,
    },
    DemoAccount {
        username: "secadmin",
        display_name: "安全管理员（演示）",
        password: "Demo-Sec-2026!",
        role: Role::SecurityAdmin,
        totp_secret: Some("KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"),
        org: None,
    },
    DemoAccount {
        username: "auditor",
        display_name: "审计管理员（演示）",
        password: "Demo-Audit-2026!",
        role: Role::AuditAdmin,
        totp_secret: Some("MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK"),
        org: None,
    },
    DemoAccount {
        username: "reviewer",
        display_name: "审核员（演示）",
        password: "Demo-Review-2026!",
        role: Role::Reviewer,
        totp_secret: None,
        org: None,
    },
    DemoAccount {
        username: "supervisor",
        display_name: "监管员（演示）",
        password: "Demo-Super-2026!",
        role: Role::Supervisor,
        totp_secret: None,
        org: None,
    },
    DemoAccount {
        username: "operator",
        display_name: "接入方操作员（演示）",
        password: "Demo-Oper-2026!",
        role: Role::PartyOperator,
        totp_secret: None,
        org: Some(0),
    },
    DemoAccount {
        username: "provider",
        display_name: "服务提供方（演示）",
        password: "Demo-Prov-2026!",
        role: Role::Provider,
        totp_secret: None,
        org: Some(1),
    },
];

/// The demo instance: the provincial platform of Zhejiang.
pub fn instance() -> crate::access_party::Instance {
    crate::access_party::Instance::new(crate::division::Level::Provincial, "330000").expect("valid")
}

/// Access parties of the demo (name, kind, level, division, organisation, USCC first 17, contact).
#[allow(clippy::type_complexity)]
pub const PARTIES: [(&str, &str, &str, &str, &str, &str, (&str, &str, &str)); 6] = [
    (
        "杭州市政务服务平台",
        "city-platform",
        "municipal",
        "330100",
        "杭州市政务服务平台",
        "11330100MB1234567",
        ("王磊", "13805710001", "wanglei@hangzhou.gov.cn"),
    ),
    (
        "宁波市政务服务平台",
        "city-platform",
        "municipal",
        "330200",
        "宁波市数据管理局",
        "11330200MB2345678",
        ("陈静", "13805740002", "chenjing@ningbo.gov.cn"),
    ),
    (
        "温州市政务服务平台",
        "city-platform",
        "municipal",
        "330300",
        "温州市数据管理局",
        "11330300MB3456789",
        ("林涛", "0577-88960003", "lintao@wenzhou.gov.cn"),
    ),
    (
        "浙江省企业登记系统",
        "self-built",
        "provincial",
        "330000",
        "浙江省市场监督管理局",
        "11330000MB0012345",
        ("赵敏", "0571-87050004", "zhaomin@zjamr.gov.cn"),
    ),
    (
        "浙江省公积金业务系统",
        "self-built",
        "provincial",
        "330000",
        "浙江省住房和城乡建设厅",
        "11330000MB0023456",
        ("孙悦", "13905710005", "sunyue@zjjs.gov.cn"),
    ),
    (
        "城市速递物流寄递服务",
        "third-party",
        "provincial",
        "330000",
        "城市速递物流有限公司",
        "91330100MA2BCDE12",
        ("周强", "13605710006", "zhouqiang@example.com"),
    ),
];

/// Loads the demo data; returns how many accounts were created.
pub async fn seed(db: &Db) -> Result<usize> {
    let actor = Actor::system("seed-demo");
    let mut org_ids = Vec::new();
    let existing = organisation::list(db).await?;
    for (name, first17, kind) in ORGS {
        let uscc = format!(
            "{first17}{}",
            organisation::uscc_check_char(first17).expect("valid demo code")
        );
        let id = match existing.iter().find(|o| o.uscc == uscc) {
            Some(o) => o.id,
            None => organisation::create(db, &actor, name, &uscc, kind).await?,
        };
        org_ids.push(id);
    }
    let mut created = 0;
    for a in ACCOUNTS.iter() {
        if account::find_by_username(db, a.username).await?.is_some() {
            continue;
        }
        let org = a.org.map(|i| org_ids[i]);
        let (id, _) = account::create(
            db,
            &actor,
            a.username,
            a.display_name,
            &[a.role],
            org,
            Some(a.password),
        )
        .await?;
        if let Some(secret) = a.totp_secret {
            let mut tx = db.begin().await?;
            tx.execute(
                "update accounts set totp_secret = $1, totp_enabled = $2, updated_at = $3 where id = $4",
                &vals![secret, true, now(), id],
            )
            .await?;
            audit::append(
                &mut tx,
                &actor,
                Event::new("account.enrol_totp", "account", id, a.username),
            )
            .await?;
            tx.commit().await?;
        }
        created += 1;
    }
    let registered = crate::access_party::list(
        db,
        &Actor::system("seed-demo"),
        &Default::default(),
        None,
        500,
    )
    .await?
    .0;
    for (name, kind, level, division, org, first17, (cname, phone, email)) in PARTIES {
        if registered.iter().any(|p| p.name == name) {
            continue;
        }
        let uscc = format!(
            "{first17}{}",
            organisation::uscc_check_char(first17).expect("valid demo code")
        );
        let p = crate::access_party::NewParty {
            name: name.into(),
            kind: kind.into(),
            level: level.into(),
            division_code: division.into(),
            organisation_name: org.into(),
            uscc,
            contact: crate::access_party::Contact {
                name: cname.into(),
                phone: phone.into(),
                email: email.into(),
            },
        };
        crate::access_party::register(db, &actor, &instance(), &p).await?;
    }
    Ok(created)
}
