//! The JSON and TOML file shape, shared by both formats and by site-facts files.
//!
//! ```toml
//! [[sites]]
//! name = "Songzao"                 # required, unique
//! plant_name = "Central"           # optional: the plant this site feeds with other sites
//! plant_capacity_mw = 26.9         # optional, MW electrical
//! data_kind = "plan"               # plan | measured | estimate | unspecified
//! note = "Planned figures, not measurements."
//! volume_basis = { temperature_c = 20, pressure_kpa = 101.325, gas = "pure_ch4", stated_by_source = false }
//! source = { citation = "...", locator = "Table 1", language = "ru" }
//! rows = [
//!   { year = 2012, coal_kt = 6420, methane_mm3 = 222.94 },
//!   { year = 2013, coal_kt = 6850, methane_mm3 = 239.87 },
//! ]
//! ```
//!
//! JSON is the same tree: `{"sites": [{"name": "Songzao", "rows": [{"year": 2012, ...}]}]}`.
//! Unknown keys are refused (a misspelt key would otherwise be silently ignored). A file
//! without `rows` holds only site facts and can be paired with a CSV of the series.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::assemble::{RowRef, SiteRows};
use crate::basis::{ReferenceTemperature, STANDARD_PRESSURE_KPA, VolumeBasis};
use crate::error::{DataError, Place};
use crate::limits::{MAX_CAPACITY_MW, MAX_YEAR, MIN_YEAR};
use crate::site::{
    CapacityAdditionFact, DataKind, EconomicFacts, PlantFacts, Provenance, SiteFacts, SurplusFate,
};
use crate::table::{COAL_COLUMN, METHANE_COLUMN};
use crate::value::{quantity_from_number, site_name, year_from_number};

/// The only gas basis accepted: volumes of pure CH4.
const PURE_CH4: &str = "pure_ch4";

/// A whole JSON or TOML file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DatasetDoc {
    pub(crate) sites: Vec<SiteDoc>,
}

/// One entry of `sites`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteDoc {
    name: String,
    #[serde(default)]
    plant_name: Option<String>,
    #[serde(default)]
    plant_capacity_mw: Option<NumberDoc>,
    #[serde(default)]
    volume_basis: Option<VolumeBasisDoc>,
    #[serde(default)]
    data_kind: Option<DataKind>,
    #[serde(default)]
    source: Option<Provenance>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    closure_year: Option<NumberDoc>,
    #[serde(default)]
    plant: Option<PlantDoc>,
    #[serde(default)]
    economics: Option<EconomicsDoc>,
    #[serde(default)]
    rows: Option<Vec<RowDoc>>,
}

/// The `plant` table of a site: plant and accounting settings, every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlantDoc {
    #[serde(default)]
    efficiency: Option<NumberDoc>,
    #[serde(default)]
    availability: Option<NumberDoc>,
    #[serde(default)]
    share_to_power: Option<NumberDoc>,
    #[serde(default)]
    parasitic_fraction: Option<NumberDoc>,
    #[serde(default)]
    gas_concentration: Option<NumberDoc>,
    #[serde(default)]
    min_concentration: Option<NumberDoc>,
    #[serde(default)]
    destruction_efficiency: Option<NumberDoc>,
    #[serde(default)]
    gwp: Option<String>,
    #[serde(default)]
    grid_factor_t_per_mwh: Option<NumberDoc>,
    #[serde(default)]
    surplus: Option<String>,
    #[serde(default)]
    flare_efficiency: Option<NumberDoc>,
    #[serde(default)]
    capacity_additions: Vec<AdditionDoc>,
    #[serde(default)]
    target_utilization: Option<NumberDoc>,
    #[serde(default)]
    unit_mw: Option<NumberDoc>,
    #[serde(default)]
    mine_correlation: Option<NumberDoc>,
}

/// The `economics` table of a site: prices, costs, tax, discounting and lifetime, every key
/// optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EconomicsDoc {
    #[serde(default)]
    capex_per_kw: Option<NumberDoc>,
    #[serde(default)]
    opex_per_kw_year: Option<NumberDoc>,
    #[serde(default)]
    opex_per_mwh: Option<NumberDoc>,
    #[serde(default)]
    tariff_per_mwh: Option<NumberDoc>,
    #[serde(default)]
    carbon_price_per_t: Option<NumberDoc>,
    #[serde(default)]
    carbon_share: Option<NumberDoc>,
    #[serde(default)]
    gas_cost_per_m3: Option<NumberDoc>,
    #[serde(default)]
    tax_rate: Option<NumberDoc>,
    #[serde(default)]
    depreciation_years: Option<NumberDoc>,
    #[serde(default)]
    discount_rate: Option<NumberDoc>,
    #[serde(default)]
    lifetime_years: Option<NumberDoc>,
    #[serde(default)]
    currency: Option<String>,
}

impl EconomicsDoc {
    /// The typed facts; numbers must be finite numbers (ranges are checked where the valuation
    /// is set up, with the allowed values in words).
    fn into_facts(self, at: &impl Fn() -> Place) -> Result<EconomicFacts, DataError> {
        let number =
            |v: Option<NumberDoc>, field: &'static str| -> Result<Option<f64>, DataError> {
                v.map(|v| finite(v.number(field, at)?, field, at))
                    .transpose()
            };
        Ok(EconomicFacts {
            capex_per_kw: number(self.capex_per_kw, "economics.capex_per_kw")?,
            opex_per_kw_year: number(self.opex_per_kw_year, "economics.opex_per_kw_year")?,
            opex_per_mwh: number(self.opex_per_mwh, "economics.opex_per_mwh")?,
            tariff_per_mwh: number(self.tariff_per_mwh, "economics.tariff_per_mwh")?,
            carbon_price_per_t: number(self.carbon_price_per_t, "economics.carbon_price_per_t")?,
            carbon_share: number(self.carbon_share, "economics.carbon_share")?,
            gas_cost_per_m3: number(self.gas_cost_per_m3, "economics.gas_cost_per_m3")?,
            tax_rate: number(self.tax_rate, "economics.tax_rate")?,
            depreciation_years: number(self.depreciation_years, "economics.depreciation_years")?,
            discount_rate: number(self.discount_rate, "economics.discount_rate")?,
            lifetime_years: number(self.lifetime_years, "economics.lifetime_years")?,
            currency: self.currency,
        })
    }
}

/// One entry of `plant.capacity_additions`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdditionDoc {
    year: NumberDoc,
    mw: NumberDoc,
}

impl PlantDoc {
    /// The typed facts; numbers must be numbers (ranges are checked where the plant is built).
    fn into_facts(self, at: &impl Fn() -> Place) -> Result<PlantFacts, DataError> {
        let number =
            |v: Option<NumberDoc>, field: &'static str| -> Result<Option<f64>, DataError> {
                v.map(|v| finite(v.number(field, at)?, field, at))
                    .transpose()
            };
        let mut capacity_additions = Vec::with_capacity(self.capacity_additions.len());
        for addition in self.capacity_additions {
            let year = addition.year.number("plant.capacity_additions.year", at)?;
            let year = year_from_number(year, &year.to_string(), at)?;
            let field = "plant.capacity_additions.mw";
            let mw = finite(addition.mw.number(field, at)?, field, at)?;
            capacity_additions.push(CapacityAdditionFact { year, mw });
        }
        Ok(PlantFacts {
            efficiency: number(self.efficiency, "plant.efficiency")?,
            availability: number(self.availability, "plant.availability")?,
            share_to_power: number(self.share_to_power, "plant.share_to_power")?,
            parasitic_fraction: number(self.parasitic_fraction, "plant.parasitic_fraction")?,
            gas_concentration: number(self.gas_concentration, "plant.gas_concentration")?,
            min_concentration: number(self.min_concentration, "plant.min_concentration")?,
            destruction_efficiency: number(
                self.destruction_efficiency,
                "plant.destruction_efficiency",
            )?,
            gwp: self.gwp,
            grid_factor_t_per_mwh: number(
                self.grid_factor_t_per_mwh,
                "plant.grid_factor_t_per_mwh",
            )?,
            surplus: self
                .surplus
                .map(|word| surplus_fate(&word, at))
                .transpose()?,
            flare_efficiency: number(self.flare_efficiency, "plant.flare_efficiency")?,
            capacity_additions,
            target_utilization: number(self.target_utilization, "plant.target_utilization")?,
            unit_mw: number(self.unit_mw, "plant.unit_mw")?,
            mine_correlation: number(self.mine_correlation, "plant.mine_correlation")?,
        })
    }
}

/// The `plant.surplus` word as a [`SurplusFate`], or a refusal naming the file, the site, the
/// key and the allowed words.
fn surplus_fate(word: &str, at: &impl Fn() -> Place) -> Result<SurplusFate, DataError> {
    SurplusFate::parse(word).ok_or_else(|| DataError::BadFact {
        at: at(),
        field: "plant.surplus",
        problem: format!(
            "`{word}` is not a way to handle the surplus; give \"vent\" (the default, nothing \
             credited) or \"flare\" (flared methane counts as destroyed)"
        ),
    })
}

/// A plant value that is a finite number: `nan` and `inf` (valid TOML; JSON's parser refuses a
/// number too large for f64 itself) are refused when the file is read, even though ranges are
/// checked only where the plant is built, so that no NaN or infinity ever enters a dataset.
fn finite(value: f64, field: &'static str, at: &impl Fn() -> Place) -> Result<f64, DataError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(DataError::BadFact {
            at: at(),
            field,
            problem: format!(
                "{value} is not a finite number; give a finite value, or leave the key out to \
                 use the default"
            ),
        })
    }
}

/// One entry of a site's `rows`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowDoc {
    year: NumberDoc,
    #[serde(default)]
    coal_kt: Option<NumberDoc>,
    #[serde(default)]
    methane_mm3: Option<NumberDoc>,
}

/// A value where a number belongs: the number, or what was written instead.
///
/// Reading numbers this way lets a wrong type (`"6420"`, `true`) be reported with its site, row
/// and field, like every other bad value, rather than as a bare parser message.
#[derive(Debug, Clone, PartialEq)]
enum NumberDoc {
    /// A number (integers included).
    Number(f64),
    /// Anything else, as it would be written in the file.
    Other(String),
}

impl NumberDoc {
    /// The number, or [`DataError::WrongType`] naming the place and the key.
    fn number(self, field: &'static str, at: &impl Fn() -> Place) -> Result<f64, DataError> {
        match self {
            NumberDoc::Number(number) => Ok(number),
            NumberDoc::Other(value) => Err(DataError::WrongType {
                at: at(),
                field,
                value,
            }),
        }
    }
}

impl<'de> Deserialize<'de> for NumberDoc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// Accepts every scalar; arrays and tables stay parser errors (with their line).
struct NumberVisitor;

impl serde::de::Visitor<'_> for NumberVisitor {
    type Value = NumberDoc;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_f64<E>(self, v: f64) -> Result<NumberDoc, E> {
        Ok(NumberDoc::Number(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<NumberDoc, E> {
        Ok(NumberDoc::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<NumberDoc, E> {
        Ok(NumberDoc::Number(v as f64))
    }

    fn visit_str<E>(self, v: &str) -> Result<NumberDoc, E> {
        // Debug formatting quotes the text and escapes line breaks, so messages stay one line.
        Ok(NumberDoc::Other(format!("{v:?}")))
    }

    fn visit_bool<E>(self, v: bool) -> Result<NumberDoc, E> {
        Ok(NumberDoc::Other(v.to_string()))
    }
}

/// The `volume_basis` table, as written in files and echoed in output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VolumeBasisDoc {
    temperature_c: f64,
    #[serde(default = "standard_pressure")]
    pressure_kpa: f64,
    #[serde(default = "pure_ch4")]
    gas: String,
    #[serde(default)]
    stated_by_source: bool,
}

fn standard_pressure() -> f64 {
    STANDARD_PRESSURE_KPA
}

fn pure_ch4() -> String {
    PURE_CH4.into()
}

impl From<&VolumeBasis> for VolumeBasisDoc {
    fn from(basis: &VolumeBasis) -> Self {
        VolumeBasisDoc {
            temperature_c: basis.temperature.celsius(),
            pressure_kpa: STANDARD_PRESSURE_KPA,
            gas: PURE_CH4.into(),
            stated_by_source: basis.stated_by_source,
        }
    }
}

/// Volume bases are written out in the same shape as they are read.
impl Serialize for VolumeBasis {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        VolumeBasisDoc::from(self).serialize(serializer)
    }
}

/// Parses JSON text into the document tree.
pub(crate) fn parse_json(text: &str, source: &str) -> Result<DatasetDoc, DataError> {
    serde_json::from_str(text).map_err(|err| {
        let message = if err.is_eof() {
            "the text ends in the middle of a value, so the file looks truncated; check that it \
             was saved completely"
                .to_string()
        } else {
            let full = err.to_string();
            match full.rsplit_once(" at line ") {
                Some((message, _)) => plain(message),
                None => plain(&full),
            }
        };
        DataError::Syntax {
            at: Place::line(source, err.line() as u64),
            format: "JSON",
            message,
        }
    })
}

/// Parses TOML text into the document tree.
pub(crate) fn parse_toml(text: &str, source: &str) -> Result<DatasetDoc, DataError> {
    toml::from_str(text).map_err(|err| {
        let at = match err.span() {
            Some(span) => {
                let line = 1 + text.as_bytes()[..span.start.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64;
                Place::line(source, line)
            }
            None => Place::file(source),
        };
        DataError::Syntax {
            at,
            format: "TOML",
            message: plain(err.message()),
        }
    })
}

/// A parser's message as one line, in words rather than Rust type names, with the closest
/// name suggested for an unknown key or value.
pub(crate) fn plain(message: &str) -> String {
    let message = message
        .trim()
        .replace(['\n', '\r'], " ")
        .replace("expected f64", "expected a number");
    suggest_known(&message).unwrap_or(message)
}

/// serde's `unknown field `x`, expected one of `a`, `b`` (or `unknown variant`) with
/// ` (did you mean a?)` after the unknown name, when one of the expected names is close.
fn suggest_known(message: &str) -> Option<String> {
    let start = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|prefix| message.find(prefix).map(|at| at + prefix.len()))?;
    let name_len = message[start..].find('`')?;
    let name = &message[start..start + name_len];
    let rest = &message[start + name_len + 1..];
    let expected = rest.split_once("expected")?.1;
    let candidates = expected.split('`').skip(1).step_by(2);
    let suggestion = crate::suggest::closest(name, candidates)?;
    let end = start + name_len + 1;
    Some(format!(
        "{}{}{}",
        &message[..end],
        crate::suggest::DidYouMean(Some(format!("`{suggestion}`"))),
        &message[end..]
    ))
}

impl SiteDoc {
    /// Validates the facts and rows of one site.
    pub(crate) fn into_parts(
        self,
        source: &str,
    ) -> Result<(SiteFacts, Option<SiteRows>), DataError> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(DataError::EmptySiteName {
                at: Place::file(source),
            });
        }
        site_name(&name, "name", &|| Place::file(source))?;
        let at = || Place {
            site: Some(name.clone()),
            ..Place::file(source)
        };
        let bad = |field: &'static str, problem: String| DataError::BadFact {
            at: at(),
            field,
            problem,
        };
        let plant_capacity_mw = self
            .plant_capacity_mw
            .map(|capacity| capacity.number("plant_capacity_mw", &at))
            .transpose()?;
        if let Some(capacity) = plant_capacity_mw
            && !(capacity > 0.0 && capacity <= MAX_CAPACITY_MW)
        {
            return Err(bad(
                "plant_capacity_mw",
                format!(
                    "{capacity} MW is not a plant capacity; give the installed electrical capacity \
                     in MW, above 0 and at most {MAX_CAPACITY_MW}"
                ),
            ));
        }
        let volume_basis = match self.volume_basis {
            None => VolumeBasis::ASSUMED_20C,
            Some(doc) => doc
                .check()
                .map_err(|(field, problem)| bad(field, problem))?,
        };
        let rows = match self.rows {
            None => None,
            Some(rows) => {
                let mut site_rows = SiteRows::new(&name);
                for (number, row) in (1u32..).zip(rows) {
                    let here = || Place::row(source, &name, number);
                    let year = row.year.number("year", &here)?;
                    let year = year_from_number(year, &year.to_string(), &here)?;
                    let value = |v: Option<NumberDoc>, field| {
                        v.map(|v| {
                            let v = v.number(field, &here)?;
                            quantity_from_number(v, &v.to_string(), field, &here)
                        })
                        .transpose()
                    };
                    let coal_kt = value(row.coal_kt, COAL_COLUMN)?;
                    let methane_mm3 = value(row.methane_mm3, METHANE_COLUMN)?;
                    site_rows.push(RowRef::Row(number), year, coal_kt, methane_mm3);
                }
                Some(site_rows)
            }
        };
        let closure_year = self
            .closure_year
            .map(|year| closure_year(year.number("closure_year", &at)?, &at))
            .transpose()?;
        let plant = self.plant.unwrap_or_default().into_facts(&at)?;
        let economics = self.economics.unwrap_or_default().into_facts(&at)?;
        let plant_name = self
            .plant_name
            .map(|plant| {
                let plant = plant.trim().to_string();
                if plant.is_empty() {
                    return Err(bad(
                        "plant_name",
                        "the plant's name is empty; name the plant this site feeds, or leave \
                         the key out for a site with a plant of its own"
                            .into(),
                    ));
                }
                site_name(&plant, "plant_name", &at)?;
                Ok(plant)
            })
            .transpose()?;
        let facts = SiteFacts {
            name,
            plant_name,
            plant_capacity_mw,
            plant,
            economics,
            volume_basis,
            data_kind: self.data_kind.unwrap_or_default(),
            source: self.source,
            note: self.note,
            closure_year,
        };
        Ok((facts, rows))
    }
}

/// The closure year as a whole calendar year in the accepted range.
fn closure_year(number: f64, at: &impl Fn() -> Place) -> Result<i32, DataError> {
    if number.is_finite()
        && number.fract() == 0.0
        && (f64::from(MIN_YEAR)..=f64::from(MAX_YEAR)).contains(&number)
    {
        // Whole and in range, so the cast is exact.
        return Ok(number as i32);
    }
    Err(DataError::BadFact {
        at: at(),
        field: "closure_year",
        problem: format!(
            "{} is not a calendar year; give the last year the mine drains gas as a whole year \
             between {MIN_YEAR} and {MAX_YEAR}, such as 2035",
            number
        ),
    })
}

impl VolumeBasisDoc {
    /// The typed basis, or the key that is wrong and what to do about it.
    fn check(self) -> Result<VolumeBasis, (&'static str, String)> {
        let temperature = ReferenceTemperature::from_celsius(self.temperature_c).ok_or((
            "volume_basis.temperature_c",
            format!(
                "{} °C is not a supported metering temperature; use 0, 15 or 20 and convert the \
                 volumes to that basis",
                self.temperature_c
            ),
        ))?;
        let off = (self.pressure_kpa - STANDARD_PRESSURE_KPA).abs();
        // NaN is off too (a plain `off > 1e-9` would let `pressure_kpa = nan` through).
        if off.is_nan() || off > 1e-9 {
            return Err((
                "volume_basis.pressure_kpa",
                format!(
                    "{} kPa is not supported; convert the volumes to {STANDARD_PRESSURE_KPA} kPa",
                    self.pressure_kpa
                ),
            ));
        }
        if !self.gas.eq_ignore_ascii_case(PURE_CH4) {
            return Err((
                "volume_basis.gas",
                format!(
                    "`{}` is not supported; cmmcast needs pure-CH4-equivalent volumes, so multiply \
                     drained-gas volumes by their CH4 concentration and write gas = \"{PURE_CH4}\"",
                    self.gas
                ),
            ));
        }
        Ok(VolumeBasis {
            temperature,
            stated_by_source: self.stated_by_source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_syntax_errors_carry_the_line() {
        let err =
            parse_json("{\"sites\": [\n  {\"name\": \"A\",", "t.json").expect_err("truncated");
        let DataError::Syntax { at, message, .. } = err else {
            panic!("not a syntax error")
        };
        assert_eq!(at.line, Some(2));
        assert!(message.contains("truncated"), "{message}");
    }

    #[test]
    fn unknown_keys_suggest_the_closest_known_one() {
        let text = "[[sites]]\nname = \"A\"\nplant_capacty_mw = 5\n";
        let err = parse_toml(text, "t.toml").expect_err("unknown key");
        let DataError::Syntax { message, .. } = err else {
            panic!("not a syntax error")
        };
        assert!(
            message.starts_with(
                "unknown field `plant_capacty_mw` (did you mean `plant_capacity_mw`?), expected"
            ),
            "{message}"
        );
        assert_eq!(
            suggest_known("unknown field `zzz`, expected `a` or `b`"),
            None
        );
        assert_eq!(
            suggest_known("unknown variant `plann`, expected one of `plan`, `actual`").as_deref(),
            Some(
                "unknown variant `plann` (did you mean `plan`?), expected one of `plan`, `actual`"
            )
        );
        assert_eq!(suggest_known("missing field `name`"), None);
    }

    #[test]
    fn toml_type_errors_carry_the_line() {
        let text = "[[sites]]\nname = \"A\"\nvolume_basis = { temperature_c = \"20\" }\n";
        let err = parse_toml(text, "t.toml").expect_err("wrong type");
        let DataError::Syntax { at, .. } = err else {
            panic!("not a syntax error")
        };
        assert_eq!(at.line, Some(3));
    }

    #[test]
    fn text_where_a_number_belongs_names_site_row_and_field() {
        let json = r#"{"sites": [{"name": "A", "rows": [{"year": 2012, "coal_kt": "6420"}]}]}"#;
        let site = parse_json(json, "t.json")
            .expect("parses")
            .sites
            .into_iter()
            .next()
            .expect("one site");
        assert_eq!(
            site.into_parts("t.json").expect_err("text"),
            DataError::WrongType {
                at: Place::row("t.json", "A", 1),
                field: "coal_kt",
                value: "\"6420\"".into(),
            }
        );
        let toml = "[[sites]]\nname = \"A\"\nplant_capacity_mw = \"big\"\n";
        let site = parse_toml(toml, "t.toml")
            .expect("parses")
            .sites
            .into_iter()
            .next()
            .expect("one site");
        let err = site.into_parts("t.toml").expect_err("text");
        assert!(
            err.to_string()
                .starts_with("t.toml, site \"A\", field plant_capacity_mw: `\"big\"`"),
            "{err}"
        );
    }

    /// The surplus is a word: read in any case, refused with the file, site, key and the
    /// allowed words otherwise; the flare efficiency is a number like every plant value.
    #[test]
    fn the_surplus_word_is_checked_where_the_file_is_read() {
        let facts = |plant: &str| {
            let text = format!("[[sites]]\nname = \"A\"\n[sites.plant]\n{plant}\n");
            parse_toml(&text, "t.toml")
                .expect("parses")
                .sites
                .into_iter()
                .next()
                .expect("one site")
                .into_parts("t.toml")
                .map(|(facts, _)| facts.plant)
        };
        let plant = facts("surplus = \"Flare\"\nflare_efficiency = 0.5").expect("valid");
        assert_eq!(plant.surplus, Some(SurplusFate::Flare));
        assert_eq!(plant.flare_efficiency, Some(0.5));
        assert_eq!(
            facts("surplus = \"vent\"").expect("valid").surplus,
            Some(SurplusFate::Vent)
        );
        let err = facts("surplus = \"burn\"").expect_err("unknown word");
        assert_eq!(
            err.to_string(),
            "t.toml, site \"A\", field plant.surplus: `burn` is not a way to handle the \
             surplus; give \"vent\" (the default, nothing credited) or \"flare\" (flared \
             methane counts as destroyed)"
        );
        let err = facts("flare_efficiency = \"open\"").expect_err("text");
        assert!(
            err.to_string().contains("field plant.flare_efficiency"),
            "{err}"
        );
    }

    #[test]
    fn unsupported_bases_are_refused() {
        let text = "[[sites]]\nname = \"A\"\nvolume_basis = { temperature_c = 25 }\n";
        let doc = parse_toml(text, "t.toml").expect("parses");
        let err = doc
            .sites
            .into_iter()
            .next()
            .expect("one site")
            .into_parts("t.toml")
            .expect_err("25 °C");
        assert!(err.to_string().contains("temperature_c"), "{err}");
    }
}
