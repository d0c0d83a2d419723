//! Build script: records the git commit the binary is built from, for `cmmcast --version`
//! (`cmmcast 0.1.0 (abc1234)`, `abc1234-dirty` with uncommitted changes).
//!
//! It never fails the build: without git, outside a git checkout of this workspace (a crates.io
//! tarball, a vendored copy inside another repository) or on any error, the commit is
//! `unknown`. `CMMCAST_COMMIT` set in the build's environment wins over git (for packagers who
//! build from a tarball but know the commit).
//!
//! To stay fresh without running git on every build, it asks cargo to run it again only when
//! what it read can have changed: HEAD, the branch HEAD names, packed refs, the index (staging
//! and commits), and the workspace's sources, whose edits make a checkout dirty.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CMMCAST_COMMIT");
    let (commit, source) = match std::env::var("CMMCAST_COMMIT") {
        Ok(commit) if !commit.trim().is_empty() => (commit.trim().to_string(), "environment"),
        _ => match git_commit() {
            Some(commit) => (commit, "git"),
            None => ("unknown".to_string(), "none"),
        },
    };
    println!("cargo:rustc-env=CMMCAST_COMMIT={commit}");
    // Where it came from (git, environment or none), for the tests.
    println!("cargo:rustc-env=CMMCAST_COMMIT_SOURCE={source}");
}

/// `abc1234` or `abc1234-dirty`, when this package is checked out in a git working tree of the
/// cmmcast workspace and git runs; `None` otherwise.
fn git_commit() -> Option<String> {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let toplevel = PathBuf::from(git(&manifest_dir, &["rev-parse", "--show-toplevel"])?);
    // Only a checkout of this workspace: the package must sit at crates/cmmcast-cli of it, not
    // in some other repository that happens to hold a copy.
    let expected = toplevel.join("crates").join("cmmcast-cli");
    if canonical(&expected)? != canonical(&manifest_dir)? {
        return None;
    }
    watch(&manifest_dir, &toplevel);
    let hash = git(&manifest_dir, &["rev-parse", "--short", "HEAD"])?;
    // `git status` refreshes the index's file times as a side effect; `diff-index` after
    // `update-index --refresh` would too. `--no-optional-locks` keeps it read-only.
    let status = git(
        &manifest_dir,
        &[
            "--no-optional-locks",
            "status",
            "--porcelain",
            "--untracked-files=no",
        ],
    );
    Some(match status {
        Some(changes) if !changes.is_empty() => format!("{hash}-dirty"),
        Some(_) => hash,
        // Status failed but the commit is known: say so without claiming the tree is clean.
        None => format!("{hash}-unknown-state"),
    })
}

/// Tells cargo which files to watch. Paths come from git itself, so that a worktree (whose
/// `.git` is a file pointing elsewhere) and packed refs are handled.
fn watch(manifest_dir: &Path, toplevel: &Path) {
    let git_path = |name: &str| {
        git(manifest_dir, &["rev-parse", "--git-path", name]).map(|p| {
            let p = PathBuf::from(p);
            if p.is_absolute() {
                p
            } else {
                manifest_dir.join(p)
            }
        })
    };
    let mut watched: Vec<PathBuf> = ["HEAD", "packed-refs", "index"]
        .into_iter()
        .filter_map(git_path)
        .collect();
    // The branch HEAD points at (absent when HEAD is detached).
    if let Some(branch) = git(manifest_dir, &["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git_path(&branch)
    {
        watched.push(path);
    }
    // Edits to tracked sources make the tree dirty without touching the index.
    watched.extend(
        ["crates", "data", "Cargo.toml", "Cargo.lock"]
            .into_iter()
            .map(|p| toplevel.join(p)),
    );
    // Cargo reruns the script on every build while a watched path is missing, so only existing
    // paths are named. When one appears (refs packed, a branch's first commit) another goes
    // or changes (the loose ref, the index), so the script still runs again.
    for path in watched.into_iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// Runs git in `dir` and returns its trimmed standard output, or `None` on any failure.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(String::from_utf8(output.stdout).ok()?.trim().to_string())
}

fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}
