//! Shared helpers for the cmmcast benchmarks.
