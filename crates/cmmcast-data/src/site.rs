//! A site: its facts (plant, volume basis, provenance) and its annual series.

use serde::{Deserialize, Serialize};

use crate::basis::VolumeBasis;
use crate::series::AnnualSeries;

/// What kind of numbers a dataset holds. A forecast built on a plan is a forecast of the plan's
/// continuation, not of what the mine will produce, and output says which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    /// A production plan (targets, not measurements), like the Songzao table.
    Plan,
    /// Metered production and drainage.
    Measured,
    /// Estimates made by someone other than the operator.
    Estimate,
    /// The source does not say.
    #[default]
    Unspecified,
}

impl DataKind {
    /// The lowercase name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            DataKind::Plan => "plan",
            DataKind::Measured => "measured",
            DataKind::Estimate => "estimate",
            DataKind::Unspecified => "unspecified",
        }
    }
}

/// Where a dataset's numbers come from, so any output can cite them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Full citation of the source (author, title, publication, year), as precise as known.
    pub citation: String,
    /// Where in the source: table, page, figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// Web address or file of the source, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Language of the source, when not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// Plant and accounting settings a site-facts file may give (the `plant` table); every key is
/// optional. Only types are checked here: the forecasting crate's `Plant` builder checks the
/// ranges and says what is allowed.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PlantFacts {
    /// Electrical efficiency, fraction of LHV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efficiency: Option<f64>,
    /// Availability, fraction of the year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// Share of drained methane sent to power.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_to_power: Option<f64>,
    /// Parasitic load, fraction of gross output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parasitic_fraction: Option<f64>,
    /// CH4 concentration of the drained gas, fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gas_concentration: Option<f64>,
    /// Lowest concentration the engines accept, fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_concentration: Option<f64>,
    /// Destruction efficiency of the engines, fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destruction_efficiency: Option<f64>,
    /// GWP set: sar, ar4, ar5 or ar6.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gwp: Option<String>,
    /// Grid emission factor, t CO2/MWh.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid_factor_t_per_mwh: Option<f64>,
    /// Where the methane sent to power but not burnt goes: vented or flared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surplus: Option<SurplusFate>,
    /// Share of the flared methane a flare destroys, fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flare_efficiency: Option<f64>,
    /// MW added from given years on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capacity_additions: Vec<CapacityAdditionFact>,
    /// Share of drained methane the sizing should burn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_utilization: Option<f64>,
    /// Engine unit size for sizing, MW.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_mw: Option<f64>,
    /// For a plant fed by several mines: the correlation between the mines' deviations from
    /// their forecasts, 0 to 1 (`--mine-correlation`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mine_correlation: Option<f64>,
}

/// The money side of a site's plant a site-facts file may give (the `economics` table); every
/// key optional, each over the built-in default (whose source output names) and under a
/// scenario and a flag. Only types are checked here: the forecasting crate's `EconomicKey`
/// checks the ranges and says what is allowed.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EconomicFacts {
    /// Installed cost per kW (engines, gas treatment, grid connection).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capex_per_kw: Option<f64>,
    /// Fixed O&M per kW per year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opex_per_kw_year: Option<f64>,
    /// Variable O&M per net MWh.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opex_per_mwh: Option<f64>,
    /// Power price received per net MWh, subsidy included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tariff_per_mwh: Option<f64>,
    /// Carbon price per t CO2e.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carbon_price_per_t: Option<f64>,
    /// Fraction of the avoided emissions sold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carbon_share: Option<f64>,
    /// Cost per m3 of methane burnt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gas_cost_per_m3: Option<f64>,
    /// Tax rate on positive taxable profit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<f64>,
    /// Straight-line depreciation period, years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depreciation_years: Option<f64>,
    /// Real discount rate, fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_rate: Option<f64>,
    /// Operating years valued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_years: Option<f64>,
    /// Currency and price year, a label (such as "CNY 2022").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

impl EconomicFacts {
    /// The value the facts give for the numeric key `name` (an `EconomicKey` name), if any.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "capex_per_kw" => self.capex_per_kw,
            "opex_per_kw_year" => self.opex_per_kw_year,
            "opex_per_mwh" => self.opex_per_mwh,
            "tariff_per_mwh" => self.tariff_per_mwh,
            "carbon_price_per_t" => self.carbon_price_per_t,
            "carbon_share" => self.carbon_share,
            "gas_cost_per_m3" => self.gas_cost_per_m3,
            "tax_rate" => self.tax_rate,
            "depreciation_years" => self.depreciation_years,
            "discount_rate" => self.discount_rate,
            "lifetime_years" => self.lifetime_years,
            _ => None,
        }
    }
}

/// What happens to the methane sent to power that the engines do not burn. A word in files and
/// flags, so it is a type here, where files are read: an unknown word is refused with its file
/// and site before any plant is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SurplusFate {
    /// Released to the air, as in the baseline; nothing is credited for it (the default).
    #[default]
    Vent,
    /// Burnt in a flare: counted as destroyed methane, with no electricity.
    Flare,
}

impl SurplusFate {
    /// Every fate, in the order messages list them.
    pub const ALL: [SurplusFate; 2] = [SurplusFate::Vent, SurplusFate::Flare];

    /// The word used in files and flags.
    pub const fn name(self) -> &'static str {
        match self {
            SurplusFate::Vent => "vent",
            SurplusFate::Flare => "flare",
        }
    }

    /// Parses a word (case-insensitive, as GWP set names are).
    ///
    /// ```
    /// use cmmcast_data::SurplusFate;
    /// assert_eq!(SurplusFate::parse("Flare"), Some(SurplusFate::Flare));
    /// assert_eq!(SurplusFate::parse("burn"), None);
    /// ```
    pub fn parse(word: &str) -> Option<SurplusFate> {
        SurplusFate::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(word))
    }
}

/// MW of capacity added from a year on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CapacityAdditionFact {
    /// First year the capacity runs.
    pub year: i32,
    /// MW added.
    pub mw: f64,
}

/// Facts about a site that are not annual series: the power plant, the volume basis of the
/// methane figures, what the numbers are and where they come from.
///
/// Serializes in the shape of the `sites` entries of a JSON or TOML file (without `rows`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteFacts {
    /// The site's name, unique within a dataset.
    pub name: String,
    /// The plant this site's methane feeds, when several sites of a file feed one plant (the
    /// `plant_name` key, or every site under `--combine`); `None` for a site with a plant of
    /// its own. Sites naming the same plant are studied as one feed ([`Site::mines`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plant_name: Option<String>,
    /// Installed electrical capacity of the methane power station, MW; `None` when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plant_capacity_mw: Option<f64>,
    /// Plant and accounting settings (efficiency, availability, additions, ...).
    #[serde(skip_serializing_if = "is_default_plant")]
    pub plant: PlantFacts,
    /// Prices, costs, tax, discounting and lifetime of the plant's valuation.
    #[serde(skip_serializing_if = "is_default_economics")]
    pub economics: EconomicFacts,
    /// Basis of the methane volumes.
    pub volume_basis: VolumeBasis,
    /// Plan, measurements or estimates.
    pub data_kind: DataKind,
    /// Where the numbers come from; `None` for a user's file that does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    /// Free text a reader of any output should see (caveats, context).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The last year the mine drains gas: drainage and the plant's operation stop after it
    /// (`closure_year` in the site facts); `None` when the mine runs on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closure_year: Option<i32>,
}

impl SiteFacts {
    /// Facts for a site known only by name: no plant, the assumed 20 °C basis, unspecified kind.
    ///
    /// ```
    /// use cmmcast_data::{SiteFacts, DataKind, VolumeBasis};
    /// let facts = SiteFacts::named("North shaft");
    /// assert_eq!(facts.plant_capacity_mw, None);
    /// assert_eq!(facts.volume_basis, VolumeBasis::ASSUMED_20C);
    /// assert_eq!(facts.data_kind, DataKind::Unspecified);
    /// ```
    pub fn named(name: impl Into<String>) -> Self {
        SiteFacts {
            name: name.into(),
            plant_name: None,
            plant_capacity_mw: None,
            plant: PlantFacts::default(),
            economics: EconomicFacts::default(),
            volume_basis: VolumeBasis::ASSUMED_20C,
            data_kind: DataKind::Unspecified,
            source: None,
            note: None,
            closure_year: None,
        }
    }
}

/// One site of a dataset: its facts and its validated annual series; or a plant fed by
/// several mines of the dataset (see [`Site::mines`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Facts about the site; for a plant, the plant's facts (capacity, `plant` and `economics`
    /// tables) as the mines give them, under the plant's name.
    pub facts: SiteFacts,
    /// The annual coal and methane series; for a plant of several mines, the summed methane of
    /// the years every mine has (what was drained for the plant), without coal.
    pub series: AnnualSeries,
    /// The mines whose methane feeds this plant, sorted by name; empty for a site that is its
    /// own single mine. Each mine is forecast on its own history.
    pub mines: Vec<Site>,
}

impl Site {
    /// The site's name.
    pub fn name(&self) -> &str {
        &self.facts.name
    }

    /// Whether this is a plant fed by more than one mine, whose forecast combines theirs.
    pub fn is_combined(&self) -> bool {
        self.mines.len() > 1
    }
}

fn is_default_plant(plant: &PlantFacts) -> bool {
    *plant == PlantFacts::default()
}

fn is_default_economics(economics: &EconomicFacts) -> bool {
    *economics == EconomicFacts::default()
}
