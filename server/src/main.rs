use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use gsp_domain::{demo, security::account, security::audit, Actor, Db, Role};
use gsp_server::config::{
    AdminCommand, AuditCommand, Cli, Command, CredentialCommand, PartyCommand, Settings,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::resolve(cli.opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gsp-access: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(settings.log_json);
    // Leptos reads its site settings from these; give them defaults so the
    // binary runs from the repository root without cargo-leptos around it.
    set_default_env("LEPTOS_OUTPUT_NAME", "gsp-access");
    set_default_env("LEPTOS_SITE_PKG_DIR", "pkg");
    std::env::set_var("LEPTOS_SITE_ROOT", &settings.site_root);
    std::env::set_var("LEPTOS_SITE_ADDR", settings.listen.to_string());

    // the audit MACs' key, before any database is opened (ADR 0003)
    if let Err(e) = settings
        .audit_key()
        .and_then(|k| audit::install_key(k).map_err(Into::into))
    {
        eprintln!("gsp-access: {e:#}");
        return ExitCode::FAILURE;
    }
    gsp_domain::security::session::set_limits(settings.sessions);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let result = rt.block_on(run(
        cli.command.unwrap_or(Command::Serve { demo: false }),
        settings,
    ));
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gsp-access: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn set_default_env(key: &str, value: &str) {
    if std::env::var_os(key).is_none() {
        std::env::set_var(key, value);
    }
}

fn init_logging(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    if json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_current_span(false)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
}

async fn open_db(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve { demo: with_demo } => {
            let db = open_db(&settings).await?;
            if with_demo {
                let n = demo::seed(&db).await?;
                tracing::info!(created = n, "demo data loaded");
            }
            serve(db, settings).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let _ = open_db(&settings).await?;
            println!("migrations applied");
            Ok(ExitCode::SUCCESS)
        }
        Command::SeedDemo => {
            let db = open_db(&settings).await?;
            let n = demo::seed(&db).await?;
            println!("demo data loaded ({n} accounts created)");
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    username,
                    role,
                    display_name,
                },
        } => {
            let Some(role) = Role::from_code(&role) else {
                anyhow::bail!(
                    "unknown role {role:?}; one of: {}",
                    Role::ALL
                        .iter()
                        .map(|r| r.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            };
            if role.is_org_scoped() {
                anyhow::bail!(
                    "{} accounts need an organisation: create them in the console",
                    role.code()
                );
            }
            let db = open_db(&settings).await?;
            let name = display_name.unwrap_or_else(|| username.clone());
            match account::create(
                &db,
                &Actor::system("cli"),
                &username,
                &name,
                &[role],
                None,
                None,
            )
            .await
            {
                Ok((_, pw)) => {
                    println!("account {username} created with role {}", role.code());
                    println!("one-time password: {pw}");
                    println!(
                        "it must be changed at first sign-in{}",
                        if role.is_administrator() {
                            "; a TOTP authenticator is set up then too"
                        } else {
                            ""
                        }
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(gsp_domain::Error::Validation(errors)) => {
                    for e in errors {
                        eprintln!("{}: {}", e.field, gsp_protocol::messages::english(&e.code));
                    }
                    Ok(ExitCode::from(2))
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Party {
            command: PartyCommand::List { status, json },
        } => {
            if let Some(s) = status
                .as_deref()
                .filter(|s| !gsp_domain::access::party::STATUSES.contains(s))
            {
                anyhow::bail!(
                    "unknown status {s:?}; one of: {}",
                    gsp_domain::access::party::STATUSES.join(", ")
                );
            }
            let db = open_db(&settings).await?;
            let actor = Actor::system("cli");
            let filter = gsp_domain::access::party::Filter {
                status,
                ..Default::default()
            };
            let mut rows = Vec::new();
            let mut after = None;
            loop {
                let (page, next) =
                    gsp_domain::access::party::list(&db, &actor, &filter, after, 500).await?;
                rows.extend(page);
                match next {
                    Some(n) => after = Some(n),
                    None => break,
                }
            }
            if json {
                let out: Vec<_> = rows
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "id": p.id, "name": p.name, "uscc": p.uscc, "organisation": p.organisation_name,
                            "kind": p.kind, "level": p.level, "division_code": p.division_code, "status": p.status,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                println!(
                    "{:<18}  {:<20}  {:<10}  {:<6}  {:<10}  name",
                    "uscc", "kind", "level", "region", "status"
                );
                for p in &rows {
                    println!(
                        "{:<18}  {:<20}  {:<10}  {:<6}  {:<10}  {}",
                        p.uscc, p.kind, p.level, p.division_code, p.status, p.name
                    );
                }
                println!("{} parties", rows.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Credential {
            command: CredentialCommand::Issue { party, days, json },
        } => {
            let db = open_db(&settings).await?;
            let cipher = settings.cipher()?;
            let actor = Actor::system("cli");
            match gsp_domain::access::credential::issue_by_uscc(&db, &actor, &cipher, &party, days)
                .await
            {
                Ok(c) => {
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&serde_json::json!({
                                "key_id": c.key_id, "secret": c.secret, "scopes": c.scopes,
                                "expires_at": c.expires_at, "ip_allowlist": c.ip_allowlist,
                            }))?
                        );
                    } else {
                        println!("key id:     {}", c.key_id);
                        println!("secret:     {}   (shown once: store it now)", c.secret);
                        println!("scopes:     {}", c.scopes.join(", "));
                        println!("allowlist:  {}", c.ip_allowlist.join(", "));
                        println!("expires at: {}", c.expires_at.to_rfc3339());
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(gsp_domain::Error::Validation(errors)) => {
                    for e in errors {
                        eprintln!("{}: {}", e.field, gsp_protocol::messages::english(&e.code));
                    }
                    Ok(ExitCode::from(2))
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let db = open_db(&settings).await?;
            let marks = audit::read_checkpoints(&settings.audit_checkpoint_file)?;
            let r = audit::verify_with(&db, &marks).await?;
            match r.first_problem {
                None => {
                    println!(
                        "audit chain intact: {} records verified (SM3 hashes; HMAC-SM3 from record {}), {} exported checkpoints met",
                        r.checked, r.keyed_from, r.checkpoints
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Some((seq, problem)) => {
                    println!("audit chain BROKEN at record {seq}: {problem:?} ({} records verified before it)", r.checked);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Audit {
            command: AuditCommand::Checkpoint,
        } => {
            let db = open_db(&settings).await?;
            let path = &settings.audit_checkpoint_file;
            match audit::export_checkpoint(&db, path).await? {
                Some(c) => println!(
                    "checkpoint of record {} exported to {}",
                    c.seq,
                    path.display()
                ),
                None => println!(
                    "the last checkpoint in {} already names the head",
                    path.display()
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn serve(db: Db, settings: Settings) -> anyhow::Result<()> {
    let conf = leptos::prelude::get_configuration(None)?;
    let mut leptos_options = conf.leptos_options;
    leptos_options.site_addr = settings.listen;
    let state = app::state::AppState {
        db: db.clone(),
        leptos_options,
        settings: Arc::new(app::state::ConsoleSettings {
            totp_issuer: settings.totp_issuer.clone(),
            secure_cookies: settings.secure_cookies,
            trust_proxy: settings.trust_proxy,
            instance: settings.instance.clone(),
            cipher: settings.cipher()?,
            api_rate: settings.api_rate,
            api_burst: settings.api_burst,
            source_api: settings.source_api,
            source_sign_in: settings.source_sign_in,
            metrics_elsewhere: settings.metrics_listen.is_some(),
            audit_checkpoints: Some(settings.audit_checkpoint_file.clone()),
        }),
    };
    // a checkpoint of the audit head leaves the database every hour
    let audit_db = db.clone();
    let marks = settings.audit_checkpoint_file.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = audit::export_checkpoint(&audit_db, &marks).await {
                tracing::error!(error = %e, "audit checkpoint export failed");
            }
        }
    });
    // the API's call log is kept for api_log_days
    let calls_db = db.clone();
    let log_days = settings.api_log_days;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match gsp_domain::security::api_access::purge_calls(&calls_db, log_days).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "old API call log removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "API call log purge failed"),
            }
        }
    });
    // nonces are needed for the signature window only
    let purge_db = db.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            if let Err(e) = gsp_domain::security::api_access::purge_nonces(&purge_db).await {
                tracing::warn!(error = %e, "nonce purge failed");
            }
        }
    });
    // old performance data goes in small steps, so writers never wait long
    let ops_db = db.clone();
    let keep = gsp_domain::ops::Retention {
        raw_days: settings.ops_raw_days,
        ..Default::default()
    };
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match gsp_domain::ops::purge(&ops_db, keep, gsp_domain::time::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rows = n, "old performance data removed"),
                Err(e) => tracing::warn!(error = %e, "performance data purge failed"),
            }
        }
    });
    if let Some(addr) = settings.metrics_listen {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!(listen = %addr, "metrics on http://{addr}/metrics");
        let metrics = gsp_server::metrics_router(state.clone(), gsp_server::global_metrics());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, metrics).await {
                tracing::error!(error = %e, "metrics listener failed");
            }
        });
    }
    // brotli and gzip copies of the console's package, written once per build
    // beside it; until they exist the files are compressed per request
    // (the router hashes the package; the copies need no hash)
    let pkg = gsp_server::package_dir(&state.leptos_options);
    tokio::task::spawn_blocking(move || match gsp_server::assets::precompress(&pkg) {
        Ok(0) => {}
        Ok(n) => tracing::info!(files = n, dir = %pkg.display(), "console assets precompressed"),
        Err(e) => tracing::warn!(error = %e, "console assets not precompressed"),
    });
    let router = gsp_server::router(state, gsp_server::global_metrics());
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let database = redact(&settings.database_url);
    match &settings.tls {
        Some((cert, key)) => {
            let config = gsp_server::tls::load(cert, key).await?;
            let handle = axum_server::Handle::new();
            let h = handle.clone();
            tokio::spawn(async move {
                shutdown_signal().await;
                h.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
            });
            tracing::info!(listen = %settings.listen, %database, "gsp-access listening on https://{}", settings.listen);
            axum_server::bind_rustls(settings.listen, config)
                .handle(handle)
                .serve(service)
                .await?;
        }
        None => {
            let listener = tokio::net::TcpListener::bind(settings.listen).await?;
            tracing::info!(listen = %settings.listen, %database, "gsp-access listening on http://{}", settings.listen);
            axum::serve(listener, service)
                .with_graceful_shutdown(shutdown_signal())
                .await?;
        }
    }
    tracing::info!("shutting down");
    db.close().await;
    Ok(())
}

/// Hides the password of a database URL in logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
