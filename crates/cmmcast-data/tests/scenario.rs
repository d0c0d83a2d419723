//! Scenario files read from disk: the embedded default, good files in every form, and a table
//! of bad files whose refusals must name the file, the line and the key and say what is allowed.
//!
//! Expected values come from the files written here, not from running the code.

use std::path::PathBuf;

use cmmcast_data::{
    DataError, DistributionSpec, InputDistribution, SCENARIO_KEYS, Scenario, Spread, SpreadShape,
    UncertainInput, YearToYear, scenario_key,
};

/// Writes `text` to `name` in a fresh temporary folder and returns the folder and the path.
fn write(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write the scenario");
    (dir, path)
}

fn fixed(value: f64) -> UncertainInput {
    given(DistributionSpec::Fixed { value }, false)
}

fn given(spec: DistributionSpec, per_year: bool) -> UncertainInput {
    UncertainInput {
        distribution: InputDistribution::Given(spec),
        per_year,
        year_to_year: None,
    }
}

fn around(shape: SpreadShape, half_width: f64) -> UncertainInput {
    UncertainInput {
        distribution: InputDistribution::AroundSite(Spread { shape, half_width }),
        per_year: false,
        year_to_year: None,
    }
}

/// The keys the default scenario leaves to the site facts (or the plant defaults), fixed.
const LEFT_TO_THE_SITE: [&str; 10] = [
    "share_to_power",
    "gas_concentration",
    "min_concentration",
    "destruction_efficiency",
    "opex_per_kw_year",
    "opex_per_mwh",
    "carbon_share",
    "gas_cost_per_m3",
    "tax_rate",
    "discount_rate",
];

#[test]
fn the_embedded_default_spreads_around_the_site_and_leaves_ten_keys_to_it() {
    let scenario = Scenario::songzao_default();
    assert_eq!(scenario.name, "Songzao default");
    assert!(!scenario.description.is_empty());
    assert!(
        scenario.origin.contains("songzao-default.toml"),
        "{}",
        scenario.origin
    );
    let keys: Vec<&str> = scenario.inputs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "availability",
            "capex_per_kw",
            "carbon_price_per_t",
            "efficiency",
            "flow_autocorrelation",
            "flow_cv",
            "parasitic_fraction",
            "plan_adherence",
            "tariff_per_mwh"
        ],
        "nine inputs, sorted by key"
    );
    for key in LEFT_TO_THE_SITE {
        assert_eq!(scenario.input(key), None, "{key} keeps the site's value");
    }

    let input = |key: &str| *scenario.input(key).expect(key);
    assert_eq!(input("efficiency"), around(SpreadShape::Triangular, 0.05));
    assert_eq!(input("availability"), around(SpreadShape::Pert, 0.05));
    assert_eq!(
        input("parasitic_fraction"),
        around(SpreadShape::Uniform, 0.02)
    );
    assert_eq!(
        input("plan_adherence"),
        UncertainInput {
            year_to_year: Some(YearToYear {
                path_share: 0.5,
                persistence: 0.5
            }),
            ..given(
                DistributionSpec::Lognormal {
                    median: 1.0,
                    sigma: 0.10
                },
                true
            )
        }
    );
    assert_eq!(input("flow_cv"), fixed(0.25));
    assert_eq!(input("flow_autocorrelation"), fixed(0.7));
}

/// The distribution a spread of the default scenario gives around `centre`.
fn default_around(key: &str, centre: f64) -> DistributionSpec {
    let InputDistribution::AroundSite(spread) = Scenario::songzao_default()
        .input(key)
        .expect(key)
        .distribution
    else {
        panic!("{key} is a spread");
    };
    spread.around(centre, &scenario_key(key).expect(key).range)
}

#[test]
fn the_default_around_the_plant_defaults_gives_the_documented_ranges() {
    // The plant defaults (docs/DATA.md, the plant table): efficiency 0.38, availability 0.90,
    // parasitic_fraction 0.0.
    // Efficiency: 0.38 ± 0.05 in [0.01, 0.6] has room 0.37 below and 0.22 above, so
    // triangular 0.33, 0.38, 0.43.
    let DistributionSpec::Triangular { min, mode, max } = default_around("efficiency", 0.38) else {
        panic!("a triangle");
    };
    assert!((min - 0.33).abs() < 1e-12 && (max - 0.43).abs() < 1e-12);
    assert_eq!(mode, 0.38);
    // Availability: 0.90 ± 0.05 in (0, 1] has room 0.45 below (half of 0.90, an open end)
    // and 0.10 above, so pert 0.85, 0.90, 0.95.
    let DistributionSpec::Pert { min, mode, max } = default_around("availability", 0.90) else {
        panic!("a pert");
    };
    assert!((min - 0.85).abs() < 1e-12 && (max - 0.95).abs() < 1e-12);
    assert_eq!(mode, 0.90);
    // Parasitic fraction: at the default 0, the closed lower end, there is no room: fixed 0.
    assert_eq!(
        default_around("parasitic_fraction", 0.0),
        DistributionSpec::Fixed { value: 0.0 }
    );
    // A site giving 0.04: room 0.04 below and 0.96 above, so uniform 0.02 to 0.06.
    let DistributionSpec::Uniform { min, max } = default_around("parasitic_fraction", 0.04) else {
        panic!("a uniform");
    };
    assert!((min - 0.02).abs() < 1e-12 && (max - 0.06).abs() < 1e-12);
}

#[test]
fn the_default_file_on_disk_loads_like_the_embedded_copy() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/scenarios/songzao-default.toml");
    let loaded = Scenario::load(&path).expect("the data file loads");
    let embedded = Scenario::songzao_default();
    assert_eq!(loaded.inputs, embedded.inputs);
    assert_eq!(loaded.name, embedded.name);
}

#[test]
fn the_default_file_documents_every_key() {
    let text = cmmcast_data::embedded::SONGZAO_SCENARIO_TOML;
    let lines: Vec<&str> = text.lines().collect();
    let header: String = lines
        .iter()
        .take_while(|line| !line.starts_with('['))
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    for key in SCENARIO_KEYS.map(|key| key.name) {
        if LEFT_TO_THE_SITE.contains(&key) {
            // Not set: the header says why it keeps the site's value.
            assert!(
                lines
                    .iter()
                    .all(|line| !line.starts_with(&format!("{key} ="))),
                "{key} is left to the site"
            );
            assert!(header.contains(&format!("#   {key} ")), "{key}: {header}");
            continue;
        }
        let at = lines
            .iter()
            .position(|line| line.starts_with(&format!("{key} =")))
            .unwrap_or_else(|| panic!("{key} is set"));
        let comment: Vec<&str> = lines[..at]
            .iter()
            .rev()
            .take_while(|line| line.starts_with('#'))
            .copied()
            .collect();
        let comment = comment.join(" ");
        assert!(comment.contains("Allowed:"), "{key}: {comment}");
        assert!(
            comment.contains("[SOURCES: ")
                || comment.contains("METHODS.md")
                || comment.contains("ssumption"),
            "{key} says where its value comes from: {comment}"
        );
    }
    assert!(header.contains("Not set here, so they keep the site's values"));
    assert!(header.contains("flags > scenario > site facts > defaults"));
    assert!(header.contains("scenario keys override site facts"));
    assert!(header.contains("`simulate`'s p50 then agrees with the deterministic `project`"));
    assert!(header.contains("replaces the site's value"));
}

#[test]
fn every_distribution_reads_in_both_table_forms() {
    let text = r#"
[scenario]
name = "All forms"
description = "one of each"

[inputs]
efficiency = { distribution = "uniform", min = 0.35, max = 0.40 }
availability = { distribution = "PERT", min = 0.8, mode = 0.9, max = 1 }
parasitic_fraction = { distribution = "fixed", value = 0 }
destruction_efficiency = { distribution = "normal", mean = 0.99, sd = 0.005, min = 0.95, max = 1.0 }
flow_cv = { distribution = "normal", mean = 0.25, sd = 0.1, min = 0 }
flow_autocorrelation = 0
gas_concentration = { distribution = "triangular", min = 0.3, mode = 0.3, max = 0.6, per_year = true }

[inputs.plan_adherence]
distribution = "lognormal"
median = 1
sigma = 0.2
per_year = false
"#;
    let (_dir, path) = write("all-forms.toml", text);
    let scenario = Scenario::load(&path).expect("a good file");
    assert_eq!(scenario.name, "All forms");
    assert_eq!(scenario.description, "one of each");
    assert_eq!(scenario.origin, path.display().to_string());
    let spec = |key: &str| match scenario.input(key).expect(key).distribution {
        InputDistribution::Given(spec) => spec,
        InputDistribution::AroundSite(spread) => panic!("{key}: {spread:?}"),
    };
    assert_eq!(
        spec("efficiency"),
        DistributionSpec::Uniform {
            min: 0.35,
            max: 0.40
        }
    );
    assert_eq!(
        spec("availability"),
        DistributionSpec::Pert {
            min: 0.8,
            mode: 0.9,
            max: 1.0
        }
    );
    assert_eq!(
        spec("parasitic_fraction"),
        DistributionSpec::Fixed { value: 0.0 }
    );
    assert_eq!(
        spec("destruction_efficiency"),
        DistributionSpec::Normal {
            mean: 0.99,
            sd: 0.005,
            min: Some(0.95),
            max: Some(1.0)
        }
    );
    assert_eq!(
        spec("flow_cv"),
        DistributionSpec::Normal {
            mean: 0.25,
            sd: 0.1,
            min: Some(0.0),
            max: None
        }
    );
    assert_eq!(
        spec("flow_autocorrelation"),
        DistributionSpec::Fixed { value: 0.0 }
    );
    assert_eq!(
        scenario.input("gas_concentration"),
        Some(&given(
            DistributionSpec::Triangular {
                min: 0.3,
                mode: 0.3,
                max: 0.6
            },
            true,
        ))
    );
    assert_eq!(
        scenario.input("plan_adherence"),
        Some(&given(
            DistributionSpec::Lognormal {
                median: 1.0,
                sigma: 0.2
            },
            false,
        ))
    );
    assert_eq!(scenario.input("share_to_power"), None);
}

#[test]
fn a_file_without_a_scenario_table_is_named_after_the_file() {
    let (_dir, path) = write("high-gas.toml", "[inputs]\nflow_cv = 0.4\n");
    let scenario = Scenario::load(&path).expect("a good file");
    assert_eq!(scenario.name, "high-gas");
    assert_eq!(scenario.description, "");
    assert_eq!(scenario.inputs, vec![("flow_cv".to_string(), fixed(0.4))]);
}

/// A bad file: what it holds, and what its refusal must say.
struct Bad {
    what: &'static str,
    text: &'static str,
    line: u64,
    key: &'static str,
    /// Fragments of the message: the problem and what is allowed.
    says: &'static [&'static str],
}

/// Every bad file starts with these five lines, so the bad line is line 6 unless said otherwise.
const HEAD: &str = "[scenario]\nname = \"bad\"\n\n[inputs]\nmin_concentration = 0.0\n";

const BAD: &[Bad] = &[
    Bad {
        what: "negative sd",
        text: "efficiency = { distribution = \"normal\", mean = 0.38, sd = -0.02, min = 0.3, max = 0.45 }\n",
        line: 6,
        key: "inputs.efficiency.sd",
        says: &[
            "sd -0.02 is not above 0",
            "give a standard deviation above 0",
        ],
    },
    Bad {
        what: "sd = 0 in a standard table",
        text: "\n[inputs.efficiency]\ndistribution = \"normal\"\nmean = 0.38\nsd = 0\nmin = 0.3\nmax = 0.45\n",
        line: 10,
        key: "inputs.efficiency.sd",
        says: &["sd 0 is not above 0", "give a standard deviation above 0"],
    },
    Bad {
        what: "min above max",
        text: "parasitic_fraction = { distribution = \"uniform\", min = 0.06, max = 0.02 }\n",
        line: 6,
        key: "inputs.parasitic_fraction.min",
        says: &["min 0.06 is not below max 0.02", "needs min < max"],
    },
    Bad {
        what: "truncated normal with min above max",
        text: "efficiency = { distribution = \"normal\", mean = 0.38, sd = 0.02,\n  min = 0.45, max = 0.3 }\n",
        line: 7,
        key: "inputs.efficiency.min",
        says: &["min 0.45 is not below max 0.3", "needs min < max"],
    },
    Bad {
        what: "mode above max (triangular)",
        text: "efficiency = { distribution = \"triangular\", min = 0.33, mode = 0.45, max = 0.42 }\n",
        line: 6,
        key: "inputs.efficiency.mode",
        says: &[
            "mode 0.45 is outside [min, max] = [0.33, 0.42]",
            "min ≤ mode ≤ max",
        ],
    },
    Bad {
        what: "mode below min (pert, standard table)",
        text: "\n[inputs.efficiency]\ndistribution = \"pert\"\nmin = 0.33\nmode = 0.30\nmax = 0.42\n",
        line: 10,
        key: "inputs.efficiency.mode",
        says: &[
            "mode 0.3 is outside [min, max] = [0.33, 0.42]",
            "a pert distribution needs min ≤ mode ≤ max",
        ],
    },
    Bad {
        what: "unknown distribution",
        text: "efficiency = { distribution = \"weibull\", min = 0.3, max = 0.4 }\n",
        line: 6,
        key: "inputs.efficiency.distribution",
        says: &[
            "`\"weibull\"` is not a known distribution",
            "uniform, triangular, normal, lognormal, pert or fixed",
        ],
    },
    Bad {
        what: "distribution given as a number",
        text: "efficiency = { distribution = 3, min = 0.3, max = 0.4 }\n",
        line: 6,
        key: "inputs.efficiency.distribution",
        says: &[
            "is a number, not a distribution name",
            "uniform, triangular, normal, lognormal, pert or fixed",
        ],
    },
    Bad {
        what: "no distribution",
        text: "efficiency = { min = 0.3, max = 0.4 }\n",
        line: 6,
        key: "inputs.efficiency.distribution",
        says: &[
            "has no distribution",
            "uniform, triangular, normal, lognormal, pert or fixed",
        ],
    },
    Bad {
        what: "unknown input key",
        text: "share_to_power = 1.0\nefficency = 0.38\n",
        line: 7,
        key: "inputs.efficency",
        says: &[
            "`efficency` is not an input a scenario can set",
            "efficiency, availability, share_to_power, parasitic_fraction, gas_concentration, min_concentration, destruction_efficiency, plan_adherence, flow_cv, flow_autocorrelation, capex_per_kw, opex_per_kw_year, opex_per_mwh, tariff_per_mwh, carbon_price_per_t, carbon_share, gas_cost_per_m3, tax_rate and discount_rate",
        ],
    },
    Bad {
        what: "unknown parameter",
        text: "parasitic_fraction = { distribution = \"uniform\", min = 0.02, mode = 0.04, max = 0.06 }\n",
        line: 6,
        key: "inputs.parasitic_fraction.mode",
        says: &[
            "`mode` is not a parameter of the uniform distribution",
            "which takes min and max",
        ],
    },
    Bad {
        what: "a normal's parameter on a lognormal",
        text: "\n[inputs.plan_adherence]\ndistribution = \"lognormal\"\nmedian = 1.0\nsd = 0.1\n",
        line: 10,
        key: "inputs.plan_adherence.sd",
        says: &[
            "`sd` is not a parameter of the lognormal distribution",
            "which takes median and sigma",
        ],
    },
    Bad {
        what: "missing parameter",
        text: "efficiency = { distribution = \"triangular\", min = 0.33, max = 0.42 }\n",
        line: 6,
        key: "inputs.efficiency.mode",
        says: &[
            "the triangular distribution needs min, mode and max, and mode is missing",
            "add mode",
        ],
    },
    Bad {
        what: "missing parameter in a standard table",
        text: "\n[inputs.plan_adherence]\ndistribution = \"lognormal\"\nmedian = 1.0\n",
        line: 7,
        key: "inputs.plan_adherence.sigma",
        says: &[
            "the lognormal distribution needs median and sigma, and sigma is missing",
            "add sigma",
        ],
    },
    Bad {
        what: "text for a parameter",
        text: "efficiency = { distribution = \"normal\", mean = 0.38, sd = \"0.02\", min = 0.3, max = 0.45 }\n",
        line: 6,
        key: "inputs.efficiency.sd",
        says: &[
            "`\"0.02\"` is text, not a number",
            "write a bare number without quotes, such as 0.02",
        ],
    },
    Bad {
        what: "text for a fixed value",
        text: "flow_cv = \"high\"\n",
        line: 6,
        key: "inputs.flow_cv",
        says: &[
            "`\"high\"` is text, not a number or a distribution table",
            "write a bare number without quotes for a fixed value",
        ],
    },
    Bad {
        what: "per_year not a boolean",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, per_year = \"yes\" }\n",
        line: 6,
        key: "inputs.plan_adherence.per_year",
        says: &["`\"yes\"` is text, not true or false", "per_year = true"],
    },
    Bad {
        what: "path_share above 1",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, per_year = true, path_share = 1.5 }\n",
        line: 6,
        key: "inputs.plan_adherence.path_share",
        says: &[
            "path_share 1.5 is outside its range (at least 0 and at most 1)",
            "give the share of the variance of ln plan_adherence that is one level per path, from 0 (every year on its own) to 1 (the same as per_year = false)",
        ],
    },
    Bad {
        what: "persistence of 1",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, per_year = true, persistence = 1 }\n",
        line: 6,
        key: "inputs.plan_adherence.persistence",
        says: &[
            "persistence 1 is outside its range (at least 0 and below 1)",
            "for a level that holds all of a path, raise path_share instead",
        ],
    },
    Bad {
        what: "negative persistence",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, per_year = true, persistence = -0.2 }\n",
        line: 6,
        key: "inputs.plan_adherence.persistence",
        says: &["persistence -0.2 is outside its range (at least 0 and below 1)"],
    },
    Bad {
        what: "path_share in quotes",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, per_year = true, path_share = \"0.5\" }\n",
        line: 6,
        key: "inputs.plan_adherence.path_share",
        says: &["`\"0.5\"` is text, not a number", "such as 0.5"],
    },
    Bad {
        what: "persistence a boolean",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, per_year = true, persistence = true }\n",
        line: 6,
        key: "inputs.plan_adherence.persistence",
        says: &["`true` is a boolean, not a number"],
    },
    Bad {
        what: "persistence with per_year = false",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, per_year = false, persistence = 0.5 }\n",
        line: 6,
        key: "inputs.plan_adherence.persistence",
        says: &[
            "`persistence` says how the yearly draws carry over, but without per_year = true plan_adherence is drawn once per path and holds for all of its years",
            "add per_year = true to the table, or remove persistence",
        ],
    },
    Bad {
        what: "path_share without per_year, per_year written after it",
        text: "\n[inputs.plan_adherence]\ndistribution = \"lognormal\"\nmedian = 1\nsigma = 0.1\npath_share = 0.3\nper_year = false\n",
        line: 11,
        key: "inputs.plan_adherence.path_share",
        says: &["without per_year = true plan_adherence is drawn once per path"],
    },
    Bad {
        what: "persistence on a normal",
        text: "plan_adherence = { distribution = \"normal\", mean = 1.0, sd = 0.1, min = 0.5, per_year = true, persistence = 0.5 }\n",
        line: 6,
        key: "inputs.plan_adherence.persistence",
        says: &[
            "`persistence` describes how ln plan_adherence moves from year to year, so it needs distribution = \"lognormal\" and this is a normal distribution",
            "give a lognormal with median and sigma, or remove persistence",
        ],
    },
    Bad {
        what: "persistence on another input",
        text: "efficiency = { distribution = \"triangular\", spread = 0.05, per_year = true, persistence = 0.5 }\n",
        line: 6,
        key: "inputs.efficiency.persistence",
        says: &[
            "`persistence` says how the yearly draws of plan_adherence carry over from one year to the next, and efficiency does not take it; remove persistence from efficiency",
        ],
    },
    Bad {
        what: "a misspelt persistence",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1.0, sigma = 0.1, per_year = true, persistance = 0.5 }\n",
        line: 6,
        key: "inputs.plan_adherence.persistance",
        says: &[
            "`persistance` is not a parameter of the lognormal distribution (did you mean persistence?), which takes median and sigma (and per_year, path_share and persistence)",
        ],
    },
    Bad {
        what: "nan for a parameter",
        text: "efficiency = { distribution = \"normal\", mean = nan, sd = 0.02, min = 0.3, max = 0.45 }\n",
        line: 6,
        key: "inputs.efficiency.mean",
        says: &[
            "`nan` is not a finite number",
            "give a finite decimal number",
        ],
    },
    Bad {
        what: "inf for a truncation point",
        text: "flow_cv = { distribution = \"normal\", mean = 0.25, sd = 0.1, min = 0,\n  max = +inf }\n",
        line: 7,
        key: "inputs.flow_cv.max",
        says: &[
            "`+inf` is not a finite number",
            "give a finite decimal number",
        ],
    },
    Bad {
        what: "-inf as a fixed value",
        text: "flow_cv = -inf\n",
        line: 6,
        key: "inputs.flow_cv",
        says: &[
            "`-inf` is not a finite number",
            "give a finite decimal number",
        ],
    },
    Bad {
        what: "efficiency support above 0.6",
        text: "efficiency = { distribution = \"uniform\", min = 0.3, max = 0.7 }\n",
        line: 6,
        key: "inputs.efficiency.max",
        says: &[
            "max 0.7 lets samples fall outside the allowed range of efficiency (at least 0.01 and at most 0.6)",
            "make max at most 0.6",
        ],
    },
    Bad {
        what: "efficiency support below the plant's 0.01",
        text: "efficiency = { distribution = \"triangular\", min = 0.005, mode = 0.38, max = 0.42 }\n",
        line: 6,
        key: "inputs.efficiency.min",
        says: &[
            "min 0.005 lets samples fall outside the allowed range of efficiency (at least 0.01 and at most 0.6)",
            "make min at least 0.01",
        ],
    },
    Bad {
        what: "parasitic fraction support below 0",
        text: "parasitic_fraction = { distribution = \"triangular\", min = -0.01, mode = 0.03, max = 0.06 }\n",
        line: 6,
        key: "inputs.parasitic_fraction.min",
        says: &[
            "allowed range of parasitic_fraction (at least 0 and at most 1)",
            "make min at least 0",
        ],
    },
    Bad {
        what: "availability normal without truncation",
        text: "availability = { distribution = \"normal\", mean = 0.9, sd = 0.03 }\n",
        line: 6,
        key: "inputs.availability",
        says: &[
            "without min and max a normal reaches values below 0 and above 1",
            "outside the allowed range of availability (above 0 and at most 1)",
            "truncate it with min above 0 and max at most 1",
        ],
    },
    Bad {
        what: "gas concentration normal without truncation, standard table",
        text: "\n[inputs.gas_concentration]\ndistribution = \"normal\"\nmean = 0.45\nsd = 0.1\n",
        line: 8,
        key: "inputs.gas_concentration",
        says: &[
            "without min and max a normal reaches values below 0 and above 1",
            "truncate it with min above 0 and max at most 1",
        ],
    },
    Bad {
        what: "share to power normal truncated below only",
        text: "share_to_power = { distribution = \"normal\", mean = 0.9, sd = 0.05, min = 0.5 }\n",
        line: 6,
        key: "inputs.share_to_power",
        says: &[
            "without max a normal reaches values above 1",
            "truncate it with max at most 1",
        ],
    },
    Bad {
        what: "plan adherence normal without a lower truncation",
        text: "plan_adherence = { distribution = \"normal\", mean = 1, sd = 0.1 }\n",
        line: 6,
        key: "inputs.plan_adherence",
        says: &[
            "without min a normal reaches values below 0",
            "truncate it with min above 0",
        ],
    },
    Bad {
        what: "lognormal for efficiency",
        text: "efficiency = { distribution = \"lognormal\", median = 0.38, sigma = 0.05 }\n",
        line: 6,
        key: "inputs.efficiency.distribution",
        says: &[
            "a lognormal has no upper end, so it can exceed 0.6",
            "choose a bounded distribution (uniform, triangular or pert)",
        ],
    },
    Bad {
        what: "lognormal with a negative median",
        text: "plan_adherence = { distribution = \"lognormal\", median = -1, sigma = 0.1 }\n",
        line: 6,
        key: "inputs.plan_adherence.median",
        says: &["median -1 is not above 0", "needs a median above 0"],
    },
    Bad {
        what: "lognormal with sigma 0",
        text: "plan_adherence = { distribution = \"lognormal\", median = 1, sigma = 0 }\n",
        line: 6,
        key: "inputs.plan_adherence.sigma",
        says: &["sigma 0 is not above 0", "above 0, or a fixed value"],
    },
    Bad {
        what: "flow_autocorrelation = 1.0",
        text: "flow_autocorrelation = 1.0\n",
        line: 6,
        key: "inputs.flow_autocorrelation",
        says: &[
            "1 is outside the allowed range of flow_autocorrelation, which is at least 0 and below 1",
            "give a value in that range",
        ],
    },
    Bad {
        what: "a fixed table out of range",
        text: "destruction_efficiency = { distribution = \"fixed\", value = 0 }\n",
        line: 6,
        key: "inputs.destruction_efficiency.value",
        says: &[
            "0 is outside the allowed range of destruction_efficiency, which is above 0 and at most 1",
        ],
    },
    Bad {
        what: "an unknown table",
        text: "\n[plant]\nefficiency = 0.4\n",
        line: 7,
        key: "plant",
        says: &[
            "`plant` is not part of a scenario file",
            "only the tables [scenario] (name and description) and [inputs]",
        ],
    },
    Bad {
        what: "an unknown key in [scenario]",
        text: "\n[scenario.extra]\n",
        line: 7,
        key: "scenario.extra",
        says: &["not a key of [scenario], which takes only name and description"],
    },
    Bad {
        what: "spread on plan_adherence, which has no site's value",
        text: "plan_adherence = { distribution = \"uniform\", spread = 0.1 }\n",
        line: 6,
        key: "inputs.plan_adherence.spread",
        says: &[
            "`spread` centres a distribution on the site's value, and plan_adherence has none",
            "only the plant and economic values (efficiency, availability, share_to_power, parasitic_fraction, gas_concentration, min_concentration, destruction_efficiency, capex_per_kw, opex_per_kw_year, opex_per_mwh, tariff_per_mwh, carbon_price_per_t, carbon_share, gas_cost_per_m3, tax_rate and discount_rate) come from the site facts",
            "give the uniform distribution's min and max instead of spread, or a bare number such as 1 for a fixed value",
        ],
    },
    Bad {
        what: "spread on flow_cv, standard table",
        text: "\n[inputs.flow_cv]\ndistribution = \"triangular\"\nspread = 0.05\n",
        line: 9,
        key: "inputs.flow_cv.spread",
        says: &[
            "flow_cv has none",
            "give the triangular distribution's min, mode and max instead of spread, or a bare number such as 0.25",
        ],
    },
    Bad {
        what: "spread with a normal",
        text: "efficiency = { distribution = \"normal\", spread = 0.05 }\n",
        line: 6,
        key: "inputs.efficiency.spread",
        says: &[
            "`spread` needs a uniform, triangular or pert distribution",
            "a normal is unbounded",
            "give the normal distribution's mean and sd instead of spread",
        ],
    },
    Bad {
        what: "spread with a lognormal",
        text: "gas_concentration = { distribution = \"lognormal\", spread = 0.1 }\n",
        line: 6,
        key: "inputs.gas_concentration.spread",
        says: &[
            "a lognormal is unbounded",
            "give the lognormal distribution's median and sigma instead of spread",
        ],
    },
    Bad {
        what: "spread with a fixed value",
        text: "destruction_efficiency = { distribution = \"fixed\", spread = 0.001 }\n",
        line: 6,
        key: "inputs.destruction_efficiency.spread",
        says: &[
            "a fixed value has no spread",
            "give the fixed distribution's value instead of spread",
        ],
    },
    Bad {
        what: "spread = 0",
        text: "efficiency = { distribution = \"triangular\", spread = 0 }\n",
        line: 6,
        key: "inputs.efficiency.spread",
        says: &[
            "spread 0 is not above 0",
            "give a half-width above 0",
            "or leave efficiency out to keep the site's value fixed",
        ],
    },
    Bad {
        what: "a negative spread, standard table",
        text: "\n[inputs.availability]\ndistribution = \"pert\"\nspread = -0.05\n",
        line: 9,
        key: "inputs.availability.spread",
        says: &[
            "spread -0.05 is not above 0",
            "leave availability out to keep the site's value fixed",
        ],
    },
    Bad {
        what: "spread = nan",
        text: "parasitic_fraction = { distribution = \"uniform\", spread = nan }\n",
        line: 6,
        key: "inputs.parasitic_fraction.spread",
        says: &[
            "`nan` is not a finite number",
            "give a finite decimal number",
        ],
    },
    Bad {
        what: "spread as text",
        text: "efficiency = { distribution = \"triangular\", spread = \"0.05\" }\n",
        line: 6,
        key: "inputs.efficiency.spread",
        says: &[
            "`\"0.05\"` is text, not a number",
            "write a bare number without quotes, such as 0.05",
        ],
    },
    Bad {
        what: "min, then spread",
        text: "efficiency = { distribution = \"triangular\", min = 0.33, spread = 0.05 }\n",
        line: 6,
        key: "inputs.efficiency.spread",
        says: &[
            "`min` and `spread` cannot both be given",
            "give either spread or min, mode and max",
        ],
    },
    Bad {
        what: "spread, then max on the next line",
        text: "share_to_power = { distribution = \"uniform\", spread = 0.1,\n  max = 1 }\n",
        line: 7,
        key: "inputs.share_to_power.max",
        says: &[
            "`max` and `spread` cannot both be given",
            "spread centres the uniform distribution on the site's value while min and max place it at values of their own",
            "give either spread or min and max",
        ],
    },
    Bad {
        what: "a misspelt spread",
        text: "efficiency = { distribution = \"pert\", sprad = 0.05 }\n",
        line: 6,
        key: "inputs.efficiency.sprad",
        says: &[
            "`sprad` is not a parameter of the pert distribution (did you mean spread?), which takes min, mode and max, or spread (and per_year)",
        ],
    },
];

#[test]
fn bad_files_are_refused_naming_file_line_and_key() {
    for bad in BAD {
        let text = format!("{HEAD}{}", bad.text);
        let (_dir, path) = write("bad.toml", &text);
        let err = Scenario::load(&path).expect_err(bad.what);
        assert!(
            matches!(err, DataError::BadScenario { .. }),
            "{}: {err:?}",
            bad.what
        );
        let message = err.to_string();
        let start = format!("{}, line {}, key {}: ", path.display(), bad.line, bad.key);
        assert!(
            message.starts_with(&start),
            "{}: expected the start {start:?} in\n{message}",
            bad.what
        );
        for fragment in bad.says {
            assert!(
                message.contains(fragment),
                "{}: expected {fragment:?} in\n{message}",
                bad.what
            );
        }
        assert!(!message.contains('\n'), "{}: one line: {message}", bad.what);
    }
}

#[test]
fn an_input_outside_the_inputs_table_is_sent_there() {
    let (_dir, path) = write("top.toml", "efficiency = 0.38\n\n[inputs]\nflow_cv = 0.2\n");
    let message = Scenario::load(&path).expect_err("top level").to_string();
    assert!(
        message.starts_with(&format!("{}, line 1, key efficiency: ", path.display())),
        "{message}"
    );
    assert!(
        message.contains("belongs in the [inputs] table"),
        "{message}"
    );
}

#[test]
fn truncated_toml_names_file_line_and_key() {
    let text = "[scenario]\nname = \"cut\"\n\n[inputs]\navailability = 0.9\nefficiency = { distribution = \"triangular\", min = 0.33, mode = 0.3";
    let (_dir, path) = write("cut.toml", text);
    let err = Scenario::load(&path).expect_err("truncated");
    assert!(
        matches!(err, DataError::Syntax { .. }),
        "a syntax error: {err:?}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("{}, line 6: TOML error: ", path.display())),
        "{message}"
    );
    assert!(
        message.contains("inputs.efficiency.mode"),
        "names the key: {message}"
    );
    assert!(message.contains("truncated"), "{message}");
    assert!(
        message.contains("check that it was saved completely"),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");
}

#[test]
fn other_syntax_errors_carry_line_and_nearest_key() {
    let text = "[inputs]\navailability = 0.9\navailability = 0.8\nflow_cv = 0.2\n";
    let (_dir, path) = write("dup.toml", text);
    let message = Scenario::load(&path).expect_err("duplicate").to_string();
    assert!(
        message.starts_with(&format!("{}, line 3: TOML error: ", path.display())),
        "{message}"
    );
    assert!(message.contains("duplicate key"), "{message}");
    assert!(message.contains("inputs.availability"), "{message}");
}

#[test]
fn files_without_inputs_are_refused() {
    for (text, line) in [
        ("[scenario]\nname = \"empty\"\n", None),
        ("# only a comment\n", None),
        ("[scenario]\nname = \"none\"\n\n[inputs]\n", Some(4)),
    ] {
        let (_dir, path) = write("none.toml", text);
        let message = Scenario::load(&path).expect_err(text).to_string();
        let start = match line {
            Some(line) => format!("{}, line {line}, key inputs: ", path.display()),
            None => format!("{}, key inputs: ", path.display()),
        };
        assert!(message.starts_with(&start), "{start:?} in {message}");
        assert!(
            message.contains("set at least one of efficiency, availability"),
            "{message}"
        );
    }
    let (_dir, path) = write("blank.toml", "  \n\n");
    let message = Scenario::load(&path).expect_err("blank").to_string();
    assert!(
        message.starts_with(&format!(
            "{}, key inputs: the file is empty",
            path.display()
        )),
        "{message}"
    );
}

#[test]
fn a_missing_file_says_how_to_fall_back_to_the_default() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("nowhere.toml");
    let err = Scenario::load(&path).expect_err("missing");
    assert!(matches!(err, DataError::NotFound { .. }), "{err:?}");
    assert!(
        err.to_string().contains("built-in Songzao default"),
        "{err}"
    );
}

#[test]
fn spreads_read_in_both_table_forms() {
    let text = r#"
[inputs]
efficiency = { distribution = "triangular", spread = 0.05 }
availability = { distribution = "PERT", spread = 0.05, per_year = false }
flow_cv = 0.25

[inputs.parasitic_fraction]
per_year = true
spread = 0.02
distribution = "uniform"
"#;
    let (_dir, path) = write("spreads.toml", text);
    let scenario = Scenario::load(&path).expect("a good file");
    let around = |shape, half_width, per_year| UncertainInput {
        distribution: InputDistribution::AroundSite(Spread { shape, half_width }),
        per_year,
        year_to_year: None,
    };
    assert_eq!(
        scenario.input("efficiency"),
        Some(&around(SpreadShape::Triangular, 0.05, false))
    );
    assert_eq!(
        scenario.input("availability"),
        Some(&around(SpreadShape::Pert, 0.05, false))
    );
    assert_eq!(
        scenario.input("parasitic_fraction"),
        Some(&around(SpreadShape::Uniform, 0.02, true))
    );
    assert_eq!(scenario.input("flow_cv"), Some(&fixed(0.25)));
    // A spread wider than the whole range is not refused: `around` narrows it to the range.
    let wide = Scenario::parse(
        "[inputs]\nefficiency = { distribution = \"uniform\", spread = 5 }\n",
        "wide.toml",
    )
    .expect("a wide spread");
    assert_eq!(
        wide.input("efficiency"),
        Some(&around(SpreadShape::Uniform, 5.0, false))
    );
}

#[test]
fn keys_without_a_site_value_keep_their_messages_and_suggest_no_spread() {
    // The message for a non-plant key is the one cmmcast gave before spreads existed.
    let text = "[inputs]\nplan_adherence = { distribution = \"uniform\", min = 0.8, sprad = 0.1, max = 1.2 }\n";
    let message = Scenario::parse(text, "s.toml")
        .expect_err("unknown parameter")
        .to_string();
    assert_eq!(
        message,
        "s.toml, line 2, key inputs.plan_adherence.sprad: `sprad` is not a parameter of the \
         uniform distribution, which takes min and max (and per_year); remove it or choose \
         another distribution"
    );
}

/// The `(min, mode, max)` of a uniform (mode: the midpoint), triangular or PERT, and `None`
/// for a fixed value.
fn ends(spec: DistributionSpec) -> Option<(f64, f64, f64)> {
    match spec {
        DistributionSpec::Uniform { min, max } => Some((min, (min + max) / 2.0, max)),
        DistributionSpec::Triangular { min, mode, max }
        | DistributionSpec::Pert { min, mode, max } => Some((min, mode, max)),
        DistributionSpec::Fixed { .. } => None,
        other => panic!("a spread gave {other:?}"),
    }
}

const SHAPES: [SpreadShape; 3] = [
    SpreadShape::Uniform,
    SpreadShape::Triangular,
    SpreadShape::Pert,
];

/// `spread` around `centre` for `key`, in every shape: the right family, ends within 1e-12 of
/// `(min, max)`, the mode (for uniform the midpoint, which is its median) at the centre, and
/// both ends inside the key's range.
fn assert_around(key: &str, centre: f64, spread: f64, min: f64, max: f64) {
    let range = scenario_key(key).expect(key).range;
    for shape in SHAPES {
        let spec = Spread {
            shape,
            half_width: spread,
        }
        .around(centre, &range);
        assert_eq!(spec.name(), shape.name(), "{key} {centre}: {spec:?}");
        let (low, mode, high) = ends(spec).expect("not fixed");
        assert!((low - min).abs() < 1e-12, "{key} {centre}: {spec:?}");
        assert!((high - max).abs() < 1e-12, "{key} {centre}: {spec:?}");
        assert!((mode - centre).abs() < 1e-12, "{key} {centre}: {spec:?}");
        if shape != SpreadShape::Uniform {
            assert_eq!(mode, centre, "the peak is the centre itself: {spec:?}");
        }
        assert!(
            range.admits(low) && range.admits(high),
            "{key} {centre}: {spec:?}"
        );
    }
}

#[test]
fn a_spread_well_inside_the_range_keeps_its_width() {
    // efficiency [0.01, 0.6], 0.38 ± 0.05: room below 0.38 − 0.01 = 0.37, above
    // 0.6 − 0.38 = 0.22, both above 0.05, so 0.38 − 0.05 = 0.33 to 0.38 + 0.05 = 0.43.
    assert_around("efficiency", 0.38, 0.05, 0.33, 0.43);
    // availability (0, 1], 0.90 ± 0.05: room below 0.90 / 2 = 0.45 (open end), above
    // 1 − 0.90 = 0.10, so 0.85 to 0.95.
    assert_around("availability", 0.90, 0.05, 0.85, 0.95);
}

#[test]
fn a_spread_near_a_closed_end_is_narrowed_to_reach_it() {
    // parasitic_fraction [0, 1], 0.01 ± 0.02: room below 0.01 − 0 = 0.01 (closed end),
    // above 0.99, so the half-width is 0.01: from 0.0 to 0.02.
    assert_around("parasitic_fraction", 0.01, 0.02, 0.0, 0.02);
    // availability (0, 1], 0.98 ± 0.05: room below 0.98 / 2 = 0.49, above 1 − 0.98 = 0.02
    // (closed end), so the half-width is 0.02: from 0.96 to 1.0.
    assert_around("availability", 0.98, 0.05, 0.96, 1.0);
}

#[test]
fn a_spread_near_an_open_end_stops_halfway_to_it() {
    // availability (0, 1], 0.06 ± 0.10: the lower end 0 is open, so the room below is half
    // the distance, 0.06 / 2 = 0.03; above 1 − 0.06 = 0.94. Half-width 0.03: 0.03 to 0.09.
    assert_around("availability", 0.06, 0.10, 0.03, 0.09);
}

#[test]
fn a_spread_at_a_closed_end_is_the_site_value_fixed() {
    // parasitic_fraction [0, 1] at 0 (the plant default): no room below, so it stays 0.
    let range = scenario_key("parasitic_fraction").expect("a key").range;
    for shape in SHAPES {
        let spread = Spread {
            shape,
            half_width: 0.02,
        };
        assert_eq!(
            spread.around(0.0, &range),
            DistributionSpec::Fixed { value: 0.0 }
        );
    }
    // share_to_power [0, 1] at 1 (the plant default): no room above, so it stays 1.
    let range = scenario_key("share_to_power").expect("a key").range;
    let spread = Spread {
        shape: SpreadShape::Pert,
        half_width: 0.1,
    };
    assert_eq!(
        spread.around(1.0, &range),
        DistributionSpec::Fixed { value: 1.0 }
    );
}

#[test]
fn spreads_read_as_words() {
    let spread = Spread {
        shape: SpreadShape::Triangular,
        half_width: 0.05,
    };
    assert_eq!(spread.describe(), "triangular, the site's value ± 0.05");
    assert_eq!(
        InputDistribution::AroundSite(spread).describe(),
        "triangular, the site's value ± 0.05"
    );
}

/// `path_share` and `persistence` on a per-year lognormal plan adherence, in both table forms
/// and in any order; a key left out is 0; the file's own form is echoed when serialized.
#[test]
fn plan_adherence_reads_its_year_to_year_keys() {
    let text = r#"
[inputs]
plan_adherence = { distribution = "lognormal", persistence = 0.6, median = 1.0, sigma = 0.1, path_share = 0.25, per_year = true }
"#;
    let scenario = Scenario::parse(text, "s.toml").expect("a good file");
    let lognormal = DistributionSpec::Lognormal {
        median: 1.0,
        sigma: 0.1,
    };
    assert_eq!(
        scenario.input("plan_adherence"),
        Some(&UncertainInput {
            year_to_year: Some(YearToYear {
                path_share: 0.25,
                persistence: 0.6
            }),
            ..given(lognormal, true)
        })
    );
    assert_eq!(
        serde_json::to_string(scenario.input("plan_adherence").expect("set")).expect("json"),
        r#"{"distribution":"lognormal","median":1.0,"sigma":0.1,"per_year":true,"path_share":0.25,"persistence":0.6}"#
    );

    // Only one of them: the other is 0. The ends of both ranges that are allowed: 0 and 1 for
    // path_share, 0 for persistence.
    for (line, path_share, persistence) in [
        ("path_share = 1", 1.0, 0.0),
        ("persistence = 0.9", 0.0, 0.9),
        ("path_share = 0, persistence = 0", 0.0, 0.0),
    ] {
        let text = format!(
            "[inputs.plan_adherence]\ndistribution = \"lognormal\"\nmedian = 1\nsigma = 0.1\n\
             per_year = true\n{}\n",
            line.replace(", ", "\n")
        );
        let scenario = Scenario::parse(&text, "s.toml").expect(line);
        assert_eq!(
            scenario
                .input("plan_adherence")
                .and_then(|i| i.year_to_year),
            Some(YearToYear {
                path_share,
                persistence
            }),
            "{line}"
        );
    }

    // Without them nothing is echoed, as before the keys existed.
    let plain = Scenario::parse(
        "[inputs]\nplan_adherence = { distribution = \"lognormal\", median = 1, sigma = 0.1, per_year = true }\n",
        "s.toml",
    )
    .expect("a good file");
    let input = plain.input("plan_adherence").expect("set");
    assert_eq!(input.year_to_year, None);
    assert_eq!(
        serde_json::to_string(input).expect("json"),
        r#"{"distribution":"lognormal","median":1.0,"sigma":0.1,"per_year":true}"#
    );
}
