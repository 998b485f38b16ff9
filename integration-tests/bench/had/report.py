#!/usr/bin/python3
"""Tables for the home agent benchmarks.

    report.py bu OUT        bu-load.tsv      -> bu-load.md  (BU/s, BA/s, status mix, loss, CPU per BU)
    report.py forward OUT   forward.tsv      -> forward.md  (packets/s, CPU us/packet, had vs C same run)
"""
import collections
import os
import re
import statistics
import sys


def mmm(values, fmt="{:.0f}"):
    if not values:
        return "—"
    v = sorted(values)
    return " / ".join(fmt.format(x) for x in (v[0], statistics.median(v), v[-1]))


def parse_result(line):
    tokens = line.split()
    assert tokens[0] == "result", line
    return {tokens[i]: tokens[i + 1] for i in range(1, len(tokens) - 1, 2)}


def parse_map(text):
    """{a.b=1,_c=2} or {0(Binding_Update_accepted)=5} -> dict"""
    out = {}
    for part in text.strip("{}").split(","):
        if "=" in part:
            k, v = part.rsplit("=", 1)
            out[k.strip("_ ")] = int(v)
    return out


def bu(out):
    rows = collections.defaultdict(list)
    with open(os.path.join(out, "bu-load.tsv")) as f:
        next(f)
        for line in f:
            run, rate, cpu_s, raw6, result = line.rstrip("\n").split("\t", 4)
            r = parse_result(result)
            ha = parse_map(r.get("ha_delta", "{}"))
            decided = sum(v for k, v in ha.items() if k.startswith("binding_updates."))
            statuses = parse_map(r["statuses"])
            rows[int(rate)].append(dict(run=int(run), cpu=float(cpu_s), raw6=int(raw6), sent=int(r["sent"]),
                                        sent_ps=float(r["sent_per_s"]), recv=int(r["received"]),
                                        recv_ps=float(r["received_per_s"]), loss=float(r["loss_pct"]),
                                        decided=decided, statuses=statuses, ha=ha,
                                        window=float(r["seconds"]), first=int(r["first_sequence"])))
    lines = ["| offered BU/s | sent BU/s (min / median / max) | BAs received/s | loss % | decided by had/s |"
             " had CPU µs per BU | BU/s per core at that cost | BA status mix (all runs) | had drops (all runs) |"
             " BUs lost in had's socket buffer (all runs) |",
             "|---:|---:|---:|---:|---:|---:|---:|---|---|---:|"]
    for rate in sorted(rows):
        rs = rows[rate]
        mix = collections.Counter()
        drops = collections.Counter()
        for x in rs:
            mix.update(x["statuses"])
            drops.update({k.split(".", 1)[1]: v for k, v in x["ha"].items() if k.startswith("drops.")})
        total = sum(mix.values())
        mix_text = ", ".join(f"{k.split('(')[0]}: {v} ({100.0 * v / total:.1f} %)" for k, v in sorted(mix.items())) or "none"
        drop_text = ", ".join(f"{k} {v}" for k, v in sorted(drops.items())) or "none"
        us = [1e6 * x["cpu"] / x["decided"] for x in rs if x["decided"]]
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            rate, mmm([x["sent_ps"] for x in rs]), mmm([x["recv_ps"] for x in rs]),
            mmm([x["loss"] for x in rs], "{:.2f}"), mmm([x["decided"] / x["window"] for x in rs]),
            mmm(us, "{:.1f}"), mmm([1e6 / u for u in us]), mix_text, drop_text, sum(x["raw6"] for x in rs)))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "bu-load.md"), "w") as f:
        f.write(text)
    print(text)


def forward(out):
    data = collections.defaultdict(dict)  # (run, size) -> variant -> row
    with open(os.path.join(out, "forward.tsv")) as f:
        next(f)
        for line in f:
            run, size, variant, window, packets, nbytes, offered, dropped, cpu, report = line.rstrip("\n").split("\t")
            w, p = float(window), int(packets)
            data[(int(run), int(size))][variant] = dict(
                pps=p / w, offered=int(offered) / w, dropped=int(dropped) / w, cpu=float(cpu),
                us=(float(cpu) / 100 * w / p * 1e6) if p else float("nan"))
    sizes = sorted({s for _, s in data})
    variants = []
    for v in ("c", "c-raw41", "had"):
        if any(v in d for d in data.values()):
            variants.append(v)
    lines = ["| IPv6 packet | variant | kpackets/s (min / median / max) | offered kpkt/s | TUN drops kpkt/s |"
             " relay CPU % | relay CPU µs/packet (min / median / max) | packets/s vs c, same run |"
             " CPU cost c / variant, same run | CPU cost c-raw41 / variant, same run |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        runs = sorted(r for r, s2 in data if s2 == s)
        for v in variants:
            rows = [data[(r, s)][v] for r in runs if v in data[(r, s)]]

            def ratio(ref, key, inverse):
                vals = []
                for r in runs:
                    d = data[(r, s)]
                    if v in d and ref in d and d[v][key] and d[ref][key]:
                        vals.append(100.0 * (d[ref][key] / d[v][key] if inverse else d[v][key] / d[ref][key]))
                return mmm(vals) + " %" if vals and ref != v else "—"

            lines.append("| {} B | {} | {} | {:.0f} | {:.0f} | {:.0f} | {} | {} | {} | {} |".format(
                s, v, mmm([x["pps"] / 1e3 for x in rows]), statistics.median([x["offered"] / 1e3 for x in rows]),
                statistics.median([x["dropped"] / 1e3 for x in rows]), statistics.median([x["cpu"] for x in rows]),
                mmm([x["us"] for x in rows], "{:.2f}"), ratio("c", "pps", False), ratio("c", "us", True),
                ratio("c-raw41", "us", True)))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "forward.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("bu", "forward"):
        sys.exit(__doc__)
    (bu if sys.argv[1] == "bu" else forward)(sys.argv[2])
