//! Server functions of the case-data console (R-6.2.d): search and statistics.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::api::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseItem {
    pub id: String,
    pub party_name: String,
    pub case_no: String,
    pub item_code: String,
    pub item_name: String,
    /// masked for persons
    pub applicant_name: String,
    pub department: String,
    pub division_code: String,
    pub status: String,
    pub submitted_at: DateTime<Utc>,
    pub promised_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CasePage {
    pub items: Vec<CaseItem>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseStat {
    pub key: String,
    pub received: i64,
    pub completed: i64,
    pub on_time: i64,
    pub overdue: i64,
}

#[cfg(feature = "ssr")]
fn filter(
    case_no: Option<String>,
    item: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    region: Option<String>,
) -> Result<gsp_domain::catalog::cases::Filter, AppError> {
    // dates are whole days in China time: from 00:00 of `from` to 24:00 of `to`
    let day =
        |field: &str, s: &Option<String>, end: bool| -> Result<Option<DateTime<Utc>>, AppError> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map(|d| {
                        let d = if end {
                            d + chrono::Duration::days(1)
                        } else {
                            d
                        };
                        Some(
                            d.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
                                - chrono::Duration::hours(8),
                        )
                    })
                    .map_err(|_| ssr::map(gsp_domain::Error::field(field, "field.date_invalid"))),
            }
        };
    let (from, to) = (day("from", &from, false)?, day("to", &to, true)?);
    // `to` is the end of its day: a last day before the first is refused
    ssr::range_in_order("to", from, to.map(|t| t - chrono::Duration::seconds(1)))?;
    Ok(gsp_domain::catalog::cases::Filter {
        case_no,
        item,
        status,
        from,
        to,
        region,
    })
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/console", endpoint = "search_cases")]
pub async fn search_cases(
    case_no: Option<String>,
    item: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    region: Option<String>,
    after: Option<String>,
    size: Option<String>,
) -> Result<CasePage, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CaseView)).await?;
    let f = filter(case_no, item, status, from, to, region)?;
    let after = match after.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(a) => {
            let bad = || ssr::map(gsp_domain::Error::field("after", "field.invalid"));
            let (t, id) = a.split_once('|').ok_or_else(bad)?;
            Some((
                DateTime::parse_from_rfc3339(t).map_err(|_| bad())?.into(),
                ssr::parse_id("after", id)?,
            ))
        }
    };
    let (rows, next) = gsp_domain::catalog::cases::search(
        &c.db,
        &c.actor,
        &f,
        after,
        ssr::page_size(size.as_deref())?,
    )
    .await
    .map_err(ssr::map)?;
    let now = gsp_domain::time::now();
    Ok(CasePage {
        items: rows
            .into_iter()
            .map(|r| CaseItem {
                id: r.id.to_string(),
                overdue: r.promised_at.is_some_and(|p| match r.completed_at {
                    Some(done) => done > p,
                    None => r.status != "not-accepted" && p < now,
                }),
                party_name: r.party_name,
                case_no: r.case_no,
                item_code: r.item_code,
                item_name: r.item_name,
                applicant_name: r.applicant_name,
                department: r.department,
                division_code: r.division_code,
                status: r.status,
                submitted_at: r.submitted_at,
                promised_at: r.promised_at,
                completed_at: r.completed_at,
            })
            .collect(),
        next: next.map(|(t, id)| format!("{}|{id}", t.to_rfc3339())),
    })
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/console", endpoint = "case_stats")]
pub async fn case_stats(
    item: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    region: Option<String>,
    by: Option<String>,
) -> Result<Vec<CaseStat>, AppError> {
    let c = ssr::ctx(Some(gsp_domain::Permission::CaseView)).await?;
    let mut f = filter(None, item, status, from, to, region)?;
    if f.from.is_none() && f.to.is_none() {
        // without dates the statistics cover the last 30 days (China time)
        let today = (gsp_domain::time::now() + chrono::Duration::hours(8)).date_naive();
        f.from = Some(
            (today - chrono::Duration::days(29))
                .and_hms_opt(0, 0, 0)
                .expect("midnight")
                .and_utc()
                - chrono::Duration::hours(8),
        );
    }
    let by = by.unwrap_or_else(|| "day".into());
    if !["day", "item", "department", "region"].contains(&by.as_str()) {
        return Err(ssr::map(gsp_domain::Error::field("by", "field.invalid")));
    }
    let rows = gsp_domain::catalog::cases::stats(&c.db, &c.actor, &f, &by)
        .await
        .map_err(ssr::map)?;
    Ok(rows
        .into_iter()
        .map(|r| CaseStat {
            key: r.key,
            received: r.received,
            completed: r.completed,
            on_time: r.on_time,
            overdue: r.overdue,
        })
        .collect())
}
