//! The NPV distribution chart: the empirical cumulative distribution of the NPV over the
//! simulated paths, with NPV = 0 as a vertical line, the share of paths below it marked and
//! written out with its standard error, and the p10, p50 and p90 marked on the curve.
//!
//! A cumulative distribution rather than a histogram: the chance of losing money is read off it
//! directly (the curve's height at zero), and it needs no choice of bins. A study may simulate a
//! million paths, so the curve is drawn through at most [`MAX_RANKS`] of them, evenly spaced in
//! rank: the SVG stays small, and the curve moves by less than a pixel.

use std::borrow::Cow;

use cmmcast_data::thousands;
use serde_json::{Map, Value, json};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::{
    ChartError, Dash, HEIGHT, LegendEntry, LineStyle, Marker, PALETTE, Swatch, WIDTH, canvas,
    draw_line, draw_markers, fail, height_for, legend, mesh_fonts, short, tick,
};
use super::{millions, money_range, money_unit, with_title_and_desc};
use crate::report::{Cell, Column, Report};

/// The chart's name in errors.
const NAME: &str = "npv_distribution.svg";

/// The chart's title.
pub const TITLE: &str = "NPV over the simulated paths";

/// The most paths the curve is drawn through; each adds two points (a step of the staircase).
pub const MAX_RANKS: usize = 500;

/// The cumulative distribution: black, solid.
pub const CDF_STYLE: LineStyle = LineStyle::new(PALETTE[0], 2, Dash::Solid, Marker::None);
/// NPV = 0 and the share of paths below it: vermilion, long dashes, a disc at the share.
pub const ZERO_STYLE: LineStyle = LineStyle::new(PALETTE[2], 2, Dash::LongDash, Marker::Disc);
/// The guide from the y axis to the share below zero: vermilion, dotted.
const GUIDE_STYLE: LineStyle = LineStyle::new(PALETTE[2], 1, Dash::Dotted, Marker::None);
/// The p10, p50 and p90: blue open squares.
pub const PERCENTILE_STYLE: LineStyle = LineStyle::new(PALETTE[1], 2, Dash::Solid, Marker::Square);

/// The percentiles marked, as fractions, with their names.
const PERCENTILES: [(f64, &str); 3] = [(0.1, "p10"), (0.5, "p50"), (0.9, "p90")];

/// The ranks (0-based, ascending) the curve is drawn through for `n` values: all of them up to
/// `max`, else `max` evenly spaced ones, always the first and the last.
pub fn thin(n: usize, max: usize) -> Vec<usize> {
    if n <= max.max(2) {
        return (0..n).collect();
    }
    let steps = max.max(2) - 1;
    (0..=steps)
        .map(|k| (k * (n - 1) + steps / 2) / steps)
        .collect()
}

/// The type-7 percentile (the simulation's) of sorted values at fraction `q`; `None` for none.
fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * q;
    let low = (h.floor() as usize).min(last);
    let high = (low + 1).min(last);
    Some(sorted[low] + (h - low as f64) * (sorted[high] - sorted[low]))
}

/// "P(NPV < 0) = 12.3 % ± 0.1 %": the share rounded to the decimal place of its standard
/// error's first digit (more digits would be noise), without the ± when the error is zero or
/// unknown (a share of 0 or 1 has a binomial standard error of zero, which is no measure of
/// how sure it is).
pub fn probability_label(p_negative: f64, p_negative_se: f64) -> String {
    if !p_negative.is_finite() {
        return "P(NPV < 0) not available".into();
    }
    let p = 100.0 * p_negative.clamp(0.0, 1.0);
    let se = 100.0 * p_negative_se;
    if se.is_finite() && se > 0.0 {
        // Less a hair, so that an error of exactly 0.1 % gives one decimal, not two.
        let decimals = (-se.log10() - 1e-9).ceil().clamp(0.0, 4.0) as usize;
        format!("P(NPV < 0) = {p:.decimals$} % ± {se:.decimals$} %")
    } else {
        format!("P(NPV < 0) = {} %", short(p))
    }
}

/// The finite values in ascending order: `values` itself when it is so already (the caller's
/// promise, checked in one pass), else a sorted copy, so that a caller's slip draws a true curve
/// rather than a zigzag.
fn finite_sorted(values: &[f64]) -> Cow<'_, [f64]> {
    if values.iter().all(|v| v.is_finite()) && values.is_sorted() {
        Cow::Borrowed(values)
    } else {
        let mut kept: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        kept.sort_by(f64::total_cmp);
        Cow::Owned(kept)
    }
}

/// The chart's description in words.
fn description(values: &[f64], label: &str, unit: &str) -> String {
    if values.is_empty() {
        return format!("No simulated NPV to show. {label}.");
    }
    let marks: Vec<String> = PERCENTILES
        .iter()
        .filter_map(|&(q, name)| {
            percentile(values, q).map(|v| format!("{name} {}", short(millions(v))))
        })
        .collect();
    format!(
        "Cumulative distribution of the NPV over {} simulated paths, {unit}: {}. {label}.",
        thousands(values.len() as u64),
        marks.join(", ")
    )
}

/// Draws the NPV distribution: `npv_sorted` the NPV of each path in ascending order (in
/// `currency` units), `p_negative` the share of paths below zero and `p_negative_se` its
/// standard error, both as fractions.
pub fn npv_distribution_chart(
    npv_sorted: &[f64],
    p_negative: f64,
    p_negative_se: f64,
    currency: &str,
) -> Result<String, ChartError> {
    let unit = money_unit(currency);
    let values = finite_sorted(npv_sorted);
    let label = probability_label(p_negative, p_negative_se);
    let marks: Vec<(f64, f64, &str)> = PERCENTILES
        .iter()
        .filter_map(|&(q, name)| percentile(&values, q).map(|v| (millions(v), 100.0 * q, name)))
        .collect();
    let mut svg = String::new();
    {
        let entries = legend_entries(&marks, &unit, values.len());
        let height = height_for(HEIGHT, &entries);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let (plot, side) = canvas(&root, TITLE, NAME)?;
        let n = values.len();
        let x = money_range(
            [values.first(), values.last()]
                .into_iter()
                .flatten()
                .copied()
                .map(millions),
        );
        let mut chart = ChartBuilder::on(&plot)
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(84)
            .build_cartesian_2d(x.clone(), 0.0..100.0)
            .map_err(fail(NAME))?;
        let (desc, labels) = mesh_fonts();
        chart
            .configure_mesh()
            .x_desc(format!("NPV, {unit}"))
            .y_desc("paths with an NPV at or below it, %")
            .x_labels(9)
            .y_labels(11)
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .axis_desc_style(desc)
            .label_style(labels)
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(fail(NAME))?;
        let area = chart.plotting_area();
        draw_line(area, &[(0.0, 0.0), (0.0, 100.0)], &ZERO_STYLE, NAME)?;
        if n > 0 {
            draw_line(area, &staircase(&values, x.clone()), &CDF_STYLE, NAME)?;
        }
        if p_negative.is_finite() {
            let share = 100.0 * p_negative.clamp(0.0, 1.0);
            if x.start < 0.0 {
                draw_line(area, &[(x.start, share), (0.0, share)], &GUIDE_STYLE, NAME)?;
            }
            draw_markers(area, &[(0.0, share)], &ZERO_STYLE, NAME)?;
        }
        // Top left: a cumulative distribution never reaches there (it is low on the left).
        area.draw(
            &(EmptyElement::at((x.start, 100.0))
                + Text::new(
                    label.clone(),
                    (8, 8),
                    TextStyle::from(("sans-serif", 17).into_font().style(FontStyle::Bold))
                        .pos(Pos::new(HPos::Left, VPos::Top)),
                )),
        )
        .map_err(fail(NAME))?;
        let points: Vec<(f64, f64)> = marks.iter().map(|&(v, q, _)| (v, q)).collect();
        draw_markers(area, &points, &PERCENTILE_STYLE, NAME)?;
        let font = ("sans-serif", 15).into_font();
        for &(v, q, name) in &marks {
            // Below and to the right of a rising curve is empty; near the right edge, above and
            // to the left is.
            let right = v < x.start + 0.75 * (x.end - x.start);
            let (offset, pos) = if right {
                ((9, 4), Pos::new(HPos::Left, VPos::Top))
            } else {
                ((-9, -4), Pos::new(HPos::Right, VPos::Bottom))
            };
            area.draw(
                &(EmptyElement::at((v, q))
                    + Text::new(
                        format!("{name}: {}", short(v)),
                        offset,
                        TextStyle::from(font.clone())
                            .color(&PERCENTILE_STYLE.color)
                            .pos(pos),
                    )),
            )
            .map_err(fail(NAME))?;
        }
        legend(&side, &entries, NAME)?;
        root.present().map_err(fail(NAME))?;
    }
    let desc = description(&values, &label, &unit);
    Ok(with_title_and_desc(svg, TITLE, &desc))
}

/// The numbers behind the chart: the ranks the curve is drawn through ([`thin`], at most
/// [`MAX_RANKS`]), each with its NPV (in the currency, not millions) and the share of paths at or
/// below it, so that the CSV redraws the curve without the million NPVs. `meta` gets the chart's
/// name and how the ranks were kept.
pub fn npv_distribution_table(npv_sorted: &[f64], mut meta: Map<String, Value>) -> Report {
    let values = finite_sorted(npv_sorted);
    let n = values.len();
    let rows = thin(n, MAX_RANKS)
        .into_iter()
        .map(|i| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::Num(values[i]),
                Cell::Num((i + 1) as f64 / n as f64),
            ]
        })
        .collect();
    meta.insert("chart".into(), json!(NAME));
    meta.insert(
        "ranks".into(),
        json!(format!(
            "every path's rank up to {MAX_RANKS} paths, else {MAX_RANKS} ranks evenly spaced from the lowest NPV to the highest"
        )),
    );
    let mut report = Report {
        notes: Vec::new(),
        meta,
        columns: vec![
            Column::number("rank", "the path's place from the lowest NPV (1) up", 0),
            Column::number(
                "npv",
                "currency (meta.currency): the NPV of the path of this rank",
                0,
            ),
            Column::number(
                "share_at_or_below",
                "fraction of the paths with an NPV at or below this one",
                4,
            ),
        ],
        rows,
    };
    report.meta.insert("columns".into(), report.column_units());
    report
}

/// The empirical distribution as a staircase through at most [`MAX_RANKS`] ranks (a step up at
/// each kept value), flat at 0 % and 100 % out to the axis' ends.
fn staircase(sorted: &[f64], x: std::ops::Range<f64>) -> Vec<(f64, f64)> {
    let n = sorted.len() as f64;
    let ranks = thin(sorted.len(), MAX_RANKS);
    let mut points = Vec::with_capacity(2 * ranks.len() + 2);
    points.push((x.start, 0.0));
    for i in ranks {
        let v = millions(sorted[i]);
        points.push((v, 100.0 * i as f64 / n));
        points.push((v, 100.0 * (i + 1) as f64 / n));
    }
    points.push((x.end, 100.0));
    points
}

/// The legend.
fn legend_entries(marks: &[(f64, f64, &str)], unit: &str, paths: usize) -> Vec<LegendEntry> {
    let percentiles = if marks.is_empty() {
        "p10, p50, p90 of the NPV".to_string()
    } else {
        format!(
            "{}: {} {unit}",
            marks.iter().map(|m| m.2).collect::<Vec<_>>().join(", "),
            marks
                .iter()
                .map(|m| short(m.0))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    vec![
        LegendEntry {
            swatch: Swatch::Line(CDF_STYLE),
            label: match paths {
                0 => "no simulated paths".into(),
                n => format!(
                    "share of the {} simulated paths with an NPV at or below x",
                    thousands(n as u64)
                ),
            },
        },
        LegendEntry {
            swatch: Swatch::Line(ZERO_STYLE),
            // The share itself is written on the plot: here it would wrap inside "12.3 %".
            label: "NPV = 0, and the share of paths below it".into(),
        },
        LegendEntry {
            swatch: Swatch::Points(PERCENTILE_STYLE),
            label: percentiles,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn the_table_holds_the_kept_ranks_with_their_share() {
        let table = npv_distribution_table(&[3.0, -1.0, 2.0], Map::new());
        let cells: Vec<String> = table.rows.iter().map(|r| format!("{:?}", r)).collect();
        assert_eq!(
            cells,
            [
                "[Int(1), Num(-1.0), Num(0.3333333333333333)]",
                "[Int(2), Num(2.0), Num(0.6666666666666666)]",
                "[Int(3), Num(3.0), Num(1.0)]",
            ]
        );
        let values: Vec<f64> = (0..10_000).map(f64::from).collect();
        let table = npv_distribution_table(&values, Map::new());
        assert_eq!(table.rows.len(), MAX_RANKS);
        assert_eq!(
            format!("{:?}", table.rows[0]),
            "[Int(1), Num(0.0), Num(0.0001)]"
        );
        assert_eq!(
            format!("{:?}", table.rows[MAX_RANKS - 1]),
            "[Int(10000), Num(9999.0), Num(1.0)]"
        );
        assert_eq!(table.meta["chart"], "npv_distribution.svg");
        assert!(npv_distribution_table(&[], Map::new()).rows.is_empty());
    }

    #[test]
    fn thinning_keeps_the_ends_and_at_most_the_limit() {
        assert!(thin(0, 10).is_empty());
        assert_eq!(thin(1, 10), [0]);
        assert_eq!(thin(5, 10), [0, 1, 2, 3, 4]);
        for n in [11, 1000, 1_000_001] {
            let kept = thin(n, 10);
            assert_eq!(kept.len(), 10);
            assert_eq!(kept.first(), Some(&0));
            assert_eq!(kept.last(), Some(&(n - 1)));
            assert!(kept.windows(2).all(|w| w[0] < w[1]), "{kept:?}");
        }
        // A limit below two still keeps both ends.
        assert_eq!(thin(7, 1), [0, 6]);
    }

    #[test]
    fn the_staircase_starts_at_the_first_value_and_ends_at_the_last() {
        let values: Vec<f64> = (0..100_000).map(|i| f64::from(i) * 10.0).collect();
        let points = staircase(&values, -1.0..2.0);
        assert!(points.len() <= 2 * MAX_RANKS + 2);
        assert_eq!(points[1], (0.0, 0.0));
        assert_eq!(points[points.len() - 2], (millions(999_990.0), 100.0));
    }

    #[test]
    fn values_are_sorted_and_cleaned_only_when_they_need_it() {
        assert!(matches!(finite_sorted(&[1.0, 2.0, 2.0]), Cow::Borrowed(_)));
        assert_eq!(
            *finite_sorted(&[3.0, f64::NAN, 1.0, -0.0]),
            [-0.0, 1.0, 3.0]
        );
        assert!(finite_sorted(&[f64::INFINITY]).is_empty());
    }

    #[test]
    fn percentiles_are_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.5), Some(3.0));
        assert_eq!(percentile(&v, 0.1), Some(1.4));
        assert_eq!(percentile(&[7.0], 0.9), Some(7.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn the_share_below_zero_is_rounded_to_its_standard_error() {
        assert_eq!(
            probability_label(0.1234, 0.001),
            "P(NPV < 0) = 12.3 % ± 0.1 %"
        );
        assert_eq!(
            probability_label(0.1234, 0.0003),
            "P(NPV < 0) = 12.34 % ± 0.03 %"
        );
        assert_eq!(probability_label(0.5, 0.05), "P(NPV < 0) = 50 % ± 5 %");
        assert_eq!(probability_label(0.0, 0.0), "P(NPV < 0) = 0 %");
        assert_eq!(probability_label(1.0, 0.0), "P(NPV < 0) = 100 %");
        assert_eq!(probability_label(f64::NAN, 0.1), "P(NPV < 0) not available");
        assert_eq!(probability_label(0.2, f64::NAN), "P(NPV < 0) = 20 %");
    }

    /// Made-up NPVs, evenly spread from `low` to `high` million.
    fn spread(n: usize, low: f64, high: f64) -> Vec<f64> {
        (0..n)
            .map(|i| 1e6 * (low + (high - low) * i as f64 / (n - 1).max(1) as f64))
            .collect()
    }

    #[test]
    fn the_chart_shows_the_share_below_zero_and_the_percentiles() {
        let values = spread(10_001, -200.0, 800.0);
        let svg = npv_distribution_chart(&values, 0.2, 0.004, "CNY").expect("drawn");
        check::common(&svg, TITLE);
        let texts = check::texts(&svg);
        for needed in [
            "NPV, million CNY",
            "paths with an NPV at or below it, %",
            "P(NPV < 0) = 20.0 % ± 0.4 %",
            "p10: -100",
            "p50: 300",
            "p90: 700",
            "p10, p50, p90: -100, 300, 700 million CNY",
            "10,001 simulated paths",
        ] {
            assert!(texts.contains(needed), "no {needed:?} in {texts}");
        }
        assert!(svg.contains("<desc>Cumulative distribution of the NPV over 10,001"));
    }

    #[test]
    fn a_million_paths_make_a_small_svg() {
        let values = spread(1_000_000, -50.0, 150.0);
        let svg = npv_distribution_chart(&values, 0.25, 0.0004, "CNY").expect("drawn");
        check::common(&svg, TITLE);
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
    }

    #[test]
    fn edge_cases_draw_without_panicking_or_nan() {
        let negative = spread(1000, -900.0, -10.0);
        let positive = spread(1000, 10.0, 900.0);
        let equal = [3e7; 50];
        let with_nan = [f64::NEG_INFINITY, -1e6, f64::NAN, 2e6];
        for (values, p, se) in [
            (&[][..], 0.0, 0.0),
            (&[5e6][..], 0.0, 0.0),
            (&equal[..], 0.0, 0.0),
            (&[0.0; 3][..], 0.0, 0.0),
            (&negative[..], 1.0, 0.0),
            (&positive[..], 0.0, 0.0),
            (&with_nan[..], 0.5, 0.3),
            (&positive[..], f64::NAN, f64::NAN),
            (&positive[..], -0.5, -1.0),
        ] {
            let svg = npv_distribution_chart(values, p, se, "CNY").expect("drawn");
            check::common(&svg, TITLE);
        }
        let svg = npv_distribution_chart(&negative, 1.0, 0.0, "CNY").expect("drawn");
        assert!(check::texts(&svg).contains("P(NPV < 0) = 100 %"));
    }
}
