#!/usr/bin/env bash
# Data-plane benchmark: the home agent's forward tunnel (TUN -> IPv6-in-IPv6 -> peer) in Java
# against the same relay in C and against plain kernel forwarding over the same veths.
#
#   integration-tests/bench/dataplane/run.sh [--runs N] [--seconds S] [--warmup S] [--sizes "100 1400"]
#       [--variants "kernel c java java-direct java-channel"] [--encap hdrincl|raw41] [--cpus "SENDER RELAY"]
#       [--nice N] [--no-build]
#
# Needs root, gcc, iproute2, nftables, taskset, java 17 (and mvn unless --no-build).
#
# Topology (three namespaces named <prefix>src, <prefix>relay, <prefix>sink, prefix unique per run):
#
#   src  src0 2001:db8:100::1 ---- in0 2001:db8:100::2  relay  out0 2001:db8:200::1 ---- sink0 2001:db8:200::2  sink
#                                       forwarding=1, route 2001:db8:300::/64 -> tun0 (relays)
#                                                      or -> via 2001:db8:200::2 (kernel)
#
# The generator in src (blast.c, pinned to the first CPU) sends UDP to 2001:db8:300::1 as fast as
# it can, every IPv6 packet exactly SIZE bytes. Variants:
#   kernel       the relay namespace forwards the packets itself to the sink (no TUN, no
#                encapsulation: this kernel has no ip6_tunnel, so the baseline is plain forwarding)
#   c            relay.c (gcc -O2): read from tun0, prepend a 40-byte outer header, sendto the sink
#   java         org.roam6.bench.dataplane.TunnelRelay --io api (through org.roam6.net)
#   java-direct  the same main with --io direct (zero-copy prototype on JNA)
#   java-channel the same main with --io channel (TUN read through the JDK, send through JNA)
# Relays are pinned to the second CPU (kernel: RPS moves the forwarding there), generator and
# relays run at nice N (default -10). The sink drops everything in an nftables prerouting chain
# that counts correct packets: IPv6-in-IPv6 whose inner packet is UDP to 2001:db8:300::/64, or
# (kernel) that UDP itself. Delivered packets/s = counter delta over the measurement window
# after a warm-up; Mbit/s counts the SIZE-byte inner packets. Results: integration-tests/target/dataplane/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
module="$root/integration-tests"
out="$module/target/dataplane"

runs=3
seconds=5
warmup=3
sizes="100 1400"
variants="kernel c java java-direct java-channel"
encap=hdrincl
cpus="0 1"
nice=-10
build=1

die() { echo "run.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --sizes) sizes="$2"; shift 2 ;;
        --variants) variants="$2"; shift 2 ;;
        --encap) encap="$2"; shift 2 ;;
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
[[ "$encap" == hdrincl || "$encap" == raw41 ]] || die "--encap must be hdrincl or raw41"
[[ "$nice" =~ ^-?[0-9]+$ && "$nice" -ge -20 && "$nice" -le 19 ]] || die "--nice must be -20..19"
for s in $sizes; do
    [[ "$s" =~ ^[0-9]+$ && "$s" -ge 48 && "$s" -le 1400 ]] || die "sizes must be 48..1400 (1400 + 40 fits a 1500 MTU)"
done
for v in $variants; do
    [[ "$v" =~ ^(kernel|c|java|java-direct|java-channel)$ ]] || die "unknown variant $v"
done
RELAY_CLASS=org/roam6/bench/dataplane/TunnelRelay.class
source "$here/prepare.sh"

TOPO_TAG=dp TOPO_TABLE=dpbench TOPO_SCRIPT=run.sh
source "$here/topology.sh"

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
    rm -f "$log" # a log left by an earlier run must not pass the readiness check below
    local common=(--tun tun0 --src 2001:db8:200::1 --dst 2001:db8:200::2 --encap "$encap" --max-seconds "$relay_limit")
    case "$variant" in
        c) ip netns exec "$NS_RELAY" nice -n "$nice" taskset -c "$relay_cpu" "$out/bin/relay" tun0 2001:db8:200::1 2001:db8:200::2 \
               "$encap" "$relay_limit" >"$log" 2>&1 & ;;
        java|java-direct|java-channel)
            local io=api
            [[ "$variant" == java-direct ]] && io=direct
            [[ "$variant" == java-channel ]] && io=channel
            ip netns exec "$NS_RELAY" nice -n "$nice" taskset -c "$relay_cpu" java -XX:+UseSerialGC -Xms64m -Xmx64m \
                -cp "$classes:$lib/*" org.roam6.bench.dataplane.TunnelRelay "${common[@]}" --io "$io" \
                >"$log" 2>&1 & ;;
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

results="$out/results.tsv"
printf 'run\tsize\tvariant\twindow_s\tpackets\tbytes\toffered\ttun_dropped\trelay_cpu_pct\trelay_report\n' >"$results"

measure() { # run size variant
    local run="$1" size="$2" variant="$3"
    local log="$out/logs/run$run-$size-$variant"
    local counter=tunnelled
    relay_pid=""
    if [[ "$variant" == kernel ]]; then
        counter=forwarded
        in_ns "$NS_RELAY" sh -c "echo $relay_mask > /sys/class/net/in0/queues/rx-0/rps_cpus"
        ip -n "$NS_RELAY" route replace 2001:db8:300::/64 via 2001:db8:200::2 dev out0
    else
        start_relay "$variant" "$log-relay.log"
        ip -n "$NS_RELAY" route replace 2001:db8:300::/64 dev tun0
    fi
    ip netns exec "$NS_SRC" nice -n "$nice" taskset -c "$sender_cpu" "$out/bin/blast" 2001:db8:300::1 "$size" $((warmup + seconds + 2)) \
        >"$log-blast.log" 2>&1 &
    local blast_pid=$!
    started+=("$blast_pid")
    sleep "$warmup"
    local c0 t0 o0 d0=0 u0=0 c1 t1 o1 d1=0 u1=0
    if [[ -n "$relay_pid" ]]; then
        d0=$(stat_of "$NS_RELAY" tun0 tx_dropped)
        u0=$(cpu_ticks "$relay_pid")
    else
        u0=$(softirq_ticks)
    fi
    o0=$(stat_of "$NS_SRC" src0 tx_packets)
    c0=$(counter_of "$counter")
    t0=$(now_ns)
    sleep "$seconds"
    c1=$(counter_of "$counter")
    t1=$(now_ns)
    o1=$(stat_of "$NS_SRC" src0 tx_packets)
    if [[ -n "$relay_pid" ]]; then
        kill -0 "$relay_pid" 2>/dev/null || { cat "$log-relay.log" >&2; die "relay $variant exited during the measurement"; }
        d1=$(stat_of "$NS_RELAY" tun0 tx_dropped)
        u1=$(cpu_ticks "$relay_pid")
    else
        u1=$(softirq_ticks)
    fi
    stop_pid "$blast_pid"
    local report="-"
    if [[ -n "$relay_pid" ]]; then
        stop_pid "$relay_pid"
        report=$(grep '^relayed' "$log-relay.log" | tail -1 || true)
        [[ -n "$report" ]] || report="-"
    fi
    ip -n "$NS_RELAY" route del 2001:db8:300::/64 2>/dev/null || true
    in_ns "$NS_RELAY" sh -c "echo 0 > /sys/class/net/in0/queues/rx-0/rps_cpus"
    local expect=$size
    [[ "$variant" != kernel ]] && expect=$((size + 40))
    record_window
}

write_meta "$out/meta.env" "--runs $runs --seconds $seconds --warmup $warmup --sizes '$sizes' --variants '$variants' --encap $encap --cpus '$cpus' --nice $nice"
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
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/meta.env"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

/usr/bin/python3 "$here/report.py" "$out"
