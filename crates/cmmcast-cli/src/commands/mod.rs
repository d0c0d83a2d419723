//! One module per subcommand. Each turns its arguments into a [`crate::report::Report`] by
//! calling the library crates; none holds domain logic of its own.

pub mod data;
