//! Japanese telephone numbers, parsed once and trusted afterwards.
//!
//! A wrong digit on a resident's page is a safety defect, so anything that is not clearly
//! a dialable Japanese number is rejected rather than guessed at. Full-width digits and
//! the many dash look-alikes that Word and Excel produce are accepted and normalised:
//! staff paste them constantly and the digits are unambiguous.

use serde::Serialize;

use crate::i18n::Msg;
use crate::msg;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    /// As displayed: the author's grouping, with ASCII digits and hyphens.
    display: String,
    /// What the `tel:` URI dials: digits, or `#` plus digits for short codes.
    dial: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    InvalidCharacter(char),
    International,
    WrongLength { digits: usize },
    NoLeadingZero,
}

impl PhoneError {
    /// Why the number was refused, for a diagnostic.
    pub fn message(&self) -> Msg {
        match self {
            PhoneError::Empty => Msg::new("phone-empty"),
            PhoneError::InvalidCharacter(c) => msg!("phone-invalid-character", character = format!("{c:?}")),
            PhoneError::International => Msg::new("phone-international"),
            PhoneError::WrongLength { digits } => msg!("phone-wrong-length", digits = *digits),
            PhoneError::NoLeadingZero => Msg::new("phone-no-leading-zero"),
        }
    }

    /// What to write instead.
    pub fn help(&self) -> Msg {
        match self {
            PhoneError::International => Msg::new("phone-international-help"),
            PhoneError::InvalidCharacter(_) => Msg::new("phone-invalid-character-help"),
            _ => Msg::new("phone-examples-help"),
        }
    }
}

/// Normalises one character: full-width digits to ASCII, every dash look-alike to '-'.
fn normalise(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '－' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ' => '-',
        '＃' => '#',
        '（' => '(',
        '）' => ')',
        '\u{3000}' => ' ',
        _ => c,
    }
}

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<PhoneNumber, PhoneError> {
        let text: String = raw.trim().chars().map(normalise).collect();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        if text.starts_with('+') {
            return Err(PhoneError::International);
        }
        let mut digits = String::new();
        let mut hash = false;
        for (i, c) in text.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '#' if i == 0 => hash = true,
                '-' | ' ' | '(' | ')' => {}
                other => return Err(PhoneError::InvalidCharacter(other)),
            }
        }
        let n = digits.len();
        let valid = if hash {
            // #7119, #8000, #9110: four-digit short codes dialled from phones.
            n == 4
        } else if n == 3 {
            // 110, 118, 119, 171, 189…: nationwide three-digit numbers all start with 1.
            if !digits.starts_with('1') {
                return Err(PhoneError::WrongLength { digits: n });
            }
            true
        } else if n == 10 || n == 11 {
            if !digits.starts_with('0') {
                return Err(PhoneError::NoLeadingZero);
            }
            if digits.starts_with("00") {
                return Err(PhoneError::International);
            }
            // 11 digits: mobile/IP (050, 070, 080, 090), M2M (020) and 0800 toll-free.
            n == 10 || ["020", "050", "060", "070", "080", "090", "0800"].iter().any(|p| digits.starts_with(p))
        } else {
            false
        };
        if !valid {
            return Err(PhoneError::WrongLength { digits: n });
        }
        let display: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let dial = if hash { format!("#{digits}") } else { digits };
        Ok(PhoneNumber { display, dial })
    }

    pub fn display(&self) -> &str {
        &self.display
    }

    /// The digits dialled (`#` plus digits for short codes): equal for two spellings of
    /// one number.
    pub fn dial(&self) -> &str {
        &self.dial
    }

    /// The `tel:` URI; `#` must be percent-encoded or browsers treat it as a fragment.
    pub fn tel_uri(&self) -> String {
        format!("tel:{}", self.dial.replace('#', "%23"))
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PhoneNumber", 3)?;
        st.serialize_field("display", &self.display)?;
        st.serialize_field("dial", &self.dial)?;
        st.serialize_field("tel", &self.tel_uri())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (String, String) {
        let p = PhoneNumber::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        (p.display().to_string(), p.tel_uri())
    }

    #[test]
    fn accepts_the_forms_japanese_numbers_take() {
        assert_eq!(ok("0980-52-0001"), ("0980-52-0001".into(), "tel:0980520001".into()));
        assert_eq!(ok("090-1234-5678").1, "tel:09012345678");
        assert_eq!(ok("0120-000-000").1, "tel:0120000000");
        assert_eq!(ok("0800-000-0000").1, "tel:08000000000");
        assert_eq!(ok("119"), ("119".into(), "tel:119".into()));
        assert_eq!(ok("#7119"), ("#7119".into(), "tel:%237119".into()));
        assert_eq!(ok("(098) 000-1111").1, "tel:0980001111");
    }

    #[test]
    fn normalises_full_width_digits_and_dash_look_alikes() {
        assert_eq!(ok("０９８０－５２－０００１"), ("0980-52-0001".into(), "tel:0980520001".into()));
        assert_eq!(ok("0980−52−0001").0, "0980-52-0001");
        assert_eq!(ok("＃８０００").1, "tel:%238000");
    }

    #[test]
    fn rejects_what_is_not_dialable() {
        assert_eq!(PhoneNumber::parse(""), Err(PhoneError::Empty));
        assert_eq!(PhoneNumber::parse("0980-52-000"), Err(PhoneError::WrongLength { digits: 9 }));
        assert_eq!(PhoneNumber::parse("0980-52-00011"), Err(PhoneError::WrongLength { digits: 11 }));
        assert_eq!(PhoneNumber::parse("+81-980-52-0001"), Err(PhoneError::International));
        assert_eq!(PhoneNumber::parse("1980520001"), Err(PhoneError::NoLeadingZero));
        assert_eq!(PhoneNumber::parse("0980-52-000l"), Err(PhoneError::InvalidCharacter('l')));
        assert_eq!(PhoneNumber::parse("#711"), Err(PhoneError::WrongLength { digits: 3 }));
        assert_eq!(PhoneNumber::parse("999"), Err(PhoneError::WrongLength { digits: 3 }));
    }
}
