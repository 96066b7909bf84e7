//! Pages of the basic access flow: the access-party registry, a
//! party's page, applications with their plan and evidence, certificates.

pub mod applications;
pub mod certificates;
pub mod parties;
pub mod party;
