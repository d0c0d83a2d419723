//! Fit two trend models to the embedded Songzao plan and print a methane forecast to 2025.
//!
//! Run with `cargo run -p cmmcast-forecast --example songzao`.

use cmmcast_data::Dataset;
use cmmcast_forecast::Level;
use cmmcast_forecast::forecast::horizon;
use cmmcast_forecast::select::Comparison;
use cmmcast_forecast::trend::{Exponential, Linear, SeriesKind, TrendInput, TrendModel, menu};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Dataset::songzao();
    let site = data.site(Some("Songzao"))?;
    let input = TrendInput::from_series(&site.series, SeriesKind::Methane)
        .ok_or("the Songzao plan has a methane series")?;
    let years = horizon(2016, 2025)?;
    let levels = [Level::percent(80.0)?, Level::percent(95.0)?];

    for model in [&Linear as &dyn TrendModel, &Exponential] {
        let fit = model.fit(&input)?;
        let forecast = fit.forecast(&years, &levels);
        println!("{} ({:?} point forecast):", fit.name(), forecast.point_kind);
        for parameter in fit.parameters() {
            println!("  {} = {:.6}", parameter.name, parameter.value);
        }
        let last = years.len() - 1;
        let pi95 = &forecast.intervals[1];
        println!(
            "  2025: {:.1} million m3, 95 % prediction interval {:.1} to {:.1}",
            forecast.point[last], pi95.lower[last], pi95.upper[last]
        );
    }

    let comparison = Comparison::run(&input, &menu(None)?);
    for candidate in &comparison.candidates {
        match (&candidate.outcome, &candidate.stats) {
            (Ok(_), Some(stats)) => println!(
                "{:<12} AICc {:>8}  LOO RMSE {:>7}  weight {}",
                candidate.name,
                stats.aicc.map_or("-".into(), |a| format!("{a:.2}")),
                stats.loo_rmse.map_or("-".into(), |r| format!("{r:.2}")),
                stats.weight.map_or("-".into(), |w| format!("{w:.3}")),
            ),
            (Err(why), _) => println!("{:<12} refused: {why}", candidate.name),
            _ => {}
        }
    }
    println!("{}", comparison.explain());
    Ok(())
}
