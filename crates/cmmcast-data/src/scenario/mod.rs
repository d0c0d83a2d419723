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

mod keys;
mod messages;
mod reader;

use std::path::Path;

use serde::Serialize;
use toml::de::DeTable;

use crate::embedded;
use crate::error::DataError;
use crate::text::{FileKind, decode, read_file};

pub use keys::{Range, SCENARIO_KEYS, ScenarioKey, scenario_key};
use messages::{no_inputs, syntax_error};
use reader::Reader;

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

/// A checked scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Short name shown in output.
    pub name: String,
    /// What the scenario represents.
    pub description: String,
    /// Where it was read from (a path, or the embedded default).
    pub origin: String,
    /// The uncertain inputs it sets, by key (keys from [`SCENARIO_KEYS`]), sorted by key.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_variant_keeps_the_error_small() {
        // Wrappers such as the CLI's failure type hold a DataError; at 120 bytes they stay under
        // clippy's 128-byte large-error limit.
        assert!(std::mem::size_of::<DataError>() <= 120);
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
}
