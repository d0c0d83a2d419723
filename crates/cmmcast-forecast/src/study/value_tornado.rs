//! The study's NPV tornado: the study's models, plant, inputs and economic values over its
//! operating years, so that the tornado's base case is [`Study::value`]'s valuation.

use crate::error::ForecastError;
use crate::sim::ValueTornado;
use crate::study::Study;

impl Study<'_> {
    /// The NPV tornado ([`crate::sim::value_tornado`]) over the operating years
    /// ([`Study::economic_years`]). Its base case is [`Study::value`]'s valuation when the
    /// scenario's distributions are symmetric (their medians are then the central values).
    pub fn value_tornado(&self) -> Result<ValueTornado, ForecastError> {
        self.refuse_combined("the NPV tornado")?;
        let years = self.economic_years()?;
        crate::sim::value_tornado(
            &self.selection,
            &years,
            &self.inputs.plant,
            &self.inputs.uncertain,
            &self.economics,
        )
    }
}
