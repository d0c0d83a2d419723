//! `cmmcast backtest`: every model checked against the past, per horizon, with the forecasts
//! behind it written out on request.

use std::io::Write;

use serde_json::{Value, json};

use cmmcast_forecast::Level;
use cmmcast_forecast::backtest::{BacktestSettings, SiteBacktest, backtest_sites};
use cmmcast_forecast::percents::PercentsOf;
use cmmcast_forecast::trend::{ModelChoice, SeriesKind, TrendModel, backtest_menu};

use crate::args::BacktestArgs;
use crate::commands::{merged, site_failure};
use crate::failure::Failure;
use crate::input::load_dataset;
use crate::meta;
use crate::output::{Destination, Inputs, OutputFile};
use crate::report::{Cell, Column, Report};

/// Builds the report of `cmmcast backtest`, and writes `--details` when asked.
pub fn run(args: &BacktestArgs) -> Result<Report, Failure> {
    if args.reference.is_some() {
        return crate::commands::reference::run(args);
    }
    if let Some(flag) = reference_only_flag(args) {
        return Err(Failure::Usage(format!(
            "{flag} cuts the windows of a reference class and needs --reference; add --reference (the embedded national production series, or a file), or leave {flag} out"
        )));
    }
    // Each level once, in the order given: a repeated level would repeat its column names.
    let (levels, level_notes) = levels(args)?;
    let settings = BacktestSettings::new(args.horizon.unwrap_or(1), args.min_train, levels)?;
    let models = models(args)?;
    settings.check_models(&models)?;
    // Where the details go is settled before anything is read or computed.
    let inputs = Inputs::of(&args.input);
    let details = args
        .details
        .as_deref()
        .map(|path| Destination::check("--details", path, &inputs, args.force))
        .transpose()?;

    let dataset = load_dataset(&args.input)?;
    let sites = dataset.select(args.input.site.as_deref())?;
    let several = dataset.sites().len() > 1;
    let series: SeriesKind = args.series.into();
    let results =
        backtest_sites(&sites, series, &models, &settings).map_err(|e| site_failure(e, several))?;

    if let Some(details) = &details {
        write_details(details, &results, settings.levels())?;
    }

    let labels: Vec<String> = settings.levels().iter().map(|l| l.label()).collect();
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.extend([
        Column::text("model", "model name"),
        Column::number("horizon", "years ahead of the origin", 0),
        Column::number("n", "forecasts compared", 0),
        Column::number("me", series.unit(), 2),
        Column::number("mae", series.unit(), 2),
        Column::number("rmse", series.unit(), 2),
        Column::number("mape", "per cent", 2),
        Column::number(
            "mase_drift",
            "MAE over the in-sample error of the naive drift forecast (ratio; R's accuracy() scales by the plain naive forecast instead)",
            3,
        ),
    ]);
    for label in &labels {
        columns.push(Column::number(
            format!("coverage_{label}"),
            "share of actual values inside the interval (0 to 1)",
            2,
        ));
    }
    for label in &labels {
        columns.push(Column::number(
            format!("winkler_{label}"),
            "interval score in the series' unit: width plus 2/alpha times the miss",
            2,
        ));
    }
    columns.push(Column::number(
        "rank",
        "rank at this horizon by drift-scaled MASE (by MAE when a model has no MASE), 1 = best",
        0,
    ));

    let mut rows = Vec::new();
    let mut notes = meta::site_notes(&sites);
    notes.extend(level_notes);
    notes.push(
        "Errors are actual minus forecast (a positive ME: forecasts too low); lower MAE, RMSE, \
         MASE and Winkler scores are better; an honest interval's coverage is near its level."
            .into(),
    );
    let mut per_site = Vec::new();
    for SiteBacktest { site, result } in &results {
        let prefix = if several {
            format!("{site}: ")
        } else {
            String::new()
        };
        let rankings = result.rankings();
        if let Some(evidence) = result.evidence() {
            notes.push(format!("{prefix}{evidence}"));
        }
        notes.extend(rankings.iter().map(|r| format!("{prefix}{}", r.describe())));
        let caveats = result.caveats();
        notes.extend(caveats.iter().map(|c| format!("{prefix}{c}")));
        for model in &result.models {
            for a in &model.accuracy {
                let mut row = Vec::with_capacity(columns.len());
                if several {
                    row.push(Cell::Text(site.clone()));
                }
                let rank = rankings
                    .iter()
                    .find(|r| r.horizon == a.horizon)
                    .and_then(|r| r.rank_of(model.model));
                row.extend([
                    Cell::Text(model.model.to_string()),
                    Cell::Int(a.horizon as i64),
                    Cell::Int(a.n as i64),
                    Cell::Num(a.me),
                    Cell::Num(a.mae),
                    Cell::Num(a.rmse),
                    Cell::number(a.mape),
                    Cell::number(a.mase),
                ]);
                row.extend(a.coverage.iter().map(|&c| Cell::Num(c)));
                row.extend(a.winkler.iter().map(|&w| Cell::Num(w)));
                row.push(rank.map_or(Cell::Missing, |r| Cell::Int(r as i64)));
                rows.push(row);
            }
        }
        per_site.push(json!({
            "site": site,
            "n_years": result.n_years,
            "models": result.models.iter().map(|m| json!({
                "model": m.model,
                "min_train": m.min_train,
                "origins": m.origins,
                "n_forecasts": m.points.len(),
                "skipped_origins": m.skipped.iter().map(|(origin, why)| json!({
                    "origin": origin,
                    "reason": why.to_string(),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "untested": result.untested.iter().map(|(model, why)| json!({
                "model": model,
                "reason": why.to_string(),
            })).collect::<Vec<_>>(),
            "rankings": rankings,
            "evidence": result.evidence(),
            "caveats": caveats,
        }));
    }

    let mut meta = meta::common("backtest", &dataset, &sites);
    meta.insert("series".into(), json!(series.column()));
    meta.insert("unit".into(), json!(series.unit()));
    meta.insert(
        "models".into(),
        json!(models.iter().map(|m| m.name()).collect::<Vec<_>>()),
    );
    meta.insert("ceiling".into(), json!(args.ceiling));
    meta.insert("horizon".into(), json!(settings.horizon()));
    meta.insert(
        "min_train".into(),
        match settings.min_train() {
            Some(m) => json!(m),
            None => json!("each model's minimum"),
        },
    );
    meta.insert(
        "levels".into(),
        Value::from(
            settings
                .levels()
                .iter()
                .map(|l| l.as_percent())
                .collect::<Vec<_>>(),
        ),
    );
    meta.insert(
        "details_file".into(),
        json!(args.details.as_ref().map(|p| p.display().to_string())),
    );
    meta.insert(
        "method".into(),
        json!(
            "rolling origin: for every origin with at least min_train years up to it, the \
               model is fitted on those years only and forecasts the years of data 1 to \
               horizon calendar years after it; intervals are the model's prediction \
               intervals"
        ),
    );
    meta.insert(
        "measures".into(),
        json!({
            "error": "e = actual - forecast",
            "me": "mean of e",
            "mae": "mean of |e|",
            "rmse": "square root of the mean of e^2",
            "mape": "100 x mean of |e / actual| over actual values not zero",
            "mase_drift": "mean of |e| / s over forecasts whose training window has s > 0, where s = mean over the window of |y_i - y_(i-1) - c (t_i - t_(i-1))| and c = (y_last - y_first) / (t_last - t_first): the in-sample one-step error of the naive drift forecast",
            "coverage": "share of forecasts with lower <= actual <= upper",
            "winkler": "mean of (upper - lower) + (2 / alpha) (lower - actual) if actual < lower, + (2 / alpha) (actual - upper) if actual > upper, alpha = 1 - level / 100",
            "rank": "order of the models at each horizon by mase_drift, or by MAE when some model has no MASE",
        }),
    );
    meta.insert("backtests".into(), Value::Array(per_site));
    Ok(Report {
        notes,
        meta,
        columns,
        rows,
    })
}

/// The models `--models` names, once each in the order given, or the backtest menu (the menu
/// without rw-drift and damped, which run when named).
pub(crate) fn models(args: &BacktestArgs) -> Result<Vec<Box<dyn TrendModel>>, Failure> {
    if args.models.is_empty() {
        return Ok(backtest_menu(args.ceiling)?);
    }
    let mut chosen: Vec<ModelChoice> = Vec::new();
    for &choice in &args.models {
        if !chosen.contains(&choice) {
            chosen.push(choice);
        }
    }
    let mut models = Vec::with_capacity(chosen.len());
    for choice in chosen {
        // `auto` backtests the rule: at every origin it picks again.
        models.push(choice.trend_model(args.ceiling)?);
    }
    Ok(models)
}

/// Writes every forecast as a long CSV through [`crate::output`]: a regular file to a temporary
/// file renamed into place, so a failed run never leaves a partial file.
fn write_details(
    details: &Destination,
    results: &[SiteBacktest],
    levels: &[Level],
) -> Result<(), Failure> {
    let mut file = details.open()?;
    match write_details_to(&mut file, results, levels) {
        Ok(()) => file.finish(),
        Err(e) => Err(file.failure(e)),
    }
}

/// The CSV of [`write_details`], written to `file`.
fn write_details_to(
    file: &mut OutputFile,
    results: &[SiteBacktest],
    levels: &[Level],
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(file);
    let mut header: Vec<String> = [
        "site", "model", "origin", "n_train", "year", "horizon", "actual", "point",
    ]
    .map(String::from)
    .to_vec();
    for level in levels {
        header.push(format!("lower_{}", level.label()));
        header.push(format!("upper_{}", level.label()));
    }
    header.extend(["error", "scaled_error"].map(String::from));
    writer.write_record(&header)?;
    for SiteBacktest { site, result } in results {
        for model in &result.models {
            for p in &model.points {
                let mut record = vec![
                    site.clone(),
                    model.model.to_string(),
                    p.origin.to_string(),
                    p.n_train.to_string(),
                    p.year.to_string(),
                    p.horizon.to_string(),
                    p.actual.to_string(),
                    p.point.to_string(),
                ];
                for (lower, upper) in &p.bounds {
                    record.push(lower.to_string());
                    record.push(upper.to_string());
                }
                record.push(p.error().to_string());
                record.push(p.scaled_error().map_or(String::new(), |s| s.to_string()));
                writer.write_record(&record)?;
            }
        }
    }
    let inner = writer.into_inner().map_err(|e| e.into_error())?;
    inner.flush()
}

/// The first flag of a reference-class backtest given without `--reference`.
fn reference_only_flag(args: &BacktestArgs) -> Option<&'static str> {
    [
        (args.window.is_some(), "--window"),
        (args.step.is_some(), "--step"),
        (args.min_level.is_some(), "--min-level"),
        (args.quantity.is_some(), "--quantity"),
        (args.full_outcome, "--full-outcome"),
    ]
    .into_iter()
    .find_map(|(given, flag)| given.then_some(flag))
}

/// The levels `--level` names, once each in the order given (a fraction refused), and the notes
/// on repeated ones.
pub(crate) fn levels(args: &BacktestArgs) -> Result<(Vec<Level>, Vec<String>), Failure> {
    let (percents, notes) = merged(&args.level, PercentsOf::Levels)?;
    let levels = percents
        .into_iter()
        .map(Level::percent)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((levels, notes))
}
