//! Plant sizing under daily flow: the constant-flow case against a hand formula, Jensen's
//! inequality for variable flow, the daily multipliers' moments, the shares and bounds of every
//! output, bit-identical output for any thread count, the annual paths shared with `simulate`,
//! and refusals.
//!
//! Hand values use the plant defaults and ISO 6976 methane at 20 °C (LHV 33.43 MJ/m3), written
//! out here rather than taken from the library.

mod common;

use cmmcast_data::{Dataset, Scenario};
use cmmcast_forecast::energy::{EnergyFactors, Quantity, project_year_with};
use cmmcast_forecast::sim::{
    AnnualDraw, DailyFlow, EngineSweep, MAX_PATHS, MAX_SIZE_VALUES, PathModels, PlantSizing,
    SimulationSettings, SizingSettings, UncertainInputs, burnable, daily_multipliers, daily_rng,
    size,
};
use cmmcast_forecast::study::{SizingParams, Study, StudyParams};
use cmmcast_forecast::trend::ModelChoice;
use cmmcast_forecast::{ForecastError, PathsOf, ValueSource, YearPurpose};
use proptest::prelude::*;

/// Lower heating value of methane at 20 °C, MJ/m3 (ISO 6976:2016).
const LHV: f64 = 33.43;
/// Default efficiency and availability.
const EFFICIENCY: f64 = 0.38;
const AVAILABILITY: f64 = 0.9;

/// A Songzao study to `to` with `paths` paths for both the simulation and the sizing (the
/// default scenario unless `params` says otherwise).
fn params(paths: usize, to: Option<i32>) -> StudyParams {
    StudyParams {
        to,
        simulation: SimulationSettings {
            paths,
            ..SimulationSettings::default()
        },
        sizing: SizingParams {
            paths,
            ..SizingParams::default()
        },
        ..StudyParams::default()
    }
}

/// `params`' study of the embedded Songzao site, sized on `threads` threads.
fn study_size(params: &StudyParams, threads: usize) -> PlantSizing {
    let data = Dataset::songzao();
    let study = params
        .study(data.site(None).expect("one site"))
        .expect("a valid study");
    common::on_threads(threads, || study.size()).expect("sizes")
}

/// `study`'s paths sized with other inputs, daily flow or settings ([`size`] directly), on
/// `threads` threads.
fn size_with(
    study: &Study<'_>,
    inputs: &UncertainInputs,
    flow: &DailyFlow,
    sizing: &SizingSettings,
    threads: usize,
) -> PlantSizing {
    let models = PathModels::new(study.selection(), study.years().to_vec());
    let paths = (study.params().sizing.paths, study.params().simulation.seed);
    common::on_threads(threads, || {
        size(&models, &study.inputs().plant, inputs, flow, paths, sizing)
    })
    .expect("sizes")
}

fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * b.abs().max(1e-300)
}

/// Million m3 one engine of `unit_mw` burns in a day at full load, by hand:
/// U MW x 24 h x availability = MWh; x 3600 MJ/MWh / efficiency = MJ of fuel; / LHV = m3.
fn engine_day(unit_mw: f64) -> f64 {
    unit_mw * 24.0 * AVAILABILITY * 3600.0 / (EFFICIENCY * LHV) / 1e6
}

/// GWh from `mm3` million m3 burnt: m3 x LHV x efficiency / 3600 MJ/MWh / 1000.
fn gwh(mm3: f64) -> f64 {
    mm3 * 1e6 * LHV * EFFICIENCY / 3600.0 / 1000.0
}

/// The annual paths of `size` are those of `simulate`: same drained methane, and the same
/// operating values (the energy chain on them gives simulate's burnt, electricity and avoided
/// emissions bit for bit), with the default scenario as the study resolves it.
#[test]
fn annual_paths_are_the_simulations_paths() {
    let data = Dataset::songzao();
    let study = params(400, Some(2022))
        .study(data.site(None).expect("one site"))
        .expect("a valid study");
    let plant = &study.inputs().plant;
    let (_, paths) = common::simulate_keeping_paths(&study);
    let draws = common::annual(&study, &study.inputs().uncertain, 400);
    let q = Quantity::ALL.len();
    let at = |quantity: Quantity| quantity.index();
    assert_eq!(paths.values.len(), 400 * 6 * q);
    for (path, years) in draws.iter().enumerate() {
        for (y, draw) in years.iter().enumerate() {
            let start = (path * years.len() + y) * q;
            let row = &paths.values[start..start + q];
            let e = project_year_with(
                plant,
                &draw.values,
                &EnergyFactors::with_values(plant, &draw.values),
                draw.year,
                draw.drained_mm3,
            );
            let bits = |quantity: Quantity| row[at(quantity)].to_bits();
            assert_eq!(
                draw.drained_mm3.to_bits(),
                bits(Quantity::MethaneMm3),
                "path {path}"
            );
            assert_eq!(
                e.burnt_mm3.to_bits(),
                bits(Quantity::BurntMm3),
                "path {path}"
            );
            assert_eq!(
                e.electricity_gwh.to_bits(),
                bits(Quantity::ElectricityGwh),
                "path {path}"
            );
            assert_eq!(
                e.co2e_avoided_kt.to_bits(),
                bits(Quantity::Co2eAvoidedKt),
                "path {path}"
            );
        }
    }
}

/// With a constant daily flow g = Q/365, E engines burn min(g, E f) every day when
/// g ≥ 0.5 f, and nothing otherwise. One path and one year, so shortfall is exactly 0 or 1:
/// 0 while E f ≤ g, 1 from the first E with E f > g. Unit sizes put the crossing inside the
/// counts tried (10 MW), below half an engine (1000 MW: nothing burns), and beyond them (2 MW).
/// Utilization is the one path-year's burnt / drained (the drained gas is above 0), so 0 where
/// nothing burns.
#[test]
fn constant_flow_matches_the_hand_formula() {
    let data = Dataset::songzao();
    let study = StudyParams {
        model: Some(ModelChoice::Linear),
        scenario: Some(common::certain()),
        ..params(1, Some(2022))
    }
    .study(data.site(None).expect("one site"))
    .expect("a valid study");
    let inputs = UncertainInputs::default();
    assert_eq!(study.inputs().uncertain, inputs);
    let flow = DailyFlow::fixed(0.0, 0.7).expect("valid");
    let draw = common::annual(&study, &inputs, 1)[0][3];
    assert_eq!(draw.year, 2020);
    assert!(draw.drained_mm3 > 0.0);
    let g = draw.drained_mm3 / 365.0;
    let mut crossings = 0;
    for unit_mw in [10.0, 1000.0, 2.0] {
        let sizing = SizingSettings {
            unit_mw,
            year: Some(2020),
            ..SizingSettings::default()
        };
        let result = size_with(&study, &inputs, &flow, &sizing, 2);
        assert_eq!(result.years, vec![2020]);
        assert_eq!(result.rows.len(), 40);
        let f = engine_day(unit_mw);
        for row in &result.rows {
            let e = f64::from(row.engines);
            let burnt = if g >= 0.5 * f {
                365.0 * g.min(e * f)
            } else {
                0.0
            };
            let electricity = gwh(burnt);
            let cf = electricity * 1000.0 / (e * unit_mw * 8760.0);
            assert!(
                close(row.electricity_gwh, electricity, 1e-9),
                "{unit_mw} MW x {e}: {} vs {electricity}",
                row.electricity_gwh
            );
            assert!(close(row.capacity_factor, cf, 1e-9) || cf == 0.0);
            assert_eq!(row.capacity_factor, row.capacity_factor_p10);
            assert!(
                close(row.utilization, burnt / draw.drained_mm3, 1e-9),
                "{unit_mw} MW x {e}: utilization {}",
                row.utilization
            );
            // Relative to the drained gas: the surplus is zero once the engines take it all.
            assert!(
                (row.surplus_mm3 - (draw.drained_mm3 - burnt)).abs() <= 1e-9 * draw.drained_mm3
            );
            let short = if g < e * f { 1.0 } else { 0.0 };
            assert_eq!(row.shortfall_probability, short, "{unit_mw} MW x {e}");
            if e > 1.0 && g < e * f && g >= (e - 1.0) * f {
                crossings += 1;
                // The crossing: E f just above g, where the plant turns from capacity-bound
                // (every engine at full load, capacity factor = availability) to short of gas.
                let previous = &result.rows[row.engines as usize - 2];
                assert_eq!(previous.shortfall_probability, 0.0);
                assert!(close(previous.capacity_factor, AVAILABILITY, 1e-9));
                assert!(row.capacity_factor < AVAILABILITY);
            }
        }
        if unit_mw == 1000.0 {
            assert!(g < 0.5 * engine_day(unit_mw));
            assert!(
                result
                    .rows
                    .iter()
                    .all(|r| r.electricity_gwh == 0.0 && r.utilization == 0.0)
            );
            assert_eq!(result.recommended, None);
        }
    }
    assert_eq!(crossings, 1, "the 10 MW case crosses inside 1..=40");
}

/// Over many paths and every year, the means are the hand formula's means over the same
/// annual draws: plan adherence from the default scenario (lognormal, median 1, σ 0.1, drawn
/// every year), the plant values fixed at the defaults the hand formula uses (the scenario's
/// spreads around them are left out), and the daily flow constant (the scenario's flow keys
/// left out too). Utilization is the mean over all sized path-years of burnt / drained, a
/// path-year with nothing drained counting 0 (none has here: the plan adherence is positive
/// and the trends stay above 0 to 2024).
#[test]
fn constant_flow_means_match_the_hand_formula_over_the_paths() {
    let mut scenario = Scenario::songzao_default();
    scenario.inputs.retain(|(key, _)| key == "plan_adherence");
    let data = Dataset::songzao();
    let study = StudyParams {
        scenario: Some(scenario),
        unit_mw: Some(8.0),
        sizing: SizingParams {
            paths: 300,
            min_capacity_factor: Some(0.85),
            ..SizingParams::default()
        },
        ..params(300, Some(2024))
    }
    .study(data.site(None).expect("one site"))
    .expect("a valid study");
    assert!(study.inputs().flow.is_constant());
    assert_eq!(study.inputs().uncertain.entries().len(), 1);
    let result = common::on_threads(2, || study.size()).expect("sizes");
    let draws: Vec<AnnualDraw> = common::annual(&study, &study.inputs().uncertain, 300)
        .into_iter()
        .flatten()
        .collect();
    let f = engine_day(8.0);
    let n = draws.len() as f64;
    assert_eq!(result.path_years, draws.len());
    assert_eq!(draws.len(), 300 * 8);
    for row in &result.rows {
        let e = f64::from(row.engines);
        let burnt: Vec<f64> = draws
            .iter()
            .map(|d| {
                let g = d.drained_mm3 / 365.0;
                if g >= 0.5 * f {
                    365.0 * g.min(e * f)
                } else {
                    0.0
                }
            })
            .collect();
        let electricity = burnt.iter().map(|&b| gwh(b)).sum::<f64>() / n;
        let shortfall = draws
            .iter()
            .filter(|d| d.drained_mm3 / 365.0 < e * f)
            .count() as f64
            / n;
        let utilization = draws
            .iter()
            .zip(&burnt)
            .map(|(d, b)| {
                if d.drained_mm3 > 0.0 {
                    b / d.drained_mm3
                } else {
                    0.0
                }
            })
            .sum::<f64>()
            / n;
        let mut cf: Vec<f64> = burnt
            .iter()
            .map(|&b| gwh(b) * 1000.0 / (e * 8.0 * 8760.0))
            .collect();
        cf.sort_by(f64::total_cmp);
        // Type 7 at 10 %: h = (n − 1) x 0.1.
        let h = (n - 1.0) * 0.1;
        let low = h.floor() as usize;
        let p10 = cf[low] + (h - low as f64) * (cf[low + 1] - cf[low]);
        assert!(close(row.electricity_gwh, electricity, 1e-9), "{e}");
        assert!(close(row.utilization, utilization, 1e-9), "{e}");
        assert!(close(row.capacity_factor_p10, p10, 1e-9), "{e}");
        assert_eq!(row.shortfall_probability, shortfall, "{e}");
    }
    // The rule: the largest count whose p10 capacity factor is at least 0.85.
    let expected = result
        .rows
        .iter()
        .filter(|r| r.capacity_factor_p10 >= 0.85)
        .map(|r| r.engines)
        .max();
    assert_eq!(result.recommended, expected);
    assert!(expected.is_some_and(|e| e > 1 && e < 40), "{expected:?}");
}

proptest! {
    /// Variable flow never makes more electricity than a constant flow with the same annual
    /// gas (Jensen: Σ min(b(g_d), E f) ≤ Σ min(g_d, E f) ≤ 365 min(ḡ, E f)), wherever the
    /// constant flow runs the engines at all (ḡ ≥ min_load f; below that, variable flow can
    /// burn on its high days what a constant flow never could).
    #[test]
    fn variable_flow_never_beats_constant_flow(
        seed in 0u64..1_000_000,
        cv in 0.0..1.5f64,
        rho in 0.0..0.99f64,
        annual in 1.0..1000.0f64,
        unit_mw in 0.5..50.0f64,
        min_load in 0.0..=0.5f64,
    ) {
        let mut days = vec![0.0; 365];
        daily_multipliers(&mut daily_rng(seed, 0, 0), cv, rho, &mut days);
        let total: f64 = days.iter().map(|m| m * annual / 365.0).sum();
        let gas: Vec<f64> = days.iter().map(|m| m * annual / 365.0).collect();
        let mean = total / 365.0;
        let f = engine_day(unit_mw);
        let mut variable = vec![0.0; 60];
        EngineSweep::default().burn(&gas, f, min_load, &mut variable);
        let mut constant = vec![0.0; 60];
        EngineSweep::default().burn(&[mean; 365], f, min_load, &mut constant);
        for (i, (v, c)) in variable.iter().zip(&constant).enumerate() {
            prop_assert!(*v >= 0.0);
            if mean >= min_load * f {
                prop_assert!(*v <= c * (1.0 + 1e-12), "{} engines: {v} > {c}", i + 1);
            }
            // And never more than the gas or the engines allow.
            prop_assert!(*v <= total * (1.0 + 1e-12));
            prop_assert!(*v <= 365.0 * (i + 1) as f64 * f * (1.0 + 1e-12));
        }
    }

    #[test]
    fn burnable_gas_is_at_most_the_flow_and_runs_every_engine_within_its_load(
        g in 0.0..100.0f64,
        f in 0.01..10.0f64,
        min_load in 0.0..=1.0f64,
    ) {
        let (b, k) = burnable(g, f, min_load);
        prop_assert!(b <= g && b >= 0.0);
        if k > 0 {
            let load = b / (k as f64 * f);
            prop_assert!(load >= min_load * (1.0 - 1e-12) && load <= 1.0 + 1e-12, "{load}");
        } else {
            prop_assert_eq!(b, 0.0);
        }
    }
}

/// Through the whole chain: with the default scenario's flow (cv 0.25, ρ 0.7) the expected
/// electricity of every engine count stays at or below the constant-flow value over the same
/// annual paths. The daily multipliers' mean is not renormalised, so a tolerance of 5 standard
/// errors of the mean multiplier over the path-years covers its Monte Carlo noise:
/// sd(m̄) ≈ cv √((1 + ρ)/(1 − ρ) / 365) per year.
#[test]
fn variable_flow_costs_electricity_through_the_chain() {
    let data = Dataset::songzao();
    let study = StudyParams {
        sizing: SizingParams {
            paths: 2_000,
            max_engines: Some(80),
            ..SizingParams::default()
        },
        ..params(2_000, Some(2025))
    }
    .study(data.site(None).expect("one site"))
    .expect("a valid study");
    let inputs = &study.inputs().uncertain;
    let sizing = study.sizing_settings();
    assert_eq!(sizing.max_engines, 80);
    let constant = size_with(
        &study,
        inputs,
        &DailyFlow::fixed(0.0, 0.0).expect("valid"),
        &sizing,
        2,
    );
    // The scenario's flow, as the study resolves it: cv 0.25 and ρ 0.7, fixed.
    let flow = study.inputs().flow;
    assert_eq!(flow, DailyFlow::fixed(0.25, 0.7).expect("valid"));
    let variable = common::on_threads(2, || study.size()).expect("sizes");
    assert_eq!(
        variable.rows,
        size_with(&study, inputs, &flow, &sizing, 2).rows
    );
    let n = variable.path_years as f64;
    let tolerance = 5.0 * 0.25 * (1.7f64 / 0.3 / 365.0 / n).sqrt();
    let mut strictly_less = 0;
    for (v, c) in variable.rows.iter().zip(&constant.rows) {
        assert!(
            v.electricity_gwh <= c.electricity_gwh * (1.0 + tolerance),
            "{} engines: {} > {}",
            v.engines,
            v.electricity_gwh,
            c.electricity_gwh
        );
        assert!(v.shortfall_probability >= c.shortfall_probability);
        if v.electricity_gwh < c.electricity_gwh * (1.0 - 1e-3) {
            strictly_less += 1;
        }
    }
    // Where the engines are about as large as the flow, variability costs visibly.
    assert!(strictly_less > 10, "{strictly_less}");
}

/// The multipliers have mean 1, coefficient of variation cv and lag-1 autocorrelation
/// (exp(ρ s²) − 1)/(exp(s²) − 1), s² = ln(1 + cv²) (the lognormal of a Gaussian AR(1)); each
/// within 5 standard errors over 2,000 simulated years.
#[test]
fn daily_multipliers_have_the_stated_moments() {
    let (cv, rho) = (0.25, 0.7);
    let s2 = (1.0f64 + cv * cv).ln();
    let lag1 = ((rho * s2).exp() - 1.0) / (s2.exp() - 1.0);
    let years = 2_000;
    let mut means = Vec::with_capacity(years);
    let (mut sum, mut sum2, mut cross, mut n, mut n_cross) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut days = vec![0.0; 365];
    for year in 0..years as u64 {
        daily_multipliers(&mut daily_rng(11, year, 0), cv, rho, &mut days);
        means.push(days.iter().sum::<f64>() / 365.0);
        for (d, &m) in days.iter().enumerate() {
            sum += m;
            sum2 += m * m;
            n += 1.0;
            if d > 0 {
                cross += (m - 1.0) * (days[d - 1] - 1.0);
                n_cross += 1.0;
            }
        }
    }
    let mean = sum / n;
    let variance = sum2 / n - mean * mean;
    // The years are independent, so the standard error of the mean comes from the years' means.
    let year_mean = means.iter().sum::<f64>() / years as f64;
    let year_sd =
        (means.iter().map(|m| (m - year_mean).powi(2)).sum::<f64>() / (years - 1) as f64).sqrt();
    let se = year_sd / (years as f64).sqrt();
    assert!((mean - 1.0).abs() < 5.0 * se, "mean {mean}, se {se}");
    // sd within 2 % and lag-1 correlation within 0.02 (each over 700,000 correlated days).
    assert!(
        (variance.sqrt() / cv - 1.0).abs() < 0.02,
        "sd {}",
        variance.sqrt()
    );
    let r1 = cross / n_cross / variance;
    assert!((r1 - lag1).abs() < 0.02, "lag-1 {r1} vs {lag1}");
    // And the year's mean multiplier varies by about cv √((1 + ρ)/(1 − ρ)/365).
    let expected_sd = cv * ((1.0 + rho) / (1.0 - rho) / 365.0).sqrt();
    assert!(
        (year_sd / expected_sd - 1.0).abs() < 0.15,
        "{year_sd} vs {expected_sd}"
    );
}

/// Every output is a share or a bounded volume, and more engines never make less electricity
/// or a busier engine. Utilization is the mean over all sized path-years of burnt / drained (0
/// for a path-year with nothing drained), so a share too.
#[test]
fn outputs_are_shares_and_bounded() {
    let result = study_size(
        &StudyParams {
            sizing: SizingParams {
                paths: 1_000,
                max_engines: Some(120),
                ..SizingParams::default()
            },
            ..params(1_000, Some(2030))
        },
        2,
    );
    assert_eq!(result.years.len(), 14);
    let mut previous: Option<&cmmcast_forecast::sim::EngineCount> = None;
    for row in &result.rows {
        assert!((0.0..=1.0).contains(&row.capacity_factor), "{row:?}");
        assert!(row.capacity_factor_p10 <= row.capacity_factor + 1e-12);
        // Availability is at most 0.95 in the default scenario (pert(0.85, 0.90, 0.95) around
        // the default 0.90), and it caps the capacity factor.
        assert!(row.capacity_factor <= 0.95);
        assert!((0.0..=1.0).contains(&row.utilization), "{row:?}");
        assert!((0.0..=1.0).contains(&row.shortfall_probability));
        assert!(row.surplus_mm3 >= 0.0 && row.surplus_mm3 <= result.drained_mm3);
        assert!(close(row.capacity_mw, f64::from(row.engines) * 2.0, 1e-12));
        if let Some(p) = previous {
            // More engines: at least as much electricity and shortfall, no busier per engine.
            assert!(row.electricity_gwh >= p.electricity_gwh * (1.0 - 1e-12));
            assert!(row.utilization >= p.utilization * (1.0 - 1e-12));
            assert!(row.shortfall_probability >= p.shortfall_probability);
            assert!(row.capacity_factor <= p.capacity_factor + 1e-12);
            assert!(row.capacity_factor_p10 <= p.capacity_factor_p10 + 1e-12);
        }
        previous = Some(row);
    }
    let recommended = result.recommended.expect("some count qualifies");
    let rows = &result.rows;
    assert!(rows[recommended as usize - 1].capacity_factor_p10 >= 0.6);
    assert!(rows[recommended as usize].capacity_factor_p10 < 0.6);
    let models: usize = result.model_counts.iter().map(|(_, c)| c).sum();
    assert_eq!(models, 1_000);
}

#[test]
fn output_is_bit_identical_for_1_2_and_8_threads() {
    let params = params(1_500, Some(2022));
    let one = study_size(&params, 1);
    for threads in [2, 8] {
        let other = study_size(&params, threads);
        assert_eq!(one.rows.len(), other.rows.len());
        for (a, b) in one.rows.iter().zip(&other.rows) {
            assert_eq!(
                format!("{a:?}"),
                format!("{b:?}"),
                "{threads} threads differ"
            );
            for (x, y) in [
                (a.electricity_gwh, b.electricity_gwh),
                (a.capacity_factor, b.capacity_factor),
                (a.capacity_factor_p10, b.capacity_factor_p10),
                (a.utilization, b.utilization),
                (a.surplus_mm3, b.surplus_mm3),
                (a.shortfall_probability, b.shortfall_probability),
            ] {
                assert_eq!(x.to_bits(), y.to_bits(), "{threads} threads differ");
            }
        }
        assert_eq!(one.drained_mm3.to_bits(), other.drained_mm3.to_bits());
        assert_eq!(one.usable_mm3.to_bits(), other.usable_mm3.to_bits());
        assert_eq!(one.recommended, other.recommended);
        assert_eq!(one.model_counts, other.model_counts);
    }
}

/// A year's days come from their own stream, so sizing one year gives that year's share of
/// sizing them all: the mean over the years of the one-year results is the all-year result.
/// That holds for utilization and the capacity factor too, as each is a mean over all sized
/// path-years (a path-year with nothing drained counting 0 utilization).
#[test]
fn one_year_at_a_time_adds_up_to_all_years() {
    let all = study_size(&params(500, Some(2020)), 2);
    let single: Vec<PlantSizing> = (2017..=2020)
        .map(|year| {
            study_size(
                &StudyParams {
                    sizing: SizingParams {
                        paths: 500,
                        year: Some(year),
                        ..SizingParams::default()
                    },
                    ..params(500, Some(2020))
                },
                2,
            )
        })
        .collect();
    for (s, year) in single.iter().zip(2017..) {
        assert_eq!(s.years, vec![year]);
        assert_eq!(s.simulated_years, all.years);
    }
    for (e, row) in all.rows.iter().enumerate() {
        let mean = |get: &dyn Fn(&PlantSizing) -> f64| {
            single.iter().map(get).sum::<f64>() / single.len() as f64
        };
        assert!(close(
            row.electricity_gwh,
            mean(&|s| s.rows[e].electricity_gwh),
            1e-12
        ));
        assert!(
            close(
                row.shortfall_probability,
                mean(&|s| s.rows[e].shortfall_probability),
                1e-12
            ) || row.shortfall_probability == 0.0
        );
        assert!(close(
            row.surplus_mm3,
            mean(&|s| s.rows[e].surplus_mm3),
            1e-12
        ));
        assert!(close(
            row.utilization,
            mean(&|s| s.rows[e].utilization),
            1e-12
        ));
        assert!(close(
            row.capacity_factor,
            mean(&|s| s.rows[e].capacity_factor),
            1e-12
        ));
    }
}

/// A year after the default horizon extends the paths to it when no horizon is given; a year
/// inside the data or beyond a given horizon is refused, naming the forecast years.
#[test]
fn the_sized_year_must_be_a_forecast_year() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let sized = |year: i32, to: Option<i32>| {
        StudyParams {
            sizing: SizingParams {
                paths: 50,
                year: Some(year),
                ..SizingParams::default()
            },
            ..params(50, to)
        }
        .study(site)
        .expect("a valid study")
        .size()
    };
    let result = sized(2035, None).expect("extends");
    assert_eq!(result.years, vec![2035]);
    assert_eq!(result.simulated_years.first(), Some(&2017));
    assert_eq!(result.simulated_years.last(), Some(&2035));
    for (year, to) in [(2016, None), (2031, Some(2030))] {
        let err = sized(year, to).expect_err("outside the forecast");
        assert_eq!(
            err,
            ForecastError::NotAForecastYear {
                purpose: YearPurpose::Sizing,
                year,
                first: 2017,
                last: 2030,
            }
        );
        assert!(
            err.to_string()
                .contains(&format!("the sizing year {year} is not a forecast year")),
            "{err}"
        );
    }
}

#[test]
fn bad_settings_are_refused() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let study = params(10, None).study(site).expect("a valid study");
    let good = study.sizing_settings();
    let cases = [
        ("unit_mw", 0.0),
        ("unit_mw", -2.0),
        ("unit_mw", f64::NAN),
        ("max_engines", 0.0),
        ("max_engines", 1001.0),
        ("min_load", 1.5),
        ("min_load", -0.1),
        ("min_capacity_factor", f64::NAN),
        ("min_capacity_factor", 1.01),
    ];
    for (name, value) in cases {
        let mut sizing = good.clone();
        let mut params = params(10, None);
        match name {
            "unit_mw" => {
                sizing.unit_mw = value;
                params.unit_mw = Some(value);
            }
            "max_engines" => {
                sizing.max_engines = value as u32;
                params.sizing.max_engines = Some(value as u32);
            }
            "min_load" => {
                sizing.min_load = value;
                params.sizing.min_load = Some(value);
            }
            _ => {
                sizing.min_capacity_factor = value;
                params.sizing.min_capacity_factor = Some(value);
            }
        }
        // Refused by the study before anything is fitted, and by the sizing itself.
        for err in [
            params.study(site).expect_err("refused"),
            common::on_threads(2, || {
                size(
                    &PathModels::new(study.selection(), study.years().to_vec()),
                    &study.inputs().plant,
                    &study.inputs().uncertain,
                    &study.inputs().flow,
                    (10, 1),
                    &sizing,
                )
            })
            .expect_err("refused"),
        ] {
            match &err {
                ForecastError::BadSetting {
                    name: refused,
                    from: ValueSource::Given,
                    value: given,
                    ..
                } => {
                    assert_eq!(*refused, name);
                    assert!(given.to_bits() == value.to_bits() || *given == value);
                }
                other => panic!("{name} {value}: {other:?}"),
            }
            assert!(err.to_string().contains("is not allowed; give"), "{err}");
        }
    }
    // Zero paths and more than MAX_PATHS are refused as paths; 20,000,000 paths are allowed as
    // paths, but 20,000,000 x 14 years x 40 engine counts = 11,200,000,000 capacity factors is
    // more than the 100,000,000 the sizing keeps.
    for paths in [0, MAX_PATHS + 1] {
        let err = StudyParams {
            sizing: SizingParams {
                paths,
                ..SizingParams::default()
            },
            ..StudyParams::default()
        }
        .study(site)
        .expect_err("refused");
        assert_eq!(
            err,
            ForecastError::PathsOutOfRange {
                of: PathsOf::Sizing,
                given: paths,
                max: MAX_PATHS,
            }
        );
    }
    let err = StudyParams {
        sizing: SizingParams {
            paths: 20_000_000,
            ..SizingParams::default()
        },
        ..StudyParams::default()
    }
    .study(site)
    .expect("20,000,000 paths are allowed")
    .size()
    .expect_err("too many values");
    assert_eq!(
        err,
        ForecastError::TooManySizingValues {
            paths: 20_000_000,
            years: 14,
            engines: 40,
            max: MAX_SIZE_VALUES,
        }
    );
    assert!(DailyFlow::fixed(-0.1, 0.5).is_err());
    assert!(DailyFlow::fixed(0.2, 1.0).is_err());
    assert!(DailyFlow::fixed(f64::NAN, 0.5).is_err());
}
