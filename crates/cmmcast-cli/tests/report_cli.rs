//! `cmmcast report` from the outside: the files it writes (every chart as SVG, CSV and JSON, the
//! other tables, report.html and the manifest), that each table is what the matching command
//! prints with the same flags (so the report holds no numbers of its own), that a second run
//! replaces its own report byte for byte, that a run killed while it computes leaves the previous
//! report as it was, and the refusals: a folder holding someone else's
//! files (unless --force), a file given as the folder, several sites without --site, and bad
//! report flags, none of which leaves anything behind.
//!
//! Runs use small path counts (`--paths 2000 --size-paths 200 --economics-paths 500 --to 2020`,
//! with `--lifetime-years 4`, the years up to 2020) so debug builds stay quick; the browser test is in `report_browser.rs`, the calibration figure's numbers and words
//! against `cmmcast backtest --reference` in `report_calibration.rs`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{
    Catalogue, Csv, PANIC_WORDS, Run, banned_words, cmmcast, cmmcast_in, collect, files,
    missing_phrases, refusal_form_problems, report, with_stderr,
};
use serde_json::Value;

/// The quick run: 2,000 simulated paths, 200 sizing paths, 500 valued paths, forecast years
/// 2017 to 2020 and a plant lifetime of those 4 years.
const QUICK: [&str; 10] = [
    "--paths",
    "2000",
    "--size-paths",
    "200",
    "--economics-paths",
    "500",
    "--to",
    "2020",
    "--lifetime-years",
    "4",
];

/// Every file of a report, the manifest last.
const FILES: [&str; 32] = [
    "report.html",
    "forecast.svg",
    "forecast.csv",
    "forecast.json",
    "calibration.svg",
    "calibration.csv",
    "calibration.json",
    "power.svg",
    "power.csv",
    "power.json",
    "sizing.svg",
    "sizing.csv",
    "sizing.json",
    "tornado.svg",
    "tornado.csv",
    "tornado.json",
    "economics.svg",
    "economics.csv",
    "economics.json",
    "npv-distribution.svg",
    "npv-distribution.csv",
    "npv-distribution.json",
    "npv-engines.svg",
    "npv-engines.csv",
    "npv-engines.json",
    "simulation.csv",
    "simulation.json",
    "models.csv",
    "models.json",
    "projection.csv",
    "projection.json",
    ".cmmcast-report",
];

/// `cmmcast report --out OUT QUICK EXTRA`.
fn run_report(out: &Path, extra: &[&str]) -> Run {
    let out = out.display().to_string();
    let mut args = vec!["report", "--out", out.as_str()];
    args.extend(QUICK);
    args.extend(extra);
    cmmcast(&args)
}

/// Every file in `dir` with its contents.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("the report folder")
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("a readable file"),
            )
        })
        .collect()
}

/// A file of the report as text.
fn text(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Problems with a successful run: exit 0, nothing on stderr.
fn success_problems(run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    if run.code != Some(0) {
        problems.push(format!("exit code {:?}, expected 0", run.code));
    }
    if !run.stderr.is_empty() {
        problems.push(format!("stderr is not empty: {:?}", run.stderr));
    }
    problems
}

#[test]
fn writes_every_file_into_a_new_folder_and_lists_them() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("new").join("report");
    let run = run_report(&out, &[]);
    assert!(
        success_problems(&run).is_empty(),
        "{:?}",
        success_problems(&run)
    );

    let listed: Vec<String> = run.stdout.lines().map(str::to_string).collect();
    let expected: Vec<String> = FILES
        .iter()
        .map(|f| out.join(f).display().to_string())
        .collect();
    assert_eq!(listed, expected, "stdout lists the files written");
    let mut names: Vec<String> = contents(&out).into_keys().collect();
    names.sort();
    let mut wanted: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
    wanted.sort();
    assert_eq!(
        names, wanted,
        "the folder holds the report and nothing else"
    );

    let manifest = text(&out, ".cmmcast-report");
    let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        listed,
        FILES[..FILES.len() - 1],
        "the manifest names every file"
    );

    let mut failures = Vec::new();
    for name in FILES.iter().filter(|f| f.ends_with(".json")) {
        let problems = match serde_json::from_str::<Value>(&text(&out, name)) {
            Ok(json) => {
                let mut p = Vec::new();
                if json["rows"].as_array().is_none_or(|r| r.is_empty()) {
                    p.push("no rows".to_string());
                }
                if json["meta"]["cmmcast_version"] != env!("CARGO_PKG_VERSION") {
                    p.push("meta lacks the version".into());
                }
                p
            }
            Err(e) => vec![format!("not JSON: {e}")],
        };
        collect(&mut failures, name, problems);
    }
    for name in FILES.iter().filter(|f| f.ends_with(".csv")) {
        let problems = match Csv::parse(&text(&out, name)) {
            Ok(csv) if !csv.rows.is_empty() => Vec::new(),
            Ok(_) => vec!["no rows".to_string()],
            Err(e) => vec![e],
        };
        collect(&mut failures, name, problems);
    }
    for (name, title) in [
        ("forecast.svg", "Songzao: methane drainage forecast"),
        (
            "calibration.svg",
            "How often the intervals held on real series",
        ),
        ("power.svg", "Songzao: electricity and utilization"),
        (
            "sizing.svg",
            "Songzao: engines of 2 MW under daily gas flow, 2017-2020",
        ),
        (
            "tornado.svg",
            "Songzao: what moves electricity_gwh in 2020 (tornado)",
        ),
        ("economics.svg", "<title>Cash flow by year</title>"),
        (
            "npv-distribution.svg",
            "<title>NPV over the simulated paths</title>",
        ),
        (
            "npv-engines.svg",
            "<title>NPV against the number of engines</title>",
        ),
    ] {
        let svg = text(&out, name);
        let mut problems = Vec::new();
        if !svg.starts_with("<svg ") || !svg.trim_end().ends_with("</svg>") {
            problems.push("not an SVG document".to_string());
        }
        if !svg.contains(title) {
            problems.push(format!("no title {title:?}"));
        }
        collect(&mut failures, name, problems);
    }
    report("report files", FILES.len(), failures);
}

#[test]
fn the_page_holds_the_charts_tables_assumptions_and_how_to_reproduce() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("r");
    let run = run_report(&out, &["--seed", "7"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = text(&out, "report.html");
    let mut problems = Vec::new();
    for (chart, file) in [
        ("forecast", "forecast"),
        ("calibration", "calibration"),
        ("power", "power"),
        ("sizing", "sizing"),
        ("tornado", "tornado"),
        ("cash-flow", "economics"),
        ("npv-distribution", "npv-distribution"),
        ("npv-engines", "npv-engines"),
    ] {
        let figure = format!("<figure id=\"chart-{chart}\">\n<svg role=\"img\"");
        if !html.contains(&figure) {
            problems.push(format!("no inline {chart} chart"));
        }
        // The inline chart is the file's chart.
        let svg = text(&out, &format!("{file}.svg"));
        let body = svg.split_once('\n').map_or("", |(_, rest)| rest);
        if !html.contains(body) {
            problems.push(format!("the inline {chart} chart differs from {file}.svg"));
        }
    }
    problems.extend(missing_phrases(
        &html,
        &[
            "<style>",
            "default-src 'none'",
            "id=\"table-models\"",
            "id=\"table-projection\"",
            "id=\"table-simulation\"",
            "id=\"assumptions\"",
            "id=\"provenance\"",
            "id=\"reproduce\"",
            // Every assumption with its source: a plant value, a constant, a scenario input, the
            // sizing rule.
            "<td>efficiency</td><td>0.38</td><td>fraction of LHV</td><td>assumption:",
            "<td>lhv_mj_per_m3</td><td>33.43</td><td>MJ/m3</td><td>ISO 6976:2016",
            "<td>uncertain input</td><td>availability</td><td>pert(min 0.85, mode 0.9, max 0.95), drawn once per path</td><td></td><td>scenario &quot;Songzao default&quot;",
            "<td>min_capacity_factor</td><td>0.6</td>",
            // The economics: the measures and the distribution in words, every economic value
            // with its source, the draws, the conventions.
            "<section id=\"economics\">\n<h2>Economics</h2>",
            "NPV ",
            "at 8.0 % real; IRR ",
            "Over 500 paths (seed 7): NPV p10 ",
            "P(NPV &lt; 0) = ",
            "<td>economic</td><td>tariff_per_mwh</td><td>623.6</td><td>currency per net MWh</td><td>national average coal-fired benchmark",
            "<td>economic</td><td>lifetime_years</td><td>4.0</td><td>operating years</td><td>given",
            "<td>uncertain economic value</td><td>capex_per_kw</td><td>",
            "<td>rule</td><td>cash flows</td><td>real terms in one currency;",
            "<dt>economics paths</dt><dd>500</dd>",
            // The data's provenance.
            "Table 1: plan for coal and mine methane at the mines of the Songzao coal field",
            "pure CH4 equivalent at 20 °C, 101.325 kPa (assumption)",
            // What it takes to reproduce it.
            "cmmcast report --out",
            "--seed 7",
            concat!("<dt>cmmcast version</dt><dd>", env!("CARGO_PKG_VERSION"), "</dd>"),
            "<dt>seed</dt><dd>7</dd>",
            "<dt>simulation paths</dt><dd>2,000</dd>",
        ],
    ));
    for fetch in [
        "<script", "<link", "<img", "src=", "url(", "@import", "http://", "https://",
    ] {
        let allowed = "http://www.w3.org/2000/svg";
        if html.replace(allowed, "").contains(fetch) {
            problems.push(format!("the page contains {fetch}: it must fetch nothing"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Rows of a CSV keyed by `key` (`year`, `engines`, ...), the other columns by name.
fn by_key(csv: &str, key: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let csv = Csv::parse(csv).expect("CSV");
    let k = csv.index(key).expect("key column");
    csv.rows
        .iter()
        .map(|row| {
            (
                row[k].clone(),
                csv.header
                    .iter()
                    .cloned()
                    .zip(row.iter().cloned())
                    .collect(),
            )
        })
        .collect()
}

/// `cmmcast ARGS QUICK-for-that-command --format csv`, which must succeed.
fn command_csv(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let run = cmmcast(&all);
    assert_eq!(run.code, Some(0), "cmmcast {all:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn every_table_is_what_the_matching_command_prints() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("r");
    let run = run_report(&out, &["--add", "2019:10", "--unit-mw", "5"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let plant = ["--add", "2019:10", "--unit-mw", "5"];
    let with = |command: &[&str], extra: &[&str]| -> String {
        let mut args = command.to_vec();
        args.extend(extra);
        args.extend(plant);
        command_csv(&args)
    };
    let mut problems = Vec::new();
    // Byte for byte: the simulation, the tornado, the model comparison and the projection.
    for (file, expected) in [
        (
            "simulation.csv",
            with(&["simulate", "--paths", "2000", "--to", "2020"], &[]),
        ),
        (
            "tornado.csv",
            with(&["simulate", "--tornado", "--to", "2020"], &[]),
        ),
        ("models.csv", command_csv(&["fit"])),
        ("projection.csv", with(&["project", "--to", "2020"], &[])),
        (
            "economics.csv",
            with(&["economics", "--to", "2020", "--lifetime-years", "4"], &[]),
        ),
    ] {
        if text(&out, file) != expected {
            problems.push(format!("{file} differs from the command's output"));
        }
    }
    // The sizing: `cmmcast size`'s columns, with the recommended row marked.
    let size = by_key(
        &with(
            &[
                "size",
                "--paths",
                "200",
                "--to",
                "2020",
                "--lifetime-years",
                "4",
            ],
            &[],
        ),
        "engines",
    );
    let sizing = by_key(&text(&out, "sizing.csv"), "engines");
    if size.len() != sizing.len() {
        problems.push(format!(
            "sizing.csv has {} rows, size {}",
            sizing.len(),
            size.len()
        ));
    }
    for column in ["capacity_factor", "capacity_factor_p10", "recommended"] {
        if !sizing.values().all(|row| row.contains_key(column)) {
            problems.push(format!("sizing.csv has no {column} column"));
        }
    }
    for (engines, row) in &size {
        // The report sizes as `size` does with the same economics (its lifetime of 4 years
        // fits before --to, so both recommend by value), the recommended row included; the
        // value columns are in npv-engines.csv, checked with the economics.
        let page = sizing.get(engines);
        for (column, value) in row {
            if page.is_some_and(|r| !r.contains_key(column)) {
                continue;
            }
            if page.and_then(|r| r.get(column)) != Some(value) {
                problems.push(format!(
                    "sizing.csv, {engines} engines, {column} is not {value}"
                ));
            }
        }
    }
    // The forecast's bounds are `cmmcast forecast`'s; its simulated percentiles the
    // simulation's methane; its data the plan.
    let forecast = by_key(&command_csv(&["forecast", "--to", "2020"]), "year");
    let chart = by_key(&text(&out, "forecast.csv"), "year");
    for (year, row) in &forecast {
        for (ours, theirs) in [
            ("lower_80_mm3", "lower_80"),
            ("upper_80_mm3", "upper_80"),
            ("lower_95_mm3", "lower_95"),
            ("upper_95_mm3", "upper_95"),
        ] {
            if chart.get(year).and_then(|r| r.get(ours)) != row.get(theirs) {
                problems.push(format!(
                    "forecast.csv {year} {ours} is not forecast's {theirs}"
                ));
            }
        }
    }
    let simulation = Csv::parse(&text(&out, "simulation.csv")).expect("CSV");
    let (q, p10) = (
        simulation.index("quantity").expect("quantity"),
        simulation.index("p10").expect("p10"),
    );
    for row in simulation.rows.iter().filter(|r| r[q] == "methane_mm3") {
        if chart.get(&row[0]).and_then(|r| r.get("simulated_p10_mm3")) != Some(&row[p10]) {
            problems.push(format!(
                "forecast.csv {} simulated_p10_mm3 is not the simulation's",
                row[0]
            ));
        }
    }
    for (year, plan) in [("2012", "222.94"), ("2016", "304.84")] {
        if chart
            .get(year)
            .and_then(|r| r.get("data_mm3"))
            .map(String::as_str)
            != Some(plan)
        {
            problems.push(format!(
                "forecast.csv {year} data_mm3 is not the plan's {plan}"
            ));
        }
    }
    // The power chart's deterministic columns are the projection's, capacity with the addition.
    let projection = by_key(&text(&out, "projection.csv"), "year");
    let power = by_key(&text(&out, "power.csv"), "year");
    for (year, row) in &projection {
        for column in ["electricity_gwh", "utilization", "capacity_mw"] {
            if power.get(year).and_then(|r| r.get(column)) != row.get(column) {
                problems.push(format!("power.csv {year} {column} is not the projection's"));
            }
        }
    }
    let capacity = |year: &str| power.get(year).and_then(|r| r.get("capacity_mw")).cloned();
    if capacity("2018").as_deref() != Some("26.9") || capacity("2019").as_deref() != Some("36.9") {
        problems.push("power.csv capacity_mw does not include the 2019 addition".into());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_second_run_replaces_its_own_report_byte_for_byte() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("r");
    assert_eq!(run_report(&out, &[]).code, Some(0));
    let first = contents(&out);
    let again = run_report(&out, &[]);
    assert!(
        success_problems(&again).is_empty(),
        "{:?}",
        success_problems(&again)
    );
    assert_eq!(
        contents(&out),
        first,
        "the same command writes the same bytes"
    );
}

#[test]
fn a_run_killed_while_simulating_leaves_the_previous_report_intact() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("r");
    assert_eq!(run_report(&out, &[]).code, Some(0));
    let before = contents(&out);
    // A long simulation, killed a moment after it starts: the report is computed in memory
    // before anything is written, so nothing in the folder may change.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cmmcast"))
        .args([
            "report",
            "--out",
            &out.display().to_string(),
            "--paths",
            // The most allowed: many seconds of simulation at any speed this tool has had.
            "50000000",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("cmmcast starts");
    std::thread::sleep(std::time::Duration::from_millis(700));
    let finished = child.try_wait().expect("waitable").is_some();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        !finished,
        "the run ended before it could be interrupted; use more paths"
    );
    assert_eq!(contents(&out), before, "the previous report changed");
}

#[test]
fn extra_percentiles_join_the_charts_ones() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("r");
    let run = run_report(&out, &["--percentiles", "95,5"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let csv = Csv::parse(&text(&out, "simulation.csv")).expect("CSV");
    assert_eq!(
        csv.header[2..7],
        ["p5", "p10", "p50", "p90", "p95"],
        "the charts' percentiles are always there, all in order"
    );
}

#[test]
fn force_writes_beside_someone_elses_files_and_leaves_them() {
    let dir = files(&[("notes.txt", "mine")]);
    // The catalogue's command line (from before the report valued the plant): with its --to
    // and no lifetime the economics is left out, and the folder refused all the same.
    let folder = dir.path().display().to_string();
    let refused = cmmcast(&[
        "report",
        "--out",
        &folder,
        "--paths",
        "2000",
        "--size-paths",
        "200",
        "--to",
        "2020",
    ]);
    let mut problems = refusal_form_problems(&refused);
    problems.extend(missing_phrases(
        &refused.stderr,
        &["did not write (notes.txt)", "--force", "--out"],
    ));
    let mut catalogue = Catalogue::new("force_writes_beside_someone_elses_files_and_leaves_them");
    // `run_report` names the folder itself: the catalogue writes it DIR.
    let shown = Run {
        dir: Some(dir.path().to_path_buf()),
        ..refused.clone()
    };
    catalogue.add("a folder holding a file the report did not write", &shown);
    problems.extend(catalogue.finish());
    assert!(
        problems.is_empty(),
        "{}",
        with_stderr(problems, &refused).join("\n")
    );
    assert_eq!(
        contents(dir.path()).len(),
        1,
        "nothing written when refused"
    );

    let forced = run_report(dir.path(), &["--force"]);
    assert_eq!(forced.code, Some(0), "{}", forced.stderr);
    let after = contents(dir.path());
    assert_eq!(after.len(), FILES.len() + 1);
    assert_eq!(
        after.get("notes.txt").map(Vec::as_slice),
        Some(&b"mine"[..])
    );
}

/// One refusal: the arguments after `report --out {dir}/out --paths 2000 --to 2020` (no `--out {dir}/out` when
/// they give their own), input files, and what stderr must say.
struct Refusal {
    name: &'static str,
    args: &'static [&'static str],
    inputs: &'static [(&'static str, &'static str)],
    expect: &'static [&'static str],
}

/// Three sites, so that a report needs --site.
const MINES_CSV: &str = "site,year,coal_kt,methane_mm3\n\
                         North,2012,500,20\nNorth,2013,800,30\nNorth,2014,1000,37\n\
                         South,2012,250,10\nSouth,2013,400,14\nSouth,2014,1200,45\n";

fn refusals() -> Vec<Refusal> {
    vec![
        Refusal {
            name: "several sites without --site",
            args: &["--input", "{dir}/mines.csv"],
            inputs: &[("mines.csv", MINES_CSV)],
            expect: &[
                "2 sites (North, South)",
                "a report covers one",
                "--site NAME",
            ],
        },
        Refusal {
            name: "a tornado year outside the forecast",
            args: &["--tornado-year", "2040"],
            inputs: &[],
            expect: &["2040", "--tornado-year from 2017 to 2020"],
        },
        Refusal {
            name: "standard output as the report's folder",
            args: &["--out", "-"],
            inputs: &[],
            expect: &["--out -", "a folder of files", "give --out a folder name"],
        },
        Refusal {
            name: "no sizing paths",
            args: &["--size-paths", "0"],
            inputs: &[],
            expect: &["--size-paths 0 is not allowed", "between 1 and"],
        },
        Refusal {
            name: "too many sizing values",
            args: &["--size-paths", "5000000", "--max-engines", "1000"],
            inputs: &[],
            expect: &["give fewer --size-paths"],
        },
        Refusal {
            name: "no economics paths",
            args: &["--economics-paths", "0"],
            inputs: &[],
            expect: &["--economics-paths 0 is not allowed", "between 1 and"],
        },
        Refusal {
            name: "a negative tariff",
            args: &["--tariff-per-mwh", "-1"],
            inputs: &[],
            expect: &["--tariff-per-mwh -1 is not allowed"],
        },
        Refusal {
            name: "a minimum load out of range",
            args: &["--min-load", "1.5"],
            inputs: &[],
            expect: &["--min-load 1.5 is not allowed"],
        },
        Refusal {
            name: "an unknown tornado output",
            args: &["--tornado-output", "gold"],
            inputs: &[],
            expect: &["'gold'", "--tornado-output", "electricity_gwh"],
        },
        Refusal {
            name: "a folder that is a file",
            args: &["--out", "{dir}/plain.txt"],
            inputs: &[("plain.txt", "x")],
            expect: &["plain.txt is a file, not a folder"],
        },
    ]
}

#[test]
fn refusals_name_the_flag_and_write_nothing() {
    let cases = refusals();
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("refusals_name_the_flag_and_write_nothing");
    for case in &cases {
        let dir = files(case.inputs);
        let mut args = vec!["report"];
        if !case.args.contains(&"--out") {
            args.extend(["--out", "{dir}/out"]);
        }
        args.extend(["--paths", "2000", "--to", "2020"]);
        args.extend(case.args);
        let run = cmmcast_in(Some(dir.path()), &args, &[]);
        let shown: Vec<(&str, &[u8])> = case
            .inputs
            .iter()
            .map(|(name, text)| (*name, text.as_bytes()))
            .collect();
        catalogue.add_with_files(case.name, &run, &shown);
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, case.expect));
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        if dir.path().join("out").exists() || dir.path().join("-").exists() {
            problems.push("the report folder was created".into());
        }
        collect(&mut failures, case.name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("refusals", cases.len(), failures);
}

/// A lifetime beyond the years up to `--to` cannot be valued (`cmmcast economics` refuses it);
/// the report keeps its other sections and says on the page why the economics is missing.
#[test]
fn a_lifetime_beyond_to_leaves_the_economics_out_and_says_why() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("r");
    let out_arg = out.display().to_string();
    let run = cmmcast(&[
        "report",
        "--out",
        &out_arg,
        "--paths",
        "2000",
        "--size-paths",
        "200",
        "--to",
        "2020",
    ]);
    assert!(
        success_problems(&run).is_empty(),
        "{:?}",
        success_problems(&run)
    );
    let names: Vec<String> = contents(&out).into_keys().collect();
    let economics: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("economics") || n.starts_with("npv"))
        .collect();
    assert!(economics.is_empty(), "economics files: {economics:?}");
    assert_eq!(names.len(), FILES.len() - 9);
    let html = text(&out, "report.html");
    let problems = missing_phrases(
        &html,
        &[
            "<h2>Economics</h2>\n<p>The plant was not valued: a lifetime of 15 years reaches beyond the 4 forecast years up to --to; give --lifetime-years",
            "<li>Economics: the plant was not valued: a lifetime of 15 years",
            // The values are still listed with their sources.
            "<td>economic</td><td>tariff_per_mwh</td><td>623.6</td>",
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
