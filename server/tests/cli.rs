//! The command line: migrate, seed-demo, admin create, audit verify, party list.

use std::process::Command;

fn run(data: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gsp-access"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn command_line_administration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (code, out, _) = run(d, &["migrate"]);
    assert_eq!((code, out.trim()), (0, "migrations applied"));
    assert!(
        d.join("gsp-access.db").exists(),
        "the embedded database lives in the data dir"
    );

    let (code, out, _) = run(
        d,
        &[
            "admin",
            "create",
            "--username",
            "root",
            "--role",
            "system-admin",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let pw = out
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .unwrap();
    assert!(pw.len() >= 10);
    let (code, _, err) = run(
        d,
        &[
            "admin",
            "create",
            "--username",
            "root",
            "--role",
            "system-admin",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("username"), "{err}");
    let (code, _, err) = run(d, &["admin", "create", "--username", "x", "--role", "root"]);
    assert_ne!(code, 0);
    assert!(err.contains("unknown role"), "{err}");

    let (code, out, _) = run(d, &["seed-demo"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = run(d, &["party", "list", "--json"]);
    assert_eq!(code, 0);
    let parties: serde_json::Value = serde_json::from_str(&out).unwrap();
    let parties = parties.as_array().unwrap();
    assert_eq!(parties.len(), gsp_domain::demo::PARTIES.len());
    for p in parties {
        assert!(
            gsp_domain::organisation::uscc_valid(p["uscc"].as_str().unwrap()),
            "{p}"
        );
        assert_eq!(p["status"], "registered");
    }
    let (_, out, _) = run(d, &["party", "list", "--status", "connected", "--json"]);
    assert_eq!(out.trim(), "[]");
    let (code, out, _) = run(d, &["party", "list"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("city-platform")
            && out
                .trim_end()
                .ends_with(&format!("{} parties", parties.len()))
    );
    let (code, _, err) = run(d, &["party", "list", "--status", "bogus"]);
    assert_ne!(code, 0);
    assert!(err.contains("unknown status"), "{err}");

    let (code, out, _) = run(d, &["audit", "verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("audit chain intact"), "{out}");
}
