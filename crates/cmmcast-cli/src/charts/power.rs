//! `power.svg`: what the plant makes of the gas, in two panels over the years. Top: gross
//! electricity (the simulated p10 to p90 band and median, the chosen model's point forecast
//! through the plant, the data years) with the plant capacity, scheduled additions included,
//! on the right axis. Bottom: utilization (burnt / drained) the same way.

use cmmcast_forecast::energy::HOURS_PER_YEAR;
use plotters::prelude::*;
use serde_json::{Map, Value, json};

use super::{
    ChartError, Dash, LegendEntry, LineStyle, Marker, NARROW_BAND_OPACITY, PALETTE, Swatch, WIDTH,
    YearChart, canvas, draw_line, fail, height_for, legend, mesh_fonts, tick, value_range,
    year_band, year_line, year_points,
};
use crate::report::{Cell, Column, Report};

/// The chart's name in errors.
const NAME: &str = "power.svg";

/// Height of the two-panel chart, pixels.
pub const HEIGHT: u32 = 820;

/// Simulated percentiles (p10, p50, p90) of one quantity in one year.
pub type Percentiles = [f64; 3];

/// One year of the chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerYear {
    /// The year.
    pub year: i32,
    /// Whether the methane is the data's (a data year) rather than a forecast.
    pub data_year: bool,
    /// Installed capacity that year, MW, additions included.
    pub capacity_mw: f64,
    /// Gross electricity from the data or the chosen model's point forecast, GWh.
    pub electricity_gwh: f64,
    /// Utilization from the same (burnt / drained); `None` when nothing is drained.
    pub utilization: Option<f64>,
    /// Simulated electricity percentiles, GWh (forecast years).
    pub electricity_simulated: Option<Percentiles>,
    /// Simulated utilization percentiles (forecast years).
    pub utilization_simulated: Option<Percentiles>,
}

/// Everything `power.svg` and `power.csv` show.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerChart {
    /// The site's name (in the title).
    pub site: String,
    /// The model whose point forecast runs through the plant.
    pub chosen: &'static str,
    /// What the data years are, for the legend ("from the plan (data years)").
    pub data_label: String,
    /// What the band is, for the legend.
    pub simulated_label: String,
    /// Data years, then forecast years.
    pub years: Vec<PowerYear>,
}

/// The simulated median: black, solid.
pub const MEDIAN_STYLE: LineStyle = LineStyle::new(PALETTE[0], 2, Dash::Solid, Marker::None);
/// The point forecast through the plant: blue, dashed, squares.
pub const POINT_STYLE: LineStyle = LineStyle::new(PALETTE[1], 2, Dash::Dashed, Marker::Square);
/// The data years: black discs.
pub const DATA_STYLE: LineStyle = LineStyle::new(PALETTE[0], 1, Dash::Solid, Marker::Disc);
/// The plant capacity: vermilion, long dashes.
pub const CAPACITY_STYLE: LineStyle = LineStyle::new(PALETTE[2], 2, Dash::LongDash, Marker::None);

impl PowerChart {
    /// The numbers behind the chart, one row per year.
    pub fn table(&self, meta: Map<String, Value>) -> Report {
        let gwh = "GWh gross per year";
        let fraction = "burnt / drained";
        let columns = vec![
            Column::number("year", "calendar year", 0),
            Column::text("kind", "data (the input's years) or forecast"),
            Column::number(
                "capacity_mw",
                "MW installed that year, additions included",
                1,
            ),
            Column::number(
                "electricity_gwh",
                "GWh gross per year from the data or the chosen model's point forecast",
                2,
            ),
            Column::number("electricity_p10_gwh", gwh, 2),
            Column::number("electricity_p50_gwh", gwh, 2),
            Column::number("electricity_p90_gwh", gwh, 2),
            Column::number(
                "utilization",
                "burnt / drained, from the data or the chosen model's point forecast",
                3,
            ),
            Column::number("utilization_p10", fraction, 3),
            Column::number("utilization_p50", fraction, 3),
            Column::number("utilization_p90", fraction, 3),
        ];
        let percentiles = |p: Option<Percentiles>| {
            p.map_or(
                [Cell::Missing, Cell::Missing, Cell::Missing],
                |[a, b, c]| [Cell::Num(a), Cell::Num(b), Cell::Num(c)],
            )
        };
        let rows = self
            .years
            .iter()
            .map(|y| {
                let mut row = vec![
                    Cell::Int(i64::from(y.year)),
                    Cell::Text(if y.data_year { "data" } else { "forecast" }.into()),
                    Cell::Num(y.capacity_mw),
                    Cell::Num(y.electricity_gwh),
                ];
                row.extend(percentiles(y.electricity_simulated));
                row.push(Cell::number(y.utilization));
                row.extend(percentiles(y.utilization_simulated));
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

    /// The legend, shared by both panels.
    pub fn legend(&self) -> Vec<LegendEntry> {
        vec![
            LegendEntry {
                swatch: Swatch::Points(DATA_STYLE),
                label: self.data_label.clone(),
            },
            LegendEntry {
                swatch: Swatch::Line(POINT_STYLE),
                label: format!("{}'s point forecast through the plant", self.chosen),
            },
            LegendEntry {
                swatch: Swatch::Line(MEDIAN_STYLE),
                label: "simulated median (p50)".into(),
            },
            LegendEntry {
                swatch: Swatch::Band(NARROW_BAND_OPACITY),
                label: self.simulated_label.clone(),
            },
            LegendEntry {
                swatch: Swatch::Line(CAPACITY_STYLE),
                label: "plant capacity, MW (right axis, top panel; level with what it makes at full load all year), scheduled additions included"
                    .into(),
            },
        ]
    }

    /// The capacity as steps: level within a year, changing at the start of a year.
    fn capacity_steps(&self) -> Vec<(i32, f64)> {
        let mut steps: Vec<(i32, f64)> = Vec::new();
        for y in &self.years {
            if let Some(&(_, previous)) = steps.last()
                && previous != y.capacity_mw
            {
                steps.push((y.year, previous));
            }
            steps.push((y.year, y.capacity_mw));
        }
        steps
    }
}

/// One panel's series: the band, the median, the point forecast and the data years.
struct Panel {
    band: Vec<(i32, f64, f64)>,
    median: Vec<(i32, f64)>,
    point: Vec<(i32, f64)>,
    data: Vec<(i32, f64)>,
}

impl Panel {
    fn new(
        years: &[PowerYear],
        value: impl Fn(&PowerYear) -> Option<f64>,
        simulated: impl Fn(&PowerYear) -> Option<Percentiles>,
    ) -> Panel {
        let band = years
            .iter()
            .filter_map(|y| simulated(y).map(|[p10, _, p90]| (y.year, p10, p90)))
            .collect();
        let median = years
            .iter()
            .filter_map(|y| simulated(y).map(|[_, p50, _]| (y.year, p50)))
            .collect();
        let point = years
            .iter()
            .filter(|y| !y.data_year)
            .filter_map(|y| value(y).map(|v| (y.year, v)))
            .collect();
        let data = years
            .iter()
            .filter(|y| y.data_year)
            .filter_map(|y| value(y).map(|v| (y.year, v)))
            .collect();
        Panel {
            band,
            median,
            point,
            data,
        }
    }

    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.band
            .iter()
            .flat_map(|b| [b.1, b.2])
            .chain(self.median.iter().map(|p| p.1))
            .chain(self.point.iter().map(|p| p.1))
            .chain(self.data.iter().map(|p| p.1))
    }

    fn draw(&self, chart: &YearChart<'_, '_>) -> Result<(), ChartError> {
        year_band(chart, &self.band, NARROW_BAND_OPACITY, NAME)?;
        year_line(chart, &self.median, &MEDIAN_STYLE, NAME)?;
        year_line(chart, &self.point, &POINT_STYLE, NAME)?;
        year_points(chart, &self.data, &DATA_STYLE, NAME)
    }
}

/// Draws `power.svg`.
pub fn svg(data: &PowerChart) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let entries = data.legend();
        let height = height_for(HEIGHT, &entries);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let title = format!("{}: electricity and utilization", data.site);
        let (plot, side) = canvas(&root, &title, NAME)?;
        let (_, height) = plot.dim_in_pixel();
        let (top, bottom) = plot.split_vertically(height / 2);
        let first = data.years.first().map_or(2000, |y| y.year);
        let last = data.years.last().map_or(2001, |y| y.year);
        let x = first - 1..last + 1;
        // The year either side is room, not data: no label there.
        let year_label = |year: &i32| {
            if (first..=last).contains(year) {
                year.to_string()
            } else {
                String::new()
            }
        };
        let (desc, labels) = mesh_fonts();

        let electricity = Panel::new(
            &data.years,
            |y| Some(y.electricity_gwh),
            |y| y.electricity_simulated,
        );
        let capacity = data.capacity_steps();
        // The right axis is scaled so that a plant's MW sit level with the GWh it would make
        // running every hour of the year: the gap between the capacity line and the
        // electricity is the capacity factor lost.
        let gwh_per_mw = HOURS_PER_YEAR / 1000.0;
        let y = value_range(
            electricity
                .values()
                .chain(capacity.iter().map(|c| c.1 * gwh_per_mw)),
            true,
        );
        let y_mw = y.start / gwh_per_mw..y.end / gwh_per_mw;
        let mut chart = ChartBuilder::on(&top)
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(84)
            .right_y_label_area_size(84)
            .build_cartesian_2d(x.clone(), y)
            .map_err(fail(NAME))?
            .set_secondary_coord(x.clone(), y_mw);
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc("electricity, GWh gross a year")
            .x_labels(12)
            .y_labels(7)
            .x_label_formatter(&year_label)
            .y_label_formatter(&|v| tick(*v))
            .axis_desc_style(desc.clone())
            .label_style(labels.clone())
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(fail(NAME))?;
        chart
            .configure_secondary_axes()
            .y_desc("plant capacity, MW")
            .y_labels(7)
            .y_label_formatter(&|v| tick(*v))
            .axis_desc_style(desc.clone())
            .label_style(labels.clone())
            .draw()
            .map_err(fail(NAME))?;
        electricity.draw(&chart)?;
        draw_line(
            chart.secondary_plotting_area(),
            &capacity,
            &CAPACITY_STYLE,
            NAME,
        )?;

        let utilization = Panel::new(&data.years, |y| y.utilization, |y| y.utilization_simulated);
        // A right margin as wide as the top panel's right axis keeps the years aligned.
        let mut chart = ChartBuilder::on(&bottom)
            .margin(14)
            .margin_right(14 + 84)
            .x_label_area_size(44)
            .y_label_area_size(84)
            .build_cartesian_2d(x, value_range(utilization.values(), true))
            .map_err(fail(NAME))?;
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc("utilization, burnt / drained")
            .x_labels(12)
            .y_labels(7)
            .x_label_formatter(&year_label)
            .y_label_formatter(&|v| tick(*v))
            .axis_desc_style(desc)
            .label_style(labels)
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(fail(NAME))?;
        utilization.draw(&chart)?;

        legend(&side, &entries, NAME)?;
        root.present().map_err(fail(NAME))?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(year: i32, capacity_mw: f64) -> PowerYear {
        PowerYear {
            year,
            data_year: false,
            capacity_mw,
            electricity_gwh: 1.0,
            utilization: None,
            electricity_simulated: None,
            utilization_simulated: None,
        }
    }

    #[test]
    fn capacity_changes_at_the_start_of_a_year() {
        let chart = PowerChart {
            site: "S".into(),
            chosen: "linear",
            data_label: String::new(),
            simulated_label: String::new(),
            years: vec![
                year(2017, 10.0),
                year(2018, 10.0),
                year(2019, 30.0),
                year(2020, 30.0),
            ],
        };
        assert_eq!(
            chart.capacity_steps(),
            [
                (2017, 10.0),
                (2018, 10.0),
                (2019, 10.0),
                (2019, 30.0),
                (2020, 30.0)
            ]
        );
    }
}
