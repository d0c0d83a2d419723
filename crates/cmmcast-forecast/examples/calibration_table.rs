//! Prints the shipped calibration table (docs/METHODS.md, section 13.3) as CSV: per window
//! length W and horizon h, the windows learned from, s_ref, γ_h and the scaled-error quantiles
//! the intervals use. `data/reference/calibration-table.csv` is this output, regenerated with
//!
//! `cargo run -p cmmcast-forecast --example calibration_table > data/reference/calibration-table.csv`
//!
//! and checked against the compiled-in table by `tests/calibration_table.rs`.

use cmmcast_forecast::calibrate::{Calibration, TABLE_HORIZON};

/// The probabilities whose quantiles the file lists (those of 50, 80, 90 and 95 % intervals and
/// the median).
const PROBABILITIES: [f64; 9] = [0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975];

fn main() {
    let calibration = Calibration::embedded();
    let mut header = vec!["window".to_string(), "horizon".into(), "windows".into()];
    header.extend(["s_ref".into(), "gamma".into()]);
    header.extend(PROBABILITIES.iter().map(|p| format!("q_{p}")));
    println!("{}", header.join(","));
    for table in [&calibration.five, &calibration.ten] {
        for h in 1..=TABLE_HORIZON {
            let mut row = vec![
                table.window.to_string(),
                h.to_string(),
                table.len().to_string(),
                format!("{:?}", table.s_ref),
                format!("{:?}", table.gamma[h - 1]),
            ];
            row.extend(
                PROBABILITIES
                    .iter()
                    .map(|&p| format!("{:?}", table.quantile(h, p))),
            );
            println!("{}", row.join(","));
        }
    }
}
