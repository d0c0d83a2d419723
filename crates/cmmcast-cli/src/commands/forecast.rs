//! `cmmcast forecast`: a series forecast with intervals at several levels.

use serde_json::{Value, json};

use cmmcast_forecast::study::forecast_plant;
use cmmcast_forecast::trend::SeriesKind;

use crate::args::ForecastArgs;
use crate::commands::trend_request;
use crate::failure::Failure;
use crate::input::load_feeds;
use crate::meta;
use crate::report::{Cell, Column, Report};

/// `meta.point_kind`: "mean" or "median", what the `point` column holds; "mixed" when the sites'
/// forecasts differ (each site's is in `meta.forecasts`).
fn point_kind(results: &[cmmcast_forecast::request::SiteForecast]) -> Value {
    let mut kinds = results.iter().map(|r| r.forecast.point_kind);
    match kinds.next() {
        Some(first) if kinds.all(|k| k == first) => json!(first),
        Some(_) => json!("mixed"),
        None => Value::Null,
    }
}

/// Builds the report of `cmmcast forecast`.
pub fn run(args: &ForecastArgs) -> Result<Report, Failure> {
    let model = &args.trend.model;
    cmmcast_forecast::study::StudyParams {
        mine_correlation: model.mine_correlation,
        ..Default::default()
    }
    .check_mine_correlation()
    .map_err(|e| Failure::with_flags(e, &crate::failure::FLAGS))?;
    let dataset = load_feeds(&args.input, model.combine)?;
    let sites = dataset.select_feeds(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let series: SeriesKind = args.series.into();
    let (request, level_notes) = trend_request(&args.trend, series)?;
    let levels = request.levels.clone();
    let facts_file = crate::commands::params::facts_file(&args.input, &dataset);
    // A plant fed by several mines is the sum of their forecasts; any other site as before.
    let results = sites
        .iter()
        .map(|site| {
            forecast_plant(site, &request, model.mine_correlation).map_err(|error| {
                Failure::for_site(
                    error,
                    site.name(),
                    several,
                    &facts_file,
                    &crate::failure::FLAGS,
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    // Column names follow the levels: lower_80, upper_80, lower_97.5, ...
    let labels: Vec<String> = levels
        .iter()
        .flat_map(|l| {
            let label = l.label();
            [format!("lower_{label}"), format!("upper_{label}")]
        })
        .collect();
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.push(Column::number("year", "calendar year", 0));
    // `point`, as R's forecast prints "Point Forecast": a mean or a median (meta.point_kind).
    columns.push(Column::number("point", series.unit(), 2));
    for name in labels {
        columns.push(Column::number(name, series.unit(), 2));
    }

    let mut rows = Vec::new();
    let mut notes = meta::site_notes(&sites);
    notes.extend(level_notes);
    let mut per_site = Vec::new();
    for result in &results {
        let f = &result.forecast;
        for (i, &year) in f.years.iter().enumerate() {
            let mut row = Vec::new();
            if several {
                row.push(Cell::Text(result.site.clone()));
            }
            row.push(Cell::Int(i64::from(year)));
            row.push(Cell::Num(f.point[i]));
            for interval in &f.intervals {
                row.push(Cell::Num(interval.lower[i]));
                row.push(Cell::Num(interval.upper[i]));
            }
            rows.push(row);
        }
        let prefix = if several {
            format!("{}: ", result.site)
        } else {
            String::new()
        };
        notes.push(format!(
            "{prefix}model {}; intervals are {} ({} point); levels {}.",
            f.model,
            f.interval_method.describe(),
            match f.point_kind {
                cmmcast_forecast::forecast::PointKind::Mean => "mean",
                cmmcast_forecast::forecast::PointKind::Median => "median",
            },
            levels
                .iter()
                .map(|l| format!("{} %", l.label()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if let Some(selection) = &result.selection {
            notes.push(format!("{prefix}{selection}"));
        }
        let mut entry = json!({
            "site": result.site,
            "model": f.model,
            "parameters": result.parameters,
            "time_origin": f.in_sample.years.first(),
            "point_kind": f.point_kind,
            "interval_kind": f.interval_method,
            "interval_description": f.interval_method.describe(),
            "degrees_of_freedom": f.df,
            "selection": result.selection,
            "in_sample": f.in_sample,
        });
        if let (Some(combination), Value::Object(map)) = (&result.combination, &mut entry) {
            map.insert("combination".into(), json!(combination));
        }
        per_site.push(entry);
        if let Some(combination) = &result.combination {
            notes.push(format!(
                "{prefix}the sum of the mines {} (each forecast on its own history), their deviations correlated at {}; the intervals add as a correlated sum, exact when the mines move together (1) and a normal approximation below.",
                combination
                    .mines
                    .iter()
                    .map(|m| format!("{} ({})", m.name, m.model))
                    .collect::<Vec<_>>()
                    .join(", "),
                combination.mine_correlation
            ));
        }
    }

    let mut meta = meta::common("forecast", &dataset, &sites);
    meta.insert("series".into(), json!(series.column()));
    meta.insert("unit".into(), json!(series.unit()));
    meta.insert(
        "model_requested".into(),
        json!(meta::model_requested(request.model)),
    );
    meta.insert("ceiling".into(), json!(args.trend.model.ceiling));
    if let Some(first) = results.first() {
        meta::intervals(&mut meta, first.intervals, first.calibration.as_ref());
    }
    meta.insert(
        "levels".into(),
        Value::from(levels.iter().map(|l| l.as_percent()).collect::<Vec<_>>()),
    );
    meta.insert("point_kind".into(), point_kind(&results));
    meta.insert(
        "point_column".into(),
        json!("the point forecast: the median for the default calibrated intervals, the back-transformed log-scale models and a damped trend that fell back to the log scale; the mean for linear, quadratic, intensity, rw-drift and damped on the original scale (point_kind; each site's in forecasts)"),
    );
    meta.insert("forecasts".into(), Value::Array(per_site));
    Ok(Report {
        notes,
        meta,
        columns,
        rows,
    })
}
