//! The report's charts, drawn with plotters' SVG backend: one module per chart, each taking the
//! numbers it shows (the same numbers the chart's CSV holds) and returning an SVG document.
//!
//! Conventions every chart follows, so that a printed, grayscale copy still reads:
//! - a title, axis titles with units, and a legend beside the plot (never over the data);
//! - series told apart by dash pattern and marker shape as well as by colour; uncertainty bands
//!   are gray at different opacities, the darker the narrower;
//! - text is SVG `<text>` in the generic `sans-serif` family, laid out by whatever displays it,
//!   so no font file is needed to draw or to view a chart.
//!
//! Nothing here computes a forecast or an energy quantity: the numbers come from the libraries
//! through `commands::report`.

pub mod calibration;
pub mod economics;
pub mod forecast;
pub mod power;
pub mod sizing;
pub mod tornado;

use std::fmt;

use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::coord::{CoordTranslate, Shift};
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Width of every chart, pixels (the SVG scales; this sets proportions and text size).
pub const WIDTH: u32 = 960;
/// Height of a one-panel chart, pixels.
pub const HEIGHT: u32 = 540;
/// Width of the legend column on the right of every chart, pixels.
const LEGEND_WIDTH: u32 = 270;
/// The font family: a generic family, so the viewer's own sans-serif font lays out the text.
const FONT: &str = "sans-serif";

/// Why a chart could not be drawn (plotters' error, in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for ChartError {}

/// Turns a plotters error into a [`ChartError`] naming the chart.
fn fail<E: fmt::Display>(chart: &'static str) -> impl Fn(E) -> ChartError {
    move |e| ChartError(format!("drawing {chart}: {e}"))
}

/// A drawing area in pixels.
type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

/// A chart area over years (x) and one real quantity (y).
type YearChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordi32, RangedCoordf64>>;

/// How a line is drawn; with its marker, it tells series apart without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dash {
    /// A continuous line.
    Solid,
    /// Dashes of 8 px, gaps of 5 px.
    Dashed,
    /// Dashes of 16 px, gaps of 6 px.
    LongDash,
    /// Dots of 2 px, gaps of 4 px.
    Dotted,
}

/// The marker drawn at each data point of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marker {
    /// No marker.
    None,
    /// A filled circle.
    Disc,
    /// An open circle.
    Circle,
    /// An open square.
    Square,
    /// An open triangle.
    Triangle,
    /// A cross (x).
    Cross,
    /// An open diamond.
    Diamond,
}

/// The look of one line series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineStyle {
    /// Colour (secondary: the dash and marker carry the distinction in grayscale).
    pub color: RGBColor,
    /// Stroke width, pixels.
    pub width: u32,
    /// Dash pattern.
    pub dash: Dash,
    /// Marker at each point.
    pub marker: Marker,
}

/// Okabe and Ito's colour-blind-safe palette (black first), whose colours also differ in
/// lightness; used in this order.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
];

/// Gray of the uncertainty bands (drawn at an opacity).
const BAND: RGBColor = RGBColor(0x40, 0x40, 0x40);

/// Opacity of the wider band (a 95 % interval).
pub const WIDE_BAND_OPACITY: f64 = 0.15;
/// Opacity of the narrower band (an 80 % interval, or the simulated p10 to p90).
pub const NARROW_BAND_OPACITY: f64 = 0.32;

impl LineStyle {
    /// A style.
    pub const fn new(color: RGBColor, width: u32, dash: Dash, marker: Marker) -> LineStyle {
        LineStyle {
            color,
            width,
            dash,
            marker,
        }
    }

    fn shape(&self) -> ShapeStyle {
        self.color.stroke_width(self.width)
    }
}

/// What one legend entry shows beside its label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A line sample with its markers.
    Line(LineStyle),
    /// A band: a gray box at an opacity.
    Band(f64),
    /// A filled box of a colour with a black outline (a tornado bar).
    Box(RGBColor),
    /// Markers only, no line (data points).
    Points(LineStyle),
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// The sample.
    pub swatch: Swatch,
    /// The label (wrapped to the legend's width).
    pub label: String,
}

/// Starts a chart: a white canvas, the title on top, and the plot and legend areas (plot left,
/// legend right).
fn canvas<'b>(
    root: &Area<'b>,
    title: &str,
    chart: &'static str,
) -> Result<(Area<'b>, Area<'b>), ChartError> {
    root.fill(&WHITE).map_err(fail(chart))?;
    let body = root
        .titled(title, (FONT, 26).into_font().style(FontStyle::Bold))
        .map_err(fail(chart))?;
    let (width, _) = body.dim_in_pixel();
    Ok(body.split_horizontally(width.saturating_sub(LEGEND_WIDTH)))
}

/// Draws the legend into its column: one entry per row, labels wrapped.
fn legend(area: &Area<'_>, entries: &[LegendEntry], chart: &'static str) -> Result<(), ChartError> {
    let font = (FONT, 16).into_font();
    let line_height = LEGEND_LINE;
    let x0 = 12;
    // Samples 46 px long: long enough to show two gaps of every dash pattern, with the marker
    // three quarters along so that it hides no gap.
    let sample = 46;
    let text_x = x0 + sample + 8;
    let mut y = LEGEND_TOP;
    area.draw(&Text::new(
        "Legend",
        (x0, y - 18),
        (FONT, 17).into_font().style(FontStyle::Bold),
    ))
    .map_err(fail(chart))?;
    for entry in entries {
        let lines = wrap(&entry.label, LEGEND_CHARS);
        let middle = y + 6;
        match entry.swatch {
            Swatch::Line(style) => {
                draw_line(area, &[(x0, middle), (x0 + sample, middle)], &style, chart)?;
                draw_markers(area, &[(x0 + 34, middle)], &style, chart)?;
            }
            Swatch::Points(style) => {
                draw_markers(area, &[(x0 + sample / 2, middle)], &style, chart)?
            }
            Swatch::Band(opacity) => {
                area.draw(&Rectangle::new(
                    [(x0, middle - 7), (x0 + sample, middle + 7)],
                    BAND.mix(opacity).filled(),
                ))
                .map_err(fail(chart))?;
            }
            Swatch::Box(color) => {
                area.draw(&Rectangle::new(
                    [(x0, middle - 7), (x0 + sample, middle + 7)],
                    color.filled(),
                ))
                .map_err(fail(chart))?;
                area.draw(&Rectangle::new(
                    [(x0, middle - 7), (x0 + sample, middle + 7)],
                    BLACK.stroke_width(1),
                ))
                .map_err(fail(chart))?;
            }
        }
        for (i, line) in lines.iter().enumerate() {
            area.draw(&Text::new(
                line.clone(),
                (text_x, y + i as i32 * line_height),
                font.clone(),
            ))
            .map_err(fail(chart))?;
        }
        y += line_height * lines.len().max(1) as i32 + LEGEND_GAP;
    }
    Ok(())
}

/// Characters per legend line (the legend column's width at the legend's font size).
const LEGEND_CHARS: usize = 26;
/// Height of one line of legend text, pixels.
const LEGEND_LINE: i32 = 18;
/// Space after each legend entry, pixels.
const LEGEND_GAP: i32 = 12;
/// Room above the legend's first entry (its heading), pixels.
const LEGEND_TOP: i32 = 30;

/// The height a chart needs: `base`, or more when its legend is longer than that (a site with
/// many models), so the legend is never cut off.
fn height_for(base: u32, entries: &[LegendEntry]) -> u32 {
    let legend: i32 = LEGEND_TOP
        + entries
            .iter()
            .map(|e| LEGEND_LINE * wrap(&e.label, LEGEND_CHARS).len().max(1) as i32 + LEGEND_GAP)
            .sum::<i32>();
    // The title above the legend column, and a margin below it.
    let needed = u32::try_from(legend + 60).unwrap_or(base);
    base.max(needed)
}

/// Splits `text` into lines of at most about `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// A line through `points` (in the area's coordinates), dashed as the style says.
fn draw_line<CT: CoordTranslate>(
    area: &DrawingArea<SVGBackend<'_>, CT>,
    points: &[CT::From],
    style: &LineStyle,
    chart: &'static str,
) -> Result<(), ChartError>
where
    CT::From: Clone,
{
    let shape = style.shape();
    match dash_lengths(style.dash) {
        None => area.draw(&PathElement::new(points.to_vec(), shape)),
        Some((dash, gap)) => area.draw(&DashedPathElement::new(points.to_vec(), dash, gap, shape)),
    }
    .map_err(fail(chart))
}

/// Dash and gap lengths of a pattern, pixels; `None` for a solid line.
fn dash_lengths(dash: Dash) -> Option<(i32, i32)> {
    match dash {
        Dash::Solid => None,
        Dash::Dashed => Some((8, 5)),
        Dash::LongDash => Some((16, 6)),
        Dash::Dotted => Some((2, 4)),
    }
}

/// The style's marker at each of `points` (in the area's coordinates); the marker's shape is
/// in pixels around the point.
fn draw_markers<CT: CoordTranslate>(
    area: &DrawingArea<SVGBackend<'_>, CT>,
    points: &[CT::From],
    style: &LineStyle,
    chart: &'static str,
) -> Result<(), ChartError>
where
    CT::From: Clone,
{
    let stroke = style.color.stroke_width(2);
    for p in points {
        let at = || EmptyElement::at(p.clone());
        let result = match style.marker {
            Marker::None => Ok(()),
            Marker::Disc => area.draw(&(at() + Circle::new((0, 0), 5, style.color.filled()))),
            Marker::Circle => area.draw(&(at() + Circle::new((0, 0), 5, stroke))),
            Marker::Square => area.draw(&(at() + Rectangle::new([(-4, -4), (4, 4)], stroke))),
            Marker::Triangle => area
                .draw(&(at() + PathElement::new(vec![(0, -6), (5, 4), (-5, 4), (0, -6)], stroke))),
            Marker::Cross => area.draw(
                &(at()
                    + PathElement::new(vec![(-4, -4), (4, 4)], stroke)
                    + PathElement::new(vec![(-4, 4), (4, -4)], stroke)),
            ),
            Marker::Diamond => area.draw(
                &(at() + PathElement::new(vec![(0, -6), (5, 0), (0, 6), (-5, 0), (0, -6)], stroke)),
            ),
        };
        result.map_err(fail(chart))?;
    }
    Ok(())
}

/// A line series over years with its markers.
fn year_line(
    chart: &YearChart<'_, '_>,
    points: &[(i32, f64)],
    style: &LineStyle,
    name: &'static str,
) -> Result<(), ChartError> {
    let area = chart.plotting_area();
    if points.len() > 1 {
        draw_line(area, points, style, name)?;
    }
    draw_markers(area, points, style, name)
}

/// Markers only, no line, over years (data points).
fn year_points(
    chart: &YearChart<'_, '_>,
    points: &[(i32, f64)],
    style: &LineStyle,
    name: &'static str,
) -> Result<(), ChartError> {
    draw_markers(chart.plotting_area(), points, style, name)
}

/// A gray band between `lower` and `upper` over years, at an opacity.
fn year_band(
    chart: &YearChart<'_, '_>,
    band: &[(i32, f64, f64)],
    opacity: f64,
    name: &'static str,
) -> Result<(), ChartError> {
    if band.is_empty() {
        return Ok(());
    }
    let outline: Vec<(i32, f64)> = band
        .iter()
        .map(|&(year, _, upper)| (year, upper))
        .chain(band.iter().rev().map(|&(year, lower, _)| (year, lower)))
        .collect();
    chart
        .plotting_area()
        .draw(&Polygon::new(outline, BAND.mix(opacity).filled()))
        .map_err(fail(name))
}

/// The y range that shows `values` with some room: from 0 when `from_zero` (quantities whose
/// size matters), and never empty.
fn value_range(values: impl IntoIterator<Item = f64>, from_zero: bool) -> std::ops::Range<f64> {
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        low = low.min(v);
        high = high.max(v);
    }
    if !low.is_finite() {
        return 0.0..1.0;
    }
    if from_zero {
        low = low.min(0.0);
    }
    let span = high - low;
    let pad = if span > 0.0 {
        span * 0.06
    } else {
        (high.abs() * 0.05).max(1e-6)
    };
    let bottom = if from_zero && low >= 0.0 {
        low
    } else {
        low - pad
    };
    bottom..high + pad
}

/// The axis styles every chart uses: readable labels, light grid.
fn mesh_fonts() -> (TextStyle<'static>, TextStyle<'static>) {
    ((FONT, 18).into_font().into(), (FONT, 16).into_font().into())
}

/// A number for an axis tick, with no more decimals than it needs.
fn tick(v: f64) -> String {
    let a = v.abs();
    if a >= 100.0 || v == 0.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        trim(format!("{v:.1}"))
    } else if a >= 1.0 {
        trim(format!("{v:.2}"))
    } else {
        trim(format!("{v:.3}"))
    }
}

/// Removes trailing zeros of a decimal ("0.50" → "0.5", "2.00" → "2").
fn trim(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A number for a label in a chart: four significant digits at most.
pub fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        trim(format!("{v:.1}"))
    } else if a >= 1.0 {
        trim(format!("{v:.2}"))
    } else {
        trim(format!("{v:.3}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_never_empty_and_start_at_zero_when_asked() {
        assert_eq!(value_range([], true), 0.0..1.0);
        let r = value_range([5.0, 5.0], false);
        assert!(r.start < 5.0 && r.end > 5.0);
        let r = value_range([0.0, 0.0], true);
        assert!(r.start == 0.0 && r.end > 0.0);
        let r = value_range([200.0, 300.0], true);
        assert!(r.start == 0.0 && r.end > 300.0);
        let r = value_range([f64::NAN, 1.0, 2.0], false);
        assert!(r.start < 1.0 && r.end > 2.0);
    }

    #[test]
    fn labels_wrap_at_spaces() {
        assert_eq!(
            wrap("simulated p10 to p90 (every input; models mixed)", 20),
            ["simulated p10 to p90", "(every input; models", "mixed)"]
        );
        assert!(wrap("", 10).is_empty());
    }

    #[test]
    fn ticks_and_labels_drop_needless_decimals() {
        assert_eq!(tick(2.0), "2");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(150.0), "150");
        assert_eq!(short(210.578), "210.6");
        assert_eq!(short(0.85333), "0.853");
    }
}
