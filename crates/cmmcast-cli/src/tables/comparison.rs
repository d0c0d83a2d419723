//! The table of `cmmcast fit` (and the report's model comparison): every model of the menu
//! fitted to a series, side by side.

use serde_json::{Map, Value, json};

use cmmcast_forecast::select::Comparison;
use cmmcast_forecast::trend::SeriesKind;

use crate::failure::{FLAGS, describe};
use crate::report::{Cell, Column, Report};

/// The comparison table of every (site, comparison); `ceiling` as given.
pub fn table(
    comparisons: &[(&str, &Comparison)],
    several: bool,
    (series, ceiling): (SeriesKind, Option<f64>),
    mut notes: Vec<String>,
    mut meta: Map<String, Value>,
) -> Report {
    let mut columns = Vec::new();
    if several {
        columns.push(Column::text("site", "site name"));
    }
    columns.extend([
        Column::text("model", "model name"),
        // Up to 170 characters wide: in CSV, JSON and `--columns`, not the default table.
        Column::text(
            "parameters",
            "named estimates; t = years since the first year of data",
        )
        .detail(),
        Column::number("r2", "R² on the original scale", 4),
        Column::number("aicc", "AICc on the original scale (lower is better)", 2),
        Column::number("loo_rmse", series.unit(), 2),
        Column::number("loo_mape", "per cent", 2),
        Column::number("weight", "Akaike weight among comparable models", 3),
        Column::text("status", "ok, or refused: the reason"),
    ]);

    let mut rows = Vec::new();
    let mut selections = Vec::new();
    for &(site, comparison) in comparisons {
        let explanation = comparison.explain();
        notes.push(if several {
            format!("{site}: {explanation}")
        } else {
            explanation.clone()
        });
        let exact: Vec<&str> = comparison
            .candidates
            .iter()
            .filter(|c| {
                c.stats
                    .as_ref()
                    .is_some_and(|s| s.aicc == Some(f64::NEG_INFINITY))
            })
            .map(|c| c.name)
            .collect();
        if !exact.is_empty() {
            let prefix = if several {
                format!("{site}: ")
            } else {
                String::new()
            };
            notes.push(format!(
                "{prefix}{} the series exactly, so AICc is minus infinity (left empty) and exact \
                 fits share the Akaike weight; the data cannot rank them, so compare their \
                 forecasts.",
                match exact.as_slice() {
                    [one] => format!("{one} fits"),
                    many => format!("{} fit", many.join(", ")),
                }
            ));
        }
        selections.push(json!({
            "site": site,
            "picked": comparison.best.map(|b| comparison.candidates[b].name),
            "picked_by": comparison.picked_by,
            "near_ties": comparison.near_ties().iter().map(|(m, d)| json!({"model": m, "delta_aicc": d})).collect::<Vec<_>>(),
            "explanation": explanation,
        }));
        for candidate in &comparison.candidates {
            let mut row = Vec::new();
            if several {
                row.push(Cell::Text(site.to_string()));
            }
            row.push(Cell::Text(candidate.name.to_string()));
            match (&candidate.outcome, &candidate.stats) {
                (Ok(fit), Some(stats)) => {
                    let mut named = Vec::new();
                    for p in &fit.parameters() {
                        named.push((p.name.to_string(), p.value));
                        if let Some(se) = p.std_error {
                            named.push((format!("{}_se", p.name), se));
                        }
                    }
                    row.extend([
                        Cell::Named(named),
                        Cell::number(stats.r2),
                        // An exact fit's AICc is minus infinity, which CSV and JSON cannot
                        // carry as a number: it is left empty and explained in a note.
                        Cell::number(stats.aicc.filter(|a| a.is_finite())),
                        Cell::number(stats.loo_rmse),
                        Cell::number(stats.loo_mape),
                        Cell::number(stats.weight),
                        Cell::Text("ok".into()),
                    ]);
                }
                (outcome, _) => {
                    let why = outcome
                        .as_ref()
                        .err()
                        .map_or_else(|| "not fitted".into(), |e| describe(e, &FLAGS));
                    row.extend(std::iter::repeat_n(Cell::Missing, 6));
                    row.push(Cell::Text(format!("refused: {why}")));
                }
            }
            rows.push(row);
        }
    }
    notes.push(format!(
        "intensity's AICc is of methane given the observed coal, rw-drift's of the year-to-year \
         differences and damped's of its one-step errors after the first year, so they are \
         shown but not weighed against the time trends (auto never picks them){}.",
        without_aicc(comparisons)
    ));
    notes.push(
        "What these columns can tell on a few years: AICc and LOO rank how well each curve fits \
         and interpolates the years given (on 5 years AICc's small-sample penalty is as large as \
         the fit, and a left-out year is predicted from its neighbours, one year away); neither \
         can tell how often such a trend breaks in the 5 to 15 years a plant runs. The default \
         forecast (damped, calibrated intervals) was chosen out of sample on real production \
         series instead (docs/METHODS.md, section 13.6; `cmmcast backtest --reference` shows \
         it), where the lowest-AICc model's 95 % intervals held far less often than 95 %."
            .into(),
    );

    meta.insert("series".into(), json!(series.column()));
    meta.insert("unit".into(), json!(series.unit()));
    meta.insert("ceiling".into(), json!(ceiling));
    meta.insert("selection".into(), json!(selections));
    meta.insert(
        "criteria".into(),
        json!({
            "aicc": "AICc = -2 ln L + 2K + 2K(K+1)/(n-K-1), K = coefficients + error variance, likelihood on the original scale (Jacobian for log and logit models); for rw-drift n is the n - 1 differences, for damped the n - 1 one-step errors",
            "loo": "leave-one-out predictions on the original scale (PRESS residuals for regressions, refits for gm11; one step ahead from the years before for rw-drift, with the drift from the differences not touching the year, and for damped, from a fit to the years before alone, none for the first two years)",
            "weight": "Akaike weight exp(-dAICc/2), normalised over comparable models with an AICc",
        }),
    );
    Report {
        notes,
        meta,
        columns,
        rows,
    }
}

/// "; quadratic and gm11 have no AICc on so few years (...)" for the models fitted without an
/// AICc (too few years for their parameters), or nothing when every fitted model has one.
fn without_aicc(comparisons: &[(&str, &Comparison)]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for (_, comparison) in comparisons {
        for candidate in &comparison.candidates {
            let fitted_without = candidate.outcome.is_ok()
                && candidate.stats.as_ref().is_some_and(|s| s.aicc.is_none());
            if fitted_without && !names.contains(&candidate.name) {
                names.push(candidate.name);
            }
        }
    }
    match names.as_slice() {
        [] => String::new(),
        [one] => format!(
            "; {one} has no AICc on so few years (quadratic and gm11 need 6, rw-drift and damped 5)"
        ),
        [init @ .., last] => format!(
            "; {} and {last} have no AICc on so few years (quadratic and gm11 need 6, rw-drift \
             and damped 5)",
            init.join(", ")
        ),
    }
}
