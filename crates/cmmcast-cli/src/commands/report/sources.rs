//! Where every number of the report comes from: the assumptions (plant, constants, uncertain
//! inputs, daily flow, sizing, rules) with their values and sources, the data's provenance,
//! and what it takes to make the report again. Every value and source comes from the study.

use serde_json::Value;

use cmmcast_data::{DistributionSpec, Site};
use cmmcast_forecast::energy::Origin;
use cmmcast_forecast::forecast::IntervalMethod;
use cmmcast_forecast::sim::{
    ENGINE_RULE, FLOW_MODEL, PERCENTILE_CONVENTION, RECOMMENDATION_RULE, TORNADO_RULE,
};

use cmmcast_forecast::study::Study;

use crate::args::ReportArgs;
use crate::commands::report::{Results, span, thousands};
use crate::html::Assumption;
use crate::tables::economics::CONVENTIONS;

/// Every assumption with its value, unit and source.
pub(super) fn assumptions(r: &Results<'_>) -> Vec<Assumption> {
    let inputs = r.study.inputs();
    let row = |group: &'static str, a: &cmmcast_forecast::energy::Assumption| Assumption {
        group,
        name: a.name.to_string(),
        value: value_text(&a.value),
        unit: a.unit.to_string(),
        source: origin_text(&a.origin),
    };
    let mut rows: Vec<Assumption> = inputs
        .plant
        .assumptions()
        .iter()
        .map(|a| row("plant", a))
        .collect();
    rows.extend(inputs.plant.constants().iter().map(|a| row("constant", a)));
    let scenario = &inputs.scenario;
    let scenario_source = format!("scenario \"{}\" ({})", scenario.name, scenario.origin);
    let given = &r.study.params().plant;
    for entry in inputs.uncertain.entries() {
        let fixed_by_flag = match entry.key {
            cmmcast_forecast::sim::InputKey::Operating(key) => given.operating(key).is_some(),
            cmmcast_forecast::sim::InputKey::PlanAdherence => false,
        };
        let around = scenario
            .input(entry.key.name())
            .filter(|input| {
                matches!(
                    input.distribution,
                    cmmcast_data::InputDistribution::AroundSite(_)
                )
            })
            .map(|input| format!(": {}", input.distribution.describe()))
            .unwrap_or_default();
        rows.push(Assumption {
            group: "uncertain input",
            name: entry.key.name().into(),
            value: format!(
                "{}{}",
                describe(&entry.sampler.spec()),
                match (entry.per_year, entry.year_to_year) {
                    (true, Some(year_to_year)) =>
                        format!(", drawn every year ({})", year_to_year.describe()),
                    (true, None) => ", drawn every year".to_string(),
                    (false, _) => ", drawn once per path".to_string(),
                }
            ),
            unit: String::new(),
            source: if fixed_by_flag {
                "given (command line), fixing the scenario's value".into()
            } else {
                format!("{scenario_source}{around}")
            },
        });
    }
    for (name, (spec, per_year, given)) in [
        ("flow_cv", inputs.flow.cv()),
        ("flow_autocorrelation", inputs.flow.autocorrelation()),
    ] {
        rows.push(Assumption {
            group: "daily flow",
            name: name.into(),
            value: format!(
                "{}{}",
                describe(&spec),
                if per_year { ", drawn every year" } else { "" }
            ),
            unit: if name == "flow_cv" {
                "coefficient of variation of daily flow".into()
            } else {
                "lag-1 correlation of log daily flow".into()
            },
            source: if given {
                scenario_source.clone()
            } else {
                format!(
                    "not in the scenario: {} (daily flow constant or independent)",
                    describe(&spec)
                )
            },
        });
    }
    rows.extend(
        r.study
            .sizing_assumptions()
            .iter()
            .filter(|a| a.name != "target_utilization")
            .map(|a| row("sizing", a)),
    );
    rows.extend(economic_assumptions(&r.study));
    let rule = |name: &str, value: &str, section: &str| Assumption {
        group: "rule",
        name: name.into(),
        value: value.into(),
        unit: String::new(),
        source: format!("docs/METHODS.md, {section}"),
    };
    rows.extend([
        rule("recommendation", RECOMMENDATION_RULE, "section 11.5"),
        rule("engines", ENGINE_RULE, "section 11.5"),
        rule("daily flow", FLOW_MODEL, "section 11.5"),
        rule("tornado", TORNADO_RULE, "section 11.6"),
        rule(
            "intervals",
            r.projection.forecast.forecast.interval_method.describe(),
            match r.projection.forecast.forecast.interval_method {
                IntervalMethod::Calibrated => "section 13",
                _ => "sections 3 and 6",
            },
        ),
        rule("percentiles", PERCENTILE_CONVENTION, "section 11.4"),
    ]);
    rows
}

/// Every economic value with its unit and source (`cmmcast economics`'s `meta.parameters`),
/// the values a path draws with their distributions, and the conventions of the cash flows:
/// the economics chapter's table, and part of the page's.
pub(super) fn economic_assumptions(study: &Study<'_>) -> Vec<Assumption> {
    let economics = study.economics();
    let scenario = &study.inputs().scenario;
    let mut rows: Vec<Assumption> = economics
        .assumptions
        .iter()
        .map(|a| Assumption {
            group: "economic",
            name: a.name.to_string(),
            value: value_text(&a.value),
            unit: a.unit.to_string(),
            source: origin_text(&a.origin),
        })
        .collect();
    rows.extend(economics.uncertain.iter().map(|draw| Assumption {
        group: "uncertain economic value",
        name: draw.key.name().into(),
        value: format!("{}, drawn once per path", describe(&draw.sampler.spec())),
        unit: String::new(),
        source: format!("scenario \"{}\" ({})", scenario.name, scenario.origin),
    }));
    rows.push(Assumption {
        group: "rule",
        name: "cash flows".into(),
        value: CONVENTIONS.into(),
        unit: String::new(),
        source: "docs/METHODS.md, section 14.1".into(),
    });
    rows
}

/// Where a value came from, in the words `meta` uses.
fn origin_text(origin: &Origin) -> String {
    origin.describe()
}

/// A value of `meta` in words: numbers and text plainly, lists and objects compactly.
fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "none".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "none".into(),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "source")
            .map(|(k, v)| format!("{k} {}", value_text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// A distribution in words (`DistributionSpec::describe`), a fixed value read as
/// `fixed at 0.995` in the page's sentences.
fn describe(spec: &DistributionSpec) -> String {
    match *spec {
        DistributionSpec::Fixed { value } => format!("fixed at {value}"),
        _ => spec.describe(),
    }
}

/// Where the data comes from.
pub(super) fn provenance(r: &Results<'_>, site: &Site) -> Vec<(String, String)> {
    let facts = &site.facts;
    let mut rows = vec![
        ("input".to_string(), r.dataset.origin().to_string()),
        ("site".to_string(), facts.name.clone()),
        (
            "kind of data".to_string(),
            facts.data_kind.as_str().to_string(),
        ),
        ("volume basis".to_string(), facts.volume_basis.describe()),
        (
            "years".to_string(),
            span(&r.projection.forecast.forecast.in_sample.years),
        ),
    ];
    if let Some(source) = &facts.source {
        rows.push(("source".into(), source.citation.clone()));
        if let Some(locator) = &source.locator {
            rows.push(("where in the source".into(), locator.clone()));
        }
        if let Some(url) = &source.url {
            rows.push(("source location".into(), url.clone()));
        }
        if let Some(language) = &source.language {
            rows.push(("language of the source".into(), language.clone()));
        }
    } else {
        rows.push(("source".into(), "not stated in the site facts".into()));
    }
    if let Some(note) = &facts.note {
        rows.push(("note".into(), note.clone()));
    }
    let scenario = &r.study.inputs().scenario;
    rows.push((
        "scenario".into(),
        format!(
            "{} ({}): {}",
            scenario.name, scenario.origin, scenario.description
        ),
    ));
    rows
}

/// What it takes to make the same report again.
pub(super) fn reproduce(
    args: &ReportArgs,
    r: &Results<'_>,
    command_line: &str,
) -> Vec<(String, String)> {
    vec![
        ("command line".into(), command_line.to_string()),
        ("cmmcast version".into(), env!("CARGO_PKG_VERSION").to_string()),
        ("seed".into(), args.seed.to_string()),
        ("simulation paths".into(), thousands(args.paths)),
        ("sizing paths".into(), thousands(args.size_paths)),
        ("economics paths".into(), thousands(args.economics_paths)),
        (
            "percentiles".into(),
            r.study.params().simulation
                .percentiles
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "random streams".into(),
            "one xoshiro256++ stream per path, its state set from the seed and the path index (SplitMix64): the same command line and version give the same numbers on any machine and any number of threads".into(),
        ),
        (
            "files".into(),
            match r.economics {
                Ok(_) => "report.html (this page); forecast, calibration, power, sizing, tornado, economics (the cash flows), npv-distribution and npv-engines (NPV against the engine count) as .svg, .csv and .json; simulation, models and projection as .csv and .json; .cmmcast-report lists them",
                Err(_) => "report.html (this page); forecast, calibration, power, sizing and tornado as .svg, .csv and .json; simulation, models and projection as .csv and .json; .cmmcast-report lists them",
            }
            .into(),
        ),
    ]
}
