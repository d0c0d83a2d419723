//! report.html in a real browser: headless Chromium opens the page written by `cmmcast report`,
//! takes a screenshot and dumps the DOM it rendered; the test checks that the screenshot is not
//! blank, that every chart is in the rendered page as an SVG with its title, and that the page
//! logged nothing to the console (no error, no refused fetch: the page's security policy
//! forbids every fetch, so a reference to anything outside the page would show up here).
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it with apt-get when missing).
//! Set CMMCAST_CHROMIUM to use another binary. Without a browser the tests print why they are
//! skipped and pass; CI always has one.
//!
//! A control test runs the same checks on a page that does log errors and on a blank page, so
//! that a check which could never fail would be noticed.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::cmmcast;

/// How long one browser run may take before it is stopped.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);

/// Window size of the screenshot: wide enough for the page's column, tall enough for the
/// summary and the first charts.
const WINDOW: &str = "--window-size=1200,4200";

/// The browser: CMMCAST_CHROMIUM, or the first of Chromium's usual names on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CMMCAST_CHROMIUM") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}

/// The browser, or `None` after printing why the test is skipped.
fn browser_or_skip(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        let reason = format!(
            "skipped {test}: no Chromium found (install Debian's chromium package, as .ci/run does, or set CMMCAST_CHROMIUM)"
        );
        println!("{reason}");
        eprintln!("{reason}");
    }
    found
}

/// What one browser run gave.
struct BrowserRun {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs the browser headless on `page` with `extra` flags and a fresh profile in `scratch`,
/// stopping it after [`BROWSER_TIMEOUT`].
fn browse(browser: &Path, scratch: &Path, page: &Path, extra: &[String]) -> BrowserRun {
    let profile = tempfile::tempdir_in(scratch).expect("a profile folder");
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the browser starts");
    let mut out = child.stdout.take().expect("stdout piped");
    let mut err = child.stderr.take().expect("stderr piped");
    let read_out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let read_err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait().expect("the browser can be waited for") {
            Some(status) => break Some(status),
            None if start.elapsed() > BROWSER_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    BrowserRun {
        success: status.is_some_and(|s| s.success()),
        stdout: read_out.join().unwrap_or_default(),
        stderr: read_err.join().unwrap_or_default(),
    }
}

/// The lines the page logged to the console (Chromium writes them to its log as `CONSOLE`),
/// and uncaught errors.
fn console_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(str::to_string)
        .collect()
}

/// Share of the screenshot's pixels that are not white (any channel below 240), and of those
/// that are dark (every channel below 100: text and lines).
fn ink(png_path: &Path) -> (f64, f64) {
    let file = std::fs::File::open(png_path).expect("the screenshot exists");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let channels = info.color_type.samples();
    let pixels = &buffer[..info.buffer_size()];
    let (mut coloured, mut dark, mut total) = (0usize, 0usize, 0usize);
    for px in pixels.chunks_exact(channels) {
        let rgb: &[u8] = if channels >= 3 { &px[..3] } else { &px[..1] };
        total += 1;
        if rgb.iter().any(|&c| c < 240) {
            coloured += 1;
        }
        if rgb.iter().all(|&c| c < 100) {
            dark += 1;
        }
    }
    let total = total.max(1) as f64;
    (coloured as f64 / total, dark as f64 / total)
}

/// Problems with a page in the browser: a screenshot that is (almost) blank, console output,
/// and each of `elements` missing from the rendered DOM.
fn page_problems(browser: &Path, scratch: &Path, page: &Path, elements: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let shot = scratch.join("page.png");
    let _ = std::fs::remove_file(&shot);
    let run = browse(
        browser,
        scratch,
        page,
        &[
            WINDOW.to_string(),
            format!("--screenshot={}", shot.display()),
        ],
    );
    if !run.success || !shot.is_file() {
        problems.push(format!(
            "no screenshot (browser {}); its log ends: {}",
            if run.success {
                "succeeded"
            } else {
                "failed or timed out"
            },
            tail(&run.stderr)
        ));
    } else {
        let (coloured, dark) = ink(&shot);
        println!(
            "{}: screenshot {:.1} % of pixels not white, {:.2} % dark",
            page.display(),
            coloured * 100.0,
            dark * 100.0
        );
        if coloured < 0.03 || dark < 0.002 {
            problems.push(format!(
                "the screenshot is nearly blank: {:.2} % of pixels not white, {:.2} % dark",
                coloured * 100.0,
                dark * 100.0
            ));
        }
    }
    problems.extend(
        console_lines(&run.stderr)
            .into_iter()
            .map(|l| format!("console: {l}")),
    );

    let dom = browse(browser, scratch, page, &["--dump-dom".to_string()]);
    if !dom.success {
        problems.push(format!(
            "--dump-dom failed; its log ends: {}",
            tail(&dom.stderr)
        ));
    }
    problems.extend(
        console_lines(&dom.stderr)
            .into_iter()
            .map(|l| format!("console: {l}")),
    );
    for element in elements {
        if !dom.stdout.contains(element) {
            problems.push(format!("the rendered page lacks {element:?}"));
        }
    }
    problems
}

/// The last lines of a log, for a failure message.
fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}

#[test]
fn report_html_renders_in_headless_chromium() {
    let Some(browser) = browser_or_skip("report_html_renders_in_headless_chromium") else {
        return;
    };
    let scratch = tempfile::tempdir().expect("temporary folder");
    let out = scratch.path().join("report");
    let run = cmmcast(&[
        "report",
        "--out",
        &out.display().to_string(),
        "--paths",
        "2000",
        "--size-paths",
        "200",
    ]);
    assert_eq!(run.code, Some(0), "cmmcast report failed: {}", run.stderr);

    let problems = page_problems(
        &browser,
        scratch.path(),
        &out.join("report.html"),
        &[
            "<figure id=\"chart-forecast\">\n<svg role=\"img\"",
            "<figure id=\"chart-calibration\">\n<svg role=\"img\"",
            "<figure id=\"chart-power\">\n<svg role=\"img\"",
            "<figure id=\"chart-sizing\">\n<svg role=\"img\"",
            "<figure id=\"chart-tornado\">\n<svg role=\"img\"",
            "Songzao: methane drainage forecast",
            "How often the intervals held on real series",
            "Songzao: electricity and utilization",
            "Songzao: engines of 2 MW under daily gas flow, 2017-2030",
            "Songzao: what moves electricity_gwh in 2030 (tornado)",
            "id=\"table-simulation\"",
            "id=\"assumptions\"",
            "id=\"reproduce\"",
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_see_console_errors_and_blank_pages() {
    let Some(browser) = browser_or_skip("the_checks_see_console_errors_and_blank_pages") else {
        return;
    };
    let scratch = tempfile::tempdir().expect("temporary folder");
    let noisy = scratch.path().join("noisy.html");
    std::fs::write(
        &noisy,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>noisy</title></head><body>\
         <h1>A page with errors</h1><script>console.error(\"cmmcast control error\");\
         notDefinedAnywhere();</script></body></html>",
    )
    .expect("the control page");
    let problems = page_problems(&browser, scratch.path(), &noisy, &["<h1>"]);
    for expected in [
        "cmmcast control error",
        "Uncaught ReferenceError",
        "nearly blank",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "the checks missed {expected:?}; they found: {problems:#?}"
        );
    }
    assert!(
        !problems.iter().any(|p| p.contains("lacks")),
        "the DOM check misread the page: {problems:#?}"
    );
}
