//! The table of `cmmcast backtest --reference`: per method and horizon, how often the
//! intervals held what happened in a reference class of real series, and how far the points
//! fell.

use serde_json::{Map, Value, json};

use cmmcast_forecast::calibrate::ReferenceBacktest;

use crate::report::{Cell, Column, Report};

/// The table of a reference-class backtest.
pub fn table(result: &ReferenceBacktest, quantity: Option<&str>) -> Report {
    let labels: Vec<String> = result
        .levels
        .iter()
        .map(|&l| cmmcast_forecast::Level::percent(l).map_or_else(|_| l.to_string(), |l| l.label()))
        .collect();
    let mut columns = vec![
        Column::text(
            "method",
            "the model (or method) forecasting from each window",
        ),
        Column::number("horizon", "years after the window", 0),
        Column::number("n", "forecasts compared", 0),
    ];
    for label in &labels {
        columns.push(Column::number(
            format!("coverage_{label}"),
            "share of actual values inside the interval (0 to 1)",
            3,
        ));
    }
    for label in &labels {
        columns.push(Column::number(
            format!("winkler_{label}_pct"),
            "mean interval score in per cent of the window's last value: width plus 2/alpha times the miss",
            1,
        ));
    }
    columns.push(Column::number(
        "mdape",
        "median absolute percentage error, per cent",
        2,
    ));
    columns.push(Column::number(
        "mase",
        "mean absolute error over the window's in-sample naive (one-step) mean absolute error",
        3,
    ));
    let mut rows = Vec::new();
    let mut notes = vec![
        format!(
            "{}: {} windows of {} known years from {} series of {} groups, forecast 1 to {} years ahead{}; a window starts every {} year(s){}.",
            result.origin,
            result.windows,
            result.settings.window,
            result.series,
            result.groups,
            result.settings.horizon,
            quantity.map(|q| format!(" ({q} only)")).unwrap_or_default(),
            result.settings.step,
            if result.settings.min_level > 0.0 {
                format!(", windows averaging at least {} in the series' unit", result.settings.min_level)
            } else {
                String::new()
            },
        ),
        "An honest interval's coverage is near its level at every horizon; lower Winkler scores, MdAPE and MASE are better.".into(),
        "damped, calibrated: the default method, its intervals learned from the other groups' series only (leave-one-group-out), so it is never scored on data it learned from.".into(),
    ];
    for method in &result.methods {
        if method.refused.0 > 0 {
            notes.push(format!(
                "{} refused {} of {} windows (first: {}).",
                method.method,
                method.refused.0,
                result.windows,
                method.refused.1.as_deref().unwrap_or("no reason given")
            ));
        }
        for h in &method.horizons {
            let mut row = vec![
                Cell::Text(method.method.clone()),
                Cell::Int(h.horizon as i64),
                Cell::Int(h.n as i64),
            ];
            row.extend(h.coverage.iter().map(|&c| Cell::Num(c)));
            row.extend(h.winkler_percent.iter().map(|&w| Cell::Num(w)));
            row.push(Cell::Num(h.mdape));
            row.push(Cell::number(h.mase));
            rows.push(row);
        }
    }
    let mut meta = Map::new();
    meta.insert("command".into(), json!("backtest --reference"));
    meta.insert("cmmcast_version".into(), json!(env!("CARGO_PKG_VERSION")));
    meta.insert("reference".into(), json!(result.origin));
    meta.insert("quantity".into(), json!(quantity));
    meta.insert("windows".into(), json!(result.settings));
    meta.insert("windows_cut".into(), json!(result.windows));
    meta.insert("series".into(), json!(result.series));
    meta.insert("groups".into(), json!(result.groups));
    meta.insert("levels".into(), json!(result.levels));
    meta.insert(
        "measures".into(),
        json!({
            "coverage": "share of actual values within [lower, upper]",
            "winkler_pct": "100 x (upper - lower + 2/alpha x distance outside) / the window's last known value, averaged",
            "mdape": "median over forecasts of 100 x |actual - point| / actual",
            "mase": "mean over forecasts of |actual - point| / (mean |y_t - y_(t-1)| over the window), as R's accuracy() for yearly series",
        }),
    );
    meta.insert(
        "refused".into(),
        Value::Array(
            result
                .methods
                .iter()
                .map(|m| json!({"method": m.method, "windows": m.refused.0, "first": m.refused.1}))
                .collect(),
        ),
    );
    Report {
        notes,
        meta,
        columns,
        rows,
    }
}
