//! The tornado (one input at a time between its p10 and p90, the others at their medians)
//! against hand calculations: a plant short of capacity, burnt gas against efficiency, the
//! drained methane of the trend, the plan adherence and the model choice (whose ends are the
//! p10 and p90 of the models' outputs weighted by their Akaike weights), a fixed model, and a
//! year outside the forecast. Moved here from the unit tests of `sim/tornado.rs` when the
//! tornado moved onto the study; the rule's own unit test (`a_rarely_picked_model_sets_neither_end`)
//! stays there.

mod common;

use cmmcast_data::{Dataset, DistributionSpec, Format, Scenario};
use cmmcast_forecast::energy::{PlantOverrides, Quantity};
use cmmcast_forecast::sim::{BarSource, ModelPoint, Tornado, TornadoBar, TornadoSettings};
use cmmcast_forecast::study::StudyParams;
use cmmcast_forecast::trend::ModelChoice;
use cmmcast_forecast::{ForecastError, YearPurpose};

/// Methane at 20 °C (ISO 6976:2016): LHV 33.43 MJ/m3.
const LHV: f64 = 33.43;

/// The tornado of the embedded Songzao site (26.9 MW from its site facts) under `params`.
fn songzao_tornado(params: &StudyParams) -> Tornado {
    let data = Dataset::songzao();
    let site = data.site(None).expect("the embedded site");
    params
        .study(site)
        .expect("a valid study")
        .tornado()
        .expect("a tornado")
}

fn find<'a>(tornado: &'a Tornado, input: &str) -> &'a TornadoBar {
    tornado
        .bars
        .iter()
        .find(|b| b.input == input)
        .expect("every input has a bar")
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * b.abs().max(1.0)
}

/// The model-choice bar's ends and models.
fn model_choice(tornado: &Tornado) -> (&TornadoBar, &'static str, &'static str, &[ModelPoint]) {
    let bar = find(tornado, "model_choice");
    match &bar.source {
        BarSource::ModelChoice {
            low_model,
            high_model,
            models,
            ..
        } => (bar, *low_model, *high_model, models),
        other => panic!("not a model-choice bar: {other:?}"),
    }
}

/// The capacity-limited case by hand: Songzao's 26.9 MW plant, a scenario giving efficiency
/// triangular(0.33, 0.38, 0.42), availability uniform(0.80, 0.95), plan adherence
/// uniform(0.8, 1.2) outright (its own explicit scenario, so the hand calculation does not
/// depend on the default's). The 2030 forecast (922 million m3 for exponential, 593 for
/// linear) is far above what the plant burns (~ 60 million m3), so in every setting
/// burnt = demand = C x availability x 8760 / k and electricity = C x availability x 8760.
///
/// - Efficiency: electricity does not depend on it (burnt adjusts): swing 0.
/// - Availability: p10 = 0.80 + 0.15 x 0.1 = 0.815, p90 = 0.80 + 0.15 x 0.9 = 0.935;
///   swing = 26.9 MW x 8760 h x (0.935 − 0.815) / 1000 = 26.9 x 8760 x 0.12 / 1000 =
///   28.27728 GWh. Base (median 0.875): 26.9 x 8760 x 0.875 / 1000 = 206.1885 GWh.
/// - Plan adherence, trend and model choice only move the gas, which stays above the
///   demand: swing 0.
/// - The fixed inputs (share, parasitic, concentrations, destruction) have swing 0.
#[test]
fn capacity_limited_electricity_matches_the_hand_calculation() {
    let scenario = common::scenario(&[
        (
            "efficiency",
            DistributionSpec::Triangular {
                min: 0.33,
                mode: 0.38,
                max: 0.42,
            },
            false,
        ),
        (
            "availability",
            DistributionSpec::Uniform {
                min: 0.80,
                max: 0.95,
            },
            false,
        ),
        (
            "plan_adherence",
            DistributionSpec::Uniform { min: 0.8, max: 1.2 },
            false,
        ),
    ]);
    let tornado = songzao_tornado(&StudyParams {
        scenario: Some(scenario),
        ..StudyParams::default()
    });
    assert_eq!(tornado.year, 2030);
    assert_eq!(tornado.output, Quantity::ElectricityGwh);
    assert_eq!(tornado.years.first(), Some(&2017));
    assert!(close(tornado.base.value, 206.1885, 1e-12));
    assert!(close(tornado.base.plan_adherence, 1.0, 1e-15));

    let availability = &tornado.bars[0];
    assert_eq!(availability.input, "availability");
    assert!(close(availability.low_setting, 0.815, 1e-12));
    assert!(close(availability.high_setting, 0.935, 1e-12));
    assert!(close(
        availability.output_at_low,
        26.9 * 8760.0 * 0.815 / 1000.0,
        1e-12
    ));
    assert!(close(availability.swing, 28.27728, 1e-12));
    for bar in &tornado.bars[1..] {
        assert!(
            bar.swing == 0.0,
            "{} swings {} GWh though the plant is short of capacity",
            bar.input,
            bar.swing
        );
    }
    // Every input has a bar: the eight scenario keys, the trend and the model choice.
    assert_eq!(tornado.bars.len(), 10);
    // Fixed inputs come after every input that varies.
    let first_fixed = tornado.bars.iter().position(|b| b.fixed).expect("fixed");
    assert!(tornado.bars[first_fixed..].iter().all(|b| b.fixed));
    assert!(
        tornado.bars[..first_fixed]
            .iter()
            .any(|b| b.input == "trend")
    );
}

/// Burnt gas in the same plant depends on efficiency: burnt = C x availability x 8760 x
/// 3600 / (efficiency x LHV x 10⁶) million m3. Triangular(0.33, 0.38, 0.42) has its mode
/// at F = (0.38 − 0.33)/0.09 = 0.5556 of the mass, so
/// p10 = 0.33 + √(0.1 x 0.09 x 0.05) = 0.33 + √0.00045 = 0.3512132,
/// p90 = 0.42 − √(0.1 x 0.09 x 0.04) = 0.42 − √0.00036 = 0.4010263.
/// With availability fixed at 0.9 (no scenario entry: the plant default), 26.9 x 0.9 x 8760 x
/// 3600 / 33.43 / 10⁶ = 22.838366 million m3 at efficiency 1; burnt = 65.02707 at p10 and
/// 56.94979 at p90, swing 8.07728 million m3. The lower efficiency burns more:
/// output_at_low > output_at_high.
#[test]
fn efficiency_moves_burnt_gas_inversely() {
    let scenario = common::scenario(&[(
        "efficiency",
        DistributionSpec::Triangular {
            min: 0.33,
            mode: 0.38,
            max: 0.42,
        },
        false,
    )]);
    let tornado = songzao_tornado(&StudyParams {
        scenario: Some(scenario),
        tornado: TornadoSettings {
            year: None,
            output: Quantity::BurntMm3,
        },
        ..StudyParams::default()
    });
    let p10 = 0.33 + 0.000_45_f64.sqrt();
    let p90 = 0.42 - 0.000_36_f64.sqrt();
    let at_one = 26.9 * 0.9 * 8760.0 * 3600.0 / LHV / 1e6;
    let bar = &tornado.bars[0];
    assert_eq!(bar.input, "efficiency");
    assert!(close(bar.low_setting, p10, 1e-12) && close(bar.high_setting, p90, 1e-12));
    assert!(close(bar.output_at_low, at_one / p10, 1e-12));
    assert!(close(bar.output_at_high, at_one / p90, 1e-12));
    assert!(close(bar.swing, at_one / p10 - at_one / p90, 1e-12));
    assert!(close(at_one, 22.838_366, 1e-7) && close(bar.swing, 8.077_28, 1e-6));
    assert!(bar.output_at_low > bar.output_at_high);
}

/// Drained methane (no plant involved) in 2025 with the model choice auto, under the default
/// scenario: the Songzao plan's linear trend gives 220.592 + 20.679 x 13 = 489.419 and the
/// exponential exp(5.403774 + 0.079062 x 13) = 621.1546 million m3 (docs/METHODS.md, 7.1).
/// Auto's base is exponential; the trend bar is exponential's 80 % interval around its point.
///
/// The model-choice bar spans the p10 and p90 of the models' outputs weighted by the chance a
/// path picks each, its Akaike weight. From the statsmodels fixture's AICc (linear
/// 50.372666504009885, exponential 42.28878821208935), Δ = 8.0838783 and linear's weight is
/// exp(−Δ/2) / (1 + exp(−Δ/2)) = 0.01726, exponential's 0.98274. Ordered by output, linear
/// (489.419) comes first with cumulative weight 0.017 < 0.1, so the first model to reach 0.1
/// is exponential, and so is the first to reach 0.9: both ends are exponential (621.1546),
/// the swing is 0, and linear is listed among the models with its weight.
///
/// Plan adherence lognormal(1, 0.1): p10 = exp(−0.1 x 1.2815516) = 0.879717, p90 = 1.136729;
/// the methane swings 621.1546 x (1.136729 − 0.879717). The parameters are given to six
/// decimals, so the exponential forecast is checked to a relative 2e-5.
#[test]
fn methane_bars_match_the_model_forecasts() {
    let tornado = songzao_tornado(&StudyParams {
        model: Some(ModelChoice::Auto),
        tornado: TornadoSettings {
            year: Some(2025),
            output: Quantity::MethaneMm3,
        },
        ..StudyParams::default()
    });
    assert_eq!(tornado.year, 2025);
    assert_eq!(tornado.base.model, "exponential");
    assert!(close(tornado.base.value, 621.1546, 2e-5));

    let delta = 50.372_666_504_009_885 - 42.288_788_212_089_35;
    let linear_weight = (-delta / 2.0_f64).exp() / (1.0 + (-delta / 2.0_f64).exp());
    assert!((linear_weight - 0.017_26).abs() < 5e-6, "{linear_weight}");
    let (bar, low_model, high_model, models) = model_choice(&tornado);
    assert_eq!((low_model, high_model), ("exponential", "exponential"));
    assert_eq!(models.len(), 2);
    let linear = &models[0];
    let exponential = &models[1];
    assert_eq!((linear.model, exponential.model), ("linear", "exponential"));
    assert!(close(linear.weight, linear_weight, 1e-6));
    assert!(close(exponential.weight, 1.0 - linear_weight, 1e-6));
    assert!(close(linear.methane_mm3, 489.419, 1e-7));
    assert!(close(linear.output, 489.419, 1e-7));
    assert!(close(exponential.methane_mm3, 621.1546, 2e-5));
    assert!(close(bar.output_at_low, 621.1546, 2e-5));
    assert_eq!(bar.output_at_low, bar.output_at_high);
    assert_eq!(bar.low_setting, exponential.methane_mm3);
    assert_eq!(bar.high_setting, exponential.methane_mm3);
    assert_eq!(bar.swing, 0.0);
    assert!(!bar.fixed, "two models can be picked");
    let words = bar.describe();
    assert!(
        words.contains("exponential (weight 0.983) at both")
            && words.contains("outside: linear 0.017"),
        "{words}"
    );

    let trend = find(&tornado, "trend");
    assert!(trend.output_at_low < tornado.base.value && trend.output_at_high > tornado.base.value);
    assert_eq!(
        (trend.output_at_low, trend.output_at_high),
        tornado.base.methane_p10_p90_mm3
    );
    let adherence = find(&tornado, "plan_adherence");
    assert!(close(adherence.low_setting, 0.879_717, 1e-6));
    assert!(close(adherence.high_setting, 1.136_729, 1e-6));
    assert!(close(
        adherence.swing,
        tornado.base.value * (adherence.high_setting - adherence.low_setting),
        1e-12
    ));
    // Operating values do not move the drained methane.
    assert!(find(&tornado, "efficiency").swing == 0.0);
    // Sorted by swing, largest first.
    assert!(tornado.bars.windows(2).all(|w| w[0].swing >= w[1].swing));
}

/// Two models both reach the ends when their weights are closer. Eight years, 2009–2016, of
/// 100, 102, 106, 110, 111, 115, 119, 120 million m3: with t = year − 2009 (mean 3.5,
/// Σ(t − 3.5)² = 42) and a mean of 883 / 8 = 110.375, Σ(t − 3.5) y = −350 − 255 − 159 −
/// 55 + 55.5 + 172.5 + 297.5 + 420 = 126.5, so linear's slope is 126.5 / 42 = 3.0119048 and
/// its 2030 forecast (t = 21) is 110.375 + 17.5 x 126.5 / 42 = 163.08333. The exponential's is the
/// same regression on ln y, its median exp(mean ln y + 17.5 x slope), worked out below; it is
/// higher (the series grows by a similar amount a year, so by a falling share).
///
/// With auto, the rule, applied by hand to the models' weights and outputs: ordered by output, the model
/// at p10 is the first whose cumulative weight reaches 0.1 and the model at p90 the first to
/// reach 0.9. With these weights (the library's Akaike weights, linear about 0.6 and
/// exponential about 0.4, quadratic and GM(1,1) under 0.01 each), quadratic (the lowest
/// output) cannot reach 0.1 alone, linear brings the cumulative weight past 0.1 but not to
/// 0.9, so the ends are linear (p10) and exponential (p90): a model with a weight under 0.1
/// sets neither end.
#[test]
fn two_models_with_close_weights_set_the_two_ends() {
    let values = [100.0, 102.0, 106.0, 110.0, 111.0, 115.0, 119.0, 120.0_f64];
    let mut text = String::from("year,methane_mm3\n");
    for (year, value) in (2009..).zip(values) {
        text.push_str(&format!("{year},{value}\n"));
    }
    let data = Dataset::parse(&text, Format::Csv, "close.csv", "mine").expect("valid CSV");
    let site = data.site(None).expect("one site");
    let study = StudyParams {
        model: Some(ModelChoice::Auto),
        tornado: TornadoSettings {
            year: Some(2030),
            output: Quantity::MethaneMm3,
        },
        ..StudyParams::default()
    }
    .study(site)
    .expect("a valid study");
    let tornado = study.tornado().expect("a tornado");

    // The two forecasts by hand.
    let linear_2030 = 110.375 + 17.5 * 126.5 / 42.0;
    assert!(close(linear_2030, 163.083_333, 1e-8));
    let logs: Vec<f64> = values.iter().map(|v| v.ln()).collect();
    let mean_log = logs.iter().sum::<f64>() / 8.0;
    let log_slope = logs
        .iter()
        .enumerate()
        .map(|(t, l)| (t as f64 - 3.5) * l)
        .sum::<f64>()
        / 42.0;
    let exponential_2030 = (mean_log + 17.5 * log_slope).exp();
    assert!(exponential_2030 > linear_2030);

    let (bar, low_model, high_model, models) = model_choice(&tornado);
    // Every model paths pick, with its weight and its own point forecast for 2030; the
    // outputs are the forecasts times the plan adherence's median, 1.
    let weighted = study.selection().weighted();
    assert_eq!(models.len(), weighted.len());
    for (point, w) in models.iter().zip(weighted) {
        assert_eq!(point.model, w.fit.name());
        assert_eq!(point.weight, w.weight);
        assert_eq!(point.methane_mm3, w.fit.forecast(&[2030], &[]).point[0]);
        assert!(close(point.output, point.methane_mm3, 1e-12));
    }
    let weight = |name: &str| {
        models
            .iter()
            .find(|m| m.model == name)
            .map_or(0.0, |m| m.weight)
    };
    let output = |name: &str| {
        models
            .iter()
            .find(|m| m.model == name)
            .map(|m| m.output)
            .expect("weighted")
    };
    assert!(close(output("linear"), linear_2030, 1e-9));
    assert!(close(output("exponential"), exponential_2030, 1e-9));
    // The weights that make linear and exponential the ends (the module notes).
    assert!((0.1..0.9).contains(&weight("linear")), "{models:?}");
    assert!((0.1..0.9).contains(&weight("exponential")), "{models:?}");
    let others: Vec<&ModelPoint> = models
        .iter()
        .filter(|m| m.model != "linear" && m.model != "exponential")
        .collect();
    assert!(others.iter().all(|m| m.weight < 0.1), "{models:?}");

    // The rule by hand.
    let mut ordered: Vec<&ModelPoint> = models.iter().collect();
    ordered.sort_by(|a, b| a.output.total_cmp(&b.output));
    let at = |p: f64| {
        let mut cumulative = 0.0;
        ordered
            .iter()
            .find(|m| {
                cumulative += m.weight;
                cumulative >= p - 1e-12
            })
            .map(|m| m.model)
    };
    assert_eq!(at(0.1), Some("linear"));
    assert_eq!(at(0.9), Some("exponential"));
    assert_eq!((low_model, high_model), ("linear", "exponential"));
    assert!(close(bar.low_setting, linear_2030, 1e-9));
    assert!(close(bar.high_setting, exponential_2030, 1e-9));
    assert!(close(bar.output_at_low, linear_2030, 1e-9));
    assert!(close(bar.output_at_high, exponential_2030, 1e-9));
    assert!(close(bar.swing, exponential_2030 - linear_2030, 1e-9));
    assert!(
        bar.describe().contains("linear (weight"),
        "{}",
        bar.describe()
    );
}

/// A fixed model makes the model choice fixed: one model, zero swing, listed last.
#[test]
fn a_fixed_model_leaves_the_model_choice_fixed() {
    let tornado = songzao_tornado(&StudyParams {
        model: Some(ModelChoice::Linear),
        plant: PlantOverrides {
            capacity_mw: Some(1000.0),
            ..PlantOverrides::default()
        },
        ..StudyParams::default()
    });
    assert_eq!(tornado.base.model, "linear");
    let (models, low_model, high_model, points) = model_choice(&tornado);
    assert!(models.fixed && models.swing == 0.0);
    assert_eq!((low_model, high_model), ("linear", "linear"));
    assert_eq!(points.len(), 1);
    assert_eq!(points[0].weight, 1.0);
    // With 1000 MW the plant burns all the gas: electricity follows the trend.
    assert!(find(&tornado, "trend").swing > 0.0);
    assert!(tornado.bars.last().is_some_and(|b| b.fixed));
}

/// The tornado's base case is the projection's year: every input at its median, which for the
/// default scenario is the site's own value (the spreads are symmetric around it) and a plan
/// adherence of 1, so the base case's energy chain is `project`'s for that year.
#[test]
fn the_base_case_is_the_projection() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("the embedded site");
    let study = StudyParams {
        tornado: TornadoSettings {
            year: Some(2025),
            output: Quantity::ElectricityGwh,
        },
        ..StudyParams::default()
    }
    .study(site)
    .expect("a valid study");
    assert_eq!(
        study.inputs().scenario.name,
        Scenario::songzao_default().name
    );
    let tornado = study.tornado().expect("a tornado");
    let projection = study.project().expect("a projection");
    let year = projection
        .years
        .iter()
        .find(|y| y.energy.year == 2025)
        .expect("2025 is projected");
    let (base, projected) = (&tornado.base.energy, &year.energy);
    for (a, b) in [
        (base.methane_mm3, projected.methane_mm3),
        (base.burnt_mm3, projected.burnt_mm3),
        (base.surplus_mm3, projected.surplus_mm3),
        (base.utilization, projected.utilization),
        (base.electricity_gwh, projected.electricity_gwh),
        (base.co2e_avoided_kt, projected.co2e_avoided_kt),
    ] {
        assert!(close(a, b, 1e-12), "{base:?} vs {projected:?}");
    }
    assert!(close(tornado.base.value, projected.electricity_gwh, 1e-12));
}

/// A year outside the forecast is refused with the range.
#[test]
fn a_year_outside_the_forecast_is_refused() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("the embedded site");
    for year in [2016, 2031] {
        let error = StudyParams {
            scenario: Some(common::certain()),
            tornado: TornadoSettings {
                year: Some(year),
                output: Quantity::ElectricityGwh,
            },
            ..StudyParams::default()
        }
        .study(site)
        .expect("a valid study")
        .tornado()
        .expect_err("refused");
        assert_eq!(
            error,
            ForecastError::NotAForecastYear {
                purpose: YearPurpose::Tornado,
                year,
                first: 2017,
                last: 2030,
            }
        );
        let text = error.to_string();
        assert!(
            text.contains(&format!("{year} is not a forecast year"))
                && text.contains("from 2017 to 2030"),
            "{text}"
        );
    }
}
