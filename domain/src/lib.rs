//! Domain rules and the data layer of gsp-access.
//!
//! One folder per area of the standard (the same names as
//! `app/src/{api,pages}/<area>` and `server/src/api/<area>.rs`), each opening
//! with the requirement IDs it serves; the shared kernel (actor, database,
//! errors, time, files, divisions, demo data) sits at the top. Everything
//! here is plain Rust that tests call directly; services that change state
//! run in one transaction and are audited inside it.

// areas
pub mod access;
pub mod catalog;
pub mod ops;
pub mod providers;
pub mod seals;
pub mod security;

// kernel
pub mod actor;
pub mod batch;
pub mod capped;
pub mod db;
pub mod demo;
pub mod division;
pub mod error;
pub mod files;
pub mod schema;
pub mod time;

pub use actor::Actor;
pub use capped::Capped;
pub use db::{Db, Tx, Val};
pub use error::{Error, FieldError, Result};
pub use security::role::{Permission, Role};
