//! Configuration: command-line flags, then environment variables, then an
//! optional TOML file (`--config` / `GSP_CONFIG`), then defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde::Deserialize;

#[derive(Debug, Parser)]
#[command(
    name = "gsp-access",
    version,
    about = "政务服务平台接入管理 — access management for a government service platform",
    long_about = "Access management for a government service platform (政务服务平台 接入管理).\n\n\
Every option can also be set by its environment variable (shown in brackets) or in a TOML\n\
file given by --config / GSP_CONFIG, whose keys are the long option names with underscores:\n\n\
    listen = \"0.0.0.0:3000\"\n\
    data_dir = \"/var/lib/gsp-access\"\n\
    database_url = \"postgres://gsp@db/gsp\"\n\
    log_format = \"json\"\n\
    secure_cookies = true\n\
    trust_proxy = true\n\
    totp_issuer = \"某省政务服务平台\"\n\
    instance_level = \"provincial\"\n\
    instance_division = \"330000\"\n\
    tls_cert = \"/etc/gsp/cert.pem\"\n\
    tls_key = \"/etc/gsp/key.pem\"\n\
    site_root = \"target/site\"\n\n\
Precedence: flag, then environment, then file, then default.\n\
The database is chosen by DATABASE_URL: sqlite://... (default: <data dir>/gsp-access.db,\n\
created and migrated at start) or postgres://..."
)]
pub struct Cli {
    #[command(flatten)]
    pub opts: Opts,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opts {
    /// TOML configuration file
    #[arg(long, global = true, env = "GSP_CONFIG")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:3000]
    #[arg(long, global = true, env = "GSP_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Folder for the embedded database and other files [default: ./data]
    #[arg(long, global = true, env = "GSP_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// sqlite://PATH or postgres://USER@HOST/DB [default: sqlite://<data dir>/gsp-access.db]
    #[arg(long, global = true, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Log format: text or json [default: text]
    #[arg(long, global = true, env = "LOG_FORMAT")]
    pub log_format: Option<String>,
    /// Mark cookies Secure (serve behind HTTPS) [default: false]
    #[arg(long, global = true, env = "GSP_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// Take the client address from X-Forwarded-For (behind a reverse proxy) [default: false]
    #[arg(long, global = true, env = "GSP_TRUST_PROXY")]
    pub trust_proxy: Option<bool>,
    /// Issuer name shown in authenticator apps [default: 政务服务平台接入管理]
    #[arg(long, global = true, env = "GSP_TOTP_ISSUER")]
    pub totp_issuer: Option<String>,
    /// This platform's level: national, provincial or municipal [default: provincial]
    #[arg(long, global = true, env = "GSP_INSTANCE_LEVEL")]
    pub instance_level: Option<String>,
    /// This platform's administrative division code (GB/T 2260) [default: 330000]
    #[arg(long, global = true, env = "GSP_INSTANCE_DIVISION")]
    pub instance_division: Option<String>,
    /// PEM certificate chain: serve HTTPS (rustls) with --tls-key
    #[arg(long, global = true, env = "GSP_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for --tls-cert
    #[arg(long, global = true, env = "GSP_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Key that encrypts API credential secrets at rest: 64 hex characters.
    /// Prefer --secret-key-file; this is for container secrets.
    #[arg(long, global = true, env = "GSP_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// File holding that key; created with a random key when missing [default: <data dir>/secret.key]
    #[arg(long, global = true, env = "GSP_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// File the audit chain's checkpoints are exported to (one MAC'd JSON
    /// line an hour while the chain grows); keep a copy elsewhere
    /// [default: <data dir>/audit-checkpoints.jsonl]
    #[arg(long, global = true, env = "GSP_AUDIT_CHECKPOINT_FILE")]
    pub audit_checkpoint_file: Option<PathBuf>,
    /// Machine API requests per second from one source address, before any
    /// authentication [default: 100]
    #[arg(long, global = true, env = "GSP_SOURCE_API_RATE")]
    pub source_api_rate: Option<f64>,
    /// Sign-in form posts per second from one source address [default: 2, burst 30]
    #[arg(long, global = true, env = "GSP_SOURCE_SIGN_IN_RATE")]
    pub source_sign_in_rate: Option<f64>,
    /// Serve /metrics only on this address (e.g. 127.0.0.1:9100), not on --listen
    #[arg(long, global = true, env = "GSP_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// Hours after sign-in at which a session ends however busy [default: 12]
    #[arg(long, global = true, env = "GSP_SESSION_HOURS")]
    pub session_hours: Option<i64>,
    /// Signed-in sessions one account may hold; the oldest ends at a new sign-in [default: 5]
    #[arg(long, global = true, env = "GSP_SESSIONS_PER_ACCOUNT")]
    pub sessions_per_account: Option<i64>,
    /// Days the machine API's call log is kept [default: 90]
    #[arg(long, global = true, env = "GSP_API_LOG_DAYS")]
    pub api_log_days: Option<i64>,
    /// Machine API requests per second per credential [default: 20]
    #[arg(long, global = true, env = "GSP_API_RATE")]
    pub api_rate: Option<f64>,
    /// Machine API burst per credential [default: 40]
    #[arg(long, global = true, env = "GSP_API_BURST")]
    pub api_burst: Option<f64>,
    /// Days raw performance points are kept (5-minute aggregates 90 days, hourly 2 years) [default: 7]
    #[arg(long, global = true, env = "GSP_OPS_RAW_DAYS")]
    pub ops_raw_days: Option<i64>,
    /// Folder of the built site (wasm, css) [default: target/site]
    #[arg(long, global = true, env = "LEPTOS_SITE_ROOT")]
    pub site_root: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the console and the machine API (the default)
    Serve {
        /// Load the demo data before serving (safe to repeat)
        #[arg(long, env = "GSP_DEMO")]
        demo: bool,
    },
    /// Apply database migrations and exit
    Migrate,
    /// Load the demo data (one account per role; safe to run twice)
    SeedDemo,
    /// Manage accounts from the command line
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The audit trail
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The registry of access parties
    Party {
        #[command(subcommand)]
        command: PartyCommand,
    },
    /// API credentials of access parties
    Credential {
        #[command(subcommand)]
        command: CredentialCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum CredentialCommand {
    /// Issue a credential to an approved party (audited, acting as the system);
    /// the secret is printed once
    Issue {
        /// The unified social credit code of the party's organisation
        #[arg(long)]
        party: String,
        /// Days until it expires
        #[arg(long, default_value_t = gsp_domain::access::credential::DEFAULT_DAYS)]
        days: i64,
        /// Print {"key_id", "secret", "scopes", "expires_at"} as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PartyCommand {
    /// List access parties with their unified social credit code, kind, level and state
    List {
        /// Only parties in this state: registered, connected, suspended, retired
        #[arg(long)]
        status: Option<String>,
        /// One JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account and print its one-time password
    Create {
        #[arg(long)]
        username: String,
        /// system-admin, security-admin, audit-admin, reviewer, supervisor
        #[arg(long)]
        role: String,
        #[arg(long)]
        display_name: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole chain (hashes, links, MACs, the head) and the exported
    /// checkpoints; exits 1 naming the first broken record
    Verify,
    /// Export a checkpoint of the chain head now
    Checkpoint,
}

/// The resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub log_json: bool,
    pub secure_cookies: bool,
    pub trust_proxy: bool,
    pub totp_issuer: String,
    pub site_root: PathBuf,
    /// (certificate chain, private key) when serving HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    pub instance: gsp_domain::access::party::Instance,
    pub secret_key: Option<String>,
    pub secret_key_file: PathBuf,
    pub audit_checkpoint_file: PathBuf,
    pub api_rate: f64,
    pub api_burst: f64,
    pub source_api: (f64, f64),
    pub source_sign_in: (f64, f64),
    pub api_log_days: i64,
    pub metrics_listen: Option<SocketAddr>,
    pub sessions: gsp_domain::security::session::Limits,
    pub ops_raw_days: i64,
}

impl Settings {
    /// The cipher for credential secrets: from the key given, else from the
    /// key file (created with a random key on first use).
    pub fn cipher(&self) -> anyhow::Result<gsp_domain::access::credential::Cipher> {
        match &self.secret_key {
            Some(k) => gsp_domain::access::credential::Cipher::from_hex(k)
                .map_err(|e| anyhow::anyhow!("secret_key: {e}")),
            None => gsp_domain::access::credential::Cipher::load_or_create(&self.secret_key_file)
                .map_err(|e| anyhow::anyhow!("secret_key_file: {e}")),
        }
    }

    /// The key of the audit MACs, derived from the same secret key (so the
    /// key file is created first when missing).
    pub fn audit_key(&self) -> anyhow::Result<gsp_domain::security::audit::Key> {
        let hex_key = match &self.secret_key {
            Some(k) => k.clone(),
            None => {
                self.cipher()?;
                std::fs::read_to_string(&self.secret_key_file)
                    .map_err(|e| anyhow::anyhow!("secret_key_file: {e}"))?
            }
        };
        Ok(gsp_domain::security::audit::Key::derive(
            hex_key.trim().as_bytes(),
        ))
    }

    pub fn resolve(cli: Opts) -> anyhow::Result<Settings> {
        let file: Opts = match &cli.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    anyhow::anyhow!("cannot read config file {}: {e}", path.display())
                })?;
                toml::from_str(&text)
                    .map_err(|e| anyhow::anyhow!("config file {}: {e}", path.display()))?
            }
            None => Opts::default(),
        };
        let data_dir = cli
            .data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let database_url = cli
            .database_url
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}/gsp-access.db", data_dir.display()));
        let log_format = cli
            .log_format
            .or(file.log_format)
            .unwrap_or_else(|| "text".into());
        if log_format != "text" && log_format != "json" {
            anyhow::bail!("log_format must be text or json, not {log_format:?}");
        }
        let level_code = cli
            .instance_level
            .or(file.instance_level)
            .unwrap_or_else(|| "provincial".into());
        let division = cli
            .instance_division
            .or(file.instance_division)
            .unwrap_or_else(|| "330000".into());
        let level = gsp_domain::division::Level::from_code(&level_code).ok_or_else(|| {
            anyhow::anyhow!(
                "instance_level must be national, provincial or municipal, not {level_code:?}"
            )
        })?;
        let instance =
            gsp_domain::access::party::Instance::new(level, &division).map_err(|code| {
                anyhow::anyhow!(
                    "instance_level {level_code} / instance_division {division}: {}",
                    gsp_protocol::messages::english(code)
                )
            })?;
        let tls = match (cli.tls_cert.or(file.tls_cert), cli.tls_key.or(file.tls_key)) {
            (Some(c), Some(k)) => Some((c, k)),
            (None, None) => None,
            _ => anyhow::bail!("tls_cert and tls_key must be given together"),
        };
        Ok(Settings {
            listen: cli
                .listen
                .or(file.listen)
                .unwrap_or_else(|| "127.0.0.1:3000".parse().expect("addr")),
            data_dir: data_dir.clone(),
            database_url,
            log_json: log_format == "json",
            // cookies are Secure whenever we serve HTTPS ourselves
            secure_cookies: cli
                .secure_cookies
                .or(file.secure_cookies)
                .unwrap_or(tls.is_some()),
            trust_proxy: cli.trust_proxy.or(file.trust_proxy).unwrap_or(false),
            totp_issuer: cli
                .totp_issuer
                .or(file.totp_issuer)
                .unwrap_or_else(|| "政务服务平台接入管理".into()),
            site_root: cli
                .site_root
                .or(file.site_root)
                .unwrap_or_else(|| PathBuf::from("target/site")),
            tls,
            instance,
            secret_key: cli.secret_key.or(file.secret_key),
            api_rate: cli.api_rate.or(file.api_rate).unwrap_or(20.0),
            api_burst: cli.api_burst.or(file.api_burst).unwrap_or(40.0),
            source_api: match cli
                .source_api_rate
                .or(file.source_api_rate)
                .unwrap_or(100.0)
            {
                r if r > 0.0 => (r, r * 4.0),
                r => anyhow::bail!("source_api_rate: {r} is not positive"),
            },
            source_sign_in: match cli
                .source_sign_in_rate
                .or(file.source_sign_in_rate)
                .unwrap_or(2.0)
            {
                r if r > 0.0 => (r, (r * 15.0).max(5.0)),
                r => anyhow::bail!("source_sign_in_rate: {r} is not positive"),
            },
            metrics_listen: cli.metrics_listen.or(file.metrics_listen),
            sessions: gsp_domain::security::session::Limits {
                absolute_hours: match cli.session_hours.or(file.session_hours).unwrap_or(12) {
                    h @ 1..=168 => h,
                    h => anyhow::bail!("session_hours: {h} is not between 1 and 168"),
                },
                per_account: match cli
                    .sessions_per_account
                    .or(file.sessions_per_account)
                    .unwrap_or(5)
                {
                    n @ 1..=100 => n,
                    n => anyhow::bail!("sessions_per_account: {n} is not between 1 and 100"),
                },
            },
            api_log_days: match cli.api_log_days.or(file.api_log_days).unwrap_or(90) {
                d @ 1..=3650 => d,
                d => anyhow::bail!("api_log_days: {d} is not between 1 and 3650"),
            },
            ops_raw_days: match cli.ops_raw_days.or(file.ops_raw_days).unwrap_or(7) {
                d @ 1..=90 => d,
                d => anyhow::bail!("ops_raw_days: {d} is not between 1 and 90"),
            },
            secret_key_file: cli
                .secret_key_file
                .or(file.secret_key_file)
                .unwrap_or_else(|| data_dir.join("secret.key")),
            audit_checkpoint_file: cli
                .audit_checkpoint_file
                .or(file.audit_checkpoint_file)
                .unwrap_or_else(|| data_dir.join("audit-checkpoints.jsonl")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_file() {
        let s = Settings::resolve(Opts::default()).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(s.database_url, "sqlite://./data/gsp-access.db");
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.toml");
        std::fs::write(
            &f,
            "listen = \"0.0.0.0:8080\"\ndata_dir = \"/srv/gsp\"\nlog_format = \"json\"\n",
        )
        .unwrap();
        let s = Settings::resolve(Opts {
            config: Some(f.clone()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.listen.to_string(), "0.0.0.0:8080");
        assert_eq!(s.database_url, "sqlite:///srv/gsp/gsp-access.db");
        assert!(s.log_json);
        // a flag wins over the file
        let s = Settings::resolve(Opts {
            config: Some(f.clone()),
            listen: Some("127.0.0.1:9".parse().unwrap()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:9");
        assert!(s.tls.is_none() && !s.secure_cookies);
        std::fs::write(&f, "tls_cert = \"c.pem\"\ntls_key = \"k.pem\"\n").unwrap();
        let s = Settings::resolve(Opts {
            config: Some(f.clone()),
            ..Default::default()
        })
        .unwrap();
        assert!(
            s.tls.is_some() && s.secure_cookies,
            "HTTPS implies Secure cookies"
        );
        std::fs::write(&f, "tls_cert = \"c.pem\"\n").unwrap();
        assert!(Settings::resolve(Opts {
            config: Some(f.clone()),
            ..Default::default()
        })
        .is_err());
        std::fs::write(
            &f,
            "instance_level = \"municipal\"\ninstance_division = \"330000\"\n",
        )
        .unwrap();
        let err = Settings::resolve(Opts {
            config: Some(f.clone()),
            ..Default::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("instance_division"), "{err}");
        std::fs::write(&f, "nonsense = 1\n").unwrap();
        assert!(Settings::resolve(Opts {
            config: Some(f),
            ..Default::default()
        })
        .is_err());
    }
}
