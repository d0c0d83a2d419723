//! Monte Carlo scenario files: which inputs are uncertain and how.
//!
//! A scenario names, for each uncertain input of the chain, a fixed value, a probability
//! distribution, or (for the plant values) a spread around the site's own value, checked here
//! once (so the simulation never meets a negative standard deviation or a mode outside its
//! range). Sampling lives in `cmmcast-forecast`; this crate only reads, checks and describes.
//!
//! The TOML shape (see `data/scenarios/songzao-default.toml`, the default, which documents
//! every key):
//!
//! ```toml
//! [scenario]
//! name = "Older engines"
//! description = "..."
//!
//! [inputs]
//! efficiency = { distribution = "triangular", spread = 0.05 }   # the site's value ± 0.05
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
//! A table with `spread` instead of `min`, `mode` and `max` ([`Spread`]) is centred on the
//! site's value, which this crate does not know when it reads the scenario: the caller turns
//! it into a distribution with [`Spread::around`] once the site facts (or the plant defaults)
//! are settled. It is allowed only for the plant values ([`ScenarioKey::site_value`]) and
//! only with a uniform, triangular or pert distribution, the bounded shapes that can be
//! narrowed symmetrically to stay in the input's range; symmetric, so that the simulation's
//! median is the site's value and agrees with the deterministic projection.
//!
//! The inputs a scenario may set, with their ranges, are the key table [`SCENARIO_KEYS`].
//!
//! ```
//! use cmmcast_data::{DistributionSpec, InputDistribution, Scenario, Spread, SpreadShape};
//! let text = "[inputs]\nefficiency = { distribution = \"uniform\", min = 0.35, max = 0.40 }\n\
//!             availability = { distribution = \"pert\", spread = 0.05 }\n";
//! let scenario = Scenario::parse(text, "mine.toml")?;
//! assert_eq!(
//!     scenario.input("efficiency").map(|input| input.distribution),
//!     Some(InputDistribution::Given(DistributionSpec::Uniform { min: 0.35, max: 0.40 }))
//! );
//! assert_eq!(
//!     scenario.input("availability").map(|input| input.distribution),
//!     Some(InputDistribution::AroundSite(Spread { shape: SpreadShape::Pert, half_width: 0.05 }))
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

pub use keys::{
    PATH_SHARE_RANGE, PERSISTENCE_RANGE, Range, SCENARIO_KEYS, ScenarioKey, scenario_key,
};
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

/// The shape of a [`Spread`]: the three bounded distributions that can be centred on a value
/// and narrowed symmetrically to stay in an input's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpreadShape {
    /// Every value between the ends equally likely.
    Uniform,
    /// Most likely at the centre, falling linearly to the ends.
    Triangular,
    /// PERT (a scaled beta with shape 4) peaking at the centre: more weight near it than a
    /// triangle.
    Pert,
}

impl SpreadShape {
    /// The name used in files and messages: `uniform`, `triangular` or `pert`.
    pub fn name(&self) -> &'static str {
        match self {
            SpreadShape::Uniform => "uniform",
            SpreadShape::Triangular => "triangular",
            SpreadShape::Pert => "pert",
        }
    }
}

/// A symmetric distribution centred on the site's value (the site facts', else the plant
/// default), so that its median is that value and the simulation's median agrees with the
/// deterministic projection. Written in a scenario as
/// `efficiency = { distribution = "triangular", spread = 0.05 }`, for the plant values only
/// ([`ScenarioKey::site_value`]).
///
/// It serializes as `{"distribution":"triangular","spread":0.05,"around":"site"}`, the file's
/// own form with a reminder of what it is centred on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The distribution's shape.
    pub shape: SpreadShape,
    /// The distance from the centre to either end, as written (`spread`), before any narrowing:
    /// finite and above 0 when read from a file.
    pub half_width: f64,
}

impl Serialize for Spread {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut fields = serializer.serialize_struct("Spread", 3)?;
        fields.serialize_field("distribution", &self.shape)?;
        fields.serialize_field("spread", &self.half_width)?;
        fields.serialize_field("around", "site")?;
        fields.end()
    }
}

impl Spread {
    /// The distribution centred on `centre`, narrowed symmetrically so that every value it can
    /// produce stays in `range`.
    ///
    /// The half-width used is the smallest of [`Spread::half_width`], the room below and the
    /// room above the centre, where the room to a closed end is the distance to it and the room
    /// to an open end half that distance (so the end itself is never reached). Uniform gives
    /// `Uniform { c − h, c + h }`, triangular `Triangular { c − h, c, c + h }` and PERT
    /// `Pert { c − h, c, c + h }`: symmetric, so the median is always `centre`.
    ///
    /// With no room (the centre at a closed end, such as a parasitic fraction of 0) the result
    /// is `Fixed { value: centre }`. So it is for a centre the range does not admit (NaN, or
    /// outside the range): the value is passed on unchanged, for the caller's own range check
    /// to refuse with where it came from. A half-width that is not above 0 also gives
    /// `Fixed`. When rounding would put an end an ulp outside the range, the half-width is
    /// narrowed by an ulp until both ends are inside.
    ///
    /// ```
    /// use cmmcast_data::{DistributionSpec, Spread, SpreadShape, scenario_key};
    /// let spread = Spread { shape: SpreadShape::Triangular, half_width: 0.05 };
    /// let efficiency = scenario_key("efficiency").expect("a key").range;
    /// // 0.38 ± 0.05 fits in [0.01, 0.6]: from 0.38 − 0.05 = 0.33 to 0.38 + 0.05 = 0.43.
    /// let DistributionSpec::Triangular { min, mode, max } = spread.around(0.38, &efficiency) else {
    ///     panic!("a triangle");
    /// };
    /// assert!((min - 0.33).abs() < 1e-12 && mode == 0.38 && (max - 0.43).abs() < 1e-12);
    /// ```
    pub fn around(&self, centre: f64, range: &Range) -> DistributionSpec {
        let fixed = DistributionSpec::Fixed { value: centre };
        // A NaN half-width is not above 0 either.
        let spreads = self.half_width > 0.0;
        if !range.admits(centre) || !spreads {
            return fixed;
        }
        let room = |distance: f64, open: bool| if open { distance / 2.0 } else { distance };
        let below = room(centre - range.low, range.low_open);
        let above = room(range.high - centre, range.high_open);
        let mut half_width = self.half_width.min(below).min(above);
        // `centre - (centre - low)` can round to an ulp below `low`; a few ulps of narrowing
        // always suffice, and the bound only keeps the loop finite.
        for _ in 0..8 {
            let raw = (centre - half_width, centre + half_width);
            let tidied = (tidy(raw.0), tidy(raw.1));
            let admitted = |(min, max): (f64, f64)| range.admits(min) && range.admits(max);
            let (min, max) = if admitted(tidied) { tidied } else { raw };
            // No room, or a half-width below the resolution of `centre`.
            let has_room = half_width > 0.0 && min < max;
            if !has_room {
                return fixed;
            }
            if admitted((min, max)) {
                return match self.shape {
                    SpreadShape::Uniform => DistributionSpec::Uniform { min, max },
                    SpreadShape::Triangular => DistributionSpec::Triangular {
                        min,
                        mode: centre,
                        max,
                    },
                    SpreadShape::Pert => DistributionSpec::Pert {
                        min,
                        mode: centre,
                        max,
                    },
                };
            }
            half_width = half_width.next_down();
        }
        fixed
    }

    /// The spread in words, such as `triangular, the site's value ± 0.05`, for tables, notes
    /// and reports.
    pub fn describe(&self) -> String {
        format!(
            "{}, the site's value ± {}",
            self.shape.name(),
            self.half_width
        )
    }
}

/// `x` rounded to 12 decimals: 0.9 + 0.05 is 0.9500000000000001 in binary, and an end read
/// back as 0.95 is what the scenario meant and what output should print. The change is below
/// 1e-12, far inside any input's meaning; [`Spread::around`] checks the tidied ends against the
/// range.
fn tidy(x: f64) -> f64 {
    let rounded = (x * 1e12).round() / 1e12;
    if rounded.is_finite() { rounded } else { x }
}

/// How a scenario gives an input: a distribution of its own, or a spread around the site's
/// value.
///
/// It serializes as the distribution does: `Given` as [`DistributionSpec`]
/// (`{"distribution":"triangular","min":0.33,...}`), `AroundSite` as [`Spread`]
/// (`{"distribution":"triangular","spread":0.05,"around":"site"}`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum InputDistribution {
    /// A distribution or fixed value given outright; it replaces the site's value.
    Given(DistributionSpec),
    /// A spread around the site's value, which only the caller knows: turn it into a
    /// distribution with [`Spread::around`].
    AroundSite(Spread),
}

impl InputDistribution {
    /// The distribution in words: [`DistributionSpec::describe`] or [`Spread::describe`].
    pub fn describe(&self) -> String {
        match self {
            InputDistribution::Given(spec) => spec.describe(),
            InputDistribution::AroundSite(spread) => spread.describe(),
        }
    }
}

/// One uncertain input: its distribution, whether it is drawn once per path (default) or
/// afresh for every year of a path, and for a per-year lognormal plan adherence how its years
/// hang together.
///
/// It serializes flat, in the file's own form: `{"distribution":"pert","spread":0.05,
/// "around":"site","per_year":false}`, with `path_share` and `persistence` after `per_year`
/// when the file gives them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct UncertainInput {
    /// The distribution, or the spread around the site's value.
    #[serde(flatten)]
    pub distribution: InputDistribution,
    /// Draw a new value every year (true) or once per path (false).
    pub per_year: bool,
    /// How the yearly draws carry over from year to year (`path_share`, `persistence`); `None`
    /// when the file gives neither, which draws every year independently, as before the two
    /// keys existed. Only a per-year lognormal on a key whose
    /// [`ScenarioKey::year_to_year`] is set can have it.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub year_to_year: Option<YearToYear>,
}

/// How the yearly draws of a per-year lognormal input (plan adherence) hang together within a
/// path, so that a path that falls short of the plan one year tends to fall short the next.
///
/// With the lognormal's median m and sigma σ, a path's values are
///
/// ```text
/// ln X_t = ln m + L + u_t
/// L      ~ N(0, s σ²)                                   once per path
/// u_t    = ρ u_{t−1} + σ_u √(1 − ρ²) ε_t,  σ_u² = (1 − s) σ²,  u_first ~ N(0, σ_u²)
/// ```
///
/// with s the `path_share` and ρ the `persistence`. Every year's marginal is still
/// lognormal(m, σ), the distribution the file gives, so the median, the tornado's quantiles
/// and a single year's percentiles are unchanged; what changes is how the years move together:
/// Cov(ln X_s, ln X_t) = s σ² + (1 − s) σ² ρ^|s−t|. `path_share = 0, persistence = 0` is
/// independent years (per_year = true without these keys), `path_share = 1` one draw per path
/// (per_year = false). docs/METHODS.md, section 11.3, has the variance of a path's sum.
///
/// It serializes as the two keys the file uses: `{"path_share":0.5,"persistence":0.5}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearToYear {
    /// s: the share of the variance of ln X that is one level drawn once per path, in [0, 1]
    /// ([`PATH_SHARE_RANGE`]).
    pub path_share: f64,
    /// ρ: the lag-1 autocorrelation of the yearly part u_t, in [0, 1)
    /// ([`PERSISTENCE_RANGE`]); 1 is refused, as the yearly part would then never move and
    /// be a second per-path level (which is `path_share`'s job).
    pub persistence: f64,
}

impl YearToYear {
    /// Whether the years are independent (both parts 0), the draws of `per_year = true`
    /// without these keys.
    pub fn is_independent(&self) -> bool {
        self.path_share == 0.0 && self.persistence == 0.0
    }

    /// The correlation of ln X between two years `lag` years apart, s + (1 − s) ρ^lag (1 at
    /// lag 0).
    ///
    /// ```
    /// use cmmcast_data::YearToYear;
    /// let y = YearToYear { path_share: 0.5, persistence: 0.5 };
    /// // 0.5 + 0.5 × 0.5 = 0.75 a year apart, 0.5 + 0.5 × 0.125 = 0.5625 three years apart.
    /// assert_eq!(y.log_correlation(1), 0.75);
    /// assert_eq!(y.log_correlation(3), 0.5625);
    /// ```
    pub fn log_correlation(&self, lag: u32) -> f64 {
        let powered = (0..lag).fold(1.0, |acc, _| acc * self.persistence);
        self.path_share + (1.0 - self.path_share) * powered
    }

    /// The two keys in words, such as `path share 0.5, persistence 0.5`, for tables, notes
    /// and reports.
    pub fn describe(&self) -> String {
        format!(
            "path share {}, persistence {}",
            self.path_share, self.persistence
        )
    }
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

/// The keys of a distribution table that say how a per-year lognormal's years hang together
/// ([`YearToYear`]), in the order messages list them.
const YEAR_TO_YEAR_KEYS: [&str; 2] = ["path_share", "persistence"];

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

    /// The default scenario compiled in from `data/scenarios/songzao-default.toml`
    /// ([`embedded::SONGZAO_SCENARIO_TOML`]), which explains every value it sets: spreads
    /// around the site's own efficiency, availability and parasitic load (so it fits any
    /// site), plan adherence and the daily flow; the other plant values keep the site's.
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
            scenario
                .input("plan_adherence")
                .map(|input| input.distribution),
            Some(InputDistribution::Given(DistributionSpec::Normal {
                mean: 1.0,
                sd: 0.0005,
                min: Some(1.0),
                max: Some(2.0)
            }))
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
    fn inputs_serialize_in_the_files_own_form() {
        let given = UncertainInput {
            distribution: InputDistribution::Given(DistributionSpec::Fixed { value: 0.995 }),
            per_year: false,
            year_to_year: None,
        };
        assert_eq!(
            serde_json::to_string(&given).expect("serializes"),
            r#"{"distribution":"fixed","value":0.995,"per_year":false}"#
        );
        let around = UncertainInput {
            distribution: InputDistribution::AroundSite(Spread {
                shape: SpreadShape::Pert,
                half_width: 0.05,
            }),
            per_year: true,
            year_to_year: None,
        };
        assert_eq!(
            serde_json::to_string(&around).expect("serializes"),
            r#"{"distribution":"pert","spread":0.05,"around":"site","per_year":true}"#
        );
        assert_eq!(
            around.distribution.describe(),
            "pert, the site's value ± 0.05"
        );
        assert_eq!(given.distribution.describe(), "fixed(0.995)");
    }

    #[test]
    fn a_spread_that_cannot_be_placed_is_the_centre_itself() {
        let range = Range::new(0.0, false, 1.0, false);
        let spread = |half_width| Spread {
            shape: SpreadShape::Uniform,
            half_width,
        };
        let fixed = |value| DistributionSpec::Fixed { value };
        // A centre outside the range is passed on for the caller's own check to refuse.
        assert_eq!(spread(0.1).around(1.5, &range), fixed(1.5));
        let nan = spread(0.1).around(f64::NAN, &range);
        assert!(matches!(nan, DistributionSpec::Fixed { value } if value.is_nan()));
        // A half-width of 0, below 0 or NaN (possible only when built in code) spreads nothing.
        assert_eq!(spread(0.0).around(0.5, &range), fixed(0.5));
        assert_eq!(spread(-0.1).around(0.5, &range), fixed(0.5));
        assert_eq!(spread(f64::NAN).around(0.5, &range), fixed(0.5));
        // 1e-300 is far below the resolution of 0.5 (an ulp there is 2^-53 ≈ 1.1e-16), so
        // 0.5 ± 1e-300 rounds to 0.5 at both ends: nothing to spread.
        assert_eq!(spread(1e-300).around(0.5, &range), fixed(0.5));
        // An infinite half-width is narrowed like any other: 0.5 has room 0.5 on each side.
        assert_eq!(
            spread(f64::INFINITY).around(0.5, &range),
            DistributionSpec::Uniform { min: 0.0, max: 1.0 }
        );
    }

    #[test]
    fn rounding_never_puts_an_end_outside_the_range() {
        // Efficiency is [0.01, 0.6]. For centres just above 0.01 the room below, c − 0.01, is
        // rounded; c − (c − 0.01) may then land an ulp below 0.01, which `around` must not
        // return. Every centre from 0.0100 to 0.3000 in steps of 0.0001, and every shape.
        let range = Range::new(0.01, false, 0.6, false);
        for step in 100..=3000 {
            let centre = f64::from(step) / 10_000.0;
            for shape in [
                SpreadShape::Uniform,
                SpreadShape::Triangular,
                SpreadShape::Pert,
            ] {
                let spec = Spread {
                    shape,
                    half_width: 1.0,
                }
                .around(centre, &range);
                let (min, max) = match spec {
                    DistributionSpec::Uniform { min, max }
                    | DistributionSpec::Triangular { min, max, .. }
                    | DistributionSpec::Pert { min, max, .. } => (min, max),
                    DistributionSpec::Fixed { value } => (value, value),
                    other => panic!("{other:?}"),
                };
                assert!(range.admits(min) && range.admits(max), "{centre}: {spec:?}");
            }
        }
    }
}
