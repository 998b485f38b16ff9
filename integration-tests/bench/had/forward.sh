#!/usr/bin/env bash
# Forward-tunnel rate of the home agent: the real org.roam6.had.TunnelForwarder (driven by a
# BindingCache with one binding) against the C relay of the data-plane benchmark, in the same
# run, on the data-plane benchmark's topology (bench/dataplane/topology.sh), generator and sink.
#
#   integration-tests/bench/had/forward.sh [--runs N] [--seconds S] [--warmup S] [--sizes "100 1400"]
#       [--variants "c c-raw41 had"] [--cpus "SENDER RELAY"] [--nice N] [--no-build]
#
# Needs root, gcc, iproute2, nftables, taskset, java 17 (and mvn unless --no-build).
#
#   src  src0 2001:db8:100::1 ---- in0 2001:db8:100::2  relay  out0 2001:db8:200::1 ---- sink0 2001:db8:200::2  sink
#
# The generator (bench/dataplane/blast.c) sends UDP to 2001:db8:300::1, every IPv6 packet SIZE
# bytes. Variants, each in the relay namespace, pinned to the second CPU at nice N:
#   c        bench/dataplane/relay.c, header-included raw socket: reads tun0 (route 2001:db8:300::/64),
#            writes the 40-byte outer header itself (the data-plane benchmark's reference)
#   c-raw41  the same relay sending on a raw protocol-41 socket: the kernel writes the outer
#            header, exactly the send path TunnelForwarder uses
#   had      org.roam6.bench.had.HomeAgentForwardRelay: TunnelForwarder.open(...) with its own TUN
#            (hadtun0), one binding 2001:db8:300::1 -> care-of 2001:db8:200::2, onRegistered
#            installs 2001:db8:300::1/128 into the TUN; outer source 2001:db8:200::1
# The sink counts IPv6-in-IPv6 packets whose inner packet is UDP to 2001:db8:300::/64 (and checks
# SIZE+40 bytes each). Reported per packet size: delivered packets/s, the relay's CPU time per
# packet (user+system of the process over the window), and had against each C relay of the same
# run. Results: integration-tests/target/had-bench/forward.tsv, forward.md, forward-meta.env, logs/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dataplane="$(cd "$here/../dataplane" && pwd)"
root="$(cd "$here/../../.." && pwd)"
module="$root/integration-tests"
out="$module/target/had-bench"

runs=3
seconds=5
warmup=3
sizes="100 1400"
variants="c c-raw41 had"
cpus="0 1"
nice=-10
build=1

die() { echo "forward.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --sizes) sizes="$2"; shift 2 ;;
        --variants) variants="$2"; shift 2 ;;
        --cpus) cpus="$2"; shift 2 ;;
        --nice) nice="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 && "$runs" -le 50 ]] || die "--runs must be 1..50"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 && "$seconds" -le 300 ]] || die "--seconds must be 1..300"
[[ "$warmup" =~ ^[0-9]+$ && "$warmup" -le 60 ]] || die "--warmup must be 0..60"
[[ "$nice" =~ ^-?[0-9]+$ && "$nice" -ge -20 && "$nice" -le 19 ]] || die "--nice must be -20..19"
for s in $sizes; do
    [[ "$s" =~ ^[0-9]+$ && "$s" -ge 48 && "$s" -le 1400 ]] || die "sizes must be 48..1400 (1400 + 40 fits a 1500 MTU)"
done
for v in $variants; do
    [[ "$v" =~ ^(c|c-raw41|had)$ ]] || die "unknown variant $v"
done
RELAY_CLASS=org/roam6/bench/had/HomeAgentForwardRelay.class
source "$dataplane/prepare.sh"

TOPO_TAG=hf TOPO_TABLE=hfbench TOPO_SCRIPT=forward.sh
source "$dataplane/topology.sh"

stop_pid() { # SIGTERM, then SIGKILL after 5 s; reaps
    local pid="$1" k
    kill -TERM "$pid" 2>/dev/null || true
    for ((k = 0; k < 50; k++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

relay_limit=$((warmup + seconds + 60))
start_relay() { # variant log -> pid in $relay_pid
    local variant="$1" log="$2"
    rm -f "$log" # a log of an earlier run must not pass for this relay's "ready"
    case "$variant" in
        c|c-raw41)
            local encap=hdrincl
            [[ "$variant" == c-raw41 ]] && encap=raw41
            ip netns exec "$NS_RELAY" nice -n "$nice" taskset -c "$relay_cpu" "$out/bin/relay" tun0 2001:db8:200::1 2001:db8:200::2 \
               "$encap" "$relay_limit" >"$log" 2>&1 & ;;
        had)
            ip netns exec "$NS_RELAY" nice -n "$nice" taskset -c "$relay_cpu" java -XX:+UseSerialGC -Xms64m -Xmx64m \
                -cp "$classes:$lib/*" org.roam6.bench.had.HomeAgentForwardRelay --tun hadtun0 --ha 2001:db8:200::1 \
                --hoa 2001:db8:300::1 --coa 2001:db8:200::2 --max-seconds "$relay_limit" >"$log" 2>&1 & ;;
    esac
    relay_pid=$!
    started+=("$relay_pid")
    local k
    for ((k = 0; k < 300; k++)); do
        grep -q '^ready' "$log" 2>/dev/null && return 0
        kill -0 "$relay_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log" >&2
    die "relay $variant did not become ready"
}

results="$out/forward.tsv"
printf 'run\tsize\tvariant\twindow_s\tpackets\tbytes\toffered\ttun_dropped\trelay_cpu_pct\trelay_report\n' >"$results"

measure() { # run size variant
    local run="$1" size="$2" variant="$3"
    local log="$out/logs/run$run-$size-$variant"
    local counter=tunnelled tun=tun0
    relay_pid=""
    start_relay "$variant" "$log-relay.log"
    if [[ "$variant" == had ]]; then
        tun=hadtun0 # the relay routed 2001:db8:300::1/128 into its own TUN
    else
        ip -n "$NS_RELAY" route replace 2001:db8:300::/64 dev tun0
    fi
    ip netns exec "$NS_SRC" nice -n "$nice" taskset -c "$sender_cpu" "$out/bin/blast" 2001:db8:300::1 "$size" $((warmup + seconds + 2)) \
        >"$log-blast.log" 2>&1 &
    local blast_pid=$!
    started+=("$blast_pid")
    sleep "$warmup"
    local c0 t0 o0 d0 u0 c1 t1 o1 d1 u1
    d0=$(stat_of "$NS_RELAY" "$tun" tx_dropped)
    u0=$(cpu_ticks "$relay_pid")
    o0=$(stat_of "$NS_SRC" src0 tx_packets)
    c0=$(counter_of "$counter")
    t0=$(now_ns)
    sleep "$seconds"
    c1=$(counter_of "$counter")
    t1=$(now_ns)
    o1=$(stat_of "$NS_SRC" src0 tx_packets)
    kill -0 "$relay_pid" 2>/dev/null || { cat "$log-relay.log" >&2; die "relay $variant exited during the measurement"; }
    d1=$(stat_of "$NS_RELAY" "$tun" tx_dropped)
    u1=$(cpu_ticks "$relay_pid")
    stop_pid "$blast_pid"
    stop_pid "$relay_pid"
    local report
    report=$(grep '^relayed' "$log-relay.log" | tail -1 || true)
    [[ -n "$report" ]] || report="-"
    ip -n "$NS_RELAY" route del 2001:db8:300::/64 2>/dev/null || true
    local expect=$((size + 40))
    record_window
}

write_meta "$out/forward-meta.env" "--runs $runs --seconds $seconds --warmup $warmup --sizes '$sizes' --variants '$variants' --cpus '$cpus' --nice $nice"
echo "namespaces ${P}{src,relay,sink}; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

read -r -a order <<<"$variants"
for ((run = 1; run <= runs; run++)); do
    for size in $sizes; do
        # rotate the order each run so no variant always goes first
        n=${#order[@]}
        for ((i = 0; i < n; i++)); do
            measure "$run" "$size" "${order[(i + run - 1) % n]}"
        done
    done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/forward-meta.env"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

/usr/bin/python3 "$here/report.py" forward "$out"
