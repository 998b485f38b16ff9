#!/usr/bin/env bash
# Builds (once, then from the cache) the small Linux guest the UMIP interop tests boot under qemu:
# Debian 12's kernel (Mobile IPv6, ip6_tunnel and XFRM, which the host need not have) and an
# initramfs holding busybox, iproute2, radvd, tcpdump, the given mip6d with the libraries it
# loads, and guest-init.sh as /init. Nothing is installed on the host but Debian's own tools
# (apt-get: busybox-static, cpio, kmod, iproute2, radvd, tcpdump); the kernel package is only
# downloaded and unpacked. mip6d itself is not built here: its path is given.
#
#   build-guest.sh --mip6d PATH [--cache DIR]
#
# Prints KERNEL=<path> and INITRD=<path>. The image is cached under DIR (default
# /var/cache/roam6/interop) by the hash of mip6d, this script, guest-init.sh and the kernel
# version; a changed mip6d gives a new image. Exit 2 for usage errors, 1 when a step fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mip6d="" cache=/var/cache/roam6/interop
die() { echo "build-guest: $*" >&2; exit 1; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while (( $# )); do
  case "$1" in
    --mip6d) mip6d="${2:?--mip6d needs a path}"; shift 2 ;;
    --cache) cache="${2:?--cache needs a directory}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-guest: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -n "$mip6d" ]] || { echo "build-guest: --mip6d PATH is required" >&2; exit 2; }
[[ -f "$mip6d" && -x "$mip6d" ]] || die "$mip6d is not an executable file"
file -L "$mip6d" 2>/dev/null | grep -q 'ELF 64-bit.*x86-64' || [[ ! -x /usr/bin/file ]] \
  || die "$mip6d is not an x86-64 ELF binary"

need=()
[[ -x /bin/busybox ]] || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
command -v depmod >/dev/null || [[ -x /usr/sbin/depmod ]] || need+=(kmod)
[[ -x /usr/sbin/ip || -x /sbin/ip ]] || need+=(iproute2)
[[ -x /usr/sbin/radvd ]] || need+=(radvd)
[[ -x /usr/bin/tcpdump ]] || need+=(tcpdump)
if (( ${#need[@]} )); then
  echo "build-guest: installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2 || die "apt-get install ${need[*]} failed"
fi
PATH="$PATH:/usr/sbin:/sbin"

# the kernel: the version Debian's linux-image-amd64 points at
mkdir -p "$cache/debs"
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[[ -n "$pkg" ]] || die "apt-cache knows no linux-image-amd64 (run apt-get update)"
kv=${pkg#linux-image-}
deb=$(ls "$cache"/debs/"${pkg}"_*.deb 2>/dev/null | head -1 || true)
if [[ -z "$deb" ]]; then
  echo "build-guest: downloading $pkg" >&2
  (cd "$cache/debs" && apt-get download -q "$pkg" >&2) || die "apt-get download $pkg failed"
  deb=$(ls "$cache"/debs/"${pkg}"_*.deb | head -1)
fi
kdir="$cache/kernel-$kv"
if [[ ! -f "$kdir/.done" ]]; then
  rm -rf "$kdir"; mkdir -p "$kdir"
  dpkg-deb -x "$deb" "$kdir"
  depmod -b "$kdir" "$kv"
  touch "$kdir/.done"
fi
grep -q '^CONFIG_IPV6_MIP6=y' "$kdir/boot/config-$kv" || die "$pkg has no CONFIG_IPV6_MIP6"

key=$(cat "$mip6d" "$0" "$here/guest-init.sh" <(echo "$kv") | sha256sum | cut -c1-16)
img="$cache/image-$key"
if [[ ! -f "$img/initrd.gz" ]]; then
  echo "build-guest: building the guest image $img" >&2
  work=$(mktemp -d "$cache/build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  r="$work/root"
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,var/run,var/log,share,lib/modules/"$kv"}
  cp /bin/busybox "$r/bin/busybox"
  for a in $(/bin/busybox --list); do [[ -e "$r/bin/$a" ]] || ln -s busybox "$r/bin/$a"; done
  # busybox's own ip applet would shadow iproute2's: only iproute2's is in the image
  rm -f "$r/bin/ip"
  copy() { # host-binary image-path: the binary and every library ldd names
    install -D -m 0755 "$1" "$r$2"
    local l
    for l in $(ldd "$1" | grep -o '/[^ )]*'); do [[ -e "$r$l" ]] || install -D "$l" "$r$l"; done
  }
  ipbin=$(command -v ip)
  copy "$ipbin" /sbin/ip
  copy /usr/sbin/radvd /usr/sbin/radvd
  copy /usr/bin/tcpdump /usr/bin/tcpdump
  copy "$mip6d" /usr/sbin/mip6d
  # glibc loads libgcc_s at run time (pthread_cancel/unwinding); ldd does not list it, and
  # mip6d aborts after each Binding Update without it
  gcc_s=$(ls /lib/x86_64-linux-gnu/libgcc_s.so.1 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1 2>/dev/null | head -1)
  [[ -n "$gcc_s" ]] || die "libgcc_s.so.1 not found on the host"
  install -D "$gcc_s" "$r/lib/x86_64-linux-gnu/libgcc_s.so.1"
  mods="virtio_pci virtio_net 9pnet_virtio 9p ip6_tunnel xfrm_user xfrm6_tunnel esp6 ah6"
  for m in $mods; do
    line=$(grep -E "/$m\.ko(\.[a-z]+)?:" "$kdir/lib/modules/$kv/modules.dep") || die "module $m not in $pkg"
    for f in $(echo "$line" | tr -d ':'); do
      install -D -m 0644 "$kdir/lib/modules/$kv/$f" "$r/lib/modules/$kv/$f"
    done
  done
  cp "$kdir/lib/modules/$kv"/modules.{dep,dep.bin,alias,alias.bin,symbols,symbols.bin,builtin,builtin.bin,order} \
     "$r/lib/modules/$kv/" 2>/dev/null || true
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' >"$r/etc/hosts"
  echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"
  echo 'root:x:0:' >"$r/etc/group"
  echo "$mods" >"$r/etc/modules"
  install -m 0755 "$here/guest-init.sh" "$r/init"
  mkdir -p "$work/out"
  (cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/out/initrd.gz"
  cp "$kdir/boot/vmlinuz-$kv" "$work/out/vmlinuz"
  "$(command -v ip)" -V >/dev/null
  rm -rf "$img"; mv "$work/out" "$img"
fi
echo "KERNEL=$img/vmlinuz"
echo "INITRD=$img/initrd.gz"
