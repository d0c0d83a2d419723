//! The report's words on its intervals: what the forecast chart's bands are, the calibration
//! chart's caption, and "How the intervals were made". Every number in them comes from the
//! study (its selection and calibration) or from the library's coverage check
//! ([`cmmcast_forecast::calibrate::CoverageCheck`]); this module only puts them into sentences,
//! so that the page explains its intervals with the record they actually have instead of a
//! claim pasted in.

use cmmcast_forecast::calibrate::{Calibration, CoverageCheck, MethodCoverage};
use cmmcast_forecast::choice::IntervalChoice;

use crate::args::ReportArgs;
use crate::commands::report::{Results, thousands};

/// The forecast's levels in words: "80 % and 95 %".
fn levels_text(r: &Results<'_>) -> String {
    let labels: Vec<String> = r
        .projection
        .forecast
        .forecast
        .intervals
        .iter()
        .map(|i| format!("{} %", i.level.label()))
        .collect();
    match labels.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A share as a percentage with one decimal, as the calibration table rounds it: 0.8004 → 80.0.
fn percent(share: f64) -> String {
    format!("{:.1}", 100.0 * share)
}

/// What the forecast chart's gray bands are, as the study made them: calibrated intervals, or
/// the chosen model's own with how that model makes them. (The caption once said "Student t"
/// whatever the method; it must name the one the bands were drawn with.)
pub(super) fn bands(r: &Results<'_>) -> String {
    let f = &r.projection.forecast.forecast;
    match r.study.selection().intervals() {
        IntervalChoice::Calibrated => format!(
            "its {} calibrated intervals, learned from how far real production series strayed from the same forecast (how, and how often such intervals held: the next figure).",
            levels_text(r)
        ),
        IntervalChoice::Model => format!(
            "its own {} intervals: {}.",
            levels_text(r),
            f.interval_method.describe()
        ),
    }
}

/// The command that prints the check's numbers.
fn backtest_command(c: &CoverageCheck) -> String {
    format!(
        "cmmcast backtest --reference --window {} --min-level {} --full-outcome --models auto",
        c.window, c.settings.min_level
    )
}

/// The calibration chart's caption: what the lines are, what they were measured on, how the
/// default was judged, and, when the site's number of known years is outside 5 to 10, which
/// window length stands in for it.
pub(super) fn calibration_caption(r: &Results<'_>) -> String {
    let c = &r.coverage;
    let mut caption = format!(
        "The share of real outcomes that fell inside the intervals, by years ahead, when both methods forecast the same {} windows of {} known years, each followed by the ten years that came after it, cut from {} national coal and gas production series of {} countries ({}). Solid lines: the default, the damped trend with calibrated intervals, judged leave-one-country-out: each window's intervals were learned without any series of its own country, so no window is scored by intervals learned from it. Long-dashed lines: the old default, auto (lowest AICc) with its chosen model's own intervals. Dashed gray lines: the nominal levels, where a line lies when intervals hold as often as they say. `{}` prints the same numbers.",
        thousands(c.windows),
        c.window,
        c.series,
        c.groups,
        c.reference_class,
        backtest_command(c),
    );
    if c.known_years != c.window {
        caption.push_str(&format!(
            " The site has {} known years; the check uses windows of {}, the nearest length from 5 to 10 (below five, calibrated intervals are the five-year ones widened by a rule; from ten on, the ten-year ones unchanged).",
            c.known_years, c.window
        ));
    }
    caption
}

/// "held 79.7 to 80.1 %" (or "held 80.0 %" when every horizon agrees) of `method` at level `l`.
fn held(method: &MethodCoverage, l: usize) -> Option<String> {
    let (low, high) = method.range(l)?;
    Some(if percent(low) == percent(high) {
        format!("held {} %", percent(low))
    } else {
        format!("held {} to {} %", percent(low), percent(high))
    })
}

/// How often the calibrated intervals held on the chart's windows, at every level, in words.
fn calibrated_record(c: &CoverageCheck) -> Option<String> {
    let levels = c
        .levels
        .iter()
        .enumerate()
        .map(|(l, p)| Some(format!("the {p} % intervals {}", held(c.calibrated(), l)?)))
        .collect::<Option<Vec<_>>>()?;
    let horizons = c.calibrated().horizons.len();
    Some(format!(
        "How often they held: on the chart's {} windows of {} known years, each with intervals learned without its own country, {} of the time, over every horizon from 1 to {horizons} years ahead.",
        thousands(c.windows),
        c.window,
        levels.join(" and "),
    ))
}

/// How often auto's own intervals held on the same windows, one year ahead and at the last
/// horizon, in words.
fn auto_record(c: &CoverageCheck) -> Option<String> {
    let auto = c.auto();
    let (first, last) = (auto.horizons.first()?, auto.horizons.last()?);
    let levels = c
        .levels
        .iter()
        .enumerate()
        .map(|(l, p)| {
            Some(format!(
                "its {p} % intervals held {} % of the time one year ahead and {} % {} years ahead",
                percent(*first.coverage.get(l)?),
                percent(*last.coverage.get(l)?),
                last.horizon
            ))
        })
        .collect::<Option<Vec<String>>>()?;
    Some(format!("On the same windows, {}.", levels.join("; ")))
}

/// "How the intervals were made": which intervals this report's forecast has and why, the
/// calibrated method in words (from the library, with its numbers), how often its intervals
/// held on the chart's windows, and the model-based alternative with its record.
pub(super) fn how_made(args: &ReportArgs, r: &Results<'_>) -> Vec<String> {
    let f = &r.projection.forecast.forecast;
    let selection = r.study.selection();
    let mut paragraphs = vec![match selection.intervals() {
        IntervalChoice::Calibrated => format!(
            "This report's forecast has calibrated intervals, the default: the gray bands of the forecast chart are the {} calibrated intervals around the damped trend, and the solid lines of the chart above show how often such intervals held on real series.",
            levels_text(r)
        ),
        IntervalChoice::Model => {
            let why = if args.model.intervals == Some(IntervalChoice::Model) {
                "as asked with --intervals model".to_string()
            } else if args.model.model.is_none() {
                "because the data carries a production plan, which the default follows with the intensity model, and calibrated intervals were learned around the damped trend alone".to_string()
            } else {
                format!(
                    "because --model {} was given, and calibrated intervals were learned around the damped trend alone",
                    crate::meta::model_requested(args.model.model)
                )
            };
            format!(
                "This report's forecast has {}'s own intervals, not calibrated ones, {why}: {}. The chart above is about the methods, so it is shown all the same: its long-dashed lines show how often model-based intervals (auto's pick's own) held on real series, its solid lines how often the calibrated intervals described here did.",
                f.model,
                f.interval_method.describe()
            )
        }
    }];
    let calibration = selection.calibration().unwrap_or(Calibration::embedded());
    paragraphs.extend(calibration.explanation());
    paragraphs.extend(calibrated_record(&r.coverage));
    let mut model = "The model's own intervals (--intervals model, or any --model but damped) come from the model's sampling theory (Student t for most): they hold only as far as the series keeps to the model, which a few points cannot tell. Auto, the old default, picks the model with the lowest AICc and draws that model's own intervals.".to_string();
    if let Some(record) = auto_record(&r.coverage) {
        model.push(' ');
        model.push_str(&record);
    }
    paragraphs.push(model);
    paragraphs
}
