//! Several mines, one plant, from the command line: every command that goes through the plant
//! agrees on the combined feed, and every refusal of the feature is one sentence.
//!
//! The example data/examples/two-mines.toml: North (2012–2016) and South (2012–2017) feed the
//! "Valley plant", 12 MW at availability 0.9, given once on North. The plant is short of
//! capacity every year: at full load it burns 12 MW x 0.9 x 8760 h x 3600 MJ/MWh / 0.38 /
//! 33.43 MJ/m3 = 26.81 million m3 of the 70–110 drained, so electricity is 12 x 0.9 x 8760 h =
//! 94,608 MWh a year whatever the gas.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{
    Catalogue, Csv, PANIC_WORDS, banned_words, cmmcast_in, collect, files, missing_phrases,
    refusal_form_problems, report, with_stderr,
};

const TWO_MINES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/examples/two-mines.toml"
);

/// The year compared.
const YEAR: &str = "2020";

fn run(dir: Option<&Path>, args: &[&str]) -> String {
    let run = cmmcast_in(dir, args, &[]);
    assert_eq!(run.code, Some(0), "cmmcast {args:?}: {}", run.stderr);
    run.stdout
}

fn cell(csv: &Csv, keys: &[(&str, &str)], column: &str) -> f64 {
    let row = csv
        .rows
        .iter()
        .find(|r| {
            keys.iter()
                .all(|(k, v)| r[csv.index(k).expect("key column")] == *v)
        })
        .unwrap_or_else(|| panic!("no row {keys:?}"));
    row[csv.index(column).expect("column")]
        .parse()
        .expect("a number")
}

/// project's central numbers are simulate's central case and economics' on the combined feed,
/// and forecast's point is project's methane.
#[test]
fn every_command_agrees_on_a_plant_fed_by_two_mines() {
    let input = ["--input", TWO_MINES];
    let with = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(input);
        Csv::parse(&run(None, &all)).expect("CSV")
    };
    let project = with(&["project", "--format", "csv"]);
    let site = ("site", "Valley plant");
    let year = ("year", YEAR);
    let gwh = cell(&project, &[site, year], "electricity_gwh");
    let hand = 12.0 * 0.9 * 8760.0 / 1000.0;
    assert!((gwh - hand).abs() < 1e-9 * hand, "{gwh}");

    // forecast's point is project's methane (plan adherence's median is 1).
    let forecast = with(&["forecast", "--format", "csv"]);
    let point = cell(&forecast, &[site, year], "point");
    assert_eq!(point, cell(&project, &[site, year], "methane_mm3"));

    // simulate: the p50 within 4 Monte Carlo standard errors of project.
    let simulate = with(&["simulate", "--paths", "20000", "--format", "csv"]);
    let q = ("quantity", "electricity_gwh");
    let (p50, se) = (
        cell(&simulate, &[site, year, q], "p50"),
        cell(&simulate, &[site, year, q], "se_p50"),
    );
    assert!((p50 - gwh).abs() <= 4.0 * se + 1e-9, "p50 {p50} (se {se})");

    // economics: the same year's net electricity (no parasitic load by default), MWh.
    let economics = with(&["economics", "--format", "csv"]);
    let mwh = cell(&economics, &[site, year], "electricity_net_mwh");
    assert!((mwh - hand * 1000.0).abs() < 1e-6, "{mwh}");

    // size: one 2 MW engine always has gas (the plant's 70-110 million m3 a year are hundreds
    // of engines' worth), so its capacity factor is the availability; the mean over 2,000 paths
    // of a pert(0.85, 0.90, 0.95) is 0.90 within 4 x sd / sqrt(n), sd at most the half-width
    // 0.05: 0.0045.
    let size = with(&[
        "size",
        "--paths",
        "2000",
        "--max-engines",
        "3",
        "--format",
        "csv",
    ]);
    let cf = cell(&size, &[site, ("engines", "1")], "capacity_factor");
    assert!((cf - 0.9).abs() < 4.0 * 0.05 / 2000f64.sqrt(), "{cf}");

    // The tornado's base case is project's year.
    let mut args = vec![
        "simulate",
        "--tornado",
        "--tornado-year",
        YEAR,
        "--format",
        "json",
    ];
    args.extend(input);
    let tornado: Value = serde_json::from_str(&run(None, &args)).expect("JSON");
    let base = tornado["meta"]["tornado"]["sites"][0]["base"]["value"]
        .as_f64()
        .expect("base");
    assert!((base - gwh).abs() < 1e-9 * gwh);
}

/// meta states the mines, the dependence and its value; moving together (ρ = 1) spreads the
/// plant's methane wider than independent mines (ρ = 0), whose deviations partly cancel.
#[test]
fn the_dependence_is_stated_and_can_be_set() {
    let simulate = |rho: &str| -> Value {
        serde_json::from_str(&run(
            None,
            &[
                "simulate",
                "--input",
                TWO_MINES,
                "--paths",
                "4000",
                "--mine-correlation",
                rho,
                "--format",
                "json",
            ],
        ))
        .expect("JSON")
    };
    let spread = |v: &Value| {
        let row = v["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["year"] == 2030 && r["quantity"] == "methane_mm3")
            .expect("2030 methane");
        row["p90"].as_f64().expect("p90") - row["p10"].as_f64().expect("p10")
    };
    let together = simulate("1");
    let apart = simulate("0");
    let mines = &together["meta"]["mines"][0];
    assert_eq!(mines["plant"], "Valley plant");
    assert_eq!(mines["mines"][0]["name"], "North");
    assert_eq!(mines["mines"][1]["last_year"], 2017);
    assert_eq!(apart["meta"]["mines"][0]["mine_correlation"], 0.0);
    assert!(
        mines["dependence"]
            .as_str()
            .expect("a rule")
            .contains("Spearman")
    );
    assert!(spread(&together) > spread(&apart));
    // Without the flag, the default and its reason.
    let project: Value = serde_json::from_str(&run(
        None,
        &["project", "--input", TWO_MINES, "--format", "json"],
    ))
    .expect("JSON");
    assert_eq!(project["meta"]["mines"][0]["mine_correlation"], 1.0);
    assert!(
        project["meta"]["mines"][0]["mine_correlation_source"]
            .as_str()
            .expect("source")
            .starts_with("assumption")
    );
}

/// --combine puts every site of a file on one plant; --site may name the plant or one mine.
#[test]
fn combine_and_site_select_the_plant_or_a_mine() {
    let dir = files(&[(
        "mines.csv",
        "site,year,methane_mm3\nA,2014,10\nA,2015,11\nA,2016,12\nB,2014,20\nB,2015,22\nB,2016,24\n",
    )]);
    let d = Some(dir.path());
    let forecast = |extra: &[&str]| {
        let mut args = vec![
            "forecast",
            "--input",
            "{dir}/mines.csv",
            "--model",
            "linear",
            "--to",
            "2017",
            "--format",
            "csv",
        ];
        args.extend(extra);
        Csv::parse(&run(d, &args)).expect("CSV")
    };
    // Exact lines: A reaches 13 in 2017, B 26; the plant 39.
    let plant = forecast(&["--combine"]);
    assert_eq!(plant.rows.len(), 1);
    assert!((cell(&plant, &[("site", "A + B")], "point") - 39.0).abs() < 1e-9);
    let alone = forecast(&["--combine", "--site", "B"]);
    assert!((cell(&alone, &[("year", "2017")], "point") - 26.0).abs() < 1e-9);
    let apart = forecast(&[]);
    assert_eq!(apart.rows.len(), 2);
}

#[test]
fn bad_mine_input_is_refused_with_one_sentence() {
    let plant = "[[sites]]\nname = \"North\"\nplant_name = \"Valley\"\nplant_capacity_mw = 10\n\
        rows = [{ year = 2015, methane_mm3 = 10 }, { year = 2016, methane_mm3 = 11 }, \
        { year = 2017, methane_mm3 = 12 }]\n\
        [[sites]]\nname = \"South\"\nplant_name = \"Valley\"\n";
    let south_rows = "rows = [{ year = 2015, methane_mm3 = 5 }, { year = 2016, methane_mm3 = 6 }, \
        { year = 2017, methane_mm3 = 7 }]\n";
    let disagree = format!("{plant}plant_capacity_mw = 12\n{south_rows}");
    let clash =
        format!("{plant}{south_rows}").replace("plant_name = \"Valley\"", "plant_name = \"North\"");
    let two_plants = format!("{plant}{south_rows}").replacen(
        "plant_name = \"Valley\"",
        "plant_name = \"Hill\"",
        1,
    );
    let dry =
        format!("{plant}rows = [{{ year = 2015, coal_kt = 5 }}, {{ year = 2016, coal_kt = 6 }}]\n");
    let fine = format!("{plant}{south_rows}");
    let cases: Vec<(&str, String, Vec<&str>, Vec<&str>)> = vec![
        (
            "plant facts that disagree",
            disagree,
            vec!["project"],
            vec![
                "sites \"North\" and \"South\"",
                "different plant facts",
                "on one of them only",
            ],
        ),
        (
            "a plant named like a site",
            clash,
            vec!["project"],
            vec![
                "plant \"North\" has the name of a site",
                "a name of its own",
            ],
        ),
        (
            "--combine over two named plants",
            two_plants,
            vec!["simulate", "--combine"],
            vec!["2 plants (Hill, Valley)", "leave out --combine"],
        ),
        (
            "a mine without methane",
            dry,
            vec!["size"],
            vec!["site \"South\" feeds plant \"Valley\"", "no methane_mm3"],
        ),
        (
            "a mine correlation above 1",
            fine.clone(),
            vec!["project", "--mine-correlation", "1.5"],
            vec!["--mine-correlation 1.5 is not allowed", "from 0"],
        ),
        (
            "a negative mine correlation",
            fine.clone(),
            vec!["forecast", "--mine-correlation", "-0.2"],
            vec!["--mine-correlation -0.2 is not allowed"],
        ),
        (
            "a mine too short for its model",
            format!("{plant}rows = [{{ year = 2017, methane_mm3 = 5 }}]\n"),
            vec!["project"],
            vec!["site \"Valley\": mine \"South\": damped needs at least 3 years"],
        ),
        (
            "a mine correlation above 1 in the plant's facts",
            format!("{plant}{south_rows}").replacen(
                "plant_capacity_mw = 10\n",
                "plant_capacity_mw = 10\nplant = { mine_correlation = 1.5 }\n",
                1,
            ),
            vec!["simulate"],
            vec![
                "mine_correlation 1.5 (from the site facts) is not allowed",
                "from 0",
            ],
        ),
        (
            "a coal forecast of a plant of two mines",
            fine.clone(),
            vec!["forecast", "--series", "coal"],
            vec![
                "plant \"Valley\" burns the summed methane of its mines (North, South)",
                "--site NAME",
            ],
        ),
        (
            "the NPV tornado of a plant of two mines",
            fine,
            vec!["economics", "--tornado"],
            vec![
                "plant \"Valley\" is fed by several (North, South)",
                "--site NAME",
            ],
        ),
    ];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("bad_mine_input_is_refused_with_one_sentence");
    for (name, text, command, phrases) in &cases {
        let dir = files(&[("mines.toml", text)]);
        let mut args = command.clone();
        args.extend(["--input", "{dir}/mines.toml"]);
        let run = cmmcast_in(Some(dir.path()), &args, &[]);
        catalogue.add_with_files(name, &run, &[("mines.toml", text.as_bytes())]);
        let mut problems = refusal_form_problems(&run);
        problems.extend(missing_phrases(&run.stderr, phrases));
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        collect(&mut failures, name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("refusals", cases.len(), failures);
}

/// The report of a plant fed by two mines: its tables are the commands' with the same flags,
/// its models table weighs each mine, and its summary states the mines and the dependence.
#[test]
fn the_report_of_a_plant_is_its_commands() {
    let dir = files(&[]);
    let d = Some(dir.path());
    run(
        d,
        &[
            "report",
            "--input",
            TWO_MINES,
            "--out",
            "{dir}/report",
            "--paths",
            "2000",
            "--size-paths",
            "200",
            "--economics-paths",
            "500",
            "--mine-correlation",
            "0.5",
        ],
    );
    let read =
        |name: &str| std::fs::read_to_string(dir.path().join("report").join(name)).expect(name);
    let body = |text: &str| text.lines().skip(1).map(str::to_string).collect::<Vec<_>>();
    let project = run(
        None,
        &[
            "project",
            "--input",
            TWO_MINES,
            "--mine-correlation",
            "0.5",
            "--format",
            "csv",
        ],
    );
    // The commands have a site column (the file holds two sites); a report covers one plant.
    let without_site = |text: &str| -> Vec<String> {
        body(text)
            .iter()
            .map(|l| l.split_once(',').expect("a site column").1.to_string())
            .collect()
    };
    assert_eq!(body(&read("projection.csv")), without_site(&project));
    let simulate = run(
        None,
        &[
            "simulate",
            "--input",
            TWO_MINES,
            "--paths",
            "2000",
            "--mine-correlation",
            "0.5",
            "--format",
            "csv",
        ],
    );
    assert_eq!(body(&read("simulation.csv")), without_site(&simulate));
    let models = Csv::parse(&read("models.csv")).expect("CSV");
    let site = models.index("site").expect("a site column");
    assert!(models.rows.iter().any(|r| r[site] == "North"));
    assert!(models.rows.iter().any(|r| r[site] == "South"));
    let page = read("report.html");
    assert!(page.contains("The plant is fed by 2 mines (North, damped; South, damped)"));
    assert!(page.contains("correlated at 0.5 (given)"));
}
