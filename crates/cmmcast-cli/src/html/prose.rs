//! Sentences for the page: the words of the library and the commands write command names and
//! flags between backticks, as in the terminal; on the page (and on paper) those become `<code>`
//! and the backticks disappear, while everything else is escaped as text.

use super::escape;

/// `text` as HTML: each pair of backticks around a span becomes `<code>` around it, everything
/// else is escaped. A lone backtick (an odd one out, as in a site's name) is kept as text,
/// since it belongs to what the user wrote.
pub fn prose(text: &str) -> String {
    let pieces: Vec<&str> = text.split('`').collect();
    // With an even number of backticks every odd piece is a code span; with an odd number the
    // last backtick has no partner and stays as it is.
    let paired = pieces.len() % 2 == 1;
    let mut html = String::with_capacity(text.len() + 16);
    for (i, piece) in pieces.iter().enumerate() {
        let last = i + 1 == pieces.len();
        if i % 2 == 1 && (paired || !last) {
            html.push_str("<code>");
            html.push_str(&escape(piece));
            html.push_str("</code>");
        } else {
            if i % 2 == 1 {
                html.push('`');
            }
            html.push_str(&escape(piece));
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backtick_pairs_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            prose("what `cmmcast fit --to 2030` prints & more <b>"),
            "what <code>cmmcast fit --to 2030</code> prints &amp; more &lt;b&gt;"
        );
        assert_eq!(
            prose("`a` and `b<c>`"),
            "<code>a</code> and <code>b&lt;c&gt;</code>"
        );
        assert_eq!(prose("no code"), "no code");
        assert_eq!(prose(""), "");
    }

    /// A backtick without a partner is the user's own character: it stays, and the code spans
    /// before it still become code.
    #[test]
    fn a_lone_backtick_stays_text() {
        assert_eq!(prose("Mine `A"), "Mine `A");
        assert_eq!(prose("`x` then `y"), "<code>x</code> then `y");
    }
}
