//! A model choice resolved against one series, once: the models a simulated path can pick with
//! their Akaike weights, the model the point forecast uses, and why. `forecast`, `project`, the
//! simulation, the sizing, the tornado and the report all read the same [`ModelSelection`], so
//! they can never disagree on which model `auto` means.

use std::sync::Arc;

use crate::calibrate::{CalibratedDamped, Calibration};
use crate::closure::{Closed, Closure};
use crate::error::ForecastError;
use crate::forecast::{Forecast, PointKind};
use crate::level::Level;
use crate::rng::PathRng;
use crate::select::{Comparison, FitStats, PickedBy};
use crate::trend::{
    FittedTrend, ModelChoice, Parameter, PersistentLognormal, SeriesKind, TrendInput, TrendModel,
    menu,
};

/// Which intervals a forecast has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalChoice {
    /// Learned from how far real series strayed from the same forecast (docs/METHODS.md,
    /// section 13): the damped trend's only.
    Calibrated,
    /// The model's own, from its sampling theory (Student t for most), which hold only as far
    /// as the world keeps to the model.
    Model,
}

impl IntervalChoice {
    /// Every choice.
    pub const ALL: [IntervalChoice; 2] = [IntervalChoice::Calibrated, IntervalChoice::Model];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            IntervalChoice::Calibrated => "calibrated",
            IntervalChoice::Model => "model",
        }
    }

    /// The choice of this name, if any.
    pub fn parse(name: &str) -> Option<IntervalChoice> {
        IntervalChoice::ALL.into_iter().find(|c| c.name() == name)
    }

    /// One line on what the choice does, for help texts.
    pub fn describe(self) -> &'static str {
        match self {
            IntervalChoice::Calibrated => {
                "learned from how far real production series strayed from the same forecast \
                 (damped trend only; its default)"
            }
            IntervalChoice::Model => {
                "the model's own (Student t for most), which hold only if the world keeps to \
                 the model (every other model's default)"
            }
        }
    }

    /// The intervals a forecast with `model` gets: those `requested`, or by default calibrated
    /// for the damped trend and the model's own for every other. Calibrated intervals were
    /// learned around the damped trend's point alone, so asking them of another model is
    /// refused.
    ///
    /// ```
    /// use cmmcast_forecast::choice::IntervalChoice;
    /// use cmmcast_forecast::trend::ModelChoice;
    /// assert_eq!(IntervalChoice::settle(None, ModelChoice::Damped)?, IntervalChoice::Calibrated);
    /// assert_eq!(IntervalChoice::settle(None, ModelChoice::Linear)?, IntervalChoice::Model);
    /// assert!(IntervalChoice::settle(Some(IntervalChoice::Calibrated), ModelChoice::Auto).is_err());
    /// # Ok::<(), cmmcast_forecast::ForecastError>(())
    /// ```
    pub fn settle(
        requested: Option<IntervalChoice>,
        model: ModelChoice,
    ) -> Result<IntervalChoice, ForecastError> {
        match (requested, model) {
            (None, ModelChoice::Damped) => Ok(IntervalChoice::Calibrated),
            (None, _) => Ok(IntervalChoice::Model),
            (Some(IntervalChoice::Calibrated), ModelChoice::Damped) => {
                Ok(IntervalChoice::Calibrated)
            }
            (Some(IntervalChoice::Calibrated), other) => Err(ForecastError::NotCalibrated {
                model: other.name(),
            }),
            (Some(IntervalChoice::Model), _) => Ok(IntervalChoice::Model),
        }
    }
}

/// One model a path can pick.
#[derive(Debug, Clone)]
pub struct WeightedFit {
    /// The fitted model.
    pub fit: Arc<dyn FittedTrend>,
    /// The probability a path picks it: its Akaike weight among the models with one (1 for a
    /// fixed model, or for auto's pick when no model has an AICc).
    pub weight: f64,
}

/// A [`ModelChoice`] resolved against a series.
#[derive(Debug)]
pub struct ModelSelection {
    choice: ModelChoice,
    /// The intervals the chosen model has.
    intervals: IntervalChoice,
    /// With calibrated intervals, their calibration.
    calibration: Option<Arc<Calibration>>,
    /// With `auto`: every model of the menu, weighed (what `cmmcast fit` prints).
    comparison: Option<Comparison>,
    /// The models paths pick from, in menu order; weights sum to 1.
    weighted: Vec<WeightedFit>,
    /// Index in `weighted` of the chosen model.
    chosen: usize,
    /// How the site's production plan was used, when it has one.
    plan_note: Option<String>,
    /// The mine's closure, after which every fit gives zero drainage.
    closure: Option<Closure>,
}

impl ModelSelection {
    /// Fits the model `choice` names, or with `auto` every model of the menu (logistic only
    /// with a `ceiling`), and settles which models paths pick from:
    ///
    /// - a fixed model: that model, weight 1;
    /// - `auto`: every model with a positive Akaike weight, the chosen one the highest; when no
    ///   model has an AICc (too few years for any), the one with the lowest leave-one-out RMSE,
    ///   alone, weight 1.
    ///
    /// ```
    /// use cmmcast_forecast::choice::ModelSelection;
    /// use cmmcast_forecast::trend::{ModelChoice, SeriesKind, TrendInput};
    /// let data = cmmcast_data::Dataset::songzao();
    /// let input = TrendInput::from_series(&data.site(None)?.series, SeriesKind::Methane).unwrap();
    /// let selection = ModelSelection::resolve(&input, ModelChoice::Auto, None).unwrap();
    /// assert_eq!(selection.chosen().name(), "exponential");
    /// let total: f64 = selection.weighted().iter().map(|w| w.weight).sum();
    /// assert!((total - 1.0).abs() < 1e-12);
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn resolve(
        input: &TrendInput<'_>,
        choice: ModelChoice,
        ceiling: Option<f64>,
    ) -> Result<ModelSelection, ForecastError> {
        ModelSelection::resolve_with(input, choice, None, ceiling)
    }

    /// [`ModelSelection::resolve`] with the intervals `requested` (by default calibrated for
    /// the damped trend, the model's own for the others: [`IntervalChoice::settle`]).
    pub fn resolve_with(
        input: &TrendInput<'_>,
        choice: ModelChoice,
        requested: Option<IntervalChoice>,
        ceiling: Option<f64>,
    ) -> Result<ModelSelection, ForecastError> {
        let intervals = IntervalChoice::settle(requested, choice)?;
        let calibration = (intervals == IntervalChoice::Calibrated)
            .then(|| Arc::clone(Calibration::embedded_shared()));
        let model = match &calibration {
            Some(calibration) => {
                Some(Box::new(CalibratedDamped::new(Arc::clone(calibration))) as _)
            }
            None => choice.model(ceiling)?,
        };
        if let Some(model) = model {
            let model: Box<dyn TrendModel> = model;
            return Ok(ModelSelection {
                choice,
                intervals,
                calibration,
                comparison: None,
                weighted: vec![WeightedFit {
                    fit: Arc::from(model.fit(input)?),
                    weight: 1.0,
                }],
                chosen: 0,
                plan_note: None,
                closure: None,
            });
        }
        let comparison = Comparison::run(input, &menu(ceiling)?);
        let best = comparison
            .best
            .ok_or_else(|| ForecastError::NothingFits(refusals(&comparison)))?;
        let mut weighted = Vec::new();
        let mut chosen = 0;
        if comparison.picked_by == PickedBy::Aicc {
            for (i, candidate) in comparison.candidates.iter().enumerate() {
                let weight = candidate.stats.as_ref().and_then(|s| s.weight);
                if let (Ok(fit), Some(weight)) = (&candidate.outcome, weight)
                    && weight > 0.0
                {
                    if i == best {
                        chosen = weighted.len();
                    }
                    weighted.push(WeightedFit {
                        fit: Arc::clone(fit),
                        weight,
                    });
                }
            }
            let total: f64 = weighted.iter().map(|w| w.weight).sum();
            for w in &mut weighted {
                w.weight /= total;
            }
        } else if let Ok(fit) = &comparison.candidates[best].outcome {
            weighted.push(WeightedFit {
                fit: Arc::clone(fit),
                weight: 1.0,
            });
        }
        if weighted.is_empty() {
            return Err(ForecastError::NothingFits(refusals(&comparison)));
        }
        Ok(ModelSelection {
            choice,
            intervals,
            calibration,
            comparison: Some(comparison),
            weighted,
            chosen,
            plan_note: None,
            closure: None,
        })
    }

    /// [`ModelSelection::resolve_with`] for the model `requested`, or for the default when
    /// none is ([`ModelChoice::default_for`]: intensity on the planned coal when the site
    /// carries a production plan), with a note on how the plan was used
    /// ([`ModelSelection::plan_note`]).
    pub fn resolve_requested(
        input: &TrendInput<'_>,
        requested: Option<ModelChoice>,
        intervals: Option<IntervalChoice>,
        ceiling: Option<f64>,
    ) -> Result<ModelSelection, ForecastError> {
        let choice = requested.unwrap_or_else(|| ModelChoice::default_for(input, intervals));
        let mut selection = ModelSelection::resolve_with(input, choice, intervals, ceiling)?;
        selection.plan_note = plan_note(input, requested, choice);
        Ok(selection)
    }

    /// The selection with every fit's drainage zero after the mine's `closure`
    /// ([`crate::closure`]); unchanged without one.
    pub fn closed(mut self, closure: Option<Closure>) -> ModelSelection {
        if let Some(closure) = closure {
            for w in &mut self.weighted {
                w.fit = Arc::new(Closed {
                    inner: Arc::clone(&w.fit),
                    year: closure.year,
                });
            }
            self.closure = Some(closure);
        }
        self
    }

    /// The mine's closure, when it has one.
    pub fn closure(&self) -> Option<Closure> {
        self.closure
    }

    /// How the site's production plan was used, when it has one: the default follows it (the
    /// intensity model on the planned coal), or the model asked for does not use it.
    pub fn plan_note(&self) -> Option<&str> {
        self.plan_note.as_deref()
    }

    /// What was asked for.
    pub fn choice(&self) -> ModelChoice {
        self.choice
    }

    /// The intervals the chosen model has.
    pub fn intervals(&self) -> IntervalChoice {
        self.intervals
    }

    /// With calibrated intervals: the calibration they come from.
    pub fn calibration(&self) -> Option<&Calibration> {
        self.calibration.as_deref()
    }

    /// The model of the point forecast: the fixed model, or auto's pick.
    pub fn chosen(&self) -> &dyn FittedTrend {
        &*self.weighted[self.chosen].fit
    }

    /// The chosen model's index in [`ModelSelection::weighted`].
    pub fn chosen_index(&self) -> usize {
        self.chosen
    }

    /// The models paths pick from, in menu order, with weights summing to 1.
    pub fn weighted(&self) -> &[WeightedFit] {
        &self.weighted
    }

    /// With `auto`: the comparison of the whole menu.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// With `auto`: why that model, naming near-ties; and, when no model has an AICc, that
    /// every path uses the pick. With a production plan: how the plan was used.
    pub fn explanation(&self) -> Option<String> {
        let parts: Vec<String> = [
            self.comparison.as_ref().map(Comparison::explain),
            self.plan_note.clone(),
            self.closure.map(|c| c.note()),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// The models paths pick from and their weights, for output.
    pub fn weights(&self) -> Vec<(&'static str, f64)> {
        self.weighted
            .iter()
            .map(|w| (w.fit.name(), w.weight))
            .collect()
    }
}

/// `auto` as a model of its own: each fit resolves the choice on the data it is given and
/// keeps the pick. Backtesting it (`cmmcast backtest --models auto`) measures the rule rather
/// than any one model: at every origin auto picks again, as a user would.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Auto {
    /// Ceiling of the logistic model (logistic takes part only with one).
    pub ceiling: Option<f64>,
}

impl TrendModel for Auto {
    fn name(&self) -> &'static str {
        "auto"
    }

    /// The fewest years of any model of the menu (linear, exponential and logistic take 3).
    fn min_points(&self) -> usize {
        3
    }

    fn min_points_reason(&self) -> &'static str {
        "; with fewer, no model of the menu can be fitted"
    }

    fn fit(&self, input: &TrendInput<'_>) -> Result<Box<dyn FittedTrend>, ForecastError> {
        let selection = ModelSelection::resolve(input, ModelChoice::Auto, self.ceiling)?;
        let picked = Arc::clone(&selection.weighted[selection.chosen].fit);
        Ok(Box::new(Picked(picked)))
    }
}

impl ModelChoice {
    /// The model the default runs on `input`: the intensity model when the methane series
    /// comes with coal and a production plan (a planner who gives a plan expects it to drive
    /// the methane), unless calibrated intervals are asked for (they are the damped trend's);
    /// the damped trend otherwise (docs/METHODS.md, section 13.6).
    ///
    /// ```
    /// use cmmcast_forecast::trend::{ModelChoice, SeriesKind, TrendInput};
    /// let data = cmmcast_data::Dataset::songzao();
    /// let input = TrendInput::from_series(&data.site(None)?.series, SeriesKind::Methane).unwrap();
    /// assert_eq!(ModelChoice::default_for(&input, None), ModelChoice::Damped);
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn default_for(input: &TrendInput<'_>, intervals: Option<IntervalChoice>) -> ModelChoice {
        let planned = input.series == SeriesKind::Methane
            && input.coal_kt.is_some()
            && input.coal_plan.is_some();
        if planned && intervals != Some(IntervalChoice::Calibrated) {
            ModelChoice::Intensity
        } else {
            ModelChoice::Damped
        }
    }

    /// The model this choice names, `auto` included (as [`Auto`]), for callers that fit one
    /// model at a time, such as backtests.
    pub fn trend_model(self, ceiling: Option<f64>) -> Result<Box<dyn TrendModel>, ForecastError> {
        match self.model(ceiling)? {
            Some(model) => Ok(model),
            None => Ok(Box::new(Auto { ceiling })),
        }
    }
}

/// The model auto picked, as a fitted model: every method is the pick's own.
#[derive(Debug)]
struct Picked(Arc<dyn FittedTrend>);

impl FittedTrend for Picked {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn parameters(&self) -> Vec<Parameter> {
        self.0.parameters()
    }
    fn years(&self) -> &[i32] {
        self.0.years()
    }
    fn observed(&self) -> &[f64] {
        self.0.observed()
    }
    fn fitted(&self) -> Vec<f64> {
        self.0.fitted()
    }
    fn log_likelihood(&self) -> f64 {
        self.0.log_likelihood()
    }
    fn n_information_parameters(&self) -> usize {
        self.0.n_information_parameters()
    }
    fn n_likelihood_terms(&self) -> usize {
        self.0.n_likelihood_terms()
    }
    fn loo_predictions(&self) -> Vec<Option<f64>> {
        self.0.loo_predictions()
    }
    fn comparable(&self) -> bool {
        self.0.comparable()
    }
    fn point_kind(&self) -> PointKind {
        self.0.point_kind()
    }
    fn forecast(&self, years: &[i32], levels: &[Level]) -> Forecast {
        self.0.forecast(years, levels)
    }
    fn sample_path(&self, rng: &mut PathRng, years: &[i32], out: &mut [f64]) {
        self.0.sample_path(rng, years, out);
    }
    fn sample_path_times(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        log_multipliers: &[f64],
        out: &mut [f64],
    ) {
        self.0.sample_path_times(rng, years, log_multipliers, out);
    }
    fn sample_path_lognormal(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        adherence: (f64, f64),
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        self.0
            .sample_path_lognormal(rng, years, adherence, scratch, out);
    }
    fn sample_path_persistent(
        &self,
        rng: &mut PathRng,
        years: &[i32],
        multiplier: &PersistentLognormal,
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        self.0
            .sample_path_persistent(rng, years, multiplier, scratch, out);
    }
    fn r_squared(&self) -> Option<f64> {
        self.0.r_squared()
    }
}

/// The note on a production plan: which years it covers and whether the model uses it.
fn plan_note(
    input: &TrendInput<'_>,
    requested: Option<ModelChoice>,
    choice: ModelChoice,
) -> Option<String> {
    let plan = input
        .coal_plan
        .filter(|_| input.series == SeriesKind::Methane)?;
    let years = match (plan.years().first(), plan.years().last()) {
        (Some(first), Some(last)) if first != last => format!("{first}-{last}"),
        (Some(first), _) => first.to_string(),
        _ => return None,
    };
    Some(match (requested, choice) {
        (None, ModelChoice::Intensity) => format!(
            "The data carries a production plan for {years}, so the default model is intensity: \
             methane = methane per tonne x the planned coal, with the plan adherence's \
             uncertainty on the coal; after the plan, a coal trend fitted to the history and \
             the plan (name another model to forecast methane from its own history)."
        ),
        (_, ModelChoice::Intensity) => format!(
            "The production plan for {years} drives the forecast: methane = methane per tonne x \
             the planned coal; after the plan, a coal trend fitted to the history and the plan."
        ),
        (None, _) => format!(
            "The production plan for {years} is not used: calibrated intervals are the damped \
             trend's, which forecasts methane from its own history (only the intensity model \
             turns planned coal into methane)."
        ),
        (Some(_), other) => format!(
            "The production plan for {years} is not used by the {} model, which forecasts \
             methane from its own history; only the intensity model (the default when no model \
             is named) turns planned coal into methane.",
            other.name()
        ),
    })
}

/// Why no model could be weighed, for the error message.
fn refusals(comparison: &Comparison) -> String {
    comparison
        .candidates
        .iter()
        .map(|c| match (&c.outcome, &c.stats) {
            (Err(why), _) => why.to_string(),
            (
                Ok(_),
                Some(FitStats {
                    comparable: false, ..
                }),
            ) => format!("{} is not weighed against the others", c.name),
            (Ok(_), _) => format!("{} has too few years for AICc", c.name),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three years leave no model an AICc (n ≤ k + 1 with k = 3), so auto picks by LOO RMSE and
    /// that model alone is weighted, with weight 1.
    #[test]
    fn without_aicc_the_pick_alone_is_weighted() {
        let years = [2010, 2011, 2012];
        let values = [10.0, 12.0, 13.0];
        let input = TrendInput::methane(&years, &values);
        let selection =
            ModelSelection::resolve(&input, ModelChoice::Auto, None).expect("a pick by LOO");
        assert_eq!(selection.weighted().len(), 1);
        assert_eq!(selection.weighted()[0].weight, 1.0);
        assert_eq!(
            selection.comparison().map(|c| c.picked_by),
            Some(PickedBy::LooRmse)
        );
    }

    /// Auto as a model fits what the selection picks: on the Songzao plan, exponential, with
    /// its own forecast.
    #[test]
    fn auto_as_a_model_is_the_pick() {
        let data = cmmcast_data::Dataset::songzao();
        let site = data.site(None).expect("embedded");
        let input = TrendInput::from_series(&site.series, SeriesKind::Methane).expect("methane");
        let fit = Auto { ceiling: None }.fit(&input).expect("auto fits");
        let selection = ModelSelection::resolve(&input, ModelChoice::Auto, None).expect("resolves");
        assert_eq!(fit.name(), selection.chosen().name());
        let years = [2020];
        assert_eq!(
            fit.forecast(&years, &[]).point,
            selection.chosen().forecast(&years, &[]).point
        );
    }

    #[test]
    fn a_fixed_model_has_weight_one_and_no_comparison() {
        let data = cmmcast_data::Dataset::songzao();
        let site = data.site(None).expect("embedded");
        let input = TrendInput::from_series(&site.series, SeriesKind::Methane).expect("methane");
        let selection =
            ModelSelection::resolve(&input, ModelChoice::Linear, None).expect("linear fits");
        assert_eq!(selection.weights(), vec![("linear", 1.0)]);
        assert!(selection.comparison().is_none() && selection.explanation().is_none());
    }
}
