//! The NPV against the number of engines: the expected NPV over the simulated paths for each
//! engine count, the p10 to p90 of the NPV as a band around it, zero as a line, and the
//! recommended count (the sizing's) marked, so that a reader sees what the recommendation is
//! worth and how far from the best count it lies.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::{
    ChartError, Dash, HEIGHT, LegendEntry, LineStyle, Marker, NARROW_BAND_OPACITY, PALETTE, Swatch,
    WIDTH, canvas, draw_line, draw_markers, fail, height_for, legend, mesh_fonts, short, tick,
    year_band,
};
use super::{millions, money_range, money_unit, with_title_and_desc};
use crate::report::{Cell, Column, Report};
use serde_json::{Map, Value, json};

/// The chart's name in errors.
const NAME: &str = "npv_engines.svg";

/// The chart's title.
pub const TITLE: &str = "NPV against the number of engines";

/// One engine count's value, in the currency (not millions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineValue {
    /// The number of engines.
    pub engines: u32,
    /// Their capacity together, MW.
    pub capacity_mw: f64,
    /// The mean NPV over the simulated paths.
    pub expected_npv: f64,
    /// The p10 of the NPV over the paths.
    pub npv_p10: f64,
    /// The p90 of the NPV over the paths.
    pub npv_p90: f64,
}

/// The expected NPV: black, solid, discs.
pub const EXPECTED_STYLE: LineStyle = LineStyle::new(PALETTE[0], 2, Dash::Solid, Marker::Disc);
/// The recommended count: blue, long dashes.
pub const RECOMMENDED_STYLE: LineStyle =
    LineStyle::new(PALETTE[1], 2, Dash::LongDash, Marker::None);
/// Zero: a thin black line.
const ZERO_STYLE: LineStyle = LineStyle::new(PALETTE[0], 1, Dash::Solid, Marker::None);

/// The rows in engine order, with every value finite (others left out: the chart draws what it
/// can rather than a NaN).
fn usable(rows: &[EngineValue]) -> Vec<EngineValue> {
    let mut rows: Vec<EngineValue> = rows
        .iter()
        .filter(|r| {
            [r.capacity_mw, r.expected_npv, r.npv_p10, r.npv_p90]
                .iter()
                .all(|v| v.is_finite())
        })
        .copied()
        .collect();
    rows.sort_by_key(|r| r.engines);
    rows
}

/// One engine's capacity, MW, when every row has the same (the usual case: one engine size).
fn unit_mw(rows: &[EngineValue]) -> Option<f64> {
    let units: Vec<f64> = rows
        .iter()
        .filter(|r| r.engines > 0)
        .map(|r| r.capacity_mw / f64::from(r.engines))
        .collect();
    let first = *units.first()?;
    units
        .iter()
        .all(|u| (u - first).abs() <= 1e-9 * first.abs().max(1.0))
        .then_some(first)
}

/// "recommended: 6 engines, 12 MW", with the capacity when the rows give it.
fn recommended_words(rows: &[EngineValue], recommended: Option<u32>) -> String {
    match recommended {
        None => "no engine count recommended".into(),
        Some(n) => match rows.iter().find(|r| r.engines == n) {
            Some(r) => format!("recommended: {n} engines, {} MW", short(r.capacity_mw)),
            None => format!("recommended: {n} engines"),
        },
    }
}

/// The legend.
fn legend_entries(rows: &[EngineValue], recommended: Option<u32>) -> Vec<LegendEntry> {
    let mut entries = vec![
        LegendEntry {
            swatch: Swatch::Line(EXPECTED_STYLE),
            label: "expected NPV (mean over the simulated paths)".into(),
        },
        LegendEntry {
            swatch: Swatch::Band(NARROW_BAND_OPACITY),
            label: "NPV p10 to p90 over the paths".into(),
        },
    ];
    entries.push(LegendEntry {
        swatch: Swatch::Line(RECOMMENDED_STYLE),
        label: recommended_words(rows, recommended),
    });
    entries
}

/// The chart's description in words.
fn description(rows: &[EngineValue], recommended: Option<u32>, unit: &str) -> String {
    let best = rows
        .iter()
        .max_by(|a, b| a.expected_npv.total_cmp(&b.expected_npv));
    match (rows.first(), rows.last(), best) {
        (Some(first), Some(last), Some(best)) => format!(
            "Expected NPV, {unit}, with its p10 to p90 over the simulated paths, for {} to {} \
             engines. Highest expected NPV: {} {unit} with {} engines ({} MW). {}.",
            first.engines,
            last.engines,
            short(millions(best.expected_npv)),
            best.engines,
            short(best.capacity_mw),
            recommended_words(rows, recommended)
        ),
        _ => format!(
            "No engine counts to show. {}.",
            recommended_words(rows, recommended)
        ),
    }
}

/// Draws the NPV against the number of engines: `rows` one per engine count (any order), the
/// recommended count if any, money in `currency` units.
pub fn npv_by_engines_chart(
    rows: &[EngineValue],
    recommended: Option<u32>,
    currency: &str,
) -> Result<String, ChartError> {
    let unit = money_unit(currency);
    let rows = usable(rows);
    let mut svg = String::new();
    {
        let entries = legend_entries(&rows, recommended);
        let height = height_for(HEIGHT, &entries);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let (plot, side) = canvas(&root, TITLE, NAME)?;
        let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX - 1);
        let most = rows
            .iter()
            .map(|r| r.engines)
            .chain(recommended)
            .max()
            .unwrap_or(1);
        let x = 0..count(most).max(1) + 1;
        let y = money_range(
            rows.iter()
                .flat_map(|r| [r.expected_npv, r.npv_p10, r.npv_p90].map(millions)),
        );
        let mut chart = ChartBuilder::on(&plot)
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(84)
            .build_cartesian_2d(x.clone(), y.clone())
            .map_err(fail(NAME))?;
        let (desc, labels) = mesh_fonts();
        let x_desc = match unit_mw(&rows) {
            Some(mw) => format!("number of engines of {} MW", short(mw)),
            None => "number of engines".into(),
        };
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(format!("NPV, {unit}"))
            .x_labels(12)
            .y_labels(8)
            .x_label_formatter(&|n| n.to_string())
            .y_label_formatter(&|v| tick(*v))
            .axis_desc_style(desc)
            .label_style(labels)
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(fail(NAME))?;
        let band: Vec<(i32, f64, f64)> = rows
            .iter()
            .map(|r| (count(r.engines), millions(r.npv_p10), millions(r.npv_p90)))
            .collect();
        year_band(&chart, &band, NARROW_BAND_OPACITY, NAME)?;
        let area = chart.plotting_area();
        // One engine count has no width to fill: its p10 to p90 as a thick gray bar instead.
        if let [(n, low, high)] = band[..] {
            area.draw(&PathElement::new(
                vec![(n, low), (n, high)],
                RGBColor(0x40, 0x40, 0x40)
                    .mix(NARROW_BAND_OPACITY)
                    .stroke_width(14),
            ))
            .map_err(fail(NAME))?;
        }
        draw_line(area, &[(x.start, 0.0), (x.end, 0.0)], &ZERO_STYLE, NAME)?;
        if let Some(n) = recommended {
            let n = count(n);
            draw_line(area, &[(n, y.start), (n, y.end)], &RECOMMENDED_STYLE, NAME)?;
            let (anchor, shift) = if n > (x.start + x.end) / 2 {
                (HPos::Right, -6)
            } else {
                (HPos::Left, 6)
            };
            area.draw(
                &(EmptyElement::at((n, y.end))
                    + Text::new(
                        recommended_words(&rows, recommended),
                        (shift, 8),
                        TextStyle::from(("sans-serif", 17).into_font().style(FontStyle::Bold))
                            .pos(Pos::new(anchor, VPos::Top)),
                    )),
            )
            .map_err(fail(NAME))?;
        }
        let expected: Vec<(i32, f64)> = rows
            .iter()
            .map(|r| (count(r.engines), millions(r.expected_npv)))
            .collect();
        if expected.len() > 1 {
            draw_line(area, &expected, &EXPECTED_STYLE, NAME)?;
        }
        // Markers on at most about 20 counts, so that they stay apart.
        let every = expected.len().div_ceil(20).max(1);
        let marked: Vec<(i32, f64)> = expected.iter().copied().step_by(every).collect();
        draw_markers(area, &marked, &EXPECTED_STYLE, NAME)?;
        legend(&side, &entries, NAME)?;
        root.present().map_err(fail(NAME))?;
    }
    let desc = description(&rows, recommended, &unit);
    Ok(with_title_and_desc(svg, TITLE, &desc))
}

/// The numbers behind the chart: one row per engine count (in engine order, every value
/// finite), the recommended one marked `true` (the page highlights it, as the sizing table's).
pub fn npv_by_engines_table(
    rows: &[EngineValue],
    recommended: Option<u32>,
    mut meta: Map<String, Value>,
) -> Report {
    let rows = usable(rows)
        .iter()
        .map(|r| {
            vec![
                Cell::Int(i64::from(r.engines)),
                Cell::Num(r.capacity_mw),
                Cell::Num(r.expected_npv),
                Cell::Num(r.npv_p10),
                Cell::Num(r.npv_p90),
                Cell::Bool(recommended == Some(r.engines)),
            ]
        })
        .collect();
    meta.insert("chart".into(), json!(NAME));
    meta.insert("recommended".into(), json!(recommended));
    let mut report = Report {
        notes: Vec::new(),
        meta,
        columns: vec![
            Column::number("engines", "engine count", 0),
            Column::number("capacity_mw", "MW: the engines together", 1),
            Column::number(
                "expected_npv",
                "currency (meta.currency): mean NPV over the paths",
                0,
            ),
            Column::number(
                "npv_p10",
                "currency (meta.currency): p10 of the NPV over the paths",
                0,
            ),
            Column::number(
                "npv_p90",
                "currency (meta.currency): p90 of the NPV over the paths",
                0,
            ),
            Column::text(
                "recommended",
                "true for the recommended count, false for the others",
            ),
        ],
        rows,
    };
    report.meta.insert("columns".into(), report.column_units());
    report
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    /// `engines` engines of 2 MW: the NPV rises to a best count of 6, then falls.
    fn row(engines: u32) -> EngineValue {
        let e = f64::from(engines);
        let expected = 1e6 * (300.0 - 20.0 * (e - 6.0).powi(2));
        EngineValue {
            engines,
            capacity_mw: 2.0 * e,
            expected_npv: expected,
            npv_p10: expected - 1e6 * 40.0 * e,
            npv_p90: expected + 1e6 * 30.0 * e,
        }
    }

    #[test]
    fn the_chart_shows_the_band_the_recommendation_and_its_units() {
        let rows: Vec<EngineValue> = (1..=12).rev().map(row).collect();
        let svg = npv_by_engines_chart(&rows, Some(5), "CNY").expect("drawn");
        check::common(&svg, TITLE);
        let texts = check::texts(&svg);
        for needed in [
            "NPV, million CNY",
            "number of engines of 2 MW",
            "expected NPV",
            "NPV p10 to p90",
            "recommended: 5 engines, 10 MW",
        ] {
            assert!(texts.contains(needed), "no {needed:?} in {texts}");
        }
        assert!(svg.contains("<polygon "), "the band");
        assert!(svg.contains("Highest expected NPV: 300 million CNY with 6 engines (12 MW)"));
    }

    #[test]
    fn the_table_is_in_engine_order_with_the_recommended_count_marked() {
        let mut broken = row(3);
        broken.npv_p90 = f64::NAN;
        let table = npv_by_engines_table(&[row(2), row(1), broken], Some(2), Map::new());
        let engines: Vec<String> = table
            .rows
            .iter()
            .map(|r| format!("{:?} {:?}", r[0], r[5]))
            .collect();
        assert_eq!(engines, ["Int(1) Bool(false)", "Int(2) Bool(true)"]);
        assert_eq!(table.meta["recommended"], 2);
    }

    #[test]
    fn edge_cases_draw_without_panicking_or_nan() {
        let negative: Vec<EngineValue> = (1..=4)
            .map(|n| EngineValue {
                expected_npv: -1e8 * f64::from(n),
                npv_p10: -2e8 * f64::from(n),
                npv_p90: -5e7,
                ..row(n)
            })
            .collect();
        let equal: Vec<EngineValue> = (1..=3)
            .map(|n| EngineValue {
                expected_npv: 0.0,
                npv_p10: 0.0,
                npv_p90: 0.0,
                ..row(n)
            })
            .collect();
        let broken = [
            EngineValue {
                expected_npv: f64::NAN,
                ..row(2)
            },
            EngineValue {
                engines: 0,
                capacity_mw: 0.0,
                ..row(3)
            },
        ];
        for (rows, recommended) in [
            (&[][..], None),
            (&[][..], Some(3)),
            (&[row(4)][..], Some(4)),
            (&negative[..], None),
            (&equal[..], Some(2)),
            (&broken[..], Some(40)),
        ] {
            let svg = npv_by_engines_chart(rows, recommended, "CNY").expect("drawn");
            check::common(&svg, TITLE);
        }
        let svg = npv_by_engines_chart(&negative, None, "CNY").expect("drawn");
        assert!(check::texts(&svg).contains("no engine count recommended"));
    }
}
