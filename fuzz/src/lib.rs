//! The checks every fuzz target makes, in one place so that the corpus replay test
//! (`crates/cmmcast-data/tests/fuzz_corpus.rs`, which includes this file) makes exactly the same
//! ones under `cargo test` on the stable toolchain, without a fuzzer.
//!
//! Each check feeds bytes to the public functions the CLI uses once it has read a file
//! (`Dataset::from_bytes`, `Dataset::with_facts_bytes`, `Scenario::from_bytes`) and asserts:
//!
//! - no panic;
//! - on `Ok`, the value is what the types promise: every number finite and in its range, years
//!   whole, in range, sorted and unique, sites sorted, unique and named, each series complete,
//!   each scenario input with its distribution's own rules and inside the input's allowed range
//!   (the ranges of the crate's key table, `SCENARIO_KEYS`, which docs/DATA.md lists), a
//!   spread around the site's value only for a plant value and inside the range wherever it is
//!   centred, and `path_share` and `persistence` only on a per-year lognormal plan adherence and
//!   in their ranges; and a dataset written back out as CSV reads back equal (every format accepts the
//!   same data);
//! - on `Err`, the message is one non-empty line (no line break) that starts with the file's
//!   name.
//!
//! A failed check panics, which the fuzzer reports as a crash and the replay test as a failure.

use std::sync::OnceLock;

use cmmcast_data::{
    DataError, Dataset, DistributionSpec, Format, InputDistribution, MAX_CAPACITY_MW, MAX_QUANTITY,
    MAX_YEAR, MIN_YEAR, Range, Scenario, ScenarioKey, Site, Spread, SpreadShape, UncertainInput,
    YearToYear, scenario_key,
};

/// The name every dataset input is given in messages, by format.
pub fn source_name(format: Format) -> &'static str {
    match format {
        Format::Csv => "fuzz.csv",
        Format::Json => "fuzz.json",
        Format::Toml => "fuzz.toml",
        Format::Workbook => "fuzz.xlsx",
    }
}

/// The name of the same bytes read as a site-facts file.
pub const FACTS_SOURCE: &str = "facts-fuzz";

/// The name of a scenario input.
pub const SCENARIO_SOURCE: &str = "scenario-fuzz.toml";

/// The site name of a CSV without a `site` column.
pub const SINGLE_SITE: &str = "fuzz";

/// `bytes` as a dataset in `format`; for JSON and TOML also as a site-facts file applied to the
/// embedded Songzao data.
pub fn dataset(bytes: &[u8], format: Format) {
    let source = source_name(format);
    match Dataset::from_bytes(bytes.to_vec(), format, source, SINGLE_SITE) {
        Ok(data) => {
            check_dataset(&data);
            check_csv_round_trip(&data);
        }
        Err(err) => check_refusal(&err, source),
    }
    if format != Format::Csv {
        match songzao().with_facts_bytes(bytes.to_vec(), format, FACTS_SOURCE) {
            Ok(data) => check_dataset(&data),
            Err(err) => check_refusal(&err, FACTS_SOURCE),
        }
    }
}

/// `bytes` as a scenario file.
pub fn scenario(bytes: &[u8]) {
    match Scenario::from_bytes(bytes.to_vec(), SCENARIO_SOURCE) {
        Ok(scenario) => check_scenario(&scenario),
        Err(err) => check_refusal(&err, SCENARIO_SOURCE),
    }
}

fn songzao() -> Dataset {
    static SONGZAO: OnceLock<Dataset> = OnceLock::new();
    SONGZAO.get_or_init(Dataset::songzao).clone()
}

/// A refusal: one non-empty line that starts with the input's name.
pub fn check_refusal(err: &DataError, source: &str) {
    let message = err.to_string();
    assert!(!message.trim().is_empty(), "empty message: {err:?}");
    assert!(
        !message.contains(['\n', '\r']),
        "message is not one line: {message:?}"
    );
    assert!(
        message.starts_with(source),
        "message does not start with the file's name {source:?}: {message:?}"
    );
}

/// A text shown in messages (a site name): no control characters, so no line breaks.
fn check_shown_text(text: &str, what: &str) {
    assert!(
        !text.chars().any(char::is_control),
        "{what} holds a control character: {text:?}"
    );
}

fn check_quantity(value: f64, what: &str) {
    assert!(
        value.is_finite() && (0.0..=MAX_QUANTITY).contains(&value) && value.is_sign_positive(),
        "{what} {value} is not a finite quantity in [+0, {MAX_QUANTITY}]"
    );
}

fn check_finite(value: Option<f64>, what: &str) {
    if let Some(value) = value {
        assert!(value.is_finite(), "{what} {value} is not finite");
    }
}

/// A loaded dataset: everything the types promise.
pub fn check_dataset(data: &Dataset) {
    let sites = data.sites();
    assert!(!sites.is_empty(), "a dataset with no site");
    for pair in sites.windows(2) {
        assert!(
            pair[0].name() < pair[1].name(),
            "sites not sorted and unique: {:?} then {:?}",
            pair[0].name(),
            pair[1].name()
        );
    }
    for site in sites {
        check_site(site);
    }
}

fn check_site(site: &Site) {
    let name = site.name();
    assert!(!name.trim().is_empty(), "empty site name");
    assert_eq!(name, name.trim(), "site name not trimmed");
    check_shown_text(name, "site name");

    let series = &site.series;
    let years = series.years();
    assert!(!years.is_empty(), "site {name:?} has no years");
    assert_eq!(series.len(), years.len());
    for &year in years {
        assert!(
            (MIN_YEAR..=MAX_YEAR).contains(&year),
            "year {year} out of range"
        );
    }
    for pair in years.windows(2) {
        assert!(pair[0] < pair[1], "years not sorted and unique: {years:?}");
    }
    assert!(
        series.coal_kt().is_some() || series.methane_mm3().is_some(),
        "site {name:?} has neither column"
    );
    for (column, values) in [
        ("coal_kt", series.coal_kt()),
        ("methane_mm3", series.methane_mm3()),
    ] {
        if let Some(values) = values {
            assert_eq!(
                values.len(),
                years.len(),
                "{column} of {name:?} is incomplete"
            );
            for &value in values {
                check_quantity(value, column);
            }
        }
    }
    if let Some(intensity) = series.intensity_m3_per_t() {
        assert_eq!(intensity.len(), years.len());
        for value in intensity.into_iter().flatten() {
            assert!(value.is_finite() && value >= 0.0, "intensity {value}");
        }
    }

    if let Some(plan) = series.coal_plan() {
        // A plan follows a history with both columns, year by year from the year after it.
        assert!(
            series.coal_kt().is_some() && series.methane_mm3().is_some(),
            "a plan without a full history"
        );
        assert_eq!(plan.years().len(), plan.coal_kt().len());
        let mut expected = years.last().copied().unwrap_or_default();
        for &year in plan.years() {
            expected += 1;
            assert_eq!(
                year, expected,
                "planned years not consecutive after the history"
            );
        }
        for &value in plan.coal_kt() {
            check_quantity(value, "coal_kt");
        }
    }

    let facts = &site.facts;
    if let Some(year) = facts.closure_year {
        assert!((MIN_YEAR..=MAX_YEAR).contains(&year), "closure_year {year}");
    }
    if let Some(capacity) = facts.plant_capacity_mw {
        assert!(
            capacity > 0.0 && capacity <= MAX_CAPACITY_MW,
            "plant_capacity_mw {capacity}"
        );
    }
    let plant = &facts.plant;
    for (key, value) in [
        ("efficiency", plant.efficiency),
        ("availability", plant.availability),
        ("share_to_power", plant.share_to_power),
        ("parasitic_fraction", plant.parasitic_fraction),
        ("gas_concentration", plant.gas_concentration),
        ("min_concentration", plant.min_concentration),
        ("destruction_efficiency", plant.destruction_efficiency),
        ("grid_factor_t_per_mwh", plant.grid_factor_t_per_mwh),
        ("target_utilization", plant.target_utilization),
        ("unit_mw", plant.unit_mw),
    ] {
        check_finite(value, key);
    }
    for addition in &plant.capacity_additions {
        assert!((MIN_YEAR..=MAX_YEAR).contains(&addition.year));
        check_finite(Some(addition.mw), "capacity_additions.mw");
    }
    let celsius = facts.volume_basis.temperature.celsius();
    assert!([0.0, 15.0, 20.0].contains(&celsius), "basis {celsius} °C");
}

/// A dataset written out as one long CSV (every site, both value columns, a column a site lacks
/// left empty) reads back as the same sites and series: CSV accepts what JSON and TOML accept.
pub fn check_csv_round_trip(data: &Dataset) {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let row = |writer: &mut csv::Writer<Vec<u8>>, fields: [&str; 4]| {
        writer.write_record(fields).expect("writing to memory");
    };
    row(&mut writer, ["site", "year", "coal_kt", "methane_mm3"]);
    let text =
        |values: Option<&[f64]>, i: usize| values.map_or(String::new(), |v| v[i].to_string());
    for site in data.sites() {
        let series = &site.series;
        for (i, year) in series.years().iter().enumerate() {
            row(
                &mut writer,
                [
                    site.name(),
                    &year.to_string(),
                    &text(series.coal_kt(), i),
                    &text(series.methane_mm3(), i),
                ],
            );
        }
        // The production plan: planned coal, methane left empty.
        if let Some(plan) = series.coal_plan() {
            for (year, coal) in plan.years().iter().zip(plan.coal_kt()) {
                row(
                    &mut writer,
                    [site.name(), &year.to_string(), &coal.to_string(), ""],
                );
            }
        }
    }
    let bytes = writer.into_inner().expect("writing to memory");
    let again = match Dataset::from_bytes(bytes.clone(), Format::Csv, "again.csv", SINGLE_SITE) {
        Ok(again) => again,
        Err(err) => panic!(
            "the dataset written as CSV is refused: {err}\n{}",
            String::from_utf8_lossy(&bytes)
        ),
    };
    assert_eq!(data.site_names(), again.site_names(), "site names differ");
    for (a, b) in data.sites().iter().zip(again.sites()) {
        assert_eq!(a.series, b.series, "series of site {:?} differ", a.name());
    }
}

/// A loaded scenario: known inputs, sorted; each distribution's own rules; every value it can
/// produce inside the input's allowed range. A spread around the site's value: only for a
/// plant value, finite and above 0, and placed around centres across the input's range (its
/// ends, its middle, its example value) it always gives a distribution inside the range whose
/// peak (for uniform, midpoint) is the centre.
pub fn check_scenario(scenario: &Scenario) {
    assert!(!scenario.name.trim().is_empty(), "empty scenario name");
    assert!(!scenario.inputs.is_empty(), "a scenario with no input");
    for pair in scenario.inputs.windows(2) {
        assert!(pair[0].0 < pair[1].0, "inputs not sorted and unique");
    }
    for (key, input) in &scenario.inputs {
        let Some(known) = scenario_key(key) else {
            panic!("unknown input {key:?} accepted");
        };
        match input.distribution {
            InputDistribution::Given(spec) => check_spec(key, &known.range, &spec),
            InputDistribution::AroundSite(spread) => check_spread(known, spread),
        }
        if let Some(year_to_year) = input.year_to_year {
            check_year_to_year(known, input, year_to_year);
        }
    }
}

/// `path_share` and `persistence`: only on a key that takes them, only for a per-year
/// lognormal, path_share in [0, 1] and persistence in [0, 1). The ends are written out here
/// rather than read from `PATH_SHARE_RANGE` and `PERSISTENCE_RANGE`, so that a slip there shows.
fn check_year_to_year(known: &ScenarioKey, input: &UncertainInput, year_to_year: YearToYear) {
    let key = known.name;
    let what = format!("{key}: {input:?}");
    assert!(
        known.year_to_year,
        "{what}: year_to_year on a key without it"
    );
    assert!(input.per_year, "{what}: year_to_year without per_year");
    assert!(
        matches!(
            input.distribution,
            InputDistribution::Given(DistributionSpec::Lognormal { .. })
        ),
        "{what}: year_to_year on a distribution other than the lognormal"
    );
    let YearToYear {
        path_share,
        persistence,
    } = year_to_year;
    assert!((0.0..=1.0).contains(&path_share), "{what}");
    assert!((0.0..1.0).contains(&persistence), "{what}");
}

/// A spread read from a file, and what [`Spread::around`] makes of it.
fn check_spread(known: &ScenarioKey, spread: Spread) {
    let key = known.name;
    assert!(
        known.site_value,
        "{key}: a spread for a key with no site value"
    );
    assert!(
        spread.half_width.is_finite() && spread.half_width > 0.0,
        "{key}: {spread:?}"
    );
    let range = known.range;
    let example: f64 = known.example.parse().expect("the example is a number");
    let high = if range.high.is_finite() {
        range.high
    } else {
        range.low + 10.0
    };
    let centres = [
        range.low,
        range.low + 1e-9,
        example,
        (range.low + high) / 2.0,
        high - 1e-9,
        high,
    ];
    for centre in centres.into_iter().filter(|&c| range.admits(c)) {
        let spec = spread.around(centre, &range);
        check_spec(key, &range, &spec);
        let what = format!("{key}: {spread:?} around {centre} gives {spec:?}");
        match spec {
            DistributionSpec::Fixed { value } => assert_eq!(value, centre, "{what}"),
            DistributionSpec::Uniform { min, max } => {
                assert_eq!(spread.shape, SpreadShape::Uniform, "{what}");
                assert!(((min + max) / 2.0 - centre).abs() < 1e-12, "{what}");
            }
            DistributionSpec::Triangular { min, mode, max }
            | DistributionSpec::Pert { min, mode, max } => {
                assert_eq!(spec.name(), spread.shape.name(), "{what}");
                assert_eq!(mode, centre, "{what}");
                assert!(((centre - min) - (max - centre)).abs() < 1e-12, "{what}");
            }
            _ => panic!("{what}: not a spread's shape"),
        }
    }
}

/// One distribution for `key`: its own rules, and every value it can produce in `range`.
fn check_spec(key: &str, range: &Range, spec: &DistributionSpec) {
    // The range's ends come from the key table; whether a value lies within them is worked
    // out here again rather than with `Range::admits`, so that a slip there shows.
    let (low, high) = (range.low, range.high);
    let above_low = |v: f64| v > low || (!range.low_open && v == low);
    let below_high = |v: f64| v < high || (!range.high_open && v == high);
    let inside = |v: f64| v.is_finite() && above_low(v) && below_high(v);
    match *spec {
        DistributionSpec::Fixed { value } => {
            assert!(inside(value), "{key}: fixed {value} outside its range");
        }
        DistributionSpec::Uniform { min, max } => {
            assert!(inside(min) && inside(max) && min < max, "{key}: {spec:?}");
        }
        DistributionSpec::Triangular { min, mode, max }
        | DistributionSpec::Pert { min, mode, max } => {
            assert!(
                inside(min) && inside(max) && min < max && min <= mode && mode <= max,
                "{key}: {spec:?}"
            );
        }
        DistributionSpec::Normal { mean, sd, min, max } => {
            assert!(
                mean.is_finite() && sd.is_finite() && sd > 0.0,
                "{key}: {spec:?}"
            );
            let min_ok = match min {
                Some(min) => inside(min),
                None => low == f64::NEG_INFINITY,
            };
            let max_ok = match max {
                Some(max) => inside(max),
                None => high == f64::INFINITY,
            };
            assert!(min_ok && max_ok, "{key}: {spec:?} reaches outside");
            if let (Some(min), Some(max)) = (min, max) {
                assert!(min < max, "{key}: {spec:?}");
            }
        }
        DistributionSpec::Lognormal { median, sigma } => {
            assert!(
                median.is_finite() && median > 0.0 && sigma.is_finite() && sigma > 0.0,
                "{key}: {spec:?}"
            );
            assert!(
                high == f64::INFINITY && low == 0.0,
                "{key}: a lognormal for a bounded input"
            );
        }
    }
}
