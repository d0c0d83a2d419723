//! The cash-flow chart: per year a bar up for the revenue and a bar down for the costs, the net
//! cash flow as a marker, and the cumulative discounted cash flow as a line, whose first year at
//! or above zero (the discounted payback) is marked. Two bars rather than one net bar, so that a
//! reader sees what the net is made of: the capex year's deep cost bar, then revenue that has
//! to outgrow the running costs.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::{
    ChartError, Dash, HEIGHT, LegendEntry, LineStyle, Marker, PALETTE, Swatch, WIDTH, canvas,
    draw_line, draw_markers, fail, height_for, legend, mesh_fonts, short, tick,
};
use super::{millions, money_range, money_unit, with_title_and_desc};

/// The chart's name in errors.
const NAME: &str = "cash_flow.svg";

/// The chart's title.
pub const TITLE: &str = "Cash flow by year";

/// One year of the cash-flow chart, in the currency (not millions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CashFlowBar {
    /// Calendar year.
    pub year: i32,
    /// Power and carbon revenue.
    pub revenue: f64,
    /// Capex, O&M, gas cost and tax, as a positive number.
    pub costs: f64,
    /// The year's cash flow (revenue less costs).
    pub cash_flow: f64,
    /// Sum of the discounted cash flows up to and including this year; the last is the NPV.
    pub cumulative_discounted: f64,
}

/// Fill of the revenue bars: light, so that revenue and costs differ in grayscale.
pub const REVENUE_FILL: RGBColor = RGBColor(0xB4, 0xDE, 0xCF);
/// Fill of the cost bars: dark.
pub const COSTS_FILL: RGBColor = RGBColor(0x5A, 0x4A, 0x40);
/// The net cash flow of each year: black diamonds, no line.
pub const NET_STYLE: LineStyle = LineStyle::new(PALETTE[0], 2, Dash::Solid, Marker::Diamond);
/// The cumulative discounted cash flow: blue, thick, solid, open circles.
pub const CUMULATIVE_STYLE: LineStyle = LineStyle::new(PALETTE[1], 3, Dash::Solid, Marker::Circle);
/// The discounted payback year: vermilion, long dashes.
pub const PAYBACK_STYLE: LineStyle = LineStyle::new(PALETTE[2], 2, Dash::LongDash, Marker::None);
/// Zero: a thin black line.
const ZERO_STYLE: LineStyle = LineStyle::new(PALETTE[0], 1, Dash::Solid, Marker::None);

/// Half a bar's width, in years: the bars of neighbouring years keep a gap between them.
const HALF_BAR: f64 = 0.35;

/// The first year whose cumulative discounted cash flow is at least zero: the discounted payback
/// as the library's `payback_index` counts it (a first crossing; a later capacity addition can
/// take the sum below zero again, which the line shows).
pub fn payback_year(rows: &[CashFlowBar]) -> Option<i32> {
    rows.iter()
        .find(|r| r.cumulative_discounted.is_finite() && r.cumulative_discounted >= 0.0)
        .map(|r| r.year)
}

/// The legend.
fn legend_entries(rows: &[CashFlowBar], unit: &str) -> Vec<LegendEntry> {
    let last = rows
        .iter()
        .rev()
        .find(|r| r.cumulative_discounted.is_finite());
    vec![
        LegendEntry {
            swatch: Swatch::Box(REVENUE_FILL),
            label: "revenue: power and carbon (up)".into(),
        },
        LegendEntry {
            swatch: Swatch::Box(COSTS_FILL),
            label: "costs: capex, O&M, gas and tax (down)".into(),
        },
        LegendEntry {
            swatch: Swatch::Points(NET_STYLE),
            label: "net cash flow of the year".into(),
        },
        LegendEntry {
            swatch: Swatch::Line(CUMULATIVE_STYLE),
            label: match last {
                Some(r) => format!(
                    "cumulative discounted cash flow; by {}: {} {unit} (the NPV)",
                    r.year,
                    short(millions(r.cumulative_discounted))
                ),
                None => "cumulative discounted cash flow".into(),
            },
        },
        LegendEntry {
            swatch: Swatch::Line(PAYBACK_STYLE),
            label: payback_words(rows),
        },
    ]
}

/// The discounted payback in words, for the legend and the description.
fn payback_words(rows: &[CashFlowBar]) -> String {
    match (payback_year(rows), rows.last()) {
        (Some(year), _) => format!("discounted payback: {year}"),
        (None, Some(last)) => format!("no discounted payback by {}", last.year),
        (None, None) => "no years to pay back in".into(),
    }
}

/// The chart's description in words.
fn description(rows: &[CashFlowBar], unit: &str) -> String {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return "No cash flows to show.".into();
    };
    let npv = match rows
        .iter()
        .rev()
        .find(|r| r.cumulative_discounted.is_finite())
    {
        Some(r) => format!(
            ", {} {unit} by {} (the NPV)",
            short(millions(r.cumulative_discounted)),
            r.year
        ),
        None => String::new(),
    };
    format!(
        "Bars for each year from {} to {}, {unit}: revenue (power and carbon) upward, costs \
         (capex, O&M, gas and tax) downward, the net cash flow as a diamond. Line: the \
         cumulative discounted cash flow{npv}. {}.",
        first.year,
        last.year,
        payback_words(rows)
    )
}

/// Draws the cash-flow chart: `rows` one per year in year order, money in `currency` units.
pub fn cash_flow_chart(rows: &[CashFlowBar], currency: &str) -> Result<String, ChartError> {
    let unit = money_unit(currency);
    let mut svg = String::new();
    {
        let entries = legend_entries(rows, &unit);
        let height = height_for(HEIGHT, &entries);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let (plot, side) = canvas(&root, TITLE, NAME)?;
        let years = || rows.iter().map(|r| f64::from(r.year));
        let first = years().fold(f64::INFINITY, f64::min);
        let last = years().fold(f64::NEG_INFINITY, f64::max);
        let (first, last) = if first.is_finite() {
            (first, last)
        } else {
            (0.0, 0.0)
        };
        let x = first - 0.5..last + 0.5;
        let y = money_range(rows.iter().flat_map(|r| {
            [r.revenue, -r.costs, r.cash_flow, r.cumulative_discounted].map(millions)
        }));
        let mut chart = ChartBuilder::on(&plot)
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(84)
            .build_cartesian_2d(x.clone(), y.clone())
            .map_err(fail(NAME))?;
        let (desc, labels) = mesh_fonts();
        // One label a year at most, so that the labels fall on whole years; the formatter
        // leaves any other tick blank.
        let year_count = usize::try_from((last - first) as i64 + 1).unwrap_or(1);
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc(format!("cash flow, {unit}"))
            .x_labels(year_count.clamp(1, 12))
            .y_labels(8)
            .x_label_formatter(&|v| {
                if rows.is_empty() || (v - v.round()).abs() > 1e-6 {
                    String::new()
                } else {
                    format!("{v:.0}")
                }
            })
            .y_label_formatter(&|v| tick(*v))
            .axis_desc_style(desc)
            .label_style(labels)
            .disable_x_mesh()
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(fail(NAME))?;
        let area = chart.plotting_area();
        for row in rows {
            let at = f64::from(row.year);
            for (value, fill) in [(row.revenue, REVENUE_FILL), (-row.costs, COSTS_FILL)] {
                let value = millions(value);
                if !value.is_finite() || value == 0.0 {
                    continue;
                }
                let corners = [(at - HALF_BAR, 0.0), (at + HALF_BAR, value)];
                area.draw(&Rectangle::new(corners, fill.filled()))
                    .map_err(fail(NAME))?;
                area.draw(&Rectangle::new(corners, BLACK.stroke_width(1)))
                    .map_err(fail(NAME))?;
            }
        }
        draw_line(area, &[(x.start, 0.0), (x.end, 0.0)], &ZERO_STYLE, NAME)?;
        if let Some(year) = payback_year(rows) {
            let at = f64::from(year);
            draw_line(area, &[(at, y.start), (at, y.end)], &PAYBACK_STYLE, NAME)?;
            let (anchor, shift) = if at > (x.start + x.end) / 2.0 {
                (HPos::Right, -6)
            } else {
                (HPos::Left, 6)
            };
            area.draw(
                &(EmptyElement::at((at, y.end))
                    + Text::new(
                        format!("discounted payback: {year}"),
                        (shift, 8),
                        TextStyle::from(("sans-serif", 17).into_font().style(FontStyle::Bold))
                            .pos(Pos::new(anchor, VPos::Top)),
                    )),
            )
            .map_err(fail(NAME))?;
        }
        let net: Vec<(f64, f64)> = rows
            .iter()
            .map(|r| (f64::from(r.year), millions(r.cash_flow)))
            .filter(|p| p.1.is_finite())
            .collect();
        draw_markers(area, &net, &NET_STYLE, NAME)?;
        let cumulative: Vec<(f64, f64)> = rows
            .iter()
            .map(|r| (f64::from(r.year), millions(r.cumulative_discounted)))
            .filter(|p| p.1.is_finite())
            .collect();
        if cumulative.len() > 1 {
            draw_line(area, &cumulative, &CUMULATIVE_STYLE, NAME)?;
        }
        draw_markers(area, &cumulative, &CUMULATIVE_STYLE, NAME)?;
        legend(&side, &entries, NAME)?;
        root.present().map_err(fail(NAME))?;
    }
    Ok(with_title_and_desc(svg, TITLE, &description(rows, &unit)))
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    /// A plant: capex of 900 million the year before it runs, then 200 million of revenue and
    /// 80 million of costs a year, discounted at 8 %.
    fn plant(years: i32) -> Vec<CashFlowBar> {
        let mut cumulative = 0.0;
        (0..years)
            .map(|k| {
                let (revenue, costs) = if k == 0 { (0.0, 9e8) } else { (2e8, 8e7) };
                let cash_flow = revenue - costs;
                cumulative += cash_flow / 1.08f64.powi(k);
                CashFlowBar {
                    year: 2024 + k,
                    revenue,
                    costs,
                    cash_flow,
                    cumulative_discounted: cumulative,
                }
            })
            .collect()
    }

    #[test]
    fn the_chart_shows_bars_line_payback_and_its_units() {
        let rows = plant(20);
        let payback = payback_year(&rows).expect("pays back");
        assert!(rows[usize::try_from(payback - 2024).expect("index")].cumulative_discounted >= 0.0);
        assert!(rows[usize::try_from(payback - 2025).expect("index")].cumulative_discounted < 0.0);
        let svg = cash_flow_chart(&rows, "CNY").expect("drawn");
        check::common(&svg, TITLE);
        let texts = check::texts(&svg);
        for needed in [
            "cash flow, million CNY",
            "year",
            "2024",
            "revenue: power and carbon",
            "costs: capex, O&M, gas and tax",
            "net cash flow",
            "cumulative discounted cash flow",
            &format!("discounted payback: {payback}"),
        ] {
            assert!(texts.contains(needed), "no {needed:?} in {texts}");
        }
        // Ticks in millions: no axis label carries the full digits.
        assert!(!texts.contains("900000000"), "{texts}");
        // Two bars a year but for the capex year's missing revenue, each filled and outlined.
        assert_eq!(
            svg.matches("<rect ").count() - rect_count_without_bars(),
            2 * 39
        );
        assert!(svg.contains("<desc>Bars for each year from 2024 to 2043"));
    }

    /// The rectangles every chart has besides its bars (background, legend boxes), found by
    /// drawing the chart with no rows.
    fn rect_count_without_bars() -> usize {
        cash_flow_chart(&[], "CNY")
            .expect("drawn")
            .matches("<rect ")
            .count()
    }

    #[test]
    fn a_plant_that_never_pays_back_says_so() {
        let mut rows = plant(4);
        rows.iter_mut()
            .for_each(|r| r.cumulative_discounted -= 1e10);
        assert_eq!(payback_year(&rows), None);
        let svg = cash_flow_chart(&rows, "CNY").expect("drawn");
        check::common(&svg, TITLE);
        assert!(check::texts(&svg).contains("no discounted payback by 2027"));
    }

    #[test]
    fn edge_cases_draw_without_panicking_or_nan() {
        let one = plant(1);
        let equal = [CashFlowBar {
            year: 2030,
            revenue: 5.0,
            costs: 5.0,
            cash_flow: 0.0,
            cumulative_discounted: 0.0,
        }; 3];
        let broken = [CashFlowBar {
            year: 2030,
            revenue: f64::NAN,
            costs: f64::INFINITY,
            cash_flow: f64::NAN,
            cumulative_discounted: f64::NEG_INFINITY,
        }];
        let zeros: Vec<CashFlowBar> = (2030..2033)
            .map(|year| CashFlowBar {
                year,
                revenue: 0.0,
                costs: 0.0,
                cash_flow: 0.0,
                cumulative_discounted: 0.0,
            })
            .collect();
        for (rows, currency) in [
            (&[][..], "CNY"),
            (&one[..], "CNY"),
            (&equal[..], "CNY"),
            (&broken[..], "CNY"),
            (&zeros[..], ""),
            (&one[..], "R&D <units>"),
        ] {
            let svg = cash_flow_chart(rows, currency).expect("drawn");
            check::common(&svg, TITLE);
        }
    }
}
