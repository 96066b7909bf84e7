//! Password policy (length ≥ 10, at least three character classes, not the
//! username, not common or easily guessed) and argon2id hashing.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rand::Rng;

use crate::error::{Error, FieldError, Result};

pub const MIN_LENGTH: usize = 10;

/// Checks a new password against the policy; the error names the field and why.
pub fn check_policy(field: &str, username: &str, password: &str) -> Result<()> {
    let mut errors = Vec::new();
    if password.chars().count() < MIN_LENGTH {
        errors.push(FieldError::new(field, "password.too_short"));
    }
    if classes(password) < 3 {
        errors.push(FieldError::new(field, "password.too_simple"));
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        errors.push(FieldError::new(field, "password.contains_username"));
    }
    // a password that meets the rules above can still be one of the first
    // a million guesses (`Password123`, `P@ssw0rd2024`): zxcvbn (Dropbox's
    // estimator, with its frequency lists of leaked passwords, names and
    // words) must rate it "safely unguessable" (3 of 4, about 10^8 guesses)
    if errors.is_empty() && zxcvbn::zxcvbn(password, &[username]).score() < zxcvbn::Score::Three {
        errors.push(FieldError::new(field, "password.common"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errors))
    }
}

/// How many of the four classes (lower, upper, digit, other) the text uses.
pub fn classes(password: &str) -> usize {
    let lower = password.chars().any(|c| c.is_lowercase());
    let upper = password.chars().any(|c| c.is_uppercase());
    let digit = password.chars().any(|c| c.is_ascii_digit());
    let other = password.chars().any(|c| !c.is_alphanumeric());
    [lower, upper, digit, other].iter().filter(|b| **b).count()
}

pub fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("argon2: {e}")))
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A random one-time password that satisfies the policy (16 characters from
/// all four classes, without look-alike characters).
pub fn generate_one_time() -> String {
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGIT: &[u8] = b"23456789";
    const OTHER: &[u8] = b"#%+-=@_";
    let mut rng = rand::thread_rng();
    let sets = [LOWER, UPPER, DIGIT, OTHER];
    let mut out: Vec<u8> = sets.iter().map(|s| s[rng.gen_range(0..s.len())]).collect();
    while out.len() < 16 {
        let s = sets[rng.gen_range(0..3)];
        out.push(s[rng.gen_range(0..s.len())]);
    }
    // shuffle
    for i in (1..out.len()).rev() {
        let j = rng.gen_range(0..=i);
        out.swap(i, j);
    }
    String::from_utf8(out).expect("ascii")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: Result<()>) -> Vec<String> {
        match r {
            Ok(()) => vec![],
            Err(Error::Validation(e)) => e.into_iter().map(|f| f.code).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn policy_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Abcdef123!", &["password.common"]),
            ("Password123", &["password.common"]),
            ("P@ssw0rd2024", &["password.common"]),
            ("Qwerty12345!", &["password.common"]),
            ("Strong-Passw0rd!", &[]),
            ("abcdefgh12", &["password.too_simple"]),
            ("Abc12!", &["password.too_short"]),
            ("abc", &["password.too_short", "password.too_simple"]),
            ("ABCDEFGHI1!", &["password.common"]),
            ("Correct-Horse-1", &[]),
            ("密码很长很长Aa1!", &[]),
            ("zhangsan#A1x", &["password.contains_username"]),
        ];
        for (pw, expected) in cases {
            assert_eq!(
                codes(check_policy("password", "zhangsan", pw)),
                *expected,
                "{pw}"
            );
        }
    }

    #[test]
    fn hash_and_verify() {
        let h = hash("Correct-Horse-1").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("Correct-Horse-1", &h));
        assert!(!verify("Correct-Horse-2", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn one_time_passwords_pass_policy() {
        for _ in 0..50 {
            let p = generate_one_time();
            assert!(check_policy("password", "admin", &p).is_ok(), "{p}");
        }
    }
}
