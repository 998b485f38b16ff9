#!/usr/bin/env python3
"""Summarises the data-plane benchmark (run.sh): reads OUT/results.tsv and OUT/meta.env, prints a
Markdown table and writes OUT/results.md and OUT/results.json.

Per packet size and variant: delivered packets/s and Mbit/s (SIZE-byte inner packets) as
min / median / max over the runs, the offered load, the relay's CPU use, and the ratio to the C
relay taken run by run (each run measures both under the same conditions), then min / median / max
of those ratios.

    report.py OUT_DIR
"""
import csv
import json
import statistics
import sys
from pathlib import Path

ORDER = ["kernel", "c", "java", "java-direct", "java-channel"]


def mmm(values):
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def main(out):
    out = Path(out)
    meta = {}
    for line in (out / "meta.env").read_text().splitlines():
        key, _, value = line.partition("=")
        meta[key] = value
    rows = list(csv.DictReader((out / "results.tsv").open(), delimiter="\t"))
    pps = {}
    cost = {}
    for r in rows:
        r["pps"] = int(r["packets"]) / float(r["window_s"])
        # CPU time of the relay (or, for kernel, the relay CPU's softirq time) per delivered packet
        r["cpu_us_per_packet"] = (int(r["relay_cpu_pct"]) / 100 * float(r["window_s"]) / int(r["packets"]) * 1e6
                                  if int(r["packets"]) > 0 else None)
        pps[(r["run"], r["size"], r["variant"])] = r["pps"]
        cost[(r["run"], r["size"], r["variant"])] = r["cpu_us_per_packet"]

    summary = []
    sizes = sorted({int(r["size"]) for r in rows})
    variants = [v for v in ORDER if any(r["variant"] == v for r in rows)]
    for size in sizes:
        for v in variants:
            mine = [r for r in rows if int(r["size"]) == size and r["variant"] == v]
            if not mine:
                continue
            p = [r["pps"] for r in mine]
            entry = {
                "size": size,
                "variant": v,
                "runs": len(mine),
                "pps": mmm(p),
                "mbps": mmm([x * size * 8 / 1e6 for x in p]),
                "offered_pps": mmm([int(r["offered"]) / float(r["window_s"]) for r in mine]),
                "tun_dropped_pps": mmm([int(r["tun_dropped"]) / float(r["window_s"]) for r in mine]),
                "relay_cpu_pct": mmm([int(r["relay_cpu_pct"]) for r in mine]),
                "cpu_us_per_packet": mmm([r["cpu_us_per_packet"] or 0 for r in mine]),
                "relay_reports": [r["relay_report"] for r in mine],
            }
            for base in ("c", "kernel"):
                ratios = [pps[(r["run"], r["size"], v)] / pps[(r["run"], r["size"], base)]
                          for r in mine if pps.get((r["run"], r["size"], base))]
                entry["vs_" + base] = mmm(ratios) if ratios and v != base else None
            # C's CPU cost per packet over this variant's, run by run: the throughput ratio the two
            # would have with the relay CPU to themselves
            effs = [cost[(r["run"], r["size"], "c")] / cost[(r["run"], r["size"], v)]
                    for r in mine if cost.get((r["run"], r["size"], "c")) and cost.get((r["run"], r["size"], v))]
            entry["cost_vs_c"] = mmm(effs) if effs and v != "c" else None
            summary.append(entry)

    def f_pps(m):
        return f"{m['min'] / 1e3:.0f} / **{m['median'] / 1e3:.0f}** / {m['max'] / 1e3:.0f}"

    def f_mbps(m):
        return f"{m['min']:.0f} / **{m['median']:.0f}** / {m['max']:.0f}"

    def f_ratio(m):
        return "—" if m is None else f"{m['min'] * 100:.0f} / **{m['median'] * 100:.0f}** / {m['max'] * 100:.0f} %"

    lines = [
        "| IPv6 packet | variant | kpackets/s (min / median / max) | Mbit/s (min / median / max) "
        "| offered kpkt/s | TUN drops kpkt/s | relay CPU % | relay CPU µs/packet "
        "| packets/s vs C, same run (min / median / max) | CPU cost C / variant, same run |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for e in summary:
        lines.append(
            f"| {e['size']} B | {e['variant']} | {f_pps(e['pps'])} | {f_mbps(e['mbps'])} "
            f"| {e['offered_pps']['median'] / 1e3:.0f} "
            f"| {'—' if e['variant'] == 'kernel' else format(e['tun_dropped_pps']['median'] / 1e3, '.0f')} "
            f"| {e['relay_cpu_pct']['median']:.0f} "
            f"| {e['cpu_us_per_packet']['median']:.2f} "
            f"| {f_ratio(e['vs_c'])} | {f_ratio(e['cost_vs_c'])} |")
    lines.append("")
    lines.append("Medians except where three figures are given; offered = the generator's rate, TUN drops = "
                 "packets the kernel dropped because the relay did not read them in time (the relay was the "
                 "bottleneck), relay CPU = the relay process's user+system time on its CPU (kernel: that "
                 "CPU's softirq time, where RPS puts the forwarding).")
    header = [
        f"{meta.get('date', '?')}, {meta.get('nproc', '?')} x {meta.get('cpu', '?')}, Linux {meta.get('kernel', '?')}, "
        f"{meta.get('java', '?')}, {meta.get('gcc', '?')}",
        f"run.sh {meta.get('args', '')}; load average before {meta.get('load_before', '?')}, "
        f"after {meta.get('load_after', '?')}",
        "",
    ]
    text = "\n".join(header + lines) + "\n"
    (out / "results.md").write_text(text)
    (out / "results.json").write_text(json.dumps({"meta": meta, "summary": summary,
                                                  "measurements": rows}, indent=2) + "\n")
    sys.stdout.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report.py OUT_DIR")
    main(sys.argv[1])
