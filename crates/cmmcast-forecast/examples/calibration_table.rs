//! The shipped calibration (docs/METHODS.md, section 13.3), learned from the embedded
//! reference class. Without arguments, prints the table as CSV: per window length W and horizon
//! h, the windows learned from, s_ref, γ_h and the scaled-error quantiles the intervals use.
//! With `--write`, writes the two files the repository keeps, from the repository root:
//!
//! - `data/reference/calibration-tables.bin`, the tables the program compiles in;
//! - `data/reference/calibration-table.csv`, the same printed for review.
//!
//! `cargo run -p cmmcast-forecast --example calibration_table -- --write`
//!
//! `tests/calibration_table.rs` fails when either is not what this writes.

use std::io::Write;

use cmmcast_forecast::calibrate::{Calibration, TABLE_HORIZON};

/// The probabilities whose quantiles the CSV lists (those of 50, 80, 90 and 95 % intervals and
/// the median).
const PROBABILITIES: [f64; 9] = [0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975];

/// The CSV of `calibration`.
fn csv(calibration: &Calibration) -> String {
    let mut header = vec!["window".to_string(), "horizon".into(), "windows".into()];
    header.extend(["s_ref".into(), "gamma".into()]);
    header.extend(PROBABILITIES.iter().map(|p| format!("q_{p}")));
    let mut out = header.join(",") + "\n";
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
            out += &(row.join(",") + "\n");
        }
    }
    out
}

fn main() -> std::io::Result<()> {
    // Learned from the data, never read from the compiled-in file, which this regenerates.
    let calibration =
        Calibration::learn_embedded().expect("the embedded reference class has enough windows");
    if std::env::args().any(|a| a == "--write") {
        std::fs::write(
            "data/reference/calibration-tables.bin",
            calibration.to_bytes(),
        )?;
        std::fs::write("data/reference/calibration-table.csv", csv(&calibration))?;
        eprintln!("wrote data/reference/calibration-tables.bin and calibration-table.csv");
    } else {
        std::io::stdout().write_all(csv(&calibration).as_bytes())?;
    }
    Ok(())
}
