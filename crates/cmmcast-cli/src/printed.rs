//! What a command prints, and where: the rendered table on standard output, and on standard
//! error the warnings (always) and, for CSV, the notes that a CSV file has no place for. The
//! table shows its notes above it and JSON keeps them in `meta`, so no format loses one.

use serde_json::Value;

use crate::args::OutputArgs;
use crate::columns;
use crate::failure::Failure;
use crate::render::{OutputFormat, render};
use crate::report::Report;

/// A command's output: standard output's text and standard error's lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printed {
    /// What goes to standard output, ending with a newline.
    pub stdout: String,
    /// Lines for standard error, each starting `warning: ` or `note: `, without line ends.
    pub stderr: Vec<String>,
}

impl Printed {
    /// Standard output only.
    pub fn stdout(text: String) -> Printed {
        Printed {
            stdout: text,
            stderr: Vec::new(),
        }
    }
}

/// The warnings a report carries in `meta.warnings` (implausible data, see
/// [`crate::meta::common`]).
pub fn warnings(report: &Report) -> Vec<String> {
    match report.meta.get("warnings") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// A report printed as the output flags ask: `--columns` picked (refused when unknown), the
/// default terminal table narrowed to fit, then rendered; the warnings and, for CSV, the notes
/// as standard error's lines.
pub fn print(report: Report, output: &OutputArgs) -> Result<Printed, Failure> {
    let report = if output.columns.is_empty() {
        match output.format {
            OutputFormat::Table => columns::fit_terminal(report),
            OutputFormat::Csv | OutputFormat::Json => report,
        }
    } else {
        columns::select(report, &output.columns)?
    };
    let mut stderr: Vec<String> = warnings(&report)
        .into_iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    if output.format == OutputFormat::Csv {
        stderr.extend(report.notes.iter().map(|n| format!("note: {n}")));
    }
    Ok(Printed {
        stdout: render(&report, output.format),
        stderr,
    })
}
