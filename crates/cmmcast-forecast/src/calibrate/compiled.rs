//! The shipped calibration, compiled in: the two tables learned from the embedded reference
//! class, stored bit for bit in `data/reference/calibration-tables.bin` so that a process does
//! not spend its first calibrated forecast learning them (about 60 million instructions, most
//! of a default `cmmcast forecast`, mostly sorting). Written by
//! `cargo run -p cmmcast-forecast --example calibration_table -- --write`; the test
//! `tests/calibration_table.rs` fails when the file is not what that command would write from
//! the shipped data.
//!
//! The format is little-endian: the magic `CMMCAL01`; the point's β and φ (f64); the origin
//! and then each quantity as a u32 length and UTF-8; the number of groups (u32); then per table
//! its window, row count m (u32 each), s_ref, γ_1..γ_10 and the m × 10 scaled errors row by row
//! (f64), then each row's rank at each horizon among that horizon's errors (m × 10 u32), which
//! spare the reader the sort that dominated the learning's cost; the reader checks them.

use crate::calibrate::intervals::Calibration;
use crate::calibrate::point::DampedLevel;
use crate::calibrate::table::{CalibrationTable, TABLE_HORIZON};

const MAGIC: &[u8; 8] = b"CMMCAL01";

impl Calibration {
    /// The calibration as the compiled-in file holds it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for v in [self.point.beta, self.point.phi] {
            out.extend(v.to_le_bytes());
        }
        let mut text = |s: &str| {
            out.extend((s.len() as u32).to_le_bytes());
            out.extend(s.as_bytes());
        };
        text(&self.origin);
        out.extend((self.quantities.len() as u32).to_le_bytes());
        for q in &self.quantities {
            out.extend((q.len() as u32).to_le_bytes());
            out.extend(q.as_bytes());
        }
        out.extend((self.groups as u32).to_le_bytes());
        for table in [&self.five, &self.ten] {
            out.extend((table.window as u32).to_le_bytes());
            out.extend((table.len() as u32).to_le_bytes());
            out.extend(table.s_ref.to_le_bytes());
            for g in table.gamma {
                out.extend(g.to_le_bytes());
            }
            for row in table.rows() {
                for z in row {
                    out.extend(z.to_le_bytes());
                }
            }
            for row in table.ranks() {
                for rank in row {
                    out.extend(rank.to_le_bytes());
                }
            }
        }
        out
    }

    /// Reads [`Calibration::to_bytes`]; `None` when the bytes are not such a file.
    pub fn from_bytes(bytes: &[u8]) -> Option<Calibration> {
        let mut r = Reader(bytes);
        if r.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let point = DampedLevel {
            beta: r.f64()?,
            phi: r.f64()?,
        };
        let origin = r.text()?;
        let quantities = (0..r.u32()?)
            .map(|_| r.text())
            .collect::<Option<Vec<_>>>()?;
        let groups = r.u32()? as usize;
        let mut table = || -> Option<CalibrationTable> {
            let window = r.u32()? as usize;
            let m = r.u32()? as usize;
            let s_ref = r.f64()?;
            let mut gamma = [0.0; TABLE_HORIZON];
            for g in &mut gamma {
                *g = r.f64()?;
            }
            let mut rows = Vec::with_capacity(m);
            for _ in 0..m {
                let mut row = [0.0; TABLE_HORIZON];
                for z in &mut row {
                    *z = r.f64()?;
                }
                rows.push(row);
            }
            let mut ranks = Vec::with_capacity(m);
            for _ in 0..m {
                let mut row = [0u32; TABLE_HORIZON];
                for rank in &mut row {
                    *rank = r.u32()?;
                }
                ranks.push(row);
            }
            CalibrationTable::from_ranked_rows(window, s_ref, gamma, rows, ranks)
        };
        let five = table()?;
        let ten = table()?;
        r.0.is_empty().then_some(Calibration {
            origin,
            point,
            five,
            ten,
            quantities,
            groups,
        })
    }
}

/// The unread rest of the bytes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A truncated or foreign file is refused, not half read.
    #[test]
    fn bad_bytes_are_refused() {
        let bytes = Calibration::embedded().to_bytes();
        assert!(Calibration::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        assert!(Calibration::from_bytes(b"CMMCAL02").is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Calibration::from_bytes(&longer).is_none());
        // Two rows' ranks swapped at the last horizon of the ten-year table: the order no
        // longer sorts the errors, and the file is refused rather than read wrong.
        let mut swapped = bytes.clone();
        let end = swapped.len();
        let (a, b) = (end - 4, end - 4 - 4 * TABLE_HORIZON);
        for i in 0..4 {
            swapped.swap(a + i, b + i);
        }
        assert!(Calibration::from_bytes(&swapped).is_none());
        assert_eq!(
            Calibration::from_bytes(&bytes).as_ref(),
            Some(Calibration::embedded())
        );
    }
}
