#!/usr/bin/env python3
"""pandas counterpart of `data/load_long_csv/1M` in benches/benches/data_load.rs.

Times reading a long CSV (site,year,coal_kt,methane_mm3) with pandas.read_csv plus the checks
cmmcast's loader makes (whole years in range, finite, not negative, not above 1e9, every value
column given for all or none of a site's years, unique (site, year)) and the sort by
(site, year), and prints the median of several runs.

    python3 benches/compare/data_load.py            # generate 1,000 x 1,000 rows, then time
    python3 benches/compare/data_load.py FILE       # time an existing file
    python3 benches/compare/data_load.py --write FILE   # only write the generated CSV

The generator replicates `cmmcast_benches::long_csv` byte for byte (SplitMix64 with the same
seed, same draws, same Fisher-Yates shuffle, same formatting), so both sides time the same file.
A file written by `cargo run --release -p cmmcast-benches --example load_csv -- --write FILE
1000 1000` is identical to the one written here.

Needs: Python 3.9+, pandas (pip install pandas; numpy comes with it).
"""

import argparse
import os
import statistics
import sys
import tempfile
import timeit

import numpy as np
import pandas as pd

HEADER = "site,year,coal_kt,methane_mm3"
FIRST_YEAR = 1500
SEED = 0x00C0FFEE
MASK = (1 << 64) - 1
MIN_YEAR, MAX_YEAR, MAX_QUANTITY = 1000, 9999, 1e9
VALUE_COLUMNS = ["coal_kt", "methane_mm3"]


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

    def below(self, bound):
        return self.next_u64() % bound


def long_csv(sites, years):
    """The same text as `cmmcast_benches::long_csv(sites, years)`."""
    rng = SplitMix64(SEED)
    rows = sites * years
    values = [(rng.below(1_000_000), rng.below(1_000_000)) for _ in range(rows)]
    order = list(range(rows))
    for i in range(rows - 1, 0, -1):
        j = rng.below(i + 1)
        order[i], order[j] = order[j], order[i]
    lines = [HEADER]
    for row in order:
        site, year = divmod(row, years)
        coal, methane = values[row]
        lines.append(
            f"site-{site:04},{FIRST_YEAR + year},{coal // 10}.{coal % 10},"
            f"{methane // 100}.{methane % 100:02}"
        )
    return "\n".join(lines) + "\n"


def load_and_validate(path):
    """Read and check a long CSV the way cmmcast's loader does; returns it sorted."""
    df = pd.read_csv(
        path,
        dtype={"site": str, "coal_kt": "float64", "methane_mm3": "float64"},
        skipinitialspace=True,
    )
    year = df["year"].to_numpy()
    if year.dtype.kind != "i" and not np.all(np.mod(year, 1) == 0):
        raise ValueError("a year is not a whole number")
    if ((year < MIN_YEAR) | (year > MAX_YEAR)).any():
        raise ValueError("a year is out of range")
    if df["site"].isna().any():
        raise ValueError("a row has no site")
    values = df[VALUE_COLUMNS].to_numpy()
    present = ~np.isnan(values)
    checked = values[present]
    if not np.isfinite(checked).all():
        raise ValueError("a value is not finite")
    if (checked < 0).any() or (checked > MAX_QUANTITY).any():
        raise ValueError("a value is negative or too large")
    per_site = pd.DataFrame(present, columns=VALUE_COLUMNS).groupby(df["site"].to_numpy())
    if (per_site.any() != per_site.all()).any(axis=None):
        raise ValueError("a site gives a value column for some years only")
    if df.duplicated(["site", "year"]).any():
        raise ValueError("a (site, year) appears twice")
    return df.sort_values(["site", "year"], kind="stable", ignore_index=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="a long CSV to time (default: generate one)")
    parser.add_argument("--write", metavar="FILE", help="only write the generated CSV")
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--years", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    if args.write:
        with open(args.write, "w", newline="\n") as out:
            out.write(long_csv(args.sites, args.years))
        return 0

    cleanup = None
    path = args.file
    if path is None:
        fd, path = tempfile.mkstemp(suffix=".csv", prefix="cmmcast-compare-")
        with os.fdopen(fd, "w", newline="\n") as out:
            out.write(long_csv(args.sites, args.years))
        cleanup = path
    try:
        data = load_and_validate(path)
        print(f"{len(data)} rows, {data['site'].nunique()} sites, "
              f"{os.path.getsize(path) / 1e6:.1f} MB file; pandas {pd.__version__}")
        read_only = timeit.repeat(lambda: pd.read_csv(path), number=1, repeat=args.repeat)
        full = timeit.repeat(lambda: load_and_validate(path), number=1, repeat=args.repeat)
        print(f"pandas.read_csv only:           median {statistics.median(read_only) * 1e3:.0f} ms")
        print(f"read_csv + validation + sort:   median {statistics.median(full) * 1e3:.0f} ms "
              f"({args.repeat} runs)")
    finally:
        if cleanup:
            os.remove(cleanup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
