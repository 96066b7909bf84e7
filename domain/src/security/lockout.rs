//! Account lockout: 5 failures in a row lock the account for 15 minutes.

use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: i32 = 5;
pub const LOCK_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockState {
    pub failed_count: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl LockState {
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        matches!(self.locked_until, Some(t) if t > now)
    }

    /// The state after one more failed attempt. The fifth failure in a row
    /// locks the account and starts a new count for after the lock.
    pub fn after_failure(self, now: DateTime<Utc>) -> LockState {
        let failed = if self.locked_until.is_some_and(|t| t <= now) {
            1
        } else {
            self.failed_count + 1
        };
        if failed >= MAX_FAILURES {
            LockState {
                failed_count: 0,
                locked_until: Some(now + Duration::minutes(LOCK_MINUTES)),
            }
        } else {
            LockState {
                failed_count: failed,
                locked_until: self.locked_until.filter(|t| *t > now),
            }
        }
    }

    /// A success clears the count.
    pub fn after_success(self) -> LockState {
        LockState {
            failed_count: 0,
            locked_until: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let t0 = Utc::now();
        let mut s = LockState {
            failed_count: 0,
            locked_until: None,
        };
        for i in 1..5 {
            s = s.after_failure(t0);
            assert_eq!(s.failed_count, i);
            assert!(!s.is_locked(t0));
        }
        s = s.after_failure(t0);
        assert!(s.is_locked(t0));
        assert!(s.is_locked(t0 + Duration::minutes(14)));
        assert!(!s.is_locked(t0 + Duration::minutes(15)));
    }

    #[test]
    fn success_resets_the_count() {
        let t0 = Utc::now();
        let s = LockState {
            failed_count: 4,
            locked_until: None,
        }
        .after_success();
        assert_eq!(s.after_failure(t0).failed_count, 1);
    }

    #[test]
    fn failures_after_lock_expiry_start_again() {
        let t0 = Utc::now();
        let s = LockState {
            failed_count: 0,
            locked_until: Some(t0),
        };
        let s = s.after_failure(t0 + Duration::minutes(1));
        assert_eq!(s.failed_count, 1);
        assert!(!s.is_locked(t0 + Duration::minutes(1)));
    }
}
