#!/usr/bin/env bash
# roam6 mobility testbed: a whole Mobile IPv6 topology in network namespaces on one machine.
#
#   testbed.sh up      [--prefix P] [--owner-pid PID]   build the topology, print the prefix
#   testbed.sh down    [--prefix P | --all]             remove a run completely (also after a crash)
#   testbed.sh gc                                       remove runs whose owner process has died
#   testbed.sh status  [--prefix P]                     namespaces, links, addresses, radvd of a run
#   testbed.sh move    <home|a|b> [--prefix P] [--clean] [--timeout S]
#                                                       move the MN at layer 2, print its new address
#   testbed.sh exec    <node> [--prefix P] -- cmd...    run a command in a node's namespace
#   testbed.sh env     [--prefix P]                     shell variables: namespaces, addresses, links
#   testbed.sh list                                     running testbeds
#
# Topology, names and addresses: deploy/testbed/README.md. Every namespace of a run is named
# <prefix><node>; `down` only ever deletes namespaces named <prefix><one of the known nodes>.
set -euo pipefail

readonly STATE_ROOT="${ROAM6_TESTBED_STATE:-/run/roam6-testbed}"
readonly NODES=(core hr ha1 ha2 ara arb br cn mn)
readonly SWITCHES=(sw-home sw-a sw-b sw-c)
# the namespace of a virtual machine joined to the testbed (the UMIP interop guest, deploy/interop)
readonly GUESTS=(umip)
readonly ROUTERS=(core hr ha1 ha2 ara arb br)
readonly BRIDGED_LINKS=(home a b c)
readonly P2P_LINKS=(core-home core-a core-b core-c)
readonly MN_IF=eth0
readonly MN_MAC=02:52:36:00:00:01
readonly MN_IID=52:36ff:fe00:1
readonly HA_ANYCAST_IID=fdff:ffff:ffff:fffe
readonly DEFAULT_MOVE_TIMEOUT=20
export PATH="$PATH:/usr/sbin:/sbin"

# ---------------------------------------------------------------------------------------------
# Static plan: node / interface / address / link. One line per interface.
# ---------------------------------------------------------------------------------------------
readonly PLAN="
core to-hr  2001:db8:ff01::1 core-home
core to-ara 2001:db8:ff0a::1 core-a
core to-arb 2001:db8:ff0b::1 core-b
core to-br  2001:db8:ff0c::1 core-c
hr   core0  2001:db8:ff01::2 core-home
hr   lan0   2001:db8:1::1    home
ha1  lan0   2001:db8:1::11   home
ha2  lan0   2001:db8:1::12   home
ara  core0  2001:db8:ff0a::2 core-a
ara  lan0   2001:db8:a::1    a
arb  core0  2001:db8:ff0b::2 core-b
arb  lan0   2001:db8:b::1    b
br   core0  2001:db8:ff0c::2 core-c
br   lan0   2001:db8:c::1    c
cn   lan0   2001:db8:c::10   c
"

link_prefix() { # link -> /64
  case "$1" in
    home) echo 2001:db8:1::/64 ;; a) echo 2001:db8:a::/64 ;; b) echo 2001:db8:b::/64 ;;
    c) echo 2001:db8:c::/64 ;;
    core-home) echo 2001:db8:ff01::/64 ;; core-a) echo 2001:db8:ff0a::/64 ;;
    core-b) echo 2001:db8:ff0b::/64 ;; core-c) echo 2001:db8:ff0c::/64 ;;
    *) return 1 ;;
  esac
}
link_router() { case "$1" in home) echo hr ;; a) echo ara ;; b) echo arb ;; c) echo br ;; *) return 1 ;; esac; }
link_members() { case "$1" in home) echo "hr ha1 ha2" ;; a) echo ara ;; b) echo arb ;; c) echo "br cn" ;; esac; }
p2p_core_if() { case "$1" in core-home) echo to-hr ;; core-a) echo to-ara ;; core-b) echo to-arb ;; core-c) echo to-br ;; esac; }
# "2001:db8:a::/64" -> "2001:db8:a:" : every address in our /64s starts with this text
prefix_text() { local p="${1%%::/64}"; echo "$p:"; }
primary_addr() { case "$1" in core) echo 2001:db8:ff01::1 ;; mn) echo "" ;; *) awk -v n="$1" '$1==n && $2=="lan0"{print $3}' <<<"$PLAN" ;; esac; }
is_node() { local x; for x in "${NODES[@]}" "${SWITCHES[@]}"; do [[ "$x" == "$1" ]] && return 0; done; return 1; }
upper() { tr 'a-z-' 'A-Z_' <<<"$1"; }

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
log() { [[ "${QUIET:-0}" == 1 ]] || echo "testbed: $*" >&2; }
die() { echo "testbed: error: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

# wait_until <description> <timeout-seconds> <interval-seconds> cmd...
# Runs cmd until it succeeds; at most timeout/interval+1 attempts and never longer than timeout.
wait_until() {
  local what="$1" timeout="$2" interval="$3"; shift 3
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  local max_tries; max_tries=$(awk -v t="$timeout" -v i="$interval" 'BEGIN{printf "%d", t/i + 1}')
  local i
  for (( i = 0; i < max_tries; i++ )); do
    if "$@"; then return 0; fi
    (( $(now_ms) < deadline )) || break
    sleep "$interval"
  done
  log "timed out after ${timeout}s waiting for: $what"
  return 1
}

validate_prefix() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$ ]] \
    || die "bad prefix '$1' (letters, digits, '_', '.', '-'; at most 40 characters)"
}
gen_prefix() { echo "r6-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')-"; }

ns() { echo "${PREFIX}$1"; }
ns_exists() { [[ -e "/run/netns/$1" ]]; }
in_ns() { local n="$1"; shift; ip netns exec "$(ns "$n")" "$@"; }
sysctl_ns() { local n="$1"; shift; in_ns "$n" sysctl -q -w "$@" >/dev/null; }

state_dir() { echo "$STATE_ROOT/$PREFIX"; }
state_file() { echo "$(state_dir)/state.env"; }
state_get() { # key -> value ("" when absent)
  local f; f="$(state_file)"
  [[ -r "$f" ]] || { echo ""; return 0; }
  awk -F= -v k="$1" '$1==k{v=substr($0, length(k)+2)} END{gsub(/^'"'"'|'"'"'$/, "", v); print v}' "$f"
}
state_set() { # key value: rewrite atomically
  local f tmp; f="$(state_file)"; tmp="$f.tmp.$$"
  { [[ -r "$f" ]] && grep -v "^$1=" "$f" || true; echo "$1='$2'"; } >"$tmp"
  mv -f "$tmp" "$f"
}

known_runs() { # prefixes with a state dir
  [[ -d "$STATE_ROOT" ]] || return 0
  local d; for d in "$STATE_ROOT"/*/; do [[ -d "$d" ]] && basename "$d"; done; return 0
}
resolve_prefix() {
  if [[ -n "${PREFIX:-}" ]]; then validate_prefix "$PREFIX"; return; fi
  if [[ -n "${ROAM6_TESTBED_PREFIX:-}" ]]; then PREFIX="$ROAM6_TESTBED_PREFIX"; validate_prefix "$PREFIX"; return; fi
  local runs; mapfile -t runs < <(known_runs)
  case "${#runs[@]}" in
    1) PREFIX="${runs[0]}" ;;
    0) die "no testbed is running (see: testbed.sh up)" ;;
    *) die "several testbeds are running (${runs[*]}); choose one with --prefix" ;;
  esac
}
require_tools() {
  local t missing=()
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  (( ${#missing[@]} == 0 )) || die "missing tools: ${missing[*]} (Debian: apt-get install iproute2 radvd)"
  [[ "$(id -u)" == 0 ]] || die "must run as root (network namespaces)"
}

proc_start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }

# ---------------------------------------------------------------------------------------------
# up
# ---------------------------------------------------------------------------------------------
write_radvd_conf() { # node file
  local node="$1" f="$2" pfx pref
  case "$node" in
    hr) pfx=2001:db8:1::/64 ;; ara) pfx=2001:db8:a::/64 ;; arb) pfx=2001:db8:b::/64 ;;
    # A home agent announces its own address with the R flag (RFC 6275 7.2); radvd sends the
    # bare prefix for 'prefix P/64 { AdvRouterAddr on; }', so the address is written out here.
    ha1) pfx=2001:db8:1::11/64 ;; ha2) pfx=2001:db8:1::12/64 ;;
  esac
  {
    echo "# radvd for $(ns "$node") (roam6 testbed); RFC 6275 7.5 allows these short intervals"
    echo "interface lan0 {"
    echo "  AdvSendAdvert on;"
    echo "  MinRtrAdvInterval 0.5;"
    echo "  MaxRtrAdvInterval 1.5;"
    echo "  AdvIntervalOpt on;"
    case "$node" in
      ha1|ha2)
        [[ "$node" == ha1 ]] && pref=20 || pref=10
        echo "  AdvDefaultLifetime 0;"
        echo "  AdvHomeAgentFlag on;"
        echo "  AdvHomeAgentInfo on;"
        echo "  HomeAgentPreference $pref;"
        echo "  HomeAgentLifetime 30;"
        ;;
      *)
        echo "  AdvDefaultLifetime 4;"
        ;;
    esac
    echo "  prefix $pfx {"
    echo "    AdvOnLink on;"
    echo "    AdvAutonomous on;"
    echo "    AdvRouterAddr on;"
    echo "    AdvValidLifetime 300;"
    echo "    AdvPreferredLifetime 120;"
    echo "  };"
    echo "};"
  } >"$f"
  chmod 0644 "$f"
}

radvd_alive() { # node
  local pid; pid="$(cat "$(state_dir)/radvd-$1.pid" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

start_radvd() { # node
  local node="$1" sd; sd="$(state_dir)"
  write_radvd_conf "$node" "$sd/radvd-$node.conf"
  rm -f "$sd/radvd-$node.pid"
  in_ns "$node" radvd -C "$sd/radvd-$node.conf" -p "$sd/radvd-$node.pid" \
    -m logfile -l "$sd/radvd-$node.log" \
    || die "radvd failed to start in $(ns "$node") (see $sd/radvd-$node.log)"
}

mn_addr_on() { # link -> MN's non-tentative global address on that link's prefix (or nothing)
  local want; want="$(prefix_text "$(link_prefix "$1")")"
  in_ns mn ip -o -6 addr show dev "$MN_IF" scope global -tentative 2>/dev/null \
    | awk -v w="$want" '{split($4, a, "/"); if (index(a[1], w) == 1) {print a[1]; exit}}'
}
mn_has_addr_on() { [[ -n "$(mn_addr_on "$1")" ]]; }
# attached = an address on the link's prefix that reaches the link's router (proves the move
# happened: an address kept from an earlier visit alone proves nothing)
mn_attached() {
  local a r; a="$(mn_addr_on "$1")"; [[ -n "$a" ]] || return 1
  r="$(primary_addr "$(link_router "$1")")"
  in_ns mn ping -6 -n -q -c 1 -W 1 -I "$a" "$r" >/dev/null 2>&1
}

cmd_up() {
  local owner_pid=""
  while (( $# )); do
    case "$1" in
      --prefix) PREFIX="${2:?--prefix needs a value}"; shift 2 ;;
      --owner-pid) owner_pid="${2:?--owner-pid needs a value}"; shift 2 ;;
      -q|--quiet) QUIET=1; shift ;;
      *) die "up: unknown argument '$1'" ;;
    esac
  done
  require_tools ip radvd sysctl ping
  PREFIX="${PREFIX:-$(gen_prefix)}"; validate_prefix "$PREFIX"
  local n
  [[ ! -e "$(state_dir)" ]] || die "a testbed with prefix $PREFIX exists (testbed.sh down --prefix $PREFIX)"
  for n in "${NODES[@]}" "${SWITCHES[@]}"; do
    ! ns_exists "$(ns "$n")" || die "namespace $(ns "$n") exists (testbed.sh down --prefix $PREFIX)"
  done

  local t0; t0="$(now_ms)"
  mkdir -p "$(state_dir)"; chmod 0755 "$STATE_ROOT" "$(state_dir)"
  {
    echo "PREFIX='$PREFIX'"
    echo "CREATED='$(date -u +%Y-%m-%dT%H:%M:%SZ)'"
    if [[ -n "$owner_pid" ]]; then
      echo "OWNER_PID='$owner_pid'"; echo "OWNER_START='$(proc_start_time "$owner_pid")'"
    fi
    echo "MN_LINK='home'"
  } >"$(state_file)"
  # from here on a failure removes whatever was built
  trap 'rc=$?; trap - ERR EXIT; if (( rc != 0 )); then log "up failed, cleaning up"; QUIET=1 down_prefix || true; fi; exit $rc' EXIT

  # namespaces and their sysctls (set defaults before interfaces exist so they inherit them)
  for n in "${NODES[@]}" "${SWITCHES[@]}"; do
    ip netns add "$(ns "$n")"
    ip -n "$(ns "$n")" link set dev lo up
  done
  for n in "${SWITCHES[@]}"; do
    sysctl_ns "$n" net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
  for n in "${ROUTERS[@]}"; do
    sysctl_ns "$n" net.ipv6.conf.all.forwarding=1 net.ipv6.conf.default.forwarding=1 \
      net.ipv6.conf.default.accept_ra=0 net.ipv6.conf.all.accept_ra=0
  done
  sysctl_ns cn net.ipv6.conf.all.forwarding=0 net.ipv6.conf.default.accept_ra=0 net.ipv6.conf.all.accept_ra=0
  sysctl_ns mn net.ipv6.conf.all.forwarding=0 net.ipv6.conf.default.accept_ra=2 \
    net.ipv6.conf.default.autoconf=1 net.ipv6.conf.default.use_tempaddr=0 \
    net.ipv6.conf.default.addr_gen_mode=0 net.ipv6.conf.default.router_solicitation_delay=0 \
    net.ipv6.conf.default.optimistic_dad=1 net.ipv6.conf.default.use_optimistic=1

  # bridged links: one bridge per switch namespace, no IPv6 of its own, no snooping
  local l sw m
  for l in "${BRIDGED_LINKS[@]}"; do
    sw="sw-$l"
    ip -n "$(ns "$sw")" link add name br0 type bridge stp_state 0 mcast_snooping 0
    ip -n "$(ns "$sw")" link set dev br0 up
    for m in $(link_members "$l"); do
      ip -n "$(ns "$sw")" link add name "$m" type veth peer name lan0 netns "$(ns "$m")"
      ip -n "$(ns "$sw")" link set dev "$m" master br0 up
    done
  done
  # the mobile node: exactly one interface, its peer port starts on the home link
  ip -n "$(ns sw-home)" link add name mn type veth peer name "$MN_IF" netns "$(ns mn)"
  ip -n "$(ns mn)" link set dev "$MN_IF" address "$MN_MAC"
  sysctl_ns mn "net.ipv6.conf.$MN_IF.accept_ra=2" "net.ipv6.conf.$MN_IF.autoconf=1" \
    "net.ipv6.conf.$MN_IF.use_tempaddr=0" "net.ipv6.conf.$MN_IF.router_solicitation_delay=0" \
    "net.ipv6.conf.$MN_IF.optimistic_dad=1" "net.ipv6.conf.$MN_IF.use_optimistic=1"
  ip -n "$(ns sw-home)" link set dev mn master br0 up

  # core point-to-point links
  for l in "${P2P_LINKS[@]}"; do
    m="$(link_router "${l#core-}")"
    ip -n "$(ns core)" link add name "$(p2p_core_if "$l")" type veth peer name core0 netns "$(ns "$m")"
  done

  # addresses (static ones skip DAD: the plan guarantees uniqueness), links up
  local node ifc addr
  while read -r node ifc addr l; do
    [[ -n "$node" ]] || continue
    ip -n "$(ns "$node")" addr add "$addr/64" dev "$ifc" nodad
    ip -n "$(ns "$node")" link set dev "$ifc" up
  done <<<"$PLAN"
  ip -n "$(ns mn)" link set dev "$MN_IF" up

  # static routes: the core knows each site's /48, each site router defaults to the core
  ip -n "$(ns core)" -6 route add 2001:db8:1::/48 via 2001:db8:ff01::2
  ip -n "$(ns core)" -6 route add 2001:db8:a::/48 via 2001:db8:ff0a::2
  ip -n "$(ns core)" -6 route add 2001:db8:b::/48 via 2001:db8:ff0b::2
  ip -n "$(ns core)" -6 route add 2001:db8:c::/48 via 2001:db8:ff0c::2
  local site
  for site in "hr 1 ff01" "ara a ff0a" "arb b ff0b" "br c ff0c"; do
    read -r node l m <<<"$site"
    ip -n "$(ns "$node")" -6 route add default via "2001:db8:$m::1" dev core0
    ip -n "$(ns "$node")" -6 route add unreachable "2001:db8:$l::/48"
  done
  ip -n "$(ns ha1)" -6 route add default via 2001:db8:1::1 dev lan0
  ip -n "$(ns ha2)" -6 route add default via 2001:db8:1::1 dev lan0
  ip -n "$(ns cn)" -6 route add default via 2001:db8:c::1 dev lan0

  # router advertisements
  for n in hr ha1 ha2 ara arb; do start_radvd "$n"; done
  for n in hr ha1 ha2 ara arb; do
    wait_until "radvd in $(ns "$n")" 10 0.1 radvd_alive "$n" || die "radvd did not start in $(ns "$n")"
  done

  # the MN's home address by SLAAC
  wait_until "the MN's SLAAC address on the home link" 20 0.05 mn_attached home \
    || die "the MN got no address on the home link"
  trap - EXIT

  local t1; t1="$(now_ms)"
  state_set UP_MS "$((t1 - t0))"
  log "up in $((t1 - t0)) ms; MN at home as $(mn_addr_on home)"
  echo "$PREFIX"
}

# ---------------------------------------------------------------------------------------------
# down / gc
# ---------------------------------------------------------------------------------------------
run_namespaces() { # existing namespaces of $PREFIX (exact known names only)
  local n; for n in "${NODES[@]}" "${SWITCHES[@]}" "${GUESTS[@]}"; do ns_exists "$(ns "$n")" && echo "$(ns "$n")"; done; return 0
}
ns_pids() { ip netns pids "$1" 2>/dev/null || true; }
pids_alive() { local p; for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
no_pids_alive() { ! pids_alive "$@"; }

down_prefix() {
  local sd; sd="$(state_dir)"
  local nss pids=() p f
  mapfile -t nss < <(run_namespaces)
  # 1. radvd by pid file, only when the pid is still a radvd of this run
  for f in "$sd"/radvd-*.pid; do
    [[ -r "$f" ]] || continue
    p="$(cat "$f" 2>/dev/null || true)"
    [[ "$p" =~ ^[0-9]+$ ]] || continue
    if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$sd/"; then pids+=("$p"); fi
  done
  # 2. every process living in one of the run's namespaces (radvd, tcpdump, daemons, shells)
  local n
  for n in "${nss[@]}"; do
    for p in $(ns_pids "$n"); do [[ "$p" != "$$" ]] && pids+=("$p"); done
  done
  if (( ${#pids[@]} )); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    if ! wait_until "processes of $PREFIX to exit" 3 0.1 no_pids_alive "${pids[@]}" 2>/dev/null; then
      kill -KILL "${pids[@]}" 2>/dev/null || true
      wait_until "processes of $PREFIX to die" 3 0.1 no_pids_alive "${pids[@]}" || true
    fi
  fi
  # 3. namespaces (deleting a namespace deletes its veths and bridges)
  for n in "${nss[@]}"; do
    local tries
    for tries in 1 2 3 4 5; do
      ip netns del "$n" 2>/dev/null && break
      ns_exists "$n" || break
      sleep 0.2
    done
    ! ns_exists "$n" || log "could not delete namespace $n"
  done
  # 4. state
  [[ -n "$PREFIX" && "$sd" == "$STATE_ROOT/$PREFIX" && -d "$sd" ]] && rm -rf -- "$sd"
  local left; left="$(run_namespaces | wc -l)"
  if (( left > 0 )); then log "down $PREFIX: $left namespaces remain"; return 1; fi
  log "down $PREFIX: removed ${#nss[@]} namespaces"
}

orphan_prefixes() { # r6-xxxxxx- prefixes that only exist as namespaces
  local nodes_re; nodes_re="$(IFS='|'; echo "${NODES[*]}|${SWITCHES[*]}|${GUESTS[*]}")"
  ip netns list 2>/dev/null | awk '{print $1}' \
    | sed -nE "s/^(r6-[0-9a-f]{6}-)($nodes_re)\$/\\1/p" | sort -u
}

cmd_down() {
  local all=0
  while (( $# )); do
    case "$1" in
      --prefix) PREFIX="${2:?--prefix needs a value}"; shift 2 ;;
      --all) all=1; shift ;;
      -q|--quiet) QUIET=1; shift ;;
      *) die "down: unknown argument '$1'" ;;
    esac
  done
  [[ "$(id -u)" == 0 ]] || die "must run as root"
  if (( all )); then
    local p rc=0
    for p in $( { known_runs; orphan_prefixes; } | sort -u); do PREFIX="$p"; down_prefix || rc=1; done
    return $rc
  fi
  resolve_prefix
  down_prefix
}

cmd_gc() {
  [[ "$(id -u)" == 0 ]] || die "must run as root"
  local p owner start rc=0
  for p in $(known_runs); do
    PREFIX="$p"
    owner="$(state_get OWNER_PID)"; start="$(state_get OWNER_START)"
    [[ -n "$owner" ]] || continue
    if [[ -d "/proc/$owner" && "$(proc_start_time "$owner")" == "$start" ]]; then continue; fi
    log "gc: owner $owner of $p is gone"
    down_prefix || rc=1
  done
  return $rc
}

# ---------------------------------------------------------------------------------------------
# move
# ---------------------------------------------------------------------------------------------
cmd_move() {
  local target="" clean=0 timeout="$DEFAULT_MOVE_TIMEOUT"
  while (( $# )); do
    case "$1" in
      --prefix) PREFIX="${2:?--prefix needs a value}"; shift 2 ;;
      --clean) clean=1; shift ;;
      --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
      -q|--quiet) QUIET=1; shift ;;
      home|a|b) [[ -z "$target" ]] || die "move: one link only"; target="$1"; shift ;;
      *) die "move: unknown argument '$1' (links: home a b)" ;;
    esac
  done
  [[ -n "$target" ]] || die "move: which link? (home a b)"
  [[ "$timeout" =~ ^[0-9]+$ ]] || die "move: --timeout takes whole seconds"
  resolve_prefix
  [[ -r "$(state_file)" ]] || die "no state for $PREFIX"
  local from; from="$(state_get MN_LINK)"
  local from_ns; from_ns="$(ns "sw-$from")"
  ip -n "$from_ns" link show dev mn >/dev/null 2>&1 || {
    # state file damaged: find the port
    local l; for l in "${BRIDGED_LINKS[@]}"; do
      ip -n "$(ns "sw-$l")" link show dev mn >/dev/null 2>&1 && { from="$l"; from_ns="$(ns "sw-$l")"; }
    done
  }
  ip -n "$from_ns" link show dev mn >/dev/null 2>&1 || die "the MN's port is on no link"
  local t0; t0="$(now_ms)"
  if [[ "$from" != "$target" ]]; then
    # detach: the MN sees its carrier go away, as when it leaves a cell
    ip -n "$from_ns" link set dev mn nomaster
    ip -n "$from_ns" link set dev mn down
    if (( clean )); then
      # a host that forgets the old link (addresses, RA routes and neighbours learnt there)
      ip -n "$(ns mn)" -6 addr flush dev "$MN_IF" scope global dynamic 2>/dev/null || true
      ip -n "$(ns mn)" -6 route flush dev "$MN_IF" proto ra 2>/dev/null || true
      # the on-link prefix routes learnt from RAs (proto kernel, with an expiry); fe80::/64 stays
      local r
      for r in $(ip -n "$(ns mn)" -6 route show dev "$MN_IF" proto kernel 2>/dev/null \
                 | awk '$1 !~ /^(fe80|ff)/ && / expires / {print $1}'); do
        ip -n "$(ns mn)" -6 route del "$r" dev "$MN_IF" 2>/dev/null || true
      done
      ip -n "$(ns mn)" -6 neigh flush dev "$MN_IF" 2>/dev/null || true
    fi
    ip -n "$from_ns" link set dev mn netns "$(ns "sw-$target")"
    ip -n "$(ns "sw-$target")" link set dev mn master br0
    ip -n "$(ns "sw-$target")" link set dev mn up
    state_set MN_LINK "$target"
  fi
  wait_until "the MN's address on link $target" "$timeout" 0.05 mn_attached "$target" \
    || die "the MN got no address on link $target within ${timeout}s"
  local t1; t1="$(now_ms)"
  state_set LAST_MOVE_MS "$((t1 - t0))"
  log "moved $from -> $target in $((t1 - t0)) ms"
  mn_addr_on "$target"
}

# ---------------------------------------------------------------------------------------------
# env / status / list / exec
# ---------------------------------------------------------------------------------------------
cmd_env() {
  while (( $# )); do
    case "$1" in --prefix) PREFIX="${2:?}"; shift 2 ;; *) die "env: unknown argument '$1'" ;; esac
  done
  resolve_prefix
  [[ -r "$(state_file)" ]] || die "no state for $PREFIX"
  local n N l L ifs addrs node ifc addr link mnlink
  echo "TESTBED_PREFIX='$PREFIX'"
  echo "TESTBED_STATE_DIR='$(state_dir)'"
  echo "TESTBED_NODES='${NODES[*]}'"
  echo "TESTBED_LINKS='${BRIDGED_LINKS[*]} ${P2P_LINKS[*]}'"
  for n in "${NODES[@]}"; do
    N="$(upper "$n")"; ifs=""; addrs=""
    while read -r node ifc addr link; do
      [[ "$node" == "$n" ]] || continue
      ifs+="${ifs:+ }$ifc"; addrs+="${addrs:+ }$ifc=$addr"
      echo "NODE_${N}_IF_$(upper "$ifc")_ADDR='$addr'"
      echo "NODE_${N}_IF_$(upper "$ifc")_LINK='$link'"
    done <<<"$PLAN"
    [[ "$n" == mn ]] && ifs="$MN_IF"
    echo "NODE_${N}_NS='$(ns "$n")'"
    echo "NODE_${N}_IFS='$ifs'"
    echo "NODE_${N}_ADDRS='$addrs'"
    echo "NODE_${N}_ADDR='$(primary_addr "$n")'"
  done
  for l in "${BRIDGED_LINKS[@]}"; do
    L="$(upper "$l")"
    echo "LINK_${L}_KIND='bridge'"
    echo "LINK_${L}_PREFIX='$(link_prefix "$l")'"
    echo "LINK_${L}_NS='$(ns "sw-$l")'"
    echo "LINK_${L}_IF='br0'"
    echo "LINK_${L}_ROUTER='$(link_router "$l")'"
    echo "LINK_${L}_NODES='$(link_members "$l")'"
  done
  for l in "${P2P_LINKS[@]}"; do
    L="$(upper "$l")"
    echo "LINK_${L}_KIND='p2p'"
    echo "LINK_${L}_PREFIX='$(link_prefix "$l")'"
    echo "LINK_${L}_NS='$(ns core)'"
    echo "LINK_${L}_IF='$(p2p_core_if "$l")'"
    echo "LINK_${L}_NODES='core $(link_router "${l#core-}")'"
  done
  mnlink="$(state_get MN_LINK)"
  echo "HOME_PREFIX='2001:db8:1::/64'"
  echo "HOME_AGENTS='ha1 ha2'"
  echo "HA_ANYCAST='2001:db8:1::$HA_ANYCAST_IID'"
  echo "HA1_PREFERENCE='20'"
  echo "HA2_PREFERENCE='10'"
  echo "HA_LIFETIME='30'"
  echo "MN_IF='$MN_IF'"
  echo "MN_MAC='$MN_MAC'"
  echo "MN_IID='::$MN_IID'"
  echo "MN_HOME_ADDR='2001:db8:1::$MN_IID'"
  echo "MN_LINK='$mnlink'"
  echo "MN_ADDR='$( [[ -n "$mnlink" ]] && mn_addr_on "$mnlink" || true)'"
  echo "CN_ADDR='2001:db8:c::10'"
  echo "UP_MS='$(state_get UP_MS)'"
}

cmd_status() {
  while (( $# )); do
    case "$1" in --prefix) PREFIX="${2:?}"; shift 2 ;; *) die "status: unknown argument '$1'" ;; esac
  done
  resolve_prefix
  [[ -d "$(state_dir)" || -n "$(run_namespaces)" ]] || die "no testbed with prefix $PREFIX"
  echo "testbed $PREFIX  (state: $(state_dir)$( [[ -r "$(state_file)" ]] || echo ', MISSING'))"
  echo "created $(state_get CREATED)  owner pid $(state_get OWNER_PID)  up took $(state_get UP_MS) ms"
  local n p
  echo
  echo "namespaces:"
  for n in "${NODES[@]}" "${SWITCHES[@]}"; do
    if ns_exists "$(ns "$n")"; then
      printf '  %-8s %-28s %s process(es)\n' "$n" "$(ns "$n")" "$(ns_pids "$(ns "$n")" | wc -l)"
    else
      printf '  %-8s %-28s MISSING\n' "$n" "$(ns "$n")"
    fi
  done
  echo
  echo "addresses:"
  for n in "${NODES[@]}"; do
    ns_exists "$(ns "$n")" || continue
    ip -n "$(ns "$n")" -br -6 addr show scope global 2>/dev/null | sed -e 's/@[^ ]*//' -e "s/^/  $n: /"
  done
  echo
  echo "links:"
  for n in "${BRIDGED_LINKS[@]}"; do
    ns_exists "$(ns "sw-$n")" || continue
    printf '  %-9s %-18s ports: %s\n' "$n" "$(link_prefix "$n")" \
      "$(ip -n "$(ns "sw-$n")" -o link show master br0 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); printf "%s ", $2}')"
  done
  for n in "${P2P_LINKS[@]}"; do printf '  %-9s %-18s core:%s\n' "$n" "$(link_prefix "$n")" "$(p2p_core_if "$n")"; done
  echo
  echo "radvd:"
  for n in hr ha1 ha2 ara arb; do
    p="$(cat "$(state_dir)/radvd-$n.pid" 2>/dev/null || true)"
    if radvd_alive "$n"; then echo "  $n: pid $p running"; else echo "  $n: NOT running"; fi
  done
  echo
  local l; l="$(state_get MN_LINK)"
  echo "mn: on link ${l:-?}, address $( [[ -n "$l" ]] && ns_exists "$(ns mn)" && mn_addr_on "$l" || echo none)"
}

cmd_list() {
  local p nsn owner
  printf '%-20s %-11s %-8s %s\n' PREFIX NAMESPACES OWNER CREATED
  for p in $(known_runs); do
    PREFIX="$p"; nsn="$(run_namespaces | wc -l)"; owner="$(state_get OWNER_PID)"
    printf '%-20s %-11s %-8s %s\n' "$p" "$nsn/$(( ${#NODES[@]} + ${#SWITCHES[@]} ))" "${owner:--}" "$(state_get CREATED)"
  done
  for p in $(orphan_prefixes); do
    [[ -d "$STATE_ROOT/$p" ]] && continue
    PREFIX="$p"; printf '%-20s %-11s %-8s %s\n' "$p" "$(run_namespaces | wc -l)" - "(no state: orphan)"
  done
}

cmd_exec() {
  local node=""
  while (( $# )); do
    case "$1" in
      --prefix) PREFIX="${2:?}"; shift 2 ;;
      --) shift; break ;;
      *) [[ -z "$node" ]] || die "exec: usage: exec <node> -- cmd..."; node="$1"; shift ;;
    esac
  done
  [[ -n "$node" ]] || die "exec: which node? (${NODES[*]} ${SWITCHES[*]})"
  is_node "$node" || die "exec: unknown node '$node' (${NODES[*]} ${SWITCHES[*]})"
  (( $# )) || die "exec: no command given"
  resolve_prefix
  ns_exists "$(ns "$node")" || die "exec: no namespace $(ns "$node")"
  exec ip netns exec "$(ns "$node")" "$@"
}

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

main() {
  local cmd="${1:-}"; (( $# )) && shift
  PREFIX=""
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    gc) cmd_gc "$@" ;;
    move) cmd_move "$@" ;;
    env) cmd_env "$@" ;;
    status) cmd_status "$@" ;;
    list) cmd_list "$@" ;;
    exec) cmd_exec "$@" ;;
    help|-h|--help) usage ;;
    "") usage >&2; exit 2 ;;
    *) echo "testbed: unknown command '$cmd'" >&2; usage >&2; exit 2 ;;
  esac
}
main "$@"
