//! The little dense linear algebra least squares needs: a Householder QR factorisation and the
//! inverse of its triangular factor.
//!
//! Householder QR solves least squares without forming XᵀX, whose condition number is the
//! square of X's: on polynomial trends in calendar years that squaring alone loses every digit.
//! Sizes here are tiny (a handful of columns), so a plain implementation is both fast and exact
//! enough; no BLAS is needed.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// The parts of a QR factorisation that least squares uses: `R` (upper triangular, k x k),
/// `Qᵀy` (length n) and the inverse of `R`.
#[derive(Debug, Clone)]
pub(crate) struct QrSolve {
    /// Upper-triangular factor.
    pub(crate) r: Array2<f64>,
    /// Qᵀ y: its first k entries give the solution, the rest the residual.
    pub(crate) qty: Array1<f64>,
    /// R⁻¹ (upper triangular).
    pub(crate) r_inv: Array2<f64>,
}

/// Why a factorisation failed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum QrFailure {
    /// Fewer rows than columns.
    TooFewRows,
    /// The columns are linearly dependent (to working precision); the index of the first
    /// column found dependent on the ones before it.
    RankDeficient(usize),
}

/// Householder QR of `a` (n x k, n >= k) applied to `y`.
///
/// Rank is judged by the diagonal of R relative to the largest column norm, with tolerance
/// `n · k · ε`, the usual bound for Householder's backward error.
pub(crate) fn qr_solve(a: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<QrSolve, QrFailure> {
    let (n, k) = a.dim();
    if n < k {
        return Err(QrFailure::TooFewRows);
    }
    let mut work = a.to_owned();
    let mut qty = y.to_owned();
    let largest = (0..k)
        .map(|j| work.column(j).dot(&work.column(j)).sqrt())
        .fold(0.0_f64, f64::max);
    let tolerance = largest * (n * k).max(1) as f64 * f64::EPSILON;

    for j in 0..k {
        let norm = (j..n).map(|i| work[[i, j]].powi(2)).sum::<f64>().sqrt();
        if norm <= tolerance {
            return Err(QrFailure::RankDeficient(j));
        }
        // Reflect x = work[j.., j] onto -sign(x_j)·|x|·e_j (the sign avoids cancellation).
        let alpha = if work[[j, j]] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (j..n).map(|i| work[[i, j]]).collect();
        v[0] -= alpha;
        let v_norm2: f64 = v.iter().map(|x| x * x).sum();
        if v_norm2 > 0.0 {
            for col in j..k {
                let dot: f64 = v.iter().zip(j..n).map(|(vi, i)| vi * work[[i, col]]).sum();
                let factor = 2.0 * dot / v_norm2;
                for (vi, i) in v.iter().zip(j..n) {
                    work[[i, col]] -= factor * vi;
                }
            }
            let dot: f64 = v.iter().zip(j..n).map(|(vi, i)| vi * qty[i]).sum();
            let factor = 2.0 * dot / v_norm2;
            for (vi, i) in v.iter().zip(j..n) {
                qty[i] -= factor * vi;
            }
        }
        // Exact zeros below the diagonal, and the diagonal set to the reflected value.
        work[[j, j]] = alpha;
        for i in j + 1..n {
            work[[i, j]] = 0.0;
        }
    }
    let r = work.slice(ndarray::s![..k, ..k]).to_owned();
    let r_inv = upper_triangular_inverse(&r);
    Ok(QrSolve { r, qty, r_inv })
}

impl QrSolve {
    /// The least-squares solution R⁻¹ (Qᵀy)[..k], by back substitution.
    pub(crate) fn solution(&self) -> Array1<f64> {
        let k = self.r.nrows();
        let mut x = Array1::zeros(k);
        for i in (0..k).rev() {
            let mut sum = self.qty[i];
            for j in i + 1..k {
                sum -= self.r[[i, j]] * x[j];
            }
            x[i] = sum / self.r[[i, i]];
        }
        x
    }
}

/// Inverse of a non-singular upper-triangular matrix, by back substitution column by column.
fn upper_triangular_inverse(r: &Array2<f64>) -> Array2<f64> {
    let k = r.nrows();
    let mut inv = Array2::zeros((k, k));
    for col in 0..k {
        for i in (0..=col).rev() {
            let identity = if i == col { 1.0 } else { 0.0 };
            let mut sum = identity;
            for j in i + 1..=col {
                sum -= r[[i, j]] * inv[[j, col]];
            }
            inv[[i, col]] = sum / r[[i, i]];
        }
    }
    inv
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn solves_a_consistent_system_exactly() {
        // y = 1 + 2x at x = 0, 1, 2, 3: the solution is (1, 2) with zero residual.
        let a = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
        let y = array![1.0, 3.0, 5.0, 7.0];
        let qr = qr_solve(a.view(), y.view()).expect("full rank");
        let x = qr.solution();
        assert!(
            (x[0] - 1.0).abs() < 1e-14 && (x[1] - 2.0).abs() < 1e-14,
            "{x}"
        );
        assert!(
            qr.qty
                .slice(ndarray::s![2..])
                .iter()
                .all(|r| r.abs() < 1e-13)
        );
        let identity = qr.r.dot(&qr.r_inv);
        assert!((identity[[0, 0]] - 1.0).abs() < 1e-14 && identity[[0, 1]].abs() < 1e-14);
    }

    #[test]
    fn dependent_columns_are_refused() {
        let a = array![[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]];
        let y = array![1.0, 2.0, 3.0];
        assert_eq!(
            qr_solve(a.view(), y.view()).map(|_| ()),
            Err(QrFailure::RankDeficient(1))
        );
    }
}
