//! The answer to a batch of records, one type for every area that takes
//! batches: case data (R-6.2.d), reported catalogs and implementation lists
//! (R-6.2.b, R-6.2.c), operations reports and seal filings.
//!
//! Two ways of taking a batch use it. *Each record on its own* (cases,
//! seals): every record gets a [`Record`] with its outcome. *All or nothing*
//! (reported lists, operations reports): when any record fails, the batch is
//! refused and the answer lists the refused records (`Refused`). The machine
//! API renders both from this type with one builder (`server/src/api`).

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// What happened to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A new record was stored.
    Accepted,
    /// A stored record was replaced by a later or corrected one.
    Updated,
    /// The record had been sent before; nothing changed.
    Unchanged,
    /// A seal filing was recorded.
    Filed,
    /// The record was refused; its errors say why.
    Refused,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Filed => "filed",
            Outcome::Refused => "refused",
        }
    }
}

impl PartialEq<&str> for Outcome {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

/// One record of a batch: its position, its own key as sent (case number,
/// seal code, item code; empty where the kind has none), what happened and,
/// for a refusal, every failing field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub index: usize,
    pub key: String,
    pub outcome: Outcome,
    pub errors: Vec<FieldError>,
}

impl Record {
    pub fn new(index: usize, key: impl Into<String>, outcome: Outcome) -> Record {
        Record {
            index,
            key: key.into(),
            outcome,
            errors: Vec::new(),
        }
    }

    pub fn refused(index: usize, key: impl Into<String>, errors: Vec<FieldError>) -> Record {
        Record {
            index,
            key: key.into(),
            outcome: Outcome::Refused,
            errors,
        }
    }
}

/// The refused records of a batch taken all or nothing.
pub type Refused = Vec<Record>;

/// How many records of a batch had `outcome`.
pub fn count(records: &[Record], outcome: Outcome) -> usize {
    records.iter().filter(|r| r.outcome == outcome).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_have_the_codes_the_api_documents() {
        let all = [
            Outcome::Accepted,
            Outcome::Updated,
            Outcome::Unchanged,
            Outcome::Filed,
            Outcome::Refused,
        ];
        for o in all {
            assert_eq!(
                serde_json::to_value(o).unwrap(),
                serde_json::json!(o.code())
            );
        }
        let r = vec![
            Record::new(0, "a", Outcome::Accepted),
            Record::refused(1, "b", vec![FieldError::new("x", "field.required")]),
            Record::new(2, "c", Outcome::Accepted),
        ];
        assert_eq!(count(&r, Outcome::Accepted), 2);
        assert_eq!(count(&r, Outcome::Refused), 1);
        assert!(r[1].outcome == "refused");
    }
}
