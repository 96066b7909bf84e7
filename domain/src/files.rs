//! Uploaded files: checked by their content, kept once by their SHA-256 in
//! the `files` table, in the transaction of what refers to them.

use sha2::{Digest, Sha256};

use crate::db::Tx;
use crate::error::{FieldError, Result};
use crate::time::now;
use crate::vals;

/// Largest file accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The media type of a file, judged by its first bytes, not its name.
/// PDF, OFD (a ZIP package with `OFD.xml`), PNG and JPEG are accepted.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if bytes.starts_with(b"PK\x03\x04") && bytes.windows(7).any(|w| w == b"OFD.xml") {
        Some("application/ofd")
    } else {
        None
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A file checked by its content and kept once by its SHA-256.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub sha256: String,
    pub file_name: String,
    pub media_type: &'static str,
    pub size: i64,
}

/// The checks every uploaded file passes: present, within the size limit,
/// a PDF, OFD, PNG or JPEG by its content; the name without a path.
pub fn check_file(file_name: &str, bytes: &[u8]) -> std::result::Result<StoredFile, FieldError> {
    let file_name: String = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let media_type = sniff(bytes);
    if bytes.is_empty() {
        return Err(FieldError::new("file", "file.required"));
    } else if bytes.len() > MAX_BYTES {
        return Err(FieldError::new("file", "file.too_large"));
    }
    let Some(media_type) = media_type else {
        return Err(FieldError::new("file", "file.type_refused"));
    };
    Ok(StoredFile {
        sha256: sha256_hex(bytes),
        file_name,
        media_type,
        size: bytes.len() as i64,
    })
}

/// Keeps a checked file's content (once per SHA-256) in the transaction.
pub async fn store_file(tx: &mut Tx, f: &StoredFile, bytes: &[u8]) -> Result<()> {
    tx.execute(
        "insert into files (sha256, size, media_type, content, created_at) values ($1, $2, $3, $4, $5) on conflict (sha256) do nothing",
        &vals![&f.sha256, f.size, f.media_type, bytes.to_vec(), now()],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_is_judged_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0..JFIF"), Some("image/jpeg"));
        assert_eq!(
            sniff(b"PK\x03\x04\x14\x00\x00\x00\x08\x00OFD.xml...."),
            Some("application/ofd")
        );
        // a ZIP that is not an OFD package, an executable, a text file named .pdf
        assert_eq!(sniff(b"PK\x03\x04\x14\x00word/document.xml"), None);
        assert_eq!(sniff(b"MZ\x90\x00"), None);
        assert_eq!(sniff(b"hello, I am a pdf"), None);
    }
}
