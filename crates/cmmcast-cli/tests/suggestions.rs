//! A misspelt name is refused like any bad input (exit code 2, one `error:` line, nothing on
//! standard output) and the sentence names the closest valid one: a model, a series, a site, a
//! scenario key, a distribution or its parameter, a CSV column, a site-facts key, a flag value,
//! a flag or a command. Every suggestion comes from `cmmcast_data::suggest::closest`; a name
//! far from every valid one, or as near to two of them, gets no guess.
//!
//! One table, one loop; all failing cases are reported together at the end.

mod common;

use common::{
    Catalogue, PANIC_WORDS, banned_words, cmmcast_in, collect, files, missing_phrases,
    refusal_form_problems, report, with_stderr,
};

/// One misspelt request.
struct Case {
    name: &'static str,
    /// Files written in the temporary directory `{dir}`: (file name, contents).
    files: &'static [(&'static str, &'static str)],
    /// The command line after `cmmcast`.
    args: &'static [&'static str],
    /// The suggestion the message must make, or `None` when it must make none.
    suggests: Option<&'static str>,
    /// Other phrases the message must hold.
    expect: &'static [&'static str],
}

/// A two-site CSV.
const MINES: &str = "site,year,coal_kt,methane_mm3\n\
                     Alpha,2012,100,50\nAlpha,2013,110,55\nAlpha,2014,125,61\n\
                     Zeta,2012,200,80\nZeta,2013,210,84\nZeta,2014,230,90\n";

/// A scenario with these `[inputs]` lines.
macro_rules! scenario {
    ($inputs:expr) => {
        concat!("[scenario]\nname = \"typo\"\n\n[inputs]\n", $inputs, "\n")
    };
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "misspelt model",
            files: &[],
            args: &["forecast", "--model", "exponental"],
            suggests: Some("(did you mean exponential?)"),
            expect: &["invalid value 'exponental' for --model", "use one of: auto"],
        },
        Case {
            name: "model in capitals",
            files: &[],
            args: &["forecast", "--model", "Linear"],
            suggests: Some("(did you mean linear?)"),
            expect: &[],
        },
        Case {
            name: "model given by its start",
            files: &[],
            args: &["simulate", "--model", "quad"],
            suggests: Some("(did you mean quadratic?)"),
            expect: &[],
        },
        Case {
            name: "misspelt model in a list",
            files: &[],
            args: &["backtest", "--models", "linear,quadratc"],
            suggests: Some("(did you mean quadratic?)"),
            expect: &["'quadratc' for --models"],
        },
        Case {
            name: "misspelt series",
            files: &[],
            args: &["fit", "--series", "methan"],
            suggests: Some("(did you mean methane?)"),
            expect: &["use one of: methane, coal"],
        },
        Case {
            name: "misspelt format",
            files: &[],
            args: &["data", "--format", "jsn"],
            suggests: Some("(did you mean json?)"),
            expect: &[],
        },
        Case {
            name: "misspelt tornado output",
            files: &[],
            args: &["simulate", "--tornado", "--tornado-output", "utilizaton"],
            suggests: Some("(did you mean utilization?)"),
            expect: &[],
        },
        Case {
            name: "GWP set in capitals",
            files: &[],
            args: &["project", "--gwp", "AR5"],
            suggests: Some("(did you mean ar5?)"),
            expect: &[],
        },
        Case {
            name: "misspelt shell",
            files: &[],
            args: &["completions", "bahs"],
            suggests: Some("(did you mean bash?)"),
            expect: &["use one of: bash, elvish, fish, powershell, zsh"],
        },
        Case {
            name: "misspelt site",
            files: &[],
            args: &["forecast", "--site", "Songzo"],
            suggests: Some("(did you mean Songzao?)"),
            expect: &["site \"Songzo\"", "choose one of these sites: Songzao"],
        },
        Case {
            name: "site in the wrong case",
            files: &[],
            args: &["data", "--site", "songzao"],
            suggests: Some("(did you mean Songzao?)"),
            expect: &[],
        },
        Case {
            name: "misspelt site of a multi-site file",
            files: &[("mines.csv", MINES)],
            args: &["data", "--input", "{dir}/mines.csv", "--site", "Alpah"],
            suggests: Some("(did you mean Alpha?)"),
            expect: &["choose one of these sites: Alpha, Zeta"],
        },
        Case {
            name: "site facts for a misspelt site",
            files: &[
                ("mines.csv", MINES),
                (
                    "facts.toml",
                    "[[sites]]\nname = \"Zetta\"\nplant_capacity_mw = 3\n",
                ),
            ],
            args: &[
                "data",
                "--input",
                "{dir}/mines.csv",
                "--facts",
                "{dir}/facts.toml",
            ],
            suggests: Some("(did you mean Zeta?)"),
            expect: &["facts are given for site \"Zetta\""],
        },
        Case {
            name: "misspelt CSV column",
            files: &[("plan.csv", "year,coal_kt,methane_m3\n2012,6420,222.94\n")],
            args: &["data", "--input", "{dir}/plan.csv"],
            suggests: Some("(did you mean methane_mm3?)"),
            expect: &["unknown column `methane_m3`"],
        },
        Case {
            name: "misspelt site-facts key",
            files: &[(
                "facts.toml",
                "[[sites]]\nname = \"Songzao\"\nplant_capacty_mw = 26.9\n",
            )],
            args: &["project", "--facts", "{dir}/facts.toml"],
            suggests: Some("(did you mean `plant_capacity_mw`?)"),
            expect: &["unknown field `plant_capacty_mw`"],
        },
        Case {
            name: "misspelt scenario input",
            files: &[("s.toml", scenario!("efficency = 0.38"))],
            args: &["simulate", "--scenario", "{dir}/s.toml"],
            suggests: Some("(did you mean efficiency?)"),
            expect: &["key inputs.efficency"],
        },
        Case {
            name: "misspelt scenario distribution",
            files: &[(
                "s.toml",
                scenario!("efficiency = { distribution = \"normla\", mean = 0.38, sd = 0.01 }"),
            )],
            args: &["simulate", "--scenario", "{dir}/s.toml"],
            suggests: Some("(did you mean normal?)"),
            expect: &["key inputs.efficiency.distribution"],
        },
        Case {
            name: "misspelt distribution parameter",
            files: &[(
                "s.toml",
                scenario!("efficiency = { distribution = \"normal\", mena = 0.38, sd = 0.01 }"),
            )],
            args: &["size", "--scenario", "{dir}/s.toml"],
            suggests: Some("(did you mean mean?)"),
            expect: &["key inputs.efficiency.mena"],
        },
        Case {
            name: "misspelt plan adherence persistence",
            files: &[(
                "s.toml",
                scenario!(
                    "plan_adherence = { distribution = \"lognormal\", median = 1, sigma = 0.1, \
                     per_year = true, persistance = 0.5 }"
                ),
            )],
            args: &["simulate", "--scenario", "{dir}/s.toml"],
            suggests: Some("(did you mean persistence?)"),
            expect: &[
                "key inputs.plan_adherence.persistance",
                "median and sigma (and per_year, path_share and persistence)",
            ],
        },
        Case {
            name: "misspelt scenario table",
            files: &[(
                "s.toml",
                "[scenario]\nname = \"typo\"\n\n[input]\nefficiency = 0.38\n",
            )],
            args: &["simulate", "--scenario", "{dir}/s.toml"],
            suggests: Some("(did you mean inputs?)"),
            expect: &["`input` is not part of a scenario file"],
        },
        Case {
            name: "misspelt flag",
            files: &[],
            args: &["project", "--efficency", "0.4"],
            suggests: Some("(did you mean --efficiency?)"),
            expect: &["unknown option '--efficency' for `cmmcast project`"],
        },
        Case {
            name: "misspelt flag with its value attached",
            files: &[],
            args: &["forecast", "--modle=linear"],
            suggests: Some("(did you mean --model?)"),
            expect: &["unknown option '--modle'"],
        },
        Case {
            name: "a flag of another command",
            files: &[],
            args: &["forecast", "--paths", "100"],
            suggests: None,
            expect: &[
                "unknown option '--paths' for `cmmcast forecast`",
                "(only simulate, size, economics and report take it)",
                "cmmcast forecast --help",
            ],
        },
        Case {
            name: "misspelt command",
            files: &[],
            args: &["forcast"],
            suggests: Some("(did you mean forecast?)"),
            expect: &["unknown command 'forcast'"],
        },
        Case {
            name: "a model far from every name",
            files: &[],
            args: &["forecast", "--model", "holt"],
            suggests: None,
            expect: &["use one of: auto, linear"],
        },
        Case {
            name: "a GWP set as near to three names",
            files: &[],
            args: &["project", "--gwp", "ar9"],
            suggests: None,
            expect: &["use one of: sar, ar4, ar5, ar6"],
        },
        Case {
            name: "a shell as near to two names",
            files: &[],
            args: &["completions", "bsh"],
            suggests: None,
            expect: &["use one of: bash, elvish, fish, powershell, zsh"],
        },
        Case {
            name: "a site far from every name",
            files: &[],
            args: &["data", "--site", "Nowhere"],
            suggests: None,
            expect: &["choose one of these sites: Songzao"],
        },
    ]
}

#[test]
fn misspelt_names_are_refused_with_the_closest_valid_one() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut catalogue = Catalogue::new("misspelt_names_are_refused_with_the_closest_valid_one");
    for case in &cases {
        let dir = files(case.files);
        let run = cmmcast_in(Some(dir.path()), case.args, &[]);
        let shown: Vec<(&str, &[u8])> = case
            .files
            .iter()
            .map(|(name, text)| (*name, text.as_bytes()))
            .collect();
        catalogue.add_with_files(case.name, &run, &shown);
        let mut problems = refusal_form_problems(&run);
        problems.extend(banned_words(&run.stderr.to_lowercase(), PANIC_WORDS));
        problems.extend(missing_phrases(&run.stderr, case.expect));
        match case.suggests {
            Some(suggestion) => problems.extend(missing_phrases(&run.stderr, &[suggestion])),
            None => problems.extend(banned_words(&run.stderr, &["did you mean"])),
        }
        collect(&mut failures, case.name, with_stderr(problems, &run));
    }
    collect(&mut failures, "catalogue", catalogue.finish());
    report("misspelt names", cases.len(), failures);
}

/// The old spellings and plural forms kept as hidden aliases are accepted, not suggested.
#[test]
fn hidden_aliases_are_accepted() {
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["forecast", "--levels", "80,95", "--format", "csv"],
            &["forecast", "--level", "80,95", "--format", "csv"],
        ),
        (
            &["backtest", "--model", "linear", "--format", "csv"],
            &["backtest", "--models", "linear", "--format", "csv"],
        ),
        (
            &[
                "simulate",
                "--paths",
                "300",
                "--percentile",
                "5,95",
                "--format",
                "csv",
            ],
            &[
                "simulate",
                "--paths",
                "300",
                "--percentiles",
                "5,95",
                "--format",
                "csv",
            ],
        ),
        (
            &["simulate", "--tornado", "--year", "2020", "--format", "csv"],
            &[
                "simulate",
                "--tornado",
                "--tornado-year",
                "2020",
                "--format",
                "csv",
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (alias, canonical) in cases {
        let a = cmmcast_in(None, alias, &[]);
        let c = cmmcast_in(None, canonical, &[]);
        let mut problems = Vec::new();
        if a.code != Some(0) || c.code != Some(0) {
            problems.push(format!("exit {:?} and {:?}: {}", a.code, c.code, a.stderr));
        }
        if a.stdout != c.stdout {
            problems.push("different output".into());
        }
        collect(&mut failures, &alias.join(" "), problems);
    }
    report("aliases", cases.len(), failures);
}
