//! Reading a scenario's TOML tree: the tables, each input, each distribution table and its
//! parameters, in file order, refusing the first problem met.

use std::path::Path;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::keys::{ScenarioKey, key_names, scenario_key};
use super::messages::{
    Spot, kind_of, line_of, list, no_inputs, per_year_not_yearly, shape_problem, shown_key,
    spread_and_placed, spread_not_above_zero, spread_on_unbounded, spread_without_site_value,
    support_problem, year_part_elsewhere, year_part_not_lognormal, year_part_not_per_year,
    year_part_out_of_range,
};
use super::{
    DISTRIBUTION_NAMES, DistributionSpec, InputDistribution, Scenario, Spread, SpreadShape,
    UncertainInput, YEAR_TO_YEAR_KEYS, YearToYear,
};
use crate::error::{DataError, Place};
use crate::suggest::did_you_mean;

/// A distribution family as written in files: its parameters and how messages describe them.
struct Family {
    kind: Kind,
    name: &'static str,
    required: &'static [&'static str],
    optional: &'static [&'static str],
    /// The required parameters, in words.
    needs: &'static str,
    /// Every parameter, in words.
    takes: &'static str,
    /// For the families that can be centred on the site's value with `spread` (uniform,
    /// triangular, pert): the spread's shape, and every parameter in words with spread.
    spreads: Option<(SpreadShape, &'static str)>,
}

#[derive(Clone, Copy)]
enum Kind {
    Uniform,
    Triangular,
    Normal,
    Lognormal,
    Pert,
    Fixed,
}

/// The families, in the order of [`DISTRIBUTION_NAMES`].
const FAMILIES: [Family; 6] = [
    Family {
        kind: Kind::Uniform,
        name: "uniform",
        required: &["min", "max"],
        optional: &[],
        needs: "min and max",
        takes: "min and max",
        spreads: Some((SpreadShape::Uniform, "min and max, or spread")),
    },
    Family {
        kind: Kind::Triangular,
        name: "triangular",
        required: &["min", "mode", "max"],
        optional: &[],
        needs: "min, mode and max",
        takes: "min, mode and max",
        spreads: Some((SpreadShape::Triangular, "min, mode and max, or spread")),
    },
    Family {
        kind: Kind::Normal,
        name: "normal",
        required: &["mean", "sd"],
        optional: &["min", "max"],
        needs: "mean and sd",
        takes: "mean and sd, and optionally min and max to truncate it",
        spreads: None,
    },
    Family {
        kind: Kind::Lognormal,
        name: "lognormal",
        required: &["median", "sigma"],
        optional: &[],
        needs: "median and sigma",
        takes: "median and sigma",
        spreads: None,
    },
    Family {
        kind: Kind::Pert,
        name: "pert",
        required: &["min", "mode", "max"],
        optional: &[],
        needs: "min, mode and max",
        takes: "min, mode and max",
        spreads: Some((SpreadShape::Pert, "min, mode and max, or spread")),
    },
    Family {
        kind: Kind::Fixed,
        name: "fixed",
        required: &["value"],
        optional: &[],
        needs: "value",
        takes: "value",
        spreads: None,
    },
];

/// The text being read and its name, for messages.
pub(super) struct Reader<'a> {
    pub(super) text: &'a str,
    pub(super) source: &'a str,
}

/// A table's entries in the order they appear in the file (the parser keeps them sorted by
/// name), so the first problem in the file is the one reported.
type Entry<'t, 'i> = (&'t Spanned<DeString<'i>>, &'t Spanned<DeValue<'i>>);

fn in_file_order<'t, 'i>(table: &'t DeTable<'i>) -> Vec<Entry<'t, 'i>> {
    let mut entries: Vec<Entry<'t, 'i>> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

impl Reader<'_> {
    fn place(&self, offset: usize) -> Place {
        Place::line(self.source, line_of(self.text, offset))
    }

    fn bad(&self, offset: usize, key: impl Into<String>, problem: impl Into<String>) -> DataError {
        DataError::BadScenario {
            at: self.place(offset),
            key: key.into(),
            problem: problem.into().into_boxed_str(),
        }
    }

    /// A value as written in the file, on one line and at most about 40 characters.
    fn written(&self, span: std::ops::Range<usize>) -> String {
        let raw = self.text.get(span).unwrap_or_default();
        let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() > 40 {
            let head: String = one_line.chars().take(37).collect();
            format!("{head}...")
        } else {
            one_line
        }
    }

    /// A finite number, or a refusal naming the key: wrong type, NaN or infinity.
    fn number(&self, key: &str, value: &Spanned<DeValue<'_>>) -> Result<f64, DataError> {
        let written = self.written(value.span());
        let parsed = match value.get_ref() {
            DeValue::Float(float) => float.as_str().parse::<f64>().ok(),
            DeValue::Integer(integer) => i128::from_str_radix(integer.as_str(), integer.radix())
                .ok()
                .map(|v| v as f64),
            other => {
                let example = match other {
                    DeValue::String(text) => text
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .map_or("0.5".to_string(), |_| text.trim().to_string()),
                    _ => "0.5".to_string(),
                };
                return Err(self.bad(
                    value.span().start,
                    key,
                    format!(
                        "`{written}` is {}, not a number; write a bare number without quotes, \
                         such as {example}",
                        kind_of(other)
                    ),
                ));
            }
        };
        match parsed {
            Some(number) if number.is_finite() => Ok(number),
            _ => Err(self.bad(
                value.span().start,
                key,
                format!(
                    "`{written}` is not a finite number; give a finite decimal number such as \
                     0.38 (nan and inf are not accepted)"
                ),
            )),
        }
    }

    /// Text, or a refusal naming the key.
    fn string(&self, key: &str, value: &Spanned<DeValue<'_>>) -> Result<String, DataError> {
        match value.get_ref() {
            DeValue::String(text) => Ok(text.to_string()),
            other => Err(self.bad(
                value.span().start,
                key,
                format!(
                    "`{}` is {}, not text; write it in quotes, such as {} = \"Songzao high\"",
                    self.written(value.span()),
                    kind_of(other),
                    key.rsplit('.').next().unwrap_or(key)
                ),
            )),
        }
    }

    /// The whole file.
    pub(super) fn scenario(&self, root: &DeTable<'_>) -> Result<Scenario, DataError> {
        let mut name = None;
        let mut description = None;
        let mut inputs = None;
        for (key, value) in in_file_order(root) {
            match key.get_ref().as_ref() {
                "scenario" => (name, description) = self.header(value)?,
                "inputs" => inputs = Some(self.inputs(key, value)?),
                other => {
                    let other = &shown_key(other);
                    let problem = if scenario_key(other).is_some() {
                        format!(
                            "`{other}` is an input, so it belongs in the [inputs] table; move it \
                             below an [inputs] line"
                        )
                    } else {
                        format!(
                            "`{other}` is not part of a scenario file{}, which holds only the \
                             tables [scenario] (name and description) and [inputs]; remove it or \
                             fix its name",
                            did_you_mean(other, ["scenario", "inputs"])
                        )
                    };
                    return Err(self.bad(key.span().start, other, problem));
                }
            }
        }
        let inputs = inputs
            .ok_or_else(|| no_inputs(Place::file(self.source), "the file has no [inputs] table"))?;
        let name = match name {
            Some(name) => name,
            None => Path::new(self.source).file_stem().map_or_else(
                || self.source.to_string(),
                |stem| stem.to_string_lossy().into(),
            ),
        };
        Ok(Scenario {
            name,
            description: description.unwrap_or_default(),
            origin: self.source.to_string(),
            inputs,
        })
    }

    /// The `[scenario]` table: name and description.
    fn header(
        &self,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<(Option<String>, Option<String>), DataError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.bad(
                value.span().start,
                "scenario",
                format!(
                    "`{}` is {}, not a table; write a [scenario] line with name and description \
                     below it",
                    self.written(value.span()),
                    kind_of(value.get_ref())
                ),
            ));
        };
        let mut name = None;
        let mut description = None;
        for (key, value) in in_file_order(table) {
            match key.get_ref().as_ref() {
                "name" => {
                    let text = self.string("scenario.name", value)?;
                    if text.trim().is_empty() {
                        return Err(self.bad(
                            value.span().start,
                            "scenario.name",
                            "the name is empty; give a short name, or leave the key out to use \
                             the file name",
                        ));
                    }
                    name = Some(text.trim().to_string());
                }
                "description" => description = Some(self.string("scenario.description", value)?),
                other => {
                    let other = shown_key(other);
                    return Err(self.bad(
                        key.span().start,
                        format!("scenario.{other}"),
                        format!(
                            "`{other}` is not a key of [scenario]{}, which takes only name and \
                             description; remove it or fix its name",
                            did_you_mean(&other, ["name", "description"])
                        ),
                    ));
                }
            }
        }
        Ok((name, description))
    }

    /// The `[inputs]` table, sorted by key.
    fn inputs(
        &self,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<(String, UncertainInput)>, DataError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.bad(
                value.span().start,
                "inputs",
                format!(
                    "`{}` is {}, not a table; write an [inputs] line and one key per input below \
                     it",
                    self.written(value.span()),
                    kind_of(value.get_ref())
                ),
            ));
        };
        let mut inputs = Vec::with_capacity(table.len());
        for (input_key, input_value) in in_file_order(table) {
            let name = input_key.get_ref().as_ref();
            let Some(known) = scenario_key(name) else {
                let name = shown_key(name);
                return Err(self.bad(
                    input_key.span().start,
                    format!("inputs.{name}"),
                    format!(
                        "`{name}` is not an input a scenario can set{}; the inputs are {}, so fix \
                         the name or remove the key",
                        did_you_mean(&name, key_names()),
                        list(key_names(), "and")
                    ),
                ));
            };
            let input = self.input(known, input_key, input_value)?;
            inputs.push((name.to_string(), input));
        }
        if inputs.is_empty() {
            return Err(no_inputs(
                self.place(key.span().start),
                "the [inputs] table sets no input",
            ));
        }
        inputs.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(inputs)
    }

    /// One input: a bare number or a distribution table.
    fn input(
        &self,
        input: &ScenarioKey,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<UncertainInput, DataError> {
        let path = format!("inputs.{}", input.name);
        match value.get_ref() {
            DeValue::Integer(_) | DeValue::Float(_) => {
                let number = self.number(&path, value)?;
                let spec = DistributionSpec::Fixed { value: number };
                if let Some((_, problem)) = support_problem(&spec, input.name, input.range) {
                    return Err(self.bad(value.span().start, path, problem));
                }
                Ok(UncertainInput {
                    distribution: InputDistribution::Given(spec),
                    per_year: false,
                    year_to_year: None,
                })
            }
            DeValue::Table(table) => self.distribution(input, &path, key, table),
            other => Err(self.bad(
                value.span().start,
                path,
                format!(
                    "`{}` is {}, not a number or a distribution table; write a bare number \
                     without quotes for a fixed value, or a table such as {{ distribution = \
                     \"uniform\", min = 0.3, max = 0.4 }}",
                    self.written(value.span()),
                    kind_of(other)
                ),
            )),
        }
    }

    /// A distribution table: `distribution`, its parameters (or `spread`) and `per_year`.
    fn distribution(
        &self,
        input: &ScenarioKey,
        path: &str,
        key: &Spanned<DeString<'_>>,
        table: &DeTable<'_>,
    ) -> Result<UncertainInput, DataError> {
        let key_at = key.span().start;
        let entries = in_file_order(table);
        let names = list(DISTRIBUTION_NAMES, "or");
        let Some((_, distribution)) = entries
            .iter()
            .find(|(param, _)| param.get_ref().as_ref() == "distribution")
        else {
            return Err(self.bad(
                key_at,
                format!("{path}.distribution"),
                format!(
                    "the table has no distribution; add distribution = one of {names} (or write \
                     a bare number for a fixed value)"
                ),
            ));
        };
        let distribution_at = distribution.span().start;
        let family = match distribution.get_ref() {
            DeValue::String(text) => {
                let wanted = text.trim().to_ascii_lowercase();
                FAMILIES
                    .iter()
                    .find(|family| family.name == wanted)
                    .ok_or_else(|| {
                        self.bad(
                            distribution_at,
                            format!("{path}.distribution"),
                            format!(
                                "`{}` is not a known distribution{}; use one of {names}",
                                self.written(distribution.span()),
                                did_you_mean(&wanted, DISTRIBUTION_NAMES)
                            ),
                        )
                    })?
            }
            other => {
                return Err(self.bad(
                    distribution_at,
                    format!("{path}.distribution"),
                    format!(
                        "`{}` is {}, not a distribution name; write one of {names} in quotes",
                        self.written(distribution.span()),
                        kind_of(other)
                    ),
                ));
            }
        };

        // The family's spread form when this input may use one (a plant value), so that an
        // unknown parameter's refusal offers `spread` only where it would be accepted.
        let spreads = family.spreads.filter(|_| input.site_value);
        // The year-to-year keys this input may take, offered in messages only where accepted.
        let year_parts: &[&'static str] = if input.year_to_year {
            &YEAR_TO_YEAR_KEYS
        } else {
            &[]
        };
        let mut per_year = false;
        let mut spread: Option<Spread> = None;
        let mut values: Vec<(&'static str, f64, usize)> = Vec::with_capacity(entries.len());
        // `path_share` and `persistence` as read, with where each was written.
        let mut year_to_year: Vec<(&'static str, f64, usize)> = Vec::new();
        for (param_name, value) in &entries {
            let param = param_name.get_ref().as_ref();
            let param_key = format!("{path}.{}", shown_key(param));
            if param == "distribution" {
                continue;
            }
            if param == "per_year" {
                per_year = match value.get_ref() {
                    DeValue::Boolean(flag) => *flag,
                    other => {
                        return Err(self.bad(
                            value.span().start,
                            param_key,
                            format!(
                                "`{}` is {}, not true or false; write per_year = true to draw a \
                                 new value every year, or false (the default) to draw once per \
                                 path",
                                self.written(value.span()),
                                kind_of(other)
                            ),
                        ));
                    }
                };
                if per_year && !input.yearly {
                    return Err(self.bad(
                        value.span().start,
                        param_key,
                        per_year_not_yearly(input.name),
                    ));
                }
                continue;
            }
            if param == "spread" {
                spread = Some(self.spread(input, family, path, param_name, value, &values)?);
                continue;
            }
            if let Some(&part) = YEAR_TO_YEAR_KEYS.iter().find(|part| **part == param) {
                let at = param_name.span().start;
                if !input.year_to_year {
                    return Err(self.bad(at, param_key, year_part_elsewhere(part, input.name)));
                }
                let number = self.number(&param_key, value)?;
                if let Some(problem) = year_part_out_of_range(part, number, input.name) {
                    return Err(self.bad(value.span().start, param_key, problem));
                }
                year_to_year.push((part, number, at));
                continue;
            }
            let Some(&known) = family
                .required
                .iter()
                .chain(family.optional)
                .find(|known| **known == param)
            else {
                let param = shown_key(param);
                let spread_name = spreads.map(|_| "spread");
                // A lognormal on a year-to-year key also takes path_share and persistence.
                let also = if year_parts.is_empty() || !matches!(family.kind, Kind::Lognormal) {
                    "per_year".to_string()
                } else {
                    list(
                        ["per_year"].into_iter().chain(year_parts.iter().copied()),
                        "and",
                    )
                };
                return Err(self.bad(
                    param_name.span().start,
                    param_key,
                    format!(
                        "`{param}` is not a parameter of the {} distribution{}, which takes {} \
                         (and {also}); remove it or choose another distribution",
                        family.name,
                        did_you_mean(
                            &param,
                            family
                                .required
                                .iter()
                                .chain(family.optional)
                                .copied()
                                .chain(spread_name)
                                .chain(["per_year"])
                                .chain(year_parts.iter().copied())
                        ),
                        spreads.map_or(family.takes, |(_, takes)| takes)
                    ),
                ));
            };
            if spread.is_some() {
                return Err(self.bad(
                    param_name.span().start,
                    param_key,
                    spread_and_placed(known, family.name, family.needs),
                ));
            }
            values.push((known, self.number(&param_key, value)?, value.span().start));
        }
        // The year-to-year keys, once the whole table is read: they describe the yearly draws
        // of a lognormal's ln X, so they need both a lognormal and per_year = true, whichever
        // order the file writes them in. Reported at the first of them.
        if let Some(&(part, _, at)) = year_to_year.first() {
            let key = format!("{path}.{part}");
            if !matches!(family.kind, Kind::Lognormal) {
                return Err(self.bad(at, key, year_part_not_lognormal(part, family.name, input)));
            }
            if !per_year {
                return Err(self.bad(at, key, year_part_not_per_year(part, input.name)));
            }
        }
        let year_to_year = (!year_to_year.is_empty()).then(|| {
            let get = |part: &str| {
                year_to_year
                    .iter()
                    .find(|read| read.0 == part)
                    .map_or(0.0, |read| read.1)
            };
            YearToYear {
                path_share: get("path_share"),
                persistence: get("persistence"),
            }
        });
        if let Some(spread) = spread {
            return Ok(UncertainInput {
                distribution: InputDistribution::AroundSite(spread),
                per_year,
                year_to_year,
            });
        }

        let get = |param: &str| values.iter().find(|v| v.0 == param).map(|v| v.1);
        let need = |param: &'static str| {
            get(param).ok_or_else(|| {
                self.bad(
                    key_at,
                    format!("{path}.{param}"),
                    format!(
                        "the {} distribution needs {}, and {param} is missing; add {param}",
                        family.name, family.needs
                    ),
                )
            })
        };
        let spec = match family.kind {
            Kind::Fixed => DistributionSpec::Fixed {
                value: need("value")?,
            },
            Kind::Uniform => DistributionSpec::Uniform {
                min: need("min")?,
                max: need("max")?,
            },
            Kind::Triangular => DistributionSpec::Triangular {
                min: need("min")?,
                mode: need("mode")?,
                max: need("max")?,
            },
            Kind::Pert => DistributionSpec::Pert {
                min: need("min")?,
                mode: need("mode")?,
                max: need("max")?,
            },
            Kind::Normal => DistributionSpec::Normal {
                mean: need("mean")?,
                sd: need("sd")?,
                min: get("min"),
                max: get("max"),
            },
            Kind::Lognormal => DistributionSpec::Lognormal {
                median: need("median")?,
                sigma: need("sigma")?,
            },
        };

        let spot_problem = shape_problem(&spec)
            .map(|(param, problem)| (Spot::Param(param), problem))
            .or_else(|| support_problem(&spec, input.name, input.range));
        if let Some((spot, problem)) = spot_problem {
            let (key, at) = match spot {
                Spot::Param(param) => (
                    format!("{path}.{param}"),
                    values.iter().find(|v| v.0 == param).map_or(key_at, |v| v.2),
                ),
                Spot::Distribution => (format!("{path}.distribution"), distribution_at),
                Spot::Input => (path.to_string(), distribution_at),
            };
            return Err(self.bad(at, key, problem));
        }
        Ok(UncertainInput {
            distribution: InputDistribution::Given(spec),
            per_year,
            year_to_year,
        })
    }

    /// The `spread` of a distribution table: only for a plant value, only with a family that
    /// has a spread form, not together with the family's own parameters (`placed`, those read
    /// so far), and a finite number above 0. No range check: [`Spread::around`] narrows it to
    /// the input's range once the site's value is known.
    fn spread(
        &self,
        input: &ScenarioKey,
        family: &Family,
        path: &str,
        param_name: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
        placed: &[(&'static str, f64, usize)],
    ) -> Result<Spread, DataError> {
        let key = format!("{path}.spread");
        let at = param_name.span().start;
        if !input.site_value {
            return Err(self.bad(
                at,
                key,
                spread_without_site_value(input, family.name, family.needs),
            ));
        }
        let Some((shape, _)) = family.spreads else {
            return Err(self.bad(at, key, spread_on_unbounded(family.name, family.needs)));
        };
        if let Some(&(first, _, _)) = placed.first() {
            return Err(self.bad(at, key, spread_and_placed(first, family.name, family.needs)));
        }
        let half_width = self.number(&key, value)?;
        if half_width <= 0.0 {
            return Err(self.bad(
                value.span().start,
                key,
                spread_not_above_zero(half_width, input.name),
            ));
        }
        Ok(Spread { shape, half_width })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_agree_with_the_public_list() {
        let families: Vec<&str> = FAMILIES.iter().map(|family| family.name).collect();
        assert_eq!(families, DISTRIBUTION_NAMES);
    }

    #[test]
    fn the_first_problem_in_the_file_is_reported() {
        // The parser sorts keys by name; `zzz` comes first in the file and is reported first.
        let text = "[inputs]\nzzz = 1\nefficiency = 0.9\n";
        let err = Scenario::parse(text, "t.toml").expect_err("two problems");
        assert!(
            err.to_string()
                .starts_with("t.toml, line 2, key inputs.zzz:"),
            "{err}"
        );
    }
}
