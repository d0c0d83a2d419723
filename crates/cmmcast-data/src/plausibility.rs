//! Plausibility of the data: methane per tonne of coal far outside what mines drain is
//! almost always a unit mistake (methane in thousand m3, coal in million t), which the file's
//! form cannot show. A warning, not a refusal: a real mine may lie outside, and the user
//! decides.
//!
//! The range is generous on purpose (docs/DATA.md, "Plausibility"): the IPCC's Tier 1 emission
//! factors are 0.3 to 2.0 m3/t for surface mines and 10 to 25 m3/t for underground mines (IPCC
//! 2006 Guidelines, Vol. 2, Ch. 4, section 4.1.3); China classes a mine as high-gas above
//! 10 m3/t (2018 Measures for the Classification and Identification of Coal Mine Gas); Songzao,
//! an outburst-prone mine, drained about 35 m3/t. A factor of 1000, the size of the usual unit
//! mistakes, moves any of these values outside [`PLAUSIBLE_M3_PER_T`].

use std::fmt;

use crate::site::Site;

/// The methane per tonne of coal, m3/t, that a site's data may show without a warning: from
/// 0.5 (below the IPCC's lowest underground factor, near its surface-mining ones) to 200 (eight
/// times the IPCC's high underground factor, about six times Songzao's). Module docs: sources.
pub const PLAUSIBLE_M3_PER_T: (f64, f64) = (0.5, 200.0);

/// A site whose methane per tonne of coal lies outside [`PLAUSIBLE_M3_PER_T`] in some years.
#[derive(Debug, Clone, PartialEq)]
pub struct IntensityWarning {
    /// The site's name.
    pub site: String,
    /// The years outside the range, with their methane per tonne (m3/t).
    pub years: Vec<(i32, f64)>,
}

/// Which way, and by how much, the values miss the range: what the likely mistake is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Miss {
    /// About 1000 times too high.
    HighThousand,
    /// About a million times too high.
    HighMillion,
    /// About 1000 times too low.
    LowThousand,
    /// Too high, by no power of 1000.
    High,
    /// Too low, by no power of 1000.
    Low,
}

impl IntensityWarning {
    /// The median of the years' values, m3/t, which the likely mistake is judged from.
    fn median(&self) -> f64 {
        let mut values: Vec<f64> = self.years.iter().map(|y| y.1).collect();
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        }
    }

    fn miss(&self) -> Miss {
        let (low, high) = PLAUSIBLE_M3_PER_T;
        let within = |v: f64| (low..=high).contains(&v);
        let m = self.median();
        if m > high {
            if within(m / 1e3) {
                Miss::HighThousand
            } else if within(m / 1e6) {
                Miss::HighMillion
            } else {
                Miss::High
            }
        } else if within(m * 1e3) {
            Miss::LowThousand
        } else {
            Miss::Low
        }
    }

    /// The likely mistake in words, with what to do.
    pub fn likely_mistake(&self) -> &'static str {
        match self.miss() {
            Miss::HighThousand => {
                "about 1000 times too high: methane given in thousand m3 instead of million m3 \
                 (divide methane_mm3 by 1000), or coal in million t instead of thousand t \
                 (multiply coal_kt by 1000)"
            }
            Miss::HighMillion => {
                "about a million times too high: methane given in m3 instead of million m3 \
                 (divide methane_mm3 by 1,000,000)"
            }
            Miss::LowThousand => {
                "about 1000 times too low: coal given in tonnes instead of thousand t (divide \
                 coal_kt by 1000), or methane in billion m3 instead of million m3 (multiply \
                 methane_mm3 by 1000)"
            }
            Miss::High => {
                "too high: check that methane_mm3 is in million m3 and coal_kt in thousand t"
            }
            Miss::Low => {
                "too low: check that methane_mm3 is in million m3 and coal_kt in thousand t"
            }
        }
    }
}

impl fmt::Display for IntensityWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (low, high) = PLAUSIBLE_M3_PER_T;
        let years = self
            .years
            .iter()
            .map(|(year, value)| format!("{year} {}", readable(*value)))
            .collect::<Vec<_>>()
            .join(", ");
        write!(
            f,
            "site {}: methane per tonne of coal is outside the plausible {low} to {high} m3/t \
             (IPCC 2006 Tier 1 factors: 10 to 25 m3/t underground; docs/DATA.md, \
             \"Plausibility\") in {} year{} ({years} m3/t), {}; the data was used as given.",
            self.site,
            self.years.len(),
            if self.years.len() == 1 { "" } else { "s" },
            self.likely_mistake()
        )
    }
}

/// A value in m3/t with three significant digits at least, and no exponent.
fn readable(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        let digits = (2.0 - value.log10().floor()).clamp(2.0, 12.0) as usize;
        format!("{value:.digits$}")
    }
}

/// The warning for a site whose methane per tonne of coal leaves [`PLAUSIBLE_M3_PER_T`] in any
/// year with both coal and methane (years with no coal have no ratio and are skipped).
pub fn intensity_warning(site: &Site) -> Option<IntensityWarning> {
    let (low, high) = PLAUSIBLE_M3_PER_T;
    let intensity = site.series.intensity_m3_per_t()?;
    let years: Vec<(i32, f64)> = site
        .series
        .years()
        .iter()
        .zip(intensity)
        .filter_map(|(&year, value)| value.map(|v| (year, v)))
        .filter(|&(_, v)| v > 0.0 && !(low..=high).contains(&v))
        .collect();
    (!years.is_empty()).then(|| IntensityWarning {
        site: site.name().to_string(),
        years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AnnualSeries, SiteFacts};

    fn site(coal_kt: &[f64], methane_mm3: &[f64]) -> Site {
        let years: Vec<i32> = (2012..).take(coal_kt.len()).collect();
        Site {
            facts: SiteFacts::named("Mine"),
            series: AnnualSeries::new(years, Some(coal_kt.to_vec()), Some(methane_mm3.to_vec()))
                .expect("a valid series"),
            mines: Vec::new(),
        }
    }

    #[test]
    fn songzao_is_plausible() {
        // 222.94 million m3 / 6420 thousand t = 222.94e6 / 6.42e6 = 34.7 m3/t.
        assert_eq!(intensity_warning(&site(&[6420.0], &[222.94])), None);
    }

    #[test]
    fn methane_in_thousand_m3_is_named() {
        // Songzao's 2012 methane in thousand m3: 222,940 / 6420 x 1000 = 34,726 m3/t, and
        // 34,726 / 1000 = 34.7 lies in the range, so the likely mistake is a factor of 1000.
        let warning = intensity_warning(&site(&[6420.0], &[222_940.0])).expect("a warning");
        assert_eq!(warning.years.len(), 1);
        assert!((warning.years[0].1 - 34_726.0).abs() < 1.0);
        let text = warning.to_string();
        assert!(text.contains("methane given in thousand m3"), "{text}");
        assert!(text.contains("coal in million t"), "{text}");
        assert!(text.contains("34726"), "{text}");
    }

    #[test]
    fn coal_in_tonnes_is_named() {
        // 222.94 million m3 over 6,420,000 "thousand t": 0.0347 m3/t, x 1000 = 34.7.
        let warning = intensity_warning(&site(&[6_420_000.0], &[222.94])).expect("a warning");
        assert!(warning.to_string().contains("coal given in tonnes"));
        assert!(warning.to_string().contains("0.0347"), "{warning}");
    }

    #[test]
    fn methane_in_m3_is_named() {
        // 222,940,000 m3 / 6420 thousand t x 1000 = 34.7 million m3/t: a factor of 10^6.
        let warning = intensity_warning(&site(&[6420.0], &[222_940_000.0])).expect("a warning");
        assert!(warning.to_string().contains("methane given in m3 instead"));
    }

    #[test]
    fn the_ends_of_the_range_are_plausible() {
        // 0.5 m3/t: 1 million m3 over 2000 thousand t; 200 m3/t: 200 over 1000.
        assert_eq!(intensity_warning(&site(&[2000.0], &[1.0])), None);
        assert_eq!(intensity_warning(&site(&[1000.0], &[200.0])), None);
        assert!(intensity_warning(&site(&[1000.0], &[201.0])).is_some());
    }
}
