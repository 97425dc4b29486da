//! Bytes of a downloaded file → text: the encodings the public datasets come in.
//!
//! UTF-8 with or without a byte-order mark (the ministries' files), UTF-16 with a mark
//! (some municipalities' "Unicode text" from Excel), and otherwise CP932, which is what
//! Excel's "CSV" means on Japanese Windows. `encoding_rs`'s Shift_JIS is the WHATWG
//! decoder, which is CP932 (windows-31j) including the NEC and IBM extension characters
//! (①, ㈱, 髙, 﨑…).

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};

/// The encoding a file turned out to be in, as the summary names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Utf8Bom,
    Utf8,
    Utf16Le,
    Utf16Be,
    Cp932,
}

impl Detected {
    pub fn label(self) -> &'static str {
        match self {
            Detected::Utf8Bom => "UTF-8 (BOM)",
            Detected::Utf8 => "UTF-8",
            Detected::Utf16Le => "UTF-16LE",
            Detected::Utf16Be => "UTF-16BE",
            Detected::Cp932 => "Shift_JIS (CP932)",
        }
    }
}

/// Text that could not be decoded: the line (1-based) of the first bad sequence.
#[derive(Debug, PartialEq, Eq)]
pub struct Undecodable {
    pub line: usize,
}

pub fn decode(bytes: &[u8]) -> Result<(String, Detected), Undecodable> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return strict(UTF_8, rest).map(|s| (s, Detected::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return strict(UTF_16LE, rest).map(|s| (s, Detected::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return strict(UTF_16BE, rest).map(|s| (s, Detected::Utf16Be));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), Detected::Utf8));
    }
    strict(SHIFT_JIS, bytes).map(|s| (s, Detected::Cp932))
}

/// Decodes without replacement characters: a character we cannot read could be a digit
/// of a phone number, so it is an error, not a "�".
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, Undecodable> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    let bad = text.find('\u{FFFD}').unwrap_or(text.len());
    Err(Undecodable { line: text[..bad].matches('\n').count() + 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("名称\r\n".as_bytes()), Ok(("名称\r\n".into(), Detected::Utf8)));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("名称".as_bytes());
        assert_eq!(decode(&bom), Ok(("名称".into(), Detected::Utf8Bom)));
    }

    #[test]
    fn cp932_with_nec_and_ibm_extension_characters() {
        // ① (NEC special row 13: 0x8740), ㈱ (0x878A), Ⅰ (0x8754), 髙 as an IBM
        // extension (0xFBFC) and as an NEC-selected IBM extension (0xEEE0), 﨑 (IBM
        // extension: 0xFAB1), and an ordinary 病院 (0x9561 0x8940).
        let bytes = [0x87, 0x40, 0x87, 0x8A, 0x87, 0x54, 0xFB, 0xFC, 0xEE, 0xE0, 0xFA, 0xB1, 0x95, 0x61, 0x89, 0x40];
        assert_eq!(decode(&bytes), Ok(("①㈱Ⅰ髙髙﨑病院".into(), Detected::Cp932)));
        // What Excel writes for "～" (0x8160) and "−" (0x817C) in CP932.
        assert_eq!(decode(&[0x81, 0x60, 0x81, 0x7C]).unwrap().0, "～－");
    }

    #[test]
    fn utf16_with_a_byte_order_mark() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("名称\t電話".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), Ok(("名称\t電話".into(), Detected::Utf16Le)));
        let mut be = vec![0xFE, 0xFF];
        be.extend("ID".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be), Ok(("ID".into(), Detected::Utf16Be)));
    }

    #[test]
    fn undecodable_bytes_are_an_error_on_their_line() {
        // Valid CP932 on line 1, then a lead byte with no trail byte on line 2.
        let bytes = [0x95, 0x61, b'\n', b'a', 0x81];
        assert_eq!(decode(&bytes), Err(Undecodable { line: 2 }));
    }
}
