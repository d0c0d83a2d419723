//! The report's SVG charts drawn from small made-up data: their structure (how many elements of
//! each kind, every text in order, the band fills and line colours) is kept as an insta
//! snapshot, and the things a reader needs are checked by name: a title, axis titles with
//! units, a legend entry per series, text as `<text>` in a generic font family, no images.
//!
//! Snapshots hold structure, not pixels or coordinates, so they change only when what a chart
//! shows changes. Review a change with `cargo insta review` (or by reading the `.snap.new`
//! file the failing test writes beside the snapshot), and commit the updated `.snap`.

use std::collections::{BTreeMap, BTreeSet};

use cmmcast_cli::charts::calibration::CalibrationChart;
use cmmcast_cli::charts::forecast::{ForecastChart, IntervalBand, ModelLine, SimulatedYear};
use cmmcast_cli::charts::power::{PowerChart, PowerYear};
use cmmcast_cli::charts::sizing::SizingChart;
use cmmcast_cli::charts::tornado::{TornadoChart, TornadoRow};
use cmmcast_cli::charts::{calibration, forecast, power, sizing, tornado};
use cmmcast_forecast::calibrate::{CoverageCheck, HorizonCoverage, MethodCoverage, WindowSettings};
use cmmcast_forecast::sim::EngineCount;

// ---------------------------------------------------------------------------------------------
// Reading an SVG's structure.

/// The elements a plotters SVG is made of.
const TAGS: [&str; 8] = [
    "svg", "rect", "line", "polyline", "polygon", "circle", "text", "image",
];

/// What a chart is made of, in words: element counts, texts in drawing order, band fills and
/// line colours. No coordinates.
fn structure(svg: &str) -> String {
    let mut out = String::new();
    out.push_str("elements:\n");
    for tag in TAGS {
        let n = svg.matches(&format!("<{tag} ")).count();
        if n > 0 {
            out.push_str(&format!("  {tag}: {n}\n"));
        }
    }
    out.push_str("texts:\n");
    for text in texts(svg) {
        out.push_str(&format!("  {text}\n"));
    }
    out.push_str("band fills (polygon fill, opacity):\n");
    for (fill, opacity) in polygon_fills(svg) {
        out.push_str(&format!("  {fill} {opacity}\n"));
    }
    out.push_str("line colours (polyline stroke):\n");
    for stroke in attribute_values(svg, "polyline", "stroke") {
        out.push_str(&format!("  {stroke}\n"));
    }
    out
}

/// Every `<text>`'s content, in order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('>')? + 1;
            let end = rest.find("</text>")?;
            Some(unescape(rest[start..end].trim()))
        })
        .collect()
}

/// XML text with its five entities replaced.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of `attribute` on every `<tag ...>`, distinct and sorted.
fn attribute_values(svg: &str, tag: &str, attribute: &str) -> BTreeSet<String> {
    svg.split(&format!("<{tag} "))
        .skip(1)
        .filter_map(|rest| attribute_of(rest, attribute))
        .collect()
}

/// `attribute="value"` in the element that starts `element`.
fn attribute_of(element: &str, attribute: &str) -> Option<String> {
    let head = &element[..element.find('>')?];
    let key = format!(" {attribute}=\"");
    let at = format!(" {head}").find(&key)?;
    let value = &format!(" {head}")[at + key.len()..];
    Some(value[..value.find('"')?].to_string())
}

/// The y coordinate of the first `<text>` whose content starts with `start`.
fn text_y(svg: &str, start: &str) -> Option<i64> {
    svg.split("<text ").skip(1).find_map(|rest| {
        let content = rest[rest.find('>')? + 1..rest.find("</text>")?].trim();
        if content.starts_with(start) {
            attribute_of(rest, "y")?.parse().ok()
        } else {
            None
        }
    })
}

/// (fill, opacity) of every polygon, distinct and sorted.
fn polygon_fills(svg: &str) -> BTreeSet<(String, String)> {
    svg.split("<polygon ")
        .skip(1)
        .filter_map(|rest| Some((attribute_of(rest, "fill")?, attribute_of(rest, "opacity")?)))
        .collect()
}

/// What every chart must have: the title first, text in a generic font family only, no
/// bitmaps, and each of `needed` in its texts (joined by spaces, so wrapping does not matter).
fn check_common(svg: &str, title: &str, needed: &[&str]) {
    let all = texts(svg);
    assert_eq!(
        all.first().map(String::as_str),
        Some(title),
        "the title comes first"
    );
    assert!(svg.starts_with("<svg width=\"960\""), "an SVG document");
    let families = attribute_values(svg, "text", "font-family");
    assert_eq!(
        families,
        BTreeSet::from(["sans-serif".to_string()]),
        "text uses the viewer's sans-serif font, no font file"
    );
    assert!(!svg.contains("<image"), "no bitmap inside the chart");
    // Legend labels wrap over several <text> lines: look for phrases in the texts joined.
    let joined = all.join(" ");
    let missing: Vec<&&str> = needed.iter().filter(|n| !joined.contains(**n)).collect();
    assert!(
        missing.is_empty(),
        "texts missing: {missing:?}; texts: {all:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Made-up data.

fn forecast_data() -> ForecastChart {
    let data_years = 2010..=2014;
    let forecast_years = 2015..=2020;
    let line = |model: &'static str, growth: f64| ModelLine {
        model,
        points: data_years
            .clone()
            .chain(forecast_years.clone())
            .map(|y| (y, 100.0 * growth.powi(y - 2010)))
            .collect(),
    };
    ForecastChart {
        site: "Testfield".into(),
        data_label: "the plan, 2010-2014 (the input)".into(),
        observed: vec![
            (2010, 100.0),
            (2011, 110.0),
            (2012, 121.0),
            (2013, 130.0),
            (2014, 142.0),
        ],
        models: vec![
            line("linear", 1.07),
            line("exponential", 1.09),
            line("gm11", 1.095),
        ],
        chosen: "exponential",
        intervals: [(80.0, "80", 0.05), (95.0, "95", 0.1)]
            .into_iter()
            .map(|(level, label, width)| IntervalBand {
                level,
                label: label.into(),
                band: forecast_years
                    .clone()
                    .map(|y| {
                        let point = 100.0 * 1.09f64.powi(y - 2010);
                        let half = point * width * f64::from(y - 2014);
                        (y, point - half, point + half)
                    })
                    .collect(),
            })
            .collect(),
        simulated: forecast_years
            .clone()
            .map(|year| {
                let p50 = 100.0 * 1.085f64.powi(year - 2010);
                SimulatedYear {
                    year,
                    p10: p50 * 0.85,
                    p50,
                    p90: p50 * 1.15,
                }
            })
            .collect(),
        simulated_label: "simulated p10 and p90: 1,000 paths, every uncertain input, models mixed by Akaike weight".into(),
    }
}

/// Three horizons of a made-up check: the default near its levels, auto falling away.
fn calibration_data() -> CalibrationChart {
    let method = |name: &str, coverage: [(f64, f64); 3]| MethodCoverage {
        method: name.into(),
        intervals: "made up",
        refused: 0,
        horizons: coverage
            .iter()
            .enumerate()
            .map(|(i, &(c80, c95))| HorizonCoverage {
                horizon: i + 1,
                n: 100,
                coverage: vec![c80, c95],
            })
            .collect(),
    };
    CalibrationChart {
        check: CoverageCheck {
            reference_class: "made up".into(),
            known_years: 4,
            window: 5,
            settings: WindowSettings {
                window: 5,
                horizon: 3,
                step: 1,
                min_level: 1.0,
                full_outcome: true,
            },
            levels: vec![80.0, 95.0],
            windows: 100,
            series: 6,
            groups: 3,
            methods: vec![
                method(
                    "damped, calibrated",
                    [(0.81, 0.95), (0.79, 0.96), (0.80, 0.94)],
                ),
                method("auto", [(0.67, 0.88), (0.5, 0.75), (0.4, 0.66)]),
            ],
        },
    }
}

fn power_data() -> PowerChart {
    PowerChart {
        site: "Testfield".into(),
        chosen: "exponential",
        data_label: "from the plan, 2010-2014 (the input)".into(),
        simulated_label: "simulated p10 to p90: 1,000 paths".into(),
        years: (2010..=2020)
            .map(|year| {
                let data_year = year <= 2014;
                let capacity_mw = if year >= 2018 { 30.0 } else { 20.0 };
                let electricity_gwh = capacity_mw * 7.884;
                let utilization = 0.5 - 0.02 * f64::from(year - 2010);
                PowerYear {
                    year,
                    data_year,
                    capacity_mw,
                    electricity_gwh,
                    utilization: Some(utilization),
                    electricity_simulated: (!data_year).then_some([
                        electricity_gwh * 0.95,
                        electricity_gwh,
                        electricity_gwh * 1.03,
                    ]),
                    utilization_simulated: (!data_year).then_some([
                        utilization * 0.9,
                        utilization,
                        utilization * 1.1,
                    ]),
                }
            })
            .collect(),
    }
}

fn sizing_data() -> SizingChart {
    SizingChart {
        site: "Testfield".into(),
        unit_mw: 5.0,
        years: "2015-2020".into(),
        rows: (1..=12)
            .map(|engines| {
                let e = f64::from(engines);
                EngineCount {
                    engines,
                    capacity_mw: 5.0 * e,
                    electricity_gwh: 39.42 * e.min(8.0),
                    capacity_factor: 0.9 * (8.0 / e).min(1.0),
                    capacity_factor_p10: 0.85 * (7.0 / e).min(1.0),
                    utilization: (e / 9.0).min(0.97),
                    surplus_mm3: 100.0 - 10.0 * e.min(9.0),
                    shortfall_probability: (e / 12.0).min(1.0),
                }
            })
            .collect(),
        recommended: Some(9),
        min_capacity_factor: 0.6,
    }
}

fn tornado_data() -> TornadoChart {
    let row = |input: &str, low, high, output_low, output_high, fixed| TornadoRow {
        input: input.into(),
        low,
        high,
        output_low,
        output_high,
        swing: f64::abs(output_high - output_low),
        fixed,
        settings: String::new(),
    };
    TornadoChart {
        site: "Testfield".into(),
        output: "surplus_mm3",
        unit: "million m3 of CH4 per year",
        year: 2020,
        base: 500.0,
        rows: vec![
            row("plan_adherence", 0.88, 1.14, 420.0, 580.0, false),
            row("efficiency", 0.35, 0.40, 505.0, 495.0, false),
            row("parasitic_fraction", 0.02, 0.06, 500.0, 500.0, false),
            row("share_to_power", 1.0, 1.0, 500.0, 500.0, true),
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// The charts.

#[test]
fn forecast_chart() {
    let svg = forecast::svg(&forecast_data()).expect("drawn");
    check_common(
        &svg,
        "Testfield: methane drainage forecast",
        &[
            "year",
            "methane drained, million m3 a year",
            "Legend",
            "the plan, 2010-2014",
            "linear model",
            "exponential model (chosen)",
            "gm11 model",
            "exponential 80 % prediction",
            "exponential 95 % prediction",
            "simulated p10 and p90:",
        ],
    );
    // Two bands of different grays, so they differ in print; data points as discs.
    assert_eq!(polygon_fills(&svg).len(), 2);
    assert!(svg.matches("<circle ").count() >= 5);
    insta::assert_snapshot!("forecast_svg", structure(&svg));
}

#[test]
fn calibration_chart() {
    let data = calibration_data();
    let svg = calibration::svg(&data).expect("drawn");
    check_common(
        &svg,
        "How often the intervals held on real series",
        &[
            "years ahead, forecast from 5 known years",
            "real outcomes inside the interval, %",
            "default, calibrated: 80 %",
            "default, calibrated: 95 %",
            "old default, auto: 80 %",
            "old default, auto: 95 %",
            "nominal level",
        ],
    );
    // The nominal levels are labelled on the chart, not only in the legend.
    let all = texts(&svg);
    for level in ["80 %", "95 %"] {
        assert!(all.iter().any(|t| t == level), "no {level} in {all:?}");
    }
    // Its table: one row per horizon, each method's windows and coverage in per cent.
    let table = data.table(serde_json::Map::new());
    assert_eq!(table.rows.len(), 3);
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_ref()).collect();
    assert_eq!(
        names,
        [
            "horizon_years",
            "calibrated_windows",
            "calibrated_80_percent",
            "calibrated_95_percent",
            "auto_windows",
            "auto_80_percent",
            "auto_95_percent"
        ]
    );
    insta::assert_snapshot!("calibration_svg", structure(&svg));
}

#[test]
fn power_chart() {
    let svg = power::svg(&power_data()).expect("drawn");
    check_common(
        &svg,
        "Testfield: electricity and utilization",
        &[
            "electricity, GWh gross a year",
            "utilization, burnt / drained",
            "plant capacity, MW",
            "from the plan, 2010-2014",
            "exponential's point",
            "simulated median (p50)",
            "simulated p10 to p90",
            "plant capacity, MW (right",
        ],
    );
    insta::assert_snapshot!("power_svg", structure(&svg));
}

#[test]
fn sizing_chart() {
    let svg = sizing::svg(&sizing_data()).expect("drawn");
    check_common(
        &svg,
        "Testfield: engines of 5 MW under daily gas flow, 2015-2020",
        &[
            "number of 5 MW engines",
            "fraction: capacity factor, utilization",
            "capacity factor, mean",
            "capacity factor, p10",
            "utilization, mean",
            "minimum p10 capacity factor",
            "recommended: 9 engines (45 MW)",
        ],
    );
    insta::assert_snapshot!("sizing_svg", structure(&svg));
}

#[test]
fn tornado_chart() {
    let svg = tornado::svg(&tornado_data()).expect("drawn");
    check_common(
        &svg,
        "Testfield: what moves surplus_mm3 in 2020 (tornado)",
        &[
            "surplus_mm3 in 2020, million m3 of CH4 per year",
            "input",
            "plan_adherence",
            "efficiency",
            "parasitic_fraction (no effect)",
            "share_to_power (fixed)",
            "base case, every input at",
        ],
    );
    // The bars' ends carry the settings: both ends of the two inputs that move the output.
    let all = texts(&svg);
    for setting in ["0.88", "1.14", "0.35", "0.4"] {
        assert!(all.iter().any(|t| t == setting), "no {setting} in {all:?}");
    }
    // The largest swing is at the top: the labels' y coordinates grow down the ranking.
    let heights: Vec<i64> = [
        "plan_adherence",
        "efficiency",
        "parasitic_fraction",
        "share_to_power",
    ]
    .iter()
    .map(|input| text_y(&svg, input).unwrap_or_else(|| panic!("no label {input}")))
    .collect();
    assert!(
        heights.windows(2).all(|w| w[0] < w[1]),
        "labels not top down: {heights:?}"
    );
    insta::assert_snapshot!("tornado_svg", structure(&svg));
}

#[test]
fn a_long_legend_makes_the_chart_taller_rather_than_cut_off() {
    let mut data = forecast_data();
    for model in [
        "quadratic",
        "intensity",
        "logistic",
        "another",
        "yet_another",
    ] {
        data.models.push(ModelLine {
            model,
            points: vec![(2015, 150.0), (2020, 200.0)],
        });
    }
    let svg = forecast::svg(&data).expect("drawn");
    let height: u32 = attribute_of(&svg[5..], "height")
        .and_then(|h| h.parse().ok())
        .expect("a height");
    assert!(height > 540, "height {height}");
    // The last legend line sits inside the picture.
    let last = texts(&svg).last().cloned().unwrap_or_default();
    let y = text_y(&svg, &last).expect("the last legend line");
    assert!(y < i64::from(height) - 10, "legend line at {y} of {height}");
}

#[test]
fn no_two_series_of_a_chart_look_alike_in_grayscale() {
    use cmmcast_cli::charts::{LineStyle, calibration as c, power as p, sizing as s};
    let charts: BTreeMap<&str, Vec<LineStyle>> = BTreeMap::from([
        (
            "calibration",
            vec![
                c::DEFAULT_80_STYLE,
                c::DEFAULT_95_STYLE,
                c::OLD_80_STYLE,
                c::OLD_95_STYLE,
                c::NOMINAL_STYLE,
            ],
        ),
        (
            "power",
            vec![
                p::MEDIAN_STYLE,
                p::POINT_STYLE,
                p::DATA_STYLE,
                p::CAPACITY_STYLE,
            ],
        ),
        (
            "sizing",
            vec![
                s::MEAN_STYLE,
                s::P10_STYLE,
                s::UTILIZATION_STYLE,
                s::THRESHOLD_STYLE,
            ],
        ),
    ]);
    for (chart, styles) in charts {
        let looks: BTreeSet<String> = styles
            .iter()
            .map(|s| format!("{:?} {:?} {}", s.dash, s.marker, s.width))
            .collect();
        assert_eq!(
            looks.len(),
            styles.len(),
            "{chart}: two series share dash, marker and width"
        );
    }
}
