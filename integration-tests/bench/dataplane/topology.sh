# Shared by bench/dataplane/run.sh and bench/had/forward.sh: the three-namespace topology
# (src -- relay -- sink), its removal on exit, and the measurement helpers. Source it after
# setting TOPO_TAG (namespace prefix, e.g. dp), TOPO_TABLE (the sink's nftables table),
# TOPO_SCRIPT (name for messages) and relay_cpu.
#
#   src  src0 2001:db8:100::1 --- in0 2001:db8:100::2  relay  out0 2001:db8:200::1 --- sink0 2001:db8:200::2  sink
# ---- topology, always removed -------------------------------------------------------------
P="${TOPO_TAG}$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')-"
NS_SRC="${P}src"
NS_RELAY="${P}relay"
NS_SINK="${P}sink"
started=()

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${started[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for ns in "$NS_SRC" "$NS_RELAY" "$NS_SINK"; do
        if [[ -e "/run/netns/$ns" ]]; then
            for pid in $(ip netns pids "$ns" 2>/dev/null); do
                kill -KILL "$pid" 2>/dev/null || true
            done
            ip netns del "$ns" 2>/dev/null || true
        fi
    done
    for ns in "$NS_SRC" "$NS_RELAY" "$NS_SINK"; do
        [[ -e "/run/netns/$ns" ]] && echo "$TOPO_SCRIPT: namespace $ns could not be removed" >&2 && rc=1
    done
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# (background processes are started with ip netns exec directly, so $! is the process itself)
in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

ip netns add "$NS_SRC"
ip netns add "$NS_RELAY"
ip netns add "$NS_SINK"
ip link add src0 address 02:00:00:00:01:01 netns "$NS_SRC" type veth \
    peer name in0 address 02:00:00:00:01:02 netns "$NS_RELAY"
ip link add out0 address 02:00:00:00:02:01 netns "$NS_RELAY" type veth \
    peer name sink0 address 02:00:00:00:02:02 netns "$NS_SINK"
for ns in "$NS_SRC" "$NS_RELAY" "$NS_SINK"; do
    in_ns "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
    ip -n "$ns" link set lo up
done
ip -n "$NS_SRC" addr add 2001:db8:100::1/64 dev src0 nodad
ip -n "$NS_SRC" link set src0 up
ip -n "$NS_SRC" route add default via 2001:db8:100::2 dev src0
ip -n "$NS_SRC" neigh replace 2001:db8:100::2 lladdr 02:00:00:00:01:02 dev src0 nud permanent

in_ns "$NS_RELAY" sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n "$NS_RELAY" addr add 2001:db8:100::2/64 dev in0 nodad
ip -n "$NS_RELAY" addr add 2001:db8:200::1/64 dev out0 nodad
ip -n "$NS_RELAY" link set in0 up
ip -n "$NS_RELAY" link set out0 up
ip -n "$NS_RELAY" neigh replace 2001:db8:200::2 lladdr 02:00:00:00:02:02 dev out0 nud permanent
ip -n "$NS_RELAY" tuntap add dev tun0 mode tun
ip -n "$NS_RELAY" link set tun0 up

ip -n "$NS_SINK" addr add 2001:db8:200::2/64 dev sink0 nodad
ip -n "$NS_SINK" link set sink0 up
# inner packet at byte 40 of a tunnelled packet: next header at bit 368, destination at bit 512
in_ns "$NS_SINK" nft -f - <<EOF
table ip6 $TOPO_TABLE {
    counter tunnelled {}
    counter forwarded {}
    counter other {}
    chain prerouting {
        type filter hook prerouting priority -300; policy accept;
        ip6 nexthdr 41 @nh,368,8 17 @nh,512,64 0x20010db803000000 counter name tunnelled drop
        ip6 nexthdr udp ip6 daddr 2001:db8:300::/64 counter name forwarded drop
        counter name other
    }
}
EOF

# ---- measurement --------------------------------------------------------------------------
stat_of() { in_ns "$1" cat "/sys/class/net/$2/statistics/$3"; }
counter_of() { in_ns "$NS_SINK" nft list counter ip6 "$TOPO_TABLE" "$1" | awk '/packets/ { print $2, $4 }'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
softirq_ticks() { awk -v c="cpu$relay_cpu" '$1 == c { print $8 }' /proc/stat; }
relay_mask=$(printf '%x' $((1 << relay_cpu)))
now_ns() { date +%s%N; }

# One measurement window as a line of $results and a line on stderr. Called at the end of a
# script's measure(); reads its locals (bash scope): run size variant expect report and the
# counters t0/t1 (time), c0/c1 (sink), u0/u1 (relay CPU), o0/o1 (offered), d0/d1 (TUN drops).
record_window() {
    local window packets bytes hz
    hz=$(getconf CLK_TCK)
    window=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    packets=$(( ${c1% *} - ${c0% *} ))
    bytes=$(( ${c1#* } - ${c0#* } ))
    if [[ $packets -gt 0 && $bytes -ne $((packets * expect)) ]]; then
        echo "$TOPO_SCRIPT: $variant $size: $bytes bytes for $packets packets, expected $expect bytes each" >&2
    fi
    local cpu
    cpu=$(awk -v u="$((u1 - u0))" -v hz="$hz" -v w="$window" 'BEGIN { printf "%.0f", (w > 0 ? 100 * u / hz / w : 0) }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$size" "$variant" "$window" "$packets" "$bytes" \
        "$((o1 - o0))" "$((d1 - d0))" "$cpu" "$report" >>"$results"
    awk -v v="$variant" -v s="$size" -v r="$run" -v p="$packets" -v w="$window" -v o="$((o1 - o0))" -v c="$cpu" \
        'BEGIN { printf "run %d  %5d B  %-12s %9.0f pkt/s  %8.1f Mbit/s  (offered %9.0f pkt/s, relay CPU %s%%, %.2f us/pkt)\n",
                 r, s, v, p / w, p * s * 8 / w / 1e6, o / w, c, (p > 0 ? c / 100 * w / p * 1e6 : 0) }' >&2
}

write_meta() { # file args: the machine and the run, for the results
    {
        echo "date=$(date -Is)"
        echo "prefix=$P"
        echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
        echo "nproc=$(nproc)"
        echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
        echo "kernel=$(uname -r)"
        echo "java=$(java -version 2>&1 | head -1)"
        echo "gcc=$(gcc --version | head -1)"
        echo "args=$2"
    } >"$1"
}
