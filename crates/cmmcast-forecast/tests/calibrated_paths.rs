//! The simulation tells the calibrated intervals' story: with plan adherence off, the default's
//! simulated methane reproduces the calibrated median and 95 % bounds every year, and a path's
//! errors persist from year to year as real series' did. Reference values: the Python prototype
//! (tests/fixtures/calibration/calibration_expected.json, `songzao`).

mod common;

use cmmcast_data::Dataset;
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::sim::SimulationSettings;
use cmmcast_forecast::study::StudyParams;
use common::{fixture, numbers};

const PATHS: usize = 20_000;

/// The Songzao default (damped, calibrated) to 2030 with nothing uncertain but the trend (plan
/// adherence 1), at the 2.5, 50 and 97.5 percentiles, from `seed`.
fn params_with_seed(seed: u64) -> StudyParams {
    StudyParams {
        scenario: Some(common::certain()),
        simulation: SimulationSettings {
            paths: PATHS,
            percentiles: vec![2.5, 50.0, 97.5],
            seed,
        },
        ..StudyParams::default()
    }
}

fn params() -> StudyParams {
    params_with_seed(SimulationSettings::default().seed)
}

/// Independent runs behind the Monte Carlo standard error.
const RUNS: u64 = 10;

/// Every year 2017–2030, the simulated 2.5 %, 50 % and 97.5 % of drained methane (20,000 paths,
/// the default seed) lie within 3 Monte Carlo standard errors of the calibrated 95 % bounds and
/// median, as the Python reference computes them (beyond ten years with q_10 h/10).
///
/// The standard error is the spread of the same percentile over ten runs with other seeds: the
/// definition of a Monte Carlo standard error. The summary's own estimate (half the distance
/// between the order statistics Np ± √(Np(1 − p))) reads the density where the sample's
/// quantile fell, and the reference class's tails are lumpy (overlapping windows of one series
/// give near-equal errors), so in a tail it can be several times too small for one seed.
#[test]
fn simulated_methane_reproduces_the_calibrated_intervals() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let methane = |seed: u64| -> Vec<[f64; 3]> {
        let sim = params_with_seed(seed)
            .study(site)
            .expect("a valid study")
            .simulate()
            .expect("simulates");
        sim.summaries
            .iter()
            .filter(|s| s.quantity == Quantity::MethaneMm3)
            .map(|s| [s.percentiles[0], s.percentiles[1], s.percentiles[2]])
            .collect()
    };
    let ours = methane(SimulationSettings::default().seed);
    assert_eq!(ours.len(), 14);
    let others: Vec<Vec<[f64; 3]>> = (1..=RUNS).map(|k| methane(1000 + k)).collect();
    let e = fixture();
    let reference = &e["songzao"];
    let want = [
        numbers(&reference["lower_95"]),
        numbers(&reference["median"]),
        numbers(&reference["upper_95"]),
    ];
    let mut problems = Vec::new();
    for (i, got) in ours.iter().enumerate() {
        for k in 0..3 {
            let runs: Vec<f64> = others.iter().map(|run| run[i][k]).collect();
            let mean = runs.iter().sum::<f64>() / RUNS as f64;
            let se =
                (runs.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (RUNS - 1) as f64).sqrt();
            if !(se > 0.0 && (got[k] - want[k][i]).abs() <= 3.0 * se) {
                problems.push(format!(
                    "{} p{}: {:.3} (Monte Carlo SE {se:.3}), calibrated {:.3}",
                    2017 + i,
                    [2.5, 50.0, 97.5][k],
                    got[k],
                    want[k][i]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A path is one real window's whole trajectory of errors: the rank correlation of simulated
/// methane one year and the next (2017–2026, the table's ten years) and between the first and
/// the tenth year is the reference windows' (Spearman, within 0.03; its Monte Carlo standard
/// error at 20,000 paths is under 0.01), not the zero of independent draws.
#[test]
fn path_errors_persist_as_real_errors_did() {
    let data = Dataset::songzao();
    let site = data.site(None).expect("one site");
    let study = params().study(site).expect("a valid study");
    let (_, paths) = common::simulate_keeping_paths(&study);
    let years = 14;
    let per_year = Quantity::ALL.len();
    let q = Quantity::ALL
        .iter()
        .position(|&q| q == Quantity::MethaneMm3)
        .expect("methane");
    let column = |y: usize| -> Vec<f64> {
        (0..PATHS)
            .map(|p| paths.values[(p * years + y) * per_year + q])
            .collect()
    };
    let e = fixture();
    let next = numbers(&e["songzao"]["spearman_next_year"]);
    let mut problems = Vec::new();
    for (h, want) in next.iter().enumerate() {
        let got = spearman(&column(h), &column(h + 1));
        if (got - want).abs() > 0.03 {
            problems.push(format!(
                "years {} and {}: {got:.4}, reference {want:.4}",
                2017 + h,
                2018 + h
            ));
        }
    }
    let want = e["songzao"]["spearman_first_tenth"]
        .as_f64()
        .expect("a number");
    let got = spearman(&column(0), &column(9));
    if (got - want).abs() > 0.03 {
        problems.push(format!("2017 and 2026: {got:.4}, reference {want:.4}"));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Spearman's rank correlation: Pearson's of the ranks (ties share their mean rank).
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}
