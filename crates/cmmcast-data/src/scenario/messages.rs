//! The refusal texts of scenario files and the helpers that word them.

use toml::de::{DeTable, DeValue};

use super::DistributionSpec;
use super::keys::{
    PATH_SHARE_RANGE, PERSISTENCE_RANGE, Range, SCENARIO_KEYS, ScenarioKey, key_names,
};
use crate::document::plain;
use crate::error::{DataError, Place, escape_controls};

/// Where in an input a problem lies, for the key and line of the message.
pub(super) enum Spot {
    /// A parameter (for a bare number: the number itself).
    Param(&'static str),
    /// The `distribution` value.
    Distribution,
    /// The input as a whole (reported at its `distribution` line).
    Input,
}

/// A distribution's own rules: sd above 0, min below max, mode between them, ...
pub(super) fn shape_problem(spec: &DistributionSpec) -> Option<(&'static str, String)> {
    let name = spec.name();
    match *spec {
        DistributionSpec::Fixed { .. } => None,
        DistributionSpec::Uniform { min, max } => (min >= max).then(|| {
            (
                "min",
                format!("min {min} is not below max {max}; a uniform distribution needs min < max"),
            )
        }),
        DistributionSpec::Triangular { min, mode, max }
        | DistributionSpec::Pert { min, mode, max } => {
            if min >= max {
                Some((
                    "min",
                    format!(
                        "min {min} is not below max {max}; a {name} distribution needs min < max, \
                         with mode between them"
                    ),
                ))
            } else if !(min <= mode && mode <= max) {
                Some((
                    "mode",
                    format!(
                        "mode {mode} is outside [min, max] = [{min}, {max}]; a {name} \
                         distribution needs min ≤ mode ≤ max"
                    ),
                ))
            } else {
                None
            }
        }
        DistributionSpec::Normal { sd, min, max, .. } => {
            if sd <= 0.0 {
                Some((
                    "sd",
                    format!(
                        "sd {sd} is not above 0; give a standard deviation above 0, or a fixed \
                         value for no spread"
                    ),
                ))
            } else if let (Some(min), Some(max)) = (min, max)
                && min >= max
            {
                Some((
                    "min",
                    format!(
                        "min {min} is not below max {max}; a truncated normal needs min < max so \
                         that some probability is left between them"
                    ),
                ))
            } else {
                None
            }
        }
        DistributionSpec::Lognormal { median, sigma } => {
            if median <= 0.0 {
                Some((
                    "median",
                    format!("median {median} is not above 0; a lognormal needs a median above 0"),
                ))
            } else if sigma <= 0.0 {
                Some((
                    "sigma",
                    format!(
                        "sigma {sigma} is not above 0; give the standard deviation of ln X above \
                         0, or a fixed value for no spread"
                    ),
                ))
            } else {
                None
            }
        }
    }
}

/// Whether every value the distribution can produce lies in the input's allowed range.
pub(super) fn support_problem(
    spec: &DistributionSpec,
    input: &str,
    allowed: Range,
) -> Option<(Spot, String)> {
    let range = allowed.describe();
    let ends = |min: Option<f64>, max: Option<f64>| {
        if let Some(min) = min
            && !allowed.admits_low(min)
        {
            return Some((
                Spot::Param("min"),
                format!(
                    "min {min} lets samples fall outside the allowed range of {input} ({range}); \
                     make min {}",
                    allowed.low_text()
                ),
            ));
        }
        if let Some(max) = max
            && !allowed.admits_high(max)
        {
            return Some((
                Spot::Param("max"),
                format!(
                    "max {max} lets samples fall outside the allowed range of {input} ({range}); \
                     make max {}",
                    allowed.high_text()
                ),
            ));
        }
        None
    };
    match *spec {
        DistributionSpec::Fixed { value } => {
            (!(allowed.admits_low(value) && allowed.admits_high(value))).then(|| {
                (
                    Spot::Param("value"),
                    format!(
                        "{value} is outside the allowed range of {input}, which is {range}; give \
                         a value in that range"
                    ),
                )
            })
        }
        DistributionSpec::Uniform { min, max }
        | DistributionSpec::Triangular { min, max, .. }
        | DistributionSpec::Pert { min, max, .. } => ends(Some(min), Some(max)),
        DistributionSpec::Normal { min, max, .. } => {
            let open_below = min.is_none() && allowed.low.is_finite();
            let open_above = max.is_none() && allowed.high.is_finite();
            if !(open_below || open_above) {
                return ends(min, max);
            }
            let (without, reaches, truncate) = match (open_below, open_above) {
                (true, true) => (
                    "min and max".to_string(),
                    format!("below {} and above {}", allowed.low, allowed.high),
                    format!("min {} and max {}", allowed.low_text(), allowed.high_text()),
                ),
                (true, false) => (
                    "min".to_string(),
                    format!("below {}", allowed.low),
                    format!("min {}", allowed.low_text()),
                ),
                _ => (
                    "max".to_string(),
                    format!("above {}", allowed.high),
                    format!("max {}", allowed.high_text()),
                ),
            };
            Some((
                Spot::Input,
                format!(
                    "without {without} a normal reaches values {reaches}, outside the allowed \
                     range of {input} ({range}); truncate it with {truncate}, or choose a bounded \
                     distribution (uniform, triangular or pert)"
                ),
            ))
        }
        DistributionSpec::Lognormal { .. } => {
            if allowed.high.is_finite() {
                Some((
                    Spot::Distribution,
                    format!(
                        "a lognormal has no upper end, so it can exceed {}, outside the allowed \
                         range of {input} ({range}); choose a bounded distribution (uniform, \
                         triangular or pert), a normal truncated with min and max, or a fixed \
                         value",
                        allowed.high
                    ),
                ))
            } else if allowed.low > 0.0 {
                Some((
                    Spot::Distribution,
                    format!(
                        "a lognormal reaches values near 0, outside the allowed range of \
                         {input} ({range}); choose a normal truncated with min, or a bounded \
                         distribution"
                    ),
                ))
            } else {
                None
            }
        }
    }
}

/// The refusal for `spread` on a key the site facts do not set (`plan_adherence`, `flow_cv`,
/// `flow_autocorrelation`): there is no site's value to centre it on.
///
/// The list names the site's values of the plant and the economics alike.
pub(super) fn spread_without_site_value(input: &ScenarioKey, family: &str, needs: &str) -> String {
    let plant = list(
        SCENARIO_KEYS
            .iter()
            .filter(|key| key.site_value)
            .map(|key| key.name),
        "and",
    );
    format!(
        "`spread` centres a distribution on the site's value, and {} has none, as only the plant \
         and economic values ({plant}) come from the site facts; give the {family} distribution's {needs} \
         instead of spread, or a bare number such as {} for a fixed value",
        input.name, input.example
    )
}

/// The refusal for `spread` with a family that has no spread form (normal, lognormal, fixed).
pub(super) fn spread_on_unbounded(family: &str, needs: &str) -> String {
    let why = if family == "fixed" {
        "a fixed value has no spread".to_string()
    } else {
        format!("a {family} is unbounded")
    };
    format!(
        "`spread` needs a uniform, triangular or pert distribution, bounded shapes that can be \
         narrowed to stay in the allowed range, and {why}; choose one of those three, or give \
         the {family} distribution's {needs} instead of spread"
    )
}

/// The refusal for a table that gives both `spread` and one of the family's own parameters
/// (`param`): the two place the distribution in different ways.
pub(super) fn spread_and_placed(param: &str, family: &str, needs: &str) -> String {
    format!(
        "`{param}` and `spread` cannot both be given, as spread centres the {family} \
         distribution on the site's value while {needs} place it at values of their own; give \
         either spread or {needs}"
    )
}

/// The refusal for a `spread` that is not above 0.
pub(super) fn spread_not_above_zero(spread: f64, input: &str) -> String {
    format!(
        "spread {spread} is not above 0; give a half-width above 0 (the values run from the \
         site's value minus spread to the site's value plus spread, narrowed to stay in the \
         allowed range), or leave {input} out to keep the site's value fixed"
    )
}

/// The refusal for `path_share` or `persistence` (`part`) on an input whose yearly draws do
/// not carry over (every key but plan adherence).
pub(super) fn year_part_elsewhere(part: &str, input: &str) -> String {
    let takers = list(
        SCENARIO_KEYS
            .iter()
            .filter(|key| key.year_to_year)
            .map(|key| key.name),
        "and",
    );
    format!(
        "`{part}` says how the yearly draws of {takers} carry over from one year to the next, \
         and {input} does not take it; remove {part} from {input}"
    )
}

/// The refusal for a `path_share` or `persistence` outside its range.
pub(super) fn year_part_out_of_range(part: &str, value: f64, input: &str) -> Option<String> {
    let (range, what) = if part == "path_share" {
        (
            PATH_SHARE_RANGE,
            format!(
                "the share of the variance of ln {input} that is one level per path, from 0 \
                 (every year on its own) to 1 (the same as per_year = false)"
            ),
        )
    } else {
        (
            PERSISTENCE_RANGE,
            "the lag-1 autocorrelation of the yearly part, from 0 (independent years) up to \
             but not including 1 (for a level that holds all of a path, raise path_share \
             instead)"
                .to_string(),
        )
    };
    (!range.admits(value)).then(|| {
        format!(
            "{part} {value} is outside its range ({}); give {what}",
            range.describe()
        )
    })
}

/// The refusal for `path_share` or `persistence` on a distribution other than the lognormal.
pub(super) fn year_part_not_lognormal(part: &str, family: &str, input: &ScenarioKey) -> String {
    format!(
        "`{part}` describes how ln {} moves from year to year, so it needs distribution = \
         \"lognormal\" and this is a {family} distribution; give a lognormal with median and \
         sigma, or remove {part}",
        input.name
    )
}

/// The refusal for `per_year = true` on an input drawn once per path (the economic values).
pub(super) fn per_year_not_yearly(input: &str) -> String {
    let yearly = list(
        SCENARIO_KEYS
            .iter()
            .filter(|key| key.yearly)
            .map(|key| key.name),
        "and",
    );
    format!(
        "{input} is drawn once per path (one price or cost level for the whole life of the \
         plant) and cannot be drawn every year; remove per_year, or set it to false (only \
         {yearly} may be drawn every year)"
    )
}

/// The refusal for `path_share` or `persistence` without `per_year = true`.
pub(super) fn year_part_not_per_year(part: &str, input: &str) -> String {
    format!(
        "`{part}` says how the yearly draws carry over, but without per_year = true {input} is \
         drawn once per path and holds for all of its years; add per_year = true to the table, \
         or remove {part}"
    )
}

/// The refusal for a file without inputs.
pub(super) fn no_inputs(at: Place, what: &str) -> DataError {
    DataError::BadScenario {
        at,
        key: "inputs".into(),
        problem: format!(
            "{what}; set at least one of {} in an [inputs] table",
            list(key_names(), "or")
        )
        .into_boxed_str(),
    }
}

/// A TOML syntax error, with the line, the key it is in or after, and a hint when the text
/// looks cut short.
pub(super) fn syntax_error(text: &str, source: &str, err: &toml::de::Error) -> DataError {
    let offset = err.span().map(|span| span.start.min(text.len()));
    let message = plain(err.message());
    let Some(offset) = offset else {
        return DataError::Syntax {
            at: Place::file(source),
            format: "TOML",
            message,
        };
    };
    let (partial, _) = DeTable::parse_recoverable(text);
    let key = key_before(partial.get_ref(), offset);
    let message = if offset >= text.trim_end().len() {
        let inside = key.map_or("a value".to_string(), |key| format!("key {key}"));
        format!(
            "the text ends inside {inside} ({message}), so the file looks truncated; check that \
             it was saved completely"
        )
    } else if let Some(key) = key {
        format!("{message} (at or after key {key})")
    } else {
        message
    };
    DataError::Syntax {
        at: Place::line(source, line_of(text, offset)),
        format: "TOML",
        message,
    }
}

/// The dotted path of the last key that starts at or before `offset`.
fn key_before(table: &DeTable<'_>, offset: usize) -> Option<String> {
    fn walk(table: &DeTable<'_>, prefix: &str, offset: usize, best: &mut Option<(usize, String)>) {
        for (key, value) in table.iter() {
            let path = if prefix.is_empty() {
                shown_key(key.get_ref())
            } else {
                format!("{prefix}.{}", shown_key(key.get_ref()))
            };
            let start = key.span().start;
            if start <= offset && best.as_ref().is_none_or(|(found, _)| start >= *found) {
                *best = Some((start, path.clone()));
            }
            if let DeValue::Table(inner) = value.get_ref() {
                walk(inner, &path, offset, best);
            }
        }
    }
    let mut best = None;
    walk(table, "", offset, &mut best);
    best.map(|(_, path)| path)
}

/// A key as written in the file, fit for a one-line message: control characters (a quoted key
/// may hold `\n`) escaped, and at most about 40 characters (a key recovered from a broken file
/// can run over many lines).
pub(super) fn shown_key(key: &str) -> String {
    let mut shown = String::with_capacity(key.len().min(48));
    for (count, c) in key.chars().enumerate() {
        if count == 37 && key.chars().nth(40).is_some() {
            shown.push_str("...");
            break;
        }
        shown.push_str(&escape_controls(c.encode_utf8(&mut [0; 4])));
    }
    shown
}

/// 1-based line of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
}

/// What kind of TOML value this is, in words.
pub(super) fn kind_of(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// `a, b, c or d`.
pub(super) fn list<'a>(items: impl IntoIterator<Item = &'a str>, last: &str) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    match items.split_last() {
        None => String::new(),
        Some((only, [])) => (*only).to_string(),
        Some((tail, head)) => format!("{} {last} {tail}", head.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_words() {
        assert_eq!(list(["a"], "or"), "a");
        assert_eq!(list(["a", "b", "c"], "or"), "a, b or c");
    }

    #[test]
    fn the_key_before_an_offset_is_found_across_tables() {
        let text = "[inputs.e]\nx = 1\n[scenario]\nname = \"a\"\n[inputs.f]\ny = 2\n";
        let table = DeTable::parse(text).expect("parses");
        let offset = text.find("y =").expect("y");
        assert_eq!(
            key_before(table.get_ref(), offset + 4).as_deref(),
            Some("inputs.f.y")
        );
        let offset = text.find("name").expect("name");
        assert_eq!(
            key_before(table.get_ref(), offset).as_deref(),
            Some("scenario.name")
        );
        assert_eq!(line_of(text, offset), 4);
    }
}
