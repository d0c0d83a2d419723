//! Monte Carlo scenario files: which inputs are uncertain and how.
//!
//! A scenario names, for each uncertain input of the chain, a fixed value or a probability
//! distribution, checked here once (so the simulation never meets a negative standard deviation
//! or a mode outside its range). Sampling lives in `cmmcast-forecast`; this crate only reads,
//! checks and describes.
//!
//! The TOML shape (see `data/scenarios/songzao-default.toml`, which documents every key):
//!
//! ```toml
//! [scenario]
//! name = "Songzao default"
//! description = "..."
//!
//! [inputs]
//! efficiency = { distribution = "triangular", min = 0.33, mode = 0.38, max = 0.42 }
//! availability = { distribution = "pert", min = 0.80, mode = 0.90, max = 0.95 }
//! plan_adherence = { distribution = "lognormal", median = 1.0, sigma = 0.10, per_year = true }
//! flow_autocorrelation = 0.7          # a bare number is a fixed value
//! ```
//!
//! Each input is a bare number (a fixed value) or a table naming a `distribution` with exactly
//! that distribution's parameters, plus an optional `per_year` (default `false`). Everything
//! is checked when the file is read: unknown tables, inputs, distributions and parameters,
//! missing parameters, wrong types, NaN and infinity, the distribution's own rules (sd above 0,
//! min below max, mode between them, ...) and each input's allowed range, so that every value
//! the simulation can draw is valid for the energy chain. Every refusal is a [`DataError`]
//! naming the file, the line and the key (such as `inputs.efficiency.sd`).
//!
//! ```
//! use cmmcast_data::{DistributionSpec, Scenario};
//! let text = "[inputs]\nefficiency = { distribution = \"uniform\", min = 0.35, max = 0.40 }\n";
//! let scenario = Scenario::parse(text, "mine.toml")?;
//! assert_eq!(
//!     scenario.input("efficiency").map(|input| input.spec),
//!     Some(DistributionSpec::Uniform { min: 0.35, max: 0.40 })
//! );
//! let err = Scenario::parse("[inputs]\nefficiency = 0.7\n", "mine.toml").unwrap_err();
//! assert!(err.to_string().starts_with("mine.toml, line 2, key inputs.efficiency:"));
//! # Ok::<(), cmmcast_data::DataError>(())
//! ```

use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::document::plain;
use crate::embedded;
use crate::error::{DataError, Place, escape_controls};
use crate::suggest::did_you_mean;
use crate::text::{FileKind, decode, read_file};

/// A probability distribution (or a fixed value) for one uncertain input, with checked
/// parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum DistributionSpec {
    /// Always this value.
    Fixed {
        /// The value.
        value: f64,
    },
    /// Uniform on [min, max], min < max.
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
    },
    /// Triangular on [min, max] with its peak at mode, min ≤ mode ≤ max, min < max.
    Triangular {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// Normal with mean and standard deviation (sd > 0), optionally truncated to [min, max].
    Normal {
        /// Mean (of the untruncated normal).
        mean: f64,
        /// Standard deviation (of the untruncated normal), above 0.
        sd: f64,
        /// Lower truncation point.
        min: Option<f64>,
        /// Upper truncation point.
        max: Option<f64>,
    },
    /// Lognormal: ln X is normal with mean ln(median) and standard deviation sigma
    /// (median > 0, sigma > 0).
    Lognormal {
        /// Median of X.
        median: f64,
        /// Standard deviation of ln X.
        sigma: f64,
    },
    /// PERT (a scaled beta with shape 4) on [min, max] with mode, min ≤ mode ≤ max, min < max.
    Pert {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
}

/// One uncertain input: its distribution, and whether it is drawn once per path (default) or
/// afresh for every year of a path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct UncertainInput {
    /// The distribution.
    pub spec: DistributionSpec,
    /// Draw a new value every year (true) or once per path (false).
    pub per_year: bool,
}

/// The uncertain inputs a scenario may set, with what each means and its unit. Keys outside
/// this list are refused (with the list), so a typo never silently drops an input.
pub const SCENARIO_INPUTS: [(&str, &str); 10] = [
    ("efficiency", "electrical efficiency, fraction of LHV"),
    ("availability", "fraction of the year the engines can run"),
    (
        "share_to_power",
        "share of the drained methane sent to power",
    ),
    (
        "parasitic_fraction",
        "share of gross output used by the plant itself",
    ),
    ("gas_concentration", "CH4 fraction of the drained gas"),
    (
        "min_concentration",
        "lowest CH4 fraction the engines accept",
    ),
    ("destruction_efficiency", "share of burnt CH4 destroyed"),
    (
        "plan_adherence",
        "multiplier on the forecast drainage (1 = as forecast)",
    ),
    (
        "flow_cv",
        "coefficient of variation of daily gas flow around the annual mean",
    ),
    (
        "flow_autocorrelation",
        "day-to-day autocorrelation of the daily flow, in [0, 1)",
    ),
];

/// A checked scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Short name shown in output.
    pub name: String,
    /// What the scenario represents.
    pub description: String,
    /// Where it was read from (a path, or the embedded default).
    pub origin: String,
    /// The uncertain inputs it sets, by key (keys from [`SCENARIO_INPUTS`]), sorted by key.
    pub inputs: Vec<(String, UncertainInput)>,
}

impl Scenario {
    /// The input set for `key`, if the scenario sets it.
    pub fn input(&self, key: &str) -> Option<&UncertainInput> {
        self.inputs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// The distribution names a scenario may use, in the order messages list them.
pub const DISTRIBUTION_NAMES: [&str; 6] = [
    "uniform",
    "triangular",
    "normal",
    "lognormal",
    "pert",
    "fixed",
];

/// What [`Scenario::load`] tells the user when the file does not exist.
const FIX_IF_MISSING: &str = "give the path of a scenario TOML file (such as \
    data/scenarios/songzao-default.toml), or leave the scenario out to use the built-in Songzao \
    default";

impl DistributionSpec {
    /// The distribution in words, such as `triangular(min 0.33, mode 0.38, max 0.42)` or
    /// `fixed(0.995)`, for tables and reports.
    pub fn describe(&self) -> String {
        match *self {
            DistributionSpec::Fixed { value } => format!("fixed({value})"),
            DistributionSpec::Uniform { min, max } => format!("uniform(min {min}, max {max})"),
            DistributionSpec::Triangular { min, mode, max } => {
                format!("triangular(min {min}, mode {mode}, max {max})")
            }
            DistributionSpec::Pert { min, mode, max } => {
                format!("pert(min {min}, mode {mode}, max {max})")
            }
            DistributionSpec::Normal { mean, sd, min, max } => {
                let mut text = format!("normal(mean {mean}, sd {sd}");
                if let Some(min) = min {
                    text.push_str(&format!(", min {min}"));
                }
                if let Some(max) = max {
                    text.push_str(&format!(", max {max}"));
                }
                text.push(')');
                text
            }
            DistributionSpec::Lognormal { median, sigma } => {
                format!("lognormal(median {median}, sigma {sigma})")
            }
        }
    }

    /// The name used in files and messages: `uniform`, `triangular`, `normal`, `lognormal`,
    /// `pert` or `fixed`.
    pub fn name(&self) -> &'static str {
        match self {
            DistributionSpec::Fixed { .. } => "fixed",
            DistributionSpec::Uniform { .. } => "uniform",
            DistributionSpec::Triangular { .. } => "triangular",
            DistributionSpec::Normal { .. } => "normal",
            DistributionSpec::Lognormal { .. } => "lognormal",
            DistributionSpec::Pert { .. } => "pert",
        }
    }
}

impl Scenario {
    /// Reads and checks a scenario from TOML text; `source` names it in messages (a path, or a
    /// description of where the text came from) and becomes [`Scenario::origin`].
    ///
    /// Without a `[scenario]` name, the name is `source`'s file name without its extension.
    pub fn parse(text: &str, source: &str) -> Result<Scenario, DataError> {
        let root = DeTable::parse(text).map_err(|err| syntax_error(text, source, &err))?;
        Reader { text, source }.scenario(root.get_ref())
    }

    /// Reads and checks the scenario file at `path` (UTF-8 TOML). A file larger than
    /// [`crate::MAX_SCENARIO_FILE_BYTES`] is refused from its size, before it is read.
    pub fn load(path: &Path) -> Result<Scenario, DataError> {
        let bytes = read_file(path, FileKind::Scenario, FIX_IF_MISSING)?;
        Scenario::from_bytes(bytes, &path.display().to_string())
    }

    /// Reads and checks a scenario from the bytes of a file, as [`Scenario::load`] does once it
    /// has read them: UTF-8 text (a byte-order mark is dropped), then [`Scenario::parse`].
    ///
    /// ```
    /// use cmmcast_data::Scenario;
    /// let scenario = Scenario::from_bytes(b"[inputs]\nflow_cv = 0.2\n".to_vec(), "s.toml")?;
    /// assert_eq!(scenario.name, "s");
    /// let err = Scenario::from_bytes(b"  \n".to_vec(), "s.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("s.toml"));
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn from_bytes(bytes: Vec<u8>, source: &str) -> Result<Scenario, DataError> {
        let text = match decode(bytes, source) {
            Ok(text) => text,
            Err(DataError::Empty { at }) => return Err(no_inputs(at, "the file is empty")),
            Err(err) => return Err(err),
        };
        Scenario::parse(&text, source)
    }

    /// The default Songzao scenario compiled in from `data/scenarios/songzao-default.toml`
    /// ([`embedded::SONGZAO_SCENARIO_TOML`]), which explains every value it sets.
    pub fn songzao_default() -> Scenario {
        Scenario::parse(embedded::SONGZAO_SCENARIO_TOML, embedded::SCENARIO_ORIGIN)
            .expect("the embedded Songzao scenario parses (checked by a test)")
    }
}

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
    },
    Family {
        kind: Kind::Triangular,
        name: "triangular",
        required: &["min", "mode", "max"],
        optional: &[],
        needs: "min, mode and max",
        takes: "min, mode and max",
    },
    Family {
        kind: Kind::Normal,
        name: "normal",
        required: &["mean", "sd"],
        optional: &["min", "max"],
        needs: "mean and sd",
        takes: "mean and sd, and optionally min and max to truncate it",
    },
    Family {
        kind: Kind::Lognormal,
        name: "lognormal",
        required: &["median", "sigma"],
        optional: &[],
        needs: "median and sigma",
        takes: "median and sigma",
    },
    Family {
        kind: Kind::Pert,
        name: "pert",
        required: &["min", "mode", "max"],
        optional: &[],
        needs: "min, mode and max",
        takes: "min, mode and max",
    },
    Family {
        kind: Kind::Fixed,
        name: "fixed",
        required: &["value"],
        optional: &[],
        needs: "value",
        takes: "value",
    },
];

/// The values an input may take, so that every sampled value is valid for the energy chain.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Allowed {
    low: f64,
    low_open: bool,
    /// `f64::INFINITY` when there is no upper end.
    high: f64,
    high_open: bool,
}

impl Allowed {
    const fn new(low: f64, low_open: bool, high: f64, high_open: bool) -> Self {
        Allowed {
            low,
            low_open,
            high,
            high_open,
        }
    }

    fn admits_low(&self, value: f64) -> bool {
        value > self.low || (!self.low_open && value == self.low)
    }

    fn admits_high(&self, value: f64) -> bool {
        value < self.high || (!self.high_open && value == self.high)
    }

    fn low_text(&self) -> String {
        if self.low_open {
            format!("above {}", self.low)
        } else {
            format!("at least {}", self.low)
        }
    }

    fn high_text(&self) -> String {
        if self.high_open {
            format!("below {}", self.high)
        } else {
            format!("at most {}", self.high)
        }
    }

    /// The range in words, such as `above 0 and at most 0.6`.
    fn describe(&self) -> String {
        if self.high.is_finite() {
            format!("{} and {}", self.low_text(), self.high_text())
        } else {
            self.low_text()
        }
    }
}

/// The allowed range of every key of [`SCENARIO_INPUTS`], in the same order: the ranges the
/// forecasting crate's plant builder accepts (efficiency from 0.01, its `MIN_EFFICIENCY`), and
/// for the last three the ranges their meaning allows.
const ALLOWED: [(&str, Allowed); 10] = [
    ("efficiency", Allowed::new(0.01, false, 0.6, false)),
    ("availability", Allowed::new(0.0, true, 1.0, false)),
    ("share_to_power", Allowed::new(0.0, false, 1.0, false)),
    ("parasitic_fraction", Allowed::new(0.0, false, 1.0, false)),
    ("gas_concentration", Allowed::new(0.0, true, 1.0, false)),
    ("min_concentration", Allowed::new(0.0, false, 1.0, false)),
    (
        "destruction_efficiency",
        Allowed::new(0.0, true, 1.0, false),
    ),
    (
        "plan_adherence",
        Allowed::new(0.0, true, f64::INFINITY, true),
    ),
    ("flow_cv", Allowed::new(0.0, false, f64::INFINITY, true)),
    ("flow_autocorrelation", Allowed::new(0.0, false, 1.0, true)),
];

/// Where in an input a problem lies, for the key and line of the message.
enum Spot {
    /// A parameter (for a bare number: the number itself).
    Param(&'static str),
    /// The `distribution` value.
    Distribution,
    /// The input as a whole (reported at its `distribution` line).
    Input,
}

/// The text being read and its name, for messages.
struct Reader<'a> {
    text: &'a str,
    source: &'a str,
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
    fn written(&self, span: Range<usize>) -> String {
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
    fn scenario(&self, root: &DeTable<'_>) -> Result<Scenario, DataError> {
        let mut name = None;
        let mut description = None;
        let mut inputs = None;
        for (key, value) in in_file_order(root) {
            match key.get_ref().as_ref() {
                "scenario" => (name, description) = self.header(value)?,
                "inputs" => inputs = Some(self.inputs(key, value)?),
                other => {
                    let other = &shown_key(other);
                    let problem = if SCENARIO_INPUTS.iter().any(|(input, _)| *input == other) {
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
            let Some(&(_, allowed)) = ALLOWED.iter().find(|(known, _)| *known == name) else {
                let name = shown_key(name);
                return Err(self.bad(
                    input_key.span().start,
                    format!("inputs.{name}"),
                    format!(
                        "`{name}` is not an input a scenario can set{}; the inputs are {}, so fix \
                         the name or remove the key",
                        did_you_mean(&name, SCENARIO_INPUTS.iter().map(|(input, _)| *input)),
                        list(SCENARIO_INPUTS.iter().map(|(input, _)| *input), "and")
                    ),
                ));
            };
            let input = self.input(name, allowed, input_key, input_value)?;
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
        name: &str,
        allowed: Allowed,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<UncertainInput, DataError> {
        let path = format!("inputs.{name}");
        match value.get_ref() {
            DeValue::Integer(_) | DeValue::Float(_) => {
                let number = self.number(&path, value)?;
                let spec = DistributionSpec::Fixed { value: number };
                if let Some((_, problem)) = support_problem(&spec, name, allowed) {
                    return Err(self.bad(value.span().start, path, problem));
                }
                Ok(UncertainInput {
                    spec,
                    per_year: false,
                })
            }
            DeValue::Table(table) => self.distribution(name, allowed, &path, key, table),
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

    /// A distribution table: `distribution`, its parameters and `per_year`.
    fn distribution(
        &self,
        name: &str,
        allowed: Allowed,
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

        let mut per_year = false;
        let mut values: Vec<(&'static str, f64, usize)> = Vec::with_capacity(entries.len());
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
                continue;
            }
            let Some(&known) = family
                .required
                .iter()
                .chain(family.optional)
                .find(|known| **known == param)
            else {
                let param = shown_key(param);
                return Err(self.bad(
                    param_name.span().start,
                    param_key,
                    format!(
                        "`{param}` is not a parameter of the {} distribution{}, which takes {} \
                         (and per_year); remove it or choose another distribution",
                        family.name,
                        did_you_mean(
                            &param,
                            family
                                .required
                                .iter()
                                .chain(family.optional)
                                .copied()
                                .chain(["per_year"])
                        ),
                        family.takes
                    ),
                ));
            };
            values.push((known, self.number(&param_key, value)?, value.span().start));
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
            .or_else(|| support_problem(&spec, name, allowed));
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
        Ok(UncertainInput { spec, per_year })
    }
}

/// A distribution's own rules: sd above 0, min below max, mode between them, ...
fn shape_problem(spec: &DistributionSpec) -> Option<(&'static str, String)> {
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
fn support_problem(
    spec: &DistributionSpec,
    input: &str,
    allowed: Allowed,
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

/// The refusal for a file without inputs.
fn no_inputs(at: Place, what: &str) -> DataError {
    DataError::BadScenario {
        at,
        key: "inputs".into(),
        problem: format!(
            "{what}; set at least one of {} in an [inputs] table",
            list(SCENARIO_INPUTS.iter().map(|(input, _)| *input), "or")
        )
        .into_boxed_str(),
    }
}

/// A TOML syntax error, with the line, the key it is in or after, and a hint when the text
/// looks cut short.
fn syntax_error(text: &str, source: &str, err: &toml::de::Error) -> DataError {
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
fn shown_key(key: &str) -> String {
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
fn line_of(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
}

/// What kind of TOML value this is, in words.
fn kind_of(value: &DeValue<'_>) -> &'static str {
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
fn list<'a>(items: impl IntoIterator<Item = &'a str>, last: &str) -> String {
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
    fn tables_agree_with_the_public_lists() {
        let families: Vec<&str> = FAMILIES.iter().map(|family| family.name).collect();
        assert_eq!(families, DISTRIBUTION_NAMES);
        let ranges: Vec<&str> = ALLOWED.iter().map(|(key, _)| *key).collect();
        let inputs: Vec<&str> = SCENARIO_INPUTS.iter().map(|(key, _)| *key).collect();
        assert_eq!(ranges, inputs);
    }

    #[test]
    fn the_new_variant_keeps_the_error_small() {
        // Wrappers such as the CLI's failure type hold a DataError; at 120 bytes they stay under
        // clippy's 128-byte large-error limit.
        assert!(std::mem::size_of::<DataError>() <= 120);
    }

    #[test]
    fn ranges_read_as_words() {
        let range = |key: &str| {
            ALLOWED
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, allowed)| allowed.describe())
                .expect(key)
        };
        assert_eq!(range("efficiency"), "at least 0.01 and at most 0.6");
        assert_eq!(range("share_to_power"), "at least 0 and at most 1");
        assert_eq!(range("plan_adherence"), "above 0");
        assert_eq!(range("flow_cv"), "at least 0");
        assert_eq!(range("flow_autocorrelation"), "at least 0 and below 1");
        assert_eq!(list(["a"], "or"), "a");
        assert_eq!(list(["a", "b", "c"], "or"), "a, b or c");
    }

    #[test]
    fn integers_in_any_base_and_underscores_are_numbers() {
        let text = "[inputs]\nflow_cv = 0\nplan_adherence = { distribution = \"normal\", mean = 1, \
                    sd = 0.000_5, min = 0x1p0, max = 2 }\n";
        // `0x1p0` is not TOML: hexadecimal floats are refused with the line.
        let err = Scenario::parse(text, "t.toml").expect_err("hex float");
        assert!(
            matches!(err, DataError::Syntax { ref at, .. } if at.line == Some(3)),
            "{err}"
        );
        let text = "[inputs]\nflow_cv = 0\nplan_adherence = { distribution = \"normal\", mean = 1, \
                    sd = 0.000_5, min = 0b1, max = 0x2 }\n";
        let scenario = Scenario::parse(text, "t.toml").expect("integers");
        assert_eq!(
            scenario.input("plan_adherence").map(|input| input.spec),
            Some(DistributionSpec::Normal {
                mean: 1.0,
                sd: 0.0005,
                min: Some(1.0),
                max: Some(2.0)
            })
        );
        assert_eq!(scenario.name, "t");
        assert_eq!(scenario.origin, "t.toml");
    }

    #[test]
    fn distributions_serialize_with_their_name() {
        let spec = DistributionSpec::Triangular {
            min: 0.33,
            mode: 0.38,
            max: 0.42,
        };
        assert_eq!(spec.name(), "triangular");
        assert_eq!(
            serde_json::to_string(&spec).expect("serializes"),
            r#"{"distribution":"triangular","min":0.33,"mode":0.38,"max":0.42}"#
        );
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
