//! Sources a reader can follow: the embedded data and what cmmcast prints cite no file outside
//! the repository, every `[SOURCES: KEY]` cited in the crates, data/ and docs/ has its entry in
//! docs/SOURCES.md, and `cmmcast docs` prints the bundled documents exactly.

mod common;

use std::path::{Path, PathBuf};

use cmmcast_data::{Dataset, embedded};
use common::cmmcast;

/// The workspace's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a citation of a file outside the repository looks like: the shared folder the project
/// was started from, its seed and domain notes, and a path that climbs out of the repository.
const OUTSIDE: &[&str] = &["shared/", "seed/", "domain.md", "../"];

fn outside_paths(what: &str, text: &str) -> Vec<String> {
    OUTSIDE
        .iter()
        .filter(|p| text.contains(*p))
        .map(|p| format!("{what} cites {p:?}"))
        .collect()
}

#[test]
fn the_embedded_data_cites_no_file_outside_the_repository() {
    let mut problems = Vec::new();
    for (what, text) in [
        ("data/songzao-plan.csv", embedded::SONGZAO_PLAN_CSV),
        ("data/songzao-site.toml", embedded::SONGZAO_SITE_TOML),
        (
            "data/scenarios/songzao-default.toml",
            embedded::SONGZAO_SCENARIO_TOML,
        ),
    ] {
        problems.extend(outside_paths(what, text));
    }
    let songzao = Dataset::songzao();
    let site = songzao.site(None).expect("one site");
    let source = site
        .facts
        .source
        .as_ref()
        .expect("the Songzao facts name their source");
    for (what, text) in [
        ("source.citation", Some(source.citation.as_str())),
        ("source.locator", source.locator.as_deref()),
        ("source.url", source.url.as_deref()),
    ] {
        problems.extend(outside_paths(what, text.unwrap_or_default()));
    }
    assert!(
        source.citation.contains("[SOURCES: songzao-article]"),
        "the citation points to the article's entry: {}",
        source.citation
    );
    // What a user sees: the data's meta and the report's assumptions come from these.
    let json = cmmcast(&["data", "--format", "json"]);
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    problems.extend(outside_paths("cmmcast data --format json", &json.stdout));
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The keys of docs/SOURCES.md's entries: each entry starts `- <a id="KEY"></a>**[KEY]**`.
fn entries(sources: &str) -> Vec<String> {
    sources
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("- <a id=\"")?;
            let (id, rest) = rest.split_once("\"></a>**[")?;
            let (key, _) = rest.split_once("]**")?;
            (id == key).then(|| key.to_string())
        })
        .collect()
}

/// Every `[SOURCES: KEY]` in `text`.
fn cited(text: &str) -> Vec<String> {
    text.split("[SOURCES: ")
        .skip(1)
        .map(|rest| rest.split(']').next().unwrap_or_default().to_string())
        .collect()
}

/// Whether a cited text is a key (lowercase letters, digits and dashes): placeholders such as
/// `KEY` or `{key}` in code are not.
fn looks_like_key(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The text files under `dir`, skipping build output and the fuzz corpus (copies of inputs).
fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "target" || name == "corpus" {
            continue;
        }
        if path.is_dir() {
            text_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_cited_source_has_its_entry() {
    let sources = std::fs::read_to_string(root().join("docs/SOURCES.md")).expect("docs/SOURCES.md");
    let keys = entries(&sources);
    assert!(keys.len() > 40, "too few entries read: {keys:?}");
    let mut duplicates = keys.clone();
    duplicates.sort();
    duplicates.dedup();
    assert_eq!(duplicates.len(), keys.len(), "an entry is given twice");
    let mut files = vec![root().join("README.md")];
    for dir in ["crates", "data", "docs", "benches"] {
        text_files(&root().join(dir), &mut files);
    }
    let mut unknown = Vec::new();
    let mut count = 0;
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue; // binary
        };
        for key in cited(&text).into_iter().filter(|k| looks_like_key(k)) {
            count += 1;
            if !keys.contains(&key) {
                unknown.push(format!("{}: [SOURCES: {key}]", file.display()));
            }
        }
    }
    // Entries cite each other as `[KEY]`.
    for line in sources.lines().filter(|l| !l.starts_with("- <a id=")) {
        for piece in line.split('[').skip(1) {
            let key = piece.split(']').next().unwrap_or_default();
            if looks_like_key(key) && !keys.contains(&key.to_string()) {
                unknown.push(format!("docs/SOURCES.md: [{key}]"));
            }
        }
    }
    assert!(count > 20, "too few citations found: {count}");
    assert!(
        unknown.is_empty(),
        "citations without an entry: {unknown:#?}"
    );
}

#[test]
fn cmmcast_docs_prints_the_bundled_documents_exactly() {
    for (topic, file) in [
        ("data", "docs/DATA.md"),
        ("methods", "docs/METHODS.md"),
        ("sources", "docs/SOURCES.md"),
    ] {
        let run = cmmcast(&["docs", topic]);
        assert_eq!(run.code, Some(0), "{topic}: {}", run.stderr);
        let expected = std::fs::read_to_string(root().join(file)).expect("the document");
        assert!(run.stdout == expected, "cmmcast docs {topic} is not {file}");
    }
    let help = cmmcast(&["--help"]);
    assert!(help.stdout.contains("cmmcast docs"), "{}", help.stdout);
}
