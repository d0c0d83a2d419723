//! From flags to the library's study parameters: the plant flags as overrides, the scenario
//! file read, and each selected site's study checked, its refusals named by flag or file.
//! No value is merged here: the library's study holds the one precedence.

use std::path::PathBuf;

use cmmcast_data::{Dataset, ReferenceTemperature, Scenario, Site};
use cmmcast_forecast::energy::{CapacityAddition, PlantOverrides};
use cmmcast_forecast::study::{Study, StudyParams};

use crate::args::{InputArgs, ModelArgs, PlantArgs};
use crate::failure::{Failure, Flags};

/// The plant flags as the library's overrides; `--add` and `--basis` parsed.
pub(crate) fn plant_overrides(flags: &PlantArgs) -> Result<PlantOverrides, Failure> {
    let basis = flags.basis.as_deref().map(|celsius| {
        // clap only lets 0, 15 and 20 through.
        celsius
            .parse::<f64>()
            .ok()
            .and_then(ReferenceTemperature::from_celsius)
            .unwrap_or(ReferenceTemperature::Celsius20)
    });
    Ok(PlantOverrides {
        capacity_mw: flags.capacity_mw,
        efficiency: flags.efficiency,
        availability: flags.availability,
        share_to_power: flags.share_to_power,
        parasitic_fraction: flags.parasitic_fraction,
        gas_concentration: flags.gas_concentration,
        min_concentration: flags.min_concentration,
        destruction_efficiency: flags.destruction_efficiency,
        gwp: flags.gwp,
        grid_factor_t_per_mwh: flags.grid_factor,
        surplus: flags.surplus,
        flare_efficiency: flags.flare_efficiency,
        additions: parse_additions(&flags.add)?,
        basis,
    })
}

/// `--add 2018:10,2021:20` → additions; `None` when the flag is absent (site facts apply).
fn parse_additions(pairs: &[String]) -> Result<Option<Vec<CapacityAddition>>, Failure> {
    if pairs.is_empty() {
        return Ok(None);
    }
    pairs
        .iter()
        .map(|pair| {
            let parsed = pair.split_once(':').and_then(|(year, mw)| {
                Some(CapacityAddition {
                    year: year.trim().parse().ok()?,
                    mw: mw.trim().parse().ok()?,
                })
            });
            parsed.ok_or_else(|| {
                Failure::Usage(format!(
                    "--add `{pair}` is not YEAR:MW; write whole years and MW added, comma \
                     separated, such as --add 2018:10,2021:20"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The scenario file, read and checked; `None` for the library's default.
pub(crate) fn scenario(path: &Option<PathBuf>) -> Result<Option<Scenario>, Failure> {
    Ok(path.as_deref().map(Scenario::load).transpose()?)
}

/// The study parameters the model and plant flags give; the command fills in the rest.
pub(crate) fn study_params(model: &ModelArgs, plant: &PlantArgs) -> Result<StudyParams, Failure> {
    Ok(StudyParams {
        model: model.model,
        intervals: model.intervals,
        ceiling: model.ceiling,
        to: model.to,
        closure_year: model.closure_year,
        plant: plant_overrides(plant)?,
        target_utilization: plant.target_utilization,
        unit_mw: plant.unit_mw,
        mine_correlation: model.mine_correlation,
        ..StudyParams::default()
    })
}

/// Where site facts come from, to name the file when a value read from it is refused: the
/// facts file, else the data file, else the embedded data.
pub(crate) fn facts_file(input: &InputArgs, dataset: &Dataset) -> String {
    match (&input.facts, &input.input) {
        (Some(path), _) | (None, Some(path)) => path.display().to_string(),
        (None, None) => dataset.origin().to_string(),
    }
}

/// Each selected site's study, in order; a refusal names the site when the data has several,
/// and the site-facts file when the refused value came from it.
pub(crate) fn studies<'a>(
    params: &StudyParams,
    input: &InputArgs,
    dataset: &Dataset,
    sites: &[&'a Site],
    flags: &'static Flags,
) -> Result<Vec<Study<'a>>, Failure> {
    let several = dataset.sites().len() > 1;
    let facts_file = facts_file(input, dataset);
    params
        .studies(sites)
        .map_err(|(site, error)| Failure::for_site(error, &site, several, &facts_file, flags))
}

/// What every command that goes through the plant starts from: the dataset, the sites
/// selected, and each one's checked study.
pub(crate) struct Studied<'d> {
    /// The dataset read.
    pub dataset: &'d Dataset,
    /// The sites selected by `--site` (every site without it).
    pub sites: Vec<&'d Site>,
    /// Whether the dataset holds several sites (tables then get a site column).
    pub several: bool,
    /// Each selected site's study, in order.
    pub studies: Vec<Study<'d>>,
}

impl Studied<'_> {
    /// `compute` for every study, in order; a refusal names its site.
    pub fn each<T>(
        &self,
        flags: &'static Flags,
        compute: impl Fn(&Study<'_>) -> Result<T, cmmcast_forecast::ForecastError>,
    ) -> Result<Vec<T>, Failure> {
        self.studies
            .iter()
            .map(|study| compute(study).map_err(site_failure(study, self.several, flags)))
            .collect()
    }

    /// The sentences saying why a study's plant makes nothing and what to give
    /// ([`crate::meta::idle_plant`]), one per such site.
    pub fn idle_plant_notes(&self) -> Vec<String> {
        self.studies
            .iter()
            .filter_map(|study| {
                let prefix = if self.several {
                    format!("{}: ", study.site().name())
                } else {
                    String::new()
                };
                crate::meta::idle_plant(&study.inputs().plant, &prefix)
            })
            .collect()
    }

    /// `meta` every such command shares: the input and sites, the model asked for, and the
    /// scenario as the first study resolved it.
    pub fn meta(
        &self,
        command: &str,
        model: Option<cmmcast_forecast::trend::ModelChoice>,
    ) -> serde_json::Map<String, serde_json::Value> {
        let mut meta = crate::meta::common(command, self.dataset, &self.sites);
        meta.insert(
            "model_requested".into(),
            serde_json::json!(crate::meta::model_requested(model)),
        );
        crate::meta::mines(&mut meta, &self.studies);
        if let Some(study) = self.studies.first() {
            meta.insert("scenario".into(), crate::meta::scenario(study));
            let selection = study.selection();
            crate::meta::intervals(
                &mut meta,
                selection.intervals(),
                selection.calibration().map(|c| c.summary()).as_ref(),
            );
        }
        meta
    }
}

/// Checks `params` (before any file is read), reads the scenario file and the data (every site
/// feeding one plant with `combine`), checks every selected plant's or site's study, then runs
/// `body` on them.
pub(crate) fn with_studies<T>(
    params: StudyParams,
    scenario_file: &Option<PathBuf>,
    (input, combine): (&InputArgs, bool),
    flags: &'static Flags,
    body: impl FnOnce(&StudyParams, &Studied<'_>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    params
        .check()
        .map_err(|error| Failure::with_flags(error, flags))?;
    let params = StudyParams {
        scenario: scenario(scenario_file)?,
        ..params
    };
    let dataset = crate::input::load_feeds(input, combine)?;
    let sites = dataset.select_feeds(input.site.as_deref())?;
    let studies = studies(&params, input, &dataset, &sites, flags)?;
    let studied = Studied {
        dataset: &dataset,
        several: dataset.sites().len() > 1,
        sites,
        studies,
    };
    body(&params, &studied)
}

/// A refusal for one of several sites' results, computed after their studies were checked.
pub(crate) fn site_failure(
    study: &Study<'_>,
    several: bool,
    flags: &'static Flags,
) -> impl Fn(cmmcast_forecast::ForecastError) -> Failure + use<> {
    let site = study.site().name().to_string();
    move |error| Failure::Model {
        site: several.then(|| site.clone()),
        facts: None,
        error,
        flags,
    }
}
