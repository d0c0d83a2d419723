//! The report's page: the summary in a few sentences, the figures with their captions, the
//! economics chapter and the other tables, in the order a reader of a feasibility study wants
//! them.

use cmmcast_forecast::energy::Quantity;
use cmmcast_forecast::trend::ModelChoice;

use crate::args::ReportArgs;
use crate::charts;
use crate::commands::report::intervals::{bands, calibration_caption, how_made};
use crate::commands::report::{
    Results, data_label, economics, simulated, sources, span, thousands,
};
use crate::html::{Chapter, Explanation, Figure, Page, Rows, Section};
use crate::report::Report;
use cmmcast_forecast::sim::PERCENTILE_CONVENTION;

/// The HTML page: summary, charts with their tables, the economics, the other tables,
/// assumptions, provenance and how to reproduce the report.
pub(super) fn page(
    args: &ReportArgs,
    r: &Results<'_>,
    command_line: &str,
    [
        (forecast_svg, forecast),
        (calibration_svg, calibration),
        (power_svg, power),
        (sizing_svg, sizing),
        (tornado_svg, tornado),
    ]: [(&String, &Report); 5],
    economics: Chapter,
    [simulation, models, projection]: [&Report; 3],
) -> Page {
    let site = r.study.site();
    let f = &r.projection.forecast.forecast;
    let last = f.years.last().copied().unwrap_or_default();
    let figures = vec![
        Figure {
            id: "forecast",
            title: "Methane drainage forecast".into(),
            caption: format!(
                "Points: {}. Lines: every model's fit and point forecast; {} (thick) is the chosen model. Gray bands: {} Dotted lines with crosses: the simulated p10 and p90 of drained methane, with every uncertain input{}.",
                data_label(site, &f.in_sample.years),
                f.model,
                bands(r),
                if r.simulation.model_weights.len() > 1 {
                    " and the models mixed by Akaike weight (so the band covers the model choice, which the chosen model's intervals do not)"
                } else {
                    ""
                }
            ),
            svg: forecast_svg.clone(),
            stem: "forecast",
            table: forecast.clone(),
            rows: Rows::All,
            explanation: None,
        },
        Figure {
            id: "calibration",
            title: "How often the intervals held on real series".into(),
            caption: calibration_caption(r),
            svg: calibration_svg.clone(),
            stem: "calibration",
            table: calibration.clone(),
            rows: Rows::All,
            explanation: Some(Explanation {
                id: "intervals",
                title: "How the intervals were made".into(),
                paragraphs: how_made(args, r),
            }),
        },
        Figure {
            id: "power",
            title: "Electricity and utilization".into(),
            caption: format!(
                "Top: gross electricity, GWh a year, with the plant capacity (MW, right axis; scheduled additions included). Bottom: utilization, the share of drained methane burnt. Band: simulated p10 to p90; solid line: simulated median; dashed line with squares: {}'s point forecast through the plant with every input at its default; discs: the data years.",
                f.model
            ),
            svg: power_svg.clone(),
            stem: "power",
            table: power.clone(),
            rows: Rows::All,
            explanation: None,
        },
        Figure {
            id: "sizing",
            title: "Plant sizing under daily gas flow".into(),
            caption: format!(
                "Each engine count's mean and p10 capacity factor and mean utilization over {} paths x {} = {} path-years, the gas arriving day by day; the recommended count is the largest whose p10 capacity factor reaches {} ({}).",
                thousands(args.size_paths),
                span(&r.plant_sizing.sizing.years),
                thousands(r.plant_sizing.sizing.path_years),
                charts::short(r.study.sizing_settings().min_capacity_factor),
                if args.min_capacity_factor.is_some() {
                    "given"
                } else {
                    "an assumption; --min-capacity-factor"
                }
            ),
            svg: sizing_svg.clone(),
            stem: "sizing",
            table: sizing.clone(),
            rows: Rows::engine_counts(sizing),
            explanation: None,
        },
        Figure {
            id: "tornado",
            title: "What moves the result most (tornado)".into(),
            caption: format!(
                "{} in {}: each input alone between its p10 and p90 with the others at their medians; the trend is the chosen model's 80 % interval (calibrated for the default, its own prediction interval otherwise) and the model choice the weighted models' point forecasts. Local: it shows no interactions.",
                r.tornado.output.name(),
                r.tornado.year
            ),
            svg: tornado_svg.clone(),
            stem: "tornado",
            table: tornado.clone(),
            rows: Rows::All,
            explanation: None,
        },
    ];
    let sections = vec![
        Section {
            id: "models",
            title: "Model comparison".into(),
            intro: "Every trend model fitted to the methane series (what `cmmcast fit` prints): parameters, R², AICc on the original scale, leave-one-out errors and Akaike weights.".into(),
            stem: "models",
            table: models.clone(),
            rows: Rows::All,
        },
        Section {
            id: "projection",
            title: format!("Projection through the plant at {}'s point forecast", f.model),
            intro: "The deterministic energy chain, every input at its default (what `cmmcast project` prints).".into(),
            stem: "projection",
            table: projection.clone(),
            rows: Rows::All,
        },
        Section {
            id: "simulation",
            title: "Simulated percentiles".into(),
            intro: format!(
                "Every quantity per year over {} joint paths, seed {} (what `cmmcast simulate` prints). {}",
                thousands(args.paths),
                args.seed,
                PERCENTILE_CONVENTION
            ),
            stem: "simulation",
            table: simulation.clone(),
            rows: Rows::All,
        },
    ];
    Page {
        title: format!("{}: coal mine methane and power", site.name()),
        summary: summary(args, r, last),
        figures,
        chapters: vec![economics],
        sections,
        assumptions: sources::assumptions(r),
        provenance: sources::provenance(r, site),
        reproduce: sources::reproduce(args, r, command_line),
    }
}

/// The findings in a few sentences.
fn summary(args: &ReportArgs, r: &Results<'_>, last: i32) -> Vec<String> {
    let f = &r.projection.forecast.forecast;
    let mut lines = Vec::new();
    lines.push(match &r.projection.forecast.selection {
        Some(why) => format!("Trend model: {}. {why}", f.model),
        // The default is a fixed model too: saying "given with --model" of it was wrong.
        None if matches!(args.model.model, None | Some(ModelChoice::Damped)) => format!(
            "Trend model: {}, the default (it did best out of sample on real production series; docs/METHODS.md, section 13.6).",
            f.model
        ),
        None => format!("Trend model: {} (given with --model).", f.model),
    });
    if let Some(c) = &r.projection.forecast.combination {
        lines.push(format!(
            "The plant is fed by {} mines ({}), each forecast on its own history; it sees the sum of their methane. Their deviations from their forecasts are taken to be correlated at {} ({}); docs/METHODS.md, section 11.7.",
            c.mines.len(),
            c.mines
                .iter()
                .map(|m| format!("{}, {}", m.name, m.model))
                .collect::<Vec<_>>()
                .join("; "),
            c.mine_correlation,
            c.mine_correlation_source
        ));
    }
    let methane = simulated(
        &r.simulation,
        &r.study.params().simulation,
        Quantity::MethaneMm3,
    );
    if let (Some(i), Some(&[p10, _, p90])) =
        (f.years.iter().position(|&y| y == last), methane.get(&last))
    {
        let bounds = f
            .intervals
            .iter()
            .map(|b| {
                format!(
                    "{} % interval {}-{}",
                    b.level.label(),
                    charts::short(b.lower[i]),
                    charts::short(b.upper[i])
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(format!(
            "Drained methane in {last}: {} million m3 by {} ({bounds}); simulated p10 to p90 {} to {} million m3.",
            charts::short(f.point[i]),
            f.model,
            charts::short(p10),
            charts::short(p90),
        ));
    }
    let electricity = simulated(
        &r.simulation,
        &r.study.params().simulation,
        Quantity::ElectricityGwh,
    );
    let utilization = simulated(
        &r.simulation,
        &r.study.params().simulation,
        Quantity::Utilization,
    );
    if let (Some(&[e10, e50, e90]), Some(&[_, u50, _])) =
        (electricity.get(&last), utilization.get(&last))
    {
        lines.push(format!(
            "Electricity in {last}: median {} GWh (p10 {}, p90 {}) from a {} MW plant, which burns a median {} % of the gas drained.",
            charts::short(e50),
            charts::short(e10),
            charts::short(e90),
            charts::short(r.study.inputs().plant.capacity_in(last)),
            charts::short(u50 * 100.0),
        ));
    }
    // The sentence `cmmcast size` prints, so the two agree word for word.
    let settings = r.study.sizing_settings();
    lines.push(format!(
        "Sizing: {}",
        crate::tables::sizing::recommendation_note(
            &r.plant_sizing.sizing,
            &settings,
            r.study.sizing_assumptions().iter()
        )
    ));
    if let Some(error) = &r.plant_sizing.unvalued {
        lines.push(crate::tables::sizing::unvalued_note(error));
    }
    if let Some(top) = r.tornado.bars.first() {
        lines.push(if top.swing > 0.0 {
            format!(
                "Sensitivity: {} in {} moves most with {} (swing {} {}); base case {} {}.",
                r.tornado.output.name(),
                r.tornado.year,
                top.input,
                charts::short(top.swing),
                r.tornado.output.unit(),
                charts::short(r.tornado.base.value),
                r.tornado.output.unit(),
            )
        } else {
            format!(
                "Sensitivity: no input moves {} in {}.",
                r.tornado.output.name(),
                r.tornado.year
            )
        });
    }
    lines.extend(economics::summary(args, r));
    if r.study.inputs().plant.grid_factor_t_per_mwh.is_none() {
        lines.push("No grid emission factor was given (--grid-factor), so avoided CO2e counts methane destruction only.".into());
    }
    lines
}
