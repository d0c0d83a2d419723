//! `cmmcast docs [data|methods|sources]`: the documents a user needs, bundled into the binary
//! (`include_str!`), so that an installed `cmmcast` carries them wherever it is copied, away from
//! the repository its `--help` would otherwise point into.

use crate::args::{DocsArgs, DocsTopic};

/// docs/DATA.md: the input formats, their columns, units and rules.
pub const DATA_MD: &str = include_str!("../../../../docs/DATA.md");
/// docs/METHODS.md: every equation, default and hand calculation.
pub const METHODS_MD: &str = include_str!("../../../../docs/METHODS.md");
/// docs/SOURCES.md: every reference in full, by the keys cited as `[SOURCES: KEY]`.
pub const SOURCES_MD: &str = include_str!("../../../../docs/SOURCES.md");

/// The entry of docs/SOURCES.md under `key`, as one line of plain text (its markdown emphasis
/// left out), or `None` when there is none.
///
/// ```
/// let entry = cmmcast_cli::commands::docs::source_entry("iso-6976").expect("an entry");
/// assert!(entry.starts_with("ISO 6976:2016. Natural gas"));
/// ```
pub fn source_entry(key: &str) -> Option<String> {
    let start = format!("- <a id=\"{key}\"></a>**[{key}]** ");
    let mut lines = SOURCES_MD
        .lines()
        .skip_while(|line| !line.starts_with(&start));
    let first = lines.next()?.strip_prefix(&start)?;
    let rest = lines
        .take_while(|line| line.starts_with("  "))
        .map(str::trim);
    let text = std::iter::once(first)
        .chain(rest)
        .collect::<Vec<_>>()
        .join(" ");
    Some(text.replace('*', ""))
}

/// The keys cited as `[SOURCES: KEY]` in `text`, in order, each once.
pub fn cited_sources(text: &str, keys: &mut Vec<String>) {
    for piece in text.split("[SOURCES: ").skip(1) {
        if let Some((key, _)) = piece.split_once(']')
            && !keys.iter().any(|k| k == key)
        {
            keys.push(key.to_string());
        }
    }
}

/// The workspace's repository address from Cargo.toml, when it is a real one (the `.invalid`
/// top-level domain is reserved for addresses that do not exist, RFC 2606).
fn repository() -> Option<&'static str> {
    let url = env!("CARGO_PKG_REPOSITORY");
    let host = url.split("://").nth(1).unwrap_or(url).split('/').next();
    (!url.is_empty() && !host.is_some_and(|h| h.ends_with(".invalid"))).then_some(url)
}

/// The document asked for, exactly as in the repository; without a topic, the list of them.
///
/// ```
/// let methods = cmmcast_cli::run(["cmmcast", "docs", "methods"]).expect("bundled");
/// assert!(methods.starts_with("# Methods\n"));
/// ```
pub fn run(args: &DocsArgs) -> String {
    match args.topic {
        Some(DocsTopic::Data) => DATA_MD.to_string(),
        Some(DocsTopic::Methods) => METHODS_MD.to_string(),
        Some(DocsTopic::Sources) => SOURCES_MD.to_string(),
        None => {
            let mut text = String::from(
                "cmmcast carries its documentation; print a document with `cmmcast docs TOPIC`:\n\
                 \n  data      docs/DATA.md: the input formats (CSV, JSON, TOML, workbooks), \
                 columns, units and rules\n  methods   docs/METHODS.md: every equation, \
                 default and hand calculation\n  sources   docs/SOURCES.md: every reference in \
                 full, by the keys the output cites as [SOURCES: KEY]\n",
            );
            if let Some(url) = repository() {
                text.push_str(&format!("\nThe repository: {url}\n"));
            }
            text
        }
    }
}
