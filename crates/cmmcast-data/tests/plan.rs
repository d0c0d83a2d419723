//! A mine's own production plan: years after the last year with methane that give coal and no
//! methane. Accepted in CSV, JSON and TOML as the plan beside an unchanged history; gaps and
//! planned years without coal are refused with one sentence naming the row and the field.

use cmmcast_data::{Dataset, Format};

/// A planner's file: history 2020–2022 with coal and methane, the plan 2023–2024 with coal and
/// an empty methane field (as a spreadsheet exports it), rows in any order.
const PLANNER_CSV: &str = "year,coal_kt,methane_mm3\n\
    2020,1000,30\n\
    2023,1500,\n\
    2021,2000,62\n\
    2022,2000,58\n\
    2024,3000,\n";

fn parse(text: &str, format: Format) -> Result<Dataset, cmmcast_data::DataError> {
    Dataset::parse(text, format, "mine.csv", "Mine")
}

#[test]
fn a_csv_plan_sits_beside_an_unchanged_history() {
    let data = parse(PLANNER_CSV, Format::Csv).expect("a plan is accepted");
    let series = &data.site(None).expect("one site").series;
    assert_eq!(series.years(), &[2020, 2021, 2022]);
    assert_eq!(series.coal_kt(), Some(&[1000.0, 2000.0, 2000.0][..]));
    assert_eq!(series.methane_mm3(), Some(&[30.0, 62.0, 58.0][..]));
    let plan = series.coal_plan().expect("a plan");
    assert_eq!(plan.years(), &[2023, 2024]);
    assert_eq!(plan.coal_kt(), &[1500.0, 3000.0]);
    assert_eq!(plan.coal_in(2024), Some(3000.0));
    assert_eq!(plan.coal_in(2025), None);
    assert_eq!(plan.coal_in(2022), None);
}

#[test]
fn json_null_and_a_missing_toml_key_are_a_plan_too() {
    let json = r#"{"sites": [{"name": "Mine", "rows": [
        {"year": 2020, "coal_kt": 1000, "methane_mm3": 30},
        {"year": 2021, "coal_kt": 2000, "methane_mm3": 62},
        {"year": 2022, "coal_kt": 1500, "methane_mm3": null},
        {"year": 2023, "coal_kt": 1600}
    ]}]}"#;
    let toml = r#"
        [[sites]]
        name = "Mine"
        rows = [
            { year = 2020, coal_kt = 1000, methane_mm3 = 30 },
            { year = 2021, coal_kt = 2000, methane_mm3 = 62 },
            { year = 2022, coal_kt = 1500 },
            { year = 2023, coal_kt = 1600 },
        ]
    "#;
    for (text, format) in [(json, Format::Json), (toml, Format::Toml)] {
        let data = parse(text, format).expect("a plan is accepted");
        let series = &data.site(None).expect("one site").series;
        assert_eq!(series.years(), &[2020, 2021], "{format:?}");
        let plan = series.coal_plan().expect("a plan");
        assert_eq!(plan.years(), &[2022, 2023], "{format:?}");
        assert_eq!(plan.coal_kt(), &[1500.0, 1600.0], "{format:?}");
    }
}

#[test]
fn a_complete_file_has_no_plan() {
    let data = parse(
        "year,coal_kt,methane_mm3\n2020,1,2\n2021,1,2\n",
        Format::Csv,
    )
    .expect("ok");
    assert!(data.site(None).expect("site").series.coal_plan().is_none());
    let data = Dataset::songzao();
    assert!(data.site(None).expect("site").series.coal_plan().is_none());
}

#[test]
fn a_gap_in_the_middle_is_still_refused() {
    let text = "year,coal_kt,methane_mm3\n2020,1000,30\n2021,2000,\n2022,2000,58\n";
    let err = parse(text, Format::Csv).expect_err("refused").to_string();
    assert!(
        err.starts_with("mine.csv, line 3, field methane_mm3: the field is empty; later years"),
        "{err}"
    );
}

#[test]
fn a_planned_year_without_coal_is_refused() {
    let text = "year,coal_kt,methane_mm3\n2020,1000,30\n2021,2000,62\n2022,,\n";
    let err = parse(text, Format::Csv).expect_err("refused").to_string();
    assert!(
        err.starts_with("mine.csv, line 4, field coal_kt: the field is empty; this year comes after the last year with methane_mm3"),
        "{err}"
    );
}

#[test]
fn a_plan_with_a_missing_year_is_refused() {
    let text = "year,coal_kt,methane_mm3\n2020,1000,30\n2021,2000,62\n2022,1500,\n2025,1500,\n";
    let err = parse(text, Format::Csv).expect_err("refused").to_string();
    assert_eq!(
        err,
        "mine.csv, line 5: planned year 2025 does not follow on from 2022; a production plan \
         (coal_kt without methane_mm3) runs year by year after the last year with methane_mm3, \
         so add the planned coal_kt of 2023 to 2024"
    );
    let text = "year,coal_kt,methane_mm3\n2020,1000,30\n2021,2000,62\n2023,1500,\n";
    let err = parse(text, Format::Csv).expect_err("refused").to_string();
    assert!(err.ends_with("so add the planned coal_kt of 2022"), "{err}");
}

#[test]
fn a_plan_built_in_code_is_checked() {
    use cmmcast_data::AnnualSeries;
    let history = AnnualSeries::new(vec![2020, 2021], Some(vec![1.0, 2.0]), Some(vec![3.0, 4.0]))
        .expect("as set up");
    assert!(
        history
            .clone()
            .with_coal_plan(vec![2023], vec![1.0])
            .is_err()
    );
    assert!(
        history
            .clone()
            .with_coal_plan(vec![2022], vec![f64::NAN])
            .is_err()
    );
    let coal_only = AnnualSeries::new(vec![2020], Some(vec![1.0]), None).expect("as set up");
    assert!(coal_only.with_coal_plan(vec![2021], vec![1.0]).is_err());
    assert!(history.with_coal_plan(vec![2022], vec![1.0]).is_ok());
}
