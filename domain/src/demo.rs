//! Demo data: two organisations and one account per role (credentials in the
//! README). Safe to run twice: what exists already is left alone.

use crate::access::organisation;
use crate::actor::Actor;
use crate::db::Db;
use crate::error::Result;
use crate::security::account;
use crate::security::audit::{self, Event};
use crate::security::role::Role;
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

pub const ORGS: [(&str, &str, &str); 3] = [
    ("杭州市政务服务平台", "11330100MB1234567", "access-party"),
    ("城市速递物流有限公司", "91330100MA2BCDE12", "provider"),
    ("浙江数字支付科技有限公司", "91330100MA2CDEF34", "provider"),
];

pub const ACCOUNTS: [DemoAccount; 8] = [
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
    DemoAccount {
        username: "payment",
        display_name: "支付服务提供方（演示）",
        password: "Demo-Pay-2026!",
        role: Role::Provider,
        totp_secret: None,
        org: Some(2),
    },
];

/// The certificates of the demo's seal making and publishing systems (SM2
/// with SM3, generated for the demo; valid until 2036).
pub const SEAL_CERTS: [&str; 2] = [
    r"-----BEGIN CERTIFICATE-----
MIICDTCCAbOgAwIBAgIUT4gVToaDGvX1fQaGXboEXqoCqq4wCgYIKoEcz1UBg3Uw
XDELMAkGA1UEBhMCQ04xKjAoBgNVBAoMIea1meaxn+ecgeeUteWtkOWNsOeroOac
jeWKoeS4reW/gzEhMB8GA1UEAwwY5Z+O5biC5Y2w56ug5Yi25L2c57O757ufMB4X
DTI2MTEyODIwMzYzN1oXDTM2MTEyNTIwMzYzN1owXDELMAkGA1UEBhMCQ04xKjAo
BgNVBAoMIea1meaxn+ecgeeUteWtkOWNsOeroOacjeWKoeS4reW/gzEhMB8GA1UE
AwwY5Z+O5biC5Y2w56ug5Yi25L2c57O757ufMFkwEwYHKoZIzj0CAQYIKoEcz1UB
gi0DQgAEUQwB+b0iSpXB0sR3R0U5ZAdthGJW5mkRyQMXoI3U0cmCjV1MHv6Uz5lm
zwxunb6cUxgmeuM+bVSPkSUXunMwLaNTMFEwHQYDVR0OBBYEFECuHlr2+/11uUns
g7O3TySx/AZMMB8GA1UdIwQYMBaAFECuHlr2+/11uUnsg7O3TySx/AZMMA8GA1Ud
EwEB/wQFMAMBAf8wCgYIKoEcz1UBg3UDSAAwRQIhANO8ZESBm9Y89offE249iv59
KRrdKFVUnA4jQjyNFEmUAiAvlR3obECBq1BzLIFLZ5o/haweNB9nheVuoUXDQ+Yy
6g==
-----END CERTIFICATE-----",
    r"-----BEGIN CERTIFICATE-----
MIICGjCCAb+gAwIBAgIUb++Uo6sBsIA7ZCFV2CjqUHXHSn4wCgYIKoEcz1UBg3Uw
YjELMAkGA1UEBhMCQ04xKjAoBgNVBAoMIea1meaxn+ecgeeUteWtkOWNsOeroOac
jeWKoeS4reW/gzEnMCUGA1UEAwwe5a6B5rOi55S15a2Q5Y2w56ug5Y+R5biD57O7
57ufMB4XDTI2MTEyODIwMzYzN1oXDTM2MTEyNTIwMzYzN1owYjELMAkGA1UEBhMC
Q04xKjAoBgNVBAoMIea1meaxn+ecgeeUteWtkOWNsOeroOacjeWKoeS4reW/gzEn
MCUGA1UEAwwe5a6B5rOi55S15a2Q5Y2w56ug5Y+R5biD57O757ufMFkwEwYHKoZI
zj0CAQYIKoEcz1UBgi0DQgAE/ChMxFqpiFVmkGLlSyHyOuctJKi5haHJ0xJ4avBM
zQpWXIf9+IxPVQW1D8iRDmKCYwldDd4Z3SK4hvUIdfZZPKNTMFEwHQYDVR0OBBYE
FI8EsHcTjEzKXA5JQddf/lIUSkzNMB8GA1UdIwQYMBaAFI8EsHcTjEzKXA5JQddf
/lIUSkzNMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoEcz1UBg3UDSQAwRgIhAJ7BrS4Z
zFMXv+HK1rbmrqTkFPdkToQZOpKjm1MB5CWsAiEAkSTQZrOmSDCvo8lRC8ls7rc7
csveo3ML+dKBLsTn0aY=
-----END CERTIFICATE-----",
];

/// A seal image (PNG, 64×64) for the demo's filings, base64.
pub const SEAL_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAABDUlEQVR42u2b2xGEMAwDUwn9l0JXdy2EPGxLXs/wC9LCHbFwxqCosHqf5zdztDNsBeSUaTkYt42XBXFDtAyIKHHlIGQJKgGiwp1I01Dtdxiqp+q/cYiu6q+iq/pUFiTXdCqtxo5rVVyXH9Os3JQc0a7eom7pd+jRtzy4BBRLPpwSmiUvbvEUAL74cQ0np31l9/X2ALJirhIAMkPPqXNXMp8CAQBJiW5WsgwAAAAAAADgNQgAlsI0Q7TDBCJEYgDYjpJFzC9/G2hz952egm0PrT+Oqj8FrWcEWk+JhM0ItRqSUoDQelaw9bRoqXnhFsPSs8GG23XTBUnvGrHeMrMqmt1j7CE0Nn0CyKCosPoDXy0jDvEcy2cAAAAASUVORK5CYII=";

/// The demo instance: the provincial platform of Zhejiang.
pub fn instance() -> crate::access::party::Instance {
    crate::access::party::Instance::new(crate::division::Level::Provincial, "330000")
        .expect("valid")
}

/// Access parties of the demo (name, kind, level, division, organisation, USCC first 17, contact).
#[allow(clippy::type_complexity)]
pub const PARTIES: [(&str, &str, &str, &str, &str, &str, (&str, &str, &str)); 7] = [
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
    (
        "浙里缴统一公共支付服务",
        "third-party",
        "provincial",
        "330000",
        "浙江数字支付科技有限公司",
        "91330100MA2CDEF34",
        ("吴芳", "13605710007", "wufang@example.com"),
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
    let registered = crate::access::party::list(db, &actor, &Default::default(), None, 500)
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
        let p = crate::access::party::NewParty {
            name: name.into(),
            kind: kind.into(),
            level: level.into(),
            division_code: division.into(),
            organisation_name: org.into(),
            uscc,
            contact: crate::access::party::Contact {
                name: cname.into(),
                phone: phone.into(),
                email: email.into(),
            },
        };
        crate::access::party::register(db, &actor, &instance(), &p).await?;
    }
    let parties = crate::access::party::list(db, &actor, &Default::default(), None, 500)
        .await?
        .0;
    seed_applications(db, &parties).await?;
    seed_cases(db, &parties).await?;
    seed_catalog(db).await?;
    seed_impl_lists(db, &parties).await?;
    seed_providers(db, &parties).await?;
    seed_ops(db, &parties).await?;
    seed_seals(db, &parties).await?;
    Ok(created)
}

/// 宁波's seal making system (connected) and publishing system (waiting for
/// review), three making units (one whose qualification expires within 30
/// days), and a few hundred filed seals spread over half a year. Skipped
/// when any seal system exists.
async fn seed_seals(db: &Db, parties: &[crate::access::party::PartyRow]) -> Result<()> {
    use crate::seals::{self, Filing, NewSystem, NewUnit};
    use crate::time::today_plus;
    if !empty(db, "seal_systems").await? {
        return Ok(());
    }
    let Some(p) = parties.iter().find(|p| p.name == NINGBO) else {
        return Ok(());
    };
    let mut op = party_actor(p);
    op.kind = crate::actor::ActorKind::Account;
    op.roles = vec![Role::PartyOperator];
    let mut reviewer = Actor::system("reviewer");
    reviewer.kind = crate::actor::ActorKind::Account;
    reviewer.roles = vec![Role::Reviewer];
    let maker = seals::register_system(
        db,
        &op,
        p.id,
        &NewSystem {
            kind: "making".into(),
            name: "宁波市电子印章制作系统".into(),
            vendor: "浙江省电子印章服务中心".into(),
            vendor_id: "NB-SEAL-MAKER".into(),
            version: "2.3.0".into(),
            deployment: "宁波市政务云，电子政务外网".into(),
        },
        "maker.pem",
        SEAL_CERTS[0].as_bytes(),
    )
    .await?;
    seals::act_on_system(db, &reviewer, maker, "approve", "资料齐全，进入对接测试").await?;
    seals::act_on_system(db, &reviewer, maker, "connect", "对接测试通过").await?;
    seals::register_system(
        db,
        &op,
        p.id,
        &NewSystem {
            kind: "publishing".into(),
            name: "宁波电子印章发布系统".into(),
            vendor: "浙江省电子印章服务中心".into(),
            vendor_id: "NB-SEAL-PUB".into(),
            version: "1.8.2".into(),
            deployment: "宁波市政务云".into(),
        },
        "publisher.pem",
        SEAL_CERTS[1].as_bytes(),
    )
    .await?;
    let uscc = |first17: &str| {
        format!(
            "{first17}{}",
            organisation::uscc_check_char(first17).expect("valid demo code")
        )
    };
    let units = [
        ("宁波甬印印章有限公司", uscc("91330200MA2H7K8L0"), 400),
        ("宁波市华信印章厂", uscc("91330200MA2J3M4N1"), 20),
        ("余姚市金石刻字社", uscc("92330281MA2K5P6Q2"), 200),
    ];
    for (name, code, days) in &units {
        seals::register_unit(
            db,
            &op,
            p.id,
            &NewUnit {
                name: name.to_string(),
                uscc: code.clone(),
                qualification: "公安机关印章刻制业特种行业许可证".into(),
                qualification_until: today_plus(*days),
                system_id: Some(maker),
            },
            "指定文件.pdf",
            format!("%PDF-1.4\n% {name} 指定文件 (demo)\n").as_bytes(),
        )
        .await?;
    }
    let t = now();
    let types = ["official", "finance", "contract"];
    let labels = ["", "财务专用章", "合同专用章"];
    let mut records = Vec::new();
    for k in 0..80usize {
        let owner = format!("宁波市示例{:02}科技有限公司", k + 1);
        let code = uscc(&format!("91330200MA2{:06}", 100_000 + k * 7));
        for (j, ty) in types.iter().enumerate() {
            records.push(Filing {
                es_id: format!("3302002026{:06}{j}", k + 1),
                name: format!("{owner}{}", labels[j]),
                seal_type: ty.to_string(),
                owner_name: owner.clone(),
                owner_uscc: code.clone(),
                making_unit_uscc: units[k % 3].1.clone(),
                maker_system: "NB-SEAL-MAKER".into(),
                signer_certs: vec![format!("{:016X}", 0x5EA1_0000_0000u64 + k as u64)],
                made_at: Some(t),
                valid_from: Some(t),
                valid_to: Some(t + chrono::Duration::days(3 * 365)),
                image: SEAL_PNG.into(),
                maker_cert_serial: "0EF987659EE2C44A".into(),
                signature_algorithm: "SM2".into(),
            });
        }
    }
    let system = Actor::system("宁波市电子印章制作系统（演示）");
    for chunk in records.chunks(seals::MAX_BATCH) {
        let out = seals::file(db, &system, p.id, chunk).await?;
        if let Some(bad) = out.iter().find(|r| r.outcome != "filed") {
            return Err(crate::Error::Internal(format!(
                "demo seal refused: {bad:?}"
            )));
        }
    }
    // filed over the last half year, for the supervision page's timeline
    #[derive(sqlx::FromRow)]
    struct S {
        id: uuid::Uuid,
    }
    let all: Vec<S> = db
        .fetch_all("select id from seals order by es_id", &[])
        .await?;
    let mut tx = db.begin().await?;
    for (k, s) in all.iter().enumerate() {
        let at = t - chrono::Duration::days((k * 180 / all.len().max(1)) as i64);
        tx.execute(
            "update seals set filed_at = $1, made_at = $1, valid_from = $1 where id = $2",
            &vals![at, s.id],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What the parties' operations systems reported: resources of every
/// category, a day of performance data, open alarms (a high one on a
/// server of 宁波), nodes (one of them lost). Skipped when any resource exists.
async fn seed_ops(db: &Db, parties: &[crate::access::party::PartyRow]) -> Result<()> {
    use crate::ops::{self, AlarmReport, Heartbeat, Point, Resource, SubResource};
    if !empty(db, "ops_resources").await? {
        return Ok(());
    }
    let res = |id: &str, category: &str, kind: &str, name: &str, address: &str| Resource {
        resource_id: id.into(),
        category: category.into(),
        kind: kind.into(),
        name: name.into(),
        address: address.into(),
        ..Default::default()
    };
    let sub = |r: &str, id: &str, kind: &str, name: &str| SubResource {
        resource_id: r.into(),
        sub_id: id.into(),
        kind: kind.into(),
        name: name.into(),
        ..Default::default()
    };
    let now_s = now().timestamp() / 300 * 300;
    let mut x: u64 = 7;
    let mut noise = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % 1000) as f64 / 1000.0
    };
    for (name, prefix) in [(NINGBO, "nb"), ("城市速递物流寄递服务", "cs")] {
        let Some(p) = parties.iter().find(|p| p.name == name) else {
            continue;
        };
        let actor = party_actor(p);
        let resources = if prefix == "nb" {
            vec![
                res(
                    "srv-01",
                    "server",
                    "virtual",
                    "政务服务网应用主机 01",
                    "59.202.40.11",
                ),
                res(
                    "srv-02",
                    "server",
                    "virtual",
                    "政务服务网应用主机 02",
                    "59.202.40.12",
                ),
                res(
                    "fw-01",
                    "network-device",
                    "firewall",
                    "边界防火墙",
                    "59.202.40.1",
                ),
                res(
                    "lb-01",
                    "network-device",
                    "load-balancer",
                    "负载均衡（主）",
                    "59.202.40.2",
                ),
                res(
                    "db-01",
                    "application-software",
                    "database",
                    "办件库（达梦 DM8）",
                    "59.202.40.21:5236",
                ),
                res(
                    "sys-01",
                    "business-system",
                    "system",
                    "宁波政务服务网",
                    "https://zwfw.ningbo.gov.cn",
                ),
                res(
                    "api-cases",
                    "business-interface",
                    "called",
                    "办件数据上报接口",
                    "/api/v1/cases",
                ),
            ]
        } else {
            vec![res(
                "srv-01",
                "server",
                "physical",
                "寄递接口服务器",
                "115.236.8.3",
            )]
        };
        ops::upsert_resources(db, &actor, p.id, &resources)
            .await?
            .map_err(|r| crate::Error::Internal(format!("demo resources refused: {r:?}")))?;
        if prefix == "nb" {
            let subs = [
                sub("srv-01", "cpu", "cpu", "8 vCPU"),
                sub("srv-01", "disk-data", "disk", "/data"),
                sub("srv-01", "eth0", "nic", "eth0"),
                sub("db-01", "dmserver", "db-instance", "DMSERVER"),
            ];
            ops::upsert_subs(db, &actor, p.id, &subs)
                .await?
                .map_err(|r| {
                    crate::Error::Internal(format!("demo sub-resources refused: {r:?}"))
                })?;
        }
        // a day every 5 minutes; the CPU of 宁波's first host climbs in the last hour
        let mut points = Vec::new();
        for k in 0..288i64 {
            let ts = now_s - (287 - k) * 300;
            let hot = prefix == "nb" && k > 276;
            let day = ((k as f64 / 288.0) * std::f64::consts::TAU).sin();
            points.push(Point {
                resource_id: "srv-01".into(),
                metric: "cpu.usage".into(),
                ts,
                value: if hot {
                    95.0 + noise() * 4.0
                } else {
                    35.0 + 20.0 * day + noise() * 10.0
                },
                ..Default::default()
            });
            points.push(Point {
                resource_id: "srv-01".into(),
                metric: "memory.used".into(),
                ts,
                value: (12.0 + 2.0 * day + noise()) * 1_073_741_824.0,
                ..Default::default()
            });
            if prefix == "nb" {
                points.push(Point {
                    resource_id: "srv-02".into(),
                    metric: "cpu.usage".into(),
                    ts,
                    value: 30.0 + 15.0 * day + noise() * 8.0,
                    ..Default::default()
                });
                points.push(Point {
                    resource_id: "api-cases".into(),
                    metric: "interface.latency".into(),
                    ts,
                    value: 80.0 + noise() * 60.0,
                    ..Default::default()
                });
            }
        }
        for chunk in points.chunks(ops::MAX_POINTS) {
            ops::ingest(db, p.id, chunk)
                .await?
                .map_err(|r| crate::Error::Internal(format!("demo points refused: {r:?}")))?;
        }
        let alarms = if prefix == "nb" {
            vec![
                AlarmReport {
                    fingerprint: "zabbix:srv-01:cpu.high".into(),
                    resource_id: Some("srv-01".into()),
                    severity: 4,
                    title: "CPU 使用率持续高于 95%".into(),
                    detail: "近 1 小时 CPU 使用率持续高于 95%，办件高峰期响应变慢".into(),
                    ..Default::default()
                },
                AlarmReport {
                    fingerprint: "zabbix:db-01:slow".into(),
                    resource_id: Some("db-01".into()),
                    severity: 2,
                    title: "慢查询增多".into(),
                    ..Default::default()
                },
            ]
        } else {
            vec![AlarmReport {
                fingerprint: "probe:srv-01:latency".into(),
                resource_id: Some("srv-01".into()),
                severity: 3,
                title: "寄递下单接口延迟升高".into(),
                ..Default::default()
            }]
        };
        ops::report_alarms(db, &actor, p.id, &alarms)
            .await?
            .map_err(|r| crate::Error::Internal(format!("demo alarms refused: {r:?}")))?;
        ops::heartbeat(
            db,
            p.id,
            &Heartbeat {
                node_id: format!("{prefix}-ops-1"),
                name: format!("{name}运维节点"),
                version: "3.2.1".into(),
                interval_seconds: 300,
            },
        )
        .await?;
    }
    // the courier's node has been silent for two hours
    db.execute(
        "update ops_nodes set last_seen_at = $1 where node_id = $2",
        &vals![now() - chrono::Duration::hours(2), "cs-ops-1"],
    )
    .await?;
    Ok(())
}

/// Two providers (logistics and payment), both qualified, with services in
/// different steps of the access flow; the payment service is suspended.
/// Skipped when any service exists.
async fn seed_providers(db: &Db, parties: &[crate::access::party::PartyRow]) -> Result<()> {
    use crate::providers::{self, Interface, NewRelease, ServiceData};
    use crate::time::today_plus;
    if !empty(db, "provider_services").await? {
        return Ok(());
    }
    let mut reviewer = Actor::system("reviewer");
    reviewer.kind = crate::actor::ActorKind::Account;
    reviewer.roles = vec![Role::Reviewer];
    let mut supervisor = reviewer.clone();
    supervisor.name = "supervisor".into();
    supervisor.roles = vec![Role::Supervisor];
    let pdf = |what: &str| format!("%PDF-1.4\n% {what} (demo)\n").into_bytes();
    let iface =
        |name: &str, direction: &str, purpose: &str, request: &str, answer: &str| Interface {
            name: name.into(),
            direction: direction.into(),
            purpose: purpose.into(),
            request: request.into(),
            answer: answer.into(),
        };
    // (party, capability, services: (name, category, interfaces, how far))
    #[allow(clippy::type_complexity)]
    let providers: [(&str, &str, Vec<(&str, &str, Vec<Interface>, &str)>); 2] = [
        (
            "城市速递物流寄递服务",
            "全省县级以上城市当日收寄、次日送达；支持证照寄递、上门取件，提供下单、撤单、轨迹查询接口。",
            vec![
                (
                    "证照寄递",
                    "logistics",
                    vec![
                        iface("创建寄递订单", "offered", "办结后寄送证照", "办件编号、收件人、地址", "运单号"),
                        iface("撤销寄递订单", "offered", "申请人改为自取", "运单号、原因", "撤销结果"),
                        iface("查询寄递订单", "offered", "门户显示物流轨迹", "运单号", "轨迹列表"),
                    ],
                    "completed",
                ),
                (
                    "材料上门取件",
                    "logistics",
                    vec![iface("预约取件", "offered", "申请人寄出纸质材料", "办件编号、取件地址、时间", "取件单号")],
                    "interfaces",
                ),
            ],
        ),
        (
            "浙里缴统一公共支付服务",
            "对接全省统一公共支付平台与代收银行，支持网银、移动支付缴费，按日与代收机构、收款银行、财政部门多方对账。",
            vec![
                (
                    "统一公共支付（缴费）",
                    "payment",
                    vec![
                        iface("支付发起", "offered", "门户对收费事项发起缴费", "缴款码、金额、回调地址", "支付流水号、支付页面地址"),
                        iface("支付结果通知", "needed", "支付完成后通知平台", "支付流水号、结果", "接收确认"),
                    ],
                    "suspended",
                ),
                (
                    "移动支付（扫码缴费）",
                    "payment",
                    vec![iface("扫码支付下单", "offered", "移动端缴费", "缴款码、金额", "支付二维码")],
                    "completed",
                ),
                (
                    "多方对账",
                    "payment",
                    vec![iface("对账文件下载", "offered", "收款银行与财政部门日终对账", "对账日期", "对账文件")],
                    "debugging",
                ),
            ],
        ),
    ];
    for (party_name, capability, services) in providers {
        let Some(p) = parties.iter().find(|p| p.name == party_name) else {
            continue;
        };
        let mut prov = party_actor(p);
        prov.kind = crate::actor::ActorKind::Account;
        prov.roles = vec![Role::Provider];
        providers::save_profile(db, &prov, p.id, capability).await?;
        providers::upload_document(
            db,
            &prov,
            p.id,
            None,
            "business-licence",
            "营业执照",
            &today_plus(900),
            "营业执照.pdf",
            &pdf("营业执照"),
        )
        .await?;
        providers::upload_document(
            db,
            &prov,
            p.id,
            None,
            "industry-qualification",
            if party_name.contains("支付") {
                "支付业务许可证"
            } else {
                "快递业务经营许可证"
            },
            &today_plus(25),
            "行业资质.pdf",
            &pdf("行业资质"),
        )
        .await?;
        providers::submit_profile(db, &prov, p.id).await?;
        providers::review_profile(db, &reviewer, p.id, true, "资质齐全、能力满足要求").await?;
        for (name, category, interfaces, until) in services {
            let id = providers::create_service(db, &prov, p.id, name, category).await?;
            let mut data = ServiceData {
                relation: format!("{party_name}为政务服务平台提供{name}，按服务协议结算。"),
                access_method: "protocol".into(),
                formats: vec!["json".into(), "xml".into()],
                interfaces,
                responsible_name: if party_name.contains("支付") {
                    "吴芳"
                } else {
                    "周强"
                }
                .into(),
                responsible_phone: "13605710006".into(),
                responsible_email: "ops@example.com".into(),
                ..Default::default()
            };
            if category == "payment" {
                data.access_method = "sdk".into();
                data.formats = vec![];
                data.sdk_languages = vec!["java".into(), "python".into()];
            }
            providers::save_service(db, &prov, id, &data).await?;
            for _ in 0..2 {
                providers::advance(db, &prov, id).await?;
            }
            if until == "interfaces" {
                continue;
            }
            providers::advance(db, &prov, id).await?;
            providers::upload_document(
                db,
                &reviewer,
                p.id,
                Some(id),
                "access-document",
                &format!("{name}接入规范 v1.0"),
                "",
                "接入规范.pdf",
                &pdf("接入规范"),
            )
            .await?;
            providers::advance(db, &reviewer, id).await?;
            let result = if until == "debugging" { "fail" } else { "pass" };
            providers::record_run(
                db,
                &reviewer,
                id,
                "下单、撤单、查询、异常重试共 24 个用例",
                result,
                if result == "fail" {
                    "对账文件编码不一致，待修复"
                } else {
                    "全部通过"
                },
            )
            .await?;
            if until == "debugging" {
                continue;
            }
            providers::upload_document(
                db,
                &prov,
                p.id,
                Some(id),
                "emergency-plan",
                "应急与故障处置预案",
                "",
                "应急预案.pdf",
                &pdf("应急预案"),
            )
            .await?;
            let plan = providers::documents(db, &reviewer, p.id, Some(id))
                .await?
                .into_iter()
                .find(|d| d.kind == "emergency-plan")
                .map(|d| d.id)
                .ok_or(crate::Error::NotFound("plan"))?;
            providers::review_plan(db, &reviewer, plan, true, "").await?;
            let strategies = ServiceData {
                ops_strategy: "7×24 小时值守；接口可用率不低于 99.9%；故障 15 分钟内响应。".into(),
                security_strategy: "国密 SM2/SM4 加密传输；接口签名验签；日志留存六个月。".into(),
                ..Default::default()
            };
            providers::save_service(db, &reviewer, id, &strategies).await?;
            let release = providers::submit_release(
                db,
                &prov,
                id,
                &NewRelease {
                    version: "1.0.0".into(),
                    kind: "initial".into(),
                    tested_on: today_plus(-30),
                    scope: "全部接口功能、性能与安全测试".into(),
                    results: "用例 24 个全部通过；峰值 500 次/秒".into(),
                },
                "测试报告-1.0.0.pdf",
                &pdf("测试报告"),
            )
            .await?;
            providers::review_release(db, &reviewer, release, true, "").await?;
            providers::advance(db, &reviewer, id).await?;
            if until == "suspended" {
                crate::providers::suspension::suspend(
                    db,
                    &supervisor,
                    crate::providers::suspension::Target::Service(id),
                    &crate::providers::suspension::Order {
                        severity: "critical".into(),
                        reason: "支付结果通知大量超时，影响收费事项办结".into(),
                        alarm_ref: "ALM-20261128-0042".into(),
                    },
                )
                .await?;
                // it has stood for two days when the console first opens
                db.execute(
                    "update suspensions set suspended_at = $1 where service_id = $2",
                    &vals![now() - chrono::Duration::hours(50), id],
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// Nothing in `table` yet (each part of the demo is loaded once).
async fn empty(db: &Db, table: &str) -> Result<bool> {
    Ok(db
        .fetch_one::<crate::db::Count>(&format!("select count(*) as n from {table}"), &[])
        .await?
        .n
        == 0)
}

/// The party's own system, as the actor of what it reports.
fn party_actor(p: &crate::access::party::PartyRow) -> Actor {
    let mut a = Actor::system(&format!("{}（演示）", p.name));
    a.organisation_id = Some(p.organisation_id);
    a
}

const NINGBO: &str = "宁波市政务服务平台";

/// Published implementation lists of 杭州 and 宁波 (every catalog item at the
/// city and two districts), then three items of 宁波 waiting for review (two
/// changes of published items, one new) and three items of 宁波's own basic
/// catalog waiting for review. Skipped when any exists.
async fn seed_impl_lists(db: &Db, parties: &[crate::access::party::PartyRow]) -> Result<()> {
    use crate::catalog::impl_list::{self, ImplItem, Kind};
    if !empty(db, "impl_items").await? {
        return Ok(());
    }
    #[derive(sqlx::FromRow)]
    struct Cat {
        data: String,
    }
    let catalog: Vec<crate::catalog::basic::Item> = db
        .fetch_all::<Cat>(
            "select data from catalog_items where retired = $1 order by basic_code",
            &vals![false],
        )
        .await?
        .into_iter()
        .filter_map(|c| serde_json::from_str(&c.data).ok())
        .collect();
    let mut reviewer = Actor::system("reviewer");
    reviewer.roles = vec![Role::Reviewer];
    let item = |p: &crate::access::party::PartyRow,
                c: &crate::catalog::basic::Item,
                division: &str,
                city: &str| {
        let statutory = c.statutory_limit.unwrap_or(30);
        let unit = c.statutory_unit.clone().unwrap_or_else(|| "days".into());
        ImplItem {
            implementation_code: format!("{}{}{}", p.uscc, c.basic_code, division),
            basic_code: c.basic_code.clone(),
            item_type: c.item_type.clone(),
            name: format!("{}（{city}）", c.name),
            implementer_name: format!("{city}{}", c.department),
            implementer_uscc: p.uscc.clone(),
            division_code: division.into(),
            statutory_limit: statutory,
            statutory_unit: unit.clone(),
            promised_limit: (statutory / 2).max(1),
            promised_unit: unit,
            online_url: Some(format!(
                "https://zwfw.{division}.gov.cn/item/{}",
                c.basic_code
            )),
            mobile_url: None,
        }
    };
    let cities = [
        (NINGBO, "宁波市", ["330200", "330203", "330212"]),
        (
            "杭州市政务服务平台",
            "杭州市",
            ["330100", "330102", "330106"],
        ),
    ];
    for (name, city, divisions) in cities {
        let Some(p) = parties.iter().find(|p| p.name == name) else {
            continue;
        };
        let records: Vec<ImplItem> = catalog
            .iter()
            .flat_map(|c| divisions.iter().map(move |d| (c, d)))
            // 宁波's 居住证办理 at the city level is reported new below
            .filter(|(c, d)| !(name == NINGBO && c.basic_code == "000201001000" && **d == "330200"))
            .map(|(c, d)| item(p, c, d, city))
            .collect();
        let actor = party_actor(p);
        if let Err(refused) = impl_list::submit(db, &actor, p.id, &records).await? {
            return Err(crate::Error::Internal(format!(
                "demo implementation list refused: {refused:?}"
            )));
        }
        let codes: Vec<String> = records
            .iter()
            .map(|r| r.implementation_code.clone())
            .collect();
        impl_list::review(db, &reviewer, Kind::Implementation, p.id, &codes, true, "").await?;
    }
    let Some(p) = parties.iter().find(|p| p.name == NINGBO) else {
        return Ok(());
    };
    let by_code = |code: &str| catalog.iter().find(|c| c.basic_code == code);
    let mut waiting = Vec::new();
    if let Some(c) = by_code("000117002000") {
        let mut i = item(p, c, "330200", "宁波市");
        i.promised_limit = 5;
        i.mobile_url = Some("https://m.zwfw.ningbo.gov.cn/item/000117002000".into());
        waiting.push(i);
    }
    if let Some(c) = by_code("000118003000") {
        let mut i = item(p, c, "330200", "宁波市");
        i.promised_limit = 8;
        i.implementer_name = "宁波市市场监督管理局".into();
        waiting.push(i);
    }
    if let Some(c) = by_code("000201001000") {
        waiting.push(item(p, c, "330200", "宁波市"));
    }
    let actor = party_actor(p);
    if let Err(refused) = impl_list::submit(db, &actor, p.id, &waiting).await? {
        return Err(crate::Error::Internal(format!(
            "demo implementation list refused: {refused:?}"
        )));
    }
    // 宁波's own basic catalog: local departments and bases
    let reported: Vec<crate::catalog::basic::Item> = catalog
        .iter()
        .take(3)
        .map(|c| {
            let mut r = c.clone();
            r.department = format!("宁波市{}", c.department);
            r.legal_basis = format!("{}；《宁波市优化营商环境条例》", c.legal_basis);
            r
        })
        .collect();
    if let Err(refused) = impl_list::submit(db, &actor, p.id, &reported).await? {
        return Err(crate::Error::Internal(format!(
            "demo reported catalog refused: {refused:?}"
        )));
    }
    Ok(())
}

/// A published basic catalog (version 1) and one change waiting to be
/// published. Skipped when the catalog has a version.
async fn seed_catalog(db: &Db) -> Result<()> {
    use crate::catalog::basic::{self, Item};
    if basic::current_version(db).await? > 0 {
        return Ok(());
    }
    let mut staff = Actor::system("reviewer");
    staff.roles = vec![Role::Reviewer];
    // (code, name, type, department, legal basis, levels, objects, statutory limit)
    #[allow(clippy::type_complexity)]
    let items: [(&str, &str, &str, &str, &str, &[&str], &[&str], Option<i64>); 8] = [
        (
            "000117002000",
            "公共场所卫生许可",
            "licensing",
            "卫生健康委员会",
            "《公共场所卫生管理条例》第八条",
            &["municipal", "county"],
            &["legal-person", "other"],
            Some(20),
        ),
        (
            "000118003000",
            "食品经营许可",
            "licensing",
            "市场监督管理局",
            "《中华人民共和国食品安全法》第三十五条",
            &["municipal", "county"],
            &["person", "legal-person"],
            Some(20),
        ),
        (
            "000201001000",
            "居住证办理",
            "public-service",
            "公安局",
            "《居住证暂行条例》第十条",
            &["county"],
            &["person"],
            Some(15),
        ),
        (
            "000306002000",
            "住房公积金提取",
            "payment",
            "住房公积金管理中心",
            "《住房公积金管理条例》第二十四条",
            &["municipal"],
            &["person"],
            Some(3),
        ),
        (
            "000401005000",
            "企业设立登记",
            "licensing",
            "市场监督管理局",
            "《中华人民共和国市场主体登记管理条例》第三条",
            &["provincial", "municipal", "county"],
            &["legal-person"],
            Some(3),
        ),
        (
            "000502001000",
            "建设工程消防设计审查",
            "licensing",
            "住房和城乡建设厅",
            "《中华人民共和国消防法》第十一条",
            &["provincial", "municipal"],
            &["legal-person"],
            Some(15),
        ),
        (
            "000603002000",
            "社会保险登记",
            "confirmation",
            "人力资源和社会保障局",
            "《中华人民共和国社会保险法》第五十七条",
            &["municipal", "county"],
            &["legal-person", "other"],
            Some(15),
        ),
        (
            "000704001000",
            "残疾人证办理",
            "public-service",
            "残疾人联合会",
            "《中华人民共和国残疾人保障法》",
            &["county"],
            &["person"],
            None,
        ),
    ];
    for (code, name, kind, dept, basis, levels, objects, limit) in items {
        basic::save_draft(
            db,
            &staff,
            &Item {
                basic_code: code.into(),
                name: name.into(),
                item_type: kind.into(),
                department: dept.into(),
                legal_basis: basis.into(),
                levels: levels.iter().map(|s| s.to_string()).collect(),
                objects: objects.iter().map(|s| s.to_string()).collect(),
                statutory_limit: limit,
                statutory_unit: limit.map(|_| "working-days".to_string()),
            },
        )
        .await?;
    }
    basic::publish(db, &staff, "基本目录首次发布（演示）").await?;
    basic::save_draft(
        db,
        &staff,
        &Item {
            basic_code: "000805003000".into(),
            name: "出生医学证明办理".into(),
            item_type: "public-service".into(),
            department: "卫生健康委员会".into(),
            legal_basis: "《中华人民共和国母婴保健法》第二十三条".into(),
            levels: vec!["county".into()],
            objects: vec!["person".into()],
            statutory_limit: Some(5),
            statutory_unit: Some("working-days".into()),
        },
    )
    .await?;
    Ok(())
}

/// A few hundred cases of the connected city platform over the last 4 weeks,
/// so that the case pages show something. Skipped when any case exists.
async fn seed_cases(db: &Db, parties: &[crate::access::party::PartyRow]) -> Result<()> {
    use crate::catalog::cases::{self, CaseRecord};
    use chrono::Duration;
    if !empty(db, "cases").await? {
        return Ok(());
    }
    let Some(p) = parties.iter().find(|p| p.name == NINGBO) else {
        return Ok(());
    };
    let items = [
        (
            "330200-000117002000-01",
            "公共场所卫生许可",
            "宁波市卫生健康委员会",
            "330203",
        ),
        (
            "330200-000201001000-01",
            "居住证办理",
            "宁波市公安局",
            "330205",
        ),
        (
            "330200-000118003000-01",
            "食品经营许可",
            "宁波市市场监督管理局",
            "330206",
        ),
        (
            "330200-000306002000-01",
            "住房公积金提取",
            "宁波市住房公积金管理中心",
            "330203",
        ),
    ];
    let names = [
        "陈晓明",
        "林雨",
        "王建国",
        "赵丽华",
        "宁波甬江贸易有限公司",
        "周杰",
    ];
    let key = {
        use rand::RngCore;
        let mut k = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut k);
        hex::encode(k)
    };
    let cipher = crate::access::credential::Cipher::from_hex(&key)?;
    let start = now() - Duration::days(28);
    let mut batch = Vec::new();
    // a fixed pseudo-random sequence: the same demo on every machine
    let mut x: u64 = 20261128;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..360u64 {
        let (code, name, dept, division) = items[(next() % 4) as usize];
        let submitted = start + Duration::minutes((i * 110 + next() % 90) as i64);
        let applicant = names[(next() % 6) as usize];
        let age = now() - submitted;
        let status = match (age.num_days(), next() % 10) {
            (d, _) if d < 1 => "submitted",
            (d, r) if d < 3 && r < 5 => "accepted",
            (d, _) if d < 3 => "in-progress",
            (_, 0) => "not-accepted",
            (_, r) if r < 8 => "completed",
            _ => "in-progress",
        };
        let promised = submitted + Duration::days(7);
        // most are done in time, some late
        let done = submitted
            + Duration::hours(if next() % 6 == 0 {
                24 * 9
            } else {
                (20 + next() % 100) as i64
            });
        batch.push(CaseRecord {
            case_no: format!("NB{}{:05}", submitted.format("%Y%m%d"), i + 1),
            item_code: code.into(),
            item_name: name.into(),
            applicant_type: if applicant.ends_with("公司") {
                "legal-person"
            } else {
                "person"
            }
            .into(),
            applicant_name: applicant.into(),
            applicant_phone: Some(format!("139{:08}", next() % 100_000_000)),
            department: dept.into(),
            implementer_uscc: p.uscc.clone(),
            division_code: division.into(),
            case_type: Some("promised".into()),
            status: status.into(),
            submitted_at: Some(submitted),
            accepted_at: (status != "submitted").then(|| submitted + Duration::hours(2)),
            promised_limit: Some(5),
            promised_unit: Some("working-days".into()),
            promised_at: Some(promised),
            completed_at: (status == "completed").then_some(done.min(now())),
            result: (status == "completed").then(|| "approved".into()),
            ..Default::default()
        });
    }
    let party_actor = party_actor(p);
    for chunk in batch.chunks(cases::MAX_BATCH) {
        cases::ingest(db, &party_actor, &cipher, p.id, chunk).await?;
    }
    Ok(())
}

/// Applications in different states, so the console looks like a working
/// system on first start. Skipped when any application exists.
async fn seed_applications(db: &Db, parties: &[crate::access::party::PartyRow]) -> Result<()> {
    use crate::access::application::evidence::{self, Meta};
    use crate::access::application::{self, Action, Plan};
    use crate::time::today_plus;
    if !empty(db, "applications").await? {
        return Ok(());
    }
    let staff = |name: &str, role: Role| {
        let mut a = Actor::system(name);
        a.roles = vec![role];
        a
    };
    let reviewer = staff("reviewer", Role::Reviewer);
    // (party, scope, addresses, domain, djcp level, djcp valid days, mp valid days, steps)
    #[allow(clippy::type_complexity)]
    let plans: [(&str, &[&str], &str, &str, &str, i64, i64, &[(Action, &str)]); 6] = [
        (
            "宁波市政务服务平台",
            &["service-items", "portal", "identity", "seals", "operations"],
            "59.202.40.0/24",
            "zwfw.ningbo.gov.cn",
            "3",
            700,
            500,
            &[
                (Action::Submit, ""),
                (Action::StartReview, ""),
                (Action::Approve, "材料齐全，同意接入"),
                (Action::MarkEnvReady, "环境已按方案部署"),
                (Action::StartDebugging, ""),
                (Action::Connect, "联调通过"),
            ],
        ),
        (
            "温州市政务服务平台",
            &["service-items", "licences", "operations"],
            "59.202.60.0/24",
            "zwfw.wenzhou.gov.cn",
            "3",
            400,
            400,
            &[(Action::Submit, ""), (Action::StartReview, "")],
        ),
        (
            "浙江省企业登记系统",
            &["service-items", "licences"],
            "10.33.12.0/26",
            "qydj.zjamr.gov.cn",
            "3",
            300,
            300,
            &[
                (Action::Submit, ""),
                (Action::StartReview, ""),
                (Action::Return, "网络方案未给出备用链路，请补充"),
            ],
        ),
        (
            "浙江省公积金业务系统",
            &["service-items", "portal"],
            "10.33.20.0/26",
            "gjj.zjjs.gov.cn",
            "3",
            365,
            20,
            &[
                (Action::Submit, ""),
                (Action::StartReview, ""),
                (Action::Approve, "同意"),
            ],
        ),
        (
            "城市速递物流寄递服务",
            &["third-party"],
            "115.236.8.0/28",
            "open.csexpress.example.com",
            "2",
            200,
            200,
            &[
                (Action::Submit, ""),
                (Action::StartReview, ""),
                (Action::Approve, "第三方服务，等保二级满足要求"),
                (Action::MarkEnvReady, ""),
                (Action::StartDebugging, ""),
                (Action::Connect, "联调通过"),
            ],
        ),
        (
            "浙里缴统一公共支付服务",
            &["third-party"],
            "115.236.9.0/28",
            "pay.zjdp.example.com",
            "3",
            600,
            600,
            &[
                (Action::Submit, ""),
                (Action::StartReview, ""),
                (Action::Approve, "支付服务，等保三级"),
                (Action::MarkEnvReady, ""),
                (Action::StartDebugging, ""),
                (Action::Connect, "联调通过"),
            ],
        ),
    ];
    for (name, scope, addr, domain, level, djcp_days, mp_days, steps) in plans {
        let Some(p) = parties.iter().find(|p| p.name == name) else {
            continue;
        };
        let mut operator = Actor::system("operator");
        operator.roles = vec![Role::PartyOperator];
        operator.organisation_id = Some(p.organisation_id);
        let (id, _) = application::create(db, &operator, p.id).await?;
        let mut plan = Plan::default();
        plan.network.topology = format!("{name}经电子政务外网专线接入省平台，主备双链路。");
        plan.network.addresses = vec![addr.to_string()];
        if name == "宁波市政务服务平台" {
            // so that a credential issued from the demo works from this machine
            plan.network.addresses.push("127.0.0.1/32".into());
        }
        plan.network.domains = vec![domain.to_string()];
        plan.network.location = "政务云机房".into();
        plan.security.plan =
            "边界部署防火墙与入侵防御，接口调用全程加密（TLS/国密），日志留存六个月。".into();
        plan.hardware.cloud_platform = "政务云".into();
        plan.hardware.load_balancers = "两台负载均衡（主备）".into();
        plan.interfaces.interfaces = vec!["catalog-sync".into(), "cases".into()];
        plan.interfaces.daily_calls = 20_000;
        let scope: Vec<String> = scope.iter().map(|s| s.to_string()).collect();
        application::save(db, &operator, id, &scope, &plan).await?;
        let pdf = |what: &str| format!("%PDF-1.4\n% {name} {what} (demo)\n").into_bytes();
        let uploads = [
            (
                Meta {
                    kind: evidence::ASSESSMENT_REPORT.into(),
                    issuer: "浙江省信息安全测评中心".into(),
                    ..Default::default()
                },
                "安全评估符合性报告.pdf",
            ),
            (
                Meta {
                    kind: evidence::DJCP.into(),
                    cert_number: format!("DJCP-{}-{level}", &p.division_code),
                    cert_level: level.into(),
                    issuer: "浙江省信息安全测评中心".into(),
                    valid_until: today_plus(djcp_days),
                },
                "等级保护测评证书.pdf",
            ),
            (
                Meta {
                    kind: evidence::MP.into(),
                    cert_number: format!("MP-{}-01", &p.division_code),
                    valid_until: today_plus(mp_days),
                    ..Default::default()
                },
                "商用密码应用安全性评估证书.pdf",
            ),
        ];
        for (meta, file) in uploads {
            evidence::upload(db, &operator, id, &meta, file, &pdf(&meta.kind)).await?;
        }
        for (action, comment) in steps {
            let who = match action {
                Action::Submit | Action::MarkEnvReady => &operator,
                _ => &reviewer,
            };
            if *action == Action::Return {
                application::comment(db, &reviewer, id, "network", comment).await?;
            }
            application::act(db, who, id, *action, comment).await?;
        }
    }
    // time has passed since the courier service connected: its 等保
    // certificate has expired, so the console shows it as 需整改
    db.execute(
        "update evidence set valid_until = $1 where kind = $2 and application_id in \
         (select a.id from applications a join access_parties p on p.id = a.party_id where p.name = $3)",
        &vals![today_plus(-10), evidence::DJCP, "城市速递物流寄递服务"],
    )
    .await?;
    Ok(())
}
