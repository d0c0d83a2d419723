//! Forecasts: per year, a point value and intervals at several levels at once.
//!
//! Not implemented yet: see the project issues.
