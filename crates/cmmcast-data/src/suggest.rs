//! The closest valid name to a misspelt one, for messages such as "site \"Songzo\" is not in
//! the data (did you mean Songzao?)".
//!
//! Every suggestion cmmcast makes for a name it does not know (a model, a series, a site, a
//! scenario key, a CSV column, a flag value) comes from [`closest`], so they all follow one
//! rule:
//!
//! 1. Names are compared without regard to case, so `songzao` suggests `Songzao` (site names
//!    are case-sensitive) and `Linear` suggests `linear`.
//! 2. The distance is the optimal string alignment distance (Levenshtein's insertions,
//!    deletions and substitutions, plus swaps of two neighbouring letters), each costing 1.
//! 3. A candidate is close enough when the distance is at most a third of the longer name's
//!    length, and at least 1: one slip in a short name (`ar9`), two in `exponental`-sized ones,
//!    three from nine letters on. The nearest such candidate is suggested only when no other is
//!    as near, so that a tie (`ar9` is as near to `ar4` as to `ar6`) suggests nothing rather
//!    than a guess.
//! 4. Without a close candidate, a name that starts only one candidate (`exp` for
//!    `exponential`, at least two letters) suggests that candidate.
//!
//! ```
//! use cmmcast_data::suggest::{closest, did_you_mean};
//! let models = ["linear", "exponential", "quadratic", "gm11"];
//! assert_eq!(closest("exponental", models), Some("exponential"));
//! assert_eq!(closest("holt", models), None);
//! assert_eq!(did_you_mean("quad", models).to_string(), " (did you mean quadratic?)");
//! assert_eq!(did_you_mean("holt", models).to_string(), "");
//! ```

use std::fmt;

/// The candidate closest to `given` under the rules of this module, if one is close enough and
/// nearer than every other; `None` for an exact match (there is nothing to suggest).
pub fn closest<'a, I>(given: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted: Vec<char> = given.to_lowercase().chars().collect();
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    let mut tied = false;
    let mut prefix_of: Vec<&'a str> = Vec::new();
    for candidate in candidates {
        if candidate == given {
            return None;
        }
        let lower: Vec<char> = candidate.to_lowercase().chars().collect();
        if lower.is_empty() {
            continue;
        }
        if wanted.len() >= 2 && lower.starts_with(&wanted) {
            prefix_of.push(candidate);
        }
        let distance = osa_distance(&wanted, &lower);
        let allowed = (wanted.len().max(lower.len()) / 3).max(1);
        if distance > allowed {
            continue;
        }
        match best {
            Some((d, name)) if d == distance && name != candidate => tied = true,
            Some((d, _)) if d <= distance => {}
            _ => {
                best = Some((distance, candidate));
                tied = false;
            }
        }
    }
    match (best, tied) {
        (Some((_, name)), false) => Some(name),
        (Some(_), true) => None,
        (None, _) => match prefix_of.as_slice() {
            [only] => Some(only),
            _ => None,
        },
    }
}

/// ` (did you mean NAME?)` when [`closest`] finds a name, nothing otherwise: a clause to put
/// right after the unknown name in a one-sentence message.
pub fn did_you_mean<'a, I>(given: &str, candidates: I) -> DidYouMean
where
    I: IntoIterator<Item = &'a str>,
{
    DidYouMean(closest(given, candidates).map(str::to_string))
}

/// A suggestion, shown as ` (did you mean NAME?)`, or as nothing when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DidYouMean(pub Option<String>);

impl fmt::Display for DidYouMean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(name) => write!(f, " (did you mean {name}?)"),
            None => Ok(()),
        }
    }
}

/// The optimal string alignment distance: the fewest insertions, deletions, substitutions and
/// swaps of two neighbouring characters that turn `a` into `b` (no substring edited twice).
fn osa_distance(a: &[char], b: &[char]) -> usize {
    // Three rows of the dynamic programme: two back, one back, current.
    let width = b.len() + 1;
    let mut two_back = vec![0; width];
    let mut one_back: Vec<usize> = (0..width).collect();
    let mut current = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (one_back[j] + 1)
                .min(current[j - 1] + 1)
                .min(one_back[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_back[j - 2] + 1);
            }
            current[j] = d;
        }
        std::mem::swap(&mut two_back, &mut one_back);
        std::mem::swap(&mut one_back, &mut current);
    }
    one_back[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa_distance(&a, &b)
    }

    #[test]
    fn distance_counts_each_edit_once() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("songzo", "songzao"), 1);
        assert_eq!(distance("exponental", "exponential"), 1);
        // A swap of neighbours is one edit, not two substitutions.
        assert_eq!(distance("lienar", "linear"), 1);
        assert_eq!(distance("ca", "abc"), 3);
        // Symmetric.
        assert_eq!(distance("gm11", "gm1"), distance("gm1", "gm11"));
        // Characters, not bytes.
        assert_eq!(distance("Sóngzao", "Songzao"), 1);
    }

    const MODELS: [&str; 7] = [
        "auto",
        "linear",
        "exponential",
        "quadratic",
        "gm11",
        "intensity",
        "logistic",
    ];

    #[test]
    fn misspelt_names_find_the_intended_one() {
        let cases = [
            ("exponental", MODELS.as_slice(), Some("exponential")),
            ("lienar", &MODELS, Some("linear")),
            ("quadradic", &MODELS, Some("quadratic")),
            ("gm-11", &MODELS, Some("gm11")),
            ("Linear", &MODELS, Some("linear")),
            ("LOGISTIC", &MODELS, Some("logistic")),
            ("Songzo", &["Songzao"], Some("Songzao")),
            ("songzao", &["Songzao"], Some("Songzao")),
            (
                "efficency",
                &["efficiency", "availability"],
                Some("efficiency"),
            ),
            (
                "methane_m3",
                &["year", "coal_kt", "methane_mm3"],
                Some("methane_mm3"),
            ),
            ("methan", &["methane", "coal"], Some("methane")),
            // Unique prefixes.
            ("exp", &MODELS, Some("exponential")),
            ("quad", &MODELS, Some("quadratic")),
            ("Song", &["Songzao", "Zeta"], Some("Songzao")),
        ];
        for (given, candidates, expected) in cases {
            assert_eq!(
                closest(given, candidates.iter().copied()),
                expected,
                "{given}"
            );
        }
    }

    #[test]
    fn far_names_ties_and_exact_names_suggest_nothing() {
        let cases: [(&str, &[&str]); 10] = [
            ("holt", &MODELS),
            ("gas", &["methane", "coal"]),
            ("xml", &["table", "csv", "json"]),
            ("Nowhere", &["Songzao"]),
            ("Nowhere", &["Alpha", "Zeta"]),
            (
                "gamma",
                &[
                    "uniform",
                    "triangular",
                    "normal",
                    "lognormal",
                    "pert",
                    "fixed",
                ],
            ),
            // Equally near to two names: no guess.
            ("ar9", &["sar", "ar4", "ar5", "ar6"]),
            // A prefix of two names.
            ("lo", &["logistic", "lognormal"]),
            // One letter is too little to go on.
            ("l", &MODELS),
            // Nothing to suggest for a name that is right.
            ("linear", &MODELS),
        ];
        for (given, candidates) in cases {
            assert_eq!(closest(given, candidates.iter().copied()), None, "{given}");
        }
    }

    #[test]
    fn the_threshold_grows_with_the_length() {
        // Four letters: one edit.
        assert_eq!(closest("gm12", ["gm11"]), Some("gm11"));
        assert_eq!(closest("gx12", ["gm11"]), None);
        // Nine letters: up to three edits.
        assert_eq!(closest("intensty", ["intensity"]), Some("intensity"));
        assert_eq!(closest("inxnsxtx", ["intensity"]), None);
        // Empty input and empty candidates never match.
        assert_eq!(closest("", ["a"]), None);
        assert_eq!(closest("a", [""]), None);
    }

    #[test]
    fn the_clause_reads_as_part_of_a_sentence() {
        assert_eq!(
            did_you_mean("Songzo", ["Songzao"]).to_string(),
            " (did you mean Songzao?)"
        );
        assert_eq!(did_you_mean("Nowhere", ["Songzao"]).to_string(), "");
    }
}
