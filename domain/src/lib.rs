//! Domain rules and the data layer of gsp-access.
//!
//! Everything here is plain Rust that tests call directly: password policy,
//! lockout, TOTP, roles and permissions, the tamper-evident audit chain, and
//! the services that change state (each in one transaction, audited inside it).

pub mod access_party;
pub mod account;
pub mod actor;
pub mod api_access;
pub mod application;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod catalog;
pub mod catalog_import;
pub mod cert;
pub mod credential;
pub mod db;
pub mod demo;
pub mod division;
pub mod error;
pub mod files;
pub mod impl_list;
pub mod lockout;
pub mod ops;
pub mod organisation;
pub mod password;
pub mod provider;
pub mod role;
pub mod seals;
pub mod session;
pub mod stats;
pub mod suspension;
pub mod time;
pub mod totp;

pub use actor::Actor;
/// Evidence is part of the access application (R-6.1.b).
pub use application::evidence;
pub use db::{Db, Tx, Val};
pub use error::{Error, FieldError, Result};
pub use role::{Permission, Role};
