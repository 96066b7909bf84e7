//! `gsp-client`: ping the machine API, or submit a file of records.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "gsp-client", about = "Client of the gsp-access machine API")]
struct Cli {
    /// Base URL of the target platform
    #[arg(long, env = "GSP_API_BASE", default_value = "http://127.0.0.1:3000")]
    base: String,
    /// Access key id
    #[arg(long, env = "GSP_KEY_ID")]
    key: String,
    /// Secret
    #[arg(long, env = "GSP_SECRET", hide_env_values = true)]
    secret: String,
    /// Sign with HMAC-SM3 instead of HMAC-SHA256
    #[arg(long)]
    sm3: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Who this credential belongs to, its scopes and the server's time
    Ping,
    /// POST a file (JSON, or XML with --xml) to an endpoint, e.g. /api/v1/ping
    Submit {
        path: String,
        file: std::path::PathBuf,
        #[arg(long)]
        xml: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut c = gsp_client::Client::new(&cli.base, &cli.key, &cli.secret);
    if cli.sm3 {
        c = c.sm3();
    }
    let result = match cli.command {
        Command::Ping => c
            .ping()
            .map(|p| serde_json::to_value(p).unwrap_or_default()),
        Command::Submit { path, file, xml } => match std::fs::read(&file) {
            Ok(body) => {
                let ct = if xml {
                    "application/xml"
                } else {
                    "application/json"
                };
                c.call("POST", &path, Some((ct, &body)))
            }
            Err(e) => {
                eprintln!("gsp-client: cannot read {}: {e}", file.display());
                return ExitCode::from(2);
            }
        },
    };
    match result {
        Ok(v) => {
            // One write of the whole answer; a reader that stops early (`| head`,
            // `grep -q`) is not an error of ours.
            let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
            text.push('\n');
            match std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("gsp-client: cannot write the answer: {e}");
                    ExitCode::from(3)
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(gsp_client::Error::Api(a)) => {
            eprintln!(
                "gsp-client: {} {} / {} (request {})",
                a.code, a.message, a.message_en, a.request_id
            );
            if !a.data.is_null() {
                eprintln!(
                    "{}",
                    serde_json::to_string_pretty(&a.data).unwrap_or_default()
                );
            }
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("gsp-client: {e}");
            ExitCode::from(3)
        }
    }
}
