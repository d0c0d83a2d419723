//! Least squares with inference: coefficients, covariance, standard errors, confidence and prediction intervals.
//!
//! Not implemented yet: see the project issues.
