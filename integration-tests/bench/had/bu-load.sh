#!/usr/bin/env bash
# Home agent signalling load: the real roam6-had daemon against a generator of authenticated
# home Binding Updates for many home addresses; BU/s offered, BA/s received, BA status mix, loss,
# and the daemon's CPU time per BU.
#
#   integration-tests/bench/had/bu-load.sh [--nodes N] [--rates "5000 10000 20000 40000"] [--runs 3]
#       [--seconds 5] [--warmup 5] [--cpus "GENERATOR HA"] [--nice N] [--no-build]
#
# Needs root, iproute2, nftables, taskset, java 17 (and mvn unless --no-build).
#
# Topology (two namespaces <prefix>mn and <prefix>ha, prefix unique per run, removed on exit,
# failure, Ctrl-C and SIGTERM with every process inside them):
#
#   mn  mn0 2001:db8:a::2 (the care-of address) ---- ha0 2001:db8:a::1, 2001:db8:1::1/64  ha
#       route 2001:db8:1::/64 via 2001:db8:a::1           roam6-had (HomeAgentMain), Interface "ha0"
#
# had.conf is generated (org.roam6.bench.had.MobileNodes): HaServedPrefix 2001:db8:1::/64 and one
# MnKey line (RFC 4285, HMAC-SHA256) per mobile node; how long parsing it takes is measured first
# (org.roam6.bench.had.ConfigParseCost, MnKey lines against as many MnUnprotected lines).
# Each run starts a fresh daemon (pinned to the second CPU) and, for every rate, one generator
# (org.roam6.bench.had.BindingUpdateLoad, pinned to the first CPU) sends SECONDS seconds of BUs
# round-robin over the N home addresses at that rate (Home Address option, fresh timestamp,
# A flag) on a header-included raw socket and counts the BAs by status on a protocol-43 raw
# socket; before and after, the daemon's `show stats` (admin socket) gives what it decided.
# Before the measured rates, each run warms the fresh daemon up (JIT) with WARMUP seconds at the
# first rate, not recorded; that step carries every node's first registration, so the measured
# steps are refreshes (Sequence # continued, RFC 6275 9.5.1). Where BUs were lost is told by the
# daemon's counters and by the drops column of /proc/net/raw6 in ha (its receive buffers full).
# The mobile node's kernel drops BAs (Type 2 routing header) after the raw copy and would answer
# with a Parameter Problem; nftables drops those in mn.
# Results: integration-tests/target/had-bench/bu-load.tsv, bu-load.md, bu-meta.env, logs/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
module="$root/integration-tests"
out="$module/target/had-bench"

nodes=10000
rates="5000 10000 20000 40000"
runs=3
seconds=5
warmup=5
cpus="0 1"
nice=-10
build=1

die() { echo "bu-load.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --nodes) nodes="$2"; shift 2 ;;
        --rates) rates="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --cpus) cpus="$2"; shift 2 ;;
        --nice) nice="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ "$nodes" =~ ^[0-9]+$ && "$nodes" -ge 1 && "$nodes" -le 100000 ]] || die "--nodes must be 1..100000"
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 && "$runs" -le 20 ]] || die "--runs must be 1..20"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 && "$seconds" -le 120 ]] || die "--seconds must be 1..120"
[[ "$warmup" =~ ^[0-9]+$ && "$warmup" -le 60 ]] || die "--warmup must be 0..60"
[[ "$nice" =~ ^-?[0-9]+$ && "$nice" -ge -20 && "$nice" -le 19 ]] || die "--nice must be -20..19"
for r in $rates; do
    [[ "$r" =~ ^[0-9]+$ && "$r" -ge 1 && "$r" -le 200000 ]] || die "rates must be 1..200000 BU/s"
done
read -r gen_cpu ha_cpu <<<"$cpus"
[[ $EUID -eq 0 ]] || die "needs root (namespaces, raw sockets)"
for tool in ip nft taskset java; do
    command -v "$tool" >/dev/null || die "needs $tool"
done

classes="$module/target/classes"
lib="$module/target/lib"
if [[ $build -eq 1 ]]; then
    echo "building (mvn -q -B -DskipTests -pl integration-tests -am package) in $root" >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -pl integration-tests -am package)
fi
[[ -f "$classes/org/roam6/bench/had/BindingUpdateLoad.class" ]] || die "no BindingUpdateLoad in $classes: build first"
compgen -G "$lib/had-*.jar" >/dev/null || die "no had jar in $lib: run the package phase (without --no-build)"
cp_="$classes:$lib/*"
mkdir -p "$out/logs"

# ---- topology, always removed -------------------------------------------------------------
P="hb$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')-"
NS_MN="${P}mn"
NS_HA="${P}ha"
work="$(mktemp -d /tmp/roam6-bu-load.XXXXXX)"
started=()

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${started[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for ns in "$NS_MN" "$NS_HA"; do
        if [[ -e "/run/netns/$ns" ]]; then
            for pid in $(ip netns pids "$ns" 2>/dev/null); do
                kill -KILL "$pid" 2>/dev/null || true
            done
            ip netns del "$ns" 2>/dev/null || true
        fi
    done
    for ns in "$NS_MN" "$NS_HA"; do
        [[ -e "/run/netns/$ns" ]] && echo "bu-load.sh: namespace $ns could not be removed" >&2 && rc=1
    done
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ip netns add "$NS_MN"
ip netns add "$NS_HA"
ip link add mn0 address 02:00:00:00:0a:02 netns "$NS_MN" type veth \
    peer name ha0 address 02:00:00:00:0a:01 netns "$NS_HA"
for ns in "$NS_MN" "$NS_HA"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
    ip -n "$ns" link set lo up
done
ip -n "$NS_MN" addr add 2001:db8:a::2/64 dev mn0 nodad
ip -n "$NS_MN" link set mn0 up
ip -n "$NS_MN" route add 2001:db8:1::/64 via 2001:db8:a::1 dev mn0
ip -n "$NS_MN" neigh replace 2001:db8:a::1 lladdr 02:00:00:00:0a:01 dev mn0 nud permanent
ip -n "$NS_HA" addr add 2001:db8:a::1/64 dev ha0 nodad
ip -n "$NS_HA" addr add 2001:db8:1::1/64 dev ha0 nodad
ip -n "$NS_HA" link set ha0 up
ip -n "$NS_HA" neigh replace 2001:db8:a::2 lladdr 02:00:00:00:0a:02 dev ha0 nud permanent
# the mobile node's kernel has no Mobile IPv6: it answers every BA (Type 2 routing header) with a
# Parameter Problem after the raw socket got its copy; keep those off the home agent
ip netns exec "$NS_MN" nft -f - <<'EOF'
table ip6 hadbench {
    counter parameter_problems {}
    chain output {
        type filter hook output priority 0; policy accept;
        icmpv6 type parameter-problem counter name parameter_problems drop
    }
}
EOF

# ---- config and its parsing cost ----------------------------------------------------------
conf="$work/had.conf"
sock="$work/had.sock"
java -cp "$cp_" org.roam6.bench.had.MobileNodes "$nodes" "$conf" ha0 "$sock"
echo "config: $(wc -l <"$conf") lines, $nodes MnKey" >&2
parse_line=$(java -cp "$cp_" org.roam6.bench.had.ConfigParseCost "$nodes" 2>/dev/null | grep '^parse' | tail -1)
echo "$parse_line" >&2

{
    echo "date=$(date -Is)"
    echo "prefix=$P"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "kernel=$(uname -r)"
    echo "java=$(java -version 2>&1 | head -1)"
    echo "args=--nodes $nodes --rates '$rates' --runs $runs --seconds $seconds --warmup $warmup --cpus '$cpus' --nice $nice"
    echo "config_parse=$parse_line"
} >"$out/bu-meta.env"
echo "namespaces ${P}{mn,ha}; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

raw6_drops() { ip netns exec "$NS_HA" awk 'NR > 1 { s += $NF } END { print s + 0 }' /proc/net/raw6; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)

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

start_daemon() { # run -> $ha_pid
    local log="$out/logs/bu-run$1-had.log" k
    rm -f "$sock" "$log" # an earlier run's log must not pass for this daemon's start
    ip netns exec "$NS_HA" nice -n "$nice" taskset -c "$ha_cpu" java -Xms256m -Xmx256m \
        -cp "$cp_" org.roam6.had.HomeAgentMain --config "$conf" >"$log" 2>&1 &
    ha_pid=$!
    started+=("$ha_pid")
    for ((k = 0; k < 1200; k++)); do # at most 120 s: parsing N MnKey lines is slow
        if [[ -S "$sock" ]] && grep -q 'home agent on' "$log"; then
            sleep 1
            return 0
        fi
        kill -0 "$ha_pid" 2>/dev/null || break
        sleep 0.1
    done
    tail -20 "$log" >&2
    die "the home agent did not start"
}

results="$out/bu-load.tsv"
printf 'run\trate\tha_cpu_s\traw6_drops\tresult\n' >"$results"

generate() { # log rate seconds first-sequence
    timeout $(($3 + 120)) ip netns exec "$NS_MN" nice -n "$nice" taskset -c "$gen_cpu" java -Xms256m -Xmx256m \
        -cp "$cp_" org.roam6.bench.had.BindingUpdateLoad --nodes "$nodes" --rate "$2" --seconds "$3" \
        --drain-ms 1000 --admin-socket "$sock" --first-sequence "$4" >"$1" 2>&1 || {
        cat "$1" >&2; die "generator failed at rate $2"; }
}

read -r -a rate_list <<<"$rates"
for ((run = 1; run <= runs; run++)); do
    start_daemon "$run"
    if [[ $warmup -gt 0 ]]; then
        generate "$out/logs/bu-run$run-warmup-gen.log" "${rate_list[0]}" "$warmup" 1
        echo "run $run warm-up: $(grep '^result' "$out/logs/bu-run$run-warmup-gen.log" | cut -d' ' -f2-13)" >&2
    fi
    step=0
    for rate in $rates; do
        step=$((step + 1))
        log="$out/logs/bu-run$run-$rate"
        first=$(( (step * 4000 + 1) & 0xffff ))
        u0=$(cpu_ticks "$ha_pid")
        r0=$(raw6_drops)
        generate "$log-gen.log" "$rate" "$seconds" "$first"
        u1=$(cpu_ticks "$ha_pid")
        r1=$(raw6_drops)
        kill -0 "$ha_pid" 2>/dev/null || die "the home agent died at rate $rate (see $out/logs/bu-run$run-had.log)"
        res=$(grep '^result' "$log-gen.log" | tail -1)
        [[ -n "$res" ]] || { cat "$log-gen.log" >&2; die "no result at rate $rate"; }
        cpu_s=$(awk -v u="$((u1 - u0))" -v hz="$hz" 'BEGIN { printf "%.2f", u / hz }')
        printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$rate" "$cpu_s" "$((r1 - r0))" "$res" >>"$results"
        echo "run $run rate $rate: ha CPU ${cpu_s}s, raw6 drops $((r1 - r0)); $res" >&2
    done
    stop_pid "$ha_pid"
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/bu-meta.env"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "parameter problems dropped in mn: $(ip netns exec "$NS_MN" nft list counter ip6 hadbench parameter_problems | awk '/packets/ { print $2 }')" >&2

/usr/bin/python3 "$here/report.py" bu "$out"
