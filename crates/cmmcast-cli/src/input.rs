//! Loading the dataset a command works on: the user's file or the embedded Songzao plan, with
//! an optional site-facts file.

use cmmcast_data::{DataError, Dataset};

use crate::args::InputArgs;

/// The dataset named by `--input` (and `--sheet` of a workbook) and `--facts`, or the embedded
/// one.
pub fn load_dataset(args: &InputArgs) -> Result<Dataset, DataError> {
    let dataset = match &args.input {
        Some(path) => Dataset::load_sheet(path, args.sheet.as_deref())?,
        None => Dataset::songzao(),
    };
    match &args.facts {
        Some(path) => dataset.with_facts_file(path),
        None => Ok(dataset),
    }
}

/// [`load_dataset`], with every site feeding one plant when `combine` (`--combine`).
pub fn load_feeds(args: &InputArgs, combine: bool) -> Result<Dataset, DataError> {
    let dataset = load_dataset(args)?;
    if combine {
        dataset.combined()
    } else {
        Ok(dataset)
    }
}
