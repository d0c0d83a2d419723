//! The compiled-in calibration, data/reference/calibration-tables.bin, is what
//! `Calibration::build` learns from the shipped reference class, bit for bit; and the table
//! committed for review, data/reference/calibration-table.csv, is the one compiled in: every
//! number equal, so a change to the shipped reference data or to the method fails here until
//! both files are regenerated, and then shows in the CSV's diff. Regenerate both with
//! `cargo run -p cmmcast-forecast --example calibration_table -- --write` from the repository
//! root.

use cmmcast_forecast::calibrate::{Calibration, TABLE_HORIZON};

#[test]
fn the_compiled_in_calibration_is_the_learned_one() {
    let learned = Calibration::learn_embedded().expect("the shipped class has windows");
    // Compared as whole calibrations (origin, point, every scaled error of every window) and
    // as the file's bytes, so that neither a stale file nor a lossy codec passes.
    assert!(
        Calibration::embedded() == &learned,
        "data/reference/calibration-tables.bin is stale: regenerate it (see the test's module doc)"
    );
    let file = include_bytes!("../../../data/reference/calibration-tables.bin");
    assert!(
        learned.to_bytes() == file,
        "data/reference/calibration-tables.bin differs from what --write writes: regenerate it"
    );
}

#[test]
fn the_committed_table_is_the_compiled_in_one() {
    let text = include_str!("../../../data/reference/calibration-table.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let probabilities: Vec<f64> = header[5..]
        .iter()
        .map(|name| {
            name.strip_prefix("q_")
                .and_then(|p| p.parse().ok())
                .expect("q_<probability>")
        })
        .collect();
    let calibration = Calibration::embedded();
    let mut rows = 0;
    let mut problems = Vec::new();
    for line in lines {
        let fields: Vec<f64> = line
            .split(',')
            .map(|f| f.parse().expect("a number"))
            .collect();
        let (window, h) = (fields[0] as usize, fields[1] as usize);
        let table = match window {
            5 => &calibration.five,
            10 => &calibration.ten,
            other => panic!("window {other}"),
        };
        let mut want = vec![table.len() as f64, table.s_ref, table.gamma[h - 1]];
        want.extend(probabilities.iter().map(|&p| table.quantile(h, p)));
        if fields[2..] != want[..] {
            problems.push(format!(
                "W = {window}, h = {h}: file {:?}, compiled in {want:?}",
                &fields[2..]
            ));
        }
        rows += 1;
    }
    assert_eq!(rows, 2 * TABLE_HORIZON);
    assert!(
        problems.is_empty(),
        "regenerate data/reference/calibration-table.csv (see the test's module doc): {problems:#?}"
    );
}
