//! `forecast.svg`: the methane drainage forecast as a fan. The data (the plan) as points, every
//! model's fitted values and point forecast as a line, the chosen model's 80 % and 95 %
//! prediction intervals as gray bands, and the simulated p10 and p90 of drained methane (every
//! uncertain input, and with `--model auto` the models mixed by Akaike weight) as dotted lines.

use plotters::prelude::*;
use serde_json::{Map, Value, json};

use super::{
    ChartError, Dash, HEIGHT, LegendEntry, LineStyle, Marker, NARROW_BAND_OPACITY, PALETTE, Swatch,
    WIDE_BAND_OPACITY, WIDTH, canvas, fail, height_for, legend, mesh_fonts, tick, value_range,
    year_band, year_line, year_points,
};
use crate::report::{Cell, Column, Report};

/// The chart's name in errors.
const NAME: &str = "forecast.svg";

/// The unit of every value of this chart.
pub const UNIT: &str = "million m3 of CH4 per year";

/// One model's line: fitted values over the data years, then its point forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelLine {
    /// The model's name.
    pub model: &'static str,
    /// (year, million m3), data years first.
    pub points: Vec<(i32, f64)>,
}

/// One prediction interval of the chosen model over the forecast years.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalBand {
    /// The level, per cent (80, 95).
    pub level: f64,
    /// Its label in column names ("80", "97.5").
    pub label: String,
    /// (year, lower, upper), million m3.
    pub band: Vec<(i32, f64, f64)>,
}

/// Simulated percentiles of drained methane in one forecast year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimulatedYear {
    /// The year.
    pub year: i32,
    /// 10th percentile (a low value), million m3.
    pub p10: f64,
    /// Median, million m3.
    pub p50: f64,
    /// 90th percentile, million m3.
    pub p90: f64,
}

/// Everything `forecast.svg` and `forecast.csv` show.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastChart {
    /// The site's name (in the title).
    pub site: String,
    /// What the data points are, for the legend ("the plan (data)").
    pub data_label: String,
    /// The data: (year, million m3).
    pub observed: Vec<(i32, f64)>,
    /// Every model that fitted, in menu order.
    pub models: Vec<ModelLine>,
    /// The chosen model (auto's pick or the fixed `--model`), whose intervals are drawn.
    pub chosen: &'static str,
    /// The chosen model's prediction intervals, widest last.
    pub intervals: Vec<IntervalBand>,
    /// The simulated percentiles per forecast year.
    pub simulated: Vec<SimulatedYear>,
    /// What the simulated lines are, for the legend.
    pub simulated_label: String,
}

/// The chosen model's line: black, thick, solid.
pub const CHOSEN_STYLE: LineStyle = LineStyle::new(PALETTE[0], 3, Dash::Solid, Marker::None);

/// The data points: black discs.
pub const DATA_STYLE: LineStyle = LineStyle::new(PALETTE[0], 1, Dash::Solid, Marker::Disc);

/// The simulated p10 and p90: dark gray dotted lines with crosses.
pub const SIMULATED_STYLE: LineStyle =
    LineStyle::new(RGBColor(0x33, 0x33, 0x33), 2, Dash::Dotted, Marker::Cross);

/// The other models' styles, by position in the menu: no two share a dash pattern and a marker
/// (so they differ in grayscale), and none is the chosen or the simulated style. One per model
/// of the whole menu (logistic included), so no two lines of a chart look alike.
pub const MODEL_STYLES: [LineStyle; 8] = [
    LineStyle::new(PALETTE[1], 2, Dash::Dashed, Marker::Square),
    LineStyle::new(PALETTE[2], 2, Dash::LongDash, Marker::Triangle),
    LineStyle::new(PALETTE[3], 2, Dash::Dotted, Marker::Circle),
    LineStyle::new(PALETTE[4], 2, Dash::Dashed, Marker::Diamond),
    LineStyle::new(PALETTE[5], 2, Dash::LongDash, Marker::Circle),
    LineStyle::new(PALETTE[6], 2, Dash::Dotted, Marker::Square),
    LineStyle::new(PALETTE[1], 2, Dash::LongDash, Marker::Diamond),
    LineStyle::new(PALETTE[2], 2, Dash::Dashed, Marker::Triangle),
];

impl ForecastChart {
    /// The style of the model at `index` of [`ForecastChart::models`].
    pub fn model_style(&self, index: usize) -> LineStyle {
        match self.models.get(index) {
            Some(line) if line.model == self.chosen => CHOSEN_STYLE,
            _ => MODEL_STYLES[index % MODEL_STYLES.len()],
        }
    }

    /// Every year of the chart, data and forecast, in order.
    fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .observed
            .iter()
            .map(|p| p.0)
            .chain(
                self.models
                    .iter()
                    .flat_map(|m| m.points.iter().map(|p| p.0)),
            )
            .chain(self.simulated.iter().map(|s| s.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The numbers behind the chart: one row per year, with the data, each model's line, the
    /// chosen model's bounds and the simulated percentiles.
    pub fn table(&self, meta: Map<String, Value>) -> Report {
        let mut columns = vec![
            Column::number("year", "calendar year", 0),
            Column::text("kind", "data (the input's years) or forecast"),
            Column::number("data_mm3", UNIT, 2),
        ];
        for line in &self.models {
            columns.push(Column::number(
                format!("{}_mm3", line.model),
                "the model's fitted value (data years) or point forecast, million m3 of CH4 per year",
                2,
            ));
        }
        for band in &self.intervals {
            columns.push(Column::number(format!("lower_{}_mm3", band.label), UNIT, 2));
            columns.push(Column::number(format!("upper_{}_mm3", band.label), UNIT, 2));
        }
        for p in ["p10", "p50", "p90"] {
            columns.push(Column::number(format!("simulated_{p}_mm3"), UNIT, 2));
        }
        let first_forecast = self.simulated.first().map(|s| s.year);
        let rows = self
            .years()
            .into_iter()
            .map(|year| {
                let observed = self.observed.iter().find(|p| p.0 == year).map(|p| p.1);
                let forecast = first_forecast.is_some_and(|f| year >= f) && observed.is_none();
                let mut row = vec![
                    Cell::Int(i64::from(year)),
                    Cell::Text(if forecast { "forecast" } else { "data" }.into()),
                    Cell::number(observed),
                ];
                for line in &self.models {
                    row.push(Cell::number(
                        line.points.iter().find(|p| p.0 == year).map(|p| p.1),
                    ));
                }
                for band in &self.intervals {
                    let bounds = band.band.iter().find(|b| b.0 == year);
                    row.push(Cell::number(bounds.map(|b| b.1)));
                    row.push(Cell::number(bounds.map(|b| b.2)));
                }
                let simulated = self.simulated.iter().find(|s| s.year == year);
                row.push(Cell::number(simulated.map(|s| s.p10)));
                row.push(Cell::number(simulated.map(|s| s.p50)));
                row.push(Cell::number(simulated.map(|s| s.p90)));
                row
            })
            .collect();
        let mut meta = meta;
        meta.insert("chart".into(), json!(NAME));
        meta.insert("chosen_model".into(), json!(self.chosen));
        meta.insert("simulated".into(), json!(self.simulated_label));
        Report {
            notes: Vec::new(),
            meta,
            columns,
            rows,
        }
    }

    /// The legend, in drawing order of importance.
    pub fn legend(&self) -> Vec<LegendEntry> {
        let mut entries = vec![LegendEntry {
            swatch: Swatch::Points(DATA_STYLE),
            label: self.data_label.clone(),
        }];
        for (i, line) in self.models.iter().enumerate() {
            // The lines are each model's fit and point forecast (the caption says so).
            let label = if line.model == self.chosen {
                format!("{} model (chosen)", line.model)
            } else {
                format!("{} model", line.model)
            };
            entries.push(LegendEntry {
                swatch: Swatch::Line(self.model_style(i)),
                label,
            });
        }
        for (band, opacity) in self
            .intervals
            .iter()
            .zip(band_opacities(self.intervals.len()))
        {
            entries.push(LegendEntry {
                swatch: Swatch::Band(opacity),
                label: format!("{} {} % prediction interval", self.chosen, band.label),
            });
        }
        if !self.simulated.is_empty() {
            entries.push(LegendEntry {
                swatch: Swatch::Line(SIMULATED_STYLE),
                label: self.simulated_label.clone(),
            });
        }
        entries
    }
}

/// Opacities of `n` bands ordered narrow to wide: the narrowest darkest.
fn band_opacities(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| {
            if i + 1 == n && n > 1 {
                WIDE_BAND_OPACITY
            } else {
                NARROW_BAND_OPACITY
            }
        })
        .collect()
}

/// Draws `forecast.svg`.
pub fn svg(data: &ForecastChart) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let entries = data.legend();
        let height = height_for(HEIGHT, &entries);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let title = format!("{}: methane drainage forecast", data.site);
        let (plot, side) = canvas(&root, &title, NAME)?;
        let years = data.years();
        let (first, last) = (
            years.first().copied().unwrap_or(2000),
            years.last().copied().unwrap_or(2001),
        );
        let x = first - 1..last + 1;
        // The year either side is room, not data: no label there.
        let year_label = |year: &i32| {
            if (first..=last).contains(year) {
                year.to_string()
            } else {
                String::new()
            }
        };
        let values = data
            .observed
            .iter()
            .map(|p| p.1)
            .chain(
                data.models
                    .iter()
                    .flat_map(|m| m.points.iter().map(|p| p.1)),
            )
            .chain(
                data.intervals
                    .iter()
                    .flat_map(|b| b.band.iter().flat_map(|v| [v.1, v.2])),
            )
            .chain(data.simulated.iter().flat_map(|s| [s.p10, s.p90]));
        let y = value_range(values, true);
        let mut chart = ChartBuilder::on(&plot)
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(84)
            .build_cartesian_2d(x, y)
            .map_err(fail(NAME))?;
        let (desc, labels) = mesh_fonts();
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc("methane drained, million m3 a year")
            .x_labels(12)
            .y_labels(8)
            .x_label_formatter(&year_label)
            .y_label_formatter(&|v| tick(*v))
            .axis_desc_style(desc)
            .label_style(labels)
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(fail(NAME))?;

        // Widest band first, so the narrower one shows on top of it.
        let opacities = band_opacities(data.intervals.len());
        for (band, opacity) in data.intervals.iter().zip(&opacities).rev() {
            year_band(&chart, &band.band, *opacity, NAME)?;
        }
        let p10: Vec<(i32, f64)> = data.simulated.iter().map(|s| (s.year, s.p10)).collect();
        let p90: Vec<(i32, f64)> = data.simulated.iter().map(|s| (s.year, s.p90)).collect();
        year_line(&chart, &p10, &SIMULATED_STYLE, NAME)?;
        year_line(&chart, &p90, &SIMULATED_STYLE, NAME)?;
        // The other models first, the chosen one on top of them, the data on top of all.
        for (i, line) in data.models.iter().enumerate() {
            if line.model != data.chosen {
                year_line(&chart, &line.points, &data.model_style(i), NAME)?;
            }
        }
        for (i, line) in data.models.iter().enumerate() {
            if line.model == data.chosen {
                year_line(&chart, &line.points, &data.model_style(i), NAME)?;
            }
        }
        year_points(&chart, &data.observed, &DATA_STYLE, NAME)?;
        legend(&side, &entries, NAME)?;
        root.present().map_err(fail(NAME))?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn model_styles_differ_without_colour() {
        let patterns: HashSet<(Dash, Marker)> =
            MODEL_STYLES.iter().map(|s| (s.dash, s.marker)).collect();
        assert_eq!(patterns.len(), MODEL_STYLES.len());
        for special in [CHOSEN_STYLE, SIMULATED_STYLE, DATA_STYLE] {
            assert!(!patterns.contains(&(special.dash, special.marker)));
        }
    }

    /// Every model of the menu, logistic included, gets a style of its own.
    #[test]
    fn there_is_a_style_for_every_model_of_the_menu() {
        let menu = cmmcast_forecast::trend::menu(Some(600.0)).expect("menu");
        assert!(MODEL_STYLES.len() >= menu.len());
    }
}
