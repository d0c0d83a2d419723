//! The inputs a scenario may set and the values each may take.

/// The values an input may take, so that every sampled value is valid for the energy chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Allowed {
    pub(super) low: f64,
    pub(super) low_open: bool,
    /// `f64::INFINITY` when there is no upper end.
    pub(super) high: f64,
    pub(super) high_open: bool,
}

impl Allowed {
    const fn new(low: f64, low_open: bool, high: f64, high_open: bool) -> Self {
        Allowed {
            low,
            low_open,
            high,
            high_open,
        }
    }

    pub(super) fn admits_low(&self, value: f64) -> bool {
        value > self.low || (!self.low_open && value == self.low)
    }

    pub(super) fn admits_high(&self, value: f64) -> bool {
        value < self.high || (!self.high_open && value == self.high)
    }

    pub(super) fn low_text(&self) -> String {
        if self.low_open {
            format!("above {}", self.low)
        } else {
            format!("at least {}", self.low)
        }
    }

    pub(super) fn high_text(&self) -> String {
        if self.high_open {
            format!("below {}", self.high)
        } else {
            format!("at most {}", self.high)
        }
    }

    /// The range in words, such as `above 0 and at most 0.6`.
    pub(super) fn describe(&self) -> String {
        if self.high.is_finite() {
            format!("{} and {}", self.low_text(), self.high_text())
        } else {
            self.low_text()
        }
    }
}

/// The allowed range of every key of [`SCENARIO_INPUTS`](super::SCENARIO_INPUTS), in the same order: the ranges the
/// forecasting crate's plant builder accepts (efficiency from 0.01, its `MIN_EFFICIENCY`), and
/// for the last three the ranges their meaning allows.
pub(super) const ALLOWED: [(&str, Allowed); 10] = [
    ("efficiency", Allowed::new(0.01, false, 0.6, false)),
    ("availability", Allowed::new(0.0, true, 1.0, false)),
    ("share_to_power", Allowed::new(0.0, false, 1.0, false)),
    ("parasitic_fraction", Allowed::new(0.0, false, 1.0, false)),
    ("gas_concentration", Allowed::new(0.0, true, 1.0, false)),
    ("min_concentration", Allowed::new(0.0, false, 1.0, false)),
    (
        "destruction_efficiency",
        Allowed::new(0.0, true, 1.0, false),
    ),
    (
        "plan_adherence",
        Allowed::new(0.0, true, f64::INFINITY, true),
    ),
    ("flow_cv", Allowed::new(0.0, false, f64::INFINITY, true)),
    ("flow_autocorrelation", Allowed::new(0.0, false, 1.0, true)),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_words() {
        let range = |key: &str| {
            ALLOWED
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, allowed)| allowed.describe())
                .expect(key)
        };
        assert_eq!(range("efficiency"), "at least 0.01 and at most 0.6");
        assert_eq!(range("share_to_power"), "at least 0 and at most 1");
        assert_eq!(range("plan_adherence"), "above 0");
        assert_eq!(range("flow_cv"), "at least 0");
        assert_eq!(range("flow_autocorrelation"), "at least 0 and below 1");
    }
}
