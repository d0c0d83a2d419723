//! The model menu: linear, exponential, quadratic, GM(1,1), intensity and logistic trends.
//!
//! Not implemented yet: see the project issues.
