//! Writing a report's files into a folder safely.
//!
//! A report is several files that belong together, and the folder may hold a previous report
//! someone has already sent round. So every file is first written to a temporary name in the
//! folder and only renamed into place once all of them are written: a run that fails or is
//! interrupted while writing leaves the previous report as it was (a rename within one folder
//! replaces a file in one step). The folder also keeps a manifest, [`MANIFEST`], naming what
//! `cmmcast report` wrote, so that it never overwrites or mixes with files somebody else put
//! there unless told to (`--force`).

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::failure::Failure;
use crate::output::{Found, Inputs};

/// The manifest's file name: the files `cmmcast report` wrote into the folder, one a line.
pub const MANIFEST: &str = ".cmmcast-report";

/// What a temporary file's name ends with; the name starts with a dot, so `.forecast.svg.partial`.
const PARTIAL: &str = ".partial";

/// One file of a report: its name in the folder and its contents.
#[derive(Debug, Clone)]
pub struct ReportFile {
    /// Plain file name, no folder part.
    pub name: String,
    /// The bytes to write.
    pub contents: Vec<u8>,
}

impl ReportFile {
    /// A text file.
    pub fn text(name: impl Into<String>, contents: impl Into<String>) -> ReportFile {
        ReportFile {
            name: name.into(),
            contents: contents.into().into_bytes(),
        }
    }
}

/// Writes `files` and the manifest into `dir`, creating it when missing, and returns the paths
/// written (the manifest last).
///
/// Refuses a folder holding anything the manifest does not name (or any file at all without a
/// manifest) unless `force`; with `force` those files are left alone. Files a previous report
/// wrote that this one does not are removed, so the folder holds one report. Whatever `force`
/// says, [`crate::output`]'s rules hold for every file: none replaces one of `inputs`, and none
/// replaces a named pipe, a device or a folder (a report's files are renamed into place
/// together, so it cannot stream one of them).
pub fn write_report(
    dir: &Path,
    files: &[ReportFile],
    force: bool,
    inputs: &Inputs<'_>,
) -> Result<Vec<PathBuf>, Failure> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Usage(format!(
            "--out {shown} is a file, not a folder; give the name of a folder (it is created when missing)"
        )));
    }
    fs::create_dir_all(dir).map_err(|e| {
        Failure::Usage(format!(
            "cannot create the report folder {shown}: {e}; give --out a folder you can write to"
        ))
    })?;
    let previous = read_manifest(dir)?;
    let names: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    for name in std::iter::once(MANIFEST).chain(names.iter().copied()) {
        check_target(dir, &dir.join(name), inputs)?;
    }
    let foreign = foreign_entries(dir, &previous, &names)?;
    if !foreign.is_empty() && !force {
        let mut listed: Vec<String> = foreign.iter().take(3).cloned().collect();
        if foreign.len() > 3 {
            listed.push(format!("and {} more", foreign.len() - 3));
        }
        return Err(Failure::Usage(format!(
            "the folder {shown} holds files cmmcast report did not write ({}); give --out a new or empty folder, or add --force to write the report beside them",
            listed.join(", ")
        )));
    }

    // Every file, the manifest first, to its temporary name; on any failure, remove them all.
    let manifest = ReportFile::text(MANIFEST, manifest_text(files));
    let all: Vec<&ReportFile> = std::iter::once(&manifest).chain(files).collect();
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(all.len());
    for file in &all {
        let temporary = dir.join(partial_name(&file.name));
        let target = dir.join(&file.name);
        let result = write_file(&temporary, &file.contents);
        written.push((temporary, target));
        if let Err(e) = result {
            remove_temporaries(&written);
            return Err(write_failure(dir, &file.name, &e));
        }
    }
    // Then rename each into place: the manifest first, so the folder never holds a file of ours
    // that no manifest names.
    for (i, (temporary, target)) in written.iter().enumerate() {
        if let Err(e) = fs::rename(temporary, target) {
            remove_temporaries(&written[i..]);
            let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
            return Err(write_failure(dir, name.as_deref().unwrap_or_default(), &e));
        }
    }
    // What an earlier report wrote and this one does not (nothing, unless the file set changed).
    for stale in previous.iter().filter(|n| !names.contains(n.as_str())) {
        let path = dir.join(stale);
        // Never an input, a pipe or a device, whatever the manifest says.
        if check_target(dir, &path, inputs).is_ok() {
            let _ = fs::remove_file(path);
        }
    }
    let mut paths: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.name)).collect();
    paths.push(dir.join(MANIFEST));
    Ok(paths)
}

/// Refuses to replace `target`, a file of the report in `dir`, when it is one of `inputs` or
/// is not a regular file.
fn check_target(dir: &Path, target: &Path, inputs: &Inputs<'_>) -> Result<(), Failure> {
    let Ok(metadata) = fs::metadata(target) else {
        return Ok(());
    };
    let (shown, file) = (dir.display(), target.display());
    if let Some((flag, input)) = inputs.same_as(&metadata) {
        return Err(Failure::Usage(format!(
            "--out {shown} would replace {file}, the same file as {flag} {}; give --out another folder (--force never overwrites an input)",
            input.display()
        )));
    }
    match Found::of(&metadata) {
        Found::Regular => Ok(()),
        found => Err(Failure::Usage(format!(
            "--out {shown} holds {file}, {}, where the report writes a file; a report's files are renamed into place together, so remove it or give --out another folder",
            found.words()
        ))),
    }
}

/// The names the folder's manifest lists (plain file names only), or none without one.
fn read_manifest(dir: &Path) -> Result<BTreeSet<String>, Failure> {
    let path = dir.join(MANIFEST);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && is_plain_name(l))
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(e) => Err(Failure::Usage(format!(
            "cannot read {}: {e}; remove it if the folder holds no report, or give --out another folder",
            path.display()
        ))),
    }
}

/// A file name with no folder part and nothing that leads out of the folder.
fn is_plain_name(name: &str) -> bool {
    !name.contains(['/', '\\']) && name != "." && name != ".."
}

/// The folder's entries that are not ours: not the manifest, not named by it, and not a
/// temporary file a run of ours left (an interrupted run's `.NAME.partial`).
fn foreign_entries(
    dir: &Path,
    previous: &BTreeSet<String>,
    names: &BTreeSet<&str>,
) -> Result<Vec<String>, Failure> {
    let entries = fs::read_dir(dir).map_err(|e| {
        Failure::Usage(format!(
            "cannot read the report folder {}: {e}; give --out a folder you can read and write",
            dir.display()
        ))
    })?;
    let ours = |name: &str| {
        name == MANIFEST
            || previous.contains(name)
            || name
                .strip_prefix('.')
                .and_then(|n| n.strip_suffix(PARTIAL))
                .is_some_and(|n| n == MANIFEST || names.contains(n) || previous.contains(n))
    };
    let mut foreign: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !ours(name))
        .collect();
    foreign.sort();
    Ok(foreign)
}

/// `.NAME.partial`: hidden, and recognisably ours when an interrupted run leaves it.
fn partial_name(name: &str) -> OsString {
    OsString::from(format!(".{name}{PARTIAL}"))
}

/// The manifest: a comment saying what it is, then one name a line.
fn manifest_text(files: &[ReportFile]) -> String {
    let mut text = format!(
        "# Files written by cmmcast report {}. cmmcast report refuses to write into a folder\n\
         # holding files it did not write unless --force; it replaces the files named here.\n",
        env!("CARGO_PKG_VERSION")
    );
    for file in files {
        text.push_str(&file.name);
        text.push('\n');
    }
    text
}

/// Writes `contents` to `path` (created or truncated) and flushes it.
fn write_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(contents)?;
    file.flush()
}

/// Removes the temporary files of `written` that still exist.
fn remove_temporaries(written: &[(PathBuf, PathBuf)]) {
    for (temporary, _) in written {
        let _ = fs::remove_file(temporary);
    }
}

/// A write error as one sentence naming the file.
fn write_failure(dir: &Path, name: &str, error: &std::io::Error) -> Failure {
    Failure::Usage(format!(
        "cannot write {}: {error}; give --out a folder you can write to with room for the report (the previous report, if any, is unchanged)",
        dir.join(name).display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Vec<ReportFile> {
        vec![
            ReportFile::text("a.svg", text),
            ReportFile::text("b.csv", text),
        ]
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("readable")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn creates_the_folder_and_writes_every_file_and_the_manifest() {
        let root = tempfile::tempdir().expect("temporary folder");
        let dir = root.path().join("new").join("report");
        let paths = write_report(&dir, &files("one"), false, &Inputs::default()).expect("written");
        assert_eq!(paths.len(), 3);
        assert_eq!(names(&dir), [MANIFEST, "a.svg", "b.csv"]);
        assert_eq!(
            fs::read_to_string(dir.join("a.svg")).ok().as_deref(),
            Some("one")
        );
        let manifest = fs::read_to_string(dir.join(MANIFEST)).expect("manifest");
        assert!(manifest.ends_with("a.svg\nb.csv\n"), "{manifest}");
    }

    #[test]
    fn replaces_its_own_report_and_leftover_temporaries() {
        let root = tempfile::tempdir().expect("temporary folder");
        write_report(root.path(), &files("one"), false, &Inputs::default()).expect("first");
        fs::write(root.path().join(".a.svg.partial"), "half").expect("leftover");
        write_report(root.path(), &files("two"), false, &Inputs::default()).expect("second");
        assert_eq!(names(root.path()), [MANIFEST, "a.svg", "b.csv"]);
        assert_eq!(
            fs::read_to_string(root.path().join("b.csv"))
                .ok()
                .as_deref(),
            Some("two")
        );
    }

    #[test]
    fn refuses_a_folder_with_other_files_unless_forced() {
        let root = tempfile::tempdir().expect("temporary folder");
        fs::write(root.path().join("notes.txt"), "mine").expect("a user's file");
        let Err(Failure::Usage(message)) =
            write_report(root.path(), &files("one"), false, &Inputs::default())
        else {
            panic!("a folder with a user's file must be refused");
        };
        assert!(
            message.contains("notes.txt") && message.contains("--force"),
            "{message}"
        );
        assert_eq!(names(root.path()), ["notes.txt"]);
        write_report(root.path(), &files("one"), true, &Inputs::default()).expect("forced");
        assert_eq!(
            names(root.path()),
            [MANIFEST, "a.svg", "b.csv", "notes.txt"]
        );
        assert_eq!(
            fs::read_to_string(root.path().join("notes.txt"))
                .ok()
                .as_deref(),
            Some("mine")
        );
    }

    #[test]
    fn a_file_with_a_report_name_but_no_manifest_is_not_ours() {
        let root = tempfile::tempdir().expect("temporary folder");
        fs::write(root.path().join("a.svg"), "theirs").expect("a user's file");
        assert!(write_report(root.path(), &files("one"), false, &Inputs::default()).is_err());
        assert_eq!(
            fs::read_to_string(root.path().join("a.svg"))
                .ok()
                .as_deref(),
            Some("theirs")
        );
    }

    #[test]
    fn a_failed_write_leaves_the_previous_report_and_no_temporary() {
        let root = tempfile::tempdir().expect("temporary folder");
        write_report(root.path(), &files("one"), false, &Inputs::default()).expect("first");
        // A folder where a temporary file must go makes its write fail half-way.
        fs::create_dir(root.path().join(".b.csv.partial")).expect("an obstacle");
        assert!(write_report(root.path(), &files("two"), false, &Inputs::default()).is_err());
        fs::remove_dir(root.path().join(".b.csv.partial")).expect("obstacle removed");
        assert_eq!(names(root.path()), [MANIFEST, "a.svg", "b.csv"]);
        for name in ["a.svg", "b.csv"] {
            assert_eq!(
                fs::read_to_string(root.path().join(name)).ok().as_deref(),
                Some("one")
            );
        }
    }

    #[test]
    fn files_an_earlier_report_wrote_and_this_one_does_not_are_removed() {
        let root = tempfile::tempdir().expect("temporary folder");
        let mut three = files("one");
        three.push(ReportFile::text("c.json", "{}"));
        write_report(root.path(), &three, false, &Inputs::default()).expect("first");
        write_report(root.path(), &files("two"), false, &Inputs::default()).expect("second");
        assert_eq!(names(root.path()), [MANIFEST, "a.svg", "b.csv"]);
    }

    #[test]
    fn a_file_an_earlier_report_wrote_stays_when_it_is_now_an_input() {
        let root = tempfile::tempdir().expect("temporary folder");
        let mut three = files("one");
        three.push(ReportFile::text("c.json", "{}"));
        write_report(root.path(), &three, false, &Inputs::default()).expect("first");
        let input = root.path().join("c.json");
        let inputs = Inputs::default().and("--input", Some(&input));
        write_report(root.path(), &files("two"), false, &inputs).expect("second");
        assert_eq!(names(root.path()), [MANIFEST, "a.svg", "b.csv", "c.json"]);
    }

    #[test]
    fn refuses_to_replace_an_input_even_when_forced() {
        let root = tempfile::tempdir().expect("temporary folder");
        write_report(root.path(), &files("one"), false, &Inputs::default()).expect("first");
        let input = root.path().join("b.csv");
        let inputs = Inputs::default().and("--input", Some(&input));
        let Err(Failure::Usage(message)) = write_report(root.path(), &files("two"), true, &inputs)
        else {
            panic!("a report file that is the input must be refused");
        };
        assert!(
            message.contains("--force never overwrites an input"),
            "{message}"
        );
        assert_eq!(fs::read_to_string(&input).ok().as_deref(), Some("one"));
    }

    #[test]
    fn refuses_a_file_given_as_the_folder() {
        let root = tempfile::tempdir().expect("temporary folder");
        let file = root.path().join("report");
        fs::write(&file, "x").expect("a file");
        let Err(Failure::Usage(message)) =
            write_report(&file, &files("one"), false, &Inputs::default())
        else {
            panic!("a file as --out must be refused");
        };
        assert!(message.contains("is a file, not a folder"), "{message}");
    }
}
