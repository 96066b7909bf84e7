use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

/// The current UTC time, truncated to microseconds so that it round-trips
/// identically through PostgreSQL (`timestamptz`) and SQLite (text).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A new time-ordered id (UUIDv7), generated in Rust for both databases.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The canonical text form of a time, used where a time is hashed.
pub fn canonical(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}
