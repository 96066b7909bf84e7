//! One binary, two engines: the database is chosen by `DATABASE_URL` at start.
//!
//! sqlx's `AnyPool` carries no uuid or chrono types, so we keep one pool per
//! engine in an enum and run the same SQL text (`$N` placeholders work on both)
//! with values bound from Rust. See docs/adr/0002-one-binary-two-databases.md.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{FromRow, Postgres, Sqlite};
use tokio::sync::{Mutex, OwnedMutexGuard};
use uuid::Uuid;

use crate::error::{Error, Result};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// A value bound to a statement. Typed `Opt*` variants keep PostgreSQL's
/// parameter types right when the value is absent.
#[derive(Debug, Clone)]
pub enum Val {
    Bool(bool),
    Int(i64),
    Text(String),
    Uuid(Uuid),
    Time(DateTime<Utc>),
    OptText(Option<String>),
    OptUuid(Option<Uuid>),
    OptTime(Option<DateTime<Utc>>),
    OptInt(Option<i64>),
    Bytes(Vec<u8>),
    Float(f64),
}

impl From<bool> for Val {
    fn from(v: bool) -> Self {
        Val::Bool(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::Int(v)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Self {
        Val::Float(v)
    }
}
impl From<i32> for Val {
    fn from(v: i32) -> Self {
        Val::Int(v as i64)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(v.to_string())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(v)
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Self {
        Val::Text(v.clone())
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Self {
        Val::Bytes(v)
    }
}
impl From<Uuid> for Val {
    fn from(v: Uuid) -> Self {
        Val::Uuid(v)
    }
}
impl From<DateTime<Utc>> for Val {
    fn from(v: DateTime<Utc>) -> Self {
        Val::Time(v)
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Self {
        Val::OptText(v)
    }
}
impl From<Option<&str>> for Val {
    fn from(v: Option<&str>) -> Self {
        Val::OptText(v.map(str::to_string))
    }
}
impl From<Option<Uuid>> for Val {
    fn from(v: Option<Uuid>) -> Self {
        Val::OptUuid(v)
    }
}
impl From<Option<DateTime<Utc>>> for Val {
    fn from(v: Option<DateTime<Utc>>) -> Self {
        Val::OptTime(v)
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Self {
        Val::OptInt(v)
    }
}

/// Builds an array of `Val`s (bind arguments) from a list of expressions.
#[macro_export]
macro_rules! vals {
    ($($v:expr),* $(,)?) => { [$($crate::db::Val::from($v)),*] };
}

/// Appends a condition to a query being built, `$?` standing for the next
/// bind parameter, which is `v`.
static BEGIN_OBSERVER: std::sync::OnceLock<fn(std::time::Duration)> = std::sync::OnceLock::new();

/// Sets, once per process, what is told how long each [`Db::begin`] waited
/// for its connection (the server's metrics).
pub fn observe_begin(f: fn(std::time::Duration)) {
    let _ = BEGIN_OBSERVER.set(f);
}

/// The tail of a keyset page: `rows` were fetched with `limit + 1`; keeps the
/// first `limit` and returns the cursor of the next page (the key of the
/// last row kept), or `None` when this is the last page.
pub fn next_cursor<T, K>(rows: &mut Vec<T>, limit: i64, key: impl FnOnce(&T) -> K) -> Option<K> {
    if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(key)
    } else {
        None
    }
}

pub fn push_cond(args: &mut Vec<Val>, sql: &mut String, cond: &str, v: Val) {
    args.push(v);
    sql.push_str(&cond.replace("$?", &format!("${}", args.len())));
}

/// A row type readable from both engines (`#[derive(sqlx::FromRow)]` gives this).
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// The statement as SQLite should read it. The code writes PostgreSQL's
/// `$N` placeholders; SQLite takes `$N` for a *named* parameter, and its
/// parser and `sqlite3_bind_parameter_name` find a name by a linear search
/// of the names seen so far, so a multi-row insert of 16,000 parameters
/// cost 0.75 s to prepare (issue #15). Placeholders that run 1, 2, 3, … in
/// order become anonymous `?` (bound by position, no names at all); any
/// other use (a number repeated or out of order) becomes `?N`. Quoted
/// strings and identifiers are left alone.
pub fn sqlite_sql(sql: &str) -> std::borrow::Cow<'_, str> {
    let b = sql.as_bytes();
    // the placeholders: (start, end, number)
    let mut marks: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            }
            b'$' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let start = i;
                i += 1;
                let mut n = 0usize;
                while i < b.len() && b[i].is_ascii_digit() {
                    n = n.saturating_mul(10).saturating_add((b[i] - b'0') as usize);
                    i += 1;
                }
                marks.push((start, i, n));
            }
            _ => i += 1,
        }
    }
    if marks.is_empty() {
        return std::borrow::Cow::Borrowed(sql);
    }
    let in_order = marks.iter().enumerate().all(|(k, m)| m.2 == k + 1);
    let mut out = String::with_capacity(sql.len());
    let mut last = 0;
    for (start, end, n) in marks {
        out.push_str(&sql[last..start]);
        out.push('?');
        if !in_order {
            out.push_str(&n.to_string());
        }
        last = end;
    }
    out.push_str(&sql[last..]);
    std::borrow::Cow::Owned(out)
}

macro_rules! bind_vals {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Val::Bool(v) => q.bind(*v),
                Val::Int(v) => q.bind(*v),
                Val::Text(v) => q.bind(v.clone()),
                Val::Uuid(v) => q.bind(*v),
                Val::Time(v) => q.bind(*v),
                Val::OptText(v) => q.bind(v.clone()),
                Val::OptUuid(v) => q.bind(*v),
                Val::OptTime(v) => q.bind(*v),
                Val::OptInt(v) => q.bind(*v),
                Val::Bytes(v) => q.bind(v.clone()),
                Val::Float(v) => q.bind(*v),
            };
        }
        q
    }};
}

/// Creates the SQLite file readable by its owner only (0600, like the key
/// file) before SQLite opens it, and narrows an existing one and its WAL
/// files to that (issue #14.7). In-memory databases have no file.
fn private_file(path: &std::path::Path) -> Result<()> {
    let name = path.to_string_lossy();
    if name.is_empty() || name == ":memory:" {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let io = |e: std::io::Error| Error::Internal(format!("{}: {e}", path.display()));
        if !path.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path)
                .map_err(io)?;
        }
        for suffix in ["", "-wal", "-shm"] {
            let p = std::path::PathBuf::from(format!("{name}{suffix}"));
            if p.exists() {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
            }
        }
    }
    Ok(())
}

/// The database: an SQLite or a PostgreSQL pool.
#[derive(Clone)]
pub enum Db {
    /// SQLite allows one writer at a time; write transactions take the lock
    /// first so that they queue instead of failing with SQLITE_BUSY.
    Sqlite {
        pool: SqlitePool,
        write: Arc<Mutex<()>>,
    },
    Postgres(PgPool),
}

/// A write transaction on either engine. Dropped without `commit`, it rolls back.
pub enum Tx {
    Sqlite {
        tx: sqlx::Transaction<'static, Sqlite>,
        _guard: OwnedMutexGuard<()>,
    },
    Postgres(sqlx::Transaction<'static, Postgres>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`), creating an
    /// SQLite file (and its folder) when missing.
    pub async fn connect(url: &str) -> Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await?;
            Ok(Db::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                // 16 MiB of page cache per connection (the default is 2 MiB):
                // large indexes written in many places stay in memory
                .pragma("cache_size", "-16384")
                .busy_timeout(Duration::from_secs(10));
            let path = opts.get_filename().to_path_buf();
            if let Some(parent) = path.parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| Error::Internal(format!("cannot create {parent:?}: {e}")))?;
                }
            }
            private_file(&path)?;
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite {
                pool,
                write: Arc::new(Mutex::new(())),
            })
        } else {
            Err(Error::Internal(
                "DATABASE_URL must start with sqlite: or postgres://".to_string(),
            ))
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite { .. } => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies the migrations of this engine that are not applied yet.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite { pool, .. } => SQLITE_MIGRATIONS.run(pool).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        crate::security::audit::seal(self).await
    }

    /// True when the database answers and every known migration is applied.
    pub async fn is_ready(&self) -> bool {
        #[derive(sqlx::FromRow)]
        struct N {
            n: i64,
        }
        let expected = match self {
            Db::Sqlite { .. } => SQLITE_MIGRATIONS.iter().count() as i64,
            Db::Postgres(_) => POSTGRES_MIGRATIONS.iter().count() as i64,
        };
        match self
            .fetch_one::<N>(
                "select count(*) as n from _sqlx_migrations where success = $1",
                &[Val::Bool(true)],
            )
            .await
        {
            Ok(N { n }) => n >= expected,
            Err(_) => false,
        }
    }

    /// (connections open, connections idle, most connections)
    pub fn pool_stats(&self) -> (u32, usize, u32) {
        match self {
            Db::Sqlite { pool, .. } => (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            ),
            Db::Postgres(pool) => (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            ),
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { pool, .. } => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }

    /// Starts a write transaction (the wait for it is reported to the
    /// observer set with [`observe_begin`]).
    pub async fn begin(&self) -> Result<Tx> {
        let started = std::time::Instant::now();
        let tx = match self {
            Db::Sqlite { pool, write } => {
                let guard = write.clone().lock_owned().await;
                let tx = pool.begin().await?;
                Tx::Sqlite { tx, _guard: guard }
            }
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        };
        if let Some(f) = BEGIN_OBSERVER.get() {
            f(started.elapsed());
        }
        Ok(tx)
    }

    pub async fn fetch_all<T: Record>(&self, sql: &str, args: &[Val]) -> Result<Vec<T>> {
        Ok(match self {
            Db::Sqlite { pool, .. } => {
                let sql = sqlite_sql(sql);
                bind_vals!(sqlx::query_as::<_, T>(&sql), args)
                    .fetch_all(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                bind_vals!(sqlx::query_as::<_, T>(sql), args)
                    .fetch_all(pool)
                    .await?
            }
        })
    }

    pub async fn fetch_optional<T: Record>(&self, sql: &str, args: &[Val]) -> Result<Option<T>> {
        Ok(match self {
            Db::Sqlite { pool, .. } => {
                let sql = sqlite_sql(sql);
                bind_vals!(sqlx::query_as::<_, T>(&sql), args)
                    .fetch_optional(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                bind_vals!(sqlx::query_as::<_, T>(sql), args)
                    .fetch_optional(pool)
                    .await?
            }
        })
    }

    pub async fn fetch_one<T: Record>(&self, sql: &str, args: &[Val]) -> Result<T> {
        Ok(match self {
            Db::Sqlite { pool, .. } => {
                let sql = sqlite_sql(sql);
                bind_vals!(sqlx::query_as::<_, T>(&sql), args)
                    .fetch_one(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                bind_vals!(sqlx::query_as::<_, T>(sql), args)
                    .fetch_one(pool)
                    .await?
            }
        })
    }

    /// A statement outside any transaction (only for bookkeeping that is not a
    /// state change, such as a session's last-seen time).
    /// A single statement outside a transaction. On SQLite it queues behind
    /// the write lock too: a write slipping in between a transaction's first
    /// read and its first write would fail that transaction
    /// (SQLITE_BUSY_SNAPSHOT), as concurrent API calls showed.
    pub async fn execute(&self, sql: &str, args: &[Val]) -> Result<u64> {
        Ok(match self {
            Db::Sqlite { pool, write } => {
                let _guard = write.lock().await;
                let sql = sqlite_sql(sql);
                bind_vals!(sqlx::query(&sql), args)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }
            Db::Postgres(pool) => bind_vals!(sqlx::query(sql), args)
                .execute(pool)
                .await?
                .rows_affected(),
        })
    }

    /// Runs raw SQL (several statements), for tests that tamper with data.
    pub async fn execute_raw(&self, sql: &str) -> Result<()> {
        use sqlx::Executor;
        match self {
            Db::Sqlite { pool, .. } => {
                pool.execute(sql).await?;
            }
            Db::Postgres(pool) => {
                pool.execute(sql).await?;
            }
        }
        Ok(())
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite { tx, _guard } => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        match self {
            Tx::Sqlite { .. } => Engine::Sqlite,
            Tx::Postgres(_) => Engine::Postgres,
        }
    }

    /// The suffix that locks the rows a `select` reads until commit: `for
    /// update` on PostgreSQL; nothing on SQLite, whose writers `Db::begin`
    /// serialises already.
    pub fn for_update(&self) -> &'static str {
        match self {
            Tx::Sqlite { .. } => "",
            Tx::Postgres(_) => " for update",
        }
    }

    /// Writes rows with multi-row statements (issue #15): `values` holds
    /// the rows one after the other, `width` values each, and every
    /// statement is `{head} values (…), (…), … {tail}` with as many rows as
    /// keep it under 16,000 parameters (both engines take that many). The
    /// rows affected, summed.
    pub async fn insert_rows(
        &mut self,
        head: &str,
        width: usize,
        values: &[Val],
        tail: &str,
    ) -> Result<u64> {
        debug_assert!(width > 0 && values.len().is_multiple_of(width));
        let per = (16_000 / width).max(1);
        let mut n = 0;
        for chunk in values.chunks(per * width) {
            let rows = chunk.len() / width;
            let mut sql = String::with_capacity(head.len() + tail.len() + rows * width * 7);
            sql.push_str(head);
            sql.push_str(" values ");
            let mut k = 0;
            for r in 0..rows {
                if r > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for c in 0..width {
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    k += 1;
                    sql.push('$');
                    sql.push_str(&k.to_string());
                }
                sql.push(')');
            }
            if !tail.is_empty() {
                sql.push(' ');
                sql.push_str(tail);
            }
            n += self.execute(&sql, chunk).await?;
        }
        Ok(n)
    }

    /// The rows of `sql` for many keys, in queries of 500 keys: `sql` has
    /// `$1` … `$n` for the `fixed` values and `{keys}` where the list of
    /// keys goes (`… and case_no in ({keys})`).
    pub async fn fetch_keyed<T: Record>(
        &mut self,
        sql: &str,
        fixed: &[Val],
        keys: &[Val],
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for chunk in keys.chunks(500) {
            let mut args: Vec<Val> = fixed.to_vec();
            let marks: Vec<String> = chunk
                .iter()
                .map(|k| {
                    args.push(k.clone());
                    format!("${}", args.len())
                })
                .collect();
            let q = sql.replace("{keys}", &marks.join(", "));
            out.extend(self.fetch_all::<T>(&q, &args).await?);
        }
        Ok(out)
    }

    pub async fn execute(&mut self, sql: &str, args: &[Val]) -> Result<u64> {
        Ok(match self {
            Tx::Sqlite { tx, .. } => {
                let sql = sqlite_sql(sql);
                bind_vals!(sqlx::query(&sql), args)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected()
            }
            Tx::Postgres(tx) => bind_vals!(sqlx::query(sql), args)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        })
    }

    pub async fn fetch_all<T: Record>(&mut self, sql: &str, args: &[Val]) -> Result<Vec<T>> {
        Ok(match self {
            Tx::Sqlite { tx, .. } => {
                let sql = sqlite_sql(sql);
                bind_vals!(sqlx::query_as::<_, T>(&sql), args)
                    .fetch_all(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                bind_vals!(sqlx::query_as::<_, T>(sql), args)
                    .fetch_all(&mut **tx)
                    .await?
            }
        })
    }

    pub async fn fetch_optional<T: Record>(
        &mut self,
        sql: &str,
        args: &[Val],
    ) -> Result<Option<T>> {
        Ok(match self {
            Tx::Sqlite { tx, .. } => {
                let sql = sqlite_sql(sql);
                bind_vals!(sqlx::query_as::<_, T>(&sql), args)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                bind_vals!(sqlx::query_as::<_, T>(sql), args)
                    .fetch_optional(&mut **tx)
                    .await?
            }
        })
    }

    pub async fn fetch_one<T: Record>(&mut self, sql: &str, args: &[Val]) -> Result<T> {
        Ok(match self {
            Tx::Sqlite { tx, .. } => {
                let sql = sqlite_sql(sql);
                bind_vals!(sqlx::query_as::<_, T>(&sql), args)
                    .fetch_one(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                bind_vals!(sqlx::query_as::<_, T>(sql), args)
                    .fetch_one(&mut **tx)
                    .await?
            }
        })
    }
}

/// `count(*)` and similar single-number answers.
#[derive(Debug, sqlx::FromRow)]
pub struct Count {
    pub n: i64,
}

#[cfg(all(test, unix))]
mod tests {
    use super::{sqlite_sql, Db};

    #[test]
    fn placeholders_in_order_become_anonymous_and_others_numbered() {
        assert_eq!(
            sqlite_sql("insert into t values ($1, $2), ($3, $4)"),
            "insert into t values (?, ?), (?, ?)"
        );
        assert_eq!(
            sqlite_sql("select 1 where a = $1 or b = $1 and c = $2"),
            "select 1 where a = ?1 or b = ?1 and c = ?2"
        );
        // quoted text and JSON paths stay as they are
        assert_eq!(
            sqlite_sql("select '$1', json_extract(x, '$.a') from \"$2\" where y = $1"),
            "select '$1', json_extract(x, '$.a') from \"$2\" where y = ?"
        );
        assert_eq!(sqlite_sql("select 1"), "select 1");
    }
    use std::os::unix::fs::PermissionsExt;

    #[tokio::test]
    async fn the_sqlite_file_is_private_to_its_owner() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data/gsp.db");
        let db = Db::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let p = std::path::PathBuf::from(format!("{}{suffix}", file.display()));
            if p.exists() {
                let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{}", p.display());
            }
        }
        // an existing file with wider rights is narrowed at the next start
        db.close().await;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let db = Db::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        db.close().await;
    }
}
