//! Ordinary least squares with inference: coefficients, their covariance and standard errors,
//! residual variance, R², log-likelihood, AIC/AICc/BIC, leverages, and for new rows both the
//! confidence interval of the mean and the prediction interval of a new observation.
//!
//! # Why not only linfa-linear
//!
//! `linfa_linear::LinearRegression` fits coefficients by QR on the raw design, but gives no
//! standard errors, covariance or intervals (inference is an open linfa feature request); that
//! is the main reason for our own fit. Its raw design also loses a few digits on a quadratic in
//! raw calendar years (columns near 4·10⁶; docs/METHODS.md measures it). So the fit here is
//! our own: the columns are centred (when there is an intercept) and scaled to unit
//! length, then solved by Householder QR, never by the normal equations. The covariance comes
//! from R⁻¹ of that well-conditioned problem and is mapped back to the original columns. The
//! parameters type implements linfa's [`Fit`](linfa::traits::Fit) trait, so the fit plugs into
//! linfa code; `linfa-linear` itself serves as the coefficient reference in tests.
//!
//! Equations are in docs/METHODS.md, section "Least squares".

use linfa::DatasetBase;
use linfa::dataset::AsSingleTargets;
use linfa::traits::Fit;
use ndarray::{Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Axis, Data, Ix1, Ix2};

use crate::error::ForecastError;
use crate::level::Level;
use crate::linalg::{QrFailure, least_squares, quadratic_form};

/// Settings of a least-squares fit, checked before fitting (linfa style).
///
/// ```
/// use cmmcast_forecast::ols::OlsParams;
/// use linfa::traits::Fit;
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let y = array![1.0, 3.1, 4.9, 7.0];
/// let fit = OlsParams::new().fit(&linfa::Dataset::new(x, y))?;
/// assert!((fit.coefficients()[1] - 1.98).abs() < 1e-12); // slope by hand: 9.9 / 5
/// # Ok::<(), cmmcast_forecast::ForecastError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OlsParams {
    intercept: bool,
}

impl Default for OlsParams {
    fn default() -> Self {
        OlsParams { intercept: true }
    }
}

impl OlsParams {
    /// A fit with an intercept.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to fit an intercept (default `true`). Without one, R² is the uncentred
    /// 1 − RSS/Σy², as in NIST StRD, statsmodels and R.
    pub fn intercept(mut self, intercept: bool) -> Self {
        self.intercept = intercept;
        self
    }

    /// Fits `y` on the columns of `x` (without a column of ones: the intercept is added by
    /// the `intercept` setting).
    pub fn fit_arrays(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Ols, ForecastError> {
        Ols::fit(x, y, self.intercept)
    }
}

impl<D, T> Fit<ArrayBase<D, Ix2>, T, ForecastError> for OlsParams
where
    D: Data<Elem = f64>,
    T: linfa::dataset::AsTargets<Elem = f64, Ix = Ix1>,
{
    type Object = Ols;

    fn fit(&self, dataset: &DatasetBase<ArrayBase<D, Ix2>, T>) -> Result<Ols, ForecastError> {
        let targets = dataset.as_single_targets();
        Ols::fit(dataset.records().view(), targets.view(), self.intercept)
    }
}

/// A fitted least-squares model with everything needed for inference.
#[derive(Debug, Clone)]
pub struct Ols {
    intercept: bool,
    n: usize,
    /// Coefficients: the intercept first (when fitted), then one per column of `x`.
    coefficients: Array1<f64>,
    covariance: Array2<f64>,
    residual_variance: f64,
    rss: f64,
    r_squared: Option<f64>,
    fitted: Array1<f64>,
    residuals: Array1<f64>,
    leverage: Array1<f64>,
    /// Column means subtracted before solving (zeros without an intercept).
    means: Vec<f64>,
    /// Column scales divided out before solving.
    scales: Vec<f64>,
    /// R⁻¹ of the centred, scaled problem; gives xᵀ(XᵀX)⁻¹x for any row without re-solving.
    r_inv: Vec<f64>,
    /// Mean of y (zero without an intercept) and the coefficients of the centred, scaled
    /// problem: predictions are evaluated through them, without cancellation on raw years.
    y_mean: f64,
    scaled_coefficients: Vec<f64>,
    /// χ² with the residual degrees of freedom, for [`Ols::draw_parameters`] (set up once: a
    /// simulation draws from it once a path).
    chi_squared: Option<rand_distr::ChiSquared<f64>>,
}

impl Ols {
    /// Fits `y` on the columns of `x`, with or without an intercept.
    ///
    /// Needs more observations than parameters (to estimate the error variance), finite inputs
    /// and columns that are not constant (with an intercept) or linearly dependent.
    pub fn fit(
        x: ArrayView2<f64>,
        y: ArrayView1<f64>,
        intercept: bool,
    ) -> Result<Ols, ForecastError> {
        let (n, k) = x.dim();
        if y.len() != n {
            return Err(ForecastError::ShapeMismatch {
                rows: n,
                targets: y.len(),
            });
        }
        if x.iter().chain(y.iter()).any(|v| !v.is_finite()) {
            return Err(ForecastError::NonFinite);
        }
        let p = k + usize::from(intercept);
        if n <= p {
            return Err(ForecastError::TooFewObservations {
                params: p,
                needed: p + 1,
                got: n,
            });
        }

        // Centre (with an intercept) and scale each column to unit length, column-major.
        let means: Vec<f64> = (0..k)
            .map(|j| {
                if intercept {
                    x.column(j).sum() / n as f64
                } else {
                    0.0
                }
            })
            .collect();
        let y_mean = if intercept { y.sum() / n as f64 } else { 0.0 };
        let mut z = vec![0.0; n * k];
        let mut scales = vec![0.0; k];
        for j in 0..k {
            let column = &mut z[j * n..(j + 1) * n];
            for (zi, xi) in column.iter_mut().zip(x.column(j)) {
                *zi = xi - means[j];
            }
            let scale = column.iter().map(|v| v * v).sum::<f64>().sqrt();
            if scale == 0.0 {
                return Err(ForecastError::Collinear { column: j });
            }
            column.iter_mut().for_each(|v| *v /= scale);
            scales[j] = scale;
        }
        let total: f64 = if intercept {
            y.iter().map(|v| (v - y_mean).powi(2)).sum()
        } else {
            y.iter().map(|v| v * v).sum()
        };

        let (b, r_inv) = if k == 0 {
            (Vec::new(), Vec::new())
        } else {
            // The factorisation overwrites z and the centred target; neither is needed after.
            let mut qty: Vec<f64> = y.iter().map(|v| v - y_mean).collect();
            let ls = least_squares(&mut z, &mut qty, n, k).map_err(|failure| match failure {
                QrFailure::RankDeficient(column) => ForecastError::Collinear { column },
                QrFailure::TooFewRows => ForecastError::TooFewObservations {
                    params: p,
                    needed: p + 1,
                    got: n,
                },
            })?;
            (ls.solution, ls.r_inv)
        };

        // Residuals on the centred, scaled problem (rebuilt row by row from x): no cancellation
        // against large means.
        let mut row = vec![0.0; k];
        let mut residuals = Vec::with_capacity(n);
        let mut leverage = Vec::with_capacity(n);
        // Leverage h_ii = 1/n (with intercept) + |R⁻ᵀ z_i|².
        let base = if intercept { 1.0 / n as f64 } else { 0.0 };
        for (i, x_row) in x.rows().into_iter().enumerate() {
            for (j, r) in row.iter_mut().enumerate() {
                *r = (x_row[j] - means[j]) / scales[j];
            }
            let fit: f64 = row.iter().zip(&b).map(|(zi, bi)| zi * bi).sum();
            residuals.push(y[i] - y_mean - fit);
            leverage.push(base + quadratic_form(&r_inv, &row));
        }
        let fitted: Vec<f64> = y.iter().zip(&residuals).map(|(yi, e)| yi - e).collect();
        let rss: f64 = residuals.iter().map(|e| e * e).sum();
        let df = (n - p) as f64;
        let residual_variance = rss / df;

        // Coefficients and covariance back on the original columns:
        // (ZᵀZ)⁻¹ = R⁻¹R⁻ᵀ; Cov(slopes) = σ² D⁻¹ (ZᵀZ)⁻¹ D⁻¹.
        let ztz_inv = |i: usize, j: usize| -> f64 {
            (i.max(j)..k)
                .map(|l| r_inv[i * k + l] * r_inv[j * k + l])
                .sum()
        };
        let slope_cov =
            |i: usize, j: usize| residual_variance * ztz_inv(i, j) / (scales[i] * scales[j]);
        let offset = usize::from(intercept);
        let mut coefficients = Array1::zeros(p);
        let mut covariance = Array2::zeros((p, p));
        for i in 0..k {
            coefficients[i + offset] = b[i] / scales[i];
            for j in 0..k {
                covariance[[i + offset, j + offset]] = slope_cov(i, j);
            }
        }
        if intercept {
            // β0 = ȳ − mᵀβ; Var(β0) = σ²/n + mᵀ Cov m; Cov(β0, β) = −Cov m.
            let slopes_dot_means: f64 = (0..k).map(|j| means[j] * b[j] / scales[j]).sum();
            coefficients[0] = y_mean - slopes_dot_means;
            let mut m_cov_m = 0.0;
            for i in 0..k {
                let cov_m: f64 = (0..k).map(|j| covariance[[i + 1, j + 1]] * means[j]).sum();
                covariance[[0, i + 1]] = -cov_m;
                covariance[[i + 1, 0]] = -cov_m;
                m_cov_m += means[i] * cov_m;
            }
            covariance[[0, 0]] = residual_variance / n as f64 + m_cov_m;
        }

        let r_squared = (total > 0.0).then(|| 1.0 - rss / total);
        let residuals = Array1::from(residuals);
        let fitted = Array1::from(fitted);
        let leverage = Array1::from(leverage);

        let mut ols = Ols {
            intercept,
            n,
            coefficients,
            covariance,
            residual_variance,
            rss,
            r_squared,
            fitted,
            residuals,
            leverage,
            means,
            scales,
            r_inv,
            y_mean,
            scaled_coefficients: b,
            chi_squared: None,
        };
        ols.chi_squared = rand_distr::ChiSquared::new(ols.df_residual()).ok();
        Ok(ols)
    }

    /// Whether an intercept was fitted (it is then the first coefficient).
    pub fn has_intercept(&self) -> bool {
        self.intercept
    }

    /// Number of observations.
    pub fn n_observations(&self) -> usize {
        self.n
    }

    /// Number of coefficients, including the intercept.
    pub fn n_parameters(&self) -> usize {
        self.coefficients.len()
    }

    /// Residual degrees of freedom, n − p.
    pub fn df_residual(&self) -> f64 {
        (self.n - self.n_parameters()) as f64
    }

    /// Coefficients: the intercept first when fitted, then one per column of `x`.
    pub fn coefficients(&self) -> &Array1<f64> {
        &self.coefficients
    }

    /// Covariance matrix of the coefficients, σ̂² (XᵀX)⁻¹.
    pub fn covariance(&self) -> &Array2<f64> {
        &self.covariance
    }

    /// Standard errors of the coefficients.
    pub fn standard_errors(&self) -> Array1<f64> {
        self.covariance.diag().mapv(f64::sqrt)
    }

    /// Unbiased residual variance σ̂² = RSS / (n − p).
    pub fn residual_variance(&self) -> f64 {
        self.residual_variance
    }

    /// Residual standard deviation σ̂.
    pub fn residual_sd(&self) -> f64 {
        self.residual_variance.sqrt()
    }

    /// Residual sum of squares.
    pub fn rss(&self) -> f64 {
        self.rss
    }

    /// R² (centred with an intercept, uncentred without); `None` when the target has no
    /// variation to explain.
    pub fn r_squared(&self) -> Option<f64> {
        self.r_squared
    }

    /// Fitted values.
    pub fn fitted(&self) -> &Array1<f64> {
        &self.fitted
    }

    /// Residuals y − ŷ.
    pub fn residuals(&self) -> &Array1<f64> {
        &self.residuals
    }

    /// Leverages (diagonal of the hat matrix).
    pub fn leverage(&self) -> &Array1<f64> {
        &self.leverage
    }

    /// Gaussian log-likelihood at the maximum-likelihood variance RSS/n:
    /// −n/2 (ln 2π + ln(RSS/n) + 1). Infinite for a perfect fit.
    pub fn log_likelihood(&self) -> f64 {
        let n = self.n as f64;
        -0.5 * n * ((2.0 * std::f64::consts::PI).ln() + (self.rss / n).ln() + 1.0)
    }

    /// Number of estimated parameters counted by the information criteria: the coefficients
    /// plus the error variance (as R's `AIC(lm)` counts them).
    pub fn n_information_parameters(&self) -> usize {
        self.n_parameters() + 1
    }

    /// Akaike's information criterion, −2 ln L + 2K with K = p + 1.
    pub fn aic(&self) -> f64 {
        information::aic(self.log_likelihood(), self.n_information_parameters())
    }

    /// AICc, the small-sample AIC (Hurvich and Tsai 1989); `None` when n ≤ K + 1.
    pub fn aicc(&self) -> Option<f64> {
        information::aicc(
            self.log_likelihood(),
            self.n_information_parameters(),
            self.n,
        )
    }

    /// Schwarz's criterion, −2 ln L + K ln n.
    pub fn bic(&self) -> f64 {
        information::bic(
            self.log_likelihood(),
            self.n_information_parameters(),
            self.n,
        )
    }

    /// Leave-one-out residuals e_i / (1 − h_ii); `None` for a point with leverage 1 (the fit
    /// without it is undetermined).
    pub fn loo_residuals(&self) -> Vec<Option<f64>> {
        self.residuals
            .iter()
            .zip(&self.leverage)
            .map(|(e, h)| (1.0 - h > 1e-10).then(|| e / (1.0 - h)))
            .collect()
    }

    /// Predictions for new rows (columns as in the fit, without the intercept column).
    pub fn predict(&self, x_new: ArrayView2<f64>) -> Prediction {
        let base = if self.intercept {
            1.0 / self.n as f64
        } else {
            0.0
        };
        let mut mean = Vec::with_capacity(x_new.nrows());
        let mut se_mean = Vec::with_capacity(x_new.nrows());
        let mut se_observation = Vec::with_capacity(x_new.nrows());
        let mut z = vec![0.0; self.means.len()];
        for row in x_new.rows() {
            for (j, zj) in z.iter_mut().enumerate() {
                *zj = (row[j] - self.means[j]) / self.scales[j];
            }
            let fit: f64 = z
                .iter()
                .zip(&self.scaled_coefficients)
                .map(|(a, b)| a * b)
                .sum();
            mean.push(self.y_mean + fit);
            let quad = base + quadratic_form(&self.r_inv, &z);
            se_mean.push((self.residual_variance * quad).sqrt());
            se_observation.push((self.residual_variance * (1.0 + quad)).sqrt());
        }
        Prediction {
            mean: Array1::from(mean),
            se_mean: Array1::from(se_mean),
            se_observation: Array1::from(se_observation),
            df: self.df_residual(),
        }
    }
}

/// One draw of a regression's parameters from their joint posterior under a flat prior: the
/// error variance from its scaled inverse chi-squared distribution, σ² = ν s² / χ²_ν, and the
/// coefficients from their normal given σ². A new observation drawn at a row with the
/// parameters of a draw then follows the Student-t prediction distribution exactly, which is
/// what makes simulated quantiles reproduce the analytic prediction intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterDraw {
    /// The drawn error standard deviation.
    pub sigma: f64,
    /// The drawn level at the column means (ȳ plus its noise; 0 without an intercept).
    level: f64,
    /// The drawn coefficients of the centred, scaled columns.
    scaled_coefficients: Coefficients,
    /// The same per unit of the original columns (coefficient / scale), so that a path's
    /// years need no division.
    per_unit: Coefficients,
}

/// Most coefficients a draw keeps without allocating: a path draws once, and a million paths
/// should not mean a million allocations for the usual one or two slopes.
const INLINE_COEFFICIENTS: usize = 4;

/// A few coefficients inline, more on the heap.
#[derive(Debug, Clone, PartialEq)]
enum Coefficients {
    Inline([f64; INLINE_COEFFICIENTS], usize),
    Heap(Vec<f64>),
}

impl Coefficients {
    fn zeros(k: usize) -> Coefficients {
        if k <= INLINE_COEFFICIENTS {
            Coefficients::Inline([0.0; INLINE_COEFFICIENTS], k)
        } else {
            Coefficients::Heap(vec![0.0; k])
        }
    }

    fn as_slice(&self) -> &[f64] {
        match self {
            Coefficients::Inline(values, k) => &values[..*k],
            Coefficients::Heap(values) => values,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [f64] {
        match self {
            Coefficients::Inline(values, k) => &mut values[..*k],
            Coefficients::Heap(values) => values,
        }
    }
}

impl Ols {
    /// Draws the parameters (see [`ParameterDraw`]).
    pub fn draw_parameters<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> ParameterDraw {
        use rand_distr::{Distribution, StandardNormal};
        let df = self.df_residual();
        let chi2: f64 = self.chi_squared.map_or(df, |d| d.sample(rng));
        let sigma = (df * self.residual_variance / chi2.max(f64::MIN_POSITIVE)).sqrt();
        let k = self.scaled_coefficients.len();
        // b + σ R⁻¹ε has covariance σ² R⁻¹R⁻ᵀ = σ² (ZᵀZ)⁻¹.
        let mut epsilon = Coefficients::zeros(k);
        for e in epsilon.as_mut_slice() {
            *e = StandardNormal.sample(rng);
        }
        let epsilon = epsilon.as_slice();
        let mut scaled_coefficients = Coefficients::zeros(k);
        for (i, b) in scaled_coefficients.as_mut_slice().iter_mut().enumerate() {
            let noise: f64 = (i..k).map(|j| self.r_inv[i * k + j] * epsilon[j]).sum();
            *b = self.scaled_coefficients[i] + sigma * noise;
        }
        // The level ȳ is independent of the centred slopes, with variance σ²/n.
        let level = if self.intercept {
            let e: f64 = StandardNormal.sample(rng);
            self.y_mean + sigma * e / (self.n as f64).sqrt()
        } else {
            0.0
        };
        let mut per_unit = Coefficients::zeros(k);
        for ((u, b), scale) in per_unit
            .as_mut_slice()
            .iter_mut()
            .zip(scaled_coefficients.as_slice())
            .zip(&self.scales)
        {
            *u = b / scale;
        }
        ParameterDraw {
            sigma,
            level,
            scaled_coefficients,
            per_unit,
        }
    }

    /// The mean of y at `row` (original columns, without the intercept) under a draw.
    pub fn mean_under(&self, draw: &ParameterDraw, row: &[f64]) -> f64 {
        draw.level
            + row
                .iter()
                .zip(&self.means)
                .zip(&self.scales)
                .zip(draw.scaled_coefficients.as_slice())
                .map(|(((x, m), s), b)| (x - m) / s * b)
                .sum::<f64>()
    }

    /// The mean of y at powers t, t², …, t^k of one variable (a polynomial trend's row), under
    /// a draw, without building the row.
    pub fn mean_under_powers(&self, draw: &ParameterDraw, t: f64) -> f64 {
        let mut power = 1.0;
        let mut mean = draw.level;
        for (m, b) in self.means.iter().zip(draw.per_unit.as_slice()) {
            power *= t;
            mean += (power - m) * b;
        }
        mean
    }
}

/// Predictions for new rows, with the two standard errors kept apart.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// Estimated mean of y at each row, x₀ᵀβ̂.
    pub mean: Array1<f64>,
    /// Standard error of that mean, σ̂ √(x₀ᵀ(XᵀX)⁻¹x₀): for the **confidence** interval.
    pub se_mean: Array1<f64>,
    /// Standard error of a new observation, σ̂ √(1 + x₀ᵀ(XᵀX)⁻¹x₀): for the **prediction**
    /// interval.
    pub se_observation: Array1<f64>,
    /// Degrees of freedom of the t quantile, n − p.
    pub df: f64,
}

/// Lower and upper bounds of an interval, one pair per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    /// Lower bounds.
    pub lower: Array1<f64>,
    /// Upper bounds.
    pub upper: Array1<f64>,
}

impl Prediction {
    /// Confidence interval of the **mean** of y at each row: where the regression line is.
    /// Narrower; not the range a future value will fall in.
    pub fn confidence_interval(&self, level: Level) -> Bounds {
        self.bounds(&self.se_mean, level)
    }

    /// Prediction interval of a **new observation** at each row: where a future value falls
    /// with the given probability. This is the one forecasts use.
    pub fn prediction_interval(&self, level: Level) -> Bounds {
        self.bounds(&self.se_observation, level)
    }

    fn bounds(&self, se: &Array1<f64>, level: Level) -> Bounds {
        let t = level.t_quantile(self.df);
        Bounds {
            lower: &self.mean - &(se * t),
            upper: &self.mean + &(se * t),
        }
    }
}

/// Information criteria from a log-likelihood, shared by every model.
pub mod information {
    /// AIC = −2 ln L + 2K.
    pub fn aic(log_likelihood: f64, k: usize) -> f64 {
        -2.0 * log_likelihood + 2.0 * k as f64
    }

    /// AICc = AIC + 2K(K + 1)/(n − K − 1); `None` when n ≤ K + 1, where it is undefined.
    pub fn aicc(log_likelihood: f64, k: usize, n: usize) -> Option<f64> {
        let k_f = k as f64;
        (n > k + 1).then(|| aic(log_likelihood, k) + 2.0 * k_f * (k_f + 1.0) / (n - k - 1) as f64)
    }

    /// BIC = −2 ln L + K ln n.
    pub fn bic(log_likelihood: f64, k: usize, n: usize) -> f64 {
        -2.0 * log_likelihood + k as f64 * (n as f64).ln()
    }

    /// Gaussian log-likelihood at the maximum-likelihood variance RSS/n.
    pub fn gaussian_log_likelihood(rss: f64, n: usize) -> f64 {
        let n = n as f64;
        -0.5 * n * ((2.0 * std::f64::consts::PI).ln() + (rss / n).ln() + 1.0)
    }
}

/// Convenience for one regressor: fits y on a single column.
pub fn fit_simple<S: Data<Elem = f64>>(
    x: &ArrayBase<S, Ix1>,
    y: &ArrayBase<S, Ix1>,
    intercept: bool,
) -> Result<Ols, ForecastError> {
    let column = x.to_owned().insert_axis(Axis(1));
    Ols::fit(column.view(), y.view(), intercept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Hand calculation: x = 0, 1, 2, 3; y = 1, 3.1, 4.9, 7.
    /// x̄ = 1.5, ȳ = 4, Sxx = 5, Sxy = (−1.5)(−3) + (−0.5)(−0.9) + 0.5(0.9) + 1.5(3) = 9.9.
    /// slope = 9.9/5 = 1.98, intercept = 4 − 1.98·1.5 = 1.03.
    /// fitted: 1.03, 3.01, 4.99, 6.97; residuals: −0.03, 0.09, −0.09, 0.03; RSS = 0.018.
    /// σ̂² = 0.018/2 = 0.009; Var(slope) = 0.009/5 = 0.0018; Var(intercept) = 0.009(1/4 + 2.25/5)
    /// = 0.0063.
    #[test]
    fn matches_a_hand_calculation() {
        let x = array![[0.0], [1.0], [2.0], [3.0]];
        let y = array![1.0, 3.1, 4.9, 7.0];
        let fit = Ols::fit(x.view(), y.view(), true).expect("fits");
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        assert!(close(fit.coefficients()[0], 1.03));
        assert!(close(fit.coefficients()[1], 1.98));
        assert!(close(fit.rss(), 0.018));
        assert!(close(fit.covariance()[[1, 1]], 0.0018));
        assert!(close(fit.covariance()[[0, 0]], 0.0063));
        // Leverages: 1/4 + (x − 1.5)²/5 = 0.7, 0.3, 0.3, 0.7.
        assert!(close(fit.leverage()[0], 0.7) && close(fit.leverage()[1], 0.3));
        // Prediction at x = 4: 1.03 + 7.92 = 8.95; quad = 1/4 + 6.25/5 = 1.5.
        let p = fit.predict(array![[4.0]].view());
        assert!(close(p.mean[0], 8.95));
        assert!(close(p.se_mean[0], (0.009 * 1.5_f64).sqrt()));
        assert!(close(p.se_observation[0], (0.009 * 2.5_f64).sqrt()));
    }

    #[test]
    fn refuses_too_few_points_and_constant_columns() {
        let x = array![[1.0], [2.0]];
        let y = array![1.0, 2.0];
        assert!(matches!(
            Ols::fit(x.view(), y.view(), true),
            Err(ForecastError::TooFewObservations { .. })
        ));
        let x = array![[1.0], [1.0], [1.0]];
        let y = array![1.0, 2.0, 3.0];
        assert!(matches!(
            Ols::fit(x.view(), y.view(), true),
            Err(ForecastError::Collinear { column: 0 })
        ));
    }

    #[test]
    fn constant_target_gives_finite_output() {
        let x = array![[0.0], [1.0], [2.0]];
        let y = array![5.0, 5.0, 5.0];
        let fit = Ols::fit(x.view(), y.view(), true).expect("fits");
        assert_eq!(fit.r_squared(), None);
        assert_eq!(fit.coefficients()[1], 0.0);
        let p = fit.predict(array![[3.0]].view());
        assert_eq!(p.mean[0], 5.0);
        assert_eq!(p.se_observation[0], 0.0);
    }
}
