//! Transformations of the target that make a trend linear in its parameters.

use crate::error::ForecastError;

/// g(y): the scale on which a regression trend is fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Transform {
    /// g(y) = y.
    Identity,
    /// g(y) = ln y, for y > 0.
    Log,
    /// g(y) = ln(y / (K − y)), for 0 < y < K.
    Logit {
        /// The ceiling K.
        ceiling: f64,
    },
}

impl Transform {
    /// g(y).
    pub(crate) fn forward(self, y: f64) -> f64 {
        match self {
            Transform::Identity => y,
            Transform::Log => y.ln(),
            Transform::Logit { ceiling } => (y / (ceiling - y)).ln(),
        }
    }

    /// g⁻¹(z); monotone increasing, so interval bounds map to interval bounds.
    pub(crate) fn inverse(self, z: f64) -> f64 {
        match self {
            Transform::Identity => z,
            Transform::Log => z.exp(),
            Transform::Logit { ceiling } => ceiling / (1.0 + (-z).exp()),
        }
    }

    /// ln |g'(y)|: the Jacobian term that puts a transformed model's likelihood on the
    /// original scale.
    pub(crate) fn log_jacobian(self, y: f64) -> f64 {
        match self {
            Transform::Identity => 0.0,
            Transform::Log => -y.ln(),
            // g'(y) = 1/y + 1/(K − y) = K / (y (K − y)).
            Transform::Logit { ceiling } => (ceiling / (y * (ceiling - y))).ln(),
        }
    }

    /// Checks that every value is in the transformation's domain.
    pub(crate) fn check(
        self,
        model: &'static str,
        years: &[i32],
        values: &[f64],
    ) -> Result<(), ForecastError> {
        for (&year, &value) in years.iter().zip(values) {
            match self {
                Transform::Identity => {}
                Transform::Log if value <= 0.0 => {
                    return Err(ForecastError::NotPositive { model, year, value });
                }
                Transform::Logit { ceiling } if value >= ceiling => {
                    return Err(ForecastError::AtOrAboveCeiling {
                        ceiling,
                        year,
                        value,
                    });
                }
                Transform::Logit { .. } if value <= 0.0 => {
                    return Err(ForecastError::NotPositive { model, year, value });
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_undoes_forward() {
        for t in [
            Transform::Identity,
            Transform::Log,
            Transform::Logit { ceiling: 500.0 },
        ] {
            let y = 222.94;
            assert!((t.inverse(t.forward(y)) - y).abs() < 1e-12, "{t:?}");
        }
    }
}
