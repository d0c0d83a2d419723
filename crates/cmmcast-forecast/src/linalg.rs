//! The little dense linear algebra least squares needs: a Householder QR factorisation and the
//! inverse of its triangular factor.
//!
//! Householder QR solves least squares without forming XᵀX, whose condition number is the
//! square of X's: on polynomial trends in calendar years that squaring alone loses every digit.
//! Sizes here are tiny (a handful of columns, often five rows), so the factorisation works in
//! place on plain column-major slices: no BLAS, and no temporary arrays, which would cost more
//! than the arithmetic.

/// The result of a least-squares solve: the solution and R⁻¹ (the residual part of Qᵀy is
/// left in the caller's target vector).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LeastSquares {
    /// The solution b of min |Zb − y|.
    pub(crate) solution: Vec<f64>,
    /// R⁻¹, upper triangular, row-major k x k.
    pub(crate) r_inv: Vec<f64>,
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

/// Least squares by Householder QR of `z` (n x k, column-major: column j is
/// `z[j * n..(j + 1) * n]`), overwriting `z` and `y`.
///
/// Rank is judged by the diagonal of R relative to the largest column norm, with tolerance
/// `n · k · ε`, the usual bound for Householder's backward error.
pub(crate) fn least_squares(
    z: &mut [f64],
    y: &mut [f64],
    n: usize,
    k: usize,
) -> Result<LeastSquares, QrFailure> {
    if n < k {
        return Err(QrFailure::TooFewRows);
    }
    let column_norm = |z: &[f64], j: usize, from: usize| {
        z[j * n + from..(j + 1) * n]
            .iter()
            .map(|v| v * v)
            .sum::<f64>()
            .sqrt()
    };
    let largest = (0..k).map(|j| column_norm(z, j, 0)).fold(0.0_f64, f64::max);
    let tolerance = largest * (n * k).max(1) as f64 * f64::EPSILON;
    // R's diagonal; the entries above it are left in z.
    let mut diagonal = vec![0.0; k];

    for j in 0..k {
        let norm = column_norm(z, j, j);
        if norm <= tolerance {
            return Err(QrFailure::RankDeficient(j));
        }
        // Reflect x = z[j.., j] onto −sign(x_j)·|x|·e_j (the sign avoids cancellation); the
        // reflector v = x − αe_j is built in place of x.
        let alpha = if z[j * n + j] > 0.0 { -norm } else { norm };
        z[j * n + j] -= alpha;
        let (head, tail) = z.split_at_mut((j + 1) * n);
        let v = &head[j * n + j..(j + 1) * n];
        let v_norm2: f64 = v.iter().map(|x| x * x).sum();
        if v_norm2 > 0.0 {
            let reflect = |target: &mut [f64]| {
                let dot: f64 = v.iter().zip(target.iter()).map(|(a, b)| a * b).sum();
                let factor = 2.0 * dot / v_norm2;
                for (t, vi) in target.iter_mut().zip(v) {
                    *t -= factor * vi;
                }
            };
            for col in 0..k - j - 1 {
                reflect(&mut tail[col * n + j..(col + 1) * n]);
            }
            reflect(&mut y[j..]);
        }
        diagonal[j] = alpha;
    }

    // R: diagonal as reflected, above it what the reflections left in z (row i, column j).
    let r = |i: usize, j: usize| if i == j { diagonal[i] } else { z[j * n + i] };
    let mut solution = vec![0.0; k];
    for i in (0..k).rev() {
        let mut sum = y[i];
        for (j, s) in solution.iter().enumerate().skip(i + 1) {
            sum -= r(i, j) * s;
        }
        solution[i] = sum / r(i, i);
    }
    let mut r_inv = vec![0.0; k * k];
    for col in 0..k {
        for i in (0..=col).rev() {
            let mut sum = if i == col { 1.0 } else { 0.0 };
            for j in i + 1..=col {
                sum -= r(i, j) * r_inv[j * k + col];
            }
            r_inv[i * k + col] = sum / r(i, i);
        }
    }
    Ok(LeastSquares { solution, r_inv })
}

/// |R⁻ᵀ z|² for a row z of the scaled design: the quadratic form zᵀ(ZᵀZ)⁻¹z, since
/// (ZᵀZ)⁻¹ = R⁻¹R⁻ᵀ. `r_inv` is row-major k x k upper triangular.
pub(crate) fn quadratic_form(r_inv: &[f64], z: &[f64]) -> f64 {
    let k = z.len();
    (0..k)
        .map(|col| {
            // (R⁻ᵀ z)_col = Σ_i R⁻¹[i][col] z_i, over i ≤ col.
            let v: f64 = (0..=col).map(|i| r_inv[i * k + col] * z[i]).sum();
            v * v
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_consistent_system_exactly() {
        // y = 1 + 2x at x = 0, 1, 2, 3: the solution is (1, 2) with zero residual.
        let mut z = vec![1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 2.0, 3.0];
        let mut y = vec![1.0, 3.0, 5.0, 7.0];
        let ls = least_squares(&mut z, &mut y, 4, 2).expect("full rank");
        assert!((ls.solution[0] - 1.0).abs() < 1e-14, "{:?}", ls.solution);
        assert!((ls.solution[1] - 2.0).abs() < 1e-14, "{:?}", ls.solution);
        assert!(y[2..].iter().all(|r| r.abs() < 1e-13));
        // ZᵀZ = [[4, 6], [6, 14]], so (ZᵀZ)⁻¹ = [[14, −6], [−6, 4]] / 20 and for the row
        // (1, 0) the quadratic form is 14/20 = 0.7.
        assert!((quadratic_form(&ls.r_inv, &[1.0, 0.0]) - 0.7).abs() < 1e-14);
    }

    #[test]
    fn dependent_columns_are_refused() {
        let mut z = vec![1.0, 2.0, 3.0, 2.0, 4.0, 6.0];
        let mut y = vec![1.0, 2.0, 3.0];
        assert_eq!(
            least_squares(&mut z, &mut y, 3, 2),
            Err(QrFailure::RankDeficient(1))
        );
    }
}
