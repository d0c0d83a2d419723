//! The economics section's charts: the yearly cash flow, the distribution of the NPV over the
//! simulated paths, and the NPV against the number of engines, one submodule each.
//!
//! They take plain numbers rather than the library's types, so that they can be drawn and tested
//! before the report computes the economics; `commands::report` arranges the library's results
//! into these inputs. What they share lives here: money is shown in millions of the report's
//! currency (a plant's cash flows run to 1e9 CNY, whose full digits would crowd the axis), every
//! value axis includes zero (the line between losing and making money is the point of each chart),
//! and each SVG carries a `<title>` and a `<desc>` that say in words what the chart shows, for
//! screen readers and for the SVG file opened on its own.

pub mod cash_flow;
pub mod engines;
pub mod npv;

pub use cash_flow::{CashFlowBar, cash_flow_chart};
pub use engines::{EngineValue, npv_by_engines_chart, npv_by_engines_table};
pub use npv::{npv_distribution_chart, npv_distribution_table};

use super::value_range;
use crate::html::escape;

/// One million: money is plotted and labelled in millions of the currency.
const MILLION: f64 = 1e6;

/// `value` in millions of the currency.
fn millions(value: f64) -> f64 {
    value / MILLION
}

/// "million CNY": the money unit of axis titles and labels. An empty label still says what the
/// numbers are.
fn money_unit(currency: &str) -> String {
    match currency.trim() {
        "" => "million (currency units)".into(),
        c => format!("million {c}"),
    }
}

/// The range of a money axis (in millions) that shows every finite one of `values` and zero,
/// with some room; at least one million wide, so that all-zero (or no) values still get
/// readable ticks instead of labels like "0.000001".
fn money_range(values: impl IntoIterator<Item = f64>) -> std::ops::Range<f64> {
    let range = value_range(values.into_iter().chain([0.0]), false);
    if range.end - range.start < 1e-3 {
        let middle = (range.start + range.end) / 2.0;
        middle - 1.0..middle + 1.0
    } else {
        range
    }
}

/// The SVG with a `<title>` and a `<desc>` as its first children: plotters writes neither, and
/// they are what a screen reader announces and what a viewer shows when the file is opened on
/// its own. The report's page adds its own `aria-label`, which these do not disturb.
fn with_title_and_desc(svg: String, title: &str, desc: &str) -> String {
    let Some(end) = svg
        .find("<svg")
        .and_then(|at| svg[at..].find('>').map(|end| at + end + 1))
    else {
        return svg;
    };
    let mut out = String::with_capacity(svg.len() + title.len() + desc.len() + 40);
    out.push_str(&svg[..end]);
    out.push_str("\n<title>");
    out.push_str(&escape(title));
    out.push_str("</title>\n<desc>");
    out.push_str(&escape(desc));
    out.push_str("</desc>");
    out.push_str(&svg[end..]);
    out
}

/// Checks shared by the three charts' tests: the SVG is well-formed (a small checker: the crate
/// has no XML parser, and plotters' output is simple) and has no non-finite number in it.
#[cfg(test)]
mod check {
    /// Panics unless every tag is closed in order, every `&` starts an entity, no text holds a
    /// raw `<`, and there is exactly one root element.
    pub(super) fn well_formed(svg: &str) {
        let mut open: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut rest = svg;
        while let Some(at) = rest.find('<') {
            check_text(&rest[..at]);
            let tail = &rest[at + 1..];
            let end = tail.find('>').expect("an unclosed tag");
            let tag = &tail[..end];
            assert!(!tag.contains('<'), "a `<` inside a tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                let top = open.pop().expect("a closing tag with nothing open");
                assert_eq!(top, name.trim(), "tags closed out of order");
            } else if !tag.starts_with('?') && !tag.starts_with('!') {
                let name = tag
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or_default();
                assert!(!name.is_empty(), "a tag without a name");
                check_quotes(tag);
                if open.is_empty() {
                    roots += 1;
                }
                if !tag.ends_with('/') {
                    open.push(name);
                }
            }
            rest = &tail[end + 1..];
        }
        check_text(rest);
        assert!(open.is_empty(), "tags left open: {open:?}");
        assert_eq!(roots, 1, "one root element");
    }

    /// Text between tags: entities only, no raw `<` (found by the caller) or bare `&`.
    fn check_text(text: &str) {
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            let end = entity.find(';').expect("a `&` without `;`");
            let name = &entity[1..end];
            assert!(
                matches!(name, "amp" | "lt" | "gt" | "quot" | "apos" | "#39"),
                "unknown entity &{name};"
            );
        }
    }

    /// Attribute values are quoted in pairs.
    fn check_quotes(tag: &str) {
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        let mut inside = false;
        let mut value = String::new();
        for c in tag.chars() {
            if c == '"' {
                if inside {
                    check_text(&value);
                    value.clear();
                }
                inside = !inside;
            } else if inside {
                value.push(c);
            }
        }
    }

    /// Panics if the SVG holds a number Rust prints for a non-finite value.
    pub(super) fn finite(svg: &str) {
        let bad = svg
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '+'))
            .find(|t| matches!(t.trim_start_matches(['-', '+']), "NaN" | "inf"));
        assert_eq!(bad, None, "a non-finite number in the SVG");
    }

    /// Every `<text>`'s content, in order, unescaped, joined by spaces (legend labels wrap).
    pub(super) fn texts(svg: &str) -> String {
        svg.split("<text ")
            .skip(1)
            .filter_map(|rest| {
                let start = rest.find('>')? + 1;
                let end = rest.find("</text>")?;
                Some(
                    rest[start..end]
                        .trim()
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&"),
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Everything every economics chart needs: well-formed, finite, a title and a description.
    pub(super) fn common(svg: &str, title: &str) {
        well_formed(svg);
        finite(svg);
        assert!(svg.starts_with("<svg width=\"960\""), "an SVG document");
        assert!(
            svg.contains(&format!("<title>{title}</title>")),
            "the title"
        );
        assert!(svg.contains("<desc>"), "a description");
        assert!(!svg.contains("<image"), "no bitmap");
        assert!(texts(svg).starts_with(title), "the title is drawn first");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_axes_include_zero_and_are_never_too_narrow() {
        let r = money_range([]);
        assert!(r.start < 0.0 && r.end > 0.0 && r.end - r.start >= 1.0);
        let r = money_range([0.0, 0.0]);
        assert!(r.start <= -1.0 && r.end >= 1.0);
        let r = money_range([-50.0, -20.0]);
        assert!(r.start < -50.0 && r.end > 0.0);
        let r = money_range([f64::NAN, f64::INFINITY, 3.0]);
        assert!(r.start < 0.0 && r.end > 3.0 && r.end.is_finite());
        assert_eq!(millions(2.5e9), 2500.0);
        assert_eq!(money_unit("CNY"), "million CNY");
        assert_eq!(money_unit(" "), "million (currency units)");
    }

    #[test]
    fn the_title_and_description_go_inside_the_root_and_are_escaped() {
        let svg = "<svg width=\"1\" height=\"1\">\n<rect/>\n</svg>\n".to_string();
        let out = with_title_and_desc(svg, "A & B", "x < y");
        assert_eq!(
            out,
            "<svg width=\"1\" height=\"1\">\n<title>A &amp; B</title>\n<desc>x &lt; y</desc>\n<rect/>\n</svg>\n"
        );
        check::well_formed(&out);
        assert_eq!(with_title_and_desc("no svg".into(), "t", "d"), "no svg");
    }

    #[test]
    fn the_checker_catches_broken_xml() {
        for broken in [
            "<svg><text>a</svg>",
            "<svg><text>a & b</text></svg>",
            "<svg/><svg/>",
            "<svg x=\"1></svg>",
        ] {
            assert!(
                std::panic::catch_unwind(|| check::well_formed(broken)).is_err(),
                "{broken}"
            );
        }
        assert!(std::panic::catch_unwind(|| check::finite("<svg x=\"NaN\"/>")).is_err());
        check::finite("<svg><text>information -12.5</text></svg>");
    }
}
