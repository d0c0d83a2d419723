//! Every file the CLI writes besides its table goes through here (`simulate --paths-out`,
//! `backtest --details`, and, through [`crate::folder`], the files of `report --out`), so that
//! one set of rules decides what may be written over and how.
//!
//! The rules, checked before anything is computed (docs/ROBUSTNESS.md, "Output files"):
//!
//! - **A regular file**, or a name that does not exist yet, is written to a temporary file of a
//!   fresh name in the same folder and renamed into place once complete: a failed or
//!   interrupted run leaves neither a partial file nor (unless the process is killed) the
//!   temporary one. A rename within a folder replaces a file in one step.
//! - **An input of the command** (`--input`, `--facts`, `--scenario`: the same
//!   file by device and inode, so links and other spellings count) is never written over, not
//!   even with `--force`: a typo there would destroy the data the run was made from.
//! - **An existing regular file** is replaced only with `--force`, as `report` refuses a folder
//!   holding files it did not write: nothing records that an earlier run wrote a single file,
//!   so every existing file counts as someone else's.
//! - **A named pipe or a character device** (`/dev/null`, `/dev/full`, a terminal) is opened
//!   and written in place, streamed, never replaced: a rename would put a regular file where
//!   the pipe or the device node was, and the reader would get nothing. `-`, and any path that
//!   is this process's standard output (`/dev/stdout` on a pipe or a file), is standard output;
//!   the command's own table then goes to standard error, so that the stream holds one file.
//! - **A folder, a socket or a block device** is refused: none can take a CSV, and a disk must
//!   never be written by mistake.
//!
//! A write error is one sentence naming the flag and the path. A stream has taken part of the
//! output before its error; the sentence says so. A reader that closes standard output early
//! (`cmmcast simulate --paths-out - | head`) ends the run quietly with success, as a closed pipe
//! does for the table (`main_entry`).

use std::fs::{self, File, Metadata, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::args::InputArgs;
use crate::failure::Failure;

/// The path that means standard output.
pub const STANDARD_OUTPUT: &str = "-";

/// What a temporary file's name ends with; it starts with a dot and holds the process id, so
/// `.paths.csv.4242.partial`, a name no other file has (it is created with `create_new`).
const PARTIAL: &str = "partial";

/// Set once a file flag has claimed standard output, so that the table goes to standard error.
static STANDARD_OUTPUT_TAKEN: AtomicBool = AtomicBool::new(false);

/// Whether a file flag (`-` or `/dev/stdout`) writes to standard output in this process: then
/// the command's table goes to standard error.
pub fn standard_output_taken() -> bool {
    STANDARD_OUTPUT_TAKEN.load(Ordering::Relaxed)
}

/// The input files of a command, each with its flag, which no output may replace.
#[derive(Debug, Clone, Default)]
pub struct Inputs<'a> {
    files: Vec<(&'static str, &'a Path)>,
}

impl<'a> Inputs<'a> {
    /// `--input` and `--facts`, when given.
    pub fn of(args: &'a InputArgs) -> Inputs<'a> {
        Inputs::default()
            .and("--input", args.input.as_deref())
            .and("--facts", args.facts.as_deref())
    }

    /// These inputs and `path` under `flag`, when given.
    pub fn and(mut self, flag: &'static str, path: Option<&'a Path>) -> Inputs<'a> {
        if let Some(path) = path {
            self.files.push((flag, path));
        }
        self
    }

    /// The first input that is the same file as `target` (metadata of an existing file): its
    /// flag and path.
    pub fn same_as(&self, target: &Metadata) -> Option<(&'static str, &'a Path)> {
        self.files.iter().copied().find(|(_, path)| {
            fs::metadata(path).is_ok_and(|input| input.is_file() && same_file(&input, target))
        })
    }

    /// The refusal when `target` (the file at `shown`, which `flag` writes) is an input.
    pub fn check(&self, flag: &str, shown: &Path, target: &Metadata) -> Result<(), Failure> {
        match self.same_as(target) {
            Some((input_flag, input)) => Err(Failure::Usage(format!(
                "{flag} {} is the same file as {input_flag} {}; writing there would replace the input, so give {flag} another file name (--force never overwrites an input)",
                shown.display(),
                input.display()
            ))),
            None => Ok(()),
        }
    }
}

/// What is at an output path that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A regular file.
    Regular,
    /// A folder.
    Folder,
    /// A named pipe (FIFO).
    NamedPipe,
    /// A character device (`/dev/null`, a terminal).
    CharacterDevice,
    /// A block device (a disk).
    BlockDevice,
    /// A Unix socket.
    Socket,
}

impl Found {
    /// What `metadata` (following links) describes.
    pub fn of(metadata: &Metadata) -> Found {
        let kind = metadata.file_type();
        if kind.is_file() {
            return Found::Regular;
        }
        if kind.is_dir() {
            return Found::Folder;
        }
        special(&kind)
    }

    /// The words for it in a sentence.
    pub fn words(self) -> &'static str {
        match self {
            Found::Regular => "a regular file",
            Found::Folder => "a folder",
            Found::NamedPipe => "a named pipe",
            Found::CharacterDevice => "a character device",
            Found::BlockDevice => "a block device (a disk)",
            Found::Socket => "a socket",
        }
    }

    /// Whether it is written in place, streamed, rather than replaced.
    pub fn is_stream(self) -> bool {
        matches!(self, Found::NamedPipe | Found::CharacterDevice)
    }
}

/// What a file type that is neither a file nor a folder is.
#[cfg(unix)]
fn special(kind: &fs::FileType) -> Found {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        Found::NamedPipe
    } else if kind.is_char_device() {
        Found::CharacterDevice
    } else if kind.is_block_device() {
        Found::BlockDevice
    } else {
        Found::Socket
    }
}

/// What a file type that is neither a file nor a folder is (no pipes or devices to tell apart).
#[cfg(not(unix))]
fn special(_kind: &fs::FileType) -> Found {
    Found::Socket
}

/// Whether two existing files' metadata describe the same file.
#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Whether two existing files' metadata describe the same file (no inodes to compare: size and
/// modification time, a close enough proxy for a refusal).
#[cfg(not(unix))]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// Whether `target` is this process's standard output.
#[cfg(unix)]
fn is_standard_output(target: &Metadata) -> bool {
    use std::os::fd::AsFd;
    std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|out| same_file(&out, target))
}

/// Whether `target` is this process's standard output (not knowable here: only `-` is).
#[cfg(not(unix))]
fn is_standard_output(_target: &Metadata) -> bool {
    false
}

/// Where one output flag writes: checked by [`Destination::check`] before anything is
/// computed, opened by [`Destination::open`] when there is something to write.
#[derive(Debug, Clone)]
pub struct Destination {
    /// The flag, for messages (`--paths-out`).
    flag: &'static str,
    /// The path as given, for messages.
    given: PathBuf,
    how: How,
}

/// How a destination is written.
#[derive(Debug, Clone)]
enum How {
    /// Standard output, streamed.
    StandardOutput,
    /// A named pipe or a character device, opened and written in place.
    InPlace(Found),
    /// A temporary file in `path`'s folder, renamed to `path` (a link's target, so that the link
    /// stays) and given `permissions` (the replaced file's) when complete.
    Replace {
        path: PathBuf,
        permissions: Option<Permissions>,
    },
}

impl Destination {
    /// Checks that `flag` may write `path`: not an input, not an existing file without `force`,
    /// and something that can take a file; `-` is standard output.
    pub fn check(
        flag: &'static str,
        path: &Path,
        inputs: &Inputs<'_>,
        force: bool,
    ) -> Result<Destination, Failure> {
        let destination = |how| Destination {
            flag,
            given: path.to_path_buf(),
            how,
        };
        if path.as_os_str() == STANDARD_OUTPUT {
            return Ok(destination(How::StandardOutput));
        }
        let shown = path.display();
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // A new file: its folder must exist, which is known now rather than after the
                // work that fills it.
                let folder = match path.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent,
                    _ => Path::new("."),
                };
                if let Err(e) = fs::metadata(folder) {
                    return Err(Failure::Usage(format!(
                        "cannot write {flag} {shown}: {e}; give a file name in a folder that exists and is writable"
                    )));
                }
                return Ok(destination(How::Replace {
                    path: path.to_path_buf(),
                    permissions: None,
                }));
            }
            Err(e) => {
                return Err(Failure::Usage(format!(
                    "cannot write {flag} {shown}: {e}; give a file name in a folder that exists and is writable"
                )));
            }
        };
        let found = Found::of(&metadata);
        if found != Found::CharacterDevice && is_standard_output(&metadata) {
            return Ok(destination(How::StandardOutput));
        }
        match found {
            Found::Regular => {
                inputs.check(flag, path, &metadata)?;
                if !force {
                    return Err(Failure::Usage(format!(
                        "{flag} {shown} already exists; add --force to replace it, or give {flag} another file name"
                    )));
                }
                // Through a link, the file it names is replaced and the link kept.
                let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                Ok(destination(How::Replace {
                    path: target,
                    permissions: Some(metadata.permissions()),
                }))
            }
            Found::NamedPipe | Found::CharacterDevice => Ok(destination(How::InPlace(found))),
            Found::Folder => {
                // Opening a folder for writing always fails, with the system's own words.
                let e = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .err()
                    .unwrap_or_else(|| io::Error::other("it is a folder"));
                Err(Failure::Usage(format!(
                    "cannot write {flag} {shown}: {e}; give a file name in a folder that exists and is writable"
                )))
            }
            Found::BlockDevice | Found::Socket => Err(Failure::Usage(format!(
                "{flag} {shown} is {}, which cannot take a file's contents; give {flag} another file name",
                found.words()
            ))),
        }
    }

    /// Opens the destination for writing: a fresh temporary file, the pipe or device itself,
    /// or standard output.
    pub fn open(&self) -> Result<OutputFile, Failure> {
        let opened: io::Result<(Box<dyn Write + Send>, Option<Temporary>)> = match &self.how {
            How::StandardOutput => {
                STANDARD_OUTPUT_TAKEN.store(true, Ordering::Relaxed);
                Ok((Box::new(io::stdout()), None))
            }
            // Never created or truncated: only opened, as `>` would on a pipe or a device.
            How::InPlace(_) => OpenOptions::new()
                .write(true)
                .open(&self.given)
                .map(|f| (Box::new(f) as Box<dyn Write + Send>, None)),
            How::Replace { path, .. } => Temporary::create(path).and_then(|temporary| {
                let file = temporary.file.try_clone()?;
                Ok((Box::new(file) as Box<dyn Write + Send>, Some(temporary)))
            }),
        };
        match opened {
            Ok((sink, temporary)) => Ok(OutputFile {
                destination: self.clone(),
                writer: Some(BufWriter::with_capacity(1 << 16, sink)),
                temporary,
            }),
            Err(e) => Err(self.open_failure(e)),
        }
    }

    /// Writes `contents` whole: [`Destination::open`], write, [`OutputFile::finish`].
    pub fn write_all(&self, contents: &[u8]) -> Result<(), Failure> {
        let mut file = self.open()?;
        match file.write_all(contents) {
            Ok(()) => file.finish(),
            Err(e) => Err(file.failure(e)),
        }
    }

    /// An error opening the destination (a missing folder, no permission) as one sentence
    /// naming the flag and the path: bad usage, exit code 2.
    fn open_failure(&self, e: io::Error) -> Failure {
        let (flag, shown) = (self.flag, self.given.display());
        match &self.how {
            How::StandardOutput => Failure::Usage(format!(
                "cannot write {flag} to standard output: {e}; give {flag} a file name"
            )),
            How::InPlace(found) => Failure::Usage(format!(
                "cannot write {flag} {shown} ({}): {e}; give {flag} a path that can be written",
                found.words()
            )),
            How::Replace { .. } => Failure::Usage(format!(
                "cannot write {flag} {shown}: {e}; give a file name in a folder that exists and is writable"
            )),
        }
    }

    /// An error writing the open destination (a full disk, a closed pipe) as one sentence
    /// naming the flag and the path: exit code 1. A closed standard output ends the run
    /// quietly ([`Failure::Output`] with a broken pipe).
    pub fn failure(&self, e: io::Error) -> Failure {
        let (flag, shown) = (self.flag, self.given.display());
        match &self.how {
            How::StandardOutput if e.kind() == io::ErrorKind::BrokenPipe => Failure::Output(e),
            How::StandardOutput => Failure::Written(format!(
                "cannot write {flag} to standard output: {e}; what it received is incomplete, so give {flag} a file name"
            )),
            How::InPlace(found) => Failure::Written(format!(
                "cannot write {flag} {shown} ({}): {e}; what it received is incomplete, so give {flag} a path that takes the whole output",
                found.words()
            )),
            How::Replace { .. } => Failure::Written(format!(
                "cannot write {flag} {shown}: {e}; nothing was written there, so give a file name in a folder with room for it"
            )),
        }
    }
}

/// A temporary file beside the destination, removed when dropped unless renamed into place.
#[derive(Debug)]
struct Temporary {
    /// Its path, until it is renamed into place.
    path: Option<PathBuf>,
    file: File,
}

impl Temporary {
    /// Creates `.NAME.PID.partial` (or `.NAME.PID-N.partial` when taken) in `target`'s folder.
    fn create(target: &Path) -> io::Result<Temporary> {
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pid = std::process::id();
        let mut attempt = 0_u32;
        loop {
            let suffix = match attempt {
                0 => format!("{pid}"),
                n => format!("{pid}-{n}"),
            };
            let path = folder.join(format!(".{name}.{suffix}.{PARTIAL}"));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    return Ok(Temporary {
                        path: Some(path),
                        file,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Makes the temporary file durable, gives it `permissions` and renames it to `target`.
    fn commit(mut self, target: &Path, permissions: Option<&Permissions>) -> io::Result<()> {
        let Some(path) = self.path.take() else {
            return Ok(());
        };
        let renamed = self
            .file
            .sync_all()
            .and_then(|()| match permissions {
                Some(permissions) => fs::set_permissions(&path, permissions.clone()),
                None => Ok(()),
            })
            .and_then(|()| fs::rename(&path, target));
        if renamed.is_err() {
            self.path = Some(path);
        }
        renamed
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        // Still here unless renamed into place; it must not stay.
        if let Some(path) = self.path.take() {
            let _ = fs::remove_file(path);
        }
    }
}

/// An opened destination: write to it, then [`OutputFile::finish`]. Dropped unfinished (an
/// error elsewhere), it removes its temporary file and leaves the destination as it was.
pub struct OutputFile {
    destination: Destination,
    writer: Option<BufWriter<Box<dyn Write + Send>>>,
    temporary: Option<Temporary>,
}

impl OutputFile {
    /// Flushes and, for a regular file, renames the temporary file into place.
    pub fn finish(mut self) -> Result<(), Failure> {
        let flushed = match self.writer.take() {
            Some(mut writer) => writer.flush(),
            None => Ok(()),
        };
        let done = flushed.and_then(|()| match (self.temporary.take(), &self.destination.how) {
            (Some(temporary), How::Replace { path, permissions }) => {
                temporary.commit(path, permissions.as_ref())
            }
            _ => Ok(()),
        });
        done.map_err(|e| self.destination.failure(e))
    }

    /// A write error as the destination's one sentence (the temporary file goes when this is
    /// dropped).
    pub fn failure(&self, e: io::Error) -> Failure {
        self.destination.failure(e)
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.writer.as_mut() {
            Some(writer) => writer.write(buf),
            None => Err(io::Error::other("the output is already finished")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.writer.as_mut() {
            Some(writer) => writer.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        // Close the writer before the temporary file is removed; a stream keeps what it got.
        self.writer = None;
        self.temporary = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_dropped_output_leaves_no_temporary_and_the_old_file() {
        let root = tempfile::tempdir().expect("temporary folder");
        let path = root.path().join("out.csv");
        fs::write(&path, "old").expect("a file");
        let destination =
            Destination::check("--x", &path, &Inputs::default(), true).expect("allowed");
        let mut file = destination.open().expect("opened");
        file.write_all(b"new, half").expect("written");
        drop(file);
        assert_eq!(names(root.path()), ["out.csv"]);
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("old"));
    }

    #[test]
    fn a_finished_output_replaces_the_file() {
        let root = tempfile::tempdir().expect("temporary folder");
        let path = root.path().join("out.csv");
        let destination =
            Destination::check("--x", &path, &Inputs::default(), false).expect("allowed");
        destination.write_all(b"new").expect("written");
        assert_eq!(names(root.path()), ["out.csv"]);
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("new"));
    }

    #[test]
    fn a_block_device_is_refused_before_anything_is_opened() {
        // Only its metadata is read: a block device is refused, never opened.
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let Some(disk) = fs::read_dir("/dev").ok().and_then(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| fs::metadata(p).is_ok_and(|m| m.file_type().is_block_device()))
            }) else {
                eprintln!("skipped: no block device in /dev");
                return;
            };
            let Err(Failure::Usage(message)) =
                Destination::check("--x", &disk, &Inputs::default(), true)
            else {
                panic!("{} must be refused", disk.display());
            };
            assert!(message.contains("a block device (a disk)"), "{message}");
        }
    }
}
