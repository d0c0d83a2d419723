//! Pure functions from the library's results to [`crate::report::Report`]s: the tables the
//! commands print and the report repeats, written once. Nothing here computes a number; each
//! function arranges what the library returned into named columns with units, notes and
//! `meta`.

pub mod comparison;
pub mod economics;
pub mod projection;
pub mod reference;
pub mod simulation;
pub mod sizing;
pub mod tornado;
pub mod value_tornado;

/// "Site: " before a note when the data holds several sites, nothing otherwise.
pub fn prefix(site: &str, several: bool) -> String {
    if several {
        format!("{site}: ")
    } else {
        String::new()
    }
}

/// "2035", "2035 and 2036", "2035 to 2040" (consecutive), or a list.
pub fn years_list(years: &[i32]) -> String {
    match years {
        [] => String::new(),
        [one] => one.to_string(),
        [first, .., last] if (last - first) as usize + 1 == years.len() => {
            if years.len() == 2 {
                format!("{first} and {last}")
            } else {
                format!("{first} to {last}")
            }
        }
        many => many
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}
