# Shared by bench/dataplane/run.sh and bench/had/forward.sh: checks root and tools, builds
# (unless build=0), checks that the relay class RELAY_CLASS (a path under target/classes) was
# compiled, and compiles the C relay and generator into $out/bin. Expects cpus, out, module,
# root, build and die() to be set; sets sender_cpu, relay_cpu, classes and lib.
read -r sender_cpu relay_cpu <<<"$cpus"
[[ $EUID -eq 0 ]] || die "needs root (namespaces, TUN, raw sockets)"
for tool in gcc ip nft taskset java; do
    command -v "$tool" >/dev/null || die "needs $tool"
done

mkdir -p "$out/bin" "$out/logs"
classes="$module/target/classes"
lib="$module/target/lib"
if [[ $build -eq 1 ]]; then
    echo "building (mvn -q -B -DskipTests -pl integration-tests -am package) in $root" >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -pl integration-tests -am package)
fi
[[ -f "$classes/$RELAY_CLASS" ]] || die "no $RELAY_CLASS in $classes: build first (without --no-build)"
compgen -G "$lib/jna-*.jar" >/dev/null || die "no JNA jar in $lib: run the package phase (without --no-build)"
dataplane_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gcc -O2 -Wall -Wextra -o "$out/bin/relay" "$dataplane_dir/relay.c"
gcc -O2 -Wall -Wextra -o "$out/bin/blast" "$dataplane_dir/blast.c"
