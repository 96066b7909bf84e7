//! Server functions of operations management: the health overview,
//! the resource inventory with series, the alarm console and tickets.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
#[cfg(feature = "ssr")]
use super::ssr::{mirror, mirror_all, mirror_capped};
use super::{AppError, Capped};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthItem {
    pub party_id: String,
    pub party_name: String,
    pub nodes: i64,
    pub nodes_lost: i64,
    pub alarms: [i64; 6],
    pub calls: i64,
    pub errors: i64,
    pub resources: i64,
    pub score: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceItem {
    pub id: String,
    pub party_id: String,
    pub party_name: String,
    pub resource_id: String,
    pub category: String,
    pub kind: String,
    pub name: String,
    pub address: String,
    pub updated_at: DateTime<Utc>,
    pub worst: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubItem {
    pub sub_id: String,
    pub kind: String,
    pub name: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesItem {
    pub id: i64,
    pub sub_key: String,
    pub metric: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmItem {
    pub id: String,
    pub party_id: String,
    pub party_name: String,
    pub fingerprint: String,
    pub resource: Option<String>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceDetail {
    pub resource: ResourceItem,
    pub subs: Vec<SubItem>,
    pub series: Vec<SeriesItem>,
    pub alarms: Vec<AlarmItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPointItem {
    pub ts: i64,
    pub min: f64,
    pub max: f64,
    pub avg: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesData {
    /// 0 (raw), 300 or 3600 seconds
    pub resolution: i64,
    pub from: i64,
    pub to: i64,
    pub points: Vec<SeriesPointItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketItem {
    pub id: String,
    pub party_id: String,
    pub party_name: String,
    pub number: String,
    pub title: String,
    pub description: String,
    pub resource: Option<String>,
    pub alarm_id: Option<String>,
    pub state: String,
    pub opened_by: String,
    pub opened_side: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageItem {
    pub author: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub ticket: TicketItem,
    pub messages: Vec<MessageItem>,
    /// the states it may move to
    pub next: Vec<String>,
}

#[server(prefix = "/console", endpoint = "ops_overview")]
pub async fn ops_overview() -> Result<Vec<HealthItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsView)).await?;
    mirror_all(
        gsp_domain::ops::overview(&c.db, &c.actor)
            .await
            .map_err(ssr::map)?,
    )
}

#[server(prefix = "/console", endpoint = "ops_resources")]
pub async fn ops_resources(
    party: Option<String>,
    category: Option<String>,
) -> Result<Capped<ResourceItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsView)).await?;
    let party = match party.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(ssr::parse_id("party", p)?),
        None => None,
    };
    mirror_capped(
        gsp_domain::ops::resources(&c.db, &c.actor, party, category.as_deref())
            .await
            .map_err(ssr::map)?,
    )
}

#[server(prefix = "/console", endpoint = "ops_resource")]
pub async fn ops_resource(id: String) -> Result<ResourceDetail, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsView)).await?;
    let id = ssr::parse_id("id", &id)?;
    let (r, subs, series) = gsp_domain::ops::resource(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    let alarms = gsp_domain::ops::alarms(
        &c.db,
        &c.actor,
        &gsp_domain::ops::AlarmFilter {
            resource: Some(id),
            state: Some("all".into()),
            ..Default::default()
        },
    )
    .await
    .map_err(ssr::map)?;
    Ok(ResourceDetail {
        resource: mirror(r)?,
        subs: mirror_all(subs)?,
        series: mirror_all(series)?,
        alarms: mirror_all(alarms.items)?,
    })
}

/// A series over the last `hours` (1 to 2,160: 90 days).
#[server(prefix = "/console", endpoint = "ops_series")]
pub async fn ops_series(resource: String, series: i64, hours: i64) -> Result<SeriesData, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsView)).await?;
    let id = ssr::parse_id("resource", &resource)?;
    if !(1..=2160).contains(&hours) {
        return Err(ssr::map(gsp_domain::Error::field("hours", "field.invalid")));
    }
    let to = gsp_domain::time::now();
    let from = to - chrono::Duration::hours(hours);
    // 0: the resource's first series
    let series = if series > 0 {
        series
    } else {
        let (_, _, all) = gsp_domain::ops::resource(&c.db, &c.actor, id)
            .await
            .map_err(ssr::map)?;
        match all.first() {
            Some(s) => s.id,
            None => {
                return Ok(SeriesData {
                    resolution: 0,
                    from: from.timestamp(),
                    to: to.timestamp(),
                    points: vec![],
                })
            }
        }
    };
    let (resolution, points) = gsp_domain::ops::series(&c.db, &c.actor, id, series, from, to)
        .await
        .map_err(ssr::map)?;
    Ok(SeriesData {
        resolution,
        from: from.timestamp(),
        to: to.timestamp(),
        points: mirror_all(points)?,
    })
}

#[server(prefix = "/console", endpoint = "ops_alarms")]
pub async fn ops_alarms(
    min_severity: Option<i64>,
    state: Option<String>,
) -> Result<Capped<AlarmItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsView)).await?;
    let f = gsp_domain::ops::AlarmFilter {
        min_severity,
        state,
        ..Default::default()
    };
    mirror_capped(
        gsp_domain::ops::alarms(&c.db, &c.actor, &f)
            .await
            .map_err(ssr::map)?,
    )
}

/// `acknowledge` (with a message), `resolve`, or `suppress` until `until`
/// (local date and time, China Standard Time).
#[server(prefix = "/console", endpoint = "alarm_act")]
pub async fn alarm_act(
    id: String,
    action: String,
    #[server(default)] message: String,
    #[server(default)] until: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsManage)).await?;
    let id = ssr::parse_id("id", &id)?;
    let until = match until.trim() {
        "" => None,
        u => Some(
            chrono::NaiveDateTime::parse_from_str(u, "%Y-%m-%dT%H:%M")
                .map_err(|_| ssr::map(gsp_domain::Error::field("until", "field.date_invalid")))?
                .and_local_timezone(chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
                .single()
                .ok_or_else(|| ssr::map(gsp_domain::Error::field("until", "field.date_invalid")))?
                .with_timezone(&Utc),
        ),
    };
    gsp_domain::ops::act_on_alarm(&c.db, &c.actor, id, &action, &message, until)
        .await
        .map_err(ssr::map)
}

/// Opens a co-operation ticket from an alarm; answers the ticket's id.
#[server(prefix = "/console", endpoint = "open_ticket")]
pub async fn open_ticket(
    alarm_id: String,
    title: String,
    #[server(default)] description: String,
) -> Result<String, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsManage)).await?;
    let id = ssr::parse_id("alarm_id", &alarm_id)?;
    gsp_domain::ops::open_ticket_from_console(
        &c.db,
        &c.actor,
        id,
        &gsp_domain::ops::NewTicket {
            title,
            description,
            ..Default::default()
        },
    )
    .await
    .map(|(id, _)| id.to_string())
    .map_err(ssr::map)
}

#[server(prefix = "/console", endpoint = "ops_tickets")]
pub async fn ops_tickets(state: Option<String>) -> Result<Capped<TicketItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsView)).await?;
    mirror_capped(
        gsp_domain::ops::tickets(&c.db, &c.actor, state.as_deref())
            .await
            .map_err(ssr::map)?,
    )
}

#[server(prefix = "/console", endpoint = "ops_ticket")]
pub async fn ops_ticket(id: String) -> Result<TicketDetail, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsView)).await?;
    let id = ssr::parse_id("id", &id)?;
    let (t, m) = gsp_domain::ops::ticket(&c.db, &c.actor, id)
        .await
        .map_err(ssr::map)?;
    let next = gsp_domain::ops::ticket_next(&t.state)
        .iter()
        .map(|s| s.to_string())
        .collect();
    Ok(TicketDetail {
        ticket: mirror(t)?,
        messages: mirror_all(m)?,
        next,
    })
}

/// Moves a ticket to `to` (or only adds a message).
#[server(prefix = "/console", endpoint = "ticket_act")]
pub async fn ticket_act(
    id: String,
    #[server(default)] to: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::OpsManage)).await?;
    let id = ssr::parse_id("id", &id)?;
    let to = Some(to.as_str()).filter(|t| !t.is_empty());
    gsp_domain::ops::ticket_act(&c.db, &c.actor, id, to, &message)
        .await
        .map_err(ssr::map)
}
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DashboardData {
    /// Set when the figures are one organisation's (operators, providers).
    pub organisation: Option<String>,
    pub accounts: i64,
    pub accounts_disabled: i64,
    pub accounts_locked: i64,
    pub organisations: i64,
    pub active_sessions: i64,
    pub audit_records: i64,
    pub sign_ins_24h: i64,
    pub failed_sign_ins_24h: i64,
    pub by_role: Vec<(String, i64)>,
    /// Applications waiting for this user (0 when none concern them).
    pub applications_waiting: i64,
    /// 等保/密评 certificates expired or expiring within 30 days.
    pub certificates_expiring: i64,
    pub show_applications: bool,
    pub show_certificates: bool,
}

/// 服务监控: this instance (gsp_domain::ops::monitor::Instance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstanceInfo {
    pub version: String,
    pub engine: String,
    pub db_bytes: i64,
    pub pool_open: u32,
    pub pool_idle: usize,
    pub pool_max: u32,
    pub cpus: usize,
    pub rss_bytes: Option<u64>,
    pub cpu_seconds: Option<f64>,
    pub uptime_seconds: Option<u64>,
    pub load_1m: Option<f64>,
    pub mem_total_bytes: Option<u64>,
    pub mem_available_bytes: Option<u64>,
}

#[server(prefix = "/console", endpoint = "get_instance")]
pub async fn get_instance() -> Result<InstanceInfo, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::SettingsManage)).await?;
    let i = gsp_domain::ops::monitor::instance(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    mirror(i)
}

/// One thing waiting on the workbench (gsp_domain::ops::workbench::Task).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkItem {
    pub kind: String,
    pub party_name: String,
    pub subject: String,
    pub state: String,
    pub count: i64,
    pub since: DateTime<Utc>,
    pub link: String,
}

/// What waits for the signed-in person, oldest first.
#[server(prefix = "/console", endpoint = "my_work")]
pub async fn my_work() -> Result<Vec<WorkItem>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::DashboardView)).await?;
    let tasks = gsp_domain::ops::workbench::tasks(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    Ok(tasks
        .into_iter()
        .map(|t| WorkItem {
            kind: t.kind.to_string(),
            party_name: t.party_name,
            subject: t.subject,
            state: t.state,
            count: t.count,
            since: t.since,
            link: t.link,
        })
        .collect())
}

#[server(prefix = "/console", endpoint = "get_dashboard")]
pub async fn get_dashboard() -> Result<DashboardData, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::DashboardView)).await?;
    let d = gsp_domain::ops::stats::dashboard(&c.db, &c.actor)
        .await
        .map_err(ssr::map)?;
    Ok(DashboardData {
        organisation: d.organisation,
        accounts: d.accounts,
        accounts_disabled: d.accounts_disabled,
        accounts_locked: d.accounts_locked,
        organisations: d.organisations,
        active_sessions: d.active_sessions,
        audit_records: d.audit_records,
        sign_ins_24h: d.sign_ins_24h,
        failed_sign_ins_24h: d.failed_sign_ins_24h,
        by_role: d
            .accounts_by_role
            .into_iter()
            .map(|(r, n)| (r.code().to_string(), n))
            .collect(),
        applications_waiting: gsp_domain::access::application::count_waiting(&c.db, &c.actor)
            .await
            .map_err(ssr::map)?,
        certificates_expiring: gsp_domain::access::application::evidence::count_expiring(
            &c.db, &c.actor, 30,
        )
        .await
        .map_err(ssr::map)?,
        show_applications: c.actor.can(gsp_domain::Permission::ApplicationEdit)
            || c.actor.can(gsp_domain::Permission::ApplicationReview),
        show_certificates: c.actor.can(gsp_domain::Permission::CertificateView),
    })
}
