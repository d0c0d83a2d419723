//! The command line, declared with clap. Every flag says its unit and its default.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use cmmcast_forecast::choice::IntervalChoice;
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::energy::{GwpSet, SurplusFate};
use cmmcast_forecast::trend::{ModelChoice, SeriesKind};

use crate::render::OutputFormat;

/// The version `cmmcast --version` prints: the package version and the git commit it was built
/// from (`0.1.0 (abc1234)`; `abc1234-dirty` with uncommitted changes, `unknown` when built
/// outside a git checkout), recorded by the build script.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CMMCAST_COMMIT"), ")");

/// Forecasts of coal-mine methane drainage and what a power station can make of it.
#[derive(Debug, Parser)]
#[command(
    name = "cmmcast",
    version = VERSION,
    // Plain text everywhere, so NO_COLOR, pipes and dumb terminals need no special case (help
    // and errors are rendered as plain strings in `run` anyway; docs/ARCHITECTURE.md, "Colour").
    color = clap::ColorChoice::Never,
    about = "Coal-mine methane forecasts: drainage from a production plan, and what a power \
             station can make of it.",
    long_about = "Coal-mine methane forecasts: drainage from a production plan, and what a power \
                  station can make of it.\n\nEvery command works with no input file, on the \
                  embedded Songzao plan 2012-2016 (Chongqing, China; 26.9 MW power station). \
                  Give your own data with --input FILE (CSV, JSON, TOML or a workbook; `cmmcast docs \
                  data` describes them).\n\n\
                  Data goes to standard output, messages to standard error. Exit codes: 0 \
                  success, 2 bad input or usage, 1 anything else.",
    after_help = "Documentation: `cmmcast docs data`, `cmmcast docs methods` and `cmmcast docs \
                  sources` print the bundled docs/DATA.md (input formats), docs/METHODS.md \
                  (equations and defaults) and docs/SOURCES.md (every reference cited as \
                  [SOURCES: KEY])."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the dataset: year, coal_kt, methane_mm3 and intensity_m3_per_t (m3 of methane per
    /// tonne of coal).
    Data(DataArgs),
    /// Fit every trend model to a series and compare them: one row per model with named
    /// parameters, R², AICc, leave-one-out RMSE and MAPE, Akaike weight and status.
    Fit(FitArgs),
    /// Forecast a series with intervals: year, point, lower_80, upper_80, lower_95, upper_95
    /// (columns follow --level).
    Forecast(ForecastArgs),
    /// Carry the methane forecast through the power plant: gas burnt and left over,
    /// electricity, capacity factor, avoided emissions and the capacity needed, per year.
    Project(Box<ProjectArgs>),
    /// Monte Carlo through the whole chain: per year and quantity (methane_mm3, burnt_mm3,
    /// surplus_mm3, utilization, electricity_gwh, co2e_avoided_kt) the percentiles, mean, sd
    /// and the Monte Carlo standard error of each percentile.
    Simulate(Box<SimulateArgs>),
    /// Plant sizing under variable daily gas flow and by value: for 1 to --max-engines engines
    /// of --unit-mw MW, the mean electricity, capacity factor (mean and p10), utilization,
    /// surplus and the probability of days short of gas over the simulated paths and years;
    /// each count's expected NPV, NPV p10 and p90, P(NPV < 0), and its last engine's own
    /// capacity factor and NPV; and the recommended count: the highest expected NPV (--rule
    /// npv) or the largest count whose p10 capacity factor reaches --min-capacity-factor
    /// (--rule capacity-factor).
    ///
    /// Each path-year's gas (the annual paths of `simulate` with the same seed) arrives day by
    /// day with the scenario's flow_cv and flow_autocorrelation; an engine runs between
    /// --min-load and full load. Each count is a new plant built the year before the first
    /// forecast year and valued over --lifetime-years (docs/METHODS.md, section 11.5). The
    /// plant's own capacity with any --add is valued beside them as a build schedule.
    Size(Box<SizeArgs>),
    /// Cash flows and what a decision is taken on: per year (the year before the first
    /// forecast year, which carries the capex, then each operating year) year,
    /// electricity_net_mwh, revenue_power, revenue_carbon, capex, opex, gas_cost, tax,
    /// cash_flow, discounted_cash_flow, cumulative_discounted; NPV, IRR, LCOE and the payback
    /// years in the notes and meta.
    ///
    /// Real terms, end-of-year cash flows; the plant's capex is paid the year before it first
    /// runs (k = 0, undiscounted), operating year k is discounted by (1 + r)^k (docs/METHODS.md,
    /// section 14). With --paths N the joint paths of `simulate` are valued one by one, each at
    /// its own draw of the prices and costs the scenario makes uncertain: NPV and IRR p10, p50,
    /// p90 and mean, and the probability that NPV < 0, each with its Monte Carlo error. With
    /// --tornado the inputs are ranked by how far they move the NPV.
    Economics(Box<EconomicsArgs>),
    /// Write a report a feasibility study can use to a folder: SVG charts (forecast fan, how
    /// often such intervals held on real series, power, sizing, tornado), a self-contained
    /// report.html with every table, assumption and source, and the CSV and JSON behind each
    /// chart.
    ///
    /// It runs what `forecast`, `fit`, `project`, `simulate`, `size` and `simulate --tornado` run,
    /// with the same inputs, scenario, seed and plant flags, and for the calibration chart what
    /// `backtest --reference --window W --min-level 1 --full-outcome --models auto` runs (W: the
    /// site's known years, 5 to 10). Files are written to temporary
    /// names and renamed, so an interrupted run leaves the previous report as it was; a folder
    /// holding files this command did not write is refused unless --force.
    Report(Box<ReportArgs>),
    /// Check the models against the past: for every origin with enough years, fit each model
    /// on the years up to it, forecast 1 to --horizon years ahead and compare with what
    /// happened. Per model and horizon: n, ME, MAE, RMSE, MAPE, MASE, the coverage of each
    /// interval level and the interval (Winkler) score, with the models ranked by MASE scaled by
    /// the naive drift forecast (`mase_drift`).
    ///
    /// Errors are actual minus forecast. MASE divides by the in-sample error of the naive
    /// drift forecast, so series of different size compare; coverage is the share of actual
    /// values inside the prediction interval (an honest 80 % interval holds about 80 %).
    /// Equations: docs/METHODS.md, "Backtests and interval calibration".
    Backtest(Box<BacktestArgs>),
    /// Print a completion script for a shell to standard output: bash, zsh, fish, elvish or
    /// powershell.
    ///
    /// For example, bash: `cmmcast completions bash >
    /// ~/.local/share/bash-completion/completions/cmmcast`; zsh: `cmmcast completions zsh >
    /// ~/.zfunc/_cmmcast` with ~/.zfunc in fpath; fish: `cmmcast completions fish >
    /// ~/.config/fish/completions/cmmcast.fish`. Open a new shell to use it.
    Completions(CompletionsArgs),
    /// Print a document bundled with cmmcast, so that an installed binary carries its
    /// documentation: `data` (docs/DATA.md: input formats, columns, units, rules), `methods`
    /// (docs/METHODS.md: every equation, default and hand calculation) or `sources`
    /// (docs/SOURCES.md: every reference in full, by the keys cited as [SOURCES: KEY]). Without
    /// a topic, lists them.
    Docs(DocsArgs),
}

/// `cmmcast docs`.
#[derive(Debug, Args)]
pub struct DocsArgs {
    /// The document to print. [default: a list of the documents]
    #[arg(value_enum, value_name = "TOPIC")]
    pub topic: Option<DocsTopic>,
}

/// A document bundled with cmmcast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocsTopic {
    /// docs/DATA.md: input formats, columns, units and rules.
    Data,
    /// docs/METHODS.md: every equation, default and hand calculation.
    Methods,
    /// docs/SOURCES.md: every reference in full.
    Sources,
}

/// `cmmcast completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// The series a model works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeriesArg {
    /// Methane drainage, million m3 a year.
    Methane,
    /// Coal output, thousand tonnes a year.
    Coal,
}

impl From<SeriesArg> for SeriesKind {
    fn from(series: SeriesArg) -> SeriesKind {
        match series {
            SeriesArg::Methane => SeriesKind::Methane,
            SeriesArg::Coal => SeriesKind::Coal,
        }
    }
}

/// The `--model` values: the library's model menu, with its descriptions as help.
fn model_choice() -> impl TypedValueParser<Value = ModelChoice> {
    PossibleValuesParser::new(
        ModelChoice::ALL.map(|choice| PossibleValue::new(choice.name()).help(choice.describe())),
    )
    // Only the names above get here, so the fallback is never used.
    .map(|name| ModelChoice::parse(&name).unwrap_or(ModelChoice::Damped))
}

/// The `--intervals` values, with their descriptions as help.
fn interval_choice() -> impl TypedValueParser<Value = IntervalChoice> {
    PossibleValuesParser::new(
        IntervalChoice::ALL.map(|choice| PossibleValue::new(choice.name()).help(choice.describe())),
    )
    // Only the names above get here, so the fallback is never used.
    .map(|name| IntervalChoice::parse(&name).unwrap_or(IntervalChoice::Calibrated))
}

/// The `--models` values: the library's models, and `auto`, the selection rule (picking again
/// at every origin), with their descriptions as help.
fn backtest_model() -> impl TypedValueParser<Value = ModelChoice> {
    PossibleValuesParser::new(
        ModelChoice::ALL
            .into_iter()
            .map(|choice| PossibleValue::new(choice.name()).help(choice.describe())),
    )
    // Only the names above get here, so the fallback is never used.
    .map(|name| ModelChoice::parse(&name).unwrap_or(ModelChoice::Linear))
}

/// The `--tornado-output` values: the library's quantities, with their units as help.
fn tornado_output() -> impl TypedValueParser<Value = Quantity> {
    PossibleValuesParser::new(Quantity::ALL.map(|q| PossibleValue::new(q.name()).help(q.unit())))
        // Only the names above get here, so the fallback is never used.
        .map(|name| Quantity::parse(&name).unwrap_or(Quantity::ElectricityGwh))
}

/// `cmmcast fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// Series to fit: methane (million m3/yr) or coal (thousand t/yr).
    #[arg(long, value_enum, default_value_t = SeriesArg::Methane)]
    pub series: SeriesArg,
    /// Ceiling of the logistic model, in the series' unit (million m3/yr for methane); without
    /// it the logistic row is refused. [default: none]
    // `--ceiling -5` is a bad ceiling for the model to refuse, not an unknown flag `-5`.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub ceiling: Option<f64>,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// `cmmcast forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Series to forecast: methane (million m3/yr) or coal (thousand t/yr).
    #[arg(long, value_enum, default_value_t = SeriesArg::Methane)]
    pub series: SeriesArg,
    #[command(flatten)]
    /// Model, horizon and levels.
    pub trend: TrendArgs,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// The trend model and horizon; shared by `forecast`, `project` and `simulate`.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Trend model. The default, damped, did best out of sample on real production series
    /// (docs/METHODS.md, section 13.6); auto picks the lowest AICc and names near-ties (in
    /// `simulate`, each path picks a model with probability equal to its Akaike weight). When
    /// the data carries a production plan (years with coal_kt and no methane_mm3), the default
    /// is intensity, methane per tonne x the planned coal. [default: damped, or intensity with
    /// a production plan]
    #[arg(long, value_parser = model_choice())]
    pub model: Option<ModelChoice>,
    /// Intervals: calibrated on real series (damped only) or the model's own. [default:
    /// calibrated with damped, model with the others]
    #[arg(long, value_parser = interval_choice())]
    pub intervals: Option<IntervalChoice>,
    /// Ceiling of the logistic model, in the series' unit (million m3/yr for methane);
    /// required with --model logistic. [default: none]
    // `--ceiling -5` is a bad ceiling for the model to refuse, not an unknown flag `-5`.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub ceiling: Option<f64>,
    /// Last forecast year (calendar year, after the last year of data). [default: 2030, or 14
    /// years after the data when it already reaches 2030, and at least the production plan's
    /// last year]
    // `--to -5` is a bad year to refuse as such, not an unknown flag `-5`.
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub to: Option<i32>,
    /// The last year the mine drains gas (calendar year, after the data and the production
    /// plan): drainage is 0 after it, and the plant and its economics stop with it. Emission
    /// from the abandoned mine after closure is not modelled. Over the site facts'
    /// closure_year. [default: the site facts', else none]
    // `--closure-year -5` is a bad year to refuse as such, not an unknown flag `-5`.
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub closure_year: Option<i32>,
    /// Every site of the file feeds one plant, which sees the sum of their methane (each mine
    /// forecast on its own history; the plant's facts given on one site or the same on each).
    /// Sites whose facts name a plant (plant_name) feed it without this flag; --site may name
    /// the plant. [default: each site, or each named plant, on its own]
    #[arg(long)]
    pub combine: bool,
    /// For a plant fed by several mines: the correlation between the mines' deviations from
    /// their forecasts, from 0 (independent) to 1 (moving together); in the simulation it is
    /// their rank correlation (docs/METHODS.md, section 11.7). [default: 1, the conservative
    /// choice for sizing and risk]
    #[arg(long, value_name = "RHO", allow_negative_numbers = true)]
    pub mine_correlation: Option<f64>,
}

/// The trend model, horizon and interval levels; shared by `forecast` and `project`.
#[derive(Debug, Clone, Args)]
pub struct TrendArgs {
    #[command(flatten)]
    /// Model and horizon.
    pub model: ModelArgs,
    /// Interval levels in per cent, comma separated, each strictly between 0 and 100.
    #[arg(
        long,
        alias = "levels",
        value_name = "LEVELS",
        value_delimiter = ',',
        allow_negative_numbers = true,
        default_value = "80,95"
    )]
    pub level: Vec<f64>,
}

/// `cmmcast project`.
#[derive(Debug, Args)]
pub struct ProjectArgs {
    #[command(flatten)]
    /// Model, horizon and levels of the methane forecast.
    pub trend: TrendArgs,
    /// Scenario file (TOML) with the uncertain inputs; see docs/DATA.md. A scenario
    /// distribution of a plant value replaces the site's value with its median (as `simulate`
    /// centres on it), and a plan adherence scales the forecast years by its median; flags
    /// override both. [default: the embedded data/scenarios/songzao-default.toml, spreads
    /// around the site's own values, which leave the projection as the site facts give it]
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    #[command(flatten)]
    /// The plant and the accounting.
    pub plant: PlantArgs,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// `cmmcast simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    /// Model and horizon.
    pub model: ModelArgs,
    /// Scenario file (TOML) with the uncertain inputs; see docs/DATA.md. Scenario keys
    /// override site facts; flags override both. [default: the embedded
    /// data/scenarios/songzao-default.toml]
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Number of joint sample paths, 1 to 50,000,000 (memory does not grow beyond 32,768).
    #[arg(long, value_name = "N", default_value_t = cmmcast_forecast::sim::DEFAULT_PATHS, allow_negative_numbers = true)]
    pub paths: usize,
    /// Seed of the random streams; each path's stream derives from (seed, path index), so
    /// output is identical for any number of threads.
    // `--seed -1` is a bad seed to refuse as such, not an unknown flag `-1`.
    #[arg(long, value_name = "N", default_value_t = cmmcast_forecast::rng::DEFAULT_SEED, allow_negative_numbers = true)]
    pub seed: u64,
    /// Percentiles to report, comma separated, each strictly between 0 and 100; columns are
    /// named p + the number (p10 is the 10th percentile, a low value).
    #[arg(
        long,
        alias = "percentile",
        value_name = "LIST",
        value_delimiter = ',',
        allow_negative_numbers = true,
        default_value = "10,50,90"
    )]
    pub percentiles: Vec<f64>,
    /// Worker threads, 1 to 1024. [default: RAYON_NUM_THREADS, or the number of cores]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Also write every path as a long CSV (path, model, year and the quantities) to FILE,
    /// through a temporary file renamed into place; `-` (or a named pipe, or a device) is
    /// written as a stream, and with `-` the table goes to standard error. An existing file
    /// needs --force; an input file is never written over.
    #[arg(long, value_name = "FILE")]
    pub paths_out: Option<PathBuf>,
    /// Replace an existing --paths-out file (an input file is refused even so).
    #[arg(long)]
    pub force: bool,
    /// No progress bar. (It is shown on standard error only when that is a terminal and the
    /// run is long: at least 2,000,000 path-years.)
    #[arg(long)]
    pub quiet: bool,
    /// Rank the inputs by how much they move one output in one year instead of simulating
    /// (a tornado): each input between its p10 and p90 with the others at their medians, the
    /// trend's 80 % prediction interval and the choice of model each as one input. Columns:
    /// input, low, high, output_low, output_high, swing, settings. No paths are drawn.
    #[arg(long)]
    pub tornado: bool,
    /// Output the tornado ranks by (with --tornado): electricity_gwh (GWh), utilization
    /// (burnt / drained), burnt_mm3, surplus_mm3, methane_mm3 (million m3/yr) or
    /// co2e_avoided_kt (kt CO2e/yr), as `report --tornado-output`. [default: electricity_gwh]
    // Spelt `--output` before 0.1.0's flag review; the old name is kept as a hidden alias.
    #[arg(long, alias = "output", value_name = "QUANTITY", value_parser = tornado_output())]
    pub tornado_output: Option<Quantity>,
    /// Forecast year the tornado ranks (with --tornado; calendar year, after the data and at
    /// most --to), as `report --tornado-year`. [default: the last simulated year, 2030 for
    /// Songzao]
    // Spelt `--year` before 0.1.0's flag review; the old name is kept as a hidden alias.
    #[arg(
        long,
        alias = "year",
        value_name = "YEAR",
        allow_negative_numbers = true
    )]
    pub tornado_year: Option<i32>,
    #[command(flatten)]
    /// The plant and the accounting.
    pub plant: PlantArgs,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// `cmmcast size`.
#[derive(Debug, Args)]
#[command(
    mut_arg("unit_mw", |arg| arg.help(
        "Engine unit size, MW, from 0.01 to 1000: rows are 1, 2, ..., --max-engines engines of \
         this size. [default: the site facts' plant.unit_mw; 2.0, a Caterpillar G3520-class unit]"
    )),
    mut_arg("target_utilization", |arg| arg.help(
        "Not used by size (it sizes the capacity-needed columns of project)."
    )),
    mut_arg("capacity_mw", |arg| arg.help(
        "The rows replace the installed capacity with 1, 2, ..., --max-engines engines; with \
         --add, the capacity before the additions of the build schedule valued beside them."
    )),
    mut_arg("add", |arg| arg.help(
        "A build schedule, valued beside the engine counts on the same paths and prices: \
         --capacity-mw (or the site's plant) plus these additions, as YEAR:MW pairs (e.g. \
         2018:10,2021:20), each addition's capex paid the year before it runs. Compare it with \
         the engine count of the same final capacity built at once."
    )),
)]
pub struct SizeArgs {
    #[command(flatten)]
    /// Model and horizon.
    pub model: ModelArgs,
    /// Size for this forecast year only (a calendar year after the data; beyond the default
    /// horizon it extends the paths when --to is not given). [default: every forecast year,
    /// aggregated]
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub year: Option<i32>,
    /// Largest engine count tried, 1 to 1000: one row for each count from 1 to N. [default: 40]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_engines: Option<u32>,
    /// Lowest load an engine runs at, fraction of full load, in [0, 1]; a day with less gas
    /// than that for one engine burns nothing. [default: 0.5; engines run down to about 50 %
    /// load, [SOURCES: engine-practice]]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub min_load: Option<f64>,
    /// With --rule capacity-factor: the recommended count is the largest whose p10 capacity
    /// factor (over the path-years) is at least this, in [0, 1]. [default: 0.6, an assumption]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub min_capacity_factor: Option<f64>,
    /// How the recommended count is picked: npv, the count with the highest expected NPV over
    /// the paths (each count a new plant built the year before the first forecast year, valued
    /// over its lifetime at the economic flags' prices); capacity-factor, the largest count
    /// whose p10 capacity factor reaches --min-capacity-factor (cmmcast 0.1's rule).
    #[arg(long, value_enum, value_name = "RULE", default_value_t = RuleArg::Npv)]
    pub rule: RuleArg,
    /// Scenario file (TOML) with the uncertain inputs, including flow_cv and
    /// flow_autocorrelation (the daily flow's variability); see docs/DATA.md. Scenario keys
    /// override site facts; flags override both. [default: the embedded
    /// data/scenarios/songzao-default.toml]
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Number of joint sample paths, 1 to 50,000,000 (with paths x years x engine counts at
    /// most 100 million).
    #[arg(long, value_name = "N", default_value_t = cmmcast_forecast::sim::DEFAULT_SIZE_PATHS, allow_negative_numbers = true)]
    pub paths: usize,
    /// Seed of the random streams; the annual paths are those of `simulate` with the same
    /// seed, and output is identical for any number of threads.
    // `--seed -1` is a bad seed to refuse as such, not an unknown flag `-1`.
    #[arg(long, value_name = "N", default_value_t = cmmcast_forecast::rng::DEFAULT_SEED, allow_negative_numbers = true)]
    pub seed: u64,
    /// Worker threads, 1 to 1024. [default: RAYON_NUM_THREADS, or the number of cores]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    #[command(flatten)]
    /// The plant and the accounting.
    pub plant: PlantArgs,
    #[command(flatten)]
    /// Prices, costs and discounting of the valuation.
    pub economics: EconomicArgs,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// Prices, costs, tax, discounting and lifetime of the valuation; each overrides a scenario and
/// the site facts' `economics` table, which override the defaults (whose sources `meta`
/// gives; docs/METHODS.md, section 14.3).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Economics")]
pub struct EconomicArgs {
    /// Installed cost per kW of capacity (engines, gas treatment, grid connection), currency
    /// per kW, at least 0. [default: 9902 CNY/kW, an assumption built on US engine costs]
    #[arg(long, value_name = "PER_KW", allow_negative_numbers = true)]
    pub capex_per_kw: Option<f64>,
    /// Fixed operation and maintenance, currency per kW per year, at least 0. [default: 0]
    #[arg(long, value_name = "PER_KW_YEAR", allow_negative_numbers = true)]
    pub opex_per_kw_year: Option<f64>,
    /// Variable operation and maintenance, currency per net MWh, at least 0. [default: 122.3
    /// CNY/MWh]
    #[arg(long, value_name = "PER_MWH", allow_negative_numbers = true)]
    pub opex_per_mwh: Option<f64>,
    /// Power price received, subsidy included, currency per net MWh, at least 0. [default:
    /// 623.6 CNY/MWh: China's average coal benchmark 373.6 plus the CMM premium 250]
    #[arg(long, value_name = "PER_MWH", allow_negative_numbers = true)]
    pub tariff_per_mwh: Option<f64>,
    /// Carbon price, currency per t CO2e, at least 0. [default: 56 CNY/t, China ETS 2023]
    #[arg(long, value_name = "PER_T", allow_negative_numbers = true)]
    pub carbon_price_per_t: Option<f64>,
    /// Fraction of the avoided emissions that is sold, in [0, 1]. [default: 0, as engine gas
    /// of 8 % CH4 or more earns no CCER credit today]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub carbon_share: Option<f64>,
    /// Cost of the gas burnt, currency per m3 of methane, at least 0. [default: 0]
    #[arg(long, value_name = "PER_M3", allow_negative_numbers = true)]
    pub gas_cost_per_m3: Option<f64>,
    /// Tax rate on positive taxable profit, in [0, 1). [default: 0.25, China's enterprise
    /// income tax]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub tax_rate: Option<f64>,
    /// Years over which each capex is depreciated straight-line for tax, at least 1.
    /// [default: 15]
    #[arg(long, value_name = "YEARS", allow_negative_numbers = true)]
    pub depreciation_years: Option<f64>,
    /// Real discount rate, a fraction above -1 (0.08 is 8 %). [default: 0.08]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub discount_rate: Option<f64>,
    /// Operating years valued, from the first forecast year, at least 1; beyond the default
    /// horizon the forecast is extended when --to is not given. [default: 15]
    #[arg(long, value_name = "YEARS", allow_negative_numbers = true)]
    pub lifetime_years: Option<f64>,
    /// Label of the money amounts (currency and price year), such as "USD 2024". [default: CNY
    /// (real terms)]
    #[arg(long, value_name = "LABEL")]
    pub currency: Option<String>,
}

/// `cmmcast economics`.
#[derive(Debug, Args)]
pub struct EconomicsArgs {
    #[command(flatten)]
    /// Model and horizon.
    pub model: ModelArgs,
    /// Scenario file (TOML) with the uncertain inputs, prices and costs among them; see
    /// docs/DATA.md. A scenario distribution replaces the site's value with its median in the
    /// cash-flow table; flags override both. [default: the embedded
    /// data/scenarios/songzao-default.toml]
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Value this many joint sample paths (1 to 50,000,000) and report the distribution of NPV
    /// and IRR; without it only the cash flows at the central values. [default: none]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub paths: Option<usize>,
    /// Seed of the random streams: the paths are those of `simulate` with the same seed over
    /// the same years (the operating years: `simulate --to 2031` for Songzao's default
    /// lifetime).
    // `--seed -1` is a bad seed to refuse as such, not an unknown flag `-1`.
    #[arg(long, value_name = "N", default_value_t = cmmcast_forecast::rng::DEFAULT_SEED, allow_negative_numbers = true)]
    pub seed: u64,
    /// Worker threads, 1 to 1024. [default: RAYON_NUM_THREADS, or the number of cores]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Rank the inputs (plant values, plan adherence, the trend, the model choice, prices and
    /// costs) by how far they move the NPV between their p10 and p90, the others at their
    /// medians, instead of printing the cash flows.
    #[arg(long)]
    pub tornado: bool,
    #[command(flatten)]
    /// The plant and the accounting.
    pub plant: PlantArgs,
    #[command(flatten)]
    /// Prices, costs and discounting.
    pub economics: EconomicArgs,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// The `--rule` values of `size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleArg {
    /// The engine count with the highest expected NPV.
    Npv,
    /// The largest count whose p10 capacity factor reaches --min-capacity-factor.
    CapacityFactor,
}

impl From<RuleArg> for cmmcast_forecast::sim::RecommendationRule {
    fn from(rule: RuleArg) -> Self {
        match rule {
            RuleArg::Npv => cmmcast_forecast::sim::RecommendationRule::MaxExpectedNpv,
            RuleArg::CapacityFactor => cmmcast_forecast::sim::RecommendationRule::CapacityFactor,
        }
    }
}

/// `cmmcast backtest`.
#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Series to backtest: methane (million m3/yr) or coal (thousand t/yr).
    #[arg(long, value_enum, default_value_t = SeriesArg::Methane)]
    pub series: SeriesArg,
    /// Models to backtest, comma separated; auto backtests the selection rule itself (at every
    /// origin it picks the lowest AICc again); rw-drift and damped run only when named.
    /// [default: linear, exponential, quadratic, gm11, intensity, and logistic when --ceiling
    /// is given]
    #[arg(long, alias = "model", value_name = "LIST", value_delimiter = ',', value_parser = backtest_model())]
    pub models: Vec<ModelChoice>,
    /// Ceiling of the logistic model, in the series' unit (million m3/yr for methane);
    /// required with logistic in --models. [default: none]
    // `--ceiling -5` is a bad ceiling for the model to refuse, not an unknown flag `-5`.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub ceiling: Option<f64>,
    /// Years in the first fit: the first origin is the last of them, and each later origin
    /// adds a year. At least the minimum of every model backtested (3 for linear,
    /// exponential, intensity, logistic, rw-drift and damped; 4 for quadratic and gm11).
    /// [default: each model's own minimum]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub min_train: Option<usize>,
    /// Forecast 1 to H years ahead of each origin (calendar years: a gap in the data leaves
    /// that year out), 1 to 200 (with --reference, 1 to 50). [default: 1, R's tsCV() default;
    /// with --reference, 10]
    #[arg(long, value_name = "H", allow_negative_numbers = true)]
    pub horizon: Option<usize>,
    /// Backtest on a reference class of real series instead of the data: every run of
    /// --window consecutive years of every series, forecast 1 to --horizon years ahead. FILE is
    /// a CSV with a group column (country, mine), year and value columns (docs/DATA.md,
    /// "Reference classes"), or a cmmcast dataset; without FILE, the embedded national coal and
    /// gas production of the BP Statistical Review 2021 (data/reference/).
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "embedded")]
    pub reference: Option<PathBuf>,
    /// With --reference: known years per window, 2 to 60. [default: 5, a plan's length]
    #[arg(long, value_name = "W", allow_negative_numbers = true)]
    pub window: Option<usize>,
    /// With --reference: a window starts every N years of a series, 1 to 60. [default: 1]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub step: Option<usize>,
    /// With --reference: leave out series whose values average below X, in the series' unit
    /// (small producers). [default: 0]
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub min_level: Option<f64>,
    /// With --reference: only windows followed by all --horizon years, so that every horizon
    /// is judged on the same windows.
    #[arg(long)]
    pub full_outcome: bool,
    /// With --reference: only the series of this value column (such as coal_mt). [default:
    /// every column]
    #[arg(long, value_name = "COLUMN")]
    pub quantity: Option<String>,
    /// Interval levels in per cent, comma separated, each strictly between 0 and 100; one
    /// coverage and one Winkler column per level.
    #[arg(
        long,
        alias = "levels",
        value_name = "LEVELS",
        value_delimiter = ',',
        allow_negative_numbers = true,
        default_value = "80,95"
    )]
    pub level: Vec<f64>,
    /// Also write every forecast as a long CSV to FILE, for plotting: site, model, origin,
    /// n_train, year, horizon, actual, point, the bounds at each level, error and
    /// scaled_error. Written as `--paths-out` is: `-` is standard output (the table then goes
    /// to standard error), an existing file needs --force, an input file is never written over.
    #[arg(long, value_name = "FILE")]
    pub details: Option<PathBuf>,
    /// Replace an existing --details file (an input file is refused even so).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// Plant and accounting settings; each overrides the site facts' `plant` table, which
/// overrides the defaults.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Plant and accounting")]
pub struct PlantArgs {
    /// Installed electrical capacity, MW, from 0 to 10000 (with any --add included). [default: the
    /// site facts' plant_capacity_mw; 26.9 for Songzao]
    #[arg(long, value_name = "MW", allow_negative_numbers = true)]
    pub capacity_mw: Option<f64>,
    /// Electrical efficiency, fraction of the lower heating value, from 0.01 to 0.6. [default: 0.38]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub efficiency: Option<f64>,
    /// Availability, fraction of the year at full load, in (0, 1]. [default: 0.90]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub availability: Option<f64>,
    /// Share of the drained methane sent to power, in [0, 1]. [default: 1.0]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub share_to_power: Option<f64>,
    /// Parasitic load, fraction of gross output, in [0, 1]. [default: 0.0]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub parasitic_fraction: Option<f64>,
    /// CH4 concentration of the drained gas, in (0, 1]. [default: 1.0, i.e. not modelled]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub gas_concentration: Option<f64>,
    /// Lowest CH4 concentration the engines accept, in [0, 1]; Chinese rules forbid burning
    /// drained gas below 0.30 directly. [default: 0.0]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub min_concentration: Option<f64>,
    /// Share of the burnt methane the engines destroy, in (0, 1]. [default: 0.995]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub destruction_efficiency: Option<f64>,
    /// 100-year GWP set of CH4: sar (21), ar4 (25), ar5 (28), ar6 (29.8). [default: ar5, the
    /// set UNFCCC reporting uses]
    #[arg(long, value_name = "SET", value_parser = gwp_set())]
    pub gwp: Option<GwpSet>,
    /// Grid emission factor, t CO2 per MWh, from 0 to 10; without it grid displacement is left
    /// out of co2e_avoided_kt. [default: none]
    #[arg(long, value_name = "T_PER_MWH", allow_negative_numbers = true)]
    pub grid_factor: Option<f64>,
    /// Where the methane sent to power but not burnt goes: vent (nothing credited) or flare
    /// (counted as destroyed methane in co2e_avoided_kt, earning no power). [default: vent]
    #[arg(long, value_name = "FATE", value_parser = surplus_fate())]
    pub surplus: Option<SurplusFate>,
    /// Share of the flared methane the flare destroys, in (0, 1]: 0.90 for an enclosed flare,
    /// 0.50 for an open one (CDM flaring tool); used with --surplus flare. [default: 0.90]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub flare_efficiency: Option<f64>,
    /// Metering temperature of the methane volumes, °C: 0, 15 or 20 (at 101.325 kPa).
    /// [default: the site facts' volume basis; 20]
    #[arg(long, value_name = "CELSIUS", value_parser = ["0", "15", "20"])]
    pub basis: Option<String>,
    /// Capacity added from a year on, as YEAR:MW pairs, comma separated (e.g. 2018:10,2021:20).
    /// [default: the site facts' plant.capacity_additions; none]
    #[arg(long, value_name = "YEAR:MW", value_delimiter = ',')]
    pub add: Vec<String>,
    /// Share of the drained methane the capacity-needed columns size for, in (0, 1].
    /// [default: 0.9]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub target_utilization: Option<f64>,
    /// Engine unit size for the engines-needed column, MW, from 0.01 to 1000. [default: 2.0]
    #[arg(long, value_name = "MW", allow_negative_numbers = true)]
    pub unit_mw: Option<f64>,
}

/// The `--gwp` values, from the library's list.
fn gwp_set() -> impl TypedValueParser<Value = GwpSet> {
    PossibleValuesParser::new(GwpSet::ALL.map(|g| PossibleValue::new(g.name())))
        // Only the names above get here, so the fallback is never used.
        .map(|name| GwpSet::parse(&name).unwrap_or(GwpSet::Ar5))
}

/// The `--surplus` values, from the library's list.
fn surplus_fate() -> impl TypedValueParser<Value = SurplusFate> {
    PossibleValuesParser::new(SurplusFate::ALL.map(|f| PossibleValue::new(f.name())))
        // Only the names above get here, so the fallback is never used.
        .map(|name| SurplusFate::parse(&name).unwrap_or_default())
}

/// Where the data comes from; shared by every command that reads a dataset.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Data file: CSV, JSON, TOML or a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods), chosen by
    /// the extension (.json, .toml, the workbooks'; anything else is read as CSV, and a workbook
    /// under another name is recognised by its first bytes). Columns: year, coal_kt (thousand
    /// t/yr), methane_mm3 (million m3 CH4/yr), optional site. [default: the embedded Songzao
    /// plan 2012-2016]
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// The sheet of a workbook --input to read (its name as the spreadsheet shows it).
    /// [default: the workbook's first sheet]
    #[arg(long, value_name = "NAME", requires = "input")]
    pub sheet: Option<String>,

    /// Site-facts file (TOML or JSON, the `[[sites]]` shape without rows) that sets plant
    /// capacity (MW), volume basis and provenance for the data's sites. [default: the facts in
    /// the input file; for the embedded data, data/songzao-site.toml]
    #[arg(long, value_name = "FILE")]
    pub facts: Option<PathBuf>,

    /// Use only this site (name as in the data, case-sensitive). [default: every site]
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
}

/// How to print a table.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format: `table` rounds for reading in a terminal; `csv` and `json` carry full
    /// precision (shortest round-trip form) for other programs.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Columns to print, comma separated, in the order given (every format). [default: every
    /// column in CSV and JSON; in a table, those that fit 120 characters, the rest named in a
    /// note]
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub columns: Vec<String>,
}

/// `cmmcast data`.
#[derive(Debug, Args)]
pub struct DataArgs {
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
    #[command(flatten)]
    /// Output format.
    pub output: OutputArgs,
}

/// `cmmcast report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Folder to write the report into; created when missing. A folder holding files that
    /// `cmmcast report` did not write is refused unless --force.
    #[arg(long, value_name = "DIR", default_value = "cmmcast-report")]
    pub out: PathBuf,
    /// Write into --out even when it holds files `cmmcast report` did not write (they are left
    /// as they are; the report's own files are replaced).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    /// Model and horizon.
    pub model: ModelArgs,
    /// Scenario file (TOML) with the uncertain inputs; see docs/DATA.md. Scenario keys
    /// override site facts; flags override both. [default: the embedded
    /// data/scenarios/songzao-default.toml]
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Number of joint sample paths of the simulation (the fans of forecast.svg and
    /// power.svg), 1 to 50,000,000.
    #[arg(long, value_name = "N", default_value_t = cmmcast_forecast::sim::DEFAULT_PATHS, allow_negative_numbers = true)]
    pub paths: usize,
    /// Seed of the random streams, shared by the simulation and the sizing (as `simulate` and
    /// `size` use it).
    // `--seed -1` is a bad seed to refuse as such, not an unknown flag `-1`.
    #[arg(long, value_name = "N", default_value_t = cmmcast_forecast::rng::DEFAULT_SEED, allow_negative_numbers = true)]
    pub seed: u64,
    /// Percentiles of the simulation table, comma separated, each strictly between 0 and 100;
    /// 10, 50 and 90 are always included (the charts draw them; p10 is a low value).
    #[arg(
        long,
        alias = "percentile",
        value_name = "LIST",
        value_delimiter = ',',
        allow_negative_numbers = true,
        default_value = "10,50,90"
    )]
    pub percentiles: Vec<f64>,
    /// Worker threads, 1 to 1024. [default: RAYON_NUM_THREADS, or the number of cores]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// No progress bar. (It is shown on standard error only when that is a terminal and the
    /// simulation is long: at least 2,000,000 path-years.)
    #[arg(long)]
    pub quiet: bool,
    /// Number of paths of the plant sizing (sizing.svg), 1 to 50,000,000, with paths x years x
    /// engine counts at most 100 million; the default is `cmmcast size`'s, so the report's
    /// sizing table is what `size` prints.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_REPORT_SIZE_PATHS, allow_negative_numbers = true)]
    pub size_paths: usize,
    /// Size the plant for this forecast year only (as `size --year`). [default: every
    /// forecast year, aggregated]
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub size_year: Option<i32>,
    /// Largest engine count of the sizing, 1 to 1000 (as `size --max-engines`). [default: 40]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_engines: Option<u32>,
    /// Lowest load an engine runs at, fraction of full load, in [0, 1] (as `size --min-load`).
    /// [default: 0.5; engines run down to about 50 % load, [SOURCES: engine-practice]]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub min_load: Option<f64>,
    /// The recommended engine count is the largest whose p10 capacity factor is at least this,
    /// in [0, 1] (as `size --min-capacity-factor`). [default: 0.6, an assumption]
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    pub min_capacity_factor: Option<f64>,
    /// Output the tornado (tornado.svg) ranks the inputs by: electricity_gwh, utilization,
    /// burnt_mm3, surplus_mm3, methane_mm3 or co2e_avoided_kt (as `simulate --tornado
    /// --tornado-output`). [default: electricity_gwh]
    #[arg(long, value_name = "QUANTITY", value_parser = tornado_output())]
    pub tornado_output: Option<Quantity>,
    /// Forecast year the tornado ranks (as `simulate --tornado --tornado-year`). [default: the last
    /// forecast year, 2030 for Songzao]
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub tornado_year: Option<i32>,
    /// Number of joint sample paths valued for the NPV distribution (npv-distribution.svg),
    /// 1 to 50,000,000, with the simulation's seed (as `economics --paths`).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_REPORT_ECONOMICS_PATHS, allow_negative_numbers = true)]
    pub economics_paths: usize,
    #[command(flatten)]
    /// The plant and the accounting.
    pub plant: PlantArgs,
    #[command(flatten)]
    /// Prices, costs and discounting.
    pub economics: EconomicArgs,
    #[command(flatten)]
    /// Input selection.
    pub input: InputArgs,
}

/// Paths valued for the report's NPV distribution: enough for P(NPV < 0) to within half a
/// percentage point (its standard error, sqrt(p (1 - p) / paths), is at most 0.005), and a
/// tenth of the simulation's, so the valuation adds little to the report's time.
pub const DEFAULT_REPORT_ECONOMICS_PATHS: usize = 10_000;

/// Paths of the report's plant sizing: `cmmcast size`'s default. (It was a fifth of it while
/// the simulation was slower; the whole default report now takes about 0.4 s, docs/BENCHMARKS.md,
/// "Reports".)
pub const DEFAULT_REPORT_SIZE_PATHS: usize = cmmcast_forecast::sim::DEFAULT_SIZE_PATHS;
