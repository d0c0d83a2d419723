//! Persistent plan adherence (docs/METHODS.md, section 11.3, "Persistent plan adherence"):
//! ln a_t = ln m + L + u_t, a per-path level L plus a stationary AR(1) yearly part u_t.
//!
//! The expected values are the closed forms of METHODS 11.3, written out here as formulas of
//! the lognormal's moments and checked against the hand values there (computed in Python from
//! the same formulas, not by running this crate); none is a number the simulation printed.
//!
//! The trend is taken out of the way with a plan that is flat at 100 million m3 a year: every
//! trend fitted to five equal values has no residual, so its sample paths are 100 every year
//! (σ² = ν s² / χ² = 0), and a path's drained methane is exactly 100 a_t.

mod common;

use cmmcast_data::{
    Dataset, DistributionSpec, Format, InputDistribution, Scenario, UncertainInput, YearToYear,
};
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::sim::SimulationSettings;
use cmmcast_forecast::study::{Study, StudyParams};
use cmmcast_forecast::trend::ModelChoice;

/// σ of ln a, as in the default scenario.
const SIGMA: f64 = 0.10;
/// The forecast years of a plan ending in 2016: 2017 to 2030.
const YEARS: usize = 14;
/// The flat plan, million m3 a year.
const PLAN: f64 = 100.0;
/// Φ⁻¹(0.975), the standard normal's 97.5 % point (tables; scipy.stats.norm.ppf(0.975)).
const Z_975: f64 = 1.959_963_984_540_054;

/// The flat plan as a site: 100 million m3 a year, 2012 to 2016.
fn flat_plan() -> Dataset {
    let mut text = String::from("year,methane_mm3\n");
    for year in 2012..=2016 {
        text.push_str(&format!("{year},{PLAN}\n"));
    }
    Dataset::parse(&text, Format::Csv, "flat.csv", "flat").expect("valid CSV")
}

/// Plan adherence lognormal(1, σ) drawn every year, with `year_to_year` as given (`None`:
/// the keys left out); with `yearly_efficiency`, the efficiency drawn every year too, which
/// sends the draws through the general per-year branch (it does not touch the methane).
fn adherence(year_to_year: Option<YearToYear>, yearly_efficiency: bool) -> Scenario {
    let mut scenario = common::scenario(&[(
        "plan_adherence",
        DistributionSpec::Lognormal {
            median: 1.0,
            sigma: SIGMA,
        },
        true,
    )]);
    scenario.inputs[0].1.year_to_year = year_to_year;
    if yearly_efficiency {
        scenario.inputs.push((
            "efficiency".into(),
            UncertainInput {
                distribution: InputDistribution::Given(DistributionSpec::Uniform {
                    min: 0.33,
                    max: 0.43,
                }),
                per_year: true,
                year_to_year: None,
            },
        ));
    }
    scenario
}

fn split(path_share: f64, persistence: f64) -> Option<YearToYear> {
    Some(YearToYear {
        path_share,
        persistence,
    })
}

/// `paths` paths of `scenario` on `data`'s site with `model`, to the default horizon.
fn study(data: &Dataset, scenario: Scenario, model: ModelChoice, paths: usize) -> Study<'_> {
    StudyParams {
        model: Some(model),
        scenario: Some(scenario),
        simulation: SimulationSettings {
            paths,
            ..SimulationSettings::default()
        },
        ..StudyParams::default()
    }
    .study(data.site(None).expect("one site"))
    .expect("a valid study")
}

/// Every path's drained methane, year by year: `[path][year]`.
fn methane(study: &Study<'_>) -> Vec<Vec<f64>> {
    let years = study.years().len();
    let (_, paths) = common::simulate_keeping_paths(study);
    let stride = years * Quantity::ALL.len();
    paths
        .values
        .chunks(stride)
        .map(|path| {
            (0..years)
                .map(|y| path[y * Quantity::ALL.len() + Quantity::MethaneMm3.index()])
                .collect()
        })
        .collect()
}

/// Each path's sum over its years.
fn sums(paths: &[Vec<f64>]) -> Vec<f64> {
    paths.iter().map(|path| path.iter().sum()).collect()
}

/// The sample standard deviation of `x` and its Monte Carlo standard error,
/// SE(s) ≈ √((m₄ − s⁴)/N) / (2s) (the delta method on SE(s²) = √((m₄ − s⁴)/N), with m₄ the
/// fourth central moment), which does not assume the values normal.
fn sd_and_se(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let m2 = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    let m4 = x.iter().map(|v| (v - mean).powi(4)).sum::<f64>() / n;
    let sd = (m2 * n / (n - 1.0)).sqrt();
    (sd, ((m4 - m2 * m2) / n).sqrt() / (2.0 * sd))
}

/// The closed form of METHODS 11.3: the standard deviation of Σ a_t over `YEARS` years with
/// median 1, Var = e^{σ²} Σ_s Σ_t (e^{c_st} − 1), c_st = σ² (s + (1 − s) ρ^|s−t|).
fn closed_form_sd(path_share: f64, persistence: f64) -> f64 {
    let s2 = SIGMA * SIGMA;
    let mut total = 0.0;
    for i in 0..YEARS {
        for j in 0..YEARS {
            let lag = i.abs_diff(j) as i32;
            let c = s2 * (path_share + (1.0 - path_share) * persistence.powi(lag));
            total += c.exp_m1();
        }
    }
    (s2.exp() * total).sqrt()
}

/// The closed form against the hand values of METHODS 11.3: √(14 e^{0.01}(e^{0.01} − 1)) for
/// independent years, √(196 e^{0.01}(e^{0.01} − 1)) for one draw per path, and the default
/// split's sum over lags.
#[test]
fn the_closed_form_gives_the_hand_values() {
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(
        close(closed_form_sd(0.0, 0.0), 0.376_983_317),
        "independent"
    );
    assert!(close(closed_form_sd(0.5, 0.5), 1.088_800_169), "default");
    assert!(close(closed_form_sd(1.0, 0.0), 1.410_542_412), "one draw");
    // By the lognormal's moments directly: Var(a) = e^{σ²}(e^{σ²} − 1) = 0.010151173 a year.
    let one_year = 0.01_f64.exp() * 0.01_f64.exp_m1();
    assert!(close(one_year, 0.010_151_172_9), "{one_year}");
    assert!(close(closed_form_sd(0.0, 0.0), (14.0 * one_year).sqrt()));
    assert!(close(closed_form_sd(1.0, 0.0), (196.0 * one_year).sqrt()));
}

/// Without adherence the flat plan's paths are the plan itself, for a trend with the default
/// back-transform (linear) and one that folds the multiplier into its own (exponential): the
/// tests below see adherence alone.
#[test]
fn the_flat_plan_has_no_trend_noise() {
    let data = flat_plan();
    for model in [ModelChoice::Linear, ModelChoice::Exponential] {
        let paths = methane(&study(&data, common::certain(), model, 50));
        assert_eq!(paths[0].len(), YEARS);
        assert!(
            paths.iter().flatten().all(|&v| (v - PLAN).abs() < 1e-9),
            "{model:?}"
        );
    }
}

/// (a) The standard deviation of the 14-year sum of a_t against the closed form, within 4
/// Monte Carlo standard errors, with the default split (s = 0.5, ρ = 0.5) and another
/// (s = 0.2, ρ = 0.8): for a linear trend (the trait's `sample_path_persistent`, the log
/// multipliers then `sample_path_times`), for an exponential one (its merged noise, here with
/// no trend noise, so the AR(1) alone; the mixed case is in `tests/sample_paths.rs`), and with
/// another input drawn every year (the general per-year branch).
#[test]
fn the_cumulative_spread_matches_the_closed_form() {
    let data = flat_plan();
    let cases = [
        (0.5, 0.5, ModelChoice::Linear, false),
        (0.5, 0.5, ModelChoice::Exponential, false),
        (0.5, 0.5, ModelChoice::Linear, true),
        (0.2, 0.8, ModelChoice::Exponential, false),
    ];
    for (path_share, persistence, model, yearly_efficiency) in cases {
        let scenario = adherence(split(path_share, persistence), yearly_efficiency);
        let paths = methane(&study(&data, scenario, model, 40_000));
        let totals: Vec<f64> = sums(&paths).iter().map(|s| s / PLAN).collect();
        let (sd, se) = sd_and_se(&totals);
        let want = closed_form_sd(path_share, persistence);
        assert!(
            (sd - want).abs() < 4.0 * se,
            "s {path_share}, ρ {persistence}, {model:?}, yearly efficiency {yearly_efficiency}: \
             sd {sd} vs {want} (se {se})"
        );
    }
}

/// The type-7 p-quantile of `x` (Hyndman and Fan; numpy's default).
fn quantile(x: &[f64], p: f64) -> f64 {
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    let h = (sorted.len() - 1) as f64 * p;
    let below = h.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (h - h.floor()) * (sorted[above] - sorted[below])
}

/// (b) Each year's a_t is still lognormal(1, σ): its 2.5 % and 97.5 % quantiles in the first
/// year (u starting at its stationary spread) and the last are e^{∓1.959964 σ} = 0.8220152
/// and 1.2165225, within 3 Monte Carlo standard errors √(p(1 − p)/N) / f(q), with the
/// lognormal density f(q) = φ(z_p) / (q σ).
#[test]
fn each_years_adherence_keeps_its_lognormal_quantiles() {
    let data = flat_plan();
    let scenario = adherence(split(0.5, 0.5), false);
    let n = 40_000;
    let paths = methane(&study(&data, scenario, ModelChoice::Linear, n));
    let phi = (-Z_975 * Z_975 / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    for year in [0, YEARS - 1] {
        let values: Vec<f64> = paths.iter().map(|path| path[year] / PLAN).collect();
        for (p, z) in [(0.025, -Z_975), (0.975, Z_975)] {
            let want = (SIGMA * z).exp();
            let density = phi / (want * SIGMA);
            let se = (p * (1.0 - p) / n as f64).sqrt() / density;
            let got = quantile(&values, p);
            assert!(
                (got - want).abs() < 3.0 * se,
                "year {}, p {p}: {got} vs {want} (se {se})",
                2017 + year
            );
        }
    }
    // The hand values the comment quotes.
    assert!(((-SIGMA * Z_975).exp() - 0.822_015_2).abs() < 1e-7);
    assert!(((SIGMA * Z_975).exp() - 1.216_522_5).abs() < 1e-7);
}

/// (c) `path_share = 0, persistence = 0` is independent years: the same draws bit for bit as a
/// scenario without the keys, and the cumulative spread of the closed form's independent case,
/// √(14 e^{σ²}(e^{σ²} − 1)). And `path_share = 1` is one draw per path: the spread of
/// `per_year = false`, √(196 e^{σ²}(e^{σ²} − 1)).
#[test]
fn the_bounding_splits_are_the_old_cases() {
    let data = flat_plan();
    let n = 40_000;
    let without = methane(&study(
        &data,
        adherence(None, false),
        ModelChoice::Linear,
        n,
    ));
    let zeros = methane(&study(
        &data,
        adherence(split(0.0, 0.0), false),
        ModelChoice::Linear,
        n,
    ));
    let bits =
        |paths: &[Vec<f64>]| -> Vec<u64> { paths.iter().flatten().map(|v| v.to_bits()).collect() };
    assert_eq!(bits(&without), bits(&zeros));
    let totals: Vec<f64> = sums(&zeros).iter().map(|s| s / PLAN).collect();
    let (sd, se) = sd_and_se(&totals);
    let want = closed_form_sd(0.0, 0.0);
    assert!((sd - want).abs() < 4.0 * se, "independent: {sd} vs {want}");

    let level = methane(&study(
        &data,
        adherence(split(1.0, 0.0), false),
        ModelChoice::Linear,
        n,
    ));
    assert!(
        level
            .iter()
            .all(|path| path.iter().all(|v| (v - path[0]).abs() < 1e-9)),
        "path_share = 1 holds one value for the whole path"
    );
    let totals: Vec<f64> = sums(&level).iter().map(|s| s / PLAN).collect();
    let (sd, se) = sd_and_se(&totals);
    let want = closed_form_sd(1.0, 0.0);
    assert!((sd - want).abs() < 4.0 * se, "one level: {sd} vs {want}");
}

/// (d) On the Songzao plan with the default scenario (every input, the models by their Akaike
/// weights, 2017 to 2030), the standard deviation of a path's cumulative methane with the
/// default's persistent adherence lies strictly between independent years (the same scenario
/// without `path_share` and `persistence`) and one draw per path (`per_year = false`), each
/// more than 4 standard errors from either end. All three with the same seed and paths.
#[test]
fn songzao_cumulative_spread_lies_between_independent_and_one_draw() {
    let data = Dataset::songzao();
    let default = Scenario::songzao_default();
    fn adherence_of(scenario: &mut Scenario) -> &mut UncertainInput {
        &mut scenario
            .inputs
            .iter_mut()
            .find(|(key, _)| key == "plan_adherence")
            .expect("the default sets plan adherence")
            .1
    }
    let mut default_copy = default.clone();
    assert_eq!(
        adherence_of(&mut default_copy).year_to_year,
        split(0.5, 0.5)
    );
    let mut independent = default.clone();
    adherence_of(&mut independent).year_to_year = None;
    let mut one_draw = default.clone();
    adherence_of(&mut one_draw).year_to_year = None;
    adherence_of(&mut one_draw).per_year = false;

    let spread = |scenario: Scenario| {
        let paths = methane(&study(&data, scenario, ModelChoice::Auto, 20_000));
        assert_eq!(paths[0].len(), YEARS, "2017 to 2030");
        sd_and_se(&sums(&paths))
    };
    let (low, low_se) = spread(independent);
    let (persistent, se) = spread(default);
    let (high, high_se) = spread(one_draw);
    println!(
        "sd of cumulative 2017-2030 methane, million m3: independent {low:.1} (se {low_se:.1}), \
         default {persistent:.1} (se {se:.1}), one draw {high:.1} (se {high_se:.1})"
    );
    assert!(
        persistent - low > 4.0 * (se + low_se) && high - persistent > 4.0 * (se + high_se),
        "{low} < {persistent} < {high}"
    );
}

/// Same seed, same numbers, whatever the thread count, through the general per-year branch
/// (the default scenario's fast branch is checked by `tests/simulate.rs`).
#[test]
fn persistent_draws_are_bit_identical_on_1_and_3_threads() {
    let data = flat_plan();
    let study = study(
        &data,
        adherence(split(0.3, 0.7), true),
        ModelChoice::Exponential,
        3_000,
    );
    let bits = |threads| -> Vec<u64> {
        common::on_threads(threads, || common::simulate_keeping_paths(&study))
            .1
            .values
            .iter()
            .map(|v| v.to_bits())
            .collect()
    };
    assert_eq!(bits(1), bits(3));
}
