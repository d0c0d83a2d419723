//! The one error type of this crate. Each message is one sentence that says what is wrong and
//! what to do.

/// Everything that can stop a fit or a forecast.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ForecastError {
    /// Fewer observations than the model needs.
    #[error("{model} needs at least {needed} years; the series has {got}{why}")]
    TooFewPoints {
        /// The model's name.
        model: &'static str,
        /// Minimum number of years.
        needed: usize,
        /// Years available.
        got: usize,
        /// Extra explanation (starts with "; " when present).
        why: &'static str,
    },
    /// Years with gaps given to a model that needs equal spacing.
    #[error(
        "{model} needs consecutive years, but the series jumps from {from} to {to}; fill the gap or choose a regression model (linear, exponential, quadratic)"
    )]
    NeedsEqualSpacing {
        /// The model's name.
        model: &'static str,
        /// Year before the gap.
        from: i32,
        /// Year after the gap.
        to: i32,
    },
    /// A value a log-based model cannot take.
    #[error(
        "{model} takes logarithms, but the value for {year} is {value}; every value must be above zero (choose linear or quadratic for series with zeros)"
    )]
    NotPositive {
        /// The model's name.
        model: &'static str,
        /// The year.
        year: i32,
        /// The value.
        value: f64,
    },
    /// A value at or above the logistic ceiling.
    #[error(
        "logistic needs every value below the ceiling {ceiling}, but {year} has {value}; give a higher ceiling"
    )]
    AtOrAboveCeiling {
        /// The ceiling.
        ceiling: f64,
        /// The year.
        year: i32,
        /// The value.
        value: f64,
    },
    /// The logistic model without a ceiling, or with a bad one.
    #[error(
        "logistic needs a ceiling (the plateau the series cannot exceed) above zero; give one in the series' unit"
    )]
    MissingCeiling,
    /// A series the model needs is not in the data.
    #[error(
        "{model} needs the {series} series, which the data does not have; add a {series} column or choose another model"
    )]
    MissingSeries {
        /// The model's name.
        model: &'static str,
        /// The missing series (`coal_kt` or `methane_mm3`).
        series: &'static str,
    },
    /// The series asked for is not in the data.
    #[error("the data has no {series} series; choose the {other} series, or add a {series} column")]
    SeriesAbsent {
        /// The missing series' column name.
        series: &'static str,
        /// The other series' name on the command line.
        other: &'static str,
    },
    /// An interval level outside (0, 100).
    #[error(
        "interval level {0} is not between 0 and 100 (exclusive); give levels in per cent, such as 80,95"
    )]
    BadLevel(f64),
    /// A forecast horizon that does not go past the data.
    #[error(
        "the forecast must end after the last year of data ({last}); give a later end year than {to}"
    )]
    HorizonNotAfterData {
        /// Last observed year.
        last: i32,
        /// Requested end year.
        to: i32,
    },
    /// A forecast horizon too far away to be meaningful.
    #[error(
        "the forecast end {to} is more than {max} years after the data ends in {last}; give an earlier end year"
    )]
    HorizonTooLong {
        /// Last observed year.
        last: i32,
        /// Requested end year.
        to: i32,
        /// The largest horizon accepted, years.
        max: i32,
    },
    /// A forecast that grows beyond the largest representable number.
    #[error(
        "the {model} forecast for {year} or its interval grows beyond the largest representable number (about 1e308); give an earlier end year or choose a model that does not grow exponentially (linear, quadratic)"
    )]
    ForecastOverflow {
        /// The model's name.
        model: &'static str,
        /// The first year whose point or bounds are not finite.
        year: i32,
    },
    /// Regression inputs of mismatched shapes (a programming error in the caller).
    #[error(
        "the design matrix has {rows} rows but the target has {targets} values; give one target per row"
    )]
    ShapeMismatch {
        /// Rows of the design.
        rows: usize,
        /// Length of the target.
        targets: usize,
    },
    /// Too few observations for least squares with inference.
    #[error(
        "least squares with {params} parameters needs at least {needed} observations to estimate the error variance; it has {got}"
    )]
    TooFewObservations {
        /// Parameters to estimate.
        params: usize,
        /// Minimum observations.
        needed: usize,
        /// Observations given.
        got: usize,
    },
    /// Regressors that are constant or linearly dependent.
    #[error(
        "regressor column {column} is constant or a combination of the others, so its coefficient cannot be estimated; remove it"
    )]
    Collinear {
        /// 0-based column index in the design (without the intercept).
        column: usize,
    },
    /// Non-finite numbers in regression input.
    #[error(
        "the regression input holds a non-finite number (NaN or infinity); clean the data first"
    )]
    NonFinite,
    /// Data on which a model's estimates do not exist.
    #[error("{model} cannot be fitted to this series: {why}; choose another model")]
    Degenerate {
        /// The model's name.
        model: &'static str,
        /// Why.
        why: &'static str,
    },
    /// A plant parameter outside its allowed range.
    #[error("{name} {}{} is not allowed; give a value {allowed}", readable(*.value), from.phrase())]
    BadPlantParameter {
        /// The parameter (as the site-facts key and the scenario key name it).
        name: &'static str,
        /// Where the value came from.
        from: ValueSource,
        /// The value given.
        value: f64,
        /// What is allowed, in words, with an example.
        allowed: String,
    },
    /// A plant whose scheduled additions take it past the largest capacity accepted.
    #[error(
        "the plant reaches {} MW with its scheduled additions{}, more than the {max_mw} MW allowed; give smaller additions or a smaller capacity", readable(*.total_mw), from.phrase()
    )]
    PlantTooLarge {
        /// Capacity with every addition, MW.
        total_mw: f64,
        /// The most accepted, MW.
        max_mw: f64,
        /// Where the additions came from.
        from: ValueSource,
    },
    /// A setting of the simulation, the sizing or the daily flow outside its range.
    #[error("{name} {}{} is not allowed; give {allowed}", readable(*.value), from.phrase())]
    BadSetting {
        /// The setting (`unit_mw`, `max_engines`, `min_load`, `min_capacity_factor`,
        /// `target_utilization`, `flow_cv`, `flow_autocorrelation`).
        name: &'static str,
        /// Where the value came from.
        from: ValueSource,
        /// The value given.
        value: f64,
        /// What is allowed, in words.
        allowed: &'static str,
    },
    /// A smoothing parameter of the damped trend outside its range (Hyndman et al. 2008).
    #[error("the damped trend's {name} {} is not allowed; give {allowed}", readable(*.value))]
    BadSmoothingParameter {
        /// The parameter: `alpha`, `beta` or `phi`.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What is allowed, in words.
        allowed: String,
    },
    /// A number of paths outside what is accepted.
    #[error("{given} paths is not allowed; give between 1 and {max}")]
    PathsOutOfRange {
        /// Which paths: the simulation's or the sizing's.
        of: PathsOf,
        /// The number asked for.
        given: usize,
        /// The most accepted.
        max: usize,
    },
    /// Levels or percentiles with a value below 1, read as fractions meant as percentages.
    #[error(
        "{} {} include a value below 1; give them in per cent: did you mean {}?",
        .of.name(), list(.given), list(.meant)
    )]
    FractionForPercent {
        /// Levels or percentiles.
        of: crate::percents::PercentsOf,
        /// The values as given.
        given: Vec<f64>,
        /// The values meant: each fraction x 100.
        meant: Vec<f64>,
    },
    /// A percentile outside (0, 100).
    #[error(
        "percentile {0} is not allowed; give percentiles strictly between 0 and 100, such as 10,50,90"
    )]
    BadPercentile(f64),
    /// A simulation that would not fit in memory.
    #[error("{paths} paths x {years} years need about {needed_mb} MB of memory but about {available_mb} MB is available; {}", if *.fits == 0 { "not even one path fits; give an earlier end year".to_string() } else { format!("give at most {} paths", .fits) })]
    NotEnoughMemory {
        /// Paths asked for.
        paths: usize,
        /// Years simulated.
        years: usize,
        /// Memory needed, MB.
        needed_mb: u64,
        /// Memory available, MB.
        available_mb: u64,
        /// The most paths that fit (0: not even one).
        fits: usize,
    },
    /// A year that is not one of the forecast years.
    #[error("{} {year} is not a forecast year; give a year from {first} to {last} (the years after the data, up to the forecast end)", .purpose.name())]
    NotAForecastYear {
        /// What the year is for.
        purpose: YearPurpose,
        /// The year asked for.
        year: i32,
        /// The first forecast year.
        first: i32,
        /// The last forecast year.
        last: i32,
    },
    /// A sizing whose capacity factors would not fit in the memory set aside for them.
    #[error(
        "{paths} paths x {years} years x {engines} engine counts is more than the {max} capacity factors sizing keeps for the p10 (8 bytes each); give fewer paths, fewer engine counts or one year"
    )]
    TooManySizingValues {
        /// Paths.
        paths: usize,
        /// Years sized.
        years: usize,
        /// Engine counts.
        engines: u32,
        /// The most values kept.
        max: usize,
    },
    /// A scenario key with a spread around the site's value, for an input that has none (a
    /// scenario built in code; files are refused when read).
    #[error(
        "scenario key {key} gives a spread, but {key} has no site value to centre it on; give its distribution with min, mode and max (or its own parameters) instead"
    )]
    SpreadWithoutSiteValue {
        /// The scenario key.
        key: &'static str,
    },
    /// The receiver of the simulated paths asked to stop (it could not write them).
    #[error("the simulation was stopped by the receiver of its paths")]
    Stopped,
    /// An unknown GWP set.
    #[error("unknown GWP set `{0}`; choose one of: sar (21), ar4 (25), ar5 (28), ar6 (29.8)")]
    UnknownGwp(String),
    /// A capacity schedule that cannot be used.
    #[error(
        "the capacity schedule is not valid: {problem}; give each year once with MW above 0{}", from.phrase()
    )]
    BadCapacitySchedule {
        /// What is wrong.
        problem: String,
        /// Where the schedule came from.
        from: ValueSource,
    },
    /// An unknown model name.
    #[error(
        "unknown model `{0}`; choose one of: auto, linear, exponential, quadratic, gm11, intensity, logistic, rw-drift, damped"
    )]
    UnknownModel(String),
    /// No model of the menu could be fitted.
    #[error("no model could be fitted to the series: {0}")]
    NothingFits(String),
    /// A backtest horizon of zero years, or one too long to mean anything.
    #[error(
        "the backtest horizon {horizon} is not allowed; give a horizon from 1 to {max} years (1 compares each origin's forecast of the next year with what happened)"
    )]
    BadBacktestHorizon {
        /// The horizon asked for, years.
        horizon: usize,
        /// The longest horizon accepted, years.
        max: usize,
    },
    /// A backtest training length below what a model needs to be fitted at all.
    #[error(
        "a training length of {min_train} years is below the {needed} years {model} needs to be fitted; give {needed} or more, leave {model} out of the models, or give none to start each model at its own minimum"
    )]
    MinTrainBelowMinimum {
        /// The model's name.
        model: &'static str,
        /// The training length asked for, years.
        min_train: usize,
        /// The model's minimum, years.
        needed: usize,
    },
    /// A series too short to leave any year to test a model's forecasts on.
    #[error(
        "the series has {got} years, too few to backtest {model}: it needs at least {needed} ({min_train} to fit on and one more to check the forecast against); {}", if *.shorter_training_helps { "add years of data or give a shorter training length" } else { "add years of data" }
    )]
    TooShortToBacktest {
        /// The model's name.
        model: &'static str,
        /// Years in the series.
        got: usize,
        /// Years the backtest needs.
        needed: usize,
        /// Years the first fit uses.
        min_train: usize,
        /// Whether a shorter training length (given above the model's minimum) would help.
        shorter_training_helps: bool,
    },
    /// A series long enough whose gaps leave no year within the horizon of any origin.
    #[error(
        "no year of the series lies within {horizon} years after any origin of {model}'s backtest, because of gaps between the years; give a longer horizon or fill the gaps"
    )]
    NothingWithinHorizon {
        /// The model's name.
        model: &'static str,
        /// The horizon, years.
        horizon: usize,
    },
    /// A value calibrated intervals cannot take: they are relative (on the log scale).
    #[error(
        "calibrated intervals are relative, so every value must be above zero, but {}; use the model's own intervals",
        where_value(*year, *value)
    )]
    NotPositiveForCalibration {
        /// The year, when the series has years.
        year: Option<i32>,
        /// The value.
        value: f64,
    },
    /// Calibrated intervals asked of a model they were not learned for.
    #[error(
        "calibrated intervals were learned around the damped trend's forecasts on real series, not {model}'s; use the damped trend, or {model} with its own intervals"
    )]
    NotCalibrated {
        /// The model asked for.
        model: &'static str,
    },
    /// A refusal about one mine of a plant fed by several (its series, its model), naming it.
    #[error("mine \"{mine}\": {error}")]
    InMine {
        /// The mine.
        mine: String,
        /// What was refused.
        error: Box<ForecastError>,
    },
    /// A coal forecast asked of a plant fed by several mines: the plant burns their summed
    /// methane and has no coal of its own.
    #[error(
        "plant \"{plant}\" burns the summed methane of its mines ({mines}) and has no coal of its own; forecast a mine's coal on its own"
    )]
    CoalOfSeveralMines {
        /// The plant.
        plant: String,
        /// Its mines, comma separated.
        mines: String,
    },
    /// A computation that varies one trend, asked of a plant fed by several mines.
    #[error(
        "{what} varies one mine's trend, and plant \"{plant}\" is fed by several ({mines}); run it for each mine on its own"
    )]
    NotForSeveralMines {
        /// What was asked (`the tornado`, `the NPV tornado`).
        what: &'static str,
        /// The plant.
        plant: String,
        /// Its mines, comma separated.
        mines: String,
    },
    /// A reference class with no window of the asked length.
    #[error(
        "the reference class has no run of {window} consecutive positive years followed by one more; give a shorter window or series with more years"
    )]
    NoReferenceWindows {
        /// Known years per window.
        window: usize,
    },
    /// An economic parameter outside its allowed range (a negative price or cost, a discount
    /// rate at or below -100 %, a tax rate outside [0, 1), a carbon share outside [0, 1], a
    /// lifetime or depreciation period of 0 years).
    #[error("{name} {}{} is not allowed; give {allowed}", readable(*.value), from.phrase())]
    BadEconomicParameter {
        /// The parameter, as the site-facts and scenario key names it (`capex_per_kw`, ...).
        name: &'static str,
        /// Where the value came from.
        from: ValueSource,
        /// The value given.
        value: f64,
        /// What is allowed, in words.
        allowed: &'static str,
    },
    /// The expected-NPV recommendation asked for without economic parameters to value with.
    #[error(
        "the npv recommendation rule values each engine count and needs economic parameters; give them, or use the capacity-factor rule"
    )]
    NpvRuleWithoutEconomics,
    /// A plant's own capacity schedule that needs more engines than the sizing accepts.
    #[error(
        "the plant's capacity schedule needs {engines} engines of {} MW, more than the {max} accepted; give a larger unit_mw or a smaller plant", readable(*.unit_mw)
    )]
    ScheduleTooManyEngines {
        /// Engines the largest year of the schedule needs.
        engines: u64,
        /// The engine size, MW.
        unit_mw: f64,
        /// The most accepted.
        max: u32,
    },
    /// A lifetime longer than the operating years there are to value.
    #[error(
        "a lifetime of {lifetime_years} years goes beyond the {available} operating years given; give a lifetime of at most {available} years or forecast further"
    )]
    LifetimeBeyondYears {
        /// The lifetime asked for, years.
        lifetime_years: u32,
        /// Operating years given.
        available: usize,
    },
    /// A closure year not after the data (or before the end of a production plan).
    #[error(
        "the closure year {closure}{} {}",
        from.phrase(),
        if *plan {
            format!("is before the production plan's last year ({last}), and a mine cannot mine its plan after closing; give {last} or later")
        } else {
            format!("is not after the last year of data ({last}); give the last year the mine drains gas, after {last}")
        }
    )]
    ClosureNotAfterData {
        /// The closure year.
        closure: i32,
        /// The last year of data, or of the production plan.
        last: i32,
        /// Whether `last` ends the production plan (planned coal after closure) rather than
        /// the data.
        plan: bool,
        /// Given, or from the site facts.
        from: ValueSource,
    },
    /// An operating year whose physical input the cash flows cannot use.
    #[error(
        "the {name} of operating year {year} is {}; give a finite value of at least 0",
        readable(*.value)
    )]
    BadOperatingInput {
        /// The calendar year.
        year: i32,
        /// The input (`electricity_net_mwh`, `co2e_avoided_t`, `burnt_mm3`, `capacity_kw`).
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// Operating years that do not follow each other one year apart.
    #[error(
        "operating years must follow each other one year apart, but {from} is followed by {to}; give every year of the plant's life once, in order"
    )]
    OperatingYearsNotConsecutive {
        /// The year before the jump.
        from: i32,
        /// The year after it.
        to: i32,
    },
    /// An error from linfa, when this crate is used through linfa's traits.
    #[error("linfa: {0}")]
    Linfa(String),
}

/// Where a value came from, for messages (the CLI names the flag or the file from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// Given in code or on the command line.
    Given,
    /// Read from the site facts (`[sites.plant]`).
    SiteFacts,
    /// Read from a scenario file.
    Scenario,
    /// A built-in default.
    Default,
}

impl ValueSource {
    /// A phrase for messages: " (from the site facts)", " (from the scenario)" or nothing.
    pub fn phrase(self) -> &'static str {
        match self {
            ValueSource::SiteFacts => " (from the site facts)",
            ValueSource::Scenario => " (from the scenario)",
            ValueSource::Given | ValueSource::Default => "",
        }
    }
}

/// Which paths a count is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathsOf {
    /// The joint paths of the simulation.
    Simulation,
    /// The paths of the plant sizing.
    Sizing,
}

/// What a year is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearPurpose {
    /// The year the tornado ranks.
    Tornado,
    /// The year the plant is sized for.
    Sizing,
}

impl YearPurpose {
    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            YearPurpose::Tornado => "the tornado year",
            YearPurpose::Sizing => "the sizing year",
        }
    }
}

impl From<linfa::Error> for ForecastError {
    fn from(err: linfa::Error) -> Self {
        ForecastError::Linfa(err.to_string())
    }
}

/// A number short enough for a one-line message: plain when moderate, scientific when tiny or
/// huge (so `1e-300` does not print three hundred zeros). Public so that callers who word a
/// refusal their own way print its numbers the same way.
///
/// ```
/// assert_eq!(cmmcast_forecast::readable(0.38), "0.38");
/// assert_eq!(cmmcast_forecast::readable(1e-300), "1e-300");
/// ```
pub fn readable(value: f64) -> String {
    let magnitude = value.abs();
    if value != 0.0 && !(1e-4..1e9).contains(&magnitude) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

/// "the value for 2013 is 0", or "the series has 0" without a year.
fn where_value(year: Option<i32>, value: f64) -> String {
    match year {
        Some(year) => format!("the value for {year} is {}", crate::readable(value)),
        None => format!("the series has {}", crate::readable(value)),
    }
}

/// Numbers as a comma-separated list, each in its shortest form: `10,50,90`.
fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(f64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
