//! Security (R-6.8.a–e): staff accounts, passwords, TOTP, sign-in with
//! lockout, sessions, roles and permissions, the tamper-evident audit chain,
//! who may call the machine API (signature, nonce, allowlist), and reading
//! the certificates parties file.

pub mod account;
pub mod api_access;
pub mod audit;
pub mod auth;
pub mod cert;
pub mod lockout;
pub mod password;
pub mod role;
pub mod session;
pub mod totp;
