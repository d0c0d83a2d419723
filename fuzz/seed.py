#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets into fuzz/seeds/<target>/ (not committed: the
committed corpus is what `cargo fuzz cmin` kept of a run that started from these seeds).

Seeds: the shipped data (data/songzao-plan.csv, the same plan as JSON and TOML, the site facts
data/songzao-site.toml, the scenario data/scenarios/songzao-default.toml), every bad input of
crates/cmmcast-cli/tests/bad_input.rs (by the extension of its file name) and every bad
scenario of crates/cmmcast-data/tests/scenario.rs (after its five-line head).

Run from anywhere: python3 fuzz/seed.py
"""

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"


def rust_string(body, raw, byte):
    """The value of a Rust string literal's body (between the quotes)."""
    if raw:
        return body.encode() if byte else body
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        e = body[i + 1]
        if e == "n":
            out += b"\n"
            i += 2
        elif e == "r":
            out += b"\r"
            i += 2
        elif e == "t":
            out += b"\t"
            i += 2
        elif e == "0":
            out += b"\0"
            i += 2
        elif e in "\\\"'":
            out += e.encode()
            i += 2
        elif e == "x":
            value = int(body[i + 2 : i + 4], 16)
            out += bytes([value]) if byte else chr(value).encode()
            i += 4
        elif e == "u":
            end = body.index("}", i)
            out += chr(int(body[i + 3 : end], 16)).encode()
            i = end + 1
        elif e == "\n":  # a line continuation skips the break and the next line's indent
            i += 2
            while i < len(body) and body[i] in " \t\n":
                i += 1
        else:
            raise ValueError(f"unknown escape \\{e}")
    return bytes(out) if byte else out.decode()


# A Rust string literal: optional b, optional r#, the body.
LITERAL = r'(b?)(r#)?"((?:\\.|[^"\\])*)"#?'


def literals(text):
    for match in re.finditer(LITERAL, text, re.S):
        byte, raw, body = match.group(1) == "b", match.group(2) is not None, match.group(3)
        if raw:  # re-match raw strings, whose body may hold quotes
            end = text.index('"#', match.start(3))
            body = text[match.start(3) : end]
        value = rust_string(body, raw, byte)
        yield value.encode() if isinstance(value, str) else value


def bad_input_cases():
    """(extension, bytes) of every case of bad_input.rs that has a file with bytes."""
    source = (ROOT / "crates/cmmcast-cli/tests/bad_input.rs").read_text()
    for case in re.split(r"\n\s*Case \{", source)[1:]:
        file = re.search(r'file: "([^"]*)"', case)
        start = case.find("input:")
        end = case.find("companions:")
        if not file or start < 0 or end < 0:
            continue
        expr = case[start:end]
        values = list(literals(expr))
        if "text(" in expr and values:
            yield Path(file.group(1)).suffix, values[0]
        elif "utf16_le(" in expr and values:
            bom = "true" in expr
            yield Path(file.group(1)).suffix, (b"\xff\xfe" if bom else b"") + values[0].decode().encode("utf-16-le")
        elif "Bytes(" in expr and values:
            yield Path(file.group(1)).suffix, values[0]
        # text(CONSTANT) and the cases without a file are left out


def bad_scenarios():
    source = (ROOT / "crates/cmmcast-data/tests/scenario.rs").read_text()
    head = next(literals(re.search(r"const HEAD: &str = (.*?);\n", source, re.S).group(1)))
    for match in re.finditer(r"text: (\"(?:\\.|[^\"\\])*\")", source):
        yield head + next(literals(match.group(1)))


def plan_documents():
    """The shipped plan as the JSON and TOML dataset shape (with the site facts' basics)."""
    rows = list(csv.DictReader(io.StringIO((ROOT / "data/songzao-plan.csv").read_text())))
    sites = {}
    for row in rows:
        site = row.get("site") or "Songzao"
        entry = {"year": int(row["year"])}
        for column in ("coal_kt", "methane_mm3"):
            if row.get(column):
                entry[column] = float(row[column])
        sites.setdefault(site, []).append(entry)
    doc = {
        "sites": [
            {
                "name": name,
                "plant_capacity_mw": 26.9,
                "data_kind": "plan",
                "volume_basis": {"temperature_c": 20, "pressure_kpa": 101.325, "gas": "pure_ch4"},
                "plant": {"efficiency": 0.38, "gwp": "ar5", "capacity_additions": [{"year": 2018, "mw": 10}]},
                "rows": entries,
            }
            for name, entries in sites.items()
        ]
    }
    toml = []
    for site in doc["sites"]:
        toml += [
            "[[sites]]",
            f'name = "{site["name"]}"',
            "plant_capacity_mw = 26.9",
            'data_kind = "plan"',
            'volume_basis = { temperature_c = 20, pressure_kpa = 101.325, gas = "pure_ch4" }',
            'plant = { efficiency = 0.38, gwp = "ar5", capacity_additions = [{ year = 2018, mw = 10 }] }',
            "rows = [",
        ]
        for entry in site["rows"]:
            toml.append("  { " + ", ".join(f"{k} = {v}" for k, v in entry.items()) + " },")
        toml.append("]")
    return json.dumps(doc, indent=1).encode(), ("\n".join(toml) + "\n").encode()


def main():
    seeds = {name: [] for name in ("dataset_csv", "dataset_json", "dataset_toml", "scenario_toml")}
    seeds["dataset_csv"].append((ROOT / "data/songzao-plan.csv").read_bytes())
    plan_json, plan_toml = plan_documents()
    seeds["dataset_json"].append(plan_json)
    seeds["dataset_toml"].append(plan_toml)
    seeds["dataset_toml"].append((ROOT / "data/songzao-site.toml").read_bytes())
    seeds["scenario_toml"].append((ROOT / "data/scenarios/songzao-default.toml").read_bytes())
    by_extension = {".json": "dataset_json", ".toml": "dataset_toml"}
    for extension, value in bad_input_cases():
        seeds[by_extension.get(extension, "dataset_csv")].append(value)
    seeds["scenario_toml"] += list(bad_scenarios())

    for target, values in seeds.items():
        folder = SEEDS / target
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for value in values:
            (folder / hashlib.sha1(value).hexdigest()).write_bytes(value)
        print(f"{target}: {len(set(values))} seeds")


if __name__ == "__main__":
    main()
