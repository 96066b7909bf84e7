use uuid::Uuid;

use crate::error::{Error, Result};
use crate::security::role::{allows, Permission, Role};

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

/// What an actor sees (`Actor::scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Organisation(Uuid),
    Nothing,
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

    /// What of the platform this actor sees: the one rule of organisation
    /// scope. Platform staff and the system see everything; operators and
    /// providers (an account holding an organisation-scoped role) and an
    /// access party's credential see their own organisation; an
    /// organisation-scoped account without an organisation, and somebody
    /// not signed in, see nothing.
    pub fn scope(&self) -> Scope {
        let scoped = match self.kind {
            ActorKind::System => return Scope::All,
            ActorKind::Anonymous => return Scope::Nothing,
            ActorKind::Credential => true,
            ActorKind::Account => self.roles.iter().any(|r| r.is_org_scoped()),
        };
        match (scoped, self.organisation_id) {
            (false, _) => Scope::All,
            (true, Some(org)) => Scope::Organisation(org),
            (true, None) => Scope::Nothing,
        }
    }

    /// True when the actor sees only one organisation (or nothing).
    pub fn org_scoped(&self) -> bool {
        self.scope() != Scope::All
    }

    /// The organisation a query must be limited to: `None` for all,
    /// `Forbidden` for an actor who sees nothing.
    pub fn org_filter(&self) -> Result<Option<Uuid>> {
        match self.scope() {
            Scope::All => Ok(None),
            Scope::Organisation(org) => Ok(Some(org)),
            Scope::Nothing => Err(Error::Forbidden),
        }
    }

    /// May the actor see things of `org`? What it may not see does not exist
    /// for it: `NotFound(what)`.
    pub fn check_org(&self, org: Uuid, what: &'static str) -> Result<()> {
        match self.scope() {
            Scope::All => Ok(()),
            Scope::Organisation(o) if o == org => Ok(()),
            _ => Err(Error::NotFound(what)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn account(roles: Vec<Role>, org: Option<Uuid>) -> Actor {
        Actor {
            kind: ActorKind::Account,
            id: "a".into(),
            name: "a".into(),
            roles,
            organisation_id: org,
            ip: "127.0.0.1".into(),
            request_id: "r".into(),
        }
    }

    #[test]
    fn one_scope_rule_for_every_kind_of_actor() {
        let org = Uuid::now_v7();
        let other = Uuid::now_v7();
        // the system sees everything, even when it names an organisation
        let mut sys = Actor::system("seed");
        assert_eq!(sys.scope(), Scope::All);
        sys.organisation_id = Some(org);
        assert_eq!(sys.scope(), Scope::All);
        assert!(sys.check_org(other, "x").is_ok());
        assert_eq!(sys.org_filter().unwrap(), None);
        // platform staff see everything
        let reviewer = account(vec![Role::Reviewer], None);
        assert_eq!(reviewer.scope(), Scope::All);
        assert!(!reviewer.org_scoped());
        // operators and providers their organisation
        for role in [Role::PartyOperator, Role::Provider] {
            let a = account(vec![role], Some(org));
            assert_eq!(a.scope(), Scope::Organisation(org));
            assert!(a.check_org(org, "x").is_ok());
            assert!(matches!(a.check_org(other, "x"), Err(Error::NotFound("x"))));
            assert_eq!(a.org_filter().unwrap(), Some(org));
            // without an organisation: nothing
            let lost = account(vec![role], None);
            assert_eq!(lost.scope(), Scope::Nothing);
            assert!(matches!(lost.org_filter(), Err(Error::Forbidden)));
            assert!(lost.check_org(org, "x").is_err());
        }
        // a party's credential sees its own organisation only
        let cred = Actor {
            kind: ActorKind::Credential,
            organisation_id: Some(org),
            ..account(vec![], None)
        };
        assert_eq!(cred.scope(), Scope::Organisation(org));
        assert!(cred.check_org(other, "x").is_err());
        // somebody not signed in sees nothing
        assert_eq!(
            Actor::anonymous("x", "1.2.3.4", "r").scope(),
            Scope::Nothing
        );
    }
}
