//! Pages of security (R-6.8.a): sign-in and TOTP enrolment, accounts and
//! roles, sessions, the audit trail.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod profile;
pub mod sessions;
pub mod sign_ins;
