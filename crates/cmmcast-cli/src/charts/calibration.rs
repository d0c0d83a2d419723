//! `calibration.svg`: how often the intervals held on real series. For each horizon (years
//! ahead, 1 to 10), the share of real outcomes that fell inside the 80 % and 95 % intervals of
//! the default (the damped trend with calibrated intervals) and of the old default (auto with
//! the chosen model's own intervals), forecast from windows of the reference class as long as
//! the site's data; the nominal 80 % and 95 % as dashed horizontal lines, where an honest
//! interval's line lies. A chart rather than a sentence, so that the report shows the
//! intervals' record instead of claiming it.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde_json::{Map, Value, json};

use super::{
    ChartError, Dash, HEIGHT, LegendEntry, LineStyle, Marker, PALETTE, Swatch, WIDTH, canvas,
    draw_line, fail, height_for, legend, mesh_fonts, year_line,
};
use cmmcast_forecast::calibrate::CoverageCheck;

use crate::report::{Cell, Column, Report};

/// The chart's name in errors.
const NAME: &str = "calibration.svg";

/// The chart's title.
pub const TITLE: &str = "How often the intervals held on real series";

/// Everything `calibration.svg` and `calibration.csv` show: the library's coverage check.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationChart {
    /// The check: the default first, then the old default, each by horizon.
    pub check: CoverageCheck,
}

/// The default's 80 % intervals: dark blue, solid, open circles.
pub const DEFAULT_80_STYLE: LineStyle = LineStyle::new(PALETTE[1], 3, Dash::Solid, Marker::Circle);
/// The default's 95 % intervals: dark blue, solid, discs.
pub const DEFAULT_95_STYLE: LineStyle = LineStyle::new(PALETTE[1], 3, Dash::Solid, Marker::Disc);
/// The old default's 80 % intervals: vermilion, long dashes, open squares.
pub const OLD_80_STYLE: LineStyle = LineStyle::new(PALETTE[2], 2, Dash::LongDash, Marker::Square);
/// The old default's 95 % intervals: vermilion, long dashes, triangles.
pub const OLD_95_STYLE: LineStyle = LineStyle::new(PALETTE[2], 2, Dash::LongDash, Marker::Triangle);
/// The nominal levels: gray, thin, short dashes.
pub const NOMINAL_STYLE: LineStyle =
    LineStyle::new(RGBColor(0x55, 0x55, 0x55), 1, Dash::Dashed, Marker::None);

/// Each method's key in column names and its words in the legend, in the check's order. Short
/// enough that "80 %" never wraps onto a line of its own; the caption says the rest.
const METHODS: [(&str, &str); 2] = [
    ("calibrated", "default, calibrated"),
    ("auto", "old default, auto"),
];

impl CalibrationChart {
    /// The style of method `m` (0 the default, 1 the old default) at level `l` (0 for 80 %,
    /// 1 for 95 %).
    fn style(m: usize, l: usize) -> LineStyle {
        match (m, l) {
            (0, 0) => DEFAULT_80_STYLE,
            (0, _) => DEFAULT_95_STYLE,
            (_, 0) => OLD_80_STYLE,
            _ => OLD_95_STYLE,
        }
    }

    /// The label of a level in names and words ("80", "95").
    fn level(&self, l: usize) -> String {
        let p = self.check.levels[l];
        if p.fract() == 0.0 {
            format!("{p:.0}")
        } else {
            p.to_string()
        }
    }

    /// The largest horizon any method reached.
    fn horizons(&self) -> usize {
        self.check
            .methods
            .iter()
            .flat_map(|m| m.horizons.iter().map(|h| h.horizon))
            .max()
            .unwrap_or(0)
    }

    /// One line: (horizon, per cent) of method `m` at level `l`.
    fn line(&self, m: usize, l: usize) -> Vec<(i32, f64)> {
        self.check.methods[m]
            .horizons
            .iter()
            .map(|h| {
                (
                    i32::try_from(h.horizon).unwrap_or(i32::MAX),
                    100.0 * h.coverage[l],
                )
            })
            .collect()
    }

    /// The numbers behind the chart: one row per horizon, each method's windows and its
    /// coverage at each level in per cent.
    pub fn table(&self, meta: Map<String, Value>) -> Report {
        let mut columns = vec![Column::number(
            "horizon_years",
            "years ahead of the window's last known year",
            0,
        )];
        for (m, _) in self.check.methods.iter().enumerate() {
            let key = METHODS.get(m).map_or("method", |k| k.0);
            columns.push(Column::number(
                format!("{key}_windows"),
                "windows forecast and compared with what happened",
                0,
            ));
            for l in 0..self.check.levels.len() {
                columns.push(Column::number(
                    format!("{key}_{}_percent", self.level(l)),
                    "per cent of real outcomes inside the interval",
                    1,
                ));
            }
        }
        let rows = (1..=self.horizons())
            .map(|horizon| {
                let mut row = vec![Cell::Int(i64::try_from(horizon).unwrap_or(i64::MAX))];
                for method in &self.check.methods {
                    let at = method.horizons.iter().find(|h| h.horizon == horizon);
                    row.push(at.map_or(Cell::Missing, |h| {
                        Cell::Int(i64::try_from(h.n).unwrap_or(i64::MAX))
                    }));
                    for l in 0..self.check.levels.len() {
                        row.push(Cell::number(at.map(|h| 100.0 * h.coverage[l])));
                    }
                }
                row
            })
            .collect();
        let mut meta = meta;
        meta.insert("chart".into(), json!(NAME));
        meta.insert("coverage_check".into(), json!(self.check_meta()));
        Report {
            notes: Vec::new(),
            meta,
            columns,
            rows,
        }
    }

    /// The check's settings and counts, without the numbers the rows hold.
    fn check_meta(&self) -> Value {
        let c = &self.check;
        json!({
            "reference_class": c.reference_class,
            "site_known_years": c.known_years,
            "window_known_years": c.window,
            "settings": c.settings,
            "levels": c.levels,
            "windows": c.windows,
            "series": c.series,
            "countries": c.groups,
            "methods": c.methods.iter().map(|m| json!({
                "method": m.method,
                "intervals": m.intervals,
                "refused_windows": m.refused,
            })).collect::<Vec<_>>(),
        })
    }

    /// The legend: the four lines, then the nominal levels.
    pub fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = Vec::new();
        for (m, (_, words)) in METHODS.iter().enumerate().take(self.check.methods.len()) {
            for l in 0..self.check.levels.len().min(2) {
                entries.push(LegendEntry {
                    swatch: Swatch::Line(Self::style(m, l)),
                    label: format!("{words}: {} %", self.level(l)),
                });
            }
        }
        entries.push(LegendEntry {
            swatch: Swatch::Line(NOMINAL_STYLE),
            label: "nominal level: where an honest interval's line lies".into(),
        });
        entries
    }
}

/// Draws `calibration.svg`.
pub fn svg(data: &CalibrationChart) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let entries = data.legend();
        let height = height_for(HEIGHT, &entries);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let (plot, side) = canvas(&root, TITLE, NAME)?;
        let last = i32::try_from(data.horizons().max(1)).unwrap_or(i32::MAX - 1);
        let x = 0..last + 1;
        // The year either side is room, not a horizon: no label there.
        let horizon_label = |h: &i32| {
            if (1..=last).contains(h) {
                h.to_string()
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(84)
            .build_cartesian_2d(x.clone(), 0.0..100.0)
            .map_err(fail(NAME))?;
        let (desc, labels) = mesh_fonts();
        let x_desc = format!(
            "years ahead, forecast from {} known years",
            data.check.window
        );
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc("real outcomes inside the interval, %")
            .x_labels(usize::try_from(last).unwrap_or(10) + 2)
            .y_labels(11)
            .x_label_formatter(&horizon_label)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .axis_desc_style(desc)
            .label_style(labels)
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(fail(NAME))?;
        let area = chart.plotting_area();
        for l in 0..data.check.levels.len() {
            let nominal = data.check.levels[l];
            draw_line(
                area,
                &[(x.start, nominal), (x.end, nominal)],
                &NOMINAL_STYLE,
                NAME,
            )?;
            // At the right end, past the last horizon, where no line's marker sits.
            area.draw(
                &(EmptyElement::at((x.end, nominal))
                    + Text::new(
                        format!("{} %", data.level(l)),
                        (-4, -4),
                        TextStyle::from(("sans-serif", 15).into_font())
                            .color(&NOMINAL_STYLE.color)
                            .pos(Pos::new(HPos::Right, VPos::Bottom)),
                    )),
            )
            .map_err(fail(NAME))?;
        }
        // The old default first, so that the default is drawn on top where they meet.
        for m in (0..data.check.methods.len().min(METHODS.len())).rev() {
            for l in 0..data.check.levels.len().min(2) {
                year_line(
                    &chart,
                    &data.line(m, l),
                    &CalibrationChart::style(m, l),
                    NAME,
                )?;
            }
        }
        legend(&side, &entries, NAME)?;
        root.present().map_err(fail(NAME))?;
    }
    Ok(svg)
}
