//! The table of the NPV tornado (`cmmcast economics --tornado`): one row per input (and site),
//! ranked by its swing of the net present value over the operating years. The same shape as
//! [`super::tornado`], so the two read alike; the numbers are the library's
//! ([`cmmcast_forecast::sim::value_tornado`]).

use serde_json::{Map, Value, json};

use cmmcast_forecast::energy::Plant;
use cmmcast_forecast::sim::{
    TORNADO_BASE, TORNADO_HIGH, TORNADO_LOW, TORNADO_TREND_LEVEL, VALUE_TORNADO_RULE, ValueTornado,
};
use cmmcast_forecast::study::ResolvedEconomics;

use crate::report::{Cell, Column, Report};
use crate::tables::{prefix, tornado::row_cells, years_list};

/// One site's NPV tornado with what it was computed from.
pub struct SiteValueTornado<'a> {
    /// The site's name.
    pub site: &'a str,
    /// The tornado ([`cmmcast_forecast::study::Study::value_tornado`]).
    pub tornado: &'a ValueTornado,
    /// The plant at its central values ([`cmmcast_forecast::study::Study::inputs`]).
    pub plant: &'a Plant,
    /// The economic values, resolved ([`cmmcast_forecast::study::Study::economics`]): their
    /// origins go to `meta`, their notes above the table.
    pub economics: &'a ResolvedEconomics,
    /// What the resolution of the plant's inputs said ([`cmmcast_forecast::study::Study::notes`]).
    pub notes: &'a [String],
}

/// The columns of the NPV tornado.
pub fn columns() -> Vec<Column> {
    vec![
        Column::text(
            "input",
            "a scenario input, trend (the methane forecast's interval), model_choice or an economic value",
        ),
        Column::number(
            "low",
            "the input's p10 in its own unit; for trend and model_choice, methane over the operating years in million m3 (see settings)",
            4,
        ),
        Column::number(
            "high",
            "the input's p90 in its own unit; for trend and model_choice, methane over the operating years in million m3",
            4,
        ),
        Column::number(
            "npv_low",
            "NPV at the low setting, in the currency of meta.value_tornado",
            0,
        ),
        Column::number(
            "npv_high",
            "NPV at the high setting, in the currency of meta.value_tornado",
            0,
        ),
        Column::number("swing", "|npv_high - npv_low|, same currency", 0),
        Column::text("settings", "what low and high are"),
    ]
}

/// The base case of one site in one sentence.
pub fn base_note(tornado: &ValueTornado) -> String {
    format!(
        "NPV over {}, base case {:.0} {}: every scenario input at its median, the base model's point forecast, every economic value at its central value.",
        years_list(&tornado.years),
        tornado.base_npv,
        tornado.currency,
    )
}

/// The NPV tornado table of every site: rows ranked as the library ranked them, the base case
/// and the resolution notes of each site above the table, and `meta.value_tornado` with the
/// rule, the probabilities and each site's tornado (its `years`, `base_npv`, `currency`, bars,
/// settings in words, plant and economic assumptions).
///
/// How to call it, from a command holding its studies (`several` when the data has several
/// sites; `notes` and `meta` as the command's other tables start them):
///
/// ```ignore
/// let tornadoes = studies.iter().map(Study::value_tornado).collect::<Result<Vec<_>, _>>()?;
/// let sites: Vec<SiteValueTornado> = studies
///     .iter()
///     .zip(&tornadoes)
///     .map(|(study, tornado)| SiteValueTornado {
///         site: study.site().name(),
///         tornado,
///         plant: &study.inputs().plant,
///         economics: study.economics(),
///         notes: study.notes(),
///     })
///     .collect();
/// let report = tables::value_tornado::table(&sites, several, notes, meta);
/// ```
pub fn table(
    sites: &[SiteValueTornado<'_>],
    several: bool,
    mut notes: Vec<String>,
    mut meta: Map<String, Value>,
) -> Report {
    let mut all = Vec::new();
    if several {
        all.push(Column::text("site", "site name"));
    }
    all.extend(columns());

    let mut rows = Vec::new();
    let mut per_site = Vec::new();
    for site in sites {
        let t = site.tornado;
        for bar in &t.bars {
            let mut row = Vec::with_capacity(all.len());
            if several {
                row.push(Cell::Text(site.site.to_string()));
            }
            row.extend(row_cells(
                &bar.input,
                (bar.low_setting, bar.high_setting),
                (bar.output_at_low, bar.output_at_high),
                bar.swing,
                bar.describe(),
            ));
            rows.push(row);
        }
        let prefix = prefix(site.site, several);
        notes.push(format!("{prefix}{}", base_note(t)));
        notes.extend(
            site.notes
                .iter()
                .chain(&site.economics.notes)
                .map(|n| format!("{prefix}{n}")),
        );
        let mut entry = serde_json::to_value(t).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut entry {
            map.insert("site".into(), json!(site.site));
            map.insert("plant".into(), json!(site.plant.assumptions()));
            map.insert("economics".into(), json!(site.economics.assumptions));
            map.insert(
                "settings".into(),
                Value::Array(t.bars.iter().map(|b| json!(b.describe())).collect()),
            );
        }
        per_site.push(entry);
    }
    notes.push(format!("NPV tornado: {VALUE_TORNADO_RULE}."));

    meta.insert(
        "value_tornado".into(),
        json!({
            "output": "npv",
            "rule": VALUE_TORNADO_RULE,
            "low_probability": TORNADO_LOW,
            "base_probability": TORNADO_BASE,
            "high_probability": TORNADO_HIGH,
            "trend_interval_level": TORNADO_TREND_LEVEL,
            "fixed_inputs": "listed last, with zero swing: values the scenario or a given value fixes, keys the scenario leaves out (the plant's value, plan adherence 1, the economic value at its central value), and the model choice under a fixed model",
            "draws": "none: the NPV tornado uses exact quantiles",
            "sites": per_site,
        }),
    );
    Report {
        notes,
        meta,
        columns: all,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmmcast_data::Dataset;
    use cmmcast_forecast::study::StudyParams;

    /// The embedded Songzao default: one row per bar (eight scenario inputs, the trend, the
    /// model choice and eleven economic values = 21), in the library's order, with the columns'
    /// cells; the base case and the rule above the table; the site's numbers in `meta`.
    #[test]
    fn builds_one_row_per_bar() {
        let data = Dataset::songzao();
        let study = StudyParams::default()
            .study(data.site(None).expect("Songzao"))
            .expect("a study");
        let tornado = study.value_tornado().expect("an NPV tornado");
        let report = table(&[site_of(&study, &tornado)], false, Vec::new(), Map::new());
        let names: Vec<&str> = report.columns.iter().map(|c| c.name.as_ref()).collect();
        assert_eq!(
            names,
            [
                "input", "low", "high", "npv_low", "npv_high", "swing", "settings"
            ]
        );
        assert_eq!(report.rows.len(), 21);
        for (row, bar) in report.rows.iter().zip(&tornado.bars) {
            assert_eq!(row.len(), 7);
            assert!(matches!(&row[0], Cell::Text(input) if *input == bar.input));
            assert!(matches!(row[3], Cell::Num(npv) if npv == bar.output_at_low));
            assert!(matches!(row[5], Cell::Num(swing) if swing == bar.swing));
        }
        assert!(report.notes[0].starts_with("NPV over 2017 to 2031, base case "));
        assert!(report.notes.iter().any(|n| n.contains(VALUE_TORNADO_RULE)));
        let meta = &report.meta["value_tornado"];
        assert_eq!(meta["rule"], VALUE_TORNADO_RULE);
        let entry = &meta["sites"][0];
        assert_eq!(entry["base_npv"], json!(tornado.base_npv));
        assert_eq!(entry["currency"], json!(tornado.currency));
        assert_eq!(entry["years"][0], 2017);
        assert_eq!(entry["settings"].as_array().map(Vec::len), Some(21));

        // Several sites: a site column first.
        let several = table(&[site_of(&study, &tornado)], true, Vec::new(), Map::new());
        assert_eq!(several.columns[0].name, "site");
        assert_eq!(several.rows[0].len(), 8);
    }

    fn site_of<'a>(
        study: &'a cmmcast_forecast::study::Study<'_>,
        tornado: &'a ValueTornado,
    ) -> SiteValueTornado<'a> {
        SiteValueTornado {
            site: study.site().name(),
            tornado,
            plant: &study.inputs().plant,
            economics: study.economics(),
            notes: study.notes(),
        }
    }
}
