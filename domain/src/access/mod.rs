//! The basic access flow (R-6.1.a–c): organisations, the access-party
//! registry, the access application with its plan and evidence (R-6.1.a,
//! .b; certificates for .d and .e), and the API credentials
//! an approval issues.

pub mod application;
pub mod credential;
pub mod organisation;
pub mod party;
