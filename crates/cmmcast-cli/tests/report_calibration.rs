//! The report's calibration figure and its words (issue 13, item 8), from the outside:
//!
//! - the figure comes right after the forecast figure, with "How the intervals were made" after
//!   its caption and in the contents;
//! - its numbers are those `cmmcast backtest --reference --window W --min-level 1 --full-outcome
//!   --models auto` prints for both methods, W being the site's known years clamped to 5..=10
//!   (Songzao's plan: 5; a site of 12 years: 10, and the caption says it used another length);
//! - the words say how often the intervals held with the backtest's numbers, not pasted ones;
//! - the forecast figure's caption names the interval method the bands were drawn with:
//!   calibrated by default, and with `--intervals model` the method `cmmcast forecast
//!   --intervals model` reports.
//!
//! Runs use small path counts, as `report_cli.rs`; the check itself runs whole (a few seconds
//! in a debug build).

mod common;

use std::path::Path;

// The page writes its words through `prose`: escaped, with backtick spans as `<code>`.
use cmmcast_cli::html::prose;
use common::{Csv, Run, cmmcast, files, missing_phrases};
use serde_json::Value;

/// The quick run: 2,000 simulated paths, 200 sizing paths.
const QUICK: [&str; 4] = ["--paths", "2000", "--size-paths", "200"];

/// `cmmcast report --out OUT QUICK EXTRA`, which must succeed; the page.
fn report(out: &Path, extra: &[&str]) -> String {
    let out_text = out.display().to_string();
    let mut args = vec!["report", "--out", out_text.as_str()];
    args.extend(QUICK);
    args.extend(extra);
    let run = cmmcast(&args);
    assert_eq!(run.code, Some(0), "cmmcast {args:?}: {}", run.stderr);
    text(out, "report.html")
}

/// A file of the report as text.
fn text(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One method's numbers from the backtest: per horizon, (windows, coverage at 80 % and 95 %).
type Coverage = Vec<(u64, f64, f64)>;

/// `cmmcast backtest --reference --window W --min-level 1 --full-outcome --models auto`: the
/// default's rows and auto's.
fn backtest(window: usize) -> (Coverage, Coverage) {
    let window = window.to_string();
    let run: Run = cmmcast(&[
        "backtest",
        "--reference",
        "--window",
        &window,
        "--min-level",
        "1",
        "--full-outcome",
        "--models",
        "auto",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let csv = Csv::parse(&run.stdout).expect("CSV");
    let column = |name: &str| csv.index(name).expect("a column");
    let (method, horizon, n, c80, c95) = (
        column("method"),
        column("horizon"),
        column("n"),
        column("coverage_80"),
        column("coverage_95"),
    );
    let rows = |name: &str| -> Coverage {
        let rows: Vec<&Vec<String>> = csv.rows.iter().filter(|r| r[method] == name).collect();
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(
                row[horizon],
                (i + 1).to_string(),
                "{name}'s horizons in order"
            );
        }
        rows.iter()
            .map(|r| {
                (
                    r[n].parse().expect("n"),
                    r[c80].parse().expect("coverage"),
                    r[c95].parse().expect("coverage"),
                )
            })
            .collect()
    };
    (rows("damped, calibrated"), rows("auto"))
}

/// Problems with calibration.csv against the backtest: per horizon, each method's windows and
/// the outcomes inside each interval (coverage times windows: whole numbers, compared exactly).
fn table_problems(csv: &str, (calibrated, auto): &(Coverage, Coverage)) -> Vec<String> {
    let csv = Csv::parse(csv).expect("calibration.csv");
    let mut problems = Vec::new();
    if csv.rows.len() != 10 {
        problems.push(format!("{} rows, not ten horizons", csv.rows.len()));
    }
    for (key, rows) in [("calibrated", calibrated), ("auto", auto)] {
        if rows.len() != 10 {
            problems.push(format!("the backtest has {} {key} horizons", rows.len()));
        }
        let windows = csv.numbers(&format!("{key}_windows")).expect("windows");
        let at_80 = csv.numbers(&format!("{key}_80_percent")).expect("80");
        let at_95 = csv.numbers(&format!("{key}_95_percent")).expect("95");
        for (h, &(n, c80, c95)) in rows.iter().enumerate() {
            let count = |share: f64| (share * n as f64).round() as u64;
            let ours = (
                windows.get(h).copied(),
                at_80.get(h).map(|p| count(p / 100.0)),
                at_95.get(h).map(|p| count(p / 100.0)),
            );
            let theirs = (Some(n as f64), Some(count(c80)), Some(count(c95)));
            if ours != theirs {
                problems.push(format!(
                    "h = {} {key}: (windows, inside 80, inside 95) {ours:?}, backtest {theirs:?}",
                    h + 1
                ));
            }
        }
    }
    problems
}

/// A share in per cent with one decimal, as the page writes it.
fn percent(share: f64) -> String {
    format!("{:.1}", 100.0 * share)
}

/// What the page must say of how often the intervals held, from the backtest's numbers: the
/// default's lowest and highest coverage over the horizons at each level, auto's one and ten
/// years ahead.
fn record_phrases((calibrated, auto): &(Coverage, Coverage)) -> Vec<String> {
    let range = |pick: fn(&(u64, f64, f64)) -> f64| {
        let values: Vec<f64> = calibrated.iter().map(pick).collect();
        let low = values.iter().copied().fold(f64::INFINITY, f64::min);
        let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        format!("{} to {}", percent(low), percent(high))
    };
    let (first, last) = (auto[0], auto[auto.len() - 1]);
    vec![
        format!("the 80 % intervals held {} %", range(|r| r.1)),
        format!("the 95 % intervals held {} % of the time", range(|r| r.2)),
        format!(
            "its 80 % intervals held {} % of the time one year ahead and {} % 10 years ahead",
            percent(first.1),
            percent(last.1)
        ),
        format!(
            "its 95 % intervals held {} % of the time one year ahead and {} % 10 years ahead",
            percent(first.2),
            percent(last.2)
        ),
    ]
}

/// The text of the `<figcaption>` of figure `id`.
fn caption<'a>(html: &'a str, id: &str) -> &'a str {
    let figure = format!("<figure id=\"chart-{id}\">");
    let start = html
        .find(&figure)
        .unwrap_or_else(|| panic!("no {id} figure"));
    let rest = &html[start..];
    let open = rest.find("<figcaption>").expect("a caption") + "<figcaption>".len();
    let close = rest.find("</figcaption>").expect("a caption's end");
    &rest[open..close]
}

/// Problems with the page's order: the calibration figure right after the forecast figure and
/// before the power figure, its explanation after its caption and before its files, and the
/// explanation in the contents.
fn order_problems(html: &str) -> Vec<String> {
    let at = |text: &str| html.find(text);
    let marks = [
        "<figure id=\"chart-forecast\">",
        "<figure id=\"chart-calibration\">",
        "<h3 id=\"intervals\">How the intervals were made</h3>",
        "Files beside this page: <code>calibration.svg",
        "<figure id=\"chart-power\">",
    ];
    let mut problems = Vec::new();
    let found: Vec<Option<usize>> = marks.iter().map(|m| at(m)).collect();
    for (mark, place) in marks.iter().zip(&found) {
        if place.is_none() {
            problems.push(format!("no {mark}"));
        }
    }
    for pair in found.windows(2).zip(marks.windows(2)) {
        if let ([Some(a), Some(b)], [first, second]) = pair
            && a >= b
        {
            problems.push(format!("{second} does not come after {first}"));
        }
    }
    // Between the forecast figure and the calibration figure, nothing but the forecast's
    // files and table.
    if let (Some(forecast), Some(calibration)) = (found[0], found[1])
        && html[forecast..calibration].matches("<figure ").count() != 1
    {
        problems.push("another figure between the forecast and the calibration".into());
    }
    if !html.contains("<li><a href=\"#intervals\">How the intervals were made</a></li>") {
        problems.push("the contents do not list How the intervals were made".into());
    }
    problems
}

#[test]
fn the_calibration_figure_follows_the_forecast_with_both_methods_and_the_words() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("r");
    let html = report(&out, &["--to", "2020"]);
    let backtest = backtest(5);
    let mut problems = order_problems(&html);
    problems.extend(table_problems(&text(&out, "calibration.csv"), &backtest));
    let mut phrases = record_phrases(&backtest);
    phrases.extend(
        [
            // The chart: both methods, leave-one-country-out, the windows it used.
            "windows of 5 known years",
            "Solid lines: the default, the damped trend with calibrated intervals, judged leave-one-country-out",
            "Long-dashed lines: the old default, auto (lowest AICc) with its chosen model's own intervals",
            "`cmmcast backtest --reference --window 5 --min-level 1 --full-outcome --models auto` prints the same numbers",
            // The words: the reference class, the quantiles of log errors scaled by the
            // window's variability, the rule beyond ten years.
            "This report's forecast has calibrated intervals, the default",
            "cut from national coal and gas production",
            "the logarithm of what happened over that forecast, divided by a measure of the window's own year-to-year volatility",
            "quantiles, year by year, taken at conformal ranks",
            "Beyond 10 years",
            "the quantiles grow in proportion to the horizon",
            "each with intervals learned without its own country",
        ]
        .map(String::from),
    );
    let escaped: Vec<String> = phrases.iter().map(|p| prose(p)).collect();
    let escaped: Vec<&str> = escaped.iter().map(String::as_str).collect();
    problems.extend(missing_phrases(&html, &escaped));
    // The site's five years are the check's five: no word of another length.
    if html.contains("The site has") {
        problems.push("the caption says the check used another length".into());
    }
    // The forecast's bands are named as what they are.
    let forecast = caption(&html, "forecast");
    if !forecast.contains("its 80 % and 95 % calibrated intervals") {
        problems.push(format!(
            "the forecast caption does not name calibrated intervals: {forecast}"
        ));
    }
    if forecast.contains("Student t") {
        problems.push(format!(
            "the forecast caption calls calibrated intervals Student t: {forecast}"
        ));
    }
    // The chart's file is the inline chart.
    let svg = text(&out, "calibration.svg");
    if !svg.contains("How often the intervals held on real series")
        || !html.contains(svg.split_once('\n').map_or("", |(_, rest)| rest))
    {
        problems.push("calibration.svg is not the page's calibration chart".into());
    }
    let json: Value = serde_json::from_str(&text(&out, "calibration.json")).expect("JSON");
    let check = &json["meta"]["coverage_check"];
    if (
        check["site_known_years"].as_u64(),
        check["window_known_years"].as_u64(),
    ) != (Some(5), Some(5))
    {
        problems.push(format!("calibration.json's check: {check}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn with_intervals_model_the_forecast_caption_names_the_models_own_method() {
    let root = tempfile::tempdir().expect("temporary folder");
    let out = root.path().join("r");
    let html = report(&out, &["--to", "2020", "--intervals", "model"]);
    // What `cmmcast forecast` says its intervals are, with the same flags.
    let run = cmmcast(&[
        "forecast",
        "--to",
        "2020",
        "--intervals",
        "model",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let forecast: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let description = forecast["meta"]["forecasts"][0]["interval_description"]
        .as_str()
        .expect("the forecast's interval description");
    let mut problems = order_problems(&html);
    let caption = caption(&html, "forecast");
    let named = prose(&format!("its own 80 % and 95 % intervals: {description}."));
    if !caption.contains(&named) {
        problems.push(format!(
            "the forecast caption does not say {named:?}: {caption}"
        ));
    }
    if caption.contains("calibrated") {
        problems.push(format!(
            "the forecast caption calls model intervals calibrated: {caption}"
        ));
    }
    problems.extend(missing_phrases(
        &html,
        &[&prose(&format!(
            "This report's forecast has damped's own intervals, not calibrated ones, as asked with --intervals model: {description}."
        ))],
    ));
    // The chart is about the methods: the same numbers whatever this forecast's intervals.
    problems.extend(table_problems(&text(&out, "calibration.csv"), &backtest(5)));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A made-up site of twelve known years (methane only).
const TWELVE_YEARS: &str = "site,year,methane_mm3\n\
                            Twelve,2009,40\nTwelve,2010,44\nTwelve,2011,47\nTwelve,2012,53\n\
                            Twelve,2013,55\nTwelve,2014,61\nTwelve,2015,64\nTwelve,2016,70\n\
                            Twelve,2017,73\nTwelve,2018,80\nTwelve,2019,82\nTwelve,2020,88\n";

#[test]
fn a_site_of_twelve_years_is_checked_on_ten_year_windows_and_says_so() {
    let dir = files(&[("twelve.csv", TWELVE_YEARS)]);
    let input = dir.path().join("twelve.csv").display().to_string();
    let out = dir.path().join("r");
    let html = report(&out, &["--input", &input, "--to", "2024"]);
    let backtest = backtest(10);
    let mut problems = order_problems(&html);
    problems.extend(table_problems(&text(&out, "calibration.csv"), &backtest));
    let mut phrases = record_phrases(&backtest);
    phrases.extend(
        [
            "windows of 10 known years",
            "The site has 12 known years; the check uses windows of 10, the nearest length from 5 to 10",
            "`cmmcast backtest --reference --window 10 --min-level 1 --full-outcome --models auto` prints the same numbers",
        ]
        .map(String::from),
    );
    let escaped: Vec<String> = phrases.iter().map(|p| prose(p)).collect();
    let escaped: Vec<&str> = escaped.iter().map(String::as_str).collect();
    problems.extend(missing_phrases(&html, &escaped));
    let json: Value = serde_json::from_str(&text(&out, "calibration.json")).expect("JSON");
    let check = &json["meta"]["coverage_check"];
    if (
        check["site_known_years"].as_u64(),
        check["window_known_years"].as_u64(),
    ) != (Some(12), Some(10))
    {
        problems.push(format!("calibration.json's check: {check}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
