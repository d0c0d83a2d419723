//! Checking single values: years and annual quantities, from text (CSV) or from numbers already
//! parsed by serde (JSON, TOML). Both paths end in the same checks, so every format accepts and
//! rejects exactly the same values.

use crate::error::{DataError, Place, escape_controls};
use crate::limits::{MAX_QUANTITY, MAX_YEAR, MIN_YEAR};

/// Parses a year from a CSV field.
///
/// Accepts integers and integral decimals (`2012`, `2012.0`, as spreadsheets sometimes export);
/// refuses fractions, non-numbers and years outside [`MIN_YEAR`]..=[`MAX_YEAR`].
pub(crate) fn year_from_text(text: &str, at: &impl Fn() -> Place) -> Result<i32, DataError> {
    if text.is_empty() {
        return Err(DataError::EmptyField {
            at: at(),
            field: "year",
            fix: "every row needs its calendar year".into(),
        });
    }
    if let Ok(whole) = text.parse::<i64>() {
        return year_in_range(whole, text, at);
    }
    if text.contains(',') {
        return Err(DataError::CommaInNumber {
            at: at(),
            field: "year",
            value: text.into(),
        });
    }
    match text.parse::<f64>() {
        Ok(number) => year_from_number(number, text, at),
        Err(_) => Err(DataError::NotANumber {
            at: at(),
            field: "year",
            value: text.into(),
        }),
    }
}

/// Checks a year that a JSON or TOML parser has already read as a number.
pub(crate) fn year_from_number(
    number: f64,
    text: &str,
    at: &impl Fn() -> Place,
) -> Result<i32, DataError> {
    if !number.is_finite() {
        return Err(DataError::NotFinite {
            at: at(),
            field: "year",
            value: text.into(),
        });
    }
    if number.fract() != 0.0 {
        return Err(DataError::FractionalYear {
            at: at(),
            value: text.into(),
        });
    }
    // Out-of-range floats saturate in the cast and are then refused by the range check.
    year_in_range(number as i64, text, at)
}

fn year_in_range(whole: i64, text: &str, at: &impl Fn() -> Place) -> Result<i32, DataError> {
    if (i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)).contains(&whole) {
        // In range, so the conversion cannot fail; the fallback is never taken.
        Ok(i32::try_from(whole).unwrap_or(MIN_YEAR))
    } else {
        Err(DataError::YearOutOfRange {
            at: at(),
            value: text.into(),
            min: MIN_YEAR,
            max: MAX_YEAR,
        })
    }
}

/// Parses an annual quantity from a non-empty CSV field.
pub(crate) fn quantity_from_text(
    text: &str,
    field: &'static str,
    at: &impl Fn() -> Place,
) -> Result<f64, DataError> {
    match text.parse::<f64>() {
        Ok(number) => quantity_from_number(number, text, field, at),
        Err(_) if text.contains(',') => Err(DataError::CommaInNumber {
            at: at(),
            field,
            value: text.into(),
        }),
        Err(_) => Err(DataError::NotANumber {
            at: at(),
            field,
            value: text.into(),
        }),
    }
}

/// Checks an annual quantity: finite, not negative, not absurdly large.
///
/// `text` is how the value was written, for the message. Negative zero becomes zero so that
/// it never prints as `-0`.
pub(crate) fn quantity_from_number(
    number: f64,
    text: &str,
    field: &'static str,
    at: &impl Fn() -> Place,
) -> Result<f64, DataError> {
    if number.is_nan() || (number.is_infinite() && names_infinity(text)) {
        return Err(DataError::NotFinite {
            at: at(),
            field,
            value: text.into(),
        });
    }
    if number < 0.0 {
        return Err(DataError::Negative {
            at: at(),
            field,
            value: text.into(),
        });
    }
    if number > MAX_QUANTITY {
        return Err(DataError::TooLarge {
            at: at(),
            field,
            value: text.into(),
        });
    }
    Ok(number + 0.0)
}

/// Whether the text spells infinity (`inf`, `+Infinity`, ...) rather than a huge number that
/// overflowed to infinity while parsing.
fn names_infinity(text: &str) -> bool {
    text.trim_start_matches(['+', '-'])
        .to_ascii_lowercase()
        .starts_with("inf")
}

/// Checks a site name, from a CSV `site` field or a JSON/TOML `name`: no control characters.
///
/// Site names are printed in every output and in messages, so a line break in one would split a
/// one-line message in two, and an escape character could rewrite the terminal. `field` is the
/// key as the format names it (`site` in CSV, `name` in JSON and TOML).
pub(crate) fn site_name(
    name: &str,
    field: &'static str,
    at: &impl Fn() -> Place,
) -> Result<(), DataError> {
    if name.chars().any(char::is_control) {
        return Err(DataError::ControlCharacter {
            at: at(),
            field,
            value: escape_controls(name),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here() -> Place {
        Place::line("t.csv", 2)
    }

    #[test]
    fn years_accept_integral_decimals_and_refuse_fractions() {
        assert_eq!(year_from_text("2012", &here), Ok(2012));
        assert_eq!(year_from_text("2012.0", &here), Ok(2012));
        assert!(matches!(
            year_from_text("2012.5", &here),
            Err(DataError::FractionalYear { .. })
        ));
        assert!(matches!(
            year_from_text("12", &here),
            Err(DataError::YearOutOfRange { .. })
        ));
        assert!(matches!(
            year_from_text("1e30", &here),
            Err(DataError::YearOutOfRange { .. })
        ));
        assert!(matches!(
            year_from_text("abc", &here),
            Err(DataError::NotANumber { .. })
        ));
    }

    #[test]
    fn quantities_tell_nan_infinity_and_overflow_apart() {
        assert_eq!(
            quantity_from_text("222.94", "methane_mm3", &here),
            Ok(222.94)
        );
        assert!(matches!(
            quantity_from_text("NaN", "methane_mm3", &here),
            Err(DataError::NotFinite { .. })
        ));
        assert!(matches!(
            quantity_from_text("-inf", "methane_mm3", &here),
            Err(DataError::NotFinite { .. })
        ));
        assert!(matches!(
            quantity_from_text("1e999", "methane_mm3", &here),
            Err(DataError::TooLarge { .. })
        ));
        assert!(matches!(
            quantity_from_text("-1", "coal_kt", &here),
            Err(DataError::Negative { .. })
        ));
        assert!(matches!(
            quantity_from_text("222,94", "coal_kt", &here),
            Err(DataError::CommaInNumber { .. })
        ));
    }

    #[test]
    fn site_names_with_control_characters_are_refused() {
        assert_eq!(site_name("North Mine", "site", &here), Ok(()));
        assert_eq!(site_name("Sóngzao 松藻", "site", &here), Ok(()));
        for name in [
            "a\nb",
            "a\rb",
            "tab\there",
            "del\u{7f}",
            "esc\u{1b}[2J",
            "nel\u{85}",
        ] {
            let err = site_name(name, "name", &here).expect_err(name);
            let message = err.to_string();
            assert!(!message.contains(['\n', '\r']), "{message:?}");
            assert!(
                message.starts_with("t.csv, line 2, field name: "),
                "{message}"
            );
        }
    }

    #[test]
    fn negative_zero_becomes_zero() {
        let zero = quantity_from_text("-0", "coal_kt", &here).expect("zero is valid");
        assert!(zero.is_sign_positive());
    }
}
