//! The parts of `meta` and of the table notes that every command shares: version, input,
//! site facts and their caveats.

use serde_json::{Map, Value, json};

use cmmcast_data::{DataKind, Dataset, Site};

/// `meta` fields common to all commands.
pub fn common(command: &str, dataset: &Dataset, sites: &[&Site]) -> Map<String, Value> {
    let mut meta = Map::new();
    meta.insert("command".into(), json!(command));
    meta.insert("cmmcast_version".into(), json!(env!("CARGO_PKG_VERSION")));
    meta.insert("input".into(), json!(dataset.origin()));
    meta.insert(
        "sites".into(),
        Value::Array(
            sites
                .iter()
                .map(|site| {
                    let mut facts = serde_json::to_value(&site.facts).unwrap_or(Value::Null);
                    if let Value::Object(map) = &mut facts {
                        map.insert(
                            "volume_basis_description".into(),
                            json!(site.facts.volume_basis.describe()),
                        );
                    }
                    facts
                })
                .collect(),
        ),
    );
    meta.insert("warnings".into(), json!(warnings(sites)));
    meta
}

/// The model asked for, as `meta.model_requested` says it: its name, or `default` when none was
/// named (the damped trend, or intensity on a production plan; each forecast's `model` says
/// which).
pub fn model_requested(model: Option<cmmcast_forecast::trend::ModelChoice>) -> &'static str {
    model.map_or("default", |m| m.name())
}

/// `meta.mines`, for the studies of plants fed by several mines: each plant's mines, the
/// correlation assumed between their deviations and where it came from, and the rule that
/// combines them. Nothing when no study combines mines.
pub fn mines(meta: &mut Map<String, Value>, studies: &[cmmcast_forecast::study::Study<'_>]) {
    let plants: Vec<Value> = studies
        .iter()
        .filter(|study| study.is_combined())
        .map(|study| {
            let (rho, source) = study.mine_correlation();
            json!({
                "plant": study.site().name(),
                "mines": study
                    .mine_selections()
                    .iter()
                    .map(|(mine, selection)| json!({
                        "name": mine.name(),
                        "model": selection.chosen().name(),
                        "last_year": mine.series.years().last(),
                    }))
                    .collect::<Vec<_>>(),
                "mine_correlation": rho,
                "mine_correlation_source": source,
                "dependence": cmmcast_forecast::study::COMBINATION_RULE,
            })
        })
        .collect();
    if !plants.is_empty() {
        meta.insert("mines".into(), Value::Array(plants));
    }
}

/// The warnings about the data of `sites` (methane per tonne outside the plausible range, with
/// the likely unit mistake): `meta.warnings`, which every format also prints on standard error.
pub fn warnings(sites: &[&Site]) -> Vec<String> {
    sites
        .iter()
        .filter_map(|site| cmmcast_data::plausibility::intensity_warning(site))
        .map(|warning| warning.to_string())
        .collect()
}

/// One line per site for the top of a terminal table: what the numbers are, their basis and
/// the plant.
pub fn site_notes(sites: &[&Site]) -> Vec<String> {
    sites
        .iter()
        .map(|site| {
            let facts = &site.facts;
            let kind = match facts.data_kind {
                DataKind::Plan => "a plan, not measurements",
                DataKind::Measured => "measured",
                DataKind::Estimate => "estimates",
                DataKind::Unspecified => "kind of data not stated",
            };
            let plant = match facts.plant_capacity_mw {
                Some(mw) => format!("plant {mw} MW"),
                None => "plant capacity not given".into(),
            };
            let fed = if site.is_combined() {
                format!(
                    "; fed by the mines {}",
                    site.mines
                        .iter()
                        .map(|m| m.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            };
            format!(
                "{}: {kind}; methane as {}; {plant}{fed}",
                facts.name,
                facts.volume_basis.describe()
            )
        })
        .collect()
}

/// `meta.scenario`: the scenario's name, description and origin, and every uncertain input as
/// the study resolved it (spreads centred on the site's values, flags fixing some).
pub fn scenario(study: &cmmcast_forecast::study::Study<'_>) -> Value {
    let inputs = study.inputs();
    let scenario = &inputs.scenario;
    json!({
        "name": scenario.name,
        "description": scenario.description,
        "origin": scenario.origin,
        "precedence": cmmcast_forecast::study::PRECEDENCE,
        "inputs": inputs.uncertain.entries().iter().map(|entry| {
            let mut input = json!({
                "key": entry.key.name(),
                "given": scenario.input(entry.key.name()).map(|input| input.distribution),
                "distribution": entry.sampler.spec(),
                "per_year": entry.per_year,
            });
            // Only when the scenario gives them, so that other inputs read as before.
            if let Some(year_to_year) = entry.year_to_year {
                input["path_share"] = json!(year_to_year.path_share);
                input["persistence"] = json!(year_to_year.persistence);
            }
            input
        }).collect::<Vec<_>>(),
        // The economic values the scenario draws once per path (for `economics --paths` and
        // the sizing by value).
        "economic_inputs": study.economics().uncertain.iter().map(|draw| json!({
            "key": draw.key.name(),
            "given": scenario.input(draw.key.name()).map(|input| input.distribution),
            "distribution": draw.sampler.spec(),
            "per_year": false,
        })).collect::<Vec<_>>(),
    })
}

/// `intervals` and, when they are calibrated, `calibration` (the reference class, its series and
/// how many windows of each length the intervals were learned from).
pub fn intervals(
    meta: &mut Map<String, Value>,
    intervals: cmmcast_forecast::choice::IntervalChoice,
    calibration: Option<&cmmcast_forecast::calibrate::CalibrationSummary>,
) {
    meta.insert("intervals".into(), json!(intervals.name()));
    if let Some(calibration) = calibration {
        meta.insert("calibration".into(), json!(calibration));
    }
}

/// The sentence that says why a plant makes nothing and what to give, if it makes nothing: no
/// capacity (no site facts, or none given), or gas leaner than the engines accept. `prefix` is
/// the site's (`"Name: "` when there are several, or empty).
pub fn idle_plant(plant: &cmmcast_forecast::energy::Plant, prefix: &str) -> Option<String> {
    if plant.capacity_in(i32::MAX) == 0.0 {
        Some(format!(
            "{prefix}no plant capacity is given, so nothing is burnt and no electricity is made \
             (every such column is 0); give --capacity-mw MW, or a site-facts file with \
             plant_capacity_mw (--facts FILE)."
        ))
    } else if !plant.gas_is_usable() {
        Some(format!(
            "{prefix}the gas ({} CH4) is leaner than the engines accept ({}), so nothing is burnt \
             and no electricity is made; give the gas's real concentration with \
             --gas-concentration (site facts: plant.gas_concentration), or the engines' lowest \
             with --min-concentration (plant.min_concentration).",
            plant.operating.gas_concentration, plant.operating.min_concentration
        ))
    } else {
        None
    }
}
