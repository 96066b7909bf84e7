//! Administrative division codes (GB/T 2260) and platform levels.

use serde::{Deserialize, Serialize};

/// The level of a platform or system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    National,
    Provincial,
    Municipal,
    County,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::National,
        Level::Provincial,
        Level::Municipal,
        Level::County,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Provincial => "provincial",
            Level::Municipal => "municipal",
            Level::County => "county",
        }
    }

    pub fn from_code(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// The national code used for national-level platforms and departments.
pub const NATIONAL: &str = "100000";

/// Province-level prefixes of GB/T 2260 (including 71 台湾, 81 香港, 82 澳门).
const PROVINCES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

/// Checks the shape of a division code and that it fits the level: national
/// `100000`; a province ends in `0000`; a city in `00` (not `0000`); a county
/// not in `00`. Returns the message key of the first problem.
pub fn check(code: &str, level: Level) -> Result<(), &'static str> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err("division.shape");
    }
    if level == Level::National {
        return if code == NATIONAL {
            Ok(())
        } else {
            Err("division.level_mismatch")
        };
    }
    if !PROVINCES.contains(&&code[..2]) {
        return Err("division.province");
    }
    let ok = match level {
        Level::Provincial => code.ends_with("0000"),
        Level::Municipal => code.ends_with("00") && !code.ends_with("0000"),
        Level::County => !code.ends_with("00"),
        Level::National => unreachable!(),
    };
    if ok {
        Ok(())
    } else {
        Err("division.level_mismatch")
    }
}

/// True when `inner` lies within `outer` (a county within its city, a city
/// within its province; everything within the national code).
pub fn within(inner: &str, outer: &str) -> bool {
    if outer == NATIONAL {
        return true;
    }
    let significant = outer.trim_end_matches("00");
    inner.starts_with(significant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_levels() {
        assert_eq!(check("330000", Level::Provincial), Ok(()));
        assert_eq!(check("330100", Level::Municipal), Ok(()));
        assert_eq!(check("330106", Level::County), Ok(()));
        assert_eq!(check("100000", Level::National), Ok(()));
        assert_eq!(check("33010", Level::County), Err("division.shape"));
        assert_eq!(check("33O100", Level::Municipal), Err("division.shape"));
        assert_eq!(check("990100", Level::Municipal), Err("division.province"));
        assert_eq!(
            check("330100", Level::Provincial),
            Err("division.level_mismatch")
        );
        assert_eq!(
            check("330000", Level::Municipal),
            Err("division.level_mismatch")
        );
        assert_eq!(
            check("330100", Level::County),
            Err("division.level_mismatch")
        );
        assert_eq!(
            check("330000", Level::National),
            Err("division.level_mismatch")
        );
        assert!(within("330106", "330100"));
        assert!(within("330106", "330000"));
        assert!(!within("320106", "330000"));
        assert!(within("320106", NATIONAL));
    }
}
