#!/usr/bin/env python3
"""Prints a JMH JSON result (run-jmh.sh's -rff file) as a Markdown table: benchmark, parameters,
ns/op with its 99.9 % error, and bytes allocated per operation (-prof gc's gc.alloc.rate.norm).

    integration-tests/bench/jmh-table.py integration-tests/target/jmh-wire.json
"""
import json
import math
import sys


def number(x):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def main(path):
    with open(path) as f:
        results = json.load(f)
    print("| benchmark | params | ns/op | ± error (99.9 %) | B/op |")
    print("|---|---|---:|---:|---:|")
    for r in results:
        name = r["benchmark"].removeprefix("org.roam6.bench.")
        params = ", ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items())) or ""
        p = r["primaryMetric"]
        score, err = number(p["score"]), number(p["scoreError"])
        norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        b = number(norm["score"]) if norm else None
        print(f"| {name} | {params} | {score:.1f} | {'' if err is None else f'{err:.1f}'} | "
              f"{'n/a' if b is None else f'{b:.3f}'} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
