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
            gsp_domain::access::organisation::uscc_valid(p["uscc"].as_str().unwrap()),
            "{p}"
        );
    }
    let (_, out, _) = run(d, &["party", "list", "--status", "connected", "--json"]);
    let connected: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = connected
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "城市速递物流寄递服务",
            "宁波市政务服务平台",
            "浙里缴统一公共支付服务"
        ]
    );

    // a credential for an approved party, printed once as JSON
    let ningbo = connected.as_array().unwrap()[1]["uscc"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, out, err) = run(d, &["credential", "issue", "--party", &ningbo, "--json"]);
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(c["key_id"].as_str().unwrap().starts_with("AK"));
    assert_eq!(c["secret"].as_str().unwrap().len(), 64);
    assert_eq!(
        c["scopes"],
        serde_json::json!(["service-items", "portal", "identity", "seals", "operations"])
    );
    assert!(c["expires_at"].is_string());
    assert!(
        d.join("secret.key").exists(),
        "the key file is created on first use"
    );
    // a party without an approved application gets none
    let (_, out, _) = run(d, &["party", "list", "--json"]);
    let all: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hangzhou = all
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "杭州市政务服务平台")
        .unwrap()["uscc"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, _, err) = run(d, &["credential", "issue", "--party", &hangzhou]);
    assert_eq!(code, 2);
    assert!(err.contains("party"), "{err}");
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

    // a checkpoint leaves the database; the MACs use the key file's key,
    // so a second process verifies what the first wrote (issue #14.2)
    let (code, out, _) = run(d, &["audit", "checkpoint"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("checkpoint of record"), "{out}");
    let marks = std::fs::read_to_string(d.join("audit-checkpoints.jsonl")).unwrap();
    assert_eq!(marks.lines().count(), 1);
    let (code, out, _) = run(d, &["audit", "verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 exported checkpoints met"), "{out}");

    // with another secret key, every MAC is foreign
    let (code, out, _) = run(d, &["--secret-key", &"7".repeat(64), "audit", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("BROKEN"), "{out}");
}
