//! Roles (三员 separation plus business roles) and permissions, deny by default.

use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// 系统管理员: accounts and settings; never the audit trail.
    SystemAdmin,
    /// 安全管理员: roles, credentials, security settings, sessions.
    SecurityAdmin,
    /// 审计管理员: reads and verifies the audit trail, nothing else.
    AuditAdmin,
    /// 审核员: reviews applications and reported data.
    Reviewer,
    /// 监管员: suspends and restores services.
    Supervisor,
    /// 接入方操作员: sees only its own organisation.
    PartyOperator,
    /// 服务提供方: sees only its own organisation.
    Provider,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::SystemAdmin,
        Role::SecurityAdmin,
        Role::AuditAdmin,
        Role::Reviewer,
        Role::Supervisor,
        Role::PartyOperator,
        Role::Provider,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system-admin",
            Role::SecurityAdmin => "security-admin",
            Role::AuditAdmin => "audit-admin",
            Role::Reviewer => "reviewer",
            Role::Supervisor => "supervisor",
            Role::PartyOperator => "party-operator",
            Role::Provider => "provider",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The three administrator roles (三员) require a second factor and are
    /// mutually exclusive.
    pub fn is_administrator(self) -> bool {
        matches!(
            self,
            Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin
        )
    }

    /// Roles bound to one organisation (they see only their own).
    pub fn is_org_scoped(self) -> bool {
        matches!(self, Role::PartyOperator | Role::Provider)
    }

    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::SystemAdmin => &[
                DashboardView,
                AccountView,
                AccountManage,
                SettingsManage,
                PartyView,
            ],
            Role::SecurityAdmin => &[
                DashboardView,
                AccountView,
                RoleAssign,
                TotpReset,
                SessionView,
                SessionRevoke,
                PartyView,
                ApplicationView,
                CredentialView,
                CredentialManage,
                CertificateView,
                ProviderView,
            ],
            Role::AuditAdmin => &[DashboardView, AuditRead, AuditVerify, AuditExport],
            Role::Reviewer => &[
                DashboardView,
                PartyView,
                PartyManage,
                ApplicationView,
                ApplicationReview,
                CredentialView,
                CertificateView,
                CaseView,
                CatalogView,
                CatalogManage,
                ProviderView,
                OpsView,
                SealView,
            ],
            Role::Supervisor => &[
                DashboardView,
                PartyView,
                ApplicationView,
                ApplicationSupervise,
                CredentialView,
                CertificateView,
                CaseView,
                CatalogView,
                ProviderView,
                OpsView,
                OpsManage,
                SealView,
            ],
            // operators see and edit their own organisation's parties only
            Role::PartyOperator => &[
                DashboardView,
                PartyView,
                ApplicationView,
                ApplicationEdit,
                CertificateView,
                CaseView,
                CatalogView,
                OpsView,
                OpsManage,
                SealView,
            ],
            Role::Provider => &[DashboardView, ProviderView, ProviderEdit],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    DashboardView,
    AccountView,
    /// create, disable, enable, reset password
    AccountManage,
    SettingsManage,
    /// assign roles and organisation
    RoleAssign,
    TotpReset,
    SessionView,
    SessionRevoke,
    AuditRead,
    AuditVerify,
    AuditExport,
    /// see the registry of access parties (operators: their own only)
    PartyView,
    /// register access parties
    PartyManage,
    /// read access applications and their evidence (operators: their own)
    ApplicationView,
    /// draft, edit and submit applications (operators of the party)
    ApplicationEdit,
    /// review: start, comment, return, reject, approve, joint debugging
    ApplicationReview,
    /// suspend and restore connected parties
    ApplicationSupervise,
    /// see API credentials (never their secrets)
    CredentialView,
    /// issue, rotate and revoke API credentials
    CredentialManage,
    /// the expiring-certificates page
    CertificateView,
    /// search case data and its statistics (operators: their own)
    CaseView,
    /// the basic catalog of service items
    CatalogView,
    /// draft and publish changes to the basic catalog
    CatalogManage,
    /// third-party providers and their services (providers: their own)
    ProviderView,
    /// a provider's own qualification, services, documents and test reports
    ProviderEdit,
    /// operations data: health overview, resources, series, alarms, tickets (operators: their own)
    OpsView,
    /// acknowledge, resolve and suppress alarms; open and move tickets
    OpsManage,
    /// seal systems, making units, filed seals (operators: their own)
    SealView,
}

impl Permission {
    pub const ALL: [Permission; 28] = [
        Permission::DashboardView,
        Permission::AccountView,
        Permission::AccountManage,
        Permission::SettingsManage,
        Permission::RoleAssign,
        Permission::TotpReset,
        Permission::SessionView,
        Permission::SessionRevoke,
        Permission::AuditRead,
        Permission::AuditVerify,
        Permission::AuditExport,
        Permission::PartyView,
        Permission::PartyManage,
        Permission::ApplicationView,
        Permission::ApplicationEdit,
        Permission::ApplicationReview,
        Permission::ApplicationSupervise,
        Permission::CredentialView,
        Permission::CredentialManage,
        Permission::CertificateView,
        Permission::CaseView,
        Permission::CatalogView,
        Permission::CatalogManage,
        Permission::ProviderView,
        Permission::ProviderEdit,
        Permission::OpsView,
        Permission::OpsManage,
        Permission::SealView,
    ];
}

/// Deny by default: a permission is held only if one of the roles grants it.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|r| r.permissions().contains(&permission))
}

pub fn requires_totp(roles: &[Role]) -> bool {
    roles.iter().any(|r| r.is_administrator())
}

/// Checks that a set of roles may be held together by one account. Each of
/// the three administrators (三员) holds its role alone: not another
/// administrator's, and no business role either, so that the audit
/// administrator never audits approvals it made and the system and security
/// administrators never approve what they configure (ADR 0004, issue #14.4).
pub fn validate_role_set(roles: &[Role], has_organisation: bool) -> Result<()> {
    let admins = roles.iter().filter(|r| r.is_administrator()).count();
    let others = roles.len() - admins;
    let mut errors = Vec::new();
    if roles.contains(&Role::SystemAdmin) && roles.contains(&Role::AuditAdmin) {
        errors.push(FieldError::new("roles", "roles.system_and_audit"));
    } else if admins > 1 {
        errors.push(FieldError::new("roles", "roles.admins_exclusive"));
    } else if admins == 1 && others > 0 {
        errors.push(FieldError::new("roles", "roles.admin_alone"));
    }
    let scoped = roles.iter().any(|r| r.is_org_scoped());
    if scoped && roles.iter().any(|r| !r.is_org_scoped()) {
        errors.push(FieldError::new("roles", "roles.org_and_staff"));
    }
    if scoped && !has_organisation {
        errors.push(FieldError::new("organisation_id", "roles.org_required"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errors))
    }
}

pub fn roles_to_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_by_default_and_three_way_separation() {
        assert!(!allows(&[], Permission::DashboardView));
        assert!(allows(&[Role::AuditAdmin], Permission::AuditRead));
        assert!(!allows(&[Role::SystemAdmin], Permission::AuditRead));
        assert!(!allows(&[Role::SecurityAdmin], Permission::AuditRead));
        assert!(!allows(&[Role::AuditAdmin], Permission::AccountManage));
        assert!(!allows(&[Role::SystemAdmin], Permission::RoleAssign));
        assert!(allows(&[Role::SecurityAdmin], Permission::RoleAssign));
        // only the audit administrator reads the audit trail
        for r in Role::ALL {
            assert_eq!(
                allows(&[r], Permission::AuditRead),
                r == Role::AuditAdmin,
                "{r:?}"
            );
        }
    }

    #[test]
    fn role_set_rules() {
        let err = |roles: &[Role], org: bool| match validate_role_set(roles, org) {
            Ok(()) => vec![],
            Err(Error::Validation(e)) => e.into_iter().map(|f| f.code).collect::<Vec<_>>(),
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            err(&[Role::SystemAdmin, Role::AuditAdmin], false),
            ["roles.system_and_audit"]
        );
        assert_eq!(
            err(&[Role::SystemAdmin, Role::SecurityAdmin], false),
            ["roles.admins_exclusive"]
        );
        // an administrator holds no business role either
        for admin in Role::ALL.into_iter().filter(|r| r.is_administrator()) {
            assert!(err(&[admin], false).is_empty(), "{admin:?}");
            for other in Role::ALL.into_iter().filter(|r| !r.is_administrator()) {
                assert!(
                    !err(&[admin, other], true).is_empty(),
                    "{admin:?} with {other:?} must be refused"
                );
            }
        }
        assert_eq!(
            err(&[Role::AuditAdmin, Role::Reviewer], false),
            ["roles.admin_alone"]
        );
        assert_eq!(
            err(&[Role::SecurityAdmin, Role::Supervisor], false),
            ["roles.admin_alone"]
        );
        assert!(err(&[Role::Reviewer, Role::Supervisor], false).is_empty());
        assert_eq!(err(&[Role::PartyOperator], false), ["roles.org_required"]);
        assert!(err(&[Role::PartyOperator], true).is_empty());
        assert_eq!(
            err(&[Role::Provider, Role::Reviewer], true),
            ["roles.org_and_staff"]
        );
        assert!(err(&[], false).is_empty());
    }

    #[test]
    fn totp_required_for_administrators_only() {
        for r in Role::ALL {
            assert_eq!(requires_totp(&[r]), r.is_administrator());
        }
        assert_eq!(Role::from_code("audit-admin"), Some(Role::AuditAdmin));
        assert_eq!(Role::from_code("root"), None);
    }
}
