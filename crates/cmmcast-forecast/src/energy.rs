//! Physical constants with sources, the power plant and the annual projection of gas burnt, surplus, electricity and avoided emissions.
//!
//! Not implemented yet: see the project issues.
