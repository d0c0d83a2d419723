//! Invariants across the chain, as property tests (issue 7): for any valid input, forecasts
//! are finite and their intervals nested and widening with the horizon; simulated percentiles
//! are ordered and the energy chain's bounds hold in every one; the same seed gives the same
//! output; and nothing depends on the order of the rows in the input file.
//!
//! "Widening" is judged on the scale each model's interval is built on: the raw value for
//! linear and quadratic, ln y for exponential and GM(1,1), logit(y / K) for logistic. On the
//! original scale a falling exponential's interval can narrow in absolute terms while its
//! relative width grows. Intensity's interval is a product of two forecasts and is only
//! required to be finite and nested.

use cmmcast_data::{Dataset, Format};
use cmmcast_forecast::Level;
use cmmcast_forecast::energy::{PlantOverrides, Quantity};
use cmmcast_forecast::request::{ForecastRequest, forecast_site};
use cmmcast_forecast::sim::{SimulationSettings, TornadoSettings, tornado};
use cmmcast_forecast::study::StudyParams;
use cmmcast_forecast::trend::{ModelChoice, SeriesKind, TrendInput, menu};
use proptest::prelude::*;

/// A plausible annual series: a level, a linear or compound trend and noise, all positive.
fn series() -> impl Strategy<Value = (Vec<i32>, Vec<f64>, Vec<f64>)> {
    (
        5usize..=12,
        1.0f64..1000.0,
        -0.08f64..0.12,
        0.0f64..0.15,
        any::<bool>(),
        prop::collection::vec(-1.0f64..1.0, 12),
        prop::collection::vec(-1.0f64..1.0, 12),
    )
        .prop_map(|(n, level, growth, noise, compound, e, f)| {
            let years: Vec<i32> = (2000..2000 + n as i32).collect();
            let value = |t: usize, e: f64| {
                let trend = if compound {
                    level * (1.0 + growth).powi(t as i32)
                } else {
                    level * (1.0 + growth * t as f64).max(0.05)
                };
                trend * (1.0 + noise * e)
            };
            let methane = (0..n).map(|t| value(t, e[t])).collect();
            let coal = (0..n).map(|t| 20.0 * value(t, f[t])).collect();
            (years, methane, coal)
        })
}

/// The scale a model's interval is symmetric on (see the module notes).
fn model_scale(model: &str, ceiling: f64) -> Option<Box<dyn Fn(f64) -> f64>> {
    match model {
        "linear" | "quadratic" => Some(Box::new(|y| y)),
        "exponential" | "gm11" => Some(Box::new(f64::ln)),
        "logistic" => Some(Box::new(move |y: f64| (y / (ceiling - y)).ln())),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every model of the menu, on any plausible series it accepts: point and bounds finite,
    /// 95 % around 80 % around the point, and the 95 % width (on the model's scale) never
    /// shrinking from one forecast year to the next.
    #[test]
    fn forecasts_are_finite_nested_and_widening((years, methane, coal) in series()) {
        let ceiling = 2.5 * methane.iter().cloned().fold(f64::MIN, f64::max);
        let input = TrendInput {
            years: &years,
            values: &methane,
            series: SeriesKind::Methane,
            coal_kt: Some(&coal),
            coal_plan: None,
        };
        let levels = [Level::percent(80.0).expect("valid"), Level::percent(95.0).expect("valid")];
        let last = *years.last().expect("years");
        let horizon: Vec<i32> = (last + 1..=last + 15).collect();
        let mut fitted = 0;
        for model in menu(Some(ceiling)).expect("menu") {
            let Ok(fit) = model.fit(&input) else { continue };
            fitted += 1;
            let f = fit.forecast(&horizon, &levels);
            let name = model.name();
            let (i80, i95) = (&f.intervals[0], &f.intervals[1]);
            for (t, year) in horizon.iter().enumerate() {
                let values = [i95.lower[t], i80.lower[t], f.point[t], i80.upper[t], i95.upper[t]];
                prop_assert!(values.iter().all(|v| v.is_finite()), "{name}: {values:?}");
                prop_assert!(
                    values.windows(2).all(|w| w[0] <= w[1]),
                    "{name} {year}: not nested {values:?}"
                );
            }
            if let Some(scale) = model_scale(name, ceiling) {
                let widths: Vec<f64> = (0..horizon.len())
                    .map(|t| scale(i95.upper[t]) - scale(i95.lower[t]))
                    .collect();
                prop_assert!(
                    widths.windows(2).all(|w| w[1] >= w[0] * (1.0 - 1e-12)),
                    "{name}: widths {widths:?}"
                );
            }
        }
        // Linear, exponential and quadratic fit any such series: the test is never vacuous.
        prop_assert!(fitted >= 3, "only {fitted} models fitted");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any paths, seed, percentiles and model choice, with the default scenario as the study
    /// resolves it: each summary's percentiles come in the order asked (sorted), lie between
    /// its min and max and between the plant's bounds (utilization in [0, 1], electricity at
    /// most capacity x 8760 h, surpluses and burnt gas not negative), and every number is
    /// finite; the same seed gives the same summaries.
    #[test]
    fn simulated_percentiles_are_ordered_and_bounded(
        paths in 50usize..3_000,
        seed in any::<u64>(),
        mut percentiles in prop::collection::vec(0.5f64..99.5, 1..6),
        fixed in prop::option::of(prop::sample::select(vec![ModelChoice::Linear, ModelChoice::Exponential])),
    ) {
        percentiles.sort_by(f64::total_cmp);
        let data = Dataset::songzao();
        let site = data.site(None).expect("one site");
        let study = StudyParams {
            model: Some(fixed.unwrap_or(ModelChoice::Auto)),
            to: Some(2022),
            simulation: SimulationSettings { paths, seed, percentiles },
            ..StudyParams::default()
        }
        .study(site)
        .expect("a valid study");
        let sim = study.simulate().expect("simulates");
        // 26.9 MW x 8760 h = 235,644 MWh = 235.644 GWh a year at most.
        let most_gwh = 26.9 * 8760.0 / 1000.0;
        for s in &sim.summaries {
            let all = s.percentiles.iter().chain(&s.percentile_se).chain([&s.mean, &s.sd, &s.min, &s.max]);
            prop_assert!(all.clone().all(|v| v.is_finite()), "{s:?}");
            prop_assert!(s.percentiles.windows(2).all(|w| w[0] <= w[1]), "{s:?}");
            prop_assert!(s.percentile_se.iter().all(|&e| e >= 0.0) && s.sd >= 0.0, "{s:?}");
            prop_assert!(
                s.percentiles.iter().chain([&s.mean]).all(|&v| s.min <= v && v <= s.max),
                "{s:?}"
            );
            let (low, high) = match s.quantity {
                Quantity::Utilization => (0.0, 1.0),
                Quantity::ElectricityGwh => (0.0, most_gwh * (1.0 + 1e-12)),
                _ => (0.0, f64::INFINITY),
            };
            prop_assert!(
                [&s.min, &s.max].into_iter().all(|&v| (low..=high).contains(&v)),
                "{s:?}"
            );
        }
        let again = study.simulate().expect("simulates");
        prop_assert_eq!(&sim.summaries, &again.summaries);
    }

    /// The rows of a CSV in any order give the same forecast, bit for bit: the data crate
    /// sorts by year, and nothing downstream sees the file's order.
    #[test]
    fn row_order_does_not_matter(
        (years, methane, coal) in series(),
        order in Just(()).prop_perturb(|_, mut rng| {
            let mut order: Vec<usize> = (0..12).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
            order
        }),
    ) {
        let rows: Vec<String> = years
            .iter()
            .zip(&methane)
            .zip(&coal)
            .map(|((y, m), c)| format!("{y},{c},{m}"))
            .collect();
        let shuffled: Vec<&String> = order.iter().filter(|&&i| i < rows.len()).map(|&i| &rows[i]).collect();
        let csv = |rows: Vec<&String>| {
            let mut text = String::from("year,coal_kt,methane_mm3\n");
            for row in rows {
                text.push_str(row);
                text.push('\n');
            }
            text
        };
        let forecast = |text: String| {
            let data = Dataset::parse(&text, Format::Csv, "plan.csv", "mine").expect("valid CSV");
            let site = data.site(None).expect("one site");
            let request = ForecastRequest {
                series: SeriesKind::Methane,
                model: Some(ModelChoice::Auto),
                intervals: None,
                ceiling: None,
                to: None,
                closure_year: None,
                levels: vec![Level::percent(80.0).expect("valid"), Level::percent(95.0).expect("valid")],
            };
            forecast_site(site, &request).map(|f| {
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                let mut all = bits(&f.forecast.point);
                for interval in &f.forecast.intervals {
                    all.extend(bits(&interval.lower));
                    all.extend(bits(&interval.upper));
                }
                (f.forecast.model, all)
            }).map_err(|e| e.to_string())
        };
        prop_assert_eq!(forecast(csv(rows.iter().collect())), forecast(csv(shuffled)));
    }
}

/// A steeply declining mine: eight years (2009–2016) of methane falling each year by a share
/// `decline` of the first year's level (6 % to 12 %: a straight line through them reaches zero
/// after about 1 / decline ≤ 17 years, by 2026, long before 2040), with at most 3 % noise, and
/// coal falling half as fast. Every value is positive: the last year's trend is at least
/// 1 − 7 x 0.12 = 16 % of the first, the noise at most 3 %.
fn declining() -> impl Strategy<Value = (Vec<i32>, Vec<f64>, Vec<f64>)> {
    (
        10.0f64..1000.0,
        0.06f64..0.12,
        0.0f64..0.03,
        prop::collection::vec(-1.0f64..1.0, 8),
        prop::collection::vec(-1.0f64..1.0, 8),
    )
        .prop_map(|(level, decline, noise, e, f)| {
            let years: Vec<i32> = (2009..=2016).collect();
            let trend = |t: usize, rate: f64| level * (1.0 - rate * t as f64);
            let methane = (0..8)
                .map(|t| trend(t, decline) * (1.0 + noise * e[t]))
                .collect();
            let coal = (0..8)
                .map(|t| 20.0 * trend(t, decline / 2.0) * (1.0 + noise * f[t]))
                .collect();
            (years, methane, coal)
        })
}

/// The quantities of one year of the energy chain that cannot be negative, by name.
fn chain_values(e: &cmmcast_forecast::energy::YearEnergy) -> Vec<(&'static str, f64)> {
    let mut values = vec![
        ("methane_mm3", e.methane_mm3),
        ("to_power_mm3", e.to_power_mm3),
        ("unusable_mm3", e.unusable_mm3),
        ("demand_mm3", e.demand_mm3),
        ("burnt_mm3", e.burnt_mm3),
        ("surplus_mm3", e.surplus_mm3),
        ("utilization", e.utilization),
        ("electricity_gwh", e.electricity_gwh),
        ("net_electricity_gwh", e.net_electricity_gwh),
        ("co2e_destruction_kt", e.co2e_destruction_kt),
        ("co2e_avoided_kt", e.co2e_avoided_kt),
    ];
    values.extend(e.capacity_factor.map(|v| ("capacity_factor", v)));
    values.extend(e.co2e_grid_kt.map(|v| ("co2e_grid_kt", v)));
    values
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A mine cannot drain less than nothing: when a trend fitted to a declining series goes
    /// below zero (linear, forecast to 2040), every model choice that fits the series gives
    /// (1) a projection with no negative methane, burnt or surplus gas, electricity, capacity
    /// factor, utilization, CO2e or capacity needed, in which exactly the forecast years whose
    /// point forecast (times the plan adherence's median, which is positive) is below zero are
    /// floored, to a drainage of exactly 0 and nothing burnt; (2) a simulation whose
    /// percentiles, means and minimums of every quantity are at least 0; and (3) tornado bars
    /// whose outputs are at least 0, for every output. Linear always goes below zero here, so
    /// the test is never vacuous.
    #[test]
    fn drainage_and_everything_made_of_it_stay_at_or_above_zero_when_a_declining_trend_goes_below_it(
        (years, methane, coal) in declining(),
        capacity_mw in 1.0f64..200.0,
        seed in any::<u64>(),
    ) {
        let mut text = String::from("year,coal_kt,methane_mm3\n");
        for ((year, m), c) in years.iter().zip(&methane).zip(&coal) {
            text.push_str(&format!("{year},{c},{m}\n"));
        }
        let data = Dataset::parse(&text, Format::Csv, "declining.csv", "mine").expect("valid CSV");
        let site = data.site(None).expect("one site");
        let ceiling = 2.5 * methane.iter().copied().fold(f64::MIN, f64::max);
        let mut fitted = Vec::new();
        for model in ModelChoice::ALL {
            let params = StudyParams {
                model: Some(model),
                ceiling: Some(ceiling),
                to: Some(2040),
                plant: PlantOverrides {
                    capacity_mw: Some(capacity_mw),
                    grid_factor_t_per_mwh: Some(0.6),
                    ..PlantOverrides::default()
                },
                simulation: SimulationSettings {
                    paths: 200,
                    seed,
                    percentiles: vec![1.0, 10.0, 50.0, 90.0],
                },
                ..StudyParams::default()
            };
            let study = match params.study(site) {
                Ok(study) => study,
                // Linear, exponential and auto fit any positive series.
                Err(err) => {
                    prop_assert!(
                        !matches!(model, ModelChoice::Linear | ModelChoice::Exponential | ModelChoice::Auto),
                        "{}: {err}",
                        model.name()
                    );
                    continue;
                }
            };
            fitted.push(model);
            let name = model.name();

            // (1) The projection.
            let projection = study.project().expect("projects");
            let forecast = study.forecast().expect("forecasts").forecast;
            prop_assert!(projection.adherence > 0.0);
            let below: Vec<i32> = forecast
                .years
                .iter()
                .zip(&forecast.point)
                .filter(|(_, point)| **point < 0.0)
                .map(|(year, _)| *year)
                .collect();
            prop_assert_eq!(&projection.floored_years, &below, "{}", name);
            if model == ModelChoice::Linear {
                prop_assert!(below.contains(&2040), "linear stays above zero: {:?}", forecast.point);
            }
            for year in &projection.years {
                let e = &year.energy;
                for (quantity, value) in chain_values(e) {
                    prop_assert!(value >= 0.0, "{} {}: {} = {}", name, e.year, quantity, value);
                }
                prop_assert!(e.utilization <= 1.0, "{} {}: {}", name, e.year, e.utilization);
                let need = &year.need;
                prop_assert!(
                    need.target_burnt_mm3 >= 0.0 && need.capacity_needed_mw >= 0.0 && need.additional_mw >= 0.0,
                    "{} {}: {:?}", name, e.year, need
                );
                for &(_, low, high) in &year.methane_bounds {
                    prop_assert!(0.0 <= low && low <= high, "{} {}: {} to {}", name, e.year, low, high);
                }
            }
            let forecast_years = &projection.years[projection.years.len() - forecast.years.len()..];
            for ((year, &point), projected) in forecast.years.iter().zip(&forecast.point).zip(forecast_years) {
                let e = &projected.energy;
                prop_assert_eq!(e.year, *year);
                prop_assert!(!projected.observed);
                if below.contains(year) {
                    prop_assert_eq!(e.methane_mm3, 0.0);
                    prop_assert_eq!(e.burnt_mm3, 0.0);
                    prop_assert_eq!(e.electricity_gwh, 0.0);
                    prop_assert_eq!(e.co2e_avoided_kt, 0.0);
                    prop_assert_eq!(e.utilization, 0.0);
                } else {
                    prop_assert_eq!(e.methane_mm3, point * projection.adherence);
                }
            }

            // (2) The simulation.
            let sim = study.simulate().expect("simulates");
            prop_assert_eq!(sim.summaries.len(), 24 * Quantity::ALL.len());
            for s in &sim.summaries {
                prop_assert!(
                    s.percentiles.iter().chain([&s.mean, &s.min]).all(|&v| v >= 0.0),
                    "{}: {:?}", name, s
                );
            }

            // (3) The tornado, of every output (the study's own, electricity, and the others).
            let inputs = study.inputs();
            let mut tornadoes = vec![study.tornado().expect("a tornado")];
            for output in Quantity::ALL {
                tornadoes.push(
                    tornado(
                        study.selection(),
                        study.years(),
                        &inputs.plant,
                        &inputs.uncertain,
                        &TornadoSettings { year: None, output },
                    )
                    .expect("a tornado"),
                );
            }
            for t in &tornadoes {
                prop_assert_eq!(t.year, 2040);
                prop_assert!(t.base.value >= 0.0, "{} {}: base {}", name, t.output, t.base.value);
                for (quantity, value) in chain_values(&t.base.energy) {
                    prop_assert!(value >= 0.0, "{} base: {} = {}", name, quantity, value);
                }
                for bar in &t.bars {
                    prop_assert!(
                        bar.output_at_low >= 0.0 && bar.output_at_high >= 0.0,
                        "{} {}: {:?}", name, t.output, bar
                    );
                }
            }
        }
        prop_assert!(fitted.len() >= 3, "only {:?} fitted", fitted);
    }
}
