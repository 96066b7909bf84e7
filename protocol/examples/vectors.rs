//! Prints the worked examples of docs/api.md (`cargo run -p gsp-protocol --example vectors`).
use gsp_protocol::*;

fn main() {
    let key = "AK5F3C9A1B2D4E6F708192";
    let secret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let examples: [(&str, &str, &str, &[u8]); 2] = [
        ("GET", "/api/v1/ping", "", b""),
        (
            "POST",
            "/api/v1/ping",
            "b=2&a=%E6%B5%99%E6%B1%9F&a=1",
            "{\"echo\":\"你好\"}".as_bytes(),
        ),
    ];
    for (m, path, q, body) in examples {
        for method in [SignatureMethod::HmacSha256, SignatureMethod::HmacSm3] {
            let ts = "1800000000";
            let nonce = "3f2b8c1d-7e4a-4b6f-9d21-0c5e8a7b6f10";
            let canonical = canonical_string(m, path, q, ts, nonce, &method.body_hash(body));
            println!(
                "== {m} {path}?{q} body={:?} {}",
                String::from_utf8_lossy(body),
                method.name()
            );
            println!("canonical:\n{canonical}");
            println!(
                "signature: {}\n",
                method.sign(secret.as_bytes(), &canonical)
            );
        }
    }
    let _ = key;
}
