//! The point forecast the calibrated intervals are built around: a damped trend with the level
//! at the last value (ETS(A,Ad,N) with α = 1), its two parameters chosen once on the reference
//! class (docs/METHODS.md, section 13.2), and on the log scale when the damped straight line
//! would ever reach zero.

use serde::Serialize;

use crate::trend::{DampedParams, damped_points};

/// The damped trend's two global parameters (α = 1: the level is the last value).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DampedLevel {
    /// Smoothing of the trend, in [0, 1].
    pub beta: f64,
    /// Damping of the trend, in (0, 1).
    pub phi: f64,
}

impl DampedLevel {
    /// The shipped damped trend's β and φ ([`crate::trend::DampedParams::SHIPPED`], 0.3 and
    /// 0.95): the best of a grid by out-of-sample error over coal and gas, windows of 5 and 10
    /// years and horizons 1 to 10 of the reference class (docs/METHODS.md, section 13.2). One
    /// constant, owned by the trend, so the default forecast's point and the calibration's can
    /// never differ.
    pub const SHIPPED: DampedLevel = DampedLevel {
        beta: crate::trend::DampedParams::SHIPPED.beta(),
        phi: crate::trend::DampedParams::SHIPPED.phi(),
    };

    /// The point forecasts 1..=`horizon` years after `values` (at least 2 positive values):
    /// y_n + b S(h), or, when the damped line's long-run value y_n + b φ/(1 − φ) is not above
    /// zero, y_n exp(b_log S(h)) with the same recursion on ln y. Always positive.
    ///
    /// ```
    /// use cmmcast_forecast::calibrate::DampedLevel;
    /// // A flat window stays flat.
    /// assert_eq!(DampedLevel::SHIPPED.points(&[100.0; 5], 2), vec![100.0, 100.0]);
    /// ```
    pub fn points(&self, values: &[f64], horizon: usize) -> Vec<f64> {
        damped_points(values, self.params(), horizon)
    }

    /// The same as the damped trend's parameters, α = 1 (unchecked: a grid may try values the
    /// menu's model refuses).
    fn params(&self) -> DampedParams {
        DampedParams::unchecked(1.0, self.beta, self.phi)
    }
}

/// The standard deviation (n − 1 denominator) of a window's log first differences, floored at
/// [`SD_FLOOR`]: the window's own volatility, which scales its calibrated errors.
pub fn log_step_sd(values: &[f64]) -> f64 {
    let steps: Vec<f64> = values.windows(2).map(|w| (w[1] / w[0]).ln()).collect();
    let k = steps.len();
    if k < 2 {
        return SD_FLOOR;
    }
    let mean = steps.iter().sum::<f64>() / k as f64;
    let var = steps.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (k - 1) as f64;
    var.sqrt().max(SD_FLOOR)
}

/// Floor of [`log_step_sd`], log units a year: a window that moves by the same share every year
/// still has a future that does not.
pub const SD_FLOOR: f64 = 0.01;

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand for 100, 110, 115, 125, 130: b starts at 30/4 = 7.5; steps 10, 5, 10, 5 give
    /// b = 0.3 x 10 + 0.665 x 7.5 = 7.9875, then 0.3 x 5 + 0.665 x 7.9875 = 6.8116875,
    /// 0.3 x 10 + 0.665 x 6.8116875 = 7.529772188, 0.3 x 5 + 0.665 x 7.529772188 = 6.507298505;
    /// the one-year point is 130 + 0.95 x 6.507298505 = 136.18193358.
    #[test]
    fn the_recursion_by_hand() {
        let p = DampedLevel::SHIPPED.points(&[100.0, 110.0, 115.0, 125.0, 130.0], 1);
        assert!((p[0] - 136.181_933_58).abs() < 1e-7, "{}", p[0]);
    }

    /// A steep decline whose damped line would cross zero goes to the log scale and stays
    /// positive.
    #[test]
    fn a_falling_window_stays_positive() {
        let p = DampedLevel::SHIPPED.points(&[130.0, 100.0, 70.0, 40.0, 20.0], 30);
        assert!(p.iter().all(|&v| v > 0.0 && v < 20.0), "{p:?}");
    }
}
