//! One module per subcommand. Each turns its arguments into a [`crate::report::Report`] by
//! calling the library crates; none holds domain logic of its own.

pub mod data;
pub mod fit;
pub mod forecast;

use cmmcast_forecast::ForecastError;

use crate::failure::Failure;

/// A model failure for one site, naming the site when the dataset has several.
pub(crate) fn site_failure((site, error): (String, ForecastError), several: bool) -> Failure {
    Failure::Model {
        site: several.then_some(site),
        error,
    }
}
