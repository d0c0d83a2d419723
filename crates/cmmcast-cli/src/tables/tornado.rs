//! The table of `cmmcast simulate --tornado` (and of the report's tornado chart): one row per
//! input (and site), ranked by swing.

use serde_json::{Map, Value, json};

use cmmcast_forecast::energy::{Plant, Quantity};
use cmmcast_forecast::sim::{
    PERCENTILE_CONVENTION, TORNADO_BASE, TORNADO_HIGH, TORNADO_LOW, TORNADO_RULE,
    TORNADO_TREND_LEVEL, Tornado, TornadoBar,
};

use crate::report::{Cell, Column, Report};
use crate::tables::prefix;

/// One site's tornado.
pub struct SiteTornado<'a> {
    /// The site's name.
    pub site: &'a str,
    /// The tornado.
    pub tornado: &'a Tornado,
    /// The plant at its central values.
    pub plant: &'a Plant,
    /// What the resolution of the inputs said.
    pub notes: &'a [String],
}

/// The columns of a tornado of `output`.
pub fn columns(output: Quantity) -> Vec<Column> {
    columns_in(output.unit(), output.table_decimals())
}

/// The columns of a tornado whose output is in `unit`, shown with `decimals` in a terminal.
pub fn columns_in(unit: &'static str, decimals: usize) -> Vec<Column> {
    vec![
        Column::text(
            "input",
            "a scenario input, trend (the methane forecast's interval) or model_choice",
        ),
        Column::number(
            "low",
            "the input's p10 (plan_adherence a multiplier, the others fractions); for trend and model_choice, methane in million m3 (see settings)",
            4,
        ),
        Column::number(
            "high",
            "the input's p90; for trend and model_choice, methane in million m3 (see settings)",
            4,
        ),
        Column::number("output_low", unit, decimals),
        Column::number("output_high", unit, decimals),
        Column::number(
            "swing",
            "|output_high - output_low|, unit of the output",
            decimals,
        ),
        Column::text("settings", "what low and high are"),
    ]
}

/// The cells of one bar, in the order of [`columns`].
pub fn cells(bar: &TornadoBar) -> [Cell; 7] {
    row_cells(
        &bar.input,
        (bar.low_setting, bar.high_setting),
        (bar.output_at_low, bar.output_at_high),
        bar.swing,
        bar.describe(),
    )
}

/// The cells of one row: the input, its low and high settings, the output at each, the swing
/// and what the settings are.
pub fn row_cells(
    input: &str,
    (low, high): (f64, f64),
    (output_low, output_high): (f64, f64),
    swing: f64,
    settings: String,
) -> [Cell; 7] {
    [
        Cell::Text(input.to_string()),
        Cell::Num(low),
        Cell::Num(high),
        Cell::Num(output_low),
        Cell::Num(output_high),
        Cell::Num(swing),
        Cell::Text(settings),
    ]
}

/// The base case in one sentence.
pub fn base_note(tornado: &Tornado) -> String {
    let output = tornado.output;
    format!(
        "{} in {}, base case {:.*} {}: every input at its median, methane at {}'s point forecast {:.1} million m3 x plan adherence {:.3}.",
        output.name(),
        tornado.year,
        output.table_decimals(),
        tornado.base.value,
        output.unit(),
        tornado.base.model,
        tornado.base.methane_point_mm3,
        tornado.base.plan_adherence,
    )
}

/// The tornado table of every site.
pub fn table(
    sites: &[SiteTornado<'_>],
    several: bool,
    output: Quantity,
    mut notes: Vec<String>,
    mut meta: Map<String, Value>,
) -> Report {
    let mut all = Vec::new();
    if several {
        all.push(Column::text("site", "site name"));
    }
    all.extend(columns(output));

    let mut rows = Vec::new();
    let mut per_site = Vec::new();
    for site in sites {
        let t = site.tornado;
        for bar in &t.bars {
            let mut row = Vec::with_capacity(all.len());
            if several {
                row.push(Cell::Text(site.site.to_string()));
            }
            row.extend(cells(bar));
            rows.push(row);
        }
        let prefix = prefix(site.site, several);
        notes.push(format!("{prefix}{}", base_note(t)));
        notes.extend(site.notes.iter().map(|n| format!("{prefix}{n}")));
        let mut entry = serde_json::to_value(t).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut entry {
            map.insert("site".into(), json!(site.site));
            map.insert("plant".into(), json!(site.plant.assumptions()));
            map.insert(
                "settings".into(),
                Value::Array(t.bars.iter().map(|b| json!(b.describe())).collect()),
            );
        }
        per_site.push(entry);
    }
    notes.push(format!("Tornado: {TORNADO_RULE}."));
    notes.push(format!("Percentiles: {PERCENTILE_CONVENTION}"));

    meta.insert("tornado".into(), rule_json(output, per_site));
    meta.insert("percentile_convention".into(), json!(PERCENTILE_CONVENTION));
    Report {
        notes,
        meta,
        columns: all,
        rows,
    }
}

/// `meta.tornado`: the rule, the probabilities and each site's tornado.
pub fn rule_json(output: Quantity, sites: Vec<Value>) -> Value {
    json!({
        "output": output.name(),
        "unit": output.unit(),
        "rule": TORNADO_RULE,
        "low_probability": TORNADO_LOW,
        "base_probability": TORNADO_BASE,
        "high_probability": TORNADO_HIGH,
        "trend_interval_level": TORNADO_TREND_LEVEL,
        "fixed_inputs": "listed last, with zero swing: values the scenario or a flag fixes, keys the scenario leaves out (the plant's value; plan adherence 1), and the model choice under a fixed --model",
        "draws": "none: the tornado uses exact quantiles, so --paths, --seed, --percentiles and --threads do not apply",
        "sites": sites,
    })
}
