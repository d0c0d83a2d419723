//! What fuzzing found (docs/ROBUSTNESS.md, "Fuzzing"), each kept as a test of the rule it
//! broke. The inputs the fuzzer produced are also replayed as they were found, from
//! `fuzz/regressions/` (tests/fuzz_corpus.rs); these are the same problems, made small by hand.

use cmmcast_data::{DataError, Dataset, Format, Scenario};

/// A refusal's message, checked to be one line.
fn one_line(err: &DataError) -> String {
    let message = err.to_string();
    assert!(!message.contains(['\n', '\r']), "not one line: {message:?}");
    message
}

fn csv(text: &str) -> Result<Dataset, DataError> {
    Dataset::parse(text, Format::Csv, "plan.csv", "plan")
}

#[test]
fn a_site_name_with_a_control_character_is_refused_in_every_format() {
    // Found by dataset_csv and dataset_json: a DEL (0x7F) in a site name was accepted.
    let err = csv("site,year,coal_kt\nSongzao,2012,1\nSon\u{7f},2013,2\n").expect_err("DEL");
    assert_eq!(
        one_line(&err),
        "plan.csv, line 3, field site: the site name `Son\\u{7f}` holds a control character (a \
         line break, tab or other invisible character); remove it"
    );
    // A line break in a JSON name split the message of any later refusal in two.
    let json = r#"{"sites": [{"name": "North\nMine", "rows": [{"year": 2012, "coal_kt": 1},
        {"year": 2012, "coal_kt": 2}]}]}"#;
    let err = Dataset::parse(json, Format::Json, "plan.json", "plan").expect_err("line break");
    assert_eq!(
        one_line(&err),
        "plan.json, field name: the site name `North\\nMine` holds a control character (a line \
         break, tab or other invisible character); remove it"
    );
    let toml = "[[sites]]\nname = \"North\\u001b[2J\"\nrows = [{ year = 2012, coal_kt = 1 }]\n";
    let err = Dataset::parse(toml, Format::Toml, "plan.toml", "plan").expect_err("escape");
    assert!(
        one_line(&err).contains("`North\\u{1b}[2J` holds a control character"),
        "{err}"
    );
    // Ordinary names, accents and other scripts included, are still accepted.
    let data = csv("site,year,coal_kt\nSóngzao 松藻,2012,1\n").expect("valid");
    assert_eq!(data.site_names(), vec!["Sóngzao 松藻"]);
}

#[test]
fn scenario_keys_with_line_breaks_are_shown_on_one_line() {
    // Found by scenario_toml: a quoted key may hold a line break, and a file cut short inside
    // a key recovers a key that spans lines; both were copied into the message as they were.
    for (text, shown) in [
        ("\"a\\nb\" = 1\n", "`a\\nb` is not part of a scenario file"),
        (
            "[inputs]\n\"flow\\ncv\" = 0.2\n",
            "`flow\\ncv` is not an input a scenario can set",
        ),
        (
            "[inputs]\nflow_cv = { distribution = \"uniform\", \"m\\rin\" = 0.1, max = 0.2 }\n",
            "`m\\rin` is not a parameter of the uniform distribution",
        ),
        (
            "[scenario]\n\"na\\nme\" = \"x\"\n",
            "`na\\nme` is not a key of [scenario]",
        ),
    ] {
        let err = Scenario::parse(text, "s.toml").expect_err(text);
        let message = one_line(&err);
        assert!(message.contains(shown), "{text:?}: {message}");
    }
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/regressions/scenario_toml/truncated-inside-a-multiline-key"
    ))
    .expect("the regression input");
    let err = Scenario::from_bytes(bytes, "s.toml").expect_err("truncated");
    let message = one_line(&err);
    assert!(message.starts_with("s.toml, line 17: TOML error: the text ends inside key "));
    assert!(message.contains("so the file looks truncated"), "{message}");
}

#[test]
fn plant_values_that_are_not_finite_are_refused_when_read() {
    // Found while writing the fuzz checks (every number of a loaded dataset is finite), and fixed
    // before the first run: `nan` and `inf` (valid TOML) in the plant table were accepted into
    // the dataset, to be refused only by `cmmcast project`; `pressure_kpa = nan` was accepted
    // for good, since NaN is not "more than 1e-9 away" from 101.325.
    let site = |extra: &str| format!("[[sites]]\nname = \"A\"\n{extra}\n");
    for (extra, says) in [
        (
            "plant = { efficiency = nan }",
            "facts.toml, site \"A\", field plant.efficiency: NaN is not a finite number; give a \
             finite value, or leave the key out to use the default",
        ),
        (
            "plant = { grid_factor_t_per_mwh = -inf }",
            "facts.toml, site \"A\", field plant.grid_factor_t_per_mwh: -inf is not a finite \
             number; give a finite value, or leave the key out to use the default",
        ),
        (
            "plant = { capacity_additions = [{ year = 2018, mw = inf }] }",
            "facts.toml, site \"A\", field plant.capacity_additions.mw: inf is not a finite \
             number; give a finite value, or leave the key out to use the default",
        ),
        (
            "volume_basis = { temperature_c = 20, pressure_kpa = nan }",
            "facts.toml, site \"A\", field volume_basis.pressure_kpa: NaN kPa is not supported; \
             convert the volumes to 101.325 kPa",
        ),
    ] {
        let err = Dataset::songzao()
            .with_facts_bytes(site(extra).into_bytes(), Format::Toml, "facts.toml")
            .expect_err(extra);
        assert_eq!(one_line(&err), says);
    }
    // JSON has no NaN, and its parser refuses a number too large for f64.
    let json = r#"{"sites": [{"name": "A", "plant": {"unit_mw": 1e999}}]}"#;
    let err = Dataset::songzao()
        .with_facts_bytes(json.as_bytes().to_vec(), Format::Json, "facts.json")
        .expect_err("1e999");
    assert_eq!(
        one_line(&err),
        "facts.json, line 1: JSON error: number out of range; see docs/DATA.md for the expected \
         shape"
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    // Checked by hand beside the fuzzing (inputs of 4 KB rarely nest deep): both parsers stop
    // at a depth limit, so 200,000 open brackets are a one-line refusal, not a stack overflow.
    let open = |n: usize, text: &str| text.repeat(n);
    let toml = format!("a = {}{}\n", open(200_000, "["), open(200_000, "]"));
    let err = Dataset::parse(&toml, Format::Toml, "deep.toml", "deep").expect_err("deep TOML");
    assert!(
        one_line(&err).starts_with("deep.toml, line 1: TOML error: "),
        "{err}"
    );
    let json = format!("{}{}", open(200_000, "["), open(200_000, "]"));
    let err = Dataset::parse(&json, Format::Json, "deep.json", "deep").expect_err("deep JSON");
    assert!(
        one_line(&err).starts_with("deep.json, line 1: JSON error: "),
        "{err}"
    );
    let scenario = format!(
        "[inputs]\nflow_cv = {}{}\n",
        open(200_000, "["),
        open(200_000, "]")
    );
    let err = Scenario::parse(&scenario, "deep.toml").expect_err("deep scenario");
    assert!(
        one_line(&err).starts_with("deep.toml, line 2: TOML error: "),
        "{err}"
    );
}
