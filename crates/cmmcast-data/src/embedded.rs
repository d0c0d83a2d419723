//! The Songzao plan, compiled in so that every command works with no input file.
//!
//! The files live in the workspace's `data/` folder, where users can read and copy them.

/// `data/songzao-plan.csv`: the 2012–2016 plan (site, year, coal_kt, methane_mm3), exactly as
/// Table 1 of the source article gives it.
pub const SONGZAO_PLAN_CSV: &str = include_str!("../../../data/songzao-plan.csv");

/// `data/songzao-site.toml`: plant capacity, volume basis, provenance and caveats.
pub const SONGZAO_SITE_TOML: &str = include_str!("../../../data/songzao-site.toml");

/// `data/scenarios/songzao-default.toml`: the default Monte Carlo scenario for Songzao, with a
/// comment on every key (read it with [`crate::Scenario::songzao_default`]).
pub const SONGZAO_SCENARIO_TOML: &str =
    include_str!("../../../data/scenarios/songzao-default.toml");

/// How the embedded default scenario names itself in output and messages.
pub const SCENARIO_ORIGIN: &str =
    "embedded Songzao default scenario (data/scenarios/songzao-default.toml)";

/// How the embedded data names itself in output and messages.
pub const ORIGIN: &str = "embedded Songzao plan (data/songzao-plan.csv, data/songzao-site.toml)";

#[cfg(test)]
mod tests {
    use crate::Dataset;

    /// The numbers of Table 1 of the source article (shared/seed, also tabulated in
    /// shared/reference/domain.md, section 1), typed in here independently of data/.
    #[test]
    fn embedded_plan_matches_the_article_table() {
        let data = Dataset::songzao();
        let site = data.site(Some("Songzao")).expect("Songzao is embedded");
        assert_eq!(site.series.years(), &[2012, 2013, 2014, 2015, 2016]);
        assert_eq!(
            site.series.coal_kt(),
            Some(&[6420.0, 6850.0, 7350.0, 7950.0, 8600.0][..])
        );
        assert_eq!(
            site.series.methane_mm3(),
            Some(&[222.94, 239.87, 259.24, 282.86, 304.84][..])
        );
        assert_eq!(site.facts.plant_capacity_mw, Some(26.9));
        assert_eq!(site.facts.data_kind, crate::DataKind::Plan);
        assert!(!site.facts.volume_basis.stated_by_source);
        assert_eq!(site.facts.volume_basis.temperature.celsius(), 20.0);
    }

    /// domain.md: methane per tonne 34.7, 35.0, 35.3, 35.6, 35.4 m3/t (one decimal).
    #[test]
    fn intensity_matches_the_hand_calculation() {
        let data = Dataset::songzao();
        let site = data.site(None).expect("one site");
        let intensity = site.series.intensity_m3_per_t().expect("both series");
        let rounded: Vec<f64> = intensity
            .iter()
            .map(|v| (v.expect("coal > 0") * 10.0).round() / 10.0)
            .collect();
        assert_eq!(rounded, vec![34.7, 35.0, 35.3, 35.6, 35.4]);
    }
}
