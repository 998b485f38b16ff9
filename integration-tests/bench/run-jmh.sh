#!/usr/bin/env bash
# Builds roam6 and runs the JMH wire benchmarks (org.roam6.bench) with the GC profiler.
#
#   integration-tests/bench/run-jmh.sh [--no-build] [PATTERN] [JMH ARGS...]
#
# PATTERN is a JMH include regex (default: org.roam6.bench). Any further arguments go to JMH;
# a default is left out when the same option is given (JMH refuses an option twice), so
# `run-jmh.sh Decode -i 10 -r 2s` replaces the iteration defaults. Defaults suit a 2-core
# machine: one fork, 3 x 1 s warm-up, 5 x 1 s measurement, -prof gc (always added).
# The JSON result goes to integration-tests/target/jmh-wire.json (override with JMH_RESULT=...);
# `jmh-table.py` turns it into the Markdown table in common-wire/README.md (Benchmarks).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
module="$root/integration-tests"

build=1
if [[ "${1:-}" == "--no-build" ]]; then
    build=0
    shift
fi
pattern="org.roam6.bench"
if [[ $# -gt 0 && "$1" != -* ]]; then
    pattern="$1"
    shift
fi
result="${JMH_RESULT:-$module/target/jmh-wire.json}"

if [[ $build -eq 1 ]]; then
    echo "building (mvn -q -B -DskipTests package) in $root" >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package)
fi

classes="$module/target/classes"
lib="$module/target/lib"
if [[ ! -f "$classes/META-INF/BenchmarkList" ]]; then
    echo "no $classes/META-INF/BenchmarkList: the JMH annotation processor did not run (build first, without --no-build)" >&2
    exit 1
fi
if ! compgen -G "$lib/jmh-core-*.jar" >/dev/null; then
    echo "no jmh-core jar in $lib: run the package phase (without --no-build)" >&2
    exit 1
fi

# defaults, each dropped when the caller passes the same option
defaults=(-f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$result")
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
    given=0
    for a in "$@"; do
        [[ "$a" == "${defaults[k]}" ]] && given=1
    done
    [[ $given -eq 0 ]] && args+=("${defaults[k]}" "${defaults[k + 1]}")
done
for a in "$@"; do
    [[ "$a" == "-rff" ]] && result=""
done
[[ -n "$result" ]] && mkdir -p "$(dirname "$result")"

set -x
exec java -cp "$classes:$lib/*" org.openjdk.jmh.Main "$pattern" -prof gc "${args[@]}" "$@"
