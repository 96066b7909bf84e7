//! Server functions of the basic access flow: the access-party
//! registry here; a party's detail, applications, evidence, credentials and
//! certificates in `access/applications.rs`.

mod applications;
pub use applications::*;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyItem {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub division_code: String,
    pub organisation_name: String,
    pub uscc: String,
    pub contact: String,
    pub status: String,
    pub rectification: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartyPage {
    pub items: Vec<PartyItem>,
    pub next: Option<String>,
    /// This target's level and division, for the registration form.
    pub instance_level: String,
    pub instance_division: String,
}

#[server(prefix = "/console", endpoint = "list_parties")]
pub async fn list_parties(
    q: Option<String>,
    kind: Option<String>,
    level: Option<String>,
    region: Option<String>,
    status: Option<String>,
    after: Option<String>,
    size: Option<String>,
) -> Result<PartyPage, AppError> {
    use gsp_domain::access::party::{list, Contact, Filter};
    let c = ssr::ctx(Some(gsp_domain::Permission::PartyView)).await?;
    let st = ssr::state()?;
    let after = match after.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(a) => Some(ssr::parse_id("after", a)?),
        None => None,
    };
    let f = Filter {
        q,
        kind,
        level,
        region,
        status,
    };
    let (rows, next) = list(&c.db, &c.actor, &f, after, ssr::page_size(size.as_deref())?)
        .await
        .map_err(ssr::map)?;
    Ok(PartyPage {
        items: rows
            .into_iter()
            .map(|p| {
                let contact = serde_json::from_str::<Vec<Contact>>(&p.contacts)
                    .ok()
                    .and_then(|v| v.into_iter().next())
                    .map(|c| format!("{} {}", c.name, c.phone))
                    .unwrap_or_default();
                PartyItem {
                    id: p.id.to_string(),
                    name: p.name,
                    kind: p.kind,
                    level: p.level,
                    division_code: p.division_code,
                    organisation_name: p.organisation_name,
                    uscc: p.uscc,
                    contact,
                    status: p.status,
                    rectification: p.rectification,
                    created_at: p.created_at,
                }
            })
            .collect(),
        next: next.map(|n| n.to_string()),
        instance_level: st.settings.instance.level.code().to_string(),
        instance_division: st.settings.instance.division.clone(),
    })
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/console", endpoint = "register_party")]
pub async fn register_party(
    name: String,
    kind: String,
    level: String,
    division_code: String,
    organisation_name: String,
    uscc: String,
    contact_name: String,
    contact_phone: String,
    contact_email: String,
) -> Result<String, AppError> {
    use gsp_domain::access::party::{register, Contact, NewParty};
    let c = ssr::ctx(Some(gsp_domain::Permission::PartyManage)).await?;
    let st = ssr::state()?;
    let p = NewParty {
        name,
        kind,
        level,
        division_code,
        organisation_name,
        uscc,
        contact: Contact {
            name: contact_name,
            phone: contact_phone,
            email: contact_email,
        },
    };
    let id = register(&c.db, &c.actor, &st.settings.instance, &p)
        .await
        .map_err(ssr::map)?;
    Ok(id.to_string())
}
