#!/usr/bin/env python3
"""The targets of issue 13, item 5, on the shipped reference class: the full table.

Independent of the Rust code (numpy, scipy, pandas through benches/compare/calibration.py, the
prototype the calibrated method was designed with), for docs/METHODS.md section 13.5 and for
the fixture that crates/cmmcast-forecast/tests/calibrated.rs compares the Rust backtest with.

The design is the one of `cmmcast backtest --reference --quantity Q --window W --min-level 1
--full-outcome --models rw-drift` and of the Rust test:

- windows: every start year of every run of consecutive positive values of each national
  series averaging at least 1 Mt or bcm, W = 5 or 10 known years followed by all ten
  outcome years, so that every horizon is judged on the same windows; coal and gas apart;
- the default ("damped, calibrated"): the damped-level point (alpha 1, beta 0.3, phi 0.95,
  `DampedLevel::SHIPPED`) with intervals from calibration tables learned leave-one-country-out
  (every window of the held-out country's coal and gas left out; coal and gas of the other
  countries pooled, as the shipped tables are);
- rw-drift: the random walk with drift with its own Student-t intervals (variance
  s2 (h + h^2/(n - 1)), n - 2 degrees of freedom), fitted on the same windows;
- per fuel, W and horizon h = 1..10: the windows, the coverage of the 80 % and 95 % intervals
  (bounds included), the median absolute percentage error, and the mean 95 % Winkler score in
  per cent of each window's last known value (100 W_i / y_n,i averaged over the windows, so that
  large producers do not dominate; `HorizonAccuracy::winkler_percent`).

The targets (issue 13, item 5), every cell: 95 % coverage 92-97 %, 80 % coverage 76-84 %, MdAPE
no worse than rw-drift's, mean 95 % Winkler better (lower) than rw-drift's.

    python3 benches/compare/calibration_targets.py             # the Markdown table and the targets
    python3 benches/compare/calibration_targets.py --check     # exit 1 when a target fails
    python3 benches/compare/calibration_targets.py --nested    # beta, phi chosen again in each fold
    python3 benches/compare/calibration_targets.py --json FILE # the unrounded table, for the fixture
    python3 benches/compare/calibration_targets.py --repeat 5  # median time of 5 computations

Prints the table to stdout, the time to stderr. Needs: Python 3.9+, numpy, scipy, pandas
(calibration.py's imports).
"""

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import calibration as c  # noqa: E402

SHIPPED = (0.3, 0.95)  # DampedLevel::SHIPPED: beta, phi
LEVELS = (0.8, 0.95)
COVERAGE_TARGETS = {0.8: (76.0, 84.0), 0.95: (92.0, 97.0)}
FUEL_QUANTITY = {"coal": "coal_mt", "gas": "gas_bcm"}


def winkler_percent(lower, upper, actual, last, alpha):
    """Winkler (1972) interval score in per cent of the window's last known value: the width,
    plus 2/alpha times the distance by which the actual value falls outside."""
    score = (upper - lower) + (2.0 / alpha) * (np.maximum(lower - actual, 0.0) + np.maximum(actual - upper, 0.0))
    return 100.0 * score / last


def method_cell(point, bounds, actual, last):
    """One method at one horizon over a set of windows (vectors of equal length)."""
    out = {}
    for level in LEVELS:
        lower, upper = bounds[level]
        out[f"inside_{int(level * 100)}"] = int(((lower <= actual) & (actual <= upper)).sum())
    out["mdape"] = float(np.median(100.0 * np.abs((actual - point) / actual)))
    lower, upper = bounds[0.95]
    out["winkler_95_percent"] = float(winkler_percent(lower, upper, actual, last, 0.05).mean())
    # In the series' own unit (Mt, bcm), for the record only: the big producers dominate.
    out["winkler_95_raw"] = float(((upper - lower) + 40.0 * (np.maximum(lower - actual, 0.0)
                                                            + np.maximum(actual - upper, 0.0))).mean())
    return out


def compute(nested=False):
    """The full table: one row per fuel, W and horizon."""
    series = c.load_series()
    wins = {W: c.make_windows(series, W) for W in c.W_TABLE}
    if nested:
        caches = {W: c.point_cache(wins[W]) for W in c.W_TABLE}
        default, _ = c.loco_default(wins, caches, pooled=True)
    else:
        caches = {W: {SHIPPED: c.damped_point(wins[W]["y"], *SHIPPED)} for W in c.W_TABLE}
        default, _ = c.loco_default(wins, caches, pooled=True, fixed_point=SHIPPED)
    rows = []
    for fuel in c.FUELS:
        for W in c.W_TABLE:
            win = wins[W]
            mask = win["fuel"] == fuel
            actual = win["fut"][mask]
            last = win["y"][mask, -1]
            d_point, d_bounds = default[W]
            r_point, r_bounds = c.rwd_t(win["y"][mask], LEVELS)
            for h in range(c.H):
                cal = method_cell(d_point[mask, h], {lv: (b[0][mask, h], b[1][mask, h]) for lv, b in d_bounds.items()},
                                  actual[:, h], last)
                rwd = method_cell(r_point[:, h], {lv: (b[0][:, h], b[1][:, h]) for lv, b in r_bounds.items()},
                                  actual[:, h], last)
                rows.append({"fuel": fuel, "quantity": FUEL_QUANTITY[fuel], "window": W, "horizon": h + 1,
                             "n": int(mask.sum()), "calibrated": cal, "rw_drift": rwd})
    return rows


def coverage(cell, level, n):
    return 100.0 * cell[f"inside_{int(level * 100)}"] / n


def failures(rows):
    """Every target a cell misses, as one line each."""
    out = []
    for r in rows:
        n, cal, rwd = r["n"], r["calibrated"], r["rw_drift"]
        where = f"{r['fuel']} W = {r['window']} h = {r['horizon']}"
        for level, (lo, hi) in COVERAGE_TARGETS.items():
            cov = coverage(cal, level, n)
            if not lo <= cov <= hi:
                out.append(f"{where}: {int(level * 100)} % coverage {cov:.2f} outside {lo:.0f}-{hi:.0f}")
        if not cal["mdape"] <= rwd["mdape"]:
            out.append(f"{where}: MdAPE {cal['mdape']:.3f} above rw-drift's {rwd['mdape']:.3f}")
        if not cal["winkler_95_percent"] < rwd["winkler_95_percent"]:
            out.append(f"{where}: Winkler 95 {cal['winkler_95_percent']:.2f} not below rw-drift's "
                       f"{rwd['winkler_95_percent']:.2f}")
    return out


def markdown(rows):
    lines = [
        "| fuel | W | h | windows | cov 80 | cov 95 | MdAPE | rw-drift MdAPE | Winkler 95 | rw-drift Winkler 95 "
        "| rw-drift cov 80 | rw-drift cov 95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        n, cal, rwd = r["n"], r["calibrated"], r["rw_drift"]
        lines.append(
            f"| {r['fuel']} | {r['window']} | {r['horizon']} | {n} "
            f"| {coverage(cal, 0.8, n):.1f} | {coverage(cal, 0.95, n):.1f} "
            f"| {cal['mdape']:.2f} | {rwd['mdape']:.2f} "
            f"| {cal['winkler_95_percent']:.1f} | {rwd['winkler_95_percent']:.1f} "
            f"| {coverage(rwd, 0.8, n):.1f} | {coverage(rwd, 0.95, n):.1f} |")
    return "\n".join(lines)


def summary(rows):
    """The margins of each target over the 40 cells."""
    cov = {lv: [coverage(r["calibrated"], lv, r["n"]) for r in rows] for lv in LEVELS}
    md = [r["calibrated"]["mdape"] - r["rw_drift"]["mdape"] for r in rows]
    wk = [r["calibrated"]["winkler_95_percent"] / r["rw_drift"]["winkler_95_percent"] for r in rows]
    raw_worse = [f"{r['fuel']} W = {r['window']} h = {r['horizon']}" for r in rows
                 if r["calibrated"]["winkler_95_raw"] >= r["rw_drift"]["winkler_95_raw"]]
    return [
        f"cells: {len(rows)}; failed targets: {len(failures(rows))}",
        f"80 % coverage {min(cov[0.8]):.1f} to {max(cov[0.8]):.1f} (target 76 to 84); "
        f"95 % coverage {min(cov[0.95]):.1f} to {max(cov[0.95]):.1f} (target 92 to 97)",
        f"MdAPE minus rw-drift's: {min(md):+.2f} to {max(md):+.2f} points (target <= 0)",
        f"Winkler 95 over rw-drift's: {min(wk):.3f} to {max(wk):.3f} (target < 1)",
        f"for the record, mean Winkler 95 in the series' own unit (dominated by the largest producers) "
        f"is not below rw-drift's in {len(raw_worse)} of {len(rows)} cells"
        + (f": {', '.join(raw_worse)}" if raw_worse else ""),
    ]


def versions():
    import pandas
    import scipy
    return {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
            "pandas": pandas.__version__}


def write_json(rows, path):
    with open(path, "w") as f:
        json.dump({"written_by": "benches/compare/calibration_targets.py", "versions": versions(),
                   "point": {"beta": SHIPPED[0], "phi": SHIPPED[1]}, "rows": rows}, f, indent=1)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--nested", action="store_true",
                        help="choose beta, phi again inside each leave-one-country-out fold")
    parser.add_argument("--json", metavar="FILE", help="write the unrounded table to FILE")
    parser.add_argument("--repeat", type=int, default=1, help="computations timed (median)")
    args = parser.parse_args()
    if args.json and args.nested:
        parser.error("--json writes the shipped point's table; leave out --nested")

    times = []
    for _ in range(max(args.repeat, 1)):
        start = time.perf_counter()
        rows = compute(nested=args.nested)
        times.append(time.perf_counter() - start)
    point = "beta, phi chosen again in each fold" if args.nested else f"beta {SHIPPED[0]}, phi {SHIPPED[1]}"
    print(f"Issue 13, item 5: leave-one-country-out, damped-level point ({point}) with calibrated "
          "intervals, against rw-drift with its own t intervals; coverage and MdAPE in %, Winkler 95 "
          "in % of the window's last value.\n")
    print(markdown(rows))
    print()
    for line in summary(rows):
        print(line)
    if args.json:
        write_json(rows, args.json)
    print(f"computed in {statistics.median(times):.2f} s (median of {len(times)})", file=sys.stderr)
    failed = failures(rows)
    if failed:
        print("\n".join(["targets failed:"] + failed), file=sys.stderr)
    if args.check:
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
