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

use cmmcast_data::{Dataset, Format, Scenario};
use cmmcast_forecast::Level;
use cmmcast_forecast::energy::PlantBuilder;
use cmmcast_forecast::request::{ForecastRequest, forecast_site};
use cmmcast_forecast::sim::{SimulationSettings, UncertainInputs, simulate_site};
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

    /// Any paths, seed, percentiles and model choice: each summary's percentiles come in the
    /// order asked (sorted), lie between the plant's bounds (utilization in [0, 1], electricity
    /// at most capacity x 8760 h, surpluses and burnt gas not negative), and every number is
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
        let plant = PlantBuilder::from_site_facts(&site.facts).expect("facts").build().expect("plant");
        let inputs = UncertainInputs::from_scenario(&Scenario::songzao_default());
        let settings = SimulationSettings {
            paths,
            seed,
            percentiles,
            model: fixed.unwrap_or(ModelChoice::Auto),
            to: Some(2022),
            ..SimulationSettings::default()
        };
        let sim = simulate_site(site, &plant, &inputs, &settings).expect("simulates");
        // 26.9 MW x 8760 h = 235,644 MWh = 235.644 GWh a year at most.
        let most_gwh = 26.9 * 8760.0 / 1000.0;
        for s in &sim.summaries {
            let all = s.percentiles.iter().chain(&s.percentile_se).chain([&s.mean, &s.sd]);
            prop_assert!(all.clone().all(|v| v.is_finite()), "{s:?}");
            prop_assert!(s.percentiles.windows(2).all(|w| w[0] <= w[1]), "{s:?}");
            prop_assert!(s.percentile_se.iter().all(|&e| e >= 0.0) && s.sd >= 0.0, "{s:?}");
            let (low, high) = match s.quantity {
                "utilization" => (0.0, 1.0),
                "electricity_gwh" => (0.0, most_gwh * (1.0 + 1e-12)),
                _ => (0.0, f64::INFINITY),
            };
            prop_assert!(
                s.percentiles.iter().chain([&s.mean]).all(|&v| (low..=high).contains(&v)),
                "{s:?}"
            );
        }
        let again = simulate_site(site, &plant, &inputs, &settings).expect("simulates");
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
                model: ModelChoice::Auto,
                ceiling: None,
                to: None,
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
