//! Model comparison on one scale: AICc, leave-one-out error and Akaike weights.
//!
//! Not implemented yet: see the project issues.
