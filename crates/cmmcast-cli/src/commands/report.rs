//! `cmmcast report`: the forecast, the projection, the simulation, the sizing and the tornado
//! of one site, drawn as SVG charts and gathered with every table, assumption and source into
//! one self-contained HTML page, written with the CSV and JSON behind each chart to a folder.
//!
//! Everything is computed by the libraries (`request::project_site`, `compare_site`,
//! `sim::simulate_site`, `sim::size_site`, `sim::tornado_site`) and the `fit` and `project`
//! commands; this module only arranges their results into charts and tables, and
//! [`crate::folder`] writes them safely.

use std::collections::BTreeMap;
use std::ffi::OsString;

use serde_json::{Map, Value, json};

use cmmcast_data::{DataKind, DistributionSpec, Scenario, Site};
use cmmcast_forecast::energy::{
    CO2_T_PER_T_CH4_BURNT, HOURS_PER_YEAR, METHANE_PROPERTIES_SOURCE, Origin, Plant,
    methane_properties,
};
use cmmcast_forecast::request::{
    ForecastRequest, SiteProjection, Sizing, compare_site, project_site,
};
use cmmcast_forecast::sim::{
    DEFAULT_MAX_ENGINES, DEFAULT_MIN_CAPACITY_FACTOR, DEFAULT_MIN_LOAD, DailyFlow, MAX_PATHS,
    MIN_CAPACITY_FACTOR_SOURCE, MIN_LOAD_SOURCE, PlantSizing, QUANTITIES, RECOMMENDATION_RULE,
    Simulation, SimulationSettings, SizingSettings, TORNADO_RULE, Tornado, TornadoOutput,
    TornadoSettings, UncertainInputs, check_memory, simulate_site_with, size_site, tornado_site,
};
use cmmcast_forecast::trend::{FittedTrend, SeriesKind};
use cmmcast_forecast::{ForecastError, Level};

use crate::args::{FitArgs, OutputArgs, ProjectArgs, ReportArgs, SeriesArg, TrendArgs};
use crate::charts::forecast::{ForecastChart, IntervalBand, ModelLine, SimulatedYear};
use crate::charts::power::{PowerChart, PowerYear};
use crate::charts::sizing::{SizingChart, SizingRow};
use crate::charts::tornado::{TornadoChart, TornadoRow};
use crate::charts::{self, ChartError};
use crate::commands::plant::{UNIT_MW_SOURCE, inputs_for, plants_for, sizing_origin};
use crate::commands::simulate::{
    PERCENTILE_CONVENTION, available_memory_bytes, progress_bar, thread_pool,
};
use crate::commands::size::{ENGINE_RULE, FLOW_MODEL};
use crate::failure::Failure;
use crate::folder::{ReportFile, write_report};
use crate::html::{Assumption, Figure, Page, Section};
use crate::input::load_dataset;
use crate::meta;
use crate::render::{OutputFormat, render};
use crate::report::{Cell, Column, Report};

/// The percentiles every report simulates, whatever `--percentiles` asks: the charts draw the
/// p10 to p90 band and the median.
pub const CHART_PERCENTILES: [f64; 3] = [10.0, 50.0, 90.0];

/// Writes the report and returns what to print: the files written, one a line.
///
/// `argv` is the command line as given (`argv[0]` the program), recorded in the report so that
/// it can be run again.
pub fn run(args: &ReportArgs, argv: &[OsString]) -> Result<String, Failure> {
    let files = build(args, argv)?;
    let written = write_report(&args.out, &files, args.force)?;
    let mut text = String::new();
    for path in written {
        text.push_str(&path.display().to_string());
        text.push('\n');
    }
    Ok(text)
}

/// Computes and draws the whole report in memory: every file with its contents, nothing
/// written yet (so a failure leaves the folder as it was).
pub fn build(args: &ReportArgs, argv: &[OsString]) -> Result<Vec<ReportFile>, Failure> {
    let results = compute(args)?;
    let command_line = shell_line(argv);
    files(args, &results, &command_line)
}

/// What the libraries computed for the report's one site.
struct Results {
    dataset: cmmcast_data::Dataset,
    scenario: Scenario,
    inputs: UncertainInputs,
    flow: DailyFlow,
    plant: Plant,
    sizing: Sizing,
    settings: SimulationSettings,
    sizing_settings: SizingSettings,
    projection: SiteProjection,
    lines: Vec<ModelLine>,
    simulation: Simulation,
    plant_sizing: PlantSizing,
    tornado: Tornado,
    tornado_output: TornadoOutput,
    /// Where the engine size comes from, in words.
    unit_mw_source: String,
    /// `cmmcast fit` on the same data: every model's parameters and scores.
    models: Report,
    /// `cmmcast project` on the same data and plant: the deterministic chain.
    projection_table: Report,
}

/// The simulated percentiles: those asked for, and always 10, 50 and 90, in increasing order.
fn percentiles(asked: &[f64]) -> Vec<f64> {
    let mut all: Vec<f64> = asked.iter().copied().chain(CHART_PERCENTILES).collect();
    all.sort_by(f64::total_cmp);
    all.dedup();
    all
}

/// Runs every computation, the cheap ones first so that their refusals come before the
/// simulation's wait.
fn compute(args: &ReportArgs) -> Result<Results, Failure> {
    let settings = SimulationSettings {
        paths: args.paths,
        seed: args.seed,
        percentiles: percentiles(&args.percentiles),
        model: args.model.model,
        ceiling: args.model.ceiling,
        to: args.model.to,
    };
    settings.check()?;
    let size_settings = SimulationSettings {
        paths: args.size_paths,
        percentiles: Vec::new(),
        ..settings.clone()
    };
    if !(1..=MAX_PATHS).contains(&args.size_paths) {
        return Err(Failure::Usage(format!(
            "--size-paths {} is not allowed; give between 1 and {MAX_PATHS}",
            args.size_paths
        )));
    }
    let sizing_flags = sizing_settings(args, args.plant.unit_mw.unwrap_or(Sizing::DEFAULT_UNIT_MW));
    sizing_flags.check()?;
    let pool = thread_pool(args.threads)?;

    let scenario = match &args.scenario {
        Some(path) => Scenario::load(path)?,
        None => Scenario::songzao_default(),
    };
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let [site] = sites.as_slice() else {
        let names: Vec<&str> = sites.iter().map(|s| s.name()).collect();
        return Err(Failure::Usage(format!(
            "the data holds {} sites ({}) and a report covers one; give --site NAME",
            names.len(),
            names.join(", ")
        )));
    };
    let site: &Site = site;
    let several = dataset.sites().len() > 1;
    let failure = |error: ForecastError| Failure::Model {
        site: several.then(|| site.name().to_string()),
        error,
    };
    let mut jobs = plants_for(&args.plant, &args.input, &dataset, &sites)?;
    let (_, plant, sizing) = jobs.remove(0);
    let inputs = inputs_for(&scenario, &args.plant);
    let flow = DailyFlow::from_scenario(&scenario);
    let sizing_settings = sizing_settings(args, sizing.unit_mw);

    let request = ForecastRequest {
        series: SeriesKind::Methane,
        model: args.model.model,
        ceiling: args.model.ceiling,
        to: args.model.to,
        levels: Level::defaults(),
    };
    let projection = project_site(site, plant.clone(), sizing, &request).map_err(failure)?;
    let lines = model_lines(site, &projection, args.model.ceiling).map_err(failure)?;
    let tornado_output = args.tornado_output.unwrap_or(TornadoOutput::ElectricityGwh);
    let tornado = tornado_site(
        site,
        &plant,
        &inputs,
        &TornadoSettings {
            model: args.model.model,
            ceiling: args.model.ceiling,
            to: args.model.to,
            year: args.tornado_year,
            output: tornado_output,
        },
    )
    .map_err(failure)?;
    let models = crate::commands::fit::run(&FitArgs {
        series: SeriesArg::Methane,
        ceiling: args.model.ceiling,
        input: args.input.clone(),
        output: OutputArgs {
            format: OutputFormat::Csv,
        },
    })?;
    let projection_table = crate::commands::project::run(&ProjectArgs {
        trend: TrendArgs {
            model: args.model.clone(),
            level: Level::defaults().iter().map(|l| l.as_percent()).collect(),
        },
        plant: args.plant.clone(),
        input: args.input.clone(),
        output: OutputArgs {
            format: OutputFormat::Csv,
        },
    })?;

    if let Some(available) = available_memory_bytes() {
        check_memory(site, &settings, available).map_err(failure)?;
    }
    let bar = progress_bar(args.quiet, args.paths, 1);
    let tick = |paths: u64| bar.inc(paths);
    let (simulation, plant_sizing) = pool.install(|| {
        let simulation =
            simulate_site_with(site, &plant, &inputs, &settings, &tick, None).map_err(failure)?;
        let plant_sizing = size_site(
            site,
            &plant,
            &inputs,
            &flow,
            &size_settings,
            &sizing_settings,
        )
        .map_err(|error| match error {
            // The library speaks of `size`'s --paths; the report's flag is --size-paths.
            ForecastError::BadSimulation(why) => {
                Failure::Usage(why.replace("give fewer paths", "give a smaller --size-paths"))
            }
            other => failure(other),
        })?;
        Ok::<_, Failure>((simulation, plant_sizing))
    })?;
    bar.finish_and_clear();

    let unit_mw_source = origin_text(&sizing_origin(
        args.plant.unit_mw,
        site.facts.plant.unit_mw,
        UNIT_MW_SOURCE,
    ));
    Ok(Results {
        dataset,
        unit_mw_source,
        scenario,
        inputs,
        flow,
        plant,
        sizing,
        settings,
        sizing_settings,
        projection,
        lines,
        simulation,
        plant_sizing,
        tornado,
        tornado_output,
        models,
        projection_table,
    })
}

/// The sizing the flags ask for, with a site's unit size.
fn sizing_settings(args: &ReportArgs, unit_mw: f64) -> SizingSettings {
    SizingSettings {
        unit_mw,
        max_engines: args.max_engines.unwrap_or(DEFAULT_MAX_ENGINES),
        min_load: args.min_load.unwrap_or(DEFAULT_MIN_LOAD),
        min_capacity_factor: args
            .min_capacity_factor
            .unwrap_or(DEFAULT_MIN_CAPACITY_FACTOR),
        year: args.size_year,
    }
}

/// Every model that fits: its fitted values over the data years, then its point forecast over
/// the projection's forecast years (non-finite values, an exponential run far out, left off).
fn model_lines(
    site: &Site,
    projection: &SiteProjection,
    ceiling: Option<f64>,
) -> Result<Vec<ModelLine>, ForecastError> {
    let years = &projection.forecast.forecast.years;
    let comparison = compare_site(site, SeriesKind::Methane, ceiling)?;
    Ok(comparison
        .comparison
        .candidates
        .iter()
        .filter_map(|candidate| {
            let fit: &dyn FittedTrend = candidate.outcome.as_ref().ok()?.as_ref();
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
        .collect())
}

/// p10, p50 and p90 of one quantity per year.
fn simulated(
    simulation: &Simulation,
    settings: &SimulationSettings,
    quantity: &str,
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
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The chart data, the tables, the SVGs and the page.
fn files(args: &ReportArgs, r: &Results, command_line: &str) -> Result<Vec<ReportFile>, Failure> {
    let site = r
        .dataset
        .select(args.input.site.as_deref())?
        .first()
        .copied()
        .ok_or_else(|| {
            Failure::Usage("the data holds no site; give --input FILE with data".into())
        })?;
    let name = site.name().to_string();
    let f = &r.projection.forecast.forecast;
    let data_years = &f.in_sample.years;
    let methane = simulated(&r.simulation, &r.settings, "methane_mm3");
    let electricity = simulated(&r.simulation, &r.settings, "electricity_gwh");
    let utilization = simulated(&r.simulation, &r.settings, "utilization");

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
                utilization: y.energy.utilization,
                electricity_simulated: electricity.get(&y.energy.year).copied(),
                utilization_simulated: utilization.get(&y.energy.year).copied(),
            })
            .collect(),
    };
    let sizing = SizingChart {
        site: name.clone(),
        unit_mw: r.sizing.unit_mw,
        years: span(&r.plant_sizing.years),
        rows: r
            .plant_sizing
            .rows
            .iter()
            .map(|row| SizingRow {
                engines: row.engines,
                capacity_mw: row.capacity_mw,
                electricity_gwh: row.electricity_gwh,
                capacity_factor: row.capacity_factor,
                capacity_factor_p10: row.capacity_factor_p10,
                utilization: row.utilization,
                surplus_mm3: row.surplus_mm3,
                shortfall_probability: row.shortfall_probability,
            })
            .collect(),
        recommended: r.plant_sizing.recommended,
        min_capacity_factor: r.sizing_settings.min_capacity_factor,
    };
    let tornado = TornadoChart {
        site: name.clone(),
        output: r.tornado_output.name(),
        unit: r.tornado_output.unit(),
        year: r.tornado.year,
        base: r.tornado.base.value,
        rows: r
            .tornado
            .bars
            .iter()
            .map(|bar| TornadoRow {
                input: bar.input.clone(),
                low: bar.low_setting,
                high: bar.high_setting,
                output_low: bar.output_at_low,
                output_high: bar.output_at_high,
                swing: bar.swing,
                fixed: bar.fixed,
                settings: bar.describe(),
            })
            .collect(),
    };

    let base_meta = base_meta(args, r, site, command_line);
    let forecast_table = forecast.table(base_meta.clone());
    let power_table = power.table(base_meta.clone());
    let sizing_table = sizing_table(&sizing, base_meta.clone(), args, r);
    let tornado_table = tornado.table(tornado_meta(base_meta.clone(), r));
    let simulation_table = simulation_table(&r.simulation, &r.settings, base_meta.clone());

    let draw = |result: Result<String, ChartError>| {
        result.map_err(|e| Failure::Output(std::io::Error::other(e.to_string())))
    };
    let forecast_svg = draw(charts::forecast::svg(&forecast))?;
    let power_svg = draw(charts::power::svg(&power))?;
    let sizing_svg = draw(charts::sizing::svg(&sizing))?;
    let tornado_svg = draw(charts::tornado::svg(&tornado))?;

    let page = page(
        args,
        r,
        site,
        command_line,
        [
            (&forecast_svg, &forecast_table),
            (&power_svg, &power_table),
            (&sizing_svg, &sizing_table),
            (&tornado_svg, &tornado_table),
        ],
        &simulation_table,
    );

    let mut files = vec![ReportFile::text("report.html", crate::html::render(&page))];
    for (stem, svg, table) in [
        ("forecast", Some(&forecast_svg), &forecast_table),
        ("power", Some(&power_svg), &power_table),
        ("sizing", Some(&sizing_svg), &sizing_table),
        ("tornado", Some(&tornado_svg), &tornado_table),
        ("simulation", None, &simulation_table),
        ("models", None, &r.models),
        ("projection", None, &r.projection_table),
    ] {
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
fn base_meta(
    args: &ReportArgs,
    r: &Results,
    site: &Site,
    command_line: &str,
) -> Map<String, Value> {
    let mut meta = meta::common("report", &r.dataset, &[site]);
    meta.insert("command_line".into(), json!(command_line));
    meta.insert("seed".into(), json!(args.seed));
    meta.insert("paths".into(), json!(args.paths));
    meta.insert("size_paths".into(), json!(args.size_paths));
    meta.insert("percentiles".into(), json!(r.settings.percentiles));
    meta.insert("percentile_convention".into(), json!(PERCENTILE_CONVENTION));
    meta.insert("model_requested".into(), json!(args.model.model.name()));
    meta.insert(
        "model_chosen".into(),
        json!(r.projection.forecast.forecast.model),
    );
    meta.insert(
        "models".into(),
        Value::Array(
            r.simulation
                .model_weights
                .iter()
                .zip(&r.simulation.model_counts)
                .map(|((m, w), (_, c))| json!({"model": m, "weight": w, "paths": c}))
                .collect(),
        ),
    );
    meta.insert("plant".into(), json!(r.plant.assumptions()));
    meta.insert("scenario".into(), meta::scenario(&r.scenario, &r.inputs));
    meta
}

/// The sizing table's `meta`: the recommendation rule, the engines and the daily flow.
fn sizing_table(
    chart: &SizingChart,
    mut meta: Map<String, Value>,
    args: &ReportArgs,
    r: &Results,
) -> Report {
    meta.insert("recommendation_rule".into(), json!(RECOMMENDATION_RULE));
    meta.insert("engine_rule".into(), json!(ENGINE_RULE));
    meta.insert("flow_model".into(), json!(FLOW_MODEL));
    meta.insert("years_sized".into(), json!(r.plant_sizing.years));
    meta.insert("path_years".into(), json!(r.plant_sizing.path_years));
    meta.insert("max_engines".into(), json!(r.sizing_settings.max_engines));
    meta.insert("min_load".into(), json!(r.sizing_settings.min_load));
    meta.insert(
        "sources".into(),
        json!({
            "unit_mw": r.unit_mw_source,
            "min_load": if args.min_load.is_some() { "given (command line)" } else { MIN_LOAD_SOURCE },
            "min_capacity_factor": if args.min_capacity_factor.is_some() { "given (command line)" } else { MIN_CAPACITY_FACTOR_SOURCE },
        }),
    );
    chart.table(meta)
}

/// The tornado table's `meta`: its rule and base case.
fn tornado_meta(mut meta: Map<String, Value>, r: &Results) -> Map<String, Value> {
    meta.insert("tornado_rule".into(), json!(TORNADO_RULE));
    meta.insert("base".into(), json!(r.tornado.base));
    meta
}

/// The simulation's summaries as `cmmcast simulate` prints them.
fn simulation_table(
    simulation: &Simulation,
    settings: &SimulationSettings,
    mut meta: Map<String, Value>,
) -> Report {
    let labels: Vec<String> = settings
        .percentiles
        .iter()
        .map(|p| format!("p{p}"))
        .collect();
    let mut columns = vec![
        Column::number("year", "calendar year", 0),
        Column::text(
            "quantity",
            "the quantity summarised (its unit in meta.units)",
        ),
    ];
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
    let rows = simulation
        .summaries
        .iter()
        .map(|s| {
            let mut row = vec![
                Cell::Int(i64::from(s.year)),
                Cell::Text(s.quantity.to_string()),
            ];
            row.extend(s.percentiles.iter().map(|&v| Cell::Num(v)));
            row.push(Cell::Num(s.mean));
            row.push(Cell::Num(s.sd));
            row.extend(s.percentile_se.iter().map(|&v| Cell::Num(v)));
            row
        })
        .collect();
    meta.insert("quantities".into(), json!(QUANTITIES));
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
    Report {
        notes: Vec::new(),
        meta,
        columns,
        rows,
    }
}

/// The HTML page: summary, charts with their tables, the other tables, assumptions, provenance
/// and how to reproduce the report.
fn page(
    args: &ReportArgs,
    r: &Results,
    site: &Site,
    command_line: &str,
    [
        (forecast_svg, forecast),
        (power_svg, power),
        (sizing_svg, sizing),
        (tornado_svg, tornado),
    ]: [(&String, &Report); 4],
    simulation: &Report,
) -> Page {
    let f = &r.projection.forecast.forecast;
    let last = f.years.last().copied().unwrap_or_default();
    let figures = vec![
        Figure {
            id: "forecast",
            title: "Methane drainage forecast".into(),
            caption: format!(
                "Points: {}. Lines: every model's fit and point forecast; {} (thick) is the chosen model. Gray bands: its 80 % and 95 % prediction intervals (of a new year's value, Student t). Dotted lines with crosses: the simulated p10 and p90 of drained methane, with every uncertain input{}.",
                data_label(site, &f.in_sample.years),
                f.model,
                if r.simulation.model_weights.len() > 1 {
                    " and the models mixed by Akaike weight (so the band covers the model choice, which the chosen model's intervals do not)"
                } else {
                    ""
                }
            ),
            svg: forecast_svg.clone(),
            stem: "forecast",
            table: forecast.clone(),
        },
        Figure {
            id: "power",
            title: "Electricity and utilization".into(),
            caption: format!(
                "Top: gross electricity, GWh a year, with the plant capacity (MW, right axis; scheduled additions included). Bottom: utilization, the share of drained methane burnt. Band: simulated p10 to p90; solid line: simulated median; dashed line with squares: {}'s point forecast through the plant with every input at its default; discs: the data years.",
                f.model
            ),
            svg: power_svg.clone(),
            stem: "power",
            table: power.clone(),
        },
        Figure {
            id: "sizing",
            title: "Plant sizing under daily gas flow".into(),
            caption: format!(
                "Each engine count's mean and p10 capacity factor and mean utilization over {} paths x {} = {} path-years, the gas arriving day by day; the recommended count is the largest whose p10 capacity factor reaches {} ({}).",
                thousands(args.size_paths),
                span(&r.plant_sizing.years),
                thousands(r.plant_sizing.path_years),
                charts::short(r.sizing_settings.min_capacity_factor),
                if args.min_capacity_factor.is_some() {
                    "given"
                } else {
                    "an assumption; --min-capacity-factor"
                }
            ),
            svg: sizing_svg.clone(),
            stem: "sizing",
            table: sizing.clone(),
        },
        Figure {
            id: "tornado",
            title: "What moves the result most (tornado)".into(),
            caption: format!(
                "{} in {}: each input alone between its p10 and p90 with the others at their medians; the trend is the chosen model's 80 % prediction interval and the model choice the weighted models' point forecasts. Local: it shows no interactions.",
                r.tornado_output.name(),
                r.tornado.year
            ),
            svg: tornado_svg.clone(),
            stem: "tornado",
            table: tornado.clone(),
        },
    ];
    let sections = vec![
        Section {
            id: "models",
            title: "Model comparison".into(),
            intro: "Every trend model fitted to the methane series (what `cmmcast fit` prints): parameters, R², AICc on the original scale, leave-one-out errors and Akaike weights.".into(),
            stem: "models",
            table: r.models.clone(),
        },
        Section {
            id: "projection",
            title: format!("Projection through the plant at {}'s point forecast", f.model),
            intro: "The deterministic energy chain, every input at its default (what `cmmcast project` prints).".into(),
            stem: "projection",
            table: r.projection_table.clone(),
        },
        Section {
            id: "simulation",
            title: "Simulated percentiles".into(),
            intro: format!(
                "Every quantity per year over {} joint paths, seed {} (what `cmmcast simulate` prints). {}",
                thousands(args.paths),
                args.seed,
                PERCENTILE_CONVENTION
            ),
            stem: "simulation",
            table: simulation.clone(),
        },
    ];
    Page {
        title: format!("{}: coal mine methane and power", site.name()),
        summary: summary(r, last),
        figures,
        sections,
        assumptions: assumptions(args, r),
        provenance: provenance(r, site),
        reproduce: reproduce(args, r, command_line),
    }
}

/// The findings in a few sentences.
fn summary(r: &Results, last: i32) -> Vec<String> {
    let f = &r.projection.forecast.forecast;
    let mut lines = Vec::new();
    lines.push(match &r.projection.forecast.selection {
        Some(why) => format!("Trend model: {}. {why}", f.model),
        None => format!("Trend model: {} (given with --model).", f.model),
    });
    let methane = simulated(&r.simulation, &r.settings, "methane_mm3");
    if let (Some(i), Some(&[p10, _, p90])) =
        (f.years.iter().position(|&y| y == last), methane.get(&last))
    {
        let bounds = f
            .intervals
            .iter()
            .map(|b| {
                format!(
                    "{} % interval {}-{}",
                    b.level.label(),
                    charts::short(b.lower[i]),
                    charts::short(b.upper[i])
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(format!(
            "Drained methane in {last}: {} million m3 by {} ({bounds}); simulated p10 to p90 {} to {} million m3.",
            charts::short(f.point[i]),
            f.model,
            charts::short(p10),
            charts::short(p90),
        ));
    }
    let electricity = simulated(&r.simulation, &r.settings, "electricity_gwh");
    let utilization = simulated(&r.simulation, &r.settings, "utilization");
    if let (Some(&[e10, e50, e90]), Some(&[_, u50, _])) =
        (electricity.get(&last), utilization.get(&last))
    {
        lines.push(format!(
            "Electricity in {last}: median {} GWh (p10 {}, p90 {}) from a {} MW plant, which burns a median {} % of the gas drained.",
            charts::short(e50),
            charts::short(e10),
            charts::short(e90),
            charts::short(r.plant.capacity_in(last)),
            charts::short(u50 * 100.0),
        ));
    }
    lines.push(match r.plant_sizing.recommended {
        Some(n) => {
            let mut s = format!(
                "Sizing: {n} engines of {} MW ({} MW), the largest count whose p10 capacity factor reaches {}.",
                charts::short(r.sizing.unit_mw),
                charts::short(f64::from(n) * r.sizing.unit_mw),
                charts::short(r.sizing_settings.min_capacity_factor)
            );
            if n == r.sizing_settings.max_engines {
                s.push_str(" That is the largest count tried, so more may qualify: raise --max-engines.");
            }
            s
        }
        None => format!(
            "Sizing: no count of {} MW engines reaches a p10 capacity factor of {}; try a smaller --unit-mw.",
            charts::short(r.sizing.unit_mw),
            charts::short(r.sizing_settings.min_capacity_factor)
        ),
    });
    if let Some(top) = r.tornado.bars.first() {
        lines.push(if top.swing > 0.0 {
            format!(
                "Sensitivity: {} in {} moves most with {} (swing {} {}); base case {} {}.",
                r.tornado_output.name(),
                r.tornado.year,
                top.input,
                charts::short(top.swing),
                r.tornado_output.unit(),
                charts::short(r.tornado.base.value),
                r.tornado_output.unit(),
            )
        } else {
            format!(
                "Sensitivity: no input moves {} in {}.",
                r.tornado_output.name(),
                r.tornado.year
            )
        });
    }
    if r.plant.grid_factor_t_per_mwh.is_none() {
        lines.push("No grid emission factor was given (--grid-factor), so avoided CO2e counts methane destruction only.".into());
    }
    lines
}

/// Every assumption with its value, unit and source.
fn assumptions(args: &ReportArgs, r: &Results) -> Vec<Assumption> {
    let mut rows: Vec<Assumption> = r
        .plant
        .assumptions()
        .iter()
        .map(|a| Assumption {
            group: "plant",
            name: a.name.to_string(),
            value: value_text(&a.value),
            unit: a.unit.to_string(),
            source: origin_text(&a.origin),
        })
        .collect();
    let gas = methane_properties(r.plant.basis);
    for (name, value, unit, source) in [
        (
            "lhv_mj_per_m3",
            gas.lhv_mj_per_m3,
            "MJ/m3",
            METHANE_PROPERTIES_SOURCE,
        ),
        (
            "density_kg_per_m3",
            gas.density_kg_per_m3,
            "kg/m3",
            METHANE_PROPERTIES_SOURCE,
        ),
        (
            "co2_t_per_t_ch4_burnt",
            CO2_T_PER_T_CH4_BURNT,
            "t CO2 per t CH4",
            "44/16, UN CDM ACM0008",
        ),
        (
            "hours_per_year",
            HOURS_PER_YEAR,
            "h",
            "convention: 365 days",
        ),
    ] {
        rows.push(Assumption {
            group: "constant",
            name: name.into(),
            value: value.to_string(),
            unit: unit.into(),
            source: source.into(),
        });
    }
    let scenario_source = format!("scenario \"{}\" ({})", r.scenario.name, r.scenario.origin);
    for (key, sampler, per_year) in r.inputs.entries() {
        let flag_given = match key.name() {
            "efficiency" => args.plant.efficiency.is_some(),
            "availability" => args.plant.availability.is_some(),
            "share_to_power" => args.plant.share_to_power.is_some(),
            "parasitic_fraction" => args.plant.parasitic_fraction.is_some(),
            "gas_concentration" => args.plant.gas_concentration.is_some(),
            "min_concentration" => args.plant.min_concentration.is_some(),
            "destruction_efficiency" => args.plant.destruction_efficiency.is_some(),
            _ => false,
        };
        rows.push(Assumption {
            group: "uncertain input",
            name: key.name().into(),
            value: format!(
                "{}{}",
                describe(&sampler.spec()),
                if *per_year {
                    ", drawn every year"
                } else {
                    ", drawn once per path"
                }
            ),
            unit: String::new(),
            source: if flag_given {
                "given (command line), fixing the scenario's value".into()
            } else {
                scenario_source.clone()
            },
        });
    }
    for (name, (spec, per_year, given)) in [
        ("flow_cv", r.flow.cv()),
        ("flow_autocorrelation", r.flow.autocorrelation()),
    ] {
        rows.push(Assumption {
            group: "daily flow",
            name: name.into(),
            value: format!(
                "{}{}",
                describe(&spec),
                if per_year { ", drawn every year" } else { "" }
            ),
            unit: if name == "flow_cv" {
                "coefficient of variation of daily flow".into()
            } else {
                "lag-1 correlation of log daily flow".into()
            },
            source: if given {
                scenario_source.clone()
            } else {
                format!(
                    "not in the scenario: {} (daily flow constant or independent)",
                    describe(&spec)
                )
            },
        });
    }
    let given = |flag: bool, default: &str| {
        if flag {
            "given (command line)".to_string()
        } else {
            default.to_string()
        }
    };
    let s = &r.sizing_settings;
    rows.extend([
        Assumption {
            group: "sizing",
            name: "unit_mw".into(),
            value: s.unit_mw.to_string(),
            unit: "MW per engine".into(),
            source: r.unit_mw_source.clone(),
        },
        Assumption {
            group: "sizing",
            name: "min_load".into(),
            value: s.min_load.to_string(),
            unit: "fraction of full load".into(),
            source: given(args.min_load.is_some(), MIN_LOAD_SOURCE),
        },
        Assumption {
            group: "sizing",
            name: "min_capacity_factor".into(),
            value: s.min_capacity_factor.to_string(),
            unit: "p10 capacity factor the recommended count must reach".into(),
            source: given(
                args.min_capacity_factor.is_some(),
                MIN_CAPACITY_FACTOR_SOURCE,
            ),
        },
        Assumption {
            group: "sizing",
            name: "max_engines".into(),
            value: s.max_engines.to_string(),
            unit: "largest engine count tried".into(),
            source: given(args.max_engines.is_some(), "default of cmmcast size"),
        },
        Assumption {
            group: "rule",
            name: "recommendation".into(),
            value: RECOMMENDATION_RULE.into(),
            unit: String::new(),
            source: "docs/METHODS.md, section 11.5".into(),
        },
        Assumption {
            group: "rule",
            name: "engines".into(),
            value: ENGINE_RULE.into(),
            unit: String::new(),
            source: "docs/METHODS.md, section 11.5".into(),
        },
        Assumption {
            group: "rule",
            name: "daily flow".into(),
            value: FLOW_MODEL.into(),
            unit: String::new(),
            source: "docs/METHODS.md, section 11.5".into(),
        },
        Assumption {
            group: "rule",
            name: "tornado".into(),
            value: TORNADO_RULE.into(),
            unit: String::new(),
            source: "docs/METHODS.md, section 11.6".into(),
        },
        Assumption {
            group: "rule",
            name: "intervals".into(),
            value: r
                .projection
                .forecast
                .forecast
                .interval_method
                .describe()
                .into(),
            unit: String::new(),
            source: "docs/METHODS.md, sections 3 and 6".into(),
        },
        Assumption {
            group: "rule",
            name: "percentiles".into(),
            value: PERCENTILE_CONVENTION.into(),
            unit: String::new(),
            source: "docs/METHODS.md, section 11.4".into(),
        },
    ]);
    rows
}

/// Where a value came from, in the words `meta` uses.
fn origin_text(origin: &Origin) -> String {
    serde_json::to_value(origin)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A value of `meta` in words: numbers and text plainly, lists and objects compactly.
fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "none".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "none".into(),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "source")
            .map(|(k, v)| format!("{k} {}", value_text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// A distribution in words (`DistributionSpec::describe`), a fixed value read as
/// `fixed at 0.995` in the page's sentences.
fn describe(spec: &DistributionSpec) -> String {
    match *spec {
        DistributionSpec::Fixed { value } => format!("fixed at {value}"),
        _ => spec.describe(),
    }
}

/// Where the data comes from.
fn provenance(r: &Results, site: &Site) -> Vec<(String, String)> {
    let facts = &site.facts;
    let mut rows = vec![
        ("input".to_string(), r.dataset.origin().to_string()),
        ("site".to_string(), facts.name.clone()),
        (
            "kind of data".to_string(),
            facts.data_kind.as_str().to_string(),
        ),
        ("volume basis".to_string(), facts.volume_basis.describe()),
        (
            "years".to_string(),
            span(&r.projection.forecast.forecast.in_sample.years),
        ),
    ];
    if let Some(source) = &facts.source {
        rows.push(("source".into(), source.citation.clone()));
        if let Some(locator) = &source.locator {
            rows.push(("where in the source".into(), locator.clone()));
        }
        if let Some(url) = &source.url {
            rows.push(("source location".into(), url.clone()));
        }
        if let Some(language) = &source.language {
            rows.push(("language of the source".into(), language.clone()));
        }
    } else {
        rows.push(("source".into(), "not stated in the site facts".into()));
    }
    if let Some(note) = &facts.note {
        rows.push(("note".into(), note.clone()));
    }
    rows.push((
        "scenario".into(),
        format!(
            "{} ({}): {}",
            r.scenario.name, r.scenario.origin, r.scenario.description
        ),
    ));
    rows
}

/// What it takes to make the same report again.
fn reproduce(args: &ReportArgs, r: &Results, command_line: &str) -> Vec<(String, String)> {
    vec![
        ("command line".into(), command_line.to_string()),
        ("cmmcast version".into(), env!("CARGO_PKG_VERSION").to_string()),
        ("seed".into(), args.seed.to_string()),
        ("simulation paths".into(), thousands(args.paths)),
        ("sizing paths".into(), thousands(args.size_paths)),
        (
            "percentiles".into(),
            r.settings
                .percentiles
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "random streams".into(),
            "one ChaCha8 stream per path, keyed by the seed: the same command line and version give the same numbers on any machine and any number of threads".into(),
        ),
        (
            "files".into(),
            "report.html (this page); forecast, power, sizing and tornado as .svg, .csv and .json; simulation, models and projection as .csv and .json; .cmmcast-report lists them".into(),
        ),
    ]
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
        assert_eq!(percentiles(&[10.0, 50.0, 90.0]), [10.0, 50.0, 90.0]);
        assert_eq!(percentiles(&[95.0, 5.0]), [5.0, 10.0, 50.0, 90.0, 95.0]);
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
