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

/// The page as the browser prints it: `page` printed to PDF (paper size and margins are the
/// page's own `@page` rule) and the PDF's text, or why there is none.
fn printed_text(browser: &Path, scratch: &Path, page: &Path) -> Result<String, String> {
    let pdf = scratch.join("page.pdf");
    let _ = std::fs::remove_file(&pdf);
    let run = browse(
        browser,
        scratch,
        page,
        &[
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).map_err(|e| {
        format!(
            "no PDF ({e}; browser {}); its log ends: {}",
            if run.success { "succeeded" } else { "failed" },
            tail(&run.stderr)
        )
    })?;
    pdf_extract::extract_text_from_mem(&bytes).map_err(|e| format!("the PDF's text: {e}"))
}

/// Text of an HTML fragment as a reader sees it: tags dropped (`<wbr>` too), the entities the
/// page writes decoded.
fn html_text(fragment: &str) -> String {
    let mut text = String::with_capacity(fragment.len());
    let mut rest = fragment;
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        rest = rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]);
    }
    text.push_str(rest);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#96;", "`")
        .replace("&amp;", "&")
}

/// The parts of `html` between each `open` and the next `close`.
fn between<'h>(html: &'h str, open: &str, close: &str) -> Vec<&'h str> {
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        let inner = &rest[at + open.len()..];
        let end = inner.find(close).unwrap_or(inner.len());
        parts.push(&inner[..end]);
        rest = &inner[end..];
    }
    parts
}

/// Every column header of every table in the page (`<th>` cells), once each.
fn column_headers(html: &str) -> Vec<String> {
    let mut headers: Vec<String> = between(html, "<th", "</th>")
        .into_iter()
        .map(|cell| html_text(cell.split_once('>').map_or("", |(_, text)| text)))
        .collect();
    headers.sort();
    headers.dedup();
    headers
}

/// `html` without the parts from each `open` to the next `close` (inclusive).
fn without(html: &str, open: &str, close: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        kept.push_str(&rest[..at]);
        rest = rest[at..]
            .find(close)
            .map_or("", |end| &rest[at + end + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

/// What a printed page lost: each column header that appears fewer times in the PDF's text than
/// in the page's text (the body without the contents, which print hides, and without the
/// charts, whose SVG titles are not shown; what the charts print only adds to the PDF's
/// count), and every backtick in the PDF. The PDF's text breaks lines (and sometimes words)
/// where the page wraps, so both texts are compared without white space; counting every
/// occurrence means a header that also appears in a sentence is still missed when its column
/// is cut off.
fn print_problems(html: &str, printed: &str) -> Vec<String> {
    let squeeze = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let body = html.split_once("<body>").map_or(html, |(_, body)| body);
    let body = without(&without(body, "<nav>", "</nav>"), "<svg", "</svg>");
    let visible = squeeze(&html_text(&body));
    let printed_squeezed = squeeze(printed);
    let mut problems = Vec::new();
    for header in column_headers(html) {
        let needle = squeeze(&header);
        if needle.is_empty() {
            continue;
        }
        let on_page = visible.matches(&needle).count();
        let on_paper = printed_squeezed.matches(&needle).count();
        if on_paper < on_page {
            problems.push(format!(
                "the column header {header:?} is printed {on_paper} times but the page shows it {on_page} times: a column was cut off"
            ));
        }
    }
    let backticks = printed.matches('`').count();
    if backticks > 0 {
        problems.push(format!("the printed page shows {backticks} backticks"));
    }
    problems
}

/// Printed to PDF, the report keeps every column of every table (the forecast's upper_95 and
/// the projection's last columns were cut off at the right edge of the paper), shows no
/// markdown backticks (they were printed as text), and shows a sizing table of 150 engine
/// counts by the rows that matter, naming the CSV that holds them all.
#[test]
fn report_prints_every_column_and_no_backtick() {
    let Some(browser) = browser_or_skip("report_prints_every_column_and_no_backtick") else {
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
        "--economics-paths",
        "2000",
        "--max-engines",
        "150",
    ]);
    assert_eq!(run.code, Some(0), "cmmcast report failed: {}", run.stderr);
    let page = out.join("report.html");
    let html = std::fs::read_to_string(&page).expect("report.html");
    let printed = printed_text(&browser, scratch.path(), &page).unwrap_or_else(|e| panic!("{e}"));
    let mut problems = print_problems(&html, &printed);
    let squeezed: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    // The first 3 counts, the recommended one with up to 2 either side, and the last: at most 9.
    let shown = (4..=9)
        .map(|n| format!("Shown:{n}of150rows"))
        .find(|line| squeezed.contains(line.as_str()));
    if shown.is_none() || !squeezed.contains("Everyrowisinsizing.csvbesidethispage.") {
        problems.push(
            "the printed sizing table does not say that it shows at most 9 of its 150 rows and that sizing.csv holds them all".into(),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The print checks on a page that loses columns in print and shows a backtick: they see both.
#[test]
fn the_print_checks_see_cut_columns_and_backticks() {
    let Some(browser) = browser_or_skip("the_print_checks_see_cut_columns_and_backticks") else {
        return;
    };
    let scratch = tempfile::tempdir().expect("temporary folder");
    let wide = scratch.path().join("wide.html");
    let headers: String = (1..=40)
        .map(|i| format!("<th>column_number_{i:02}</th>"))
        .collect();
    let cells: String = (1..=40).map(|i| format!("<td>{i}</td>")).collect();
    std::fs::write(
        &wide,
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>wide</title>\
             <style>th, td {{ white-space: nowrap; }}</style></head><body>\
             <p>A `backtick`.</p><table><tr>{headers}</tr><tr>{cells}</tr></table></body></html>"
        ),
    )
    .expect("the control page");
    let html = std::fs::read_to_string(&wide).expect("the control page");
    let printed = printed_text(&browser, scratch.path(), &wide).unwrap_or_else(|e| panic!("{e}"));
    let problems = print_problems(&html, &printed);
    assert!(
        problems.iter().any(|p| p.contains("\"column_number_40\"")),
        "the checks missed the cut-off last column: {problems:#?}"
    );
    assert!(
        !problems.iter().any(|p| p.contains("\"column_number_01\"")),
        "the checks missed the first column, which is printed: {problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("backticks")),
        "the checks missed the backtick: {problems:#?}"
    );
}
