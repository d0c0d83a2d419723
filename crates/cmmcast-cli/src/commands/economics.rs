//! `cmmcast economics`: the plant's cash flows, NPV, IRR, LCOE and payback; with `--paths`,
//! their distribution over the joint paths of `simulate`.

use cmmcast_forecast::economics::EconomicKey;
use cmmcast_forecast::sim::{SimulationSettings, check_memory};
use cmmcast_forecast::study::{EconomicOverrides, StudyParams};

use crate::args::{EconomicArgs, EconomicsArgs};
use crate::commands::params::{Studied, study_params, with_studies};
use crate::commands::runtime::{available_memory_bytes, progress_bar, thread_pool};
use crate::failure::{FLAGS, Failure};
use crate::meta;
use crate::report::Report;
use crate::tables::economics::{self, SiteEconomics};
use crate::tables::value_tornado::{self, SiteValueTornado};

/// Builds the report of `cmmcast economics`.
pub fn run(args: &EconomicsArgs) -> Result<Report, Failure> {
    let params = StudyParams {
        simulation: SimulationSettings {
            paths: args.paths.unwrap_or(1),
            seed: args.seed,
            ..SimulationSettings::default()
        },
        economics: economic_overrides(&args.economics),
        ..study_params(&args.model, &args.plant)?
    };
    let input = (&args.input, args.model.combine);
    with_studies(params, &args.scenario, input, &FLAGS, |_, s| {
        if args.tornado {
            return tornado(args, s);
        }
        value(args, s)
    })
}

/// The economic flags as the library's overrides.
pub(crate) fn economic_overrides(flags: &EconomicArgs) -> EconomicOverrides {
    let mut given = EconomicOverrides::default();
    given.currency = flags.currency.clone();
    for (key, value) in [
        (EconomicKey::CapexPerKw, flags.capex_per_kw),
        (EconomicKey::OpexPerKwYear, flags.opex_per_kw_year),
        (EconomicKey::OpexPerMwh, flags.opex_per_mwh),
        (EconomicKey::TariffPerMwh, flags.tariff_per_mwh),
        (EconomicKey::CarbonPricePerT, flags.carbon_price_per_t),
        (EconomicKey::CarbonShare, flags.carbon_share),
        (EconomicKey::GasCostPerM3, flags.gas_cost_per_m3),
        (EconomicKey::TaxRate, flags.tax_rate),
        (EconomicKey::DepreciationYears, flags.depreciation_years),
        (EconomicKey::DiscountRate, flags.discount_rate),
        (EconomicKey::LifetimeYears, flags.lifetime_years),
    ] {
        given.set(key, value);
    }
    given
}

/// The cash flows of every study and, with `--paths`, the valuation of every path.
fn value(args: &EconomicsArgs, s: &Studied<'_>) -> Result<Report, Failure> {
    let valuations = s.each(&FLAGS, |study| study.value())?;
    let simulated = match args.paths {
        None => None,
        Some(paths) => {
            if let Some(available) = available_memory_bytes() {
                s.each(&FLAGS, |study| {
                    let years = study.economic_years()?.len();
                    check_memory(paths, years, available.saturating_sub(16 * paths as u64))
                })?;
            }
            let pool = thread_pool(args.threads)?;
            let bar = progress_bar(args.quiet, paths, s.studies.len());
            let tick = |n: u64| bar.inc(n);
            let simulated = pool.install(|| s.each(&FLAGS, |study| study.simulate_value(&tick)));
            bar.finish_and_clear();
            Some(simulated?)
        }
    };
    let rows: Vec<SiteEconomics<'_>> = s
        .studies
        .iter()
        .enumerate()
        .map(|(i, study)| SiteEconomics {
            site: study.site().name(),
            study,
            value: &valuations[i],
            paths: simulated.as_ref().map(|simulated| &simulated[i].1),
        })
        .collect();
    Ok(economics::table(
        &rows,
        s.several,
        args.seed,
        meta::site_notes(&s.sites)
            .into_iter()
            .chain(s.idle_plant_notes())
            .collect(),
        s.meta("economics", args.model.model),
    ))
}

/// `--tornado`: the inputs ranked by their swing of NPV.
fn tornado(args: &EconomicsArgs, s: &Studied<'_>) -> Result<Report, Failure> {
    if let Some(paths) = args.paths {
        return Err(Failure::Usage(format!(
            "--tornado ranks the inputs one at a time and draws no paths, so --paths {paths} has nothing to do; leave out --paths or --tornado"
        )));
    }
    let tornadoes = s.each(&FLAGS, |study| study.value_tornado())?;
    let sites: Vec<SiteValueTornado<'_>> = s
        .studies
        .iter()
        .zip(&tornadoes)
        .map(|(study, tornado)| SiteValueTornado {
            site: study.site().name(),
            tornado,
            plant: &study.inputs().plant,
            economics: study.economics(),
            notes: study.notes(),
        })
        .collect();
    Ok(value_tornado::table(
        &sites,
        s.several,
        meta::site_notes(&s.sites),
        s.meta("economics", args.model.model),
    ))
}
