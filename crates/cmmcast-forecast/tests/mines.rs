//! Several mines, one plant: the combined forecast against hand calculations, and the
//! simulation's dependence between the mines (docs/METHODS.md, section 11.7).

mod common;

use cmmcast_data::{Dataset, Format};
use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::study::StudyParams;
use cmmcast_forecast::trend::ModelChoice;

/// Mine A: 11, 10, 14, 18, 17 in 2012–2016, the line 10 + 2t (t = 0 in 2012) plus the
/// residuals 1, −2, 0, 2, −1, which sum to zero and are orthogonal to t − 2, so least squares
/// gives exactly that line. RSS = 1 + 4 + 0 + 4 + 1 = 10, s² = 10/3 on 3 degrees of freedom.
/// Mine B: 22, 20, 28, 36, 34, the line 20 + 4t plus twice A's residuals: RSS = 40, s² = 40/3.
const TWO_MINES: &str = "site,year,methane_mm3\n\
    A,2012,11\nA,2013,10\nA,2014,14\nA,2015,18\nA,2016,17\n\
    B,2012,22\nB,2013,20\nB,2014,28\nB,2015,36\nB,2016,34\n";

/// The same two mines with B a copy of A.
const TWIN_MINES: &str = "site,year,methane_mm3\n\
    A,2012,11\nA,2013,10\nA,2014,14\nA,2015,18\nA,2016,17\n\
    B,2012,11\nB,2013,10\nB,2014,14\nB,2015,18\nB,2016,17\n";

/// Student's t quantiles with 3 degrees of freedom (any t table): 0.975 and 0.90.
const T_975_DF3: f64 = 3.182_446_305_284_263;
const T_90_DF3: f64 = 1.637_744_353_696_21;

fn plant(csv: &str) -> Dataset {
    Dataset::parse(csv, Format::Csv, "mines.csv", "x")
        .expect("valid")
        .combined()
        .expect("one plant")
}

fn params(rho: f64) -> StudyParams {
    StudyParams {
        model: Some(ModelChoice::Linear),
        to: Some(2020),
        mine_correlation: Some(rho),
        scenario: Some(common::certain()),
        ..StudyParams::default()
    }
}

/// 2017 is t = 5: A's point 10 + 2·5 = 20, B's 20 + 4·5 = 40, the plant's 60. A's prediction
/// variance s²(1 + 1/n + (t − t̄)²/Sxx) = (10/3)(1 + 1/5 + 3²/10) = (10/3)(2.1) = 7, B's 28, so
/// B's half-widths are twice A's, h_B = 2 h_A with h_A = t·√7. Then the plant's half-width is
/// h_A + h_B = 3 h_A with ρ = 1, and √(h_A² + h_B²) = √5 h_A with ρ = 0.
#[test]
fn the_plant_forecast_is_the_sum_with_hand_calculated_intervals() {
    let data = plant(TWO_MINES);
    let site = data.feed(None).expect("one plant");
    assert_eq!(site.name(), "A + B");
    for (rho, factor) in [(1.0, 3.0), (0.0, 5f64.sqrt())] {
        let study = params(rho).study(site).expect("a study");
        assert_eq!(study.years(), &[2017, 2018, 2019, 2020]);
        let f = study.forecast().expect("forecast");
        let forecast = &f.forecast;
        assert!(
            (forecast.point[0] - 60.0).abs() < 1e-9,
            "{}",
            forecast.point[0]
        );
        // 2020: t = 8, A 26, B 52.
        assert!((forecast.point[3] - 78.0).abs() < 1e-9);
        for (interval, t) in forecast.intervals.iter().zip([T_90_DF3, T_975_DF3]) {
            let h = factor * t * 7f64.sqrt();
            assert!((interval.upper[0] - (60.0 + h)).abs() < 1e-6, "rho {rho}");
            assert!((interval.lower[0] - (60.0 - h)).abs() < 1e-6, "rho {rho}");
        }
        let combination = f.combination.expect("a combination");
        assert_eq!(combination.mine_correlation, rho);
        let points: Vec<f64> = combination.mines.iter().map(|m| m.point[0]).collect();
        assert!((points[0] - 20.0).abs() < 1e-9 && (points[1] - 40.0).abs() < 1e-9);
        // The observed years are the plant's: 11 + 22 = 33 in 2012.
        assert_eq!(forecast.in_sample.observed[0], 33.0);
        // The projection carries the sum through the plant (plan adherence 1 here).
        let projection = study.project().expect("projection");
        let first = projection.years.iter().find(|y| !y.observed).expect("2017");
        assert!((first.energy.methane_mm3 - 60.0).abs() < 1e-9);
    }
}

/// The plant's facts may set the correlation (`[sites.plant] mine_correlation`, given once on
/// one mine like every plant fact); a given value overrides it. The same mines as above, so
/// the 95 % half-width in 2017 is √5·t·√7 at 0 and 3·t·√7 at 1.
#[test]
fn the_plant_facts_may_set_the_correlation() {
    let rows = |values: [f64; 5]| {
        values
            .iter()
            .zip(2012..)
            .map(|(v, y)| format!("{{ year = {y}, methane_mm3 = {v} }}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let toml = format!(
        "[[sites]]\nname = \"A\"\nplant_name = \"P\"\nrows = [{}]\n\
         [sites.plant]\nmine_correlation = 0\n\
         [[sites]]\nname = \"B\"\nplant_name = \"P\"\nrows = [{}]\n",
        rows([11.0, 10.0, 14.0, 18.0, 17.0]),
        rows([22.0, 20.0, 28.0, 36.0, 34.0])
    );
    let data = Dataset::parse(&toml, Format::Toml, "p.toml", "x").expect("valid");
    let site = data.feed(None).expect("the plant");
    let half_width = |given: Option<f64>| {
        let study = StudyParams {
            mine_correlation: given,
            ..params(0.5)
        }
        .study(site)
        .expect("a study");
        let f = study.forecast().expect("forecast").forecast;
        (
            study.mine_correlation(),
            f.intervals[1].upper[0] - f.point[0],
        )
    };
    let ((rho, source), h) = half_width(None);
    assert_eq!((rho, source), (0.0, "site facts (plant.mine_correlation)"));
    assert!(
        (h - 5f64.sqrt() * T_975_DF3 * 7f64.sqrt()).abs() < 1e-6,
        "{h}"
    );
    let ((rho, source), h) = half_width(Some(1.0));
    assert_eq!((rho, source), (1.0, "given"));
    assert!((h - 3.0 * T_975_DF3 * 7f64.sqrt()).abs() < 1e-6, "{h}");
}

/// Mines ending in different years: the plant's forecast starts after the latest, and each
/// mine is forecast from the year after its own data. A ends in 2016, C in 2017 (2012–2017 the
/// line 5 + t): the plant's first year is 2018, where A's point is 10 + 2·6 = 22 and C's 11.
#[test]
fn mines_with_different_last_years_are_forecast_to_the_latest() {
    let csv = format!(
        "{}C,2012,5\nC,2013,6\nC,2014,7\nC,2015,8\nC,2016,9\nC,2017,10\n",
        &TWO_MINES[..TWO_MINES.find("B,2012").expect("B")]
    );
    let data = plant(&csv);
    let study = params(1.0)
        .study(data.feed(None).expect("plant"))
        .expect("a study");
    assert_eq!(study.years().first(), Some(&2018));
    let f = study.forecast().expect("forecast");
    assert!((f.forecast.point[0] - 33.0).abs() < 1e-9);
    // The observed years are those both mines have, 2012–2016.
    assert_eq!(
        f.forecast.in_sample.years,
        vec![2012, 2013, 2014, 2015, 2016]
    );
}

/// With ρ = 1 every path's mines draw from one stream: two identical mines draw the same path,
/// and the plant's drainage is exactly twice one mine's, path by path and year by year.
#[test]
fn identical_mines_moving_together_give_twice_one_mine() {
    let data = plant(TWIN_MINES);
    let study = StudyParams {
        simulation: cmmcast_forecast::sim::SimulationSettings {
            paths: 500,
            ..Default::default()
        },
        ..params(1.0)
    }
    .study(data.feed(None).expect("plant"))
    .expect("a study");
    let models = study.path_models().expect("paths");
    let (_, paths) = common::simulate_keeping_paths(&study);
    let years = study.years().len();
    let seed = study.params().simulation.seed;
    for path in 0..500u64 {
        let mines = models.mine_draws(seed, path);
        assert_eq!(mines[0], mines[1], "path {path}");
        for (y, &one) in mines[0].iter().enumerate() {
            let at = (path as usize * years + y) * Quantity::ALL.len();
            let methane = paths.values[at + Quantity::MethaneMm3.index()];
            assert_eq!(methane, 2.0 * one, "path {path}, year {y}");
        }
    }
}

/// Spearman's rank correlation between the two mines' draws of 2017 is ρ: the mixture
/// ρ·(move together) + (1 − ρ)·(independent) has Spearman correlation ρ·1 + (1 − ρ)·0, and two
/// linear trends on the same years draw alike (each is its point plus its own s times the same
/// function of the normals), so moving together means equal ranks.
///
/// Tolerance: 20 batches of 1,000 paths; the Monte Carlo standard error of their mean is the
/// batches' standard deviation over √20, and the mean must lie within 4 of them of ρ (a
/// sample Spearman coefficient's bias is of order 1/1,000 of ρ, far below that).
#[test]
fn the_mines_rank_correlation_is_the_one_given() {
    let data = plant(TWO_MINES);
    for rho in [0.0, 0.5, 1.0] {
        let study = params(rho)
            .study(data.feed(None).expect("plant"))
            .expect("a study");
        let models = study.path_models().expect("paths");
        let batches: Vec<f64> = (0..20u64)
            .map(|b| {
                let (a, c): (Vec<f64>, Vec<f64>) = (b * 1000..(b + 1) * 1000)
                    .map(|path| {
                        let draws = models.mine_draws(7, path);
                        (draws[0][0], draws[1][0])
                    })
                    .unzip();
                spearman(&a, &c)
            })
            .collect();
        let mean = batches.iter().sum::<f64>() / 20.0;
        let sd = (batches.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / 19.0).sqrt();
        let se = sd / 20f64.sqrt();
        if rho == 1.0 {
            assert!(
                batches.iter().all(|&r| (r - 1.0).abs() < 1e-12),
                "{batches:?}"
            );
        } else {
            assert!(
                (mean - rho).abs() < 4.0 * se,
                "rho {rho}: mean {mean}, se {se}"
            );
            assert!(se < 0.02, "se {se}");
        }
    }
}

/// The same seed gives the same combined paths on one thread and on two.
#[test]
fn combined_paths_do_not_depend_on_the_threads() {
    let data = plant(TWO_MINES);
    let study = StudyParams {
        simulation: cmmcast_forecast::sim::SimulationSettings {
            paths: 3000,
            ..Default::default()
        },
        ..params(0.5)
    }
    .study(data.feed(None).expect("plant"))
    .expect("a study");
    let one = common::on_threads(1, || common::simulate_keeping_paths(&study).1.values);
    let two = common::on_threads(2, || common::simulate_keeping_paths(&study).1.values);
    assert!(one == two);
}

/// A plant fed by one mine (`plant_name` on one site) is that mine under the plant's name,
/// studied as before: the same simulation bit for bit, whatever the mine correlation.
#[test]
fn a_plant_of_one_mine_is_the_mine() {
    let toml = |plant: &str| {
        format!(
            "[[sites]]\nname = \"A\"\n{plant}rows = [{}]\n",
            [11, 10, 14, 18, 17]
                .iter()
                .zip(2012..)
                .map(|(v, y)| format!("{{ year = {y}, methane_mm3 = {v} }}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let alone = Dataset::parse(&toml(""), Format::Toml, "a.toml", "x").expect("valid");
    let fed = Dataset::parse(
        &toml("plant_name = \"Central\"\n"),
        Format::Toml,
        "a.toml",
        "x",
    )
    .expect("valid");
    let plant = fed.feed(None).expect("the plant");
    assert_eq!(plant.name(), "Central");
    let params = StudyParams {
        mine_correlation: Some(0.0),
        simulation: cmmcast_forecast::sim::SimulationSettings {
            paths: 200,
            ..Default::default()
        },
        ..StudyParams::default()
    };
    let a = params.study(alone.feed(None).expect("A")).expect("study");
    let b = params.study(plant).expect("study");
    assert!(!b.is_combined());
    let a = common::simulate_keeping_paths(&a).1.values;
    let b = common::simulate_keeping_paths(&b).1.values;
    assert!(a == b);
}

/// Spearman's rank correlation of two samples without ties.
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let ranks = |v: &[f64]| {
        let mut order: Vec<usize> = (0..v.len()).collect();
        order.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
        let mut r = vec![0.0; v.len()];
        for (rank, &i) in order.iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    };
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let mean = (n - 1.0) / 2.0;
    let cov: f64 = ra
        .iter()
        .zip(&rb)
        .map(|(x, y)| (x - mean) * (y - mean))
        .sum();
    let var: f64 = ra.iter().map(|x| (x - mean).powi(2)).sum();
    cov / var
}
