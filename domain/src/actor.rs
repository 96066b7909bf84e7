use uuid::Uuid;

use crate::error::{Error, Result};
use crate::role::{allows, Permission, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A signed-in person.
    Account,
    /// An access party's API credential.
    Credential,
    /// The command line or the system itself (seeding, migrations).
    System,
    /// Somebody not signed in (failed sign-ins).
    Anonymous,
}

impl ActorKind {
    pub fn code(self) -> &'static str {
        match self {
            ActorKind::Account => "account",
            ActorKind::Credential => "credential",
            ActorKind::System => "system",
            ActorKind::Anonymous => "anonymous",
        }
    }
}

/// Who is acting, from where: carried into every service call and audit record.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub organisation_id: Option<Uuid>,
    pub ip: String,
    pub request_id: String,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor {
            kind: ActorKind::System,
            id: "system".into(),
            name: name.into(),
            roles: vec![],
            organisation_id: None,
            ip: "local".into(),
            request_id: crate::time::new_id().to_string(),
        }
    }

    pub fn anonymous(name: &str, ip: &str, request_id: &str) -> Actor {
        Actor {
            kind: ActorKind::Anonymous,
            id: String::new(),
            name: name.into(),
            roles: vec![],
            organisation_id: None,
            ip: ip.into(),
            request_id: request_id.into(),
        }
    }

    pub fn can(&self, p: Permission) -> bool {
        self.kind == ActorKind::System || allows(&self.roles, p)
    }

    /// Deny by default: `Forbidden` unless one of the actor's roles grants `p`.
    pub fn require(&self, p: Permission) -> Result<()> {
        if self.can(p) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}
