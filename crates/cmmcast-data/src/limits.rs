//! The numeric limits every input path checks against, in a module of their own that uses
//! nothing else from the crate: the error messages quote them and the checks apply them, so
//! both take them from here instead of from each other.

/// Earliest year accepted in a dataset.
pub const MIN_YEAR: i32 = 1000;
/// Latest year accepted in a dataset.
pub const MAX_YEAR: i32 = 9999;
/// Largest accepted annual quantity (in the column's own unit: thousand t or million m3).
///
/// 1e9 thousand tonnes is a hundred times the world's annual coal output; anything above is a
/// unit mistake, and refusing it keeps every later product of such values finite.
pub const MAX_QUANTITY: f64 = 1e9;
/// Largest plant capacity accepted, MW: ten times the largest coal-mine methane plant built.
pub const MAX_CAPACITY_MW: f64 = 10_000.0;
