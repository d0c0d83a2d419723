//! One study of one site: the one place that turns a site, its facts, a scenario and the
//! values given in code or on the command line into a checked request, and computes from it
//! whatever a command or a report needs.
//!
//! ```text
//! StudyParams ──check──▶ Study ──▶ forecast · project · simulate · size · tornado · value
//!  (unchecked)           (site, years, ModelSelection, plant + uncertain inputs, resolved once)
//! ```
//!
//! Every computation of a study reads the same [`ModelSelection`], the same plant and the same
//! uncertain inputs, so `project`, `simulate`, `size`, the tornado and the report agree: the
//! deterministic projection is the simulation's central case (every input at its median, the
//! default scenario centred on the site's own values), and the tornado's base case is the
//! projection's year.
//!
//! ```
//! use cmmcast_forecast::study::StudyParams;
//! let data = cmmcast_data::Dataset::songzao();
//! let study = StudyParams::default().study(data.site(None)?).unwrap();
//! let projection = study.project().unwrap();
//! // 2012: the 26.9 MW plant burns 60.10 of the 222.94 million m3 drained (27.0 %).
//! assert!((projection.years[0].energy.utilization - 0.2696).abs() < 1e-4);
//! # Ok::<(), cmmcast_data::DataError>(())
//! ```

mod economics;
mod feed;
mod params;
mod project;
mod resolve;
mod value_tornado;

use rayon::prelude::*;

use cmmcast_data::Site;

use crate::choice::ModelSelection;
use crate::closure::Closure;
use crate::economics::{CashFlows, EconomicParams, OperatingYear, Valuation, cash_flows};
use crate::energy::Assumption;
use crate::error::ForecastError;
use crate::level::Level;
use crate::request::{SiteForecast, forecast_with, forecast_years, input_for};
use crate::sim::{
    MIN_CAPACITY_FACTOR_SOURCE, MIN_LOAD_SOURCE, PathModels, PathSink, PathValuation, PathValuer,
    PlantSizing, RecommendationRule, ScheduleValue, Simulation, SizingSettings, SizingValue,
    Tornado, check_memory,
};
use crate::trend::SeriesKind;

pub use crate::sim::EconomicDraw;
pub use economics::{EconomicOverrides, ResolvedEconomics};
pub use feed::{
    COMBINATION_RULE, Combination, DEFAULT_MINE_CORRELATION, MINE_CORRELATION_FROM_FACTS,
    MINE_CORRELATION_SOURCE, MineShare, forecast_plant,
};
pub use params::{SizingParams, StudyParams};

/// The precedence every plant value and uncertain input follows, for output `meta`.
pub const PRECEDENCE: &str = "given values (flags) over the scenario over the site facts over the defaults; a scenario spread is centred on the site's value, a scenario's own distribution replaces it by its median";
pub use project::{ProjectedYear, SiteProjection};

/// A study's sizing as the commands print it ([`Study::size_by_value`]).
#[derive(Debug)]
pub struct ValuedSizing {
    /// The sizing.
    pub sizing: PlantSizing,
    /// The plant's own build schedule, valued.
    pub schedule: Option<ScheduleValue>,
    /// Why the counts are not valued (a lifetime beyond the given end year), when they are not.
    pub unvalued: Option<ForecastError>,
}

/// A study's deterministic valuation ([`Study::value`]).
#[derive(Debug, Clone)]
pub struct StudyValuation {
    /// The observed years and the operating years through the plant, at the central inputs.
    pub projection: SiteProjection,
    /// The cash-flow table of the operating years.
    pub cash_flows: CashFlows,
    /// Its measures: NPV, IRR, LCOE, paybacks.
    pub valuation: Valuation,
}
pub use resolve::ResolvedInputs;

/// A checked study of one site: its forecast years, its resolved model choice and its
/// resolved plant and inputs. Built by [`StudyParams::study`].
#[derive(Debug)]
pub struct Study<'a> {
    site: &'a Site,
    params: StudyParams,
    years: Vec<i32>,
    levels: Vec<Level>,
    selection: ModelSelection,
    /// For a plant fed by several mines, each mine with its own selection (empty otherwise);
    /// `selection` is then the first mine's, for what the mines share (the intervals).
    mines: Vec<feed::Mine<'a>>,
    /// The correlation between the mines, with where it came from (unused for one mine).
    correlation: (f64, &'static str),
    inputs: ResolvedInputs,
    economics: ResolvedEconomics,
}

impl StudyParams {
    /// Checks the parameters against `site`: the settings, the forecast horizon, the plant
    /// (given values over the scenario over the site facts over the defaults), the sizing, and
    /// the model choice (fitted here, once).
    pub fn study<'a>(&self, site: &'a Site) -> Result<Study<'a>, ForecastError> {
        self.check()?;
        let levels = self.levels()?;
        let closure = Closure::of(site, self.closure_year)?;
        let (input, selection, mines) = if site.is_combined() {
            let mines = feed::resolve_mines(
                site,
                self.model,
                self.intervals,
                self.ceiling,
                self.closure_year,
            )?;
            let input = input_for(mines[0].site, SeriesKind::Methane)?;
            let selection = ModelSelection::resolve_requested(
                &input,
                self.model,
                self.intervals,
                self.ceiling,
            )?
            .closed(closure);
            (input, selection, mines)
        } else {
            let input = input_for(site, SeriesKind::Methane)?;
            let selection = ModelSelection::resolve_requested(
                &input,
                self.model,
                self.intervals,
                self.ceiling,
            )?
            .closed(closure);
            (input, selection, Vec::new())
        };
        let years = if mines.is_empty() {
            forecast_years(&input, self.to)?
        } else {
            feed::plant_years(&mines, self.to)?
        };
        let correlation = feed::correlation(self.mine_correlation, site)?;
        let mut inputs = resolve::resolve(site, self)?;
        let mut economics = economics::resolve(site, &inputs.scenario, &self.economics)?;
        if mines.is_empty() {
            inputs
                .notes
                .extend(selection.plan_note().map(str::to_string));
        } else {
            inputs.notes.extend(
                mines
                    .iter()
                    .filter_map(|mine| mine.selection.plan_note())
                    .map(str::to_string),
            );
        }
        if let Some(closure) = closure {
            inputs.notes.push(closure.note());
            // The plant runs from the first forecast year to closure at most.
            let last = years.first().map_or(closure.year, |first| first - 1);
            let open = u32::try_from(closure.year - last).unwrap_or(u32::MAX);
            if economics.params.lifetime_years > open {
                economics.notes.push(format!(
                    "The plant's lifetime is cut from {} to {open} years by the mine's closure \
                     after {}.",
                    economics.params.lifetime_years, closure.year
                ));
                economics.params.lifetime_years = open;
            }
        }
        Ok(Study {
            site,
            params: self.clone(),
            years,
            levels,
            selection,
            mines,
            correlation,
            inputs,
            economics,
        })
    }

    /// [`StudyParams::study`] for several sites, in parallel; results in the order of
    /// `sites`, the first refusal in that order tagged with its site's name (the same whatever
    /// the threads).
    pub fn studies<'a>(
        &self,
        sites: &[&'a Site],
    ) -> Result<Vec<Study<'a>>, (String, ForecastError)> {
        let results: Vec<Result<Study<'a>, ForecastError>> =
            sites.par_iter().map(|site| self.study(site)).collect();
        results
            .into_iter()
            .zip(sites)
            .map(|(result, site)| result.map_err(|error| (site.name().to_string(), error)))
            .collect()
    }
}

impl<'a> Study<'a> {
    /// The site.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// What was asked for.
    pub fn params(&self) -> &StudyParams {
        &self.params
    }

    /// The forecast years (after the data, to the end year).
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The forecast years in which the mine still drains gas: every forecast year, or those up
    /// to the closure year ([`crate::closure`]). The sizing and the tornado look at these.
    pub fn open_years(&self) -> Vec<i32> {
        Closure::open_years(self.selection.closure(), &self.years)
    }

    /// The model choice, resolved; for a plant fed by several mines, the first mine's (each
    /// mine's own is in [`Study::mine_selections`]).
    pub fn selection(&self) -> &ModelSelection {
        &self.selection
    }

    /// For a plant fed by several mines, each mine with its model choice resolved on its own
    /// history; empty for one site.
    pub fn mine_selections(&self) -> Vec<(&'a Site, &ModelSelection)> {
        self.mines.iter().map(|m| (m.site, &m.selection)).collect()
    }

    /// For a plant fed by several mines, the correlation assumed between their deviations and
    /// where it came from (given, the plant's facts, or the default's reason).
    pub fn mine_correlation(&self) -> (f64, &'static str) {
        self.correlation
    }

    /// Whether the study is of a plant fed by several mines.
    pub fn is_combined(&self) -> bool {
        !self.mines.is_empty()
    }

    /// The plant, the uncertain inputs, the daily flow and the sizing, resolved.
    pub fn inputs(&self) -> &ResolvedInputs {
        &self.inputs
    }

    /// The economic values, resolved.
    pub fn economics(&self) -> &ResolvedEconomics {
        &self.economics
    }

    /// What the resolution of the inputs has to say: values a scenario replaced, inputs a
    /// given value fixed.
    pub fn notes(&self) -> &[String] {
        &self.inputs.notes
    }

    /// The chosen model's methane forecast with its intervals at the study's levels.
    pub fn forecast(&self) -> Result<SiteForecast, ForecastError> {
        self.forecast_over(&self.years)
    }

    /// The methane forecast over `years`: the chosen model's, or for several mines the sum of
    /// theirs with combined intervals.
    fn forecast_over(&self, years: &[i32]) -> Result<SiteForecast, ForecastError> {
        if self.is_combined() {
            feed::combined_forecast(
                self.site,
                &self.mines,
                years,
                &self.levels,
                self.correlation,
            )
        } else {
            forecast_with(self.site, &self.selection, years, &self.levels)
        }
    }

    /// The forecast years from the first to `last` (the study's, extended).
    fn years_through(&self, last: i32) -> Result<Vec<i32>, ForecastError> {
        if self.is_combined() {
            feed::plant_years(&self.mines, Some(last))
        } else {
            forecast_years(&input_for(self.site, SeriesKind::Methane)?, Some(last))
        }
    }

    /// The paths the simulation draws over the study's forecast years: the chosen model's, or
    /// for a plant fed by several mines each mine's ([`PathModels::mine_draws`] shows them).
    pub fn path_models(&self) -> Result<PathModels, ForecastError> {
        self.path_models_over(self.years.clone())
    }

    /// The paths over `years`: the chosen models', or every mine's summed.
    fn path_models_over(&self, years: Vec<i32>) -> Result<PathModels, ForecastError> {
        if self.is_combined() {
            feed::path_models(&self.mines, years, self.correlation.0)
        } else {
            Ok(PathModels::new(&self.selection, years))
        }
    }

    /// The observed years and the forecast through the plant at its central values (the plan
    /// adherence's median applied to the forecast years, drainage floored at zero).
    pub fn project(&self) -> Result<SiteProjection, ForecastError> {
        self.project_over(&self.years)
    }

    /// [`Study::project`] over other forecast years (the valuation's, which may reach further).
    fn project_over(&self, years: &[i32]) -> Result<SiteProjection, ForecastError> {
        Ok(project::project(
            self.forecast_over(years)?,
            self.inputs.plant.clone(),
            self.inputs.sizing.clone(),
            self.inputs.adherence,
        ))
    }

    /// The operating years of the valuation: the first `lifetime_years` forecast years. When
    /// the lifetime reaches beyond the study's forecast years and no end year was given, the
    /// forecast is extended to cover it; with an end year given, such a lifetime is refused.
    pub fn economic_years(&self) -> Result<Vec<i32>, ForecastError> {
        let lifetime = self.economics.params.lifetime_years as usize;
        if lifetime <= self.years.len() {
            return Ok(self.years[..lifetime].to_vec());
        }
        match (self.params.to, self.years.first()) {
            (None, Some(&first)) => {
                let last = first.saturating_add(self.economics.params.lifetime_years as i32 - 1);
                self.years_through(last)
            }
            _ => Err(ForecastError::LifetimeBeyondYears {
                lifetime_years: self.economics.params.lifetime_years,
                available: self.years.len(),
            }),
        }
    }

    /// The deterministic valuation: the projection over the operating years
    /// ([`Study::economic_years`]) at the central inputs, its cash flows at the central
    /// economic values, and their measures.
    pub fn value(&self) -> Result<StudyValuation, ForecastError> {
        let years = self.economic_years()?;
        let projection = self.project_over(&years)?;
        let operating: Vec<OperatingYear> = projection
            .years
            .iter()
            .filter(|year| !year.observed)
            .map(|year| OperatingYear::from_energy(&year.energy))
            .collect();
        let cash_flows = cash_flows(&self.economics.params, &operating)?;
        let valuation = cash_flows.valuation();
        Ok(StudyValuation {
            projection,
            cash_flows,
            valuation,
        })
    }

    /// Refuses a simulation that would not fit in `available_bytes` of memory.
    pub fn check_memory(&self, available_bytes: u64) -> Result<(), ForecastError> {
        check_memory(
            self.params.simulation.paths,
            self.years.len(),
            available_bytes,
        )
    }

    /// The Monte Carlo simulation ([`crate::sim::simulate`]).
    pub fn simulate(&self) -> Result<Simulation, ForecastError> {
        self.simulate_with(&|_| {}, None)
    }

    /// [`Study::simulate`] with a progress callback and, when given, a sink for every path.
    pub fn simulate_with(
        &self,
        progress: &(dyn Fn(u64) + Sync),
        sink: Option<PathSink<'_>>,
    ) -> Result<Simulation, ForecastError> {
        let models = self.path_models_over(self.years.clone())?;
        crate::sim::simulate(
            &models,
            &self.inputs.plant,
            &self.inputs.uncertain,
            &self.params.simulation,
            progress,
            sink,
        )
    }

    /// The Monte Carlo valuation: the joint paths of [`Study::simulate`] over the operating
    /// years ([`Study::economic_years`]), each valued at its own draw of the uncertain economic
    /// values (module [`crate::sim`]'s `value`): the simulation and the distribution of NPV and
    /// IRR over the paths.
    pub fn simulate_value(
        &self,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(Simulation, PathValuation), ForecastError> {
        let years = self.economic_years()?;
        let plant = &self.inputs.plant;
        let capacity_kw: Vec<f64> = years
            .iter()
            .map(|&year| plant.capacity_in(year) * 1000.0)
            .collect();
        let models = self.path_models_over(years)?;
        let valuer = PathValuer::new(
            &self.economics.params,
            &self.economics.uncertain,
            self.params.simulation.seed,
            capacity_kw,
        );
        // The central case's IRR is where most paths' IRRs lie: Newton starts there.
        let valuer = match self.value()?.valuation.irr {
            Some(irr) => valuer.with_irr_guess(irr),
            None => valuer,
        };
        crate::sim::simulate_valued(
            &models,
            &self.inputs.plant,
            &self.inputs.uncertain,
            &self.params.simulation,
            progress,
            &valuer,
        )
    }

    /// The sizing's settings, with the study's engine size.
    pub fn sizing_settings(&self) -> SizingSettings {
        SizingSettings {
            unit_mw: self.inputs.sizing.unit_mw,
            max_engines: self.params.max_engines(),
            min_load: self.params.min_load(),
            min_capacity_factor: self.params.min_capacity_factor(),
            year: self.params.sizing.year,
        }
    }

    /// The plant sizing under daily flow ([`crate::sim::size`]), on the simulation's paths
    /// (same seed); a sizing year after the last forecast year extends the paths to it when
    /// no end year was given.
    pub fn size(&self) -> Result<PlantSizing, ForecastError> {
        self.size_valued(SizingValue::default())
    }

    /// [`Study::size`] with each engine count valued and the recommendation by `value`'s rule
    /// ([`crate::sim::size_valued`]). The plant runs from the first forecast year for the
    /// economics' lifetime: without an end year the paths are extended to cover it (the
    /// capacity-factor statistics still aggregate the study's own forecast years); with one,
    /// a lifetime beyond it is refused.
    pub fn size_valued(&self, value: SizingValue<'_>) -> Result<PlantSizing, ForecastError> {
        let models = match value.economics {
            Some(_) => self.valued_sizing_models()?,
            None => self.sizing_models()?,
        };
        let value = SizingValue {
            sized_through: self.open_years().last().copied(),
            ..value
        };
        crate::sim::size_valued(
            &models,
            &self.inputs.plant,
            &self.inputs.uncertain,
            &self.inputs.flow,
            (self.params.sizing.paths, self.params.simulation.seed),
            &self.sizing_settings(),
            value,
        )
    }

    /// The sizing every command prints ([`ValuedSizing`]): valued at the study's economic
    /// values and recommended by `rule`, with the plant's own build schedule valued on the same
    /// paths (none when the plant has no capacity). When the lifetime reaches beyond a given
    /// end year, the counts cannot be valued: the sizing falls back to the capacity-factor rule
    /// and keeps the reason, rather than refusing a sizing that needs no prices.
    pub fn size_by_value(&self, rule: RecommendationRule) -> Result<ValuedSizing, ForecastError> {
        if let Err(error @ ForecastError::LifetimeBeyondYears { .. }) = self.economic_years() {
            let sizing = self.size_valued(SizingValue {
                rule: Some(RecommendationRule::CapacityFactor),
                ..SizingValue::default()
            })?;
            return Ok(ValuedSizing {
                sizing,
                schedule: None,
                unvalued: Some(error),
            });
        }
        let economics = &self.economics.params;
        let sizing = self.size_valued(SizingValue {
            economics: Some(economics),
            rule: Some(rule),
            ..SizingValue::default()
        })?;
        let plant = &self.inputs.plant;
        let has_capacity = plant.capacity_mw > 0.0 || !plant.additions.is_empty();
        let schedule = if has_capacity {
            Some(self.value_schedule(economics)?)
        } else {
            None
        };
        Ok(ValuedSizing {
            sizing,
            schedule,
            unvalued: None,
        })
    }

    /// The value of the plant's own capacity schedule on the sizing's paths
    /// ([`crate::sim::value_schedule`]), to read beside [`Study::size_valued`]'s rows.
    pub fn value_schedule(
        &self,
        economics: &EconomicParams,
    ) -> Result<ScheduleValue, ForecastError> {
        crate::sim::value_schedule(
            &self.valued_sizing_models()?,
            &self.inputs.plant,
            &self.inputs.uncertain,
            &self.inputs.flow,
            (self.params.sizing.paths, self.params.simulation.seed),
            &self.sizing_settings(),
            economics,
        )
    }

    /// The sizing's paths: the forecast years, extended to a sizing year after the last one
    /// when no end year was given.
    fn sizing_models(&self) -> Result<PathModels, ForecastError> {
        let mut years = self.open_years();
        if let (Some(year), None) = (self.params.sizing.year, self.params.to)
            && years.last().is_some_and(|&last| year > last)
        {
            years = self.years_through(year)?;
        }
        self.path_models_over(years)
    }

    /// The sizing's paths extended, without an end year, to cover the economics' lifetime.
    fn valued_sizing_models(&self) -> Result<PathModels, ForecastError> {
        let models = self.sizing_models()?;
        let economic = self.economic_years()?;
        match (economic.last(), models.years().last()) {
            (Some(&needed), Some(&last)) if needed > last => {
                self.path_models_over(self.years_through(needed)?)
            }
            _ => Ok(models),
        }
    }

    /// The tornado ([`crate::sim::tornado`]): its base case is the projection's year.
    pub fn tornado(&self) -> Result<Tornado, ForecastError> {
        if self.is_combined() {
            // The plant's combined forecast is the one trend: its 80 % interval the trend bar,
            // and one model, so the model-choice bar is fixed.
            let year = crate::sim::tornado_year(&self.years, &self.params.tornado)?;
            let level = Level::percent(crate::sim::TORNADO_TREND_LEVEL)?;
            let f = feed::combined_forecast(
                self.site,
                &self.mines,
                &[year],
                &[level],
                self.correlation,
            )?
            .forecast;
            let trend = crate::sim::TrendPoints {
                models: vec![(f.model, 1.0, f.point[0])],
                base: 0,
                interval: (f.intervals[0].lower[0], f.intervals[0].upper[0]),
            };
            return crate::sim::tornado_with(
                &trend,
                &self.years,
                &self.inputs.plant,
                &self.inputs.uncertain,
                &self.params.tornado,
            );
        }
        crate::sim::tornado(
            &self.selection,
            &self.open_years(),
            &self.inputs.plant,
            &self.inputs.uncertain,
            &self.params.tornado,
        )
    }

    /// Refuses `what` for a plant fed by several mines: it varies one trend, and a plant's
    /// mines have one each.
    pub(crate) fn refuse_combined(&self, what: &'static str) -> Result<(), ForecastError> {
        if self.is_combined() {
            return Err(ForecastError::NotForSeveralMines {
                what,
                plant: self.site.name().to_string(),
                mines: self
                    .mines
                    .iter()
                    .map(|m| m.site.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        Ok(())
    }

    /// The sizing's settings with their units and where they came from, for output `meta`.
    pub fn sizing_assumptions(&self) -> Vec<Assumption> {
        use crate::energy::Origin;
        let sizing = &self.params.sizing;
        let origin = |given: bool, source: &'static str| {
            if given {
                Origin::Given
            } else {
                Origin::Default(source)
            }
        };
        let mut rows: Vec<Assumption> = self.inputs.sizing.assumptions().into();
        rows.extend([
            Assumption {
                name: "min_load",
                value: serde_json::json!(self.params.min_load()),
                unit: "fraction of full load",
                origin: origin(sizing.min_load.is_some(), MIN_LOAD_SOURCE),
            },
            Assumption {
                name: "min_capacity_factor",
                value: serde_json::json!(self.params.min_capacity_factor()),
                unit: "p10 capacity factor the recommended count must reach",
                origin: origin(
                    sizing.min_capacity_factor.is_some(),
                    MIN_CAPACITY_FACTOR_SOURCE,
                ),
            },
            Assumption {
                name: "max_engines",
                value: serde_json::json!(self.params.max_engines()),
                unit: "largest engine count tried",
                origin: origin(
                    sizing.max_engines.is_some(),
                    "default of cmmcast size: enough for a small plant; raise it when the recommendation reaches it",
                ),
            },
        ]);
        rows
    }
}
