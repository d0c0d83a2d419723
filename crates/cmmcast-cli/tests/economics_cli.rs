//! `cmmcast economics` end to end: the Songzao cash flows against a hand calculation, the
//! columns, the paths' valuation (reproducible whatever the threads), agreement with `project`,
//! and the refusals, each one sentence (catalogued in docs/ROBUSTNESS.md).

mod common;

use common::{
    Catalogue, Csv, PANIC_WORDS, banned_words, cmmcast, cmmcast_in, collect, files,
    missing_phrases, refusal_form_problems, report, with_stderr,
};
use serde_json::Value;

/// Relative closeness for numbers the arithmetic gives exactly (up to rounding).
fn near(ours: f64, hand: f64) -> bool {
    (ours - hand).abs() <= 1e-9 * hand.abs().max(1.0)
}

fn csv_of(args: &[&str]) -> Csv {
    let run = cmmcast(args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    Csv::parse(&run.stdout).expect("CSV")
}

fn json_of(args: &[&str]) -> Value {
    let run = cmmcast(args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

/// Songzao with the defaults, by hand. The forecast drainage (over 250 million m3 a year) is
/// far above what 26.9 MW burns (about 60), so the plant runs at full availability every year:
///
/// - net MWh = 26.9 MW x 0.90 x 8,760 h = 212,079.6 (no parasitic load by default);
/// - power revenue = 212,079.6 x 623.6 = 132,252,838.56 CNY; carbon revenue 0 (share 0);
/// - opex = 212,079.6 x 122.3 = 25,937,335.08 (no fixed O&M, no gas cost);
/// - capex in 2016 = 26,900 kW x 9,902 = 266,363,800;
/// - depreciation = 266,363,800 / 15 = 17,757,586.67 a year for the 15 years;
/// - tax = 0.25 x (132,252,838.56 - 25,937,335.08 - 17,757,586.67) = 22,139,479.20;
/// - cash flow = 132,252,838.56 - 25,937,335.08 - 22,139,479.20 = 84,176,024.28 a year;
/// - NPV = -266,363,800 + 84,176,024.28 x a, a = (1 - 1.08^-15) / 0.08 = 8.5594787;
/// - LCOE = capex / (MWh x a) + 122.3 = 269.03 CNY/MWh;
/// - payback: -266.4 + 4 x 84.2 > 0 first in the fourth year, 2020; discounted likewise
///   (-266.4 + 84.2 x a(8 %, 4) = +12.4 million).
#[test]
fn songzao_cash_flows_match_the_hand_calculation() {
    let mwh = 26.9 * 0.90 * 8760.0;
    let revenue = mwh * 623.6;
    let opex = mwh * 122.3;
    let capex = 26_900.0 * 9_902.0;
    let tax = 0.25 * (revenue - opex - capex / 15.0);
    let flow = revenue - opex - tax;
    let annuity = |r: f64, n: i32| (1.0 - (1.0 + r).powi(-n)) / r;
    let npv = -capex + flow * annuity(0.08, 15);

    let csv = csv_of(&["economics", "--format", "csv"]);
    assert_eq!(
        csv.header,
        [
            "year",
            "electricity_net_mwh",
            "revenue_power",
            "revenue_carbon",
            "capex",
            "opex",
            "gas_cost",
            "tax",
            "cash_flow",
            "discounted_cash_flow",
            "cumulative_discounted"
        ]
    );
    let years = csv.years().expect("years");
    assert_eq!(years, (2016..=2031).collect::<Vec<_>>());
    let column = |name: &str| csv.numbers(name).expect(name);
    assert_eq!(column("capex")[0], capex);
    assert_eq!(column("cash_flow")[0], -capex);
    for k in 1..=15 {
        assert!(near(column("electricity_net_mwh")[k], mwh), "year {k}");
        assert!(near(column("revenue_power")[k], revenue), "year {k}");
        assert!(near(column("opex")[k], opex), "year {k}");
        assert!(near(column("tax")[k], tax), "year {k}");
        assert!(near(column("cash_flow")[k], flow), "year {k}");
        assert!(
            near(
                column("discounted_cash_flow")[k],
                flow / 1.08_f64.powi(k as i32)
            ),
            "year {k}"
        );
        assert_eq!(column("capex")[k], 0.0);
        assert_eq!(column("revenue_carbon")[k], 0.0);
        assert_eq!(column("gas_cost")[k], 0.0);
    }
    assert!(near(column("cumulative_discounted")[15], npv));

    let json = json_of(&["economics", "--format", "json"]);
    let meta = &json["meta"];
    assert!(near(meta["npv"].as_f64().expect("npv"), npv));
    let lcoe = capex / (mwh * annuity(0.08, 15)) + 122.3;
    assert!(near(meta["lcoe_per_mwh"].as_f64().expect("lcoe"), lcoe));
    // The IRR makes the annuity of the flows repay the capex.
    let irr = meta["irr"].as_f64().expect("irr");
    assert!(near(flow * annuity(irr, 15), capex), "irr {irr}");
    assert_eq!(meta["payback_year"], 2020);
    assert_eq!(meta["discounted_payback_year"], 2020);
    assert_eq!(meta["currency"], "CNY");
    // Every parameter is echoed with a source.
    let parameters = meta["parameters"].as_array().expect("parameters");
    assert_eq!(parameters.len(), 12);
    for parameter in parameters {
        let source = parameter["source"].as_str().expect("a source");
        assert!(!source.is_empty(), "{parameter}");
    }
}

#[test]
fn without_capex_and_prices_economics_reproduces_project_with_a_changed_plant() {
    let plant = [
        "--capacity-mw",
        "80",
        "--efficiency",
        "0.40",
        "--parasitic-fraction",
        "0.05",
        "--availability",
        "0.93",
    ];
    let zero = [
        "--capex-per-kw",
        "0",
        "--opex-per-mwh",
        "0",
        "--tariff-per-mwh",
        "0",
        "--carbon-price-per-t",
        "0",
    ];
    let mut economics = vec!["economics", "--format", "json"];
    economics.extend(plant);
    economics.extend(zero);
    let json = json_of(&economics);
    let mut project = vec!["project", "--format", "csv"];
    project.extend(plant);
    let projected = csv_of(&project);
    let years = projected.years().expect("years");
    let net = projected.numbers("net_electricity_gwh").expect("net");
    let co2e = projected.numbers("co2e_avoided_kt").expect("co2e");
    let operating = json["meta"]["operating_years"].as_array().expect("years");
    let mut compared = 0;
    for year in operating {
        let y = year["year"].as_i64().expect("year") as i32;
        let Some(i) = years.iter().position(|&p| p == y) else {
            continue;
        };
        assert_eq!(year["electricity_net_mwh"].as_f64(), Some(net[i] * 1000.0));
        assert_eq!(year["co2e_avoided_t"].as_f64(), Some(co2e[i] * 1000.0));
        compared += 1;
    }
    assert_eq!(compared, 14, "2017 to 2030 in both");
    for row in json["rows"].as_array().expect("rows") {
        assert_eq!(row["cash_flow"].as_f64(), Some(0.0));
    }
}

#[test]
fn the_paths_are_valued_reproducibly_whatever_the_threads() {
    let args = |threads: &'static str| {
        [
            "economics",
            "--paths",
            "3000",
            "--seed",
            "7",
            "--threads",
            threads,
            "--format",
            "json",
        ]
    };
    let one = cmmcast(&args("1"));
    let two = cmmcast(&args("2"));
    assert_eq!(one.code, Some(0), "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    let json: Value = serde_json::from_str(&one.stdout).expect("JSON");
    let uncertainty = &json["meta"]["uncertainty"];
    assert_eq!(uncertainty["paths"], 3000);
    let p = uncertainty["p_npv_negative"].as_f64().expect("p");
    let se = uncertainty["p_npv_negative_se"].as_f64().expect("se");
    assert!((0.0..=1.0).contains(&p));
    assert!(near(se, (p * (1.0 - p) / 3000.0).sqrt()));
    let npv = &uncertainty["npv"];
    let quantiles: Vec<f64> = npv["percentiles"]
        .as_array()
        .expect("percentiles")
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect();
    assert!(quantiles[0] <= quantiles[1] && quantiles[1] <= quantiles[2]);
    // The default scenario's spreads are symmetric around the central values, so the paths'
    // median NPV lies near the cash-flow table's (within a few per cent).
    let central = json["meta"]["npv"].as_f64().expect("npv");
    assert!(
        (quantiles[1] / central - 1.0).abs() < 0.03,
        "{quantiles:?} vs {central}"
    );
    assert!(
        near(
            npv["mean_se"].as_f64().expect("se"),
            npv["sd"].as_f64().expect("sd") / 3000f64.sqrt()
        ),
        "{npv}"
    );
}

#[test]
fn site_facts_and_scenarios_set_the_economics_and_output_says_where_from() {
    let dir = files(&[
        (
            "facts.toml",
            "[[sites]]\nname = \"Songzao\"\nplant_capacity_mw = 26.9\n[sites.economics]\ntariff_per_mwh = 80\ncurrency = \"USD 2024\"\n",
        ),
        (
            "prices.toml",
            "[inputs]\ncapex_per_kw = { distribution = \"triangular\", min = 1000, mode = 1500, max = 2000 }\n",
        ),
    ]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "economics",
            "--facts",
            "{dir}/facts.toml",
            "--scenario",
            "{dir}/prices.toml",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let parameter = |name: &str| {
        json["meta"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["name"] == name)
            .cloned()
            .expect(name)
    };
    assert_eq!(parameter("tariff_per_mwh")["value"], 80.0);
    assert_eq!(parameter("tariff_per_mwh")["source"], "site facts");
    // The triangular's median is its mode when it is symmetric.
    assert_eq!(parameter("capex_per_kw")["value"], 1500.0);
    assert!(
        parameter("capex_per_kw")["source"]
            .as_str()
            .expect("source")
            .starts_with("scenario")
    );
    assert_eq!(json["meta"]["currency"], "USD 2024");
    assert_eq!(json["rows"][0]["capex"], 26_900.0 * 1500.0);
}

#[test]
fn bad_economic_input_is_refused_with_one_sentence() {
    let dir = files(&[
        (
            "tax.toml",
            "[[sites]]\nname = \"Songzao\"\nplant_capacity_mw = 26.9\n[sites.economics]\ntax_rate = 1.5\n",
        ),
        (
            "yearly.toml",
            "[inputs]\ntariff_per_mwh = { distribution = \"uniform\", min = 500, max = 600, per_year = true }\n",
        ),
        (
            "negative.toml",
            "[inputs]\ncapex_per_kw = { distribution = \"uniform\", min = -100, max = 600 }\n",
        ),
    ]);
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--capex-per-kw", "-5"],
            &["--capex-per-kw -5 is not allowed", "at least 0"],
        ),
        (
            &["--tariff-per-mwh", "-1"],
            &["--tariff-per-mwh -1 is not allowed"],
        ),
        (
            &["--opex-per-kw-year", "-1"],
            &["--opex-per-kw-year -1 is not allowed"],
        ),
        (
            &["--carbon-price-per-t", "-56"],
            &["--carbon-price-per-t -56 is not allowed"],
        ),
        (
            &["--gas-cost-per-m3", "-0.1"],
            &["--gas-cost-per-m3 -0.1 is not allowed"],
        ),
        (
            &["--discount-rate", "-1"],
            &["--discount-rate -1 is not allowed", "above -1"],
        ),
        (
            &["--discount-rate", "-1.5"],
            &["--discount-rate -1.5 is not allowed"],
        ),
        (
            &["--lifetime-years", "0"],
            &["--lifetime-years 0 is not allowed", "at least 1"],
        ),
        (
            &["--lifetime-years", "2.5"],
            &["--lifetime-years 2.5 is not allowed", "whole number"],
        ),
        (
            &["--lifetime-years", "30", "--to", "2030"],
            &[
                "lifetime of 30 years reaches beyond the 14 forecast years",
                "--to",
            ],
        ),
        (
            &["--depreciation-years", "0"],
            &["--depreciation-years 0 is not allowed"],
        ),
        (
            &["--tax-rate", "1"],
            &["--tax-rate 1 is not allowed", "up to but not including 1"],
        ),
        (&["--tax-rate", "-0.1"], &["--tax-rate -0.1 is not allowed"]),
        (
            &["--carbon-share", "1.5"],
            &["--carbon-share 1.5 is not allowed", "from 0 to 1"],
        ),
        (
            &["--carbon-share", "-0.5"],
            &["--carbon-share -0.5 is not allowed"],
        ),
        (
            &["--tariff-per-mwh", "nan"],
            &["--tariff-per-mwh NaN is not allowed"],
        ),
        (&["--paths", "0"], &["--paths 0 is not allowed"]),
        (
            &["--facts", "{dir}/tax.toml"],
            &["tax.toml, site \"Songzao\", economics table: tax_rate = 1.5 is not allowed"],
        ),
        (
            &["--scenario", "{dir}/yearly.toml"],
            &["yearly.toml, line 2", "drawn once per path"],
        ),
        (
            &["--scenario", "{dir}/negative.toml"],
            &["negative.toml, line 2", "capex_per_kw"],
        ),
    ];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("bad_economic_input_is_refused_with_one_sentence");
    for (extra, phrases) in cases {
        let mut args = vec!["economics"];
        args.extend_from_slice(extra);
        let run = cmmcast_in(Some(dir.path()), &args, &[]);
        catalogue.add(&extra.join(" "), &run);
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, phrases));
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        collect(&mut failures, &args.join(" "), with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("refusals", cases.len(), failures);
}
