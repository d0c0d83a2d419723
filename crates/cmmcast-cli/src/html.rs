//! The report page: one self-contained HTML file with the charts inline as SVG, the styles
//! inline as CSS, and every table, assumption and source as text.
//!
//! The page fetches nothing: no scripts, fonts, images or style sheets from anywhere, and a
//! Content-Security-Policy that forbids them, so it reads the same offline, in an e-mail
//! attachment or years later. It carries no timestamp either, so the same command line and
//! version write the same bytes.

mod prose;
mod rows;
mod table;

use std::fmt::Write as _;

use crate::report::Report;
pub use prose::prose;
pub use rows::Rows;
use table::table;

/// A chart with its caption and the table behind it.
#[derive(Debug, Clone)]
pub struct Figure {
    /// HTML id of the figure (`chart-` is put in front).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// What the chart shows, in sentences.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
    /// File name stem of its CSV and JSON.
    pub stem: &'static str,
    /// The numbers behind it.
    pub table: Report,
    /// Which of its rows the page shows (the CSV holds them all).
    pub rows: Rows,
    /// Words on the method behind the chart, after its caption (a heading and paragraphs), and
    /// in the contents.
    pub explanation: Option<Explanation>,
}

/// A few paragraphs under a heading of their own, within a figure's section.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// HTML id.
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// The paragraphs.
    pub paragraphs: Vec<String>,
}

/// A table of its own.
#[derive(Debug, Clone)]
pub struct Section {
    /// HTML id (`table-` is put in front).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// A sentence on what it is.
    pub intro: String,
    /// File name stem of its CSV and JSON.
    pub stem: &'static str,
    /// The table.
    pub table: Report,
    /// Which of its rows the page shows (the CSV holds them all).
    pub rows: Rows,
}

/// A part of the page with figures, words and assumptions of its own under one heading (the
/// economics): a reader of one question (is the plant worth building?) finds everything on it
/// in one place.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// HTML id.
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// What it is, or why it is empty.
    pub intro: String,
    /// Findings in words, as a list.
    pub notes: Vec<String>,
    /// Its charts, each with the table behind it, under headings one level down.
    pub figures: Vec<Figure>,
    /// The assumptions it rests on, with their sources, as a table after the figures.
    pub assumptions: Vec<Assumption>,
}

/// One assumption.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    /// What kind: plant, constant, uncertain input, daily flow, sizing, rule.
    pub group: &'static str,
    /// Its name, as flags and files spell it.
    pub name: String,
    /// Its value, in words.
    pub value: String,
    /// Its unit, in words (may be empty).
    pub unit: String,
    /// Where the value comes from, or "assumption: ...".
    pub source: String,
}

/// Everything on the page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's title.
    pub title: String,
    /// The findings, one sentence or two each.
    pub summary: Vec<String>,
    /// The charts.
    pub figures: Vec<Figure>,
    /// Parts with figures and assumptions of their own, after the charts.
    pub chapters: Vec<Chapter>,
    /// The other tables.
    pub sections: Vec<Section>,
    /// Every assumption with its source.
    pub assumptions: Vec<Assumption>,
    /// Where the data comes from: (what, text).
    pub provenance: Vec<(String, String)>,
    /// How to make the same report: (what, text).
    pub reproduce: Vec<(String, String)>,
}

/// The style sheet: readable on screen and on paper, in colour or not.
///
/// Tables never rely on a horizontal scroll: a wide one comes in parts of its columns that
/// each fit the page's column ([`table`]), headers break after underscores, text cells wrap
/// at their spaces and break a word only when it alone is wider than the page (`break-word`,
/// not `anywhere`, which would let the browser squeeze a column to one letter). The scroll box
/// stays only for screens narrower than the page's column. In print the paper is A4 with 12 mm margins, nothing
/// scrolls or is clipped, the contents are left out, headings stay with what follows them, a
/// table's header row repeats on each page and a row is not split across pages.
const CSS: &str = "
:root { color-scheme: light; }
body { font-family: sans-serif; color: #111; background: #fff; margin: 0 auto; max-width: 1000px; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #111; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
p.lead { color: #333; margin-top: 0; }
nav ol { columns: 2; }
figure { margin: 1rem 0 2rem; page-break-inside: avoid; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #bbb; }
figcaption { font-size: .92rem; color: #222; margin: .4rem 0; }
code { font-family: monospace; font-size: .92em; background: #f2f2f2; padding: 0 .2rem; }
.files { font-size: .85rem; color: #333; }
p.parts { font-size: .85rem; color: #333; margin: .5rem 0 .2rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: .8rem; margin: .5rem 0 1rem; max-width: 100%; }
th, td { border: 1px solid #999; padding: .15rem .4rem; vertical-align: top; overflow-wrap: break-word; }
th { background: #e6e6e6; text-align: left; overflow-wrap: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.highlight td { font-weight: bold; background: #f0f0f0; }
tr.gap td { text-align: center; font-style: italic; color: #555; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
code.command { display: block; white-space: pre-wrap; word-break: break-all; background: #f2f2f2; border: 1px solid #ccc; padding: .5rem; }
ul.notes li { margin-bottom: .2rem; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2, h3, h4 { page-break-after: avoid; break-after: avoid; }
  .scroll { overflow: visible; }
  table { font-size: 7.5pt; }
  th, td { padding: 1pt 3pt; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
}
";

/// The page as HTML.
pub fn render(page: &Page) -> String {
    let mut html = String::with_capacity(256 * 1024);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta name=\"generator\" content=\"cmmcast ");
    html.push_str(env!("CARGO_PKG_VERSION"));
    html.push_str("\">\n");
    let _ = writeln!(html, "<title>{}</title>", escape(&page.title));
    let _ = writeln!(html, "<style>{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(html, "<header>\n<h1>{}</h1>", escape(&page.title));
    html.push_str("<p class=\"lead\">A report by cmmcast: the methane drainage forecast, what a power plant can make of it, how large the plant should be, what it is worth and what the result depends on. Every number here is in the CSV and JSON files beside this page, and the last section says how to make the same report again.</p>\n</header>\n");

    html.push_str("<nav>\n<h2>Contents</h2>\n<ol>\n<li><a href=\"#summary\">Summary</a></li>\n");
    for figure in &page.figures {
        let _ = writeln!(
            html,
            "<li><a href=\"#chart-{}\">{}</a></li>",
            figure.id,
            escape(&figure.title)
        );
        if let Some(explanation) = &figure.explanation {
            let _ = writeln!(
                html,
                "<li><a href=\"#{}\">{}</a></li>",
                explanation.id,
                escape(&explanation.title)
            );
        }
    }
    for chapter in &page.chapters {
        let _ = writeln!(
            html,
            "<li><a href=\"#{}\">{}</a></li>",
            chapter.id,
            escape(&chapter.title)
        );
    }
    for section in &page.sections {
        let _ = writeln!(
            html,
            "<li><a href=\"#table-{}\">{}</a></li>",
            section.id,
            escape(&section.title)
        );
    }
    html.push_str("<li><a href=\"#assumptions\">Assumptions and their sources</a></li>\n<li><a href=\"#provenance\">Where the data comes from</a></li>\n<li><a href=\"#reproduce\">How to reproduce this report</a></li>\n</ol>\n</nav>\n");

    html.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"notes\">\n");
    for line in &page.summary {
        let _ = writeln!(html, "<li>{}</li>", prose(line));
    }
    html.push_str("</ul>\n</section>\n");

    for figure in &page.figures {
        html.push_str("<section>\n");
        figure_html(&mut html, figure, 2);
        html.push_str("</section>\n");
    }
    for chapter in &page.chapters {
        chapter_html(&mut html, chapter);
    }
    for section in &page.sections {
        let _ = writeln!(
            html,
            "<section id=\"table-{}\">\n<h2>{}</h2>\n<p>{}</p>",
            section.id,
            escape(&section.title),
            prose(&section.intro)
        );
        files_line(&mut html, section.stem, false);
        if !section.table.notes.is_empty() {
            html.push_str("<ul class=\"notes\">\n");
            for note in &section.table.notes {
                let _ = writeln!(html, "<li>{}</li>", prose(note));
            }
            html.push_str("</ul>\n");
        }
        table(&mut html, &section.table, &section.rows, section.stem);
        html.push_str("</section>\n");
    }

    html.push_str("<section id=\"assumptions\">\n<h2>Assumptions and their sources</h2>\n");
    html.push_str("<p>Every value the numbers rest on, where it comes from, and how to change it: plant values with the plant flags or the site facts, uncertain inputs with the scenario file (flags override the scenario, which overrides the site facts). [SOURCES: KEY] names an entry of docs/SOURCES.md, every reference in full, which <code>cmmcast docs sources</code> prints.</p>\n");
    assumptions_table(&mut html, &page.assumptions);
    html.push_str("</section>\n");
    let cited = page
        .assumptions
        .iter()
        .map(|a| a.source.as_str())
        .chain(page.provenance.iter().map(|(_, text)| text.as_str()));
    references(&mut html, cited);

    definitions(
        &mut html,
        "provenance",
        "Where the data comes from",
        &page.provenance,
    );
    html.push_str("<section id=\"reproduce\">\n<h2>How to reproduce this report</h2>\n");
    html.push_str("<p>Run this command with the same version of cmmcast (and the same input and scenario files) to write the same files; the page carries no date, so they are identical byte for byte.</p>\n");
    if let Some((_, line)) = page.reproduce.iter().find(|(k, _)| k == "command line") {
        let _ = writeln!(html, "<code class=\"command\">{}</code>", escape(line));
    }
    html.push_str("<dl>\n");
    for (key, value) in &page.reproduce {
        let _ = writeln!(html, "<dt>{}</dt><dd>{}</dd>", escape(key), escape(value));
    }
    html.push_str("</dl>\n</section>\n</body>\n</html>\n");
    html
}

/// A figure under a heading of `level` (2 on the page, 3 in a chapter): the chart, its caption,
/// its explanation, its files and the table behind it.
fn figure_html(html: &mut String, figure: &Figure, level: u8) {
    let sub = level + 1;
    let _ = writeln!(
        html,
        "<h{level}>{}</h{level}>\n<figure id=\"chart-{}\">",
        escape(&figure.title),
        figure.id
    );
    html.push_str(&labelled_svg(&figure.svg, &figure.title));
    let _ = writeln!(
        html,
        "<figcaption>{}</figcaption>\n</figure>",
        prose(&figure.caption)
    );
    if let Some(explanation) = &figure.explanation {
        let _ = writeln!(
            html,
            "<h{sub} id=\"{}\">{}</h{sub}>",
            explanation.id,
            escape(&explanation.title)
        );
        for paragraph in &explanation.paragraphs {
            let _ = writeln!(html, "<p>{}</p>", prose(paragraph));
        }
    }
    files_line(html, figure.stem, true);
    let _ = writeln!(html, "<h{sub}>The numbers behind the chart</h{sub}>");
    table(html, &figure.table, &figure.rows, figure.stem);
}

/// A chapter: its heading, intro and notes, its figures one level down, its assumptions.
fn chapter_html(html: &mut String, chapter: &Chapter) {
    let _ = writeln!(
        html,
        "<section id=\"{}\">\n<h2>{}</h2>\n<p>{}</p>",
        chapter.id,
        escape(&chapter.title),
        prose(&chapter.intro)
    );
    if !chapter.notes.is_empty() {
        html.push_str("<ul class=\"notes\">\n");
        for note in &chapter.notes {
            let _ = writeln!(html, "<li>{}</li>", prose(note));
        }
        html.push_str("</ul>\n");
    }
    for figure in &chapter.figures {
        figure_html(html, figure, 3);
    }
    if !chapter.assumptions.is_empty() {
        let _ = writeln!(
            html,
            "<h3 id=\"{}-assumptions\">{}: assumptions and their sources</h3>",
            chapter.id,
            escape(&chapter.title)
        );
        assumptions_table(html, &chapter.assumptions);
    }
    html.push_str("</section>\n");
}

/// Assumptions as a table: kind, name, value, unit, source.
fn assumptions_table(html: &mut String, assumptions: &[Assumption]) {
    html.push_str("<div class=\"scroll\"><table>\n<thead><tr><th>kind</th><th>name</th><th>value</th><th>unit</th><th>source</th></tr></thead>\n<tbody>\n");
    for a in assumptions {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(a.group),
            escape(&a.name),
            escape(&a.value),
            escape(&a.unit),
            prose(&a.source)
        );
    }
    html.push_str("</tbody></table></div>\n");
}

/// The SVG with an accessible name, for inlining (plotters writes a bare `<svg ...>`).
fn labelled_svg(svg: &str, title: &str) -> String {
    match svg.find("<svg ") {
        Some(at) => {
            let mut out = String::with_capacity(svg.len() + title.len() + 32);
            out.push_str(&svg[..at]);
            let _ = write!(out, "<svg role=\"img\" aria-label=\"{}\" ", escape(title));
            out.push_str(&svg[at + 5..]);
            out
        }
        None => svg.to_string(),
    }
}

/// "Files: forecast.svg, forecast.csv, forecast.json".
fn files_line(html: &mut String, stem: &str, svg: bool) {
    let svg = if svg {
        format!("<code>{stem}.svg</code>, ")
    } else {
        String::new()
    };
    let _ = writeln!(
        html,
        "<p class=\"files\">Files beside this page: {svg}<code>{stem}.csv</code>, <code>{stem}.json</code> (full precision, with the metadata).</p>"
    );
}

/// The references the page cites as `[SOURCES: KEY]`, each in full from docs/SOURCES.md, so
/// that a reader of the page (or of its printout) can follow every source without the
/// repository.
fn references<'a>(html: &mut String, texts: impl Iterator<Item = &'a str>) {
    let mut keys = Vec::new();
    for text in texts {
        crate::commands::docs::cited_sources(text, &mut keys);
    }
    if keys.is_empty() {
        return;
    }
    html.push_str("<section id=\"references\">\n<h2>References</h2>\n<p>The sources cited above as [SOURCES: KEY], in full (docs/SOURCES.md; <code>cmmcast docs sources</code> prints them all).</p>\n<ul>\n");
    for key in keys {
        let text = crate::commands::docs::source_entry(&key)
            .unwrap_or_else(|| "(no entry in docs/SOURCES.md)".into());
        let _ = writeln!(
            html,
            "<li id=\"source-{0}\"><b>[SOURCES: {0}]</b> {1}</li>",
            escape(&key),
            escape(&text)
        );
    }
    html.push_str("</ul>\n</section>\n");
}

fn definitions(html: &mut String, id: &str, title: &str, rows: &[(String, String)]) {
    let _ = writeln!(
        html,
        "<section id=\"{id}\">\n<h2>{}</h2>\n<dl>",
        escape(title)
    );
    for (key, value) in rows {
        let _ = writeln!(html, "<dt>{}</dt><dd>{}</dd>", escape(key), prose(value));
    }
    html.push_str("</dl>\n</section>\n");
}

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Cell, Column};
    use serde_json::Map;

    /// The references section quotes each cited entry of docs/SOURCES.md in full, once, in the
    /// order first cited; a page that cites none has no such section.
    #[test]
    fn cited_sources_are_given_in_full() {
        let mut html = String::new();
        references(
            &mut html,
            [
                "ISO 6976 values [SOURCES: iso-6976]",
                "the plan [SOURCES: songzao-article]; again [SOURCES: iso-6976]",
            ]
            .into_iter(),
        );
        let iso = html.find("[SOURCES: iso-6976]</b> ISO 6976:2016. Natural gas");
        let article = html.find("[SOURCES: songzao-article]</b> The Songzao plan");
        assert!(iso.is_some() && article.is_some(), "{html}");
        assert!(iso < article, "{html}");
        assert_eq!(html.matches("<li").count(), 2, "{html}");
        assert!(html.contains("Table 1"), "{html}");
        let mut none = String::new();
        references(&mut none, ["no citation here"].into_iter());
        assert!(none.is_empty());
    }

    fn page() -> Page {
        Page {
            title: "A <site>".into(),
            summary: vec!["one & two".into()],
            figures: vec![Figure {
                id: "forecast",
                title: "Forecast".into(),
                caption: "caption".into(),
                svg: "<svg width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\">\n</svg>\n".into(),
                stem: "forecast",
                table: Report {
                    notes: Vec::new(),
                    meta: Map::new(),
                    columns: vec![
                        Column::number("engines", "count", 0),
                        Column::text("recommended", "true on the recommended row"),
                    ],
                    rows: vec![
                        vec![Cell::Int(1), Cell::Bool(false)],
                        vec![Cell::Int(2), Cell::Bool(true)],
                    ],
                },
                rows: Rows::All,
                explanation: Some(Explanation {
                    id: "how",
                    title: "How <it> was made".into(),
                    paragraphs: vec!["First.".into(), "Second & last.".into()],
                }),
            }],
            chapters: Vec::new(),
            sections: Vec::new(),
            assumptions: Vec::new(),
            provenance: vec![("input".into(), "embedded".into())],
            reproduce: vec![("command line".into(), "cmmcast report --site 'A B'".into())],
        }
    }

    #[test]
    fn the_page_escapes_text_and_fetches_nothing() {
        let html = render(&page());
        assert!(html.contains("<h1>A &lt;site&gt;</h1>"));
        assert!(html.contains("<li>one &amp; two</li>"));
        assert!(html.contains("cmmcast report --site &#39;A B&#39;"));
        assert!(html.contains("default-src 'none'"));
        for fetch in ["<script", "<link", "src=", "url(", "@import"] {
            assert!(!html.contains(fetch), "the page contains {fetch}");
        }
    }

    /// Command names between backticks in the words (summary, captions, intros, notes) are
    /// code on the page, not backticks; the rest of the sentence is still escaped.
    #[test]
    fn backticks_in_the_words_become_code() {
        let mut page = page();
        page.summary = vec!["what `cmmcast fit` prints & more".into()];
        page.figures[0].caption = "see `cmmcast size --max-engines 150`".into();
        let html = render(&page);
        assert!(html.contains("<li>what <code>cmmcast fit</code> prints &amp; more</li>"));
        assert!(
            html.contains(
                "<figcaption>see <code>cmmcast size --max-engines 150</code></figcaption>"
            )
        );
        assert!(!html.contains('`'));
    }

    #[test]
    fn charts_are_inline_with_a_name_and_the_recommended_row_stands_out() {
        let html = render(&page());
        assert!(html.contains(
            "<figure id=\"chart-forecast\">\n<svg role=\"img\" aria-label=\"Forecast\" width=\"10\""
        ));
        assert!(html.contains("<tr class=\"highlight\"><td class=\"num\">2</td>"));
    }

    /// A chapter's figures sit one heading level down, after its notes and before its
    /// assumptions, and the contents link to it.
    #[test]
    fn a_chapter_holds_its_notes_figures_and_assumptions_in_order() {
        let mut page = page();
        let mut figure = page.figures.remove(0);
        figure.id = "cash";
        figure.explanation = None;
        page.chapters.push(Chapter {
            id: "economics",
            title: "Economics".into(),
            intro: "What the plant is worth.".into(),
            notes: vec!["NPV < 0 & more".into()],
            figures: vec![figure],
            assumptions: vec![Assumption {
                group: "economic",
                name: "tariff_per_mwh".into(),
                value: "623.6".into(),
                unit: "CNY/MWh".into(),
                source: "a source".into(),
            }],
        });
        let html = render(&page);
        let at = |text: &str| html.find(text).unwrap_or_else(|| panic!("no {text}"));
        assert!(html.contains("<li><a href=\"#economics\">Economics</a></li>"));
        assert!(
            at("<section id=\"economics\">\n<h2>Economics</h2>\n<p>What the plant is worth.</p>")
                < at("<li>NPV &lt; 0 &amp; more</li>")
        );
        assert!(
            at("<li>NPV &lt; 0 &amp; more</li>")
                < at("<h3>Forecast</h3>\n<figure id=\"chart-cash\">")
        );
        assert!(
            at("<h4>The numbers behind the chart</h4>") < at("<h3 id=\"economics-assumptions\">")
        );
        assert!(html.contains("<td>economic</td><td>tariff_per_mwh</td><td>623.6</td><td>CNY/MWh</td><td>a source</td>"));
    }

    /// An explanation follows its figure's caption, under its own heading, before the files
    /// and the table, and the contents link to it.
    #[test]
    fn an_explanation_follows_the_caption_and_is_in_the_contents() {
        let html = render(&page());
        assert!(html.contains("<li><a href=\"#how\">How &lt;it&gt; was made</a></li>"));
        let heading = "<h3 id=\"how\">How &lt;it&gt; was made</h3>\n<p>First.</p>\n<p>Second &amp; last.</p>\n";
        let at = |text: &str| html.find(text).unwrap_or_else(|| panic!("no {text}"));
        assert!(at("<figcaption>caption</figcaption>") < at(heading));
        assert!(at(heading) < at("<p class=\"files\">"));
    }
}
