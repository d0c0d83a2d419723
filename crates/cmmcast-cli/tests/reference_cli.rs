//! `cmmcast backtest --reference`: the model menu on a reference class of real series, with a
//! hand-calculated class, the embedded BP series, and every refusal.

mod common;

use common::{Catalogue, clean_csv, clean_json, cmmcast_in, collect, files, report};

/// Two groups: A a straight line (1, 2, ..., 8), B doubling (1, 2, 4, ..., 128), one column.
const CLASS: &str = "mine,year,methane_mm3
A,2000,1
A,2001,2
A,2002,3
A,2003,4
A,2004,5
A,2005,6
A,2006,7
A,2007,8
B,2000,1
B,2001,2
B,2002,4
B,2003,8
B,2004,16
B,2005,32
B,2006,64
B,2007,128
";

/// Windows of 5 years, 2 ahead, every year: each group has 8 years, so windows start at 2000,
/// 2001 and 2002 (the last with one year after it): 3 windows a group, 6 in all; 6 forecasts
/// one year ahead and 4 two years ahead. Linear forecasts A exactly; exponential forecasts B
/// exactly. The median of linear's absolute percentage errors at one year: A gives 0, 0, 0;
/// B's windows (1..16, 2..32, 4..64) give linear trends whose one-year forecast, by hand, for
/// 1, 2, 4, 8, 16 at x = 0..4 (mean x 2, mean y 6.2, Sxy = -2 - 2 + 0 + 8 + 32 = 36, Sxx = 10,
/// slope 3.6; at x = 5: 6.2 + 3.6 x 3 = 17.0) misses 32 by 15, 46.875 %; the other two windows
/// are the same shape doubled, the same 46.875 %. Sorted: 0, 0, 0, 46.875 x 3: the median is
/// (0 + 46.875) / 2 = 23.4375.
#[test]
fn a_hand_calculated_class() {
    let dir = files(&[("class.csv", CLASS)]);
    let run = cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--reference",
            "{dir}/class.csv",
            "--window",
            "5",
            "--horizon",
            "2",
            "--models",
            "linear,exponential",
            "--format",
            "csv",
        ],
        &[],
    );
    let csv = clean_csv(&run).expect("a clean run");
    assert_eq!(
        csv.header.join(","),
        "method,horizon,n,coverage_80,coverage_95,winkler_80_pct,winkler_95_pct,mdape,mase"
    );
    let row = |method: &str, horizon: &str| {
        csv.rows
            .iter()
            .find(|r| r[0] == method && r[1] == horizon)
            .unwrap_or_else(|| panic!("no {method} {horizon}"))
            .clone()
    };
    assert_eq!(row("linear", "1")[2], "6");
    assert_eq!(row("linear", "2")[2], "4");
    let mdape: f64 = row("linear", "1")[7].parse().expect("a number");
    assert!((mdape - 23.4375).abs() < 1e-9, "{mdape}");
    // Exponential on A's straight line misses; on B it is exact: half its errors are 0.
    let json = clean_json(&cmmcast_in(
        Some(dir.path()),
        &[
            "backtest",
            "--reference",
            "{dir}/class.csv",
            "--window",
            "5",
            "--horizon",
            "2",
            "--format",
            "json",
        ],
        &[],
    ))
    .expect("JSON");
    assert_eq!(json["meta"]["windows_cut"], 6);
    assert_eq!(json["meta"]["groups"], 2);
}

/// The embedded class: national coal and gas production; the note names the source.
#[test]
fn the_embedded_class_is_the_bp_series() {
    let run = cmmcast_in(
        None,
        &[
            "backtest",
            "--reference",
            "--quantity",
            "coal_mt",
            "--models",
            "linear",
            "--horizon",
            "1",
        ],
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("BP Statistical Review of World Energy 2021"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("from 34 series"), "{}", run.stdout);
}

#[test]
fn bad_reference_requests_are_refused_in_one_sentence() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "--window without --reference",
            &["backtest", "--window", "5"],
            &["--window cuts the windows of a reference class and needs --reference"],
        ),
        (
            "--reference with --input",
            &["backtest", "--reference", "--input", "{dir}/class.csv"],
            &["--input belongs to a backtest of the data"],
        ),
        (
            "--window 1",
            &["backtest", "--reference", "--window", "1"],
            &["--window 1 is not allowed", "from 2 to 60"],
        ),
        (
            "--horizon 51",
            &["backtest", "--reference", "--horizon", "51"],
            &["--horizon 51 is not allowed", "from 1 to 50"],
        ),
        (
            "an unknown quantity",
            &["backtest", "--reference", "--quantity", "coal"],
            &["--quantity coal", "has no such column", "coal_mt, gas_bcm"],
        ),
        (
            "a window longer than every series",
            &[
                "backtest",
                "--reference",
                "{dir}/class.csv",
                "--window",
                "8",
            ],
            &["no run of 8 consecutive positive years followed by one more"],
        ),
        (
            "a bad value in the file",
            &["backtest", "--reference", "{dir}/bad.csv"],
            &["bad.csv, line 3: field methane_mm3: `x` is not a finite number"],
        ),
        (
            "a missing file",
            &["backtest", "--reference", "{dir}/missing.csv"],
            &["missing.csv"],
        ),
    ];
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("bad_reference_requests_are_refused_in_one_sentence");
    for (name, args, expect) in cases {
        let bad = "mine,year,methane_mm3\nA,2000,1\nA,2001,x\n";
        let dir = files(&[("class.csv", CLASS), ("bad.csv", bad)]);
        let run = cmmcast_in(Some(dir.path()), args, &[]);
        let shown: Vec<(&str, &[u8])> = if name.contains("bad value") {
            vec![("bad.csv", bad.as_bytes())]
        } else {
            Vec::new()
        };
        catalogue.add_with_files(name, &run, &shown);
        let mut problems = common::refusal_form_problems(&run);
        problems.extend(common::missing_phrases(&run.stderr, expect));
        collect(&mut failures, name, common::with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("reference refusals", cases.len(), failures);
}
