//! The console's built assets (`target/site/pkg`: the wasm, its JS glue and
//! the stylesheet), served under a content-hashed path with
//! `Cache-Control: immutable`, precompressed with brotli and gzip once at
//! start (ADR 0014).
//!
//! The hash names the whole package (all its files), so one upgrade changes
//! every asset URL at once and a browser never pairs a new JS glue with an
//! old wasm. The unhashed `/pkg/…` paths still answer (a page rendered by the
//! previous version may ask for them during an upgrade), with `no-cache`.

use std::io::Write;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Path as UrlPath, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Files smaller than this are not worth a compressed copy.
const MIN_COMPRESS: u64 = 512;

/// The package directory and the hash of its contents.
#[derive(Clone, Debug)]
pub struct Assets {
    pub dir: PathBuf,
    /// 16 hex digits of the SHA-256 over the package's file names and bytes.
    pub hash: String,
}

/// The files the console loads, in a stable order (compressed copies left out).
fn package_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let derived = name.ends_with(".br") || name.ends_with(".gz") || name.ends_with(".tmp");
        if path.is_file() && !derived {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

impl Assets {
    /// Hashes the package in `dir`. A missing directory (a server started
    /// without a site, as the API tests do) hashes as empty.
    pub fn scan(dir: &Path) -> Assets {
        let mut h = Sha256::new();
        for path in package_files(dir).unwrap_or_default() {
            if let (Some(name), Ok(bytes)) = (path.file_name(), std::fs::read(&path)) {
                h.update(name.as_encoded_bytes());
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(&bytes);
            }
        }
        let digest = h.finalize();
        let hash = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Assets {
            dir: dir.to_path_buf(),
            hash,
        }
    }

    /// The URL directory of the hashed package, as Leptos's `site_pkg_dir`.
    pub fn pkg_dir(&self) -> String {
        format!("pkg/{}", self.hash)
    }

    /// [`precompress`] of this package.
    pub fn precompress(&self) -> std::io::Result<usize> {
        precompress(&self.dir)
    }

    /// Answers `/pkg/{hash}/{file}`: the file (or its precompressed copy the
    /// client accepts) with a year's immutable caching; any other hash is
    /// 404, so a stale page never gets new bytes under an old name.
    pub async fn serve(&self, hash: &str, file: &str, req: Request) -> Response {
        let plain = !file.is_empty()
            && !file.starts_with('.')
            && !file.contains(['/', '\\'])
            && !file.ends_with(".br")
            && !file.ends_with(".gz");
        if hash != self.hash || !plain {
            return StatusCode::NOT_FOUND.into_response();
        }
        let (mut parts, body) = req.into_parts();
        parts.uri = match format!("/{file}").parse() {
            Ok(u) => u,
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        };
        let req = Request::from_parts(parts, body);
        let service = ServeDir::new(&self.dir)
            .precompressed_br()
            .precompressed_gzip();
        let mut resp = match service.oneshot(req).await {
            Ok(r) => r.map(Body::new),
            Err(e) => match e {},
        };
        if resp.status().is_success() {
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
        }
        resp
    }
}

/// Writes `file.br` (quality 11) and `file.gz` (best) beside each file of
/// `dir` that lacks a current one, through a temporary file and a rename so a
/// request never reads half a copy. Returns how many copies it wrote. Needs
/// no hash: the copies are not part of it.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    for path in package_files(dir)? {
        let meta = std::fs::metadata(&path)?;
        if meta.len() < MIN_COMPRESS {
            continue;
        }
        let modified = meta.modified()?;
        let mut source: Option<Vec<u8>> = None;
        for ext in ["br", "gz"] {
            let target = PathBuf::from(format!("{}.{ext}", path.display()));
            let current = std::fs::metadata(&target)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= modified);
            if current {
                continue;
            }
            let bytes = match &source {
                Some(b) => b,
                None => source.insert(std::fs::read(&path)?),
            };
            let packed = if ext == "br" {
                brotli_bytes(bytes)?
            } else {
                gzip_bytes(bytes)?
            };
            let tmp = PathBuf::from(format!("{}.tmp", target.display()));
            std::fs::write(&tmp, packed)?;
            std::fs::rename(&tmp, &target)?;
            written += 1;
        }
    }
    Ok(written)
}

/// The handler of `/pkg/{hash}/{file}`.
pub async fn handler(
    axum::extract::State(assets): axum::extract::State<std::sync::Arc<Assets>>,
    UrlPath((hash, file)): UrlPath<(String, String)>,
    req: Request,
) -> Response {
    assets.serve(&hash, &file, req).await
}

fn brotli_bytes(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        w.write_all(bytes)?;
        w.flush()?;
    }
    Ok(out)
}

fn gzip_bytes(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    w.write_all(bytes)?;
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_follows_the_contents_and_copies_are_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let wasm = dir.path().join("a.wasm");
        std::fs::write(&wasm, vec![7u8; 4096]).unwrap();
        std::fs::write(dir.path().join("tiny.js"), b"x").unwrap();
        let first = Assets::scan(dir.path());
        assert_eq!(first.hash.len(), 16);
        assert_eq!(first.precompress().unwrap(), 2, "br and gz of a.wasm only");
        assert_eq!(first.precompress().unwrap(), 0, "current copies are kept");
        // the copies are not part of the hash
        assert_eq!(Assets::scan(dir.path()).hash, first.hash);
        let br = std::fs::read(dir.path().join("a.wasm.br")).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut back).unwrap();
        assert_eq!(back, vec![7u8; 4096]);
        std::fs::write(&wasm, vec![8u8; 4096]).unwrap();
        assert_ne!(Assets::scan(dir.path()).hash, first.hash);
    }
}
