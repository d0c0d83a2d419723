//! Monte Carlo over joint sample paths, reproducible whatever the thread count.
//!
//! Not implemented yet: see the project issues.
