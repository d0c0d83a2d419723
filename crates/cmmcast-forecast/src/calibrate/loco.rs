//! The calibrated method judged fairly: each window's intervals come from tables learned
//! without any series of the window's own group (leave-one-group-out: a country's coal and gas,
//! a company's mine), so a backtest on the reference class never scores a method on data it
//! learned from.

use std::collections::BTreeMap;

use rayon::prelude::*;

use cmmcast_data::ReferenceClass;

use crate::calibrate::evaluate::{WindowForecast, WindowForecaster};
use crate::calibrate::intervals::Calibration;
use crate::calibrate::point::DampedLevel;
use crate::calibrate::windows::Window;
use crate::error::ForecastError;
use crate::level::Level;

/// The damped-level point with calibrated intervals, calibrated without each window's group.
#[derive(Debug)]
pub struct LeaveGroupOut {
    name: String,
    by_group: BTreeMap<String, Result<Calibration, ForecastError>>,
}

impl LeaveGroupOut {
    /// Learns, for every group of `class`, the calibration of the other groups' series.
    pub fn new(class: &ReferenceClass, point: DampedLevel) -> LeaveGroupOut {
        let mut groups: Vec<&str> = class.series.iter().map(|s| s.group.as_str()).collect();
        groups.sort_unstable();
        groups.dedup();
        let by_group = groups
            .par_iter()
            .map(|&group| {
                let others = ReferenceClass {
                    origin: class.origin.clone(),
                    series: class
                        .series
                        .iter()
                        .filter(|s| s.group != group)
                        .cloned()
                        .collect(),
                };
                (group.to_string(), Calibration::build(&others, point))
            })
            .collect();
        LeaveGroupOut {
            name: "damped, calibrated".to_string(),
            by_group,
        }
    }
}

impl WindowForecaster for LeaveGroupOut {
    fn name(&self) -> &str {
        &self.name
    }

    fn forecast(
        &self,
        window: &Window<'_>,
        horizon: usize,
        levels: &[Level],
    ) -> Result<WindowForecast, ForecastError> {
        match self.by_group.get(window.group) {
            Some(Ok(calibration)) => calibration.forecast(window.values, horizon, levels),
            Some(Err(error)) => Err(error.clone()),
            None => Err(ForecastError::NoReferenceWindows {
                window: window.values.len(),
            }),
        }
    }
}
