//! `cmmcast data`: the dataset as a table, with methane per tonne of coal.

use cmmcast_data::{
    COAL_COLUMN, COAL_UNIT, INTENSITY_COLUMN, INTENSITY_UNIT, METHANE_COLUMN, METHANE_UNIT,
    SITE_COLUMN, YEAR_COLUMN,
};

use crate::args::DataArgs;
use crate::failure::Failure;
use crate::input::load_dataset;
use crate::meta;
use crate::report::{Cell, Column, Report};

/// Builds the report of `cmmcast data`.
pub fn run(args: &DataArgs) -> Result<Report, Failure> {
    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    // The site column appears whenever the file holds several sites, even with --site, so a
    // script reading one file always sees the same columns.
    let with_site = dataset.sites().len() > 1;

    let mut columns = Vec::new();
    if with_site {
        columns.push(Column::number(SITE_COLUMN, "site name", 0));
    }
    columns.extend([
        Column::number(YEAR_COLUMN, "calendar year", 0),
        Column::number(COAL_COLUMN, COAL_UNIT, 0),
        Column::number(METHANE_COLUMN, METHANE_UNIT, 2),
        Column::number(INTENSITY_COLUMN, INTENSITY_UNIT, 2),
    ]);

    let mut rows = Vec::new();
    for site in &sites {
        let series = &site.series;
        let intensity = series.intensity_m3_per_t();
        for (i, &year) in series.years().iter().enumerate() {
            let value = |values: Option<&[f64]>| values.map_or(Cell::Missing, |v| Cell::Num(v[i]));
            let mut row = Vec::with_capacity(columns.len());
            if with_site {
                row.push(Cell::Text(site.name().to_string()));
            }
            row.push(Cell::Int(i64::from(year)));
            row.push(value(series.coal_kt()));
            row.push(value(series.methane_mm3()));
            row.push(
                intensity
                    .as_ref()
                    .and_then(|v| v[i])
                    .map_or(Cell::Missing, Cell::Num),
            );
            rows.push(row);
        }
        // The production plan's years: planned coal, no methane yet.
        if let Some(plan) = series.coal_plan() {
            for (&year, &coal) in plan.years().iter().zip(plan.coal_kt()) {
                let mut row = Vec::with_capacity(columns.len());
                if with_site {
                    row.push(Cell::Text(site.name().to_string()));
                }
                row.extend([
                    Cell::Int(i64::from(year)),
                    Cell::Num(coal),
                    Cell::Missing,
                    Cell::Missing,
                ]);
                rows.push(row);
            }
        }
    }

    let mut notes = meta::site_notes(&sites);
    for site in &sites {
        if let Some(plan) = site.series.coal_plan() {
            notes.push(format!(
                "{}: {} to {} are a production plan (planned coal, no methane yet).",
                site.name(),
                plan.years().first().copied().unwrap_or_default(),
                plan.last_year()
            ));
        }
    }

    Ok(Report {
        notes,
        meta: meta::common("data", &dataset, &sites),
        columns,
        rows,
    })
}
