//! Reading an input file into UTF-8 text, with a clear refusal for everything that is not:
//! missing files, directories, empty files, UTF-16, binary data and legacy 8-bit encodings.

use std::io::ErrorKind;
use std::path::Path;

use crate::error::{DataError, Place};

/// Reads `path` whole and returns its text without a UTF-8 byte-order mark.
///
/// `fix_if_missing` is what the message tells the user to do when the file does not exist.
pub(crate) fn read_text(path: &Path, fix_if_missing: &'static str) -> Result<String, DataError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|err| match err.kind() {
        ErrorKind::NotFound => DataError::NotFound {
            path: shown.clone(),
            fix: fix_if_missing,
        },
        ErrorKind::IsADirectory => DataError::IsDirectory {
            path: shown.clone(),
        },
        // Some platforms report reading a directory as another error kind.
        _ if path.is_dir() => DataError::IsDirectory {
            path: shown.clone(),
        },
        _ => DataError::Unreadable {
            path: shown.clone(),
            reason: err.to_string(),
        },
    })?;
    decode(bytes, &shown)
}

/// Checks that `bytes` are non-empty UTF-8 text and strips a byte-order mark.
pub(crate) fn decode(bytes: Vec<u8>, source: &str) -> Result<String, DataError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DataError::NotUtf8 {
            at: Place::file(source),
            what: "it starts with a UTF-16 byte-order mark".into(),
        });
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let what = if looks_like_utf16(&bytes) {
            "it looks like UTF-16 text".to_string()
        } else {
            format!("it holds binary data: a zero byte at offset {nul}")
        };
        return Err(DataError::NotUtf8 {
            at: Place::file(source),
            what,
        });
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let line = 1 + err.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        DataError::NotUtf8 {
            at: Place::line(source, line),
            what: format!(
                "byte 0x{:02X} at offset {valid} is not valid UTF-8, perhaps Latin-1 or Windows-1252",
                err.as_bytes()[valid]
            ),
        }
    })?;
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(DataError::Empty {
            at: Place::file(source),
        });
    }
    Ok(text)
}

/// UTF-16 text of ASCII characters has a zero in every other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let zeros_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = head.len() / 2;
    half > 0 && (zeros_at(0) * 10 >= half * 9 || zeros_at(1) * 10 >= half * 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_utf16_refused() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFyear".to_vec(), "t").expect("utf-8"),
            "year"
        );
        let utf16: Vec<u8> = "year,coal_kt\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = decode(utf16, "t").expect_err("utf-16");
        assert!(err.to_string().contains("UTF-16"), "{err}");
        let err = decode(b"year\n\xE9t\xE9".to_vec(), "t").expect_err("latin-1");
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(matches!(
            decode(b" \n\n".to_vec(), "t"),
            Err(DataError::Empty { .. })
        ));
    }
}
