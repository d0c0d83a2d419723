#!/usr/bin/env python3
"""statsmodels counterpart of W2 and W3 in benches/benches/forecast.rs.

Per series, the work an analyst would do with statsmodels to fit, compare and forecast short
trends the way `cmmcast forecast` does:

- three OLS fits with sm.OLS: linear (y on 1, t), exponential (ln y on 1, t) and quadratic
  (y on 1, t, t^2), t = years since the first year;
- for each: leave-one-out predictions from the PRESS residuals of get_influence(), R^2, and
  AICc from llf with K = params + 1 (as R's AIC(lm)), the exponential's llf put on the original
  scale with the log Jacobian -sum(ln y); AICc is undefined (None) when n <= K + 1;
- Akaike weights over the models with an AICc, the best = the highest weight;
- prediction intervals of a new observation from get_prediction(X_future).summary_frame at
  alpha 0.2 and 0.05 (80 % and 95 %), exponential bounds back-transformed with exp.

Two variants: "all" (as specified for the comparison: get_prediction and both summary frames
for all three models) and "best" (only the best model's, as cmmcast does). cmmcast also fits
GM(1,1) and the intensity model, which statsmodels does not have; they are left out here, so
the Python side does less fitting than the Rust side.

W2: the 5-year Songzao plan (data/songzao-plan.csv), forecast 2017-2030; the median of many
timeit repeats of one call. W3: the first --subset of the same 100,000 synthetic series as
`cmmcast_benches::synthetic_series` (SplitMix64 with the same seed and draws, replicated here
bit for bit), forecast 2017-2026, one thread; the median of --repeat runs over the subset,
extrapolated linearly to 100,000 series (printed as such).

    python3 benches/compare/forecast_w2_w3.py                 # W2 and W3 (1,000-series subset)
    python3 benches/compare/forecast_w2_w3.py --subset 200    # quicker
    python3 benches/compare/forecast_w2_w3.py --check         # print values to compare with Rust

Needs: Python 3.9+, numpy, statsmodels (pip install statsmodels).
"""

import argparse
import os
import statistics
import sys
import timeit
import warnings

import numpy as np
import statsmodels
import statsmodels.api as sm

SYNTHETIC_SEED = 0x5EEDCC4A
SYNTHETIC_YEARS = [2012, 2013, 2014, 2015, 2016]
W3_SERIES = 100_000
MASK = (1 << 64) - 1
PLAN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                    "songzao-plan.csv")


class SplitMix64:
    """The generator of benches/src/lib.rs."""

    def __init__(self, seed):
        self.state = seed

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def unit(self):
        """Uniform in [0, 1) from the top 53 bits, as `unit` in benches/src/lib.rs."""
        return (self.next_u64() >> 11) * (1.0 / (1 << 53))


def synthetic_series(count, seed=SYNTHETIC_SEED):
    """The same values as `cmmcast_benches::synthetic_series(count, seed)`."""
    rng = SplitMix64(seed)
    out = []
    for _ in range(count):
        coal0 = 3_000.0 + 9_000.0 * rng.unit()
        growth = -0.02 + 0.12 * rng.unit()
        intensity0 = 0.025 + 0.020 * rng.unit()
        drift = -0.01 + 0.03 * rng.unit()
        methane, coal = [], []
        coal_trend, intensity = coal0, intensity0
        for _ in range(5):
            coal_noise = 0.06 * (rng.unit() - 0.5)
            methane_noise = 0.06 * (rng.unit() - 0.5)
            coal.append(coal_trend * (1.0 + coal_noise))
            methane.append(coal_trend * intensity * (1.0 + methane_noise))
            coal_trend *= 1.0 + growth
            intensity *= 1.0 + drift
        out.append((np.array(SYNTHETIC_YEARS), np.array(methane), np.array(coal)))
    return out


# name, degree, log scale
MODELS = [("linear", 1, False), ("exponential", 1, True), ("quadratic", 2, False)]
LEVELS = [(80, 0.2), (95, 0.05)]


def design(t, degree):
    return np.column_stack([np.ones_like(t)] + [t ** d for d in range(1, degree + 1)])


def predict(res, x_future, log):
    """Point and prediction-interval bounds at 80 % and 95 %, on the original scale."""
    prediction = res.get_prediction(x_future)
    bounds = {}
    point = None
    for level, alpha in LEVELS:
        frame = prediction.summary_frame(alpha=alpha)
        lower, upper = frame["obs_ci_lower"].to_numpy(), frame["obs_ci_upper"].to_numpy()
        point = frame["mean"].to_numpy()
        if log:
            lower, upper = np.exp(lower), np.exp(upper)
        bounds[level] = (lower, upper)
    return (np.exp(point) if log else point), bounds


def select_and_forecast(years, y, future_years, predict_all=True):
    """Fit, compare and forecast one series; returns (best name, point, bounds, weights)."""
    t = (years - years[0]).astype(float)
    tf = (np.asarray(future_years) - years[0]).astype(float)
    n = len(y)
    fits = []
    for name, degree, log in MODELS:
        z = np.log(y) if log else y
        res = sm.OLS(z, design(t, degree)).fit()
        press = res.get_influence().resid_press
        loo = np.exp(z - press) if log else z - press
        loo_rmse = float(np.sqrt(np.mean((y - loo) ** 2)))
        llf = res.llf - (np.log(y).sum() if log else 0.0)
        k = len(res.params) + 1
        aicc = (-2.0 * llf + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1)) if n > k + 1 else None
        r2 = res.rsquared
        forecast = predict(res, design(tf, degree), log) if predict_all else None
        fits.append(dict(name=name, res=res, degree=degree, log=log, aicc=aicc,
                         loo_rmse=loo_rmse, r2=r2, forecast=forecast))
    present = [f["aicc"] for f in fits if f["aicc"] is not None]
    best_aicc = min(present)
    raw = [np.exp(-(f["aicc"] - best_aicc) / 2.0) if f["aicc"] is not None else None
           for f in fits]
    total = sum(w for w in raw if w is not None)
    weights = [w / total if w is not None else None for w in raw]
    best = fits[max((i for i, w in enumerate(weights) if w is not None),
                    key=lambda i: weights[i])]
    forecast = best["forecast"]
    if forecast is None:
        forecast = predict(best["res"], design(tf, best["degree"]), best["log"])
    return best["name"], forecast[0], forecast[1], weights


TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "reference",
                     "calibration-table.csv")
SHIPPED = {"alpha": 1.0, "beta": 0.3, "phi": 0.95}


def calibration_table(window=5):
    """The 5-year calibration table written out by cmmcast (data/reference/calibration-table.csv):
    s_ref, gamma_h and the scaled-error quantiles per horizon, as numpy arrays."""
    rows = [line.strip().split(",") for line in open(TABLE) if line.strip()]
    header, rows = rows[0], [[float(v) for v in r] for r in rows[1:] if int(r[0]) == window]
    col = {name: i for i, name in enumerate(header)}
    return {
        "s_ref": rows[0][col["s_ref"]],
        "gamma": np.array([r[col["gamma"]] for r in rows]),
        "q": {p: np.array([r[col[f"q_{p}"]] for r in rows]) for p in ("0.025", "0.1", "0.5", "0.9", "0.975")},
    }


def calibrated_forecast(years, y, future_years, table):
    """cmmcast's default with statsmodels and numpy: statsmodels' damped Holt (alpha 1, beta 0.3,
    phi 0.95, started at y_1 with the mean step) for the point, then the calibrated median and
    80 % and 95 % bounds point_h exp(s_h q_h(p)), s_h = s_ref (sd / s_ref)^gamma_h, sd the log
    steps' standard deviation floored at 0.01 (docs/METHODS.md, 13.3-13.4). Horizons up to 10."""
    from statsmodels.tsa.holtwinters import Holt

    n = len(y)
    series = y[1:]
    model = Holt(series, damped_trend=True, initialization_method="known", initial_level=y[0],
                 initial_trend=(y[-1] - y[0]) / (n - 1))
    fit = model.fit(smoothing_level=SHIPPED["alpha"], smoothing_trend=SHIPPED["beta"],
                    damping_trend=SHIPPED["phi"], optimized=False)
    h = len(future_years)
    damped = np.asarray(fit.forecast(h))
    sd = max(float(np.std(np.diff(np.log(y)), ddof=1)), 0.01)
    s = table["s_ref"] * (sd / table["s_ref"]) ** table["gamma"][:h]
    at = {p: damped * np.exp(s * q[:h]) for p, q in table["q"].items()}
    return at["0.5"], {80: (at["0.1"], at["0.9"]), 95: (at["0.025"], at["0.975"])}


def songzao():
    rows = [line.strip().split(",") for line in open(PLAN) if line.strip()][1:]
    years = np.array([int(r[1]) for r in rows])
    methane = np.array([float(r[3]) for r in rows])
    return years, methane


def per_call(fn, number, repeat):
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return statistics.median(times) / number


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subset", type=int, default=1000, help="W3 series timed (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="W3 runs over the subset")
    parser.add_argument("--check", action="store_true", help="print values to compare with Rust")
    args = parser.parse_args()
    # Keep any small-sample warning (5 points, 2-3 residual degrees of freedom) out of the
    # output; it would not change the work timed.
    warnings.simplefilter("ignore")

    years, methane = songzao()
    w2_years = list(range(2017, 2031))
    w3_years = list(range(2017, 2027))
    name, point, bounds, weights = select_and_forecast(years, methane, w2_years)
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}, "
          f"Python {sys.version.split()[0]}")
    print(f"Songzao: best {name} (weights {', '.join('-' if w is None else f'{w:.3f}' for w in weights)}); 2030: "
          f"{point[-1]:.2f}, 95 % {bounds[95][0][-1]:.2f} to {bounds[95][1][-1]:.2f}")

    series = synthetic_series(args.subset)
    if args.check:
        first = series[0]
        print("first synthetic series: methane", [float(v) for v in first[1]])
        print("                        coal   ", [float(v) for v in first[2]])
        picks = {}
        total = 0.0
        for s in series:
            name, point, _, _ = select_and_forecast(s[0], s[1], w3_years, predict_all=False)
            picks[name] = picks.get(name, 0) + 1
            total += point[-1]
        print(f"first {len(series)} series: picks {picks}, sum of 2026 points {float(total)!r}")
        return 0

    for variant, predict_all in [("all", True), ("best", False)]:
        w2 = per_call(lambda: select_and_forecast(years, methane, w2_years, predict_all),
                      number=10, repeat=31)
        print(f"W2 [{variant}]: median {w2 * 1e3:.2f} ms per call (31 repeats x 10 calls)")
    # Since issue 13: the comparison, then the default's calibrated forecast (to 2026: the
    # table's ten years; cmmcast's W2 goes to 2030 with its rule beyond ten years).
    table = calibration_table()

    def compare_and_calibrated(yrs, y, future):
        select_and_forecast(yrs, y, future, predict_all=False)
        return calibrated_forecast(yrs, y, future, table)

    point, bounds = compare_and_calibrated(years, methane, w3_years)
    print(f"Songzao default, 2026: {point[-1]:.2f}, 95 % {bounds[95][0][-1]:.2f} to {bounds[95][1][-1]:.2f}")
    w2 = per_call(lambda: compare_and_calibrated(years, methane, w3_years), number=10, repeat=31)
    print(f"W2 [compare and calibrated]: median {w2 * 1e3:.2f} ms per call (31 repeats x 10 calls)")
    for variant, predict_all in [("all", True), ("best", False)]:

        def w3():
            for s in series:
                select_and_forecast(s[0], s[1], w3_years, predict_all)

        runs = timeit.repeat(w3, number=1, repeat=args.repeat)
        median = statistics.median(runs)
        print(f"W3 [{variant}]: {len(series)} series in median {median:.2f} s ({args.repeat} runs, "
              f"{median / len(series) * 1e3:.2f} ms a series); extrapolated to {W3_SERIES:,}: "
              f"{median / len(series) * W3_SERIES:.0f} s, one thread")

    def w3_calibrated():
        for s in series:
            compare_and_calibrated(s[0], s[1], w3_years)

    runs = timeit.repeat(w3_calibrated, number=1, repeat=args.repeat)
    median = statistics.median(runs)
    print(f"W3 [compare and calibrated]: {len(series)} series in median {median:.2f} s "
          f"({args.repeat} runs, {median / len(series) * 1e3:.2f} ms a series); extrapolated to "
          f"{W3_SERIES:,}: {median / len(series) * W3_SERIES:.0f} s, one thread")
    return 0


if __name__ == "__main__":
    sys.exit(main())
