//! The decision measures of a cash-flow series: NPV, IRR, LCOE and the payback years. Pure
//! functions of plain series, entry `k` being the end of year `k` (entry 0 is the investment
//! year, undiscounted), so they can be checked against numpy-financial on any series and used
//! on each simulated path without building a table.

use serde::Serialize;

/// The factor that brings an amount at the end of year `k` to year 0: 1 / (1 + r)^k.
///
/// One function for every discounted number (the rows, NPV, LCOE), so the table's cumulative
/// and the NPV are the same arithmetic.
#[inline]
pub fn discount_factor(rate: f64, k: usize) -> f64 {
    // k is a year count (at most a few hundred), far inside i32.
    let k = i32::try_from(k).unwrap_or(i32::MAX);
    1.0 / (1.0 + rate).powi(k)
}

/// Net present value at `rate` of `flows` (`flows[k]` at the end of year `k`): the sum of
/// `flows[k] / (1 + rate)^k`. numpy-financial's `npv` has the same convention (the first value
/// is not discounted).
///
/// ```
/// use cmmcast_forecast::economics::npv;
/// assert_eq!(npv(0.25, &[-100.0, 125.0]), 0.0);
/// ```
pub fn npv(rate: f64, flows: &[f64]) -> f64 {
    flows
        .iter()
        .enumerate()
        .map(|(k, flow)| flow * discount_factor(rate, k))
        .sum()
}

/// Why a series has no internal rate of return to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoIrr {
    /// The flows never change sign (all costs or all income, or all zero), so no rate makes
    /// their NPV zero.
    NoSignChange,
    /// The flows change sign more than once (a later investment after income, say) and the
    /// test for a single rate (the sign changes of the running sums from either end, see
    /// [`irr`]) does not rule out several: there may be several rates that make the NPV zero,
    /// or none, no one of them is "the" IRR, and the NPV at the discount rate decides instead.
    SeveralSignChanges {
        /// How many times the sign changes.
        sign_changes: usize,
    },
    /// A flow is NaN or infinite.
    NotFinite,
}

impl NoIrr {
    /// The reason in words, for `meta` and reports.
    pub fn reason(self) -> String {
        match self {
            NoIrr::NoSignChange => {
                "the cash flows never change sign, so no discount rate makes their NPV zero"
                    .to_string()
            }
            NoIrr::SeveralSignChanges { sign_changes } => format!(
                "the cash flows change sign {sign_changes} times and may have several rates that make the NPV zero, or none (Descartes' rule of signs on the flows and on their running sums); judge by the NPV at the discount rate"
            ),
            NoIrr::NotFinite => "a cash flow is not a finite number".to_string(),
        }
    }
}

impl std::fmt::Display for NoIrr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason())
    }
}

/// How many times the sign of the non-zero flows changes (zeros are skipped, as Descartes'
/// rule of signs counts them).
pub fn sign_changes(flows: &[f64]) -> usize {
    let mut changes = 0;
    let mut last: Option<bool> = None;
    for &flow in flows.iter().filter(|&&flow| flow != 0.0) {
        let positive = flow > 0.0;
        if last.is_some_and(|was| was != positive) {
            changes += 1;
        }
        last = Some(positive);
    }
    changes
}

/// Internal rate of return: the rate r > -1 at which the NPV of `flows` is zero, when there is
/// exactly one.
///
/// With the flows c_k in x = 1 / (1 + r), the NPV is the polynomial P(x) = sum of c_k x^k, and
/// Descartes' rule of signs bounds its positive roots (r > -1 is x > 0) by the sign changes of
/// the flows. So no sign change means no IRR ([`NoIrr::NoSignChange`]) and one sign change
/// exactly one. Several changes may mean several rates or none; a staged build (invest, earn,
/// invest again, earn) has three and usually one rate, so before giving up the rates above
/// and below zero are counted apart (Norstrom 1972, J. Financ. Quant. Anal. 7(3)):
///
/// - above zero (0 < x < 1): P(x) / (1 − x) is the power series of the running sums
///   S_k = c_0 + ... + c_k (then S_n for ever), so by Descartes' rule for power series its
///   roots in (0, 1) are at most the sign changes of S_0..S_n, and with one change (S_0 and
///   S_n of opposite signs) exactly one;
/// - below zero (x > 1): the same in 1 / x, with the running sums from the end,
///   T_k = c_k + ... + c_n.
///
/// When one side has exactly one change and the other none (the NPV at r = 0 not being zero),
/// the IRR is unique; otherwise the flows are reported as [`NoIrr::SeveralSignChanges`]
/// rather than a rate picked from several (numpy-financial returns the one nearest zero).
///
/// The one root is bracketed without overflow: after dropping leading and trailing zeros
/// (which move no root in r > -1), a root below zero is found in y = 1 + r on (0, 1) from sum
/// of c_k y^(n-k) (the NPV times (1 + r)^n, the same sign), a root above zero in x on (0, 1).
/// Each
/// polynomial is bounded by the sum of |flows| on its interval and changes sign across it, so
/// Brent's method converges with no guess, to a few units in the last place of x or y (the
/// root is never at 0, where the polynomial is the first or last flow). The rate then carries
/// an absolute error of about 1e-15 x (1 + r): far below 1e-12 relative for any rate of
/// practical size, though a rate within 1e-6 of zero keeps only about nine digits, as in any
/// method that works in 1 / (1 + r) (numpy-financial's too).
///
/// ```
/// use cmmcast_forecast::economics::{NoIrr, irr};
/// assert!((irr(&[-100.0, 110.0]).expect("one sign change") - 0.1).abs() < 1e-12);
/// assert_eq!(irr(&[100.0, 10.0]), Err(NoIrr::NoSignChange));
/// assert_eq!(irr(&[-100.0, 230.0, -132.0]), Err(NoIrr::SeveralSignChanges { sign_changes: 2 }));
/// // A second stage paid after income: three sign changes, one rate (the running sums change
/// // sign once from the start, never from the end).
/// let staged = irr(&[-100.0, 30.0, -50.0, 80.0, 80.0]).expect("one rate");
/// assert!(staged > 0.0);
/// ```
pub fn irr(flows: &[f64]) -> Result<f64, NoIrr> {
    if flows.iter().any(|flow| !flow.is_finite()) {
        return Err(NoIrr::NotFinite);
    }
    let first = flows.iter().position(|&flow| flow != 0.0);
    let last = flows.iter().rposition(|&flow| flow != 0.0);
    let (Some(first), Some(last)) = (first, last) else {
        return Err(NoIrr::NoSignChange);
    };
    let trimmed = &flows[first..=last];
    let changes = sign_changes(trimmed);
    if changes == 0 {
        return Err(NoIrr::NoSignChange);
    }
    let several = Err(NoIrr::SeveralSignChanges {
        sign_changes: changes,
    });
    let total: f64 = trimmed.iter().sum();
    if total == 0.0 {
        // r = 0 is a root; by Descartes the only one when the flows change sign once.
        return if changes == 1 { Ok(0.0) } else { several };
    }
    let above_zero = running_sum_sign_changes(trimmed.iter());
    let below_zero = running_sum_sign_changes(trimmed.iter().rev());
    match (above_zero, below_zero) {
        (1, 0) => {
            // Root in r in (0, inf): in x = 1 / (1 + r), sum of c_k x^k is c_0 at x = 0 and
            // the sum at x = 1, of the other sign (S_0 and S_n). Horner from c_n downwards.
            let in_x = |x: f64| trimmed.iter().rev().fold(0.0, |acc, &c| acc * x + c);
            let x = brent(in_x, 0.0, 1.0);
            Ok(1.0 / x - 1.0)
        }
        (0, 1) => {
            // Root in r in (-1, 0): in y = 1 + r, sum of c_k y^(n-k) is c_n at y = 0 and the
            // sum at y = 1, of the other sign (T_n and T_0). Horner from c_0 downwards.
            let in_y = |y: f64| trimmed.iter().fold(0.0, |acc, &c| acc * y + c);
            Ok(brent(in_y, 0.0, 1.0) - 1.0)
        }
        _ => several,
    }
}

/// The sign changes of the running sums of `flows` in the order given (zeros skipped).
/// Adding numbers of one sign to a float moves it one way only, so rounding adds no change.
fn running_sum_sign_changes<'a>(flows: impl Iterator<Item = &'a f64>) -> usize {
    let mut sum = 0.0;
    let mut changes = 0;
    let mut last: Option<bool> = None;
    for flow in flows {
        sum += flow;
        if sum == 0.0 {
            continue;
        }
        let positive = sum > 0.0;
        if last.is_some_and(|was| was != positive) {
            changes += 1;
        }
        last = Some(positive);
    }
    changes
}

/// The IRR of `flows` near `guess`, fast, for the common shape of a plant's cash flows: a
/// negative first flow and no negative one after it. Then P(x) = sum of c_k x^k, x = 1 / (1 + r),
/// is increasing and convex for x > 0 with exactly one root, and Newton's method converges to
/// it from any start (monotonically after the first step). Any other shape, a start that is
/// not a finite rate above -1, or no convergence in 60 steps, falls back to [`irr`], so the
/// answer is always [`irr`]'s root (to about 1e-14 relative in 1 / (1 + r): the last step
/// taken is below 1e-11 of x, so the error left is of the order of its square).
///
/// ```
/// use cmmcast_forecast::economics::{irr, irr_near};
/// let flows = [-100.0, 30.0, 40.0, 50.0, 20.0];
/// let fast = irr_near(&flows, 0.1).expect("one rate");
/// let slow = irr(&flows).expect("one rate");
/// assert!((fast - slow).abs() < 1e-12);
/// ```
pub fn irr_near(flows: &[f64], guess: f64) -> Result<f64, NoIrr> {
    let simple = flows.first().is_some_and(|&c| c < 0.0)
        && flows[1..].iter().all(|&c| c >= 0.0)
        && flows[1..].iter().any(|&c| c > 0.0)
        && flows.iter().all(|c| c.is_finite());
    if !(simple && guess.is_finite() && guess > -1.0) {
        return irr(flows);
    }
    let mut x = 1.0 / (1.0 + guess);
    for _ in 0..60 {
        let (p, dp) = polynomial_and_slope(flows, x);
        if dp <= 0.0 {
            break;
        }
        let next = x - p / dp;
        if !(next > 0.0 && next.is_finite()) {
            break;
        }
        // Newton's steps shrink quadratically: after a step below 1e-11 of x the root is known
        // to far better than that (the next step would be about its square).
        let converged = (next - x).abs() <= 1e-11 * next;
        x = next;
        if converged {
            return Ok(1.0 / x - 1.0);
        }
    }
    irr(flows)
}

/// P(x) = sum of c_k x^k and P'(x), by Horner in x² on the even and odd flows apart: two
/// chains of half the length, which the processor runs side by side.
#[inline]
fn polynomial_and_slope(flows: &[f64], x: f64) -> (f64, f64) {
    let x2 = x * x;
    // P(x) = E(x²) + x O(x²), E and O the even and odd flows.
    let (mut even, mut odd) = (0.0, 0.0);
    // P'(x) = sum of k c_k x^(k-1) = E'(x²) + x O'(x²) with E' and O' the k c_k of each parity
    // in place of c_k, divided by x for the even ones: odd k gives k c_k x^(k-1), even k
    // (k >= 2) gives k c_k x^(k-2) x.
    let (mut d_even, mut d_odd) = (0.0, 0.0);
    for (k, &c) in flows.iter().enumerate().rev() {
        let kc = k as f64 * c;
        if k % 2 == 0 {
            even = even * x2 + c;
            // Even k >= 2 contributes k c_k x^(k-1) = x (k c_k x^(k-2)); k = 0 contributes
            // nothing and must not raise the chain's powers.
            if k > 0 {
                d_odd = d_odd * x2 + kc;
            }
        } else {
            odd = odd * x2 + c;
            // Odd k contributes k c_k x^(k-1), an even power.
            d_even = d_even * x2 + kc;
        }
    }
    // Each chain's first step multiplies its zero start, so a chain's last term (k = 0 or 1,
    // or k = 2 for the even slope) carries x^0: the odd chain sums c_k x^(k-1) over odd k, the
    // even slope chain k c_k x^(k-2) over even k >= 2.
    (even + x * odd, d_even + x * d_odd)
}

/// A root of `f` in [a, b], where f(a) and f(b) have opposite signs (or one is zero), by
/// Brent's method (Brent 1973; the form of Numerical Recipes' `zbrent` and scipy's `brentq`):
/// inverse quadratic interpolation or the secant when they make progress, bisection otherwise,
/// so it never leaves the bracket and needs at most about as many steps as bisection. Stops
/// when the bracket is within 4 machine epsilons of the root relative (the absolute floor only
/// keeps a root at exactly 0 from looping; the callers' roots are never there).
fn brent(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    const ABS_TOL: f64 = 1e-300;
    const MAX_STEPS: usize = 500;
    let (mut a, mut b) = (a, b);
    let (mut fa, mut fb) = (f(a), f(b));
    if fa == 0.0 {
        return a;
    }
    if fb == 0.0 {
        return b;
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..MAX_STEPS {
        if (fb > 0.0) == (fc > 0.0) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * ABS_TOL;
        let half = 0.5 * (c - b);
        if half.abs() <= tol || fb == 0.0 {
            return b;
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                (2.0 * half * s, 1.0 - s)
            } else {
                let q = fa / fc;
                let r = fb / fc;
                (
                    s * (2.0 * half * q * (q - r) - (b - a) * (r - 1.0)),
                    (q - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            if 2.0 * p < (3.0 * half * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = half;
                e = d;
            }
        } else {
            d = half;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(half) };
        fb = f(b);
    }
    b
}

/// Levelized cost of electricity: the present value of the costs over the present value of the
/// net MWh, both discounted at `rate` with entry `k` at the end of year `k`; `None` when the
/// discounted MWh are not above zero (no electricity, no cost per MWh).
///
/// Which costs is the caller's choice; the cash-flow table passes capex + O&M + gas, before tax
/// and without carbon revenue, so the LCOE is the flat tariff at which a plant with no tax and
/// no carbon income would have an NPV of exactly zero. numpy-financial has no LCOE; its `npv`
/// of the costs over its `npv` of the MWh is the same number.
///
/// ```
/// use cmmcast_forecast::economics::lcoe;
/// // 100 at year 0, then 10 MWh a year for two years, undiscounted: 100 / 20 = 5 per MWh.
/// assert_eq!(lcoe(0.0, &[100.0, 0.0, 0.0], &[0.0, 10.0, 10.0]), Some(5.0));
/// assert_eq!(lcoe(0.1, &[100.0], &[0.0]), None);
/// ```
pub fn lcoe(rate: f64, costs: &[f64], mwh: &[f64]) -> Option<f64> {
    let energy = npv(rate, mwh);
    (energy > 0.0).then(|| npv(rate, costs) / energy)
}

/// The first index at which the running sum of `flows` is at least zero, `None` if it never
/// is. With entry 0 the investment year, a plant without capex pays back at once (index 0);
/// a later capacity addition can take the running sum below zero again, which the cumulative
/// column shows but this first crossing does not.
///
/// ```
/// use cmmcast_forecast::economics::payback_index;
/// assert_eq!(payback_index(&[-100.0, 60.0, 60.0]), Some(2));
/// assert_eq!(payback_index(&[-100.0, 60.0, 30.0]), None);
/// ```
pub fn payback_index(flows: &[f64]) -> Option<usize> {
    let mut cumulative = 0.0;
    flows.iter().position(|flow| {
        cumulative += flow;
        cumulative >= 0.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_horner_is_the_polynomial_and_its_slope() {
        for flows in [
            vec![-100.0],
            vec![-100.0, 30.0],
            vec![-100.0, 30.0, 40.0],
            vec![-100.0, 30.0, 40.0, 50.0, 20.0, 7.0, 3.5, 1.25],
        ] {
            for x in [0.3_f64, 0.8, 1.0, 1.7] {
                let direct: f64 = flows
                    .iter()
                    .enumerate()
                    .map(|(k, c)| c * x.powi(k as i32))
                    .sum();
                let slope: f64 = flows
                    .iter()
                    .enumerate()
                    .skip(1)
                    .map(|(k, c)| k as f64 * c * x.powi(k as i32 - 1))
                    .sum();
                let (p, dp) = polynomial_and_slope(&flows, x);
                assert!(
                    (p - direct).abs() <= 1e-12 * direct.abs().max(1.0),
                    "{flows:?} {x}"
                );
                assert!(
                    (dp - slope).abs() <= 1e-12 * slope.abs().max(1.0),
                    "{flows:?} {x}"
                );
            }
        }
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn npv_discounts_from_year_zero() {
        // -100 + 60 / 1.25 + 60 / 1.5625 = -100 + 48 + 38.4.
        assert!(close(npv(0.25, &[-100.0, 60.0, 60.0]), -13.6, 1e-14));
        assert_eq!(npv(0.1, &[]), 0.0);
    }

    #[test]
    fn irr_finds_rates_above_and_below_zero_and_far_out() {
        // Two years of 60 after 100: 60x + 60x^2 = 100, x = (-60 + sqrt(60^2 + 24000)) / 120.
        let x = (-60.0 + (3600.0_f64 + 24000.0).sqrt()) / 120.0;
        let expected = 1.0 / x - 1.0;
        let found = irr(&[-100.0, 60.0, 60.0]).expect("one sign change");
        assert!(close(found, expected, 1e-12), "{found} vs {expected}");
        // Losing money: 100 back as 45 + 45, r < 0.
        let x = (-45.0 + (2025.0_f64 + 18000.0).sqrt()) / 90.0;
        let found = irr(&[-100.0, 45.0, 45.0]).expect("one sign change");
        assert!(close(found, 1.0 / x - 1.0, 1e-12));
        // A thousandfold return in one year.
        let found = irr(&[-1.0, 1000.0]).expect("one sign change");
        assert!(close(found, 999.0, 1e-12), "{found}");
        // Almost everything lost.
        let found = irr(&[-1000.0, 1.0]).expect("one sign change");
        assert!(close(found, -0.999, 1e-12), "{found}");
        // Exactly break-even.
        assert_eq!(irr(&[-100.0, 50.0, 50.0]), Ok(0.0));
    }

    #[test]
    fn irr_ignores_leading_and_trailing_zeros_and_takes_income_first() {
        let plain = irr(&[-100.0, 60.0, 60.0]).expect("one sign change");
        let padded = irr(&[0.0, 0.0, -100.0, 60.0, 60.0, 0.0]).expect("one sign change");
        // Leading zeros are years of waiting: the rate per year is the same measured from the
        // first flow, since (1 + r)^-2 factors out of every term.
        assert!(close(padded, plain, 1e-12));
        // A loan: income first, repayment later; still one sign change.
        let loan = irr(&[100.0, -110.0]).expect("one sign change");
        assert!(close(loan, 0.1, 1e-12));
    }

    #[test]
    fn irr_refuses_without_exactly_one_sign_change() {
        assert_eq!(irr(&[]), Err(NoIrr::NoSignChange));
        assert_eq!(irr(&[0.0, 0.0]), Err(NoIrr::NoSignChange));
        assert_eq!(irr(&[-1.0, -2.0, 0.0, -3.0]), Err(NoIrr::NoSignChange));
        assert_eq!(
            irr(&[-100.0, 230.0, -132.0]),
            Err(NoIrr::SeveralSignChanges { sign_changes: 2 })
        );
        // Two rates, -50 % and +25 %: (x - 2)(x - 0.8) = x^2 - 2.8x + 1.6 in x = 1 / (1 + r).
        assert_eq!(
            irr(&[1.6, -2.8, 1.0]),
            Err(NoIrr::SeveralSignChanges { sign_changes: 2 })
        );
        assert_eq!(irr(&[-100.0, f64::NAN]), Err(NoIrr::NotFinite));
        assert!(
            NoIrr::SeveralSignChanges { sign_changes: 2 }
                .reason()
                .contains("2 times")
        );
    }

    #[test]
    fn a_staged_build_with_one_rate_has_its_irr() {
        // Invest 100, earn 30, invest 50 more, earn 80 twice: the running sums from the start
        // are -100, -70, -120, -40, 40 (one change), from the end 80, 160, 110, 140, 40 (none):
        // one rate, above zero.
        let flows = [-100.0, 30.0, -50.0, 80.0, 80.0];
        let rate = irr(&flows).expect("one rate");
        assert!(rate > 0.0 && npv(rate, &flows).abs() < 1e-10, "{rate}");
        // Losing money in stages: from the start -100, -70, -120, -60, -10 (none), from the end
        // 50, 110, 60, 90, -10 (one): one rate, below zero.
        let flows = [-100.0, 30.0, -50.0, 60.0, 50.0];
        let rate = irr(&flows).expect("one rate");
        assert!(rate < 0.0 && npv(rate, &flows).abs() < 1e-10, "{rate}");
    }

    #[test]
    fn irr_is_a_root_of_the_npv_on_awkward_series() {
        let series: [&[f64]; 4] = [
            &[-5e6, 1e3, 1e3, 1e3, 1e3, 1e3, 1e3, 1e3, 1e3, 1e3, 1e3],
            &[-1e-6, 3e-7, 3e-7, 3e-7, 3e-7],
            &[-1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1e9],
            // 99.9 % lost (nearer -1, 1 + r itself has too few digits in an f64 for any test).
            &[-1e3, 1.0],
        ];
        for flows in series {
            let rate = irr(flows).expect("one sign change");
            assert!(rate > -1.0 && rate.is_finite(), "{rate}");
            // The NPV against the size of its discounted terms at that rate.
            let scale: f64 = flows
                .iter()
                .enumerate()
                .map(|(k, f)| (f * discount_factor(rate, k)).abs())
                .sum();
            let residual = npv(rate, flows);
            assert!(
                residual.abs() <= 1e-12 * scale,
                "{flows:?}: {rate}, {residual}"
            );
        }
    }

    #[test]
    fn payback_is_the_first_crossing() {
        assert_eq!(payback_index(&[0.0, 10.0]), Some(0));
        assert_eq!(payback_index(&[-10.0, 10.0, -50.0]), Some(1));
        assert_eq!(payback_index(&[]), None);
    }
}
