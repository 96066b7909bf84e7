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

/// Largest image side accepted, in pixels, and most pixels (issue #14.1): a
/// small PNG or JPEG can declare a picture that takes gigabytes to decode
/// in the reviewer's browser.
pub const MAX_IMAGE_SIDE: u32 = 10_000;
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// The (width, height) a PNG or JPEG declares, read from its header (PNG's
/// IHDR, JPEG's start-of-frame segment) without decoding anything; `None`
/// when the header is not there.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be16 = |b: &[u8]| u16::from_be_bytes([b[0], b[1]]) as u32;
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let h = bytes.get(12..24)?;
        if &h[..4] != b"IHDR" {
            return None;
        }
        let w = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
        let ht = u32::from_be_bytes([h[8], h[9], h[10], h[11]]);
        return Some((w, ht));
    }
    if bytes.starts_with(b"\xFF\xD8") {
        // segments: FF marker, two bytes of length (which count themselves)
        let mut i = 2;
        while i + 4 <= bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            if marker == 0xFF {
                i += 1; // fill byte
                continue;
            }
            if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
                i += 2;
                continue;
            }
            let len = be16(&bytes[i + 2..]) as usize;
            let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_frame {
                let f = bytes.get(i + 4..i + 9)?;
                return Some((be16(&f[3..]), be16(&f[1..])));
            }
            if marker == 0xDA || len < 2 {
                return None; // scan data before any frame header
            }
            i += 2 + len;
        }
        return None;
    }
    None
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
    if media_type.starts_with("image/") {
        match image_size(bytes) {
            Some((w, h))
                if w > 0
                    && h > 0
                    && w <= MAX_IMAGE_SIDE
                    && h <= MAX_IMAGE_SIDE
                    && (w as u64) * (h as u64) <= MAX_IMAGE_PIXELS => {}
            Some(_) => return Err(FieldError::new("file", "file.image_too_large")),
            None => return Err(FieldError::new("file", "file.image_invalid")),
        }
    }
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

    fn png_of(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn images_declaring_huge_pictures_are_refused_before_decoding() {
        assert_eq!(image_size(&png_of(300, 200)), Some((300, 200)));
        assert!(check_file("seal.png", &png_of(300, 200)).is_ok());
        // 100,000 × 100,000 declared in 33 bytes: 40 GB to decode
        let e = check_file("bomb.png", &png_of(100_000, 100_000)).unwrap_err();
        assert_eq!(e.code, "file.image_too_large");
        assert_eq!(
            check_file("wide.png", &png_of(9_000, 9_000))
                .unwrap_err()
                .code,
            "file.image_too_large"
        );
        // a JPEG: APP0, then a baseline frame of 640 × 480
        let mut jpeg =
            b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
        jpeg.extend(b"\xFF\xC0\x00\x11\x08\x01\xE0\x02\x80\x03");
        assert_eq!(image_size(&jpeg), Some((640, 480)));
        let mut huge = jpeg.clone();
        let at = huge.len() - 5;
        huge[at..at + 4].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        assert_eq!(
            check_file("h.jpg", &huge).unwrap_err().code,
            "file.image_too_large"
        );
        // a header cut short is not an image
        assert_eq!(
            check_file("cut.png", b"\x89PNG\r\n\x1a\n\0\0")
                .unwrap_err()
                .code,
            "file.image_invalid"
        );
    }
}
