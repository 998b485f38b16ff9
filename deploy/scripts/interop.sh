#!/usr/bin/env bash
# The UMIP interop suite (as root): installs what it needs (roam6's build and test dependencies,
# qemu, busybox-static, cpio, kmod), builds roam6, then runs the interop scenarios against a ready
# mip6d binary in a qemu guest joined to the namespace testbed (deploy/interop/README.md).
#
#   interop.sh --mip6d PATH [scenario...]     (also: deploy/bin/roam6 interop ...)
#
# Scenarios (default: all):
#   guest     the harness itself: the guest boots, joins links, runs mip6d and its console
#   umip-mn   UMIP's mobile node with roam6's home agent (had)
#   umip-ha   roam6's mobile node (mnd) with UMIP's home agent
#   umip-cn   roam6's mobile node's route optimisation with a UMIP correspondent
#   umip-ma   UMIP's mobile node's route optimisation with roam6's Mobility Agent (mad)
# Exit 0 when every scenario run passed, 1 when one failed, 2 for usage errors.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
declare -A classes=(
  [guest]=UmipGuestInteropTest
  [umip-mn]=UmipMobileNodeInteropTest
  [umip-ha]=UmipHomeAgentInteropTest
  [umip-cn]=UmipCorrespondentInteropTest
  [umip-ma]=UmipMobilityAgentInteropTest
)
order=(guest umip-mn umip-ha umip-cn umip-ma)
mip6d="${ROAM6_MIP6D:-}"
chosen=()
while (( $# )); do
  case "$1" in
    --mip6d) mip6d="${2:?--mip6d needs a path}"; shift 2 ;;
    --mip6d=*) mip6d="${1#--mip6d=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "interop: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *)
      [[ -n "${classes[$1]:-}" ]] || { echo "interop: no scenario '$1' (scenarios: ${order[*]})" >&2; exit 2; }
      chosen+=("$1"); shift ;;
  esac
done
if [[ -z "$mip6d" ]]; then
  echo "interop: give the path of a ready mip6d binary: --mip6d PATH (UMIP built with --enable-vt)" >&2
  exit 2
fi
mip6d=$(readlink -f "$mip6d")
[[ -f "$mip6d" && -x "$mip6d" ]] || { echo "interop: $mip6d is not an executable file" >&2; exit 2; }
[[ "$(id -u)" -eq 0 ]] || { echo "interop: run as root (namespaces, taps, qemu)" >&2; exit 2; }
(( ${#chosen[@]} )) || chosen=("${order[@]}")

"$here/install-deps.sh"
extra=()
for p in qemu-system-x86 busybox-static cpio kmod file; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || extra+=("$p")
done
if (( ${#extra[@]} )); then
  echo "interop: installing ${extra[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${extra[@]}"
fi

tests=""
for s in "${chosen[@]}"; do tests+="${tests:+,}org.roam6.it.interop.${classes[$s]}"; done
cd "$root"
exec mvn -B -ntp -pl integration-tests -am test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
  -Droam6.mip6d="$mip6d"
