//! `cmmcast simulate`: Monte Carlo from the plan to the power station.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use cmmcast_data::Scenario;
use cmmcast_forecast::sim::{
    InputKey, QUANTITIES, Simulation, SimulationSettings, UncertainInputs, simulate_site,
};

use crate::args::{PlantArgs, SimulateArgs};
use crate::commands::plant::plants_for;
use crate::failure::Failure;
use crate::input::load_dataset;
use crate::meta;
use crate::report::{Cell, Column, Report};

/// The percentile convention, stated once in `meta`.
const PERCENTILE_CONVENTION: &str = "pN is the N-th percentile: p10 is a low value that 10 % of paths fall below (statistical convention, Hyndman-Fan type 7 as numpy). The petroleum reading 'P90 = exceeded with 90 % probability' is the opposite; see docs/METHODS.md.";

/// Builds the report of `cmmcast simulate` (and writes `--paths-out`).
pub fn run(args: &SimulateArgs) -> Result<Report, Failure> {
    let settings = SimulationSettings {
        paths: args.paths,
        seed: args.seed,
        percentiles: args.percentiles.clone(),
        model: args.model.model,
        ceiling: args.model.ceiling,
        to: args.model.to,
    };
    settings.check()?;
    let scenario = match &args.scenario {
        Some(path) => Scenario::load(path)?,
        None => Scenario::songzao_default(),
    };
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let jobs = plants_for(&args.plant, &args.input, &dataset, &sites)?;
    let inputs = inputs_for(&scenario, &args.plant);

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Failure::Usage(format!(
                "cannot start {} threads ({e}); give a smaller --threads",
                args.threads.unwrap_or(0)
            ))
        })?;
    let simulations = pool.install(|| {
        jobs.iter()
            .map(|(site, plant, _)| {
                simulate_site(site, plant, &inputs, &settings).map_err(|error| Failure::Model {
                    site: several.then(|| site.name().to_string()),
                    error,
                })
            })
            .collect::<Result<Vec<_>, _>>()
    })?;

    if let Some(path) = &args.paths_out {
        write_paths(path, &simulations)?;
    }

    let labels: Vec<String> = args.percentiles.iter().map(|p| format!("p{p}")).collect();
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.push(Column::number("year", "calendar year", 0));
    columns.push(Column::text(
        "quantity",
        "the quantity summarised (its unit in meta.units)",
    ));
    for label in &labels {
        columns.push(Column::number(label.clone(), "unit of the quantity", 2));
    }
    columns.push(Column::number("mean", "unit of the quantity", 2));
    columns.push(Column::number("sd", "unit of the quantity", 2));
    for label in &labels {
        columns.push(Column::number(
            format!("se_{label}"),
            "Monte Carlo standard error of the percentile",
            3,
        ));
    }

    let mut rows = Vec::new();
    let mut per_site = Vec::new();
    let mut notes = meta::site_notes(&sites);
    for (sim, (_, plant, _)) in simulations.iter().zip(&jobs) {
        for summary in &sim.summaries {
            let mut row = Vec::with_capacity(columns.len());
            if several {
                row.push(Cell::Text(sim.site.clone()));
            }
            row.push(Cell::Int(i64::from(summary.year)));
            row.push(Cell::Text(summary.quantity.to_string()));
            row.extend(summary.percentiles.iter().map(|&v| Cell::Num(v)));
            row.push(Cell::Num(summary.mean));
            row.push(Cell::Num(summary.sd));
            row.extend(summary.percentile_se.iter().map(|&v| Cell::Num(v)));
            rows.push(row);
        }
        let prefix = if several {
            format!("{}: ", sim.site)
        } else {
            String::new()
        };
        notes.push(format!(
            "{prefix}{} paths, seed {}; models by Akaike weight: {}.",
            args.paths,
            args.seed,
            sim.model_weights
                .iter()
                .zip(&sim.model_counts)
                .map(|((m, w), (_, c))| format!("{m} {w:.3} ({c} paths)"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        per_site.push(json!({
            "site": sim.site,
            "years": sim.years,
            "models": sim.model_weights.iter().zip(&sim.model_counts).map(|((m, w), (_, c))| json!({"model": m, "weight": w, "paths": c})).collect::<Vec<_>>(),
            "plant": plant.assumptions(),
        }));
    }
    notes.push(format!("Percentiles: {PERCENTILE_CONVENTION}"));

    let mut meta = meta::common("simulate", &dataset, &sites);
    meta.insert("seed".into(), json!(args.seed));
    meta.insert("paths".into(), json!(args.paths));
    meta.insert("percentiles".into(), json!(args.percentiles));
    meta.insert("percentile_convention".into(), json!(PERCENTILE_CONVENTION));
    meta.insert(
        "percentile_standard_error".into(),
        json!("half the distance between the order statistics at ranks Np ± sqrt(Np(1-p)) (binomial bracket of the quantile)"),
    );
    meta.insert("model_requested".into(), json!(args.model.model.name()));
    meta.insert(
        "scenario".into(),
        json!({
            "name": scenario.name,
            "description": scenario.description,
            "origin": scenario.origin,
            "inputs": inputs.entries().iter().map(|(key, sampler, per_year)| json!({
                "key": key.name(),
                "distribution": sampler.spec(),
                "per_year": per_year,
            })).collect::<Vec<_>>(),
        }),
    );
    meta.insert(
        "units".into(),
        json!({
            "methane_mm3": "million m3 of CH4 per year",
            "burnt_mm3": "million m3 of CH4 per year",
            "surplus_mm3": "million m3 of CH4 per year",
            "utilization": "burnt / drained",
            "electricity_gwh": "GWh gross per year",
            "co2e_avoided_kt": "kt CO2e per year",
        }),
    );
    meta.insert("simulations".into(), Value::Array(per_site));
    Ok(Report {
        notes,
        meta,
        columns,
        rows,
    })
}

/// Scenario inputs, with every operating-value flag fixing its input (flags override the
/// scenario, which overrides the site facts).
fn inputs_for(scenario: &Scenario, flags: &PlantArgs) -> UncertainInputs {
    let mut inputs = UncertainInputs::from_scenario(scenario);
    let fixed = [
        (InputKey::Efficiency, flags.efficiency),
        (InputKey::Availability, flags.availability),
        (InputKey::ShareToPower, flags.share_to_power),
        (InputKey::ParasiticFraction, flags.parasitic_fraction),
        (InputKey::GasConcentration, flags.gas_concentration),
        (InputKey::MinConcentration, flags.min_concentration),
        (
            InputKey::DestructionEfficiency,
            flags.destruction_efficiency,
        ),
    ];
    for (key, value) in fixed {
        if let Some(value) = value {
            inputs.fix(key, value);
        }
    }
    inputs
}

/// Writes every path as a long CSV, to a temporary file renamed into place, so an interrupted
/// run never leaves a partial file.
fn write_paths(path: &Path, simulations: &[Simulation]) -> Result<(), Failure> {
    let io = |e: std::io::Error| {
        Failure::Usage(format!(
            "cannot write --paths-out {}: {e}; check that its folder exists and is writable",
            path.display()
        ))
    };
    let temporary = path.with_extension("partial");
    let file = std::fs::File::create(&temporary).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    write!(out, "site,path,model,year").map_err(io)?;
    for q in QUANTITIES {
        write!(out, ",{q}").map_err(io)?;
    }
    writeln!(out).map_err(io)?;
    for sim in simulations {
        let per_path = sim.years.len() * QUANTITIES.len();
        for (p, model) in sim.path_models.iter().enumerate() {
            let name = sim.model_weights[usize::from(*model)].0;
            for (y, year) in sim.years.iter().enumerate() {
                write!(out, "{},{p},{name},{year}", sim.site).map_err(io)?;
                let start = p * per_path + y * QUANTITIES.len();
                for v in &sim.values[start..start + QUANTITIES.len()] {
                    write!(out, ",{v}").map_err(io)?;
                }
                writeln!(out).map_err(io)?;
            }
        }
    }
    out.flush().map_err(io)?;
    drop(out);
    std::fs::rename(&temporary, path).map_err(io)
}
