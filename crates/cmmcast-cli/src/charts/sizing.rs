//! `sizing.svg`: how busy each engine count would be under the simulated daily gas flow. Mean
//! and p10 capacity factor and mean utilization against the number of engines, the minimum
//! capacity factor of the recommendation rule as a horizontal line, and the recommended count
//! marked with a vertical line.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde_json::{Map, Value, json};

use super::{
    ChartError, Dash, HEIGHT, LegendEntry, LineStyle, Marker, PALETTE, Swatch, WIDTH, canvas,
    draw_line, draw_markers, fail, height_for, legend, mesh_fonts, short, tick, value_range,
};
use cmmcast_forecast::sim::EngineCount;

use crate::report::{Cell, Column, Report};
use crate::tables::sizing::{engine_count_cells, engine_count_columns};

/// The chart's name in errors.
const NAME: &str = "sizing.svg";

/// Everything `sizing.svg` and `sizing.csv` show.
#[derive(Debug, Clone, PartialEq)]
pub struct SizingChart {
    /// The site's name (in the title).
    pub site: String,
    /// One engine's capacity, MW.
    pub unit_mw: f64,
    /// The years sized, in words ("2017-2030").
    pub years: String,
    /// One row per engine count, 1 to the maximum.
    pub rows: Vec<EngineCount>,
    /// The recommended count, if any qualifies.
    pub recommended: Option<u32>,
    /// The recommendation's minimum p10 capacity factor.
    pub min_capacity_factor: f64,
}

/// Mean capacity factor: black, solid, discs.
pub const MEAN_STYLE: LineStyle = LineStyle::new(PALETTE[0], 2, Dash::Solid, Marker::Disc);
/// p10 capacity factor: blue, dashed, squares.
pub const P10_STYLE: LineStyle = LineStyle::new(PALETTE[1], 2, Dash::Dashed, Marker::Square);
/// Utilization: vermilion, long dashes, triangles.
pub const UTILIZATION_STYLE: LineStyle =
    LineStyle::new(PALETTE[2], 2, Dash::LongDash, Marker::Triangle);
/// The minimum capacity factor: gray, dotted.
pub const THRESHOLD_STYLE: LineStyle =
    LineStyle::new(RGBColor(0x55, 0x55, 0x55), 2, Dash::Dotted, Marker::None);
/// The recommended count: black, solid, thin.
pub const RECOMMENDED_STYLE: LineStyle = LineStyle::new(PALETTE[0], 2, Dash::Solid, Marker::None);

impl SizingChart {
    /// The numbers behind the chart (the columns of `cmmcast size`), with the recommended row
    /// marked.
    pub fn table(&self, meta: Map<String, Value>) -> Report {
        let mut columns = engine_count_columns();
        columns.push(Column::text(
            "recommended",
            "true on the recommended engine count's row, false on the others (as `cmmcast size`)",
        ));
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut row = engine_count_cells(r).to_vec();
                row.push(Cell::Bool(Some(r.engines) == self.recommended));
                row
            })
            .collect();
        let mut meta = meta;
        meta.insert("chart".into(), json!(NAME));
        meta.insert("recommended_engines".into(), json!(self.recommended));
        meta.insert("unit_mw".into(), json!(self.unit_mw));
        meta.insert(
            "min_capacity_factor".into(),
            json!(self.min_capacity_factor),
        );
        Report {
            notes: Vec::new(),
            meta,
            columns,
            rows,
        }
    }

    /// The legend.
    pub fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![
            LegendEntry {
                swatch: Swatch::Line(MEAN_STYLE),
                label: "capacity factor, mean".into(),
            },
            LegendEntry {
                swatch: Swatch::Line(P10_STYLE),
                label: "capacity factor, p10 (9 path-years in 10 reach it)".into(),
            },
            LegendEntry {
                swatch: Swatch::Line(UTILIZATION_STYLE),
                label: "utilization, mean (burnt / drained)".into(),
            },
            LegendEntry {
                swatch: Swatch::Line(THRESHOLD_STYLE),
                label: format!(
                    "minimum p10 capacity factor of the recommendation ({})",
                    short(self.min_capacity_factor)
                ),
            },
        ];
        entries.push(LegendEntry {
            swatch: Swatch::Line(RECOMMENDED_STYLE),
            label: match self.recommended {
                Some(n) => format!(
                    "recommended: {n} engines, {} MW",
                    short(f64::from(n) * self.unit_mw)
                ),
                None => "no engine count qualifies".into(),
            },
        });
        entries
    }
}

/// Draws `sizing.svg`.
pub fn svg(data: &SizingChart) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let entries = data.legend();
        let height = height_for(HEIGHT, &entries);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let title = format!(
            "{}: engines of {} MW under daily gas flow, {}",
            data.site,
            short(data.unit_mw),
            data.years
        );
        let (plot, side) = canvas(&root, &title, NAME)?;
        let most = data.rows.iter().map(|r| r.engines).max().unwrap_or(1);
        let x = 0..i32::try_from(most).unwrap_or(i32::MAX - 1) + 1;
        let points = |f: &dyn Fn(&EngineCount) -> Option<f64>| -> Vec<(i32, f64)> {
            data.rows
                .iter()
                .filter_map(|r| f(r).map(|v| (i32::try_from(r.engines).unwrap_or(0), v)))
                .collect()
        };
        let mean = points(&|r| Some(r.capacity_factor));
        let p10 = points(&|r| Some(r.capacity_factor_p10));
        let utilization = points(&|r| Some(r.utilization));
        let values = mean
            .iter()
            .chain(&p10)
            .chain(&utilization)
            .map(|p| p.1)
            .chain([data.min_capacity_factor, 1.0]);
        let y = value_range(values, true);
        let top = y.end;
        let mut chart = ChartBuilder::on(&plot)
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(84)
            .build_cartesian_2d(x.clone(), y)
            .map_err(fail(NAME))?;
        let (desc, labels) = mesh_fonts();
        let x_desc = format!("number of {} MW engines", short(data.unit_mw));
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc("fraction: capacity factor, utilization")
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
        let area = chart.plotting_area();
        draw_line(
            area,
            &[
                (x.start, data.min_capacity_factor),
                (x.end, data.min_capacity_factor),
            ],
            &THRESHOLD_STYLE,
            NAME,
        )?;
        if let Some(n) = data.recommended {
            let n = i32::try_from(n).unwrap_or(0);
            draw_line(area, &[(n, 0.0), (n, top)], &RECOMMENDED_STYLE, NAME)?;
            let (anchor, shift) = if n > (x.start + x.end) / 2 {
                (HPos::Right, -6)
            } else {
                (HPos::Left, 6)
            };
            let label = format!(
                "recommended: {n} engines ({} MW)",
                short(f64::from(n) * data.unit_mw)
            );
            area.draw(
                &(EmptyElement::at((n, top))
                    + Text::new(
                        label,
                        (shift, 8),
                        TextStyle::from(("sans-serif", 17).into_font().style(FontStyle::Bold))
                            .pos(Pos::new(anchor, VPos::Top)),
                    )),
            )
            .map_err(fail(NAME))?;
        }
        for (series, style) in [
            (&utilization, &UTILIZATION_STYLE),
            (&p10, &P10_STYLE),
            (&mean, &MEAN_STYLE),
        ] {
            if series.len() > 1 {
                draw_line(area, series, style, NAME)?;
            }
            // Markers on at most about 20 counts, so that they stay apart.
            let every = series.len().div_ceil(20).max(1);
            let marked: Vec<(i32, f64)> = series.iter().copied().step_by(every).collect();
            draw_markers(area, &marked, style, NAME)?;
        }
        legend(&side, &entries, NAME)?;
        root.present().map_err(fail(NAME))?;
    }
    Ok(svg)
}
