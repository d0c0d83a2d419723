//! Every kind of bad input and bad usage is refused the same way: exit code 2, nothing on
//! standard output, and exactly one line on standard error, `error: <one sentence>`, that names
//! the file (and the line, or the site, row and field) and says what to do. No panic, no
//! backtrace, even with `RUST_BACKTRACE=1`.
//!
//! One table, one loop; all failing cases are reported together at the end.

mod common;

use common::{
    Catalogue, PANIC_WORDS, Run, banned_words, cmmcast_in, collect, files, missing_phrases,
    refusal_form_problems, report, with_stderr,
};

/// What the case puts at the path of its file.
enum Input {
    /// A file holding these bytes.
    Bytes(Vec<u8>),
    /// Nothing: the path does not exist.
    Missing,
    /// A directory.
    Directory,
    /// No file at all (usage errors, embedded data); the message names no file.
    NoFile,
}

/// One bad input and what its message must say.
struct Case {
    /// Shown when the case fails.
    name: &'static str,
    /// File name, with extension, inside a fresh temporary directory.
    file: &'static str,
    /// What is at that path.
    input: Input,
    /// Other files written beside it: (file name, bytes).
    companions: &'static [(&'static str, &'static str)],
    /// The command line after `cmmcast`: `{file}` is the full path of the case's file, `{dir}`
    /// the temporary directory.
    args: &'static [&'static str],
    /// Substrings the message must contain (besides the file's path, which is always checked
    /// when there is a file): the line, site, row or field, and the key phrase of the fix.
    expect: &'static [&'static str],
}

/// `cmmcast data --input {file}`, the command line of most cases.
const DATA_INPUT: &[&str] = &["data", "--input", "{file}"];

/// A long CSV with two sites, used as data by several cases.
const TWO_SITES_CSV: &str = "site,year,coal_kt\nZeta,2012,1\nAlpha,2012,2\n";

/// A text file's bytes.
fn text(s: &str) -> Input {
    Input::Bytes(s.as_bytes().to_vec())
}

/// `s` encoded as UTF-16 little-endian, optionally with its byte-order mark.
fn utf16_le(s: &str, bom: bool) -> Input {
    let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    bytes.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    Input::Bytes(bytes)
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "missing file",
            file: "no-such-file.csv",
            input: Input::Missing,
            companions: &[],
            args: DATA_INPUT,
            expect: &["no such file", "check the path"],
        },
        Case {
            name: "a directory instead of a file",
            file: "plan.csv",
            input: Input::Directory,
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "is a directory",
                "give the path of a CSV, JSON or TOML file",
            ],
        },
        Case {
            name: "empty file (0 bytes)",
            file: "empty.csv",
            input: text(""),
            companions: &[],
            args: DATA_INPUT,
            expect: &["is empty", "give a header line"],
        },
        Case {
            name: "header only",
            file: "header-only.csv",
            input: text("year,coal_kt,methane_mm3\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &["has a header but no data rows", "add one row per year"],
        },
        Case {
            name: "no year column",
            file: "no-year.csv",
            input: text("coal_kt,methane_mm3\n6420,222.94\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &["line 1", "no year column", "name the column"],
        },
        Case {
            name: "no known value column",
            file: "no-values.csv",
            input: text("year,site\n2012,Songzao\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 1",
                "no value column",
                "coal_kt",
                "methane_mm3",
                "add at least one",
            ],
        },
        Case {
            name: "unknown column (unit typo)",
            file: "typo.csv",
            input: text("year,coal_kt,methane_m3\n2012,6420,222.94\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 1",
                "unknown column `methane_m3`",
                "methane_mm3",
                "rename or remove it",
            ],
        },
        Case {
            name: "non-numeric value",
            file: "words.csv",
            input: text("year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,6850,lots\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 3",
                "methane_mm3",
                "`lots` is not a number",
                "plain decimal number",
            ],
        },
        Case {
            name: "NaN",
            file: "nan.csv",
            input: text("year,coal_kt,methane_mm3\n2012,NaN,222.94\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 2",
                "coal_kt",
                "`NaN` is not a finite number",
                "give a measured or planned value",
            ],
        },
        Case {
            name: "infinity",
            file: "inf.csv",
            input: text("year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,6850,inf\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &["line 3", "methane_mm3", "`inf` is not a finite number"],
        },
        Case {
            name: "a number that overflows",
            file: "overflow.csv",
            input: text("year,coal_kt,methane_mm3\n2012,6420,1e999\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 2",
                "methane_mm3",
                "`1e999` is too large",
                "check the unit",
            ],
        },
        Case {
            name: "negative value",
            file: "negative.csv",
            input: text("year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,-6850,239.87\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 3",
                "coal_kt",
                "`-6850` is negative",
                "correct the value",
            ],
        },
        Case {
            name: "duplicate year (both lines named)",
            file: "twice.csv",
            input: text(
                "year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,6850,239.87\n2012,6420,222.94\n",
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "year 2012 appears twice",
                "line 2 and line 4",
                "keep one row per year",
            ],
        },
        Case {
            name: "fractional year",
            file: "half-year.csv",
            input: text("year,coal_kt,methane_mm3\n2012.5,6420,222.94\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 2",
                "field year",
                "`2012.5` is not a whole year",
                "give calendar years",
            ],
        },
        Case {
            name: "year out of range",
            file: "short-year.csv",
            input: text("year,coal_kt\n12,6420\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 2",
                "field year",
                "four-digit calendar year",
                "correct the year",
            ],
        },
        Case {
            name: "empty field in a multi-row file",
            file: "gap.csv",
            input: text(
                "year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,,239.87\n2014,7350,259.24\n",
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 3",
                "field coal_kt",
                "the field is empty",
                "give one for this year",
            ],
        },
        Case {
            name: "row with too few fields",
            file: "short-row.csv",
            input: text("year,coal_kt,methane_mm3\n2012,6420,222.94\n2013,6850\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 3",
                "2 fields",
                "the header has 3",
                "exactly one value per column",
            ],
        },
        Case {
            name: "row with too many fields",
            file: "long-row.csv",
            input: text("year,coal_kt,methane_mm3\n2012,6420,222.94,17\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 2",
                "4 fields",
                "the header has 3",
                "exactly one value per column",
            ],
        },
        Case {
            name: "quoted field without its closing quote",
            file: "open-quote.csv",
            input: text("year,coal_kt\n2012,6420\n2013,\"6850\n2014,7350\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &["line 3", "closing quote", "close the quote"],
        },
        Case {
            name: "semicolons and decimal commas",
            file: "excel.csv",
            input: text("year;coal_kt;methane_mm3\n2012;6420;222,94\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 1",
                "semicolon",
                "decimal commas, which is not accepted",
                "dot as the decimal separator",
            ],
        },
        Case {
            name: "decimal comma in a quoted field",
            file: "comma.csv",
            input: text("year,methane_mm3\n2012,\"222,94\"\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 2",
                "methane_mm3",
                "comma decimals",
                "not accepted",
                "write it with a dot",
            ],
        },
        Case {
            name: "tab-separated",
            file: "tabs.txt",
            input: text("year\tcoal_kt\n2012\t6420\n"),
            companions: &[],
            args: DATA_INPUT,
            expect: &["line 1", "tab-separated", "comma-separated"],
        },
        Case {
            name: "UTF-16 LE with BOM",
            file: "utf16-bom.csv",
            input: utf16_le("year,coal_kt\n2012,6420\n", true),
            companions: &[],
            args: DATA_INPUT,
            expect: &["not UTF-8", "UTF-16", "save it as UTF-8"],
        },
        Case {
            name: "UTF-16 LE without BOM",
            file: "utf16.csv",
            input: utf16_le("year,coal_kt\n2012,6420\n", false),
            companions: &[],
            args: DATA_INPUT,
            expect: &["not UTF-8", "UTF-16", "save it as UTF-8"],
        },
        Case {
            name: "binary content (PNG header)",
            file: "picture.csv",
            input: Input::Bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00".to_vec()),
            companions: &[],
            args: DATA_INPUT,
            expect: &["not UTF-8", "binary data", "save it as UTF-8"],
        },
        Case {
            name: "Latin-1 byte (invalid UTF-8)",
            file: "latin1.csv",
            // 0xF3 is `ó` in Latin-1 ("Sóngzao"), on line 3.
            input: Input::Bytes(
                b"site,year,coal_kt\nSongzao,2012,6420\nS\xF3ngzao,2013,6850\n".to_vec(),
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &["line 3", "not UTF-8", "0xF3", "Latin-1", "save it as UTF-8"],
        },
        Case {
            name: "truncated JSON",
            file: "cut.json",
            input: text(
                "{\"sites\": [\n  {\"name\": \"North\", \"rows\": [{\"year\": 2012, \"coal_kt\": 64",
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &["line 2", "truncated", "saved completely"],
        },
        Case {
            name: "JSON with a string for a number",
            file: "text-number.json",
            input: text(
                r#"{"sites": [{"name": "North", "rows": [{"year": 2012, "coal_kt": 6420}, {"year": 2013, "coal_kt": "6850"}]}]}"#,
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "site \"North\"",
                "row 2",
                "field coal_kt",
                "`\"6850\"` is not a number",
                "without quotes",
            ],
        },
        Case {
            name: "JSON with a negative value",
            file: "negative.json",
            input: text(
                r#"{"sites": [{"name": "North", "rows": [{"year": 2012, "coal_kt": 6420}, {"year": 2013, "coal_kt": -6850}]}]}"#,
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "site \"North\"",
                "row 2",
                "field coal_kt",
                "negative",
                "correct the value",
            ],
        },
        Case {
            name: "JSON with a duplicate year",
            file: "twice.json",
            input: text(
                r#"{"sites": [{"name": "North", "rows": [{"year": 2012, "methane_mm3": 1}, {"year": 2013, "methane_mm3": 2}, {"year": 2012, "methane_mm3": 3}]}]}"#,
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "year 2012 appears twice",
                "site \"North\"",
                "row 1 and row 3",
                "keep one row per year",
            ],
        },
        Case {
            name: "JSON with an empty sites list",
            file: "no-sites.json",
            input: text(r#"{"sites": []}"#),
            companions: &[],
            args: DATA_INPUT,
            expect: &["is empty", "non-empty `sites` list"],
        },
        Case {
            name: "TOML with text for the plant capacity",
            file: "big.toml",
            input: text(
                "[[sites]]\nname = \"North\"\nplant_capacity_mw = \"big\"\nrows = [{ year = 2012, coal_kt = 6420 }]\n",
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "site \"North\"",
                "field plant_capacity_mw",
                "`\"big\"` is not a number",
                "without quotes",
            ],
        },
        Case {
            name: "TOML with a quoted year",
            file: "quoted-year.toml",
            input: text(
                "[[sites]]\nname = \"North\"\nrows = [\n  { year = 2012, coal_kt = 6420 },\n  { year = \"2013\", coal_kt = 6850 },\n]\n",
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &["site \"North\"", "row 2", "field year", "without quotes"],
        },
        Case {
            name: "TOML unknown key",
            file: "typo.toml",
            input: text(
                "[[sites]]\nname = \"North\"\nplant_capacty_mw = 5\nrows = [{ year = 2012, coal_kt = 6420 }]\n",
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "line 3",
                "unknown field `plant_capacty_mw`",
                "expected one of",
                "`plant_capacity_mw`",
            ],
        },
        Case {
            name: "TOML with a negative value",
            file: "negative.toml",
            input: text(
                "[[sites]]\nname = \"North\"\nrows = [\n  { year = 2012, methane_mm3 = 1.5 },\n  { year = 2013, methane_mm3 = -2.5 },\n]\n",
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "site \"North\"",
                "row 2",
                "field methane_mm3",
                "`-2.5` is negative",
                "correct the value",
            ],
        },
        Case {
            name: "TOML with a duplicate year",
            file: "twice.toml",
            input: text(
                "[[sites]]\nname = \"North\"\nrows = [\n  { year = 2013, coal_kt = 1 },\n  { year = 2013, coal_kt = 2 },\n]\n",
            ),
            companions: &[],
            args: DATA_INPUT,
            expect: &[
                "year 2013 appears twice",
                "site \"North\"",
                "row 1 and row 2",
                "keep one row per year",
            ],
        },
        Case {
            name: "unknown --site on the embedded data",
            file: "",
            input: Input::NoFile,
            companions: &[],
            args: &["data", "--site", "Nowhere"],
            expect: &[
                "site \"Nowhere\"",
                "embedded Songzao plan",
                "choose one of these sites: Songzao",
            ],
        },
        Case {
            name: "unknown --site on a multi-site CSV",
            file: "mines.csv",
            input: text(TWO_SITES_CSV),
            companions: &[],
            args: &["data", "--input", "{file}", "--site", "Nowhere"],
            expect: &["site \"Nowhere\"", "choose one of these sites: Alpha, Zeta"],
        },
        Case {
            name: "--facts naming a site that is not in the data",
            file: "facts.toml",
            input: text("[[sites]]\nname = \"Nowhere\"\nplant_capacity_mw = 3\n"),
            companions: &[("mines.csv", TWO_SITES_CSV)],
            args: &["data", "--input", "{dir}/mines.csv", "--facts", "{file}"],
            expect: &[
                "facts are given for site \"Nowhere\"",
                "sites: Alpha, Zeta",
                "fix the name",
            ],
        },
        Case {
            name: "missing --facts file",
            file: "no-such-facts.toml",
            input: Input::Missing,
            companions: &[],
            args: &["data", "--facts", "{file}"],
            expect: &["no such file", "check the path", "leave out --facts"],
        },
        Case {
            name: "unknown --format",
            file: "",
            input: Input::NoFile,
            companions: &[],
            args: &["data", "--format", "xml"],
            expect: &["'xml'", "--format", "table, csv, json"],
        },
        Case {
            name: "--format without its value",
            file: "",
            input: Input::NoFile,
            companions: &[],
            args: &["data", "--format"],
            expect: &["--format needs a value", "table, csv, json"],
        },
        Case {
            name: "--input without its value",
            file: "",
            input: Input::NoFile,
            companions: &[],
            args: &["data", "--input"],
            expect: &["--input needs a value", "--help"],
        },
        Case {
            name: "unknown flag",
            file: "",
            input: Input::NoFile,
            companions: &[],
            args: &["data", "--bogus"],
            expect: &["unknown option '--bogus'", "--help"],
        },
        Case {
            name: "unexpected positional argument",
            file: "",
            input: Input::NoFile,
            companions: &[],
            args: &["data", "plan.csv"],
            expect: &["unexpected argument 'plan.csv'", "--help"],
        },
        Case {
            name: "unknown subcommand",
            file: "",
            input: Input::NoFile,
            companions: &[],
            args: &["frobnicate"],
            expect: &["unknown command 'frobnicate'", "cmmcast --help"],
        },
        Case {
            name: "no subcommand",
            file: "",
            input: Input::NoFile,
            companions: &[],
            args: &[],
            expect: &["no command given", "cmmcast data"],
        },
    ]
}

/// Runs one case and returns what is wrong with its result (empty when nothing is), and the run.
fn check(case: &Case) -> (Vec<String>, Run) {
    let dir = files(case.companions);
    let path = dir.path().join(case.file);
    match &case.input {
        Input::Bytes(bytes) => std::fs::write(&path, bytes).expect("write the case file"),
        Input::Directory => std::fs::create_dir(&path).expect("create the directory"),
        Input::Missing | Input::NoFile => {}
    }
    let shown = path.display().to_string();
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| a.replace("{file}", &shown))
        .collect();
    let run = cmmcast_in(Some(dir.path()), &args, &[]);

    let mut problems = refusal_form_problems(&run);
    problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
    if !matches!(case.input, Input::NoFile) && !run.stderr.contains(&shown) {
        problems.push(format!("stderr does not name the file {}", path.display()));
    }
    problems.extend(missing_phrases(&run.stderr, case.expect));
    (with_stderr(problems, &run), run)
}

#[test]
fn every_bad_input_exits_2_with_one_sentence_naming_the_place_and_the_fix() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut catalogue =
        Catalogue::new("every_bad_input_exits_2_with_one_sentence_naming_the_place_and_the_fix");
    for case in &cases {
        let (problems, run) = check(case);
        let mut shown: Vec<(&str, &[u8])> = case
            .companions
            .iter()
            .map(|(name, text)| (*name, text.as_bytes()))
            .collect();
        if let Input::Bytes(bytes) = &case.input {
            shown.push((case.file, bytes));
        }
        catalogue.add_with_files(case.name, &run, &shown);
        collect(&mut failures, case.name, problems);
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("bad-input cases", cases.len(), failures);
}

/// The checks themselves must be able to fail: a good run is not mistaken for a refusal.
#[test]
fn the_checks_reject_a_successful_run() {
    let good = Case {
        name: "valid file",
        file: "good.csv",
        input: text("year,coal_kt\n2012,6420\n"),
        companions: &[],
        args: DATA_INPUT,
        expect: &["anything"],
    };
    let (problems, _) = check(&good);
    for expected in ["exit code", "stdout is not empty", "stderr lacks"] {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "missing {expected:?} in {problems:?}"
        );
    }
}
