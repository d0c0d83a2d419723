//! `Study::project` against hand calculations, at the level of the study: every row of a
//! projection (observed and forecast years), where each value comes from (given values over
//! the site facts over the defaults), the capacity schedule, the grid factor and the GWP sets,
//! lean gas, parasitic load, the share sent to power and the volume basis, several sites with
//! their own plants, and the gas balance of every row under every kind of setting.
//!
//! These checks were made by crates/cmmcast-cli/tests/project_cli.rs through the binary's CSV;
//! they are the library's arithmetic, so they live here, and the CLI test checks that
//! `cmmcast project` carries the numbers (a spot check, and each flag reaching the study).
//! tests/energy_chain.rs checks the chain one year at a time (`project_year` on a plant built
//! in code: Songzao's 2012 and 2016, 2012's avoided emissions under AR5 and AR6 with a grid
//! factor, `Plant::capacity_in`, 2012 of lean gas, and the invariants as property tests); this
//! file does not repeat those.
//!
//! No expected value comes from cmmcast: each is written out as a hand formula from the plant's
//! defaults and the ISO 6976 properties of methane at 20 °C (LHV 33.43 MJ/m3, density
//! 0.6681 kg/m3), or read from the statsmodels fixture
//! tests/fixtures/statsmodels/songzao_expected.json.
//!
//! Most tests are one table and one loop; all failing cases are reported together at the end.

use cmmcast_data::{Dataset, Format, ReferenceTemperature, Site};
use cmmcast_forecast::energy::{CapacityAddition, GwpSet, Origin, PlantOverrides, YearEnergy};
use cmmcast_forecast::study::{ProjectedYear, SiteProjection, StudyParams};
use cmmcast_forecast::trend::ModelChoice;

// ---------------------------------------------------------------------------------------------
// The hand calculation's inputs.

/// Songzao plant capacity, MW ([SOURCES: songzao-article]).
const CAPACITY_MW: f64 = 26.9;
/// Default electrical efficiency, fraction of the lower heating value.
const EFFICIENCY: f64 = 0.38;
/// Default availability, fraction of the year at full load.
const AVAILABILITY: f64 = 0.9;
/// Lower heating value of methane at 20 °C, 101.325 kPa, MJ/m3 (ISO 6976:2016).
const LHV_MJ_PER_M3: f64 = 33.43;
/// Hours in the accounting year (365 days).
const HOURS: f64 = 8760.0;

/// Two sites in a long CSV, listed out of name order; Zeta's data ends a year earlier.
const TWO_SITES_CSV: &str = "site,year,coal_kt,methane_mm3\n\
                             Zeta,2012,100,50\nZeta,2013,110,55\nZeta,2014,125,61\nZeta,2015,130,66\n\
                             Alpha,2012,200,80\nAlpha,2013,210,84\nAlpha,2014,230,90\n\
                             Alpha,2015,240,97\nAlpha,2016,260,101\n";

/// Site facts giving each of [`TWO_SITES_CSV`]'s sites its own plant.
const TWO_SITES_FACTS: &str = "[[sites]]\nname = \"Alpha\"\nplant_capacity_mw = 5\n\n\
                               [[sites]]\nname = \"Zeta\"\nplant_capacity_mw = 12\n";

/// Million m3 a plant of `capacity_mw` burns in a year at full load whenever available:
/// MW x availability x 8760 h = MWh; x 3600 MJ/MWh / efficiency = MJ of fuel; / LHV = m3.
fn full_load_mm3(capacity_mw: f64, availability: f64, efficiency: f64) -> f64 {
    capacity_mw * availability * HOURS * 3600.0 / efficiency / LHV_MJ_PER_M3 / 1e6
}

/// GWh from burning `mm3` million m3: m3 x LHV MJ/m3 x efficiency / 3600 MJ/MWh / 1000.
fn gwh_from_mm3(mm3: f64, efficiency: f64) -> f64 {
    mm3 * 1e6 * LHV_MJ_PER_M3 * efficiency / 3600.0 / 1000.0
}

/// MW it takes to burn `mm3` million m3 a year: the inverse of [`full_load_mm3`].
fn capacity_for_mm3(mm3: f64, availability: f64, efficiency: f64) -> f64 {
    mm3 * 1e6 * LHV_MJ_PER_M3 * efficiency / 3600.0 / (availability * HOURS)
}

// ---------------------------------------------------------------------------------------------
// Data, studies and reading a projection.

/// The embedded Songzao plan with its own site facts (the 26.9 MW plant).
fn songzao() -> Dataset {
    Dataset::songzao()
}

/// Songzao's facts with a `plant` table. A facts file replaces the site's facts, so it repeats
/// the 26.9 MW plant.
fn songzao_facts(plant: &str) -> String {
    format!("[[sites]]\nname = \"Songzao\"\nplant_capacity_mw = 26.9\n\n[sites.plant]\n{plant}\n")
}

/// The Songzao plan with the facts `text` (TOML or JSON) in place of its own, as `--facts`
/// reads them.
fn songzao_with(text: &str, format: Format) -> Dataset {
    Dataset::songzao()
        .with_facts_bytes(text.as_bytes().to_vec(), format, "facts")
        .expect("valid facts")
}

/// [`TWO_SITES_CSV`] with [`TWO_SITES_FACTS`].
fn two_sites() -> Dataset {
    Dataset::parse(TWO_SITES_CSV, Format::Csv, "mines.csv", "mines")
        .and_then(|data| {
            data.with_facts_bytes(
                TWO_SITES_FACTS.as_bytes().to_vec(),
                Format::Toml,
                "facts.toml",
            )
        })
        .expect("valid sites")
}

/// The projection of every site of `data` under `params`, in the data's order (by name).
fn project_all(data: &Dataset, params: &StudyParams) -> Result<Vec<SiteProjection>, String> {
    let sites: Vec<&Site> = data.sites().iter().collect();
    let studies = params
        .studies(&sites)
        .map_err(|(site, e)| format!("{site}: {e}"))?;
    studies
        .iter()
        .map(|study| study.project().map_err(|e| e.to_string()))
        .collect()
}

/// The projection of the one site of `data` under `params`.
fn project(data: &Dataset, params: &StudyParams) -> Result<SiteProjection, String> {
    let site = data.site(None).map_err(|e| e.to_string())?;
    let study = params.study(site).map_err(|e| e.to_string())?;
    study.project().map_err(|e| e.to_string())
}

/// Study parameters with the given plant values and everything else at its default.
fn given(plant: PlantOverrides) -> StudyParams {
    StudyParams {
        plant,
        ..StudyParams::default()
    }
}

/// Capacity additions from (year, MW) pairs, in the order given.
fn additions(pairs: &[(i32, f64)]) -> Vec<CapacityAddition> {
    pairs
        .iter()
        .map(|&(year, mw)| CapacityAddition { year, mw })
        .collect()
}

/// The value of `column` (named as `cmmcast project`'s CSV names it) in a projected year;
/// `None` where the library gives none (no capacity factor without a plant, no grid credit
/// without a factor).
fn field(year: &ProjectedYear, column: &str) -> Option<f64> {
    let (e, need) = (&year.energy, &year.need);
    Some(match column {
        "methane_mm3" => e.methane_mm3,
        "to_power_mm3" => e.to_power_mm3,
        "unusable_mm3" => e.unusable_mm3,
        "demand_mm3" => e.demand_mm3,
        "burnt_mm3" => e.burnt_mm3,
        "surplus_mm3" => e.surplus_mm3,
        "utilization" => e.utilization,
        "electricity_gwh" => e.electricity_gwh,
        "net_electricity_gwh" => e.net_electricity_gwh,
        "capacity_factor" => return e.capacity_factor,
        "co2e_destruction_kt" => e.co2e_destruction_kt,
        "co2e_grid_kt" => return e.co2e_grid_kt,
        "co2e_avoided_kt" => e.co2e_avoided_kt,
        "capacity_mw" => e.capacity_mw,
        "capacity_needed_mw" => need.capacity_needed_mw,
        "engines_needed" => f64::from(need.engines_needed),
        "additional_mw" => need.additional_mw,
        other => panic!("no column {other}"),
    })
}

/// Whether `ours` is within 1e-9 of `theirs`, relative (exactly 0 when `theirs` is 0).
fn close(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1e-300)
}

/// `ours[i] ≈ expected[i]` within the relative tolerance, for every row; problems otherwise.
fn compare(column: &str, ours: &[f64], expected: &[f64]) -> Vec<String> {
    if ours.len() != expected.len() {
        return vec![format!(
            "{column}: {} values, expected {}",
            ours.len(),
            expected.len()
        )];
    }
    ours.iter()
        .zip(expected)
        .enumerate()
        .filter(|(_, (a, b))| !close(**a, **b))
        .map(|(i, (a, b))| format!("{column}[{i}]: {a:.15e}, expected {b:.15e}"))
        .collect()
}

/// Every row's `column` against `formula` of that row's drained methane.
fn check(rows: &[ProjectedYear], column: &str, formula: impl Fn(f64) -> f64) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ours = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match field(row, column) {
            Some(v) => ours.push(v),
            None => problems.push(format!("{column}[{i}] is empty")),
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let expected: Vec<f64> = rows.iter().map(|r| formula(r.energy.methane_mm3)).collect();
    compare(column, &ours, &expected)
}

/// The kind of an origin, in the words of output `meta`'s sources.
fn kind(origin: Option<&Origin>) -> &'static str {
    match origin {
        Some(Origin::Default(_)) => "default",
        Some(Origin::SiteFacts) => "site facts",
        Some(Origin::Scenario(_)) => "scenario",
        Some(Origin::Given) => "given",
        None => "none",
    }
}

/// The methane values of the Songzao plan 2012-2016, from the statsmodels fixture.
fn songzao_methane() -> Vec<f64> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/statsmodels/songzao_expected.json"
    );
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the fixture"))
            .expect("the fixture is JSON");
    fixture["series"]["methane"]["values"]
        .as_array()
        .expect("a fixture array")
        .iter()
        .map(|x| x.as_f64().expect("a fixture number"))
        .collect()
}

/// Records `problems` under `name` when there are any.
fn collect(failures: &mut Vec<String>, name: &str, problems: Vec<String>) {
    if !problems.is_empty() {
        failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
    }
}

/// Fails with every failing case, or passes when there are none.
fn report(what: &str, total: usize, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} of {total} {what} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Problems with the gas and power balance of every row: burnt + surplus + unusable =
/// methane, to_power = unusable + what the engines could take, burnt within demand and the
/// usable gas, 0 <= utilization <= 1, gross output within capacity x 8760 h, capacity factor
/// at most 1, net output at most gross.
fn balance_problems(rows: &[YearEnergy]) -> Vec<String> {
    let mut problems = Vec::new();
    // Rounding allowance for inequalities that hold exactly in real arithmetic.
    let slack = |x: f64| x.abs() * 1e-12;
    for (r, y) in rows.iter().enumerate() {
        let mut bad = |ok: bool, what: String| {
            if !ok {
                problems.push(format!("row {} ({}): {what}", r + 1, y.year));
            }
        };
        let sum = y.burnt_mm3 + y.surplus_mm3 + y.unusable_mm3;
        bad(
            close(sum, y.methane_mm3) || (sum == 0.0 && y.methane_mm3 == 0.0),
            format!(
                "burnt {} + surplus {} + unusable {} = {sum}, methane {}",
                y.burnt_mm3, y.surplus_mm3, y.unusable_mm3, y.methane_mm3
            ),
        );
        bad(
            [y.burnt_mm3, y.surplus_mm3, y.unusable_mm3, y.to_power_mm3]
                .iter()
                .all(|&v| v >= 0.0),
            "a negative volume".into(),
        );
        bad(
            y.to_power_mm3 <= y.methane_mm3 + slack(y.methane_mm3),
            format!("to_power {} > methane {}", y.to_power_mm3, y.methane_mm3),
        );
        bad(
            y.burnt_mm3 <= y.demand_mm3 + slack(y.demand_mm3),
            format!("burnt {} > demand {}", y.burnt_mm3, y.demand_mm3),
        );
        bad(
            y.burnt_mm3 + y.unusable_mm3 <= y.to_power_mm3 + slack(y.to_power_mm3),
            format!(
                "burnt {} + unusable {} > to_power {}",
                y.burnt_mm3, y.unusable_mm3, y.to_power_mm3
            ),
        );
        // Utilization is burnt / drained, and 0 in a year with nothing drained.
        let u = y.utilization;
        bad(
            (0.0..=1.0).contains(&u)
                && (close(u * y.methane_mm3, y.burnt_mm3) || (u == 0.0 && y.burnt_mm3 == 0.0)),
            format!("utilization {u} not in [0, 1] or not burnt / methane"),
        );
        let limit = y.capacity_mw * HOURS;
        bad(
            y.electricity_gwh * 1000.0 <= limit + slack(limit),
            format!(
                "electricity {} GWh > capacity {} MW x 8760 h",
                y.electricity_gwh, y.capacity_mw
            ),
        );
        match y.capacity_factor {
            Some(f) => bad(
                (0.0..=1.0).contains(&f),
                format!("capacity_factor {f} not in [0, 1]"),
            ),
            None => bad(
                y.capacity_mw == 0.0,
                "capacity_factor empty with a plant".into(),
            ),
        }
        bad(
            (0.0..=y.electricity_gwh + slack(y.electricity_gwh)).contains(&y.net_electricity_gwh),
            format!(
                "net {} not within [0, gross {}]",
                y.net_electricity_gwh, y.electricity_gwh
            ),
        );
    }
    problems
}

/// The balance of every row of every projection.
fn all_balance_problems(projections: &[SiteProjection]) -> Vec<String> {
    projections
        .iter()
        .flat_map(|p| {
            let rows: Vec<YearEnergy> = p.years.iter().map(|y| y.energy).collect();
            balance_problems(&rows)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. The Songzao hand calculation, in every row.

#[test]
fn songzao_defaults_match_the_hand_calculation_in_every_row() {
    let projection = project(&songzao(), &StudyParams::default()).expect("the default study");
    let rows = &projection.years;
    let mut problems = Vec::new();
    // The 26.9 MW plant at 90 % availability and 38 % efficiency burns
    //   26.9 MW x 0.9 x 8760 h = 212,079.6 MWh a year,
    //   212,079.6 MWh x 3600 MJ/MWh / 0.38 / 33.43 MJ/m3 = 60.10 million m3,
    // less than the plan drains in any year (222.94 in 2012 and rising), so the plant runs flat
    // out every year, observed and forecast.
    let burnt_hand: f64 = 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6;
    let gwh_hand: f64 = 26.9 * 0.9 * 8760.0 / 1000.0;
    assert!((burnt_hand - 60.10).abs() < 0.005, "{burnt_hand}");
    assert!((gwh_hand - 212.08).abs() < 0.005, "{gwh_hand}");
    for (column, value) in [
        ("burnt_mm3", burnt_hand),
        ("demand_mm3", burnt_hand),
        ("electricity_gwh", gwh_hand),
        ("net_electricity_gwh", gwh_hand),
        ("capacity_mw", CAPACITY_MW),
        // 212,079.6 MWh / (26.9 MW x 8760 h) = the availability.
        ("capacity_factor", AVAILABILITY),
        // burnt x 0.6681 kt per million m3 x 0.995 x (28 - 44/16), no grid factor.
        (
            "co2e_destruction_kt",
            burnt_hand * 0.6681 * 0.995 * (28.0 - 2.75),
        ),
        (
            "co2e_avoided_kt",
            burnt_hand * 0.6681 * 0.995 * (28.0 - 2.75),
        ),
        ("unusable_mm3", 0.0),
    ] {
        problems.extend(check(rows, column, |_| value));
    }
    if let Some(row) = rows.iter().find(|y| y.energy.co2e_grid_kt.is_some()) {
        problems.push(format!(
            "{}: a grid credit without a factor",
            row.energy.year
        ));
    }

    // Every year: the observed years carry the plan's methane; all of it is sent to power and
    // what the plant cannot burn is surplus. (tests/energy_chain.rs rounds 2012's and 2016's
    // utilization, 60.10 / 222.94 = 27.0 % and 60.10 / 304.84 = 19.7 %.)
    let observed: Vec<f64> = rows
        .iter()
        .filter(|y| y.observed)
        .map(|y| y.energy.methane_mm3)
        .collect();
    problems.extend(compare(
        "methane_mm3 (observed)",
        &observed,
        &songzao_methane(),
    ));
    problems.extend(check(rows, "to_power_mm3", |m| m));
    problems.extend(check(rows, "surplus_mm3", |m| m - burnt_hand));
    problems.extend(check(rows, "utilization", |m| burnt_hand / m));
    // Capacity to burn the default target, 90 % of the drained methane:
    // 0.9 x methane x 1e6 m3 x 33.43 MJ/m3 x 0.38 / 3600 MJ/MWh / (0.9 x 8760 h).
    let needed = |m: f64| 0.9 * m * 1e6 * 33.43 * 0.38 / 3600.0 / (0.9 * 8760.0);
    problems.extend(check(rows, "capacity_needed_mw", needed));
    problems.extend(check(rows, "additional_mw", |m| needed(m) - CAPACITY_MW));
    problems.extend(check(rows, "engines_needed", |m| (needed(m) / 2.0).ceil()));
    assert!(problems.is_empty(), "hand calculation: {problems:#?}");
}

/// A sizing: the target share and engine size given, from the site facts, or both.
struct SizingCase {
    name: &'static str,
    target: Option<f64>,
    unit_mw: Option<f64>,
    /// The `[sites.plant]` lines of a Songzao facts file, when given.
    facts: Option<&'static str>,
    engines: u32,
    /// Where the target share and the engine size come from.
    origins: (&'static str, &'static str),
}

#[test]
fn sizing_for_all_the_gas_of_2016_takes_136_mw_or_69_engines() {
    // Target utilization 1.0, 2016: 304.84 million m3 drained,
    //   304.84e6 m3 x 33.43 MJ/m3 x 0.38 / 3600 MJ/MWh = 1,075,695 MWh a year;
    //   / (0.9 x 8760 h) = 136.44 MW; / 2 MW a unit = 68.2, so 69 engines;
    //   136.44 - 26.9 running = 109.54 MW to add.
    let needed: f64 = 304.84e6 * 33.43 * 0.38 / 3600.0 / (0.9 * 8760.0);
    assert!((needed - 136.44).abs() < 0.005, "{needed}");
    let cases = [
        SizingCase {
            name: "default unit",
            target: Some(1.0),
            unit_mw: None,
            facts: None,
            engines: 69,
            origins: ("given", "default"),
        },
        // 136.44 / 5 = 27.3, so 28 units of 5 MW.
        SizingCase {
            name: "5 MW units",
            target: Some(1.0),
            unit_mw: Some(5.0),
            facts: None,
            engines: 28,
            origins: ("given", "given"),
        },
        // 136.44 / 0.5 = 272.9, so 273 units of 0.5 MW.
        SizingCase {
            name: "0.5 MW units",
            target: Some(1.0),
            unit_mw: Some(0.5),
            facts: None,
            engines: 273,
            origins: ("given", "given"),
        },
        SizingCase {
            name: "both from the site facts",
            target: None,
            unit_mw: None,
            facts: Some("target_utilization = 1.0\nunit_mw = 5"),
            engines: 28,
            origins: ("site facts", "site facts"),
        },
        SizingCase {
            name: "given over the site facts",
            target: Some(1.0),
            unit_mw: Some(5.0),
            facts: Some("target_utilization = 0.5\nunit_mw = 0.5"),
            engines: 28,
            origins: ("given", "given"),
        },
    ];
    let mut failures = Vec::new();
    for case in &cases {
        let data = match case.facts {
            Some(plant) => songzao_with(&songzao_facts(plant), Format::Toml),
            None => songzao(),
        };
        let params = StudyParams {
            target_utilization: case.target,
            unit_mw: case.unit_mw,
            ..StudyParams::default()
        };
        let mut problems = Vec::new();
        match project(&data, &params) {
            Ok(projection) => {
                let sizing = &projection.sizing;
                let origins = (
                    kind(Some(sizing.target_utilization_origin())),
                    kind(Some(sizing.unit_mw_origin())),
                );
                if origins != case.origins {
                    problems.push(format!("origins {origins:?}, expected {:?}", case.origins));
                }
                match projection.years.iter().find(|y| y.energy.year == 2016) {
                    Some(y) => {
                        problems.extend(compare(
                            "capacity_needed_mw 2016",
                            &[y.need.capacity_needed_mw],
                            &[needed],
                        ));
                        problems.extend(compare(
                            "additional_mw 2016",
                            &[y.need.additional_mw],
                            &[needed - 26.9],
                        ));
                        if y.need.engines_needed != case.engines {
                            problems.push(format!(
                                "engines_needed {}, expected {}",
                                y.need.engines_needed, case.engines
                            ));
                        }
                    }
                    None => problems.push("no 2016 row".into()),
                }
            }
            Err(e) => problems.push(e),
        }
        collect(&mut failures, case.name, problems);
    }
    report("sizing cases", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 2. Given values over the site facts over the defaults.

/// Where the efficiency and the target share come from, and what they are.
struct OverrideCase {
    name: &'static str,
    facts: bool,
    given_efficiency: Option<f64>,
    given_target: Option<f64>,
    /// The efficiency and where it comes from.
    efficiency: (f64, &'static str),
    /// The target utilization and where it comes from.
    target: (f64, &'static str),
}

#[test]
fn a_given_value_overrides_the_site_facts_which_override_the_defaults() {
    let facts = songzao_facts("efficiency = 0.40\ntarget_utilization = 1.0");
    let cases = [
        OverrideCase {
            name: "defaults",
            facts: false,
            given_efficiency: None,
            given_target: None,
            efficiency: (0.38, "default"),
            target: (0.9, "default"),
        },
        OverrideCase {
            name: "facts",
            facts: true,
            given_efficiency: None,
            given_target: None,
            efficiency: (0.40, "site facts"),
            target: (1.0, "site facts"),
        },
        OverrideCase {
            name: "facts and given values",
            facts: true,
            given_efficiency: Some(0.35),
            given_target: Some(0.5),
            efficiency: (0.35, "given"),
            target: (0.5, "given"),
        },
    ];
    let mut failures = Vec::new();
    for case in &cases {
        let ((efficiency, source), (target, target_source)) = (case.efficiency, case.target);
        let data = if case.facts {
            songzao_with(&facts, Format::Toml)
        } else {
            songzao()
        };
        let params = StudyParams {
            plant: PlantOverrides {
                efficiency: case.given_efficiency,
                ..PlantOverrides::default()
            },
            target_utilization: case.given_target,
            ..StudyParams::default()
        };
        let mut problems = Vec::new();
        match project(&data, &params) {
            Ok(projection) => {
                let plant = &projection.plant;
                if plant.operating.efficiency != efficiency
                    || kind(plant.origin_of("efficiency")) != source
                {
                    problems.push(format!(
                        "efficiency {} from {}, expected {efficiency} from {source}",
                        plant.operating.efficiency,
                        kind(plant.origin_of("efficiency"))
                    ));
                }
                let sizing = &projection.sizing;
                let from = kind(Some(sizing.target_utilization_origin()));
                if sizing.target_utilization != target || from != target_source {
                    problems.push(format!(
                        "target_utilization {} from {from}, expected {target} from \
                         {target_source}",
                        sizing.target_utilization
                    ));
                }
                // The rows use the efficiency: burnt = 26.9 MW x 0.9 x 8760 h x 3600 / efficiency
                // / 33.43 MJ/m3, and the sizing its target share of the year's methane (2012:
                // 222.94 million m3).
                let rows = &projection.years;
                let burnt = full_load_mm3(CAPACITY_MW, AVAILABILITY, efficiency);
                problems.extend(check(rows, "burnt_mm3", |_| burnt));
                problems.extend(check(rows, "capacity_needed_mw", |m| {
                    capacity_for_mm3(target * m, AVAILABILITY, efficiency)
                }));
                problems.extend(compare(
                    "2012 capacity_needed_mw",
                    &[rows[0].need.capacity_needed_mw],
                    &[capacity_for_mm3(target * 222.94, AVAILABILITY, efficiency)],
                ));
            }
            Err(e) => problems.push(e),
        }
        collect(&mut failures, case.name, problems);
    }
    report("override cases", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 3. The balance in every row, under every kind of setting.

#[test]
fn every_row_balances_whatever_the_settings() {
    let (songzao, two_sites) = (songzao(), two_sites());
    let none = PlantOverrides::default;
    let cases: [(&str, &Dataset, StudyParams); 17] = [
        ("defaults", &songzao, StudyParams::default()),
        (
            "additions",
            &songzao,
            given(PlantOverrides {
                additions: Some(additions(&[(2018, 10.0), (2021, 20.0)])),
                ..none()
            }),
        ),
        (
            "half to power",
            &songzao,
            given(PlantOverrides {
                share_to_power: Some(0.5),
                ..none()
            }),
        ),
        (
            "nothing to power",
            &songzao,
            given(PlantOverrides {
                share_to_power: Some(0.0),
                ..none()
            }),
        ),
        (
            "gas too lean",
            &songzao,
            given(PlantOverrides {
                gas_concentration: Some(0.25),
                min_concentration: Some(0.30),
                ..none()
            }),
        ),
        (
            "gas rich enough",
            &songzao,
            given(PlantOverrides {
                gas_concentration: Some(0.45),
                min_concentration: Some(0.30),
                ..none()
            }),
        ),
        (
            "full availability",
            &songzao,
            given(PlantOverrides {
                availability: Some(1.0),
                ..none()
            }),
        ),
        (
            "no plant",
            &songzao,
            given(PlantOverrides {
                capacity_mw: Some(0.0),
                ..none()
            }),
        ),
        (
            "a plant larger than the gas",
            &songzao,
            given(PlantOverrides {
                capacity_mw: Some(500.0),
                ..none()
            }),
        ),
        (
            "parasitic load",
            &songzao,
            given(PlantOverrides {
                parasitic_fraction: Some(0.05),
                ..none()
            }),
        ),
        (
            "grid factor",
            &songzao,
            given(PlantOverrides {
                grid_factor_t_per_mwh: Some(0.8),
                ..none()
            }),
        ),
        (
            "basis 0 °C",
            &songzao,
            given(PlantOverrides {
                basis: Some(ReferenceTemperature::Celsius0),
                efficiency: Some(0.42),
                ..none()
            }),
        ),
        (
            "low destruction, ar6",
            &songzao,
            given(PlantOverrides {
                destruction_efficiency: Some(0.9),
                gwp: Some(GwpSet::Ar6),
                ..none()
            }),
        ),
        ("two sites", &two_sites, StudyParams::default()),
        (
            "to 2020",
            &songzao,
            StudyParams {
                to: Some(2020),
                ..StudyParams::default()
            },
        ),
        (
            "level 90",
            &songzao,
            StudyParams {
                levels: vec![90.0],
                ..StudyParams::default()
            },
        ),
        (
            "linear to 2017, levels 95 and 50",
            &songzao,
            StudyParams {
                model: Some(ModelChoice::Linear),
                to: Some(2017),
                levels: vec![95.0, 50.0],
                ..StudyParams::default()
            },
        ),
    ];
    let mut failures = Vec::new();
    for (name, data, params) in &cases {
        let problems = match project_all(data, params) {
            Ok(projections) if projections.iter().any(|p| p.years.is_empty()) => {
                vec!["no rows".into()]
            }
            Ok(projections) => all_balance_problems(&projections),
            Err(e) => vec![e],
        };
        collect(&mut failures, name, problems);
    }
    report("balance cases", cases.len(), failures);
}

/// A change that breaks one row's balance.
type Breakage = fn(&mut YearEnergy);

/// The balance check must be able to fail.
#[test]
fn the_balance_check_rejects_what_it_should() {
    let good = project(&songzao(), &StudyParams::default()).expect("the default projection");
    let first = good.years[0].energy;
    assert!(balance_problems(&[first]).is_empty());
    let broken = |change: Breakage| {
        let mut row = first;
        change(&mut row);
        balance_problems(&[row])
    };
    let cases: [(&str, Breakage, &str); 6] = [
        ("surplus_mm3 = 1", |y| y.surplus_mm3 = 1.0, "burnt"),
        ("utilization = 1.5", |y| y.utilization = 1.5, "utilization"),
        (
            "electricity_gwh = 300",
            |y| y.electricity_gwh = 300.0,
            "capacity",
        ),
        (
            "capacity_factor = 1.01",
            |y| y.capacity_factor = Some(1.01),
            "capacity_factor",
        ),
        ("burnt_mm3 = 61", |y| y.burnt_mm3 = 61.0, "demand"),
        (
            "net_electricity_gwh = 213",
            |y| y.net_electricity_gwh = 213.0,
            "net",
        ),
    ];
    for (name, change, expected) in cases {
        let problems = broken(change);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{name}: {problems:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 4. The capacity schedule, given and from site facts.

#[test]
fn capacity_additions_given_and_from_facts_give_the_same_schedule() {
    let toml = songzao_with(
        &songzao_facts("capacity_additions = [{ year = 2018, mw = 10 }, { year = 2021, mw = 20 }]"),
        Format::Toml,
    );
    let json = songzao_with(
        r#"{"sites": [{"name": "Songzao", "plant_capacity_mw": 26.9, "plant": {"capacity_additions": [{"year": 2021, "mw": 20}, {"year": 2018, "mw": 10}]}}]}"#,
        Format::Json,
    );
    let plain = songzao();
    let add = |pairs: &[(i32, f64)]| {
        given(PlantOverrides {
            additions: Some(additions(pairs)),
            ..PlantOverrides::default()
        })
    };
    // 26.9 MW through 2017; 26.9 + 10 = 36.9 for 2018-2020; 36.9 + 20 = 56.9 from 2021.
    let schedule: Vec<f64> = (2012..=2030)
        .map(|y| match y {
            ..=2017 => 26.9,
            2018..=2020 => 26.9 + 10.0,
            _ => 26.9 + 10.0 + 20.0,
        })
        .collect();
    // A given schedule replaces the facts': 26.9 until 2024, 31.9 from 2025.
    let replaced: Vec<f64> = (2012..=2030)
        .map(|y| if y < 2025 { 26.9 } else { 26.9 + 5.0 })
        .collect();
    let cases: [(&str, &Dataset, StudyParams, &[f64], &str); 5] = [
        (
            "given",
            &plain,
            add(&[(2018, 10.0), (2021, 20.0)]),
            &schedule,
            "given",
        ),
        (
            "given out of order",
            &plain,
            add(&[(2021, 20.0), (2018, 10.0)]),
            &schedule,
            "given",
        ),
        (
            "TOML facts",
            &toml,
            StudyParams::default(),
            &schedule,
            "site facts",
        ),
        (
            "JSON facts",
            &json,
            StudyParams::default(),
            &schedule,
            "site facts",
        ),
        (
            "given over the facts",
            &toml,
            add(&[(2025, 5.0)]),
            &replaced,
            "given",
        ),
    ];
    let mut failures = Vec::new();
    for (name, data, params, expected, source) in &cases {
        let mut problems = Vec::new();
        match project(data, params) {
            Ok(projection) => {
                let from = kind(projection.plant.origin_of("capacity_additions"));
                if from != *source {
                    problems.push(format!("capacity_additions from {from}, expected {source}"));
                }
                let rows = &projection.years;
                let capacity: Vec<f64> = rows.iter().map(|y| y.energy.capacity_mw).collect();
                problems.extend(compare("capacity_mw", &capacity, expected));
                // The plant's output follows: 0.9 x 8760 h x capacity, the gas being plenty.
                let gwh: Vec<f64> = rows.iter().map(|y| y.energy.electricity_gwh).collect();
                let hand: Vec<f64> = expected.iter().map(|c| c * 0.9 * 8760.0 / 1000.0).collect();
                problems.extend(compare("electricity_gwh", &gwh, &hand));
                problems.extend(all_balance_problems(std::slice::from_ref(&projection)));
            }
            Err(e) => problems.push(e),
        }
        collect(&mut failures, name, problems);
    }
    report("capacity schedules", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 5. Avoided emissions: grid factor and GWP sets.

#[test]
fn a_grid_factor_adds_displaced_grid_emissions_in_every_row() {
    let plain = songzao();
    let facts = songzao_with(&songzao_facts("grid_factor_t_per_mwh = 0.8"), Format::Toml);
    // The plant runs flat out every year: 212.0796 GWh gross, destruction 60.10 million m3 x
    // 0.6681 kt/million m3 x 0.995 x (28 - 2.75).
    let gross = 26.9 * 0.9 * 8760.0 / 1000.0;
    let destruction = 26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6 * 0.6681 * 0.995 * 25.25;
    // GWh x 1000 MWh/GWh x 0.8 t/MWh / 1000 t/kt = GWh x 0.8 kt, on the net output:
    // 212.0796 GWh x 0.8 = 169.66 kt every year; with a 5 % parasitic load, x 0.95 first.
    let cases: [(&str, &Dataset, StudyParams, f64, &str); 3] = [
        (
            "given",
            &plain,
            given(PlantOverrides {
                grid_factor_t_per_mwh: Some(0.8),
                ..PlantOverrides::default()
            }),
            gross * 0.8,
            "given",
        ),
        (
            "site facts",
            &facts,
            StudyParams::default(),
            gross * 0.8,
            "site facts",
        ),
        (
            "given, parasitic 5 %",
            &plain,
            given(PlantOverrides {
                grid_factor_t_per_mwh: Some(0.8),
                parasitic_fraction: Some(0.05),
                ..PlantOverrides::default()
            }),
            gross * 0.95 * 0.8,
            "given",
        ),
    ];
    let mut failures = Vec::new();
    for (name, data, params, grid, source) in &cases {
        let mut problems = Vec::new();
        match project(data, params) {
            Ok(projection) => {
                let from = kind(projection.plant.origin_of("grid_factor_t_per_mwh"));
                if from != *source {
                    problems.push(format!("grid factor from {from}, expected {source}"));
                }
                let rows = &projection.years;
                problems.extend(check(rows, "co2e_grid_kt", |_| *grid));
                problems.extend(check(rows, "co2e_destruction_kt", |_| destruction));
                problems.extend(check(rows, "co2e_avoided_kt", |_| destruction + grid));
            }
            Err(e) => problems.push(e),
        }
        collect(&mut failures, name, problems);
    }
    // Without a factor: no grid credit, and the total is destruction alone.
    let mut problems = Vec::new();
    let projection = project(&plain, &StudyParams::default()).expect("the default projection");
    if let Some(y) = projection
        .years
        .iter()
        .find(|y| y.energy.co2e_grid_kt.is_some())
    {
        problems.push(format!("{}: a grid credit without a factor", y.energy.year));
    }
    problems.extend(check(&projection.years, "co2e_avoided_kt", |_| destruction));
    collect(&mut failures, "no factor", problems);
    report("grid factor cases", cases.len() + 1, failures);
}

#[test]
fn each_gwp_set_scales_the_destruction_credit_by_gwp_minus_44_over_16() {
    let plain = songzao();
    let facts = songzao_with(&songzao_facts("gwp = \"ar6\""), Format::Toml);
    let set = |gwp| {
        given(PlantOverrides {
            gwp: Some(gwp),
            ..PlantOverrides::default()
        })
    };
    // The same 60.10 million m3 burnt every year whatever the set; the credit per tonne is
    // (GWP - 2.75) instead of (28 - 2.75):
    //   60.10 million m3 x 0.6681 kt/million m3 x 0.995 x (GWP - 2.75).
    let burnt = full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY);
    let cases: [(&str, &Dataset, StudyParams, f64, &str); 5] = [
        ("sar", &plain, set(GwpSet::Sar), 21.0, "given"),
        ("ar4", &plain, set(GwpSet::Ar4), 25.0, "given"),
        ("ar5", &plain, set(GwpSet::Ar5), 28.0, "given"),
        ("ar6", &plain, set(GwpSet::Ar6), 29.8, "given"),
        (
            "ar6 from the site facts",
            &facts,
            StudyParams::default(),
            29.8,
            "site facts",
        ),
    ];
    let mut failures = Vec::new();
    for (name, data, params, ch4, source) in &cases {
        let mut problems = Vec::new();
        match project(data, params) {
            Ok(projection) => {
                let from = kind(projection.plant.origin_of("gwp"));
                if projection.plant.gwp.ch4() != *ch4 || from != *source {
                    problems.push(format!(
                        "gwp {:?} ({}) from {from}, expected {ch4} from {source}",
                        projection.plant.gwp,
                        projection.plant.gwp.ch4()
                    ));
                }
                let credit = burnt * 0.6681 * 0.995 * (ch4 - 2.75);
                problems.extend(check(&projection.years, "co2e_destruction_kt", |_| credit));
            }
            Err(e) => problems.push(e),
        }
        collect(&mut failures, name, problems);
    }
    report("GWP sets", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 6, 7. Lean gas, parasitic load, the share sent to power, the volume basis.

/// A hand formula: a row's expected value from its methane_mm3.
type Formula = fn(f64) -> f64;

/// One setting and what it does to a column, by hand, for every row.
struct ChainCase {
    name: &'static str,
    plant: PlantOverrides,
    /// (column, expected value from the row's methane), for every row.
    expect: Vec<(&'static str, Formula)>,
}

#[test]
fn settings_change_the_chain_as_the_hand_formulas_say() {
    let full = || full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY);
    let none = PlantOverrides::default;
    let cases = [
        ChainCase {
            // 25 % CH4 is below the 30 % the engines accept: nothing burns, everything sent to
            // power is unusable, no electricity. (tests/energy_chain.rs checks 2012's burnt,
            // unusable and surplus on a plant built in code; here every row of the study.)
            name: "gas too lean",
            plant: PlantOverrides {
                gas_concentration: Some(0.25),
                min_concentration: Some(0.30),
                ..none()
            },
            expect: vec![
                ("burnt_mm3", |_| 0.0),
                ("unusable_mm3", |m| m),
                ("to_power_mm3", |m| m),
                ("surplus_mm3", |_| 0.0),
                ("electricity_gwh", |_| 0.0),
                ("utilization", |_| 0.0),
                ("co2e_avoided_kt", |_| 0.0),
            ],
        },
        ChainCase {
            name: "gas rich enough",
            plant: PlantOverrides {
                gas_concentration: Some(0.45),
                min_concentration: Some(0.30),
                ..none()
            },
            expect: vec![("burnt_mm3", |_| {
                full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY)
            })],
        },
        ChainCase {
            // Net = gross x (1 - 0.05).
            name: "parasitic 5 %",
            plant: PlantOverrides {
                parasitic_fraction: Some(0.05),
                ..none()
            },
            expect: vec![
                ("electricity_gwh", |_| 26.9 * 0.9 * 8760.0 / 1000.0),
                ("net_electricity_gwh", |_| {
                    26.9 * 0.9 * 8760.0 / 1000.0 * 0.95
                }),
            ],
        },
        ChainCase {
            // Half to power: still more than the plant burns (111.47 > 60.10 in 2012).
            name: "half to power",
            plant: PlantOverrides {
                share_to_power: Some(0.5),
                ..none()
            },
            expect: vec![
                ("to_power_mm3", |m| m / 2.0),
                ("burnt_mm3", |_| {
                    full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY)
                }),
                ("surplus_mm3", |m| {
                    m - full_load_mm3(CAPACITY_MW, AVAILABILITY, EFFICIENCY)
                }),
            ],
        },
        ChainCase {
            // A twentieth to power: 11.15 million m3 in 2012 and 46.12 in 2030, always less than
            // the 60.10 the plant could burn, so all of it burns and the plant runs part-time.
            name: "a twentieth to power",
            plant: PlantOverrides {
                share_to_power: Some(0.05),
                ..none()
            },
            expect: vec![
                ("to_power_mm3", |m| m * 0.05),
                ("burnt_mm3", |m| m * 0.05),
                ("surplus_mm3", |m| m * 0.95),
                ("utilization", |_| 0.05),
                ("electricity_gwh", |m| gwh_from_mm3(m * 0.05, EFFICIENCY)),
                ("capacity_factor", |m| {
                    gwh_from_mm3(m * 0.05, EFFICIENCY) * 1000.0 / (26.9 * 8760.0)
                }),
            ],
        },
        ChainCase {
            // Full availability: 26.9 MW x 8760 h.
            name: "availability 1",
            plant: PlantOverrides {
                availability: Some(1.0),
                ..none()
            },
            expect: vec![
                ("electricity_gwh", |_| 26.9 * 8760.0 / 1000.0),
                ("capacity_factor", |_| 1.0),
            ],
        },
        ChainCase {
            // A 500 MW plant burns everything (it could take 1117 million m3 a year).
            name: "500 MW",
            plant: PlantOverrides {
                capacity_mw: Some(500.0),
                ..none()
            },
            expect: vec![
                ("burnt_mm3", |m| m),
                ("surplus_mm3", |_| 0.0),
                ("utilization", |_| 1.0),
                ("additional_mw", |_| 0.0),
                ("electricity_gwh", |m| gwh_from_mm3(m, EFFICIENCY)),
            ],
        },
        ChainCase {
            // Volumes at 0 °C: LHV 35.90 MJ/m3, density 0.7174 kg/m3 (ISO 6976), so the same
            // plant burns fewer cubic metres.
            name: "basis 0 °C",
            plant: PlantOverrides {
                basis: Some(ReferenceTemperature::Celsius0),
                ..none()
            },
            expect: vec![
                ("burnt_mm3", |_| {
                    26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 35.90 / 1e6
                }),
                ("co2e_destruction_kt", |_| {
                    26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 35.90 / 1e6 * 0.7174 * 0.995 * 25.25
                }),
            ],
        },
    ];
    // The default plant burns what the hand formula says (a check of the helper itself).
    assert!(close(
        full(),
        26.9 * 0.9 * 8760.0 * 3600.0 / 0.38 / 33.43 / 1e6
    ));
    let data = songzao();
    let mut failures = Vec::new();
    for case in &cases {
        let mut problems = Vec::new();
        match project(&data, &given(case.plant.clone())) {
            Ok(projection) => {
                for (column, formula) in &case.expect {
                    problems.extend(check(&projection.years, column, formula));
                }
                problems.extend(all_balance_problems(std::slice::from_ref(&projection)));
            }
            Err(e) => problems.push(e),
        }
        collect(&mut failures, case.name, problems);
    }
    report("chain settings", cases.len(), failures);
}

// ---------------------------------------------------------------------------------------------
// 8. Several sites, each with its own plant.

#[test]
fn several_sites_each_burn_what_their_own_plant_can() {
    let projections = project_all(&two_sites(), &StudyParams::default()).expect("two sites");
    // Alpha's 5 MW burns 5 x 0.9 x 8760 x 3600 / 0.38 / 33.43 / 1e6 = 11.17 million m3 and
    // makes 5 x 0.9 x 8.76 = 39.42 GWh; Zeta's 12 MW burns 26.81 and makes 94.608 GWh. Both
    // sites drain more (at least 50 million m3 a year), so both plants run flat out.
    let hand = [
        (
            5.0,
            full_load_mm3(5.0, 0.9, 0.38),
            5.0 * 0.9 * 8760.0 / 1000.0,
        ),
        (
            12.0,
            full_load_mm3(12.0, 0.9, 0.38),
            12.0 * 0.9 * 8760.0 / 1000.0,
        ),
    ];
    assert_eq!(projections.len(), 2, "one projection per site");
    let mut failures = Vec::new();
    for (name, (projection, (capacity, burnt, gwh))) in
        ["Alpha", "Zeta"].iter().zip(projections.iter().zip(hand))
    {
        let rows = &projection.years;
        let mut problems = Vec::new();
        if projection.forecast.site != *name {
            problems.push(format!("site {}", projection.forecast.site));
        }
        if projection.plant.capacity_mw != capacity
            || kind(projection.plant.origin_of("capacity_mw")) != "site facts"
        {
            problems.push(format!(
                "plant of {} MW, expected {capacity} from the site facts",
                projection.plant.capacity_mw
            ));
        }
        problems.extend(check(rows, "capacity_mw", |_| capacity));
        problems.extend(check(rows, "burnt_mm3", |_| burnt));
        problems.extend(check(rows, "electricity_gwh", |_| gwh));
        problems.extend(all_balance_problems(std::slice::from_ref(projection)));
        collect(&mut failures, name, problems);
    }
    report("sites", hand.len(), failures);
}
