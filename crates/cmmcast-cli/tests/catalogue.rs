//! docs/ROBUSTNESS.md's catalogue of rejected inputs as a whole. Each table of refusals checks
//! its own entries against it (`common::Catalogue`); this checks what no single table can: that
//! every table named there still exists, that the section is exactly what the generator writes
//! (no hand edits), and that every entry is a one-sentence refusal.

mod common;

use common::{
    CATALOGUE_COMMANDS, CATALOGUE_END, CATALOGUE_START, REFRESH, ROBUSTNESS_MD, parse_catalogue,
    render_catalogue,
};

fn document() -> String {
    std::fs::read_to_string(ROBUSTNESS_MD).expect("docs/ROBUSTNESS.md")
}

#[test]
fn every_table_named_in_the_catalogue_still_exists() {
    let entries = parse_catalogue(&document()).expect("the section parses");
    let mut tables: Vec<(String, String)> = entries
        .iter()
        .map(|e| (e.file.clone(), e.test.clone()))
        .collect();
    tables.dedup();
    let mut missing = Vec::new();
    for (file, test) in tables {
        let path = format!("{}/tests/{file}.rs", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let uses = source.contains(&format!("fn {test}("))
            && source.contains(&format!("Catalogue::new(\"{test}\")"))
            || source.contains(&format!("Catalogue::new(\n        \"{test}\""));
        if !uses {
            missing.push(format!("tests/{file}.rs, {test}"));
        }
    }
    assert!(
        missing.is_empty(),
        "the catalogue names tables that no longer make it: {missing:?}; remove their entries \
         (or refresh with `{REFRESH}` after deleting the section's entries)"
    );
}

#[test]
fn the_section_is_exactly_what_the_generator_writes() {
    let text = document();
    let heading = text
        .find("\n## Catalogue of rejected inputs\n")
        .expect("a `## Catalogue of rejected inputs` heading");
    let start = text.find(CATALOGUE_START).expect("the start marker");
    let end = text.find(CATALOGUE_END).expect("the end marker");
    assert!(heading < start && start < end, "heading, then the markers");
    let section = &text[start + CATALOGUE_START.len() + 1..end];
    let entries = parse_catalogue(&text).expect("the section parses");
    assert!(
        render_catalogue(entries) == section,
        "docs/ROBUSTNESS.md's generated section was edited by hand; refresh it with `{REFRESH}`"
    );
}

#[test]
fn every_entry_is_a_one_sentence_refusal_and_every_command_has_some() {
    let entries = parse_catalogue(&document()).expect("the section parses");
    let mut problems = Vec::new();
    for e in &entries {
        let one_line = matches!(e.stderr.as_slice(), [line] if line.starts_with("error: "));
        if !one_line {
            problems.push(format!("{}: not one `error:` line: {:?}", e.name, e.stderr));
        }
        if !e.command_line.starts_with("cmmcast") {
            problems.push(format!("{}: command line {:?}", e.name, e.command_line));
        }
        let lower = e.stderr.join("\n").to_lowercase();
        // (A message may echo a NaN the user gave, as in `--efficiency nan`.)
        for banned in ["panicked", "backtrace"] {
            if lower.contains(banned) {
                problems.push(format!("{}: message holds {banned:?}", e.name));
            }
        }
    }
    for command in CATALOGUE_COMMANDS {
        if !entries.iter().any(|e| e.command == *command) {
            problems.push(format!(
                "no refusal of `cmmcast {command}` in the catalogue"
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
