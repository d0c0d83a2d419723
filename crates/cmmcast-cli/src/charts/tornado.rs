//! `tornado.svg`: the sensitivity ranking. One horizontal bar per input, largest swing at the
//! top: from the base case (every input at its median) to the output with the input at its
//! p10 (dark) and at its p90 (light), each end labelled with the input's setting. Inputs that
//! are fixed, or that do not move this output, are listed with no bar.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde_json::{Map, Value, json};

use super::{
    ChartError, Dash, HEIGHT, LegendEntry, LineStyle, Marker, PALETTE, Swatch, WIDTH, canvas,
    draw_line, fail, height_for, legend, mesh_fonts, short, tick, value_range,
};
use cmmcast_forecast::sim::TornadoBar;

use cmmcast_forecast::energy::Quantity;

use crate::report::Report;
use crate::tables::tornado::{columns_in, row_cells};

/// The chart's name in errors.
const NAME: &str = "tornado.svg";

/// One input's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRow {
    /// The input: a scenario key, `trend` or `model_choice`.
    pub input: String,
    /// The low setting (the input's p10; methane for trend and model_choice).
    pub low: f64,
    /// The high setting (the input's p90).
    pub high: f64,
    /// The output at the low setting, the others at their medians.
    pub output_low: f64,
    /// The output at the high setting.
    pub output_high: f64,
    /// |output_high - output_low|.
    pub swing: f64,
    /// Whether the input cannot vary (fixed, or left out of the scenario).
    pub fixed: bool,
    /// What low and high are, in words.
    pub settings: String,
}

impl From<&TornadoBar> for TornadoRow {
    fn from(bar: &TornadoBar) -> TornadoRow {
        TornadoRow {
            input: bar.input.clone(),
            low: bar.low_setting,
            high: bar.high_setting,
            output_low: bar.output_at_low,
            output_high: bar.output_at_high,
            swing: bar.swing,
            fixed: bar.fixed,
            settings: bar.describe(),
        }
    }
}

/// Everything `tornado.svg` and `tornado.csv` show.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoChart {
    /// The site's name (in the title).
    pub site: String,
    /// The output ranked by (`electricity_gwh`, ...).
    pub output: &'static str,
    /// Its unit in words.
    pub unit: &'static str,
    /// The year ranked.
    pub year: i32,
    /// The output of the base case.
    pub base: f64,
    /// The bars, largest swing first.
    pub rows: Vec<TornadoRow>,
}

/// Fill of the bar's part at the input's p10.
pub const LOW_FILL: RGBColor = RGBColor(0x4D, 0x4D, 0x4D);
/// Fill of the bar's part at the input's p90.
pub const HIGH_FILL: RGBColor = RGBColor(0xD0, 0xD0, 0xD0);
/// The base case: a black vertical line.
pub const BASE_STYLE: LineStyle = LineStyle::new(PALETTE[0], 2, Dash::Solid, Marker::None);

impl TornadoChart {
    /// The numbers behind the chart (the columns of `cmmcast simulate --tornado`).
    pub fn table(&self, meta: Map<String, Value>) -> Report {
        let decimals = Quantity::parse(self.output).map_or(2, Quantity::table_decimals);
        let columns = columns_in(self.unit, decimals);
        let rows = self
            .rows
            .iter()
            .map(|r| {
                row_cells(
                    &r.input,
                    (r.low, r.high),
                    (r.output_low, r.output_high),
                    r.swing,
                    r.settings.clone(),
                )
                .to_vec()
            })
            .collect();
        let mut meta = meta;
        meta.insert("chart".into(), json!(NAME));
        meta.insert("output".into(), json!(self.output));
        meta.insert("year".into(), json!(self.year));
        meta.insert("base_value".into(), json!(self.base));
        Report {
            notes: Vec::new(),
            meta,
            columns,
            rows,
        }
    }

    /// The label of a bar on the y axis: the input, and why it has no bar when it has none.
    pub fn bar_label(row: &TornadoRow) -> String {
        if row.fixed {
            format!("{} (fixed)", row.input)
        } else if row.swing == 0.0 {
            format!("{} (no effect)", row.input)
        } else {
            row.input.clone()
        }
    }

    /// The legend.
    pub fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry {
                swatch: Swatch::Box(LOW_FILL),
                label: "input at its p10 (low setting), the others at their medians".into(),
            },
            LegendEntry {
                swatch: Swatch::Box(HIGH_FILL),
                label: "input at its p90 (high setting), the others at their medians".into(),
            },
            LegendEntry {
                swatch: Swatch::Line(BASE_STYLE),
                label: format!(
                    "base case, every input at its median: {} {}",
                    short(self.base),
                    self.unit
                ),
            },
            LegendEntry {
                swatch: Swatch::Points(LineStyle::new(WHITE, 1, Dash::Solid, Marker::None)),
                label: "numbers at the bar ends: the input's setting (methane, million m3, for trend and model_choice)".into(),
            },
        ]
    }
}

/// Draws `tornado.svg`.
pub fn svg(data: &TornadoChart) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let entries = data.legend();
        let height = height_for(HEIGHT, &entries);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let title = format!(
            "{}: what moves {} in {} (tornado)",
            data.site, data.output, data.year
        );
        let (plot, side) = canvas(&root, &title, NAME)?;
        let n = i32::try_from(data.rows.len())
            .unwrap_or(i32::MAX - 1)
            .max(1);
        let values = data
            .rows
            .iter()
            .flat_map(|r| [r.output_low, r.output_high])
            .chain([data.base]);
        let range = value_range(values, false);
        // Room beyond the bars for the settings written at their ends.
        let room = (range.end - range.start) * 0.12;
        let x = range.start - room..range.end + room;
        let labels: Vec<String> = data.rows.iter().map(TornadoChart::bar_label).collect();
        // Rank r (0 = largest swing) sits in segment n - 1 - r, so the largest is at the top.
        let label_of = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => usize::try_from(n - 1 - *i)
                .ok()
                .and_then(|r| labels.get(r))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        };
        // Segments 0 to n - 1, the last ending at `Last`.
        let top_of = |i: i32| {
            if i + 1 < n {
                SegmentValue::Exact(i + 1)
            } else {
                SegmentValue::Last
            }
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(230)
            .build_cartesian_2d(x.clone(), (0..(n - 1).max(1)).into_segmented())
            .map_err(fail(NAME))?;
        let (desc, label_style) = mesh_fonts();
        let x_desc = format!("{} in {}, {}", data.output, data.year, data.unit);
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc("input")
            .x_labels(8)
            .y_labels(data.rows.len())
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&label_of)
            .axis_desc_style(desc)
            .label_style(label_style)
            .disable_y_mesh()
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(fail(NAME))?;
        let area = chart.plotting_area();
        let font = ("sans-serif", 15).into_font();
        for (rank, row) in data.rows.iter().enumerate() {
            let i = n - 1 - i32::try_from(rank).unwrap_or(0);
            for (end, setting, fill) in [
                (row.output_low, row.low, LOW_FILL),
                (row.output_high, row.high, HIGH_FILL),
            ] {
                // No bar where the input does not move the output beyond rounding.
                if (end - data.base).abs() <= 1e-9 * end.abs().max(data.base.abs()) {
                    continue;
                }
                let corners = [
                    (data.base.min(end), SegmentValue::Exact(i)),
                    (data.base.max(end), top_of(i)),
                ];
                let mut bar = Rectangle::new(corners.clone(), fill.filled());
                bar.set_margin(7, 7, 0, 0);
                area.draw(&bar).map_err(fail(NAME))?;
                let mut outline = Rectangle::new(corners, BLACK.stroke_width(1));
                outline.set_margin(7, 7, 0, 0);
                area.draw(&outline).map_err(fail(NAME))?;
                let (anchor, shift) = if end < data.base {
                    (HPos::Right, -5)
                } else {
                    (HPos::Left, 5)
                };
                area.draw(
                    &(EmptyElement::at((end, SegmentValue::CenterOf(i)))
                        + Text::new(
                            short(setting),
                            (shift, 0),
                            TextStyle::from(font.clone()).pos(Pos::new(anchor, VPos::Center)),
                        )),
                )
                .map_err(fail(NAME))?;
            }
        }
        draw_line(
            area,
            &[
                (data.base, SegmentValue::Exact(0)),
                (data.base, SegmentValue::Last),
            ],
            &BASE_STYLE,
            NAME,
        )?;
        legend(&side, &entries, NAME)?;
        root.present().map_err(fail(NAME))?;
    }
    Ok(svg)
}
