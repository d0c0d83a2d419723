//! Typed, validated coal-mine methane datasets for cmmcast.
//!
//! A [`Dataset`] holds one or more [`Site`]s; each has [`SiteFacts`] (plant capacity, the
//! [`VolumeBasis`] of its gas volumes, what kind of numbers they are and where they come from)
//! and an [`AnnualSeries`] of coal output (`coal_kt`, thousand tonnes a year) and methane
//! drainage (`methane_mm3`, million m3 of pure CH4 a year). Units live in the names.
//!
//! Data is loaded from CSV, JSON, TOML or a workbook's sheet (`.xlsx`, `.ods`, ...; read as the
//! same table as CSV) and validated once, so the rest of cmmcast never meets
//! a NaN, a negative quantity, a duplicate year or an unsorted series. Every refusal is a
//! [`DataError`] whose message names the file, line and field and says what to do.
//!
//! The Songzao coal-field plan 2012–2016 is compiled in: [`Dataset::songzao`].
//!
//! Monte Carlo scenario files, which give each uncertain input of the energy chain a fixed value,
//! a checked distribution or a spread around the site's own value, are read here too:
//! [`Scenario::load`], and the compiled-in [`Scenario::songzao_default`] (see the [`scenario`]
//! module).
//!
//! ```
//! use cmmcast_data::Dataset;
//! let songzao = Dataset::songzao();
//! let site = songzao.site(None)?;
//! let methane = site.series.methane_mm3().expect("the plan has methane");
//! assert_eq!(methane.last(), Some(&304.84));
//! # Ok::<(), cmmcast_data::DataError>(())
//! ```
//!
//! # File formats
//!
//! **CSV**: a header, then one row per year. Columns (any order, any case): `year`, and at
//! least one of `coal_kt` and `methane_mm3`; optionally `site` for a long file holding several
//! sites. Without a `site` column the file holds one site named after the file.
//!
//! ```text
//! site,year,coal_kt,methane_mm3
//! Songzao,2012,6420,222.94
//! Songzao,2013,6850,239.87
//! ```
//!
//! **JSON and TOML**: a list of `sites`, each with its facts and its `rows` (see
//! `docs/DATA.md` for every key):
//!
//! ```toml
//! [[sites]]
//! name = "Songzao"
//! plant_capacity_mw = 26.9
//! data_kind = "plan"
//! volume_basis = { temperature_c = 20, pressure_kpa = 101.325, gas = "pure_ch4" }
//! rows = [ { year = 2012, coal_kt = 6420, methane_mm3 = 222.94 } ]
//! ```
//!
//! ```json
//! {"sites": [{"name": "Songzao", "plant_capacity_mw": 26.9,
//!             "rows": [{"year": 2012, "coal_kt": 6420, "methane_mm3": 222.94}]}]}
//! ```
//!
//! Rules for every format: years are whole four-digit calendar years, unique per site, in any
//! order; values are finite, not negative and in the column's unit; a site gives a value
//! column for every year or for none (a site may have only coal or only methane), except that
//! the years after the last year with methane may give coal and no methane: a production plan
//! ([`AnnualSeries::coal_plan`]).

mod assemble;
mod basis;
mod csv_input;
mod dataset;
mod document;
pub mod embedded;
mod error;
mod feeds;
mod limits;
pub mod plausibility;
pub mod reference;
pub mod scenario;
mod series;
mod site;
pub mod suggest;
mod table;
mod text;
mod value;
mod workbook;

pub use basis::{ReferenceTemperature, STANDARD_PRESSURE_KPA, VolumeBasis};
pub use dataset::{Dataset, Format};
pub use error::{DataError, Place, Result, SeriesProblem};
pub use limits::{MAX_CAPACITY_MW, MAX_QUANTITY, MAX_YEAR, MIN_YEAR};
pub use reference::{ReferenceClass, ReferenceSeries};
pub use scenario::{
    DISTRIBUTION_NAMES, DistributionSpec, InputDistribution, PATH_SHARE_RANGE, PERSISTENCE_RANGE,
    Range, SCENARIO_KEYS, Scenario, ScenarioKey, Spread, SpreadShape, UncertainInput, YearToYear,
    scenario_key,
};
pub use series::{AnnualSeries, CoalPlan};
pub use site::{
    CapacityAdditionFact, DataKind, EconomicFacts, PlantFacts, Provenance, Site, SiteFacts,
    SurplusFate,
};
pub use table::{
    COAL_COLUMN, COAL_UNIT, INTENSITY_COLUMN, INTENSITY_UNIT, METHANE_COLUMN, METHANE_UNIT,
    SITE_COLUMN, YEAR_COLUMN,
};
pub use text::{
    FileKind, MAX_DATA_FILE_BYTES, MAX_FACTS_FILE_BYTES, MAX_SCENARIO_FILE_BYTES,
    MAX_TOML_DATA_FILE_BYTES, MAX_WORKBOOK_FILE_BYTES, thousands,
};
pub use workbook::MAX_WORKBOOK_CELLS;
