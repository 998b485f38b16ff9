#!/usr/bin/env bash
# Installs what roam6 needs to build, test and run its demo on Debian (12 or later), as root.
# Idempotent: only calls apt-get when a package is missing.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven        # build
  libpcap0.8                           # pcap4j's native library
  iproute2 nftables radvd tcpdump      # namespaces, rules, router advertisements, captures
  tshark python3-scapy                 # independent decoders used as test oracles
  iputils-ping procps psmisc           # ping, sysctl, killall in scenarios
)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (apt-get installs packages)" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer no without a prompt
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

java -version 2>&1 | sed -n 1p
mvn -v 2>/dev/null | sed -n 1p
