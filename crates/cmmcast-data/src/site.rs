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

/// Facts about a site that are not annual series: the power plant, the volume basis of the
/// methane figures, what the numbers are and where they come from.
///
/// Serializes in the shape of the `sites` entries of a JSON or TOML file (without `rows`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteFacts {
    /// The site's name, unique within a dataset.
    pub name: String,
    /// Installed electrical capacity of the methane power station, MW; `None` when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plant_capacity_mw: Option<f64>,
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
            plant_capacity_mw: None,
            volume_basis: VolumeBasis::ASSUMED_20C,
            data_kind: DataKind::Unspecified,
            source: None,
            note: None,
        }
    }
}

/// One site of a dataset: its facts and its validated annual series.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Facts about the site.
    pub facts: SiteFacts,
    /// The annual coal and methane series.
    pub series: AnnualSeries,
}

impl Site {
    /// The site's name.
    pub fn name(&self) -> &str {
        &self.facts.name
    }
}
