#!/usr/bin/env python3
"""Calibrated prediction intervals for short annual production series: prototype.

Usage (from the repository root; pip install numpy scipy pandas):
    python3 benches/compare/calibration.py [--out DIR] [--csv PATH]

This is the independent reference of cmmcast's calibrated intervals (docs/METHODS.md, section 13):
the method was designed with it, and crates/cmmcast-forecast/tests/fixtures/calibration/reference.py
imports it to write the values the Rust tests compare with.

Runs in about 25 s (numpy, scipy, pandas) and prints every table of the report; writes the
shipping calibration tables and the LOCO results as CSV into DIR (default ./out next to this file).

Method (see the report / the docstrings below for the full spec):
  point  : damped trend ETS(A,Ad,N) with alpha = 1 (level = last value), beta and phi global,
           chosen by leave-one-country-out (LOCO) MdAPE from a small grid that nests rw-drift;
           run on y itself, or on ln y when the linear damped path would ever reach <= 0.
  scale  : sd = standard deviation of the window's log first differences, floored at 0.01;
           s_h = s_ref * (sd / s_ref) ** gamma_h, gamma_h = OLS slope of ln|e_h| on ln sd over
           the reference windows (errors grow less than proportionally with window volatility).
  error  : e_h = ln(actual / point_h); z_h = e_h / s_h.
  table  : per W in {5, 10} and h in 1..10, conformal order statistics of the pooled (coal + gas)
           z_h of every window (every start year) with a full 10-year outcome: level p uses the
           k-th smallest of m, k = ceil((m+1)p) for p >= 0.5 and floor((m+1)p) for p < 0.5.
  bounds : point_h * exp(s_h * q_h(p)); the forecast shown is the calibrated median,
           point_h * exp(s_h * q_h(0.5)), the centre of the same distribution.
  paths  : one whole reference trajectory z_1..z_10 per path: y_h = point_h * exp(s_h * z_h).
Evaluation: LOCO (the calibration for a country never uses any window of that country), per fuel,
W in {5, 10}, h = 1..10, against rw-drift with t intervals and today's auto (AICc lin/exp).
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats

np.seterr(all="ignore")

CSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "reference", "production-1970-2020.csv")
FUELS = {"coal": ("coal_mt", 1981, 2020), "gas": ("gas_bcm", 1970, 2020)}
H = 10
HS = np.arange(1, H + 1)
W_TABLE = (5, 10)
S_FLOOR = 0.01  # floor of sd (log units a year)
E_FLOOR = 1e-4  # |e| floor inside the gamma regression only
GAMMA_MODE = "ols"  # "ols" (the method), "fixed:<x>" or "q90" (sensitivity runs only)
LEVELS = (0.8, 0.95)
P_GRID = np.round(np.arange(1, 200) * 0.005, 3)  # 0.005 .. 0.995
# point grid: alpha = 1; (beta, phi); ("rwd", None) is the random walk with drift itself
POINT_GRID = [("rwd", None)] + [(b, f) for b in (0.0, 0.1, 0.2, 0.3) for f in (0.8, 0.85, 0.9, 0.95, 0.98)]
MIN_MEAN = 1.0


# =============================================================================== data
def load_series(path=CSV, min_mean=MIN_MEAN):
    """One entry per consecutive run of positive values of each (country, fuel) series whose mean
    over the fuel's window (coal 1981-2020, gas 1970-2020) is at least min_mean (Mt or bcm).
    Zeros (gas before production started) break runs: the log scale needs positive values."""
    d = pd.read_csv(path)
    out = []
    for fuel, (col, y0, y1) in FUELS.items():
        sub = d[(d.year >= y0) & (d.year <= y1)]
        for country, g in sub.groupby("country", sort=True):
            g = g.sort_values("year")
            v = g[col].to_numpy(float)
            yr = g.year.to_numpy(int)
            ok = np.isfinite(v)
            if ok.sum() == 0 or v[ok].mean() < min_mean:
                continue
            pos = ok & (v > 0)
            start = None
            for i in range(len(v) + 1):
                cont = i < len(v) and pos[i] and (start is None or yr[i] == yr[i - 1] + 1)
                if cont and start is None:
                    start = i
                elif not cont and start is not None:
                    out.append((country, fuel, yr[start:i], v[start:i]))
                    start = i if (i < len(v) and pos[i]) else None
    return out


def make_windows(series, W, h_max=H, stride=1):
    """Every window of W consecutive years (start years `stride` apart) followed by h_max observed
    years (full outcome trajectories only)."""
    rows = []
    for country, fuel, yr, v in series:
        for i in range(0, len(v) - W - h_max + 1, stride):
            rows.append((country, fuel, yr[i], v[i:i + W], v[i + W:i + W + h_max]))
    if not rows:
        return None
    return {
        "country": np.array([r[0] for r in rows]),
        "fuel": np.array([r[1] for r in rows]),
        "start": np.array([r[2] for r in rows]),
        "y": np.array([r[3] for r in rows], float),
        "fut": np.array([r[4] for r in rows], float),
    }


def subset(win, mask):
    return {k: v[mask] for k, v in win.items()}


# =============================================================================== point methods
def damp_sum(phi, hs=HS):
    """sum_{j=1..h} phi^j for each h in hs."""
    hs = np.asarray(hs, float)
    return hs.copy() if phi == 1 else phi * (1 - phi ** hs) / (1 - phi)


def rw_drift(y, hs=HS):
    n = y.shape[1]
    d = (y[:, -1] - y[:, 0]) / (n - 1)
    return y[:, -1:] + np.asarray(hs)[None, :] * d[:, None]


def _holt_a1(x, beta, phi):
    """ETS(A,Ad,N) with alpha = 1 on the rows of x: level_t = x_t;
    b_1 = (x_n - x_1)/(n - 1); b_t = beta (x_t - x_{t-1}) + (1 - beta) phi b_{t-1}, t = 2..n."""
    n = x.shape[1]
    b = (x[:, -1] - x[:, 0]) / (n - 1)
    for t in range(1, n):
        b = beta * (x[:, t] - x[:, t - 1]) + (1 - beta) * phi * b
    return x[:, -1], b


def damped_point(y, beta, phi, hs=HS):
    """Default point. Linear-scale damped trend y_n + b_n sum_{j<=h} phi^j; if its long-run value
    y_n + b_n phi/(1 - phi) is <= 0 (the damped path would reach zero some time), the same
    recursion on ln y is used for the whole window: y_n exp(b_n^log sum_{j<=h} phi^j)."""
    if beta == "rwd":
        return rwd_point(y, hs)
    lvl, b = _holt_a1(y, beta, phi)
    lin = lvl[:, None] + damp_sum(phi, hs)[None, :] * b[:, None]
    asym = lvl + b * phi / (1 - phi)
    lv2, b2 = _holt_a1(np.log(y), beta, phi)
    lg = np.exp(lv2[:, None] + damp_sum(phi, hs)[None, :] * b2[:, None])
    return np.where((asym <= 0)[:, None], lg, lin)


def rwd_point(y, hs=HS):
    """rw-drift as a positive point for the calibrated intervals: linear drift, or the log drift
    for windows whose linear point is <= 0 at some horizon up to 10."""
    p = rw_drift(y, hs)
    bad = (rw_drift(y) <= 0).any(1)
    x = np.log(y)
    n = y.shape[1]
    lg = np.exp(x[:, -1:] + np.asarray(hs)[None, :] * ((x[:, -1] - x[:, 0]) / (n - 1))[:, None])
    return np.where(bad[:, None], lg, p)


def rwd_t(y, levels=LEVELS):
    """Random walk with drift and its t interval: var = s2 (h + h^2/(n-1)), n - 2 df."""
    n = y.shape[1]
    s2 = np.diff(y, axis=1).var(axis=1, ddof=1)
    point = rw_drift(y)
    se = np.sqrt(s2[:, None] * (HS[None, :] + HS[None, :] ** 2 / (n - 1)))
    return point, {lv: (point - stats.t.ppf(0.5 + lv / 2, n - 2) * se,
                        point + stats.t.ppf(0.5 + lv / 2, n - 2) * se) for lv in levels}


def _ols(y, log):
    n = y.shape[1]
    t = np.arange(n, dtype=float)
    z = np.log(y) if log else y
    tb = t.mean()
    sxx = ((t - tb) ** 2).sum()
    b1 = ((t - tb)[None, :] * (z - z.mean(1, keepdims=True))).sum(1) / sxx
    b0 = z.mean(1) - b1 * tb
    rss = ((z - (b0[:, None] + b1[:, None] * t[None, :])) ** 2).sum(1)
    tf = n - 1 + HS
    mean = b0[:, None] + b1[:, None] * tf[None, :]
    se = np.sqrt(rss[:, None] / (n - 2) * (1 + 1 / n + (tf[None, :] - tb) ** 2 / sxx))
    ll = -0.5 * n * (np.log(2 * np.pi) + np.log(np.maximum(rss, 1e-300) / n) + 1)
    if log:
        ll = ll - np.log(y).sum(1)  # Jacobian: likelihood of y on the original scale
    return mean, se, n - 2, ll


def auto_aicc(y, levels=LEVELS):
    """Today's auto, approximated: linear or exponential trend by AICc on the original scale (both
    K = 3, so the larger original-scale log-likelihood wins); t intervals (exp: on ln y)."""
    mL, seL, df, llL = _ols(y, False)
    mE, seE, _, llE = _ols(y, True)
    e = (llE > llL)[:, None]
    point = np.where(e, np.exp(mE), mL)
    out = {}
    for lv in levels:
        tq = stats.t.ppf(0.5 + lv / 2, df)
        out[lv] = (np.where(e, np.exp(mE - tq * seE), mL - tq * seL),
                   np.where(e, np.exp(mE + tq * seE), mL + tq * seL))
    return point, out


# =============================================================================== scale, calibration
def window_sd(y, floor=None):
    """sd of the window's log first differences (ddof = 1), floored at S_FLOOR."""
    return np.maximum(np.diff(np.log(y), axis=1).std(axis=1, ddof=1), S_FLOOR if floor is None else floor)


def conformal_rank(m, p):
    """1-based order statistic used for level p out of m scores."""
    k = math.ceil((m + 1) * p - 1e-9) if p >= 0.5 else math.floor((m + 1) * p + 1e-9)
    return min(max(k, 1), m)


def fit_table(y, fut, point, probs=P_GRID):
    """The calibration table from reference windows: s_ref, gamma_h, quantiles q_h(p) of
    z_h = ln(fut_h/point_h) / s_h, s_h = s_ref (sd/s_ref)^gamma_h. Also returns z (for paths)."""
    sd = window_sd(y)
    e = np.log(fut / point)
    s_ref = float(np.median(sd))
    lsd = np.log(sd / s_ref)
    gam = np.empty(H)
    for h in range(H):
        if GAMMA_MODE == "ols":
            slope = np.polyfit(lsd, np.log(np.maximum(np.abs(e[:, h]), E_FLOOR)), 1)[0]
        elif GAMMA_MODE.startswith("fixed:"):
            slope = float(GAMMA_MODE[6:])
        elif GAMMA_MODE == "q90":  # slope of ln(90th pct of |e|) on ln(median sd) over sd deciles
            g = np.clip(np.digitize(lsd, np.quantile(lsd, np.linspace(0.1, 0.9, 9))), 0, 9)
            xs = [np.median(lsd[g == k]) for k in range(10)]
            ys = [np.log(np.quantile(np.abs(e[g == k, h]), 0.9)) for k in range(10)]
            slope = np.polyfit(xs, ys, 1)[0]
        else:
            raise ValueError(GAMMA_MODE)
        gam[h] = min(max(slope, 0.0), 1.0)
    z = e / (s_ref * np.exp(lsd[:, None] * gam[None, :]))
    zs = np.sort(z, axis=0)
    m = len(z)
    ranks = np.array([conformal_rank(m, p) for p in probs]) - 1
    return {"s_ref": s_ref, "gamma": gam, "q": zs[ranks], "probs": np.asarray(probs), "z": z, "m": m}


def table_bounds(tab, y, point, probs, hs=None, gamma=None, q=None):
    """Bounds point_h exp(s_h q_h(p)) for the given probabilities (must be in tab['probs'])."""
    gam = tab["gamma"] if gamma is None else gamma
    qq = tab["q"] if q is None else q
    sd = window_sd(y)
    s = tab["s_ref"] * (sd[:, None] / tab["s_ref"]) ** gam[None, :]
    idx = [int(np.argmin(np.abs(tab["probs"] - p))) for p in probs]
    return [point * np.exp(s * qq[i][None, :]) for i in idx]


# =============================================================================== metrics
def winkler(lo, hi, y, alpha):
    return (hi - lo) + (2 / alpha) * (np.maximum(lo - y, 0) + np.maximum(y - hi, 0))


def metrics(point, bounds, fut, ref):
    """Per horizon: coverage 80/95 (%), MdAPE (%), mean Winkler 95 relative to the last window
    value (% of y_n; scale-free, the headline) and in raw units (dominated by big producers)."""
    r = {"n": len(fut), "mdape": np.median(np.abs(fut - point) / fut, axis=0) * 100}
    for lv in LEVELS:
        lo, hi = bounds[lv]
        r[f"cov{int(round(lv * 100))}"] = ((fut >= lo) & (fut <= hi)).mean(0) * 100
    w = winkler(*bounds[0.95], fut, 0.05)
    r["wink"] = (w / ref[:, None]).mean(0) * 100
    r["wink_raw"] = w.mean(0)
    return r


# =============================================================================== LOCO machinery
def folds(win):
    """(country, target mask, calibration mask): the calibration never uses the country."""
    for c in np.unique(win["country"]):
        t = win["country"] == c
        yield c, t, ~t


def point_cache(win):
    return {cfg: damped_point(win["y"], *cfg) for cfg in POINT_GRID}


def select_point(wins, caches, cal_masks):
    """Global point choice: the grid entry with the lowest mean over the (fuel, W, h) cells of
    ln(MdAPE / MdAPE of rw-drift), on the calibration windows only."""
    best, best_score = None, np.inf
    scores = {}
    for cfg in POINT_GRID:
        tot, k = 0.0, 0
        for W in W_TABLE:
            win, cal = wins[W], cal_masks[W]
            base = rw_drift(win["y"])
            for f in FUELS:
                m = cal & (win["fuel"] == f)
                fut = win["fut"][m]
                a = np.median(np.abs(fut - caches[W][cfg][m]) / fut, axis=0)
                b = np.median(np.abs(fut - base[m]) / fut, axis=0)
                tot += np.log(a / b).sum()
                k += H
        scores[cfg] = tot / k
        if scores[cfg] < best_score:
            best, best_score = cfg, scores[cfg]
    return best, scores


def loco_default(wins, caches, pooled=True, fixed_point=None, cal_stride=1):
    """LOCO bounds of the default for every window of wins[W]: for each country, the point config
    (nested selection unless fixed_point), gamma and quantiles all come from the other countries."""
    out = {}
    countries = np.unique(np.concatenate([wins[W]["country"] for W in W_TABLE]))
    chosen = {}
    for c in countries:
        cal = {W: wins[W]["country"] != c for W in W_TABLE}
        cfg = fixed_point or select_point(wins, caches, cal)[0]
        chosen[c] = cfg
    for W in W_TABLE:
        win = wins[W]
        pt = np.full(win["fut"].shape, np.nan)
        bnd = {lv: [np.full(pt.shape, np.nan), np.full(pt.shape, np.nan)] for lv in LEVELS}
        stride_ok = ((win["start"] - win["start"].min()) % cal_stride) == 0
        for c in np.unique(win["country"]):
            tgt = win["country"] == c
            cfg = chosen[c]
            p_all = caches[W][cfg]
            for f in np.unique(win["fuel"][tgt]):
                t = tgt & (win["fuel"] == f)
                cal = ~tgt & stride_ok
                if not pooled:
                    cal &= win["fuel"] == f
                probs = (0.025, 0.1, 0.5, 0.9, 0.975)
                tab = fit_table(win["y"][cal], win["fut"][cal], p_all[cal], probs=probs)
                b = table_bounds(tab, win["y"][t], p_all[t], probs)
                # The point is the calibrated median, damped point x exp(s_h q_h(0.5)): the
                # centre of the same distribution the bounds come from.
                pt[t] = b[2]
                bnd[0.95][0][t], bnd[0.8][0][t], bnd[0.8][1][t], bnd[0.95][1][t] = b[0], b[1], b[3], b[4]
        out[W] = (pt, {lv: tuple(v) for lv, v in bnd.items()})
    return out, chosen


# =============================================================================== reporting helpers
def fmt_row(vals, f="{:6.1f}"):
    return " ".join(f.format(v) for v in vals)


def results_table(wins, default, label="default"):
    rows = []
    for W in W_TABLE:
        win = wins[W]
        pt, bnd = default[W]
        pr, br = rwd_t(win["y"])
        pa, ba = auto_aicc(win["y"])
        for f in FUELS:
            m = win["fuel"] == f
            ref = win["y"][m, -1]
            rd = metrics(pt[m], {lv: (bnd[lv][0][m], bnd[lv][1][m]) for lv in LEVELS}, win["fut"][m], ref)
            rr = metrics(pr[m], {lv: (br[lv][0][m], br[lv][1][m]) for lv in LEVELS}, win["fut"][m], ref)
            ra = metrics(pa[m], {lv: (ba[lv][0][m], ba[lv][1][m]) for lv in LEVELS}, win["fut"][m], ref)
            for h in range(H):
                rows.append(dict(fuel=f, W=W, h=h + 1, n=int(m.sum()),
                                 **{f"{k}_{lab}": r[k][h] for lab, r in ((label, rd), ("rwd", rr), ("auto", ra))
                                    for k in ("cov80", "cov95", "mdape", "wink", "wink_raw")}))
    return pd.DataFrame(rows)


def check_targets(df, label="default"):
    ok80 = df[f"cov80_{label}"].between(76, 84)
    ok95 = df[f"cov95_{label}"].between(92, 97)
    okmd = df[f"mdape_{label}"] <= df["mdape_rwd"] + 1e-9
    okwk = df[f"wink_{label}"] < df["wink_rwd"]
    okwr = df[f"wink_raw_{label}"] < df["wink_raw_rwd"]
    return ok80, ok95, okmd, okwk, okwr


def print_results(df, label="default"):
    print(f"{'fuel':4s} {'W':>2s} {'h':>2s} {'n':>5s} | {'cov80':>5s} {'cov95':>5s} {'MdAPE':>6s} {'Wk95%':>7s} {'WkRaw':>8s} |"
          f" rwd: {'cov80':>5s} {'cov95':>5s} {'MdAPE':>6s} {'Wk95%':>7s} {'WkRaw':>8s} | auto: {'c80':>4s} {'c95':>4s} {'MdAPE':>6s} {'Wk95%':>8s}")
    for _, r in df.iterrows():
        print(f"{r.fuel:4s} {r.W:2d} {r.h:2d} {r.n:5d} | {r[f'cov80_{label}']:5.1f} {r[f'cov95_{label}']:5.1f} "
              f"{r[f'mdape_{label}']:6.1f} {r[f'wink_{label}']:7.1f} {r[f'wink_raw_{label}']:8.1f} |"
              f"      {r.cov80_rwd:5.1f} {r.cov95_rwd:5.1f} {r.mdape_rwd:6.1f} {r.wink_rwd:7.1f} {r.wink_raw_rwd:8.1f} |"
              f"       {r.cov80_auto:4.0f} {r.cov95_auto:4.0f} {r.mdape_auto:6.1f} {r.wink_auto:8.1f}")
    ok80, ok95, okmd, okwk, okwr = check_targets(df, label)
    print(f"targets: cov80 in 76-84: {ok80.sum()}/{len(df)}; cov95 in 92-97: {ok95.sum()}/{len(df)}; "
          f"MdAPE <= rwd: {okmd.sum()}/{len(df)}; Winkler95 (rel.) < rwd: {okwk.sum()}/{len(df)}; "
          f"[raw-unit Winkler < rwd: {okwr.sum()}/{len(df)}]")
    rawbad = df[~okwr]
    print("   raw-unit Winkler worse than rwd in: " + ", ".join(
        f"{r.fuel}{r.W} h{r.h} ({r[f'wink_raw_{label}'] / r.wink_raw_rwd:.2f}x)" for _, r in rawbad.iterrows()))
    bad = df[~(ok80 & ok95 & okmd & okwk)]
    for _, r in bad.iterrows():
        print(f"   FAIL {r.fuel} W={r.W} h={r.h}: cov80 {r[f'cov80_{label}']:.1f} cov95 {r[f'cov95_{label}']:.1f} "
              f"MdAPE {r[f'mdape_{label}']:.2f} vs {r.mdape_rwd:.2f}; Wk {r[f'wink_{label}']:.1f} vs {r.wink_rwd:.1f}")


# =============================================================================== rules beyond the table
def interp_table(t5, t10, W):
    """Table for 5 < W < 10: s_ref, gamma and q linear in W between the W = 5 and W = 10 tables."""
    a = (W - 5) / 5
    return {"s_ref": (1 - a) * t5["s_ref"] + a * t10["s_ref"], "gamma": (1 - a) * t5["gamma"] + a * t10["gamma"],
            "q": (1 - a) * t5["q"] + a * t10["q"], "probs": t5["probs"]}


def table_for(tables, W):
    """The rule for any W >= 3: W = 5 or 10 as fitted; between, interpolate; above 10, the W = 10
    table; W = 3, 4: the W = 5 table with q widened by sqrt(4 / (W - 1)) (sd from fewer
    differences). W < 3 has no sd: refuse."""
    if W < 3:
        raise ValueError("at least 3 years are needed (the scale needs two differences)")
    if W >= 10:
        return tables[10]
    if W == 5:
        return tables[5]
    if W > 5:
        return interp_table(tables[5], tables[10], W)
    t = dict(tables[5])
    t["q"] = tables[5]["q"] * math.sqrt(4 / (W - 1))
    return t


def extend_h(tab, h_max, rule="linear"):
    """Quantiles and gamma for h = 1..h_max: beyond the last fitted horizon L, gamma_h = gamma_L and
    q_h(p) = q_L(p) * (h/L) (rule 'linear'), * sqrt(h/L) ('sqrt'), or q_L + (h - L)(q_L - q_{L-1})
    ('last2')."""
    q, g = tab["q"], tab["gamma"]
    L = q.shape[1]
    hs = np.arange(L + 1, h_max + 1)
    if rule == "linear":
        ext = q[:, -1:] * (hs / L)[None, :]
    elif rule == "sqrt":
        ext = q[:, -1:] * np.sqrt(hs / L)[None, :]
    elif rule == "last2":
        ext = q[:, -1:] + (hs - L)[None, :] * (q[:, -1:] - q[:, -2:-1])
    else:
        raise ValueError(rule)
    return np.concatenate([q, ext], axis=1), np.concatenate([g, np.full(len(hs), g[-1])])


# =============================================================================== main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(__import__("tempfile").gettempdir(), "cmmcast-calibration"))
    ap.add_argument("--csv", default=CSV)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    pd.set_option("display.width", 250)

    series = load_series(args.csv)
    n_ser = {f: len({c for c, ff, _, _ in series if ff == f}) for f in FUELS}
    print(f"# data: {len(series)} runs; series per fuel {n_ser}; countries {len({s[0] for s in series})}")
    wins = {W: make_windows(series, W) for W in W_TABLE}
    for W in W_TABLE:
        print(f"  W={W}: {len(wins[W]['y'])} windows (every start year, full 10-year outcome); "
              + ", ".join(f"{f} {(wins[W]['fuel'] == f).sum()}" for f in FUELS))
    caches = {W: point_cache(wins[W]) for W in W_TABLE}

    # ---------------------------------------------------------------- 1. point choice
    print("\n# 1. point method: global grid (alpha = 1; beta, phi), criterion = mean over fuel x W x h of "
          "ln(MdAPE / MdAPE_rwd); all countries, then nested LOCO")
    best, scores = select_point(wins, caches, {W: np.ones(len(wins[W]["y"]), bool) for W in W_TABLE})
    for cfg, sc in sorted(scores.items(), key=lambda kv: kv[1])[:8]:
        print(f"   {str(cfg):14s} mean ln ratio {sc:+.4f}  (MdAPE x {math.exp(sc):.3f})")
    print(f"   rwd          mean ln ratio {scores[('rwd', None)]:+.4f}")
    print(f"   chosen on all data: beta, phi = {best}")

    # ---------------------------------------------------------------- 2. LOCO evaluation
    print("\n# 2. LOCO evaluation (nested: each country's point config, gamma and quantiles from the other countries)")
    default, chosen = loco_default(wins, caches, pooled=True)
    picks = pd.Series([str(v) for v in chosen.values()]).value_counts()
    print("   point config chosen per held-out country:", dict(picks))
    df = results_table(wins, default)
    print("\n## full table: default (pooled coal+gas calibration) | rw-drift t | today's auto (AICc lin/exp)")
    print("   cov = coverage %, MdAPE %, Wk95% = mean Winkler-95 as % of the window's last value, WkRaw = raw units")
    print_results(df)
    df.to_csv(os.path.join(args.out, "loco_results.csv"), index=False)

    # variants for the record
    print("\n## variants (summaries: min-max coverage over h; Winkler ratio to rwd max over h)")

    def summ(d, label):
        out = []
        for (f, W), g in d.groupby(["fuel", "W"], sort=False):
            out.append(f"{f}{W}: c80 {g[f'cov80_{label}'].min():.0f}-{g[f'cov80_{label}'].max():.0f} "
                       f"c95 {g[f'cov95_{label}'].min():.0f}-{g[f'cov95_{label}'].max():.0f} "
                       f"Wk/rwd<= {(g[f'wink_{label}'] / g['wink_rwd']).max():.2f} "
                       f"MdAPE-rwd<= {(g[f'mdape_{label}'] - g['mdape_rwd']).max():+.2f}")
        ok80, ok95, okmd, okwk, _ = check_targets(d, label)
        fails = [f"{r.fuel}{r.W} h{r.h}:" + ",".join(k for k, ok in (("cov80", a), ("cov95", b), ("MdAPE", c), ("Wk", e_)) if not ok)
                 for (_, r), a, b, c, e_ in zip(d.iterrows(), ok80, ok95, okmd, okwk) if not (a and b and c and e_)]
        return " | ".join(out) + f"\n        -> targets failed in {len(fails)}/40 cells" + (": " + "; ".join(fails) if fails else "")

    v, _ = loco_default(wins, caches, pooled=False, fixed_point=best)
    print("   per-fuel tables (not pooled):   ", summ(results_table(wins, v, "v"), "v"))
    v, _ = loco_default(wins, caches, pooled=True, fixed_point=best, cal_stride=2)
    print("   pooled, calib. every 2nd start: ", summ(results_table(wins, v, "v"), "v"))
    v, _ = loco_default(wins, caches, pooled=True, fixed_point=("rwd", None))
    print("   rw-drift point + calibrated:    ", summ(results_table(wins, v, "v"), "v"))
    # evaluation on every 2nd start year only (as the baseline numbers in the issue)
    w2 = {W: make_windows(series, W, stride=2) for W in W_TABLE}
    c2 = {W: point_cache(w2[W]) for W in W_TABLE}
    v, _ = loco_default(w2, c2, pooled=True, fixed_point=best)
    d2 = results_table(w2, v, "v")
    print("   windows every 2nd start (eval+calib):", summ(d2, "v"))
    r = d2[(d2.fuel == "coal") & (d2.W == 5)]
    print(f"     rwd on that design, coal W=5 h1/h10: cov80 {r.cov80_rwd.iloc[0]:.0f}/{r.cov80_rwd.iloc[-1]:.0f}, "
          f"cov95 {r.cov95_rwd.iloc[0]:.0f}/{r.cov95_rwd.iloc[-1]:.0f}; auto cov80 {r.cov80_auto.iloc[0]:.0f}/"
          f"{r.cov80_auto.iloc[-1]:.0f}, cov95 {r.cov95_auto.iloc[0]:.0f}/{r.cov95_auto.iloc[-1]:.0f}")
    v, _ = loco_default(w2, c2, pooled=True)
    print("   every 2nd start, nested point:  ", summ(results_table(w2, v, "v"), "v"))
    # sensitivity to the floor and to gamma (1 = plain s as in the issue)
    global S_FLOOR, GAMMA_MODE
    for gm in ("fixed:1", "fixed:0.5", "fixed:0", "q90"):
        GAMMA_MODE = gm
        v, _ = loco_default(wins, caches, pooled=True, fixed_point=best)
        print(f"   gamma {gm:9s}:                ", summ(results_table(wins, v, "v"), "v"))
    GAMMA_MODE = "ols"
    for fl in (0.005, 0.02, 0.03):
        S_FLOOR = fl
        v, _ = loco_default(wins, caches, pooled=True, fixed_point=best)
        print(f"   sd floor {fl}:                 ", summ(results_table(wins, v, "v"), "v"))
    S_FLOOR = 0.01

    # how fragile is the mean Winkler? share of the top 1 % windows, trimmed and median ratios
    print("\n## Winkler-95 robustness (relative): top-1 % share of the mean; ratio default/rwd of the mean, "
          "the 1 %-trimmed mean and the median, at h = 1, 5, 10")
    for W in W_TABLE:
        win = wins[W]
        pt, bnd = default[W]
        pr, br = rwd_t(win["y"])
        for f in FUELS:
            m = win["fuel"] == f
            ref = win["y"][m, -1][:, None]
            wd = winkler(*[b[m] for b in bnd[0.95]], win["fut"][m], 0.05) / ref
            wr = winkler(*[b[m] for b in br[0.95]], win["fut"][m], 0.05) / ref
            k = max(1, int(0.01 * m.sum()))
            parts = []
            for h in (0, 4, 9):
                sd_, sr_ = np.sort(wd[:, h]), np.sort(wr[:, h])
                parts.append(f"h{h + 1}: top1% share {sd_[-k:].sum() / sd_.sum():.2f}/{sr_[-k:].sum() / sr_.sum():.2f}, "
                             f"mean {sd_.mean() / sr_.mean():.2f}, trimmed {sd_[:-k].mean() / sr_[:-k].mean():.2f}, "
                             f"median {np.median(sd_) / np.median(sr_):.2f}")
            print(f"   {f} W={W}: " + " | ".join(parts))

    # conditional coverage by volatility tercile
    print("\n## conditional coverage (95 %, all h) by tercile of the window's sd, default")
    for W in W_TABLE:
        win = wins[W]
        pt, bnd = default[W]
        for f in FUELS:
            m = win["fuel"] == f
            sd = window_sd(win["y"][m])
            g = np.digitize(sd, np.quantile(sd, [1 / 3, 2 / 3]))
            ins = (win["fut"][m] >= bnd[0.95][0][m]) & (win["fut"][m] <= bnd[0.95][1][m])
            print(f"   {f} W={W}: " + " ".join(f"T{k + 1} {ins[g == k].mean() * 100:.1f}" for k in range(3)))

    # ---------------------------------------------------------------- 3. shipping tables
    print("\n# 3. shipping tables (all countries, pooled coal + gas, every start year), point beta, phi =", best)
    tables = {}
    for W in W_TABLE:
        win = wins[W]
        tables[W] = fit_table(win["y"], win["fut"], caches[W][best])
        t = tables[W]
        print(f"   W={W}: m = {t['m']} windows, s_ref = {t['s_ref']:.4f}")
        print("     gamma_h       ", fmt_row(t["gamma"], "{:6.3f}"))
        for p in (0.025, 0.1, 0.5, 0.9, 0.975):
            i = int(np.argmin(np.abs(t["probs"] - p)))
            print(f"     q_h({p:5.3f})   ", fmt_row(t["q"][i], "{:6.2f}"))
        rows = [dict(W=W, h=h + 1, p=p, q=t["q"][i, h]) for i, p in enumerate(t["probs"]) for h in range(H)]
        pd.DataFrame(rows).to_csv(os.path.join(args.out, f"table_W{W}_quantiles.csv"), index=False)
        pd.DataFrame(dict(W=W, h=HS, gamma=t["gamma"], s_ref=t["s_ref"])).to_csv(
            os.path.join(args.out, f"table_W{W}_scale.csv"), index=False)
        zdf = pd.DataFrame(t["z"], columns=[f"z{h}" for h in HS])
        zdf.insert(0, "fuel", win["fuel"])
        zdf.insert(0, "start", win["start"])
        zdf.insert(0, "country", win["country"])
        zdf.to_csv(os.path.join(args.out, f"paths_W{W}_z.csv"), index=False)
    # what a flat plan gets (sd = 0 -> floor)
    for W in W_TABLE:
        y = np.full((1, W), 100.0)
        lo, hi = table_bounds(tables[W], y, damped_point(y, *best), (0.025, 0.975))
        print(f"   flat plan of 100 (sd 0 -> floor {S_FLOOR}), W={W}: 95 % at h=1 [{lo[0, 0]:.1f}, {hi[0, 0]:.1f}], "
              f"h=5 [{lo[0, 4]:.1f}, {hi[0, 4]:.1f}], h=10 [{lo[0, 9]:.1f}, {hi[0, 9]:.1f}]")

    # ---------------------------------------------------------------- 4. rule beyond h = 10
    print("\n# 4. rule beyond the fitted horizons, backtested: table fitted on h = 1..5, extrapolated to 6..10 (LOCO, pooled)")
    for rule in ("linear", "sqrt", "last2"):
        line = []
        for W in W_TABLE:
            win = wins[W]
            p_all = caches[W][best]
            inside = {lv: np.zeros((len(win["y"]), 5), bool) for lv in LEVELS}
            for c, tgt, cal in folds(win):
                tab = fit_table(win["y"][cal], win["fut"][cal], p_all[cal])
                tab5 = {"q": tab["q"][:, :5], "gamma": tab["gamma"][:5]}
                q, g = extend_h(tab5, 10, rule)
                b = table_bounds(tab, win["y"][tgt], p_all[tgt], (0.025, 0.1, 0.9, 0.975), gamma=g, q=q)
                fut = win["fut"][tgt]
                inside[0.95][tgt] = ((fut >= b[0]) & (fut <= b[3]))[:, 5:]
                inside[0.8][tgt] = ((fut >= b[1]) & (fut <= b[2]))[:, 5:]
            for f in FUELS:
                m = win["fuel"] == f
                line.append(f"{f}{W}: c80 {fmt_row(inside[0.8][m].mean(0) * 100, '{:3.0f}')} "
                            f"c95 {fmt_row(inside[0.95][m].mean(0) * 100, '{:3.0f}')}")
        print(f"   {rule:6s} (h=6..10) " + " | ".join(line))
    for W in W_TABLE:
        t = tables[W]
        i_lo, i_hi = int(np.argmin(np.abs(t["probs"] - 0.025))), int(np.argmin(np.abs(t["probs"] - 0.975)))
        w = (t["q"][i_hi] - t["q"][i_lo]) * t["s_ref"]
        print(f"   W={W}: 95 % width in log units for sd = s_ref, h=1..10: {fmt_row(w, '{:5.2f}')}; "
              f"log-log slope h=5..10: {np.polyfit(np.log(HS[4:]), np.log(w[4:]), 1)[0]:.2f}")

    # ---------------------------------------------------------------- 5. other W
    print("\n# 5. rule for other W, LOCO coverage (pooled, point as chosen): W=3,4 from W=5 widened by sqrt(4/(W-1)); "
          "6..9 interpolated; 12, 15 use W=10")
    for W in (3, 4, 6, 7, 8, 9, 12, 15):
        win = make_windows(series, W)
        p_all = damped_point(win["y"], *best)
        cov = {lv: np.zeros(win["fut"].shape, bool) for lv in LEVELS}
        cov_raw = np.zeros(win["fut"].shape, bool)
        for c, tgt, cal in folds(win):
            tabs = {}
            for Wt in W_TABLE:
                wt = wins[Wt]
                ct = wt["country"] != c
                tabs[Wt] = fit_table(wt["y"][ct], wt["fut"][ct], caches[Wt][best][ct])
            tab = table_for(tabs, W)
            b = table_bounds(tab, win["y"][tgt], p_all[tgt], (0.025, 0.1, 0.9, 0.975))
            fut = win["fut"][tgt]
            cov[0.95][tgt] = (fut >= b[0]) & (fut <= b[3])
            cov[0.8][tgt] = (fut >= b[1]) & (fut <= b[2])
            if W < 5:  # without widening, for the record
                b = table_bounds(tabs[5], win["y"][tgt], p_all[tgt], (0.025, 0.975))
                cov_raw[tgt] = (fut >= b[0]) & (fut <= b[1])
        line = [f"{f}: c80 {cov[0.8][win['fuel'] == f].mean(0).min() * 100:.0f}-{cov[0.8][win['fuel'] == f].mean(0).max() * 100:.0f}"
                f" c95 {cov[0.95][win['fuel'] == f].mean(0).min() * 100:.0f}-{cov[0.95][win['fuel'] == f].mean(0).max() * 100:.0f}"
                for f in FUELS]
        extra = ""
        if W < 5:
            extra = " | unwidened c95 " + " ".join(
                f"{f} {cov_raw[win['fuel'] == f].mean(0).min() * 100:.0f}-{cov_raw[win['fuel'] == f].mean(0).max() * 100:.0f}" for f in FUELS)
        print(f"   W={W:2d} ({len(win['y'])} windows): " + " | ".join(line) + extra)

    # ---------------------------------------------------------------- 6. sample paths
    print("\n# 6. sample paths: one whole reference trajectory z_1..z_10 per path, y_h = point_h exp(s_h z_h)")
    rng = np.random.default_rng(20240601)
    for W in W_TABLE:
        win = wins[W]
        p_all = caches[W][best]
        # (a) serial dependence of the real errors
        t = tables[W]
        z = t["z"]
        e = np.log(win["fut"] / p_all)
        r1z = [np.corrcoef(z[:, h], z[:, h + 1])[0, 1] for h in range(H - 1)]
        r1e = [stats.spearmanr(e[:, h], e[:, h + 1])[0] for h in range(H - 1)]
        r1d = [np.corrcoef(np.diff(e, axis=1)[:, h], np.diff(e, axis=1)[:, h + 1])[0, 1] for h in range(H - 2)]
        print(f"   W={W}: corr(z_h, z_h+1) h=1..9: {fmt_row(r1z, '{:5.2f}')}")
        print(f"         Spearman(e_h, e_h+1):      {fmt_row(r1e, '{:5.2f}')}")
        print(f"         corr of successive error increments (e_h+1-e_h vs e_h+2-e_h+1): {fmt_row(r1d, '{:5.2f}')}")
        # (b) LOCO check: marginal quantiles of simulated paths vs the calibrated bounds
        dev95, dev80, covp, covt = [], [], {lv: [] for lv in LEVELS}, {lv: [] for lv in LEVELS}
        for c, tgt, cal in folds(win):
            tab = fit_table(win["y"][cal], win["fut"][cal], p_all[cal])
            idx = rng.choice(np.where(tgt)[0], size=min(5, tgt.sum()), replace=False)  # 5 random windows
            b = table_bounds(tab, win["y"][idx], p_all[idx], (0.025, 0.1, 0.9, 0.975))
            sd = window_sd(win["y"][idx])
            s = tab["s_ref"] * (sd[:, None] / tab["s_ref"]) ** tab["gamma"][None, :]
            rows = rng.integers(0, tab["m"], size=10000)
            for j, i in enumerate(idx):
                paths = p_all[i][None, :] * np.exp(s[j][None, :] * tab["z"][rows])
                pq = np.quantile(np.log(paths), [0.025, 0.1, 0.9, 0.975], axis=0)
                width95 = np.log(b[3][j]) - np.log(b[0][j])
                width80 = np.log(b[2][j]) - np.log(b[1][j])
                dev95.append(np.maximum(np.abs(pq[0] - np.log(b[0][j])), np.abs(pq[3] - np.log(b[3][j]))) / width95)
                dev80.append(np.maximum(np.abs(pq[1] - np.log(b[1][j])), np.abs(pq[2] - np.log(b[2][j]))) / width80)
                fut = win["fut"][i]
                covp[0.95].append((fut >= np.exp(pq[0])) & (fut <= np.exp(pq[3])))
                covp[0.8].append((fut >= np.exp(pq[1])) & (fut <= np.exp(pq[2])))
                covt[0.95].append((fut >= b[0][j]) & (fut <= b[3][j]))
                covt[0.8].append((fut >= b[1][j]) & (fut <= b[2][j]))
        dev95, dev80 = np.array(dev95), np.array(dev80)
        print(f"         paths (10000 per window, LOCO, {len(dev95)} windows): |path quantile - calibrated bound| / width: "
              f"95 %: median {np.median(dev95) * 100:.1f} %, 99th pct {np.quantile(dev95, 0.99) * 100:.1f} %; "
              f"80 %: median {np.median(dev80) * 100:.1f} %, 99th pct {np.quantile(dev80, 0.99) * 100:.1f} %")
        print(f"         coverage of the path-quantile intervals on those windows: 80 % {np.mean(covp[0.8]) * 100:.1f}, "
              f"95 % {np.mean(covp[0.95]) * 100:.1f} (table bounds on the same windows: {np.mean(covt[0.8]) * 100:.1f} / "
              f"{np.mean(covt[0.95]) * 100:.1f})")
        # exact enumeration: the z columns' own quantiles vs the conformal ones
        emp = np.quantile(z, [0.025, 0.975], axis=0)
        i_lo, i_hi = int(np.argmin(np.abs(t["probs"] - 0.025))), int(np.argmin(np.abs(t["probs"] - 0.975)))
        print(f"         all m trajectories: max |empirical - conformal| quantile (z units) at 2.5/97.5 %: "
              f"{np.abs(emp[0] - t['q'][i_lo]).max():.3f} / {np.abs(emp[1] - t['q'][i_hi]).max():.3f} "
              f"(conformal 97.5 % q range {t['q'][i_hi].min():.2f}..{t['q'][i_hi].max():.2f})")

    # ---------------------------------------------------------------- 7. test vectors for the port
    print("\n# 7. test vectors (shipping tables; h = 1..10 fitted, 15 and 20 by the linear rule)")
    for W in W_TABLE:
        win = wins[W]
        lvl, b = _holt_a1(win["y"], best[0], best[1])
        fb = (lvl + b * best[1] / (1 - best[1]) <= 0).mean()
        print(f"   W={W}: share of reference windows on the log-scale fallback: {fb * 100:.1f} %")
    hs_x = np.array(list(range(1, 11)) + [15, 20])
    for y in ([100, 110, 115, 125, 130], [130, 120, 100, 85, 70], [100, 100, 100, 100, 100],
              [50, 55, 62, 60, 66, 71, 75, 74, 80, 86]):
        y = np.array([y], float)
        W = y.shape[1]
        tab = table_for(tables, W)
        q, g = extend_h(tab, 20, "linear")
        pt = damped_point(y, *best, hs=np.arange(1, 21))
        sd = window_sd(y)
        s = tab["s_ref"] * (sd[:, None] / tab["s_ref"]) ** g[None, :]
        ii = [int(np.argmin(np.abs(tab["probs"] - p))) for p in (0.025, 0.1, 0.9, 0.975)]
        bd = [pt * np.exp(s * q[i][None, :]) for i in ii]
        print(f"   y = {y[0].tolist()}: sd = {sd[0]:.5f}")
        print("     h      " + " ".join(f"{h:8d}" for h in hs_x))
        for name, arr in (("point", pt), ("s_h", s), ("lo95", bd[0]), ("lo80", bd[1]), ("hi80", bd[2]), ("hi95", bd[3])):
            print(f"     {name:6s} " + " ".join(f"{arr[0, h - 1]:8.3f}" for h in hs_x))

    print(f"\ndone in {time.time() - t0:.0f} s; CSVs in {args.out}")


if __name__ == "__main__":
    sys.exit(main())
