//! `cmmcast report`: the forecast, how often such intervals held on real series, the
//! projection, the simulation, the sizing, the tornado and the economics of one site, drawn as
//! SVG charts and
//! gathered with every table, assumption and source into one self-contained HTML page, written
//! with the CSV and JSON behind each chart to a folder.
//!
//! Everything is computed by one library study of the site ([`cmmcast_forecast::study`]):
//! the same study `project`, `simulate`, `size` and `simulate --tornado` run, so every table
//! here is the matching command's; the economics ([`economics`]) value the same plant as `cmmcast
//! economics --paths N`. The calibration chart is the library's coverage check
//! ([`CoverageCheck`]) for windows as long as the site's data (W years, 5 to 10): what `cmmcast
//! backtest --reference --window W --min-level 1 --full-outcome --models auto` prints. The
//! tables are built by the same functions as the commands' ([`crate::tables`]); this module only
//! arranges the results into charts and the page ([`page`], its words on the intervals in
//! [`intervals`], [`sources`]), and [`crate::folder`] writes them safely.

mod economics;
mod intervals;
mod page;
mod sources;

use std::collections::BTreeMap;
use std::ffi::OsString;

use serde_json::{Map, Value, json};

use cmmcast_data::{DataKind, Dataset, Site};
use cmmcast_forecast::calibrate::CoverageCheck;
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::percents::PercentsOf;
use cmmcast_forecast::request::compare_site;
use cmmcast_forecast::select::Comparison;
use cmmcast_forecast::sim::{
    PERCENTILE_CONVENTION, Simulation, SimulationSettings, Tornado, TornadoSettings,
};
use cmmcast_forecast::study::{SiteProjection, SizingParams, Study, StudyParams};
use cmmcast_forecast::trend::{FittedTrend, SeriesKind};

use crate::args::ReportArgs;
use crate::charts::calibration::CalibrationChart;
use crate::charts::forecast::{ForecastChart, IntervalBand, ModelLine, SimulatedYear};
use crate::charts::power::{PowerChart, PowerYear};
use crate::charts::sizing::SizingChart;
use crate::charts::tornado::{TornadoChart, TornadoRow};
use crate::charts::{self, ChartError};
use crate::commands::economics::economic_overrides;
use crate::commands::params::{scenario, site_failure, studies, study_params};
use crate::commands::runtime::{available_memory_bytes, progress_bar, thread_pool};
use crate::failure::{Failure, REPORT_ECONOMICS_FLAGS, REPORT_FLAGS};
use crate::folder::{ReportFile, write_report};
use crate::input::load_feeds;
use crate::meta;
use crate::output::Inputs;
use crate::printed::Printed;
use crate::render::{OutputFormat, render};
use crate::report::Report;
use crate::tables::{comparison, projection, simulation, sizing, tornado};

/// The percentiles every report simulates, whatever `--percentiles` asks: the charts draw the
/// p10 to p90 band and the median.
pub const CHART_PERCENTILES: [f64; 3] = [10.0, 50.0, 90.0];

/// Writes the report and returns what to print: the files written, one a line.
///
/// `argv` is the command line as given (`argv[0]` the program), recorded in the report so that
/// it can be run again.
pub fn run(args: &ReportArgs, argv: &[OsString]) -> Result<Printed, Failure> {
    // `-` means standard output for the other commands' file flags; a report is a folder.
    if args.out.as_os_str() == "-" {
        return Err(Failure::Usage(
            "--out - would be a folder named \"-\": a report is a folder of files (report.html \
             with its CSV, JSON and SVG files), not one stream for standard output; give --out \
             a folder name, such as --out report"
                .into(),
        ));
    }
    let (files, warnings) = build_warned(args, argv)?;
    let inputs = Inputs::of(&args.input).and("--scenario", args.scenario.as_deref());
    let written = write_report(&args.out, &files, args.force, &inputs)?;
    let mut text = String::new();
    for path in written {
        text.push_str(&path.display().to_string());
        text.push('\n');
    }
    Ok(Printed {
        stdout: text,
        stderr: warnings.iter().map(|w| format!("warning: {w}")).collect(),
    })
}

/// Computes and draws the whole report in memory: every file with its contents, nothing
/// written yet (so a failure leaves the folder as it was).
pub fn build(args: &ReportArgs, argv: &[OsString]) -> Result<Vec<ReportFile>, Failure> {
    build_warned(args, argv).map(|(files, _)| files)
}

/// [`build`], and the warnings about the site's data (also in the JSON files' `meta`).
fn build_warned(
    args: &ReportArgs,
    argv: &[OsString],
) -> Result<(Vec<ReportFile>, Vec<String>), Failure> {
    let params = params(args)?;
    // The settings' own ranges first, before any file is read.
    params
        .check()
        .map_err(|error| Failure::with_flags(error, &REPORT_FLAGS))?;
    economics::params(args, &params)
        .check()
        .map_err(|error| Failure::with_flags(error, &REPORT_ECONOMICS_FLAGS))?;
    let params = StudyParams {
        scenario: scenario(&args.scenario)?,
        ..params
    };
    let dataset = load_feeds(&args.input, args.model.combine)?;
    let results = compute(args, &params, &dataset)?;
    let warnings = meta::warnings(&[results.study.site()]);
    let command_line = shell_line(argv);
    Ok((files(args, &results, &command_line)?, warnings))
}

/// What the study computed for the report's one site.
struct Results<'d> {
    dataset: &'d Dataset,
    study: Study<'d>,
    projection: SiteProjection,
    /// The whole menu weighed, when the study did not (a fixed model).
    comparison: Option<Comparison>,
    /// For a plant fed by several mines, the whole menu weighed on each mine's methane (each
    /// mine is forecast on its own; the plant has no model of its own to compare).
    mine_comparisons: Vec<(String, Comparison)>,
    lines: Vec<ModelLine>,
    simulation: Simulation,
    plant_sizing: cmmcast_forecast::study::ValuedSizing,
    tornado: Tornado,
    /// How often the default's and the old default's intervals held on the reference class,
    /// for windows as long as the site's data.
    coverage: CoverageCheck,
    /// The plant valued, or why it was not.
    economics: economics::Valued<'d>,
}

impl Results<'_> {
    /// Every model of the menu weighed on the site's methane: the study's own comparison
    /// (auto), or the one `compute` made for a fixed model.
    fn comparison(&self) -> Option<&Comparison> {
        if self.study.is_combined() {
            return None;
        }
        self.comparison
            .as_ref()
            .or(self.study.selection().comparison())
    }
}

/// The simulated percentiles: those asked for, and always 10, 50 and 90, in increasing order;
/// a fraction is refused as in `simulate` (repeats need no note: the report sorts and merges).
fn percentiles(asked: &[f64]) -> Result<Vec<f64>, Failure> {
    let (asked, _) = crate::commands::merged(asked, PercentsOf::Percentiles)?;
    let mut all: Vec<f64> = asked.into_iter().chain(CHART_PERCENTILES).collect();
    all.sort_by(f64::total_cmp);
    all.dedup();
    Ok(all)
}

/// The study parameters the report's flags give: `simulate`'s, `size`'s (prefixed), the
/// tornado's and `economics`' (whose paths [`economics::params`] sets).
fn params(args: &ReportArgs) -> Result<StudyParams, Failure> {
    Ok(StudyParams {
        simulation: SimulationSettings {
            paths: args.paths,
            seed: args.seed,
            percentiles: percentiles(&args.percentiles)?,
        },
        sizing: SizingParams {
            paths: args.size_paths,
            max_engines: args.max_engines,
            min_load: args.min_load,
            min_capacity_factor: args.min_capacity_factor,
            year: args.size_year,
        },
        tornado: TornadoSettings {
            year: args.tornado_year,
            output: args.tornado_output.unwrap_or(Quantity::ElectricityGwh),
        },
        economics: economic_overrides(&args.economics),
        ..study_params(&args.model, &args.plant)?
    })
}

/// Runs every computation of the study, the cheap ones first so that their refusals come
/// before the simulation's wait.
fn compute<'d>(
    args: &ReportArgs,
    params: &StudyParams,
    dataset: &'d Dataset,
) -> Result<Results<'d>, Failure> {
    let pool = thread_pool(args.threads)?;
    let sites = dataset.select_feeds(args.input.site.as_deref())?;
    let [_] = sites.as_slice() else {
        let names: Vec<&str> = sites.iter().map(|s| s.name()).collect();
        return Err(Failure::Usage(format!(
            "the data holds {} sites ({}) and a report covers one; give --site NAME",
            names.len(),
            names.join(", ")
        )));
    };
    let several = dataset.sites().len() > 1;
    let study = studies(params, &args.input, dataset, &sites, &REPORT_FLAGS)?.remove(0);
    let failure = site_failure(&study, several, &REPORT_FLAGS);
    let projection = study.project().map_err(&failure)?;
    // With auto the study has weighed the whole menu already; a fixed model's study has not,
    // and the report's model comparison shows every model either way (as `cmmcast fit`).
    let mine_comparisons = study
        .mine_selections()
        .iter()
        .map(|(mine, _)| {
            compare_site(mine, SeriesKind::Methane, params.ceiling)
                .map(|c| (c.site, c.comparison))
                .map_err(&failure)
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let comparison = match study.selection().comparison() {
        _ if study.is_combined() => None,
        Some(_) => None,
        None => Some(
            compare_site(study.site(), SeriesKind::Methane, params.ceiling)
                .map_err(&failure)?
                .comparison,
        ),
    };
    // A plant of several mines has no menu of its own: its chart shows its one forecast.
    let lines = comparison
        .as_ref()
        .or(study.selection().comparison())
        .filter(|_| !study.is_combined())
        .map(|c| model_lines(c, &projection))
        .unwrap_or_default();
    let tornado = study.tornado().map_err(&failure)?;

    if let Some(available) = available_memory_bytes() {
        study.check_memory(available).map_err(&failure)?;
    }
    let valuation = economics::prepare(
        &economics::params(args, params),
        args,
        dataset,
        study.site(),
    )?;
    let bar = progress_bar(
        args.quiet,
        args.paths.saturating_add(args.economics_paths),
        1,
    );
    let tick = |paths: u64| bar.inc(paths);
    let known_years = projection.forecast.forecast.in_sample.years.len();
    let (simulation, plant_sizing, coverage, economics) = pool.install(|| {
        let simulation = study.simulate_with(&tick, None).map_err(&failure)?;
        let plant_sizing = study
            .size_by_value(cmmcast_forecast::sim::RecommendationRule::MaxExpectedNpv)
            .map_err(&failure)?;
        let coverage = CoverageCheck::embedded(known_years).map_err(&failure)?;
        let economics = economics::value_paths(valuation, several, &tick)?;
        Ok::<_, Failure>((simulation, plant_sizing, coverage, economics))
    })?;
    bar.finish_and_clear();
    Ok(Results {
        dataset,
        study,
        projection,
        comparison,
        mine_comparisons,
        lines,
        simulation,
        plant_sizing,
        tornado,
        coverage,
        economics,
    })
}

/// Every model that fits: its fitted values over the data years, then its point forecast over
/// the projection's forecast years (non-finite values, an exponential run far out, left off).
fn model_lines(comparison: &Comparison, projection: &SiteProjection) -> Vec<ModelLine> {
    let years = &projection.forecast.forecast.years;
    comparison
        .candidates
        .iter()
        .filter_map(|candidate| {
            let fit: &dyn FittedTrend = &**candidate.outcome.as_ref().ok()?;
            let forecast = fit.forecast(years, &[]);
            let points = forecast
                .in_sample
                .years
                .iter()
                .zip(&forecast.in_sample.fitted)
                .chain(forecast.years.iter().zip(&forecast.point))
                .filter(|(_, v)| v.is_finite())
                .map(|(&year, &v)| (year, v))
                .collect();
            Some(ModelLine {
                model: candidate.name,
                points,
            })
        })
        .collect()
}

/// p10, p50 and p90 of one quantity per year.
fn simulated(
    simulation: &Simulation,
    settings: &SimulationSettings,
    quantity: Quantity,
) -> BTreeMap<i32, [f64; 3]> {
    let index = |p: f64| settings.percentiles.iter().position(|&q| q == p);
    let [i10, i50, i90] = CHART_PERCENTILES.map(index);
    simulation
        .summaries
        .iter()
        .filter(|s| s.quantity == quantity)
        .filter_map(|s| {
            let at = |i: Option<usize>| i.and_then(|i| s.percentiles.get(i).copied());
            Some((s.year, [at(i10)?, at(i50)?, at(i90)?]))
        })
        .collect()
}

/// "the plan, 2012-2016 (data)".
fn data_label(site: &Site, years: &[i32]) -> String {
    let kind = match site.facts.data_kind {
        DataKind::Plan => "the plan",
        DataKind::Measured => "measured",
        DataKind::Estimate => "estimates",
        DataKind::Unspecified => "the data",
    };
    format!("{kind}, {} (the input)", span(years))
}

/// "2017-2030", or one year.
fn span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// What the simulated lines and bands are, for the legends.
fn simulated_label(args: &ReportArgs, simulation: &Simulation, what: &str) -> String {
    let models = if simulation.model_weights.len() > 1 {
        "models mixed by Akaike weight".to_string()
    } else {
        simulation
            .model_weights
            .first()
            .map_or_else(String::new, |(m, _)| format!("{m} only"))
    };
    format!(
        "simulated {what}: {} paths, every uncertain input, {models}",
        thousands(args.paths)
    )
}

/// 100000 → "100,000".
fn thousands(n: usize) -> String {
    cmmcast_data::thousands(n as u64)
}

/// The chart data, the tables, the SVGs and the page.
fn files(
    args: &ReportArgs,
    r: &Results<'_>,
    command_line: &str,
) -> Result<Vec<ReportFile>, Failure> {
    let site = r.study.site();
    let name = site.name().to_string();
    let settings = &r.study.params().simulation;
    let f = &r.projection.forecast.forecast;
    let data_years = &f.in_sample.years;
    let methane = simulated(&r.simulation, settings, Quantity::MethaneMm3);
    let electricity = simulated(&r.simulation, settings, Quantity::ElectricityGwh);
    let utilization = simulated(&r.simulation, settings, Quantity::Utilization);

    let forecast = ForecastChart {
        site: name.clone(),
        data_label: data_label(site, data_years),
        observed: data_years
            .iter()
            .copied()
            .zip(f.in_sample.observed.iter().copied())
            .collect(),
        models: r.lines.clone(),
        chosen: f.model,
        intervals: f
            .intervals
            .iter()
            .map(|interval| IntervalBand {
                level: interval.level.as_percent(),
                label: interval.level.label(),
                band: f
                    .years
                    .iter()
                    .zip(interval.lower.iter().zip(&interval.upper))
                    .map(|(&year, (&lower, &upper))| (year, lower, upper))
                    .collect(),
            })
            .collect(),
        simulated: methane
            .iter()
            .map(|(&year, &[p10, p50, p90])| SimulatedYear {
                year,
                p10,
                p50,
                p90,
            })
            .collect(),
        simulated_label: simulated_label(args, &r.simulation, "p10 and p90"),
    };
    let power = PowerChart {
        site: name.clone(),
        chosen: f.model,
        data_label: format!("from {}", data_label(site, data_years)),
        simulated_label: simulated_label(args, &r.simulation, "p10 to p90"),
        years: r
            .projection
            .years
            .iter()
            .map(|y| PowerYear {
                year: y.energy.year,
                data_year: y.observed,
                capacity_mw: y.energy.capacity_mw,
                electricity_gwh: y.energy.electricity_gwh,
                utilization: Some(y.energy.utilization),
                electricity_simulated: electricity.get(&y.energy.year).copied(),
                utilization_simulated: utilization.get(&y.energy.year).copied(),
            })
            .collect(),
    };
    let sizing_settings = r.study.sizing_settings();
    let sizing = SizingChart {
        site: name.clone(),
        unit_mw: sizing_settings.unit_mw,
        years: span(&r.plant_sizing.sizing.years),
        rows: r.plant_sizing.sizing.rows.clone(),
        recommended: r.plant_sizing.sizing.recommended,
        min_capacity_factor: sizing_settings.min_capacity_factor,
    };
    let calibration = CalibrationChart {
        check: r.coverage.clone(),
    };
    let output = r.tornado.output;
    let tornado_chart = TornadoChart {
        site: name.clone(),
        output: output.name(),
        unit: output.unit(),
        year: r.tornado.year,
        base: r.tornado.base.value,
        rows: r.tornado.bars.iter().map(TornadoRow::from).collect(),
    };

    let base_meta = base_meta(args, r, command_line);
    let forecast_table = forecast.table(base_meta.clone());
    let calibration_table = calibration.table(base_meta.clone());
    let power_table = power.table(base_meta.clone());
    let sizing_table = sizing_table(&sizing, base_meta.clone(), r);
    let tornado_table = tornado_chart.table(tornado_meta(base_meta.clone(), r));
    let simulation_table = simulation::table(
        &[simulation::SiteSimulation {
            site: site.name(),
            simulation: &r.simulation,
            plant: &r.study.inputs().plant,
            notes: r.study.notes(),
        }],
        false,
        (&settings.percentiles, settings.paths, settings.seed),
        Vec::new(),
        base_meta.clone(),
    );
    let compared: Vec<(&str, &Comparison)> = match r.comparison() {
        Some(c) => vec![(site.name(), c)],
        None => r
            .mine_comparisons
            .iter()
            .map(|(mine, c)| (mine.as_str(), c))
            .collect(),
    };
    let models_table = comparison::table(
        &compared,
        !r.mine_comparisons.is_empty(),
        (SeriesKind::Methane, args.model.ceiling),
        Vec::new(),
        base_meta.clone(),
    );
    let projection_table = projection::table(
        &[projection::SiteRows {
            site: site.name(),
            projection: &r.projection,
            notes: r.study.notes(),
        }],
        false,
        Vec::new(),
        base_meta.clone(),
    );

    let draw = |result: Result<String, ChartError>| {
        result.map_err(|e| Failure::Output(std::io::Error::other(e.to_string())))
    };
    let forecast_svg = draw(charts::forecast::svg(&forecast))?;
    let calibration_svg = draw(charts::calibration::svg(&calibration))?;
    let power_svg = draw(charts::power::svg(&power))?;
    let sizing_svg = draw(charts::sizing::svg(&sizing))?;
    let tornado_svg = draw(charts::tornado::svg(&tornado_chart))?;

    let economics = economics::chapter(args, r, &base_meta)?;

    let page = page::page(
        args,
        r,
        command_line,
        [
            (&forecast_svg, &forecast_table),
            (&calibration_svg, &calibration_table),
            (&power_svg, &power_table),
            (&sizing_svg, &sizing_table),
            (&tornado_svg, &tornado_table),
        ],
        economics.clone(),
        [&simulation_table, &models_table, &projection_table],
    );

    let mut files = vec![ReportFile::text("report.html", crate::html::render(&page))];
    let charts = [
        ("forecast", Some(&forecast_svg), &forecast_table),
        ("calibration", Some(&calibration_svg), &calibration_table),
        ("power", Some(&power_svg), &power_table),
        ("sizing", Some(&sizing_svg), &sizing_table),
        ("tornado", Some(&tornado_svg), &tornado_table),
    ];
    let economic = economics
        .figures
        .iter()
        .map(|figure| (figure.stem, Some(&figure.svg), &figure.table));
    let tables = [
        ("simulation", None, &simulation_table),
        ("models", None, &models_table),
        ("projection", None, &projection_table),
    ];
    for (stem, svg, table) in charts.into_iter().chain(economic).chain(tables) {
        if let Some(svg) = svg {
            files.push(ReportFile::text(format!("{stem}.svg"), svg.clone()));
        }
        files.push(ReportFile::text(
            format!("{stem}.csv"),
            render(table, OutputFormat::Csv),
        ));
        files.push(ReportFile::text(
            format!("{stem}.json"),
            render(table, OutputFormat::Json),
        ));
    }
    Ok(files)
}

/// `meta` every file of the report shares: the input, the site facts, the scenario, the seed,
/// the path counts and the command line.
fn base_meta(args: &ReportArgs, r: &Results<'_>, command_line: &str) -> Map<String, Value> {
    let site = r.study.site();
    let settings = &r.study.params().simulation;
    let mut meta = meta::common("report", r.dataset, &[site]);
    meta.insert("command_line".into(), json!(command_line));
    meta.insert("seed".into(), json!(args.seed));
    meta.insert("paths".into(), json!(args.paths));
    meta.insert("size_paths".into(), json!(args.size_paths));
    meta.insert("economics_paths".into(), json!(args.economics_paths));
    meta.insert("percentiles".into(), json!(settings.percentiles));
    meta.insert("percentile_convention".into(), json!(PERCENTILE_CONVENTION));
    meta.insert(
        "model_requested".into(),
        json!(crate::meta::model_requested(args.model.model)),
    );
    meta.insert(
        "model_chosen".into(),
        json!(r.projection.forecast.forecast.model),
    );
    meta.insert(
        "models".into(),
        simulation::models_json(&r.simulation.model_weights, &r.simulation.model_counts),
    );
    meta.insert("plant".into(), json!(r.study.inputs().plant.assumptions()));
    meta.insert("scenario".into(), meta::scenario(&r.study));
    meta
}

/// The sizing table's `meta`: the recommendation rule, the engines and the daily flow, as
/// `cmmcast size` states them.
fn sizing_table(chart: &SizingChart, meta: Map<String, Value>, r: &Results<'_>) -> Report {
    let study = &r.study;
    let context = sizing::SizingContext {
        paths: study.params().sizing.paths,
        seed: study.params().simulation.seed,
        year: study.params().sizing.year,
        flow: &study.inputs().flow,
        scenario: &study.inputs().scenario,
    };
    let stated = sizing::table(
        &[sizing::SiteSizing {
            site: study.site().name(),
            sizing: &r.plant_sizing.sizing,
            schedule: r.plant_sizing.schedule.as_ref(),
            unvalued: r.plant_sizing.unvalued.as_ref(),
            currency: &study.economics().params.currency,
            economics: &study.economics().assumptions,
            settings: study.sizing_settings(),
            plant: &study.inputs().plant,
            assumptions: study.sizing_assumptions(),
            notes: study.notes(),
        }],
        false,
        &context,
        Vec::new(),
        meta,
    );
    chart.table(stated.meta)
}

/// The tornado table's `meta`: its rule and base case, as `simulate --tornado` states them.
fn tornado_meta(mut meta: Map<String, Value>, r: &Results<'_>) -> Map<String, Value> {
    let mut entry = serde_json::to_value(&r.tornado).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut entry {
        map.insert("site".into(), json!(r.study.site().name()));
    }
    meta.insert(
        "tornado".into(),
        tornado::rule_json(r.tornado.output, vec![entry]),
    );
    meta.insert(
        "tornado_rule".into(),
        json!(cmmcast_forecast::sim::TORNADO_RULE),
    );
    meta.insert("base".into(), json!(r.tornado.base));
    meta
}

/// The command line as one line a shell reads back the same: the program as `cmmcast`, each
/// argument quoted when it needs to be.
pub fn shell_line(argv: &[OsString]) -> String {
    std::iter::once("cmmcast".to_string())
        .chain(argv.iter().skip(1).map(|a| quote(&a.to_string_lossy())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One argument for a POSIX shell: as it is when plain, else in single quotes.
fn quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,+@%".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_percentiles_are_always_simulated() {
        assert_eq!(
            percentiles(&[10.0, 50.0, 90.0]).ok(),
            Some(vec![10.0, 50.0, 90.0])
        );
        assert_eq!(
            percentiles(&[95.0, 5.0]).ok(),
            Some(vec![5.0, 10.0, 50.0, 90.0, 95.0])
        );
    }

    #[test]
    fn command_lines_quote_what_a_shell_would_split() {
        let argv: Vec<OsString> = [
            "/path/to/cmmcast",
            "report",
            "--input",
            "my mine.csv",
            "--site",
            "O'Brien",
        ]
        .into_iter()
        .map(OsString::from)
        .collect();
        assert_eq!(
            shell_line(&argv),
            r"cmmcast report --input 'my mine.csv' --site 'O'\''Brien'"
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
