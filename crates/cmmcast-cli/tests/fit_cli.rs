//! `cmmcast fit` from the outside: the comparison table's shape, AICc and leave-one-out errors
//! against the independent reference (statsmodels and numpy, through
//! crates/cmmcast-forecast/tests/fixtures/statsmodels/songzao_expected.json; no expected value
//! comes from cmmcast), Akaike weights that sum to one, named parameters in JSON, refused rows,
//! and degenerate series.
//!
//! The table-driven tests report all failing cases together at the end.

mod common;

use common::{Csv, Run, close, cmmcast, cmmcast_in, collect, files, fixture, report, tokens};
use serde_json::Value;

/// The header of `cmmcast fit --format csv` for one site.
const HEADER: &str = "model,parameters,r2,aicc,loo_rmse,loo_mape,weight,status";

/// The menu without a ceiling, in order: the models before logistic, then the stochastic trends.
const MENU: [&str; 7] = [
    "linear",
    "exponential",
    "quadratic",
    "gm11",
    "intensity",
    "rw-drift",
    "damped",
];

/// The menu with a ceiling: logistic comes before the stochastic trends.
fn menu_with_logistic() -> Vec<&'static str> {
    let (trends, stochastic) = MENU.split_at(5);
    trends
        .iter()
        .copied()
        .chain(["logistic"])
        .chain(stochastic.iter().copied())
        .collect()
}

/// The fit table as CSV: header and rows keyed by column name.
struct FitTable {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl FitTable {
    fn parse(run: &Run) -> Result<FitTable, String> {
        if run.code != Some(0) {
            return Err(format!("exit code {:?}: {}", run.code, run.stderr));
        }
        let Csv { header, rows } = Csv::parse(&run.stdout)?;
        Ok(FitTable { header, rows })
    }

    fn field<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        let i = self
            .header
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("no column {column}"));
        &row[i]
    }

    fn models(&self) -> Vec<&str> {
        self.rows.iter().map(|r| self.field(r, "model")).collect()
    }

    fn row(&self, model: &str) -> Option<&[String]> {
        self.rows
            .iter()
            .find(|r| self.field(r, "model") == model)
            .map(Vec::as_slice)
    }

    /// A numeric field: `Ok(None)` when empty, an error when not a finite number.
    fn number(&self, row: &[String], column: &str) -> Result<Option<f64>, String> {
        let field = self.field(row, column);
        if field.is_empty() {
            return Ok(None);
        }
        match field.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(format!("{column} `{field}` is not a finite number")),
        }
    }

    /// Problems with every row: `ok` rows have parameters, R² (unless `constant`), leave-one-out
    /// errors and finite numbers, with AICc and weight optional; refused rows have only a
    /// status. The weights present sum to 1.
    fn problems(&self, constant: bool) -> Vec<String> {
        let mut problems = Vec::new();
        let mut weights = Vec::new();
        for row in &self.rows {
            let model = self.field(row, "model");
            let status = self.field(row, "status");
            let numeric = ["r2", "aicc", "loo_rmse", "loo_mape", "weight"];
            if status == "ok" {
                let parameters = self.field(row, "parameters");
                if parameters.is_empty()
                    || parameters.split(';').any(|p| {
                        p.split_once('=')
                            .is_none_or(|(_, v)| v.parse::<f64>().map_or(true, |v| !v.is_finite()))
                    })
                {
                    problems.push(format!("{model}: parameters `{parameters}`"));
                }
                for column in numeric {
                    let optional =
                        matches!(column, "aicc" | "weight") || (constant && column == "r2");
                    match self.number(row, column) {
                        Ok(Some(v)) => {
                            if column == "weight" {
                                weights.push(v);
                            }
                        }
                        Ok(None) if optional => {}
                        Ok(None) => problems.push(format!("{model}: {column} is empty")),
                        Err(e) => problems.push(format!("{model}: {e}")),
                    }
                }
            } else if let Some(why) = status.strip_prefix("refused: ") {
                if why.is_empty() {
                    problems.push(format!("{model}: refused without a reason"));
                }
                for column in numeric.iter().chain(&["parameters"]) {
                    if !self.field(row, column).is_empty() {
                        problems.push(format!("{model}: refused but {column} is filled"));
                    }
                }
            } else {
                problems.push(format!("{model}: status `{status}`"));
            }
        }
        if !weights.is_empty() {
            let total: f64 = weights.iter().sum();
            if (total - 1.0).abs() > 1e-12 {
                problems.push(format!("weights {weights:?} sum to {total}, not 1"));
            }
        }
        problems
    }
}

#[test]
fn fit_lists_every_model_once_in_menu_order_with_valid_rows() {
    let cases: [(&str, &[&str], Vec<&str>); 4] = [
        ("methane", &["fit", "--format", "csv"], MENU.to_vec()),
        (
            "methane with a ceiling",
            &["fit", "--ceiling", "1000", "--format", "csv"],
            menu_with_logistic(),
        ),
        (
            "coal",
            &["fit", "--series", "coal", "--format", "csv"],
            MENU.to_vec(),
        ),
        (
            "ceiling below the data: logistic refused, the rest fitted",
            &["fit", "--ceiling", "250", "--format", "csv"],
            menu_with_logistic(),
        ),
    ];
    let mut failures = Vec::new();
    for (name, args, models) in &cases {
        let problems = match FitTable::parse(&cmmcast(args)) {
            Err(e) => vec![e],
            Ok(table) => {
                let mut problems = table.problems(false);
                if table.header.join(",") != HEADER {
                    problems.push(format!("header {:?}", table.header.join(",")));
                }
                if table.models() != *models {
                    problems.push(format!("models {:?}, expected {models:?}", table.models()));
                }
                problems
            }
        };
        collect(&mut failures, name, problems);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fit_statistics_match_the_reference() {
    let e = fixture();
    // (series flag, model, fixture statistic, CSV column)
    let checks = [
        ("methane", "linear", "aicc", "aicc"),
        ("methane", "linear", "loo_rmse", "loo_rmse"),
        ("methane", "linear", "loo_mape", "loo_mape"),
        ("methane", "exponential", "aicc", "aicc"),
        ("methane", "exponential", "loo_rmse", "loo_rmse"),
        ("methane", "exponential", "loo_mape", "loo_mape"),
        ("methane", "quadratic", "loo_rmse", "loo_rmse"),
        ("methane", "quadratic", "loo_mape", "loo_mape"),
        ("coal", "linear", "aicc", "aicc"),
        ("coal", "linear", "loo_rmse", "loo_rmse"),
        ("coal", "exponential", "aicc", "aicc"),
        ("coal", "quadratic", "loo_rmse", "loo_rmse"),
        // Shown, not weighed: AICc of the differences (rw-drift) and of the one-step errors
        // (damped), and their one-step leave-one-out errors.
        ("methane", "rw_drift", "aicc", "aicc"),
        ("methane", "rw_drift", "loo_rmse", "loo_rmse"),
        ("methane", "rw_drift", "loo_mape", "loo_mape"),
        ("methane", "damped", "aicc", "aicc"),
        ("methane", "damped", "loo_rmse", "loo_rmse"),
        ("coal", "rw_drift", "aicc", "aicc"),
        ("coal", "damped", "loo_mape", "loo_mape"),
    ];
    let mut failures = Vec::new();
    for series in ["methane", "coal"] {
        let table = FitTable::parse(&cmmcast(&["fit", "--series", series, "--format", "csv"]))
            .expect("fit runs");
        for (_, model, statistic, column) in checks.iter().filter(|c| c.0 == series) {
            let expected = e["series"][series][model][statistic]
                .as_f64()
                .expect("fixture number");
            let ours = table
                .row(&model.replace('_', "-"))
                .ok_or_else(|| "no row".to_string())
                .and_then(|row| table.number(row, column));
            match ours {
                Ok(Some(v)) if close(v, expected) => {}
                other => failures.push(format!(
                    "{series} {model} {column}: ours {other:?}, reference {expected}"
                )),
            }
        }
        // Quadratic has no AICc at 5 years (n ≤ K + 1), as the reference says.
        let quadratic = table.row("quadratic").expect("quadratic row");
        if !e["series"][series]["quadratic"]["aicc"].is_null()
            || !table.field(quadratic, "aicc").is_empty()
        {
            failures.push(format!("{series} quadratic: AICc should be missing"));
        }
    }
    report("reference checks", checks.len() + 2, failures);
}

#[test]
fn weights_follow_the_reference_aicc_and_sum_to_one() {
    let e = fixture();
    let aicc = |model: &str| {
        e["series"]["methane"][model]["aicc"]
            .as_f64()
            .expect("aicc")
    };
    // Akaike weights by hand from the reference AICc of the two weighed models.
    let (linear, exponential) = (aicc("linear"), aicc("exponential"));
    let best = linear.min(exponential);
    let raw = [
        (-(linear - best) / 2.0).exp(),
        (-(exponential - best) / 2.0).exp(),
    ];
    let expected = [raw[0] / (raw[0] + raw[1]), raw[1] / (raw[0] + raw[1])];

    let table = FitTable::parse(&cmmcast(&["fit", "--format", "csv"])).expect("fit runs");
    let weight = |model: &str| {
        table
            .row(model)
            .and_then(|row| table.number(row, "weight").ok())
            .flatten()
    };
    let mut problems = Vec::new();
    for (model, want) in [("linear", expected[0]), ("exponential", expected[1])] {
        match weight(model) {
            Some(w) if (w - want).abs() <= 1e-9 => {}
            other => problems.push(format!("{model} weight {other:?}, by hand {want}")),
        }
    }
    for model in ["quadratic", "gm11", "intensity", "rw-drift", "damped"] {
        if let Some(w) = weight(model) {
            problems.push(format!("{model} has weight {w}, but it is not weighed"));
        }
    }
    // The table says why rw-drift and damped have an AICc but no weight.
    let run = cmmcast(&["fit"]);
    if !run
        .stdout
        .contains("rw-drift's of the year-to-year differences and damped's of its one-step")
        || !run.stdout.contains("shown but not weighed")
    {
        problems.push(format!(
            "the note on unweighed models is missing:\n{}",
            run.stdout
        ));
    }
    let total: f64 = MENU.iter().filter_map(|m| weight(m)).sum();
    if (total - 1.0).abs() > 1e-12 {
        problems.push(format!("weights sum to {total}"));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn fit_json_rows_have_named_parameters_matching_the_reference() {
    let e = fixture();
    let m = &e["series"]["methane"];
    let run = cmmcast(&["fit", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let rows = json["rows"].as_array().expect("rows");
    let row = |model: &str| {
        rows.iter()
            .find(|r| r["model"] == model)
            .unwrap_or_else(|| panic!("no {model} row"))
    };
    let fixture_number = |v: &Value| v.as_f64().expect("fixture number");
    // (model, parameter key, reference value)
    let checks = [
        (
            "linear",
            "intercept",
            fixture_number(&m["linear"]["params"][0]),
        ),
        (
            "linear",
            "slope_per_year",
            fixture_number(&m["linear"]["params"][1]),
        ),
        (
            "linear",
            "intercept_se",
            fixture_number(&m["linear"]["bse"][0]),
        ),
        (
            "linear",
            "slope_per_year_se",
            fixture_number(&m["linear"]["bse"][1]),
        ),
        (
            "exponential",
            "log_intercept",
            fixture_number(&m["exponential"]["params"][0]),
        ),
        (
            "exponential",
            "log_growth_per_year",
            fixture_number(&m["exponential"]["params"][1]),
        ),
        (
            "quadratic",
            "curvature_per_year2",
            fixture_number(&m["quadratic"]["params"][2]),
        ),
        (
            "quadratic",
            "curvature_per_year2_se",
            fixture_number(&m["quadratic"]["bse"][2]),
        ),
        (
            "gm11",
            "development_coefficient_a",
            fixture_number(&m["gm11"]["a"]),
        ),
        ("gm11", "grey_input_b", fixture_number(&m["gm11"]["b"])),
        // r is million m3 per thousand t; the parameter is m3 per t (x 1000).
        (
            "intensity",
            "intensity_m3_per_t",
            fixture_number(&e["intensity"]["r"]) * 1000.0,
        ),
        (
            "intensity",
            "intensity_m3_per_t_se",
            fixture_number(&e["intensity"]["r_se"]) * 1000.0,
        ),
        (
            "intensity",
            "coal_slope_per_year",
            fixture_number(&e["series"]["coal"]["linear"]["params"][1]),
        ),
    ];
    let mut failures = Vec::new();
    for (model, key, expected) in checks {
        match row(model)["parameters"][key].as_f64() {
            Some(v) if close(v, expected) => {}
            other => failures.push(format!(
                "{model}.parameters.{key}: ours {other:?}, reference {expected}"
            )),
        }
    }
    // Keys: the CSV's columns, in order; linear's parameter names exactly.
    let csv_header: Vec<&str> = HEADER.split(',').collect();
    for r in rows {
        let keys: Vec<&str> = r
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        if keys != csv_header {
            failures.push(format!("row keys {keys:?}"));
        }
        if !r["parameters"].is_object() {
            failures.push(format!("{} parameters are not an object", r["model"]));
        }
    }
    let linear_keys: Vec<&str> = row("linear")["parameters"]
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    if linear_keys
        != [
            "intercept",
            "intercept_se",
            "slope_per_year",
            "slope_per_year_se",
        ]
    {
        failures.push(format!("linear parameter keys {linear_keys:?}"));
    }
    let meta = &json["meta"];
    if meta["series"] != "methane_mm3" || meta["selection"][0]["picked"] != "exponential" {
        failures.push(format!(
            "meta series {} picked {}",
            meta["series"], meta["selection"][0]["picked"]
        ));
    }
    report("JSON checks", checks.len() + rows.len() + 2, failures);
}

#[test]
fn a_refused_model_shows_why_in_its_status() {
    let table =
        FitTable::parse(&cmmcast(&["fit", "--ceiling", "250", "--format", "csv"])).expect("runs");
    let logistic = table.row("logistic").expect("logistic row");
    let status = table.field(logistic, "status");
    assert!(
        status.starts_with("refused: ")
            && status.contains("below the ceiling 250")
            && status.contains("higher --ceiling"),
        "{status}"
    );
    assert!(
        table.problems(false).is_empty(),
        "{:?}",
        table.problems(false)
    );
}

/// A degenerate file and what `fit` must give.
struct DegenerateCase {
    name: &'static str,
    csv: &'static str,
    /// Models whose status is `ok`; the others must be refused.
    ok: &'static [&'static str],
    /// Phrase every refusal must contain.
    refusal: &'static str,
    constant: bool,
}

#[test]
fn degenerate_series_give_finite_rows_or_refusals() {
    let cases = [
        DegenerateCase {
            name: "five equal values",
            csv: "year,coal_kt,methane_mm3\n2012,100,100\n2013,100,100\n2014,100,100\n\
                  2015,100,100\n2016,100,100\n",
            ok: &MENU,
            refusal: "",
            constant: true,
        },
        DegenerateCase {
            name: "six equal values (every time trend has an AICc of minus infinity)",
            csv: "year,coal_kt,methane_mm3\n2011,100,100\n2012,100,100\n2013,100,100\n\
                  2014,100,100\n2015,100,100\n2016,100,100\n",
            ok: &MENU,
            refusal: "",
            constant: true,
        },
        DegenerateCase {
            name: "an exact straight line",
            csv: "year,coal_kt,methane_mm3\n2012,100,100\n2013,110,110\n2014,120,120\n\
                  2015,130,130\n2016,140,140\n",
            ok: &MENU,
            refusal: "",
            constant: false,
        },
        DegenerateCase {
            name: "two years: every model refused",
            csv: "year,coal_kt,methane_mm3\n2012,100,100\n2013,110,120\n",
            ok: &[],
            refusal: "needs at least",
            constant: false,
        },
        DegenerateCase {
            name: "three years: quadratic and gm11 refused",
            csv: "year,coal_kt,methane_mm3\n2012,100,100\n2013,110,120\n2014,125,150\n",
            ok: &["linear", "exponential", "intensity", "rw-drift", "damped"],
            refusal: "needs at least 4 years; the series has 3",
            constant: false,
        },
    ];
    let mut failures = Vec::new();
    for case in &cases {
        let dir = files(&[("data.csv", case.csv)]);
        let mut problems = Vec::new();
        for format in ["csv", "json", "table"] {
            let run = cmmcast_in(
                Some(dir.path()),
                &["fit", "--input", "{dir}/data.csv", "--format", format],
                &[],
            );
            if run.code != Some(0) {
                problems.push(format!(
                    "--format {format}: exit {:?}: {}",
                    run.code, run.stderr
                ));
                continue;
            }
            for token in tokens(&run.stdout) {
                // `-0` is how a zero parameter computed as −0.0 would print.
                if matches!(token, "NaN" | "inf" | "-inf" | "-0") {
                    problems.push(format!("--format {format} output contains {token:?}"));
                }
            }
            if format != "csv" {
                continue;
            }
            match FitTable::parse(&run) {
                Err(e) => problems.push(e),
                Ok(table) => {
                    problems.extend(table.problems(case.constant));
                    if table.models() != MENU {
                        problems.push(format!("models {:?}", table.models()));
                    }
                    for row in &table.rows {
                        let model = table.field(row, "model");
                        let status = table.field(row, "status");
                        let should_fit = case.ok.contains(&model);
                        if should_fit && status != "ok" {
                            problems.push(format!("{model}: {status}"));
                        }
                        let refused =
                            status.starts_with("refused: ") && status.contains(case.refusal);
                        if !should_fit && !refused {
                            problems.push(format!(
                                "{model}: status {status:?}, expected a refusal with {:?}",
                                case.refusal
                            ));
                        }
                    }
                }
            }
        }
        collect(&mut failures, case.name, problems);
    }
    report("degenerate cases", cases.len(), failures);
}

#[test]
fn fit_of_several_sites_has_a_site_column_and_one_block_per_site() {
    let dir = files(&[(
        "mines.csv",
        "site,year,methane_mm3\nZeta,2012,50\nZeta,2013,55\nZeta,2014,61\nZeta,2015,66\n\
         Alpha,2012,80\nAlpha,2013,84\nAlpha,2014,90\nAlpha,2015,97\nAlpha,2016,101\n",
    )]);
    let run = cmmcast_in(
        Some(dir.path()),
        &["fit", "--input", "{dir}/mines.csv", "--format", "csv"],
        &[],
    );
    let table = FitTable::parse(&run).expect("fit runs");
    assert_eq!(table.header.join(","), format!("site,{HEADER}"));
    let keys: Vec<(&str, &str)> = table
        .rows
        .iter()
        .map(|r| (table.field(r, "site"), table.field(r, "model")))
        .collect();
    let expected: Vec<(&str, &str)> = ["Alpha", "Zeta"]
        .iter()
        .flat_map(|s| MENU.iter().map(move |m| (*s, *m)))
        .collect();
    assert_eq!(keys, expected);
    // Intensity is refused at both sites (no coal). Alpha's 5 years give linear and
    // exponential an AICc, so its weights sum to 1; Zeta's 4 years give no model an AICc
    // (n ≤ K + 1), so it has no weights at all.
    for (site, weighed) in [("Alpha", true), ("Zeta", false)] {
        let rows: Vec<&Vec<String>> = table
            .rows
            .iter()
            .filter(|r| table.field(r, "site") == site)
            .collect();
        let weights: Vec<f64> = rows
            .iter()
            .filter_map(|r| table.number(r, "weight").ok().flatten())
            .collect();
        let total: f64 = weights.iter().sum();
        if weighed {
            assert!(
                (total - 1.0).abs() <= 1e-12,
                "{site}: weights sum to {total}"
            );
        } else {
            assert!(
                weights.is_empty(),
                "{site}: weights {weights:?} without AICc"
            );
        }
        let intensity = rows
            .iter()
            .find(|r| table.field(r, "model") == "intensity")
            .expect("intensity row");
        assert!(
            table
                .field(intensity, "status")
                .starts_with("refused: intensity needs the coal_kt series"),
            "{site}: {}",
            table.field(intensity, "status")
        );
    }
}

/// The row checks must be able to fail.
#[test]
fn the_row_checks_reject_bad_rows() {
    let run = Run {
        code: Some(0),
        stdout: format!(
            "{HEADER}\nlinear,a=1,NaN,3,4,5,0.7,ok\nexponential,a=inf,0.9,,,5,0.2,ok\n\
             quadratic,,,,,,,maybe\ngm11,,,,1,,,refused: x\n"
        ),
        stderr: String::new(),
        ..Run::default()
    };
    let table = FitTable::parse(&run).expect("parses");
    let problems = table.problems(false).join("\n");
    for expected in [
        "linear: r2 `NaN`",
        "exponential: parameters `a=inf`",
        "exponential: loo_rmse is empty",
        "quadratic: status `maybe`",
        "gm11: refused but loo_rmse is filled",
        "sum to 0.8999",
    ] {
        assert!(
            problems.contains(expected),
            "{expected:?} not in:\n{problems}"
        );
    }
}

/// `fit` says what its AICc and LOO columns cannot tell on a few years, and where the default
/// was chosen instead, in its notes (the table's lines before the rows).
#[test]
fn fit_says_what_aicc_and_loo_cannot_tell() {
    let run = cmmcast(&["fit"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for phrase in [
        "neither can tell how often such a trend breaks",
        "chosen out of sample on real production series",
        "cmmcast backtest --reference",
    ] {
        assert!(
            run.stdout.contains(phrase),
            "{phrase:?} not in {}",
            run.stdout
        );
    }
}
