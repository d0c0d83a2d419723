#!/usr/bin/env python3
"""numpy counterpart of W4 (`w4/simulate_1M_x15` in benches/benches/simulate.rs).

The same chain as `cmmcast simulate --to 2031 --paths 1000000` on the embedded Songzao plan
and the default scenario, vectorised over paths with numpy (one thread; numpy's generator,
so the draws are not the Rust ones, only their distributions). With `--scenario absolute`, the
chain of `w4/simulate_1M_x15_absolute` (benches/scenarios/songzao-absolute.toml) instead.

- the default trend since issue 13, the damped trend with calibrated intervals
  (docs/METHODS.md, section 13): the damped point (alpha 1, beta 0.3, phi 0.95, started at
  y_1 with the mean step) for 2017-2031, the series' log-step sd floored at 0.01, the scales
  s_h = s_ref (sd / s_ref)^gamma_h (gamma_10 beyond ten years), and per path one row of the
  5-year calibration table (benches/compare/calibration.py builds it from the shipped reference
  class outside the timed part, as cmmcast learns it once per process) and one uniform v: year
  h's scaled error is the table's continuous quantile (linear between order statistics at
  Weibull positions i / (m + 1)) at the row's probability (rank_h + v) / m, times h / 10 beyond
  ten years, and methane = point_h exp(s_h z_h);
- the default scenario (data/scenarios/songzao-default.toml, as the study resolves it around
  the plant's values): efficiency triangular(0.33, 0.38, 0.43), availability PERT(0.85, 0.90,
  0.95) = 0.85 + 0.10 Beta(3, 3), once per path; parasitic load fixed at 0; plan adherence
  lognormal(median 1, sigma 0.1) every year with a per-path level and a persistent yearly part
  (path_share 0.5, persistence 0.5: ln a_t = L + u_t, L ~ N(0, 0.5 sigma^2), u an AR(1) of
  variance 0.5 sigma^2 and lag-1 correlation 0.5; docs/METHODS.md 11.3); the rest fixed
  (share to power 1, concentration rule off, destruction 0.995);
- or the absolute scenario: efficiency triangular(0.33, 0.38, 0.42), availability PERT(0.80,
  0.90, 0.95) = 0.80 + 0.15 Beta(1 + 4 * 0.1/0.15, 1 + 4 * 0.05/0.15), parasitic load
  uniform(0.02, 0.06), all once per path; plan adherence lognormal(median 1, sigma 0.1)
  independently every year;
- the energy chain of docs/METHODS.md section 8.4 for every path-year (26.9 MW, 20 degC:
  LHV 33.43 MJ/m3, density 0.6681 kg/m3, AR5 GWP 28, no grid factor): drained
  M = max(0, y * adherence), k = 1e6 LHV eff / 3600, demand = C * avail * 8760 / k,
  burnt = min(M, demand), surplus = max(0, M - burnt), utilization = burnt / M,
  electricity = burnt k / 1000, avoided = burnt * 0.6681 * 0.995 * (28 - 2.75);
- per year and quantity (15 x 6 columns of 1,000,000): np.percentile at 10, 50, 90 plus the
  six ranks N p +- sqrt(N p (1 - p)) of the Monte Carlo standard errors (as `summarize`), the
  mean and the sd (ddof 1).

    python3 benches/compare/simulate_w4.py               # median of 5 runs, 1,000,000 paths
    python3 benches/compare/simulate_w4.py --paths 100000 --repeat 3
    python3 benches/compare/simulate_w4.py --check       # a few summaries, to compare with Rust

Needs: Python 3.9+, numpy.
"""

import argparse
import statistics
import time

import numpy as np

YEARS = np.arange(2017, 2032)  # 15 forecast years
PLAN_YEARS = np.array([2012, 2013, 2014, 2015, 2016], dtype=float)
PLAN_METHANE = np.array([222.94, 239.87, 259.24, 282.86, 304.84])
CAPACITY_MW = 26.9
LHV = 33.43
DENSITY = 0.6681
DESTRUCTION = 0.995
GWP = 28.0
CO2_PER_CH4 = 2.75
PERCENTILES = np.array([10.0, 50.0, 90.0])


def damped_point(y, horizon, beta=0.3, phi=0.95):
    """The damped trend's points 1..horizon (alpha 1, drift start; the Songzao plan rises, so
    the original scale)."""
    b = (y[-1] - y[0]) / (len(y) - 1)
    for t in range(1, len(y)):
        b = beta * (y[t] - y[t - 1]) + (1 - beta) * phi * b
    h = np.arange(1, horizon + 1)
    return y[-1] + b * phi * (1 - phi ** h) / (1 - phi)


def fits():
    """The calibration table of 5-year windows and the Songzao point, scales and table columns,
    prepared once (outside the timed part)."""
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import calibration as c

    win = c.make_windows(c.load_series(), 5)
    tab = c.fit_table(win["y"], win["fut"], c.damped_point(win["y"], 0.3, 0.95), probs=(0.5,))
    z = tab["z"]  # m x 10
    order = np.argsort(z, axis=0, kind="stable")
    ranks = np.empty_like(order)
    for h in range(z.shape[1]):
        ranks[order[:, h], h] = np.arange(z.shape[0])
    sd = max(float(np.std(np.diff(np.log(PLAN_METHANE)), ddof=1)), 0.01)
    hs = np.arange(1, len(YEARS) + 1)
    h10 = np.minimum(hs, 10) - 1
    return {
        "point": damped_point(PLAN_METHANE, len(YEARS)),
        "scale": tab["s_ref"] * (sd / tab["s_ref"]) ** tab["gamma"][h10],
        "stretch": np.maximum(hs, 10) / 10.0,
        "h10": h10,
        "sorted": np.sort(z, axis=0),
        "ranks": ranks,
    }


def adherence_persistent(rng, paths, n_years, sigma=0.10, share=0.5, rho=0.5):
    """Persistent lognormal plan adherence (median 1): a per-path level plus a stationary AR(1)
    in the log, every year's marginal lognormal(0, sigma)."""
    level = rng.normal(0.0, sigma * np.sqrt(share), paths)
    year_sd = sigma * np.sqrt(1.0 - share)
    z = rng.standard_normal((paths, n_years))
    u = np.empty((paths, n_years))
    u[:, 0] = year_sd * z[:, 0]
    innovation = year_sd * np.sqrt(1.0 - rho * rho)
    for t in range(1, n_years):
        u[:, t] = rho * u[:, t - 1] + innovation * z[:, t]
    return np.exp(level[:, None] + u)


def simulate(paths, seed, models, scenario="default"):
    rng = np.random.default_rng(seed)
    n_years = len(YEARS)
    # The trend: one table row and one uniform per path.
    m = models["ranks"].shape[0]
    row = rng.integers(0, m, paths)
    v = rng.random(paths)
    u = (models["ranks"][row][:, models["h10"]] + v[:, None]) / m  # paths x years
    position = np.clip(u * (m + 1) - 1.0, 0.0, m - 1.0)
    below = np.floor(position).astype(np.int64)
    above = np.minimum(below + 1, m - 1)
    cols = np.broadcast_to(models["h10"], below.shape)
    column = models["sorted"]
    z = column[below, cols] + (position - below) * (column[above, cols] - column[below, cols])
    methane = models["point"] * np.exp(models["scale"] * z * models["stretch"])
    # Scenario inputs.
    if scenario == "absolute":
        efficiency = rng.triangular(0.33, 0.38, 0.42, paths)
        availability = 0.80 + 0.15 * rng.beta(1 + 4 * 0.10 / 0.15, 1 + 4 * 0.05 / 0.15, paths)
        parasitic = rng.uniform(0.02, 0.06, paths)  # only net electricity uses it (not summarised)
        adherence = rng.lognormal(0.0, 0.10, (paths, n_years))
    else:
        efficiency = rng.triangular(0.33, 0.38, 0.43, paths)
        availability = 0.85 + 0.10 * rng.beta(3.0, 3.0, paths)
        parasitic = np.zeros(paths)
        adherence = adherence_persistent(rng, paths, n_years)
    # Energy chain.
    drained = np.maximum(methane * adherence, 0.0)
    k = 1e6 * LHV * efficiency / 3600.0
    demand = (CAPACITY_MW * availability * 8760.0 / k)[:, None]
    burnt = np.minimum(drained, demand)
    surplus = np.maximum(drained - burnt, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        utilization = np.where(drained > 0.0, burnt / drained, 0.0)
    electricity = burnt * (k / 1000.0)[:, None]
    avoided = burnt * (DENSITY * DESTRUCTION * (GWP - CO2_PER_CH4))
    quantities = {
        "methane_mm3": drained,
        "burnt_mm3": burnt,
        "surplus_mm3": surplus,
        "utilization": utilization,
        "electricity_gwh": electricity,
        "co2e_avoided_kt": avoided,
    }
    # Summaries: the percentiles and the ranks of their standard errors, mean, sd.
    p = PERCENTILES / 100.0
    spread = np.sqrt(paths * p * (1 - p))
    ranks = np.concatenate([(paths - 1) * p, paths * p - spread, paths * p + spread])
    q = np.clip(ranks, 0, paths - 1) / (paths - 1)
    summaries = {}
    for name, values in quantities.items():
        at = np.quantile(values, q, axis=0)  # (9, years)
        summaries[name] = {
            "percentiles": at[:3],
            "se": 0.5 * (at[6:] - at[3:6]),
            "mean": values.mean(axis=0),
            "sd": values.std(axis=0, ddof=1),
        }
    return summaries, m, parasitic.mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20120101)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--scenario", choices=["default", "absolute"], default="default")
    args = parser.parse_args()
    models = fits()
    if args.check:
        summaries, rows, _ = simulate(args.paths, args.seed, models, args.scenario)
        print(f"{args.paths} paths drawing from {rows} reference windows")
        for year_index in (0, 14):
            for name, s in summaries.items():
                pct = ", ".join(f"{v:.3f}" for v in s["percentiles"][:, year_index])
                print(f"{YEARS[year_index]} {name:16} p10/50/90 {pct}  mean {s['mean'][year_index]:.3f}"
                      f"  sd {s['sd'][year_index]:.3f}")
        return
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        simulate(args.paths, args.seed, models, args.scenario)
        times.append(time.perf_counter() - start)
    print(f"numpy {np.__version__}, {args.paths} paths x {len(YEARS)} years, one thread, "
          f"{args.scenario} scenario")
    print("runs (s): " + ", ".join(f"{t:.3f}" for t in times))
    print(f"median: {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
