//! 服务监控: how this instance itself is doing — its version and database
//! engine, the database's size and connection pool, the process's memory,
//! CPU time and uptime, and the machine's load and memory (read from
//! `/proc` on Linux; what a system does not tell is left out, not guessed).

use serde::Serialize;

use crate::actor::Actor;
use crate::db::{Db, Engine};
use crate::error::Result;
use crate::security::role::Permission;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Instance {
    pub version: &'static str,
    /// `sqlite` or `postgres`.
    pub engine: &'static str,
    pub db_bytes: i64,
    pub pool_open: u32,
    pub pool_idle: usize,
    pub pool_max: u32,
    pub cpus: usize,
    pub rss_bytes: Option<u64>,
    pub cpu_seconds: Option<f64>,
    pub uptime_seconds: Option<u64>,
    pub load_1m: Option<f64>,
    pub mem_total_bytes: Option<u64>,
    pub mem_available_bytes: Option<u64>,
}

#[derive(sqlx::FromRow)]
struct Size {
    n: i64,
}

/// The figures of this instance (system administrators).
pub async fn instance(db: &Db, actor: &Actor) -> Result<Instance> {
    actor.require(Permission::SettingsManage)?;
    let (engine, sql) = match db.engine() {
        Engine::Sqlite => (
            "sqlite",
            "select p.page_count * s.page_size as n from pragma_page_count() p, pragma_page_size() s",
        ),
        Engine::Postgres => (
            "postgres",
            "select cast(pg_database_size(current_database()) as bigint) as n",
        ),
    };
    let size: Size = db.fetch_one(sql, &[]).await?;
    let (pool_open, pool_idle, pool_max) = db.pool_stats();
    let mut i = Instance {
        version: env!("CARGO_PKG_VERSION"),
        engine,
        db_bytes: size.n,
        pool_open,
        pool_idle,
        pool_max,
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ..Default::default()
    };
    let read = |p: &str| std::fs::read_to_string(p).ok();
    if let Some(status) = read("/proc/self/status") {
        i.rss_bytes = kib(&status, "VmRSS:");
    }
    if let Some(meminfo) = read("/proc/meminfo") {
        i.mem_total_bytes = kib(&meminfo, "MemTotal:");
        i.mem_available_bytes = kib(&meminfo, "MemAvailable:");
    }
    i.load_1m = read("/proc/loadavg")
        .and_then(|l| l.split_whitespace().next().and_then(|x| x.parse().ok()));
    let boot_uptime: Option<f64> =
        read("/proc/uptime").and_then(|u| u.split_whitespace().next().and_then(|x| x.parse().ok()));
    if let Some(stat) = read("/proc/self/stat") {
        let (cpu, started) = stat_times(&stat);
        // the kernel's clock ticks are 100 a second on Linux (USER_HZ)
        i.cpu_seconds = cpu.map(|t| t as f64 / 100.0);
        if let (Some(up), Some(s)) = (boot_uptime, started) {
            i.uptime_seconds = Some((up - s as f64 / 100.0).max(0.0) as u64);
        }
    }
    Ok(i)
}

/// A `Name:   123 kB` line of a /proc file, in bytes.
fn kib(text: &str, name: &str) -> Option<u64> {
    text.lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse::<u64>().ok())
        .map(|k| k * 1024)
}

/// (user + system CPU ticks, start time in ticks after boot) of a
/// `/proc/<pid>/stat` line. The command name (field 2) may hold spaces and
/// parentheses: fields are counted after its closing `)`.
fn stat_times(stat: &str) -> (Option<u64>, Option<u64>) {
    let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
        return (None, None);
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    // after the name: state is field 3, so field n is f[n - 3]
    let num = |n: usize| f.get(n - 3).and_then(|x| x.parse::<u64>().ok());
    let cpu = match (num(14), num(15)) {
        (Some(u), Some(s)) => Some(u + s),
        _ => None,
    };
    (cpu, num(22))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_files_are_read_as_the_kernel_writes_them() {
        let status = "Name:\tgsp-access\nVmPeak:\t  9000 kB\nVmRSS:\t   51200 kB\n";
        assert_eq!(kib(status, "VmRSS:"), Some(51200 * 1024));
        assert_eq!(kib(status, "VmSwap:"), None);
        // a command name with a space and a parenthesis
        let stat = "4242 (gsp (access) x) S 1 4242 4242 0 -1 4194560 1 0 0 0 250 50 0 0 20 0 9 0 123456 1000 12 18446744073709551615";
        assert_eq!(stat_times(stat), (Some(300), Some(123456)));
        assert_eq!(stat_times("garbage"), (None, None));
    }
}
