use serde::{Deserialize, Serialize};

/// One field that failed validation, with a message naming what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    /// A stable message key (translated by the console), e.g. `password.too_short`.
    pub code: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
        }
    }
}

/// The domain error. Internal errors are logged and never shown to users.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid transition: {0}")]
    InvalidTransition(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn field(field: &str, code: &str) -> Self {
        Error::Validation(vec![FieldError::new(field, code)])
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(self, Error::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
