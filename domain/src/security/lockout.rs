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

    /// The state once one more attempt has been counted, before its secret
    /// is checked (issue #14.3). Every attempt counts as a failure until it
    /// is proved right, so however attempts interleave, at most
    /// `MAX_FAILURES` are checked: the next one finds the account locked.
    /// A locked account stays as it is; after an expired lock the count
    /// starts again.
    pub fn reserve(self, now: DateTime<Utc>) -> LockState {
        if self.is_locked(now) {
            return self;
        }
        let failed = if self.locked_until.is_some() {
            1
        } else {
            self.failed_count + 1
        };
        if failed > MAX_FAILURES {
            LockState::locked(now)
        } else {
            LockState {
                failed_count: failed,
                locked_until: None,
            }
        }
    }

    /// The state after a counted attempt proved wrong: the attempt that
    /// used the last of the allowance locks the account (and starts a new
    /// count for after the lock).
    pub fn after_failure(self, now: DateTime<Utc>) -> LockState {
        if !self.is_locked(now) && self.failed_count >= MAX_FAILURES {
            LockState::locked(now)
        } else {
            self
        }
    }

    fn locked(now: DateTime<Utc>) -> LockState {
        LockState {
            failed_count: 0,
            locked_until: Some(now + Duration::minutes(LOCK_MINUTES)),
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

    const FRESH: LockState = LockState {
        failed_count: 0,
        locked_until: None,
    };

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let t0 = Utc::now();
        let mut s = FRESH;
        for i in 1..5 {
            s = s.reserve(t0).after_failure(t0);
            assert_eq!(s.failed_count, i);
            assert!(!s.is_locked(t0));
        }
        s = s.reserve(t0);
        assert!(!s.is_locked(t0), "the fifth attempt is still checked");
        s = s.after_failure(t0);
        assert!(s.is_locked(t0));
        assert!(s.is_locked(t0 + Duration::minutes(14)));
        assert!(!s.is_locked(t0 + Duration::minutes(15)));
    }

    #[test]
    fn attempts_in_flight_use_up_the_allowance() {
        // six attempts reserved before any is checked: the sixth is refused
        let t0 = Utc::now();
        let mut s = FRESH;
        for i in 1..=5 {
            s = s.reserve(t0);
            assert_eq!(s.failed_count, i);
            assert!(!s.is_locked(t0));
        }
        s = s.reserve(t0);
        assert!(s.is_locked(t0));
        // the five in flight then fail: still locked, not locked twice
        let until = s.locked_until;
        for _ in 0..5 {
            s = s.after_failure(t0 + Duration::seconds(1));
        }
        assert_eq!(s.locked_until, until);
        // a locked account stays locked however often it is tried
        assert_eq!(s.reserve(t0 + Duration::minutes(1)), s);
    }

    #[test]
    fn success_resets_the_count() {
        let t0 = Utc::now();
        let s = LockState {
            failed_count: 4,
            locked_until: None,
        }
        .after_success();
        assert_eq!(s.reserve(t0).failed_count, 1);
    }

    #[test]
    fn failures_after_lock_expiry_start_again() {
        let t0 = Utc::now();
        let s = LockState {
            failed_count: 0,
            locked_until: Some(t0),
        };
        let s = s.reserve(t0 + Duration::minutes(1)).after_failure(t0);
        assert_eq!(s.failed_count, 1);
        assert!(!s.is_locked(t0 + Duration::minutes(1)));
    }
}
