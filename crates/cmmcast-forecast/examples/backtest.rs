//! Backtest every model of the menu on the embedded Songzao plan, one year ahead, and print the
//! accuracy table, the ranking and what the evidence is worth.
//!
//! Run with `cargo run -p cmmcast-forecast --example backtest`.

use cmmcast_data::Dataset;
use cmmcast_forecast::Level;
use cmmcast_forecast::backtest::{BacktestSettings, backtest};
use cmmcast_forecast::trend::{SeriesKind, TrendInput, menu};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Dataset::songzao();
    let site = data.site(Some("Songzao"))?;
    let input = TrendInput::from_series(&site.series, SeriesKind::Methane)
        .ok_or("the Songzao plan has a methane series")?;
    // One year ahead of each origin; each model starts at its own minimum; 80 % and 95 %.
    let settings = BacktestSettings::new(1, None, Level::defaults())?;
    let result = backtest(&input, &menu(None)?, &settings)?;

    println!(
        "{:<12} {:>2} {:>3} {:>8} {:>8} {:>8} {:>6} {:>6} {:>6} {:>6}",
        "model", "h", "n", "ME", "MAE", "RMSE", "MASE", "cov80", "cov95", "origins"
    );
    for model in &result.models {
        for a in &model.accuracy {
            println!(
                "{:<12} {:>2} {:>3} {:>8.2} {:>8.2} {:>8.2} {:>6} {:>6.2} {:>6.2} {:?}",
                model.model,
                a.horizon,
                a.n,
                a.me,
                a.mae,
                a.rmse,
                a.mase.map_or("-".into(), |m| format!("{m:.2}")),
                a.coverage[0],
                a.coverage[1],
                model.origins,
            );
        }
    }
    for ranking in result.rankings() {
        println!("{}", ranking.describe());
    }
    if let Some(evidence) = result.evidence() {
        println!("{evidence}");
    }
    for caveat in result.caveats() {
        println!("{caveat}");
    }
    // Each forecast, for plotting: origin, year, actual, point and the 95 % bounds.
    let linear = result.model("linear").ok_or("linear was tested")?;
    for p in &linear.points {
        println!(
            "linear from {} for {}: actual {:.2}, forecast {:.2}, 95 % {:.2} to {:.2}",
            p.origin, p.year, p.actual, p.point, p.bounds[1].0, p.bounds[1].1
        );
    }
    Ok(())
}
