//! Energy projection benchmarks: the annual energy chain alone on 1,000,000 site-years (see
//! `docs/BENCHMARKS.md` for the target and recorded results). Target: under 20 ms.
//!
//! The input is generated outside the timed loop: 1,000 sites x 1,000 years (1500–2499) of
//! methane, the `methane_mm3` values of `cmmcast_benches::long_csv(1000, 1000)`
//! (0–10,000 million m3, from `cmmcast_benches::site_year_methane`), and four plants built
//! once, site `s` using plant `s % 4`:
//!
//! - the Songzao plant from the embedded site facts (26.9 MW, defaults otherwise);
//! - 2,000 MW, efficiency 0.42, 5 % parasitic load, AR6, a grid factor (grid displacement on);
//! - 1,000 MW plus 500 MW from 1700 and 1,000 MW from 2000, volumes at 0 °C (the schedule is
//!   walked for every year, in both `project_year` and `capacity_need`);
//! - 50 MW on gas too lean for its engines (everything sent to power is unusable).
//!
//! The capacities put some site-years on the gas-limited side and most on the
//! capacity-limited side. Per site, the timed loop computes `EnergyFactors::new` of its plant
//! (as `Study::project` does), then for every year `project_year` and `capacity_need`
//! (target 0.9 of the drained methane, 2.0 MW engines):
//!
//! - `projection/rows_1M`: each year's `(YearEnergy, CapacityNeed)` (176 bytes) pushed to an
//!   output `Vec` whose capacity is reserved once outside the loop (cleared, then extended,
//!   each iteration): arithmetic plus 176 MB of stores.
//! - `projection/sum_1M`: the same calls, but only burnt methane, avoided CO2e, capacity needed
//!   and engines summed: the arithmetic without the memory traffic of the rows.
//!
//! Run with `cargo bench -p cmmcast-benches --bench projection` (about 15 s).

use std::hint::black_box;
use std::time::Duration;

use cmmcast_benches::{FIRST_YEAR, site_year_methane};
use cmmcast_data::{Dataset, ReferenceTemperature};
use cmmcast_forecast::energy::{
    CapacityAddition, CapacityNeed, EnergyFactors, GwpSet, Plant, PlantBuilder, YearEnergy,
    capacity_need, project_year,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Sites in the workload.
const SITES: usize = 1_000;
/// Years per site.
const YEARS: usize = 1_000;
/// Share of the drained methane the sizing aims to burn.
const TARGET_UTILIZATION: f64 = 0.9;
/// Size of one engine, MW.
const UNIT_MW: f64 = 2.0;

/// The four plants of the workload (see the module documentation).
fn plants() -> Vec<Plant> {
    let data = Dataset::songzao();
    let site = data.site(None).expect("the embedded data has one site");
    let songzao = PlantBuilder::from_site_facts(&site.facts)
        .expect("the Songzao facts name a known GWP set")
        .build()
        .expect("the Songzao plant is valid");
    let large = Plant::builder()
        .capacity_mw(2_000.0)
        .efficiency(0.42)
        .parasitic_fraction(0.05)
        .gwp(GwpSet::Ar6)
        .grid_factor_t_per_mwh(0.58)
        .build()
        .expect("a valid plant");
    let growing = Plant::builder()
        .capacity_mw(1_000.0)
        .additions(vec![
            CapacityAddition {
                year: 1700,
                mw: 500.0,
            },
            CapacityAddition {
                year: 2000,
                mw: 1_000.0,
            },
        ])
        .basis(ReferenceTemperature::Celsius0)
        .build()
        .expect("a valid plant");
    let lean = Plant::builder()
        .capacity_mw(50.0)
        .gas_concentration(0.25)
        .min_concentration(0.30)
        .build()
        .expect("a valid plant");
    vec![songzao, large, growing, lean]
}

/// Calls `each` with the projection and capacity need of every site-year of `methane`
/// (site-major, [`YEARS`] a site), site `s` using `plants[s % plants.len()]`.
#[inline(always)]
fn for_each_site_year(
    plants: &[Plant],
    methane: &[f64],
    mut each: impl FnMut(YearEnergy, CapacityNeed),
) {
    for (site, values) in methane.chunks_exact(YEARS).enumerate() {
        let plant = &plants[site % plants.len()];
        let factors = EnergyFactors::new(plant);
        for (year, &methane_mm3) in (FIRST_YEAR..).zip(values) {
            let energy = project_year(plant, &factors, year, methane_mm3);
            let need = capacity_need(plant, &factors, &energy, TARGET_UTILIZATION, UNIT_MW);
            each(energy, need);
        }
    }
}

fn projection(c: &mut Criterion) {
    let plants = plants();
    let methane = site_year_methane(SITES, YEARS);
    let site_years = methane.len();
    assert_eq!(site_years, 1_000_000);
    let mut rows: Vec<(YearEnergy, CapacityNeed)> = Vec::with_capacity(site_years);
    // Touch the output's pages once, so the timed runs do not pay the first page faults.
    for_each_site_year(&plants, &methane, |energy, need| rows.push((energy, need)));
    // Both branches of the burnt = min(usable, demand) choice are taken.
    let gas_limited = rows
        .iter()
        .filter(|(e, _)| e.burnt_mm3 > 0.0 && e.burnt_mm3 < e.demand_mm3)
        .count();
    assert!(
        gas_limited > 0 && gas_limited < site_years / 2,
        "{gas_limited}"
    );

    let mut group = c.benchmark_group("projection");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(site_years as u64));
    group.bench_function("rows_1M", |b| {
        b.iter(|| {
            rows.clear();
            for_each_site_year(&plants, black_box(&methane), |energy, need| {
                rows.push((energy, need))
            });
            assert_eq!(rows.len(), site_years);
            black_box(&rows);
        })
    });
    group.bench_function("sum_1M", |b| {
        b.iter(|| {
            let mut sums = [0.0_f64; 4];
            for_each_site_year(&plants, black_box(&methane), |energy, need| {
                sums[0] += energy.burnt_mm3;
                sums[1] += energy.co2e_avoided_kt;
                sums[2] += need.capacity_needed_mw;
                sums[3] += f64::from(need.engines_needed);
            });
            sums
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // As in forecast.rs: fewer bootstrap resamples and no plots, so the analysis stays short
    // on two cores.
    config = Criterion::default().nresamples(10_000).without_plots();
    targets = projection
}
criterion_main!(benches);
