//! Optional HTTPS with rustls (ring provider), from PEM files in the config.

use std::path::Path;

use axum_server::tls_rustls::RustlsConfig;

/// Loads the certificate chain and key; the error names the file.
pub async fn load(cert: &Path, key: &Path) -> anyhow::Result<RustlsConfig> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    for (what, p) in [("tls_cert", cert), ("tls_key", key)] {
        if !p.is_file() {
            anyhow::bail!("{what}: no such file {}", p.display());
        }
    }
    RustlsConfig::from_pem_file(cert, key).await.map_err(|e| {
        anyhow::anyhow!(
            "tls_cert/tls_key ({} / {}): {e}",
            cert.display(),
            key.display()
        )
    })
}
