#!/usr/bin/env python3
"""numpy counterpart of W4 (`w4/simulate_1M_x15` in benches/benches/simulate.rs).

The same chain as `cmmcast simulate --to 2031 --paths 1000000` on the embedded Songzao plan
and the default scenario, vectorised over paths with numpy (one thread; numpy's generator,
so the draws are not the Rust ones, only their distributions):

- the two weighted models of `cmmcast fit` (linear: y on 1, t; exponential: ln y on 1, t;
  t = years since 2012), fitted here by least squares; each path picks one with probability
  equal to its Akaike weight, hard-coded from `cmmcast fit --format json` (linear
  0.017260233350865097, exponential 0.9827397666491349);
- the regression's parameters per path (docs/METHODS.md 11.2): sigma^2 = df s^2 / chi2_df
  (df = 3), level = ybar + sigma e0 / sqrt(n), slope = bhat + sigma e1 / sqrt(Sxx), then one
  new observation per year z_t = level + slope (t - tbar) + sigma eta_t; exp for the
  exponential;
- the default scenario (data/scenarios/songzao-default.toml): efficiency triangular(0.33,
  0.38, 0.42), availability PERT(0.80, 0.90, 0.95) = 0.80 + 0.15 Beta(1 + 4 * 0.1/0.15,
  1 + 4 * 0.05/0.15), parasitic load uniform(0.02, 0.06), all once per path; plan adherence
  lognormal(median 1, sigma 0.1) every year; the rest fixed (share to power 1, concentration
  rule off, destruction 0.995);
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
WEIGHTS = {"linear": 0.017260233350865097, "exponential": 0.9827397666491349}
CAPACITY_MW = 26.9
LHV = 33.43
DENSITY = 0.6681
DESTRUCTION = 0.995
GWP = 28.0
CO2_PER_CH4 = 2.75
PERCENTILES = np.array([10.0, 50.0, 90.0])


def ols_line(t, y):
    """ybar, slope, s^2, Sxx of y on 1, t."""
    tbar = t.mean()
    sxx = ((t - tbar) ** 2).sum()
    slope = ((t - tbar) * (y - y.mean())).sum() / sxx
    resid = y - y.mean() - slope * (t - tbar)
    df = len(t) - 2
    return y.mean(), slope, (resid ** 2).sum() / df, sxx, tbar, df


def fits():
    t = PLAN_YEARS - 2012.0
    return {"linear": ols_line(t, PLAN_METHANE), "exponential": ols_line(t, np.log(PLAN_METHANE))}


def simulate(paths, seed, models):
    rng = np.random.default_rng(seed)
    n_years = len(YEARS)
    t_future = (YEARS - 2012.0)[None, :]
    n_obs = len(PLAN_YEARS)
    # Model choice.
    linear = rng.random(paths) < WEIGHTS["linear"]
    # Parameters: both models share the same df (3) and tbar; pick each path's values.
    lin, exp_ = models["linear"], models["exponential"]
    df = lin[5]
    tbar = lin[4]
    ybar = np.where(linear, lin[0], exp_[0])
    slope_hat = np.where(linear, lin[1], exp_[1])
    s2 = np.where(linear, lin[2], exp_[2])
    sxx = lin[3]
    sigma = np.sqrt(df * s2 / rng.chisquare(df, paths))
    level = ybar + sigma * rng.standard_normal(paths) / np.sqrt(n_obs)
    slope = slope_hat + sigma * rng.standard_normal(paths) / np.sqrt(sxx)
    z = (level[:, None] + slope[:, None] * (t_future - tbar)
         + sigma[:, None] * rng.standard_normal((paths, n_years)))
    methane = z.copy()
    np.exp(z, out=methane, where=~linear[:, None])  # linear paths keep z
    # Scenario inputs.
    efficiency = rng.triangular(0.33, 0.38, 0.42, paths)
    availability = 0.80 + 0.15 * rng.beta(1 + 4 * 0.10 / 0.15, 1 + 4 * 0.05 / 0.15, paths)
    parasitic = rng.uniform(0.02, 0.06, paths)  # only net electricity uses it (not summarised)
    adherence = rng.lognormal(0.0, 0.10, (paths, n_years))
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
    return summaries, int(linear.sum()), parasitic.mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20120101)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    models = fits()
    if args.check:
        summaries, n_linear, _ = simulate(args.paths, args.seed, models)
        print(f"{args.paths} paths, {n_linear} linear")
        for year_index in (0, 14):
            for name, s in summaries.items():
                pct = ", ".join(f"{v:.3f}" for v in s["percentiles"][:, year_index])
                print(f"{YEARS[year_index]} {name:16} p10/50/90 {pct}  mean {s['mean'][year_index]:.3f}"
                      f"  sd {s['sd'][year_index]:.3f}")
        return
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        simulate(args.paths, args.seed, models)
        times.append(time.perf_counter() - start)
    print(f"numpy {np.__version__}, {args.paths} paths x {len(YEARS)} years, one thread")
    print("runs (s): " + ", ".join(f"{t:.3f}" for t in times))
    print(f"median: {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
